"""Recordings, one store served three ways: the account's ``/Recordings.json``, a
conference's ``/Conferences/{ConferenceSid}/Recordings.json`` and a call's
``/Calls/{CallSid}/Recordings.json``, each with its own record shape from Twilio's spec.

A conference recording has ``conference_sid`` set and appears both under its conference and
in the account's list (and under its ``call_sid``'s call); a call's own recording has a null
``conference_sid``. Deleting one through any path removes it from every list; Twilio keeps the
metadata of a deleted recording for 40 days, so ``/Recordings.json`` (list and fetch) shows it
again, with status ``deleted``, when asked ``IncludeSoftDeleted=true``. Recordings outlive
their conference and call.

Filters: ``DateCreated`` (``<``/``>``: at or before / at or after D 00:00:00 UTC) on every
list, plus ``CallSid``, ``ConferenceSid`` and ``IncludeSoftDeleted`` on the account's. Newest
first by ``date_created`` then ``sid``. Status updates (``in-progress``, ``paused``,
``stopped``; ``PauseBehavior`` with ``paused`` only) apply to an ``in-progress`` or ``paused``
recording; any other is a 400. ``Twilio.CURRENT`` names the live recording of the
conference or call. A call's list also takes POST: a new recording of an in-progress call.
The ``uri`` of a recording is always that of the path it is served under.
"""

from __future__ import annotations

from typing import Any

from ._paging import (
    Check,
    all_of,
    date_window,
    equals,
    list_answer,
    narrowing,
    text_filters,
    within,
)
from ._params import METHOD, Bool, Kind, List, OneOf, Sid, Url, read_form, read_query
from ._store import Store
from ._wire import ApiError, Request, Response, json_response, no_content, not_found

__all__ = ["ACCOUNT_LIST", "ACCOUNT_ONE", "CALL_LIST", "CALL_ONE", "CONFERENCE_LIST",
           "CONFERENCE_ONE", "FIELDS"]

ACCOUNT_LIST = "/Recordings.json"
ACCOUNT_ONE = "/Recordings/{Sid}.json"
CONFERENCE_LIST = "/Conferences/{ConferenceSid}/Recordings.json"
CONFERENCE_ONE = "/Conferences/{ConferenceSid}/Recordings/{Sid}.json"
CALL_LIST = "/Calls/{CallSid}/Recordings.json"
CALL_ONE = "/Calls/{CallSid}/Recordings/{Sid}.json"

STATUSES = ("in-progress", "paused", "stopped", "processing", "completed", "absent")
_COMMON = ("account_sid", "api_version", "call_sid", "conference_sid", "date_created",
           "date_updated", "start_time", "duration", "sid", "price", "price_unit", "status",
           "channels", "source", "error_code", "encryption_details", "uri")
FIELDS = {
    "account": (*_COMMON, "subresource_uris", "media_url"),
    "conference": _COMMON,
    "call": (*_COMMON, "track"),
}
_FILTERS = ("DateCreated", "DateCreated<", "DateCreated>")
_ACCOUNT_FILTERS = (*_FILTERS, "CallSid", "ConferenceSid", "IncludeSoftDeleted")
UPDATE: dict[str, Kind] = {"Status": OneOf(("in-progress", "paused", "stopped")),
                           "PauseBehavior": OneOf(("skip", "silence"))}
CREATE: dict[str, Kind] = {
    "RecordingStatusCallbackEvent": List(OneOf(("in-progress", "completed", "absent"))),
    "RecordingStatusCallback": Url(), "RecordingStatusCallbackMethod": METHOD,
    "Trim": OneOf(("trim-silence", "do-not-trim")),
    "RecordingChannels": OneOf(("mono", "dual")),
    "RecordingTrack": OneOf(("inbound", "outbound", "both")),
}
_CURRENT = "Twilio.CURRENT"


def view(store: Store, record: dict[str, Any], kind: str) -> dict[str, Any]:
    out = {f: record.get(f) for f in FIELDS[kind]}
    sid = record["sid"]
    if kind == "account":
        out["uri"] = f"{store.base}/Recordings/{sid}.json"
        if "subresource_uris" not in record:
            out["subresource_uris"] = {
                "add_on_results": f"{store.base}/Recordings/{sid}/AddOnResults.json",
                "transcriptions": f"{store.base}/Recordings/{sid}/Transcriptions.json"}
        if "media_url" not in record:
            out["media_url"] = f"https://api.twilio.com{store.base}/Recordings/{sid}"
        if sid in store.deleted:
            out["status"] = "deleted"
    elif kind == "conference":
        out["uri"] = f"{store.base}/Conferences/{record['conference_sid']}/Recordings/{sid}.json"
    else:
        out["uri"] = f"{store.base}/Calls/{record['call_sid']}/Recordings/{sid}.json"
        if "track" not in record:
            out["track"] = "both"
    return out


def _list(store: Store, request: Request, kind: str, checks: list[Check],
          echo: tuple[str, ...], deleted_too: bool = False) -> Response:
    table = store.recordings
    if not deleted_too:
        checks = [lambda key, _record: key not in store.deleted, *checks]
    created = date_window(request.query, "DateCreated")
    keep = all_of([*checks, *within(table.stamp, "date_created", created)])
    hint = narrowing("date_created", created)
    return json_response(200, list_answer(
        request.path, "recordings", request.query,
        lambda before: table.scan(before, keep, lambda r: view(store, r, kind), hint), echo))


def _parent(store: Store, request: Request, name: str) -> str:
    table = store.conferences if name == "ConferenceSid" else store.calls
    sid = request.values[name]
    if sid not in table:
        raise not_found(request.path)
    return sid


def list_conference(store: Store, request: Request) -> Response:
    conference = _parent(store, request, "ConferenceSid")
    return _list(store, request, "conference", [equals("conference_sid", conference)],
                 _FILTERS)


def list_call(store: Store, request: Request) -> Response:
    call = _parent(store, request, "CallSid")
    return _list(store, request, "call", [equals("call_sid", call)], _FILTERS)


def list_account(store: Store, request: Request) -> Response:
    query = request.query
    read_query(query, "CallSid", Sid("CA"))
    read_query(query, "ConferenceSid", Sid("CF"))
    deleted_too = bool(read_query(query, "IncludeSoftDeleted", Bool()))
    checks = text_filters(query, {"CallSid": "call_sid", "ConferenceSid": "conference_sid"})
    return _list(store, request, "account", checks, _ACCOUNT_FILTERS, deleted_too)


def _find(store: Store, request: Request, parent: str | None) -> dict[str, Any]:
    """The recording a path names, under its parent (``ConferenceSid`` or ``CallSid``)."""
    owner = _parent(store, request, parent) if parent else None
    field = {"ConferenceSid": "conference_sid", "CallSid": "call_sid"}.get(parent or "")
    sid = request.values["Sid"]
    if sid == _CURRENT and field:
        record = next((r for r in store.recordings.all()
                       if r.get(field) == owner and r.get("status") in ("in-progress", "paused")
                       and r["sid"] not in store.deleted), None)
    else:
        record = store.recordings.get(sid)
    if record is None or (field and record.get(field) != owner):
        raise not_found(request.path)
    if record["sid"] in store.deleted and not (
            parent is None and read_query(request.query, "IncludeSoftDeleted", Bool())):
        raise not_found(request.path)
    return record


def fetch_conference(store: Store, request: Request) -> Response:
    return json_response(200, view(store, _find(store, request, "ConferenceSid"), "conference"))


def fetch_call(store: Store, request: Request) -> Response:
    return json_response(200, view(store, _find(store, request, "CallSid"), "call"))


def fetch_account(store: Store, request: Request) -> Response:
    read_query(request.query, "IncludeSoftDeleted", Bool())
    return json_response(200, view(store, _find(store, request, None), "account"))


def _update(store: Store, request: Request, parent: str, kind: str) -> Response:
    record = _find(store, request, parent)
    form = read_form(request.form, UPDATE, {"Status": 20001})
    status, current = form["Status"], record.get("status")
    if "PauseBehavior" in form and status != "paused":
        raise ApiError(400, 20001, "Invalid PauseBehavior: it applies only with "
                       "Status=paused")
    if current not in ("in-progress", "paused"):
        raise ApiError(400, 20001, f"Invalid Status: recording {record['sid']} is {current}; "
                       "only an in-progress or paused recording can change")
    if status != current:
        now = store.now()
        if status == "stopped":
            start = store.recordings.stamp("start_time", record["sid"]) or now
            record["duration"] = str(max(int(now - start), 0))
        record["status"] = status
        record["date_updated"] = store.now_text()
        store.recordings.touch(record["sid"])
        store.changed()
    return json_response(200, view(store, record, kind))


def update_conference(store: Store, request: Request) -> Response:
    return _update(store, request, "ConferenceSid", "conference")


def update_call(store: Store, request: Request) -> Response:
    return _update(store, request, "CallSid", "call")


def _delete(store: Store, request: Request, parent: str | None) -> Response:
    record = _find(store, request, parent)
    store.deleted.add(record["sid"])
    store.changed()
    return no_content()


def delete_conference(store: Store, request: Request) -> Response:
    return _delete(store, request, "ConferenceSid")


def delete_call(store: Store, request: Request) -> Response:
    return _delete(store, request, "CallSid")


def delete_account(store: Store, request: Request) -> Response:
    return _delete(store, request, None)


def create_call(store: Store, request: Request) -> Response:
    call_sid = _parent(store, request, "CallSid")
    form = read_form(request.form, CREATE)
    call = store.calls.rows[call_sid]
    if call.get("status") != "in-progress":
        raise ApiError(400, 21220, f"Call {call_sid} is {call.get('status')}: only an "
                       "in-progress call can be recorded")
    now = store.now_text()
    record = {
        "account_sid": store.account_sid, "api_version": "2010-04-01", "call_sid": call_sid,
        "conference_sid": None, "date_created": now, "date_updated": now, "start_time": now,
        "duration": None, "sid": store.new_sid("RE"), "price": None, "price_unit": None,
        "status": "in-progress",
        "channels": 2 if form.get("RecordingChannels") == "dual" else 1,
        "source": "StartCallRecordingAPI", "error_code": None, "encryption_details": None,
        "track": form.get("RecordingTrack", "both"),
    }
    store.recordings.add(record)
    store.changed()
    return json_response(201, view(store, record, "call"))
