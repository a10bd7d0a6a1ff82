"""Engine behaviour over the DB-API and the emulator: connecting, transactions, writes checked
on every execution, and SQLite features reached through SQLAlchemy."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import (
    Column,
    DateTime,
    MetaData,
    String,
    Table,
    bindparam,
    create_engine,
    func,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy import exc as sa_exc

from sqlalchemy_twilio.resources import RESOURCES
from tests.conftest import api_requests

dbapi = pytest.importorskip("sqlalchemy_twilio.dbapi")


class _Recording:
    """A DB-API connection that records every statement and transaction call made on it."""

    def __init__(self, conn: Any, log: list[str]) -> None:
        self._conn, self._log = conn, log

    def cursor(self) -> Any:
        cursor, log = self._conn.cursor(), self._log

        class Cursor:
            def execute(self, sql: str, params: Any = None) -> Any:
                log.append(sql)
                return cursor.execute(sql, params)

            def __getattr__(self, name: str) -> Any:
                return getattr(cursor, name)

        return Cursor()

    def __getattr__(self, name: str) -> Any:
        if name in ("commit", "rollback", "ping"):
            self._log.append(f"{name}()")
        return getattr(self._conn, name)


@pytest.fixture()
def engine(emu):
    eng = create_engine(emu.url)
    yield eng
    eng.dispose()


def table(engine) -> Table:
    return Table("Conferences", MetaData(), autoload_with=engine)


def test_connecting_runs_no_sql_and_makes_no_request(emu):
    log: list[str] = []
    url = create_engine(emu.url).url
    _, kwargs = create_engine(url).dialect.create_connect_args(url)
    engine = create_engine(url, creator=lambda: _Recording(dbapi.connect(**kwargs), log))
    with engine.connect() as conn:
        statements = [entry for entry in log if not entry.endswith("()")]
        assert statements == []  # in particular no PRAGMA read_uncommitted
        assert conn.dialect.default_isolation_level == "AUTOCOMMIT"
        assert conn.get_isolation_level() == "AUTOCOMMIT"
        assert conn.dialect.server_version_info >= (3, 7)
        assert conn.dialect.default_schema_name == "main"
    engine.dispose()
    assert api_requests(emu) == []


def test_pre_ping_makes_one_small_request(emu):
    engine = create_engine(emu.url, pool_pre_ping=True)
    with engine.connect():
        pass
    emu.reset()
    with engine.connect():  # the pooled connection is pinged on checkout
        pass
    (request,) = api_requests(emu)
    assert request["query"].get("PageSize") == ["1"]
    engine.dispose()


def test_transactions_do_nothing_but_do_not_fail(engine):
    with engine.begin() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM Conferences")).scalar_one() == 2500
    with engine.connect() as conn:
        trans = conn.begin()
        trans.rollback()
        engine.dialect.do_commit(conn.connection)


def test_other_isolation_levels_are_refused(engine):
    with engine.connect() as conn:
        # SQLAlchemy 2.x words the error itself; 1.4 leaves it to the dialect.
        with pytest.raises(sa_exc.ArgumentError, match="isolation_level.*AUTOCOMMIT"):
            conn.execution_options(isolation_level="SERIALIZABLE").execute(text("SELECT 1"))
    auto = engine.execution_options(isolation_level="AUTOCOMMIT")
    with auto.connect() as conn:
        assert conn.execute(text("SELECT 1")).scalar_one() == 1


def test_bound_status_is_checked_on_every_execution(writable_emulator):
    engine = create_engine(writable_emulator.url)
    t = table(engine)
    sid = writable_emulator.records[0]["sid"]
    stmt = update(t).where(t.c.Sid == bindparam("sid")).values(Status=bindparam("new"))
    writable_emulator.reset()
    with engine.connect() as conn:
        with pytest.raises(sa_exc.CompileError, match="not 'init'"):
            conn.execute(stmt, {"sid": sid, "new": "init"})
        with pytest.raises(sa_exc.CompileError, match="not NULL"):
            conn.execute(update(t).where(t.c.Sid == sid), {"Status": None})
        with pytest.raises(sa_exc.CompileError, match="not 'init'"):
            conn.execute(stmt, [{"sid": sid, "new": "completed"}, {"sid": sid, "new": "init"}])
    assert api_requests(writable_emulator) == []  # refused before anything was sent
    with engine.connect() as conn:
        result = conn.execute(stmt, {"sid": sid, "new": "completed"})
        assert result.rowcount == 1
    engine.dispose()


def test_hand_declared_table_binds_utc_text(engine, emu):
    t = Table("conferences", MetaData(), Column("Sid", String, primary_key=True),
              Column("DateCreated", DateTime))
    record = emu.records[-1]
    with engine.connect() as conn:
        created = conn.execute(select(t.c.DateCreated).where(t.c.Sid == record["sid"])
                               ).scalar_one()
        assert created.tzinfo == dt.timezone.utc
        local = created.astimezone(dt.timezone(dt.timedelta(hours=9)))
        sids = conn.execute(select(t.c.Sid).where(t.c.DateCreated == local)).scalars().all()
    assert record["sid"] in sids


def test_expressions_over_datetimes_come_back_as_datetimes(engine, emu):
    t = table(engine)
    with engine.connect() as conn:
        newest = conn.execute(select(func.max(t.c.DateCreated))).scalar_one()
        raw = conn.execute(text("SELECT MAX(DateCreated) FROM Conferences")).scalar_one()
    assert isinstance(newest, dt.datetime) and newest.tzinfo == dt.timezone.utc
    assert isinstance(raw, str) and newest == dt.datetime.fromisoformat(raw).replace(
        tzinfo=dt.timezone.utc)


def test_json_column(engine, emu):
    t = table(engine)
    record = emu.records[3]
    with engine.connect() as conn:
        uris = conn.execute(select(t.c.SubresourceUris).where(t.c.Sid == record["sid"])
                            ).scalar_one()
        participants = conn.execute(
            select(t.c.SubresourceUris["participants"].as_string())
            .where(t.c.Sid == record["sid"])).scalar_one()
    assert uris == record["subresource_uris"]
    assert participants == record["subresource_uris"]["participants"]


def test_regexp_match(engine, emu):
    t = table(engine)
    name = emu.records[0]["friendly_name"]
    with engine.connect() as conn:
        rows = conn.execute(select(t.c.Name).where(t.c.Name.regexp_match(f"^{name}$"))
                            ).scalars().all()
    assert rows and set(rows) == {name}


def test_inspector_and_create_all(engine, emu):
    insp = inspect(engine)
    assert insp.get_view_names() == [] and insp.get_schema_names() == ["main"]
    assert insp.get_table_comment("conferences")["text"]
    meta = MetaData()
    meta.reflect(engine)
    assert sorted(meta.tables) == sorted(RESOURCES)
    # The tables exist on every connection, so create_all() has nothing to do.
    meta.create_all(engine)
    with pytest.raises(sa_exc.CompileError, match="schema is fixed"):
        meta.drop_all(engine)
    assert api_requests(emu) == []


def test_closed_connection_is_a_disconnect(engine):
    with engine.connect() as conn:
        conn.connection.dbapi_connection.close()
        with pytest.raises(sa_exc.DBAPIError) as info:
            conn.execute(text("SELECT 1"))
        assert info.value.connection_invalidated
    with engine.connect() as conn:  # the pool replaced it
        assert conn.execute(text("SELECT 1")).scalar_one() == 1


def test_bad_regexp_is_a_programming_error(engine):
    t = table(engine)
    with engine.connect() as conn:
        with pytest.raises(sa_exc.ProgrammingError, match="invalid regular expression"):
            conn.execute(select(t.c.Sid).where(t.c.Name.regexp_match("(")).limit(1)).all()
