"""The oracle's own reading of dates: plain SQLite with date columns compared as the instants
they name, written apart from the dialect's (``datetime.fromisoformat``), so that the two
readings can disagree and fail a test."""

from __future__ import annotations

import datetime as dt
import functools

import apsw

#: The collation name of the oracle's date columns.
ORACLE_INSTANTS = "ORACLE_INSTANT"


@functools.lru_cache(maxsize=1 << 16)
def _instant(text: str) -> dt.datetime:
    value = dt.datetime.fromisoformat(text)
    if value.tzinfo is not None:
        value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return value


def _order(left: str, right: str) -> int:
    a, b = _instant(left), _instant(right)
    return (a > b) - (a < b)


def oracle_connection() -> apsw.Connection:
    """An in-memory SQLite database that knows :data:`ORACLE_INSTANTS`."""
    db = apsw.Connection(":memory:")
    db.create_collation(ORACLE_INSTANTS, _order)
    return db


def canonical(moment: dt.datetime) -> str:
    """The text SQLite holds for an instant (an aware one is taken to UTC)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.timezone.utc).replace(tzinfo=None)
    text = moment.strftime("%Y-%m-%d %H:%M:%S")
    return f"{text}.{moment.microsecond:06d}" if moment.microsecond else text
