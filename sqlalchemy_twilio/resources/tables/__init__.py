"""Every generated table declaration (see ``tools/generate_resources.py``)."""

from __future__ import annotations

from .accounts import ACCOUNTS
from .address_dependent_phone_numbers import ADDRESS_DEPENDENT_PHONE_NUMBERS
from .addresses import ADDRESSES
from .applications import APPLICATIONS
from .authorized_connect_apps import AUTHORIZED_CONNECT_APPS
from .available_phone_number_countries import AVAILABLE_PHONE_NUMBER_COUNTRIES
from .available_phone_number_local import AVAILABLE_PHONE_NUMBER_LOCAL
from .available_phone_number_machine_to_machine import AVAILABLE_PHONE_NUMBER_MACHINE_TO_MACHINE
from .available_phone_number_mobile import AVAILABLE_PHONE_NUMBER_MOBILE
from .available_phone_number_national import AVAILABLE_PHONE_NUMBER_NATIONAL
from .available_phone_number_shared_cost import AVAILABLE_PHONE_NUMBER_SHARED_COST
from .available_phone_number_toll_free import AVAILABLE_PHONE_NUMBER_TOLL_FREE
from .available_phone_number_voip import AVAILABLE_PHONE_NUMBER_VOIP
from .call_events import CALL_EVENTS
from .call_notifications import CALL_NOTIFICATIONS
from .call_recordings import CALL_RECORDINGS
from .calls import CALLS
from .conference_participants import CONFERENCE_PARTICIPANTS
from .conference_recordings import CONFERENCE_RECORDINGS
from .conferences import CONFERENCES
from .connect_apps import CONNECT_APPS
from .incoming_phone_number_assigned_add_on_extensions import (
    INCOMING_PHONE_NUMBER_ASSIGNED_ADD_ON_EXTENSIONS,
)
from .incoming_phone_number_assigned_add_ons import INCOMING_PHONE_NUMBER_ASSIGNED_ADD_ONS
from .incoming_phone_numbers import INCOMING_PHONE_NUMBERS
from .incoming_phone_numbers_local import INCOMING_PHONE_NUMBERS_LOCAL
from .incoming_phone_numbers_mobile import INCOMING_PHONE_NUMBERS_MOBILE
from .incoming_phone_numbers_toll_free import INCOMING_PHONE_NUMBERS_TOLL_FREE
from .keys import KEYS
from .message_media import MESSAGE_MEDIA
from .messages import MESSAGES
from .notifications import NOTIFICATIONS
from .outgoing_caller_ids import OUTGOING_CALLER_IDS
from .queue_members import QUEUE_MEMBERS
from .queues import QUEUES
from .recording_add_on_result_payloads import RECORDING_ADD_ON_RESULT_PAYLOADS
from .recording_add_on_results import RECORDING_ADD_ON_RESULTS
from .recording_transcriptions import RECORDING_TRANSCRIPTIONS
from .recordings import RECORDINGS
from .signing_keys import SIGNING_KEYS
from .sip_credential_list_credentials import SIP_CREDENTIAL_LIST_CREDENTIALS
from .sip_credential_lists import SIP_CREDENTIAL_LISTS
from .sip_domain_auth_calls_credential_list_mappings import (
    SIP_DOMAIN_AUTH_CALLS_CREDENTIAL_LIST_MAPPINGS,
)
from .sip_domain_auth_calls_ip_access_control_list_mappings import (
    SIP_DOMAIN_AUTH_CALLS_IP_ACCESS_CONTROL_LIST_MAPPINGS,
)
from .sip_domain_auth_registrations_credential_list_mappings import (
    SIP_DOMAIN_AUTH_REGISTRATIONS_CREDENTIAL_LIST_MAPPINGS,
)
from .sip_domain_credential_list_mappings import SIP_DOMAIN_CREDENTIAL_LIST_MAPPINGS
from .sip_domain_ip_access_control_list_mappings import SIP_DOMAIN_IP_ACCESS_CONTROL_LIST_MAPPINGS
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
    "AUTHORIZED_CONNECT_APPS",
    "AVAILABLE_PHONE_NUMBER_COUNTRIES",
    "AVAILABLE_PHONE_NUMBER_LOCAL",
    "AVAILABLE_PHONE_NUMBER_MACHINE_TO_MACHINE",
    "AVAILABLE_PHONE_NUMBER_MOBILE",
    "AVAILABLE_PHONE_NUMBER_NATIONAL",
    "AVAILABLE_PHONE_NUMBER_SHARED_COST",
    "AVAILABLE_PHONE_NUMBER_TOLL_FREE",
    "AVAILABLE_PHONE_NUMBER_VOIP",
    "ADDRESS_DEPENDENT_PHONE_NUMBERS",
    "INCOMING_PHONE_NUMBERS_LOCAL",
    "INCOMING_PHONE_NUMBERS_MOBILE",
    "INCOMING_PHONE_NUMBERS_TOLL_FREE",
    "INCOMING_PHONE_NUMBER_ASSIGNED_ADD_ONS",
    "INCOMING_PHONE_NUMBER_ASSIGNED_ADD_ON_EXTENSIONS",
    "SIP_DOMAIN_CREDENTIAL_LIST_MAPPINGS",
    "SIP_DOMAIN_IP_ACCESS_CONTROL_LIST_MAPPINGS",
    "SIP_DOMAIN_AUTH_CALLS_CREDENTIAL_LIST_MAPPINGS",
    "SIP_DOMAIN_AUTH_CALLS_IP_ACCESS_CONTROL_LIST_MAPPINGS",
    "SIP_DOMAIN_AUTH_REGISTRATIONS_CREDENTIAL_LIST_MAPPINGS",
    "CALL_EVENTS",
    "CALL_NOTIFICATIONS",
    "CALL_RECORDINGS",
    "MESSAGE_MEDIA",
    "RECORDING_ADD_ON_RESULTS",
    "RECORDING_ADD_ON_RESULT_PAYLOADS",
    "RECORDING_TRANSCRIPTIONS",
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
    AUTHORIZED_CONNECT_APPS,
    AVAILABLE_PHONE_NUMBER_COUNTRIES,
    AVAILABLE_PHONE_NUMBER_LOCAL,
    AVAILABLE_PHONE_NUMBER_MACHINE_TO_MACHINE,
    AVAILABLE_PHONE_NUMBER_MOBILE,
    AVAILABLE_PHONE_NUMBER_NATIONAL,
    AVAILABLE_PHONE_NUMBER_SHARED_COST,
    AVAILABLE_PHONE_NUMBER_TOLL_FREE,
    AVAILABLE_PHONE_NUMBER_VOIP,
    ADDRESS_DEPENDENT_PHONE_NUMBERS,
    INCOMING_PHONE_NUMBERS_LOCAL,
    INCOMING_PHONE_NUMBERS_MOBILE,
    INCOMING_PHONE_NUMBERS_TOLL_FREE,
    INCOMING_PHONE_NUMBER_ASSIGNED_ADD_ONS,
    INCOMING_PHONE_NUMBER_ASSIGNED_ADD_ON_EXTENSIONS,
    SIP_DOMAIN_CREDENTIAL_LIST_MAPPINGS,
    SIP_DOMAIN_IP_ACCESS_CONTROL_LIST_MAPPINGS,
    SIP_DOMAIN_AUTH_CALLS_CREDENTIAL_LIST_MAPPINGS,
    SIP_DOMAIN_AUTH_CALLS_IP_ACCESS_CONTROL_LIST_MAPPINGS,
    SIP_DOMAIN_AUTH_REGISTRATIONS_CREDENTIAL_LIST_MAPPINGS,
    CALL_EVENTS,
    CALL_NOTIFICATIONS,
    CALL_RECORDINGS,
    MESSAGE_MEDIA,
    RECORDING_ADD_ON_RESULTS,
    RECORDING_ADD_ON_RESULT_PAYLOADS,
    RECORDING_TRANSCRIPTIONS,
)
