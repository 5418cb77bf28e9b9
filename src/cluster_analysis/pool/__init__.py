"""Bargaining pool: pooled demand, tier prices, savings and a fair, confidential split."""

from __future__ import annotations

from cluster_analysis._lazy import lazy_exports

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


__getattr__, __dir__, __all__ = lazy_exports(__name__, _EXPORTS)
