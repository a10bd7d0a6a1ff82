"""The shape of a table declaration.

A Twilio table is data, not code: its typed columns (and HIDDEN request-only parameters), its
key tuple, the paths of its list and instance with every path parameter and its pattern, the
SQL constraints that travel to the API as request parameters, how the table is read when a
parent key has no condition, and its writes (which columns update and create take and to
what, whether delete exists, the words of a refusal). The planner, the dialect, reflection,
the ORM models and the docs all read these declarations; none of them knows a table by name.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from string import Formatter
from typing import Any

from ._values import from_api, to_form, write_problem

__all__ = [
    "FIXED_SCHEMA",
    "ColumnType",
    "Write",
    "Column",
    "PathParam",
    "PushdownKind",
    "Pushdown",
    "FanOut",
    "Through",
    "Reference",
    "Retention",
    "Windows",
    "Create",
    "Resource",
]

#: Why no DDL may touch a Twilio table.
FIXED_SCHEMA = "Twilio's schema is fixed by its API"


class ColumnType(enum.Enum):
    """The SQL type of a column: its declared type inside SQLite, and what it holds there."""

    #: Text.
    TEXT = "TEXT"
    #: A whole number (Twilio often sends it as a string, ``"15"``).
    INTEGER = "INTEGER"
    #: A decimal number, REAL inside SQLite (``SUM(Price)`` works), ``Decimal`` outside.
    DECIMAL = "DECIMAL"
    #: 0 or 1 inside SQLite, ``bool`` outside.
    BOOLEAN = "BOOLEAN"
    #: UTC text ``YYYY-MM-DD HH:MM:SS`` inside SQLite; aware UTC datetimes outside.
    DATETIME = "DATETIME"
    #: ``YYYY-MM-DD`` inside SQLite, ``datetime.date`` outside.
    DATE = "DATE"
    #: Any JSON value, kept as JSON text.
    JSON = "JSON"


@dataclass(frozen=True)
class Write:
    """How a column travels in a write request: the form parameter, and the values Twilio
    accepts there (None: any value of the column's type and enum)."""

    param: str
    allowed: tuple[Any, ...] | None = None
    #: The parameter takes several values (``StatusCallbackEvent``): the column's text is
    #: split at spaces and commas, and each value is sent.
    many: bool = False


@dataclass(frozen=True)
class Column:
    """One column: its SQL name, the record field it comes from, its type and meaning.

    A HIDDEN column is a request parameter that is not a record field (``From`` of a new
    participant): absent from ``SELECT *``, NULL when read, settable where its write rules say.
    A column with no field and not hidden takes its value from a path parameter.
    """

    name: str
    field: str | None
    type: ColumnType
    description: str
    nullable: bool = True
    #: The values Twilio can return, where it documents them: an equality with any other
    #: value matches nothing, and a write of another value is refused.
    enum: tuple[str, ...] = ()
    #: The longest value Twilio documents for the field: a longer one matches nothing.
    max_length: int | None = None
    hidden: bool = False
    #: Settable by UPDATE (the instance's POST), and how.
    update: Write | None = None
    #: Settable by INSERT (the list's POST), and how.
    create: Write | None = None

    @property
    def readonly(self) -> bool:
        """Whether UPDATE may not set this column."""
        return self.update is None

    def write(self, op: str) -> Write | None:
        """The write rule of ``op`` ("update" or "create"), if this column takes part."""
        return self.update if op == "update" else self.create if op == "create" else None


@dataclass(frozen=True)
class PathParam:
    """A placeholder of a path (``{ConferenceSid}``), the column whose value fills it, and the
    pattern every value must match to reach a URL."""

    name: str
    column: str
    pattern: str

    def matches(self, value: Any) -> bool:
        return isinstance(value, str) and re.fullmatch(self.pattern, value) is not None


class PushdownKind(enum.Enum):
    """How a SQL constraint on a column becomes request parameters. (Path parameters need no
    pushdown: ``=`` and ``IN`` on their columns choose the path.)"""

    #: ``col = value`` becomes ``param=value`` (``IN`` becomes one request stream per value).
    EQUALS = "equals"
    #: ``col = 1`` / ``col = 0`` (``true`` / ``false``) becomes ``param=true`` / ``false``.
    BOOLEAN = "boolean"
    #: ``= < <= > >=`` on a datetime become Twilio's whole-UTC-day parameters ``param``,
    #: ``param<`` (on or before) and ``param>`` (on or after). The pushed window is widened
    #: to whole days, so SQLite always re-checks the exact predicate.
    DAY_RANGE = "day_range"
    #: ``>= > =`` on a date become ``param=D``: Twilio keeps what is on or after day D.
    ON_OR_AFTER = "on_or_after"
    #: ``<= < =`` on a date become ``param=D``: Twilio keeps what is on or before day D.
    ON_OR_BEFORE = "on_or_before"
    #: ``col = value`` on a HIDDEN request parameter becomes ``param=value``, and the rows
    #: that request returns carry the value (``IncludeSoftDeleted = true``).
    PARAMETER = "parameter"


@dataclass(frozen=True)
class Pushdown:
    """A column whose constraints the API can evaluate, and the parameter that carries them."""

    column: str
    kind: PushdownKind
    param: str
    #: The form every value Twilio can hold has (a SID's): any other value matches nothing.
    pattern: str | None = None
    #: The parameter does not filter fixed records but shapes them: Twilio adds usage up over
    #: the period it bounds, so the rows it returns hold the condition, and other dates give
    #: other rows (usage records cut to StartDate/EndDate).
    shapes: bool = False
    #: A day range's ``param<`` is strictly before D 00:00:00 ("started before this date"),
    #: not on or before it: the window's end is sent one day later.
    before_is_strict: bool = False
    #: Twilio answers the parameter with more than the condition keeps (a partial number
    #: matches, or ``true`` includes rather than selects): SQLite's own check keeps the right
    #: rows, and a LIMIT is not sent with it.
    superset: bool = False


@dataclass(frozen=True)
class FanOut:
    """How to read the table when the path parameter ``param`` has no condition: list the
    parent table's rows (those whose ``parent_where`` columns hold one of the given values,
    e.g. only conferences that are not completed), then each one's list."""

    param: str
    parent: str
    parent_column: str = "Sid"
    parent_where: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: Why the parent rows are limited so, in words (for EXPLAIN and the docs).
    why: str = ""


@dataclass(frozen=True)
class Through:
    """How to read the table when the path parameter ``param`` has no condition: another
    list (``path``) holds the same records among others; keep those whose ``keep_field`` is
    not null. Its own ``pushdowns`` apply there, and ``instance_path`` fetches one by key."""

    param: str
    path: str
    list_key: str
    keep_field: str
    pushdowns: tuple[Pushdown, ...] = ()
    instance_path: str | None = None
    why: str = ""


@dataclass(frozen=True)
class Reference:
    """``column`` holds the key of a row of ``table`` (reflected as a foreign key; in the ORM
    a relationship both ways, named ``many`` on the referenced class and ``one`` here, or
    after the tables)."""

    column: str
    table: str
    table_column: str = "Sid"
    many: str | None = None
    one: str | None = None


@dataclass(frozen=True)
class Retention:
    """Twilio serves records of this table only for ``days`` days back on ``column`` (or fewer,
    if the account says so): a date range reaching further back is clamped to the window, one
    wholly outside it asks for nothing, and Twilio's error ``error_code`` for a range outside
    a shorter window becomes an error that says so."""

    column: str
    days: int
    error_code: int


@dataclass(frozen=True)
class Windows:
    """A scan of this table's list may be cut into date windows on ``column``'s day filter
    and fetched concurrently. Twilio lists the records newest first by ``order`` (record
    fields, descending), which the windows' rows are put back in. With ``nullable``, records
    may lack the column's value (a call not yet dialed has no StartTime): no window would
    return them, so only a scan whose condition bounds the column is cut."""

    column: str
    order: tuple[str, ...] = ("date_created", "sid")
    nullable: bool = False


@dataclass(frozen=True)
class Create:
    """INSERT creates a record (the list's POST). Each group of ``required`` columns needs at
    least one of them set (``(("To",), ("Url", "Twiml", "ApplicationSid"))``)."""

    required: tuple[tuple[str, ...], ...] = ()
    #: What creating a record does, in words (it may dial a phone or send a message).
    effect: str = "creates a record"


def _placeholders(template: str) -> tuple[str, ...]:
    return tuple(name for _, name, _, _ in Formatter().parse(template) if name)


@dataclass(frozen=True)
class Resource:
    """A Twilio list resource presented as a SQL table."""

    name: str
    description: str
    #: The ORM class name of one row ("Conference").
    model: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    #: Paths relative to the API origin, with ``{Placeholder}`` for each path parameter.
    list_path: str
    #: The key under which a list page carries its records (``"conferences"``).
    list_key: str
    path_params: tuple[PathParam, ...]
    instance_path: str | None = None
    pushdowns: tuple[Pushdown, ...] = ()
    create: Create | None = None
    delete: bool = False
    #: How to read the table when a path parameter (other than the account) has no condition.
    unbound: tuple[FanOut | Through, ...] = ()
    references: tuple[Reference, ...] = ()
    retention: Retention | None = None
    windows: Windows | None = None
    #: Twilio's documented semantics worth knowing, one sentence each (for the docs).
    notes: tuple[str, ...] = ()
    #: Writes Twilio allows but the table cannot make, and why ("added", "changed", ...).
    refused: tuple[tuple[str, str], ...] = ()
    _index: dict[str, int] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        names = [c.name for c in self.columns]
        lowered = [n.lower() for n in names]
        if len(set(lowered)) != len(names):
            raise ValueError(f"{self.name}: duplicate column names in {names}")
        self._index.update({n: i for i, n in enumerate(lowered)})
        problems = list(self._problems())
        if problems:
            raise ValueError(f"{self.name}: " + "; ".join(problems))

    def _problems(self) -> Iterable[str]:
        names = set(self.column_names)
        for k in self.key:
            if k not in names:
                yield f"key {k!r} is not a column"
        params = {p.name: p for p in self.path_params}
        templates = [self.list_path] + ([self.instance_path] if self.instance_path else [])
        templates += [u.path for u in self.unbound if isinstance(u, Through)]
        templates += [u.instance_path for u in self.unbound
                      if isinstance(u, Through) and u.instance_path]
        for template in templates:
            for name in _placeholders(template):
                if name not in params:
                    yield f"path {template!r} has an undeclared parameter {name!r}"
        for p in self.path_params:
            if p.column not in names:
                yield f"path parameter {p.name!r} fills unknown column {p.column!r}"
            try:
                re.compile(p.pattern)
            except re.error as exc:
                yield f"path parameter {p.name!r} has a bad pattern: {exc}"
        if self.instance_path:
            bound = {params[n].column for n in _placeholders(self.instance_path) if n in params}
            if not set(self.key) <= bound:
                yield "the instance path must hold every key column"
        pushdowns = list(self.pushdowns)
        for u in self.unbound:
            pushdowns += list(u.pushdowns) if isinstance(u, Through) else []
            if u.param not in params:
                yield f"unbound rule for unknown path parameter {u.param!r}"
        for p in pushdowns:
            if p.column not in names:
                yield f"pushdown on unknown column {p.column!r}"
                continue
            column = self.column(p.column)
            fits = {PushdownKind.EQUALS: (ColumnType.TEXT,),
                    PushdownKind.BOOLEAN: (ColumnType.BOOLEAN,),
                    PushdownKind.DAY_RANGE: (ColumnType.DATETIME,),
                    PushdownKind.ON_OR_AFTER: (ColumnType.DATE,),
                    PushdownKind.ON_OR_BEFORE: (ColumnType.DATE,),
                    PushdownKind.PARAMETER: (ColumnType.TEXT, ColumnType.BOOLEAN,
                                             ColumnType.INTEGER)}[p.kind]
            if column.type not in fits:
                yield f"{p.kind.value} pushdown on {p.column!r} needs a {fits[0].value} column"
            if (p.kind is PushdownKind.PARAMETER) != column.hidden:
                yield (f"{p.kind.value} pushdown on {p.column!r}: request parameters, and only "
                       "they, are HIDDEN columns")
        if self.retention and not any(
                p.column == self.retention.column and p.kind is PushdownKind.DAY_RANGE
                for p in self.pushdowns):
            yield f"retention on {self.retention.column!r}, which has no day-range pushdown"
        if self.windows and not any(
                p.column == self.windows.column and p.kind is PushdownKind.DAY_RANGE
                for p in self.pushdowns):
            yield f"windows on {self.windows.column!r}, which has no day-range pushdown"
        for c in self.columns:
            if c.hidden and c.field is not None:
                yield f"hidden column {c.name!r} has a field"
            if c.field is None and not c.hidden and c.name not in {p.column for p in
                                                                   self.path_params}:
                yield f"column {c.name!r} has neither a field nor a path parameter"
            for op in ("update", "create"):
                rule = c.write(op)
                for value in (rule.allowed or ()) if rule else ():
                    problem = write_problem(c.type, c.enum, None, value)
                    if problem:
                        yield f"{c.name!r} allows {value!r} to be set, but it {problem}"
            if c.create is not None and self.create is None:
                yield f"column {c.name!r} is creatable, but the table has no create"
            if c.enum and c.type is not ColumnType.TEXT:
                yield f"enum on {c.name!r}, which is not text"
        for group in self.create.required if self.create else ():
            for name in group:
                if name not in names or self.column(name).create is None:
                    yield f"create requires {name!r}, which is not a creatable column"
        if (self.delete or any(c.update for c in self.columns)) and not self.instance_path:
            yield "a table with updates or deletes needs an instance path"

    # -- columns ------------------------------------------------------------------------------

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        """The column called ``name`` (case-insensitive, as SQL identifiers are)."""
        return self.columns[self._index[name.lower()]]

    def index(self, name: str) -> int:
        return self._index[name.lower()]

    def has_column(self, name: str) -> bool:
        return name.lower() in self._index

    @property
    def key_indexes(self) -> tuple[int, ...]:
        return tuple(self.index(k) for k in self.key)

    @property
    def visible_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if not c.hidden)

    @property
    def writable_columns(self) -> tuple[Column, ...]:
        """Columns UPDATE may set, in order."""
        return tuple(c for c in self.columns if c.update is not None)

    def writable(self, op: str) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.write(op) is not None)

    def allows(self, op: str) -> bool:
        """Whether Twilio allows ``op`` ("update", "create" or "delete") on this table."""
        if op == "delete":
            return self.delete
        if op == "create":
            return self.create is not None
        return bool(self.writable_columns)

    # -- paths --------------------------------------------------------------------------------

    def path_param(self, name: str) -> PathParam:
        for p in self.path_params:
            if p.name == name:
                return p
        raise KeyError(name)

    def placeholders(self, template: str) -> tuple[PathParam, ...]:
        """The path parameters of ``template``, in order."""
        return tuple(self.path_param(n) for n in _placeholders(template))

    def path(self, template: str, values: Mapping[str, Any]) -> str | None:
        """The one path builder: ``template`` with each ``{Param}`` replaced by
        ``values[Param]``; None if a value is missing or breaks its parameter's pattern, so
        no such value ever reaches a URL."""
        filled = {}
        for p in self.placeholders(template):
            value = values.get(p.name)
            if not p.matches(value):
                return None
            filled[p.name] = value
        return template.format(**filled)

    def shown_path(self, template: str, values: Mapping[str, Any]) -> str:
        """``template`` with the values known, ``{Param}`` left for the others (EXPLAIN)."""
        filled = {p.name: values[p.name] if p.matches(values.get(p.name)) else "{" + p.name + "}"
                  for p in self.placeholders(template)}
        return template.format(**filled)

    # -- rows ---------------------------------------------------------------------------------

    def row_converter(self, columns: Iterable[int] | None = None
                      ) -> Callable[[Mapping[str, Any]], tuple[Any, ...]]:
        """A function turning an API record into the SQL row, in column order.

        With ``columns`` (indexes), only those are converted and the others are None: every row
        of every scan goes through here, and most queries read only a few columns. A column
        filled by a path parameter, and a request parameter a filter sent, read the record's
        key of the column's name, which the planner sets.
        """
        wanted = set(range(len(self.columns)) if columns is None else columns)
        # Generated as one tuple expression, e.g. (g('sid'), None, d(g('date_created')), …):
        # no per-column loop, and columns the statement does not read cost nothing.
        parts = []
        namespace: dict[str, Any] = {}
        converted: list[tuple[Column, str]] = []
        echoed = {p.column for p in self.pushdowns if p.kind is PushdownKind.PARAMETER}
        for i, c in enumerate(self.columns):
            if i not in wanted or (c.hidden and c.name not in echoed):
                parts.append("None")
                continue
            source = c.field if c.field is not None else c.name
            namespace[f"c{i}"] = from_api(c.type)
            converted.append((c, source))
            if c.type is ColumnType.TEXT:
                # Nearly every text field is a str already: only the others pay a call.
                parts.append(f"(v{i} if (v{i} := g({source!r})).__class__ is str "
                             f"else c{i}(v{i}))")
            else:
                parts.append(f"c{i}(g({source!r}))")
        # A value no conversion can take names its table, column and field (the try costs
        # nothing while nothing fails).
        namespace["unreadable"] = lambda record, exc: self._unreadable(record, converted, exc)
        source = (f"def convert(record):\n    try:\n        g = record.get\n"
                  f"        return ({', '.join(parts)},)\n"
                  f"    except Exception as exc:\n"
                  f"        raise unreadable(record, exc) from exc")
        exec(source, namespace)  # noqa: S102 - generated from the declaration above
        return namespace["convert"]  # type: ignore[no-any-return]

    def _unreadable(self, record: Any, converted: list[tuple[Column, str]], exc: Exception
                    ) -> ValueError:
        """The error for a record a conversion failed on, naming the column and field."""
        if isinstance(record, Mapping):
            for c, field in converted:
                value = record.get(field)
                try:
                    from_api(c.type)(value)
                except Exception as failed:  # noqa: BLE001 - reported, with the value
                    return ValueError(f"{self.name}.{c.name}: cannot read the value Twilio "
                                      f"sent in {field!r}, {str(value)[:80]!r}: {failed}")
        # (Not the record itself: it may carry a credential, which no column holds.)
        return ValueError(f"{self.name}: cannot read a record Twilio sent (a "
                          f"{type(record).__name__}): {exc}")

    def row_from_record(self, record: Mapping[str, Any]) -> tuple[Any, ...]:
        """The SQL row of one API record, every column converted."""
        return self.row_converter()(record)

    def create_table_sql(self, instants: str | None = None) -> str:
        """The ``CREATE TABLE`` text SQLite is given for the virtual table (no secrets).

        ``instants`` names the collation its datetime and date columns compare by (the
        virtual table's: the instants they name); without it they compare as text."""
        collate = f" COLLATE {instants}" if instants else ""
        cols = ", ".join(
            f'"{c.name}" {c.type.value}'
            + (" HIDDEN" if c.hidden else "")
            + (collate if c.type in (ColumnType.DATETIME, ColumnType.DATE) else "")
            for c in self.columns)
        return f'CREATE TABLE "{self.name}" ({cols})'

    # -- writes: what Twilio allows, in words ---------------------------------------------------

    def refusal_message(self, what: str) -> str:
        """The error for rows being ``what`` ("added", "deleted") where Twilio allows neither,
        or where the table cannot make the write Twilio allows."""
        why = dict(self.refused).get(what)
        if why is not None:
            return f"{self.name} cannot be {what} here: {why}"
        return f"Twilio does not allow {self.name} to be {what}"

    def readonly_message(self, names: list[str], op: str = "update") -> str:
        """The error for an attempt to set the columns ``names``, which ``op`` cannot set."""
        allowed = []
        for c in self.writable(op):
            rule = c.write(op)
            values = rule.allowed if rule else None
            allowed.append(c.name + (" (to " + " or ".join(repr(v) for v in values) + ")"
                                     if values else ""))
        if not allowed:
            return self.refusal_message("added" if op == "create" else "changed")
        cols = ", ".join(f"{self.name}.{n}" for n in names)
        verb = "is" if len(names) == 1 else "are"
        if op == "create":
            return (f"{cols} cannot be given when adding {self.name}: Twilio takes only "
                    f"{', '.join(allowed)}")
        return f"{cols} {verb} read-only: Twilio allows only {', '.join(allowed)} to be set"

    def bad_value_message(self, name: str, value: Any, op: str = "update") -> str | None:
        """The error for setting column ``name`` to ``value``, or None if Twilio allows it."""
        column = self.column(name)
        rule = column.write(op)
        if rule is None:
            return self.readonly_message([column.name], op)
        if rule.allowed is not None:
            if any(_same(value, a) for a in rule.allowed):
                return None
            shown = "NULL" if value is None else repr(value)
            allowed = " or ".join(repr(a) for a in rule.allowed)
            return f"{self.name}.{column.name} can only be set to {allowed}, not {shown}"
        problem = write_problem(column.type, column.enum, column.max_length, value)
        return f"{self.name}.{column.name} {problem}" if problem else None

    def form_value(self, name: str, value: Any) -> str:
        """``value`` of column ``name`` as Twilio's form parameter takes it."""
        return to_form(self.column(name).type, value)


def _same(value: Any, allowed: Any) -> bool:
    # 'completed' is not 1, but a boolean's 1 from SQLite is True.
    return value == allowed and isinstance(value, str) == isinstance(allowed, str)
