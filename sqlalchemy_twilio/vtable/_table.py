"""APSW virtual tables over the Twilio client, one per resource declaration."""

from __future__ import annotations

import itertools
import json
import logging
import re
from collections.abc import Callable, Iterator
from concurrent.futures import Executor
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import apsw

from ..resources import ColumnType, Pushdown, PushdownKind, Resource, Through, get_resource
from ._dates import DayWindow
from ._errors import BadWriteValue, FetchLimitError, MissingCondition
from ._instants import COLLATION
from ._plan import (
    Constraints,
    FanOutRequest,
    Fetch,
    IndexPlan,
    ListRequest,
    Offer,
    RequestPlan,
    choose_terms,
    collect,
    describe_plan,
    expand,
    path_fills,
)
from ._retention import before_window, clamped
from ._streams import Pages, bounded_map, first_pages_together, prefetched
from ._windows import PAGES_PER_WINDOW, READ_AHEAD, Spending, Windows, order_key, plan_windows
from ._writes import PendingWrites, WriteRequest

if TYPE_CHECKING:
    from ..client import TwilioClient

__all__ = ["TwilioModule", "MODULE_NAME", "WriteRequest"]

logger = logging.getLogger("sqlalchemy_twilio.vtable")

MODULE_NAME = "twilio"

_OPS = {
    apsw.SQLITE_INDEX_CONSTRAINT_EQ: "=",
    apsw.SQLITE_INDEX_CONSTRAINT_LT: "<",
    apsw.SQLITE_INDEX_CONSTRAINT_LE: "<=",
    apsw.SQLITE_INDEX_CONSTRAINT_GT: ">",
    apsw.SQLITE_INDEX_CONSTRAINT_GE: ">=",
    apsw.SQLITE_INDEX_CONSTRAINT_LIMIT: "limit",
    apsw.SQLITE_INDEX_CONSTRAINT_OFFSET: "offset",
}
Row = tuple[Any, ...]
Record = dict[str, Any]
Key = tuple[Any, ...]
_ACCOUNT = re.compile(r"/Accounts/(AC[0-9a-fA-F]{32})/")
#: A join's inner table is asked per outer row until that has taken this many requests, then
#: read once (per set of the conditions the read keeps).
WIDEN_AFTER = 10
_FILTERS = (PushdownKind.EQUALS, PushdownKind.DAY_RANGE, PushdownKind.ON_OR_AFTER,
            PushdownKind.ON_OR_BEFORE)


def _hashable(value: Any) -> Any:
    """A term's value as a key: an ``IN`` list (a set) as a frozenset."""
    return frozenset(value) if isinstance(value, (set, frozenset, list, tuple)) else value


@dataclass
class _StatementState:
    """What one statement has fetched from one table, reused only by that statement."""

    #: List requests already made, so a repeat (the inner loop of a join) is kept.
    requested: set[Any] = field(default_factory=set)
    plans_run: set[int] = field(default_factory=set)
    #: The complete results of repeated list requests, replayed instead of re-requested.
    memo: dict[Any, tuple[list[Row], dict[Key, Record]]] = field(default_factory=dict)
    #: Instances fetched (None: not found), so a repeated lookup costs nothing.
    fetched: dict[str, Record | None] = field(default_factory=dict)
    #: The child lists of each fan-out made, so a repeat does not list the parent again.
    fanned: dict[Any, tuple[ListRequest, ...]] = field(default_factory=dict)
    #: List pages read, against the ``max_pages`` limit.
    pages: int = 0
    #: A join's inner lookups, per plan (see :meth:`TwilioTable._widened`), and the reads
    #: of its inner list that answer them, by the conditions each was read under.
    lookups: dict[int, _Lookups] = field(default_factory=dict)
    widening: dict[Any, _Widening] = field(default_factory=dict)
    #: Such reads that cannot be one list (a key fetch, a fan-out).
    unwidenable: set[Any] = field(default_factory=set)

    def close(self) -> None:
        for wide in self.widening.values():
            wide.close()
        self.widening.clear()


@dataclass
class _Lookups:
    """The lookups one plan of a join's inner table was asked, what they cost, and the pages
    the shared reads answering them have taken: never more than the lookups' requests."""

    #: Each lookup's values, one per term (the same lookup twice is replayed: it counts once),
    #: whether it was sent or answered by a shared read.
    asked: set[Any] = field(default_factory=set)
    #: The list lookups sent, and the pages they read (a lookup of a long list takes several).
    listed: int = 0
    spent: int = 0
    #: The first lookup's values, and the terms whose value has changed since.
    first: tuple[Any, ...] | None = None
    varying: set[int] = field(default_factory=set)
    pages: int = 0

    @property
    def cost(self) -> int:
        """The requests the lookups took, or would have taken without the shared reads: one
        each, and the further pages of those that read several."""
        return len(self.asked) + max(0, self.spent - self.listed)

    def count_page(self) -> None:
        self.pages += 1


@dataclass
class _Widening:
    """One read of a join's inner list, indexed by the join's values as it goes."""

    where: list[int]
    lookups: _Lookups
    #: The read's rows still to come; None once it has ended.
    rows: Iterator[Row] | None = None
    index: dict[Any, list[Row]] = field(default_factory=dict)

    def advance(self) -> bool:
        """Read on while the plan's shared reads have taken fewer pages than its lookups took
        requests (:attr:`_Lookups.cost`); True once this read has ended."""
        while self.rows is not None and self.lookups.pages < self.lookups.cost:
            row = next(self.rows, None)
            if row is None:
                self.rows = None
            else:
                self.index.setdefault(tuple(row[i] for i in self.where), []).append(row)
        return self.rows is None

    def close(self) -> None:
        if self.rows is not None:
            close = getattr(self.rows, "close", None)
            if close is not None:
                close()
            self.rows = None


def _filters_only(resource: Resource) -> frozenset[str]:
    """The columns whose conditions only filter the records a list holds: read without them,
    the list holds more of the same records (not a path's account or parent, a request
    parameter that shapes the records, or a flag that adds records when sent)."""
    rules: dict[str, list[Pushdown]] = {}
    for rule in [*resource.pushdowns, *(p for u in resource.unbound if isinstance(u, Through)
                                        for p in u.pushdowns)]:
        rules.setdefault(rule.column, []).append(rule)
    paths = {p.column for p in resource.path_params}
    return frozenset(c for c, rs in rules.items() if c not in paths and all(
        not r.shapes and (r.kind in _FILTERS or r.kind is PushdownKind.BOOLEAN and not r.superset)
        for r in rs))


class TwilioModule:
    """The ``twilio`` module: ``CREATE VIRTUAL TABLE "Conferences" USING twilio``.

    The module holds the connection's client; the ``CREATE`` text names only the table, so no
    credential ever reaches ``sqlite_master``.
    """

    def __init__(self, client: TwilioClient, executor: Executor) -> None:
        self.client = client
        self.executor = executor
        self.tables: list[TwilioTable] = []
        self._ids = itertools.count(1)
        #: Whether a whole ``IN (…)`` list may be handed to one Filter call. APSW fails on
        #: an empty one (``IN (SELECT … WHERE 0)``) before Filter is called, so a statement
        #: that hits that is prepared again with this off: SQLite then calls Filter once
        #: per value, and never for an empty list.
        self.in_lists = True
        #: The statement SQLite is running now: the DB-API cursor sets it before each step,
        #: so whatever a table does belongs to the statement that asked for it, even while
        #: the results of several statements are being read in turns.
        self.active = 0
        #: The write limits of the statement being run (set by the DB-API cursor).
        self.max_writes = client.config.max_writes
        self.dry_run = client.config.dry_run
        #: The write requests the statement sent (or, under dry_run, would send).
        self.writes: list[WriteRequest] = []
        #: The statements whose rows are read as a stream (set by the DB-API cursor): their
        #: scans page in order, holding about a page, rather than read windows ahead.
        self.streamed: set[int] = set()

    def new_statement(self) -> int:
        """A new statement id, made the active one."""
        self.active = next(self._ids)
        self.writes = []
        return self.active

    def end_statement(self, statement: int) -> None:
        """Forget what ``statement`` fetched: nothing it read may serve another statement."""
        self.streamed.discard(statement)
        for table in self.tables:
            table.forget(statement)

    def drop_reused(self) -> None:
        """After a write, nothing fetched before it may answer again, in any table (a write
        to a child can end its parent: kicking the last participant ends the conference)."""
        for table in self.tables:
            table.drop_reused()

    def Create(self, db: apsw.Connection, modulename: str, dbname: str, tablename: str,
               *args: str) -> tuple[str, TwilioTable]:
        try:
            resource = get_resource(tablename)
        except KeyError:
            raise ValueError(f"Twilio has no table called {tablename!r}") from None
        table = TwilioTable(resource, self)
        self.tables.append(table)
        return resource.create_table_sql(instants=COLLATION), table

    Connect = Create


class TwilioTable:
    """One Twilio resource as seen by one SQLite connection."""

    def __init__(self, resource: Resource, module: TwilioModule) -> None:
        self.resource = resource
        self.module = module
        self._plans: dict[tuple[Any, ...], int] = {}
        self._plan_list: list[IndexPlan] = []
        self.key_indexes = resource.key_indexes
        #: What each column compares by unless a statement says otherwise.
        self._collations = [COLLATION if c.type in (ColumnType.DATETIME, ColumnType.DATE)
                            else "BINARY" for c in resource.columns]
        key_fields = [resource.columns[i].field or resource.columns[i].name
                      for i in self.key_indexes]
        self._record_key = (lambda r, f=key_fields[0]: (r.get(f),)) if len(key_fields) == 1 \
            else (lambda r, fs=tuple(key_fields): tuple(r.get(f) for f in fs))
        if any(resource.columns[i].type is ColumnType.JSON for i in self.key_indexes):
            # A record known by its fields alone (a call's event): objects compare as text.
            fields_key = self._record_key
            self._record_key = lambda r: tuple(
                json.dumps(v, sort_keys=True) if isinstance(v, (dict, list)) else v
                for v in fields_key(r))
        # Lookups, writes and paths need the key, the path parameters and the columns an
        # UPDATE compares, whatever the statement reads.
        self._always = frozenset(
            list(self.key_indexes)
            + [resource.index(p.column) for p in resource.path_params]
            + [resource.index(c.name) for c in resource.writable_columns if not c.hidden])
        self._filters_only = _filters_only(resource)
        self._converters: dict[frozenset[int] | None, Any] = {}
        self._scans: set[TwilioCursor] = set()
        self._states: dict[int, _StatementState] = {}
        # Row identity: SQLite de-duplicates OR branches and finds the old row of a write by
        # rowid, so two keys must never share one. Each key tuple gets the next number the
        # first time SQLite asks; the map lives while any cursor of the table is open (a rowid
        # only has to be stable within a statement), and numbers are never reused.
        self._rowids: dict[Key, int] = {}
        self._next_rowid = itertools.count(1)
        self._open = 0
        # Writes are collected while SQLite scans and sent when the statement commits, so
        # a scan that fails part-way changes nothing.
        self._writing = False
        self._old: dict[int, Row] = {}
        self._pending = PendingWrites(resource)

    # -- planning -------------------------------------------------------------------------

    def BestIndexObject(self, info: apsw.IndexInfo) -> bool:
        names = self.resource.column_names
        offers = []
        for i in range(info.nConstraint):
            op = _OPS.get(info.get_aConstraint_op(i), "other")
            icol = info.get_aConstraint_iColumn(i)
            column = names[icol] if op not in ("limit", "offset") and 0 <= icol < len(
                names) else None
            rhs = info.get_aConstraint_rhs(i)
            offers.append(Offer(
                column=column,
                op=op,
                usable=info.get_aConstraint_usable(i),
                own_collation=info.get_aConstraint_collation(i).upper() == (
                    self._collations[icol] if column else "BINARY"),
                can_take_in=op == "=" and self.module.in_lists
                and info.get_aConstraintUsage_in(i),
                rhs=rhs,
                rhs_known=rhs is not None,
            ))
        plan = replace(choose_terms(self.resource, offers), columns=self._columns(info.colUsed))
        for argv, term in enumerate(plan.terms, 1):
            info.set_aConstraintUsage_argvIndex(term.offer, argv)
            if term.op == "in":
                info.set_aConstraintUsage_in(term.offer, True)
        info.idxNum = self._remember(plan)
        config = self.module.client.config
        info.idxStr = describe_plan(
            self.resource, plan, account_sid=self.module.client.account_sid,
            page_size=config.page_size, max_fanout=config.max_fanout)
        info.estimatedCost = plan.estimated_cost
        info.estimatedRows = int(min(plan.estimated_rows, 2**62))
        if plan.unique:
            info.idxFlags = apsw.SQLITE_INDEX_SCAN_UNIQUE
        logger.debug("plan for %s: %s", self.resource.name, info.idxStr)
        return True

    def _columns(self, used: set[int]) -> frozenset[int] | None:
        # Bit 63 stands for "column 63 or later".
        if 63 in used:
            return None
        return frozenset(used) | self._always

    def converter(self, columns: frozenset[int] | None) -> Any:
        convert = self._converters.get(columns)
        if convert is None:
            convert = self._converters[columns] = self.resource.row_converter(columns)
        return convert

    def _remember(self, plan: IndexPlan) -> int:
        key = (plan.terms, plan.limit_sizes_pages, plan.columns)
        if key not in self._plans:
            self._plans[key] = len(self._plan_list)
            self._plan_list.append(plan)
        return self._plans[key]

    def plan(self, idx: int) -> IndexPlan:
        return self._plan_list[idx]

    # -- row identity and per-statement state ---------------------------------------------------

    def Open(self) -> TwilioCursor:
        self._open += 1
        return TwilioCursor(self)

    def closed(self) -> None:
        """A cursor of this table closed; with none left, row identities may be forgotten."""
        self._open -= 1
        if self._open <= 0 and not self._writing:
            self._open = 0
            self._rowids.clear()

    def rowid(self, row: Row) -> int:
        """The rowid of ``row``: equal key tuples, equal rowids; never two keys one rowid."""
        key = tuple(row[i] for i in self.key_indexes)
        rowid = self._rowids.get(key)
        if rowid is None:
            rowid = self._rowids[key] = next(self._next_rowid)
        return rowid

    def state(self, statement: int) -> _StatementState:
        state = self._states.get(statement)
        if state is None:
            state = self._states[statement] = _StatementState()
        return state

    def forget(self, statement: int) -> None:
        state = self._states.pop(statement, None)
        if state is not None:
            state.close()

    def drop_reused(self) -> None:
        for state in self._states.values():
            state.close()
            state.lookups.clear()
            state.memo.clear()
            state.requested.clear()
            state.fetched.clear()
            state.fanned.clear()
        for scan in self._scans:
            scan.page_records = {}

    # -- reading --------------------------------------------------------------------------

    def rows(self, requests: RequestPlan, cursor: TwilioCursor, plan: int,
             found: Constraints, values: tuple[Any, ...] = ()) -> Iterator[Row]:
        """The rows the requests return, fetched lazily page by page."""
        if requests.empty:
            return
        columns = self.plan(plan).columns
        state = self.state(cursor.statement)
        wide = self._widened(plan, found, values, requests, cursor, state)
        if wide is not None:
            yield from wide
            return
        lookups = state.lookups.get(plan)
        if requests.fetches is not None:
            yield from self._lookup(requests.fetches, self.converter(columns), cursor, state)
            return
        # A plan run again in the same statement is the inner loop of a join.
        repeated = plan in state.plans_run
        state.plans_run.add(plan)
        lists = requests.lists
        if requests.fanout is not None:
            lists = state.fanned.get(requests.fanout) or self._fan_out(requests.fanout, state)
            state.fanned[requests.fanout] = lists
        if lookups is None:
            yield from self._scan(lists, requests, cursor, repeated, columns, state)
            return
        before = state.pages
        try:
            yield from self._scan(lists, requests, cursor, repeated, columns, state)
        finally:
            if state.pages > before:
                lookups.listed += 1
                lookups.spent += state.pages - before

    def _join_columns(self, plan: IndexPlan) -> tuple[str, ...]:
        """The columns a join binds row by row that the table can also be listed without: a
        filter parameter, a key, or a parent key another list holds (not one a fan-out
        needs, which would cost more than the lookups)."""
        known = dict(plan.known)
        resource = self.resource
        through = {rule.param for rule in resource.unbound if isinstance(rule, Through)}
        listed = {p.name for p in resource.placeholders(resource.list_path)}
        optional = {p.column for p in resource.pushdowns
                    if p.kind in (PushdownKind.EQUALS, PushdownKind.BOOLEAN)}
        optional |= {p.column for p in resource.path_params
                     if p.name in through or (p.name not in listed and p.name != "AccountSid")}
        return tuple(sorted({t.column for t in plan.terms if t.op == "=" and t.column
                             and t.offer not in known and t.column in optional}))

    def _widened(self, plan: int, found: Constraints, values: tuple[Any, ...],
                 requests: RequestPlan, cursor: TwilioCursor, state: _StatementState
                 ) -> Iterator[Row] | None:
        """A join's inner lookup answered from one read of the inner list, or None to ask
        Twilio for it as usual.

        Once a plan's lookups have taken ``WIDEN_AFTER`` requests, the list is read alongside them
        with the join's columns, and the other conditions that change from one outer row to
        another and only filter records, left to SQLite (:meth:`_shared_read`): one read per
        set of the conditions it keeps, answering only lookups that ask those. Its reads never
        take more pages than the lookups took requests, or would have without them: a list
        that ends soon answers every later lookup at no cost, and one that does not costs at
        most as many requests again as the lookups themselves.
        """
        index = self.plan(plan)
        join = self._join_columns(index)
        if any(len(found.equal.get(c, ())) != 1 for c in join):
            return None
        value = tuple(next(iter(found.equal[c])) for c in join)
        if not all(isinstance(v, str) for v in value):
            return None  # compared by SQLite's rules: ask as usual
        if not join and not any(t.column in self._filters_only for t in index.terms):
            return None  # nothing to leave out: the read would be this lookup (replayed)
        lookups = state.lookups.setdefault(plan, _Lookups())
        shared = self._shared_read(index, values, join, lookups)
        key, wider = shared if shared is not None else (None, Constraints())
        question = tuple(_hashable(v) for v in values)
        wide = state.widening.get((plan, key))
        if wide is not None and wide.rows is None:
            lookups.asked.add(question)  # a request saved: the reads may spend it
            return iter(wide.index.get(value, ()))
        if requests.fetches is not None and all(
                self._known(f, cursor, state) is not None for f in requests.fetches):
            return None  # answered by what this statement has read: costs nothing
        lookups.asked.add(question)
        if shared is None or lookups.cost < WIDEN_AFTER or (
                plan, key) in state.unwidenable:
            return None
        if wide is None:
            wide = _Widening([self.resource.index(c) for c in join], lookups)
            wide.rows = self._read_once(plan, wider, cursor, state, lookups.count_page)
            if wide.rows is None:
                state.unwidenable.add((plan, key))
                return None
            state.widening[(plan, key)] = wide
        if wide.advance():
            return iter(wide.index.get(value, ()))
        return None

    def _shared_read(self, plan: IndexPlan, values: tuple[Any, ...], join: tuple[str, ...],
                     lookups: _Lookups) -> tuple[Any, Constraints] | None:
        """The conditions one read answering this lookup is read under, and the key naming
        them; None when they are the lookup's own (nothing to share).

        The read keeps every condition but the join's own, except those that have changed
        from one outer row to another and only filter records (a date range, a filter
        parameter): left out, they widen the read to a superset of each row's answer, which
        SQLite re-checks. Every other condition (an account, a parent, a request parameter
        that shapes the records, a condition that was the same for every row so far) is kept
        and is part of the key, so the read answers only lookups that ask it too."""
        values = tuple(_hashable(v) for v in values)
        if lookups.first is None:
            lookups.first = values
        lookups.varying.update(
            i for i, (term, v, was) in enumerate(zip(plan.terms, values, lookups.first))
            if term.column in self._filters_only and v != was)
        kept = [i for i, term in enumerate(plan.terms)
                if term.op not in ("limit", "offset") and term.column not in join
                and i not in lookups.varying]
        if not join and len(kept) == sum(t.op not in ("limit", "offset") for t in plan.terms):
            return None
        wider = collect(self.resource, replace(plan, terms=tuple(plan.terms[i] for i in kept)),
                        [values[i] for i in kept])
        return tuple((i, values[i]) for i in kept), wider

    def _read_once(self, plan: int, wider: Constraints, cursor: TwilioCursor,
                   state: _StatementState, on_page: Callable[[], None]
                   ) -> Iterator[Row] | None:
        """The rows of one read of this table under ``wider``, or None where that is not one
        list (a key fetch or a fan-out is never cheaper)."""
        client = self.module.client
        requests = expand(self.resource, wider, account_sid=client.account_sid,
                          page_size=client.config.page_size, today=client.server_today())
        if requests.empty:
            return iter(())
        if requests.fetches is not None or requests.fanout is not None:
            return None
        return self._scan(requests.lists, requests, cursor, False,
                          self.plan(plan).columns, state, on_page)

    def _lookup(self, fetches: tuple[Fetch, ...], convert: Any, cursor: TwilioCursor,
                state: _StatementState) -> Iterator[Row]:
        # A key lookup inside a join usually asks for a record a scan of this statement has
        # just returned: answer from that page instead of asking again. Only this
        # statement's scans count: another statement's page may predate a write.
        found: dict[str, Record | None] = {}
        for f in fetches:
            known = self._known(f, cursor, state)
            if known is not None:
                found[f.path] = known[0]
        missing = [f.path for f in fetches if f.path not in found]
        client = self.module.client
        records = bounded_map(client.fetch, missing, self.module.executor,
                              client.config.max_concurrency)
        for path, record in zip(missing, records):
            found[path] = state.fetched[path] = record
        for f in fetches:
            record = found[f.path]
            if record is None:
                continue
            if f.fills:
                record = {**record, **dict(f.fills)}
            if f.keep_field is None:
                yield convert(record)
            elif record.get(f.keep_field) is not None:
                yield convert(self._as_own(record))

    def _known(self, fetch: Fetch, cursor: TwilioCursor, state: _StatementState
               ) -> tuple[Record | None] | None:
        """The record ``fetch`` asks for, if this statement has it already."""
        if fetch.path in state.fetched:
            return (state.fetched[fetch.path],)
        for scan in self._scans:
            if scan.statement == cursor.statement:
                record = scan.page_records.get(fetch.key)
                if record is not None:
                    return (record,)
        return None

    def within_fanout(self, found: Constraints) -> None:
        """Several accounts asked for are read one list each: as many as max_fanout."""
        limit = self.module.client.config.max_fanout
        for p in self.resource.path_params:
            asked = found.equal.get(p.column) if p.name == "AccountSid" else None
            if asked is not None and len(asked) > limit:
                raise FetchLimitError(
                    f"reading {self.resource.name} of {len(asked)} accounts means one list "
                    f"per account, more than max_fanout={limit} allows: ask for fewer "
                    f"accounts, or raise max_fanout in the URL")

    def _fan_out(self, fanout: FanOutRequest, state: _StatementState,
                 resource: Resource | None = None) -> tuple[ListRequest, ...]:
        """The child lists of a fan-out: the parent's rows are listed first (all of them, to
        count them against ``max_fanout`` before any child request). A parent read by a
        fan-out of its own is fanned out first."""
        resource = resource or self.resource
        client = self.module.client
        limit = client.config.max_fanout
        param = fanout.rule.param
        parents = fanout.parent.lists
        if fanout.parent.fanout is not None:
            parents = self._fan_out(fanout.parent.fanout, state,
                                    get_resource(fanout.rule.parent))
        # Each parent row: its key, and what the child path takes from it besides.
        rows: dict[tuple[tuple[str, Any], ...], None] = {}
        for req in parents:
            for page in self._pages(req, fanout.parent.page_size, state):
                for record in page[req.list_key]:
                    if fanout.only is not None and record.get(
                            fanout.parent_field) not in fanout.only:
                        continue
                    rows[((param, record.get(fanout.parent_field)),) + tuple(
                        (name, record.get(f)) for name, f in fanout.carried)] = None
        values = dict(fanout.values)
        template = resource.list_path
        # A parent key that breaks the child path's pattern never reaches a URL.
        paths = [(p, dict(row)) for p, row in (
            (resource.path(template, {**values, **dict(row)}), row) for row in rows)
            if p is not None]
        if len(paths) > limit:
            raise FetchLimitError(
                f"reading {resource.name} without a condition on {param} means one "
                f"request per {fanout.rule.parent} row ({fanout.rule.why}), and there are "
                f"{len(paths)}, more than max_fanout={limit} allows: add a condition on "
                f"{param} (= or IN), join it on {param}, or raise max_fanout in the URL")
        return tuple(ListRequest(p, fanout.params, fanout.list_key, missing_ok=True,
                                 fills=path_fills(resource, {**values, **row}))
                     for p, row in paths)

    def _pages(self, req: ListRequest, page_size: int, state: _StatementState) -> Pages:
        """The pages of one list, counted against ``max_pages``; a list whose parent the
        query chose and Twilio does not know is empty."""
        from ..client import TwilioAPIError

        config = self.module.client.config
        retention = self.resource.retention
        stream = self.module.client.iter_pages(req.path, dict(req.params),
                                               list_key=req.list_key, page_size=page_size)
        try:
            for page in stream:
                state.pages += 1
                if state.pages > config.max_pages:
                    raise FetchLimitError(
                        f"this statement has read {config.max_pages} pages from Twilio, the "
                        f"most the max_pages option allows: add a condition Twilio can "
                        f"filter on (EXPLAIN QUERY PLAN shows the requests), or raise "
                        f"max_pages in the URL")
                if req.keep_field is not None:
                    page = {**page, req.list_key: [self._as_own(r) for r in page[req.list_key]
                                                   if r.get(req.keep_field) is not None]}
                for name, value in req.fills:
                    for record in page[req.list_key]:
                        record[name] = value
                yield page
        except TwilioAPIError as exc:
            if exc.status == 404 and req.missing_ok:
                return
            if retention is not None and exc.code == retention.error_code:
                # Twilio refuses a range reaching before its retention window; its answer
                # tells Twilio's day, so the range is clamped to the window and asked again.
                today = self.module.client.server_today()
                if before_window(req, self.resource, today):
                    return  # wholly before the window: Twilio serves none of those rows
                again = clamped(req, self.resource, today)
                if again is not None:
                    yield from self._pages(again, page_size, state)
                    return
                raise MissingCondition(
                    f"Twilio keeps {self.resource.name} for a limited time ({retention.days} "
                    f"days by default, fewer if the account is set so), and the "
                    f"{retention.column} range asked for lies outside it: {exc.message}. "
                    f"Ask for a more recent {retention.column} range") from exc
            raise
        finally:
            stream.close()

    def _windowed(self, req: ListRequest, page_size: int, state: _StatementState) -> Pages:
        """The pages of a list; past its first full pages, the rest in concurrent date
        windows (see :mod:`._windows`), put back in the list's order."""
        scan = req.scan
        assert scan is not None
        stream = self._pages(req, page_size, state)
        client = self.module.client
        seen: list[Record] = []
        pages = 0
        start_day = None
        asking = None
        account = _ACCOUNT.search(req.path)
        for page in stream:
            yield page
            pages += 1
            seen.extend(page[req.list_key])
            if not page.get("next_page_uri") or not seen:
                return
            if pages > 1 or account is None:
                break
            start_day = client.known_account_created(account.group(1))
            if start_day is not None:
                break
            # How far back the list can go is the account's creation day: asked for once,
            # while the next page is read (which the answer needs anyway).
            asking = self.module.executor.submit(client.account_created, account.group(1))
        if asking is not None:
            start_day = asking.result()
        if start_day is not None and scan.bounds.lower is not None:
            start_day = max(start_day, scan.bounds.lower)
        at_once = client.config.scan_windows
        today = client.server_today()
        plan = plan_windows(scan, seen, pages, windows=at_once, today=today, start=start_day)
        if not plan.windows:
            yield from stream
            return
        stream.close()
        logger.debug("%s: the rest of the scan in %d date windows", self.resource.name,
                     len(plan.windows), extra={"twilio_windows": len(plan.windows)})
        spending = Spending(pages, plan)

        def part(window: DayWindow) -> tuple[DayWindow, Pages]:
            return window, self._pages(replace(req, params=scan.params(req.params, window),
                                               scan=None), page_size, state)

        def split(window: DayWindow, page: dict[str, Any], most: int | None
                  ) -> list[tuple[DayWindow, Pages]]:
            # A window as long as many pages is cut again, from what its first page spans.
            oldest = window.lower or start_day
            full = bool(page.get("next_page_uri")) and oldest is not None
            return [part(w) for w in spending.cut(window, full, lambda spare: plan_windows(
                replace(scan, bounds=window), page[req.list_key], 1, windows=at_once,
                today=today, start=oldest, most=most, spare=spare))]

        fetching = Windows([part(w) for w in plan.windows], self.module.executor,
                           budget=READ_AHEAD * at_once, at_once=at_once,
                           merged=not scan.ordered, split=split)
        key = order_key(scan)
        try:
            batch: list[Record] = []
            for record in fetching.records(req.list_key, key, self._record_key,
                                           given=seen):
                batch.append(record)
                if len(batch) >= page_size:
                    yield {req.list_key: batch}
                    batch = []
            if batch:
                yield {req.list_key: batch}
        finally:
            fetching.stop()

    def _as_own(self, record: Record) -> Record:
        """A record read through another resource's list, as this table's own list gives it:
        its ``uri`` is this table's instance path (the same recording under its conference,
        not under the account)."""
        resource = self.resource
        if "uri" not in record or resource.instance_path is None:
            return record
        values = {p.name: record.get(resource.column(p.column).field or p.column)
                  for p in resource.path_params}
        uri = resource.path(resource.instance_path, values)
        return {**record, "uri": uri} if uri is not None else record

    def _scan(self, lists: tuple[ListRequest, ...], requests: RequestPlan,
              cursor: TwilioCursor, repeated: bool, columns: frozenset[int] | None,
              state: _StatementState, on_page: Callable[[], None] | None = None
              ) -> Iterator[Row]:
        config = self.module.client.config
        executor = self.module.executor
        # SQLite runs the inner table of a join once per outer row; an inner scan that repeats
        # a request already made in this statement is kept and replayed, so a join costs two
        # scans rather than one per row. (A replay is taken now: a write by another statement
        # empties the memo.)
        plans: list[tuple[ListRequest, Pages | None, Any]] = []
        # Windows are for long scans: not for one read paced page by page (``on_page``) or as
        # a stream, nor for a LIMIT that a few pages in order answer.
        streamed = self.module.active in self.module.streamed
        windowed = config.scan_windows > 1 and on_page is None and not streamed and (
            requests.wanted is None
            or requests.wanted > 2 * PAGES_PER_WINDOW * requests.page_size)
        for req in lists:
            replay = state.memo.get((req, columns))
            if replay is not None:
                plans.append((req, None, replay))
            elif req.scan is not None and windowed:
                plans.append((req, self._windowed(req, requests.page_size, state), None))
            else:
                plans.append((req, self._pages(req, requests.page_size, state), None))
        live = [stream for _, stream, _ in plans if stream is not None]
        if len(live) > 1:
            # Several streams (IN lists, a fan-out): the first pages are fetched together;
            # later pages only when SQLite asks for more rows.
            sources = first_pages_together(live, executor, config.max_concurrency)
        elif config.prefetch and not (windowed and any(p[0].scan for p in plans)):
            # (Date windows read ahead already.)
            sources = [prefetched(s, executor) for s in live]
        else:
            sources = live
        by_stream = dict(zip((id(s) for s in live), sources))
        convert = self.converter(columns)
        key_of = self._record_key
        for req, stream, replay in plans:
            if replay is not None:
                rows, index = replay
                cursor.page_records = index
                yield from rows
                continue
            keep: list[Row] | None = [] if repeated or req in state.requested else None
            kept: dict[Key, Record] = {}
            state.requested.add(req)
            for page in by_stream[id(stream)]:
                if on_page is not None:
                    on_page()
                records = page[req.list_key]
                cursor.page_records = {key_of(r): r for r in records}
                rows = [convert(r) for r in records]
                if keep is not None:
                    keep.extend(rows)
                    kept.update(cursor.page_records)
                yield from rows
            if keep is not None:
                state.memo[(req, columns)] = (keep, kept)

    # -- writing --------------------------------------------------------------------------

    def Begin(self) -> None:
        self._writing = True
        self._old.clear()
        self._pending.clear()

    def remember_old(self, rowid: int, row: Row) -> None:
        """Keep a row a write statement has scanned, for the write to compare with."""
        self._old[rowid] = row

    def UpdateInsertRow(self, rowid: int | None, fields: tuple[Any, ...]) -> int:
        self._pending.insert(fields, self.module.client.account_sid)
        return next(self._next_rowid)

    def UpdateDeleteRow(self, rowid: int) -> None:
        self._pending.delete(self._old[rowid])

    def UpdateChangeRow(self, rowid: int, newrowid: int, fields: tuple[Any, ...]) -> None:
        if newrowid != rowid:
            raise BadWriteValue(f"{self.resource.name} rows cannot be renumbered")
        self._pending.change(self._old[rowid], fields)

    def Sync(self) -> None:
        """Send the collected writes (see :class:`PendingWrites`)."""
        module = self.module
        if not self._pending.requests:
            return
        try:
            self._pending.send(module.client, max_writes=module.max_writes,
                               dry_run=module.dry_run, record=module.writes)
        finally:
            if not module.dry_run:
                module.drop_reused()

    def Commit(self) -> None:
        self._end_write()

    def Rollback(self) -> None:
        self._end_write()

    def _end_write(self) -> None:
        self._writing = False
        self._old.clear()
        self._pending.clear()
        if self._open <= 0:
            self._rowids.clear()

    def Disconnect(self) -> None:
        self._scans.clear()
        for state in self._states.values():
            state.close()
        self._states.clear()

    Destroy = Disconnect


class TwilioCursor:
    """Iterates the rows of one ``Filter`` call."""

    def __init__(self, table: TwilioTable) -> None:
        self.table = table
        #: The records of the page being read, by key, for lookups in the same statement.
        self.page_records: dict[Key, Record] = {}
        #: The statement this cursor's current Filter serves.
        self.statement = 0
        self._rows: Iterator[Row] = iter(())
        self._row: Row | None = None

    def Filter(self, indexnum: int, indexname: str, constraintargs: tuple[Any, ...] | None
               ) -> None:
        self._close_rows()
        table = self.table
        plan = table.plan(indexnum)
        client = table.module.client
        found = collect(table.resource, plan, constraintargs or ())
        requests = expand(
            table.resource, found, account_sid=client.account_sid,
            page_size=client.config.page_size, limit_sizes_pages=plan.limit_sizes_pages,
            today=client.server_today())
        logger.debug("filter %s: %s", table.resource.name, requests)
        table.within_fanout(found)
        self.statement = table.module.active
        if requests.fetches is None:
            table._scans.add(self)
        self._rows = table.rows(requests, self, indexnum, found, tuple(constraintargs or ()))
        self._advance()

    def _advance(self) -> None:
        row = next(self._rows, None)
        self._row = row
        # Only write statements need the old rows (and the rowid, computed just for them).
        if row is not None and self.table._writing:
            self.table.remember_old(self.Rowid(), row)

    def Eof(self) -> bool:
        return self._row is None

    def Rowid(self) -> int:
        # Computed only when SQLite asks (OR of lookups, writes): most scans never do.
        return self.table.rowid(self._row)  # type: ignore[arg-type]

    def Column(self, number: int) -> Any:
        if number == -1:
            return self.Rowid()
        return self._row[number]  # type: ignore[index]

    def ColumnNoChange(self, number: int) -> Any:
        return apsw.no_change

    def Next(self) -> None:
        self._advance()

    def _close_rows(self) -> None:
        close = getattr(self._rows, "close", None)
        if close is not None:
            close()
        self.page_records = {}
        self.table._scans.discard(self)

    def Close(self) -> None:
        self._close_rows()
        self.table.closed()
