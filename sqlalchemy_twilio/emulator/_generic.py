"""The lists the emulator serves from Twilio's spec alone: records made from each list's
schema, every documented filter, and the fetch, update, delete and create the spec has.

What the spec cannot say (a queue's calls, a number's purchase) is not emulated: these lists
hold records of their shape, linked to the account, with values of their types, formats and
enums; a nested list's records each name a record of the parent list, and a SID of another
kind names a record the emulator holds where it holds some (a queue member's call).

Filters compare a parameter with the record field of its name (``FriendlyName`` with
``friendly_name``; booleans as booleans; ``X<``/``X>`` date ranges read strictly, as for the
other lists); a parameter without a field of its name is accepted and does not filter, but
for the search parameters of the numbers for sale (``AreaCode``, ``Contains``, ``SmsEnabled``,
``InRegion``, …), which are checked as Twilio's docs describe them.

A few nested lists are another list seen through the parent (``VIEWS``: a call's
notifications are the account's notifications naming that call). Records that do not name
their parent (a SIP domain's auth mappings) keep it apart, under the path parameter's name,
and records without a key of any kind (a call's events) a row number (``ROW``); neither is in
any answer. The one list the spec does not page (the countries with numbers for sale) is
answered whole.
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

__all__ = ["LISTS", "SAMPLE_SIZE", "VIEWS", "creator", "deleter", "export", "fetcher",
           "key_field", "lister", "parent_list", "records", "required_fields", "table",
           "updater"]

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
    "/AuthorizedConnectApps.json",
    "/AvailablePhoneNumbers.json",
    *(f"/AvailablePhoneNumbers/{{CountryCode}}/{kind}.json"
      for kind in ("Local", "MachineToMachine", "Mobile", "National", "SharedCost", "TollFree",
                   "Voip")),
    "/Addresses/{AddressSid}/DependentPhoneNumbers.json",
    "/IncomingPhoneNumbers/Local.json",
    "/IncomingPhoneNumbers/Mobile.json",
    "/IncomingPhoneNumbers/TollFree.json",
    "/IncomingPhoneNumbers/{ResourceSid}/AssignedAddOns.json",
    "/IncomingPhoneNumbers/{ResourceSid}/AssignedAddOns/{AssignedAddOnSid}/Extensions.json",
    "/SIP/Domains/{DomainSid}/CredentialListMappings.json",
    "/SIP/Domains/{DomainSid}/IpAccessControlListMappings.json",
    "/SIP/Domains/{DomainSid}/Auth/Calls/CredentialListMappings.json",
    "/SIP/Domains/{DomainSid}/Auth/Calls/IpAccessControlListMappings.json",
    "/SIP/Domains/{DomainSid}/Auth/Registrations/CredentialListMappings.json",
    "/Calls/{CallSid}/Events.json",
    "/Messages/{MessageSid}/Media.json",
    "/Recordings/{ReferenceSid}/AddOnResults.json",
    "/Recordings/{ReferenceSid}/AddOnResults/{AddOnResultSid}/Payloads.json",
)

#: Nested lists that are another list's records seen through their parent, as at Twilio: a
#: call's notifications are the account's notifications of that call.
VIEWS: dict[str, str] = {
    "/Calls/{CallSid}/Notifications.json": "/Notifications.json",
    "/Recordings/{RecordingSid}/Transcriptions.json": "/Transcriptions.json",
}

#: Parents the emulator serves by hand, and the store's table of each.
_OWN = {"/Calls.json": "calls", "/Messages.json": "messages", "/Recordings.json": "recordings",
        "/Conferences.json": "conferences"}
_COUNTRIES = ("US", "GB", "DE", "FR", "AU", "CA", "IE", "NL", "ES", "IT", "SE", "NO", "DK",
              "FI", "BE", "AT", "CH", "PL", "PT", "CZ", "JP", "SG", "HK", "NZ", "BR", "MX",
              "AR", "CL", "CO", "ZA", "IL", "IN", "PH", "MY", "TH", "ID", "KR", "TW", "EE",
              "LT")

#: Filters Twilio answers with more than equality, as its docs say: a partial number ('*'
#: for any digit) matches; ``true`` includes numbers new to Twilio besides the others.
_NUMBERS = ("/IncomingPhoneNumbers.json", "/IncomingPhoneNumbers/Local.json",
            "/IncomingPhoneNumbers/Mobile.json", "/IncomingPhoneNumbers/TollFree.json")
_PARTIAL = frozenset((*((p, "PhoneNumber") for p in _NUMBERS),
                      ("/SMS/ShortCodes.json", "ShortCode")))
_INCLUDING = frozenset((p, "Beta") for p in LISTS
                       if p in _NUMBERS or p.startswith("/AvailablePhoneNumbers/"))

#: The search parameters of the lists of numbers for sale, as Twilio's docs describe them:
#: each a check of a record against the value asked for. (NearNumber, NearLatLong and Distance
#: search by geography, which the emulator does not know: accepted, and not filtering.)
_KEYPAD = str.maketrans("abcdefghijklmnopqrstuvwxyz", "22233344455566677778889999")


def _contains(value: str) -> Callable[[Record], bool]:
    pattern = re.compile("".join(r"\d" if c == "*" else re.escape(c)
                                 for c in value.lower().translate(_KEYPAD)))
    return lambda record: bool(pattern.search(str(record.get("phone_number") or "")))


def _capable(name: str) -> Callable[[Any], Callable[[Record], bool]]:
    return lambda wanted: lambda record: (record.get("capabilities") or {}).get(name) is wanted


def _equal(field: str) -> Callable[[Any], Callable[[Record], bool]]:
    return lambda wanted: lambda record: record.get(field) == wanted


def _excluding(kind: str) -> Callable[[Any], Callable[[Record], bool]]:
    return lambda wanted: lambda record: not wanted or record.get(
        "address_requirements") != kind


_SEARCH: dict[str, Callable[[Any], Callable[[Record], bool]]] = {
    "AreaCode": lambda code: lambda record: str(record.get("phone_number") or "").startswith(
        f"+1{code}"),
    "Contains": _contains,
    "SmsEnabled": _capable("sms"), "MmsEnabled": _capable("mms"),
    "VoiceEnabled": _capable("voice"), "FaxEnabled": _capable("fax"),
    "InRegion": _equal("region"), "InPostalCode": _equal("postal_code"),
    "InLocality": _equal("locality"), "InRateCenter": _equal("rate_center"),
    "InLata": _equal("lata"),
    "ExcludeAllAddressRequired": _excluding("any"),
    "ExcludeLocalAddressRequired": _excluding("local"),
    "ExcludeForeignAddressRequired": _excluding("foreign"),
}
_AREAS = (415, 510, 212, 646, 312, 555)

Record = dict[str, Any]
Handler = Callable[[Store, Request], Response]

#: Records each list holds in the sample data.
SAMPLE_SIZE = 40
_SPAN = 360 * 86400


#: The key kept apart in the records of a list whose records have none (a call's events).
ROW = "_row"


def key_field(relative: str) -> str:
    resource = list_resource(relative)
    if resource.key_field:
        return resource.key_field
    return next((f for f in ("sid", "phone_number") if f in resource.fields), ROW)


def required_fields(relative: str) -> tuple[str, ...]:
    """The fields every record of the list must carry in ``--data``: its key (unless it has
    none), and the field naming its parent."""
    resource = list_resource(relative)
    parent = (resource.parent[2],) if resource.parent else ()
    key = key_field(relative)
    return (*((key,) if key != ROW else ()), *parent)


def keyed(relative: str, records: list[Record]) -> list[Record]:
    """Records of a list whose records have no key, each with one of its own."""
    if key_field(relative) != ROW:
        return records
    return [{**r, ROW: r.get(ROW) or f"{i:08d}"} for i, r in enumerate(records)]


def parent_list(relative: str) -> str | None:
    """The list a nested list's records belong to (None for a list of the account)."""
    parent = list_resource(relative).parent
    return parent[1] if parent else None


def table(store: Store, resource: ListResource) -> Table:
    """The store's table of a list served from the spec (a view's: the list it shows)."""
    path = VIEWS.get(resource.path, resource.path)
    found = store.generic.get(path)
    if found is None:
        found = store.generic[path] = store.new_table(key_field(path))
    return found


def _parents(store: Store, path: str) -> Table:
    own = _OWN.get(path)
    return getattr(store, own) if own else table(store, list_resource(path))  # type: ignore[no-any-return]


def _served(resource: ListResource, base: str) -> Callable[[Record], Record]:
    """A stored record as the list's answers show it: without the parent it keeps apart, and
    a view's with its own ``uri``."""
    hidden = {ROW, resource.parent[0] if resource.parent and resource.parent_hidden else ROW}
    view = resource.path in VIEWS

    def serve(record: Record) -> Record:
        out = {k: v for k, v in record.items() if k not in hidden}
        if view and "uri" in out:
            out["uri"] = _uri(base, resource, record)
        return out
    return serve


def export(store: Store, path: str) -> list[Record]:
    """Every record of a list, newest first (a view's with their own ``uri``). Each record of
    a nested list whose records do not name their parent by the path parameter's field also
    carries it under the parameter's name (``DomainSid``, ``CountryCode``), so copies can be
    told apart."""
    resource = list_resource(path)
    records_ = table(store, resource).all()
    parent = resource.parent
    if path in VIEWS:
        assert parent is not None
        serve = _served(resource, store.base)
        return [serve(r) for r in records_ if r.get(parent[2])]
    if parent is not None and parent[2] not in (parent[0], snake(parent[0])):
        return [{**r, parent[0]: r.get(parent[2])} for r in records_]
    return records_


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
    if name == resource.key_field and fmt == "iso-country-code":
        return _COUNTRIES[i % len(_COUNTRIES)]
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
        # An object of flags (a number's capabilities) has each; any other is empty.
        return {k: rng.random() < 0.7 for k, v in schema.get("properties", {}).items()
                if v.get("type") == "boolean"}
    if kind == "array":
        return []
    if kind is None and not schema.get("format"):
        # Untyped (a call event's request and response): an object, one of its own.
        return {"sequence_number": i}
    if name in resource.levels:
        # A text field a list filters by number (a notification's log level, 0 or 1).
        return str(rng.randrange(2))
    if fmt == "iso-country-code" or name == "iso_country":
        return rng.choice(("US", "GB", "DE", "FR", "AU"))
    if fmt == "phone-number" or name.endswith("phone_number") or name == "short_code":
        return f"+1{rng.choice(_AREAS)}{rng.randrange(10**7):07d}"
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
    key = resource.key_field
    template = resource.instance if resource.instance and key else resource.path

    def value(found: re.Match[str]) -> str:
        param = found.group(1)
        parent = resource.parent
        name = parent[2] if parent and parent[0] == param else snake(param)
        if name in record and name != "sid":
            return str(record[name])
        return str(record[key]) if key else found.group(0)
    return store_base + re.sub(r"\{(\w+)\}", value, template)


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
            # Some parents have several (the first many: the US has numbers for sale), some
            # none.
            parent = parents[0] if rng.random() < 0.25 else rng.choice(
                parents[: max(1, len(parents) * 2 // 3)])
            record[resource.parent[2]] = parent[_parent_key(resource)]
            # What the parent names further up (an extension's number) the child names too.
            record.update({f: parent[f] for f in _ancestors(resource) if f in parent})
        if "uri" in record:
            record["uri"] = _uri(base, resource, record)
        out.append(record)
    return keyed(relative, out)


def _parent_key(resource: ListResource) -> str:
    assert resource.parent is not None
    path = resource.parent[1]
    return key_field(path) if path in LISTS else "sid"


def _ancestors(resource: ListResource) -> list[str]:
    """The fields naming the parent's own parents (``resource_sid`` of an extension)."""
    assert resource.parent is not None
    params = re.findall(r"\{(\w+)\}", resource.path)
    return [snake(p) for p in params if p != resource.parent[0] and snake(p) in resource.fields]


def _parent_of(store: Store, resource: ListResource, request: Request) -> str | None:
    """A nested list's parent SID from the path (a 404 when there is no such parent, or
    when it is not below the path's other parents)."""
    if resource.parent is None:
        return None
    param, path, _ = resource.parent
    sid = request.values[param]
    parent = _parents(store, path).require(sid, request.path)
    for name in re.findall(r"\{(\w+)\}", resource.path):
        if name != param and snake(name) in parent and parent[snake(name)] != request.values[
                name]:
            raise not_found(request.path)
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
            if relative.startswith("/AvailablePhoneNumbers/") and name in _SEARCH:
                value = read_query(query, name, _kind(schema))
                if value is not None:
                    test = _SEARCH[name](value)
                    checks.append(lambda _key, record, test=test: test(record))
                continue
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
        if not resource.paged:
            serve = _served(resource, store.base)
            return json_response(200, {resource.list_key: [
                r for _, r in found.scan(None, keep, serve, hint)], "uri": request.path})
        return json_response(200, list_answer(
            request.path, resource.list_key, query,
            lambda before: found.scan(before, keep, _served(resource, store.base), hint),
            tuple(resource.filters)))
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
    return lambda store, request: json_response(
        200, _served(resource, store.base)(_one(store, resource, request)))


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
        return json_response(200, _served(resource, store.base)(record))
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
        above = _parents(store, resource.parent[1]).require(parent, request.path) if (
            parent is not None and resource.parent is not None) else None
        (record,) = records(relative, 1, store.seed + len(table(store, resource)),
                            store.account_sid, now, [above] if above else None)
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
        return json_response(201, {**_served(resource, store.base)(record), **once})
    return create
