"""Invariants 1 and 10 for joins: every pair of tables joined along a declared reference, with
conditions besides the join's own (a range on a date column, the account, an IN list), over
more outer rows than a join looks up before it reads the inner table once, answers on the
dialect exactly as on plain SQLite holding the same records.

Each join is run as SQLite likes it and with the referenced table forced outside (CROSS
JOIN), where the child is the table asked once per parent row.
"""

from __future__ import annotations

import pytest

from sqlalchemy_twilio import dbapi
from sqlalchemy_twilio.resources import RESOURCES, ColumnType, PushdownKind, Resource
from sqlalchemy_twilio.vtable._table import WIDEN_AFTER
from tests.conftest import settings

from .copies import plain_copy
from .test_differential import quote
from .test_tables import plain

#: Parent rows per join: more than a join looks up one by one, few enough to stay quick.
OUTER = 2 * WIDEN_AFTER + 4
PAIRS = [(r.name, ref) for r in RESOURCES.values() for ref in r.references]
TABLES = sorted({"Accounts"} | {c for c, _ in PAIRS} | {r.table for _, r in PAIRS})
_DATES = (PushdownKind.DAY_RANGE, PushdownKind.ON_OR_AFTER, PushdownKind.ON_OR_BEFORE)


@pytest.fixture(scope="module")
def world(live_emulator):
    """(dialect cursor, plain SQLite of the connection's account, of every account)."""
    conn = dbapi.connect(**settings(live_emulator, max_fanout=10_000))
    yield (conn.cursor(), plain_copy(live_emulator, TABLES),
           plain_copy(live_emulator, TABLES, every_account=True))
    conn.close()


def _date_column(resource: Resource) -> str | None:
    """A date column the table pushes down, else any date column."""
    pushed = [p.column for p in resource.pushdowns if p.kind in _DATES and not p.shapes]
    dates = [c.name for c in resource.visible_columns
             if c.type in (ColumnType.DATETIME, ColumnType.DATE)]
    return next(iter(pushed + dates), None)


def _in_column(resource: Resource) -> str | None:
    """A column the table filters on by equality (not a path's), for an IN list."""
    paths = {p.column for p in resource.path_params}
    return next((p.column for p in resource.pushdowns if p.kind is PushdownKind.EQUALS
                 and p.column not in paths and not resource.column(p.column).hidden), None)


def _account(resource: Resource) -> str | None:
    return next((p.column for p in resource.path_params if p.name == "AccountSid"), None)


def _outer_keys(db, child: str, column: str, parent: str, parent_column: str) -> list:
    """Parent keys to join on: those with children first, then some without."""
    joined = [v for (v,) in db.execute(
        f'SELECT DISTINCT k."{column}" FROM "{child}" k JOIN "{parent}" p '
        f'ON k."{column}" = p."{parent_column}" ORDER BY 1 LIMIT {OUTER}')]
    others = [v for (v,) in db.execute(
        f'SELECT "{parent_column}" FROM "{parent}" WHERE "{parent_column}" NOT IN '
        f'(SELECT "{column}" FROM "{child}" WHERE "{column}" IS NOT NULL) ORDER BY 1 '
        f'LIMIT {OUTER - len(joined) + 2}')]
    return joined + others


def _joins(world, child_name: str, ref) -> list[tuple[str, int]]:
    """(SQL, which copy answers it: 1 the connection's account, 2 every account)."""
    child, parent = RESOURCES[child_name], RESOURCES[ref.table]
    keys = ", ".join(f'k."{k}"' for k in child.key)
    # A table two levels down is listed per grandparent too: the join names it as well.
    on = f'k."{ref.column}" = p."{ref.table_column}"' + "".join(
        f' AND k."{q.column}" = p."{q.column}"' for q in child.placeholders(child.list_path)
        if q.name != "AccountSid" and q.column != ref.column and parent.has_column(q.column))
    extras: list[tuple[str, str, int]] = []
    date, parent_date = _date_column(child), _date_column(parent)
    if date and parent_date:
        # The bound changes from one parent row to the next, and a fixed one besides.
        extras.append((f' AND k."{date}" >= p."{parent_date}"', "", 1))
        (low,) = world[1].execute(f'SELECT MIN("{date}") FROM "{child_name}"').fetchone()
        if low is not None:
            extras.append((f' AND k."{date}" > {quote(low)} AND k."{date}" <= '
                           f'datetime(p."{parent_date}", \'+30 days\')', "", 1))
    column = _in_column(child)
    if column:
        values = [v for (v,) in world[1].execute(
            f'SELECT DISTINCT "{column}" FROM "{child_name}" WHERE "{column}" IS NOT NULL '
            f'ORDER BY 1 LIMIT 3')]
        if values:
            listed = ", ".join(quote(v) for v in values)
            extras.append((f' AND k."{column}" IN ({listed})', "", 1))
    account, parent_account = _account(child), _account(parent)
    if account and parent_account:
        extras.append((f' AND k."{account}" = p."{parent_account}"',
                       f'p."{parent_account}" IN (SELECT Sid FROM Accounts) AND ', 2))
    out = []
    for condition, scope, copy in extras:
        outer = _outer_keys(world[copy], child_name, ref.column, ref.table, ref.table_column)
        if len(outer) <= WIDEN_AFTER:
            continue  # too few parents to read the child once
        where = f'WHERE {scope}p."{ref.table_column}" IN ({", ".join(map(quote, outer))})'
        for join in ("JOIN", "CROSS JOIN"):
            out.append((f'SELECT p."{ref.table_column}", {keys} FROM "{ref.table}" p {join} '
                        f'"{child_name}" k ON {on}{condition} {where}', copy))
    return out


def run(db, sql):
    return sorted((tuple(plain(v) for v in row) for row in db.execute(sql).fetchall()),
                  key=repr)


@pytest.mark.parametrize(("child", "ref"), PAIRS, ids=[f"{c}-{r.table}" for c, r in PAIRS])
def test_joins_with_more_conditions_equal_plain_sqlite(world, child, ref):
    for sql, copy in _joins(world, child, ref):
        assert run(world[0], sql) == run(world[copy], sql), sql


def test_most_references_are_joined_over_enough_parents(world):
    joined = sum(bool(_joins(world, child, ref)) for child, ref in PAIRS)
    assert joined >= len(PAIRS) // 2, "the sample data should give most joins enough rows"
