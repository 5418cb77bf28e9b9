"""Who sees what of the pool: office, members, vendors and donors views (methods.md sections 3, 6).

Forward-looking member volumes and prices are competitively sensitive (EU Horizontal Guidelines
2023). The cluster office holds member-level data; members and vendors only see pooled cells that
pass the disclosure rules; donors see lagged category totals. The rules are the shared
:data:`cluster_analysis.disclosure.POOL_RULES` (declared **choices**), applied by
:func:`cluster_analysis.disclosure.suppress_table`:

* threshold: a cell with fewer than 5 members is hidden;
* dominance (1, 25 %): a cell where one member holds more than 25 % of the quantity is hidden
  (for the all-categories total, 25 % of the spend in GEL, because quantities in different units
  do not add up);
* secondary suppression, on one combined table of every published cell so that the three
  audiences' tables stay consistent: within each category, the periods of the donors' lag window
  add up to the category total the donors see; across categories, the category totals add up to
  the all-categories total. A set with exactly one hidden cell also hides its smallest other cell
  (by spend), repeated until stable, so no hidden cell is recovered by subtraction;
* commitment parts: the firm / conditional / indicative parts of a published period cell's
  quantity are cells of their own under the same rules (at least 5 members with a positive part,
  none above 25 % of it), see :func:`commitment_parts`. A reader knows quantity = firm +
  conditional + indicative and expected quantity = 0.95 firm + 0.7 conditional + 0.4 indicative
  (the declared probabilities), so a hidden part would follow from the others; the linear audit
  (:func:`cluster_analysis.disclosure.audit_complements`) hides the smallest other part (or the
  expected quantity) until no hidden part is determined. The quantity itself stays published, so
  the totals protected above are not touched. A row's ``suppressed`` flag is about the whole cell;
  hidden parts are listed per column in ``PoolView.suppressed``;
* every suppression is logged with :data:`cluster_analysis.disclosure.LOG_COLUMNS` (table, cell,
  column, rule, contributors, detail), once per published table that shows the cell (for a cell
  with hidden parts, ``column`` lists them and ``detail`` gives each one's reason).

Views never carry a member id, a member's quantity or a member's price.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from cluster_analysis.disclosure import (
    INTERVAL,
    LOG_COLUMNS,
    POOL_RULES,
    SECONDARY,
    SuppressionResult,
    SuppressionRules,
    audit_complements,
    combine_logs,
    interval_audit,
    interval_complements,
    linear_audit,
    suppress_table,
)
from cluster_analysis.outputs import Text
from cluster_analysis.pool.demand import COMMITMENT_LEVELS
from cluster_analysis.pool.pooling import CELL_KEYS, COMMITMENT_PROBABILITIES

#: Label of a total in the combined table (a period total, or the all-categories total).
TOTAL = "All"
#: Key column telling whether a period cell lies in the donors' lag window ("yes" / "no").
WINDOW_COL = "in_donor_window"
#: Key columns of the combined table of published cells.
SHARED_KEYS: list[str] = [*CELL_KEYS, WINDOW_COL]
#: Name of the combined table in the disclosure machinery (the log names published tables).
SHARED_TABLE = "pool_shared_cells"

#: Names of the published tables per audience (also their names in the suppression log).
MEMBERS_VOLUME = "pool_pooled_volume"
MEMBERS_SAVINGS = "pool_pooled_savings"
VENDORS_VOLUME = "pool_pooled_volume_for_vendors"
DONORS_TOTALS = "pool_category_totals"

VOLUME_COLUMNS: list[str] = [
    "quantity",
    "expected_quantity",
    "quantity_firm",
    "quantity_conditional",
    "quantity_indicative",
]
VENDOR_COLUMNS: list[str] = ["quantity", "quantity_firm", "expected_quantity"]
#: The commitment parts of a pooled volume: quantity = sum of the parts.
PART_COLUMNS: list[str] = [f"quantity_{level}" for level in COMMITMENT_LEVELS]
#: The row system of a published cell checked by the linear audit: the quantity (always published
#: with its cell), the parts, and the expected quantity.
_ROW_SYSTEM: list[str] = ["quantity", *PART_COLUMNS, "expected_quantity"]
SAVINGS_COLUMNS: list[str] = [
    "pooled_quantity",
    "pooled_cost",
    "savings_schedule_pct",
    "savings_last_price_pct",
    "distance_to_next_break",
]
DONOR_COLUMNS: list[str] = ["members", "spend_last_prices_gel", "projected_savings_gel"]
_VALUE_COLUMNS: list[str] = [
    "members",
    *VOLUME_COLUMNS,
    "priced_quantity",
    "spend_last_prices_gel",
    "projected_savings_gel",
]


def suppression_rule_text(rules: SuppressionRules = POOL_RULES) -> Text:
    """Return the bilingual footnote of the pool's suppression rules (for tables and notes)."""
    return rules.rule_text()


@dataclass
class PoolView:
    """One audience's tables, the hidden cells per table and the suppression log.

    Shared tables keep a boolean ``suppressed`` column (dropped before publishing) so charts and
    findings can select published cells; ``log`` has :data:`LOG_COLUMNS`.
    """

    audience: str
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    suppressed: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    log: pd.DataFrame = field(default_factory=lambda: combine_logs([]))
    rules: SuppressionRules = POOL_RULES


def office_view(tables: dict[str, pd.DataFrame]) -> PoolView:
    """Return the cluster office view: every table as is, member level included."""
    return PoolView("office", {name: frame.copy() for name, frame in tables.items()})


def lag_window(periods: pd.Series, lag_periods: int) -> list[str]:
    """Return the periods donors see: all but the latest ``lag_periods`` (sorted)."""
    ordered = sorted(set(periods.astype(str)))
    return ordered[: max(0, len(ordered) - lag_periods)] if lag_periods else ordered


def _best_savings(costs: pd.DataFrame | None) -> pd.DataFrame:
    """Return the best vendor's savings against last prices per cell (GEL)."""
    if costs is None or costs.empty:
        return pd.DataFrame(columns=[*CELL_KEYS, "projected_savings_gel"])
    best = costs[costs["best_vendor"]].drop_duplicates(CELL_KEYS)
    return best[[*CELL_KEYS, "savings_last_price"]].rename(
        columns={"savings_last_price": "projected_savings_gel"}
    )


def shared_cells(
    pooled: pd.DataFrame,
    members: pd.DataFrame,
    costs: pd.DataFrame | None = None,
    *,
    rules: SuppressionRules = POOL_RULES,
    lag_periods: int = 1,
) -> SuppressionResult:
    """Return every cell any shared audience sees, with the disclosure rules applied.

    One table (keys :data:`SHARED_KEYS`) holds the period cells (members, vendors), each
    category's total over the donors' lag window (``period == "All"``) and the all-categories
    total (``category == base_unit == period == "All"``, GEL columns only). Its additive sets are
    each category's window periods with their total, and the category totals with the
    all-categories total (methods.md sections 3 and 6). ``pooled`` comes from
    :func:`~cluster_analysis.pool.pooling.pooled_volume`, ``members`` from
    :func:`~cluster_analysis.pool.pooling.member_demand`, ``costs`` (optional) from
    :func:`~cluster_analysis.pool.pooling.pooled_costs`.
    """
    window = lag_window(pooled["period"], lag_periods)
    cells = pooled.drop(columns=["largest_member_share"], errors="ignore").merge(
        _best_savings(costs), on=CELL_KEYS, how="left"
    )
    cells["period"] = cells["period"].astype(str)
    cells[WINDOW_COL] = np.where(cells["period"].isin(window), "yes", "no")

    in_window = members[members["period"].astype(str).isin(window)]
    savings_in_window = cells[cells[WINDOW_COL] == "yes"]
    keys = ["category", "base_unit"]
    category_totals = in_window.groupby(keys, observed=True).agg(
        members=("member_id", "nunique"),
        **{c: (c, "sum") for c in [*VOLUME_COLUMNS, "priced_quantity"]},
        spend_last_prices_gel=("last_price_cost", "sum"),
    )
    category_totals["projected_savings_gel"] = savings_in_window.groupby(keys, observed=True)[
        "projected_savings_gel"
    ].sum(min_count=1)
    category_totals = category_totals.reset_index().assign(period=TOTAL, **{WINDOW_COL: "yes"})
    grand_total = pd.DataFrame(
        [
            {
                "category": TOTAL,
                "base_unit": TOTAL,
                "period": TOTAL,
                WINDOW_COL: "yes",
                "members": in_window["member_id"].nunique(),
                "spend_last_prices_gel": float(in_window["last_price_cost"].sum()),
                "projected_savings_gel": category_totals["projected_savings_gel"].sum(min_count=1),
            }
        ]
    )
    parts = [cells, category_totals, grand_total] if len(in_window) else [cells]
    columns = [*SHARED_KEYS, *_VALUE_COLUMNS]
    # the all-categories total has no quantity: units differ between categories
    table = pd.concat([p.reindex(columns=columns) for p in parts], ignore_index=True)
    table["members"] = table["members"].astype("Int64")
    for column in _VALUE_COLUMNS[1:]:
        table[column] = table[column].astype("Float64")

    # Dominance: each member's quantity in a cell (category totals sum their window periods);
    # for the all-categories total each member's spend in GEL.
    contributions = members.assign(
        period=members["period"].astype(str),
        **{WINDOW_COL: np.where(members["period"].astype(str).isin(window), "yes", "no")},
    )[[*SHARED_KEYS, "member_id", "quantity"]].rename(columns={"quantity": "value"})
    spend = (
        in_window.groupby("member_id", observed=True)["last_price_cost"]
        .sum()
        .rename("value")
        .reset_index()
        .assign(category=TOTAL, base_unit=TOTAL, period=TOTAL, **{WINDOW_COL: "yes"})
    )
    contributions = pd.concat([contributions, spend[contributions.columns]], ignore_index=True)
    return suppress_table(
        table,
        table=SHARED_TABLE,
        key_cols=SHARED_KEYS,
        value_cols=_VALUE_COLUMNS,
        count_col="members",
        contributions=contributions,
        contributor_col="member_id",
        contribution_col="value",
        rules=rules,
        group_cols=[["category", "base_unit", WINDOW_COL], ["period", WINDOW_COL]],
        total_labels=(TOTAL,),
        secondary_by="spend_last_prices_gel",
    )


def _is_total_row(frame: pd.DataFrame) -> pd.Series:
    return frame["period"].astype(str) == TOTAL


def _log_for(
    result: SuppressionResult, table: str, columns: list[str], *, totals: bool
) -> pd.DataFrame:
    """Return the combined table's log rows for period cells (or for totals), naming the
    published ``table`` and the ``columns`` it hides."""
    log = result.log
    is_total = log["cell"].str.contains(f"period={TOTAL} ", regex=False)
    chosen = log[is_total] if totals else log[~is_total]
    return chosen.assign(table=table, column=", ".join(columns)).reset_index(drop=True)


def _period_cells(result: SuppressionResult) -> pd.DataFrame:
    frame = result.frame.assign(suppressed=result.mask.to_numpy())
    return frame[~_is_total_row(frame)].reset_index(drop=True)


def _positions(frame: pd.DataFrame, columns: list[str]) -> list[tuple[int, str]]:
    rows = np.flatnonzero(frame["suppressed"].to_numpy())
    return [(int(r), c) for r in rows for c in columns if c in frame.columns]


@dataclass
class CommitmentParts:
    """Which commitment parts (and expected quantities) of the period cells are hidden.

    ``hidden`` has one row per period cell, in the order of the views' volume tables, with
    :data:`CELL_KEYS` and one bool column per :data:`PART_COLUMNS` entry and ``expected_quantity``
    (False in a cell hidden as a whole: its row flag covers it). ``log`` has :data:`LOG_COLUMNS`,
    one row per hidden part, ``column`` naming it; :meth:`log_for` condenses it per table.
    """

    hidden: pd.DataFrame
    log: pd.DataFrame

    def flags(self, columns: list[str]) -> np.ndarray:
        """Return the hidden flags of ``columns`` as a (period cells x columns) bool array."""
        flags = np.zeros((len(self.hidden), len(columns)), dtype=bool)
        for j, column in enumerate(columns):
            if column in self.hidden.columns:
                flags[:, j] = self.hidden[column].to_numpy(dtype=bool)
        return flags

    def log_for(self, table: str, columns: list[str]) -> pd.DataFrame:
        """Return the log of the published ``table`` showing ``columns``: one row per cell with a
        hidden part among them (the views' convention: one row per hidden cell and table), its
        ``column`` listing the hidden columns. ``rule`` and ``contributors`` are those of the first
        part that failed a rule of its own (else ``"secondary"``); ``detail`` gives every
        column's reason."""
        shown = self.log[self.log["column"].isin(columns)]
        rows = []
        for cell, entries in shown.groupby("cell", sort=False):
            entries = entries.assign(_order=entries["column"].map(columns.index))
            entries = entries.sort_values("_order", kind="stable")
            primary = entries[entries["rule"] != SECONDARY]
            lead = primary.iloc[0] if len(primary) else entries.iloc[0]
            rows.append(
                {
                    "table": table,
                    "cell": cell,
                    "column": ", ".join(entries["column"]),
                    "rule": lead["rule"],
                    "contributors": lead["contributors"],
                    # the interval of the part that failed a rule of its own (else the first)
                    "lower": lead.get("lower", np.nan),
                    "upper": lead.get("upper", np.nan),
                    "width": lead.get("width", np.nan),
                    "detail": "; ".join(
                        f"{e.column}: {e.rule}, {e.detail}" for e in entries.itertuples()
                    ),
                }
            )
        frame = pd.DataFrame(rows, columns=list(LOG_COLUMNS))
        frame["contributors"] = frame["contributors"].astype("Int64")
        return combine_logs([frame])


def _row_equations(probabilities: Mapping[str, float]) -> np.ndarray:
    """Return the two relations a reader knows between the cells of :data:`_ROW_SYSTEM`:
    parts - quantity = 0 and sum(probability x part) - expected quantity = 0 (methods.md §6)."""
    sums = [-1.0, *([1.0] * len(PART_COLUMNS)), 0.0]
    expected = [0.0, *(float(probabilities[level]) for level in COMMITMENT_LEVELS), -1.0]
    return np.array([sums, expected])


def commitment_parts(
    shared: SuppressionResult,
    members: pd.DataFrame,
    *,
    probabilities: Mapping[str, float] | None = None,
) -> CommitmentParts:
    """Return the disclosure control of the commitment parts of every published period cell.

    Each part (``quantity_firm``, ``quantity_conditional``, ``quantity_indicative``) is a cell under
    ``shared.rules`` (methods.md sections 3 and 6): its contributors are the members with a
    positive quantity at that level (an empty part is published: it discloses no one), and the
    dominance rule looks at their shares of the part. Then, per cell, the linear audit over
    quantity = sum of the parts and expected quantity = sum of probability x part (the declared
    ``probabilities``, default
    :data:`~cluster_analysis.pool.pooling.COMMITMENT_PROBABILITIES`) hides the smallest other part
    or the expected quantity (parts with members first) until no hidden part is determined; the
    quantity itself is never hidden here. ``shared`` comes from :func:`shared_cells`, ``members``
    from :func:`~cluster_analysis.pool.pooling.member_demand`.
    """
    probs = dict(COMMITMENT_PROBABILITIES if probabilities is None else probabilities)
    rules = shared.rules
    cells = _period_cells(shared)
    hidden = cells[CELL_KEYS].copy()
    for column in [*PART_COLUMNS, "expected_quantity"]:
        hidden[column] = False
    published = cells[~cells["suppressed"]]
    if published.empty:
        return CommitmentParts(hidden, combine_logs([]))

    # each member's part, in the published cells only (keys compared as text)
    window = published[[*CELL_KEYS, WINDOW_COL]].astype(str)
    member_parts = members[[*CELL_KEYS, "member_id", *PART_COLUMNS]].astype(
        {key: str for key in CELL_KEYS}
    )
    member_parts = member_parts.merge(window, on=CELL_KEYS, how="inner")
    frame = published[[*SHARED_KEYS, "members", *_ROW_SYSTEM]].reset_index(drop=True)
    primary = np.zeros((len(frame), len(PART_COLUMNS)), dtype=bool)
    part_members = np.zeros((len(frame), len(PART_COLUMNS)))
    logs: list[pd.DataFrame] = []
    cell_keys = frame[CELL_KEYS].astype(str)
    for j, column in enumerate(PART_COLUMNS):
        # contributors of a part: the members with a positive quantity at that level
        buying = member_parts[member_parts[column] > 0]
        counts = buying.groupby(CELL_KEYS)["member_id"].nunique().rename("part_members")
        n_part = cell_keys.merge(counts.reset_index(), on=CELL_KEYS, how="left")["part_members"]
        part_members[:, j] = n_part.fillna(0).to_numpy(dtype=float)
        part = suppress_table(
            frame[SHARED_KEYS].assign(
                **{column: frame[column], "part_members": part_members[:, j]}
            ),
            table=MEMBERS_VOLUME,
            key_cols=SHARED_KEYS,
            value_cols=[column],
            count_col="part_members",
            contributions=buying[[*SHARED_KEYS, "member_id", column]],
            contributor_col="member_id",
            contribution_col=column,
            rules=replace(rules, secondary=False),
            group_cols=[],
            total_labels=(TOTAL,),
        )
        primary[:, j] = part.mask.to_numpy()
        logs.append(part.log)

    equations = _row_equations(probs)
    hideable = np.array([False, *([True] * len(PART_COLUMNS)), True])
    rows: list[dict[str, object]] = []
    intervals: dict[tuple[str, str], tuple[float, float]] = {}
    row_hidden = np.zeros((len(frame), len(_ROW_SYSTEM)), dtype=bool)
    for i in range(len(frame)):
        mask = np.array([False, *primary[i], False])
        if mask.any():
            values = frame.loc[i, _ROW_SYSTEM].to_numpy(dtype=float, na_value=np.inf)
            empty = np.array([0.0, *(part_members[i] == 0), 0.0])
            # cells with members first, then the smallest value (as the secondary rule does)
            order = np.lexsort((np.arange(len(values)), np.abs(values), empty))
            cost = np.empty(len(values))
            cost[order] = np.arange(len(values))
            for position, protected in audit_complements(equations, mask, cost, hideable=hideable):
                mask[position] = True
                rows.append(_part_log_row(frame, i, position, protected, part_members[i], probs))
            if linear_audit(equations, mask).any():  # degenerate probabilities: hide them all
                mask |= hideable
            finite = np.isfinite(values).all()
            for position, protected in (
                interval_complements(
                    equations,
                    values,
                    mask,
                    cost,
                    sensitive=np.array([False, *primary[i], False]),
                    hideable=hideable,
                    protection=rules.protection,
                )
                if finite
                else []
            ):
                mask[position] = True
                row = _part_log_row(frame, i, position, protected, part_members[i], probs)
                rows.append({**row, "rule": INTERVAL})
            if finite:
                for pos, low, high in _part_intervals(equations, values, mask):
                    label = " · ".join(f"{key}={frame.loc[i, key]}" for key in SHARED_KEYS)
                    intervals[(label, _ROW_SYSTEM[pos])] = (low, high)
        row_hidden[i] = mask
    logs.append(pd.DataFrame(rows, columns=list(LOG_COLUMNS)))

    flags = np.zeros((len(cells), len(_ROW_SYSTEM)), dtype=bool)
    flags[np.flatnonzero(~cells["suppressed"].to_numpy())] = row_hidden
    for j, column in enumerate(_ROW_SYSTEM[1:], start=1):
        hidden[column] = flags[:, j]
    log = combine_logs(logs)
    # each hidden part's feasible interval given the published quantity and expected quantity
    found = [
        intervals.get((c, col), (np.nan, np.nan))
        for c, col in zip(log["cell"], log["column"], strict=True)
    ]
    log["lower"] = [low for low, _ in found]
    log["upper"] = [high for _, high in found]
    log["width"] = log["upper"] - log["lower"]
    return CommitmentParts(hidden, log.assign(table=MEMBERS_VOLUME))


def _part_intervals(
    equations: np.ndarray, values: np.ndarray, mask: np.ndarray
) -> list[tuple[int, float, float]]:
    """Return (position, lower, upper) of every hidden cell of one row system."""
    hidden = np.flatnonzero(mask)
    if not len(hidden):
        return []
    found = interval_audit(equations, values, mask, hidden)
    return [(int(r.cell), float(r.lower), float(r.upper)) for r in found.itertuples(index=False)]


def _part_log_row(
    frame: pd.DataFrame,
    row: int,
    position: int,
    protected: int,
    part_members: np.ndarray,
    probabilities: Mapping[str, float],
) -> dict[str, object]:
    """Return the log row of a part (or expected quantity) hidden to protect another part."""
    column = _ROW_SYSTEM[position]
    n = int(part_members[position - 1]) if column in PART_COLUMNS else frame.loc[row, "members"]
    expected = " + ".join(f"{probabilities[level]:g} {level}" for level in COMMITMENT_LEVELS)
    return {
        "table": MEMBERS_VOLUME,
        "cell": " · ".join(f"{key}={frame.loc[row, key]}" for key in SHARED_KEYS),
        "column": column,
        "rule": SECONDARY,
        "contributors": None if pd.isna(n) else int(n),
        "detail": (
            f"protects {_ROW_SYSTEM[protected]}: quantity = "
            f"{' + '.join(COMMITMENT_LEVELS)}, expected quantity = {expected}"
        ),
    }


def _hide_parts(
    frame: pd.DataFrame, parts: CommitmentParts, columns: list[str]
) -> tuple[pd.DataFrame, list[tuple[int, str]]]:
    """Return ``frame`` with the hidden parts among ``columns`` set to NA, and their positions."""
    flags = parts.flags(columns)
    frame = frame.copy()
    positions = []
    for j, column in enumerate(columns):
        if flags[:, j].any():
            frame[column] = frame[column].astype("Float64").mask(flags[:, j])
            positions += [(int(r), column) for r in np.flatnonzero(flags[:, j])]
    return frame, positions


def members_view(
    pooled: pd.DataFrame,
    costs: pd.DataFrame,
    members: pd.DataFrame,
    *,
    rules: SuppressionRules = POOL_RULES,
    lag_periods: int = 1,
    shared: SuppressionResult | None = None,
    probabilities: Mapping[str, float] | None = None,
) -> PoolView:
    """Return the members' view: pooled volume and the best offer's projected savings per cell
    (category, base unit, period), hidden where the disclosure rules say so; within a published
    cell, its commitment parts are hidden by :func:`commitment_parts` (``probabilities``: the
    commitment probabilities used for the expected quantity). No member id, no member's quantity
    or price. ``shared`` reuses a :func:`shared_cells` result."""
    shared = shared or shared_cells(pooled, members, costs, rules=rules, lag_periods=lag_periods)
    cells = _period_cells(shared)
    volume = cells[[*CELL_KEYS, "members", *VOLUME_COLUMNS, "suppressed"]].copy()
    parts = commitment_parts(shared, members, probabilities=probabilities)
    volume, part_positions = _hide_parts(volume, parts, VOLUME_COLUMNS)
    tables = {MEMBERS_VOLUME: volume}
    suppressed = {MEMBERS_VOLUME: _positions(volume, ["members", *VOLUME_COLUMNS]) + part_positions}
    logs = [
        _log_for(shared, MEMBERS_VOLUME, ["members", *VOLUME_COLUMNS], totals=False),
        parts.log_for(MEMBERS_VOLUME, VOLUME_COLUMNS),
    ]
    if not costs.empty:
        best = costs[costs["best_vendor"]].drop_duplicates(CELL_KEYS)
        best = best.assign(period=best["period"].astype(str))
        savings = best[[*CELL_KEYS, "vendor", "pricing", *SAVINGS_COLUMNS]].merge(
            cells[[*CELL_KEYS, "suppressed"]], on=CELL_KEYS, how="left"
        )
        # a cell missing from the shared table was never cleared for publication: hide it
        savings["suppressed"] = savings["suppressed"].fillna(True).astype(bool)
        for column in SAVINGS_COLUMNS:
            savings[column] = savings[column].astype("Float64").mask(savings["suppressed"])
        savings = savings.reset_index(drop=True)
        tables[MEMBERS_SAVINGS] = savings
        suppressed[MEMBERS_SAVINGS] = _positions(savings, SAVINGS_COLUMNS)
        logs.append(_log_for(shared, MEMBERS_SAVINGS, SAVINGS_COLUMNS, totals=False))
    return PoolView("members", tables, suppressed, combine_logs(logs), shared.rules)


def vendors_view(
    pooled: pd.DataFrame,
    members: pd.DataFrame,
    *,
    rules: SuppressionRules = POOL_RULES,
    lag_periods: int = 1,
    shared: SuppressionResult | None = None,
    probabilities: Mapping[str, float] | None = None,
) -> PoolView:
    """Return the vendors' view: pooled, firm and expected quantity per cell, hidden where the
    rules say so, with the same hidden commitment parts as the members' view
    (:func:`commitment_parts`). No member id, no member's price, no savings."""
    shared = shared or shared_cells(pooled, members, rules=rules, lag_periods=lag_periods)
    cells = _period_cells(shared)
    volume = cells[[*CELL_KEYS, *VENDOR_COLUMNS, "suppressed"]].copy()
    parts = commitment_parts(shared, members, probabilities=probabilities)
    volume, part_positions = _hide_parts(volume, parts, VENDOR_COLUMNS)
    logs = [
        _log_for(shared, VENDORS_VOLUME, VENDOR_COLUMNS, totals=False),
        parts.log_for(VENDORS_VOLUME, VENDOR_COLUMNS),
    ]
    return PoolView(
        "vendors",
        {VENDORS_VOLUME: volume},
        {VENDORS_VOLUME: _positions(volume, VENDOR_COLUMNS) + part_positions},
        combine_logs(logs),
        shared.rules,
    )


def donors_view(
    pooled: pd.DataFrame,
    costs: pd.DataFrame,
    members: pd.DataFrame,
    *,
    rules: SuppressionRules = POOL_RULES,
    lag_periods: int = 1,
    shared: SuppressionResult | None = None,
) -> PoolView:
    """Return the donors' view: lagged category totals (all periods but the latest
    ``lag_periods``): members, spend at last prices and the best offers' projected savings in
    GEL, plus the all-categories total (``category == "All"``), hidden by the same rules."""
    shared = shared or shared_cells(pooled, members, costs, rules=rules, lag_periods=lag_periods)
    frame = shared.frame.assign(suppressed=shared.mask.to_numpy())
    totals = frame[_is_total_row(frame)]
    window = lag_window(pooled["period"], lag_periods)
    totals = totals[["category", "base_unit", *DONOR_COLUMNS, "suppressed"]].copy()
    totals.insert(2, "periods", f"{window[0]}–{window[-1]}" if window else "")
    # the all-categories row last, categories by spend (hidden ones at the end)
    order = totals.assign(
        _grand=totals["category"] == TOTAL,
        _spend=totals["spend_last_prices_gel"].astype("float64").fillna(-1.0),
    ).sort_values(["_grand", "_spend"], ascending=[True, False], kind="stable")
    totals = totals.loc[order.index].reset_index(drop=True)
    return PoolView(
        "donors",
        {DONORS_TOTALS: totals},
        {DONORS_TOTALS: _positions(totals, DONOR_COLUMNS)},
        combine_logs([_log_for(shared, DONORS_TOTALS, DONOR_COLUMNS, totals=True)]),
        shared.rules,
    )


def pool_rules(min_members: int = 5, max_share: float = 0.25) -> SuppressionRules:
    """Return :data:`POOL_RULES` with another threshold or largest-member share."""
    return replace(POOL_RULES, min_count=min_members, dominance=(1, max_share))


__all__ = [
    "DONORS_TOTALS",
    "LOG_COLUMNS",
    "MEMBERS_SAVINGS",
    "MEMBERS_VOLUME",
    "PART_COLUMNS",
    "TOTAL",
    "VENDORS_VOLUME",
    "CommitmentParts",
    "PoolView",
    "commitment_parts",
    "donors_view",
    "lag_window",
    "members_view",
    "office_view",
    "pool_rules",
    "shared_cells",
    "suppression_rule_text",
    "vendors_view",
]
