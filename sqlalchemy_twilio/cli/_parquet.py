"""Parquet output (the ``parquet`` extra: pyarrow), a row group for each batch of rows, so an
export of any size holds one batch in memory.

A column's type comes from its declared type (``DECIMAL`` is ``decimal128(38, 18)``: exact for
every value with at most 20 digits before the point and 18 after) or, for an expression, from
its values. Values that the type cannot hold exactly (an expression that is an integer in one
row and a fraction in another, text among numbers, a decimal with more places) widen the
column for the whole file — integers to doubles, anything else to text — and the row groups
already written are written again with the wider type, so the file's types never depend on
where a batch ended and an export never fails for a value's type.
"""

from __future__ import annotations

import datetime as _dt
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, BinaryIO

from ._output import OutputError, distinct_names, text_of

__all__ = ["write_parquet", "DECIMAL_PRECISION", "DECIMAL_SCALE"]

_EXTRA = ("--format parquet needs pyarrow: pip install 'sqlalchemy-twilio[parquet]' "
          "(or use --format ndjson or csv)")

#: The Parquet type of a DECIMAL column: decimal128(38, 18).
DECIMAL_PRECISION = 38
DECIMAL_SCALE = 18

# A column's kind: what its values are, from which its Arrow type follows. None: no value
# seen yet (an expression that has been NULL so far), written as text until one is.
_DECLARED = {
    "TEXT": "text", "JSON": "text", "VARCHAR": "text", "CHAR": "text", "CLOB": "text",
    "INTEGER": "integer", "INT": "integer", "BOOLEAN": "boolean", "REAL": "double",
    "FLOAT": "double", "DECIMAL": "decimal", "NUMERIC": "decimal", "DATETIME": "datetime",
    "TIMESTAMP": "datetime", "DATE": "date", "BLOB": "blob",
}
#: Kinds a value of one kind widens to with a value of another, narrowest first.
_NUMBERS = ("boolean", "integer", "double")


def _pyarrow() -> Any:
    try:
        import pyarrow as pa
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        raise OutputError(_EXTRA) from None
    return pa


def _kind_of(value: Any) -> str:
    cls = value.__class__
    if cls is bool:
        return "boolean"
    if cls is int:
        return "integer"
    if cls is float:
        return "double"
    if cls is Decimal:
        return "decimal"
    if isinstance(value, _dt.datetime):
        return "datetime"
    if isinstance(value, _dt.date):
        return "date"
    if isinstance(value, (bytes, bytearray, memoryview)):
        return "blob"
    return "text"


def _join(kind: str | None, other: str | None) -> str | None:
    """The narrowest kind holding values of both kinds exactly (doubles for integers and
    fractions, as SQLite's arithmetic does)."""
    if kind is None or kind == other:
        return other
    if other is None:
        return kind
    if kind in _NUMBERS and other in _NUMBERS:
        return max(kind, other, key=_NUMBERS.index)
    if {kind, other} == {"integer", "decimal"}:
        return "decimal"
    return "text"


def _arrow_type(pa: Any, kind: str | None) -> Any:
    return {
        "boolean": pa.bool_(), "integer": pa.int64(), "double": pa.float64(),
        "decimal": pa.decimal128(DECIMAL_PRECISION, DECIMAL_SCALE),
        "datetime": pa.timestamp("us", tz="UTC"), "date": pa.date32(), "blob": pa.binary(),
    }.get(kind or "text", pa.string())


def _text(value: Any) -> str | None:
    # As csv writes it; a decimal read back from the file without the zeros that pad it.
    if value is None or value.__class__ is str:
        return value  # type: ignore[no-any-return]
    return text_of(value.normalize() if value.__class__ is Decimal else value)


class _Writer:
    """The file being written: its columns' kinds, and the row groups so far."""

    def __init__(self, pa: Any, description: Sequence[Sequence[Any]], out: BinaryIO) -> None:
        import pyarrow.parquet as pq

        self.pa, self.pq, self.out = pa, pq, out
        self.names = distinct_names([str(d[0]) for d in description])
        self.kinds: list[str | None] = [_DECLARED.get((d[1] or "").upper())
                                        for d in description]
        self.writer: Any = None

    def _schema(self) -> Any:
        return self.pa.schema([(n, _arrow_type(self.pa, k))
                               for n, k in zip(self.names, self.kinds)])

    def _open(self) -> None:
        self.writer = self.pq.ParquetWriter(self.out, self._schema())

    def _array(self, values: Sequence[Any], kind: str | None) -> Any:
        if kind in (None, "text"):
            values = [_text(v) for v in values]
        return self.pa.array(values, type=_arrow_type(self.pa, kind))

    def write(self, batch: list[Any]) -> None:
        pa = self.pa
        columns = list(zip(*batch))
        arrays: list[Any] = []
        widened = []
        for i, values in enumerate(columns):
            kind = self.kinds[i]
            seen = {_kind_of(v) for v in values if v is not None}
            for other in seen:
                kind = _join(kind, other)
            if "boolean" in seen and kind in ("integer", "double"):
                values = tuple(int(v) if v.__class__ is bool else v for v in values)
            try:
                array = self._array(values, kind)
            except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError, OverflowError):
                # A decimal with more places than the type holds, a number too large: text.
                kind = "text"
                array = self._array(values, kind)
            if kind != self.kinds[i]:
                widened.append((i, self.kinds[i]))
                self.kinds[i] = kind
            arrays.append(array)
        if self.writer is None:
            self._open()
        elif widened:
            self._rewrite(dict(widened))
        self.writer.write_table(pa.Table.from_arrays(arrays, schema=self._schema()))

    def _rewrite(self, was: dict[int, str | None]) -> None:
        """The row groups written so far, again, with the columns ``was`` names widened."""
        pa = self.pa
        self.writer.close()
        self.out.seek(0)
        with tempfile.TemporaryFile() as copy:
            shutil.copyfileobj(self.out, copy)
            copy.seek(0)
            self.out.seek(0)
            self.out.truncate()
            self._open()
            written = self.pq.ParquetFile(copy)
            for group in range(written.num_row_groups):
                table = written.read_row_group(group)
                arrays = []
                for i, column in enumerate(table.columns):
                    kind = self.kinds[i]
                    if i not in was:
                        arrays.append(column)
                    elif was[i] is None:  # nothing but NULL so far
                        arrays.append(pa.nulls(len(column), _arrow_type(pa, kind)))
                    elif kind == "text":
                        arrays.append(self._array(column.to_pylist(), kind))
                    else:  # a wider number
                        arrays.append(column.cast(_arrow_type(pa, kind), safe=False))
                self.writer.write_table(pa.Table.from_arrays(arrays, schema=self._schema()))

    def close(self) -> None:
        if self.writer is None:
            self._open()
        self.writer.close()

    def abandon(self) -> None:
        """Stop after an error: the file is thrown away, but pyarrow's writer is closed while
        the file is still open, not when it is collected."""
        if self.writer is not None:
            try:
                self.writer.close()
            except Exception:  # noqa: S110 - the error that stopped the export is the one shown
                pass


def write_parquet(description: Sequence[Sequence[Any]], batches: Iterable[list[Any]],
                  out: BinaryIO) -> None:
    """Every batch to ``out``, a seekable binary file (a column widened part-way rewrites it)."""
    writer = _Writer(_pyarrow(), description, out)
    try:
        for batch in batches:
            writer.write(batch)
    except BaseException:
        writer.abandon()
        raise
    writer.close()
