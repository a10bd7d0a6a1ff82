"""Invariant 1 for every table, driven by the declarations: queries over each table's columns,
with operators that fit each column's type, and joins of each table with the table its keys
reference, answer on the dialect exactly as on plain SQLite holding the same rows.

The rows come from the emulator's own records (``Emulator.table``), converted by the
declaration; a table added to the declarations is covered here without new test code.
"""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.minimality import required
from sqlalchemy_twilio import dbapi
from sqlalchemy_twilio.resources import RESOURCES, ColumnType, FanOut, Resource
from tests.conftest import data_key
from tests.conftest import settings as connect_settings

from ._instants import ORACLE_INSTANTS, oracle_connection
from .test_differential import as_text, date_literals, quote

EXAMPLES = max(40, int(os.environ.get("ORACLE_EXAMPLES", "500")) // 4)
TABLES = sorted(RESOURCES)
INSTANT_TYPES = (ColumnType.DATETIME, ColumnType.DATE)


def truth(emu, resource: Resource) -> list[tuple]:
    records = emu.table(data_key(resource.list_path))
    # Records without an account_sid field are the account's all the same: their rows carry
    # the account of their path.
    given = {p.column: emu.account_sid for p in resource.path_params
             if p.name == "AccountSid" and resource.column(p.column).field is None}
    return [resource.row_from_record({**r, **given}) for r in records]


@pytest.fixture(scope="module")
def world(live_emulator):
    """(dialect cursor, oracle cursor, sample values by table and column)."""
    oracle = oracle_connection()
    samples: dict[str, dict[str, list]] = {}
    for resource in RESOURCES.values():
        visible = resource.visible_columns
        indexes = [resource.index(c.name) for c in visible]
        rows = [tuple(row[i] for i in indexes) for row in truth(live_emulator, resource)]
        cols = ", ".join(f'"{c.name}" {c.type.value}' + (
            f" COLLATE {ORACLE_INSTANTS}" if c.type in INSTANT_TYPES else "") for c in visible)
        oracle.execute(f'CREATE TABLE "{resource.name}" ({cols})')
        with oracle:
            oracle.executemany(f'INSERT INTO "{resource.name}" VALUES '
                               f'({", ".join("?" * len(visible))})', rows)
        samples[resource.name] = {c.name: sorted({r[n] for r in rows if r[n] is not None},
                                                 key=repr)
                                  for n, c in enumerate(visible)}
    conn = dbapi.connect(**connect_settings(live_emulator))
    # Small pages make the scans long enough to be cut into concurrent date windows.
    windowed = dbapi.connect(**connect_settings(live_emulator, page_size=60))
    yield conn.cursor(), oracle.cursor(), samples, windowed.cursor()
    conn.close()
    windowed.close()


def plain(value):
    """A value as plain SQLite holds it: the DB-API's typed values back to SQLite's."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    return as_text(value)


def run(cursor, sql):
    cursor.execute(sql)
    return [tuple(plain(v) for v in row) for row in cursor.fetchall()]


def check(world, sql):
    mine, oracle = world[0], world[1]
    expected, got = run(oracle, sql), run(mine, sql)
    if " ORDER BY " not in sql:
        expected, got = sorted(expected, key=repr), sorted(got, key=repr)
    assert got == expected, sql


@st.composite
def predicate(draw, resource: Resource, values: dict[str, list], depth=0):
    if depth < 2 and draw(st.integers(0, 3)) == 0:
        left = draw(predicate(resource, values, depth + 1))
        right = draw(predicate(resource, values, depth + 1))
        return f"{draw(st.sampled_from(['', 'NOT ']))}({left} " \
               f"{draw(st.sampled_from(['AND', 'OR']))} {right})"
    # Keys and pushed columns more often: they are where the planner does something.
    pushed = [p.column for p in resource.pushdowns if not resource.column(p.column).hidden]
    pushed += [p.column for p in resource.path_params]
    # A condition that shapes the records (a usage period cut to it) is a parameter, not a
    # filter of fixed rows: no plain table holds every period. Its own tests check it.
    shaping = {p.column for p in resource.pushdowns if p.shapes}
    pushed = [c for c in pushed if c not in shaping]
    names = [c.name for c in resource.visible_columns if c.name not in shaping]
    name = draw(st.sampled_from(names + pushed * 2))
    column = resource.column(name)
    sample = values[name]

    def literal():
        if column.type is ColumnType.DATETIME and draw(st.booleans()):
            merged = {"DateCreated": sample or ["2025-01-01 00:00:00"],
                      "DateUpdated": sample or ["2025-01-01 00:00:00"]}
            return draw(date_literals(merged))
        if draw(st.integers(0, 6)) == 0 or not sample:
            # Text that names no instant is an error when compared with a date column.
            odd = [None, 0, 1, 2, 1.5] + ([] if column.type in INSTANT_TYPES else
                                          ["", "nope", "true", "CA" + "0" * 32])
            return quote(draw(st.sampled_from(odd)))
        return quote(draw(st.sampled_from(sample)))

    if column.type is ColumnType.BOOLEAN:
        op = draw(st.sampled_from(["= 1", "= 0", "= true", "= false", "IS NULL", "!= 1",
                                   "= 2", "= 'true'", "IN (0, 1)", "IN (1)"]))
        return f'"{name}" {op}'
    op = draw(st.sampled_from(["=", "=", "!=", "<", ">=", "IN", "IS NULL", "LIKE",
                               "EMPTY IN", "= COLLATE NOCASE"]))
    if op == "IS NULL":
        return f'"{name}" {draw(st.sampled_from(["IS NULL", "IS NOT NULL"]))}'
    if op == "IN":
        return f'"{name}" IN ({", ".join(literal() for _ in range(draw(st.integers(1, 4))))})'
    if op == "EMPTY IN":
        return f'"{name}" IN (SELECT 1 WHERE 0)'
    if op == "LIKE":
        start = str(draw(st.sampled_from(sample))) if sample else "x"
        return f'"{name}" LIKE {quote(start[:5] + "%")}'
    if op == "= COLLATE NOCASE":
        return f'"{name}" = {literal()} COLLATE NOCASE'
    return f'"{name}" {op} {literal()}'


#: The most parent rows a table is read without a parent condition here (max_fanout's
#: default): beyond, each query names a few parents, as a user must.
_FANOUT = 100


def _top_fanout(resource: Resource) -> FanOut | None:
    """The fan-out a table's read starts from (its parent's, for a table two levels down)."""
    rule = next((r for r in resource.unbound if isinstance(r, FanOut)), None)
    if rule is None:
        return None
    return _top_fanout(RESOURCES[rule.parent]) or rule


def scope(oracle, resource: Resource, values: dict[str, list]) -> str | None:
    """What every query of a table Twilio lists only per parent names: the path column it
    cannot be read without (a country), or, when it would fan out over more parents than
    max_fanout allows, a few of them."""
    needed = required(resource, RESOURCES)
    if needed:
        return f'"{needed[0]}" IN ({", ".join(quote(v) for v in values[needed[0]])})'
    rule = _top_fanout(resource)
    if rule is None:
        return None
    where = " AND ".join(f'"{c}" IN ({", ".join(quote(v) for v in vs)})'
                         for c, vs in rule.parent_where) or "1"
    (parents,) = oracle.execute(f'SELECT COUNT(*) FROM "{rule.parent}" WHERE {where}').fetchone()
    if parents <= _FANOUT:
        return None
    column = resource.column(next(p.column for p in resource.path_params
                                  if p.name == rule.param))
    return f'"{column.name}" IN ({", ".join(quote(v) for v in values[column.name][:8])})'


@st.composite
def query(draw, resource: Resource, values, within: str | None = None):
    where = draw(predicate(resource, values))
    if within:
        where = f"{within} AND ({where})"
    names = [c.name for c in resource.visible_columns]
    key = ", ".join(f'"{k}"' for k in resource.key)
    shape = draw(st.integers(0, 3))
    if shape == 0:
        return f'SELECT COUNT(*) FROM "{resource.name}" WHERE {where}'
    picked = ", ".join(f'"{n}"' for n in draw(st.lists(st.sampled_from(names), min_size=1,
                                                       max_size=4)))
    sql = f'SELECT {key}, {picked} FROM "{resource.name}" WHERE {where}'
    if shape == 3:
        sql += f" ORDER BY {key} LIMIT {draw(st.integers(0, 20))}"
    return sql


def _queries_agree(against, table: str, examples: int) -> None:
    """``examples`` generated queries on ``table`` give through ``against`` what plain SQLite
    gives."""
    resource = RESOURCES[table]
    within = scope(against[1], resource, against[2][table])

    @settings(max_examples=examples, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                     HealthCheck.data_too_large])
    @given(data=st.data())
    def run_one(data):
        check(against, data.draw(query(resource, against[2][table], within)))

    run_one()


@pytest.mark.parametrize("table", TABLES)
def test_every_table_equals_plain_sqlite(world, table):
    _queries_agree(world, table, EXAMPLES)


@pytest.mark.parametrize("table", [r.name for r in RESOURCES.values() if r.windows])
def test_scans_in_date_windows_equal_plain_sqlite(world, table):
    _queries_agree((world[3], *world[1:3]), table, max(20, EXAMPLES // 2))


def reference_pairs():
    return [(r.name, ref) for r in RESOURCES.values() for ref in r.references]


@pytest.mark.parametrize(("child", "ref"), reference_pairs(),
                         ids=[f"{c}-{r.table}" for c, r in reference_pairs()])
def test_joins_with_the_referenced_table_equal_plain_sqlite(world, child, ref):
    parent = RESOURCES[ref.table]
    ck = ", ".join(f'k."{k}"' for k in RESOURCES[child].key)
    on = f'k."{ref.column}" = p."{ref.table_column}"'
    status = next((c.name for c in parent.columns if c.name == "Status"), None)
    joins = [
        f'SELECT p."{ref.table_column}", {ck} FROM "{ref.table}" p JOIN "{child}" k ON {on}',
        f'SELECT COUNT(*) FROM "{ref.table}" p LEFT JOIN "{child}" k ON {on}',
        f'SELECT {ck} FROM "{child}" k WHERE k."{ref.column}" IN (SELECT "{ref.table_column}" '
        f'FROM "{ref.table}")',
    ]
    if status:
        for value in world[2][ref.table][status]:
            joins.append(f'SELECT p."{ref.table_column}", {ck} FROM "{ref.table}" p JOIN '
                         f'"{child}" k ON {on} WHERE p."{status}" = {quote(value)}')
    # A parent with more rows than max_fanout allows is joined for a few of its rows.
    for name, alias in ((child, "k"), (ref.table, "p")):
        few = scope(world[1], RESOURCES[name], world[2][name])
        if few:
            joins = [j.replace(f'"{name}" {alias}', f'(SELECT * FROM "{name}" WHERE {few}) '
                               f'{alias}').replace(f'FROM "{name}")',
                                                   f'FROM "{name}" WHERE {few})')
                     for j in joins]
    for sql in joins:
        check(world, sql)
