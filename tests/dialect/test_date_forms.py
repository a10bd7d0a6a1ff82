"""A date is the instant it names, in every form users write it: from the DB-API, ``text()``,
Core and pandas, in the literals Superset and hand-written SQL use, with records stamped at
exactly the midnight a range starts from."""

from __future__ import annotations

import datetime as dt
from email.utils import format_datetime, parsedate_to_datetime

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import MetaData, Table, create_engine, func, select, text
from sqlalchemy.exc import ProgrammingError as SAProgrammingError

from sqlalchemy_twilio import dbapi
from sqlalchemy_twilio.emulator import Emulator
from tests.conftest import UNTIL, api_requests, settings

UTC = dt.timezone.utc
MIDNIGHT = dt.datetime(2026, 6, 1, tzinfo=UTC)
EAST = dt.timezone(dt.timedelta(hours=2))


@pytest.fixture(scope="module")
def dated():
    """The sample calls, three of them started at exactly 2026-06-01 00:00:00 UTC and one a
    second before, so a range starting at that midnight has rows on its very edge."""
    with Emulator(conferences=10, seed=3, until=UNTIL) as sample:
        calls = sample.table("/Calls.json")
    started = [c for c in calls if c.get("start_time")]
    for call, moment in zip(started, [MIDNIGHT] * 3 + [MIDNIGHT - dt.timedelta(seconds=1)]):
        call["start_time"] = format_datetime(moment)
    with Emulator(data={"/Calls.json": calls}) as emu:
        yield emu


@pytest.fixture()
def emu(dated):
    dated.reset()
    return dated


@pytest.fixture(scope="module")
def cur(dated):
    conn = dbapi.connect(**settings(dated))
    yield conn.cursor()
    conn.close()


@pytest.fixture(scope="module")
def engine(dated):
    engine = create_engine(dated.url)
    yield engine
    engine.dispose()


def started_from(emu, moment: dt.datetime) -> list[str]:
    """The calls started at or after ``moment``, by the emulator's own records."""
    return sorted(c["sid"] for c in emu.table("/Calls.json")
                  if c.get("start_time") and parsedate_to_datetime(c["start_time"]) >= moment)


def sids(cur, where: str, params=None) -> list[str]:
    cur.execute(f"SELECT Sid FROM Calls WHERE {where}", params)
    return sorted(r[0] for r in cur.fetchall())


def test_the_dataset_has_rows_on_the_edge(emu):
    at = [c for c in emu.table("/Calls.json")
          if c.get("start_time") and parsedate_to_datetime(c["start_time"]) == MIDNIGHT]
    assert len(at) == 3


@pytest.mark.parametrize("literal", [
    "2026-06-01 00:00:00",
    "2026-06-01T00:00:00Z",
    "2026-06-01T00:00:00+00:00",
    "2026-06-01T02:00:00+02:00",
    "2026-05-31T19:00:00-05:00",
    "2026-06-01 00:00:00.000000",
    "2026-06-01T00:00:00.000Z",
    "2026-06-01",
])
def test_every_iso_form_of_a_range_start_selects_the_same_calls(cur, emu, literal):
    want = started_from(emu, MIDNIGHT)
    assert sids(cur, f"StartTime >= '{literal}'") == want
    assert sids(cur, "StartTime >= ?", [literal]) == want


@pytest.mark.parametrize("value", [
    MIDNIGHT.replace(tzinfo=None),  # naive is UTC, as Twilio's API is
    MIDNIGHT,
    MIDNIGHT.astimezone(EAST),
    dt.date(2026, 6, 1),
    pd.Timestamp("2026-06-01"),
    pd.Timestamp("2026-06-01 02:00", tz="Europe/Helsinki"),  # EEST, +03:00
    np.datetime64("2026-06-01T00:00:00.000000000"),  # what a pandas column holds
], ids=["naive", "aware", "offset", "date", "timestamp", "timestamp-tz", "datetime64"])
def test_python_and_pandas_values_bind_as_the_instant_they_name(cur, emu, engine, value):
    moment = pd.Timestamp(value).tz_localize("UTC") if pd.Timestamp(value).tzinfo is None \
        else pd.Timestamp(value).tz_convert("UTC")
    want = started_from(emu, moment.to_pydatetime())
    assert sids(cur, "StartTime >= ?", [value]) == want
    with engine.connect() as conn:
        got = conn.execute(text("SELECT Sid FROM Calls WHERE StartTime >= :t"), {"t": value})
        assert sorted(r[0] for r in got) == want
        frame = pd.read_sql(text("SELECT Sid FROM Calls WHERE StartTime >= :t"), conn,
                            params={"t": value})
    assert sorted(frame["Sid"]) == want


def test_core_expressions_take_datetimes_and_dates(emu, engine):
    calls = Table("Calls", MetaData(), autoload_with=engine)
    want = started_from(emu, MIDNIGHT)
    with engine.connect() as conn:
        for value in (MIDNIGHT, MIDNIGHT.astimezone(EAST), dt.date(2026, 6, 1)):
            got = conn.execute(select(calls.c.Sid).where(calls.c.StartTime >= value))
            assert sorted(r[0] for r in got) == want, value
        count = conn.execute(select(func.count()).select_from(calls).where(
            calls.c.StartTime.between("2026-06-01T00:00:00Z", "2026-06-01T00:00:00Z")))
        assert count.scalar() == 3


def test_superset_time_range_keeps_the_rows_at_its_start(cur, emu):
    # What Superset's SQLite engine spec renders for a time-range filter.
    got = sids(cur, "StartTime >= '2026-06-01 00:00:00.000000' "
                    "AND StartTime < '2026-06-02 00:00:00.000000'")
    end = MIDNIGHT + dt.timedelta(days=1)
    want = sorted(set(started_from(emu, MIDNIGHT)) - set(started_from(emu, end)))
    assert got == want and len(got) >= 3


def test_a_bare_date_equals_its_midnight_only(cur, emu):
    assert len(sids(cur, "StartTime = '2026-06-01'")) == 3
    assert sids(cur, "StartTime = '2026-06-01'") == sids(cur, "StartTime = ?", [MIDNIGHT])
    # The whole day is written as a range, or with date().
    day = sids(cur, "date(StartTime) = '2026-06-01'")
    assert day == sids(cur, "StartTime >= '2026-06-01' AND StartTime < '2026-06-02'")
    assert len(day) > 3


def test_an_offset_moves_the_day_pushed_to_twilio(cur, emu):
    # 01:00 at +02:00 is 23:00 UTC the day before: Twilio must be asked from that day.
    assert sids(cur, "StartTime >= '2026-06-01T01:00:00+02:00'") == started_from(
        emu, MIDNIGHT - dt.timedelta(hours=1))
    (req,) = api_requests(emu)
    assert req["query"]["StartTime>"] == ["2026-05-31"]


@pytest.mark.parametrize("bad", ["-30days", "yesterday", "2026-13-01", "06/01/2026", ""])
def test_text_that_is_no_date_is_an_error_naming_the_column(cur, emu, bad):
    for sql, params in ((f"StartTime >= '{bad}'", None), ("StartTime >= ?", [bad])):
        with pytest.raises(dbapi.ProgrammingError) as err:
            sids(cur, sql, params)
        assert "Calls.StartTime" in str(err.value) and "ISO 8601" in str(err.value)
    assert api_requests(emu) == []


def test_no_date_is_an_error_wherever_sqlite_compares_it(cur):
    # Left to SQLite (an OR of two columns): the comparison itself refuses it.
    with pytest.raises(dbapi.ProgrammingError, match="'last week' is not a date"):
        sids(cur, "EndTime > 'last week' OR Status = 'busy'")


def test_the_error_reaches_sqlalchemy_users(engine):
    with engine.connect() as conn, pytest.raises(SAProgrammingError, match="Calls.StartTime"):
        conn.execute(text("SELECT Sid FROM Calls WHERE StartTime > '-30days'")).fetchall()


def test_sqlite_date_functions_still_compare(cur, emu):
    now = dt.datetime.combine(dt.date.fromisoformat(UNTIL), dt.time(23, 59, 59), UTC)
    got = sids(cur, "StartTime > datetime(?, '-7 days')", [now])
    assert got == started_from(emu, now - dt.timedelta(days=7, seconds=-1))


def test_unsupported_parameter_types_say_what_is_accepted(cur):
    with pytest.raises(dbapi.ProgrammingError, match="parameter 1 is a list"):
        sids(cur, "StartTime >= ?", [[1, 2]])
