"""PEP 249 connections: an in-memory SQLite database whose tables are Twilio resources."""

from __future__ import annotations

import weakref
from typing import Any

import apsw

from ..client import ClientConfig, TwilioClient
from ..resources import RESOURCES
from ..vtable import (
    INSTANT_COLLATION,
    MODULE_NAME,
    TwilioModule,
    compare_instants,
    describe_writes,
)
from ._aggregates import register_exact_aggregates
from ._clients import fetch_executor, shared_client
from ._cursor import Cursor, check_one_statement
from ._exceptions import InterfaceError, translate_errors
from ._guard import Guard
from ._types import to_binding

__all__ = ["Connection", "connect"]


def connect(*, client: TwilioClient | None = None, **settings: Any) -> Connection:
    """Open a connection. ``settings`` are the fields of
    :class:`~sqlalchemy_twilio.client.ClientConfig`: ``account_sid``, ``username`` and
    ``password``, then the options of a ``twilio://`` URL. Nothing is fetched until a statement
    runs."""
    from pydantic import ValidationError

    from ._exceptions import ProgrammingError

    if client is None:
        try:
            config = ClientConfig(**settings)
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in e['loc']) or 'settings'}: {e['msg']}"
                for e in exc.errors())
            raise ProgrammingError(f"invalid connection settings: {problems}") from None
        client = shared_client(config)
    return Connection(client)


class Connection:
    """A DB-API connection. Twilio has no transactions: each statement takes effect when it
    runs, and :meth:`commit` and :meth:`rollback` do nothing."""

    def __init__(self, client: TwilioClient) -> None:
        self._client = client
        self._db: apsw.Connection | None = apsw.Connection(":memory:")
        # Dates compare as the instants they name (see vtable._instants), and parameters of
        # the types Python and pandas write dates and money in are accepted.
        self._db.create_collation(INSTANT_COLLATION, compare_instants)
        self._db.convert_binding = to_binding
        # SUM, TOTAL and AVG add Twilio's decimal strings exactly (see _aggregates).
        register_exact_aggregates(self._db)
        self.module = module = TwilioModule(client, fetch_executor())
        self._db.create_module(MODULE_NAME, module, use_bestindex_object=True,
                               use_no_change=True)
        for resource in RESOURCES.values():
            # The statement names only the table: the credentials live in the module object.
            self._db.execute(f'CREATE VIRTUAL TABLE "{resource.name}" USING {MODULE_NAME}')
        self.guard = Guard(RESOURCES)
        self._db.authorizer = self.guard
        self._cursors: weakref.WeakSet[Cursor] = weakref.WeakSet()

    @property
    def client(self) -> TwilioClient:
        return self._client

    @property
    def sqlite(self) -> apsw.Connection:
        """The underlying APSW connection (raises once closed)."""
        if self._db is None:
            raise InterfaceError("the connection is closed")
        return self._db

    @property
    def closed(self) -> bool:
        return self._db is None

    def cursor(self) -> Cursor:
        cursor = Cursor(self)
        self._cursors.add(cursor)
        return cursor

    def commit(self) -> None:
        """Does nothing: Twilio has no transactions, every change is made when it runs."""
        self.sqlite  # noqa: B018 - raises once closed, as PEP 249 asks

    def rollback(self) -> None:
        """Does nothing: Twilio has no transactions, so a change made cannot be undone."""
        self.sqlite  # noqa: B018 - raises once closed, as PEP 249 asks

    def close(self) -> None:
        """Close the connection and its cursors. The shared HTTP client stays open."""
        if self._db is None:
            return
        for cursor in list(self._cursors):
            cursor.close()
        db, self._db = self._db, None
        db.close()

    def explain(self, operation: str, parameters: Any = None) -> list[str]:
        """What ``operation`` would ask of Twilio, one line a step, without running it: the
        requests of each table's scan (``EXPLAIN QUERY PLAN``), then the writes that would
        follow. Never sends a request."""
        guard = self.guard
        guard.reason = None
        guard.writes.clear()
        text = "EXPLAIN QUERY PLAN " + operation
        db = self.sqlite
        cursor = db.cursor()

        def one_statement(cursor: apsw.Cursor, sql: str, bindings: Any) -> bool:
            check_one_statement(db, text, sql)
            return True

        cursor.exec_trace = one_statement
        with translate_errors(lambda: guard.reason, operation):
            try:
                # Not from the statement cache: the authorizer must see it, to list writes.
                rows = cursor.execute(text, parameters, can_cache=False).fetchall()
            finally:
                cursor.close(force=True)
        lines = [str(row[-1]) for row in rows]
        writes: dict[tuple[str, str], tuple[Any, list[str]]] = {}
        for resource, op, column in guard.writes:
            columns = writes.setdefault((resource.name, op), (resource, []))[1]
            if column is not None:
                columns.append(column)
        for (_, op), (resource, columns) in writes.items():
            lines.append(describe_writes(resource, op, columns,
                                         account_sid=self._client.account_sid))
        if writes:
            config = self._client.config
            lines.append(f"at most max_writes={config.max_writes} write requests; more sends "
                         "none" + (" (dry_run: none is sent)" if config.dry_run else ""))
        return lines

    def ping(self) -> None:
        """Make one small request; raises (e.g. AuthenticationError) if Twilio refuses it."""
        self.sqlite  # noqa: B018
        account = {"AccountSid": self._client.account_sid}
        # The first table listed by the account alone.
        resource, path = next((r, p) for r in RESOURCES.values()
                              if (p := r.path(r.list_path, account)) is not None)
        with translate_errors():
            pages = self._client.iter_pages(path, {}, list_key=resource.list_key, page_size=1)
            try:
                next(pages, None)
            finally:
                pages.close()

    def __enter__(self) -> Connection:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self._db is None else "open"
        return f"<sqlalchemy_twilio.dbapi.Connection {state} {self._client!r}>"
