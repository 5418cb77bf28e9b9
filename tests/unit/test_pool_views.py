"""Disclosure rules of the pool's shared views (methods.md sections 3 and 6), by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from cluster_analysis.disclosure import LOG_COLUMNS, POOL_RULES, linear_audit, suppress_table
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
    PART_COLUMNS,
    VENDORS_VOLUME,
    commitment_parts,
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
    from cluster_analysis.pool.tables import schedules_from_table
    from cluster_analysis.pool.tables import vendor_schedules as schedules_table

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


def _parts_demand() -> pd.DataFrame:
    """One category A (unit U), last price 10 GEL everywhere.

    2026-Q1: firm m1..m6 x 100 = 600, conditional m1..m5 x 2 = 10, indicative m7 x 5 = 5.
    2026-Q2: firm m1..m6 x 10 = 60, conditional m1..m5 x 8 = 40, indicative m7 x 5 = 5."""
    rows = []

    def add(period: str, commitment: str, members: range, quantity: float) -> None:
        for i in members:
            rows.append(
                {
                    "member_id": f"m{i}",
                    "period": period,
                    "category": "A",
                    "base_unit": "U",
                    "quantity_base": quantity,
                    "commitment": commitment,
                    "last_price_gel": 10.0,
                }
            )

    for period, firm, conditional in (("2026-Q1", 100, 2), ("2026-Q2", 10, 8)):
        add(period, "firm", range(1, 7), firm)
        add(period, "conditional", range(1, 6), conditional)
        add(period, "indicative", range(7, 8), 5)
    return pd.DataFrame(rows)


def test_commitment_parts_are_cells_with_audited_secondary_suppression() -> None:
    members = member_demand(_parts_demand())
    pooled = pooled_volume(members)
    shared = shared_cells(pooled, members, lag_periods=1)
    # Both quarters are published as whole cells: 7 members; the largest, m1, holds
    # Q1 102 / 615 = 16.6 % and Q2 18 / 105 = 17.1 % (not above 25 %).
    assert not shared.mask.any()
    member = members_view(pooled, pd.DataFrame(), members, shared=shared)  # no offers
    volume = member.tables[MEMBERS_VOLUME].set_index("period")
    # Primary: the indicative part has one member (m7) in each quarter -> threshold k=5.
    # The firm part (6 members, 1/6 each) and the conditional part (5 members, 1/5 = 20 % each)
    # pass on their own.
    # A reader knows quantity = firm + conditional + indicative and
    # expected = 0.95 firm + 0.7 conditional + 0.4 indicative, so the hidden part follows from the
    # others; the smallest other cell sharing an equation is hidden until none is determined.
    # Q1: expected = 570 + 7 + 2 = 579. Hide conditional (10 < 579 < 600): then two unknowns and
    # two equations still give conditional + indicative = 15 and 0.7 c + 0.4 i = 9 -> hide the
    # next smallest, expected (579 < firm 600). Left: c + i = 15 with c, i, expected unknown.
    q1 = volume.loc["2026-Q1"]
    assert q1["quantity"] == pytest.approx(615)
    assert q1["quantity_firm"] == pytest.approx(600)
    assert pd.isna(q1["quantity_conditional"]) and pd.isna(q1["quantity_indicative"])
    assert pd.isna(q1["expected_quantity"])
    # Q2: expected = 57 + 28 + 2 = 87. Hide conditional (40), still determined
    # (c + i = 45, 0.7 c + 0.4 i = 30 -> c = 40), then firm (60 < 87): three parts hidden, quantity
    # 105 and expected 87 published: one free direction (-0.3, 0.55, -0.25) moves every part.
    q2 = volume.loc["2026-Q2"]
    assert q2["quantity"] == pytest.approx(105)
    assert q2["expected_quantity"] == pytest.approx(87)
    assert volume.loc["2026-Q2", PART_COLUMNS].isna().all()
    # whole-cell flags stay False: the cells themselves are published
    assert not volume["suppressed"].any()
    hidden_cells = {(volume.index[r], c) for r, c in member.suppressed[MEMBERS_VOLUME]}
    assert hidden_cells == {
        ("2026-Q1", "quantity_conditional"),
        ("2026-Q1", "quantity_indicative"),
        ("2026-Q1", "expected_quantity"),
        ("2026-Q2", "quantity_conditional"),
        ("2026-Q2", "quantity_indicative"),
        ("2026-Q2", "quantity_firm"),
    }
    # the views' log: one row per table and cell, listing its hidden columns; the primary rule
    # (and its one contributor) leads, the detail gives every column's reason
    log = member.log.set_index("cell")
    assert list(member.log.columns) == list(LOG_COLUMNS)
    assert len(log) == 2 and set(log["table"]) == {MEMBERS_VOLUME}
    q1_label = _label("A", "2026-Q1")
    assert log.at[q1_label, "column"] == (
        "expected_quantity, quantity_conditional, quantity_indicative"
    )
    assert log.at[q1_label, "rule"] == "threshold k=5"
    assert log.at[q1_label, "contributors"] == 1
    assert (
        "quantity_conditional: secondary, protects quantity_indicative"
        in log.at[q1_label, "detail"]
    )
    q2_label = _label("A", "2026-Q2", window="no")
    assert log.at[q2_label, "column"] == "quantity_firm, quantity_conditional, quantity_indicative"
    # per part: the indicative part fails the threshold, the others are hidden to protect it
    parts = commitment_parts(shared, members)
    per_part = {
        (cell.split("period=")[1].split(" ")[0], column): (rule, n)
        for cell, column, rule, n in parts.log[
            ["cell", "column", "rule", "contributors"]
        ].itertuples(index=False)
    }
    assert per_part == {
        ("2026-Q1", "quantity_indicative"): ("threshold k=5", 1),
        ("2026-Q1", "quantity_conditional"): ("secondary", 5),
        ("2026-Q1", "expected_quantity"): ("secondary", 7),
        ("2026-Q2", "quantity_indicative"): ("threshold k=5", 1),
        ("2026-Q2", "quantity_conditional"): ("secondary", 5),
        ("2026-Q2", "quantity_firm"): ("secondary", 6),
    }
    # the linear audit on each published row: no hidden cell is determined
    equations = [
        [-1, 1, 1, 1, 0],
        [0, 0.4, 0.7, 0.95, -1],
    ]  # quantity, indicative, cond., firm, exp.
    for period in ("2026-Q1", "2026-Q2"):
        row = volume.loc[period, ["quantity", *PART_COLUMNS, "expected_quantity"]]
        assert not linear_audit(equations, row.isna().to_numpy()).any()
    # vendors see the same cells hidden among their columns
    vendor = vendors_view(pooled, members, shared=shared).tables[VENDORS_VOLUME]
    vendor = vendor.set_index("period")
    assert vendor.loc["2026-Q1", "quantity_firm"] == pytest.approx(600)
    assert pd.isna(vendor.loc["2026-Q1", "expected_quantity"])
    assert pd.isna(vendor.loc["2026-Q2", "quantity_firm"])
    assert vendor.loc["2026-Q2", "expected_quantity"] == pytest.approx(87)


def test_commitment_parts_leave_a_firm_only_table_alone() -> None:
    members, pooled, costs = _tables()
    parts = commitment_parts(shared_cells(pooled, members, costs), members)
    # every submission is firm: the firm part is the published quantity itself, the other parts
    # are empty (no member: nothing to disclose)
    assert not parts.hidden[[*PART_COLUMNS, "expected_quantity"]].to_numpy().any()
    assert parts.log.empty
