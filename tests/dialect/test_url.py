"""twilio:// URLs: every form, every option, and errors that name what to fix."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from sqlalchemy_twilio.client import ClientConfig
from sqlalchemy_twilio.dialect.url import OPTIONS, connect_args

AC = "AC" + "a" * 32
SK = "SK" + "b" * 32
TOKEN = "s3cret-token-value"


def test_account_sid_and_token():
    args = connect_args(make_url(f"twilio://{AC}:{TOKEN}@/"), {})
    assert args == {"account_sid": AC, "username": AC, "password": TOKEN}


def test_api_key_needs_account_sid():
    args = connect_args(make_url(f"twilio://{SK}:{TOKEN}@/?account_sid={AC}"), {})
    assert args["username"] == SK and args["account_sid"] == AC
    with pytest.raises(ArgumentError, match="account_sid"):
        connect_args(make_url(f"twilio://{SK}:{TOKEN}@/"), {})


def test_bare_url_reads_the_environment():
    env = {"TWILIO_ACCOUNT_SID": AC, "TWILIO_AUTH_TOKEN": TOKEN, "TWILIO_REGION": "ie1",
           "TWILIO_EDGE": "dublin"}
    args = connect_args(make_url("twilio://"), env)
    assert args == {"account_sid": AC, "username": AC, "password": TOKEN, "region": "ie1",
                    "edge": "dublin"}
    env = {"TWILIO_ACCOUNT_SID": AC, "TWILIO_API_KEY": SK, "TWILIO_API_SECRET": TOKEN}
    assert connect_args(make_url("twilio://"), env)["username"] == SK


def test_bare_url_without_credentials_says_how_to_give_them():
    with pytest.raises(ArgumentError, match="TWILIO_"):
        connect_args(make_url("twilio://"), {})


def test_options_are_converted():
    url = make_url(f"twilio://{AC}:{TOKEN}@/?base_url=http%3A%2F%2F127.0.0.1%3A9&page_size=50"
                   "&timeout=2.5&max_retries=0&cache_ttl=30")
    args = connect_args(url, {})
    assert args["base_url"] == "http://127.0.0.1:9"
    assert (args["page_size"], args["timeout"], args["max_retries"], args["cache_ttl"]) == (
        50, 2.5, 0, 30.0)


@pytest.mark.parametrize(("query", "named"), [
    ("pagesize=5", "pagesize"),
    ("page_size=abc", "page_size"),
    ("page_size=5000", "page_size"),
    ("timeout=-1", "timeout"),
    ("region=EU%20West", "region"),
    ("base_url=ftp%3A%2F%2Fx", "base_url"),
])
def test_bad_options_name_the_option_and_never_the_token(query, named):
    with pytest.raises(ArgumentError) as info:
        connect_args(make_url(f"twilio://{AC}:{TOKEN}@/?{query}"), {})
    assert named in str(info.value)
    assert TOKEN not in str(info.value)


def test_host_and_database_are_refused():
    with pytest.raises(ArgumentError, match="no host"):
        connect_args(make_url(f"twilio://{AC}:{TOKEN}@api.twilio.com/"), {})
    with pytest.raises(ArgumentError, match="no host"):
        connect_args(make_url(f"twilio://{AC}:{TOKEN}@/db"), {})


def test_bad_account_sid_never_echoes_the_token():
    with pytest.raises(ArgumentError) as info:
        connect_args(make_url(f"twilio://{SK}:{TOKEN}@/?account_sid=ACnope"), {})
    assert "account_sid" in str(info.value) and TOKEN not in str(info.value)


def test_unknown_option_lists_the_valid_ones():
    with pytest.raises(ArgumentError) as info:
        connect_args(make_url(f"twilio://{AC}:{TOKEN}@/?pagesize=5"), {})
    message = str(info.value)
    assert "'pagesize'" in message
    assert all(name in message for name in OPTIONS)


def test_options_cover_every_client_setting():
    # A setting added to ClientConfig must be reachable from the URL (credentials aside).
    assert set(OPTIONS) == set(ClientConfig.model_fields) - {"username", "password"}


def test_every_option_is_accepted():
    query = ("base_url=http%3A%2F%2F127.0.0.1%3A9&page_size=1000&timeout=1&max_retries=20"
             "&retry_budget=0&cache_ttl=0&prefetch=true&scan_concurrency=1&max_concurrency=16")
    args = connect_args(make_url(f"twilio://{AC}:{TOKEN}@/?{query}"), {})
    assert args["prefetch"] is True and args["scan_concurrency"] == 1
    assert args["retry_budget"] == 0.0
    assert connect_args(make_url(f"twilio://{AC}:{TOKEN}@/?prefetch=off"), {})["prefetch"] is False
    with pytest.raises(ArgumentError, match="'prefetch' must be true or false"):
        connect_args(make_url(f"twilio://{AC}:{TOKEN}@/?prefetch=maybe"), {})


def test_region_and_edge_from_the_url():
    args = connect_args(make_url(f"twilio://{AC}:{TOKEN}@/?region=ie1&edge=dublin"), {})
    assert (args["region"], args["edge"]) == ("ie1", "dublin")
    with pytest.raises(ArgumentError, match="base_url or region"):
        connect_args(make_url(f"twilio://{AC}:{TOKEN}@/?region=ie1&base_url=http%3A%2F%2Fx"),
                     {})


def test_an_explicit_base_url_wins_over_the_environment_region():
    env = {"TWILIO_ACCOUNT_SID": AC, "TWILIO_AUTH_TOKEN": TOKEN, "TWILIO_REGION": "ie1"}
    args = connect_args(make_url("twilio://?base_url=http%3A%2F%2F127.0.0.1%3A9"), env)
    assert "region" not in args and args["base_url"] == "http://127.0.0.1:9"


def test_environment_api_key_must_come_with_its_secret():
    env = {"TWILIO_ACCOUNT_SID": AC, "TWILIO_API_KEY": SK}
    with pytest.raises(ArgumentError, match="TWILIO_API_SECRET"):
        connect_args(make_url("twilio://"), env)
    env = {"TWILIO_ACCOUNT_SID": AC}
    with pytest.raises(ArgumentError, match="TWILIO_AUTH_TOKEN"):
        connect_args(make_url("twilio://"), env)


def test_the_environment_is_read_by_default(monkeypatch):
    for name in ("TWILIO_API_KEY", "TWILIO_API_SECRET", "TWILIO_REGION", "TWILIO_EDGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TWILIO_ACCOUNT_SID", AC)
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", TOKEN)
    assert connect_args(make_url("twilio://"))["password"] == TOKEN


@pytest.mark.parametrize("url", [
    f"twilio://{AC}@/",
    f"twilio://:{TOKEN}@/",
    f"twilio://{AC}:{TOKEN}@/?account_sid=AC{'b' * 32}",
    f"twilio://{AC}:{TOKEN}@/?page_size=5&page_size=6",
    f"twilio://{AC}:{TOKEN}@host:5000/",
])
def test_malformed_urls_never_echo_the_token(url):
    with pytest.raises(ArgumentError) as info:
        connect_args(make_url(url), {})
    assert TOKEN not in str(info.value)


def test_errors_surface_from_create_engine_without_the_token():
    from sqlalchemy import create_engine

    with pytest.raises(ArgumentError) as info:
        create_engine(f"twilio://{AC}:{TOKEN}@/?page_size=0")
    assert "page_size" in str(info.value) and TOKEN not in str(info.value)
    with pytest.raises(ArgumentError, match="no host, port or database"):
        create_engine(f"twilio://{AC}:{TOKEN}@api.twilio.com/")


@pytest.mark.parametrize("url", [
    "twilio://tok3nSecretValue@/",
    "twilio://tok3nSecretValue:@/",
    "twilio://:tok3nSecretValue@/",
    "twilio://tok3nSecretValue:other@/",
    f"twilio://{AC}:{TOKEN}@/?page_size=tok3nSecretValue",
    f"twilio://{AC}:{TOKEN}@/?prefetch=tok3nSecretValue",
    f"twilio://{AC}:{TOKEN}@/?account_sid=tok3nSecretValue",
    "twilio://tok3nSecretValue@host/",
])
def test_no_url_part_that_may_be_a_secret_is_repeated(url):
    with pytest.raises(ArgumentError) as caught:
        connect_args(make_url(url), {})
    message = str(caught.value)
    assert "tok3n" not in message and "SecretValue" not in message and TOKEN not in message
    assert "twilio://" in message or "option" in message or "account_sid" in message
