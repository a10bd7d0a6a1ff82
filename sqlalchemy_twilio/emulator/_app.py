"""The emulator's request handling, independent of sockets: request in, response out.

Authentication, fault injection and the request log live here. ``/Accounts.json`` and each
account's own path are served by :mod:`._accounts`; every path below an account by the route
table (``_routes.ROUTES``), whose handlers work on that account's :class:`~._store.Store`
under its lock. Semantics follow Twilio's API, taking the strictest reading where the docs are
ambiguous (see each resource's module).
"""

from __future__ import annotations

import base64
import binascii
import copy
import datetime as _dt
import random
import re
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from email.utils import format_datetime
from typing import Any, Union
from urllib.parse import parse_qs

from ._accounts import LIST, Accounts
from ._data import Credentials
from ._dataset import ACCOUNTS, Dataset, build_accounts, export
from ._routes import dispatch
from ._store import tie_order
from ._wire import ApiError, Response, error_response, json_response, parse_form

__all__ = ["EmulatorApp", "Response", "Fault"]

_API = "/2010-04-01"
_ACCOUNT = re.compile(_API + r"/Accounts/(AC[0-9a-fA-F]{32})(\.json|/.*)")
_REASONS = {429: "Too Many Requests", 500: "Internal Server Error", 503: "Service Unavailable",
            502: "Bad Gateway", 504: "Gateway Timeout"}
_FAULT_CODES = {429: 20429, 503: 20503, 500: 20500, 502: 20502, 504: 20504}

# What an app serves: conferences (a list, as before), the tables of every list, or a
# function making those tables afresh (so reset(data=True) need not keep a copy).
Source = Union[Iterable[dict[str, Any]], Dataset, Callable[[], Dataset]]


@dataclass
class Fault:
    """A scripted failure: answer ``status`` to requests ``match`` accepts, ``times`` times."""

    status: int
    match: Callable[[dict[str, Any]], bool] | None = None
    times: int = 1
    retry_after: float | None = None


class EmulatorApp:
    """Twilio's API over an in-memory store. Thread-safe.

    ``records`` is what to serve: a list of conferences in Twilio's shape (as before), a
    :class:`~._dataset.Dataset` of every list, or a function that makes one (called again by
    ``reset(data=True)``). ``retention_days`` is how far back ``DateSent`` filters of Messages
    may reach (Twilio's 400 days by default). ``ties`` is how lists order records that
    share their timestamp (see ``_store.TIE_ORDERS``).
    """

    def __init__(self, records: Source, credentials: Credentials, *,
                 seed: int = 1, latency_ms: float = 0.0, fault_rate: float = 0.0,
                 fault_status: Iterable[int] = (429, 503),
                 retry_after: float | None = None, retention_days: int = 400,
                 clock: Callable[[], float] = time.time, ties: str = "sid") -> None:
        if retention_days < 1:
            raise ValueError("retention_days must be at least 1")
        tie_order(ties, seed)  # (an unknown order is an error here, before any data is built)
        self.credentials = credentials
        self._seed, self._retention_days, self._clock = seed, retention_days, clock
        self._ties = ties
        if callable(records):
            self._source: Callable[[], Dataset] = records
        else:
            initial = records if isinstance(records, Dataset) else Dataset.of_conferences(
                list(records))
            frozen = copy.deepcopy(initial)
            self._source = lambda: copy.deepcopy(frozen)
        self._accounts = self._build()
        self._lock = threading.Lock()
        self._log: list[dict[str, Any]] = []
        self._rng = random.Random(f"faults-{seed}")
        self._faults: list[Fault] = []
        self.latency_ms = latency_ms
        self.set_faults(rate=fault_rate, statuses=fault_status, retry_after=retry_after)

    def _build(self) -> Accounts:
        creds = self.credentials
        return build_accounts(self._source(), creds.account_sid, creds.auth_token,
                              seed=self._seed, retention_days=self._retention_days,
                              clock=self._clock, ties=self._ties)

    # -- control --------------------------------------------------------------------------

    def set_faults(self, *, rate: float | None = None, statuses: Iterable[int] | None = None,
                   retry_after: float | None = None) -> None:
        """Answer a random share ``rate`` of API requests with one of ``statuses``."""
        with self._lock:
            if rate is not None:
                if not 0.0 <= rate <= 1.0:
                    raise ValueError("fault rate must be between 0 and 1")
                self.fault_rate = rate
            if statuses is not None:
                self.fault_statuses = tuple(statuses) or (429,)
            self.retry_after = retry_after

    def add_fault(self, fault: Fault) -> None:
        """Script a failure, e.g. ``Fault(401, match=lambda r: "PageToken" in r["query"])``."""
        with self._lock:
            self._faults.append(fault)

    def requests(self) -> list[dict[str, Any]]:
        with self._lock:
            return copy.deepcopy(self._log)

    def reset(self, *, data: bool = False) -> None:
        """Clear the request log and scripted faults (and, with ``data``, restore the data)."""
        accounts = self._build() if data else None
        with self._lock:
            self._log.clear()
            self._faults.clear()
            if accounts is not None:
                self._accounts = accounts

    def now(self) -> float:
        """The emulator's clock (POSIX seconds)."""
        return self._clock()

    def records(self) -> list[dict[str, Any]]:
        """A copy of every conference, newest first."""
        return self.table("/Conferences.json")

    def table(self, list_path: str, account: str | None = None) -> list[dict[str, Any]]:
        """A copy of every record a list path serves (all parents together), in that list's
        order, newest first: of the main account, or of ``account``. ``/Accounts.json`` is
        every account (without their tokens)."""
        accounts = self._accounts
        if list_path == ACCOUNTS:
            with accounts.lock:
                return copy.deepcopy(accounts.table.all())
        store = accounts.store(account or accounts.main)
        with store.lock:
            return copy.deepcopy(export(store, list_path))

    def token(self, account: str) -> str:
        """The auth token of an account (a subaccount's opens that subaccount alone)."""
        return self._accounts.token(account)

    # -- requests -------------------------------------------------------------------------

    def handle(self, method: str, path: str, query: str, headers: dict[str, str],
               body: bytes) -> Response:
        if path.startswith("/_emulator/"):
            return self._control(method, path)
        params = parse_qs(query, keep_blank_values=True)
        # When the request arrived and when its answer was ready (time.monotonic), so a test
        # can see how many were in flight at once.
        entry: dict[str, Any] = {"method": method, "path": path, "query": params,
                                 "started": time.monotonic()}
        form = parse_form(body) if method == "POST" else {}
        if method == "POST":
            entry["form"] = form
        fault = self._pick_fault(entry)
        if self.latency_ms:
            time.sleep(self.latency_ms / 1000.0)
        response = fault or self._answer(method, path, params, form, headers)
        # As Twilio does: the server's own time, which clients may use for "today".
        response.headers.setdefault("Date", format_datetime(
            _dt.datetime.fromtimestamp(self._clock(), _dt.timezone.utc), usegmt=True))
        entry["status"] = response.status
        entry["finished"] = time.monotonic()
        with self._lock:
            self._log.append(entry)
        return response

    def _control(self, method: str, path: str) -> Response:
        if path == "/_emulator/requests" and method == "GET":
            return json_response(200, self.requests())
        if path == "/_emulator/reset" and method == "POST":
            self.reset()
            return json_response(200, {"reset": True})
        return error_response(404, 20404, f"The requested resource {path} was not found")

    def _pick_fault(self, entry: dict[str, Any]) -> Response | None:
        with self._lock:
            for fault in self._faults:
                if fault.times > 0 and (fault.match is None or fault.match(entry)):
                    fault.times -= 1
                    return self._fault_response(fault.status, fault.retry_after)
            if self.fault_rate and self._rng.random() < self.fault_rate:
                status = self._rng.choice(self.fault_statuses)
                return self._fault_response(status, self.retry_after)
        return None

    def _fault_response(self, status: int, retry_after: float | None) -> Response:
        headers = {"Retry-After": f"{retry_after:g}"} if retry_after is not None else {}
        if status in (401, 403):
            return error_response(status, 20003, "Authenticate", headers)
        message = "Too Many Requests" if status == 429 else _REASONS.get(status, "Error")
        return error_response(status, _FAULT_CODES.get(status, 20500), message, headers)

    def _principal(self, accounts: Accounts, headers: dict[str, str]) -> str | None:
        """The account the credentials stand for: the main one (its token or API key), a
        subaccount (its own SID and token), or None."""
        value = headers.get("authorization", "")
        if not value.lower().startswith("basic "):
            return None
        try:
            user, _, secret = base64.b64decode(value[6:], validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return None
        creds = self.credentials
        if (user, secret) in ((creds.account_sid, creds.auth_token),
                              (creds.api_key_sid, creds.api_key_secret)):
            return creds.account_sid
        with accounts.lock:
            return accounts.principal(user, secret)

    def _answer(self, method: str, path: str, query: dict[str, list[str]],
                form: dict[str, list[str]], headers: dict[str, str]) -> Response:
        accounts = self._accounts
        principal = self._principal(accounts, headers)
        if principal is None:
            return error_response(401, 20003, "Authenticate")
        try:
            if path == LIST:
                with accounts.lock:
                    if method == "GET":
                        return accounts.list_(principal, path, query)
                    if method == "POST":
                        return accounts.create(principal, path, form, self._clock())
                raise ApiError(405, 20004, "Method not allowed", {"Allow": "GET, POST"})
            found = _ACCOUNT.fullmatch(path)
            with accounts.lock:
                if found is None or not accounts.visible(principal, found.group(1)):
                    raise ApiError(404, 20404, f"The requested resource {path} was not found")
                sid, rest = found.groups()
                if rest == ".json":
                    if method == "GET":
                        return accounts.fetch(principal, sid, path)
                    if method == "POST":
                        return accounts.update(principal, sid, path, form, self._clock())
                    raise ApiError(405, 20004, "Method not allowed", {"Allow": "GET, POST"})
                store = accounts.store(sid)
            with store.lock:
                return dispatch(store, method, path, rest, query, form)
        except ApiError as exc:
            return error_response(exc.status, exc.code, exc.message, exc.headers)
