"""ORM models of the Twilio tables, typed, for SQLAlchemy 1.4 and 2.x.

>>> from sqlalchemy.orm import Session
>>> from sqlalchemy_twilio.models import Conference
>>> with Session(engine) as session:
...     conference = session.get(Conference, "CF…")      # one request
...     conference.Status = "completed"                  # ends it on commit
...     session.commit()

The tables are built from the same declarations reflection reads, so the two always agree.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Optional

from sqlalchemy import Column, MetaData, Table
from sqlalchemy.orm import Mapped, declarative_base

from .dialect.types import sql_type
from .resources import CONFERENCES, Resource

__all__ = ["metadata", "Base", "Conference", "table_for"]

metadata = MetaData()


def table_for(resource: Resource, meta: MetaData) -> Table:
    """A :class:`~sqlalchemy.Table` for a declaration: types, key, comments, read-only flags."""
    return Table(
        resource.name,
        meta,
        *(
            Column(c.name, sql_type(c.type), primary_key=c.name == resource.key,
                   nullable=c.nullable and c.name != resource.key, comment=c.description,
                   twilio_readonly=c.readonly)
            for c in resource.columns
        ),
        comment=resource.description,
    )


# declarative_base() exists under this name in 1.4 and 2.x; the annotations below type the
# attributes for 2.x users and type checkers, while the columns come from __table__.
Base: Any = declarative_base(metadata=metadata)


class Conference(Base):  # type: ignore[misc]
    """A Twilio conference. Only ``Status`` may change, and only to ``"completed"``."""

    __table__ = table_for(CONFERENCES, metadata)

    Sid: Mapped[str]
    AccountSid: Mapped[Optional[str]]
    DateCreated: Mapped[Optional[_dt.datetime]]
    DateUpdated: Mapped[Optional[_dt.datetime]]
    ApiVersion: Mapped[Optional[str]]
    Name: Mapped[Optional[str]]
    Region: Mapped[Optional[str]]
    Status: Mapped[Optional[str]]
    Uri: Mapped[Optional[str]]
    SubresourceUris: Mapped[Optional[dict[str, str]]]
    ReasonConferenceEnded: Mapped[Optional[str]]
    CallSidEndingConference: Mapped[Optional[str]]

    def __repr__(self) -> str:
        return f"<Conference {self.Sid} {self.Status}>"
