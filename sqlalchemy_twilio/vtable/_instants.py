"""A date is the instant it names, in whatever form it is written.

Inside SQLite a datetime is UTC text ``YYYY-MM-DD HH:MM:SS`` and a date ``YYYY-MM-DD``, and
SQLite compares text: ``'2026-11-01T00:00:00Z'`` sorts after ``'2026-11-01 00:00:00'`` because
``'T'`` sorts after ``' '``, and Superset's ``'2026-11-01 00:00:00.000000'`` sorts after the
midnight it names. So every datetime and date column of a Twilio table is declared with the
collation :data:`COLLATION`: SQLite then compares it with any text (a literal, a bound
parameter, another column, a subquery's column) as the instants the two name, and the planner
reads the values it pushes to Twilio through the same :func:`canonical`, so the request and
SQLite's own check of every row can never disagree.

Accepted forms: ``YYYY-MM-DD`` (its midnight), then ``T`` or a space, ``HH:MM``, ``:SS``, a
fraction of any length, and ``Z`` or an offset (``+02:00``, ``+0200``, ``+02``), which a space
may precede. A bare date is
its midnight, so ``DateCreated = '2026-11-01'`` keeps SQL's meaning and matches midnight only.
Text that names no instant, compared with such a column, is an error.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re

__all__ = ["COLLATION", "NotADate", "canonical", "compare", "forms_accepted"]

#: The collation of every datetime and date column.
COLLATION = "TWILIO_INSTANT"

_FORM = re.compile(
    r"(\d{4})-(\d\d)-(\d\d)"
    r"(?:[T ](\d\d):(\d\d)(?::(\d\d)(?:[.,](\d+))?)?)?"
    r"\s*(Z|[+-]\d\d(?::?\d\d)?)?",
    re.ASCII | re.IGNORECASE,
)


def forms_accepted() -> str:
    return ("ISO 8601 text such as '2026-11-01', '2026-11-01 00:00:00', "
            "'2026-11-01T02:00:00+02:00' or '2026-11-01T00:00:00.000Z', SQLite's "
            "datetime('now', '-30 days'), or a bound datetime or date")


class NotADate(ValueError):
    """Text compared with a datetime or date column names no instant."""

    def __init__(self, value: str, column: str | None = None) -> None:
        # Without a column, SQLite's own comparison found it: the text may be the statement's
        # or a value Twilio sent, so the message blames neither.
        where = (f"and {column} is a date column: compare it with" if column else
                 "yet it was compared with a date column: dates compare with")
        super().__init__(f"{value!r} is not a date or time, {where} {forms_accepted()}")
        self.value = value
        self.column = column


@functools.lru_cache(maxsize=65536)
def canonical(text: str) -> str | None:
    """The UTC text ``YYYY-MM-DD HH:MM:SS[.fff]`` of the instant ``text`` names (a fraction only
    when it is not zero, without trailing zeros), or None if it names none."""
    match = _FORM.fullmatch(text)
    if match is None:
        return None
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    try:
        moment = _dt.datetime(int(year), int(month), int(day), int(hour or 0),
                              int(minute or 0), int(second or 0))
        if zone and zone.upper() != "Z":
            digits = zone[1:].replace(":", "")
            offset = _dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:] or 0))
            moment = moment - offset if zone[0] == "+" else moment + offset
    except (ValueError, OverflowError):
        return None  # no such day or hour, or beyond the years a stored value can have
    stamp = (f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d} "
             f"{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}")
    fraction = (fraction or "").rstrip("0")
    return f"{stamp}.{fraction}" if fraction else stamp


def _stored_form(text: str) -> bool:
    # The form of every stored datetime: no parse needed, its text order is its time order.
    # (Checked by shape alone: this runs for every comparison SQLite makes, sorts included.)
    return len(text) == 19 and text[10] == " " and text[13] == ":" and text[4] == "-"


def compare(left: str, right: str) -> int:
    """The collation: negative, zero or positive as ``left`` names an earlier, the same or a
    later instant than ``right``. Raises :class:`NotADate` for text that names none."""
    if len(left) == 19 == len(right) and left[10] == " " == right[10]:
        # Two stored values (a sort, a join): the common case, kept to the fewest steps.
        return (left > right) - (left < right)
    if not _stored_form(left):
        stamp = canonical(left)
        if stamp is None:
            raise NotADate(left)
        left = stamp
    if not _stored_form(right):
        stamp = canonical(right)
        if stamp is None:
            raise NotADate(right)
        right = stamp
    # Canonical texts share one layout, so their text order is their time order.
    return (left > right) - (left < right)
