"""Directory: the cluster strategy's databases (funding programmes, services, experts, technology
providers, events, potential employees) and the pairing of critical survey gaps with them."""

from __future__ import annotations

from cluster_analysis._lazy import lazy_exports

#: public name -> module that defines it (imported on first use, so the package stays light)
_EXPORTS: dict[str, str] = {
    "gap_matches": "tables",
    "critical_gaps": "tables",
    "calendar": "tables",
    "MatchWeights": "tables",
    "calendar_ics": "ics",
}

__getattr__, __dir__, __all__ = lazy_exports(__name__, _EXPORTS)
