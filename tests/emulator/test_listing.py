"""Listing: paging over next_page_uri, order, and each filter's strict semantics."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sqlalchemy_twilio.emulator import Emulator
from tests.conftest import UNTIL, api_requests

from ._helpers import DATE_PARAMS, http, list_all, list_path, moment, reference_filter

LAST_DAY = dt.date.fromisoformat(UNTIL)
FIRST_DAY = LAST_DAY - dt.timedelta(days=401)


def _sids(records: list[dict[str, Any]]) -> list[str]:
    return [r["sid"] for r in records]


def _scan(emu: Emulator, params: dict[str, str]) -> list[dict[str, Any]]:
    with http(emu) as client:
        records, _ = list_all(client, list_path(emu), {**params, "PageSize": 1000})
    return records


def test_2500_records_in_3_pages_newest_first(emu: Emulator):
    with http(emu) as client:
        records, pages = list_all(client, list_path(emu), {"PageSize": 1000})
    requests = api_requests(emu)
    assert len(requests) == 3
    assert [len(p["conferences"]) for p in pages] == [1000, 1000, 500]
    assert [p["page"] for p in pages] == [0, 1, 2]
    assert pages[-1]["next_page_uri"] is None
    # Later requests follow next_page_uri: they carry a PageToken, the first does not.
    assert "PageToken" not in requests[0]["query"]
    assert all("PageToken" in r["query"] for r in requests[1:])
    assert all(r["query"]["PageSize"] == ["1000"] for r in requests)

    sids = _sids(records)
    assert len(set(sids)) == 2500
    keys = [(moment(r["date_created"]), r["sid"]) for r in records]
    assert keys == sorted(keys, reverse=True)
    assert sids == _sids(emu.records)


def test_small_pages_cover_everything_once(emu: Emulator):
    with http(emu) as client:
        records, pages = list_all(client, list_path(emu), {"PageSize": 300})
    assert len(pages) == len(api_requests(emu)) == 9
    assert len(records) == len(set(_sids(records))) == 2500
    assert [(p["start"], p["end"]) for p in pages[:2]] == [(0, 299), (300, 599)]


def test_the_data_has_records_on_the_day_boundaries(emu: Emulator):
    times = {moment(r["date_created"]).time() for r in emu.records}
    assert dt.time(0, 0, 0) in times and dt.time(23, 59, 59) in times


def _boundary_days(emulator: Emulator) -> list[tuple[str, dt.date]]:
    """Days holding a record created or updated at exactly 00:00:00 or 23:59:59 UTC, and the
    days after them (where a 23:59:59 record sits one second before midnight): every one for
    date_updated, every eighth record's for date_created (there are over a hundred)."""
    found: set[tuple[str, dt.date]] = set()
    seen = 0
    for record in emulator.records:
        for field in ("date_created", "date_updated"):
            at = moment(record[field])
            if at.time() in (dt.time(0, 0, 0), dt.time(23, 59, 59)):
                seen += 1
                if field == "date_updated" or seen % 8 == 0:
                    found.add((field, at.date()))
                    found.add((field, at.date() + dt.timedelta(days=1)))
    return sorted(found)


def test_strict_edges_on_a_record_created_exactly_at_midnight(emu: Emulator):
    record = next(r for r in emu.records if moment(r["date_created"]).time() == dt.time())
    day = moment(record["date_created"]).date()
    next_day = (day + dt.timedelta(days=1)).isoformat()
    before = (day - dt.timedelta(days=1)).isoformat()
    assert record["sid"] in _sids(_scan(emu, {"DateCreated": day.isoformat()}))
    assert record["sid"] in _sids(_scan(emu, {"DateCreated<": day.isoformat()}))
    assert record["sid"] in _sids(_scan(emu, {"DateCreated>": day.isoformat()}))
    assert record["sid"] not in _sids(_scan(emu, {"DateCreated": before}))
    assert record["sid"] not in _sids(_scan(emu, {"DateCreated>": next_day}))


def test_strict_edges_on_a_record_created_one_second_before_midnight(emu: Emulator):
    record = next(r for r in emu.records
                  if moment(r["date_created"]).time() == dt.time(23, 59, 59))
    day = moment(record["date_created"]).date()
    next_day = (day + dt.timedelta(days=1)).isoformat()
    assert record["sid"] in _sids(_scan(emu, {"DateCreated": day.isoformat()}))
    assert record["sid"] not in _sids(_scan(emu, {"DateCreated": next_day}))
    # "at or before D 00:00:00": the day itself is too early, the next midnight includes it.
    assert record["sid"] not in _sids(_scan(emu, {"DateCreated<": day.isoformat()}))
    assert record["sid"] in _sids(_scan(emu, {"DateCreated<": next_day}))
    assert record["sid"] in _sids(_scan(emu, {"DateCreated>": day.isoformat()}))
    assert record["sid"] not in _sids(_scan(emu, {"DateCreated>": next_day}))


@pytest.mark.parametrize("suffix", ["", "<", ">"])
def test_every_boundary_day_matches_the_strict_reading(emulator: Emulator, suffix: str):
    days = _boundary_days(emulator)
    assert len(days) > 20
    assert {f for f, _ in days} == {"date_created", "date_updated"}
    records = emulator.records
    for field, day in days:
        name = ("DateCreated" if field == "date_created" else "DateUpdated") + suffix
        params = {name: day.isoformat()}
        got = _sids(_scan(emulator, params))
        assert got == _sids(reference_filter(records, params)), params


def test_friendly_name_and_status_alone(emu: Emulator):
    records = emu.records
    name = records[17]["friendly_name"]
    for params in ({"FriendlyName": name}, {"Status": "init"}, {"Status": "in-progress"},
                   {"Status": "completed"}, {"FriendlyName": "no such room"}):
        expected = _sids(reference_filter(records, params))
        assert _sids(_scan(emu, params)) == expected, params


def test_non_ascii_friendly_name(emu: Emulator):
    name = next(r["friendly_name"] for r in emu.records if r["friendly_name"].startswith("会議"))
    got = _scan(emu, {"FriendlyName": name})
    assert got and all(r["friendly_name"] == name for r in got)
    assert _sids(got) == _sids(reference_filter(emu.records, {"FriendlyName": name}))


def test_combined_filters_over_a_date_window(emu: Emulator):
    records = emu.records
    for status, extra in itertools.product(["completed", "in-progress", "init"],
                                           [{}, {"DateUpdated>": 0}, {"DateUpdated<": 1}]):
        # A window around a record of that status (live ones are the newest).
        chosen = [r for r in records if r["status"] == status]
        mid = moment(chosen[len(chosen) // 2]["date_created"]).date()
        lo = (mid - dt.timedelta(days=30)).isoformat()
        hi = (mid + dt.timedelta(days=30)).isoformat()
        extra = {k: (lo, hi)[v] for k, v in extra.items()}
        params = {"Status": status, "DateCreated>": lo, "DateCreated<": hi, **extra}
        expected = _sids(reference_filter(records, params))
        assert expected, params
        assert _sids(_scan(emu, params)) == expected, params


_days = st.dates(min_value=FIRST_DAY, max_value=LAST_DAY + dt.timedelta(days=2))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(filters=st.dictionaries(st.sampled_from(DATE_PARAMS), _days.map(dt.date.isoformat),
                               min_size=1, max_size=3),
       status=st.none() | st.sampled_from(["init", "in-progress", "completed"]))
def test_any_date_filters_match_the_strict_reading(emulator: Emulator,
                                                   filters: dict[str, str],
                                                   status: str | None):
    params = dict(filters)
    if status:
        params["Status"] = status
    expected = _sids(reference_filter(emulator.records, params))
    assert _sids(_scan(emulator, params)) == expected


def test_filters_survive_paging(emu: Emulator):
    params = {"Status": "completed", "DateCreated>": (LAST_DAY - dt.timedelta(days=200)
                                                       ).isoformat()}
    expected = _sids(reference_filter(emu.records, params))
    assert len(expected) > 200
    with http(emu) as client:
        records, pages = list_all(client, list_path(emu), {**params, "PageSize": 100})
    assert _sids(records) == expected
    assert len(pages) == -(-len(expected) // 100)
    # Every page request (first and followed) kept the filters.
    for request in api_requests(emu):
        assert request["query"]["Status"] == ["completed"]
        assert request["query"]["DateCreated>"] == [params["DateCreated>"]]
