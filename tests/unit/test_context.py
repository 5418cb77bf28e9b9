"""The run context: declared inputs, the manifest, an earlier domain's processed tables, and the
other files a domain hands to the report layer."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pytest

from cluster_analysis.context import InputSpec
from cluster_analysis.errors import InputError
from cluster_analysis.outputs import FigureOutput, FileOutput, Finding, Meta, TableOutput, text
from cluster_analysis.pipeline import make_context
from cluster_analysis.reports.build import write_file_output

REGISTER = InputSpec("register", "register.csv", text("Member register", "წევრების რეესტრი"))
EXPORTS = InputSpec("exports", "exports/*.csv", text("Form exports", "ფორმის ექსპორტი"))
OPTIONAL = InputSpec("market", "market.csv", text("Market size", "ბაზრის ზომა"), required=False)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    raw = tmp_path / "data" / "raw" / "demo"
    (raw / "exports").mkdir(parents=True)
    (raw / "register.csv").write_text("member_id,size\nGPC-001,small\nGPC-002,micro\n")
    (raw / "exports" / "b.csv").write_text("x\n1\n")
    (raw / "exports" / "a.csv").write_text("x\n1\n2\n")
    return tmp_path


def test_read_input_reads_and_records_sha256_and_rows(project: Path) -> None:
    ctx = make_context(project, domain="demo")
    frame = ctx.read_input(REGISTER, as_text=True)
    assert frame is not None and frame["member_id"].tolist() == ["GPC-001", "GPC-002"]
    (entry,) = ctx.manifest.inputs
    path = project / "data" / "raw" / "demo" / "register.csv"
    assert entry == {
        "path": "data/raw/demo/register.csv",
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "rows": 2,
    }


def test_globs_are_sorted_and_input_path_takes_the_first(project: Path) -> None:
    ctx = make_context(project, domain="demo")
    assert [p.name for p in ctx.input_paths(EXPORTS)] == ["a.csv", "b.csv"]
    assert ctx.input_path(EXPORTS) == project / "data" / "raw" / "demo" / "exports" / "a.csv"


def test_missing_required_input_is_one_line_naming_file_and_input(project: Path) -> None:
    ctx = make_context(project, domain="demo")
    missing = InputSpec("offers", "offers.csv", text("Vendors' offers", "შეთავაზებები"))
    with pytest.raises(
        InputError, match=r"^offers\.csv: missing required input 'offers' \(Vendors' offers\)$"
    ):
        ctx.read_input(missing)
    with pytest.raises(InputError, match=r"missing required input 'exports'"):
        ctx.input_paths(InputSpec("exports", "none/*.csv", text("x", "ქ")))


def test_missing_optional_input_is_none(project: Path) -> None:
    ctx = make_context(project, domain="demo")
    assert ctx.input_path(OPTIONAL) is None
    assert ctx.read_input(OPTIONAL) is None
    assert ctx.input_paths(OPTIONAL) == []
    assert ctx.manifest.inputs == []


def test_read_processed_reads_this_runs_table_and_records_its_final_place(
    project: Path, tmp_path: Path
) -> None:
    staging = tmp_path / "staging"
    ctx = make_context(project, processed_dir=staging, domain="survey")
    written = ctx.write_table("survey_register", pd.DataFrame({"member_id": ["GPC-001"]}))
    assert written == staging / "survey" / "survey_register.parquet"
    ctx.for_domain("pool")
    frame = ctx.read_processed("survey", "survey_register")
    assert frame is not None and frame["member_id"].tolist() == ["GPC-001"]
    (entry,) = ctx.manifest.inputs
    assert entry["path"] == "data/processed/survey/survey_register.parquet"
    assert entry["sha256"] == hashlib.sha256(written.read_bytes()).hexdigest()
    assert entry["rows"] == 1


def test_read_processed_of_a_domain_not_run_names_what_to_run(project: Path) -> None:
    ctx = make_context(project, domain="pool")
    with pytest.raises(
        InputError, match=r"processed table survey/survey_register is not there: run the survey"
    ):
        ctx.read_processed("survey", "survey_register")
    assert ctx.read_processed("survey", "survey_register", required=False) is None


def test_file_outputs_land_in_their_audiences_folder(tmp_path: Path) -> None:
    calls: list[str] = []

    def build(lang: str) -> bytes:
        calls.append(lang)
        return f"BEGIN:VCALENDAR {lang}".encode()

    per_language = FileOutput("directory_calendar", "ics", "members", build)
    once = FileOutput("register", "xlsx", "office", build, per_language=False)
    donors = FileOutput("programmes", "csv", "donors", build)
    paths = [
        *write_file_output(per_language, tmp_path, ("en", "ka")),
        *write_file_output(once, tmp_path, ("en", "ka")),
        *write_file_output(donors, tmp_path, ("ka",)),
    ]
    assert [p.relative_to(tmp_path).as_posix() for p in paths] == [
        "members/directory_calendar.en.ics",
        "members/directory_calendar.ka.ics",
        "office/register.xlsx",
        "programmes.ka.csv",
    ]
    assert paths[1].read_bytes() == b"BEGIN:VCALENDAR ka"
    assert calls == ["en", "ka", "en", "ka"]


def test_audience_has_no_default_and_must_be_known() -> None:
    with pytest.raises(TypeError, match=r"finding of pool: audience must be one of .*got None"):
        Finding(domain="pool", text=text("a", "ა"))
    with pytest.raises(TypeError, match=r"table t: audience must be one of .*got 'donor'"):
        TableOutput("t", pd.DataFrame(), Meta(title=text("T", "ტ")), "donor")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="audience"):
        FigureOutput("f", lambda lang: None, Meta(title=text("T", "ტ")))  # type: ignore[call-arg]
    positional = Finding("survey", text("a", "ა"), 3, "2026", None, "office")
    assert positional.audience == "office"
