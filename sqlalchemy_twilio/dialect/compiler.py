"""SQL generation: SQLite's, with Twilio's write rules enforced while compiling.

The rules come from the resource declarations and apply to any table whose name is a Twilio
table's (case-insensitive), reflected or declared by hand: INSERT and DELETE are refused, an
UPDATE may set only the writable columns, and a value known when compiling must be one the
column allows. Values known only at execution (bound parameters, the ORM, ``executemany``)
are checked by the execution context before anything is sent. DDL on a Twilio table is refused:
Twilio's schema is fixed by its API. Other tables are left to SQLite.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import exc
from sqlalchemy.dialects.sqlite.base import SQLiteCompiler, SQLiteDDLCompiler
from sqlalchemy.sql import elements

from ..resources import FIXED_SCHEMA, Resource, get_resource

__all__ = ["TwilioCompiler", "TwilioDDLCompiler", "resource_for", "check_write_value"]

_MAIN = (None, "main")


def resource_for(table: Any) -> Resource | None:
    """The declaration behind a table of that name (reflected or declared by hand), or None
    for a table that is not Twilio's."""
    name = getattr(table, "name", None)
    if not isinstance(name, str) or getattr(table, "schema", None) not in _MAIN:
        return None
    try:
        return get_resource(name)
    except KeyError:
        return None


def check_write_value(resource: Resource, column: str, value: Any) -> None:
    """Raise :class:`~sqlalchemy.exc.CompileError` unless ``column`` may be set to ``value``."""
    problem = resource.bad_value_message(column, value)
    if problem:
        raise exc.CompileError(problem)


def _refused(resource: Resource, what: str) -> exc.CompileError:
    return exc.CompileError(resource.refusal_message(what))


class _AtExecution:
    """A SET value that arrives with the execution's parameters, under the column's key."""

    def __init__(self, key: str) -> None:
        self.key = key


class TwilioCompiler(SQLiteCompiler):
    """Refuses, at compile time, every write Twilio does not allow."""

    #: Set on a compiled UPDATE of a Twilio table: the table's name, and (column, bind name)
    #: for each writable column whose value the execution context checks on every execution.
    twilio_resource: str | None = None
    twilio_write_checks: tuple[tuple[str, str], ...] = ()

    def visit_insert(self, insert_stmt: Any, *args: Any, **kw: Any) -> str:
        resource = resource_for(insert_stmt.table)
        if resource is not None:
            raise _refused(resource, "added")
        return super().visit_insert(insert_stmt, *args, **kw)

    def visit_delete(self, delete_stmt: Any, *args: Any, **kw: Any) -> str:
        resource = resource_for(delete_stmt.table)
        if resource is not None:
            raise _refused(resource, "deleted")
        return super().visit_delete(delete_stmt, *args, **kw)

    def visit_update(self, update_stmt: Any, *args: Any, **kw: Any) -> str:
        resource = resource_for(update_stmt.table)
        if resource is None:
            return super().visit_update(update_stmt, *args, **kw)
        targets = self._update_targets(resource, update_stmt)
        text = super().visit_update(update_stmt, *args, **kw)
        self._record_write_checks(resource, targets)
        return text

    def _update_targets(self, resource: Resource, stmt: Any) -> dict[str, Any]:
        """Column name → the SET value (a SQL element, or :class:`_AtExecution`), after
        refusing columns that are read-only or not Twilio's."""
        table = stmt.table
        given: list[tuple[Any, Any]] = list((getattr(stmt, "_values", None) or {}).items())
        # SQLAlchemy 1.4 and 2.0 keep ordered_values() apart; 2.1 keeps them in _values.
        given += list(getattr(stmt, "_ordered_values", None) or ())
        targets: dict[str, Any] = {}
        for key, value in given:
            if isinstance(key, str):
                column = table.c.get(key)
                name = column.name if column is not None else key
            else:
                name = getattr(key, "name", None) or str(key)
            targets[name] = value
        # Values bound only at execution (the ORM's flush, ``execute(update(t), {...})``)
        # arrive as parameter keys. A key that is a column's is a SET value: SQLAlchemy
        # refuses a bindparam() named like a column of the table being updated.
        keys = set(self.column_keys or ())
        for column in table.c:
            if column.name in targets:
                continue
            if column.key in keys or getattr(column, "onupdate", None) is not None:
                # (A hand-declared onupdate default would be SET by every UPDATE.)
                targets[column.name] = _AtExecution(column.key)

        declared = {c.lower() for c in resource.column_names}
        unknown = [n for n in targets if n.lower() not in declared]
        if unknown:
            raise exc.CompileError(
                f"{resource.name} has no column {', '.join(unknown)}: its columns are "
                f"{', '.join(resource.column_names)}")
        readonly = [resource.column(n).name for n in targets if resource.column(n).readonly]
        if readonly:
            raise exc.CompileError(resource.readonly_message(readonly))
        for name, value in targets.items():
            known, literal = _literal_value(value)
            if known:
                check_write_value(resource, name, literal)
        return targets

    def _record_write_checks(self, resource: Resource, targets: dict[str, Any]) -> None:
        # The bind names exist only once the statement is rendered. Literal values become
        # anonymous parameters that SQLAlchemy renames after the column; a copy of the
        # parameter may have been rendered, so match on the parameter's key, not identity.
        names_by_key = {bind.key: name for bind, name in self.bind_names.items()}
        checks = []
        for column_name, value in targets.items():
            if isinstance(value, (_AtExecution, elements.BindParameter)):
                key = value.key
            else:
                continue
            bind_name = names_by_key.get(key)
            if bind_name is not None:
                checks.append((resource.column(column_name).name, bind_name))
        self.twilio_resource = resource.name
        self.twilio_write_checks = tuple(checks)


def _literal_value(value: Any) -> tuple[bool, Any]:
    """(True, value) when the SET value is known while compiling, else (False, None)."""
    if isinstance(value, elements.Null):
        return True, None
    if isinstance(value, elements.BindParameter):
        # An explicit bindparam() without a value is required at execution instead.
        return (False, None) if value.required else (True, value.effective_value)
    if isinstance(value, (str, int, float)) or value is None:
        return True, value
    return False, None


class TwilioDDLCompiler(SQLiteDDLCompiler):
    """Twilio's tables exist on every connection and their schema is fixed by the API."""

    def _refuse(self, table: Any, what: str) -> None:
        resource = resource_for(table)
        if resource is not None:
            raise exc.CompileError(f"{what} {resource.name} is refused: {FIXED_SCHEMA}")

    def visit_create_table(self, create: Any, **kw: Any) -> str:
        self._refuse(create.element, "CREATE TABLE")
        return super().visit_create_table(create, **kw)

    def visit_drop_table(self, drop: Any, **kw: Any) -> str:
        self._refuse(drop.element, "DROP TABLE")
        return super().visit_drop_table(drop, **kw)

    def visit_create_index(self, create: Any, *args: Any, **kw: Any) -> str:
        self._refuse(create.element.table, "CREATE INDEX on")
        return super().visit_create_index(create, *args, **kw)

    def visit_drop_index(self, drop: Any, *args: Any, **kw: Any) -> str:
        self._refuse(drop.element.table, "DROP INDEX on")
        return super().visit_drop_index(drop, *args, **kw)

    def visit_add_constraint(self, create: Any, *args: Any, **kw: Any) -> str:
        self._refuse(create.element.table, "ALTER TABLE")
        return super().visit_add_constraint(create, *args, **kw)

    def visit_drop_constraint(self, drop: Any, *args: Any, **kw: Any) -> str:
        self._refuse(drop.element.table, "ALTER TABLE")
        return super().visit_drop_constraint(drop, *args, **kw)

    def visit_set_table_comment(self, create: Any, *args: Any, **kw: Any) -> str:
        self._refuse(create.element, "COMMENT ON")
        return super().visit_set_table_comment(create, *args, **kw)

    def visit_drop_table_comment(self, drop: Any, *args: Any, **kw: Any) -> str:
        self._refuse(drop.element, "COMMENT ON")
        return super().visit_drop_table_comment(drop, *args, **kw)

    def visit_set_column_comment(self, create: Any, *args: Any, **kw: Any) -> str:
        self._refuse(create.element.table, "COMMENT ON")
        return super().visit_set_column_comment(create, *args, **kw)
