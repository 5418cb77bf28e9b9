"""The indicators domain reads its files only through the run context: every file it reads is in
the manifest with its sha256 and row count, and a missing catalogue is one clear error."""

from __future__ import annotations

import csv
import hashlib
import shutil
from pathlib import Path

import pytest

from cluster_analysis.errors import InputError
from cluster_analysis.indicators import inputs
from cluster_analysis.pipeline import make_context

EXAMPLE = Path(__file__).resolve().parents[2] / "data" / "raw" / "indicators"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    raw = tmp_path / "data" / "raw" / "indicators"
    raw.mkdir(parents=True)
    for name in ("catalogue.csv", "observations.csv", "real_figures.csv", "sector_employment.csv"):
        shutil.copyfile(EXAMPLE / name, raw / name)
    return tmp_path


def _rows(path: Path) -> int:
    with path.open(encoding="utf-8", newline="") as handle:
        return sum(1 for _ in csv.DictReader(handle))


def test_every_file_read_is_in_the_manifest(project: Path) -> None:
    ctx = make_context(project, domain="indicators")
    catalogue = inputs.load_catalogue(ctx)
    inputs.load_observations(ctx, set(catalogue["indicator"]))
    inputs.load_real_figures(ctx)
    assert inputs.load_geostat(ctx) == []  # no geostat/ folder: nothing read, nothing recorded
    assert inputs.load_sector_employment(ctx) is not None
    assert inputs.load_largest_employers(ctx) is None  # optional and absent
    raw = project / "data" / "raw" / "indicators"
    expected = {
        f"data/raw/indicators/{name}": {
            "sha256": hashlib.sha256((raw / name).read_bytes()).hexdigest(),
            "rows": _rows(raw / name),
        }
        for name in (
            "catalogue.csv",
            "observations.csv",
            "real_figures.csv",
            "sector_employment.csv",
        )
    }
    recorded = {e["path"]: {"sha256": e["sha256"], "rows": e["rows"]} for e in ctx.manifest.inputs}
    assert recorded == expected


def test_the_real_figures_file_is_found_under_its_declared_names(project: Path) -> None:
    raw = project / "data" / "raw" / "indicators"
    (raw / "real_figures.csv").rename(raw / "imereti_real_figures.csv")
    ctx = make_context(project, domain="indicators")
    real = inputs.load_real_figures(ctx)
    assert set(real["origin"]) == {"imereti_real_figures.csv"}
    assert len(real) == _rows(raw / "imereti_real_figures.csv")


def test_a_missing_catalogue_is_one_clear_error(project: Path) -> None:
    (project / "data" / "raw" / "indicators" / "catalogue.csv").unlink()
    ctx = make_context(project, domain="indicators")
    with pytest.raises(InputError, match=r"no indicator catalogue: expected catalogue\.csv or"):
        inputs.load_catalogue(ctx)
