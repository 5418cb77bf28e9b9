"""Published statistics cross-checked against oracles that share no code with the library.

Each test names its oracle: statsmodels or scipy where the library writes a formula itself, exact
fractions, a formula written out here, or brute-force enumeration. docs/oracles.md lists them.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from scipy.stats import binomtest, chi2, norm
from statsmodels.stats.proportion import proportion_confint

from cluster_analysis import stats
from cluster_analysis.indicators.progress import cagr, expected_by_now
from cluster_analysis.survey import needs_assessment

GRID = [(0, 10), (1, 10), (5, 10), (9, 10), (10, 10), (3, 7), (17, 40), (39, 40)]


@pytest.mark.parametrize(("k", "n"), GRID)
def test_wilson_equals_statsmodels(k, n):
    low, high = stats.wilson_interval(k, n)
    ref = proportion_confint(k, n, alpha=0.05, method="wilson")
    assert (low, high) == pytest.approx(ref, abs=1e-12)


@pytest.mark.parametrize(("k", "n"), GRID)
def test_clopper_pearson_equals_statsmodels_beta(k, n):
    low, high = stats.clopper_pearson_interval(k, n)
    ref = proportion_confint(k, n, alpha=0.05, method="beta")
    assert (low, high) == pytest.approx(ref, abs=1e-10)


@pytest.mark.parametrize(("p", "n", "big_n"), [(0.3, 20, 40), (0.5, 39, 40), (0.1, 10, 1000)])
def test_fpc_interval_equals_the_written_out_formula(p, n, big_n):
    got = stats.fpc_proportion_interval(p, n, big_n)
    variance = (1 - Fraction(n, big_n)) * Fraction(p) * (1 - Fraction(p)) / (n - 1)
    half = norm.ppf(0.975) * math.sqrt(variance)
    assert (got.low, got.high) == pytest.approx((max(0, p - half), min(1, p + half)), abs=1e-12)


def _wilson_by_hand(k: int, n: int, z: float) -> tuple[float, float]:
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


@pytest.mark.parametrize(
    ("k1", "n1", "k2", "n2"), [(56, 70, 48, 80), (9, 10, 3, 10), (0, 12, 4, 9)]
)
def test_newcombe_equals_method_10_written_out(k1, n1, k2, n2):
    z = norm.ppf(0.975)
    l1, u1 = _wilson_by_hand(k1, n1, z)
    l2, u2 = _wilson_by_hand(k2, n2, z)
    p1, p2 = k1 / n1, k2 / n2
    low = p1 - p2 - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    high = p1 - p2 + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    assert stats.newcombe_difference_interval(k1, n1, k2, n2) == pytest.approx(
        (low, high), abs=1e-9
    )


def test_kish_effective_n_equals_exact_fractions():
    weights = [1, 2, 2, 3.5, 7]
    exact = sum(map(Fraction, weights)) ** 2 / sum(Fraction(w) ** 2 for w in weights)
    assert stats.kish_effective_n(weights) == pytest.approx(float(exact), abs=1e-12)


@pytest.mark.parametrize(("b", "c"), [(0, 5), (3, 9), (7, 7), (1, 12)])
def test_mcnemar_exact_equals_scipy_binomial_test(b, c):
    got = stats.mcnemar_test(b, c)
    assert got.p_value == pytest.approx(binomtest(min(b, c), b + c, 0.5).pvalue, abs=1e-12)


def test_wilcoxon_exact_equals_brute_force_over_signs():
    x = np.array([10.0, 12, 9, 15, 11, 8, 14, 13])
    y = x + np.array([1.5, -0.5, 2.5, 3.5, -1, 4.5, 5.5, 2])  # no ties, no zeros
    diff = y - x
    ranks = pd.Series(np.abs(diff)).rank().to_numpy()
    w_plus = ranks[diff > 0].sum()
    observed = min(w_plus, ranks.sum() - w_plus)
    sums = [
        sum(r for r, s in zip(ranks, signs, strict=True) if s)
        for signs in itertools.product([0, 1], repeat=len(ranks))
    ]
    tails = [min(s, ranks.sum() - s) for s in sums]
    exact = sum(t <= observed for t in tails) / len(tails)
    got = stats.wilcoxon_signed_rank(x, y)
    assert got.statistic == observed
    assert got.p_value == pytest.approx(exact, abs=1e-12)


def test_stuart_maxwell_equals_the_written_out_quadratic_form():
    table = np.array([[20.0, 5, 3], [8, 30, 6], [2, 9, 17]])
    d = (table.sum(axis=1) - table.sum(axis=0))[:-1]
    k = len(table)
    s = np.zeros((k - 1, k - 1))
    for i in range(k - 1):
        for j in range(k - 1):
            if i == j:
                s[i, j] = table[i].sum() + table[:, i].sum() - 2 * table[i, i]
            else:
                s[i, j] = -(table[i, j] + table[j, i])
    statistic = float(d @ np.linalg.solve(s, d))
    got = stats.stuart_maxwell_test(table)
    assert got.statistic == pytest.approx(statistic, rel=1e-10)
    assert got.p_value == pytest.approx(chi2.sf(statistic, k - 1), rel=1e-10)


def test_borich_mwds_equals_exact_fractions():
    rng = np.random.default_rng(5)
    rows = [
        (r, item, int(rng.integers(1, 6)), int(rng.integers(1, 6)))
        for r in range(12)
        for item in ("a", "b")
    ]
    frame = pd.DataFrame(rows, columns=["respondent_id", "item", "importance", "capability"])
    got = needs_assessment(frame, min_cell=1).set_index("item")
    for item in ("a", "b"):
        part = [(i, c) for _, it, i, c in rows if it == item]
        imp = Fraction(sum(i for i, _ in part), len(part))
        gap = Fraction(sum(i - c for i, c in part), len(part))
        assert got.loc[item, "mwds"] == pytest.approx(float(gap * imp), abs=1e-12)


def test_cagr_and_expected_by_now_equal_the_formulas():
    assert cagr(80, 125, 2015, 2020) == pytest.approx((125 / 80) ** (1 / 5) - 1, abs=1e-15)
    assert expected_by_now(2022, 2018, 2026) == float(Fraction(4, 8))
