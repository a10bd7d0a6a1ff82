"""Request parameters: what each one may hold, checked the way Twilio checks it.

A write declares its parameters as a mapping of name to :class:`Kind`; :func:`read_form` turns a
form body into checked Python values and refuses a name the write does not take. A list reads
its query parameters one by one with the same kinds (an unknown query parameter is ignored, as
Twilio does).
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ._wire import ApiError, invalid

__all__ = ["Bool", "Day", "Float", "Instant", "Int", "Kind", "List", "OneOf", "Sid", "Text",
           "Url", "last", "read_form", "read_query"]

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


class Kind:
    """What one parameter may hold; ``parse`` returns the Python value or raises ApiError."""

    many = False

    def parse(self, name: str, text: str) -> Any:
        return text


@dataclass(frozen=True)
class Text(Kind):
    max_length: int | None = None
    code: int = 20001

    def parse(self, name: str, text: str) -> Any:
        if self.max_length is not None and len(text) > self.max_length:
            raise invalid(name, f"longer than {self.max_length} characters", self.code)
        return text


@dataclass(frozen=True)
class Bool(Kind):
    def parse(self, name: str, text: str) -> Any:
        lowered = text.lower()
        if lowered not in ("true", "false"):
            raise invalid(name, f"{text!r} is not true or false")
        return lowered == "true"


@dataclass(frozen=True)
class Int(Kind):
    low: int | None = None
    high: int | None = None

    def parse(self, name: str, text: str) -> Any:
        if not re.fullmatch(r"-?\d{1,12}", text):
            raise invalid(name, f"{text!r} is not an integer")
        value = int(text)
        if (self.low is not None and value < self.low) or (
                self.high is not None and value > self.high):
            raise invalid(name, f"{value} is not between {self.low} and {self.high}")
        return value


@dataclass(frozen=True)
class Float(Kind):
    def parse(self, name: str, text: str) -> Any:
        try:
            return float(text)
        except ValueError:
            raise invalid(name, f"{text!r} is not a number") from None


@dataclass(frozen=True)
class OneOf(Kind):
    values: tuple[str, ...]

    def parse(self, name: str, text: str) -> Any:
        if text not in self.values:
            raise invalid(name, f"{text!r} is not one of " + ", ".join(self.values))
        return text


METHOD = OneOf(("GET", "POST"))


@dataclass(frozen=True)
class Sid(Kind):
    prefix: str

    def parse(self, name: str, text: str) -> Any:
        if not re.fullmatch(rf"{self.prefix}[0-9a-fA-F]{{32}}", text):
            raise invalid(name, f"{text!r} is not a {self.prefix} SID")
        return text


@dataclass(frozen=True)
class Url(Kind):
    """An absolute http(s) URL (Twilio calls it back, so a relative one cannot work)."""

    code: int = 20001

    def parse(self, name: str, text: str) -> Any:
        if not re.fullmatch(r"https?://[^\s/]+\S*", text):
            raise invalid(name, f"{text!r} is not an absolute http(s) URL", self.code)
        return text


@dataclass(frozen=True)
class Day(Kind):
    """A UTC day as ``YYYY-MM-DD``, returned as a ``date``."""

    def parse(self, name: str, text: str) -> Any:
        if not _DAY.fullmatch(text):
            raise invalid(name, f"{text!r} is not a date as YYYY-MM-DD")
        try:
            return _dt.date.fromisoformat(text)
        except ValueError:
            raise invalid(name, f"{text!r} is not a date as YYYY-MM-DD") from None


@dataclass(frozen=True)
class Instant(Kind):
    """An ISO 8601 date and time with its offset (``2026-07-01T12:00:00Z``), as UTC."""

    def parse(self, name: str, text: str) -> Any:
        try:
            moment = _dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            moment = None
        if moment is None or moment.tzinfo is None or "T" not in text:
            raise invalid(name, f"{text!r} is not an ISO 8601 date and time with an offset")
        return moment.astimezone(_dt.timezone.utc)


@dataclass(frozen=True)
class List(Kind):
    """A parameter given any number of times; each value is of ``item``."""

    item: Kind
    max_items: int | None = None

    many = True

    def parse(self, name: str, text: str) -> Any:
        return self.item.parse(name, text)


def last(values: Mapping[str, list[str]]) -> dict[str, str]:
    return {k: v[-1] for k, v in values.items()}


def read_form(form: Mapping[str, list[str]], kinds: Mapping[str, Kind],
              required: Mapping[str, int] | None = None) -> dict[str, Any]:
    """Check a form against the parameters a write takes: each value parsed by its kind (a
    repeated parameter keeps its last value unless its kind is a List), a name the write does
    not take refused, and each name in ``required`` present (else a 400 with its code)."""
    unknown = sorted(set(form) - set(kinds))
    if unknown:
        raise ApiError(400, 20001, f"Unknown parameter {unknown[0]!r}: this request takes "
                       + ", ".join(sorted(kinds)))
    out: dict[str, Any] = {}
    for name, values in form.items():
        kind = kinds[name]
        if kind.many:
            assert isinstance(kind, List)
            if kind.max_items is not None and len(values) > kind.max_items:
                raise invalid(name, f"at most {kind.max_items} values are allowed")
            out[name] = [kind.parse(name, v) for v in values]
        else:
            out[name] = kind.parse(name, values[-1])
    for name, code in (required or {}).items():
        if name not in out or out[name] in ("", []):
            raise ApiError(400, code, f"Required parameter {name} missing")
    return out


def read_query(query: Mapping[str, list[str]], name: str, kind: Kind) -> Any:
    """One query parameter checked by its kind, or None when it is absent."""
    if name not in query:
        return None
    return kind.parse(name, query[name][-1])
