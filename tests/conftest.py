"""Shared fixtures: a running emulator over real HTTP on 127.0.0.1, and connections to it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sqlalchemy_twilio.emulator import Emulator

#: Test directories that never load SQLAlchemy (the emulator, the HTTP client, the
#: declarations, the DB-API's differential oracle): the SQLAlchemy 1.4 session skips them, as
#: they would run the same code twice. ``tests/test_style.py`` checks that they load none.
WITHOUT_SQLALCHEMY = ("client", "emulator", "oracle", "resources", "spec")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if item.path.relative_to(here).parts[0] in WITHOUT_SQLALCHEMY:
            item.add_marker(pytest.mark.without_sqlalchemy)


# Tests pin the emulator's clock so sample data (and boundary records) are the same every day.
UNTIL = "2026-06-30"


@pytest.fixture(scope="session")
def emulator() -> Iterator[Emulator]:
    """2500 conferences, shared and never written to: read-only tests use it."""
    with Emulator(conferences=2500, seed=1, until=UNTIL) as emu:
        yield emu


@pytest.fixture()
def emu(emulator: Emulator) -> Emulator:
    """The shared emulator with an empty request log."""
    emulator.reset()
    return emulator


@pytest.fixture(scope="session")
def live_emulator() -> Iterator[Emulator]:
    """120 conferences (about a third live, with participants and recordings), calls,
    messages and usage, shared and never written to."""
    with Emulator(conferences=120, seed=3, until=UNTIL) as emu:
        yield emu


@pytest.fixture()
def writable_emulator() -> Iterator[Emulator]:
    """A fresh emulator of its own, for tests that change conferences."""
    with Emulator(conferences=200, seed=7, until=UNTIL) as emu:
        yield emu


def settings(emu: Emulator, **extra: Any) -> dict[str, Any]:
    """DB-API connect() settings for an emulator."""
    return dict(account_sid=emu.account_sid, username=emu.account_sid,
                password=emu.auth_token, base_url=emu.base_url, **extra)


def data_key(list_path: str) -> str:
    """The emulator's key (of ``--data`` and ``Emulator.table``) for a declared list path:
    the path below the account, or ``/Accounts.json`` for the list above it."""
    return list_path.removeprefix("/2010-04-01/Accounts/{AccountSid}").removeprefix(
        "/2010-04-01")


def api_requests(emu: Emulator) -> list[dict[str, Any]]:
    """The API requests the emulator has served since its log was last reset."""
    return [r for r in emu.requests() if not r["path"].startswith("/_emulator")]


# -- records in Twilio's shape, for emulators with hand-made data ----------------------------

DATA_ACCOUNT = "AC" + "5" * 32


def conference_record(sid: str, created: str, *, name: str = "room", status: str = "init",
                      account: str = DATA_ACCOUNT) -> dict[str, Any]:
    """A conference as Twilio sends it; ``created`` is RFC 2822."""
    base = f"/2010-04-01/Accounts/{account}/Conferences/{sid}"
    return {
        "account_sid": account, "api_version": "2010-04-01",
        "call_sid_ending_conference": None, "date_created": created, "date_updated": created,
        "friendly_name": name, "reason_conference_ended":
            "last-participant-left" if status == "completed" else None,
        "region": "us1", "sid": sid, "status": status,
        "subresource_uris": {"participants": f"{base}/Participants.json",
                             "recordings": f"{base}/Recordings.json"},
        "uri": f"{base}.json",
    }


def prefix_sid(n: int) -> str:
    """Conference SIDs that share their first 28 hex digits: ``CF000…000n``."""
    return f"CF{n:032x}"


def prefix_conferences(count: int) -> list[dict[str, Any]]:
    """``count`` conferences whose SIDs differ only in their last hex digits, spread over
    2025 with some at exactly midnight, in every status."""
    import datetime as dt
    from email.utils import format_datetime

    start = dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)
    out = []
    for i in range(count):
        moment = start + dt.timedelta(hours=61 * i, seconds=0 if i % 5 == 0 else 17 * i)
        out.append(conference_record(
            prefix_sid(i + 1), format_datetime(moment), name=f"room {i % 7}",
            status=("init", "in-progress", "completed")[i % 3]))
    return out


# -- the emulator's handler as an httpx transport, optionally broken on purpose -------------

def app_transport(emu: Emulator, tamper: Any = None) -> Any:
    """An httpx transport answering from ``emu``'s request handler (no socket). ``tamper``,
    given the request and the emulator's answer as (status, parsed JSON), may return another
    (status, body) to send instead, the body as JSON or as text."""
    import json

    import httpx

    def handle(request: httpx.Request) -> httpx.Response:
        path, _, query = request.url.raw_path.decode("ascii").partition("?")
        headers = {k.lower(): v for k, v in request.headers.items()}
        answer = emu.app.handle(request.method, path, query, headers, request.content)
        if tamper is not None:
            changed = tamper(request, answer.status, json.loads(answer.body))
            if changed is not None:
                status, body = changed
                if isinstance(body, str):
                    return httpx.Response(status, text=body)
                return httpx.Response(status, json=body)
        return httpx.Response(answer.status, content=answer.body, headers=answer.headers)

    return httpx.MockTransport(handle)


def connect_through(emu: Emulator, tamper: Any = None, **extra: Any) -> Any:
    """A DB-API connection whose requests go to ``emu``'s handler through ``app_transport``."""
    from sqlalchemy_twilio import dbapi
    from sqlalchemy_twilio.client import ClientConfig, TwilioClient

    config = ClientConfig(**settings(emu, **extra))
    client = TwilioClient(config, transport=app_transport(emu, tamper), sleep=lambda s: None)
    return dbapi.connect(client=client)
