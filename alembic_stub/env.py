"""Alembic environment for twilio:// databases: compare the models with the API."""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import create_engine

from sqlalchemy_twilio.models import metadata

target_metadata = metadata


def _url() -> str:
    url = context.get_x_argument(as_dictionary=True).get("url") or os.environ.get("TWILIO_URL")
    if not url:
        raise SystemExit("give the database as -x url=twilio://… or in TWILIO_URL")
    return url


def run_migrations_offline() -> None:
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = create_engine(_url())
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata,
                          compare_type=True)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
