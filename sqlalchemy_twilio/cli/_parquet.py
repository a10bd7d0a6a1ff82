"""Parquet output (the ``parquet`` extra: pyarrow), a row group for each batch of rows, so an
export of any size holds one batch in memory."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, BinaryIO

from ._output import OutputError

__all__ = ["write_parquet"]

_EXTRA = ("--format parquet needs pyarrow: pip install 'sqlalchemy-twilio[parquet]' "
          "(or use --format ndjson or csv)")


def _pyarrow() -> Any:
    try:
        import pyarrow as pa
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        raise OutputError(_EXTRA) from None
    return pa


def _declared(pa: Any, decltype: str | None) -> Any:
    # Decimals go out as doubles, as pandas reads them; the text form of a price is exact in
    # csv and json.
    return {
        "TEXT": pa.string(), "JSON": pa.string(), "VARCHAR": pa.string(), "CLOB": pa.string(),
        "INTEGER": pa.int64(), "INT": pa.int64(), "BOOLEAN": pa.bool_(),
        "REAL": pa.float64(), "FLOAT": pa.float64(), "DECIMAL": pa.float64(),
        "NUMERIC": pa.float64(), "DATETIME": pa.timestamp("us", tz="UTC"),
        "TIMESTAMP": pa.timestamp("us", tz="UTC"), "DATE": pa.date32(), "BLOB": pa.binary(),
    }.get((decltype or "").upper())


def _inferred(pa: Any, values: Iterable[Any]) -> Any:
    # An expression's column (COUNT(*), a CASE) has no declared type: SQLite's value types in
    # the first batch decide it.
    kinds = {type(v) for v in values if v is not None}
    if kinds <= {int, bool} and kinds:
        return pa.int64()
    if kinds <= {int, float, bool} and kinds:
        return pa.float64()
    if kinds == {bytes}:
        return pa.binary()
    return pa.string()


def write_parquet(description: Sequence[Sequence[Any]], batches: Iterable[list[Any]],
                  out: BinaryIO) -> None:
    pa = _pyarrow()
    import pyarrow.parquet as pq

    names = [d[0] for d in description]
    types = [_declared(pa, d[1]) for d in description]
    writer = None
    for batch in batches:
        columns = list(zip(*batch))
        if writer is None:
            types = [t or _inferred(pa, columns[i]) for i, t in enumerate(types)]
            writer = pq.ParquetWriter(out, pa.schema(list(zip(names, types))))
        arrays = []
        for name, kind, values in zip(names, types, columns):
            if kind == pa.string():
                values = tuple(v if v is None or isinstance(v, str) else str(v)
                               for v in values)
            try:
                arrays.append(pa.array(values, type=kind))
            except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, OverflowError):
                raise OutputError(
                    f"column {name} holds values of more than one type, which Parquet cannot "
                    f"store in one column: CAST it in the statement (CAST({name} AS TEXT))"
                ) from None
        writer.write_table(pa.Table.from_arrays(arrays, names=names))
    if writer is None:
        types = [t or pa.string() for t in types]
        writer = pq.ParquetWriter(out, pa.schema(list(zip(names, types))))
    writer.close()
