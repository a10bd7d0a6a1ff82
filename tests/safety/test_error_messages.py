"""Invariant 7: each row of the README's error table, as a user meets it through SQLAlchemy."""

from __future__ import annotations

import pytest
from sqlalchemy import MetaData, Table, create_engine, insert, text, update
from sqlalchemy import exc as sa_exc

from sqlalchemy_twilio import dbapi


@pytest.fixture()
def engine(emulator):
    emulator.reset()
    eng = create_engine(emulator.url)
    yield eng
    eng.dispose()


def run(engine, sql):
    with engine.connect() as conn:
        return conn.execute(text(sql)).all()


def test_wrong_credentials(emulator):
    bad = create_engine(emulator.url.replace(emulator.auth_token, "0" * 32))
    with pytest.raises(sa_exc.OperationalError) as info:
        run(bad, "SELECT * FROM Conferences")
    assert isinstance(info.value.orig, dbapi.AuthenticationError)
    assert "Twilio refused the credentials: Twilio error 20003 (HTTP 401)" in str(info.value)
    assert "Check the account SID and auth token" in str(info.value)


@pytest.mark.parametrize(("sql", "kind", "message"), [
    ("SELECT * FROM Conference", sa_exc.ProgrammingError,
     "no such table: Conference (did you mean Conferences or "),
    ("SELECT Nmae FROM Conferences", sa_exc.ProgrammingError,
     "no such column: Nmae (did you mean Name? columns of Conferences, closest first: Name, "),
    ("UPDATE Conferences SET Name = 'x'", sa_exc.NotSupportedError,
     "Conferences.Name is read-only: Twilio allows only Status (to 'completed') to be set"),
    ("UPDATE Conferences SET Status = 'init' WHERE Status = 'in-progress'", sa_exc.DataError,
     "Conferences.Status can only be set to 'completed', not 'init'"),
    ("INSERT INTO Conferences (Sid) VALUES ('x')", sa_exc.NotSupportedError,
     "Twilio does not allow Conferences to be added"),
    ("DELETE FROM Conferences", sa_exc.NotSupportedError,
     "Twilio does not allow Conferences to be deleted"),
    ("ATTACH 'x.db' AS x", sa_exc.NotSupportedError,
     "ATTACH, DETACH and VACUUM INTO are refused"),
    ("SELECT 1; SELECT 2", sa_exc.ProgrammingError,
     "execute() runs one statement, and this SQL holds more than one"),
    ("CREATE TABLE notes (x)", sa_exc.NotSupportedError,
     "CREATE TABLE notes is refused: a Twilio connection holds only Twilio's tables"),
    ("DROP TABLE Conferences", sa_exc.NotSupportedError,
     "DROP TABLE Conferences is refused: Twilio's schema is fixed by its API"),
])
def test_raw_sql_mistakes(engine, sql, kind, message):
    with pytest.raises(kind) as info:
        run(engine, sql)
    assert message in str(info.value)


def test_core_mistakes_fail_when_compiled(engine):
    table = Table("Conferences", MetaData(), autoload_with=engine)
    with engine.connect() as conn:
        with pytest.raises(sa_exc.CompileError, match="Conferences.Name is read-only"):
            conn.execute(update(table).values(Name="x"))
        with pytest.raises(sa_exc.CompileError, match="not 'init'"):
            conn.execute(update(table).values(Status="init"))
        with pytest.raises(sa_exc.CompileError, match="to be added"):
            conn.execute(insert(table).values(Sid="x"))


def test_bad_url_options(emulator):
    with pytest.raises(sa_exc.ArgumentError, match="unknown twilio:// option 'pagesize'; "
                                                   "valid options: account_sid, base_url"):
        create_engine(emulator.url + "&pagesize=5").connect()
    with pytest.raises(sa_exc.ArgumentError, match="page_size"):
        create_engine(emulator.url + "&page_size=5000").connect()
    with pytest.raises(sa_exc.ArgumentError, match="gives a user name but no auth token") as info:
        create_engine("twilio://tok3nSecretValue@/").connect()
    assert "tok3n" not in str(info.value)


def test_unreachable_host(emulator):
    url = (f"twilio://{emulator.account_sid}:{emulator.auth_token}@/?base_url=http%3A%2F%2F"
           "127.0.0.1%3A9&max_retries=0")
    with pytest.raises(sa_exc.OperationalError) as info:
        run(create_engine(url), "SELECT * FROM Conferences")
    text_ = str(info.value)
    assert "could not reach Twilio for GET" in text_
    assert "Check the network, and base_url, region and edge in the URL." in text_


def test_rate_limited(emulator):
    emulator.set_faults(rate=1.0, statuses=(429,), retry_after=0)
    try:
        with pytest.raises(sa_exc.OperationalError) as info:
            run(create_engine(emulator.url + "&max_retries=1"), "SELECT * FROM Conferences")
    finally:
        emulator.set_faults(rate=0.0)
    assert "Twilio is rate-limiting this account, still after every retry" in str(info.value)
    assert "max_retries and retry_budget" in str(info.value)
