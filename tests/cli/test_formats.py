"""--format ndjson and parquet: every row, typed, written a batch at a time."""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import sys

import pyarrow.parquet as pq

from sqlalchemy_twilio.cli import main
from sqlalchemy_twilio.cli._output import FETCH_ROWS


def test_ndjson_is_one_object_a_line_for_every_row(capsys, emu):
    code = main(["--url", emu.url, "--format", "ndjson",
                 "SELECT Sid, Name, DateCreated, Status FROM Conferences"])
    lines = capsys.readouterr().out.splitlines()
    assert code == 0 and len(lines) == len(emu.records)
    rows = [json.loads(line) for line in lines]
    by_sid = {r["sid"]: r for r in emu.records}
    assert {r["Sid"] for r in rows} == set(by_sid)
    first = rows[0]
    assert first["Name"] == by_sid[first["Sid"]]["friendly_name"]
    assert dt.datetime.fromisoformat(first["DateCreated"]).tzinfo is not None


def test_parquet_holds_every_row_typed_in_row_groups_of_one_batch(tmp_path, capsys, emu):
    path = tmp_path / "conferences.parquet"
    code = main(["--url", emu.url, "--format", "parquet", "--output", str(path),
                 "SELECT Sid, Status, DateCreated, length(Name) AS name_length "
                 "FROM Conferences"])
    assert code == 0, capsys.readouterr().err
    parquet = pq.ParquetFile(path)
    # Written as it was read: a row group per batch, never the whole result at once.
    assert parquet.metadata.num_rows == len(emu.records)
    assert parquet.metadata.num_row_groups == -(-len(emu.records) // FETCH_ROWS)
    table = parquet.read()
    schema = {f.name: str(f.type) for f in table.schema}
    assert schema == {"Sid": "string", "Status": "string",
                      "DateCreated": "timestamp[us, tz=UTC]", "name_length": "int64"}
    rows = {r["Sid"]: r for r in table.to_pylist()}
    for record in emu.records:
        row = rows[record["sid"]]
        assert row["Status"] == record["status"]
        assert row["name_length"] == len(record["friendly_name"])


def test_parquet_to_stdout_when_it_is_not_a_terminal(emu):
    result = subprocess.run(
        [sys.executable, "-m", "sqlalchemy_twilio.cli", "--url", emu.url, "--format",
         "parquet", "SELECT CallSid, Muted, QueueTime FROM ConferenceParticipants"],
        capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr
    table = pq.read_table(io.BytesIO(result.stdout))
    assert [str(f.type) for f in table.schema] == ["string", "bool", "int64"]
    participants = emu.table("/Conferences/{ConferenceSid}/Participants.json")
    calls = sorted(p["call_sid"] for p in participants)
    assert sorted(table.column("CallSid").to_pylist()) == calls


def test_an_empty_result_is_a_parquet_file_with_its_columns(tmp_path, capsys, emu):
    path = tmp_path / "none.parquet"
    assert main(["--url", emu.url, "--format", "parquet", "-o", str(path),
                 "SELECT Sid, Duration FROM Calls WHERE Sid = 'CA" + "0" * 32 + "'"]) == 0
    table = pq.read_table(path)
    assert table.num_rows == 0 and table.schema.names == ["Sid", "Duration"]


def test_without_pyarrow_the_error_names_the_extra(tmp_path, capsys, emu, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    code = main(["--url", emu.url, "--format", "parquet", "-o", str(tmp_path / "x.parquet"),
                 "SELECT Sid FROM Conferences"])
    err = capsys.readouterr().err
    assert code == 1
    assert "pip install 'sqlalchemy-twilio[parquet]'" in err and err.count("\n") == 1
