"""Writes Twilio does not allow fail when compiled, for reflected and hand-declared tables."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Column, DateTime, MetaData, String, Table, delete, insert, select, update
from sqlalchemy.exc import CompileError
from sqlalchemy.schema import CreateTable, DropTable

from sqlalchemy_twilio.dialect import TwilioDialect

DIALECT = TwilioDialect()


def hand_declared() -> Table:
    return Table("Conferences", MetaData(), Column("Sid", String, primary_key=True),
                 Column("Name", String), Column("Status", String),
                 Column("DateCreated", DateTime(timezone=True)))


def reflected_shape() -> Table:
    md = MetaData()
    t = Table("Conferences", md)
    for col in DIALECT.get_columns(None, "Conferences"):
        t.append_column(Column(col["name"], col["type"], comment=col["comment"],
                               **col["dialect_options"]))
    return t


@pytest.fixture(params=[hand_declared, reflected_shape], ids=["by-hand", "reflected"])
def table(request):
    return request.param()


def test_update_of_read_only_column(table):
    with pytest.raises(CompileError, match="Conferences.Name is read-only"):
        update(table).values(Name="x").compile(dialect=DIALECT)


def test_update_of_status_to_other_value(table):
    with pytest.raises(CompileError, match="not 'init'"):
        update(table).values(Status="init").compile(dialect=DIALECT)


def test_update_of_status_to_completed_compiles(table):
    sql = str(update(table).where(table.c.Sid == "x").values(Status="completed").compile(
        dialect=DIALECT))
    assert sql.startswith('UPDATE "Conferences" SET "Status"=?')


def test_insert_and_delete(table):
    with pytest.raises(CompileError, match="Twilio does not allow Conferences to be added"):
        insert(table).values(Sid="x").compile(dialect=DIALECT)
    with pytest.raises(CompileError, match="Twilio does not allow Conferences to be deleted"):
        delete(table).compile(dialect=DIALECT)


def test_ddl_is_refused(table):
    with pytest.raises(CompileError, match="schema is fixed"):
        CreateTable(table).compile(dialect=DIALECT)
    with pytest.raises(CompileError, match="schema is fixed"):
        DropTable(table).compile(dialect=DIALECT)


def test_other_tables_are_left_alone():
    other = Table("scratch", MetaData(), Column("x", String))
    assert "INSERT INTO scratch" in str(insert(other).values(x="1").compile(dialect=DIALECT))


@pytest.mark.parametrize(("value", "rendered"), [
    (dt.datetime(2025, 3, 4, 10, 0, 0), "'2025-03-04 10:00:00'"),
    (dt.datetime(2025, 3, 4, 10, 0, 0, tzinfo=dt.timezone(dt.timedelta(hours=2))),
     "'2025-03-04 08:00:00'"),
    (dt.datetime(2025, 3, 4, 10, 0, 0, 500, tzinfo=dt.timezone.utc),
     "'2025-03-04 10:00:00.000500'"),
])
def test_datetime_binds_render_like_stored_text(value, rendered):
    t = reflected_shape()
    stmt = select(t.c.Sid).where(t.c.DateCreated >= value)
    compiled = stmt.compile(dialect=DIALECT, compile_kwargs={"literal_binds": True})
    assert f'"Conferences"."DateCreated" >= {rendered}' in str(compiled)
    processed = stmt.compile(dialect=DIALECT)
    params = processed.construct_params()
    processor = processed._bind_processors[next(iter(params))]
    assert f"'{processor(next(iter(params.values())))}'" == rendered
