"""Twilio's whole-day date parameters, and the window that is safe to push.

Inside SQLite a datetime is the text ``YYYY-MM-DD HH:MM:SS`` and comparisons against it are
text comparisons. Twilio filters by whole UTC days, and documents ``DateCreated<=D`` ambiguously
("on or before midnight of D"): it may mean up to D 00:00:00 or up to the end of day D. The
window pushed here holds every row the SQL predicate can accept under the stricter reading
(so also under the looser one); SQLite re-checks the exact predicate.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, replace

__all__ = ["DayWindow"]

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_STORED = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}")
_ONE_DAY = _dt.timedelta(days=1)


def _day(value: str) -> _dt.date | None:
    """The calendar day a comparison value starts with, if it starts with one."""
    if len(value) < 10 or not _DAY.fullmatch(value[:10]):
        return None
    try:
        return _dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _next_day(day: _dt.date) -> _dt.date | None:
    """The day after ``day``; None after 9999-12-31, the last day a stored value can have."""
    return None if day == _dt.date.max else day + _ONE_DAY


def _holds(stored: str, op: str, value: str) -> bool:
    if op == "<":
        return stored < value
    if op == "<=":
        return stored <= value
    if op == ">":
        return stored > value
    return stored >= value


@dataclass(frozen=True)
class DayWindow:
    """Rows created on or after ``lower`` 00:00 and on or before ``upper`` 00:00 (UTC).

    ``day`` narrows to one whole UTC day (Twilio's ``DateCreated=D``). The text bounds
    (``low``/``high``: value and whether it is inclusive) are kept to detect a window that no
    value can fall in, which needs no request at all.
    """

    lower: _dt.date | None = None
    upper: _dt.date | None = None
    #: The day to send where Twilio's ``<`` means strictly before D 00:00:00 (None: the day
    #: after ``upper``, which is always enough).
    strict_upper: _dt.date | None = None
    day: _dt.date | None = None
    low: tuple[str, bool] | None = None
    high: tuple[str, bool] | None = None
    empty: bool = False

    def narrow(self, op: str, value: object) -> DayWindow:
        """This window intersected with the rows that can satisfy ``column <op> value``."""
        if self.empty:
            return self
        if value is None:
            # A comparison with NULL is never true.
            return replace(self, empty=True)
        if not isinstance(value, str):
            # Numbers and blobs compare by SQLite's type order, not as dates: widen.
            return self
        day = _day(value)
        if day is None:
            return self
        if op == "=":
            if not _STORED.fullmatch(value) or (self.day is not None and self.day != day):
                # Stored values always have this exact form; nothing else can be equal.
                return replace(self, empty=True)
            return self._tightened(low=(value, True), high=(value, True), day=day)
        if op in ("<", "<="):
            # If a row later than 00:00:00 on day D qualifies, the window must take in the
            # whole of day D; if only D 00:00:00 or nothing on day D does, the stricter
            # reading of "on or before D" already covers it.
            # (After the last possible day there is no bound to push.)
            upper = _next_day(day) if _holds(f"{value[:10]} 00:00:01", op, value) else day
            # Strictly before D 00:00:00 leaves out D's midnight: D only if that fails too.
            strict = _next_day(day) if _holds(f"{value[:10]} 00:00:00", op, value) else day
            return self._tightened(high=(value, op == "<="), upper=upper, strict_upper=strict)
        if op in (">", ">="):
            if _holds(f"{value[:10]} 23:59:59", op, value):
                return self._tightened(low=(value, op == ">="), lower=day)
            lower = _next_day(day)
            if lower is None:
                # Only a value later than 9999-12-31 23:59:59 could qualify: none can.
                return replace(self, empty=True)
            return self._tightened(low=(value, op == ">="), lower=lower)
        return self

    def _tightened(
        self,
        *,
        low: tuple[str, bool] | None = None,
        high: tuple[str, bool] | None = None,
        lower: _dt.date | None = None,
        upper: _dt.date | None = None,
        strict_upper: _dt.date | None = None,
        day: _dt.date | None = None,
    ) -> DayWindow:
        if low is not None and self.low is not None:
            low = max(low, self.low, key=lambda b: (b[0], not b[1]))
        if high is not None and self.high is not None:
            high = min(high, self.high, key=lambda b: (b[0], b[1]))
        new = DayWindow(
            lower=max(d for d in (lower, self.lower) if d) if lower or self.lower else None,
            upper=min(d for d in (upper, self.upper) if d) if upper or self.upper else None,
            strict_upper=min(d for d in (strict_upper, self.strict_upper) if d)
            if strict_upper or self.strict_upper else None,
            day=day or self.day,
            low=low or self.low,
            high=high or self.high,
        )
        return replace(new, empty=new._is_empty())

    def _is_empty(self) -> bool:
        if self.lower and self.upper and self.lower > self.upper:
            return True
        if self.day and (
            (self.lower and self.day < self.lower) or (self.upper and self.day > self.upper)
        ):
            return True
        if self.low and self.high:
            (lo, lo_incl), (hi, hi_incl) = self.low, self.high
            return lo > hi or (lo == hi and not (lo_incl and hi_incl))
        return False

    def params(self, name: str, before_is_strict: bool = False) -> dict[str, str]:
        """Twilio's parameters for this window on the parameter called ``name`` (whose ``<``
        form means strictly before D 00:00:00 when ``before_is_strict``)."""
        if self.day is not None:
            # One whole day is already as narrow as any bound that contains it.
            return {name: self.day.isoformat()}
        out = {}
        if self.lower is not None:
            out[f"{name}>"] = self.lower.isoformat()
        upper = self.upper
        if before_is_strict and upper is not None:
            upper = self.strict_upper or _next_day(upper)
        if upper is not None:
            out[f"{name}<"] = upper.isoformat()
        return out
