"""``/Conferences.json`` and ``/Conferences/{Sid}.json``.

List filters ``FriendlyName``, ``Status``, ``DateCreated`` and ``DateUpdated`` (with their
``<``/``>`` forms, read strictly); newest first by ``date_created`` then ``sid``. The one write
is ``Status=completed``, which ends a live conference (its participants leave, its running
recordings complete) with ``reason_conference_ended`` = ``conference-ended-via-api``.
"""

from __future__ import annotations

from typing import Any

from ._lifecycle import end_conference
from ._paging import all_of, date_window, list_answer, narrowing, text_filters, within
from ._params import OneOf, last, read_query
from ._store import Store
from ._wire import ApiError, Request, Response, json_response

__all__ = ["LIST", "ONE", "STATUSES", "fetch", "list_", "update"]

LIST = "/Conferences.json"
ONE = "/Conferences/{Sid}.json"
STATUSES = ("init", "in-progress", "completed")
_FILTERS = ("FriendlyName", "Status", "DateCreated", "DateCreated<", "DateCreated>",
            "DateUpdated", "DateUpdated<", "DateUpdated>")


def list_(store: Store, request: Request) -> Response:
    query = request.query
    read_query(query, "Status", OneOf(STATUSES))
    table = store.conferences
    created = date_window(query, "DateCreated")
    keep = all_of([
        *text_filters(query, {"FriendlyName": "friendly_name", "Status": "status"}),
        *within(table.stamp, "date_created", created),
        *within(table.stamp, "date_updated", date_window(query, "DateUpdated"))])
    hint = narrowing("date_created", created)
    return json_response(200, list_answer(
        request.path, "conferences", query,
        lambda before: table.scan(before, keep, dict, hint), _FILTERS))


def get(store: Store, request: Request) -> dict[str, Any]:
    return store.conferences.require(request.values["Sid"], request.path)


def fetch(store: Store, request: Request) -> Response:
    return json_response(200, get(store, request))


def update(store: Store, request: Request) -> Response:
    status = last(request.form).get("Status")
    if status is not None and status != "completed":
        raise ApiError(400, 20001, f"Invalid Status: {status!r}; a conference can only "
                       "be set to 'completed'")
    record = get(store, request)
    if status == "completed" and record.get("status") != "completed":
        end_conference(store, record["sid"], "conference-ended-via-api", None)
    return json_response(200, record)
