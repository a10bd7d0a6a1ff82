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


# -- every other table, from its declaration -------------------------------------------------

def _field(resource: Any, column: str) -> str:
    return resource.column(column).field or column


def _matches(record: Record, resource: Any, equal: dict[str, Any]) -> bool:
    for column, value in equal.items():
        got = record.get(_field(resource, column))
        if isinstance(value, bool) or isinstance(got, bool):
            if bool(got) != bool(value) or got is None:
                return False
        elif got != value:
            return False
    return True


class Unreadable(Exception):
    """The API cannot list the rows asked for without a condition the case does not have."""


def required(resource: Any, resources: dict[str, Any]) -> list[str]:
    """Columns of path parameters a table cannot be listed without (a country's code): those
    no rule reads through another list and no fan-out's parent rows supply. Worked out here
    from the declaration, not taken from the planner it checks."""
    ruled = {u.param for u in resource.unbound}
    carried = {c.name for u in resource.unbound if hasattr(u, "parent_where")
               for c in resources[u.parent].columns}
    return [p.column for p in resource.placeholders(resource.list_path)
            if p.name != "AccountSid" and p.name not in ruled and p.column not in carried]


def list_cost(resource: Any, records: Sequence[Record], equal: dict[str, Any],
              table_of: Callable[[str], Sequence[Record]], resources: dict[str, Any],
              max_fanout: int = 100) -> int:
    """The fewest requests Twilio's API allows for rows of ``resource`` whose columns equal
    ``equal`` (a filter the API takes, or a parent key), from the data: one list per parent
    key it must ask for, in pages of at most 1000; a parent's own list first when the key is
    not given (only parents Twilio can have children for), or another list that holds the
    records."""
    parents = [p for p in resource.placeholders(resource.list_path) if p.name != "AccountSid"]
    kept = [r for r in records if _matches(r, resource, equal)]
    unbound = [p for p in parents if p.column not in equal]
    if not unbound:
        return _pages(len(kept))
    rule = next((u for p in unbound for u in resource.unbound if u.param == p.name), None)
    if rule is None:
        raise Unreadable(f"{resource.name} needs {unbound[0].column}")
    if hasattr(rule, "parent_where"):
        parent = resources[rule.parent]
        rows = table_of(parent.name)
        if rule.parent_where:
            # The parent's list (one filtered list per value its rows are kept by).
            groups = [[r for r in rows if r.get(_field(parent, column)) == value]
                      for column, values in rule.parent_where for value in values]
            cost = sum(_pages(len(these)) for these in groups)
            rows = [r for these in groups for r in these]
        else:
            # The parent's own read (itself fanned out over its parent, if nested), narrowed
            # by what is given of the parent's path.
            given = {c: v for c, v in equal.items() if parent.has_column(c)
                     and any(p.column == c for p in parent.path_params)}
            cost = list_cost(parent, rows, given, table_of, resources, max_fanout)
            rows = [r for r in rows if _matches(r, parent, given)]
        keys = [r.get(_field(parent, rule.parent_column)) for r in rows]
        if len(keys) > max_fanout:
            raise Unreadable(f"{resource.name} would fan out over {len(keys)} rows")
        field = _field(resource, next(p.column for p in unbound if p.name == rule.param))
        return cost + sum(_pages(sum(1 for r in kept if r.get(field) == k)) for k in keys)
    # Read through another list: every record of it that its own filters keep.
    other = table_of(rule.path)
    sent = {p.column for p in rule.pushdowns}
    return _pages(sum(1 for r in other if _matches(r, resource,
                                                   {c: v for c, v in equal.items()
                                                    if c in sent})))


def _sql_value(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    return "'" + str(value).replace("'", "''") + "'"


def table_cases(resources: dict[str, Any], table_of: Callable[[str], Sequence[Record]]
                ) -> list[Case]:
    """Cases for every table but Conferences (whose cases are above), each worked out from its
    declaration and the data with the API's rules: a full scan, a lookup by key, each filter
    the API takes, each parent key."""
    out: list[Case] = []
    for resource in resources.values():
        if resource.name == "Conferences":
            continue
        records = table_of(resource.name)
        name = resource.name

        def cost(equal: dict[str, Any], r: Any = resource, recs: Any = records) -> int:
            return list_cost(r, recs, equal, table_of, resources)

        ruled = {u.param for u in resource.unbound}
        listed = [p for p in resource.placeholders(resource.list_path)
                  if p.name != "AccountSid"]
        if all(p.name in ruled or any(p.name == u.param or resources[u.parent].has_column(
                p.column) for u in resource.unbound if hasattr(u, "parent_where"))
               for p in listed):
            # (A table Twilio lists only per value of a path parameter has no full scan, nor
            # one fanned out over more rows than max_fanout allows.)
            try:
                out.append(Case(f"{name}: full scan", f'SELECT * FROM "{name}"', cost({})))
            except Unreadable:
                pass
        if not records:
            continue
        sample = records[len(records) // 2]
        if resource.instance_path:
            keys = [p for p in resource.placeholders(resource.instance_path)
                    if p.name != "AccountSid"]
            where = " AND ".join(f'"{p.column}" = {_sql_value(sample[_field(resource, p.column)])}'
                                 for p in keys)
            out.append(Case(f"{name}: by key", f'SELECT * FROM "{name}" WHERE {where}', 1))
            bad = " AND ".join(f'"{p.column}" = \'nope\'' for p in keys)
            out.append(Case(f"{name}: malformed key", f'SELECT * FROM "{name}" WHERE {bad}', 0))
        for p in resource.placeholders(resource.list_path):
            if p.name == "AccountSid":
                continue
            value = sample[_field(resource, p.column)]
            try:
                minimum = cost({p.column: value})
            except Unreadable:
                continue  # (the dialect says which condition to add)
            out.append(Case(f"{name}: {p.column} =",
                            f'SELECT * FROM "{name}" WHERE "{p.column}" = {_sql_value(value)}',
                            minimum))
        # What a table listed only per value of a path parameter is always asked with.
        needed = {c: sample[_field(resource, c)] for c in required(resource, resources)}
        also = "".join(f' AND "{c}" = {_sql_value(v)}' for c, v in needed.items())
        for push in resource.pushdowns:
            if push.kind.value not in ("equals", "boolean"):
                continue  # dates and request parameters have cases of their own
            value = sample.get(_field(resource, push.column))
            if value is None:
                continue
            out.append(Case(f"{name}: {push.column} =",
                            f'SELECT * FROM "{name}" WHERE "{push.column}" = {_sql_value(value)}'
                            + also, cost({push.column: value, **needed})))
        if needed:
            continue  # (joins of such a table need its path parameter too)
        out.extend(_join_cases(resource, records, table_of, resources))
    return out


#: A join with fewer outer rows than this is asked row by row (the dialect's WIDEN_AFTER).
_FEW = 10


def _join_cases(resource: Any, records: Sequence[Record],
                table_of: Callable[[str], Sequence[Record]], resources: dict[str, Any]
                ) -> list[Case]:
    """A join of each referenced table, filtered on its live status, with this one: the
    filtered parent list, then for each parent row this table's rows for it."""
    out = []
    for ref in resource.references:
        parent = resources[ref.table]
        if not any(p.column == "Status" and p.kind.value == "equals" for p in parent.pushdowns):
            continue
        rows = [r for r in table_of(parent.name) if r.get("status") == "in-progress"]
        if not 0 < len(rows) < _FEW:
            continue
        keys = {r[_field(parent, ref.table_column)] for r in rows}
        cost = _pages(len(rows)) + sum(
            list_cost(resource, records, {ref.column: k}, table_of, resources) for k in keys)
        out.append(Case(
            f"{parent.name} in progress JOIN {resource.name}",
            f'SELECT * FROM "{parent.name}" p JOIN "{resource.name}" k ON '
            f'k."{ref.column}" = p."{ref.table_column}" WHERE p."Status" = \'in-progress\'',
            cost))
    return out
