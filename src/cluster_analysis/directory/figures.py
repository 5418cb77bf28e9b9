"""Figure builders of the directory, chosen by the ``figures:`` declarations in metadata.yaml.

Builders return plotly figures with data, axis titles and legend labels only (the export layer adds
title, subtitle and footnote); notebooks call :func:`figure_outputs` so a notebook chart is the
exported one.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

import pandas as pd

from cluster_analysis import metadata
from cluster_analysis.charts.theme import wrap_label
from cluster_analysis.numbers import format_number
from cluster_analysis.outputs import FigureOutput, Meta, Text, text

if TYPE_CHECKING:
    import plotly.graph_objects as go

DOMAIN = "directory"
LABELS: dict[str, Text] = {
    "open_programmes": text("Open programmes", "ღია პროგრამები"),
    "providers_and_experts": text("Providers and experts", "მიმწოდებლები და ექსპერტები"),
    "count_axis": text("Records that address the gap", "ხარვეზთან დაკავშირებული ჩანაწერები"),
    "share": text("critical-gap share", "კრიტიკული ხარვეზის წილი"),
}


def coverage_bars(gap_coverage: pd.DataFrame, lang: str = "en") -> go.Figure:
    """Return horizontal grouped bars: per critical gap (largest critical-gap share on top), the
    open programmes and the providers and experts that address it; the share is in the label."""
    import plotly.graph_objects as go

    rows = gap_coverage.sort_values("critical_gap_share", ascending=True)
    label_col = "item_ka" if lang == "ka" else "item_en"
    share_word = LABELS["share"][lang]
    names = [  # wrapped, so long Georgian item names leave the plot its width
        wrap_label(f"{label} ({share_word} {format_number(100 * float(share), lang)}%)", 44)
        for label, share in zip(rows[label_col], rows["critical_gap_share"], strict=True)
    ]
    top = max(1.0, float(rows[["open_programmes", "providers_and_experts"]].max().max()))
    figure = go.Figure()
    for column in ("open_programmes", "providers_and_experts"):
        figure.add_bar(
            y=names,
            x=rows[column].to_numpy(),
            name=LABELS[column][lang],
            orientation="h",
            text=rows[column].to_numpy(),
            textposition="outside",
        )
    figure.update_layout(
        barmode="group",
        # room right of the longest bar for its outside label
        xaxis={"title": {"text": LABELS["count_axis"][lang]}, "range": [0, top * 1.15], "dtick": 1},
        yaxis={"automargin": True},
        legend={"orientation": "h", "x": 0, "y": 1.02, "xanchor": "left", "yanchor": "bottom"},
        height=max(360, 80 * len(rows) + 180),
    )
    return figure


BUILDERS: dict[str, Callable[[pd.DataFrame, str], go.Figure]] = {"coverage_bars": coverage_bars}


def _build(
    builder: Callable[[pd.DataFrame, str], go.Figure], frame: pd.DataFrame, lang: str
) -> go.Figure:
    return builder(frame, lang)


def figure_outputs(gap_coverage: pd.DataFrame, *, synthetic: bool) -> list[FigureOutput]:
    """Return every declared figure of the directory, drawn from ``gap_coverage`` (the pipeline
    and the notebook call this, so both show the same title, period and n)."""
    tables = {"gap_coverage": gap_coverage}
    waves = sorted(gap_coverage["wave"].astype(str).unique())
    period = ", ".join(waves)
    n = int(gap_coverage["respondents"].max()) if len(gap_coverage) else 0
    outputs = []
    for spec in metadata.figure_specs(DOMAIN):
        frame = tables[spec.table]
        builder = BUILDERS[spec.kind]
        outputs.append(
            FigureOutput(
                name=spec.name,
                build=partial(_build, builder, frame),
                meta=Meta(
                    title=spec.title,
                    unit=metadata.table_spec(DOMAIN, spec.table).unit,
                    period=text(f"wave {period}", f"ტალღა {period}"),
                    source=metadata.domain_source(DOMAIN),
                    n=text(f"{n} respondents", f"{n} რესპონდენტი"),
                    synthetic=synthetic,
                ),
                audience=spec.audience,
            )
        )
    return outputs
