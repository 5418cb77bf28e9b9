"""Column, table and figure declarations, read from the package's ``metadata.yaml`` files.

Everything a reader of an output needs to know about a column or a table is declared once, as data:

- ``src/cluster_analysis/metadata.yaml``: columns several domains share, and naming patterns
  (``imp_(.+)``, ``(.+)_en`` ...);
- ``src/cluster_analysis/<domain>/metadata.yaml``: the domain's default source, its own columns,
  every processed table and published table (title, unit, audience, primary key) and its figures.

A column is looked up by exact name in the domain's file, then in the shared file, then by pattern
(domain first): an exact declaration always wins over a pattern. The data dictionary, table headers
and table/figure titles all read these declarations, so a column is described in one place only.

Errors in a declaration file (a table without an audience, a column without its Georgian text) raise
:class:`MetadataError` naming the file and the key, the first time the file is read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import yaml

from cluster_analysis.outputs import AUDIENCES, Audience, Meta, TableOutput, Text

if TYPE_CHECKING:
    import pandas as pd

SHARED = ""
"""The name under which the shared declarations are loaded (``metadata.yaml`` at the top)."""

PACKAGE_DIR = Path(__file__).resolve().parent
FILE_NAME = "metadata.yaml"


class MetadataError(ValueError):
    """A declaration file is malformed: names the file and the key."""


@dataclass(frozen=True)
class ColumnSpec:
    """What a processed column means: description and short header in both languages, unit, dtype."""

    name: str
    en: str
    ka: str
    header: Text
    unit: Text | None = None
    dtype: str | None = None


@dataclass(frozen=True)
class TableSpec:
    """A declared table: who may see it, its key, its title, unit and description."""

    domain: str
    name: str
    audience: Audience
    primary_key: tuple[str, ...]
    title: Text
    unit: Text | None = None
    description: Text = field(default_factory=dict)
    source: Text | None = None


@dataclass(frozen=True)
class FigureSpec:
    """A declared figure: the table it draws, the builder (``kind``), audience, title, parameters."""

    domain: str
    name: str
    table: str
    kind: str
    audience: Audience
    title: Text
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class _Pattern:
    regex: re.Pattern[str]
    spec: ColumnSpec


@dataclass(frozen=True)
class DomainMetadata:
    """One parsed ``metadata.yaml``."""

    domain: str
    source: Text | None
    columns: dict[str, ColumnSpec]
    patterns: tuple[_Pattern, ...]
    tables: dict[str, TableSpec]
    figures: tuple[FigureSpec, ...]
    headers: dict[str, Text] = field(default_factory=dict)


# --------------------------------------------------------------------------------------------------
# loading


def declared_domains() -> list[str]:
    """Return the domains that ship a ``metadata.yaml`` (sorted)."""
    return sorted(entry.parent.name for entry in PACKAGE_DIR.glob(f"*/{FILE_NAME}"))


def _file_label(domain: str) -> str:
    return f"{domain}/{FILE_NAME}" if domain else FILE_NAME


@cache
def load(domain: str = SHARED) -> DomainMetadata:
    """Return the parsed declarations of ``domain`` (``""``: the shared file).

    A domain without a ``metadata.yaml`` has no declarations (an empty result); a malformed file
    raises :class:`MetadataError`.
    """
    resource = PACKAGE_DIR / domain / FILE_NAME if domain else PACKAGE_DIR / FILE_NAME
    if not resource.is_file():
        return DomainMetadata(domain, None, {}, (), {}, (), {})
    label = _file_label(domain)
    try:
        body = yaml.safe_load(resource.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise MetadataError(f"{label}: not valid YAML ({exc})") from exc
    if not isinstance(body, dict):
        raise MetadataError(f"{label}: expected a mapping at the top level")
    return parse(body, domain=domain, label=label)


def parse(body: Mapping[str, Any], *, domain: str, label: str = "metadata") -> DomainMetadata:
    """Return the declarations in ``body`` (a parsed ``metadata.yaml``); checks every entry."""
    declared = body.get("domain")
    if domain and declared not in (None, domain):
        raise MetadataError(f"{label}: says domain '{declared}' but belongs to '{domain}'")
    source = _text(body["source"], f"{label}: source") if body.get("source") else None
    columns: dict[str, ColumnSpec] = {}
    patterns: list[_Pattern] = []
    for name, entry in (body.get("columns") or {}).items():
        where = f"{label}: columns.{name}"
        spec = _column(str(name), entry, where)
        if isinstance(entry, dict) and entry.get("pattern"):
            try:
                regex = re.compile(f"^{name}$")
            except re.error as exc:
                raise MetadataError(f"{where}: not a valid regular expression ({exc})") from exc
            patterns.append(_Pattern(regex, spec))
        else:
            columns[str(name)] = spec
    tables = {
        str(name): _table(domain, str(name), entry, source, f"{label}: tables.{name}")
        for name, entry in (body.get("tables") or {}).items()
    }
    figures = tuple(
        _figure(domain, str(name), entry, f"{label}: figures.{name}")
        for name, entry in (body.get("figures") or {}).items()
    )
    headers = {
        str(name): _text(entry, f"{label}: headers.{name}")
        for name, entry in (body.get("headers") or {}).items()
    }
    return DomainMetadata(domain, source, columns, tuple(patterns), tables, figures, headers)


def _text(value: object, where: str) -> Text:
    """Check a bilingual value ``{en: ..., ka: ...}`` and return it."""
    if not isinstance(value, dict) or not value.get("en") or not value.get("ka"):
        raise MetadataError(f"{where}: expected {{en: ..., ka: ...}} with both languages")
    return {"en": str(value["en"]), "ka": str(value["ka"])}


def _optional_text(entry: Mapping[str, Any], key: str, where: str) -> Text | None:
    return _text(entry[key], f"{where}.{key}") if entry.get(key) else None


def _column(name: str, entry: object, where: str) -> ColumnSpec:
    if not isinstance(entry, dict):
        raise MetadataError(f"{where}: expected a mapping with en and ka")
    en_ka = _text(entry, where)
    header = _optional_text(entry, "header", where) or en_ka
    dtype = entry.get("dtype")
    return ColumnSpec(
        name=name,
        en=en_ka["en"],
        ka=en_ka["ka"],
        header=header,
        unit=_optional_text(entry, "unit", where),
        dtype=None if dtype is None else str(dtype),
    )


def _audience(entry: Mapping[str, Any], where: str) -> Audience:
    audience = entry.get("audience")
    if audience not in AUDIENCES:
        raise MetadataError(
            f"{where}: audience must be one of {', '.join(AUDIENCES)} (got {audience!r}); "
            "there is no default"
        )
    return cast(Audience, audience)


def _table(domain: str, name: str, entry: object, source: Text | None, where: str) -> TableSpec:
    if not isinstance(entry, dict):
        raise MetadataError(f"{where}: expected a mapping")
    key = entry.get("primary_key") or []
    if isinstance(key, str) or not isinstance(key, list):
        raise MetadataError(f"{where}.primary_key: expected a list of column names")
    return TableSpec(
        domain=domain,
        name=name,
        audience=_audience(entry, where),
        primary_key=tuple(str(k) for k in key),
        title=_text(entry.get("title"), f"{where}.title"),
        unit=_optional_text(entry, "unit", where),
        description=_optional_text(entry, "description", where) or {},
        source=_optional_text(entry, "source", where) or source,
    )


_FIGURE_KEYS = {"table", "kind", "audience", "title"}


def _figure(domain: str, name: str, entry: object, where: str) -> FigureSpec:
    if not isinstance(entry, dict):
        raise MetadataError(f"{where}: expected a mapping")
    for key in ("table", "kind"):
        if not entry.get(key):
            raise MetadataError(f"{where}: '{key}' is required")
    return FigureSpec(
        domain=domain,
        name=name,
        table=str(entry["table"]),
        kind=str(entry["kind"]),
        audience=_audience(entry, where),
        title=_text(entry.get("title"), f"{where}.title"),
        params={k: v for k, v in entry.items() if k not in _FIGURE_KEYS},
    )


# --------------------------------------------------------------------------------------------------
# look-ups


def describe_column(name: str, domain: str | None = None) -> ColumnSpec | None:
    """Return the declaration of column ``name`` (by exact name, then by pattern), or None.

    With ``domain``, that domain's file is searched before the shared one; without it, the shared
    file, then every domain's file in alphabetical order.
    """
    order = [domain, SHARED] if domain else [SHARED, *declared_domains()]
    return find_column(name, [load(d) for d in dict.fromkeys(order)])


def find_column(name: str, declarations: Sequence[DomainMetadata]) -> ColumnSpec | None:
    """Return the declaration of column ``name`` in ``declarations`` (searched in order): an exact
    name in any of them wins over a pattern; None when nothing matches."""
    files = list(declarations)
    for meta in files:
        if name in meta.columns:
            return meta.columns[name]
    for meta in files:
        for pattern in meta.patterns:
            match = pattern.regex.match(name)
            if match:
                return _from_pattern(name, pattern.spec, match.groups())
    return None


def _from_pattern(name: str, spec: ColumnSpec, groups: Sequence[str]) -> ColumnSpec:
    def fill(value: str) -> str:
        return value.format(*groups)

    return ColumnSpec(
        name=name,
        en=fill(spec.en),
        ka=fill(spec.ka),
        header={lang: fill(value) for lang, value in spec.header.items()},
        unit=spec.unit,
        dtype=spec.dtype,
    )


def table_spec(domain: str, table: str) -> TableSpec:
    """Return the declaration of ``table`` in ``domain`` (or, for a table every domain has such as
    ``findings``, in the shared file); KeyError naming both if undeclared."""
    for declared in (load(domain).tables, load(SHARED).tables):
        if table in declared:
            return declared[table]
    raise KeyError(f"table '{table}' is not declared in {_file_label(domain)}")


def table_specs(domain: str) -> list[TableSpec]:
    """Return every table declared by ``domain``, in file order."""
    return list(load(domain).tables.values())


def figure_specs(domain: str) -> list[FigureSpec]:
    """Return every figure declared by ``domain``, in file order."""
    return list(load(domain).figures)


def _name_pattern(name: str) -> re.Pattern[str]:
    """A declared figure name with ``{field}`` placeholders (``bullet_{indicator}``: one figure
    per indicator) as a regular expression matching the names it produces."""
    parts = re.split(r"\{[A-Za-z_][A-Za-z0-9_]*\}", name)
    return re.compile(".+".join(re.escape(part) for part in parts))


def figure_spec(domain: str, figure: str) -> FigureSpec:
    """Return the declaration of ``figure`` in ``domain`` (an exact name first, then a name with
    ``{field}`` placeholders, e.g. ``bullet_{indicator}``); KeyError naming both if undeclared."""
    specs = load(domain).figures
    for spec in specs:
        if spec.name == figure:
            return spec
    for spec in specs:
        if "{" in spec.name and _name_pattern(spec.name).fullmatch(figure):
            return spec
    raise KeyError(f"figure '{figure}' is not declared in {_file_label(domain)}")


def domain_source(domain: str) -> Text | None:
    """Return the domain's default source (``source:`` at the top of its file)."""
    return load(domain).source


def headers(domain: str, columns: Iterable[str]) -> dict[str, Text]:
    """Return bilingual short headers for ``columns`` (for :attr:`TableOutput.columns`).

    The domain's ``headers:`` section wins; then a declared column's ``header`` (or its
    description when no header is declared); an undeclared column keeps its own name in both
    languages.
    """
    short = load(domain).headers
    result: dict[str, Text] = {}
    for column in columns:
        if str(column) in short:
            result[str(column)] = dict(short[str(column)])
            continue
        spec = describe_column(str(column), domain)
        result[str(column)] = dict(spec.header) if spec else {"en": str(column), "ka": str(column)}
    return result


def table_meta(
    domain: str,
    table: str,
    *,
    period: Text | str | None,
    n: Text | str | int | None,
    synthetic: bool,
    source: Text | None = None,
    note: Text | None = None,
    title: Text | None = None,
    unit: Text | None = None,
) -> Meta:
    """Return the :class:`Meta` of a declared table: title, unit and source from the declaration
    unless given here, with this run's period, n and synthetic flag."""
    spec = table_spec(domain, table)
    return Meta(
        title=title or spec.title,
        unit=unit or spec.unit,
        period=period,
        source=source or spec.source,
        n=n,
        note=note,
        synthetic=synthetic,
    )


def table_output(
    domain: str,
    table: str,
    frame: pd.DataFrame,
    *,
    period: Text | str | None,
    n: Text | str | int | None,
    synthetic: bool,
    source: Text | None = None,
    note: Text | None = None,
    suppressed: Iterable[tuple[int, str]] = (),
    suppression_rule: Text | None = None,
) -> TableOutput:
    """Return a published table whose title, unit, source, headers and audience come from the
    declaration of ``table``."""
    spec = table_spec(domain, table)
    return TableOutput(
        name=table,
        frame=frame,
        meta=table_meta(
            domain, table, period=period, n=n, synthetic=synthetic, source=source, note=note
        ),
        audience=spec.audience,
        columns=headers(domain, frame.columns),
        suppressed=list(suppressed),
        suppression_rule=suppression_rule,
    )
