"""Shared test fixtures: the repository root, the real public files, small temp projects."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

REPO_ROOT = Path(__file__).resolve().parents[1]
REAL = REPO_ROOT / "tests" / "data" / "real"

# Hypothesis: fast, deterministic runs in CI.
settings.register_profile("ci", max_examples=60, deadline=None, derandomize=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

#: Set by .ci/run: every skip is reported as a failure. Locally a test may skip only for a missing
#: optional system package (Chromium, installed by scripts/install_system_packages.sh), with its
#: reason; CI installs those packages first, so a skip there means something is broken.
NO_SKIP = os.environ.get("CLUSTER_ANALYSIS_NO_SKIP") == "1"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    outcome = yield
    report = outcome.get_result()
    if NO_SKIP and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped, and CLUSTER_ANALYSIS_NO_SKIP=1 forbids skips: {reason}"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def real_files() -> Path:
    """The real public files nobody on the project wrote (tests/data/real/SOURCES.md)."""
    return REAL


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
