"""The computed survey shares carry the house's finite-population interval
(docs/methods.md#computed-results): checked against statsmodels' Wilson interval at the effective
n worked out with exact fractions, against a census, a register of unknown size and one answer."""

from __future__ import annotations

from fractions import Fraction

import pandas as pd
import pytest
from statsmodels.stats.proportion import proportion_confint

from cluster_analysis.indicators import results as r
from cluster_analysis.indicators import tables as t
from cluster_analysis.stats import fpc_effective_n


def _register(size: int) -> pd.DataFrame:
    return pd.DataFrame({"member_id": [f"M{i:02d}" for i in range(size)]})


def _responses(size: int, satisfied: int, wave: str = "2026-2") -> pd.DataFrame:
    """``size`` respondents (the register's first ones), ``satisfied`` of them answering 4 or 5."""
    return pd.DataFrame(
        {
            "member_id": [f"M{i:02d}" for i in range(size)],
            "wave": wave,
            "satisfaction": [5] * satisfied + [2] * (size - satisfied),
        }
    )


def _row(frame: pd.DataFrame, indicator: str = "member_satisfaction_share") -> pd.Series:
    rows = frame[frame["indicator"] == indicator]
    assert len(rows) == 1
    return rows.iloc[0]


def _effective_n(n: int, big_n: int) -> Fraction:
    """n' = (n - 1) / (1 - n/N), worked out exactly: Var(p) = (1 - n/N) p(1-p)/(n-1) = p(1-p)/n'."""
    return Fraction(n - 1) / (1 - Fraction(n, big_n))


def _plain(hits: int, n: int) -> tuple[float, float]:
    low, high = proportion_confint(hits, n, alpha=0.05, method="wilson")
    return 100 * float(low), 100 * float(high)


@pytest.mark.parametrize(("n", "big_n"), [(46, 60), (2, 3), (10, 400), (59, 60), (1, 60), (60, 60)])
def test_the_effective_n_is_the_exact_fraction(n: int, big_n: int) -> None:
    got = float(fpc_effective_n(n, big_n))
    if n == big_n or n == 1:  # a census, or a single answer: no sampling interval
        assert got != got
    else:
        assert got == pytest.approx(float(_effective_n(n, big_n)), rel=1e-12)


@pytest.mark.parametrize(("n", "hits", "big_n"), [(46, 30, 60), (46, 46, 60), (12, 0, 40)])
def test_a_share_of_part_of_the_register_has_the_wilson_interval_at_the_effective_n(
    n: int, hits: int, big_n: int
) -> None:
    out = r.survey_results(_responses(n, hits), _register(big_n))
    row = _row(out)
    n_prime = float(_effective_n(n, big_n))
    low, high = proportion_confint(hits / n * n_prime, n_prime, alpha=0.05, method="wilson")
    assert row["value"] == pytest.approx(100 * hits / n)
    assert row["n"] == n
    assert row["value_low"] == pytest.approx(100 * float(low), abs=1e-9)
    assert row["value_high"] == pytest.approx(100 * float(high), abs=1e-9)
    assert row["method"] == r.SHARE_FPC
    assert f"{n} of {big_n} members" in row["note"] and "finite population" in row["note"]
    assert f"{big_n} წევრიდან" in row["note_ka"]
    plain_low, plain_high = _plain(hits, n)
    assert row["value_high"] - row["value_low"] < plain_high - plain_low


def test_one_member_short_of_a_census_gives_a_narrow_interval() -> None:
    # 59 of 60 answered, 40 satisfied: n' = 58 / (1/60) = 3480
    row = _row(r.survey_results(_responses(59, 40), _register(60)))
    low, high = proportion_confint(40 / 59 * 3480, 3480, alpha=0.05, method="wilson")
    assert (row["value_low"], row["value_high"]) == pytest.approx(
        (100 * float(low), 100 * float(high)), abs=1e-9
    )
    assert row["value_high"] - row["value_low"] < 4.0  # percentage points; plain Wilson: ~23
    assert row["value_low"] <= row["value"] <= row["value_high"]


def test_a_census_has_no_interval_and_says_so() -> None:
    row = _row(r.survey_results(_responses(60, 40), _register(60)))
    assert row["value"] == pytest.approx(100 * 40 / 60)
    assert pd.isna(row["value_low"]) and pd.isna(row["value_high"])
    assert row["method"] == r.SHARE_CENSUS
    assert "census" in row["note"] and "no interval" in row["note"]
    assert "სრული აღწერა" in row["note_ka"]


def test_without_the_register_the_interval_is_plain_wilson_and_says_so() -> None:
    row = _row(r.survey_results(_responses(46, 30)))
    assert (row["value_low"], row["value_high"]) == pytest.approx(_plain(30, 46), abs=1e-9)
    assert row["method"] == r.SHARE_PLAIN
    assert "not known" in row["note"] and "no finite population correction" in row["note"]
    empty = r.survey_results(_responses(46, 30), _register(0))
    assert _row(empty)["method"] == r.SHARE_PLAIN


def test_a_single_answer_has_no_interval() -> None:
    row = _row(r.survey_results(_responses(1, 1), _register(60)))
    assert pd.isna(row["value_low"]) and pd.isna(row["value_high"])
    assert "too few answers" in row["note"]


def test_the_population_is_the_register_of_the_wave_year_and_its_respondents() -> None:
    # members at the end of 2026: A, B, C (D left in 2025, E joins in 2027); X answered without
    # being on the register: N = |{A, B, C} | {A, B, X}| = 4; exporters A, X of 3 answering
    register = pd.DataFrame(
        {
            "member_id": ["A", "B", "C", "D", "E"],
            "joined": ["2020-01-01", "2020-01-01", "2021-01-01", "2020-01-01", "2027-01-01"],
            "left": [None, None, None, "2025-03-01", None],
        }
    )
    responses = pd.DataFrame(
        {"member_id": ["A", "B", "X"], "wave": "2026-2", "export_share": [10.0, 0.0, 5.0]}
    )
    assert r.wave_members(register, responses, 2026) == 4
    row = _row(t.computed_results(register, responses, None, None, None), "members_exporting_share")
    n_prime = float(_effective_n(3, 4))  # 2 / (1/4) = 8
    low, high = proportion_confint(2 / 3 * n_prime, n_prime, alpha=0.05, method="wilson")
    assert (row["value_low"], row["value_high"]) == pytest.approx(
        (100 * float(low), 100 * float(high)), abs=1e-9
    )
    assert row["note"].startswith("3 of 4 members answered")


def test_counts_carry_no_interval_note() -> None:
    out = r.members_over_time(_register(5), [], latest_year=2026)
    assert out["note"].isna().all() and out["note_ka"].isna().all()
    assert list(out.columns) == r.RESULT_COLUMNS
