"""``Conferences``: Twilio voice conferences (``/2010-04-01/Accounts/{AccountSid}/Conferences``)."""

from __future__ import annotations

import datetime as _dt
from typing import Any, Optional

from pydantic import BaseModel, ConfigDict, field_validator

from ._declaration import Column, ColumnType, Pushdown, PushdownKind, Resource
from ._timefmt import rfc2822_to_datetime

__all__ = ["CONFERENCES", "ConferenceRecord", "ConferencePage", "STATUSES", "REASONS", "REGIONS"]

STATUSES = ("init", "in-progress", "completed")
REASONS = (
    "conference-ended-via-api",
    "participant-with-end-conference-on-exit-left",
    "participant-with-end-conference-on-exit-kicked",
    "last-participant-kicked",
    "last-participant-left",
)
REGIONS = ("us1", "us2", "ie1", "de1", "sg1", "br1", "au1", "jp1")

_S, _D, _J = ColumnType.STRING, ColumnType.DATETIME, ColumnType.JSON

_COLUMNS = (
    Column("Sid", "sid", _S, "Unique identifier of the conference (CF + 32 hex characters).",
           nullable=False),
    Column("AccountSid", "account_sid", _S, "SID of the account that created the conference."),
    Column("DateCreated", "date_created", _D, "When the conference was created (UTC)."),
    Column("DateUpdated", "date_updated", _D, "When the conference was last updated (UTC)."),
    Column("ApiVersion", "api_version", _S, "API version used to create the conference."),
    Column("Name", "friendly_name", _S,
           "Friendly name given to the conference room (at most 128 characters).",
           max_length=128),
    Column("Region", "region", _S,
           "Twilio Region where the audio was mixed: us1, us2, ie1, de1, sg1, br1, au1 or jp1."),
    Column("Status", "status", _S,
           "init, in-progress or completed. Writable: set to 'completed' to end the conference.",
           writable_values=("completed",), write_param="Status", enum=STATUSES),
    Column("Uri", "uri", _S, "URI of this resource, relative to the API origin."),
    Column("SubresourceUris", "subresource_uris", _J,
           "JSON object of related resources (participants, recordings) and their URIs."),
    Column("ReasonConferenceEnded", "reason_conference_ended", _S,
           "Why the conference ended; NULL while it is in progress.", enum=REASONS),
    Column("CallSidEndingConference", "call_sid_ending_conference", _S,
           "SID of the call that caused the conference to end."),
)

CONFERENCES = Resource(
    name="Conferences",
    description="Twilio voice conferences of the account. UPDATE Status to 'completed' ends one.",
    columns=_COLUMNS,
    key="Sid",
    list_path="/2010-04-01/Accounts/{account_sid}/Conferences.json",
    fetch_path="/2010-04-01/Accounts/{account_sid}/Conferences/{sid}.json",
    update_path="/2010-04-01/Accounts/{account_sid}/Conferences/{sid}.json",
    list_key="conferences",
    key_pattern=r"CF[0-9a-fA-F]{32}",
    pushdowns=(
        Pushdown("Sid", PushdownKind.KEY),
        Pushdown("Name", PushdownKind.EQUALS, "FriendlyName"),
        Pushdown("Status", PushdownKind.EQUALS, "Status"),
        Pushdown("DateCreated", PushdownKind.DAY_RANGE, "DateCreated"),
        Pushdown("DateUpdated", PushdownKind.DAY_RANGE, "DateUpdated"),
    ),
)


class ConferenceRecord(BaseModel):
    """A conference as the API returns it, dates parsed to aware UTC datetimes."""

    model_config = ConfigDict(extra="allow", frozen=True)

    sid: str
    account_sid: Optional[str] = None
    date_created: Optional[_dt.datetime] = None
    date_updated: Optional[_dt.datetime] = None
    api_version: Optional[str] = None
    friendly_name: Optional[str] = None
    region: Optional[str] = None
    status: Optional[str] = None
    uri: Optional[str] = None
    subresource_uris: Optional[dict[str, str]] = None
    reason_conference_ended: Optional[str] = None
    call_sid_ending_conference: Optional[str] = None

    @field_validator("date_created", "date_updated", mode="before")
    @classmethod
    def _parse_rfc2822(cls, value: Any) -> Any:
        if isinstance(value, str):
            return rfc2822_to_datetime(value)
        return value


class ConferencePage(BaseModel):
    """One page of ``GET …/Conferences.json``."""

    model_config = ConfigDict(extra="allow", frozen=True)

    conferences: list[ConferenceRecord]
    page: Optional[int] = None
    page_size: Optional[int] = None
    start: Optional[int] = None
    end: Optional[int] = None
    uri: Optional[str] = None
    first_page_uri: Optional[str] = None
    next_page_uri: Optional[str] = None
    previous_page_uri: Optional[str] = None


