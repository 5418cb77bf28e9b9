"""cluster-analysis: evidence for donors from a cluster's surveys, LED indicators and bargaining pool.

The package imports nothing heavy at start: plotly, kaleido, scipy and statsmodels load the first
time a chart or a statistic needs them, so ``import cluster_analysis`` stays as cheap as pandas.

Public entry points (imported lazily)::

    from cluster_analysis.survey import needs_assessment
    from cluster_analysis.stats import wilson_interval
    from cluster_analysis.indicators import progress, read_geostat_table, compare_language_versions
    from cluster_analysis.geo import normalize_place
    from cluster_analysis.pool import TierSchedule, shapley, allocate
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_SUBMODULES = {
    "config",
    "readers",
    "validation",
    "store",
    "context",
    "outputs",
    "errors",
    "stats",
    "disclosure",
    "geo",
    "survey",
    "indicators",
    "pool",
    "charts",
    "reports",
    "pipeline",
}


def __getattr__(name: str) -> Any:
    if name == "normalize_place":
        return import_module(f"{__name__}.geo").normalize_place
    if name in _SUBMODULES:
        return import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
