"""Shapley value, core, least core and nucleolus on hand-worked games (docs/methods.md#bargaining-pool)."""

from __future__ import annotations

import numpy as np
import pytest

from cluster_analysis.pool.games import (
    QuantityGame,
    core_check,
    integer_grid,
    least_core,
    least_core_quantity_game,
    nucleolus,
    savings_game,
    shapley,
    shapley_brute_force,
    shapley_quantity_game,
)
from cluster_analysis.pool.tiers import TierSchedule, TruckloadSchedule

A, B, C = "A", "B", "C"
# v(A)=10, v(B)=20, v(C)=30, v(AB)=40, v(AC)=50, v(BC)=60, v(ABC)=90.
THREE_PLAYER_GAME = {
    frozenset(): 0.0,
    frozenset({A}): 10.0,
    frozenset({B}): 20.0,
    frozenset({C}): 30.0,
    frozenset({A, B}): 40.0,
    frozenset({A, C}): 50.0,
    frozenset({B, C}): 60.0,
    frozenset({A, B, C}): 90.0,
}

SCHEDULES = {
    "all_units": TierSchedule([10, 25, 50], [10, 8, 7, 5]),
    "incremental": TierSchedule([10, 25, 50], [10, 8, 7, 5], mode="incremental"),
    "truckload": TruckloadSchedule(capacity=20, price_per_load=300),
}


def test_shapley_three_players_by_hand() -> None:
    # Marginal contributions over the 6 orders:
    # A: first 10, 10; after B 40-20=20; after C 50-30=20; last 90-60=30, 30 -> 120/6 = 20
    # B: first 20, 20; after A 40-10=30; after C 60-30=30; last 90-50=40, 40 -> 180/6 = 30
    # C: first 30, 30; after A 50-10=40; after B 60-20=40; last 90-40=50, 50 -> 240/6 = 40
    expected = {A: 20.0, B: 30.0, C: 40.0}
    assert shapley(THREE_PLAYER_GAME, [A, B, C]) == pytest.approx(expected)
    as_function = shapley(lambda s: THREE_PLAYER_GAME[s], [A, B, C])
    assert as_function == pytest.approx(expected)


def test_shapley_needs_every_coalition() -> None:
    incomplete = {k: v for k, v in THREE_PLAYER_GAME.items() if k != frozenset({A, B})}
    with pytest.raises(ValueError, match="coalition"):
        shapley(incomplete, [A, B, C])
    with pytest.raises(ValueError):
        shapley(THREE_PLAYER_GAME, None)


@pytest.mark.parametrize("kind", list(SCHEDULES))
@pytest.mark.parametrize("n", [8, 10, 12])
def test_dynamic_programming_equals_brute_force(kind: str, n: int) -> None:
    rng = np.random.default_rng(n)
    quantities = {f"GPC-{i:03d}": float(rng.integers(1, 15)) for i in range(n)}
    game = QuantityGame(quantities, SCHEDULES[kind])
    exact = shapley(game)
    brute = shapley_brute_force(game, list(quantities))
    assert exact == pytest.approx(brute, abs=1e-9)


@pytest.mark.parametrize("kind", list(SCHEDULES))
def test_dynamic_programming_with_decimal_quantities(kind: str) -> None:
    rng = np.random.default_rng(7)
    quantities = {i: round(float(rng.uniform(0.5, 12)), 2) for i in range(9)}
    quantities[9] = 0.0  # a member with no demand is a null player
    game = QuantityGame(quantities, SCHEDULES[kind])
    exact = shapley(game)
    assert exact == pytest.approx(shapley_brute_force(game, list(quantities)), abs=1e-9)
    assert exact[9] == pytest.approx(0.0)


def test_sixty_members_exact_on_known_answers() -> None:
    schedule = TierSchedule([100, 400], [10, 8, 6])
    # Identical quantities: symmetry + efficiency give C(Q)/n each: Q = 600 -> 3600 / 60 = 60.
    same = QuantityGame({i: 10.0 for i in range(60)}, schedule)
    assert list(shapley(same).values()) == pytest.approx([60.0] * 60)
    # A linear cost C(Q) = 7 Q gives each member 7 q_i.
    rng = np.random.default_rng(3)
    quantities = {i: round(float(rng.uniform(1, 20)), 1) for i in range(60)}
    linear = QuantityGame(quantities, lambda q: 7.0 * np.asarray(q))
    shares = shapley(linear)
    assert [shares[i] for i in range(60)] == pytest.approx([7 * quantities[i] for i in range(60)])
    # Efficiency on a tiered schedule: shares add up to the pooled cost.
    tiered = QuantityGame(quantities, schedule)
    assert sum(shapley(tiered).values()) == pytest.approx(tiered(frozenset(quantities)))


def test_sixty_members_order_free_and_symmetric() -> None:
    # Player order must not matter, and members with equal quantities share equally.
    rng = np.random.default_rng(11)
    quantities = {i: float(rng.choice([3.0, 8.0, 13.5])) for i in range(60)}
    schedule = SCHEDULES["truckload"]
    forward = shapley_quantity_game(QuantityGame(quantities, schedule))
    backward = shapley_quantity_game(QuantityGame(dict(reversed(quantities.items())), schedule))
    assert forward == pytest.approx(backward, rel=1e-12)
    by_size: dict[float, set[float]] = {}
    for player, share in forward.items():
        by_size.setdefault(quantities[player], set()).add(round(share, 9))
    assert all(len(shares) == 1 for shares in by_size.values())


def test_integer_grid() -> None:
    units, numerator, denominator = integer_grid([0.5, 1.25, 2.0])
    # two decimals: 50, 125, 200 -> gcd 25 -> 2, 5, 8 steps of 0.25
    assert units.tolist() == [2, 5, 8]
    assert numerator / denominator == pytest.approx(0.25)
    with pytest.raises(ValueError):
        integer_grid([1 / 3])
    with pytest.raises(ValueError):
        integer_grid([0.5], quantum=0.3)


def test_grid_too_fine_is_a_clear_error() -> None:
    game = QuantityGame({0: 1_000_000.0, 1: 1.0}, SCHEDULES["all_units"])
    with pytest.raises(ValueError, match="coarser"):
        shapley_quantity_game(game, max_grid_cells=1000)


def test_empty_core_truckload_by_hand() -> None:
    # Three members with 5 pallets each, trucks of 10 pallets at 100 GEL:
    # c(i) = 100, c(pair) = 100 (one truck), c(N) = 200 (two trucks).
    # Core needs x_i + x_j <= 100 for all pairs -> 2 (x_a + x_b + x_c) <= 300 -> total <= 150 < 200:
    # the core is empty. Least core: by symmetry x = 200/3 each, a pair pays 133.33 = 100 + 33.33.
    game = QuantityGame({"a": 5, "b": 5, "c": 5}, TruckloadSchedule(10, 100))
    shares = shapley(game)
    assert list(shares.values()) == pytest.approx([200 / 3] * 3)
    check = core_check(game, shares)
    assert not check.in_core
    assert check.max_excess == pytest.approx(100 / 3)
    allocation, epsilon = least_core(game)
    assert epsilon == pytest.approx(100 / 3)
    assert sum(allocation.values()) == pytest.approx(200)
    assert list(nucleolus(game).values()) == pytest.approx([200 / 3] * 3)


def test_incremental_schedule_puts_shapley_in_the_core() -> None:
    # Incremental tiers: concave cost, convex savings game, Shapley in the core.
    rng = np.random.default_rng(5)
    for n in (5, 9, 40):
        quantities = {i: float(rng.integers(1, 30)) for i in range(n)}
        game = QuantityGame(quantities, SCHEDULES["incremental"])
        assert core_check(game, shapley(game)).in_core


def test_knapsack_core_check_agrees_with_enumeration() -> None:
    rng = np.random.default_rng(9)
    for kind, schedule in SCHEDULES.items():
        quantities = {i: float(rng.integers(1, 15)) for i in range(9)}
        game = QuantityGame(quantities, schedule)
        shares = shapley(game)
        knapsack = core_check(game, shares)
        enumeration = core_check(lambda s, g=game: g(s), shares, list(quantities))
        assert knapsack.in_core == enumeration.in_core, kind
        assert knapsack.max_excess == pytest.approx(enumeration.max_excess), kind
        assert "knapsack" in knapsack.method and "enumeration" in enumeration.method


def test_two_player_nucleolus_splits_savings_equally() -> None:
    # q = (4, 8), break 10 at 10 -> 6: c1 = 40, c2 = 80, c(N) = 12 * 6 = 72, savings 48:
    # each saves 24 -> x = (16, 56); Shapley is the same for two players.
    game = QuantityGame({"a": 4, "b": 8}, TierSchedule([10], [10, 6]))
    assert nucleolus(game) == pytest.approx({"a": 16, "b": 56})
    assert shapley(game) == pytest.approx({"a": 16, "b": 56})


def test_nucleolus_is_in_a_non_empty_core() -> None:
    rng = np.random.default_rng(2)
    for _ in range(3):
        quantities = {i: float(rng.integers(1, 15)) for i in range(6)}
        game = QuantityGame(quantities, SCHEDULES["all_units"])
        # All-units: the average price never rises, so the equal unit price is in the core.
        pooled = game(frozenset(quantities))
        total = sum(quantities.values())
        equal_price = {i: pooled * q / total for i, q in quantities.items()}
        assert core_check(game, equal_price).in_core
        assert core_check(game, nucleolus(game)).in_core


def test_savings_game_is_standalone_minus_cost() -> None:
    game = QuantityGame({"a": 4, "b": 8}, TierSchedule([10], [10, 6]))
    savings = savings_game(game)
    assert savings(frozenset({"a", "b"})) == pytest.approx(40 + 80 - 72)
    assert savings(frozenset({"a"})) == pytest.approx(0)


def test_generic_game_limits() -> None:
    with pytest.raises(ValueError, match="QuantityGame"):
        shapley_brute_force(lambda s: float(len(s)), range(21))
    with pytest.raises(ValueError, match="limit"):
        nucleolus(QuantityGame({i: 1.0 for i in range(13)}, SCHEDULES["all_units"]))


@pytest.mark.parametrize("kind", list(SCHEDULES))
def test_least_core_by_constraint_generation_equals_enumeration(kind: str) -> None:
    rng = np.random.default_rng(12)
    for n in (4, 7, 10):
        quantities = {i: float(rng.integers(1, 15)) for i in range(n)}
        game = QuantityGame(quantities, SCHEDULES[kind])
        _, enumerated = least_core(game)
        allocation, generated = least_core_quantity_game(game)
        assert generated == pytest.approx(enumerated, abs=1e-6)
        assert sum(allocation.values()) == pytest.approx(game(frozenset(quantities)))


def test_quick_emptiness_test_on_the_hand_worked_truckload_game() -> None:
    game = QuantityGame({"a": 5, "b": 5, "c": 5}, TruckloadSchedule(10, 100))
    _, epsilon = least_core_quantity_game(game, stop_when_empty=True)
    assert 0 < epsilon <= 100 / 3 + 1e-9  # a lower bound on the true 33.33


def test_importing_games_does_not_load_scipy_optimize():
    # linprog is imported inside least_core / nucleolus / least_core_quantity_game: importing the
    # module (and so pool.allocation) must not pay for scipy.optimize (about 0.5 s).
    import subprocess
    import sys

    code = "import sys, cluster_analysis.pool.games; print('scipy.optimize' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
