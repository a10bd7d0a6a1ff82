"""Inputs at the edges answer as plain SQLite would: empty IN lists, dates at the ends of the
calendar, values no request can carry."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import MetaData, Table, create_engine, func, select

from sqlalchemy_twilio import dbapi
from tests.conftest import api_requests, settings


@pytest.fixture()
def cur(emu):
    with dbapi.connect(**settings(emu, scan_concurrency=1)) as conn:
        yield conn.cursor()


@pytest.fixture(scope="module")
def engine(emulator):
    engine = create_engine(emulator.url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def conferences(engine):
    return Table("Conferences", MetaData(), autoload_with=engine)


# -- empty IN --------------------------------------------------------------------------------

@pytest.mark.parametrize("column", ["Sid", "Status", "Name"])
def test_empty_in_from_sqlalchemy_is_no_rows_and_no_request(engine, conferences, emu, column):
    with engine.connect() as conn:
        rows = conn.execute(select(conferences).where(conferences.c[column].in_([]))).all()
        assert rows == []
        assert api_requests(emu) == []
        # NOT IN of nothing keeps every row.
        n = conn.execute(select(func.count()).select_from(conferences)
                         .where(conferences.c[column].not_in([]))).scalar_one()
    assert n == len(emu.records)


@pytest.mark.parametrize("sql", [
    "SELECT * FROM Conferences WHERE Sid IN (SELECT 1 WHERE 0)",
    "SELECT * FROM Conferences WHERE Status IN (SELECT 'init' WHERE 0)",
    "SELECT * FROM Conferences WHERE Name IN ()",
    "SELECT * FROM Conferences WHERE Sid IN (SELECT Sid FROM Conferences WHERE Sid = 'nope')",
])
def test_empty_in_subquery_is_no_rows_and_no_request(cur, emu, sql):
    assert cur.execute(sql).fetchall() == []
    assert api_requests(emu) == []


def test_in_lists_are_still_fetched_together_after_an_empty_one(cur, emu):
    cur.execute("SELECT * FROM Conferences WHERE Sid IN (SELECT 1 WHERE 0)").fetchall()
    wanted = [r["sid"] for r in emu.records[:3]]
    rows = cur.execute("SELECT Sid FROM Conferences WHERE Sid IN (?, ?, ?)", wanted).fetchall()
    assert sorted(r[0] for r in rows) == sorted(wanted)
    assert len(api_requests(emu)) == 3


def test_a_non_empty_in_subquery_fetches_each_value(cur, emu):
    wanted = sorted(r["sid"] for r in emu.records[:2])
    rows = cur.execute(
        "SELECT Sid FROM Conferences WHERE Sid IN (SELECT ? UNION SELECT ?)", wanted).fetchall()
    assert sorted(r[0] for r in rows) == wanted
    assert len(api_requests(emu)) == 2


# -- the ends of the calendar ------------------------------------------------------------------

@pytest.mark.parametrize(("where", "expect_all", "requests"), [
    ("DateCreated <= '9999-12-31 23:59:59'", True, 3),
    ("DateCreated < '9999-12-31 23:59:59.999999'", True, 3),
    ("DateUpdated <= '9999-12-31'", True, 3),
    ("DateCreated > '9999-12-31 23:59:59'", False, 0),
    ("DateCreated >= '9999-12-31 23:59:59'", False, 1),
    ("DateCreated >= '0001-01-01'", True, 3),
    ("DateCreated > '0001-01-01 00:00:00'", True, 3),
    ("DateCreated < '0001-01-01'", False, 1),
    ("DateCreated BETWEEN '0001-01-01' AND '9999-12-31 23:59:59'", True, 3),
])
def test_dates_at_year_1_and_9999(cur, emu, where, expect_all, requests):
    (n,) = cur.execute(f"SELECT COUNT(*) FROM Conferences WHERE {where}").fetchone()
    assert n == (len(emu.records) if expect_all else 0)
    assert len(api_requests(emu)) == requests


def test_datetime_max_and_min_from_sqlalchemy(engine, conferences, emu):
    with engine.connect() as conn:
        below_max = conn.execute(select(func.count()).select_from(conferences).where(
            conferences.c.DateCreated < dt.datetime.max)).scalar_one()
        above_min = conn.execute(select(func.count()).select_from(conferences).where(
            conferences.c.DateCreated > dt.datetime.min)).scalar_one()
    assert below_max == above_min == len(emu.records)


# -- values no request can carry ---------------------------------------------------------------

def test_a_megabyte_name_matches_nothing_without_a_request(cur, emu):
    assert cur.execute("SELECT * FROM Conferences WHERE Name = ?", ["x" * 1_000_000]
                       ).fetchall() == []
    assert api_requests(emu) == []


def test_a_name_longer_than_twilio_allows_matches_nothing(cur, emu):
    long_names = ["a" * 129, "b" * 5000]
    assert cur.execute("SELECT * FROM Conferences WHERE Name IN (?, ?)", long_names
                       ).fetchall() == []
    assert api_requests(emu) == []


def test_a_value_too_long_for_a_url_is_left_to_sqlite(cur, emu):
    # 128 characters, as long as a name may be, but over a kilobyte once URL-encoded.
    name = "会" * 128
    assert cur.execute("SELECT * FROM Conferences WHERE Name = ?", [name]).fetchall() == []
    reqs = api_requests(emu)
    assert len(reqs) == 3 and all("FriendlyName" not in r["query"] for r in reqs)
    assert all(len(r["path"]) + sum(map(len, r["query"])) < 2000 for r in reqs)


def test_long_values_in_an_in_list_keep_the_short_ones(cur, emu):
    name = emu.records[0]["friendly_name"]
    rows = cur.execute("SELECT Name FROM Conferences WHERE Name IN (?, ?)",
                       [name, "z" * 100_000]).fetchall()
    assert rows and {r[0] for r in rows} == {name}
    assert all(r["query"].get("FriendlyName") == [name] for r in api_requests(emu))
