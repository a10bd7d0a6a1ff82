"""The phone numbers for sale: listed per country (a condition on CountryCode is needed, and
its absence says so), searched with Twilio's own parameters, which travel in the request and
which every row returned carries."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from sqlalchemy_twilio import dbapi
from sqlalchemy_twilio.emulator import Emulator
from tests.conftest import UNTIL, api_requests, settings

LOCAL = "/AvailablePhoneNumbers/{CountryCode}/Local.json"


@pytest.fixture(scope="module")
def shared() -> Iterator[Emulator]:
    with Emulator(conferences=5, calls=5, messages=5, seed=31, until=UNTIL) as emu:
        yield emu


@pytest.fixture()
def emu(shared: Emulator) -> Emulator:
    shared.reset()
    return shared


def cursor(emu: Emulator) -> Any:
    return dbapi.connect(**settings(emu)).cursor()


def numbers(emu: Emulator, country: str) -> list[dict[str, Any]]:
    return [r for r in emu.table(LOCAL) if r["iso_country"] == country]


def test_without_a_country_the_error_says_which_condition_to_add(emu):
    with pytest.raises(dbapi.ProgrammingError, match="WHERE CountryCode = "):
        cursor(emu).execute("SELECT * FROM AvailablePhoneNumberLocal").fetchall()
    assert api_requests(emu) == []


def test_each_country_asked_for_is_one_list(emu):
    rows = cursor(emu).execute(
        "SELECT CountryCode, PhoneNumber FROM AvailablePhoneNumberLocal "
        "WHERE CountryCode IN ('US', 'GB')").fetchall()
    expected = [(c, r["phone_number"]) for c in ("US", "GB") for r in numbers(emu, c)]
    assert sorted(rows) == sorted(expected) and rows
    assert sorted(r["path"].split("/")[-2] for r in api_requests(emu)) == ["GB", "US"]


def test_area_code_travels_in_the_request_and_the_rows_carry_it(emu):
    number = numbers(emu, "US")[0]["phone_number"]
    area = int(number[2:5])
    rows = cursor(emu).execute(
        "SELECT PhoneNumber, AreaCode FROM AvailablePhoneNumberLocal "
        "WHERE CountryCode = 'US' AND AreaCode = ?", [area]).fetchall()
    assert sorted(rows) == sorted((r["phone_number"], area) for r in numbers(emu, "US")
                                  if r["phone_number"].startswith(f"+1{area}"))
    (request,) = api_requests(emu)
    assert request["query"]["AreaCode"] == [str(area)]


def test_a_capability_search_keeps_the_numbers_twilio_says_have_it(emu):
    rows = cursor(emu).execute(
        "SELECT PhoneNumber, Capabilities FROM AvailablePhoneNumberLocal "
        "WHERE CountryCode = 'US' AND SmsEnabled = true").fetchall()
    expected = [r["phone_number"] for r in numbers(emu, "US") if r["capabilities"]["sms"]]
    assert sorted(r[0] for r in rows) == sorted(expected)
    assert all(json.loads(r[1])["sms"] is True for r in rows)
    (request,) = api_requests(emu)
    assert request["query"]["SmsEnabled"] == ["true"]


def test_a_join_with_the_countries_lists_each_country_once(emu):
    countries = emu.table("/AvailablePhoneNumbers.json")
    rows = cursor(emu).execute(
        "SELECT c.CountryCode, COUNT(n.PhoneNumber) FROM AvailablePhoneNumberCountries c "
        "JOIN AvailablePhoneNumberLocal n ON n.CountryCode = c.CountryCode GROUP BY 1"
    ).fetchall()
    expected = {c["country_code"]: len(numbers(emu, c["country_code"])) for c in countries}
    assert dict(rows) == {k: v for k, v in expected.items() if v}
    lists = [r["path"] for r in api_requests(emu) if r["path"].endswith("/Local.json")]
    assert len(lists) == len(set(lists)) == len(countries)
