"""Disclosure rules of the pool's shared views (methods.md sections 3 and 6), by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from cluster_analysis.pool.pooling import (
    market_share_screen,
    member_demand,
    pooled_costs,
    pooled_volume,
)
from cluster_analysis.pool.tiers import TierSchedule
from cluster_analysis.pool.views import (
    _pool_cell_rules,
    donors_view,
    members_view,
    vendors_view,
)


def _demand() -> pd.DataFrame:
    """Category A (unit U): Q1 6 members x 10, Q2 4 members x 10 (too few), Q3 6 x 20, Q4 7 x 10.
    Category B: Q1 5 members, m1 30 and four x 10 -> m1 holds 30/70 = 43 % (> 25 %)."""
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
    add("B", "2026-Q1", [30, 10, 10, 10, 10])
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


def test_primary_and_secondary_suppression_by_hand() -> None:
    members, pooled, _ = _tables()
    published, log = _pool_cell_rules(
        pooled,
        members,
        table="t",
        keys=["category", "base_unit", "period"],
        value_cols=["quantity"],
        size_col="quantity",
        groups=[["category", "base_unit"]],
    )
    hidden = published.set_index(["category", "period"])["suppressed"]
    # A-Q2 has 4 members (threshold); B-Q1's largest member holds 43 % (dominance).
    # A's periods add up to a category total, so with only A-Q2 hidden the smallest other
    # A cell (Q1, 60) is hidden as well; B has a single cell, nothing to protect.
    assert hidden.to_dict() == {
        ("A", "2026-Q1"): True,
        ("A", "2026-Q2"): True,
        ("A", "2026-Q3"): False,
        ("A", "2026-Q4"): False,
        ("B", "2026-Q1"): True,
    }
    assert published["quantity"].isna().tolist() == hidden.tolist()
    rules = dict(zip(log["cell"], log["rule"], strict=True))
    assert rules == {
        "category=A | base_unit=U | period=2026-Q2": "threshold",
        "category=B | base_unit=U | period=2026-Q1": "dominance",
        "category=A | base_unit=U | period=2026-Q1": "secondary",
    }
    assert list(log.columns[:4]) == ["table", "cell", "rule", "count"]
    assert log.set_index("rule").at["threshold", "count"] == 4


def test_a_cell_at_exactly_five_members_and_25_percent_is_published() -> None:
    contributions = pd.DataFrame(
        {"k": ["x"] * 5, "member_id": list("abcde"), "quantity": [25, 25, 20, 15, 15]}
    )
    cells = pd.DataFrame({"k": ["x"], "quantity": [100.0]})
    published, log = _pool_cell_rules(
        cells, contributions, table="t", keys=["k"], value_cols=["quantity"], size_col="quantity"
    )
    # 5 members is not fewer than 5; 25 % is not above 25 %.
    assert not published["suppressed"].iloc[0]
    assert log.empty


def test_shared_views_carry_no_member_and_no_price() -> None:
    members, pooled, costs = _tables()
    for view in (members_view(pooled, costs, members), vendors_view(pooled, members)):
        for frame in view.tables.values():
            assert "member_id" not in frame.columns
            assert not any("price" in c for c in frame.columns if c != "savings_last_price_pct")
    vendor = vendors_view(pooled, members).tables["pooled_volume_for_vendors"]
    assert not any("savings" in c or "cost" in c for c in vendor.columns)


def test_members_view_hides_the_same_cells_in_savings() -> None:
    members, pooled, costs = _tables()
    view = members_view(pooled, costs, members)
    volume = view.tables["pooled_volume"].set_index(["category", "period"])
    savings = view.tables["pooled_savings"].set_index(["category", "period"])
    assert volume["suppressed"].to_dict() == savings["suppressed"].to_dict()
    assert pd.isna(savings.loc[("A", "2026-Q2"), "pooled_cost"])
    # Published cell A-Q3: 120 units at 8 = 960; stand-alone 6 x 20 x 10 = 1200 -> 20 % saved.
    assert savings.loc[("A", "2026-Q3"), "pooled_cost"] == pytest.approx(960)
    assert savings.loc[("A", "2026-Q3"), "savings_schedule_pct"] == pytest.approx(20)
    assert pd.isna(volume.loc[("A", "2026-Q2"), "members"])
    assert len(view.suppressed["pooled_volume"]) > 0


def test_donors_see_lagged_totals_with_secondary_suppression() -> None:
    members, pooled, costs = _tables()
    view = donors_view(pooled, costs, members, lag_periods=1)
    totals = view.tables["category_totals"].set_index("category")
    # Window 2026-Q1..Q3 (Q4 withheld). A: members m1..m6, largest m1..m4 with 40 of 220 (18 %):
    # published on its own; B: 30 of 70 (43 %) -> dominance. The GEL totals add up over
    # categories, so A is hidden as well (secondary) or B = total - A.
    assert totals["periods"].iloc[0] == "2026-Q1–2026-Q3"
    assert totals["suppressed"].to_dict() == {"A": True, "B": True}
    assert set(view.log["rule"]) == {"dominance", "secondary"}


def test_market_share_screen() -> None:
    _, pooled, _ = _tables()
    # A spend: (60 + 40 + 120 + 70) x 10 = 2900 GEL; market 10,000 -> 29 % > 15 %.
    screen = market_share_screen(pooled, {"A": 10_000}).set_index("category")
    assert screen.at["A", "share"] == pytest.approx(0.29)
    assert bool(screen.at["A", "above_threshold"])
    assert pd.isna(screen.at["B", "above_threshold"])  # no market size: not screened


def test_pipeline_on_the_example_data_keeps_shared_views_member_free(tmp_path) -> None:
    import importlib.util
    from pathlib import Path

    from cluster_analysis.config import get_paths
    from cluster_analysis.pipeline import make_context
    from cluster_analysis.pool import pipeline

    root = Path(__file__).resolve().parents[2]
    spec = importlib.util.spec_from_file_location(
        "pool_example", root / "scripts/example_data/pool.py"
    )
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    module.write(tmp_path / "raw")
    paths = get_paths(tmp_path, raw=tmp_path / "raw", processed=tmp_path / "processed")
    ctx = make_context(paths, domain="pool")
    result = pipeline.run(ctx)
    rejects = ctx.all_rejects()
    assert {"quantity_positive", "quantity_not_absurd", "unit_known", "currency_known"} <= set(
        rejects["check"]
    )
    assert ctx.synthetic
    audiences = {t.name: t.audience for t in result.tables}
    assert audiences["office_pool_allocations"] == "office"
    for table in result.tables:
        if table.audience != "office":
            assert "member_id" not in table.frame.columns and "member" not in table.frame.columns
            assert table.meta.synthetic
    assert {f.audience for f in result.figures if f.name == "pool_allocation_rules"} == {"office"}
    assert all(f.build("ka").data for f in result.figures)
