"""The PEP 249 surface, against the emulator over HTTP."""

from __future__ import annotations

import datetime as dt

import pytest

from sqlalchemy_twilio import dbapi
from tests.conftest import api_requests, settings


@pytest.fixture()
def conn(emu):
    with dbapi.connect(**settings(emu)) as connection:
        yield connection


def test_module_globals():
    assert dbapi.apilevel == "2.0"
    assert dbapi.threadsafety == 1
    assert dbapi.paramstyle == "qmark"
    assert issubclass(dbapi.ProgrammingError, dbapi.DatabaseError)
    assert issubclass(dbapi.AuthenticationError, dbapi.OperationalError)


def test_connecting_fetches_nothing(emu):
    conn = dbapi.connect(**settings(emu))
    conn.cursor()
    conn.close()
    assert api_requests(emu) == []


def test_description_types_and_rowcount(conn, emu):
    cur = conn.cursor()
    cur.execute("SELECT Sid, DateCreated, SubresourceUris, length(Name) AS n FROM Conferences")
    names = [d[0] for d in cur.description]
    assert names == ["Sid", "DateCreated", "SubresourceUris", "n"]
    assert cur.description[0].type_code == dbapi.STRING
    assert cur.description[1].type_code == dbapi.DATETIME
    assert cur.description[3].type_code is None
    assert cur.rowcount == -1
    first = cur.fetchone()
    assert isinstance(first[1], dt.datetime) and first[1].tzinfo == dt.timezone.utc
    assert len(cur.fetchmany(10)) == 10
    rest = cur.fetchall()
    assert 1 + 10 + len(rest) == len(emu.records)
    assert cur.rowcount == len(emu.records)
    assert cur.fetchone() is None


def test_description_for_empty_result(conn):
    cur = conn.cursor()
    cur.execute("SELECT Sid, Status FROM Conferences WHERE Status = 'no-such-status'")
    assert [d[0] for d in cur.description] == ["Sid", "Status"]
    assert cur.fetchall() == []
    assert cur.rowcount == 0


def test_qmark_parameters_and_iteration(conn, emu):
    record = emu.records[3]
    cur = conn.cursor()
    rows = list(cur.execute("SELECT Sid, Name FROM Conferences WHERE Sid = ?", [record["sid"]]))
    assert rows == [(record["sid"], record["friendly_name"])]


def test_fetchmany_uses_arraysize(conn):
    cur = conn.cursor()
    cur.arraysize = 7
    cur.execute("SELECT Sid FROM Conferences LIMIT 20")
    assert len(cur.fetchmany()) == 7


def test_expression_datetimes_come_back_as_sqlite_makes_them(conn):
    cur = conn.cursor()
    cur.execute("SELECT DATETIME(DateCreated, 'start of month') FROM Conferences LIMIT 1")
    (value,) = cur.fetchone()
    assert isinstance(value, str) and value.endswith("-01 00:00:00")


def test_closed_cursor_and_connection_raise_interface_error(emu):
    conn = dbapi.connect(**settings(emu))
    cur = conn.cursor()
    cur.close()
    with pytest.raises(dbapi.InterfaceError):
        cur.execute("SELECT 1")
    cur2 = conn.cursor()
    conn.close()
    with pytest.raises(dbapi.InterfaceError):
        cur2.execute("SELECT 1")


def test_fetch_before_execute_is_a_programming_error(conn):
    with pytest.raises(dbapi.ProgrammingError):
        conn.cursor().fetchall()


def test_commit_and_rollback_are_no_ops(conn):
    conn.commit()
    conn.rollback()


def test_bad_settings_name_the_setting():
    with pytest.raises(dbapi.ProgrammingError, match="page_size"):
        dbapi.connect(account_sid="AC" + "0" * 32, username="AC" + "0" * 32,
                      password="x", page_size=5000)


def test_ping_with_wrong_token_is_an_auth_error(emu):
    conn = dbapi.connect(**dict(settings(emu), password="wrong-token-value"))
    with pytest.raises(dbapi.AuthenticationError) as info:
        conn.ping()
    assert info.value.code == 20003
    assert "wrong-token-value" not in str(info.value)


def test_unknown_table_suggests_the_likeliest_tables(conn):
    with pytest.raises(dbapi.ProgrammingError,
                       match=r"no such table: Conference \(did you mean Conferences or .*"
                             r"twilio-sql --tables lists the \d+ Twilio tables\)"):
        conn.cursor().execute("SELECT * FROM Conference")
    with pytest.raises(dbapi.ProgrammingError, match=r"no such table: Zzz \(twilio-sql"):
        conn.cursor().execute("SELECT * FROM Zzz")


def test_unknown_column_is_a_programming_error(conn, emu):
    with pytest.raises(dbapi.ProgrammingError, match="no such column"):
        conn.cursor().execute("SELECT Nmae FROM Conferences")
    assert api_requests(emu) == []
