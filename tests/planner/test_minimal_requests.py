"""Invariant 2: every query of the suite makes exactly the fewest requests the API allows."""

from __future__ import annotations

import pytest

from benchmarks.minimality import cases
from sqlalchemy_twilio import dbapi
from tests.conftest import UNTIL, api_requests, settings


@pytest.fixture(scope="module")
def suite(emulator):
    return {c.name: c for c in cases(emulator.records)}


def case_names():
    from sqlalchemy_twilio.emulator import Emulator

    with Emulator(conferences=50, seed=1, until=UNTIL) as emu:
        return [c.name for c in cases(emu.records)]


@pytest.mark.parametrize("name", case_names())
def test_requests_are_the_minimum(emu, suite, name):
    case = suite[name]
    with dbapi.connect(**settings(emu)) as conn:
        conn.cursor().execute(case.sql).fetchall()
    assert len(api_requests(emu)) == case.minimum, case.sql


def test_the_suite_is_large_enough(suite):
    assert len(suite) >= 15
