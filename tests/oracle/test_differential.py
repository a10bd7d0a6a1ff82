"""Invariant 1: pushdown never changes a result.

Hypothesis writes queries over every column with every operator the planner may see; each runs
on the dialect (the emulator over HTTP) and on a plain SQLite table loaded with the same rows,
and the results must be identical. ``ORACLE_EXAMPLES`` sets how many (500 by default; more for
a slower local run).
"""

from __future__ import annotations

import datetime as dt
import os
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sqlalchemy_twilio import dbapi
from sqlalchemy_twilio.emulator import Emulator
from sqlalchemy_twilio.resources import CONFERENCES
from tests.conftest import prefix_conferences
from tests.conftest import settings as connect_settings

from ._instants import ORACLE_INSTANTS, oracle_connection

EXAMPLES = int(os.environ.get("ORACLE_EXAMPLES", "500"))
COLUMNS = CONFERENCES.column_names
DATES = ("DateCreated", "DateUpdated")


def make_pair(emulator, **options):
    """(dialect cursor, oracle cursor, sample values by column) over the same rows."""
    rows = [CONFERENCES.row_from_record(r) for r in emulator.records]
    oracle = oracle_connection()
    oracle.execute(CONFERENCES.create_table_sql(instants=ORACLE_INSTANTS))
    placeholders = ", ".join("?" * len(COLUMNS))
    with oracle:
        oracle.executemany(f'INSERT INTO "Conferences" VALUES ({placeholders})', rows)
    samples = {c: sorted({r[i] for r in rows if r[i] is not None})
               for i, c in enumerate(COLUMNS)}
    conn = dbapi.connect(**connect_settings(emulator, **options))
    return conn, (conn.cursor(), oracle.cursor(), samples)


#: Scans paged strictly in order, and (in pages small enough to make every scan long) cut
#: into concurrent date windows: both must give plain SQLite's answer.
MODES = {"in order": {"scan_concurrency": 1}, "in windows": {"page_size": 250}}


@pytest.fixture(scope="module", params=list(MODES))
def pair(emulator, request):
    """The shared sample data."""
    conn, made = make_pair(emulator, **MODES[request.param])
    yield made
    conn.close()


@pytest.fixture(scope="module")
def prefix_pair():
    """Conferences whose SIDs share their first 28 hex digits, where a lossy row identity
    drops rows from OR branches."""
    with Emulator(data=prefix_conferences(300)) as emu:
        conn, made = make_pair(emu)
        yield made
        conn.close()


def date_literals(samples: dict[str, list[str]]) -> st.SearchStrategy[str]:
    """Date comparands in several forms, around midnight boundaries and stored values."""
    stored = st.sampled_from(samples["DateCreated"] + samples["DateUpdated"])
    midnights = [v for v in samples["DateCreated"] if v.endswith(" 00:00:00")]
    last_seconds = [v for v in samples["DateCreated"] if v.endswith(" 23:59:59")]
    edges = st.sampled_from(midnights + last_seconds) if midnights + last_seconds else stored

    def forms(value: str) -> st.SearchStrategy[str]:
        day = value[:10]
        return st.sampled_from([
            f"'{value}'", f"'{day}'", f"'{day} 00:00:00'", f"'{day}T{value[11:]}'",
            f"datetime('{value}')", f"datetime('{day}', '+1 day')", f"date('{day}')",
            f"'{day} 23:59:59'", f"'{value}.5'", f"'{day}T{value[11:]}Z'",
            f"'{day}T{value[11:]}+00:00'", f"'{value}.000000'", f"'{shifted(value)}'",
        ])

    # The ends of the calendar: open-ended sentinels and datetime.min/max as text.
    ends = st.sampled_from(["'0001-01-01'", "'0001-01-01 00:00:00'", "'9999-12-31'",
                            "'9999-12-31 23:59:59'", "'9999-12-31 23:59:59.999999'",
                            "'9999-12-31 00:00:00'"])
    return st.one_of(stored.flatmap(forms), edges.flatmap(forms), ends)


def shifted(value: str) -> str:
    """``value`` (UTC) as the wall clock two hours east writes it, with its offset."""
    moment = dt.datetime.fromisoformat(value) + dt.timedelta(hours=2)
    return moment.isoformat() + "+02:00"


def quote(value: object) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, (int, float)):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


@st.composite
def predicate(draw, samples, depth=0):
    if depth < 2 and draw(st.integers(0, 3)) == 0:
        left = draw(predicate(samples, depth + 1))
        right = draw(predicate(samples, depth + 1))
        joiner = draw(st.sampled_from(["AND", "OR"]))
        negate = draw(st.sampled_from(["", "NOT "]))
        return f"{negate}({left} {joiner} {right})"
    column = draw(st.sampled_from(COLUMNS + ("Sid", "Status", "Name") + DATES * 2))
    values = samples[column]

    def literal() -> str:
        if column in DATES and draw(st.booleans()):
            return draw(date_literals(samples))
        choice = draw(st.integers(0, 9))
        if choice == 0:
            # Text that names no instant is an error when compared with a date column.
            odd = [None, 0, 1.5] + ([] if column in DATES else
                                    ["", "CF" + "0" * 32, "nope", "COMPLETED", "CF00"])
            return quote(draw(st.sampled_from(odd)))
        return quote(draw(st.sampled_from(values)) if values else None)

    op = draw(st.sampled_from(["=", "=", "!=", "<", "<=", ">", ">=", "IN", "BETWEEN",
                               "LIKE", "IS NULL", "IS NOT NULL", "= COLLATE NOCASE",
                               "EMPTY IN", "OR"]))
    if op in ("IS NULL", "IS NOT NULL"):
        return f"{column} {op}"
    if op == "EMPTY IN":
        return draw(st.sampled_from([f"{column} IN ()", f"{column} IN (SELECT 1 WHERE 0)",
                                     f"{column} NOT IN (SELECT 1 WHERE 0)"]))
    if op == "OR":
        # OR of lookups and of ranges: SQLite de-duplicates these branches by rowid.
        other = draw(st.sampled_from(("Sid", "Name", "Status") + DATES))
        first = draw(st.sampled_from(["=", "<", ">="])) if column in DATES else "="
        second = draw(st.sampled_from(["=", "<", ">="])) if other in DATES else "="
        return (f"({column} {first} {literal()} OR {other} {second} "
                f"{quote(draw(st.sampled_from(samples[other])))})")
    if op == "IN":
        items = ", ".join(literal() for _ in range(draw(st.integers(1, 4))))
        return f"{column} IN ({items})"
    if op == "BETWEEN":
        return f"{column} BETWEEN {literal()} AND {literal()}"
    if op == "LIKE":
        value = draw(st.sampled_from(values)) if values else "x"
        return f"{column} LIKE {quote(str(value)[:6] + '%')}"
    if op == "= COLLATE NOCASE":
        return f"{column} = {literal()} COLLATE NOCASE"
    return f"{column} {op} {literal()}"


@st.composite
def query(draw, samples):
    where = draw(predicate(samples))
    shape = draw(st.integers(0, 4))
    if shape == 0:
        return f"SELECT Status, COUNT(*), MIN(DateCreated), MAX(DateUpdated) FROM Conferences " \
               f"WHERE {where} GROUP BY Status ORDER BY Status"
    if shape == 1:
        return f"SELECT COUNT(*), COUNT(DISTINCT Name) FROM Conferences WHERE {where}"
    columns = ", ".join(draw(st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=4)))
    sql = f"SELECT Sid, {columns} FROM Conferences WHERE {where}"
    if shape >= 3:
        order = draw(st.sampled_from(["DateCreated", "DateUpdated DESC", "Name", "Status"]))
        sql += f" ORDER BY {order}, Sid"
        if draw(st.booleans()):
            sql += f" LIMIT {draw(st.integers(0, 40))}"
            if draw(st.booleans()):
                sql += f" OFFSET {draw(st.integers(0, 30))}"
    return sql


def as_text(value: object) -> object:
    # The DB-API returns declared datetimes as datetimes; compare them as SQLite's text.
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return value


def run(cursor, sql: str, params=None):
    cursor.execute(sql, params)
    return [tuple(as_text(v) for v in row) for row in cursor.fetchall()]


def check(pair, sql: str) -> None:
    mine, oracle, _ = pair
    expected = run(oracle, sql)
    got = run(mine, sql)
    if " ORDER BY " not in sql:
        expected, got = sorted(expected, key=repr), sorted(got, key=repr)
    assert got == expected, sql


@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_dialect_equals_plain_sqlite(pair, data):
    check(pair, data.draw(query(pair[2])))


@settings(max_examples=max(50, EXAMPLES // 2), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_sids_sharing_long_prefixes_equal_plain_sqlite(prefix_pair, data):
    check(prefix_pair, data.draw(query(prefix_pair[2])))


def test_or_of_lookups_on_prefix_sids(prefix_pair):
    sids = prefix_pair[2]["Sid"]
    for a, b in ((sids[0], sids[1]), (sids[10], sids[11]), (sids[0], sids[-1])):
        check(prefix_pair, f"SELECT Sid FROM Conferences WHERE Sid = '{a}' OR Sid = '{b}'")
        check(prefix_pair, f"SELECT Sid, Name FROM Conferences WHERE Sid = '{a}' "
                           f"OR Name = 'room 3' OR Sid IN ('{b}')")
    check(prefix_pair, "SELECT Sid FROM Conferences WHERE DateCreated < '2025-02-01' "
                       "OR DateCreated >= '2025-12-01' OR DateUpdated = '2025-06-01 13:00:00'")


@settings(max_examples=max(50, EXAMPLES // 5), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_bound_parameters_equal_literals(pair, data):
    """The same predicates with values bound at execution, unknown when SQLite plans."""
    mine, oracle, samples = pair
    column = data.draw(st.sampled_from(("Sid", "Status", "Name") + DATES))
    op = data.draw(st.sampled_from(["=", "<", "<=", ">", ">="]))
    value = data.draw(st.sampled_from(samples[column] + [None, 7, "2025-03-04"]))
    sql = f"SELECT Sid FROM Conferences WHERE {column} {op} ? ORDER BY Sid"
    assert run(mine, sql, [value]) == run(oracle, sql, [value])


@pytest.mark.parametrize("seed", range(3))
def test_joins_equal_plain_sqlite(pair, seed):
    rng = random.Random(seed)
    status = rng.choice(["init", "in-progress", "completed"])
    check(pair, "SELECT a.Sid, b.Name FROM Conferences a JOIN Conferences b ON a.Sid = b.Sid "
                f"WHERE a.Status = '{status}' ORDER BY a.Sid")
    check(pair, "SELECT a.Status, COUNT(*) FROM Conferences a JOIN Conferences b "
                "ON a.Name = b.Name AND a.Sid < b.Sid GROUP BY a.Status ORDER BY a.Status")
    check(pair, "SELECT Sid, ROW_NUMBER() OVER (PARTITION BY Status ORDER BY DateCreated, Sid) "
                "FROM Conferences ORDER BY Sid")
