"""``twilio-sql``: SQL against a Twilio account, or the bundled emulator — one statement, a
script from stdin, or an interactive shell.

    twilio-sql --demo                                  # a shell on the emulator's sample data
    twilio-sql --demo "SELECT Status, COUNT(*) FROM Conferences GROUP BY Status"
    twilio-sql --url "twilio://AC…:token@/" --format csv "SELECT * FROM Conferences"
    twilio-sql --format parquet -o calls.parquet "SELECT * FROM Calls"
    twilio-sql --explain "SELECT * FROM Conferences WHERE Status = 'completed'"
    twilio-sql --dry-run "UPDATE ConferenceParticipants SET Muted = true WHERE …"
    twilio-sql < report.sql                            # statements in order, stops at an error
    twilio-sql --tables
    twilio-sql --describe ConferenceParticipants
    twilio-sql superset-dashboard > twilio.zip         # a dashboard for Superset to import

The URL comes from ``--url``, else ``TWILIO_URL``, else the ``TWILIO_*`` variables the dialect
reads for a bare ``twilio://``.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from ._output import FORMATS
from ._script import steps
from ._session import Session, describe, error_text, tables

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="twilio-sql",
        description="Query and manage a Twilio account with SQL (SQLite's dialect). With no "
                    "statement: a shell on a terminal, else the statements read from stdin.",
        epilog="twilio-sql superset-dashboard --help: a Superset dashboard of the account.")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--url", help="twilio:// URL (default: $TWILIO_URL, then TWILIO_* vars)")
    source.add_argument("--demo", action="store_true",
                        help="run against the bundled emulator with sample data")
    parser.add_argument("--format", choices=FORMATS, default="table",
                        help="table (aligned), csv, json, ndjson (a JSON object a line) or "
                             "parquet (needs the parquet extra); all but table are streamed")
    parser.add_argument("-o", "--output", metavar="FILE", help="write results to FILE")
    parser.add_argument("--explain", action="store_true",
                        help="print the API requests the statement would make (and, for a "
                             "write, the writes that would follow), and run nothing")
    parser.add_argument("--dry-run", action="store_true",
                        help="run a write statement's reads and print the write requests it "
                             "would send, sending none")
    parser.add_argument("--tables", action="store_true", help="list the tables and exit")
    parser.add_argument("--describe", metavar="TABLE",
                        help="list a table's columns (HIDDEN and writable marked) and exit")
    parser.add_argument("sql", nargs="?", help="one SQL statement (none: a shell, or stdin)")
    return parser


def _script(session: Session) -> int:
    """The statements of stdin, in order, until the first that fails."""
    for step in steps(sys.stdin):
        try:
            session.run(step.text)
        except Exception as exc:
            print(f"twilio-sql: error at line {step.line}: {error_text(exc)}", file=sys.stderr)
            return 1
        if session.done:
            break
    return 0


def _connected(args: argparse.Namespace) -> int:
    from contextlib import ExitStack

    with ExitStack() as stack:
        if args.demo:
            from ..emulator import Emulator

            url = stack.enter_context(Emulator()).url
        else:
            url = args.url or os.environ.get("TWILIO_URL") or "twilio://"
        session = Session(url, fmt=args.format, output=args.output, explain_only=args.explain,
                          dry_run=args.dry_run, demo=args.demo)
        stack.callback(session.close)
        if args.sql is not None:
            session.run(args.sql)
            return 0
        if sys.stdin.isatty():
            from ._shell import run_shell

            return run_shell(session)
        return _script(session)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["superset-dashboard"]:
        from ._dashboard import main as dashboard

        return dashboard(argv[1:])
    args = _parser().parse_args(argv)
    try:
        if args.tables:
            tables(sys.stdout)
        elif args.describe:
            describe(args.describe, sys.stdout)
        else:
            return _connected(args)
    except KeyboardInterrupt:
        print("twilio-sql: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return _reader_went_away()
    except Exception as exc:  # one line, whatever went wrong
        print(f"twilio-sql: error: {error_text(exc)}", file=sys.stderr)
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
