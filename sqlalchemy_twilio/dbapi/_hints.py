"""What to write instead: the hint added to SQLite's message for an unknown name.

SQLite says *what* it could not find (``no such column: FriendlyName``, ``near "From": syntax
error``); the declarations know what the statement's tables call things. A hint names the
columns of the tables the statement mentions only, the closest first, with the Twilio field each
comes from, and stays one short line however many tables the statement names.

The statement's tables are found by looking at its identifiers (after dropping string literals
and comments) for declared table names, and at the word after each for its alias. Nothing here
parses SQL: SQLite has already rejected the statement, and the hint only has to point near the
mistake.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass

import apsw

from ..resources import RESOURCES, Column, Resource

__all__ = ["hint"]

#: At most this many columns are named in one hint.
MAX_COLUMNS = 8
#: At most this many tables' columns are named in one hint.
MAX_TABLES = 3
#: A hint is cut (by naming fewer columns) to at most this many characters.
MAX_HINT = 300
#: How alike two names must be (difflib's ratio, 0 to 1) to be offered as "did you mean".
CLOSE = 0.6

_KEYWORDS = frozenset(k.lower() for k in apsw.keywords)

# String literals and comments (skipped), quoted identifiers, words, and any other character.
_TOKENS = re.compile(r"""
      '(?:[^']|'')*'?                       # a string literal
    | --[^\n]* | /\*.*?(?:\*/|\Z)           # comments
    | "(?P<dq>(?:[^"]|"")*)"? | \[(?P<br>[^\]]*)\]? | `(?P<bt>(?:[^`]|``)*)`?
    | (?P<word>[^\W\d]\w*)
    | (?P<other>\S)
""", re.VERBOSE | re.DOTALL)


def hint(message: str, statement: str | None) -> str:
    """What to add to SQLite's ``message`` about ``statement``: " (…)" or ""."""
    if match := re.fullmatch(r"no such column: (.+)", message):
        qualifier, _, name = match[1].rpartition(".")
        return _column_hint(name, qualifier.rpartition(".")[2], _Scope.of(statement))
    if match := re.fullmatch(r"table (.+) has no column named (.+)", message):
        return _column_hint(match[2], match[1], _Scope.of(statement), say_qualifier=False)
    if message.startswith("no such table: "):
        return _table_hint(message.removeprefix("no such table: ").rpartition(".")[2])
    if match := re.fullmatch(r'near "(.+)": syntax error', message):
        return _keyword_hint(match[1], _Scope.of(statement))
    return ""


# -- the statement's tables -------------------------------------------------------------------

@dataclass(frozen=True)
class _Scope:
    """The Twilio tables a statement names, in order, and the aliases it gives them."""

    tables: tuple[Resource, ...] = ()
    aliases: tuple[tuple[str, Resource], ...] = ()

    @classmethod
    def of(cls, statement: str | None) -> _Scope:
        # (identifier, written as a bare word) for every token; None for other characters.
        tokens: list[tuple[str, bool] | None] = []
        for m in _TOKENS.finditer(statement or ""):
            if m["word"] is not None:
                tokens.append((m["word"], True))
            elif (quoted := m["dq"] or m["br"] or m["bt"]) is not None:
                tokens.append((quoted, False))
            elif m["other"] is not None:
                tokens.append(None)
        tables: dict[str, Resource] = {}
        aliases: dict[str, Resource] = {}
        for i, token in enumerate(tokens):
            resource = _by_lower().get(token[0].lower()) if token else None
            if resource is None:
                continue
            tables.setdefault(resource.name, resource)
            following = tokens[i + 1:i + 3]
            if following and following[0] and following[0][0].lower() == "as":
                following = following[1:]
            alias = following[0] if following else None
            if alias and not (alias[1] and alias[0].lower() in _KEYWORDS):
                aliases.setdefault(alias[0].lower(), resource)
        return cls(tuple(tables.values()), tuple(aliases.items()))

    def named(self, qualifier: str) -> Resource | None:
        """The table ``qualifier`` (an alias or a table's name) stands for."""
        q = qualifier.lower()
        return dict(self.aliases).get(q) or _by_lower().get(q)

    def qualifier(self, table: Resource) -> str:
        """How the statement can name ``table``: by its alias, if it gives one."""
        return next((a for a, r in self.aliases if r is table), table.name)


@functools.cache
def _by_lower() -> dict[str, Resource]:
    return {name.lower(): r for name, r in RESOURCES.items()}


# -- no such column ---------------------------------------------------------------------------

def _fold(name: str) -> str:
    return name.replace("_", "").lower()


@functools.cache
def _names_for_field() -> dict[str, frozenset[str]]:
    """Every column name the declarations give each Twilio field, folded."""
    names: dict[str, set[str]] = {}
    for r in RESOURCES.values():
        for c in r.columns:
            if c.field:
                names.setdefault(_fold(c.field), set()).add(_fold(c.name))
    return {field: frozenset(n) for field, n in names.items()}


def _likeness(wanted: str, column: Column) -> tuple[float, bool]:
    """How close ``wanted`` is to ``column``, by its name and by its Twilio field (or what
    another table calls that field); and whether the field was the closer."""
    w = _fold(wanted)

    def ratio(name: str) -> float:
        return difflib.SequenceMatcher(None, w, name).ratio()

    by_name = ratio(_fold(column.name))
    field = _fold(column.field) if column.field else ""
    by_field = max((ratio(n) for n in {field, *_names_for_field().get(field, ())} if n),
                   default=0.0)
    return max(by_name, by_field), by_field > by_name


@dataclass(frozen=True)
class _Match:
    """A column that ``wanted`` may mean, and how close it is (0: not close at all)."""

    table: Resource
    column: Column
    score: float
    by_field: bool


def _ranked(wanted: str, tables: tuple[Resource, ...]) -> list[_Match]:
    """The columns of ``tables``: the close ones first, the closest first; then the others in
    the order of the statement's tables and their declarations."""
    matches = []
    for r in tables:
        for c in r.columns:
            score, by_field = _likeness(wanted, c)
            matches.append(_Match(r, c, score if score >= CLOSE else 0.0, by_field))
    return sorted(matches, key=lambda m: m.score, reverse=True)  # stable: ties keep order


def _column_hint(name: str, qualifier: str, scope: _Scope, *, say_qualifier: bool = True
                 ) -> str:
    table = scope.named(qualifier) if qualifier else None
    tables = (table,) if table else scope.tables
    if not tables:
        return ""
    one = len(tables) == 1
    ranked = _ranked(name, tables)
    best = ranked[0]
    elsewhere = next((r for r in scope.tables if r is not table and r.has_column(name)), None)
    parts = []
    if say_qualifier and table and elsewhere and best.score < 1:
        # A column of another of the statement's tables, under the wrong qualifier.
        parts.append(f"did you mean {scope.qualifier(elsewhere)}."
                     f"{elsewhere.column(name).name}?")
    elif best.score:
        if not say_qualifier or (one and not qualifier):
            meant = best.column.name
        else:
            meant = (f"{qualifier if table else scope.qualifier(best.table)}."
                     f"{best.column.name}")
        if _fold(meant) != _fold(f"{qualifier}.{name}" if qualifier else name):
            parts.append(f"did you mean {meant}?")
        if best.by_field:
            parts.append(f"{best.table.name}.{best.column.name} is Twilio's "
                         f"{best.column.field};")
    said = " ".join(parts)
    listed = _columns(ranked, tables, scope, MAX_HINT - len(said) - 1)
    return f" ({said} {listed})" if said else f" ({listed})"


def _columns(ranked: list[_Match], tables: tuple[Resource, ...], scope: _Scope, room: int
             ) -> str:
    """The columns of ``tables``, closest first, as many as fit in ``room`` characters."""
    if len(tables) == 1:
        names = [m.column.name for m in ranked]

        def text(count: int) -> str:
            more = f", … (twilio-sql --describe {tables[0].name} lists all)"
            return (f"columns of {tables[0].name}, closest first: {', '.join(names[:count])}"
                    + (more if count < len(names) else ""))
    else:
        # Table by table, the one with the closest column first.
        by_table: dict[str, list[str]] = {}
        for m in ranked:
            by_table.setdefault(m.table.name, []).append(m.column.name)
        shown = list(by_table.items())[:MAX_TABLES]

        def label(table: str) -> str:
            alias = scope.qualifier(RESOURCES[table])
            return table if alias == table else f"{table} ({alias})"

        def text(count: int) -> str:
            groups = "; ".join(
                f"{label(t)}: {', '.join(cs[:count])}{', …' if count < len(cs) else ''}"
                for t, cs in shown)
            rest = (f"; and {len(by_table) - len(shown)} more tables" if len(by_table) >
                    len(shown) else "")
            return f"columns, closest first: {groups}{rest} (twilio-sql --describe TABLE)"

    count = MAX_COLUMNS if len(tables) == 1 else max(1, MAX_COLUMNS // len(shown))
    while count > 1 and len(text(count)) > room:
        count -= 1
    return text(count)


def _listed(names: list[str], most: int = 3) -> str:
    """``names`` joined for a sentence: at most ``most`` of them, then how many more."""
    if len(names) > most:
        return f"{', '.join(names[:most])} and {len(names) - most} more tables"
    return " and ".join(names) if len(names) < 3 else f"{names[0]}, {names[1]} and {names[2]}"


# -- no such table ----------------------------------------------------------------------------

def _table_hint(name: str) -> str:
    tables = sorted(RESOURCES)
    by_lower = {t.lower(): t for t in tables}
    close = [by_lower[t] for t in difflib.get_close_matches(name.lower(), by_lower, n=3,
                                                            cutoff=CLOSE)]
    if len(tables) > 12:
        guess = f"did you mean {' or '.join(close)}? " if close else ""
        return f" ({guess}twilio-sql --tables lists the {len(tables)} Twilio tables)"
    return f" (Twilio tables: {', '.join(tables)})"


# -- a column named like a keyword ------------------------------------------------------------

def _keyword_hint(word: str, scope: _Scope) -> str:
    if word.lower() not in _KEYWORDS:
        return ""
    having = [r for r in scope.tables if r.has_column(word)] or [
        r for r in RESOURCES.values() if r.has_column(word)]
    if not having:
        return ""
    column = having[0].column(word).name
    of = (f"the column {having[0].name}.{column}" if len(having) == 1 else
          f"the column {column} of {_listed([r.name for r in having])}")
    return f' ({column} is an SQL keyword: to name {of}, quote it: "{column}")'
