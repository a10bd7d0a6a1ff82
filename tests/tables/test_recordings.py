"""Recordings (the account's): CallSid, ConferenceSid and DateCreated travel in the request,
IncludeSoftDeleted is a request parameter, and DELETE deletes with one request each."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from email.utils import parsedate_to_datetime

import pytest
from sqlalchemy import MetaData, Table, create_engine, select

from sqlalchemy_twilio import dbapi
from tests.conftest import api_requests

from .conftest import account_path, writes

LIST = "/Recordings.json"


def recordings(emu):
    return emu.table(LIST)


def one(emu, sid):
    return account_path(emu, f"/Recordings/{sid}.json")


def created(r):
    return parsedate_to_datetime(r["date_created"]).astimezone(dt.timezone.utc)


@pytest.mark.parametrize(("column", "field"), [("CallSid", "call_sid"),
                                               ("ConferenceSid", "conference_sid")])
def test_call_and_conference_are_list_filters(cur, lemu, column, field):
    value = next(r[field] for r in recordings(lemu)[20:] if r[field])
    rows = cur.execute(f"SELECT Sid FROM Recordings WHERE {column} = ?", [value]).fetchall()
    expected = [r["sid"] for r in recordings(lemu) if r[field] == value]
    assert sorted(x[0] for x in rows) == sorted(expected) and expected
    (req,) = api_requests(lemu)
    assert req["path"] == account_path(lemu, LIST) and req["query"][column] == [value]


def test_a_date_created_range_is_one_filtered_list(cur, lemu):
    days = sorted({created(r).date() for r in recordings(lemu)})
    lo, hi = days[len(days) // 3], days[len(days) // 2]
    rows = cur.execute("SELECT Sid FROM Recordings WHERE DateCreated >= ? AND DateCreated < ?",
                       [lo.isoformat(), hi.isoformat()]).fetchall()
    expected = [r["sid"] for r in recordings(lemu) if lo <= created(r).date() < hi]
    assert sorted(x[0] for x in rows) == sorted(expected) and expected
    (req,) = api_requests(lemu)
    assert req["query"]["DateCreated>"] == [lo.isoformat()]


def test_a_sid_is_one_fetch_and_types_are_numbers(cur, lemu):
    rec = next(r for r in recordings(lemu) if r["price"] and r["duration"])
    row = cur.execute("SELECT Duration, Price, Channels, typeof(Price) FROM Recordings "
                      "WHERE Sid = ?", [rec["sid"]]).fetchone()
    assert row[:3] == (int(rec["duration"]), Decimal(rec["price"]), int(rec["channels"]))
    assert row[3] == "real"  # a number inside SQLite, a Decimal out of the DB-API
    assert [r["path"] for r in api_requests(lemu)] == [one(lemu, rec["sid"])]
    engine = create_engine(lemu.url)
    table = Table("Recordings", MetaData(), autoload_with=engine)
    with engine.connect() as conn:
        price = conn.execute(select(table.c.Price).where(table.c.Sid == rec["sid"])).scalar()
    assert price == Decimal(rec["price"])


def test_delete_deletes_and_soft_deleted_ones_show_when_asked(wcur, fresh):
    call = next(r["call_sid"] for r in recordings(fresh)
                if not r["conference_sid"] and r["status"] == "completed")
    mine = [r["sid"] for r in recordings(fresh) if r["call_sid"] == call]
    wcur.execute("DELETE FROM Recordings WHERE CallSid = ?", [call])
    assert wcur.rowcount == len(mine)
    assert sorted(writes(fresh)) == sorted(("DELETE", one(fresh, s), {}) for s in mine)
    fresh.reset()
    assert wcur.execute("SELECT Sid FROM Recordings WHERE CallSid = ?", [call]
                        ).fetchall() == []
    fresh.reset()
    rows = wcur.execute("SELECT Sid, Status, IncludeSoftDeleted FROM Recordings WHERE "
                        "CallSid = ? AND IncludeSoftDeleted = true", [call]).fetchall()
    assert sorted(rows) == sorted((s, "deleted", 1) for s in mine)
    (req,) = api_requests(fresh)
    assert req["query"]["IncludeSoftDeleted"] == ["true"]


def test_include_soft_deleted_is_hidden_and_null_unless_asked(cur, lemu):
    columns = [d[0] for d in cur.execute("SELECT * FROM Recordings LIMIT 1").description]
    assert "IncludeSoftDeleted" not in columns and "Sid" in columns
    (value,) = cur.execute("SELECT IncludeSoftDeleted FROM Recordings LIMIT 1").fetchone()
    assert value is None


def test_recordings_cannot_be_added(cur, lemu):
    with pytest.raises(dbapi.Error, match="Recordings"):
        cur.execute("INSERT INTO Recordings (CallSid) VALUES ('CA" + "1" * 32 + "')")
    assert api_requests(lemu) == []
