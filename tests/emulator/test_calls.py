"""Calls: the sample data, each list filter against a plain-Python reference (the strict day
readings, at 00:00:00 and 23:59:59), and Twilio's rules for placing, hanging up, canceling,
redirecting and deleting calls."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest

from sqlalchemy_twilio.emulator import Emulator
from tests.conftest import UNTIL

from ._helpers import api, assert_twilio_error, boundary_days, day_matches, http, moment, scan

LIST = "/Calls.json"
ONE = "/Calls/{Sid}.json"
STATUSES = ("queued", "ringing", "in-progress", "completed", "busy", "failed", "no-answer",
            "canceled")
DAY_PARAMS = {"StartTime": "start_time", "EndTime": "end_time"}


@pytest.fixture(scope="module")
def calls_emulator() -> Iterator[Emulator]:
    with Emulator(conferences=100, seed=21, until=UNTIL, calls=2500, messages=10) as emu:
        yield emu


@pytest.fixture()
def emu(calls_emulator: Emulator) -> Emulator:  # noqa: F811 - this module's own
    calls_emulator.reset()
    return calls_emulator


@pytest.fixture()
def fresh(calls_emulator: Emulator) -> Emulator:
    calls_emulator.reset(data=True)
    return calls_emulator


def reference(calls: list[dict[str, Any]], params: dict[str, str]) -> list[dict[str, Any]]:
    def keep(call: dict[str, Any]) -> bool:
        for name, value in params.items():
            base = name.rstrip("<>")
            if base in DAY_PARAMS:
                if not day_matches(call[DAY_PARAMS[base]], name[len(base):],
                                   dt.date.fromisoformat(value), before_open=True):
                    return False
            elif call[{"To": "to", "From": "from", "Status": "status",
                       "ParentCallSid": "parent_call_sid"}[name]] != value:
                return False
        return True
    return [c for c in calls if keep(c)]


def sids(records: list[dict[str, Any]]) -> list[str]:
    return [r["sid"] for r in records]


def by_status(emu: Emulator, status: str) -> dict[str, Any]:
    return next(c for c in emu.table(LIST) if c["status"] == status and c["sid"] not in
                {p["call_sid"] for p in emu.table(
                    "/Conferences/{ConferenceSid}/Participants.json")})


# -- the sample data ------------------------------------------------------------------------

def test_the_sample_calls_look_like_twilios(emu: Emulator):
    calls = emu.table(LIST)
    assert {c["status"] for c in calls} == set(STATUSES)
    assert {c["direction"] for c in calls} == {"inbound", "outbound-api", "outbound-dial"}
    children = [c for c in calls if c["parent_call_sid"]]
    assert len(children) > 50
    known = {c["sid"] for c in calls}
    assert all(c["parent_call_sid"] in known for c in children)
    for c in calls:
        assert c["price"] is None or re.fullmatch(r"-\d+\.\d{5}", c["price"]), c["price"]
        assert c["queue_time"] is None or c["queue_time"].isdigit()
        if c["status"] == "completed":
            assert c["duration"].isdigit() and c["end_time"] and c["start_time"]
            assert (moment(c["end_time"]) - moment(c["start_time"])).total_seconds() == \
                int(c["duration"])
        else:
            assert c["duration"] is None and c["end_time"] is None and c["price"] is None
        if c["status"] == "queued":
            assert c["start_time"] is None
        assert c["uri"] == api(emu, ONE, Sid=c["sid"])
        assert c["subresource_uris"]["recordings"] == api(emu, "/Calls/{Sid}/Recordings.json",
                                                          Sid=c["sid"])
        if re.fullmatch(r"\+1\d{10}", c["to"]):
            assert c["to_formatted"] == f"({c['to'][2:5]}) {c['to'][5:8]}-{c['to'][8:]}"
    for field in ("start_time", "end_time"):
        times = {moment(c[field]).time() for c in calls if c[field]}
        assert {dt.time(0, 0, 0), dt.time(23, 59, 59)} <= times, field


# -- filters --------------------------------------------------------------------------------

def test_to_from_parent_and_status_filters(emu: Emulator):
    calls = emu.table(LIST)
    child = next(c for c in calls if c["parent_call_sid"])
    cases = [{"To": calls[5]["to"]}, {"From": calls[9]["from"]}, {"To": "+10000000000"},
             {"ParentCallSid": child["parent_call_sid"]},
             {"Status": "completed", "From": calls[3]["from"]},
             *({"Status": s} for s in STATUSES)]
    with http(emu) as client:
        for params in cases:
            expected = reference(calls, params)
            assert sids(scan(client, api(emu, LIST), "calls", params)) == sids(expected), params


@pytest.mark.parametrize("suffix", ["", "<", ">"])
@pytest.mark.parametrize("base", list(DAY_PARAMS))
def test_day_filters_match_the_strict_reading_on_boundary_days(emu: Emulator, base: str,
                                                               suffix: str):
    calls = emu.table(LIST)
    days = boundary_days(calls, DAY_PARAMS[base])
    assert len(days) >= 10
    if suffix:  # a range returns many calls: every third boundary day is enough
        days = days[::3]
    with http(emu) as client:
        for day in days:
            params = {base + suffix: day.isoformat()}
            got = sids(scan(client, api(emu, LIST), "calls", params))
            assert got == sids(reference(calls, params)), params


def test_a_call_starting_at_midnight_is_not_before_that_day(emu: Emulator):
    """``StartTime<`` is "before this date" in Twilio's words: strictly before 00:00:00."""
    calls = emu.table(LIST)
    call = next(c for c in calls if c["start_time"]
                and moment(c["start_time"]).time() == dt.time())
    day = moment(call["start_time"]).date()
    with http(emu) as client:
        def found(params: dict[str, str]) -> bool:
            return call["sid"] in sids(scan(client, api(emu, LIST), "calls", params))
        assert found({"StartTime": day.isoformat()})
        assert found({"StartTime>": day.isoformat()})
        assert not found({"StartTime<": day.isoformat()})
        assert found({"StartTime<": (day + dt.timedelta(days=1)).isoformat()})
        assert not found({"StartTime": (day - dt.timedelta(days=1)).isoformat()})


def test_combined_filters_over_a_window(emu: Emulator):
    calls = emu.table(LIST)
    last = dt.date.fromisoformat(UNTIL)
    for params in ({"StartTime>": (last - dt.timedelta(days=90)).isoformat(),
                    "StartTime<": (last - dt.timedelta(days=30)).isoformat()},
                   {"EndTime>": (last - dt.timedelta(days=200)).isoformat(),
                    "Status": "completed", "StartTime<": last.isoformat()},
                   {"StartTime": (last - dt.timedelta(days=1)).isoformat(),
                    "EndTime": (last - dt.timedelta(days=1)).isoformat()}):
        expected = reference(calls, params)
        with http(emu) as client:
            assert sids(scan(client, api(emu, LIST), "calls", params)) == sids(expected)


def test_an_instant_stands_for_its_day(emu: Emulator):
    # The spec types StartTime as a date-time and Twilio's SDKs send one; Twilio documents
    # the filter by day, so an instant reads as its UTC day.
    with http(emu) as client:
        by_day = scan(client, api(emu, LIST), "calls", {"StartTime<": "2026-06-01"})
        by_instant = scan(client, api(emu, LIST), "calls",
                          {"StartTime<": "2026-06-01T15:30:00Z"})
    assert by_day and sids(by_instant) == sids(by_day)


@pytest.mark.parametrize("params", [
    {"Status": "ended"}, {"Status": "Completed"}, {"ParentCallSid": "CA123"},
    {"StartTime": "2026-6-1"}, {"StartTime<": "2026-06-01T00:00:00"},
    {"EndTime>": "yesterday"}, {"EndTime": "2026-02-30"},
])
def test_bad_filters_are_400(emu: Emulator, params: dict[str, str]):
    with http(emu) as client:
        response = client.get(api(emu, LIST), params=params)
    assert next(iter(params)) in assert_twilio_error(response, 400, 20001)["message"]


# -- create ---------------------------------------------------------------------------------

def test_placing_a_call_queues_it_and_lists_it_first(fresh: Emulator):
    emu = fresh
    form = {"To": "+14155550123", "From": "+14155550100", "Url": "https://example.com/t.xml",
            "Method": "GET", "StatusCallbackEvent": ["initiated", "completed"],
            "Timeout": "20", "Record": "false", "MachineDetection": "Enable"}
    with http(emu) as client:
        response = client.post(api(emu, LIST), data=form)
        first = client.get(api(emu, LIST), params={"PageSize": 1}).json()["calls"][0]
        fetched = client.get(response.json()["uri"]).json()
    assert response.status_code == 201, response.text
    call = response.json()
    assert (call["status"], call["to"], call["from"]) == ("queued", form["To"], form["From"])
    assert call["direction"] == "outbound-api" and call["start_time"] is None
    assert call["to_formatted"] == "(415) 555-0123"
    assert first == fetched == call


@pytest.mark.parametrize("form, code, name", [
    ({"From": "+1", "Url": "https://e.com/x"}, 21201, "To"),
    ({"To": "+1", "Url": "https://e.com/x"}, 21213, "From"),
    ({"To": "+1", "From": "+2"}, 21205, "Url"),
    ({"To": "+1", "From": "+2", "Url": "/relative"}, 21205, "Url"),
    ({"To": "+1", "From": "+2", "Twiml": "<Response/>", "Timeout": "0"}, 20001, "Timeout"),
    ({"To": "+1", "From": "+2", "Twiml": "<Response/>", "Method": "PATCH"}, 20001, "Method"),
    ({"To": "+1", "From": "+2", "Twiml": "<Response/>", "Record": "y"}, 20001, "Record"),
    ({"To": "+1", "From": "+2", "ApplicationSid": "AP1"}, 20001, "ApplicationSid"),
    ({"To": "+1", "From": "+2", "Twiml": "<Response/>", "Colour": "red"}, 20001, "Colour"),
])
def test_bad_creates_are_400(fresh: Emulator, form: dict[str, str], code: int, name: str):
    before = len(fresh.table(LIST))
    with http(fresh) as client:
        response = client.post(api(fresh, LIST), data=form)
    assert name in assert_twilio_error(response, 400, code)["message"]
    assert len(fresh.table(LIST)) == before


def test_twiml_or_an_application_also_places_a_call(fresh: Emulator):
    with http(fresh) as client:
        for extra in ({"Twiml": "<Response><Say>hi</Say></Response>"},
                      {"ApplicationSid": "AP" + "a" * 32}):
            response = client.post(api(fresh, LIST), data={"To": "+1", "From": "+2", **extra})
            assert response.status_code == 201, response.text


# -- update ---------------------------------------------------------------------------------

@pytest.mark.parametrize("state", ["in-progress", "ringing", "queued"])
def test_completed_hangs_up_a_live_call(fresh: Emulator, state: str):
    call = by_status(fresh, state)
    before = fresh.now.replace(microsecond=0)
    with http(fresh) as client:
        response = client.post(api(fresh, ONE, Sid=call["sid"]), data={"Status": "completed"})
        listed = scan(client, api(fresh, LIST), "calls",
                      {"Status": "completed", "EndTime": before.date().isoformat()})
    ended = response.json()
    assert response.status_code == 200 and ended["status"] == "completed"
    assert moment(ended["end_time"]) >= before and ended["duration"].isdigit()
    assert ended["start_time"] and moment(ended["date_updated"]) >= before
    assert ended in listed


def test_ending_an_ended_call_changes_nothing(fresh: Emulator):
    call = by_status(fresh, "completed")
    with http(fresh) as client:
        response = client.post(api(fresh, ONE, Sid=call["sid"]), data={"Status": "completed"})
    assert response.status_code == 200 and response.json() == call


@pytest.mark.parametrize("state", ["queued", "ringing"])
def test_canceled_cancels_a_queued_or_ringing_call(fresh: Emulator, state: str):
    call = by_status(fresh, state)
    with http(fresh) as client:
        response = client.post(api(fresh, ONE, Sid=call["sid"]), data={"Status": "canceled"})
    assert response.status_code == 200
    assert response.json()["status"] == "canceled"
    assert response.json()["end_time"] is None and response.json()["duration"] is None


@pytest.mark.parametrize("state", ["in-progress", "completed", "busy", "canceled"])
def test_a_call_past_ringing_cannot_be_canceled(fresh: Emulator, state: str):
    call = by_status(fresh, state)
    with http(fresh) as client:
        response = client.post(api(fresh, ONE, Sid=call["sid"]), data={"Status": "canceled"})
        after = client.get(api(fresh, ONE, Sid=call["sid"])).json()
    assert state in assert_twilio_error(response, 400, 21220)["message"]
    assert after == call


def test_url_or_twiml_redirect_a_live_call_only(fresh: Emulator):
    live, done = by_status(fresh, "in-progress"), by_status(fresh, "completed")
    with http(fresh) as client:
        moved = client.post(api(fresh, ONE, Sid=live["sid"]),
                            data={"Url": "https://example.com/next.xml", "Method": "POST"})
        twiml = client.post(api(fresh, ONE, Sid=live["sid"]),
                            data={"Twiml": "<Response><Hangup/></Response>"})
        both = client.post(api(fresh, ONE, Sid=live["sid"]),
                           data={"Twiml": "<Response/>", "Url": "https://example.com/x"})
        late = client.post(api(fresh, ONE, Sid=done["sid"]),
                           data={"Url": "https://example.com/next.xml"})
    assert moved.status_code == twiml.status_code == 200
    assert moved.json()["status"] == "in-progress"
    assert_twilio_error(both, 400, 20001)
    assert_twilio_error(late, 400, 21220)


@pytest.mark.parametrize("form, name", [
    ({"Status": "busy"}, "Status"), ({"Method": "GET", "Url": "ftp://x"}, "Url"),
    ({"TimeLimit": "-5"}, "TimeLimit"), ({"To": "+1"}, "To"),
    ({"FallbackMethod": "post"}, "FallbackMethod"),
])
def test_bad_updates_are_400(fresh: Emulator, form: dict[str, str], name: str):
    call = by_status(fresh, "in-progress")
    with http(fresh) as client:
        response = client.post(api(fresh, ONE, Sid=call["sid"]), data=form)
    body = response.json()
    assert response.status_code == 400 and name in body["message"], body


# -- delete ---------------------------------------------------------------------------------

def test_deleting_an_ended_call_removes_it(fresh: Emulator):
    call = by_status(fresh, "no-answer")
    with http(fresh) as client:
        response = client.delete(api(fresh, ONE, Sid=call["sid"]))
        fetched = client.get(api(fresh, ONE, Sid=call["sid"]))
        again = client.delete(api(fresh, ONE, Sid=call["sid"]))
    assert response.status_code == 204 and response.content == b""
    assert_twilio_error(fetched, 404, 20404)
    assert_twilio_error(again, 404, 20404)
    assert call["sid"] not in sids(fresh.table(LIST))


def test_a_live_call_cannot_be_deleted(fresh: Emulator):
    call = by_status(fresh, "in-progress")
    with http(fresh) as client:
        response = client.delete(api(fresh, ONE, Sid=call["sid"]))
    assert_twilio_error(response, 400, 21220)
    assert call["sid"] in sids(fresh.table(LIST))


def test_unknown_calls_are_404_and_the_list_takes_no_delete(emu: Emulator):
    with http(emu) as client:
        for method in ("GET", "POST", "DELETE"):
            response = client.request(method, api(emu, ONE, Sid="CA" + "0" * 32))
            assert_twilio_error(response, 404, 20404)
        refused = client.delete(api(emu, LIST))
    assert refused.status_code == 405 and refused.json()["code"] == 20004
