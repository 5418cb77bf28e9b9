"""Decorate figures with their metadata and export them, with one browser session per run.

Static export (PNG, PDF, SVG) uses kaleido 1.x, which drives a Chrome/Chromium. Starting a browser per
figure costs about 2 s, so :class:`FigureExporter` keeps one kaleido session open for the whole run
(stack-notes.md), with MathJax off (otherwise an export stalls trying to reach a CDN offline). The
session runs on its own event-loop thread and every call has a time limit, so a browser that dies can
never hang the run (kaleido's global sync server would wait forever in that case).

Without a browser the exporter writes the interactive HTML only, logs one warning line and never
raises. Every file is written to a temporary name in the target folder and moved into place with
``os.replace``, so a reader never sees half a file.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import logging
import os
import shutil
import tempfile
import textwrap
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cluster_analysis.charts.theme import (
    FONT_FAMILY,
    FOOTNOTE_COLOUR,
    HEIGHT,
    MARGIN,
    SCALE,
    WIDTH,
    cluster_template,
)
from cluster_analysis.outputs import FigureOutput, Meta, pick

if TYPE_CHECKING:
    import plotly.graph_objects as go

__all__ = [
    "NO_CHROMIUM_WARNING",
    "STATIC_FORMATS",
    "FigureExporter",
    "atomic_write_bytes",
    "atomic_write_text",
    "decorate",
    "find_chromium",
]

logger = logging.getLogger("cluster_analysis.charts")

STATIC_FORMATS: tuple[str, ...] = ("png", "pdf", "svg")
ALL_FORMATS: tuple[str, ...] = (*STATIC_FORMATS, "html")

NO_CHROMIUM_WARNING = (
    "static export skipped: no Chromium found; install Debian package chromium "
    "(apt-get install chromium fonts-noto-core)"
)

_CANDIDATE_BROWSERS = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")

#: Characters per footnote line at 12 px in a 1000 px wide figure (Georgian glyphs are the wider).
_FOOTNOTE_WRAP = 115
#: Left edge (px) shared by the title and the footnote.
_TEXT_LEFT = MARGIN["l"] - 10


# --------------------------------------------------------------------------------------------------
# atomic file writes


def _current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def atomic_write_bytes(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` via a temporary file in the same folder and ``os.replace``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o666 & ~_current_umask())  # mkstemp makes 0600; published files are shared
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return path


def atomic_write_text(path: str | Path, content: str) -> Path:
    """Write UTF-8 ``content`` to ``path`` atomically (see :func:`atomic_write_bytes`)."""
    return atomic_write_bytes(path, content.encode("utf-8"))


# --------------------------------------------------------------------------------------------------
# decoration


def _wrap(line: str, width: int = _FOOTNOTE_WRAP) -> list[str]:
    return textwrap.wrap(line, width=width, break_long_words=False) or [""]


def decorate(fig: go.Figure, meta: Meta, lang: str, *, template: bool = True) -> go.Figure:
    """Return a copy of ``fig`` with title, subtitle and footnote from ``meta`` in ``lang``.

    Title: ``meta.title``; subtitle: ``meta.subtitle(lang)`` (unit, period, n); footnote:
    ``meta.footnote(lang)`` (source, note, and the synthetic-data warning when ``meta.synthetic``),
    placed at the bottom edge as a paper annotation. With ``template`` the "cluster" template is
    applied. ``fig`` itself is never changed.
    """
    import plotly.graph_objects as go

    out = go.Figure(fig)
    if template:
        out.update_layout(template=cluster_template())
    subtitle = meta.subtitle(lang)
    title: dict[str, Any] = {"text": f"<b>{_escape(pick(meta.title, lang))}</b>"}
    if subtitle:
        title["subtitle"] = {
            "text": _escape(subtitle),
            "font": {"size": 14, "color": FOOTNOTE_COLOUR, "family": FONT_FAMILY},
        }
    out.update_layout(title=title)

    footnote = meta.footnote(lang)
    label_space, left = _reserve_label_space(out)
    margin_l = max(MARGIN["l"], left)
    margin_b = max(MARGIN["b"], label_space + 20)
    if footnote:
        lines = [wrapped for part in footnote.split("\n") for wrapped in _wrap(part)]
        margin_b = label_space + 17 * len(lines) + 24
        out.add_annotation(
            text="<br>".join(_escape(line) for line in lines),
            xref="paper",
            yref="paper",
            x=0.0,
            y=0.0,
            xanchor="left",
            yanchor="bottom",
            # from the plot's bottom-left corner to the figure's bottom edge and the title's left
            yshift=-margin_b + 8,
            xshift=-(margin_l - _TEXT_LEFT),
            showarrow=False,
            align="left",
            font={"size": 12, "color": FOOTNOTE_COLOUR, "family": FONT_FAMILY},
            name="footnote",
        )
    out.update_layout(margin={"b": max(margin_b, MARGIN["b"]), "l": margin_l})
    return out


def _text_px(value: str, size: float = 14) -> float:
    """Estimate the rendered width of ``value`` (Georgian glyphs are wider than Latin)."""
    return sum(size * (0.62 if ord(ch) >= 0x10A0 else 0.56) for ch in value)


def _category_labels(fig: go.Figure, axis: str) -> list[str] | None:
    """Return the category labels on the primary ``axis`` ("x" or "y"), or None if not categorical."""
    labels: list[str] = []
    for trace in fig.data:
        horizontal = getattr(trace, "orientation", None) == "h"
        if trace.type not in ("bar", "box", "scatter", "violin", "histogram"):
            continue
        if getattr(trace, f"{axis}axis", None) not in (None, axis):
            continue
        # a horizontal bar puts its categories on y; every other trace on x
        if (axis == "y") != horizontal:
            continue
        values = getattr(trace, axis, None)
        if values is None:
            continue
        for value in values:
            if not isinstance(value, str):
                return None
            if value not in labels:
                labels.append(value)
    return labels or None


def _reserve_label_space(fig: go.Figure) -> tuple[float, float]:
    """Wrap long category labels and return (bottom px below the plot, left margin px).

    Plotly's automargin grows the margins for long tick labels but cannot make room for a footnote
    underneath them, so the room is estimated here (generously) and the footnote placed below it;
    automargin then has nothing left to push. Labels on a categorical x axis are wrapped onto
    several lines (via ``ticktext``) instead of being rotated.
    """
    plot_width = WIDTH - MARGIN["l"] - MARGIN["r"]
    xaxis, yaxis = fig.layout.xaxis, fig.layout.yaxis
    bottom = 30.0  # ticks and one line of numeric tick labels
    x_labels = _category_labels(fig, "x")
    if x_labels and xaxis.tickvals is None and xaxis.ticktext is None and xaxis.tickangle is None:
        per_category = plot_width / len(x_labels)
        for size in (14, 12, 11):  # wrap at the template's size, else at a smaller one
            room = per_category * 0.9  # a gap between neighbouring labels
            chars = max(6, int(room / _text_px("ა", size)))
            wrapped = [
                textwrap.wrap(label, chars, break_long_words=False) or [""] for label in x_labels
            ]
            widest = max(_text_px(line, size) for lines in wrapped for line in lines)
            if widest <= room:
                fig.update_xaxes(
                    tickvals=x_labels, ticktext=["<br>".join(w) for w in wrapped], tickangle=0
                )
                if size != 14:
                    fig.update_xaxes(tickfont={"size": size})
                bottom = 12 + (size + 5) * max(len(w) for w in wrapped)
                break
        else:  # single words wider than a category: slant the labels
            fig.update_xaxes(tickangle=45)
            bottom = 24 + 0.71 * max(_text_px(label) for label in x_labels)
    if xaxis.title.text:
        bottom += 30
    left = float(MARGIN["l"])
    y_labels = _category_labels(fig, "y")
    if y_labels:
        left = 20 + max(_text_px(label) for label in y_labels)
    if yaxis.title.text:
        left += 30
    return bottom, min(left, WIDTH * 0.45)


def _escape(value: str) -> str:
    # plotly renders a subset of HTML in text; user-supplied text must not inject tags
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# --------------------------------------------------------------------------------------------------
# browser lookup


def find_chromium() -> str | None:
    """Return the path of a Chrome/Chromium kaleido can drive, or ``None``.

    Uses choreographer's own lookup (``BROWSER_PATH``, PATH, typical locations, kaleido's download),
    then the Debian names.
    """
    try:
        from choreographer.browsers.chromium import Chromium

        found = Chromium.find_browser(skip_local=False)
        if found and Path(found).is_file():
            return str(found)
    except Exception:  # the lookup is best effort; fall back to the plain names below
        logger.debug("choreographer browser lookup failed", exc_info=True)
    for name in _CANDIDATE_BROWSERS:
        path = name if os.path.isabs(name) else shutil.which(name)
        if path and os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    return None


# --------------------------------------------------------------------------------------------------
# the exporter


class FigureExporter:
    """Export :class:`~cluster_analysis.outputs.FigureOutput` objects with one kaleido session.

    Use as a context manager::

        with FigureExporter() as exporter:
            for figure in result.figures:
                exporter.export(figure, "reports/figures")
        exporter.files    # {name: {lang: {fmt: Path}}}
        exporter.warnings # e.g. the one "static export skipped" line

    ``browser_lookup`` finds the browser (tests replace it). ``timeout`` bounds each render (s).
    ``plotlyjs``: "inline" (default) makes every HTML file self-contained (about 4.8 MB each);
    "directory" writes ``plotly.min.js`` once beside them and links it (still offline, no CDN).
    Static exports that fail are logged in :attr:`warnings` and skipped; the exporter never raises for
    a missing browser or a failed render, only for programming errors (unknown format or language).
    """

    def __init__(
        self,
        *,
        scale: float = SCALE,
        width: int = WIDTH,
        height: int = HEIGHT,
        timeout: float = 90.0,
        tabs: int = 1,
        browser_lookup: Callable[[], str | None] | None = None,
        plotlyjs: str = "inline",
    ) -> None:
        if plotlyjs not in ("inline", "directory"):
            raise ValueError(f"plotlyjs must be 'inline' or 'directory', got {plotlyjs!r}")
        self.plotlyjs = plotlyjs
        self.scale = scale
        self.width = width
        self.height = height
        self.timeout = timeout
        self.tabs = tabs
        self._lookup = browser_lookup or find_chromium
        self.browser: str | None = None
        self.warnings: list[str] = []
        self.files: dict[str, dict[str, dict[str, Path]]] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido: Any = None
        self._static_ok = False
        self._opened = False
        self._plotlyjs_written: set[Path] = set()

    # -- lifecycle ---------------------------------------------------------------------------------

    def __enter__(self) -> FigureExporter:
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def static_available(self) -> bool:
        """Return whether PNG/PDF/SVG can be written in this session."""
        return self._static_ok

    def open(self) -> None:
        """Find the browser and start the kaleido session (or note that only HTML is possible)."""
        if self._opened:
            return
        self._opened = True
        self.browser = self._lookup()
        if not self.browser:
            self._warn(NO_CHROMIUM_WARNING)
            return
        try:
            import kaleido
        except ImportError:
            self._warn("static export skipped: the kaleido package is not installed")
            return
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="kaleido-session", daemon=True
        )
        self._thread.start()

        async def start() -> Any:
            session = kaleido.Kaleido(
                n=self.tabs, timeout=self.timeout, mathjax=False, path=self.browser
            )
            await session.open()
            return session

        try:
            self._kaleido = self._call(start(), timeout=60)
            self._static_ok = True
        except Exception as exc:
            self._warn(f"static export skipped: Chromium at {self.browser} did not start ({exc})")
            self._stop_loop()

    def close(self) -> None:
        """Stop the kaleido session and its thread (safe to call twice)."""
        if self._kaleido is not None and self._loop is not None:
            with contextlib.suppress(Exception):
                self._call(self._kaleido.close(), timeout=30)
        self._kaleido = None
        self._static_ok = False
        self._opened = False
        self._stop_loop()

    def _stop_loop(self) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            if self._thread is not None:
                self._thread.join(timeout=10)
            if not self._loop.is_running():
                self._loop.close()
        self._loop = None
        self._thread = None

    def _call(self, coroutine: Any, *, timeout: float) -> Any:
        assert self._loop is not None
        future = asyncio.run_coroutine_threadsafe(coroutine, self._loop)
        try:
            return future.result(timeout=timeout)
        except TimeoutError:
            future.cancel()
            raise

    def _warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)
            logger.warning(message)

    # -- export ------------------------------------------------------------------------------------

    def export(
        self,
        figure: FigureOutput,
        out_dir: str | Path,
        langs: Sequence[str] = ("en", "ka"),
        formats: Sequence[str] = ("png", "pdf", "svg", "html"),
        scale: float | None = None,
    ) -> list[Path]:
        """Write ``<name>.<lang>.<fmt>`` for every language and format; return the paths written.

        HTML is self-contained (plotly.js inlined, no CDN). Static formats are skipped (with one
        warning for the run) when no browser is available.
        """
        return self.export_many([figure], out_dir, langs=langs, formats=formats, scale=scale)

    def export_many(
        self,
        figures: Iterable[FigureOutput],
        out_dir: str | Path,
        langs: Sequence[str] = ("en", "ka"),
        formats: Sequence[str] = ("png", "pdf", "svg", "html"),
        scale: float | None = None,
    ) -> list[Path]:
        """Export many figures in one batch (static renders share the browser's tab queue)."""
        unknown = [f for f in formats if f not in ALL_FORMATS]
        if unknown:
            raise ValueError(f"unknown export formats {unknown}; use {list(ALL_FORMATS)}")
        bad_langs = [lang for lang in langs if lang not in ("en", "ka")]
        if bad_langs:
            raise ValueError(f"unknown languages {bad_langs}; use 'en' and/or 'ka'")
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        scale = scale or self.scale
        written: list[Path] = []
        static_jobs: list[tuple[str, str, str, dict[str, Any], Path]] = []
        static_formats = [f for f in formats if f in STATIC_FORMATS]
        if static_formats and not self._opened:
            self.open()  # used without "with": start the session now; close() (or exit) stops it
            atexit.register(self.close)
        for figure in figures:
            for lang in langs:
                fig = decorate(figure.build(lang), figure.meta, lang)
                if "html" in formats:
                    path = out / f"{figure.name}.{lang}.html"
                    if self.plotlyjs == "directory":
                        self._write_plotlyjs(out)
                    html = fig.to_html(
                        include_plotlyjs=True if self.plotlyjs == "inline" else "directory",
                        full_html=True,
                        config={"displaylogo": False, "responsive": True},
                        default_width="100%",
                        default_height="100%",
                    )
                    html = html.replace("<html>", f'<html lang="{lang}">', 1).replace(
                        "</head>",
                        f"<title>{_escape(pick(figure.meta.title, lang))}</title>"
                        "<style>body { margin: 0; }</style></head>",
                        1,
                    )
                    written.append(atomic_write_text(path, html))
                    self._record(figure.name, lang, "html", path)
                if self._static_ok:
                    fig_dict = fig.to_dict()
                    for fmt in static_formats:
                        path = out / f"{figure.name}.{lang}.{fmt}"
                        static_jobs.append((figure.name, lang, fmt, fig_dict, path))
        if static_jobs:
            written.extend(self._render_static(static_jobs, scale))
        return written

    def _render_static(
        self, jobs: list[tuple[str, str, str, dict[str, Any], Path]], scale: float
    ) -> list[Path]:
        session = self._kaleido

        async def render_all() -> list[Any]:
            coroutines = [
                session.calc_fig(
                    fig_dict,
                    opts={
                        "format": fmt,
                        "width": fig_dict.get("layout", {}).get("width") or self.width,
                        "height": fig_dict.get("layout", {}).get("height") or self.height,
                        "scale": scale,
                    },
                )
                for _name, _lang, fmt, fig_dict, _path in jobs
            ]
            return await asyncio.gather(*coroutines, return_exceptions=True)

        try:
            results = self._call(render_all(), timeout=self.timeout * max(1, len(jobs)))
        except Exception as exc:
            self._warn(f"static export failed: {type(exc).__name__}: {exc}")
            return []
        written = []
        for (name, lang, fmt, _fig, path), result in zip(jobs, results, strict=True):
            if isinstance(result, BaseException):
                self._warn(f"static export of {name}.{lang}.{fmt} failed: {result}")
                continue
            written.append(atomic_write_bytes(path, result))
            self._record(name, lang, fmt, path)
        return written

    def _write_plotlyjs(self, out: Path) -> None:
        target = out / "plotly.min.js"
        if target not in self._plotlyjs_written:
            from plotly.offline import get_plotlyjs

            atomic_write_text(target, get_plotlyjs())
            self._plotlyjs_written.add(target)

    def _record(self, name: str, lang: str, fmt: str, path: Path) -> None:
        self.files.setdefault(name, {}).setdefault(lang, {})[fmt] = path
