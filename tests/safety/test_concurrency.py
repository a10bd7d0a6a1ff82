"""Eight threads share one engine's pool: right answers, no errors, nothing leaked."""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import create_engine, text

from sqlalchemy_twilio.dbapi._clients import FETCH_WORKERS


def test_eight_threads_fifty_queries_each(emulator):
    records = emulator.records
    statuses = Counter(r["status"] for r in records)
    sids = [r["sid"] for r in records[:5]]
    queries = [
        ("SELECT COUNT(*) FROM Conferences", len(records)),
        ("SELECT COUNT(*) FROM Conferences WHERE Status = 'init'", statuses["init"]),
        (f"SELECT COUNT(*) FROM Conferences WHERE Sid = '{sids[0]}'", 1),
        ("SELECT COUNT(*) FROM Conferences WHERE Sid IN ("
         + ", ".join(f"'{s}'" for s in sids) + ")", 5),
        ("SELECT COUNT(*) FROM (SELECT Status FROM Conferences GROUP BY Status)", len(statuses)),
        ("SELECT COUNT(*) FROM Conferences WHERE Status IN ('init', 'in-progress')",
         statuses["init"] + statuses["in-progress"]),
    ]
    engine = create_engine(emulator.url, pool_size=4, max_overflow=4)

    def worker(n: int, rounds: int = 50) -> list[tuple[int, int]]:
        out = []
        for i in range(rounds):
            sql, expected = queries[(n + i) % len(queries)]
            with engine.connect() as conn:
                out.append((conn.execute(text(sql)).scalar_one(), expected))
        return out

    counts = []
    for rounds in (50, 10):
        with ThreadPoolExecutor(8) as pool:
            results = [pair for chunk in pool.map(worker, range(8), [rounds] * 8)
                       for pair in chunk]
        assert len(results) == 8 * rounds
        assert all(got == expected for got, expected in results)
        assert engine.pool.checkedout() == 0
        counts.append(Counter(_kind(t) for t in threading.enumerate()))
    engine.dispose()
    # The driver's fetch threads stay within their fixed pool, and a second round starts no
    # other thread: nothing leaks per query or per connection.
    assert max(counts[0]["driver"], counts[1]["driver"]) <= FETCH_WORKERS
    assert counts[1]["other"] == counts[0]["other"]


def _kind(thread: threading.Thread) -> str:
    if thread.name.startswith("twilio-fetch"):
        return "driver"
    if "process_request_thread" in thread.name or thread.name == "twilio-emulator":
        return "emulator"  # the in-process emulator's own connection threads
    return "other"
