"""Reading ConferenceParticipants: which requests each query makes, counted from the emulator's
log, and rows typed at every surface."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pandas as pd
import pytest
from sqlalchemy import MetaData, Table, create_engine, select, text
from sqlalchemy.orm import Session

from sqlalchemy_twilio import dbapi
from sqlalchemy_twilio.models import Conference, ConferenceParticipant
from tests.conftest import api_requests, settings

from .conftest import account_path, live, participants


def sorted_keys(rows):
    return sorted((r[0], r[1]) for r in rows)


def test_a_conference_s_participants_are_one_list_request(cur, lemu):
    conference = next(c["sid"] for c in live(lemu) if participants(lemu, c["sid"]))
    rows = cur.execute("SELECT ConferenceSid, CallSid FROM ConferenceParticipants "
                       "WHERE ConferenceSid = ?", [conference]).fetchall()
    assert sorted_keys(rows) == sorted((p["conference_sid"], p["call_sid"])
                                       for p in participants(lemu, conference))
    (req,) = api_requests(lemu)
    assert req["path"] == account_path(lemu, f"/Conferences/{conference}/Participants.json")


def test_conference_sid_in_is_one_list_per_value(cur, lemu):
    wanted = [c["sid"] for c in live(lemu)[:4]]
    rows = cur.execute("SELECT ConferenceSid, CallSid FROM ConferenceParticipants WHERE "
                       f"ConferenceSid IN ({', '.join('?' * 4)})", wanted).fetchall()
    expected = [p for p in participants(lemu) if p["conference_sid"] in wanted]
    assert sorted_keys(rows) == sorted((p["conference_sid"], p["call_sid"]) for p in expected)
    paths = sorted(r["path"] for r in api_requests(lemu))
    assert paths == sorted(account_path(lemu, f"/Conferences/{c}/Participants.json")
                           for c in wanted)


def test_both_keys_are_one_fetch(cur, lemu):
    p = participants(lemu)[3]
    rows = cur.execute("SELECT CallSid, Muted FROM ConferenceParticipants WHERE "
                       "ConferenceSid = ? AND CallSid = ?",
                       [p["conference_sid"], p["call_sid"]]).fetchall()
    assert rows == [(p["call_sid"], p["muted"])]
    (req,) = api_requests(lemu)
    assert req["path"] == account_path(
        lemu, f"/Conferences/{p['conference_sid']}/Participants/{p['call_sid']}.json")


def test_an_unknown_conference_has_no_participants(cur, lemu):
    missing = "CF" + "0" * 32
    assert cur.execute("SELECT * FROM ConferenceParticipants WHERE ConferenceSid = ?",
                       [missing]).fetchall() == []
    assert len(api_requests(lemu)) == 1
    assert cur.execute("SELECT * FROM ConferenceParticipants WHERE ConferenceSid = 'nope'"
                       ).fetchall() == []
    assert len(api_requests(lemu)) == 1  # a malformed SID reaches no URL


@pytest.mark.parametrize("column", ["Muted", "Hold", "Coaching"])
@pytest.mark.parametrize("value", [True, False])
def test_boolean_filters_travel_as_list_parameters(cur, lemu, column, value):
    conference = max(live(lemu), key=lambda c: len(participants(lemu, c["sid"])))["sid"]
    rows = cur.execute(f"SELECT CallSid FROM ConferenceParticipants WHERE ConferenceSid = ? "
                       f"AND {column} = ?", [conference, value]).fetchall()
    field = column.lower()
    assert sorted(r[0] for r in rows) == sorted(
        p["call_sid"] for p in participants(lemu, conference) if p[field] is value)
    (req,) = api_requests(lemu)
    assert req["query"][column] == ["true" if value else "false"]


def test_the_join_costs_the_filtered_list_plus_one_list_per_conference(cur, lemu):
    rows = cur.execute(
        "SELECT c.Sid, p.CallSid FROM Conferences c JOIN ConferenceParticipants p "
        "ON p.ConferenceSid = c.Sid WHERE c.Status = 'in-progress'").fetchall()
    in_progress = [c["sid"] for c in lemu.records if c["status"] == "in-progress"]
    expected = [(p["conference_sid"], p["call_sid"]) for p in participants(lemu)
                if p["conference_sid"] in in_progress]
    assert sorted(rows) == sorted(expected)
    reqs = api_requests(lemu)
    assert reqs[0]["query"]["Status"] == ["in-progress"]
    assert len(reqs) == 1 + len(in_progress)
    assert sorted(r["path"] for r in reqs[1:]) == sorted(
        account_path(lemu, f"/Conferences/{c}/Participants.json") for c in in_progress)


def test_without_a_conference_it_fans_out_over_the_live_conferences(cur, lemu):
    rows = cur.execute("SELECT ConferenceSid, CallSid FROM ConferenceParticipants").fetchall()
    assert sorted_keys(rows) == sorted((p["conference_sid"], p["call_sid"])
                                       for p in participants(lemu))
    reqs = api_requests(lemu)
    parents = [r for r in reqs if r["path"].endswith("/Conferences.json")]
    assert sorted(r["query"]["Status"][0] for r in parents) == ["in-progress", "init"]
    children = [r["path"] for r in reqs if r["path"].endswith("/Participants.json")]
    assert sorted(children) == sorted(account_path(
        lemu, f"/Conferences/{c['sid']}/Participants.json") for c in live(lemu))
    assert len(reqs) == len(parents) + len(children)


def test_explain_shows_both_stages(cur, lemu):
    (row,) = cur.execute("EXPLAIN QUERY PLAN SELECT * FROM ConferenceParticipants").fetchall()
    plan = row[-1]
    assert "Conferences.json?Status=in-progress" in plan and "Status=init" in plan
    assert "then for each Conferences row (at most max_fanout=100)" in plan
    assert "/Conferences/{ConferenceSid}/Participants.json" in plan
    assert api_requests(lemu) == []


def test_max_fanout_fails_before_any_child_request(lemu):
    with dbapi.connect(**settings(lemu, max_fanout=5)) as conn:
        with pytest.raises(dbapi.OperationalError, match=r"max_fanout=5.*ConferenceSid"):
            conn.cursor().execute("SELECT * FROM ConferenceParticipants").fetchall()
    assert not [r for r in api_requests(lemu) if r["path"].endswith("/Participants.json")]


def test_a_condition_on_conference_sid_avoids_the_fan_out_limit(lemu):
    conference = live(lemu)[0]["sid"]
    with dbapi.connect(**settings(lemu, max_fanout=1)) as conn:
        conn.cursor().execute("SELECT * FROM ConferenceParticipants WHERE ConferenceSid = ?",
                              [conference]).fetchall()
    assert len(api_requests(lemu)) == 1


def test_types_through_the_dbapi(cur, lemu):
    cur.execute("SELECT Muted, Hold, QueueTime, DateCreated, Status FROM ConferenceParticipants "
                "WHERE ConferenceSid = ?", [live(lemu)[0]["sid"]])
    assert [d[1] for d in cur.description] == ["BOOLEAN", "BOOLEAN", "INTEGER", "DATETIME",
                                               "TEXT"]
    for muted, hold, queue_time, created, _ in cur.fetchall():
        assert type(muted) is bool and type(hold) is bool
        assert queue_time is None or type(queue_time) is int
        assert created.tzinfo is dt.timezone.utc


def test_booleans_are_numbers_inside_sqlite(cur, lemu):
    (muted,) = cur.execute("SELECT SUM(Muted) FROM ConferenceParticipants").fetchone()
    assert muted == sum(p["muted"] for p in participants(lemu))


def test_types_through_core_orm_and_pandas(lemu):
    engine = create_engine(lemu.url)
    conference = live(lemu)[0]["sid"]
    table = Table("ConferenceParticipants", MetaData(), autoload_with=engine)
    with engine.connect() as conn:
        row = conn.execute(select(table).where(table.c.ConferenceSid == conference)).first()
        assert type(row.Muted) is bool and type(row.Coaching) is bool
    with Session(engine) as session:
        parent = session.get(Conference, conference)
        lemu.reset()
        kids = parent.participants
        assert len(api_requests(lemu)) == 1  # loading the relationship is one list request
        assert {k.CallSid for k in kids} == {p["call_sid"] for p in participants(lemu,
                                                                                 conference)}
        assert all(type(k.Hold) is bool for k in kids)
        assert kids[0].conference is parent
        one = session.get(ConferenceParticipant, (conference, kids[0].CallSid))
        assert one is kids[0]
    frame = pd.read_sql_query(text("SELECT Muted, Hold FROM ConferenceParticipants WHERE "
                                   "ConferenceSid = :c"), engine, params={"c": conference})
    assert frame["Muted"].dtype == bool
    table_frame = pd.read_sql_table("ConferenceParticipants", engine)
    assert table_frame["Coaching"].dtype == bool
    assert "From" not in table_frame.columns  # HIDDEN parameters are not data
    engine.dispose()


def test_hidden_parameters_are_not_in_select_star_and_read_as_null(cur, lemu):
    conference = live(lemu)[0]["sid"]
    cur.execute("SELECT * FROM ConferenceParticipants WHERE ConferenceSid = ?", [conference])
    names = [d[0] for d in cur.description]
    assert "From" not in names and "AnnounceUrl" not in names and len(names) == 15
    cur.fetchall()
    rows = cur.execute('SELECT "From", AnnounceUrl, WaitUrl FROM ConferenceParticipants '
                       "WHERE ConferenceSid = ?", [conference]).fetchall()
    assert rows and set(rows) == {(None, None, None)}


def test_the_statuses_are_twilio_s(cur, lemu):
    counts = Counter(r[0] for r in cur.execute("SELECT Status FROM ConferenceParticipants"))
    assert set(counts) <= {"queued", "connecting", "ringing", "connected", "complete",
                           "failed"}
    assert sum(counts.values()) == len(participants(lemu))
