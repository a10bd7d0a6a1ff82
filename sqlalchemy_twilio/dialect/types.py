"""The datetime type: UTC text inside SQLite, aware UTC datetimes outside.

Inside SQLite a datetime is ``YYYY-MM-DD HH:MM:SS`` (a fraction only when it is not zero), the
form SQLite's own ``datetime()`` produces, so a bound value compares exactly with stored ones.
SQLAlchemy's stock SQLite DATETIME renders ``.000000``, which would make
``DateCreated >= :t`` miss the record created at exactly ``t``.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from typing import Any

from sqlalchemy import types as sqltypes

from ..resources import ColumnType

__all__ = ["TwilioDateTime", "to_sql_text", "sql_type"]

_UTC = _dt.timezone.utc


def to_sql_text(value: Any) -> Any:
    """A datetime (naive taken as UTC) or date → SQLite's UTC text; strings pass through."""
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=_UTC)
        value = value.astimezone(_UTC)
        text = f"{value.year:04d}-{value.month:02d}-{value.day:02d} " \
               f"{value.hour:02d}:{value.minute:02d}:{value.second:02d}"
        return f"{text}.{value.microsecond:06d}" if value.microsecond else text
    if isinstance(value, _dt.date):
        return f"{value.isoformat()} 00:00:00"
    return value


def _to_datetime(value: Any) -> Any:
    if isinstance(value, _dt.datetime):
        return value.replace(tzinfo=_UTC) if value.tzinfo is None else value.astimezone(_UTC)
    if isinstance(value, str):
        parsed = _dt.datetime.fromisoformat(value)
        return parsed.replace(tzinfo=_UTC) if parsed.tzinfo is None else parsed.astimezone(_UTC)
    return value


class TwilioDateTime(sqltypes.DateTime):
    """``DATETIME`` on a Twilio connection: always UTC, always timezone-aware in Python."""

    cache_ok = True

    def __init__(self, timezone: bool = True) -> None:
        super().__init__(timezone=True)

    def bind_processor(self, dialect: Any) -> Callable[[Any], Any]:
        return to_sql_text

    def literal_processor(self, dialect: Any) -> Callable[[Any], str]:
        def process(value: Any) -> str:
            text = str(to_sql_text(value))
            return "'" + text.replace("'", "''") + "'"

        return process

    def result_processor(self, dialect: Any, coltype: Any) -> Callable[[Any], Any]:
        return _to_datetime

    def adapt(self, cls: Any, **kw: Any) -> Any:
        if issubclass(cls, TwilioDateTime) or cls is sqltypes.DateTime:
            return TwilioDateTime()
        return super().adapt(cls, **kw)


def sql_type(kind: ColumnType) -> sqltypes.TypeEngine[Any]:
    """The SQLAlchemy type of a declared column type."""
    if kind is ColumnType.DATETIME:
        return TwilioDateTime()
    if kind is ColumnType.JSON:
        return sqltypes.JSON()
    return sqltypes.String()
