"""Statements piped into twilio-sql: run in order, stopping at the first error with its line."""

from __future__ import annotations

import subprocess
import sys

from sqlalchemy_twilio.cli._script import Step, steps

from ..conftest import api_requests


def pipe(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sqlalchemy_twilio.cli", *args],
                          input=script, capture_output=True, text=True, timeout=120)


def test_three_statements_one_failing_stop_at_it_with_its_line(emu):
    script = ("SELECT COUNT(*) AS n FROM Conferences;\n"
              "\n"
              "-- the second one names a table that is not there\n"
              "SELECT Sid\n"
              "  FROM Callz;\n"
              "SELECT COUNT(*) FROM Queues;\n")
    result = pipe(script, "--url", emu.url, "--format", "csv")
    assert result.returncode == 1
    assert result.stdout == f"n\n{len(emu.records)}\n"
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("twilio-sql: error at line 4: no such table: Callz")
    paths = [r["path"] for r in api_requests(emu)]
    assert any(p.endswith("/Conferences.json") for p in paths)
    assert not any("Queues" in p for p in paths)  # the third statement never ran


def test_a_script_that_succeeds_runs_every_statement_and_dot_command(emu):
    script = (".format csv\n"
              "SELECT COUNT(*) AS n FROM Conferences; SELECT COUNT(*) AS q FROM Queues;\n"
              ".format json\n"
              "SELECT Status FROM Conferences WHERE Status = 'init' LIMIT 1\n")
    result = pipe(script, "--url", emu.url)
    assert result.returncode == 0, result.stderr
    queues = len(emu.table("/Queues.json"))
    assert result.stdout == (f"n\n{len(emu.records)}\nq\n{queues}\n"
                             '[\n{"Status": "init"}\n]\n')


def test_a_write_in_a_script_reports_its_rows_and_a_bad_dot_command_stops_it(writable_emulator):
    emu = writable_emulator
    live = next(r for r in emu.records if r["status"] == "in-progress")
    script = (f"UPDATE Conferences SET Status = 'completed' WHERE Sid = '{live['sid']}';\n"
              ".format xml\n"
              "SELECT 1;\n")
    result = pipe(script, "--url", emu.url)
    assert result.returncode == 1
    assert result.stdout == "1 row changed\n"
    assert result.stderr.startswith("twilio-sql: error at line 2: .format takes one of table")
    posts = [r for r in api_requests(emu) if r["method"] == "POST"]
    assert [p["path"].rsplit("/", 1)[-1] for p in posts] == [f"{live['sid']}.json"]


def test_dryrun_in_a_script_shows_the_writes_and_sends_none_until_switched_off(
        writable_emulator):
    emu = writable_emulator
    live = sorted(r["sid"] for r in emu.records if r["status"] == "in-progress")
    assert len(live) >= 2
    base = f"/2010-04-01/Accounts/{emu.account_sid}/Conferences"
    script = (".dryrun on\n"
              "UPDATE Conferences SET Status = 'completed' WHERE Status = 'in-progress';\n"
              ".dryrun off\n"
              f"UPDATE Conferences SET Status = 'completed' WHERE Sid = '{live[0]}';\n")
    result = pipe(script, "--url", emu.url)
    assert result.returncode == 0, result.stderr
    n = len(live)
    lines = result.stdout.splitlines()
    assert lines[0] == (f"dry run: {n} rows would change; {n} write requests would be sent, "
                        "none was:")
    # (in the order the scan met the rows)
    assert sorted(lines[1:-1]) == [f"POST {base}/{sid}.json Status=completed" for sid in live]
    assert lines[-1] == "1 row changed"
    assert result.stderr == "dry run on\ndry run off\n"
    # Only the statement run with the dry run off wrote, and once.
    posts = [(r["method"], r["path"], r["form"]) for r in api_requests(emu)
             if r["method"] != "GET"]
    assert posts == [("POST", f"{base}/{live[0]}.json", {"Status": ["completed"]})]


def test_dry_run_option_sends_no_write(writable_emulator):
    emu = writable_emulator
    live = [r["sid"] for r in emu.records if r["status"] == "in-progress"]
    result = pipe("", "--url", emu.url, "--dry-run",
                  "UPDATE Conferences SET Status = 'completed' WHERE Status = 'in-progress'")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"dry run: {len(live)} rows would change; {len(live)} "
                                    "write requests would be sent, none was:\n")
    assert [r for r in api_requests(emu) if r["method"] != "GET"] == []
    assert sorted(r["sid"] for r in emu.records if r["status"] == "in-progress") == sorted(live)


def test_explain_with_a_script_explains_each_statement_and_sends_nothing(emu):
    result = pipe("SELECT * FROM Conferences WHERE Status = 'init';\n"
                  "SELECT * FROM Queues;\n", "--url", emu.url, "--explain")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert "Conferences.json?Status=init" in lines[0] and "Queues.json" in lines[1]
    assert api_requests(emu) == []


def test_steps_follow_sqlites_lexer():
    script = ["-- a comment line\n",
              "SELECT 'a;b' AS x; SELECT 2;\n",
              ".tables\n",
              "SELECT /* ; */ 3\n",
              ";\n",
              "SELECT 4 -- no ; at the end"]
    assert list(steps(script)) == [
        Step(2, "SELECT 'a;b' AS x;"), Step(2, "SELECT 2;"), Step(3, ".tables"),
        Step(4, "SELECT /* ; */ 3\n;"), Step(6, "SELECT 4 -- no ; at the end\n\n;")]


def test_an_unterminated_string_is_run_so_its_error_is_seen():
    assert list(steps(["SELECT 'oops\n", "FROM Calls\n"])) == [
        Step(1, "SELECT 'oops\nFROM Calls")]


def test_the_example_queries_the_shell_offers_run_and_show_rows(live_emulator):
    from sqlalchemy_twilio.resources.examples import EXAMPLE_QUERIES

    result = pipe("\n".join(EXAMPLE_QUERIES) + "\n", "--url", live_emulator.url,
                  "--format", "ndjson")
    assert result.returncode == 0, result.stderr
    live = [c for c in live_emulator.records if c["status"] != "completed"]
    participants = live_emulator.table("/Conferences/{ConferenceSid}/Participants.json")
    lines = result.stdout.splitlines()
    statuses = {c["status"] for c in live_emulator.records}
    # One line a status, seven days of calls, one line a participant of a live conference.
    assert len(lines) == len(statuses) + 7 + len(participants)
    assert live and participants
