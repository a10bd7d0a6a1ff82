"""The declarations: what each table is, generated from Twilio's spec, validated when built."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from sqlalchemy_twilio.resources import (
    CONFERENCE_PARTICIPANTS,
    CONFERENCE_RECORDINGS,
    CONFERENCES,
    RESOURCES,
    Column,
    ColumnType,
    PathParam,
    Pushdown,
    PushdownKind,
    Resource,
    Write,
    check_links,
)
from sqlalchemy_twilio.resources._timefmt import rfc2822_to_sql

ROOT = Path(__file__).resolve().parents[2]


def test_conferences_keep_their_names_and_order():
    assert [(c.name, c.field) for c in CONFERENCES.columns] == [
        ("Sid", "sid"), ("AccountSid", "account_sid"), ("DateCreated", "date_created"),
        ("DateUpdated", "date_updated"), ("ApiVersion", "api_version"),
        ("Name", "friendly_name"), ("Region", "region"), ("Status", "status"), ("Uri", "uri"),
        ("SubresourceUris", "subresource_uris"),
        ("ReasonConferenceEnded", "reason_conference_ended"),
        ("CallSidEndingConference", "call_sid_ending_conference")]
    assert [c.name for c in CONFERENCES.writable_columns] == ["Status"]
    assert CONFERENCES.column("status").update == Write("Status", ("completed",))
    assert CONFERENCES.key == ("Sid",)
    assert not CONFERENCES.allows("create") and not CONFERENCES.allows("delete")


def test_participants_as_the_issue_names_them():
    visible = [c.name for c in CONFERENCE_PARTICIPANTS.visible_columns]
    assert visible == ["AccountSid", "CallSid", "Label", "CallSidToCoach", "Coaching",
                       "ConferenceSid", "DateCreated", "DateUpdated", "EndConferenceOnExit",
                       "Muted", "Hold", "StartConferenceOnEnter", "Status", "QueueTime", "Uri"]
    assert CONFERENCE_PARTICIPANTS.key == ("ConferenceSid", "CallSid")
    kinds = {c.name: c.type for c in CONFERENCE_PARTICIPANTS.columns}
    assert {n for n, k in kinds.items() if k is ColumnType.BOOLEAN} >= {
        "Coaching", "EndConferenceOnExit", "Muted", "Hold", "StartConferenceOnEnter"}
    assert kinds["QueueTime"] is ColumnType.INTEGER
    updates = {c.name for c in CONFERENCE_PARTICIPANTS.writable("update")}
    assert updates >= {"Muted", "Hold", "Coaching", "CallSidToCoach", "EndConferenceOnExit",
                       "AnnounceUrl", "HoldUrl", "WaitUrl", "BeepOnExit"}
    hidden = {c.name for c in CONFERENCE_PARTICIPANTS.columns if c.hidden}
    assert {"From", "To", "AnnounceUrl", "HoldUrl", "WaitUrl", "BeepOnExit"} <= hidden
    assert CONFERENCE_PARTICIPANTS.create.required == (("From",), ("To",))
    assert CONFERENCE_PARTICIPANTS.delete
    pushed = {(p.column, p.kind) for p in CONFERENCE_PARTICIPANTS.pushdowns}
    assert pushed == {(n, PushdownKind.BOOLEAN) for n in ("Muted", "Hold", "Coaching")}


def test_conference_recordings_as_the_issue_names_them():
    assert [c.name for c in CONFERENCE_RECORDINGS.visible_columns] == [
        "AccountSid", "ApiVersion", "CallSid", "ConferenceSid", "DateCreated", "DateUpdated",
        "StartTime", "Duration", "Sid", "Price", "PriceUnit", "Status", "Channels", "Source",
        "ErrorCode", "EncryptionDetails", "Uri"]
    kinds = {c.name: c.type for c in CONFERENCE_RECORDINGS.columns}
    assert (kinds["Duration"], kinds["Price"], kinds["EncryptionDetails"]) == (
        ColumnType.INTEGER, ColumnType.DECIMAL, ColumnType.JSON)
    assert CONFERENCE_RECORDINGS.key == ("Sid",)
    assert CONFERENCE_RECORDINGS.column("Status").update.allowed == (
        "paused", "in-progress", "stopped")
    assert CONFERENCE_RECORDINGS.column("PauseBehavior").hidden
    assert CONFERENCE_RECORDINGS.delete and not CONFERENCE_RECORDINGS.allows("create")


def test_no_credential_is_a_column():
    for resource in RESOURCES.values():
        for column in resource.columns:
            assert not re.search(r"(?i)password|secret|auth_?token", column.name), column
            assert not re.search(r"(?i)password|secret|auth_?token", column.field or "")


def test_every_path_parameter_has_a_pattern_and_a_column():
    for resource in RESOURCES.values():
        for p in resource.path_params:
            assert resource.has_column(p.column)
            assert re.compile(p.pattern).fullmatch("x") is None


def test_one_builder_makes_every_path_and_refuses_bad_values():
    sid, cf, ca = "AC" + "1" * 32, "CF" + "2" * 32, "CA" + "3" * 32
    path = CONFERENCE_PARTICIPANTS.path(CONFERENCE_PARTICIPANTS.instance_path,
                                        {"AccountSid": sid, "ConferenceSid": cf, "CallSid": ca})
    assert path == f"/2010-04-01/Accounts/{sid}/Conferences/{cf}/Participants/{ca}.json"
    for bad in ("../x", cf + "/", "CF" + "g" * 32, None, 7):
        assert CONFERENCE_PARTICIPANTS.path(CONFERENCE_PARTICIPANTS.list_path,
                                            {"AccountSid": sid, "ConferenceSid": bad}) is None
    assert CONFERENCE_PARTICIPANTS.path(CONFERENCE_PARTICIPANTS.list_path,
                                        {"AccountSid": "AC" + "1" * 31}) is None


def test_every_record_field_of_the_emulator_becomes_a_column(emu):
    record = emu.records[0]
    assert set(record) == {c.field for c in CONFERENCES.columns}


def test_row_conversion(emu):
    record = emu.records[0]
    row = CONFERENCES.row_from_record(record)
    assert row[0] == record["sid"]
    assert row[2] == rfc2822_to_sql(record["date_created"])
    assert json.loads(row[9]) == record["subresource_uris"]


@pytest.mark.parametrize(("kind", "value", "stored"), [
    (ColumnType.INTEGER, "15", 15), (ColumnType.INTEGER, "", None), (ColumnType.INTEGER, 3, 3),
    (ColumnType.DECIMAL, "-0.00750", -0.0075), (ColumnType.DECIMAL, None, None),
    (ColumnType.DECIMAL, "", None), (ColumnType.DECIMAL, "12", 12),
    (ColumnType.BOOLEAN, True, 1), (ColumnType.BOOLEAN, False, 0),
    (ColumnType.BOOLEAN, "true", 1), (ColumnType.BOOLEAN, None, None),
    (ColumnType.DATETIME, "Fri, 18 Feb 2011 19:26:50 +0000", "2011-02-18 19:26:50"),
    (ColumnType.DATETIME, "2019-06-24T22:32:49+00:00", "2019-06-24 22:32:49"),
    (ColumnType.DATETIME, "", None),
    (ColumnType.DATE, "2024-01-31", "2024-01-31"), (ColumnType.DATE, "", None),
    (ColumnType.JSON, {"a": "b"}, '{"a":"b"}'), (ColumnType.JSON, [1, 2], "[1,2]"),
    (ColumnType.TEXT, "", ""), (ColumnType.TEXT, {"x": 1}, '{"x":1}'), (ColumnType.TEXT, 5, "5"),
    (ColumnType.DECIMAL, "0.0", 0), (ColumnType.DECIMAL, 2.5, 2.5),
])
def test_values_become_sqlite_values(kind, value, stored):
    resource = Resource("T", "t", "T", (Column("A", "a", kind, "a"),), (), "/l.json", "t", ())
    assert resource.row_from_record({"a": value}) == (stored,)


@pytest.mark.parametrize(("text", "sql"), [
    ("Fri, 18 Feb 2011 19:26:50 +0000", "2011-02-18 19:26:50"),
    ("Fri, 8 Feb 2011 00:00:00 +0000", "2011-02-08 00:00:00"),
    ("Fri, 18 Feb 2011 01:26:50 +0200", "2011-02-17 23:26:50"),
])
def test_rfc2822_to_sqlite_text(text, sql):
    assert rfc2822_to_sql(text) == sql


ACCOUNT = PathParam("AccountSid", "AccountSid", r"AC[0-9a-fA-F]{32}")
A = Column("A", "a", ColumnType.TEXT, "a")


@pytest.mark.parametrize(("kwargs", "says"), [
    ({"key": ("B",)}, "key 'B' is not a column"),
    ({"list_path": "/x/{Other}.json"}, "undeclared parameter 'Other'"),
    ({"path_params": (PathParam("AccountSid", "Nope", "AC.*"),)}, "fills unknown column"),
    ({"path_params": (PathParam("AccountSid", "A", "("),)}, "bad pattern"),
    ({"pushdowns": (Pushdown("A", PushdownKind.DAY_RANGE, "A"),)}, "needs a DATETIME column"),
    ({"pushdowns": (Pushdown("Z", PushdownKind.EQUALS, "Z"),)}, "unknown column 'Z'"),
    ({"columns": (A, Column("a", "b", ColumnType.TEXT, "b"))}, "duplicate column names"),
    ({"columns": (A, Column("H", "h", ColumnType.TEXT, "h", hidden=True))}, "has a field"),
    ({"columns": (Column("A", "a", ColumnType.BOOLEAN, "a",
                         update=Write("A", ("maybe",))),)}, "allows 'maybe'"),
    ({"columns": (Column("A", "a", ColumnType.TEXT, "a", update=Write("A")),)},
     "needs an instance path"),
    ({"columns": (Column("A", "a", ColumnType.INTEGER, "a", enum=("x",)),)}, "not text"),
])
def test_inconsistent_declarations_are_refused(kwargs, says):
    base = dict(name="T", description="t", model="T", columns=(A,), key=("A",),
                list_path="/2010-04-01/Accounts/{AccountSid}/T.json", list_key="t",
                path_params=(PathParam("AccountSid", "A", r"AC[0-9a-fA-F]{32}"),))
    with pytest.raises(ValueError, match=re.escape(says)):
        Resource(**{**base, **kwargs})


def test_links_between_tables_are_checked():
    broken = {**RESOURCES, "ConferenceParticipants": CONFERENCE_PARTICIPANTS}
    broken.pop("Conferences")
    with pytest.raises(ValueError, match="unknown table 'Conferences'"):
        check_links(broken)


def test_the_committed_declarations_are_what_the_generator_writes():
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "generate_resources.py"),
                             "--check"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr



SPEC_FILE = ROOT / "sqlalchemy_twilio" / "emulator" / "spec" / "twilio_api_v2010.json"


def spec_lists(spec: dict) -> set[str]:
    """Every paged list resource of a spec: a GET answering a titled object that holds an
    array of records."""
    found = set()
    for path, item in spec["paths"].items():
        answer = item.get("get", {}).get("responses", {}).get("200", {}).get(
            "content", {}).get("application/json", {}).get("schema", {})
        if "title" in answer and any(v.get("type") == "array"
                                     for v in answer.get("properties", {}).values()):
            found.add(path)
    return found


def uncovered(spec: dict) -> list[str]:
    return sorted(spec_lists(spec) - {r.list_path for r in RESOURCES.values()})


def test_every_list_resource_of_the_spec_is_a_table():
    spec = json.loads(SPEC_FILE.read_text(encoding="utf-8"))
    assert len(spec_lists(spec)) >= 60
    assert uncovered(spec) == []
    assert sorted({r.list_path for r in RESOURCES.values()} - spec_lists(spec)) == []
    assert "/2010-04-01/Accounts/{AccountSid}/Balance.json" not in spec_lists(spec)


def test_a_list_the_spec_gains_is_a_failure_until_a_table_covers_it():
    spec = json.loads(SPEC_FILE.read_text(encoding="utf-8"))
    new = "/2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}/Siprec.json"
    spec["paths"][new] = spec["paths"][
        "/2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}/Events.json"]
    assert uncovered(spec) == [new]
