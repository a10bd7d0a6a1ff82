"""The emulator's request handling, independent of sockets: request in, response out.

Semantics follow Twilio's API for Conferences, taking the strictest reading where the docs are
ambiguous: ``DateCreated<=D`` (the parameter ``DateCreated<``) is "at or before D 00:00:00
UTC", ``DateCreated>=D`` is "at or after D 00:00:00 UTC", ``DateCreated=D`` is "during UTC day
D"; the same for ``DateUpdated``. Lists are newest first (``date_created``, then ``sid``,
descending) and ``PageToken`` marks a position in that order, so a record updated during a
scan is neither skipped nor repeated.
"""

from __future__ import annotations

import base64
import binascii
import bisect
import copy
import datetime as _dt
import json
import random
import re
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import parse_qs, urlencode

from ._data import Credentials, rfc2822

__all__ = ["EmulatorApp", "Response", "Fault"]

_API = "/2010-04-01"
_LIST = re.compile(r"/2010-04-01/Accounts/([^/]+)/Conferences\.json")
_ONE = re.compile(r"/2010-04-01/Accounts/([^/]+)/Conferences/([^/]+)\.json")
_STATUSES = ("init", "in-progress", "completed")
_DATE_PARAMS = ("DateCreated", "DateCreated<", "DateCreated>",
                "DateUpdated", "DateUpdated<", "DateUpdated>")
_REASONS = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 404: "Not Found",
            405: "Method Not Allowed", 429: "Too Many Requests",
            500: "Internal Server Error", 503: "Service Unavailable"}
_FAULT_CODES = {429: 20429, 503: 20503, 500: 20500, 502: 20502, 504: 20504}


@dataclass
class Response:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def reason(self) -> str:
        return _REASONS.get(self.status, "Error")


@dataclass
class Fault:
    """A scripted failure: answer ``status`` to requests ``match`` accepts, ``times`` times."""

    status: int
    match: Callable[[dict[str, Any]], bool] | None = None
    times: int = 1
    retry_after: float | None = None


class _ApiError(Exception):
    def __init__(self, status: int, code: int, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def _json(status: int, payload: Any, headers: dict[str, str] | None = None) -> Response:
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    return Response(status, body, {"Content-Type": "application/json; charset=utf-8",
                                   **(headers or {})})


def error_response(status: int, code: int, message: str,
                   headers: dict[str, str] | None = None) -> Response:
    return _json(status, {"code": code, "message": message,
                          "more_info": f"https://www.twilio.com/docs/errors/{code}",
                          "status": status}, headers)


def _stamp(value: str | None) -> float | None:
    if not value:
        return None
    return parsedate_to_datetime(value).timestamp()


def _midnight(day: str, name: str) -> float:
    try:
        parsed = _dt.date.fromisoformat(day)
    except ValueError:
        raise _ApiError(400, 20001, f"Invalid {name}: {day!r} is not a date as YYYY-MM-DD"
                        ) from None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day):
        raise _ApiError(400, 20001, f"Invalid {name}: {day!r} is not a date as YYYY-MM-DD")
    return _dt.datetime.combine(parsed, _dt.time(), _dt.timezone.utc).timestamp()


class _Store:
    """The records, kept in list order, with the fields filters need precomputed."""

    def __init__(self, records: Iterable[dict[str, Any]]) -> None:
        self.by_sid: dict[str, dict[str, Any]] = {}
        self.created: dict[str, float] = {}
        self.updated: dict[str, float | None] = {}
        for r in records:
            self.put(copy.deepcopy(r))
        # Ascending (created, sid); lists walk it backwards, newest first.
        self.order = sorted((self.created[s], s) for s in self.by_sid)

    def put(self, record: dict[str, Any]) -> None:
        sid = record["sid"]
        self.by_sid[sid] = record
        self.created[sid] = _stamp(record["date_created"]) or 0.0
        self.updated[sid] = _stamp(record.get("date_updated"))


class EmulatorApp:
    """Twilio's Conferences API over an in-memory store. Thread-safe."""

    def __init__(self, records: Iterable[dict[str, Any]], credentials: Credentials, *,
                 seed: int = 1, latency_ms: float = 0.0, fault_rate: float = 0.0,
                 fault_status: Iterable[int] = (429, 503),
                 retry_after: float | None = None) -> None:
        self.credentials = credentials
        self._initial = [copy.deepcopy(r) for r in records]
        self._store = _Store(self._initial)
        self._lock = threading.Lock()
        self._log: list[dict[str, Any]] = []
        self._rng = random.Random(f"faults-{seed}")
        self._faults: list[Fault] = []
        self.latency_ms = latency_ms
        self.set_faults(rate=fault_rate, statuses=fault_status, retry_after=retry_after)

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
        with self._lock:
            self._log.clear()
            self._faults.clear()
            if data:
                self._store = _Store(self._initial)

    def records(self) -> list[dict[str, Any]]:
        """A copy of every record, newest first."""
        with self._lock:
            store = self._store
            return [copy.deepcopy(store.by_sid[sid]) for _, sid in reversed(store.order)]

    # -- requests -------------------------------------------------------------------------

    def handle(self, method: str, path: str, query: str, headers: dict[str, str],
               body: bytes) -> Response:
        if path.startswith("/_emulator/"):
            return self._control(method, path)
        params = parse_qs(query, keep_blank_values=True)
        entry: dict[str, Any] = {"method": method, "path": path, "query": params}
        fault = self._pick_fault(entry)
        if self.latency_ms:
            time.sleep(self.latency_ms / 1000.0)
        response = fault or self._answer(method, path, params, headers, body)
        entry["status"] = response.status
        with self._lock:
            self._log.append(entry)
        return response

    def _control(self, method: str, path: str) -> Response:
        if path == "/_emulator/requests" and method == "GET":
            return _json(200, self.requests())
        if path == "/_emulator/reset" and method == "POST":
            self.reset()
            return _json(200, {"reset": True})
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

    def _authorized(self, headers: dict[str, str]) -> bool:
        value = headers.get("authorization", "")
        if not value.lower().startswith("basic "):
            return False
        try:
            user, _, secret = base64.b64decode(value[6:], validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return False
        creds = self.credentials
        return (user, secret) in ((creds.account_sid, creds.auth_token),
                                  (creds.api_key_sid, creds.api_key_secret))

    def _answer(self, method: str, path: str, params: dict[str, list[str]],
                headers: dict[str, str], body: bytes) -> Response:
        if not self._authorized(headers):
            return error_response(401, 20003, "Authenticate")
        try:
            match = _LIST.fullmatch(path)
            if match and match.group(1) == self.credentials.account_sid:
                if method != "GET":
                    raise _ApiError(405, 20004, "Method not allowed")
                return self._list(path, params)
            match = _ONE.fullmatch(path)
            if match and match.group(1) == self.credentials.account_sid:
                if method == "GET":
                    return self._fetch(path, match.group(2))
                if method == "POST":
                    return self._update(path, match.group(2), body)
                raise _ApiError(405, 20004, "Method not allowed")
            raise _ApiError(404, 20404, f"The requested resource {path} was not found")
        except _ApiError as exc:
            return error_response(exc.status, exc.code, exc.message)

    def _list(self, path: str, params: dict[str, list[str]]) -> Response:
        one = {k: v[-1] for k, v in params.items()}
        size_text = one.get("PageSize", "50")
        if not re.fullmatch(r"\d{1,9}", size_text) or not 1 <= int(size_text) <= 1000:
            raise _ApiError(400, 20007, f"Invalid PageSize: {size_text!r} is not between 1 "
                            "and 1000")
        size = int(size_text)
        page_text = one.get("Page", "0")
        if not re.fullmatch(r"\d{1,9}", page_text):
            raise _ApiError(400, 20001, f"Invalid Page: {page_text!r}")
        page = int(page_text)
        status = one.get("Status")
        if status is not None and status not in _STATUSES:
            raise _ApiError(400, 20001, f"Invalid Status: {status!r} is not one of "
                            + ", ".join(_STATUSES))
        name = one.get("FriendlyName")
        checks = self._date_checks(one)
        position = self._position(one.get("PageToken"))

        with self._lock:
            store = self._store
            end = len(store.order) if position is None else bisect.bisect_left(
                store.order, position)
            found: list[dict[str, Any]] = []
            more = False
            for i in range(end - 1, -1, -1):
                sid = store.order[i][1]
                record = store.by_sid[sid]
                if status is not None and record.get("status") != status:
                    continue
                if name is not None and record.get("friendly_name") != name:
                    continue
                if checks and not all(c(store, sid) for c in checks):
                    continue
                if len(found) == size:
                    more = True
                    break
                found.append(copy.deepcopy(record))
            last = (store.created[found[-1]["sid"]], found[-1]["sid"]) if found else None

        filters = [(k, one[k]) for k in ("FriendlyName", "Status", *_DATE_PARAMS) if k in one]

        def uri(page_no: int, token: str | None = None) -> str:
            query = [*filters, ("PageSize", str(size)), ("Page", str(page_no))]
            if token:
                query.append(("PageToken", token))
            return f"{path}?{urlencode(query, safe='<>')}"

        next_uri = uri(page + 1, self._token(last)) if more and last else None
        start = page * size
        return _json(200, {
            "conferences": found,
            "end": start + max(len(found) - 1, 0),
            "first_page_uri": uri(0),
            "next_page_uri": next_uri,
            "page": page,
            "page_size": size,
            "previous_page_uri": uri(page - 1) if page > 0 else None,
            "start": start,
            "uri": uri(page, one.get("PageToken")),
        })

    def _date_checks(self, one: dict[str, str]) -> list[Callable[[_Store, str], bool]]:
        checks: list[Callable[[_Store, str], bool]] = []
        for name in _DATE_PARAMS:
            if name not in one:
                continue
            at = _midnight(one[name], name)
            stamps = "created" if name.startswith("DateCreated") else "updated"
            if name.endswith("<"):
                checks.append(lambda s, sid, a=at, f=stamps: _le(getattr(s, f)[sid], a))
            elif name.endswith(">"):
                checks.append(lambda s, sid, a=at, f=stamps: _ge(getattr(s, f)[sid], a))
            else:
                checks.append(lambda s, sid, a=at, f=stamps: _within_day(getattr(s, f)[sid], a))
        return checks

    @staticmethod
    def _token(position: tuple[float, str]) -> str:
        raw = f"{position[0]!r}|{position[1]}".encode()
        return "PT" + base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @staticmethod
    def _position(token: str | None) -> tuple[float, str] | None:
        if token is None:
            return None
        try:
            raw = base64.urlsafe_b64decode(token[2:] + "=" * (-len(token[2:]) % 4)).decode()
            stamp, sid = raw.split("|", 1)
            return float(stamp), sid
        except (ValueError, binascii.Error, UnicodeDecodeError):
            raise _ApiError(400, 20001, f"Invalid PageToken: {token!r}") from None

    def _fetch(self, path: str, sid: str) -> Response:
        with self._lock:
            record = self._store.by_sid.get(sid)
            if record is None:
                raise _ApiError(404, 20404, f"The requested resource {path} was not found")
            return _json(200, copy.deepcopy(record))

    def _update(self, path: str, sid: str, body: bytes) -> Response:
        form = {k: v[-1] for k, v in parse_qs(body.decode("utf-8", "replace"),
                                              keep_blank_values=True).items()}
        status = form.get("Status")
        if status is not None and status != "completed":
            raise _ApiError(400, 20001, f"Invalid Status: {status!r}; a conference can only "
                            "be set to 'completed'")
        with self._lock:
            record = self._store.by_sid.get(sid)
            if record is None:
                raise _ApiError(404, 20404, f"The requested resource {path} was not found")
            if status == "completed" and record.get("status") != "completed":
                record["status"] = "completed"
                record["reason_conference_ended"] = "conference-ended-via-api"
                record["call_sid_ending_conference"] = None
                record["date_updated"] = rfc2822(_dt.datetime.now(_dt.timezone.utc))
                self._store.updated[sid] = _stamp(record["date_updated"])
            return _json(200, copy.deepcopy(record))


def _le(stamp: float | None, at: float) -> bool:
    return stamp is not None and stamp <= at


def _ge(stamp: float | None, at: float) -> bool:
    return stamp is not None and stamp >= at


def _within_day(stamp: float | None, at: float) -> bool:
    return stamp is not None and at <= stamp < at + 86400
