"""SQL generation: SQLite's, with Twilio's write rules enforced while compiling."""

from __future__ import annotations

from typing import Any

from sqlalchemy import exc
from sqlalchemy.dialects.sqlite.base import SQLiteCompiler, SQLiteDDLCompiler
from sqlalchemy.sql import elements

from ..resources import Resource, get_resource

__all__ = ["TwilioCompiler", "TwilioDDLCompiler", "resource_for", "check_write_value"]


def resource_for(table: Any) -> Resource | None:
    """The declaration behind a table of that name (reflected or declared by hand)."""
    name = getattr(table, "name", None)
    if not isinstance(name, str):
        return None
    try:
        return get_resource(name)
    except KeyError:
        return None


def check_write_value(resource: Resource, column: str, value: Any) -> None:
    allowed = resource.column(column).writable_values
    if value not in allowed:
        raise exc.CompileError(
            f"{resource.name}.{column} can only be set to "
            + " or ".join(repr(a) for a in allowed) + f", not {value!r}")


class TwilioCompiler(SQLiteCompiler):
    """Refuses, at compile time, every write Twilio does not allow."""

    def visit_insert(self, insert_stmt: Any, **kw: Any) -> str:
        resource = resource_for(insert_stmt.table)
        if resource is not None:
            raise exc.CompileError(f"Twilio does not allow {resource.name} to be added")
        return super().visit_insert(insert_stmt, **kw)

    def visit_delete(self, delete_stmt: Any, **kw: Any) -> str:
        resource = resource_for(delete_stmt.table)
        if resource is not None:
            raise exc.CompileError(f"Twilio does not allow {resource.name} to be deleted")
        return super().visit_delete(delete_stmt, **kw)

    def visit_update(self, update_stmt: Any, *args: Any, **kw: Any) -> str:
        resource = resource_for(update_stmt.table)
        if resource is not None:
            self.twilio_set = self._check_update(resource, update_stmt)
        return super().visit_update(update_stmt, *args, **kw)

    def _check_update(self, resource: Resource, stmt: Any) -> tuple[str, ...]:
        values: dict[str, Any] = {}
        pairs = list((getattr(stmt, "_values", None) or {}).items())
        pairs += list(getattr(stmt, "_ordered_values", None) or ())
        for key, value in pairs:
            name = key if isinstance(key, str) else getattr(key, "key", str(key))
            values[name] = value
        # Values bound only at execution time (the ORM, executemany) arrive as column keys.
        for name in self.column_keys or ():
            if name in resource.column_names:
                values.setdefault(name, None)
        unknown = [n for n in values if n not in resource.column_names]
        readonly = [n for n in values if n not in unknown and resource.column(n).readonly]
        if readonly:
            raise exc.CompileError(resource.readonly_message(readonly))
        for name, value in values.items():
            if isinstance(value, elements.BindParameter) and value.value is not None:
                check_write_value(resource, name, value.effective_value)
            elif isinstance(value, str):
                check_write_value(resource, name, value)
        return tuple(values)


class TwilioDDLCompiler(SQLiteDDLCompiler):
    """Twilio's tables exist already and their schema is fixed by the API."""

    def _refuse(self, element: Any, what: str) -> None:
        resource = resource_for(getattr(element, "element", element))
        if resource is not None:
            raise exc.CompileError(
                f"cannot {what} {resource.name}: Twilio's schema is fixed by its API")

    def visit_create_table(self, create: Any, **kw: Any) -> str:
        self._refuse(create, "create")
        return super().visit_create_table(create, **kw)

    def visit_drop_table(self, drop: Any, **kw: Any) -> str:
        self._refuse(drop, "drop")
        return super().visit_drop_table(drop, **kw)

    def visit_create_index(self, create: Any, **kw: Any) -> str:
        self._refuse(create.element.table, "index")
        return super().visit_create_index(create, **kw)
