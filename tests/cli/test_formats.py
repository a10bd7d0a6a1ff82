"""--format ndjson and parquet: every row, typed, written a batch at a time; a column whose values
change type part-way, and exports that fail."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys

import pyarrow.parquet as pq
import pytest

from sqlalchemy_twilio import dbapi
from sqlalchemy_twilio.cli import main
from sqlalchemy_twilio.cli._output import FETCH_ROWS

from ..conftest import settings


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


# -- types that vary, and exports that fail --------------------------------------------------

#: Row numbers over the conferences: each batch of FETCH_ROWS rows is written before the next is
#: read, so what rows past the first batch hold comes after a row group is on disk.
NUMBERED = "(SELECT Sid, DateCreated, ROW_NUMBER() OVER (ORDER BY Sid) AS n FROM Conferences)"
LATE = FETCH_ROWS + 200


def test_an_expression_whose_values_change_type_widens_for_the_whole_file(tmp_path, capsys,
                                                                          emu):
    # Integers, then fractions; numbers, then words; NULL, then integers; numbers, then a
    # datetime's text — each change in a later batch than the first.
    sql = (f"SELECT Sid, CASE WHEN n > {LATE} THEN n + 0.5 ELSE n END AS mixed, "
           f"CASE WHEN n > {2 * LATE} THEN 'many' ELSE n END AS texty, "
           f"CASE WHEN n > {LATE} THEN n END AS late, "
           f"CASE WHEN n > {LATE} THEN DateCreated ELSE n END AS moment FROM {NUMBERED}")
    path = tmp_path / "mixed.parquet"
    assert main(["--url", emu.url, "--format", "parquet", "-o", str(path), sql]) == 0, \
        capsys.readouterr().err
    parquet = pq.ParquetFile(path)
    assert parquet.metadata.num_row_groups == -(-len(emu.records) // FETCH_ROWS)
    table = parquet.read()
    assert {f.name: str(f.type) for f in table.schema} == {
        "Sid": "string", "mixed": "double", "texty": "string", "late": "int64",
        "moment": "string"}
    with dbapi.connect(**settings(emu)) as conn:
        expected = conn.cursor().execute(sql).fetchall()
    as_text = {"texty", "moment"}
    got = [tuple(r.values()) for r in table.to_pylist()]
    assert got == [tuple(str(v) if name in as_text and v is not None else v
                         for name, v in zip(table.schema.names, row)) for row in expected]


FAILING = (f"SELECT Sid, CASE WHEN n > {LATE} THEN json_extract('not json', '$') ELSE n END "
           f"AS n FROM {NUMBERED}")


@pytest.mark.parametrize("fmt", ["table", "csv", "json", "ndjson", "parquet"])
def test_an_export_that_fails_part_way_leaves_the_file_as_it_was(fmt, tmp_path, capsys, emu):
    path = tmp_path / f"out.{fmt}"
    path.write_text("yesterday's export\n")
    code = main(["--url", emu.url, "--format", fmt, "-o", str(path), FAILING])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert err.startswith("twilio-sql: error: ") and err.count("\n") == 1, err
    assert "malformed JSON" in err
    assert path.read_text() == "yesterday's export\n"
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # nothing left beside it
    # A file that was not there is still not there.
    code = main(["--url", emu.url, "--format", fmt, "-o", str(tmp_path / "new"), FAILING])
    assert code == 1 and not (tmp_path / "new").exists()
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_parquet_to_stdout_that_fails_sends_nothing(capsysbinary, emu):
    code = main(["--url", emu.url, "--format", "parquet", FAILING])
    out, err = capsysbinary.readouterr()
    assert code == 1 and out == b"" and err.count(b"\n") == 1


def test_dot_output_replaces_then_appends_and_a_failure_keeps_what_was_written(
        tmp_path, capsys, emu, monkeypatch):
    path = tmp_path / "report.csv"
    path.write_text("old\n")
    script = (f".output {path}\n"
              ".format csv\n"
              "SELECT COUNT(*) AS n FROM Conferences;\n"
              "SELECT COUNT(*) AS q FROM Queues;\n"
              f"{FAILING};\n")
    monkeypatch.setattr(sys, "stdin", io.StringIO(script))
    assert main(["--url", emu.url]) == 1
    assert "error at line 5" in capsys.readouterr().err
    queues = len(emu.table("/Queues.json"))
    assert path.read_text() == f"n\n{len(emu.records)}\nq\n{queues}\n"
    # A Parquet result replaces the file, and the result after it replaces it in turn.
    monkeypatch.setattr(sys, "stdin", io.StringIO(
        f".output {path}\n.format parquet\nSELECT COUNT(*) AS n FROM Conferences;\n"))
    assert main(["--url", emu.url]) == 0
    assert pq.read_table(path).to_pylist() == [{"n": len(emu.records)}]
    monkeypatch.setattr(sys, "stdin", io.StringIO(
        f".output {path}\n.format parquet\nSELECT 1 AS one;\n.format csv\nSELECT 2 AS two;\n"
        "SELECT 3 AS three;\n"))
    assert main(["--url", emu.url]) == 0
    assert path.read_text() == "two\n2\nthree\n3\n"


def test_an_output_that_is_a_link_or_a_device_is_written_through(tmp_path, capsys, emu):
    # A link's file gets the result and the link stays; /dev/stdout is written, not replaced.
    real, link = tmp_path / "real.csv", tmp_path / "link.csv"
    link.symlink_to(real)
    assert main(["--url", emu.url, "--format", "csv", "-o", str(link), "SELECT 1 AS one"]) == 0
    assert link.is_symlink() and real.read_text() == "one\n1\n"
    result = subprocess.run(
        [sys.executable, "-m", "sqlalchemy_twilio.cli", "--url", emu.url, "--format",
         "parquet", "-o", "/dev/stdout", "SELECT 2 AS two"], capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert pq.read_table(io.BytesIO(result.stdout)).to_pylist() == [{"two": 2}]
    assert os.path.islink("/dev/stdout") or not os.path.isfile("/dev/stdout")


def test_a_join_whose_tables_share_column_names_keeps_every_column(tmp_path, capsys, emu):
    sql = ("SELECT * FROM Queues a JOIN Queues b ON b.Sid = a.Sid "
           "JOIN Queues Sid_1 ON Sid_1.Sid = a.Sid LIMIT 3")
    assert main(["--url", emu.url, "--format", "json", sql]) == 0
    rows = json.loads(capsys.readouterr().out)
    path = tmp_path / "joined.parquet"
    assert main(["--url", emu.url, "--format", "parquet", "-o", str(path), sql]) == 0
    table = pq.read_table(path)
    with dbapi.connect(**settings(emu)) as conn:
        cursor = conn.cursor().execute(sql)
        names = [d[0] for d in cursor.description]
        expected = cursor.fetchall()
    # Each name the result repeats, again with _1, _2: the first free.
    assert names.count("Sid") == 3
    keys = list(rows[0])
    assert len(keys) == len(names) and keys[:3] == names[:3]
    assert [k for k in keys if k.startswith("Sid")] == ["Sid", "Sid_1", "Sid_2"]
    assert table.schema.names == keys
    assert [list(r.values()) for r in table.to_pylist()] == [list(r) for r in expected]
    sids = [i for i, n in enumerate(names) if n == "Sid"]
    assert [[r["Sid"], r["Sid_1"], r["Sid_2"]] for r in rows] == [
        [row[i] for i in sids] for row in expected]
