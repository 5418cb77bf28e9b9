"""The member register's optional ``joined`` / ``left`` dates: validated with bilingual reasons,
kept in the public register table, and counted per year by the computed results."""

from __future__ import annotations

import pandas as pd
import pytest

from cluster_analysis.indicators.results import members_over_time
from cluster_analysis.survey.register import public_register
from cluster_analysis.survey.schemas import MESSAGES, register_schema
from cluster_analysis.validation import validate

AS_OF = pd.Timestamp("2026-11-30")


def _register(joined: list[str | None], left: list[str | None]) -> pd.DataFrame:
    n = len(joined)
    return pd.DataFrame(
        {
            "member_id": [f"GPC-{i + 1:03d}" for i in range(n)],
            "name_en": [f"Firm {i}" for i in range(n)],
            "phone": ["+995 500 000 000"] * n,
            "member_type": ["packaging_maker"] * n,
            "size_class": ["small"] * n,
            "region": ["Imereti"] * n,
            "joined": joined,
            "left": left,
        }
    )


def _check(frame: pd.DataFrame):
    return validate(
        frame,
        register_schema(as_of=AS_OF),
        table="survey_register",
        id_column="member_id",
        dataframe_check_columns={
            "duplicate_member": "member_id",
            "left_before_joined": "member_id",
        },
        messages=MESSAGES,
    )


def test_valid_dates_pass_and_stay_in_the_public_register() -> None:
    frame = _register(["2019-05-01", "2021-02-10", "2020-01-01"], [None, None, "2023-06-30"])
    result = _check(frame)
    assert result.rows_rejected == 0
    public = public_register(result.valid)
    assert list(public.columns) == [
        "member_id",
        "member_type",
        "size_class",
        "region",
        "joined",
        "left",
    ]
    assert public["joined"].tolist() == ["2019-05-01", "2021-02-10", "2020-01-01"]


def test_left_before_joined_is_rejected_with_both_languages() -> None:
    frame = _register(
        ["2021-03-01", "2020-01-01", "2022-05-05"], ["2020-12-31", None, "2022-05-05"]
    )
    result = _check(frame)
    assert sorted(result.rejected_rows["member_id"]) == ["GPC-001", "GPC-003"]
    reasons = result.rejects[result.rejects["check"] == "left_before_joined"]
    text = " ".join(reasons.astype(str).agg(" ".join, axis=1))
    assert "'left' must be after 'joined'" in text
    assert "გაწევრიანებამდე" in text


def test_dates_after_the_run_and_non_dates_are_rejected() -> None:
    frame = _register(["2027-01-05", "2019-13-01", "2020-01-01"], [None, None, "2026-12-15"])
    result = _check(frame)
    assert sorted(result.rejected_rows["member_id"]) == ["GPC-001", "GPC-002", "GPC-003"]
    checks = set(result.rejects["check"])
    assert {"date_in_future", "not_a_date"} <= checks


def test_a_register_without_dates_still_validates() -> None:
    frame = _register(["x"], [None]).drop(columns=["joined", "left"])
    assert _check(frame).rows_rejected == 0


def test_members_per_year_from_join_and_leave_dates() -> None:
    # Counted by hand: end 2019 {1}; 2020 {1,2,3}; 2021 {1,3,4} (2 left 2021-06-30); 2022 {1,4}.
    frame = _register(
        ["2019-03-01", "2020-02-01", "2020-12-31", "2021-01-01"],
        [None, "2021-06-30", "2022-01-01", None],
    )
    public = public_register(_check(frame).valid)
    counts = members_over_time(public, [2019, 2020, 2021, 2022])
    assert dict(zip(counts["year"], counts["value"], strict=True)) == {
        2019: 1,
        2020: 3,
        2021: 3,
        2022: 2,
    }


def test_satisfaction_share_with_n_and_wilson_interval() -> None:
    from statsmodels.stats.proportion import proportion_confint

    from cluster_analysis.indicators.results import survey_results

    # Wave 2026-2: 3 of 5 answer 4 or 5 (one blank is not counted); wave 2025-2: 1 of 2.
    responses = pd.DataFrame(
        {
            "wave": ["2026-2"] * 6 + ["2025-2"] * 2,
            "satisfaction": ["5", "4", "4", "2", "3", None, "1", "4"],
        }
    )
    out = survey_results(responses).set_index(["indicator", "year"])
    row = out.loc[("member_satisfaction_share", 2026)]
    assert row["n"] == 5
    assert row["value"] == pytest.approx(60.0)
    low, high = proportion_confint(3, 5, alpha=0.05, method="wilson")
    assert row["value_low"] == pytest.approx(100 * low)
    assert row["value_high"] == pytest.approx(100 * high)
    assert out.loc[("member_satisfaction_share", 2025), "value"] == pytest.approx(50.0)


def test_response_rate_counts_only_members_of_the_wave_year() -> None:
    from cluster_analysis.indicators.results import response_rate_results

    # 4 members: GPC-004 joins in 2026, GPC-003 left in 2025; wave 2025-2 has 2 respondents of
    # the 2 members at the end of 2025 (GPC-001, GPC-002): 100 %; wave 2026-2: 1 of 3.
    register = _register(
        ["2019-01-01", "2020-01-01", "2020-01-01", "2026-03-01"],
        [None, None, "2025-06-01", None],
    )
    responses = pd.DataFrame(
        {"wave": ["2025-2", "2025-2", "2026-2"], "member_id": ["GPC-001", "GPC-002", "GPC-004"]}
    )
    out = response_rate_results(responses, register).set_index("year")
    assert out.loc[2025, "value"] == pytest.approx(100.0)
    assert out.loc[2025, "n"] == 2
    assert out.loc[2026, "value"] == pytest.approx(100.0 / 3)


def test_survey_response_rates_use_the_members_of_the_wave_year() -> None:
    from cluster_analysis.survey.tables import Wave, response_rates

    # 5 small packaging makers; GPC-005 joins in 2026. Wave 2025-2: 3 answer of the 4 members then.
    register = _register(["2019-01-01"] * 4 + ["2026-02-01"], [None] * 5)
    responses = pd.DataFrame(
        {"wave": ["2025-2"] * 3, "member_id": ["GPC-001", "GPC-002", "GPC-003"]}
    )
    rates = response_rates(register, responses, [Wave("2025-2", "2025 H2")])
    assert rates is not None
    assert int(rates["N_h"].sum()) == 4
    assert int(rates["n_h"].sum()) == 3
