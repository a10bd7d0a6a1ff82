"""The lists the emulator serves from Twilio's spec alone: records made from each list's
schema, every documented filter, and the fetch, update, delete and create the spec has.

What the spec cannot say (a queue's calls, a number's purchase) is not emulated: these lists
hold records of their shape, linked to the account, with values of their types, formats and
enums; a nested list's records each name a record of the parent list, and a SID of another
kind names a record the emulator holds where it holds some (a queue member's call).

Filters compare a parameter with the record field of its name (``FriendlyName`` with
``friendly_name``; booleans as booleans; ``X<``/``X>`` date ranges read strictly, as for the
other lists); a parameter without a field of its name is accepted and does not filter.
"""

from __future__ import annotations

import datetime as _dt
import random
import re
from collections.abc import Callable
from typing import Any

from ._paging import all_of, date_window, equals, list_answer, narrowing, within
from ._params import Bool, Int, Kind, OneOf, Text, read_form, read_query
from ._spec import ListResource, list_resource, sid_prefix, snake
from ._store import Store, Table, shaped
from ._wire import (
    ApiError,
    Request,
    Response,
    format_stamp,
    json_response,
    no_content,
    not_found,
)

__all__ = ["LISTS", "SAMPLE_SIZE", "creator", "deleter", "fetcher", "key_field", "lister",
           "parent_list", "records", "required_fields", "table", "updater"]

#: The lists served from the spec alone, relative to the account (a parent before its
#: nested lists, whose records each name one of the parent's).
LISTS: tuple[str, ...] = (
    "/Addresses.json",
    "/Applications.json",
    "/ConnectApps.json",
    "/IncomingPhoneNumbers.json",
    "/Keys.json",
    "/Notifications.json",
    "/OutgoingCallerIds.json",
    "/Queues.json",
    "/Queues/{QueueSid}/Members.json",
    "/SIP/CredentialLists.json",
    "/SIP/CredentialLists/{CredentialListSid}/Credentials.json",
    "/SIP/Domains.json",
    "/SIP/IpAccessControlLists.json",
    "/SIP/IpAccessControlLists/{IpAccessControlListSid}/IpAddresses.json",
    "/SMS/ShortCodes.json",
    "/SigningKeys.json",
    "/Transcriptions.json",
    "/Usage/Triggers.json",
)

#: Filters Twilio answers with more than equality, as its docs say: a partial number ('*'
#: for any digit) matches; ``true`` includes numbers new to Twilio besides the others.
_PARTIAL = frozenset((("/IncomingPhoneNumbers.json", "PhoneNumber"),
                      ("/SMS/ShortCodes.json", "ShortCode")))
_INCLUDING = frozenset((("/IncomingPhoneNumbers.json", "Beta"),))

Record = dict[str, Any]
Handler = Callable[[Store, Request], Response]

#: Records each list holds in the sample data.
SAMPLE_SIZE = 40
_SPAN = 360 * 86400


def key_field(relative: str) -> str:
    return list_resource(relative).key_field or "sid"


def required_fields(relative: str) -> tuple[str, ...]:
    """The fields every record of the list must carry in ``--data``: its key, and the field
    naming its parent."""
    resource = list_resource(relative)
    parent = (resource.parent[2],) if resource.parent else ()
    return (key_field(relative), *parent)


def parent_list(relative: str) -> str | None:
    """The list a nested list's records belong to (None for a list of the account)."""
    parent = list_resource(relative).parent
    return parent[1] if parent else None


def table(store: Store, resource: ListResource) -> Table:
    """The store's table of a list served from the spec."""
    found = store.generic.get(resource.path)
    if found is None:
        found = store.generic[resource.path] = Table(key_field(resource.path))
    return found


# -- records ---------------------------------------------------------------------------------

def _noun(resource: ListResource) -> str:
    word = resource.path.removesuffix(".json").rsplit("/", 1)[-1]
    word = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", word).lower()
    return word[:-1] if word.endswith("s") else word


def _value(name: str, schema: dict[str, Any], i: int, rng: random.Random, resource: ListResource,
           account: str, created: float, end: float,
           known: dict[str, list[str]] | None = None) -> Any:
    kind, fmt = schema.get("type"), schema.get("format")
    prefix = sid_prefix(schema)
    if name == "account_sid":
        return account
    if prefix is not None:
        # A SID of another record names one the emulator holds (a member's call is a call);
        # a record's own key is its own, and one given by another record's is taken once.
        pool = (known or {}).get(prefix) if name != "sid" else None
        if pool:
            return pool.pop(rng.randrange(len(pool))) if name == resource.key_field else (
                rng.choice(pool))
        return f"{prefix}{rng.getrandbits(128):032x}"
    if schema.get("enum"):
        return rng.choice(schema["enum"])
    if fmt == "date-time-rfc-2822":
        return format_stamp(created if name == "date_created" else
                            rng.uniform(created, end) if name == "date_updated" else
                            rng.uniform(end - _SPAN, end))
    if fmt == "date":
        return _dt.datetime.fromtimestamp(rng.uniform(end - _SPAN, end), _dt.timezone.utc
                                          ).date().isoformat()
    if kind == "boolean":
        return rng.random() < 0.5
    if kind == "integer":
        return rng.randrange(0, 100)
    if kind == "number":
        return round(rng.uniform(0, 100), 2)
    if kind == "object":
        return {}
    if kind == "array":
        return []
    if name in resource.levels:
        # A text field a list filters by number (a notification's log level, 0 or 1).
        return str(rng.randrange(2))
    if fmt == "iso-country-code" or name == "iso_country":
        return rng.choice(("US", "GB", "DE", "FR", "AU"))
    if fmt == "phone-number" or name.endswith("phone_number") or name == "short_code":
        return f"+1555{rng.randrange(10**7):07d}"
    if fmt == "uri" or name.endswith("_url"):
        return f"https://example.com/{_noun(resource).replace(' ', '-')}/{i}"
    if name == "api_version":
        return "2010-04-01"
    if name == "friendly_name":
        # A few records share each name, so a filter on it finds several.
        return f"{_noun(resource)} {i % 7}"
    if name == "uri":
        return None  # filled in once the record has its key
    return f"{name.replace('_', ' ')} {i % 5}"


def _partial(field: str, pattern: str) -> Callable[[str, Record], bool]:
    wanted = re.compile("".join(r"\d" if c == "*" else re.escape(c) for c in pattern))
    return lambda _key, record: bool(wanted.search(str(record.get(field) or "")))


def _uri(store_base: str, resource: ListResource, record: Record) -> str | None:
    if resource.instance is None or resource.key_field is None:
        return store_base + resource.path
    key = resource.key_field

    def value(found: re.Match[str]) -> str:
        name = snake(found.group(1))
        return str(record[name] if name in record and name != "sid" else record[key])
    return store_base + re.sub(r"\{(\w+)\}", value, resource.instance)


def records(relative: str, count: int, seed: int, account: str, end: float,
            parents: list[Record] | None = None,
            known: dict[str, list[str]] | None = None) -> list[Record]:
    """``count`` records of a list, created over the 360 days up to ``end``, oldest first;
    those of a nested list each name one of ``parents`` (the parent list's records), and
    SIDs of other records are taken from ``known`` (SIDs by prefix) where it has some."""
    resource = list_resource(relative)
    rng = random.Random(f"{relative}-{seed}")
    base = f"/2010-04-01/Accounts/{account}"
    pools = {prefix: list(sids) for prefix, sids in (known or {}).items()}
    out = []
    for i in range(count):
        created = float(int(end - _SPAN + _SPAN * (i + rng.random()) / count))
        record = {name: _value(name, schema, i, rng, resource, account, created, end, pools)
                  for name, schema in resource.fields.items()}
        if resource.parent is not None:
            if not parents:
                break
            # Some parents have several, some none.
            record[resource.parent[2]] = rng.choice(parents[: max(1, len(parents) * 2 // 3)])[
                "sid"]
        if "uri" in record:
            record["uri"] = _uri(base, resource, record)
        out.append(record)
    return out


def _parent_of(store: Store, resource: ListResource, request: Request) -> str | None:
    """A nested list's parent SID from the path (a 404 when there is no such parent)."""
    if resource.parent is None:
        return None
    param, path, _ = resource.parent
    sid = request.values[param]
    table(store, list_resource(path)).require(sid, request.path)
    return sid


# -- handlers --------------------------------------------------------------------------------

def _kind(schema: dict[str, Any]) -> Kind:
    if schema.get("enum"):
        return OneOf(tuple(schema["enum"]))
    if schema.get("type") == "boolean":
        return Bool()
    if schema.get("type") == "integer":
        return Int()
    return Text()


def lister(relative: str) -> Handler:
    resource = list_resource(relative)
    dates = {name.rstrip("<>") for name, s in resource.filters.items()
             if s.get("format") in ("date", "date-time")}

    def list_(store: Store, request: Request) -> Response:
        query = request.query
        found = table(store, resource)
        checks, hint = [], None
        parent = _parent_of(store, resource, request)
        if parent is not None:
            assert resource.parent is not None
            checks.append(equals(resource.parent[2], parent))
        for base in dates:
            if snake(base) in resource.fields:
                windows = date_window(query, base)
                checks += within(found.stamp, snake(base), windows)
                hint = hint or narrowing(snake(base), windows)
        for name, schema in resource.filters.items():
            field = snake(name)
            if name.rstrip("<>") in dates or field not in resource.fields:
                continue
            value = read_query(query, name, _kind(schema))
            if value is None or ((relative, name) in _INCLUDING and value is True):
                continue
            if (relative, name) in _PARTIAL:
                checks.append(_partial(field, value))
            elif field in resource.levels:
                checks.append(equals(field, str(value)))
            else:
                checks.append(equals(field, value))
        keep = all_of(checks)
        return json_response(200, list_answer(
            request.path, resource.list_key, query,
            lambda before: found.scan(before, keep, dict, hint), tuple(resource.filters)))
    return list_


def _one(store: Store, resource: ListResource, request: Request) -> Record:
    parent = _parent_of(store, resource, request)
    assert resource.key_param is not None
    record = table(store, resource).require(request.values[resource.key_param], request.path)
    if parent is not None and resource.parent and record.get(resource.parent[2]) != parent:
        raise not_found(request.path)
    return record


def fetcher(relative: str) -> Handler:
    resource = list_resource(relative)
    return lambda store, request: json_response(200, _one(store, resource, request))


def _writes(params: dict[str, Any], form: dict[str, Any], resource: ListResource
            ) -> dict[str, Any]:
    """The record fields a write's parameters set: those named like a field."""
    kinds = {name: _kind(schema) for name, schema in params.items()}
    values = read_form(form, kinds)
    return {snake(name): value for name, value in values.items()
            if snake(name) in resource.fields}


def updater(relative: str) -> Handler:
    resource = list_resource(relative)

    def update(store: Store, request: Request) -> Response:
        record = _one(store, resource, request)
        changes = _writes(resource.update or {}, request.form, resource)
        found = table(store, resource)
        record.update(changes)
        if "date_updated" in record:
            record["date_updated"] = store.now_text()
        found.touch(record[found.key])
        return json_response(200, record)
    return update


def deleter(relative: str) -> Handler:
    resource = list_resource(relative)

    def delete(store: Store, request: Request) -> Response:
        record = _one(store, resource, request)
        found = table(store, resource)
        found.remove(record[found.key])
        return no_content()
    return delete


def creator(relative: str) -> Handler:
    resource = list_resource(relative)

    def create(store: Store, request: Request) -> Response:
        missing = [name for name in resource.create_required if not request.form.get(name)]
        if missing:
            raise ApiError(400, 20001, f"Required parameter {missing[0]} missing")
        parent = _parent_of(store, resource, request)
        changes = _writes(resource.create or {}, request.form, resource)
        now = store.now()
        (record,) = records(relative, 1, store.seed + len(table(store, resource)),
                            store.account_sid, now, [{"sid": parent}] if parent else None)
        record.update(changes)
        if parent is not None and resource.parent is not None:
            record[resource.parent[2]] = parent
        for name in ("date_created", "date_updated"):
            if name in record:
                record[name] = format_stamp(now)
        if resource.key_field is not None:
            prefix = sid_prefix(resource.fields[resource.key_field])
            if prefix is not None:
                record[resource.key_field] = store.new_sid(prefix)
            if "uri" in record:
                record["uri"] = _uri(store.base, resource, record)
        record = shaped(record, tuple(resource.fields))
        table(store, resource).add(record)
        # What only this answer carries (a new key's secret) is not kept: it is shown once.
        rng = random.Random(record.get(key_field(relative)))
        once = {name: (f"{rng.getrandbits(128):032x}" if schema.get("type") == "string" else
                       _value(name, schema, 0, rng, resource, store.account_sid, now, now))
                for name, schema in resource.created_only.items()}
        return json_response(201, {**record, **once})
    return create
