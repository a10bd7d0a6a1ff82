"""Table declarations: every Twilio resource the dialect exposes, as data.

Adding a table means adding a :class:`Resource` here (columns, key, paths, pushdown rules,
writable columns) and data for it in the emulator; no other layer names a table.
"""

from __future__ import annotations

from ._declaration import FIXED_SCHEMA, Column, ColumnType, Pushdown, PushdownKind, Resource
from .conferences import CONFERENCES, ConferencePage, ConferenceRecord

__all__ = [
    "RESOURCES",
    "FIXED_SCHEMA",
    "Column",
    "ColumnType",
    "Pushdown",
    "PushdownKind",
    "Resource",
    "CONFERENCES",
    "ConferencePage",
    "ConferenceRecord",
    "get_resource",
]

#: Every table, by SQL name.
RESOURCES: dict[str, Resource] = {r.name: r for r in (CONFERENCES,)}


def get_resource(name: str) -> Resource:
    """The declaration of table ``name`` (case-insensitive); KeyError if there is none."""
    for resource in RESOURCES.values():
        if resource.name.lower() == name.lower():
            return resource
    raise KeyError(name)
