"""twilio-sql, as a user runs it."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from sqlalchemy_twilio.cli import main


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_demo_group_by_counts_match_the_emulator(capsys, emu):
    code, out, _ = run(capsys, "--url", emu.url, "--format", "json",
                       "SELECT Status, COUNT(*) AS n FROM Conferences GROUP BY Status")
    assert code == 0
    counts = {row["Status"]: row["n"] for row in json.loads(out)}
    expected: dict[str, int] = {}
    for r in emu.records:
        expected[r["status"]] = expected.get(r["status"], 0) + 1
    assert counts == expected


def test_table_output_is_aligned(capsys, emu):
    code, out, _ = run(capsys, "--url", emu.url,
                       "SELECT Sid, Status FROM Conferences LIMIT 3")
    lines = out.splitlines()
    assert code == 0
    assert lines[0].split() == ["Sid", "Status"]
    assert set(lines[1]) <= {"-", " "}
    assert lines[-1] == "(3 rows)"
    assert [line.split()[0] for line in lines[2:5]] == [r["sid"] for r in emu.records[:3]]


def test_csv_output(capsys, emu):
    code, out, _ = run(capsys, "--url", emu.url, "--format", "csv",
                       "SELECT Sid, Name, DateCreated FROM Conferences LIMIT 4")
    rows = list(csv.reader(io.StringIO(out)))
    assert code == 0 and rows[0] == ["Sid", "Name", "DateCreated"]
    assert [r[1] for r in rows[1:]] == [r["friendly_name"] for r in emu.records[:4]]


def test_explain_prints_the_request_plan_and_sends_nothing(capsys, emu):
    code, out, _ = run(capsys, "--url", emu.url, "--explain",
                       "SELECT * FROM Conferences WHERE Status = 'init'")
    assert code == 0
    assert "Conferences.json?Status=init&PageSize=1000" in out
    assert emu.auth_token not in out
    assert [r for r in emu.requests() if not r["path"].startswith("/_emulator")] == []


def test_url_from_environment(capsys, emu, monkeypatch):
    monkeypatch.setenv("TWILIO_URL", emu.url)
    code, out, _ = run(capsys, "--format", "csv", "SELECT COUNT(*) FROM Conferences")
    assert code == 0 and out.splitlines()[1] == str(len(emu.records))


@pytest.mark.parametrize(("sql", "message"), [
    ("DELETE FROM Conferences", "Twilio does not allow Conferences to be deleted"),
    ("SELECT * FROM Calls", "no such table: Calls"),
    ("SELEC 1", "syntax error"),
])
def test_errors_are_one_line_with_non_zero_exit(capsys, emu, sql, message):
    code, out, err = run(capsys, "--url", emu.url, sql)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and message in err and err.startswith("twilio-sql: error:")


def test_bad_credentials_never_print_the_token(capsys, emu):
    url = emu.url.replace(emu.auth_token, "f" * 32)
    code, _, err = run(capsys, "--url", url, "SELECT COUNT(*) FROM Conferences")
    assert code == 1 and "20003" in err and "f" * 32 not in err


def test_demo_runs_as_a_console_command():
    result = subprocess.run(
        [sys.executable, "-m", "sqlalchemy_twilio.cli", "--demo",
         "SELECT Status, COUNT(*) FROM Conferences GROUP BY Status"],
        capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert {"completed", "in-progress", "init"} <= set(result.stdout.split())


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_line_on_a_terminal(emu, monkeypatch, capsys):
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    code = main(["--url", emu.url, "--format", "csv", "SELECT Sid FROM Conferences"])
    assert code == 0
    progress = terminal.getvalue()
    assert "3 requests" in progress and f"{len(emu.records)} rows fetched" in progress
    assert progress.endswith("\r")  # the line is cleared before the results are used
    assert len(capsys.readouterr().out.splitlines()) == len(emu.records) + 1


def test_no_progress_line_when_not_a_terminal(emu, capsys):
    code, _, err = run(capsys, "--url", emu.url, "--format", "csv", "SELECT Sid FROM Conferences")
    assert code == 0 and err == ""
