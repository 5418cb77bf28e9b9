"""Shared test fixtures: the repository root, the real public files, small temp projects."""

from __future__ import annotations

import dataclasses
import json
import math
import os
from pathlib import Path
from typing import Any

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


@pytest.fixture(scope="session")
def assert_same():
    """``assert_same(left, right)``: ``right`` is ``left`` read back from a cache entry (same
    types, values, dtypes; figures as the export sees them)."""
    return _assert_same


def _assert_same(left: Any, right: Any, where: str = "entry", *, ordered: bool = True) -> None:
    """Assert that ``right`` is ``left`` read back: same types, same values, same dtypes (and
    dict keys in the same order when ``ordered``: plotly orders a figure's keys itself)."""
    import numpy as np
    import pandas as pd

    from cluster_analysis.cache_format import BuiltFigure, BuiltFile

    assert type(left) is type(right), f"{where}: {type(left).__name__} != {type(right).__name__}"
    if isinstance(left, pd.DataFrame):
        pd.testing.assert_frame_equal(
            left, right, check_exact=True, check_index_type=True, check_column_type=True
        )
        assert left.attrs == right.attrs, where
        assert left.flags.allows_duplicate_labels == right.flags.allows_duplicate_labels, where
        for column in left.columns:  # None and pd.NA are both missing to pandas, not to us
            if left[column].dtype == object:
                for a, b in zip(left[column], right[column], strict=True):
                    _assert_same(a, b, f"{where}[{column}]")
    elif isinstance(left, np.ndarray):
        assert left.dtype == right.dtype and left.shape == right.shape, where
        if left.dtype == object:
            for i, (a, b) in enumerate(zip(left.ravel(), right.ravel(), strict=True)):
                _assert_same(a, b, f"{where}[{i}]")
        else:
            assert np.array_equal(left, right, equal_nan=left.dtype.kind in "fc"), where
    elif isinstance(left, BuiltFigure):
        assert left.figures.keys() == right.figures.keys(), where
        for lang in left.figures:
            # what the report layer gets from the builder (plotly drops empty settings then)
            fig, other = left(lang), right(lang)
            _assert_same(fig._data, other._data, f"{where}.{lang}.data", ordered=False)
            _assert_same(fig._layout, other._layout, f"{where}.{lang}.layout", ordered=False)
            # what the export keys its figure cache by
            assert _spec(fig) == _spec(other), where
    elif isinstance(left, BuiltFile):
        assert left.contents == right.contents, where
    elif dataclasses.is_dataclass(left):
        for f in dataclasses.fields(left):
            _assert_same(getattr(left, f.name), getattr(right, f.name), f"{where}.{f.name}")
    elif isinstance(left, dict):
        assert list(left) == list(right) if ordered else set(left) == set(right), where
        for key, value in left.items():
            _assert_same(value, right[key], f"{where}[{key!r}]", ordered=ordered)
    elif isinstance(left, list | tuple):
        assert len(left) == len(right), where
        for i, (a, b) in enumerate(zip(left, right, strict=True)):
            _assert_same(a, b, f"{where}[{i}]", ordered=ordered)
    elif isinstance(left, float) and math.isnan(left):
        assert math.isnan(right), where
    else:
        assert left is right or left == right, f"{where}: {left!r} != {right!r}"


def _spec(fig: Any) -> str:
    """The figure's JSON with sorted keys (what the export keys its figure cache by)."""
    return json.dumps(json.loads(fig.to_json()), sort_keys=True)
