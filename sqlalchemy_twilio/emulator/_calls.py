"""``/Calls.json`` and ``/Calls/{Sid}.json``.

List filters ``To``, ``From``, ``ParentCallSid``, ``Status`` and the day filters
``StartTime``/``EndTime`` with their ``<``/``>`` forms (values ``YYYY-MM-DD`` only), read
strictly from the spec's words: ``StartTime=D`` is during UTC day D, ``StartTime>`` "on or
after this date" is at or after D 00:00:00, and ``StartTime<`` "before this date" is strictly
before D 00:00:00; the same for ``EndTime``. A call that has not started (or not ended) has a
null ``start_time`` (``end_time``) and matches no such filter. Newest first by
``date_created`` then ``sid``.

Writes: create needs ``To``, ``From`` and one of ``Url``, ``Twiml``, ``ApplicationSid`` and
places a ``queued`` call. Update: ``Status=completed`` hangs up a live call (queued, ringing
or in-progress; ending a call that already ended changes nothing), ``Status=canceled``
cancels a queued or ringing one (anything else is a 400, 21220), ``Url``/``Twiml`` redirect a
live call (21220 once it ended). A call that is a conference participant's leg leaves its
conference when it ends. Delete removes an ended call's record (a live call: 400, 21220).
"""

from __future__ import annotations

from typing import Any

from ._lifecycle import LIVE_CALL, end_call, leave_conference
from ._paging import all_of, date_window, list_answer, narrowing, text_filters, within
from ._params import METHOD, Bool, Int, Kind, List, OneOf, Sid, Text, Url, read_form, read_query
from ._store import Store, shaped
from ._wire import ApiError, Request, Response, json_response, no_content

__all__ = ["FIELDS", "LIST", "ONE", "STATUSES", "create", "delete", "fetch", "formatted",
           "list_", "new_call", "update", "view"]

LIST = "/Calls.json"
ONE = "/Calls/{Sid}.json"
STATUSES = ("queued", "ringing", "in-progress", "completed", "busy", "failed", "no-answer",
            "canceled")
FIELDS = ("sid", "date_created", "date_updated", "parent_call_sid", "account_sid", "to",
          "to_formatted", "from", "from_formatted", "phone_number_sid", "status",
          "start_time", "end_time", "duration", "price", "price_unit", "direction",
          "answered_by", "api_version", "forwarded_from", "group_sid", "caller_name",
          "queue_time", "trunk_sid", "uri", "subresource_uris")
SUBRESOURCES = ("notifications", "recordings", "payments", "events", "siprec", "streams",
                "transcriptions", "user_defined_message_subscriptions",
                "user_defined_messages")
_FILTERS = ("To", "From", "ParentCallSid", "Status", "StartTime", "StartTime<", "StartTime>",
            "EndTime", "EndTime<", "EndTime>")
_STATE = 21220  # Twilio: "Invalid call state for the given operation"

UPDATE: dict[str, Kind] = {
    "Url": Url(21205), "Method": METHOD, "Status": OneOf(("canceled", "completed")),
    "FallbackUrl": Url(), "FallbackMethod": METHOD, "StatusCallback": Url(),
    "StatusCallbackMethod": METHOD, "Twiml": Text(max_length=4000), "TimeLimit": Int(1, 86400),
}
CREATE: dict[str, Kind] = {
    "To": Text(), "From": Text(), "Method": METHOD, "FallbackUrl": Url(),
    "FallbackMethod": METHOD, "StatusCallback": Url(),
    "StatusCallbackEvent": List(OneOf(("initiated", "ringing", "answered", "completed"))),
    "StatusCallbackMethod": METHOD, "SendDigits": Text(max_length=32),
    "Timeout": Int(1, 600), "Record": Bool(), "RecordingChannels": OneOf(("mono", "dual")),
    "RecordingStatusCallback": Url(), "RecordingStatusCallbackMethod": METHOD,
    "SipAuthUsername": Text(), "SipAuthPassword": Text(),
    "MachineDetection": OneOf(("Enable", "DetectMessageEnd")),
    "MachineDetectionTimeout": Int(3, 59),
    "RecordingStatusCallbackEvent": List(OneOf(("in-progress", "completed", "absent"))),
    "Trim": OneOf(("trim-silence", "do-not-trim")), "CallerId": Text(),
    "MachineDetectionSpeechThreshold": Int(1000, 6000),
    "MachineDetectionSpeechEndThreshold": Int(500, 5000),
    "MachineDetectionSilenceTimeout": Int(2000, 10000), "AsyncAmd": OneOf(("true", "false")),
    "AsyncAmdStatusCallback": Url(), "AsyncAmdStatusCallbackMethod": METHOD,
    "Byoc": Sid("BY"), "CallReason": Text(max_length=255), "CallToken": Text(),
    "RecordingTrack": OneOf(("inbound", "outbound", "both")), "TimeLimit": Int(1, 86400),
    "ClientNotificationUrl": Url(), "Url": Url(21205), "Twiml": Text(max_length=4000),
    "ApplicationSid": Sid("AP"),
}


def formatted(number: str | None) -> str | None:
    """A number formatted for display as Twilio does: ``(415) 867-5309`` in North America,
    E.164 elsewhere, anything else (a client, a SIP address) as it is."""
    if number and len(number) == 12 and number.startswith("+1") and number[1:].isdigit():
        return f"({number[2:5]}) {number[5:8]}-{number[8:]}"
    return number


def view(store: Store, record: dict[str, Any]) -> dict[str, Any]:
    out = shaped(record, FIELDS)
    base = f"{store.base}/Calls/{record['sid']}"
    if "uri" not in record:
        out["uri"] = f"{base}.json"
    if "subresource_uris" not in record:
        out["subresource_uris"] = {name: f"{base}/{''.join(w.title() for w in name.split('_'))}"
                                   ".json" for name in SUBRESOURCES}
    for side in ("to", "from"):
        if f"{side}_formatted" not in record:
            out[f"{side}_formatted"] = formatted(record.get(side))
    return out


def list_(store: Store, request: Request) -> Response:
    query = request.query
    read_query(query, "Status", OneOf(STATUSES))
    read_query(query, "ParentCallSid", Sid("CA"))
    table = store.calls
    started = date_window(query, "StartTime", before_open=True, instants=True)
    ended = date_window(query, "EndTime", before_open=True, instants=True)
    keep = all_of([
        *text_filters(query, {"To": "to", "From": "from", "Status": "status",
                              "ParentCallSid": "parent_call_sid"}),
        *within(table.stamp, "start_time", started),
        *within(table.stamp, "end_time", ended)])
    hint = narrowing("start_time", started) or narrowing("end_time", ended)
    return json_response(200, list_answer(
        request.path, "calls", query,
        lambda before: table.scan(before, keep, lambda r: view(store, r), hint), _FILTERS))


def get(store: Store, request: Request) -> dict[str, Any]:
    return store.calls.require(request.values["Sid"], request.path)


def fetch(store: Store, request: Request) -> Response:
    return json_response(200, view(store, get(store, request)))


def new_call(store: Store, *, to: str, from_: str, direction: str = "outbound-api"
             ) -> dict[str, Any]:
    """A call Twilio has just placed: ``queued``, not yet started."""
    now = store.now_text()
    record = {
        "sid": store.new_sid("CA"), "date_created": now, "date_updated": now,
        "parent_call_sid": None, "account_sid": store.account_sid, "to": to,
        "from": from_, "phone_number_sid": None, "status": "queued", "start_time": None,
        "end_time": None, "duration": None, "price": None, "price_unit": "USD",
        "direction": direction, "answered_by": None, "api_version": "2010-04-01",
        "forwarded_from": None, "group_sid": None, "caller_name": None, "queue_time": "0",
        "trunk_sid": None,
    }
    store.calls.add(record)
    store.changed()
    return record


def create(store: Store, request: Request) -> Response:
    form = read_form(request.form, CREATE, {"To": 21201, "From": 21213})
    if not any(form.get(k) for k in ("Url", "Twiml", "ApplicationSid")):
        raise ApiError(400, 21205, "Url, Twiml or ApplicationSid is required: what the call "
                       "does when it connects")
    record = new_call(store, to=form["To"], from_=form["From"])
    return json_response(201, view(store, record))


def hang_up(store: Store, sid: str, status: str) -> None:
    """End a live call; a conference leg leaves its conference."""
    if sid in store.participants:
        leave_conference(store, sid, kicked=False, call_status=status)
    else:
        end_call(store, sid, status)
    store.changed()


def update(store: Store, request: Request) -> Response:
    record = get(store, request)
    form = read_form(request.form, UPDATE)
    sid, state = record["sid"], record.get("status")
    if form.get("Url") and form.get("Twiml"):
        raise ApiError(400, 20001, "Url and Twiml are mutually exclusive")
    if (form.get("Url") or form.get("Twiml")) and state not in LIVE_CALL:
        raise ApiError(400, _STATE, f"Call {sid} is {state}: only a live call can be "
                       "redirected")
    status = form.get("Status")
    if status == "canceled":
        if state not in ("queued", "ringing"):
            raise ApiError(400, _STATE, f"Call {sid} is {state}: only a queued or ringing "
                           "call can be canceled")
        hang_up(store, sid, "canceled")
    elif status == "completed" and state in LIVE_CALL:
        hang_up(store, sid, "completed")
    elif form and status is None and state in LIVE_CALL:
        record["date_updated"] = store.now_text()
        store.calls.touch(sid)
    return json_response(200, view(store, record))


def delete(store: Store, request: Request) -> Response:
    record = get(store, request)
    if record.get("status") in LIVE_CALL:
        raise ApiError(400, _STATE, f"Call {record['sid']} is {record['status']}: hang it up "
                       "before deleting its record")
    store.calls.remove(record["sid"])
    store.changed()
    return no_content()
