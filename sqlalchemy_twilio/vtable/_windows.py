"""A long scan cut into date windows, fetched concurrently, read back in the list's order.

Twilio pages a list one request after another, each page naming the next. When a scan's first
page is full, what is left of it is cut into windows on the list's date filter, each its own
list, ``scan_concurrency`` of them in flight at once. How wide a window is comes from the first
page: it holds 1000 records over some span of days, so a window meant to hold a few pages is
that span a few times over.
The oldest window is open below (unless the query bounds it), so no record can fall outside
every window; windows overlap at their edge days, and the rows are put back in the list's own
order with each record once.
"""

from __future__ import annotations

import collections
import datetime as dt
import heapq
import math
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor
from typing import Any

from ..resources import ColumnType
from ..resources._values import from_api
from ._dates import DayWindow
from ._plan import WindowScan

__all__ = ["EXTRA_REQUESTS", "MERGED_WINDOWS", "PAGES_PER_WINDOW", "READ_AHEAD", "Windows",
           "in_order", "order_key", "plan_windows"]

Record = dict[str, Any]
Key = tuple[str, ...]

#: Pages a window is sized to hold: each window's last page is part full, so fewer pages a
#: window means more requests beyond the fewest; more means longer paging within a window.
PAGES_PER_WINDOW = 4

#: The share of requests beyond paging in order that windows may cost.
EXTRA_REQUESTS = 0.2

#: Pages read ahead of the reader, as a multiple of the windows fetched at once: what a scan
#: that stops early may have asked for in vain.
READ_AHEAD = 3

#: Windows merged by another order than their own date each hold a page from the start: at most
#: this many times the windows fetched at once.
MERGED_WINDOWS = 4

_to_sql = from_api(ColumnType.DATETIME)


def order_key(scan: WindowScan) -> Callable[[Record], Key]:
    """The list's order as a sortable key: its date (as SQLite text) first, then the rest."""
    first, *rest = scan.order

    def key(record: Record) -> Key:
        return (_to_sql(record.get(first)) or "",
                *(str(record.get(f) or "") for f in rest))
    return key


def _day(record: Record, field: str) -> dt.date | None:
    text = _to_sql(record.get(field))
    try:
        return dt.date.fromisoformat(text[:10]) if isinstance(text, str) else None
    except ValueError:
        return None


def plan_windows(scan: WindowScan, seen: Sequence[Record], pages: int, *, windows: int,
                 today: dt.date | None, start: dt.date | None) -> list[DayWindow]:
    """The windows, newest first, for the rest of a scan whose first ``pages`` pages (their
    records ``seen``) were full; none where the rest is better paged in order (it is likely
    to be a few pages, or to lie within a day).

    ``start`` is the earliest day a record can have (the account's creation) if known,
    ``today`` Twilio's day if known."""
    bounds = scan.bounds
    days = sorted(d for d in (_day(r, scan.field) for r in seen) if d is not None)
    if not days:
        return []
    one_day = dt.timedelta(days=1)
    span = (days[-1] - days[0]).days
    # The days one page's worth of records spans, so a window of a few pages is that many.
    # (Counting both edge days: the estimate must not promise more pages than there are.)
    per_page = (span + 1) / pages
    if scan.ordered:
        # What the scan has left is no newer than the last record read.
        top = days[0] + one_day
        top = min(top, bounds.upper) if bounds.upper is not None else top
        open_top = False
    else:
        # Merged by another order: the windows cover the query's whole range again.
        top = bounds.upper or (today or days[-1]) + one_day
        open_top = bounds.upper is None
    oldest = start or bounds.lower
    if oldest is None:
        # Unknown start: windows a few pages wide each, the oldest open below.
        width = dt.timedelta(days=max(1, math.ceil(per_page * PAGES_PER_WINDOW)))
        cuts = [top - width * i for i in range(1, windows)]
    else:
        total = (top - oldest).days
        left = total / per_page  # pages, if the records are spread as on those read
        if left < 2 * PAGES_PER_WINDOW:
            return []
        # Windows that follow each other are read one after another, so many small ones keep
        # every slot busy; merged windows are all open at once, so no more than can be fetched.
        most = windows * MERGED_WINDOWS if not scan.ordered else total
        # Each window costs about a request more than its pages (its last page part full, its
        # edge day read twice), and merged windows read the first page's range again: few
        # enough windows that the scan spends at most EXTRA_REQUESTS more than in order.
        affordable = math.floor(EXTRA_REQUESTS * (left + pages)) - (0 if scan.ordered else 1)
        if span < 2:
            # Pages that span a day or two say little of the rest (a burst of today's calls):
            # no more windows than are fetched at once, so a wrong guess costs little.
            most = min(most, windows)
        count = min(most, total, math.ceil(left / PAGES_PER_WINDOW), affordable)
        if count < 2:
            return []
        cuts = [top - dt.timedelta(days=round(total / count * i)) for i in range(1, count)]
        cuts = [c for c in cuts if c > oldest]
    edges = [top, *dict.fromkeys(cuts)]
    if len(edges) < 2:
        return []
    out = []
    for i, high in enumerate(edges):
        low = edges[i + 1] if i + 1 < len(edges) else bounds.lower
        upper = None if i == 0 and open_top else high
        strict = bounds.strict_upper if upper is not None and upper == bounds.upper else None
        out.append(DayWindow(lower=low, upper=upper, strict_upper=strict))
    return out


def in_order(sources: Sequence[Iterator[Record]], key: Callable[[Record], Key], *,
             ordered: bool, after: Key | None = None) -> Iterator[Record]:
    """The records of the windows (newest first) as one list in its order, each once.

    ``ordered`` windows follow each other, so their records are read window after window;
    others are merged. ``after`` is the last record already given (the first page's): only
    older ones follow, as a scan in order would give them."""
    last = after
    if ordered:
        for source in sources:
            for record in source:
                k = key(record)
                if last is None or k < last:
                    last = k
                    yield record
        return
    for record in heapq.merge(*sources, key=key, reverse=True):
        k = key(record)
        if last is None or k < last:
            last = k
            yield record


class Windows:
    """The windows' pages, fetched ahead of the reader within one budget for them all.

    Each window asks for one page at a time (a page names the next), each page its own task on
    the executor, so a worker never waits for the reader (who may be waiting for a worker,
    inside a join). At most ``at_once`` pages are in flight and at most ``budget`` asked for and
    not yet read, the windows read first served first: that keeps the slots busy while the
    reader keeps up, bounds memory, and bounds what a scan that stops early asked for in vain."""

    _END = object()

    def __init__(self, streams: Sequence[Iterator[dict[str, Any]]], executor: Executor,
                 budget: int, at_once: int, merged: bool = False) -> None:
        self._streams = list(streams)
        self._merged = merged
        self._executor = executor
        self._budget = budget
        self._at_once = at_once
        self._flying = 0
        n = len(self._streams)
        self._ready: list[collections.deque[Any]] = [collections.deque() for _ in range(n)]
        self._busy = [False] * n
        self._over = [False] * n
        self._held = 0
        self._read = 0
        self._waiting: set[int] = set()
        self._cond = threading.Condition()
        with self._cond:
            self._ask()

    def _ask(self) -> None:
        # Called holding the lock. The window the reader waits on is asked for whatever the
        # budget (merged windows may all hold a page the reader does not need yet); the
        # others within it, the windows read first served first.
        order: Iterable[int] = range(len(self._streams))
        opening = 0
        if self._merged:
            # A merge reads every window's first page before its first row, so windows are
            # served breadth first, and those first pages come on top of the read-ahead.
            order = sorted(order, key=lambda i: (len(self._ready[i]) + self._busy[i], i))
            opening = len(self._streams)
        for i in [*self._waiting, *order]:
            if self._flying >= self._at_once:
                return
            # The read-ahead grows with what the reader has taken, so a scan that stops
            # early has asked in vain for no more than it read, plus a page per slot.
            budget = min(self._budget, self._at_once + self._read) + opening
            if self._held >= budget and i not in self._waiting:
                return
            if not self._busy[i] and not self._over[i]:
                self._busy[i] = True
                self._held += 1
                self._flying += 1
                self._executor.submit(self._fetch, i)

    def _fetch(self, i: int) -> None:
        try:
            item: Any = next(self._streams[i], self._END)
        except BaseException as exc:  # noqa: BLE001 - handed to the reader
            item = exc
        with self._cond:
            self._busy[i] = False
            self._flying -= 1
            self._ready[i].append(item)
            if item is self._END or isinstance(item, BaseException):
                self._over[i] = True
                self._held -= 1  # not a page: nothing to read
            self._ask()
            self._cond.notify_all()

    def pages(self, i: int) -> Iterator[dict[str, Any]]:
        """Window ``i``'s pages, in order."""
        while True:
            with self._cond:
                if not self._ready[i]:
                    self._waiting.add(i)
                    self._ask()
                    while not self._ready[i]:
                        self._cond.wait()
                    self._waiting.discard(i)
                item = self._ready[i].popleft()
                if item is not self._END and not isinstance(item, BaseException):
                    self._held -= 1
                    self._read += 1
                self._ask()
            if item is self._END:
                return
            if isinstance(item, BaseException):
                raise item
            yield item

    def stop(self) -> None:
        """Ask for no more pages; a page in flight closes its window's stream after it."""
        with self._cond:
            for i in range(len(self._over)):
                self._over[i] = True
            idle = [i for i, busy in enumerate(self._busy) if not busy]
            busy = len(self._busy) - len(idle)
        for i in idle:
            _close(self._streams[i])
        if busy:
            self._executor.submit(self._close_when_idle)

    def _close_when_idle(self) -> None:
        with self._cond:
            while any(self._busy):
                self._cond.wait()
        for stream in self._streams:
            _close(stream)


def _close(stream: Any) -> None:
    close = getattr(stream, "close", None)
    if close is not None:
        close()
