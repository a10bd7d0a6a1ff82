"""Column types: the datetime, date and decimal types, and the SQLAlchemy type of each declared
column type.

Inside SQLite a datetime is UTC text ``YYYY-MM-DD HH:MM:SS`` (a fraction only when it is not
zero): the form of SQLite's own ``datetime()`` and of Superset's ``convert_dttm``, so raw SQL
such as ``DateCreated > datetime('now', '-7 days')`` compares correctly. A bound value must be
rendered the same way: SQLAlchemy's stock SQLite ``DATETIME`` renders ``.000000``, and since
``'2025-03-04 10:00:00' < '2025-03-04 10:00:00.000000'`` as text, ``DateCreated >= :t`` would
miss the record created at exactly ``t``.
"""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Callable
from typing import Any

from sqlalchemy import types as sqltypes

from ..dbapi._types import DATETIME_DECLTYPES, datetime_to_sql
from ..resources import ColumnType
from ..vtable import canonical_instant

__all__ = ["TwilioDateTime", "TwilioDate", "TwilioDecimal", "to_sql_text", "from_sql_value",
           "sql_type"]

_UTC = _dt.timezone.utc

def to_sql_text(value: Any) -> Any:
    """A datetime (naive taken as UTC) or a date → SQLite's UTC text; anything else (a string
    written by hand, None) passes through unchanged."""
    if isinstance(value, _dt.datetime):
        return datetime_to_sql(value)
    if isinstance(value, _dt.date):
        return f"{value.isoformat()} 00:00:00"
    return value


def from_sql_value(value: Any) -> Any:
    """A result value → aware UTC datetime. The DB-API already converts plain column
    references; expressions (``MAX(DateCreated)``, ``DATETIME(DateCreated, 'start of month')``)
    arrive as SQLite's text. None stays None."""
    if isinstance(value, _dt.datetime):
        if value.tzinfo is _UTC:
            return value  # what the DB-API returns: nothing to do, on every row
        return value.replace(tzinfo=_UTC) if value.tzinfo is None else value.astimezone(_UTC)
    if isinstance(value, str):
        # What SQLite's date functions write, and the ISO variants (``T``, ``Z``, offsets,
        # fractions) a hand-written expression may hold: the planner's reading of instants.
        stamp = canonical_instant(value.strip())
        if stamp is None:
            raise ValueError(f"not a datetime SQLite can produce: {value!r}")
        whole, _, fraction = stamp.partition(".")
        return _dt.datetime.fromisoformat(whole).replace(
            microsecond=int(fraction[:6].ljust(6, "0")) if fraction else 0, tzinfo=_UTC)
    if isinstance(value, _dt.date):
        return _dt.datetime(value.year, value.month, value.day, tzinfo=_UTC)
    return value


def _literal(value: Any) -> str:
    text = str(to_sql_text(value))
    return "'" + text.replace("'", "''") + "'"


class TwilioDateTime(sqltypes.DateTime):
    """``DATETIME`` on a Twilio connection: UTC text in SQL, aware UTC datetimes in Python.

    Reflected ``DATETIME`` columns have this type, and so does every ``DateTime`` column of a
    table declared by hand (through the dialect's ``colspecs``). A naive datetime bound in a
    query is taken as UTC; an aware one is converted to UTC.
    """

    cache_ok = True

    def __init__(self, timezone: bool = True) -> None:
        # Always aware: Twilio's timestamps are UTC instants, never wall-clock times.
        super().__init__(timezone=True)

    def bind_processor(self, dialect: Any) -> Callable[[Any], Any]:
        return to_sql_text

    def literal_processor(self, dialect: Any) -> Callable[[Any], str]:
        return _literal

    def result_processor(self, dialect: Any, coltype: Any) -> Callable[[Any], Any] | None:
        if isinstance(coltype, str) and coltype.upper() in DATETIME_DECLTYPES:
            # The DB-API returned aware UTC datetimes for this column already (it reports the
            # declared type as the type code): no per-row work is left.
            return None
        return from_sql_value

    def adapt(self, cls: Any, **kw: Any) -> Any:
        # Adapting to DateTime (or to this class) must not lose the Twilio processing.
        if issubclass(cls, TwilioDateTime) or cls is sqltypes.DateTime:
            return TwilioDateTime()
        return super().adapt(cls, **kw)


_scan_json = json.JSONDecoder().scan_once


def loads_json(text: str | bytes) -> Any:
    """``json.loads``, in one C call for the common case of a JSON object with nothing around
    it (every SubresourceUris value, on every row)."""
    if isinstance(text, str) and text[:1] == "{":
        try:
            value, end = _scan_json(text, 0)
        except (StopIteration, ValueError):
            pass
        else:
            if end == len(text):
                return value
    return json.loads(text)


class TwilioDate(sqltypes.Date):
    """``DATE`` on a Twilio connection: ``YYYY-MM-DD`` text in SQL, ``datetime.date`` in Python
    (the DB-API already returns dates for plain column references)."""

    cache_ok = True

    def bind_processor(self, dialect: Any) -> Callable[[Any], Any]:
        def process(value: Any) -> Any:
            if isinstance(value, _dt.datetime):
                value = value.astimezone(_UTC).date() if value.tzinfo else value.date()
            return value.isoformat() if isinstance(value, _dt.date) else value

        return process

    def literal_processor(self, dialect: Any) -> Callable[[Any], str]:
        bind = self.bind_processor(dialect)
        return lambda value: "'" + str(bind(value)).replace("'", "''") + "'"

    def result_processor(self, dialect: Any, coltype: Any) -> Callable[[Any], Any] | None:
        def process(value: Any) -> Any:
            if isinstance(value, str):
                return _dt.date.fromisoformat(value[:10])
            return value

        return process

    def adapt(self, cls: Any, **kw: Any) -> Any:
        if issubclass(cls, TwilioDate) or cls is sqltypes.Date:
            return TwilioDate()
        return super().adapt(cls, **kw)


class TwilioDecimal(sqltypes.Numeric):  # type: ignore[type-arg]
    """``DECIMAL``: a number inside SQLite (``SUM(Price)`` works), a ``Decimal`` in Python with
    the digits Twilio sent (``Decimal('-0.0075')``, not the float's binary expansion)."""

    cache_ok = True

    def __init__(self) -> None:
        super().__init__(asdecimal=True)

    def result_processor(self, dialect: Any, coltype: Any) -> Callable[[Any], Any] | None:
        from ..dbapi._types import to_decimal

        return to_decimal

    def adapt(self, cls: Any, **kw: Any) -> Any:
        if issubclass(cls, TwilioDecimal):
            return TwilioDecimal()
        return super().adapt(cls, **kw)


def sql_type(kind: ColumnType) -> sqltypes.TypeEngine[Any]:
    """The SQLAlchemy type of a declared column type.

    ``JSON`` columns are :class:`sqlalchemy.JSON`: through SQLAlchemy a value comes back as the
    parsed object (``dict``), and ``table.c.SubresourceUris["participants"]`` compiles to
    SQLite's ``JSON_EXTRACT``. Raw DB-API users, pandas' ``read_sql_query`` with a string and
    Superset see the JSON text, which SQLite stores.
    """
    if kind is ColumnType.DATETIME:
        return TwilioDateTime()
    if kind is ColumnType.DATE:
        return TwilioDate()
    if kind is ColumnType.JSON:
        return sqltypes.JSON()
    if kind is ColumnType.INTEGER:
        return sqltypes.Integer()
    if kind is ColumnType.DECIMAL:
        return TwilioDecimal()
    if kind is ColumnType.BOOLEAN:
        # No CHECK constraint: Twilio's schema is not SQLAlchemy's to create.
        return sqltypes.Boolean(create_constraint=False)
    return sqltypes.String()
