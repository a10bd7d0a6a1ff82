"""A small, time-limited cache of GET answers, for dashboards that re-run the same query."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

__all__ = ["ResponseCache"]


class ResponseCache:
    """Up to ``max_entries`` answers, each kept ``ttl`` seconds, least recently used first out.

    Keys are the full request (path and query); one cache belongs to one client, so to one set
    of credentials.
    """

    def __init__(self, ttl: float, max_entries: int = 256,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl = ttl
        self.max_entries = max_entries
        self._clock = clock
        self._lock = threading.Lock()
        self._entries: OrderedDict[str, tuple[float, Any]] = OrderedDict()

    def get(self, key: str) -> Any | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            stored, value = entry
            if self._clock() - stored > self.ttl:
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return value

    def put(self, key: str, value: Any) -> None:
        with self._lock:
            self._entries[key] = (self._clock(), value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def drop_under(self, prefix: str) -> None:
        """Forget every answer for paths that start with ``prefix``."""
        with self._lock:
            for key in [k for k in self._entries if k.startswith(prefix)]:
                del self._entries[key]

    def __len__(self) -> int:
        return len(self._entries)
