"""Reflection comes from the declarations: no connection, no request, every method on 1.4/2.x."""

from __future__ import annotations

import pytest
from sqlalchemy import JSON, Column, MetaData, String, Table
from sqlalchemy import exc as sa_exc
from sqlalchemy.dialects import registry
from sqlalchemy.pool import QueuePool

from sqlalchemy_twilio.dialect import TwilioDateTime, TwilioDialect
from sqlalchemy_twilio.resources import CONFERENCES, RESOURCES

DIALECT = TwilioDialect()


def test_registered_under_twilio():
    assert registry.load("twilio") is TwilioDialect
    assert TwilioDialect.name == "twilio" and TwilioDialect.supports_statement_cache


def test_schema_and_table_names():
    assert DIALECT.get_schema_names(None) == ["main"]
    assert DIALECT.get_table_names(None) == sorted(RESOURCES)
    assert "Conferences" in DIALECT.get_table_names(None)
    assert DIALECT.get_table_names(None, schema="main") == sorted(RESOURCES)
    assert DIALECT.get_table_names(None, schema="other") == []
    # Superset's call shape.
    assert DIALECT.get_view_names(connection=None, schema="main") == []
    assert DIALECT.get_temp_table_names(None) == []
    assert DIALECT.get_sequence_names(None) == []


@pytest.mark.parametrize("name", ["Conferences", "conferences", "CONFERENCES"])
def test_has_table_is_case_insensitive(name):
    assert DIALECT.has_table(None, name)
    assert DIALECT.has_table(None, name, schema="main")


def test_unknown_table_or_schema():
    assert not DIALECT.has_table(None, "Callz")
    assert not DIALECT.has_table(None, "Conferences", schema="temp")
    for method in (DIALECT.get_columns, DIALECT.get_pk_constraint, DIALECT.get_foreign_keys,
                   DIALECT.get_indexes, DIALECT.get_unique_constraints,
                   DIALECT.get_check_constraints, DIALECT.get_table_comment):
        with pytest.raises(sa_exc.NoSuchTableError):
            method(None, "Callz")
        with pytest.raises(sa_exc.NoSuchTableError):
            method(None, "Conferences", schema="temp")
    with pytest.raises(sa_exc.NoSuchTableError):
        DIALECT.get_view_definition(None, "Conferences")


def test_columns_follow_the_declaration():
    cols = DIALECT.get_columns(None, "Conferences", schema="main", info_cache={})
    assert [c["name"] for c in cols] == list(CONFERENCES.column_names)
    by_name = {c["name"]: c for c in cols}
    assert isinstance(by_name["DateCreated"]["type"], TwilioDateTime)
    assert isinstance(by_name["SubresourceUris"]["type"], JSON)
    assert type(by_name["Name"]["type"]) is String
    assert by_name["Sid"]["nullable"] is False and by_name["Name"]["nullable"] is True
    for declared in CONFERENCES.columns:
        col = by_name[declared.name]
        assert col["comment"] == declared.description
        assert col["dialect_options"] == {"twilio_readonly": declared.readonly,
                                          "twilio_hidden": False}
        assert col["default"] is None and col["autoincrement"] is False


def test_constraints_and_comment():
    assert DIALECT.get_pk_constraint(None, "Conferences") == {
        "constrained_columns": ["Sid"], "name": None}
    assert DIALECT.get_foreign_keys(None, "Conferences") == []
    assert DIALECT.get_indexes(None, "Conferences") == []
    assert DIALECT.get_unique_constraints(None, "Conferences") == []
    assert DIALECT.get_check_constraints(None, "Conferences") == []
    assert DIALECT.get_table_comment(None, "Conferences") == {"text": CONFERENCES.description}
    assert DIALECT.get_table_options(None, "Conferences") == {}


def test_empty_methods_say_why():
    for method in ("get_foreign_keys", "get_indexes", "get_unique_constraints",
                   "get_check_constraints", "get_view_names", "get_sequence_names"):
        assert getattr(TwilioDialect, method).__doc__, method


def test_readonly_is_a_dialect_option():
    col = Column("Name", String, twilio_readonly=True)
    assert col.dialect_options["twilio"]["readonly"] is True
    assert Column("Status", String).dialect_options["twilio"]["readonly"] is None
    with pytest.raises(sa_exc.ArgumentError):
        Column("Name", String, twilio_read_only=True)


def test_reflected_shape_carries_readonly_flags():
    t = Table("Conferences", MetaData())
    for col in DIALECT.get_columns(None, "Conferences"):
        t.append_column(Column(col["name"], col["type"], **col["dialect_options"]))
    flags = {c.name: c.dialect_options["twilio"]["readonly"] for c in t.columns}
    assert [n for n, readonly in flags.items() if not readonly] == ["Status"]


def test_driver_hooks():
    from sqlalchemy_twilio import dbapi

    assert TwilioDialect.import_dbapi() is dbapi and TwilioDialect.dbapi() is dbapi
    assert TwilioDialect.get_pool_class(None) is QueuePool
    assert DIALECT.get_isolation_level(None) == "AUTOCOMMIT"
    assert DIALECT.get_default_isolation_level(None) == "AUTOCOMMIT"
    assert DIALECT.get_isolation_level_values(None) == ["AUTOCOMMIT"]
    DIALECT.set_isolation_level(None, "AUTOCOMMIT")
    with pytest.raises(sa_exc.ArgumentError, match="Twilio has no transactions"):
        DIALECT.set_isolation_level(None, "SERIALIZABLE")


def test_create_connect_args():
    from sqlalchemy.engine import make_url

    ac = "AC" + "0" * 32
    args, kwargs = DIALECT.create_connect_args(make_url(f"twilio://{ac}:token@/?page_size=10"))
    assert args == []
    assert kwargs == {"account_sid": ac, "username": ac, "password": "token", "page_size": 10}
