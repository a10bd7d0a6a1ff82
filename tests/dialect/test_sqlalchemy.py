"""The dialect end to end: SQLAlchemy over the emulator, request counts from its log."""

from __future__ import annotations

import datetime as dt
from email.utils import parsedate_to_datetime

import pytest
from sqlalchemy import MetaData, Table, create_engine, inspect, select, text, update
from sqlalchemy import exc as sa_exc

from sqlalchemy_twilio.resources import RESOURCES
from tests.conftest import api_requests

pytest.importorskip("sqlalchemy_twilio.dbapi")


@pytest.fixture()
def engine(emu):
    eng = create_engine(emu.url)
    yield eng
    eng.dispose()


@pytest.fixture()
def writable_engine(writable_emulator):
    eng = create_engine(writable_emulator.url)
    yield eng
    eng.dispose()


def test_the_three_statements(writable_emulator):
    emu = writable_emulator
    engine = create_engine(emu.url)
    records = emu.records
    live = next(r["sid"] for r in records if r["status"] == "in-progress")
    with engine.connect() as conn:
        emu.reset()
        rows = conn.execute(text("SELECT * FROM Conferences")).all()
        assert len(rows) == len(records)
        assert len(api_requests(emu)) == 1  # 200 rows fit one page
        emu.reset()
        rows = conn.execute(text(f"SELECT * FROM Conferences WHERE Sid = '{records[9]['sid']}'")
                            ).all()
        assert [r.Sid for r in rows] == [records[9]["sid"]]
        assert len(api_requests(emu)) == 1
        emu.reset()
        result = conn.execute(text(
            f"UPDATE Conferences SET Status = 'completed' WHERE Sid = '{live}'"))
        assert result.rowcount == 1
        assert [r["method"] for r in api_requests(emu)] == ["GET", "POST"]
        status = conn.execute(text(f"SELECT Status FROM Conferences WHERE Sid = '{live}'")
                              ).scalar_one()
        assert status == "completed"
    engine.dispose()


def test_full_scan_of_2500_in_three_requests(engine, emu):
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT * FROM Conferences")).all()
    assert len({r.Sid for r in rows}) == 2500
    assert len(api_requests(emu)) == 3


def test_core_select_with_aware_datetime(engine, emu):
    t = Table("Conferences", MetaData(), autoload_with=engine)
    since = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    with engine.connect() as conn:
        rows = conn.execute(select(t.c.Sid, t.c.DateCreated).where(t.c.DateCreated > since)
                            ).all()
    expected = {r["sid"] for r in emu.records
                if parsedate_to_datetime(r["date_created"]) > since}
    assert {r.Sid for r in rows} == expected
    assert all(r.DateCreated.tzinfo == dt.timezone.utc for r in rows)
    assert all(r.DateCreated > since for r in rows)


def test_naive_bind_is_taken_as_utc(engine, emu):
    t = Table("Conferences", MetaData(), autoload_with=engine)
    first = emu.records[-1]
    at = parsedate_to_datetime(first["date_created"]).replace(tzinfo=None)
    with engine.connect() as conn:
        sids = conn.execute(select(t.c.Sid).where(t.c.DateCreated == at)).scalars().all()
    assert first["sid"] in sids


def test_compile_errors_send_nothing(engine, emu):
    t = Table("Conferences", MetaData(), autoload_with=engine)
    emu.reset()
    with engine.connect() as conn:
        with pytest.raises(sa_exc.CompileError, match="read-only"):
            conn.execute(update(t).values(Name="x"))
        with pytest.raises(sa_exc.DBAPIError, match="read-only"):
            conn.execute(text("UPDATE Conferences SET Name = 'x'"))
        with pytest.raises(sa_exc.DBAPIError, match="to be added"):
            conn.execute(text("INSERT INTO Conferences (Sid) VALUES ('x')"))
        with pytest.raises(sa_exc.DBAPIError, match="to be deleted"):
            conn.execute(text("DELETE FROM Conferences"))
    assert api_requests(emu) == []


def test_bound_status_checked_on_every_execution(writable_engine, writable_emulator):
    t = Table("Conferences", MetaData(), autoload_with=writable_engine)
    sid = writable_emulator.records[0]["sid"]
    stmt = update(t).where(t.c.Sid == sid)
    with writable_engine.connect() as conn:
        conn.execute(stmt.values(Status="completed"))
        writable_emulator.reset()
        # Same statement shape, so SQLAlchemy reuses the compiled form: still refused.
        with pytest.raises(sa_exc.CompileError, match="not 'init'"):
            conn.execute(stmt.values(Status="init"))
    assert api_requests(writable_emulator) == []


def test_inspection(engine, emu):
    insp = inspect(engine)
    assert insp.get_schema_names() == ["main"]
    assert insp.get_table_names() == sorted(RESOURCES)
    assert "Conferences" in insp.get_table_names()
    assert insp.has_table("Conferences")
    assert not insp.has_table("Callz")
    cols = insp.get_columns("Conferences")
    assert [c["name"] for c in cols] == [
        "Sid", "AccountSid", "DateCreated", "DateUpdated", "ApiVersion", "Name", "Region",
        "Status", "Uri", "SubresourceUris", "ReasonConferenceEnded",
        "CallSidEndingConference"]
    types = {c["name"]: type(c["type"]).__name__ for c in cols}
    assert types["DateCreated"] == "TwilioDateTime" and types["Sid"] == "String"
    assert all(c["comment"] for c in cols)
    assert insp.get_pk_constraint("Conferences")["constrained_columns"] == ["Sid"]
    assert insp.get_foreign_keys("Conferences") == []
    assert insp.get_indexes("Conferences") == []
    assert insp.get_table_comment("Conferences")["text"]
    with pytest.raises(sa_exc.NoSuchTableError):
        insp.get_columns("Callz")
    assert api_requests(emu) == []


def test_autoload_carries_read_only_flags(engine):
    t = Table("Conferences", MetaData(), autoload_with=engine)
    flags = {c.name: c.dialect_options["twilio"]["readonly"] for c in t.columns}
    assert [n for n, ro in flags.items() if not ro] == ["Status"]
    assert list(t.primary_key.columns.keys()) == ["Sid"]


def test_explain_through_sqlalchemy(engine, emu):
    with engine.connect() as conn:
        plan = conn.execute(text(
            "EXPLAIN QUERY PLAN SELECT * FROM Conferences WHERE Status = 'completed'")).all()
    text_plan = " ".join(r[-1] for r in plan)
    assert "Status=completed" in text_plan and emu.auth_token not in text_plan


def test_ping_with_bad_credentials(emu):
    bad = create_engine(emu.url.replace(emu.auth_token, "0" * 32), pool_pre_ping=True)
    with pytest.raises(sa_exc.DBAPIError) as info:
        with bad.connect() as conn:
            conn.execute(text("SELECT COUNT(*) FROM Conferences"))
    assert "20003" in str(info.value) or getattr(info.value.orig, "code", None) == 20003
    assert emu.auth_token not in str(info.value)


def test_group_by_order_by_and_self_join(engine, emu):
    with engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT Region, COUNT(*) AS n FROM Conferences GROUP BY Region ORDER BY n DESC"
        )).all()
        assert sum(r.n for r in rows) == 2500
        emu.reset()
        joined = conn.execute(text(
            "SELECT COUNT(*) FROM Conferences a JOIN Conferences b ON a.Sid = b.Sid "
            "WHERE a.Status = 'completed'")).scalar_one()
    completed = sum(1 for r in emu.records if r["status"] == "completed")
    assert joined == completed
    assert len(api_requests(emu)) == -(-completed // 1000)  # one scan: lookups answered from it
