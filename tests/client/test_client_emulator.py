"""TwilioClient against the emulator over real HTTP: paging, laziness, fetch, update, retries
under injected faults, and credentials that never leak."""

from __future__ import annotations

import base64
import logging
from collections.abc import Iterator
from typing import Any

import pytest

from sqlalchemy_twilio.client import (
    ClientConfig,
    RetryPolicy,
    TwilioAuthError,
    TwilioClient,
    TwilioRateLimitError,
    TwilioServerError,
)
from sqlalchemy_twilio.emulator import Emulator
from tests.conftest import UNTIL, api_requests


def _config(emu: Emulator, **extra: Any) -> ClientConfig:
    options: dict[str, Any] = dict(account_sid=emu.account_sid, username=emu.account_sid,
                                   password=emu.auth_token, base_url=emu.base_url)
    options.update(extra)
    return ClientConfig(**options)


def _client(emu: Emulator, *, sleeps: list[float] | None = None,
            retry: RetryPolicy | None = None, **extra: Any) -> TwilioClient:
    record = sleeps.append if sleeps is not None else (lambda _s: None)
    return TwilioClient(_config(emu, **extra), sleep=record, retry=retry)


def _list_path(emu: Emulator) -> str:
    return f"/2010-04-01/Accounts/{emu.account_sid}/Conferences.json"


def _one_path(emu: Emulator, sid: str) -> str:
    return f"/2010-04-01/Accounts/{emu.account_sid}/Conferences/{sid}.json"


def test_lists_all_2500_in_three_requests(emu: Emulator):
    with _client(emu) as client:
        sids = [r["sid"] for r in client.iter_records(_list_path(emu), list_key="conferences")]
    assert len(sids) == len(set(sids)) == 2500
    assert sids == [r["sid"] for r in emu.records]
    requests = api_requests(emu)
    assert len(requests) == 3
    assert requests[0]["query"]["PageSize"] == ["1000"]
    assert all("PageToken" in r["query"] for r in requests[1:])


def test_filters_are_sent_on_the_first_request_and_kept_by_next_page_uri(emu: Emulator):
    params = {"Status": "completed", "DateCreated>": "2025-10-01"}
    with _client(emu, page_size=200) as client:
        records = list(client.iter_records(_list_path(emu), params, list_key="conferences"))
    assert records and all(r["status"] == "completed" for r in records)
    requests = api_requests(emu)
    assert len(requests) == -(-len(records) // 200)
    for request in requests:
        assert request["query"]["Status"] == ["completed"]
        assert request["query"]["DateCreated>"] == ["2025-10-01"]
        assert request["query"]["PageSize"] == ["200"]


def test_pages_are_fetched_lazily(emu: Emulator):
    with _client(emu) as client:
        records = client.iter_records(_list_path(emu), list_key="conferences")
        assert api_requests(emu) == []
        first = [next(records) for _ in range(1000)]
        assert len(api_requests(emu)) == 1
        next(records)
        assert len(api_requests(emu)) == 2
        records.close()
    assert len({r["sid"] for r in first}) == 1000
    assert len(api_requests(emu)) == 2


def test_page_size_argument_sizes_the_first_request(emu: Emulator):
    with _client(emu) as client:
        pages = client.iter_pages(_list_path(emu), list_key="conferences", page_size=7)
        page = next(pages)
    assert len(page["conferences"]) == 7
    assert api_requests(emu)[0]["query"]["PageSize"] == ["7"]


def test_fetch_known_and_unknown(emu: Emulator):
    known = emu.records[5]
    with _client(emu) as client:
        assert client.fetch(_one_path(emu, known["sid"])) == known
        assert client.fetch(_one_path(emu, "CF" + "0" * 32)) is None
    assert [r["status"] for r in api_requests(emu)] == [200, 404]


def test_update_ends_a_conference(writable_emulator: Emulator):
    emu = writable_emulator
    live = next(r for r in emu.records if r["status"] == "in-progress")
    with _client(emu) as client:
        record = client.update(_one_path(emu, live["sid"]), {"Status": "completed"})
        assert client.fetch(_one_path(emu, live["sid"])) == record
    assert record["status"] == "completed"
    assert record["reason_conference_ended"] == "conference-ended-via-api"
    assert [(r["method"], r["status"]) for r in emu.requests()] == [("POST", 200),
                                                                   ("GET", 200)]


def test_api_key_authenticates_with_account_sid_in_the_path(emu: Emulator):
    config = _config(emu, username=emu.api_key_sid, password=emu.api_key_secret)
    with TwilioClient(config) as client:
        assert client.account_sid == emu.account_sid
        page = next(client.iter_pages(_list_path(emu), list_key="conferences", page_size=2))
    assert len(page["conferences"]) == 2
    assert api_requests(emu)[0]["path"] == _list_path(emu)


# -- retries under the emulator's injected faults -----------------------------------------

@pytest.fixture(scope="module")
def flaky() -> Iterator[Emulator]:
    """The shared emulator's data, with 30% of requests answered 429 or 503."""
    with Emulator(conferences=2500, seed=1, until=UNTIL, fault_rate=0.3,
                  fault_status=(429, 503)) as emu:
        yield emu


def test_full_listing_survives_faults(flaky: Emulator, emulator: Emulator):
    flaky.reset()
    sleeps: list[float] = []
    retry = RetryPolicy(max_retries=20, budget=1000.0)
    with _client(flaky, sleeps=sleeps, retry=retry) as client:
        sids = [r["sid"] for r in client.iter_records(_list_path(flaky), list_key="conferences")]
    assert sids == [r["sid"] for r in emulator.records]
    assert len(set(sids)) == 2500
    statuses = [r["status"] for r in flaky.requests()]
    assert statuses.count(200) == 3
    assert {429, 503} & set(statuses)
    assert len(sleeps) == len(statuses) - 3


def test_many_listings_under_faults_are_never_short(flaky: Emulator, emulator: Emulator):
    flaky.reset()
    expected = [r["sid"] for r in emulator.records if r["status"] == "in-progress"]
    retry = RetryPolicy(max_retries=20, budget=1000.0)
    with _client(flaky, retry=retry, page_size=50) as client:
        for _ in range(3):
            got = [r["sid"] for r in client.iter_records(
                _list_path(flaky), {"Status": "in-progress"}, list_key="conferences")]
            assert got == expected


@pytest.mark.parametrize("status, error", [(429, TwilioRateLimitError),
                                           (503, TwilioServerError)])
def test_exhausted_retries_raise_and_never_return_a_short_list(emu: Emulator, status: int,
                                                               error: type):
    # The first page is served; every later one fails.
    emu.add_fault(status, match=lambda r: "PageToken" in r["query"], times=100)
    sleeps: list[float] = []
    seen: list[str] = []
    try:
        with _client(emu, sleeps=sleeps, retry=RetryPolicy(max_retries=2)) as client:
            with pytest.raises(error) as caught:
                for record in client.iter_records(_list_path(emu), list_key="conferences",
                                                  page_size=10):
                    seen.append(record["sid"])
        statuses = [r["status"] for r in api_requests(emu)]
    finally:
        emu.reset()  # drop the unused faults from the shared emulator
    assert len(seen) == 10
    assert caught.value.status == status
    assert caught.value.code == (20429 if status == 429 else 20503)
    assert statuses == [200, status, status, status]
    assert len(sleeps) == 2


def test_fault_rate_one_exhausts_retries():
    with Emulator(conferences=10, seed=2, until=UNTIL, fault_rate=1.0,
                  fault_status=(429, 503)) as emu:
        with _client(emu, retry=RetryPolicy(max_retries=2)) as client:
            with pytest.raises((TwilioRateLimitError, TwilioServerError)):
                list(client.iter_records(_list_path(emu), list_key="conferences"))
        assert len(emu.requests()) == 3


# -- secrets ------------------------------------------------------------------------------

def _chain(exc: BaseException | None) -> Iterator[BaseException]:
    seen: set[int] = set()
    todo = [exc]
    while todo:
        current = todo.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        todo += [current.__cause__, current.__context__]


def test_wrong_token_is_an_auth_error_that_never_shows_a_token(
        emu: Emulator, caplog: pytest.LogCaptureFixture):
    wrong = "f00dfacefeedbeef" * 2
    secrets = [wrong, emu.auth_token,
               base64.b64encode(f"{emu.account_sid}:{wrong}".encode()).decode()]
    caplog.set_level(logging.DEBUG)
    for name in ("httpx", "httpcore", "sqlalchemy_twilio"):
        caplog.set_level(logging.DEBUG, logger=name)
    client = _client(emu, password=wrong)
    with client, pytest.raises(TwilioAuthError) as caught:
        list(client.iter_records(_list_path(emu), list_key="conferences"))
    exc = caught.value
    assert exc.status == 401 and exc.code == 20003
    assert "20003" in str(exc)
    assert len(api_requests(emu)) == 1  # a refused credential is not retried
    texts = [repr(client), repr(client.config), str(client.config)]
    for link in _chain(exc):
        texts += [str(link), repr(link), repr(link.args)]
    assert caplog.records, "expected DEBUG records from httpx/httpcore and the client"
    assert {"httpx", "httpcore"} & {r.name.split(".")[0] for r in caplog.records}
    texts += [r.getMessage() for r in caplog.records]
    texts += [repr(r.args) for r in caplog.records]
    for text in texts:
        for secret in secrets:
            assert secret not in text


def test_successful_requests_log_no_secret(emu: Emulator, caplog: pytest.LogCaptureFixture):
    caplog.set_level(logging.DEBUG)
    with _client(emu) as client:
        client.fetch(_one_path(emu, emu.records[0]["sid"]))
    auth = base64.b64encode(f"{emu.account_sid}:{emu.auth_token}".encode()).decode()
    assert caplog.records
    for record in caplog.records:
        assert emu.auth_token not in record.getMessage() and auth not in record.getMessage()
