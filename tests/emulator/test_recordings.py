"""Recordings: one store behind the account's, each conference's and each call's list; the
filters, soft deletion, and the status transitions Twilio allows."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest

from sqlalchemy_twilio.emulator import Emulator
from tests.conftest import UNTIL

from ._helpers import api, assert_twilio_error, boundary_days, day_matches, http, moment, scan

ACCOUNT = "/Recordings.json"
ACCOUNT_ONE = "/Recordings/{Sid}.json"
CONFERENCE = "/Conferences/{ConferenceSid}/Recordings.json"
CONFERENCE_ONE = "/Conferences/{ConferenceSid}/Recordings/{Sid}.json"
CALL = "/Calls/{CallSid}/Recordings.json"
CALL_ONE = "/Calls/{CallSid}/Recordings/{Sid}.json"


@pytest.fixture(scope="module")
def recordings_emulator() -> Iterator[Emulator]:
    with Emulator(conferences=400, seed=41, until=UNTIL, calls=1500, messages=10) as emu:
        yield emu


@pytest.fixture()
def emu(recordings_emulator: Emulator) -> Emulator:  # noqa: F811 - this module's own
    recordings_emulator.reset(data=True)
    return recordings_emulator


def sids(records: list[dict[str, Any]]) -> list[str]:
    return [r["sid"] for r in records]


def reference(records: list[dict[str, Any]], params: dict[str, str]) -> list[dict[str, Any]]:
    def keep(r: dict[str, Any]) -> bool:
        for name, value in params.items():
            if name.startswith("DateCreated"):
                if not day_matches(r["date_created"], name[11:], dt.date.fromisoformat(value)):
                    return False
            elif name == "CallSid" and r["call_sid"] != value:
                return False
            elif name == "ConferenceSid" and r["conference_sid"] != value:
                return False
        return True
    return [r for r in records if keep(r)]


def live(emu: Emulator, status: str = "in-progress") -> dict[str, Any]:
    return next(r for r in emu.table(ACCOUNT) if r["status"] == status and r["conference_sid"])


def test_the_sample_recordings(emu: Emulator):
    account = emu.table(ACCOUNT)
    statuses = {c["sid"]: c["status"] for c in emu.records}
    conference = [r for r in account if r["conference_sid"]]
    own = [r for r in account if not r["conference_sid"]]
    assert len(conference) > 100 and len(own) > 50
    assert {statuses[r["conference_sid"]] for r in conference} == {"in-progress", "completed"}
    assert {r["status"] for r in account} >= {"in-progress", "paused", "completed", "absent",
                                              "processing"}
    recorded = {r["conference_sid"] for r in conference}
    assert {statuses[s] for s in recorded} == {"in-progress", "completed"}
    assert 0.4 < len(recorded) / sum(s != "init" for s in statuses.values()) < 0.8
    calls = {c["sid"] for c in emu.table("/Calls.json")}
    for r in account:
        assert r["price"] is None or re.fullmatch(r"-\d+\.\d{4}", r["price"])
        assert r["duration"] is None or r["duration"].isdigit()
        assert r["encryption_details"] is None or isinstance(r["encryption_details"], dict)
        assert r["call_sid"] in calls
        assert r["uri"] == api(emu, ACCOUNT_ONE, Sid=r["sid"])
        if r["status"] in ("in-progress", "paused"):
            assert r["duration"] is None and r["price"] is None
    assert {type(r["encryption_details"]) for r in account} == {dict, type(None)}
    times = {moment(r["date_created"]).time() for r in account}
    assert {dt.time(0, 0, 0), dt.time(23, 59, 59)} <= times


def test_one_store_three_lists(emu: Emulator):
    account = emu.table(ACCOUNT)
    by_conference = emu.table(CONFERENCE)
    by_call = emu.table(CALL)
    assert sids(by_conference) == [r["sid"] for r in account if r["conference_sid"]]
    assert sids(by_call) == sids(account)
    sample = by_conference[3]
    with http(emu) as client:
        listed = scan(client, api(emu, CONFERENCE, ConferenceSid=sample["conference_sid"]),
                      "recordings")
        of_call = scan(client, api(emu, CALL, CallSid=sample["call_sid"]), "recordings")
    assert sample in listed
    twin = next(r for r in of_call if r["sid"] == sample["sid"])
    shared = set(sample) & set(twin) - {"uri"}
    assert {k: twin[k] for k in shared} == {k: sample[k] for k in shared}
    assert sample["uri"] == api(emu, CONFERENCE_ONE, ConferenceSid=sample["conference_sid"],
                                Sid=sample["sid"])
    assert twin["uri"] == api(emu, CALL_ONE, CallSid=sample["call_sid"], Sid=sample["sid"])


@pytest.mark.parametrize("suffix", ["", "<", ">"])
def test_date_created_filters_on_every_list(emu: Emulator, suffix: str):
    account = emu.table(ACCOUNT)
    days = boundary_days(account, "date_created")
    assert len(days) >= 6
    conference_sid = next(r["conference_sid"] for r in account if r["conference_sid"])
    with http(emu) as client:
        for day in days[::2]:
            params = {"DateCreated" + suffix: day.isoformat()}
            got = scan(client, api(emu, ACCOUNT), "recordings", params)
            assert sids(got) == sids(reference(account, params)), params
            mine = [r for r in account if r["conference_sid"] == conference_sid]
            got = scan(client, api(emu, CONFERENCE, ConferenceSid=conference_sid),
                       "recordings", params)
            assert sids(got) == sids(reference(mine, params)), params


def test_call_and_conference_filters_of_the_account_list(emu: Emulator):
    account = emu.table(ACCOUNT)
    one = account[7]
    cases = [{"CallSid": one["call_sid"]}, {"ConferenceSid": next(
        r["conference_sid"] for r in account if r["conference_sid"])},
        {"CallSid": "CA" + "0" * 32},
        {"CallSid": one["call_sid"], "DateCreated>": "2025-01-01"}]
    with http(emu) as client:
        for params in cases:
            got = scan(client, api(emu, ACCOUNT), "recordings", params)
            assert sids(got) == sids(reference(account, params)), params


@pytest.mark.parametrize("params", [
    {"CallSid": "CA12"}, {"ConferenceSid": "RE" + "0" * 32}, {"IncludeSoftDeleted": "yes"},
    {"DateCreated": "2026-06-01T00:00:00Z"}, {"DateCreated<": "2026-02-30"},
])
def test_bad_filters_are_400(emu: Emulator, params: dict[str, str]):
    with http(emu) as client:
        response = client.get(api(emu, ACCOUNT), params=params)
    assert next(iter(params)) in assert_twilio_error(response, 400, 20001)["message"]


def test_deleting_through_one_list_deletes_from_every_list(emu: Emulator):
    first, second = [r for r in emu.table(ACCOUNT) if r["conference_sid"]][:2]
    with http(emu) as client:
        gone = client.delete(api(emu, CONFERENCE_ONE, ConferenceSid=first["conference_sid"],
                                 Sid=first["sid"]))
        also = client.delete(api(emu, ACCOUNT_ONE, Sid=second["sid"]))
        fetched = [client.get(p) for p in (
            api(emu, ACCOUNT_ONE, Sid=first["sid"]),
            api(emu, CONFERENCE_ONE, ConferenceSid=second["conference_sid"], Sid=second["sid"]),
            api(emu, CALL_ONE, CallSid=first["call_sid"], Sid=first["sid"]))]
        soft = client.get(api(emu, ACCOUNT_ONE, Sid=first["sid"]),
                          params={"IncludeSoftDeleted": "true"})
        listed = scan(client, api(emu, ACCOUNT), "recordings")
        with_deleted = scan(client, api(emu, ACCOUNT), "recordings",
                            {"IncludeSoftDeleted": "True"})
    assert gone.status_code == also.status_code == 204 and gone.content == b""
    for response in fetched:
        assert_twilio_error(response, 404, 20404)
    assert soft.status_code == 200 and soft.json()["status"] == "deleted"
    for table in (ACCOUNT, CONFERENCE, CALL):
        assert not {first["sid"], second["sid"]} & set(sids(emu.table(table)))
    assert not {first["sid"], second["sid"]} & set(sids(listed))
    assert {first["sid"], second["sid"]} <= set(sids(with_deleted))
    assert len(with_deleted) == len(listed) + 2


def test_pause_resume_and_stop_a_running_recording(emu: Emulator):
    record = live(emu)
    path = api(emu, CONFERENCE_ONE, ConferenceSid=record["conference_sid"], Sid=record["sid"])
    with http(emu) as client:
        paused = client.post(path, data={"Status": "paused", "PauseBehavior": "skip"})
        resumed = client.post(path, data={"Status": "in-progress"})
        stopped = client.post(path, data={"Status": "stopped"})
        after = client.post(path, data={"Status": "in-progress"})
    assert [r.json()["status"] for r in (paused, resumed, stopped)] == [
        "paused", "in-progress", "stopped"]
    assert stopped.json()["duration"].isdigit()
    assert "stopped" in assert_twilio_error(after, 400, 20001)["message"]


def test_twilio_current_names_the_running_recording(emu: Emulator):
    record = live(emu, "paused")
    with http(emu) as client:
        response = client.post(api(emu, CONFERENCE_ONE, ConferenceSid=record["conference_sid"],
                                   Sid="Twilio.CURRENT"), data={"Status": "in-progress"})
    assert response.status_code == 200, response.text
    assert response.json()["sid"] == record["sid"]
    assert response.json()["status"] == "in-progress"


@pytest.mark.parametrize("form, name", [
    ({}, "Status"), ({"Status": "completed"}, "Status"), ({"Status": "PAUSED"}, "Status"),
    ({"Status": "in-progress", "PauseBehavior": "skip"}, "PauseBehavior"),
    ({"Status": "paused", "PauseBehavior": "mute"}, "PauseBehavior"),
    ({"Status": "paused", "Channels": "2"}, "Channels"),
])
def test_bad_updates_are_400(emu: Emulator, form: dict[str, str], name: str):
    record = live(emu)
    path = api(emu, CONFERENCE_ONE, ConferenceSid=record["conference_sid"], Sid=record["sid"])
    with http(emu) as client:
        response = client.post(path, data=form)
        after = client.get(path).json()
    assert name in assert_twilio_error(response, 400, 20001)["message"]
    assert after["status"] == "in-progress"


def test_a_finished_recording_cannot_change(emu: Emulator):
    done = next(r for r in emu.table(CONFERENCE) if r["status"] == "completed")
    with http(emu) as client:
        response = client.post(api(emu, CONFERENCE_ONE, ConferenceSid=done["conference_sid"],
                                   Sid=done["sid"]), data={"Status": "paused"})
    assert "completed" in assert_twilio_error(response, 400, 20001)["message"]


def test_recording_a_call(emu: Emulator):
    calls = emu.table("/Calls.json")
    busy_legs = {p["call_sid"] for p in emu.table(
        "/Conferences/{ConferenceSid}/Participants.json")}
    talking = next(c for c in calls if c["status"] == "in-progress" and c["sid"] not in busy_legs)
    ended = next(c for c in calls if c["status"] == "completed")
    with http(emu) as client:
        created = client.post(api(emu, CALL, CallSid=talking["sid"]), data={
            "RecordingChannels": "dual", "RecordingTrack": "inbound",
            "RecordingStatusCallbackEvent": ["in-progress", "completed"]})
        listed = scan(client, api(emu, CALL, CallSid=talking["sid"]), "recordings")
        refused = client.post(api(emu, CALL, CallSid=ended["sid"]), data={})
        unknown = client.post(api(emu, CALL, CallSid="CA" + "f" * 32), data={})
        bad = client.post(api(emu, CALL, CallSid=talking["sid"]), data={"Trim": "yes"})
        hung_up = client.post(api(emu, "/Calls/{Sid}.json", Sid=talking["sid"]),
                              data={"Status": "completed"})
        finished = client.get(created.json()["uri"]).json()
    assert created.status_code == 201, created.text
    record = created.json()
    assert (record["status"], record["channels"], record["track"]) == ("in-progress", 2,
                                                                        "inbound")
    assert record["conference_sid"] is None and record["source"] == "StartCallRecordingAPI"
    assert record in listed  # (created in the last second, as sample recordings may be)
    assert record["sid"] in sids(emu.table(ACCOUNT))
    assert_twilio_error(refused, 400, 21220)
    assert_twilio_error(unknown, 404, 20404)
    assert "Trim" in assert_twilio_error(bad, 400, 20001)["message"]
    assert hung_up.status_code == 200
    assert finished["status"] == "completed" and finished["duration"].isdigit()
    assert moment(finished["date_updated"]) >= moment(record["date_created"])


def test_the_account_list_takes_no_post_and_conference_lists_no_create(emu: Emulator):
    conference_sid = emu.table(CONFERENCE)[0]["conference_sid"]
    with http(emu) as client:
        for path in (api(emu, ACCOUNT), api(emu, CONFERENCE, ConferenceSid=conference_sid)):
            response = client.post(path, data={})
            assert response.status_code == 405 and response.json()["code"] == 20004
        refused = client.post(api(emu, ACCOUNT_ONE, Sid=emu.table(ACCOUNT)[0]["sid"]),
                              data={"Status": "paused"})
    assert refused.status_code == 405
