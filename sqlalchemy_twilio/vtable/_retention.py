"""A list request's date range against the window Twilio keeps a table's records for."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from ..resources import Resource, Retention
from ._plan import ListRequest

__all__ = ["before_window", "clamped"]


def _param(resource: Resource, rule: Retention) -> str:
    return next(p.param for p in resource.pushdowns if p.column == rule.column)


def _day(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def before_window(req: ListRequest, resource: Resource, today: dt.date | None) -> bool:
    """Whether the request's range ends before the default window, so no row can match."""
    rule = resource.retention
    if rule is None or today is None:
        return False
    earliest = today - dt.timedelta(days=rule.days)
    param = _param(resource, rule)
    return any(name in (param, param + "<") and (day := _day(value)) is not None
               and day < earliest for name, value in req.params)


def clamped(req: ListRequest, resource: Resource, today: dt.date | None) -> ListRequest | None:
    """The request with its range's start moved up to the default window's first day, or
    None where it starts inside the window already."""
    rule = resource.retention
    if rule is None or today is None:
        return None
    earliest = today - dt.timedelta(days=rule.days)
    lower = _param(resource, rule) + ">"
    params = tuple((name, earliest.isoformat() if name == lower and (day := _day(value))
                    is not None and day < earliest else value) for name, value in req.params)
    return replace(req, params=params) if params != req.params else None
