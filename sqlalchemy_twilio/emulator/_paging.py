"""Twilio's paging (``PageSize``, ``Page``, ``PageToken``, the envelope of a list answer) and the
date filters lists share.

A ``PageToken`` is opaque to clients: it holds the position (the sort key) of the last record
of the page before, so the next page starts just after it whatever was created, updated or
deleted in between.
"""

from __future__ import annotations

import base64
import binascii
import datetime as _dt
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from ._params import Day, Instant, last
from ._wire import ApiError, invalid

__all__ = ["Check", "DateWindow", "Page", "Position", "all_of", "date_window", "envelope",
           "equals", "list_answer", "read_page", "text_filters", "within"]

Position = tuple[Any, ...]


@dataclass(frozen=True)
class Page:
    size: int
    number: int
    token: str | None
    position: Position | None


def encode_token(position: Position) -> str:
    raw = json.dumps(list(position), separators=(",", ":")).encode()
    return "PT" + base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_token(token: str, shape: Sequence[type]) -> Position:
    """The position a token holds; a 400 unless it has the list's ``shape`` of types."""
    try:
        if not token.startswith("PT"):
            raise ValueError(token)
        body = token[2:]
        raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)).decode()
        value = json.loads(raw)
        if not isinstance(value, list) or len(value) != len(shape):
            raise ValueError(token)
        out = []
        for item, kind in zip(value, shape):
            if kind is float and isinstance(item, int) and not isinstance(item, bool):
                item = float(item)
            if not isinstance(item, kind) or isinstance(item, bool):
                raise ValueError(token)
            out.append(item)
        return tuple(out)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise invalid("PageToken", f"{token!r}") from None


def read_page(query: Mapping[str, list[str]], shape: Sequence[type]) -> Page:
    one = last(query)
    size_text = one.get("PageSize", "50")
    if not re.fullmatch(r"\d{1,9}", size_text) or not 1 <= int(size_text) <= 1000:
        raise ApiError(400, 20007, f"Invalid PageSize: {size_text!r} is not between 1 "
                       "and 1000")
    page_text = one.get("Page", "0")
    if not re.fullmatch(r"\d{1,9}", page_text):
        raise invalid("Page", f"{page_text!r}")
    token = one.get("PageToken")
    position = decode_token(token, shape) if token is not None else None
    return Page(int(size_text), int(page_text), token, position)


def take(rows: Iterable[tuple[Position, dict[str, Any]]], size: int
         ) -> tuple[list[dict[str, Any]], Position | None]:
    """The first ``size`` records of ``rows`` (newest first), and the position to continue
    from when there are more (None when the list ends here)."""
    found: list[dict[str, Any]] = []
    last_position: Position | None = None
    iterator: Iterator[tuple[Position, dict[str, Any]]] = iter(rows)
    for position, record in iterator:
        if len(found) == size:
            return found, last_position
        found.append(record)
        last_position = position
    return found, None


def envelope(path: str, list_key: str, records: list[dict[str, Any]], page: Page,
             echo: Sequence[tuple[str, str]], more: Position | None) -> dict[str, Any]:
    """A list answer as Twilio sends it. ``echo`` are the filters, kept in every page URI."""
    def uri(number: int, token: str | None = None) -> str:
        query = [*echo, ("PageSize", str(page.size)), ("Page", str(number))]
        if token:
            query.append(("PageToken", token))
        return f"{path}?{urlencode(query, safe='<>')}"

    start = page.number * page.size
    return {
        list_key: records,
        "end": start + max(len(records) - 1, 0),
        "first_page_uri": uri(0),
        "next_page_uri": uri(page.number + 1, encode_token(more)) if more else None,
        "page": page.number,
        "page_size": page.size,
        "previous_page_uri": uri(page.number - 1) if page.number > 0 else None,
        "start": start,
        "uri": uri(page.number, page.token),
    }


def echo(query: Mapping[str, list[str]], names: Sequence[str]) -> list[tuple[str, str]]:
    one = last(query)
    return [(n, one[n]) for n in names if n in one]


# -- date filters ----------------------------------------------------------------------------

_DAY = 86400.0


def midnight(day: _dt.date) -> float:
    return _dt.datetime.combine(day, _dt.time(), _dt.timezone.utc).timestamp()


@dataclass(frozen=True)
class DateWindow:
    """The instants ``[low, high]`` a record's timestamp must lie in (``high_open`` makes the
    upper edge exclusive); None is unbounded."""

    low: float | None = None
    high: float | None = None
    high_open: bool = False

    def __call__(self, stamp: float | None) -> bool:
        if stamp is None:
            return False
        if self.low is not None and stamp < self.low:
            return False
        if self.high is not None and (stamp >= self.high if self.high_open
                                      else stamp > self.high):
            return False
        return True


def date_window(query: Mapping[str, list[str]], base: str, *, before_open: bool = False,
                instants: bool = False) -> list[DateWindow]:
    """The windows Twilio's ``X``, ``X<`` and ``X>`` parameters ask for, read strictly:
    ``X=D`` is during UTC day D; ``X>`` is at or after D 00:00:00; ``X<`` is at or before
    D 00:00:00 (or, with ``before_open``, where the docs say "before this date", strictly
    before it). With ``instants`` (the spec types the parameter as a date-time, and Twilio's
    SDKs send one) an ISO 8601 instant stands for its UTC day: Twilio documents these
    filters by day only."""
    windows = []
    for suffix in ("", "<", ">"):
        name = base + suffix
        if name not in query:
            continue
        text = query[name][-1]
        if instants and "T" in text:
            day = Instant().parse(name, text).date()
        else:
            day = Day().parse(name, text)
        at = midnight(day)
        if suffix == "":
            windows.append(DateWindow(at, at + _DAY, high_open=True))
        elif suffix == "<":
            windows.append(DateWindow(None, at, high_open=before_open))
        else:
            windows.append(DateWindow(at, None))
    return windows


# A list filter: does the record (with its key) stay in the list?
Check = Callable[[str, dict[str, Any]], bool]


def equals(field: str, value: Any) -> Check:
    return lambda _key, record: record.get(field) == value


def text_filters(query: Mapping[str, list[str]], fields: Mapping[str, str]) -> list[Check]:
    """Exact matches of the query parameters present (parameter name → record field)."""
    one = last(query)
    return [equals(field, one[name]) for name, field in fields.items() if name in one]


def within(stamp: Callable[[str, str], float | None], field: str,
           windows: Sequence[DateWindow]) -> list[Check]:
    """Checks that a record's ``field`` (parsed by ``stamp(field, key)``) lies in each window."""
    def check(window: DateWindow) -> Check:
        return lambda key, _record: window(stamp(field, key))
    return [check(w) for w in windows]


def narrowing(field: str, windows: Sequence[DateWindow]
              ) -> tuple[str, float | None, float | None] | None:
    """The stamps ``field`` must lie between for every window (a hint for ``Table.scan``,
    which looks at those records only), or None where no window bounds it."""
    lows = [w.low for w in windows if w.low is not None]
    highs = [w.high for w in windows if w.high is not None]
    if not lows and not highs:
        return None
    return field, max(lows) if lows else None, min(highs) if highs else None


def all_of(checks: Sequence[Check]) -> Check:
    if not checks:
        return lambda _key, _record: True
    if len(checks) == 1:
        return checks[0]
    return lambda key, record: all(c(key, record) for c in checks)


def list_answer(path: str, list_key: str, query: Mapping[str, list[str]],
                rows: Callable[[Position | None], Iterable[tuple[Position, dict[str, Any]]]],
                echo_names: Sequence[str], shape: Sequence[type] = (float, str)
                ) -> dict[str, Any]:
    """One page of a list: ``rows(position)`` yields the matching records newest first,
    strictly after ``position``."""
    page = read_page(query, shape)
    found, more = take(rows(page.position), page.size)
    return envelope(path, list_key, found, page, echo(query, echo_names), more)
