"""twilio-sql with one statement, as a user runs it."""

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
    ("SELECT * FROM Callz", "no such table: Callz"),
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


def test_progress_shows_the_date_windows_of_a_long_scan(emu, monkeypatch, capsys):
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    # The table format reads all rows before it writes, so its scan runs in date windows.
    code = main(["--url", emu.url + "&page_size=100", "SELECT Sid FROM Conferences"])
    assert code == 0
    lines = terminal.getvalue().split("\r")
    assert any(" in flight, " in line and " date windows)" in line for line in lines)
    assert any(f"{len(emu.records)} rows fetched" in line for line in lines)
    assert len(capsys.readouterr().out.splitlines()) == len(emu.records) + 3


def test_no_progress_line_when_not_a_terminal(emu, capsys):
    code, _, err = run(capsys, "--url", emu.url, "--format", "csv", "SELECT Sid FROM Conferences")
    assert code == 0 and err == ""


# -- one statement, and --explain that runs nothing -----------------------------------------

@pytest.fixture()
def wemu(writable_emulator):
    writable_emulator.reset()
    return writable_emulator


def live(emu) -> list[str]:
    return [r["sid"] for r in emu.records if r["status"] == "in-progress"]


@pytest.mark.parametrize("explain", [[], ["--explain"]])
def test_a_hidden_second_statement_is_refused_and_sends_nothing(capsys, wemu, explain):
    sid = live(wemu)[0]
    code, out, err = run(capsys, "--url", wemu.url, *explain,
                         f"SELECT 1; UPDATE Conferences SET Status = 'completed' "
                         f"WHERE Sid = '{sid}'")
    assert code == 1 and out == ""
    assert "one statement" in err
    assert [r for r in wemu.requests() if not r["path"].startswith("/_emulator")] == []
    assert sid in live(wemu)


def test_explain_of_an_update_shows_the_scan_and_the_writes_and_sends_nothing(capsys, wemu):
    before = live(wemu)
    code, out, _ = run(capsys, "--url", wemu.url, "--explain",
                       "UPDATE Conferences SET Status = 'completed' WHERE Status = 'in-progress'")
    lines = out.splitlines()
    assert code == 0
    assert "Conferences.json?Status=in-progress&PageSize=1000" in lines[0]
    assert lines[1].startswith("then POST ") and "/Conferences/{Sid}.json (Status)" in lines[1]
    assert [r for r in wemu.requests() if not r["path"].startswith("/_emulator")] == []
    assert live(wemu) == before


# -- output that a terminal and a pipe can take ---------------------------------------------

def test_a_reader_that_stops_early_ends_the_command_quietly(emulator):
    proc = subprocess.Popen(
        [sys.executable, "-m", "sqlalchemy_twilio.cli", "--url", emulator.url,
         "SELECT * FROM Conferences"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    head = proc.stdout.read(300)  # what `| head -c 300` would read
    proc.stdout.close()
    err = proc.stderr.read().decode()
    code = proc.wait(timeout=60)
    assert head.startswith(b"Sid")
    assert err == ""
    assert code == 141  # as a Unix tool ended by SIGPIPE


def test_table_output_escapes_newlines_and_aligns_wide_characters(capsys, emu):
    code, out, _ = run(capsys, "--url", emu.url,
                       "SELECT 'two' || char(10) || 'lines' AS a, 'x' AS b "
                       "UNION ALL SELECT '会議', 'y' UNION ALL SELECT 'tab' || char(9), 'z'")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 6  # header, rule, three rows, count
    assert lines[2].startswith("two\\nlines ")
    from wcwidth import wcswidth

    # The second column starts at the same terminal column on every row.
    starts = {wcswidth(line[:line.rindex(" ") + 1]) for line in lines[2:5]}
    assert starts == {wcswidth(lines[0][:lines[0].rindex(" ") + 1])}
    assert lines[4].startswith("tab\\t ")


# -- what is there ---------------------------------------------------------------------------

def test_tables_lists_every_table_without_a_connection(capsys):
    from sqlalchemy_twilio.resources import RESOURCES

    code, out, _ = run(capsys, "--tables")
    names = [line.split()[0] for line in out.splitlines()[2:]]
    assert code == 0 and names == list(RESOURCES)


def test_describe_marks_key_hidden_and_writable_columns(capsys):
    code, out, _ = run(capsys, "--describe", "conferenceparticipants")
    rows = {line.split()[0]: line for line in out.splitlines()[4:]}
    assert code == 0 and out.startswith("ConferenceParticipants: ")
    assert "key" in rows["CallSid"].split()[2:4]
    assert "UPDATE" in rows["Muted"] and "INSERT" in rows["Muted"]
    assert "HIDDEN" in rows["From"] and "INSERT" in rows["From"]
    assert "HIDDEN" in rows["AnnounceUrl"] and "UPDATE" in rows["AnnounceUrl"]
    code, _, err = run(capsys, "--describe", "Nope")
    assert code == 1 and "no such table: Nope" in err
