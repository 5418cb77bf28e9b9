"""The pool's processed tables: one pure function per table, named after the table it returns.

Parameters are named after the tables they take; nothing here reads or writes a file or changes
its inputs. The formulas (expected volume, stand-alone and pooled cost, savings, ranking, the
competition screen, cost sharing and the disclosure rules of the shared views) are in
docs/methods.md#bargaining-pool; the algorithms live in :mod:`~cluster_analysis.pool.pooling`,
:mod:`~cluster_analysis.pool.allocation` and :mod:`~cluster_analysis.pool.views`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from cluster_analysis.disclosure import combine_logs
from cluster_analysis.pool import pooling
from cluster_analysis.pool.allocation import MAX_NUCLEOLUS_PLAYERS, allocate_all
from cluster_analysis.pool.demand import RateTable, UnitTable, standardise_demand
from cluster_analysis.pool.pooling import CELL_KEYS, COMMITMENT_PROBABILITIES
from cluster_analysis.pool.tiers import PackageSchedule, Schedule, TierSchedule
from cluster_analysis.pool.views import (
    DONORS_TOTALS,
    MEMBERS_SAVINGS,
    MEMBERS_VOLUME,
    VENDORS_VOLUME,
    PoolView,
    donors_view,
    members_view,
    office_view,
    pool_rules,
    shared_cells,
    vendors_view,
)

#: Disclosure rules of the pool (docs/methods.md#disclosure-control): no member above 25 % of a cell.
MAX_MEMBER_SHARE = 0.25
#: Donors see category totals lagged by this many periods (the latest quarter is withheld).
DONOR_LAG_PERIODS = 1
#: Offers keyed (vendor, category, base unit).
Schedules = Mapping[tuple[str, str, str], Schedule]

SCHEDULE_COLUMNS: list[str] = [
    "vendor",
    "category",
    "base_unit",
    "pricing",
    "min_quantity",
    "unit_price_gel",
    "package_capacity",
    "package_price_gel",
]
ALLOCATION_METHODS: tuple[str, ...] = (
    "shapley",
    "proportional",
    "equal_price",
    "equal_percentage",
    "serial",
)

#: Processed copies of the shared views: published table -> processed table.
VIEW_PROCESSED_NAMES: dict[str, str] = {
    MEMBERS_VOLUME: "published_pooled_volume",
    MEMBERS_SAVINGS: "published_pooled_savings",
    VENDORS_VOLUME: "published_vendor_volume",
    DONORS_TOTALS: "published_category_totals",
}


def pool_demand(valid_demand: pd.DataFrame, units: UnitTable, rates: RateTable) -> pd.DataFrame:
    """Return the valid submissions converted to base units and GEL (``pool_demand``)."""
    return standardise_demand(valid_demand, units, rates)


def vendor_schedules(schedules: Schedules) -> pd.DataFrame:
    """Return the vendors' schedules in GEL as a table (``vendor_schedules``): one row per tier,
    or per package offer; :func:`schedules_from_table` reads it back."""
    rows: list[dict[str, object]] = []
    for (vendor, category, unit), schedule in sorted(schedules.items()):
        base = {"vendor": vendor, "category": category, "base_unit": unit}
        if isinstance(schedule, TierSchedule):
            for lower, price in zip(schedule.lower_bounds, schedule.unit_prices, strict=True):
                rows.append(
                    base
                    | {
                        "pricing": schedule.mode,
                        "min_quantity": float(lower),
                        "unit_price_gel": float(price),
                    }
                )
        else:
            rows.append(
                base
                | {
                    "pricing": "package",
                    "package_capacity": schedule.capacity,
                    "package_price_gel": schedule.package_price,
                }
            )
    return pd.DataFrame(rows).reindex(columns=SCHEDULE_COLUMNS)


def schedules_from_table(vendor_schedules: pd.DataFrame) -> dict[tuple[str, str, str], Schedule]:
    """Return the schedules of a ``vendor_schedules`` table, keyed (vendor, category, base unit)."""
    schedules: dict[tuple[str, str, str], Schedule] = {}
    for (vendor, category, unit), rows in vendor_schedules.groupby(
        ["vendor", "category", "base_unit"], sort=True, observed=True
    ):
        key = (str(vendor), str(category), str(unit))
        first = rows.iloc[0]
        if first["pricing"] == "package":
            schedules[key] = PackageSchedule(
                float(first["package_capacity"]),
                float(first["package_price_gel"]),
                label="truckload" if unit == "PALLET" else "package",
            )
            continue
        ordered = rows.sort_values("min_quantity")
        schedules[key] = TierSchedule(
            ordered["min_quantity"].astype(float).tolist()[1:],
            ordered["unit_price_gel"].astype(float).tolist(),
            first["pricing"],
        )
    return schedules


def member_demand(pool_demand: pd.DataFrame) -> pd.DataFrame:
    """Return demand per member and pool cell with the expected quantity under the declared
    commitment probabilities (office only)."""
    return pooling.member_demand(pool_demand, COMMITMENT_PROBABILITIES)


def pooled_volume(member_demand: pd.DataFrame) -> pd.DataFrame:
    """Return the pooled volume per cell (``pooled_volume``)."""
    return pooling.pooled_volume(member_demand)


def pooled_costs(member_demand: pd.DataFrame, schedules: Schedules) -> pd.DataFrame:
    """Return stand-alone versus pooled cost per cell and offer (``pooled_costs``)."""
    return pooling.pooled_costs(member_demand, schedules)


def pool_ranking(
    pooled_volume: pd.DataFrame, pooled_costs: pd.DataFrame, member_demand: pd.DataFrame
) -> pd.DataFrame:
    """Return the (category, base unit) pools ranked by how worth pooling they look."""
    return pooling.rank_categories(pooled_volume, pooled_costs, member_demand)


def market_share_screen(
    pooled_volume: pd.DataFrame, market_sizes: Mapping[str, float] | None
) -> pd.DataFrame:
    """Return the pool's purchasing-market share per category against the 15 % indication."""
    return pooling.market_share_screen(pooled_volume, market_sizes)


@dataclass(frozen=True)
class Allocations:
    """Every sharing rule for every cell (``pool_allocations``) and the cells where a rule could
    not be computed (one line each, for the run's warnings)."""

    table: pd.DataFrame
    skipped: list[str] = field(default_factory=list)


def pool_allocations(
    member_demand: pd.DataFrame, pooled_costs: pd.DataFrame, schedules: Schedules
) -> Allocations:
    """Return every allocation rule for every cell, on the best vendor's offer (office only)."""
    frames, skipped = [], []
    best = pooled_costs[pooled_costs["best_vendor"]].drop_duplicates(CELL_KEYS)
    for row in best.itertuples(index=False):
        cell = member_demand[
            (member_demand["category"] == row.category)
            & (member_demand["base_unit"] == row.base_unit)
            & (member_demand["period"] == row.period)
        ]
        demand = cell.set_index("member_id")["quantity"]
        schedule = schedules[(str(row.vendor), str(row.category), str(row.base_unit))]
        methods = list(ALLOCATION_METHODS)
        if len(demand) <= MAX_NUCLEOLUS_PLAYERS:
            methods.append("nucleolus")
        try:
            table = allocate_all(demand, schedule, tuple(methods))
        except ValueError as error:  # e.g. quantities too fine for the exact Shapley grid
            skipped.append(f"pool: {row.category} {row.period}: Shapley skipped ({error})")
            table = allocate_all(demand, schedule, tuple(m for m in methods if m != "shapley"))
        for key in CELL_KEYS:
            table.insert(0, key, getattr(row, key))
        table.insert(len(CELL_KEYS), "vendor", row.vendor)
        frames.append(table)
    return Allocations(pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(), skipped)


@dataclass(frozen=True)
class Views:
    """What each audience may see: the office's member-level tables and the three shared views."""

    office: PoolView
    members: PoolView
    vendors: PoolView
    donors: PoolView

    @property
    def shared(self) -> tuple[PoolView, PoolView, PoolView]:
        return (self.members, self.vendors, self.donors)


def pool_views(
    pooled_volume: pd.DataFrame,
    pooled_costs: pd.DataFrame,
    member_demand: pd.DataFrame,
    pool_ranking: pd.DataFrame,
    pool_allocations: pd.DataFrame,
    market_share_screen: pd.DataFrame,
    *,
    min_cell: int,
) -> Views:
    """Return the four audiences' views. The shared ones come from one combined table of every
    shared cell, so the members', vendors' and donors' tables stay consistent; the commitment
    parts are audited against the same probabilities as the expected quantity."""
    rules = pool_rules(min_cell, MAX_MEMBER_SHARE)
    shared = shared_cells(
        pooled_volume, member_demand, pooled_costs, rules=rules, lag_periods=DONOR_LAG_PERIODS
    )
    office = office_view(
        {
            "member_demand": member_demand,
            "pooled_costs": pooled_costs,
            "pool_allocations": pool_allocations,
            "pool_ranking": pool_ranking,
            "market_share_screen": market_share_screen,
        }
    )
    members = members_view(
        pooled_volume,
        pooled_costs,
        member_demand,
        shared=shared,
        probabilities=COMMITMENT_PROBABILITIES,
    )
    vendors = vendors_view(
        pooled_volume, member_demand, shared=shared, probabilities=COMMITMENT_PROBABILITIES
    )
    donors = donors_view(pooled_volume, pooled_costs, member_demand, shared=shared)
    return Views(office, members, vendors, donors)


def published_tables(views: Views) -> dict[str, pd.DataFrame]:
    """Return the processed copies of the shared views (``published_*``), for the notebooks."""
    return {
        VIEW_PROCESSED_NAMES[name]: frame
        for view in views.shared
        for name, frame in view.tables.items()
    }


def pool_suppression_log(views: Views) -> pd.DataFrame:
    """Return every cell the disclosure rules hid in a shared view, with the rule."""
    return combine_logs([view.log for view in views.shared])


def period_range(pooled_volume: pd.DataFrame) -> str:
    """Return the quarters covered, as ``first–last`` (empty without data)."""
    periods = sorted(pooled_volume["period"].astype(str).unique())
    return f"{periods[0]}–{periods[-1]}" if periods else ""
