"""The bargaining pool on the bundled example data: quarantine, cost sharing, confidentiality.

One pipeline run (pool only, no reports) is shared by the tests of this module. The shared views
(members, vendors, donors) must never identify a member (docs/methods.md#bargaining-pool): no member id, no
member-level quantity or price, only cells that pass the disclosure rules.
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from cluster_analysis.config import Settings, get_paths
from cluster_analysis.disclosure import LOG_COLUMNS
from cluster_analysis.pipeline import RunOptions, run_pipeline
from cluster_analysis.pool.pooling import CELL_KEYS
from cluster_analysis.pool.views import MEMBERS_VOLUME, TOTAL, VENDORS_VOLUME

REPO = Path(__file__).resolve().parents[2]
MEMBER_ID = re.compile(r"GPC-\d{3}")
SHARED = ("members", "vendors", "donors")


@pytest.fixture(scope="module")
def pool_run(tmp_path_factory: pytest.TempPathFactory):
    """Return (paths, summary, DomainResult) of one pool run on the example data."""
    root = tmp_path_factory.mktemp("pool-example")
    paths = get_paths(root, raw=REPO / "data" / "raw")
    _seed_survey_register(paths)
    summary = run_pipeline(paths, Settings(), RunOptions(domains=("pool",), write_reports=False))
    assert summary.errors == {}
    return paths, summary, summary.results["pool"]


def _seed_survey_register(paths) -> None:
    """Leave the processed member register a survey run writes (member ids only): the pool checks
    submissions against it, never against the survey's raw register."""
    register = pd.read_csv(REPO / "data" / "raw" / "survey" / "register.csv", dtype=str)
    folder = paths.processed / "survey"
    folder.mkdir(parents=True, exist_ok=True)
    register[["member_id"]].to_parquet(folder / "survey_register.parquet", index=False)


def test_pool_reads_the_processed_register_never_the_raw_one(pool_run) -> None:
    _, summary, _ = pool_run
    manifest = summary.manifest_path.read_text(encoding="utf-8")
    assert "data/processed/survey/survey_register.parquet" in manifest
    assert "data/raw/survey/register.csv" not in manifest
    assert not any("member register" in w for w in summary.warnings)


def test_pool_without_a_processed_register_checks_the_id_form_and_says_so(
    tmp_path: Path,
) -> None:
    paths = get_paths(tmp_path, raw=REPO / "data" / "raw")
    summary = run_pipeline(paths, Settings(), RunOptions(domains=("pool",), write_reports=False))
    assert any("no processed member register" in w for w in summary.warnings)
    demand = next(v for v in summary.validation if v["table"] == "pool_demand")
    assert "member_known" not in demand["reasons"]


def _processed(paths, table: str) -> pd.DataFrame:
    return pd.read_parquet(paths.processed / "pool" / f"{table}.parquet")


def test_the_six_seeded_bad_rows_are_rejected_with_reasons(pool_run) -> None:
    paths, summary, _ = pool_run
    demand = next(v for v in summary.validation if v["table"] == "pool_demand")
    assert demand["rows_rejected"] == 6
    assert demand["rows_in"] == demand["rows_valid"] + 6
    book = openpyxl.load_workbook(paths.validation / "rejects.xlsx", read_only=True)
    rows = list(book["Rejects"].iter_rows(values_only=True))
    frame = pd.DataFrame(rows[1:], columns=[str(h) for h in rows[0]])
    rejected = frame[frame["table"] == "pool_demand"]
    assert rejected["record_id"].nunique() == 6
    # the seeded faults: unknown member, negative, absurd and textual quantities, unknown unit
    # ("KG" is not "KGM") and unknown currency ("RUB")
    assert {"member_known", "quantity_positive", "quantity_not_absurd", "unit_known"} <= set(
        rejected["check"]
    )
    assert "currency_known" in set(rejected["check"])
    assert rejected["check"].str.startswith("coerce_dtype").any()  # "about 5" in a number
    assert rejected["reason_en"].str.len().gt(0).all()
    assert rejected["reason_ka"].str.contains("[\u10d0-\u10ff]").all()  # Georgian reasons
    valid = _processed(paths, "pool_demand")
    assert not set(rejected["record_id"]) & set(valid["submission_id"])


def test_allocated_costs_add_up_to_the_pooled_cost_per_cell(pool_run) -> None:
    paths, _, _ = pool_run
    allocations = _processed(paths, "pool_allocations")
    costs = _processed(paths, "pooled_costs")
    best = costs[costs["best_vendor"]].drop_duplicates(CELL_KEYS)
    assert len(allocations) and {"shapley", "proportional", "serial"} <= set(allocations["method"])
    sums = allocations.groupby([*CELL_KEYS, "vendor", "method"], observed=True)[
        "allocated_cost"
    ].sum()
    merged = sums.reset_index().merge(best, on=[*CELL_KEYS, "vendor"], how="left")
    assert merged["pooled_cost"].notna().all()  # every allocated cell is a best-vendor cell
    assert merged["allocated_cost"].to_numpy() == pytest.approx(
        merged["pooled_cost"].to_numpy(), rel=1e-9, abs=1e-6
    )
    # and every best-vendor cell was shared out
    assert len(merged[[*CELL_KEYS]].drop_duplicates()) == len(best)


def test_suppression_happened_and_is_logged(pool_run) -> None:
    paths, _, result = pool_run
    log = result.suppression_log
    assert log is not None and len(log) > 0
    assert list(log.columns) == list(LOG_COLUMNS)
    assert (
        log["rule"]
        .isin(["threshold k=5", "dominance 1>25%", "secondary", "secondary (interval)"])
        .all()
    )
    # the interval audit logged every hidden cell's feasible interval (inf = unbounded)
    assert log["width"].notna().all()
    assert (log["lower"] <= log["upper"]).all()
    shared_tables = [t for t in result.tables if t.audience in SHARED]
    hidden_somewhere = False
    for table in shared_tables:
        rows = {row for row, _ in table.suppressed}
        hidden_somewhere |= bool(rows)
        logged = log[log["table"] == table.name]
        assert len(logged) == len(rows), table.name  # every hidden cell logged once per table
        if rows:
            assert table.suppression_rule is not None
            for row, column in table.suppressed:
                assert pd.isna(table.frame.iloc[row][column]), (table.name, row, column)
    assert hidden_somewhere
    assert (paths.validation / "suppression_log.xlsx").exists()
    assert len(_processed(paths, "pool_suppression_log")) == len(log)


def test_shared_views_never_identify_a_member(pool_run) -> None:
    _, _, result = pool_run
    assert {t.audience for t in result.tables} >= {"office", *SHARED}
    for table in result.tables:
        if table.audience == "office":
            continue
        frame = table.frame
        assert not {"member", "member_id", "last_price_gel", "largest_member_share"} & set(
            frame.columns
        ), table.name
        as_text = frame.astype("string").fillna("").to_numpy().ravel().tolist()
        assert not any(MEMBER_ID.search(value) for value in as_text), table.name
        assert not MEMBER_ID.search(repr(table.meta)), table.name
    for figure in result.figures:
        for lang in ("en", "ka"):
            spec = figure.build(lang).to_json()
            if figure.audience == "office":
                continue
            assert not MEMBER_ID.search(spec), figure.name
    for finding in result.findings:
        if finding.audience != "office":
            assert not MEMBER_ID.search(str(finding.text)), finding.text
    # the check can fail: the office's allocation chart does name members
    office = [f for f in result.figures if f.audience == "office"]
    assert office and MEMBER_ID.search(office[0].build("en").to_json())


def test_every_published_cell_passes_the_disclosure_rules(pool_run) -> None:
    paths, _, result = pool_run
    demand = _processed(paths, "pool_demand")
    per_member = demand.groupby([*CELL_KEYS, "member_id"], observed=True)["quantity_base"].sum()
    per_cell = per_member.groupby(level=CELL_KEYS, observed=True)
    truth = pd.DataFrame(
        {"true_members": per_cell.size(), "largest_share": per_cell.max() / per_cell.sum()}
    ).reset_index()
    tables = {t.name: t for t in result.tables}
    for name in (MEMBERS_VOLUME, VENDORS_VOLUME):
        frame = tables[name].frame
        published = frame[frame["quantity"].notna()].merge(truth, on=CELL_KEYS, how="left")
        assert len(published) > 0
        assert published["largest_share"].notna().all(), name
        assert (published["true_members"] >= 5).all(), name
        assert (published["largest_share"] <= 0.25 + 1e-12).all(), name
    # figures for members only show published pooled volumes
    volume = tables[MEMBERS_VOLUME].frame
    shown = set(volume["quantity"].dropna().round(6))
    for figure in result.figures:
        if figure.name.startswith("pool_tier_ladder"):
            pooled_line = next(t for t in figure.build("en").data if t.name == "Pooled volume")
            assert round(float(pooled_line.x[0]), 6) in shown
    donors = tables["pool_category_totals"].frame
    assert (donors["periods"] == "2026-Q1–2026-Q3").all()  # the latest quarter is withheld
    assert (donors.loc[donors["members"].notna(), "members"] >= 5).all()
    assert TOTAL in set(donors["category"])
