"""From SQLite's constraints to Twilio requests.

Two steps, because SQLite plans before it knows bound values: :func:`choose_terms` runs in
``BestIndexObject`` and decides which constraints travel to the table (and at what cost);
:func:`build_requests` runs in ``Filter`` with the actual values and produces the requests.
Neither decides SQL semantics: every pushed filter returns a superset of the matching rows and
SQLite re-checks each constraint (``omit`` is never set).
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from ..resources import PushdownKind, Resource
from ._dates import DayWindow

__all__ = ["Term", "Offer", "IndexPlan", "ListRequest", "RequestPlan", "choose_terms",
           "build_requests", "describe_plan", "describe_update", "MAX_STREAMS"]

#: Most request streams one ``Filter`` may open for ``IN`` lists; beyond it the largest lists
#: are left to SQLite, which keeps a cross product of IN lists from flooding the API.
MAX_STREAMS = 32
#: The longest parameter value (URL-encoded) sent in a query string; a longer one is left
#: to SQLite, which re-checks every constraint anyway.
MAX_PARAM_CHARS = 1024

_RANGE_OPS = ("=", "<", "<=", ">", ">=")
_FULL_SCAN_ROWS = 100_000.0
_REQUEST_COST = 1_000.0


@dataclass(frozen=True)
class Offer:
    """One constraint SQLite offers the table (an ``aConstraint`` entry)."""

    column: str | None  # None for LIMIT and OFFSET
    op: str  # "=", "<", "<=", ">", ">=", "limit", "offset", or another SQLite operator
    usable: bool
    binary_collation: bool = True
    can_take_in: bool = False
    rhs: Any = None
    rhs_known: bool = False


@dataclass(frozen=True)
class Term:
    """A constraint handed to ``Filter``: its values arrive in ``argv`` order."""

    column: str | None
    op: str  # "=", "in", "<", "<=", ">", ">=", "limit", "offset"
    offer: int  # index into aConstraint


@dataclass(frozen=True)
class IndexPlan:
    """What ``BestIndexObject`` decided: the terms, whether the result is exact enough for
    LIMIT to size pages, and SQLite's cost figures."""

    terms: tuple[Term, ...]
    limit_sizes_pages: bool
    estimated_rows: float
    estimated_cost: float
    unique: bool = False
    #: The values known at plan time (literals), for the human-readable plan.
    known: tuple[tuple[int, Any], ...] = ()
    #: The columns the statement reads (None: all); only these are converted from JSON.
    columns: frozenset[int] | None = None


@dataclass(frozen=True)
class ListRequest:
    params: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class RequestPlan:
    """The requests one ``Filter`` call makes."""

    fetch_sids: tuple[str, ...] | None = None
    lists: tuple[ListRequest, ...] = ()
    page_size: int = 1000
    #: No row can match: nothing is requested.
    empty: bool = False
    #: The lists are date windows whose edges overlap: fetch them together, drop repeats.
    windows: bool = False

    def describe(self, resource: Resource, account_sid: str) -> str:
        """One line per request, as ``EXPLAIN QUERY PLAN`` shows them."""
        if self.empty:
            return "no request: the constraints cannot match any row"
        if self.fetch_sids is not None:
            return "; ".join(
                "GET " + resource.fetch_path.format(account_sid=account_sid, sid=sid)
                for sid in self.fetch_sids
            )
        path = resource.list_path.format(account_sid=account_sid)
        lines = []
        for req in self.lists:
            query = urlencode(req.params + (("PageSize", str(self.page_size)),), safe="<>?")
            lines.append(f"GET {path}?{query} (then next_page_uri)")
        return "; ".join(lines)


def choose_terms(resource: Resource, offers: Sequence[Offer]) -> IndexPlan:
    """Pick the constraints worth handing to ``Filter`` and price the resulting plan."""
    pushdowns = {p.column: p for p in resource.pushdowns}
    terms: list[Term] = []
    known: list[tuple[int, Any]] = []
    exact = True
    has_key = has_equals = False
    ranges = 0
    limit_terms: list[Term] = []
    for i, offer in enumerate(offers):
        if not offer.usable:
            continue
        if offer.op in ("limit", "offset"):
            limit_terms.append(Term(None, offer.op, i))
            continue
        rule = pushdowns.get(offer.column or "")
        if rule is None or not offer.binary_collation:
            exact = False
            continue
        if rule.kind in (PushdownKind.KEY, PushdownKind.EQUALS) and offer.op == "=":
            terms.append(Term(offer.column, "in" if offer.can_take_in else "=", i))
            has_key |= rule.kind is PushdownKind.KEY
            has_equals |= rule.kind is PushdownKind.EQUALS
        elif rule.kind is PushdownKind.DAY_RANGE and offer.op in _RANGE_OPS:
            terms.append(Term(offer.column, offer.op, i))
            ranges += 1
            exact = False
        else:
            exact = False
            continue
        if offer.rhs_known:
            known.append((i, offer.rhs))
    # Offers SQLite could not use (join columns not yet bound) are filters SQLite applies
    # itself, so the rows the API returns are not the rows the query keeps.
    exact = exact and all(o.usable for o in offers)
    limit = None
    for t in limit_terms:
        if offers[t.offer].op == "limit" and offers[t.offer].rhs_known:
            limit = offers[t.offer].rhs
    if exact:
        terms.extend(limit_terms)
        for t in limit_terms:
            if offers[t.offer].rhs_known:
                known.append((t.offer, offers[t.offer].rhs))

    if has_key:
        rows = 1.0
        requests = 1.0
    else:
        rows = _FULL_SCAN_ROWS / (100.0 if has_equals else 1.0) / (10.0 if ranges else 1.0)
        requests = max(1.0, rows / 1000.0)
    if exact and isinstance(limit, int) and limit >= 0:
        rows = min(rows, float(limit))
    return IndexPlan(
        terms=tuple(terms),
        limit_sizes_pages=exact,
        estimated_rows=rows,
        estimated_cost=requests * _REQUEST_COST + rows,
        unique=has_key and not any(t.op == "in" for t in terms),
        known=tuple(known),
    )


def _as_values(term: Term, value: Any) -> set[Any]:
    if term.op == "in":
        return set(value)
    return {value}


def build_requests(
    resource: Resource,
    plan: IndexPlan,
    values: Sequence[Any],
    *,
    page_size: int,
    split_days: int | None = None,
) -> RequestPlan:
    """The requests for one ``Filter`` call, given the values SQLite bound to the terms.

    With ``split_days``, a date window longer than that is split into windows of that many
    days, to be fetched concurrently; their edges overlap, so the plan asks for de-duplication.
    """
    key_pattern = re.compile(resource.key_pattern)
    kinds = {p.column: p for p in resource.pushdowns}
    keys: set[Any] | None = None
    equals: dict[str, set[str] | None] = {}
    windows: dict[str, DayWindow] = {}
    limit = offset = None
    widened = False

    for term, value in zip(plan.terms, values):
        if term.op == "limit":
            limit = value
            continue
        if term.op == "offset":
            offset = value
            continue
        rule = kinds[term.column or ""]
        if rule.kind is PushdownKind.DAY_RANGE:
            window = windows.get(rule.param, DayWindow())
            windows[rule.param] = window.narrow(term.op, value)
            continue
        wanted = _as_values(term, value)
        if rule.kind is PushdownKind.KEY:
            # Twilio never returns a record whose key breaks the pattern, and such a value must
            # never reach a URL path.
            ok = {v for v in wanted if isinstance(v, str) and key_pattern.fullmatch(v)}
            keys = ok if keys is None else keys & ok
            continue
        column = resource.column(term.column or "")
        if any(not isinstance(v, str) for v in wanted if v is not None):
            # Text affinity would compare a number as its text form; leave it to SQLite.
            widened = True
            continue
        ok = {v for v in wanted if v is not None and (not column.enum or v in column.enum)
              and (column.max_length is None or len(v) <= column.max_length)}
        if any(len(quote(v, safe="")) > MAX_PARAM_CHARS for v in ok):
            # Too long to travel in a URL: SQLite filters the rows instead.
            widened = True
            continue
        prev = equals.get(rule.param)
        equals[rule.param] = ok if prev is None else prev & ok

    if keys is not None:
        return RequestPlan(fetch_sids=tuple(sorted(keys)), empty=not keys)
    if any(not v for v in equals.values()) or any(w.empty for w in windows.values()):
        return RequestPlan(empty=True)

    fixed: list[tuple[str, str]] = []
    for param, window in sorted(windows.items()):
        fixed.extend(window.params(param).items())
    variants: list[tuple[tuple[str, str], ...]] = [tuple(fixed)]
    split = _split_param(windows, split_days)
    if split is not None:
        param, parts = split
        others = [p for p in fixed if not p[0].startswith(param)]
        variants = [tuple(others) + tuple(part.params(param).items()) for part in parts]

    choices = {p: sorted(v) for p, v in equals.items() if v is not None}
    # Keep the cross product of IN lists bounded by leaving the longest lists to SQLite.
    while choices and math.prod(len(v) for v in choices.values()) > MAX_STREAMS:
        del choices[max(choices, key=lambda p: len(choices[p]))]
        widened = True
    size = page_size
    if plan.limit_sizes_pages and not widened and isinstance(limit, int) and limit >= 0:
        wanted_rows = limit + (offset if isinstance(offset, int) and offset > 0 else 0)
        size = max(1, min(size, wanted_rows))
    names = sorted(choices)
    lists = tuple(
        ListRequest(tuple(zip(names, combo)) + variant)
        for combo in itertools.product(*(choices[n] for n in names))
        for variant in variants
    )
    return RequestPlan(lists=lists, page_size=size, windows=len(variants) > 1)


def _split_param(windows: dict[str, DayWindow], split_days: int | None
                 ) -> tuple[str, list[DayWindow]] | None:
    if not split_days:
        return None
    for param, window in sorted(windows.items()):
        lo, hi = window.lower, window.upper
        if window.day is None and lo is not None and hi is not None and (hi - lo).days > \
                split_days:
            step = dt.timedelta(days=split_days)
            parts = []
            start = lo
            while start < hi:
                end = min(start + step, hi)
                parts.append(DayWindow(lower=start, upper=end))
                start = end
            return param, parts
    return None


def describe_plan(
    resource: Resource, plan: IndexPlan, *, account_sid: str, page_size: int
) -> str:
    """The request plan in words, for ``EXPLAIN QUERY PLAN`` (it shows ``idxStr``)."""
    known = dict(plan.known)
    if all(t.offer in known for t in plan.terms):
        values = [known[t.offer] for t in plan.terms]
        return build_requests(resource, plan, values, page_size=page_size).describe(
            resource, account_sid)
    pushdowns = {p.column: p for p in resource.pushdowns}
    parts = []
    for t in plan.terms:
        if t.op in ("limit", "offset"):
            parts.append(f"{t.op.upper()} {known.get(t.offer, '?')} sizes pages")
            continue
        rule = pushdowns[t.column or ""]
        value = repr(known[t.offer]) if t.offer in known else "?"
        if rule.kind is PushdownKind.KEY:
            sid = value if t.offer in known else "{" + resource.key + "}"
            parts.append("GET " + resource.fetch_path.format(account_sid=account_sid, sid=sid)
                         + (" for each value" if t.op == "in" else ""))
        elif t.op == "in":
            parts.append(f"one list request stream per {rule.param} value")
        else:
            parts.append(f"{t.column} {t.op} {value} -> {rule.param} (whole UTC days)"
                         if rule.kind is PushdownKind.DAY_RANGE else f"{rule.param}={value}")
    path = resource.list_path.format(account_sid=account_sid)
    if not any(p.startswith("GET ") for p in parts):
        parts.insert(0, f"GET {path} (then next_page_uri)")
    return "; ".join(parts)




def describe_update(resource: Resource, columns: Sequence[str], *, account_sid: str) -> str:
    """The writes an UPDATE setting ``columns`` would send, in words, for EXPLAIN."""
    path = resource.update_path.format(account_sid=account_sid, sid="{" + resource.key + "}")
    names = ", ".join(dict.fromkeys(columns))
    return (f"then POST {path} ({names}) for each matching row whose {names} would change, "
            f"sent once the scan above has finished; nothing is sent if it fails")
