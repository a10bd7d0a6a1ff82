"""``/Usage/Records.json`` and its period lists (``Daily``, ``Monthly``, ``Yearly``,
``AllTime``, ``Today``, ``Yesterday``, ``ThisMonth``, ``LastMonth``).

Usage records are derived from the calls, messages and recordings the emulator holds now (a
write changes them), per UTC day:

=============== ======================================== ========== ==========================
category        what counts                              count      usage
=============== ======================================== ========== ==========================
calls           calls, by the day of ``start_time``      calls      minutes (each rounded up)
calls-inbound   … whose direction is inbound             calls      minutes
calls-outbound  … any other direction                    calls      minutes
sms             messages without media, by the day of    messages   segments
                ``date_sent`` (unsent ones do not count)
sms-inbound,    … inbound / any other direction          messages   segments
sms-outbound
mms, mms-…      the same for messages with media         messages   segments
recordings      recordings (not deleted), by the day of  recordings minutes (each rounded up)
                ``date_created``
totalprice      the price of calls, sms, mms and         usd        usd (count, usage and
                recordings together                                 price are all the total)
=============== ======================================== ========== ==========================

``price`` is what Twilio bills, so positive: the sum of the (negative) ``price`` of the
records counted, negated; null prices count as zero. Categories nest (``calls`` is
``calls-inbound`` plus ``calls-outbound``; ``totalprice`` the sum of the top-level ones), so
summing over every category counts usage twice, as it does on Twilio. Every category has a
record for every period, zero when nothing happened. ``count``, ``usage`` and ``price`` are
strings of numbers, as Twilio sends them.

Dates (``StartDate``/``EndDate`` as ``YYYY-MM-DD`` or ``-30days``/``+30days`` from today, UTC):
``StartDate`` keeps usage "on or after" it and ``EndDate`` "on or before" it, so a record
covers exactly the days of its period inside ``[StartDate, EndDate]`` (a month cut by
``StartDate`` starts there). With no dates a list covers all time: from the first day with
usage to today. ``Records.json`` and ``AllTime`` have one record per category over that range;
``Daily``, ``Monthly`` and ``Yearly`` one per day, calendar month and calendar year (the
current one ending today); ``Today``, ``Yesterday``, ``ThisMonth`` (the first of the month to
today) and ``LastMonth`` one per category for their fixed period, cut by the dates if given.
``IncludeSubaccounts`` is checked and changes nothing (the emulator's account has none).

Order: newest first by ``start_date``, then ``category`` descending. Usage records given as
data are served as given: each list path its own records, a record kept when its whole
period lies inside ``[StartDate, EndDate]``.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from ._paging import Position, list_answer
from ._params import Bool, Day, read_query
from ._store import Store
from ._wire import Request, Response, json_response

__all__ = ["CATEGORIES", "LISTS", "export", "lister"]

LISTS = ("/Usage/Records.json", "/Usage/Records/Daily.json", "/Usage/Records/Monthly.json",
         "/Usage/Records/Yearly.json", "/Usage/Records/AllTime.json",
         "/Usage/Records/Today.json", "/Usage/Records/Yesterday.json",
         "/Usage/Records/ThisMonth.json", "/Usage/Records/LastMonth.json")
# category → (description, count_unit, usage_unit)
CATEGORIES: dict[str, tuple[str, str, str]] = {
    "calls": ("Voice Minutes", "calls", "minutes"),
    "calls-inbound": ("Inbound Voice Minutes", "calls", "minutes"),
    "calls-outbound": ("Outbound Voice Minutes", "calls", "minutes"),
    "sms": ("SMS Messages", "messages", "segments"),
    "sms-inbound": ("Inbound SMS Messages", "messages", "segments"),
    "sms-outbound": ("Outbound SMS Messages", "messages", "segments"),
    "mms": ("MMS Messages", "messages", "segments"),
    "mms-inbound": ("Inbound MMS Messages", "messages", "segments"),
    "mms-outbound": ("Outbound MMS Messages", "messages", "segments"),
    "recordings": ("Voice Recordings", "recordings", "minutes"),
    "totalprice": ("Total Price", "usd", "usd"),
}
_ORDER = sorted(CATEGORIES, reverse=True)
_FILTERS = ("Category", "StartDate", "EndDate", "IncludeSubaccounts")
_SUBRESOURCES = {"all_time": "AllTime", "today": "Today", "yesterday": "Yesterday",
                 "this_month": "ThisMonth", "last_month": "LastMonth", "daily": "Daily",
                 "monthly": "Monthly", "yearly": "Yearly"}
_CENT = Decimal("0.00001")
_RELATIVE = re.compile(r"([+-])(\d{1,5})days")

Totals = dict[str, list[Any]]  # category → [count, usage, price]


def _day(stamp: float) -> _dt.date:
    return _dt.datetime.fromtimestamp(stamp, _dt.timezone.utc).date()


def _price(text: Any) -> Decimal:
    try:
        return -Decimal(str(text)) if text not in (None, "") else Decimal(0)
    except ArithmeticError:
        return Decimal(0)


def _int(text: Any) -> int:
    try:
        return int(text)
    except (TypeError, ValueError):
        return 0


def _minutes(duration: Any) -> int:
    return math.ceil(_int(duration) / 60)


def daily(store: Store) -> tuple[dict[_dt.date, Totals], str]:
    """Usage per UTC day and category, derived from the store as it is now (cached until a
    write), and the ``as_of`` time it was derived at."""
    cached = store.derived.get("usage")
    if cached and cached[0] == store.version:
        return cached[1]  # type: ignore[no-any-return]
    days: dict[_dt.date, Totals] = {}

    def add(day: _dt.date, names: tuple[str, ...], usage: int, price: Decimal) -> None:
        totals = days.setdefault(day, {})
        for name in names:
            row = totals.setdefault(name, [0, 0, Decimal(0)])
            row[0] += 1
            row[1] += usage
            row[2] += price

    calls = store.calls
    for sid, call in calls.rows.items():
        stamp = calls.stamp("start_time", sid)
        if stamp is not None:
            side = "calls-inbound" if call.get("direction") == "inbound" else "calls-outbound"
            add(_day(stamp), ("calls", side), _minutes(call.get("duration")),
                _price(call.get("price")))
    messages = store.messages
    for sid, message in messages.rows.items():
        stamp = messages.stamp("date_sent", sid)
        if stamp is not None:
            kind = "mms" if _int(message.get("num_media")) > 0 else "sms"
            side = "inbound" if message.get("direction") == "inbound" else "outbound"
            add(_day(stamp), (kind, f"{kind}-{side}"), _int(message.get("num_segments")),
                _price(message.get("price")))
    recordings = store.recordings
    for sid, recording in recordings.rows.items():
        stamp = recordings.stamp("date_created", sid)
        if stamp is not None and sid not in store.deleted:
            add(_day(stamp), ("recordings",), _minutes(recording.get("duration")),
                _price(recording.get("price")))
    for totals in days.values():
        price = sum((totals[c][2] for c in ("calls", "sms", "mms", "recordings")
                     if c in totals), Decimal(0))
        totals["totalprice"] = [price, price, price]
    as_of = _dt.datetime.fromtimestamp(store.now(), _dt.timezone.utc).isoformat()
    store.derived["usage"] = (store.version, (days, as_of))
    return days, as_of


def _date(name: str, text: str | None, today: _dt.date) -> _dt.date | None:
    if text is None:
        return None
    relative = _RELATIVE.fullmatch(text)
    if relative:
        days = int(relative.group(2)) * (1 if relative.group(1) == "+" else -1)
        return today + _dt.timedelta(days=days)
    return Day().parse(name, text)  # type: ignore[no-any-return]


def _month_start(day: _dt.date) -> _dt.date:
    return day.replace(day=1)


def _periods(kind: str, low: _dt.date | None, high: _dt.date | None, first: _dt.date,
             today: _dt.date) -> Iterator[tuple[_dt.date, _dt.date]]:
    """The periods of a list, newest first, cut to ``[low, high]``."""
    if kind in ("Today", "Yesterday", "ThisMonth", "LastMonth"):
        this_month = _month_start(today)
        last_month = _month_start(this_month - _dt.timedelta(days=1))
        start, end = {"Today": (today, today),
                      "Yesterday": (today - _dt.timedelta(days=1),) * 2,
                      "ThisMonth": (this_month, today),
                      "LastMonth": (last_month, this_month - _dt.timedelta(days=1))}[kind]
        start, end = max(start, low or start), min(end, high or end)
        if start <= end:
            yield start, end
        return
    start = max(low or first, first)
    end = min(high or today, today)
    if start > end:
        return
    if kind in ("Records", "AllTime"):
        yield start, end
        return
    cursor = end
    while cursor >= start:
        if kind == "Daily":
            begin = cursor
        elif kind == "Monthly":
            begin = _month_start(cursor)
        else:
            begin = cursor.replace(month=1, day=1)
        yield max(begin, start), cursor
        cursor = begin - _dt.timedelta(days=1)


def _text(value: Any) -> str:
    if isinstance(value, Decimal):
        return format(value.quantize(_CENT), "f")
    return str(value)


def _record(store: Store, category: str, start: _dt.date, end: _dt.date,
            days: dict[_dt.date, Totals], as_of: str, path: str) -> dict[str, Any]:
    count: Any = 0
    usage: Any = 0
    price = Decimal(0)
    if category == "totalprice":
        count = usage = Decimal(0)
    day = start
    while day <= end:
        row = days.get(day, {}).get(category)
        if row:
            count += row[0]
            usage += row[1]
            price += row[2]
        day += _dt.timedelta(days=1)
    description, count_unit, usage_unit = CATEGORIES[category]
    base = f"{store.base}/Usage/Records"
    query = urlencode([("Category", category), ("StartDate", start.isoformat()),
                       ("EndDate", end.isoformat())])
    return {
        "account_sid": store.account_sid, "api_version": "2010-04-01", "as_of": as_of,
        "category": category, "count": _text(count), "count_unit": count_unit,
        "description": description, "end_date": end.isoformat(), "price": _text(price),
        "price_unit": "usd", "start_date": start.isoformat(),
        "subresource_uris": {k: f"{base}/{v}.json?Category={category}"
                             for k, v in _SUBRESOURCES.items()},
        "uri": f"{store.base}{path}?{query}", "usage": _text(usage), "usage_unit": usage_unit,
    }


def _kind(path: str) -> str:
    return path.rsplit("/", 1)[1].removesuffix(".json")


def _given_rows(store: Store, path: str, category: str | None, low: _dt.date | None,
                high: _dt.date | None) -> list[tuple[Position, dict[str, Any]]]:
    rows = []
    for record in (store.usage_given or {}).get(path, []):
        if category is not None and record.get("category") != category:
            continue
        if low is not None and str(record.get("start_date")) < low.isoformat():
            continue
        if high is not None and str(record.get("end_date")) > high.isoformat():
            continue
        rows.append(((str(record["start_date"]), str(record["category"])), record))
    rows.sort(key=lambda r: r[0], reverse=True)
    return rows


def rows(store: Store, path: str, query: dict[str, list[str]]
         ) -> Callable[[Position | None], Iterator[tuple[Position, dict[str, Any]]]]:
    """The records a usage list serves for ``query``, newest first after a position."""
    now = store.now()
    today = _day(now)
    category = query.get("Category", [None])[-1]
    known = set(CATEGORIES)
    if store.usage_given is not None:
        known |= {str(r.get("category")) for rs in store.usage_given.values() for r in rs}
    if category is not None and category not in known:
        # A category this account has no usage in: Twilio's filters answer with nothing.
        return lambda before: iter(())
    low = _date("StartDate", query.get("StartDate", [None])[-1], today)
    high = _date("EndDate", query.get("EndDate", [None])[-1], today)
    read_query(query, "IncludeSubaccounts", Bool())

    if store.usage_given is not None:
        given = _given_rows(store, path, category, low, high)
        return lambda before: iter([r for r in given if before is None or r[0] < before])

    days, as_of = daily(store)
    first = min(days, default=today)
    categories = [category] if category else _ORDER
    kind = _kind(path)

    def walk(before: Position | None) -> Iterator[tuple[Position, dict[str, Any]]]:
        for start, end in _periods(kind, low, high, first, today):
            if before is not None and start.isoformat() > before[0]:
                continue
            for name in categories:
                position = (start.isoformat(), name)
                if before is not None and position >= before:
                    continue
                yield position, _record(store, name, start, end, days, as_of, path)
    return walk


def lister(path: str) -> Callable[[Store, Request], Response]:
    def list_(store: Store, request: Request) -> Response:
        return json_response(200, list_answer(request.path, "usage_records", request.query,
                                              rows(store, path, request.query), _FILTERS,
                                              shape=(str, str)))
    list_.__name__ = f"list_{_kind(path).lower()}"
    return list_


def export(store: Store, path: str) -> list[dict[str, Any]]:
    return [r for _, r in rows(store, path, {})(None)]

