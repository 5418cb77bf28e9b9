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
import concurrent.futures
import contextlib
import functools
import json
import logging
import math
import os
import re
import shutil
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cluster_analysis import store
from cluster_analysis.charts.theme import (
    FONT_FAMILY,
    FOOTNOTE_COLOUR,
    HEIGHT,
    MARGIN,
    SCALE,
    WIDTH,
    cluster_template,
)
from cluster_analysis.numbers import localize_numbers, plotly_separators
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

#: Left edge (px) shared by the title and the footnote.
_TEXT_LEFT = MARGIN["l"] - 10

# Text sizes (px) and where plotly puts the lines, measured on kaleido renders of Noto Sans (ink
# rows of the PNG): the title's first line starts _TITLE_TOP below the top edge and is _TITLE_INK
# high, further lines follow every _TITLE_LINE px (plotly draws a multi-line title _TITLE_RAISE px
# higher, so the pad makes up for it); the subtitle starts _SUBTITLE_GAP below the title's last line;
# a legend row is _LEGEND_ROW px and the lowest one ends _LEGEND_BOTTOM px above the plot.
_TITLE_SIZE = 20
_SUBTITLE_SIZE = 14
_LEGEND_SIZE = 13
_FOOTNOTE_SIZE = 12
_TITLE_TOP = 21
_TITLE_INK = 22
_TITLE_LINE = 26
_TITLE_RAISE = 14
_SUBTITLE_GAP = 23
_SUBTITLE_INK = 13
_SUBTITLE_LINE = 19
_LEGEND_ROW = 20
_LEGEND_BOTTOM = 23
_TEXT_GAP = 14  # clear space between the title block, the legend and the plot
_FOOTNOTE_LINE = 17
#: plotly.js legend: the symbol and its gap before the text, and the gap between items (px).
_LEGEND_SYMBOL = 40
_LEGEND_ITEM_GAP = 5
_LEGEND_GROUP_GAP = 10  # plotly's default tracegroupgap
_LEGEND_TYPES = frozenset(
    {
        "bar",
        "scatter",
        "scattergl",
        "box",
        "violin",
        "histogram",
        "waterfall",
        "funnel",
        "candlestick",
        "ohlc",
        "scatterpolar",
        "barpolar",
    }
)
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")


# --------------------------------------------------------------------------------------------------
# atomic file writes


def _current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def atomic_write_bytes(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically (:func:`cluster_analysis.store.atomic_write`)."""
    return store.atomic_write_bytes(path, data)


def atomic_write_text(path: str | Path, content: str) -> Path:
    """Write UTF-8 ``content`` to ``path`` atomically (see :func:`atomic_write_bytes`)."""
    return atomic_write_bytes(path, content.encode("utf-8"))


def _copy_atomic(source: Path, target: Path) -> Path:
    """Copy ``source`` to ``target`` atomically (a cached figure into place, or back)."""
    return store.atomic_write(target, lambda tmp: shutil.copyfile(source, tmp))


def palette_png(data: bytes, *, width: int | None = None, dpi: int | None = None) -> bytes:
    """Return the PNG ``data`` as an optimised palette PNG (at most 256 colours, no dithering).

    Charts have a handful of flat colours plus the anti-aliasing of text and lines (a few thousand
    shades); an octree palette of 256 keeps them indistinguishable at print size while the file
    shrinks about four times. ``width``: scale down (Lanczos) to at most this many pixels wide,
    keeping the aspect; ``dpi``: record the print resolution in the file.
    """
    from io import BytesIO

    from PIL import Image

    with Image.open(BytesIO(data)) as source:
        image = source.convert("RGB")
    if width is not None and image.width > width:
        image = image.resize(
            (width, round(image.height * width / image.width)), Image.Resampling.LANCZOS
        )
    palette = image.quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    out = BytesIO()
    extra = {} if dpi is None else {"dpi": (dpi, dpi)}
    # zlib level 6, not 9: on palette images level 9 costs three times the CPU for files about 8 %
    # smaller (0.25 s against 0.08 s for a 2,700 x 1,680 chart), and there are two PNGs per figure.
    palette.save(out, format="PNG", compress_level=6, **extra)
    return out.getvalue()


def _spec_text(fig: go.Figure) -> str:
    """The figure's JSON with sorted keys: the same figure gives the same text however its
    dictionaries were ordered (a figure rebuilt from the domain cache, or built afresh)."""
    import json

    return json.dumps(json.loads(fig.to_json()), sort_keys=True, ensure_ascii=False)


#: Names what happens to a render after Chromium (part of every cache key): change it when that does.
_RENDER_STEPS = "png: octree palette 256, zlib 6"


@functools.cache
def _renderer_versions() -> str:
    """The versions that shape a rendered file besides its spec (part of every cache key)."""
    from importlib import metadata

    found = []
    for name in ("plotly", "kaleido", "choreographer", "pillow"):
        try:
            found.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}=none")
    return ";".join([*found, _RENDER_STEPS])


# --------------------------------------------------------------------------------------------------
# decoration


def _text_px(value: str, size: float = 14, *, bold: bool = False) -> float:
    """Estimate the rendered width of ``value`` in px, generously (Noto Sans: Georgian letters and
    capitals about 0.65 em, other Latin letters and digits about 0.55 em, a space 0.3 em)."""
    em = sum(
        0.3 if ch == " " else 0.66 if ord(ch) >= 0x10A0 or ch.isupper() else 0.56 for ch in value
    )
    return em * size * (1.06 if bold else 1.0)


def _lines(label: str) -> list[str]:
    """The lines of a plotly label: split at ``<br>``, other tags dropped."""
    return [_TAG.sub("", part) for part in _BREAK.split(str(label))]


def _label_px(label: str, size: float = 14) -> float:
    """Width in px of the widest line of a (possibly multi-line) label."""
    return max(_text_px(line, size) for line in _lines(label))


def _wrap_px(line: str, max_px: float, size: float, *, bold: bool = False) -> list[str]:
    """Wrap ``line`` at word boundaries into lines at most ``max_px`` wide (a longer single word
    keeps a line of its own)."""
    lines: list[str] = []
    for word in line.split():
        if lines and _text_px(f"{lines[-1]} {word}", size, bold=bold) <= max_px:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines or [""]


def _localized(value: Any, lang: str) -> Any:
    """Return ``value`` (text, or nested lists/tuples of text) with numbers written for ``lang``."""
    if isinstance(value, str):
        return localize_numbers(value, lang)
    if isinstance(value, list | tuple):
        return [_localized(v, lang) for v in value]
    dtype = getattr(value, "dtype", None)
    if dtype is not None and dtype.kind in "OU":  # numpy arrays of labels
        return [_localized(v, lang) for v in value.tolist()]
    return value


def _localize_labels(fig: go.Figure, lang: str) -> None:
    """Rewrite numbers that chart builders wrote into labels (bar and cell text, hover text, tick
    labels, annotations) in the conventions of ``lang``; numeric data is left to ``separators``."""
    if lang == "en":
        return
    for trace in fig.data:
        for attr in ("text", "hovertext"):
            if attr in trace and trace[attr] is not None:
                trace[attr] = _localized(trace[attr], lang)
    for name in fig.layout:
        if name.startswith(("xaxis", "yaxis")) and fig.layout[name].ticktext is not None:
            fig.layout[name].ticktext = _localized(fig.layout[name].ticktext, lang)
    for note in fig.layout.annotations or ():
        if note.text:
            note.text = localize_numbers(note.text, lang)


@functools.lru_cache(maxsize=16)
def _merged_template(base_json: str) -> go.layout.Template:
    """Return the template ``base_json`` (a figure's own) updated with the cluster template, as
    ``fig.update_layout(template=cluster_template())`` would leave it."""
    import plotly.graph_objects as go

    merged = go.Figure(layout={"template": json.loads(base_json)})
    merged.update_layout(template=cluster_template())
    return merged.layout.template


def decorate(fig: go.Figure, meta: Meta, lang: str, *, template: bool = True) -> go.Figure:
    """Return a copy of ``fig`` with title, subtitle and footnote from ``meta`` in ``lang``.

    Title: ``meta.title``; subtitle: ``meta.subtitle(lang)`` (unit, period, n); footnote:
    ``meta.footnote(lang)`` (source, note, and the synthetic-data warning when ``meta.synthetic``),
    placed at the bottom edge as a paper annotation. Long titles, subtitles and footnotes are
    wrapped to the figure's width; the top margin makes room for every title and subtitle line and
    for every row of a legend above the plot, so a legend never covers the subtitle. When the
    builder fixed the figure's height, it grows by the margin added, so the plot keeps its size.
    With ``template`` the "cluster" template is applied. ``fig`` itself is never changed.
    """
    import plotly.graph_objects as go

    if template:
        # The figure's template with the cluster template laid over it (plotly's update merges),
        # made once per distinct template: copying a figure with its template as a plain dict
        # validates the whole template again (about 25 ms a figure against 5 ms).
        # (to_plotly_json, not to_dict: to_dict turns numpy arrays into base64 blocks, which
        # the label handling below would not read as numbers)
        layout = fig.layout.to_plotly_json()
        layout["template"] = _merged_template(
            json.dumps(layout.get("template", {}), sort_keys=True, default=str)
        )
        out = go.Figure(data=fig.data, layout=layout, frames=fig.frames)
    else:
        out = go.Figure(fig)
    # axis ticks and hover numbers in the reader's conventions (Georgian: 54 900 and 7,74)
    out.update_layout(separators=plotly_separators(lang))
    _localize_labels(out, lang)
    text_width = WIDTH - _TEXT_LEFT - MARGIN["r"]
    title_lines = _wrap_px(
        localize_numbers(pick(meta.title, lang), lang), text_width, _TITLE_SIZE, bold=True
    )
    subtitle = localize_numbers(meta.subtitle(lang), lang)
    subtitle_lines = _wrap_px(subtitle, text_width, _SUBTITLE_SIZE) if subtitle else []
    title: dict[str, Any] = {
        "text": "<br>".join(f"<b>{_escape(line)}</b>" for line in title_lines),
        # pinned to the figure's top edge, so its place never depends on the plot's
        "yref": "container",
        "y": 1.0,
        "yanchor": "top",
        # plotly draws a title of several lines higher than one of a single line
        "pad": {"t": _TITLE_TOP + (_TITLE_RAISE if len(title_lines) > 1 else 0)},
    }
    if subtitle_lines:
        title["subtitle"] = {
            "text": "<br>".join(_escape(line) for line in subtitle_lines),
            "font": {"size": _SUBTITLE_SIZE, "color": FOOTNOTE_COLOUR, "family": FONT_FAMILY},
        }
    out.update_layout(title=title)

    footnote = localize_numbers(meta.footnote(lang), lang)
    label_space, left = _reserve_label_space(out)
    margin_l = max(MARGIN["l"], left)
    margin_b = max(MARGIN["b"], label_space + 20)
    if footnote:
        lines = [
            wrapped
            for part in footnote.split("\n")
            for wrapped in _wrap_px(part, text_width, _FOOTNOTE_SIZE)
        ]
        margin_b = label_space + _FOOTNOTE_LINE * len(lines) + 24
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
            font={"size": _FOOTNOTE_SIZE, "color": FOOTNOTE_COLOUR, "family": FONT_FAMILY},
            name="footnote",
        )
    margin_b = max(margin_b, MARGIN["b"])
    text_bottom = _TITLE_TOP + _TITLE_INK + _TITLE_LINE * (len(title_lines) - 1)
    if subtitle_lines:
        text_bottom += _SUBTITLE_GAP + _SUBTITLE_INK + _SUBTITLE_LINE * (len(subtitle_lines) - 1)
    legend_rows = _legend_rows(out, WIDTH - margin_l - MARGIN["r"])
    margin_t = text_bottom + _TEXT_GAP
    if legend_rows:
        margin_t += _LEGEND_BOTTOM + _LEGEND_ROW * (legend_rows - 1)
    if out.layout.height is not None:
        # the builder sized the page for the default margins: keep its plot height
        extra = max(0, margin_t - MARGIN["t"]) + max(0, margin_b - MARGIN["b"])
        out.update_layout(height=out.layout.height + extra)
    out.update_layout(margin={"t": margin_t, "b": margin_b, "l": margin_l})
    return out


def _legend_items(fig: go.Figure) -> list[tuple[str, str]]:
    """The (group, name) of each legend item: one per trace, pie slices one per label; a trace
    without a legend group is a group of its own."""
    items: list[tuple[str, str]] = []
    for position, trace in enumerate(fig.data):
        if trace.showlegend is False:
            continue
        group = trace.legendgroup or f"\0{position}"
        if trace.type in ("pie", "funnelarea"):
            items.extend((group, str(label)) for label in (trace.labels or []))
        elif trace.type in _LEGEND_TYPES:
            items.append(
                (group, str(trace.name if trace.name is not None else f"trace {position}"))
            )
    return items


def _legend_rows(fig: go.Figure, plot_width: float) -> int:
    """Estimate how many rows plotly's horizontal legend above the plot takes (0: none shown).

    As plotly.js (legend/draw.js) lays it out: without legend groups, all items in one row when
    they fit the plot's width, else every item as wide as the widest and rows wrapping at the plot's
    width; with groups, each group a column of its items, as wide as its widest, columns wrapping
    at the plot's width.
    """
    layout = fig.layout
    items = _legend_items(fig)
    pies = any(trace.type in ("pie", "funnelarea") for trace in fig.data)
    shown = layout.showlegend is True or (len(items) > 1 or pies)
    if layout.showlegend is False or not items or not shown:
        return 0
    legend = layout.legend
    orientation = legend.orientation or "h"  # the template's
    y = legend.y if legend.y is not None else 1.0
    if orientation != "h" or y < 1.0:
        return 0  # a legend at the side or below the plot needs no room at the top
    size = (legend.font.size if legend.font and legend.font.size else None) or _LEGEND_SIZE
    widths = [_LEGEND_SYMBOL + _label_px(name, size) for _group, name in items]
    gap = _LEGEND_ITEM_GAP
    if any(not group.startswith("\0") for group, _name in items):
        columns: dict[str, list[float]] = {}
        for (group, _name), width in zip(items, widths, strict=True):
            columns.setdefault(group, []).append(width)
        rows, row_height, x = 0, 0, 0.0
        for column in columns.values():
            width = max(column) + gap + _LEGEND_GROUP_GAP
            if x and x + width > plot_width:
                rows, row_height, x = rows + row_height, 0, 0.0
            row_height = max(row_height, len(column))
            x += width
        return rows + row_height
    if sum(widths) + gap * (len(widths) - 1) < plot_width:
        return 1
    per_row = max(1, int((plot_width + gap) // (max(widths) + gap)))
    return math.ceil(len(widths) / per_row)


def _category_labels(fig: go.Figure, axis: str) -> list[str] | None:
    """Return the category labels on the primary ``axis`` ("x" or "y"), or None if not categorical.

    Bars, boxes and violins have their categories on x (on y when horizontal); a scatter or a
    heatmap is categorical on an axis whose values are all text (e.g. a scorecard grid).
    """
    labels: list[str] = []
    for trace in fig.data:
        if trace.type not in ("bar", "box", "scatter", "violin", "histogram", "heatmap"):
            continue
        if getattr(trace, f"{axis}axis", None) not in (None, axis):
            continue
        values = getattr(trace, axis, None)
        if values is None:
            continue
        if trace.type not in ("scatter", "heatmap"):
            horizontal = getattr(trace, "orientation", None) == "h"
            # a horizontal bar puts its categories on y; every other one on x
            if (axis == "y") != horizontal:
                continue
        elif not all(isinstance(value, str) for value in values):
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
    underneath them, nor keep the footnote aligned with the title when it pushes the plot right,
    so the room is estimated here (generously) and the footnote placed below and left of it;
    automargin then has nothing left to push. Labels on a categorical x axis are wrapped onto
    several lines (via ``ticktext``) instead of being rotated; labels a builder already broke into
    lines (``<br>``) keep their lines.
    """
    plot_width = WIDTH - MARGIN["l"] - MARGIN["r"]
    xaxis, yaxis = fig.layout.xaxis, fig.layout.yaxis
    bottom = 30.0  # ticks and one line of numeric tick labels
    x_labels = _category_labels(fig, "x")
    if x_labels and xaxis.tickvals is None and xaxis.ticktext is None and xaxis.tickangle is None:
        per_category = plot_width / len(x_labels)
        for size in (14, 12, 11, 10):  # wrap at the template's size, else at a smaller one
            room = per_category * 0.92  # a gap between neighbouring labels
            wrapped = [
                _lines(label) if _BREAK.search(label) else _wrap_px(label, room, size)
                for label in x_labels
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
        else:  # single words wider than a category: slant the labels, broken into short lines
            wrapped = [_wrap_px(label, 160, 12) for label in x_labels]
            fig.update_xaxes(
                tickvals=x_labels,
                ticktext=["<br>".join(w) for w in wrapped],
                tickangle=45,
                tickfont={"size": 12},
            )
            widest = max(_text_px(line, 12) for lines in wrapped for line in lines)
            bottom = 24 + 0.71 * (widest + 16 * max(len(w) for w in wrapped))
    elif x_labels:
        bottom = 12 + 19 * max(len(_lines(label)) for label in x_labels)
    if xaxis.title.text:
        bottom += 30 * len(_lines(xaxis.title.text))
    left = float(MARGIN["l"])
    y_labels = _category_labels(fig, "y")
    if y_labels:
        shown = list(yaxis.ticktext) if yaxis.ticktext is not None else y_labels
        left = 30 + max(_label_px(str(label)) for label in shown)
    if yaxis.title.text:
        left += 8 + 22 * len(_lines(yaxis.title.text))
    return bottom, min(left, WIDTH * 0.5)


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


def default_browsers() -> int:
    """How many browsers to render with: two on a machine with two cores or more, else one.

    Each render keeps one Chromium renderer busy (about 0.2 s of CPU even for a small chart), and
    tabs of one browser share a renderer, so a second tab renders no faster; a second browser
    does. More than two gains little because the run's own Python work (palette PNGs, the briefs)
    needs a core too.
    """
    return 2 if (os.cpu_count() or 1) >= 2 else 1


#: Renders a browser tab makes before its page is loaded afresh (see :func:`_reusing_kaleido`).
RENDERS_PER_RELOAD = 50


#: How long a tab's page may take to define kaleido's render function before it is reloaded (s).
PAGE_READY_WAIT = 10.0
#: Reloads of a tab whose page never defines kaleido's render function before its render fails.
PAGE_READY_RELOADS = 2


async def _page_state(tab: Any) -> str:
    """Return "ready" when ``tab``'s page has run kaleido's script in the context kaleido calls,
    "loading" when the script has not run yet, "gone" when that context no longer exists."""
    answer = await tab.tab.send_command(
        "Runtime.evaluate",
        params={
            "expression": "typeof kaleido_scopes",
            "contextId": tab._current_js_id,
            "returnByValue": True,
        },
    )
    if "error" in answer:
        return "gone"
    value = (answer.get("result") or {}).get("result") or {}
    return "ready" if value.get("value") == "object" else "loading"


async def _until_page_ready(tab: Any) -> None:
    """Wait until ``tab``'s page has run kaleido's script, reloading it if it never does.

    kaleido opens a tab by navigating it and waiting for a load event and an execution context;
    on a busy machine the first render can still reach the page before its script has run
    ("kaleido_scopes is not defined"), or reach a context that is no longer the page's. The
    check is one DevTools round trip, made once per page load. Raises :class:`RuntimeError`
    when the page is still not ready after :data:`PAGE_READY_RELOADS` reloads.
    """
    loop = asyncio.get_running_loop()
    for attempt in range(PAGE_READY_RELOADS + 1):
        if attempt:
            await tab.reload()
        deadline = loop.time() + PAGE_READY_WAIT
        while (state := await _page_state(tab)) == "loading" and loop.time() < deadline:
            await asyncio.sleep(0.05)
        if state == "ready":
            return
    raise RuntimeError("the browser page did not load kaleido's render script")


def _reusing_kaleido(kaleido_module: Any) -> Any:
    """Return a kaleido session class that keeps its page between renders.

    kaleido reloads its page after every render, and each reload parses plotly.js again: about
    0.25 s of browser CPU per render, three quarters of it (0.32 s against 0.09 s per render
    measured on the example's figures, PNG, PDF and SVG). Plotly.js purges each figure after
    rendering it, so the page can serve the next one; the PNG files are byte for byte those of
    a fresh page (tests/unit/test_parallel_export.py checks it). The page is still loaded afresh
    every :data:`RENDERS_PER_RELOAD` renders, which bounds what a long run could accumulate, and
    after a failed render (:meth:`FigureExporter._render_all`). With a kaleido that has no such
    hook the stock class is returned.
    """
    base = kaleido_module.Kaleido
    if not hasattr(base, "_return_kaleido_tab") or not hasattr(base, "_get_kaleido_tab"):
        return base

    class ReusingKaleido(base):  # type: ignore[misc, valid-type]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._renders_since_reload: dict[int, int] = {}
            self._ready_tabs: set[int] = set()

        async def _get_kaleido_tab(self) -> Any:
            tab = await super()._get_kaleido_tab()
            if id(tab) not in self._ready_tabs:
                try:
                    await _until_page_ready(tab)
                except Exception:
                    await self.tabs_ready.put(tab)
                    raise
                self._ready_tabs.add(id(tab))
            return tab

        async def _return_kaleido_tab(self, tab: Any) -> None:
            count = self._renders_since_reload.get(id(tab), 0) + 1
            if count >= RENDERS_PER_RELOAD:
                self._renders_since_reload[id(tab)] = 0
                self._ready_tabs.discard(id(tab))
                await super()._return_kaleido_tab(tab)  # reloads the page
                return
            self._renders_since_reload[id(tab)] = count
            await self.tabs_ready.put(tab)

        async def reload_tabs(self) -> None:
            """Load the page of every idle tab afresh (after a failed render)."""
            for _ in range(self.tabs_ready.qsize()):
                tab = await self.tabs_ready.get()
                self._renders_since_reload[id(tab)] = 0
                self._ready_tabs.discard(id(tab))
                try:
                    await tab.reload()
                finally:
                    await self.tabs_ready.put(tab)

    return ReusingKaleido


#: One static render: figure name, language, format, figure dict, target path, cache path or None.
_Job = tuple[str, str, str, dict[str, Any], Path, Path | None]
#: A figure being exported: its key, the figure, paths written, renders, their future (or None).
_InFlight = tuple[
    tuple[Any, ...], FigureOutput, list[Path], list[_Job], "concurrent.futures.Future[Any] | None"
]


class FigureExporter:
    """Export :class:`~cluster_analysis.outputs.FigureOutput` objects with one kaleido session.

    Use as a context manager::

        with FigureExporter() as exporter:
            for figure in result.figures:
                exporter.export(figure, "reports/figures")
        exporter.files    # {name: {lang: {fmt: Path}}}
        exporter.warnings # e.g. the one "static export skipped" line

    ``browser_lookup`` finds the browser (tests replace it). ``timeout`` bounds each render (s).
    ``browsers``: how many Chromium processes render side by side (default
    :func:`default_browsers`); each render goes to whichever is free, and while they render the
    next figures, the finished ones are turned into palette PNGs and written (``window`` figures at
    most are in flight).
    ``plotlyjs``: "inline" (default) makes every HTML file self-contained (about 4.8 MB each);
    "directory" writes ``plotly.min.js`` once beside them and links it (still offline, no CDN);
    ``plotlyjs_file`` writes it once at that path instead (e.g. the top of the reports folder) and
    every HTML file, in whatever folder, links it by a relative path.

    ``cache_dir`` keeps each rendered file under the sha256 of what decides its bytes (the decorated
    figure's JSON, data included, the format, size and scale, the plotly and kaleido versions): a
    figure whose key is unchanged is copied from there instead of rendered again.
    :attr:`cache_hits` and :attr:`cache_misses` count files; ``cache_read=False`` renders every
    file and stores it anew. ``on_figure(done, total)`` is called
    after each figure (all its languages and formats) with the figures done so far and
    :attr:`total_figures` (set it before exporting; 0 means "count as you go").

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
        browsers: int | None = None,
        window: int = 3,
        browser_lookup: Callable[[], str | None] | None = None,
        plotlyjs: str = "inline",
        plotlyjs_file: Path | None = None,
        cache_dir: Path | None = None,
        cache_read: bool = True,
        on_figure: Callable[[int, int], None] | None = None,
    ) -> None:
        if plotlyjs not in ("inline", "directory"):
            raise ValueError(f"plotlyjs must be 'inline' or 'directory', got {plotlyjs!r}")
        self.plotlyjs = plotlyjs
        self.plotlyjs_file = None if plotlyjs_file is None else Path(plotlyjs_file)
        self.cache_dir = None if cache_dir is None else Path(cache_dir)
        self.cache_read = cache_read
        self.cache_hits = 0
        self.cache_misses = 0
        self.cache_used: set[Path] = set()
        #: cache files this exporter rendered itself: reading them back later is no cache hit
        self._rendered_here: set[Path] = set()
        #: figures exported completely, by (figure id, folder, languages, formats, scale, static)
        self._exported: dict[tuple[Any, ...], tuple[FigureOutput, tuple[Path, ...]]] = {}
        self.on_figure = on_figure
        self.total_figures = 0
        self.done_figures = 0
        self.scale = scale
        self.width = width
        self.height = height
        self.timeout = timeout
        self.tabs = tabs
        self.browsers = max(1, browsers if browsers is not None else default_browsers())
        self.window = max(1, window)
        self._lookup = browser_lookup or find_chromium
        self.browser: str | None = None
        self.warnings: list[str] = []
        self.files: dict[str, dict[str, dict[str, Path]]] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._sessions: list[Any] = []
        self._idle: asyncio.Queue[Any] | None = None
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
        """Return whether PNG/PDF/SVG can be written by this exporter (a browser was found)."""
        return self._static_ok

    def open(self) -> None:
        """Find the browser and start the kaleido sessions (or note that only HTML is possible)."""
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

        session_class = _reusing_kaleido(kaleido)

        async def start_one() -> Any:
            session = session_class(
                n=self.tabs, timeout=self.timeout, mathjax=False, path=self.browser
            )
            await session.open()
            return session

        async def start() -> list[Any]:
            started = await asyncio.gather(
                *(start_one() for _ in range(self.browsers)), return_exceptions=True
            )
            sessions = [s for s in started if not isinstance(s, BaseException)]
            if not sessions:
                raise next(s for s in started if isinstance(s, BaseException))
            self._idle = asyncio.Queue()
            for session in sessions:
                self._idle.put_nowait(session)
            return sessions

        try:
            self._sessions = self._call(start(), timeout=60)
            self._static_ok = True
        except Exception as exc:
            self._warn(f"static export skipped: Chromium at {self.browser} did not start ({exc})")
            self._stop_loop()

    def close(self) -> None:
        """Stop the kaleido sessions and their thread (safe to call twice)."""
        if self._sessions and self._loop is not None:
            for session in self._sessions:
                with contextlib.suppress(Exception):
                    self._call(session.close(), timeout=30)
        self._sessions = []
        self._idle = None
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
        return self._wait(self._submit(coroutine), timeout=timeout)

    def _submit(self, coroutine: Any) -> concurrent.futures.Future[Any]:
        assert self._loop is not None
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop)

    @staticmethod
    def _wait(future: concurrent.futures.Future[Any], *, timeout: float) -> Any:
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
        """Export many figures; return the paths written, in the order of ``figures``.

        Each figure's files are taken from the cache when their key is there; only the rest are
        rendered, by the browsers side by side, while earlier figures are finished (palette PNG,
        written, cached). :attr:`on_figure` is told after each figure.
        """
        unknown = [f for f in formats if f not in ALL_FORMATS]
        if unknown:
            raise ValueError(f"unknown export formats {unknown}; use {list(ALL_FORMATS)}")
        bad_langs = [lang for lang in langs if lang not in ("en", "ka")]
        if bad_langs:
            raise ValueError(f"unknown languages {bad_langs}; use 'en' and/or 'ka'")
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        scale = scale or self.scale
        static_formats = [f for f in formats if f in STATIC_FORMATS]
        if static_formats and not self._opened:
            self.open()  # used without "with": start the session now; close() (or exit) stops it
            atexit.register(self.close)
        written: list[Path] = []
        # figures whose renders are under way: (paths written so far, jobs, future of the renders)
        in_flight: list[_InFlight] = []
        for figure in figures:
            key = (id(figure), out, tuple(langs), tuple(formats), scale, self._static_ok)
            done = self._exported.get(key)
            if done is not None and done[0] is figure and all(p.is_file() for p in done[1]):
                # the same figure object, already exported here by this exporter (the run's
                # pre-rendering): its files stand; only the count moves on
                in_flight.append((key, figure, list(done[1]), [], None))
            else:
                paths, jobs = self._prepare(figure, out, langs, formats, static_formats, scale)
                future = self._submit(self._render_all(jobs, scale)) if jobs else None
                in_flight.append((key, figure, paths, jobs, future))
            if len(in_flight) >= self.window:
                written.extend(self._finish(*in_flight.pop(0)))
        while in_flight:
            written.extend(self._finish(*in_flight.pop(0)))
        return written

    def _prepare(
        self,
        figure: FigureOutput,
        out: Path,
        langs: Sequence[str],
        formats: Sequence[str],
        static_formats: Sequence[str],
        scale: float,
    ) -> tuple[list[Path], list[_Job]]:
        """Write the figure's HTML and cached files; return them and the renders still needed."""
        written: list[Path] = []
        jobs: list[_Job] = []
        for lang in langs:
            fig = decorate(figure.build(lang), figure.meta, lang)
            if "html" in formats:
                path = out / f"{figure.name}.{lang}.html"
                written.append(atomic_write_text(path, self._html(fig, figure, lang, out)))
                self._record(figure.name, lang, "html", path)
            if self._static_ok and static_formats:
                fig_dict = fig.to_dict()
                spec = _spec_text(fig) if self.cache_dir is not None else ""
                for fmt in static_formats:
                    path = out / f"{figure.name}.{lang}.{fmt}"
                    cached = self._cached(spec, fmt, scale)
                    if self.cache_read and cached is not None and cached.is_file():
                        written.append(_copy_atomic(cached, path))
                        self._record(figure.name, lang, fmt, path)
                        if cached not in self._rendered_here:
                            self.cache_hits += 1
                    else:
                        jobs.append((figure.name, lang, fmt, fig_dict, path, cached))
        self.cache_misses += len(jobs)
        return written, jobs

    def _finish(
        self,
        key: tuple[Any, ...],
        figure: FigureOutput,
        written: list[Path],
        jobs: list[_Job],
        future: concurrent.futures.Future[Any] | None,
    ) -> list[Path]:
        """Wait for one figure's renders, write them and tell :attr:`on_figure`; a figure whose
        every file was written is remembered, so exporting it again costs nothing."""
        complete = True
        if future is not None:
            try:
                results = self._wait(future, timeout=self.timeout * max(1, len(jobs)))
            except Exception as exc:
                self._warn(f"static export failed: {type(exc).__name__}: {exc}")
                complete = False
            else:
                rendered = self._write_renders(jobs, results)
                complete = len(rendered) == len(jobs)
                written = [*written, *rendered]
        if complete:
            self._exported[key] = (figure, tuple(written))
        self.done_figures += 1
        if self.on_figure is not None:
            self.on_figure(self.done_figures, max(self.total_figures, self.done_figures))
        return written

    async def _render_all(self, jobs: list[_Job], scale: float) -> list[Any]:
        """Render ``jobs``, each in whichever browser is free first (exceptions returned)."""
        idle = self._idle
        assert idle is not None

        async def render(fmt: str, fig_dict: dict[str, Any]) -> Any:
            session = await idle.get()
            try:
                return await session.calc_fig(
                    fig_dict,
                    opts={
                        "format": fmt,
                        "width": fig_dict.get("layout", {}).get("width") or self.width,
                        "height": fig_dict.get("layout", {}).get("height") or self.height,
                        "scale": scale,
                    },
                )
            except Exception:
                # the page may be left in any state: the next render gets a fresh one
                if hasattr(session, "reload_tabs"):
                    with contextlib.suppress(Exception):
                        await asyncio.wait_for(session.reload_tabs(), self.timeout)
                raise
            finally:
                idle.put_nowait(session)

        return await asyncio.gather(
            *(render(fmt, fig_dict) for _name, _lang, fmt, fig_dict, _path, _cached in jobs),
            return_exceptions=True,
        )

    def _write_renders(self, jobs: list[_Job], results: list[Any]) -> list[Path]:
        written = []
        for (name, lang, fmt, _fig, path, cached), result in zip(jobs, results, strict=True):
            if isinstance(result, BaseException):
                self._warn(f"static export of {name}.{lang}.{fmt} failed: {result}")
                continue
            if fmt == "png":
                result = palette_png(result)
            written.append(atomic_write_bytes(path, result))
            if cached is not None:
                _copy_atomic(path, cached)
                self._rendered_here.add(cached)
            self._record(name, lang, fmt, path)
        return written

    def _html(self, fig: go.Figure, figure: FigureOutput, lang: str, out: Path) -> str:
        """The interactive page of one figure in ``lang`` (plotly.js inlined, beside it, or shared)."""
        include: bool | str = True
        if self.plotlyjs_file is not None:
            self._write_plotlyjs_at(self.plotlyjs_file)
            include = os.path.relpath(self.plotlyjs_file, out).replace(os.sep, "/")
        elif self.plotlyjs == "directory":
            self._write_plotlyjs(out)
            include = "directory"
        html = fig.to_html(
            include_plotlyjs=include,
            full_html=True,
            config={"displaylogo": False, "responsive": True},
            default_width="100%",
            default_height="100%",
        )
        return html.replace("<html>", f'<html lang="{lang}">', 1).replace(
            "</head>",
            f"<title>{_escape(pick(figure.meta.title, lang))}</title>"
            "<style>body { margin: 0; }</style></head>",
            1,
        )

    def _cached(self, spec: str, fmt: str, scale: float) -> Path | None:
        """Where the cache keeps the file rendered from ``spec`` as ``fmt`` (None: no cache)."""
        if self.cache_dir is None:
            return None
        import hashlib

        digest = hashlib.sha256()
        for part in (
            spec,
            fmt,
            str(scale),
            str(self.width),
            str(self.height),
            _renderer_versions(),
        ):
            digest.update(part.encode("utf-8"))
            digest.update(b"\0")
        path = self.cache_dir / f"{digest.hexdigest()}.{fmt}"
        self.cache_used.add(path)
        return path

    def prune_cache(self) -> int:
        """Delete cached files this exporter did not use; return how many were deleted."""
        if self.cache_dir is None or not self.cache_dir.is_dir():
            return 0
        stale = [p for p in self.cache_dir.iterdir() if p.is_file() and p not in self.cache_used]
        for path in stale:
            path.unlink(missing_ok=True)
        return len(stale)

    def _write_plotlyjs_at(self, target: Path) -> None:
        """Write plotly.js at ``target`` once per exporter, unless the same file is already there."""
        if target in self._plotlyjs_written:
            return
        from plotly.offline import get_plotlyjs

        script = get_plotlyjs().encode("utf-8")
        if not (target.is_file() and target.read_bytes() == script):
            atomic_write_bytes(target, script)
        self._plotlyjs_written.add(target)

    def _write_plotlyjs(self, out: Path) -> None:
        self._write_plotlyjs_at(out / "plotly.min.js")

    def _record(self, name: str, lang: str, fmt: str, path: Path) -> None:
        self.files.setdefault(name, {}).setdefault(lang, {})[fmt] = path
