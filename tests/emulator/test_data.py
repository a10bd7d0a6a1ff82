"""``--data`` / ``Emulator(data=...)`` for every list path, ``Emulator.table()``, and the errors
a data file can cause."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from sqlalchemy_twilio.emulator import Emulator
from sqlalchemy_twilio.emulator._data import generate
from tests.conftest import UNTIL

from ._helpers import LIST_KEYS, api, http, moment, run_emulator, scan

ACCOUNT = "AC" + "ab" * 16
CF_LIVE, CF_DONE = "CF" + "1" * 32, "CF" + "2" * 32
CA_LEG, CA_OWN = "CA" + "3" * 32, "CA" + "4" * 32
RE_CONF, RE_CALL = "RE" + "5" * 32, "RE" + "6" * 32


def _conference(sid: str, status: str, created: str) -> dict[str, Any]:
    base = f"/2010-04-01/Accounts/{ACCOUNT}/Conferences/{sid}"
    return {"account_sid": ACCOUNT, "api_version": "2010-04-01",
            "call_sid_ending_conference": None, "date_created": created,
            "date_updated": created, "friendly_name": "room", "reason_conference_ended":
                "last-participant-left" if status == "completed" else None,
            "region": "us1", "sid": sid, "status": status,
            "subresource_uris": {"participants": f"{base}/Participants.json",
                                 "recordings": f"{base}/Recordings.json"},
            "uri": f"{base}.json"}


def _call(sid: str, created: str, status: str) -> dict[str, Any]:
    return {"sid": sid, "date_created": created, "date_updated": created,
            "parent_call_sid": None, "account_sid": ACCOUNT, "to": "+14155550123",
            "to_formatted": "(415) 555-0123", "from": "+14155550100",
            "from_formatted": "(415) 555-0100", "phone_number_sid": None, "status": status,
            "start_time": created, "end_time": created if status == "completed" else None,
            "duration": "0" if status == "completed" else None, "price": None,
            "price_unit": "USD", "direction": "outbound-api", "answered_by": None,
            "api_version": "2010-04-01", "forwarded_from": None, "group_sid": None,
            "caller_name": None, "queue_time": "0", "trunk_sid": None,
            "uri": f"/2010-04-01/Accounts/{ACCOUNT}/Calls/{sid}.json",
            "subresource_uris": {"recordings":
                                 f"/2010-04-01/Accounts/{ACCOUNT}/Calls/{sid}/Recordings.json"}}


def _recording(sid: str, call_sid: str, conference_sid: str | None) -> dict[str, Any]:
    return {"account_sid": ACCOUNT, "api_version": "2010-04-01", "call_sid": call_sid,
            "conference_sid": conference_sid, "date_created": "Mon, 02 Mar 2026 10:00:00 +0000",
            "date_updated": "Mon, 02 Mar 2026 10:01:00 +0000",
            "start_time": "Mon, 02 Mar 2026 10:00:00 +0000", "duration": "60", "sid": sid,
            "price": "-0.0025", "price_unit": "USD", "status": "completed", "channels": 1,
            "source": "Conference" if conference_sid else "RecordVerb", "error_code": None,
            "encryption_details": None}


def dataset() -> dict[str, Any]:
    live = _conference(CF_LIVE, "in-progress", "Mon, 02 Mar 2026 09:59:00 +0000")
    done = _conference(CF_DONE, "completed", "Sun, 01 Mar 2026 08:00:00 +0000")
    leg = _call(CA_LEG, "Mon, 02 Mar 2026 09:59:30 +0000", "in-progress")
    own = _call(CA_OWN, "Sun, 01 Mar 2026 00:00:00 +0000", "completed")
    participant = {
        "account_sid": ACCOUNT, "call_sid": CA_LEG, "label": "host", "call_sid_to_coach": None,
        "coaching": False, "conference_sid": CF_LIVE,
        "date_created": "Mon, 02 Mar 2026 09:59:31 +0000",
        "date_updated": "Mon, 02 Mar 2026 09:59:31 +0000", "end_conference_on_exit": False,
        "muted": True, "hold": False, "start_conference_on_enter": True,
        "status": "connected", "queue_time": None,
        "uri": f"/2010-04-01/Accounts/{ACCOUNT}/Conferences/{CF_LIVE}/Participants/"
               f"{CA_LEG}.json"}
    message = {
        "body": "hi", "num_segments": "1", "direction": "outbound-api",
        "from": "+14155550100", "to": "+14155550123",
        "date_updated": "Sun, 01 Mar 2026 12:00:05 +0000", "price": "-0.00790",
        "error_message": None, "account_sid": ACCOUNT, "num_media": "0", "status": "delivered",
        "messaging_service_sid": None, "sid": "SM" + "7" * 32,
        "date_sent": "Sun, 01 Mar 2026 12:00:01 +0000",
        "date_created": "Sun, 01 Mar 2026 12:00:00 +0000", "error_code": None,
        "price_unit": "USD", "api_version": "2010-04-01"}
    usage = {"account_sid": ACCOUNT, "api_version": "2010-04-01",
             "as_of": "2026-03-02T12:00:00+00:00", "category": "calls", "count": "2",
             "count_unit": "calls", "description": "Voice Minutes", "end_date": "2026-03-01",
             "price": "0.01400", "price_unit": "usd", "start_date": "2026-03-01",
             "subresource_uris": {}, "uri": "/x", "usage": "1", "usage_unit": "minutes"}
    return {
        "/Conferences.json": [done, live],
        "/Conferences/{ConferenceSid}/Participants.json": [participant],
        "/Conferences/{ConferenceSid}/Recordings.json": [_recording(RE_CONF, CA_LEG, CF_LIVE)],
        "/Recordings.json": [_recording(RE_CONF, CA_LEG, CF_LIVE)],
        "/Calls/{CallSid}/Recordings.json": [{**_recording(RE_CALL, CA_OWN, None),
                                              "track": "inbound"}],
        "/Calls.json": [own, leg],
        "/Messages.json": [message],
        "/Usage/Records/Daily.json": [usage, {**usage, "category": "sms", "count": "1",
                                              "start_date": "2026-02-28",
                                              "end_date": "2026-02-28"}],
    }


@pytest.fixture(scope="module")
def loaded() -> Iterator[Emulator]:
    with Emulator(data=dataset()) as emu:
        yield emu


def test_every_key_is_served_under_its_own_account(loaded: Emulator):
    emu = loaded
    assert emu.account_sid == ACCOUNT
    data = dataset()
    with http(emu) as client:
        conferences = scan(client, api(emu, "/Conferences.json"), "conferences")
        people = scan(client, api(emu, "/Conferences/{ConferenceSid}/Participants.json",
                                  ConferenceSid=CF_LIVE), "participants")
        conf_recs = scan(client, api(emu, "/Conferences/{ConferenceSid}/Recordings.json",
                                     ConferenceSid=CF_LIVE), "recordings")
        account_recs = scan(client, api(emu, "/Recordings.json"), "recordings")
        call_recs = scan(client, api(emu, "/Calls/{CallSid}/Recordings.json", CallSid=CA_OWN),
                         "recordings")
        calls = scan(client, api(emu, "/Calls.json"), "calls")
        messages = scan(client, api(emu, "/Messages.json"), "messages")
        daily = scan(client, api(emu, "/Usage/Records/Daily.json"), "usage_records")
        monthly = scan(client, api(emu, "/Usage/Records/Monthly.json"), "usage_records")
    # Newest first, records exactly as given.
    assert conferences == data["/Conferences.json"][::-1]
    assert people == data["/Conferences/{ConferenceSid}/Participants.json"]
    assert calls == data["/Calls.json"][::-1]
    assert messages[0] == {**data["/Messages.json"][0], "subresource_uris": messages[0][
        "subresource_uris"], "uri": api(emu, "/Messages/SM" + "7" * 32 + ".json")}
    given = data["/Conferences/{ConferenceSid}/Recordings.json"][0]
    assert conf_recs == [{**given, "uri": api(
        emu, "/Conferences/{ConferenceSid}/Recordings/{Sid}.json", ConferenceSid=CF_LIVE,
        Sid=RE_CONF)}]
    assert sids(account_recs) == [RE_CALL, RE_CONF]  # same date_created: sid descending
    assert call_recs[0]["track"] == "inbound" and call_recs[0]["conference_sid"] is None
    # Usage given as data is served as given, each list its own.
    assert daily == data["/Usage/Records/Daily.json"]
    assert monthly == []


def sids(records: list[dict[str, Any]]) -> list[str]:
    return [r["sid"] for r in records]


def test_loaded_data_follows_the_same_rules(loaded: Emulator):
    emu = loaded
    with http(emu) as client:
        kicked = client.delete(api(emu, "/Conferences/{ConferenceSid}/Participants/{CallSid}.json",
                                   ConferenceSid=CF_LIVE, CallSid="host"))
        conference = client.get(api(emu, "/Conferences/{Sid}.json", Sid=CF_LIVE)).json()
        leg = client.get(api(emu, "/Calls/{Sid}.json", Sid=CA_LEG)).json()
    assert kicked.status_code == 204
    assert conference["reason_conference_ended"] == "last-participant-kicked"
    assert leg["status"] == "completed"
    emu.reset(data=True)
    assert emu.table("/Conferences/{ConferenceSid}/Participants.json") == dataset()[
        "/Conferences/{ConferenceSid}/Participants.json"]


def test_the_sample_data_round_trips_through_data():
    with Emulator(conferences=80, seed=61, until=UNTIL, calls=300, messages=300) as sample:
        tables = {path: sample.table(path) for path in LIST_KEYS}
    with Emulator(data=json.loads(json.dumps(tables)), seed=61, until=UNTIL) as again:
        for path in LIST_KEYS:
            assert again.table(path) == tables[path], path


def test_a_data_file_with_every_key_through_the_cli(tmp_path: Path):
    file = tmp_path / "account.json"
    file.write_text(json.dumps(dataset()), encoding="utf-8")
    with run_emulator("--data", str(file)) as (_proc, info):
        assert info["account_sid"] == ACCOUNT
        with httpx.Client(base_url=info["base_url"], timeout=10,
                          auth=(info["account_sid"], info["auth_token"])) as client:
            for path, key in LIST_KEYS.items():
                full = f"/2010-04-01/Accounts/{ACCOUNT}" + path.format(
                    ConferenceSid=CF_LIVE, CallSid=CA_OWN)
                response = client.get(full)
                assert response.status_code == 200, (path, response.text)
                assert key in response.json()


def test_a_bare_array_is_still_conferences():
    conferences = dataset()["/Conferences.json"]
    with Emulator(data=copy.deepcopy(conferences)) as emu:
        assert emu.records == conferences[::-1]
        assert emu.table("/Calls.json") == [] and emu.table("/Usage/Records.json")
        assert {r["count"] for r in emu.table("/Usage/Records.json")} == {"0", "0.00000"}


def _without(path: str, index: int, field: str) -> dict[str, Any]:
    data = dataset()
    del data[path][index][field]
    return data


@pytest.mark.parametrize("data, words", [
    ({**dataset(), "/Balance.json": []},
     ["'/Balance.json'", "/Calls.json"]),
    ({"/Calls.json": {"sid": "CA1"}}, ["/Calls.json", "array"]),
    (_without("/Calls.json", 0, "sid"), ["/Calls.json", "sid"]),
    (_without("/Messages.json", 0, "date_created"), ["/Messages.json", "date_created"]),
    (_without("/Conferences/{ConferenceSid}/Participants.json", 0, "conference_sid"),
     ["Participants.json", "conference_sid"]),
    (_without("/Calls/{CallSid}/Recordings.json", 0, "call_sid"),
     ["/Calls/{CallSid}/Recordings.json", "call_sid"]),
    (_without("/Usage/Records/Daily.json", 0, "category"), ["Daily.json", "category"]),
    ({**dataset(), "/Conferences.json": dataset()["/Conferences.json"][:1]},
     ["participant", CF_LIVE, "not in /Conferences.json"]),
    ({**dataset(), "/Conferences.json": [dataset()["/Conferences.json"][0],
                                         _conference(CF_LIVE, "completed", "Mon, 02 Mar 2026 "
                                                     "09:59:00 +0000")]},
     ["participant", "completed"]),
    ({**dataset(), "/Calls.json": dataset()["/Calls.json"][1:]},
     ["recording", CA_OWN, "not in /Calls.json"]),
    ({**dataset(), "/Calls.json": dataset()["/Calls.json"] * 2}, ["appears twice"]),
    ({**dataset(), "/Recordings.json": [{**_recording(RE_CONF, CA_LEG, CF_LIVE),
                                         "duration": "61"}]}, ["RE" + "5" * 32, "duration"]),
    ({**dataset(), "/Messages.json": [{**dataset()["/Messages.json"][0],
                                       "account_sid": "AC" + "0" * 32}]}, ["account_sid"]),
])
def test_bad_data_is_refused_with_a_message_that_says_what_to_change(data: dict[str, Any],
                                                                    words: list[str]):
    with pytest.raises(ValueError) as raised:
        Emulator(data=data)
    for word in words:
        assert word in str(raised.value)


def test_table_of_a_path_the_emulator_does_not_serve(loaded: Emulator):
    with pytest.raises(KeyError, match="/Calls.json"):
        loaded.table("/Balance.json")


def test_generated_conferences_are_pinned():
    """The conferences of a seed and day are always the same (the rest of the suite reads
    counts and dates off them), and served as they are made."""
    pins = {(500, 1): "55ec725d85f039144e97367217c6eaab568914bfcf94212b0f23209bf05749f1",
            (2500, 1): "a454adf03912ebc10f011485c30c4fcd4277882051951ce84d633b433ce45e69",
            (200, 7): "c4afc6575691baaf15f2835f46c2fd03492a7843f9a221b961f7b63b23fd6d1f"}
    for (count, seed), digest in pins.items():
        emu = Emulator(conferences=count, seed=seed, until=UNTIL)
        made = generate(count, seed, dt.date.fromisoformat(UNTIL), emu.account_sid)
        assert hashlib.sha256(json.dumps(made, sort_keys=True).encode()).hexdigest() == digest
        assert sorted(emu.records, key=lambda r: r["sid"]) == sorted(made,
                                                                     key=lambda r: r["sid"])


def test_only_the_newest_conferences_are_live():
    emu = Emulator(conferences=500, seed=1, until=UNTIL)
    records = emu.records  # newest first
    live = [i for i, r in enumerate(records) if r["status"] != "completed"]
    assert 5 <= len(live) <= 12 and max(live) < 12
    newest = moment(records[0]["date_created"])
    assert all(newest - moment(records[i]["date_created"]) < dt.timedelta(hours=5)
               for i in live)
