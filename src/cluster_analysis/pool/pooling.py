"""Pooled volume, pooled cost and savings per category and period (docs/methods.md#bargaining-pool).

Input is standardised demand (:func:`cluster_analysis.pool.demand.standardise_demand`): one row
per submission with ``quantity_base`` in the category's base unit and ``last_price_gel`` per base
unit. A pool cell is (category, base unit, period): units with different base units are separate
cells, never summed.

Declared choices:

* Commitment probabilities (:data:`COMMITMENT_PROBABILITIES`): firm 0.95, conditional 0.7,
  indicative 0.4 - the chance a submitted quantity is really bought; expected pooled volume is
  ``sum_i q_i P(level_i)`` (docs/methods.md#bargaining-pool). Configurable per call.
* Savings are *projected* (from submissions and offers), never realised. Against the schedule
  (``savings_schedule = sum_i C(q_i) - C(Q)``) they are cost avoidance relative to buying alone
  from the same vendor; against members' last prices (``savings_last_price = sum_i p'_i q_i -
  C(Q)``) they are a cost reduction relative to what members paid. A member without a last price
  counts at its stand-alone cost on the same schedule, so it adds no savings of its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import pandera.pandas as pa

from cluster_analysis.errors import InputError
from cluster_analysis.pool.demand import COMMITMENT_LEVELS, RateTable
from cluster_analysis.pool.tiers import PackageSchedule, TierSchedule

#: P(a submitted quantity is bought | commitment level) - a declared **choice**.
COMMITMENT_PROBABILITIES: dict[str, float] = {"firm": 0.95, "conditional": 0.7, "indicative": 0.4}

CELL_KEYS: list[str] = ["category", "base_unit", "period"]
MEMBER_KEYS: list[str] = [*CELL_KEYS, "member_id"]

PRICING_MODES = ("all_units", "incremental", "package")

OFFER_CHECK_MESSAGES: dict[str, dict[str, str]] = {
    "pricing_known": {
        "en": "pricing '{value}' must be all_units, incremental or package",
        "ka": "ფასწარმოქმნა '{value}' უნდა იყოს all_units, incremental ან package",
    },
    "offer_price_present": {
        "en": "a tier needs min_quantity and unit_price; a package needs package_capacity and package_price",
        "ka": "საფეხურს სჭირდება min_quantity და unit_price; პაკეტს - package_capacity და package_price",
    },
    "offer_currency_known": {
        "en": "currency '{value}' has no declared exchange rate to GEL",
        "ka": "ვალუტას '{value}' ლარში გადასაყვანი კურსი არ აქვს",
    },
    "offer_number_not_negative": {
        "en": "{value} in '{column}' must not be negative",
        "ka": "{value} ('{column}') არ შეიძლება იყოს უარყოფითი",
    },
}


def offers_schema(rates: RateTable) -> pa.DataFrameSchema:
    """Return the pandera schema of ``vendor_offers.csv`` (one row per tier or package)."""
    currencies = sorted(rates.gel_per_unit)
    non_negative = pa.Check(lambda s: s >= 0, name="offer_number_not_negative")

    def price_present(frame: pd.DataFrame) -> pd.Series:
        package = frame["pricing"] == "package"
        tier_ok = frame["min_quantity"].notna() & frame["unit_price"].notna()
        package_ok = frame["package_capacity"].notna() & frame["package_price"].notna()
        return pd.Series(np.where(package, package_ok, tier_ok), index=frame.index)

    return pa.DataFrameSchema(
        {
            "vendor": pa.Column(str),
            "category": pa.Column(str),
            "unit": pa.Column(str),
            "pricing": pa.Column(
                str, pa.Check(lambda s: s.isin(list(PRICING_MODES)), name="pricing_known")
            ),
            "min_quantity": pa.Column("Float64", non_negative, nullable=True),
            "unit_price": pa.Column("Float64", non_negative, nullable=True),
            "package_capacity": pa.Column("Float64", non_negative, nullable=True),
            "package_price": pa.Column("Float64", non_negative, nullable=True),
            "currency": pa.Column(
                str, pa.Check(lambda s: s.isin(currencies), name="offer_currency_known")
            ),
        },
        checks=[pa.Check(price_present, name="offer_price_present")],
        coerce=True,
    )


def schedules_from_offers(
    offers: pd.DataFrame, rates: RateTable, *, source: str = "vendor_offers.csv"
) -> dict[tuple[str, str, str], TierSchedule | PackageSchedule]:
    """Build one schedule in GEL per (vendor, category, unit) from validated offer rows.

    Tier rows of one offer give ``min_quantity`` (0 for the first tier) and ``unit_price``; a
    package offer is one row with ``package_capacity`` and ``package_price``. Raises
    :class:`InputError` for an offer whose tiers do not start at 0, repeat a bound, or raise the
    price with quantity.
    """
    schedules: dict[tuple[str, str, str], TierSchedule | PackageSchedule] = {}
    for (vendor, category, unit), rows in offers.groupby(
        ["vendor", "category", "unit"], sort=True, observed=True
    ):
        modes = set(rows["pricing"])
        where = f"offer of {vendor} for {category} in {unit}"
        if len(modes) != 1:
            raise InputError(f"{where} mixes pricing modes {sorted(modes)}", path=source)
        currencies = set(rows["currency"])
        if len(currencies) != 1:
            raise InputError(f"{where} mixes currencies", path=source)
        rate = float(rates.gel_per_unit[currencies.pop()])
        mode = modes.pop()
        try:
            if mode == "package":
                if len(rows) != 1:
                    raise ValueError("a package offer has exactly one row")
                row = rows.iloc[0]
                schedule: TierSchedule | PackageSchedule = PackageSchedule(
                    float(row["package_capacity"]),
                    float(row["package_price"]) * rate,
                    label="truckload" if unit == "PALLET" else "package",
                )
            else:
                ordered = rows.sort_values("min_quantity")
                bounds = ordered["min_quantity"].astype(float).tolist()
                if bounds[0] != 0:
                    raise ValueError("the first tier must start at 0")
                schedule = TierSchedule(
                    bounds[1:], (ordered["unit_price"].astype(float) * rate).tolist(), mode
                )
        except ValueError as error:
            raise InputError(f"{where}: {error}", path=source) from error
        schedules[(str(vendor), str(category), str(unit))] = schedule
    return schedules


def member_demand(
    demand: pd.DataFrame, probabilities: Mapping[str, float] | None = None
) -> pd.DataFrame:
    """Return demand per member and pool cell (category, base unit, period).

    Columns: the keys, ``quantity`` (base unit), ``expected_quantity`` (quantity x commitment
    probability), one ``quantity_<level>`` per commitment level, ``last_price_cost`` (what the
    priced part cost at last prices, GEL) and ``priced_quantity`` (the part with a last price).
    """
    probs = dict(COMMITMENT_PROBABILITIES if probabilities is None else probabilities)
    missing = set(COMMITMENT_LEVELS) - set(probs)
    if missing:
        raise ValueError(f"commitment probabilities lack {sorted(missing)}")
    work = demand.copy()
    work["quantity"] = work["quantity_base"].astype("float64")
    work["expected_quantity"] = work["quantity"] * work["commitment"].map(probs).astype("float64")
    for level in COMMITMENT_LEVELS:
        work[f"quantity_{level}"] = np.where(work["commitment"] == level, work["quantity"], 0.0)
    price = work["last_price_gel"].astype("float64")
    work["last_price_cost"] = (price * work["quantity"]).fillna(0.0)
    work["priced_quantity"] = np.where(price.notna(), work["quantity"], 0.0)
    value_columns = [
        "quantity",
        "expected_quantity",
        *(f"quantity_{level}" for level in COMMITMENT_LEVELS),
        "last_price_cost",
        "priced_quantity",
    ]
    grouped = work.groupby(MEMBER_KEYS, observed=True, sort=True)[value_columns].sum()
    return grouped.reset_index()


def pooled_volume(members: pd.DataFrame) -> pd.DataFrame:
    """Return pooled volume per cell: members buying, quantity by commitment level, expected
    quantity, spend at last prices, and the largest member's share of the quantity (for the
    disclosure rules). Input: :func:`member_demand`."""
    value_columns = [
        c
        for c in members.columns
        if c.startswith("quantity")
        or c in ("expected_quantity", "last_price_cost", "priced_quantity")
    ]
    grouped = members.groupby(CELL_KEYS, observed=True, sort=True)
    pooled = grouped[value_columns].sum()
    pooled.insert(0, "members", grouped["member_id"].nunique())
    pooled["largest_member_share"] = grouped["quantity"].max() / pooled["quantity"]
    pooled = pooled.rename(columns={"last_price_cost": "spend_last_prices_gel"})
    return pooled.reset_index()


def _costs(schedule: Any, quantities: np.ndarray, buy_up: bool) -> np.ndarray:
    values = np.asarray(quantities, dtype=float)
    costs = np.asarray(schedule.cost(values, buy_up=buy_up), dtype=float)
    return np.where(values > 0, costs, 0.0)


def pooled_costs(
    members: pd.DataFrame,
    schedules: Mapping[tuple[str, str, str], Any],
    *,
    quantity: str = "quantity",
    buy_up: bool = False,
) -> pd.DataFrame:
    """Return stand-alone versus pooled cost per cell and vendor, with savings.

    For every cell (category, base unit, period) and every vendor offering that category in that
    unit: ``standalone_cost = sum_i C(q_i)``, ``pooled_cost = C(Q)``, ``savings_schedule`` (their
    difference), ``last_price_cost = sum_i p'_i q_i`` (stand-alone cost where a member gave no
    price) and ``savings_last_price = last_price_cost - C(Q)`` (docs/methods.md#bargaining-pool), the
    next break above Q and the distance to it, the buy-up option for all-units offers, and
    ``best_vendor`` (lowest pooled cost in the cell). ``quantity`` picks the member column to pool
    (``quantity``, ``expected_quantity`` or ``quantity_firm``). All figures are projections.
    """
    rows = []
    for (category, base_unit, period), cell in members.groupby(CELL_KEYS, observed=True, sort=True):
        q = cell[quantity].to_numpy(dtype=float)
        pooled_q = float(q.sum())
        priced = cell["priced_quantity"].to_numpy(dtype=float)
        for (vendor, offer_category, offer_unit), schedule in sorted(
            schedules.items(), key=lambda item: item[0]
        ):
            if (offer_category, offer_unit) != (category, base_unit):
                continue
            standalone = _costs(schedule, q, buy_up)
            pooled_cost = float(_costs(schedule, np.array([pooled_q]), buy_up)[0])
            # Members without a last price count at their stand-alone cost (no savings claimed).
            last_price_cost = float(
                np.sum(np.where(priced > 0, cell["last_price_cost"].to_numpy(float), standalone))
            )
            next_break = schedule.next_break(pooled_q)
            row = {
                "category": category,
                "base_unit": base_unit,
                "period": period,
                "vendor": vendor,
                "pricing": getattr(schedule, "mode", "package"),
                "members": int(cell["member_id"].nunique()),
                "pooled_quantity": pooled_q,
                "standalone_cost": float(standalone.sum()),
                "pooled_cost": pooled_cost,
                "savings_schedule": float(standalone.sum()) - pooled_cost,
                "last_price_cost": last_price_cost,
                "savings_last_price": last_price_cost - pooled_cost,
                "next_break": np.nan if next_break is None else float(next_break),
                "distance_to_next_break": np.nan
                if next_break is None
                else float(next_break) - pooled_q,
                "buy_up_quantity": np.nan,
                "buy_up_cost": np.nan,
            }
            if isinstance(schedule, TierSchedule) and schedule.mode == "all_units":
                option = schedule.buy_up_option(pooled_q)
                if option.worthwhile:
                    row["buy_up_quantity"] = option.order_quantity
                    row["buy_up_cost"] = option.order_cost
            rows.append(row)
    table = pd.DataFrame(rows)
    if table.empty:
        return table
    standalone = table["standalone_cost"].replace(0, np.nan)
    table["savings_schedule_pct"] = 100 * table["savings_schedule"] / standalone
    table["savings_last_price_pct"] = (
        100 * table["savings_last_price"] / table["last_price_cost"].replace(0, np.nan)
    )
    best = table.groupby(CELL_KEYS, observed=True)["pooled_cost"].transform("min")
    table["best_vendor"] = table["pooled_cost"] == best
    return table


def rank_categories(
    pooled: pd.DataFrame, costs: pd.DataFrame, members: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Rank (category, base unit) pools by how worth pooling they look.

    Per pool, over all periods: ``members`` buying (distinct when ``members`` - the
    :func:`member_demand` table - is given), ``spend_last_prices_gel``,
    ``best_savings_gel`` (best vendor's savings against last prices, summed over periods) and
    ``relative_distance_to_break`` (median over periods of the best vendor's distance to its next
    break as a share of the pooled quantity; 0 in a top tier). The ``score`` is the mean of the
    percentile ranks of members, spend, savings and closeness to a break (a declared screening
    heuristic, not a decision); ``rank`` 1 is the most promising.
    """
    per_pool = pooled.groupby(["category", "base_unit"], observed=True).agg(
        periods=("period", "nunique"),
        spend_last_prices_gel=("spend_last_prices_gel", "sum"),
        pooled_quantity=("quantity", "sum"),
    )
    if members is not None:  # distinct members over all periods
        per_pool["members"] = members.groupby(["category", "base_unit"], observed=True)[
            "member_id"
        ].nunique()
    else:  # without the member table: the largest cell's count (a lower bound)
        per_pool["members"] = pooled.groupby(["category", "base_unit"], observed=True)[
            "members"
        ].max()
    if not costs.empty:
        best = costs[costs["best_vendor"]].copy()
        best["relative_distance"] = (
            best["distance_to_next_break"] / best["pooled_quantity"]
        ).fillna(0)
        by_pool = best.groupby(["category", "base_unit"], observed=True)
        per_pool["best_savings_gel"] = by_pool["savings_last_price"].sum()
        per_pool["relative_distance_to_break"] = by_pool["relative_distance"].median()
    else:
        per_pool["best_savings_gel"] = np.nan
        per_pool["relative_distance_to_break"] = np.nan
    ranks = pd.concat(
        [
            per_pool["members"].rank(pct=True),
            per_pool["spend_last_prices_gel"].rank(pct=True),
            per_pool["best_savings_gel"].rank(pct=True),
            (-per_pool["relative_distance_to_break"]).rank(pct=True),
        ],
        axis=1,
    )
    per_pool["score"] = ranks.mean(axis=1, skipna=True)
    per_pool["rank"] = per_pool["score"].rank(ascending=False, method="min").astype(int)
    return per_pool.sort_values(
        ["rank", "spend_last_prices_gel"], ascending=[True, False]
    ).reset_index()


def market_share_screen(
    pooled: pd.DataFrame,
    market_size_gel: Mapping[str, float] | None,
    *,
    threshold: float = 0.15,
) -> pd.DataFrame:
    """Return the pool's purchasing-market share per category and a flag above ``threshold``.

    EU Horizontal Guidelines 2023 (docs/methods.md#bargaining-pool): joint purchasing is unlikely to raise
    concerns at a combined share of at most 15 % of the purchasing market - an indication, not a
    safe harbour. ``market_size_gel`` maps category to the market's annual purchases in GEL;
    without it the screen cannot be run and the frame says so (``share`` missing).
    """
    spend = pooled.groupby("category", observed=True)["spend_last_prices_gel"].sum()
    table = spend.rename("pool_spend_gel").reset_index()
    sizes = dict(market_size_gel or {})
    table["market_size_gel"] = table["category"].map(lambda c: sizes.get(c, np.nan)).astype(float)
    table["share"] = table["pool_spend_gel"] / table["market_size_gel"]
    table["above_threshold"] = (table["share"] > threshold).astype("boolean")
    table.loc[table["share"].isna(), "above_threshold"] = pd.NA
    table["threshold"] = threshold
    return table
