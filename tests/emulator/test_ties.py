"""``ties``: how the emulator orders records that share a timestamp, which Twilio does not
document. By default by SID, descending; ``"shuffled"`` draws one order from the seed, the
same for every request, so paging neither skips nor repeats a record."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections.abc import Iterator
from email.utils import format_datetime
from typing import Any

import pytest

from sqlalchemy_twilio.emulator import Emulator
from tests.conftest import UNTIL, prefix_sid

from ._helpers import http, list_all, moment

ACCOUNT = "AC" + "cd" * 16


def conferences(count: int, per_stamp: int) -> list[dict[str, Any]]:
    at = dt.datetime(2026, 3, 1, tzinfo=dt.timezone.utc)
    return [{"sid": prefix_sid(n), "account_sid": ACCOUNT, "status": "init",
             "date_created": format_datetime(at - dt.timedelta(hours=n // per_stamp)),
             "date_updated": format_datetime(at)} for n in range(count)]


DATA = conferences(120, 30)
PATH = f"/2010-04-01/Accounts/{ACCOUNT}/Conferences.json"


@pytest.fixture(scope="module", params=["sid", "shuffled"])
def tied(request) -> Iterator[tuple[str, Emulator]]:
    with Emulator(data=DATA, seed=9, until=UNTIL, ties=request.param) as emu:
        yield request.param, emu


def test_ties_are_ordered_by_sid_or_shuffled_and_never_break_paging(tied):
    ties, emu = tied
    with http(emu) as client:
        whole, _ = list_all(client, PATH, {"PageSize": "1000"})
        paged, pages = list_all(client, PATH, {"PageSize": "7"})
        again, _ = list_all(client, PATH, {"PageSize": "1000"})
    assert len(pages) > 10
    sids = [r["sid"] for r in whole]
    assert sids == [r["sid"] for r in paged] == [r["sid"] for r in again]
    assert sorted(sids) == sorted(r["sid"] for r in DATA)
    stamps = [moment(r["date_created"]) for r in whole]
    assert stamps == sorted(stamps, reverse=True)  # newest first, whatever the ties
    tie = sids[:30]
    assert (tie == sorted(tie, reverse=True)) is (ties == "sid")
    assert sids == [r["sid"] for r in emu.table("/Conferences.json")]


def test_an_unknown_tie_order_is_an_error_that_names_the_choices():
    with pytest.raises(ValueError, match="sid, shuffled"):
        Emulator(data=DATA, ties="random")
    done = subprocess.run([sys.executable, "-m", "sqlalchemy_twilio.emulator", "--ties",
                           "random"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "'sid', 'shuffled'" in done.stderr
