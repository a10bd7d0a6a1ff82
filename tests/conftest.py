"""Shared fixtures: a running emulator over real HTTP on 127.0.0.1, and connections to it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from sqlalchemy_twilio.emulator import Emulator

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


@pytest.fixture()
def writable_emulator() -> Iterator[Emulator]:
    """A fresh emulator of its own, for tests that change conferences."""
    with Emulator(conferences=200, seed=7, until=UNTIL) as emu:
        yield emu


def settings(emu: Emulator, **extra: Any) -> dict[str, Any]:
    """DB-API connect() settings for an emulator."""
    return dict(account_sid=emu.account_sid, username=emu.account_sid,
                password=emu.auth_token, base_url=emu.base_url, **extra)


def api_requests(emu: Emulator) -> list[dict[str, Any]]:
    """The API requests the emulator has served since its log was last reset."""
    return [r for r in emu.requests() if not r["path"].startswith("/_emulator")]
