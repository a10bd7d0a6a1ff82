"""The shape of a table declaration.

A Twilio table is data, not code: its columns, its key, the paths of its list, fetch and
update endpoints, which SQL constraints can travel to the API as request parameters, and which
columns may be written and to what. The planner, the dialect and reflection all read these
declarations; none of them knows any table by name.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ._timefmt import rfc2822_to_sql

__all__ = [
    "FIXED_SCHEMA",
    "ColumnType",
    "Column",
    "Pushdown",
    "PushdownKind",
    "Resource",
]


#: Why no DDL may touch a Twilio table.
FIXED_SCHEMA = "Twilio's schema is fixed by its API"

# One encoder, built once: json.dumps with options builds a new one on every call.
_encode = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode
_quote = json.encoder.encode_basestring  # type: ignore[attr-defined]


def _json_or_none(value: Any) -> str | None:
    return None if value is None else _json_text(value)


def _json_text(value: Any) -> str:
    # Twilio's URI maps are flat str → str objects; quoting them directly is about twice as
    # fast as the general encoder, and gives the same text.
    if type(value) is dict and all(type(k) is str and type(v) is str for k, v in value.items()):
        return "{" + ",".join([_quote(k) + ":" + _quote(v) for k, v in value.items()]) + "}"
    return _encode(value)


class ColumnType(enum.Enum):
    """The SQL type of a column, as the dialect and SQLite see it."""

    STRING = "TEXT"
    #: UTC text ``YYYY-MM-DD HH:MM:SS`` inside SQLite; aware UTC datetimes outside.
    DATETIME = "DATETIME"
    #: A JSON object kept as JSON text.
    JSON = "JSON"


@dataclass(frozen=True)
class Column:
    """One column: its SQL name, the API field it comes from, and what it means."""

    name: str
    field: str
    type: ColumnType
    description: str
    nullable: bool = True
    #: Values this column may be set to by UPDATE; empty means the column is read-only.
    writable_values: tuple[str, ...] = ()
    #: The form parameter that carries a new value in an update request.
    write_param: str = ""
    #: The values the API can return, where it documents them (used to skip requests that
    #: could only return nothing, e.g. ``Status = 'bogus'``).
    enum: tuple[str, ...] = ()
    #: The longest value Twilio documents for the field: a longer one matches nothing.
    max_length: int | None = None

    @property
    def readonly(self) -> bool:
        return not self.writable_values


class PushdownKind(enum.Enum):
    """How a SQL constraint on a column becomes request parameters."""

    #: ``col = value`` fetches one instance by key (``IN`` fetches one per value).
    KEY = "key"
    #: ``col = value`` becomes ``param=value`` (``IN`` becomes one request stream per value).
    EQUALS = "equals"
    #: ``= < <= > >=`` on a datetime become Twilio's whole-UTC-day parameters ``param``,
    #: ``param<`` (on or before) and ``param>`` (on or after). The pushed window is widened
    #: to whole days, so SQLite always re-checks the exact predicate.
    DAY_RANGE = "day_range"


@dataclass(frozen=True)
class Pushdown:
    """A column whose constraints the API can evaluate, and the parameter that carries them."""

    column: str
    kind: PushdownKind
    param: str = ""


@dataclass(frozen=True)
class Resource:
    """A Twilio list resource presented as a SQL table."""

    name: str
    description: str
    columns: tuple[Column, ...]
    key: str
    #: Paths relative to the API origin; ``{account_sid}`` and ``{sid}`` are filled in.
    list_path: str
    fetch_path: str
    update_path: str
    #: The key under which a list page carries its records (``"conferences"``).
    list_key: str
    #: The key's format: values that do not match never reach a URL path.
    key_pattern: str
    pushdowns: tuple[Pushdown, ...] = ()

    def __post_init__(self) -> None:
        names = [c.name for c in self.columns]
        if len(set(n.lower() for n in names)) != len(names):
            raise ValueError(f"{self.name}: duplicate column names in {names}")
        if self.key not in names:
            raise ValueError(f"{self.name}: key {self.key!r} is not a column")
        for p in self.pushdowns:
            if p.column not in names:
                raise ValueError(f"{self.name}: pushdown on unknown column {p.column!r}")
            if p.kind is not PushdownKind.KEY and not p.param:
                raise ValueError(f"{self.name}: pushdown on {p.column!r} needs a parameter")
        for c in self.columns:
            if c.writable_values and not c.write_param:
                raise ValueError(f"{self.name}: writable column {c.name!r} needs write_param")

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        """The column called ``name`` (case-insensitive, as SQL identifiers are)."""
        for c in self.columns:
            if c.name.lower() == name.lower():
                return c
        raise KeyError(name)

    @property
    def writable_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if not c.readonly)

    def row_converter(self, columns: Iterable[int] | None = None
                      ) -> Callable[[Mapping[str, Any]], tuple[Any, ...]]:
        """A function turning an API record into the SQL row, in column order.

        With ``columns`` (indexes), only those are converted and the others are None: every row
        of every scan goes through here, and most queries read only a few columns.
        """
        wanted = set(range(len(self.columns)) if columns is None else columns)
        # Generated as one tuple expression, e.g. (g('sid'), None, d(g('date_created')), …):
        # no per-column loop, and columns the statement does not read cost nothing.
        parts = []
        for i, c in enumerate(self.columns):
            if i not in wanted:
                parts.append("None")
            elif c.type is ColumnType.DATETIME:
                parts.append(f"d(g({c.field!r}))")
            elif c.type is ColumnType.JSON:
                parts.append(f"j(g({c.field!r}))")
            else:
                parts.append(f"g({c.field!r})")
        namespace: dict[str, Any] = {"d": rfc2822_to_sql, "j": _json_or_none}
        source = f"def convert(record):\n    g = record.get\n    return ({', '.join(parts)},)"
        exec(source, namespace)  # noqa: S102 - generated from the declaration above
        return namespace["convert"]  # type: ignore[no-any-return]

    def row_from_record(self, record: Mapping[str, Any]) -> tuple[Any, ...]:
        """The SQL row of one API record, every column converted."""
        return self.row_converter()(record)

    def readonly_message(self, names: list[str]) -> str:
        """The error for an attempt to set the read-only columns ``names``."""
        allowed = ", ".join(
            f"{c.name} (to " + " or ".join(repr(v) for v in c.writable_values) + ")"
            for c in self.writable_columns
        )
        cols = ", ".join(f"{self.name}.{n}" for n in names)
        verb = "is" if len(names) == 1 else "are"
        return f"{cols} {verb} read-only: Twilio allows only {allowed} to be set"

    def refusal_message(self, what: str) -> str:
        """The error for rows being ``what`` ("added", "deleted"): Twilio allows neither."""
        return f"Twilio does not allow {self.name} to be {what}"

    def bad_value_message(self, name: str, value: Any) -> str | None:
        """The error for setting column ``name`` to ``value``, or None if Twilio allows it."""
        column = self.column(name)
        if value in column.writable_values:
            return None
        shown = "NULL" if value is None else repr(value)
        allowed = " or ".join(repr(a) for a in column.writable_values)
        return f"{self.name}.{column.name} can only be set to {allowed}, not {shown}"

    def create_table_sql(self) -> str:
        """The ``CREATE TABLE`` text SQLite is given for the virtual table (no secrets)."""
        cols = ", ".join(f'"{c.name}" {c.type.value}' for c in self.columns)
        return f'CREATE TABLE "{self.name}" ({cols})'
