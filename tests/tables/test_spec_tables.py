"""The tables the emulator serves from Twilio's spec alone, each driven by its declaration:
a full scan, a Sid lookup and every equality filter make the fewest requests and return the
emulator's rows; each update, delete and create the declaration allows sends exactly its one
request; what it does not allow is refused before anything is sent. A table added to the
declarations and to the emulator's spec lists is tested here without new test code."""

from __future__ import annotations

from typing import Any

import pytest

from benchmarks import minimality
from sqlalchemy_twilio import dbapi
from sqlalchemy_twilio.emulator import Emulator
from sqlalchemy_twilio.emulator._generic import LISTS, VIEWS
from sqlalchemy_twilio.emulator._spec import list_resource as emulator_list
from sqlalchemy_twilio.resources import RESOURCES, ColumnType, FanOut, Resource, Through
from tests.conftest import UNTIL, api_requests, data_key, settings

from .conftest import account_path, writes

TABLES = sorted(r.name for r in RESOURCES.values()
                if data_key(r.list_path) in LISTS or data_key(r.list_path) in VIEWS)


def relative(resource: Resource) -> str:
    return data_key(resource.list_path)


def records(emu: Emulator, resource: Resource) -> list[dict[str, Any]]:
    return emu.table(relative(resource))


def row_of(emu: Emulator, resource: Resource, record: dict[str, Any]) -> dict[str, Any]:
    """The row a record is, as SQLite holds it: a path parameter the record has no field for
    is the account's, or the parent the emulator's spec reader says the record names."""
    given: dict[str, Any] = {}
    parent = emulator_list(relative(resource)).parent
    for p in resource.path_params:
        if resource.column(p.column).field is not None or p.column in record:
            continue
        if p.name == "AccountSid":
            given[p.column] = emu.account_sid
        elif parent is not None and parent[0] == p.name:
            given[p.column] = record[parent[2]]
    return dict(zip(resource.column_names, resource.row_from_record({**record, **given})))


def key_of(emu: Emulator, resource: Resource, record: dict[str, Any]) -> tuple[Any, ...]:
    row = row_of(emu, resource, record)
    return tuple(row[c] for c in resource.key)


def where_key(resource: Resource) -> str:
    return " AND ".join(f'"{c}" = ?' for c in resource.key)


def required(resource: Resource) -> list[str]:
    return minimality.required(resource, RESOURCES)


def path_of(emu: Emulator, resource: Resource, record: dict[str, Any], *,
            write: bool = False) -> str:
    """The record's instance path, or, for a list without one, its list's path. A lookup by
    key alone goes through the list holding the record where the key does not fill the
    table's own path; a write knows the whole row."""
    row = row_of(emu, resource, record)
    template = resource.instance_path or resource.list_path
    keyed = set(resource.key) | {"AccountSid"}
    if not write and not all(p.column in keyed for p in resource.placeholders(template)):
        template = next(r.instance_path for r in resource.unbound
                        if isinstance(r, Through) and r.instance_path)
    path = template.replace("{AccountSid}", emu.account_sid)
    for p in resource.path_params:
        if p.name != "AccountSid":
            path = path.replace("{" + p.name + "}", str(row[p.column]))
    return path


def parents(emu: Emulator, resource: Resource) -> list[dict[str, Any]]:
    """The rows of the table a nested table fans out over (none for a list of the account)."""
    fanouts = [r for r in resource.unbound if isinstance(r, FanOut)]
    return [row for r in fanouts for row in records(emu, RESOURCES[r.parent])]


def scan_requests(emu: Emulator, resource: Resource) -> int:
    """Requests of a scan with no condition: one list, or, fanned out, the parent's scan
    and one list per parent row."""
    fanouts = [r for r in resource.unbound if isinstance(r, FanOut)]
    if not fanouts:
        return 1
    parent = RESOURCES[fanouts[0].parent]
    return scan_requests(emu, parent) + len(records(emu, parent))


def form_text(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


@pytest.fixture(scope="module")
def semu() -> Any:
    with Emulator(conferences=20, calls=20, messages=20, seed=8, until=UNTIL) as emu:
        yield emu


@pytest.fixture()
def cur(semu):
    semu.reset()
    with dbapi.connect(**settings(semu)) as conn:
        yield conn.cursor()


@pytest.fixture()
def wemu():
    with Emulator(conferences=5, calls=5, messages=5, seed=9, until=UNTIL) as emu:
        yield emu


@pytest.fixture()
def wcur(wemu):
    with dbapi.connect(**settings(wemu)) as conn:
        yield conn.cursor()


def test_the_emulator_serves_a_table_for_every_list_it_takes_from_the_spec():
    assert len(TABLES) == len(LISTS) + len(VIEWS)


@pytest.mark.parametrize("table", TABLES)
def test_a_full_scan_is_every_record_in_the_fewest_requests(cur, semu, table):
    # One list; a nested table's list per parent row, after the parent's scan; a table
    # listed per value of a path parameter (a country), one list per value asked for.
    resource = RESOURCES[table]
    keys = ", ".join(f'"{c}"' for c in resource.key)
    expected = [key_of(semu, resource, r) for r in records(semu, resource)]
    needed = required(resource)
    values = {c: sorted({row_of(semu, resource, r)[c] for r in records(semu, resource)})
              for c in needed}
    where = " AND ".join(f'"{c}" IN ({", ".join("?" * len(v))})' for c, v in values.items())
    rows = cur.execute(f'SELECT {keys} FROM "{table}"' + (f" WHERE {where}" if where else ""),
                       [v for vs in values.values() for v in vs]).fetchall()
    assert sorted(rows) == sorted(expected)
    lists = len(values[needed[0]]) if needed else scan_requests(semu, resource)
    assert rows and len(api_requests(semu)) == lists


@pytest.mark.parametrize("table", TABLES)
def test_a_key_is_one_fetch(cur, semu, table):
    # (For a table without an instance path, one read of the list its key names.)
    resource = RESOURCES[table]
    record = records(semu, resource)[3]
    semu.reset()
    rows = cur.execute(f'SELECT * FROM "{table}" WHERE {where_key(resource)}',
                       key_of(semu, resource, record)).fetchall()
    (row,) = rows
    names = [d[0] for d in cur.description]
    assert tuple(row[names.index(c)] for c in resource.key) == key_of(semu, resource, record)
    if "FriendlyName" in names:
        assert row[names.index("FriendlyName")] == record["friendly_name"]
    (request,) = api_requests(semu)
    assert request["path"] == path_of(semu, resource, record)


def filters() -> list[tuple[str, str]]:
    return [(r.name, p.column) for r in map(RESOURCES.get, TABLES) for p in r.pushdowns
            if p.kind.value in ("equals", "boolean")]


@pytest.mark.parametrize(("table", "column"), filters())
def test_each_filter_is_one_filtered_request_and_the_right_rows(cur, semu, table, column):
    resource = RESOURCES[table]
    col = resource.column(column)
    pushdown = next(p for p in resource.pushdowns if p.column == column)
    rows_ = records(semu, resource)
    record = next(r for r in rows_[len(rows_) // 2:] if r.get(col.field) is not None)
    value = record[col.field]
    # (A table listed per country is asked for that record's country.)
    also = {c: row_of(semu, resource, record)[c] for c in required(resource)}
    keys = ", ".join(f'"{c}"' for c in resource.key)
    where = " AND ".join([f'"{column}" = ?', *(f'"{c}" = ?' for c in also)])
    rows = cur.execute(f'SELECT {keys} FROM "{table}" WHERE {where}',
                       [value, *also.values()]).fetchall()
    expected = [key_of(semu, resource, r) for r in rows_ if r.get(col.field) == value
                and all(row_of(semu, resource, r)[c] == v for c, v in also.items())]
    assert sorted(rows) == sorted(expected)
    (request,) = api_requests(semu)
    sent = "true" if value is True else "false" if value is False else str(value)
    assert request["query"][pushdown.param] == [sent]


# -- writes ------------------------------------------------------------------------------------

def value_for(resource: Resource, name: str, op: str) -> Any:
    column = resource.column(name)
    write = getattr(column, op)
    if write is not None and write.allowed:
        return write.allowed[-1]
    if column.enum:
        return column.enum[-1]
    if column.type is ColumnType.BOOLEAN:
        return True
    if column.type in (ColumnType.INTEGER, ColumnType.DECIMAL):
        return 7
    lowered = name.lower()
    if lowered.endswith("url") or lowered.endswith("callback"):
        return "https://example.com/hook"
    if "phone" in lowered:
        return "+15005550006"
    if lowered in ("isocountry",):
        return "US"
    return f"new {lowered}"


def updatable(table: str) -> str | None:
    """A column UPDATE may set: FriendlyName where it can, else a text column, else any (a
    request parameter last)."""
    resource = RESOURCES[table]
    names = sorted((c.hidden, c.type is not ColumnType.TEXT, c.name != "FriendlyName", c.name)
                   for c in resource.columns if c.update is not None)
    return names[0][3] if names else None


@pytest.mark.parametrize("table", TABLES)
def test_update_is_one_post_to_the_row_and_changes_only_it(wcur, wemu, table):
    resource = RESOURCES[table]
    column = updatable(table)
    if column is None:
        with pytest.raises(dbapi.Error, match=resource.refusal_message("changed")):
            wcur.execute(f'UPDATE "{table}" SET "{resource.columns[0].name}" = NULL')
        assert writes(wemu) == []
        return
    before = records(wemu, resource)
    target = before[5]
    value = value_for(resource, column, "update")
    wcur.execute(f'UPDATE "{table}" SET "{column}" = ? WHERE {where_key(resource)}',
                 [value, *key_of(wemu, resource, target)])
    assert wcur.rowcount == 1
    param = resource.column(column).update.param
    assert writes(wemu) == [("POST", path_of(wemu, resource, target, write=True),
                             {param: [form_text(value)]})]
    after = {key_of(wemu, resource, r): r for r in records(wemu, resource)}
    changed = after[key_of(wemu, resource, target)].get(resource.column(column).field or "")
    assert resource.column(column).field is None or form_text(changed) == form_text(value)
    assert all(after[key_of(wemu, resource, r)] == r for r in before if r is not target)


@pytest.mark.parametrize("table", TABLES)
def test_delete_is_one_delete_of_the_row(wcur, wemu, table):
    resource = RESOURCES[table]
    before = records(wemu, resource)
    target = before[2]
    if not resource.delete:
        with pytest.raises(dbapi.Error, match="does not allow"):
            wcur.execute(f'DELETE FROM "{table}" WHERE {where_key(resource)}',
                         key_of(wemu, resource, target))
        assert writes(wemu) == [] and records(wemu, resource) == before
        return
    wcur.execute(f'DELETE FROM "{table}" WHERE {where_key(resource)}',
                 key_of(wemu, resource, target))
    assert wcur.rowcount == 1
    assert writes(wemu) == [("DELETE", path_of(wemu, resource, target, write=True), {})]
    assert [key_of(wemu, resource, r) for r in records(wemu, resource)] == [
        key_of(wemu, resource, r) for r in before if r is not target]


@pytest.mark.parametrize("table", TABLES)
def test_insert_is_one_post_to_the_list_and_the_row_appears(wcur, wemu, table):
    resource = RESOURCES[table]
    if resource.create is None:
        with pytest.raises(dbapi.Error, match="does not allow|cannot be added"):
            wcur.execute(f'INSERT INTO "{table}" ("{resource.key[-1]}") VALUES (?)',
                         ["XX" + "0" * 32])
        assert writes(wemu) == []
        return
    names = [group[0] for group in resource.create.required] or [
        c.name for c in resource.columns if c.create is not None][:1]
    values = [value_for(resource, n, "create") for n in names]
    # A nested table's row names its parent: its path.
    above = {p.column: p.name for p in resource.placeholders(resource.list_path)
             if p.name != "AccountSid"}
    parent = parents(wemu, resource)[:1]
    given = {c: parent[0]["sid"] for c in above}
    before = {key_of(wemu, resource, r) for r in records(wemu, resource)}
    quoted = ", ".join(f'"{n}"' for n in [*given, *names])
    wcur.execute(f'INSERT INTO "{table}" ({quoted}) VALUES '
                 f'({", ".join("?" * (len(given) + len(names)))})', [*given.values(), *values])
    assert wcur.rowcount == 1
    form = {resource.column(n).create.param: [form_text(v)] for n, v in zip(names, values)}
    path = relative(resource)
    for column, param in above.items():
        path = path.replace("{" + param + "}", given[column])
    assert writes(wemu) == [("POST", account_path(wemu, path), form)]
    (new,) = [r for r in records(wemu, resource) if key_of(wemu, resource, r) not in before]
    for n, v in zip(names, values):
        field = resource.column(n).field
        if field is not None:
            assert form_text(new[field]) == form_text(v)


def test_a_filter_twilio_answers_loosely_keeps_the_exact_rows_and_sends_no_limit(cur, semu):
    # Beta=true includes numbers new to Twilio besides the others; PhoneNumber matches
    # partial numbers: a LIMIT sent with them would cut the page before SQLite's own check.
    numbers = records(semu, RESOURCES["IncomingPhoneNumbers"])
    beta = [r["sid"] for r in numbers if r["beta"] is True]
    # A LIMIT reaching past the first number that is not new: sent as the page size with
    # Beta=true, the page would hold that number and miss the last new one asked for.
    first_old = next(i for i, r in enumerate(numbers) if r["beta"] is False)
    limit = sum(1 for r in numbers[:first_old] if r["beta"]) + 1
    assert limit < len(beta) < len(numbers)
    semu.reset()
    rows = cur.execute(f"SELECT Sid FROM IncomingPhoneNumbers WHERE Beta = true LIMIT {limit}"
                       ).fetchall()
    assert [r[0] for r in rows] == beta[:limit]
    (request,) = api_requests(semu)
    assert request["query"]["Beta"] == ["true"]
    assert request["query"]["PageSize"] != [str(limit)]
    number = numbers[4]["phone_number"]
    semu.reset()
    rows = cur.execute("SELECT PhoneNumber FROM IncomingPhoneNumbers WHERE PhoneNumber = ? "
                       "LIMIT 1", [number]).fetchall()
    assert rows == [(number,)]
    (request,) = api_requests(semu)
    assert request["query"]["PhoneNumber"] == [number]
    assert request["query"]["PageSize"] != ["1"]


def test_in_on_a_loose_filter_gives_each_row_once(cur, semu):
    # Beta=true answers every number, Beta=false the others: one stream per value would
    # return the numbers that are not new twice.
    numbers = records(semu, RESOURCES["IncomingPhoneNumbers"])
    rows = cur.execute("SELECT Sid FROM IncomingPhoneNumbers WHERE Beta IN (0, 1)").fetchall()
    assert sorted(r[0] for r in rows) == sorted(r["sid"] for r in numbers)
