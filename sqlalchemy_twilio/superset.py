"""Apache Superset support for ``twilio://`` databases.

Superset finds this engine spec through the ``superset.db_engine_specs`` entry point; nothing
else imports this module. Add a database in Superset with the URL
``twilio://ACCOUNT_SID:AUTH_TOKEN@/`` (or an API key: ``twilio://SK…:secret@/?account_sid=AC…``).
The SQL is SQLite's, so the spec takes SQLite's time grains (``DATETIME(col, 'start of
month')`` and the like run inside SQLite on UTC text) and has SQL Lab parse and render queries
as SQLite.
"""

from __future__ import annotations

from typing import Any

from sqlglot.dialects.dialect import Dialects
from superset.db_engine_specs.sqlite import SqliteEngineSpec
from superset.sql.parse import SQLGLOT_DIALECTS

__all__ = ["TwilioEngineSpec"]

# Without this SQL Lab re-renders queries in sqlglot's generic dialect, which breaks SQLite
# functions such as DATETIME(col, 'start of month').
SQLGLOT_DIALECTS["twilio"] = Dialects.SQLITE


class TwilioEngineSpec(SqliteEngineSpec):
    """Twilio's REST API as SQL tables (SQLite over Twilio)."""

    engine = "twilio"
    engine_name = "Twilio"
    engine_aliases: set[str] = set()
    default_driver = "apsw"
    sqlalchemy_uri_placeholder = "twilio://ACCOUNT_SID:AUTH_TOKEN@/"

    metadata: dict[str, Any] = {
        **SqliteEngineSpec.metadata,
        "description": "Twilio account resources (Conferences) as SQL tables, queried through "
                       "Twilio's REST API.",
        "homepage_url": "https://www.twilio.com/docs/voice/api/conference-resource",
        "pypi_packages": ["sqlalchemy-twilio"],
        "connection_string": "twilio://ACCOUNT_SID:AUTH_TOKEN@/",
        "notes": "Credentials can also come from TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN.",
    }
