"""Render each domain's figures while the next domain computes.

Figure export is the longest part of a first run, and it runs in Chromium, another process: while
the pipeline's Python computes the pool and the indicators, the browsers can already render the
survey's figures. :class:`FigurePrerender` does that on one worker thread, into the figure cache
(:class:`cluster_analysis.charts.export.FigureExporter`'s ``cache_dir``) and the figure folders of
the run's staged reports. The report layer then exports every figure as usual, finding the
pre-rendered ones in the cache, and it renders whatever the pre-rendering did not (nothing is
lost if it fails: a failure is a warning, never an error). A figure's cache key is the sha256 of
its spec and data, so a pre-rendered file is the one the report layer would have rendered.
"""

from __future__ import annotations

import contextvars
import logging
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from cluster_analysis.charts.export import FigureExporter
from cluster_analysis.outputs import DomainResult, FigureOutput
from cluster_analysis.reports.build import BRIEF_CHARTS, figure_folder, figure_pngs
from cluster_analysis.reports.docx import FITTED_CHARTS, FittedCharts, print_png

logger = logging.getLogger("cluster_analysis.reports")


class FigurePrerender:
    """Pre-render figures domain by domain on a worker thread (see the module docstring).

    ``submit(result)`` queues a domain's figures; :meth:`finish` waits for them and hands over the
    still-open exporter (for :func:`cluster_analysis.reports.build.build_reports`, which closes
    it); :meth:`close` stops everything (safe after :meth:`finish`, and on errors).
    """

    def __init__(
        self,
        *,
        out_dir: Path,
        figure_cache: Path,
        langs: Sequence[str],
        formats: Sequence[str],
        refresh_cache: bool = False,
    ) -> None:
        self.out_dir = Path(out_dir)
        self.langs = tuple(langs)
        self.formats = tuple(formats)
        self.warnings: list[str] = []
        self.exporter = FigureExporter(
            plotlyjs_file=self.out_dir / "plotly.min.js",
            cache_dir=figure_cache,
            cache_read=not refresh_cache,
        )
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="figure-prerender")
        # donor charts are fitted to the brief's page as soon as their PNG exists, on a thread of
        # their own (Pillow works with the interpreter lock released), into the store the briefs
        # read (reports/build.py); a forced run fits them in the briefs, as the store is skipped
        self._fitted = (
            None if refresh_cache else FittedCharts(Path(figure_cache).parent / BRIEF_CHARTS)
        )
        self._fitting = ThreadPoolExecutor(max_workers=1, thread_name_prefix="brief-charts")
        self._fits: list[Future[Any]] = []
        # nothing starts before a domain is queued: a rerun that reuses every domain starts no
        # browser here
        self._pending: list[Future[None]] = []

    def submit(self, result: DomainResult) -> None:
        """Queue the figures of one computed domain."""
        if result.figures:
            self._pending.append(self._pool.submit(self._export, list(result.figures)))

    def _export(self, figures: list[FigureOutput]) -> None:
        by_audience: dict[str, list[FigureOutput]] = {}
        for figure in figures:
            by_audience.setdefault(figure.audience, []).append(figure)
        for audience, group in by_audience.items():
            self.exporter.export_many(
                group,
                figure_folder(self.out_dir, audience),
                langs=self.langs,
                formats=self.formats,
            )
            if audience == "donors" and self._fitted is not None:
                self._fit(group)

    def _fit(self, figures: list[FigureOutput]) -> None:
        for png in figure_pngs(figures, self.exporter.files, self.langs):
            context = contextvars.copy_context()
            context.run(FITTED_CHARTS.set, self._fitted)
            self._fits.append(self._fitting.submit(context.run, print_png, png))

    def finish(self) -> FigureExporter:
        """Wait for every queued figure; return the exporter, still open."""
        for future in self._pending:
            try:
                future.result()
            except Exception as exc:  # the report layer renders whatever is missing
                message = f"figure pre-rendering stopped ({type(exc).__name__}: {exc})"
                logger.warning(message)
                self.warnings.append(message)
        self._pending = []
        self._pool.shutdown(wait=True)
        for fit in self._fits:
            try:
                fit.result()
            except Exception as exc:  # the briefs fit whatever is missing
                logger.warning("fitting a chart to the brief's page failed: %s", exc)
        self._fits = []
        self._fitting.shutdown(wait=True)
        return self.exporter

    def close(self) -> None:
        """Drop queued work, wait for the figure being rendered, stop the browsers."""
        for queued in (*self._pending, *self._fits):
            queued.cancel()
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._fitting.shutdown(wait=True, cancel_futures=True)
        self.exporter.close()
