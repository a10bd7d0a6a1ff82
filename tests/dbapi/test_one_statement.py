"""One execute() is one statement: more is refused before anything runs (invariant 8)."""

from __future__ import annotations

import pytest

from sqlalchemy_twilio import dbapi
from tests.conftest import api_requests, settings


@pytest.fixture()
def wemu(writable_emulator):
    writable_emulator.reset()
    return writable_emulator


@pytest.fixture()
def conn(wemu):
    with dbapi.connect(**settings(wemu)) as conn:
        yield conn


def live_sid(emu) -> str:
    return next(r["sid"] for r in emu.records if r["status"] == "in-progress")


@pytest.mark.parametrize("sql", [
    "SELECT 1; UPDATE Conferences SET Status = 'completed' WHERE Sid = '{sid}'",
    "UPDATE Conferences SET Status = 'completed' WHERE Sid = '{sid}'; SELECT 1",
    "SELECT 1 AS a; SELECT 2, 3",
    "SELECT Sid FROM Conferences WHERE Sid = '{sid}';\n-- then\nUPDATE Conferences SET "
    "Status = 'completed' WHERE Sid = '{sid}';",
    "SELECT 1; SELECT * FROM no_such_table",
])
def test_more_than_one_statement_is_refused_before_anything_runs(conn, wemu, sql):
    sid = live_sid(wemu)
    cur = conn.cursor()
    with pytest.raises(dbapi.ProgrammingError, match="one statement"):
        cur.execute(sql.format(sid=sid))
        cur.fetchall()
    assert api_requests(wemu) == []
    assert next(r for r in wemu.records if r["sid"] == sid)["status"] == "in-progress"


@pytest.mark.parametrize("sql", ["SELECT 1;", "SELECT 1;  ", "SELECT 1; -- done",
                                 "SELECT 1;;", "SELECT 1 /* one */ ;\n", "-- hello\nSELECT 1"])
def test_trailing_semicolons_and_comments_are_still_one_statement(conn, sql):
    cur = conn.cursor()
    assert cur.execute(sql).fetchall() == [(1,)]
    assert len(cur.description) == 1


def test_rows_are_as_wide_as_the_description(conn):
    cur = conn.cursor()
    cur.execute("SELECT 1 AS a, 2 AS b")
    assert all(len(row) == len(cur.description) for row in cur.fetchall())


def test_executemany_runs_one_statement_per_parameter_set(conn, wemu):
    sids = [r["sid"] for r in wemu.records if r["status"] == "in-progress"][:2]
    cur = conn.cursor()
    cur.executemany("UPDATE Conferences SET Status = 'completed' WHERE Sid = ?",
                    [[s] for s in sids])
    assert cur.rowcount == 2
    with pytest.raises(dbapi.ProgrammingError, match="one statement"):
        cur.executemany("UPDATE Conferences SET Status = 'completed' WHERE Sid = ?; SELECT 1",
                        [[s] for s in sids])


def test_explain_runs_nothing_and_lists_the_writes(conn, wemu):
    lines = conn.explain("UPDATE Conferences SET Status = 'completed' WHERE Status = "
                         "'in-progress'")
    assert api_requests(wemu) == []
    assert "Status=in-progress" in lines[0]
    assert lines[1].startswith(f"then POST /2010-04-01/Accounts/{wemu.account_sid}"
                               "/Conferences/{Sid}.json (Status)")
    assert lines[2].startswith("at most max_writes=100 write requests")
    assert conn.explain("SELECT * FROM Conferences WHERE Status = 'init'")[-1].startswith(
        "SCAN Conferences")
    with pytest.raises(dbapi.ProgrammingError, match="one statement"):
        conn.explain("SELECT 1; UPDATE Conferences SET Status = 'completed'")
    with pytest.raises(dbapi.NotSupportedError, match="to be deleted"):
        conn.explain("DELETE FROM Conferences")
    assert api_requests(wemu) == []
    assert sum(r["status"] == "in-progress" for r in wemu.records) > 0
