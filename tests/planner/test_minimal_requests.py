"""Invariant 2: every query of the suite makes exactly the fewest requests the API allows, when
scans page in order (``scan_concurrency=1``; by default a long scan spends a few more to run
its pages concurrently, see ``test_concurrent_scans.py``)."""

from __future__ import annotations

import pytest

from benchmarks.minimality import cases, table_cases
from sqlalchemy_twilio import dbapi
from sqlalchemy_twilio.resources import RESOURCES
from tests.conftest import UNTIL, api_requests, data_key, settings


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
    with dbapi.connect(**settings(emu, scan_concurrency=1)) as conn:
        conn.cursor().execute(case.sql).fetchall()
    assert len(api_requests(emu)) == case.minimum, case.sql


def test_the_suite_is_large_enough(suite):
    assert len(suite) >= 15


def table_of(emu):
    def records(name):
        path = RESOURCES[name].list_path if name in RESOURCES else name
        return emu.table(data_key(path))
    return records


def table_case_names():
    from sqlalchemy_twilio.emulator import Emulator

    with Emulator(conferences=120, seed=3, until=UNTIL) as emu:
        return [c.name for c in table_cases(RESOURCES, table_of(emu))]


@pytest.fixture(scope="module")
def table_suite(live_emulator):
    return {c.name: c for c in table_cases(RESOURCES, table_of(live_emulator))}


@pytest.mark.parametrize("name", table_case_names())
def test_every_table_s_requests_are_the_minimum(live_emulator, table_suite, name):
    live_emulator.reset()
    case = table_suite[name]
    with dbapi.connect(**settings(live_emulator, scan_concurrency=1)) as conn:
        conn.cursor().execute(case.sql).fetchall()
    assert len(api_requests(live_emulator)) == case.minimum, case.sql
