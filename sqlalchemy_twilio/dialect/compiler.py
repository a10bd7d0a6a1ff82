"""SQL generation: SQLite's, with Twilio's write rules enforced while compiling.

The rules come from the resource declarations and apply to any table whose name is a Twilio
table's (case-insensitive), reflected or declared by hand: INSERT and DELETE only where Twilio
has them, an UPDATE or INSERT may set only the columns Twilio takes there, and a value known
when compiling must be one the column allows. Values known only at execution (bound
parameters, the ORM, ``executemany``) are checked by the execution context before anything is
sent. DDL on a Twilio table is refused:
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


def check_write_value(resource: Resource, column: str, value: Any, op: str = "update") -> None:
    """Raise :class:`~sqlalchemy.exc.CompileError` unless ``op`` may set ``column`` to
    ``value``. (NULL for a new row's column, or for a request parameter, is a value not sent.)
    """
    if value is None and (op == "create" or resource.column(column).hidden):
        return
    problem = resource.bad_value_message(column, value, op)
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

    #: Set on a compiled write to a Twilio table: the table's name, the write ("update" or
    #: "create"), and (column, bind name) for each written column whose value the execution
    #: context checks on every execution.
    twilio_resource: str | None = None
    twilio_write_op: str = "update"
    twilio_write_checks: tuple[tuple[str, str], ...] = ()

    def visit_insert(self, insert_stmt: Any, *args: Any, **kw: Any) -> str:
        resource = resource_for(insert_stmt.table)
        if resource is None:
            return super().visit_insert(insert_stmt, *args, **kw)
        if not resource.allows("create"):
            raise _refused(resource, "added")
        targets = self._write_targets(resource, insert_stmt, "create")
        named = {resource.column(n).name for n in targets}
        for group in resource.create.required if resource.create else ():
            if not named & set(group):
                raise exc.CompileError(f"adding {resource.name} needs {' or '.join(group)}: "
                                       "give it a value in the INSERT")
        text = super().visit_insert(insert_stmt, *args, **kw)
        self._record_write_checks(resource, targets, "create")
        return text

    def visit_delete(self, delete_stmt: Any, *args: Any, **kw: Any) -> str:
        resource = resource_for(delete_stmt.table)
        if resource is not None and not resource.allows("delete"):
            raise _refused(resource, "deleted")
        return super().visit_delete(delete_stmt, *args, **kw)

    def visit_update(self, update_stmt: Any, *args: Any, **kw: Any) -> str:
        resource = resource_for(update_stmt.table)
        if resource is None:
            return super().visit_update(update_stmt, *args, **kw)
        targets = self._write_targets(resource, update_stmt, "update")
        text = super().visit_update(update_stmt, *args, **kw)
        self._record_write_checks(resource, targets, "update")
        return text

    def _write_targets(self, resource: Resource, stmt: Any, op: str) -> dict[str, Any]:
        """Column name → the value written (a SQL element, or :class:`_AtExecution`), after
        refusing columns that ``op`` cannot set or that are not Twilio's."""
        table = stmt.table
        given: list[tuple[Any, Any]] = list((getattr(stmt, "_values", None) or {}).items())
        # SQLAlchemy 1.4 and 2.0 keep ordered_values() apart; 2.1 keeps them in _values.
        given += list(getattr(stmt, "_ordered_values", None) or ())
        for row in getattr(stmt, "_multi_values", None) or ():
            for values in row:
                given += list(values.items()) if isinstance(values, dict) else []
        given += [(name, _AtExecution(str(name)))
                  for name in getattr(stmt, "_select_names", None) or ()]
        named: list[tuple[str, Any]] = []
        for key, value in given:
            if isinstance(key, str):
                column = table.c.get(key)
                named.append((column.name if column is not None else key, value))
            else:
                named.append((getattr(key, "name", None) or str(key), value))
        targets: dict[str, Any] = {}
        for name, value in named:
            targets.setdefault(name, value)
        # Values bound only at execution (the ORM's flush, ``execute(update(t), {...})``)
        # arrive as parameter keys. A key that is a column's is a written value: SQLAlchemy
        # refuses a bindparam() named like a column of the table being written.
        keys = set(self.column_keys or ())
        for column in table.c:
            if column.name in targets:
                continue
            if column.key in keys or (op == "update" and getattr(column, "onupdate", None)
                                      is not None):
                # (A hand-declared onupdate default would be SET by every UPDATE.)
                targets[column.name] = _AtExecution(column.key)

        unknown = [n for n in targets if not resource.has_column(n)]
        if unknown:
            raise exc.CompileError(
                f"{resource.name} has no column {', '.join(unknown)}: its columns are "
                f"{', '.join(resource.column_names)}")
        path_columns = {p.column for p in resource.path_params} if op == "create" else set()
        refused = [resource.column(n).name for n in targets
                   if resource.column(n).write(op) is None
                   and resource.column(n).name not in path_columns]
        if refused:
            raise exc.CompileError(resource.readonly_message(refused, op))
        for name, value in named:  # every row of a multi-row VALUES
            known, literal = _literal_value(value)
            if known and resource.column(name).name not in path_columns:
                check_write_value(resource, resource.column(name).name, literal, op)
        return targets

    def _record_write_checks(self, resource: Resource, targets: dict[str, Any], op: str
                             ) -> None:
        # The bind names exist only once the statement is rendered. Literal values become
        # anonymous parameters that SQLAlchemy renames after the column; a copy of the
        # parameter may have been rendered, so match on the parameter's key, not identity.
        names_by_key = {bind.key: name for bind, name in self.bind_names.items()}
        path_columns = {p.column for p in resource.path_params} if op == "create" else set()
        checks = []
        for column_name, value in targets.items():
            if resource.column(column_name).name in path_columns:
                continue
            if isinstance(value, (_AtExecution, elements.BindParameter)):
                key = value.key
            else:
                continue
            bind_name = names_by_key.get(key)
            if bind_name is not None:
                checks.append((resource.column(column_name).name, bind_name))
        self.twilio_resource = resource.name
        self.twilio_write_op = op
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
