"""Conference participants: filters, fetch by SID or label, and Twilio's rules for updating,
kicking and adding participants, and for what ending a conference does to them."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import pytest

from sqlalchemy_twilio.emulator import Emulator
from tests.conftest import UNTIL

from ._helpers import api, assert_twilio_error, http, moment, scan

LIST = "/Conferences/{ConferenceSid}/Participants.json"
ONE = "/Conferences/{ConferenceSid}/Participants/{CallSid}.json"
CONFERENCE = "/Conferences/{Sid}.json"


@pytest.fixture(scope="module")
def module_emulator() -> Iterator[Emulator]:
    with Emulator(conferences=160, seed=11, until=UNTIL, calls=100, messages=50) as emu:
        yield emu


@pytest.fixture()
def emu(module_emulator: Emulator) -> Emulator:  # noqa: F811 - this module's own
    module_emulator.reset(data=True)
    return module_emulator


def participants(emu: Emulator) -> list[dict[str, Any]]:
    return emu.table(LIST)


def members(emu: Emulator, conference_sid: str) -> list[dict[str, Any]]:
    return [p for p in participants(emu) if p["conference_sid"] == conference_sid]


def conference(emu: Emulator, sid: str) -> dict[str, Any]:
    return next(c for c in emu.records if c["sid"] == sid)


def call(emu: Emulator, sid: str) -> dict[str, Any]:
    return next(c for c in emu.table("/Calls.json") if c["sid"] == sid)


def crowded(emu: Emulator, at_least: int = 3, **where: Any) -> str:
    """A live conference with at least ``at_least`` participants matching ``where``."""
    counts: dict[str, list[dict[str, Any]]] = {}
    for p in participants(emu):
        counts.setdefault(p["conference_sid"], []).append(p)
    for sid, ps in sorted(counts.items()):
        if len(ps) >= at_least and all(any(p[k] == v for p in ps) for k, v in where.items()):
            return sid
    raise AssertionError(f"no conference with {at_least} participants and {where}")


# -- the sample data ------------------------------------------------------------------------

def test_only_live_conferences_have_participants(emu: Emulator):
    by_status = {c["sid"]: c["status"] for c in emu.records}
    ps = participants(emu)
    assert {by_status[p["conference_sid"]] for p in ps} == {"init", "in-progress"}
    counts = {sid: len(members(emu, sid)) for sid, s in by_status.items() if s != "completed"}
    assert set(counts.values()) <= {1, 2, 3, 4, 5} and len(set(counts.values())) >= 4
    for field in ("muted", "hold", "coaching", "end_conference_on_exit"):
        assert {p[field] for p in ps} == {True, False}, field
    for p in ps:
        if p["coaching"]:
            coached = p["call_sid_to_coach"]
            assert coached in {m["call_sid"] for m in members(emu, p["conference_sid"])}
        else:
            assert p["call_sid_to_coach"] is None
        leg = call(emu, p["call_sid"])
        assert leg["status"] in ("queued", "ringing", "in-progress")
        assert p["queue_time"] is None  # Twilio sends it only when a participant is added


# -- filters and fetch ----------------------------------------------------------------------

@pytest.mark.parametrize("filters", [
    {"Muted": "true"}, {"Muted": "false"}, {"Hold": "true"}, {"Coaching": "true"},
    {"Coaching": "false", "Hold": "false"}, {"Muted": "TRUE", "Hold": "False"},
    {"Muted": "true", "Coaching": "false"},
])
def test_boolean_filters_match_a_reference(emu: Emulator, filters: dict[str, str]):
    everything = participants(emu)
    matched = 0
    with http(emu) as client:
        for sid in sorted({p["conference_sid"] for p in everything}):
            got = scan(client, api(emu, LIST, ConferenceSid=sid), "participants", filters)
            expected = [p for p in everything if p["conference_sid"] == sid and all(
                p[k.lower()] is (v.lower() == "true") for k, v in filters.items())]
            assert got == expected, (sid, filters)
            matched += len(got)
    assert matched


@pytest.mark.parametrize("value", ["yes", "1", "", "truth"])
def test_a_boolean_filter_that_is_not_true_or_false_is_400(emu: Emulator, value: str):
    sid = crowded(emu, 1)
    with http(emu) as client:
        response = client.get(api(emu, LIST, ConferenceSid=sid), params={"Hold": value})
    assert "Hold" in assert_twilio_error(response, 400, 20001)["message"]


def test_fetch_by_call_sid_and_by_label(emu: Emulator):
    labelled = next(p for p in participants(emu) if p["label"])
    with http(emu) as client:
        by_sid = client.get(api(emu, ONE, ConferenceSid=labelled["conference_sid"],
                                CallSid=labelled["call_sid"]))
        by_label = client.get(api(emu, ONE, ConferenceSid=labelled["conference_sid"],
                                  CallSid=labelled["label"]))
        again = client.get(by_sid.json()["uri"])
    assert by_sid.status_code == by_label.status_code == 200
    assert by_sid.json() == by_label.json() == again.json() == labelled


def test_unknown_participants_and_conferences_are_404(emu: Emulator):
    p = participants(emu)[0]
    other = next(c["sid"] for c in emu.records if c["sid"] != p["conference_sid"])
    with http(emu) as client:
        for path in (api(emu, ONE, ConferenceSid=other, CallSid=p["call_sid"]),
                     api(emu, ONE, ConferenceSid=p["conference_sid"], CallSid="CA" + "0" * 32),
                     api(emu, ONE, ConferenceSid=p["conference_sid"], CallSid="nobody"),
                     api(emu, LIST, ConferenceSid="CF" + "0" * 32)):
            assert_twilio_error(client.get(path), 404, 20404)
            assert_twilio_error(client.post(path, data={"Muted": "true"}), 404, 20404)
        assert_twilio_error(client.delete(api(emu, ONE, ConferenceSid=other,
                                              CallSid=p["call_sid"])), 404, 20404)


# -- update ---------------------------------------------------------------------------------

def test_update_changes_the_fields_it_names_and_the_date(emu: Emulator):
    p = next(x for x in participants(emu) if not x["muted"] and not x["hold"])
    before = emu.now.replace(microsecond=0)
    path = api(emu, ONE, ConferenceSid=p["conference_sid"], CallSid=p["call_sid"])
    form = {"Muted": "True", "Hold": "true", "HoldUrl": "https://example.com/hold.mp3",
            "HoldMethod": "GET", "AnnounceUrl": "https://example.com/a.xml",
            "AnnounceMethod": "POST", "WaitUrl": "https://example.com/w",
            "WaitMethod": "GET", "BeepOnExit": "false",
            "EndConferenceOnExit": str(not p["end_conference_on_exit"]).lower()}
    with http(emu) as client:
        response = client.post(path, data=form)
        listed = scan(client, api(emu, LIST, ConferenceSid=p["conference_sid"]),
                      "participants", {"Muted": "true", "Hold": "true"})
    assert response.status_code == 200, response.text
    record = response.json()
    assert record["muted"] is True and record["hold"] is True
    assert record["end_conference_on_exit"] is (not p["end_conference_on_exit"])
    assert moment(record["date_updated"]) >= before
    unchanged = set(p) - {"muted", "hold", "end_conference_on_exit", "date_updated"}
    assert {k: record[k] for k in unchanged} == {k: p[k] for k in unchanged}
    assert record in listed
    posted = [r for r in emu.requests() if r["method"] == "POST"]
    assert posted[0]["form"] == {k: [v] for k, v in form.items()}


def test_an_update_that_changes_nothing_keeps_the_date(emu: Emulator):
    p = next(x for x in participants(emu) if x["muted"])
    with http(emu) as client:
        response = client.post(api(emu, ONE, ConferenceSid=p["conference_sid"],
                                   CallSid=p["call_sid"]), data={"Muted": "true"})
    assert response.json() == p


@pytest.mark.parametrize("form, name", [
    ({"Muted": "yes"}, "Muted"), ({"Hold": "1"}, "Hold"), ({"HoldMethod": "PUT"}, "HoldMethod"),
    ({"AnnounceMethod": "get"}, "AnnounceMethod"), ({"WaitMethod": ""}, "WaitMethod"),
    ({"HoldUrl": "hold.mp3"}, "HoldUrl"), ({"CallSidToCoach": "CA123"}, "CallSidToCoach"),
    ({"Status": "complete"}, "Status"), ({"Label": "x"}, "Label"),
    ({"Coaching": "true"}, "Coaching"),
])
def test_bad_updates_are_400_and_change_nothing(emu: Emulator, form: dict[str, str], name: str):
    p = next(x for x in participants(emu) if not x["coaching"])
    path = api(emu, ONE, ConferenceSid=p["conference_sid"], CallSid=p["call_sid"])
    with http(emu) as client:
        response = client.post(path, data=form)
        after = client.get(path).json()
    assert name in assert_twilio_error(response, 400, 20001)["message"]
    assert after == p


def test_coaching_needs_a_participant_of_the_same_conference(emu: Emulator):
    sid = crowded(emu, 2)
    first, second = members(emu, sid)[:2]
    elsewhere = next(p for p in participants(emu) if p["conference_sid"] != sid)
    path = api(emu, ONE, ConferenceSid=sid, CallSid=second["call_sid"])
    with http(emu) as client:
        other = client.post(path, data={"Coaching": "true",
                                        "CallSidToCoach": elsewhere["call_sid"]})
        unknown = client.post(path, data={"Coaching": "true", "CallSidToCoach": "CA" + "1" * 32})
        itself = client.post(path, data={"CallSidToCoach": second["call_sid"]})
        contradiction = client.post(path, data={"Coaching": "false",
                                                "CallSidToCoach": first["call_sid"]})
        coaching = client.post(path, data={"Coaching": "true",
                                           "CallSidToCoach": first["call_sid"]})
        implied = client.post(api(emu, ONE, ConferenceSid=sid, CallSid=first["call_sid"]),
                              data={"CallSidToCoach": second["call_sid"]})
        stop = client.post(path, data={"Coaching": "false"})
    for response in (other, unknown, itself, contradiction):
        assert "Coach" in assert_twilio_error(response, 400, 20001)["message"]
    assert coaching.status_code == 200, coaching.text
    assert (coaching.json()["coaching"], coaching.json()["call_sid_to_coach"]) == (
        True, first["call_sid"])
    assert (implied.json()["coaching"], implied.json()["call_sid_to_coach"]) == (
        True, second["call_sid"])
    assert (stop.json()["coaching"], stop.json()["call_sid_to_coach"]) == (False, None)


# -- kick (DELETE) and the end of a conference -----------------------------------------------

def _kick(emu: Emulator, p: dict[str, Any]) -> None:
    with http(emu) as client:
        response = client.delete(api(emu, ONE, ConferenceSid=p["conference_sid"],
                                     CallSid=p["call_sid"]))
    assert response.status_code == 204 and response.content == b""


def test_kicking_one_of_several_leaves_the_conference_live(emu: Emulator):
    sid = crowded(emu, 3)
    before = conference(emu, sid)
    victim = next(p for p in members(emu, sid) if not p["end_conference_on_exit"])
    _kick(emu, victim)
    assert conference(emu, sid) == before
    assert victim["call_sid"] not in {p["call_sid"] for p in members(emu, sid)}
    leg = call(emu, victim["call_sid"])
    assert leg["status"] == "completed" and leg["end_time"] and leg["duration"].isdigit()
    with http(emu) as client:
        again = client.delete(api(emu, ONE, ConferenceSid=sid, CallSid=victim["call_sid"]))
    assert_twilio_error(again, 404, 20404)


def test_kicking_the_last_participant_ends_the_conference(emu: Emulator):
    sid = next(s for s in {p["conference_sid"] for p in participants(emu)}
               if conference(emu, s)["status"] == "in-progress")
    group = members(emu, sid)
    for p in group:
        with http(emu) as client:
            client.post(api(emu, ONE, ConferenceSid=sid, CallSid=p["call_sid"]),
                        data={"EndConferenceOnExit": "false"})
    before = emu.now.replace(microsecond=0)
    for p in group:
        assert conference(emu, sid)["status"] != "completed"
        _kick(emu, p)
    ended = conference(emu, sid)
    assert ended["status"] == "completed"
    assert ended["reason_conference_ended"] == "last-participant-kicked"
    assert ended["call_sid_ending_conference"] is None
    assert moment(ended["date_updated"]) >= before
    assert members(emu, sid) == []


def test_kicking_an_end_conference_on_exit_participant_ends_it_for_everyone(emu: Emulator):
    sid = crowded(emu, 2)
    group = members(emu, sid)
    ender = group[-1]
    with http(emu) as client:
        client.post(api(emu, ONE, ConferenceSid=sid, CallSid=ender["call_sid"]),
                    data={"EndConferenceOnExit": "true"})
    running = [r for r in emu.table("/Conferences/{ConferenceSid}/Recordings.json")
               if r["conference_sid"] == sid and r["status"] in ("in-progress", "paused")]
    _kick(emu, ender)
    ended = conference(emu, sid)
    assert ended["status"] == "completed"
    assert ended["reason_conference_ended"] == "participant-with-end-conference-on-exit-kicked"
    assert ended["call_sid_ending_conference"] == ender["call_sid"]
    assert members(emu, sid) == []
    assert {call(emu, p["call_sid"])["status"] for p in group} == {"completed"}
    # Recordings outlive the conference, completed.
    after = {r["sid"]: r for r in emu.table("/Conferences/{ConferenceSid}/Recordings.json")}
    assert all(after[r["sid"]]["status"] == "completed" for r in running)


def test_ending_a_conference_removes_its_participants(emu: Emulator):
    sid = crowded(emu, 2)
    group = members(emu, sid)
    with http(emu) as client:
        assert client.post(api(emu, CONFERENCE, Sid=sid),
                           data={"Status": "completed"}).status_code == 200
        listed = client.get(api(emu, LIST, ConferenceSid=sid)).json()
        fetched = client.get(api(emu, ONE, ConferenceSid=sid, CallSid=group[0]["call_sid"]))
    assert listed["participants"] == []
    assert_twilio_error(fetched, 404, 20404)
    assert conference(emu, sid)["reason_conference_ended"] == "conference-ended-via-api"
    assert {call(emu, p["call_sid"])["status"] for p in group} == {"completed"}


def test_hanging_up_the_last_leg_ends_the_conference_as_left(emu: Emulator):
    sid = next(s for s in sorted({p["conference_sid"] for p in participants(emu)})
               if len(members(emu, s)) == 1 and not members(emu, s)[0]["end_conference_on_exit"])
    (only,) = members(emu, sid)
    with http(emu) as client:
        response = client.post(api(emu, "/Calls/{Sid}.json", Sid=only["call_sid"]),
                               data={"Status": "completed"})
    assert response.status_code == 200 and response.json()["status"] == "completed"
    assert conference(emu, sid)["reason_conference_ended"] == "last-participant-left"
    assert members(emu, sid) == []


# -- create ---------------------------------------------------------------------------------

def test_adding_a_participant_places_a_call_and_lists_it(emu: Emulator):
    sid = crowded(emu, 1)
    before = emu.now.replace(microsecond=0)
    form = {"From": "+14155550100", "To": "+14155550123", "Label": "new-guest",
            "Muted": "true", "EndConferenceOnExit": "true", "Beep": "onEnter",
            "StatusCallbackEvent": ["ringing", "answered"], "Timeout": "30",
            "StatusCallback": "https://example.com/status"}
    with http(emu) as client:
        response = client.post(api(emu, LIST, ConferenceSid=sid), data=form)
        created = response.json()
        listed = scan(client, api(emu, LIST, ConferenceSid=sid), "participants")
        by_label = client.get(api(emu, ONE, ConferenceSid=sid, CallSid="new-guest")).json()
    assert response.status_code == 201, response.text
    assert created["status"] == "queued" and created["call_sid"].startswith("CA")
    assert created["label"] == "new-guest" and created["muted"] is True
    assert created["end_conference_on_exit"] is True and created["hold"] is False
    assert created["start_conference_on_enter"] is True and created["coaching"] is False
    assert created["queue_time"].isdigit()
    assert moment(created["date_created"]) >= before
    assert listed[0] == by_label == {**created, "queue_time": None}
    leg = call(emu, created["call_sid"])
    assert (leg["status"], leg["to"], leg["from"]) == ("queued", form["To"], form["From"])
    assert leg["start_time"] is None
    assert emu.requests()[0]["form"]["StatusCallbackEvent"] == ["ringing", "answered"]


@pytest.mark.parametrize("form, code, name", [
    ({"To": "+14155550123"}, 21603, "From"), ({"From": "+14155550100"}, 21604, "To"),
    ({"From": "+14155550100", "To": "+1", "Nonsense": "1"}, 20001, "Nonsense"),
    ({"From": "+14155550100", "To": "+1", "Muted": "maybe"}, 20001, "Muted"),
    ({"From": "+14155550100", "To": "+1", "Beep": "loud"}, 20001, "Beep"),
    ({"From": "+14155550100", "To": "+1", "Timeout": "2"}, 20001, "Timeout"),
    ({"From": "+14155550100", "To": "+1", "StatusCallbackMethod": "PUT"}, 20001,
     "StatusCallbackMethod"),
    ({"From": "+14155550100", "To": "+1", "Coaching": "true"}, 20001, "Coaching"),
    ({"From": "+14155550100", "To": "+1", "CallSidToCoach": "CA" + "9" * 32}, 20001,
     "CallSidToCoach"),
    ({"From": "+14155550100", "To": "+1", "StatusCallbackEvent": "hung-up"}, 20001,
     "StatusCallbackEvent"),
])
def test_bad_creates_are_400_and_add_nothing(emu: Emulator, form: dict[str, Any], code: int,
                                             name: str):
    sid = crowded(emu, 1)
    before = participants(emu)
    calls = len(emu.table("/Calls.json"))
    with http(emu) as client:
        response = client.post(api(emu, LIST, ConferenceSid=sid), data=form)
    assert name in assert_twilio_error(response, 400, code)["message"]
    assert participants(emu) == before and len(emu.table("/Calls.json")) == calls


def test_a_label_is_unique_within_its_conference(emu: Emulator):
    labelled = next(p for p in participants(emu) if p["label"])
    with http(emu) as client:
        response = client.post(api(emu, LIST, ConferenceSid=labelled["conference_sid"]),
                               data={"From": "+1", "To": "+2", "Label": labelled["label"]})
    assert "Label" in assert_twilio_error(response, 400, 20001)["message"]


def test_coaching_participant_added_to_a_member(emu: Emulator):
    sid = crowded(emu, 1)
    target = members(emu, sid)[0]["call_sid"]
    with http(emu) as client:
        response = client.post(api(emu, LIST, ConferenceSid=sid), data={
            "From": "+1", "To": "+2", "Coaching": "true", "CallSidToCoach": target})
    assert response.status_code == 201, response.text
    assert (response.json()["coaching"], response.json()["call_sid_to_coach"]) == (True, target)


def test_no_participant_joins_a_completed_or_unknown_conference(emu: Emulator):
    done = next(c for c in emu.records if c["status"] == "completed")
    with http(emu) as client:
        completed = client.post(api(emu, LIST, ConferenceSid=done["sid"]),
                                data={"From": "+1", "To": "+2"})
        unknown = client.post(api(emu, LIST, ConferenceSid="CF" + "e" * 32),
                              data={"From": "+1", "To": "+2"})
    assert done["sid"] in assert_twilio_error(completed, 400, 20001)["message"]
    assert_twilio_error(unknown, 404, 20404)


def test_methods_a_participant_path_does_not_take_are_405(emu: Emulator):
    p = participants(emu)[0]
    with http(emu) as client:
        for method, path in itertools.product(
                ("DELETE", "PUT"), (api(emu, LIST, ConferenceSid=p["conference_sid"]),)):
            response = client.request(method, path)
            assert response.status_code == 405
            assert response.json()["code"] == 20004
            assert set(response.headers["Allow"].split(", ")) == {"GET", "POST"}


def test_a_coach_whose_call_left_can_still_be_muted(emu: Emulator):
    sid = crowded(emu, 3)
    first, second = members(emu, sid)[:2]
    path = api(emu, ONE, ConferenceSid=sid, CallSid=second["call_sid"])
    with http(emu) as client:
        assert client.post(path, data={"CallSidToCoach": first["call_sid"]}).status_code == 200
        assert client.post(api(emu, ONE, ConferenceSid=sid, CallSid=first["call_sid"]),
                           data={"EndConferenceOnExit": "false"}).status_code == 200
        assert client.delete(api(emu, ONE, ConferenceSid=sid,
                                 CallSid=first["call_sid"])).status_code == 204
        muted = client.post(path, data={"Muted": "true"})
    assert muted.status_code == 200, muted.text
    assert muted.json()["muted"] is True
