"""UPDATE ends conferences; every other write is refused before any request."""

from __future__ import annotations

import pytest

from sqlalchemy_twilio import dbapi
from tests.conftest import api_requests, settings


@pytest.fixture()
def wemu(writable_emulator):
    writable_emulator.reset()
    return writable_emulator


@pytest.fixture()
def cur(wemu):
    with dbapi.connect(**settings(wemu)) as conn:
        yield conn.cursor()


def by_status(emu, status):
    return [r for r in emu.records if r["status"] == status]


def test_update_one_conference(cur, wemu):
    target = by_status(wemu, "in-progress")[0]["sid"]
    cur.execute("UPDATE Conferences SET Status = 'completed' WHERE Sid = ?", [target])
    assert cur.rowcount == 1
    assert cur.description is None
    reqs = api_requests(wemu)
    assert [r["method"] for r in reqs] == ["GET", "POST"]
    assert reqs[1]["path"].endswith(f"/Conferences/{target}.json")
    row = cur.execute("SELECT Status, ReasonConferenceEnded FROM Conferences WHERE Sid = ?",
                      [target]).fetchone()
    assert row == ("completed", "conference-ended-via-api")


def test_update_every_live_conference(cur, wemu):
    live = by_status(wemu, "in-progress")
    assert len(live) > 1
    cur.execute("UPDATE Conferences SET Status = 'completed' WHERE Status = 'in-progress'")
    assert cur.rowcount == len(live)
    posts = [r for r in api_requests(wemu) if r["method"] == "POST"]
    assert len(posts) == len(live)
    assert by_status(wemu, "in-progress") == []


def test_already_completed_rows_count_but_send_nothing(cur, wemu):
    done = by_status(wemu, "completed")[0]["sid"]
    cur.execute("UPDATE Conferences SET Status = 'completed' WHERE Sid = ?", [done])
    assert cur.rowcount == 1
    assert [r["method"] for r in api_requests(wemu)] == ["GET"]


@pytest.mark.parametrize(("sql", "message"), [
    ("UPDATE Conferences SET Name = 'x'", "Conferences.Name is read-only"),
    ("UPDATE Conferences SET Status = 'completed', Region = 'us1'",
     "Conferences.Region is read-only"),
    ("INSERT INTO Conferences (Sid) VALUES ('CF00000000000000000000000000000000')",
     "Twilio does not allow Conferences to be added"),
    ("DELETE FROM Conferences WHERE Status = 'completed'",
     "Twilio does not allow Conferences to be deleted"),
])
def test_refused_writes_send_no_request(cur, wemu, sql, message):
    with pytest.raises(dbapi.NotSupportedError, match=message):
        cur.execute(sql)
    assert api_requests(wemu) == []


def test_bad_status_value_changes_nothing(cur, wemu):
    live = by_status(wemu, "in-progress")
    with pytest.raises(dbapi.DataError, match="can only be set to 'completed', not 'init'"):
        cur.execute("UPDATE Conferences SET Status = 'init' WHERE Status = 'in-progress'")
    assert [r for r in api_requests(wemu) if r["method"] == "POST"] == []
    assert len(by_status(wemu, "in-progress")) == len(live)


def test_failure_part_way_says_how_many_and_which(cur, wemu):
    live = sorted(r["sid"] for r in by_status(wemu, "in-progress"))
    assert len(live) >= 3
    failing = live[1]
    wemu.add_fault(400, match=lambda r: r["method"] == "POST" and failing in r["path"],
                   times=1)
    with pytest.raises(dbapi.PartialWriteError) as info:
        cur.execute("UPDATE Conferences SET Status = 'completed' WHERE Status = 'in-progress'")
    err = info.value
    assert err.failed_key == failing
    assert f"before {failing} failed" in str(err)
    done = len(live) - len(by_status(wemu, "in-progress"))
    assert err.updated == done
    assert str(err).startswith(f"{done} of {len(live)} Conferences updated")


def test_a_failed_scan_writes_nothing(cur, wemu):
    live = by_status(wemu, "in-progress")
    wemu.add_fault(401, match=lambda r: r["method"] == "GET", times=1)
    with pytest.raises(dbapi.AuthenticationError):
        cur.execute("UPDATE Conferences SET Status = 'completed' WHERE Status = 'in-progress'")
    assert [r for r in api_requests(wemu) if r["method"] == "POST"] == []
    assert len(by_status(wemu, "in-progress")) == len(live)


def test_executemany_sums_rowcounts(cur, wemu):
    targets = [r["sid"] for r in by_status(wemu, "in-progress")[:3]]
    cur.executemany("UPDATE Conferences SET Status = 'completed' WHERE Sid = ?",
                    [[s] for s in targets])
    assert cur.rowcount == 3
    assert len([r for r in api_requests(wemu) if r["method"] == "POST"]) == 3
