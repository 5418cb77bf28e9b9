"""The survey pipeline on the bundled example data: tables, disclosure control, findings."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from cluster_analysis.config import Settings, get_paths
from cluster_analysis.disclosure import LOG_COLUMNS
from cluster_analysis.pipeline import RunOptions, run_pipeline

REPO_ROOT = Path(__file__).resolve().parents[2]
RAW = REPO_ROOT / "data" / "raw"

TABLES = (
    "needs_assessment",
    "needs_by_member_type",
    "gap_by_dimension_member_type",
    "box_scores",
    "multi_select_shares",
    "mwds_bootstrap",
    "wave_change",
    "gap_status",
    "response_rates",
)


@pytest.fixture(scope="module")
def survey_run(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("survey-run")
    paths = get_paths(root, raw=RAW)
    summary = run_pipeline(paths, Settings(), RunOptions(domains=("survey",), write_reports=False))
    return paths, summary


def _processed(paths, name: str) -> pd.DataFrame:
    return pd.read_parquet(paths.processed / "survey" / f"{name}.parquet")


def test_survey_runs_and_writes_every_table(survey_run) -> None:
    paths, summary = survey_run
    assert summary.errors == {}
    result = summary.results["survey"]
    published = {t.name for t in result.tables}
    for name in TABLES:
        assert (paths.processed / "survey" / f"{name}.parquet").exists(), name
        assert name in published, name
    assert result.tables, "the survey run published no table"
    for table in result.tables:
        assert table.meta.synthetic is True  # the example data carries SYNTHETIC.md
        assert table.meta.source and table.meta.period and table.meta.n
        # every column header is bilingual
        assert set(table.columns) == {c for c in table.frame.columns if c in table.columns}
        assert all({"en", "ka"} <= set(v) for v in table.columns.values())
    audience = {t.name: t.audience for t in result.tables}
    assert audience["response_rates"] == "office"  # class-level counts stay with the office
    assert audience["needs_by_member_type"] == "donors"  # passed disclosure control


def test_small_member_type_is_suppressed_with_secondary_protection(survey_run) -> None:
    paths, summary = survey_run
    by_type = _processed(paths, "needs_by_member_type")
    small = by_type[(by_type["n"] > 0) & (by_type["n"] < 5)]
    assert len(small), "the example register has a member type with fewer than 5 respondents"
    assert small["suppressed"].all()
    assert small["mwds"].isna().all() and small["critical_gap_share"].isna().all()
    # no (wave, item) set with an "All" total has exactly one hidden cell: it could be recovered
    hidden = by_type.groupby(["wave", "item"])["suppressed"].sum()
    assert not (hidden == 1).any()
    log = summary.results["survey"].suppression_log
    assert list(log.columns) == list(LOG_COLUMNS)
    assert {"threshold k=5", "secondary"} <= set(log["rule"])
    assert set(log["table"]) == {"needs_by_member_type", "gap_by_dimension_member_type"}
    # the published TableOutput lists the hidden cells so the Excel writer shows a dash
    table = next(t for t in summary.results["survey"].tables if t.name == "needs_by_member_type")
    assert table.suppressed and table.suppression_rule
    heat = _processed(paths, "gap_by_dimension_member_type")
    assert heat.loc[heat["n"] < 5, "mwds"].isna().all()


def test_findings_in_both_languages_carry_n_interval_and_wave(survey_run) -> None:
    _, summary = survey_run
    findings = summary.results["survey"].findings
    gap = [f for f in findings if "CI" in f.text["en"]]
    assert gap, "no critical-gap sentence with an interval"
    sentence = gap[0]
    assert f"of the {sentence.n} responding members" in sentence.text["en"]
    assert "wave 2026 H2" in sentence.text["en"]
    assert f"{sentence.n} წევრიდან" in sentence.text["ka"]
    assert "სანდოობის ინტერვალი" in sentence.text["ka"]
    assert any("in the top 3 in" in f.text["en"] and "resamples" in f.text["en"] for f in findings)
    assert any("member firms answered the survey" in f.text["en"] for f in findings)
    assert any("McNemar" in f.text["en"] and "მაკნემარის" in f.text["ka"] for f in findings)
    assert all(f.source and f.period for f in findings)


def test_each_wave_is_counted_out_of_the_members_on_the_register_in_its_year(survey_run) -> None:
    # docs/methods.md#the-frame-of-a-wave; the example register dates give 56 members at the end
    # of 2025 and 60 at the end of 2026, and every respondent is one of them
    paths, summary = survey_run
    register = _processed(paths, "survey_register")
    responses = _processed(paths, "survey_responses")
    joined = pd.to_datetime(register["joined"])
    left = pd.to_datetime(register["left"])
    expected = {}
    for wave in ("2025-2", "2026-2"):
        end = pd.Timestamp(int(wave[:4]), 12, 31)
        members = set(register.loc[(joined <= end) & ~(left <= end), "member_id"])
        answered = set(responses.loc[responses["wave"] == wave, "member_id"])
        expected[wave] = (len(members | answered), len(answered))
    assert expected == {"2025-2": (56, 46), "2026-2": (60, 49)}
    totals = _processed(paths, "response_rates").groupby("wave")[["N_h", "n_h"]].sum()
    assert {w: tuple(int(v) for v in totals.loc[w]) for w in expected} == expected
    texts = [f.text["en"] for f in summary.results["survey"].findings]
    assert any(t.startswith("46 of the 56 member firms answered") and "82%" in t for t in texts)
    assert any(t.startswith("49 of the 60 member firms answered") for t in texts)
    tables = {t.name: t for t in summary.results["survey"].tables}
    assert tables["needs_assessment"].meta.n == {
        "en": "46 of 56 / 49 of 60 members",
        "ka": "56-დან 46 / 60-დან 49 წევრი",
    }
    note = tables["response_rates"].meta.note
    assert note and "members on the register at the end of 2025, 56" in note["en"]


def test_scoring_tables_hold_what_the_issue_asks(survey_run) -> None:
    paths, _ = survey_run
    needs = _processed(paths, "needs_assessment")
    assert set(needs["centre"]) == {"data"}  # IPA cross-hairs are data-centred
    assert needs["quadrant"].notna().all()
    box = _processed(paths, "box_scores")
    assert (box["n_dont_know"] > 0).any()  # code 9 counted apart, outside the base
    shares = box[[f"share_{k}" for k in range(1, 6)]].astype(float).sum(axis=1)
    assert shares.round(9).eq(1).all()
    boot = _processed(paths, "mwds_bootstrap")
    assert (boot["mwds_low"] <= boot["mwds"]).all() and (boot["mwds"] <= boot["mwds_high"]).all()
    assert boot.groupby("wave")["prob_top_k"].sum().round(6).le(3).all()
    multi = _processed(paths, "multi_select_shares")
    # shares of respondents, not of selections: one question's options add to more than 100%
    assert (multi.groupby(["wave", "question"])["share"].sum() > 1).all()
    status = _processed(paths, "gap_status")
    assert {"closed", "narrowing", "widening"} <= set(status["status"])
    change = _processed(paths, "wave_change")
    assert {"mcnemar_p", "wilcoxon_p"} <= set(change.columns)


def test_figures_build_in_both_languages_with_form_labels(survey_run) -> None:
    _, summary = survey_run
    result = summary.results["survey"]
    names = {f.name for f in result.figures}
    assert {
        "survey_mwds_2026-2",
        "survey_ipa_2026-2",
        "survey_capability_likert_2026-2",
        "survey_gap_by_member_type_2026-2",
        "survey_wave_change",
        "survey_multi_select_support_types_2026-2",
    } <= names
    support = next(
        f for f in result.figures if f.name == "survey_multi_select_support_types_2026-2"
    )
    assert support.meta.subtitle("en").endswith("respondents")  # n says what it counts
    assert support.meta.subtitle("ka").endswith("რესპონდენტი")
    shares = support.build("en").data[0].x
    assert list(shares) == sorted(shares, reverse=True)
    mwds = next(f for f in result.figures if f.name == "survey_mwds_2026-2")
    en, ka = mwds.build("en"), mwds.build("ka")
    assert any(label.startswith("Access to finance") for label in en.data[0].y)
    assert any(label.startswith("ფინანსებზე ხელმისაწვდომობა") for label in ka.data[0].y)
    assert en.data[0].error_x.array is not None  # bootstrap intervals are drawn


def test_every_processed_table_is_declared_with_a_unique_key_and_described(survey_run) -> None:
    import pyarrow.parquet as pq

    from cluster_analysis import metadata

    paths, _ = survey_run
    written = sorted(p for p in (paths.processed / "survey").glob("*.parquet"))
    assert len(written) >= 15
    for path in written:
        if path.stem == "findings":  # every domain's findings table, declared by the run layer
            continue
        spec = metadata.table_spec("survey", path.stem)
        assert spec.audience in {"office", "members", "vendors", "donors"}
        frame = pd.read_parquet(path)
        key = list(spec.primary_key)
        assert key and set(key) <= set(frame.columns), (path.stem, key)
        assert not frame.duplicated(key).any(), f"{path.stem}: {key} is not unique"
        undescribed = [
            c for c in pq.read_schema(path).names if metadata.describe_column(c, "survey") is None
        ]
        assert undescribed == [], (path.stem, undescribed)
    audience = {s.name: s.audience for s in metadata.table_specs("survey")}
    # member-level and class-level tables stay with the office
    for name in ("survey_register", "survey_responses", "survey_capacity_long", "response_rates"):
        assert audience[name] == "office", name


def test_published_tables_take_audience_and_title_from_the_declarations(survey_run) -> None:
    import yaml

    declared = yaml.safe_load(
        (REPO_ROOT / "src/cluster_analysis/survey/metadata.yaml").read_text(encoding="utf-8")
    )["tables"]
    _, summary = survey_run
    for table in summary.results["survey"].tables:
        assert table.audience == declared[table.name]["audience"], table.name
        assert table.meta.title == declared[table.name]["title"], table.name


def test_waves_manifest_is_recorded_as_an_input(survey_run) -> None:
    import csv
    import json

    paths, _ = survey_run
    manifest = json.loads(
        sorted((paths.processed / "manifests").glob("run-*.json"))[-1].read_text()
    )
    inputs = {Path(i["path"]).name: i for i in manifest["inputs"]}
    with (RAW / "survey" / "waves.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert inputs["waves.csv"]["rows"] == len(rows) == 2
    assert len(inputs["waves.csv"]["sha256"]) == 64


def test_notebook_figures_are_the_exported_figures(survey_run) -> None:
    from cluster_analysis.survey.figures import FIGURE_TABLES, processed_figures

    paths, summary = survey_run
    exported = {f.name: f for f in summary.results["survey"].figures}
    tables = {name: _processed(paths, name) for name in FIGURE_TABLES}
    rebuilt = processed_figures(tables, min_cell=Settings().min_cell, synthetic=True)
    assert list(rebuilt) == list(exported)
    for name, figure in exported.items():
        again = rebuilt[name]
        assert again.meta == figure.meta and again.audience == figure.audience, name
        assert figure.meta.synthetic and figure.meta.n and figure.meta.period, name
        for lang in ("en", "ka"):
            assert again.build(lang).to_plotly_json() == figure.build(lang).to_plotly_json(), name


def _sheet_rows(path: Path, sheet: str) -> tuple[list[str], dict[int, list[object]]]:
    """The header and every non-empty data row of a sheet, by spreadsheet row (openpyxl)."""
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    rows = list(book[sheet].iter_rows(values_only=True))
    header = [str(h) for h in rows[0]]
    data = {
        number: list(row)
        for number, row in enumerate(rows[1:], start=2)
        if any(v not in (None, "") for v in row)
    }
    return header, data


def test_repeat_rows_are_conserved_and_reach_processed(survey_run) -> None:
    """Every row of the example's repeat sheet ends valid (in data/processed) or rejected (in
    the rejects workbook, naming its submission and sheet row); counted with openpyxl."""
    paths, summary = survey_run
    export = RAW / "survey" / "exports" / "wave_2025-2.xlsx"
    main_header, main_rows = _sheet_rows(export, "wave_2025-2")
    header, rows = _sheet_rows(export, "products")
    uuid_at = header.index("_submission__uuid")
    tonnes_at = next(i for i, h in enumerate(header) if h.endswith("წლიურად შეძენილი ტონა"))
    submissions = {str(r[main_header.index("_uuid")]) for r in main_rows.values()}

    (counts,) = [v for v in summary.validation if v["table"] == "survey_repeat_products"]
    rejects = pd.read_excel(
        paths.reports / "validation" / "rejects.xlsx", sheet_name="Rejects", engine="openpyxl"
    )
    rejects = rejects[rejects["table"] == "survey_repeat_products"]
    answers = _processed(paths, "survey_repeat_answers")
    valid_rows = set(answers["sheet_row"].astype(int))
    rejected_rows = set(rejects["row"].astype(int))
    assert counts["rows_in"] == len(rows) == counts["rows_valid"] + counts["rows_rejected"]
    assert valid_rows.isdisjoint(rejected_rows)
    assert valid_rows | rejected_rows == set(rows)
    assert len(rejected_rows) == counts["rows_rejected"] > 0

    # The orphan: its submission is not in the main sheet.
    (orphan,) = [n for n, r in rows.items() if str(r[uuid_at]) not in submissions]
    found = rejects[rejects["row"] == orphan]
    assert found["check"].tolist() == ["repeat_without_submission"]
    assert found["record_id"].tolist() == [str(rows[orphan][uuid_at])]
    # The bad answer: a negative tonnage, rejected with its submission named.
    (negative,) = [n for n, r in rows.items() if r[tonnes_at] is not None and r[tonnes_at] < 0]
    found = rejects[rejects["row"] == negative]
    assert "answer_out_of_range" in set(found["check"])
    assert set(found["record_id"]) == {str(rows[negative][uuid_at])}
    assert found["reason_ka"].str.len().gt(0).all()

    # Valid repeat rows belong to valid submissions; rows of a submission that was rejected or
    # removed are quarantined with it; the summary counts valid rows per submission.
    responses = _processed(paths, "survey_responses")
    set_aside = submissions - set(responses["_uuid"])
    with_submission_gone = {n for n, r in rows.items() if str(r[uuid_at]) in set_aside}
    assert with_submission_gone, "the example rejects submissions that have repeat rows"
    for number in with_submission_gone:
        assert "repeat_of_set_aside_submission" in set(
            rejects.loc[rejects["row"] == number, "check"]
        )
    assert set(answers["submission_uuid"]) <= set(responses["_uuid"])
    per_submission = pd.Series(
        [str(rows[n][uuid_at]) for n in sorted(valid_rows)], dtype="string"
    ).value_counts()
    repeat_summary = _processed(paths, "survey_repeat_summary").set_index("submission_uuid")
    wave = responses[responses["wave"] == "2025-2"]
    assert set(repeat_summary.index) == set(wave["_uuid"])
    for submission, count in repeat_summary["count"].items():
        assert count == per_submission.get(submission, 0), submission


def test_validate_command_counts_repeat_rows(tmp_path) -> None:
    """`cluster-analysis validate --kind survey` checks the repeat sheets too (rows counted with
    openpyxl)."""
    from typer.testing import CliRunner

    from cluster_analysis.cli import app

    export = RAW / "survey" / "exports" / "wave_2025-2.xlsx"
    _, main_rows = _sheet_rows(export, "wave_2025-2")
    _, repeat_rows = _sheet_rows(export, "products")
    result = CliRunner().invoke(
        app,
        [
            *("validate", str(export), "--kind", "survey"),
            *("--raw", str(RAW), "--reports", str(tmp_path)),
        ],
    )
    assert result.exit_code == 0, result.output
    assert f"of {len(main_rows) + len(repeat_rows)} rows rejected" in " ".join(
        result.stdout.split()
    )
