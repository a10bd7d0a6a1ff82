"""The ORM model: agrees with reflection, costs one request per get, ends a conference."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import MetaData, Table, create_engine, select
from sqlalchemy.ext.automap import automap_base
from sqlalchemy.orm import Session

from sqlalchemy_twilio.models import Conference
from tests.conftest import api_requests


@pytest.fixture()
def engine(emu):
    eng = create_engine(emu.url)
    yield eng
    eng.dispose()


def test_model_agrees_with_reflection(engine):
    reflected = Table("Conferences", MetaData(), autoload_with=engine)
    model = Conference.__table__
    assert [c.name for c in model.columns] == [c.name for c in reflected.columns]
    for mine, theirs in zip(model.columns, reflected.columns):
        assert type(mine.type) is type(theirs.type), mine.name
        assert mine.nullable == theirs.nullable, mine.name
        assert mine.primary_key == theirs.primary_key, mine.name
        assert mine.comment == theirs.comment, mine.name
        assert (mine.dialect_options["twilio"]["readonly"]
                == theirs.dialect_options["twilio"]["readonly"]), mine.name


def test_get_is_one_request(engine, emu):
    record = emu.records[5]
    with Session(engine) as session:
        conference = session.get(Conference, record["sid"])
        assert conference.Name == record["friendly_name"]
        assert conference.DateCreated.tzinfo == dt.timezone.utc
        assert conference.SubresourceUris == record["subresource_uris"]
    assert len(api_requests(emu)) == 1


def test_query_with_filters(engine, emu):
    with Session(engine) as session:
        rows = session.execute(
            select(Conference).where(Conference.Status == "init").order_by(Conference.Sid)
        ).scalars().all()
    assert [c.Sid for c in rows] == sorted(r["sid"] for r in emu.records
                                           if r["status"] == "init")
    (req,) = api_requests(emu)
    assert req["query"]["Status"] == ["init"]


def test_ending_a_conference_through_the_orm(writable_emulator):
    emu = writable_emulator
    live = next(r["sid"] for r in emu.records if r["status"] == "in-progress")
    engine = create_engine(emu.url)
    with Session(engine) as session:
        conference = session.get(Conference, live)
        conference.Status = "completed"
        emu.reset()
        session.commit()  # no StaleDataError: the UPDATE reports its row
        posts = [r for r in api_requests(emu) if r["method"] == "POST"]
        assert len(posts) == 1 and posts[0]["path"].endswith(f"{live}.json")
        assert conference.Status == "completed"
        assert conference.ReasonConferenceEnded == "conference-ended-via-api"
    engine.dispose()


def test_automap(engine):
    base = automap_base()
    base.prepare(autoload_with=engine)
    mapped = base.classes.Conferences
    with Session(engine) as session:
        assert session.execute(select(mapped).limit(2)).scalars().all()[0].Sid.startswith("CF")
