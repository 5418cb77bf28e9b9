"""``cluster-analysis validate FILE --kind catalogue|observations|geostat|px`` as a user runs it."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

REPO = Path(__file__).resolve().parents[2]
REAL = REPO / "tests" / "data" / "real"
RAW = REPO / "data" / "raw" / "indicators"


def _validate(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cluster_analysis.cli", "--quiet", "validate", *args,
         "--root", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
        env={"COLUMNS": "200", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )  # fmt: skip


def _output(done: subprocess.CompletedProcess[str]) -> str:
    return " ".join((done.stdout + done.stderr).split())


def test_geostat_pair_reports_each_disagreeing_row_and_strict_exits_1(tmp_path: Path) -> None:
    folder = tmp_path / "tables"
    folder.mkdir()
    for lang in ("EN", "KA"):
        name = f"active_business_entities_per1000_{lang}.xlsx"
        shutil.copy(REAL / "geostat-municipal" / name, folder / name)
    english = folder / "active_business_entities_per1000_EN.xlsx"
    done = _validate(tmp_path, str(english), "--kind", "geostat")
    assert done.returncode == 0, _output(done)
    # 85 places x 10 years; 7 rows (D:F of rows 22, 41, 50, 53, 60, 71, 84) differ from the KA file
    assert "7 of 850 rows rejected" in _output(done)
    strict = _validate(tmp_path, str(english), "--kind", "geostat", "--strict")
    assert strict.returncode == 1


def test_geostat_file_alone_is_valid_and_counts_every_value_cell(tmp_path: Path) -> None:
    path = tmp_path / "labour_force_KA.xlsx"
    shutil.copy(REAL / "geostat-imereti" / "labour_force_KA.xlsx", path)
    sheet = openpyxl.load_workbook(path, data_only=True).active
    cells = sum(
        1
        for row in sheet.iter_rows(min_row=7, max_row=17, min_col=2)
        for c in row
        if c.value is not None
    )
    done = _validate(tmp_path, str(path), "--kind", "geostat")
    assert done.returncode == 0, _output(done)
    assert f"all {cells} rows are valid" in _output(done)


def test_unreadable_geostat_table_is_one_line_and_exit_2(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Data"
    for row in [["Turnover"], [None, 2020, 2021], ["Zestapnoi Municipalty", 1, 2]]:
        sheet.append(row)
    path = tmp_path / "typo.xlsx"
    workbook.save(path)
    done = _validate(tmp_path, str(path), "--kind", "geostat")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert lines[0].startswith("error: typo.xlsx, sheet 'Data', row 3")
    assert "closest known names" in _output(done)


def test_px_file_validates(tmp_path: Path) -> None:
    done = _validate(tmp_path, str(REAL / "pcaxis" / "1001.px"), "--kind", "px")
    assert done.returncode == 0, _output(done)
    assert "all 504 rows are valid" in _output(done)  # 7 sectors x 3 sexes x 24 quarters


def test_a_pulled_database_table_validates_as_geostat(tmp_path: Path) -> None:
    answer = REPO / "tests" / "data" / "recorded" / "pxweb" / "answer_zestaponi.px"
    done = _validate(tmp_path, str(answer), "--kind", "geostat")
    assert done.returncode == 0, _output(done)
    data = answer.read_text(encoding="latin-1").split("DATA=", 1)[1].strip(" ;\n").split()
    assert f"all {len(data)} rows are valid" in _output(done)


@pytest.mark.parametrize("kind", ["catalogue", "observations"])
def test_catalogue_and_observations_kinds_count_every_row(tmp_path: Path, kind: str) -> None:
    path = RAW / f"{kind}.csv"
    with path.open(newline="", encoding="utf-8-sig") as handle:
        rows = sum(1 for _ in csv.DictReader(handle))
    done = _validate(tmp_path, str(path), "--kind", kind)
    assert done.returncode == 0, _output(done)
    text = _output(done)
    assert f"all {rows} rows are valid" in text or f"of {rows} rows rejected" in text


def test_unknown_kind_lists_the_indicator_kinds(tmp_path: Path) -> None:
    done = _validate(tmp_path, str(RAW / "catalogue.csv"), "--kind", "nonsense")
    assert done.returncode == 2
    for kind in ("catalogue", "observations", "geostat", "px"):
        assert kind in done.stderr


def test_json_stat_answer_validates_as_px(tmp_path: Path) -> None:
    done = _validate(tmp_path, str(REAL / "jsonstat" / "statswe.json"), "--kind", "px")
    assert done.returncode == 0, _output(done)
    assert "all 1120 rows are valid" in _output(done)  # sizes 1 x 1 x 20 x 2 x 1 x 28
