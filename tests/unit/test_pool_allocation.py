"""Cost-sharing rules on hand-worked pools (docs/methods.md#bargaining-pool)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cluster_analysis.pool.allocation import ALLOCATION_METHODS, allocate, allocate_all
from cluster_analysis.pool.games import QuantityGame, core_check
from cluster_analysis.pool.tiers import TierSchedule, TruckloadSchedule

# One break at 10 units: 10 GEL below, 6 GEL from 10 up (all units).
SCHEDULE = TierSchedule([10], [10, 6])
# q = (a 2, b 12, c 6): stand-alone 20, 72 (b alone reaches tier 2), 60 -> 152.
# Pooled Q = 20 -> C(Q) = 120; savings S = 152 - 120 = 32.
DEMAND = {"a": 2.0, "b": 12.0, "c": 6.0}


def test_savings_against_the_schedule() -> None:
    result = allocate(DEMAND, SCHEDULE, "equal_price")
    assert result.table["standalone_cost"].tolist() == pytest.approx([20, 72, 60])
    assert result.pooled_cost == pytest.approx(120)
    assert result.table["savings"].sum() == pytest.approx(32)  # S = sum C(q_i) - C(Q)


def test_equal_price_by_hand() -> None:
    # 120 / 20 = 6 GEL a unit for everybody.
    result = allocate(DEMAND, SCHEDULE, "equal_price")
    assert result.table["allocated_cost"].tolist() == pytest.approx([12, 72, 36])
    assert result.in_core  # all-units: the equal unit price is always in the core


def test_proportional_savings_by_hand() -> None:
    # 32 GEL of savings over 20 units = 1.6 GEL a unit: 20-3.2, 72-19.2, 60-9.6.
    result = allocate(DEMAND, SCHEDULE, "proportional")
    assert result.table["allocated_cost"].tolist() == pytest.approx([16.8, 52.8, 50.4])
    assert result.table["savings"].tolist() == pytest.approx([3.2, 19.2, 9.6])


def test_equal_percentage_by_hand() -> None:
    # Everybody pays 120 / 152 of their stand-alone cost.
    result = allocate(DEMAND, SCHEDULE, "equal_percentage")
    assert result.table["allocated_cost"].tolist() == pytest.approx(
        [20 * 120 / 152, 72 * 120 / 152, 60 * 120 / 152]
    )


def test_serial_by_hand_and_outside_the_core() -> None:
    # Sorted a 2 <= c 6 <= b 12.
    # Q1 = 3 * 2 = 6 -> C = 60 -> x_a = 60 / 3 = 20
    # Q2 = 2 + 2 * 6 = 14 -> C = 84 -> x_c = 20 + (84 - 60) / 2 = 32
    # Q3 = 2 + 6 + 12 = 20 -> C = 120 -> x_b = 32 + (120 - 84) / 1 = 68
    result = allocate(DEMAND, SCHEDULE, "serial")
    assert result.table["allocated_cost"].tolist() == pytest.approx([20, 68, 32])
    # a + b pay 88 but c({a, b}) = C(14) = 84: that coalition would leave. Not in the core,
    # so the nucleolus is offered as the fallback.
    assert not result.in_core
    assert result.max_excess == pytest.approx(4)
    assert not result.core_empty
    assert result.nucleolus.sum() == pytest.approx(120)


def test_shapley_by_hand() -> None:
    # c(a)=20 c(b)=72 c(c)=60 c(ab)=C(14)=84 c(ac)=C(8)=80 c(bc)=C(18)=108 c(N)=120
    # a: (20 + 20 + [84-72] + [80-60] + [120-108] * 2) / 6 = 96 / 6 = 16
    # b: (72 * 2 + [84-20] + [108-60] + [120-80] * 2) / 6 = 336 / 6 = 56
    # c: (60 * 2 + [80-20] + [108-72] + [120-84] * 2) / 6 = 288 / 6 = 48
    result = allocate(DEMAND, SCHEDULE, "shapley")
    assert result.table["allocated_cost"].tolist() == pytest.approx([16, 56, 48])
    assert result.in_core  # ab 72 <= 84, ac 64 <= 80, bc 104 <= 108
    assert result.nucleolus is None


@pytest.mark.parametrize("method", ALLOCATION_METHODS)
@pytest.mark.parametrize(
    "schedule",
    [SCHEDULE, TierSchedule([5, 15], [9, 7, 4], "incremental"), TruckloadSchedule(8, 50)],
)
def test_every_rule_adds_up_to_the_pooled_cost(method: str, schedule) -> None:
    rng = np.random.default_rng(4)
    demand = pd.Series(rng.integers(1, 9, size=7).astype(float), index=[f"m{i}" for i in range(7)])
    result = allocate(demand, schedule, method)  # type: ignore[arg-type]
    assert result.table["allocated_cost"].sum() == pytest.approx(result.pooled_cost)
    assert list(result.table.columns) == [
        "quantity",
        "standalone_cost",
        "allocated_cost",
        "savings",
    ]
    assert list(result.table.index) == list(demand.index)


def test_empty_core_is_reported_with_least_core_and_nucleolus() -> None:
    # Three members with 5 pallets each, trucks of 10 at 100 GEL: pairs pay one truck (100),
    # the pool two (200); x(pairs) <= 100 caps the total at 150 < 200 -> empty core.
    result = allocate({"a": 5, "b": 5, "c": 5}, TruckloadSchedule(10, 100), "shapley")
    assert not result.in_core
    assert result.core_empty
    assert result.least_core_epsilon == pytest.approx(100 / 3)
    assert result.nucleolus.tolist() == pytest.approx([200 / 3] * 3)
    nucleolus_table = allocate({"a": 5, "b": 5, "c": 5}, TruckloadSchedule(10, 100), "nucleolus")
    assert nucleolus_table.table["allocated_cost"].tolist() == pytest.approx([200 / 3] * 3)


def test_incremental_shapley_is_in_the_core() -> None:
    schedule = TierSchedule([5, 15], [9, 7, 4], "incremental")
    rng = np.random.default_rng(8)
    demand = {f"m{i}": float(rng.integers(1, 9)) for i in range(10)}
    assert allocate(demand, schedule, "shapley").in_core


def test_sixty_members_shapley_and_core_check() -> None:
    rng = np.random.default_rng(1)
    demand = {f"GPC-{i:03d}": round(float(rng.uniform(1, 30)), 1) for i in range(1, 61)}
    result = allocate(demand, TierSchedule([200, 1000], [10, 8, 6]), "shapley")
    assert result.table["allocated_cost"].sum() == pytest.approx(result.pooled_cost)
    assert "knapsack" in result.core_check
    # Tier schedules never raise the average price: the core is non-empty (equal unit price).
    assert result.core_empty is False
    if not result.in_core:
        fallback = result.core_fallback
        game = QuantityGame(demand, TierSchedule([200, 1000], [10, 8, 6]))
        assert core_check(game, fallback.to_dict()).in_core
    with pytest.raises(ValueError, match="at most 12"):
        allocate(demand, TierSchedule([200], [10, 8]), "nucleolus")


def test_buy_up_prices_every_order_with_the_option() -> None:
    # a 9 alone: 90 at 10, or buy 10 for 60 -> C*(9) = 60.
    result = allocate({"a": 9.0, "b": 3.0}, SCHEDULE, "equal_price", buy_up=True)
    assert result.table["standalone_cost"].tolist() == pytest.approx([60, 30])


def test_allocate_all_side_by_side() -> None:
    table = allocate_all(DEMAND, SCHEDULE)
    assert set(table["method"]) == set(ALLOCATION_METHODS)
    assert table.groupby("method")["allocated_cost"].sum().to_numpy() == pytest.approx([120] * 6)


@pytest.mark.parametrize(
    ("demand", "method"),
    [({"a": -1.0}, "shapley"), ({}, "shapley"), ({"a": 1.0}, "fair")],
)
def test_bad_input_is_refused(demand: dict, method: str) -> None:
    with pytest.raises(ValueError):
        allocate(demand, SCHEDULE, method)  # type: ignore[arg-type]


def test_sixty_member_truckload_pool_has_an_empty_core() -> None:
    # 60 members with 1..39 pallets, trucks of 33 at 2600 GEL. The knapsack finds coalitions that
    # fill trucks exactly; the quick least-core test proves eps > 0, so no split is stable.
    rng = np.random.default_rng(5)
    demand = {f"m{i}": float(rng.integers(1, 40)) for i in range(60)}
    result = allocate(demand, TruckloadSchedule(33, 2600), "shapley")
    assert not result.in_core
    assert result.core_empty is True
    assert result.least_core_epsilon_lower_bound > 0
