"""Accounts and subaccounts: the Accounts table (pushed filters, create, suspend, close), and
AccountSid in every table as the account in the path: one account, several, or all of them
through a subquery, each read in its own account and written back there."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from sqlalchemy_twilio import dbapi
from sqlalchemy_twilio.emulator import Emulator
from tests.conftest import UNTIL, api_requests, settings

from .conftest import PARTICIPANTS, writes

ACCOUNTS = "/Accounts.json"
ACCOUNTS_PATH = "/2010-04-01/Accounts.json"


@pytest.fixture(scope="module")
def shared() -> Iterator[Emulator]:
    # Small enough that every account's calls fit in one page of 1000.
    with Emulator(conferences=60, calls=400, messages=50, seed=11, until=UNTIL) as emu:
        yield emu


@pytest.fixture()
def acc(shared: Emulator) -> Emulator:
    shared.reset()
    return shared


@pytest.fixture()
def own() -> Iterator[Emulator]:
    """An emulator of its own, for tests that write."""
    with Emulator(conferences=60, calls=400, messages=50, seed=12, until=UNTIL) as emu:
        yield emu


def cursor(emu: Emulator, **extra: Any) -> Any:
    return dbapi.connect(**settings(emu, **extra)).cursor()


def accounts(emu: Emulator, status: str | None = None) -> list[dict[str, Any]]:
    return [a for a in emu.table(ACCOUNTS) if status is None or a["status"] == status]


def account_of(path: str) -> str:
    return path.split("/")[3].removesuffix(".json")


def test_accounts_lists_the_account_and_its_subaccounts_in_one_request(acc):
    rows = cursor(acc).execute(
        "SELECT Sid, FriendlyName, Status, OwnerAccountSid FROM Accounts").fetchall()
    assert sorted(rows) == sorted((a["sid"], a["friendly_name"], a["status"],
                                   a["owner_account_sid"]) for a in accounts(acc))
    assert {r[0] for r in rows} > {acc.account_sid}
    assert {r[2] for r in rows} == {"active", "suspended", "closed"}
    assert {r[3] for r in rows} == {acc.account_sid}
    assert [(r["method"], r["path"]) for r in api_requests(acc)] == [("GET", ACCOUNTS_PATH)]


@pytest.mark.parametrize(("column", "field"), [("Status", "status"),
                                               ("FriendlyName", "friendly_name")])
def test_status_and_friendly_name_are_pushed(acc, column, field):
    value = next(a[field] for a in accounts(acc) if a["sid"] != acc.account_sid)
    rows = cursor(acc).execute(f"SELECT Sid FROM Accounts WHERE {column} = ?",
                               [value]).fetchall()
    assert sorted(r[0] for r in rows) == sorted(a["sid"] for a in accounts(acc)
                                                if a[field] == value)
    (request,) = api_requests(acc)
    assert request["query"][column] == [value]


def test_no_condition_on_account_sid_reads_the_connections_account(acc):
    count = cursor(acc).execute("SELECT COUNT(*) FROM Calls").fetchone()[0]
    assert count == len(acc.table("/Calls.json"))
    assert {account_of(r["path"]) for r in api_requests(acc)} == {acc.account_sid}


def test_account_sid_equal_reads_that_subaccount(acc):
    sub = next(a["sid"] for a in accounts(acc, "active") if a["sid"] != acc.account_sid)
    rows = cursor(acc).execute("SELECT Sid, AccountSid FROM Calls WHERE AccountSid = ?",
                               [sub]).fetchall()
    assert sorted(rows) == sorted((c["sid"], sub) for c in acc.table("/Calls.json", sub))
    assert rows
    assert [r["path"] for r in api_requests(acc)] == [f"/2010-04-01/Accounts/{sub}/Calls.json"]


def test_calls_of_every_account_is_one_accounts_scan_and_one_list_each(acc):
    """The issue's acceptance: per-account counts equal the emulator's."""
    rows = cursor(acc).execute(
        "SELECT AccountSid, COUNT(*) FROM Calls WHERE AccountSid IN (SELECT Sid FROM Accounts) "
        "GROUP BY 1").fetchall()
    expected = {a["sid"]: len(acc.table("/Calls.json", a["sid"])) for a in accounts(acc)}
    assert dict(rows) == expected
    requests = api_requests(acc)
    assert [r["path"] for r in requests].count(ACCOUNTS_PATH) == 1
    calls = Counter(account_of(r["path"]) for r in requests if r["path"] != ACCOUNTS_PATH)
    assert calls == Counter(set(expected))  # one list (one page) per account
    assert len(requests) == 1 + len(expected)


def test_subaccount_lists_are_fetched_concurrently(acc):
    acc.latency_ms = 150
    try:
        cursor(acc).execute("SELECT COUNT(*) FROM Calls WHERE AccountSid IN "
                            "(SELECT Sid FROM Accounts)").fetchone()
    finally:
        acc.latency_ms = 0
    lists = [r for r in api_requests(acc) if r["path"] != ACCOUNTS_PATH]
    overlapping = max(sum(1 for o in lists if o["started"] < r["finished"]
                          and r["started"] < o["finished"]) for r in lists)
    assert overlapping > 1


def test_a_status_subquery_reads_only_those_accounts(acc):
    rows = cursor(acc).execute(
        "SELECT DISTINCT AccountSid FROM Messages WHERE AccountSid IN "
        "(SELECT Sid FROM Accounts WHERE Status = 'active')").fetchall()
    active = {a["sid"] for a in accounts(acc, "active")}
    assert {r[0] for r in rows} == active
    assert {account_of(r["path"]) for r in api_requests(acc)
            if r["path"] != ACCOUNTS_PATH} == active


def test_a_fan_out_reads_each_parent_in_its_own_account(acc):
    rows = cursor(acc).execute(
        "SELECT AccountSid, ConferenceSid, CallSid FROM ConferenceParticipants "
        "WHERE AccountSid IN (SELECT Sid FROM Accounts WHERE Status = 'active')").fetchall()
    expected = {(a["sid"], p["conference_sid"], p["call_sid"])
                for a in accounts(acc, "active") for p in acc.table(PARTICIPANTS, a["sid"])}
    assert set(rows) == expected and len(rows) == len(expected)
    assert len({r[0] for r in rows}) > 1
    for request in api_requests(acc):
        if request["path"].endswith("/Participants.json"):
            conference = request["path"].split("/")[5]
            owner = next(a["sid"] for a in accounts(acc) if any(
                c["sid"] == conference for c in acc.table("/Conferences.json", a["sid"])))
            assert account_of(request["path"]) == owner
    assert not any(r["status"] == 404 for r in api_requests(acc))


@pytest.mark.parametrize("sql", [
    "SELECT a.FriendlyName, COUNT(*) FROM Accounts a JOIN Calls c ON c.AccountSid = a.Sid "
    "WHERE a.Status = 'active' GROUP BY 1",
    "SELECT a.FriendlyName, COUNT(*) FROM Calls c JOIN Accounts a ON a.Sid = c.AccountSid "
    "WHERE a.Status = 'active' GROUP BY 1",
])
def test_a_join_on_account_sid_reads_each_account_the_join_names(acc, sql):
    rows = cursor(acc).execute(sql).fetchall()
    active = accounts(acc, "active")
    assert dict(rows) == {a["friendly_name"]: len(acc.table("/Calls.json", a["sid"]))
                          for a in active}
    requests = api_requests(acc)
    assert [r["path"] for r in requests].count(ACCOUNTS_PATH) == 1
    assert sorted(account_of(r["path"]) for r in requests if r["path"] != ACCOUNTS_PATH) == (
        sorted(a["sid"] for a in active))


def test_more_accounts_than_max_fanout_is_refused_before_any_list(acc):
    with pytest.raises(dbapi.OperationalError, match="max_fanout=2"):
        cursor(acc, max_fanout=2).execute(
            "SELECT COUNT(*) FROM Calls WHERE AccountSid IN (SELECT Sid FROM Accounts)"
        ).fetchall()
    assert [r["path"] for r in api_requests(acc)] == [ACCOUNTS_PATH]


def test_explain_shows_the_account_placeholder(acc):
    plan = " ".join(r[3] for r in cursor(acc).execute(
        "EXPLAIN QUERY PLAN SELECT COUNT(*) FROM Calls WHERE AccountSid IN "
        "(SELECT Sid FROM Accounts WHERE Status = 'active')").fetchall())
    assert "GET /2010-04-01/Accounts/{AccountSid}/Calls.json" in plan
    assert "for each value of AccountSid" in plan
    assert "GET /2010-04-01/Accounts.json?Status=active" in plan
    assert api_requests(acc) == []


def test_writes_go_to_each_rows_own_account(own):
    active = {a["sid"] for a in accounts(own, "active")}
    live = {(a, c["sid"]) for a in active for c in own.table("/Calls.json", a)
            if c["status"] == "in-progress"}
    assert len({a for a, _ in live}) > 1
    own.reset()
    cur = cursor(own)
    cur.execute("UPDATE Calls SET Status = 'completed' WHERE Status = 'in-progress' AND "
                "AccountSid IN (SELECT Sid FROM Accounts WHERE Status = 'active')")
    assert cur.rowcount == len(live)
    sent = [(m, p) for m, p, _ in writes(own)]
    assert sorted(sent) == sorted(("POST", f"/2010-04-01/Accounts/{a}/Calls/{s}.json")
                                  for a, s in live)
    for a, sid in live:
        assert next(c for c in own.table("/Calls.json", a) if c["sid"] == sid)[
            "status"] == "completed"


def test_insert_into_a_subaccount_posts_to_its_path(own):
    sub = next(a["sid"] for a in accounts(own, "active") if a["sid"] != own.account_sid)
    own.reset()
    cursor(own).execute("INSERT INTO Queues (AccountSid, FriendlyName) VALUES (?, 'overflow')",
                        [sub])
    assert [(m, p) for m, p, _ in writes(own)] == [
        ("POST", f"/2010-04-01/Accounts/{sub}/Queues.json")]
    assert any(q["friendly_name"] == "overflow" for q in own.table("/Queues.json", sub))
    assert not any(q["friendly_name"] == "overflow" for q in own.table("/Queues.json"))


def test_insert_creates_a_subaccount_whose_token_is_nowhere(own, caplog):
    caplog.set_level(logging.DEBUG)
    before = {a["sid"] for a in accounts(own)}
    own.reset()
    cur = cursor(own)
    cur.execute("INSERT INTO Accounts (FriendlyName) VALUES ('Dune Bakery')")
    assert writes(own) == [("POST", ACCOUNTS_PATH, {"FriendlyName": ["Dune Bakery"]})]
    (new,) = [a for a in accounts(own) if a["sid"] not in before]
    assert new["friendly_name"] == "Dune Bakery" and new["status"] == "active"
    assert new["owner_account_sid"] == own.account_sid
    rows = cur.execute("SELECT * FROM Accounts WHERE Sid = ?", [new["sid"]]).fetchall()
    assert len(rows) == 1
    token = own.app.token(new["sid"])
    assert token not in repr(rows) and token not in caplog.text
    assert token not in repr(cur.writes)


def test_suspend_then_activate_a_subaccount(own):
    sub = next(a for a in accounts(own, "active") if a["sid"] != own.account_sid)
    own.reset()
    cur = cursor(own)
    cur.execute("UPDATE Accounts SET Status = 'suspended' WHERE FriendlyName = ?",
                [sub["friendly_name"]])
    assert cur.rowcount == 1
    assert writes(own) == [("POST", f"/2010-04-01/Accounts/{sub['sid']}.json",
                            {"Status": ["suspended"]})]
    assert next(a for a in accounts(own) if a["sid"] == sub["sid"])["status"] == "suspended"
    cur.execute("UPDATE Accounts SET Status = 'active' WHERE Sid = ?", [sub["sid"]])
    assert next(a for a in accounts(own) if a["sid"] == sub["sid"])["status"] == "active"


def test_a_closed_subaccount_is_not_reopened_and_the_error_says_why(own):
    closed = accounts(own, "closed")
    assert closed
    own.reset()
    with pytest.raises(dbapi.OperationalError, match="can not be re-opened"):
        cursor(own).execute("UPDATE Accounts SET Status = 'active' WHERE Status = 'closed'")
    assert len(writes(own)) == 1
    assert [a["status"] for a in accounts(own) if a["sid"] in {c["sid"] for c in closed}] == [
        "closed"] * len(closed)


def test_closing_accounts_is_guarded_and_dry_run_sends_nothing(own):
    open_ = [a for a in accounts(own) if a["status"] != "closed"]
    own.reset()
    with pytest.raises(dbapi.OperationalError, match="max_writes=1"):
        cursor(own, max_writes=1).execute("UPDATE Accounts SET Status = 'closed' WHERE "
                                          "Status != 'closed'")
    cur = cursor(own, dry_run=True)
    cur.execute("UPDATE Accounts SET Status = 'closed' WHERE Status != 'closed'")
    assert writes(own) == []
    assert len(cur.writes) == len(open_)
    assert [a["status"] for a in accounts(own) if a["status"] != "closed"] == [
        a["status"] for a in open_]


def test_accounts_cannot_be_deleted_and_the_error_says_what_to_do(acc):
    with pytest.raises(dbapi.NotSupportedError, match="SET Status = 'closed'"):
        cursor(acc).execute("DELETE FROM Accounts WHERE Status = 'closed'")
    assert writes(acc) == []
