"""The HTTP client: authentication, host, paging, retries and error mapping."""

from __future__ import annotations

import base64
import copy
import datetime as _dt
import json
import logging
import platform
import random
import re
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

import httpx

from ._cache import ResponseCache
from ._config import ClientConfig
from ._exceptions import (
    TwilioAPIError,
    TwilioError,
    TwilioResponseError,
    TwilioTransportError,
    error_class,
)
from ._limit import Concurrency
from ._paging import PageWalk
from ._retry import RETRY_STATUSES, RetryPolicy

__all__ = ["TwilioClient"]

logger = logging.getLogger("sqlalchemy_twilio.client")

# Paths are built from validated parts, but nothing that could climb out of the API's own
# paths is ever sent: a traversal, an encoded slash or dot, a scheme or a host.
_UNSAFE_PATH = re.compile(r"\.\.|%2[fFeE]|%5[cC]|\\|//|[?#\s]|^[a-zA-Z][a-zA-Z0-9+.-]*:")
# Failures that happen before a request is on the wire: repeating it cannot act twice.
_NEVER_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
_ACCOUNT_PATH = re.compile(r"^/\d{4}-\d\d-\d\d/Accounts/[^/.]+")
#: A write's form: each parameter with one value, or several (sent repeated).
Form = Mapping[str, str] | Sequence[tuple[str, str]]
# An Authorization header as an error page might echo it, whatever the credentials in it.
_AUTH_HEADER = re.compile(r"(?i)(\b(?:basic|bearer)\s+)[A-Za-z0-9+/=._~-]{16,}")


def _form(form: Form) -> dict[str, Any]:
    """A form as httpx takes it: a parameter given several times becomes a list."""
    out: dict[str, Any] = {}
    for name, value in (form.items() if isinstance(form, Mapping) else form):
        if name in out:
            out[name] = [*out[name], value] if isinstance(out[name], list) else [out[name], value]
        else:
            out[name] = value
    return out


def _account_prefix(path: str) -> str:
    match = _ACCOUNT_PATH.match(path)
    return match.group(0) if match else path.rpartition("/")[0]


def _user_agent() -> str:
    from .. import __version__

    return f"sqlalchemy-twilio/{__version__} (Python {platform.python_version()})"


def _utc(stamp: Any) -> _dt.datetime | None:
    """An RFC 2822 date (Twilio's fields, HTTP's ``Date``) as an aware UTC datetime; None if it
    is not one. A date without a zone (``-0000``) is UTC."""
    if not isinstance(stamp, str) or not stamp:
        return None
    try:
        when = parsedate_to_datetime(stamp)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return when.replace(tzinfo=_dt.timezone.utc)
    return when.astimezone(_dt.timezone.utc)


class TwilioClient:
    """A synchronous Twilio REST client: one ``httpx.Client`` (kept alive) per instance.

    Safe to use from several threads at once.
    """

    def __init__(self, config: ClientConfig, *, transport: httpx.BaseTransport | None = None,
                 sleep: Callable[[float], None] = time.sleep,
                 retry: RetryPolicy | None = None) -> None:
        self.config = config
        self.retry = retry or RetryPolicy(max_retries=config.max_retries,
                                          budget=config.retry_budget)
        self._sleep = sleep
        self.cache = ResponseCache(config.cache_ttl) if config.cache_ttl else None
        #: Twilio's clock less this machine's, from the Date of its answers (None: unknown).
        self._skew: float | None = None
        #: Requests in flight, across every connection that shares this client.
        self.concurrency = Concurrency(config.max_concurrency)
        self._created: dict[str, _dt.date | None] = {}
        self._rng = random.Random()
        self._rng_lock = threading.Lock()
        self._http = httpx.Client(
            base_url=config.origin,
            auth=httpx.BasicAuth(config.username, config.password.get_secret_value()),
            timeout=config.timeout,
            headers={"User-Agent": _user_agent(), "Accept": "application/json"},
            transport=transport,
            follow_redirects=False,
        )

    @property
    def account_sid(self) -> str:
        return self.config.account_sid

    def server_today(self) -> _dt.date | None:
        """Today (UTC) by Twilio's clock, as the ``Date`` of its last answer says it; None
        before any answer. Retention windows are Twilio's days, not this machine's."""
        if self._skew is None:
            return None
        return _dt.datetime.fromtimestamp(time.time() + self._skew, _dt.timezone.utc).date()

    def known_account_created(self, account_sid: str) -> _dt.date | None:
        """The account's creation day if this client has asked for it already."""
        return self._created.get(account_sid)

    def account_created(self, account_sid: str) -> _dt.date | None:
        """The day an account was created (no record of it is older), asked once per client;
        None if Twilio will not say (an API key may not read the account)."""
        if account_sid not in self._created:
            day = None
            try:
                record = self.fetch(f"/2010-04-01/Accounts/{account_sid}.json")
            except TwilioError as exc:
                logger.debug("the account's creation day is unknown: %s", type(exc).__name__)
            else:
                when = _utc(record.get("date_created")) if record else None
                day = when.date() if when is not None else None
            self._created[account_sid] = day
        return self._created[account_sid]

    def _note_date(self, response: httpx.Response) -> None:
        when = _utc(response.headers.get("Date"))
        if when is not None:
            self._skew = when.timestamp() - time.time()

    # -- the three operations -------------------------------------------------------------

    def iter_pages(self, path: str, params: Mapping[str, str] | None = None, *,
                   list_key: str, page_size: int | None = None) -> Iterator[dict[str, Any]]:
        """Every page of a list, lazily: a page is requested only when the one before it
        has been consumed. The first request carries ``params`` and ``PageSize``; later ones
        follow ``next_page_uri`` exactly as Twilio gives it. Each page is checked to be a
        list page holding its ``list_key`` list (see :class:`PageWalk`), so a malformed
        answer or a paging loop is an error, never a short or endless answer."""
        size = max(1, min(1000, self.config.page_size if page_size is None else page_size))
        query: dict[str, str] | None = {**(params or {}), "PageSize": str(size)}
        url: str | None = self._safe_path(path)
        walk = PageWalk(path, list_key)
        while url is not None:
            page = self._request("GET", url, params=query)
            walk.check(page)
            yield page
            url, query = self._next_url(page.get("next_page_uri")), None
            if url is not None:
                walk.follow(url)

    def iter_records(self, path: str, params: Mapping[str, str] | None = None, *,
                     list_key: str, page_size: int | None = None
                     ) -> Iterator[dict[str, Any]]:
        """Every record of a list, lazily, page by page."""
        for page in self.iter_pages(path, params, list_key=list_key, page_size=page_size):
            yield from page[list_key]

    def fetch(self, path: str) -> dict[str, Any] | None:
        """One record, or None if Twilio says it does not exist (404)."""
        try:
            record = self._request("GET", self._safe_path(path))
        except TwilioAPIError as exc:
            if exc.status == 404:
                return None
            raise
        if not isinstance(record, dict):
            raise TwilioResponseError(
                f"Twilio's answer to GET {path} is not a record: expected a JSON object, got "
                f"{type(record).__name__}")
        return record

    def update(self, path: str, form: Form) -> dict[str, Any]:
        """Change a record with a form-encoded POST to its instance; returns the record as
        Twilio now has it. Retried like a read: setting the same values twice is setting
        them once."""
        return self._record("POST", path, self._request("POST", self._safe_path(path),
                                                        data=_form(form)))

    def create(self, path: str, form: Form) -> dict[str, Any]:
        """Create a record with a form-encoded POST to its list (it may dial a phone or send
        a message). Retried only when Twilio provably did not act on it: the connection was
        refused, or Twilio answered 429. After a 5xx or a lost answer, the error says it may
        have taken effect."""
        answer = self._request("POST", self._safe_path(path), data=_form(form),
                               idempotent=False)
        return self._record("POST", path, answer)

    def delete(self, path: str) -> bool:
        """Delete a record: True if this request deleted it, False if it was gone already
        (Twilio's 404: another request, or an earlier attempt of this one, deleted it).
        Retried like a read."""
        try:
            self._request("DELETE", self._safe_path(path))
        except TwilioAPIError as exc:
            if exc.status == 404:
                return False
            raise
        return True

    @staticmethod
    def _record(method: str, path: str, answer: Any) -> dict[str, Any]:
        if not isinstance(answer, dict):
            raise TwilioResponseError(
                f"Twilio's answer to {method} {path} is not a record: expected a JSON object, "
                f"got {type(answer).__name__}")
        return answer

    # -- plumbing -------------------------------------------------------------------------

    def _safe_path(self, path: str) -> str:
        if not path.startswith("/") or _UNSAFE_PATH.search(path):
            raise ValueError(f"refusing to request an unsafe path: {path[:120]!r}")
        return path

    def _next_url(self, next_uri: Any) -> str | None:
        if not next_uri:
            return None
        if not isinstance(next_uri, str):
            raise TwilioError("Twilio sent a next_page_uri that is not a string")
        parts = urlsplit(next_uri)
        if parts.scheme or parts.netloc:
            origin = urlsplit(self.config.origin)
            if (parts.scheme, parts.netloc) != (origin.scheme, origin.netloc):
                raise TwilioError("Twilio sent a next_page_uri on another host; not following it")
            next_uri = next_uri[len(f"{parts.scheme}://{parts.netloc}"):]
        path = urlsplit(next_uri).path
        self._safe_path(path)
        return next_uri

    def _wait(self, attempt: int, retry_after: str | None) -> float:
        with self._rng_lock:
            return self.retry.delay(attempt, retry_after, self._rng)

    def _request(self, method: str, url: str, *, params: Mapping[str, str] | None = None,
                 data: Mapping[str, Any] | None = None, idempotent: bool = True) -> Any:
        if self.cache is None:
            return self._send(method, url, params=params, data=data, idempotent=idempotent)
        if method != "GET":
            try:
                return self._send(method, url, params=params, data=data, idempotent=idempotent)
            finally:
                # A write can change any list of the account (kicking the last participant
                # ends the conference): forget every answer under the account.
                self.cache.drop_under(_account_prefix(urlsplit(url).path))
        key = str(self._http.build_request(method, url, params=params).url.raw_path, "ascii")
        cached = self.cache.get(key)
        if cached is None:
            cached = self._send(method, url, params=params)
            self.cache.put(key, cached)
        else:
            logger.debug("%s %s served from the cache", method, key)
        return copy.deepcopy(cached)

    def _retry(self, attempt: int, slept: float, retry_after: str | None = None
               ) -> float | None:
        """Sleep before retry ``attempt + 1`` and return the seconds slept, or None when the
        retries or their time budget are used up."""
        if attempt >= self.retry.max_retries:
            return None
        delay = self._wait(attempt, retry_after)
        if slept + delay > self.retry.budget:
            return None
        self._sleep(delay)
        return delay

    def _send(self, method: str, url: str, *, params: Mapping[str, str] | None = None,
              data: Mapping[str, Any] | None = None, idempotent: bool = True) -> Any:
        slept = 0.0
        attempt = 0
        path = urlsplit(url).path
        while True:
            started = time.perf_counter()
            try:
                with self.concurrency.slot():
                    response = self._http.request(method, url, params=params, data=data)
            except httpx.TransportError as exc:
                logger.debug("%s %s failed: %s", method, path, type(exc).__name__)
                # A request that never left is safe to repeat; one that may have reached
                # Twilio is repeated only if doing it twice is doing it once.
                unsent = isinstance(exc, _NEVER_SENT)
                delay = self._retry(attempt, slept) if idempotent or unsent else None
                if delay is not None:
                    slept += delay
                    attempt += 1
                    continue
                error = TwilioTransportError(
                    f"could not reach Twilio for {method} {path} after {attempt + 1} "
                    f"attempt{'s' if attempt else ''}: {type(exc).__name__}: {exc}")
                error.may_have_taken_effect = not idempotent and not unsent
                raise error from None
            logger.debug("%s %s -> %d (%.0f ms)", method, response.request.url.raw_path.decode(
                "ascii", "replace"), response.status_code,
                (time.perf_counter() - started) * 1000,
                extra={"twilio_request": True, "twilio_in_flight": self.concurrency.in_flight})
            status = response.status_code
            self._note_date(response)
            if status == 429:
                self.concurrency.throttled()
            else:
                self.concurrency.answered()
            if status == 204:
                return None
            if status < 400:
                try:
                    return response.json()
                except (json.JSONDecodeError, UnicodeDecodeError):
                    raise TwilioTransportError(
                        f"Twilio's answer to {method} {path} is not JSON") from None
            # 429: Twilio refused without acting, so even a create may be repeated.
            if status in RETRY_STATUSES and (idempotent or status == 429):
                delay = self._retry(attempt, slept, response.headers.get("Retry-After"))
                if delay is not None:
                    slept += delay
                    attempt += 1
                    continue
            error = self._error(response, method, path)
            error.may_have_taken_effect = not idempotent and status >= 500
            raise error from None

    def _redact(self, text: str) -> str:
        """``text`` from an answer, with every echo of the credentials taken out (some
        proxies copy the request's Authorization header into their error pages)."""
        secret = self.config.password.get_secret_value()
        basic = base64.b64encode(f"{self.config.username}:{secret}".encode()).decode()
        for value in (basic, secret):
            if value:
                text = text.replace(value, "[redacted]")
        return _AUTH_HEADER.sub(r"\1[redacted]", text)

    def _error(self, response: httpx.Response, method: str, path: str) -> TwilioAPIError:
        code = more_info = None
        message = response.reason_phrase or "error"
        try:
            body = response.json()
        except (json.JSONDecodeError, UnicodeDecodeError):
            body = None
            # Redacted before it is shortened, so no part of a secret survives the cut.
            text = self._redact(response.text.strip())
            if text:
                message = f"{message}: {text[:200]}"
        if isinstance(body, dict):
            code = body.get("code") if isinstance(body.get("code"), int) else None
            message = self._redact(str(body.get("message") or message))
            more_info = body.get("more_info") if isinstance(body.get("more_info"), str) else None
            more_info = self._redact(more_info) if more_info else more_info
        return error_class(response.status_code)(
            status=response.status_code, code=code, message=message, more_info=more_info,
            method=method, path=path)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> TwilioClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<TwilioClient {self.config.origin} account={self.config.account_sid}>"
