"""Alembic support: ``twilio://`` databases can be checked for drift, never migrated.

Twilio's schema is fixed by its API, so every schema operation a migration tries
(``create_table``, ``add_column``, ``drop_column``, …) fails with a message saying so, while
``alembic check`` compares :mod:`sqlalchemy_twilio.models` with what the dialect reflects.
Imported by the dialect whenever Alembic is installed, which registers the implementation.
"""

from __future__ import annotations

from typing import Any

from alembic.ddl.impl import DefaultImpl
from alembic.util import CommandError
from sqlalchemy.sql.ddl import DDLElement

__all__ = ["TwilioImpl"]


class TwilioImpl(DefaultImpl):
    """Alembic's implementation for the ``twilio`` dialect."""

    __dialect__ = "twilio"
    transactional_ddl = False

    def _exec(self, construct: Any, *args: Any, **kw: Any) -> Any:
        text = construct if isinstance(construct, str) else None
        if isinstance(construct, DDLElement) or (
                text and text.lstrip().split(None, 1)[0].upper() in ("CREATE", "ALTER", "DROP")):
            what = type(construct).__name__ if text is None else text.split(None, 2)[:2]
            raise CommandError(
                f"Twilio's schema is fixed by its API: a migration cannot change it ({what}). "
                "Use 'alembic check' to compare the models with the API instead.")
        return super()._exec(construct, *args, **kw)
