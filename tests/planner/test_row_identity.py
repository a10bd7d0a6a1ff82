"""Invariants 8 and 9: a write reaches exactly the rows its statement matched, once each, and
nothing fetched by one statement answers another.

The conferences here have SIDs that share their first 30 hex digits, which is where a rowid
derived from part of the SID gave two conferences one identity.
"""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from sqlalchemy_twilio import dbapi
from sqlalchemy_twilio.emulator import Emulator
from tests.conftest import api_requests, conference_record, prefix_sid, settings

ALPHA, BETA, GAMMA = prefix_sid(1), prefix_sid(2), prefix_sid(3)


@pytest.fixture()
def emu():
    records = [
        conference_record(ALPHA, "Mon, 03 Mar 2025 10:00:00 +0000", name="alpha",
                          status="in-progress"),
        conference_record(BETA, "Tue, 04 Mar 2025 10:00:00 +0000", name="beta",
                          status="in-progress"),
        conference_record(GAMMA, "Wed, 05 Mar 2025 10:00:00 +0000", name="gamma",
                          status="in-progress"),
    ]
    with Emulator(data=records) as emu:
        yield emu


@pytest.fixture()
def cur(emu):
    with dbapi.connect(**settings(emu)) as conn:
        yield conn.cursor()


def posted(emu):
    return sorted(r["path"].rsplit("/", 1)[1].removesuffix(".json")
                  for r in api_requests(emu) if r["method"] == "POST")


def statuses(emu):
    return {r["sid"]: r["status"] for r in emu.records}


def test_sids_share_their_first_thirty_hex_digits():
    assert ALPHA[:32] == BETA[:32] == GAMMA[:32] and len({ALPHA, BETA, GAMMA}) == 3


def test_update_by_name_ends_that_conference_and_no_other(cur, emu):
    cur.execute("UPDATE Conferences SET Status = 'completed' WHERE Name LIKE 'gamma'")
    assert cur.rowcount == 1
    assert posted(emu) == [GAMMA]
    assert statuses(emu) == {ALPHA: "in-progress", BETA: "in-progress", GAMMA: "completed"}


def test_update_every_match_posts_once_to_each(cur, emu):
    cur.execute("UPDATE Conferences SET Status = 'completed' WHERE Status = 'in-progress'")
    assert cur.rowcount == 3
    assert posted(emu) == [ALPHA, BETA, GAMMA]
    assert set(statuses(emu).values()) == {"completed"}


def test_update_with_or_of_a_lookup_and_a_filter(cur, emu):
    cur.execute("UPDATE Conferences SET Status = 'completed' WHERE Sid = ? OR Name = 'gamma'",
                [ALPHA])
    assert cur.rowcount == 2
    assert posted(emu) == [ALPHA, GAMMA]
    assert statuses(emu)[BETA] == "in-progress"


@pytest.mark.parametrize(("where", "expected"), [
    (f"Sid = '{ALPHA}' OR Name = 'gamma'", [ALPHA, GAMMA]),
    (f"Sid = '{ALPHA}' OR Sid = '{BETA}'", [ALPHA, BETA]),
    (f"Sid IN ('{ALPHA}', '{GAMMA}') OR Name = 'beta'", [ALPHA, BETA, GAMMA]),
    ("DateCreated < '2025-03-04' OR DateCreated > '2025-03-04 12:00:00'", [ALPHA, GAMMA]),
    ("(DateCreated >= '2025-03-03' AND DateCreated < '2025-03-04') "
     "OR (DateCreated >= '2025-03-05' AND DateCreated < '2025-03-06')", [ALPHA, GAMMA]),
    ("Name = 'alpha' OR Name = 'beta' OR Name = 'gamma'", [ALPHA, BETA, GAMMA]),
])
def test_or_branches_keep_every_row(cur, where, expected):
    rows = cur.execute(f"SELECT Sid FROM Conferences WHERE {where}").fetchall()
    assert sorted(r[0] for r in rows) == expected


def test_lookup_after_a_write_is_not_answered_from_an_open_scan(cur, emu):
    """A result still being read must not answer a later statement's lookup."""
    with dbapi.connect(**settings(emu)) as conn:
        reader = conn.cursor()
        writer = conn.cursor()
        reader.execute("SELECT Sid, Status FROM Conferences")
        assert reader.fetchone() is not None  # the scan's page is held, the result still open
        writer.execute("UPDATE Conferences SET Status = 'completed' WHERE Sid = ?", [BETA])
        assert writer.rowcount == 1
        after = writer.execute("SELECT Status FROM Conferences WHERE Sid = ?", [BETA]).fetchone()
        assert after == ("completed",)
        # The open scan goes on, and sees its own rows.
        assert len(reader.fetchall()) == 2


def test_yield_per_does_not_serve_a_later_statement(emu):
    engine = create_engine(emu.url)
    with engine.connect() as conn:
        stream = conn.execution_options(yield_per=1).execute(
            text("SELECT Sid, Status FROM Conferences"))
        first = stream.fetchone()
        assert first is not None
        conn.execute(text("UPDATE Conferences SET Status = 'completed' WHERE Sid = :s"),
                     {"s": ALPHA})
        status = conn.execute(text("SELECT Status FROM Conferences WHERE Sid = :s"),
                              {"s": ALPHA}).scalar_one()
        assert status == "completed"
        stream.close()
    engine.dispose()


def test_a_join_reuses_its_own_scan_but_a_later_statement_asks_again(cur, emu):
    join = ("SELECT a.Sid, b.Name FROM Conferences a JOIN Conferences b ON a.Sid = b.Sid "
            "ORDER BY a.Sid")
    assert [r[0] for r in cur.execute(join).fetchall()] == [ALPHA, BETA, GAMMA]
    assert len(api_requests(emu)) == 1  # one scan; the lookups are answered from its page
    emu.reset()
    cur.execute(f"SELECT Name FROM Conferences WHERE Sid = '{ALPHA}'").fetchall()
    assert len(api_requests(emu)) == 1  # a new statement: a fetch of its own


def test_rowids_are_distinct_for_distinct_keys_and_stable_for_one(cur):
    rows = cur.execute("SELECT rowid, Sid FROM Conferences").fetchall()
    again = dict(cur.execute("SELECT Sid, rowid FROM Conferences").fetchall())
    assert len({rowid for rowid, _ in rows}) == 3
    both = cur.execute(f"SELECT a.rowid = b.rowid FROM Conferences a, Conferences b "
                       f"WHERE a.Sid = b.Sid AND a.Sid = '{BETA}'").fetchall()
    assert both == [(1,)]
    assert len(again) == 3
