"""The pool's figures, chosen by the specs in ``pool/metadata.yaml`` (``figures:``).

Each spec names a ``kind``; :data:`BUILDERS` maps the kind to a function that returns the
:class:`~cluster_analysis.outputs.FigureOutput` (or None when the data has nothing to draw).
The notebooks call :func:`pool_figures` too, so a notebook chart has the same title, subtitle,
n and footnotes as the exported one. Never a member-level number outside the office's figure.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import pandas as pd

from cluster_analysis import metadata
from cluster_analysis.metadata import FigureSpec
from cluster_analysis.outputs import FigureOutput, Meta, Text, text
from cluster_analysis.pool import charts
from cluster_analysis.pool.tables import Schedules, Views
from cluster_analysis.pool.views import DONORS_TOTALS, MEMBERS_SAVINGS, TOTAL

DOMAIN = "pool"

PRICING_WORDS: dict[str, tuple[str, str]] = {
    "all_units": ("all-units prices", "ფასი მთელ შეკვეთაზე"),
    "incremental": ("incremental prices", "საფეხურებრივი ფასი"),
}
PACKAGE_WORDS = ("package price", "პაკეტის ფასი")


@dataclass(frozen=True)
class FigureData:
    """The tables the pool's figures draw."""

    views: Views
    pool_ranking: pd.DataFrame
    schedules: Schedules
    pool_allocations: pd.DataFrame
    synthetic: bool


def members_n(frame: pd.DataFrame) -> str | None:
    """Return the base of a shared table: members in the all-categories total if published."""
    if "members" not in frame.columns or "category" not in frame.columns:
        return None
    total = frame[(frame["category"].astype(str) == TOTAL) & ~frame["suppressed"]]
    return str(int(total["members"].iloc[0])) if len(total) else None


def ladder_cells(savings: pd.DataFrame, pool_ranking: pd.DataFrame) -> list[pd.Series]:
    """Return the cells the tier ladders show: the latest published cell of the top-ranked pool,
    and, when its best offer is not all-units, also the next pool whose best offer is."""
    published = savings[~savings["suppressed"]]
    chosen: list[pd.Series] = []
    for pool in pool_ranking.itertuples(index=False):
        cells = published[
            (published["category"] == pool.category) & (published["base_unit"] == pool.base_unit)
        ]
        if cells.empty:
            continue
        cell = cells.sort_values("period").iloc[-1]
        if not chosen or (cell["pricing"] == "all_units" and chosen[0]["pricing"] != "all_units"):
            chosen.append(cell)
        if chosen[0]["pricing"] == "all_units" or len(chosen) == 2:
            break
    return chosen


def _text_param(spec: FigureSpec, key: str) -> Text | None:
    value = spec.params.get(key)
    return {"en": str(value["en"]), "ka": str(value["ka"])} if value else None


def _meta(
    spec: FigureSpec,
    synthetic: bool,
    *,
    title: Text | None = None,
    period: str | None = None,
    n: str | int | None = None,
    note: Text | None = None,
) -> Meta:
    return Meta(
        title=title or spec.title,
        unit=_text_param(spec, "unit"),
        period=period,
        source=metadata.domain_source(DOMAIN),
        n=n,
        note=note or _text_param(spec, "note"),
        synthetic=synthetic,
    )


def _cell_title(spec: FigureSpec, cell: pd.Series) -> Text:
    """Fill the spec's title with the cell's category, pricing and period in each language."""
    en_pricing, ka_pricing = PRICING_WORDS.get(str(cell["pricing"]), PACKAGE_WORDS)
    return {
        "en": spec.title["en"].format(
            category=charts.category_name(cell["category"], "en"),
            pricing=en_pricing,
            period=cell["period"],
        ),
        "ka": spec.title["ka"].format(
            category=charts.category_name(cell["category"], "ka"),
            pricing=ka_pricing,
            period=cell["period"],
        ),
    }


def pareto(spec: FigureSpec, data: FigureData) -> FigureOutput | None:
    """Pareto of pooled spend by category, on the donors' lagged totals."""
    return pareto_figure(spec, data.views.donors.tables[DONORS_TOTALS], synthetic=data.synthetic)


def pareto_figure(spec: FigureSpec, totals: pd.DataFrame, *, synthetic: bool) -> FigureOutput:
    """Pareto of pooled spend by category on the donors' category totals (``totals``: the
    published ``published_category_totals`` table); notebooks call this on the processed table."""
    hidden = int(totals[totals["category"] != TOTAL]["suppressed"].sum())
    note = (
        text(
            f"{hidden} categories hidden by the disclosure rules are left out",
            f"გამჟღავნების წესებით დამალული {hidden} კატეგორია არ არის ნაჩვენები",
        )
        if hidden
        else None
    )
    return FigureOutput(
        name=spec.name,
        build=partial(charts.pareto_chart, totals),
        meta=_meta(
            spec,
            synthetic,
            period=str(totals["periods"].iloc[0]) if len(totals) else None,
            n=members_n(totals),
            note=note,
        ),
        audience=spec.audience,
        caption=_text_param(spec, "caption"),
    )


def _chosen_cell(spec: FigureSpec, data: FigureData) -> pd.Series | None:
    savings = data.views.members.tables.get(MEMBERS_SAVINGS)
    if savings is None or not len(data.pool_ranking):
        return None
    chosen = ladder_cells(savings, data.pool_ranking)
    position = 1 if spec.params.get("pricing") == "all_units" else 0
    return chosen[position] if len(chosen) > position else None


def tier_ladder(spec: FigureSpec, data: FigureData) -> FigureOutput | None:
    """The best offer's price ladder with the pooled quantity marked, on a published cell."""
    cell = _chosen_cell(spec, data)
    if cell is None:
        return None
    return tier_ladder_figure(spec, cell, data.schedules, synthetic=data.synthetic)


def tier_ladder_figure(
    spec: FigureSpec, cell: pd.Series, schedules: Schedules, *, synthetic: bool
) -> FigureOutput:
    """The ladder of one cell's offer (``cell``: a row with vendor, category, base_unit, pricing,
    period and pooled_quantity, e.g. of ``pooled_costs``); notebooks call this for any cell."""
    schedule = schedules[(cell["vendor"], cell["category"], cell["base_unit"])]
    return FigureOutput(
        name=spec.name,
        build=partial(
            charts.tier_ladder, schedule, float(cell["pooled_quantity"]), unit=cell["base_unit"]
        ),
        meta=_meta(spec, synthetic, title=_cell_title(spec, cell), period=str(cell["period"])),
        audience=spec.audience,
        caption=_text_param(spec, "caption"),
    )


def allocation_rules(spec: FigureSpec, data: FigureData) -> FigureOutput | None:
    """Savings per member under each sharing rule for the first ladder's cell (office only: it
    names members)."""
    ladder = metadata.figure_spec(DOMAIN, "pool_tier_ladder")
    cell = _chosen_cell(ladder, data)
    if cell is None or not len(data.pool_allocations):
        return None
    return allocation_rules_figure(spec, cell, data.pool_allocations, synthetic=data.synthetic)


def allocation_rules_figure(
    spec: FigureSpec, cell: pd.Series, pool_allocations: pd.DataFrame, *, synthetic: bool
) -> FigureOutput:
    """Every sharing rule side by side for one cell (category, base unit, period) of
    ``pool_allocations``; notebooks call this for any cell."""
    rows = pool_allocations[
        (pool_allocations["category"] == cell["category"])
        & (pool_allocations["base_unit"] == cell["base_unit"])
        & (pool_allocations["period"].astype(str) == str(cell["period"]))
    ]
    return FigureOutput(
        name=spec.name,
        build=partial(charts.allocation_comparison, rows),
        meta=_meta(
            spec,
            synthetic,
            title=_cell_title(spec, cell),
            period=str(cell["period"]),
            n=int(rows["member"].nunique()),
        ),
        audience=spec.audience,
        caption=_text_param(spec, "caption"),
    )


#: Figure kind (``kind:`` in metadata.yaml) -> builder.
BUILDERS: dict[str, Callable[[FigureSpec, FigureData], FigureOutput | None]] = {
    "pareto": pareto,
    "tier_ladder": tier_ladder,
    "allocation_rules": allocation_rules,
}


def pool_figures(data: FigureData) -> list[FigureOutput]:
    """Return every declared figure the data can draw, in the order of the declarations."""
    figures = []
    for spec in metadata.figure_specs(DOMAIN):
        if spec.kind not in BUILDERS:
            raise KeyError(f"pool/metadata.yaml: figure {spec.name} has unknown kind {spec.kind}")
        figure = BUILDERS[spec.kind](spec, data)
        if figure is not None:
            figures.append(figure)
    return figures
