"""The findings brief (docx + html per language), the figure catalogue, and the whole report build.

:func:`build_brief` turns the domains' :class:`~cluster_analysis.outputs.DomainResult` objects into
``findings.<lang>.docx`` and ``findings.<lang>.html``; :func:`build_index` writes the figure catalogue
``index.html``. ``cluster_analysis.reports.build.build_reports`` calls them for a pipeline run.

Audience: the brief uses only findings, figures and tables meant for donors (by default), even when
handed a domain's full result.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import Any

from cluster_analysis.numbers import format_number, localize_numbers
from cluster_analysis.outputs import DomainResult, FigureOutput, Text, pick, pick_period, text
from cluster_analysis.reports.content import (
    LABELS,
    BriefContent,
    BriefFigure,
    BriefSection,
    FigureFiles,
    join_sentences,
)
from cluster_analysis.reports.docx import write_findings_docx
from cluster_analysis.reports.html import write_findings_html, write_index_html
from cluster_analysis.reports.messages import (
    key_message_lines,
    key_messages_note,
    section_details,
)

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

DOMAIN_TITLES: dict[str, Text] = {
    "survey": text("Capacity-gap survey", "შესაძლებლობების დეფიციტის კვლევა"),
    "indicators": text(
        "Local economic development indicators",
        "ადგილობრივი ეკონომიკური განვითარების ინდიკატორები",
    ),
    "pool": text("Bargaining pool (joint purchasing)", "ერთობლივი შესყიდვების პული"),
    "directory": text(
        "Cluster directory: programmes, providers and experts for the gaps",
        "კლასტერის ცნობარი: პროგრამები, მიმწოდებლები და ექსპერტები ხარვეზებისთვის",
    ),
}


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
        if isinstance(shown, dict | str):
            shown_text = pick(shown, lang)
        elif isinstance(shown, int | float) and not isinstance(shown, bool):
            decimals = 0 if float(shown).is_integer() else 2
            shown_text = format_number(shown, lang, decimals)
        else:
            shown_text = str(shown)
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
        # n, period and source are said once per section; a bullet keeps only what differs
        findings, note = section_details(
            [
                (pick(f.text, lang), f.n, f.period_in(lang), pick(f.source, lang))
                for f in result.findings
                if f.audience in audiences
            ],
            lang,
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
            if _source_for(fig.meta.source, lang):
                add_source(_source_line(fig.meta.source, fig.meta.period, lang))
        for table in result.tables:
            if table.audience not in audiences:
                continue
            synthetic |= table.meta.synthetic
            if table.suppressed or table.suppression_rule:
                rule = pick(table.suppression_rule, lang) or _default_rules_text(lang)
                if rule not in rules:
                    rules.append(rule)
            if _source_for(table.meta.source, lang):
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
                note=note,
            )
        )
    if not rules:
        rules.append(
            _default_rules_text(lang)
        )  # the declared rules apply even when nothing was hidden
    synthetic |= bool(facts.pop("synthetic", False))
    generated = str(facts.pop("generated", dt.date.today().isoformat()))
    content = BriefContent(
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
        key_messages=key_message_lines(_audience_view(results, audiences), lang),
        key_messages_note=key_messages_note(_audience_view(results, audiences), lang),
    )
    return _localized(content)


def _audience_view(
    results: Sequence[DomainResult], audiences: Collection[str]
) -> list[DomainResult]:
    """The results as the brief's audiences may see them: key messages come from these only."""
    return [
        DomainResult(
            domain=r.domain,
            tables=[t for t in r.tables if t.audience in audiences],
            figures=[f for f in r.figures if f.audience in audiences],
        )
        for r in results
    ]


def _localized(content: BriefContent) -> BriefContent:
    """Return ``content`` with every number in its sentences written in the brief's language
    (the domains write findings with English-style numbers; a Georgian reader needs 54 900 and
    7,74)."""
    lang = content.lang

    def loc(sentence: str) -> str:
        return localize_numbers(sentence, lang)

    content.key_messages = [loc(m) for m in content.key_messages]
    for section in content.sections:
        section.note = loc(section.note)
        section.findings = [loc(f) for f in section.findings]
        section.method_notes = [loc(n) for n in section.method_notes]
        for fig in section.figures:
            fig.title, fig.caption = loc(fig.title), loc(fig.caption)
            fig.subtitle, fig.footnote = loc(fig.subtitle), loc(fig.footnote)
    content.facts = [(label, loc(value)) for label, value in content.facts]
    content.suppression_rules = [loc(r) for r in content.suppression_rules]
    content.sources = [loc(s) for s in content.sources]
    return content


_GEORGIAN = re.compile("[\u10a0-\u10ff\u1c90-\u1cbf\u2d00-\u2d2f]")


def _written_in(sentence: str, lang: str) -> bool:
    """Return True when ``sentence`` is in ``lang`` by its script (Georgian letters or none)."""
    return bool(_GEORGIAN.search(sentence)) == (lang == "ka")


def _source_for(source: Text | str | None, lang: str) -> bool:
    """Return False for the source of a one-language output (a logframe sheet in the other
    language carries its source in that language only): it belongs to the other brief."""
    if source is None:
        return False
    if isinstance(source, str):
        return _written_in(source, lang)
    one_language = source.get("en") == source.get("ka")
    return not one_language or _written_in(pick(source, lang), lang)


def _source_line(source: Text | None, period: Text | str | None, lang: str) -> str:
    shown_period = pick_period(period, lang)
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
    template: str | Path | None = None,
) -> list[Path]:
    """Write ``findings.<lang>.docx`` and ``findings.<lang>.html`` to ``out_dir``.

    ``figure_files`` is ``{figure name: {lang: {format: path}}}`` (``FigureExporter.files``); the PNG
    is embedded in the docx and linked from the html (with the interactive HTML in an iframe).
    ``project_facts`` maps a label to a value (text, number or ``{"en":..,"ka":..}``), or to
    ``{"label": {"en":..,"ka":..}, "value": ...}`` for a bilingual label; the keys ``title``,
    ``generated`` and ``synthetic`` set the brief's title, date and synthetic banner.
    ``template`` is the organisation's Word template for the docx (styles, header, footer).
    Returns ``[docx path, html path]``.
    """
    content = assemble_brief(
        results, figure_files, lang, project_facts, audiences=audiences, title=title
    )
    out = Path(out_dir)
    return [
        write_findings_docx(content, out / f"findings.{lang}.docx", template=template),
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
