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
from cluster_analysis.pool.views import TOTAL

LABELS: dict[str, dict[str, str]] = {
    "category": {"en": "Category", "ka": "კატეგორია"},
    "all_categories": {"en": "All categories", "ka": "ყველა კატეგორია"},
    "spend": {
        "en": "Pooled spend at members' last prices",
        "ka": "გაერთიანებული ხარჯი წევრების ბოლო ფასებით",
    },
    "spend_axis": {"en": "Spend, GEL", "ka": "ხარჯი, ლარი"},
    "cumulative": {"en": "Cumulative share of spend", "ka": "ხარჯის კუმულაციური წილი"},
    "cumulative_axis": {"en": "Cumulative share, %", "ka": "კუმულაციური წილი, %"},
    "quantity": {"en": "Quantity", "ka": "რაოდენობა"},
    "unit_price": {"en": "Price per unit, GEL", "ka": "ერთეულის ფასი, ლარი"},
    "tier_price": {
        "en": "Tier price (whole order, all-units)",
        "ka": "საფეხურის ფასი (მთელ შეკვეთაზე)",
    },
    "marginal_price": {
        "en": "Tier price of each extra unit (incremental)",
        "ka": "ყოველი დამატებითი ერთეულის საფეხურის ფასი",
    },
    "average_price": {"en": "Average price per unit", "ka": "საშუალო ფასი ერთეულზე"},
    "package_price": {
        "en": "Price per unit with full packages charged",
        "ka": "ერთეულის ფასი სრული პაკეტების ღირებულებით",
    },
    "breaks": {"en": "Tier breaks", "ka": "საფეხურების ზღვრები"},
    "package_breaks": {"en": "Full packages", "ka": "სრული პაკეტები"},
    "pooled": {"en": "Pooled volume", "ka": "გაერთიანებული მოცულობა"},
    "buy_up": {"en": "Buy up to the break", "ka": "ზღვრამდე შესყიდვა"},
    "next_break": {"en": "Next break", "ka": "შემდეგი ზღვარი"},
    "to_go": {"en": "{gap} more needed", "ka": "საჭიროა კიდევ {gap}"},
    "free_room": {"en": "Room left in the last package", "ka": "ბოლო პაკეტში დარჩენილი ადგილი"},
    "top_tier": {"en": "Top tier reached", "ka": "მიღწეულია უმაღლესი საფეხური"},
    "member": {"en": "Member", "ka": "წევრი"},
    "savings": {
        "en": "Savings against buying alone, GEL",
        "ka": "დანაზოგი ცალკე შესყიდვასთან შედარებით, ლარი",
    },
}

#: The shorter names of the sharing rules used in chart legends (tables use METHOD_LABELS).
SHORT_METHOD_LABELS: dict[str, dict[str, str]] = {
    "shapley": {"en": "Shapley value", "ka": "შეპლის მნიშვნელობა"},
    "proportional": {"en": "Proportional to volume", "ka": "მოცულობის პროპორციულად"},
    "equal_price": {"en": "Equal unit price", "ka": "ერთნაირი ერთეულის ფასი"},
    "equal_percentage": {"en": "Equal % saving", "ka": "ერთნაირი % დანაზოგი"},
    "serial": {"en": "Serial (Moulin-Shenker)", "ka": "სერიული (მულენ-შენკერი)"},
    "nucleolus": {"en": "Nucleolus", "ka": "ნუკლეოლუსი"},
}


def _label(key: str, lang: str) -> str:
    return LABELS[key].get(lang, LABELS[key]["en"])


def category_name(category: str, lang: str) -> str:
    """Return a category's name in ``lang`` (its code when undeclared)."""
    if category == TOTAL:
        return _label("all_categories", lang)
    return CATEGORY_LABELS.get(category, {}).get(lang, category)


#: Short unit names where a category is pooled in two units and its bars need telling apart.
SHORT_UNIT_LABELS: dict[str, dict[str, str]] = {
    "TKM": {"en": "t·km", "ka": "ტ·კმ"},
    "PALLET": {"en": "pallets", "ka": "პალეტები"},
    "TNE": {"en": "t", "ka": "ტ"},
    "KGM": {"en": "kg", "ka": "კგ"},
    "H87": {"en": "pieces", "ka": "ცალი"},
}


def unit_name(unit: str | None, lang: str) -> str:
    """Return a base unit's name in ``lang`` (its code when undeclared, "" for None)."""
    return UNIT_LABELS.get(unit or "", {}).get(lang, unit or "")


def format_quantity(value: float) -> str:
    """Return a quantity for a label: thousands separated, at most 3 significant decimals."""
    if abs(value) >= 100 or float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.3g}"


def pareto_chart(
    totals: pd.DataFrame, lang: str = "en", *, value_col: str = "spend_last_prices_gel"
) -> go.Figure:
    """Return a Pareto chart: pooled spend per category (bars, largest first) and the cumulative
    share (line, right axis, 0-100 %).

    ``totals`` is the donors' published table (:func:`cluster_analysis.pool.views.donors_view`):
    ``category``, ``base_unit`` and ``value_col``. Hidden (NA) cells and the all-categories row
    are left out, so the cumulative share is of the published total. A category pooled in two
    base units (road freight in tonne-km and in pallets) shows one bar per unit.
    """
    published = totals[totals["category"].astype(str) != TOTAL].dropna(subset=[value_col])
    spend = (
        published.groupby(["category", "base_unit"], observed=True)[value_col]
        .sum()
        .astype("float64")
        .sort_values(ascending=False)
    )
    repeated = spend.index.get_level_values("category").duplicated(keep=False)
    names = [
        category_name(c, lang)
        + (f", {SHORT_UNIT_LABELS.get(u, {}).get(lang) or unit_name(u, lang)}" if twice else "")
        for (c, u), twice in zip(spend.index, repeated, strict=True)
    ]
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
        yaxis={"title": {"text": _label("spend_axis", lang)}, "rangemode": "tozero"},
        yaxis2={
            "title": {"text": _label("cumulative_axis", lang)},
            "overlaying": "y",
            "side": "right",
            "range": [0, 105],
            "tickvals": [0, 20, 40, 60, 80, 100],
            "showgrid": False,
        },
    )
    return figure


def _step_trace(
    lower_bounds: np.ndarray, prices: np.ndarray, right_edge: float
) -> tuple[np.ndarray, np.ndarray]:
    """Return (x, y) of a step line: price ``prices[k]`` from ``lower_bounds[k]`` to the next."""
    x = np.repeat(np.append(lower_bounds, right_edge), 2)[1:-1]
    y = np.repeat(prices, 2)
    return x, y


def tier_ladder(
    schedule: TierSchedule | PackageSchedule,
    pooled_quantity: float,
    lang: str = "en",
    *,
    unit: str | None = None,
) -> go.Figure:
    """Return a tier ladder: the offer's unit prices against quantity, the pooled volume, and the
    next break with the volume still needed to reach it (docs/methods.md#bargaining-pool).

    * all-units: the step ladder of the tier price (the whole order pays it), with a marker on
      each break; the x axis is ticked at the break quantities;
    * incremental: the step ladder of each extra unit's tier price plus the average price paid;
    * package / truckload: the price per unit when full packages are charged (a saw tooth), with
      markers at full packages and the room left in the last one.

    ``pooled_quantity`` must be a published (unsuppressed) cell. Boundary rule: a quantity on a
    break pays the higher tier's price. Label text only; the export layer styles the figure.
    """
    q = float(pooled_quantity)
    unit_text = unit_name(unit, lang)
    with_unit = (lambda v: f"{format_quantity(v)} {unit_text}") if unit_text else format_quantity
    figure = go.Figure()
    tick_values: list[float] = []
    if isinstance(schedule, TierSchedule):
        breaks = [float(b) for b in schedule.breaks]
        top = max([q, *breaks]) * 1.2 or 1.0
        x, y = _step_trace(schedule.lower_bounds, schedule.unit_prices, top)
        step_name = "tier_price" if schedule.mode == "all_units" else "marginal_price"
        figure.add_scatter(x=x, y=y, mode="lines", name=_label(step_name, lang))
        if schedule.mode == "incremental":
            grid = np.unique(
                np.concatenate([np.linspace(top / 200, top, 200), breaks, [q] if q > 0 else []])
            )
            figure.add_scatter(
                x=grid,
                y=np.asarray(schedule.cost(grid), dtype=float) / grid,
                mode="lines",
                name=_label("average_price", lang),
            )
        if breaks:
            figure.add_scatter(
                x=breaks,
                y=schedule.unit_prices[1:],
                mode="markers",
                name=_label("breaks", lang),
            )
        tick_values = [0.0, *breaks]
        low, high = float(schedule.unit_prices.min()), float(schedule.unit_prices.max())
        spread = high - low or high * 0.1
        # room above the highest price for the labels; below the lowest for the axis
        y_range = [low - 0.3 * spread, high + 0.6 * spread]
        next_break = schedule.next_break(q) if q > 0 else None
    else:
        capacity = schedule.capacity
        top = max(q, capacity) * 1.4
        full = [capacity * k for k in range(1, int(top // capacity) + 1)]
        grid = np.unique(np.concatenate([np.linspace(top / 400, top, 400), full]))
        grid = grid[grid >= capacity * 0.25]
        figure.add_scatter(
            x=grid,
            y=np.asarray(schedule.cost(grid), dtype=float) / grid,
            mode="lines",
            name=_label("package_price", lang),
        )
        per_unit = schedule.package_price / capacity
        figure.add_scatter(
            x=full, y=[per_unit] * len(full), mode="markers", name=_label("package_breaks", lang)
        )
        tick_values = [0.0, *full]
        y_range = [0.0, per_unit * 5.0]
        next_break = schedule.next_break(q) if q > 0 else None
    y_low, y_high = y_range
    if q > 0:
        figure.add_scatter(x=[q, q], y=[y_low, y_high], mode="lines", name=_label("pooled", lang))
        if isinstance(schedule, TierSchedule):
            option = schedule.buy_up_option(q)
            if option.worthwhile:
                figure.add_scatter(
                    x=[option.order_quantity],
                    y=[option.order_cost / option.order_quantity],
                    mode="markers",
                    name=_label("buy_up", lang),
                )
        # The labels sit in the band above the highest price, beside the pooled-volume line on
        # the side with more room, so they are never clipped at the plot's edges.
        lines = [f"{_label('pooled', lang)}: {with_unit(q)}"]
        if next_break is None:
            lines.append(_label("top_tier", lang))
        elif isinstance(schedule, PackageSchedule):
            lines.append(f"{_label('free_room', lang)}: {with_unit(next_break - q)}")
        else:
            lines.append(f"{_label('next_break', lang)}: {with_unit(next_break)}")
            lines.append(_label("to_go", lang).format(gap=with_unit(next_break - q)))
        left_side = q > top / 2
        figure.add_annotation(
            x=q,
            y=y_high,
            text="<br>".join(lines),
            showarrow=False,
            xanchor="right" if left_side else "left",
            yanchor="top",
            align="right" if left_side else "left",
            xshift=-6 if left_side else 6,
        )
        if next_break is not None and next_break > q:
            # the distance to the next break as an arrow from the pooled volume to the break
            arrow_y = y_high - 0.2 * (y_high - y_low)
            figure.add_annotation(
                x=next_break,
                y=arrow_y,
                ax=q,
                ay=arrow_y,
                axref="x",
                ayref="y",
                text="",
                showarrow=True,
                arrowhead=2,
            )
    figure.update_layout(
        xaxis={
            "title": {"text": _label("quantity", lang) + (f", {unit_text}" if unit_text else "")},
            "range": [0, top],
            "tickvals": tick_values,
            "ticktext": [format_quantity(v) for v in tick_values],
        },
        yaxis={"title": {"text": _label("unit_price", lang)}, "range": y_range},
    )
    return figure


_RULE_SYMBOLS = (
    "circle",
    "square-open",
    "diamond-open",
    "x-thin-open",
    "triangle-up-open",
    "cross-thin-open",
)


def allocation_comparison(
    allocations: pd.DataFrame,
    lang: str = "en",
    *,
    member_labels: Mapping[str, str] | None = None,
) -> go.Figure:
    """Return savings per member under each allocation rule, side by side (one row per member,
    largest member on top, one marker per rule).

    OFFICE VIEW ONLY: it shows member ids. ``allocations`` is the long frame of
    :func:`cluster_analysis.pool.allocation.allocate_all` (``member``, ``method``, ``quantity``,
    ``savings``) for one cell.
    """
    figure = go.Figure()
    order = (
        allocations.groupby("member", observed=True)["quantity"]
        .first()
        .sort_values(ascending=True, kind="stable")
        .index
    )
    labels = [str((member_labels or {}).get(m, m)) for m in order]
    for position, (method, rows) in enumerate(
        allocations.groupby("method", observed=True, sort=False)
    ):
        savings = rows.set_index("member")["savings"].reindex(order)
        name = SHORT_METHOD_LABELS.get(str(method), METHOD_LABELS.get(str(method), {}))
        figure.add_scatter(
            x=savings.to_numpy(),
            y=labels,
            mode="markers",
            name=name.get(lang) or name.get("en") or str(method),
            # a distinct open symbol per rule, so rules that give the same share stay visible
            marker={"symbol": _RULE_SYMBOLS[position % len(_RULE_SYMBOLS)], "size": 10},
        )
    figure.update_layout(
        height=max(600, 220 + 24 * len(labels)),
        xaxis={"title": {"text": _label("savings", lang)}},
        yaxis={"title": {"text": _label("member", lang)}, "type": "category"},
    )
    return figure
