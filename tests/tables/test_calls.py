"""Calls: every filter Twilio takes travels in the request; hang up, cancel, redirect, delete
and place calls with exactly the write requests each needs; prices and durations are numbers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from email.utils import parsedate_to_datetime

import pytest
from sqlalchemy import MetaData, Table, create_engine, func, select, update
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session

from sqlalchemy_twilio import dbapi
from sqlalchemy_twilio.models import Call, Conference
from tests.conftest import api_requests, settings

from .conftest import account_path, writes

LIST = "/Calls.json"
NUMBER, OTHER = "+15005550006", "+15005550009"


def calls(emu):
    return emu.table(LIST)


def pages(n):
    return max(1, -(-n // 1000))


def moment(stamp):
    return parsedate_to_datetime(stamp).astimezone(dt.timezone.utc) if stamp else None


def one(emu, sid):
    return account_path(emu, f"/Calls/{sid}.json")


@pytest.mark.parametrize(("column", "field"), [
    ("To", "to"), ("From", "from"), ("ParentCallSid", "parent_call_sid"), ("Status", "status")])
def test_each_filter_is_the_filtered_list(cur, lemu, column, field):
    value = next(c[field] for c in calls(lemu)[len(calls(lemu)) // 3:] if c[field])
    rows = cur.execute(f'SELECT Sid FROM Calls WHERE "{column}" = ?', [value]).fetchall()
    expected = [c["sid"] for c in calls(lemu) if c[field] == value]
    assert sorted(r[0] for r in rows) == sorted(expected) and expected
    reqs = api_requests(lemu)
    assert len(reqs) == pages(len(expected))
    assert all(r["query"][column] == [value] for r in reqs)


def test_status_in_is_one_list_per_value_and_an_impossible_status_sends_nothing(cur, lemu):
    rows = cur.execute("SELECT Sid FROM Calls WHERE Status IN ('busy', 'ringing')").fetchall()
    assert sorted(r[0] for r in rows) == sorted(
        c["sid"] for c in calls(lemu) if c["status"] in ("busy", "ringing"))
    assert sorted(r["query"]["Status"][0] for r in api_requests(lemu)) == ["busy", "ringing"]
    lemu.reset()
    assert cur.execute("SELECT * FROM Calls WHERE Status = 'ended'").fetchall() == []
    assert cur.execute("SELECT * FROM Calls WHERE Status = 'busy' AND Status = 'failed'"
                       ).fetchall() == []
    assert api_requests(lemu) == []


def test_a_start_time_range_is_sent_as_whole_days_and_rechecked(cur, lemu):
    started = sorted(moment(c["start_time"]) for c in calls(lemu) if c["start_time"])
    lo = started[len(started) // 2].replace(hour=0, minute=0, second=0)
    hi = lo + dt.timedelta(days=6, hours=12)
    rows = cur.execute("SELECT Sid FROM Calls WHERE StartTime >= ? AND StartTime < ?",
                       [lo.strftime("%Y-%m-%d %H:%M:%S"),
                        hi.strftime("%Y-%m-%d %H:%M:%S")]).fetchall()
    expected = [c["sid"] for c in calls(lemu)
                if c["start_time"] and lo <= moment(c["start_time"]) < hi]
    assert sorted(r[0] for r in rows) == sorted(expected) and expected
    (req,) = api_requests(lemu)
    # Twilio's StartTime< is strictly before a day: the day after the bound's is sent.
    assert req["query"]["StartTime>"] == [lo.date().isoformat()]
    assert req["query"]["StartTime<"] == [(hi.date() + dt.timedelta(days=1)).isoformat()]


def test_an_end_time_day_is_one_filtered_list(cur, lemu):
    day = next(moment(c["end_time"]).date() for c in calls(lemu)[200:] if c["end_time"])
    rows = cur.execute("SELECT Sid FROM Calls WHERE date(EndTime) = ? AND EndTime >= ? "
                       "AND EndTime < ?", [day.isoformat(), day.isoformat(),
                                           (day + dt.timedelta(days=1)).isoformat()]).fetchall()
    expected = [c["sid"] for c in calls(lemu)
                if c["end_time"] and moment(c["end_time"]).date() == day]
    assert sorted(r[0] for r in rows) == sorted(expected) and expected
    (req,) = api_requests(lemu)
    assert req["query"]["EndTime>"] == [day.isoformat()]


def test_sid_lookups_are_fetches(cur, lemu):
    sids = [c["sid"] for c in calls(lemu)[10:14]]
    rows = cur.execute(f"SELECT Sid FROM Calls WHERE Sid IN ({', '.join('?' * 4)})",
                       sids).fetchall()
    assert sorted(r[0] for r in rows) == sorted(sids)
    assert sorted(r["path"] for r in api_requests(lemu)) == sorted(one(lemu, s) for s in sids)


def test_sum_of_price_and_count_equal_the_records_to_the_cent(cur, lemu):
    since = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    (total, n) = cur.execute("SELECT SUM(Price), COUNT(*) FROM Calls WHERE StartTime >= "
                             "'2026-01-01'").fetchone()
    kept = [c for c in calls(lemu) if c["start_time"] and moment(c["start_time"]) >= since]
    expected = sum(Decimal(c["price"]) for c in kept if c["price"])
    assert n == len(kept) > 0
    assert round(Decimal(str(total)), 2) == round(expected, 2) < 0
    (avg,) = cur.execute("SELECT AVG(Duration) FROM Calls WHERE Duration IS NOT NULL"
                         ).fetchone()
    durations = [int(c["duration"]) for c in calls(lemu) if c["duration"] is not None]
    assert avg == pytest.approx(sum(durations) / len(durations))


def test_types_through_sqlalchemy(lemu):
    engine = create_engine(lemu.url)
    table = Table("Calls", MetaData(), autoload_with=engine)
    record = next(c for c in calls(lemu) if c["price"] and c["duration"])
    pending = next(c for c in calls(lemu) if c["start_time"] is None)
    with engine.connect() as conn:
        row = conn.execute(select(table.c.Duration, table.c.Price, table.c.StartTime,
                                  table.c.QueueTime)
                           .where(table.c.Sid == record["sid"])).one()
        empty = conn.execute(select(table.c.StartTime, table.c.Duration, table.c.Price)
                             .where(table.c.Sid == pending["sid"])).one()
    assert row.Duration == int(record["duration"]) and type(row.Duration) is int
    assert row.Price == Decimal(record["price"]) and isinstance(row.Price, Decimal)
    assert row.StartTime == moment(record["start_time"])
    assert tuple(empty) == (None, None, None)


def test_orm_relationships_follow_the_references(lemu):
    parent = next(c for c in calls(lemu) if any(k["parent_call_sid"] == c["sid"]
                                                for k in calls(lemu)))
    recorded = next(r["call_sid"] for r in lemu.table("/Recordings.json")
                    if r["call_sid"] and not r["conference_sid"])
    engine = create_engine(lemu.url)
    with Session(engine) as session:
        call = session.get(Call, parent["sid"])
        kids = {k.Sid for k in call.child_calls}
        assert kids == {k["sid"] for k in calls(lemu) if k["parent_call_sid"] == parent["sid"]}
        assert {k.parent_call.Sid for k in call.child_calls} == {parent["sid"]}
        lemu.reset()
        with_recordings = session.get(Call, recorded)
        assert {r.Sid for r in with_recordings.recordings} == {
            r["sid"] for r in lemu.table("/Recordings.json") if r["call_sid"] == recorded}
        # One fetch of the call, one recording list filtered by it.
        assert [r["query"].get("CallSid") for r in api_requests(lemu)] == [None, [recorded]]
        conference = session.get(Conference, next(
            r["conference_sid"] for r in lemu.table("/Recordings.json") if r["conference_sid"]))
        assert {r.Sid for r in conference.recordings} == {
            r["sid"] for r in lemu.table("/Recordings.json")
            if r["conference_sid"] == conference.Sid}


# -- writes -----------------------------------------------------------------------------------

def _live(emu, *statuses):
    return next(c for c in calls(emu) if c["status"] in statuses)


def test_completed_hangs_up_a_live_call(wcur, fresh):
    call = _live(fresh, "in-progress")
    wcur.execute("UPDATE Calls SET Status = 'completed' WHERE Sid = ?", [call["sid"]])
    assert wcur.rowcount == 1
    assert writes(fresh) == [("POST", one(fresh, call["sid"]), {"Status": ["completed"]})]
    assert wcur.execute("SELECT Status FROM Calls WHERE Sid = ?", [call["sid"]]
                        ).fetchone() == ("completed",)


def test_canceled_cancels_a_ringing_call(wcur, fresh):
    call = _live(fresh, "ringing", "queued")
    wcur.execute("UPDATE Calls SET Status = 'canceled' WHERE Sid = ?", [call["sid"]])
    assert writes(fresh) == [("POST", one(fresh, call["sid"]), {"Status": ["canceled"]})]
    assert next(c for c in calls(fresh) if c["sid"] == call["sid"])["status"] == "canceled"


def test_canceling_an_ended_call_is_twilio_s_error_sent_once(wcur, fresh):
    call = _live(fresh, "completed")
    with pytest.raises(dbapi.Error, match="21220"):
        wcur.execute("UPDATE Calls SET Status = 'canceled' WHERE Sid = ?", [call["sid"]])
    assert writes(fresh) == [("POST", one(fresh, call["sid"]), {"Status": ["canceled"]})]


@pytest.mark.parametrize("status", ["busy", "ringing", "in-progress"])
def test_other_statuses_are_refused_without_a_write(wcur, fresh, status):
    call = _live(fresh, "in-progress")
    with pytest.raises(dbapi.Error, match="canceled.*completed|completed.*canceled"):
        wcur.execute("UPDATE Calls SET Status = ? WHERE Sid = ?", [status, call["sid"]])
    assert writes(fresh) == []
    table = Table("Calls", MetaData(), autoload_with=create_engine(fresh.url))
    fresh.reset()
    with pytest.raises(sa_exc.CompileError, match="Status"):
        update(table).values(Status=status).compile(dialect=create_engine(fresh.url).dialect)
    assert api_requests(fresh) == []


@pytest.mark.parametrize(("sets", "form"), [
    ("Url = 'https://example.com/next.xml'", {"Url": ["https://example.com/next.xml"]}),
    ("Twiml = '<Response><Say>Bye</Say></Response>'",
     {"Twiml": ["<Response><Say>Bye</Say></Response>"]}),
])
def test_url_or_twiml_redirects_a_live_call(wcur, fresh, sets, form):
    call = _live(fresh, "in-progress")
    wcur.execute(f"UPDATE Calls SET {sets} WHERE Sid = ?", [call["sid"]])
    assert wcur.rowcount == 1
    assert writes(fresh) == [("POST", one(fresh, call["sid"]), form)]


def test_delete_removes_the_matching_call_records(wcur, fresh):
    parent = next(c for c in calls(fresh) if c["status"] == "completed" and sum(
        k["parent_call_sid"] == c["sid"] and k["status"] != "in-progress"
        for k in calls(fresh)) >= 2)
    kids = [k["sid"] for k in calls(fresh) if k["parent_call_sid"] == parent["sid"]]
    wcur.execute("DELETE FROM Calls WHERE ParentCallSid = ?", [parent["sid"]])
    assert wcur.rowcount == len(kids)
    assert sorted(writes(fresh)) == sorted(("DELETE", one(fresh, s), {}) for s in kids)
    assert not {c["sid"] for c in calls(fresh)} & set(kids)


def test_insert_places_a_call(wcur, fresh):
    before = {c["sid"] for c in calls(fresh)}
    wcur.execute('INSERT INTO Calls ("To", "From", Url) VALUES (?, ?, ?)',
                 [NUMBER, OTHER, "https://example.com/hello.xml"])
    assert wcur.rowcount == 1
    assert writes(fresh) == [("POST", account_path(fresh, LIST), {
        "To": [NUMBER], "From": [OTHER], "Url": ["https://example.com/hello.xml"]})]
    (new,) = [c for c in calls(fresh) if c["sid"] not in before]
    assert (new["to"], new["from"], new["status"]) == (NUMBER, OTHER, "queued")
    fresh.reset()
    assert wcur.execute("SELECT Status FROM Calls WHERE Sid = ?", [new["sid"]]
                        ).fetchone() == ("queued",)


def test_insert_with_twiml_or_an_application(wcur, fresh):
    wcur.execute('INSERT INTO Calls ("To", "From", Twiml) VALUES (?, ?, ?)',
                 [NUMBER, OTHER, "<Response><Say>Hi</Say></Response>"])
    wcur.execute('INSERT INTO Calls ("To", "From", ApplicationSid) VALUES (?, ?, ?)',
                 [NUMBER, OTHER, "AP" + "1" * 32])
    assert [sorted(form) for _, _, form in writes(fresh)] == [
        ["From", "To", "Twiml"], ["ApplicationSid", "From", "To"]]


def test_insert_without_instructions_names_them_and_sends_nothing(wcur, fresh):
    with pytest.raises(dbapi.Error, match="Url.*Twiml.*ApplicationSid"):
        wcur.execute('INSERT INTO Calls ("To", "From") VALUES (?, ?)', [NUMBER, OTHER])
    assert api_requests(fresh) == []


def test_placing_calls_is_not_retried_once_it_may_have_happened(fresh):
    fresh.set_faults(rate=1.0, statuses=[503])
    with dbapi.connect(**settings(fresh)) as conn, pytest.raises(
            dbapi.Error, match="may have"):
        conn.cursor().execute('INSERT INTO Calls ("To", "From", Url) VALUES (?, ?, ?)',
                              [NUMBER, OTHER, "https://example.com/hello.xml"])
    assert [w[0] for w in writes(fresh)] == ["POST"]


def test_func_sum_through_core(lemu):
    engine = create_engine(lemu.url)
    table = Table("Calls", MetaData(), autoload_with=engine)
    with engine.connect() as conn:
        total = conn.execute(select(func.sum(table.c.Price))
                             .where(table.c.Status == "completed")).scalar_one()
    expected = sum(Decimal(c["price"]) for c in calls(lemu)
                   if c["status"] == "completed" and c["price"])
    assert round(Decimal(str(total)), 2) == round(expected, 2)
