"""``twilio-sql``: run one SQL statement against a Twilio account, or the bundled emulator.

    twilio-sql --demo "SELECT Status, COUNT(*) FROM Conferences GROUP BY Status"
    twilio-sql --url "twilio://AC…:token@/" --format csv "SELECT * FROM Conferences"
    twilio-sql --explain "SELECT * FROM Conferences WHERE Status = 'completed'"
    twilio-sql --dry-run "UPDATE ConferenceParticipants SET Muted = true WHERE …"
    twilio-sql --tables
    twilio-sql --describe ConferenceParticipants

The URL comes from ``--url``, else ``TWILIO_URL``, else the ``TWILIO_*`` variables the dialect
reads for a bare ``twilio://``.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as _dt
import json
import logging
import os
import sys
from collections.abc import Iterator, Sequence
from typing import Any, TextIO

from wcwidth import wcswidth

__all__ = ["main"]

_FETCH_ROWS = 500


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="twilio-sql",
        description="Query and manage a Twilio account with SQL (SQLite's dialect).",
    )
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--url", help="twilio:// URL (default: $TWILIO_URL, then TWILIO_* vars)")
    source.add_argument("--demo", action="store_true",
                        help="run against the bundled emulator with sample data")
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table")
    parser.add_argument("--explain", action="store_true",
                        help="print the API requests the statement would make (and, for a "
                             "write, the writes that would follow), and run nothing")
    parser.add_argument("--dry-run", action="store_true",
                        help="run a write statement's reads and print the write requests it "
                             "would send, sending none")
    parser.add_argument("--tables", action="store_true", help="list the tables and exit")
    parser.add_argument("--describe", metavar="TABLE",
                        help="list a table's columns (HIDDEN and writable marked) and exit")
    parser.add_argument("sql", nargs="?", help="one SQL statement")
    return parser


def _tables(out: TextIO) -> None:
    from .resources import RESOURCES

    _write_table(out, ["table", "description"],
                 [(r.name, r.description) for r in RESOURCES.values()], count=False)


def _describe(name: str, out: TextIO) -> None:
    from .resources import get_resource

    try:
        resource = get_resource(name)
    except KeyError:
        raise ValueError(f"no such table: {name} (twilio-sql --tables lists them)") from None
    rows = []
    for c in resource.columns:
        marks = [m for m, on in (("key", c.name in resource.key), ("HIDDEN", c.hidden),
                                 ("UPDATE", c.update is not None),
                                 ("INSERT", c.create is not None)) if on]
        rows.append((c.name, c.type.value, " ".join(marks), c.description))
    out.write(f"{resource.name}: {resource.description}\n\n")
    _write_table(out, ["column", "type", "flags", "description"], rows, count=False)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, _dt.datetime):
        return value.isoformat(sep=" ")
    return str(value)


# Control characters shown as escapes, so a value with a newline stays on its row.
_ESCAPES = {i: f"\\x{i:02x}" for i in (*range(0x20), 0x7f, *range(0x80, 0xa0))}
_ESCAPES.update({ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t"})


def _cell(value: Any) -> str:
    return _text(value).translate(_ESCAPES)


def _pad(text: str, width: int) -> str:
    # Aligned by the columns a terminal gives each character (会議 takes four), not by len().
    return text + " " * (width - max(wcswidth(text), 0))


def _json_value(value: Any) -> Any:
    if isinstance(value, (_dt.datetime, _dt.date)):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    return value


def _write_table(out: TextIO, names: Sequence[str], rows: Sequence[Sequence[Any]], *,
                 count: bool = True) -> None:
    header = [_cell(n) for n in names]
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max(wcswidth(n), 0) for n in header]
    for row in cells:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], wcswidth(cell))
    out.write("  ".join(_pad(n, w) for n, w in zip(header, widths)).rstrip() + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    for row in cells:
        out.write("  ".join(_pad(c, w) for c, w in zip(row, widths)).rstrip() + "\n")
    if count:
        out.write(f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n")


class _Progress(logging.Handler):
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


@contextlib.contextmanager
def _progress(enabled: bool) -> Iterator[_Progress | None]:
    if not enabled:
        yield None
        return
    handler = _Progress(sys.stderr)
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


def _run(url: str, args: argparse.Namespace, out: TextIO) -> None:
    from sqlalchemy import create_engine

    engine = create_engine(url)
    try:
        conn = engine.raw_connection()
        try:
            if args.explain:
                for line in conn.explain(args.sql):
                    out.write(f"{line}\n")
                return
            cursor = conn.cursor()
            if args.dry_run:
                cursor.dry_run = True
            with _progress(sys.stderr.isatty()) as progress:
                cursor.execute(args.sql)
                if cursor.description is None:
                    _write_changes(cursor, args.dry_run, out)
                    return
                names = [d[0] for d in cursor.description]
                _write_rows(cursor, names, args.format, out, progress)
        finally:
            conn.close()
    finally:
        engine.dispose()


def _write_changes(cursor: Any, dry_run: bool, out: TextIO) -> None:
    rows = cursor.rowcount
    plural = "s" if rows != 1 else ""
    if dry_run:
        out.write(f"dry run: {rows} row{plural} would change; "
                  f"{len(cursor.writes)} write request{'s' if len(cursor.writes) != 1 else ''}"
                  " would be sent, none was:\n")
        for request in cursor.writes:
            out.write(f"{request}\n")
        return
    out.write(f"{rows} row{plural} changed\n")


def _batches(cursor: Any, progress: _Progress | None) -> Iterator[list[Any]]:
    while True:
        rows = cursor.fetchmany(_FETCH_ROWS)
        if progress is not None:
            progress.rows += len(rows)
            progress.show()
        if not rows:
            return
        yield rows


def _write_rows(cursor: Any, names: list[str], fmt: str, out: TextIO,
                progress: _Progress | None) -> None:
    if fmt == "table":
        rows = [r for batch in _batches(cursor, progress) for r in batch]
        if progress is not None:
            progress.clear()
        _write_table(out, names, rows)
    elif fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(names)
        for batch in _batches(cursor, progress):
            writer.writerows([[_text(v) for v in row] for row in batch])
    else:
        out.write("[")
        first = True
        for batch in _batches(cursor, progress):
            for row in batch:
                item = {n: _json_value(v) for n, v in zip(names, row)}
                out.write(("\n" if first else ",\n") + json.dumps(item, ensure_ascii=False))
                first = False
        out.write("\n]\n" if not first else "]\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not (args.sql or args.tables or args.describe):
        parser.error("give one SQL statement (or --tables, --describe TABLE)")
    try:
        if args.tables:
            _tables(sys.stdout)
        elif args.describe:
            _describe(args.describe, sys.stdout)
        elif args.demo:
            from .emulator import Emulator

            with Emulator() as emulator:
                _run(emulator.url, args, sys.stdout)
        else:
            _run(args.url or os.environ.get("TWILIO_URL") or "twilio://", args, sys.stdout)
    except KeyboardInterrupt:
        print("twilio-sql: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return _reader_went_away()
    except Exception as exc:  # one line, whatever went wrong
        message = getattr(exc, "orig", None) or exc
        text = " ".join(str(message).split())
        print(f"twilio-sql: error: {text}", file=sys.stderr)
        return 1
    return 0


def _reader_went_away() -> int:
    """The reader of stdout stopped (``twilio-sql … | head``): end quietly, as Unix tools do.

    Output still buffered would fail again when Python flushes it at exit, so stdout is
    pointed at the null device first. The status is that of a process ended by SIGPIPE.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return 128 + 13


if __name__ == "__main__":
    sys.exit(main())
