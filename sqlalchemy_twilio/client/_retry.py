"""When to retry, and how long to wait: exponential backoff with full jitter, bounded."""

from __future__ import annotations

import datetime as _dt
import random
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

__all__ = ["RetryPolicy", "RETRY_STATUSES"]

#: Answers worth asking again: rate limiting and server trouble.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class RetryPolicy:
    """``max_retries`` further tries after the first, sleeping at most ``budget`` seconds in
    all; each wait is a random share of ``base * 2**attempt`` (capped at ``cap``), or what
    ``Retry-After`` asks for (capped at ``cap_retry_after``)."""

    max_retries: int = 5
    budget: float = 60.0
    base: float = 0.25
    cap: float = 8.0
    cap_retry_after: float = 30.0

    def delay(self, attempt: int, retry_after: str | None, rng: random.Random) -> float:
        asked = _retry_after_seconds(retry_after)
        if asked is not None:
            return min(max(asked, 0.0), self.cap_retry_after)
        return rng.uniform(0.0, min(self.cap, self.base * (2 ** attempt)))


def _retry_after_seconds(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=_dt.timezone.utc)
    return (when - _dt.datetime.now(_dt.timezone.utc)).total_seconds()
