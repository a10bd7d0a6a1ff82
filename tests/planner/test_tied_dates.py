"""Concurrent date windows keep every record once by its key, whatever order Twilio gives
records that share a timestamp (it documents none): against an emulator that shuffles them,
with many records sharing every window's edge, a windowed scan holds exactly the records of
the list, none twice, in the order paging in order gives."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Iterator
from email.utils import format_datetime
from typing import Any

import pytest

from sqlalchemy_twilio import dbapi
from sqlalchemy_twilio.emulator import Emulator
from tests.conftest import DATA_ACCOUNT, UNTIL, api_requests, conference_record, settings

PAGE = 100
#: Records sharing each timestamp: more than a page's worth share a window's edge.
TIED = 40
DAYS = 36


def sid(prefix: str, n: int) -> str:
    # Keys in no relation to the order of creation, so a shuffle and the key order differ.
    return prefix + hashlib.sha256(f"{prefix}{n}".encode()).hexdigest()[:32]


def stamps() -> Iterator[dt.datetime]:
    """Each day's midnight (where windows meet), noon and last second, newest first."""
    last = dt.datetime(2026, 6, 28, tzinfo=dt.timezone.utc)
    for day in range(DAYS):
        midnight = last - dt.timedelta(days=day)
        yield from (midnight + dt.timedelta(hours=23, minutes=59, seconds=59),
                    midnight + dt.timedelta(hours=12), midnight)


def call_record(call_sid: str, created: dt.datetime, started: dt.datetime) -> dict[str, Any]:
    base = f"/2010-04-01/Accounts/{DATA_ACCOUNT}/Calls/{call_sid}"
    return {"sid": call_sid, "account_sid": DATA_ACCOUNT, "date_created":
            format_datetime(created), "date_updated": format_datetime(created),
            "start_time": format_datetime(started), "status": "completed",
            "to": "+14155550123", "from": "+14155550100", "direction": "outbound-api",
            "api_version": "2010-04-01", "uri": f"{base}.json"}


def tied_data() -> dict[str, list[dict[str, Any]]]:
    conferences, calls = [], []
    for i, at in enumerate(stamps()):
        for j in range(TIED):
            n = i * TIED + j
            conferences.append(conference_record(sid("CF", n), format_datetime(at),
                                                 status=("init", "completed")[n % 2]))
            # Listed by creation, windowed by start: ties in both.
            calls.append(call_record(sid("CA", n), at, at + dt.timedelta(hours=j % 2)))
    return {"/Conferences.json": conferences, "/Calls.json": calls}


@pytest.fixture(scope="module")
def shuffled() -> Iterator[Emulator]:
    with Emulator(data=tied_data(), seed=4, until=UNTIL, ties="shuffled") as emu:
        yield emu


def run(emu: Emulator, sql: str, **options: Any) -> tuple[list[tuple[Any, ...]], list[Any]]:
    emu.reset()
    with dbapi.connect(**settings(emu, page_size=PAGE, **options)) as conn:
        rows = conn.cursor().execute(sql).fetchall()
    return rows, api_requests(emu)


def windows(requests: list[dict[str, Any]]) -> int:
    return sum(any(k.endswith(("<", ">")) for k in r["query"])
               and "PageToken" not in r["query"] for r in requests)


def test_the_emulator_orders_ties_otherwise_than_by_key(shuffled):
    listed = [r["sid"] for r in shuffled.table("/Conferences.json")]
    first_tie = listed[:TIED]
    assert first_tie != sorted(first_tie, reverse=True)
    assert first_tie != sorted(first_tie)


def started_since(record: dict[str, Any], day: dt.date) -> bool:
    return dt.datetime.strptime(record["start_time"], "%a, %d %b %Y %H:%M:%S %z").date() >= day


#: Each scan, the records it holds (from the emulator's list, in its order), and whether its
#: windows follow each other in the list's order (else they are merged by the list's date).
SCANS = {
    "conferences": ("SELECT Sid, DateCreated FROM Conferences", "/Conferences.json",
                    lambda r: True, True),
    "conferences by status": ("SELECT Sid, DateCreated FROM Conferences WHERE Status = "
                              "'completed'", "/Conferences.json",
                              lambda r: r["status"] == "completed", True),
    "calls, merged": ("SELECT Sid, DateCreated FROM Calls WHERE StartTime >= '2026-05-24'",
                      "/Calls.json", lambda r: started_since(r, dt.date(2026, 5, 24)), False),
}


@pytest.mark.parametrize("name", sorted(SCANS))
def test_windows_hold_each_record_once_whatever_the_order_of_ties(shuffled, name):
    sql, path, keep, ordered = SCANS[name]
    in_order, sequential = run(shuffled, sql, scan_concurrency=1)
    windowed, requests = run(shuffled, sql)
    assert windows(requests) > windows(sequential) + 1  # the scan was cut into windows

    listed = [r["sid"] for r in shuffled.table(path) if keep(r)]
    assert [row[0] for row in in_order] == listed and len(listed) > 10 * PAGE
    counts = Counter(row[0] for row in windowed)
    assert [s for s, n in counts.items() if n > 1] == []  # none twice
    assert set(counts) == set(listed)  # none lost
    if ordered:
        # Windows that follow each other give the list's own order, ties as Twilio sent them.
        assert windowed == in_order
    else:
        # Merged windows keep the list's order of dates; ties may come otherwise.
        dates = [row[1] for row in windowed]
        assert dates == sorted(dates, reverse=True)
