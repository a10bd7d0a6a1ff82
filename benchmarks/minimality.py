"""The request-minimality suite: queries, and the fewest requests Twilio's API allows for each.

Each case's minimum is worked out from the data with the API's own rules (the emulator's
strict reading of the date parameters, pages of at most 1000), independently of the planner.
``tests/planner/test_minimal_requests.py`` asserts the dialect makes exactly that many;
``benchmarks/run.py`` reports them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any

__all__ = ["Case", "cases"]

Record = dict[str, Any]
PAGE = 1000


@dataclass(frozen=True)
class Case:
    name: str
    sql: str
    #: The fewest requests the API allows for this query.
    minimum: int


def _pages(n: int) -> int:
    # An empty list still costs the one request that finds it empty.
    return max(1, -(-n // PAGE))


def _created(r: Record) -> dt.datetime:
    return parsedate_to_datetime(r["date_created"]).astimezone(dt.timezone.utc)


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), dt.timezone.utc)


def _count(records: Sequence[Record], keep: Callable[[Record], bool]) -> int:
    return sum(1 for r in records if keep(r))


def cases(records: Sequence[Record]) -> list[Case]:
    """The suite for a data set (newest first, as the API lists it)."""
    by_status = {s: _count(records, lambda r, s=s: r["status"] == s)
                 for s in ("init", "in-progress", "completed")}
    name = records[len(records) // 2]["friendly_name"]
    sids = [r["sid"] for r in records[:10]]
    day = _created(records[len(records) // 3]).date()
    week_start, week_end = day - dt.timedelta(days=7), day

    def window(lo: dt.date | None, hi: dt.date | None, status: str | None = None) -> int:
        # Rows an API request with DateCreated>=lo and DateCreated<=hi returns (strict).
        return _count(records, lambda r: (lo is None or _created(r) >= _midnight(lo))
                      and (hi is None or _created(r) <= _midnight(hi))
                      and (status is None or r["status"] == status))

    def on_day(d: dt.date) -> int:
        return _count(records, lambda r: _created(r).date() == d)

    iso = day.isoformat
    return [
        Case("Sid lookup", f"SELECT * FROM Conferences WHERE Sid = '{sids[0]}'", 1),
        Case("unknown Sid", "SELECT * FROM Conferences WHERE Sid = 'CF" + "0" * 32 + "'", 1),
        Case("malformed Sid", "SELECT * FROM Conferences WHERE Sid = '../Calls'", 0),
        Case("full scan", "SELECT * FROM Conferences", _pages(len(records))),
        Case("LIMIT 5", "SELECT * FROM Conferences LIMIT 5", 1),
        Case("LIMIT 1500", "SELECT Sid FROM Conferences LIMIT 1500",
             min(2, _pages(len(records)))),
        Case("Status =", "SELECT * FROM Conferences WHERE Status = 'in-progress'",
             _pages(by_status["in-progress"])),
        Case("Name =", f"SELECT * FROM Conferences WHERE Name = '{name}'",
             _pages(_count(records, lambda r: r["friendly_name"] == name))),
        Case("Status = and LIMIT", "SELECT * FROM Conferences WHERE Status = 'init' LIMIT 3", 1),
        Case("date >= and <", f"SELECT * FROM Conferences WHERE DateCreated >= '{week_start}' "
             f"AND DateCreated < '{week_end}'", _pages(window(week_start, week_end))),
        Case("date > and <=", f"SELECT * FROM Conferences WHERE DateCreated > "
             f"'{week_start} 12:00:00' AND DateCreated <= '{week_end} 00:00:00'",
             _pages(window(week_start, week_end))),
        Case("date BETWEEN", f"SELECT * FROM Conferences WHERE DateCreated BETWEEN "
             f"'{week_start}' AND '{week_end} 23:59:59'",
             _pages(window(week_start, week_end + dt.timedelta(days=1)))),
        Case("date = (one instant)", f"SELECT * FROM Conferences WHERE DateCreated = "
             f"'{iso()} 10:00:00'", _pages(on_day(day))),
        Case("date and Status", f"SELECT * FROM Conferences WHERE DateCreated >= "
             f"'{week_start}' AND Status = 'completed'",
             _pages(window(week_start, None, "completed"))),
        Case("Sid IN (10)", "SELECT * FROM Conferences WHERE Sid IN ("
             + ", ".join(f"'{s}'" for s in sids) + ")", 10),
        Case("Status IN (3)", "SELECT * FROM Conferences WHERE Status IN "
             "('init', 'in-progress', 'completed')", sum(_pages(n) for n in by_status.values())),
        Case("contradiction", "SELECT * FROM Conferences WHERE Status = 'init' AND "
             "Status = 'completed'", 0),
        Case("empty date window", f"SELECT * FROM Conferences WHERE DateCreated > '{iso()}' "
             f"AND DateCreated < '{iso()}'", 0),
        Case("COUNT(*)", "SELECT COUNT(*) FROM Conferences", _pages(len(records))),
        Case("COUNT(*) with Status", "SELECT COUNT(*) FROM Conferences WHERE Status = 'init'",
             _pages(by_status["init"])),
        Case("self-join on Sid", "SELECT COUNT(*) FROM Conferences a JOIN Conferences b "
             "ON a.Sid = b.Sid", _pages(len(records))),
        Case("Region (not pushable)", "SELECT * FROM Conferences WHERE Region = 'ie1'",
             _pages(len(records))),
    ]
