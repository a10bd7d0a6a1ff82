"""Values between Twilio and SQLite, by column type: an API field into a SQLite value, a value
to be written into Twilio's form parameter, and what makes a value unwritable.

Twilio sends many numbers as strings (``"-0.00750"``, ``"15"``); inside SQLite they are
numbers, so ``SUM(Price)`` works in raw SQL. An empty string or null is NULL for every type
but text. A value that does not have the expected form is kept as Twilio sent it rather than
failing the scan: SQLite still compares it, and nothing is lost.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ._timefmt import rfc2822_to_sql

if TYPE_CHECKING:
    from ._declaration import ColumnType

__all__ = ["from_api", "to_form", "write_problem"]

_INTEGER = re.compile(r"[+-]?\d+")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_SQL_DATETIME = re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d{1,6})?(Z|[+-]00:?00)?")
_DATE = re.compile(r"\d{4}-\d\d-\d\d")
_TRUE = ("true", "1")
_FALSE = ("false", "0")

# One encoder, built once: json.dumps with options builds a new one on every call.
_encode = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode
_quote = json.encoder.encode_basestring  # type: ignore[attr-defined]


def _json_text(value: Any) -> str | None:
    if value is None:
        return None
    # Twilio's URI maps are flat str → str objects; quoting them directly is about twice as
    # fast as the general encoder, and gives the same text.
    if type(value) is dict and all(type(k) is str and type(v) is str for k, v in value.items()):
        return "{" + ",".join([_quote(k) + ":" + _quote(v) for k, v in value.items()]) + "}"
    return _encode(value)


def _text(value: Any) -> Any:
    # As a TEXT column of plain SQLite would hold it (text affinity): a number as its text.
    if value is None or value.__class__ is str:
        return value
    if value.__class__ is bool:
        return "true" if value else "false"
    if value.__class__ in (int, float):
        return str(value)
    return _encode(value)


def _integer(value: Any) -> Any:
    cls = value.__class__
    if cls is int or value is None:
        return value
    if cls is str:
        if _INTEGER.fullmatch(value):
            return int(value)
        return value or None
    if cls is bool:
        return int(value)
    if cls is float and value.is_integer():
        return int(value)
    return value


def _decimal(value: Any) -> Any:
    # As a DECIMAL column of plain SQLite would hold it (numeric affinity): a number, and a
    # whole one as an integer (so "0.0" is 0, as in a table it would be).
    cls = value.__class__
    if cls is int or value is None:
        return value
    if cls is str:
        if _INTEGER.fullmatch(value):
            return int(value)
        if not _NUMBER.fullmatch(value):
            return value or None
        value = float(value)
    elif cls is not float:
        return value
    return int(value) if value.is_integer() and abs(value) < 2**63 else value


def _boolean(value: Any) -> Any:
    if value is True:
        return 1
    if value is False:
        return 0
    if value.__class__ is str:
        lowered = value.lower()
        if lowered in _TRUE:
            return 1
        if lowered in _FALSE:
            return 0
        return value or None
    return value


def _datetime(value: Any) -> Any:
    if value.__class__ is not str:
        return value
    if not value:
        return None
    try:
        return rfc2822_to_sql(value)
    except ValueError:
        pass
    if _SQL_DATETIME.fullmatch(value):
        # Some of Twilio's timestamps are ISO 8601 (usage records' as_of); UTC ones only.
        return value[:10] + " " + value[11:19] + (value[19:26] if value[19:20] == "." else "")
    return value


def _date(value: Any) -> Any:
    if value.__class__ is str and not value:
        return None
    return value


def from_api(kind: ColumnType) -> Callable[[Any], Any]:
    """The conversion of an API field into a SQLite value for a column of ``kind``."""
    from ._declaration import ColumnType

    return {
        ColumnType.TEXT: _text,
        ColumnType.INTEGER: _integer,
        ColumnType.DECIMAL: _decimal,
        ColumnType.BOOLEAN: _boolean,
        ColumnType.DATETIME: _datetime,
        ColumnType.DATE: _date,
        ColumnType.JSON: _json_text,
    }[kind]


def _truth(value: Any) -> bool | None:
    if value is True or value is False:
        return value
    if value.__class__ in (int, float) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.lower() in _TRUE + _FALSE:
        return value.lower() in _TRUE
    return None


def to_form(kind: ColumnType, value: Any) -> str:
    """``value`` (as SQLite holds it) as Twilio's form parameter takes it."""
    from ._declaration import ColumnType

    if kind is ColumnType.BOOLEAN:
        return "true" if _truth(value) else "false"
    if kind is ColumnType.DATETIME and isinstance(value, str) and _SQL_DATETIME.fullmatch(value):
        # Twilio takes ISO 8601 in UTC for its timestamps (SendAt).
        return value[:10] + "T" + value[11:19] + "Z"
    if kind is ColumnType.JSON and not isinstance(value, str):
        return _encode(value)
    if isinstance(value, float) and value.is_integer() and kind is ColumnType.INTEGER:
        return str(int(value))
    return str(value)


def write_problem(kind: ColumnType, enum: tuple[str, ...], max_length: int | None,
                  value: Any) -> str | None:
    """Why Twilio could not take ``value`` for a column of this type, or None."""
    from ._declaration import ColumnType

    if value is None:
        return "cannot be set to NULL: give a value"
    shown = repr(value)
    if isinstance(value, bytes):
        return f"cannot be set to a blob ({shown[:40]})"
    if kind is ColumnType.BOOLEAN:
        return None if _truth(value) is not None else f"must be true or false, not {shown}"
    if kind is ColumnType.INTEGER:
        ok = (isinstance(value, int) and not isinstance(value, bool)) or (
            isinstance(value, float) and value.is_integer()) or (
            isinstance(value, str) and _INTEGER.fullmatch(value) is not None)
        return None if ok else f"must be a whole number, not {shown}"
    if kind is ColumnType.DECIMAL:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) or (
            isinstance(value, str) and _NUMBER.fullmatch(value) is not None)
        return None if ok else f"must be a number, not {shown}"
    if kind is ColumnType.DATETIME:
        ok = isinstance(value, str) and _SQL_DATETIME.fullmatch(value) is not None
        return None if ok else f"must be a UTC datetime as 'YYYY-MM-DD HH:MM:SS', not {shown}"
    if kind is ColumnType.DATE:
        ok = isinstance(value, str) and _DATE.fullmatch(value) is not None
        return None if ok else f"must be a date as 'YYYY-MM-DD', not {shown}"
    if kind is ColumnType.TEXT:
        text = str(value)
        if enum and text not in enum:
            return f"must be one of {', '.join(repr(e) for e in enum)}, not {shown}"
        if max_length is not None and len(text) > max_length:
            return f"can be at most {max_length} characters, not {len(text)}"
    return None
