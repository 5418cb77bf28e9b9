"""Figure export, pool allocation and indicator progress cases."""

from __future__ import annotations

import json
import tempfile
from typing import Any

import numpy as np
import pandas as pd

from cases.worker import timed


def _figures(count: int) -> list[Any]:
    import plotly.graph_objects as go

    from cluster_analysis.outputs import FigureOutput, Meta, text

    def builder(seed: int):
        def build(lang: str) -> go.Figure:
            rng = np.random.default_rng(seed)
            labels = [f"{'item' if lang == 'en' else 'საკითხი'} {i:02d}" for i in range(1, 13)]
            return go.Figure(go.Bar(x=rng.uniform(0, 4, 12), y=labels, orientation="h"))

        return build

    return [
        FigureOutput(
            name=f"bench_{i:02d}",
            build=builder(i),
            meta=Meta(
                title=text(f"Benchmark figure {i}", f"საორიენტაციო დიაგრამა {i}"),
                unit=text("score", "ქულა"),
                period="2026",
                source=text("synthetic data", "სინთეზური მონაცემები"),
                n=100,
                synthetic=True,
            ),
            audience="donors",
        )
        for i in range(count)
    ]


def export_figures(
    count: int, formats: list[str] | None = None, langs: list[str] | None = None
) -> dict[str, Any]:
    """Measure one kaleido session exporting ``count`` figures (start and stop included)."""
    from cluster_analysis.charts.export import FigureExporter

    formats = formats or ["png"]
    langs = langs or ["en"]
    figures = _figures(count)
    out = tempfile.mkdtemp(prefix="bench-figures-")
    info: dict[str, Any] = {}

    def work() -> list[Any]:
        with FigureExporter() as exporter:
            written = exporter.export_many(figures, out, langs=langs, formats=formats)
        info["static_available"] = bool(exporter.browser) and not exporter.warnings
        info["warnings"] = exporter.warnings
        return written

    written, measurement = timed(work)
    info["files"] = len(written)
    measurement["info"] = info
    import shutil

    shutil.rmtree(out, ignore_errors=True)
    return measurement


def _pool(members: int) -> tuple[pd.Series, Any]:
    import generate

    from cluster_analysis.pool.tiers import TierSchedule

    demand = pd.read_csv(generate.ensure(f"pool_{members}.csv"))
    spec = json.loads(generate.ensure("pool_schedule.json").read_text())
    schedule = TierSchedule(spec["breaks"], spec["unit_prices"], mode=spec["mode"])
    return demand.set_index("member_id")["quantity_t"], schedule


def shapley_allocation(members: int) -> dict[str, Any]:
    """Measure ``pool.allocation.allocate(demand, schedule, method="shapley")`` (exact DP + core check)."""
    from cluster_analysis.pool.allocation import allocate

    demand, schedule = _pool(members)
    result, measurement = timed(lambda: allocate(demand, schedule, method="shapley"))
    measurement["info"] = {
        "members": len(result.table),
        "pooled_cost": result.pooled_cost,
        "allocated_sum": float(result.table["allocated_cost"].sum()),
        "in_core": result.in_core,
        "core_check": result.core_check,
    }
    return measurement


def shapley_agreement(members: int = 12) -> dict[str, Any]:
    """Compare the exact DP with brute-force enumeration on the first ``members`` of the 60-member pool."""
    from cluster_analysis.pool.games import QuantityGame, shapley, shapley_brute_force

    demand, schedule = _pool(60)
    subset = demand.iloc[:members]
    game = QuantityGame(dict(subset.items()), schedule)

    def work() -> tuple[dict, dict]:
        return shapley(game), shapley_brute_force(game, list(subset.index))

    (exact, brute), measurement = timed(work)
    differences = [abs(exact[m] - brute[m]) for m in subset.index]
    scale = max(abs(v) for v in brute.values())
    measurement["info"] = {
        "members": members,
        "max_abs_difference": max(differences),
        "max_relative_difference": max(differences) / scale if scale else 0.0,
        "agrees": bool(max(differences) <= 1e-9 * max(1.0, scale)),
    }
    return measurement


def indicator_progress(places: int) -> dict[str, Any]:
    """Measure ``indicators.progress`` on 120 indicators x 30 years for the first ``places`` municipalities."""
    import generate

    from cluster_analysis.indicators.progress import progress

    catalogue = pd.read_csv(generate.ensure("indicators_catalogue.csv"))
    observations = pd.read_parquet(generate.ensure("indicators_observations.parquet"))
    chosen = generate.municipalities()[:places]
    catalogue = catalogue[catalogue["place"].isin(chosen)].reset_index(drop=True)
    observations = observations[observations["place"].isin(chosen)].reset_index(drop=True)
    result, measurement = timed(lambda: progress(catalogue, observations))
    measurement["info"] = {
        "pairs": len(result),
        "observations": len(observations),
        "statuses": result["status"].value_counts().to_dict(),
    }
    return measurement
