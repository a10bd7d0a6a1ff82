"""ORM models of the Twilio tables, for SQLAlchemy 1.4 and 2.x: one class per table.

>>> from sqlalchemy.orm import Session
>>> from sqlalchemy_twilio.models import Conference
>>> with Session(engine) as session:
...     conference = session.get(Conference, "CF…")      # one request
...     for participant in conference.participants:      # one list request
...         participant.Muted = True                      # one POST each on commit
...     conference.Status = "completed"                  # ends it on commit
...     session.commit()

The classes are built from the same declarations reflection reads, so the two always agree:
a class per table, named after one row (``Conference``, ``ConferenceParticipant``), its key as
the primary key, HIDDEN request parameters as deferred columns (settable, never loaded with
the row), and for each column that holds another table's key a relationship both ways
(``Conference.participants`` and ``ConferenceParticipant.conference``), read-only: loading
one costs one list request. Adding rows goes through ``insert()`` or SQL, not the session:
Twilio makes a new record's key, which the ORM would need back.

``models.pyi`` (generated from the declarations) gives type checkers every attribute.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Column, FetchedValue, ForeignKey, MetaData, PrimaryKeyConstraint, Table
from sqlalchemy.orm import declarative_base, deferred, relationship

from .dialect.types import sql_type
from .resources import RESOURCES, Reference, Resource, get_resource

__all__ = ["metadata", "Base", "table_for", "model_for", "relationship_names"]

metadata = MetaData()


def table_for(resource: Resource, meta: MetaData) -> Table:
    """A :class:`~sqlalchemy.Table` for a declaration: types, key, references, comments,
    read-only and hidden flags (hidden columns included, so they can be set)."""
    references = {ref.column: ref for ref in resource.references}
    path_columns = {p.column for p in resource.path_params}
    columns = []
    for c in resource.columns:
        ref = references.get(c.name)
        args: list[Any] = [ForeignKey(f"{ref.table}.{ref.table_column}")] if ref else []
        if c.name in resource.key and c.create is None and c.name not in path_columns:
            args.append(FetchedValue())  # Twilio makes it when a record is created
        columns.append(Column(
            c.name, sql_type(c.type), *args,
            nullable=c.nullable and c.name not in resource.key, comment=c.description,
            twilio_readonly=c.readonly, twilio_hidden=c.hidden))
    # The key in the declaration's order, which session.get() takes its values in.
    return Table(resource.name, meta, *columns, PrimaryKeyConstraint(*resource.key),
                 comment=resource.description)


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


def relationship_names(ref: Reference, child: Resource, parent: Resource) -> tuple[str, str]:
    """(the parent's attribute for its children, the child's attribute for its parent), as
    the reference names them or after the tables: ``ConferenceParticipants`` under
    ``Conference`` → ("participants", "conference")."""
    many = child.name.removeprefix(parent.model) or child.name
    return ref.many or _snake(many), ref.one or _snake(parent.model)


# declarative_base() exists under this name in 1.4 and 2.x.
Base: Any = declarative_base(metadata=metadata)


def _build() -> dict[str, Any]:
    classes: dict[str, Any] = {}
    for resource in RESOURCES.values():
        table = table_for(resource, metadata)
        body: dict[str, Any] = {
            "__table__": table,
            "__doc__": resource.description,
            # Request parameters are NULL when read: never loaded with the row.
            **{c.name: deferred(table.c[c.name]) for c in resource.columns if c.hidden},
        }
        key = ", ".join(f"{k}={{self.{k}}}" for k in resource.key)
        body["__repr__"] = _repr(resource.model, key)
        classes[resource.name] = type(resource.model, (Base,), body)
    taken: set[tuple[str, str]] = set()
    for resource in RESOURCES.values():
        for ref in resource.references:
            parent = RESOURCES[ref.table]
            many, one = relationship_names(ref, resource, parent)
            for owner, name in ((parent.name, many), (resource.name, one)):
                if (owner, name) in taken or RESOURCES[owner].has_column(name):
                    raise ValueError(f"two relationships, or a relationship and a column, "
                                     f"of {owner} are called {name!r}: name them in the "
                                     "reference")
                taken.add((owner, name))
            child_cls, parent_cls = classes[resource.name], classes[parent.name]
            join = child_cls.__table__.c[ref.column] == parent_cls.__table__.c[ref.table_column]
            setattr(parent_cls, many, relationship(
                child_cls, primaryjoin=join, foreign_keys=[child_cls.__table__.c[ref.column]],
                viewonly=True, uselist=True))
            # remote_side makes the direction plain when a table refers to itself (a call's
            # parent call): this side holds the key, the other is the one it names.
            setattr(child_cls, one, relationship(
                parent_cls, primaryjoin=join, foreign_keys=[child_cls.__table__.c[ref.column]],
                remote_side=[parent_cls.__table__.c[ref.table_column]],
                viewonly=True, uselist=False))
    return classes


def _repr(model: str, key: str) -> Any:
    template = f"<{model} {key}>"
    return lambda self: template.format(self=self)


_CLASSES = _build()
for _cls in _CLASSES.values():
    globals()[_cls.__name__] = _cls
__all__ += [c.__name__ for c in _CLASSES.values()]


def model_for(table: str) -> Any:
    """The ORM class of the table called ``table``."""
    return _CLASSES[get_resource(table).name]
