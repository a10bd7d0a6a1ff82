"""APSW virtual tables over the Twilio client, one per resource declaration."""

from __future__ import annotations

import itertools
import logging
from collections.abc import Iterator
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import apsw

from ..resources import Resource, get_resource
from ._errors import BadWriteValue, FetchLimitError, PartialWriteError, WriteRefused
from ._plan import IndexPlan, Offer, RequestPlan, build_requests, choose_terms, describe_plan

if TYPE_CHECKING:
    from ..client import TwilioClient

__all__ = ["TwilioModule", "MODULE_NAME"]

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
Memo = dict[tuple[Any, frozenset[int] | None], tuple[list[Row], dict[Any, dict[str, Any]]]]


@dataclass
class _StatementState:
    """What one statement has fetched from one table, reused only by that statement."""

    #: List requests already made, so a repeat (the inner loop of a join) is kept.
    requested: set[tuple[tuple[str, str], ...]] = field(default_factory=set)
    plans_run: set[int] = field(default_factory=set)
    #: The complete results of repeated list requests, replayed instead of re-requested.
    memo: Memo = field(default_factory=dict)
    #: List pages read, against the ``max_pages`` limit.
    pages: int = 0


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

    def new_statement(self) -> int:
        """A new statement id, made the active one."""
        self.active = next(self._ids)
        return self.active

    def end_statement(self, statement: int) -> None:
        """Forget what ``statement`` fetched: nothing it read may serve another statement."""
        for table in self.tables:
            table.forget(statement)

    def Create(self, db: apsw.Connection, modulename: str, dbname: str, tablename: str,
               *args: str) -> tuple[str, TwilioTable]:
        try:
            resource = get_resource(tablename)
        except KeyError:
            raise ValueError(f"Twilio has no table called {tablename!r}") from None
        table = TwilioTable(resource, self)
        self.tables.append(table)
        return resource.create_table_sql(), table

    Connect = Create


class TwilioTable:
    """One Twilio resource as seen by one SQLite connection."""

    def __init__(self, resource: Resource, module: TwilioModule) -> None:
        self.resource = resource
        self.module = module
        self._plans: dict[tuple[Any, ...], int] = {}
        self._plan_list: list[IndexPlan] = []
        self._key_index = resource.column_names.index(resource.key)
        self._always = frozenset(
            [self._key_index] + [resource.column_names.index(c.name)
                                 for c in resource.writable_columns])
        self._converters: dict[frozenset[int] | None, Any] = {}
        self._scans: set[TwilioCursor] = set()
        self._states: dict[int, _StatementState] = {}
        # Row identity: SQLite de-duplicates OR branches and finds the old row of a write by
        # rowid, so two keys must never share one. Each key gets the next number the first
        # time SQLite asks; the map lives while any cursor of the table is open (a rowid
        # only has to be stable within a statement), and numbers are never reused.
        self._rowids: dict[Any, int] = {}
        self._next_rowid = itertools.count(1)
        self._open = 0
        # Writes are collected while SQLite scans and sent when the statement commits, so
        # a scan that fails part-way changes nothing.
        self._writing = False
        self._old: dict[int, tuple[Any, Row]] = {}
        self._pending: list[tuple[Any, Row, dict[str, Any]]] = []

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
                binary_collation=info.get_aConstraint_collation(i).upper() == "BINARY",
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
        info.idxStr = describe_plan(
            self.resource, plan, account_sid=self.module.client.account_sid,
            page_size=self.module.client.config.page_size)
        info.estimatedCost = plan.estimated_cost
        info.estimatedRows = int(plan.estimated_rows)
        if plan.unique:
            info.idxFlags = apsw.SQLITE_INDEX_SCAN_UNIQUE
        logger.debug("plan for %s: %s", self.resource.name, info.idxStr)
        return True

    def _columns(self, used: set[int]) -> frozenset[int] | None:
        # Bit 63 stands for "column 63 or later"; the key and the writable columns are always
        # read, since lookups and writes need them.
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

    # -- reading --------------------------------------------------------------------------

    def Open(self) -> TwilioCursor:
        self._open += 1
        return TwilioCursor(self)

    def closed(self) -> None:
        """A cursor of this table closed; with none left, row identities may be forgotten."""
        self._open -= 1
        if self._open <= 0 and not self._writing:
            self._open = 0
            self._rowids.clear()

    def rowid(self, key: Any) -> int:
        """The rowid of the row whose key is ``key``: equal keys, equal rowids; never two
        keys one rowid."""
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
        self._states.pop(statement, None)

    def rows(self, requests: RequestPlan, cursor: TwilioCursor, plan: int) -> Iterator[Row]:
        """The rows the requests return, fetched lazily page by page."""
        if requests.empty:
            return
        columns = self.plan(plan).columns
        if requests.fetch_sids is not None:
            yield from self._lookup(requests.fetch_sids, self.converter(columns),
                                    cursor.statement)
            return
        state = self.state(cursor.statement)
        # A plan run again in the same statement is the inner loop of a join.
        repeated = plan in state.plans_run
        state.plans_run.add(plan)
        yield from self._scan(requests, cursor, repeated, columns, state)

    def _lookup(self, sids: tuple[str, ...], convert: Any, statement: int) -> Iterator[Row]:
        # A key lookup inside a join usually asks for a record a scan of this statement has
        # just returned: answer from that page instead of asking again. Only this
        # statement's scans count: another statement's page may predate a write.
        found: dict[str, dict[str, Any]] = {}
        for scan in self._scans:
            if scan.statement != statement:
                continue
            for sid in sids:
                record = scan.page_records.get(sid)
                if record is not None:
                    found[sid] = record
        missing = [s for s in sids if s not in found]
        client, account = self.module.client, self.module.client.account_sid
        paths = [self.resource.fetch_path.format(account_sid=account, sid=s) for s in missing]
        records = _bounded_map(client.fetch, paths, self.module.executor,
                               client.config.max_concurrency)
        for sid, record in zip(missing, records):
            if record is not None:
                found[sid] = record
        for sid in sids:
            if sid in found:
                yield convert(found[sid])

    def _scan(self, requests: RequestPlan, cursor: TwilioCursor, repeated: bool,
              columns: frozenset[int] | None, state: _StatementState) -> Iterator[Row]:
        client = self.module.client
        config = client.config
        path = self.resource.list_path.format(account_sid=client.account_sid)
        executor = self.module.executor
        # SQLite runs the inner table of a join once per outer row; an inner scan that repeats
        # a request already made in this statement is kept and replayed, so a join costs two
        # scans rather than one per row.
        # (A replayed result is taken now: a write by another statement empties the memo.)
        plans: list[tuple[tuple[tuple[str, str], ...], Iterator[dict[str, Any]] | None,
                          tuple[list[Row], dict[Any, dict[str, Any]]] | None]] = []
        list_key = self.resource.list_key
        for req in requests.lists:
            replay = state.memo.get((req.params, columns))
            if replay is not None:
                plans.append((req.params, None, replay))
            else:
                stream = client.iter_pages(path, dict(req.params), list_key=list_key,
                                           page_size=requests.page_size)
                plans.append((req.params, stream, None))
        live = [stream for _, stream, _ in plans if stream is not None]
        if requests.windows:
            # Date windows (an opt-in): fetched whole and together, a bounded number at once.
            sources = _eager(live, executor, config.max_concurrency)
        elif len(live) > 1:
            # Several streams (an IN list): the first pages are fetched together; later pages
            # only when SQLite asks for more rows.
            sources = _first_pages_together(live, executor, config.max_concurrency)
        elif config.prefetch:
            sources = [_prefetched(s, executor) for s in live]
        else:
            sources = live
        by_stream = dict(zip((id(s) for s in live), sources))
        seen: set[str] | None = set() if requests.windows else None
        convert = self.converter(columns)
        key_field = self.resource.columns[self._key_index].field
        for params, stream, replay in plans:
            if replay is not None:
                rows, index = replay
                cursor.page_records = index
                yield from rows
                continue
            keep: list[Row] | None = [] if repeated or params in state.requested else None
            kept: dict[str, dict[str, Any]] = {}
            state.requested.add(params)
            for page in by_stream[id(stream)]:
                state.pages += 1
                if state.pages > config.max_pages:
                    raise FetchLimitError(
                        f"this statement has read {config.max_pages} pages from Twilio, the "
                        f"most the max_pages option allows: add a condition Twilio can "
                        f"filter on (EXPLAIN QUERY PLAN shows the requests), or raise "
                        f"max_pages in the URL")
                records = page[list_key]
                if seen is not None:
                    # Adjacent windows share their edge (and, under the looser reading of
                    # Twilio's bounds, a whole day): each record is kept once.
                    records = [r for r in records if r.get(key_field) not in seen]
                    seen.update(r.get(key_field) for r in records)
                cursor.page_records = {r.get(key_field): r for r in records}
                rows = [convert(r) for r in records]
                if keep is not None:
                    keep.extend(rows)
                    kept.update(cursor.page_records)
                yield from rows
            if keep is not None:
                state.memo[(params, columns)] = (keep, kept)

    def _drop_reused(self) -> None:
        """After a write, nothing fetched before it may answer again, in any statement."""
        for state in self._states.values():
            state.memo.clear()
            state.requested.clear()
        for scan in self._scans:
            scan.page_records = {}

    # -- writing --------------------------------------------------------------------------

    def Begin(self) -> None:
        self._writing = True
        self._old.clear()
        self._pending.clear()

    def remember_old(self, rowid: int, row: Row) -> None:
        """Keep a row a write statement has scanned, for UpdateChangeRow to compare with."""
        self._old[rowid] = (row[self._key_index], row)

    def UpdateInsertRow(self, rowid: int | None, fields: tuple[Any, ...]) -> int | None:
        raise WriteRefused(self.resource.refusal_message("added"))

    def UpdateDeleteRow(self, rowid: int) -> None:
        raise WriteRefused(self.resource.refusal_message("deleted"))

    def UpdateChangeRow(self, rowid: int, newrowid: int, fields: tuple[Any, ...]) -> None:
        resource = self.resource
        if newrowid != rowid:
            raise WriteRefused(f"{resource.name} rows cannot be renumbered")
        changed = {
            c.name: v for c, v in zip(resource.columns, fields) if v is not apsw.no_change
        }
        readonly = [name for name in changed if resource.column(name).readonly]
        if readonly:
            raise WriteRefused(resource.readonly_message(readonly))
        for name, value in changed.items():
            problem = resource.bad_value_message(name, value)
            if problem:
                raise BadWriteValue(problem)
        sid, old = self._old[rowid]
        self._pending.append((sid, old, changed))

    def Sync(self) -> None:
        """Send the collected writes: one request per row that actually changes."""
        client = self.module.client
        names = self.resource.column_names
        done = 0
        pending, self._pending = self._pending, []
        if pending:
            self._drop_reused()
        for sid, old, changed in pending:
            data = {
                self.resource.column(n).write_param: str(v)
                for n, v in changed.items()
                if old[names.index(n)] != v
            }
            if not data:
                # Already in the requested state: Twilio needs no request for it.
                done += 1
                continue
            path = self.resource.update_path.format(account_sid=client.account_sid, sid=sid)
            try:
                client.update(path, data)
            except Exception as exc:
                raise PartialWriteError(
                    f"{done} of {len(pending)} {self.resource.name} updated before {sid} "
                    f"failed: {exc}", updated=done, failed_key=sid) from exc
            done += 1

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
        self._states.clear()

    Destroy = Disconnect


Pages = Iterator[dict[str, Any]]


def _bounded_map(fn: Any, items: list[Any], executor: Executor, limit: int) -> list[Any]:
    if len(items) <= 1:
        return [fn(item) for item in items]
    out: list[Any] = []
    for start in range(0, len(items), limit):
        out.extend(executor.map(fn, items[start:start + limit]))
    return out


def _first_pages_together(streams: list[Pages], executor: Executor, limit: int
                          ) -> list[Pages]:
    firsts = [executor.submit(next, s, None) for s in streams[:limit]]

    def chained(n: int, stream: Pages) -> Pages:
        first = firsts[n].result() if n < len(firsts) else next(stream, None)
        if first is None:
            return
        yield first
        yield from stream

    return [chained(n, s) for n, s in enumerate(streams)]


def _eager(streams: list[Pages], executor: Executor, limit: int) -> list[Pages]:
    """Each stream drained by a worker, at most ``limit`` at a time, read back in order."""
    futures: list[Future[list[dict[str, Any]]]] = []
    results: list[Pages] = []

    def pages(n: int) -> Pages:
        # Keep ``limit`` streams in flight ahead of the one being read.
        while len(futures) < min(len(streams), n + limit):
            futures.append(executor.submit(list, streams[len(futures)]))
        yield from futures[n].result()

    for n in range(len(streams)):
        results.append(pages(n))
    return results


def _prefetched(stream: Pages, executor: Executor) -> Pages:
    """The pages of ``stream``, each requested while the one before it is being read."""
    future = executor.submit(next, stream, None)
    try:
        while True:
            page = future.result()
            if page is None:
                return
            future = executor.submit(next, stream, None)
            yield page
    finally:
        # The request in flight finishes in the background; close the stream after it.
        future.add_done_callback(lambda _: stream.close())


class TwilioCursor:
    """Iterates the rows of one ``Filter`` call."""

    def __init__(self, table: TwilioTable) -> None:
        self.table = table
        #: The records of the page being read, by key, for lookups in the same statement.
        self.page_records: dict[Any, dict[str, Any]] = {}
        #: The statement this cursor's current Filter serves.
        self.statement = 0
        self._rows: Iterator[Row] = iter(())
        self._row: Row | None = None

    def Filter(self, indexnum: int, indexname: str, constraintargs: tuple[Any, ...] | None
               ) -> None:
        self._close_rows()
        table = self.table
        plan = table.plan(indexnum)
        config = table.module.client.config
        requests = build_requests(
            table.resource, plan, constraintargs or (),
            page_size=config.page_size, split_days=config.split_days)
        logger.debug("filter %s: %s", table.resource.name, requests)
        self.statement = table.module.active
        if requests.fetch_sids is None:
            table._scans.add(self)
        self._rows = table.rows(requests, self, indexnum)
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
        return self.table.rowid(self._row[self.table._key_index])  # type: ignore[index]

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
