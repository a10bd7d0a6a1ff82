"""PEP 249 cursors over APSW."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import apsw

from ._exceptions import InterfaceError, ProgrammingError, translate_errors
from ._types import DATETIME_DECLTYPES, ColumnDescription, row_converter

if TYPE_CHECKING:
    from ._connection import Connection

__all__ = ["Cursor"]

F = TypeVar("F", bound=Callable[..., Any])
Row = tuple[Any, ...]


def _open(method: F) -> F:
    """Refuse use after close, of the cursor or its connection."""

    @functools.wraps(method)
    def wrapper(self: Cursor, *args: Any, **kwargs: Any) -> Any:
        if self._closed or self.connection.closed:
            raise InterfaceError("the cursor is closed")
        return method(self, *args, **kwargs)

    return wrapper  # type: ignore[return-value]


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
        self.lastrowid: int | None = None

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
        conn = self.connection
        db = conn.sqlite
        self._reset()
        descriptions: list[tuple[tuple[str, str | None], ...]] = []

        def trace(cursor: apsw.Cursor, sql: str, bindings: Any) -> bool:
            descriptions.append(cursor.getdescription())
            return True

        cursor = db.cursor()
        cursor.exec_trace = trace
        conn.guard.reason = None
        conn.module.new_statement()
        before = db.total_changes()
        with translate_errors(lambda: conn.guard.reason):
            rows = cursor.execute(operation, parameters)
        self._apsw = cursor
        desc = descriptions[-1] if descriptions else ()
        if desc:
            self._description = tuple(ColumnDescription(name, decl) for name, decl in desc)
            convert = [i for i, (_, decl) in enumerate(desc)
                       if decl is not None and decl.upper() in DATETIME_DECLTYPES]
            self._rows = map(row_converter(convert, len(desc)), rows) if convert else rows
            self._exhausted = False
        else:
            # A statement without result columns has run to completion already.
            self._rowcount = db.total_changes() - before
            self.lastrowid = None
        return self

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
        self._rows = iter(())
        self._description = None
        self._rowcount = -1
        self._fetched = 0
        self._exhausted = True

    def _check_result(self) -> None:
        if self._description is None:
            raise ProgrammingError("no result set: execute() a statement that returns rows")

    @_open
    def fetchone(self) -> Row | None:
        self._check_result()
        with translate_errors(lambda: self.connection.guard.reason):
            row = next(self._rows, None)
        if row is None:
            self._finish()
        else:
            self._fetched += 1
        return row

    @_open
    def fetchmany(self, size: int | None = None) -> list[Row]:
        self._check_result()
        size = self.arraysize if size is None else size
        with translate_errors(lambda: self.connection.guard.reason):
            rows = list(itertools.islice(self._rows, size))
        self._fetched += len(rows)
        if len(rows) < size:
            self._finish()
        return rows

    @_open
    def fetchall(self) -> list[Row]:
        self._check_result()
        with translate_errors(lambda: self.connection.guard.reason):
            rows = list(self._rows)
        self._fetched += len(rows)
        self._finish()
        return rows

    def _finish(self) -> None:
        if not self._exhausted:
            self._exhausted = True
            self._rowcount = self._fetched

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
