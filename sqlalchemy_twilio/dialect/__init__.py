"""
The ``twilio`` dialect: Twilio's REST API as SQL tables.

.. dialect:: twilio
    :name: Twilio (over SQLite virtual tables, APSW)
    :dbapi: sqlalchemy_twilio.dbapi
    :connectstring: twilio://ACCOUNT_SID:AUTH_TOKEN@/

Every Twilio resource this package declares is a table (``Conferences`` today). Statements are
SQLite's: SQLite runs them over virtual tables, sending Twilio the filters its API supports as
request parameters and evaluating everything else itself (other columns, ``OR``, ``LIKE``,
``GROUP BY``, joins, window functions, ``ORDER BY``). SQLAlchemy Core, the ORM, ``text()``,
pandas and Superset work as with SQLite, within the limits below.

Connect strings
---------------

::

    create_engine("twilio://ACCOUNT_SID:AUTH_TOKEN@/")
    create_engine("twilio://API_KEY_SID:API_SECRET@/?account_sid=AC…")
    create_engine("twilio://")

The bare form reads ``TWILIO_ACCOUNT_SID`` and ``TWILIO_AUTH_TOKEN`` (or ``TWILIO_API_KEY``
and ``TWILIO_API_SECRET``), ``TWILIO_REGION`` and ``TWILIO_EDGE`` from the environment. A URL
has no host, port or database: the API origin is chosen with options. Query options:

====================  ============================================================================
``account_sid``       the account an API key (``SK…``) acts for
``base_url``          another API origin, e.g. the bundled emulator (``http://127.0.0.1:8080``)
``region``            Twilio Region, e.g. ``ie1``; with ``edge``: ``api.{edge}.{region}.twilio.com``
``edge``              Twilio edge location, e.g. ``dublin``
``page_size``         records per request, 1–1000 (default 1000)
``timeout``           seconds per request (default 30)
``max_retries``       retries after a 429, a 5xx or a connection error, 0–20 (default 5)
``retry_budget``      seconds one request may spend waiting between retries (default 60)
``cache_ttl``         seconds a response may be reused for the same request (default off)
``prefetch``          ``true``: fetch a scan's next page while SQLite reads the current one; a
                      query that stops early may then cost one extra request (default off)
``max_concurrency``   most requests in flight across the engine's connections, 1–16; a 429
                      lowers it for a while (default 10)
``scan_concurrency``  date windows a long scan is cut into, fetched concurrently; ``1`` pages
                      strictly in order (default ``max_concurrency``)
``max_pages``         most list pages one statement may read, so a paging loop or a far larger
                      scan than meant ends with an error naming this option (default 10000)
``max_fanout``        most parent rows a table read without its parent key may fan out over,
                      one request each, counted before any child request (default 100)
``max_writes``        most write requests one statement may send; one that would send more
                      sends none and fails; also an execution option (default 100)
``dry_run``           ``true``: run a write statement's reads and report the writes it would
                      send, sending none; also an execution option (default off)
====================  ============================================================================

An unknown option, a bad value, or a URL part that does not belong raises
:class:`~sqlalchemy.exc.ArgumentError` when connecting, naming the option (and, for an unknown
one, listing the valid ones). Messages never contain the auth token or API secret. Connecting
makes no request; ``pool_pre_ping=True`` (and Superset's "Test connection") makes one small
request, so wrong credentials fail there with the DB-API's ``AuthenticationError``.

Pooling
-------

The default pool is :class:`~sqlalchemy.pool.QueuePool`. A DB-API connection is an in-memory
SQLite database holding only virtual tables; the rows live in Twilio, so every connection sees
the same data and may move between threads (one at a time). Connections are cheap, so
``NullPool`` (Superset's choice) costs little.

Tables and reflection
---------------------

Reflection reads the built-in declarations and makes no request: ``get_schema_names()`` is
``["main"]``, there are no views, foreign keys, indexes or unique or check constraints, the key
(``Sid``) is the primary key, and each table and column has its description as its comment.
Table names match case-insensitively. Each reflected column carries
``column.dialect_options["twilio"]["readonly"]``; declare it by hand as ``twilio_readonly``.

Column types: text columns are :class:`~sqlalchemy.types.String`; ``DateCreated`` and
``DateUpdated`` are :class:`~sqlalchemy_twilio.dialect.TwilioDateTime`; ``SubresourceUris`` is
:class:`~sqlalchemy.types.JSON`, so through SQLAlchemy it is a ``dict`` and
``c.SubresourceUris["participants"]`` compiles to SQLite's ``JSON_EXTRACT``. (Raw DB-API
cursors, and so Superset's SQL Lab, return it as JSON text.)

Writes
------

Twilio allows few writes, and the compiler refuses the others with
:class:`~sqlalchemy.exc.CompileError` before anything is sent, for reflected tables and for
tables declared by hand under a Twilio table's name alike:

* ``UPDATE Conferences SET Status = 'completed' WHERE …`` ends the matching conferences (one
  request each) and reports the true rowcount, so the ORM can end a conference by setting
  ``conference.Status = "completed"`` and committing.
* Setting any other column: "Conferences.Name is read-only: Twilio allows only Status (to
  'completed') to be set". Setting ``Status`` to another value (or NULL), whether written in
  the statement or bound at execution: "Conferences.Status can only be set to 'completed'".
* ``INSERT``: "Twilio does not allow Conferences to be added"; ``DELETE``: "… to be deleted".
* DDL on a Twilio table (``CREATE``/``DROP TABLE``, indexes, constraints, comments):
  "Twilio's schema is fixed by its API". ``metadata.create_all()`` finds the tables present and
  skips them.

Raw SQL (``text()``, the DB-API) gets the same rules from the DB-API, as its errors.

Transactions
------------

Twilio has none: each statement takes effect when it runs, and ``COMMIT`` and ``ROLLBACK`` do
nothing - in particular, a rollback cannot bring back a conference an UPDATE ended. Savepoints
(``begin_nested()``) run, and undo nothing either. The isolation level is reported as
``AUTOCOMMIT``, the only one accepted; unlike SQLite's dialect, connecting runs no ``PRAGMA``.

Datetimes
---------

Inside SQLite a datetime is UTC text ``YYYY-MM-DD HH:MM:SS`` (a fraction only when non-zero),
the format of SQLite's ``datetime()``, so raw SQL such as
``DateCreated > datetime('now', '-7 days')`` compares correctly. Through SQLAlchemy such
columns are aware UTC :class:`~datetime.datetime` objects, also for expressions typed as
``DateTime``. A bound naive datetime is taken as UTC and an aware one is converted to UTC; it
is rendered exactly like the stored text, so ``DateCreated >= t`` finds a record created at
exactly ``t``. Every :class:`~sqlalchemy.types.DateTime` column, reflected or declared by hand,
behaves this way.

Other notes
-----------

* ``EXPLAIN QUERY PLAN <select>`` shows, for each Twilio table, the request it will make.
* ``column.regexp_match()`` works (the dialect registers SQLite's ``REGEXP`` function).
* There is no ``RETURNING``, no server-side cursor option (results are already fetched page by
  page, as rows are consumed) and no sequences.
* SQLAlchemy 1.4 and 2.x are supported.
"""

from __future__ import annotations

from .base import TwilioDialect
from .types import TwilioDateTime

__all__ = ["TwilioDialect", "TwilioDateTime"]

dialect = TwilioDialect
"""The dialect class, under the name SQLAlchemy's own dialect modules use."""

try:  # Alembic finds implementations by importing them; register ours when it is there.
    import alembic  # noqa: F401
except ImportError:  # pragma: no cover - alembic is optional
    pass
else:
    from .. import alembic_impl  # noqa: F401
