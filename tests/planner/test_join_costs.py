"""A join along a declared reference returns the rows the data holds, and costs about two
scans: the inner table is asked per outer value for the first few values, then read once."""

from __future__ import annotations

import pytest

from benchmarks.minimality import Unreadable, list_cost
from sqlalchemy_twilio import dbapi
from sqlalchemy_twilio.resources import RESOURCES, Through
from sqlalchemy_twilio.vtable._table import WIDEN_AFTER
from tests.conftest import api_requests, settings
from tests.planner.test_minimal_requests import table_of


def _references() -> list:
    return list(_each_reference())


def _each_reference():
    for child in RESOURCES.values():
        for ref in child.references:
            yield pytest.param(child.name, ref.column, ref.table, ref.table_column,
                               id=f"{child.name}.{ref.column}->{ref.table}")


def _one_list(resource) -> bool:
    """Whether the whole table is one list (no request per parent row)."""
    through = {r.param for r in resource.unbound if isinstance(r, Through)}
    return all(p.name == "AccountSid" or p.name in through
               for p in resource.placeholders(resource.list_path))


@pytest.mark.parametrize(("child", "column", "parent", "parent_column"), _references())
def test_a_join_along_a_reference(live_emulator, child, column, parent, parent_column):
    emu = live_emulator
    emu.reset()
    records = table_of(emu)
    c, p = RESOURCES[child], RESOURCES[parent]
    child_rows, parent_rows = records(child), records(parent)
    child_field = c.column(column).field or column
    parent_field = p.column(parent_column).field or parent_column
    keys = {r[parent_field] for r in parent_rows}
    expected = sum(1 for r in child_rows if r.get(child_field) in keys)

    # A table two levels down is listed per grandparent too: the join names it as well (an
    # extension's ResourceSid is its assigned add-on's).
    shared = [q.column for q in c.placeholders(c.list_path) if q.name != "AccountSid"
              and q.column != column and p.has_column(q.column)]
    sql = (f'SELECT COUNT(*) FROM "{parent}" p JOIN "{child}" c '
           f'ON c."{column}" = p."{parent_column}"'
           + "".join(f' AND c."{s}" = p."{s}"' for s in shared))
    with dbapi.connect(**settings(emu, max_fanout=10_000)) as conn:
        (n,) = conn.cursor().execute(sql).fetchone()
    assert n == expected
    assert expected > 0, "the sample data should hold such rows"

    made = len(api_requests(emu))
    def full(r, rows):
        try:
            return list_cost(r, rows, {}, records, RESOURCES, max_fanout=10_000)
        except Unreadable:
            return 0  # listed only per parent value: by the join alone
    scans = full(p, parent_rows) + full(c, child_rows)
    if _one_list(c) and _one_list(p):
        # Asked per value WIDEN_AFTER - 1 times, then read once (its pages never more than
        # the lookups before it ended).
        assert made <= scans + WIDEN_AFTER - 1, sql
    else:
        # A table listed per parent row is never read whole inside a join: at worst one
        # request per outer row.
        assert made <= scans + len(parent_rows), sql


def test_a_long_inner_list_costs_at_most_the_lookups_again(live_emulator):
    emu = live_emulator
    emu.reset()
    records = table_of(emu)
    calls = [r["sid"] for r in records("Calls")][:WIDEN_AFTER + 2]
    recordings = records("Recordings")
    expected = sum(1 for r in recordings if r["call_sid"] in calls)
    outer = ", ".join(f"('{s}')" for s in calls)
    # Small pages make the recordings list far longer than the lookups a join needs.
    with dbapi.connect(**settings(emu, page_size=10)) as conn:
        (n,) = conn.cursor().execute(
            f"WITH c(Sid) AS (VALUES {outer}) SELECT COUNT(*) FROM c "
            f"JOIN Recordings r ON r.CallSid = c.Sid").fetchone()
    assert n == expected
    assert len(recordings) > 10 * 2 * len(calls)
    requests = api_requests(emu)
    lookups = [r for r in requests if "CallSid" in r["query"]]
    read_once = [r for r in requests if "CallSid" not in r["query"]]
    assert len(lookups) == len(calls)
    assert 0 < len(read_once) <= len(lookups)
