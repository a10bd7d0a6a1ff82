"""Invariant 4: no secret reaches SQL text, sqlite_master, EXPLAIN, logs, errors or repr()."""

from __future__ import annotations

import logging

import pytest
import sqlalchemy
from sqlalchemy import create_engine, text

from sqlalchemy_twilio import dbapi
from sqlalchemy_twilio.client import ClientConfig, TwilioClient

SQLALCHEMY_2 = sqlalchemy.__version__.startswith("2")


def chain(exc: BaseException | None):
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


def assert_clean(secret: str, *things: object) -> None:
    for thing in things:
        if isinstance(thing, BaseException):
            for e in chain(thing):
                assert secret not in str(e) and secret not in repr(e), repr(e)
                for arg in e.args:
                    assert secret not in str(arg)
        else:
            assert secret not in str(thing) and secret not in repr(thing)


@pytest.fixture(params=["token", "api-key"])
def credentials(request, emulator):
    emulator.reset()
    if request.param == "token":
        return emulator, emulator.url, emulator.auth_token
    url = (f"twilio://{emulator.api_key_sid}:{emulator.api_key_secret}@/?account_sid="
           f"{emulator.account_sid}&base_url={emulator.base_url.replace(':', '%3A')}")
    return emulator, url, emulator.api_key_secret


def test_no_secret_anywhere(credentials, caplog):
    emu, url, secret = credentials
    caplog.set_level(logging.DEBUG)
    for name in ("httpx", "httpcore", "sqlalchemy", "sqlalchemy_twilio"):
        logging.getLogger(name).setLevel(logging.DEBUG)
    engine = create_engine(url, echo=True)
    live = next(r["sid"] for r in emu.records if r["status"] == "completed")
    with engine.connect() as conn:
        master = conn.execute(text("SELECT * FROM sqlite_master")).all()
        plans = [conn.execute(text(f"EXPLAIN {p}SELECT * FROM Conferences WHERE {w}")).all()
                 for p in ("", "QUERY PLAN ") for w in ("Status = 'init'", f"Sid = '{live}'",
                                                         "DateCreated > '2025-01-01'")]
        conn.execute(text("SELECT * FROM Conferences LIMIT 3")).all()
        conn.execute(text(f"UPDATE Conferences SET Status = 'completed' WHERE Sid = '{live}'"))
        raw = conn.connection.dbapi_connection
        cursor = raw.cursor()
        errors = []
        for bad in ("UPDATE Conferences SET Name = 'x'", "DELETE FROM Conferences",
                    "SELECT nope FROM Conferences", "ATTACH 'x' AS y"):
            with pytest.raises(Exception) as info:
                conn.execute(text(bad))
            errors.append(info.value)
        # SQLAlchemy 1.4's str(URL) prints the password the user wrote into it (2.x masks it);
        # that is SQLAlchemy's own URL class, so only its repr is checked there.
        url_text = str(engine.url) if SQLALCHEMY_2 else ""
        assert_clean(secret, master, plans, repr(engine), url_text, repr(engine.url), raw,
                     cursor, engine.pool, *errors)
    engine.dispose()
    assert_clean(secret, caplog.text, *(r.getMessage() for r in caplog.records),
                 *(r.args for r in caplog.records))


def test_no_secret_in_connection_failures(emulator, caplog):
    caplog.set_level(logging.DEBUG)
    secret = "f00dfeedf00dfeedf00dfeedf00dfeed"
    wrong = emulator.url.replace(emulator.auth_token, secret)
    unreachable = f"twilio://{emulator.account_sid}:{secret}@/?base_url=http%3A%2F%2F" \
                  "127.0.0.1%3A9&max_retries=0"
    problems = []
    for url in (wrong, unreachable, wrong + "&bogus=1", wrong + "&page_size=0"):
        with pytest.raises(Exception) as info:
            with create_engine(url).connect() as conn:
                conn.execute(text("SELECT COUNT(*) FROM Conferences")).all()
        problems.append(info.value)
    assert_clean(secret, *problems, caplog.text)


def test_repr_of_client_and_config():
    config = ClientConfig(account_sid="AC" + "1" * 32, username="AC" + "1" * 32,
                          password="s3cr3t-value-123", base_url="http://127.0.0.1:9")
    client = TwilioClient(config)
    conn = dbapi.connect(client=client)
    assert_clean("s3cr3t-value-123", config, client, conn, conn.cursor(), config.model_dump())
    conn.close()
    client.close()


# -- credentials Twilio keeps in records are not data ------------------------------------------

CREDENTIAL = r"(?i)(auth_?token|secret|password)"


def test_no_declaration_has_a_column_for_a_credential():
    import re

    from sqlalchemy_twilio.resources import RESOURCES

    for resource in RESOURCES.values():
        for column in resource.columns:
            assert not re.search(CREDENTIAL, column.name), (resource.name, column.name)
            assert not re.search(CREDENTIAL, column.field or ""), (resource.name, column.name)


@pytest.mark.parametrize("table", ["Keys", "SigningKeys"])
def test_a_new_key_s_secret_reaches_no_row_log_or_write_record(table, caplog):
    import json

    from sqlalchemy_twilio.emulator import Emulator
    from tests.conftest import UNTIL, connect_through

    caplog.set_level(logging.DEBUG)
    shown = []

    def keep_secret(request, status, body):
        if request.method == "POST" and "secret" in body:
            shown.append(body["secret"])
        return None

    with Emulator(conferences=5, calls=5, messages=5, seed=4, until=UNTIL) as emu:
        with connect_through(emu, keep_secret) as conn:
            cursor = conn.cursor()
            cursor.execute(f"INSERT INTO {table} (FriendlyName) VALUES ('deploy')")
            writes = list(cursor.writes)
            rows = cursor.execute(f"SELECT * FROM {table}").fetchall()
            plan = conn.explain(f"SELECT * FROM {table} WHERE FriendlyName = 'deploy'")
        held = json.dumps(emu.table(f"/{table}.json"))
    (secret,) = shown
    assert [r for r in rows if "deploy" in r]
    assert_clean(secret, rows, writes, plan, caplog.text, held)


def test_no_account_s_token_reaches_a_row_log_error_or_plan(caplog):
    """Twilio answers every account request with the account's auth token: the Accounts
    table has no column for it, and a created subaccount's token is shown nowhere."""
    from sqlalchemy_twilio.emulator import Emulator
    from tests.conftest import UNTIL, connect_through

    caplog.set_level(logging.DEBUG)
    seen: list[str] = []

    def keep_tokens(request, status, body):
        for record in body.get("accounts", [body]) if isinstance(body, dict) else []:
            if isinstance(record, dict) and "auth_token" in record:
                seen.append(record["auth_token"])
        return None

    with Emulator(conferences=5, calls=5, messages=5, seed=6, until=UNTIL) as emu:
        with connect_through(emu, keep_tokens) as conn:
            cursor = conn.cursor()
            cursor.execute("INSERT INTO Accounts (FriendlyName) VALUES ('new client')")
            writes = list(cursor.writes)
            rows = cursor.execute("SELECT * FROM Accounts").fetchall()
            fetched = cursor.execute("SELECT * FROM Accounts WHERE Sid = ?",
                                     [rows[0][4]]).fetchall()
            plan = conn.explain("SELECT * FROM Accounts WHERE Status = 'active'")
            with pytest.raises(Exception) as info:
                cursor.execute("UPDATE Accounts SET Status = 'active' WHERE Status = 'closed'")
        tokens = {emu.app.token(a["sid"]) for a in emu.table("/Accounts.json")}
        held = emu.table("/Accounts.json")
    assert len(tokens) == len(rows) >= 6 and set(seen) <= tokens and len(set(seen)) >= 6
    for token in tokens:
        assert_clean(token, rows, fetched, writes, plan, info.value, caplog.text, held)
