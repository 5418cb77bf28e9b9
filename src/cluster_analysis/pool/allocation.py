"""Sharing a pool's cost among its members, rule by rule (docs/methods.md#bargaining-pool).

:func:`allocate` returns one table per rule - quantity, stand-alone cost, allocated cost and
savings per member - whose allocated costs add up to the pooled cost ``C(Q)``. Every rule is
checked against the core (no group of members would pay less buying on its own) and the result
says so (:attr:`Allocation.in_core`).

Rules (docs/methods.md#bargaining-pool):

* ``shapley``: average marginal cost over all orders of joining; exact for any pool size on a
  quantity game (see :mod:`cluster_analysis.pool.games`).
* ``proportional``: total savings ``S = sum_i C(q_i) - C(Q)`` shared in proportion to volume.
* ``equal_price``: everybody pays the pooled unit price, ``x_i = C(Q) q_i / Q`` (known to favour
  large members, who would have had low prices anyway).
* ``equal_percentage``: everybody saves the same share of their stand-alone cost,
  ``x_i = C(q_i) C(Q) / sum_j C(q_j)``.
* ``serial``: Moulin-Shenker serial cost sharing. With ``q_1 <= ... <= q_n`` and
  ``Q^k = q_1 + ... + q_(k-1) + (n-k+1) q_k``: ``x_1 = C(Q^1)/n`` and
  ``x_k = x_(k-1) + [C(Q^k) - C(Q^(k-1))] / (n-k+1)``; a member pays as if everyone bought at
  most their quantity.
* ``nucleolus``: lexicographically minimises the largest coalition excess; in the core whenever
  the core is non-empty (sequential LPs, up to 12 members).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from cluster_analysis.pool.games import (
    MAX_NUCLEOLUS_PLAYERS,
    QuantityGame,
    core_check,
    least_core,
    least_core_quantity_game,
    nucleolus,
    shapley_quantity_game,
)
from cluster_analysis.pool.tiers import TierSchedule

AllocationMethod = Literal[
    "shapley", "proportional", "equal_price", "equal_percentage", "serial", "nucleolus"
]
ALLOCATION_METHODS: tuple[str, ...] = (
    "shapley",
    "proportional",
    "equal_price",
    "equal_percentage",
    "serial",
    "nucleolus",
)

#: Bilingual names of the rules, for tables and chart legends.
METHOD_LABELS: dict[str, dict[str, str]] = {
    "shapley": {"en": "Shapley value", "ka": "შეპლის მნიშვნელობა"},
    "proportional": {
        "en": "Savings proportional to volume",
        "ka": "დანაზოგი მოცულობის პროპორციულად",
    },
    "equal_price": {"en": "Equal unit price", "ka": "ერთნაირი ერთეულის ფასი"},
    "equal_percentage": {"en": "Equal percentage saving", "ka": "ერთნაირი პროცენტული დანაზოგი"},
    "serial": {
        "en": "Serial cost sharing (Moulin-Shenker)",
        "ka": "სერიული განაწილება (მულენ-შენკერი)",
    },
    "nucleolus": {"en": "Nucleolus", "ka": "ნუკლეოლუსი"},
}


def _demand_series(demand: Mapping[object, float] | pd.Series) -> pd.Series:
    series = pd.Series(demand, dtype="float64") if not isinstance(demand, pd.Series) else demand
    series = series.astype("float64")
    if series.empty:
        raise ValueError("demand is empty: give at least one member and quantity")
    if series.index.has_duplicates:
        raise ValueError("demand lists a member twice; sum each member's quantity first")
    if series.isna().any() or not np.isfinite(series.to_numpy()).all():
        raise ValueError("demand quantities must be numbers")
    if (series < 0).any():
        raise ValueError("demand quantities must not be negative")
    return series


def _serial(quantities: np.ndarray, cost) -> np.ndarray:
    """Moulin-Shenker serial shares (formula in the module docstring)."""
    n = len(quantities)
    order = np.argsort(quantities, kind="stable")
    sorted_q = quantities[order]
    shares_sorted = np.empty(n)
    previous_cost = 0.0
    previous_share = 0.0
    prefix = 0.0
    for k in range(n):  # k is 0-based: n - k members still buy at least q_k
        level = prefix + (n - k) * sorted_q[k]
        level_cost = float(cost(level))
        previous_share = previous_share + (level_cost - previous_cost) / (n - k)
        shares_sorted[k] = previous_share
        previous_cost = level_cost
        prefix += sorted_q[k]
    shares = np.empty(n)
    shares[order] = shares_sorted
    return shares


@dataclass(frozen=True)
class Allocation:
    """One rule's allocation and the core facts of the pool's game.

    ``table`` is indexed by member with ``quantity``, ``standalone_cost`` (``C(q_i)``),
    ``allocated_cost`` (adds up to ``C(Q)``) and ``savings`` (their difference).
    """

    table: pd.DataFrame
    method: str
    pooled_quantity: float
    pooled_cost: float
    total_standalone_cost: float
    in_core: bool
    max_excess: float
    core_check: str
    #: None when not computed (large package pools whose test did not settle)
    core_empty: bool | None = None
    least_core_epsilon: float | None = None
    #: an empty core's least-core epsilon is at least this (large package pools)
    least_core_epsilon_lower_bound: float | None = None
    #: the nucleolus allocation, the fallback for a rule outside the core (up to 12 members)
    nucleolus: pd.Series | None = None
    #: the fallback above 12 members: equal unit price (tiers) or the least core (packages)
    core_fallback: pd.Series | None = None


def allocate(
    demand: Mapping[object, float] | pd.Series,
    schedule,
    method: AllocationMethod = "shapley",
    *,
    buy_up: bool = False,
    quantum: float | None = None,
    _cache: dict | None = None,
) -> Allocation:
    """Share the pooled cost ``C(Q)`` of ``demand`` on ``schedule`` among members.

    ``demand`` maps member to quantity (dict or Series); ``schedule`` is a
    :class:`~cluster_analysis.pool.tiers.TierSchedule`, a package schedule, or a function of the
    pooled quantity. ``buy_up=True`` prices every order with the buy-up option of an all-units
    schedule (``C*``). ``quantum`` fixes the quantity step of the exact Shapley DP.

    Returns an :class:`Allocation`: the table per member and whether the allocation is in the
    core (``in_core``, ``max_excess``, ``core_check``: which check was run), and, when it could be
    computed (up to 12 members), ``core_empty`` and ``least_core_epsilon``. For a rule outside the
    core with up to 12 members, ``nucleolus`` holds the nucleolus allocation - the fallback rule.
    Above 12 members: tier schedules have a non-empty core (see :func:`_large_pool_core`) and a
    rule outside it gets ``core_fallback`` (the equal unit price); package schedules get an exact
    emptiness test (``core_empty``; ``least_core_epsilon_lower_bound`` when empty) and, when the
    core is non-empty, the least core as ``core_fallback``. Raises ValueError for an unknown rule, bad quantities, or a nucleolus above 12 members.
    """
    if method not in ALLOCATION_METHODS:
        raise ValueError(f"method must be one of {', '.join(ALLOCATION_METHODS)}; got {method!r}")
    quantities = _demand_series(demand)
    function = getattr(schedule, "cost", schedule)
    if not callable(function):
        raise TypeError("schedule must have .cost(quantity) or be a function of the quantity")

    def cost(q):
        if buy_up:
            return function(q, buy_up=True)
        return function(q)

    members = list(quantities.index)
    game = QuantityGame(dict(zip(members, quantities.tolist(), strict=True)), cost, quantum)
    q = quantities.to_numpy(dtype=float)
    standalone = np.array([float(game.cost_of(v)) for v in q])
    pooled_quantity = math.fsum(q.tolist())
    pooled_cost = float(game.cost_of(pooled_quantity))
    total_standalone = math.fsum(standalone.tolist())

    if method == "shapley":
        shares_map = shapley_quantity_game(game, members)
        shares = np.array([shares_map[m] for m in members])
    elif method == "proportional":
        savings_total = total_standalone - pooled_cost
        weights = q / pooled_quantity if pooled_quantity > 0 else np.full(len(q), 1 / len(q))
        shares = standalone - savings_total * weights
    elif method == "equal_price":
        weights = q / pooled_quantity if pooled_quantity > 0 else np.full(len(q), 1 / len(q))
        shares = pooled_cost * weights
    elif method == "equal_percentage":
        if total_standalone > 0:
            shares = standalone * (pooled_cost / total_standalone)
        else:
            shares = np.full(len(q), pooled_cost / len(q))
    elif method == "serial":
        shares = _serial(q, game.cost_of)
    else:
        if len(members) > MAX_NUCLEOLUS_PLAYERS:
            raise ValueError(
                f"the nucleolus is computed for at most {MAX_NUCLEOLUS_PLAYERS} members (sequential "
                f"LPs over all 2^n coalitions); this pool has {len(members)}. Use method='shapley'."
            )
        shares_map = nucleolus(game, members)
        shares = np.array([shares_map[m] for m in members])

    result = pd.DataFrame(
        {
            "quantity": q,
            "standalone_cost": standalone,
            "allocated_cost": shares,
            "savings": standalone - shares,
        },
        index=pd.Index(members, name=quantities.index.name or "member"),
    )
    check = core_check(game, dict(zip(members, shares.tolist(), strict=True)), members)
    facts: dict[str, object] = {}
    # Core facts depend on the game only, not the rule: allocate_all shares them via _cache.
    cache = _cache if _cache is not None else {}
    if len(members) <= MAX_NUCLEOLUS_PLAYERS:
        if "epsilon" not in cache:
            cache["epsilon"] = least_core(game, members)[1]
        epsilon = cache["epsilon"]
        facts["least_core_epsilon"] = epsilon
        facts["core_empty"] = bool(epsilon > 1e-7 * max(1.0, abs(pooled_cost)))
        if not check.in_core:
            if method == "nucleolus":
                cache["nucleolus"] = dict(zip(members, shares.tolist(), strict=True))
            if "nucleolus" not in cache:
                cache["nucleolus"] = nucleolus(game, members)
            fallback = [cache["nucleolus"][m] for m in members]
            facts["nucleolus"] = pd.Series(fallback, index=result.index, name="nucleolus")
    else:
        if "large" not in cache:  # fallback computed once, dropped below for rules in the core
            cache["large"] = _large_pool_core(game, members, schedule, pooled_quantity, False)
        facts.update(cache["large"])
        if check.in_core:
            facts.pop("core_fallback", None)
    return Allocation(
        table=result,
        method=method,
        pooled_quantity=pooled_quantity,
        pooled_cost=pooled_cost,
        total_standalone_cost=total_standalone,
        in_core=check.in_core,
        max_excess=check.max_excess,
        core_check=check.method,
        **facts,  # type: ignore[arg-type]
    )


def _large_pool_core(
    game: QuantityGame, members: list, schedule, pooled_quantity: float, in_core: bool
) -> dict[str, object]:
    """Core facts for pools above 12 members, where the nucleolus LPs are not run.

    Tier schedules (all-units, with or without buy-up, and incremental) never raise the average
    price with quantity, so the equal unit price ``x_i = C(Q) q_i / Q`` satisfies
    ``x(S) = AC(Q) Q_S <= AC(Q_S) Q_S = c(S)``: the core is non-empty and that allocation is the
    fallback. Other schedules (package / truckload) get a quick exact emptiness test by
    constraint generation (knapsack separation); when the core is non-empty its least-core
    allocation is the fallback; when it is empty no fallback is computed for large pools.
    """
    index = pd.Index(members, name="member")
    if isinstance(schedule, TierSchedule):
        facts: dict[str, object] = {"core_empty": False, "least_core_epsilon": None}
        if not in_core:
            equal_price = np.array([float(game.quantities[m]) for m in members])
            equal_price *= game.cost_of(pooled_quantity) / pooled_quantity
            facts["core_fallback"] = pd.Series(equal_price, index=index, name="equal_price")
        return facts
    try:
        shares, epsilon = least_core_quantity_game(
            game, members, stop_when_empty=True, max_rounds=40
        )
    except RuntimeError:
        return {"core_empty": None, "least_core_epsilon": None}
    if epsilon > 1e-7 * max(1.0, abs(float(game.cost_of(pooled_quantity)))):
        return {"core_empty": True, "least_core_epsilon_lower_bound": epsilon}
    facts = {"core_empty": False, "least_core_epsilon": epsilon}
    if not in_core:
        values = [shares[m] for m in members]
        facts["core_fallback"] = pd.Series(values, index=index, name="least_core")
    return facts


def allocate_all(
    demand: Mapping[object, float] | pd.Series,
    schedule,
    methods: tuple[str, ...] | None = None,
    **options,
) -> pd.DataFrame:
    """Return every rule side by side: a long frame (member, method, ..., in_core).

    ``methods`` defaults to all rules, leaving out the nucleolus above 12 members.
    """
    quantities = _demand_series(demand)
    if methods is None:
        methods = tuple(
            m
            for m in ALLOCATION_METHODS
            if m != "nucleolus" or len(quantities) <= MAX_NUCLEOLUS_PLAYERS
        )
    frames = []
    cache: dict = {}  # least core / nucleolus are the same for every rule
    for method in methods:
        allocation = allocate(quantities, schedule, method, _cache=cache, **options)  # type: ignore[arg-type]
        frame = allocation.table.rename_axis("member").reset_index()
        frame.insert(1, "method", method)
        frame["in_core"] = allocation.in_core
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)
