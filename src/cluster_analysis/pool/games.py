"""Cooperative cost games: Shapley value, core check, least core and nucleolus (docs/methods.md#bargaining-pool).

A game maps each coalition (a ``frozenset`` of players) to its worth. Here worth is usually a
*cost*: ``c(S) = C(Q_S)``, what coalition ``S`` pays when it buys its pooled quantity ``Q_S`` on a
vendor's schedule ``C``. That kind of game is a :class:`QuantityGame`; for it the Shapley value is
computed exactly for large pools by dynamic programming over (coalition size, pooled quantity)
instead of enumerating ``2^n`` coalitions, and the core is checked exactly by a knapsack over the
pooled quantity.

Discrete quantities (how the DP stays exact): every quantity is written as a whole number of a
common *quantum* - by default the coarsest power-of-ten fraction that represents every quantity
exactly (0.5 t and 1.25 t -> quantum 0.05 t after dividing by the common factor). Sums of
coalitions are then integers on a grid ``0..K`` and the DP counts, for each size ``s`` and grid
sum ``Q``, how many coalitions have that size and sum. Counts are held in int64 (exact) up to 66
players, where ``C(66, 33) < 2^63``; beyond that in float64 (relative rounding about 1e-12). If
quantities need more than 6 decimals, or the grid would exceed ``max_grid_cells``, a ValueError
says so; pass a coarser ``quantum`` only after rounding the quantities to it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

Player = Hashable
Coalition = frozenset
GameValue = Mapping[frozenset, float] | Callable[[frozenset], float]

#: Largest pool for which :func:`shapley` enumerates all 2^n coalitions of a generic game.
MAX_BRUTE_FORCE_PLAYERS = 20
#: Largest pool for which the core check enumerates coalitions of a generic game.
MAX_ENUMERATION_PLAYERS = 20
#: Largest pool for the least core / nucleolus LPs (2^n - 2 constraints each).
MAX_NUCLEOLUS_PLAYERS = 12
#: Largest player count whose coalition counts fit exactly in int64 (C(66, 33) < 2^63).
_MAX_INT64_PLAYERS = 66


@dataclass(frozen=True)
class QuantityGame:
    """The cost game of a buying pool: ``c(S) = C(sum_(i in S) q_i)`` (docs/methods.md#bargaining-pool).

    ``quantities`` maps each player to a non-negative quantity; ``cost`` is a schedule (anything
    with ``cost(quantity)``) or a function of the pooled quantity that accepts a numpy array.
    Calling the game with a coalition returns its cost, so it is also a generic game.
    """

    quantities: Mapping[Player, float]
    cost: object
    quantum: float | None = None
    _cost_function: Callable = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        function = getattr(self.cost, "cost", self.cost)
        if not callable(function):
            raise TypeError("cost must be a schedule with .cost(quantity) or a function")
        object.__setattr__(self, "_cost_function", function)
        for player, quantity in self.quantities.items():
            if not (math.isfinite(float(quantity)) and float(quantity) >= 0):
                raise ValueError(f"quantity of {player!r} must be a non-negative number")

    @property
    def players(self) -> list[Player]:
        """Players in the order given."""
        return list(self.quantities)

    def cost_of(self, quantity: float | np.ndarray) -> float | np.ndarray:
        """Return ``C(Q)`` with ``C(0) = 0``: an empty order costs nothing."""
        values = np.asarray(quantity, dtype=float)
        result = np.where(values > 0, np.asarray(self._cost_function(values), dtype=float), 0.0)
        return float(result) if result.ndim == 0 else result

    def __call__(self, coalition: Iterable[Player]) -> float:
        pooled = math.fsum(float(self.quantities[p]) for p in coalition)
        return float(self.cost_of(pooled))

    def standalone(self) -> dict[Player, float]:
        """Return each player's stand-alone cost ``C(q_i)``."""
        return {p: float(self.cost_of(float(q))) for p, q in self.quantities.items()}


def savings_game(game: QuantityGame) -> Callable[[frozenset], float]:
    """Return the savings game ``v(S) = sum_(i in S) C(q_i) - C(Q_S)`` (docs/methods.md#bargaining-pool)."""
    standalone = game.standalone()

    def value(coalition: frozenset) -> float:
        return math.fsum(standalone[p] for p in coalition) - game(coalition)

    return value


# --------------------------------------------------------------------------------------------
# Coalition enumeration helpers (bitmask i <-> players[i])


def _mask_sums(weights: np.ndarray) -> np.ndarray:
    """Return sum of ``weights`` over every bitmask 0..2^n-1 (bit i = player i)."""
    sums = np.zeros(1)
    for weight in weights:
        sums = np.concatenate([sums, sums + weight])
    return sums


def _popcounts(n: int) -> np.ndarray:
    counts = np.zeros(1, dtype=np.int64)
    for _ in range(n):
        counts = np.concatenate([counts, counts + 1])
    return counts


def _coalition_values(value: GameValue, players: Sequence[Player]) -> np.ndarray:
    """Return the worth of every coalition, indexed by bitmask; v(empty) = 0 unless given."""
    n = len(players)
    if isinstance(value, QuantityGame):
        quantities = np.array([float(value.quantities[p]) for p in players])
        return np.asarray(value.cost_of(_mask_sums(quantities)), dtype=float)
    values = np.empty(2**n)
    for mask in range(2**n):
        coalition = frozenset(players[i] for i in range(n) if mask >> i & 1)
        if isinstance(value, Mapping):
            if coalition in value:
                values[mask] = float(value[coalition])
            elif not coalition:
                values[mask] = 0.0
            else:
                raise ValueError(
                    f"the game gives no worth for coalition {sorted(coalition, key=str)}"
                )
        else:
            values[mask] = float(value(coalition))
    return values


def _check_players(players: Iterable[Player]) -> list[Player]:
    listed = list(players)
    if not listed:
        raise ValueError("a game needs at least one player")
    if len(set(listed)) != len(listed):
        raise ValueError("players must be distinct")
    return listed


# --------------------------------------------------------------------------------------------
# Shapley value


def shapley_brute_force(value: GameValue, players: Iterable[Player]) -> dict[Player, float]:
    """Return the Shapley value by enumerating all 2^n coalitions (any cooperative game).

    ``phi_i = sum_(S subset of N minus i) |S|! (n-|S|-1)! / n! * [v(S + i) - v(S)]``
    (docs/methods.md#bargaining-pool). Limited to :data:`MAX_BRUTE_FORCE_PLAYERS` players.
    """
    listed = _check_players(players)
    n = len(listed)
    if n > MAX_BRUTE_FORCE_PLAYERS:
        raise ValueError(
            f"brute-force Shapley enumerates 2^n coalitions; {n} players is above the limit of "
            f"{MAX_BRUTE_FORCE_PLAYERS}. For pools whose worth depends only on the pooled "
            "quantity use a QuantityGame (exact dynamic programming)."
        )
    worth = _coalition_values(value, listed)
    sizes = _popcounts(n)
    # weight(s) = s! (n-s-1)! / n! = 1 / (n * C(n-1, s))
    weights = np.array([1.0 / (n * math.comb(n - 1, s)) for s in range(n)])
    masks = np.arange(2**n)
    result = {}
    for i, player in enumerate(listed):
        without = masks[(masks >> i & 1) == 0]
        marginal = worth[without | (1 << i)] - worth[without]
        result[player] = float(np.sum(weights[sizes[without]] * marginal))
    return result


def shapley(
    value: GameValue | QuantityGame, players: Iterable[Player] | None = None
) -> dict[Player, float]:
    """Return the Shapley value of a cooperative game as ``{player: share}``.

    ``value`` maps each coalition (a ``frozenset``) to its worth - a dict, or a callable taking a
    frozenset. Works for any game by enumerating coalitions (up to
    :data:`MAX_BRUTE_FORCE_PLAYERS` players). A :class:`QuantityGame` (worth depends only on
    the pooled quantity, as for every tier schedule) is solved exactly by dynamic programming over
    (coalition size, pooled quantity), which handles pools of 60 and more members; ``players``
    may then be omitted. Formula: docs/methods.md#bargaining-pool.
    """
    if isinstance(value, QuantityGame):
        listed = _check_players(players if players is not None else value.players)
        return shapley_quantity_game(value, listed)
    if players is None:
        raise ValueError("players are required unless the game is a QuantityGame")
    return shapley_brute_force(value, players)


def integer_grid(
    quantities: Sequence[float], quantum: float | None = None, *, max_decimals: int = 6
) -> tuple[np.ndarray, int, int]:
    """Write quantities as whole multiples of a common quantum.

    Returns ``(units, numerator, denominator)`` with ``quantity_i == units_i * numerator /
    denominator`` exactly (to 1e-9 relative). By default the quantum is the coarsest one that
    represents every quantity: the smallest number of decimals that makes them all whole, then
    divided by their greatest common divisor. An explicit ``quantum`` must divide every quantity.
    """
    values = np.asarray(quantities, dtype=float)
    if quantum is not None:
        if not quantum > 0:
            raise ValueError("quantum must be positive")
        scaled = values / quantum
        units = np.round(scaled)
        if np.any(np.abs(scaled - units) > 1e-9 * np.maximum(1.0, np.abs(scaled))):
            raise ValueError(
                f"quantities are not whole multiples of quantum={quantum}; round them first"
            )
        # Express the quantum as a decimal fraction so grid values match typed-in breaks.
        for decimals in range(max_decimals + 1):
            numerator = quantum * 10**decimals
            if abs(numerator - round(numerator)) <= 1e-9 * max(1.0, numerator):
                return units.astype(np.int64), round(numerator), 10**decimals
        raise ValueError(f"quantum={quantum} needs more than {max_decimals} decimals")
    for decimals in range(max_decimals + 1):
        scaled = values * 10**decimals
        rounded = np.round(scaled)
        if np.all(np.abs(scaled - rounded) <= 1e-9 * np.maximum(1.0, np.abs(scaled))):
            whole = rounded.astype(np.int64)
            positive = whole[whole > 0]
            divisor = int(np.gcd.reduce(positive)) if len(positive) else 1
            return whole // divisor, divisor, 10**decimals
    raise ValueError(
        f"quantities need more than {max_decimals} decimals to be exact; round them to a "
        "sensible unit (e.g. whole kg) or pass quantum="
    )


def shapley_quantity_game(
    game: QuantityGame,
    players: Sequence[Player] | None = None,
    *,
    max_grid_cells: int = 25_000_000,
) -> dict[Player, float]:
    """Return the exact Shapley cost shares of a quantity game by dynamic programming.

    ``phi_i = sum_s 1 / (n C(n-1, s)) * sum_Q N_i(s, Q) [C(Q + q_i) - C(Q)]`` where ``N_i(s, Q)``
    counts the coalitions of size ``s`` and pooled quantity ``Q`` that exclude ``i``
    (docs/methods.md#bargaining-pool). ``N(s, Q)`` over all players is built once by a knapsack recursion;
    ``N_i`` follows by removing ``i``: ``N_i(s, Q) = N(s, Q) - N_i(s-1, Q - q_i)``. Players
    with equal quantities share one removal. Cost: ``O(n^2 K)`` for ``K`` grid steps of pooled
    quantity, no ``2^n``. Raises ValueError when the grid is too fine (see module docstring).
    """
    listed = _check_players(players if players is not None else game.players)
    n = len(listed)
    units, numerator, denominator = integer_grid(
        [float(game.quantities[p]) for p in listed], game.quantum
    )
    total = int(units.sum())
    if (n + 1) * (total + 1) > max_grid_cells:
        raise ValueError(
            f"exact Shapley needs a table of {n + 1} x {total + 1} cells (pooled quantity in "
            f"steps of {numerator}/{denominator}); above {max_grid_cells}. Round quantities to a "
            "coarser unit and pass quantum="
        )
    dtype = np.int64 if n <= _MAX_INT64_PLAYERS else np.float64
    # counts[s, Q]: number of coalitions of size s whose quantities sum to Q grid steps.
    counts: npt.NDArray[Any] = np.zeros((n + 1, total + 1), dtype=dtype)
    counts[0, 0] = 1
    reached = 0  # largest sum reachable so far: columns beyond it are still zero
    for size_so_far, k in enumerate(units.tolist()):
        top = size_so_far + 1  # only rows 0..size_so_far can be non-zero yet
        if k == 0:
            counts[1 : top + 1, : reached + 1] += counts[0:top, : reached + 1].copy()
        else:
            counts[1 : top + 1, k : reached + k + 1] += counts[0:top, : reached + 1]
        reached += k
    # Costs on the grid: integer * numerator / denominator is the correctly rounded decimal, so
    # a grid value equal to a typed-in break compares equal to it.
    grid = (np.arange(total + 1, dtype=np.int64) * numerator) / denominator
    grid_costs = np.asarray(game.cost_of(grid), dtype=float)
    weights = np.array([1.0 / (n * math.comb(n - 1, s)) for s in range(n)])

    # Complement symmetry inside N minus i: N_i(s, Q) = N_i(n-1-s, K-k-Q), so only sizes up to
    # (n-1)/2 are built and each also serves its mirror size with the reversed marginal cost.
    half = (n - 1) // 2
    previous: npt.NDArray[Any] = np.empty(total + 1, dtype=dtype)
    current: npt.NDArray[Any] = np.empty(total + 1, dtype=dtype)
    as_float = np.empty(total + 1, dtype=np.float64)
    share_by_units: dict[int, float] = {}
    for k in sorted(set(units.tolist())):
        reach = total + 1 - k  # sums Q with Q + k still on the grid
        marginal = grid_costs[k:] - grid_costs[:reach]
        mirrored = marginal[::-1].copy()
        per_size = np.zeros(n)
        np.copyto(previous, counts[0])
        for s in range(half + 1):
            if s > 0:
                np.copyto(current, counts[s])
                if k == 0:
                    current -= previous
                else:
                    current[k:] -= previous[:reach]
                previous, current = current, previous
            np.copyto(as_float[:reach], previous[:reach])
            per_size[s] = as_float[:reach] @ marginal
            if n - 1 - s != s:
                per_size[n - 1 - s] = as_float[:reach] @ mirrored
        share_by_units[k] = float(weights @ per_size)
    return {player: share_by_units[int(k)] for player, k in zip(listed, units, strict=True)}


# --------------------------------------------------------------------------------------------
# Core


@dataclass(frozen=True)
class CoreCheck:
    """Result of checking an allocation against the core of a cost game.

    ``max_excess`` is ``max_S x(S) - c(S)`` over proper non-empty coalitions (<= 0 means no
    coalition would do better alone); ``method`` names the check that was run.
    """

    in_core: bool
    max_excess: float
    efficient: bool
    method: str


def _tolerance(scale: float) -> float:
    return 1e-7 * max(1.0, abs(scale))


def core_check(
    value: GameValue | QuantityGame,
    allocation: Mapping[Player, float],
    players: Iterable[Player] | None = None,
) -> CoreCheck:
    """Check whether a cost allocation is in the core (docs/methods.md#bargaining-pool).

    Core: ``sum_i x_i = c(N)`` and ``x(S) <= c(S)`` for every coalition ``S``. A quantity game is
    checked exactly for any number of players by a 0/1 knapsack over the pooled-quantity grid
    (the largest ``x(S)`` among coalitions with each pooled quantity). A generic game is checked
    by enumerating coalitions up to :data:`MAX_ENUMERATION_PLAYERS` players; above that a
    ValueError is raised.
    """
    if players is None:
        if not isinstance(value, QuantityGame):
            raise ValueError("players are required unless the game is a QuantityGame")
        players = value.players
    listed = _check_players(players)
    x = np.array([float(allocation[p]) for p in listed])
    n = len(listed)
    if isinstance(value, QuantityGame):
        grand = value(frozenset(listed))
        max_excess = _quantity_game_max_excess(value, listed, x)
        method = "knapsack over pooled quantity (exact, all coalitions)"
    else:
        if n > MAX_ENUMERATION_PLAYERS:
            raise ValueError(
                f"a generic game's core check enumerates 2^n coalitions; {n} players is above "
                f"{MAX_ENUMERATION_PLAYERS}"
            )
        worth = _coalition_values(value, listed)
        grand = float(worth[-1])
        excess = _mask_sums(x) - worth
        max_excess = float(np.max(excess[1:-1])) if n > 1 else -math.inf
        method = f"enumeration of all {2**n - 2} proper coalitions"
    tol = _tolerance(grand)
    efficient = abs(float(x.sum()) - grand) <= tol
    return CoreCheck(
        in_core=bool(efficient and max_excess <= tol),
        max_excess=float(max_excess),
        efficient=bool(efficient),
        method=method,
    )


def _quantity_game_max_excess(
    game: QuantityGame, players: Sequence[Player], x: np.ndarray
) -> float:
    """Return ``max x(S) - C(Q_S)`` over proper non-empty coalitions, exactly, by knapsack."""
    units, numerator, denominator = integer_grid(
        [float(game.quantities[p]) for p in players], game.quantum
    )
    total = int(units.sum())
    if len(players) == 1:
        return -math.inf
    positive = units > 0
    zero_shares = x[~positive]
    # best[Q] = largest x(S) over coalitions of positive-quantity players with pooled Q.
    best = np.full(total + 1, -np.inf)
    best[0] = 0.0
    for k, share in zip(units[positive].tolist(), x[positive].tolist(), strict=True):
        shifted = best[: total + 1 - k] + share
        best[k:] = np.maximum(best[k:], shifted)
    grid = (np.arange(total + 1, dtype=np.int64) * numerator) / denominator
    costs = np.asarray(game.cost_of(grid), dtype=float)
    # Zero-quantity players join any coalition for free: add those with a positive share.
    free_riders = float(np.sum(np.clip(zero_shares, 0, None)))
    candidates = []
    if total > 1:
        candidates.append(float(np.max(best[1:total] - costs[1:total])) + free_riders)
    if len(zero_shares):
        # Coalitions of zero-quantity players only (cost 0), or all positive players plus some
        # of them (cost C(Q_N)): the excess is a sum of their shares, or minus a sum.
        candidates.append(free_riders if free_riders > 0 else float(np.max(zero_shares)))
        negative = -zero_shares
        candidates.append(
            float(np.sum(negative[negative > 0]))
            if np.any(negative > 0)
            else float(np.max(negative))
        )
    return max(candidates) if candidates else -math.inf


# --------------------------------------------------------------------------------------------
# Least core and nucleolus (sequential LPs)


def _proper_coalition_matrix(n: int) -> np.ndarray:
    masks = np.arange(1, 2**n - 1)
    return ((masks[:, None] >> np.arange(n)) & 1).astype(float)


def _nucleolus_inputs(
    value: GameValue | QuantityGame, players: Iterable[Player] | None
) -> tuple[list[Player], np.ndarray, float]:
    if players is None:
        if not isinstance(value, QuantityGame):
            raise ValueError("players are required unless the game is a QuantityGame")
        players = value.players
    listed = _check_players(players)
    if len(listed) > MAX_NUCLEOLUS_PLAYERS:
        raise ValueError(
            f"least core / nucleolus enumerate all 2^n coalitions as LP constraints; {len(listed)} "
            f"players is above the limit of {MAX_NUCLEOLUS_PLAYERS}. Use the Shapley value, "
            "proportional or serial rules for larger pools."
        )
    worth = _coalition_values(value, listed)
    return listed, worth, float(worth[-1])


def least_core(
    value: GameValue | QuantityGame, players: Iterable[Player] | None = None
) -> tuple[dict[Player, float], float]:
    """Return a least-core allocation and its ``epsilon`` (docs/methods.md#bargaining-pool).

    Solves ``min eps`` s.t. ``x(S) <= c(S) + eps`` for every proper coalition and
    ``x(N) = c(N)`` with scipy's HiGHS LP. ``eps <= 0`` means the core is non-empty.
    Limited to :data:`MAX_NUCLEOLUS_PLAYERS` players.
    """
    from scipy.optimize import linprog  # imported here: scipy.optimize costs ~0.5 s on import

    listed, worth, grand = _nucleolus_inputs(value, players)
    n = len(listed)
    if n == 1:
        return {listed[0]: grand}, 0.0
    rows = _proper_coalition_matrix(n)
    rhs = worth[1:-1]
    a_ub = np.hstack([rows, -np.ones((len(rows), 1))])
    a_eq = np.hstack([np.ones((1, n)), np.zeros((1, 1))])
    objective = np.zeros(n + 1)
    objective[-1] = 1.0
    res = linprog(
        objective, A_ub=a_ub, b_ub=rhs, A_eq=a_eq, b_eq=[grand], bounds=[(None, None)] * (n + 1)
    )
    if not res.success:  # pragma: no cover - the least-core LP is always feasible and bounded
        raise RuntimeError(f"least-core LP failed: {res.message}")
    return dict(zip(listed, map(float, res.x[:n]), strict=True)), float(res.x[-1])


def nucleolus(
    value: GameValue | QuantityGame, players: Iterable[Player] | None = None
) -> dict[Player, float]:
    """Return the nucleolus of a cost game by sequential LPs (Maschler-Peleg-Shapley).

    Each round solves the least-core LP over the coalitions not yet fixed; coalitions whose
    constraint has a non-zero dual are tight in every optimum, so they are fixed at that excess;
    coalitions whose vector lies in the span of fixed ones are dropped. It stops when the fixed
    coalitions determine ``x``. Lies in the core whenever the core is non-empty. Limited to
    :data:`MAX_NUCLEOLUS_PLAYERS` players (2^n - 2 constraints).
    """
    from scipy.optimize import linprog  # imported here: scipy.optimize costs ~0.5 s on import

    listed, worth, grand = _nucleolus_inputs(value, players)
    n = len(listed)
    if n == 1:
        return {listed[0]: grand}
    free_rows = _proper_coalition_matrix(n)
    free_rhs = worth[1:-1].copy()
    fixed_rows = [np.ones(n)]
    fixed_rhs = [grand]
    objective = np.zeros(n + 1)
    objective[-1] = 1.0
    x = None
    for _ in range(2**n):
        a_ub = np.hstack([free_rows, -np.ones((len(free_rows), 1))])
        a_eq = np.hstack([np.array(fixed_rows), np.zeros((len(fixed_rows), 1))])
        res = linprog(
            objective,
            A_ub=a_ub,
            b_ub=free_rhs,
            A_eq=a_eq,
            b_eq=fixed_rhs,
            bounds=[(None, None)] * (n + 1),
        )
        if not res.success:  # pragma: no cover
            raise RuntimeError(f"nucleolus LP failed: {res.message}")
        x, epsilon = res.x[:n], float(res.x[-1])
        duals = np.abs(res.ineqlin.marginals)
        tight = duals > 1e-9
        if not np.any(tight):  # pragma: no cover - a minimised eps always has a binding row
            tight = np.abs(free_rows @ x - epsilon - free_rhs) <= 1e-9
        fixed_rows.extend(free_rows[tight])
        fixed_rhs.extend((free_rhs[tight] + epsilon).tolist())
        free_rows, free_rhs = free_rows[~tight], free_rhs[~tight]
        basis = np.array(fixed_rows)
        if np.linalg.matrix_rank(basis) >= n:
            x = np.linalg.lstsq(basis, np.array(fixed_rhs), rcond=None)[0]
            break
        # Drop coalitions already determined by the fixed ones (their excess is constant).
        _, singular, vh = np.linalg.svd(basis, full_matrices=False)
        span = vh[singular > 1e-9 * singular[0]]
        residual = free_rows - (free_rows @ span.T) @ span
        keep = np.linalg.norm(residual, axis=1) > 1e-9
        free_rows, free_rhs = free_rows[keep], free_rhs[keep]
        if len(free_rows) == 0:
            break
    assert x is not None
    return dict(zip(listed, map(float, x), strict=True))


def _violated_coalitions(
    units: np.ndarray, costs: np.ndarray, x: np.ndarray, epsilon: float, tol: float, limit: int
) -> tuple[float, list[np.ndarray]]:
    """Return ``max x(S) - C(Q_S)`` over proper non-empty coalitions and up to ``limit``
    coalitions whose excess exceeds ``epsilon + tol`` (the best one per pooled quantity, largest
    excess first), by a 0/1 knapsack over the pooled-quantity grid with backtracking.
    All units must be positive."""
    n, total = len(units), int(units.sum())
    best = np.full(total + 1, -np.inf)
    best[0] = 0.0
    taken = np.zeros((n, total + 1), dtype=bool)
    for i, (k, share) in enumerate(zip(units.tolist(), x.tolist(), strict=True)):
        candidate = best[: total + 1 - k] + share
        improves = candidate > best[k:]
        best[k:] = np.where(improves, candidate, best[k:])
        taken[i, k:] = improves
    excess = best[1:total] - costs[1:total]  # Q = 0 is the empty set, Q = K only the pool
    order = np.argsort(-excess, kind="stable")
    worst = float(excess[order[0]])
    coalitions = []
    for position in order[:limit]:
        if excess[position] <= epsilon + tol:
            break
        q = int(position) + 1
        coalition = np.zeros(n)
        for i in range(n - 1, -1, -1):  # walk back through the items' decisions
            if taken[i, q]:
                coalition[i] = 1.0
                q -= int(units[i])
        coalitions.append(coalition)
    return worst, coalitions


def least_core_quantity_game(
    game: QuantityGame,
    players: Sequence[Player] | None = None,
    *,
    max_rounds: int = 1000,
    cuts_per_round: int = 25,
    stop_when_empty: bool = False,
) -> tuple[dict[Player, float], float]:
    """Return a least-core allocation and ``epsilon`` of a quantity game of any size.

    Same LP as :func:`least_core` (``min eps`` s.t. ``x(S) <= c(S) + eps``, ``x(N) = c(N)``), but
    by constraint generation: start from singletons and their complements, solve, add the most
    violated coalitions found exactly by a knapsack over the pooled-quantity grid (up to
    ``cuts_per_round`` at a time, one per pooled quantity), repeat until none is violated (so the result is exact, not an approximation). ``eps <= 0`` means the core
    is non-empty. Players with zero quantity get 0 and are left out of the LP (they change no
    coalition's cost). Raises RuntimeError if ``max_rounds`` is reached.

    Each round's ``eps`` (fewer constraints) is a lower bound on the true one, so with
    ``stop_when_empty=True`` the search stops as soon as it is positive: the core is then
    certainly empty and the returned ``eps`` is only that lower bound (quick emptiness test).
    """
    from scipy.optimize import linprog  # imported here: scipy.optimize costs ~0.5 s on import

    listed = _check_players(players if players is not None else game.players)
    quantities = [float(game.quantities[p]) for p in listed]
    active = [i for i, q in enumerate(quantities) if q > 0]
    shares = dict.fromkeys(listed, 0.0)
    grand = game(frozenset(listed))
    if len(active) <= 1:
        for i in active:
            shares[listed[i]] = grand
        return shares, 0.0
    units, numerator, denominator = integer_grid([quantities[i] for i in active], game.quantum)
    total = int(units.sum())
    grid = (np.arange(total + 1, dtype=np.int64) * numerator) / denominator
    costs = np.asarray(game.cost_of(grid), dtype=float)
    n = len(active)
    rows = [np.eye(n)[i] for i in range(n)] + [1.0 - np.eye(n)[i] for i in range(n)]
    objective = np.zeros(n + 1)
    objective[-1] = 1.0
    a_eq = np.hstack([np.ones((1, n)), np.zeros((1, 1))])
    tol = _tolerance(grand)
    for _ in range(max_rounds):
        matrix = np.array(rows)
        rhs = costs[(matrix @ units).round().astype(np.int64)]
        res = linprog(
            objective,
            A_ub=np.hstack([matrix, -np.ones((len(matrix), 1))]),
            b_ub=rhs,
            A_eq=a_eq,
            b_eq=[grand],
            bounds=[(None, None)] * (n + 1),
        )
        if not res.success:  # pragma: no cover - bounded by the singleton rows
            raise RuntimeError(f"least-core LP failed: {res.message}")
        x, epsilon = res.x[:n], float(res.x[-1])
        if stop_when_empty and epsilon > tol:
            for position, i in enumerate(active):
                shares[listed[i]] = float(x[position])
            return shares, epsilon
        violation, coalitions = _violated_coalitions(units, costs, x, epsilon, tol, cuts_per_round)
        if violation <= epsilon + tol:
            for position, i in enumerate(active):
                shares[listed[i]] = float(x[position])
            return shares, epsilon
        rows.extend(coalitions)
    raise RuntimeError(f"least core did not converge in {max_rounds} rounds")
