"""Opt-in latency hiding returns exactly the rows of the default plan."""

from __future__ import annotations

import pytest

from sqlalchemy_twilio import dbapi
from tests.conftest import api_requests, settings

RANGE = ("SELECT Sid, DateCreated FROM Conferences WHERE DateCreated >= '2025-09-01' "
         "AND DateCreated < '2026-05-01' ORDER BY Sid")


def rows(emu, sql, **options):
    with dbapi.connect(**settings(emu, **options)) as conn:
        return conn.cursor().execute(sql).fetchall()


def test_split_date_windows_return_the_same_rows(emu):
    expected = rows(emu, RANGE)
    emu.reset()
    got = rows(emu, RANGE, split_days=30, max_concurrency=4)
    assert got == expected and len(got) > 100
    windows = {(r["query"].get("DateCreated>", [""])[0], r["query"].get("DateCreated<", [""])[0])
               for r in api_requests(emu) if "PageToken" not in r["query"]}
    assert len(windows) == 9  # 242 days in windows of 30


def test_window_edges_do_not_repeat_midnight_records(emu):
    # A record at exactly a window edge is returned by both windows; it is kept once.
    midnight = next(r for r in emu.records if r["date_created"].endswith("00:00:00 +0000"))
    sql = "SELECT Sid FROM Conferences WHERE DateCreated >= '2025-06-01' " \
          "AND DateCreated <= '2026-06-30' ORDER BY Sid"
    for days in (1, 7, 30):
        got = [r[0] for r in rows(emu, sql, split_days=days)]
        assert len(got) == len(set(got))
        assert got == [r[0] for r in rows(emu, sql)]
    assert midnight["sid"] in got


@pytest.mark.parametrize("sql", [
    "SELECT Sid FROM Conferences ORDER BY Sid",
    "SELECT Sid FROM Conferences WHERE Status = 'completed' ORDER BY Sid",
])
def test_prefetch_returns_the_same_rows_with_the_same_requests(emu, sql):
    expected = rows(emu, sql)
    plain = len(api_requests(emu))
    emu.reset()
    assert rows(emu, sql, prefetch=True) == expected
    assert len(api_requests(emu)) == plain


def test_in_lists_fetch_concurrently_and_return_every_row(emu):
    sids = [r["sid"] for r in emu.records[:12]]
    listed = ", ".join(f"'{s}'" for s in sids)
    got = rows(emu, f"SELECT Sid FROM Conferences WHERE Sid IN ({listed})", max_concurrency=5)
    assert sorted(r[0] for r in got) == sorted(sids)
    assert len(api_requests(emu)) == 12
