"""Plain HTTP helpers for talking to the emulator the way any Twilio client would."""

from __future__ import annotations

import datetime as dt
import functools
import json
import selectors
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from sqlalchemy_twilio.emulator import Emulator

DATE_PARAMS = ("DateCreated", "DateCreated<", "DateCreated>",
               "DateUpdated", "DateUpdated<", "DateUpdated>")


def http(emu: Emulator, username: str | None = None, password: str | None = None
         ) -> httpx.Client:
    """An httpx client with Basic auth (the account's own credentials unless given)."""
    return httpx.Client(base_url=emu.base_url, timeout=10,
                        auth=(username or emu.account_sid, password or emu.auth_token))


def list_path(emu: Emulator) -> str:
    return f"/2010-04-01/Accounts/{emu.account_sid}/Conferences.json"


def one_path(emu: Emulator, sid: str) -> str:
    return f"/2010-04-01/Accounts/{emu.account_sid}/Conferences/{sid}.json"


def list_all(client: httpx.Client, path: str, params: dict[str, Any] | None = None, *,
             key: str = "conferences"
             ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Every record of a list, following ``next_page_uri``; also the pages as sent."""
    pages: list[dict[str, Any]] = []
    response = client.get(path, params=params)
    while True:
        assert response.status_code == 200, response.text
        page = response.json()
        pages.append(page)
        if not page["next_page_uri"]:
            break
        response = client.get(page["next_page_uri"])
    return [r for p in pages for r in p[key]], pages


@functools.cache
def moment(text: str) -> dt.datetime:
    return parsedate_to_datetime(text)


def midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), dt.timezone.utc)


def reference_filter(records: list[dict[str, Any]], params: dict[str, str]
                     ) -> list[dict[str, Any]]:
    """The strict reading of Twilio's filters, in plain Python over the records."""
    def keep(record: dict[str, Any]) -> bool:
        for name, value in params.items():
            if name == "FriendlyName":
                if record["friendly_name"] != value:
                    return False
            elif name == "Status":
                if record["status"] != value:
                    return False
            elif name in DATE_PARAMS:
                field = "date_created" if name.startswith("DateCreated") else "date_updated"
                at = moment(record[field])
                start = midnight(dt.date.fromisoformat(value))
                if name.endswith("<"):
                    ok = at <= start
                elif name.endswith(">"):
                    ok = at >= start
                else:
                    ok = start <= at < start + dt.timedelta(days=1)
                if not ok:
                    return False
        return True
    return [r for r in records if keep(r)]


# -- every table ------------------------------------------------------------------------------

LIST_KEYS = {
    "/Conferences.json": "conferences",
    "/Conferences/{ConferenceSid}/Participants.json": "participants",
    "/Conferences/{ConferenceSid}/Recordings.json": "recordings",
    "/Recordings.json": "recordings",
    "/Calls/{CallSid}/Recordings.json": "recordings",
    "/Calls.json": "calls",
    "/Messages.json": "messages",
    **{f"/Usage/Records{p}.json": "usage_records"
       for p in ("", "/Daily", "/Monthly", "/Yearly", "/AllTime", "/Today", "/Yesterday",
                 "/ThisMonth", "/LastMonth")},
}


def api(emu: Emulator, template: str, **values: str) -> str:
    """The full path of a list or instance path written relative to the account (or of
    ``/Accounts.json`` and ``/Accounts/{Sid}.json``, the paths above it)."""
    if template.startswith("/Accounts"):
        return "/2010-04-01" + template.format(**values)
    return f"/2010-04-01/Accounts/{emu.account_sid}{template.format(**values)}"


def scan(client: httpx.Client, path: str, key: str, params: dict[str, Any] | None = None
         ) -> list[dict[str, Any]]:
    """Every record of a list, following next_page_uri (1000 a page unless told)."""
    records, _ = list_all(client, path, {"PageSize": 1000, **(params or {})}, key=key)
    return records


def assert_twilio_error(response: httpx.Response, status: int, code: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["status"] == status and body["code"] == code, body
    assert body["message"]
    assert body["more_info"] == f"https://www.twilio.com/docs/errors/{code}"
    return body


def day_matches(text: str | None, suffix: str, day: dt.date, *, before_open: bool = False
                ) -> bool:
    """The strict reading of a day filter ``X``/``X<``/``X>`` = ``day`` on a timestamp: during
    the UTC day; at or before (``before_open``: strictly before) its 00:00:00; at or after
    its 00:00:00. A null timestamp matches nothing."""
    if not text:
        return False
    at, start = moment(text), midnight(day)
    if suffix == "<":
        return at < start if before_open else at <= start
    if suffix == ">":
        return at >= start
    return start <= at < start + dt.timedelta(days=1)


def boundary_days(records: list[dict[str, Any]], field: str) -> list[dt.date]:
    """The days of records stamped at exactly 00:00:00 or 23:59:59 UTC, and the days after."""
    days: set[dt.date] = set()
    for record in records:
        if record.get(field):
            at = moment(record[field])
            if at.time() in (dt.time(0, 0, 0), dt.time(23, 59, 59)):
                days |= {at.date(), at.date() + dt.timedelta(days=1)}
    return sorted(days)


@contextmanager
def run_emulator(*args: str) -> Iterator[tuple[subprocess.Popen[str], dict[str, Any]]]:
    """Start the emulator as a user would, read its first line, and stop it with SIGTERM."""
    proc = subprocess.Popen([sys.executable, "-m", "sqlalchemy_twilio.emulator", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        with selectors.DefaultSelector() as sel:
            sel.register(proc.stdout, selectors.EVENT_READ)  # type: ignore[arg-type]
            assert sel.select(timeout=20), "the emulator printed nothing within 20 s"
        line = proc.stdout.readline()  # type: ignore[union-attr]
        assert line, proc.stderr.read()  # type: ignore[union-attr]
        yield proc, json.loads(line)
    finally:
        if proc.poll() is None:
            proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover - only when the test fails
            proc.kill()
            proc.wait()
