"""Results written out: an aligned table (paged when taller than the terminal), CSV, JSON,
NDJSON and Parquet, every format but the table streamed a batch of rows at a time."""

from __future__ import annotations

import csv
import datetime as _dt
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator, Sequence
from typing import Any, BinaryIO, TextIO

from wcwidth import wcswidth

from ._progress import Progress

__all__ = ["FORMATS", "STREAMED", "BINARY_FORMATS", "OutputError", "write_result", "write_table"]

FORMATS = ("table", "csv", "json", "ndjson", "parquet")
#: Formats written a batch of rows at a time, as the rows are read.
STREAMED = frozenset({"csv", "json", "ndjson", "parquet"})
#: Formats written as bytes, which a terminal cannot show.
BINARY_FORMATS = frozenset({"parquet"})

#: Rows fetched at a time: what a streamed format holds in memory at once.
FETCH_ROWS = 500


class OutputError(Exception):
    """The result cannot be written as asked; the message says what to change."""


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


def _json_row(names: Sequence[str], row: Sequence[Any]) -> str:
    return json.dumps({n: _json_value(v) for n, v in zip(names, row)}, ensure_ascii=False)


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
    """Every row of ``cursor``'s result, in ``fmt``, to ``out`` (binary for Parquet)."""
    names = [d[0] for d in cursor.description]
    if fmt == "table":
        rows = [r for batch in _batches(cursor, progress) for r in batch]
        if progress is not None:
            progress.clear()
        write_table(out, names, rows, page=page)  # type: ignore[arg-type]
    elif fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")  # type: ignore[arg-type]
        writer.writerow(names)
        for batch in _batches(cursor, progress):
            writer.writerows([[_text(v) for v in row] for row in batch])
    elif fmt == "json":
        first = True
        out.write("[")  # type: ignore[arg-type]
        for batch in _batches(cursor, progress):
            for row in batch:
                out.write(("\n" if first else ",\n")  # type: ignore[arg-type]
                          + _json_row(names, row))
                first = False
        out.write("\n]\n" if not first else "]\n")  # type: ignore[arg-type]
    elif fmt == "ndjson":
        for batch in _batches(cursor, progress):
            out.write("".join(  # type: ignore[arg-type]
                _json_row(names, row) + "\n" for row in batch))
    elif fmt == "parquet":
        from ._parquet import write_parquet

        write_parquet(cursor.description, _batches(cursor, progress), out)  # type: ignore[arg-type]
    else:
        raise OutputError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    out.flush()
