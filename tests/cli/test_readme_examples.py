"""The README's examples, run as written: the command lines of "The command line" (against
the demo, or with their URL pointed at an emulator) and the Python of "With SQLAlchemy, the
ORM, pandas, Alembic and Superset" (with its placeholders filled from an emulator's data).

A command line is run in-process, as its shell would run it: ``VAR=value`` before it sets the
environment, ``printf … |`` and ``< FILE`` feed stdin, ``> FILE`` takes stdout. An example the
test cannot run makes it fail, so a new example is run or, with a reason, set aside here.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shlex
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from sqlalchemy_twilio.cli import main
from sqlalchemy_twilio.emulator import Emulator

from ..conftest import api_requests

README = Path(__file__).parents[2] / "README.md"
PLACEHOLDER_URL = "twilio://AC…:token@/"
#: Examples set aside, and why.
NOT_RUN = {
    "twilio-sql --demo": "the shell on a terminal: the session shown after it is run here",
}


def section(title: str) -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start:end if end != -1 else None]


def blocks(text: str) -> Iterator[tuple[str, list[str]]]:
    """(language, lines) of each fenced block."""
    for match in re.finditer(r"^```(\w*)\n(.*?)^```", text, re.M | re.S):
        yield match.group(1), match.group(2).splitlines()


@dataclass
class Example:
    command: str
    #: The output shown under a ``$ command`` (None: none shown).
    shown: list[str] | None = None
    #: What the example types after the command, for a shell session shown.
    typed: str = ""


def command_examples() -> list[Example]:
    found = []
    for language, lines in blocks(section("The command line")):
        if language == "sh":
            found += [Example(line) for line in lines
                      if line.strip() and line.split("#")[0].strip() not in NOT_RUN]
        elif lines and lines[0].startswith("$ "):
            example = Example(lines[0][2:], shown=[])
            for line in lines[1:]:
                prompt = re.match(r"(twilio>|   \.\.\.>) ?(.*)", line)
                if prompt:
                    example.typed += prompt.group(2) + "\n"
                else:
                    assert example.shown is not None
                    example.shown.append(line)
            found.append(example)
    return found


@dataclass
class Ran:
    code: int
    out: str
    err: str


def run_line(line: str, url: str, cwd: Path, capsys: Any, monkeypatch: Any,
             stdin: str = "") -> Ran:
    """A README command line, run in-process as a shell would, with the README's placeholder
    URL (or, for a line that names none, ``TWILIO_URL``) pointed at ``url``."""
    words = shlex.split(line.replace(PLACEHOLDER_URL, url), comments=True)
    if words[0] == "printf":
        bar = words.index("|")
        stdin = words[1].encode().decode("unicode_escape")
        words = words[bar + 1:]
    while "=" in words[0]:
        name, _, value = words.pop(0).partition("=")
        monkeypatch.setenv(name, value)
    target = None
    if ">" in words:
        target = words[words.index(">") + 1]
        words = words[:words.index(">")]
    if "<" in words:
        stdin = (cwd / words[words.index("<") + 1]).read_text()
        words = words[:words.index("<")]
    assert words[0] == "twilio-sql", f"not a twilio-sql command: {line}"
    if "--url" not in words and "--demo" not in words and url not in line:
        monkeypatch.setenv("TWILIO_URL", url)
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(words[1:])
    out, err = capsys.readouterr()
    if target is not None:
        (cwd / target).write_text(out, encoding="utf-8")
    return Ran(code, out, err)


def readable(ran: Ran, line: str, cwd: Path) -> int:
    """The rows of a command's output, read as its format: from its file if it named one."""
    words = shlex.split(line, comments=True)
    fmt = words[words.index("--format") + 1] if "--format" in words else "table"
    named = [words[i + 1] for i, w in enumerate(words) if w in (">", "-o", "--output")]
    if fmt == "parquet":
        return pq.read_table(cwd / named[0]).num_rows
    text = (cwd / named[0]).read_text(encoding="utf-8") if named else ran.out
    if fmt == "csv":
        header, *rows = list(csv.reader(io.StringIO(text)))
        assert header and all(len(r) == len(header) for r in rows)
        return len(rows)
    if fmt == "ndjson":
        return len([json.loads(line) for line in text.splitlines()])
    if fmt == "json":
        return len(json.loads(text))
    if "--explain" in words:
        return len([t for t in text.splitlines() if t.startswith("SCAN ")])
    lines = text.splitlines()
    assert re.fullmatch(r"\((\d+) rows?\)", lines[-1]), text
    return int(lines[-1].strip("()").split()[0])


def matches(shown: list[str], got: str, account: str) -> bool:
    """Whether output is what the README shows: ``AC…`` stands for the account, ``(…)`` for
    a hint."""
    lines = got.replace(account, "AC…").splitlines()
    if len(lines) != len(shown):
        return False
    for want, line in zip(shown, lines):
        pattern = re.escape(want).replace(re.escape("(…)"), r"\(.*\)")
        if not re.fullmatch(pattern, line):
            return False
    return True


EXAMPLES = command_examples()


def test_the_section_has_the_examples_this_test_knows():
    assert len(EXAMPLES) >= 9
    assert any(e.typed for e in EXAMPLES) and any(e.shown for e in EXAMPLES)


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.command[:60] for e in EXAMPLES])
def test_a_command_line_example_runs_and_its_output_reads_back(
        example, live_emulator, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ("TWILIO_URL", "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    # (The user's report: statements of their own.)
    (tmp_path / "report.sql").write_text("SELECT Status, COUNT(*) AS n FROM Conferences "
                                         "GROUP BY Status;\n")
    live_emulator.reset()
    ran = run_line(example.command, live_emulator.url, tmp_path, capsys, monkeypatch,
                   stdin=example.typed)
    if "Callz" in example.command:  # the example of a script that stops at its error
        assert ran.code == 1
        assert matches(example.shown or [], ran.out + ran.err, live_emulator.account_sid)
        return
    assert ran.code == 0, ran.err
    if example.typed:  # a shell session: the rows differ with the day the demo is for
        lines = ran.out.splitlines()
        shown = example.shown or []
        assert lines[0].split() == shown[0].split() and lines[len(shown) - 1] == shown[-1]
        assert all(row.endswith("in-progress") for row in lines[2:len(shown) - 1])
        assert any(line.startswith("Queues: ") for line in lines)  # then .schema Queues
        return
    if example.shown:
        assert "--demo" in example.command
        # The demo's account is not the emulator's: compare with what the demo prints.
        text = ran.out
        account = re.search(r"/Accounts/(AC[0-9a-f]{32})/", text)
        assert account and matches(example.shown, text, account.group(1)), text
        return
    assert readable(ran, example.command, tmp_path) > 0
    if "--demo" not in example.command and "--explain" not in example.command:
        assert api_requests(live_emulator)  # the emulator answered it, not Twilio


# -- the Python examples -------------------------------------------------------------------

@pytest.fixture()
def today() -> Iterator[Emulator]:
    """An emulator of its own (the ORM example writes) whose data ends today, as the
    examples' "the last seven days" expects."""
    with Emulator(conferences=60, calls=30, messages=30, seed=4) as emu:
        yield emu


def python_examples() -> list[str]:
    return [("\n".join(lines)) for language, lines in
            blocks(section("With SQLAlchemy, the ORM, pandas, Alembic and Superset"))
            if language == "python"]


def test_the_python_examples_run_as_written(today):
    examples = python_examples()
    assert len(examples) == 3
    conference = next(c for c in today.records if c["status"] == "in-progress"
                      and today.table("/Conferences/{ConferenceSid}/Participants.json")
                      and any(p["conference_sid"] == c["sid"] for p in
                              today.table("/Conferences/{ConferenceSid}/Participants.json")))
    participant = next(p for p in today.table("/Conferences/{ConferenceSid}/Participants.json")
                       if p["conference_sid"] == conference["sid"])
    fill = {PLACEHOLDER_URL: today.url, '"CF…"': repr(conference["sid"]),
            '"CA…"': repr(participant["call_sid"])}
    namespace: dict[str, Any] = {}
    for code in examples:
        for placeholder, value in fill.items():
            code = code.replace(placeholder, value)
        assert "…" not in code, code
        exec(compile(code, str(README), "exec"), namespace)  # noqa: S102 - the README's own
    # Core: the last week's conferences.
    assert namespace["rows"]
    # The ORM: the participants muted, one held, the conference ended — each one POST.
    posts = {(r["path"].rsplit("/", 1)[-1], tuple(sorted(r["form"])))
             for r in api_requests(today) if r["method"] == "POST"}
    assert (f"{conference['sid']}.json", ("Status",)) in posts
    assert (f"{participant['call_sid']}.json", ("Hold",)) in posts or \
        (f"{participant['call_sid']}.json", ("Hold", "Muted")) in posts
    # pandas: every conference, counted by status.
    assert len(namespace["frame"]) == len(today.records)
    assert namespace["by_status"]["n"].sum() == len(today.records)
