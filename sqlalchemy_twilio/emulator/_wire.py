"""Twilio's wire format: responses, error JSON, RFC 2822 timestamps, form and query bodies."""

from __future__ import annotations

import calendar
import datetime as _dt
import json
import re
import time
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import parse_qs

__all__ = ["ApiError", "Request", "Response", "error_response", "format_stamp", "json_response",
           "not_found", "parse_form", "parse_stamp", "rfc2822"]

_REASONS = {200: "OK", 201: "Created", 204: "No Content", 400: "Bad Request",
            401: "Unauthorized", 404: "Not Found", 405: "Method Not Allowed",
            429: "Too Many Requests", 500: "Internal Server Error", 503: "Service Unavailable"}


@dataclass
class Response:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def reason(self) -> str:
        return _REASONS.get(self.status, "Error")


@dataclass(frozen=True)
class Request:
    """One API request as a resource handler sees it."""

    method: str
    path: str                       # as received, without the query string
    values: dict[str, str]          # the path's parameters, percent-decoded
    query: dict[str, list[str]]     # name → every value given
    form: dict[str, list[str]]      # a POST's form body, name → every value given


class ApiError(Exception):
    """A request Twilio refuses: answered as Twilio's error JSON."""

    def __init__(self, status: int, code: int, message: str,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.headers = headers or {}


def not_found(path: str) -> ApiError:
    return ApiError(404, 20404, f"The requested resource {path} was not found")


def invalid(name: str, why: str, code: int = 20001) -> ApiError:
    return ApiError(400, code, f"Invalid {name}: {why}")


def json_response(status: int, payload: Any, headers: dict[str, str] | None = None
                  ) -> Response:
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    return Response(status, body, {"Content-Type": "application/json; charset=utf-8",
                                   **(headers or {})})


def error_response(status: int, code: int, message: str,
                   headers: dict[str, str] | None = None) -> Response:
    return json_response(status, {"code": code, "message": message,
                                  "more_info": f"https://www.twilio.com/docs/errors/{code}",
                                  "status": status}, headers)


def no_content() -> Response:
    return Response(204, b"")


def parse_form(body: bytes) -> dict[str, list[str]]:
    """An ``application/x-www-form-urlencoded`` body: each name with the list of its values."""
    return parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)


# -- RFC 2822 timestamps ---------------------------------------------------------------------

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_NUMBER = {m: i for i, m in enumerate(_MONTHS, 1)}


def format_stamp(stamp: float) -> str:
    """``Fri, 18 Feb 2011 19:26:50 +0000`` for a POSIX time (whole seconds, UTC)."""
    t = time.gmtime(int(stamp))
    return (f"{_DAYS[t.tm_wday]}, {t.tm_mday:02d} {_MONTHS[t.tm_mon - 1]} {t.tm_year} "
            f"{t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d} +0000")


def rfc2822(moment: _dt.datetime) -> str:
    return format_stamp(moment.timestamp())


#: An obsolete two- or three-digit year, after its month.
_SHORT_YEAR = re.compile(r"(?<=[A-Za-z]{3} )(\d{2,3})(?= |$)")


def _full_year(match: re.Match[str]) -> str:
    # RFC 5322 §4.3: 00-49 are 2000-2049, 50-99 are 1950-1999, three digits are plus 1900.
    digits = match.group(1)
    year = int(digits)
    return str(year + (2000 if len(digits) == 2 and year < 50 else 1900))


def parse_stamp(value: Any) -> float | None:
    """The POSIX time of an RFC 2822 timestamp; None for null or an empty string."""
    if not value:
        return None
    text = str(value)
    parts = text.split()
    if len(parts) == 6 and parts[5] in ("+0000", "GMT", "-0000") and len(parts[3]) == 4:
        try:
            hh, mm, ss = parts[4].split(":")
            return float(calendar.timegm((int(parts[3]), _MONTH_NUMBER[parts[2]],
                                          int(parts[1]), int(hh), int(mm), int(ss))))
        except (KeyError, ValueError):
            pass
    return parsedate_to_datetime(_SHORT_YEAR.sub(_full_year, text, count=1)).timestamp()
