"""cache_ttl: repeated identical requests within the TTL cost nothing; writes invalidate."""

from __future__ import annotations

from sqlalchemy import create_engine, text

from tests.conftest import api_requests


def test_identical_queries_from_any_connection_are_served_from_memory(emu):
    engine = create_engine(emu.url + "&cache_ttl=60")
    sql = text("SELECT Status, COUNT(*) FROM Conferences WHERE Status = 'init' GROUP BY Status")
    with engine.connect() as first:
        expected = first.execute(sql).all()
    assert len(api_requests(emu)) == 1
    with engine.connect() as second:
        assert second.execute(sql).all() == expected
    assert len(api_requests(emu)) == 1
    engine.dispose()


def test_different_requests_are_not_confused(emu):
    # Engines with the same URL share a client and its cache: another TTL keeps this apart.
    engine = create_engine(emu.url + "&cache_ttl=59&scan_concurrency=1")
    with engine.connect() as conn:
        init = conn.execute(text("SELECT COUNT(*) FROM Conferences WHERE Status = 'init'"))
        done = conn.execute(text("SELECT COUNT(*) FROM Conferences WHERE Status = 'completed'"))
        assert init.scalar_one() != done.scalar_one()
    completed = sum(r["status"] == "completed" for r in emu.records)
    assert len(api_requests(emu)) == 1 + -(-completed // 1000)  # one request per page
    engine.dispose()


def test_without_cache_ttl_every_query_asks(emu):
    engine = create_engine(emu.url)
    with engine.connect() as conn:
        for _ in range(2):
            conn.execute(text("SELECT COUNT(*) FROM Conferences WHERE Status = 'init'")).all()
    assert len(api_requests(emu)) == 2
    engine.dispose()


def test_an_update_drops_the_tables_cached_pages(writable_emulator):
    emu = writable_emulator
    engine = create_engine(emu.url + "&cache_ttl=60")
    live = next(r["sid"] for r in emu.records if r["status"] == "in-progress")
    count = text("SELECT COUNT(*) FROM Conferences WHERE Status = 'in-progress'")
    with engine.connect() as conn:
        before = conn.execute(count).scalar_one()
        conn.execute(text(f"UPDATE Conferences SET Status = 'completed' WHERE Sid = '{live}'"))
        emu.reset()
        assert conn.execute(count).scalar_one() == before - 1
        assert len(api_requests(emu)) == 1
    engine.dispose()


def test_entries_expire(emu):
    from sqlalchemy_twilio.client._cache import ResponseCache

    now = [0.0]
    cache = ResponseCache(ttl=10, max_entries=2, clock=lambda: now[0])
    cache.put("a", 1)
    cache.put("b", 2)
    cache.put("c", 3)
    assert cache.get("a") is None and len(cache) == 2  # bounded: the oldest went first
    now[0] = 11
    assert cache.get("b") is None
