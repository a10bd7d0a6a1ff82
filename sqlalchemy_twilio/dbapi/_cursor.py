"""PEP 249 cursors over APSW."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import apsw

from ._exceptions import InterfaceError, OperationalError, ProgrammingError, translate_errors
from ._types import ColumnDescription, bindable, converter_for, row_converter

if TYPE_CHECKING:
    from ..vtable import WriteRequest
    from ._connection import Connection

__all__ = ["Cursor", "check_one_statement"]

F = TypeVar("F", bound=Callable[..., Any])
Row = tuple[Any, ...]

#: What APSW raises when SQLite hands a table an empty ``IN (subquery)`` list.
_EMPTY_IN_LIST = "<NULL>"


def _open(method: F) -> F:
    """Refuse use after close, of the cursor or its connection."""

    @functools.wraps(method)
    def wrapper(self: Cursor, *args: Any, **kwargs: Any) -> Any:
        if self._closed or self.connection.closed:
            raise InterfaceError("the cursor is closed")
        return method(self, *args, **kwargs)

    return wrapper  # type: ignore[return-value]


def _holds_a_statement(db: apsw.Connection, sql: str) -> bool:
    """Whether ``sql`` has a statement in it (comments and semicolons alone are none)."""
    found = False

    def trace(cursor: apsw.Cursor, text: str, bindings: Any) -> bool:
        # APSW traces an empty statement (only a comment) too; it has no program to run.
        nonlocal found
        found = found or cursor.has_vdbe
        return not found

    cursor = db.cursor()
    cursor.exec_trace = trace
    try:
        cursor.execute(sql, can_cache=False)
    except apsw.ExecTraceAbort:
        pass
    except apsw.Error:
        return True  # even a statement SQLite cannot prepare is one more statement
    finally:
        cursor.close(force=True)
    return found


def check_one_statement(db: apsw.Connection, operation: str, first: str) -> None:
    """Raise ProgrammingError if ``operation`` holds more than its ``first`` statement.

    APSW would run the others too, lazily, while the first one's rows are fetched: one
    ``execute()`` is one statement, as in the standard library's sqlite3 module.
    """
    rest = operation[len(first):] if operation.startswith(first) else ""
    if rest.strip(" \t\r\n;") and _holds_a_statement(db, rest):
        raise ProgrammingError(
            "execute() runs one statement, and this SQL holds more than one: run each "
            "statement with its own execute()")


class Cursor:
    """A DB-API cursor. Parameters use the qmark style: ``WHERE Sid = ?``."""

    #: Rows :meth:`fetchmany` returns when no size is given.
    arraysize: int = 1

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self._closed = False
        self._apsw: apsw.Cursor | None = None
        self._rows: Iterator[Row] = iter(())
        self._description: tuple[ColumnDescription, ...] | None = None
        self._rowcount = -1
        self._fetched = 0
        self._exhausted = True
        self._statement = 0
        self._operation: tuple[str, Any] = ("", None)
        self.lastrowid: int | None = None
        #: Per statement, over the connection's URL options: the most write requests one
        #: statement may send, and whether to send none but report them in :attr:`writes`.
        self.max_writes: int | None = None
        self.dry_run: bool | None = None
        #: Read the rows as a stream: scans page in order, holding about a page, rather than
        #: read date windows ahead (which is faster, and holds more). SQLAlchemy's
        #: ``stream_results`` (``yield_per``) sets it.
        self.stream = False
        #: The write requests the last statement sent (under ``dry_run``: would have sent),
        #: each with its method, path and form.
        self.writes: list[WriteRequest] = []

    @property
    def description(self) -> tuple[ColumnDescription, ...] | None:
        """Name and declared type of each result column; None for statements without rows."""
        return self._description

    @property
    def rowcount(self) -> int:
        """Rows changed by the last UPDATE; for a SELECT, the rows returned once all have been
        fetched (-1 until then)."""
        return self._rowcount

    @_open
    def execute(self, operation: str, parameters: Sequence[Any] | dict[str, Any] | None = None
                ) -> Cursor:
        """Run one statement. ``parameters`` bind ``?`` placeholders in order."""
        if not isinstance(operation, str):
            raise ProgrammingError("the statement must be a string of SQL")
        if parameters is not None and not isinstance(parameters, (Sequence, dict)):
            raise ProgrammingError("parameters must be a sequence (or a dict for :name)")
        parameters = bindable(parameters)
        conn = self.connection
        db = conn.sqlite
        module = conn.module
        self._reset()
        self.writes = []
        self._statement = module.new_statement()
        config = conn.client.config
        module.max_writes = config.max_writes if self.max_writes is None else self.max_writes
        module.dry_run = config.dry_run if self.dry_run is None else self.dry_run
        if self.stream:
            module.streamed.add(self._statement)
        before = db.total_changes()
        self._operation = (operation, parameters)
        with translate_errors(lambda: conn.guard.reason, operation):
            try:
                desc = self._begin(operation, parameters)
            except apsw.SQLError as exc:
                if str(exc) != _EMPTY_IN_LIST:
                    raise
                # Nothing has been returned or written yet: run it again with IN lists
                # taken one value at a time (see TwilioModule.in_lists).
                desc = self._begin(operation, parameters, in_lists=False)
        if desc:
            self._description = tuple(ColumnDescription(name, decl) for name, decl in desc)
            self._exhausted = False
        else:
            # A statement without result columns has run to completion already.
            self._rowcount = db.total_changes() - before
            self.lastrowid = None
            self._release()
        self.writes = list(module.writes)
        return self

    def _begin(self, operation: str, parameters: Any, *, in_lists: bool = True
               ) -> tuple[tuple[str, str | None], ...]:
        """Start the statement; its rows, converted by declared type, become the result."""
        module = self.connection.module
        if self._apsw is not None:
            self._apsw.close(force=True)
        module.in_lists = in_lists
        try:
            # Prepared anew (not from the statement cache) when the plan must change.
            cursor, rows, desc = self._start(operation, parameters, can_cache=in_lists)
        finally:
            module.in_lists = True
        self._apsw = cursor
        convert = {i: fn for i, (_, decl) in enumerate(desc)
                   if (fn := converter_for(decl)) is not None}
        self._rows = map(row_converter(convert, len(desc)), rows) if convert else rows
        return desc

    def _start(self, operation: str, parameters: Any, *, can_cache: bool = True
               ) -> tuple[apsw.Cursor, Iterator[Row], tuple[tuple[str, str | None], ...]]:
        """Prepare and begin the statement (APSW runs it up to its first row)."""
        conn = self.connection
        db = conn.sqlite
        descriptions: list[tuple[tuple[str, str | None], ...]] = []

        def trace(cursor: apsw.Cursor, sql: str, bindings: Any) -> bool:
            if not descriptions:
                check_one_statement(db, operation, sql)
            descriptions.append(cursor.get_description())
            return True

        cursor = db.cursor()
        cursor.exec_trace = trace
        conn.guard.reason = None
        conn.guard.writes.clear()
        try:
            rows = cursor.execute(operation, parameters, can_cache=can_cache)
        except BaseException:
            cursor.close(force=True)
            raise
        return cursor, rows, descriptions[-1] if descriptions else ()

    @_open
    def executemany(self, operation: str, seq_of_parameters: Sequence[Any]) -> Cursor:
        """Run the statement once for each set of parameters; rowcount is the total."""
        total = 0
        for parameters in seq_of_parameters:
            self.execute(operation, parameters)
            if self._description is not None:
                raise ProgrammingError("executemany() is for statements that return no rows")
            total += max(self._rowcount, 0)
        self._rowcount = total
        return self

    def _reset(self) -> None:
        if self._apsw is not None:
            self._apsw.close(force=True)
        self._apsw = None
        self._release()
        self._rows = iter(())
        self._description = None
        self._rowcount = -1
        self._fetched = 0
        self._exhausted = True

    def _release(self) -> None:
        """The statement is over: what it fetched may not serve any other."""
        if self._statement:
            self.connection.module.end_statement(self._statement)
            self._statement = 0

    def _take(self, size: int | None) -> list[Row]:
        """Up to ``size`` more rows (all with None): the one primitive every fetch uses."""
        if self._description is None:
            raise ProgrammingError("no result set: execute() a statement that returns rows")
        if self._exhausted:
            return []
        # Whatever SQLite does while stepping belongs to this cursor's statement.
        self.connection.module.active = self._statement
        with translate_errors(lambda: self.connection.guard.reason):
            try:
                rows = self._next_rows(size)
            except apsw.SQLError as exc:
                if str(exc) != _EMPTY_IN_LIST:
                    raise
                if self._fetched:
                    raise OperationalError(
                        f"an IN (subquery) on a Twilio table came up empty after "
                        f"{self._fetched} rows had been returned, and the query could not "
                        "go on; run it again, or move the subquery into a join") from exc
                # No row has reached the caller yet (SQLite had only read ahead): run the
                # statement again with IN lists taken one value at a time.
                self._begin(*self._operation, in_lists=False)
                rows = self._next_rows(size)
        self._fetched += len(rows)
        if size is None or len(rows) < size:
            self._exhausted = True
            self._rowcount = self._fetched
            self._release()
        return rows

    def _next_rows(self, size: int | None) -> list[Row]:
        return list(self._rows if size is None else itertools.islice(self._rows, size))

    @_open
    def fetchone(self) -> Row | None:
        rows = self._take(1)
        return rows[0] if rows else None

    @_open
    def fetchmany(self, size: int | None = None) -> list[Row]:
        return self._take(self.arraysize if size is None else size)

    @_open
    def fetchall(self) -> list[Row]:
        return self._take(None)

    def __iter__(self) -> Iterator[Row]:
        return iter(self.fetchone, None)

    def setinputsizes(self, sizes: Any) -> None:
        """Does nothing, as PEP 249 allows."""

    def setoutputsize(self, size: Any, column: Any = None) -> None:
        """Does nothing, as PEP 249 allows."""

    def close(self) -> None:
        """Close the cursor; a scan still running stops requesting pages."""
        if not self._closed:
            self._reset()
            self._closed = True

    def __enter__(self) -> Cursor:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<sqlalchemy_twilio.dbapi.Cursor {'closed' if self._closed else 'open'}>"
