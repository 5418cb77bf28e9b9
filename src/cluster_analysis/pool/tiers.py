"""Vendor price schedules: tiered unit prices and package / truckload prices (docs/methods.md#bargaining-pool).

Two kinds of schedule share one small interface, ``cost(quantity)`` (a number or an array in, the
total price out), so the pooling and cost-sharing code never needs to know which kind it holds:

* :class:`TierSchedule` - unit prices that fall as the quantity crosses breakpoints, either
  all-units (the whole quantity pays the tier price) or incremental (each slice pays its own price).
* :class:`PackageSchedule` - a fixed price per package (truckload, container, audit team) of a
  given capacity: ``C(Q) = F * ceil(Q / capacity)``.

Boundary rule (a declared **choice**, docs/methods.md#bargaining-pool): a quantity exactly equal to a
breakpoint belongs to the higher tier and pays its (lower) price.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, overload

import numpy as np
import numpy.typing as npt

PricingMode = Literal["all_units", "incremental"]

# Quantities computed as sums of decimals (0.1 + 0.2) land a hair off a break or a package
# boundary; this relative slack keeps 30.000000000000004 pallets from ordering one more truck.
_RELATIVE_SLACK = 1e-9


def _as_quantities(quantity: float | npt.ArrayLike) -> np.ndarray:
    values = np.asarray(quantity, dtype=float)
    if np.any(~np.isfinite(values)):
        raise ValueError("quantities must be finite numbers")
    if np.any(values < 0):
        raise ValueError("quantities must not be negative")
    return values


class TierSchedule:
    """A vendor's tiered unit prices.

    Parameters
    ----------
    breaks:
        Lower bounds of tiers 2..k, strictly ascending and positive (tier 1 starts at 0).
    unit_prices:
        One price per tier (``len(breaks) + 1`` entries), non-increasing: a larger order never
        raises the unit price.
    mode:
        ``"all_units"``: ``C(Q) = p_k(Q) * Q`` where ``k(Q)`` is the tier ``Q`` falls in.
        ``"incremental"``: ``C(Q) = sum_k p_k * max(0, min(Q, b_k) - b_(k-1))``.
        (docs/methods.md#bargaining-pool.)

    A quantity equal to a break pays the higher tier's price (declared boundary rule).
    """

    def __init__(
        self,
        breaks: Sequence[float] | npt.NDArray[np.float64],
        unit_prices: Sequence[float] | npt.NDArray[np.float64],
        mode: PricingMode = "all_units",
    ) -> None:
        breaks_array = np.asarray(list(breaks), dtype=float)
        prices_array = np.asarray(list(unit_prices), dtype=float)
        if mode not in ("all_units", "incremental"):
            raise ValueError(f"mode must be 'all_units' or 'incremental', got {mode!r}")
        if prices_array.ndim != 1 or len(prices_array) != len(breaks_array) + 1:
            raise ValueError(
                f"unit_prices needs one more entry than breaks: {len(breaks_array)} breaks, "
                f"{len(prices_array)} prices"
            )
        if not np.all(np.isfinite(breaks_array)) or not np.all(np.isfinite(prices_array)):
            raise ValueError("breaks and unit_prices must be finite numbers")
        if len(breaks_array) and (breaks_array[0] <= 0 or np.any(np.diff(breaks_array) <= 0)):
            raise ValueError("breaks must be positive and strictly ascending")
        if np.any(prices_array < 0):
            raise ValueError("unit_prices must not be negative")
        if np.any(np.diff(prices_array) > 0):
            raise ValueError("unit_prices must not rise with quantity")
        self.breaks = breaks_array
        self.unit_prices = prices_array
        self.mode: PricingMode = mode
        # Tier lower bounds b_0 = 0, b_1, ..., b_(k-1), used by both pricing modes.
        self.lower_bounds = np.concatenate([[0.0], breaks_array])

    def __repr__(self) -> str:
        return (
            f"TierSchedule(breaks={self.breaks.tolist()}, "
            f"unit_prices={self.unit_prices.tolist()}, mode={self.mode!r})"
        )

    def tier_index(self, quantity: float | npt.ArrayLike) -> np.ndarray | int:
        """Return the 0-based tier each quantity falls in (a break belongs to the higher tier)."""
        values = _as_quantities(quantity)
        # side="right" counts the breaks <= Q, so Q == break lands in the higher tier.
        tiers = np.searchsorted(self.breaks, values * (1 + _RELATIVE_SLACK), side="right")
        return int(tiers) if tiers.ndim == 0 else tiers

    @overload
    def cost(self, quantity: float, *, buy_up: bool = False) -> float: ...

    @overload
    def cost(self, quantity: npt.ArrayLike, *, buy_up: bool = False) -> np.ndarray: ...

    def cost(self, quantity, *, buy_up: bool = False):
        """Return the total price of ``quantity`` (a float for a number, an array for an array).

        ``buy_up=True`` (all-units only) lets the buyer pay for more than needed when a higher
        tier makes that cheaper: ``C*(Q) = min(p_k Q, min_(j>k) p_j b_(j-1))`` (docs/methods.md#bargaining-pool). Incremental schedules are never cheaper with a larger order, so the flag
        changes nothing for them.
        """
        values = _as_quantities(quantity)
        tiers = np.searchsorted(self.breaks, values * (1 + _RELATIVE_SLACK), side="right")
        if self.mode == "all_units":
            total = self.unit_prices[tiers] * values
            if buy_up:
                # Cost of buying exactly each higher break; only breaks above Q are options.
                break_costs = self.unit_prices[1:] * self.breaks
                for j, break_cost in enumerate(break_costs):
                    above = tiers <= j  # break j (tier j+1 starts) lies above Q
                    total = np.where(above & (values > 0), np.minimum(total, break_cost), total)
        else:
            upper = np.concatenate([self.breaks, [np.inf]])
            slices = np.clip(values[..., None], self.lower_bounds, upper) - self.lower_bounds
            total = slices @ self.unit_prices
        return float(total) if np.ndim(total) == 0 else total

    def next_break(self, quantity: float) -> float | None:
        """Return the next break above ``quantity``, or None in the top tier."""
        tier = int(self.tier_index(quantity))
        return float(self.breaks[tier]) if tier < len(self.breaks) else None

    def distance_to_next_break(self, quantity: float) -> float | None:
        """Return how much more volume reaches the next break (None in the top tier)."""
        nxt = self.next_break(quantity)
        return None if nxt is None else nxt - float(quantity)

    def buy_up_option(self, quantity: float) -> BuyUpOption:
        """Return the cheapest order size at or above ``quantity`` under this schedule.

        For all-units pricing buying up to a higher break can cost less than the quantity needed
        (docs/methods.md#bargaining-pool); the option is reported explicitly so an analyst decides whether
        the surplus is usable. For incremental pricing the best order is the quantity itself.
        """
        needed = float(_as_quantities(quantity))
        cost_needed = float(self.cost(needed))
        best_quantity, best_cost = needed, cost_needed
        if self.mode == "all_units" and needed > 0:
            tier = int(self.tier_index(needed))
            for j in range(tier, len(self.breaks)):
                candidate = float(self.unit_prices[j + 1] * self.breaks[j])
                if candidate < best_cost - 1e-12:
                    best_quantity, best_cost = float(self.breaks[j]), candidate
        return BuyUpOption(
            quantity_needed=needed,
            cost_needed=cost_needed,
            order_quantity=best_quantity,
            order_cost=best_cost,
        )

    def unit_price_at(self, quantity: float) -> float:
        """Return the average price per unit paid for ``quantity`` (the tier price if all-units)."""
        q = float(quantity)
        if q == 0:
            return float(self.unit_prices[0])
        return float(self.cost(q)) / q

    def scaled(self, factor: float) -> TierSchedule:
        """Return the same schedule with every price multiplied by ``factor`` (e.g. to GEL)."""
        return TierSchedule(self.breaks, self.unit_prices * factor, self.mode)


@dataclass(frozen=True)
class BuyUpOption:
    """The buy-up decision for one quantity: what is needed versus the cheapest order."""

    quantity_needed: float
    cost_needed: float
    order_quantity: float
    order_cost: float

    @property
    def surplus(self) -> float:
        """Units ordered beyond the need."""
        return self.order_quantity - self.quantity_needed

    @property
    def saving(self) -> float:
        """Money saved by ordering ``order_quantity`` instead of ``quantity_needed``."""
        return self.cost_needed - self.order_cost

    @property
    def worthwhile(self) -> bool:
        """True when buying up is strictly cheaper."""
        return self.saving > 1e-9


class PackageSchedule:
    """A fixed price per package of fixed capacity: ``C(Q) = F * ceil(Q / capacity)``.

    Truckloads, containers and audit teams are priced this way (docs/methods.md#bargaining-pool). ``label``
    only names the package in tables ("truckload", "container").
    """

    mode = "package"

    def __init__(self, capacity: float, package_price: float, label: str = "package") -> None:
        if not (math.isfinite(capacity) and capacity > 0):
            raise ValueError("capacity must be a positive number")
        if not (math.isfinite(package_price) and package_price >= 0):
            raise ValueError("package_price must be a non-negative number")
        self.capacity = float(capacity)
        self.package_price = float(package_price)
        self.label = label

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(capacity={self.capacity}, "
            f"package_price={self.package_price}, label={self.label!r})"
        )

    def packages(self, quantity: float | npt.ArrayLike) -> np.ndarray | int:
        """Return the number of packages needed for each quantity."""
        values = _as_quantities(quantity)
        count = np.ceil(values / self.capacity * (1 - _RELATIVE_SLACK))
        return int(count) if count.ndim == 0 else count.astype(int)

    def cost(self, quantity, *, buy_up: bool = False):
        """Return ``F * ceil(Q / capacity)``; a full last package is already the buy-up."""
        del buy_up  # a package price already charges the full package
        values = _as_quantities(quantity)
        total = self.package_price * np.ceil(values / self.capacity * (1 - _RELATIVE_SLACK))
        return float(total) if np.ndim(total) == 0 else total

    def next_break(self, quantity: float) -> float | None:
        """Return the quantity that fills the current last package."""
        return float(self.packages(quantity)) * self.capacity if quantity > 0 else self.capacity

    def distance_to_next_break(self, quantity: float) -> float | None:
        """Return the free room in the last package (0 when it is full)."""
        nxt = self.next_break(quantity)
        return None if nxt is None else nxt - float(quantity)

    def scaled(self, factor: float) -> PackageSchedule:
        """Return the same schedule with the package price multiplied by ``factor``."""
        return type(self)(self.capacity, self.package_price * factor, self.label)


class TruckloadSchedule(PackageSchedule):
    """A :class:`PackageSchedule` whose package is a truck: ``C(Q) = F * ceil(Q / capacity)``."""

    def __init__(self, capacity: float, price_per_load: float, label: str = "truckload") -> None:
        super().__init__(capacity, price_per_load, label)


Schedule = TierSchedule | PackageSchedule
"""Anything with ``cost(quantity)``; the pooling and allocation code accepts either kind."""
