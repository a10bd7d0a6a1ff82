"""``twilio://`` URLs → :func:`sqlalchemy_twilio.dbapi.connect` arguments.

Forms::

    twilio://ACCOUNT_SID:AUTH_TOKEN@/
    twilio://API_KEY_SID:API_SECRET@/?account_sid=AC…
    twilio://            (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN or TWILIO_API_KEY and
                          TWILIO_API_SECRET, TWILIO_REGION, TWILIO_EDGE from the environment)

plus the query options in :data:`OPTIONS`. Everything is validated here, through
:class:`~sqlalchemy_twilio.client.ClientConfig`, so a mistake fails at ``connect()`` with an
:class:`~sqlalchemy.exc.ArgumentError` that names the option. No message ever contains the
token or secret: errors name options and rules, and repeat only values that are not secret.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import Any

from pydantic import ValidationError
from sqlalchemy.engine.url import URL
from sqlalchemy.exc import ArgumentError

from ..client import ClientConfig

__all__ = ["connect_args", "OPTIONS", "FORMS"]

#: The valid URL forms, as error messages show them.
FORMS = ("twilio://ACCOUNT_SID:AUTH_TOKEN@/, twilio://API_KEY_SID:API_SECRET@/?account_sid=AC…, "
         "or twilio:// with TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (or TWILIO_API_KEY and "
         "TWILIO_API_SECRET) in the environment")


def _whole_number(text: str) -> int:
    return int(text)


# ClientConfig checks the ranges; the name only says what the option means.
_positive_int = _whole_number

_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})


def _flag(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in _TRUE | _FALSE:
        return lowered in _TRUE
    raise ValueError(text)


_KINDS: dict[Callable[[str], Any], str] = {
    _whole_number: "a whole number",
    float: "a number",
    _flag: "true or false",
}


#: Query options and how each is read from its text (ClientConfig then checks the value).
OPTIONS: dict[str, Callable[[str], Any]] = {
    "account_sid": str,
    "base_url": str,
    "region": str,
    "edge": str,
    "page_size": _whole_number,
    "timeout": float,
    "max_retries": _whole_number,
    "retry_budget": float,
    "cache_ttl": float,
    "prefetch": _flag,
    "scan_concurrency": _positive_int,
    "max_concurrency": _positive_int,
    "max_pages": _positive_int,
    "max_fanout": _positive_int,
    "max_writes": _whole_number,
    "dry_run": _flag,
}


def _options(query: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, raw in query.items():
        if name not in OPTIONS:
            raise ArgumentError(
                f"unknown twilio:// option {name!r}; valid options: {', '.join(OPTIONS)}")
        if not isinstance(raw, str):
            raise ArgumentError(f"twilio:// option {name!r} is given more than once")
        try:
            out[name] = OPTIONS[name](raw)
        except ValueError:
            # No value is repeated: a secret pasted in the wrong place must not be shown.
            kind = _KINDS.get(OPTIONS[name], "valid")
            raise ArgumentError(f"twilio:// option {name!r} must be {kind}") from None
    return out


def _from_environment(options: dict[str, Any], env: Mapping[str, str]) -> None:
    account = options.get("account_sid") or env.get("TWILIO_ACCOUNT_SID")
    if not account:
        raise ArgumentError(f"no Twilio credentials in the URL or the environment; use {FORMS}")
    options["account_sid"] = account
    if env.get("TWILIO_API_KEY") or env.get("TWILIO_API_SECRET"):
        if not (env.get("TWILIO_API_KEY") and env.get("TWILIO_API_SECRET")):
            raise ArgumentError("set both TWILIO_API_KEY and TWILIO_API_SECRET, or neither")
        options["username"] = env["TWILIO_API_KEY"]
        options["password"] = env["TWILIO_API_SECRET"]
    elif env.get("TWILIO_AUTH_TOKEN"):
        options["username"] = account
        options["password"] = env["TWILIO_AUTH_TOKEN"]
    else:
        raise ArgumentError("TWILIO_ACCOUNT_SID is set but neither TWILIO_AUTH_TOKEN nor "
                            "TWILIO_API_KEY and TWILIO_API_SECRET are")
    if "base_url" not in options:
        # An explicit base_url (say, the emulator) wins over a region left in the shell.
        for name in ("region", "edge"):
            value = env.get(f"TWILIO_{name.upper()}")
            if value and name not in options:
                options[name] = value


def _describe(error: ValidationError) -> str:
    # Name the setting and the rule, never the input: it might be a secret.
    problems = []
    for e in error.errors():
        where = ".".join(str(p) for p in e["loc"])
        message = e["msg"].removeprefix("Value error, ")
        problems.append(f"{where}: {message}" if where else message)
    return "; ".join(problems)


def connect_args(url: URL, environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Validated keyword arguments for :func:`sqlalchemy_twilio.dbapi.connect` (the fields of
    :class:`~sqlalchemy_twilio.client.ClientConfig`). ``environ`` defaults to ``os.environ``.
    """
    env = os.environ if environ is None else environ
    if url.host or url.port or url.database:
        raise ArgumentError(
            f"a twilio:// URL has no host, port or database (the API origin is chosen with "
            f"?base_url=, ?region= and ?edge=); use {FORMS}")
    options = _options(url.query)
    username, password = url.username, url.password
    if username:
        if not password:
            # The lone value may well be the token itself: never repeat it.
            raise ArgumentError("the twilio:// URL gives a user name but no auth token or API "
                                f"secret after it (user:secret@); use {FORMS}")
        if username.startswith("AC"):
            given = options.get("account_sid")
            if given and given != username:
                raise ArgumentError("account_sid in the query differs from the account SID "
                                    "in the URL")
            options["account_sid"] = username
        elif "account_sid" not in options:
            what = "an API key (SK…)" if username.startswith("SK") else \
                "a user name that is not an account SID (AC…)"
            raise ArgumentError(f"{what} needs ?account_sid=AC… in the URL; use {FORMS}")
        options["username"] = username
        options["password"] = password
    elif password:
        raise ArgumentError(f"the twilio:// URL gives a secret without an account SID or API "
                            f"key before it; use {FORMS}")
    else:
        _from_environment(options, env)
    try:
        ClientConfig(**options)
    except ValidationError as error:
        raise ArgumentError(f"invalid twilio:// URL: {_describe(error)}") from None
    return options
