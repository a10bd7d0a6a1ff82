"""The planner: Twilio resources as APSW virtual tables.

``BestIndexObject`` turns SQLite's constraints into the cheapest request plan (shown by
``EXPLAIN QUERY PLAN``), ``Filter`` streams the rows page by page, and ``UpdateChangeRow``,
``UpdateInsertRow`` and ``UpdateDeleteRow`` collect writes that are sent when the statement
commits. SQLite re-checks every constraint, so pushdown never changes a result.
"""

from __future__ import annotations

from ._errors import (
    BadWriteValue,
    FetchLimitError,
    MissingCondition,
    PartialWriteError,
    VTableError,
    WriteLimitError,
    WriteRefused,
)
from ._instants import COLLATION as INSTANT_COLLATION
from ._instants import NotADate
from ._instants import canonical as canonical_instant
from ._instants import compare as compare_instants
from ._plan import describe_writes
from ._table import MODULE_NAME, TwilioModule, WriteRequest

__all__ = [
    "MODULE_NAME",
    "INSTANT_COLLATION",
    "compare_instants",
    "canonical_instant",
    "NotADate",
    "TwilioModule",
    "VTableError",
    "WriteRefused",
    "BadWriteValue",
    "PartialWriteError",
    "FetchLimitError",
    "WriteLimitError",
    "MissingCondition",
    "describe_writes",
    "WriteRequest",
]
