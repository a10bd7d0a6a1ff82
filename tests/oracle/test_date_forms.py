"""Invariant 1 for the forms users write dates in, on every table with a date column.

A comparison written with an ISO 8601 variant (``T``, ``Z``, ``+00:00``, another offset,
fractional seconds), a bare date, or a bound ``datetime``, ``date`` or ``pandas.Timestamp``
selects on the dialect exactly what the canonical UTC text ``YYYY-MM-DD HH:MM:SS`` selects on
plain SQLite. The instant is drawn around the stored values (the value itself, its midnight,
a second either side), where text comparison and instant comparison part ways.
"""

from __future__ import annotations

import datetime as dt
import os

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sqlalchemy_twilio.resources import RESOURCES, ColumnType, Resource

from ._instants import canonical
from .test_differential import quote
from .test_tables import plain, run, scope, world  # noqa: F401 - world is a fixture

EXAMPLES = max(6, int(os.environ.get("ORACLE_EXAMPLES", "500")) // 50)
INSTANT_TYPES = (ColumnType.DATETIME, ColumnType.DATE)
UTC = dt.timezone.utc


def dated_columns(resource: Resource) -> list[str]:
    # A condition that shapes the records (a usage period) is a parameter, not a filter of
    # fixed rows: no plain table holds every period (see test_tables).
    shaping = {p.column for p in resource.pushdowns if p.shapes}
    return [c.name for c in resource.visible_columns
            if c.type in INSTANT_TYPES and c.name not in shaping]


DATED = sorted(r.name for r in RESOURCES.values() if dated_columns(r))


@st.composite
def instants(draw, stored: list[str]) -> dt.datetime:
    """A naive UTC instant at, or a second from, a stored value or its midnight."""
    if not stored or draw(st.integers(0, 9)) == 0:
        base = dt.datetime(2026, 6, 1)
    else:
        base = dt.datetime.fromisoformat(draw(st.sampled_from(stored)))
    if draw(st.booleans()):
        base = base.replace(hour=0, minute=0, second=0)
    return base + dt.timedelta(seconds=draw(st.sampled_from([0, 0, 0, -1, 1])))


@st.composite
def written(draw, moment: dt.datetime) -> tuple[str, list]:
    """How a user writes ``moment``: SQL text for the comparand and the parameters it binds."""
    hours = draw(st.integers(-11, 14))
    zone = dt.timezone(dt.timedelta(hours=hours))
    local = moment.replace(tzinfo=UTC).astimezone(zone)
    iso = moment.isoformat(sep="T")
    forms: list[tuple[str, list]] = [
        (quote(canonical(moment)), []),
        (quote(iso + "Z"), []),
        (quote(iso + "+00:00"), []),
        (quote(local.isoformat()), []),
        (quote(moment.strftime("%Y-%m-%d %H:%M:%S.000000")), []),
        (quote(moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")), []),
        ("?", [moment]),
        ("?", [local]),
        ("?", [pd.Timestamp(moment)]),
        ("?", [pd.Timestamp(local)]),
    ]
    if moment.time() == dt.time(0):
        forms += [(quote(moment.date().isoformat()), []), ("?", [moment.date()])]
    return draw(st.sampled_from(forms))


def truth_text(moment: dt.datetime, kind: ColumnType) -> str:
    """The comparand plain SQLite is given: the text stored for that instant."""
    if kind is ColumnType.DATE and moment.time() == dt.time(0):
        return quote(moment.date().isoformat())
    return quote(canonical(moment))


@st.composite
def comparison(draw, resource: Resource, samples: dict[str, list]):
    """(dialect SQL, its parameters, oracle SQL) of one comparison with a date column."""
    name = draw(st.sampled_from(dated_columns(resource)))
    kind = resource.column(name).type
    stored = [str(v) for v in samples[name]]
    col = f'"{name}"'
    op = draw(st.sampled_from(["=", "<", "<=", ">", ">=", "BETWEEN", "IN", "REVERSED"]))
    first = draw(instants(stored))
    text, params = draw(written(first))
    truth = truth_text(first, kind)
    if op == "BETWEEN":
        second = draw(instants(stored))
        text2, params2 = draw(written(second))
        return (f"{col} BETWEEN {text} AND {text2}", params + params2,
                f"{col} BETWEEN {truth} AND {truth_text(second, kind)}")
    if op == "IN":
        second = draw(instants(stored))
        text2, params2 = draw(written(second))
        return (f"{col} IN ({text}, {text2})", params + params2,
                f"{col} IN ({truth}, {truth_text(second, kind)})")
    if op == "REVERSED":
        return f"{text} <= {col}", params, f"{truth} <= {col}"
    return f"{col} {op} {text}", params, f"{col} {op} {truth}"


@pytest.mark.parametrize("table", DATED)
def test_every_form_of_a_date_selects_what_its_utc_text_selects(world, table):  # noqa: F811
    mine, oracle, samples = world[0], world[1], world[2][table]
    resource = RESOURCES[table]
    within = scope(oracle, resource, samples)
    key = ", ".join(f'"{k}"' for k in resource.key)

    @settings(max_examples=EXAMPLES, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                     HealthCheck.data_too_large])
    @given(data=st.data())
    def run_one(data):
        where, params, truth = data.draw(comparison(resource, samples))
        head = f'SELECT {key} FROM "{table}" WHERE ' + (f"{within} AND " if within else "")
        mine.execute(head + where, params)
        got = sorted((tuple(plain(v) for v in row) for row in mine.fetchall()), key=repr)
        expected = sorted(run(oracle, head + truth), key=repr)
        assert got == expected, (head + where, params)

    run_one()
