"""The emulator against Twilio's own OpenAPI description: every list, fetch, create and update
answer of every resource validated against the spec's response schema, every request form
against its request schema, every declared parameter accepted, and each path's methods
exactly the spec's. The extract is vendored in tests/spec/ with its MIT licence and made by
tests/spec/extract.py.

Where the spec disagrees with what Twilio sends, the validating copy is corrected, each
correction documented in ``_validating_spec``; the vendored file stays verbatim.
"""

from __future__ import annotations

import copy
import datetime as dt
import importlib.util
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from openapi_schema_validator import OAS30Validator, oas30_format_checker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from sqlalchemy_twilio.emulator import Emulator
from sqlalchemy_twilio.emulator._generic import LISTS as GENERIC
from sqlalchemy_twilio.emulator._generic import VIEWS

# Twilio's full spec, vendored with its licence (the emulator and the table generator read it).
from sqlalchemy_twilio.emulator._spec import SPEC as FULL_SPEC
from sqlalchemy_twilio.emulator._spec import list_resource, snake

from ._helpers import api, http, list_path, one_path

SPEC_DIR = Path(__file__).resolve().parent.parent / "spec"
SPEC_FILE = SPEC_DIR / "twilio_emulator_spec.json"
SPEC: dict[str, Any] = json.loads(SPEC_FILE.read_text(encoding="utf-8"))
ACCOUNT = "/2010-04-01/Accounts/{AccountSid}"


def full(rel: str) -> str:
    """The spec's path of one written relative to the account (``/Accounts…``: to the API)."""
    return "/2010-04-01" + rel if rel.startswith("/Accounts") else ACCOUNT + rel


def relative(path: str) -> str:
    return path.removeprefix(ACCOUNT) if path.startswith(ACCOUNT + "/") else path.removeprefix(
        "/2010-04-01")


BASE = "urn:twilio-oai:api-v2010-emulator"
SCHEMAS = SPEC["components"]["schemas"]
CONFERENCE = SCHEMAS["api.v2010.account.conference"]

_PRICE_AS_STRING = ("api.v2010.account.call.call_recording",
                    *(n for n in SCHEMAS if n.startswith("api.v2010.account.usage.usage_record")))


def _validating_spec() -> dict[str, Any]:
    """The extract as vendored, with the places where Twilio's spec disagrees with what Twilio
    sends corrected:

    - ``reason_conference_ended`` "will be null" while a conference is in progress, but its
      ``$ref`` to a non-nullable enum cannot say so in OpenAPI 3.0 (siblings of ``$ref`` are
      ignored). Only that enum is made nullable (OpenAPI 3.0.3: a nullable enum lists null);
      every other enum (``status``, ``direction``, ``source``) stays strict.
    - ``price`` of a call's recording and of every usage record is typed ``number``, but
      Twilio sends a string holding the number, as the spec's own examples show
      (``"price": "-0.0025"``, ``"price": "0"``) and as every other ``price`` is typed. Those
      are made nullable strings that must hold a decimal number, so a number is refused.
    """
    spec = copy.deepcopy(SPEC)
    schemas = spec["components"]["schemas"]
    reason = schemas["conference_enum_reason_conference_ended"]
    reason["nullable"] = True
    reason["enum"] = [*reason["enum"], None]
    for name in _PRICE_AS_STRING:
        assert schemas[name]["properties"]["price"]["type"] == "number", name
        schemas[name]["properties"]["price"] = {"type": "string", "nullable": True,
                                                "pattern": r"^-?\d+(\.\d+)?$"}
    return spec


_REGISTRY = Registry().with_resource(
    BASE, Resource.from_contents(_validating_spec(), default_specification=DRAFT4))


def _validator(pointer: str) -> OAS30Validator:
    return OAS30Validator({"$ref": f"{BASE}#{pointer}"}, registry=_REGISTRY,
                          format_checker=oas30_format_checker)


def _pointer(*parts: str) -> str:
    return "/" + "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)


def answer(rel: str, method: str, code: str) -> OAS30Validator:
    return _validator(_pointer("paths", full(rel), method, "responses", code, "content",
                               "application/json", "schema"))


def body(rel: str, method: str = "post") -> OAS30Validator:
    return _validator(_pointer("paths", full(rel), method, "requestBody", "content",
                               "application/x-www-form-urlencoded", "schema"))


def operation(rel: str, method: str) -> dict[str, Any]:
    return SPEC["paths"][full(rel)][method]  # type: ignore[no-any-return]


def errors(validator: OAS30Validator, instance: Any) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(instance)]


LISTS = {rel: op for rel in (relative(p) for p in SPEC["paths"])
         if rel.endswith(".json") and "get" in SPEC["paths"][full(rel)]
         and "title" in (op := SPEC["paths"][full(rel)]["get"]["responses"]["200"][
             "content"]["application/json"]["schema"])}


def list_key(rel: str) -> str:
    schema = LISTS[rel]
    (key,) = [k for k, v in schema["properties"].items() if v.get("type") == "array"]
    return key


def item_schema(rel: str) -> dict[str, Any]:
    ref = LISTS[rel]["properties"][list_key(rel)]["items"]["$ref"]
    return SCHEMAS[ref.rsplit("/", 1)[1]]  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def spec_emulator() -> Iterator[Emulator]:
    # Data up to now, so the usage lists of Today and ThisMonth have usage too.
    with Emulator(conferences=150, seed=71, calls=600, messages=600) as emu:
        yield emu


@pytest.fixture()
def semu(spec_emulator: Emulator) -> Emulator:
    spec_emulator.reset(data=True)
    return spec_emulator


def parents(emu: Emulator) -> dict[str, str]:
    """Path values naming parents with children in every nested list."""
    people = emu.table("/Conferences/{ConferenceSid}/Participants.json")
    sizes: dict[str, int] = {}
    for person in people:
        sizes[person["conference_sid"]] = sizes.get(person["conference_sid"], 0) + 1
    participant = {"conference_sid": max(sorted(sizes), key=lambda k: sizes[k])}
    recording = next(r for r in emu.table("/Conferences/{ConferenceSid}/Recordings.json"))
    own = next(r for r in emu.table("/Recordings.json") if not r["conference_sid"])
    return {"participant": participant["conference_sid"], "recording": recording[
        "conference_sid"], "call": own["call_sid"]}


def values_for(emu: Emulator, rel: str) -> dict[str, str]:
    parent = list_resource(rel).parent if rel in GENERIC or rel in VIEWS else None
    if parent is not None:
        # The parents of the list's first record, so the page has records.
        param, _, field = parent
        record = emu.table(rel)[0]
        return {name: record[field if name == param else snake(name)]
                for name in re.findall(r"\{(\w+)\}", rel)}
    p = parents(emu)
    conference = p["participant"] if "Participants" in rel else p["recording"]
    return {"ConferenceSid": conference, "CallSid": p["call"]}


# -- the validators themselves ----------------------------------------------------------------

def test_the_validators_have_teeth():
    record = {"sid": "CF" + "0" * 32, "status": "ended", "account_sid": "nope"}
    fetch = answer("/Conferences/{Sid}.json", "get", "200")
    assert {e.split(":")[0] for e in errors(fetch, record)} == {"['status']",
                                                                "['account_sid']"}
    assert errors(fetch, {**record, "reason_conference_ended": "hung-up"})
    assert errors(answer("/Conferences.json", "get", "200"), {"conferences": [record],
                                                              "page": "0"})
    assert errors(body("/Conferences/{Sid}.json"), {"Status": "in-progress"})
    assert errors(answer("/Calls/{Sid}.json", "get", "200"), {"status": "hung-up"})
    assert errors(answer("/Calls/{Sid}.json", "get", "200"), {"status": None})
    assert errors(answer("/Messages/{Sid}.json", "get", "200"), {"sid": "XX" + "0" * 32})
    assert errors(answer("/Conferences/{ConferenceSid}/Participants/{CallSid}.json", "get",
                         "200"), {"muted": "true"})
    usage = answer("/Usage/Records/Daily.json", "get", "200")
    assert errors(usage, {"usage_records": [{"price": 0.5}]})  # a string, as Twilio sends
    assert errors(usage, {"usage_records": [{"price": "cheap"}]})
    assert not errors(usage, {"usage_records": [{"price": "0.01400"}]})
    assert errors(answer("/Calls/{CallSid}/Recordings/{Sid}.json", "get", "200"),
                  {"price": -0.0025})


def test_the_extract_has_every_path_the_emulator_serves():
    assert set(LISTS) == {
        "/Conferences.json", "/Conferences/{ConferenceSid}/Participants.json",
        "/Conferences/{ConferenceSid}/Recordings.json", "/Recordings.json",
        "/Calls/{CallSid}/Recordings.json", "/Calls.json", "/Messages.json",
        *(f"/Usage/Records{p}.json" for p in ("", "/Daily", "/Monthly", "/Yearly", "/AllTime",
                                              "/Today", "/Yesterday", "/ThisMonth",
                                              "/LastMonth")),
        "/Accounts.json", *GENERIC, *VIEWS}
    # And the instance of each list that has one.
    instances = {list_resource(rel).instance for rel in (*GENERIC, *VIEWS)} - {None}
    assert len(SPEC["paths"]) == 25 + len(GENERIC) + len(VIEWS) + len(instances)


# -- lists and fetches --------------------------------------------------------------------------

@pytest.mark.parametrize("rel", sorted(LISTS))
def test_every_list_page_conforms_with_exactly_the_spec_properties(semu: Emulator, rel: str):
    validator = answer(rel, "get", "200")
    key, item = list_key(rel), item_schema(rel)
    path = api(semu, rel, **values_for(semu, rel))
    pages = []
    with http(semu) as client:
        page = client.get(path, params={"PageSize": 100}).json()
        pages.append(page)
        while page.get("next_page_uri") and len(pages) < 3:
            page = client.get(page["next_page_uri"]).json()
            pages.append(page)
    assert pages[0][key], rel
    for page in pages:
        assert errors(validator, page) == [], rel
        assert set(page) == set(LISTS[rel]["properties"])
        for record in page[key]:
            assert set(record) == set(item["properties"]), (rel, set(record) ^ set(
                item["properties"]))


@pytest.mark.parametrize("rel", sorted(LISTS))
def test_every_record_of_every_list_conforms(semu: Emulator, rel: str):
    """Every record the emulator holds (not only a page's worth), in every status."""
    validator = answer(rel, "get", "200")
    records = semu.table(rel)
    assert records
    assert errors(validator, {list_key(rel): records}) == []


INSTANCES = {
    "/Conferences/{Sid}.json": ("/Conferences.json", {"Sid": "sid"}),
    "/Conferences/{ConferenceSid}/Participants/{CallSid}.json": (
        "/Conferences/{ConferenceSid}/Participants.json",
        {"ConferenceSid": "conference_sid", "CallSid": "call_sid"}),
    "/Conferences/{ConferenceSid}/Recordings/{Sid}.json": (
        "/Conferences/{ConferenceSid}/Recordings.json",
        {"ConferenceSid": "conference_sid", "Sid": "sid"}),
    "/Recordings/{Sid}.json": ("/Recordings.json", {"Sid": "sid"}),
    "/Calls/{CallSid}/Recordings/{Sid}.json": ("/Calls/{CallSid}/Recordings.json",
                                              {"CallSid": "call_sid", "Sid": "sid"}),
    "/Calls/{Sid}.json": ("/Calls.json", {"Sid": "sid"}),
    "/Messages/{Sid}.json": ("/Messages.json", {"Sid": "sid"}),
}


@pytest.mark.parametrize("rel", sorted(INSTANCES))
def test_fetches_conform_and_each_uri_is_a_working_fetch_path(semu: Emulator, rel: str):
    listed, names = INSTANCES[rel]
    validator = answer(rel, "get", "200")
    by_status = {r.get("status"): r for r in semu.table(listed)}
    assert len(by_status) >= 2
    with http(semu) as client:
        for record in by_status.values():
            path = api(semu, rel, **{k: record[v] for k, v in names.items()})
            fetched = client.get(path).json()
            assert errors(validator, fetched) == [], (rel, record.get("status"))
            assert fetched == record
            assert fetched["uri"] == path
            assert client.get(fetched["uri"]).json() == fetched


# -- writes ---------------------------------------------------------------------------------

def _typed(rel: str, form: dict[str, Any]) -> dict[str, Any]:
    """A form as the request schema types it (the wire carries only text)."""
    properties = operation(rel, "post")["requestBody"]["content"][
        "application/x-www-form-urlencoded"]["schema"]["properties"]
    out: dict[str, Any] = {}
    for name, value in form.items():
        kind = properties.get(name, {}).get("type")
        if kind == "boolean":
            out[name] = value.lower() == "true"
        elif kind == "integer":
            out[name] = int(value)
        elif kind == "array":
            out[name] = value if isinstance(value, list) else [value]
        else:
            out[name] = value
    return out


def _send(emu: Emulator, rel: str, form: dict[str, Any], values: dict[str, str],
          code: str, method: str = "post") -> dict[str, Any]:
    assert errors(body(rel), _typed(rel, form)) == [], (rel, form)
    with http(emu) as client:
        response = client.post(api(emu, rel, **values), data=form)
    assert response.status_code == int(code), response.text
    record = response.json()
    assert errors(answer(rel, method, code), record) == [], (rel, record)
    return record  # type: ignore[no-any-return]


def _in_future(days: float) -> str:
    return (dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=days)).replace(
        microsecond=0).isoformat()


def test_creates_conform(semu: Emulator):
    p = parents(semu)
    talking = next(c for c in semu.table("/Calls.json") if c["status"] == "in-progress")
    _send(semu, "/Conferences/{ConferenceSid}/Participants.json",
          {"From": "+14155550100", "To": "+14155550123", "Label": "spec", "Muted": "true"},
          {"ConferenceSid": p["participant"]}, "201")
    _send(semu, "/Calls/{CallSid}/Recordings.json", {"RecordingChannels": "dual"},
          {"CallSid": talking["sid"]}, "201")
    _send(semu, "/Calls.json", {"To": "+14155550123", "From": "+14155550100",
                                "Url": "https://example.com/t.xml"}, {}, "201")
    _send(semu, "/Messages.json", {"To": "+14155550123", "From": "+14155550100",
                                   "Body": "hello"}, {}, "201")
    _send(semu, "/Messages.json", {"To": "+14155550123", "MessagingServiceSid": "MG" + "a" * 32,
                                   "Body": "later", "ScheduleType": "fixed",
                                   "SendAt": _in_future(2)}, {}, "201")


def test_updates_conform(semu: Emulator):
    emu = semu
    live_conference = next(c for c in emu.records if c["status"] == "in-progress")
    participant = emu.table("/Conferences/{ConferenceSid}/Participants.json")[0]
    running = next(r for r in emu.table("/Conferences/{ConferenceSid}/Recordings.json")
                   if r["status"] == "in-progress")
    own = next(r for r in emu.table("/Calls/{CallSid}/Recordings.json")
               if r["status"] == "in-progress" and not r["conference_sid"])
    ringing = next(c for c in emu.table("/Calls.json") if c["status"] == "ringing")
    delivered = next(m for m in emu.table("/Messages.json") if m["status"] == "delivered")
    _send(emu, "/Conferences/{ConferenceSid}/Participants/{CallSid}.json",
          {"Hold": "true", "HoldUrl": "https://example.com/m.mp3"},
          {"ConferenceSid": participant["conference_sid"],
           "CallSid": participant["call_sid"]}, "200")
    _send(emu, "/Conferences/{ConferenceSid}/Recordings/{Sid}.json",
          {"Status": "paused", "PauseBehavior": "silence"},
          {"ConferenceSid": running["conference_sid"], "Sid": running["sid"]}, "200")
    _send(emu, "/Calls/{CallSid}/Recordings/{Sid}.json", {"Status": "stopped"},
          {"CallSid": own["call_sid"], "Sid": own["sid"]}, "200")
    _send(emu, "/Calls/{Sid}.json", {"Status": "canceled"}, {"Sid": ringing["sid"]}, "200")
    _send(emu, "/Messages/{Sid}.json", {"Body": ""}, {"Sid": delivered["sid"]}, "200")
    ended = _send(emu, "/Conferences/{Sid}.json", {"Status": "completed"},
                  {"Sid": live_conference["sid"]}, "200")
    assert ended["status"] == "completed"


# Values the spec's descriptions document for parameters it types as plain strings or
# integers, and companions some parameters need (a schedule needs its SendAt...).
_DOCUMENTED = {
    "Beep": "onExit", "ConferenceRecord": "record-from-start", "ConferenceTrim": "do-not-trim",
    "RecordingChannels": "dual", "Trim": "trim-silence", "RecordingTrack": "inbound",
    "MachineDetection": "DetectMessageEnd", "JitterBufferSize": "small", "Region": "ie1",
    "AsyncAmd": "true", "PauseBehavior": "skip", "Timeout": "30", "MaxParticipants": "10",
    "MachineDetectionTimeout": "30", "MachineDetectionSpeechThreshold": "2400",
    "MachineDetectionSpeechEndThreshold": "1200", "MachineDetectionSilenceTimeout": "5000",
    "ValidityPeriod": "600", "TimeLimit": "3600", "Attempt": "1", "MaxPrice": "0.5",
    "SendAt": _in_future(3), "Body": "",
    "StatusCallbackEvent": "answered", "ConferenceStatusCallbackEvent": "join",
    "RecordingStatusCallbackEvent": "completed",
    "ConferenceRecordingStatusCallbackEvent": "completed", "SendDigits": "1234#",
}
_COMPANIONS = {"SendAt": {"ScheduleType": "fixed", "MessagingServiceSid": "MG" + "a" * 32},
               "ScheduleType": {"SendAt": _in_future(3),
                                "MessagingServiceSid": "MG" + "a" * 32},
               "Twiml": {}, "Url": {}}


def _example(name: str, schema: dict[str, Any]) -> Any:
    if "$ref" in schema:
        schema = SCHEMAS[schema["$ref"].rsplit("/", 1)[1]]
    if name in _DOCUMENTED:
        return _DOCUMENTED[name]
    if "enum" in schema:
        return schema["enum"][-1]
    kind, pattern = schema.get("type"), schema.get("pattern", "")
    if kind == "array":
        return [_example(name, schema["items"])]
    if kind == "boolean":
        return "true"
    if kind in ("integer", "number"):
        return "30"
    if pattern.startswith("^"):
        return pattern[1:3].replace("(", "SM") + "a" * 32
    if schema.get("format") == "uri" or name.endswith(("Url", "Callback")):
        return "https://example.com/callback"
    if schema.get("format") == "date-time":
        return _in_future(3)
    return "+14155550199"


def _write_cases(emu: Emulator) -> list[tuple[str, dict[str, str], dict[str, Any]]]:
    """(path, path values, the form every request needs) for each write of the spec."""
    p = parents(emu)
    participant = next(x for x in emu.table("/Conferences/{ConferenceSid}/Participants.json")
                       if x["conference_sid"] == p["participant"])
    other = next(x for x in emu.table("/Conferences/{ConferenceSid}/Participants.json")
                 if x["conference_sid"] == p["participant"]
                 and x["call_sid"] != participant["call_sid"]) if len([
                     x for x in emu.table("/Conferences/{ConferenceSid}/Participants.json")
                     if x["conference_sid"] == p["participant"]]) > 1 else None
    calls = emu.table("/Calls.json")
    talking = next(c for c in calls if c["status"] == "in-progress" and c["sid"] not in {
        x["call_sid"] for x in emu.table("/Conferences/{ConferenceSid}/Participants.json")})
    running = next(r for r in emu.table("/Conferences/{ConferenceSid}/Recordings.json")
                   if r["status"] == "in-progress")
    own = next(r for r in emu.table("/Calls/{CallSid}/Recordings.json")
               if r["status"] == "in-progress" and not r["conference_sid"])
    message = next(m for m in emu.table("/Messages.json") if m["status"] == "scheduled")
    assert other is not None  # the conference with the most participants has two or more
    coach = {"CallSidToCoach": other["call_sid"]}
    return [
        ("/Conferences/{ConferenceSid}/Participants.json", {"ConferenceSid": p["participant"]},
         {"From": "+14155550100", "To": "+14155550123", **coach}),
        ("/Conferences/{ConferenceSid}/Participants/{CallSid}.json",
         {"ConferenceSid": p["participant"], "CallSid": participant["call_sid"]}, coach),
        ("/Conferences/{ConferenceSid}/Recordings/{Sid}.json",
         {"ConferenceSid": running["conference_sid"], "Sid": running["sid"]},
         {"Status": "paused"}),
        ("/Calls/{CallSid}/Recordings.json", {"CallSid": talking["sid"]}, {}),
        ("/Calls/{CallSid}/Recordings/{Sid}.json",
         {"CallSid": own["call_sid"], "Sid": own["sid"]}, {"Status": "paused"}),
        ("/Calls.json", {}, {"To": "+14155550123", "From": "+14155550100",
                             "Url": "https://example.com/t"}),
        ("/Calls/{Sid}.json", {"Sid": talking["sid"]}, {}),
        ("/Messages.json", {}, {"To": "+14155550123", "From": "+14155550100", "Body": "hi"}),
        ("/Messages/{Sid}.json", {"Sid": message["sid"]}, {}),
    ]


def test_every_write_parameter_the_spec_declares_is_known_and_checked(semu: Emulator):
    """Each parameter of each create and update, given alone (with what the write needs), is
    accepted; a value of the wrong kind for a boolean, enum, integer or SID parameter is a 400
    that names it. So the emulator's own list of parameters is the spec's."""
    checked = 0
    for rel, values, needs in _write_cases(semu):
        properties = operation(rel, "post")["requestBody"]["content"][
            "application/x-www-form-urlencoded"]["schema"]["properties"]
        for name, schema in properties.items():
            semu.reset(data=True)
            base = {k: v for k, v in needs.items() if k != name}
            if rel == "/Calls.json" and name in ("Twiml", "ApplicationSid"):
                base.pop("Url")
            form = {**base, **_COMPANIONS.get(name, {}),
                    name: needs.get(name, _example(name, schema))}
            if rel == "/Calls/{Sid}.json" and name == "Status":
                form[name] = "completed"
            if rel.endswith("/Recordings/{Sid}.json") and name == "PauseBehavior":
                form["Status"] = "paused"
            with http(semu) as client:
                response = client.post(api(semu, rel, **values), data=form)
            assert response.status_code in (200, 201), (rel, name, form, response.text)
            kind = SCHEMAS[schema["$ref"].rsplit("/", 1)[1]] if "$ref" in schema else schema
            if kind.get("type") in ("boolean", "integer") or "enum" in kind or (
                    kind.get("pattern", "").startswith("^")):
                with http(semu) as client:
                    bad = client.post(api(semu, rel, **values),
                                      data={**form, name: "not-a-valid-value"})
                assert bad.status_code == 400 and name in bad.json()["message"], (
                    rel, name, bad.text)
            checked += 1
    assert checked > 120


def test_every_list_parameter_the_spec_declares_is_accepted(semu: Emulator):
    messages_day = dt.datetime.now(dt.timezone.utc).date().isoformat()
    for rel in sorted(LISTS):
        declared = [p for p in operation(rel, "get")["parameters"] if p["in"] == "query"]
        path = api(semu, rel, **values_for(semu, rel))
        with http(semu) as client:
            token_uri = client.get(path, params={"PageSize": 1}).json().get("next_page_uri")
            token = parse_qs(urlsplit(token_uri).query)["PageToken"][0] if token_uri else None
            for parameter in declared:
                name, schema = parameter["name"], parameter["schema"]
                if name == "PageToken":
                    if token is None:
                        continue
                    value: Any = token
                elif name == "Category":
                    value = "calls"
                elif name.startswith(("DateSent", "StartDate", "EndDate")):
                    value = messages_day
                elif "$ref" in schema:
                    value = SCHEMAS[schema["$ref"].rsplit("/", 1)[1]]["enum"][-1]
                elif schema.get("format") in ("date", "date-time"):
                    value = "2026-03-01"
                else:
                    value = _example(name, schema)
                response = client.get(path, params={name: value})
                assert response.status_code == 200, (rel, name, value, response.text)
                assert errors(answer(rel, "get", "200"), response.json()) == []


@pytest.mark.parametrize("rel", sorted(relative(p) for p in SPEC["paths"]))
def test_each_path_takes_exactly_the_methods_of_the_spec(semu: Emulator, rel: str):
    allowed = {m.upper() for m in SPEC["paths"][full(rel)]}
    names = re.findall(r"\{(\w+)\}", rel)
    values = {n: ("CF" if "Conference" in n else "CA" if "Call" in n else "RE") + "0" * 32
              for n in names}
    if rel.startswith("/Accounts"):
        values = {"Sid": semu.account_sid}
    with http(semu) as client:
        response = client.request("PUT", api(semu, rel, **values))
    assert response.status_code == 405
    assert response.json()["code"] == 20004
    assert set(response.headers["Allow"].split(", ")) == allowed


# -- Conferences, as before ------------------------------------------------------------------

def test_every_conference_conforms_and_has_exactly_the_spec_properties(emu: Emulator):
    records = emu.records
    assert {r["status"] for r in records} == {"init", "in-progress", "completed"}
    fetch = answer("/Conferences/{Sid}.json", "get", "200")
    for record in records:
        assert set(record) == set(CONFERENCE["properties"]), record["sid"]
        assert errors(fetch, record) == [], record["sid"]


def test_conference_list_pages_conform(emu: Emulator):
    validator = answer("/Conferences.json", "get", "200")
    with http(emu) as client:
        first = client.get(list_path(emu), params={"PageSize": 1000}).json()
        second = client.get(first["next_page_uri"]).json()
        last = client.get(second["next_page_uri"]).json()
        filtered = client.get(list_path(emu), params={"Status": "in-progress",
                                                      "DateCreated>": "2026-01-01"}).json()
        one = client.get(one_path(emu, first["conferences"][0]["sid"])).json()
    assert second["previous_page_uri"] and last["next_page_uri"] is None
    for page in (first, second, last, filtered):
        assert errors(validator, page) == []
    assert one == first["conferences"][0]


def test_page_size_limits_match_the_spec(emu: Emulator):
    schema = next(p["schema"] for p in operation("/Conferences.json", "get")["parameters"]
                  if p["name"] == "PageSize")
    with http(emu) as client:
        for size, ok in ((schema["minimum"], True), (schema["maximum"], True),
                         (schema["minimum"] - 1, False), (schema["maximum"] + 1, False)):
            response = client.get(list_path(emu), params={"PageSize": size})
            assert (response.status_code == 200) is ok, size


# -- the extract ----------------------------------------------------------------------------

def test_vendored_extract_is_closed_verbatim_and_licensed():
    license_text = (SPEC_DIR / "LICENSE").read_text(encoding="utf-8")
    assert "MIT License" in license_text and "Twilio" in license_text
    refs = set(re.findall(r'"\$ref": "#/components/schemas/([^"]+)"', SPEC_FILE.read_text()))
    assert refs <= set(SCHEMAS)
    assert "nullable" not in SCHEMAS["conference_enum_reason_conference_ended"]
    assert all(SCHEMAS[n]["properties"]["price"]["type"] == "number" for n in _PRICE_AS_STRING)
    assert '"example"' not in SPEC_FILE.read_text() and '"examples"' not in SPEC_FILE.read_text()


def test_the_extract_is_what_extract_py_makes_of_twilios_spec():
    loader = importlib.util.spec_from_file_location("extract", SPEC_DIR / "extract.py")
    assert loader and loader.loader
    module = importlib.util.module_from_spec(loader)
    loader.loader.exec_module(module)
    full = json.loads(FULL_SPEC.read_text(encoding="utf-8"))
    assert module.extract(full) == SPEC



