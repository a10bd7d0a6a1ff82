"""Deterministic sample conferences in Twilio's own JSON shape.

The data knows nothing of the dialect's table declarations, so a wrong declaration shows up as
a failing test rather than being mirrored here.
"""

from __future__ import annotations

import datetime as _dt
import random
from dataclasses import dataclass
from email.utils import format_datetime
from typing import Any

__all__ = ["Credentials", "credentials_for", "generate", "rfc2822"]

_API = "/2010-04-01"
#: The newest conferences, the only ones that may still be live, and their statuses.
_LIVE = 10
_LIVE_STATUSES = ("in-progress", "init", "in-progress")
_REGIONS = ("us1", "us2", "ie1", "de1", "sg1", "br1", "au1", "jp1")
_REASONS = (
    "conference-ended-via-api",
    "participant-with-end-conference-on-exit-left",
    "participant-with-end-conference-on-exit-kicked",
    "last-participant-kicked",
    "last-participant-left",
)
_NAMES = ("standup", "sales-sync", "support-bridge", "all-hands", "board-call", "interview",
          "réunion", "会議")
_SPAN_DAYS = 400


@dataclass(frozen=True)
class Credentials:
    account_sid: str
    auth_token: str
    api_key_sid: str
    api_key_secret: str


def _hex(rng: random.Random, prefix: str) -> str:
    return f"{prefix}{rng.getrandbits(128):032x}"


def credentials_for(seed: int, account_sid: str | None = None) -> Credentials:
    rng = random.Random(f"credentials-{seed}")
    sid = _hex(rng, "AC")
    return Credentials(
        account_sid=account_sid or sid,
        auth_token=f"{rng.getrandbits(128):032x}",
        api_key_sid=_hex(rng, "SK"),
        api_key_secret="".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789")
                               for _ in range(32)),
    )


def rfc2822(moment: _dt.datetime) -> str:
    return format_datetime(moment.astimezone(_dt.timezone.utc))


def conference(account_sid: str, sid: str, created: _dt.datetime, updated: _dt.datetime,
               name: str, region: str, status: str, reason: str | None,
               call_sid: str | None) -> dict[str, Any]:
    base = f"{_API}/Accounts/{account_sid}/Conferences/{sid}"
    return {
        "account_sid": account_sid,
        "api_version": "2010-04-01",
        "call_sid_ending_conference": call_sid,
        "date_created": rfc2822(created),
        "date_updated": rfc2822(updated),
        "friendly_name": name,
        "reason_conference_ended": reason,
        "region": region,
        "sid": sid,
        "status": status,
        "subresource_uris": {
            "participants": f"{base}/Participants.json",
            "recordings": f"{base}/Recordings.json",
        },
        "uri": f"{base}.json",
    }


def generate(count: int, seed: int, until: _dt.date | None, account_sid: str
             ) -> list[dict[str, Any]]:
    """``count`` conferences created over the ``_SPAN_DAYS`` days up to the end of ``until``
    (or up to now, so that nothing lies in the future).

    As on a real account, only conferences of the last hours can still be live: the
    ``_LIVE`` newest ones, of which all but the first are ``in-progress`` or ``init``; every
    older one is completed. Every status, region and end reason occurs, as do records created
    at exactly 00:00:00 and 23:59:59 UTC and records from the last week.
    """
    rng = random.Random(f"conferences-{seed}")
    if until is None:
        end = _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0)
    else:
        end = _dt.datetime.combine(until, _dt.time(23, 59, 59), _dt.timezone.utc)
    out = []
    for i in range(count):
        if i < _LIVE:
            offset = rng.randrange(4 * 3600)
        elif i < _LIVE + 8:
            # The last week always has rows, so "the last 7 days" finds something.
            offset = rng.randrange(6 * 86400)
        else:
            offset = rng.randrange(_SPAN_DAYS * 86400)
        created = end - _dt.timedelta(seconds=offset)
        kind = i % 97
        if kind in (30, 40):
            created = created.replace(hour=0, minute=0, second=0)
        elif kind in (17, 60):
            created = created.replace(hour=23, minute=59, second=59)
        created = min(created, end)
        status = _LIVE_STATUSES[i % len(_LIVE_STATUSES)] if 0 < i < _LIVE else "completed"
        region = _REGIONS[i % len(_REGIONS)] if i < len(_REGIONS) else rng.choice(_REGIONS)
        reason = call_sid = None
        if status == "completed":
            reason = _REASONS[i % len(_REASONS)] if i < 30 else rng.choice(_REASONS)
            if reason.startswith("participant-"):
                call_sid = _hex(rng, "CA")
            updated = created + _dt.timedelta(seconds=rng.randrange(60, 4 * 3600))
        elif status == "in-progress":
            updated = created + _dt.timedelta(seconds=rng.randrange(0, 600))
        else:
            updated = created
        if status == "completed" and kind in (50, 80):
            # Some end at exactly midnight, so the DateUpdated filters meet their edges too.
            updated = (created + _dt.timedelta(days=1)).replace(hour=0, minute=0, second=0)
        updated = min(updated, max(end, created))
        name = f"{rng.choice(_NAMES)} {rng.randint(1, 12)}"
        out.append(conference(account_sid, _hex(rng, "CF"), created, updated, name, region,
                              status, reason, call_sid))
    return out
