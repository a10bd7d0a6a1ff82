"""Twilio's RFC 2822 timestamps and SQLite's UTC text.

Twilio writes ``Fri, 18 Feb 2011 19:26:50 +0000``; inside SQLite a datetime is
``2011-02-18 19:26:50`` (the format of SQLite's ``datetime()``). Every row of every scan goes
through :func:`rfc2822_to_sql`, so the common case (a ``+0000`` offset) is a string
rearrangement rather than a datetime parse.
"""

from __future__ import annotations

import datetime as _dt
from email.utils import format_datetime, parsedate_to_datetime

__all__ = ["rfc2822_to_sql", "rfc2822_to_datetime", "datetime_to_rfc2822", "sql_to_datetime"]

_MONTHS = {
    m: f"{i:02d}"
    for i, m in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1
    )
}
_UTC_OFFSETS = frozenset(("+0000", "-0000", "GMT", "UT", "UTC", "Z"))


def rfc2822_to_sql(value: str | None) -> str | None:
    """``Fri, 18 Feb 2011 19:26:50 +0000`` → ``2011-02-18 19:26:50`` (UTC); None stays None."""
    if value is None:
        return None
    parts = value.split()
    # "Fri, 18 Feb 2011 19:26:50 +0000": the weekday is optional in RFC 2822.
    if len(parts) == 6 and parts[5] in _UTC_OFFSETS:
        month = _MONTHS.get(parts[2])
        if month is not None and len(parts[4]) == 8:
            day = parts[1]
            return f"{parts[3]}-{month}-{day if len(day) == 2 else '0' + day} {parts[4]}"
    return rfc2822_to_datetime(value).strftime("%Y-%m-%d %H:%M:%S")


def rfc2822_to_datetime(value: str) -> _dt.datetime:
    """Parse an RFC 2822 timestamp into an aware UTC datetime (ValueError if it is not one)."""
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError) as exc:
        raise ValueError(f"not an RFC 2822 timestamp: {value!r}") from exc
    if parsed.tzinfo is None:
        # RFC 2822's "-0000" means "UTC, origin unknown"; the stdlib returns it naive.
        parsed = parsed.replace(tzinfo=_dt.timezone.utc)
    return parsed.astimezone(_dt.timezone.utc)


def datetime_to_rfc2822(value: _dt.datetime) -> str:
    """An aware (or naive, taken as UTC) datetime → Twilio's ``Fri, 18 Feb 2011 19:26:50 +0000``."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=_dt.timezone.utc)
    return format_datetime(value.astimezone(_dt.timezone.utc).replace(microsecond=0))


def sql_to_datetime(value: str) -> _dt.datetime:
    """SQLite UTC text (``YYYY-MM-DD HH:MM:SS[.ffffff]``) → aware UTC datetime."""
    parsed = _dt.datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=_dt.timezone.utc)
    return parsed.astimezone(_dt.timezone.utc)
