"""
The ``twilio`` dialect: Twilio's REST API as SQL tables.

Connecting
----------

::

    create_engine("twilio://ACCOUNT_SID:AUTH_TOKEN@/")
    create_engine("twilio://API_KEY_SID:API_SECRET@/?account_sid=AC…")
    create_engine("twilio://")   # TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN (or TWILIO_API_KEY and
                                 # TWILIO_API_SECRET), TWILIO_REGION, TWILIO_EDGE

Query options: ``base_url`` (another API origin, e.g. the bundled emulator), ``region`` and
``edge`` (``api.{edge}.{region}.twilio.com``), ``page_size`` (1–1000, default 1000),
``timeout`` (seconds, default 30), ``max_retries`` (default 5), ``retry_budget`` (seconds spent
waiting between retries of one request, default 60), ``cache_ttl`` (seconds). An unknown option
or a bad value raises :class:`~sqlalchemy.exc.ArgumentError` naming it; credentials never
appear in messages.

SQL
---

Statements are SQLite's, run by SQLite over virtual tables (APSW); the filters Twilio supports
become request parameters and SQLite re-checks everything. ``EXPLAIN QUERY PLAN`` shows the
requests a query will make. Tables are reflected from the built-in declarations, without a
request: ``Conferences`` today.

Writes: ``UPDATE Conferences SET Status = 'completed' WHERE …`` ends conferences. Setting any
other column or value, ``INSERT`` and ``DELETE`` raise :class:`~sqlalchemy.exc.CompileError`
(raw SQL gets the matching DB-API error). Each reflected column carries
``column.dialect_options["twilio"]["readonly"]``.

Transactions
------------

Twilio has none: each statement takes effect when it runs, and commit and rollback do nothing.

Datetimes
---------

``DateCreated`` and ``DateUpdated`` are UTC text inside SQLite (``YYYY-MM-DD HH:MM:SS``) and
aware UTC :class:`~datetime.datetime` objects in Python; naive values bound in a query are
taken as UTC.
"""

from __future__ import annotations

from .base import TwilioDialect
from .types import TwilioDateTime

__all__ = ["TwilioDialect", "TwilioDateTime"]

dialect = TwilioDialect

try:  # Alembic finds implementations by importing them; register ours when it is there.
    import alembic  # noqa: F401
except ImportError:  # pragma: no cover - alembic is optional
    pass
else:
    from .. import alembic_impl  # noqa: F401
