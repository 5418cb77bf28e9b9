"""An editable slide deck per language: the donor figures as native PowerPoint charts.

Why a deck with native charts (and not only pictures): proposals are presented in PowerPoint and
written in Word; a native chart can be restyled, relabelled, resized and pasted into Word as a chart,
and its numbers travel inside it (PowerPoint: right-click the chart > Edit Data opens the embedded
workbook). A picture can do none of that.

Each figure's plotly traces are read back into chart data (:func:`chart_spec`): horizontal or
vertical bars become a bar chart (stacked when the figure stacks), lines over years or categories a
line chart, points with numeric x and y an XY scatter (each point labelled with its number and a
key in the notes), a heatmap a table. A figure whose traces do not map onto one chart (or whose
export is missing) keeps its PNG, so no figure is dropped. Every slide carries the figure's title,
subtitle (unit, period, n) and footnote (source, synthetic-data warning), and the speaker notes say
how the chart was made and where its data sits.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from cluster_analysis.outputs import FigureOutput, Text, pick, text
from cluster_analysis.store import atomic_write

if TYPE_CHECKING:
    import plotly.graph_objects as go

__all__ = ["ChartSpec", "TableSpec", "chart_spec", "write_deck"]

logger = logging.getLogger(__name__)

ChartKind = Literal["bar_h", "bar_v", "line", "xy"]

#: Fonts: Georgian needs a face with Georgian glyphs (Sylfaen ships with Office; other systems
#: substitute a Georgian-capable face such as Noto Sans Georgian).
_FONTS = {"en": "Calibri", "ka": "Sylfaen"}
_PALETTE = ("1F77B4", "FF7F0E", "2CA02C", "D62728", "9467BD", "8C564B", "E377C2", "7F7F7F")

_WORDS: dict[str, Text] = {
    "deck_title": text("Charts for proposals", "დიაგრამები საპროექტო განაცხადებისთვის"),
    "deck_note": text(
        "Every chart is a native chart: click it to restyle it or change a label; right-click > "
        "Edit Data opens its numbers.",
        "ყველა დიაგრამა რედაქტირებადია: დააწკაპუნეთ სტილის ან წარწერის შესაცვლელად; მარჯვენა "
        "ღილაკი > Edit Data (მონაცემების რედაქტირება) ხსნის მის რიცხვებს.",
    ),
    "synthetic": text(
        "SYNTHETIC EXAMPLE DATA, not real figures",
        "სინთეზური სანიმუშო მონაცემები, არა რეალური მაჩვენებლები",
    ),
    "native": text(
        "Native chart made from the figure's data; its numbers are in the chart's embedded "
        "workbook (right-click > Edit Data).",
        "რედაქტირებადი დიაგრამა შექმნილია გრაფიკის მონაცემებიდან; რიცხვები დიაგრამის ჩაშენებულ "
        "ცხრილშია (მარჯვენა ღილაკი > Edit Data).",
    ),
    "table": text(
        "The figure's values as an editable table.",
        "გრაფიკის მნიშვნელობები რედაქტირებადი ცხრილის სახით.",
    ),
    "picture": text(
        "This figure has no native chart equivalent: the picture is the exported PNG; its numbers "
        "are in tables.xlsx.",
        "ამ გრაფიკს რედაქტირებადი ეკვივალენტი არ აქვს: სურათი ექსპორტირებული PNG-ია; რიცხვები "
        "tables.xlsx ფაილშია.",
    ),
    "missing": text(
        "Chart image not available (static export was skipped).",
        "დიაგრამის გამოსახულება მიუწვდომელია (სტატიკური ექსპორტი გამოტოვებულია).",
    ),
    "key": text("Point labels", "წერტილების წარწერები"),
    "messages": text("Key messages", "ძირითადი გზავნილები"),
    "generated": text("Generated", "შექმნილია"),
}


@dataclass
class ChartSpec:
    """A figure's data as one native chart: categories (or x values) and named series."""

    kind: ChartKind
    categories: list[Any]
    series: list[tuple[str, list[float | None]]]
    stacked: bool = False
    x_title: str = ""
    y_title: str = ""
    number_format: str = "General"
    point_labels: list[list[str]] = field(default_factory=list)  # xy: one list per series
    x_values: list[list[float]] = field(default_factory=list)  # xy: one list per series
    point_numbers: list[list[str]] = field(default_factory=list)  # xy: the number on each point


@dataclass
class TableSpec:
    """A figure's data as a table (heatmaps): a header row and body rows."""

    header: list[str]
    rows: list[list[str]]


_TAG = re.compile(r"<[^>]+>")


def _clean(label: Any) -> str:
    """Plotly label text without markup: ``<br>`` becomes a space, tags go; 2002.0 is 2002."""
    if isinstance(label, float) and label.is_integer():
        label = int(label)
    value = str(label).replace("<br>", " ").replace("<br />", " ")
    return re.sub(r"\s+", " ", _TAG.sub("", value)).strip()


def _number(value: Any) -> float | None:
    if value is None:
        return None
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(out) or math.isinf(out) else out


def _values(seq: Any) -> list[Any]:
    if seq is None:
        return []
    return list(seq.tolist() if hasattr(seq, "tolist") else seq)


def _axis_title(axis: Any) -> str:
    title = getattr(axis, "title", None)
    return _clean(title.text) if title is not None and title.text else ""


def _number_format(fig: go.Figure, axis: str) -> str:
    tickformat = getattr(fig.layout[axis], "tickformat", None) or ""
    if tickformat.endswith("%"):
        digits = re.search(r"\.(\d)", tickformat)
        places = int(digits.group(1)) if digits else 0
        return "0" + ("." + "0" * places if places else "") + "%"
    return "General"


def _shown(trace: Any) -> bool:
    return trace.visible not in (False, "legendonly")


def _merge_categories(pairs: Sequence[list[Any]]) -> list[Any]:
    seen: dict[Any, None] = {}
    for categories in pairs:
        for category in categories:
            seen.setdefault(category, None)
    return list(seen)


def _series_name(trace: Any, position: int) -> str:
    return _clean(trace.name) if trace.name else f"series {position + 1}"


def _category_chart(
    fig: go.Figure, traces: list[Any], kind: ChartKind, horizontal: bool
) -> ChartSpec:
    """Bars or lines sharing one category axis: every trace becomes a series over the union."""
    cat_key, val_key = ("y", "x") if horizontal else ("x", "y")
    per_trace = []
    for trace in traces:
        pairs = zip(_values(trace[cat_key]), _values(trace[val_key]), strict=False)
        # a category of None is a gap (or a spacer) in plotly, not a category
        per_trace.append({_clean(c): _number(v) for c, v in pairs if c is not None})
    categories = _merge_categories([list(t.keys()) for t in per_trace])
    if kind == "line" and all(_number(c) is not None for c in categories):
        categories = sorted(categories, key=lambda c: float(c))
    series = [
        (_series_name(trace, i), [values.get(c) for c in categories])
        for i, (trace, values) in enumerate(zip(traces, per_trace, strict=True))
    ]
    value_axis = "xaxis" if horizontal else "yaxis"
    category_axis = "yaxis" if horizontal else "xaxis"
    return ChartSpec(
        kind=kind,
        categories=categories,
        series=series,
        stacked=kind != "line" and fig.layout.barmode in ("stack", "relative"),
        x_title=_axis_title(fig.layout[category_axis]),
        y_title=_axis_title(fig.layout[value_axis]),
        number_format=_number_format(fig, value_axis),
    )


def _xy_chart(fig: go.Figure, traces: list[Any]) -> ChartSpec:
    series, xs, labels, numbers = [], [], [], []
    counter = 0
    for i, trace in enumerate(traces):
        x = [_number(v) for v in _values(trace.x)]
        y = [_number(v) for v in _values(trace.y)]
        names = [_clean(t) for t in _values(trace.hovertext or trace.text)] or []
        shown = [_clean(t) for t in _values(trace.text)]
        kept = [(a, b, k) for k, (a, b) in enumerate(zip(x, y, strict=False)) if a is not None]
        series.append((_series_name(trace, i), [b for _, b, _ in kept]))
        xs.append([a for a, _, _ in kept])
        labels.append([names[k] if k < len(names) else "" for _, _, k in kept])
        # the figure's own point numbers when it has them (the IPA chart), else 1, 2, ...
        own = [shown[k] if k < len(shown) else "" for _, _, k in kept]
        if own and all(n.isdigit() for n in own):
            numbers.append(own)
        else:
            numbers.append([str(counter + j + 1) for j in range(len(kept))])
        counter += len(kept)
    return ChartSpec(
        kind="xy",
        categories=[],
        series=series,
        x_title=_axis_title(fig.layout.xaxis),
        y_title=_axis_title(fig.layout.yaxis),
        number_format=_number_format(fig, "yaxis"),
        point_labels=labels,
        x_values=xs,
        point_numbers=numbers,
    )


def _heatmap_table(trace: Any) -> TableSpec:
    columns = [_clean(c) for c in _values(trace.x)]
    rows = []
    z = _values(trace.z)
    cell_text = _values(trace.text) if trace.text is not None else []
    for i, label in enumerate(_values(trace.y)):
        values = _values(z[i]) if i < len(z) else []
        shown = _values(cell_text[i]) if i < len(cell_text) else []
        body = []
        for j in range(len(columns)):
            if j < len(shown) and shown[j] not in (None, ""):
                body.append(_clean(shown[j]))
            else:
                number = _number(values[j]) if j < len(values) else None
                body.append("" if number is None else f"{number:.2f}")
        rows.append([_clean(label), *body])
    return TableSpec(header=["", *columns], rows=rows)


def _numeric(traces: list[Any], key: str) -> bool:
    values = [v for t in traces for v in _values(t[key]) if v is not None]
    return bool(values) and all(_number(v) is not None for v in values)


def _category_table(traces: list[Any]) -> TableSpec:
    """Points on two category axes (a status scorecard): each cell names its trace (the status)."""
    columns = _merge_categories([[_clean(x) for x in _values(t.x)] for t in traces])
    rows: dict[str, dict[str, str]] = {}
    for i, trace in enumerate(traces):
        for x, y in zip(_values(trace.x), _values(trace.y), strict=False):
            rows.setdefault(_clean(y), {})[_clean(x)] = _series_name(trace, i)
    body = [[label, *(cells.get(c, "") for c in columns)] for label, cells in rows.items()]
    return TableSpec(header=["", *columns], rows=body)


def _decoration(trace: Any) -> bool:
    """Connectors and reference lines: unnamed and out of the legend, a legend-only entry with no
    point, or a vertical line (one x value drawn as a line, such as a series-break mark)."""
    xs = [x for x in _values(trace.x) if x is not None]
    ys = [y for y in _values(trace.y) if y is not None]
    if not xs or not ys:
        return True
    if not trace.name and trace.showlegend is False:
        return True
    mode = getattr(trace, "mode", None) or ""
    return "lines" in mode and len(xs) > 1 and len({str(x) for x in xs}) == 1


def _data_traces(traces: list[Any]) -> list[Any]:
    """Leave out decoration (see :func:`_decoration`), unless nothing else is left."""
    kept = [t for t in traces if not _decoration(t)]
    return kept or traces


def chart_spec(fig: go.Figure) -> ChartSpec | TableSpec | None:
    """Return the native chart (or table) that carries ``fig``'s data, or None when none fits.

    Bars give a bar chart (points beside them, such as a target marker, become one more series,
    so the chart still holds every number); points with a numeric axis and a category axis give
    bars per category; lines over numbers give a line chart over the union of x values; points
    with numeric x and y (and no lines) an XY scatter; points on two category axes (a scorecard)
    or a heatmap a table. Several axes (small multiples) give None.
    """
    traces = [t for t in fig.data if _shown(t)]
    if len(traces) == 1 and traces[0].type == "heatmap":
        return _heatmap_table(traces[0])
    axes = {(t.xaxis or "x", t.yaxis or "y") for t in traces}
    if len(traces) == 0 or axes != {("x", "y")}:
        return None  # small multiples (several axes) do not fit one chart
    if not {t.type for t in traces} <= {"bar", "scatter"}:
        return None
    traces = [t for t in _data_traces(traces) if len(_values(t.x)) and len(_values(t.y))]
    if not traces:
        return None
    numeric_x, numeric_y = _numeric(traces, "x"), _numeric(traces, "y")
    bars = [t for t in traces if t.type == "bar"]
    if bars:
        orientations = {t.orientation or "v" for t in bars}
        if len(orientations) != 1:
            return None
        horizontal = orientations == {"h"}
        return _category_chart(fig, traces, "bar_h" if horizontal else "bar_v", horizontal)
    if not numeric_x and not numeric_y:
        return _category_table(traces)
    lines = any("lines" in (t.mode or "lines") for t in traces)
    if numeric_x and not numeric_y and not lines:  # points along x per category (a dumbbell)
        return _category_chart(fig, traces, "bar_h", horizontal=True)
    if lines or not numeric_x:
        return _category_chart(fig, traces, "line", horizontal=False)
    return _xy_chart(fig, traces)


# --------------------------------------------------------------------------------------------------
# writing the deck


def write_deck(
    figures: Sequence[FigureOutput],
    path: str | Path,
    lang: str,
    *,
    figure_files: Mapping[str, Mapping[str, Mapping[str, Path]]] | None = None,
    title: Text | None = None,
    generated: str | None = None,
    messages: Sequence[str] = (),
) -> Path:
    """Write a 16:9 deck at ``path`` (atomically): a title slide, the key messages (when given,
    already in ``lang``), then one slide per figure.

    ``figure_files`` (``FigureExporter.files``) supplies the PNG used when a figure has no native
    chart equivalent. Returns the path.
    """
    from pptx import Presentation
    from pptx.util import Cm

    prs = Presentation()
    prs.slide_width, prs.slide_height = Cm(33.867), Cm(19.05)
    font = _FONTS.get(lang, "Calibri")
    synthetic = any(f.meta.synthetic for f in figures)
    _title_slide(prs, pick(title or _WORDS["deck_title"], lang), lang, font, synthetic, generated)
    if messages:
        slide = prs.slides.add_slide(prs.slide_layouts[6])
        _text_box(
            slide, [(pick(_WORDS["messages"], lang), 28, True, None)], font, top_cm=0.8, height_cm=2
        )
        size = 18 if len(messages) <= 3 else 15
        _text_box(
            slide, [(f"{i}. {m}", size, False, None) for i, m in enumerate(messages, 1)],
            font, top_cm=3.0, height_cm=14.5,
        )  # fmt: skip
    files = figure_files or {}
    for figure in figures:
        fig = figure.build(lang)
        png = files.get(figure.name, {}).get(lang, {}).get("png")
        _figure_slide(prs, figure, fig, lang, font, Path(png) if png else None)
    prs.core_properties.title = pick(title or _WORDS["deck_title"], lang)
    prs.core_properties.subject = pick(_WORDS["synthetic"], lang) if synthetic else ""
    prs.core_properties.language = "ka-GE" if lang == "ka" else "en-GB"
    return _save_atomic(prs, Path(path))


def _title_slide(
    prs: Any, title: str, lang: str, font: str, synthetic: bool, generated: str | None
) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[6])  # blank
    lines: list[tuple[str, int, bool, str | None]] = [(title, 36, True, None)]
    if synthetic:
        lines.append((pick(_WORDS["synthetic"], lang), 20, True, "A0522D"))
    lines.append((pick(_WORDS["deck_note"], lang), 16, False, None))
    stamp = generated or dt.date.today().isoformat()
    lines.append((f"{pick(_WORDS['generated'], lang)}: {stamp}", 14, False, "555555"))
    _text_box(slide, lines, font, top_cm=5.0, height_cm=9.0)


def _text_box(
    slide: Any,
    lines: Sequence[tuple[str, float, bool, str | None]],
    font: str,
    *,
    top_cm: float,
    height_cm: float,
    left_cm: float = 1.5,
    width_cm: float = 30.8,
) -> Any:
    from pptx.dml.color import RGBColor
    from pptx.util import Cm, Pt

    box = slide.shapes.add_textbox(Cm(left_cm), Cm(top_cm), Cm(width_cm), Cm(height_cm))
    frame = box.text_frame
    frame.word_wrap = True
    for i, (line, size, bold, colour) in enumerate(lines):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = para.add_run()
        run.text = line
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.name = font
        if colour:
            run.font.color.rgb = RGBColor.from_string(colour)
    return box


def _figure_slide(
    prs: Any, figure: FigureOutput, fig: go.Figure, lang: str, font: str, png: Path | None
) -> None:
    from pptx.util import Cm

    slide = prs.slides.add_slide(prs.slide_layouts[6])
    meta = figure.meta
    _text_box(
        slide,
        [(pick(meta.title, lang), 24, True, None), (meta.subtitle(lang), 14, False, "555555")],
        font,
        top_cm=0.6,
        height_cm=2.6,
    )
    footnote = meta.footnote(lang)
    if footnote:
        _text_box(slide, [(footnote, 10, False, "555555")], font, top_cm=17.0, height_cm=1.8)
    try:
        spec = chart_spec(fig)
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        # an unexpected trace shape falls back to the picture rather than failing the run
        logger.warning("%s: no native chart (%s); the picture is used", figure.name, exc)
        spec = None
    area = (Cm(1.5), Cm(3.4), Cm(30.8), Cm(13.4))
    notes = [pick(figure.caption, lang)] if figure.caption else []
    if isinstance(spec, ChartSpec) and spec.series:
        _add_chart(slide, spec, area, font)
        notes.append(pick(_WORDS["native"], lang))
        key = _point_key(spec)
        if key:
            notes.append(pick(_WORDS["key"], lang) + ": " + "; ".join(key))
    elif isinstance(spec, TableSpec) and spec.rows:
        _add_table(slide, spec, area, font)
        notes.append(pick(_WORDS["table"], lang))
    elif png is not None and png.is_file():
        slide.shapes.add_picture(str(png), area[0], area[1], height=area[3])
        notes.append(pick(_WORDS["picture"], lang))
    else:
        _text_box(
            slide, [(pick(_WORDS["missing"], lang), 14, False, None)], font, top_cm=8, height_cm=2
        )
    slide.notes_slide.notes_text_frame.text = "\n".join(n for n in notes if n)


def _point_key(spec: ChartSpec) -> list[str]:
    pairs = [
        (number, label)
        for numbers, labels in zip(spec.point_numbers, spec.point_labels, strict=True)
        for number, label in zip(numbers, labels, strict=True)
        if label and label != number
    ]
    return [f"{number} = {label}" for number, label in sorted(pairs, key=lambda p: int(p[0]))]


def _add_chart(slide: Any, spec: ChartSpec, area: tuple[Any, ...], font: str) -> None:
    from pptx.chart.data import CategoryChartData, XyChartData
    from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
    from pptx.util import Pt

    data: XyChartData | CategoryChartData
    if spec.kind == "xy":
        data = XyChartData()
        for (name, ys), xs in zip(spec.series, spec.x_values, strict=True):
            series = data.add_series(name)
            for x, y in zip(xs, ys, strict=True):
                if y is not None:
                    series.add_data_point(x, y)
        chart_type = XL_CHART_TYPE.XY_SCATTER
    else:
        categories = CategoryChartData(number_format=spec.number_format)
        categories.categories = [str(c) for c in spec.categories]
        for name, values in spec.series:
            categories.add_series(name, values)
        data = categories
        chart_type = {
            ("bar_h", False): XL_CHART_TYPE.BAR_CLUSTERED,
            ("bar_h", True): XL_CHART_TYPE.BAR_STACKED,
            ("bar_v", False): XL_CHART_TYPE.COLUMN_CLUSTERED,
            ("bar_v", True): XL_CHART_TYPE.COLUMN_STACKED,
            ("line", False): XL_CHART_TYPE.LINE_MARKERS,
            ("line", True): XL_CHART_TYPE.LINE_MARKERS,
        }[(spec.kind, spec.stacked)]
    chart = slide.shapes.add_chart(chart_type, *area, data).chart
    chart.font.name = font
    chart.font.size = Pt(11)
    chart.has_legend = len(spec.series) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.TOP
        chart.legend.include_in_layout = False
    if spec.kind == "bar_h":
        # PowerPoint draws the first category at the bottom; plotly's ranked charts read top-down
        # as given, so reverse the axis to keep the figure's order
        chart.category_axis.reverse_order = True
    _axis_titles(chart, spec, font)
    if spec.kind == "xy":
        _label_points(chart, spec)
    _colour_series(chart)


def _axis_titles(chart: Any, spec: ChartSpec, font: str) -> None:
    from pptx.util import Pt

    for axis, title in ((chart.category_axis, spec.x_title), (chart.value_axis, spec.y_title)):
        if not title:
            continue
        axis.has_title = True
        axis.axis_title.text_frame.text = title
        for para in axis.axis_title.text_frame.paragraphs:
            for run in para.runs:
                run.font.size = Pt(11)
                run.font.name = font
    if spec.number_format != "General":
        chart.value_axis.tick_labels.number_format = spec.number_format
        chart.value_axis.tick_labels.number_format_is_linked = False


def _label_points(chart: Any, spec: ChartSpec) -> None:
    """Number the points (the key is in the notes) so close points stay readable."""
    from pptx.util import Pt

    for series, numbers in zip(chart.plots[0].series, spec.point_numbers, strict=False):
        for point_index, number in enumerate(numbers[: len(list(series.values))]):
            label = series.points[point_index].data_label
            label.has_text_frame = True
            label.text_frame.text = number
            label.font.size = Pt(9)


def _colour_series(chart: Any) -> None:
    from pptx.dml.color import RGBColor
    from pptx.enum.chart import XL_CHART_TYPE

    kind = chart.chart_type  # read once: colouring a line changes what python-pptx reports
    line_like = kind in (XL_CHART_TYPE.LINE_MARKERS, XL_CHART_TYPE.XY_SCATTER)
    for i, series in enumerate(chart.plots[0].series):
        colour = RGBColor.from_string(_PALETTE[i % len(_PALETTE)])
        if line_like:
            series.format.line.color.rgb = colour
            series.marker.format.fill.solid()
            series.marker.format.fill.fore_color.rgb = colour
            if kind == XL_CHART_TYPE.XY_SCATTER:
                series.format.line.fill.background()  # points only
        else:
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = colour


def _add_table(slide: Any, spec: TableSpec, area: tuple[Any, ...], font: str) -> None:
    from pptx.util import Pt

    rows, cols = len(spec.rows) + 1, len(spec.header)
    table = slide.shapes.add_table(rows, cols, *area).table
    size = Pt(12 if rows <= 10 else 9)
    for j, head in enumerate(spec.header):
        _cell(table.cell(0, j), head, font, size, bold=True)
    for i, row in enumerate(spec.rows, start=1):
        for j, value in enumerate(row[:cols]):
            _cell(table.cell(i, j), value, font, size, bold=j == 0)


def _cell(cell: Any, value: str, font: str, size: Any, *, bold: bool) -> None:
    cell.text = value
    for para in cell.text_frame.paragraphs:
        for run in para.runs:
            run.font.size = size
            run.font.name = font
            run.font.bold = bold


def _save_atomic(prs: Any, path: Path) -> Path:
    """Save the deck with the one atomic writer (:func:`cluster_analysis.store.atomic_write`)."""
    return atomic_write(path, lambda staged: prs.save(str(staged)))
