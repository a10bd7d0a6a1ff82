"""Writes Twilio does not allow fail when compiled, for reflected and hand-declared tables."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import (
    Column,
    DateTime,
    Index,
    MetaData,
    String,
    Table,
    UniqueConstraint,
    bindparam,
    column,
    delete,
    func,
    insert,
    null,
    select,
    update,
)
from sqlalchemy import table as table_clause
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import CompileError
from sqlalchemy.schema import (
    AddConstraint,
    CreateIndex,
    CreateTable,
    DropIndex,
    DropTable,
    SetTableComment,
)

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


# -- every way SQLAlchemy can say which columns an UPDATE sets ---------------------------------


def keyed_table() -> Table:
    """Declared by hand, lower-case, with Python keys that differ from the column names."""
    return Table("conferences", MetaData(), Column("Sid", String, key="sid", primary_key=True),
                 Column("Status", String, key="status"), Column("Name", String, key="name"))


def test_keys_differ_from_names():
    t = keyed_table()
    sql = str(update(t).values(status="completed").compile(dialect=DIALECT))
    assert sql.startswith('UPDATE conferences SET "Status"=?')
    with pytest.raises(CompileError, match="Conferences.Name is read-only"):
        update(t).values(name="x").compile(dialect=DIALECT)
    with pytest.raises(CompileError, match="Conferences.Name is read-only"):
        update(t).values({t.c.name: "x"}).compile(dialect=DIALECT)


def test_ordered_values(table):
    with pytest.raises(CompileError, match="Conferences.Name is read-only"):
        update(table).ordered_values((table.c.Status, "completed"),
                                     (table.c.Name, "x")).compile(dialect=DIALECT)
    with pytest.raises(CompileError, match="not 'init'"):
        update(table).ordered_values((table.c.Status, "init")).compile(dialect=DIALECT)


def test_values_supplied_at_execution(table):
    # What the ORM's flush and conn.execute(update(t), {"Name": ...}) compile.
    stmt = update(table).where(table.c.Sid == bindparam("sid"))
    with pytest.raises(CompileError, match="Conferences.Name is read-only"):
        stmt.compile(dialect=DIALECT, column_keys=["Name", "sid"])
    compiled = stmt.compile(dialect=DIALECT, column_keys=["Status", "sid"])
    assert compiled.twilio_write_checks == (("Status", "Status"),)


def test_explicit_bindparam_is_checked_at_execution(table):
    compiled = update(table).values(Status=bindparam("new")).compile(dialect=DIALECT)
    assert compiled.twilio_resource == "Conferences"
    assert compiled.twilio_write_checks == (("Status", "new"),)


def test_literal_values_are_checked_again_at_execution(table):
    # The compiled form is cached without its values: the context re-checks them.
    compiled = update(table).values(Status="completed").compile(dialect=DIALECT)
    ((column, bind_name),) = compiled.twilio_write_checks
    assert column == "Status" and compiled.construct_params()[bind_name] == "completed"


@pytest.mark.parametrize("value", [None, null(), "Completed", "in-progress"])
def test_status_values_other_than_completed(table, value):
    with pytest.raises(CompileError, match=r"Conferences.Status can only be set to 'completed'"):
        update(table).values(Status=value).compile(dialect=DIALECT)


def test_status_from_an_expression_is_left_to_the_driver(table):
    sql = str(update(table).values(Status=func.lower("COMPLETED")).compile(dialect=DIALECT))
    assert "lower" in sql


def test_several_read_only_columns_are_named_together(table):
    t = reflected_shape()
    with pytest.raises(CompileError, match=r"Conferences.Name, Conferences.Region are read-only"):
        update(t).values(Name="x", Region="us1").compile(dialect=DIALECT)


def test_columns_twilio_does_not_have():
    t = Table("Conferences", MetaData(), Column("Sid", String, primary_key=True),
              Column("Notes", String))
    with pytest.raises(CompileError, match="Conferences has no column Notes"):
        update(t).values(Notes="x").compile(dialect=DIALECT)


def test_onupdate_default_on_a_read_only_column():
    t = Table("Conferences", MetaData(), Column("Sid", String, primary_key=True),
              Column("Status", String),
              Column("DateUpdated", DateTime, onupdate=dt.datetime.now))
    with pytest.raises(CompileError, match="Conferences.DateUpdated is read-only"):
        update(t).values(Status="completed").compile(dialect=DIALECT)


def test_lightweight_table_clause():
    t = table_clause("Conferences", column("Sid"), column("Name"), column("Status"))
    with pytest.raises(CompileError, match="Conferences.Name is read-only"):
        update(t).values(Name="x").compile(dialect=DIALECT)
    with pytest.raises(CompileError, match="to be deleted"):
        delete(t).compile(dialect=DIALECT)


def test_insert_from_select_and_upsert_are_refused(table):
    with pytest.raises(CompileError, match="to be added"):
        insert(table).from_select(["Sid"], select(table.c.Sid)).compile(dialect=DIALECT)
    upsert = sqlite_insert(table).values(Sid="x").on_conflict_do_nothing()
    with pytest.raises(CompileError, match="to be added"):
        upsert.compile(dialect=DIALECT)


def test_same_name_in_another_schema_is_not_twilios():
    t = Table("Conferences", MetaData(), Column("x", String), schema="temp")
    assert str(delete(t).compile(dialect=DIALECT)).startswith('DELETE FROM "temp"."Conferences"')


def test_where_clause_and_select_are_plain_sqlite(table):
    stmt = update(table).where(table.c.Status == "in-progress").values(Status="completed")
    assert str(stmt.compile(dialect=DIALECT)) == (
        'UPDATE "Conferences" SET "Status"=? WHERE "Conferences"."Status" = ?')
    sql = str(select(table.c.Sid).where(table.c.Name.like("a%")).limit(5).compile(
        dialect=DIALECT))
    assert "LIKE ?" in sql and "LIMIT ?" in sql


def test_index_constraint_and_comment_ddl_are_refused(table):
    index = Index("ix_name", table.c.Name)
    with pytest.raises(CompileError, match="schema is fixed"):
        CreateIndex(index).compile(dialect=DIALECT)
    with pytest.raises(CompileError, match="schema is fixed"):
        DropIndex(index).compile(dialect=DIALECT)
    with pytest.raises(CompileError, match="schema is fixed"):
        SetTableComment(table).compile(dialect=DIALECT)
    constraint = UniqueConstraint(table.c.Name, name="uq")
    with pytest.raises(CompileError, match="schema is fixed"):
        AddConstraint(constraint).compile(dialect=DIALECT)
