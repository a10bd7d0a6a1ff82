"""The interactive shell, driven through a pseudo-terminal as a person would use it."""

from __future__ import annotations

import os
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pexpect
import pytest
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document

from sqlalchemy_twilio.cli._shell import SqlCompleter
from sqlalchemy_twilio.emulator import Emulator

from ..conftest import UNTIL, api_requests

PROMPT = "twilio>"
# What the shell prints after the prompt is escape codes; the words are matched in between.


def start(args: list[str], history: Path, **env: str) -> pexpect.spawn:
    """twilio-sql on a 24×120 pseudo-terminal."""
    return pexpect.spawn(
        sys.executable, ["-m", "sqlalchemy_twilio.cli", *args],
        env={**os.environ, "PROMPT_TOOLKIT_NO_CPR": "1", "TERM": "xterm",
             "TWILIO_SQL_HISTORY": str(history), "PAGER": "", **env},
        encoding="utf-8", timeout=60, dimensions=(24, 120))


def spawn(url: str, history: Path, **env: str) -> pexpect.spawn:
    """The shell on ``url``, at its first prompt."""
    child = start(["--url", url], history, **env)
    child.expect(PROMPT)
    return child


@pytest.fixture()
def shell(emu, tmp_path) -> Iterator[pexpect.spawn]:
    child = spawn(emu.url, tmp_path / "history")
    yield child
    child.close(force=True)


def at_prompt(child: pexpect.spawn) -> None:
    """Wait until the shell reads the next line. Between prompts the terminal is in its
    cooked mode, where Ctrl-D and Ctrl-C mean other things, so a prompt drawn after output
    that comes only once the shell has run what it was sent is waited for."""
    child.send(".help\r")
    child.expect(re.compile(r"Ctrl-C stops a running one\.\s*\n.*?" + PROMPT, re.S))


def count_shown(child: pexpect.spawn) -> int:
    """The number a one-row, one-column result shows."""
    child.expect(r"\n(\d+)\s*\r?\n\(1 row\)")
    return int(child.match.group(1))


def quit_with_ctrl_d(child: pexpect.spawn) -> int:
    at_prompt(child)
    child.sendcontrol("d")
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus


def test_completion_of_a_table_and_a_column_then_a_multi_line_query(shell, emu):
    shell.send("SELECT COUNT(*) AS n\r")
    shell.expect(r"\.\.\.>")  # not complete without its ;
    shell.send("FROM UsageTrig\t")
    shell.expect("UsageTriggers")
    shell.send(" WHERE CurrentV\t")
    shell.expect("CurrentValue")
    shell.send(" IS NOT NULL;\r")
    triggers = emu.table("/Usage/Triggers.json")
    expected = sum(1 for t in triggers if t["current_value"] is not None)
    assert count_shown(shell) == expected
    assert quit_with_ctrl_d(shell) == 0


def test_schema_shows_a_tables_columns_with_their_marks(shell):
    shell.send(".schema ConferenceParticipants\r")
    shell.expect(r"Muted\s+BOOLEAN\s+UPDATE INSERT")
    shell.expect(r"From\s+TEXT\s+HIDDEN INSERT")
    shell.send(".schema Nope\r")
    shell.expect("error: no such table: Nope")
    assert quit_with_ctrl_d(shell) == 0


def test_ctrl_c_stops_a_scan_at_once_and_the_shell_goes_on(tmp_path):
    with Emulator(conferences=2000, seed=5, until=UNTIL, subaccounts=0,
                  latency_ms=300) as emu:
        # 100 pages, two at a time at 300 ms each: at least 15 s, however fast the machine.
        child = spawn(emu.url + "&page_size=20&max_concurrency=2", tmp_path / "history")
        try:
            child.send("SELECT COUNT(*) FROM Conferences;\r")
            child.expect(r"\d+ requests")  # the scan is under way (its progress line)
            time.sleep(1.0)
            child.sendintr()
            interrupted = time.monotonic()
            child.expect("interrupted")
            child.expect(PROMPT)
            time.sleep(1.5)  # what a scan left running would send meanwhile
            log = api_requests(emu)
            assert 0 < len(log) < 100  # it stopped well before its 100 pages
            assert [r for r in log if r["started"] > interrupted] == []
            child.send("SELECT COUNT(*) FROM Queues;\r")
            assert count_shown(child) == len(emu.table("/Queues.json"))
            assert quit_with_ctrl_d(child) == 0
        finally:
            child.close(force=True)


def test_a_result_taller_than_the_terminal_goes_through_the_pager(emu, tmp_path):
    child = spawn(emu.url, tmp_path / "history", PAGER="sed s/^/paged:/")
    try:
        child.send("SELECT Sid FROM Conferences LIMIT 30;\r")
        child.expect(r"paged:\(30 rows\)")
        child.send("SELECT Sid FROM Conferences LIMIT 3;\r")
        child.expect(r"\r\n\(3 rows\)")  # short results are not paged
        assert "paged:" not in child.before
        assert quit_with_ctrl_d(child) == 0
    finally:
        child.close(force=True)


def test_history_is_kept_between_sessions_without_the_credential(emu, tmp_path):
    history = tmp_path / "data" / "history"
    child = spawn(emu.url, history)
    try:
        child.send("SELECT COUNT(*) FROM Queues;\r")
        assert count_shown(child) == len(emu.table("/Queues.json"))
        child.send(f"SELECT '{emu.auth_token}' AS oops;\r")
        child.expect("oops")
        assert quit_with_ctrl_d(child) == 0
    finally:
        child.close(force=True)
    text = history.read_text()
    assert "SELECT COUNT(*) FROM Queues;" in text and emu.auth_token not in text
    assert history.stat().st_mode & 0o077 == 0  # for its owner's eyes only
    again = spawn(emu.url, history)
    try:
        at_prompt(again)  # the history is read while the first prompt waits
        again.send("SELECT COUNT\x1b[A")  # Up: the last statement that began so
        again.expect("FROM Queues;")
        again.send("\r")
        assert count_shown(again) == len(emu.table("/Queues.json"))
        assert quit_with_ctrl_d(again) == 0
    finally:
        again.close(force=True)


def test_explain_format_and_output_switch_what_a_statement_shows(shell, emu, tmp_path):
    shell.send(".explain\r")
    shell.expect("explain on")
    shell.send(".format csv\r")
    out = tmp_path / "queues.csv"
    shell.send(f".output {out}\r")
    shell.send("SELECT Sid FROM Queues;\r")
    shell.expect(r"SCAN Queues VIRTUAL TABLE INDEX \d+:GET /2010-04-01/Accounts/AC\w+/Queues")
    shell.expect(PROMPT)
    shell.send(".output\r")
    assert quit_with_ctrl_d(shell) == 0
    lines = out.read_text().splitlines()
    assert lines[0] == "Sid"
    assert sorted(lines[1:]) == sorted(q["sid"] for q in emu.table("/Queues.json"))


def test_demo_opens_a_shell_with_its_banner_and_quits():
    child = start(["--demo"], Path(os.devnull))
    try:
        child.expect("nothing here reaches Twilio")
        child.expect("GROUP BY Status;")
        child.expect(PROMPT)
        child.send(".quit\r")
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 0
    finally:
        child.close(force=True)


def _completions(text: str, cursor: int | None = None) -> dict[str, str]:
    document = Document(text, len(text) if cursor is None else cursor)
    found = SqlCompleter().get_completions(document, CompleteEvent())
    return {c.text: c.display_meta_text for c in found}


def test_completion_marks_hidden_parameters_and_knows_aliases():
    inserting = _completions("INSERT INTO ConferenceParticipants (Fro")
    assert inserting["From"] == "ConferenceParticipants HIDDEN"
    assert "FROM" in inserting  # the keyword too
    assert _completions("SELECT c.Dur") == {}  # no table is named c
    before_from = len("SELECT c.Dur")
    aliased = _completions("SELECT c.Dur FROM Calls c", before_from)
    assert aliased == {"Duration": "Calls"}
    assert set(_completions("SELECT r.Dur FROM Recordings AS r", before_from)) == {"Duration"}
    assert _completions(".sch") == {".schema": ""}
    assert set(_completions(".schema Usage")) >= {"UsageRecords", "UsageTriggers"}
