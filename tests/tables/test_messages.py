"""Messages: To, From and DateSent travel in the request, DateSent within the window Twilio
keeps messages for; redact, cancel, delete and send with exactly the write requests each needs,
within max_writes, and none under dry_run."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from email.utils import parsedate_to_datetime

import pytest
from sqlalchemy import create_engine, text

from sqlalchemy_twilio import dbapi
from sqlalchemy_twilio.emulator import Emulator
from tests.conftest import UNTIL, api_requests, settings

from .conftest import account_path, writes

LIST = "/Messages.json"
NUMBER, OTHER = "+15005550006", "+15005550009"
TODAY = dt.date.fromisoformat(UNTIL)  # the emulator's clock, pinned


def messages(emu):
    return emu.table(LIST)


def sent_on(m):
    return parsedate_to_datetime(m["date_sent"]).astimezone(dt.timezone.utc).date() \
        if m["date_sent"] else None


def one(emu, sid):
    return account_path(emu, f"/Messages/{sid}.json")


@pytest.mark.parametrize(("column", "field"), [("To", "to"), ("From", "from")])
def test_to_and_from_are_list_filters(cur, lemu, column, field):
    value = messages(lemu)[len(messages(lemu)) // 2][field]
    rows = cur.execute(f'SELECT Sid FROM Messages WHERE "{column}" = ?', [value]).fetchall()
    expected = [m["sid"] for m in messages(lemu) if m[field] == value]
    assert sorted(r[0] for r in rows) == sorted(expected) and expected
    assert all(r["query"][column] == [value] for r in api_requests(lemu))
    assert len(api_requests(lemu)) == max(1, -(-len(expected) // 1000))


def test_a_date_sent_range_is_one_filtered_list(cur, lemu):
    lo, hi = TODAY - dt.timedelta(days=40), TODAY - dt.timedelta(days=30)
    rows = cur.execute("SELECT Sid FROM Messages WHERE DateSent >= ? AND DateSent < ?",
                       [lo.isoformat(), hi.isoformat()]).fetchall()
    expected = [m["sid"] for m in messages(lemu) if sent_on(m) and lo <= sent_on(m) < hi]
    assert sorted(r[0] for r in rows) == sorted(expected) and expected
    (req,) = api_requests(lemu)
    assert req["query"]["DateSent>"] == [lo.isoformat()]


def test_a_sid_is_one_fetch(cur, lemu):
    m = messages(lemu)[7]
    assert cur.execute("SELECT Body, NumSegments FROM Messages WHERE Sid = ?",
                       [m["sid"]]).fetchone() == (m["body"], int(m["num_segments"]))
    assert [r["path"] for r in api_requests(lemu)] == [one(lemu, m["sid"])]


# -- retention --------------------------------------------------------------------------------

@pytest.fixture()
def newcomer() -> Iterator[Emulator]:
    """An emulator no connection has talked to yet, so no client knows Twilio's day."""
    with Emulator(conferences=2, seed=43, calls=5, messages=400, until=UNTIL) as emu:
        yield emu


def test_a_range_reaching_past_the_window_is_clamped_to_it(newcomer):
    lemu = newcomer
    earliest = TODAY - dt.timedelta(days=400)
    expected = sorted(m["sid"] for m in messages(lemu) if m["date_sent"])
    with dbapi.connect(**settings(lemu)) as conn:
        cur = conn.cursor()
        # A new connection does not know Twilio's day yet: Twilio's refusal tells it, and the
        # range is asked again, clamped.
        rows = cur.execute("SELECT Sid FROM Messages WHERE DateSent >= '2020-01-01'"
                           ).fetchall()
        assert sorted(r[0] for r in rows) == expected
        first = api_requests(lemu)
        assert [r["status"] for r in first] == [400] + [200] * (len(first) - 1)
        assert first[1]["query"]["DateSent>"] == [earliest.isoformat()]
        lemu.reset()
        # Now it knows: the range is clamped before it is sent.
        rows = cur.execute("SELECT Sid FROM Messages WHERE DateSent >= '2021-06-01'"
                           ).fetchall()
        assert sorted(r[0] for r in rows) == expected
        assert [r["query"]["DateSent>"] for r in api_requests(lemu)] == [
            [earliest.isoformat()]] * len(api_requests(lemu))
        lemu.reset()
        assert cur.execute("SELECT Sid FROM Messages WHERE DateSent < '2024-01-01'"
                           ).fetchall() == []
        assert api_requests(lemu) == []


def test_a_range_wholly_before_the_window_is_no_rows_on_a_new_connection(newcomer):
    lemu = newcomer
    with dbapi.connect(**settings(lemu)) as conn:
        assert conn.cursor().execute("SELECT * FROM Messages WHERE DateSent BETWEEN "
                                     "'2023-01-01' AND '2023-02-01'").fetchall() == []
    assert [r["status"] for r in api_requests(lemu)] == [400]


@pytest.fixture()
def short() -> Iterator[Emulator]:
    """An account that keeps messages for 30 days."""
    with Emulator(conferences=2, seed=41, calls=5, messages=300, retention_days=30,
                  until=UNTIL) as emu:
        yield emu


def test_a_shorter_retention_is_an_error_that_says_so(short):
    with dbapi.connect(**settings(short)) as conn, pytest.raises(
            dbapi.ProgrammingError, match="limited time.*DateSent.*more recent") as caught:
        conn.cursor().execute("SELECT * FROM Messages WHERE DateSent >= ?",
                              [(TODAY - dt.timedelta(days=90)).isoformat()]).fetchall()
    assert "30 days" in str(caught.value)
    # The range lies within the 400 days Twilio keeps by default: asked once, not again.
    assert [r["status"] for r in api_requests(short)] == [400]


def test_a_shorter_retention_serves_what_it_keeps(short):
    since = TODAY - dt.timedelta(days=20)
    with dbapi.connect(**settings(short)) as conn:
        rows = conn.cursor().execute("SELECT Sid FROM Messages WHERE DateSent >= ?",
                                     [since.isoformat()]).fetchall()
    assert sorted(r[0] for r in rows) == sorted(
        m["sid"] for m in messages(short) if sent_on(m) and sent_on(m) >= since)


# -- writes -----------------------------------------------------------------------------------

def test_body_set_to_empty_redacts(wcur, fresh):
    m = next(m for m in messages(fresh) if m["body"] and m["status"] == "delivered")
    wcur.execute("UPDATE Messages SET Body = '' WHERE Sid = ?", [m["sid"]])
    assert wcur.rowcount == 1
    assert writes(fresh) == [("POST", one(fresh, m["sid"]), {"Body": [""]})]
    assert next(x for x in messages(fresh) if x["sid"] == m["sid"])["body"] == ""
    fresh.reset()
    assert wcur.execute("SELECT Body FROM Messages WHERE Sid = ?", [m["sid"]]
                        ).fetchone() == ("",)


def test_any_other_body_is_refused_without_a_write(wcur, fresh):
    m = messages(fresh)[3]
    with pytest.raises(dbapi.Error, match="Body"):
        wcur.execute("UPDATE Messages SET Body = 'edited' WHERE Sid = ?", [m["sid"]])
    assert writes(fresh) == []


def test_canceled_cancels_a_scheduled_message_and_only_those(wcur, fresh):
    scheduled = [m["sid"] for m in messages(fresh) if m["status"] == "scheduled"]
    wcur.execute("UPDATE Messages SET Status = 'canceled' WHERE Status = 'scheduled'")
    assert wcur.rowcount == len(scheduled) > 0
    assert sorted(writes(fresh)) == sorted(("POST", one(fresh, s), {"Status": ["canceled"]})
                                           for s in scheduled)
    assert not [m for m in messages(fresh) if m["status"] == "scheduled"]


def test_delete_deletes(wcur, fresh):
    m = messages(fresh)[12]
    wcur.execute("DELETE FROM Messages WHERE Sid = ?", [m["sid"]])
    assert wcur.rowcount == 1
    assert writes(fresh) == [("DELETE", one(fresh, m["sid"]), {})]
    assert m["sid"] not in {x["sid"] for x in messages(fresh)}


def test_insert_sends_a_message_that_is_listed_queued(wcur, fresh):
    wcur.execute('INSERT INTO Messages ("To", "From", Body) VALUES (?, ?, ?)',
                 [NUMBER, OTHER, "Your code is 123456"])
    assert wcur.rowcount == 1
    assert writes(fresh) == [("POST", account_path(fresh, LIST), {
        "To": [NUMBER], "From": [OTHER], "Body": ["Your code is 123456"]})]
    newest = messages(fresh)[0]
    assert (newest["to"], newest["body"], newest["status"]) == (
        NUMBER, "Your code is 123456", "queued")


def test_insert_with_a_messaging_service_and_media(wcur, fresh):
    service = "MG" + "2" * 32
    wcur.execute('INSERT INTO Messages ("To", MessagingServiceSid, MediaUrl) VALUES (?, ?, ?)',
                 [NUMBER, service, "https://example.com/cat.png"])
    assert writes(fresh) == [("POST", account_path(fresh, LIST), {
        "To": [NUMBER], "MessagingServiceSid": [service],
        "MediaUrl": ["https://example.com/cat.png"]})]


def test_insert_without_content_names_what_is_missing(wcur, fresh):
    with pytest.raises(dbapi.Error, match="Body.*MediaUrl.*ContentSid"):
        wcur.execute('INSERT INTO Messages ("To", "From") VALUES (?, ?)', [NUMBER, OTHER])
    assert api_requests(fresh) == []


def _to_recipients(n: int, body: str) -> str:
    """INSERT … SELECT of one message to each of ``n`` numbers (a connection holds no local
    tables: the numbers come from a CTE)."""
    return (f"WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {n - 1})"
            f' INSERT INTO Messages ("To", "From", Body) '
            f"SELECT printf('+1500555%04d', i), ?, '{body}' FROM n")


def test_insert_select_sends_one_message_per_row(wcur, fresh):
    wcur.execute(_to_recipients(3, "Reminder: tomorrow 10:00"), [OTHER])
    assert wcur.rowcount == 3
    sent = writes(fresh)
    assert [(m, p) for m, p, _ in sent] == [("POST", account_path(fresh, LIST))] * 3
    assert sorted(f["To"][0] for _, _, f in sent) == [f"+1500555{i:04d}" for i in range(3)]
    assert {f["Body"][0] for _, _, f in sent} == {"Reminder: tomorrow 10:00"}


def test_more_than_max_writes_sends_nothing_and_names_the_option(wcur, fresh):
    with pytest.raises(dbapi.Error, match="max_writes=100") as caught:
        wcur.execute(_to_recipients(101, "hi"), [OTHER])
    assert "101" in str(caught.value)
    assert writes(fresh) == []


def test_dry_run_lists_the_101_messages_it_would_send(fresh):
    with dbapi.connect(**settings(fresh, dry_run=True, max_writes=1000)) as conn:
        cur = conn.cursor()
        cur.execute(_to_recipients(101, "hi"), [OTHER])
        assert len(cur.writes) == 101
        assert {(w.method, w.path) for w in cur.writes} == {
            ("POST", account_path(fresh, LIST))}
        assert sorted(dict(w.form)["To"] for w in cur.writes) == [
            f"+1500555{i:04d}" for i in range(101)]
    assert writes(fresh) == []


def test_dry_run_as_an_execution_option(fresh):
    engine = create_engine(fresh.url)
    with engine.connect().execution_options(dry_run=True) as conn:
        result = conn.execute(text('INSERT INTO Messages ("To", "From", Body) '
                                   "VALUES (:to, :frm, 'hi')"), {"to": NUMBER, "frm": OTHER})
        assert result.rowcount == 1
    assert writes(fresh) == []
