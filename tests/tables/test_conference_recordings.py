"""ConferenceRecordings: read per conference, or through the account's recording list in one
read; pause, resume, stop and delete, with exactly the requests each needs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from email.utils import parsedate_to_datetime

import pytest
from sqlalchemy import MetaData, Table, create_engine, select, update
from sqlalchemy import exc as sa_exc

from sqlalchemy_twilio import dbapi
from tests.conftest import api_requests

from .conftest import RECORDINGS, account_path, writes


def recordings(emu, conference=None):
    return [r for r in emu.table(RECORDINGS)
            if conference is None or r["conference_sid"] == conference]


def test_a_conference_s_recordings_are_one_list(cur, lemu):
    conference = recordings(lemu)[0]["conference_sid"]
    rows = cur.execute("SELECT Sid FROM ConferenceRecordings WHERE ConferenceSid = ?",
                       [conference]).fetchall()
    assert sorted(r[0] for r in rows) == sorted(r["sid"] for r in recordings(lemu, conference))
    (req,) = api_requests(lemu)
    assert req["path"] == account_path(lemu, f"/Conferences/{conference}/Recordings.json")


def test_without_a_conference_it_reads_the_account_list_once(cur, lemu):
    rows = cur.execute("SELECT Sid, ConferenceSid FROM ConferenceRecordings").fetchall()
    assert sorted(rows) == sorted((r["sid"], r["conference_sid"]) for r in recordings(lemu))
    everything = lemu.table("/Recordings.json")
    assert len(everything) > len(rows)  # call recordings are left out
    reqs = api_requests(lemu)
    assert {r["path"] for r in reqs} == {account_path(lemu, "/Recordings.json")}
    assert len(reqs) == max(1, -(-len(everything) // 1000))


def test_a_recording_by_sid_alone_is_one_fetch(cur, lemu):
    rec = recordings(lemu)[5]
    rows = cur.execute("SELECT Sid, ConferenceSid, Status FROM ConferenceRecordings WHERE "
                       "Sid = ?", [rec["sid"]]).fetchall()
    assert rows == [(rec["sid"], rec["conference_sid"], rec["status"])]
    (req,) = api_requests(lemu)
    assert req["path"] == account_path(lemu, f"/Recordings/{rec['sid']}.json")


def test_a_call_recording_is_not_a_conference_recording(cur, lemu):
    call_only = next(r for r in lemu.table("/Recordings.json") if not r["conference_sid"])
    assert cur.execute("SELECT * FROM ConferenceRecordings WHERE Sid = ?",
                       [call_only["sid"]]).fetchall() == []
    assert len(api_requests(lemu)) == 1


def test_both_keys_are_one_fetch_under_the_conference(cur, lemu):
    rec = recordings(lemu)[2]
    cur.execute("SELECT Duration FROM ConferenceRecordings WHERE ConferenceSid = ? AND Sid = ?",
                [rec["conference_sid"], rec["sid"]]).fetchall()
    (req,) = api_requests(lemu)
    assert req["path"] == account_path(
        lemu, f"/Conferences/{rec['conference_sid']}/Recordings/{rec['sid']}.json")


def test_call_sid_and_dates_travel_on_the_account_list(cur, lemu):
    rec = recordings(lemu)[0]
    day = parsedate_to_datetime(rec["date_created"]).date()
    rows = cur.execute("SELECT Sid FROM ConferenceRecordings WHERE CallSid = ? AND "
                       "DateCreated >= ?", [rec["call_sid"], day.isoformat()]).fetchall()
    assert rec["sid"] in {r[0] for r in rows}
    (req,) = api_requests(lemu)
    assert req["query"]["CallSid"] == [rec["call_sid"]]
    assert req["query"]["DateCreated>"] == [day.isoformat()]


def test_types(cur, lemu):
    cur.execute("SELECT Duration, Price, Channels, EncryptionDetails, StartTime FROM "
                "ConferenceRecordings")
    rows = cur.fetchall()
    assert {d[1] for d in cur.description[:3]} == {"INTEGER", "DECIMAL"}
    priced = [r for r in rows if r[1] is not None]
    assert priced and all(isinstance(r[1], Decimal) for r in priced)
    assert all(r[0] is None or type(r[0]) is int for r in rows)
    assert all(r[4] is None or r[4].tzinfo is dt.timezone.utc for r in rows)
    (total,) = cur.execute("SELECT SUM(Price) FROM ConferenceRecordings").fetchone()
    expected = sum(Decimal(r["price"]) for r in recordings(lemu) if r["price"])
    assert round(Decimal(repr(total)), 5) == round(expected, 5)


@pytest.mark.parametrize(("status", "form"), [
    ("paused", {"Status": ["paused"]}),
    ("stopped", {"Status": ["stopped"]}),
])
def test_pausing_and_stopping_is_one_post(wcur, fresh, status, form):
    rec = next(r for r in recordings(fresh) if r["status"] == "in-progress")
    wcur.execute("UPDATE ConferenceRecordings SET Status = ? WHERE Sid = ?", [status, rec["sid"]])
    assert wcur.rowcount == 1
    assert writes(fresh) == [("POST", account_path(
        fresh, f"/Conferences/{rec['conference_sid']}/Recordings/{rec['sid']}.json"), form)]


def test_pause_behaviour_is_a_hidden_parameter(wcur, fresh):
    rec = next(r for r in recordings(fresh) if r["status"] == "in-progress")
    wcur.execute("UPDATE ConferenceRecordings SET Status = 'paused', PauseBehavior = 'skip' "
                 "WHERE ConferenceSid = ? AND Sid = ?", [rec["conference_sid"], rec["sid"]])
    assert writes(fresh)[0][2] == {"Status": ["paused"], "PauseBehavior": ["skip"]}


def test_refused_statuses_and_a_delete(wcur, fresh):
    with pytest.raises(dbapi.DataError, match="can only be set to 'paused' or 'in-progress' or "
                                              "'stopped', not 'completed'"):
        wcur.execute("UPDATE ConferenceRecordings SET Status = 'completed'")
    with pytest.raises(dbapi.NotSupportedError, match="Twilio does not allow "
                                                      "ConferenceRecordings to be added"):
        wcur.execute("INSERT INTO ConferenceRecordings (Sid) VALUES ('RE1')")
    assert writes(fresh) == []
    rec = recordings(fresh)[0]
    wcur.execute("DELETE FROM ConferenceRecordings WHERE Sid = ?", [rec["sid"]])
    assert wcur.rowcount == 1
    assert writes(fresh) == [("DELETE", account_path(
        fresh, f"/Conferences/{rec['conference_sid']}/Recordings/{rec['sid']}.json"), {})]
    assert rec["sid"] not in {r["sid"] for r in recordings(fresh)}


def test_core_refuses_a_bad_status_when_compiling(fresh):
    engine = create_engine(fresh.url)
    table = Table("ConferenceRecordings", MetaData(), autoload_with=engine)
    with engine.connect() as conn:
        with pytest.raises(sa_exc.CompileError, match="not 'absent'"):
            conn.execute(update(table).values(Status="absent"))
        rows = conn.execute(select(table.c.Price).where(table.c.Price.is_not(None))).all()
        assert rows and all(isinstance(r.Price, Decimal) for r in rows)
    assert writes(fresh) == []
    engine.dispose()
