"""Invariant 3: no result is silently partial, under injected faults."""

from __future__ import annotations

from collections import Counter
from email.utils import parsedate_to_datetime

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy import exc as sa_exc

from sqlalchemy_twilio import dbapi
from sqlalchemy_twilio.emulator import Emulator
from tests.conftest import UNTIL, api_requests, settings


@pytest.fixture(scope="module")
def faulty():
    # 25% of requests fail with 429 or 503 and ask for no wait, so retries are quick.
    with Emulator(conferences=5000, seed=11, until=UNTIL, fault_rate=0.25,
                  fault_status=(429, 503), retry_after=0) as emu:
        yield emu


@pytest.fixture(scope="module")
def truth(faulty):
    return faulty.records


def connect(emu, **extra):
    return dbapi.connect(**settings(emu, **{"max_retries": 10, "scan_concurrency": 1, **extra}))


@pytest.mark.parametrize("where", [
    "1", "Status = 'completed'", "DateCreated >= '2025-12-01' AND DateCreated < '2026-03-01'",
])
def test_scans_under_faults_return_exactly_the_fault_free_rows(faulty, truth, where):
    with connect(faulty) as conn:
        rows = conn.cursor().execute(f"SELECT Sid FROM Conferences WHERE {where}").fetchall()
    got = [r[0] for r in rows]
    assert len(got) == len(set(got))

    def keep(r):
        created = parsedate_to_datetime(r["date_created"]).strftime("%Y-%m-%d %H:%M:%S")
        return {"1": True, "Status = 'completed'": r["status"] == "completed"}.get(
            where, "2025-12-01" <= created < "2026-03-01")

    assert sorted(got) == sorted(r["sid"] for r in truth if keep(r))
    statuses = Counter(r["status"] for r in faulty.requests())
    assert statuses[429] + statuses[503] > 0  # faults really happened


def test_through_sqlalchemy_under_faults(faulty, truth):
    engine = create_engine(faulty.url + "&max_retries=10")
    with engine.connect() as conn:
        n = conn.execute(text("SELECT COUNT(DISTINCT Sid) FROM Conferences")).scalar_one()
    engine.dispose()
    assert n == len(truth)


@pytest.fixture()
def emu_clean(emulator):
    emulator.reset()
    yield emulator
    emulator.reset()


def test_a_page_that_keeps_failing_is_an_error(emu_clean):
    emu_clean.add_fault(503, match=lambda r: "PageToken" in r["query"], times=100,
                        retry_after=0)
    with connect(emu_clean, max_retries=2) as conn:
        cur = conn.cursor()
        with pytest.raises(dbapi.OperationalError, match="20503"):
            cur.execute("SELECT Sid FROM Conferences").fetchall()


def test_a_401_on_page_three_is_an_auth_error(emu_clean):
    emu_clean.add_fault(401, match=lambda r: r["query"].get("Page") == ["2"], times=1)
    with connect(emu_clean) as conn:
        with pytest.raises(dbapi.AuthenticationError):
            conn.cursor().execute("SELECT Sid FROM Conferences").fetchall()
    assert len(api_requests(emu_clean)) == 3


def test_a_timeout_is_an_error(emu_clean):
    emu_clean.latency_ms = 400
    try:
        with connect(emu_clean, timeout=0.1, max_retries=1) as conn:
            with pytest.raises(dbapi.OperationalError, match="could not reach Twilio"):
                conn.cursor().execute("SELECT Sid FROM Conferences LIMIT 1").fetchall()
    finally:
        emu_clean.latency_ms = 0


def test_connection_refused_mid_scan_is_an_error():
    with Emulator(conferences=2500, seed=4, until=UNTIL) as emu:
        conn = connect(emu, max_retries=1)
        cur = conn.cursor().execute("SELECT Sid FROM Conferences")
        first = cur.fetchmany(10)
        assert len(first) == 10
        emu.stop()
        with pytest.raises(dbapi.OperationalError):
            cur.fetchall()
        conn.close()


def test_sqlalchemy_raises_operational_error_never_a_short_result(emu_clean):
    emu_clean.add_fault(429, match=lambda r: "PageToken" in r["query"], times=100,
                        retry_after=0)
    engine = create_engine(emu_clean.url + "&max_retries=1")
    with engine.connect() as conn:
        with pytest.raises(sa_exc.OperationalError):
            conn.execute(text("SELECT COUNT(*) FROM Conferences")).all()
    engine.dispose()


def test_update_under_faults_ends_every_conference_once():
    with Emulator(conferences=300, seed=12, until=UNTIL, fault_rate=0.25,
                  fault_status=(429, 503), retry_after=0) as emu:
        live = {r["sid"] for r in emu.records if r["status"] == "in-progress"}
        with connect(emu) as conn:
            cur = conn.cursor()
            cur.execute("UPDATE Conferences SET Status = 'completed' "
                        "WHERE Status = 'in-progress'")
            assert cur.rowcount == len(live)
        assert not [r for r in emu.records if r["status"] == "in-progress"]
        posts = [r for r in emu.requests() if r["method"] == "POST"]
        succeeded = Counter(r["path"].rsplit("/", 1)[1][:-5] for r in posts
                            if r["status"] == 200)
        # Each conference was ended by exactly one successful request; failed attempts
        # were answered with a fault and changed nothing.
        assert set(succeeded) == live and set(succeeded.values()) == {1}
