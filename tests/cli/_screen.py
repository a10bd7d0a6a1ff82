"""A program on a pseudo-terminal, read as a person reads it: from the screen its output draws.

Everything the program writes goes through pyte, a terminal emulator, so a test asserts the
text a person sees, however the program happened to draw it (a word may reach the terminal in
pieces with cursor moves and colours in between, and lines are redrawn in place).
"""

from __future__ import annotations

import os
import re
import time

import pexpect
import pyte
from pyte.screens import Margins

ROWS, COLUMNS = 24, 120


class _Screen(pyte.Screen):
    """A screen that keeps the rows scrolled off its top, as a terminal's scrollback does."""

    def __init__(self, columns: int, lines: int) -> None:
        super().__init__(columns, lines)
        self.scrolled: list[str] = []

    def row(self, y: int) -> str:
        line = self.buffer[y]  # a wide character's second cell holds ""
        return "".join(line[x].data for x in range(self.columns)).rstrip()

    def index(self) -> None:
        top, bottom = self.margins or Margins(0, self.lines - 1)
        if self.cursor.y == bottom and top == 0:
            self.scrolled.append(self.row(top))
        super().index()


class Terminal:
    """``argv`` on a pseudo-terminal of ``ROWS``×``COLUMNS``, and the screen it draws."""

    def __init__(self, argv: list[str], env: dict[str, str], timeout: float = 60) -> None:
        self.child = pexpect.spawn(argv[0], argv[1:], env={**os.environ, **env},
                                   dimensions=(ROWS, COLUMNS))
        self.screen = _Screen(COLUMNS, ROWS)
        self._stream = pyte.ByteStream(self.screen)
        self.timeout = timeout
        self._ended = False

    def send(self, text: str) -> None:
        self.child.send(text)

    def sendcontrol(self, char: str) -> None:
        self.child.sendcontrol(char)

    def sendintr(self) -> None:
        self.child.sendintr()

    def close(self) -> None:
        self.child.close(force=True)

    def rows(self) -> list[str]:
        """Every row shown so far: the scrolled-off ones, then the screen's."""
        return [*self.screen.scrolled, *(self.screen.row(y) for y in range(ROWS))]

    def text(self, after: str | None = None) -> str:
        """The rows as lines, without the blank ones at the bottom; with ``after``, only the
        rows below the last one that shows ``after`` (none while no row shows it)."""
        rows = self.rows()
        if after is not None:
            hits = [i for i, row in enumerate(rows) if after in row]
            rows = rows[hits[-1] + 1:] if hits else []
        return "\n".join(rows).rstrip()

    def wait_for(self, pattern: str, after: str | None = None) -> re.Match[str]:
        """Read the program's output until ``text(after)`` matches ``pattern`` (``^`` and
        ``$`` match at each row); fail with the screen if it does not within the timeout."""
        regex = re.compile(pattern, re.MULTILINE)
        deadline = time.monotonic() + self.timeout
        while True:
            found = regex.search(self.text(after))
            if found:
                return found
            if self._ended or time.monotonic() > deadline:
                where = f" below the last row showing {after!r}" if after is not None else ""
                why = "the program ended" if self._ended else f"{self.timeout:g} s passed"
                raise AssertionError(f"the screen never showed {pattern!r}{where} ({why}):\n"
                                     + self.dump())
            self._read(min(1.0, deadline - time.monotonic()))

    def wait_for_exit(self) -> int:
        """Read until the program ends; its exit status."""
        deadline = time.monotonic() + self.timeout
        while not self._ended:
            if time.monotonic() > deadline:
                raise AssertionError(f"the program still runs after {self.timeout:g} s:\n"
                                     + self.dump())
            self._read(min(1.0, deadline - time.monotonic()))
        self.child.close()
        assert self.child.exitstatus is not None, f"killed by signal {self.child.signalstatus}"
        return self.child.exitstatus

    def dump(self) -> str:
        """The screen, framed, below the last rows that scrolled off it."""
        scrolled = self.screen.scrolled[-30:]
        head = [f"({len(self.screen.scrolled)} rows scrolled off; the last {len(scrolled)}:)",
                *scrolled] if scrolled else []
        frame = "+" + "-" * COLUMNS + "+"
        body = [f"|{self.screen.row(y):<{COLUMNS}}|" for y in range(ROWS)]
        return "\n".join([*head, frame, *body, frame])

    def _read(self, timeout: float) -> None:
        try:
            data = self.child.read_nonblocking(1 << 16, timeout=max(timeout, 0.01))
        except pexpect.TIMEOUT:
            return
        except pexpect.EOF:
            self._ended = True
            return
        self._stream.feed(data)
