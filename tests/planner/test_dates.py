"""The pushed day window never loses a row the exact predicate accepts."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from sqlalchemy_twilio.vtable._dates import DayWindow

OPS = ("=", "<", "<=", ">", ">=")
BASE = dt.datetime(2025, 3, 4)

stored_times = st.integers(min_value=-3 * 86400, max_value=3 * 86400).map(
    lambda s: (BASE + dt.timedelta(seconds=s)).strftime("%Y-%m-%d %H:%M:%S"))
edge_times = st.sampled_from([
    "2025-03-04 00:00:00", "2025-03-03 23:59:59", "2025-03-04 23:59:59",
    "2025-03-05 00:00:00", "2025-03-04 00:00:01",
])
values = st.one_of(
    stored_times,
    edge_times,
    st.sampled_from(["2025-03-04", "2025-03-05", "2025-03-04T10:00:00", "2025-03-04 ",
                     "2025-03-04 00:00:00.5", "2025-03-04 24", "2025-3-4", "garbage"]),
)


def api_accepts(window: DayWindow, stored: str) -> bool:
    """The emulator's (strictest) reading of Twilio's parameters."""
    if window.empty:
        return False
    created = dt.datetime.fromisoformat(stored)
    if window.day is not None and created.date() != window.day:
        return False
    if window.lower is not None and created < dt.datetime.combine(window.lower, dt.time()):
        return False
    if window.upper is not None and created > dt.datetime.combine(window.upper, dt.time()):
        return False
    return True


def sql_accepts(stored: str, op: str, value: str) -> bool:
    return {"=": stored == value, "<": stored < value, "<=": stored <= value,
            ">": stored > value, ">=": stored >= value}[op]


@settings(max_examples=400)
@given(st.lists(st.tuples(st.sampled_from(OPS), values), min_size=1, max_size=3),
       st.one_of(stored_times, edge_times))
def test_window_keeps_every_matching_row(constraints, stored):
    window = DayWindow()
    for op, value in constraints:
        window = window.narrow(op, value)
    if all(sql_accepts(stored, op, value) for op, value in constraints):
        assert api_accepts(window, stored), (constraints, stored, window)


def test_half_open_day_is_one_day_window():
    w = DayWindow().narrow(">=", "2025-03-04").narrow("<", "2025-03-05")
    assert w.params("DateCreated") == {"DateCreated>": "2025-03-04", "DateCreated<": "2025-03-05"}


def test_contradictions_are_empty():
    assert DayWindow().narrow(">", "2025-03-04 10:00:00").narrow("<", "2025-03-04 09:00:00").empty
    assert DayWindow().narrow(">=", "2025-03-05").narrow("<", "2025-03-05").empty
    assert DayWindow().narrow("=", "2025-03-04").empty  # no stored value is a bare date
    assert DayWindow().narrow("<", None).empty


def test_non_text_values_widen():
    assert DayWindow().narrow(">", 20250304).params("D") == {}
