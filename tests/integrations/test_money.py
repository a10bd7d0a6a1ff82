"""Money is exact: SUM, TOTAL and AVG of Twilio's decimal prices are the decimal arithmetic of
the strings Twilio sends, in raw SQL, Core, the ORM, pandas and the CLI.

The expected values are computed here from the emulator's own JSON, read over HTTP as any
Twilio client reads it. The shared sample data holds prices whose binary sum is not their
decimal sum, which the first tests check, so that none passes by luck of the data.
"""

from __future__ import annotations

import csv
import io
import math
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pandas as pd
import pytest
from sqlalchemy import MetaData, Table, create_engine, func, select
from sqlalchemy.orm import Session

from sqlalchemy_twilio import dbapi
from sqlalchemy_twilio.cli import main
from sqlalchemy_twilio.models import Message
from tests.conftest import settings
from tests.emulator._helpers import api, http, scan


@pytest.fixture(scope="module")
def messages(emulator) -> list[dict[str, Any]]:
    """Every message, as the API's JSON pages send it."""
    with http(emulator) as client:
        return scan(client, api(emulator, "/Messages.json"), "messages")


def prices(records: list[dict[str, Any]]) -> list[Decimal]:
    return [Decimal(r["price"]) for r in records if r["price"] not in (None, "")]


def exact_sum(records: list[dict[str, Any]]) -> Decimal:
    return sum(prices(records), Decimal(0))


def exact_avg(records: list[dict[str, Any]]) -> float:
    """The float nearest the exact mean of the prices."""
    values = prices(records)
    return float(Fraction(sum(values, Decimal(0))) / len(values))


def binary_sum(records: list[dict[str, Any]]) -> float:
    """The prices added as binary floats, correctly rounded (what exact float addition
    gives): where this differs from the decimal sum, binary addition shows a wrong tail."""
    return math.fsum(float(p) for p in prices(records))


def by_status(records: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in records:
        groups.setdefault(r["status"], []).append(r)
    return groups


@pytest.fixture()
def cur(emulator):
    with dbapi.connect(**settings(emulator)) as conn:
        yield conn.cursor()


@pytest.fixture(scope="module")
def engine(emulator):
    eng = create_engine(emulator.url)
    yield eng
    eng.dispose()


# -- raw SQL through the DB-API -------------------------------------------------------------

def test_raw_sum_total_and_avg_are_the_decimal_arithmetic_of_the_prices(cur, messages):
    spent, total, mean, distinct, priced, segments, rows = cur.execute(
        "SELECT SUM(Price), TOTAL(Price), AVG(Price), SUM(DISTINCT Price), COUNT(Price), "
        "SUM(NumSegments), COUNT(*) FROM Messages").fetchone()
    # The data is such that binary addition misses the decimal sum.
    assert binary_sum(messages) != float(exact_sum(messages))
    assert Decimal(repr(spent)) == exact_sum(messages)
    assert Decimal(repr(total)) == exact_sum(messages)
    assert mean == exact_avg(messages)
    assert Decimal(repr(distinct)) == sum(set(prices(messages)), Decimal(0))
    # Integers keep SQLite's integer sums.
    assert priced == len(prices(messages)) and rows == len(messages)
    assert type(segments) is int
    assert segments == sum(int(m["num_segments"]) for m in messages)


def test_raw_group_by_sums_each_group_exactly_and_an_unpriced_group_as_sqlite_does(
        cur, messages):
    rows = cur.execute("SELECT Status, SUM(Price), TOTAL(Price), AVG(Price), COUNT(*) "
                       "FROM Messages GROUP BY Status").fetchall()
    groups = by_status(messages)
    assert {r[0] for r in rows} == set(groups)
    unpriced = 0
    for status, spent, total, mean, count in rows:
        group = groups[status]
        assert count == len(group)
        if not prices(group):
            # No price in the group: SUM and AVG of nothing are NULL, TOTAL is 0.0.
            unpriced += 1
            assert (spent, total, mean) == (None, 0.0, None)
            continue
        assert Decimal(repr(spent)) == exact_sum(group), status
        assert Decimal(repr(total)) == exact_sum(group), status
        assert mean == exact_avg(group), status
    assert 0 < unpriced < len(rows)
    assert any(binary_sum(g) != float(exact_sum(g)) for g in groups.values() if prices(g))


def test_window_sums_are_exact_running_and_sliding(cur, messages):
    rows = cur.execute(
        "SELECT Sid, SUM(Price) OVER (ORDER BY Sid ROWS UNBOUNDED PRECEDING), "
        "SUM(Price) OVER (ORDER BY Sid ROWS BETWEEN 40 PRECEDING AND CURRENT ROW), "
        "AVG(Price) OVER (PARTITION BY Status) FROM Messages ORDER BY Sid").fetchall()
    ordered = sorted(messages, key=lambda m: m["sid"])
    assert [r[0] for r in rows] == [m["sid"] for m in ordered]
    means = {status: exact_avg(group) if prices(group) else None
             for status, group in by_status(messages).items()}
    status = {m["sid"]: m["status"] for m in messages}
    running_sum, priced = Decimal(0), 0
    for i, (sid, running, sliding, mean) in enumerate(rows):
        price = ordered[i]["price"]
        if price not in (None, ""):
            running_sum, priced = running_sum + Decimal(price), priced + 1
        assert running == (float(running_sum) if priced else None), sid
        recent = ordered[max(0, i - 40):i + 1]
        assert sliding == (float(exact_sum(recent)) if prices(recent) else None), sid
        assert mean == means[status[sid]], sid
    # The window's last running sum is the whole sum, which binary addition misses.
    assert binary_sum(messages) != rows[-1][1]


# -- SQLAlchemy Core and the ORM ------------------------------------------------------------

def test_core_sum_of_a_reflected_decimal_column_is_the_exact_decimal(engine, messages):
    table = Table("Messages", MetaData(), autoload_with=engine)
    with engine.connect() as conn:
        spent, mean = conn.execute(
            select(func.sum(table.c.Price), func.avg(table.c.Price))).one()
    # func.sum is typed as its column: a Decimal with the digits of the decimal sum.
    assert isinstance(spent, Decimal)
    assert spent == exact_sum(messages)
    assert mean == exact_avg(messages)


def test_orm_sums_per_status_are_exact_decimals(engine, messages):
    with Session(engine) as session:
        whole = session.scalar(select(func.sum(Message.Price)))
        rows = session.execute(
            select(Message.Status, func.sum(Message.Price)).group_by(Message.Status)).all()
    assert isinstance(whole, Decimal) and whole == exact_sum(messages)
    groups = by_status(messages)
    assert {status: spent for status, spent in rows} == {
        status: exact_sum(group) if prices(group) else None
        for status, group in groups.items()}


# -- pandas ----------------------------------------------------------------------------------

def test_pandas_read_sql_shows_the_decimal_sums(engine, messages):
    frame = pd.read_sql_query(
        "SELECT Status, SUM(Price) AS spent, AVG(Price) AS mean FROM Messages "
        "GROUP BY Status ORDER BY Status", engine)
    groups = by_status(messages)
    priced = frame.dropna()
    assert len(priced) == sum(1 for g in groups.values() if prices(g))
    for status, spent, mean in priced.itertuples(index=False):
        assert Decimal(repr(spent)) == exact_sum(groups[status]), status
        assert mean == exact_avg(groups[status]), status
    whole = pd.read_sql(select(func.sum(Message.Price).label("spent")), engine)
    assert Decimal(str(whole["spent"][0])) == exact_sum(messages)


# -- the CLI ---------------------------------------------------------------------------------

SPENT = "SELECT SUM(Price) AS spent, TOTAL(Price) AS total FROM Messages"


def test_cli_table_shows_the_decimal_sum(emulator, messages, capsys):
    code = main(["--url", emulator.url, SPENT])
    out = capsys.readouterr().out
    assert code == 0
    header, _, values, *_ = out.splitlines()
    assert header.split() == ["spent", "total"]
    assert [Decimal(v) for v in values.split()] == [exact_sum(messages)] * 2


def test_cli_csv_writes_the_decimal_sum_per_group(emulator, messages, capsys):
    code = main(["--url", emulator.url, "--format", "csv",
                 "SELECT Status, SUM(Price) AS spent FROM Messages GROUP BY Status"])
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert code == 0
    groups = by_status(messages)
    assert {r["Status"] for r in rows} == set(groups)
    for r in rows:
        group = groups[r["Status"]]
        if prices(group):
            assert Decimal(r["spent"]) == exact_sum(group), r["Status"]
        else:
            assert r["spent"] == "", r["Status"]
