"""PEP 249 exceptions, and the one place where lower-level errors become them.

Exception tree::

    Exception
     ├── Warning
     └── Error
          ├── InterfaceError
          └── DatabaseError
               ├── DataError                 a value Twilio does not accept
               ├── OperationalError          Twilio unreachable, rate-limited, failing
               │    ├── AuthenticationError  wrong account SID, token or API key
               │    └── PartialWriteError    an UPDATE stopped part-way
               ├── IntegrityError
               ├── InternalError
               ├── ProgrammingError          bad SQL, unknown table or column, bad parameter
               └── NotSupportedError         what Twilio or this driver refuses to do
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import apsw

from .. import client as _client
from .. import vtable as _vtable
from ..resources import FIXED_SCHEMA
from ._hints import hint

__all__ = [
    "Warning",
    "Error",
    "InterfaceError",
    "DatabaseError",
    "DataError",
    "OperationalError",
    "AuthenticationError",
    "PartialWriteError",
    "IntegrityError",
    "InternalError",
    "ProgrammingError",
    "NotSupportedError",
    "translate_errors",
]


class Warning(Exception):  # noqa: A001 - PEP 249 names it so
    """Important warnings, such as data truncation."""


class Error(Exception):
    """Base class of every error this module raises.

    Errors that come from a Twilio API response carry its ``status``, ``code`` and
    ``more_info``; otherwise those are None.
    """

    def __init__(self, message: str, *, status: int | None = None, code: int | None = None,
                 more_info: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.more_info = more_info


class InterfaceError(Error):
    """Misuse of the DB-API itself, such as using a closed cursor."""


class DatabaseError(Error):
    """Errors related to the data source."""


class DataError(DatabaseError):
    """A value that cannot be stored or sent, such as a Status Twilio does not accept."""


class OperationalError(DatabaseError):
    """Twilio could not be reached or did not answer as it should (after retries)."""


class AuthenticationError(OperationalError):
    """Twilio refused the credentials."""


class PartialWriteError(OperationalError):
    """An UPDATE failed part-way; ``updated`` rows were changed before ``failed_key`` failed."""

    updated: int = 0
    failed_key: str | None = None


class IntegrityError(DatabaseError):
    """A constraint was violated."""


class InternalError(DatabaseError):
    """A bug in this driver: please report it with the statement that caused it."""


class ProgrammingError(DatabaseError):
    """The statement is wrong: syntax, an unknown table or column, a bad parameter."""


class NotSupportedError(DatabaseError):
    """Twilio or this driver does not allow the operation."""


def _from_client(exc: _client.TwilioError) -> Error:
    fields: dict[str, Any] = {
        "status": getattr(exc, "status", None),
        "code": getattr(exc, "code", None),
        "more_info": getattr(exc, "more_info", None),
    }
    if isinstance(exc, _client.TwilioAuthError):
        return AuthenticationError(
            f"Twilio refused the credentials: {exc}. Check the account SID and auth token "
            "(or API key and secret) in the URL.", **fields)
    if isinstance(exc, _client.TwilioBadRequestError):
        return ProgrammingError(f"Twilio rejected the request: {exc}", **fields)
    if isinstance(exc, _client.TwilioRateLimitError):
        return OperationalError(
            f"Twilio is rate-limiting this account, still after every retry: {exc}. Try again "
            "later, or allow longer waits with the max_retries and retry_budget URL options.",
            **fields)
    if isinstance(exc, _client.TwilioServerError):
        return OperationalError(f"Twilio failed, still after every retry: {exc}. Try again "
                                "later.", **fields)
    if isinstance(exc, _client.TwilioTransportError):
        return OperationalError(f"{exc}. Check the network, and base_url, region and edge in "
                                "the URL.", **fields)
    return OperationalError(str(exc), **fields)


_SCHEMA_REFUSALS = frozenset({"virtual tables may not be indexed",
                              "cannot create triggers on virtual tables",
                              "virtual tables may not be altered"})


def _from_sqlite(exc: apsw.Error, refusal: str | None, statement: str | None) -> Error:
    if isinstance(exc, apsw.AuthError) or (refusal and "not authorized" in str(exc)):
        return NotSupportedError(refusal or str(exc))
    message = str(exc)
    if message in _SCHEMA_REFUSALS:
        # SQLite's own refusals of DDL on the (virtual) Twilio tables.
        return NotSupportedError(f"{message}: {FIXED_SCHEMA}")
    if isinstance(exc, (apsw.BindingsError, apsw.SQLError)):
        # What the statement's tables call what SQLite could not find (see _hints).
        return ProgrammingError(message + hint(message, statement))
    if isinstance(exc, (apsw.MismatchError, apsw.TooBigError, apsw.RangeError)):
        return DataError(message)
    if isinstance(exc, (apsw.CursorClosedError, apsw.ConnectionClosedError,
                        apsw.ExecutionCompleteError)):
        return InterfaceError(message)
    if isinstance(exc, apsw.ConstraintError):
        return IntegrityError(message)
    if isinstance(exc, apsw.InterruptError):
        return OperationalError("the statement was interrupted")
    return OperationalError(message)


def translate(exc: BaseException, refusal: str | None = None, statement: str | None = None
              ) -> Error | None:
    """The PEP 249 error for ``exc``, or None if it is not one this module translates.

    ``statement`` is the SQL that raised it: an unknown name's hint names its tables' columns.
    """
    if isinstance(exc, Error):
        return None
    if isinstance(exc, _client.TwilioError):
        return _from_client(exc)
    if isinstance(exc, _vtable.PartialWriteError):
        err = PartialWriteError(str(exc))
        err.updated, err.failed_key = exc.updated, exc.failed_key
        cause = exc.__cause__
        if isinstance(cause, _client.TwilioError):
            inner = _from_client(cause)
            err.status, err.code, err.more_info = inner.status, inner.code, inner.more_info
        return err
    if isinstance(exc, (_vtable.FetchLimitError, _vtable.WriteLimitError)):
        return OperationalError(str(exc))
    if isinstance(exc, _vtable.MissingCondition):
        return ProgrammingError(str(exc))
    if isinstance(exc, _vtable.WriteRefused):
        return NotSupportedError(str(exc))
    if isinstance(exc, _vtable.BadWriteValue):
        return DataError(str(exc))
    if isinstance(exc, apsw.Error):
        return _from_sqlite(exc, refusal, statement)
    if isinstance(exc, (TypeError, ValueError, OverflowError)):
        return ProgrammingError(str(exc))
    if isinstance(exc, Exception):
        return InternalError(f"{type(exc).__name__}: {exc}")
    return None


@contextlib.contextmanager
def translate_errors(refusal: Any = None, statement: str | None = None) -> Iterator[None]:
    """Re-raise anything raised inside as its PEP 249 class (the original as ``__cause__``).

    ``refusal`` is a zero-argument callable giving the authorizer's reason for refusing the
    last statement, which SQLite itself only reports as "not authorized". ``statement`` is the
    SQL being run, for the hints that say what its tables call things.
    """
    try:
        yield
    except Exception as exc:
        err = translate(exc, refusal() if refusal else None, statement)
        if err is None:
            raise
        raise err from exc
