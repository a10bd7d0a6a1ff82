"""Invariants 5–7: hostile values never leave the Conferences paths; SQL cannot touch the
machine; anything malformed is a DB-API error, nothing else."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sqlalchemy_twilio import dbapi
from tests.conftest import api_requests
from tests.conftest import settings as connect_settings

FULLWIDTH = "".join(chr(0xFF10 + int(c)) if c.isdigit() else c for c in "0123456789" * 4)[:32]
HOSTILE_SIDS = [
    "../Calls/CA" + "0" * 32, "CF" + "0" * 30 + "%2F..", "CF" + "0" * 28 + "/../x",
    "CF" + FULLWIDTH, "СF" + "0" * 32,  # Cyrillic С
    "CF" + "0" * 32 + "\n", "CF" + "0" * 32 + "?x=1", "x" * 10_000, "", "%00",
]


@pytest.fixture()
def cur(emulator):
    emulator.reset()
    with dbapi.connect(**connect_settings(emulator)) as conn:
        yield conn.cursor()


def paths_ok(emu) -> bool:
    allowed = re.compile(rf"/2010-04-01/Accounts/{emu.account_sid}/Conferences"
                         r"(\.json|/CF[0-9a-fA-F]{32}\.json)")
    return all(allowed.fullmatch(r["path"]) for r in api_requests(emu))


@pytest.mark.parametrize("sid", HOSTILE_SIDS)
def test_hostile_sids_never_reach_a_path(cur, emulator, sid):
    assert cur.execute("SELECT * FROM Conferences WHERE Sid = ?", [sid]).fetchall() == []
    assert cur.execute("SELECT * FROM Conferences WHERE Sid IN (?, ?)",
                       [sid, "CF" + "1" * 32]).fetchall() == []
    quoted = sid.replace("'", "''")
    cur.execute(f"SELECT Sid FROM Conferences WHERE Sid = '{quoted}'").fetchall()
    assert paths_ok(emulator)
    assert not [r for r in api_requests(emulator) if sid[:20] in r["path"] and sid]


@pytest.mark.parametrize("name", ["a&Status=init", "x#frag", "100%", "two\nlines", "ü ✓ 会議"])
def test_names_travel_as_exact_query_values(cur, emulator, name):
    assert cur.execute("SELECT * FROM Conferences WHERE Name = ?", [name]).fetchall() == []
    (req,) = api_requests(emulator)
    assert req["query"]["FriendlyName"] == [name]
    assert "Status" not in req["query"]


@pytest.mark.parametrize("sql", [
    "ATTACH DATABASE '{tmp}/a.db' AS a",
    "DETACH DATABASE main",
    "VACUUM INTO '{tmp}/copy.db'",
    "SELECT load_extension('{tmp}/evil')",
    "PRAGMA writable_schema = 1",
    "PRAGMA temp_store_directory = '{tmp}'",
    "PRAGMA user_version = 3",
    "CREATE VIRTUAL TABLE x USING fts5(a)",
    "DROP TABLE Conferences",
    "ALTER TABLE Conferences RENAME TO c",
])
def test_sql_that_could_touch_the_machine_is_refused(cur, emulator, tmp_path, sql):
    with pytest.raises(dbapi.NotSupportedError) as info:
        cur.execute(sql.format(tmp=tmp_path))
    assert str(info.value) and "not authorized" not in str(info.value)
    assert list(Path(tmp_path).iterdir()) == []
    assert api_requests(emulator) == []
    # The table is still there afterwards.
    assert cur.execute("SELECT COUNT(*) FROM Conferences WHERE Sid = 'x'").fetchone() == (0,)


FRAGMENTS = ["SELECT", "*", "FROM", "Conferences", "WHERE", "Sid", "Status", "=", "(", ")",
             "'", "\"", ",", "?", ":x", "IN", "LIKE", "'%'", "NULL", ";", "--", "/*",
             "UPDATE", "SET", "ORDER BY", "LIMIT", "1", "-1", "0x", "ü", "\x00", "UNION",
             "JOIN", "DateCreated", "datetime('now')", "'" + "a" * 5000 + "'", "WITH", "AS"]
PARAMS = st.one_of(
    st.none(), st.integers(), st.floats(allow_nan=True), st.text(max_size=40),
    st.binary(max_size=20),
    st.lists(st.one_of(st.none(), st.integers(), st.text(max_size=10), st.lists(st.integers(),
                                                                                   max_size=2)),
             max_size=4),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
)


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(words=st.lists(st.sampled_from(FRAGMENTS), max_size=14), params=PARAMS)
def test_fuzzed_sql_raises_only_dbapi_errors(cur, words, params):
    sql = " ".join(words)
    try:
        cur.execute(sql, params)
        if cur.description is not None:
            cur.fetchmany(50)
    except dbapi.Error:
        pass
