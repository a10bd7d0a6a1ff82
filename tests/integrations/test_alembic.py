"""Alembic: `check` finds no drift against the API; migrations that change the schema fail."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Column, MetaData, String, create_engine

from sqlalchemy_twilio.models import metadata as models_metadata
from sqlalchemy_twilio.models import table_for
from sqlalchemy_twilio.resources import CONFERENCES

STUB = Path(__file__).resolve().parents[2] / "alembic_stub"


def alembic(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None):
    return subprocess.run(
        [sys.executable, "-m", "alembic", *args], capture_output=True, text=True,
        env={**os.environ, **(env or {})}, cwd=cwd, timeout=120)


def test_check_reports_no_drift(emu):
    result = alembic("-c", str(STUB / "alembic.ini"), "-x", f"url={emu.url}", "check")
    assert result.returncode == 0, result.stderr
    assert "No new upgrade operations detected" in result.stdout + result.stderr


def test_url_from_twilio_url(emu):
    result = alembic("-c", str(STUB / "alembic.ini"), "check", env={"TWILIO_URL": emu.url})
    assert result.returncode == 0, result.stderr


def test_models_match_reflection_and_drift_is_seen(emu):
    engine = create_engine(emu.url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, models_metadata) == []
        drifted = MetaData()
        table = table_for(CONFERENCES, drifted)
        table.append_column(Column("Participants", String))
        diffs = compare_metadata(context, drifted)
    engine.dispose()
    assert any(d[0] == "add_column" and d[3].name == "Participants" for d in diffs)


@pytest.mark.parametrize("operation", [
    "op.add_column('Conferences', sa.Column('Notes', sa.String()))",
    "op.drop_column('Conferences', 'Region')",
    "op.create_table('Notes', sa.Column('id', sa.Integer(), primary_key=True))",
])
def test_migrations_that_change_the_schema_fail_clearly(emu, tmp_path, operation):
    stub = tmp_path / "stub"
    shutil.copytree(STUB, stub)
    (stub / "versions" / "0001_change.py").write_text(
        "import sqlalchemy as sa\nfrom alembic import op\n"
        "revision = '0001'\ndown_revision = None\nbranch_labels = None\ndepends_on = None\n"
        f"def upgrade():\n    {operation}\n"
        "def downgrade():\n    pass\n")
    result = alembic("-c", str(stub / "alembic.ini"), "-x", f"url={emu.url}", "upgrade", "head")
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "Twilio's schema is fixed by its API" in output
    assert emu.auth_token not in output
