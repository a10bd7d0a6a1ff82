"""``/Conferences/{ConferenceSid}/Participants.json`` and ``.../Participants/{CallSid}.json``.

Participants exist only while their conference is not completed ("this resource does not
return historical participant logs"): a completed conference lists none. The instance path
takes the participant's call SID or its label. List filters ``Muted``, ``Hold``, ``Coaching``;
newest first by ``date_created`` then ``call_sid``.

Writes: create (From and To required) places a new call (status ``queued``, also in Calls) and
adds a ``queued`` participant; ``queue_time`` is sent only in that create answer, as Twilio
documents. Update changes ``muted``, ``hold``, ``end_conference_on_exit``, ``coaching`` and
``call_sid_to_coach`` (``Coaching=true`` needs a ``CallSidToCoach`` naming another
participant of the same conference). Delete kicks: the participant's call is hung up, and
the conference ends if it was the last participant (``last-participant-kicked``) or had
``end_conference_on_exit`` (``participant-with-end-conference-on-exit-kicked``).
"""

from __future__ import annotations

from typing import Any

from ._calls import new_call
from ._lifecycle import leave_conference
from ._paging import all_of, equals, list_answer
from ._params import METHOD, Bool, Int, Kind, List, OneOf, Sid, Text, Url, read_form, read_query
from ._store import Store, shaped
from ._wire import ApiError, Request, Response, json_response, no_content, not_found

__all__ = ["FIELDS", "LIST", "ONE", "create", "delete", "fetch", "list_", "update", "view"]

LIST = "/Conferences/{ConferenceSid}/Participants.json"
ONE = "/Conferences/{ConferenceSid}/Participants/{CallSid}.json"
STATUSES = ("queued", "connecting", "ringing", "connected", "complete", "failed")
FIELDS = ("account_sid", "call_sid", "label", "call_sid_to_coach", "coaching",
          "conference_sid", "date_created", "date_updated", "end_conference_on_exit",
          "muted", "hold", "start_conference_on_enter", "status", "queue_time", "uri")
_FILTERS = ("Muted", "Hold", "Coaching")

UPDATE: dict[str, Kind] = {
    "Muted": Bool(), "Hold": Bool(), "HoldUrl": Url(), "HoldMethod": METHOD,
    "AnnounceUrl": Url(), "AnnounceMethod": METHOD, "WaitUrl": Url(), "WaitMethod": METHOD,
    "BeepOnExit": Bool(), "EndConferenceOnExit": Bool(), "Coaching": Bool(),
    "CallSidToCoach": Sid("CA"),
}
_EVENTS = OneOf(("initiated", "ringing", "answered", "completed"))
CREATE: dict[str, Kind] = {
    "From": Text(), "To": Text(), "StatusCallback": Url(), "StatusCallbackMethod": METHOD,
    "StatusCallbackEvent": List(_EVENTS), "Label": Text(max_length=128),
    "Timeout": Int(5, 600), "Record": Bool(), "Muted": Bool(),
    "Beep": OneOf(("true", "false", "onEnter", "onExit")),
    "StartConferenceOnEnter": Bool(), "EndConferenceOnExit": Bool(), "WaitUrl": Url(),
    "WaitMethod": METHOD, "EarlyMedia": Bool(), "MaxParticipants": Int(2, 250),
    "ConferenceRecord": OneOf(("true", "false", "record-from-start", "do-not-record")),
    "ConferenceTrim": OneOf(("trim-silence", "do-not-trim")),
    "ConferenceStatusCallback": Url(), "ConferenceStatusCallbackMethod": METHOD,
    "ConferenceStatusCallbackEvent": List(OneOf(
        ("start", "end", "join", "leave", "mute", "hold", "modify", "speaker",
         "announcement"))),
    "RecordingChannels": OneOf(("mono", "dual")), "RecordingStatusCallback": Url(),
    "RecordingStatusCallbackMethod": METHOD, "SipAuthUsername": Text(),
    "SipAuthPassword": Text(), "Region": OneOf(("us1", "us2", "ie1", "de1", "sg1", "br1",
                                                "au1", "jp1")),
    "ConferenceRecordingStatusCallback": Url(),
    "ConferenceRecordingStatusCallbackMethod": METHOD,
    "RecordingStatusCallbackEvent": List(OneOf(
        ("started", "in-progress", "paused", "resumed", "stopped", "completed", "failed",
         "absent"))),
    "ConferenceRecordingStatusCallbackEvent": List(OneOf(
        ("in-progress", "completed", "failed", "absent"))),
    "Coaching": Bool(), "CallSidToCoach": Sid("CA"),
    "JitterBufferSize": OneOf(("off", "small", "medium", "large")), "Byoc": Sid("BY"),
    "CallerId": Text(), "CallReason": Text(max_length=255),
    "RecordingTrack": OneOf(("inbound", "outbound", "both")), "TimeLimit": Int(1, 86400),
    "MachineDetection": OneOf(("Enable", "DetectMessageEnd")),
    "MachineDetectionTimeout": Int(3, 59), "MachineDetectionSpeechThreshold": Int(1000, 6000),
    "MachineDetectionSpeechEndThreshold": Int(500, 5000),
    "MachineDetectionSilenceTimeout": Int(2000, 10000), "AmdStatusCallback": Url(),
    "AmdStatusCallbackMethod": METHOD, "Trim": OneOf(("trim-silence", "do-not-trim")),
    "CallToken": Text(), "ClientNotificationUrl": Url(),
    "CallerDisplayName": Text(max_length=255),
}


def view(store: Store, record: dict[str, Any]) -> dict[str, Any]:
    out = shaped(record, FIELDS)
    if not record.get("uri"):
        out["uri"] = (f"{store.base}/Conferences/{record['conference_sid']}/Participants/"
                      f"{record['call_sid']}.json")
    return out


def _conference(store: Store, request: Request) -> dict[str, Any]:
    conference = store.conferences.get(request.values["ConferenceSid"])
    if conference is None:
        raise not_found(request.path)
    return conference


def list_(store: Store, request: Request) -> Response:
    query = request.query
    conference_sid = _conference(store, request)["sid"]
    wanted = {f.lower(): v for f in _FILTERS
              if (v := read_query(query, f, Bool())) is not None}
    keep = all_of([equals("conference_sid", conference_sid),
                   *(equals(field, value) for field, value in wanted.items())])
    table = store.participants
    return json_response(200, list_answer(
        request.path, "participants", query,
        lambda before: table.scan(before, keep, lambda r: view(store, r)), _FILTERS))


def find(store: Store, request: Request) -> dict[str, Any]:
    """The participant a path names by call SID or label."""
    conference_sid = _conference(store, request)["sid"]
    ref = request.values["CallSid"]
    record = store.participants.get(ref)
    if record is None or record["conference_sid"] != conference_sid:
        record = next((p for p in store.participants.rows.values()
                       if p["conference_sid"] == conference_sid and p.get("label") == ref),
                      None)
    if record is None:
        raise not_found(request.path)
    return record


def fetch(store: Store, request: Request) -> Response:
    return json_response(200, view(store, find(store, request)))


def _coach_target(store: Store, conference_sid: str, coach: str, target: str) -> None:
    other = store.participants.get(target)
    if other is None or other["conference_sid"] != conference_sid:
        raise ApiError(400, 20001, f"Invalid CallSidToCoach: {target} is not a participant "
                       f"of conference {conference_sid}")
    if target == coach:
        raise ApiError(400, 20001, "Invalid CallSidToCoach: a participant cannot coach itself")


def _coaching(store: Store, conference_sid: str, call_sid: str | None,
              form: dict[str, Any], current: tuple[bool, str | None]
              ) -> tuple[bool, str | None]:
    """The (coaching, call_sid_to_coach) a write asks for, checked (a write that names
    neither keeps the current pair as it is)."""
    if "CallSidToCoach" not in form and "Coaching" not in form:
        return current
    coaching, target = current
    if "CallSidToCoach" in form:
        target = form["CallSidToCoach"]
        coaching = form.get("Coaching", True)
    elif "Coaching" in form:
        coaching = form["Coaching"]
    if not coaching:
        if "CallSidToCoach" in form:
            raise ApiError(400, 20001, "Invalid Coaching: CallSidToCoach names a call to "
                           "coach, so Coaching cannot be false")
        return False, None
    if target is None:
        raise ApiError(400, 20001, "Invalid Coaching: Coaching=true needs CallSidToCoach, "
                       "the call SID of a participant of the same conference")
    _coach_target(store, conference_sid, call_sid or "", target)
    return True, target


def update(store: Store, request: Request) -> Response:
    record = find(store, request)
    form = read_form(request.form, UPDATE)
    coaching = _coaching(store, record["conference_sid"], record["call_sid"], form,
                         (bool(record.get("coaching")), record.get("call_sid_to_coach")))
    changes = {"coaching": coaching[0], "call_sid_to_coach": coaching[1]}
    for param, name in (("Muted", "muted"), ("Hold", "hold"),
                        ("EndConferenceOnExit", "end_conference_on_exit")):
        if param in form:
            changes[name] = form[param]
    if any(record.get(k) != v for k, v in changes.items()):
        record.update(changes)
        record["date_updated"] = store.now_text()
        store.participants.touch(record["call_sid"])
    return json_response(200, view(store, record))


def delete(store: Store, request: Request) -> Response:
    record = find(store, request)
    leave_conference(store, record["call_sid"], kicked=True)
    return no_content()


def create(store: Store, request: Request) -> Response:
    conference = _conference(store, request)
    form = read_form(request.form, CREATE, {"To": 21604, "From": 21603})
    sid = conference["sid"]
    if conference.get("status") == "completed":
        raise ApiError(400, 20001, f"Conference {sid} is completed: participants can only "
                       "be added to a conference that has not ended")
    label = form.get("Label")
    if label and any(p["conference_sid"] == sid and p.get("label") == label
                     for p in store.participants.rows.values()):
        raise ApiError(400, 20001, f"Invalid Label: {label!r} is already the label of a "
                       "participant of this conference")
    coaching, target = _coaching(store, sid, None, form, (False, None))
    call = new_call(store, to=form["To"], from_=form.get("CallerId") or form["From"])
    now = call["date_created"]
    record = {
        "account_sid": store.account_sid, "call_sid": call["sid"], "label": label or None,
        "call_sid_to_coach": target, "coaching": coaching, "conference_sid": sid,
        "date_created": now, "date_updated": now,
        "end_conference_on_exit": form.get("EndConferenceOnExit", False),
        "muted": form.get("Muted", False), "hold": False,
        "start_conference_on_enter": form.get("StartConferenceOnEnter", True),
        "status": "queued", "queue_time": None,
    }
    store.participants.add(record)
    answer = view(store, record)
    answer["queue_time"] = "0"
    return json_response(201, answer)
