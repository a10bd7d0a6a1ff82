"""Types of :mod:`sqlalchemy_twilio.models`, generated from the table declarations by
``tools/generate_docs.py``: change the declarations and run it again."""

import datetime as _dt
from decimal import Decimal
from typing import Any

from sqlalchemy import MetaData, Table
from sqlalchemy.orm import Mapped

from .resources import Resource

metadata: MetaData
Base: Any

def table_for(resource: Resource, meta: MetaData) -> Table: ...
def model_for(table: str) -> Any: ...
def relationship_names(child: Resource, parent: Resource) -> tuple[str, str]: ...


class Conference(Base):
    """Twilio voice conferences of the account. UPDATE Status to 'completed' ends one."""

    Sid: Mapped[str]
    AccountSid: Mapped[str | None]
    DateCreated: Mapped[_dt.datetime | None]
    DateUpdated: Mapped[_dt.datetime | None]
    ApiVersion: Mapped[str | None]
    Name: Mapped[str | None]
    Region: Mapped[str | None]
    Status: Mapped[str | None]
    Uri: Mapped[str | None]
    SubresourceUris: Mapped[Any | None]
    ReasonConferenceEnded: Mapped[str | None]
    CallSidEndingConference: Mapped[str | None]
    participants: Mapped[list[ConferenceParticipant]]
    recordings: Mapped[list[ConferenceRecording]]

class ConferenceParticipant(Base):
    """The participants of the account's live conferences. UPDATE mutes, holds or coaches one,
    DELETE kicks one, INSERT dials someone in."""

    AccountSid: Mapped[str | None]
    CallSid: Mapped[str]
    Label: Mapped[str | None]
    CallSidToCoach: Mapped[str | None]
    Coaching: Mapped[bool | None]
    ConferenceSid: Mapped[str]
    DateCreated: Mapped[_dt.datetime | None]
    DateUpdated: Mapped[_dt.datetime | None]
    EndConferenceOnExit: Mapped[bool | None]
    Muted: Mapped[bool | None]
    Hold: Mapped[bool | None]
    StartConferenceOnEnter: Mapped[bool | None]
    Status: Mapped[str | None]
    QueueTime: Mapped[int | None]
    Uri: Mapped[str | None]
    HoldUrl: Mapped[str | None]
    HoldMethod: Mapped[str | None]
    AnnounceUrl: Mapped[str | None]
    AnnounceMethod: Mapped[str | None]
    WaitUrl: Mapped[str | None]
    WaitMethod: Mapped[str | None]
    BeepOnExit: Mapped[bool | None]
    From: Mapped[str | None]
    To: Mapped[str | None]
    StatusCallback: Mapped[str | None]
    StatusCallbackMethod: Mapped[str | None]
    StatusCallbackEvent: Mapped[str | None]
    Timeout: Mapped[int | None]
    Record: Mapped[bool | None]
    Beep: Mapped[str | None]
    EarlyMedia: Mapped[bool | None]
    MaxParticipants: Mapped[int | None]
    ConferenceRecord: Mapped[str | None]
    ConferenceTrim: Mapped[str | None]
    ConferenceStatusCallback: Mapped[str | None]
    ConferenceStatusCallbackMethod: Mapped[str | None]
    ConferenceStatusCallbackEvent: Mapped[str | None]
    RecordingChannels: Mapped[str | None]
    RecordingStatusCallback: Mapped[str | None]
    RecordingStatusCallbackMethod: Mapped[str | None]
    SipAuthUsername: Mapped[str | None]
    Region: Mapped[str | None]
    ConferenceRecordingStatusCallback: Mapped[str | None]
    ConferenceRecordingStatusCallbackMethod: Mapped[str | None]
    RecordingStatusCallbackEvent: Mapped[str | None]
    ConferenceRecordingStatusCallbackEvent: Mapped[str | None]
    JitterBufferSize: Mapped[str | None]
    Byoc: Mapped[str | None]
    CallerId: Mapped[str | None]
    CallReason: Mapped[str | None]
    RecordingTrack: Mapped[str | None]
    TimeLimit: Mapped[int | None]
    MachineDetection: Mapped[str | None]
    MachineDetectionTimeout: Mapped[int | None]
    MachineDetectionSpeechThreshold: Mapped[int | None]
    MachineDetectionSpeechEndThreshold: Mapped[int | None]
    MachineDetectionSilenceTimeout: Mapped[int | None]
    AmdStatusCallback: Mapped[str | None]
    AmdStatusCallbackMethod: Mapped[str | None]
    Trim: Mapped[str | None]
    ClientNotificationUrl: Mapped[str | None]
    CallerDisplayName: Mapped[str | None]
    conference: Mapped[Conference | None]

class ConferenceRecording(Base):
    """Recordings of the account's conferences (they outlive the conference). UPDATE Status
    pauses, resumes or stops one; DELETE deletes one."""

    AccountSid: Mapped[str | None]
    ApiVersion: Mapped[str | None]
    CallSid: Mapped[str | None]
    ConferenceSid: Mapped[str | None]
    DateCreated: Mapped[_dt.datetime | None]
    DateUpdated: Mapped[_dt.datetime | None]
    StartTime: Mapped[_dt.datetime | None]
    Duration: Mapped[int | None]
    Sid: Mapped[str]
    Price: Mapped[Decimal | None]
    PriceUnit: Mapped[str | None]
    Status: Mapped[str | None]
    Channels: Mapped[int | None]
    Source: Mapped[str | None]
    ErrorCode: Mapped[int | None]
    EncryptionDetails: Mapped[Any | None]
    Uri: Mapped[str | None]
    PauseBehavior: Mapped[str | None]
    conference: Mapped[Conference | None]
