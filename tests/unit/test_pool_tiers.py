"""Tier, buy-up and package schedules on hand-worked numbers (docs/methods.md#bargaining-pool)."""

from __future__ import annotations

import numpy as np
import pytest

from cluster_analysis.pool.tiers import PackageSchedule, TierSchedule, TruckloadSchedule

# Tier 1: [0, 100) at 10; tier 2: [100, 500) at 8; tier 3: [500, inf) at 6.
BREAKS = [100, 500]
PRICES = [10, 8, 6]


def test_all_units_cost_by_hand() -> None:
    schedule = TierSchedule(BREAKS, PRICES)
    assert schedule.cost(50) == pytest.approx(500)  # 50 * 10
    assert schedule.cost(99) == pytest.approx(990)  # 99 * 10, still tier 1
    assert schedule.cost(600) == pytest.approx(3600)  # 600 * 6
    assert schedule.cost(0) == 0


def test_quantity_exactly_on_a_break_pays_the_higher_tier() -> None:
    schedule = TierSchedule(BREAKS, PRICES)
    assert schedule.cost(100) == pytest.approx(800)  # 100 * 8, not 100 * 10
    assert schedule.cost(500) == pytest.approx(3000)  # 500 * 6
    assert schedule.tier_index(100) == 1
    # A pooled sum that lands a hair below the break through decimals still counts as on it.
    assert schedule.cost(sum([0.1] * 1000)) == pytest.approx(800)  # 99.9999999999986


def test_cost_accepts_arrays() -> None:
    schedule = TierSchedule(BREAKS, PRICES)
    np.testing.assert_allclose(schedule.cost([50, 100, 600]), [500, 800, 3600])


def test_incremental_cost_by_hand() -> None:
    schedule = TierSchedule(BREAKS, PRICES, mode="incremental")
    assert schedule.cost(100) == pytest.approx(1000)  # 100 * 10
    assert schedule.cost(150) == pytest.approx(1400)  # 100 * 10 + 50 * 8
    assert schedule.cost(600) == pytest.approx(4800)  # 1000 + 400 * 8 + 100 * 6


def test_buy_up_to_next_break_is_an_explicit_option() -> None:
    schedule = TierSchedule(BREAKS, PRICES)
    # 99 units cost 990; buying 100 costs 800: C*(99) = min(990, 8*100, 6*500) = 800.
    assert schedule.cost(99) == pytest.approx(990)
    assert schedule.cost(99, buy_up=True) == pytest.approx(800)
    option = schedule.buy_up_option(99)
    assert option.order_quantity == 100
    assert option.saving == pytest.approx(190)
    assert option.surplus == pytest.approx(1)
    assert option.worthwhile
    # 450 units: 450 * 8 = 3600 versus 500 * 6 = 3000, buy up to the third tier.
    assert schedule.buy_up_option(450).order_quantity == 500
    # 200 units: 1600 versus 3000, no buy-up.
    assert not schedule.buy_up_option(200).worthwhile
    np.testing.assert_allclose(schedule.cost([99, 200], buy_up=True), [800, 1600])


def test_buy_up_never_helps_incremental() -> None:
    schedule = TierSchedule(BREAKS, PRICES, mode="incremental")
    assert schedule.buy_up_option(99).order_quantity == 99


def test_distance_to_next_break() -> None:
    schedule = TierSchedule(BREAKS, PRICES)
    assert schedule.distance_to_next_break(80) == pytest.approx(20)
    assert schedule.distance_to_next_break(100) == pytest.approx(400)  # on a break: next is 500
    assert schedule.distance_to_next_break(700) is None


def test_truckload_cost_by_hand() -> None:
    trucks = TruckloadSchedule(capacity=33, price_per_load=1650)
    assert trucks.cost(33) == pytest.approx(1650)  # one full truck
    assert trucks.cost(34) == pytest.approx(3300)  # a second truck for one pallet
    assert trucks.cost(0) == 0
    assert trucks.cost(11 * 3.0000000000000004) == pytest.approx(1650)  # rounding noise
    assert trucks.packages(67) == 3
    assert trucks.distance_to_next_break(40) == pytest.approx(26)  # 66 - 40
    np.testing.assert_allclose(PackageSchedule(10, 100).cost([5, 10, 15]), [100, 100, 200])


@pytest.mark.parametrize(
    ("breaks", "prices"),
    [([100], [10]), ([100, 50], [10, 8, 6]), ([0], [10, 8]), ([100], [8, 10])],
)
def test_bad_schedules_are_refused(breaks: list[float], prices: list[float]) -> None:
    with pytest.raises(ValueError):
        TierSchedule(breaks, prices)


def test_negative_quantity_is_refused() -> None:
    with pytest.raises(ValueError):
        TierSchedule(BREAKS, PRICES).cost(-1)
    with pytest.raises(ValueError):
        TierSchedule(BREAKS, PRICES, mode="volume")  # type: ignore[arg-type]
