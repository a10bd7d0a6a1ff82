"""Alembic support: ``twilio://`` databases can be checked for drift, never migrated.

Twilio's schema is fixed by its API, so every schema operation a migration tries
(``create_table``, ``add_column``, ``drop_column``, …) fails with a message saying so, while
``alembic check`` compares :mod:`sqlalchemy_twilio.models` with what the dialect reflects.
Imported by the dialect whenever Alembic is installed, which registers the implementation.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from alembic.ddl.impl import DefaultImpl
from alembic.util import CommandError
from sqlalchemy.sql.ddl import DDLElement

__all__ = ["TwilioImpl", "include_object"]


class TwilioImpl(DefaultImpl):
    """Alembic's implementation for the ``twilio`` dialect."""

    __dialect__ = "twilio"
    transactional_ddl = False

    def __init__(self, dialect: Any, connection: Any, as_sql: bool, transactional_ddl: Any,
                 output_buffer: Any, context_opts: dict[str, Any]) -> None:
        # Twilio has nowhere to keep an alembic_version table (a Twilio connection refuses
        # local tables), and with a fixed schema there is no version to keep: Alembic's own
        # "do not create the version table" switch, which its 'current' command uses.
        context_opts.setdefault("dont_mutate", True)
        # Reflection leaves out HIDDEN columns (request parameters, NULL when read), which the
        # models keep so they can be set: they are not drift.
        context_opts["include_object"] = include_object(context_opts.get("include_object"))
        super().__init__(dialect, connection, as_sql, transactional_ddl, output_buffer,
                         context_opts)

    def _exec(self, construct: Any, *args: Any, **kw: Any) -> Any:
        text = construct if isinstance(construct, str) else None
        if isinstance(construct, DDLElement) or (
                text and text.lstrip().split(None, 1)[0].upper() in ("CREATE", "ALTER", "DROP")):
            what = type(construct).__name__ if text is None else text.split(None, 2)[:2]
            raise CommandError(
                f"Twilio's schema is fixed by its API: a migration cannot change it ({what}). "
                "Use 'alembic check' to compare the models with the API instead.")
        return super()._exec(construct, *args, **kw)


def include_object(user: Callable[..., bool] | None = None) -> Callable[..., bool]:
    """An autogenerate ``include_object`` filter that skips the models' HIDDEN columns, then
    asks ``user``'s filter (if any)."""
    if user is not None and getattr(user, "twilio_filter", False):
        return user  # already this filter

    def include(obj: Any, name: Any, type_: str, reflected: bool, compare_to: Any) -> bool:
        if type_ == "column" and not reflected and obj.dialect_options["twilio"].get("hidden"):
            return False
        return user(obj, name, type_, reflected, compare_to) if user else True

    include.twilio_filter = True  # type: ignore[attr-defined]
    return include
