"""The ``twilio`` dialect class: SQLite's SQL over the Twilio DB-API."""

from __future__ import annotations

from types import ModuleType
from typing import Any

from sqlalchemy import exc
from sqlalchemy import schema as sa_schema
from sqlalchemy import types as sqltypes
from sqlalchemy.dialects.sqlite.base import SQLiteDialect, SQLiteExecutionContext
from sqlalchemy.engine.url import URL
from sqlalchemy.pool import QueuePool

from ..resources import RESOURCES, Resource, get_resource
from .compiler import TwilioCompiler, TwilioDDLCompiler, check_write_value, resource_for
from .types import TwilioDateTime, sql_type
from .url import connect_args

__all__ = ["TwilioDialect"]

_SCHEMA = "main"


def _construct_arguments() -> list[tuple[type, dict[str, Any]]]:
    out = []
    for cls, args in SQLiteDialect.construct_arguments:
        if cls is sa_schema.Column:
            args = {**args, "readonly": None}
        out.append((cls, args))
    return out


class TwilioExecutionContext(SQLiteExecutionContext):
    def pre_exec(self) -> None:
        # A compiled UPDATE is cached without its values: check each execution's values for
        # the writable columns here, before anything is sent.
        compiled = self.compiled
        columns = getattr(compiled, "twilio_set", None)
        if compiled is None or not columns or not compiled.isupdate:
            return
        resource = resource_for(compiled.statement.table)  # type: ignore[union-attr]
        if resource is None:
            return
        for params in self.compiled_parameters:
            for name in columns:
                if name in params and params[name] is not None:
                    check_write_value(resource, name, params[name])


class TwilioDialect(SQLiteDialect):
    """SQLAlchemy dialect for Twilio's REST API; see :mod:`sqlalchemy_twilio.dialect`."""

    name = "twilio"
    driver = "apsw"
    supports_statement_cache = True

    statement_compiler = TwilioCompiler
    ddl_compiler = TwilioDDLCompiler
    execution_ctx_cls = TwilioExecutionContext
    colspecs = {**SQLiteDialect.colspecs, sqltypes.DateTime: TwilioDateTime}
    construct_arguments = _construct_arguments()

    # DML: UPDATE reports the rows it changed, also per executemany batch.
    supports_sane_rowcount = True
    supports_sane_multi_rowcount = True
    # SQLite cannot RETURNING from a virtual table.
    insert_returning = update_returning = delete_returning = False
    update_returning_multifrom = delete_returning_multifrom = False
    # Twilio has no sequences, and nothing here is stored locally.
    supports_sequences = False

    @classmethod
    def import_dbapi(cls) -> ModuleType:
        from .. import dbapi

        return dbapi

    @classmethod
    def dbapi(cls) -> ModuleType:  # type: ignore[override]
        """SQLAlchemy 1.4 asks for the DB-API module by this name."""
        return cls.import_dbapi()

    @classmethod
    def get_pool_class(cls, url: URL) -> type[QueuePool]:
        # Each DB-API connection is its own in-memory SQLite database, cheap to keep and safe
        # to hand from thread to thread (one at a time).
        return QueuePool

    def create_connect_args(self, url: URL) -> tuple[list[Any], dict[str, Any]]:
        return [], connect_args(url)

    def _get_server_version_info(self, connection: Any) -> tuple[int, ...]:
        from .. import dbapi

        return dbapi.sqlite_version_info

    def _get_default_schema_name(self, connection: Any) -> str:
        return _SCHEMA

    def on_connect(self) -> None:
        return None

    def do_ping(self, dbapi_connection: Any) -> bool:
        """One small request, so bad credentials fail here with a clear error."""
        dbapi_connection.ping()
        return True

    def is_disconnect(self, e: Exception, connection: Any, cursor: Any) -> bool:
        from .. import dbapi

        return isinstance(e, dbapi.InterfaceError) and "closed" in str(e)

    # -- reflection, from the declarations: no request is made ----------------------------

    def _resource(self, table_name: str, schema: str | None) -> Resource:
        if schema not in (None, _SCHEMA):
            raise exc.NoSuchTableError(f"{schema}.{table_name}")
        try:
            return get_resource(table_name)
        except KeyError:
            raise exc.NoSuchTableError(table_name) from None

    def get_schema_names(self, connection: Any, **kw: Any) -> list[str]:
        return [_SCHEMA]

    def get_table_names(self, connection: Any, schema: str | None = None, **kw: Any
                        ) -> list[str]:
        return sorted(RESOURCES) if schema in (None, _SCHEMA) else []

    def has_table(self, connection: Any, table_name: str, schema: str | None = None,
                  **kw: Any) -> bool:
        try:
            self._resource(table_name, schema)
        except exc.NoSuchTableError:
            return False
        return True

    def get_view_names(self, connection: Any, schema: str | None = None, **kw: Any
                       ) -> list[str]:
        """Twilio has no views."""
        return []

    def get_temp_table_names(self, connection: Any, schema: str | None = None, **kw: Any
                             ) -> list[str]:
        """Nothing is stored locally."""
        return []

    def get_temp_view_names(self, connection: Any, schema: str | None = None, **kw: Any
                            ) -> list[str]:
        """Nothing is stored locally."""
        return []

    def get_columns(self, connection: Any, table_name: str, schema: str | None = None,
                    **kw: Any) -> list[dict[str, Any]]:
        resource = self._resource(table_name, schema)
        return [
            {
                "name": c.name,
                "type": sql_type(c.type),
                "nullable": c.nullable and c.name != resource.key,
                "default": None,
                "autoincrement": False,
                "comment": c.description,
                "dialect_options": {"twilio_readonly": c.readonly},
            }
            for c in resource.columns
        ]

    def get_pk_constraint(self, connection: Any, table_name: str, schema: str | None = None,
                          **kw: Any) -> dict[str, Any]:
        resource = self._resource(table_name, schema)
        return {"constrained_columns": [resource.key], "name": None}

    def get_foreign_keys(self, connection: Any, table_name: str, schema: str | None = None,
                         **kw: Any) -> list[dict[str, Any]]:
        """Twilio declares no foreign keys."""
        self._resource(table_name, schema)
        return []

    def get_indexes(self, connection: Any, table_name: str, schema: str | None = None,
                    **kw: Any) -> list[dict[str, Any]]:
        """Lookups by key are the API's own business, not an index."""
        self._resource(table_name, schema)
        return []

    def get_unique_constraints(self, connection: Any, table_name: str,
                               schema: str | None = None, **kw: Any) -> list[dict[str, Any]]:
        """Only the primary key is unique."""
        self._resource(table_name, schema)
        return []

    def get_check_constraints(self, connection: Any, table_name: str,
                              schema: str | None = None, **kw: Any) -> list[dict[str, Any]]:
        """Twilio enforces its rules itself; the compiler enforces the write rules."""
        self._resource(table_name, schema)
        return []

    def get_table_comment(self, connection: Any, table_name: str, schema: str | None = None,
                          **kw: Any) -> dict[str, Any]:
        return {"text": self._resource(table_name, schema).description}

    def get_table_options(self, connection: Any, table_name: str, schema: str | None = None,
                          **kw: Any) -> dict[str, Any]:
        self._resource(table_name, schema)
        return {}
