"""Figure builders for the bargaining pool: data, axis titles and trace names only.

Each builder returns a ``plotly.graph_objects.Figure`` and writes nothing; the export layer adds
title, subtitle, footnote and the theme (no colours, fonts or titles here). Labels are bilingual
through ``lang``. Builders for shared audiences take already-published (suppressed) frames and
never receive member ids; :func:`allocation_comparison` shows members and is for the office only.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from cluster_analysis.pool.allocation import METHOD_LABELS
from cluster_analysis.pool.demand import CATEGORY_LABELS, UNIT_LABELS
from cluster_analysis.pool.tiers import PackageSchedule, TierSchedule

LABELS: dict[str, dict[str, str]] = {
    "category": {"en": "Category", "ka": "კატეგორია"},
    "spend": {
        "en": "Pooled spend at members' last prices, GEL",
        "ka": "გაერთიანებული ხარჯი წევრების ბოლო ფასებით, ლარი",
    },
    "cumulative": {"en": "Cumulative share of spend, %", "ka": "ხარჯის კუმულაციური წილი, %"},
    "quantity": {"en": "Quantity", "ka": "რაოდენობა"},
    "unit_price": {"en": "Price per unit, GEL", "ka": "ერთეულის ფასი, ლარი"},
    "price_ladder": {"en": "Offer: price per unit", "ka": "შეთავაზება: ერთეულის ფასი"},
    "breaks": {"en": "Tier breaks", "ka": "საფეხურების ზღვრები"},
    "pooled": {"en": "Pooled volume", "ka": "გაერთიანებული მოცულობა"},
    "buy_up": {"en": "Buy up to the break", "ka": "ზღვრამდე შესყიდვა"},
    "member": {"en": "Member", "ka": "წევრი"},
    "savings": {
        "en": "Savings against buying alone, GEL",
        "ka": "დანაზოგი ცალკე შესყიდვასთან შედარებით, ლარი",
    },
}


def _label(key: str, lang: str) -> str:
    return LABELS[key].get(lang, LABELS[key]["en"])


def category_name(category: str, lang: str) -> str:
    """Return a category's name in ``lang`` (its code when undeclared)."""
    return CATEGORY_LABELS.get(category, {}).get(lang, category)


def pareto_chart(
    totals: pd.DataFrame, lang: str = "en", *, value_col: str = "spend_last_prices_gel"
) -> go.Figure:
    """Return a Pareto chart: pooled spend per category (bars, largest first) and the cumulative
    share (line, right axis). ``totals`` has ``category`` and ``value_col``; hidden (NA) cells
    are left out, so the cumulative share is of the published total."""
    published = totals.dropna(subset=[value_col])
    spend = (
        published.groupby("category", observed=True)[value_col].sum().sort_values(ascending=False)
    )
    names = [category_name(c, lang) for c in spend.index]
    cumulative = 100 * spend.cumsum() / spend.sum() if spend.sum() > 0 else spend * 0
    figure = go.Figure()
    figure.add_bar(x=names, y=spend.to_numpy(), name=_label("spend", lang))
    figure.add_scatter(
        x=names,
        y=cumulative.to_numpy(),
        name=_label("cumulative", lang),
        mode="lines+markers",
        yaxis="y2",
    )
    figure.update_layout(
        xaxis={"title": {"text": _label("category", lang)}},
        yaxis={"title": {"text": _label("spend", lang)}},
        yaxis2={
            "title": {"text": _label("cumulative", lang)},
            "overlaying": "y",
            "side": "right",
            "range": [0, 105],
        },
    )
    return figure


def tier_ladder(
    schedule: TierSchedule | PackageSchedule,
    pooled_quantity: float,
    lang: str = "en",
    *,
    unit: str | None = None,
) -> go.Figure:
    """Return a tier ladder: the offer's price per unit against quantity, the breaks, and the
    pooled volume as a vertical marker (plus the buy-up point when buying up pays)."""
    q = float(pooled_quantity)
    if isinstance(schedule, TierSchedule):
        top = max(q, float(schedule.breaks[-1]) if len(schedule.breaks) else q) * 1.25 or 1.0
        breaks = [float(b) for b in schedule.breaks]
    else:
        top = max(q, schedule.capacity) * 1.5
        breaks = [schedule.capacity * k for k in range(1, int(top // schedule.capacity) + 1)]
    grid = np.unique(
        np.concatenate([np.linspace(top / 400, top, 400), breaks, [q] if q > 0 else []])
    )
    grid = grid[grid > 0]
    average = np.asarray(schedule.cost(grid), dtype=float) / grid
    unit_text = UNIT_LABELS.get(unit or "", {}).get(lang, unit or "")
    x_title = _label("quantity", lang) + (f", {unit_text}" if unit_text else "")
    figure = go.Figure()
    figure.add_scatter(
        x=grid, y=average, mode="lines", name=_label("price_ladder", lang), line_shape="hv"
    )
    if breaks:
        figure.add_scatter(
            x=breaks,
            y=np.asarray(schedule.cost(np.array(breaks)), dtype=float) / np.array(breaks),
            mode="markers",
            name=_label("breaks", lang),
        )
    if q > 0:
        figure.add_scatter(
            x=[q, q],
            y=[0, float(np.nanmax(average))],
            mode="lines",
            name=_label("pooled", lang),
        )
        if isinstance(schedule, TierSchedule):
            option = schedule.buy_up_option(q)
            if option.worthwhile:
                figure.add_scatter(
                    x=[option.order_quantity],
                    y=[option.order_cost / option.order_quantity],
                    mode="markers",
                    name=_label("buy_up", lang),
                )
    figure.update_layout(
        xaxis={"title": {"text": x_title}},
        yaxis={"title": {"text": _label("unit_price", lang)}, "rangemode": "tozero"},
    )
    return figure


def allocation_comparison(
    allocations: pd.DataFrame,
    lang: str = "en",
    *,
    member_labels: Mapping[str, str] | None = None,
) -> go.Figure:
    """Return savings per member under each allocation rule, side by side (grouped bars).

    OFFICE VIEW ONLY: it shows members. ``allocations`` is the long frame of
    :func:`cluster_analysis.pool.allocation.allocate_all` (``member``, ``method``, ``savings``).
    """
    figure = go.Figure()
    order = (
        allocations.groupby("member", observed=True)["quantity"]
        .first()
        .sort_values(ascending=False)
        .index
    )
    labels = [str((member_labels or {}).get(m, m)) for m in order]
    for method, rows in allocations.groupby("method", observed=True, sort=False):
        savings = rows.set_index("member")["savings"].reindex(order)
        figure.add_bar(
            x=labels, y=savings.to_numpy(), name=METHOD_LABELS[str(method)].get(lang, method)
        )
    figure.update_layout(
        barmode="group",
        xaxis={"title": {"text": _label("member", lang)}},
        yaxis={"title": {"text": _label("savings", lang)}},
    )
    return figure
