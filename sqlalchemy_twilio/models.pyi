"""Types of :mod:`sqlalchemy_twilio.models`, generated from the table declarations by
``tools/generate_docs.py``: change the declarations and run it again."""

import datetime as _dt
from decimal import Decimal
from typing import Any

from sqlalchemy import MetaData, Table
from sqlalchemy.orm import Mapped

from .resources import Reference, Resource

metadata: MetaData
Base: Any

def table_for(resource: Resource, meta: MetaData) -> Table: ...
def model_for(table: str) -> Any: ...
def relationship_names(ref: Reference, child: Resource, parent: Resource) -> tuple[str, str]: ...


class Account(Base):
    """The account and its subaccounts. INSERT creates a subaccount; UPDATE Status to
    'suspended', 'active' or 'closed' (closing cannot be undone) or FriendlyName. Any
    table's AccountSid IN (SELECT Sid FROM Accounts) reads every account."""

    DateCreated: Mapped[_dt.datetime | None]
    DateUpdated: Mapped[_dt.datetime | None]
    FriendlyName: Mapped[str | None]
    OwnerAccountSid: Mapped[str | None]
    Sid: Mapped[str]
    Status: Mapped[str | None]
    SubresourceUris: Mapped[Any | None]
    Type: Mapped[str | None]
    Uri: Mapped[str | None]
    subaccounts: Mapped[list[Account]]
    owner: Mapped[Account | None]

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
    account_recordings: Mapped[list[Recording]]

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
    call: Mapped[Call | None]

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
    call: Mapped[Call | None]

class Call(Base):
    """Calls of the account. UPDATE Status to 'completed' hangs up a live call, to 'canceled'
    cancels a queued or ringing one; Url or Twiml redirect it. DELETE deletes call records;
    INSERT places a call."""

    Sid: Mapped[str]
    DateCreated: Mapped[_dt.datetime | None]
    DateUpdated: Mapped[_dt.datetime | None]
    ParentCallSid: Mapped[str | None]
    AccountSid: Mapped[str | None]
    To: Mapped[str | None]
    ToFormatted: Mapped[str | None]
    From: Mapped[str | None]
    FromFormatted: Mapped[str | None]
    PhoneNumberSid: Mapped[str | None]
    Status: Mapped[str | None]
    StartTime: Mapped[_dt.datetime | None]
    EndTime: Mapped[_dt.datetime | None]
    Duration: Mapped[int | None]
    Price: Mapped[Decimal | None]
    PriceUnit: Mapped[str | None]
    Direction: Mapped[str | None]
    AnsweredBy: Mapped[str | None]
    ApiVersion: Mapped[str | None]
    ForwardedFrom: Mapped[str | None]
    GroupSid: Mapped[str | None]
    CallerName: Mapped[str | None]
    QueueTime: Mapped[int | None]
    TrunkSid: Mapped[str | None]
    Uri: Mapped[str | None]
    SubresourceUris: Mapped[Any | None]
    Url: Mapped[str | None]
    Method: Mapped[str | None]
    FallbackUrl: Mapped[str | None]
    FallbackMethod: Mapped[str | None]
    StatusCallback: Mapped[str | None]
    StatusCallbackMethod: Mapped[str | None]
    Twiml: Mapped[str | None]
    TimeLimit: Mapped[int | None]
    StatusCallbackEvent: Mapped[str | None]
    SendDigits: Mapped[str | None]
    Timeout: Mapped[int | None]
    Record: Mapped[bool | None]
    RecordingChannels: Mapped[str | None]
    RecordingStatusCallback: Mapped[str | None]
    RecordingStatusCallbackMethod: Mapped[str | None]
    SipAuthUsername: Mapped[str | None]
    MachineDetection: Mapped[str | None]
    MachineDetectionTimeout: Mapped[int | None]
    RecordingStatusCallbackEvent: Mapped[str | None]
    Trim: Mapped[str | None]
    CallerId: Mapped[str | None]
    MachineDetectionSpeechThreshold: Mapped[int | None]
    MachineDetectionSpeechEndThreshold: Mapped[int | None]
    MachineDetectionSilenceTimeout: Mapped[int | None]
    AsyncAmd: Mapped[str | None]
    AsyncAmdStatusCallback: Mapped[str | None]
    AsyncAmdStatusCallbackMethod: Mapped[str | None]
    Byoc: Mapped[str | None]
    CallReason: Mapped[str | None]
    RecordingTrack: Mapped[str | None]
    ClientNotificationUrl: Mapped[str | None]
    ApplicationSid: Mapped[str | None]
    conference_participations: Mapped[list[ConferenceParticipant]]
    conference_recordings: Mapped[list[ConferenceRecording]]
    child_calls: Mapped[list[Call]]
    recordings: Mapped[list[Recording]]
    queue_memberships: Mapped[list[QueueMember]]
    events: Mapped[list[CallEvent]]
    notifications: Mapped[list[CallNotification]]
    call_recordings: Mapped[list[CallRecording]]
    parent_call: Mapped[Call | None]

class Message(Base):
    """Messages of the account (SMS, MMS, WhatsApp). UPDATE Body to '' redacts one, Status to
    'canceled' cancels a scheduled one; DELETE deletes one; INSERT sends a message."""

    Body: Mapped[str | None]
    NumSegments: Mapped[int | None]
    Direction: Mapped[str | None]
    From: Mapped[str | None]
    To: Mapped[str | None]
    DateUpdated: Mapped[_dt.datetime | None]
    Price: Mapped[Decimal | None]
    ErrorMessage: Mapped[str | None]
    Uri: Mapped[str | None]
    AccountSid: Mapped[str | None]
    NumMedia: Mapped[int | None]
    Status: Mapped[str | None]
    MessagingServiceSid: Mapped[str | None]
    Sid: Mapped[str]
    DateSent: Mapped[_dt.datetime | None]
    DateCreated: Mapped[_dt.datetime | None]
    ErrorCode: Mapped[int | None]
    PriceUnit: Mapped[str | None]
    ApiVersion: Mapped[str | None]
    SubresourceUris: Mapped[Any | None]
    StatusCallback: Mapped[str | None]
    ApplicationSid: Mapped[str | None]
    MaxPrice: Mapped[Decimal | None]
    ProvideFeedback: Mapped[bool | None]
    Attempt: Mapped[int | None]
    ValidityPeriod: Mapped[int | None]
    ForceDelivery: Mapped[bool | None]
    ContentRetention: Mapped[str | None]
    AddressRetention: Mapped[str | None]
    SmartEncoded: Mapped[bool | None]
    PersistentAction: Mapped[str | None]
    TrafficType: Mapped[str | None]
    ShortenUrls: Mapped[bool | None]
    ScheduleType: Mapped[str | None]
    SendAt: Mapped[_dt.datetime | None]
    SendAsMms: Mapped[bool | None]
    ContentVariables: Mapped[str | None]
    RiskCheck: Mapped[str | None]
    FallbackFrom: Mapped[str | None]
    MediaUrl: Mapped[str | None]
    ContentSid: Mapped[str | None]
    media: Mapped[list[MessageMedia]]

class Recording(Base):
    """Recordings of the account's calls and conferences. DELETE deletes one."""

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
    Uri: Mapped[str | None]
    EncryptionDetails: Mapped[Any | None]
    SubresourceUris: Mapped[Any | None]
    MediaUrl: Mapped[str | None]
    IncludeSoftDeleted: Mapped[bool | None]
    add_on_results: Mapped[list[RecordingAddOnResult]]
    transcriptions: Mapped[list[RecordingTranscription]]
    call: Mapped[Call | None]
    conference: Mapped[Conference | None]

class UsageRecord(Base):
    """Usage of the account per category, over Twilio's default period (or the
    StartDate/EndDate asked for)."""

    AccountSid: Mapped[str]
    ApiVersion: Mapped[str | None]
    AsOf: Mapped[_dt.datetime | None]
    Category: Mapped[str]
    Count: Mapped[Decimal | None]
    CountUnit: Mapped[str | None]
    Description: Mapped[str | None]
    EndDate: Mapped[_dt.date]
    Price: Mapped[Decimal | None]
    PriceUnit: Mapped[str | None]
    StartDate: Mapped[_dt.date]
    SubresourceUris: Mapped[Any | None]
    Uri: Mapped[str | None]
    Usage: Mapped[Decimal | None]
    UsageUnit: Mapped[str | None]
    IncludeSubaccounts: Mapped[bool | None]

class AllTimeUsageRecord(Base):
    """Usage of the account per category since it began."""

    AccountSid: Mapped[str]
    ApiVersion: Mapped[str | None]
    AsOf: Mapped[_dt.datetime | None]
    Category: Mapped[str]
    Count: Mapped[Decimal | None]
    CountUnit: Mapped[str | None]
    Description: Mapped[str | None]
    EndDate: Mapped[_dt.date]
    Price: Mapped[Decimal | None]
    PriceUnit: Mapped[str | None]
    StartDate: Mapped[_dt.date]
    SubresourceUris: Mapped[Any | None]
    Uri: Mapped[str | None]
    Usage: Mapped[Decimal | None]
    UsageUnit: Mapped[str | None]
    IncludeSubaccounts: Mapped[bool | None]

class DailyUsageRecord(Base):
    """Usage of the account per category and day."""

    AccountSid: Mapped[str]
    ApiVersion: Mapped[str | None]
    AsOf: Mapped[_dt.datetime | None]
    Category: Mapped[str]
    Count: Mapped[Decimal | None]
    CountUnit: Mapped[str | None]
    Description: Mapped[str | None]
    EndDate: Mapped[_dt.date]
    Price: Mapped[Decimal | None]
    PriceUnit: Mapped[str | None]
    StartDate: Mapped[_dt.date]
    SubresourceUris: Mapped[Any | None]
    Uri: Mapped[str | None]
    Usage: Mapped[Decimal | None]
    UsageUnit: Mapped[str | None]
    IncludeSubaccounts: Mapped[bool | None]

class MonthlyUsageRecord(Base):
    """Usage of the account per category and month."""

    AccountSid: Mapped[str]
    ApiVersion: Mapped[str | None]
    AsOf: Mapped[_dt.datetime | None]
    Category: Mapped[str]
    Count: Mapped[Decimal | None]
    CountUnit: Mapped[str | None]
    Description: Mapped[str | None]
    EndDate: Mapped[_dt.date]
    Price: Mapped[Decimal | None]
    PriceUnit: Mapped[str | None]
    StartDate: Mapped[_dt.date]
    SubresourceUris: Mapped[Any | None]
    Uri: Mapped[str | None]
    Usage: Mapped[Decimal | None]
    UsageUnit: Mapped[str | None]
    IncludeSubaccounts: Mapped[bool | None]

class YearlyUsageRecord(Base):
    """Usage of the account per category and year."""

    AccountSid: Mapped[str]
    ApiVersion: Mapped[str | None]
    AsOf: Mapped[_dt.datetime | None]
    Category: Mapped[str]
    Count: Mapped[Decimal | None]
    CountUnit: Mapped[str | None]
    Description: Mapped[str | None]
    EndDate: Mapped[_dt.date]
    Price: Mapped[Decimal | None]
    PriceUnit: Mapped[str | None]
    StartDate: Mapped[_dt.date]
    SubresourceUris: Mapped[Any | None]
    Uri: Mapped[str | None]
    Usage: Mapped[Decimal | None]
    UsageUnit: Mapped[str | None]
    IncludeSubaccounts: Mapped[bool | None]

class TodayUsageRecord(Base):
    """Usage of the account per category today."""

    AccountSid: Mapped[str]
    ApiVersion: Mapped[str | None]
    AsOf: Mapped[_dt.datetime | None]
    Category: Mapped[str]
    Count: Mapped[Decimal | None]
    CountUnit: Mapped[str | None]
    Description: Mapped[str | None]
    EndDate: Mapped[_dt.date]
    Price: Mapped[Decimal | None]
    PriceUnit: Mapped[str | None]
    StartDate: Mapped[_dt.date]
    SubresourceUris: Mapped[Any | None]
    Uri: Mapped[str | None]
    Usage: Mapped[Decimal | None]
    UsageUnit: Mapped[str | None]
    IncludeSubaccounts: Mapped[bool | None]

class YesterdayUsageRecord(Base):
    """Usage of the account per category yesterday."""

    AccountSid: Mapped[str]
    ApiVersion: Mapped[str | None]
    AsOf: Mapped[_dt.datetime | None]
    Category: Mapped[str]
    Count: Mapped[Decimal | None]
    CountUnit: Mapped[str | None]
    Description: Mapped[str | None]
    EndDate: Mapped[_dt.date]
    Price: Mapped[Decimal | None]
    PriceUnit: Mapped[str | None]
    StartDate: Mapped[_dt.date]
    SubresourceUris: Mapped[Any | None]
    Uri: Mapped[str | None]
    Usage: Mapped[Decimal | None]
    UsageUnit: Mapped[str | None]
    IncludeSubaccounts: Mapped[bool | None]

class ThisMonthUsageRecord(Base):
    """Usage of the account per category this month."""

    AccountSid: Mapped[str]
    ApiVersion: Mapped[str | None]
    AsOf: Mapped[_dt.datetime | None]
    Category: Mapped[str]
    Count: Mapped[Decimal | None]
    CountUnit: Mapped[str | None]
    Description: Mapped[str | None]
    EndDate: Mapped[_dt.date]
    Price: Mapped[Decimal | None]
    PriceUnit: Mapped[str | None]
    StartDate: Mapped[_dt.date]
    SubresourceUris: Mapped[Any | None]
    Uri: Mapped[str | None]
    Usage: Mapped[Decimal | None]
    UsageUnit: Mapped[str | None]
    IncludeSubaccounts: Mapped[bool | None]

class LastMonthUsageRecord(Base):
    """Usage of the account per category last month."""

    AccountSid: Mapped[str]
    ApiVersion: Mapped[str | None]
    AsOf: Mapped[_dt.datetime | None]
    Category: Mapped[str]
    Count: Mapped[Decimal | None]
    CountUnit: Mapped[str | None]
    Description: Mapped[str | None]
    EndDate: Mapped[_dt.date]
    Price: Mapped[Decimal | None]
    PriceUnit: Mapped[str | None]
    StartDate: Mapped[_dt.date]
    SubresourceUris: Mapped[Any | None]
    Uri: Mapped[str | None]
    Usage: Mapped[Decimal | None]
    UsageUnit: Mapped[str | None]
    IncludeSubaccounts: Mapped[bool | None]

class Address(Base):
    """Addresses of the account (for numbers that need one)."""

    AccountSid: Mapped[str | None]
    City: Mapped[str | None]
    CustomerName: Mapped[str | None]
    DateCreated: Mapped[_dt.datetime | None]
    DateUpdated: Mapped[_dt.datetime | None]
    FriendlyName: Mapped[str | None]
    IsoCountry: Mapped[str | None]
    PostalCode: Mapped[str | None]
    Region: Mapped[str | None]
    Sid: Mapped[str]
    Street: Mapped[str | None]
    Uri: Mapped[str | None]
    EmergencyEnabled: Mapped[bool | None]
    Validated: Mapped[bool | None]
    Verified: Mapped[bool | None]
    StreetSecondary: Mapped[str | None]
    AutoCorrectAddress: Mapped[bool | None]
    dependent_phone_numbers: Mapped[list[AddressDependentPhoneNumber]]

class Application(Base):
    """TwiML applications of the account: the URLs Twilio calls for voice and messaging."""

    AccountSid: Mapped[str | None]
    ApiVersion: Mapped[str | None]
    DateCreated: Mapped[_dt.datetime | None]
    DateUpdated: Mapped[_dt.datetime | None]
    FriendlyName: Mapped[str | None]
    MessageStatusCallback: Mapped[str | None]
    Sid: Mapped[str]
    SmsFallbackMethod: Mapped[str | None]
    SmsFallbackUrl: Mapped[str | None]
    SmsMethod: Mapped[str | None]
    SmsStatusCallback: Mapped[str | None]
    SmsUrl: Mapped[str | None]
    StatusCallback: Mapped[str | None]
    StatusCallbackMethod: Mapped[str | None]
    Uri: Mapped[str | None]
    VoiceCallerIdLookup: Mapped[bool | None]
    VoiceFallbackMethod: Mapped[str | None]
    VoiceFallbackUrl: Mapped[str | None]
    VoiceMethod: Mapped[str | None]
    VoiceUrl: Mapped[str | None]
    PublicApplicationConnectEnabled: Mapped[bool | None]

class ConnectApp(Base):
    """Connect apps of the account."""

    AccountSid: Mapped[str | None]
    AuthorizeRedirectUrl: Mapped[str | None]
    CompanyName: Mapped[str | None]
    DeauthorizeCallbackMethod: Mapped[str | None]
    DeauthorizeCallbackUrl: Mapped[str | None]
    Description: Mapped[str | None]
    FriendlyName: Mapped[str | None]
    HomepageUrl: Mapped[str | None]
    Permissions: Mapped[Any | None]
    Sid: Mapped[str]
    Uri: Mapped[str | None]

class IncomingPhoneNumber(Base):
    """Phone numbers the account owns. UPDATE changes what they do; DELETE releases one; INSERT
    buys one."""

    AccountSid: Mapped[str | None]
    AddressSid: Mapped[str | None]
    AddressRequirements: Mapped[str | None]
    ApiVersion: Mapped[str | None]
    Beta: Mapped[bool | None]
    Capabilities: Mapped[Any | None]
    DateCreated: Mapped[_dt.datetime | None]
    DateUpdated: Mapped[_dt.datetime | None]
    FriendlyName: Mapped[str | None]
    IdentitySid: Mapped[str | None]
    PhoneNumber: Mapped[str | None]
    Origin: Mapped[str | None]
    Sid: Mapped[str]
    SmsApplicationSid: Mapped[str | None]
    SmsFallbackMethod: Mapped[str | None]
    SmsFallbackUrl: Mapped[str | None]
    SmsMethod: Mapped[str | None]
    SmsUrl: Mapped[str | None]
    StatusCallback: Mapped[str | None]
    StatusCallbackMethod: Mapped[str | None]
    TrunkSid: Mapped[str | None]
    Uri: Mapped[str | None]
    VoiceReceiveMode: Mapped[str | None]
    VoiceApplicationSid: Mapped[str | None]
    VoiceCallerIdLookup: Mapped[bool | None]
    VoiceFallbackMethod: Mapped[str | None]
    VoiceFallbackUrl: Mapped[str | None]
    VoiceMethod: Mapped[str | None]
    VoiceUrl: Mapped[str | None]
    EmergencyStatus: Mapped[str | None]
    EmergencyAddressSid: Mapped[str | None]
    EmergencyAddressStatus: Mapped[str | None]
    BundleSid: Mapped[str | None]
    Status: Mapped[str | None]
    Type: Mapped[str | None]
    AreaCode: Mapped[str | None]
    assigned_add_ons: Mapped[list[IncomingPhoneNumberAssignedAddOn]]

class ApiKey(Base):
    """API keys of the account (never their secrets)."""

    Sid: Mapped[str]
    FriendlyName: Mapped[str | None]
    DateCreated: Mapped[_dt.datetime | None]
    DateUpdated: Mapped[_dt.datetime | None]
    AccountSid: Mapped[str | None]

class Notification(Base):
    """Errors and warnings Twilio logged for the account."""

    AccountSid: Mapped[str | None]
    ApiVersion: Mapped[str | None]
    CallSid: Mapped[str | None]
    DateCreated: Mapped[_dt.datetime | None]
    DateUpdated: Mapped[_dt.datetime | None]
    ErrorCode: Mapped[str | None]
    Log: Mapped[str | None]
    MessageDate: Mapped[_dt.datetime | None]
    MessageText: Mapped[str | None]
    MoreInfo: Mapped[str | None]
    RequestMethod: Mapped[str | None]
    RequestUrl: Mapped[str | None]
    Sid: Mapped[str]
    Uri: Mapped[str | None]

class OutgoingCallerId(Base):
    """Caller IDs verified for the account's outgoing calls."""

    Sid: Mapped[str]
    DateCreated: Mapped[_dt.datetime | None]
    DateUpdated: Mapped[_dt.datetime | None]
    FriendlyName: Mapped[str | None]
    AccountSid: Mapped[str | None]
    PhoneNumber: Mapped[str | None]
    Uri: Mapped[str | None]
    CallDelay: Mapped[int | None]
    Extension: Mapped[str | None]
    StatusCallback: Mapped[str | None]
    StatusCallbackMethod: Mapped[str | None]

class Queue(Base):
    """Call queues of the account."""

    DateUpdated: Mapped[_dt.datetime | None]
    CurrentSize: Mapped[int | None]
    FriendlyName: Mapped[str | None]
    Uri: Mapped[str | None]
    AccountSid: Mapped[str | None]
    AverageWaitTime: Mapped[int | None]
    Sid: Mapped[str]
    DateCreated: Mapped[_dt.datetime | None]
    MaxSize: Mapped[int | None]
    members: Mapped[list[QueueMember]]

class QueueMember(Base):
    """Calls waiting in the account's queues. UPDATE Url dequeues one to that TwiML."""

    CallSid: Mapped[str]
    DateEnqueued: Mapped[_dt.datetime | None]
    Position: Mapped[int | None]
    Uri: Mapped[str | None]
    WaitTime: Mapped[int | None]
    QueueSid: Mapped[str]
    AccountSid: Mapped[str | None]
    Url: Mapped[str | None]
    Method: Mapped[str | None]
    queue: Mapped[Queue | None]
    call: Mapped[Call | None]

class SipCredentialList(Base):
    """SIP credential lists of the account."""

    AccountSid: Mapped[str | None]
    DateCreated: Mapped[_dt.datetime | None]
    DateUpdated: Mapped[_dt.datetime | None]
    FriendlyName: Mapped[str | None]
    Sid: Mapped[str]
    SubresourceUris: Mapped[Any | None]
    Uri: Mapped[str | None]
    credentials: Mapped[list[SipCredential]]

class SipCredential(Base):
    """The usernames of the account's SIP credential lists (never their passwords, so a
    credential cannot be added or changed here)."""

    Sid: Mapped[str]
    AccountSid: Mapped[str | None]
    CredentialListSid: Mapped[str]
    Username: Mapped[str | None]
    DateCreated: Mapped[_dt.datetime | None]
    DateUpdated: Mapped[_dt.datetime | None]
    Uri: Mapped[str | None]
    credential_list: Mapped[SipCredentialList | None]

class SipDomain(Base):
    """SIP domains of the account."""

    AccountSid: Mapped[str | None]
    ApiVersion: Mapped[str | None]
    AuthType: Mapped[str | None]
    DateCreated: Mapped[_dt.datetime | None]
    DateUpdated: Mapped[_dt.datetime | None]
    DomainName: Mapped[str | None]
    FriendlyName: Mapped[str | None]
    Sid: Mapped[str]
    Uri: Mapped[str | None]
    VoiceFallbackMethod: Mapped[str | None]
    VoiceFallbackUrl: Mapped[str | None]
    VoiceMethod: Mapped[str | None]
    VoiceStatusCallbackMethod: Mapped[str | None]
    VoiceStatusCallbackUrl: Mapped[str | None]
    VoiceUrl: Mapped[str | None]
    SubresourceUris: Mapped[Any | None]
    SipRegistration: Mapped[bool | None]
    EmergencyCallingEnabled: Mapped[bool | None]
    Secure: Mapped[bool | None]
    ByocTrunkSid: Mapped[str | None]
    EmergencyCallerSid: Mapped[str | None]
    credential_list_mappings: Mapped[list[SipDomainCredentialListMapping]]
    ip_access_control_list_mappings: Mapped[list[SipDomainIpAccessControlListMapping]]
    call_credential_lists: Mapped[list[SipDomainAuthCallsCredentialListMapping]]
    call_ip_access_control_lists: Mapped[list[SipDomainAuthCallsIpAccessControlListMapping]]
    registration_credential_lists: Mapped[list[SipDomainAuthRegistrationsCredentialListMapping]]

class SipIpAccessControlList(Base):
    """SIP IP access control lists of the account."""

    Sid: Mapped[str]
    AccountSid: Mapped[str | None]
    FriendlyName: Mapped[str | None]
    DateCreated: Mapped[_dt.datetime | None]
    DateUpdated: Mapped[_dt.datetime | None]
    SubresourceUris: Mapped[Any | None]
    Uri: Mapped[str | None]
    ip_addresses: Mapped[list[SipIpAddress]]

class SipIpAddress(Base):
    """The IP addresses of the account's SIP IP access control lists."""

    Sid: Mapped[str]
    AccountSid: Mapped[str | None]
    FriendlyName: Mapped[str | None]
    IpAddress: Mapped[str | None]
    CidrPrefixLength: Mapped[int | None]
    IpAccessControlListSid: Mapped[str]
    DateCreated: Mapped[_dt.datetime | None]
    DateUpdated: Mapped[_dt.datetime | None]
    Uri: Mapped[str | None]
    ip_access_control_list: Mapped[SipIpAccessControlList | None]

class ShortCode(Base):
    """Short codes of the account."""

    AccountSid: Mapped[str | None]
    ApiVersion: Mapped[str | None]
    DateCreated: Mapped[_dt.datetime | None]
    DateUpdated: Mapped[_dt.datetime | None]
    FriendlyName: Mapped[str | None]
    ShortCode: Mapped[str | None]
    Sid: Mapped[str]
    SmsFallbackMethod: Mapped[str | None]
    SmsFallbackUrl: Mapped[str | None]
    SmsMethod: Mapped[str | None]
    SmsUrl: Mapped[str | None]
    Uri: Mapped[str | None]

class SigningKey(Base):
    """Signing keys of the account (never their secrets)."""

    Sid: Mapped[str]
    FriendlyName: Mapped[str | None]
    DateCreated: Mapped[_dt.datetime | None]
    DateUpdated: Mapped[_dt.datetime | None]
    AccountSid: Mapped[str | None]

class Transcription(Base):
    """Transcriptions of the account's recordings."""

    AccountSid: Mapped[str | None]
    ApiVersion: Mapped[str | None]
    DateCreated: Mapped[_dt.datetime | None]
    DateUpdated: Mapped[_dt.datetime | None]
    Duration: Mapped[int | None]
    Price: Mapped[Decimal | None]
    PriceUnit: Mapped[str | None]
    RecordingSid: Mapped[str | None]
    Sid: Mapped[str]
    Status: Mapped[str | None]
    TranscriptionText: Mapped[str | None]
    Type: Mapped[str | None]
    Uri: Mapped[str | None]

class UsageTrigger(Base):
    """Usage triggers of the account: a webhook when a usage category reaches a value."""

    AccountSid: Mapped[str | None]
    ApiVersion: Mapped[str | None]
    CallbackMethod: Mapped[str | None]
    CallbackUrl: Mapped[str | None]
    CurrentValue: Mapped[Decimal | None]
    DateCreated: Mapped[_dt.datetime | None]
    DateFired: Mapped[_dt.datetime | None]
    DateUpdated: Mapped[_dt.datetime | None]
    FriendlyName: Mapped[str | None]
    Recurring: Mapped[str | None]
    Sid: Mapped[str]
    TriggerBy: Mapped[str | None]
    TriggerValue: Mapped[Decimal | None]
    Uri: Mapped[str | None]
    UsageCategory: Mapped[str | None]
    UsageRecordUri: Mapped[str | None]

class AuthorizedConnectApp(Base):
    """Connect apps the account has authorized to act on its behalf."""

    AccountSid: Mapped[str | None]
    ConnectAppCompanyName: Mapped[str | None]
    ConnectAppDescription: Mapped[str | None]
    ConnectAppFriendlyName: Mapped[str | None]
    ConnectAppHomepageUrl: Mapped[str | None]
    ConnectAppSid: Mapped[str]
    Permissions: Mapped[Any | None]
    Uri: Mapped[str | None]

class AvailablePhoneNumberCountry(Base):
    """The countries Twilio has phone numbers for sale in."""

    CountryCode: Mapped[str]
    Country: Mapped[str | None]
    Uri: Mapped[str | None]
    Beta: Mapped[bool | None]
    SubresourceUris: Mapped[Any | None]
    AccountSid: Mapped[str | None]
    available_phone_number_local: Mapped[list[AvailableLocalNumber]]
    available_phone_number_machine_to_machine: Mapped[list[AvailableMachineToMachineNumber]]
    available_phone_number_mobile: Mapped[list[AvailableMobileNumber]]
    available_phone_number_national: Mapped[list[AvailableNationalNumber]]
    available_phone_number_shared_cost: Mapped[list[AvailableSharedCostNumber]]
    available_phone_number_toll_free: Mapped[list[AvailableTollFreeNumber]]
    available_phone_number_voip: Mapped[list[AvailableVoipNumber]]

class AvailableLocalNumber(Base):
    """The local phone numbers for sale in a country (WHERE CountryCode = 'US', or IN (…), is
    needed: Twilio lists one country at a time). Buy one with INSERT INTO
    IncomingPhoneNumbers."""

    FriendlyName: Mapped[str | None]
    PhoneNumber: Mapped[str]
    Lata: Mapped[str | None]
    Locality: Mapped[str | None]
    RateCenter: Mapped[str | None]
    Latitude: Mapped[Decimal | None]
    Longitude: Mapped[Decimal | None]
    Region: Mapped[str | None]
    PostalCode: Mapped[str | None]
    IsoCountry: Mapped[str | None]
    AddressRequirements: Mapped[str | None]
    Beta: Mapped[bool | None]
    Capabilities: Mapped[Any | None]
    AccountSid: Mapped[str | None]
    CountryCode: Mapped[str]
    AreaCode: Mapped[int | None]
    Contains: Mapped[str | None]
    SmsEnabled: Mapped[bool | None]
    MmsEnabled: Mapped[bool | None]
    VoiceEnabled: Mapped[bool | None]
    ExcludeAllAddressRequired: Mapped[bool | None]
    ExcludeLocalAddressRequired: Mapped[bool | None]
    ExcludeForeignAddressRequired: Mapped[bool | None]
    NearNumber: Mapped[str | None]
    NearLatLong: Mapped[str | None]
    Distance: Mapped[int | None]
    InPostalCode: Mapped[str | None]
    InRegion: Mapped[str | None]
    InRateCenter: Mapped[str | None]
    InLata: Mapped[str | None]
    InLocality: Mapped[str | None]
    FaxEnabled: Mapped[bool | None]
    available_phone_number_country: Mapped[AvailablePhoneNumberCountry | None]

class AvailableMachineToMachineNumber(Base):
    """The machine-to-machine phone numbers for sale in a country (WHERE CountryCode = 'US', or
    IN (…), is needed: Twilio lists one country at a time). Buy one with INSERT INTO
    IncomingPhoneNumbers."""

    FriendlyName: Mapped[str | None]
    PhoneNumber: Mapped[str]
    Lata: Mapped[str | None]
    Locality: Mapped[str | None]
    RateCenter: Mapped[str | None]
    Latitude: Mapped[Decimal | None]
    Longitude: Mapped[Decimal | None]
    Region: Mapped[str | None]
    PostalCode: Mapped[str | None]
    IsoCountry: Mapped[str | None]
    AddressRequirements: Mapped[str | None]
    Beta: Mapped[bool | None]
    Capabilities: Mapped[Any | None]
    AccountSid: Mapped[str | None]
    CountryCode: Mapped[str]
    AreaCode: Mapped[int | None]
    Contains: Mapped[str | None]
    SmsEnabled: Mapped[bool | None]
    MmsEnabled: Mapped[bool | None]
    VoiceEnabled: Mapped[bool | None]
    ExcludeAllAddressRequired: Mapped[bool | None]
    ExcludeLocalAddressRequired: Mapped[bool | None]
    ExcludeForeignAddressRequired: Mapped[bool | None]
    NearNumber: Mapped[str | None]
    NearLatLong: Mapped[str | None]
    Distance: Mapped[int | None]
    InPostalCode: Mapped[str | None]
    InRegion: Mapped[str | None]
    InRateCenter: Mapped[str | None]
    InLata: Mapped[str | None]
    InLocality: Mapped[str | None]
    FaxEnabled: Mapped[bool | None]
    available_phone_number_country: Mapped[AvailablePhoneNumberCountry | None]

class AvailableMobileNumber(Base):
    """The mobile phone numbers for sale in a country (WHERE CountryCode = 'US', or IN (…), is
    needed: Twilio lists one country at a time). Buy one with INSERT INTO
    IncomingPhoneNumbers."""

    FriendlyName: Mapped[str | None]
    PhoneNumber: Mapped[str]
    Lata: Mapped[str | None]
    Locality: Mapped[str | None]
    RateCenter: Mapped[str | None]
    Latitude: Mapped[Decimal | None]
    Longitude: Mapped[Decimal | None]
    Region: Mapped[str | None]
    PostalCode: Mapped[str | None]
    IsoCountry: Mapped[str | None]
    AddressRequirements: Mapped[str | None]
    Beta: Mapped[bool | None]
    Capabilities: Mapped[Any | None]
    AccountSid: Mapped[str | None]
    CountryCode: Mapped[str]
    AreaCode: Mapped[int | None]
    Contains: Mapped[str | None]
    SmsEnabled: Mapped[bool | None]
    MmsEnabled: Mapped[bool | None]
    VoiceEnabled: Mapped[bool | None]
    ExcludeAllAddressRequired: Mapped[bool | None]
    ExcludeLocalAddressRequired: Mapped[bool | None]
    ExcludeForeignAddressRequired: Mapped[bool | None]
    NearNumber: Mapped[str | None]
    NearLatLong: Mapped[str | None]
    Distance: Mapped[int | None]
    InPostalCode: Mapped[str | None]
    InRegion: Mapped[str | None]
    InRateCenter: Mapped[str | None]
    InLata: Mapped[str | None]
    InLocality: Mapped[str | None]
    FaxEnabled: Mapped[bool | None]
    available_phone_number_country: Mapped[AvailablePhoneNumberCountry | None]

class AvailableNationalNumber(Base):
    """The national phone numbers for sale in a country (WHERE CountryCode = 'US', or IN (…),
    is needed: Twilio lists one country at a time). Buy one with INSERT INTO
    IncomingPhoneNumbers."""

    FriendlyName: Mapped[str | None]
    PhoneNumber: Mapped[str]
    Lata: Mapped[str | None]
    Locality: Mapped[str | None]
    RateCenter: Mapped[str | None]
    Latitude: Mapped[Decimal | None]
    Longitude: Mapped[Decimal | None]
    Region: Mapped[str | None]
    PostalCode: Mapped[str | None]
    IsoCountry: Mapped[str | None]
    AddressRequirements: Mapped[str | None]
    Beta: Mapped[bool | None]
    Capabilities: Mapped[Any | None]
    AccountSid: Mapped[str | None]
    CountryCode: Mapped[str]
    AreaCode: Mapped[int | None]
    Contains: Mapped[str | None]
    SmsEnabled: Mapped[bool | None]
    MmsEnabled: Mapped[bool | None]
    VoiceEnabled: Mapped[bool | None]
    ExcludeAllAddressRequired: Mapped[bool | None]
    ExcludeLocalAddressRequired: Mapped[bool | None]
    ExcludeForeignAddressRequired: Mapped[bool | None]
    NearNumber: Mapped[str | None]
    NearLatLong: Mapped[str | None]
    Distance: Mapped[int | None]
    InPostalCode: Mapped[str | None]
    InRegion: Mapped[str | None]
    InRateCenter: Mapped[str | None]
    InLata: Mapped[str | None]
    InLocality: Mapped[str | None]
    FaxEnabled: Mapped[bool | None]
    available_phone_number_country: Mapped[AvailablePhoneNumberCountry | None]

class AvailableSharedCostNumber(Base):
    """The shared-cost phone numbers for sale in a country (WHERE CountryCode = 'US', or IN
    (…), is needed: Twilio lists one country at a time). Buy one with INSERT INTO
    IncomingPhoneNumbers."""

    FriendlyName: Mapped[str | None]
    PhoneNumber: Mapped[str]
    Lata: Mapped[str | None]
    Locality: Mapped[str | None]
    RateCenter: Mapped[str | None]
    Latitude: Mapped[Decimal | None]
    Longitude: Mapped[Decimal | None]
    Region: Mapped[str | None]
    PostalCode: Mapped[str | None]
    IsoCountry: Mapped[str | None]
    AddressRequirements: Mapped[str | None]
    Beta: Mapped[bool | None]
    Capabilities: Mapped[Any | None]
    AccountSid: Mapped[str | None]
    CountryCode: Mapped[str]
    AreaCode: Mapped[int | None]
    Contains: Mapped[str | None]
    SmsEnabled: Mapped[bool | None]
    MmsEnabled: Mapped[bool | None]
    VoiceEnabled: Mapped[bool | None]
    ExcludeAllAddressRequired: Mapped[bool | None]
    ExcludeLocalAddressRequired: Mapped[bool | None]
    ExcludeForeignAddressRequired: Mapped[bool | None]
    NearNumber: Mapped[str | None]
    NearLatLong: Mapped[str | None]
    Distance: Mapped[int | None]
    InPostalCode: Mapped[str | None]
    InRegion: Mapped[str | None]
    InRateCenter: Mapped[str | None]
    InLata: Mapped[str | None]
    InLocality: Mapped[str | None]
    FaxEnabled: Mapped[bool | None]
    available_phone_number_country: Mapped[AvailablePhoneNumberCountry | None]

class AvailableTollFreeNumber(Base):
    """The toll-free phone numbers for sale in a country (WHERE CountryCode = 'US', or IN (…),
    is needed: Twilio lists one country at a time). Buy one with INSERT INTO
    IncomingPhoneNumbers."""

    FriendlyName: Mapped[str | None]
    PhoneNumber: Mapped[str]
    Lata: Mapped[str | None]
    Locality: Mapped[str | None]
    RateCenter: Mapped[str | None]
    Latitude: Mapped[Decimal | None]
    Longitude: Mapped[Decimal | None]
    Region: Mapped[str | None]
    PostalCode: Mapped[str | None]
    IsoCountry: Mapped[str | None]
    AddressRequirements: Mapped[str | None]
    Beta: Mapped[bool | None]
    Capabilities: Mapped[Any | None]
    AccountSid: Mapped[str | None]
    CountryCode: Mapped[str]
    AreaCode: Mapped[int | None]
    Contains: Mapped[str | None]
    SmsEnabled: Mapped[bool | None]
    MmsEnabled: Mapped[bool | None]
    VoiceEnabled: Mapped[bool | None]
    ExcludeAllAddressRequired: Mapped[bool | None]
    ExcludeLocalAddressRequired: Mapped[bool | None]
    ExcludeForeignAddressRequired: Mapped[bool | None]
    NearNumber: Mapped[str | None]
    NearLatLong: Mapped[str | None]
    Distance: Mapped[int | None]
    InPostalCode: Mapped[str | None]
    InRegion: Mapped[str | None]
    InRateCenter: Mapped[str | None]
    InLata: Mapped[str | None]
    InLocality: Mapped[str | None]
    FaxEnabled: Mapped[bool | None]
    available_phone_number_country: Mapped[AvailablePhoneNumberCountry | None]

class AvailableVoipNumber(Base):
    """The VoIP phone numbers for sale in a country (WHERE CountryCode = 'US', or IN (…), is
    needed: Twilio lists one country at a time). Buy one with INSERT INTO
    IncomingPhoneNumbers."""

    FriendlyName: Mapped[str | None]
    PhoneNumber: Mapped[str]
    Lata: Mapped[str | None]
    Locality: Mapped[str | None]
    RateCenter: Mapped[str | None]
    Latitude: Mapped[Decimal | None]
    Longitude: Mapped[Decimal | None]
    Region: Mapped[str | None]
    PostalCode: Mapped[str | None]
    IsoCountry: Mapped[str | None]
    AddressRequirements: Mapped[str | None]
    Beta: Mapped[bool | None]
    Capabilities: Mapped[Any | None]
    AccountSid: Mapped[str | None]
    CountryCode: Mapped[str]
    AreaCode: Mapped[int | None]
    Contains: Mapped[str | None]
    SmsEnabled: Mapped[bool | None]
    MmsEnabled: Mapped[bool | None]
    VoiceEnabled: Mapped[bool | None]
    ExcludeAllAddressRequired: Mapped[bool | None]
    ExcludeLocalAddressRequired: Mapped[bool | None]
    ExcludeForeignAddressRequired: Mapped[bool | None]
    NearNumber: Mapped[str | None]
    NearLatLong: Mapped[str | None]
    Distance: Mapped[int | None]
    InPostalCode: Mapped[str | None]
    InRegion: Mapped[str | None]
    InRateCenter: Mapped[str | None]
    InLata: Mapped[str | None]
    InLocality: Mapped[str | None]
    FaxEnabled: Mapped[bool | None]
    available_phone_number_country: Mapped[AvailablePhoneNumberCountry | None]

class AddressDependentPhoneNumber(Base):
    """The account's phone numbers that need an address, by address."""

    Sid: Mapped[str]
    AccountSid: Mapped[str | None]
    FriendlyName: Mapped[str | None]
    PhoneNumber: Mapped[str | None]
    VoiceUrl: Mapped[str | None]
    VoiceMethod: Mapped[str | None]
    VoiceFallbackMethod: Mapped[str | None]
    VoiceFallbackUrl: Mapped[str | None]
    VoiceCallerIdLookup: Mapped[bool | None]
    DateCreated: Mapped[_dt.datetime | None]
    DateUpdated: Mapped[_dt.datetime | None]
    SmsFallbackMethod: Mapped[str | None]
    SmsFallbackUrl: Mapped[str | None]
    SmsMethod: Mapped[str | None]
    SmsUrl: Mapped[str | None]
    AddressRequirements: Mapped[str | None]
    Capabilities: Mapped[Any | None]
    StatusCallback: Mapped[str | None]
    StatusCallbackMethod: Mapped[str | None]
    ApiVersion: Mapped[str | None]
    SmsApplicationSid: Mapped[str | None]
    VoiceApplicationSid: Mapped[str | None]
    TrunkSid: Mapped[str | None]
    EmergencyStatus: Mapped[str | None]
    EmergencyAddressSid: Mapped[str | None]
    Uri: Mapped[str | None]
    AddressSid: Mapped[str]
    address: Mapped[Address | None]

class IncomingLocalNumber(Base):
    """The account's local phone numbers. INSERT buys one."""

    AccountSid: Mapped[str | None]
    AddressSid: Mapped[str | None]
    AddressRequirements: Mapped[str | None]
    ApiVersion: Mapped[str | None]
    Beta: Mapped[bool | None]
    Capabilities: Mapped[Any | None]
    DateCreated: Mapped[_dt.datetime | None]
    DateUpdated: Mapped[_dt.datetime | None]
    FriendlyName: Mapped[str | None]
    IdentitySid: Mapped[str | None]
    PhoneNumber: Mapped[str | None]
    Origin: Mapped[str | None]
    Sid: Mapped[str]
    SmsApplicationSid: Mapped[str | None]
    SmsFallbackMethod: Mapped[str | None]
    SmsFallbackUrl: Mapped[str | None]
    SmsMethod: Mapped[str | None]
    SmsUrl: Mapped[str | None]
    StatusCallback: Mapped[str | None]
    StatusCallbackMethod: Mapped[str | None]
    TrunkSid: Mapped[str | None]
    Uri: Mapped[str | None]
    VoiceReceiveMode: Mapped[str | None]
    VoiceApplicationSid: Mapped[str | None]
    VoiceCallerIdLookup: Mapped[bool | None]
    VoiceFallbackMethod: Mapped[str | None]
    VoiceFallbackUrl: Mapped[str | None]
    VoiceMethod: Mapped[str | None]
    VoiceUrl: Mapped[str | None]
    EmergencyStatus: Mapped[str | None]
    EmergencyAddressSid: Mapped[str | None]
    EmergencyAddressStatus: Mapped[str | None]
    BundleSid: Mapped[str | None]
    Status: Mapped[str | None]

class IncomingMobileNumber(Base):
    """The account's mobile phone numbers. INSERT buys one."""

    AccountSid: Mapped[str | None]
    AddressSid: Mapped[str | None]
    AddressRequirements: Mapped[str | None]
    ApiVersion: Mapped[str | None]
    Beta: Mapped[bool | None]
    Capabilities: Mapped[Any | None]
    DateCreated: Mapped[_dt.datetime | None]
    DateUpdated: Mapped[_dt.datetime | None]
    FriendlyName: Mapped[str | None]
    IdentitySid: Mapped[str | None]
    PhoneNumber: Mapped[str | None]
    Origin: Mapped[str | None]
    Sid: Mapped[str]
    SmsApplicationSid: Mapped[str | None]
    SmsFallbackMethod: Mapped[str | None]
    SmsFallbackUrl: Mapped[str | None]
    SmsMethod: Mapped[str | None]
    SmsUrl: Mapped[str | None]
    StatusCallback: Mapped[str | None]
    StatusCallbackMethod: Mapped[str | None]
    TrunkSid: Mapped[str | None]
    Uri: Mapped[str | None]
    VoiceReceiveMode: Mapped[str | None]
    VoiceApplicationSid: Mapped[str | None]
    VoiceCallerIdLookup: Mapped[bool | None]
    VoiceFallbackMethod: Mapped[str | None]
    VoiceFallbackUrl: Mapped[str | None]
    VoiceMethod: Mapped[str | None]
    VoiceUrl: Mapped[str | None]
    EmergencyStatus: Mapped[str | None]
    EmergencyAddressSid: Mapped[str | None]
    EmergencyAddressStatus: Mapped[str | None]
    BundleSid: Mapped[str | None]
    Status: Mapped[str | None]

class IncomingTollFreeNumber(Base):
    """The account's toll-free phone numbers. INSERT buys one."""

    AccountSid: Mapped[str | None]
    AddressSid: Mapped[str | None]
    AddressRequirements: Mapped[str | None]
    ApiVersion: Mapped[str | None]
    Beta: Mapped[bool | None]
    Capabilities: Mapped[Any | None]
    DateCreated: Mapped[_dt.datetime | None]
    DateUpdated: Mapped[_dt.datetime | None]
    FriendlyName: Mapped[str | None]
    IdentitySid: Mapped[str | None]
    PhoneNumber: Mapped[str | None]
    Origin: Mapped[str | None]
    Sid: Mapped[str]
    SmsApplicationSid: Mapped[str | None]
    SmsFallbackMethod: Mapped[str | None]
    SmsFallbackUrl: Mapped[str | None]
    SmsMethod: Mapped[str | None]
    SmsUrl: Mapped[str | None]
    StatusCallback: Mapped[str | None]
    StatusCallbackMethod: Mapped[str | None]
    TrunkSid: Mapped[str | None]
    Uri: Mapped[str | None]
    VoiceReceiveMode: Mapped[str | None]
    VoiceApplicationSid: Mapped[str | None]
    VoiceCallerIdLookup: Mapped[bool | None]
    VoiceFallbackMethod: Mapped[str | None]
    VoiceFallbackUrl: Mapped[str | None]
    VoiceMethod: Mapped[str | None]
    VoiceUrl: Mapped[str | None]
    EmergencyStatus: Mapped[str | None]
    EmergencyAddressSid: Mapped[str | None]
    EmergencyAddressStatus: Mapped[str | None]
    BundleSid: Mapped[str | None]
    Status: Mapped[str | None]

class IncomingPhoneNumberAssignedAddOn(Base):
    """Add-ons assigned to the account's phone numbers. INSERT assigns one, DELETE removes one."""

    Sid: Mapped[str]
    AccountSid: Mapped[str | None]
    ResourceSid: Mapped[str]
    FriendlyName: Mapped[str | None]
    Description: Mapped[str | None]
    Configuration: Mapped[Any | None]
    UniqueName: Mapped[str | None]
    DateCreated: Mapped[_dt.datetime | None]
    DateUpdated: Mapped[_dt.datetime | None]
    Uri: Mapped[str | None]
    SubresourceUris: Mapped[Any | None]
    InstalledAddOnSid: Mapped[str | None]
    extensions: Mapped[list[IncomingPhoneNumberAssignedAddOnExtension]]
    phone_number: Mapped[IncomingPhoneNumber | None]

class IncomingPhoneNumberAssignedAddOnExtension(Base):
    """The extensions of add-ons assigned to the account's phone numbers."""

    Sid: Mapped[str]
    AccountSid: Mapped[str | None]
    ResourceSid: Mapped[str]
    AssignedAddOnSid: Mapped[str]
    FriendlyName: Mapped[str | None]
    ProductName: Mapped[str | None]
    UniqueName: Mapped[str | None]
    Uri: Mapped[str | None]
    Enabled: Mapped[bool | None]
    assigned_add_on: Mapped[IncomingPhoneNumberAssignedAddOn | None]

class SipDomainCredentialListMapping(Base):
    """The credential lists mapped to the account's SIP domains. INSERT maps one, DELETE unmaps
    one."""

    AccountSid: Mapped[str | None]
    DateCreated: Mapped[_dt.datetime | None]
    DateUpdated: Mapped[_dt.datetime | None]
    DomainSid: Mapped[str]
    FriendlyName: Mapped[str | None]
    Sid: Mapped[str]
    Uri: Mapped[str | None]
    CredentialListSid: Mapped[str | None]
    domain: Mapped[SipDomain | None]

class SipDomainIpAccessControlListMapping(Base):
    """The IP access control lists mapped to the account's SIP domains. INSERT maps one, DELETE
    unmaps one."""

    AccountSid: Mapped[str | None]
    DateCreated: Mapped[_dt.datetime | None]
    DateUpdated: Mapped[_dt.datetime | None]
    DomainSid: Mapped[str]
    FriendlyName: Mapped[str | None]
    Sid: Mapped[str]
    Uri: Mapped[str | None]
    IpAccessControlListSid: Mapped[str | None]
    domain: Mapped[SipDomain | None]

class SipDomainAuthCallsCredentialListMapping(Base):
    """The credential lists that authenticate calls mapped to the account's SIP domains. INSERT
    maps one, DELETE unmaps one."""

    AccountSid: Mapped[str | None]
    DateCreated: Mapped[_dt.datetime | None]
    DateUpdated: Mapped[_dt.datetime | None]
    FriendlyName: Mapped[str | None]
    Sid: Mapped[str]
    DomainSid: Mapped[str]
    CredentialListSid: Mapped[str | None]
    domain: Mapped[SipDomain | None]

class SipDomainAuthCallsIpAccessControlListMapping(Base):
    """The IP access control lists that authenticate calls mapped to the account's SIP domains.
    INSERT maps one, DELETE unmaps one."""

    AccountSid: Mapped[str | None]
    DateCreated: Mapped[_dt.datetime | None]
    DateUpdated: Mapped[_dt.datetime | None]
    FriendlyName: Mapped[str | None]
    Sid: Mapped[str]
    DomainSid: Mapped[str]
    IpAccessControlListSid: Mapped[str | None]
    domain: Mapped[SipDomain | None]

class SipDomainAuthRegistrationsCredentialListMapping(Base):
    """The credential lists that authenticate registrations mapped to the account's SIP
    domains. INSERT maps one, DELETE unmaps one."""

    AccountSid: Mapped[str | None]
    DateCreated: Mapped[_dt.datetime | None]
    DateUpdated: Mapped[_dt.datetime | None]
    FriendlyName: Mapped[str | None]
    Sid: Mapped[str]
    DomainSid: Mapped[str]
    CredentialListSid: Mapped[str | None]
    domain: Mapped[SipDomain | None]

class CallEvent(Base):
    """The requests Twilio made for a call and the answers it got."""

    Request: Mapped[Any]
    Response: Mapped[Any]
    AccountSid: Mapped[str | None]
    CallSid: Mapped[str]
    call: Mapped[Call | None]

class CallNotification(Base):
    """Errors and warnings Twilio logged for the account's calls."""

    AccountSid: Mapped[str | None]
    ApiVersion: Mapped[str | None]
    CallSid: Mapped[str | None]
    DateCreated: Mapped[_dt.datetime | None]
    DateUpdated: Mapped[_dt.datetime | None]
    ErrorCode: Mapped[str | None]
    Log: Mapped[str | None]
    MessageDate: Mapped[_dt.datetime | None]
    MessageText: Mapped[str | None]
    MoreInfo: Mapped[str | None]
    RequestMethod: Mapped[str | None]
    RequestUrl: Mapped[str | None]
    Sid: Mapped[str]
    Uri: Mapped[str | None]
    call: Mapped[Call | None]

class CallRecording(Base):
    """Recordings of the account's calls. UPDATE Status pauses, resumes or stops one; DELETE
    deletes one; INSERT starts recording a live call."""

    AccountSid: Mapped[str | None]
    ApiVersion: Mapped[str | None]
    CallSid: Mapped[str]
    ConferenceSid: Mapped[str | None]
    DateCreated: Mapped[_dt.datetime | None]
    DateUpdated: Mapped[_dt.datetime | None]
    StartTime: Mapped[_dt.datetime | None]
    Duration: Mapped[int | None]
    Sid: Mapped[str]
    Price: Mapped[Decimal | None]
    Uri: Mapped[str | None]
    EncryptionDetails: Mapped[Any | None]
    PriceUnit: Mapped[str | None]
    Status: Mapped[str | None]
    Channels: Mapped[int | None]
    Source: Mapped[str | None]
    ErrorCode: Mapped[int | None]
    Track: Mapped[str | None]
    PauseBehavior: Mapped[str | None]
    RecordingStatusCallbackEvent: Mapped[str | None]
    RecordingStatusCallback: Mapped[str | None]
    RecordingStatusCallbackMethod: Mapped[str | None]
    Trim: Mapped[str | None]
    RecordingChannels: Mapped[str | None]
    RecordingTrack: Mapped[str | None]
    call: Mapped[Call | None]

class MessageMedia(Base):
    """Media (images, audio, files) of the account's messages. DELETE deletes one."""

    AccountSid: Mapped[str | None]
    ContentType: Mapped[str | None]
    DateCreated: Mapped[_dt.datetime | None]
    DateUpdated: Mapped[_dt.datetime | None]
    ParentSid: Mapped[str | None]
    Sid: Mapped[str]
    Uri: Mapped[str | None]
    MessageSid: Mapped[str]
    message: Mapped[Message | None]

class RecordingAddOnResult(Base):
    """Results of add-ons run on the account's recordings. DELETE deletes one."""

    Sid: Mapped[str]
    AccountSid: Mapped[str | None]
    Status: Mapped[str | None]
    AddOnSid: Mapped[str | None]
    AddOnConfigurationSid: Mapped[str | None]
    DateCreated: Mapped[_dt.datetime | None]
    DateUpdated: Mapped[_dt.datetime | None]
    DateCompleted: Mapped[_dt.datetime | None]
    ReferenceSid: Mapped[str]
    SubresourceUris: Mapped[Any | None]
    payloads: Mapped[list[RecordingAddOnResultPayload]]
    recording: Mapped[Recording | None]

class RecordingAddOnResultPayload(Base):
    """The payloads of add-on results of the account's recordings. DELETE deletes one."""

    Sid: Mapped[str]
    AddOnResultSid: Mapped[str]
    AccountSid: Mapped[str | None]
    Label: Mapped[str | None]
    AddOnSid: Mapped[str | None]
    AddOnConfigurationSid: Mapped[str | None]
    ContentType: Mapped[str | None]
    DateCreated: Mapped[_dt.datetime | None]
    DateUpdated: Mapped[_dt.datetime | None]
    ReferenceSid: Mapped[str]
    SubresourceUris: Mapped[Any | None]
    add_on_result: Mapped[RecordingAddOnResult | None]

class RecordingTranscription(Base):
    """Transcriptions of the account's recordings. DELETE deletes one."""

    AccountSid: Mapped[str | None]
    ApiVersion: Mapped[str | None]
    DateCreated: Mapped[_dt.datetime | None]
    DateUpdated: Mapped[_dt.datetime | None]
    Duration: Mapped[int | None]
    Price: Mapped[Decimal | None]
    PriceUnit: Mapped[str | None]
    RecordingSid: Mapped[str | None]
    Sid: Mapped[str]
    Status: Mapped[str | None]
    TranscriptionText: Mapped[str | None]
    Type: Mapped[str | None]
    Uri: Mapped[str | None]
    recording: Mapped[Recording | None]
