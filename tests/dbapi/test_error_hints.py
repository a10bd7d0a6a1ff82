"""An unknown name gets a short hint naming what the statement's tables call things."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy import exc as sa_exc

from sqlalchemy_twilio import dbapi
from sqlalchemy_twilio.cli import main
from sqlalchemy_twilio.resources import RESOURCES
from tests.conftest import api_requests, settings

#: What "short" means: one line a terminal shows in about three rows.
LONGEST = 400


@pytest.fixture(scope="module")
def conn(emulator):
    with dbapi.connect(**settings(emulator)) as connection:
        yield connection


def error(conn, sql: str, kind: type[dbapi.Error] = dbapi.ProgrammingError) -> str:
    with pytest.raises(kind) as info:
        conn.cursor().execute(sql)
    message = str(info.value)
    assert len(message) <= LONGEST and "\n" not in message, message
    return message


def tables_named(message: str) -> set[str]:
    return set(re.findall(r"\w+", message)) & set(RESOURCES)


def listed(message: str) -> list[str]:
    """The column names the hint lists for one table, in its order."""
    names = message.partition("closest first: ")[2]
    return re.findall(r"\w+", names.partition("…")[0])


def column_names(table: str) -> set[str]:
    return {c.name for c in RESOURCES[table].columns}


# -- an unknown column -----------------------------------------------------------------------

@pytest.mark.parametrize("wrote", ["FriendlyName", "friendly_name", "FRIENDLYNAME"])
def test_the_api_field_name_points_to_the_column(conn, emu, wrote):
    message = error(conn, f"SELECT {wrote} FROM Conferences")
    assert message.startswith(f"no such column: {wrote} (did you mean Name? ")
    assert "Conferences.Name is Twilio's friendly_name" in message
    assert listed(message)[0] == "Name"
    assert set(listed(message)) <= column_names("Conferences")
    assert tables_named(message) == {"Conferences"}
    assert api_requests(emu) == []


def test_every_column_named_unlike_its_field_is_found_by_the_field(conn):
    renamed = [(r, c) for r in RESOURCES.values() for c in r.columns
               if c.field and c.field.replace("_", "").lower() != c.name.lower()]
    assert renamed  # Conferences.Name, at least
    for r, c in renamed:
        wrote = "".join(part.capitalize() for part in c.field.split("_"))
        message = error(conn, f"SELECT {wrote} FROM {r.name}")
        assert f"did you mean {c.name}?" in message
        assert listed(message)[0] == c.name


@pytest.mark.parametrize("table", ["Conferences", "Calls", "ConferenceParticipants"])
def test_a_typo_lists_the_meant_column_first(conn, table):
    for column in RESOURCES[table].columns:
        if len(column.name) < 5:
            continue
        typo = column.name[:2] + column.name[3:]  # one letter left out
        message = error(conn, f"SELECT {typo} FROM {table}")
        assert f"did you mean {column.name}?" in message
        assert listed(message)[0] == column.name
        assert set(listed(message)) <= column_names(table)
        assert tables_named(message) == {table}


def test_the_hint_lists_only_the_statements_tables(conn):
    message = error(conn, "SELECT Nmae FROM Conferences WHERE Status = 'init'")
    assert listed(message)[0] == "Name"
    # Other tables have a Name-like column (FriendlyName); none is shown.
    assert tables_named(message) == {"Conferences"}


def test_an_aliased_column_is_looked_up_in_its_table(conn):
    message = error(conn, "SELECT c.FriendlyName FROM Conferences AS c "
                          "JOIN ConferenceParticipants p ON p.ConferenceSid = c.Sid")
    assert message.startswith("no such column: c.FriendlyName (did you mean c.Name? ")
    assert set(listed(message)) <= column_names("Conferences")
    assert tables_named(message) == {"Conferences"}


def test_the_wrong_alias_points_to_the_table_that_has_the_column(conn):
    message = error(conn, "SELECT p.Name FROM Conferences c "
                          "JOIN ConferenceParticipants p ON p.ConferenceSid = c.Sid")
    assert "did you mean c.Name?" in message


def test_an_unqualified_column_in_a_join_lists_each_table(conn):
    message = error(conn, "SELECT FriendlyName, Label FROM Conferences c "
                          "JOIN ConferenceParticipants p ON p.ConferenceSid = c.Sid")
    assert "did you mean c.Name?" in message
    assert "Conferences (c): Name, " in message and "ConferenceParticipants (p): " in message
    assert tables_named(message) == {"Conferences", "ConferenceParticipants"}


def test_a_statement_naming_many_tables_stays_short(conn):
    tables = list(RESOURCES)[:12]
    joined = " JOIN ".join(f"{t} t{i}" for i, t in enumerate(tables))
    message = error(conn, f"SELECT Statsu FROM {joined}")
    assert "did you mean t" in message and ".Status?" in message
    assert tables_named(message) <= set(tables)


def test_a_column_missing_from_an_insert(conn, emu):
    message = error(conn, "INSERT INTO ConferenceParticipants (ConferenceSid, Lable) "
                          "VALUES ('CF00000000000000000000000000000000', 'x')")
    assert "has no column named Lable (did you mean Label? " in message
    assert tables_named(message) == {"ConferenceParticipants"}
    assert api_requests(emu) == []


def test_no_secret_and_no_literal_reaches_the_hint(conn, emulator):
    message = error(conn, f"SELECT FriendlyName FROM Conferences AS c "
                          f"WHERE Name = '{emulator.auth_token}'")
    assert emulator.auth_token not in message
    assert emulator.auth_token not in repr(message)


# -- a column named like a keyword -----------------------------------------------------------

@pytest.mark.parametrize(("sql", "column", "quoted"), [
    ("SELECT From FROM Calls", "From", 'SELECT "From" FROM Calls'),
    ("SELECT Sid FROM Calls WHERE To = '+15005550006'", "To",
     """SELECT Sid FROM Calls WHERE "To" = '+15005550006'"""),
    ("SELECT m.Sid FROM Messages m ORDER BY m.From", "From",
     'SELECT m.Sid FROM Messages m ORDER BY m."From"'),
])
def test_a_keyword_column_says_to_quote_it(conn, sql, column, quoted):
    message = error(conn, sql)
    assert message.startswith(f'near "{column}": syntax error')
    assert f"{column} is an SQL keyword" in message and f'quote it: "{column}"' in message
    conn.cursor().execute(quoted)  # doing what it says works


def test_the_keyword_hint_names_the_statements_table(conn):
    assert "the column Calls.From," in error(conn, "SELECT From FROM Calls")
    assert "the column Messages.From," in error(conn, "SELECT From FROM Messages")


def test_a_keyword_no_column_has_gets_no_hint(conn):
    assert error(conn, "SELECT Sid FROM Calls WHERE") == 'incomplete input'
    assert error(conn, "SELECT Order FROM Calls") == 'near "Order": syntax error'


# -- an unknown table ------------------------------------------------------------------------

@pytest.mark.parametrize("wrote", ["Confrences", "confrences", "CONFERENCE"])
def test_a_table_typo_gets_the_likeliest_tables(conn, wrote):
    message = error(conn, f"SELECT * FROM {wrote}")
    assert message.startswith(f"no such table: {wrote} (did you mean Conferences or ")
    assert f"twilio-sql --tables lists the {len(RESOURCES)} Twilio tables" in message


# -- through SQLAlchemy and the CLI ----------------------------------------------------------

def test_sqlalchemy_wraps_the_hint(emulator):
    engine = create_engine(emulator.url)
    try:
        with engine.connect() as c, pytest.raises(sa_exc.ProgrammingError) as info:
            c.execute(text("SELECT FriendlyName FROM Conferences"))
        assert isinstance(info.value.orig, dbapi.ProgrammingError)
        assert "did you mean Name?" in str(info.value.orig)
        with engine.connect() as c, pytest.raises(sa_exc.ProgrammingError) as info:
            c.execute(text("SELECT From FROM Calls"))
        assert 'quote it: "From"' in str(info.value.orig)
    finally:
        engine.dispose()


@pytest.mark.parametrize("explain", [False, True])
def test_the_cli_prints_one_short_line(capsys, emu, explain):
    code = main(["--url", emu.url, *(["--explain"] if explain else []),
                 "SELECT FriendlyName FROM Conferences"])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert err.startswith("twilio-sql: error: no such column: FriendlyName (did you mean Name?")
    assert err.count("\n") == 1 and len(err) <= LONGEST
    assert emu.auth_token not in err


# -- the manual shows what users see ---------------------------------------------------------

def test_the_readme_examples_are_the_messages(conn):
    readme = Path(__file__).resolve().parents[2] / "README.md"
    manual = readme.read_text(encoding="utf-8").partition("## When something goes wrong")[2]
    assert f"lists the {len(RESOURCES)} Twilio tables" in manual
    for sql in ["SELECT * FROM Conference", "SELECT Nmae FROM Conferences",
                "SELECT FriendlyName FROM Conferences", "SELECT From FROM Calls",
                "SELECT p.Name FROM Conferences c "
                "JOIN ConferenceParticipants p ON p.ConferenceSid = c.Sid"]:
        message = error(conn, sql)
        shown = next(m for m in re.findall(r"`([^`]*)`", manual)
                     if m.startswith(message.partition(" (")[0] + " ("))
        assert message.startswith(shown.partition("…")[0]), (shown, message)
