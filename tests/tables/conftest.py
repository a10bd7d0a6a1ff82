"""Emulators with live conferences, their participants and recordings, for the tables below
the account's conferences."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from sqlalchemy_twilio import dbapi
from sqlalchemy_twilio.emulator import Emulator
from tests.conftest import UNTIL, settings

PARTICIPANTS = "/Conferences/{ConferenceSid}/Participants.json"
RECORDINGS = "/Conferences/{ConferenceSid}/Recordings.json"


@pytest.fixture()
def lemu(live_emulator: Emulator) -> Emulator:
    live_emulator.reset()
    return live_emulator


@pytest.fixture()
def fresh() -> Iterator[Emulator]:
    """An emulator of its own, for tests that write."""
    with Emulator(conferences=40, seed=5, until=UNTIL) as emu:
        yield emu


@pytest.fixture()
def cur(lemu: Emulator) -> Iterator[Any]:
    with dbapi.connect(**settings(lemu)) as conn:
        yield conn.cursor()


@pytest.fixture()
def wcur(fresh: Emulator) -> Iterator[Any]:
    with dbapi.connect(**settings(fresh)) as conn:
        yield conn.cursor()


def live(emu: Emulator) -> list[dict[str, Any]]:
    """Conferences that are not completed, newest first."""
    return [c for c in emu.records if c["status"] != "completed"]


def participants(emu: Emulator, conference: str | None = None) -> list[dict[str, Any]]:
    rows = emu.table(PARTICIPANTS)
    return [p for p in rows if conference is None or p["conference_sid"] == conference]


def writes(emu: Emulator) -> list[tuple[str, str, dict[str, list[str]]]]:
    """(method, path, form) of every write request the emulator received."""
    return [(r["method"], r["path"], r.get("form") or {}) for r in emu.requests()
            if r["method"] != "GET" and not r["path"].startswith("/_emulator")]


def account_path(emu: Emulator, relative: str) -> str:
    return f"/2010-04-01/Accounts/{emu.account_sid}{relative}"
