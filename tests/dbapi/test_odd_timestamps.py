"""Timestamps in RFC 2822's obsolete forms, or beyond the years a UTC datetime holds, read
end to end from records in Twilio's shape: each is the instant it names (or the nearest one a
datetime holds), sorts and filters as such, and no scan fails on it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from sqlalchemy_twilio import dbapi
from sqlalchemy_twilio.emulator import Emulator
from tests.conftest import UNTIL, conference_record, settings

UTC = dt.timezone.utc

#: Twilio's text, and the instant it names.
ODD = {
    "Fri, 31 Dec 9999 23:59:59 -0100": dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC),
    "Fri, 18 Feb 11 19:26:50 +0000": dt.datetime(2011, 2, 18, 19, 26, 50, tzinfo=UTC),
    "Sat, 19 Feb 111 08:00:00 GMT": dt.datetime(2011, 2, 19, 8, tzinfo=UTC),
    "Tue, 1 Mar 75 23:30 EST": dt.datetime(1975, 3, 2, 4, 30, tzinfo=UTC),
    "Mon, 02 Mar 2026 10:00:00 Z": dt.datetime(2026, 3, 2, 10, tzinfo=UTC),
    "Mon, 02 Mar 2026 11:00:00 +0000 (UTC)": dt.datetime(2026, 3, 2, 11, tzinfo=UTC),
}
SIDS = {text: f"CF{n:032x}" for n, text in enumerate(ODD, 1)}


@pytest.fixture(scope="module")
def odd() -> Iterator[Emulator]:
    records = [conference_record(SIDS[text], text) for text in ODD]
    with Emulator(data=records, until=UNTIL) as emu:
        yield emu


def query(emu: Emulator, sql: str) -> list[tuple]:
    with dbapi.connect(**settings(emu)) as conn:
        return conn.cursor().execute(sql).fetchall()


def test_each_odd_timestamp_is_the_instant_it_names(odd):
    rows = dict(query(odd, "SELECT Sid, DateCreated FROM Conferences"))
    assert rows == {SIDS[text]: moment for text, moment in ODD.items()}


def test_odd_timestamps_sort_and_compare_as_instants(odd):
    by_date = [sid for (sid,) in query(odd, "SELECT Sid FROM Conferences ORDER BY DateCreated")]
    assert by_date == [SIDS[t] for t in sorted(ODD, key=ODD.__getitem__)]
    in_2011 = query(odd, "SELECT Sid FROM Conferences WHERE DateCreated >= '2011-01-01' "
                         "AND DateCreated < '2012-01-01' ORDER BY DateCreated")
    assert [sid for (sid,) in in_2011] == [SIDS["Fri, 18 Feb 11 19:26:50 +0000"],
                                          SIDS["Sat, 19 Feb 111 08:00:00 GMT"]]
    last = query(odd, "SELECT Sid, DateCreated FROM Conferences "
                      "WHERE DateCreated > '9999-12-31 23:00:00'")
    assert last == [(SIDS["Fri, 31 Dec 9999 23:59:59 -0100"], ODD[
        "Fri, 31 Dec 9999 23:59:59 -0100"])]
    assert query(odd, "SELECT MIN(DateCreated), MAX(DateCreated) FROM Conferences") == [
        ("1975-03-02 04:30:00", "9999-12-31 23:59:59")]
