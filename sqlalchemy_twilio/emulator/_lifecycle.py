"""What one change does to linked records, in one place: a call ending, a participant leaving,
a conference ending, a recording finishing.

Twilio's rules kept here: participants exist only while their conference is not completed;
a conference ends when its last participant leaves or is kicked, or when a participant with
``end_conference_on_exit`` does; ending it removes the participants and hangs up their calls;
recordings outlive their conference and call, and are completed when those end.
"""

from __future__ import annotations

from typing import Any

from ._store import Store
from ._wire import format_stamp

__all__ = ["end_call", "end_conference", "finish_recordings", "leave_conference",
           "LIVE_CALL", "RECORDING_LIVE"]

LIVE_CALL = ("queued", "ringing", "in-progress")
RECORDING_LIVE = ("in-progress", "paused", "stopped")


def finish_recordings(store: Store, *, conference_sid: str | None = None,
                      call_sid: str | None = None) -> None:
    """Complete the recordings still running in a conference that ended (or, without
    ``conference_sid``, the call's own recordings outside any conference)."""
    now = store.now()
    for sid, record in list(store.recordings.rows.items()):
        if record.get("status") not in RECORDING_LIVE or sid in store.deleted:
            continue
        if conference_sid is not None:
            if record.get("conference_sid") != conference_sid:
                continue
        elif record.get("call_sid") != call_sid or record.get("conference_sid"):
            continue
        if record["status"] != "stopped":
            start = store.recordings.stamp("start_time", sid) or now
            record["duration"] = str(max(int(now - start), 0))
        record["status"] = "completed"
        record["date_updated"] = format_stamp(now)
        store.recordings.touch(sid)
    store.changed()


def end_call(store: Store, sid: str, status: str = "completed") -> None:
    """A live call ends: ``completed`` (hung up) or ``canceled`` (before it was answered)."""
    call = store.calls.get(sid)
    if call is None or call.get("status") not in LIVE_CALL:
        return
    now = store.now()
    if status == "completed":
        start = store.calls.stamp("start_time", sid)
        if start is None:
            start = now
            call["start_time"] = format_stamp(now)
        call["end_time"] = format_stamp(now)
        call["duration"] = str(max(int(now - start), 0))
    call["status"] = status
    call["date_updated"] = format_stamp(now)
    store.calls.touch(sid)
    finish_recordings(store, call_sid=sid)


def end_conference(store: Store, sid: str, reason: str, call_sid: str | None) -> dict[str, Any]:
    """Complete a conference: its participants leave (their calls hang up) and its running
    recordings are completed."""
    conference = store.conferences.rows[sid]
    if conference.get("status") == "completed":
        return conference
    conference["status"] = "completed"
    conference["reason_conference_ended"] = reason
    conference["call_sid_ending_conference"] = call_sid
    conference["date_updated"] = store.now_text()
    store.conferences.touch(sid)
    for key in [k for k, p in store.participants.rows.items() if p["conference_sid"] == sid]:
        store.participants.remove(key)
        end_call(store, key)
    finish_recordings(store, conference_sid=sid)
    return conference


def leave_conference(store: Store, call_sid: str, *, kicked: bool,
                     call_status: str = "completed") -> None:
    """A participant leaves (its call ``completed`` or ``canceled``) or is kicked; the
    conference ends if that was its last participant or one with ``end_conference_on_exit``."""
    participant = store.participants.remove(call_sid)
    end_call(store, call_sid, call_status)
    conference_sid = participant["conference_sid"]
    how = "kicked" if kicked else "left"
    if participant.get("end_conference_on_exit"):
        end_conference(store, conference_sid,
                       f"participant-with-end-conference-on-exit-{how}", call_sid)
    elif not any(p["conference_sid"] == conference_sid
                 for p in store.participants.rows.values()):
        end_conference(store, conference_sid, f"last-participant-{how}", None)
