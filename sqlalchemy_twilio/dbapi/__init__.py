"""A PEP 249 (DB-API 2.0) module whose tables are Twilio resources.

>>> from sqlalchemy_twilio import dbapi
>>> conn = dbapi.connect(account_sid="AC…", username="AC…", password="auth token")
>>> cur = conn.cursor()
>>> cur.execute("SELECT Sid, Status FROM Conferences WHERE Status = ?", ["in-progress"])

SQL is SQLite's (APSW underneath); Twilio's API is asked only for what SQLite needs, page by
page. Columns declared as datetimes come back as aware UTC ``datetime`` objects.
"""

from __future__ import annotations

from ._connection import Connection, connect
from ._cursor import Cursor
from ._exceptions import (
    AuthenticationError,
    DatabaseError,
    DataError,
    Error,
    IntegrityError,
    InterfaceError,
    InternalError,
    NotSupportedError,
    OperationalError,
    PartialWriteError,
    ProgrammingError,
    Warning,
)
from ._types import (
    BINARY,
    DATETIME,
    NUMBER,
    ROWID,
    STRING,
    Binary,
    Date,
    DateFromTicks,
    Time,
    TimeFromTicks,
    Timestamp,
    TimestampFromTicks,
)

__all__ = [
    # https://peps.python.org/pep-0249/#globals
    "apilevel",
    "threadsafety",
    "paramstyle",
    "sqlite_version_info",
    # https://peps.python.org/pep-0249/#connection-objects
    "connect",
    "Connection",
    "Cursor",
    # https://peps.python.org/pep-0249/#exceptions
    "Warning",
    "Error",
    "InterfaceError",
    "DatabaseError",
    "DataError",
    "OperationalError",
    "IntegrityError",
    "InternalError",
    "ProgrammingError",
    "NotSupportedError",
    "AuthenticationError",
    "PartialWriteError",
    # https://peps.python.org/pep-0249/#type-objects-and-constructors
    "Date",
    "Time",
    "Timestamp",
    "DateFromTicks",
    "TimeFromTicks",
    "TimestampFromTicks",
    "Binary",
    "STRING",
    "BINARY",
    "NUMBER",
    "DATETIME",
    "ROWID",
]

import apsw as _apsw

apilevel = "2.0"
#: Threads may share the module, not connections (each wraps one SQLite connection).
threadsafety = 1
paramstyle = "qmark"
#: The SQLite library underneath (SQLAlchemy's SQLite dialect reads it).
sqlite_version_info = tuple(int(p) for p in _apsw.sqlite_lib_version().split("."))
