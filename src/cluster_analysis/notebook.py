"""Small conveniences for the notebooks, so they hold no logic of their own.

Notebooks read the processed layer that ``cluster-analysis run`` wrote and show figures built by the
domains' chart builders, styled by the project template, with the same title/subtitle/footnote as the
exported files.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from cluster_analysis.config import Paths, get_paths
from cluster_analysis.errors import InputError

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from cluster_analysis.outputs import FigureOutput


def project_paths() -> Paths:
    """Return the project's paths (environment variables honoured)."""
    return get_paths()


def load(domain: str, table: str, *, paths: Paths | None = None) -> pd.DataFrame:
    """Return a processed table, e.g. ``load("survey", "needs_assessment")``.

    Raises :class:`InputError` telling the reader to run the pipeline when the table is missing.
    """
    paths = paths or project_paths()
    path = paths.processed / domain / f"{table}.parquet"
    if not path.exists():
        available = sorted(p.stem for p in (paths.processed / domain).glob("*.parquet"))
        raise InputError(
            f"processed table {domain}/{table} not found; run `make run` (or `cluster-analysis run "
            f"{domain}`) first" + (f"; available: {', '.join(available)}" if available else ""),
            path=path,
        )
    return pd.read_parquet(path)


def latest_manifest(paths: Paths | None = None) -> dict:
    """Return the newest run manifest (inputs with sha256, outputs, versions, times)."""
    paths = paths or project_paths()
    manifests = sorted((paths.processed / "manifests").glob("run-*.json"))
    if not manifests:
        raise InputError("no run manifest yet; run `make run` first", path=paths.processed)
    return json.loads(manifests[-1].read_text(encoding="utf-8"))


def show(figure: FigureOutput, lang: str = "en") -> go.Figure:
    """Return the figure as exported: built in ``lang``, with the project template, title,
    subtitle (unit, period, n) and footnote (source, synthetic warning)."""
    from cluster_analysis.charts.export import decorate
    from cluster_analysis.charts.theme import HEIGHT, use_theme

    use_theme()
    fig = decorate(figure.build(lang), figure.meta, lang)
    # the template sets no size (HTML fills its container); a notebook cell needs a page height
    return fig.update_layout(height=fig.layout.height or HEIGHT)


def synthetic(domain: str, *, paths: Paths | None = None) -> bool:
    """True when the domain's raw folder is the bundled synthetic example data (as in a run)."""
    from cluster_analysis.context import SYNTHETIC_MARKER

    paths = paths or project_paths()
    return (paths.raw_for(domain) / SYNTHETIC_MARKER).exists()


def figure_files(name: str, *, paths: Paths | None = None) -> list[Path]:
    """Return the exported files of one figure (all languages and formats)."""
    paths = paths or project_paths()
    return sorted(Path(paths.figures).glob(f"{name}.*"))
