"""Geostat files inside the indicators pipeline: a real table's footnote reaches the checks and a
chart footnote; a table pulled from Geostat's PxWeb database (loopback server, recorded answer)
runs through the pipeline with its pull record in the manifest.

Expected values come from independent reads: openpyxl for the xlsx cells and footnote, the
recorded .px file's DATA line for the database values.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner

from cluster_analysis.cli import app
from cluster_analysis.config import Settings, get_paths
from cluster_analysis.pipeline import RunOptions, run_pipeline

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "data" / "raw" / "indicators"
REAL = REPO / "tests" / "data" / "real" / "geostat-imereti"
RECORDED = REPO / "tests" / "data" / "recorded" / "pxweb"


def _project(root: Path, *, catalogue_rows: list[dict[str, str]] = ()) -> Path:
    """A raw folder with the example catalogue (plus ``catalogue_rows``) and no Geostat file."""
    raw = root / "raw" / "indicators"
    (raw / "geostat").mkdir(parents=True)
    for name in ("observations.csv", "real_figures.csv"):
        shutil.copyfile(EXAMPLE / name, raw / name)
    with (EXAMPLE / "catalogue.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields, rows = list(reader.fieldnames or []), list(reader)
    fields += [k for row in catalogue_rows for k in row if k not in fields]
    with (raw / "catalogue.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows([*rows, *({k: row.get(k, "") for k in fields} for row in catalogue_rows)])
    return raw


def _run(root: Path, raw: Path):
    paths = get_paths(root, raw=raw.parent)
    summary = run_pipeline(
        paths, Settings(), RunOptions(domains=("indicators",), write_reports=False)
    )
    assert summary.errors == {}
    return paths, summary


def _processed(paths, table: str) -> pd.DataFrame:
    return pd.read_parquet(paths.processed / "indicators" / f"{table}.parquet")


def _footnote(name: str) -> str:
    """The footnote of a real table: the cell below it that starts with the title's mark '*'."""
    sheet = openpyxl.load_workbook(REAL / name, data_only=True).worksheets[0]
    texts = [str(c.value) for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    found = next(t for t in texts if t.strip().startswith("* "))
    return " ".join(found.split())  # the reader collapses runs of spaces


def _wages_footnote() -> tuple[str, dict[str, float]]:
    """The footnote of the real wages table (the cell below the table that starts with the
    title's mark '*') and the Imereti value of each year, read with openpyxl."""
    sheet = openpyxl.load_workbook(REAL / "wages_EN.xlsx", data_only=True).worksheets[0]
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    footnote = next(str(c.value).strip() for c in cells if str(c.value).strip().startswith("* "))
    title = next(str(c.value) for c in cells if isinstance(c.value, str))
    assert "*" in title  # the mark sits on the title: it covers every value
    years = {
        c.coordinate: int(c.value)
        for c in cells
        if isinstance(c.value, int | float) and 2000 <= c.value <= 2100
    }
    header = min(sheet[coordinate].row for coordinate in years)
    values = {}
    for coordinate, year in years.items():
        if sheet[coordinate].row != header:
            continue
        below = sheet.cell(row=header + 1, column=sheet[coordinate].column).value
        values[str(year)] = float(below)
    return footnote, values


def test_a_geostat_footnote_reaches_the_checks_and_the_chart_footnote(tmp_path: Path) -> None:
    footnote, by_year = _wages_footnote()
    first, last = min(by_year), max(by_year)
    row = {
        "indicator": "wages",
        "place": "imereti",
        "level": "impact",
        "goal_en": "Better paid jobs",
        "goal_ka": "უკეთ ანაზღაურებადი სამუშაო ადგილები",
        "name_en": "Average monthly nominal earnings of employees",
        "name_ka": "დაქირავებით დასაქმებულთა საშუალო თვიური ნომინალური ხელფასი",
        "unit": "GEL",
        "direction": "increase",
        "source": "Geostat",
        "source_ka": "საქსტატი",
        "baseline_value": str(by_year[first]),
        "baseline_year": first,
        "target_value": str(round(by_year[last] * 2)),
        "target_year": "2030",
        "kind": "quantitative",
        "charts": "bullet",
    }
    raw = _project(tmp_path, catalogue_rows=[row])
    for name in ("wages_EN.xlsx", "wages_KA.xlsx"):
        shutil.copyfile(REAL / name, raw / "geostat" / name)
    paths, summary = _run(tmp_path, raw)
    georgian = _footnote("wages_KA.xlsx")

    observations = _processed(paths, "indicator_observations")
    wages = observations[observations["indicator"] == "wages"].set_index("period")
    assert wages["value"].astype(float).to_dict() == by_year
    assert set(wages["source_note"]) == {footnote}
    assert wages["source_cell"].str.startswith("wages_EN.xlsx, ").all()

    checks = _processed(paths, "indicator_checks")
    noted = checks[(checks["check"] == "source_note") & (checks["indicator"] == "wages")]
    assert len(noted) == 1
    assert noted["note"].iloc[0] == footnote
    assert (noted["period"].iloc[0], noted["other_period"].iloc[0]) == (first, last)
    assert footnote in noted["detail_en"].iloc[0] and georgian in noted["detail_ka"].iloc[0]

    figures = {figure.name: figure for figure in summary.results["indicators"].figures}
    bullet = figures["bullet_wages"]
    english = bullet.meta.footnote("en")
    assert f"Notes of the source: Imereti {first}-{last}: {footnote}" in english
    assert f"წყაროს შენიშვნები: იმერეთი {first}-{last}: {georgian}" in bullet.meta.footnote("ka")

    values = _processed(paths, "geostat_values")
    assert len(values) == len(by_year)
    assert set(values["note"]) == {footnote} and set(values["note_ka"]) == {georgian}


@pytest.fixture
def pulled(httpserver: HTTPServer, tmp_path: Path) -> Path:
    """The recorded PxWeb answer pulled into a raw folder by ``cluster-analysis pull geostat``."""
    api = "/api/v1/en/Database/Regional Statistics/ActiveEntities_per1000.px"
    meta = json.loads((RECORDED / "metadata.json").read_text("utf-8"))
    httpserver.expect_request(api, method="GET").respond_with_json(meta)
    answer = (RECORDED / "answer_zestaponi.px").read_bytes()
    httpserver.expect_request(api, method="POST").respond_with_data(answer)
    raw = _project(tmp_path)
    args = ["pull", "geostat", "Regional Statistics/ActiveEntities_per1000.px", "--place",
            "Zestaponi", "--name", "active_business_entities_per1000", "--url",
            httpserver.url_for("/api/v1"), "--raw", str(raw.parent), "--retries", "1",
            "--max-wait", "0"]  # fmt: skip
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return raw


def test_a_pulled_pxweb_answer_runs_through_the_pipeline(pulled: Path, tmp_path: Path) -> None:
    px = pulled / "geostat" / "active_business_entities_per1000.px"
    sidecar = px.with_name(px.name + ".pull.json")
    assert px.read_bytes() == (RECORDED / "answer_zestaponi.px").read_bytes()
    text = px.read_text(encoding="latin-1")
    data = [float(x) for x in re.search(r"DATA=\s*([^;]*);", text).group(1).split()]
    years = re.search(r'VALUES\("Year"\)=([^;]*);', text).group(1).replace('"', "").split(",")
    paths, summary = _run(tmp_path, pulled)

    observations = _processed(paths, "indicator_observations")
    zestaponi = observations[
        (observations["indicator"] == "active_business_entities_per1000")
        & (observations["place"] == "zestaponi_municipality")
        & (observations["origin"] == "geostat")
    ].sort_values("period")
    assert zestaponi["period"].tolist() == years
    assert zestaponi["value"].astype(float).tolist() == data
    assert set(zestaponi["unit"]) == {"per_1000"}  # "per 1,000 population" in the file
    assert zestaponi["source_cell"].tolist() == [f"{px.name}, DATA[{i}]" for i in range(len(data))]

    values = _processed(paths, "geostat_values")
    record = json.loads(sidecar.read_text("utf-8"))
    assert set(values["source_url"]) == {record["source_url"]}
    assert values["sheet"].isna().all()

    progress = _processed(paths, "indicator_progress")
    row = progress[
        (progress["indicator"] == "active_business_entities_per1000")
        & (progress["place"] == "zestaponi_municipality")
    ]
    assert float(row["latest_value"].iloc[0]) == data[-1]

    manifest = json.loads(summary.manifest_path.read_text("utf-8"))
    inputs = {Path(e["path"]).name: e for e in manifest["inputs"]}
    for path in (px, sidecar):
        assert inputs[path.name]["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert inputs[px.name]["rows"] == len(data)
