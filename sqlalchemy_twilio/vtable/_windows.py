"""A long scan cut into date windows, fetched concurrently, read back in the list's order.

Twilio pages a list one request after another, each page naming the next. When a scan's first
page is full, what is left of it is cut into windows on the list's date filter, each its own
list, ``scan_concurrency`` of them in flight at once. How wide a window is comes from the first
page: it holds 1000 records over some span of days, so a window meant to hold a few pages is
that span a few times over. A window whose own first page comes back full is cut again the
same way (a day is the narrowest window: a day of many pages is paged in order). Every cut is
paid for in requests beyond paging in order, and all of them together stay within
EXTRA_REQUESTS of the pages the scan is estimated to hold.
The oldest window is open below (unless the query bounds it), so no record can fall outside
every window; windows overlap at their edge days, and the rows are put back in the list's own
order with each record once.

Once is by identity. Twilio lists newest first and documents no order for records that share
a timestamp, so a record read again (in the next window, or in the parts of one cut again) is
known by its key (the table's key tuple), never by where it sorts among its ties. Only keys a
later record can still repeat are kept: windows read in order overlap by at most a day, and
merged windows give their dates in order, so a record dated more than a day after the oldest
read so far cannot come again (see :class:`_Once`).
"""

from __future__ import annotations

import collections
import datetime as dt
import functools
import heapq
import itertools
import math
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import Any

from ..resources import ColumnType
from ..resources._values import from_api
from ._dates import DayWindow
from ._plan import WindowScan, date_of

__all__ = ["EXTRA_REQUESTS", "MERGED_WINDOWS", "PAGES_PER_WINDOW", "READ_AHEAD", "Plan",
           "Spending", "Windows", "order_key", "plan_windows"]

Record = dict[str, Any]
Key = tuple[str, ...]

#: Pages a window is sized to hold where how far back the list goes is unknown.
PAGES_PER_WINDOW = 4

#: How much denser than the pages read a window may turn out: its round trips are reckoned
#: from its estimated pages this much more, rounded up.
DENSITY_MARGIN = 0.1

#: The requests a window is reckoned to cost beyond its share of paging in order: its last
#: page is part full, its edge day read twice, and the estimate of its size rough.
WINDOW_COST = 1.0

#: The share of requests beyond paging in order that windows may cost.
EXTRA_REQUESTS = 0.2

#: Pages read ahead of the reader, as a multiple of the windows fetched at once: what a scan
#: that stops early may have asked for in vain.
READ_AHEAD = 5

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
    return date_of(_to_sql(record.get(field)))


@functools.lru_cache(maxsize=4096)
def _day_of(text: str) -> dt.date | None:
    return date_of(text)


_ONE_DAY = dt.timedelta(days=1)


class _Once:
    """The records already given, by identity, for as long as one still to come can repeat
    them.

    A record to come is dated no more than a day after any record read before it: within a
    window dates only fall (Twilio lists newest first); the next window, or the parts of a
    window cut again, begin at most at the edge day of what was read, and a window never
    holds a record after its upper edge day, under either reading of Twilio's date filters;
    merged windows are read in the order of their dates. So the keys of records dated more
    than a day after the oldest read are forgotten. The records given before the windows are
    kept until the windows' own records have gone a day below them: merged windows read their
    days again."""

    def __init__(self, identity: Callable[[Record], Key], date: Callable[[Record], str],
                 given: Sequence[Record]) -> None:
        self._identity = identity
        self._date = date
        self._given: dict[Key, dt.date | None] = {
            identity(r): _day_of(date(r)) for r in given}
        # The oldest date given before the windows: a record dated after it that was not
        # given then was made since, and paging in order would not reach it either.
        dated = [d for d in map(date, given) if _day_of(d) is not None]
        self._newest = min(dated) if dated else None
        self._oldest: dt.date | None = None

    def first(self, record: Record) -> bool:
        """Whether ``record`` is given now for the first time (it is then remembered)."""
        date = self._date(record)
        day = _day_of(date)
        if day is not None:
            if self._newest is not None and date > self._newest:
                return False
            if self._oldest is None or day < self._oldest:
                self._oldest = day
                if day < dt.date.max:
                    edge = day + _ONE_DAY
                    self._given = {k: d for k, d in self._given.items()
                                   if d is None or d <= edge}
        key = self._identity(record)
        if key in self._given:
            return False
        self._given[key] = day
        return True


@dataclass(frozen=True)
class Plan:
    """How the rest of a scan is cut: ``windows`` newest first (none: it is paged in order)."""

    windows: list[DayWindow]
    #: The pages the rest is estimated to hold, and the requests beyond paging it in order
    #: the windows are estimated to cost.
    pages: float = 0.0
    extra: float = 0.0


def _spare(pages: float) -> float:
    return EXTRA_REQUESTS * pages


def plan_windows(scan: WindowScan, seen: Sequence[Record], pages: int, *, windows: int,
                 today: dt.date | None, start: dt.date | None, most: int | None = None,
                 spare: Callable[[float], float] = _spare) -> Plan:
    """The windows for the rest of a scan whose first ``pages`` pages (their records
    ``seen``) were full; none where the rest is better paged in order (it is likely to be a
    few pages, or to lie within a day).

    ``start`` is the earliest day a record can have (the account's creation) if known,
    ``today`` Twilio's day if known; ``most`` bounds how many windows there are, ``spare``
    the requests beyond paging in order they may cost, given the pages the scan holds."""
    bounds = scan.bounds
    days = sorted(d for d in (_day(r, scan.field) for r in seen) if d is not None)
    if not days:
        return Plan([])
    one_day = dt.timedelta(days=1)
    span = (days[-1] - days[0]).days
    # The days one page's worth of records spans, so a window of a few pages is that many.
    # (Counting both edge days: the estimate must not promise more pages than there are.)
    per_page = (span + 1) / pages
    merged = not scan.ordered
    if merged:
        # Merged by another order: the windows cover the query's whole range again.
        top = bounds.upper or (today or days[-1]) + one_day
        open_top = bounds.upper is None
    else:
        # What the scan has left is no newer than the last record read.
        top = days[0] + one_day
        top = min(top, bounds.upper) if bounds.upper is not None else top
        open_top = False
    oldest = start or bounds.lower
    if oldest is None:
        # Unknown start: windows a few pages wide each, the oldest open below.
        width = dt.timedelta(days=max(1, math.ceil(per_page * PAGES_PER_WINDOW)))
        cuts = [top - width * i for i in range(1, windows)]
        left = PAGES_PER_WINDOW * windows
        extra = WINDOW_COST * windows + (pages if merged else 0)
    else:
        total = (top - oldest).days
        left = total / per_page  # pages, if the records are spread as on those read
        # Merged windows are all open at once: no more than a few times what can be fetched.
        most = min(total, windows * MERGED_WINDOWS if merged else total,
                   total if most is None else most)
        if span < 2:
            # Pages that span a day or two say little of the rest (a burst of today's calls):
            # no more windows than are fetched at once, so a wrong guess costs little.
            most = min(most, windows)
        count, extra = _count(left, pages if merged else 0, most, windows,
                              spare(left + pages))
        if count < 2:
            return Plan([], left)
        cuts = [top - dt.timedelta(days=round(total / count * i)) for i in range(1, count)]
        cuts = [c for c in cuts if c > oldest]
    edges = [top, *dict.fromkeys(cuts)]
    if len(edges) < 2:
        return Plan([], left)
    out = []
    for i, high in enumerate(edges):
        low = edges[i + 1] if i + 1 < len(edges) else bounds.lower
        upper = None if i == 0 and open_top else high
        strict = bounds.strict_upper if upper is not None and upper == bounds.upper else None
        out.append(DayWindow(lower=low, upper=upper, strict_upper=strict))
    return Plan(out, left, extra)


def _count(left: float, reread: int, most: int, at_once: int, allowed: float
           ) -> tuple[int, float]:
    """How many windows ``left`` pages are cut into (1: none), and what they cost beyond
    paging in order: the fewest round trips, then the fewest requests, within ``allowed``.
    (Merged windows read the range of the ``reread`` pages read so far again.)"""
    best, cheapest = (1, 0.0), (math.inf, math.inf)
    for count in range(2, min(most, math.ceil(left) + 1) + 1):
        extra = count * WINDOW_COST + reread
        if extra > allowed:
            break
        each = max(1, math.ceil(left / count * (1 + DENSITY_MARGIN)))
        cost = (max(math.ceil((left + extra) / at_once), each), extra)
        if cost < cheapest:
            best, cheapest = (count, extra), cost
    return best


class Spending:
    """What a scan's windows may cost beyond paging in order, across every cut: at most
    EXTRA_REQUESTS of the pages the scan is estimated to hold, an estimate each window's first
    page makes better."""

    def __init__(self, read: int, plan: Plan) -> None:
        self._pages = read + plan.pages
        self._spent = plan.extra
        self._share = {w: plan.pages / len(plan.windows) for w in plan.windows}
        self._lock = threading.Lock()

    def cut(self, window: DayWindow, full: bool, plan: Callable[[Callable[[float], float]], Plan]
            ) -> list[DayWindow]:
        """The windows the rest of ``window`` is cut into, from ``plan`` given what they may
        cost; ``full``: its first page named a next one and it may be cut (else it is
        reckoned the one page)."""
        with self._lock:
            rest = self._pages - self._share.pop(window, 0.0)
            if not full:
                self._pages = rest + 1
                return []
            # No cut spends more than its own share, so the first do not leave none for others.
            cut = plan(lambda pages: min(EXTRA_REQUESTS * pages,
                                         EXTRA_REQUESTS * (rest + pages) - self._spent))
            self._pages = rest + 1 + cut.pages
            if cut.windows:
                self._spent += cut.extra
                self._share.update((w, cut.pages / len(cut.windows)) for w in cut.windows)
            return cut.windows


Page = dict[str, Any]
#: A window's bounds and its list's pages.
Part = tuple[DayWindow, Iterator[Page]]
#: What is left of a window whose first page came back full, in windows of its own (none: it
#: is paged in order); the last argument is how many windows it may be cut into, if bounded.
Split = Callable[[DayWindow, Page, "int | None"], Sequence[Part]]


@dataclass(eq=False)
class _Window:
    bounds: DayWindow
    stream: Iterator[Page]
    ready: collections.deque[Any] = field(default_factory=collections.deque)
    busy: bool = False
    over: bool = False
    opened: bool = False
    #: The windows the rest of this one was cut into, once its first page came.
    parts: list[_Window] = field(default_factory=list)


class Windows:
    """The windows' pages, fetched ahead of the reader within one budget for them all, and
    read back as one list.

    Each window asks for one page at a time (a page names the next), each page its own task on
    the executor, so a worker never waits for the reader (who may be waiting for a worker,
    inside a join). At most ``at_once`` pages are in flight and at most ``budget`` asked for and
    not yet read, the windows the reader comes to first served first: that keeps the slots
    busy while the reader keeps up, bounds memory, and bounds what a scan that stops early
    asked for in vain. A window whose first page comes back full may be cut again by
    ``split``, its parts read in its place."""

    _END = object()

    def __init__(self, windows: Sequence[Part], executor: Executor, *, budget: int,
                 at_once: int, merged: bool = False, split: Split | None = None) -> None:
        self._top = [_Window(bounds, stream) for bounds, stream in windows]
        #: Every window, in the order the reader comes to them.
        self._windows = list(self._top)
        self._merged = merged
        self._split = split
        self._executor = executor
        self._budget = budget
        self._at_once = at_once
        self._flying = 0
        self._held = 0
        self._read = 0
        self._waiting: list[_Window] = []
        self._stopped = False
        self._cond = threading.Condition()
        with self._cond:
            self._ask()

    def records(self, list_key: str, key: Callable[[Record], Key],
                identity: Callable[[Record], Key], given: Sequence[Record] = ()
                ) -> Iterator[Record]:
        """The windows' records as one list in its order, each once by its ``identity`` (the
        table's key); ``given`` are the records already given (the first pages'): only
        those not among them follow, and none dated after them, as a scan in order would
        give them. ``key`` is the list's order, which merged windows are read in."""
        once = _Once(identity, lambda r: key(r)[0], given)
        for record in self._merge([self._of(w, list_key, key) for w in self._top], key):
            if once.first(record):
                yield record

    def _merge(self, sources: list[Iterator[Record]], key: Callable[[Record], Key]
               ) -> Iterator[Record]:
        # Windows in the list's own order follow each other; others interleave.
        if self._merged:
            return heapq.merge(*sources, key=key, reverse=True)
        return itertools.chain.from_iterable(sources)

    def _of(self, window: _Window, list_key: str, key: Callable[[Record], Key]
            ) -> Iterator[Record]:
        pages = self._pages(window)
        first = next(pages, None)
        if first is None:
            return
        if not window.parts:  # (set before its first page is handed over)
            yield from first[list_key]
            for page in pages:
                yield from page[list_key]
            return
        yield from self._merge([iter(first[list_key]),
                                *(self._of(p, list_key, key) for p in window.parts)], key)

    def _ask(self) -> None:
        # Called holding the lock. The window the reader waits on is asked for whatever the
        # budget (merged windows may all hold a page the reader does not need yet); the
        # others within it, in the order the reader comes to them.
        # A merge reads every window's first page before its first row: those pages come on
        # top of the read-ahead.
        if self._stopped:
            return
        opening = len(self._windows) if self._merged else 0
        # The read-ahead grows with what the reader has taken, so a scan that stops early has
        # asked in vain for no more than it read, plus a page per slot.
        budget = min(self._budget, self._at_once + self._read) + opening
        for w in [*self._waiting, *self._windows]:
            if self._flying >= self._at_once:
                return
            if self._held >= budget and w not in self._waiting:
                return
            if not w.busy and not w.over:
                w.busy = True
                self._held += 1
                self._flying += 1
                self._executor.submit(self._fetch, w)

    def _room(self) -> int | None:
        # Merged windows all hold a page at once: their number bounds memory. (Windows in
        # order are read one after another: the budget bounds what they hold.)
        if not self._merged:
            return None
        return self._at_once * MERGED_WINDOWS - len(self._windows)

    def _fetch(self, w: _Window) -> None:
        parts: Sequence[Part] = ()
        try:
            item: Any = next(w.stream, self._END)
            if not w.opened and self._split is not None and isinstance(item, dict):
                with self._cond:
                    room = self._room()
                parts = self._split(w.bounds, item, room) if room is None or room > 1 else ()
                if parts:
                    _close(w.stream)  # (still busy: nothing else touches it)
        except BaseException as exc:  # noqa: BLE001 - handed to the reader
            item = exc
        with self._cond:
            w.busy = False
            w.opened = True
            self._flying -= 1
            w.ready.append(item)
            if parts and not self._stopped:
                w.parts = [_Window(bounds, stream) for bounds, stream in parts]
                at = self._windows.index(w) + 1
                self._windows[at:at] = w.parts
                w.ready.append(self._END)
                w.over = True
            if item is self._END or isinstance(item, BaseException):
                w.over = True
                self._held -= 1  # not a page: nothing to read
            self._ask()
            self._cond.notify_all()

    def _pages(self, w: _Window) -> Iterator[Page]:
        while True:
            with self._cond:
                if not w.ready:
                    self._waiting.append(w)
                    self._ask()
                    while not w.ready:
                        self._cond.wait()
                    self._waiting.remove(w)
                item = w.ready.popleft()
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
            self._stopped = True
            for w in self._windows:
                w.over = True
            idle = [w for w in self._windows if not w.busy]
            busy = len(self._windows) - len(idle)
        for w in idle:
            _close(w.stream)
        if busy:
            self._executor.submit(self._close_when_idle)

    def _close_when_idle(self) -> None:
        with self._cond:
            while any(w.busy for w in self._windows):
                self._cond.wait()
            streams = [w.stream for w in self._windows]
        for stream in streams:
            _close(stream)


def _close(stream: Any) -> None:
    close = getattr(stream, "close", None)
    if close is not None:
        close()
