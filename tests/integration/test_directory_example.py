"""The directory on the bundled example data: quarantine, gap matching, calendar, members' files.

The directory reads the survey's processed tables of the run; here they come from
``tests/data/directory/survey`` (the survey's outputs on the same example data, see the README
there), so this module runs the directory domain alone, twice (the second run checks that the
outputs do not depend on the wall clock).
"""

from __future__ import annotations

import re
import shutil
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from cluster_analysis.config import Settings, get_paths
from cluster_analysis.pipeline import RunOptions, run_pipeline

REPO = Path(__file__).resolve().parents[2]
SURVEY = REPO / "tests" / "data" / "directory" / "survey"
REFERENCE = date(2026, 11, 20)  # the latest last_checked date in data/raw/directory
PERSONAL = re.compile(r"@example\.com|\+995 500|Contact SP|Candidate \d")


def _run(root: Path):
    paths = get_paths(root, raw=REPO / "data" / "raw")
    shutil.copytree(SURVEY, paths.processed / "survey")
    options = RunOptions(domains=("directory",), formats=("html",), static_export=False)
    summary = run_pipeline(paths, Settings(), options)
    assert summary.errors == {}
    return paths, summary


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory):
    return _run(tmp_path_factory.mktemp("directory-1")), _run(
        tmp_path_factory.mktemp("directory-2")
    )


@pytest.fixture(scope="module")
def run(runs):
    return runs[0]


def _table(paths, name: str) -> pd.DataFrame:
    return pd.read_parquet(paths.processed / "directory" / f"{name}.parquet")


def _csv_rows(name: str) -> int:
    return len(pd.read_csv(REPO / "data" / "raw" / "directory" / name, dtype=str))


def test_every_row_is_processed_or_quarantined(run) -> None:
    paths, summary = run
    by_table = {v["table"]: v for v in summary.validation}
    for table in ("funding_programmes", "service_providers", "experts", "technology_providers",
                  "events", "talent_pool"):  # fmt: skip
        counts = by_table[table]
        assert counts["rows_in"] == _csv_rows(f"{table}.csv")
        assert counts["rows_in"] == counts["rows_valid"] + counts["rows_rejected"]
        assert len(_table(paths, table)) == counts["rows_valid"]
    rejects = openpyxl.load_workbook(paths.reports / "validation" / "rejects.xlsx")
    text = " ".join(
        str(c) for ws in rejects.worksheets for row in ws.iter_rows(values_only=True) for c in row
    )
    for record in ("FP-011", "FP-012", "EX-007", "EV-010", "TL-009"):
        assert record in text


def test_gap_matches_pair_every_critical_gap_with_ranked_open_records(run) -> None:
    paths, _ = run
    needs = pd.read_parquet(SURVEY / "needs_assessment.parquet")
    latest = needs[needs["wave"] == needs["wave"].max()]
    critical = set(latest.loc[latest["critical_gap_share"] >= 0.25, "item"])
    matches = _table(paths, "gap_matches")
    assert set(matches["item"]) == critical
    programmes = _table(paths, "funding_programmes").set_index("programme_id")
    for row in matches[matches["resource_kind"] == "funding_programme"].itertuples():
        opened = programmes.loc[row.resource_id, "opening_date"].date() <= REFERENCE
        deadline = programmes.loc[row.resource_id, "deadline"]
        assert opened and (pd.isna(deadline) or deadline.date() >= REFERENCE)
    # ranks are 1..k within each gap and kind, in descending score
    for _, group in matches.groupby(["item", "resource_kind"]):
        assert group["rank"].tolist() == list(range(1, len(group) + 1))
        assert group["score"].is_monotonic_decreasing
    # the weighted sum recomputed from its declared weights and components
    recomputed = (
        0.5 * matches["topic_match"]
        + 0.3 * matches["eligible_share"]
        + (0.2 * matches["deadline_horizon"])
    )
    assert (recomputed - matches["score"]).abs().max() < 1e-6


def test_members_with_gap_counted_independently(run) -> None:
    paths, _ = run
    long = pd.read_parquet(SURVEY / "survey_capacity_long.parquet")
    wave = max(long["wave"])
    holders: dict[str, set[str]] = {}
    for row in long[long["wave"] == wave].to_dict("records"):
        imp, cap = row["importance"], row["capability"]
        if pd.notna(imp) and pd.notna(cap) and imp >= row["scale_max"] - 1 and cap <= 2:
            holders.setdefault(row["item"], set()).add(row["respondent_id"])
    coverage = _table(paths, "gap_coverage").set_index("item")
    for item, count in coverage["members_with_gap"].items():
        expected = len(holders.get(item, set()))
        assert (pd.isna(count) and expected < Settings().min_cell) or count == expected


def test_calendar_covers_the_next_90_days_from_the_reference_date(run) -> None:
    paths, _ = run
    calendar = _table(paths, "directory_calendar")
    end = REFERENCE + timedelta(days=90)
    assert len(calendar) > 0
    assert (calendar["date"].dt.date <= end).all()
    assert (calendar["end_date"].dt.date >= REFERENCE).all()
    assert set(calendar["kind"]) == {"deadline", "event"}
    ics = (paths.reports / "members" / "directory_calendar.ka.ics").read_bytes().decode()
    assert ics.count("BEGIN:VEVENT") == len(calendar)
    assert f"DTSTAMP:{REFERENCE:%Y%m%d}T000000Z" in ics
    # the Excel sheet of the same calendar, for members
    book = openpyxl.load_workbook(paths.reports / "members" / "tables.xlsx")
    sheet = next(ws for ws in book.worksheets if ws.title.startswith("directory_calendar"))
    ids = {c for row in sheet.iter_rows(values_only=True) for c in row if isinstance(c, str)}
    assert set(calendar["record_id"]) <= ids


def test_members_files_hold_no_personal_contacts(run) -> None:
    paths, _ = run
    for lang in ("en", "ka"):
        book = openpyxl.load_workbook(paths.reports / "members" / f"directory.{lang}.xlsx")
        assert len(book.sheetnames) >= 5
        cells = [
            str(c) for ws in book.worksheets for r in ws.iter_rows(values_only=True) for c in r
        ]
        assert not [c for c in cells if PERSONAL.search(c)]
    for path in (paths.reports / "members").glob("*"):
        if path.suffix == ".ics":
            assert not PERSONAL.search(path.read_text("utf-8"))
    # the office keeps the contacts
    assert _table(paths, "experts")["email"].notna().all()


def test_donor_outputs_show_counts_and_findings_only(run) -> None:
    paths, summary = run
    result = summary.results["directory"]
    donor_tables = [t for t in result.tables if t.audience == "donors"]
    assert [t.name for t in donor_tables] == ["gap_coverage"]
    assert not {"eligible_members", "respondent_id"} & set(donor_tables[0].frame.columns)
    assert result.findings and all(f.audience == "donors" for f in result.findings)
    first = result.findings[0].text
    assert "critical gap" in first["en"] and "კრიტიკულ ხარვეზზე" in first["ka"]
    coverage = _table(paths, "gap_coverage")
    assert (coverage["members_with_gap"].dropna() >= Settings().min_cell).all()


def test_rerun_gives_the_same_outputs(runs) -> None:
    (one, _), (two, _) = runs
    for name in ("gap_matches", "directory_calendar", "gap_coverage"):
        pd.testing.assert_frame_equal(_table(one, name), _table(two, name))
    ics = "members/directory_calendar.en.ics"
    assert (one.reports / ics).read_bytes() == (two.reports / ics).read_bytes()
