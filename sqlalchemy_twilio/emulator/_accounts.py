"""``/2010-04-01/Accounts/{AccountSid}.json``: the account itself.

Its ``date_created`` is the day before the oldest record the emulator holds (so no record is
older than its account, as on Twilio), or the day before today when it holds none.
"""

from __future__ import annotations

from typing import Any

from ._store import Store
from ._wire import Response, format_stamp, json_response

__all__ = ["fetch"]

_DAY = 86_400


def created(store: Store) -> float:
    firsts = [t.order[0][0] for t in (store.conferences, store.recordings, store.calls,
                                      store.messages, *store.generic.values())
              if t.order and t.order[0][0]]
    oldest = min(firsts) if firsts else store.now()
    return (oldest // _DAY - 1) * _DAY


def fetch(store: Store, auth_token: str) -> Response:
    base = store.base
    when = format_stamp(created(store))
    record: dict[str, Any] = {
        "auth_token": auth_token, "date_created": when, "date_updated": when,
        "friendly_name": "Emulated account", "owner_account_sid": store.account_sid,
        "sid": store.account_sid, "status": "active", "type": "Full",
        "uri": f"{base}.json",
        "subresource_uris": {name: f"{base}/{name.title().replace('_', '')}.json"
                             for name in ("calls", "conferences", "messages", "recordings")},
    }
    return json_response(200, record)
