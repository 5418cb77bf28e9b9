"""Disclosure rules of the pool's shared views (methods.md sections 3 and 6), by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from cluster_analysis.disclosure import LOG_COLUMNS, POOL_RULES, suppress_table
from cluster_analysis.pool import charts
from cluster_analysis.pool.pooling import (
    market_share_screen,
    member_demand,
    pooled_costs,
    pooled_volume,
)
from cluster_analysis.pool.tiers import TierSchedule, TruckloadSchedule
from cluster_analysis.pool.views import (
    DONORS_TOTALS,
    MEMBERS_SAVINGS,
    MEMBERS_VOLUME,
    VENDORS_VOLUME,
    donors_view,
    members_view,
    shared_cells,
    vendors_view,
)


def _demand() -> pd.DataFrame:
    """Category A (unit U): Q1 6 members x 10, Q2 4 members x 10 (too few), Q3 6 x 20, Q4 7 x 10.
    Category B: Q1 6 members, m1 30 and five x 14 -> m1 holds 30/100 = 30 % (> 25 %).
    Every last price is 10 GEL per unit."""
    rows = []

    def add(category: str, period: str, quantities: list[float]) -> None:
        for i, q in enumerate(quantities, start=1):
            rows.append(
                {
                    "member_id": f"m{i}",
                    "period": period,
                    "category": category,
                    "base_unit": "U",
                    "quantity_base": q,
                    "commitment": "firm",
                    "last_price_gel": 10.0,
                }
            )

    add("A", "2026-Q1", [10] * 6)
    add("A", "2026-Q2", [10] * 4)
    add("A", "2026-Q3", [20] * 6)
    add("A", "2026-Q4", [10] * 7)
    add("B", "2026-Q1", [30, 14, 14, 14, 14, 14])
    return pd.DataFrame(rows)


def _tables():
    members = member_demand(_demand())
    pooled = pooled_volume(members)
    schedules = {
        ("V1", "A", "U"): TierSchedule([100], [10, 8]),
        ("V1", "B", "U"): TierSchedule([100], [10, 8]),
    }
    costs = pooled_costs(members, schedules)
    return members, pooled, costs


def _label(category: str, period: str, window: str = "yes") -> str:
    base_unit = "All" if category == "All" else "U"
    return (
        f"category={category} · base_unit={base_unit} · period={period} · in_donor_window={window}"
    )


def test_primary_and_secondary_suppression_by_hand() -> None:
    members, pooled, costs = _tables()
    result = shared_cells(pooled, members, costs, lag_periods=1)
    keys = zip(result.frame["category"], result.frame["period"], strict=True)
    hidden = dict(zip(keys, result.mask, strict=True))
    # Donor window Q1-Q3 (Q4 is the withheld latest quarter).
    # Primary: A-Q2 has 4 members (threshold k=5); B-Q1's m1 holds 30 % (dominance 1>25 %);
    # B's window total is the same single cell, 30 % as well.
    # Secondary: A's window periods Q1 + Q2 + Q3 add up to A's published total, so with only
    # Q2 hidden the cheapest other period is hidden too: Q1 (600 GEL) before Q3 (1200 GEL).
    # Across categories A-total + B-total = the all-categories total; B-total is hidden, so
    # A-total is hidden too. The all-categories total stays: 6 members (m1..m6), none above
    # 25 % of its spend (m1: 400 in A + 300 in B = 700 of 3200 GEL = 21.9 %).
    # A-Q4 lies outside the window: no published total contains it, nothing to protect.
    assert hidden == {
        ("A", "2026-Q1"): True,
        ("A", "2026-Q2"): True,
        ("A", "2026-Q3"): False,
        ("A", "2026-Q4"): False,
        ("B", "2026-Q1"): True,
        ("A", "All"): True,
        ("B", "All"): True,
        ("All", "All"): False,
    }
    assert result.frame["quantity"].isna().tolist()[:5] == [True, True, False, False, True]
    log = result.log.set_index("cell")
    assert list(result.log.columns) == list(LOG_COLUMNS)
    assert log.at[_label("A", "2026-Q2"), "rule"] == "threshold k=5"
    assert log.at[_label("A", "2026-Q2"), "contributors"] == 4
    assert log.at[_label("B", "2026-Q1"), "rule"] == "dominance 1>25%"
    assert log.at[_label("B", "All"), "rule"] == "dominance 1>25%"
    assert log.at[_label("A", "2026-Q1"), "rule"] == "secondary"
    assert log.at[_label("A", "All"), "rule"] == "secondary"
    assert len(log) == 5  # nothing else hidden, each hidden cell logged once
    grand = result.frame.iloc[-1]
    assert grand["spend_last_prices_gel"] == pytest.approx(3200)
    assert grand["members"] == 6


def test_no_hidden_cell_is_recoverable_from_a_published_total() -> None:
    members, pooled, costs = _tables()
    frame = shared_cells(pooled, members, costs).frame
    frame = frame.assign(hidden=frame["quantity"].isna() & (frame["category"] != "All"))
    # each category's window periods with its total: never exactly one hidden
    window = frame[frame["in_donor_window"] == "yes"]
    for _, cells in window.groupby("category"):
        assert cells["hidden"].sum() != 1
    totals = frame[frame["period"] == "All"]
    assert totals["spend_last_prices_gel"].isna().sum() != 1


def test_a_cell_at_exactly_five_members_and_25_percent_is_published() -> None:
    contributions = pd.DataFrame(
        {"k": ["x", "y"] * 5, "member_id": list("aabbccddee"), "value": [25, 24] * 5}
    )
    contributions.loc[contributions["k"] == "y", "value"] = [26, 25, 20, 15, 14]
    cells = pd.DataFrame({"k": ["x", "y"], "members": [5, 5], "quantity": [125.0, 100.0]})
    result = suppress_table(
        cells,
        table="t",
        key_cols=["k"],
        value_cols=["quantity"],
        count_col="members",
        contributions=contributions,
        rules=POOL_RULES,
        group_cols=[],
    )
    # x: 5 members is not fewer than 5 and 25/125 = 20 % is not above 25 %: published.
    # y: the largest member holds 26/100 = 26 % > 25 %: hidden.
    assert result.mask.tolist() == [False, True]


def test_views_share_one_suppression_and_log_it_per_table() -> None:
    members, pooled, costs = _tables()
    shared = shared_cells(pooled, members, costs)
    member = members_view(pooled, costs, members, shared=shared)
    vendor = vendors_view(pooled, members, shared=shared)
    donor = donors_view(pooled, costs, members, shared=shared)
    assert set(member.log["table"]) == {MEMBERS_VOLUME, MEMBERS_SAVINGS}
    assert set(vendor.log["table"]) == {VENDORS_VOLUME}
    assert set(donor.log["table"]) == {DONORS_TOTALS}
    for view in (member, vendor, donor):
        assert list(view.log.columns) == list(LOG_COLUMNS)
    # the three period cells hidden above, logged once in each table that shows them
    assert len(member.log) == 2 * 3 and len(vendor.log) == 3
    assert set(donor.log["rule"]) == {"dominance 1>25%", "secondary"}
    volume = member.tables[MEMBERS_VOLUME].set_index(["category", "period"])
    vendor_volume = vendor.tables[VENDORS_VOLUME].set_index(["category", "period"])
    assert volume["suppressed"].to_dict() == vendor_volume["suppressed"].to_dict()
    positions = {row for row, _ in member.suppressed[MEMBERS_VOLUME]}
    assert positions == {0, 1, 4}


def test_shared_views_carry_no_member_and_no_price() -> None:
    members, pooled, costs = _tables()
    for view in (members_view(pooled, costs, members), vendors_view(pooled, members)):
        for frame in view.tables.values():
            assert "member_id" not in frame.columns
            assert not any("price" in c for c in frame.columns if c != "savings_last_price_pct")
    vendor = vendors_view(pooled, members).tables[VENDORS_VOLUME]
    assert not any("savings" in c or "cost" in c for c in vendor.columns)


def test_members_view_hides_the_same_cells_in_savings() -> None:
    members, pooled, costs = _tables()
    view = members_view(pooled, costs, members)
    volume = view.tables[MEMBERS_VOLUME].set_index(["category", "period"])
    savings = view.tables[MEMBERS_SAVINGS].set_index(["category", "period"])
    assert volume["suppressed"].to_dict() == savings["suppressed"].to_dict()
    assert pd.isna(savings.loc[("A", "2026-Q2"), "pooled_cost"])
    # Published cell A-Q3: 120 units at 8 = 960; stand-alone 6 x 20 x 10 = 1200 -> 20 % saved.
    assert savings.loc[("A", "2026-Q3"), "pooled_cost"] == pytest.approx(960)
    assert savings.loc[("A", "2026-Q3"), "savings_schedule_pct"] == pytest.approx(20)
    assert pd.isna(volume.loc[("A", "2026-Q2"), "members"])
    assert len(view.suppressed[MEMBERS_VOLUME]) > 0


def test_donors_see_lagged_totals_with_secondary_suppression() -> None:
    members, pooled, costs = _tables()
    view = donors_view(pooled, costs, members, lag_periods=1)
    totals = view.tables[DONORS_TOTALS].set_index("category")
    # Window 2026-Q1..Q3 (Q4 withheld). B: m1 holds 30 % -> dominance; the GEL totals add up to
    # the all-categories total, so A is hidden as well (secondary); the total itself is shown.
    assert totals["periods"].iloc[0] == "2026-Q1–2026-Q3"
    assert totals["suppressed"].to_dict() == {"A": True, "B": True, "All": False}
    # all-categories total: window spend (60 + 40 + 120) x 10 + 100 x 10 = 3200 GEL;
    # savings: A-Q3 120 units at 8 instead of 10 = 240, B-Q1 100 units at 8 = 200 -> 440 GEL
    # (A-Q1 and A-Q2 stay below the 100-unit break: no savings).
    assert totals.at["All", "spend_last_prices_gel"] == pytest.approx(3200)
    assert totals.at["All", "projected_savings_gel"] == pytest.approx(440)
    assert pd.isna(totals.at["A", "members"])
    log = view.log.set_index("cell")["rule"].to_dict()
    assert log == {_label("B", "All"): "dominance 1>25%", _label("A", "All"): "secondary"}


def test_market_share_screen() -> None:
    _, pooled, _ = _tables()
    # A spend: (60 + 40 + 120 + 70) x 10 = 2900 GEL; market 10,000 -> 29 % > 15 %.
    screen = market_share_screen(pooled, {"A": 10_000}).set_index("category")
    assert screen.at["A", "share"] == pytest.approx(0.29)
    assert bool(screen.at["A", "above_threshold"])
    assert pd.isna(screen.at["B", "above_threshold"])  # no market size: not screened


def _annotations(figure) -> str:
    return " | ".join(a.text for a in figure.layout.annotations)


def test_all_units_tier_ladder_is_a_step_ladder_with_the_next_break() -> None:
    schedule = TierSchedule([100, 300], [10, 9, 8])
    figure = charts.tier_ladder(schedule, 250, "en", unit="KGM")
    steps = figure.data[0]
    # tiers [0, 100) at 10, [100, 300) at 9, [300, 360) at 8 (axis ends at 1.2 x the last break)
    assert list(steps.x) == pytest.approx([0, 100, 100, 300, 300, 360])
    assert list(steps.y) == pytest.approx([10, 10, 9, 9, 8, 8])
    assert list(figure.layout.xaxis.tickvals) == [0, 100, 300]
    labels = _annotations(figure)
    assert "Pooled volume: 250 kilogram" in labels
    assert "Next break: 300 kilogram<br>50 kilogram more needed" in labels
    # on the break itself the higher tier applies: the next break is the one after
    on_break = _annotations(charts.tier_ladder(schedule, 100, "ka", unit="KGM"))
    assert "300 კილოგრამი" in on_break and "საჭიროა კიდევ 200 კილოგრამი" in on_break
    assert "Top tier reached" in _annotations(charts.tier_ladder(schedule, 320, "en"))


def test_incremental_ladder_adds_the_average_price_and_a_truckload_the_free_room() -> None:
    incremental = charts.tier_ladder(TierSchedule([100], [10, 8], "incremental"), 150, "en")
    average = incremental.data[1]
    # 150 units: 100 x 10 + 50 x 8 = 1400 -> 9.33 per unit
    assert average.y[list(average.x).index(150)] == pytest.approx(1400 / 150)
    truck = charts.tier_ladder(TruckloadSchedule(33, 2600), 80, "en", unit="PALLET")
    # 80 pallets fill 3 trucks of 33 = 99: 19 pallets of room left
    assert "Room left in the last package: 19 pallet" in _annotations(truck)


def test_pareto_leaves_out_hidden_cells_and_the_grand_total() -> None:
    totals = pd.DataFrame(
        {
            "category": ["corrugated_board", "road_freight", "road_freight", "x", "All"],
            "base_unit": ["TNE", "TKM", "PALLET", "U", "All"],
            "spend_last_prices_gel": [600.0, 300.0, 100.0, None, 1000.0],
        }
    )
    figure = charts.pareto_chart(totals, "en")
    bars, line = figure.data
    assert list(bars.x) == [
        "Corrugated board",
        "Road freight (logistics), t·km",
        "Road freight (logistics), pallets",
    ]
    # cumulative share of the published 1000 GEL: 60, 90, 100 %
    assert list(line.y) == pytest.approx([60, 90, 100])


def test_allocation_chart_shows_every_rule_for_every_member() -> None:
    allocations = pd.DataFrame(
        {
            "member": ["GPC-001", "GPC-002"] * 2,
            "method": ["shapley"] * 2 + ["proportional"] * 2,
            "quantity": [10.0, 30.0] * 2,
            "savings": [1.0, 3.0, 1.5, 2.5],
        }
    )
    figure = charts.allocation_comparison(allocations, "en")
    assert [t.name for t in figure.data] == ["Shapley value", "Proportional to volume"]
    assert list(figure.data[0].y) == ["GPC-001", "GPC-002"]  # largest member on top
    assert list(figure.data[1].x) == [1.5, 2.5]


def test_vendor_schedules_table_reads_back_the_same_schedules() -> None:
    from cluster_analysis.pool.pipeline import schedules_from_table, schedules_table

    schedules = {
        ("V1", "A", "U"): TierSchedule([100, 300], [10, 9, 8], "incremental"),
        ("V2", "freight", "PALLET"): TruckloadSchedule(33, 2600),
    }
    table = schedules_table(schedules)
    assert len(table) == 3 + 1  # one row per tier, one per package offer
    back = schedules_from_table(table)
    for key, schedule in schedules.items():
        # same cost on and around the breaks: 99, 100, 301 units and 34 pallets (2 trucks)
        for q in (99.0, 100.0, 301.0, 34.0):
            assert back[key].cost(q) == pytest.approx(schedule.cost(q))
    assert back[("V1", "A", "U")].mode == "incremental"
