"""The whole test suite: on SQLAlchemy 2.x and 1.4, and end to end in Apache Superset."""

from __future__ import annotations

import nox

nox.options.sessions = ["tests-sqlalchemy2", "tests-sqlalchemy14", "superset"]
nox.options.reuse_existing_virtualenvs = True

# pandas 2.2 and later read only through SQLAlchemy 2; 2.1 is the last to support 1.4, and
# its numpy 1.x needs a pyarrow older than 19.
SQLALCHEMY = {
    "2": ["sqlalchemy>=2,<3"],
    "1.4": ["sqlalchemy>=1.4,<2", "pandas<2.2", "pyarrow<19"],
}


def _tests(session: nox.Session, sqlalchemy: str, marks: str) -> None:
    session.install("-e", ".[test]", *SQLALCHEMY[sqlalchemy])
    session.run("python", "-m", "pytest", "-m", marks, *session.posargs)


@nox.session(name="tests-sqlalchemy2")
def tests_sqlalchemy2(session: nox.Session) -> None:
    """Every test but Superset's, on SQLAlchemy 2.x."""
    _tests(session, "2", "not superset")


@nox.session(name="tests-sqlalchemy14")
def tests_sqlalchemy14(session: nox.Session) -> None:
    """Every test that loads SQLAlchemy but Superset's, on SQLAlchemy 1.4."""
    _tests(session, "1.4", "not superset and not without_sqlalchemy")


@nox.session
def superset(session: nox.Session) -> None:
    """Superset 6.1 (SQLAlchemy 1.4) against the emulator, in a virtualenv of its own."""
    # A working freeze of Superset's dependencies; rich and cachetools are imported by
    # Superset 6.1 without being declared.
    constraints = ("-c", "tests/superset/constraints-6.1.0.txt")
    session.install("apache-superset==6.1.0", "rich", "cachetools", *constraints)
    session.install("-e", ".", "pytest", *constraints)
    session.run("python", "-m", "pytest", "-m", "superset", "tests/superset", *session.posargs)
