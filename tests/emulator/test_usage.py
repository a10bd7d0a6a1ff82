"""Usage records: derived from the calls, messages and recordings the emulator holds, nested
as Twilio's categories nest, with exact StartDate/EndDate semantics and each list's defaults."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest

from sqlalchemy_twilio.emulator import Emulator

from ._helpers import api, assert_twilio_error, http, moment, scan

DAILY = "/Usage/Records/Daily.json"
CATEGORIES = {"calls", "calls-inbound", "calls-outbound", "sms", "sms-inbound",
              "sms-outbound", "mms", "mms-inbound", "mms-outbound", "recordings", "totalprice"}


@pytest.fixture(scope="module")
def usage_emulator() -> Iterator[Emulator]:
    # Data up to now, so that Today, Yesterday and ThisMonth have usage.
    # Nothing expires here: usage counts every message, and the tests below count them too.
    with Emulator(conferences=60, seed=51, calls=900, messages=900,
                  retention_days=100_000) as emu:
        yield emu


@pytest.fixture()
def emu(usage_emulator: Emulator) -> Emulator:  # noqa: F811 - this module's own
    usage_emulator.reset(data=True)
    return usage_emulator


def today() -> dt.date:
    return dt.datetime.now(dt.timezone.utc).date()


def records(emu: Emulator, period: str, **params: str) -> list[dict[str, Any]]:
    with http(emu) as client:
        return scan(client, api(emu, f"/Usage/Records{period}.json"), "usage_records", params)


def expected(emu: Emulator, category: str, start: dt.date, end: dt.date
             ) -> tuple[int, int, Decimal]:
    """(count, usage, price) of a category over [start, end], from the records themselves."""
    count = usage = 0
    price = Decimal(0)

    def within(text: str | None) -> bool:
        return bool(text) and start <= moment(text).date() <= end  # type: ignore[arg-type]

    if category.startswith("calls"):
        for c in emu.table("/Calls.json"):
            side = "inbound" if c["direction"] == "inbound" else "outbound"
            if within(c["start_time"]) and category in ("calls", f"calls-{side}"):
                count += 1
                usage += math.ceil(int(c["duration"] or 0) / 60)
                price -= Decimal(c["price"] or 0)
    elif category.startswith(("sms", "mms")):
        for m in emu.table("/Messages.json"):
            kind = "mms" if int(m["num_media"]) else "sms"
            side = "inbound" if m["direction"] == "inbound" else "outbound"
            if within(m["date_sent"]) and category in (kind, f"{kind}-{side}"):
                count += 1
                usage += int(m["num_segments"])
                price -= Decimal(m["price"] or 0)
    elif category == "recordings":
        for r in emu.table("/Recordings.json"):
            if within(r["date_created"]):
                count += 1
                usage += math.ceil(int(r["duration"] or 0) / 60)
                price -= Decimal(r["price"] or 0)
    return count, usage, price


def totals(record: dict[str, Any]) -> tuple[Decimal, Decimal, Decimal]:
    """count, usage and price as numbers (totalprice counts in dollars, the others in units)."""
    return Decimal(record["count"]), Decimal(record["usage"]), Decimal(record["price"])


def test_record_fields_are_twilios_strings(emu: Emulator):
    for r in records(emu, "/Today"):
        assert set(r) == {"account_sid", "api_version", "as_of", "category", "count",
                          "count_unit", "description", "end_date", "price", "price_unit",
                          "start_date", "subresource_uris", "uri", "usage", "usage_unit"}
        assert isinstance(r["count"], str) and isinstance(r["usage"], str)
        assert isinstance(r["price"], str) and Decimal(r["price"]) >= 0
        dt.datetime.fromisoformat(r["as_of"])
        assert r["uri"].startswith(api(emu, "/Usage/Records/Today.json") + "?Category=")
        assert set(r["subresource_uris"]) == {"all_time", "today", "yesterday", "this_month",
                                              "last_month", "daily", "monthly", "yearly"}


def test_daily_calls_sum_to_the_calls_of_the_range(emu: Emulator):
    start, end = today() - dt.timedelta(days=120), today() - dt.timedelta(days=30)
    daily = records(emu, "/Daily", Category="calls", StartDate=start.isoformat(),
                    EndDate=end.isoformat())
    assert [r["start_date"] for r in daily] == [
        (end - dt.timedelta(days=i)).isoformat() for i in range((end - start).days + 1)]
    assert all(r["start_date"] == r["end_date"] for r in daily)
    summed = tuple(map(sum, zip(*(totals(r) for r in daily))))
    assert summed == expected(emu, "calls", start, end)
    assert summed[0] > 50


@pytest.mark.parametrize("category", sorted(CATEGORIES - {"totalprice"}))
def test_every_category_matches_the_records_over_all_time(emu: Emulator, category: str):
    (record,) = records(emu, "", Category=category)
    start, end = dt.date.fromisoformat(record["start_date"]), dt.date.fromisoformat(
        record["end_date"])
    assert end == today()
    assert totals(record) == expected(emu, category, start, end)
    assert totals(record)[0] > 0


def test_categories_nest_as_on_twilio(emu: Emulator):
    by_period: dict[tuple[str, str], dict[str, tuple[Decimal, Decimal, Decimal]]] = {}
    for r in records(emu, "/Monthly"):
        by_period.setdefault((r["start_date"], r["end_date"]), {})[r["category"]] = totals(r)
    for period, t in by_period.items():
        assert set(t) == CATEGORIES, period
        for kind in ("calls", "sms", "mms"):
            assert t[kind] == tuple(a + b for a, b in zip(t[f"{kind}-inbound"],
                                                         t[f"{kind}-outbound"])), period
        total = sum(t[c][2] for c in ("calls", "sms", "mms", "recordings"))
        assert t["totalprice"] == (total, total, total)
    naive = sum(v[2] for t in by_period.values() for v in t.values())
    real = sum(t["totalprice"][2] for t in by_period.values())
    assert naive > 2 * real  # summing over every category counts usage twice (or more)


def test_monthly_and_yearly_add_up_the_days(emu: Emulator):
    daily = records(emu, "/Daily")
    for period in ("/Monthly", "/Yearly", "/AllTime", ""):
        for r in records(emu, period):
            days = [d for d in daily if d["category"] == r["category"]
                    and r["start_date"] <= d["start_date"] <= r["end_date"]]
            assert totals(r) == tuple(map(sum, zip(*(totals(d) for d in days)))), (period, r)


def test_defaults_cover_all_time_and_the_fixed_periods(emu: Emulator):
    now = today()
    daily = records(emu, "/Daily")
    days = sorted({r["start_date"] for r in daily})
    first = dt.date.fromisoformat(days[0])
    assert days[-1] == now.isoformat()
    assert len(days) == (now - first).days + 1
    assert Counter(r["start_date"] for r in daily) == {d: len(CATEGORIES) for d in days}
    # The first day is the first day anything happened.
    assert any(Decimal(r["count"]) for r in daily if r["start_date"] == days[0])
    month = now.replace(day=1)
    last_month = (month - dt.timedelta(days=1)).replace(day=1)
    for period, start, end in (
            ("/Today", now, now),
            ("/Yesterday", now - dt.timedelta(days=1), now - dt.timedelta(days=1)),
            ("/ThisMonth", month, now),
            ("/LastMonth", last_month, month - dt.timedelta(days=1)),
            ("/AllTime", first, now), ("", first, now)):
        got = records(emu, period)
        assert {r["category"] for r in got} == CATEGORIES and len(got) == len(CATEGORIES)
        assert {(r["start_date"], r["end_date"]) for r in got} == {
            (start.isoformat(), end.isoformat())}, period
    months = {(r["start_date"], r["end_date"]) for r in records(emu, "/Monthly")}
    assert (month.isoformat(), now.isoformat()) in months
    assert min(months)[0] == first.isoformat()
    years = {r["start_date"][:4] for r in records(emu, "/Yearly")}
    assert years == {str(y) for y in range(first.year, now.year + 1)}


def test_start_and_end_dates_are_exact(emu: Emulator):
    now = today()
    start = (now - dt.timedelta(days=75)).replace(day=15)
    end = now - dt.timedelta(days=10)
    for period in ("/Daily", "/Monthly", "/Yearly", "/AllTime", "", "/ThisMonth",
                   "/LastMonth"):
        got = records(emu, period, StartDate=start.isoformat(), EndDate=end.isoformat())
        for r in got:
            assert start.isoformat() <= r["start_date"] <= r["end_date"] <= end.isoformat()
    monthly = records(emu, "/Monthly", Category="sms", StartDate=start.isoformat(),
                      EndDate=end.isoformat())
    assert monthly[-1]["start_date"] == start.isoformat()  # the first month is cut there
    assert monthly[0]["end_date"] == end.isoformat()
    (whole,) = records(emu, "", Category="sms", StartDate=start.isoformat(),
                       EndDate=end.isoformat())
    assert totals(whole) == expected(emu, "sms", start, end)
    assert records(emu, "/Today", EndDate=(now - dt.timedelta(days=1)).isoformat()) == []
    assert records(emu, "/Daily", StartDate=end.isoformat(), EndDate=start.isoformat()) == []


def test_relative_dates(emu: Emulator):
    now = today()
    got = records(emu, "/Daily", Category="calls", StartDate="-30days", EndDate="+30days")
    assert got[-1]["start_date"] == (now - dt.timedelta(days=30)).isoformat()
    assert got[0]["start_date"] == now.isoformat()  # nothing is used after today
    (record,) = records(emu, "", Category="mms", StartDate="-7days")
    assert record["start_date"] == (now - dt.timedelta(days=7)).isoformat()


def test_a_category_without_usage_lists_nothing(emu: Emulator):
    assert records(emu, "/Daily", Category="lookups-by-mail") == []


@pytest.mark.parametrize("params", [
    {"StartDate": "2026-1-1"}, {"EndDate": "last week"},
    {"StartDate": "-30day"}, {"IncludeSubaccounts": "maybe"},
])
def test_bad_parameters_are_400(emu: Emulator, params: dict[str, str]):
    with http(emu) as client:
        response = client.get(api(emu, DAILY), params=params)
    assert next(iter(params)) in assert_twilio_error(response, 400, 20001)["message"]


def test_include_subaccounts_is_accepted(emu: Emulator):
    assert records(emu, "/Today", IncludeSubaccounts="false") == records(emu, "/Today")


def test_a_new_call_and_message_show_in_todays_usage(emu: Emulator):
    def today_of(category: str) -> int:
        (r,) = records(emu, "/Today", Category=category)
        return int(r["count"])

    calls, sms = today_of("calls"), today_of("sms-outbound")
    live = next(c for c in emu.table("/Calls.json") if c["status"] == "queued")
    with http(emu) as client:
        assert client.post(api(emu, "/Calls/{Sid}.json", Sid=live["sid"]),
                           data={"Status": "completed"}).status_code == 200
    assert today_of("calls") == calls + 1
    assert today_of("sms-outbound") == sms
