"""Build every report of a run from the domains' results.

Where each output lands (all under the reports folder):

- ``figures/<name>.<lang>.{png,pdf,svg,html}``: figures for donors, members and vendors;
- ``tables.xlsx``: the donor tables; ``members/tables.xlsx`` and ``vendors/tables.xlsx``: the pooled
  views those audiences may see; ``office/``: the cluster office's member-level tables and figures,
  never sent outside the office;
- ``findings.<lang>.docx`` and ``findings.<lang>.html``: the donor brief per language;
- ``charts.<lang>.pptx``: the donor figures as native, editable PowerPoint charts per language;
- ``index.html``: the figure catalogue;
- other files a domain hands over (:class:`~cluster_analysis.outputs.FileOutput`: a calendar, a
  members' workbook ...) as ``<name>.<lang>.<suffix>`` in their audience's folder;
- ``validation/``: rejects workbook and suppression log (written by the pipeline).

Audience separation is enforced here: a donor output is built only from outputs marked "donors".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

from cluster_analysis.outputs import DomainResult, FigureOutput, FileOutput, TableOutput
from cluster_analysis.store import atomic_write_bytes

if TYPE_CHECKING:
    from cluster_analysis.charts.export import FigureExporter

#: The folder beside the figure cache where charts fitted to the brief's page are kept.
BRIEF_CHARTS = "brief-charts"

AUDIENCE_FOLDERS = {"donors": "", "members": "members", "vendors": "vendors", "office": "office"}

#: Extra facts for the brief's "project facts" (label -> value per language). The project's own
#: facts (title, donor, contribution, implementer, period, towns, outcomes) come from the
#: indicators' project file (data/raw/indicators/project.csv, the ``project_facts`` table).
PROJECT_FACTS: dict[str, dict[str, str]] = {"en": {}, "ka": {}}


def build_reports(
    results: Sequence[DomainResult],
    *,
    out_dir: Path,
    langs: Sequence[str] = ("en", "ka"),
    formats: Sequence[str] = ("png", "pdf", "svg", "html"),
    progress: Callable[[str], None] | None = None,
    warn: Callable[[str], None] | None = None,
    figure_cache: Path | None = None,
    refresh_cache: bool = False,
    on_figure: Callable[[int, int], None] | None = None,
    template: Path | None = None,
    timed: Callable[[str], AbstractContextManager[None]] | None = None,
    exporter: FigureExporter | None = None,
) -> dict[str, object]:
    """Export figures, write tables per audience, the donor briefs and the figure catalogue.

    Every interactive figure links the one ``plotly.min.js`` at the top of ``out_dir``.
    ``figure_cache``: a folder where rendered figure files are kept by the hash of their spec and
    data, so an unchanged figure is copied rather than rendered (files no figure of this run used
    are deleted from it; charts fitted to the Word brief's page are kept beside it, in
    ``brief-charts``); ``refresh_cache`` renders every figure and stores it anew.
    ``on_figure(done, total)`` counts the figures exported.

    ``exporter``: an open exporter that already rendered some of the figures into
    ``figure_cache`` during this run (:class:`cluster_analysis.reports.prerender.FigurePrerender`);
    it is used and closed here, and its renders are read from the cache even when
    ``refresh_cache`` (they are this run's). ``timed(step)`` (e.g. :meth:`cluster_analysis.store.Manifest.timed`) times each step.

    ``template`` is the organisation's Word template for the briefs (see
    :mod:`cluster_analysis.reports.template`); None keeps the default document.

    Returns ``{"figures": {name: {lang: {fmt: Path}}}, "tables": [Path], "briefs": [Path],
    "decks": [Path], "index": Path, "files": [Path], "cache": {"hits": int, "misses": int}}``.
    """
    from cluster_analysis.charts.export import FigureExporter
    from cluster_analysis.reports.brief import build_brief, build_index
    from cluster_analysis.reports.docx import FITTED_CHARTS, FittedCharts
    from cluster_analysis.reports.excel import write_tables_xlsx

    say = progress or (lambda message: None)
    timer = timed or (lambda step: nullcontext())
    out_dir = Path(out_dir)
    figures_by_audience: dict[str, list[FigureOutput]] = {}
    tables_by_audience: dict[str, list[TableOutput]] = {}
    for result in results:
        for figure in result.figures:
            figures_by_audience.setdefault(figure.audience, []).append(figure)
        for table in result.tables:
            tables_by_audience.setdefault(table.audience, []).append(table)

    total = sum(len(f) for f in figures_by_audience.values())
    say(f"exporting {total} figures")
    if exporter is None:
        exporter = FigureExporter(
            plotlyjs_file=out_dir / "plotly.min.js",
            cache_dir=figure_cache,
            cache_read=not refresh_cache,
        )
    else:
        exporter.cache_read = True  # what was rendered earlier in this run is fresh
    exporter.on_figure = on_figure
    exporter.total_figures = total
    exporter.done_figures = 0
    with timer("figure export"), exporter:
        for audience, figures in figures_by_audience.items():
            exporter.export_many(
                figures, figure_folder(out_dir, audience), langs=langs, formats=formats
            )
        if exporter.static_available and set(formats) >= {"png", "pdf", "svg"} and len(langs) > 1:
            exporter.prune_cache()  # only a full export knows every file still wanted
    for message in exporter.warnings:
        if warn:
            warn(message)
    files = exporter.files

    say("writing tables")
    table_lang = "both" if len(langs) > 1 else langs[0]
    table_paths = []
    with timer("tables"):
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
    fitted = (
        None
        if figure_cache is None or refresh_cache
        else FittedCharts(figure_cache.parent / BRIEF_CHARTS)
    )
    token = FITTED_CHARTS.set(fitted)
    try:
        if fitted is not None:
            with timer("brief charts fitted to the page"):
                fit_brief_charts(donor_results, files, langs)
        with timer("briefs (Word and HTML)"):
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
    finally:
        FITTED_CHARTS.reset(token)
    if fitted is not None and len(langs) > 1 and "png" in formats:
        fitted.prune()
    say("writing editable chart decks")
    with timer("decks, catalogue and other files"):
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
        other_files = [r for result in results for r in result.files]
        if other_files:
            say(f"writing {len(other_files)} other files")
        written = [path for item in other_files for path in write_file_output(item, out_dir, langs)]
    return {
        "figures": files,
        "tables": table_paths,
        "briefs": briefs,
        "decks": decks,
        "index": index,
        "files": written,
        "cache": {"hits": exporter.cache_hits, "misses": exporter.cache_misses},
    }


def figure_folder(out_dir: Path, audience: str) -> Path:
    """Where the figures of ``audience`` land: ``office/figures`` for the office, else the shared
    ``figures`` folder (members' and vendors' figures are pooled views, safe to share)."""
    if audience == "office":
        return Path(out_dir) / AUDIENCE_FOLDERS[audience] / "figures"
    return Path(out_dir) / "figures"


def figure_pngs(
    figures: Sequence[FigureOutput],
    files: dict[str, dict[str, dict[str, Path]]],
    langs: Sequence[str],
) -> list[Path]:
    """The PNG files exported for ``figures`` in ``langs`` (``files`` as the exporter records
    them: name -> language -> format -> path), figure by figure; missing ones are left out."""
    return [
        files[figure.name][lang]["png"]
        for figure in figures
        for lang in langs
        if "png" in files.get(figure.name, {}).get(lang, {})
    ]


def fit_brief_charts(
    donor_results: Sequence[DomainResult],
    files: dict[str, dict[str, dict[str, Path]]],
    langs: Sequence[str],
) -> None:
    """Fit every donor chart's PNG to the brief's page ahead of the briefs, two at a time.

    Each fitted chart lands in the fitted-chart store the briefs then read
    (:data:`cluster_analysis.reports.docx.FITTED_CHARTS`, which must be set). Scaling, palette and
    PNG encoding run in Pillow's C code with the interpreter lock released, so two threads use
    two cores: about half the wall time of fitting the charts one after another in the briefs.
    """
    import contextvars
    from concurrent.futures import ThreadPoolExecutor

    from cluster_analysis.reports.docx import print_png

    pngs = figure_pngs([f for result in donor_results for f in result.figures], files, langs)
    with ThreadPoolExecutor(max_workers=2) as pool:
        # each task runs in a copy of this context, so it sees the store the briefs will read
        done = [pool.submit(contextvars.copy_context().run, print_png, png) for png in pngs]
        for future in done:
            future.result()


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
