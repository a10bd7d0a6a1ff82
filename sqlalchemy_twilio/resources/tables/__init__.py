"""Every generated table declaration (see ``tools/generate_resources.py``)."""

from __future__ import annotations

from .accounts import ACCOUNTS
from .addresses import ADDRESSES
from .applications import APPLICATIONS
from .calls import CALLS
from .conference_participants import CONFERENCE_PARTICIPANTS
from .conference_recordings import CONFERENCE_RECORDINGS
from .conferences import CONFERENCES
from .connect_apps import CONNECT_APPS
from .incoming_phone_numbers import INCOMING_PHONE_NUMBERS
from .keys import KEYS
from .messages import MESSAGES
from .notifications import NOTIFICATIONS
from .outgoing_caller_ids import OUTGOING_CALLER_IDS
from .queue_members import QUEUE_MEMBERS
from .queues import QUEUES
from .recordings import RECORDINGS
from .signing_keys import SIGNING_KEYS
from .sip_credential_list_credentials import SIP_CREDENTIAL_LIST_CREDENTIALS
from .sip_credential_lists import SIP_CREDENTIAL_LISTS
from .sip_domains import SIP_DOMAINS
from .sip_ip_access_control_list_ip_addresses import SIP_IP_ACCESS_CONTROL_LIST_IP_ADDRESSES
from .sip_ip_access_control_lists import SIP_IP_ACCESS_CONTROL_LISTS
from .sms_short_codes import SMS_SHORT_CODES
from .transcriptions import TRANSCRIPTIONS
from .usage_records import USAGE_RECORDS
from .usage_records_all_time import USAGE_RECORDS_ALL_TIME
from .usage_records_daily import USAGE_RECORDS_DAILY
from .usage_records_last_month import USAGE_RECORDS_LAST_MONTH
from .usage_records_monthly import USAGE_RECORDS_MONTHLY
from .usage_records_this_month import USAGE_RECORDS_THIS_MONTH
from .usage_records_today import USAGE_RECORDS_TODAY
from .usage_records_yearly import USAGE_RECORDS_YEARLY
from .usage_records_yesterday import USAGE_RECORDS_YESTERDAY
from .usage_triggers import USAGE_TRIGGERS

__all__ = [
    "ALL",
    "ACCOUNTS",
    "CONFERENCES",
    "CONFERENCE_PARTICIPANTS",
    "CONFERENCE_RECORDINGS",
    "CALLS",
    "MESSAGES",
    "RECORDINGS",
    "USAGE_RECORDS",
    "USAGE_RECORDS_ALL_TIME",
    "USAGE_RECORDS_DAILY",
    "USAGE_RECORDS_MONTHLY",
    "USAGE_RECORDS_YEARLY",
    "USAGE_RECORDS_TODAY",
    "USAGE_RECORDS_YESTERDAY",
    "USAGE_RECORDS_THIS_MONTH",
    "USAGE_RECORDS_LAST_MONTH",
    "ADDRESSES",
    "APPLICATIONS",
    "CONNECT_APPS",
    "INCOMING_PHONE_NUMBERS",
    "KEYS",
    "NOTIFICATIONS",
    "OUTGOING_CALLER_IDS",
    "QUEUES",
    "QUEUE_MEMBERS",
    "SIP_CREDENTIAL_LISTS",
    "SIP_CREDENTIAL_LIST_CREDENTIALS",
    "SIP_DOMAINS",
    "SIP_IP_ACCESS_CONTROL_LISTS",
    "SIP_IP_ACCESS_CONTROL_LIST_IP_ADDRESSES",
    "SMS_SHORT_CODES",
    "SIGNING_KEYS",
    "TRANSCRIPTIONS",
    "USAGE_TRIGGERS",
]

#: Every table, in the order of the overrides file.
ALL = (
    ACCOUNTS,
    CONFERENCES,
    CONFERENCE_PARTICIPANTS,
    CONFERENCE_RECORDINGS,
    CALLS,
    MESSAGES,
    RECORDINGS,
    USAGE_RECORDS,
    USAGE_RECORDS_ALL_TIME,
    USAGE_RECORDS_DAILY,
    USAGE_RECORDS_MONTHLY,
    USAGE_RECORDS_YEARLY,
    USAGE_RECORDS_TODAY,
    USAGE_RECORDS_YESTERDAY,
    USAGE_RECORDS_THIS_MONTH,
    USAGE_RECORDS_LAST_MONTH,
    ADDRESSES,
    APPLICATIONS,
    CONNECT_APPS,
    INCOMING_PHONE_NUMBERS,
    KEYS,
    NOTIFICATIONS,
    OUTGOING_CALLER_IDS,
    QUEUES,
    QUEUE_MEMBERS,
    SIP_CREDENTIAL_LISTS,
    SIP_CREDENTIAL_LIST_CREDENTIALS,
    SIP_DOMAINS,
    SIP_IP_ACCESS_CONTROL_LISTS,
    SIP_IP_ACCESS_CONTROL_LIST_IP_ADDRESSES,
    SMS_SHORT_CODES,
    SIGNING_KEYS,
    TRANSCRIPTIONS,
    USAGE_TRIGGERS,
)
