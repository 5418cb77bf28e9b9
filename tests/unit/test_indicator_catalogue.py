"""Indicator catalogue schema with quarantine and milestones."""

from __future__ import annotations

import pandas as pd
import pytest

from cluster_analysis.errors import InputError
from cluster_analysis.indicators.catalogue import (
    milestones_long,
    parse_milestones,
    validate_catalogue,
)


def text_row(**overrides: str | None) -> dict:
    row = {
        "indicator": "cluster_members",
        "place": "georgia",
        "level": "outcome",
        "name_en": "Cluster member companies",
        "name_ka": "კლასტერის წევრი კომპანიები",
        "unit": "count",
        "direction": "increase",
        "source": "secretariat",
        "baseline_value": "60",
        "baseline_year": "2022",
        "milestones": "2024:75|2026:90",
        "target_value": "100",
        "target_year": "2027",
        "kind": "quantitative",
    }
    row.update(overrides)
    return row


def test_valid_catalogue_is_coerced():
    result = validate_catalogue(pd.DataFrame([text_row()]))
    assert result.rows_rejected == 0
    valid = result.valid
    assert valid["baseline_value"].iloc[0] == 60
    assert str(valid["target_year"].dtype) == "Int64"


def test_bad_rows_are_quarantined_with_reasons():
    rows = [
        text_row(),
        text_row(indicator="wineries", direction="up"),  # not increase/decrease
        text_row(indicator="shops", baseline_value="sixty"),  # text in a number
        text_row(indicator="jobs", target_year="2017"),  # target before baseline
        text_row(indicator="events", milestones="2024=75"),  # malformed milestones
        text_row(indicator="grants", target_value=None),  # a target year without its value
        text_row(),  # duplicate indicator x place
        text_row(indicator="eccp", kind="qualitative", target_value=None, milestones=None),
    ]
    result = validate_catalogue(pd.DataFrame(rows))
    assert result.rows_in == 8
    assert result.rows_valid + result.rows_rejected == 8
    assert sorted(result.valid["indicator"]) == ["eccp"]
    checks = set(result.rejects["check"])
    assert {
        "target_after_baseline",
        "milestone_format",
        "values_come_with_years",
        "one_row_per_indicator_place",
    } <= checks
    bad_direction = result.rejects[result.rejects["column"] == "direction"]
    assert bad_direction["value"].tolist() == ["up"]
    assert result.rejects["reason_ka"].str.len().gt(0).all()
    # spreadsheet rows: header is row 1, so the "sixty" row is row 4
    assert result.rejects.loc[result.rejects["value"] == "sixty", "row"].tolist() == [4]


def test_missing_required_column_is_an_input_error():
    frame = pd.DataFrame([text_row()]).drop(columns=["direction"])
    with pytest.raises(InputError, match="direction"):
        validate_catalogue(frame)


def test_milestones_parse_and_long_table():
    assert parse_milestones("2026:90| 2024:75") == [(2024, 75.0), (2026, 90.0)]
    assert parse_milestones(None) == []
    with pytest.raises(InputError, match=r"milestones '2024-75' must look like 2025:120"):
        parse_milestones("2024-75")
    side = milestones_long(pd.DataFrame([text_row()]))
    assert side[["year", "value"]].values.tolist() == [[2024, 75], [2026, 90]]
    assert side["place"].tolist() == ["georgia", "georgia"]


def test_a_target_the_document_does_not_give_stays_empty_and_is_valid():
    row = text_row(
        indicator="plan_goal_1",
        place="zestaponi_municipality",
        framework="zestaponi_led_plan",
        framework_ref="8. Vision and goals: main goal 1",
        baseline_value=None,
        baseline_year=None,
        milestones=None,
        target_value=None,
        target_year=None,
    )
    result = validate_catalogue(pd.DataFrame([row]))
    assert result.rows_rejected == 0
    assert result.valid["target_value"].isna().all()
    assert result.valid["framework"].tolist() == ["zestaponi_led_plan"]


def test_framework_is_validated_and_needs_its_reference():
    rows = [
        text_row(framework="packaging_cluster_strategy", framework_ref="000: expected result 4"),
        text_row(indicator="a", framework="cluster_plan", framework_ref="x"),  # unknown framework
        text_row(indicator="b", framework="eu_revitalisation_project", framework_ref=None),
        text_row(indicator="c"),  # no framework: allowed (older catalogues)
    ]
    result = validate_catalogue(pd.DataFrame(rows))
    assert sorted(result.valid["indicator"]) == ["c", "cluster_members"]
    checks = dict(zip(result.rejects["check"], result.rejects["column"], strict=True))
    assert checks["framework_known"] == "framework"
    assert checks["framework_needs_reference"] == "framework_ref"
    unknown = result.rejects[result.rejects["check"] == "framework_known"]
    assert "zestaponi_led_plan" in unknown["reason_en"].iloc[0]
    assert unknown["reason_ka"].iloc[0].startswith("ჩარჩო")
