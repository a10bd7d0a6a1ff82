"""The datetime type: binds render like SQLite's stored text; results are aware UTC."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Column, DateTime, MetaData, String, Table, func, literal, select
from sqlalchemy.dialects import sqlite

from sqlalchemy_twilio.dialect import TwilioDateTime, TwilioDialect
from sqlalchemy_twilio.dialect.types import from_sql_value, to_sql_text

DIALECT = TwilioDialect()
UTC = dt.timezone.utc
PLUS2 = dt.timezone(dt.timedelta(hours=2))
MINUS5 = dt.timezone(dt.timedelta(hours=-5))


@pytest.mark.parametrize(("value", "text"), [
    (dt.datetime(2025, 3, 4, 10, 0, 0), "2025-03-04 10:00:00"),
    (dt.datetime(2025, 3, 4, 10, 0, 0, tzinfo=UTC), "2025-03-04 10:00:00"),
    (dt.datetime(2025, 3, 4, 10, 0, 0, tzinfo=PLUS2), "2025-03-04 08:00:00"),
    (dt.datetime(2025, 3, 4, 22, 30, 0, tzinfo=MINUS5), "2025-03-05 03:30:00"),
    (dt.datetime(2025, 3, 4, 10, 0, 0, 500), "2025-03-04 10:00:00.000500"),
    (dt.datetime(2025, 3, 4, 10, 0, 0, 123456, tzinfo=UTC), "2025-03-04 10:00:00.123456"),
    (dt.date(2025, 3, 4), "2025-03-04 00:00:00"),
    ("2025-03-04", "2025-03-04"),
    (None, None),
])
def test_bind_text(value, text):
    assert to_sql_text(value) == text
    assert TwilioDateTime().bind_processor(DIALECT)(value) == text


@pytest.mark.parametrize(("value", "expected"), [
    ("2025-03-04 10:00:00", dt.datetime(2025, 3, 4, 10, tzinfo=UTC)),
    ("2025-03-04 10:00:00.5", dt.datetime(2025, 3, 4, 10, 0, 0, 500000, tzinfo=UTC)),
    ("2025-03-04 10:00:00.123", dt.datetime(2025, 3, 4, 10, 0, 0, 123000, tzinfo=UTC)),
    ("2025-03-04T10:00:00Z", dt.datetime(2025, 3, 4, 10, tzinfo=UTC)),
    ("2025-03-04T12:00:00+02:00", dt.datetime(2025, 3, 4, 10, tzinfo=UTC)),
    ("2025-03-04 10:00", dt.datetime(2025, 3, 4, 10, tzinfo=UTC)),
    ("2025-03-01", dt.datetime(2025, 3, 1, tzinfo=UTC)),
    (dt.datetime(2025, 3, 4, 10), dt.datetime(2025, 3, 4, 10, tzinfo=UTC)),
    (dt.datetime(2025, 3, 4, 12, tzinfo=PLUS2), dt.datetime(2025, 3, 4, 10, tzinfo=UTC)),
    (None, None),
])
def test_results_are_aware_utc(value, expected):
    result = TwilioDateTime().result_processor(DIALECT, None)(value)
    assert result == expected
    if expected is not None:
        assert result.tzinfo == UTC


def test_result_text_that_is_not_a_datetime_is_an_error():
    with pytest.raises(ValueError, match="not a datetime"):
        from_sql_value("2025-13")


def conferences() -> Table:
    return Table("Conferences", MetaData(), Column("Sid", String, primary_key=True),
                 Column("DateCreated", DateTime))


@pytest.mark.parametrize(("value", "rendered"), [
    (dt.datetime(2025, 3, 4, 10), "'2025-03-04 10:00:00'"),
    (dt.datetime(2025, 3, 4, 10, tzinfo=PLUS2), "'2025-03-04 08:00:00'"),
    (dt.datetime(2025, 3, 4, 10, 0, 0, 500, tzinfo=UTC), "'2025-03-04 10:00:00.000500'"),
])
def test_hand_declared_datetime_renders_like_stored_text(value, rendered):
    t = conferences()
    stmt = select(t.c.Sid).where(t.c.DateCreated >= value)
    literal_sql = str(stmt.compile(dialect=DIALECT, compile_kwargs={"literal_binds": True}))
    assert literal_sql.endswith(f'"Conferences"."DateCreated" >= {rendered}')
    compiled = stmt.compile(dialect=DIALECT)
    (name,) = compiled.params
    processor = compiled._bind_processors[name]
    assert f"'{processor(compiled.params[name])}'" == rendered


def test_stock_sqlite_would_render_a_fraction():
    # Why the type exists: SQLite's own DATETIME makes `>= t` miss a record stored at t.
    t = conferences()
    stmt = select(t.c.Sid).where(t.c.DateCreated >= dt.datetime(2025, 3, 4, 10))
    compiled = stmt.compile(dialect=sqlite.dialect())
    (name,) = compiled.params
    assert compiled._bind_processors[name](compiled.params[name]).endswith(".000000")


def test_colspecs_adapt_every_datetime():
    assert isinstance(DateTime().dialect_impl(DIALECT), TwilioDateTime)
    assert isinstance(sqlite.DATETIME().dialect_impl(DIALECT), TwilioDateTime)
    assert isinstance(TwilioDateTime().dialect_impl(DIALECT), TwilioDateTime)
    assert TwilioDateTime().timezone and TwilioDateTime(timezone=False).timezone


def test_expression_typed_as_datetime():
    t = conferences()
    stmt = select(func.max(t.c.DateCreated))
    assert isinstance(stmt.selected_columns[0].type, DateTime)
    lit = select(literal(dt.datetime(2025, 1, 1, tzinfo=PLUS2), TwilioDateTime()))
    assert "'2024-12-31 22:00:00'" in str(
        lit.compile(dialect=DIALECT, compile_kwargs={"literal_binds": True}))


def test_ddl_type_name():
    assert TwilioDateTime().compile(dialect=DIALECT) == "DATETIME"
