"""The connection is not a scratch database: no local table, view, trigger or index can be made,
so nothing shadows a Twilio table or outlives one use of a pooled connection."""

from __future__ import annotations

import pandas as pd
import pytest
import sqlalchemy as sa
from sqlalchemy import create_engine, text

from sqlalchemy_twilio import dbapi
from tests.conftest import api_requests, settings


@pytest.fixture()
def cur(emu):
    with dbapi.connect(**settings(emu)) as conn:
        yield conn.cursor()


@pytest.mark.parametrize(("sql", "says"), [
    ("CREATE TEMP TABLE Conferences (Sid TEXT)", "CREATE TABLE Conferences is refused"),
    ("CREATE TEMPORARY VIEW Conferences AS SELECT 'CF' AS Sid",
     "CREATE VIEW Conferences is refused"),
    ("CREATE TABLE notes (x)", "CREATE TABLE notes is refused"),
    ("CREATE TABLE copy AS SELECT * FROM Conferences", "CREATE TABLE copy is refused"),
    ("CREATE VIEW live AS SELECT * FROM Conferences WHERE Status = 'in-progress'",
     "CREATE VIEW live is refused"),
    ("CREATE TEMP TRIGGER t AFTER UPDATE ON Conferences BEGIN SELECT 1; END",
     "cannot create triggers on virtual tables: Twilio's schema is fixed"),
    ("CREATE INDEX i ON Conferences (Name)",
     "may not be indexed: Twilio's schema is fixed"),
    ("DROP TABLE Conferences", "DROP TABLE Conferences is refused: Twilio's schema is fixed"),
    ("ALTER TABLE Conferences RENAME TO c", "ALTER TABLE Conferences is refused"),
    ("ALTER TABLE Conferences ADD COLUMN Notes TEXT", "may not be altered: Twilio's schema"),
    ("ANALYZE", "CREATE TABLE sqlite_stat1 is refused"),
])
def test_local_schema_objects_are_refused(cur, emu, sql, says):
    with pytest.raises(dbapi.NotSupportedError, match=says):
        cur.execute(sql)
    assert api_requests(emu) == []


def test_the_refusal_says_what_to_use_instead(cur):
    with pytest.raises(dbapi.NotSupportedError, match=r"CTE \(WITH name AS"):
        cur.execute("CREATE TEMP TABLE x (a)")


def test_ctes_and_subqueries_name_intermediate_results(cur, emu):
    live = sum(r["status"] == "in-progress" for r in emu.records)
    (n,) = cur.execute("WITH live AS (SELECT * FROM Conferences WHERE Status = 'in-progress') "
                       "SELECT COUNT(*) FROM live").fetchone()
    (m,) = cur.execute("SELECT COUNT(*) FROM (SELECT Sid FROM Conferences "
                       "WHERE Status = 'in-progress')").fetchone()
    assert n == m == live


def test_a_pooled_connection_never_carries_a_shadow_table(emulator):
    emulator.reset()
    engine = create_engine(emulator.url, pool_size=1, max_overflow=0)
    with engine.connect() as conn, pytest.raises(sa.exc.NotSupportedError):
        conn.execute(text("CREATE TEMP VIEW Conferences AS SELECT 'fake' AS Sid"))
    with engine.connect() as conn:  # the same pooled DB-API connection
        n = conn.execute(text("SELECT COUNT(*) FROM Conferences")).scalar_one()
        names = conn.execute(text("SELECT name FROM sqlite_temp_master")).all()
    engine.dispose()
    assert n == len(emulator.records)
    assert names == []


def test_pandas_to_sql_fails_instead_of_writing_a_throwaway_table(emulator):
    engine = create_engine(emulator.url)
    frame = pd.DataFrame({"a": [1, 2]})
    with pytest.raises(sa.exc.NotSupportedError, match="CREATE TABLE x is refused"):
        frame.to_sql("x", engine, index=False)
    engine.dispose()
