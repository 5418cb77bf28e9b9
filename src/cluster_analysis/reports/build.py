"""Build every report of a run from the domains' results.

Where each output lands (all under the reports folder):

- ``figures/<name>.<lang>.{png,pdf,svg,html}``: figures for donors, members and vendors;
- ``tables.xlsx``: the donor tables; ``members/tables.xlsx`` and ``vendors/tables.xlsx``: the pooled
  views those audiences may see; ``office/``: the cluster office's member-level tables and figures,
  never sent outside the office;
- ``findings.<lang>.docx`` and ``findings.<lang>.html``: the donor brief per language;
- ``charts.<lang>.pptx``: the donor figures as native, editable PowerPoint charts per language;
- ``index.html``: the figure catalogue;
- ``validation/``: rejects workbook and suppression log (written by the pipeline).

Audience separation is enforced here: a donor output is built only from outputs marked "donors".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from cluster_analysis.outputs import DomainResult, FigureOutput, TableOutput

AUDIENCE_FOLDERS = {"donors": "", "members": "members", "vendors": "vendors", "office": "office"}

PROJECT_FACTS = {
    "en": {
        "Project": "cluster-analysis: evidence for the Georgian Packaging Cluster and the LED "
        "partnerships of Zestaponi, Tkibuli and Chiatura (Imereti)",
        "Streams": "member capacity-gap survey; municipal LED indicators; bargaining-pool demand",
    },
    "ka": {
        "პროექტი": "cluster-analysis: მტკიცებულებები საქართველოს შეფუთვის კლასტერისა და ზესტაფონის, "
        "ტყიბულისა და ჭიათურის (იმერეთი) ადგილობრივი ეკონომიკური განვითარების პარტნიორობებისთვის",
        "მონაცემები": "წევრების საჭიროებების კვლევა; ადგილობრივი განვითარების ინდიკატორები; "
        "ერთობლივი შესყიდვების მოთხოვნა",
    },
}


def build_reports(
    results: Sequence[DomainResult],
    *,
    out_dir: Path,
    langs: Sequence[str] = ("en", "ka"),
    formats: Sequence[str] = ("png", "pdf", "svg", "html"),
    progress: Callable[[str], None] | None = None,
    warn: Callable[[str], None] | None = None,
    template: Path | None = None,
) -> dict[str, object]:
    """Export figures, write tables per audience, the donor briefs and the figure catalogue.

    ``template`` is the organisation's Word template for the briefs (see
    :mod:`cluster_analysis.reports.template`); None keeps the default document.
    Returns ``{"figures": {name: {lang: {fmt: Path}}}, "tables": [Path], "briefs": [Path],
    "decks": [Path], "index": Path}``.
    """
    from cluster_analysis.charts.export import FigureExporter
    from cluster_analysis.reports.brief import build_brief, build_index
    from cluster_analysis.reports.excel import write_tables_xlsx

    say = progress or (lambda message: None)
    out_dir = Path(out_dir)
    figures_by_audience: dict[str, list[FigureOutput]] = {}
    tables_by_audience: dict[str, list[TableOutput]] = {}
    for result in results:
        for figure in result.figures:
            figures_by_audience.setdefault(figure.audience, []).append(figure)
        for table in result.tables:
            tables_by_audience.setdefault(table.audience, []).append(table)

    say(f"exporting {sum(len(f) for f in figures_by_audience.values())} figures")
    with FigureExporter() as exporter:
        for audience, figures in figures_by_audience.items():
            folder = (
                out_dir / AUDIENCE_FOLDERS[audience] / "figures"
                if audience == "office"
                else (out_dir / "figures")
            )
            exporter.export_many(figures, folder, langs=langs, formats=formats)
    for message in exporter.warnings:
        if warn:
            warn(message)
    files = exporter.files

    say("writing tables")
    table_lang = "both" if len(langs) > 1 else langs[0]
    table_paths = []
    for audience, tables in tables_by_audience.items():
        folder = out_dir / AUDIENCE_FOLDERS[audience]
        table_paths.append(
            write_tables_xlsx(tables, folder / "tables.xlsx", lang=table_lang, contents=True)
        )

    say("writing findings briefs")
    donor_results = [_donor_view(result) for result in results]
    shared_figures = [
        f for audience, figs in figures_by_audience.items() if audience != "office" for f in figs
    ]
    briefs = []
    for lang in langs:
        briefs.extend(
            build_brief(
                donor_results,
                files,
                lang=lang,
                out_dir=out_dir,
                project_facts=PROJECT_FACTS[lang],
                template=template,
            )
        )
    say("writing editable chart decks")
    from cluster_analysis.reports.deck import write_deck
    from cluster_analysis.reports.messages import key_message_lines

    donor_figures = [f for result in donor_results for f in result.figures]
    decks = [
        write_deck(
            donor_figures,
            out_dir / f"charts.{lang}.pptx",
            lang,
            figure_files=files,
            messages=key_message_lines(donor_results, lang, localize=True),
        )
        for lang in langs
    ]
    index = build_index(
        shared_figures, files, out_dir / "index.html", figures_dir=out_dir / "figures"
    )
    return {
        "figures": files,
        "tables": table_paths,
        "briefs": briefs,
        "decks": decks,
        "index": index,
    }


def _donor_view(result: DomainResult) -> DomainResult:
    """The part of a domain's result a donor may see: donor figures, tables and findings only."""
    return DomainResult(
        domain=result.domain,
        tables=[t for t in result.tables if t.audience == "donors"],
        figures=[f for f in result.figures if f.audience == "donors"],
        findings=[f for f in result.findings if f.audience == "donors"],
        method_notes=result.method_notes,
        sources=result.sources,
        suppression_log=None,
    )
