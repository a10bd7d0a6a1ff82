"""``TwilioDialect``: SQLAlchemy's SQLite dialect, driven by :mod:`sqlalchemy_twilio.dbapi`.

SQLite (through APSW virtual tables) runs every statement, so SQL generation is SQLite's. This
module adds what is Twilio's: connect arguments from the URL, reflection read from the resource
declarations (no request), the write rules (see :mod:`.compiler`), UTC datetimes (see
:mod:`.types`), and no transactions.
"""

from __future__ import annotations

import functools
import re
from types import ModuleType
from typing import Any

from sqlalchemy import exc
from sqlalchemy import schema as sa_schema
from sqlalchemy import types as sqltypes
from sqlalchemy.dialects.sqlite.base import SQLiteDialect, SQLiteExecutionContext
from sqlalchemy.engine.url import URL
from sqlalchemy.pool import QueuePool

from ..resources import RESOURCES, Resource, get_resource
from .compiler import TwilioCompiler, TwilioDDLCompiler, check_write_value
from .types import TwilioDate, TwilioDateTime, loads_json, sql_type
from .url import connect_args

__all__ = ["TwilioDialect", "TwilioExecutionContext"]

#: The one schema: SQLite's ``main``, where every Twilio table is registered.
SCHEMA = "main"
#: Twilio has no transactions, so every statement behaves as under autocommit.
ISOLATION_LEVEL = "AUTOCOMMIT"


def _construct_arguments() -> list[tuple[type, dict[str, Any]]]:
    # SQLite's own dialect arguments stay valid (prefixed ``twilio_``); columns also take
    # ``twilio_readonly`` and ``twilio_hidden``, which reflection sets from the declarations,
    # and a reflected table ``twilio_hidden=True`` to include the HIDDEN columns.
    out = []
    for cls, args in SQLiteDialect.construct_arguments:
        if cls is sa_schema.Column:
            args = {**args, "readonly": None, "hidden": None}
        if cls is sa_schema.Table:
            args = {**args, "hidden": None}
        out.append((cls, args))
    return out


@functools.lru_cache(maxsize=64)
def _pattern(pattern: str) -> re.Pattern[str]:
    # SQLite calls REGEXP once per row: compile each pattern once.
    try:
        return re.compile(pattern)
    except re.error as err:
        # ValueError reaches the user as the DB-API's ProgrammingError.
        raise ValueError(f"invalid regular expression {pattern!r}: {err}") from None


def _regexp(pattern: str | None, value: Any) -> bool | None:
    """SQLite's ``value REGEXP pattern`` (NULL if either is NULL)."""
    if pattern is None or value is None:
        return None
    return _pattern(pattern).search(str(value)) is not None


class TwilioExecutionContext(SQLiteExecutionContext):
    @property
    def should_autocommit(self) -> bool:
        # SQLAlchemy 1.4's library-level autocommit after a write would only call the no-op
        # commit(), with a RemovedIn20Warning: every statement takes effect when it runs.
        return False

    def create_cursor(self) -> Any:
        # The execution options dry_run and max_writes apply to this statement only.
        cursor = super().create_cursor()
        options = self.execution_options
        if "dry_run" in options:
            cursor.dry_run = bool(options["dry_run"])
        if "max_writes" in options:
            cursor.max_writes = int(options["max_writes"])
        # A result read as a stream is paged in order, holding about a page.
        cursor.stream = bool(options.get("stream_results", False))
        return cursor

    def pre_exec(self) -> None:
        # A compiled write is cached without its values: ``update(t).values(Status="init")``
        # reuses the form compiled for ``Status="completed"``. Check each execution's values
        # for the written columns here, before anything is sent.
        compiled = self.compiled
        checks = getattr(compiled, "twilio_write_checks", None)
        if not checks:
            return
        resource = get_resource(compiled.twilio_resource)  # type: ignore[union-attr]
        op = compiled.twilio_write_op  # type: ignore[union-attr]
        for params in self.compiled_parameters:
            for column, bind_name in checks:
                if bind_name in params:
                    check_write_value(resource, column, params[bind_name], op)


class TwilioDialect(SQLiteDialect):
    """SQLAlchemy dialect for Twilio's REST API; see :mod:`sqlalchemy_twilio.dialect`."""

    name = "twilio"
    driver = "apsw"
    # Set on every concrete class, as SQLAlchemy asks: the compiler's output depends only on
    # the statement, and the execution context re-checks the values that vary.
    supports_statement_cache = True

    statement_compiler = TwilioCompiler
    ddl_compiler = TwilioDDLCompiler
    execution_ctx_cls = TwilioExecutionContext
    # Hand-declared DateTime columns get the same UTC text rendering as reflected ones.
    colspecs = {**SQLiteDialect.colspecs, sqltypes.DateTime: TwilioDateTime,
                sqltypes.Date: TwilioDate}
    construct_arguments = _construct_arguments()
    # ``Table(..., autoload_with=engine, twilio_hidden=True)`` reaches get_columns.
    reflection_options = ("twilio_hidden",)

    # -- DML --------------------------------------------------------------------------------
    # UPDATE and DELETE report the rows they really matched (one request each, none for a
    # row already as asked), also per executemany parameter set, so the ORM can detect stale
    # rows.
    supports_sane_rowcount = True
    supports_sane_multi_rowcount = True
    # SQLite cannot return rows from a write to a virtual table.
    insert_returning = update_returning = delete_returning = False
    update_returning_multifrom = delete_returning_multifrom = False
    # Twilio makes a new record's key; SQLite's rowid of an inserted row is not it, so there
    # is no generated key to fetch (the ORM cannot add rows: use insert() or text()).
    postfetch_lastrowid = False
    use_insertmanyvalues = False
    # -- Schema -----------------------------------------------------------------------------
    # Twilio has no sequences, and its schema is fixed by the API: no ALTER of any kind.
    supports_sequences = False
    supports_alter = False
    # Tables and columns have descriptions (reflected as comments), but there is no comment
    # DDL: SQLAlchemy reads this flag as "can COMMENT ON".
    supports_comments = False
    # -- Results ----------------------------------------------------------------------------
    # The ordinary cursor already fetches pages lazily, as rows are consumed: there is no
    # separate server-side cursor.
    supports_server_side_cursors = False

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("json_deserializer", loads_json)
        super().__init__(**kwargs)
        # A Twilio record is created from the values given; there are no defaults to fill.
        self.supports_default_values = False
        self.supports_multivalues_insert = True

    # -- driver ------------------------------------------------------------------------------

    @classmethod
    def import_dbapi(cls) -> ModuleType:
        """The DB-API module (SQLAlchemy 2.x name)."""
        from .. import dbapi

        return dbapi

    @classmethod
    def dbapi(cls) -> ModuleType:  # type: ignore[override]
        """The DB-API module (SQLAlchemy 1.4 name); 2.x prefers :meth:`import_dbapi`."""
        return cls.import_dbapi()

    @classmethod
    def get_pool_class(cls, url: URL) -> type[QueuePool]:
        # A DB-API connection is an in-memory SQLite database holding only virtual tables;
        # the data lives in Twilio, so every connection sees the same rows (unlike pysqlite's
        # ``:memory:``, which needs SingletonThreadPool to keep its data). APSW connections
        # may move between threads, one at a time, which is what QueuePool does. Connecting
        # is cheap, so NullPool (Superset's choice) works as well.
        return QueuePool

    def create_connect_args(self, url: URL) -> tuple[list[Any], dict[str, Any]]:
        """``([], ClientConfig fields)`` from the URL; see :mod:`.url`."""
        return [], connect_args(url)

    def on_connect(self) -> Any:
        def register_regexp(dbapi_connection: Any) -> None:
            # ``column.regexp_match()`` compiles to SQLite's REGEXP, which needs a function.
            sqlite = getattr(dbapi_connection, "sqlite", None)
            if sqlite is not None:
                sqlite.create_scalar_function("regexp", _regexp, 2, deterministic=True)

        return register_regexp

    def _get_server_version_info(self, connection: Any) -> tuple[int, ...]:
        # The SQLite library's version, as pysqlite reports it: no request is made.
        return tuple(self.dbapi.sqlite_version_info)  # type: ignore[union-attr]

    def _get_default_schema_name(self, connection: Any) -> str:
        return SCHEMA

    def do_ping(self, dbapi_connection: Any) -> bool:
        """One small request (``PageSize=1``), so wrong credentials or an unreachable API fail
        here, with the DB-API's error, rather than in the middle of a query."""
        dbapi_connection.ping()
        return True

    def is_disconnect(self, e: Exception, connection: Any, cursor: Any) -> bool:
        # Only a closed DB-API connection is gone; Twilio being unreachable or refusing a
        # request says nothing about the local connection, which a new one would not fix.
        dbapi = self.dbapi or self.import_dbapi()
        if not isinstance(e, dbapi.InterfaceError):
            return False
        closed = getattr(connection, "closed", None) if connection is not None else None
        if isinstance(closed, bool):
            return closed
        return "connection is closed" in str(e)

    # -- transactions: Twilio has none --------------------------------------------------------

    def get_isolation_level_values(self, dbapi_connection: Any) -> list[str]:
        return [ISOLATION_LEVEL]

    def get_isolation_level(self, dbapi_connection: Any) -> str:
        """Always ``AUTOCOMMIT``: each statement takes effect when it runs. Unlike SQLite's
        dialect, this runs no ``PRAGMA read_uncommitted``."""
        return ISOLATION_LEVEL

    def get_default_isolation_level(self, dbapi_conn: Any) -> str:
        return ISOLATION_LEVEL

    def set_isolation_level(self, dbapi_connection: Any, level: str) -> None:
        # SQLAlchemy 2.x validates against get_isolation_level_values first; 1.4 does not.
        if level != ISOLATION_LEVEL:
            raise exc.ArgumentError(
                f"Invalid value {level!r} for isolation_level: Twilio has no transactions, "
                f"every statement takes effect when it runs, so the only level is "
                f"{ISOLATION_LEVEL!r}")

    def do_begin(self, dbapi_connection: Any) -> None:
        """Nothing to begin: Twilio has no transactions."""

    def do_commit(self, dbapi_connection: Any) -> None:
        """Nothing to commit: every change was made when its statement ran. (The DB-API's
        ``commit()`` is a no-op too; it is still called so a closed connection is noticed.)"""
        dbapi_connection.commit()

    def do_rollback(self, dbapi_connection: Any) -> None:
        """Nothing can be undone: a conference ended by an UPDATE stays ended."""
        dbapi_connection.rollback()

    # -- reflection, from the declarations: no request is made ------------------------------

    def _resource(self, table_name: str, schema: str | None) -> Resource:
        if schema not in (None, SCHEMA):
            raise exc.NoSuchTableError(f"{schema}.{table_name}")
        try:
            return get_resource(table_name)
        except KeyError:
            raise exc.NoSuchTableError(table_name) from None

    def get_schema_names(self, connection: Any, **kw: Any) -> list[str]:
        return [SCHEMA]

    def get_table_names(self, connection: Any, schema: str | None = None,
                        **kw: Any) -> list[str]:
        return sorted(RESOURCES) if schema in (None, SCHEMA) else []

    def has_table(self, connection: Any, table_name: str, schema: str | None = None,
                  **kw: Any) -> bool:
        try:
            self._resource(table_name, schema)
        except exc.NoSuchTableError:
            return False
        return True

    def get_view_names(self, connection: Any, schema: str | None = None,
                       **kw: Any) -> list[str]:
        """Twilio has no views."""
        return []

    def get_materialized_view_names(self, connection: Any, schema: str | None = None,
                                    **kw: Any) -> list[str]:
        """Twilio has no views."""
        return []

    def get_temp_table_names(self, connection: Any, schema: str | None = None,
                             **kw: Any) -> list[str]:
        """Twilio has no temporary tables."""
        return []

    def get_temp_view_names(self, connection: Any, schema: str | None = None,
                            **kw: Any) -> list[str]:
        """Twilio has no temporary views."""
        return []

    def get_sequence_names(self, connection: Any, schema: str | None = None,
                           **kw: Any) -> list[str]:
        """Twilio has no sequences."""
        return []

    def has_sequence(self, connection: Any, sequence_name: str, schema: str | None = None,
                     **kw: Any) -> bool:
        """Twilio has no sequences."""
        return False

    def get_view_definition(self, connection: Any, view_name: str,
                            schema: str | None = None, **kw: Any) -> str:
        """Twilio has no views."""
        raise exc.NoSuchTableError(view_name)

    def get_columns(self, connection: Any, table_name: str, schema: str | None = None,
                    **kw: Any) -> list[dict[str, Any]]:
        """The declared columns. HIDDEN ones (request parameters such as ``From`` of a new
        participant, NULL when read) only with ``twilio_hidden=True``: on the reflected
        ``Table``, or passed to ``Inspector.get_columns``."""
        resource = self._resource(table_name, schema)
        hidden = bool(kw.get("twilio_hidden"))
        # A key Twilio makes when it creates the record has a server default, so an INSERT
        # leaves it out without SQLAlchemy warning of a primary key with no value.
        made = {k for k in resource.key if resource.column(k).create is None
                and k not in {p.column for p in resource.placeholders(resource.list_path)}}
        return [
            {
                "name": c.name,
                "type": sql_type(c.type),
                "nullable": c.nullable and c.name not in resource.key,
                "default": "(made by Twilio)" if c.name in made and resource.allows(
                    "create") else None,
                "autoincrement": False,
                "comment": c.description,
                "dialect_options": {"twilio_readonly": c.readonly, "twilio_hidden": c.hidden},
            }
            for c in resource.columns if hidden or not c.hidden
        ]

    def get_pk_constraint(self, connection: Any, table_name: str, schema: str | None = None,
                          **kw: Any) -> dict[str, Any]:
        resource = self._resource(table_name, schema)
        return {"constrained_columns": list(resource.key), "name": None}

    def get_foreign_keys(self, connection: Any, table_name: str, schema: str | None = None,
                         **kw: Any) -> list[dict[str, Any]]:
        """The columns that hold another table's key (``ConferenceSid``), as foreign keys."""
        resource = self._resource(table_name, schema)
        return [
            {"name": None, "constrained_columns": [ref.column], "referred_schema": None,
             "referred_table": ref.table, "referred_columns": [ref.table_column],
             "options": {}}
            for ref in resource.references
        ]

    def get_indexes(self, connection: Any, table_name: str, schema: str | None = None,
                    **kw: Any) -> list[dict[str, Any]]:
        """No indexes: which filters the API serves cheaply is the planner's business."""
        self._resource(table_name, schema)
        return []

    def get_unique_constraints(self, connection: Any, table_name: str,
                               schema: str | None = None, **kw: Any) -> list[dict[str, Any]]:
        """Only the primary key is unique."""
        self._resource(table_name, schema)
        return []

    def get_check_constraints(self, connection: Any, table_name: str,
                              schema: str | None = None, **kw: Any) -> list[dict[str, Any]]:
        """Twilio validates values itself; the compiler enforces the write rules."""
        self._resource(table_name, schema)
        return []

    def get_table_comment(self, connection: Any, table_name: str, schema: str | None = None,
                          **kw: Any) -> dict[str, Any]:
        return {"text": self._resource(table_name, schema).description}

    def get_table_options(self, connection: Any, table_name: str, schema: str | None = None,
                          **kw: Any) -> dict[str, Any]:
        """Virtual tables take no SQLite table options."""
        self._resource(table_name, schema)
        return {}
