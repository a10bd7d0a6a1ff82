"""The HTTP client: authentication, host, paging, retries and error mapping."""

from __future__ import annotations

import base64
import copy
import json
import logging
import platform
import random
import re
import threading
import time
from collections.abc import Callable, Iterator, Mapping
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
from ._paging import PageWalk
from ._retry import RETRY_STATUSES, RetryPolicy

__all__ = ["TwilioClient"]

logger = logging.getLogger("sqlalchemy_twilio.client")

# Paths are built from validated parts, but nothing that could climb out of the API's own
# paths is ever sent: a traversal, an encoded slash or dot, a scheme or a host.
_UNSAFE_PATH = re.compile(r"\.\.|%2[fFeE]|%5[cC]|\\|//|[?#\s]|^[a-zA-Z][a-zA-Z0-9+.-]*:")
# An Authorization header as an error page might echo it, whatever the credentials in it.
_AUTH_HEADER = re.compile(r"(?i)(\b(?:basic|bearer)\s+)[A-Za-z0-9+/=._~-]{16,}")


def _user_agent() -> str:
    from .. import __version__

    return f"sqlalchemy-twilio/{__version__} (Python {platform.python_version()})"


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

    def update(self, path: str, data: Mapping[str, str]) -> dict[str, Any]:
        """Change a record with a form-encoded POST; returns the record as Twilio now has it."""
        record = self._request("POST", self._safe_path(path), data=dict(data))
        if not isinstance(record, dict):
            raise TwilioResponseError(
                f"Twilio's answer to POST {path} is not a record: expected a JSON object, got "
                f"{type(record).__name__}")
        return record

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
                 data: Mapping[str, str] | None = None) -> Any:
        if self.cache is None:
            return self._send(method, url, params=params, data=data)
        if method != "GET":
            answer = self._send(method, url, params=params, data=data)
            # A write changes what the resource's lists and fetches return: forget them all.
            self.cache.drop_under(urlsplit(url).path.rpartition("/")[0])
            return answer
        key = str(self._http.build_request(method, url, params=params).url.raw_path, "ascii")
        cached = self.cache.get(key)
        if cached is None:
            cached = self._send(method, url, params=params)
            self.cache.put(key, cached)
        else:
            logger.debug("%s %s served from the cache", method, key)
        return copy.deepcopy(cached)

    def _send(self, method: str, url: str, *, params: Mapping[str, str] | None = None,
              data: Mapping[str, str] | None = None) -> Any:
        slept = 0.0
        attempt = 0
        path = urlsplit(url).path
        while True:
            started = time.perf_counter()
            try:
                response = self._http.request(method, url, params=params, data=data)
            except httpx.TransportError as exc:
                # A POST that never reached Twilio is safe to repeat, and ending a conference
                # twice has the same effect as ending it once, so every method retries here.
                logger.debug("%s %s failed: %s", method, path, type(exc).__name__)
                if attempt < self.retry.max_retries:
                    delay = self._wait(attempt, None)
                    if slept + delay <= self.retry.budget:
                        self._sleep(delay)
                        slept += delay
                        attempt += 1
                        continue
                raise TwilioTransportError(
                    f"could not reach Twilio for {method} {path} after {attempt + 1} "
                    f"attempt{'s' if attempt else ''}: {type(exc).__name__}: {exc}") from None
            logger.debug("%s %s -> %d (%.0f ms)", method, response.request.url.raw_path.decode(
                "ascii", "replace"), response.status_code,
                (time.perf_counter() - started) * 1000, extra={"twilio_request": True})
            status = response.status_code
            if status < 400:
                try:
                    return response.json()
                except (json.JSONDecodeError, UnicodeDecodeError):
                    raise TwilioTransportError(
                        f"Twilio's answer to {method} {path} is not JSON") from None
            if status in RETRY_STATUSES and attempt < self.retry.max_retries:
                delay = self._wait(attempt, response.headers.get("Retry-After"))
                if slept + delay <= self.retry.budget:
                    self._sleep(delay)
                    slept += delay
                    attempt += 1
                    continue
            raise self._error(response, method, path) from None

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
