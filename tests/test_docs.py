"""The documentation and the code say the same: every URL option, with its default, in the
README's option table and in the dialect's manual (its module docstring)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

import sqlalchemy_twilio.dialect as dialect_module
from sqlalchemy_twilio.client import DEFAULT_API_ORIGIN, ClientConfig
from sqlalchemy_twilio.dialect.url import OPTIONS

README_PATH = Path(__file__).resolve().parent.parent / "README.md"
README = README_PATH.read_text(encoding="utf-8")
FIELDS = ClientConfig.model_fields


def default(name: str) -> Any:
    return FIELDS[name].default


def read_default(text: str) -> Any:
    """A default as the docs write it: a number, or "off"/"none" for an option not in use."""
    text = text.strip().strip("`")
    if text in ("off", "none"):
        return None
    try:
        return float(text)
    except ValueError:
        return text


def same(documented: Any, actual: Any) -> bool:
    if documented in FIELDS and actual is None:
        return True  # defaults to that option's value
    if documented is None:
        return actual in (None, False)
    if isinstance(documented, float):
        return actual is not None and float(actual) == documented
    return documented == actual


def readme_options() -> dict[str, str]:
    table = README.split("| option | default | meaning |", 1)[1].split("\n\n", 1)[0]
    out = {}
    for line in table.strip().splitlines()[1:]:
        names, documented = line.split("|")[1:3]
        for name in re.findall(r"`([a-z_]+)`", names):
            out[name] = documented
    return out


def manual_options() -> dict[str, str]:
    doc = dialect_module.__doc__ or ""
    table = re.split(r"^=+  =+$", doc, flags=re.MULTILINE)[1]  # between the table's rules
    entries = re.split(r"\n(?=``)", table.strip())
    return {re.match(r"``(\w+)``", e).group(1): " ".join(e.split()) for e in entries}  # type: ignore[union-attr]


def test_the_readme_lists_every_option():
    assert set(readme_options()) == set(OPTIONS)


@pytest.mark.parametrize("name", sorted(set(OPTIONS) - {"account_sid"}))
def test_the_readme_states_each_default(name):
    documented = read_default(readme_options()[name])
    actual = DEFAULT_API_ORIGIN if name == "base_url" else default(name)
    assert same(documented, actual), f"README says {name} defaults to {documented!r}"


def test_the_manual_lists_every_option():
    assert set(manual_options()) == set(OPTIONS)


@pytest.mark.parametrize("name", sorted(set(OPTIONS)))
def test_the_manual_states_each_default_it_gives(name):
    text = manual_options()[name]
    match = re.search(r"\(default ([^)]+)\)", text)
    if name in ("account_sid", "base_url", "region", "edge"):
        assert match is None or same(read_default(match.group(1)), default(name))
        return
    assert match, f"the manual gives no default for {name}"
    assert same(read_default(match.group(1)), default(name)), text


def test_ranges_in_the_manual_are_the_models():
    for name, text in manual_options().items():
        found = re.search(r"(\d+)–(\d+)", text)
        if not found:
            continue
        low, high = int(found.group(1)), int(found.group(2))
        metadata = {type(m).__name__: m for m in FIELDS[name].metadata}
        assert metadata["Ge"].ge == low and metadata["Le"].le == high, name


def test_the_table_reference_and_model_types_are_what_the_declarations_say():
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "tools/generate_docs.py", "--check"],
                            capture_output=True, text=True, cwd=README_PATH.parent)
    assert result.returncode == 0, result.stderr
