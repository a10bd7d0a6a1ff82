"""The interactive shell, driven through a pseudo-terminal as a person would use it, and
checked by what the terminal's screen shows."""

from __future__ import annotations

import os
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document

from sqlalchemy_twilio.cli._shell import SqlCompleter
from sqlalchemy_twilio.emulator import Emulator

from ..conftest import UNTIL, api_requests
from ._screen import Terminal

PROMPT = "twilio>"


def start(args: list[str], history: Path, **env: str) -> Terminal:
    """twilio-sql on a pseudo-terminal."""
    return Terminal([sys.executable, "-m", "sqlalchemy_twilio.cli", *args],
                    env={"PROMPT_TOOLKIT_NO_CPR": "1", "TERM": "xterm",
                         "TWILIO_SQL_HISTORY": str(history), "PAGER": "", **env})


def spawn(url: str, history: Path, **env: str) -> Terminal:
    """The shell on ``url``, at its first prompt."""
    term = start(["--url", url], history, **env)
    term.wait_for(rf"^{PROMPT}$")
    return term


@pytest.fixture()
def shell(emu, tmp_path) -> Iterator[Terminal]:
    term = spawn(emu.url, tmp_path / "history")
    yield term
    term.close()


def at_prompt(term: Terminal) -> None:
    """Wait until the shell reads the next line. Between prompts the terminal is in its
    cooked mode, where Ctrl-D and Ctrl-C mean other things, so a prompt drawn after output
    that comes only once the shell has run what it was sent is waited for."""
    term.send(".help\r")
    term.wait_for(rf"^End a statement with ; to run it; Ctrl-C stops a running one\.\n{PROMPT}\Z",
                  after=f"{PROMPT} .help")


def count_shown(term: Terminal, statement: str) -> int:
    """The number the one-row, one-column result of ``statement`` (as typed) shows."""
    found = term.wait_for(r"^-+\n *(\d+)\n\(1 row\)$", after=statement)
    return int(found.group(1))


def quit_with_ctrl_d(term: Terminal) -> int:
    at_prompt(term)
    term.sendcontrol("d")
    return term.wait_for_exit()


def test_completion_of_a_table_and_a_column_then_a_multi_line_query(shell, emu):
    shell.send("SELECT COUNT(*) AS n\r")
    shell.wait_for(r"^ *\.\.\.>$", after="SELECT COUNT(*) AS n")  # not complete without its ;
    shell.send("FROM UsageTrig\t")
    shell.wait_for(r"^ *\.\.\.> FROM UsageTriggers$", after="SELECT COUNT(*) AS n")
    shell.send(" WHERE CurrentV\t")
    shell.wait_for(r"^ *\.\.\.> FROM UsageTriggers WHERE CurrentValue$",
                   after="SELECT COUNT(*) AS n")
    shell.send(" IS NOT NULL;\r")
    triggers = emu.table("/Usage/Triggers.json")
    expected = sum(1 for t in triggers if t["current_value"] is not None)
    assert count_shown(shell, "WHERE CurrentValue IS NOT NULL;") == expected
    assert quit_with_ctrl_d(shell) == 0


def test_schema_shows_a_tables_columns_with_their_marks(shell):
    shell.send(".schema ConferenceParticipants\r")
    typed = f"{PROMPT} .schema ConferenceParticipants"
    shell.wait_for(rf"^Muted +BOOLEAN +UPDATE INSERT +Whether(?s:.*)^{PROMPT}\Z", after=typed)
    shell.wait_for(r"^From +TEXT +HIDDEN INSERT +The phone number", after=typed)
    shell.send(".schema Nope\r")
    shell.wait_for(rf"^error: no such table: Nope .*\n{PROMPT}\Z", after=f"{PROMPT} .schema Nope")
    assert quit_with_ctrl_d(shell) == 0


def test_ctrl_c_stops_a_scan_at_once_and_the_shell_goes_on(tmp_path):
    with Emulator(conferences=2000, seed=5, until=UNTIL, subaccounts=0,
                  latency_ms=300) as emu:
        # 100 pages, two at a time at 300 ms each: at least 15 s, however fast the machine.
        term = spawn(emu.url + "&page_size=20&max_concurrency=2", tmp_path / "history")
        try:
            statement = "SELECT COUNT(*) FROM Conferences;"
            term.send(statement + "\r")
            term.wait_for(r"\d+ requests", after=statement)  # under way: its progress line
            time.sleep(1.0)
            term.sendintr()
            interrupted = time.monotonic()
            term.wait_for(rf"^interrupted: the statement stopped.*\n{PROMPT}\Z", after=statement)
            time.sleep(1.5)  # what a scan left running would send meanwhile
            log = api_requests(emu)
            assert 0 < len(log) < 100  # it stopped well before its 100 pages
            assert [r for r in log if r["started"] > interrupted] == []
            term.send("SELECT COUNT(*) FROM Queues;\r")
            assert count_shown(term, "FROM Queues;") == len(emu.table("/Queues.json"))
            assert quit_with_ctrl_d(term) == 0
        finally:
            term.close()


def test_a_result_taller_than_the_terminal_goes_through_the_pager(emu, tmp_path):
    term = spawn(emu.url, tmp_path / "history", PAGER="sed s/^/paged:/")
    try:
        term.send("SELECT Sid FROM Conferences LIMIT 30;\r")
        paged = term.wait_for(rf"^paged:\(30 rows\)\n{PROMPT}\Z", after="LIMIT 30;").string
        assert len(re.findall(r"^paged:CF\w{32}$", paged, re.MULTILINE)) == 30
        term.send("SELECT Sid FROM Conferences LIMIT 3;\r")
        shown = term.wait_for(rf"^\(3 rows\)\n{PROMPT}\Z", after="LIMIT 3;").string
        assert len(re.findall(r"^CF\w{32}$", shown, re.MULTILINE)) == 3
        assert "paged:" not in shown  # short results are not paged
        assert quit_with_ctrl_d(term) == 0
    finally:
        term.close()


def test_history_is_kept_between_sessions_without_the_credential(emu, tmp_path):
    history = tmp_path / "data" / "history"
    term = spawn(emu.url, history)
    try:
        term.send("SELECT COUNT(*) FROM Queues;\r")
        assert count_shown(term, "FROM Queues;") == len(emu.table("/Queues.json"))
        term.send(f"SELECT '{emu.auth_token}' AS oops;\r")
        term.wait_for(r"^oops\n-+\n", after="AS oops;")
        assert quit_with_ctrl_d(term) == 0
    finally:
        term.close()
    text = history.read_text()
    assert "SELECT COUNT(*) FROM Queues;" in text and emu.auth_token not in text
    assert history.stat().st_mode & 0o077 == 0  # for its owner's eyes only
    again = spawn(emu.url, history)
    try:
        at_prompt(again)  # the history is read while the first prompt waits
        again.send("SELECT COUNT\x1b[A")  # Up: the last statement that began so
        again.wait_for(rf"^{PROMPT} SELECT COUNT\(\*\) FROM Queues;\Z",
                       after="Ctrl-C stops a running one.")
        again.send("\r")
        assert count_shown(again, "FROM Queues;") == len(emu.table("/Queues.json"))
        assert quit_with_ctrl_d(again) == 0
    finally:
        again.close()


def test_explain_format_and_output_switch_what_a_statement_shows(shell, emu, tmp_path):
    shell.send(".explain\r")
    shell.wait_for(rf"^explain on\n{PROMPT}\Z", after=f"{PROMPT} .explain")
    shell.send(".format csv\r")
    out = tmp_path / "queues.csv"
    shell.send(f".output {out}\r")
    shell.send("SELECT Sid FROM Queues;\r")
    shown = shell.wait_for(rf"^SCAN Queues VIRTUAL TABLE INDEX \d+:GET /2010-04-01/Accounts/AC\w+"
                           rf"/Queues(?s:.*)^{PROMPT}\Z", after="SELECT Sid FROM Queues;").string
    assert not re.search(r"^QU\w{32}$", shown, re.MULTILINE)  # the rows went to the file
    shell.send(".output\r")
    assert quit_with_ctrl_d(shell) == 0
    lines = out.read_text().splitlines()
    assert lines[0] == "Sid"
    assert sorted(lines[1:]) == sorted(q["sid"] for q in emu.table("/Queues.json"))


def test_demo_opens_a_shell_with_its_banner_and_quits():
    term = start(["--demo"], Path(os.devnull))
    try:
        term.wait_for(rf"nothing here reaches Twilio(?s:.*)GROUP BY Status;(?s:.*)^{PROMPT}\Z")
        term.send(".quit\r")
        assert term.wait_for_exit() == 0
    finally:
        term.close()


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
