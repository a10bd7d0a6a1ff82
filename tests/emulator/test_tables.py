"""Every list the emulator serves: paging covers each record exactly once in the list's order,
PageSize is honoured, and a PageToken keeps its place while records change between pages."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from sqlalchemy_twilio.emulator import Emulator
from tests.conftest import UNTIL

from ._helpers import LIST_KEYS, api, http, list_all, moment

NESTED = {"/Conferences/{ConferenceSid}/Participants.json": ("ConferenceSid", "conference_sid"),
          "/Conferences/{ConferenceSid}/Recordings.json": ("ConferenceSid", "conference_sid"),
          "/Calls/{CallSid}/Recordings.json": ("CallSid", "call_sid")}
TOP = [p for p in LIST_KEYS if p not in NESTED]


@pytest.fixture(scope="module")
def tables() -> Iterator[Emulator]:
    with Emulator(conferences=300, seed=5, until=UNTIL, calls=1500, messages=1600) as emu:
        yield emu


@pytest.fixture()
def writable(tables: Emulator) -> Emulator:
    tables.reset(data=True)
    return tables


def order_key(path: str, record: dict[str, Any]) -> tuple[Any, ...]:
    if LIST_KEYS[path] == "usage_records":
        return (record["start_date"], record["category"])
    key = record["call_sid"] if LIST_KEYS[path] == "participants" else record["sid"]
    return (moment(record["date_created"]), key)


def test_the_sample_data_fills_every_list(tables: Emulator):
    sizes = {path: len(tables.table(path)) for path in LIST_KEYS}
    assert sizes["/Conferences.json"] == 300
    assert sizes["/Messages.json"] == 1600
    assert sizes["/Calls.json"] > 1500  # and the conference legs
    assert sizes["/Usage/Records/Daily.json"] > 4000
    assert all(sizes.values()), sizes


@pytest.mark.parametrize("path", TOP)
@pytest.mark.parametrize("size", [1000, 97])
def test_top_level_lists_page_every_record_once_newest_first(tables: Emulator, path: str,
                                                              size: int):
    tables.reset()
    key = LIST_KEYS[path]
    with http(tables) as client:
        records, pages = list_all(client, api(tables, path), {"PageSize": size}, key=key)
    expected = tables.table(path)
    assert records == expected
    assert [len(p[key]) for p in pages[:-1]] == [size] * (len(pages) - 1)
    assert 0 < len(pages[-1][key]) <= size
    assert len(pages) == -(-len(expected) // size)
    assert [p["page"] for p in pages] == list(range(len(pages)))
    assert all(p["page_size"] == size for p in pages)
    keys = [order_key(path, r) for r in records]
    assert keys == sorted(keys, reverse=True) and len(set(keys)) == len(keys)
    assert len(tables.requests()) == len(pages)


@pytest.mark.parametrize("path", list(NESTED))
def test_nested_lists_page_each_parents_records_once(tables: Emulator, path: str):
    name, field = NESTED[path]
    key = LIST_KEYS[path]
    everything = tables.table(path)
    parents = sorted({r[field] for r in everything})
    assert len(parents) > 5
    seen: list[dict[str, Any]] = []
    with http(tables) as client:
        for parent in parents:
            records, pages = list_all(client, api(tables, path, **{name: parent}),
                                      {"PageSize": 2}, key=key)
            assert all(r[field] == parent for r in records)
            assert records == [r for r in everything if r[field] == parent]
            assert all(len(p[key]) == 2 for p in pages[:-1])
            seen += records
    assert sorted(map(str, seen)) == sorted(map(str, everything))


def test_a_parent_with_nothing_lists_nothing(tables: Emulator):
    completed = next(r for r in tables.records if r["status"] == "completed")
    with http(tables) as client:
        page = client.get(api(tables, "/Conferences/{ConferenceSid}/Participants.json",
                              ConferenceSid=completed["sid"])).json()
    assert page["participants"] == [] and page["next_page_uri"] is None


def _mid_scan(client: httpx.Client, emu: Emulator, path: str, size: int,
              change: Any) -> list[dict[str, Any]]:
    """Scan a list with ``change(client, i)`` run between its pages."""
    key = LIST_KEYS[path]
    page = client.get(api(emu, path), params={"PageSize": size}).json()
    seen: list[dict[str, Any]] = []
    i = 0
    while True:
        seen += page[key]
        change(client, i)
        i += 1
        if not page["next_page_uri"]:
            return seen
        page = client.get(page["next_page_uri"]).json()


def test_calls_scan_keeps_its_place_while_calls_change(writable: Emulator):
    emu = writable
    before = emu.table("/Calls.json")
    live = [c["sid"] for c in before if c["status"] in ("in-progress", "ringing")]
    assert len(live) >= 6

    def change(client: httpx.Client, i: int) -> None:
        # Hang up a call already read and one not yet read; place a new call (newer than
        # every position, so never in this scan).
        for sid in (live.pop(0), live.pop()) if len(live) >= 2 else ():
            assert client.post(api(emu, "/Calls/{Sid}.json", Sid=sid),
                               data={"Status": "completed"}).status_code == 200
        assert client.post(api(emu, "/Calls.json"), data={
            "To": "+14155550111", "From": "+14155550100",
            "Url": "https://example.com/twiml"}).status_code == 201

    with http(emu) as client:
        seen = _mid_scan(client, emu, "/Calls.json", 250, change)
    assert [c["sid"] for c in seen] == [c["sid"] for c in before]


def test_messages_scan_keeps_its_place_while_messages_are_redacted(writable: Emulator):
    emu = writable
    before = [m["sid"] for m in emu.table("/Messages.json")]
    targets = before[::150]

    def change(client: httpx.Client, i: int) -> None:
        for sid in targets[i::5][:2]:
            assert client.post(api(emu, "/Messages/{Sid}.json", Sid=sid),
                               data={"Body": ""}).status_code == 200

    with http(emu) as client:
        seen = _mid_scan(client, emu, "/Messages.json", 200, change)
    assert [m["sid"] for m in seen] == before


def test_recordings_scan_keeps_its_place_while_recordings_pause(writable: Emulator):
    emu = writable
    before = emu.table("/Recordings.json")
    running = [r for r in before if r["status"] == "in-progress" and r["conference_sid"]]
    assert len(running) >= 2

    def change(client: httpx.Client, i: int) -> None:
        if running:
            r = running.pop()
            assert client.post(api(emu, "/Conferences/{ConferenceSid}/Recordings/{Sid}.json",
                                   ConferenceSid=r["conference_sid"], Sid=r["sid"]),
                               data={"Status": "paused"}).status_code == 200

    with http(emu) as client:
        seen = _mid_scan(client, emu, "/Recordings.json", 50, change)
    assert [r["sid"] for r in seen] == [r["sid"] for r in before]
    assert [r["status"] for r in emu.table("/Recordings.json")].count("paused") > \
        [r["status"] for r in before].count("paused")


def test_usage_scan_keeps_its_place_while_usage_grows(writable: Emulator):
    emu = writable
    before = [(r["start_date"], r["category"]) for r in emu.table("/Usage/Records/Daily.json")]

    def change(client: httpx.Client, i: int) -> None:
        assert client.post(api(emu, "/Messages.json"), data={
            "To": "+14155550111", "From": "+14155550100", "Body": "hi"}).status_code == 201

    with http(emu) as client:
        seen = _mid_scan(client, emu, "/Usage/Records/Daily.json", 400, change)
    assert [(r["start_date"], r["category"]) for r in seen] == before


def test_participants_scan_keeps_its_place_while_participants_change(writable: Emulator):
    emu = writable
    everything = emu.table("/Conferences/{ConferenceSid}/Participants.json")
    by_conference: dict[str, list[str]] = {}
    for p in everything:
        by_conference.setdefault(p["conference_sid"], []).append(p["call_sid"])
    conference, members = max(by_conference.items(), key=lambda kv: len(kv[1]))
    assert len(members) >= 4
    path = api(emu, "/Conferences/{ConferenceSid}/Participants.json", ConferenceSid=conference)
    seen: list[str] = []
    with http(emu) as client:
        page = client.get(path, params={"PageSize": 1}).json()
        for i in range(len(members)):
            seen += [p["call_sid"] for p in page["participants"]]
            # Mute the next one and the last one, and add a participant (newer: not seen).
            for sid in {members[min(i + 1, len(members) - 1)], members[-1]}:
                assert client.post(f"{path[:-5]}/{sid}.json",
                                   data={"Muted": "true"}).status_code == 200
            assert client.post(path, data={"From": "+14155550100",
                                           "To": "+14155550199"}).status_code == 201
            if not page["next_page_uri"]:
                break
            page = client.get(page["next_page_uri"]).json()
    assert seen == members


@pytest.mark.parametrize("path", list(LIST_KEYS))
def test_page_size_outside_1_to_1000_is_refused_on_every_list(tables: Emulator, path: str):
    values = {"ConferenceSid": tables.records[0]["sid"],
              "CallSid": tables.table("/Calls.json")[0]["sid"]}
    with http(tables) as client:
        for size, status in (("0", 400), ("1001", 400), ("x", 400), ("1", 200), ("1000", 200)):
            response = client.get(api(tables, path, **values), params={"PageSize": size})
            assert response.status_code == status, (path, size, response.text)
            if status == 400:
                assert response.json()["code"] == 20007
            bad = client.get(api(tables, path, **values), params={"PageToken": "PTnope"})
            assert bad.status_code == 400 and bad.json()["code"] == 20001
