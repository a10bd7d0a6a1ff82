"""How many requests a client has in flight: at most ``max_concurrency``, fewer after a 429.

Twilio limits concurrent requests per account; one client serves every connection of an engine
(a dashboard runs many charts at once), so the bound is kept here, across all of them. A 429
halves the bound; it grows back by one after each run of answers without one, so a
rate-limited account slows down instead of failing.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["Concurrency"]


class Concurrency:
    def __init__(self, ceiling: int) -> None:
        self.ceiling = ceiling
        #: The bound now (lower than ``ceiling`` for a while after a 429).
        self.limit = ceiling
        self._in_flight = 0
        self._calm = 0
        self._cond = threading.Condition()

    @property
    def in_flight(self) -> int:
        return self._in_flight

    @contextmanager
    def slot(self) -> Iterator[None]:
        """Hold one of the slots for the length of one request."""
        with self._cond:
            while self._in_flight >= self.limit:
                self._cond.wait()
            self._in_flight += 1
        try:
            yield
        finally:
            with self._cond:
                self._in_flight -= 1
                self._cond.notify()

    def throttled(self) -> None:
        """Twilio answered 429: halve the bound."""
        with self._cond:
            self.limit = max(1, self.limit // 2)
            self._calm = 0

    def answered(self) -> None:
        """An answer that was not a 429: after as many as twice the bound, raise it by one."""
        with self._cond:
            if self.limit >= self.ceiling:
                return
            self._calm += 1
            if self._calm >= 2 * self.limit:
                self.limit += 1
                self._calm = 0
                self._cond.notify()
