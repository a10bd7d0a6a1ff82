"""The progress line on stderr while a statement runs: requests answered, date windows, rows."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from typing import TextIO

__all__ = ["Progress", "progress"]


class Progress(logging.Handler):
    """A line on stderr, kept up to date: the requests answered (and how many are in flight
    while a scan runs in date windows), the windows, and the rows read so far."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__(logging.DEBUG)
        self.stream = stream
        self.requests = 0
        self.in_flight = 0
        self.windows = 0
        self.rows = 0
        self.shown = False
        self._width = 0

    def emit(self, record: logging.LogRecord) -> None:
        if getattr(record, "twilio_request", False):
            self.requests += 1
            self.in_flight = getattr(record, "twilio_in_flight", 0)
            self.show()
        elif getattr(record, "twilio_windows", 0):
            self.windows += record.twilio_windows  # type: ignore[attr-defined]
            self.show()

    def show(self) -> None:
        line = f"{self.requests} requests"
        if self.windows:
            line += f" ({self.in_flight} in flight, {self.windows} date windows)"
        line += f", {self.rows} rows fetched"
        self._width = max(self._width, len(line) + 1)
        self.stream.write(f"\r{line.ljust(self._width)}")
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self.shown = False


@contextlib.contextmanager
def progress(stream: TextIO | None) -> Iterator[Progress | None]:
    """A progress line on ``stream`` while the block runs (none without a stream)."""
    if stream is None:
        yield None
        return
    handler = Progress(stream)
    logger = logging.getLogger("sqlalchemy_twilio")
    old_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
        handler.clear()
