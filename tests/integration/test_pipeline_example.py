"""One integration run of the whole pipeline on the bundled example data."""

from __future__ import annotations

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
    first = {k: v for k, v in _digests(paths.processed).items() if not k.startswith("manifests/")}
    second = {k: v for k, v in _digests(again.processed).items() if not k.startswith("manifests/")}
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
    with run_lock(paths.processed), pytest.raises(RunLockedError):
        run_pipeline(paths, Settings(), RunOptions(write_reports=False))
