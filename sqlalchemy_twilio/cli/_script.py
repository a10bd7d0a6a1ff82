"""A script split into what runs: SQL statements, each ended by ``;`` (as SQLite's own lexer
tells with ``apsw.complete``, so a ``;`` inside a string or a comment ends nothing), and
dot-commands, a line each. Each comes with the line it starts on."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import NamedTuple

import apsw

__all__ = ["Step", "steps", "complete"]


class Step(NamedTuple):
    line: int
    text: str


def complete(text: str) -> bool:
    """Whether ``text`` is ready to run: a dot-command, or SQL ending in a complete statement."""
    stripped = text.strip()
    return stripped.startswith(".") or (bool(stripped) and apsw.complete(stripped))


def _statements(text: str, first_line: int) -> Iterator[Step]:
    # A chunk apsw calls complete may hold several statements; each ``;`` that makes the text
    # before it complete ends one.
    start = 0
    for end in range(len(text)):
        if text[end] == ";" and apsw.complete(text[start:end + 1]):
            statement = text[start:end + 1]
            if statement.strip(" \t\r\n;"):
                leading = len(statement) - len(statement.lstrip())
                line = first_line + text.count("\n", 0, start + leading)
                yield Step(line, statement.strip())
            start = end + 1


def steps(lines: Iterable[str]) -> Iterator[Step]:
    """The steps of a script, in order; a statement left without its ``;`` at the end runs
    too, as in SQLite's shell."""
    pending: list[str] = []
    first = 0
    for number, line in enumerate(lines, 1):
        if not pending and line.lstrip().startswith("."):
            yield Step(number, line.strip())
            continue
        if not pending:
            if not line.strip() or line.lstrip().startswith("--"):
                continue  # a statement's line is where its SQL starts, not its comment
            first = number
        pending.append(line if line.endswith("\n") else line + "\n")
        text = "".join(pending)
        if apsw.complete(text):
            yield from _statements(text, first)
            pending = []
    rest = "".join(pending)
    if rest.strip():
        ended = rest + "\n;"
        if apsw.complete(ended):
            yield from _statements(ended, first)
        else:  # an open string or comment: SQLite's error says so, nothing is skipped
            yield Step(first, rest.strip())
