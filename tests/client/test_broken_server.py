"""A server that answers badly: pages without their list, paging that loops, error pages that
echo the credentials. The emulator's own handler serves through an httpx transport, and a
``tamper`` function breaks the answers a test picks (invariant 3: never a silently short or
endless answer; invariant 4: no secret in an error)."""

from __future__ import annotations

import base64

import pytest

from sqlalchemy_twilio import dbapi
from tests.conftest import api_requests, connect_through


@pytest.fixture()
def emu(emulator):
    emulator.reset()
    return emulator


def is_list(request) -> bool:
    return request.method == "GET" and request.url.path.endswith("/Conferences.json")


def later_page(request) -> bool:
    return is_list(request) and "PageToken" in request.url.params


def count(emu, tamper, **extra):
    # Pages in order, one after another: what each tampering does to the walk is the point.
    with connect_through(emu, tamper, **{"scan_concurrency": 1, **extra}) as conn:
        return conn.cursor().execute("SELECT COUNT(*) FROM Conferences").fetchone()[0]


def test_the_untampered_transport_counts_every_row(emu):
    assert count(emu, None) == len(emu.records) == 2500
    assert len(api_requests(emu)) == 3


@pytest.mark.parametrize(("page", "says"), [
    ({}, "no 'conferences' list"),
    ({"conferences": None, "next_page_uri": None}, "'conferences' is null, not a list"),
    ({"conferences": {"sid": "CF1"}}, "'conferences' is dict, not a list"),
    ({"conferences": ["CF1"]}, "holds something other than records"),
    ([], "expected a JSON object, got list"),
    ({"message": "oops"}, "no 'conferences' list (its keys: message)"),
])
def test_a_first_page_that_is_not_a_list_page_is_an_error(emu, page, says):
    with pytest.raises(dbapi.OperationalError, match=says.replace("(", r"\(").replace(")", r"\)")):
        count(emu, lambda req, status, body: (200, page) if is_list(req) else None)


def test_a_bad_second_page_is_an_error_not_a_short_count(emu):
    def tamper(request, status, body):
        return (200, {"message": "oops"}) if later_page(request) else None

    with pytest.raises(dbapi.OperationalError, match="not a list page"):
        count(emu, tamper)


@pytest.mark.parametrize(("field", "value"), [
    ("next_page_uri", 17), ("page_size", "big"), ("page", -1), ("page_size", 2)])
def test_paging_fields_must_be_sane(emu, field, value):
    def tamper(request, status, body):
        return (200, {**body, field: value}) if is_list(request) else None

    with pytest.raises(dbapi.OperationalError, match="not a list page"):
        count(emu, tamper)


def test_a_fetch_answered_with_something_other_than_a_record_is_an_error(emu):
    sid = emu.records[0]["sid"]

    def tamper(request, status, body):
        return (200, ["not", "a", "record"]) if request.url.path.endswith(f"{sid}.json") else None

    with connect_through(emu, tamper) as conn, \
            pytest.raises(dbapi.OperationalError, match="not a record"):
        conn.cursor().execute("SELECT * FROM Conferences WHERE Sid = ?", [sid]).fetchall()


def test_a_next_page_uri_that_leads_back_is_an_error(emu):
    second: list[str] = []

    def tamper(request, status, body):
        if not later_page(request):
            second.append(body["next_page_uri"])
            return None
        # The second page names itself as the next one.
        return 200, {**body, "next_page_uri": second[0]}

    with pytest.raises(dbapi.OperationalError, match="leads back to a page already read"):
        count(emu, tamper)
    assert len(api_requests(emu)) == 2


def test_pages_that_repeat_their_records_under_new_uris_are_an_error(emu):
    first: dict[str, object] = {}

    def tamper(request, status, body):
        if not is_list(request):
            return None
        if not first:
            first.update(body)
            return None
        # A new address every time, the same records every time.
        n = int(request.url.params.get("Page", "0")) + 1
        return 200, {**first, "next_page_uri": f"{request.url.path}?Page={n}&PageToken=PT{n}"}

    with pytest.raises(dbapi.OperationalError, match="same records twice"):
        count(emu, tamper)
    assert len(api_requests(emu)) == 2


def test_max_pages_bounds_what_one_statement_reads(emu):
    with pytest.raises(dbapi.OperationalError, match="max_pages"):
        count(emu, None, max_pages=2)
    assert len(api_requests(emu)) == 3
    emu.reset()
    assert count(emu, None, max_pages=3) == 2500


@pytest.mark.parametrize("as_json", [True, False])
def test_an_error_page_echoing_the_credentials_is_redacted(emu, as_json):
    basic = base64.b64encode(f"{emu.account_sid}:{emu.auth_token}".encode()).decode()
    echo = (f"proxy error; request headers: Authorization: Basic {basic}; "
            f"token={emu.auth_token}")

    def tamper(request, status, body):
        if not is_list(request):
            return None
        return (502, {"code": 20500, "message": echo}) if as_json else (502, echo * 20)

    with pytest.raises(dbapi.OperationalError) as caught:
        count(emu, tamper, max_retries=0)
    seen = str(caught.value) + repr(caught.value) + str(caught.value.__cause__)
    assert "proxy error" in seen
    assert emu.auth_token not in seen and basic not in seen and basic[:12] not in seen
