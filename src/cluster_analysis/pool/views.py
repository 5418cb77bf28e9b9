"""Who sees what of the pool: office, members, vendors and donors views (methods.md sections 3, 6).

Forward-looking member volumes and prices are competitively sensitive (EU Horizontal Guidelines
2023). The cluster office holds member-level data; members and vendors only see pooled cells that
pass the disclosure rules; donors see lagged category totals. Rules (declared **choices**):

* a pooled cell with fewer than ``min_members`` (5) members is suppressed (threshold rule);
* a cell where one member holds more than ``max_share`` (25 %) of the quantity is suppressed
  (dominance rule (1, 25 %));
* secondary suppression: within every additive group whose total is published or can be formed
  (a category's periods; the donors' lag window; all categories' GEL totals), a group with
  exactly one hidden cell also hides its smallest published cell, so nothing is recovered by
  subtraction; repeated until stable;
* every suppression is logged (table, cell, rule, count).

The rules are applied by the self-contained :func:`_pool_cell_rules`; the lead may switch it to
:mod:`cluster_analysis.disclosure` later. Views never carry a member id.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from cluster_analysis.pool.pooling import CELL_KEYS

LOG_COLUMNS: list[str] = ["table", "cell", "rule", "count", "detail"]

#: Bilingual description of the pool's suppression rule, for table footnotes.
SUPPRESSION_RULE_TEXT: dict[str, str] = {
    "en": "Hidden (–): fewer than 5 members, one member above 25 % of the cell, or needed to "
    "protect such a cell from subtraction.",
    "ka": "დამალულია (–): 5-ზე ნაკლები წევრი, ერთი წევრის წილი 25 %-ზე მეტია, ან საჭიროა ასეთი "
    "უჯრის გამოკლებით აღდგენისგან დასაცავად.",
}


@dataclass
class PoolView:
    """One audience's tables plus the suppression log and, per table, the hidden cells."""

    audience: str
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    suppressed: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    log: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=LOG_COLUMNS))


def _cell_label(row: pd.Series, keys: Sequence[str]) -> str:
    return " | ".join(f"{k}={row[k]}" for k in keys)


def _pool_cell_rules(
    cells: pd.DataFrame,
    contributions: pd.DataFrame,
    *,
    table: str,
    keys: Sequence[str],
    value_cols: Sequence[str],
    size_col: str,
    member_col: str = "member_id",
    contribution_col: str = "quantity",
    min_members: int = 5,
    max_share: float = 0.25,
    groups: Sequence[Sequence[str]] = (),
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Apply the pool's disclosure rules to ``cells``; return (published frame, log).

    ``contributions`` holds one row per member and cell (``keys`` + ``member_col`` +
    ``contribution_col``). A cell is hidden when fewer than ``min_members`` members contribute
    a positive amount (rule ``threshold``) or the largest member holds more than ``max_share``
    of it (rule ``dominance``). ``groups`` lists key subsets defining additive groups (``[]`` is
    the whole table); a group with exactly one hidden cell also hides its smallest published
    cell by ``size_col`` (rule ``secondary``), repeated until stable (methods.md section 3).
    In the published frame every ``value_cols`` entry of a hidden cell is NA and a boolean
    ``suppressed`` column marks the cell. The log has :data:`LOG_COLUMNS`.
    """
    keys = list(keys)
    work = cells.reset_index(drop=True).copy()
    positive = contributions[contributions[contribution_col] > 0]
    per_member = positive.groupby([*keys, member_col], observed=True)[contribution_col].sum()
    per_cell = per_member.groupby(level=keys, observed=True)
    stats = pd.DataFrame(
        {
            "_count": per_cell.size(),
            "_share": per_cell.max() / per_cell.sum(),
        }
    ).reset_index()
    work = work.merge(stats, on=keys, how="left")
    work["_count"] = work["_count"].fillna(0).astype(int)
    work["_share"] = work["_share"].fillna(0.0)
    rule = pd.Series(pd.NA, index=work.index, dtype="string")
    rule[work["_share"] > max_share] = "dominance"
    rule[work["_count"] < min_members] = "threshold"
    log_rows = [
        {
            "table": table,
            "cell": _cell_label(work.loc[i], keys),
            "rule": rule[i],
            "count": int(work.at[i, "_count"]),
            "detail": f"{work.at[i, '_count']} members, largest share {work.at[i, '_share']:.0%}",
        }
        for i in work.index[rule.notna()]
    ]
    hidden = rule.notna().to_numpy().copy()
    size = work[size_col].astype("float64").fillna(0).to_numpy()
    changed = True
    while changed:
        changed = False
        for group in groups:
            grouping = [work[c] for c in group] if group else [pd.Series(0, index=work.index)]
            by = grouping[0] if len(grouping) == 1 else grouping
            for positions in work.groupby(by, observed=True, sort=True).indices.values():
                members_of_group = np.asarray(positions)
                if len(members_of_group) < 2 or hidden[members_of_group].sum() != 1:
                    continue
                candidates = members_of_group[~hidden[members_of_group]]
                pick = candidates[np.argsort(size[candidates], kind="stable")[0]]
                hidden[pick] = True
                changed = True
                log_rows.append(
                    {
                        "table": table,
                        "cell": _cell_label(work.loc[pick], keys),
                        "rule": "secondary",
                        "count": int(work.at[pick, "_count"]),
                        "detail": "protects a hidden cell in group "
                        + (", ".join(group) if group else "all cells"),
                    }
                )
    published = work.drop(columns=["_count", "_share"])
    for column in value_cols:
        published[column] = published[column].astype("float64").mask(hidden)
    published["suppressed"] = hidden
    return published, pd.DataFrame(log_rows, columns=LOG_COLUMNS)


def _suppressed_positions(frame: pd.DataFrame, value_cols: Sequence[str]) -> list[tuple[int, str]]:
    rows = np.flatnonzero(frame["suppressed"].to_numpy())
    return [(int(r), c) for r in rows for c in value_cols if c in frame.columns]


def office_view(tables: dict[str, pd.DataFrame]) -> PoolView:
    """Return the cluster office view: every table as is, member level included."""
    return PoolView("office", {name: frame.copy() for name, frame in tables.items()})


def _lag_window(periods: pd.Series, lag_periods: int) -> list[str]:
    ordered = sorted(set(periods.astype(str)))
    return ordered[: max(0, len(ordered) - lag_periods)] if lag_periods else ordered


def shared_cells(
    pooled: pd.DataFrame,
    members: pd.DataFrame,
    *,
    table: str = "pooled_volume",
    min_members: int = 5,
    max_share: float = 0.25,
    lag_periods: int = 1,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return pooled cells with the disclosure rules applied, for members and vendors, and the log.

    Secondary suppression protects each category's periods (members may add them up) and the
    donors' lag window (donors see its category totals), so no hidden cell can be worked out.
    """
    window = set(_lag_window(pooled["period"], lag_periods))
    cells = pooled.copy()
    cells["in_donor_window"] = cells["period"].astype(str).isin(window)
    value_cols = [
        c
        for c in cells.columns
        if c.startswith("quantity")
        or c
        in ("expected_quantity", "spend_last_prices_gel", "priced_quantity", "largest_member_share")
    ]
    return _pool_cell_rules(
        cells,
        members,
        table=table,
        keys=CELL_KEYS,
        value_cols=value_cols,
        size_col="quantity",
        min_members=min_members,
        max_share=max_share,
        groups=[["category", "base_unit"], ["category", "base_unit", "in_donor_window"]],
    )


def members_view(
    pooled: pd.DataFrame,
    costs: pd.DataFrame,
    members: pd.DataFrame,
    *,
    min_members: int = 5,
    max_share: float = 0.25,
    lag_periods: int = 1,
) -> PoolView:
    """Return the members' view: pooled volume and the best offer's projected savings per cell,
    hidden where the disclosure rules say so. No member id, no member's price."""
    published, log = shared_cells(
        pooled, members, min_members=min_members, max_share=max_share, lag_periods=lag_periods
    )
    volume_cols = [
        "quantity",
        "expected_quantity",
        "quantity_firm",
        "quantity_conditional",
        "quantity_indicative",
    ]
    volume = published[[*CELL_KEYS, "members", *volume_cols, "suppressed"]].copy()
    volume["members"] = volume["members"].astype("Int64").mask(volume["suppressed"])
    tables = {"pooled_volume": volume}
    suppressed = {"pooled_volume": _suppressed_positions(volume, ["members", *volume_cols])}
    if not costs.empty:
        best = costs[costs["best_vendor"]].drop_duplicates(CELL_KEYS)
        savings_cols = [
            "pooled_quantity",
            "pooled_cost",
            "savings_schedule_pct",
            "savings_last_price_pct",
            "distance_to_next_break",
        ]
        savings = best[[*CELL_KEYS, "vendor", "pricing", *savings_cols]].merge(
            published[[*CELL_KEYS, "suppressed"]], on=CELL_KEYS, how="left"
        )
        savings["suppressed"] = savings["suppressed"].fillna(True).astype(bool)
        for column in savings_cols:
            savings[column] = savings[column].astype("float64").mask(savings["suppressed"])
        savings = savings.reset_index(drop=True)
        tables["pooled_savings"] = savings
        suppressed["pooled_savings"] = _suppressed_positions(savings, savings_cols)
    return PoolView("members", tables, suppressed, log)


def vendors_view(
    pooled: pd.DataFrame,
    members: pd.DataFrame,
    *,
    min_members: int = 5,
    max_share: float = 0.25,
    lag_periods: int = 1,
) -> PoolView:
    """Return the vendors' view: pooled quantity and firm quantity per cell, hidden where the
    rules say so. No member id, no member's price, no savings."""
    published, log = shared_cells(
        pooled, members, min_members=min_members, max_share=max_share, lag_periods=lag_periods
    )
    cols = ["quantity", "quantity_firm", "expected_quantity"]
    volume = published[[*CELL_KEYS, *cols, "suppressed"]].copy().reset_index(drop=True)
    return PoolView(
        "vendors",
        {"pooled_volume_for_vendors": volume},
        {"pooled_volume_for_vendors": _suppressed_positions(volume, cols)},
        log.assign(table="pooled_volume_for_vendors"),
    )


def donors_view(
    pooled: pd.DataFrame,
    costs: pd.DataFrame,
    members: pd.DataFrame,
    *,
    min_members: int = 5,
    max_share: float = 0.25,
    lag_periods: int = 1,
) -> PoolView:
    """Return the donors' view: lagged category totals (all periods but the latest
    ``lag_periods``): members, spend at last prices and the best offers' projected savings, in GEL.
    Hidden by the same rules on the category total; secondary suppression across categories
    because GEL totals add up."""
    window = _lag_window(pooled["period"], lag_periods)
    in_window = members[members["period"].astype(str).isin(window)]
    keys = ["category", "base_unit"]
    totals = in_window.groupby(keys, observed=True).agg(
        members=("member_id", "nunique"),
        spend_last_prices_gel=("last_price_cost", "sum"),
    )
    if not costs.empty:
        best = costs[costs["best_vendor"] & costs["period"].astype(str).isin(window)]
        best = best.drop_duplicates(CELL_KEYS)
        totals["projected_savings_gel"] = best.groupby(keys, observed=True)[
            "savings_last_price"
        ].sum()
    else:
        totals["projected_savings_gel"] = np.nan
    totals = totals.reset_index()
    totals["periods"] = f"{window[0]}–{window[-1]}" if window else ""
    # Contributions on the category total: each member's quantity over the window.
    contributions = in_window.groupby([*keys, "member_id"], observed=True)["quantity"].sum()
    published, log = _pool_cell_rules(
        totals,
        contributions.reset_index(),
        table="category_totals",
        keys=keys,
        value_cols=["members", "spend_last_prices_gel", "projected_savings_gel"],
        size_col="spend_last_prices_gel",
        min_members=min_members,
        max_share=max_share,
        groups=[[]],
    )
    published["members"] = published["members"].astype("Int64")
    cols = ["members", "spend_last_prices_gel", "projected_savings_gel"]
    return PoolView(
        "donors",
        {"category_totals": published},
        {"category_totals": _suppressed_positions(published, cols)},
        log,
    )
