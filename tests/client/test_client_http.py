"""TwilioClient edge cases the emulator cannot produce, with respx standing in for Twilio."""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Iterator
from email.utils import format_datetime
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest
import respx

from sqlalchemy_twilio.client import (
    DEFAULT_API_ORIGIN,
    ClientConfig,
    RetryPolicy,
    TwilioAPIError,
    TwilioAuthError,
    TwilioBadRequestError,
    TwilioClient,
    TwilioError,
    TwilioNotFoundError,
    TwilioRateLimitError,
    TwilioServerError,
    TwilioTransportError,
)

ACCOUNT = "AC" + "a" * 32
TOKEN = "0123456789abcdef" * 2
LIST = f"/2010-04-01/Accounts/{ACCOUNT}/Conferences.json"
ONE = f"/2010-04-01/Accounts/{ACCOUNT}/Conferences/CF{'b' * 32}.json"


def _config(**extra: Any) -> ClientConfig:
    options: dict[str, Any] = dict(account_sid=ACCOUNT, username=ACCOUNT, password=TOKEN)
    options.update(extra)
    return ClientConfig(**options)


class Sleeps(list[float]):
    """A no-op sleep that records what it was asked to wait."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture()
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture()
def twilio() -> Iterator[respx.MockRouter]:
    with respx.mock(base_url=DEFAULT_API_ORIGIN, assert_all_called=False) as router:
        yield router


def _client(sleeps: Sleeps, retry: RetryPolicy | None = None, **extra: Any) -> TwilioClient:
    return TwilioClient(_config(**extra), sleep=sleeps, retry=retry)


def _page(records: list[dict[str, Any]], next_uri: str | None = None) -> dict[str, Any]:
    return {"conferences": records, "next_page_uri": next_uri, "page": 0, "page_size": 50}


def _error(status: int, code: int, message: str, **headers: str) -> httpx.Response:
    return httpx.Response(status, headers=headers, json={
        "code": code, "message": message, "status": status,
        "more_info": f"https://www.twilio.com/docs/errors/{code}"})


# -- retries ------------------------------------------------------------------------------

def test_retry_after_seconds_is_honoured(twilio: respx.MockRouter, sleeps: Sleeps):
    route = twilio.get(LIST).mock(side_effect=[
        _error(429, 20429, "Too Many Requests", **{"Retry-After": "3"}),
        _error(503, 20503, "Service Unavailable", **{"Retry-After": "1.5"}),
        httpx.Response(200, json=_page([{"sid": "CF1"}])),
    ])
    with _client(sleeps) as client:
        records = list(client.iter_records(LIST, list_key="conferences"))
    assert records == [{"sid": "CF1"}]
    assert sleeps == [3.0, 1.5]
    assert route.call_count == 3


def test_retry_after_http_date_is_honoured(twilio: respx.MockRouter, sleeps: Sleeps):
    when = dt.datetime.now(dt.timezone.utc).replace(microsecond=0) + dt.timedelta(seconds=20)
    twilio.get(LIST).mock(side_effect=[
        _error(429, 20429, "Too Many Requests",
               **{"Retry-After": format_datetime(when, usegmt=True)}),
        httpx.Response(200, json=_page([])),
    ])
    with _client(sleeps) as client:
        assert list(client.iter_records(LIST, list_key="conferences")) == []
    assert len(sleeps) == 1
    assert 18.0 <= sleeps[0] <= 20.0


def test_retry_after_beyond_the_budget_fails_at_once(twilio: respx.MockRouter,
                                                     sleeps: Sleeps):
    route = twilio.get(LIST).mock(
        return_value=_error(429, 20429, "Too Many Requests", **{"Retry-After": "10"}))
    with _client(sleeps, RetryPolicy(max_retries=5, budget=5.0)) as client:
        with pytest.raises(TwilioRateLimitError) as caught:
            list(client.iter_records(LIST, list_key="conferences"))
    assert sleeps == []
    assert route.call_count == 1
    assert caught.value.code == 20429


def test_backoff_is_exponential_and_bounded_by_the_budget(twilio: respx.MockRouter,
                                                          sleeps: Sleeps):
    route = twilio.get(LIST).mock(return_value=_error(503, 20503, "Service Unavailable"))
    policy = RetryPolicy(max_retries=12, budget=3.0, base=0.25, cap=2.0)
    with _client(sleeps, policy) as client, pytest.raises(TwilioServerError):
        list(client.iter_records(LIST, list_key="conferences"))
    assert sleeps, "a 503 without Retry-After is retried"
    assert route.call_count == len(sleeps) + 1
    assert sum(sleeps) <= policy.budget
    for attempt, seconds in enumerate(sleeps):
        assert 0.0 <= seconds <= min(policy.cap, policy.base * 2 ** attempt)


def test_backoff_gives_up_after_max_retries(twilio: respx.MockRouter, sleeps: Sleeps):
    route = twilio.get(ONE).mock(return_value=_error(500, 20500, "Internal Server Error"))
    with _client(sleeps, RetryPolicy(max_retries=3, budget=100.0)) as client:
        with pytest.raises(TwilioServerError) as caught:
            client.fetch(ONE)
    assert route.call_count == 4 and len(sleeps) == 3
    assert caught.value.status == 500


def test_zero_budget_means_no_retry(twilio: respx.MockRouter, sleeps: Sleeps):
    route = twilio.get(LIST).mock(return_value=_error(503, 20503, "Service Unavailable"))
    with _client(sleeps, RetryPolicy(max_retries=5, budget=0.0)) as client:
        with pytest.raises(TwilioServerError):
            list(client.iter_records(LIST, list_key="conferences"))
    assert route.call_count == 1 and sleeps == []


def test_connection_error_is_retried(twilio: respx.MockRouter, sleeps: Sleeps):
    route = twilio.get(LIST).mock(side_effect=[
        httpx.ConnectError("connection refused"), httpx.ReadTimeout("slow"),
        httpx.Response(200, json=_page([{"sid": "CF1"}, {"sid": "CF2"}])),
    ])
    with _client(sleeps) as client:
        assert len(list(client.iter_records(LIST, list_key="conferences"))) == 2
    assert route.call_count == 3 and len(sleeps) == 2


def test_connection_error_after_retries_is_a_transport_error(twilio: respx.MockRouter,
                                                             sleeps: Sleeps):
    route = twilio.post(ONE).mock(side_effect=httpx.ConnectError("connection refused"))
    with _client(sleeps, RetryPolicy(max_retries=2)) as client:
        with pytest.raises(TwilioTransportError) as caught:
            client.update(ONE, {"Status": "completed"})
    assert route.call_count == 3 and len(sleeps) == 2
    message = str(caught.value)
    assert "POST" in message and ONE in message and "3 attempts" in message
    assert TOKEN not in message


def test_client_errors_are_not_retried(twilio: respx.MockRouter, sleeps: Sleeps):
    route = twilio.get(LIST).mock(return_value=_error(400, 20001, "Invalid Status"))
    with _client(sleeps) as client, pytest.raises(TwilioBadRequestError):
        list(client.iter_records(LIST, {"Status": "x"}, list_key="conferences"))
    assert route.call_count == 1 and sleeps == []


# -- error mapping ------------------------------------------------------------------------

@pytest.mark.parametrize("status, code, cls", [
    (400, 20001, TwilioBadRequestError), (401, 20003, TwilioAuthError),
    (403, 20003, TwilioAuthError), (404, 20404, TwilioNotFoundError),
    (405, 20004, TwilioBadRequestError), (429, 20429, TwilioRateLimitError),
    (500, 20500, TwilioServerError), (503, 20503, TwilioServerError),
])
def test_error_json_maps_to_typed_exceptions(twilio: respx.MockRouter, sleeps: Sleeps,
                                             status: int, code: int, cls: type):
    twilio.get(LIST).mock(return_value=_error(status, code, f"message {code}"))
    with _client(sleeps, RetryPolicy(max_retries=0)) as client, pytest.raises(cls) as caught:
        list(client.iter_records(LIST, list_key="conferences"))
    exc = caught.value
    assert isinstance(exc, TwilioAPIError) and isinstance(exc, TwilioError)
    assert (exc.status, exc.code, exc.message) == (status, code, f"message {code}")
    assert exc.more_info == f"https://www.twilio.com/docs/errors/{code}"
    assert (exc.method, exc.path) == ("GET", LIST)
    text = str(exc)
    assert str(code) in text and f"HTTP {status}" in text and f"message {code}" in text
    assert repr(exc) == (f"{cls.__name__}(status={status}, code={code}, method='GET', "
                         f"path={LIST!r})")


def test_fetch_404_is_none_but_other_errors_raise(twilio: respx.MockRouter, sleeps: Sleeps):
    twilio.get(ONE).mock(side_effect=[_error(404, 20404, "not found"),
                                      _error(401, 20003, "Authenticate")])
    with _client(sleeps) as client:
        assert client.fetch(ONE) is None
        with pytest.raises(TwilioAuthError):
            client.fetch(ONE)


def test_non_json_error_body_gives_a_clear_error(twilio: respx.MockRouter, sleeps: Sleeps):
    twilio.get(LIST).mock(return_value=httpx.Response(
        502, text="<html><body>Bad gateway from the proxy</body></html>",
        headers={"Content-Type": "text/html"}))
    with _client(sleeps, RetryPolicy(max_retries=0)) as client:
        with pytest.raises(TwilioServerError) as caught:
            list(client.iter_records(LIST, list_key="conferences"))
    exc = caught.value
    assert exc.status == 502 and exc.code is None and exc.more_info is None
    assert "Bad gateway from the proxy" in exc.message
    assert "HTTP 502" in str(exc) and LIST in str(exc)


def test_non_json_success_body_is_a_transport_error(twilio: respx.MockRouter, sleeps: Sleeps):
    twilio.get(LIST).mock(return_value=httpx.Response(200, text="<html>maintenance</html>"))
    with _client(sleeps) as client, pytest.raises(TwilioTransportError, match="not JSON"):
        list(client.iter_records(LIST, list_key="conferences"))


def test_page_without_its_list_is_an_error(twilio: respx.MockRouter, sleeps: Sleeps):
    twilio.get(LIST).mock(return_value=httpx.Response(200, json={"calls": []}))
    with _client(sleeps) as client, pytest.raises(TwilioError, match="conferences"):
        list(client.iter_records(LIST, list_key="conferences"))


# -- paging -------------------------------------------------------------------------------

@pytest.mark.parametrize("asked, sent", [(5000, "1000"), (1000, "1000"), (1, "1"),
                                         (0, "1"), (-5, "1"), (None, "250")])
def test_page_size_is_clamped_to_1_to_1000(twilio: respx.MockRouter, sleeps: Sleeps,
                                           asked: int | None, sent: str):
    route = twilio.get(LIST).mock(return_value=httpx.Response(200, json=_page([])))
    with _client(sleeps, page_size=250) as client:
        list(client.iter_records(LIST, list_key="conferences", page_size=asked))
    assert route.calls.last.request.url.params["PageSize"] == sent


def test_next_page_uri_is_followed_exactly(twilio: respx.MockRouter, sleeps: Sleeps):
    second = f"{LIST}?Status=init&PageSize=2&Page=1&PageToken=PTabc"
    route = twilio.get(LIST).mock(side_effect=[
        httpx.Response(200, json=_page([{"sid": "CF1"}, {"sid": "CF2"}], second)),
        httpx.Response(200, json=_page([{"sid": "CF3"}],
                                       f"{DEFAULT_API_ORIGIN}{LIST}?PageToken=PTdef")),
        httpx.Response(200, json=_page([{"sid": "CF4"}])),
    ])
    with _client(sleeps) as client:
        sids = [r["sid"] for r in client.iter_records(LIST, {"Status": "init"},
                                                      list_key="conferences", page_size=2)]
    assert sids == ["CF1", "CF2", "CF3", "CF4"]
    queries = [dict(call.request.url.params) for call in route.calls]
    assert queries == [{"Status": "init", "PageSize": "2"},
                       {"Status": "init", "PageSize": "2", "Page": "1", "PageToken": "PTabc"},
                       {"PageToken": "PTdef"}]


@pytest.mark.parametrize("next_uri", [
    f"https://evil.example.com{LIST}?PageToken=PT1",
    f"http://api.twilio.com{LIST}?PageToken=PT1",
    f"https://api.twilio.com:8443{LIST}?PageToken=PT1",
    f"//evil.example.com{LIST}?PageToken=PT1",
])
def test_next_page_uri_on_another_host_is_refused(sleeps: Sleeps, next_uri: str):
    with respx.mock(assert_all_called=False) as router:
        # A client that wrongly followed the URI on its own host would get a second page.
        first = router.get(f"{DEFAULT_API_ORIGIN}{LIST}").mock(side_effect=[
            httpx.Response(200, json=_page([{"sid": "CF1"}], next_uri)),
            httpx.Response(200, json=_page([{"sid": "CF2"}]))])
        with _client(sleeps) as client, pytest.raises(TwilioError, match="another host"):
            list(client.iter_records(LIST, list_key="conferences"))
        assert first.call_count == 1
        assert len(router.calls) == 1


@pytest.mark.parametrize("next_uri", [
    "/2010-04-01/Accounts/../../etc/passwd.json?PageToken=PT1",
    f"/2010-04-01/Accounts/{ACCOUNT}%2F..%2Fx/Conferences.json?PageToken=PT1",
])
def test_unsafe_next_page_uri_is_refused(twilio: respx.MockRouter, sleeps: Sleeps,
                                         next_uri: str):
    twilio.get(LIST).mock(return_value=httpx.Response(200, json=_page([], next_uri)))
    with _client(sleeps) as client, pytest.raises(ValueError, match="unsafe path"):
        list(client.iter_records(LIST, list_key="conferences"))
    assert len(twilio.calls) == 1


UNSAFE = [
    f"/2010-04-01/Accounts/{ACCOUNT}/Conferences/../../../Calls.json",
    f"/2010-04-01/Accounts/{ACCOUNT}/Conferences/CF1%2F..%2FCalls.json",
    f"/2010-04-01/Accounts/{ACCOUNT}/Conferences/%2e%2e/x.json",
    f"/2010-04-01/Accounts/{ACCOUNT}/Conferences/CF1%5cx.json",
    "//evil.example.com/2010-04-01/Accounts/x.json",
    "https://evil.example.com/2010-04-01/x.json",
    f"/2010-04-01/Accounts/{ACCOUNT}/Conferences/CF1.json?Status=completed",
    f"/2010-04-01/Accounts/{ACCOUNT}/Conferences/CF 1.json",
    "2010-04-01/relative.json",
]


@pytest.mark.parametrize("path", UNSAFE)
def test_unsafe_paths_are_refused_before_any_request(sleeps: Sleeps, path: str):
    with respx.mock(assert_all_called=False) as router:
        router.route().mock(return_value=httpx.Response(200, json=_page([])))
        with _client(sleeps) as client:
            with pytest.raises(ValueError, match="unsafe path"):
                client.fetch(path)
            with pytest.raises(ValueError, match="unsafe path"):
                client.update(path, {"Status": "completed"})
            with pytest.raises(ValueError, match="unsafe path"):
                list(client.iter_records(path, list_key="conferences"))
        assert len(router.calls) == 0


# -- hosts and credentials ----------------------------------------------------------------

@pytest.mark.parametrize("options, origin", [
    ({}, "https://api.twilio.com"),
    ({"region": "ie1", "edge": "dublin"}, "https://api.dublin.ie1.twilio.com"),
    ({"edge": "sydney"}, "https://api.sydney.us1.twilio.com"),
    ({"region": "au1"}, "https://api.au1.twilio.com"),
    ({"base_url": "http://127.0.0.1:8080/"}, "http://127.0.0.1:8080"),
])
def test_origin_from_region_and_edge(sleeps: Sleeps, options: dict[str, str], origin: str):
    assert _config(**options).origin == origin
    with respx.mock(assert_all_called=False) as router:
        route = router.get(f"{origin}{LIST}").mock(
            return_value=httpx.Response(200, json=_page([{"sid": "CF1"}])))
        with _client(sleeps, **options) as client:
            assert len(list(client.iter_records(LIST, list_key="conferences"))) == 1
        assert route.call_count == 1


@pytest.mark.parametrize("options", [
    {"base_url": "https://a.example", "region": "ie1"}, {"region": "IE1"},
    {"edge": "dublin.evil"}, {"base_url": "https://a.example/path"},
    {"account_sid": "SK" + "a" * 32}, {"page_size": 0}, {"page_size": 1001},
])
def test_bad_settings_are_refused(options: dict[str, Any]):
    with pytest.raises(ValueError):
        _config(**options)


def test_api_key_is_the_username_and_the_account_is_in_the_path(twilio: respx.MockRouter,
                                                                sleeps: Sleeps):
    key, secret = "SK" + "c" * 32, "s3cr3t-api-key-secret"
    route = twilio.get(LIST).mock(return_value=httpx.Response(200, json=_page([])))
    with _client(sleeps, username=key, password=secret) as client:
        assert client.account_sid == ACCOUNT
        list(client.iter_records(f"/2010-04-01/Accounts/{client.account_sid}"
                                 "/Conferences.json", list_key="conferences"))
        assert secret not in repr(client)
    request = route.calls.last.request
    scheme, _, value = request.headers["Authorization"].partition(" ")
    assert scheme == "Basic"
    assert base64.b64decode(value).decode() == f"{key}:{secret}"
    assert request.url.path == LIST and ACCOUNT in request.url.path


def test_update_posts_a_form(twilio: respx.MockRouter, sleeps: Sleeps):
    route = twilio.post(ONE).mock(return_value=httpx.Response(
        200, json={"sid": "CF" + "b" * 32, "status": "completed"}))
    with _client(sleeps) as client:
        record = client.update(ONE, {"Status": "completed"})
    assert record["status"] == "completed"
    request = route.calls.last.request
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert parse_qs(request.content.decode()) == {"Status": ["completed"]}
    assert request.headers["Accept"] == "application/json"
    assert request.headers["User-Agent"].startswith("sqlalchemy-twilio/")


def test_secret_is_not_in_reprs_or_errors(twilio: respx.MockRouter, sleeps: Sleeps):
    twilio.get(LIST).mock(return_value=_error(401, 20003, "Authenticate"))
    client = _client(sleeps)
    with client, pytest.raises(TwilioAuthError) as caught:
        list(client.iter_records(LIST, list_key="conferences"))
    for text in (repr(client), repr(client.config), str(client.config),
                 json.dumps(client.config.model_dump(mode="json")), str(caught.value),
                 repr(caught.value)):
        assert TOKEN not in text
