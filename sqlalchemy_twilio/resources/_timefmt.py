"""Twilio's RFC 2822 timestamps and SQLite's UTC text.

Twilio writes ``Fri, 18 Feb 2011 19:26:50 +0000``; inside SQLite a datetime is
``2011-02-18 19:26:50`` (the format of SQLite's ``datetime()``). Every row of every scan goes
through :func:`rfc2822_to_sql`, so the common case (a four-digit year and a ``+0000`` offset)
is a string rearrangement rather than a parse.

Every other form is read as RFC 5322 (§3.3, and §4.3 for the obsolete forms) says:

- a two-digit year is 2000–2049 for ``00``–``49`` and 1950–1999 for ``50``–``99``; a
  three-digit year is that plus 1900 (``111`` is 2011);
- ``UT`` and ``GMT`` are ``+0000``, ``EST``/``EDT``, ``CST``/``CDT``, ``MST``/``MDT`` and
  ``PST``/``PDT`` the US offsets, and any other zone name (the military letters among them,
  whose meaning was never agreed) is ``-0000``: UTC, the local offset unknown;
- the weekday and the seconds may be missing, comments and extra spaces may appear, names may
  be in any case; a leap second (``:60``) is the last second of its minute; a date alone
  (``18 Feb 11``) is its midnight, UTC.

A timestamp that lies after 9999-12-31 23:59:59 or before 0001-01-01 00:00:00 once converted
to UTC (``Fri, 31 Dec 9999 23:59:59 -0100`` is in the year 10000) is clamped to that edge, the
nearest value a UTC datetime can hold, so it still sorts and compares where it belongs. Text
that is no RFC 5322 timestamp raises ``ValueError``.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re
from email.utils import format_datetime

__all__ = ["rfc2822_to_sql", "rfc2822_to_datetime", "datetime_to_rfc2822", "sql_to_datetime"]

_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                "Dec")
_MONTHS = {m: f"{i:02d}" for i, m in enumerate(_MONTH_NAMES, 1)}
_MONTH_NUMBER = {m.lower(): i for i, m in enumerate(_MONTH_NAMES, 1)}

#: RFC 5322 §4.3: the zone names with a known offset (hours); any other is -0000.
_ZONES = {"ut": 0, "gmt": 0, "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7,
          "mdt": -6, "pst": -8, "pdt": -7}

_DATE_TIME = re.compile(
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)\s*,\s*)?"
    r"(\d{1,2})\s*(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\s*(\d{2,})"
    r"(?:\s+(\d{1,2})\s*:\s*(\d{2})(?:\s*:\s*(\d{2}))?"
    r"(?:\s*(?:([+-])(\d{2})(\d{2})?|([a-z]+)))?)?",
    re.ASCII | re.IGNORECASE)
_COMMENT = re.compile(r"\([^()]*\)")
#: Twilio's own form, in UTC with a four-digit year: the value as written, rearranged.
_UTC_FORM = re.compile(
    r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?(0[1-9]|[12]\d|3[01]|[1-9]) "
    r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) "
    r"((?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d) (?:[+-]0000|GMT|UTC?|Z)", re.ASCII)

_FIRST = "0001-01-01 00:00:00"
_LAST = "9999-12-31 23:59:59"


def rfc2822_to_sql(value: str | None) -> str | None:
    """``Fri, 18 Feb 2011 19:26:50 +0000`` → ``2011-02-18 19:26:50`` (UTC); None stays None.

    Raises ``ValueError`` for text that is no RFC 5322 timestamp."""
    if value is None:
        return None
    match = _UTC_FORM.fullmatch(value)
    if match is not None:
        day, month, year, clock = match.groups()
        if year != "0000" and (day <= "28" or int(day) <= calendar.monthrange(
                int(year), _MONTH_NUMBER[month.lower()])[1]):
            return f"{year}-{_MONTHS[month]}-{day if len(day) == 2 else '0' + day} {clock}"
    return _parse(value)


def _parse(value: str) -> str:
    text = value
    while "(" in text:
        # Comments (which nest) are white space.
        stripped = _COMMENT.sub(" ", text)
        if stripped == text:
            break
        text = stripped
    match = _DATE_TIME.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"not an RFC 2822 timestamp: {value!r}")
    day_text, month_name, year_text, hour, minute, second, sign, hh, mm, name = match.groups()
    year = int(year_text)
    if len(year_text) == 2:
        year += 2000 if year < 50 else 1900
    elif len(year_text) == 3:
        year += 1900
    month = _MONTH_NUMBER[month_name.lower()]
    day, h, m, s = int(day_text), int(hour or 0), int(minute or 0), int(second or 0)
    # (Years beyond the datetime range still have their calendar: 10000 is a leap year.)
    days_in_month = calendar.monthrange(2000 + year % 400, month)[1]
    if not (1 <= day <= days_in_month and h <= 23 and m <= 59 and s <= 60):
        raise ValueError(f"not an RFC 2822 timestamp (no such day or time): {value!r}")
    s = min(s, 59)  # a leap second
    if sign is not None:
        offset = (int(hh) * 60 + int(mm or 0)) * (1 if sign == "+" else -1)
    else:
        offset = _ZONES.get((name or "").lower(), 0) * 60
    # The Gregorian calendar repeats every 400 years: a year near or beyond the edges of
    # what a datetime holds is moved by whole cycles to convert, and back.
    cycles = 0 if 2 <= year <= 9998 else (year - 5000) // 400
    local = _dt.datetime(year - 400 * cycles, month, day, h, m, s)
    moment = local - _dt.timedelta(minutes=offset)
    year = moment.year + 400 * cycles
    if year > 9999:
        return _LAST
    if year < 1:
        return _FIRST
    return (f"{year:04d}-{moment.month:02d}-{moment.day:02d} "
            f"{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}")


def rfc2822_to_datetime(value: str) -> _dt.datetime:
    """Parse an RFC 2822 timestamp into an aware UTC datetime (ValueError if it is not one);
    a timestamp beyond the years a datetime holds is clamped, as :func:`rfc2822_to_sql`."""
    return _dt.datetime.fromisoformat(_parse(value)).replace(tzinfo=_dt.timezone.utc)


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
