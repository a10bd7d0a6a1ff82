"""Twilio's own example records (in its spec) decode into rows of the right types, for every
table; a value of the wrong type would be a declaration that disagrees with Twilio."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest

from sqlalchemy_twilio.emulator._spec import SPEC as SPEC_PATH
from sqlalchemy_twilio.resources import RESOURCES, ColumnType, Resource

SPEC = json.loads(SPEC_PATH.read_text(encoding="utf-8"))


def examples(resource: Resource) -> list[dict[str, Any]]:
    """Every example record of the table's list and instance answers."""
    found = []
    for path in (resource.list_path, resource.instance_path):
        if not path:
            continue
        for method in ("get", "post"):
            content = SPEC["paths"][path].get(method, {}).get("responses", {})
            for response in content.values():
                for example in (response.get("content", {}).get("application/json", {})
                                .get("examples", {}).values()):
                    value = example.get("value")
                    if isinstance(value, dict) and resource.list_key in value:
                        found += value[resource.list_key]
                    elif isinstance(value, dict) and "sid" in value or "call_sid" in value:
                        found.append(value)
    return found


def listed(resource: Resource) -> set[str]:
    """The fields of the records the table's list answers with, as the spec gives them."""
    answer = SPEC["paths"][resource.list_path]["get"]["responses"]["200"]
    items = answer["content"]["application/json"]["schema"]["properties"][resource.list_key]
    schema = items["items"]
    while "$ref" in schema:
        schema = SPEC["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return set(schema["properties"])


def fits(kind: ColumnType, value: Any) -> bool:
    if value is None:
        return True
    if kind is ColumnType.BOOLEAN:
        return value in (0, 1) and type(value) is int
    if kind is ColumnType.INTEGER:
        return type(value) is int
    if kind is ColumnType.DECIMAL:
        return type(value) in (int, float)
    if kind is ColumnType.DATETIME:
        return isinstance(value, str) and bool(
            re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", value))
    if kind is ColumnType.DATE:
        return isinstance(value, str) and dt.date.fromisoformat(value) is not None
    if kind is ColumnType.JSON:
        return isinstance(value, str) and json.loads(value) is not None or value == "null"
    return isinstance(value, str)


@pytest.mark.parametrize("table", sorted(RESOURCES))
def test_spec_examples_decode_into_typed_rows(table):
    resource = RESOURCES[table]
    records = examples(resource)
    assert records, f"the spec has no example record for {table}"
    for record in records:
        row = resource.row_from_record(record)
        for column, value in zip(resource.columns, row):
            if column.hidden:
                assert value is None
                continue
            assert fits(column.type, value), (table, column.name, record.get(column.field))
        # Every field of the list's records in an example is a column, but for credentials.
        # (Fields only another answer has, such as a fetched notification's request details
        # or a new key's secret, are not: a row is the same whether listed or fetched.)
        fields = {c.field for c in resource.columns if c.field}
        missing = (set(record) & listed(resource)) - fields
        assert missing <= {"auth_token"}, (table, missing)
