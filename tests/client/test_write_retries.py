"""Retries know the method: a create (which dials a phone or sends a message) is repeated only
when Twilio provably did not act on it; an update or delete is repeated as the idempotent
request it is. A server that fails on purpose, through an httpx transport."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from sqlalchemy_twilio.client import (
    ClientConfig,
    TwilioClient,
    TwilioServerError,
    TwilioTransportError,
)

ACCOUNT = "AC" + "1" * 32
LIST = f"/2010-04-01/Accounts/{ACCOUNT}/Calls.json"
ONE = f"/2010-04-01/Accounts/{ACCOUNT}/Calls/CA{'2' * 32}.json"
RECORD = {"sid": "CA" + "2" * 32, "status": "queued"}


def client(answers: list[Callable[[httpx.Request], httpx.Response]]):
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return answers[min(len(seen), len(answers)) - 1](request)

    config = ClientConfig(account_sid=ACCOUNT, username=ACCOUNT, password="secret",
                          max_retries=3)
    return TwilioClient(config, transport=httpx.MockTransport(handle),
                        sleep=lambda s: None), seen


def ok(request):
    return httpx.Response(201, json=RECORD)


def gone(request):
    return httpx.Response(204)


def status(code):
    return lambda request: httpx.Response(code, json={"code": 20000 + code, "message": "x"})


def raising(exc_type):
    def answer(request):
        raise exc_type("boom", request=request)
    return answer


@pytest.mark.parametrize("failure", [status(500), status(503), raising(httpx.ReadTimeout),
                                     raising(httpx.RemoteProtocolError)])
def test_a_create_that_may_have_reached_twilio_is_not_repeated(failure):
    twilio, seen = client([failure, ok])
    with pytest.raises((TwilioServerError, TwilioTransportError)) as caught:
        twilio.create(LIST, {"To": "+1", "From": "+2", "Url": "https://x"})
    assert caught.value.may_have_taken_effect
    assert len(seen) == 1


@pytest.mark.parametrize("failure", [status(429), raising(httpx.ConnectError),
                                     raising(httpx.ConnectTimeout)])
def test_a_create_twilio_provably_did_not_act_on_is_repeated(failure):
    twilio, seen = client([failure, ok])
    assert twilio.create(LIST, {"To": "+1"}) == RECORD
    assert len(seen) == 2
    assert seen[0].content == seen[1].content == b"To=%2B1"


@pytest.mark.parametrize("failure", [status(503), raising(httpx.ReadTimeout)])
def test_an_update_is_repeated_as_the_idempotent_request_it_is(failure):
    twilio, seen = client([failure, lambda r: httpx.Response(200, json=RECORD)])
    assert twilio.update(ONE, {"Status": "completed"}) == RECORD
    assert len(seen) == 2 and {r.method for r in seen} == {"POST"}


def test_a_delete_is_repeated_and_a_404_after_it_means_deleted():
    twilio, seen = client([raising(httpx.ReadTimeout), status(404)])
    assert twilio.delete(ONE) is False  # gone already: an earlier attempt deleted it
    assert [r.method for r in seen] == ["DELETE", "DELETE"]
    twilio, seen = client([gone])
    assert twilio.delete(ONE) is True and len(seen) == 1


def test_a_form_parameter_given_several_times_is_repeated():
    twilio, seen = client([ok])
    twilio.create(LIST, (("To", "+1"), ("StatusCallbackEvent", "initiated"),
                         ("StatusCallbackEvent", "ringing")))
    assert seen[0].content == b"To=%2B1&StatusCallbackEvent=initiated&StatusCallbackEvent=ringing"
