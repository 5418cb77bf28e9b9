"""Plotly builders for indicator charts: status scorecard, bullet charts, small multiples per town,
indexed lines with break markers, location quotients.

Builders return a ``go.Figure`` with data, axis titles and legend labels in the requested language
only: no title, no template, no colours except the semantic status colours of
:mod:`cluster_analysis.charts.theme` (no data is grey, never red). The export layer adds the title,
the subtitle (unit, period, n) and the footnote (source, synthetic warning) from the output's Meta.
Series breaks are drawn as a separate "series break" marker trace and lines are never drawn across
them.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pandas as pd

from cluster_analysis.indicators.catalogue import LEVELS, catalogue_label, unit_label
from cluster_analysis.indicators.mapping import index_to_base_year
from cluster_analysis.indicators.progress import (
    OPEN_SDG_COLOUR_STATUS,
    OPEN_SDG_STATUSES,
    STATUS_LABELS,
    STATUSES,
)
from cluster_analysis.outputs import Text, pick, text

if TYPE_CHECKING:
    import plotly.graph_objects as go

__all__ = [
    "bullet_chart",
    "indexed_lines",
    "location_quotient_chart",
    "place_label",
    "series_lines",
    "small_multiples",
    "status_colour_of",
    "status_scorecard",
]

_WORDS: dict[str, Text] = {
    "indicator": text("Indicator", "ინდიკატორი"),
    "place": text("Place", "ადგილი"),
    "year": text("Year", "წელი"),
    "baseline": text("Baseline", "საბაზისო"),
    "current": text("Latest value", "ბოლო მნიშვნელობა"),
    "value": text("Value", "მნიშვნელობა"),
    "target": text("Target", "მიზანი"),
    "milestone": text("Next milestone", "მომდევნო ეტაპობრივი მიზანი"),
    "break": text("Series break (change of method)", "რიგის წყვეტა (მეთოდის ცვლილება)"),
    "index": text("Index", "ინდექსი"),
    "lq": text("Location quotient<br>(log scale)", "ლოკაციის კოეფიციენტი<br>(ლოგარითმული სკალა)"),
    "national": text("1 = national average", "1 = ეროვნული საშუალო"),
    "sector": text("Sector", "სექტორი"),
    "tiny": text("* fewer than {n} jobs: noise", "* {n}-ზე ნაკლები სამუშაო ადგილი: არასანდო"),
    "no_place": text("(all places)", "(ყველა ადგილი)"),
}


def status_colour_of(status: str) -> str:
    """Return the semantic colour of a status (Open SDG categories mapped to the nearest one;
    "manual" a dark slate; unknown ones the no-data grey)."""
    from cluster_analysis.charts.theme import status_colour

    return status_colour(OPEN_SDG_COLOUR_STATUS.get(status, status))


def place_label(place: object, lang: str) -> str:
    """Return a place's name in ``lang`` (geo.place_name when available; places.csv otherwise)."""
    if place is None or place is pd.NA or (isinstance(place, float) and place != place):
        return pick(_WORDS["no_place"], lang)
    from cluster_analysis.geo import place_name as geo_place_name
    from cluster_analysis.geo import try_normalize_place

    place_id = try_normalize_place(str(place))
    return geo_place_name(place_id, lang) if place_id else str(place)


def _wrap(label: str, width: int) -> str:
    """Break a long label into lines of about ``width`` characters (plotly's <br>)."""
    lines: list[str] = []
    for word in str(label).split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


def _status_label(status: str, lang: str) -> str:
    return pick(STATUS_LABELS.get(status, text(status, status)), lang)


def _status_order(statuses: list[str]) -> list[str]:
    """Statuses from best to worst, then no data and manual (the legend's order), unknown last."""
    rank = {status: i for i, status in enumerate(dict.fromkeys([*STATUSES, *OPEN_SDG_STATUSES]))}
    return sorted(dict.fromkeys(statuses), key=lambda status: rank.get(status, len(rank)))


def _indicator_order(catalogue: pd.DataFrame, indicators: list[str]) -> list[str]:
    if "level" not in catalogue.columns:
        return indicators
    levels = catalogue.drop_duplicates("indicator").set_index("indicator")["level"]
    rank = {level: i for i, level in enumerate(LEVELS)}
    return sorted(
        indicators, key=lambda i: (rank.get(str(levels.get(i, "")), 9), indicators.index(i))
    )


def status_scorecard(
    progress_frame: pd.DataFrame, catalogue: pd.DataFrame, lang: str = "en"
) -> go.Figure:
    """Return a scorecard: indicators (rows, impact first) x places (columns), one square per pair
    coloured by status; one trace per status so the legend names them."""
    import plotly.graph_objects as go

    frame = progress_frame.copy()
    indicators = _indicator_order(catalogue, list(dict.fromkeys(frame["indicator"].astype(str))))
    frame["_y"] = frame["indicator"].map(
        lambda i: _wrap(catalogue_label(catalogue, str(i), lang), 48)
    )
    frame["_x"] = frame["place"].map(lambda p: _wrap(place_label(p, lang), 12))
    figure = go.Figure()
    for status in _status_order(frame["status"].astype(str).tolist()):
        part = frame[frame["status"] == status]
        hover = [
            f"{y}<br>{x}<br>{_status_label(status, lang)}"
            + ("" if pd.isna(v) else f"<br>{pick(_WORDS['current'], lang)}: {v:g}")
            + ("" if pd.isna(t) else f"<br>{pick(_WORDS['target'], lang)}: {t:g}")
            for y, x, v, t in zip(
                part["_y"], part["_x"], part["latest_value"], part["target_value"], strict=True
            )
        ]
        figure.add_trace(
            go.Scatter(
                x=part["_x"],
                y=part["_y"],
                mode="markers",
                name=_status_label(status, lang),
                marker={"symbol": "square", "size": 22, "color": status_colour_of(status)},
                hovertext=hover,
                hoverinfo="text",
                customdata=part[["indicator", "place", "status"]].astype(str).to_numpy(),
            )
        )
    order = [_wrap(catalogue_label(catalogue, i, lang), 48) for i in indicators]
    shown = [label for label in reversed(order) if label in set(frame["_y"])]
    figure.update_yaxes(
        categoryorder="array",
        categoryarray=shown,
        tickmode="array",
        tickvals=shown,
        ticktext=shown,
        title=None,
    )
    figure.update_xaxes(title=None)
    # Rows are as tall as the longest label needs (19 px a line): the page grows with the number
    # of indicators and their lines (export honours it), so labels never run into each other.
    lines = max((label.count("<br>") + 1 for label in shown), default=1)
    figure.update_layout(height=max(600, 260 + max(46, 19 * lines + 14) * len(shown)))
    return figure


def _number(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    number = float(value)  # type: ignore[arg-type]  # a number once missing values are out
    return f"{number:,.0f}" if number.is_integer() else f"{number:,.1f}"


def bullet_chart(
    progress_frame: pd.DataFrame,
    indicator: str,
    catalogue: pd.DataFrame,
    lang: str = "en",
) -> go.Figure:
    """Return a bullet chart for one indicator: per place a bar for the latest value (status
    colour), a marker for the baseline and one for the target (and the next milestone when it
    differs from the target).

    Each place's label says its status and latest value (year) on a second line, so the status
    never depends on colour alone and no text sits on the bars, where the markers are; the
    legend names the status colours (legend-only traces after the data traces).
    """
    import plotly.graph_objects as go

    rows = progress_frame[progress_frame["indicator"] == indicator].copy()
    rows["_y"] = [
        f"{place_label(place, lang)}<br>{_status_label(str(status), lang)}"
        + (f": {_number(value)} ({int(year)})" if _number(value) and pd.notna(year) else "")
        for place, status, value, year in zip(
            rows["place"], rows["status"], rows["latest_value"], rows["latest_year"], strict=True
        )
    ]
    unit = catalogue.loc[catalogue["indicator"] == indicator, "unit"]
    unit_text = unit_label(unit.iloc[0], lang) if len(unit) else ""
    marker_colour = _theme_colour(7)  # black: a baseline or target is not a status
    figure = go.Figure()
    figure.add_trace(
        go.Bar(
            x=rows["latest_value"].astype("Float64").to_numpy(dtype=float, na_value=float("nan")),
            y=rows["_y"],
            orientation="h",
            name=pick(_WORDS["current"], lang),
            marker={"color": [status_colour_of(str(s)) for s in rows["status"]]},
            width=0.6,
            showlegend=False,  # its colours are the statuses, named by the legend-only traces
        )
    )
    baseline = (
        rows["effective_baseline_value"].fillna(rows["baseline_value"])
        if ("effective_baseline_value" in rows.columns)
        else rows["baseline_value"]
    )
    figure.add_trace(
        go.Scatter(
            x=baseline.astype("Float64").to_numpy(dtype=float, na_value=float("nan")),
            y=rows["_y"],
            mode="markers",
            name=pick(_WORDS["baseline"], lang),
            cliponaxis=False,  # a baseline of 0 sits on the axis line, whole
            marker={
                "symbol": "diamond",
                "size": 12,
                "color": "white",
                "line": {"width": 2, "color": marker_colour},
            },
        )
    )
    figure.add_trace(
        go.Scatter(
            x=rows["target_value"].astype("Float64").to_numpy(dtype=float, na_value=float("nan")),
            y=rows["_y"],
            mode="markers",
            name=pick(_WORDS["target"], lang),
            cliponaxis=False,
            marker={
                "symbol": "line-ns-open",
                "size": 34,
                "color": marker_colour,
                "line": {"width": 4, "color": marker_colour},
            },
        )
    )
    if "next_target_year" in rows.columns:
        milestone = rows[
            rows["next_target_year"].notna() & (rows["next_target_year"] != rows["target_year"])
        ]
        if len(milestone):
            figure.add_trace(
                go.Scatter(
                    x=milestone["next_target_value"].astype(float),
                    y=milestone["_y"],
                    mode="markers",
                    name=pick(_WORDS["milestone"], lang),
                    marker={
                        "symbol": "line-ns-open",
                        "size": 22,
                        "color": marker_colour,
                        "line": {"width": 2, "color": marker_colour},
                    },
                )
            )
    for rank, status in enumerate(_status_order(rows["status"].astype(str).tolist())):
        figure.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=_status_label(status, lang),
                marker={"symbol": "square", "size": 14, "color": status_colour_of(status)},
                legendrank=rank,  # statuses first in the legend, then the markers
                hoverinfo="skip",
            )
        )
    figure.update_xaxes(title=unit_text, rangemode="tozero")
    # labels kept clear of a baseline marker sitting on the axis at 0
    figure.update_yaxes(title=None, autorange="reversed", ticklabelstandoff=10)
    # A bar per place, about 90 px each: a single bar does not fill a whole page.
    figure.update_layout(height=max(380, 250 + 90 * len(rows)), bargap=0.35)
    return figure


def _segments(xs: list, ys: list, breaks: list[bool]) -> tuple[list, list]:
    """Insert a gap (None) before every break so a line never joins two methods."""
    out_x: list[object] = []
    out_y: list[object] = []
    for position, (x, y, brk) in enumerate(zip(xs, ys, breaks, strict=True)):
        if brk and position > 0:
            out_x.append(None)
            out_y.append(None)
        out_x.append(x)
        out_y.append(y)
    return out_x, out_y


def _x_positions(series: pd.DataFrame) -> list[float]:
    """x of each observation: its year, or the exact date when the period is a date (a 1 January
    estimate sits at the start of its year, before that year's census)."""
    if "period_order" not in series.columns:
        return [float(y) for y in series["year"]]
    out = []
    for order, year in zip(series["period_order"], series["year"], strict=True):
        exact = order == order and abs(float(order) - float(year) - 0.5) > 1e-9
        out.append(float(order) if exact else float(year))
    return out


def _theme_colour(position: int) -> str:
    """The theme's series colour at ``position`` (so a series keeps one colour across panels)."""
    from cluster_analysis.charts.theme import OKABE_ITO

    return OKABE_ITO[position % len(OKABE_ITO)]


#: Marker symbols per place, so series that meet at one point stay distinguishable.
_SYMBOLS = ("circle", "square", "diamond", "triangle-up", "triangle-down", "pentagon", "hexagon")


def _place_style(position: int, place: object) -> dict:
    """Line and marker of the ``position``-th place: the theme colour at that position (a place
    keeps its colour in every chart drawn with the same place order), its own symbol; a town (not
    a municipality) is dashed with a larger open marker, so a town sitting on a municipality's
    value does not hide it."""
    colour = _theme_colour(position)
    town = str(place).endswith("_town")
    symbol = _SYMBOLS[position % len(_SYMBOLS)] + ("-open" if town else "")
    return {
        "line": {"color": colour, "dash": "dash" if town else "solid"},
        "marker": {
            "color": colour,
            "symbol": symbol,
            "size": 12 if town else 8,
            "line": {"width": 2 if town else 0, "color": colour},
        },
    }


def _series_traces(series: pd.DataFrame, name: str, lang: str, y_column: str, legend: bool, **kw):
    import plotly.graph_objects as go

    series = series.sort_values("period_order" if "period_order" in series.columns else "year")
    xs = _x_positions(series)
    ys = series[y_column].astype("Float64").to_numpy(dtype=float, na_value=float("nan")).tolist()
    flags = (
        series["break"].fillna(False).astype(bool).tolist()
        if "break" in series.columns
        else [False] * len(xs)
    )
    line_x, line_y = _segments(xs, ys, flags)
    periods = (
        series["period"].astype(str).tolist()
        if "period" in series.columns
        else [str(x) for x in xs]
    )
    traces = [
        go.Scatter(
            x=line_x,
            y=line_y,
            mode="lines+markers",
            name=name,
            connectgaps=False,
            showlegend=legend,
            **kw,
        )
    ]
    break_x = [x for x, f, y in zip(xs, flags, ys, strict=True) if f and y == y]
    break_y = [y for f, y in zip(flags, ys, strict=True) if f and y == y]
    break_text = [p for p, f, y in zip(periods, flags, ys, strict=True) if f and y == y]
    return traces, (break_x, break_y, break_text)


def _break_trace(points: list[tuple], lang: str, legend: bool = True, **kw):
    import plotly.graph_objects as go

    return go.Scatter(
        x=[p[0] for p in points],
        y=[p[1] for p in points],
        mode="markers",
        name=pick(_WORDS["break"], lang),
        marker={
            "symbol": "x-thin-open",
            "size": 16,
            "line": {"width": 3},
            "color": _theme_colour(7),  # black in the theme: a break is not a series
        },
        hovertext=[p[2] for p in points],
        showlegend=legend,
        **kw,
    )


def series_lines(
    observations: pd.DataFrame,
    indicator: str,
    lang: str = "en",
    *,
    places: list[str] | None = None,
    catalogue: pd.DataFrame | None = None,
) -> go.Figure:
    """Return one line per place for one indicator (total rows), never joined across a break,
    with a "series break" marker trace where a new method starts."""
    import plotly.graph_objects as go

    data = _total_rows(observations[observations["indicator"] == indicator])
    places = places or sorted(data["place"].dropna().astype(str).unique())
    figure = go.Figure()
    break_points: list[tuple] = []
    for position, place in enumerate(places):
        series = data[data["place"] == place]
        if series.empty:
            continue
        traces, (bx, by, bt) = _series_traces(
            series, place_label(place, lang), lang, "value", True, **_place_style(position, place)
        )
        for trace in traces:
            figure.add_trace(trace)
        break_points.extend(zip(bx, by, bt, strict=True))
    if break_points:
        figure.add_trace(_break_trace(break_points, lang))
    unit = _unit_of(observations, catalogue, indicator, lang)
    # Levels (counts, people) start from zero, so a drop at a break is not exaggerated.
    values = pd.to_numeric(data["value"], errors="coerce")
    figure.update_yaxes(title=unit, rangemode="tozero" if (values.dropna() >= 0).all() else None)
    figure.update_xaxes(title=pick(_WORDS["year"], lang), dtick=1 if _span(data) <= 12 else None)
    return figure


def _span(data: pd.DataFrame) -> int:
    years = data["year"].dropna()
    return int(years.max() - years.min()) if len(years) else 0


def _total_rows(frame: pd.DataFrame) -> pd.DataFrame:
    if "sex" in frame.columns:
        return frame[frame["sex"].fillna("total") == "total"]
    return frame


def _unit_of(
    observations: pd.DataFrame, catalogue: pd.DataFrame | None, indicator: str, lang: str
) -> str:
    if catalogue is not None and "unit" in catalogue.columns:
        unit = catalogue.loc[catalogue["indicator"] == indicator, "unit"]
        if len(unit):
            return unit_label(unit.iloc[0], lang)
    if "unit" in observations.columns:
        unit = observations.loc[observations["indicator"] == indicator, "unit"].dropna()
        if len(unit):
            return unit_label(unit.iloc[0], lang)
    return ""


def small_multiples(
    observations: pd.DataFrame,
    indicator: str,
    places: list[str],
    lang: str = "en",
    *,
    catalogue: pd.DataFrame | None = None,
    progress_frame: pd.DataFrame | None = None,
) -> go.Figure:
    """Return one panel per place (shared y axis) for one indicator: the series (gapped at breaks),
    break markers, and the target as a marker at the target year when ``progress_frame`` has it."""
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    data = _total_rows(observations[observations["indicator"] == indicator])
    # Place names go under each panel (x axis titles): titles above would collide with the legend.
    figure = make_subplots(rows=1, cols=len(places), shared_yaxes=True, horizontal_spacing=0.04)
    value_colour, target_colour = _theme_colour(0), _theme_colour(1)
    break_shown = target_shown = False
    for column, place in enumerate(places, start=1):
        series = data[data["place"] == place]
        if len(series):
            traces, (bx, by, bt) = _series_traces(
                series,
                pick(_WORDS["value"], lang),
                lang,
                "value",
                column == 1,
                legendgroup="value",
                line={"color": value_colour},
                marker={"color": value_colour},
            )
            for trace in traces:
                figure.add_trace(trace, row=1, col=column)
            if bx:
                figure.add_trace(
                    _break_trace(
                        list(zip(bx, by, bt, strict=True)),
                        lang,
                        legend=not break_shown,
                        legendgroup="break",
                    ),
                    row=1,
                    col=column,
                )
                break_shown = True
        if progress_frame is not None:
            row = progress_frame[
                (progress_frame["indicator"] == indicator) & (progress_frame["place"] == place)
            ]
            if len(row) and pd.notna(row["target_value"].iloc[0]):
                figure.add_trace(
                    go.Scatter(
                        x=[int(row["target_year"].iloc[0])],
                        y=[float(row["target_value"].iloc[0])],
                        mode="markers",
                        name=pick(_WORDS["target"], lang),
                        marker={"symbol": "star", "size": 14, "color": target_colour},
                        showlegend=not target_shown,
                        legendgroup="target",
                    ),
                    row=1,
                    col=column,
                )
                target_shown = True
    figure.update_yaxes(title=_unit_of(observations, catalogue, indicator, lang), row=1, col=1)
    # Levels start from zero: a small place's line must not look like nothing.
    values = pd.to_numeric(data["value"], errors="coerce").dropna()
    if len(values) and (values >= 0).all():
        figure.update_yaxes(rangemode="tozero")
    for column, place in enumerate(places, start=1):
        figure.update_xaxes(title=place_label(place, lang), row=1, col=column)
    return figure


def indexed_lines(
    observations: pd.DataFrame,
    indicator: str,
    base_year: int,
    lang: str = "en",
    *,
    places: list[str] | None = None,
) -> go.Figure:
    """Return lines indexed to ``base_year`` = 100 per place (docs/methods.md#cluster-mapping).

    Values on the other side of a series break from the base year are not indexed (an index never
    spans two methods). A break whose first value is indexable is marked by a "series break" cross
    on the line; one that ends a place's indexable run is drawn as a dotted vertical line in the
    place's colour, labelled with the place and period (a cross there would be read as a value).
    """
    import plotly.graph_objects as go

    data = _total_rows(observations[observations["indicator"] == indicator])
    indexed = index_to_base_year(data, base_year)
    places = places or sorted(indexed["place"].dropna().astype(str).unique())
    figure = go.Figure()
    break_points: list[tuple] = []
    cut_offs: list[tuple] = []  # (x, label, colour) of breaks that end an indexable run
    for position, place in enumerate(places):
        series = indexed[indexed["place"] == place]
        if series.empty:
            continue
        style = _place_style(position, place)
        traces, _ = _series_traces(series, place_label(place, lang), lang, "index", True, **style)
        for trace in traces:
            figure.add_trace(trace)
        if "break" in series.columns:
            for _, brk in series[series["break"].fillna(False).astype(bool)].iterrows():
                y = brk["index"]
                x = _x_positions(brk.to_frame().T)[0]
                label = f"{place_label(place, lang)}: {brk.get('period', brk['year'])}"
                if pd.isna(y):
                    cut_offs.append((x, label, style["line"]["color"]))
                else:
                    break_points.append((x, float(y), label))
    if break_points:
        figure.add_trace(_break_trace(break_points, lang, legendgroup="break"))
    values = pd.to_numeric(indexed["index"], errors="coerce").dropna()
    low, high = (float(values.min()), float(values.max())) if len(values) else (100.0, 100.0)
    for number, (x, label, colour) in enumerate(cut_offs):
        figure.add_trace(
            go.Scatter(
                x=[x, x],
                y=[low, high],
                mode="lines+text",
                text=["", label],
                textposition="middle right",
                textfont={"color": colour, "size": 12},
                line={"color": colour, "dash": "dot", "width": 2},
                name=pick(_WORDS["break"], lang),
                legendgroup="break",
                showlegend=number == 0 and not break_points,
                hovertext=[label, label],
                hoverinfo="text",
            )
        )
    figure.update_yaxes(title=f"{pick(_WORDS['index'], lang)} ({base_year} = 100)")
    figure.update_xaxes(title=pick(_WORDS["year"], lang))
    return figure


def _log_ticks(low: float, high: float) -> list[float]:
    """1-2-5 ticks covering ``low`` to ``high`` on a log axis (plotly's own minor labels read "2"
    and "5" for 20 and 50)."""
    ticks = []
    for power in range(math.floor(math.log10(low)) - 1, math.ceil(math.log10(high)) + 1):
        for mantissa in (1, 2, 5):
            tick = mantissa * 10.0**power
            if low / 1.5 <= tick <= high * 1.5:
                ticks.append(tick)
    return ticks


def location_quotient_chart(
    lq_frame: pd.DataFrame,
    lang: str = "en",
    *,
    tiny_count: int = 20,
    places: list[str] | None = None,
) -> go.Figure:
    """Return grouped bars of location quotients (x: sector, one trace per place, in ``places``
    order so each place keeps its colour across charts), drawn from 1 (the national average) to
    the quotient, so a bar's height and direction read as (under-)specialisation; bars on tiny
    counts carry a "*" and the axis title says what it means. The y axis is logarithmic with 1-2-5
    ticks written out."""
    import plotly.graph_objects as go

    figure = go.Figure()
    present = list(dict.fromkeys(lq_frame["place"].dropna().astype(str)))
    order = [p for p in (places or []) if p in present] + sorted(
        p for p in present if p not in (places or [])
    )
    for place in order:
        part = lq_frame[lq_frame["place"] == place]
        label_column = f"sector_{lang}"
        figure.add_trace(
            go.Bar(
                x=part[label_column] if label_column in part.columns else part["sector"],
                # Bars grow from 1 (the national average), up for specialisation and down for
                # under-representation: on a log axis a bar from the axis floor would mean nothing.
                y=part["lq"] - 1.0,
                base=1.0,
                customdata=part["lq"],
                hovertemplate="%{x}<br>%{fullData.name}: %{customdata:.2f}<extra></extra>",
                name=place_label(place, lang),
                text=["*" if t else "" for t in part["tiny"]],
                textposition="outside",
            )
        )
    figure.add_hline(y=1.0, line_dash="dot")
    figure.add_annotation(
        text=pick(_WORDS["national"], lang),
        xref="paper",
        x=1.0,
        y=0.0,  # annotations on a log axis take log10 of the value: this is 1
        xanchor="right",
        yanchor="bottom",
        showarrow=False,
        font={"size": 12},
    )
    note = pick(_WORDS["tiny"], lang).format(n=tiny_count) if lq_frame["tiny"].any() else ""
    values = pd.to_numeric(lq_frame["lq"], errors="coerce")
    values = values[values > 0]
    # Ratios: a log axis shows 0.5 and 2 as equally far from 1.
    figure.update_yaxes(title=pick(_WORDS["lq"], lang), type="log")
    if len(values):
        ticks = _log_ticks(float(values.min()), float(values.max()))
        figure.update_yaxes(tickvals=ticks, ticktext=[f"{t:g}" for t in ticks])
    figure.update_xaxes(
        title=pick(_WORDS["sector"], lang) + (f"<br><sub>{note}</sub>" if note else "")
    )
    figure.update_layout(barmode="group")
    return figure
