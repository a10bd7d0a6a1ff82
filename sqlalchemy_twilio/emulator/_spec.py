"""Twilio's OpenAPI description of its 2010 API (vendored in ``spec/`` with its licence), as
the emulator reads it: each list resource's paths, record fields, filters and writes.

The emulator learns what it serves from Twilio's own description, never from the dialect's
declarations, so a declaration that disagrees with Twilio fails a test.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["ACCOUNT", "SPEC", "ListResource", "list_resource", "snake"]

SPEC = Path(__file__).with_name("spec") / "twilio_api_v2010.json"
ACCOUNT = "/2010-04-01/Accounts/{AccountSid}"
_PAGING = frozenset(("PageSize", "Page", "PageToken"))
_SID = re.compile(r"\^([A-Z]{2})\[0-9a-fA-F\]\{32\}\$")

Schema = dict[str, Any]

#: Nested lists whose records name their parent by a field not named after the path's
#: parameter: a message's media by ``parent_sid``, a country's numbers by ``iso_country``.
_PARENT_FIELDS = {
    "/Messages/{MessageSid}/Media.json": "parent_sid",
    **{f"/AvailablePhoneNumbers/{{CountryCode}}/{kind}.json": "iso_country"
       for kind in ("Local", "MachineToMachine", "Mobile", "National", "SharedCost",
                    "TollFree", "Voip")},
}


def snake(name: str) -> str:
    """A form or query parameter's record field: ``FriendlyName`` → ``friendly_name``."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


def sid_prefix(schema: Schema) -> str | None:
    """The two letters a SID-typed field starts with (``QU`` for a queue's ``sid``)."""
    found = _SID.fullmatch(schema.get("pattern") or "")
    return found.group(1) if found else None


@dataclass(frozen=True)
class ListResource:
    """One list of the spec, relative to the account: ``/Queues.json``."""

    path: str
    list_key: str
    #: The record's fields and their schemas, in the spec's order.
    fields: dict[str, Schema]
    #: The instance path (``/Queues/{Sid}.json``), its last parameter and the record field
    #: that parameter names, if the spec has one.
    instance: str | None
    key_param: str | None
    key_field: str | None
    #: The list's query parameters other than paging, and their schemas.
    filters: dict[str, Schema]
    #: The form parameters of an update (instance POST) and of a create (list POST), with
    #: the create's required ones; None where the spec has no such method.
    update: dict[str, Schema] | None
    create: dict[str, Schema] | None
    create_required: tuple[str, ...]
    deletable: bool
    #: Fields only a create's answer has (a new key's ``secret``: Twilio shows it once).
    created_only: dict[str, Schema] = field(default_factory=dict)
    #: A nested list's parent: its path parameter, the parent's list, and the field of each
    #: record naming the parent (``QueueSid``, ``/Queues.json``, ``queue_sid``). Where the
    #: schema has no such field, the stored record keeps the parent under the parameter's
    #: name (``DomainSid``), which no answer shows: ``parent_hidden``.
    parent: tuple[str, str, str] | None = None
    parent_hidden: bool = False
    #: Text fields a filter takes as integers (a notification's log level).
    levels: frozenset[str] = frozenset()
    #: Whether answers are pages (one list, the countries with numbers for sale, is whole).
    paged: bool = True


@functools.cache
def _spec() -> dict[str, Any]:
    return json.loads(SPEC.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _deref(schema: Schema) -> Schema:
    schemas = _spec()["components"]["schemas"]
    while "$ref" in schema:
        schema = schemas[schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _form(operation: dict[str, Any] | None) -> tuple[dict[str, Schema], tuple[str, ...]]:
    body = (operation or {}).get("requestBody")
    if not body:
        return {}, ()
    schema = body["content"]["application/x-www-form-urlencoded"]["schema"]
    props = {k: _deref(v) for k, v in schema.get("properties", {}).items()}
    return props, tuple(schema.get("required", ()))


@functools.cache
def list_resource(relative: str) -> ListResource:
    """The list at ``relative`` (below the account), as the spec describes it."""
    paths = _spec()["paths"]
    listing = paths[ACCOUNT + relative]
    content = listing["get"]["responses"]["200"]["content"]["application/json"]
    props = content["schema"]["properties"]
    (list_key,) = [k for k, v in props.items() if v.get("type") == "array"]
    record = _deref(props[list_key]["items"])
    fields = {k: _deref(v) for k, v in record["properties"].items()}
    base = relative.removesuffix(".json")
    instance = key_param = key_field = None
    one: dict[str, Any] = {}
    for path, item in paths.items():
        found = re.fullmatch(re.escape(ACCOUNT + base) + r"/\{(\w+)\}\.json", path)
        if found:
            instance, one = path.removeprefix(ACCOUNT), item
            key_param = found.group(1)
            key_field = snake(key_param) if snake(key_param) in fields else (
                "sid" if key_param == "Sid" else None)
    filters = {p["name"]: _deref(p.get("schema", {}))
               for p in listing["get"].get("parameters", ())
               if p["in"] == "query" and p["name"] not in _PAGING}
    update, _ = _form(one.get("post")) if "post" in one else ({}, ())
    create, required = _form(listing.get("post")) if "post" in listing else ({}, ())
    created: dict[str, Schema] = {}
    for code, answer in listing.get("post", {}).get("responses", {}).items():
        schema = answer.get("content", {}).get("application/json", {}).get("schema")
        if code.startswith("2") and schema:
            created = {k: _deref(v) for k, v in _deref(schema).get("properties", {}).items()
                       if k not in fields}
    parent, hidden = None, False
    # The innermost parameter names the parent (``/SIP/Domains/{DomainSid}/Auth/Calls/…``).
    nested = re.fullmatch(r"(.*)/\{(\w+)\}(/\w+)+\.json", relative)
    if nested:
        param = nested.group(2)
        named = _PARENT_FIELDS.get(relative) or snake(param)
        hidden = named not in fields
        parent = (param, nested.group(1) + ".json", param if hidden else named)
    levels = frozenset(snake(n) for n, s in filters.items() if s.get("type") == "integer"
                       and fields.get(snake(n), {}).get("type") == "string")
    return ListResource(
        path=relative, list_key=list_key, fields=fields, instance=instance, parent=parent,
        parent_hidden=hidden, paged="next_page_uri" in props,
        key_param=key_param, key_field=key_field, filters=filters, levels=levels,
        update=update if "post" in one else None,
        create=create if "post" in listing else None, create_required=required,
        deletable="delete" in one, created_only=created)
