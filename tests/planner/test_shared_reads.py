"""Invariant 10: a read shared within a statement (a join's inner list read once) answers only
the questions it was read under.

Past the first lookups of a join's inner table, one read of its list answers the later outer
rows. Joins that bind the inner table by more than the join's column (a date range, the
account) return what plain SQLite returns over the same records; a DELETE driven by such a
join deletes every row it matched, once; SQLite keeps a child that must be listed per parent
inside its parent; and a join of accounts and days with their daily usage costs about what
reading the usage once per account costs.
"""

from __future__ import annotations

from collections import Counter

import pytest

from sqlalchemy_twilio import dbapi
from sqlalchemy_twilio.vtable._table import WIDEN_AFTER
from tests.conftest import api_requests, settings
from tests.oracle.copies import plain_copy

TABLES = ("Accounts", "Calls", "Recordings", "Messages", "MessageMedia")

#: Recordings made after their call started: the date bound changes with every call.
DATED = ("SELECT c.Sid, r.Sid FROM Calls c {join} Recordings r ON r.CallSid = c.Sid "
         "AND r.DateCreated >= c.StartTime")
#: Every account's calls with their recordings: the account changes from call to call.
ACCOUNTS = ("SELECT c.Sid, r.Sid FROM Calls c {join} Recordings r ON r.CallSid = c.Sid "
            "AND r.AccountSid = c.AccountSid WHERE c.AccountSid IN (SELECT Sid FROM Accounts)")


@pytest.fixture(scope="module")
def copies(live_emulator):
    """The records as plain SQLite tables: of the connection's account, and of all."""
    return {"main": plain_copy(live_emulator, TABLES),
            "every": plain_copy(live_emulator, TABLES, every_account=True)}


# CROSS JOIN keeps Calls outside, so Recordings is the table asked per call (with JOIN,
# SQLite reads the recordings first for the date range, and the accounts' calls first).
@pytest.mark.parametrize(("sql", "scope", "join"), [
    (DATED, "main", "CROSS JOIN"), (ACCOUNTS, "every", "JOIN"),
    (ACCOUNTS, "every", "CROSS JOIN")], ids=["date-range", "accounts", "accounts-cross"])
def test_a_join_bound_by_more_than_its_column_equals_plain_sqlite(live_emulator, copies, sql,
                                                                  scope, join):
    sql = sql.format(join=join)
    expected = sorted(copies[scope].execute(sql).fetchall())
    assert len({call for call, _ in expected}) > 2 * WIDEN_AFTER
    with dbapi.connect(**settings(live_emulator)) as conn:
        got = sorted(conn.cursor().execute(sql).fetchall())
    assert got == expected


def test_a_delete_driven_by_such_a_join_reaches_every_matched_row_once(writable_emulator):
    emu = writable_emulator
    matched = DATED.format(join="CROSS JOIN").replace("c.Sid, r.Sid", "r.Sid")
    expected = {sid for (sid,) in plain_copy(emu, TABLES).execute(matched)}
    assert len(expected) > 2 * WIDEN_AFTER
    emu.reset()
    with dbapi.connect(**settings(emu, max_writes=10_000)) as conn:
        cur = conn.cursor()
        cur.execute(f"DELETE FROM Recordings WHERE Sid IN ({matched})")
        assert cur.rowcount == len(expected)
    deleted = Counter(r["path"].rsplit("/", 1)[1].removesuffix(".json")
                      for r in api_requests(emu) if r["method"] == "DELETE")
    assert deleted == Counter(expected)
    assert not expected & {r["sid"] for r in emu.table("/Recordings.json")}


def test_a_child_listed_per_parent_is_read_inside_its_parent(live_emulator, copies):
    """Media are listed one message at a time: SQLite reads the messages, then asks for the
    media of each message the WHERE clause keeps, rather than fanning out over them all."""
    emu = live_emulator
    join = "FROM Messages m JOIN MessageMedia mm ON mm.MessageSid = m.Sid WHERE m.NumMedia > 0"
    with dbapi.connect(**settings(emu, scan_concurrency=1)) as conn:
        cur = conn.cursor()
        emu.reset()
        cur.execute("SELECT Sid FROM Messages").fetchall()
        listing = len(api_requests(emu))
        emu.reset()
        rows = cur.execute(f"SELECT * {join}").fetchall()
        made = len(api_requests(emu))
        keys = sorted(cur.execute(f"SELECT m.Sid, mm.Sid {join}").fetchall())
    with_media = sum(1 for m in emu.table("/Messages.json") if int(m["num_media"] or 0) > 0)
    assert with_media > WIDEN_AFTER
    assert made == listing + with_media
    assert keys == sorted(copies["main"].execute(f"SELECT m.Sid, mm.Sid {join}").fetchall())
    assert len(rows) == len(keys) > 0


CALENDAR = ("WITH RECURSIVE days(d) AS (SELECT '2026-05-01' UNION ALL "
            "SELECT date(d, '+1 day') FROM days WHERE d < '2026-05-20')")
JOINED = (CALENDAR + "{usage} SELECT a.Sid, days.d, u.Category, u.Price FROM Accounts a "
          "CROSS JOIN days JOIN {table} ON u.AccountSid = a.Sid AND u.StartDate = days.d")


def test_accounts_and_days_joined_with_daily_usage_cost_about_one_read_per_account(
        live_emulator):
    """One lookup per account and day is what such a join asks; after the first lookups,
    one read of each account's daily usage answers every later day of that account, about
    what the same statement costs with the usage read first (AS MATERIALIZED)."""
    emu = live_emulator
    forms = {
        "joined": JOINED.format(usage="", table="UsageRecordsDaily u"),
        "materialized": JOINED.format(
            usage=", u AS MATERIALIZED (SELECT * FROM UsageRecordsDaily WHERE AccountSid IN "
                  "(SELECT Sid FROM Accounts))", table="u"),
    }
    counts, results = {}, {}
    with dbapi.connect(**settings(emu, scan_concurrency=1)) as conn:
        cur = conn.cursor()
        for name, sql in forms.items():
            emu.reset()
            results[name] = sorted(cur.execute(sql).fetchall())
            counts[name] = len(api_requests(emu))
    assert results["joined"] == results["materialized"]
    assert len(results["joined"]) > WIDEN_AFTER
    # The materialized form's reads, and the first lookups before the usage is read once per
    # account (the last of them may take a few pages past WIDEN_AFTER requests).
    assert counts["joined"] <= counts["materialized"] + 2 * WIDEN_AFTER, counts
