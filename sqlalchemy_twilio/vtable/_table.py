"""APSW virtual tables over the Twilio client, one per resource declaration."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from concurrent.futures import Executor
from typing import TYPE_CHECKING, Any

import apsw

from ..resources import Resource, get_resource
from ._errors import BadWriteValue, PartialWriteError, WriteRefused
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
_HEX_KEY = re.compile(r"[A-Z]{2}[0-9a-fA-F]{15}")
Row = tuple[Any, ...]


class TwilioModule:
    """The ``twilio`` module: ``CREATE VIRTUAL TABLE "Conferences" USING twilio``.

    The module holds the connection's client; the ``CREATE`` text names only the table, so no
    credential ever reaches ``sqlite_master``.
    """

    def __init__(self, client: TwilioClient, executor: Executor) -> None:
        self.client = client
        self.executor = executor
        #: Bumped for every statement, so tables know when per-statement state is stale.
        self.statement = 0

    def new_statement(self) -> None:
        self.statement += 1

    def Create(self, db: apsw.Connection, modulename: str, dbname: str, tablename: str,
               *args: str) -> tuple[str, TwilioTable]:
        try:
            resource = get_resource(tablename)
        except KeyError:
            raise ValueError(f"Twilio has no table called {tablename!r}") from None
        return resource.create_table_sql(), TwilioTable(resource, self)

    Connect = Create


class TwilioTable:
    """One Twilio resource as seen by one SQLite connection."""

    def __init__(self, resource: Resource, module: TwilioModule) -> None:
        self.resource = resource
        self.module = module
        self._plans: dict[tuple[Any, ...], int] = {}
        self._plan_list: list[IndexPlan] = []
        self._key_index = resource.column_names.index(resource.key)
        self._scans: set[TwilioCursor] = set()
        # Per statement: list requests already made, and the complete results of repeated ones.
        self._statement = -1
        self._requested: set[tuple[tuple[str, str], ...]] = set()
        self._plans_run: set[int] = set()
        self._memo: dict[tuple[tuple[str, str], ...], tuple[list[Row], dict[str, Row]]] = {}
        # Writes are collected while SQLite scans and sent when the statement commits, so
        # a scan that fails part-way changes nothing.
        self._writing = False
        self._old: dict[int, tuple[str, Row]] = {}
        self._pending: list[tuple[str, Row, dict[str, Any]]] = []

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
                can_take_in=op == "=" and info.get_aConstraintUsage_in(i),
                rhs=rhs,
                rhs_known=rhs is not None,
            ))
        plan = choose_terms(self.resource, offers)
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

    def _remember(self, plan: IndexPlan) -> int:
        key = (plan.terms, plan.limit_sizes_pages)
        if key not in self._plans:
            self._plans[key] = len(self._plan_list)
            self._plan_list.append(plan)
        return self._plans[key]

    def plan(self, idx: int) -> IndexPlan:
        return self._plan_list[idx]

    # -- reading --------------------------------------------------------------------------

    def Open(self) -> TwilioCursor:
        return TwilioCursor(self)

    def rows(self, requests: RequestPlan, cursor: TwilioCursor, plan: int) -> Iterator[Row]:
        """The rows the requests return, fetched lazily page by page."""
        if requests.empty:
            return
        if requests.fetch_sids is not None:
            yield from self._lookup(requests.fetch_sids)
            return
        self._sync_statement()
        # A plan run again in the same statement is the inner loop of a join.
        repeated = plan in self._plans_run
        self._plans_run.add(plan)
        yield from self._scan(requests, cursor, repeated)

    def _lookup(self, sids: tuple[str, ...]) -> Iterator[Row]:
        # A key lookup inside a join usually asks for a record a scan of this statement has
        # just returned: answer from that page instead of asking again.
        found: dict[str, Row] = {}
        for scan in self._scans:
            for sid in sids:
                row = scan.page_rows.get(sid)
                if row is not None:
                    found[sid] = row
        missing = [s for s in sids if s not in found]
        client, account = self.module.client, self.module.client.account_sid
        paths = [self.resource.fetch_path.format(account_sid=account, sid=s) for s in missing]
        if len(paths) > 1:
            records = list(self.module.executor.map(client.fetch, paths))
        else:
            records = [client.fetch(p) for p in paths]
        convert = self.resource.row_from_record
        assert convert is not None
        for sid, record in zip(missing, records):
            if record is not None:
                found[sid] = convert(record)
        for sid in sids:
            if sid in found:
                yield found[sid]

    def _scan(self, requests: RequestPlan, cursor: TwilioCursor, repeated: bool
              ) -> Iterator[Row]:
        client = self.module.client
        path = self.resource.list_path.format(account_sid=client.account_sid)
        # SQLite runs the inner table of a join once per outer row; an inner scan that repeats
        # a request already made in this statement is kept and replayed, so a join costs two
        # scans rather than one per row.
        plans: list[tuple[tuple[tuple[str, str], ...], Any]] = []
        for req in requests.lists:
            if req.params in self._memo:
                plans.append((req.params, None))
                continue
            stream = client.iter_pages(path, dict(req.params), page_size=requests.page_size)
            plans.append((req.params, stream))
        live = [stream for _, stream in plans if stream is not None]
        # With several streams (an IN list) the first pages are fetched together; later pages
        # are fetched only when SQLite asks for more rows.
        firsts = ({id(s): self.module.executor.submit(next, s, None) for s in live}
                  if len(live) > 1 else {})
        for params, stream in plans:
            if stream is None:
                rows, index = self._memo[params]
                cursor.page_rows = index
                yield from rows
                continue
            keep: list[Row] | None = [] if repeated or params in self._requested else None
            self._requested.add(params)
            first = firsts.get(id(stream))
            pages = _chain_first(first.result() if first else None, stream, first is not None)
            for rows in self._pages(pages):
                cursor.page_rows = {r[self._key_index]: r for r in rows}
                if keep is not None:
                    keep.extend(rows)
                yield from rows
            if keep is not None:
                self._memo[params] = (keep, {r[self._key_index]: r for r in keep})

    def _pages(self, pages: Iterator[dict[str, Any]]) -> Iterator[list[Row]]:
        convert = self.resource.row_from_record
        assert convert is not None
        list_key = self.resource.list_key
        for page in pages:
            yield [convert(r) for r in page.get(list_key) or ()]

    def _sync_statement(self) -> None:
        if self._statement != self.module.statement:
            self._statement = self.module.statement
            self._memo.clear()
            self._requested.clear()
            self._plans_run.clear()

    # -- writing --------------------------------------------------------------------------

    def Begin(self) -> None:
        self._writing = True
        self._old.clear()
        self._pending.clear()

    def remember_old(self, rowid: int, row: Row) -> None:
        if self._writing:
            self._old[rowid] = (row[self._key_index], row)

    def UpdateInsertRow(self, rowid: int | None, fields: tuple[Any, ...]) -> int | None:
        raise WriteRefused(f"Twilio does not allow {self.resource.name} to be added")

    def UpdateDeleteRow(self, rowid: int) -> None:
        raise WriteRefused(f"Twilio does not allow {self.resource.name} to be deleted")

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
            allowed = resource.column(name).writable_values
            if value not in allowed:
                raise BadWriteValue(
                    f"{resource.name}.{name} can only be set to "
                    + " or ".join(repr(a) for a in allowed) + f", not {value!r}")
        sid, old = self._old[rowid]
        self._pending.append((sid, old, changed))

    def Sync(self) -> None:
        """Send the collected writes: one request per row that actually changes."""
        client = self.module.client
        names = self.resource.column_names
        done = 0
        pending, self._pending = self._pending, []
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

    def Disconnect(self) -> None:
        self._scans.clear()

    Destroy = Disconnect


def _chain_first(first: Any, rest: Iterator[Any], prefetched: bool) -> Iterator[Any]:
    if prefetched:
        if first is None:
            return
        yield first
    yield from rest


def _rowid(sid: Any, fallback: int) -> int:
    # A stable rowid derived from the key keeps SQLite's OR-of-lookups deduplication right.
    if isinstance(sid, str) and len(sid) >= 17 and _HEX_KEY.fullmatch(sid[:17]):
        return int(sid[2:17], 16)
    return -fallback


class TwilioCursor:
    """Iterates the rows of one ``Filter`` call."""

    def __init__(self, table: TwilioTable) -> None:
        self.table = table
        self.page_rows: dict[str, Row] = {}
        self._rows: Iterator[Row] = iter(())
        self._row: Row | None = None
        self._rowid = 0
        self._count = 0

    def Filter(self, indexnum: int, indexname: str, constraintargs: tuple[Any, ...] | None
               ) -> None:
        self._close_rows()
        table = self.table
        plan = table.plan(indexnum)
        requests = build_requests(
            table.resource, plan, constraintargs or (),
            page_size=table.module.client.config.page_size)
        logger.debug("filter %s: %s", table.resource.name, requests)
        if requests.fetch_sids is None:
            table._scans.add(self)
        self._rows = table.rows(requests, self, indexnum)
        self._count = 0
        self._advance()

    def _advance(self) -> None:
        row = next(self._rows, None)
        self._row = row
        if row is not None:
            self._count += 1
            self._rowid = _rowid(row[self.table._key_index], self._count)
            self.table.remember_old(self._rowid, row)

    def Eof(self) -> bool:
        return self._row is None

    def Rowid(self) -> int:
        return self._rowid

    def Column(self, number: int) -> Any:
        if number == -1:
            return self._rowid
        return self._row[number]  # type: ignore[index]

    def ColumnNoChange(self, number: int) -> Any:
        return apsw.no_change

    def Next(self) -> None:
        self._advance()

    def _close_rows(self) -> None:
        close = getattr(self._rows, "close", None)
        if close is not None:
            close()
        self.page_rows = {}
        self.table._scans.discard(self)

    def Close(self) -> None:
        self._close_rows()
