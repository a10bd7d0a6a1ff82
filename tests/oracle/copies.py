"""Plain SQLite copies of what the emulator's tables hold, for the oracle: the records of the
connection's account (what a table without an AccountSid condition reads), or of every
account (what a condition naming them all reads), converted by the declarations."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import apsw

from sqlalchemy_twilio.resources import RESOURCES, Resource
from tests.conftest import data_key


def accounts(emu: Any) -> list[str]:
    """The SIDs of the account and its subaccounts."""
    return [a["sid"] for a in emu.table("/Accounts.json")]


def rows_of(emu: Any, resource: Resource, account: str) -> list[tuple[Any, ...]]:
    """The visible columns of every row ``resource`` holds for ``account``."""
    path = data_key(resource.list_path)
    records = emu.table(path) if path == "/Accounts.json" else emu.table(path, account)
    # Records without an account_sid field are the account's all the same: their rows carry
    # the account of their path.
    given = {p.column: account for p in resource.path_params
             if p.name == "AccountSid" and resource.column(p.column).field is None}
    indexes = [resource.index(c.name) for c in resource.visible_columns]
    return [tuple(row[i] for i in indexes)
            for row in (resource.row_from_record({**r, **given}) for r in records)]


def plain_copy(emu: Any, tables: Iterable[str], *, every_account: bool = False
               ) -> apsw.Connection:
    """An in-memory SQLite database with one plain table per name in ``tables``."""
    db = apsw.Connection(":memory:")
    owners = accounts(emu) if every_account else [emu.account_sid]
    for name in tables:
        resource = RESOURCES[name]
        visible = resource.visible_columns
        columns = ", ".join(f'"{c.name}" {c.type.value}' for c in visible)
        db.execute(f'CREATE TABLE "{name}" ({columns})')
        # The list of accounts is one list, whoever asks.
        owned = owners[:1] if data_key(resource.list_path) == "/Accounts.json" else owners
        with db:
            for account in owned:
                db.executemany(f'INSERT INTO "{name}" VALUES ({", ".join("?" * len(visible))})',
                               rows_of(emu, resource, account))
    return db
