"""``twilio://`` URLs → DB-API connect arguments.

Forms::

    twilio://ACCOUNT_SID:AUTH_TOKEN@/
    twilio://API_KEY_SID:API_SECRET@/?account_sid=AC…
    twilio://            (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN or TWILIO_API_KEY and
                          TWILIO_API_SECRET, TWILIO_REGION, TWILIO_EDGE from the environment)
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import Any

from pydantic import ValidationError
from sqlalchemy.engine.url import URL
from sqlalchemy.exc import ArgumentError

from ..client import ClientConfig

__all__ = ["connect_args", "OPTIONS"]

_FORMS = ("twilio://ACCOUNT_SID:AUTH_TOKEN@/, "
          "twilio://API_KEY_SID:API_SECRET@/?account_sid=AC…, or twilio:// with TWILIO_* "
          "environment variables")


def _positive_int(text: str) -> int:
    return int(text)


#: Query options and how each is read.
OPTIONS: dict[str, Callable[[str], Any]] = {
    "account_sid": str,
    "base_url": str,
    "region": str,
    "edge": str,
    "page_size": _positive_int,
    "timeout": float,
    "max_retries": _positive_int,
    "retry_budget": float,
    "cache_ttl": float,
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
            kind = "a whole number" if OPTIONS[name] is _positive_int else "a number"
            raise ArgumentError(f"twilio:// option {name!r} must be {kind}, not {raw!r}"
                                ) from None
    return out


def connect_args(url: URL, environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Validated settings for :func:`sqlalchemy_twilio.dbapi.connect`."""
    env = os.environ if environ is None else environ
    if url.host or url.port or url.database:
        raise ArgumentError(f"a twilio:// URL has no host, port or database; use {_FORMS}")
    options = _options(url.query)
    username, password = url.username, url.password
    if username:
        if not password:
            raise ArgumentError(f"the twilio:// URL gives {username!r} without its token or "
                                f"secret; use {_FORMS}")
        if username.startswith("AC"):
            given = options.get("account_sid")
            if given and given != username:
                raise ArgumentError("account_sid in the query differs from the account SID "
                                    "in the URL")
            options["account_sid"] = username
        elif "account_sid" not in options:
            raise ArgumentError(f"an API key ({username[:2]}…) needs ?account_sid=AC… in the "
                                "URL")
        options["username"] = username
        options["password"] = password
    else:
        account = options.get("account_sid") or env.get("TWILIO_ACCOUNT_SID")
        if not account:
            raise ArgumentError(f"no Twilio credentials: use {_FORMS}")
        options["account_sid"] = account
        if env.get("TWILIO_API_KEY") and env.get("TWILIO_API_SECRET"):
            options["username"] = env["TWILIO_API_KEY"]
            options["password"] = env["TWILIO_API_SECRET"]
        elif env.get("TWILIO_AUTH_TOKEN"):
            options["username"] = account
            options["password"] = env["TWILIO_AUTH_TOKEN"]
        else:
            raise ArgumentError("TWILIO_ACCOUNT_SID is set but neither TWILIO_AUTH_TOKEN nor "
                                "TWILIO_API_KEY and TWILIO_API_SECRET are")
        if "base_url" not in options:
            for name in ("region", "edge"):
                value = env.get(f"TWILIO_{name.upper()}")
                if value and name not in options:
                    options[name] = value
    try:
        ClientConfig(**options)
    except ValidationError as exc:
        # Name the option and the rule, never the value: it might be a secret.
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'URL'} {e['msg'].lower()}"
            for e in exc.errors())
        raise ArgumentError(f"invalid twilio:// URL: {problems}") from None
    return options
