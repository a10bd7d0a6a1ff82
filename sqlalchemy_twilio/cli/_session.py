"""One connection and its settings, running what a user types: SQL statements and the
dot-commands (``.tables``, ``.schema``, ``.format``, …) of the shell and of piped scripts."""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO, TextIO

from ._output import (
    BINARY_FORMATS,
    FORMATS,
    STREAMED,
    OutputError,
    staged,
    write_result,
    write_table,
)
from ._progress import progress

__all__ = ["Session", "UsageError", "describe", "tables", "error_text", "DEMO_BANNER",
           "COMMAND_NAMES"]


def _banner() -> str:
    from ..resources.examples import EXAMPLE_QUERIES

    examples = "".join("  " + q.replace("\n", "\n  ") + "\n" for q in EXAMPLE_QUERIES)
    return ("The bundled emulator, with sample data: nothing here reaches Twilio. Try:\n\n"
            f"{examples}\n"
            ".tables lists the tables, .schema TABLE a table's columns, .help the rest.\n")


DEMO_BANNER = _banner()

#: The dot-commands: how each is given and what it does. Each runs the Session method of its
#: name (``.schema`` → ``_schema``); the shell completes these names, ``.help`` shows this.
COMMANDS: tuple[tuple[str, str], ...] = (
    (".tables", "the tables"),
    (".schema TABLE", "a table's columns (key, HIDDEN and writable ones marked)"),
    (".explain [on|off]", "show the API requests of each statement before it runs"),
    (".dryrun [on|off]", "run writes' reads only and show the write requests, sending none"),
    (".format FORMAT", "table, csv, json, ndjson or parquet (parquet needs .output FILE)"),
    (".output [FILE]", "write results to FILE (.output alone: back to the terminal)"),
    (".demo", "example queries"),
    (".help", "this text"),
    (".quit", "leave (or Ctrl-D)"),
)
#: The names sqlite3's shell gives some of them.
_ALIASES = {".describe": ".schema", ".mode": ".format", ".exit": ".quit"}
COMMAND_NAMES = tuple(usage.split()[0] for usage, _ in COMMANDS)

HELP = "".join(f"{usage:<22}{what}\n" for usage, what in COMMANDS) + (
    "End a statement with ; to run it; Ctrl-C stops a running one.\n")


class UsageError(Exception):
    """A dot-command given wrongly; the message says how to give it."""


def error_text(exc: BaseException) -> str:
    """An error as one line: the DB-API error under SQLAlchemy's wrapper, whitespace folded."""
    message = getattr(exc, "orig", None) or exc
    return " ".join(str(message).split())


def tables(out: TextIO, *, page: bool = False) -> None:
    from ..resources import RESOURCES

    write_table(out, ["table", "description"],
                [(r.name, r.description) for r in RESOURCES.values()], count=False, page=page)


def describe(name: str, out: TextIO, *, page: bool = False) -> None:
    from ..resources import get_resource

    try:
        resource = get_resource(name)
    except KeyError:
        raise UsageError(f"no such table: {name} (.tables or twilio-sql --tables lists them)"
                         ) from None
    rows = []
    for c in resource.columns:
        marks = [m for m, on in (("key", c.name in resource.key), ("HIDDEN", c.hidden),
                                 ("UPDATE", c.update is not None),
                                 ("INSERT", c.create is not None)) if on]
        rows.append((c.name, c.type.value, " ".join(marks), c.description))
    out.write(f"{resource.name}: {resource.description}\n\n")
    write_table(out, ["column", "type", "flags", "description"], rows, count=False, page=page)


def _switch(args: list[str], current: bool, command: str) -> bool:
    if not args:
        return not current
    if args[0].lower() in ("on", "off") and len(args) == 1:
        return args[0].lower() == "on"
    raise UsageError(f"{command} takes on, off or nothing (to switch it)")


class Session:
    """A connection to one ``twilio://`` URL, kept while statements run, and how results are
    shown. ``explain_only`` explains each statement and runs none (``--explain``);
    ``show_requests`` explains each one and then runs it (``.explain``)."""

    def __init__(self, url: str, *, fmt: str = "table", output: str | None = None,
                 explain_only: bool = False, dry_run: bool = False, demo: bool = False,
                 out: TextIO | None = None, err: TextIO | None = None) -> None:
        from sqlalchemy import create_engine

        self.out = out or sys.stdout
        self.err = err or sys.stderr
        self.fmt = fmt
        self.explain_only = explain_only
        self.show_requests = False
        self.dry_run = dry_run
        self.demo = demo
        self.done = False
        self._output_path: str | None = None
        self._replace_output = True
        self._engine = create_engine(url)
        self._conn: Any = self._engine.raw_connection()
        if output is not None:
            self._set_output(output)

    # -- what is known of the connection ----------------------------------------------------

    @property
    def secrets(self) -> tuple[str, ...]:
        """The credential the connection uses, which nothing written may hold."""
        secret = self._conn.client.config.password.get_secret_value()
        return (secret,) if secret else ()

    @property
    def account_sid(self) -> str:
        return str(self._conn.client.account_sid)

    def close(self) -> None:
        try:
            self._conn.close()
        finally:
            self._engine.dispose()

    # -- running ----------------------------------------------------------------------------

    def run(self, text: str) -> None:
        """Run one statement or dot-command. Errors are raised; a KeyboardInterrupt stops the
        statement where it is (closing its cursor stops its requests) and is raised too."""
        text = text.strip()
        if text.startswith("."):
            self._command(text)
        elif text.strip(" \t\r\n;"):
            self._statement(text)

    def _statement(self, sql: str) -> None:
        if self.explain_only or self.show_requests:
            for line in self._conn.explain(sql):
                self.out.write(f"{line}\n")
            if self.explain_only:
                return
            self.out.flush()
        if self.fmt in BINARY_FORMATS and self._output_path is None and self.out.isatty():
            raise OutputError(f"{self.fmt} is binary: send it to a file (.output FILE, "
                              "--output FILE or > FILE)")
        cursor = self._conn.cursor()
        try:
            if self.dry_run:
                cursor.dry_run = True
            # Formats written as they are read page in order, holding about a page: a
            # scan in date windows reads ahead of a slow writer, up to five pages a window.
            cursor.stream = self.fmt in STREAMED
            with progress(self.err if self.err.isatty() else None) as shown:
                cursor.execute(sql)
                if cursor.description is None:
                    self._changes(cursor)
                    return
                with self._destination() as out:
                    write_result(cursor, self.fmt, out, shown,
                                 page=self._output_path is None)
        finally:
            cursor.close()

    @contextlib.contextmanager
    def _destination(self) -> Iterator[TextIO | BinaryIO]:
        """Where a result goes. A file gets it whole or not at all: it is written next to the
        file and replaces it (a later text result is added to its end) once written; a result
        that fails leaves the file as it was. Parquet to stdout is written whole, then sent."""
        binary = self.fmt in BINARY_FORMATS
        if self._output_path is None:
            if not binary:
                yield self.out
                return
            with tempfile.TemporaryFile() as scratch:
                yield scratch
                scratch.seek(0)
                self.out.flush()
                shutil.copyfileobj(scratch, self.out.buffer)  # type: ignore[attr-defined]
                self.out.buffer.flush()  # type: ignore[attr-defined]
            return
        append = not (binary or self._replace_output)
        with staged(self._output_path, binary=binary, append=append) as file:
            yield file
        # A Parquet file is whole: the next result replaces it too.
        self._replace_output = binary

    def _changes(self, cursor: Any) -> None:
        rows = cursor.rowcount
        plural = "s" if rows != 1 else ""
        if self.dry_run:
            sent = len(cursor.writes)
            self.out.write(f"dry run: {rows} row{plural} would change; {sent} write "
                           f"request{'s' if sent != 1 else ''} would be sent, none was:\n")
            for request in cursor.writes:
                self.out.write(f"{request}\n")
            return
        self.out.write(f"{rows} row{plural} changed\n")

    # -- dot-commands -----------------------------------------------------------------------

    def _command(self, text: str) -> None:
        try:
            words = shlex.split(text)
        except ValueError as exc:
            raise UsageError(f"{text.split()[0]}: {exc}") from None
        name, args = words[0].lower(), words[1:]
        name = _ALIASES.get(name, name)
        if name not in COMMAND_NAMES:
            raise UsageError(f"unknown command {words[0]}: .help lists them")
        command: Callable[[list[str]], None] = getattr(self, "_" + name[1:])
        command(args)

    def _tables(self, args: list[str]) -> None:
        tables(self.out, page=True)

    def _schema(self, args: list[str]) -> None:
        if len(args) != 1:
            raise UsageError(".schema takes one table name (.tables lists them)")
        describe(args[0], self.out, page=True)

    def _explain(self, args: list[str]) -> None:
        self.show_requests = _switch(args, self.show_requests, ".explain")
        self.err.write(f"explain {'on' if self.show_requests else 'off'}\n")

    def _dryrun(self, args: list[str]) -> None:
        self.dry_run = _switch(args, self.dry_run, ".dryrun")
        self.err.write(f"dry run {'on' if self.dry_run else 'off'}\n")

    def _format(self, args: list[str]) -> None:
        if len(args) != 1 or args[0].lower() not in FORMATS:
            raise UsageError(f".format takes one of {', '.join(FORMATS)}")
        self.fmt = args[0].lower()

    def _output(self, args: list[str]) -> None:
        if len(args) > 1:
            raise UsageError(".output takes one file name (or none: back to the terminal)")
        self._set_output(args[0] if args else None)

    def _set_output(self, path: str | None) -> None:
        if path in (None, "-", "stdout"):
            self._output_path = None
            return
        directory = os.path.dirname(os.path.abspath(path))
        if os.path.isdir(path):
            raise UsageError(f"cannot write {path}: it is a directory")
        if not os.path.isdir(directory):
            raise UsageError(f"cannot write {path}: there is no directory {directory}")
        if not os.access(directory, os.W_OK):
            raise UsageError(f"cannot write {path}: {directory} is not writable")
        self._output_path = path
        self._replace_output = True  # the next result replaces the file

    def _demo(self, args: list[str]) -> None:
        self.out.write(DEMO_BANNER)

    def _help(self, args: list[str]) -> None:
        self.out.write(HELP)

    def _quit(self, args: list[str]) -> None:
        self.done = True
