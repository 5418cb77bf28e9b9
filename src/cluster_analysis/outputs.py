"""What a domain pipeline hands to the report layer: tables, figures, findings, rejects.

A domain never writes reports itself. It returns a :class:`DomainResult`; the report layer exports
figures (one kaleido session per run), writes tables.xlsx, and assembles the findings brief. Metadata
(title, unit, period, source, n, synthetic) travels with each table and figure, in Georgian and English,
so every published number carries its n, period and source (Our World in Data style).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import pandas as pd

from cluster_analysis.numbers import period_label

if TYPE_CHECKING:  # plotly is imported only when a figure is really built
    import plotly.graph_objects as go

Lang = Literal["en", "ka"]
LANGS: tuple[Lang, ...] = ("en", "ka")

#: Who may see an output. Donor and shared views never carry member-level answers, prices or volumes.
Audience = Literal["office", "members", "vendors", "donors"]

AUDIENCES: tuple[Audience, ...] = ("office", "members", "vendors", "donors")

Text = dict[str, str]
"""Bilingual text: ``{"en": "...", "ka": "..."}``."""


def _check_audience(audience: object, what: str) -> None:
    """Refuse a missing or misspelt audience: nothing is published to donors by default."""
    if audience not in AUDIENCES:
        raise TypeError(
            f"{what}: audience must be one of {', '.join(AUDIENCES)} (got {audience!r})"
        )


def text(en: str, ka: str) -> Text:
    """Return a bilingual text value."""
    return {"en": en, "ka": ka}


def pick(value: Text | str | None, lang: str) -> str:
    """Return ``value`` in ``lang`` (falling back to English), or the string itself."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return value.get(lang) or value.get("en", "")


def pick_period(value: Text | str | None, lang: str) -> str:
    """Return the period ``value`` in ``lang``: a bilingual value's own text, a plain string as
    :func:`cluster_analysis.numbers.period_label` writes it ("2025 H2" -> "2025 წლის II ნახევარი")."""
    if isinstance(value, str):
        return period_label(value, lang)
    return pick(value, lang)


@dataclass(frozen=True)
class Meta:
    """Metadata that travels with a published table or figure.

    ``title``, ``unit``, ``period`` and ``source`` are bilingual (a plain-string ``period`` is
    written in the reader's language by :func:`pick_period`); ``n`` is the base (respondents,
    members, places) as text so it can say "45 of 60 members"; ``synthetic`` marks outputs built from
    the bundled synthetic example data, which every chart and report must say.
    """

    title: Text
    unit: Text | None = None
    period: Text | str | None = None
    source: Text | None = None
    n: Text | str | int | None = None
    note: Text | None = None
    synthetic: bool = False

    def subtitle(self, lang: str) -> str:
        """Return the subtitle line: unit and period (and base n)."""
        parts = [pick(self.unit, lang), pick_period(self.period, lang)]
        if self.n not in (None, ""):
            n = self.n if isinstance(self.n, int | str) else pick(self.n, lang)
            parts.append(f"n = {n}")
        return " · ".join(p for p in parts if p)

    def footnote(self, lang: str) -> str:
        """Return the footnote line: source, note and the synthetic-data warning."""
        src_word = "Source" if lang == "en" else "წყარო"
        parts = []
        if self.source:
            parts.append(f"{src_word}: {pick(self.source, lang)}")
        if self.note:
            parts.append(pick(self.note, lang))
        if self.synthetic:
            parts.append(
                "SYNTHETIC EXAMPLE DATA, not real figures"
                if lang == "en"
                else "სინთეზური სანიმუშო მონაცემები, არა რეალური მაჩვენებლები"
            )
        kept = [p.rstrip(". ") for p in parts if p]
        return ". ".join(kept) + "." if kept else ""


@dataclass
class TableOutput:
    """A published table: a frame plus metadata and the audience allowed to see it (required:
    nothing is published to donors by default).

    ``columns`` optionally maps column names to bilingual headers. Cells that disclosure control
    suppressed hold ``pd.NA`` and are listed in ``suppressed`` as (row position, column) pairs so the
    Excel writer can show a dash with a footnote giving ``suppression_rule``.
    """

    name: str
    frame: pd.DataFrame
    meta: Meta
    audience: Audience
    columns: dict[str, Text] = field(default_factory=dict)
    suppressed: list[tuple[int, str]] = field(default_factory=list)
    suppression_rule: Text | None = None

    def __post_init__(self) -> None:
        _check_audience(self.audience, f"table {self.name}")


@dataclass
class FigureOutput:
    """A figure to export: a builder per language plus its metadata.

    ``build(lang)`` returns a plotly figure with data, axis titles and legend labels only; ``audience``
    is required. The export layer adds the title, subtitle (unit, period, n), footnote (source, synthetic) and the template.
    """

    name: str
    build: Callable[[str], go.Figure]
    meta: Meta
    audience: Audience
    caption: Text | None = None

    def __post_init__(self) -> None:
        _check_audience(self.audience, f"figure {self.name}")


@dataclass(frozen=True)
class Finding:
    """A sentence for the brief, with its numbers' n, period and source.

    ``audience`` is required: only findings marked "donors" reach the donor brief. ``period`` is
    the English label (as the data wrote it); ``period_ka`` the Georgian one when a user gave it
    (else :meth:`period_in` derives it).
    """

    domain: str
    text: Text
    n: int | None = None
    period: str | None = None
    source: Text | None = None
    # Required: the None default only keeps the positional order; __post_init__ refuses it.
    audience: Audience = None  # type: ignore[assignment]
    period_ka: str | None = None

    def __post_init__(self) -> None:
        _check_audience(self.audience, f"finding of {self.domain}")

    def period_in(self, lang: str) -> str | None:
        """Return the period in ``lang`` (None when the finding has none)."""
        if lang == "ka" and self.period_ka:
            return self.period_ka
        return period_label(self.period, lang) if self.period is not None else None


@dataclass
class FileOutput:
    """Another file a domain hands to the report layer (a calendar, a members' workbook ...).

    ``build(lang)`` returns the file's bytes; the report layer writes ``<name>.<lang>.<suffix>``
    (or ``<name>.<suffix>`` when ``per_language`` is False, with ``build("en")`` called once)
    atomically into the audience's folder: ``office/``, ``members/``, ``vendors/`` or the reports
    folder itself for donors.
    """

    name: str
    suffix: str
    audience: Audience
    build: Callable[[str], bytes]
    per_language: bool = True

    def __post_init__(self) -> None:
        _check_audience(self.audience, f"file {self.name}")


@dataclass
class DomainResult:
    """Everything one domain's pipeline produced in one run."""

    domain: str
    tables: list[TableOutput] = field(default_factory=list)
    figures: list[FigureOutput] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    method_notes: list[Text] = field(default_factory=list)
    sources: list[Text] = field(default_factory=list)
    suppression_log: pd.DataFrame | None = None
    files: list[FileOutput] = field(default_factory=list)
