"""From SQLite's constraints to Twilio requests.

Two steps, because SQLite plans before it knows bound values: :func:`choose_terms` runs in
``BestIndexObject`` and decides which constraints travel to the table (and at what cost);
:func:`build_requests` runs in ``Filter`` with the actual values and produces the requests, in
two passes: :func:`collect` gathers what the constraints say (equalities, date windows, the
limit), and :func:`expand` turns that into requests — instance fetches when the whole key is
known, else lists on the paths the path parameters choose, fanned out over a parent or read
through another list when a parent key has no condition. Neither decides SQL semantics: every
pushed filter returns a superset of the matching rows and SQLite re-checks each constraint
(``omit`` is never set).
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import quote, urlencode

from ..resources import (
    ColumnType,
    FanOut,
    PathParam,
    Pushdown,
    PushdownKind,
    Resource,
    Through,
    get_resource,
)
from . import _instants as instants
from ._dates import DayWindow
from ._errors import MissingCondition

__all__ = ["Term", "Offer", "IndexPlan", "Fetch", "ListRequest", "FanOutRequest",
           "RequestPlan", "Constraints", "choose_terms", "collect", "expand",
           "build_requests", "date_of", "describe_plan", "describe_writes", "path_fills",
           "MAX_STREAMS"]

#: Most request streams one ``Filter`` may open for ``IN`` lists on query parameters; beyond
#: it the largest lists are left to SQLite, which keeps a cross product of IN lists from
#: flooding the API. (Paths chosen by IN lists on path parameters are what the query asks
#: for, and are all fetched, a bounded number at a time.)
MAX_STREAMS = 32
#: The longest parameter value (URL-encoded) sent in a query string; a longer one is left
#: to SQLite, which re-checks every constraint anyway.
MAX_PARAM_CHARS = 1024

_RANGE_OPS = ("=", "<", "<=", ">", ">=")
_INSTANT_TYPES = (ColumnType.DATETIME, ColumnType.DATE)
_EQUALITIES = {PushdownKind.EQUALS, PushdownKind.BOOLEAN, PushdownKind.PARAMETER}
_BOUND_OPS = {PushdownKind.ON_OR_AFTER: (">", ">=", "="),
              PushdownKind.ON_OR_BEFORE: ("<", "<=", "=")}
_FULL_SCAN_ROWS = 100_000.0
_REQUEST_COST = 1_000.0
# The rows of one parent's list, as SQLite should expect of a lookup by the parent's key.
_PER_PARENT_ROWS = 100.0
_UNREADABLE = 1e15
# How much dearer a plan is that leaves a join's AccountSid condition out (see choose_terms).
_ACCOUNT_UNBOUND = 1e6


@dataclass(frozen=True)
class Offer:
    """One constraint SQLite offers the table (an ``aConstraint`` entry)."""

    column: str | None  # None for LIMIT and OFFSET
    op: str  # "=", "<", "<=", ">", ">=", "limit", "offset", or another SQLite operator
    usable: bool
    #: Compared by the column's own collation (text: BINARY; dates: the instants named).
    own_collation: bool = True
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
class Fetch:
    """One ``GET`` of an instance; ``key`` is the row's key tuple."""

    path: str
    key: tuple[Any, ...]
    #: Keep the record only if this field is not null (a fetch through another resource).
    keep_field: str | None = None
    #: Column values the record carries from its path (a path parameter it has no field for).
    fills: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True)
class ListRequest:
    """One list, paged through ``next_page_uri``."""

    path: str
    params: tuple[tuple[str, str], ...]
    list_key: str
    #: Keep only records whose field is not null (a list read through another resource).
    keep_field: str | None = None
    #: The path names a parent the query chose (a SID in a condition, or a fan-out's parent
    #: row): Twilio's 404 then means that parent does not exist, so no rows.
    missing_ok: bool = False
    #: Column values every record of this list carries (a request parameter sent).
    fills: tuple[tuple[str, Any], ...] = ()
    #: How a long scan of this list may be cut into concurrent date windows (None: never).
    scan: WindowScan | None = None


@dataclass(frozen=True)
class WindowScan:
    """A list's date filter, for cutting a long scan into windows (see
    :class:`~sqlalchemy_twilio.resources.Windows`)."""

    #: Twilio's parameter (``DateCreated``), whose ``<`` form is strict when ``strict``.
    param: str
    strict: bool
    #: The days the query itself allows (a window never reaches beyond them).
    bounds: DayWindow
    #: The record field holding the date, and the fields the list is ordered by.
    field: str
    order: tuple[str, ...]

    @property
    def ordered(self) -> bool:
        """Whether the list is ordered by the window's own date, so windows follow each other."""
        return self.order[0] == self.field

    def params(self, params: tuple[tuple[str, str], ...], window: DayWindow
               ) -> tuple[tuple[str, str], ...]:
        """``params`` with the date filter replaced by ``window``'s."""
        mine = {self.param, self.param + "<", self.param + ">"}
        return tuple(p for p in params if p[0] not in mine) + tuple(
            window.params(self.param, self.strict).items())


@dataclass(frozen=True)
class FanOutRequest:
    """List the parent's rows, then one child list per parent key."""

    rule: FanOut
    parent: RequestPlan
    #: The parent record's field holding the key that fills the child path.
    parent_field: str
    #: The child's list path, every other path parameter filled in, ``{param}`` left.
    template: str
    values: tuple[tuple[str, str], ...]
    params: tuple[tuple[str, str], ...]
    list_key: str
    #: Path parameters asked for with several values (AccountSid IN (…)) that the parent's
    #: records carry, and the parent field holding each: every child path takes them from
    #: its parent row, so a conference of one account is looked for in that account.
    carried: tuple[tuple[str, str], ...] = ()
    #: The parent keys asked for, where the statement names them (None: every parent row).
    only: tuple[str, ...] | None = None


@dataclass(frozen=True)
class RequestPlan:
    """The requests one ``Filter`` call makes."""

    fetches: tuple[Fetch, ...] | None = None
    lists: tuple[ListRequest, ...] = ()
    fanout: FanOutRequest | None = None
    page_size: int = 1000
    #: No row can match: nothing is requested.
    empty: bool = False
    #: The most rows the statement reads (an exact LIMIT and OFFSET), if known.
    wanted: int | None = None

    def describe(self, max_fanout: int | None = None) -> str:
        """The requests, as ``EXPLAIN QUERY PLAN`` shows them."""
        if self.empty:
            return "no request: the constraints cannot match any row"
        if self.fetches is not None:
            return "; ".join("GET " + f.path for f in self.fetches)
        if self.fanout is not None:
            f = self.fanout
            bound = f" (at most max_fanout={max_fanout})" if max_fanout else ""
            child = _list_line(f.template, f.params, self.page_size)
            return (f"{f.parent.describe()}; then for each {f.rule.parent} row"
                    f"{bound}, concurrently: {child}")
        return "; ".join(_list_line(r.path, r.params, self.page_size) for r in self.lists)


def _list_line(path: str, params: Iterable[tuple[str, str]], page_size: int) -> str:
    query = urlencode(tuple(params) + (("PageSize", str(page_size)),), safe="<>?{}")
    return f"GET {path}?{query} (then next_page_uri)"


# -- planning (BestIndexObject) -------------------------------------------------------------------

def _pushdowns(resource: Resource) -> dict[str, list[Pushdown]]:
    """Every pushdown of the table, in any of the ways it can be read, by column."""
    out: dict[str, list[Pushdown]] = {}
    rules = list(resource.pushdowns)
    for u in resource.unbound:
        if isinstance(u, Through):
            rules += u.pushdowns
    for p in rules:
        out.setdefault(p.column, []).append(p)
    return out


def choose_terms(resource: Resource, offers: Sequence[Offer]) -> IndexPlan:
    """Pick the constraints worth handing to ``Filter`` and price the resulting plan."""
    pushdowns = _pushdowns(resource)
    path_columns = {p.column for p in resource.path_params}
    terms: list[Term] = []
    known: list[tuple[int, Any]] = []
    exact = True
    bound: dict[str, bool] = {}  # column bound by "=" → whether by an IN list
    equals = ranges = 0
    limit_terms: list[Term] = []
    for i, offer in enumerate(offers):
        if not offer.usable:
            continue
        if offer.op in ("limit", "offset"):
            limit_terms.append(Term(None, offer.op, i))
            continue
        column = offer.column or ""
        rules = pushdowns.get(column, [])
        if not offer.own_collation or (column not in path_columns and not rules):
            exact = False
            continue
        kinds = {r.kind for r in rules}
        if offer.op == "=" and (column in path_columns or kinds & _EQUALITIES):
            # Twilio's answer to a loose filter holds more rows than the condition keeps: the
            # streams of an IN list would overlap, so SQLite asks one value at a time.
            loose = any(r.superset for r in rules)
            whole_in = offer.can_take_in and not loose
            terms.append(Term(column, "in" if whole_in else "=", i))
            bound[column] = bound.get(column, False) or whole_in
            equals += column not in path_columns
            exact = exact and not loose
        elif offer.op in _RANGE_OPS and (PushdownKind.DAY_RANGE in kinds or any(
                offer.op in _BOUND_OPS[k] for k in kinds & set(_BOUND_OPS))):
            terms.append(Term(column, offer.op, i))
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

    rows, requests = _estimate(resource, bound, equals, ranges)
    if exact and isinstance(limit, int) and limit >= 0:
        rows = min(rows, float(limit))
    key_bound = _instance_bound(resource, bound)
    cost = requests * _REQUEST_COST + rows
    # Which account a table reads is its AccountSid condition: a plan leaving out one that a
    # join binds would read the connection's account where the join asks for others, so
    # SQLite is steered to the order that binds it.
    accounts = {p.column for p in resource.path_params if p.name == "AccountSid"}
    if any(o.op == "=" and not o.usable and o.column in accounts for o in offers) and not any(
            o.op == "=" and o.usable and o.column in accounts for o in offers):
        cost *= _ACCOUNT_UNBOUND
    return IndexPlan(
        terms=tuple(terms),
        limit_sizes_pages=exact,
        estimated_rows=rows,
        estimated_cost=cost,
        unique=key_bound and not any(bound.get(k) for k in resource.key),
        known=tuple(known),
    )


def _instance_bound(resource: Resource, bound: Mapping[str, bool]) -> bool:
    if not resource.instance_path:
        return False
    return all(p.column in bound or p.name == "AccountSid"
               for p in resource.placeholders(resource.instance_path))


def _estimate(resource: Resource, bound: Mapping[str, bool], equals: int, ranges: int
              ) -> tuple[float, float]:
    """(rows, requests) SQLite should expect of a plan with these columns bound."""
    if _instance_bound(resource, bound):
        return 1.0, 1.0
    narrowing = (100.0 if equals else 1.0) * (10.0 if ranges else 1.0)
    unbound = [p for p in resource.placeholders(resource.list_path)
               if p.name != "AccountSid" and p.column not in bound]
    if not unbound:
        parents = len(resource.placeholders(resource.list_path)) - 1
        rows = (_PER_PARENT_ROWS if parents else _FULL_SCAN_ROWS) / narrowing
        return rows, max(1.0, rows / 1000.0)
    rule = _unbound_rule(resource, unbound)
    if isinstance(rule, Through):
        rows = _FULL_SCAN_ROWS / narrowing
        return rows, max(1.0, rows / 1000.0)
    if isinstance(rule, FanOut):
        # A fan-out reads the parent's list, then one list per parent row: what a join that
        # binds the parent key row by row costs with the parent outside, never less. So
        # SQLite puts the parent outside wherever it can.
        parent = get_resource(rule.parent)
        where = {column: len(values) > 1 for column, values in rule.parent_where}
        parent_rows, parent_requests = _estimate(parent, where, len(where), 0)
        return parent_rows * _PER_PARENT_ROWS / narrowing, parent_requests + parent_rows
    return _UNREADABLE, _UNREADABLE


def _rule_for(resource: Resource, param: PathParam) -> FanOut | Through | None:
    for rule in resource.unbound:
        if rule.param == param.name:
            return rule
    return None


def _unbound_rule(resource: Resource, unbound: Sequence[PathParam]
                  ) -> FanOut | Through | None:
    """How to read the table with the path parameters ``unbound`` left open: the rule for
    one of them, provided the others are fields of a fan-out's parent rows (an extension of
    an assigned add-on names the add-on's phone number), or None."""
    for param in unbound:
        rule = _rule_for(resource, param)
        if rule is None:
            continue
        if len(unbound) == 1:
            return rule
        if isinstance(rule, FanOut):
            parent = get_resource(rule.parent)
            if all(p is param or parent.has_column(p.column) for p in unbound):
                return rule
        return None
    # The fan-out's own key is given, but not what its parent rows would say besides (an
    # assigned add-on's SID without its number): fan out over just those parent rows.
    for rule in resource.unbound:
        if isinstance(rule, FanOut) and all(
                get_resource(rule.parent).has_column(p.column) for p in unbound):
            return rule
    return None


# -- requests (Filter) -------------------------------------------------------------------------

@dataclass
class Constraints:
    """What the constraints of one ``Filter`` call say, before any request is chosen."""

    #: Column → the values it may equal (the intersection of its ``=`` and ``IN`` terms).
    equal: dict[str, set[Any]] = field(default_factory=dict)
    #: Column → the day window its range terms allow.
    windows: dict[str, DayWindow] = field(default_factory=dict)
    #: Date column → its comparisons (operator, value), for on-or-after/before parameters.
    bounds: dict[str, list[tuple[str, Any]]] = field(default_factory=dict)
    limit: Any = None
    offset: Any = None


def collect(resource: Resource, plan: IndexPlan, values: Sequence[Any]) -> Constraints:
    """The first pass: gather what the terms and their bound values say."""
    found = Constraints()
    rules = _pushdowns(resource)
    days = {c for c, rs in rules.items() if all(r.kind is PushdownKind.DAY_RANGE for r in rs)}
    dates = {c for c, rs in rules.items() if any(r.kind in _BOUND_OPS for r in rs)}
    days -= {p.column for p in resource.path_params}
    for term, value in zip(plan.terms, values):
        value = _instant_value(resource, term, value)
        if term.op == "limit":
            found.limit = value
        elif term.op == "offset":
            found.offset = value
        elif term.column in dates:
            found.bounds.setdefault(term.column or "", []).append((term.op, value))
        elif term.op == "in" or (term.op == "=" and term.column not in days):
            wanted = set(value) if term.op == "in" else {value}
            column = term.column or ""
            previous = found.equal.get(column)
            found.equal[column] = wanted if previous is None else previous & wanted
        else:
            column = term.column or ""
            found.windows[column] = found.windows.get(column, DayWindow()).narrow(term.op, value)
    return found


def _instant_value(resource: Resource, term: Term, value: Any) -> Any:
    """A value compared with a datetime or date column, as the instant it names in the form
    stored there (SQLite compares the same instants: see ``_instants``)."""
    if term.column is None or resource.column(term.column).type not in _INSTANT_TYPES:
        return value
    if term.op == "in":
        return {_instant_value(resource, replace(term, op="="), v) for v in value}
    if not isinstance(value, str):
        return value  # numbers compare by SQLite's type order, never equal to a date
    stamp = instants.canonical(value)
    if stamp is None:
        raise instants.NotADate(value, f"{resource.name}.{term.column}")
    if resource.column(term.column).type is ColumnType.DATE and stamp.endswith(" 00:00:00"):
        return stamp[:10]
    return stamp


def build_requests(resource: Resource, plan: IndexPlan, values: Sequence[Any], *,
                   account_sid: str, page_size: int,
                   today: dt.date | None = None) -> RequestPlan:
    """The requests for one ``Filter`` call, given the values SQLite bound to the terms."""
    return expand(resource, collect(resource, plan, values), account_sid=account_sid,
                  page_size=page_size,
                  limit_sizes_pages=plan.limit_sizes_pages, today=today)


def _within_retention(resource: Resource, found: Constraints, today: dt.date | None) -> bool:
    """Clamp the retention column's window to what Twilio serves; False if nothing is left."""
    rule = resource.retention
    if rule is None or rule.column not in found.windows or today is None:
        # Twilio's default list is within it already; and before the first answer tells
        # Twilio's day, the range is sent as it is (a range wholly outside is then refused,
        # and read as no rows).
        return True
    earliest = today - dt.timedelta(days=rule.days)
    window = found.windows[rule.column]
    if (window.upper is not None and window.upper < earliest) or (
            window.day is not None and window.day < earliest):
        return False
    if window.day is None and (window.lower is None or window.lower < earliest):
        found.windows[rule.column] = replace(window, lower=earliest)
    return True


def expand(resource: Resource, found: Constraints, *, account_sid: str, page_size: int,
           limit_sizes_pages: bool = False,
           today: dt.date | None = None) -> RequestPlan:
    """The second pass: the requests that return every row the constraints can accept."""
    found = replace(found, windows=dict(found.windows))  # retention clamps a copy
    if any(not v for v in found.equal.values()) or any(w.empty for w in found.windows.values()):
        return RequestPlan(empty=True)
    if not _within_retention(resource, found, today):
        return RequestPlan(empty=True)

    # Path parameters: the values their columns may equal, each checked against its pattern.
    paths: dict[str, list[str]] = {}
    chosen: set[str] = set()
    for p in resource.path_params:
        wanted = found.equal.get(p.column)
        if wanted is None:
            continue
        ok = sorted(v for v in wanted if p.matches(v))
        if not ok:
            return RequestPlan(empty=True)
        paths[p.name] = ok
        chosen.add(p.name)
    paths.setdefault("AccountSid", [account_sid])

    fetches = _fetches(resource, resource.instance_path, paths)
    if fetches is not None:
        return RequestPlan(fetches=fetches)
    unbound = [p for p in resource.placeholders(resource.list_path) if p.name not in paths]
    rule = _unbound_rule(resource, unbound) if unbound else None
    if unbound and rule is None:
        names = " and ".join(p.column for p in unbound)
        raise MissingCondition(
            f"{resource.name} can only be read with a condition on {names} (Twilio lists it "
            f"per {names}): add WHERE {unbound[0].column} = '…' or IN (…), or join it on "
            f"{unbound[0].column}")
    if isinstance(rule, Through):
        fetches = _fetches(resource, rule.instance_path, paths, rule.keep_field)
        if fetches is not None:
            return RequestPlan(fetches=fetches)

    pushdowns = list(rule.pushdowns) if isinstance(rule, Through) else list(resource.pushdowns)
    query, widened = _query_params(resource, found, pushdowns)
    if query is None:
        return RequestPlan(empty=True)
    dated, narrow = _date_bounds(found, pushdowns)
    widened = widened or not narrow
    query = [q + dated for q in query]
    dates = _day_params(found, pushdowns)
    size = page_size
    wanted = None
    if limit_sizes_pages and not widened and isinstance(found.limit, int) and found.limit >= 0:
        extra = found.offset if isinstance(found.offset, int) and found.offset > 0 else 0
        wanted = found.limit + extra
        size = max(1, min(size, wanted))
    combos = [tuple(params) + dates for params in query]

    if isinstance(rule, FanOut):
        parent = get_resource(rule.parent)
        wanted = Constraints(equal={col: set(vals) for col, vals in rule.parent_where})
        carried = []
        listed = resource.placeholders(resource.list_path)
        if rule.param in paths:
            wanted.equal[rule.parent_column] = set(paths[rule.param])
        for p in listed:
            if p.name == rule.param or not parent.has_column(p.column):
                continue
            if p.name not in paths:  # open here too: each parent row says it
                carried.append((p.name, parent.column(p.column).field or p.column))
                continue
            wanted.equal[p.column] = set(paths[p.name])
            if len(paths[p.name]) > 1:
                carried.append((p.name, parent.column(p.column).field or p.column))
        several = [p.name for p in listed if len(paths.get(p.name, ())) > 1
                   and p.name not in dict(carried) and p.name != rule.param]
        if several:
            raise MissingCondition(
                f"{resource.name} is read one {rule.parent} row at a time, and "
                f"{rule.parent} rows do not say which {several[0]} they belong to: ask for "
                f"one {several[0]} at a time")
        parent_plan = expand(parent, wanted, account_sid=account_sid, page_size=page_size)
        others = {k: v[0] for k, v in paths.items()
                  if k not in dict(carried) and k != rule.param}
        template = resource.shown_path(resource.list_path, others)
        fanout = FanOutRequest(
            rule=rule, parent=parent_plan,
            parent_field=parent.column(rule.parent_column).field or rule.parent_column,
            template=template, values=tuple(sorted(others.items())),
            params=combos[0] if len(combos) == 1 else (), list_key=resource.list_key,
            carried=tuple(carried),
            only=tuple(paths[rule.param]) if rule.param in paths else None)
        return RequestPlan(fanout=fanout, page_size=size, empty=parent_plan.empty)

    if isinstance(rule, Through):
        template, list_key, keep = rule.path, rule.list_key, rule.keep_field
    else:
        template, list_key, keep = resource.list_path, resource.list_key, None
    lists = []
    names = [p.name for p in resource.placeholders(template)]
    missing_ok = bool(chosen & set(names))
    echoed = {p.param: p.column for p in pushdowns if p.kind is PushdownKind.PARAMETER}
    scan = None if isinstance(rule, Through) else _window_scan(resource, found)
    for combo in itertools.product(*(paths[n] for n in names)):
        path = resource.path(template, dict(zip(names, combo)))
        if path is None:
            continue
        given = path_fills(resource, dict(zip(names, combo)))
        for params in combos:
            fills = given + tuple((echoed[k], _sql_value(resource, echoed[k], v))
                                  for k, v in params if k in echoed)
            lists.append(ListRequest(path, params, list_key, keep, missing_ok, fills, scan))
    return RequestPlan(lists=tuple(lists), page_size=size, empty=not lists, wanted=wanted)


def _window_scan(resource: Resource, found: Constraints) -> WindowScan | None:
    rule = resource.windows
    if rule is None:
        return None
    push = next(p for p in resource.pushdowns
                if p.column == rule.column and p.kind is PushdownKind.DAY_RANGE)
    bounds = found.windows.get(rule.column, DayWindow())
    if bounds.day is not None:
        return None  # one day is the smallest window already
    if rule.nullable and bounds.lower is None and bounds.upper is None:
        return None  # records without the date would be in no window
    return WindowScan(push.param, push.before_is_strict, bounds,
                      resource.column(rule.column).field or rule.column, rule.order)


def _sql_value(resource: Resource, column: str, sent: str) -> Any:
    """What a request parameter's column holds in the rows, for SQLite's own re-check."""
    from ..resources import ColumnType

    kind = resource.column(column).type
    if kind is ColumnType.BOOLEAN:
        return 1 if sent == "true" else 0
    if kind is ColumnType.INTEGER:
        return int(sent)
    return sent


def _date_bounds(found: Constraints, pushdowns: Sequence[Pushdown]
                 ) -> tuple[tuple[tuple[str, str], ...], bool]:
    """Parameters for on-or-after / on-or-before date columns, and whether every bound could
    be sent as the day it names."""
    params: list[tuple[str, str]] = []
    exact = True
    for p in pushdowns:
        comparisons = found.bounds.get(p.column)
        if p.kind not in _BOUND_OPS or not comparisons:
            continue
        days = []
        for op, value in comparisons:
            day = date_of(value)
            if day is None or op not in _BOUND_OPS[p.kind]:
                exact = False
                continue
            whole = len(value) == 10
            if op == "=" and not whole:
                exact = False
                continue
            if p.kind is PushdownKind.ON_OR_AFTER:
                days.append(day if op == "=" or (op == ">=" and whole)
                            else day + dt.timedelta(days=1))
            else:
                days.append(day - dt.timedelta(days=1) if op == "<" and whole else day)
        if days:
            pick = max(days) if p.kind is PushdownKind.ON_OR_AFTER else min(days)
            params.append((p.param, pick.isoformat()))
    return tuple(params), exact


def date_of(value: Any) -> dt.date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _fetches(resource: Resource, template: str | None, paths: Mapping[str, list[str]],
             keep_field: str | None = None) -> tuple[Fetch, ...] | None:
    if template is None:
        return None
    params = resource.placeholders(template)
    if any(p.name not in paths for p in params):
        return None
    out = []
    key_names = {p.column: p.name for p in resource.path_params}
    for combo in itertools.product(*(paths[p.name] for p in params)):
        values = dict(zip((p.name for p in params), combo))
        path = resource.path(template, values)
        if path is not None:
            key = tuple(values.get(key_names.get(k, k)) for k in resource.key)
            out.append(Fetch(path, key, keep_field, path_fills(resource, values)))
    return tuple(out)


def path_fills(resource: Resource, values: Mapping[str, str]) -> tuple[tuple[str, Any], ...]:
    """The path's values for the columns of path parameters the records have no field for
    (a key's AccountSid): the rows carry them, and a write finds its row's path."""
    return tuple((p.column, values[p.name]) for p in resource.path_params
                 if p.name in values and resource.column(p.column).field is None)


def _query_params(resource: Resource, found: Constraints, pushdowns: Sequence[Pushdown]
                  ) -> tuple[list[tuple[tuple[str, str], ...]] | None, bool]:
    """Every combination of query parameters to send, and whether some constraint could not
    be sent (so the rows are a wider superset). None: no row can match."""
    usable = {p.column: p for p in pushdowns if p.kind in _EQUALITIES}
    path_columns = {p.column for p in resource.path_params}
    widened = False
    choices: dict[str, list[str]] = {}
    for column, wanted in found.equal.items():
        if column in path_columns:
            continue
        rule = usable.get(column)
        if rule is None:
            widened = True  # pushable only in another way of reading the table
            continue
        sent = _sendable(resource, rule, wanted)
        if sent is None:
            widened = True
            continue
        if not sent:
            return None, widened
        choices[rule.param] = sorted(sent)
    while choices and math.prod(len(v) for v in choices.values()) > MAX_STREAMS:
        del choices[max(choices, key=lambda p: len(choices[p]))]
        widened = True
    names = sorted(choices)
    combos = [tuple(zip(names, combo)) for combo in
              itertools.product(*(choices[n] for n in names))]
    for column in found.windows:
        if not any(p.column == column and p.kind is PushdownKind.DAY_RANGE for p in pushdowns):
            widened = True
    return combos, widened


def _sendable(resource: Resource, rule: Pushdown, wanted: set[Any]) -> set[str] | None:
    """The parameter values that can carry ``column IN wanted``; an empty set when none can
    match, None when the constraint must be left to SQLite."""
    column = resource.column(rule.column)
    if rule.kind is PushdownKind.BOOLEAN or (
            rule.kind is PushdownKind.PARAMETER and column.type.value == "BOOLEAN"):
        if any(v.__class__ not in (int, float, bool) or v not in (0, 1)
               for v in wanted if v is not None):
            return None  # compared by SQLite's rules, not as a flag
        return {"true" if v else "false" for v in wanted if v is not None}
    if rule.kind is PushdownKind.PARAMETER and column.type.value == "INTEGER":
        # A number the request carries (AreaCode = 415), given as a number or its digits.
        if any(not (isinstance(v, int) and not isinstance(v, bool) or isinstance(v, str)
                    and v.isdigit()) for v in wanted if v is not None):
            return None
        return {str(int(v)) for v in wanted if v is not None}
    if any(not isinstance(v, str) for v in wanted if v is not None):
        # Text affinity would compare a number as its text form; leave it to SQLite.
        return None
    ok = {v for v in wanted if v is not None
          and (not column.enum or v in column.enum)
          and (column.max_length is None or len(v) <= column.max_length)
          and (rule.pattern is None or _fits(rule.pattern, v))}
    if any(len(quote(v, safe="")) > MAX_PARAM_CHARS for v in ok):
        return None  # too long to travel in a URL: SQLite filters the rows instead
    return ok


def _fits(pattern: str, value: str) -> bool:
    import re

    return re.fullmatch(pattern, value) is not None


def _day_params(found: Constraints, pushdowns: Sequence[Pushdown]
                ) -> tuple[tuple[str, str], ...]:
    """The day-range parameters of the date windows the constraints ask for."""
    out: list[tuple[str, str]] = []
    for p in sorted(pushdowns, key=lambda p: p.param):
        if p.kind is PushdownKind.DAY_RANGE and p.column in found.windows:
            out.extend(found.windows[p.column].params(p.param, p.before_is_strict).items())
    return tuple(out)


# -- in words (EXPLAIN) ------------------------------------------------------------------------

def describe_plan(resource: Resource, plan: IndexPlan, *, account_sid: str, page_size: int,
                  max_fanout: int | None = None) -> str:
    """The request plan in words, for ``EXPLAIN QUERY PLAN`` (it shows ``idxStr``)."""
    known = dict(plan.known)
    if all(t.offer in known for t in plan.terms):
        values = [known[t.offer] for t in plan.terms]
        try:
            requests = build_requests(resource, plan, values, account_sid=account_sid,
                                      page_size=page_size)
        except MissingCondition as exc:
            return f"no request: {exc}"
        return requests.describe(max_fanout)
    # Some values are bound only when the statement runs (parameters, a join's outer row).
    lines = []
    bound = {t.column for t in plan.terms if t.op in ("=", "in")}
    # The connection's account, unless the statement names the accounts to read.
    if any(p.name == "AccountSid" and p.column in bound for p in resource.path_params):
        account_sid = "{AccountSid}"
    in_lists = {t.column for t in plan.terms if t.op == "in"}
    pushdowns = _pushdowns(resource)
    params = []
    for t in plan.terms:
        if t.op in ("limit", "offset"):
            params.append(f"{t.op.upper()} {known.get(t.offer, '?')} sizes pages")
        elif t.column in {p.column for p in resource.path_params}:
            continue
        else:
            rule = pushdowns[t.column or ""][0]
            value = repr(known[t.offer]) if t.offer in known else "?"
            params.append(f"{t.column} {t.op} {value} -> {rule.param}"
                          + (" (whole UTC days)" if rule.kind is PushdownKind.DAY_RANGE else ""))
    instance = resource.instance_path
    if instance and all(p.column in bound or p.name == "AccountSid"
                        for p in resource.placeholders(instance)):
        lines.append("GET " + resource.shown_path(instance, {"AccountSid": account_sid}))
    else:
        unbound = [p for p in resource.placeholders(resource.list_path)
                   if p.name != "AccountSid" and p.column not in bound]
        rule = _unbound_rule(resource, unbound) if unbound else None
        if isinstance(rule, FanOut):
            lines.append(f"for each {rule.parent} row ({rule.why}): GET "
                         + resource.shown_path(resource.list_path, {"AccountSid": account_sid}))
        elif isinstance(rule, Through):
            lines.append("GET " + resource.shown_path(rule.path, {"AccountSid": account_sid})
                         + f" keeping records with a {rule.keep_field}")
        else:
            lines.append("GET " + resource.shown_path(resource.list_path,
                                                      {"AccountSid": account_sid})
                         + " (then next_page_uri)")
    each = sorted(c for c in in_lists if c)
    if each:
        lines[-1] += " for each value of " + ", ".join(each)
    return "; ".join(lines + params)


def describe_writes(resource: Resource, op: str, columns: Sequence[str], *,
                    account_sid: str) -> str:
    """The writes a statement would send, in words, for EXPLAIN."""
    values = {"AccountSid": account_sid}
    if op == "create":
        path = resource.shown_path(resource.list_path, values)
        effect = resource.create.effect if resource.create else "creates a record"
        return f"then POST {path} for each row inserted ({effect})"
    path = resource.shown_path(resource.instance_path or resource.list_path, values)
    if op == "delete":
        return (f"then DELETE {path} for each matching row, sent once the scan above has "
                f"finished; nothing is sent if it fails")
    names = ", ".join(dict.fromkeys(columns))
    return (f"then POST {path} ({names}) for each matching row whose {names} would change, "
            f"sent once the scan above has finished; nothing is sent if it fails")
