"""pandas reads typed frames with timezone-aware UTC datetimes."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import create_engine, text

from tests.conftest import api_requests


@pytest.fixture()
def engine(emu):
    eng = create_engine(emu.url)
    yield eng
    eng.dispose()


def test_read_sql_table(engine, emu):
    frame = pd.read_sql_table("Conferences", engine)
    assert len(frame) == len(emu.records)
    assert list(frame.columns)[:3] == ["Sid", "AccountSid", "DateCreated"]
    for col in ("DateCreated", "DateUpdated"):
        assert isinstance(frame[col].dtype, pd.DatetimeTZDtype)
        assert str(frame[col].dt.tz) == "UTC"
    assert set(frame["Sid"]) == {r["sid"] for r in emu.records}


def test_read_sql_query_with_params(engine, emu):
    emu.reset()
    frame = pd.read_sql_query(
        text("SELECT Sid, Status, DateCreated FROM Conferences WHERE Status = :s"),
        engine, params={"s": "in-progress"})
    assert set(frame["Sid"]) == {r["sid"] for r in emu.records if r["status"] == "in-progress"}
    assert isinstance(frame["DateCreated"].dtype, pd.DatetimeTZDtype)
    assert api_requests(emu)[0]["query"]["Status"] == ["in-progress"]


def test_monthly_counts(engine, emu):
    frame = pd.read_sql_query(
        "SELECT strftime('%Y-%m', DateCreated) AS month, COUNT(*) AS n FROM Conferences "
        "GROUP BY month ORDER BY month", engine)
    assert frame["n"].sum() == len(emu.records)
    assert frame["month"].is_monotonic_increasing


def test_typed_columns_of_the_child_tables(live_emulator):
    engine = create_engine(live_emulator.url)
    recordings = pd.read_sql_table("ConferenceRecordings", engine)
    assert recordings["Price"].dtype == float  # Decimals, coerced to numbers
    assert recordings["Duration"].dtype.kind in "if"
    by_query = pd.read_sql_query("SELECT Price, Channels FROM ConferenceRecordings "
                                 "WHERE Price IS NOT NULL", engine)
    assert by_query["Price"].dtype == float and by_query["Channels"].dtype.kind == "i"
    participants = pd.read_sql_query("SELECT Muted, Hold FROM ConferenceParticipants", engine)
    assert participants["Muted"].dtype == bool and participants["Hold"].dtype == bool
    engine.dispose()
