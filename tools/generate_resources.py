"""Write the table declarations of ``sqlalchemy_twilio/resources/tables/`` from Twilio's spec.

    python tools/generate_resources.py           # write the modules
    python tools/generate_resources.py --check   # exit 1 if the committed ones differ

Reads Twilio's OpenAPI description (vendored with its licence in
``sqlalchemy_twilio/emulator/spec/``, where the emulator reads it too) and
``tools/overrides.py`` (what the spec cannot say). For each list resource named there:
columns from the record schema (PascalCase of the field; types from the schema's type and
format; enums; descriptions), path parameters with their patterns, pushdowns from the list's
query parameters, and writes from the instance's POST (update), the list's POST (create) and
the instance's DELETE. Request parameters that are not record fields become HIDDEN columns;
fields and parameters that hold credentials are left out. Each declaration is built (and so
validated) before it is written.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import textwrap
from dataclasses import MISSING, fields, is_dataclass
from enum import Enum
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _declaration_model_only() -> None:
    # The package's resources/__init__ imports the generated tables; the generator must run
    # even when they are stale or missing, so it loads the declaration model on its own.
    import types

    package = types.ModuleType("sqlalchemy_twilio.resources")
    package.__path__ = [str(ROOT / "sqlalchemy_twilio" / "resources")]
    sys.modules.setdefault("sqlalchemy_twilio.resources", package)


_declaration_model_only()

from sqlalchemy_twilio.resources._declaration import (  # noqa: E402
    Column,
    ColumnType,
    Create,
    FanOut,
    PathParam,
    Pushdown,
    PushdownKind,
    Resource,
    Through,
    Write,
)
from tools.overrides import NUMBER_FIELDS, SECRET, TABLES  # noqa: E402

SPEC = ROOT / "sqlalchemy_twilio" / "emulator" / "spec" / "twilio_api_v2010.json"
OUT = ROOT / "sqlalchemy_twilio" / "resources" / "tables"
API = "/2010-04-01/"
ACCOUNT = "/2010-04-01/Accounts/{AccountSid}"
PAGING = {"PageSize", "Page", "PageToken"}
WIDTH = 100


# -- names -------------------------------------------------------------------------------------

def pascal(text: str) -> str:
    """``call_sid_to_coach`` → ``CallSidToCoach``; ``SIP`` → ``Sip``."""
    if "_" in text or text.islower():
        return "".join(part[:1].upper() + part[1:] for part in text.split("_"))
    return text[:1].upper() + text[1:].lower() if text.isupper() else text


def snake(text: str) -> str:
    """``EndConferenceOnExit`` → ``end_conference_on_exit``."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", text).lower()


def singular(word: str) -> str:
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "xes")):
        return word[:-2]
    return word[:-1] if word.endswith("s") else word


def table_name(relative: str) -> str:
    """The path below the account in PascalCase, parents singular."""
    parts = relative.removesuffix(".json").strip("/").split("/")
    words = []
    for i, part in enumerate(parts):
        if part.startswith("{"):
            continue
        parent = i + 1 < len(parts) and parts[i + 1].startswith("{")
        words.append(singular(pascal(part)) if parent else pascal(part))
    return "".join(words)


def constant(name: str) -> str:
    return snake(name).upper()


# -- the spec ----------------------------------------------------------------------------------

class Spec:
    def __init__(self, path: Path) -> None:
        self.data = json.loads(path.read_text(encoding="utf-8"))
        self.paths: dict[str, Any] = self.data["paths"]
        self.schemas: dict[str, Any] = self.data["components"]["schemas"]

    def deref(self, schema: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in schema:
            schema = self.schemas[schema["$ref"].rsplit("/", 1)[1]]
        return schema

    def list_schema(self, path: str) -> tuple[str, dict[str, Any]]:
        """(list key, record schema) of a list path."""
        response = self.paths[path]["get"]["responses"]["200"]["content"]["application/json"]
        props = response["schema"]["properties"]
        (key,) = [k for k, v in props.items() if v.get("type") == "array"]
        return key, self.deref(props[key]["items"])

    def instance_of(self, list_path: str) -> str | None:
        base = list_path.removesuffix(".json")
        for path in self.paths:
            if re.fullmatch(re.escape(base) + r"/\{\w+\}\.json", path):
                return path
        return None

    def parameters(self, path: str, method: str, where: str) -> list[dict[str, Any]]:
        return [p for p in self.paths[path].get(method, {}).get("parameters", [])
                if p["in"] == where]

    def form(self, path: str, method: str) -> tuple[dict[str, Any], list[str]]:
        """(properties, required) of a POST's form body."""
        body = self.paths[path].get(method, {}).get("requestBody")
        if not body:
            return {}, []
        schema = body["content"]["application/x-www-form-urlencoded"]["schema"]
        return schema.get("properties", {}), list(schema.get("required", []))


def clean(text: str | None) -> str:
    """A spec description as one plain line: links and code marks removed."""
    if not text:
        return ""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = text.replace("`", "").replace("\\", "")
    text = " ".join(text.split())
    if len(text) > 300:
        cut = text[:300].rfind(". ")
        text = text[:cut + 1] if cut > 80 else text[:297] + "..."
    return text


# How the spec says a datetime is written on the wire; in SQL it is a UTC datetime.
_WIRE_FORMAT = re.compile(
    r",?\s*(?:specified |given )?(?:as (?:GMT|UTC) )?(?:in (?:GMT|UTC) (?:and )?)?"
    r"in RFC 2822 format")


def as_sql_datetime(text: str) -> str:
    """A datetime field's description, saying what SQL holds rather than what Twilio sends."""
    text = text.replace("The RFC 2822 timestamp (in GMT) of when", "When (UTC)")
    zoned = re.search(r"\b(?:GMT|UTC)\b", _WIRE_FORMAT.sub("", text)) is not None
    return _WIRE_FORMAT.sub("" if zoned else " (UTC)", text).replace(" GMT ", " UTC ")


def column_type(spec: Spec, field: str | None, schema: dict[str, Any]) -> ColumnType:
    schema = spec.deref(schema)
    kind, fmt = schema.get("type"), schema.get("format")
    if field in NUMBER_FIELDS and kind in ("string", "number", "integer", None):
        return ColumnType[NUMBER_FIELDS[field]]
    if kind == "boolean":
        return ColumnType.BOOLEAN
    if kind == "integer":
        return ColumnType.INTEGER
    if kind == "number":
        return ColumnType.DECIMAL
    if kind in ("object", "array") or kind is None:
        return ColumnType.JSON
    if fmt in ("date-time-rfc-2822", "date-time"):
        return ColumnType.DATETIME
    if fmt == "date":
        return ColumnType.DATE
    return ColumnType.TEXT


def enum_of(spec: Spec, schema: dict[str, Any]) -> tuple[str, ...]:
    return tuple(spec.deref(schema).get("enum") or ())


# -- one table ---------------------------------------------------------------------------------

def build(spec: Spec, relative: str, over: dict[str, Any]) -> Resource:
    list_path = relative if relative.startswith(API) else ACCOUNT + relative
    instance_path = spec.instance_of(list_path)
    list_key, record = spec.list_schema(list_path)
    secret = re.compile(SECRET)
    name = over.get("name") or table_name(relative)

    # Columns from the record's fields, in the spec's order (or the override's).
    props = {k: v for k, v in record["properties"].items() if not secret.search(k)}
    order = over.get("order") or tuple(props)
    column_overrides = over.get("columns", {})
    columns: dict[str, dict[str, Any]] = {}
    by_field: dict[str, str] = {}
    for field in order:
        schema = props[field]
        extra = column_overrides.get(field, {})
        col_name = extra.get("name", pascal(field))
        enum = enum_of(spec, schema)
        kind = ColumnType[extra["type"]] if "type" in extra else column_type(spec, field, schema)
        max_length = extra.get("max_length", schema.get("maxLength")
                               if kind is ColumnType.TEXT and not schema.get("pattern") else None)
        description = extra.get("description") or clean(schema.get("description")) or (
            "One of: " + ", ".join(enum) + "." if enum else col_name + ".")
        if kind is ColumnType.DATETIME:
            description = as_sql_datetime(description)
        columns[col_name] = dict(name=col_name, field=field, type=kind,
                                 description=description, nullable=extra.get("nullable", True),
                                 enum=enum if kind is ColumnType.TEXT else (),
                                 max_length=max_length)
        by_field[field] = col_name

    # Path parameters: every placeholder of the paths the table uses.
    patterns = dict(over.get("path_patterns", {}))
    through_rules = [u for u in over.get("unbound", ()) if isinstance(u, dict)]
    templates = [list_path] + ([instance_path] if instance_path else [])
    for rule in through_rules:
        other = ACCOUNT + rule["through"]
        templates += [other] + ([spec.instance_of(other)] if spec.instance_of(other) else [])
    path_params: dict[str, PathParam] = {}
    for template in templates:
        for prm in spec.parameters(template, "get", "path") or spec.parameters(
                template, "post", "path"):
            if prm["name"] in path_params:
                continue
            pattern = patterns.get(prm["name"]) or prm["schema"].get("pattern", "")
            pattern = pattern.removeprefix("^").removesuffix("$")
            if not pattern:
                raise SystemExit(f"{name}: path parameter {prm['name']} has no pattern; give "
                                 "one in tools/overrides.py")
            col = by_field.get(snake(prm["name"]), prm["name"])
            if col not in columns:
                columns[col] = dict(name=col, field=None, type=ColumnType.TEXT,
                                    description=clean(prm.get("description")), nullable=True)
            path_params[prm["name"]] = PathParam(prm["name"], col, pattern)

    hidden: dict[str, dict[str, Any]] = {}
    supersets = set(over.get("superset_filters", ()))

    def pushdowns_of(path: str, skip: set[str], own: bool) -> list[Pushdown]:
        found: dict[str, Pushdown] = {}
        for prm in spec.parameters(path, "get", "query"):
            base = prm["name"].rstrip("<>")
            if base in PAGING or base in found:
                continue
            col = by_field.get(snake(base))
            if col is None:
                if not own:
                    continue  # a filter only another list takes
                # A filter that is not a record field (IncludeSoftDeleted): a request
                # parameter, whose value the rows then carry.
                hidden.setdefault(base, dict(
                    name=base, field=None, hidden=True,
                    type=column_type(spec, None, prm["schema"]),
                    description=clean(prm.get("description")) or base + "."))
                found[base] = Pushdown(base, PushdownKind.PARAMETER, base)
                continue
            if col in skip:
                continue
            kind = columns[col]["type"]
            text = (prm.get("description") or "").lower()
            if kind is ColumnType.DATETIME:
                before = next((q.get("description") or "" for q in spec.parameters(
                    path, "get", "query") if q["name"] == base + "<"), "").lower()
                strict = "before this date" in before and "on or before" not in before
                found[base] = Pushdown(col, PushdownKind.DAY_RANGE, base,
                                       before_is_strict=strict)
            elif kind is ColumnType.DATE and "on or after" in text:
                found[base] = Pushdown(col, PushdownKind.ON_OR_AFTER, base,
                                       shapes=bool(over.get("dates_shape")))
            elif kind is ColumnType.DATE and "on or before" in text:
                found[base] = Pushdown(col, PushdownKind.ON_OR_BEFORE, base,
                                       shapes=bool(over.get("dates_shape")))
            elif kind is ColumnType.BOOLEAN:
                found[base] = Pushdown(col, PushdownKind.BOOLEAN, base,
                                       superset=base in supersets)
            elif kind is ColumnType.TEXT:
                pattern = prm["schema"].get("pattern", "").removeprefix("^").removesuffix("$")
                if not pattern and spec.deref(prm["schema"]).get("type") == "integer":
                    # A text field the filter takes as a number (a log level): a value that is
                    # not one matches nothing, and is not sent.
                    pattern = "[0-9]+"
                found[base] = Pushdown(col, PushdownKind.EQUALS, base, pattern or None,
                                       superset=base in supersets)
        return list(found.values())

    path_columns = {p.column for p in path_params.values()}
    pushdowns = pushdowns_of(list_path, path_columns, own=True)

    # Writes: the instance's POST updates, the list's POST creates (unless it needs a secret).
    skip = set(over.get("skip_params", ()))
    _, needed = spec.form(list_path, "post")
    secrets = [p for p in needed if secret.search(p)]
    for op, path in (("update", instance_path), ("create", None if secrets else list_path)):
        if not path:
            continue
        # What an update may set a column to (Body only to ''); a create takes the spec's.
        allowed = over.get("update_allowed", {}) if op == "update" else {}
        form, _ = spec.form(path, "post")
        for param, schema in form.items():
            if param in skip or secret.search(param):
                continue
            target_schema = spec.deref(schema)
            many = target_schema.get("type") == "array"
            col = by_field.get(snake(param))
            if col is not None and col not in path_columns:
                enum = enum_of(spec, schema)
                values = tuple(allowed.get(param, enum if enum != columns[col]["enum"] else ()))
                columns[col][op] = Write(param, values or None, many)
                continue
            entry = hidden.setdefault(param, dict(
                name=param, field=None, hidden=True,
                type=ColumnType.TEXT if many else column_type(spec, None, schema),
                description=clean(schema.get("description")) or param + ".",
                enum=() if many else enum_of(spec, schema)))
            entry[op] = Write(param, tuple(allowed[param]) if param in allowed else None, many)

    create = None
    refused: list[tuple[str, str]] = list(over.get("refused", ()))
    if secrets:
        # A create that needs a credential cannot be written in SQL: secrets are not data.
        refused.append(("added", f"Twilio needs its {secrets[0]}, and a secret is never "
                                 "written in SQL"))
    if instance_path and not any(c.get("update") for c in columns.values()) and any(
            secret.search(p) for p in spec.form(instance_path, "post")[0]):
        refused.append(("changed", "Twilio changes only its secrets, and a secret is never "
                                   "written in SQL"))
    if spec.paths[list_path].get("post") and not secrets:
        _, required = spec.form(list_path, "post")
        groups = tuple((r,) for r in required if r not in skip) + tuple(
            over.get("create_required", ()))
        names = {p: (by_field.get(snake(p)) or p) for group in groups for p in group}
        create = Create(required=tuple(tuple(names[p] for p in g) for g in groups),
                        effect=over.get("create_effect", "creates a record"))
    delete = bool(instance_path and spec.paths[instance_path].get("delete"))

    unbound: list[FanOut | Through] = []
    for rule in over.get("unbound", ()):
        if isinstance(rule, FanOut):
            unbound.append(rule)
            continue
        other = ACCOUNT + rule["through"]
        other_key, _ = spec.list_schema(other)
        unbound.append(Through(
            param=rule["param"], path=other, list_key=other_key, keep_field=rule["keep_field"],
            pushdowns=tuple(pushdowns_of(other, path_columns, own=False)),
            instance_path=spec.instance_of(other), why=rule.get("why", "")))

    key = tuple(over.get("key") or (
        path_params[p.strip("{}")].column for p in re.findall(r"\{\w+\}", instance_path or "")
        if p != "{AccountSid}"))
    all_columns = [Column(**c) for c in columns.values()] + [Column(**h) for h in
                                                             hidden.values()]
    return Resource(
        name=name,
        description=over.get("description") or clean(spec.paths[list_path].get("description")),
        model=over.get("model") or singular(name),
        columns=tuple(all_columns),
        key=key,
        list_path=list_path,
        list_key=list_key,
        path_params=tuple(path_params.values()),
        instance_path=instance_path,
        pushdowns=tuple(pushdowns),
        create=create,
        delete=delete,
        unbound=tuple(unbound),
        references=tuple(over.get("references", ())),
        retention=over.get("retention"),
        windows=over.get("windows"),
        notes=tuple(over.get("notes", ())),
        refused=tuple(refused),
    )


# -- rendering ---------------------------------------------------------------------------------

def literal(text: str) -> str:
    # JSON's string escapes are Python's; this gives the house's double quotes.
    return json.dumps(text, ensure_ascii=False)


def render(value: Any, indent: int, lead: int = 0) -> str:
    """``value`` as Python source, dataclasses with their non-default fields by keyword.
    ``indent`` is the line's indentation, ``lead`` what precedes the value on its line."""
    pad = " " * indent
    if is_dataclass(value) and not isinstance(value, type):
        args = []
        for f in fields(value):
            if not f.init:
                continue
            current = getattr(value, f.name)
            default = f.default if f.default is not MISSING else (
                f.default_factory() if f.default_factory is not MISSING else MISSING)
            if current != default:
                args.append((f.name, current))
        flat = f"{type(value).__name__}(" + ", ".join(
            f"{k}={render(v, 0)}" for k, v in args) + ")"
        if indent + lead + len(flat) <= WIDTH and "\n" not in flat:
            return flat
        # (+2: the "=" before the value, the "," after it.)
        inner = ",\n".join(f"{pad}    {k}={render(v, indent + 4, len(k) + 2)}"
                           for k, v in args)
        return f"{type(value).__name__}(\n{inner},\n{pad})"
    if isinstance(value, Enum):
        return f"{type(value).__name__}.{value.name}"
    if isinstance(value, tuple):
        if not value:
            return "()"
        items = [render(v, indent + 4, 1) for v in value]
        flat = "(" + ", ".join(items) + ("," if len(value) == 1 else "") + ")"
        if indent + lead + len(flat) <= WIDTH and "\n" not in flat:
            return flat
        return "(\n" + "".join(f"{' ' * (indent + 4)}{i},\n" for i in items) + pad + ")"
    if isinstance(value, str):
        text = literal(value)
        if indent + lead + len(text) <= WIDTH:
            return text
        # A long string: adjacent literals, split at spaces, one a line.
        chunks, line = [], ""
        for word in re.split(r"(?<= )", value):
            if line and indent + 4 + len(literal(line + word)) > WIDTH:
                chunks.append(line)
                line = ""
            line += word
        chunks.append(line)
        return "(\n" + "".join(f"{pad}    {literal(c)}\n" for c in chunks) + pad + ")"
    return repr(value)


HEADER = """\"\"\"{summary}

Generated by ``tools/generate_resources.py`` from Twilio's spec and ``tools/overrides.py``:
change those and run it again, do not edit this file.
\"\"\"

from __future__ import annotations

from .._declaration import (
{imports})

"""


def module_source(resource: Resource) -> str:
    body = f"{constant(resource.name)} = {render(resource, 0)}\n"
    used = sorted(n for n in ("Column", "ColumnType", "Create", "FanOut", "PathParam",
                              "Pushdown", "PushdownKind", "Reference", "Resource", "Retention",
                              "Through", "Windows", "Write") if re.search(rf"\b{n}\b", body))
    summary = (f"``{resource.name}`` (``{resource.list_path.removeprefix(ACCOUNT)}``): "
               f"{resource.description}").replace('\"\"\"', "'")
    head = HEADER.format(summary=textwrap.fill(summary, WIDTH - 4),
                         imports="".join(f"    {n},\n" for n in used))
    return head + body


def index_source(resources: list[Resource]) -> str:
    lines = ['"""Every generated table declaration (see ``tools/generate_resources.py``)."""',
             "", "from __future__ import annotations", ""]
    for r in sorted(resources, key=lambda r: snake(r.name)):
        line = f"from .{snake(r.name)} import {constant(r.name)}"
        lines.append(line if len(line) <= WIDTH else
                     f"from .{snake(r.name)} import (\n    {constant(r.name)},\n)")
    names = "".join(f'    "{constant(r.name)}",\n' for r in resources)
    tables = "".join(f"    {constant(r.name)},\n" for r in resources)
    lines += ["", f'__all__ = [\n    "ALL",\n{names}]', "",
              "#: Every table, in the order of the overrides file.",
              f"ALL = (\n{tables})", ""]
    return "\n".join(lines)


def outputs() -> dict[Path, str]:
    spec = Spec(SPEC)
    resources = [build(spec, relative, over) for relative, over in TABLES.items()]
    files = {OUT / f"{snake(r.name)}.py": module_source(r) for r in resources}
    files[OUT / "__init__.py"] = index_source(resources)
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="exit 1 if the committed declarations differ from the spec's")
    args = parser.parse_args(argv)
    files = outputs()
    stale = sorted(str(p.relative_to(ROOT)) for p, text in files.items()
                   if not p.exists() or p.read_text(encoding="utf-8") != text)
    extra = sorted(str(p.relative_to(ROOT)) for p in OUT.glob("*.py") if p not in files)
    if args.check:
        for name in stale + extra:
            print(f"out of date: {name}", file=sys.stderr)
        return 1 if stale or extra else 0
    OUT.mkdir(parents=True, exist_ok=True)
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
    for name in extra:
        (ROOT / name).unlink()
    print(f"wrote {len(files)} files to {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
