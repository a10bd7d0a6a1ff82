"""Every generated table declaration (see ``tools/generate_resources.py``)."""

from __future__ import annotations

from .calls import CALLS
from .conference_participants import CONFERENCE_PARTICIPANTS
from .conference_recordings import CONFERENCE_RECORDINGS
from .conferences import CONFERENCES
from .messages import MESSAGES
from .recordings import RECORDINGS
from .usage_records import USAGE_RECORDS
from .usage_records_all_time import USAGE_RECORDS_ALL_TIME
from .usage_records_daily import USAGE_RECORDS_DAILY
from .usage_records_last_month import USAGE_RECORDS_LAST_MONTH
from .usage_records_monthly import USAGE_RECORDS_MONTHLY
from .usage_records_this_month import USAGE_RECORDS_THIS_MONTH
from .usage_records_today import USAGE_RECORDS_TODAY
from .usage_records_yearly import USAGE_RECORDS_YEARLY
from .usage_records_yesterday import USAGE_RECORDS_YESTERDAY

__all__ = [
    "ALL",
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
]

#: Every table, in the order of the overrides file.
ALL = (
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
)
