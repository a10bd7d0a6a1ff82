"""Writing ConferenceParticipants: mute, hold, coach, announce, kick and dial in — each with
exactly the write requests it should send (method, path, form), and none when refused."""

from __future__ import annotations

import pytest
from sqlalchemy import MetaData, Table, create_engine, delete, insert, text, update
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session

from sqlalchemy_twilio import dbapi
from sqlalchemy_twilio.cli import main as cli
from sqlalchemy_twilio.models import ConferenceParticipant
from tests.conftest import api_requests, settings

from .conftest import account_path, live, participants, writes

NUMBER = "+15005550006"


def crowded(emu, least=2):
    """A live conference with at least ``least`` participants."""
    return next(c["sid"] for c in live(emu) if len(participants(emu, c["sid"])) >= least)


def one_path(emu, p):
    return account_path(emu, f"/Conferences/{p['conference_sid']}/Participants/"
                             f"{p['call_sid']}.json")


def test_mute_sends_one_post_per_participant_that_changes(wcur, fresh):
    conference = crowded(fresh)
    before = participants(fresh, conference)
    unmuted = [p for p in before if not p["muted"]]
    wcur.execute("UPDATE ConferenceParticipants SET Muted = true WHERE ConferenceSid = ?",
                 [conference])
    assert wcur.rowcount == len(before)  # already muted ones count, but need no request
    assert sorted(writes(fresh)) == sorted(("POST", one_path(fresh, p), {"Muted": ["true"]})
                                           for p in unmuted)
    assert all(p["muted"] for p in participants(fresh, conference))
    assert sorted(str(w) for w in wcur.writes) == sorted(
        f"POST {one_path(fresh, p)} Muted=true" for p in unmuted)


@pytest.mark.parametrize(("sets", "form"), [
    ("Hold = 1", {"Hold": ["true"]}),
    ("Hold = 1, HoldUrl = 'https://example.com/music.xml', HoldMethod = 'GET'",
     {"Hold": ["true"], "HoldUrl": ["https://example.com/music.xml"], "HoldMethod": ["GET"]}),
    ("AnnounceUrl = 'https://example.com/say.xml'",
     {"AnnounceUrl": ["https://example.com/say.xml"]}),
    ("EndConferenceOnExit = true, BeepOnExit = false",
     {"EndConferenceOnExit": ["true"], "BeepOnExit": ["false"]}),
])
def test_each_writable_column_and_parameter_travels(wcur, fresh, sets, form):
    target = next(p for p in participants(fresh) if not p["hold"]
                  and not p["end_conference_on_exit"])
    wcur.execute(f"UPDATE ConferenceParticipants SET {sets} WHERE ConferenceSid = ? "
                 "AND CallSid = ?", [target["conference_sid"], target["call_sid"]])
    assert wcur.rowcount == 1
    assert writes(fresh) == [("POST", one_path(fresh, target), form)]


def test_coaching_another_participant(wcur, fresh):
    conference = crowded(fresh)
    coach, coached = [p for p in participants(fresh, conference) if not p["coaching"]][:2]
    wcur.execute("UPDATE ConferenceParticipants SET Coaching = 1, CallSidToCoach = ? "
                 "WHERE ConferenceSid = ? AND CallSid = ?",
                 [coached["call_sid"], conference, coach["call_sid"]])
    assert writes(fresh) == [("POST", one_path(fresh, coach),
                              {"Coaching": ["true"], "CallSidToCoach": [coached["call_sid"]]})]
    now = next(p for p in participants(fresh, conference) if p["call_sid"] == coach["call_sid"])
    assert now["coaching"] is True and now["call_sid_to_coach"] == coached["call_sid"]


@pytest.mark.parametrize(("sql", "kind", "says"), [
    ("UPDATE ConferenceParticipants SET Status = 'complete'", dbapi.NotSupportedError,
     "ConferenceParticipants.Status is read-only"),
    ("UPDATE ConferenceParticipants SET Label = 'x'", dbapi.NotSupportedError,
     "ConferenceParticipants.Label is read-only"),
    ("UPDATE ConferenceParticipants SET Muted = 'maybe'", dbapi.DataError,
     "ConferenceParticipants.Muted must be true or false, not 'maybe'"),
    ("UPDATE ConferenceParticipants SET HoldMethod = 'PUT'", dbapi.DataError,
     "ConferenceParticipants.HoldMethod must be one of 'GET', 'POST', not 'PUT'"),
    ('UPDATE ConferenceParticipants SET "From" = \'+1\'', dbapi.NotSupportedError,
     "ConferenceParticipants.From is read-only"),
])
def test_refused_updates_send_no_write(wcur, fresh, sql, kind, says):
    with pytest.raises(kind, match=says.replace("(", r"\(")):
        wcur.execute(sql)
    assert writes(fresh) == []


def test_kicking_sends_one_delete_each_and_the_last_ends_the_conference(wcur, fresh):
    conference = next(c["sid"] for c in live(fresh) if all(
        not p["end_conference_on_exit"] for p in participants(fresh, c["sid"]))
        and len(participants(fresh, c["sid"])) >= 2)
    before = participants(fresh, conference)
    wcur.execute("DELETE FROM ConferenceParticipants WHERE ConferenceSid = ? AND CallSid = ?",
                 [conference, before[0]["call_sid"]])
    assert wcur.rowcount == 1
    assert writes(fresh) == [("DELETE", one_path(fresh, before[0]), {})]
    fresh.reset()
    wcur.execute("DELETE FROM ConferenceParticipants WHERE ConferenceSid = ?", [conference])
    assert wcur.rowcount == len(before) - 1
    assert sorted(writes(fresh)) == sorted(("DELETE", one_path(fresh, p), {})
                                           for p in before[1:])
    ended = next(c for c in fresh.records if c["sid"] == conference)
    assert ended["status"] == "completed"
    assert ended["reason_conference_ended"] == "last-participant-kicked"
    # What the DELETE read is not served again: the conference is ended now.
    (status,) = wcur.execute("SELECT Status FROM Conferences WHERE Sid = ?",
                             [conference]).fetchone()
    assert status == "completed"


def test_dialing_a_participant_in_is_one_post_to_the_list(wcur, fresh):
    conference = live(fresh)[0]["sid"]
    before = participants(fresh, conference)
    wcur.execute('INSERT INTO ConferenceParticipants (ConferenceSid, "From", "To", Label, '
                 "Muted, StatusCallbackEvent) VALUES (?, ?, ?, 'agent', true, "
                 "'initiated ringing')", [conference, NUMBER, "+15005550009"])
    assert wcur.rowcount == 1
    assert writes(fresh) == [(
        "POST", account_path(fresh, f"/Conferences/{conference}/Participants.json"),
        {"From": [NUMBER], "To": ["+15005550009"], "Label": ["agent"], "Muted": ["true"],
         "StatusCallbackEvent": ["initiated", "ringing"]})]
    after = participants(fresh, conference)
    assert len(after) == len(before) + 1
    added = next(p for p in after if p["label"] == "agent")
    rows = wcur.execute("SELECT CallSid, Muted FROM ConferenceParticipants WHERE "
                        "ConferenceSid = ? AND Label = 'agent'", [conference]).fetchall()
    assert rows == [(added["call_sid"], True)]


@pytest.mark.parametrize(("sql", "kind", "says"), [
    ("INSERT INTO ConferenceParticipants (ConferenceSid, \"From\") VALUES ('{cf}', '+1')",
     dbapi.DataError, "adding ConferenceParticipants needs To"),
    ("INSERT INTO ConferenceParticipants (\"From\", \"To\") VALUES ('+1', '+2')",
     dbapi.DataError, "adding ConferenceParticipants needs ConferenceSid"),
    ("INSERT INTO ConferenceParticipants (ConferenceSid, \"From\", \"To\", Status) VALUES "
     "('{cf}', '+1', '+2', 'connected')", dbapi.NotSupportedError,
     "ConferenceParticipants.Status cannot be given when adding"),
    ("INSERT INTO ConferenceParticipants (ConferenceSid, \"From\", \"To\", Muted) VALUES "
     "('{cf}', '+1', '+2', 'loud')", dbapi.DataError, "Muted must be true or false"),
])
def test_refused_inserts_send_nothing(wcur, fresh, sql, kind, says):
    with pytest.raises(kind, match=says):
        wcur.execute(sql.format(cf=live(fresh)[0]["sid"]))
    assert writes(fresh) == []


def test_a_create_is_not_repeated_once_it_may_have_reached_twilio(wcur, fresh):
    conference = live(fresh)[0]["sid"]
    fresh.add_fault(503, match=lambda r: r["method"] == "POST")
    with pytest.raises(dbapi.PartialWriteError, match="may have taken effect") as caught:
        wcur.execute('INSERT INTO ConferenceParticipants (ConferenceSid, "From", "To") '
                     "VALUES (?, ?, ?)", [conference, NUMBER, "+15005550010"])
    assert caught.value.updated == 0
    assert len(writes(fresh)) == 1  # the 503: never sent again


def test_a_create_refused_with_429_is_repeated(wcur, fresh):
    conference = live(fresh)[0]["sid"]
    fresh.add_fault(429, match=lambda r: r["method"] == "POST", retry_after=0)
    wcur.execute('INSERT INTO ConferenceParticipants (ConferenceSid, "From", "To") '
                 "VALUES (?, ?, ?)", [conference, NUMBER, "+15005550011"])
    assert [r["status"] for r in fresh.requests() if r["method"] == "POST"] == [429, 201] or \
        [r["status"] for r in fresh.requests() if r["method"] == "POST"] == [429, 200]


def test_an_update_is_repeated_after_a_server_error(wcur, fresh):
    target = next(p for p in participants(fresh) if not p["muted"])
    fresh.add_fault(503, match=lambda r: r["method"] == "POST", retry_after=0)
    wcur.execute("UPDATE ConferenceParticipants SET Muted = 1 WHERE ConferenceSid = ? AND "
                 "CallSid = ?", [target["conference_sid"], target["call_sid"]])
    posts = [r["status"] for r in fresh.requests() if r["method"] == "POST"]
    assert posts[0] == 503 and posts[1] < 300 and len(posts) == 2


def test_max_writes_sends_none_when_a_statement_would_send_more(fresh):
    conference = crowded(fresh, 3)
    with dbapi.connect(**settings(fresh, max_writes=2)) as conn:
        cur = conn.cursor()
        with pytest.raises(dbapi.OperationalError, match="raise max_writes"):
            cur.execute("DELETE FROM ConferenceParticipants WHERE ConferenceSid = ?",
                        [conference])
        assert writes(fresh) == []
        cur.max_writes = 10
        cur.execute("DELETE FROM ConferenceParticipants WHERE ConferenceSid = ?",
                    [conference])
        assert len(writes(fresh)) == cur.rowcount >= 3


def test_dry_run_reads_and_reports_but_sends_nothing(fresh):
    conference = crowded(fresh)
    kicked = participants(fresh, conference)
    with dbapi.connect(**settings(fresh, dry_run=True)) as conn:
        cur = conn.cursor()
        cur.execute("DELETE FROM ConferenceParticipants WHERE ConferenceSid = ?", [conference])
        assert cur.rowcount == len(kicked)
        assert sorted(str(w) for w in cur.writes) == sorted(f"DELETE {one_path(fresh, p)}"
                                                            for p in kicked)
    assert writes(fresh) == [] and len(participants(fresh, conference)) == len(kicked)
    assert [r["method"] for r in api_requests(fresh)] == ["GET"]


def test_dry_run_as_an_execution_option_and_from_the_cli(fresh, capsys):
    conference = crowded(fresh)
    engine = create_engine(fresh.url)
    with engine.connect() as conn:
        result = conn.execution_options(dry_run=True).execute(
            text("UPDATE ConferenceParticipants SET Muted = 1, Hold = 1 WHERE "
                 "ConferenceSid = :c"), {"c": conference})
        assert result.rowcount == len(participants(fresh, conference))
        assert len(result.context.cursor.writes) == len(participants(fresh, conference))
    engine.dispose()
    assert writes(fresh) == []
    code = cli(["--url", fresh.url, "--dry-run",
                f"DELETE FROM ConferenceParticipants WHERE ConferenceSid = '{conference}'"])
    out = capsys.readouterr().out
    assert code == 0 and out.startswith("dry run: ")
    assert out.count("DELETE /2010-04-01/") == len(participants(fresh, conference))
    assert writes(fresh) == []


def test_core_and_orm_writes(fresh):
    engine = create_engine(fresh.url)
    table = Table("ConferenceParticipants", MetaData(), autoload_with=engine,
                  twilio_hidden=True)
    conference = crowded(fresh)
    target = participants(fresh, conference)[0]
    with engine.connect() as conn:
        conn.execute(update(table).where(table.c.ConferenceSid == conference,
                                         table.c.CallSid == target["call_sid"])
                     .values(AnnounceUrl="https://example.com/a.xml"))
        conn.execute(insert(table).values(ConferenceSid=conference, From=NUMBER,
                                          To="+15005550012"))
        with pytest.raises(sa_exc.CompileError, match="needs To"):
            conn.execute(insert(table).values(ConferenceSid=conference, From=NUMBER))
        with pytest.raises(sa_exc.CompileError, match="Status is read-only"):
            conn.execute(update(table).values(Status="complete"))
        with pytest.raises(sa_exc.CompileError, match="must be true or false"):
            conn.execute(update(table).values(Muted="often"))
    assert [(m, f) for m, _, f in writes(fresh)] == [
        ("POST", {"AnnounceUrl": ["https://example.com/a.xml"]}),
        ("POST", {"From": [NUMBER], "To": ["+15005550012"]})]
    fresh.reset()
    with Session(engine) as session:
        someone = session.get(ConferenceParticipant, (conference, target["call_sid"]))
        someone.Hold = True
        session.commit()
        session.delete(session.get(ConferenceParticipant, (conference, target["call_sid"])))
        session.commit()
    assert [(m, f) for m, _, f in writes(fresh)] == [("POST", {"Hold": ["true"]}),
                                                    ("DELETE", {})]
    with engine.connect() as conn:
        conn.execute(delete(table).where(table.c.ConferenceSid == "CF" + "0" * 32))
    engine.dispose()


def test_kicking_one_that_ends_the_conference_on_exit(wcur, fresh):
    conference, ender = next(
        (c["sid"], p) for c in live(fresh) for p in participants(fresh, c["sid"])
        if p["end_conference_on_exit"] and len(participants(fresh, c["sid"])) >= 2)
    others = [p for p in participants(fresh, conference) if p["call_sid"] != ender["call_sid"]]
    wcur.execute("DELETE FROM ConferenceParticipants WHERE ConferenceSid = ? AND CallSid = ?",
                 [conference, ender["call_sid"]])
    ended = next(c for c in fresh.records if c["sid"] == conference)
    assert ended["status"] == "completed"
    assert ended["reason_conference_ended"] == "participant-with-end-conference-on-exit-kicked"
    assert ended["call_sid_ending_conference"] == ender["call_sid"]
    assert participants(fresh, conference) == [] and others


def test_a_write_to_a_child_empties_the_cached_parent(fresh):
    conference = next(c["sid"] for c in live(fresh) if len(participants(fresh, c["sid"])) == 1)
    (only,) = participants(fresh, conference)
    engine = create_engine(fresh.url + "&cache_ttl=600")
    with engine.connect() as conn:
        status = text("SELECT Status FROM Conferences WHERE Sid = :s")
        assert conn.execute(status, {"s": conference}).scalar_one() != "completed"
        fresh.reset()
        assert conn.execute(status, {"s": conference}).scalar_one() != "completed"
        assert api_requests(fresh) == []  # served from the cache
        conn.execute(text("DELETE FROM ConferenceParticipants WHERE ConferenceSid = :c AND "
                          "CallSid = :k"), {"c": conference, "k": only["call_sid"]})
        assert conn.execute(status, {"s": conference}).scalar_one() == "completed"
    engine.dispose()
