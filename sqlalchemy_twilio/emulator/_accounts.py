"""``/2010-04-01/Accounts.json`` and ``/Accounts/{Sid}.json``: the main account and its
subaccounts, each with its own data (a :class:`~._store.Store`).

- The list holds the main account and every subaccount for the main account's credentials
  (as Twilio's does), and only itself for a subaccount's own. Filters ``FriendlyName`` and
  ``Status``, both exact; newest first.
- Fetch and update (``FriendlyName``, ``Status`` = ``active``, ``suspended`` or ``closed``) of
  an account the credentials may see; any other account is a 404. A closed subaccount cannot
  be reopened (Twilio's 21479).
- Create, with the main account's credentials only: a subaccount holding no records,
  ``FriendlyName`` defaulting as Twilio's does.
- Every answer carries the account's ``auth_token``, as Twilio's do; the token of a
  subaccount opens that subaccount and nothing else.

An account's ``date_created`` is the day before the oldest record it holds (so no record is
older than its account, as on Twilio), or the day before today when it holds none, unless the
data gives one.
"""

from __future__ import annotations

import datetime as _dt
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ._paging import all_of, list_answer, text_filters
from ._params import OneOf, Text, read_form, read_query
from ._store import Store, Table
from ._wire import ApiError, Response, format_stamp, json_response, not_found

__all__ = ["LIST", "STATUSES", "Accounts", "created", "record_of"]

Record = dict[str, Any]
_DAY = 86_400
LIST = "/2010-04-01/Accounts.json"
STATUSES = ("active", "suspended", "closed")
_LISTS = ("calls", "conferences", "messages", "recordings", "incoming_phone_numbers",
          "queues", "notifications", "transcriptions", "addresses", "applications")


def created(store: Store) -> float:
    firsts = [t.order[0][0] for t in (store.conferences, store.recordings, store.calls,
                                      store.messages, *store.generic.values())
              if t.order and t.order[0][0]]
    oldest = min(firsts) if firsts else store.now()
    return (oldest // _DAY - 1) * _DAY


def record_of(sid: str, owner: str, name: str, status: str, when: str) -> Record:
    """An account as Twilio lists it, without its token (kept apart, so a copy of the table
    never holds one)."""
    base = f"/2010-04-01/Accounts/{sid}"
    return {
        "date_created": when, "date_updated": when, "friendly_name": name,
        "owner_account_sid": owner, "sid": sid, "status": status, "type": "Full",
        "uri": f"{base}.json",
        "subresource_uris": {n: f"{base}/{n.title().replace('_', '')}.json" for n in _LISTS},
    }


@dataclass
class _Account:
    token: str
    store: Store


class Accounts:
    """The accounts one set of main credentials reaches, with their tokens and stores."""

    def __init__(self, main: str, main_token: str, *, seed: int,
                 store_of: Callable[[str, int], Store]) -> None:
        self.main = main
        self.table = Table("sid")
        self.lock = threading.RLock()
        self._seed = seed
        self._store_of = store_of
        self._accounts: dict[str, _Account] = {}
        self._main_token = main_token
        self._rng = random.Random(f"accounts-{seed}")

    def add(self, record: Record, store: Store) -> None:
        sid = record["sid"]
        token = self._main_token if sid == self.main else (
            f"{random.Random(f'token-{self._seed}-{sid}').getrandbits(128):032x}")
        self._accounts[sid] = _Account(token, store)
        self.table.add(dict(record))

    def store(self, sid: str) -> Store:
        return self._accounts[sid].store

    def token(self, sid: str) -> str:
        return self._accounts[sid].token

    def principal(self, user: str, secret: str) -> str | None:
        """The account a subaccount's own SID and token stand for (None if they do not)."""
        account = self._accounts.get(user)
        if account is None or user == self.main or account.token != secret:
            return None
        return user

    def visible(self, principal: str, sid: str) -> bool:
        return sid in self._accounts and (principal == self.main or principal == sid)

    # -- requests --------------------------------------------------------------------------

    def _answer(self, record: Record) -> Record:
        return {"auth_token": self.token(record["sid"]), **record}

    def list_(self, principal: str, path: str, query: dict[str, list[str]]) -> Response:
        status = read_query(query, "Status", OneOf(STATUSES))
        read_query(query, "FriendlyName", Text())
        checks = text_filters(query, {"FriendlyName": "friendly_name"})
        if status is not None:
            checks.append(lambda _key, r: r["status"] == status)
        if principal != self.main:
            checks.append(lambda key, _r: key == principal)
        keep = all_of(checks)
        return json_response(200, list_answer(
            path, "accounts", query,
            lambda before: self.table.scan(before, keep, self._answer),
            ("FriendlyName", "Status")))

    def fetch(self, principal: str, sid: str, path: str) -> Response:
        if not self.visible(principal, sid):
            raise not_found(path)
        return json_response(200, self._answer(self.table.require(sid, path)))

    def update(self, principal: str, sid: str, path: str, form: dict[str, list[str]],
               now: float) -> Response:
        if not self.visible(principal, sid):
            raise not_found(path)
        record = self.table.require(sid, path)
        values = read_form(form, {"FriendlyName": Text(), "Status": OneOf(STATUSES)})
        status = values.get("Status")
        if status is not None and status != record["status"]:
            if record["status"] == "closed":
                raise ApiError(400, 21479, "Unable to update Status for subaccount, "
                                           "subaccount is closed and can not be re-opened.")
        if "FriendlyName" in values:
            record["friendly_name"] = values["FriendlyName"]
        if status is not None:
            record["status"] = status
        record["date_updated"] = format_stamp(now)
        self.table.touch(sid)
        return json_response(200, self._answer(record))

    def create(self, principal: str, path: str, form: dict[str, list[str]],
               now: float) -> Response:
        if principal != self.main:
            raise ApiError(403, 20005, "Subaccounts cannot create subaccounts")
        values = read_form(form, {"FriendlyName": Text()})
        moment = _dt.datetime.fromtimestamp(now, _dt.timezone.utc)
        name = values.get("FriendlyName") or (
            "SubAccount Created at " + moment.strftime("%Y-%m-%d %I:%M %p").lower())
        while True:
            sid = f"AC{self._rng.getrandbits(128):032x}"
            if sid not in self._accounts:
                break
        record = record_of(sid, self.main, name, "active", format_stamp(now))
        self.add(record, self._store_of(sid, len(self._accounts)))
        return json_response(201, self._answer(self.table.require(sid, path)))
