"""What the virtual tables raise; the DB-API maps each onto its PEP 249 class."""

from __future__ import annotations

__all__ = ["VTableError", "WriteRefused", "BadWriteValue", "PartialWriteError",
           "FetchLimitError", "WriteLimitError", "MissingCondition"]


class VTableError(Exception):
    """Base class for errors raised by the Twilio virtual tables."""


class WriteRefused(VTableError):
    """The statement asks for a change Twilio does not allow (a read-only column, a new row,
    a deleted row)."""


class BadWriteValue(VTableError):
    """A writable column was given a value Twilio does not accept."""


class MissingCondition(VTableError):
    """The table cannot be read without a condition the query does not have."""


class FetchLimitError(VTableError):
    """A statement reached a limit on what it may fetch (``max_pages``, ``max_fanout``)."""


class WriteLimitError(VTableError):
    """A statement would send more write requests than ``max_writes`` allows; none were sent."""


class PartialWriteError(VTableError):
    """Some rows were written before one failed; says how many and which one."""

    def __init__(self, message: str, *, updated: int, failed_key: str) -> None:
        super().__init__(message)
        self.updated = updated
        self.failed_key = failed_key
