"""SUM, TOTAL and AVG of a connection: exact over decimal values, SQLite's own answer for
everything else (integers, overflow, text, blobs, NULLs, no rows)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import apsw
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sqlalchemy_twilio import dbapi
from tests.conftest import settings as connect_settings

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


@pytest.fixture(scope="module")
def conn(emulator):
    # Values only, no table: the connection never asks Twilio for anything.
    with dbapi.connect(**connect_settings(emulator)) as connection:
        yield connection


@pytest.fixture(scope="module")
def plain():
    """SQLite with its own functions, to hold the connection's answers against."""
    db = apsw.Connection(":memory:")
    yield db
    db.close()


def values_sql(count: int, select: str) -> str:
    """``select`` over a table ``v(i, x)`` of ``count`` bound values, after a NULL row (so
    that no values still make a table)."""
    rows = ", ".join(["(-1, NULL)", *(f"({i}, ?)" for i in range(count))])
    return f"WITH v(i, x) AS (VALUES {rows}) {select}"


def run(conn: Any, sql: str, values: list[Any]) -> Any:
    """The row ``sql`` gives, or the message of the error it raises."""
    try:
        return tuple(conn.cursor().execute(sql, values).fetchone())
    except (dbapi.Error, apsw.Error) as exc:
        return ("error", str(exc))


def price_text(negative: bool, whole: int, decimals: str) -> str:
    return f"{'-' if negative else ''}{whole}.{decimals}"


# Prices as Twilio writes them: a sign, a few whole digits and one to five decimals.
prices = st.builds(price_text, st.booleans(), st.integers(0, 2000),
                   st.text("0123456789", min_size=1, max_size=5))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(prices, st.none()), max_size=40))
def test_sums_and_averages_of_decimal_strings_are_exact(conn, texts):
    # Each string as the table holds it: the float nearest the decimal.
    floats = [None if t is None else float(t) for t in texts]
    decimals = [Decimal(t) for t in texts if t is not None]
    spent, total, mean, distinct, count = run(conn, values_sql(
        len(floats), "SELECT SUM(x), TOTAL(x), AVG(x), SUM(DISTINCT x), COUNT(x) FROM v"),
        floats)
    exact = sum(decimals, Decimal(0))
    assert count == len(decimals)
    if not decimals:
        assert (spent, total, mean, distinct) == (None, 0.0, None, None)
        return
    assert Decimal(repr(spent)) == exact
    assert Decimal(repr(total)) == exact
    assert mean == float(Fraction(exact) / len(decimals))
    assert Decimal(repr(distinct)) == sum(set(decimals), Decimal(0))
    # A window whose frame slides: values leave it as exactly as they entered.
    window = conn.cursor().execute(values_sql(len(floats), (
        "SELECT SUM(x) OVER (ORDER BY i ROWS BETWEEN 3 PRECEDING AND CURRENT ROW) "
        "FROM v WHERE i >= 0 ORDER BY i")), floats).fetchall()
    for i, (sliding,) in enumerate(window):
        frame = [Decimal(t) for t in texts[max(0, i - 3):i + 1] if t is not None]
        assert sliding == (float(sum(frame, Decimal(0))) if frame else None), i


int64 = st.one_of(st.integers(INT64_MIN, INT64_MAX), st.integers(-1000, 1000),
                  st.sampled_from([INT64_MIN, INT64_MAX, INT64_MAX - 1, 2**53, -(2**53)]))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(int64, st.none()), max_size=8))
def test_sums_of_integers_are_sqlites_integer_sums(conn, plain, numbers):
    # SUM of integers is an integer, and an overflow on the way is an error, as in SQLite.
    sql = values_sql(len(numbers), "SELECT SUM(x), typeof(SUM(x)), COUNT(x) FROM v")
    assert run(conn, sql, numbers) == run(plain, sql, numbers)
    # TOTAL and AVG are REALs: the nearest to the exact sum and mean.
    total, mean = conn.cursor().execute(
        values_sql(len(numbers), "SELECT TOTAL(x), AVG(x) FROM v"), numbers).fetchone()
    given_ = [n for n in numbers if n is not None]
    assert total == float(sum(given_)) and type(total) is float
    assert mean == (float(Fraction(sum(given_), len(given_))) if given_ else None)


@pytest.mark.parametrize("values", [
    ["5", "12", None],  # text that reads as integers: an integer sum
    ["1.5", "abc", "12abc", " 7 "],  # text: as SQLite reads it, a REAL sum
    [b"35", 1],  # a blob: read as its text
    [INT64_MAX, 1, -5],  # an overflow on the way is an error even when the end fits
    [INT64_MAX, 1, 0.5],  # ... unless a REAL follows it
    [float("inf"), 1.5],
    [float("inf"), float("-inf")],  # NULL, not NaN
    [None, None],
    [],
])
def test_other_values_keep_sqlites_answers(conn, plain, values):
    sql = values_sql(len(values), "SELECT SUM(x), typeof(SUM(x)), TOTAL(x), AVG(x), "
                                  "typeof(AVG(x)), COUNT(x) FROM v")
    assert run(conn, sql, values) == run(plain, sql, values)


def test_an_integer_overflow_is_a_programming_error_that_says_so(conn):
    with pytest.raises(dbapi.ProgrammingError, match="integer overflow"):
        conn.cursor().execute(values_sql(2, "SELECT SUM(x) FROM v"), [INT64_MAX, 1])


def test_sum_keeps_its_other_forms(conn):
    cur = conn.cursor()
    with pytest.raises(dbapi.ProgrammingError, match="wrong number of arguments"):
        cur.execute("SELECT SUM(1, 2)")
    texts = ["-0.0075", "-0.0079", "-2.49", "0.5", "-0.0079"]
    values = [float(t) for t in texts]
    charges = sum((Decimal(t) for t in texts if t.startswith("-")), Decimal(0))
    distinct = sum({Decimal(t) for t in texts if t.startswith("-")}, Decimal(0))
    (filtered, unique), = cur.execute(values_sql(len(values), (
        "SELECT SUM(x) FILTER (WHERE x < 0), SUM(DISTINCT x) FILTER (WHERE x < 0) FROM v")),
        values).fetchall()
    assert (Decimal(repr(filtered)), Decimal(repr(unique))) == (charges, distinct)
    partitioned = cur.execute(values_sql(len(values), (
        "SELECT x, SUM(x) OVER (PARTITION BY x < 0) FROM v WHERE i >= 0")), values).fetchall()
    assert {Decimal(repr(s)) for x, s in partitioned if x < 0} == {charges}
