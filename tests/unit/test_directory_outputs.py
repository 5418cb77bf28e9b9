"""Directory findings, figure, settings and members' workbook on tiny inline frames."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pandas as pd
import pytest

from cluster_analysis.directory.figures import coverage_bars
from cluster_analysis.directory.findings import format_date, gap_sentence
from cluster_analysis.directory.settings import load_settings, parse_settings
from cluster_analysis.directory.workbook import workbook_bytes
from cluster_analysis.metadata import MetadataError
from cluster_analysis.outputs import Meta, TableOutput, text


def _row(**values: object) -> pd.Series:
    base = {
        "item_en": "Access to finance",
        "item_ka": "ფინანსებზე ხელმისაწვდომობა",
        "members_with_gap": 7,
        "members_with_gap_suppressed": False,
        "open_programmes": 2,
        "nearest_deadline": pd.Timestamp("2026-12-05"),
    }
    return pd.Series({**base, **values})


def test_gap_sentence_in_both_languages() -> None:
    sentence = gap_sentence(_row(), min_cell=5)
    assert sentence["en"] == (
        "7 members report a critical gap in access to finance; 2 open programmes fund it; "
        "the nearest deadline is 5 December 2026."
    )
    assert sentence["ka"] == (
        "7 წევრი მიუთითებს კრიტიკულ ხარვეზზე: „ფინანსებზე ხელმისაწვდომობა“; ამ მიმართულებას "
        "2 ღია პროგრამა აფინანსებს; უახლოესი ბოლო ვადაა 05.12.2026."
    )


def test_gap_sentence_suppressed_count_single_rolling_and_none() -> None:
    hidden = gap_sentence(
        _row(members_with_gap=pd.NA, members_with_gap_suppressed=True, open_programmes=1,
             nearest_deadline=pd.NaT, item_en="GS1 barcodes"),
        min_cell=5,
    )  # fmt: skip
    assert hidden["en"] == (
        "Fewer than 5 members report a critical gap in GS1 barcodes; 1 open programme funds it "
        "(rolling calls, no deadline)."
    )
    assert hidden["ka"].startswith("5-ზე ნაკლები წევრი")
    none = gap_sentence(_row(open_programmes=0), min_cell=5)
    assert none["en"].endswith("no open programme funds it yet.")
    assert "არც ერთი ღია პროგრამა" in none["ka"]


def test_format_date() -> None:
    assert format_date(date(2027, 1, 5), "en") == "5 January 2027"
    assert format_date(date(2027, 1, 5), "ka") == "05.01.2027"


def test_coverage_bars_draw_both_counts_largest_share_on_top() -> None:
    coverage = pd.DataFrame(
        {
            "item_en": ["A", "B"],
            "item_ka": ["ა", "ბ"],
            "critical_gap_share": [0.3, 0.6],
            "open_programmes": [1, 0],
            "providers_and_experts": [2, 3],
        }
    )
    figure = coverage_bars(coverage, "ka")
    programmes, others = figure.data
    assert list(programmes.y) == [
        "ა (კრიტიკული ხარვეზის წილი 30%)",
        "ბ (კრიტიკული ხარვეზის წილი 60%)",
    ]
    assert list(programmes.x) == [1, 0] and list(others.x) == [2, 3]
    assert programmes.name == "ღია პროგრამები"


def test_declared_settings_and_bad_weights() -> None:
    settings = load_settings()
    assert settings.reference_date is None and settings.calendar_days == 90
    assert "Imereti" in settings.regions
    with pytest.raises(MetadataError, match="add up to 1"):
        parse_settings({"match": {"topic": 0.9, "eligibility": 0.3, "deadline": 0.2}})
    assert parse_settings({"reference_date": "2026-12-01"}).reference_date == date(2026, 12, 1)


def _table(audience: str) -> TableOutput:
    return TableOutput(
        name="members_experts",
        frame=pd.DataFrame({"expert_id": ["EX-001"], "name_en": ["E"]}),
        meta=Meta(title=text("Experts", "ექსპერტები")),
        audience=audience,  # type: ignore[arg-type]
    )


def test_members_workbook_refuses_office_tables_and_reads_back() -> None:
    with pytest.raises(ValueError, match="not for members: members_experts"):
        workbook_bytes([_table("office")], "en")
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes([_table("members")], "ka")))
    cells = [c for ws in book.worksheets for r in ws.iter_rows(values_only=True) for c in r]
    assert "EX-001" in cells and "ექსპერტები" in cells
