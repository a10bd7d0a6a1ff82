"""Scans longer than a page continue in concurrent date windows: the same rows in the same
order as paging in order, a bounded number of requests more, a bounded number in flight."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from sqlalchemy_twilio import dbapi
from sqlalchemy_twilio.client._limit import Concurrency
from sqlalchemy_twilio.emulator import Emulator
from tests.conftest import UNTIL, api_requests, connect_through, settings

#: Small pages, so that a few thousand records make scans of many pages.
PAGE = 100

SCANS = [
    "SELECT Sid, DateCreated, Status FROM Conferences",
    "SELECT Sid FROM Conferences WHERE Status = 'completed'",
    "SELECT Sid, DateCreated FROM Conferences WHERE DateCreated >= '2025-09-01'",
    "SELECT Sid, DateCreated FROM Recordings",
    "SELECT Sid, StartTime FROM Calls WHERE StartTime >= '2025-08-01'",
    "SELECT Sid, StartTime FROM Calls WHERE StartTime >= '2025-08-01' "
    "AND StartTime < '2026-02-01'",
    "SELECT Sid, DateSent FROM Messages WHERE DateSent >= '2026-01-01'",
]


@pytest.fixture(scope="module")
def big() -> Iterator[Emulator]:
    with Emulator(conferences=3000, calls=3000, messages=3000, seed=11, until=UNTIL) as emu:
        yield emu


def run(emu, sql, **options):
    emu.reset()
    with dbapi.connect(**settings(emu, page_size=PAGE, **options)) as conn:
        rows = conn.cursor().execute(sql).fetchall()
    return rows, api_requests(emu)


def is_window(request) -> bool:
    return any(k.endswith("<") or k.endswith(">") for k in request["query"]) and \
        "PageToken" not in request["query"]


@pytest.mark.parametrize("sql", SCANS)
def test_windows_give_the_rows_of_paging_in_order_in_its_order(big, sql):
    in_order, sequential = run(big, sql, scan_concurrency=1)
    windowed, requests = run(big, sql)
    assert windowed == in_order and len(in_order) > 10 * PAGE
    lists = [r for r in requests if not r["path"].endswith(f"{big.account_sid}.json")]
    windows = sum(is_window(r) for r in lists) - sum(is_window(r) for r in sequential)
    assert windows > 1
    # Each window's last page is part full: at most one request more per window, and the
    # one or two pages read before the windows were planned.
    assert len(lists) <= len(sequential) + windows + 2
    # And no more than a quarter more requests than paging in order, all told.
    assert len(lists) <= 1.25 * len(sequential)


def test_a_list_of_one_page_is_one_request(big):
    rows, requests = run(big, "SELECT Sid FROM Conferences")  # page_size 1000
    rows, requests = run(big, "SELECT Sid FROM Conferences WHERE Status = 'in-progress'")
    assert rows and len(requests) == 1


def test_in_order_is_exactly_the_pages_of_the_list(big):
    rows, requests = run(big, SCANS[0], scan_concurrency=1)
    assert len(requests) == -(-len(rows) // PAGE)
    assert not any(is_window(r) for r in requests)


def test_the_account_is_asked_for_once_per_client(big):
    run(big, SCANS[0])
    rows, requests = run(big, SCANS[0])
    assert not [r for r in requests if r["path"].endswith(f"{big.account_sid}.json")]


def test_a_scan_that_stops_early_leaves_few_requests_unread(big):
    rows, requests = run(big, "SELECT Sid FROM Conferences LIMIT 350")
    assert len(rows) == 350
    needed = -(-350 // PAGE)
    # The pages read, the account, and what the windows had asked for ahead of the reader.
    assert len(requests) <= needed + 1 + 2 * 10


def test_a_fetch_loop_that_breaks_leaves_at_most_a_page_a_slot_and_what_it_read(big):
    big.reset()
    with dbapi.connect(**settings(big, page_size=PAGE, max_concurrency=4)) as conn:
        cursor = conn.cursor().execute("SELECT Sid FROM Conferences")
        taken = len(cursor.fetchmany(8 * PAGE))
        cursor.close()
    requests = [r for r in api_requests(big)
                if not r["path"].endswith(f"{big.account_sid}.json")]
    assert taken == 8 * PAGE
    read = -(-taken // PAGE)
    # The read-ahead starts at one page a slot and grows by a page for each page read.
    assert read < len(requests) <= read + 4 + read


@pytest.mark.parametrize("sql", [SCANS[0], SCANS[4]], ids=["in order", "merged"])
def test_windows_keep_every_slot_busy(big, sql):
    # Calls are listed newest created first but windowed by StartTime, so their windows are
    # merged: all are opened first, and read ahead as a scan in order is.
    big.latency_ms = 20
    try:
        rows, requests = run(big, sql, max_concurrency=4)
    finally:
        big.latency_ms = 0
    assert len(rows) > 10 * PAGE
    assert in_flight_peak(requests) == 4


def test_faults_inside_windows_are_retried_and_change_nothing(big):
    in_order, _ = run(big, SCANS[0], scan_concurrency=1)
    big.set_faults(rate=0.3, statuses=[429, 503])
    try:
        windowed, requests = run(big, SCANS[0], max_retries=20)
    finally:
        big.set_faults(rate=0.0)
    assert windowed == in_order
    assert any(r["status"] in (429, 503) for r in requests)


def test_records_created_during_the_scan_are_left_out_as_in_order(big):
    # A recording made while the windows are being read is newer than every record the
    # scan had reached: paging in order would not reach it either.
    live = next(c for c in big.table("/Calls.json") if c["status"] == "in-progress")
    made = []

    def record_once(request, status, body):
        if not made and "DateCreated<" in request.url.params:
            made.append(big.app.handle(
                "POST", f"/2010-04-01/Accounts/{big.account_sid}/Calls/{live['sid']}"
                        "/Recordings.json", "", {"authorization": basic(big)}, b""))
        return None

    big.reset()
    before = [r["sid"] for r in big.table("/Recordings.json")]
    with connect_through(big, record_once, page_size=20) as conn:
        rows = conn.cursor().execute("SELECT Sid FROM Recordings").fetchall()
    assert made and made[0].status == 201
    assert [r[0] for r in rows] == before


def basic(emu) -> str:
    import base64

    return "Basic " + base64.b64encode(f"{emu.account_sid}:{emu.auth_token}".encode()).decode()


def in_flight_peak(requests) -> int:
    events = sorted([(r["started"], 1) for r in requests] + [(r["finished"], -1)
                                                             for r in requests])
    peak = now = 0
    for _, step in events:
        now += step
        peak = max(peak, now)
    return peak


def test_one_engine_never_has_more_than_max_concurrency_in_flight(big):
    big.reset()
    big.latency_ms = 20
    errors = []

    def scan(sql):
        try:
            with dbapi.connect(**settings(big, page_size=PAGE, max_concurrency=3)) as conn:
                conn.cursor().execute(sql).fetchall()
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    try:
        threads = [threading.Thread(target=scan, args=(sql,)) for sql in SCANS[:4]]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        big.latency_ms = 0
    assert not errors
    requests = api_requests(big)
    assert len(requests) > 40
    assert in_flight_peak(requests) == 3


def test_a_429_halves_the_bound_and_calm_raises_it_again():
    bound = Concurrency(8)
    bound.throttled()
    assert bound.limit == 4
    bound.throttled()
    bound.throttled()
    bound.throttled()
    assert bound.limit == 1
    for _ in range(2):
        bound.answered()
    assert bound.limit == 2
    for _ in range(100):
        bound.answered()
    assert bound.limit == 8


def test_a_rate_limited_scan_slows_down_and_still_answers(big):
    in_order, _ = run(big, SCANS[0], scan_concurrency=1)
    big.set_faults(rate=0.5, statuses=[429], retry_after=0)
    try:
        windowed, requests = run(big, SCANS[0], max_retries=20)
    finally:
        big.set_faults(rate=0.0)
    assert windowed == in_order
    assert sum(r["status"] == 429 for r in requests) > 3


# -- windows cut again: a list whose first pages say little of how dense its past is ----------

def skewed(records, stamp_fields):
    """``records`` (newest first) re-dated: the newest hundred one every five hours, every
    older one a record every 72 minutes. The first pages then promise a short past, and the
    windows planned from them each hold many pages."""
    import datetime as dt
    from email.utils import format_datetime

    top = dt.datetime(2026, 6, 30, 12, tzinfo=dt.timezone.utc)
    out = []
    for i, record in enumerate(records):
        at = top - dt.timedelta(hours=5 * i) if i < 100 else \
            top - dt.timedelta(hours=500, minutes=72 * (i - 100))
        record = dict(record)
        for name in stamp_fields:
            if record.get(name):
                record[name] = format_datetime(at)
        out.append(record)
    return out


#: Each table re-dated on its own emulator, so the account is as old as that table.
DENSE = {"Conferences": ("date_created", "date_updated"),
         "Calls": ("date_created", "date_updated", "start_time", "end_time")}


@pytest.fixture(scope="module", params=sorted(DENSE))
def dense_past(request, big) -> Iterator[tuple[str, Emulator]]:
    table = request.param
    data = {f"/{table}.json": skewed(big.table(f"/{table}.json"), DENSE[table])}
    with Emulator(data=data, until=UNTIL) as emu:
        yield table, emu


def nested(requests, param) -> int:
    """How many window requests lie within another window's days: windows cut again."""
    def days(r):
        q = r["query"]
        return (q.get(f"{param}>", [""])[0], q.get(f"{param}<", ["~"])[0])
    # (The scan's own first request spans the query's days: not a window.)
    spans = {days(r) for r in requests[1:] if is_window(r)} - {days(requests[0])}
    return sum(any(o != s and o[0] <= s[0] and s[1] <= o[1] for o in spans) for s in spans)


#: A scan of each dense table, and its window's date filter.
DENSE_SCANS = {
    "Conferences": ("SELECT Sid, DateCreated FROM Conferences", "DateCreated"),
    # Merged: calls are listed newest created first but windowed by StartTime.
    "Calls": ("SELECT Sid, StartTime FROM Calls WHERE StartTime >= '2025-01-01'", "StartTime"),
}


def test_a_window_whose_first_page_is_full_is_cut_again(dense_past):
    table, dense_past = dense_past
    sql, param = DENSE_SCANS[table]
    in_order, sequential = run(dense_past, sql, scan_concurrency=1)
    dense_past.latency_ms = 20
    try:
        windowed, requests = run(dense_past, sql, max_concurrency=4)
    finally:
        dense_past.latency_ms = 0
    lists = [r for r in requests if not r["path"].endswith(f"{dense_past.account_sid}.json")]
    assert windowed == in_order and len(in_order) > 25 * PAGE
    assert nested(lists, param) >= 2
    # Cut again, the windows keep every slot busy where the first plan had too few of them.
    assert in_flight_peak(requests) == 4
    assert len(lists) <= 1.25 * len(sequential)


# -- a result read as a stream pages in order, holding about a page ---------------------------

def test_a_dbapi_cursor_set_to_stream_pages_in_order(big):
    in_order, sequential = run(big, SCANS[0], scan_concurrency=1)
    big.reset()
    with dbapi.connect(**settings(big, page_size=PAGE)) as conn:
        cursor = conn.cursor()
        cursor.stream = True
        streamed = cursor.execute(SCANS[0]).fetchall()
        requests = api_requests(big)
        windowed = conn.cursor().execute(SCANS[0]).fetchall()
    assert streamed == windowed == in_order
    assert [r["query"] for r in requests if "Conferences" in r["path"]] == \
        [r["query"] for r in sequential]


@pytest.mark.parametrize("options", [{"stream_results": True}, {"yield_per": 500}])
def test_sqlalchemy_streamed_results_page_in_order(big, options):
    from sqlalchemy import create_engine, text

    engine = create_engine(big.url + f"&page_size={PAGE}")
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1 FROM Conferences LIMIT 1")).all()  # the account, once
            big.reset()
            streamed = list(conn.execute(text(SCANS[0]).execution_options(**options)))
            in_order = len(api_requests(big))
            big.reset()
            whole = conn.execute(text(SCANS[0])).all()
            windowed = api_requests(big)
    finally:
        engine.dispose()
    assert [tuple(r) for r in streamed] == [tuple(r) for r in whole]
    assert in_order == -(-len(whole) // PAGE)
    assert any(is_window(r) for r in windowed)
