"""Shared statistics checked against hand-worked and published values (methods.md section 2)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from cluster_analysis import stats

Z95 = 1.959963984540054


# ---------------------------------------------------------------------------------------- Wilson


def test_wilson_zero_of_ten_matches_formula_and_published_value():
    # p = 0, n = 10, z^2 = 3.841459
    # centre = (0 + 3.841459/20) / (1 + 3.841459/10) = 0.1920729 / 1.3841459 = 0.138767
    # half   = 1.959964/1.3841459 * sqrt(0 + 3.841459/400) = 1.416010 * 0.0979982 = 0.138767
    # -> (0.0000, 0.2775), the value in Newcombe (1998) table I
    low, high = stats.wilson_interval(0, 10)
    assert low == pytest.approx(0.0, abs=1e-12)
    assert high == pytest.approx(0.277533, abs=1e-5)


def test_wilson_five_of_ten():
    # p = 0.5: centre = (0.5 + 0.1920729)/1.3841459 = 0.5
    # half = 1.416010 * sqrt(0.025 + 0.00960365) = 1.416010 * 0.186020 = 0.263405
    low, high = stats.wilson_interval(5, 10)
    assert low == pytest.approx(0.236593, abs=1e-5)
    assert high == pytest.approx(0.763407, abs=1e-5)


def test_wilson_empty_base_is_nan_and_accepts_fractional_n():
    assert all(math.isnan(v) for v in stats.wilson_interval(0, 0))
    # a Kish effective n of 2.5 with share 0.4 -> 1 "success"; must lie inside [0, 1] around 0.4
    low, high = stats.wilson_interval(1.0, 2.5)
    assert 0.0 < low < 0.4 < high < 1.0


def test_wilson_bounds_vectorised_equals_scalar():
    low, high = stats.wilson_bounds([0, 5, 3], [10, 10, 0])
    assert low[0] == pytest.approx(stats.wilson_interval(0, 10)[0])
    assert high[1] == pytest.approx(stats.wilson_interval(5, 10)[1])
    assert math.isnan(low[2]) and math.isnan(high[2])


def test_wilson_other_confidence_uses_other_z():
    # 90 %: z = 1.644854, wider at 95 % than at 90 %
    low90, high90 = stats.wilson_interval(5, 10, 0.90)
    low95, high95 = stats.wilson_interval(5, 10, 0.95)
    assert low95 < low90 < 0.5 < high90 < high95


# --------------------------------------------------------------------------------- Clopper-Pearson


def test_clopper_pearson_edges_and_middle():
    # x = 0: upper = 1 - (a/2)^(1/n) = 1 - 0.025^(0.1) = 1 - 0.691503 = 0.308497
    low, high = stats.clopper_pearson_interval(0, 10)
    assert low == 0.0
    assert high == pytest.approx(0.308497, abs=1e-5)
    # x = n: lower = (a/2)^(1/n) = 0.691503
    low, high = stats.clopper_pearson_interval(10, 10)
    assert low == pytest.approx(0.691503, abs=1e-5) and high == 1.0
    # 5 of 10: published exact interval (0.1871, 0.8129)
    low, high = stats.clopper_pearson_interval(5, 10)
    assert (low, high) == pytest.approx((0.187086, 0.812914), abs=1e-5)
    assert all(math.isnan(v) for v in stats.clopper_pearson_interval(0, 0))


# ------------------------------------------------------------------------------------- weights


def test_kish_effective_n():
    # weights 1, 1, 2: (1+1+2)^2 / (1+1+4) = 16/6 = 2.6667
    assert stats.kish_effective_n([1, 1, 2]) == pytest.approx(16 / 6)
    assert stats.kish_effective_n([3, 3, 3, 3]) == pytest.approx(4.0)
    assert stats.kish_effective_n([]) == 0.0
    with pytest.raises(ValueError):
        stats.kish_effective_n([1, -1])


def test_nonresponse_weights_collapse_small_class_into_biggest():
    # register A 10, B 6, C 4; respondents A 5, B 3, C 1
    # C has n_h = 1 < 3 and is alone -> joins A (most respondents): N = 14, n = 6, w = 14/6
    register = ["A"] * 10 + ["B"] * 6 + ["C"] * 4
    respondents = ["A"] * 5 + ["B"] * 3 + ["C"]
    table = stats.nonresponse_weights(register, respondents)
    assert table["class"].tolist() == ["A", "B", "C"]
    assert table["N_h"].tolist() == [10, 6, 4]
    assert table["n_h"].tolist() == [5, 3, 1]
    assert table["response_rate"].tolist() == pytest.approx([0.5, 0.5, 0.25])
    assert table["collapsed_into"].tolist() == ["A + C", "B", "A + C"]
    assert table["weight"].tolist() == pytest.approx([14 / 6, 6 / 3, 14 / 6])
    assert "pooled" in table.attrs["collapse_rule"]


def test_nonresponse_weights_pool_of_small_classes():
    # C (n=2) and D (n=2) pool to n = 4 >= 3: N = 4 + 4 = 8, w = 8/4 = 2; A: 10/5 = 2
    register = ["A"] * 10 + ["C"] * 4 + ["D"] * 4
    respondents = ["A"] * 5 + ["C"] * 2 + ["D"] * 2
    table = stats.nonresponse_weights(register, respondents)
    assert table["collapsed_into"].tolist() == ["A", "C + D", "C + D"]
    assert table["weight"].tolist() == pytest.approx([2.0, 2.0, 2.0])


def test_nonresponse_weights_unknown_class_raises():
    with pytest.raises(ValueError, match="not on the register"):
        stats.nonresponse_weights(["A", "A"], ["B"])


def test_fpc_interval_and_census():
    # p = 0.5, n = 20, N = 40: Var = (1 - 0.5) * 0.25 / 19 = 0.00657895, sd = 0.0811107
    # half = 1.959964 * 0.0811107 = 0.158974
    result = stats.fpc_proportion_interval(0.5, 20, 40)
    assert (result.low, result.high) == pytest.approx((0.341026, 0.658974), abs=1e-5)
    assert not result.census
    census = stats.fpc_proportion_interval(0.5, 40, 40)
    assert census.census and math.isnan(census.low) and math.isnan(census.high)
    assert "census" in census.note


# ------------------------------------------------------------------------------ two samples


def test_newcombe_published_example():
    # Newcombe (1998) example: 56/70 vs 48/80, difference 0.200, method 10 CI (0.0524, 0.3339)
    low, high = stats.newcombe_difference_interval(56, 70, 48, 80)
    assert (low, high) == pytest.approx((0.0524, 0.3339), abs=1e-4)


# ---------------------------------------------------------------------------------- paired tests


def test_mcnemar_exact_small_counts():
    # b = 1, c = 5, b + c = 6 < 25 -> exact: p = 2 * P(X <= 1 | Bin(6, 1/2))
    #   = 2 * (1 + 6) / 64 = 0.21875
    result = stats.mcnemar_test(1, 5)
    assert result.exact
    assert result.p_value == pytest.approx(0.21875)


def test_mcnemar_chi_square_large_counts_and_no_discordance():
    # b = 20, c = 10: chi2 = (|20 - 10| - 1)^2 / 30 = 81/30 = 2.7, p = P(chi2_1 > 2.7) = 0.10035
    result = stats.mcnemar_test(20, 10)
    assert not result.exact
    assert result.statistic == pytest.approx(2.7)
    assert result.p_value == pytest.approx(0.100348, abs=1e-5)
    assert stats.mcnemar_test(0, 0).p_value == 1.0


def test_wilcoxon_exact_without_ties():
    # differences y - x = 1, 2, -3, 4, 5 -> ranks 1..5, R- = 3, R+ = 12, statistic = 3
    # exact two-sided p = 2 * #{subsets of 1..5 with sum <= 3} / 2^5
    #   subsets: {}, {1}, {2}, {3}, {1,2} -> 5; p = 10/32 = 0.3125
    result = stats.wilcoxon_signed_rank([0, 0, 3, 0, 0], [1, 2, 0, 4, 5])
    assert result.n_nonzero == 5
    assert result.statistic == pytest.approx(3.0)
    assert result.p_value == pytest.approx(0.3125)


def test_wilcoxon_no_change_is_undefined():
    result = stats.wilcoxon_signed_rank([1, 2, 3], [1, 2, 3])
    assert result.n_nonzero == 0 and math.isnan(result.p_value)


def test_stuart_maxwell_two_by_two_equals_uncorrected_mcnemar():
    # for 2 x 2 the statistic is (b - c)^2 / (b + c) = (6 - 2)^2 / 8 = 2.0, df = 1
    result = stats.stuart_maxwell_test([[10, 6], [2, 10]])
    assert result.statistic == pytest.approx(2.0)
    assert result.df == 1


# ------------------------------------------------------------------------------------- bootstrap


def test_rescaled_bootstrap_weights_are_reproducible_and_rao_wu():
    w = stats.rescaled_bootstrap_weights(7, n_boot=1000, seed=3)
    assert w.shape == (1000, 7)
    # lam = 1 (no population): multipliers n / (n - 1) * m_i with m = n - 1 draws: sum n
    assert np.allclose(w.sum(axis=1), 7)
    assert np.array_equal(w, stats.rescaled_bootstrap_weights(7, n_boot=1000, seed=3))
    assert not np.array_equal(w, stats.rescaled_bootstrap_weights(7, n_boot=1000, seed=4))
    assert (stats.rescaled_bootstrap_weights(7, n_boot=1000, population=7) == 1.0).all()
