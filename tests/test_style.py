"""The code base stays ruff-clean and typed."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_ruff_clean():
    ruff = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    if not Path(ruff).exists():
        pytest.fail("ruff is not installed: install the package with its [test] extra")
    result = subprocess.run([ruff, "check", str(ROOT)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_package_is_marked_typed():
    assert (ROOT / "sqlalchemy_twilio" / "py.typed").exists()


def test_the_directories_run_once_load_no_sqlalchemy():
    from tests.conftest import WITHOUT_SQLALCHEMY

    modules = sorted(f"tests.{d}.{p.stem}" for d in WITHOUT_SQLALCHEMY
                     for p in (ROOT / "tests" / d).glob("*.py") if p.stem != "__init__")
    assert len(modules) > len(WITHOUT_SQLALCHEMY)
    # Importing the modules (tests, helpers, fixtures) loads what their tests use.
    probe = ("import importlib, sys\n"
             f"for m in {modules!r}: importlib.import_module(m)\n"
             "print(sorted(m for m in sys.modules if m.split('.')[0] == 'sqlalchemy'))")
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]", "these skip the SQLAlchemy 1.4 session but load it"
