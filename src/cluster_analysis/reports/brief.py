"""The findings brief (docx + html per language), the figure catalogue, and the whole report build.

:func:`build_brief` turns the domains' :class:`~cluster_analysis.outputs.DomainResult` objects into
``findings.<lang>.docx`` and ``findings.<lang>.html``; :func:`build_index` writes the figure catalogue
``index.html``. ``cluster_analysis.reports.build.build_reports`` calls them for a pipeline run.

Audience: the brief uses only findings, figures and tables meant for donors (by default), even when
handed a domain's full result.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cluster_analysis.outputs import DomainResult, FigureOutput, Text, pick, text

__all__ = [
    "BriefContent",
    "BriefFigure",
    "BriefSection",
    "FigureFiles",
    "assemble_brief",
    "build_brief",
    "build_index",
    "join_sentences",
]

#: ``{figure name: {lang: {format: path}}}`` as collected by ``FigureExporter.files``.
FigureFiles = Mapping[str, Mapping[str, Mapping[str, Path]]]

DOMAIN_TITLES: dict[str, Text] = {
    "survey": text("Capacity-gap survey", "შესაძლებლობების დეფიციტის კვლევა"),
    "indicators": text(
        "Local economic development indicators",
        "ადგილობრივი ეკონომიკური განვითარების ინდიკატორები",
    ),
    "pool": text("Bargaining pool (joint purchasing)", "ერთობლივი შესყიდვების პული"),
}

LABELS: dict[str, Text] = {
    "brief_title": text("Findings brief", "მიგნებების მოკლე მიმოხილვა"),
    "facts": text("Project facts", "პროექტის ძირითადი მონაცემები"),
    "findings": text("Key findings", "ძირითადი მიგნებები"),
    "figures": text("Charts", "დიაგრამები"),
    "methods": text("Method notes", "მეთოდოლოგიური შენიშვნები"),
    "disclosure": text(
        "Disclosure control (suppression rules)",
        "გამჟღავნების კონტროლი (მონაცემების დაფარვის წესები)",
    ),
    "sources": text("Data sources and dates", "მონაცემთა წყაროები და თარიღები"),
    "generated": text("Generated", "შექმნილია"),
    "source": text("Source", "წყარო"),
    "synthetic_banner": text(
        "SYNTHETIC EXAMPLE DATA: the numbers in this document are invented for demonstration and are "
        "not real figures.",
        "სინთეზური სანიმუშო მონაცემები: ამ დოკუმენტის რიცხვები საჩვენებლად არის შექმნილი და არ "
        "წარმოადგენს რეალურ მაჩვენებლებს.",
    ),
    "no_image": text(
        "Chart image not available (static export was skipped); open the interactive version:",
        "დიაგრამის გამოსახულება მიუწვდომელია (სტატიკური ექსპორტი გამოტოვებულია); გახსენით "
        "ინტერაქტიული ვერსია:",
    ),
    "interactive": text("Interactive chart", "ინტერაქტიული დიაგრამა"),
    "catalogue": text("Figure catalogue", "დიაგრამების კატალოგი"),
    "files": text("Files", "ფაილები"),
    "documents": text("Documents", "დოკუმენტები"),
    "none": text("None.", "არ არის."),
}


@dataclass
class BriefFigure:
    """One figure as the brief shows it: text in one language plus its files."""

    name: str
    domain: str
    title: str
    caption: str
    subtitle: str
    footnote: str
    files: dict[str, Path] = field(default_factory=dict)  # format -> path

    @property
    def details(self) -> str:
        """Return caption, subtitle and footnote as one line of sentences (no doubled stops)."""
        return join_sentences([self.caption, self.subtitle, self.footnote])

    @property
    def png(self) -> Path | None:
        """Return the PNG path if it exists on disk."""
        path = self.files.get("png")
        return path if path is not None and Path(path).is_file() else None

    @property
    def html(self) -> Path | None:
        """Return the interactive HTML path if it exists on disk."""
        path = self.files.get("html")
        return path if path is not None and Path(path).is_file() else None


def join_sentences(parts: Sequence[str]) -> str:
    """Join text parts with ". ", without doubling a stop a part already ends with."""
    cleaned = [p.strip().rstrip(".").strip() for p in parts if p and p.strip()]
    return ". ".join(cleaned) + ("." if cleaned else "")


@dataclass
class BriefSection:
    """One domain's part of the brief."""

    domain: str
    heading: str
    findings: list[str]
    figures: list[BriefFigure]
    method_notes: list[str]


@dataclass
class BriefContent:
    """Everything the docx and html renderers need, already in one language."""

    lang: str
    title: str
    generated: str
    synthetic: bool
    synthetic_banner: str
    facts: list[tuple[str, str]]
    sections: list[BriefSection]
    suppression_rules: list[str]
    sources: list[str]
    labels: dict[str, str]


def _fact_rows(project_facts: Mapping[str, Any], lang: str) -> list[tuple[str, str]]:
    rows = []
    for key, value in project_facts.items():
        if key == "title":
            continue
        if isinstance(value, Mapping) and "value" in value:
            label = pick(value.get("label") or key, lang)
            shown = value["value"]
        else:
            label, shown = key, value
        shown_text = pick(shown, lang) if isinstance(shown, dict | str) else str(shown)
        rows.append((str(label), shown_text))
    return rows


def _project_fact_rows(results: Sequence[DomainResult], lang: str) -> list[tuple[str, str]]:
    """The project's facts from a domain's ``project_facts`` table (project file), in ``lang``:
    one row per fact, repeated facts (the outcomes supported) joined in one row."""
    rows: dict[str, list[str]] = {}
    for result in results:
        for table in result.tables:
            if table.name != "project_facts":
                continue
            frame = table.frame
            for label, value in zip(frame[f"label_{lang}"], frame[f"value_{lang}"], strict=True):
                if isinstance(value, str) and value.strip():
                    rows.setdefault(str(label), []).append(value.strip())
    return [(label, "; ".join(values)) for label, values in rows.items()]


def _finding_line(
    finding_text: str, n: int | None, period: str | None, source: str, lang: str
) -> str:
    details = []
    if n is not None:
        details.append(f"n = {n}")
    if period:
        details.append(str(period))
    if source:
        details.append(f"{pick(LABELS['source'], lang)}: {source}")
    return f"{finding_text} ({'; '.join(details)})" if details else finding_text


def _default_rules_text(lang: str) -> str:
    from cluster_analysis.disclosure import DEFAULT_RULES

    return DEFAULT_RULES.describe(lang)


def assemble_brief(
    results: Sequence[DomainResult],
    figure_files: FigureFiles,
    lang: str,
    project_facts: Mapping[str, Any] | None = None,
    *,
    audiences: Collection[str] = ("donors",),
    title: Text | None = None,
) -> BriefContent:
    """Return the brief's content in ``lang`` (findings, figures, notes, rules, sources).

    Only findings, figures and tables whose audience is in ``audiences`` are used.
    """
    facts = dict(project_facts or {})
    synthetic = False
    sections: list[BriefSection] = []
    rules: list[str] = []
    sources: list[str] = []

    def add_source(line: str) -> None:
        if line and line not in sources:
            sources.append(line)

    for result in results:
        findings = []
        for f in result.findings:
            if f.audience not in audiences:
                continue
            findings.append(
                _finding_line(pick(f.text, lang), f.n, f.period, pick(f.source, lang), lang)
            )
        figures = []
        for fig in result.figures:
            if fig.audience not in audiences:
                continue
            synthetic |= fig.meta.synthetic
            files = {
                fmt: Path(p) for fmt, p in figure_files.get(fig.name, {}).get(lang, {}).items()
            }
            figures.append(
                BriefFigure(
                    name=fig.name,
                    domain=result.domain,
                    title=pick(fig.meta.title, lang),
                    caption=pick(fig.caption, lang),
                    subtitle=fig.meta.subtitle(lang),
                    footnote=fig.meta.footnote(lang),
                    files=files,
                )
            )
            if fig.meta.source:
                add_source(_source_line(fig.meta.source, fig.meta.period, lang))
        for table in result.tables:
            if table.audience not in audiences:
                continue
            synthetic |= table.meta.synthetic
            if table.suppressed or table.suppression_rule:
                rule = pick(table.suppression_rule, lang) or _default_rules_text(lang)
                if rule not in rules:
                    rules.append(rule)
            if table.meta.source:
                add_source(_source_line(table.meta.source, table.meta.period, lang))
        for src in result.sources:
            add_source(pick(src, lang))
        sections.append(
            BriefSection(
                domain=result.domain,
                heading=pick(DOMAIN_TITLES.get(result.domain), lang)
                or result.domain.replace("_", " ").title(),
                findings=findings,
                figures=figures,
                method_notes=[pick(note, lang) for note in result.method_notes],
            )
        )
    if not rules:
        rules.append(
            _default_rules_text(lang)
        )  # the declared rules apply even when nothing was hidden
    synthetic |= bool(facts.pop("synthetic", False))
    generated = str(facts.pop("generated", dt.date.today().isoformat()))
    return BriefContent(
        lang=lang,
        title=pick(title or facts.get("title") or LABELS["brief_title"], lang),
        generated=generated,
        synthetic=synthetic,
        synthetic_banner=pick(LABELS["synthetic_banner"], lang),
        facts=_project_fact_rows(results, lang) + _fact_rows(facts, lang),
        sections=sections,
        suppression_rules=rules,
        sources=sources,
        labels={key: pick(value, lang) for key, value in LABELS.items()},
    )


def _source_line(source: Text, period: Text | str | None, lang: str) -> str:
    shown_period = pick(period, lang)
    return f"{pick(source, lang)} ({shown_period})" if shown_period else pick(source, lang)


def build_brief(
    results: Sequence[DomainResult],
    figure_files: FigureFiles,
    lang: str,
    out_dir: str | Path,
    project_facts: Mapping[str, Any] | None = None,
    *,
    audiences: Collection[str] = ("donors",),
    title: Text | None = None,
) -> list[Path]:
    """Write ``findings.<lang>.docx`` and ``findings.<lang>.html`` to ``out_dir``.

    ``figure_files`` is ``{figure name: {lang: {format: path}}}`` (``FigureExporter.files``); the PNG
    is embedded in the docx and linked from the html (with the interactive HTML in an iframe).
    ``project_facts`` maps a label to a value (text, number or ``{"en":..,"ka":..}``), or to
    ``{"label": {"en":..,"ka":..}, "value": ...}`` for a bilingual label; the keys ``title``,
    ``generated`` and ``synthetic`` set the brief's title, date and synthetic banner.
    Returns ``[docx path, html path]``.
    """
    from cluster_analysis.reports.docx import write_findings_docx
    from cluster_analysis.reports.html import write_findings_html

    content = assemble_brief(
        results, figure_files, lang, project_facts, audiences=audiences, title=title
    )
    out = Path(out_dir)
    return [
        write_findings_docx(content, out / f"findings.{lang}.docx"),
        write_findings_html(content, out / f"findings.{lang}.html"),
    ]


def build_index(
    figures: Sequence[FigureOutput],
    figure_files: FigureFiles,
    out_path: str | Path,
    *,
    figures_dir: str | Path | None = None,
    documents: Sequence[tuple[Text, Path]] = (),
    langs: Sequence[str] = ("en", "ka"),
) -> Path:
    """Write the figure catalogue (``reports/index.html``) and return its path.

    Every figure gets a thumbnail (its PNG, when exported), its caption in each language and links to
    its files in every language and format; ``documents`` adds links such as the briefs and
    ``tables.xlsx``. Links are relative to ``out_path``'s folder. Files missing from
    ``figure_files`` are looked up on disk as ``<figures_dir>/<name>.<lang>.<fmt>``.
    """
    from cluster_analysis.reports.html import write_index_html

    files = _with_files_on_disk(figures, figure_files, figures_dir, langs)
    return write_index_html(figures, files, Path(out_path), documents=documents, langs=langs)


def _with_files_on_disk(
    figures: Sequence[FigureOutput],
    figure_files: FigureFiles,
    figures_dir: str | Path | None,
    langs: Sequence[str],
) -> dict[str, dict[str, dict[str, Path]]]:
    merged = {
        name: {lang: dict(by_fmt) for lang, by_fmt in by_lang.items()}
        for name, by_lang in figure_files.items()
    }
    if figures_dir is None:
        return merged
    folder = Path(figures_dir)
    for fig in figures:
        for lang in langs:
            known = merged.setdefault(fig.name, {}).setdefault(lang, {})
            for fmt in ("png", "pdf", "svg", "html"):
                candidate = folder / f"{fig.name}.{lang}.{fmt}"
                if fmt not in known and candidate.is_file():
                    known[fmt] = candidate
    return merged
