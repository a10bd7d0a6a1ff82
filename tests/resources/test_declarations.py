"""The Conferences declaration and its pydantic models agree with the API's records."""

from __future__ import annotations

import datetime as dt
import json

import httpx
import pytest

from sqlalchemy_twilio.resources import (
    CONFERENCES,
    Column,
    ColumnType,
    ConferencePage,
    ConferenceRecord,
    Resource,
)
from sqlalchemy_twilio.resources._timefmt import rfc2822_to_sql


def test_columns_in_order_with_their_fields():
    assert [(c.name, c.field) for c in CONFERENCES.columns] == [
        ("Sid", "sid"), ("AccountSid", "account_sid"), ("DateCreated", "date_created"),
        ("DateUpdated", "date_updated"), ("ApiVersion", "api_version"),
        ("Name", "friendly_name"), ("Region", "region"), ("Status", "status"), ("Uri", "uri"),
        ("SubresourceUris", "subresource_uris"),
        ("ReasonConferenceEnded", "reason_conference_ended"),
        ("CallSidEndingConference", "call_sid_ending_conference")]
    assert [c.name for c in CONFERENCES.columns if not c.readonly] == ["Status"]
    assert CONFERENCES.column("status").writable_values == ("completed",)
    assert CONFERENCES.key == "Sid"


def test_every_record_field_becomes_a_column(emu):
    record = emu.records[0]
    assert set(record) == {c.field for c in CONFERENCES.columns}


def test_row_conversion(emu):
    record = emu.records[0]
    row = CONFERENCES.row_from_record(record)
    assert row[0] == record["sid"]
    assert row[2] == rfc2822_to_sql(record["date_created"])
    assert json.loads(row[9]) == record["subresource_uris"]


@pytest.mark.parametrize(("text", "sql"), [
    ("Fri, 18 Feb 2011 19:26:50 +0000", "2011-02-18 19:26:50"),
    ("Fri, 8 Feb 2011 00:00:00 +0000", "2011-02-08 00:00:00"),
    ("Fri, 18 Feb 2011 01:26:50 +0200", "2011-02-17 23:26:50"),
])
def test_rfc2822_to_sqlite_text(text, sql):
    assert rfc2822_to_sql(text) == sql


def test_models_parse_the_emulators_pages(emu):
    response = httpx.get(
        f"{emu.base_url}/2010-04-01/Accounts/{emu.account_sid}/Conferences.json",
        params={"PageSize": 3}, auth=(emu.account_sid, emu.auth_token))
    page = ConferencePage.model_validate(response.json())
    assert len(page.conferences) == 3 and page.next_page_uri
    first = page.conferences[0]
    assert isinstance(first, ConferenceRecord)
    assert first.date_created.tzinfo is not None
    assert first.date_created.utcoffset() == dt.timedelta(0)
    assert isinstance(first.subresource_uris, dict)


def test_models_tolerate_extra_and_null_fields():
    record = ConferenceRecord.model_validate(
        {"sid": "CF" + "0" * 32, "date_created": None, "region": None, "new_field": 1})
    assert record.date_created is None and record.model_extra == {"new_field": 1}


def test_declarations_are_validated():
    col = Column("A", "a", ColumnType.STRING, "a")
    with pytest.raises(ValueError, match="key"):
        Resource("T", "t", (col,), "B", "/l", "/f", "/u", "t", "x")
    with pytest.raises(ValueError, match="write_param"):
        Resource("T", "t", (Column("A", "a", ColumnType.STRING, "a", writable_values=("x",)),),
                 "A", "/l", "/f", "/u", "t", "x")
