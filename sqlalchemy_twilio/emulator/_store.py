"""The emulator's data: one :class:`Table` per resource, linked by parent fields, in one
:class:`Store` with the account, the clock and the lock every request holds.
"""

from __future__ import annotations

import bisect
import hashlib
import random
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ._paging import Position
from ._wire import format_stamp, not_found, parse_stamp

__all__ = ["TIE_ORDERS", "Store", "Table", "shaped", "tie_order"]

Record = dict[str, Any]

#: How a list orders records that share their timestamp, which Twilio does not document:
#: ``"sid"``, by key descending (as these lists always have); ``"shuffled"``, in an order drawn
#: from the store's seed, one fixed order for every request so that paging stays consistent.
TIE_ORDERS = ("sid", "shuffled")


def tie_order(ties: str, seed: int) -> Callable[[str], str] | None:
    """A record's place among those sharing its timestamp, from its key (the list walks
    places descending); None: the key itself."""
    if ties not in TIE_ORDERS:
        raise ValueError(f"ties must be one of {', '.join(TIE_ORDERS)}, not {ties!r}")
    if ties == "sid":
        return None
    salt = f"ties-{seed}-".encode()
    # The key follows the drawn prefix, so no two records share a place.
    return lambda key: hashlib.blake2b(salt + key.encode(), digest_size=8).hexdigest() + key


def shaped(record: Record, fields: tuple[str, ...]) -> Record:
    """A record with every field of its schema (null where it has none), then any others it
    carries, as given."""
    out = {f: record.get(f) for f in fields}
    out.update({k: v for k, v in record.items() if k not in out})
    return out


class Table:
    """Records keyed by one field, kept in list order: ascending ``(date_created, place)``,
    walked backwards so lists are newest first. A record's place among those sharing its
    timestamp is its key, or what ``place`` makes of it (see :func:`tie_order`). Parsed
    timestamps are cached per field."""

    shape: tuple[type, ...] = (float, str)

    def __init__(self, key: str, order_field: str = "date_created",
                 place: Callable[[str], str] | None = None) -> None:
        self.key = key
        self.order_field = order_field
        self.rows: dict[str, Record] = {}
        self.order: list[tuple[float, str]] = []
        self._place = place
        #: The key at each place, where places are not the keys themselves.
        self._at: dict[str, str] = {}
        self._stamps: dict[str, dict[str, float | None]] = {}
        # For date-window filters: per field, (stamp, position) sorted by stamp, and the
        # positions in a window, both rebuilt after a change.
        self._changes = 0
        self._by_stamp: dict[str, tuple[int, list[tuple[float, Position]]]] = {}
        self._in_window: dict[tuple[Any, ...], tuple[int, list[Position]]] = {}

    def __len__(self) -> int:
        return len(self.rows)

    def __contains__(self, key: object) -> bool:
        return key in self.rows

    def get(self, key: str) -> Record | None:
        return self.rows.get(key)

    def require(self, key: str, path: str) -> Record:
        """The record of ``key``; a 404 for ``path`` when there is none."""
        record = self.rows.get(key)
        if record is None:
            raise not_found(path)
        return record

    def load(self, records: list[Record], stamps: dict[str, list[float | None]] | None = None
             ) -> None:
        """Add many records at once; ``stamps`` may give the parsed timestamps of fields
        (aligned with ``records``) so they need not be parsed back."""
        given = stamps or {}
        for name, values in given.items():
            cache = self._stamps.setdefault(name, {})
            for record, value in zip(records, values):
                cache[record[self.key]] = value
        for name, cache in self._stamps.items():
            if name not in given:
                for record in records:
                    cache[record[self.key]] = parse_stamp(record.get(name))
        for record in records:
            self.rows[record[self.key]] = record
        self.order = sorted(self.position(k) for k in self.rows)
        self._changes += 1

    def add(self, record: Record) -> None:
        key = record[self.key]
        self.rows[key] = record
        self.touch(key)
        bisect.insort(self.order, self.position(key))
        self._changes += 1

    def remove(self, key: str) -> Record:
        record = self.rows[key]
        position = self.position(key)
        i = bisect.bisect_left(self.order, position)
        del self.order[i]
        del self.rows[key]
        if self._place is not None:
            del self._at[position[1]]
        for cache in self._stamps.values():
            cache.pop(key, None)
        self._changes += 1
        return record

    def touch(self, key: str) -> None:
        """Forget the cached timestamps of a record whose fields changed (its order field
        never changes)."""
        record = self.rows[key]
        for name, cache in self._stamps.items():
            cache[key] = parse_stamp(record.get(name))
        self._changes += 1

    def stamp(self, name: str, key: str) -> float | None:
        cache = self._stamps.get(name)
        if cache is None:
            cache = self._stamps[name] = {k: parse_stamp(r.get(name))
                                          for k, r in self.rows.items()}
        return cache[key]

    def _order_stamp(self, key: str) -> float:
        cache = self._stamps.setdefault(self.order_field, {})
        if key not in cache:
            cache[key] = parse_stamp(self.rows[key].get(self.order_field))
        return cache[key] or 0.0

    def position(self, key: str) -> Position:
        if self._place is None:
            return (self._order_stamp(key), key)
        place = self._place(key)
        self._at[place] = key
        return (self._order_stamp(key), place)

    def _key(self, position: Position) -> str:
        return position[1] if self._place is None else self._at[position[1]]

    def newest_first(self, before: Position | None = None) -> Iterator[tuple[Position, str]]:
        """Positions and keys, newest first, strictly after ``before`` in list order."""
        order = self.order
        end = len(order) if before is None else bisect.bisect_left(order, before)
        for i in range(end - 1, -1, -1):
            yield order[i], self._key(order[i])

    def scan(self, before: Position | None, keep: Callable[[str, Record], bool],
             view: Callable[[Record], Record],
             window: tuple[str, float | None, float | None] | None = None
             ) -> Iterator[tuple[Position, Record]]:
        """Matching records newest first, strictly after ``before``. A ``window`` (field,
        earliest, latest stamp) only narrows which records are looked at: ``keep`` still
        decides, so it must hold the window's own checks."""
        rows = self.rows
        if window is None:
            found: Iterator[tuple[Position, str]] = self.newest_first(before)
        else:
            found = self._newest_in(window, before)
        for position, key in found:
            record = rows[key]
            if keep(key, record):
                yield position, view(record)

    def _newest_in(self, window: tuple[str, float | None, float | None],
                   before: Position | None) -> Iterator[tuple[Position, str]]:
        cached = self._in_window.get(window)
        if cached is None or cached[0] != self._changes:
            name, low, high = window
            index = self._by_stamp.get(name)
            if index is None or index[0] != self._changes:
                stamps = [(self.stamp(name, self._key(p)), p) for p in self.order]
                index = (self._changes, sorted((s, p) for s, p in stamps if s is not None))
                self._by_stamp[name] = index
            entries = index[1]
            lo = 0 if low is None else bisect.bisect_left(entries, (low,))
            hi = len(entries) if high is None else bisect.bisect_right(
                entries, (high, (float("inf"), "\uffff")))
            cached = (self._changes, sorted(p for _, p in entries[lo:hi]))
            if len(self._in_window) > 256:
                self._in_window.clear()
            self._in_window[window] = cached
        positions = cached[1]
        end = len(positions) if before is None else bisect.bisect_left(positions, before)
        for i in range(end - 1, -1, -1):
            yield positions[i], self._key(positions[i])

    def all(self) -> list[Record]:
        return [self.rows[self._key(p)] for p in reversed(self.order)]


@dataclass
class Store:
    """Every table of the one account, and what writes need: the clock and new SIDs."""

    account_sid: str
    seed: int = 1
    retention_days: int = 400
    #: How lists order records that share their timestamp (one of TIE_ORDERS).
    ties: str = "sid"
    clock: Callable[[], float] = time.time
    conferences: Table = field(init=False)
    participants: Table = field(init=False)
    recordings: Table = field(init=False)
    calls: Table = field(init=False)
    messages: Table = field(init=False)
    # The lists served from the spec alone (``_generic``), by list path.
    generic: dict[str, Table] = field(default_factory=dict)
    # Recordings deleted through the API: kept 40 days for IncludeSoftDeleted, as Twilio does.
    deleted: set[str] = field(default_factory=set)
    # Usage records given as data (list path → records); None: derived from the other tables.
    usage_given: dict[str, list[Record]] | None = None
    # Bumped by every write that changes what usage records are derived from.
    version: int = 0
    # Data derived from the tables, each entry with the version it was derived at.
    derived: dict[str, tuple[int, Any]] = field(default_factory=dict)
    lock: threading.RLock = field(default_factory=threading.RLock)
    _rng: random.Random = field(init=False)

    def __post_init__(self) -> None:
        self._rng = random.Random(f"sids-{self.seed}")
        self.conferences = self.new_table("sid")
        self.participants = self.new_table("call_sid")
        self.recordings = self.new_table("sid")
        self.calls = self.new_table("sid")
        self.messages = self.new_table("sid")

    def new_table(self, key: str) -> Table:
        """An empty table of this store's, its ties in the store's order."""
        return Table(key, place=tie_order(self.ties, self.seed))

    @property
    def base(self) -> str:
        return f"/2010-04-01/Accounts/{self.account_sid}"

    def now(self) -> float:
        return float(int(self.clock()))

    def now_text(self) -> str:
        return format_stamp(self.now())

    def new_sid(self, prefix: str) -> str:
        tables = (self.conferences, self.participants, self.recordings, self.calls,
                  self.messages)
        while True:
            sid = f"{prefix}{self._rng.getrandbits(128):032x}"
            if not any(sid in t for t in tables):
                return sid

    def changed(self) -> None:
        self.version += 1
