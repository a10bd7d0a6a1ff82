"""Regenerate ``twilio_emulator_spec.json``: the part of Twilio's OpenAPI description of the
2010-04-01 API that the emulator serves (its paths and every schema they reference), taken
verbatim from ``twilio_api_v2010.json`` of github.com/twilio/twilio-oai (MIT licence, see
LICENSE beside this file) with examples, headers and documentation-only keys left out::

    python tests/spec/extract.py PATH/TO/twilio_api_v2010.json

The tests validate the emulator's answers against this extract.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
OUT = HERE / "twilio_emulator_spec.json"
_ACCOUNT = "/2010-04-01/Accounts/{AccountSid}"
PATHS = tuple(_ACCOUNT + p for p in (
    "/Conferences.json", "/Conferences/{Sid}.json",
    "/Conferences/{ConferenceSid}/Participants.json",
    "/Conferences/{ConferenceSid}/Participants/{CallSid}.json",
    "/Conferences/{ConferenceSid}/Recordings.json",
    "/Conferences/{ConferenceSid}/Recordings/{Sid}.json",
    "/Recordings.json", "/Recordings/{Sid}.json",
    "/Calls/{CallSid}/Recordings.json", "/Calls/{CallSid}/Recordings/{Sid}.json",
    "/Calls.json", "/Calls/{Sid}.json", "/Messages.json", "/Messages/{Sid}.json",
    "/Usage/Records.json", "/Usage/Records/Daily.json", "/Usage/Records/Monthly.json",
    "/Usage/Records/Yearly.json", "/Usage/Records/AllTime.json", "/Usage/Records/Today.json",
    "/Usage/Records/Yesterday.json", "/Usage/Records/ThisMonth.json",
    "/Usage/Records/LastMonth.json",
    # The lists served from the spec alone, and their instances.
    "/Addresses.json", "/Addresses/{Sid}.json", "/Applications.json", "/Applications/{Sid}.json",
    "/ConnectApps.json", "/ConnectApps/{Sid}.json", "/IncomingPhoneNumbers.json",
    "/IncomingPhoneNumbers/{Sid}.json", "/Keys.json", "/Keys/{Sid}.json",
    "/Notifications.json", "/Notifications/{Sid}.json", "/OutgoingCallerIds.json",
    "/OutgoingCallerIds/{Sid}.json", "/Queues.json", "/Queues/{Sid}.json",
    "/SIP/CredentialLists.json", "/SIP/CredentialLists/{Sid}.json", "/SIP/Domains.json",
    "/SIP/Domains/{Sid}.json", "/SIP/IpAccessControlLists.json",
    "/SIP/IpAccessControlLists/{Sid}.json", "/SMS/ShortCodes.json", "/SMS/ShortCodes/{Sid}.json",
    "/SigningKeys.json", "/SigningKeys/{Sid}.json", "/Transcriptions.json",
    "/Transcriptions/{Sid}.json", "/Usage/Triggers.json", "/Usage/Triggers/{Sid}.json",
    "/Queues/{QueueSid}/Members.json", "/Queues/{QueueSid}/Members/{CallSid}.json",
    "/SIP/CredentialLists/{CredentialListSid}/Credentials.json",
    "/SIP/CredentialLists/{CredentialListSid}/Credentials/{Sid}.json",
    "/SIP/IpAccessControlLists/{IpAccessControlListSid}/IpAddresses.json",
    "/SIP/IpAccessControlLists/{IpAccessControlListSid}/IpAddresses/{Sid}.json",
    "/AuthorizedConnectApps.json", "/AuthorizedConnectApps/{ConnectAppSid}.json",
    "/AvailablePhoneNumbers.json", "/AvailablePhoneNumbers/{CountryCode}.json",
    *(f"/AvailablePhoneNumbers/{{CountryCode}}/{kind}.json"
      for kind in ("Local", "MachineToMachine", "Mobile", "National", "SharedCost", "TollFree",
                   "Voip")),
    "/Addresses/{AddressSid}/DependentPhoneNumbers.json",
    "/IncomingPhoneNumbers/Local.json", "/IncomingPhoneNumbers/Mobile.json",
    "/IncomingPhoneNumbers/TollFree.json",
    "/IncomingPhoneNumbers/{ResourceSid}/AssignedAddOns.json",
    "/IncomingPhoneNumbers/{ResourceSid}/AssignedAddOns/{Sid}.json",
    "/IncomingPhoneNumbers/{ResourceSid}/AssignedAddOns/{AssignedAddOnSid}/Extensions.json",
    "/IncomingPhoneNumbers/{ResourceSid}/AssignedAddOns/{AssignedAddOnSid}/Extensions/{Sid}.json",
    *(f"/SIP/Domains/{{DomainSid}}{kind}{suffix}"
      for kind in ("/CredentialListMappings", "/IpAccessControlListMappings",
                   "/Auth/Calls/CredentialListMappings", "/Auth/Calls/IpAccessControlListMappings",
                   "/Auth/Registrations/CredentialListMappings")
      for suffix in (".json", "/{Sid}.json")),
    "/Calls/{CallSid}/Events.json",
    "/Calls/{CallSid}/Notifications.json", "/Calls/{CallSid}/Notifications/{Sid}.json",
    "/Messages/{MessageSid}/Media.json", "/Messages/{MessageSid}/Media/{Sid}.json",
    "/Recordings/{ReferenceSid}/AddOnResults.json",
    "/Recordings/{ReferenceSid}/AddOnResults/{Sid}.json",
    "/Recordings/{ReferenceSid}/AddOnResults/{AddOnResultSid}/Payloads.json",
    "/Recordings/{ReferenceSid}/AddOnResults/{AddOnResultSid}/Payloads/{Sid}.json",
    "/Recordings/{RecordingSid}/Transcriptions.json",
    "/Recordings/{RecordingSid}/Transcriptions/{Sid}.json")) + (
    # The accounts themselves, above any one account.
    "/2010-04-01/Accounts.json", "/2010-04-01/Accounts/{Sid}.json")
_METHODS = ("get", "post", "delete")
_DROP = {"example", "examples"}


def _clean(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items() if k not in _DROP}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def _operation(op: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"operationId": op["operationId"]}
    if "parameters" in op:
        out["parameters"] = _clean(op["parameters"])
    if "requestBody" in op:
        out["requestBody"] = _clean(op["requestBody"])
    out["responses"] = {}
    for code, response in op["responses"].items():
        content = response.get("content", {}).get("application/json")
        out["responses"][code] = ({"content": {"application/json": {
            "schema": _clean(content["schema"])}}} if content and "schema" in content else {})
    return out


def _refs(value: Any) -> set[str]:
    if isinstance(value, dict):
        found = {value["$ref"].rsplit("/", 1)[1]} if "$ref" in value else set()
        return found.union(*(_refs(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(_refs(v) for v in value))
    return set()


def extract(spec: dict[str, Any]) -> dict[str, Any]:
    paths = {p: {m: _operation(spec["paths"][p][m]) for m in _METHODS if m in spec["paths"][p]}
             for p in PATHS}
    schemas = spec["components"]["schemas"]
    wanted: set[str] = set()
    todo = _refs(paths)
    while todo:
        name = todo.pop()
        if name not in wanted:
            wanted.add(name)
            todo |= _refs(schemas[name])
    return {
        "openapi": spec["openapi"],
        "info": {"title": "Twilio - Api, the emulator's paths (extract)",
                 "version": spec["info"]["version"],
                 "description": "Extracted verbatim (examples removed) from "
                                "twilio_api_v2010.json of twilio/twilio-oai, MIT licence: see "
                                "LICENSE beside this file. Regenerate with extract.py.",
                 "license": spec["info"]["license"]},
        "servers": spec["servers"],
        "paths": paths,
        "components": {"schemas": {n: _clean(schemas[n]) for n in sorted(wanted)},
                       "securitySchemes": spec["components"]["securitySchemes"]},
    }


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    spec = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    OUT.write_text(json.dumps(extract(spec), indent=2, ensure_ascii=False) + "\n",
                   encoding="utf-8")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
