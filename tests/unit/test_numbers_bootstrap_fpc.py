"""MWDS bootstrap with the finite population correction (Rao-Wu rescaled bootstrap).

Oracle: with every importance answer equal to c, MWDS = c x mean gap is a linear statistic, whose
without-replacement (SRSWOR) standard error is c * sqrt((1 - n/N) * s^2 / n) (Cochran 1977, 2.8);
the 95 % percentile interval must then have a half-width near 1.96 of those standard errors,
computed here with numpy and scipy.stats.norm, independently of the library.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm

from cluster_analysis.survey import bootstrap_mwds


def _frame(n: int, seed: int = 11) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    capability = rng.integers(1, 5, size=n)
    return pd.DataFrame(
        {
            "respondent_id": np.arange(n),
            "item": "x",
            "importance": 5,
            "capability": capability,
        }
    )


def _half_width(result: pd.DataFrame) -> float:
    row = result.iloc[0]
    return float(row["mwds_high"] - row["mwds_low"]) / 2


@pytest.mark.parametrize(("n", "population"), [(30, 40), (30, 300), (20, 25)])
def test_interval_half_width_matches_the_srswor_standard_error(n, population):
    frame = _frame(n)
    result = bootstrap_mwds(frame, n_boot=4000, population=population, min_cell=5)
    gaps = 5 - frame["capability"].to_numpy(float)
    se = 5 * np.sqrt((1 - n / population) * gaps.var(ddof=1) / n)
    expected = norm.ppf(0.975) * se
    assert _half_width(result) == pytest.approx(expected, rel=0.12)


def test_census_has_no_interval_width():
    frame = _frame(40)
    result = bootstrap_mwds(frame, n_boot=1000, population=40)
    row = result.iloc[0]
    assert row["mwds_low"] == pytest.approx(row["mwds"])
    assert row["mwds_high"] == pytest.approx(row["mwds"])


def test_39_of_40_is_narrow_not_nearly_full_width():
    frame = _frame(39)
    corrected = _half_width(bootstrap_mwds(frame, n_boot=2000, population=40))
    uncorrected = _half_width(bootstrap_mwds(frame, n_boot=2000))
    # lam = sqrt(1 - 39/40) = 0.158: the width shrinks by about that factor
    assert corrected / uncorrected == pytest.approx(np.sqrt(1 / 40), rel=0.2)


def test_population_per_group():
    frame = pd.concat(
        [_frame(10).assign(member_type="a"), _frame(12, seed=3).assign(member_type="b")]
    )
    frame["respondent_id"] = np.arange(len(frame))
    result = bootstrap_mwds(frame, by="member_type", n_boot=1000, population={"a": 10, "b": 100})
    by_type = result.set_index("member_type")
    assert by_type.loc["a", "mwds_low"] == pytest.approx(by_type.loc["a", "mwds"])  # census
    assert by_type.loc["b", "mwds_high"] > by_type.loc["b", "mwds_low"]


def test_population_smaller_than_sample_is_refused():
    with pytest.raises(ValueError, match="smaller than the sample"):
        bootstrap_mwds(_frame(10), n_boot=1000, population=5)


def test_method_note_names_the_rescaled_bootstrap():
    note = bootstrap_mwds(_frame(10), n_boot=1000, population=20).attrs["bootstrap_method"]
    assert "Rao-Wu" in note["en"] and "Rao-Wu" in note["ka"]
