"""PEP 249 type objects and constructors, and the datetime conversion of result rows."""

from __future__ import annotations

import datetime as _dt
import time
from collections.abc import Callable
from typing import Any, NamedTuple

__all__ = [
    "STRING", "BINARY", "NUMBER", "DATETIME", "ROWID",
    "Date", "Time", "Timestamp", "DateFromTicks", "TimeFromTicks", "TimestampFromTicks",
    "Binary", "ColumnDescription", "DATETIME_DECLTYPES", "to_utc_datetime", "row_converter",
]

#: Declared types whose values the cursor returns as aware UTC datetimes.
DATETIME_DECLTYPES = frozenset({"DATETIME", "TIMESTAMP"})


class _TypeObject(frozenset):  # type: ignore[type-arg]
    """Compares equal to every declared type (``description[i][1]``) it stands for."""

    def __eq__(self, other: object) -> bool:
        if isinstance(other, str):
            return other.upper() in self
        return frozenset.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    __hash__ = frozenset.__hash__


STRING = _TypeObject({"TEXT", "JSON", "VARCHAR", "CHAR", "CLOB"})
BINARY = _TypeObject({"BLOB"})
NUMBER = _TypeObject({"INTEGER", "INT", "REAL", "FLOAT", "NUMERIC", "BOOLEAN"})
DATETIME = _TypeObject(DATETIME_DECLTYPES)
ROWID = _TypeObject({"ROWID"})

Date = _dt.date
Time = _dt.time
Timestamp = _dt.datetime
Binary = bytes


def DateFromTicks(ticks: float) -> _dt.date:  # noqa: N802 - PEP 249 name
    return Date(*time.gmtime(ticks)[:3])


def TimeFromTicks(ticks: float) -> _dt.time:  # noqa: N802 - PEP 249 name
    return Time(*time.gmtime(ticks)[3:6])


def TimestampFromTicks(ticks: float) -> _dt.datetime:  # noqa: N802 - PEP 249 name
    return _dt.datetime.fromtimestamp(ticks, _dt.timezone.utc)


class ColumnDescription(NamedTuple):
    """One entry of ``Cursor.description``; ``type_code`` is the declared type, or None for
    an expression."""

    name: str
    type_code: str | None
    display_size: None = None
    internal_size: None = None
    precision: None = None
    scale: None = None
    null_ok: None = None


_UTC = _dt.timezone.utc
_fromisoformat = _dt.datetime.fromisoformat


def to_utc_datetime(value: Any) -> Any:
    """SQLite's UTC text → aware UTC datetime; anything else is returned as it is."""
    if value.__class__ is not str:
        return value
    try:
        # Stored values are naive UTC text; parsing them with the offset appended is several
        # times faster than parsing and then attaching the timezone.
        return _fromisoformat(value + "+00:00")
    except ValueError:
        pass
    try:
        parsed = _fromisoformat(value)
    except ValueError:
        return value
    return parsed.replace(tzinfo=_UTC) if parsed.tzinfo is None else parsed.astimezone(_UTC)


def row_converter(indexes: list[int], width: int) -> Callable[[tuple[Any, ...]], tuple[Any, ...]]:
    """A function converting the datetime columns ``indexes`` of a ``width``-column row.

    Every row of a result goes through it, so it is generated as one tuple expression
    (``(r[0], c(r[1]), r[2])``) rather than a loop over the columns.
    """
    parts = ", ".join(f"c(r[{i}])" if i in indexes else f"r[{i}]" for i in range(width))
    namespace: dict[str, Any] = {"c": to_utc_datetime}
    exec(f"def convert(r):\n    return ({parts},)", namespace)  # noqa: S102 - generated here
    return namespace["convert"]  # type: ignore[no-any-return]
