"""Results computed from the cluster's own data: tiny inline frames, expected values by hand."""

from __future__ import annotations

from fractions import Fraction

import pandas as pd
import pytest

from cluster_analysis.indicators import results as r
from cluster_analysis.indicators import tables as t
from cluster_analysis.validation import validate


def _value(frame: pd.DataFrame, indicator: str, year: int) -> float:
    rows = frame[(frame["indicator"] == indicator) & (frame["year"] == year)]
    assert len(rows) == 1, (indicator, year, rows)
    return float(rows["value"].iloc[0])


REGISTER = pd.DataFrame(
    {
        "member_id": ["A", "B", "C", "D"],
        "joined": ["2021-03-01", "2022-12-31", "2023-01-02", "2021-05-05"],
        "left": [None, None, None, "2023-06-30"],
    }
)


def test_members_at_the_end_of_each_year_from_join_and_leave_dates() -> None:
    members = r.members_over_time(REGISTER, [2021, 2022, 2023, 2024])
    # by hand: 2021 A, D; 2022 A, B, D (B joined on 31 December); 2023 A, B, C (D left); 2024 same
    assert [_value(members, "cluster_members", y) for y in (2021, 2022, 2023, 2024)] == [
        2,
        3,
        3,
        3,
    ]
    assert set(members["method"]) == {"join_leave"}


def test_a_register_without_dates_gives_its_size_in_the_latest_year_only() -> None:
    register = REGISTER.drop(columns=["joined", "left"])
    members = r.members_over_time(register, [2025, 2026], latest_year=2026)
    assert members[["year", "value"]].values.tolist() == [[2026, 4.0]]
    assert r.members_over_time(register, [], latest_year=None).empty


RESPONSES = pd.DataFrame(
    {
        "member_id": ["A", "B", "C", "A", "B", "X"],
        "wave": ["2025-2", "2025-2", "2025-2", "2026-2", "2026-2", "2026-2"],
        "company/export_share_pct": [0.0, 12.5, None, 3.0, 40.0, 0.0],
        "satisfaction": [5, 3, 4, 4, 4, 2],
    }
)


def test_exporters_and_satisfaction_per_wave_from_the_survey() -> None:
    out = r.survey_results(RESPONSES)
    # 2025: B exports of A, B answering (C left it empty) -> 1/2; 2026: A, B of A, B, X -> 2/3
    assert _value(out, "members_exporting_share", 2025) == pytest.approx(50.0)
    assert _value(out, "members_exporting_share", 2026) == pytest.approx(
        float(Fraction(2, 3) * 100)
    )
    # satisfied = 4 or 5: 2025 A, C of 3; 2026 A, B of 3
    assert _value(out, "member_satisfaction_share", 2025) == pytest.approx(
        float(Fraction(2, 3) * 100)
    )
    n = out.set_index(["indicator", "year"])["n"]
    assert n[("members_exporting_share", 2025)] == 2 and n[("member_satisfaction_share", 2026)] == 3


def test_no_satisfaction_question_computes_no_satisfaction() -> None:
    out = r.survey_results(RESPONSES.drop(columns="satisfaction"))
    assert "member_satisfaction_share" not in set(out["indicator"])


def test_response_rate_counts_respondents_on_the_register_only() -> None:
    out = r.response_rate_results(RESPONSES, REGISTER)
    # D left in 2023, so the members of 2025 and 2026 are A, B, C
    assert _value(out, "survey_response_rate", 2025) == pytest.approx(100.0)  # A, B, C of 3
    assert _value(out, "survey_response_rate", 2026) == pytest.approx(
        float(Fraction(2, 3) * 100)
    )  # A, B of 3; X is not a member


def test_realised_savings_per_year_leaves_out_years_with_few_buyers() -> None:
    savings = pd.DataFrame(
        {
            "year": [2025, 2025, 2025, 2026, 2026],
            "member_id": ["A", "B", "C", "A", "A"],
            "savings_gel": [1200.0, 300.0, -100.0, 5000.0, 1.0],
        }
    )
    out = r.savings_results(savings, min_members=3)
    assert out[["year", "value"]].values.tolist() == [[2025, 1.4]]  # thousand GEL
    assert out["unit"].tolist() == ["gel_thousand"]


LOG = pd.DataFrame(
    {
        "activity_id": ["L1", "L2", "L3", "L4", "L5", "L6", "L7"],
        "date": [
            "2026-01-10",
            "2026-02-01",
            "2026-03-01",
            "2026-03-02",
            "2026-04-01",
            "2025-05-05",
            "2026-05-05",
        ],
        "activity": ["event", "consultation", "promotion", "promotion", "event", "media", "media"],
        "event_id": ["E1", None, None, None, "E9", None, None],
        "region": [None, None, "Kakheti", "Imereti", None, None, None],
    }
)
EVENTS = pd.DataFrame(
    {
        "event_id": ["E1", "E2", "E3", "E4"],
        "start_date": ["2026-01-10", "2026-02-20", "2026-03-15", "2026-12-01"],
        "priority": [True, True, False, True],
    }
)


def test_priority_events_attended_share_and_activity_counts() -> None:
    out = r.activity_results(LOG, EVENTS, as_of=pd.Timestamp("2026-06-01"))
    # priority events begun by 1 June 2026: E1, E2 (E3 is not a priority, E4 is later); E1 attended
    assert _value(out, "priority_events_attended_share", 2026) == pytest.approx(50.0)
    assert _value(out, "regulatory_consultations_joined", 2026) == 1
    assert _value(out, "promotion_events_kakheti", 2026) == 1
    assert _value(out, "promotion_events_imereti", 2026) == 1
    assert _value(out, "media_mentions", 2025) == 1 and _value(out, "media_mentions", 2026) == 1
    assert _value(out, "annual_event_held", 2026) == 0


def test_without_the_directory_no_priority_share_is_computed() -> None:
    out = r.activity_results(LOG, None, as_of=pd.Timestamp("2026-06-01"))
    assert "priority_events_attended_share" not in set(out["indicator"])
    assert len(out)


def test_typed_and_computed_values_are_compared_and_the_computed_one_wins() -> None:
    typed = pd.DataFrame(
        {
            "indicator": ["cluster_members"] * 3 + ["media_mentions"],
            "place": ["georgia"] * 4,
            "year": [2025, 2026, 2026, 2026],
            "value": [56.0, 90.0, 54.0, 2.0],
            "sex": ["total", "total", "female", "total"],
            "origin": ["observations.csv"] * 4,
        }
    )
    computed = r.members_over_time(
        pd.DataFrame({"member_id": [f"M{i}" for i in range(60)]}), [], latest_year=2026
    )
    computed = pd.concat(
        [computed, r.activity_results(LOG, None, as_of=pd.Timestamp("2026-06-01"))]
    )
    check = t.results_consistency(typed, computed)
    members = check[check["indicator"] == "cluster_members"].iloc[0]
    assert (members["typed_value"], members["computed_value"]) == (90.0, 60.0)
    assert members["typed_minus_computed"] == 30.0 and not bool(members["agrees"])
    media = check[(check["indicator"] == "media_mentions") & (check["year"] == 2026)].iloc[0]
    assert bool(media["agrees"]) is False  # 2 typed, 1 in the log
    untyped = check[check["indicator"] == "promotion_events_kakheti"]
    assert untyped["agrees"].isna().all() and untyped["typed_value"].isna().all()
    assert set(check["kept"]) == {"computed"}

    kept = r.with_computed_results(typed, computed, synthetic=False)
    members_2026 = kept[(kept["indicator"] == "cluster_members") & (kept["year"] == 2026)]
    assert members_2026[["value", "origin"]].values.tolist() == [[60.0, "computed"]]
    assert _value(kept[kept["indicator"] == "cluster_members"], "cluster_members", 2025) == 56
    assert len(typed) == 4  # the input is unchanged


def test_computed_results_take_only_the_inputs_there_are() -> None:
    empty = t.computed_results(None, None, None, None, None)
    assert empty.empty and list(empty.columns) == r.RESULT_COLUMNS
    out = t.computed_results(REGISTER, RESPONSES, None, LOG, EVENTS)
    indicators = set(out["indicator"])
    assert {"cluster_members", "members_exporting_share", "survey_response_rate"} <= indicators
    assert "priority_events_attended_share" in indicators
    # members from the first join year to the latest wave year
    assert sorted(out.loc[out["indicator"] == "cluster_members", "year"]) == list(range(2021, 2027))


def test_the_activity_log_schema_quarantines_unknown_kinds_and_regions() -> None:
    raw = pd.DataFrame(
        {
            "activity_id": ["L1", "L2", "L3", "L3"],
            "date": ["2026-01-10", "10.01.2026", "2026-01-11", "2026-01-12"],
            "activity": ["lunch", "media", "promotion", "media"],
            "region": [None, None, "Adjara", None],
        }
    )
    result = validate(
        raw,
        r.ACTIVITY_SCHEMA,
        table="activity_log",
        id_column="activity_id",
        dataframe_check_columns=r.ACTIVITY_CHECK_COLUMNS,
        messages=r.ACTIVITY_MESSAGES,
    )
    assert result.valid.empty
    checks = set(result.rejects["check"])
    assert {"activity_known", "activity_date_form", "promotion_needs_region"} <= checks
    assert "activity_id_unique" in checks
    assert result.rejects["reason_ka"].str.len().gt(0).all()
