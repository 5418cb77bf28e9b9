"""Bargaining pool: pooled demand, tier prices, savings and a fair, confidential split."""

from __future__ import annotations

from importlib import import_module
from typing import Any

#: public name -> module that defines it (imported on first use, so the package stays light)
_EXPORTS: dict[str, str] = {
    "TierSchedule": "tiers",
    "shapley": "games",
    "allocate": "allocation",
    "allocate_all": "allocation",
    "PackageSchedule": "tiers",
    "TruckloadSchedule": "tiers",
    "QuantityGame": "games",
    "core_check": "games",
    "least_core": "games",
    "nucleolus": "games",
    "COMMITMENT_PROBABILITIES": "pooling",
    "member_demand": "pooling",
    "pooled_volume": "pooling",
    "pooled_costs": "pooling",
    "rank_categories": "pooling",
    "members_view": "views",
    "vendors_view": "views",
    "donors_view": "views",
}


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(f"{__name__}.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(_EXPORTS)


__all__ = sorted(_EXPORTS)
