"""The emulator's accounts: the main account and its subaccounts, each with its own data; who
may see which; the list's filters and paging; suspend, close and create, with Twilio's rules
and answers in the spec's shape; ``--data`` with several accounts."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sqlalchemy_twilio.emulator import Emulator
from tests.conftest import UNTIL

from ._helpers import http, list_all
from .test_spec import answer, body, errors

LIST = "/2010-04-01/Accounts.json"


@pytest.fixture(scope="module")
def shared() -> Iterator[Emulator]:
    with Emulator(conferences=40, calls=200, messages=100, seed=21, until=UNTIL) as emu:
        yield emu


@pytest.fixture()
def aemu(shared: Emulator) -> Emulator:
    shared.reset(data=True)
    return shared


def one(sid: str) -> str:
    return f"/2010-04-01/Accounts/{sid}.json"


def subs(emu: Emulator, status: str | None = None) -> list[str]:
    return [a["sid"] for a in emu.table("/Accounts.json") if a["sid"] != emu.account_sid
            and (status is None or a["status"] == status)]


def test_the_list_has_the_main_account_and_every_subaccount_in_the_spec_s_shape(aemu):
    with http(aemu) as client:
        records, pages = list_all(client, LIST, {"PageSize": 2}, key="accounts")
    assert len(pages) == 3
    assert sorted(r["sid"] for r in records) == sorted([aemu.account_sid, *subs(aemu)])
    assert len(subs(aemu)) == 4
    for page in pages:
        assert errors(answer("/Accounts.json", "get", "200"), page) == []
    assert {r["owner_account_sid"] for r in records} == {aemu.account_sid}
    assert {r["status"] for r in records} == {"active", "suspended", "closed"}
    # Every answer carries the account's token, as Twilio's do; a table copy does not.
    assert all(r["auth_token"] == aemu.app.token(r["sid"]) for r in records)
    assert all("auth_token" not in r for r in aemu.table("/Accounts.json"))


@pytest.mark.parametrize(("param", "field"), [("Status", "status"),
                                              ("FriendlyName", "friendly_name")])
def test_filters_are_exact(aemu, param, field):
    value = aemu.table("/Accounts.json")[1][field]
    with http(aemu) as client:
        records, _ = list_all(client, LIST, {param: value}, key="accounts")
    assert sorted(r["sid"] for r in records) == sorted(
        a["sid"] for a in aemu.table("/Accounts.json") if a[field] == value)
    assert records


def test_an_unknown_status_is_a_400(aemu):
    with http(aemu) as client:
        response = client.get(LIST, params={"Status": "gone"})
    assert response.status_code == 400


def test_each_subaccount_has_data_of_its_own(aemu):
    for sid in subs(aemu):
        calls = aemu.table("/Calls.json", sid)
        assert calls and {c["account_sid"] for c in calls} == {sid}
        assert all(c["uri"].startswith(f"/2010-04-01/Accounts/{sid}/") for c in calls)
        with http(aemu) as client:
            listed, _ = list_all(client, f"/2010-04-01/Accounts/{sid}/Calls.json",
                                 {"PageSize": 1000}, key="calls")
        assert [c["sid"] for c in listed] == [c["sid"] for c in calls]
    main = {c["sid"] for c in aemu.table("/Calls.json")}
    assert not main & {c["sid"] for s in subs(aemu) for c in aemu.table("/Calls.json", s)}


def test_a_subaccount_s_own_credentials_reach_that_subaccount_alone(aemu):
    sub = subs(aemu)[0]
    with http(aemu, sub, aemu.app.token(sub)) as client:
        records, _ = list_all(client, LIST, key="accounts")
        assert [r["sid"] for r in records] == [sub]
        assert client.get(f"/2010-04-01/Accounts/{sub}/Calls.json").status_code == 200
        assert client.get(one(aemu.account_sid)).status_code == 404
        assert client.get(f"/2010-04-01/Accounts/{aemu.account_sid}/Calls.json"
                          ).status_code == 404
        assert client.post(LIST, data={"FriendlyName": "x"}).status_code == 403
    with http(aemu, sub, aemu.auth_token) as client:
        assert client.get(one(sub)).status_code == 401


def test_an_account_the_credentials_do_not_own_is_a_404(aemu):
    stranger = "AC" + "7" * 32
    with http(aemu) as client:
        assert client.get(one(stranger)).status_code == 404
        assert client.get(f"/2010-04-01/Accounts/{stranger}/Calls.json").status_code == 404


def test_fetch_and_update_conform_and_a_closed_subaccount_stays_closed(aemu):
    active, closed = subs(aemu, "active")[0], subs(aemu, "closed")[0]
    with http(aemu) as client:
        fetched = client.get(one(active)).json()
        assert errors(answer("/Accounts/{Sid}.json", "get", "200"), fetched) == []
        form = {"Status": "suspended", "FriendlyName": "Paused client"}
        assert errors(body("/Accounts/{Sid}.json"), form) == []
        updated = client.post(one(active), data=form)
        assert updated.status_code == 200
        assert errors(answer("/Accounts/{Sid}.json", "post", "200"), updated.json()) == []
        assert (updated.json()["status"], updated.json()["friendly_name"]) == (
            "suspended", "Paused client")
        refused = client.post(one(closed), data={"Status": "active"})
        assert (refused.status_code, refused.json()["code"]) == (400, 21479)
        assert client.post(one(active), data={"Status": "gone"}).status_code == 400
        assert client.post(one(active), data={"AuthToken": "x"}).status_code == 400
    assert next(a for a in aemu.table("/Accounts.json") if a["sid"] == closed)[
        "status"] == "closed"


def test_create_makes_an_empty_active_subaccount(aemu):
    with http(aemu) as client:
        response = client.post(LIST, data={})
        assert response.status_code == 201
        created = response.json()
        assert errors(answer("/Accounts.json", "post", "201"), created) == []
        assert created["friendly_name"].startswith("SubAccount Created at ")
        assert (created["status"], created["owner_account_sid"]) == ("active",
                                                                     aemu.account_sid)
        calls = client.get(f"/2010-04-01/Accounts/{created['sid']}/Calls.json").json()
        assert calls["calls"] == []
        named = client.post(LIST, data={"FriendlyName": "Dune Bakery"}).json()
    assert named["friendly_name"] == "Dune Bakery"
    assert {created["sid"], named["sid"]} <= {a["sid"] for a in aemu.table("/Accounts.json")}
    with http(aemu, created["sid"], created["auth_token"]) as client:
        assert client.get(one(created["sid"])).status_code == 200


MAIN, SUB = "AC" + "1" * 32, "AC" + "2" * 32


def queue(sid: str, account: str) -> dict[str, str]:
    return {"sid": sid, "account_sid": account, "friendly_name": sid[-4:],
            "date_created": "Mon, 01 Jun 2026 10:00:00 +0000"}


def test_data_with_accounts_gives_each_its_records():
    data = {"/Accounts.json": [{"sid": MAIN, "owner_account_sid": MAIN},
                               {"sid": SUB, "friendly_name": "Client", "status": "suspended"}],
            "/Queues.json": [queue("QU" + "a" * 32, MAIN), queue("QU" + "b" * 32, SUB)]}
    with Emulator(data=data) as emu:
        assert emu.account_sid == MAIN
        assert [q["sid"] for q in emu.table("/Queues.json")] == ["QU" + "a" * 32]
        assert [q["sid"] for q in emu.table("/Queues.json", SUB)] == ["QU" + "b" * 32]
        (sub,) = [a for a in emu.table("/Accounts.json") if a["sid"] == SUB]
        assert (sub["friendly_name"], sub["status"], sub["owner_account_sid"]) == (
            "Client", "suspended", MAIN)


@pytest.mark.parametrize(("accounts", "records", "message"), [
    ([{"sid": MAIN, "owner_account_sid": MAIN}, {"sid": SUB, "owner_account_sid": SUB}], [],
     "at most one account"),
    ([{"sid": MAIN}, {"sid": SUB, "owner_account_sid": "AC" + "3" * 32}], [],
     "which is not the main account"),
    ([], [], "at least the main account"),
    ([{"sid": MAIN}], [queue("QU" + "b" * 32, SUB)], "not an account in /Accounts.json"),
    ([{"sid": MAIN}, {"sid": SUB, "status": "gone"}], [], "has status 'gone'"),
    ([{"sid": "ACnope"}], [], "AC followed by 32 hex digits"),
])
def test_data_with_accounts_says_what_to_change(accounts, records, message):
    with pytest.raises(ValueError, match=message):
        Emulator(data={"/Accounts.json": accounts, "/Queues.json": records})
