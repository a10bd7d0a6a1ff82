"""Deterministic sample data for every table but Conferences (``_data.generate`` makes those),
linked to the conferences given.

For a seed and the data's last instant ``end``:

- live (``init``/``in-progress``) conferences have 1–5 participants, some muted, on hold,
  coaching or with ``end_conference_on_exit``; their calls are live legs. Completed
  conferences have none, but 1–3 completed leg calls (one of them the
  ``call_sid_ending_conference`` where the conference names one).
- about 60% of started conferences have 1–3 recordings (the last one still running in a live
  conference).
- ``calls`` more calls over the 400 days before ``end``, in every status, about one in eight
  with child calls (``parent_call_sid``), some with recordings of their own; some start or end
  at exactly 00:00:00 or 23:59:59 UTC.
- ``messages`` messages over the 399 days before ``end`` (inside Twilio's 400-day retention
  window: older messages are served no more), across the whole status enum, with segments and
  media, some sent at exactly 00:00:00 or 23:59:59 UTC.

Each kind of record has its own random stream, so asking for more calls changes neither the
participants nor the messages.

:func:`with_subaccounts` adds subaccounts (active, suspended, closed), each with a tenth of
the main account's data, made the same way from a seed of its own.
"""

from __future__ import annotations

import datetime as _dt
import math
import random
from email.utils import parsedate_to_datetime
from typing import Any

from . import _generic
from ._data import generate
from ._dataset import Dataset
from ._wire import format_stamp as fmt

__all__ = ["sample", "with_subaccounts"]

Record = dict[str, Any]
_DAY = 86400
_CALL_STATUSES = ("completed",) * 70 + ("busy",) * 6 + ("failed",) * 4 + ("no-answer",) * 8 \
    + ("canceled",) * 4 + ("in-progress",) * 3 + ("ringing",) * 2 + ("queued",) * 3
_ALL_CALL_STATUSES = ("completed", "busy", "failed", "no-answer", "canceled", "in-progress",
                      "ringing", "queued")
_MESSAGE_STATUSES = ("delivered",) * 45 + ("sent",) * 12 + ("received",) * 18 \
    + ("undelivered",) * 5 + ("failed",) * 5 + ("read",) * 3 + ("partially_delivered",) \
    + ("queued",) * 2 + ("sending",) + ("accepted",) + ("scheduled",) * 2 + ("canceled",) * 2 \
    + ("receiving",)
_ALL_MESSAGE_STATUSES = ("queued", "sending", "sent", "failed", "delivered", "undelivered",
                         "receiving", "received", "accepted", "scheduled", "read",
                         "partially_delivered", "canceled")
_UNSENT = ("queued", "accepted", "scheduled", "canceled", "failed")
_TRANSIENT = ("queued", "sending", "accepted", "receiving")
_ERRORS = ((30003, "Unreachable destination handset"), (30005, "Unknown destination handset"),
           (30006, "Landline or unreachable carrier"), (30007, "Message filtered"),
           (30008, "Unknown error"))
_BODIES = ("Your code is 482913", "See you at 10?", "Thanks! 👍", "Ihr Termin ist bestätigt.",
           "会議は15時からです", "Reminder: your appointment is tomorrow at 9:30 AM.",
           "Order #1042 has shipped and will arrive on Thursday. Track it in the app or reply "
           "HELP for help, STOP to opt out. Questions about your delivery window? Call us any "
           "day between 8 AM and 8 PM; we are happy to help with anything you need.",
           "ご予約ありがとうございます。明日の午前十時にお待ちしております。" * 5, "")
_LABELS = ("customer", "agent", "supervisor", "coach", "host", "guest")
_SOURCES_CALL = ("DialVerb", "RecordVerb", "OutboundAPI", "StartCallRecordingAPI", "Trunking")


def _sid(rng: random.Random, prefix: str) -> str:
    return f"{prefix}{rng.getrandbits(128):032x}"


def _number(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.8:
        return f"+1{rng.randint(201, 989)}{rng.randint(200, 999)}{rng.randint(0, 9999):04d}"
    if kind < 0.9:
        return f"+44{rng.randint(7000000000, 7999999999)}"
    return rng.choice(("client:alice", "client:bob", "sip:support@example.sip.twilio.com"))


def _price(amount: float, places: int = 5) -> str:
    return f"{-amount:.{places}f}"


class _Out:
    """The records made so far, with the parsed timestamps of each (no parsing back)."""

    def __init__(self, account_sid: str, end: float, rng: random.Random) -> None:
        self.account_sid, self.end = account_sid, end
        self.twilio_numbers = [(f"+1415555{100 + i:04d}", _sid(rng, "PN")) for i in range(6)]
        self.tables: dict[str, list[Record]] = {
            "/Conferences/{ConferenceSid}/Participants.json": [], "/Recordings.json": [],
            "/Calls.json": [], "/Messages.json": []}
        self.stamps: dict[str, dict[str, list[float | None]]] = {
            "/Conferences/{ConferenceSid}/Participants.json": {"date_created": [],
                                                                "date_updated": []},
            "/Recordings.json": {"date_created": [], "start_time": []},
            "/Calls.json": {"date_created": [], "start_time": [], "end_time": []},
            "/Messages.json": {"date_created": [], "date_sent": []},
        }

    def put(self, path: str, record: Record, **stamps: float | None) -> Record:
        self.tables[path].append(record)
        for name, values in self.stamps[path].items():
            values.append(stamps[name])
        return record

    def call(self, rng: random.Random, sid: str, status: str, created: float,
             start: float | None, duration: int | None, *, parent: str | None = None,
             direction: str | None = None) -> Record:
        number, pn = rng.choice(self.twilio_numbers)
        other = _number(rng)
        direction = direction or ("inbound" if rng.random() < 0.45 else "outbound-api")
        to, from_ = (number, other) if direction == "inbound" else (other, number)
        end_time = start + duration if status == "completed" and start is not None and \
            duration is not None else None
        price = None
        if end_time is not None and end_time < self.end - 7200:
            rate = 0.0085 if direction == "inbound" else 0.014
            price = _price(math.ceil((duration or 0) / 60) * rate)
        updated = end_time or start or created
        record = {
            "sid": sid, "date_created": fmt(created), "date_updated": fmt(updated),
            "parent_call_sid": parent, "account_sid": self.account_sid, "to": to,
            "from": from_, "phone_number_sid": pn, "status": status,
            "start_time": fmt(start) if start is not None else None,
            "end_time": fmt(end_time) if end_time is not None else None,
            "duration": str(duration) if end_time is not None else None, "price": price,
            "price_unit": "USD", "direction": direction,
            "answered_by": rng.choice(("human", "machine_start", None))
            if direction == "outbound-api" and status == "completed" and rng.random() < 0.2
            else None,
            "api_version": "2010-04-01", "forwarded_from": None, "group_sid": None,
            "caller_name": rng.choice(("ALICE SMITH", "ACME CORP")) if direction == "inbound"
            and rng.random() < 0.1 else None,
            "queue_time": str(rng.randrange(0, 3000)), "trunk_sid": None,
        }
        return self.put("/Calls.json", record, date_created=created, start_time=start,
                        end_time=end_time)

    def recording(self, rng: random.Random, *, call_sid: str, conference_sid: str | None,
                  start: float, duration: int | None, status: str, source: str) -> Record:
        price = None
        if status == "completed" and duration is not None and start + duration < self.end - 3600:
            price = _price(math.ceil(duration / 60) * 0.0025, 4)
        updated = start + (duration or 0)
        record = {
            "account_sid": self.account_sid, "api_version": "2010-04-01",
            "call_sid": call_sid, "conference_sid": conference_sid,
            "date_created": fmt(start), "date_updated": fmt(updated), "start_time": fmt(start),
            "duration": str(duration) if duration is not None and status not in (
                "in-progress", "paused") else None,
            "sid": _sid(rng, "RE"), "price": price, "price_unit": "USD", "status": status,
            "channels": 1 if conference_sid or rng.random() < 0.6 else 2, "source": source,
            "error_code": None,
            "encryption_details": {"encryption_public_key_sid": _sid(rng, "CR"),
                                   "encryption_cek": f"{rng.getrandbits(256):064x}",
                                   "encryption_iv": f"{rng.getrandbits(64):016x}"}
            if rng.random() < 0.1 else None,
            "track": "both" if conference_sid else rng.choice(("both", "inbound", "outbound")),
        }
        return self.put("/Recordings.json", record, date_created=start, start_time=start)


def _stamp(text: str) -> float:
    return parsedate_to_datetime(text).timestamp()


def _conference_legs(out: _Out, conferences: list[Record], seed: int) -> None:
    rng = random.Random(f"participants-{seed}")
    recorder = random.Random(f"conference-recordings-{seed}")
    path = "/Conferences/{ConferenceSid}/Participants.json"
    for i, conference in enumerate(conferences):
        sid, status = conference["sid"], conference["status"]
        created, updated = _stamp(conference["date_created"]), _stamp(conference["date_updated"])
        legs: list[tuple[str, float, float]] = []  # (call sid, start, end)
        if status == "completed":
            ending = conference.get("call_sid_ending_conference")
            for n in range(rng.randint(1, 3)):
                call_sid = ending if n == 0 and ending else _sid(rng, "CA")
                start = created + rng.randrange(0, max(1, int(updated - created) // 2 + 1))
                stop = updated if call_sid == ending else rng.uniform(start, updated)
                duration = max(int(stop - start), 0)
                out.call(rng, call_sid, "completed", start - rng.randint(0, 3), start, duration)
                legs.append((call_sid, start, start + duration))
        else:
            window = max(1, min(600, int(out.end - created)))
            members: list[str] = []
            labels = list(_LABELS)
            rng.shuffle(labels)
            for n in range(rng.randint(1, 5)):
                joined = created + rng.randrange(0, window)
                if status == "init":
                    state = rng.choice(("queued", "connecting", "ringing", "connected"))
                else:
                    state = "connected" if rng.random() < 0.8 else rng.choice(
                        ("queued", "connecting", "ringing"))
                call_status = {"connected": "in-progress", "queued": "queued"}.get(state,
                                                                                  "ringing")
                call_sid = _sid(rng, "CA")
                out.call(rng, call_sid, call_status, joined - rng.randint(0, 3),
                         None if call_status == "queued" else joined, None)
                coach = members[0] if members and rng.random() < 0.15 else None
                out.put(path, {
                    "account_sid": out.account_sid, "call_sid": call_sid,
                    "label": labels[n] if rng.random() < 0.4 else None,
                    "call_sid_to_coach": coach, "coaching": coach is not None,
                    "conference_sid": sid, "date_created": fmt(joined),
                    "date_updated": fmt(joined),
                    "end_conference_on_exit": rng.random() < 0.2,
                    "muted": rng.random() < 0.25, "hold": rng.random() < 0.15,
                    "start_conference_on_enter": status != "init" and rng.random() < 0.9,
                    "status": state, "queue_time": None,
                }, date_created=joined, date_updated=joined)
                members.append(call_sid)
                legs.append((call_sid, joined, out.end))
        if status == "init" or recorder.random() >= 0.6 or not legs:
            continue
        first_leg, begin, finish = legs[0]
        count = recorder.randint(1, 3)
        span = max(int(finish - begin), count)
        for n in range(count):
            start = begin + span * n // count
            duration = max(span // count - recorder.randint(0, 5), 1)
            last_live = status != "completed" and n == count - 1
            if last_live:
                state = recorder.choice(("in-progress", "paused"))
            elif status != "completed":
                state = "completed"
            else:
                state = recorder.choice(("completed",) * 18 + ("absent", "processing"))
            if i % 53 == 7 and n == 0:  # on the day's edges, for the date filters
                start = start - start % _DAY
            elif i % 53 == 29 and n == 0:
                start = min(start - start % _DAY + _DAY - 1, out.end)
            out.recording(recorder, call_sid=first_leg, conference_sid=sid, start=start,
                          duration=None if last_live else duration, status=state,
                          source=recorder.choice(("Conference", "StartConferenceRecordingAPI")))


def _calls(out: _Out, count: int, seed: int) -> None:
    rng = random.Random(f"calls-{seed}")
    recorder = random.Random(f"call-recordings-{seed}")
    made = 0
    while made < count:
        i = made
        status = _ALL_CALL_STATUSES[i] if i < len(_ALL_CALL_STATUSES) else rng.choice(
            _CALL_STATUSES)
        live = status in ("queued", "ringing", "in-progress")
        if live:
            start = out.end - rng.randrange(0, 1800)
        else:
            start = out.end - rng.randrange(3600, 400 * _DAY)
        duration = int(rng.expovariate(1 / 240)) + 5 if status == "completed" else None
        kind = i % 97
        if kind in (5, 50):
            start -= start % _DAY
        elif kind in (23, 70):
            start += _DAY - 1 - start % _DAY
        elif duration is not None and i % 89 == 11:
            start = start - start % _DAY + _DAY - duration      # ends at 00:00:00
        elif duration is not None and i % 89 == 44:
            start = start - start % _DAY + _DAY - 1 - duration  # ends at 23:59:59
        start = min(start, out.end)
        if duration is not None:
            duration = int(min(duration, max(out.end - start, 0)))
        created = start - rng.randint(0, 3)
        sid = _sid(rng, "CA")
        started = None if status == "queued" or (status == "canceled" and rng.random() < 0.5) \
            else start
        call = out.call(rng, sid, status, created, started, duration)
        made += 1
        if status == "completed" and recorder.random() < 0.15:
            out.recording(recorder, call_sid=sid, conference_sid=None, start=start + 2,
                          duration=max((duration or 0) - 2, 1),
                          status=recorder.choice(("completed",) * 18 + ("absent", "processing")),
                          source=recorder.choice(_SOURCES_CALL))
        elif status == "in-progress" and recorder.random() < 0.4:
            out.recording(recorder, call_sid=sid, conference_sid=None, start=start + 1,
                          duration=None, status="in-progress", source="StartCallRecordingAPI")
        if status == "completed" and duration and rng.random() < 0.12:
            for _ in range(rng.randint(1, 2)):
                if made >= count:
                    break
                child_start = start + rng.randint(1, max(1, min(20, duration)))
                child_status = rng.choice(("completed",) * 6 + ("busy", "no-answer"))
                child_duration = max(int(start + duration - child_start), 0) \
                    if child_status == "completed" else None
                out.call(rng, _sid(rng, "CA"), child_status, child_start - 1, child_start,
                         child_duration, parent=call["sid"], direction="outbound-dial")
                made += 1


def _messages(out: _Out, count: int, seed: int) -> None:
    rng = random.Random(f"messages-{seed}")
    path = "/Messages.json"
    services = [_sid(rng, "MG") for _ in range(2)]
    for i in range(count):
        status = _ALL_MESSAGE_STATUSES[i] if i < len(_ALL_MESSAGE_STATUSES) else rng.choice(
            _MESSAGE_STATUSES)
        if status in _TRANSIENT:
            created = out.end - rng.randrange(0, 600)
        elif status == "scheduled":
            created = out.end - rng.randrange(0, _DAY)
        else:
            created = out.end - rng.randrange(600, 399 * _DAY)
        sent = None if status in _UNSENT else created + rng.randint(1, 5)
        kind = i % 101
        if sent is not None and kind in (9, 60):
            sent -= sent % _DAY
        elif sent is not None and kind in (30, 80):
            sent += _DAY - 1 - sent % _DAY
        if sent is not None:
            sent = min(sent, out.end)
            created = min(created, sent - 1)
        inbound = status in ("received", "receiving")
        direction = "inbound" if inbound else rng.choice(
            ("outbound-api",) * 7 + ("outbound-reply",) * 2 + ("outbound-call",))
        media = rng.randint(1, 3) if rng.random() < 0.15 else 0
        body = rng.choice(_BODIES) if media else rng.choice(_BODIES[:-1])
        single, split = (160, 153) if body.isascii() else (70, 67)
        segments = 1 if len(body) <= single else math.ceil(len(body) / split)
        number, _pn = rng.choice(out.twilio_numbers)
        other = _number(rng)
        service = rng.choice(services) if not inbound and rng.random() < 0.4 else None
        price = None
        if sent is not None and sent < out.end - _DAY:
            price = _price(0.02 if media else 0.0079 * segments)
        error = rng.choice(_ERRORS) if status in ("failed", "undelivered") else None
        updated = (sent or created) + (rng.randint(0, 30) if sent else 0)
        updated = min(updated, out.end)
        out.put(path, {
            "body": body, "num_segments": str(segments), "direction": direction,
            "from": other if inbound else (None if status in ("scheduled", "canceled")
                                           and service else number),
            "to": number if inbound else other, "date_updated": fmt(max(updated, created)),
            "price": price, "error_message": error[1] if error else None,
            "account_sid": out.account_sid, "num_media": str(media), "status": status,
            "messaging_service_sid": service or (services[0] if status in (
                "scheduled", "canceled") else None),
            "sid": _sid(rng, "MM" if media else "SM"),
            "date_sent": fmt(sent) if sent is not None else None, "date_created": fmt(created),
            "error_code": error[0] if error else None, "price_unit": "USD",
            "api_version": "2010-04-01",
        }, date_created=created, date_sent=sent)


def sample(conferences: list[Record], seed: int, end: float, account_sid: str, *,
           calls: int, messages: int, generic: int = _generic.SAMPLE_SIZE) -> Dataset:
    """Every table linked to ``conferences``, the data ending at the POSIX time ``end``
    (``generic`` records in each list served from the spec alone)."""
    out = _Out(account_sid, float(int(end)), random.Random(f"numbers-{seed}"))
    _conference_legs(out, conferences, seed)
    _calls(out, calls, seed)
    _messages(out, messages, seed)
    tables = {"/Conferences.json": conferences, **out.tables}
    known: dict[str, list[str]] = {}
    for records in tables.values():
        for record in records:
            sid = record.get("sid")
            if isinstance(sid, str):
                known.setdefault(sid[:2], []).append(sid)
    for path in _generic.LISTS:
        parent = _generic.parent_list(path)
        tables[path] = _generic.records(path, generic, seed, account_sid, out.end,
                                        tables.get(parent) if parent else None, known)
    return Dataset(tables, out.stamps)


_CLIENTS = (("Acme Dental", "active"), ("Harbor Freight Lines", "active"),
            ("Cedar Clinic", "suspended"), ("Pilot 2023", "closed"))


def with_subaccounts(main: Dataset, count: int, seed: int, end: float, account_sid: str, *,
                     conferences: int, calls: int, messages: int) -> Dataset:
    """``main`` with ``count`` subaccounts of ``account_sid``, each holding a tenth of the
    main account's records (conferences, calls, messages; the rest in proportion)."""
    rng = random.Random(f"subaccounts-{seed}")
    day = _dt.datetime.fromtimestamp(end, _dt.timezone.utc).date()
    accounts: list[Record] = []
    subs: dict[str, Dataset] = {}
    for i in range(count):
        sid = f"AC{rng.getrandbits(128):032x}"
        name, status = _CLIENTS[i] if i < len(_CLIENTS) else (f"Client {i + 1}", "active")
        own = seed * 1000 + i + 1
        subs[sid] = sample(generate(conferences // 10, own, day, sid), own, end, sid,
                           calls=calls // 10, messages=messages // 10,
                           generic=_generic.SAMPLE_SIZE // 4)
        accounts.append({"sid": sid, "owner_account_sid": account_sid, "friendly_name": name,
                         "status": status})
    main.accounts = [{"sid": account_sid, "owner_account_sid": account_sid}, *accounts]
    main.subaccounts = subs
    return main
