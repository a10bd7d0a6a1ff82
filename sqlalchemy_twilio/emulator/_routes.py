"""The route table: every path the emulator serves (relative to the account, as Twilio's spec
writes it), with the handler of each method it allows."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import unquote

from . import _calls, _conferences, _generic, _messages, _participants, _recordings, _usage
from ._spec import list_resource
from ._store import Store
from ._wire import ApiError, Request, Response

__all__ = ["ROUTES", "Route", "dispatch", "match"]

Handler = Callable[[Store, Request], Response]


@dataclass(frozen=True)
class Route:
    template: str
    methods: Mapping[str, Handler]
    pattern: re.Pattern[str] = field(init=False, compare=False)

    def __post_init__(self) -> None:
        parts = re.split(r"\{(\w+)\}", self.template)
        regex = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>[^/]+)"
                        for i, p in enumerate(parts))
        object.__setattr__(self, "pattern", re.compile(regex))


ROUTES: tuple[Route, ...] = (
    Route(_conferences.LIST, {"GET": _conferences.list_}),
    Route(_conferences.ONE, {"GET": _conferences.fetch, "POST": _conferences.update}),
    Route(_participants.LIST, {"GET": _participants.list_, "POST": _participants.create}),
    Route(_participants.ONE, {"GET": _participants.fetch, "POST": _participants.update,
                              "DELETE": _participants.delete}),
    Route(_recordings.CONFERENCE_LIST, {"GET": _recordings.list_conference}),
    Route(_recordings.CONFERENCE_ONE, {"GET": _recordings.fetch_conference,
                                       "POST": _recordings.update_conference,
                                       "DELETE": _recordings.delete_conference}),
    Route(_recordings.ACCOUNT_LIST, {"GET": _recordings.list_account}),
    Route(_recordings.ACCOUNT_ONE, {"GET": _recordings.fetch_account,
                                    "DELETE": _recordings.delete_account}),
    Route(_recordings.CALL_LIST, {"GET": _recordings.list_call,
                                  "POST": _recordings.create_call}),
    Route(_recordings.CALL_ONE, {"GET": _recordings.fetch_call,
                                 "POST": _recordings.update_call,
                                 "DELETE": _recordings.delete_call}),
    Route(_calls.LIST, {"GET": _calls.list_, "POST": _calls.create}),
    Route(_calls.ONE, {"GET": _calls.fetch, "POST": _calls.update, "DELETE": _calls.delete}),
    Route(_messages.LIST, {"GET": _messages.list_, "POST": _messages.create}),
    Route(_messages.ONE, {"GET": _messages.fetch, "POST": _messages.update,
                          "DELETE": _messages.delete}),
    *(Route(path, {"GET": _usage.lister(path)}) for path in _usage.LISTS),
)


def _from_spec(path: str) -> tuple[Route, ...]:
    resource = list_resource(path)
    listing: dict[str, Handler] = {"GET": _generic.lister(path)}
    if resource.create is not None:
        listing["POST"] = _generic.creator(path)
    routes = [Route(path, listing)]
    if resource.instance is not None:
        one: dict[str, Handler] = {"GET": _generic.fetcher(path)}
        if resource.update is not None:
            one["POST"] = _generic.updater(path)
        if resource.deletable:
            one["DELETE"] = _generic.deleter(path)
        routes.append(Route(resource.instance, one))
    return tuple(routes)


ROUTES += tuple(route for path in (*_generic.LISTS, *_generic.VIEWS)
                for route in _from_spec(path))
# A literal segment is more specific than a parameter: /IncomingPhoneNumbers/Local.json is a
# list, not the number whose SID is "Local".
ROUTES = tuple(sorted(ROUTES, key=lambda r: r.template.count("{")))


def match(relative: str) -> tuple[Route, dict[str, str]] | None:
    """The route serving a path below the account, and its parameters (percent-decoded)."""
    for route in ROUTES:
        found = route.pattern.fullmatch(relative)
        if found:
            return route, {k: unquote(v) for k, v in found.groupdict().items()}
    return None


def dispatch(store: Store, method: str, path: str, relative: str,
             query: dict[str, list[str]], form: dict[str, list[str]]) -> Response:
    found = match(relative)
    if found is None:
        raise ApiError(404, 20404, f"The requested resource {path} was not found")
    route, values = found
    handler = route.methods.get(method)
    if handler is None:
        raise ApiError(405, 20004, "Method not allowed",
                       {"Allow": ", ".join(sorted(route.methods))})
    return handler(store, Request(method, path, values, query, form))
