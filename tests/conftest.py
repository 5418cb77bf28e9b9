"""Shared test fixtures: the repository root, the real public files, small temp projects."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_REAL = (REPO_ROOT / ".." / "shared" / "real").resolve()

# Hypothesis: fast, deterministic runs in CI.
try:
    from hypothesis import settings

    settings.register_profile("ci", max_examples=60, deadline=None, derandomize=True)
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
except ImportError:  # pragma: no cover
    pass


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def shared_real() -> Path:
    if not SHARED_REAL.exists():
        pytest.skip(
            f"real public files not found at {SHARED_REAL} (../shared/real beside the clone)"
        )
    return SHARED_REAL


@pytest.fixture(scope="session")
def example_run(tmp_path_factory: pytest.TempPathFactory):
    """Run the whole pipeline once on the bundled example data into a temporary project.

    Raw inputs are read from the repository (never written); processed data and reports go to the
    temporary folder. Returns (paths, summary).
    """
    from cluster_analysis.config import Settings, get_paths
    from cluster_analysis.pipeline import RunOptions, run_pipeline

    root = tmp_path_factory.mktemp("example-run")
    paths = get_paths(root, raw=REPO_ROOT / "data" / "raw")
    # PNG and HTML only: PDF and SVG export is covered by the exporter's own tests
    summary = run_pipeline(paths, Settings(), RunOptions(formats=("png", "html")))
    return paths, summary
