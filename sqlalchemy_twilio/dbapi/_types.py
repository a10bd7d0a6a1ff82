"""PEP 249 type objects and constructors, and the conversion of result rows by declared type.

A result column whose declared type is one of the dialect's (SQLite reports it for plain
column references) comes out as the Python type it stands for: ``DATETIME`` an aware UTC
``datetime``, ``DATE`` a ``date``, ``BOOLEAN`` a ``bool``, ``DECIMAL`` a ``Decimal`` with the
digits Twilio sent. An expression over such a column comes back as SQLite makes it.
"""

from __future__ import annotations

import datetime as _dt
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any, NamedTuple

__all__ = [
    "STRING", "BINARY", "NUMBER", "DATETIME", "ROWID",
    "Date", "Time", "Timestamp", "DateFromTicks", "TimeFromTicks", "TimestampFromTicks",
    "Binary", "ColumnDescription", "DATETIME_DECLTYPES", "to_utc_datetime", "to_date",
    "to_bool", "to_decimal", "converter_for", "row_converter", "datetime_to_sql", "to_binding",
    "bindable",
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
NUMBER = _TypeObject({"INTEGER", "INT", "REAL", "FLOAT", "NUMERIC", "BOOLEAN", "DECIMAL"})
DATETIME = _TypeObject(DATETIME_DECLTYPES | {"DATE"})
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


def to_date(value: Any) -> Any:
    """``YYYY-MM-DD`` → ``date``; anything else is returned as it is."""
    if value.__class__ is str:
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def to_bool(value: Any) -> Any:
    """SQLite's 0/1 → ``bool``; anything else is returned as it is."""
    if value.__class__ is int and value in (0, 1):
        return value == 1
    return value


def to_decimal(value: Any) -> Any:
    """A number → ``Decimal`` with the digits it was written with (``-0.0075``, not the
    float's binary expansion); anything else is returned as it is."""
    cls = value.__class__
    if cls is float:
        return Decimal(repr(value)) if value == value and abs(value) != float("inf") else value
    if cls is int:
        return Decimal(value)
    return value


def datetime_to_sql(value: _dt.datetime) -> str:
    """A datetime (naive taken as UTC, as Twilio's API is) → SQLite's UTC text, a fraction only
    when it is not zero."""
    if value.tzinfo is not None:
        value = value.astimezone(_UTC)
    text = (f"{value.year:04d}-{value.month:02d}-{value.day:02d} "
            f"{value.hour:02d}:{value.minute:02d}:{value.second:02d}")
    return f"{text}.{value.microsecond:06d}" if value.microsecond else text


def to_binding(cursor: Any, position: int | str, value: Any) -> Any:
    """A parameter SQLite has no type for, as SQLite stores it (APSW's ``convert_binding``):
    a ``datetime`` or ``pandas.Timestamp`` (naive: UTC) its UTC text, a ``date`` its
    ``YYYY-MM-DD``, a ``time`` its ``HH:MM:SS``, a ``Decimal`` its number. Anything else is an
    error naming the parameter."""
    if isinstance(value, _dt.datetime):
        if value != value:  # pandas.NaT
            return None
        return datetime_to_sql(value)
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, _dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        if not value.is_finite():
            return None if value.is_nan() else float(value)
        return int(value) if value == value.to_integral_value() else float(value)
    dtype = getattr(value, "dtype", None)
    if dtype is not None and hasattr(value, "item"):
        # A NumPy scalar (pandas hands them over): its Python value; a datetime64 in
        # microseconds, as a nanosecond one's item() is a bare integer.
        if getattr(dtype, "kind", None) == "M":
            if value != value:  # NaT
                return None
            value = value.astype("datetime64[us]")
        item = value.item()
        if item is None or isinstance(item, (int, float, str, bytes)):
            return item
        return to_binding(cursor, position, item)
    raise TypeError(
        f"parameter {position} is a {type(value).__name__}, which SQL cannot hold: pass a "
        "str, int, float, bytes, None, Decimal, datetime, date or time")


def _numpy(value: Any) -> bool:
    return type(value).__module__ == "numpy"


def bindable(parameters: Any) -> Any:
    """``parameters`` with NumPy scalars (a pandas column's values) as their Python values:
    APSW would bind them as blobs, since they expose their bytes, so they never reach
    :func:`to_binding` otherwise."""
    if isinstance(parameters, dict):
        if any(_numpy(v) for v in parameters.values()):
            return {k: to_binding(None, k, v) if _numpy(v) else v
                    for k, v in parameters.items()}
    elif parameters is not None and any(_numpy(v) for v in parameters):
        return [to_binding(None, i, v) if _numpy(v) else v
                for i, v in enumerate(parameters, 1)]
    return parameters


_CONVERTERS: dict[str, Callable[[Any], Any]] = {
    **{name: to_utc_datetime for name in DATETIME_DECLTYPES},
    "DATE": to_date,
    "BOOLEAN": to_bool,
    "DECIMAL": to_decimal,
}


def converter_for(decltype: str | None) -> Callable[[Any], Any] | None:
    """The conversion the cursor applies to a result column of this declared type."""
    return _CONVERTERS.get(decltype.upper()) if decltype else None


def row_converter(converters: dict[int, Callable[[Any], Any]], width: int
                  ) -> Callable[[tuple[Any, ...]], tuple[Any, ...]]:
    """A function converting the columns ``converters`` names of a ``width``-column row.

    Every row of a result goes through it, so it is generated as one tuple expression
    (``(r[0], c1(r[1]), r[2])``) rather than a loop over the columns.
    """
    parts = ", ".join(f"c{i}(r[{i}])" if i in converters else f"r[{i}]" for i in range(width))
    namespace: dict[str, Any] = {f"c{i}": fn for i, fn in converters.items()}
    exec(f"def convert(r):\n    return ({parts},)", namespace)  # noqa: S102 - generated here
    return namespace["convert"]  # type: ignore[no-any-return]
