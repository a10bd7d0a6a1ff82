"""Errors, authentication, updates, the control endpoints, PageToken stability and faults."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from sqlalchemy_twilio.emulator import Emulator
from tests.conftest import UNTIL, api_requests

from ._helpers import http, list_all, list_path, moment, one_path


@pytest.fixture(scope="module")
def own_emulator() -> Iterator[Emulator]:
    with Emulator(conferences=200, seed=7, until=UNTIL) as emu:
        yield emu


@pytest.fixture()
def fresh(own_emulator: Emulator) -> Emulator:
    """An emulator of this module's own, with its data restored and no faults."""
    own_emulator.reset(data=True)
    own_emulator.set_faults(rate=0.0, statuses=(429, 503))
    return own_emulator


def _assert_twilio_error(response: httpx.Response, status: int, code: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["status"] == status
    assert body["code"] == code
    assert body["message"]
    assert body["more_info"] == f"https://www.twilio.com/docs/errors/{code}"
    return body


# -- authentication -----------------------------------------------------------------------

def test_wrong_token_is_401_20003(emu: Emulator):
    with http(emu, password="0" * 32) as client:
        response = client.get(list_path(emu))
    _assert_twilio_error(response, 401, 20003)


def test_no_credentials_is_401(emu: Emulator):
    with httpx.Client(base_url=emu.base_url) as client:
        response = client.get(list_path(emu))
    _assert_twilio_error(response, 401, 20003)


def test_api_key_and_secret_authenticate(emu: Emulator):
    with http(emu, emu.api_key_sid, emu.api_key_secret) as client:
        listed = client.get(list_path(emu), params={"PageSize": 3})
        sid = listed.json()["conferences"][0]["sid"]
        fetched = client.get(one_path(emu, sid))
    assert listed.status_code == 200 and len(listed.json()["conferences"]) == 3
    assert fetched.status_code == 200 and fetched.json()["sid"] == sid
    # The key's SID with the account's token (or the reverse) is refused.
    with http(emu, emu.api_key_sid, emu.auth_token) as client:
        _assert_twilio_error(client.get(list_path(emu)), 401, 20003)


def test_other_account_is_not_found(emu: Emulator):
    with http(emu) as client:
        response = client.get(f"/2010-04-01/Accounts/AC{'e' * 32}/Conferences.json")
    _assert_twilio_error(response, 404, 20404)


# -- bad requests -------------------------------------------------------------------------

def test_unknown_sid_is_404_20404(emu: Emulator):
    with http(emu) as client:
        response = client.get(one_path(emu, "CF" + "0" * 32))
    body = _assert_twilio_error(response, 404, 20404)
    assert "CF" + "0" * 32 in body["message"]


@pytest.mark.parametrize("size", ["5000", "0", "1001", "-1", "ten"])
def test_page_size_outside_1_to_1000_is_400_20007(emu: Emulator, size: str):
    with http(emu) as client:
        response = client.get(list_path(emu), params={"PageSize": size})
    _assert_twilio_error(response, 400, 20007)


@pytest.mark.parametrize("size", ["1", "1000"])
def test_page_size_edges_are_accepted(emu: Emulator, size: str):
    with http(emu) as client:
        response = client.get(list_path(emu), params={"PageSize": size})
    assert response.status_code == 200
    assert len(response.json()["conferences"]) == int(size)


@pytest.mark.parametrize("params", [
    {"Status": "ended"}, {"Status": "COMPLETED"}, {"Status": ""},
    {"DateCreated": "2026-13-01"}, {"DateCreated<": "yesterday"}, {"DateUpdated>": "2026-6-1"},
    {"DateUpdated": "2026-06-01T00:00:00"}, {"PageToken": "PT!!not-a-token"},
])
def test_invalid_parameters_are_400(emu: Emulator, params: dict[str, str]):
    with http(emu) as client:
        response = client.get(list_path(emu), params=params)
    body = _assert_twilio_error(response, 400, 20001)
    assert next(iter(params)) in body["message"]


def test_list_refuses_post(emu: Emulator):
    with http(emu) as client:
        response = client.post(list_path(emu), data={"Status": "completed"})
    assert response.status_code == 405
    assert response.json()["code"] == 20004


# -- updates ------------------------------------------------------------------------------

def test_post_status_completed_ends_a_conference(fresh: Emulator):
    emu = fresh
    live = next(r for r in emu.records if r["status"] == "in-progress")
    before = fresh.now.replace(microsecond=0)
    with http(emu) as client:
        response = client.post(one_path(emu, live["sid"]), data={"Status": "completed"})
        fetched = client.get(one_path(emu, live["sid"])).json()
        completed = client.get(list_path(emu), params={"Status": "completed",
                                                       "PageSize": 1000}).json()
    assert response.status_code == 200
    record = response.json()
    assert record["status"] == "completed"
    assert record["reason_conference_ended"] == "conference-ended-via-api"
    assert record["call_sid_ending_conference"] is None
    assert moment(record["date_updated"]) >= before
    assert moment(record["date_updated"]) > moment(live["date_updated"])
    # Everything else stays, and the change is what later reads see.
    unchanged = {k for k in live if k not in ("status", "reason_conference_ended",
                                               "call_sid_ending_conference", "date_updated")}
    assert {k: record[k] for k in unchanged} == {k: live[k] for k in unchanged}
    assert fetched == record
    assert live["sid"] in {r["sid"] for r in completed["conferences"]}
    today = fresh.now.date().isoformat()
    with http(emu) as client:
        updated_today = client.get(list_path(emu), params={"DateUpdated": today}).json()
    assert live["sid"] in {r["sid"] for r in updated_today["conferences"]}


def test_ending_a_completed_conference_changes_nothing(fresh: Emulator):
    emu = fresh
    done = next(r for r in emu.records if r["status"] == "completed")
    with http(emu) as client:
        response = client.post(one_path(emu, done["sid"]), data={"Status": "completed"})
    assert response.status_code == 200
    assert response.json() == done


@pytest.mark.parametrize("status", ["in-progress", "init", "ended", ""])
def test_post_other_status_is_400(fresh: Emulator, status: str):
    emu = fresh
    live = next(r for r in emu.records if r["status"] == "in-progress")
    with http(emu) as client:
        response = client.post(one_path(emu, live["sid"]), data={"Status": status})
        after = client.get(one_path(emu, live["sid"])).json()
    _assert_twilio_error(response, 400, 20001)
    assert after == live


def test_post_to_unknown_sid_is_404(fresh: Emulator):
    emu = fresh
    with http(emu) as client:
        response = client.post(one_path(emu, "CF" + "a" * 32), data={"Status": "completed"})
    _assert_twilio_error(response, 404, 20404)


def test_reset_with_data_restores_the_records(fresh: Emulator):
    emu = fresh
    original = emu.records
    live = next(r for r in original if r["status"] != "completed")
    with http(emu) as client:
        assert client.post(one_path(emu, live["sid"]),
                           data={"Status": "completed"}).status_code == 200
    assert emu.records != original
    emu.reset(data=True)
    assert emu.records == original


# -- control endpoints --------------------------------------------------------------------

def test_request_log_and_reset_over_http_need_no_auth(emu: Emulator):
    with http(emu) as client:
        client.get(list_path(emu), params={"PageSize": 2, "DateCreated>": "2026-01-01"})
        client.get(one_path(emu, "CF" + "0" * 32))
    with httpx.Client(base_url=emu.base_url) as anonymous:
        log = anonymous.get("/_emulator/requests")
        assert log.status_code == 200
        entries = log.json()
        assert [(e["method"], e["path"], e["status"]) for e in entries] == [
            ("GET", list_path(emu), 200), ("GET", one_path(emu, "CF" + "0" * 32), 404)]
        assert entries[0]["query"] == {"PageSize": ["2"], "DateCreated>": ["2026-01-01"]}
        assert entries == emu.requests()
        assert anonymous.post("/_emulator/reset").status_code == 200
        assert anonymous.get("/_emulator/requests").json() == []
    assert emu.requests() == []


def test_request_log_carries_each_posts_form(fresh: Emulator):
    emu = fresh
    live = next(r for r in emu.records if r["status"] == "in-progress")
    with http(emu) as client:
        client.get(list_path(emu), params={"Status": "init"})
        client.post(one_path(emu, live["sid"]), data={"Status": "completed",
                                                      "AnnounceUrl": "https://e.com/a"})
        client.post(one_path(emu, live["sid"]), content=b"Status=completed&Status=init&Empty=",
                    headers={"Content-Type": "application/x-www-form-urlencoded"})
    with httpx.Client(base_url=emu.base_url) as anonymous:
        entries = anonymous.get("/_emulator/requests").json()
    assert entries == emu.requests()
    assert "form" not in entries[0]
    assert entries[1]["form"] == {"Status": ["completed"], "AnnounceUrl": ["https://e.com/a"]}
    assert entries[1]["query"] == {}
    assert entries[2]["form"] == {"Status": ["completed", "init"], "Empty": [""]}


def test_request_log_holds_no_credentials(emu: Emulator):
    with http(emu) as client:
        client.get(list_path(emu))
    text = str(emu.requests())
    assert emu.auth_token not in text and "authorization" not in text.lower()


# -- PageToken stability ------------------------------------------------------------------

def test_ending_conferences_mid_scan_neither_skips_nor_repeats(fresh: Emulator):
    emu = fresh
    expected = [r["sid"] for r in emu.records]
    live = [r["sid"] for r in emu.records if r["status"] != "completed"]
    assert len(live) >= 4
    seen: list[str] = []
    with http(emu) as client:
        page = client.get(list_path(emu), params={"PageSize": 30}).json()
        while True:
            seen += [r["sid"] for r in page["conferences"]]
            # End one conference already read and one not yet read, between pages.
            for sid in (live.pop(0), live.pop()) if len(live) >= 2 else ():
                assert client.post(one_path(emu, sid),
                                   data={"Status": "completed"}).status_code == 200
            if not page["next_page_uri"]:
                break
            page = client.get(page["next_page_uri"]).json()
    assert seen == expected
    assert len(set(seen)) == len(seen) == 200


def test_page_token_marks_a_position_not_an_offset(emu: Emulator):
    """A record newer than the position does not shift the following page."""
    with http(emu) as client:
        first = client.get(list_path(emu), params={"PageSize": 10}).json()
        second = client.get(first["next_page_uri"]).json()
        again = client.get(first["next_page_uri"]).json()
    assert second == again
    assert second["conferences"][0]["sid"] == emu.records[10]["sid"]


# -- faults -------------------------------------------------------------------------------

def test_fault_rate_one_answers_429_with_retry_after():
    with Emulator(conferences=5, seed=3, until=UNTIL, fault_rate=1.0, fault_status=(429,),
                  retry_after=2) as emu:
        with http(emu) as client:
            responses = [client.get(list_path(emu)) for _ in range(3)]
        for response in responses:
            _assert_twilio_error(response, 429, 20429)
            assert response.headers["Retry-After"] == "2"
        assert [r["status"] for r in emu.requests()] == [429, 429, 429]


def test_fault_503_has_code_20503(fresh: Emulator):
    fresh.set_faults(rate=1.0, statuses=(503,))
    with http(fresh) as client:
        response = client.get(list_path(fresh))
    _assert_twilio_error(response, 503, 20503)
    assert "Retry-After" not in response.headers


def test_fault_rate_is_a_share_of_requests(fresh: Emulator):
    fresh.set_faults(rate=0.3, statuses=(429, 503))
    with http(fresh) as client:
        statuses = [client.get(list_path(fresh), params={"PageSize": 5}).status_code
                    for _ in range(200)]
    assert set(statuses) == {200, 429, 503}
    assert 30 <= statuses.count(429) + statuses.count(503) <= 90


def test_scripted_fault_matches_and_runs_out(emu: Emulator):
    emu.add_fault(503, match=lambda r: "PageToken" in r["query"], times=2)
    with http(emu) as client:
        first = client.get(list_path(emu), params={"PageSize": 1000})
        follow = first.json()["next_page_uri"]
        statuses = [client.get(follow).status_code for _ in range(3)]
        again = client.get(list_path(emu), params={"PageSize": 1000})
    assert first.status_code == 200 and again.status_code == 200
    assert statuses == [503, 503, 200]
    assert [r["status"] for r in api_requests(emu)] == [200, 503, 503, 200, 200]


def test_scripted_fault_with_retry_after_and_no_match(emu: Emulator):
    emu.add_fault(429, times=1, retry_after=7)
    with http(emu) as client:
        limited = client.get(list_path(emu), params={"PageSize": 1})
        ok = client.get(list_path(emu), params={"PageSize": 1})
    _assert_twilio_error(limited, 429, 20429)
    assert limited.headers["Retry-After"] == "7"
    assert ok.status_code == 200


def test_reset_clears_scripted_faults(emu: Emulator):
    emu.add_fault(500, times=5)
    emu.reset()
    with http(emu) as client:
        assert client.get(list_path(emu), params={"PageSize": 1}).status_code == 200


def test_list_all_helper_sees_a_fault_as_a_failure(emu: Emulator):
    """Guard for the helpers: a failing page is never silently a short list."""
    emu.add_fault(503, match=lambda r: "PageToken" in r["query"])
    with http(emu) as client, pytest.raises(AssertionError):
        list_all(client, list_path(emu), {"PageSize": 1000})
