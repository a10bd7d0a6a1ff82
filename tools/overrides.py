"""What Twilio's spec cannot say, for ``tools/generate_resources.py``: one entry per table.

Everything else about a table — its columns and their types, enums and descriptions, its
paths and their parameters, its filters, its writes — is read from the spec. An entry here
holds only:

- names the naming rule gets wrong, and the seed-given names and words of ``Conferences``;
- Twilio's documented semantics (participants exist only in live conferences, ...);
- how a nested table is best read without its parent key (``unbound``);
- the key, where the instance path alone does not give it;
- what makes a create valid beyond the spec's ``required`` list;
- which columns reference which table;
- why a write Twilio does not take is refused, where a better one exists (``refused``);
- the filters Twilio answers with more than equality (``superset_filters``: a partial number
  matches), so a LIMIT is not sent with them;
- the date filter a long scan may be cut into windows on, and the list's order.

Keys are list paths relative to ``/2010-04-01/Accounts/{AccountSid}``, as the spec writes them
(``/2010-04-01/Accounts.json`` itself, the one list above an account, is written in full).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy_twilio.resources._declaration import FanOut, Reference, Retention, Windows

__all__ = ["TABLES", "NUMBER_FIELDS", "SECRET"]

#: Fields Twilio types as strings but that hold numbers: the column type to give them.
NUMBER_FIELDS = {
    "duration": "INTEGER",
    "queue_time": "INTEGER",
    "num_segments": "INTEGER",
    "num_media": "INTEGER",
    "price": "DECIMAL",
    "count": "DECIMAL",
    "usage": "DECIMAL",
    "current_value": "DECIMAL",
    "trigger_value": "DECIMAL",
}

#: Record fields and request parameters that hold credentials: never columns (a secret must
#: appear in no SQL text, row, log or error).
SECRET = r"(?i)(auth_?token|secret|password|call_?token)$"

_LIVE = ("init", "in-progress")

TABLES: dict[str, dict[str, Any]] = {
    "/2010-04-01/Accounts.json": {
        "name": "Accounts",
        "model": "Account",
        "description": "The account and its subaccounts. INSERT creates a subaccount; UPDATE "
                       "Status to 'suspended', 'active' or 'closed' (closing cannot be undone) "
                       "or FriendlyName. Any table's AccountSid IN (SELECT Sid FROM Accounts) "
                       "reads every account.",
        "create_effect": "creates a subaccount (its credentials are not kept)",
        "references": (Reference("OwnerAccountSid", "Accounts", many="subaccounts",
                                 one="owner"),),
        "refused": (("deleted", "Twilio closes an account rather than deleting it: UPDATE "
                                "Accounts SET Status = 'closed' (which cannot be undone)"),),
        "notes": ("Closing a subaccount cannot be undone: Twilio releases its phone numbers and "
                  "refuses to reopen it.",),
    },
    "/Conferences.json": {
        "model": "Conference",
        "description": "Twilio voice conferences of the account. UPDATE Status to 'completed' "
                       "ends one.",
        # The seed's column order, names and descriptions.
        "order": ("sid", "account_sid", "date_created", "date_updated", "api_version",
                  "friendly_name", "region", "status", "uri", "subresource_uris",
                  "reason_conference_ended", "call_sid_ending_conference"),
        "columns": {
            "sid": {"description": "Unique identifier of the conference (CF + 32 hex "
                                   "characters).", "nullable": False},
            "account_sid": {"description": "SID of the account that created the conference."},
            "date_created": {"description": "When the conference was created (UTC)."},
            "date_updated": {"description": "When the conference was last updated (UTC)."},
            "api_version": {"description": "API version used to create the conference."},
            "friendly_name": {"name": "Name", "max_length": 128,
                              "description": "Friendly name given to the conference room (at "
                                             "most 128 characters)."},
            "region": {"description": "Twilio Region where the audio was mixed: us1, us2, ie1, "
                                      "de1, sg1, br1, au1 or jp1."},
            "status": {"description": "init, in-progress or completed. Writable: set to "
                                      "'completed' to end the conference."},
            "uri": {"description": "URI of this resource, relative to the API origin."},
            "subresource_uris": {"description": "JSON object of related resources "
                                                "(participants, recordings) and their URIs."},
            "reason_conference_ended": {"description": "Why the conference ended; NULL while "
                                                       "it is in progress."},
            "call_sid_ending_conference": {"description": "SID of the call that caused the "
                                                          "conference to end."},
        },
        # The seed sets Status only; announcing to a whole conference stays out for now.
        "skip_params": ("AnnounceUrl", "AnnounceMethod"),
        "windows": Windows("DateCreated"),
    },
    "/Conferences/{ConferenceSid}/Participants.json": {
        "model": "ConferenceParticipant",
        "description": "The participants of the account's live conferences. UPDATE mutes, "
                       "holds or coaches one, DELETE kicks one, INSERT dials someone in.",
        "key": ("ConferenceSid", "CallSid"),
        # The instance path's CallSid may also be a label; the table addresses calls by SID.
        "path_patterns": {"CallSid": r"CA[0-9a-fA-F]{32}"},
        "unbound": (
            FanOut(param="ConferenceSid", parent="Conferences", parent_column="Sid",
                   parent_where=(("Status", _LIVE),),
                   why="Twilio lists participants only of conferences that are not completed"),
        ),
        "references": (Reference("ConferenceSid", "Conferences"),),
        "create_effect": "dials a participant into the conference (a phone call)",
        "notes": (
            "Twilio lists a participant only while it is connecting to or connected to a "
            "conference that is not completed: this table holds no history.",
            "Kicking the last participant, or one with EndConferenceOnExit, ends the "
            "conference.",
        ),
    },
    "/Conferences/{ConferenceSid}/Recordings.json": {
        "model": "ConferenceRecording",
        "description": "Recordings of the account's conferences (they outlive the conference). "
                       "UPDATE Status pauses, resumes or stops one; DELETE deletes one.",
        "key": ("Sid",),
        # Not one request per conference of the account: the account's recording list,
        # kept to the recordings that have a conference. Its list, instance and filters are
        # read from the spec.
        "unbound": (
            {"param": "ConferenceSid", "through": "/Recordings.json",
             "keep_field": "conference_sid",
             "why": "the account's recording list holds every conference recording"},
        ),
        "references": (Reference("ConferenceSid", "Conferences"),),
        "update_allowed": {"Status": ("paused", "in-progress", "stopped")},
        "notes": ("A recording outlives its conference: completed conferences keep theirs.",),
    },
}

_USAGE_NOTES = (
    "Categories nest: totalprice includes every other category's price, and calls includes "
    "calls-inbound and calls-outbound, so a SUM over all categories counts the same usage "
    "more than once; filter on Category.",
    "StartDate and EndDate conditions are sent as Twilio's StartDate/EndDate: Twilio cuts "
    "each period to them and adds usage up over what is left (WHERE StartDate = '2026-01-01' "
    "AND EndDate = '2026-01-31' is January's usage); with neither, each list returns its "
    "default period (all time, or the day, month or year it names).",
    "IncludeSubaccounts is true by default at Twilio: usage of subaccounts is included "
    "unless a condition IncludeSubaccounts = false says otherwise.",
)
_USAGE = {"key": ("AccountSid", "Category", "StartDate", "EndDate"),
          "columns": {"as_of": {"type": "DATETIME"}},
          "notes": _USAGE_NOTES}
_USAGE_PERIODS = {
    "": ("UsageRecord", "Usage of the account per category, over Twilio's default period "
         "(or the StartDate/EndDate asked for)."),
    "/AllTime": ("AllTimeUsageRecord", "Usage of the account per category since it began."),
    "/Daily": ("DailyUsageRecord", "Usage of the account per category and day."),
    "/Monthly": ("MonthlyUsageRecord", "Usage of the account per category and month."),
    "/Yearly": ("YearlyUsageRecord", "Usage of the account per category and year."),
    "/Today": ("TodayUsageRecord", "Usage of the account per category today."),
    "/Yesterday": ("YesterdayUsageRecord", "Usage of the account per category yesterday."),
    "/ThisMonth": ("ThisMonthUsageRecord", "Usage of the account per category this month."),
    "/LastMonth": ("LastMonthUsageRecord", "Usage of the account per category last month."),
}

TABLES.update({
    "/Calls.json": {
        "model": "Call",
        "description": "Calls of the account. UPDATE Status to 'completed' hangs up a live call, "
                       "to 'canceled' cancels a queued or ringing one; Url or Twiml redirect "
                       "it. DELETE deletes call records; INSERT places a call.",
        "create_required": (("Url", "Twiml", "ApplicationSid"),),
        "create_effect": "places a phone call",
        "references": (Reference("ParentCallSid", "Calls", many="child_calls",
                                 one="parent_call"),),
        "notes": ("Twilio compares StartTime and EndTime by whole UTC days; the window sent is "
                  "widened so no row is lost, and SQLite re-checks the exact time.",),
        # A call not yet dialed has no StartTime: only a scan bounded on it is cut.
        "windows": Windows("StartTime", nullable=True),
    },
    "/Messages.json": {
        "model": "Message",
        "description": "Messages of the account (SMS, MMS, WhatsApp). UPDATE Body to '' "
                       "redacts one, Status to 'canceled' cancels a scheduled one; DELETE "
                       "deletes one; INSERT sends a message.",
        "update_allowed": {"Body": ("",)},
        "create_required": (("From", "MessagingServiceSid"), ("Body", "MediaUrl", "ContentSid")),
        "create_effect": "sends a message",
        "retention": Retention("DateSent", 400, 20004),
        # A message not yet sent has no DateSent: only a scan bounded on it is cut.
        "windows": Windows("DateSent", nullable=True),
        "notes": ("Twilio serves messages for 400 days (fewer if the account is set so): a "
                  "DateSent range reaching further back is clamped to that window, and one "
                  "wholly outside it asks for nothing.",),
    },
    "/Recordings.json": {
        "model": "Recording",
        "description": "Recordings of the account's calls and conferences. DELETE deletes one.",
        "references": (Reference("CallSid", "Calls", many="recordings", one="call"),
                       Reference("ConferenceSid", "Conferences", many="account_recordings",
                                 one="conference")),
        "windows": Windows("DateCreated"),
    },
    # Twilio cuts each period to StartDate/EndDate and adds usage up over what is left, so
    # the dates shape the records; a day is whole or out, so Daily's dates only filter.
    **{f"/Usage/Records{period}.json": {**_USAGE, "model": model, "description": text,
                                        "dates_shape": period != "/Daily"}
       for period, (model, text) in _USAGE_PERIODS.items()},
})

TABLES["/Conferences/{ConferenceSid}/Participants.json"]["references"] += (
    Reference("CallSid", "Calls", many="conference_participations", one="call"),)
TABLES["/Conferences/{ConferenceSid}/Recordings.json"]["references"] += (
    Reference("CallSid", "Calls", many="conference_recordings", one="call"),)

# The rest of the account: what the spec says of each is enough.
TABLES.update({
    "/Addresses.json": {"model": "Address",
                        "description": "Addresses of the account (for numbers that need one)."},
    "/Applications.json": {"model": "Application",
                           "description": "TwiML applications of the account: the URLs Twilio "
                                          "calls for voice and messaging."},
    "/ConnectApps.json": {"model": "ConnectApp",
                          "description": "Connect apps of the account."},
    "/IncomingPhoneNumbers.json": {
        "model": "IncomingPhoneNumber",
        "description": "Phone numbers the account owns. UPDATE changes what they do; DELETE "
                       "releases one; INSERT buys one.",
        "create_effect": "buys a phone number (billed monthly)",
        # Moving a number to another account is left out until accounts are rows.
        "skip_params": ("AccountSid",),
        # PhoneNumber matches partial numbers ('*' for any digit); Beta=true includes numbers
        # new to Twilio besides the others.
        "superset_filters": ("PhoneNumber", "Beta")},
    "/Keys.json": {"model": "ApiKey",
                   "description": "API keys of the account (never their secrets).",
                   "create_effect": "creates an API key (its secret is not kept)"},
    "/Notifications.json": {"model": "Notification",
                            "description": "Errors and warnings Twilio logged for the account."},
    "/OutgoingCallerIds.json": {
        "model": "OutgoingCallerId",
        "description": "Caller IDs verified for the account's outgoing calls.",
        "create_effect": "starts verifying a caller ID (Twilio calls the number)"},
    "/Queues.json": {"model": "Queue", "description": "Call queues of the account."},
    "/Queues/{QueueSid}/Members.json": {
        "model": "QueueMember",
        "description": "Calls waiting in the account's queues. UPDATE Url dequeues one to "
                       "that TwiML.",
        "key": ("QueueSid", "CallSid"),
        "path_patterns": {"CallSid": r"CA[0-9a-fA-F]{32}"},
        "unbound": (FanOut(param="QueueSid", parent="Queues",
                           why="Twilio lists the members of one queue at a time"),),
        "references": (Reference("QueueSid", "Queues", many="members", one="queue"),
                       Reference("CallSid", "Calls", many="queue_memberships", one="call")),
    },
    "/SIP/CredentialLists.json": {"model": "SipCredentialList",
                                  "description": "SIP credential lists of the account."},
    "/SIP/CredentialLists/{CredentialListSid}/Credentials.json": {
        "model": "SipCredential",
        "description": "The usernames of the account's SIP credential lists (never their "
                       "passwords, so a credential cannot be added or changed here).",
        "unbound": (FanOut(param="CredentialListSid", parent="SipCredentialLists",
                           why="Twilio lists the credentials of one list at a time"),),
        "references": (Reference("CredentialListSid", "SipCredentialLists",
                                 many="credentials", one="credential_list"),),
    },
    "/SIP/Domains.json": {"model": "SipDomain", "description": "SIP domains of the account."},
    "/SIP/IpAccessControlLists.json": {
        "model": "SipIpAccessControlList",
        "description": "SIP IP access control lists of the account."},
    "/SIP/IpAccessControlLists/{IpAccessControlListSid}/IpAddresses.json": {
        "model": "SipIpAddress",
        "description": "The IP addresses of the account's SIP IP access control lists.",
        "unbound": (FanOut(param="IpAccessControlListSid", parent="SipIpAccessControlLists",
                           why="Twilio lists the addresses of one list at a time"),),
        "references": (Reference("IpAccessControlListSid", "SipIpAccessControlLists",
                                 many="ip_addresses", one="ip_access_control_list"),),
    },
    "/SMS/ShortCodes.json": {"model": "ShortCode",
                             "description": "Short codes of the account.",
                             # ShortCode matches partial codes ('*' for any digit).
                             "superset_filters": ("ShortCode",)},
    "/SigningKeys.json": {"model": "SigningKey",
                          "description": "Signing keys of the account (never their secrets).",
                          "create_effect": "creates a signing key (its secret is not kept)"},
    "/Transcriptions.json": {"model": "Transcription",
                             "description": "Transcriptions of the account's recordings."},
    "/Usage/Triggers.json": {"model": "UsageTrigger",
                             "description": "Usage triggers of the account: a webhook when a "
                                            "usage category reaches a value."},
})

# Lists nested below records of other tables, and what Twilio has for sale.
_NUMBER_TYPES = {"Local": "local", "MachineToMachine": "machine-to-machine", "Mobile": "mobile",
                 "National": "national", "SharedCost": "shared-cost", "TollFree": "toll-free",
                 "Voip": "VoIP"}


def _mappings(what: str, parent_field: bool, many: str) -> dict[str, Any]:
    return {
        "description": f"The {what} mapped to the account's SIP domains. INSERT maps one, "
                       "DELETE unmaps one.",
        "key": ("DomainSid", "Sid"),
        "create_effect": "maps it to the SIP domain",
        "unbound": (FanOut(param="DomainSid", parent="SipDomains",
                           why="Twilio lists the mappings of one domain at a time"),),
        "references": (Reference("DomainSid", "SipDomains", many=many, one="domain"),),
        **({} if parent_field else {"notes": (
            "Twilio's records of this list do not name their domain: the DomainSid of a row "
            "is the domain it was listed under.",)}),
    }


TABLES.update({
    "/AuthorizedConnectApps.json": {
        "model": "AuthorizedConnectApp",
        "description": "Connect apps the account has authorized to act on its behalf."},
    "/AvailablePhoneNumbers.json": {
        "name": "AvailablePhoneNumberCountries",
        "model": "AvailablePhoneNumberCountry",
        "path_patterns": {"CountryCode": "[A-Z]{2}"},
        "description": "The countries Twilio has phone numbers for sale in."},
    **{f"/AvailablePhoneNumbers/{{CountryCode}}/{kind}.json": {
        "model": f"Available{kind}Number",
        "description": f"The {words} phone numbers for sale in a country (WHERE CountryCode = "
                       "'US', or IN (…), is needed: Twilio lists one country at a time). "
                       "Buy one with INSERT INTO IncomingPhoneNumbers.",
        "key": ("CountryCode", "PhoneNumber"),
        "path_patterns": {"CountryCode": "[A-Z]{2}"},
        # Beta=true includes numbers new to Twilio besides the others.
        "superset_filters": ("Beta",),
        "references": (Reference("CountryCode", "AvailablePhoneNumberCountries",
                                 "CountryCode"),),
        "notes": ("Conditions on the search parameters (AreaCode, Contains, InRegion, "
                  "NearNumber, …) are sent to Twilio as they are, and every row returned "
                  "carries them: Twilio decides what matches.",),
    } for kind, words in _NUMBER_TYPES.items()},
    "/Addresses/{AddressSid}/DependentPhoneNumbers.json": {
        "model": "AddressDependentPhoneNumber",
        "description": "The account's phone numbers that need an address, by address.",
        "key": ("AddressSid", "Sid"),
        "unbound": (FanOut(param="AddressSid", parent="Addresses",
                           why="Twilio lists the numbers of one address at a time"),),
        "references": (Reference("AddressSid", "Addresses", many="dependent_phone_numbers",
                                 one="address"),),
    },
    **{f"/IncomingPhoneNumbers/{kind}.json": {
        "model": f"Incoming{kind}Number",
        "description": f"The account's {words} phone numbers. INSERT buys one.",
        "key": ("Sid",),
        "create_effect": f"buys a {words} phone number (billed monthly)",
        "superset_filters": ("PhoneNumber", "Beta"),
    } for kind, words in (("Local", "local"), ("Mobile", "mobile"),
                          ("TollFree", "toll-free"))},
    "/IncomingPhoneNumbers/{ResourceSid}/AssignedAddOns.json": {
        "model": "IncomingPhoneNumberAssignedAddOn",
        "description": "Add-ons assigned to the account's phone numbers. INSERT assigns one, "
                       "DELETE removes one.",
        "create_effect": "assigns an add-on to the phone number",
        "unbound": (FanOut(param="ResourceSid", parent="IncomingPhoneNumbers",
                           why="Twilio lists the add-ons of one number at a time"),),
        "references": (Reference("ResourceSid", "IncomingPhoneNumbers", many="assigned_add_ons",
                                 one="phone_number"),),
    },
    "/IncomingPhoneNumbers/{ResourceSid}/AssignedAddOns/{AssignedAddOnSid}/Extensions.json": {
        "model": "IncomingPhoneNumberAssignedAddOnExtension",
        "description": "The extensions of add-ons assigned to the account's phone numbers.",
        "unbound": (FanOut(param="AssignedAddOnSid",
                           parent="IncomingPhoneNumberAssignedAddOns",
                           why="Twilio lists the extensions of one assigned add-on at a time"),),
        "references": (Reference("AssignedAddOnSid", "IncomingPhoneNumberAssignedAddOns",
                                 many="extensions", one="assigned_add_on"),),
        "notes": ("Twilio lists extensions per number and add-on: a join names both (ON "
                  "e.AssignedAddOnSid = a.Sid AND e.ResourceSid = a.ResourceSid), else each "
                  "add-on's extensions are looked for through every number.",),
    },
    "/SIP/Domains/{DomainSid}/CredentialListMappings.json": {
        **_mappings("credential lists", True, "credential_list_mappings"),
        "model": "SipDomainCredentialListMapping"},
    "/SIP/Domains/{DomainSid}/IpAccessControlListMappings.json": {
        **_mappings("IP access control lists", True, "ip_access_control_list_mappings"),
        "model": "SipDomainIpAccessControlListMapping"},
    "/SIP/Domains/{DomainSid}/Auth/Calls/CredentialListMappings.json": {
        **_mappings("credential lists that authenticate calls", False, "call_credential_lists"),
        "model": "SipDomainAuthCallsCredentialListMapping"},
    "/SIP/Domains/{DomainSid}/Auth/Calls/IpAccessControlListMappings.json": {
        **_mappings("IP access control lists that authenticate calls", False,
                    "call_ip_access_control_lists"),
        "model": "SipDomainAuthCallsIpAccessControlListMapping"},
    "/SIP/Domains/{DomainSid}/Auth/Registrations/CredentialListMappings.json": {
        **_mappings("credential lists that authenticate registrations", False,
                    "registration_credential_lists"),
        "model": "SipDomainAuthRegistrationsCredentialListMapping"},
    "/Calls/{CallSid}/Events.json": {
        "model": "CallEvent",
        "description": "The requests Twilio made for a call and the answers it got.",
        "key": ("CallSid", "Request", "Response"),
        "unbound": (FanOut(param="CallSid", parent="Calls",
                           why="Twilio lists the events of one call at a time"),),
        "references": (Reference("CallSid", "Calls", many="events", one="call"),),
        "notes": ("Events have no SID: a row is known by its call, request and response.",),
    },
    "/Calls/{CallSid}/Notifications.json": {
        "model": "CallNotification",
        "description": "Errors and warnings Twilio logged for the account's calls.",
        "key": ("Sid",),
        "unbound": ({"param": "CallSid", "through": "/Notifications.json",
                     "keep_field": "call_sid",
                     "why": "the account's notification list holds every call's"},),
        "references": (Reference("CallSid", "Calls", many="notifications", one="call"),),
    },
    "/Calls/{CallSid}/Recordings.json": {
        "model": "CallRecording",
        "description": "Recordings of the account's calls. UPDATE Status pauses, resumes or "
                       "stops one; DELETE deletes one; INSERT starts recording a live call.",
        "key": ("CallSid", "Sid"),
        "create_effect": "starts recording the call",
        # Not through the account's recordings: they lack the call list's Track.
        "unbound": (FanOut(param="CallSid", parent="Calls",
                           why="Twilio lists the recordings of one call at a time"),),
        "references": (Reference("CallSid", "Calls", many="call_recordings", one="call"),),
        "notes": ("Without a CallSid condition this is one request per call: the Recordings "
                  "table lists every recording of the account in one list (without Track).",),
    },
    "/Messages/{MessageSid}/Media.json": {
        "name": "MessageMedia",
        "model": "MessageMedia",
        "description": "Media (images, audio, files) of the account's messages. DELETE "
                       "deletes one.",
        "unbound": (FanOut(param="MessageSid", parent="Messages",
                           why="Twilio lists the media of one message at a time"),),
        "references": (Reference("MessageSid", "Messages", many="media", one="message"),),
    },
    "/Recordings/{ReferenceSid}/AddOnResults.json": {
        "model": "RecordingAddOnResult",
        "description": "Results of add-ons run on the account's recordings. DELETE deletes "
                       "one.",
        "unbound": (FanOut(param="ReferenceSid", parent="Recordings",
                           why="Twilio lists the results of one recording at a time"),),
        "references": (Reference("ReferenceSid", "Recordings", many="add_on_results",
                                 one="recording"),),
    },
    "/Recordings/{ReferenceSid}/AddOnResults/{AddOnResultSid}/Payloads.json": {
        "model": "RecordingAddOnResultPayload",
        "description": "The payloads of add-on results of the account's recordings. DELETE "
                       "deletes one.",
        "unbound": (FanOut(param="AddOnResultSid", parent="RecordingAddOnResults",
                           why="Twilio lists the payloads of one result at a time"),),
        "references": (Reference("AddOnResultSid", "RecordingAddOnResults", many="payloads",
                                 one="add_on_result"),),
        "notes": ("Twilio lists payloads per recording and result: a join names both (ON "
                  "p.AddOnResultSid = r.Sid AND p.ReferenceSid = r.ReferenceSid).",),
    },
    "/Recordings/{RecordingSid}/Transcriptions.json": {
        "model": "RecordingTranscription",
        "description": "Transcriptions of the account's recordings. DELETE deletes one.",
        "key": ("Sid",),
        "unbound": ({"param": "RecordingSid", "through": "/Transcriptions.json",
                     "keep_field": "recording_sid",
                     "why": "the account's transcription list holds every recording's"},),
        "references": (Reference("RecordingSid", "Recordings", many="transcriptions",
                                 one="recording"),),
    },
})
