"""Apache Superset support for ``twilio://`` databases.

Superset finds this engine spec through the ``superset.db_engine_specs`` entry point; nothing
else imports this module. To add a database: install ``sqlalchemy-twilio`` next to Superset,
then *Settings → Database Connections → + Database → Twilio* (or *Other*) with the URL
``twilio://ACCOUNT_SID:AUTH_TOKEN@/`` (an API key: ``twilio://SK…:secret@/?account_sid=AC…``;
bare ``twilio://`` reads ``TWILIO_ACCOUNT_SID`` and ``TWILIO_AUTH_TOKEN``), or from the shell
``superset set-database-uri -d Twilio -u 'twilio://…'``; ``superset test-db 'twilio://…'``
checks it.

The SQL is SQLite's, so the spec takes SQLite's time grains (``DATETIME(col, 'start of
month')`` and the like run inside SQLite on UTC text), and SQL Lab parses and re-renders queries
with sqlglot's SQLite dialect, amended where sqlglot would change what SQLite runs.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import types
from sqlglot import exp
from sqlglot.dialects.sqlite import SQLite
from superset.db_engine_specs.sqlite import SqliteEngineSpec
from superset.sql.parse import SQLGLOT_DIALECTS

__all__ = ["Twilio", "TwilioEngineSpec"]


def _json_extract(args: list[exp.Expression]) -> exp.Expression:
    return exp.Anonymous(this="JSON_EXTRACT", expressions=args)


class Twilio(SQLite):
    """sqlglot's SQLite, rendering back what SQLite (and this dialect) run as written.

    sqlglot's SQLite writes ``a REGEXP b`` as ``REGEXP_LIKE(a, b)`` (no such function),
    ``json_extract(x, '$.k')`` as ``x -> '$.k'`` (JSON text: strings come back quoted) and drops
    a CTE's column list (``WITH RECURSIVE c(n) AS …``).
    """

    class Parser(SQLite.Parser):
        FUNCTIONS = {**SQLite.Parser.FUNCTIONS, "JSON_EXTRACT": _json_extract}

    class Generator(SQLite.Generator):
        TRANSFORMS = {
            **SQLite.Generator.TRANSFORMS,
            exp.RegexpLike: lambda self, e: self.binary(e, "REGEXP"),
        }

        def tablealias_sql(self, expression: exp.TableAlias) -> str:
            if isinstance(expression.parent, exp.CTE) and expression.columns:
                columns = self.expressions(expression, key="columns", flat=True)
                return f"{self.sql(expression, 'this')}({columns})"
            return super().tablealias_sql(expression)


# Superset looks the engine up here each time it parses SQL; an engine missing from the map is
# rendered in sqlglot's generic dialect, which breaks SQLite functions.
SQLGLOT_DIALECTS["twilio"] = Twilio


class TwilioEngineSpec(SqliteEngineSpec):
    """Twilio's REST API as SQL tables (SQLite over Twilio)."""

    engine = "twilio"
    engine_name = "Twilio"
    engine_aliases: set[str] = set()
    default_driver = "apsw"
    sqlalchemy_uri_placeholder = "twilio://ACCOUNT_SID:AUTH_TOKEN@/"

    metadata: dict[str, Any] = {
        **SqliteEngineSpec.metadata,
        "description": "Twilio account resources (conferences, their participants and "
                       "recordings, …) as SQL tables, queried through Twilio's REST API.",
        "homepage_url": "https://www.twilio.com/docs/voice/api/conference-resource",
        "pypi_packages": ["sqlalchemy-twilio"],
        "connection_string": "twilio://ACCOUNT_SID:AUTH_TOKEN@/",
        "notes": "Credentials can also come from TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN.",
    }

    @classmethod
    def convert_dttm(cls, target_type: str, dttm: datetime,
                     db_extra: dict[str, Any] | None = None) -> str | None:
        # A DATE column holds YYYY-MM-DD text, which sorts before the same day written with
        # a time: compared with '2025-12-01 00:00:00', the 1st would fall out of a range that
        # starts on it (and Twilio would be asked from the 2nd).
        if isinstance(cls.get_sqla_column_type(target_type), types.Date):
            return f"'{dttm.date().isoformat()}'"
        return super().convert_dttm(target_type, dttm, db_extra)
