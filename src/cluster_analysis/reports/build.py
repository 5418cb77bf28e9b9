"""Build every report of a run from the domains' results.

Where each output lands (all under the reports folder):

- ``figures/<name>.<lang>.{png,pdf,svg,html}``: figures for donors, members and vendors;
- ``tables.xlsx``: the donor tables; ``members/tables.xlsx`` and ``vendors/tables.xlsx``: the pooled
  views those audiences may see; ``office/``: the cluster office's member-level tables and figures,
  never sent outside the office;
- ``findings.<lang>.docx`` and ``findings.<lang>.html``: the donor brief per language;
- ``index.html``: the figure catalogue;
- other files a domain hands over (:class:`~cluster_analysis.outputs.FileOutput`: a calendar, a
  members' workbook ...) as ``<name>.<lang>.<suffix>`` in their audience's folder;
- ``validation/``: rejects workbook and suppression log (written by the pipeline).

Audience separation is enforced here: a donor output is built only from outputs marked "donors".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from cluster_analysis.outputs import DomainResult, FigureOutput, FileOutput, TableOutput
from cluster_analysis.store import atomic_write_bytes

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
) -> dict[str, object]:
    """Export figures, write tables per audience, the donor briefs and the figure catalogue.

    Returns ``{"figures": {name: {lang: {fmt: Path}}}, "tables": [Path], "briefs": [Path],
    "index": Path, "files": [Path]}``.
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
        table_paths.append(write_tables_xlsx(tables, folder / "tables.xlsx", lang=table_lang))

    say("writing findings briefs")
    donor_results = [_donor_view(result) for result in results]
    shared_figures = [
        f for audience, figs in figures_by_audience.items() if audience != "office" for f in figs
    ]
    briefs = []
    for lang in langs:
        briefs.extend(
            build_brief(
                donor_results, files, lang=lang, out_dir=out_dir, project_facts=PROJECT_FACTS[lang]
            )
        )
    index = build_index(
        shared_figures, files, out_dir / "index.html", figures_dir=out_dir / "figures"
    )
    other_files = [r for result in results for r in result.files]
    if other_files:
        say(f"writing {len(other_files)} other files")
    written = [path for item in other_files for path in write_file_output(item, out_dir, langs)]
    return {
        "figures": files,
        "tables": table_paths,
        "briefs": briefs,
        "index": index,
        "files": written,
    }


def write_file_output(item: FileOutput, out_dir: Path, langs: Sequence[str]) -> list[Path]:
    """Write one :class:`FileOutput` atomically into its audience's folder; return the paths.

    One file per language (``<name>.<lang>.<suffix>``), or one file ``<name>.<suffix>`` built in
    English when ``per_language`` is False.
    """
    folder = Path(out_dir) / AUDIENCE_FOLDERS[item.audience]
    if not item.per_language:
        return [atomic_write_bytes(folder / f"{item.name}.{item.suffix}", item.build("en"))]
    return [
        atomic_write_bytes(folder / f"{item.name}.{lang}.{item.suffix}", item.build(lang))
        for lang in langs
    ]


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
        files=[f for f in result.files if f.audience == "donors"],
    )
