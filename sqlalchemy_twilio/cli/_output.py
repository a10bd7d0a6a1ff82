"""Results written out: an aligned table (paged when taller than the terminal), CSV, JSON,
NDJSON and Parquet, every format but the table streamed a batch of rows at a time.

How each format writes each type is in the README ("The command line"); in short: a decimal
with the digits it holds (a JSON number, never a float's expansion), a datetime in ISO 8601
UTC (``2026-06-01T12:00:00+00:00``), a date ``YYYY-MM-DD``, a boolean ``true``/``false``, a
JSON column as JSON in json and ndjson (its JSON text in csv and the table), NULL as null (an
empty field in csv and the table), a blob as hex.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as _dt
import json
import math
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from typing import IO, Any, BinaryIO, TextIO

from wcwidth import wcswidth

from ._progress import Progress

__all__ = ["FORMATS", "STREAMED", "BINARY_FORMATS", "OutputError", "write_result", "write_table",
           "text_of", "staged", "distinct_names"]

FORMATS = ("table", "csv", "json", "ndjson", "parquet")
#: Formats written a batch of rows at a time, as the rows are read.
STREAMED = frozenset({"csv", "json", "ndjson", "parquet"})
#: Formats written as bytes, which a terminal cannot show.
BINARY_FORMATS = frozenset({"parquet"})

#: Rows fetched at a time: what a streamed format holds in memory at once.
FETCH_ROWS = 500


class OutputError(Exception):
    """The result cannot be written as asked; the message says what to change."""


_UTC = _dt.timezone.utc


def _decimal_text(value: Decimal) -> str:
    # Positional, with the digits the value holds: -0.0075, never -7.5E-3.
    return format(value, "f")


def _datetime_text(value: _dt.datetime) -> str:
    if value.tzinfo is not None and value.utcoffset():
        value = value.astimezone(_UTC)
    return value.isoformat()


def text_of(value: Any) -> str:
    """A value as text, as csv and the table show it (NULL: the empty string)."""
    cls = value.__class__
    if value is None:
        return ""
    if cls is str:
        return value  # type: ignore[no-any-return]
    if cls is bool:
        return "true" if value else "false"
    if cls is int or cls is float:
        return repr(value)
    if cls is Decimal:
        return _decimal_text(value)
    if isinstance(value, _dt.datetime):
        return _datetime_text(value)
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).hex()
    return str(value)


# Control characters shown as escapes, so a value with a newline stays on its row.
_ESCAPES = {i: f"\\x{i:02x}" for i in (*range(0x20), 0x7f, *range(0x80, 0xa0))}
_ESCAPES.update({ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t"})


def _cell(value: Any) -> str:
    return text_of(value).translate(_ESCAPES)


def _pad(text: str, width: int) -> str:
    # Aligned by the columns a terminal gives each character (会議 takes four), not by len().
    return text + " " * (width - max(wcswidth(text), 0))


_quote: Callable[[str], str] = json.encoder.encode_basestring  # type: ignore[attr-defined]


def _refuse_constant(name: str) -> Any:
    raise ValueError(name)  # NaN and Infinity are not JSON


def _json_value(value: Any) -> str:
    """A value as JSON text: a decimal a number with its own digits, a datetime its ISO 8601
    UTC text, a blob its hex; a float that JSON cannot hold (inf) null."""
    cls = value.__class__
    if value is None:
        return "null"
    if cls is str:
        return _quote(value)
    if cls is bool:
        return "true" if value else "false"
    if cls is int:
        return repr(value)
    if cls is float:
        return repr(value) if math.isfinite(value) else "null"
    if cls is Decimal:
        return _decimal_text(value) if value.is_finite() else "null"
    if isinstance(value, (_dt.date, bytes, bytearray, memoryview)):
        return _quote(text_of(value))
    return _quote(str(value))


def _json_column(value: Any) -> str:
    """A value of a JSON column: its JSON text as it is, when it is one JSON value on one
    line; other text (a UNION may bring some) as a JSON string."""
    if value.__class__ is not str:
        return _json_value(value)
    try:
        json.loads(value, parse_constant=_refuse_constant)
    except ValueError:
        return _quote(value)
    if "\n" in value or "\r" in value:
        return json.dumps(json.loads(value), ensure_ascii=False, separators=(",", ":"))
    return value  # type: ignore[no-any-return]


def distinct_names(names: Sequence[str]) -> list[str]:
    """Column names as keys, which must differ (a JSON object's, a Parquet file's): a name
    met again (``SELECT *`` of a join) gets ``_1``, ``_2``, … the first unused."""
    taken = set(names)
    seen: set[str] = set()
    out = []
    for name in names:
        if name in seen:
            n = 1
            while f"{name}_{n}" in taken:
                n += 1
            name = f"{name}_{n}"
            taken.add(name)
        seen.add(name)
        out.append(name)
    return out


def _json_rows(description: Sequence[Sequence[Any]]) -> Callable[[Sequence[Any]], str]:
    """A function writing a row as a JSON object, each column by its declared type."""
    keys = [_quote(n) + ": " for n in distinct_names([str(d[0]) for d in description])]
    encoders = [_json_column if (d[1] or "").upper() == "JSON" else _json_value
                for d in description]
    pairs = list(zip(keys, encoders))

    def row_text(row: Sequence[Any]) -> str:
        return "{" + ", ".join([k + e(v) for (k, e), v in zip(pairs, row)]) + "}"

    return row_text


def _table_lines(names: Sequence[str], rows: Sequence[Sequence[Any]], count: bool
                 ) -> list[str]:
    header = [_cell(n) for n in names]
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max(wcswidth(n), 0) for n in header]
    for row in cells:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], wcswidth(cell))
    lines = ["  ".join(_pad(n, w) for n, w in zip(header, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines.extend("  ".join(_pad(c, w) for c, w in zip(row, widths)).rstrip() for row in cells)
    if count:
        lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return lines


def write_table(out: TextIO, names: Sequence[str], rows: Sequence[Sequence[Any]], *,
                count: bool = True, page: bool = False) -> None:
    """An aligned table; with ``page``, through ``$PAGER`` when taller or wider than the
    terminal ``out`` is, as psql does."""
    lines = _table_lines(names, rows, count)
    if page and _paged(out, lines):
        return
    for line in lines:  # a line at a time: a reader that goes away is noticed at once
        out.write(f"{line}\n")


def _pager() -> str | None:
    pager = os.environ.get("PAGER")
    if pager is not None:
        return pager.strip() or None  # PAGER='' turns paging off
    if shutil.which("less"):
        return "less -FRSX"
    return "more" if shutil.which("more") else None


def _paged(out: TextIO, lines: list[str]) -> bool:
    if not (out is sys.stdout and out.isatty()):
        return False
    size = shutil.get_terminal_size()
    if len(lines) < size.lines and max(map(wcswidth, lines), default=0) <= size.columns:
        return False
    pager = _pager()
    if pager is None:
        return False
    out.flush()
    try:
        process = subprocess.Popen(pager, shell=True, stdin=subprocess.PIPE,
                                   encoding=out.encoding or "utf-8", errors="replace")
    except OSError:
        return False
    assert process.stdin is not None
    try:
        process.stdin.write("".join(f"{line}\n" for line in lines))
        process.stdin.close()
    except BrokenPipeError:
        pass  # the reader quit the pager before the end: that is what q is for
    while True:
        try:
            process.wait()
            break
        except KeyboardInterrupt:
            continue  # Ctrl-C belongs to the pager while it runs, as with psql
    return True


def _batches(cursor: Any, progress: Progress | None) -> Iterator[list[Any]]:
    while True:
        rows = cursor.fetchmany(FETCH_ROWS)
        if progress is not None:
            progress.rows += len(rows)
            progress.show()
        if not rows:
            return
        yield rows


def write_result(cursor: Any, fmt: str, out: TextIO | BinaryIO,
                 progress: Progress | None = None, *, page: bool = False) -> None:
    """Every row of ``cursor``'s result, in ``fmt``, to ``out`` (for Parquet a binary file
    that can be rewritten: a seekable one). A batch is written only once all of it is
    encoded, so a row is never half-written."""
    description = cursor.description
    names = [d[0] for d in description]
    text: TextIO = out  # type: ignore[assignment]
    if fmt == "table":
        rows = [r for batch in _batches(cursor, progress) for r in batch]
        if progress is not None:
            progress.clear()
        write_table(text, names, rows, page=page)
    elif fmt == "csv":
        lines = _CsvLines()
        writer = csv.writer(lines, lineterminator="\n")
        writer.writerow(names)
        for batch in _batches(cursor, progress):
            writer.writerows([[text_of(v) for v in row] for row in batch])
            text.write(lines.take())
        text.write(lines.take())
    elif fmt in ("json", "ndjson"):
        # json: one array, a row a line; ndjson: a row a line.
        row_text = _json_rows(description)
        between = ",\n" if fmt == "json" else "\n"
        started = False
        for batch in _batches(cursor, progress):
            lead = between if started else "[\n" if fmt == "json" else ""
            text.write(lead + between.join([row_text(row) for row in batch]))
            started = True
        if fmt == "json":
            text.write("\n]\n" if started else "[]\n")
        elif started:
            text.write("\n")
    elif fmt == "parquet":
        from ._parquet import write_parquet

        write_parquet(description, _batches(cursor, progress), out)  # type: ignore[arg-type]
    else:
        raise OutputError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    out.flush()


class _CsvLines:
    """What the csv writer writes, kept until taken."""

    def __init__(self) -> None:
        self._parts: list[str] = []

    def write(self, text: str) -> None:
        self._parts.append(text)

    def take(self) -> str:
        text, self._parts = "".join(self._parts), []
        return text


# -- files: written whole, or not at all -----------------------------------------------------

def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def staged(path: str, *, binary: bool, append: bool = False) -> Iterator[IO[Any]]:
    """A file to write a result to, in place of ``path``: a temporary file next to it, which
    replaces ``path`` (or, with ``append``, is added to its end) once the block ends without
    an error. On an error, ``path`` is left as it was and the temporary file removed.

    A ``path`` that is not a regular file (``/dev/stdout``, a named pipe) is written as the
    result is read, a binary result once complete."""
    try:
        regular = stat.S_ISREG(os.stat(path).st_mode)
    except FileNotFoundError:
        regular = True
    if not regular:
        with _unstaged(path, binary=binary) as handle:
            yield handle
        return
    target = os.path.realpath(path)  # a link's file is replaced, not the link
    directory, name = os.path.split(target)
    fd, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=directory)
    try:
        if binary:
            handle: IO[Any] = os.fdopen(fd, "w+b")
        else:
            handle = os.fdopen(fd, "w", encoding="utf-8", newline="")
        with handle:
            yield handle
        if append and os.path.exists(target):
            with open(temporary, "rb") as written, open(target, "ab") as whole:
                shutil.copyfileobj(written, whole)
            os.unlink(temporary)
        else:
            try:
                mode = stat.S_IMODE(os.stat(target).st_mode)
            except FileNotFoundError:
                mode = 0o666 & ~_umask()  # as open() would have made it
            os.chmod(temporary, mode)
            os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


@contextlib.contextmanager
def _unstaged(target: str, *, binary: bool) -> Iterator[IO[Any]]:
    if not binary:
        with open(target, "a", encoding="utf-8", newline="") as handle:
            yield handle
        return
    with tempfile.TemporaryFile() as scratch:  # Parquet is rewritten as it widens a column
        yield scratch
        scratch.seek(0)
        with open(target, "ab") as handle:
            shutil.copyfileobj(scratch, handle)
