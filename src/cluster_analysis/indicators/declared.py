"""The indicators domain's own declarations in ``metadata.yaml`` beyond the shared contract: named
sources, place sets, rule parameters, table headers and footnotes.

Columns, tables and figures are read through :mod:`cluster_analysis.metadata`; this module reads the
keys only this domain uses (``sources``, ``place_sets``, ``rules``, ``notes`` and a table's
``headers``). Nothing is read at import time: the file is parsed on first use and cached.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from cluster_analysis.metadata import MetadataError
from cluster_analysis.outputs import Text

__all__ = [
    "DOMAIN",
    "declarations",
    "growth_finding",
    "headers",
    "note",
    "place_set",
    "rule",
    "source",
    "table_note",
    "table_source",
]

DOMAIN = "indicators"
_FILE = Path(__file__).resolve().with_name("metadata.yaml")


@cache
def declarations() -> dict[str, Any]:
    """Return the parsed ``indicators/metadata.yaml`` (cached)."""
    body = yaml.safe_load(_FILE.read_text(encoding="utf-8")) or {}
    if not isinstance(body, dict):
        raise MetadataError(f"{DOMAIN}/metadata.yaml: expected a mapping at the top level")
    return body


def _text(value: object, where: str) -> Text:
    if not isinstance(value, dict) or not value.get("en") or not value.get("ka"):
        raise MetadataError(f"{DOMAIN}/metadata.yaml: {where}: expected {{en: ..., ka: ...}}")
    return {"en": str(value["en"]), "ka": str(value["ka"])}


def source(name: str) -> Text:
    """Return the named source (``sources.<name>``)."""
    sources = declarations().get("sources") or {}
    if name not in sources:
        raise MetadataError(f"{DOMAIN}/metadata.yaml: sources.{name} is not declared")
    return _text(sources[name], f"sources.{name}")


def note(name: str) -> Text:
    """Return the named footnote (``notes.<name>``)."""
    notes = declarations().get("notes") or {}
    if name not in notes:
        raise MetadataError(f"{DOMAIN}/metadata.yaml: notes.{name} is not declared")
    return _text(notes[name], f"notes.{name}")


def place_set(value: str | Iterable[str]) -> list[str]:
    """Return place ids: ``value`` names a set in ``place_sets`` or is itself a list of ids; an
    entry naming another set is replaced by that set's places."""
    sets = declarations().get("place_sets") or {}
    if isinstance(value, str):
        if value not in sets:
            raise MetadataError(f"{DOMAIN}/metadata.yaml: place_sets.{value} is not declared")
        value = sets[value]
    places: list[str] = []
    for entry in value:
        places += place_set(str(entry)) if str(entry) in sets else [str(entry)]
    return places


def rule(name: str) -> Any:
    """Return a rule parameter (``rules.<name>``)."""
    rules = declarations().get("rules") or {}
    if name not in rules:
        raise MetadataError(f"{DOMAIN}/metadata.yaml: rules.{name} is not declared")
    return rules[name]


def headers(table: str) -> dict[str, Text]:
    """Return the short column headers a published table declares (``tables.<table>.headers``),
    in their declared order; empty when the table declares none."""
    entry = (declarations().get("tables") or {}).get(table) or {}
    return {
        str(column): _text(label, f"tables.{table}.headers.{column}")
        for column, label in (entry.get("headers") or {}).items()
    }


def table_source(table: str) -> Text | None:
    """Return the source a table declares itself (``tables.<table>.source``), or None."""
    entry = (declarations().get("tables") or {}).get(table) or {}
    value = entry.get("source")
    return None if value is None else _text(value, f"tables.{table}.source")


def table_note(table: str) -> Text | None:
    """Return the footnote a table declares (``tables.<table>.note``), or None."""
    entry = (declarations().get("tables") or {}).get(table) or {}
    value = entry.get("note")
    return None if value is None else _text(value, f"tables.{table}.note")


def growth_finding() -> dict[str, Any]:
    """Return ``rules.growth_finding`` with its place set resolved to place ids."""
    growth = dict(rule("growth_finding"))
    growth["places"] = place_set(growth["places"])
    return growth
