"""``/Messages.json`` and ``/Messages/{Sid}.json``.

List filters ``To``, ``From`` and ``DateSent`` (``=D`` during UTC day D, ``<`` at or before
D 00:00:00, ``>`` at or after D 00:00:00). Twilio serves the filters only within its retention
window: a ``DateSent`` range that reaches before the first day of the window (today less
``retention_days``, 400 by default), partly or wholly, is a 400 with code 20004, and messages
older than the window are served no more, in no list and by no fetch. A message that was
never sent (queued, scheduled, canceled, …) has a null ``date_sent`` and matches no DateSent
filter. Newest first by ``date_created`` then ``sid``.

Writes: create needs ``To``, one of ``From``/``MessagingServiceSid`` and one of
``Body``/``MediaUrl``/``ContentSid``; it is ``queued``, or ``scheduled`` with
``ScheduleType=fixed`` and ``SendAt`` (15 minutes to 35 days ahead, with a Messaging Service).
Update may only redact (``Body`` set to ``''``) or cancel (``Status=canceled``, only a
``scheduled`` message). Delete removes the record.
"""

from __future__ import annotations

import datetime as _dt
import math
from typing import Any

from ._paging import (
    DateWindow,
    all_of,
    date_window,
    list_answer,
    midnight,
    narrowing,
    text_filters,
    within,
)
from ._params import Bool, Float, Instant, Int, Kind, List, OneOf, Sid, Text, Url, read_form
from ._store import Store, shaped
from ._wire import ApiError, Request, Response, json_response, no_content, parse_stamp

__all__ = ["FIELDS", "LIST", "ONE", "STATUSES", "create", "delete", "fetch", "list_",
           "segments", "update", "view"]

LIST = "/Messages.json"
ONE = "/Messages/{Sid}.json"
STATUSES = ("queued", "sending", "sent", "failed", "delivered", "undelivered", "receiving",
            "received", "accepted", "scheduled", "read", "partially_delivered", "canceled")
FIELDS = ("body", "num_segments", "direction", "from", "to", "date_updated", "price",
          "error_message", "uri", "account_sid", "num_media", "status",
          "messaging_service_sid", "sid", "date_sent", "date_created", "error_code",
          "price_unit", "api_version", "subresource_uris")
_FILTERS = ("To", "From", "DateSent", "DateSent<", "DateSent>")
_DAY = 86400.0

UPDATE: dict[str, Kind] = {"Body": Text(), "Status": OneOf(("canceled",))}
CREATE: dict[str, Kind] = {
    "To": Text(), "StatusCallback": Url(), "ApplicationSid": Sid("AP"), "MaxPrice": Float(),
    "ProvideFeedback": Bool(), "Attempt": Int(1, 1000), "ValidityPeriod": Int(1, 36000),
    "ForceDelivery": Bool(), "ContentRetention": OneOf(("retain", "discard")),
    "AddressRetention": OneOf(("retain", "obfuscate")), "SmartEncoded": Bool(),
    "PersistentAction": List(Text()), "TrafficType": OneOf(("free",)), "ShortenUrls": Bool(),
    "ScheduleType": OneOf(("fixed",)), "SendAt": Instant(), "SendAsMms": Bool(),
    "ContentVariables": Text(), "RiskCheck": OneOf(("enable", "disable")), "From": Text(),
    "FallbackFrom": Text(), "MessagingServiceSid": Sid("MG"),
    "Body": Text(max_length=1600, code=21617), "MediaUrl": List(Url(21620), max_items=10),
    "ContentSid": Sid("HX"),
}


def segments(body: str) -> int:
    """How many SMS segments carry ``body``: 160 GSM-7 characters (153 when split), or 70
    UCS-2 ones (67 when split) once a character is outside ASCII."""
    single, split = (160, 153) if body.isascii() else (70, 67)
    return 1 if len(body) <= single else math.ceil(len(body) / split)


def view(store: Store, record: dict[str, Any]) -> dict[str, Any]:
    out = shaped(record, FIELDS)
    base = f"{store.base}/Messages/{record['sid']}"
    if "uri" not in record:
        out["uri"] = f"{base}.json"
    if "subresource_uris" not in record:
        out["subresource_uris"] = {"media": f"{base}/Media.json",
                                   "feedback": f"{base}/Feedback.json"}
    return out


def retention_start(store: Store) -> float:
    """The first instant of Twilio's retention window: 00:00:00 UTC, ``retention_days``
    before today."""
    today = _dt.datetime.fromtimestamp(store.now(), _dt.timezone.utc).date()
    return midnight(today - _dt.timedelta(days=store.retention_days))


def expired(store: Store, record: dict[str, Any]) -> bool:
    """Whether a message lies before the retention window: Twilio no longer serves it."""
    when = parse_stamp(record.get("date_sent") or record.get("date_created"))
    return when is not None and when < retention_start(store)


def _check_retention(store: Store, windows: list[DateWindow]) -> None:
    # Twilio refuses a range that reaches before the window at all ("partially or entirely
    # outside"), not only one wholly before it; a range with no lower bound is its default.
    start = retention_start(store)
    for w in windows:
        if (w.low is not None and w.low < start) or (
                w.high is not None and (w.high <= start if w.high_open else w.high < start)):
            raise ApiError(400, 20004, "Date range specified in query is partially or "
                           f"entirely outside of retention window of {store.retention_days} "
                           "days")


def list_(store: Store, request: Request) -> Response:
    query = request.query
    table = store.messages
    windows = date_window(query, "DateSent", instants=True)
    _check_retention(store, windows)
    keep = all_of([lambda key, r: not expired(store, r),
                   *text_filters(query, {"To": "to", "From": "from"}),
                   *within(table.stamp, "date_sent", windows)])
    return json_response(200, list_answer(
        request.path, "messages", query,
        lambda before: table.scan(before, keep, lambda r: view(store, r),
                                  narrowing("date_sent", windows)), _FILTERS))


def get(store: Store, request: Request) -> dict[str, Any]:
    record = store.messages.require(request.values["Sid"], request.path)
    if expired(store, record):
        raise ApiError(404, 20404, f"The requested resource {request.path} was not found")
    return record


def fetch(store: Store, request: Request) -> Response:
    return json_response(200, view(store, get(store, request)))


def _schedule(store: Store, form: dict[str, Any]) -> bool:
    if "ScheduleType" not in form:
        if "SendAt" in form:
            raise ApiError(400, 20001, "Invalid SendAt: a scheduled message needs "
                           "ScheduleType=fixed")
        return False
    if "SendAt" not in form:
        raise ApiError(400, 35111, "SendAt is required to schedule a message")
    if "MessagingServiceSid" not in form:
        raise ApiError(400, 35118, "MessagingServiceSid is required to schedule a message")
    ahead = form["SendAt"].timestamp() - store.now()
    if not 900 <= ahead <= 35 * _DAY:
        raise ApiError(400, 35114, "Invalid SendAt: a message can be scheduled from 15 "
                       "minutes to 35 days ahead")
    return True


def create(store: Store, request: Request) -> Response:
    form = read_form(request.form, CREATE, {"To": 21604})
    if not (form.get("From") or form.get("MessagingServiceSid")):
        raise ApiError(400, 21603, "A 'From' phone number or a MessagingServiceSid is "
                       "required")
    if not (form.get("Body") or form.get("MediaUrl") or form.get("ContentSid")):
        raise ApiError(400, 21602, "Message body is required: give Body, MediaUrl or "
                       "ContentSid")
    scheduled = _schedule(store, form)
    media = form.get("MediaUrl", [])
    body = form.get("Body", "")
    now = store.now_text()
    record = {
        "body": body, "num_segments": str(segments(body) if body else 1),
        "direction": "outbound-api", "from": form.get("From"), "to": form["To"],
        "date_updated": now, "price": None, "error_message": None,
        "account_sid": store.account_sid, "num_media": str(len(media)),
        "status": "scheduled" if scheduled else "queued",
        "messaging_service_sid": form.get("MessagingServiceSid"),
        "sid": store.new_sid("MM" if media else "SM"), "date_sent": None,
        "date_created": now, "error_code": None, "price_unit": "USD",
        "api_version": "2010-04-01",
    }
    store.messages.add(record)
    store.changed()
    return json_response(201, view(store, record))


def update(store: Store, request: Request) -> Response:
    record = get(store, request)
    form = read_form(request.form, UPDATE)
    if "Body" in form and form["Body"] != "":
        raise ApiError(400, 20001, "Invalid Body: a message's body can only be redacted, "
                       "that is set to ''")
    if "Status" in form and record.get("status") != "scheduled":
        raise ApiError(400, 20001, f"Invalid Status: message {record['sid']} is "
                       f"{record.get('status')}; only a scheduled message can be canceled")
    changed = False
    if "Body" in form and record.get("body") != "":
        record["body"] = ""
        changed = True
    if "Status" in form:
        record["status"] = "canceled"
        changed = True
    if changed:
        record["date_updated"] = store.now_text()
        store.messages.touch(record["sid"])
        store.changed()
    return json_response(200, view(store, record))


def delete(store: Store, request: Request) -> Response:
    record = get(store, request)
    store.messages.remove(record["sid"])
    store.changed()
    return no_content()
