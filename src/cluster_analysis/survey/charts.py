"""Plotly figure builders for the capacity-gap survey.

Each builder takes a frame from :mod:`cluster_analysis.survey.scoring` plus ``lang`` ("en"/"ka")
and an optional ``item_labels`` mapping (item -> {"en": ..., "ka": ...}) and returns a
``plotly.graph_objects.Figure`` holding data, axis titles, trace/legend names and notes only.
No colours, fonts, sizes or titles: the project template and the export layer add those.
Builders write nothing. Suppressed rows are left out (bars, points) or shown as blank cells
(heatmap) with a note, so no suppressed statistic ever reaches a chart.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from cluster_analysis.charts.theme import wrap_label
from cluster_analysis.outputs import Text, pick, pick_period, text
from cluster_analysis.survey.scoring import QUADRANT_LABELS

__all__ = [
    "gap_heatmap_chart",
    "ipa_quadrant_chart",
    "labels_from_columns",
    "likert_diverging_chart",
    "mwds_ranked_chart",
    "wave_dumbbell_chart",
]

ItemLabels = Mapping[str, Text] | None

_METRIC_NAMES: dict[str, Text] = {
    "mwds": text("Borich weighted gap score (MWDS)", "ბორიჩის შეწონილი სხვაობის ქულა (MWDS)"),
    "critical_gap_share": text(
        "Members with a critical gap, %", "კრიტიკული ხარვეზის მქონე წევრები, %"
    ),
    "gap_mean": text(
        "Mean gap (importance − capability)", "საშუალო ხარვეზი (მნიშვნელობა − შესაძლებლობა)"
    ),
    "importance_mean": text("Importance (mean)", "მნიშვნელობა (საშუალო)"),
    "capability_mean": text("Capability (mean)", "შესაძლებლობა (საშუალო)"),
}
_PERCENT_METRICS = {"critical_gap_share"}
#: Colour-bar titles (the subtitle carries the full unit).
_SHORT_METRIC_NAMES = {"mwds": "MWDS", "critical_gap_share": "%", "gap_mean": "I − C"}


def _label(item: object, item_labels: ItemLabels, lang: str) -> str:
    key = str(item)
    if item_labels and key in item_labels:
        return pick(item_labels[key], lang) or key
    return key


def _wrap(label: str, width: int = 36) -> str:
    """Break a long label into lines of at most ``width`` characters (plotly's ``<br>``)."""
    return wrap_label(label, width)


def _with_n(label: str, n: Any) -> str:
    # not wrapped: a two-line label per bar collides with its neighbours when there are 12 bars
    return f"{label} (n={int(n)})"


def _unsuppressed(frame: pd.DataFrame) -> pd.DataFrame:
    if "suppressed" in frame.columns:
        return frame[~frame["suppressed"].astype(bool)]
    return frame


#: Rough size of label text in plot fractions (a 12-13 px font on a ~750 x 450 px plot area;
#: Georgian letters are wider than Latin ones).
_CHAR_WIDTH = {"latin": 0.0105, "georgian": 0.0135}
_LINE_HEIGHT = 0.062
_POSITIONS = (
    "top center",
    "bottom center",
    "middle right",
    "middle left",
    "top right",
    "top left",
    "bottom right",
    "bottom left",
)


def _text_box(label: str) -> tuple[float, float]:
    lines = label.split("<br>")
    georgian = any("\u10a0" <= ch <= "\u10ff" for ch in label)
    width = max(len(line) for line in lines) * _CHAR_WIDTH["georgian" if georgian else "latin"]
    return width, len(lines) * _LINE_HEIGHT


def _place_labels(
    keys: list[object],
    xs: list[float],
    ys: list[float],
    labels: Mapping[object, str],
    x_range: tuple[float, float],
    y_range: tuple[float, float],
    corner_texts: list[str],
) -> dict[object, str]:
    """Greedy label placement for a scatter: for each point (in order) choose the text position
    whose estimated box overlaps least with labels already placed, the markers, the corner names
    and the plot edges. Returns ``{key: plotly textposition}``. Deterministic."""
    x0, x1 = x_range
    y0, y1 = y_range
    us = [(x - x0) / (x1 - x0) for x in xs]
    vs = [(y - y0) / (y1 - y0) for y in ys]
    gap = 0.012
    obstacles: list[tuple[float, float, float, float]] = [
        (u - 0.008, v - 0.014, u + 0.008, v + 0.014) for u, v in zip(us, vs, strict=True)
    ]
    for corner, label in zip(((0, 1), (1, 1), (0, 0), (1, 0)), corner_texts, strict=True):
        w, h = _text_box(label)
        cu, cv = corner
        obstacles.append(
            (
                cu - w if cu else 0.0,
                cv - h if cv else 0.0,
                cu + w if not cu else 1.0,
                cv + h if not cv else 1.0,
            )
        )

    def box(
        position: str, u: float, v: float, w: float, h: float
    ) -> tuple[float, float, float, float]:
        vertical, horizontal = position.split()
        if vertical == "top":
            bottom, top = v + gap, v + gap + h
        elif vertical == "bottom":
            bottom, top = v - gap - h, v - gap
        else:
            bottom, top = v - h / 2, v + h / 2
        if horizontal == "center":
            left, right = u - w / 2, u + w / 2
        elif horizontal == "right":
            left, right = u + gap, u + gap + w
        else:
            left, right = u - gap - w, u - gap
        return left, bottom, right, top

    def overlap(a: tuple[float, ...], b: tuple[float, ...]) -> float:
        # padded, so two labels never touch and read as one
        width = min(a[2], b[2]) - max(a[0], b[0]) + 0.02
        height = min(a[3], b[3]) - max(a[1], b[1]) + 0.015
        return width * height if width > 0 and height > 0 else 0.0

    def outside(a: tuple[float, ...]) -> float:
        spill = max(0.0, -a[0]) + max(0.0, a[2] - 1) + max(0.0, -a[1]) + max(0.0, a[3] - 1)
        return spill * (a[3] - a[1] + a[2] - a[0])

    # crowded points choose first: they have the fewest free places
    crowding = [
        sum(1 for a, b in zip(us, vs, strict=True) if abs(a - u) < 0.15 and abs(b - v) < 0.15)
        for u, v in zip(us, vs, strict=True)
    ]
    order = sorted(range(len(keys)), key=lambda i: (-crowding[i], i))
    chosen: dict[object, str] = {}
    for key, u, v in ((keys[i], us[i], vs[i]) for i in order):
        w, h = _text_box(labels[key])
        best = min(
            _POSITIONS,
            key=lambda pos: (
                sum(overlap(box(pos, u, v, w, h), o) for o in obstacles)
                + 2 * outside(box(pos, u, v, w, h)),
                _POSITIONS.index(pos),
            ),
        )
        chosen[key] = best
        obstacles.append(box(best, u, v, w, h))
    return chosen


def labels_from_columns(frame: pd.DataFrame, key: str = "item") -> dict[str, Text]:
    """Return ``{code: {"en": ..., "ka": ...}}`` from a published table's ``<key>_en`` and
    ``<key>_ka`` columns (the processed survey tables carry them), for ``item_labels``."""
    if f"{key}_en" not in frame.columns or f"{key}_ka" not in frame.columns:
        return {}
    rows = frame[[key, f"{key}_en", f"{key}_ka"]].drop_duplicates(key)
    return {
        str(code): text(str(en), str(ka))
        for code, en, ka in rows.itertuples(index=False, name=None)
    }


def _one_row_per(frame: pd.DataFrame, key: str, what: str) -> None:
    if frame[key].duplicated().any():
        raise ValueError(
            f"{what}: more than one row per {key}; filter the frame to one group before charting"
        )


# --------------------------------------------------------------------------------------------------


def likert_diverging_chart(
    box: pd.DataFrame,
    *,
    lang: str = "en",
    item_labels: ItemLabels = None,
    category_labels: Mapping[int, Text] | None = None,
    scale_max: int | None = None,
) -> go.Figure:
    """Diverging stacked bars per question from :func:`~cluster_analysis.survey.scoring.box_scores`.

    Questions are sorted by net score (largest at the top); each category label carries the
    question's n (substantive answers). One trace per category 1..m, each bar placed by ``base``
    (``x`` = its width in %): low categories lie left of zero, high ones right, a middle category
    straddles zero. A second panel shows "don't know" and "not applicable" apart, as % of all
    answers to the question (they are outside the main base). Suppressed questions are left out.
    """
    _one_row_per(box, "question", "likert_diverging_chart")
    # the top of the scale: given, else the highest share_<k> column
    scale_max = scale_max or max(
        int(c.removeprefix("share_")) for c in box.columns if c.startswith("share_")
    )
    rows = _unsuppressed(box).sort_values("net", ascending=False, kind="stable")
    labels = [
        _with_n(_label(q, item_labels, lang), n)
        for q, n in zip(rows["question"], rows["n"], strict=True)
    ]
    order = list(reversed(labels))  # plotly draws the first category at the bottom

    def category_name(k: int) -> str:
        if category_labels and k in category_labels:
            return pick(category_labels[k], lang)
        if k == 1:
            return pick(text("1 (lowest)", "1 (ყველაზე დაბალი)"), lang)
        if k == scale_max:
            return pick(text(f"{k} (highest)", f"{k} (ყველაზე მაღალი)"), lang)
        return str(k)

    fig = make_subplots(rows=1, cols=2, shared_yaxes=True, column_widths=[0.8, 0.2])
    # Bars are placed with explicit ``base`` values (overlay mode) so each category is one trace
    # (one legend entry, one template colour) and the middle category straddles zero.
    shares = rows[[f"share_{k}" for k in range(1, scale_max + 1)]].astype(float) * 100
    below = shares[[f"share_{k}" for k in range(1, scale_max + 1) if k < (scale_max + 1) / 2]]
    middle = f"share_{(scale_max + 1) // 2}" if scale_max % 2 else None
    left_edge = -below.sum(axis=1) - (shares[middle] / 2 if middle else 0.0)
    start = left_edge.copy()
    for k in range(1, scale_max + 1):
        width = shares[f"share_{k}"]
        fig.add_trace(
            go.Bar(
                x=width.tolist(),
                base=start.tolist(),
                y=labels,
                orientation="h",
                name=category_name(k),
                legendrank=k,
            ),
            row=1,
            col=1,
        )
        start = start + width

    all_answers = rows["n"].astype(float)
    # a "don't know" / "not applicable" column nobody used would be an empty legend entry
    extra = [
        c
        for c in ("n_dont_know", "n_not_applicable")
        if c in rows.columns and rows[c].astype(float).sum() > 0
    ]
    for col in extra:
        all_answers = all_answers + rows[col].astype(float)
    names = {
        "n_dont_know": text("Don't know", "არ ვიცი"),
        "n_not_applicable": text("Not applicable", "არ ეხება"),
    }
    start = pd.Series(0.0, index=rows.index)
    for rank, col in enumerate(extra, start=scale_max + 1):
        share = (rows[col].astype(float) / all_answers.where(all_answers > 0)) * 100
        fig.add_trace(
            go.Bar(
                x=share.tolist(),
                base=start.tolist(),
                y=labels,
                orientation="h",
                name=pick(names[col], lang),
                legendrank=rank,
            ),
            row=1,
            col=2,
        )
        start = start + share.fillna(0.0)
    fig.update_layout(barmode="overlay")
    fig.update_yaxes(categoryorder="array", categoryarray=order)
    ticks = [-100, -75, -50, -25, 0, 25, 50, 75, 100]
    fig.update_xaxes(
        title_text=pick(
            text("% of answers without “don't know”", "პასუხების % „არ ვიცი“-ს გარეშე"), lang
        ),
        # shares to the left of zero are still positive percentages
        tickvals=ticks,
        ticktext=[str(abs(t)) for t in ticks],
        row=1,
        col=1,
    )
    fig.update_xaxes(title_text=pick(text("“Don't know”, %", "„არ ვიცი“, %"), lang), row=1, col=2)
    return fig


# --------------------------------------------------------------------------------------------------


def mwds_ranked_chart(
    scores: pd.DataFrame,
    *,
    lang: str = "en",
    item_labels: ItemLabels = None,
    confidence: float = 0.95,
) -> go.Figure:
    """Horizontal bars of MWDS, largest at the top, with bootstrap intervals as error bars.

    Takes :func:`~cluster_analysis.survey.scoring.bootstrap_mwds` output (``mwds_low``/``mwds_high``
    become asymmetric error bars) or :func:`needs_assessment` output (no error bars). One group
    only. Suppressed items are left out; labels carry n.
    """
    _one_row_per(scores, "item", "mwds_ranked_chart")
    rows = _unsuppressed(scores)
    rows = rows[rows["mwds"].notna()].sort_values("mwds", ascending=False, kind="stable")
    labels = [
        _with_n(_label(i, item_labels, lang), n)
        for i, n in zip(rows["item"], rows["n"], strict=True)
    ]
    mwds = rows["mwds"].astype(float)
    error_x = None
    if {"mwds_low", "mwds_high"} <= set(rows.columns):
        error_x = {
            "type": "data",
            "symmetric": False,
            "array": (rows["mwds_high"].astype(float) - mwds).tolist(),
            "arrayminus": (mwds - rows["mwds_low"].astype(float)).tolist(),
        }
    fig = go.Figure(
        go.Bar(
            x=mwds.tolist(),
            y=labels,
            orientation="h",
            name=pick(_METRIC_NAMES["mwds"], lang),
            error_x=error_x,
        )
    )
    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(labels)))
    # the interval the lines show is said once, in the subtitle (the figure's unit)
    fig.update_xaxes(title_text=pick(_METRIC_NAMES["mwds"], lang))
    return fig


# --------------------------------------------------------------------------------------------------


def multi_select_chart(shares: pd.DataFrame, *, lang: str = "en") -> go.Figure:
    """Horizontal bars: the share of respondents who chose each option of a select-multiple
    question, largest at the top, with the Wilson interval as error bars.

    Takes :func:`~cluster_analysis.survey.scoring.multi_select_shares` output for one question and
    wave (columns ``choice``, ``choice_en``/``choice_ka``, ``n``, ``share``, ``share_low``,
    ``share_high``, ``suppressed``). Shares do not add up to 100%: a respondent may choose several
    options (the subtitle should say so). Suppressed options are left out.
    """
    _one_row_per(shares, "choice", "multi_select_chart")
    rows = _unsuppressed(shares)
    rows = rows[rows["share"].notna()].sort_values("share", ascending=False, kind="stable")
    label_column = "choice_ka" if lang == "ka" and "choice_ka" in rows else "choice_en"
    labels = [
        _wrap(str(label if isinstance(label, str) and label else code))
        for label, code in zip(rows.get(label_column, rows["choice"]), rows["choice"], strict=True)
    ]
    share = rows["share"].astype(float) * 100
    error_x = None
    if {"share_low", "share_high"} <= set(rows.columns):
        error_x = {
            "type": "data",
            "symmetric": False,
            "array": (rows["share_high"].astype(float) * 100 - share).tolist(),
            "arrayminus": (share - rows["share_low"].astype(float) * 100).tolist(),
        }
    name = pick(
        text("% of respondents who chose it", "არჩეული პასუხის წილი რესპონდენტებში, %"), lang
    )
    fig = go.Figure(
        go.Bar(
            x=share.tolist(),
            y=labels,
            orientation="h",
            name=name,
            error_x=error_x,
            text=[f"{v:.0f}%" for v in share],
            textposition="inside",
            insidetextanchor="end",
        )
    )
    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(labels)))
    # the unit ("% of respondents, several answers possible") is the subtitle's: not repeated
    axis = pick(text("lines: 95% Wilson interval", "ხაზები: 95%-იანი ვილსონის ინტერვალი"), lang)
    fig.update_xaxes(
        title_text=axis if error_x is not None else None, range=[0, 100], ticksuffix="%"
    )
    return fig


# --------------------------------------------------------------------------------------------------


def ipa_quadrant_chart(
    ipa: pd.DataFrame, *, lang: str = "en", item_labels: ItemLabels = None, scale_max: int = 5
) -> go.Figure:
    """Importance-performance scatter with cross-hair lines and the four quadrant labels.

    Takes :func:`~cluster_analysis.survey.scoring.importance_performance` output for one group.
    One marker trace per quadrant (named with the bilingual quadrant label, in the order of
    :data:`QUADRANT_LABELS`), a vertical line at the capability centre, a horizontal line at the
    importance centre, and the quadrant names as corner annotations. Points carry numbers
    (placed so they do not collide; quadrant by quadrant, most important first) and a key beside
    the plot names each item, so long item names never overlap however close the points sit.
    The full name and n show on hover. Suppressed items are left out.
    """
    _one_row_per(ipa, "item", "ipa_quadrant_chart")
    rows = _unsuppressed(ipa)
    rows = rows[rows["quadrant"].notna()]
    order = {code: i for i, code in enumerate(QUADRANT_LABELS)}
    rows = rows.assign(_q=rows["quadrant"].map(order)).sort_values(
        ["_q", "importance_mean"], ascending=[True, False], kind="stable"
    )
    numbers = {item: str(i) for i, item in enumerate(rows["item"], start=1)}
    names = {i: _label(i, item_labels, lang) for i in rows["item"]}
    xs = rows["capability_mean"].astype(float)
    ys = rows["importance_mean"].astype(float)
    x_range = y_range = None
    positions: dict[object, str] = {}
    if len(rows):
        # pad the data range so point numbers and the corner names stay inside the plot
        x_pad = max(float(xs.max() - xs.min()), 0.2) * 0.15
        y_pad = max(float(ys.max() - ys.min()), 0.2) * 0.2
        x_range = (float(xs.min()) - x_pad, float(xs.max()) + x_pad)
        y_range = (float(ys.min()) - y_pad, float(ys.max()) + 1.5 * y_pad)
        corner_texts = [pick(QUADRANT_LABELS[c], lang) for c in QUADRANT_LABELS]
        positions = _place_labels(
            list(rows["item"]), xs.tolist(), ys.tolist(), numbers, x_range, y_range, corner_texts
        )
    fig = go.Figure()
    for code, name in QUADRANT_LABELS.items():
        part = rows[rows["quadrant"] == code]
        fig.add_trace(
            go.Scatter(
                x=part["capability_mean"].astype(float).tolist(),
                y=part["importance_mean"].astype(float).tolist(),
                mode="markers+text",
                text=[numbers[i] for i in part["item"]],
                hovertext=[names[i] for i in part["item"]],
                textposition=[positions.get(i, "top center") for i in part["item"]],
                cliponaxis=False,
                name=pick(name, lang),
                customdata=part["n"].tolist(),
                hovertemplate="%{text}. %{hovertext}<br>n=%{customdata}<extra></extra>",
            )
        )
    if x_range is not None and y_range is not None:  # set exactly when there are rows
        fig.add_vline(x=float(rows["capability_centre"].iloc[0]))
        fig.add_hline(y=float(rows["importance_centre"].iloc[0]))
        fig.update_xaxes(range=list(x_range))
        fig.update_yaxes(range=list(y_range))
        _ipa_key(fig, [(numbers[i], names[i]) for i in rows["item"]])
    corners = {
        "concentrate_here": (0.0, 1.0, "left", "top"),
        "keep_up_the_good_work": (1.0, 1.0, "right", "top"),
        "low_priority": (0.0, 0.0, "left", "bottom"),
        "possible_overkill": (1.0, 0.0, "right", "bottom"),
    }
    for code, (x, y, xanchor, yanchor) in corners.items():
        fig.add_annotation(
            x=x,
            y=y,
            xref="x domain",
            yref="y domain",
            text=pick(QUADRANT_LABELS[code], lang),
            showarrow=False,
            xanchor=xanchor,
            yanchor=yanchor,
        )
    fig.update_xaxes(
        title_text=pick(
            text(
                f"Capability (mean, 1–{scale_max})",
                f"შესაძლებლობა (საშუალო, 1–{scale_max})",
            ),
            lang,
        )
    )
    # where the cross-hairs sit is said once, in the subtitle, not again on the axis
    fig.update_yaxes(
        title_text=pick(
            text(
                f"Importance (mean, 1–{scale_max})",
                f"მნიშვნელობა (საშუალო, 1–{scale_max})",
            ),
            lang,
        )
    )
    return fig


_KEY_WIDTH = 34  # characters per key line


def _ipa_key(fig: go.Figure, entries: list[tuple[str, str]]) -> None:
    """The numbered key to the right of the plot; the right margin makes room for it."""
    lines = []
    for number, name in entries:
        wrapped = _wrap(name, _KEY_WIDTH).split("<br>")
        lines.append(f"<b>{number}</b>  {wrapped[0]}")
        lines.extend(f"     {part}" for part in wrapped[1:])
    fig.add_annotation(
        x=1.02,
        y=1.0,
        xref="paper",
        yref="paper",
        xanchor="left",
        yanchor="top",
        align="left",
        showarrow=False,
        text="<br>".join(lines),
        font={"size": 12},
        name="key",
    )
    # the corners already name the quadrants the colours stand for: no legend to repeat them
    fig.update_layout(margin={"r": 300}, showlegend=False)


# --------------------------------------------------------------------------------------------------


def gap_heatmap_chart(
    scores: pd.DataFrame,
    *,
    lang: str = "en",
    item_labels: ItemLabels = None,
    group_col: str | None = None,
    value: str = "mwds",
    group_labels: Mapping[str, Text] | None = None,
    row_col: str = "item",
    group_order: list[str] | None = None,
    min_cell: int | None = None,
    explain_blanks: bool = True,
) -> go.Figure:
    """Heatmap of a gap measure: items or dimensions (``row_col``) as rows x member types as columns.

    Takes :func:`needs_assessment` output computed with ``by=<member type column>`` (optionally
    after :func:`cluster_analysis.disclosure.suppress_table`); ``group_col`` defaults to the first
    column before ``row_col``. ``value`` is ``"mwds"`` (default), ``"critical_gap_share"`` (shown
    in %) or ``"gap_mean"``. Suppressed cells are blank (no z value); their text says "n<k" when
    the cell has fewer than ``min_cell`` respondents, else "–" (hidden so it cannot be worked out
    from the other cells); an annotation below the plot explains the blanks. Rows keep the order
    of first appearance; columns ``group_order`` or the frame's order. Long labels are wrapped.
    With ``explain_blanks=False`` the note below the plot is left out (put it in the figure's
    ``Meta.note`` instead, so it joins the footnote).
    """
    if group_col is None:
        before_item = list(scores.columns[: scores.columns.get_loc(row_col)])
        if not before_item:
            raise ValueError("gap_heatmap_chart: scores have no group column (use by=...)")
        group_col = before_item[0]
    if min_cell is None:
        min_cell = 5
    frame = scores.copy()
    values = frame[value].astype("Float64").astype(float)
    if value in _PERCENT_METRICS:
        values = values * 100
    suppressed = frame["suppressed"].astype(bool)
    frame["_z"] = values.where(~suppressed)
    frame["_s"] = suppressed.astype(float)
    frame["_n"] = frame["n"].astype(float) if "n" in frame.columns else float("nan")
    items = list(dict.fromkeys(frame[row_col]))
    groups = group_order or list(dict.fromkeys(frame[group_col]))
    groups = [g for g in groups if g in set(frame[group_col])]

    def wide(column: str) -> pd.DataFrame:
        table = frame.pivot_table(
            index=row_col, columns=group_col, values=column, aggfunc="max", dropna=False
        )
        return table.reindex(index=items, columns=groups)

    z, supp, counts = wide("_z"), wide("_s"), wide("_n")
    fmt = "{:.0f}" if value in _PERCENT_METRICS else "{:.1f}"

    def cell(v: float, s: float, n: float) -> str:
        if s == 1.0:
            return f"n<{min_cell}" if not pd.isna(n) and n < min_cell else "–"
        return "" if pd.isna(v) else fmt.format(v)

    cell_text = [
        [cell(v, s, n) for v, s, n in zip(z_row, s_row, n_row, strict=True)]
        for z_row, s_row, n_row in zip(
            z.to_numpy(), supp.to_numpy(), counts.to_numpy(), strict=True
        )
    ]
    z_values = [[None if pd.isna(v) else float(v) for v in row] for row in z.to_numpy()]
    metric = pick(_METRIC_NAMES.get(value, text(value, value)), lang)
    fig = go.Figure(
        go.Heatmap(
            z=z_values,
            x=[
                _wrap(
                    pick(group_labels[g], lang) if group_labels and g in group_labels else str(g),
                    10,
                )
                for g in groups
            ],
            y=[_wrap(_label(i, item_labels, lang), 20) for i in items],
            text=cell_text,
            texttemplate="%{text}",
            name=metric,
            colorbar={"title": {"text": _SHORT_METRIC_NAMES.get(value, value)}},
            hoverongaps=False,
        )
    )
    fig.update_yaxes(autorange="reversed")  # first item at the top, like a table
    fig.update_xaxes(tickangle=0)
    if explain_blanks and any(s == 1.0 for row in supp.to_numpy() for s in row):
        fig.add_annotation(
            x=0,
            y=-0.04,
            xref="paper",
            yref="paper",
            showarrow=False,
            xanchor="left",
            yanchor="top",
            align="left",
            text=pick(
                text(
                    f"Blank cells are not shown to protect members: n<{min_cell} = fewer than "
                    f"{min_cell} respondents;<br>– = hidden so that it cannot be worked out from "
                    "the other cells and the 'All members' column.",
                    f"ცარიელი უჯრები წევრების დასაცავად არ არის ნაჩვენები: n<{min_cell} = "
                    f"{min_cell}-ზე ნაკლები რესპონდენტი;<br>– = დამალულია, რათა სხვა უჯრებიდან "
                    "და სვეტიდან „ყველა წევრი“ ვერ გამოითვალოს.",
                ),
                lang,
            ),
        )
    return fig


# --------------------------------------------------------------------------------------------------


def wave_dumbbell_chart(
    change: pd.DataFrame,
    *,
    lang: str = "en",
    item_labels: ItemLabels = None,
    metric: str = "critical_gap_share",
    wave_labels: tuple[str | Text, str | Text] | None = None,
) -> go.Figure:
    """Dumbbell chart: each item's ``metric`` in the first and second wave, joined by a line.

    Takes :func:`~cluster_analysis.survey.scoring.wave_change` output; ``metric`` is
    ``"critical_gap_share"`` (%, default), ``"gap_mean"`` or ``"mwds"`` (columns
    ``<metric>_before`` and ``<metric>_after``). Traces: the connecting lines (no legend), then the
    first wave and the second wave markers, named by ``wave_labels`` (periods such as "2025 H2",
    written in ``lang`` by :func:`~cluster_analysis.outputs.pick_period`, or bilingual labels;
    default ``("1", "2")``). Items sorted by the second-wave value, largest at the top; labels
    carry n_pairs. Suppressed items are left out.
    """
    before, after = (pick_period(w, lang) for w in wave_labels or ("1", "2"))
    # Georgian names the period after a colon: "ტალღა: 2025 წლის II ნახევარი"
    joiner = ": " if lang == "ka" else " "
    rows = _unsuppressed(change)
    rows = rows[rows[f"{metric}_before"].notna() & rows[f"{metric}_after"].notna()]
    rows = rows.sort_values(f"{metric}_after", ascending=False, kind="stable")
    factor = 100.0 if metric in _PERCENT_METRICS else 1.0
    first = (rows[f"{metric}_before"].astype(float) * factor).tolist()
    second = (rows[f"{metric}_after"].astype(float) * factor).tolist()
    labels = [
        _with_n(_label(i, item_labels, lang), n)
        for i, n in zip(rows["item"], rows["n_pairs"], strict=True)
    ]
    line_x: list[float | None] = []
    line_y: list[str | None] = []
    for a, b, label in zip(first, second, labels, strict=True):
        line_x += [a, b, None]
        line_y += [label, label, None]
    wave_word = text("wave", "ტალღა")
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=line_x,
            y=line_y,
            mode="lines",
            showlegend=False,
            hoverinfo="skip",
            name=pick(text("change", "ცვლილება"), lang),
        )
    )
    fig.add_trace(
        go.Scatter(
            x=first, y=labels, mode="markers", name=f"{pick(wave_word, lang)}{joiner}{before}"
        )
    )
    fig.add_trace(
        go.Scatter(
            x=second, y=labels, mode="markers", name=f"{pick(wave_word, lang)}{joiner}{after}"
        )
    )
    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(labels)))
    axis = pick(_METRIC_NAMES.get(metric, text(metric, metric)), lang)
    fig.update_xaxes(
        title_text=axis
        + pick(
            text("<br>members who answered both waves", "<br>ორივე ტალღაში მონაწილე წევრები"), lang
        )
    )
    return fig
