"""One integration run of the whole pipeline on the bundled example data."""

from __future__ import annotations

import csv
import hashlib
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from cluster_analysis.config import Settings, get_paths
from cluster_analysis.pipeline import RunOptions, run_pipeline

REPO_ROOT = Path(__file__).resolve().parents[2]
RAW = REPO_ROOT / "data" / "raw"


def _digests(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_every_domain_ran_without_error(example_run) -> None:
    _, summary = example_run
    assert summary.errors == {}
    assert set(summary.results) == {"survey", "directory", "indicators", "pool"}


def test_conservation_for_every_validated_table(example_run) -> None:
    _, summary = example_run
    assert summary.validation, "no table was validated"
    for item in summary.validation:
        assert item["rows_in"] == item["rows_valid"] + item["rows_rejected"], item


def test_processed_layer_and_manifest(example_run) -> None:
    paths, summary = example_run
    for domain in ("survey", "directory", "indicators", "pool"):
        assert list((paths.processed / domain).glob("*.parquet")), (
            f"no processed tables for {domain}"
        )
    manifest = summary.manifest_path
    assert manifest is not None and manifest.exists()
    text = manifest.read_text(encoding="utf-8")
    assert '"sha256"' in text and '"finished"' in text and '"status": "ok"' in text


def test_rejects_workbook_lists_seeded_bad_rows_in_both_languages(example_run) -> None:
    paths, summary = example_run
    assert summary.rejected_rows > 0, "the example data seeds bad rows; none were rejected"
    book = openpyxl.load_workbook(paths.validation / "rejects.xlsx", read_only=True)
    assert {"Summary", "Rejects"} <= set(book.sheetnames)
    rows = list(book["Rejects"].iter_rows(values_only=True))
    header = [str(h) for h in rows[0]]
    reason_en = next(
        i for i, h in enumerate(header) if "reason_en" in h or h.startswith("reason (en")
    )
    reason_ka = next(
        i for i, h in enumerate(header) if "reason_ka" in h or h.startswith("reason (ka")
    )
    body = rows[1:]
    assert len(body) >= 8
    assert all(r[reason_en] for r in body) and all(r[reason_ka] for r in body)
    assert any(re.search("[\u10d0-\u10ff]", str(r[reason_ka])) for r in body)


def test_donor_reports_exist(example_run) -> None:
    paths, _ = example_run
    reports = paths.reports
    for name in (
        "tables.xlsx",
        "index.html",
        "findings.en.docx",
        "findings.ka.docx",
        "findings.en.html",
        "findings.ka.html",
    ):
        assert (reports / name).exists(), name
    assert list((reports / "figures").glob("*.en.html")) and list(
        (reports / "figures").glob("*.ka.html")
    )


def test_raw_files_are_never_written(tmp_path: Path) -> None:
    before = _digests(RAW)
    paths = get_paths(tmp_path, raw=RAW)
    run_pipeline(paths, Settings(), RunOptions(write_reports=False))
    assert _digests(RAW) == before


def test_rerun_gives_identical_processed_data(example_run, tmp_path: Path) -> None:
    paths, _ = example_run
    again = get_paths(tmp_path, raw=RAW)
    run_pipeline(again, Settings(), RunOptions(write_reports=False))
    # the manifests differ by their times; the rerun cache holds the first run's rendered figures
    kept = ("manifests/", ".cache/")
    first = {k: v for k, v in _digests(paths.processed).items() if not k.startswith(kept)}
    second = {k: v for k, v in _digests(again.processed).items() if not k.startswith(kept)}
    assert first == second


def test_no_member_names_or_contacts_in_reports(example_run) -> None:
    paths, _ = example_run
    register = pd.read_csv(RAW / "survey" / "register.csv", dtype=str, keep_default_na=False)
    secret_columns = [c for c in register.columns if re.search("name|phone|email|contact", c, re.I)]
    secrets = {v for c in secret_columns for v in register[c] if len(v) >= 6}
    assert secrets, "the example register should hold names and contacts to protect"
    for path in paths.reports.rglob("*"):
        if path.is_dir() or "office" in path.parts or path.suffix in {".png", ".pdf"}:
            continue
        if path.suffix in {".xlsx", ".docx"}:
            import zipfile

            with zipfile.ZipFile(path) as archive:
                content = " ".join(
                    archive.read(n).decode("utf-8", "ignore")
                    for n in archive.namelist()
                    if n.endswith(".xml")
                )
        else:
            content = path.read_text(encoding="utf-8", errors="ignore")
        leaked = [s for s in secrets if s in content]
        assert not leaked, f"{path.name} contains {leaked[:3]}"


def test_second_concurrent_run_is_refused(tmp_path: Path) -> None:
    from cluster_analysis.errors import RunLockedError
    from cluster_analysis.store import run_lock

    paths = get_paths(tmp_path, raw=RAW)
    with (
        run_lock(paths.processed),
        pytest.raises(RunLockedError, match="another cluster-analysis run is writing"),
    ):
        run_pipeline(paths, Settings(), RunOptions(write_reports=False))


# --------------------------------------------------------------------------------------------------
# conservation and published intervals, from the raw files and the public outputs alone


def _raw_ids(path: Path, column: str) -> list[str]:
    """The record ids of a raw export, read with openpyxl or csv (not the library's reader)."""
    if path.suffix == ".xlsx":
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        rows = list(book.worksheets[0].iter_rows(values_only=True))
        book.close()
        at = list(rows[0]).index(column)
        return [str(r[at]) for r in rows[1:] if any(v not in (None, "") for v in r)]
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [row[column] for row in csv.DictReader(handle)]


def _rejected_ids(reports: Path) -> dict[str, set[str]]:
    """Rejected record ids per source file, read from rejects.xlsx with openpyxl."""
    book = openpyxl.load_workbook(reports / "validation" / "rejects.xlsx", read_only=True)
    rows = list(book["Rejects"].iter_rows(values_only=True))
    book.close()
    header = [str(h).split("\n")[0] for h in rows[0]]
    source, record = header.index("source"), header.index("record_id")
    found: dict[str, set[str]] = {}
    for row in rows[1:]:
        found.setdefault(str(row[source]), set()).add(str(row[record]))
    return found


def test_every_raw_record_ends_processed_or_rejected(example_run) -> None:
    """Counted from the raw files (csv/openpyxl), the processed parquet and rejects.xlsx: each
    submission is in exactly one of them, and none is lost or invented."""
    paths, _ = example_run
    rejected = _rejected_ids(paths.reports)
    responses = pd.read_parquet(paths.processed / "survey" / "survey_responses.parquet")
    demand = pd.read_parquet(paths.processed / "pool" / "pool_demand.parquet")
    checked = []
    for export in sorted((RAW / "survey" / "exports").iterdir()):
        raw = _raw_ids(export, "_uuid")
        wave = export.stem.removeprefix("wave_")
        kept = responses.loc[responses["wave"] == wave, "_uuid"].astype(str).tolist()
        out = rejected.get(export.name, set())
        assert len(set(raw)) == len(raw), export.name
        assert len(set(kept)) == len(kept), export.name
        assert not set(kept) & out, export.name
        assert set(kept) | out == set(raw), export.name
        checked.append((export.name, len(raw), len(kept), len(out)))
    raw = _raw_ids(RAW / "pool" / "demand_submissions.csv", "submission_id")
    kept = demand["submission_id"].astype(str).tolist()
    out = rejected.get("demand_submissions.csv", set())
    assert len(kept) == len(set(kept)) and not set(kept) & out
    assert set(kept) | out == set(raw) and len(raw) == len(kept) + len(out)
    checked.append(("demand_submissions.csv", len(raw), len(kept), len(out)))
    # both survey waves and the pool were checked, each with some rows rejected on purpose
    assert len(checked) == 3 and all(n_out > 0 for *_, n_out in checked), checked


def test_published_critical_gap_intervals_from_the_processed_answers(example_run) -> None:
    """The path the pipeline really uses (methods.md section 2): per wave and item, the share of
    critical gaps among answered pairs (weighted), and a Wilson interval on the finite-population
    n' = (n_eff - 1) / (1 - n/N), n_eff the Kish effective n and N the members on the register at
    the end of the wave's year with the wave's respondents (methods.md, the frame of a wave: 56 in
    2025, 60 in 2026); recomputed here from survey_capacity_long, survey_responses and
    survey_register with statsmodels."""
    from statsmodels.stats.proportion import proportion_confint

    paths, _ = example_run
    folder = paths.processed / "survey"
    needs = pd.read_parquet(folder / "needs_assessment.parquet").set_index(["wave", "item"])
    answers = pd.read_parquet(folder / "survey_capacity_long.parquet")
    register = pd.read_parquet(folder / "survey_register.parquet")
    responses = pd.read_parquet(folder / "survey_responses.parquet")
    joined, left = pd.to_datetime(register["joined"]), pd.to_datetime(register["left"])
    frames = {}
    for wave in answers["wave"].unique():
        end = pd.Timestamp(int(str(wave)[:4]), 12, 31)
        members = set(register.loc[(joined <= end) & ~(left <= end), "member_id"])
        frames[wave] = len(members | set(responses.loc[responses["wave"] == wave, "member_id"]))
    assert frames == {"2025-2": 56, "2026-2": 60}
    checked = 0
    for (wave, item), group in answers.groupby(["wave", "item"]):
        population = frames[wave]
        row = needs.loc[(wave, item)]
        if row["suppressed"]:
            continue
        top = group["scale_max"].iloc[0]
        answered = (
            group["importance"].between(1, top)
            & group["capability"].between(1, top)
            & ~group["importance_dont_know"].astype(bool)
            & ~group["capability_dont_know"].astype(bool)
        )
        pairs = group[answered.fillna(False).astype(bool)]
        w = pairs["weight"].to_numpy(float)
        critical = ((pairs["importance"] >= top - 1) & (pairs["capability"] <= 2)).to_numpy(float)
        share = float((w * critical).sum() / w.sum())
        n_eff = w.sum() ** 2 / (w**2).sum()
        n_prime = (n_eff - 1) / (1 - len(pairs) / population)
        low, high = proportion_confint(share * n_prime, n_prime, alpha=0.05, method="wilson")
        assert row["n"] == len(pairs), (wave, item)
        assert float(row["critical_gap_share"]) == pytest.approx(share), (wave, item)
        assert float(row["critical_gap_low"]) == pytest.approx(low), (wave, item)
        assert float(row["critical_gap_high"]) == pytest.approx(high), (wave, item)
        checked += 1
    assert checked >= 20, checked
