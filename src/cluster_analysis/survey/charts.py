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

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from cluster_analysis.outputs import Text, pick, text
from cluster_analysis.survey.scoring import QUADRANT_LABELS

__all__ = [
    "gap_heatmap_chart",
    "ipa_quadrant_chart",
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


def _label(item: object, item_labels: ItemLabels, lang: str) -> str:
    if item_labels and item in item_labels:
        return pick(item_labels[item], lang) or str(item)
    return str(item)


def _with_n(label: str, n: object) -> str:
    return f"{label} (n={int(n)})"


def _unsuppressed(frame: pd.DataFrame) -> pd.DataFrame:
    if "suppressed" in frame.columns:
        return frame[~frame["suppressed"].astype(bool)]
    return frame


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
) -> go.Figure:
    """Diverging stacked bars per question from :func:`~cluster_analysis.survey.scoring.box_scores`.

    Questions are sorted by net score (largest at the top); each category label carries the
    question's n (substantive answers). One trace per category 1..m, each bar placed by ``base``
    (``x`` = its width in %): low categories lie left of zero, high ones right, a middle category
    straddles zero. A second panel shows "don't know" and "not applicable" apart, as % of all
    answers to the question (they are outside the main base). Suppressed questions are left out.
    """
    _one_row_per(box, "question", "likert_diverging_chart")
    scale_max = int(box.attrs.get("scale_max", 0)) or max(
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
    extra = [c for c in ("n_dont_know", "n_not_applicable") if c in rows.columns]
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
    fig.update_xaxes(
        title_text=pick(
            text(
                "% of answers (don't know excluded); left = low, right = high",
                "პასუხების % („არ ვიცი“ გარეშე); მარცხნივ დაბალი, მარჯვნივ მაღალი",
            ),
            lang,
        ),
        row=1,
        col=1,
    )
    fig.update_xaxes(
        title_text=pick(text("% of all answers", "ყველა პასუხის %"), lang), row=1, col=2
    )
    return fig


# --------------------------------------------------------------------------------------------------


def mwds_ranked_chart(
    scores: pd.DataFrame, *, lang: str = "en", item_labels: ItemLabels = None
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
    axis = pick(_METRIC_NAMES["mwds"], lang)
    if error_x is not None:
        confidence = scores.attrs.get("confidence", 0.95)
        axis += pick(
            text(
                f"; bars: {confidence:.0%} bootstrap interval",
                f"; ხაზები: {confidence:.0%}-იანი ბუტსტრეპ ინტერვალი",
            ),
            lang,
        )
    fig.update_xaxes(title_text=axis)
    return fig


# --------------------------------------------------------------------------------------------------


def ipa_quadrant_chart(
    ipa: pd.DataFrame, *, lang: str = "en", item_labels: ItemLabels = None
) -> go.Figure:
    """Importance-performance scatter with cross-hair lines and the four quadrant labels.

    Takes :func:`~cluster_analysis.survey.scoring.importance_performance` output for one group.
    One marker trace per quadrant (named with the bilingual quadrant label, in the order of
    :data:`QUADRANT_LABELS`), a vertical line at the capability centre, a horizontal line at the
    importance centre, and the quadrant names as corner annotations. Suppressed items are left out.
    """
    _one_row_per(ipa, "item", "ipa_quadrant_chart")
    rows = _unsuppressed(ipa)
    rows = rows[rows["quadrant"].notna()]
    fig = go.Figure()
    for code, name in QUADRANT_LABELS.items():
        part = rows[rows["quadrant"] == code]
        fig.add_trace(
            go.Scatter(
                x=part["capability_mean"].astype(float).tolist(),
                y=part["importance_mean"].astype(float).tolist(),
                mode="markers+text",
                text=[_label(i, item_labels, lang) for i in part["item"]],
                textposition="top center",
                name=pick(name, lang),
                customdata=part["n"].tolist(),
                hovertemplate="%{text}<br>n=%{customdata}<extra></extra>",
            )
        )
    if len(rows):
        x_centre = float(rows["capability_centre"].iloc[0])
        y_centre = float(rows["importance_centre"].iloc[0])
        fig.add_vline(x=x_centre)
        fig.add_hline(y=y_centre)
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
    scale_max = ipa.attrs.get("scale_max", 5)
    centre = ipa.attrs.get("centre", rows["centre"].iloc[0] if len(rows) else "data")
    centre_note = (
        text(
            "cross-hairs at the mean of item means", "გამყოფი ხაზები საკითხების საშუალოთა საშუალოზე"
        )
        if centre == "data"
        else text("cross-hairs at the scale midpoint", "გამყოფი ხაზები სკალის შუა წერტილზე")
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
    fig.update_yaxes(
        title_text=pick(
            text(
                f"Importance (mean, 1–{scale_max}); {centre_note['en']}",
                f"მნიშვნელობა (საშუალო, 1–{scale_max}); {centre_note['ka']}",
            ),
            lang,
        )
    )
    return fig


# --------------------------------------------------------------------------------------------------


def gap_heatmap_chart(
    scores: pd.DataFrame,
    *,
    lang: str = "en",
    item_labels: ItemLabels = None,
    group_col: str | None = None,
    value: str = "mwds",
    group_labels: Mapping[str, Text] | None = None,
) -> go.Figure:
    """Heatmap of a gap measure: items (dimensions) as rows x member types as columns.

    Takes :func:`needs_assessment` output computed with ``by=<member type column>``; ``group_col``
    defaults to the first column before ``item``. ``value`` is ``"mwds"`` (default),
    ``"critical_gap_share"`` (shown in %) or ``"gap_mean"``. Suppressed cells are blank (no z value)
    and their text says "n<k"; an annotation below the plot explains the blanks. Rows keep the
    item order of the frame's first appearance; columns the group order.
    """
    if group_col is None:
        before_item = list(scores.columns[: scores.columns.get_loc("item")])
        if not before_item:
            raise ValueError("gap_heatmap_chart: scores have no group column (use by=...)")
        group_col = before_item[0]
    min_cell = scores.attrs.get("min_cell", 5)
    frame = scores.copy()
    values = frame[value].astype(float)
    if value in _PERCENT_METRICS:
        values = values * 100
    frame["_z"] = values.where(~frame["suppressed"].astype(bool))
    items = list(dict.fromkeys(frame["item"]))
    groups = list(dict.fromkeys(frame[group_col]))
    z = frame.pivot_table(index="item", columns=group_col, values="_z", dropna=False)
    z = z.reindex(index=items, columns=groups)
    supp = frame.pivot_table(index="item", columns=group_col, values="suppressed", aggfunc="max")
    supp = supp.reindex(index=items, columns=groups)
    fmt = "{:.0f}" if value in _PERCENT_METRICS else "{:.2f}"
    cell_text = [
        [
            f"n<{min_cell}" if bool(s) is True else ("" if pd.isna(v) else fmt.format(v))
            for v, s in zip(z_row, s_row, strict=True)
        ]
        for z_row, s_row in zip(z.to_numpy(), supp.to_numpy(), strict=True)
    ]
    z_values = [[None if pd.isna(v) else float(v) for v in row] for row in z.to_numpy()]
    fig = go.Figure(
        go.Heatmap(
            z=z_values,
            x=[
                pick(group_labels[g], lang) if group_labels and g in group_labels else str(g)
                for g in groups
            ],
            y=[_label(i, item_labels, lang) for i in items],
            text=cell_text,
            texttemplate="%{text}",
            name=pick(_METRIC_NAMES.get(value, text(value, value)), lang),
            colorbar={"title": {"text": pick(_METRIC_NAMES.get(value, text(value, value)), lang)}},
            hoverongaps=False,
        )
    )
    fig.update_yaxes(autorange="reversed")  # first item at the top, like a table
    if any(bool(s) is True for row in supp.to_numpy() for s in row):
        fig.add_annotation(
            x=0,
            y=-0.15,
            xref="paper",
            yref="paper",
            showarrow=False,
            xanchor="left",
            text=pick(
                text(
                    f"Blank cells: fewer than {min_cell} respondents, not shown to protect members.",
                    f"ცარიელი უჯრები: {min_cell}-ზე ნაკლები რესპონდენტი, წევრების დასაცავად არ "
                    "არის ნაჩვენები.",
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
    wave_labels: tuple[str, str] | None = None,
) -> go.Figure:
    """Dumbbell chart: each item's ``metric`` in the first and second wave, joined by a line.

    Takes :func:`~cluster_analysis.survey.scoring.wave_change` output; ``metric`` is
    ``"critical_gap_share"`` (%, default), ``"gap_mean"`` or ``"mwds"`` (columns
    ``<metric>_before`` and ``<metric>_after``). Traces: the connecting lines (no legend), then the
    first wave and the second wave markers, named by ``wave_labels`` (default
    ``change.attrs["waves"]``). Items sorted by the second-wave value, largest at the top; labels
    carry n_pairs. Suppressed items are left out.
    """
    before, after = wave_labels or change.attrs.get("waves", ("1", "2"))
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
        go.Scatter(x=first, y=labels, mode="markers", name=f"{pick(wave_word, lang)} {before}")
    )
    fig.add_trace(
        go.Scatter(x=second, y=labels, mode="markers", name=f"{pick(wave_word, lang)} {after}")
    )
    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(labels)))
    axis = pick(_METRIC_NAMES.get(metric, text(metric, metric)), lang)
    fig.update_xaxes(
        title_text=axis
        + pick(
            text(" (members who answered both waves)", " (ორივე ტალღაში მონაწილე წევრები)"), lang
        )
    )
    return fig
