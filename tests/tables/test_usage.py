"""The usage tables: Category, StartDate and EndDate travel as Twilio's parameters, the numbers
are numbers and the dates dates, and a row is known by account, category and period."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import MetaData, Table, create_engine, inspect, select

from sqlalchemy_twilio import dbapi
from sqlalchemy_twilio.models import DailyUsageRecord
from sqlalchemy_twilio.resources import RESOURCES
from tests.conftest import UNTIL, api_requests

from .conftest import account_path

DAILY = "/Usage/Records/Daily.json"
USAGE_TABLES = sorted(n for n in RESOURCES if n.startswith("UsageRecords"))


def day(text):
    return dt.date.fromisoformat(text)


def daily(emu, category=None):
    return [r for r in emu.table(DAILY) if category is None or r["category"] == category]


@pytest.mark.parametrize("table", USAGE_TABLES)
def test_category_is_a_list_filter_on_every_usage_table(cur, lemu, table):
    path = RESOURCES[table].list_path.split("{AccountSid}")[1]
    expected = [r for r in lemu.table(path) if r["category"] == "calls"]
    lemu.reset()
    rows = cur.execute(f"SELECT Category, StartDate, EndDate, Count FROM {table} "
                       "WHERE Category = 'calls'").fetchall()
    assert sorted(rows) == sorted((r["category"], day(r["start_date"]), day(r["end_date"]),
                                   Decimal(r["count"])) for r in expected)
    (req,) = api_requests(lemu)
    assert req["path"] == account_path(lemu, path) and req["query"]["Category"] == ["calls"]


def test_date_bounds_are_start_date_and_end_date(cur, lemu):
    lo, hi = "2026-03-01", "2026-03-31"
    rows = cur.execute("SELECT StartDate, Price FROM UsageRecordsDaily WHERE Category = "
                       "'totalprice' AND StartDate >= ? AND EndDate <= ?", [lo, hi]).fetchall()
    expected = [(day(r["start_date"]), Decimal(r["price"])) for r in daily(lemu, "totalprice")
                if lo <= r["start_date"] <= hi]
    assert sorted(rows) == sorted(expected) and len(expected) == 31
    (req,) = api_requests(lemu)
    assert (req["query"]["StartDate"], req["query"]["EndDate"]) == ([lo], [hi])


def test_a_month_asked_of_usage_records_is_that_month_s_daily_usage_added_up(cur, lemu):
    (price,) = cur.execute("SELECT Price FROM UsageRecords WHERE Category = 'totalprice' AND "
                           "StartDate = '2026-02-01' AND EndDate = '2026-02-28'").fetchone()
    days = [Decimal(r["price"]) for r in daily(lemu, "totalprice")
            if "2026-02-01" <= r["start_date"] <= "2026-02-28"]
    assert len(days) == 28 and price == sum(days)


def test_sum_of_price_is_a_number_inside_sqlite(cur, lemu):
    (total, kind) = cur.execute(
        "SELECT SUM(Price), typeof(SUM(Price)) FROM UsageRecordsDaily "
        "WHERE Category = 'totalprice' AND StartDate >= '2026-06-01'").fetchone()
    expected = sum(Decimal(r["price"]) for r in daily(lemu, "totalprice")
                   if r["start_date"] >= "2026-06-01")
    assert kind == "real" and round(Decimal(str(total)), 2) == round(expected, 2) > 0


def test_categories_nest_so_a_sum_over_all_of_them_counts_twice(cur, lemu):
    # What the README warns of: totalprice already holds every other category's price.
    day = UNTIL
    prices = dict(cur.execute("SELECT Category, Price FROM UsageRecordsDaily WHERE "
                              "StartDate = ?", [day]).fetchall())
    assert prices["totalprice"] == prices["calls"] + prices["sms"] + prices["mms"] + \
        prices["recordings"]
    assert sum(prices.values()) > prices["totalprice"] > 0


def test_dates_are_dates_and_numbers_decimals_through_sqlalchemy(lemu):
    engine = create_engine(lemu.url)
    table = Table("UsageRecordsDaily", MetaData(), autoload_with=engine)
    record = daily(lemu, "sms")[3]
    with engine.connect() as conn:
        row = conn.execute(select(table.c.StartDate, table.c.EndDate, table.c.Count,
                                  table.c.Usage, table.c.Price)
                           .where(table.c.Category == "sms",
                                  table.c.StartDate == dt.date.fromisoformat(
                                      record["start_date"]))).one()
    assert row.StartDate == dt.date.fromisoformat(record["start_date"])
    assert type(row.StartDate) is dt.date
    assert (row.Count, row.Usage, row.Price) == (
        Decimal(record["count"]), Decimal(record["usage"]), Decimal(record["price"]))
    pk = inspect(engine).get_pk_constraint("UsageRecordsDaily")["constrained_columns"]
    assert pk == ["AccountSid", "Category", "StartDate", "EndDate"]


def test_orm_rows_are_known_by_their_period(lemu):
    from sqlalchemy.orm import Session

    record = daily(lemu, "recordings")[0]
    with Session(create_engine(lemu.url)) as session:
        got = session.get(DailyUsageRecord, (lemu.account_sid, "recordings",
                                             dt.date.fromisoformat(record["start_date"]),
                                             dt.date.fromisoformat(record["end_date"])))
    assert got is not None and got.Usage == Decimal(record["usage"])


def test_include_subaccounts_is_a_request_parameter_the_rows_carry(cur, lemu):
    rows = cur.execute("SELECT Category, IncludeSubaccounts FROM UsageRecordsToday "
                       "WHERE IncludeSubaccounts = false").fetchall()
    assert rows and {r[1] for r in rows} == {0}
    (req,) = api_requests(lemu)
    assert req["query"]["IncludeSubaccounts"] == ["false"]


def test_an_unknown_category_is_no_rows(cur, lemu):
    assert cur.execute("SELECT * FROM UsageRecordsDaily WHERE Category = 'calls%'"
                       ).fetchall() == []
    assert len(api_requests(lemu)) <= 1


def test_usage_cannot_be_written(cur, lemu):
    with pytest.raises(dbapi.Error, match="UsageRecordsDaily"):
        cur.execute("DELETE FROM UsageRecordsDaily WHERE Category = 'sms'")
    assert api_requests(lemu) == []
