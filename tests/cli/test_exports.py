"""``SELECT *`` of every table, exported in every format and read back as a user would (the
json module, the csv module, pyarrow, the aligned table's columns): every value is the one the
DB-API returns, typed as the README says each format writes each type.

Each table's query comes from its declaration: a table Twilio lists only per value of a path
parameter (a country's code) is asked for the values the data holds, and a nested table whose
parent has more rows than ``max_fanout`` for a few of its parents.
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import json
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from wcwidth import wcwidth

from benchmarks.minimality import required
from sqlalchemy_twilio import dbapi
from sqlalchemy_twilio.cli import main
from sqlalchemy_twilio.client import ClientConfig
from sqlalchemy_twilio.emulator import Emulator
from sqlalchemy_twilio.resources import RESOURCES, FanOut, Resource
from tests.conftest import UNTIL, data_key, settings

TABLES = sorted(RESOURCES)
FORMATS = ("json", "ndjson", "parquet", "csv", "table")
MAX_FANOUT = ClientConfig.model_fields["max_fanout"].default


@pytest.fixture(scope="module")
def xemu() -> Iterator[Emulator]:
    """Every table with rows; Calls with more rows than max_fanout, so the tables below a
    call are asked for some calls."""
    with Emulator(conferences=30, calls=150, messages=30, seed=11, until=UNTIL) as emu:
        yield emu


@pytest.fixture(scope="module")
def cursor(xemu: Emulator) -> Iterator[Any]:
    with dbapi.connect(**settings(xemu)) as conn:
        yield conn.cursor()


# -- the query of each table, from its declaration -----------------------------------------

_ROWS: dict[tuple[int, str], list[dict[str, Any]]] = {}


def data_rows(emu: Emulator, resource: Resource) -> list[dict[str, Any]]:
    """The emulator's records of a table as rows (column → value as SQLite holds it)."""
    cached = _ROWS.get((id(emu), resource.name))
    if cached is None:
        given = {p.column: emu.account_sid for p in resource.path_params
                 if p.name == "AccountSid" and resource.column(p.column).field is None}
        cached = _ROWS[id(emu), resource.name] = [
            dict(zip(resource.column_names, resource.row_from_record({**r, **given})))
            for r in emu.table(data_key(resource.list_path))]
    return cached


def top_fanout(resource: Resource) -> FanOut | None:
    """The fan-out a read with no parent condition starts from (the grandparent's, for a
    table two levels down)."""
    rule = next((r for r in resource.unbound if isinstance(r, FanOut)), None)
    if rule is None:
        return None
    return top_fanout(RESOURCES[rule.parent]) or rule


def quoted(values: Any) -> str:
    return ", ".join("'" + str(v).replace("'", "''") + "'" for v in values)


def select_all(emu: Emulator, resource: Resource) -> str:
    conditions = [f'"{c}" IN ({quoted(sorted({r[c] for r in data_rows(emu, resource)}))})'
                  for c in required(resource, RESOURCES)]
    rule = top_fanout(resource)
    if rule is not None:
        parents = [r for r in data_rows(emu, RESOURCES[rule.parent])
                   if all(r[c] in values for c, values in rule.parent_where)]
        if len(parents) > MAX_FANOUT:
            column = next(p.column for p in resource.path_params if p.name == rule.param)
            keys = sorted({r[column] for r in data_rows(emu, resource)})[:5]
            conditions.append(f'"{column}" IN ({quoted(keys)})')
    where = " WHERE " + " AND ".join(conditions) if conditions else ""
    return f'SELECT * FROM "{resource.name}"{where}'


def test_the_queries_cover_both_kinds_of_condition(xemu):
    # (So the derivation above is exercised: a country, and parents beyond max_fanout.)
    queries = [select_all(xemu, RESOURCES[t]) for t in TABLES]
    assert any('"CountryCode" IN' in q for q in queries)
    assert any('"CallSid" IN' in q for q in queries)


# -- reading each format back ------------------------------------------------------------------

def read_back(fmt: str, path) -> tuple[list[str], list[list[Any]]]:
    """(column names, rows) of an exported file, as its format's reader gives them."""
    if fmt == "parquet":
        table = pq.read_table(path)
        return table.schema.names, [list(r.values()) for r in table.to_pylist()]
    text = path.read_text(encoding="utf-8")
    if fmt == "csv":
        header, *rows = list(csv.reader(text.splitlines()))
        return header, rows
    if fmt == "json":
        objects = json.loads(text, parse_float=Decimal)
    elif fmt == "ndjson":
        objects = [json.loads(line, parse_float=Decimal) for line in text.splitlines()]
    else:
        return read_table(text)
    assert all(isinstance(o, dict) for o in objects)
    names = list(objects[0]) if objects else []
    return names, [list(o.values()) for o in objects]


def _cut(line: str, starts: list[int]) -> list[str]:
    """A table line's cells: the table pads by display width (会議 takes four columns), so
    the line is cut at display columns, each cell ending two columns before the next."""
    if line.isascii():  # a character a column
        ends = [e - 2 for e in starts[1:]] + [len(line)]
        return [line[a:b].rstrip() for a, b in zip(starts, ends)]
    cells = [""] * len(starts)
    column = 0
    for ch in line:
        i = bisect.bisect_right(starts, column) - 1
        if i + 1 == len(starts) or column < starts[i + 1] - 2:
            cells[i] += ch
        column += max(wcwidth(ch), 0)
    return [c.rstrip() for c in cells]


def read_table(text: str) -> tuple[list[str], list[list[str]]]:
    lines = text.splitlines()
    assert lines[-1].startswith("(") and lines[-1].endswith(("row)", "rows)"))
    dashes = lines[1]
    starts = [i for i, ch in enumerate(dashes) if ch == "-" and (i == 0 or dashes[i - 1] == " ")]
    header = _cut(lines[0], starts)
    return header, [_cut(line, starts) for line in lines[2:-1]]


# -- what each format must hold for a DB-API value -------------------------------------------

def text_form(value: Any, decltype: str) -> str:
    """The text csv and the table hold: the README's rules, written out independently."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.timezone.utc).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def text_holds(got: str, value: Any, decltype: str) -> bool:
    """Whether csv's or the table's text is the value, and reads back as it."""
    if got != text_form(value, decltype):
        return False
    if isinstance(value, Decimal):
        return Decimal(got) == value
    if isinstance(value, dt.datetime):
        return dt.datetime.fromisoformat(got) == value and got.endswith("+00:00")
    if decltype == "JSON" and value is not None:
        return bool(json.loads(got) == json.loads(value))
    return True


def json_holds(got: Any, value: Any, decltype: str) -> bool:
    """Whether a value read back from json or ndjson is the value (a number for a decimal,
    exactly; the JSON itself for a JSON column)."""
    if value is None:
        return got is None
    if decltype == "JSON":
        return bool(got == json.loads(value))
    if isinstance(value, bool):
        return got is value
    if isinstance(value, Decimal):
        return isinstance(got, (int, Decimal)) and got == value
    if isinstance(value, int):
        return type(got) is int and got == value
    if isinstance(value, float):
        return float(got) == value
    if isinstance(value, dt.datetime):
        return dt.datetime.fromisoformat(got) == value and got.endswith("+00:00")
    if isinstance(value, dt.date):
        return bool(got == value.isoformat())
    return bool(got == value)


def parquet_holds(got: Any, value: Any, decltype: str) -> bool:
    if isinstance(value, (bool, dt.datetime)) or value is None:
        return got == value and type(got) is type(value)
    return bool(got == value)


PARQUET_TYPES = {
    "TEXT": pa.string(), "JSON": pa.string(), "INTEGER": pa.int64(), "BOOLEAN": pa.bool_(),
    "DECIMAL": pa.decimal128(38, 18), "DATETIME": pa.timestamp("us", tz="UTC"),
    "DATE": pa.date32(),
}
PYTHON_TYPES = {"TEXT": str, "JSON": str, "INTEGER": int, "BOOLEAN": bool, "DECIMAL": Decimal,
                "DATETIME": dt.datetime, "DATE": dt.date}
#: The table shows control characters escaped.
ESCAPED = {10: "\\n", 13: "\\r", 9: "\\t"}


@pytest.mark.parametrize("table", TABLES)
def test_every_format_writes_every_column_of_the_table(table, xemu, cursor, tmp_path, capsys):
    resource = RESOURCES[table]
    sql = select_all(xemu, resource)
    cursor.execute(sql)
    description = cursor.description
    names = [d[0] for d in description]
    types = [(d[1] or "").upper() for d in description]
    expected = cursor.fetchall()
    assert expected, f"{table}: the emulator has no rows for {sql}"
    key = [names.index(k) for k in resource.key]

    def canonical(value: Any, decltype: str) -> str:
        if decltype == "JSON" and value is not None:
            parsed = json.loads(value) if isinstance(value, str) else value
            return json.dumps(parsed, sort_keys=True)
        return text_form(value, decltype)

    def keyed(rows: list[Any]) -> dict[tuple[str, ...], Any]:
        found = {tuple(canonical(row[i], types[i]) for i in key): row for row in rows}
        assert len(found) == len(rows), f"{table}: a key repeats"
        return found

    want = keyed(expected)
    # Each column's declared type, or text where Twilio sent a value of another type (a
    # number field holding words): the README's rule.
    parquet_types = [
        PARQUET_TYPES[t] if all(v is None or isinstance(v, PYTHON_TYPES[t])
                                for v in (row[i] for row in expected)) else pa.string()
        for i, t in enumerate(types)]
    for fmt in FORMATS:
        path = tmp_path / f"{table}.{fmt}"
        code = main(["--url", xemu.url, "--format", fmt, "-o", str(path), sql])
        assert code == 0, capsys.readouterr().err
        got_names, rows = read_back(fmt, path)
        assert got_names == names, fmt
        got = keyed(rows)
        assert got.keys() == want.keys(), f"{table} as {fmt}: other rows"
        if fmt == "parquet":
            schema = pq.read_schema(path)
            assert [schema.field(n).type for n in names] == parquet_types, table
        holds = {"csv": text_holds, "table": text_holds, "parquet": parquet_holds}.get(
            fmt, json_holds)
        for k, row in got.items():
            for name, decltype, cell, value in zip(names, types, row, want[k]):
                if fmt == "table" and isinstance(value, str):
                    value = value.translate(ESCAPED)
                assert holds(cell, value, decltype), \
                    f"{table}.{name} as {fmt}: {cell!r} for {value!r}"
