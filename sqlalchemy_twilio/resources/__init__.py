"""Table declarations: every Twilio resource the dialect exposes, as data.

The declarations in ``tables/`` are generated from Twilio's spec by
``tools/generate_resources.py`` (with ``tools/overrides.py`` for what the spec cannot say);
adding a table means adding it there and giving the emulator data for it. No other layer names
a table.
"""

from __future__ import annotations

from ._declaration import (
    FIXED_SCHEMA,
    Column,
    ColumnType,
    Create,
    FanOut,
    PathParam,
    Pushdown,
    PushdownKind,
    Reference,
    Resource,
    Retention,
    Through,
    Windows,
    Write,
)
from .tables import *  # noqa: F403 - every table's declaration, by its constant name
from .tables import ALL
from .tables import __all__ as _TABLE_NAMES

__all__ = [
    "RESOURCES",
    "FIXED_SCHEMA",
    "Column",
    "ColumnType",
    "Create",
    "FanOut",
    "PathParam",
    "Pushdown",
    "PushdownKind",
    "Reference",
    "Resource",
    "Retention",
    "Through",
    "Windows",
    "Write",
    "get_resource",
    "check_links",
    *_TABLE_NAMES,
]


def check_links(resources: dict[str, Resource]) -> None:
    """Raise ValueError unless every table a declaration names exists, with the columns it
    names (references, fan-out parents)."""
    problems = []
    for r in resources.values():
        links = [(ref.table, ref.table_column, f"reference of {ref.column}")
                 for ref in r.references]
        for rule in r.unbound:
            if isinstance(rule, FanOut):
                links.append((rule.parent, rule.parent_column, f"fan-out over {rule.parent}"))
                links += [(rule.parent, col, "fan-out filter") for col, _ in rule.parent_where]
        for table, column, what in links:
            other = resources.get(table)
            if other is None:
                problems.append(f"{r.name}: {what} names unknown table {table!r}")
            elif not other.has_column(column):
                problems.append(f"{r.name}: {what} names unknown column {table}.{column}")
    if problems:
        raise ValueError("; ".join(problems))


#: Every table, by SQL name.
RESOURCES: dict[str, Resource] = {r.name: r for r in ALL}
check_links(RESOURCES)
_BY_LOWER = {name.lower(): r for name, r in RESOURCES.items()}


def get_resource(name: str) -> Resource:
    """The declaration of table ``name`` (case-insensitive); KeyError if there is none."""
    return _BY_LOWER[name.lower()]
