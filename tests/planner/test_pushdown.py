"""Each pushdown rule: the right rows, and exactly the planned requests (from the emulator log)."""

from __future__ import annotations

import datetime as dt
import math
from email.utils import parsedate_to_datetime

import pytest

from sqlalchemy_twilio import dbapi
from sqlalchemy_twilio.vtable._table import WIDEN_AFTER
from tests.conftest import api_requests, settings

LIST = "/Conferences.json"


@pytest.fixture()
def cur(emu):
    with dbapi.connect(**settings(emu)) as conn:
        yield conn.cursor()


def created(record):
    return parsedate_to_datetime(record["date_created"]).astimezone(dt.timezone.utc)


def sids(rows):
    return sorted(r[0] for r in rows)


def test_full_scan_pages_through_everything(cur, emu):
    rows = cur.execute("SELECT * FROM Conferences").fetchall()
    assert sids(rows) == sorted(r["sid"] for r in emu.records)
    reqs = api_requests(emu)
    # Three pages in order; run concurrently, a scan may spend up to 25% more (rounded up to
    # whole requests), and whether it does depends on when its pages arrive.
    assert 3 <= len(reqs) <= math.ceil(3 * 1.25)
    assert reqs[0]["query"]["PageSize"] == ["1000"]


def test_sid_equality_is_one_fetch(cur, emu):
    record = emu.records[42]
    rows = cur.execute(f"SELECT Sid, Status FROM Conferences WHERE Sid = '{record['sid']}'"
                       ).fetchall()
    assert rows == [(record["sid"], record["status"])]
    (req,) = api_requests(emu)
    assert req["method"] == "GET" and req["path"].endswith(f"/Conferences/{record['sid']}.json")


def test_unknown_sid_is_no_row_not_an_error(cur, emu):
    missing = "CF" + "0" * 32
    assert cur.execute("SELECT * FROM Conferences WHERE Sid = ?", [missing]).fetchall() == []
    assert len(api_requests(emu)) == 1


def test_malformed_sid_sends_nothing(cur, emu):
    for bad in ("../Calls/CA123", "CF" + "0" * 31 + "%2F", "CF" + "g" * 32, "x" * 10_000):
        assert cur.execute("SELECT * FROM Conferences WHERE Sid = ?", [bad]).fetchall() == []
    assert api_requests(emu) == []


def test_sid_in_list_fetches_each(cur, emu):
    wanted = [r["sid"] for r in emu.records[10:13]]
    rows = cur.execute(
        "SELECT Sid FROM Conferences WHERE Sid IN (?, ?, ?)", wanted).fetchall()
    assert sids(rows) == sorted(wanted)
    reqs = api_requests(emu)
    assert sorted(r["path"].rsplit("/", 1)[1] for r in reqs) == sorted(f"{s}.json" for s in wanted)


@pytest.mark.parametrize("status", ["init", "in-progress", "completed"])
def test_status_equality_is_a_list_parameter(cur, emu, status):
    rows = cur.execute("SELECT Sid FROM Conferences WHERE Status = ?", [status]).fetchall()
    expected = [r["sid"] for r in emu.records if r["status"] == status]
    assert sids(rows) == sorted(expected)
    reqs = api_requests(emu)
    assert reqs[0]["query"]["Status"] == [status]
    assert len(reqs) == max(1, -(-len(expected) // 1000))


def test_status_in_list_is_one_stream_per_value(cur, emu):
    rows = cur.execute(
        "SELECT Sid FROM Conferences WHERE Status IN ('init', 'in-progress')").fetchall()
    expected = [r["sid"] for r in emu.records if r["status"] in ("init", "in-progress")]
    assert sids(rows) == sorted(expected)
    statuses = sorted(r["query"]["Status"][0] for r in api_requests(emu))
    assert statuses == ["in-progress", "init"]


def test_name_equality_is_friendly_name(cur, emu):
    name = emu.records[0]["friendly_name"]
    rows = cur.execute("SELECT Sid FROM Conferences WHERE Name = ?", [name]).fetchall()
    assert sids(rows) == sorted(r["sid"] for r in emu.records if r["friendly_name"] == name)
    (req,) = api_requests(emu)
    assert req["query"]["FriendlyName"] == [name]


def midnight_days(emu):
    days = sorted({created(r).date() for r in emu.records
                   if created(r).time() == dt.time(0, 0, 0)})
    assert days, "the sample data has records at exactly midnight"
    return days


def test_date_range_with_midnight_boundaries(cur, emu):
    day = midnight_days(emu)[0]
    lo, hi = day.isoformat(), (day + dt.timedelta(days=2)).isoformat()
    rows = cur.execute(
        "SELECT Sid FROM Conferences WHERE DateCreated >= ? AND DateCreated < ?", [lo, hi]
    ).fetchall()
    start = dt.datetime.combine(day, dt.time(), dt.timezone.utc)
    end = start + dt.timedelta(days=2)
    expected = [r["sid"] for r in emu.records if start <= created(r) < end]
    assert sids(rows) == sorted(expected)
    assert any(created(r) == start for r in emu.records)
    (req,) = api_requests(emu)
    assert req["query"]["DateCreated>"] == [lo]
    assert req["query"]["DateCreated<"] == [hi]


@pytest.mark.parametrize("op", ["<", "<=", ">", ">=", "="])
def test_each_date_operator_at_midnight(cur, emu, op):
    day = midnight_days(emu)[-1]
    value = f"{day.isoformat()} 00:00:00"
    rows = cur.execute(f"SELECT Sid FROM Conferences WHERE DateCreated {op} ?", [value]
                       ).fetchall()
    at = dt.datetime.combine(day, dt.time(), dt.timezone.utc)
    check = {"<": at.__gt__, "<=": at.__ge__, ">": at.__lt__, ">=": at.__le__, "=": at.__eq__}[op]
    assert sids(rows) == sorted(r["sid"] for r in emu.records if check(created(r)))


def test_limit_sizes_the_page(cur, emu):
    rows = cur.execute("SELECT Sid FROM Conferences LIMIT 5").fetchall()
    assert [r[0] for r in rows] == [r["sid"] for r in emu.records[:5]]
    (req,) = api_requests(emu)
    assert req["query"]["PageSize"] == ["5"]


def test_limit_with_offset(cur, emu):
    rows = cur.execute("SELECT Sid FROM Conferences LIMIT 5 OFFSET 10").fetchall()
    assert [r[0] for r in rows] == [r["sid"] for r in emu.records[10:15]]
    (req,) = api_requests(emu)
    assert req["query"]["PageSize"] == ["15"]


def test_limit_never_ends_a_scan_early(cur, emu):
    # Region is not a filter Twilio has: LIMIT must not shrink pages, or paging would crawl.
    region = emu.records[-1]["region"]
    rows = cur.execute("SELECT Sid FROM Conferences WHERE Region = ? LIMIT 3", [region]
                       ).fetchall()
    assert [r[0] for r in rows] == [r["sid"] for r in emu.records if r["region"] == region][:3]
    assert all(r["query"].get("PageSize", ["1000"]) == ["1000"] for r in api_requests(emu))


@pytest.mark.parametrize("where", [
    "Status = 'init' AND Status = 'completed'",
    "Status = 'not-a-status'",
    "DateCreated > '2025-03-04 10:00:00' AND DateCreated < '2025-03-04 09:00:00'",
    # Twilio's stamps are whole seconds: none is equal to an instant between two of them.
    "DateCreated = '2025-03-04 10:00:00.5'",
    "Sid = 'CF00000000000000000000000000000000' AND Sid = 'CF00000000000000000000000000000001'",
])
def test_contradictions_send_nothing(cur, emu, where):
    assert cur.execute(f"SELECT * FROM Conferences WHERE {where}").fetchall() == []
    assert api_requests(emu) == []


def test_sid_lookup_beats_a_list_when_both_apply(cur, emu):
    record = emu.records[7]
    rows = cur.execute("SELECT Sid FROM Conferences WHERE Status = ? AND Sid = ?",
                       [record["status"], record["sid"]]).fetchall()
    assert rows == [(record["sid"],)]
    (req,) = api_requests(emu)
    assert req["path"].endswith(f"{record['sid']}.json")


def test_explain_shows_the_request_and_no_secret(cur, emu):
    plan = cur.execute(
        "EXPLAIN QUERY PLAN SELECT * FROM Conferences WHERE Status = 'completed'").fetchall()
    text = " ".join(str(r[-1]) for r in plan)
    assert f"GET /2010-04-01/Accounts/{emu.account_sid}/Conferences.json?Status=completed" in text
    assert emu.auth_token not in text
    assert api_requests(emu) == []


def test_sqlite_does_the_rest(cur, emu):
    counts = dict(cur.execute(
        "SELECT Status, COUNT(*) FROM Conferences GROUP BY Status ORDER BY Status").fetchall())
    expected: dict[str, int] = {}
    for r in emu.records:
        expected[r["status"]] = expected.get(r["status"], 0) + 1
    assert counts == expected
    oldest = cur.execute(
        "SELECT Sid FROM Conferences ORDER BY DateCreated ASC, Sid ASC LIMIT 1").fetchone()
    assert oldest[0] == min(emu.records, key=lambda r: (created(r), r["sid"]))["sid"]


def test_self_join_on_sid_reuses_the_scan(cur, emu):
    emu.reset()
    (n,) = cur.execute(
        "SELECT COUNT(*) FROM Conferences a JOIN Conferences b ON a.Sid = b.Sid").fetchone()
    assert n == len(emu.records)
    assert len(api_requests(emu)) == 3


def test_join_on_another_column_costs_two_scans(cur, emu):
    emu.reset()
    (n,) = cur.execute(
        "SELECT COUNT(*) FROM Conferences a JOIN Conferences b "
        "ON a.Region = b.Region AND a.Sid < b.Sid").fetchone()
    per_region: dict[str, int] = {}
    for r in emu.records:
        per_region[r["region"]] = per_region.get(r["region"], 0) + 1
    assert n == sum(k * (k - 1) // 2 for k in per_region.values())
    # The outer scan, then one inner scan kept and replayed for every outer row.
    assert len(api_requests(emu)) == 6


def test_join_on_name_asks_per_name_then_reads_the_list_once(cur, emu):
    emu.reset()
    (n,) = cur.execute("SELECT COUNT(*) FROM Conferences a JOIN Conferences b "
                       "ON a.Name = b.Name AND a.Sid < b.Sid").fetchone()
    per_name: dict[str, int] = {}
    for r in emu.records:
        per_name[r["friendly_name"]] = per_name.get(r["friendly_name"], 0) + 1
    assert n == sum(k * (k - 1) // 2 for k in per_name.values())
    assert len(per_name) > WIDEN_AFTER
    requests = api_requests(emu)
    by_name = [r for r in requests if "FriendlyName" in r["query"]]
    # The first names are asked one by one; from the tenth the list is read once (three
    # pages, like the outer scan) and answers every name after it.
    assert len(by_name) == WIDEN_AFTER - 1
    assert len(requests) == 3 + len(by_name) + 3
