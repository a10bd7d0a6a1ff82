"""``python -m benchmarks [--quick]``: measure, print, and write ``docs/benchmarks.md``.

Every emulator runs in its own process, so the CPU time measured here (``process_time``) is
the client's alone. The machines are shared and noisy: figures are compared as ratios taken in
the same run, each the median of several repetitions.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import datetime as dt
import io
import json
import os
import platform
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from .minimality import cases

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "docs" / "benchmarks.md"


@dataclass
class Emu:
    base_url: str
    account_sid: str
    auth_token: str
    url: str

    def requests(self) -> list[dict[str, Any]]:
        return httpx.get(f"{self.base_url}/_emulator/requests").json()

    def reset(self) -> None:
        httpx.post(f"{self.base_url}/_emulator/reset")

    def records(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        with httpx.Client(base_url=self.base_url, auth=(self.account_sid, self.auth_token),
                          timeout=60) as client:
            url: str | None = f"/2010-04-01/Accounts/{self.account_sid}/Conferences.json"
            params: dict[str, Any] | None = {"PageSize": 1000}
            while url:
                page = client.get(url, params=params).json()
                out.extend(page["conferences"])
                url, params = page["next_page_uri"], None
        return out


@contextmanager
def emulator(conferences: int, *extra: str) -> Iterator[Emu]:
    """An emulator in a separate process."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "sqlalchemy_twilio.emulator", "--port", "0", "--conferences",
         str(conferences), "--seed", "1", "--until", "2026-06-30",
         # The scans measured read the main account: its subaccounts would only slow the start.
         "--subaccounts", "0", *extra],
        stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        info = json.loads(proc.stdout.readline())
        yield Emu(info["base_url"], info["account_sid"], info["auth_token"], info["url"])
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def measure(fn: Callable[[], Any], repeat: int) -> tuple[float, float, Any]:
    """Median client CPU seconds, median wall seconds, and the last result."""
    cpu, wall = [], []
    result = None
    for _ in range(repeat):
        c, w = time.process_time(), time.perf_counter()
        result = fn()
        cpu.append(time.process_time() - c)
        wall.append(time.perf_counter() - w)
    return statistics.median(cpu), statistics.median(wall), result


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    import apsw
    import sqlalchemy

    return (f"{cpu}, {os.cpu_count()} cores{memory}; {platform.platform()}; Python "
            f"{platform.python_version()}; SQLAlchemy {sqlalchemy.__version__}, APSW "
            f"{apsw.apsw_version()}, httpx {httpx.__version__}; "
            f"{dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC")


def dbapi_connect(emu: Emu, **options: Any) -> Any:
    from sqlalchemy_twilio import dbapi

    return dbapi.connect(account_sid=emu.account_sid, username=emu.account_sid,
                         password=emu.auth_token, base_url=emu.base_url, **options)


# -- sections -------------------------------------------------------------------------------

def minimality(emu: Emu) -> str:
    rows = ["| query | requests in order | API minimum | | requests by default |",
            "|---|---|---|---|---|"]
    equal = 0
    worst = 0.0
    suite = cases(emu.records())
    for case in suite:
        made = {}
        for mode, options in (("in order", {"scan_concurrency": 1}), ("default", {})):
            with dbapi_connect(emu, **options) as conn:
                conn.cursor().execute(case.sql).fetchall()  # warm: the account's day
            emu.reset()
            with dbapi_connect(emu, **options) as conn:
                conn.cursor().execute(case.sql).fetchall()
            made[mode] = len(emu.requests())
        equal += made["in order"] == case.minimum
        if case.minimum:
            worst = max(worst, made["default"] / case.minimum - 1)
        rows.append(f"| {case.name} | {made['in order']} | {case.minimum} | "
                    f"{'=' if made['in order'] == case.minimum else '**≠**'} | "
                    f"{made['default']} |")
    return (f"## Request minimality\n\nPaging in order (`scan_concurrency=1`), {equal} of "
            f"{len(suite)} queries make exactly the fewest requests Twilio's API allows "
            "(worked out from the data; `tests/planner/test_minimal_requests.py` asserts it). "
            f"By default, the most any spends beyond the fewest is {worst:.0%} (target: at most "
            "25%).\n\n" + "\n".join(rows))


def overhead(emu: Emu, repeat: int) -> str:
    import pandas as pd
    from sqlalchemy import MetaData, Table, create_engine, select

    def floor() -> int:
        return len(emu.records())

    # The per-row path is measured paging in order, page for page what the floor reads; the
    # default (date windows: more pages, threads) is shown beside it.
    engine = create_engine(emu.url + "&scan_concurrency=1")
    windowed = create_engine(emu.url)
    table = Table("Conferences", MetaData(), autoload_with=engine)

    def core() -> int:
        with engine.connect() as conn:
            return len(conn.execute(select(table)).all())

    def core_windowed() -> int:
        with windowed.connect() as conn:
            return len(conn.execute(select(table)).all())

    def frame() -> int:
        return len(pd.read_sql(select(table), engine))

    def sdk() -> int:
        from twilio.rest import Client

        client = Client(emu.account_sid, emu.auth_token)
        client.api.base_url = emu.base_url
        return len(client.api.v2010.account.conferences.list(page_size=1000))

    runs = {}
    for name, fn in (("(a) floor: httpx GET + JSON decode", floor),
                     ("(b) dialect, SQLAlchemy Core `.all()`, `scan_concurrency=1`", core),
                     ("(c) `pandas.read_sql`, `scan_concurrency=1`", frame),
                     ("(d) Twilio's Python SDK `conferences.list`", sdk),
                     ("(e) dialect, SQLAlchemy Core `.all()`, default", core_windowed)):
        fn()  # warm up: imports, connections
        runs[name] = measure(fn, repeat)
    counts = {name: r[2] for name, r in runs.items()}
    assert len(set(counts.values())) == 1, counts
    a, b, c, d, _ = (r[0] for r in runs.values())
    rows = ["| client | rows | CPU s | wall s | CPU ÷ floor |", "|---|---|---|---|---|"]
    for name, (cpu, wall, n) in runs.items():
        rows.append(f"| {name} | {n} | {cpu:.3f} | {wall:.3f} | {cpu / a:.2f}× |")
    profile = cProfile.Profile()
    profile.enable()
    core()
    profile.disable()
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(15)
    top = "\n".join(line for line in out.getvalue().splitlines()
                    if line.strip() and not line.startswith(("   Ordered", "   List")))
    engine.dispose()
    windowed.dispose()
    verdict = (f"(b) is {b / d:.2f}× the SDK's CPU (target: below 1×, stretch 0.7×) and "
               f"{b / a:.2f}× the floor (target: at most 3×, stretch 2×); pandas is "
               f"{c / a:.2f}× the floor.")
    return (f"## Client overhead: a full scan of {counts[next(iter(counts))]} conferences\n\n"
            "Client CPU (median of the repetitions; the emulator's CPU is in its own "
            f"process).\n\n" + "\n".join(rows) + f"\n\n{verdict}\n\n<details><summary>"
            "Profile of (b), top 15 by own time</summary>\n\n```\n" + top
            + "\n```\n</details>")


# The resident set is sampled as the rows arrive (the high-water mark of getrusage would
# hide any growth below what imports and the first request had already reached).
_STREAM = """
import os, sys
from sqlalchemy import MetaData, Table, create_engine, select
PAGE = os.sysconf("SC_PAGE_SIZE")
def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE / 2**20
engine = create_engine(sys.argv[1])
table = Table("Conferences", MetaData(), autoload_with=engine)
with engine.connect() as conn:
    conn.execute(select(table).limit(1)).all()  # warm: imports, connection, first request
base = peak = rss()
n = 0
with engine.connect() as conn:
    if sys.argv[2] == "stream":
        result = conn.execution_options(stream_results=True, yield_per=1000).execute(
            select(table))
        for _ in result:
            n += 1
            if n % 1000 == 0:
                peak = max(peak, rss())
    else:
        rows = conn.execute(select(table)).all()
        n = len(rows)
peak = max(peak, rss())
print(n, peak - base)
"""


def memory(size: int) -> str:
    def run(mode: str) -> tuple[int, float]:
        out = subprocess.run([sys.executable, "-c", _STREAM, emu.url, mode],
                             capture_output=True, text=True, check=True).stdout.split()
        return int(out[0]), float(out[1])

    def export(fmt: str, sql: str) -> float:
        # The command's resident set, sampled from outside while it runs (the kernel's peak
        # for a child counts the parent's pages it was forked with).
        with tempfile.TemporaryDirectory() as tmp:
            proc = subprocess.Popen([sys.executable, "-m", "sqlalchemy_twilio.cli", "--url",
                                     emu.url, "--format", fmt, "-o", f"{tmp}/out", sql])
            top = 0.0
            while proc.poll() is None:
                with contextlib.suppress(OSError, ValueError, IndexError), \
                        open(f"/proc/{proc.pid}/statm") as f:
                    top = max(top, int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20)
                time.sleep(0.01)
        if proc.returncode:
            raise RuntimeError(f"twilio-sql --format {fmt} failed")
        return top

    with emulator(size) as emu:
        rows, growth = run("stream")
        _, whole = run("all")
        exports = {fmt: export(fmt, "SELECT * FROM Conferences")
                   - export(fmt, "SELECT * FROM Conferences LIMIT 1")
                   for fmt in ("ndjson", "csv", "parquet", "table")}
    figures = ", ".join(f"{fmt} **{mb:.0f} MB**" for fmt, mb in exports.items()
                        if fmt != "table")
    return (f"## Memory\n\n`twilio-sql --format FORMAT -o FILE \"SELECT * FROM Conferences\"` "
            f"({rows} rows), peak RSS above that of the same command reading one row: "
            f"{figures} (streamed a batch at a time, paged in order); the aligned table, "
            f"which needs every row to size its columns, {exports['table']:.0f} MB.\n\n"
            f"Streaming {rows} conferences with `stream_results=True, "
            f"yield_per=1000`, in a fresh process: peak RSS grew by **{growth:.1f} MB** once "
            f"imports, connection and a first request were done (target: under 50 MB). A "
            f"result read as a stream is paged in order, each page fetched as rows are read, so "
            f"memory holds about one page (read whole, a scan reads date windows ahead of the "
            f"reader instead). For comparison, "
            f"`.all()` on the same query grew it by {whole:.1f} MB.")


def latency(repeat: int, size: int) -> str:
    from sqlalchemy import create_engine, text

    rows = ["| query | plan | requests | wall s |", "|---|---|---|---|"]
    with emulator(size, "--latency-ms", "50") as emu:
        records = emu.records()
        sids = [r["sid"] for r in records[:10]]

        def run(url: str, sqls: list[str]) -> tuple[int, set[Any]]:
            engine = create_engine(url)
            got: set[Any] = set()
            with engine.connect() as conn:
                for sql in sqls:
                    got |= {tuple(r) for r in conn.execute(text(sql)).all()}
            engine.dispose()
            return len(got), got

        quoted = ", ".join(f"'{s}'" for s in sids)
        scenarios = [
            ("`Sid IN (10 Sids)`", [
                ("10 queries, one after another", emu.url,
                 [f"SELECT Sid FROM Conferences WHERE Sid = '{s}'" for s in sids]),
                ("one IN query, concurrent fetches", emu.url,
                 [f"SELECT Sid FROM Conferences WHERE Sid IN ({quoted})"])]),
            ("`Status IN (3 values)`", [
                ("3 queries, one after another", emu.url,
                 [f"SELECT Sid FROM Conferences WHERE Status = '{s}'"
                  for s in ("init", "in-progress", "completed")]),
                ("one IN query, first pages concurrent", emu.url,
                 ["SELECT Sid FROM Conferences WHERE Status IN "
                  "('init', 'in-progress', 'completed')"])]),
        ]
        for label, variants in scenarios:
            baseline = None
            for plan, url, sqls in variants:
                emu.reset()
                run(url, sqls)
                made = len(emu.requests())
                _, wall, (_, got) = measure(lambda u=url, q=sqls: run(u, q), repeat)
                if baseline is None:
                    baseline = got
                same = "" if got == baseline else " **(different rows!)**"
                rows.append(f"| {label} | {plan}{same} | {made} | {wall:.3f} |")
    return ("## IN lists (emulator answering after 50 ms)\n\nEach alternative returns the "
            "same rows as the first line of its group.\n\n" + "\n".join(rows))


_LATENCY_MS = 300


def scans(repeat: int, conferences: int, calls: int, messages: int) -> str:
    """Long scans at Twilio's round trip: the dialect with and without date windows, Twilio's
    SDK, and the floor the round trips alone set."""
    from sqlalchemy import create_engine, text

    args = ("--calls", str(calls), "--messages", str(messages), "--latency-ms",
            str(_LATENCY_MS))
    rows = ["| scan | client | rows | requests | wall s | ÷ limit |",
            "|---|---|---|---|---|---|"]
    notes = []
    with emulator(conferences, *args) as emu:
        from twilio.rest import Client

        def lists(requests: list[dict[str, Any]]) -> int:
            return sum(1 for r in requests if not r["path"].endswith(f"{emu.account_sid}.json"))

        def sdk_client() -> Any:
            client = Client(emu.account_sid, emu.auth_token)
            client.api.base_url = emu.base_url
            return client.api.v2010.account

        first = dt.datetime(2025, 5, 1, tzinfo=dt.timezone.utc)
        month = (dt.datetime(2026, 3, 1, tzinfo=dt.timezone.utc),
                 dt.datetime(2026, 3, 31, tzinfo=dt.timezone.utc))
        since = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
        cases: list[tuple[str, str, Callable[[Any], list[Any]]]] = [
            (f"{conferences} conferences", "SELECT * FROM Conferences",
             lambda a: a.conferences.list(page_size=1000)),
            (f"{calls} calls (`StartTime >=` their first day)",
             f"SELECT * FROM Calls WHERE StartTime >= '{first:%Y-%m-%d}'",
             lambda a: a.calls.list(start_time_after=first, page_size=1000)),
            ("the same calls, no condition", "SELECT * FROM Calls",
             lambda a: a.calls.list(page_size=1000)),
            ("30 days of calls", f"SELECT * FROM Calls WHERE StartTime >= '{month[0]:%Y-%m-%d}'"
             f" AND StartTime < '{month[1]:%Y-%m-%d}'",
             lambda a: a.calls.list(start_time_after=month[0], start_time_before=month[1],
                                    page_size=1000)),
            ("messages since January", f"SELECT * FROM Messages WHERE DateSent >= "
             f"'{since:%Y-%m-%d}'", lambda a: a.messages.list(date_sent_after=since,
                                                               page_size=1000)),
            ("a one-page answer", "SELECT * FROM Conferences WHERE Status = 'in-progress'",
             lambda a: a.conferences.list(status="in-progress", page_size=1000)),
        ]
        for label, sql, sdk in cases:
            measured = []
            for client, url in (("dialect", emu.url),
                                ("dialect, `scan_concurrency=1`",
                                 emu.url + "&scan_concurrency=1")):
                engine = create_engine(url)

                def read(e: Any = engine, q: str = sql) -> int:
                    with e.connect() as conn:
                        return len(conn.execute(text(q)).all())

                read()  # warm: the account's creation day, connections
                emu.reset()
                _, wall, n = measure(read, repeat)
                made = lists(emu.requests()) // repeat
                engine.dispose()
                measured.append((client, n, made, wall))
            account = sdk_client()
            emu.reset()
            _, wall, n = measure(lambda a=account, f=sdk: len(f(a)), repeat)
            measured.append(("Twilio's SDK `.list()`", n, lists(emu.requests()) // repeat,
                             wall))
            pages = measured[1][2]
            limit = -(-pages // 10) * _LATENCY_MS / 1000
            assert len({m[1] for m in measured}) == 1, (label, measured)
            for client, n, made, wall in measured:
                rows.append(f"| {label} | {client} | {n} | {made} | {wall:.2f} | "
                            f"{wall / limit:.1f}× |")
            rows.append(f"| {label} | limit: {pages} pages, 10 at a time | | | {limit:.2f} | "
                        "1.0× |")
            default, sequential = measured[0], measured[1]
            notes.append(f"{label}: {default[2] / sequential[2] - 1:+.0%} requests, "
                         f"{sequential[3] / default[3]:.1f}× faster than in order")
    return (f"## Long scans at {_LATENCY_MS} ms a request\n\nThe emulator answers each "
            f"request after {_LATENCY_MS} ms, as Twilio's API does for a page of 1000. "
            "Paging in order costs a round trip per page; by default a scan longer than its "
            "first pages continues in date windows fetched 10 at a time, and the *limit* is "
            "what the round trips alone cost with 10 in flight. The calls with no condition "
            "page in order by default too: a call not yet dialed has no StartTime, so no "
            "window would return it. Requests are counted from the emulator's log (the "
            "account's creation day, asked once per engine, is left out); wall time is the "
            f"median of {repeat}.\n\n" + "\n".join(rows) + "\n\nBy default, against "
            "paging in order: " + "; ".join(notes) + ".")


def cache(repeat: int) -> str:
    from sqlalchemy import create_engine, text

    rows = ["| engine | run | requests | wall s |", "|---|---|---|---|"]
    sql = text("SELECT Status, COUNT(*) FROM Conferences GROUP BY Status")
    with emulator(5000, "--latency-ms", "20") as emu:
        for label, url in (("no cache", emu.url), ("`cache_ttl=60`", emu.url + "&cache_ttl=60")):
            engine = create_engine(url)
            for n in range(1, 4):
                emu.reset()
                start = time.perf_counter()
                with engine.connect() as conn:
                    conn.execute(sql).all()
                rows.append(f"| {label} | {n} | {len(emu.requests())} | "
                            f"{time.perf_counter() - start:.3f} |")
            engine.dispose()
    return ("## Cache\n\nA dashboard query re-run on one engine; with `cache_ttl`, identical "
            "requests within the TTL are answered from memory, from any connection of the "
            "engine.\n\n" + "\n".join(rows))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    parser.add_argument("--only", action="append", choices=_SECTIONS,
                        help="measure this section again and replace it in the report")
    args = parser.parse_args(argv)
    repeat = 2 if args.quick else 5
    scan, stream, lat = (3000, 20_000, 2000) if args.quick else (20_000, 100_000, 5000)
    calls, messages = (5000, 3000) if args.quick else (100_000, 30_000)

    def run(name: str) -> str:
        if name == "minimality":
            with emulator(2500) as emu:
                return minimality(emu)
        if name == "overhead":
            with emulator(scan) as emu:
                return overhead(emu, repeat)
        if name == "memory":
            return memory(stream)
        if name == "scans":
            return scans(1 if args.quick else 2, scan, calls, messages)
        if name == "latency":
            return latency(repeat, lat)
        return cache(repeat)

    command = f"`python -m benchmarks{' --quick' if args.quick else ''}`"
    if args.only and REPORT.exists():
        # One section measured again, in its place in the report; the rest stay as measured.
        head, *parts = REPORT.read_text(encoding="utf-8").rstrip("\n").split("\n\n## ")
        sections = ["## " + p for p in parts]
        for name in args.only:
            fresh = run(name)
            title = fresh.split("\n", 1)[0].split(":")[0]
            sections = [fresh if s.split("\n", 1)[0].split(":")[0] == title else s
                        for s in sections]
        when = dt.datetime.now(dt.timezone.utc)
        head += f" Measured again on {when:%Y-%m-%d %H:%M} UTC: {', '.join(args.only)}."
        report = head + "\n\n" + "\n\n".join(sections) + "\n"
    else:
        report = (f"# Benchmarks\n\nMeasured by {command} on: {machine()}.\n\n"
                  + "\n\n".join(run(name) for name in _SECTIONS) + "\n")
    print(report)
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(report, encoding="utf-8")
    return 0


_SECTIONS = ("minimality", "overhead", "memory", "scans", "latency", "cache")


if __name__ == "__main__":
    sys.exit(main())
