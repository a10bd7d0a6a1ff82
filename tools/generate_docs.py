"""Write what is derived from the table declarations: the README's table reference and the
typed stub of the ORM models.

    python tools/generate_docs.py           # write README.md's table section, models.pyi
    python tools/generate_docs.py --check   # exit 1 if either differs from the declarations

The README's section lies between ``<!-- tables:start -->`` and ``<!-- tables:end -->``.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy_twilio.models import relationship_names  # noqa: E402
from sqlalchemy_twilio.resources import (  # noqa: E402
    RESOURCES,
    ColumnType,
    FanOut,
    PushdownKind,
    Resource,
    Through,
)

README = ROOT / "README.md"
STUB = ROOT / "sqlalchemy_twilio" / "models.pyi"
START, END = "<!-- tables:start -->", "<!-- tables:end -->"
ACCOUNT = "/2010-04-01/Accounts/{AccountSid}"

_TYPES = {ColumnType.TEXT: "text", ColumnType.INTEGER: "integer", ColumnType.DECIMAL: "decimal",
          ColumnType.BOOLEAN: "boolean", ColumnType.DATETIME: "datetime (UTC)",
          ColumnType.DATE: "date", ColumnType.JSON: "JSON text"}
_PYTHON = {ColumnType.TEXT: "str", ColumnType.INTEGER: "int", ColumnType.DECIMAL: "Decimal",
           ColumnType.BOOLEAN: "bool", ColumnType.DATETIME: "_dt.datetime",
           ColumnType.DATE: "_dt.date", ColumnType.JSON: "Any"}


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _literal(value: str) -> str:
    """A value as SQL writes it, so an empty string shows as ``''``."""
    return "`'" + value.replace("'", "''") + "'`"


def _short(path: str) -> str:
    return path.removeprefix(ACCOUNT) or path


def table_section(r: Resource) -> str:
    lines = [f"### `{r.name}`", "", _cell(r.description), ""]
    lines += [f"- {note}" for note in r.notes] + ([""] if r.notes else [])
    lines += ["| column | type | from Twilio's | notes |", "|---|---|---|---|"]
    path_columns = {p.column for p in r.path_params}
    for c in r.visible_columns:
        notes = []
        if c.name in r.key:
            notes.append("key")
        if c.update:
            allowed = c.update.allowed
            notes.append("**writable**" + (" (to " + ", ".join(_literal(a) for a in allowed)
                                           + ")" if allowed else ""))
        if c.create and c.name not in path_columns:
            notes.append("set by INSERT")
        if c.enum:
            notes.append("one of " + ", ".join(f"`{e}`" for e in c.enum))
        source = f"`{c.field}`" if c.field else "the path"
        lines.append(f"| `{c.name}` | {_TYPES[c.type]} | {source} | {'; '.join(notes)} |")
    hidden = [c for c in r.columns if c.hidden]
    if hidden:
        def ops(c):
            named = [s for op, s in (("update", "UPDATE"), ("create", "INSERT")) if c.write(op)]
            return "/".join(named) or "a filter in WHERE"
        lines += ["", "HIDDEN request parameters (not in `SELECT *`, NULL when read unless "
                  "WHERE sets them, settable where named): " + ", ".join(
                      f"`{c.name}` ({ops(c)})" for c in hidden) + "."]
    lines += ["", "Requests:", ""]
    lines.append(f"- list: `GET {_short(r.list_path)}`")
    if r.instance_path:
        key = " and ".join(f"`{p.column}`" for p in r.placeholders(r.instance_path)
                           if p.name != "AccountSid")
        lines.append(f"- `=` / `IN` on {key}: one `GET {_short(r.instance_path)}` per row")
    parents = [p for p in r.placeholders(r.list_path) if p.name != "AccountSid"]
    for p in parents:
        lines.append(f"- `=` / `IN` on `{p.column}`: that {p.column}'s list (one stream per "
                     f"value, concurrently)")
    for rule in r.unbound:
        if isinstance(rule, FanOut):
            where = "; ".join(f"{col} in {', '.join(vals)}" for col, vals in rule.parent_where)
            why = f"{where}: {rule.why}" if where else rule.why
            lines.append(f"- no `{rule.param}` condition: lists the `{rule.parent}` rows "
                         f"({why}), then each one's list, concurrently, at most "
                         "`max_fanout` of them")
        elif isinstance(rule, Through):
            there = ", ".join(f"`{p.column}` → `{p.param}`" for p in rule.pushdowns)
            lines.append(f"- no `{rule.param}` condition: one read of `GET "
                         f"{_short(rule.path)}`, keeping the records with a "
                         f"`{rule.keep_field}` ({rule.why})" + (f"; there {there}" if there
                                                                 else ""))
            if rule.instance_path:
                keys = " and ".join(f"`{p.column}`" for p in r.placeholders(rule.instance_path)
                                    if p.name != "AccountSid")
                lines.append(f"- `=` / `IN` on {keys} alone: one `GET "
                             f"{_short(rule.instance_path)}` per row")
    for p in r.pushdowns:
        how = {PushdownKind.EQUALS: f"`{p.column} =` / `IN` → `{p.param}=…`",
               PushdownKind.BOOLEAN: f"`{p.column} =` true/false → `{p.param}=true|false`",
               PushdownKind.DAY_RANGE: f"`{p.column}` with `= < <= > >=` → `{p.param}`, "
                                       f"`{p.param}<`, `{p.param}>` (whole UTC days, "
                                       "widened; SQLite re-checks)",
               PushdownKind.ON_OR_AFTER: f"`{p.column}` with `>= > =` → `{p.param}=` the "
                                         "first day it allows",
               PushdownKind.ON_OR_BEFORE: f"`{p.column}` with `<= < =` → `{p.param}=` the "
                                          "last day it allows",
               PushdownKind.PARAMETER: f"`{p.column} =` (a request parameter) → "
                                       f"`{p.param}=…`; the rows carry the value"}[p.kind]
        if p.superset:
            how += (" (Twilio answers with more rows, such as partial matches: SQLite keeps "
                    "the exact ones, and no LIMIT is sent with it)")
        lines.append(f"- {how}")
    if r.retention:
        lines.append(f"- `{r.retention.column}` ranges are clamped to the {r.retention.days} "
                     "days Twilio serves; one wholly outside them sends nothing")
    writes = []
    if r.writable_columns:
        names = ", ".join(f"`{c.name}`" for c in r.writable_columns)
        writes.append(f"UPDATE sets {names}: one `POST` per matching row that changes")
    if r.delete:
        writes.append("DELETE: one `DELETE` per matching row")
    if r.create:
        need = " and ".join(" or ".join(f"`{n}`" for n in g) for g in r.create.required)
        needs = f" (needs {need})" if need else ""
        writes.append(f"INSERT{needs}: one `POST` to the list per row — it "
                      f"{r.create.effect}")
    if not r.writable_columns and "changed" in dict(r.refused):
        writes.append(f"UPDATE is refused: {r.refusal_message('changed')}")
    if not r.create:
        writes.append(f"INSERT is refused: {r.refusal_message('added')}")
    if not r.delete:
        writes.append(f"DELETE is refused: {r.refusal_message('deleted')}")
    lines += ["", "Writes: " + "; ".join(writes) + "."]
    return "\n".join(lines)


def readme_section() -> str:
    names = ", ".join(f"[`{n}`](#{n.lower()})" for n in RESOURCES)
    parts = [START, "", f"Every table, from its declaration: {names}.", ""]
    parts += [table_section(r) + "\n" for r in RESOURCES.values()]
    return "\n".join(parts) + END


def stub() -> str:
    out = ['"""Types of :mod:`sqlalchemy_twilio.models`, generated from the table declarations by',
           '``tools/generate_docs.py``: change the declarations and run it again."""', "",
           "import datetime as _dt", "from decimal import Decimal", "from typing import Any",
           "", "from sqlalchemy import MetaData, Table", "from sqlalchemy.orm import Mapped", "",
           "from .resources import Reference, Resource", "",
           "metadata: MetaData", "Base: Any", "",
           "def table_for(resource: Resource, meta: MetaData) -> Table: ...",
           "def model_for(table: str) -> Any: ...",
           "def relationship_names(ref: Reference, child: Resource, parent: Resource"
           ") -> tuple[str, str]: ...",
           ""]
    children: dict[str, list[tuple[str, str]]] = {}
    parents: dict[str, list[tuple[str, str]]] = {}
    for r in RESOURCES.values():
        for ref in r.references:
            parent = RESOURCES[ref.table]
            many, one = relationship_names(ref, r, parent)
            children.setdefault(parent.name, []).append((many, r.model))
            parents.setdefault(r.name, []).append((one, parent.model))
    for r in RESOURCES.values():
        doc = textwrap.fill(r.description, 92, initial_indent="    ", subsequent_indent="    ")
        out += ["", f"class {r.model}(Base):", f'    """{doc.strip()}"""', ""]
        for c in r.columns:
            kind = _PYTHON[c.type]
            required = c.name in r.key
            out.append(f"    {c.name}: Mapped[{kind if required else kind + ' | None'}]")
        for name, model in children.get(r.name, []):
            out.append(f"    {name}: Mapped[list[{model}]]")
        for name, model in parents.get(r.name, []):
            out.append(f"    {name}: Mapped[{model} | None]")
    return "\n".join(out) + "\n"


def outputs() -> dict[Path, str]:
    text = README.read_text(encoding="utf-8")
    if START not in text or END not in text:
        raise SystemExit(f"README.md has no {START} … {END} section")
    before, rest = text.split(START, 1)
    after = rest.split(END, 1)[1]
    return {README: before + readme_section() + after, STUB: stub()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    stale = [p for p, text in outputs().items()
             if not p.exists() or p.read_text(encoding="utf-8") != text]
    if args.check:
        for p in stale:
            print(f"out of date: {p.relative_to(ROOT)}", file=sys.stderr)
        return 1 if stale else 0
    for p, text in outputs().items():
        p.write_text(text, encoding="utf-8")
    print("wrote " + ", ".join(str(p.relative_to(ROOT)) for p in outputs()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
