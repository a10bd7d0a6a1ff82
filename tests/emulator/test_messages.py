"""Messages: the sample data, the To/From/DateSent filters against a reference, Twilio's
retention window (20004), and the rules for sending, redacting, canceling and deleting."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest

from sqlalchemy_twilio.emulator import Emulator
from tests.conftest import UNTIL

from ._helpers import api, assert_twilio_error, boundary_days, day_matches, http, moment, scan

LIST = "/Messages.json"
ONE = "/Messages/{Sid}.json"
STATUSES = {"queued", "sending", "sent", "failed", "delivered", "undelivered", "receiving",
            "received", "accepted", "scheduled", "read", "partially_delivered", "canceled"}
SERVICE = "MG" + "c" * 32


@pytest.fixture(scope="module")
def messages_emulator() -> Iterator[Emulator]:
    # A retention window wide enough for every sample message, so the filters can be checked
    # on any day; the window itself is tested below with emulators of its own.
    with Emulator(conferences=20, seed=31, until=UNTIL, calls=10, messages=2500,
                  retention_days=100_000) as emu:
        yield emu


@pytest.fixture()
def emu(messages_emulator: Emulator) -> Emulator:  # noqa: F811 - this module's own
    messages_emulator.reset(data=True)
    return messages_emulator


def reference(messages: list[dict[str, Any]], params: dict[str, str]) -> list[dict[str, Any]]:
    def keep(m: dict[str, Any]) -> bool:
        for name, value in params.items():
            if name.startswith("DateSent"):
                if not day_matches(m["date_sent"], name[8:], dt.date.fromisoformat(value)):
                    return False
            elif m[name.lower()] != value:
                return False
        return True
    return [m for m in messages if keep(m)]


def sids(records: list[dict[str, Any]]) -> list[str]:
    return [r["sid"] for r in records]


def test_the_sample_messages_look_like_twilios(emu: Emulator):
    messages = emu.table(LIST)
    assert {m["status"] for m in messages} == STATUSES
    assert {m["direction"] for m in messages} == {"inbound", "outbound-api", "outbound-call",
                                                  "outbound-reply"}
    for m in messages:
        assert m["num_segments"].isdigit() and m["num_media"].isdigit()
        assert m["sid"][:2] == ("MM" if int(m["num_media"]) else "SM")
        assert m["price"] is None or re.fullmatch(r"-\d+\.\d{5}", m["price"])
        if m["status"] in ("queued", "accepted", "scheduled", "canceled", "failed"):
            assert m["date_sent"] is None and m["price"] is None
        if m["status"] in ("failed", "undelivered"):
            assert m["error_code"] and m["error_message"]
        assert m["uri"] == api(emu, ONE, Sid=m["sid"])
    assert {int(m["num_segments"]) for m in messages} >= {1, 2, 3}
    assert {int(m["num_media"]) for m in messages} == {0, 1, 2, 3}
    times = {moment(m["date_sent"]).time() for m in messages if m["date_sent"]}
    assert {dt.time(0, 0, 0), dt.time(23, 59, 59)} <= times
    last = dt.datetime.combine(dt.date.fromisoformat(UNTIL), dt.time(23, 59, 59),
                               dt.timezone.utc)
    ages = [(last - moment(m["date_created"])).days for m in messages]
    assert 390 < max(ages) < 400 and min(ages) == 0  # all inside the retention window


def test_to_and_from_filters(emu: Emulator):
    messages = emu.table(LIST)
    with http(emu) as client:
        for params in ({"To": messages[4]["to"]}, {"From": messages[7]["from"]},
                       {"To": messages[2]["to"], "From": messages[2]["from"]},
                       {"To": "+19999999999"}):
            expected = reference(messages, params)
            assert sids(scan(client, api(emu, LIST), "messages", params)) == sids(expected)


@pytest.mark.parametrize("suffix", ["", "<", ">"])
def test_date_sent_filters_match_the_strict_reading_on_boundary_days(emu: Emulator,
                                                                     suffix: str):
    messages = emu.table(LIST)
    days = boundary_days(messages, "date_sent")
    assert len(days) >= 10
    with http(emu) as client:
        for day in days[::2] if suffix else days:
            params = {"DateSent" + suffix: day.isoformat()}
            got = sids(scan(client, api(emu, LIST), "messages", params))
            assert got == sids(reference(messages, params)), params


def test_an_instant_stands_for_its_day(emu: Emulator):
    # Twilio's SDKs send DateSent as an instant; the filter is by day.
    with http(emu) as client:
        by_day = scan(client, api(emu, LIST), "messages", {"DateSent>": "2026-06-01"})
        by_instant = scan(client, api(emu, LIST), "messages",
                          {"DateSent>": "2026-06-01T15:30:00Z"})
    assert by_day and sids(by_instant) == sids(by_day)


@pytest.mark.parametrize("params", [
    {"DateSent": "2026-06-01T10:00:00"}, {"DateSent<": "June 1"}, {"DateSent>": "2026-13-01"},
])
def test_bad_date_sent_is_400(emu: Emulator, params: dict[str, str]):
    with http(emu) as client:
        response = client.get(api(emu, LIST), params=params)
    assert next(iter(params)) in assert_twilio_error(response, 400, 20001)["message"]


# -- retention ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def recent() -> Iterator[Emulator]:
    """Messages up to today, with a 30-day window (so many are older than it)."""
    with Emulator(conferences=5, seed=32, calls=5, messages=600, retention_days=30) as emu:
        yield emu


def _today() -> dt.date:
    return dt.datetime.now(dt.timezone.utc).date()


def _days_ago(n: int) -> str:
    return (_today() - dt.timedelta(days=n)).isoformat()


@pytest.mark.parametrize("params", [
    {"DateSent<": _days_ago(31)}, {"DateSent": _days_ago(31)}, {"DateSent": _days_ago(300)},
    {"DateSent>": _days_ago(90), "DateSent<": _days_ago(40)},
    {"DateSent<": _days_ago(31), "DateSent>": _days_ago(10)},
    # Reaching before the window at all is refused too ("partially or entirely outside").
    {"DateSent>": _days_ago(120)}, {"DateSent>": _days_ago(31), "DateSent<": _days_ago(29)},
])
def test_a_range_reaching_before_the_retention_window_is_20004(recent: Emulator,
                                                               params: dict[str, str]):
    with http(recent) as client:
        response = client.get(api(recent, LIST), params=params)
    body = assert_twilio_error(response, 400, 20004)
    assert "retention window of 30 days" in body["message"]


def test_messages_older_than_the_window_are_served_no_more(recent: Emulator):
    start = dt.datetime.combine(_today() - dt.timedelta(days=30), dt.time(),
                                dt.timezone.utc)
    with http(recent) as client:
        unfiltered = scan(client, api(recent, LIST), "messages")
        for params in ({"DateSent<": _days_ago(0)}, {"DateSent": _days_ago(29)},
                       {"DateSent>": _days_ago(30)},
                       {"DateSent>": _days_ago(30), "DateSent<": _days_ago(29)}):
            got = scan(client, api(recent, LIST), "messages", params)
            assert sids(got) == sids(reference(unfiltered, params)), params
        sid = next(m["sid"] for m in recent.table(LIST))
        assert client.get(api(recent, ONE, Sid=sid)).status_code == 200
    assert unfiltered and all(moment(m["date_sent"] or m["date_created"]) >= start
                              for m in unfiltered)
    assert sids(unfiltered) == sids(recent.table(LIST))


def test_the_default_window_is_400_days():
    with Emulator(conferences=1, seed=33, calls=1, messages=50) as emu, http(emu) as client:
        outside = client.get(api(emu, LIST), params={"DateSent<": _days_ago(401)})
        inside = client.get(api(emu, LIST), params={"DateSent<": _days_ago(400)})
    assert "400 days" in assert_twilio_error(outside, 400, 20004)["message"]
    assert inside.status_code == 200


# -- writes ---------------------------------------------------------------------------------

def test_sending_a_message_queues_it_and_lists_it_first(emu: Emulator):
    body = "é" * 71  # UCS-2: two segments of 67
    with http(emu) as client:
        response = client.post(api(emu, LIST), data={
            "To": "+14155550123", "From": "+14155550100", "Body": body,
            "StatusCallback": "https://example.com/cb", "SmartEncoded": "false"})
        first = client.get(api(emu, LIST), params={"PageSize": 1}).json()["messages"][0]
        media = client.post(api(emu, LIST), data={
            "To": "+14155550123", "MessagingServiceSid": SERVICE,
            "MediaUrl": ["https://example.com/a.png", "https://example.com/b.png"]})
    assert response.status_code == 201, response.text
    message = response.json()
    assert message["status"] == "queued" and message["date_sent"] is None
    assert (message["body"], message["num_segments"], message["num_media"]) == (body, "2", "0")
    assert message["sid"].startswith("SM") and message["direction"] == "outbound-api"
    assert first == message
    assert media.status_code == 201, media.text
    assert media.json()["sid"].startswith("MM") and media.json()["num_media"] == "2"
    assert media.json()["messaging_service_sid"] == SERVICE and media.json()["from"] is None


def test_scheduling_a_message(emu: Emulator):
    at = emu.now + dt.timedelta(days=2)
    base = {"To": "+1", "Body": "later", "MessagingServiceSid": SERVICE,
            "ScheduleType": "fixed"}
    with http(emu) as client:
        ok = client.post(api(emu, LIST), data={**base, "SendAt": at.isoformat()})
        soon = client.post(api(emu, LIST), data={
            **base, "SendAt": (emu.now + dt.timedelta(minutes=5)
                               ).isoformat()})
        far = client.post(api(emu, LIST), data={
            **base, "SendAt": (at + dt.timedelta(days=40)).isoformat()})
        missing = client.post(api(emu, LIST), data=base)
        no_service = client.post(api(emu, LIST), data={
            "To": "+1", "From": "+2", "Body": "x", "ScheduleType": "fixed",
            "SendAt": at.isoformat()})
        no_type = client.post(api(emu, LIST), data={
            "To": "+1", "From": "+2", "Body": "x", "SendAt": at.isoformat()})
        not_iso = client.post(api(emu, LIST), data={**base, "SendAt": "tomorrow"})
    assert ok.status_code == 201 and ok.json()["status"] == "scheduled"
    assert_twilio_error(soon, 400, 35114)
    assert_twilio_error(far, 400, 35114)
    assert_twilio_error(missing, 400, 35111)
    assert_twilio_error(no_service, 400, 35118)
    assert "SendAt" in assert_twilio_error(no_type, 400, 20001)["message"]
    assert "SendAt" in assert_twilio_error(not_iso, 400, 20001)["message"]


@pytest.mark.parametrize("form, code", [
    ({"From": "+2", "Body": "x"}, 21604), ({"To": "+1", "Body": "x"}, 21603),
    ({"To": "+1", "From": "+2"}, 21602), ({"To": "+1", "From": "+2", "Body": "x" * 1601}, 21617),
    ({"To": "+1", "From": "+2", "MediaUrl": "not a url"}, 21620),
    ({"To": "+1", "From": "+2", "MediaUrl": [f"https://e.com/{i}" for i in range(11)]}, 20001),
    ({"To": "+1", "From": "+2", "Body": "x", "ContentSid": "HX1"}, 20001),
    ({"To": "+1", "From": "+2", "Body": "x", "ValidityPeriod": "0"}, 20001),
    ({"To": "+1", "From": "+2", "Body": "x", "Priority": "high"}, 20001),
    ({"To": "+1", "From": "+2", "Body": "x", "ProvideFeedback": "sure"}, 20001),
])
def test_bad_sends_are_400_and_add_nothing(emu: Emulator, form: dict[str, Any], code: int):
    before = len(emu.table(LIST))
    with http(emu) as client:
        response = client.post(api(emu, LIST), data=form)
    assert_twilio_error(response, 400, code)
    assert len(emu.table(LIST)) == before


def test_redaction_empties_the_body_and_only_that(emu: Emulator):
    message = next(m for m in emu.table(LIST) if m["status"] == "delivered" and m["body"])
    before = emu.now.replace(microsecond=0)
    with http(emu) as client:
        other = client.post(api(emu, ONE, Sid=message["sid"]), data={"Body": "new text"})
        redacted = client.post(api(emu, ONE, Sid=message["sid"]), data={"Body": ""})
        fetched = client.get(api(emu, ONE, Sid=message["sid"])).json()
    assert "Body" in assert_twilio_error(other, 400, 20001)["message"]
    assert redacted.status_code == 200 and redacted.json()["body"] == ""
    assert moment(redacted.json()["date_updated"]) >= before
    assert fetched == redacted.json()
    assert {k: v for k, v in fetched.items() if k not in ("body", "date_updated")} == \
        {k: v for k, v in message.items() if k not in ("body", "date_updated")}


def test_only_a_scheduled_message_can_be_canceled(emu: Emulator):
    messages = emu.table(LIST)
    scheduled = next(m for m in messages if m["status"] == "scheduled")
    delivered = next(m for m in messages if m["status"] == "delivered")
    with http(emu) as client:
        canceled = client.post(api(emu, ONE, Sid=scheduled["sid"]), data={"Status": "canceled"})
        refused = client.post(api(emu, ONE, Sid=delivered["sid"]), data={"Status": "canceled"})
        again = client.post(api(emu, ONE, Sid=scheduled["sid"]), data={"Status": "canceled"})
        other = client.post(api(emu, ONE, Sid=scheduled["sid"]), data={"Status": "sent"})
    assert canceled.status_code == 200 and canceled.json()["status"] == "canceled"
    assert "scheduled" in assert_twilio_error(refused, 400, 20001)["message"]
    assert_twilio_error(again, 400, 20001)
    assert "Status" in assert_twilio_error(other, 400, 20001)["message"]


def test_deleting_a_message_removes_it(emu: Emulator):
    message = emu.table(LIST)[10]
    with http(emu) as client:
        gone = client.delete(api(emu, ONE, Sid=message["sid"]))
        fetched = client.get(api(emu, ONE, Sid=message["sid"]))
    assert gone.status_code == 204 and gone.content == b""
    assert_twilio_error(fetched, 404, 20404)
    assert message["sid"] not in sids(emu.table(LIST))
