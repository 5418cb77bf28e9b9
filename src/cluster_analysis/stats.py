"""Shared statistics for every domain: intervals, weights, paired tests, bootstrap.

Formulas follow docs/methods.md#intervals-weights-small-populations; each function names its
source. Everything returns plain floats, tuples or small frozen dataclasses
with named fields so callers never index into library result objects.

Where scipy or statsmodels implement a formula we call them (Clopper-Pearson: ``scipy.stats.beta``;
McNemar and Stuart-Maxwell: ``statsmodels.stats.contingency_tables``; Wilcoxon: ``scipy.stats``;
Newcombe: ``statsmodels.stats.proportion``). The Wilson interval is written out because it must
accept a fractional (Kish effective) n and work on whole arrays at once.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = [
    "DEFAULT_SEED",
    "FpcInterval",
    "McNemarResult",
    "StuartMaxwellResult",
    "WilcoxonResult",
    "clopper_pearson_interval",
    "collapse_rule",
    "fpc_effective_n",
    "fpc_proportion_interval",
    "kish_effective_n",
    "mcnemar_test",
    "newcombe_difference_interval",
    "nonresponse_weights",
    "normal_quantile",
    "rescaled_bootstrap_weights",
    "stuart_maxwell_test",
    "wilcoxon_signed_rank",
    "wilson_bounds",
    "wilson_interval",
]

#: Seed used by every bootstrap unless the caller gives another, so reruns give the same numbers.
DEFAULT_SEED = 20_260_101


def normal_quantile(confidence: float) -> float:
    """Return z_{1-a/2} for a two-sided interval at ``confidence`` (e.g. 1.959964 for 0.95)."""
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must be between 0 and 1 (exclusive), got {confidence!r}")
    from scipy.stats import (
        norm,
    )  # scipy loads on first use, keeping `import cluster_analysis` light

    return float(norm.ppf(0.5 + confidence / 2.0))


# --------------------------------------------------------------------------------------------------
# Proportions
# --------------------------------------------------------------------------------------------------


def wilson_bounds(
    successes: np.ndarray | Sequence[float] | float,
    n: np.ndarray | Sequence[float] | float,
    confidence: float = 0.95,
) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised Wilson score interval; returns arrays ``(low, high)``.

    methods.md section 2 (Wilson 1927)::

        p = x / n,  z = z_{1-a/2}
        centre = (p + z^2/(2n)) / (1 + z^2/n)
        half   = z / (1 + z^2/n) * sqrt(p(1-p)/n + z^2/(4 n^2))

    ``n`` may be fractional (a Kish effective n, with ``successes = share * n_eff``). Where
    ``n <= 0`` or either input is missing the bounds are NaN. Bounds are clipped to [0, 1] to
    remove floating-point spill-over.
    """
    x = np.asarray(successes, dtype=float)
    size = np.asarray(n, dtype=float)
    z = normal_quantile(confidence)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = x / size
        denom = 1.0 + z**2 / size
        centre = (p + z**2 / (2.0 * size)) / denom
        half = z / denom * np.sqrt(p * (1.0 - p) / size + z**2 / (4.0 * size**2))
        low = np.clip(centre - half, 0.0, 1.0)
        high = np.clip(centre + half, 0.0, 1.0)
    bad = ~(size > 0) | np.isnan(x)
    low = np.where(bad, np.nan, low)
    high = np.where(bad, np.nan, high)
    return low, high


def wilson_interval(successes: float, n: float, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for ``successes`` of ``n``; ``(nan, nan)`` when ``n == 0``.

    Formula: methods.md section 2 (see :func:`wilson_bounds`). ``n`` may be a float (Kish effective
    n). Example: 0 of 10 at 95 % gives (0.0, 0.2775); 5 of 10 gives (0.2366, 0.7634).
    """
    if successes < 0 or (n > 0 and successes > n * (1 + 1e-12)):
        raise ValueError(f"successes must lie in 0..n, got {successes!r} of {n!r}")
    low, high = wilson_bounds(successes, n, confidence)
    return float(low), float(high)


def clopper_pearson_interval(
    successes: int, n: int, confidence: float = 0.95
) -> tuple[float, float]:
    """Exact (Clopper-Pearson 1934) interval; ``(nan, nan)`` when ``n == 0``.

    methods.md section 2: [Beta^-1(a/2; x, n-x+1), Beta^-1(1-a/2; x+1, n-x)], with the lower bound
    0 when x = 0 and the upper bound 1 when x = n. Computed with ``scipy.stats.beta.ppf``.
    """
    if n == 0:
        return (math.nan, math.nan)
    if not 0 <= successes <= n:
        raise ValueError(f"successes must lie in 0..n, got {successes!r} of {n!r}")
    from scipy.stats import beta

    alpha = 1.0 - confidence
    low = 0.0 if successes == 0 else float(beta.ppf(alpha / 2, successes, n - successes + 1))
    high = 1.0 if successes == n else float(beta.ppf(1 - alpha / 2, successes + 1, n - successes))
    return low, high


@dataclass(frozen=True)
class FpcInterval:
    """A proportion with a finite-population-corrected normal interval.

    ``census`` is True when every member answered (n == N): then there is no sampling error,
    ``low``/``high`` are NaN and ``note`` says so (methods.md section 2).
    """

    estimate: float
    low: float
    high: float
    n: int
    population: int
    census: bool
    note: str


def fpc_proportion_interval(
    p: float, n: int, population: int, confidence: float = 0.95
) -> FpcInterval:
    """Normal interval for a share from a census with non-response, with finite population correction.

    methods.md section 2: Var(p) ~ (1 - n/N) p(1-p)/(n-1); interval p +/- z sqrt(Var), clipped to
    [0, 1]. When n == N (every member answered) the survey is a census: no interval is returned
    (NaN bounds, ``census=True``) because there is no sampling error to express. n < 2 also gives NaN.
    """
    if population <= 0 or n < 0 or n > population:
        raise ValueError(f"need 0 <= n <= N and N > 0, got n={n!r}, N={population!r}")
    if n == population:
        return FpcInterval(
            p,
            math.nan,
            math.nan,
            n,
            population,
            True,
            "census: every member answered, no sampling error, so no interval",
        )
    if n < 2 or math.isnan(p):
        return FpcInterval(p, math.nan, math.nan, n, population, False, "too few answers (n < 2)")
    z = normal_quantile(confidence)
    variance = (1.0 - n / population) * p * (1.0 - p) / (n - 1)
    half = z * math.sqrt(variance)
    return FpcInterval(
        p,
        max(0.0, p - half),
        min(1.0, p + half),
        n,
        population,
        False,
        "normal interval with finite population correction (1 - n/N) p(1-p)/(n-1)",
    )


def fpc_effective_n(
    n: np.ndarray | Sequence[float] | float,
    population: np.ndarray | Sequence[float] | float,
    n_eff: np.ndarray | Sequence[float] | float | None = None,
) -> np.ndarray:
    """Return the n at which a plain Wilson interval has the finite-population-corrected variance.

    docs/methods.md#a-census-with-non-response: Var(p) ~ (1 - n/N) p(1-p)/(n-1) (Cochran 1977)
    equals p(1-p)/n' with ``n' = (n_eff - 1) / (1 - n/N)``; ``n_eff`` is the Kish effective n of
    weighted answers (``n`` itself when None). Pass n' to :func:`wilson_bounds` with
    ``successes = share * n'``. NaN where there is no sampling interval to give: a census
    (n >= N), N missing or not positive, or n' <= 0 (a single answer).
    """
    size = np.asarray(n, dtype=float)
    big_n = np.asarray(population, dtype=float)
    effective = size if n_eff is None else np.asarray(n_eff, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        fraction = size / big_n
        n_prime = np.where(
            (big_n > 0) & (fraction < 1), (effective - 1.0) / (1.0 - fraction), np.nan
        )
    return np.where(n_prime > 0, n_prime, np.nan)


def newcombe_difference_interval(
    successes_1: int,
    n_1: int,
    successes_2: int,
    n_2: int,
    confidence: float = 0.95,
) -> tuple[float, float]:
    """Newcombe (1998, method 10) hybrid-score interval for p1 - p2 of two independent samples.

    methods.md section 2 (different respondents in two waves). Built from the two Wilson intervals;
    computed with ``statsmodels.stats.proportion.confint_proportions_2indep(method="newcomb")``.
    Newcombe's published example: 56/70 vs 48/80 gives (0.0524, 0.3339). NaN when a sample is empty.
    """
    from statsmodels.stats.proportion import confint_proportions_2indep

    if n_1 == 0 or n_2 == 0:
        return (math.nan, math.nan)
    low, high = confint_proportions_2indep(
        successes_1,
        n_1,
        successes_2,
        n_2,
        method="newcomb",
        compare="diff",
        alpha=1.0 - confidence,
    )
    return float(low), float(high)


# --------------------------------------------------------------------------------------------------
# Weights
# --------------------------------------------------------------------------------------------------


def kish_effective_n(weights: Sequence[float] | np.ndarray | pd.Series) -> float:
    """Kish effective sample size (sum w)^2 / sum w^2 (methods.md section 2; Kish 1965).

    Missing weights are ignored; an empty or all-zero set gives 0.0. Negative weights raise.
    """
    w = np.asarray(weights, dtype=float)
    w = w[~np.isnan(w)]
    if (w < 0).any():
        raise ValueError("weights must not be negative")
    square_sum = float((w**2).sum())
    if square_sum == 0.0:
        return 0.0
    return float(w.sum() ** 2 / square_sum)


def nonresponse_weights(
    register_classes: pd.Series | Sequence[object],
    respondent_classes: pd.Series | Sequence[object],
    min_class_n: int = 3,
) -> pd.DataFrame:
    """Weighting-class non-response weights w_h = N_h / n_h (methods.md section 2).

    ``register_classes`` holds one class label per member on the register, ``respondent_classes``
    one per responding member. Returns one row per register class, in order of first appearance,
    with columns ``class``, ``N_h`` (members), ``n_h`` (respondents), ``response_rate`` (n_h/N_h of
    the class itself, always reported), ``weight`` (N/n of the class it was pooled into) and
    ``collapsed_into`` (that pooled class's label; the class itself when not collapsed).

    Collapse rule (declared; :func:`collapse_rule` words it for a report): every class with
    n_h < ``min_class_n`` is pooled with the other small classes into one class named by joining
    their labels with " + "; if that pool still has fewer than ``min_class_n`` respondents it is
    merged into the not-collapsed class with most respondents (ties: first on the register).
    If no class reaches ``min_class_n``, everything is pooled into one class.
    A respondent class missing from the register raises ``ValueError``.
    """
    register = pd.Series(register_classes, dtype=object).reset_index(drop=True)
    respondents = pd.Series(respondent_classes, dtype=object).reset_index(drop=True)
    if register.isna().any() or respondents.isna().any():
        raise ValueError("class labels must not be missing")
    unknown = sorted(set(respondents) - set(register), key=str)
    if unknown:
        raise ValueError(f"respondent classes not on the register: {unknown}")
    classes = list(dict.fromkeys(register.tolist()))
    big_n = register.value_counts().reindex(classes).astype(int)
    small_n = respondents.value_counts().reindex(classes, fill_value=0).astype(int)

    target: dict[object, str] = {c: str(c) for c in classes}
    small = [c for c in classes if small_n[c] < min_class_n]
    large = [c for c in classes if small_n[c] >= min_class_n]
    if small:
        pool_label = " + ".join(str(c) for c in small)
        pool_n = int(small_n[small].sum())
        if pool_n < min_class_n and large:
            biggest = max(large, key=lambda c: (small_n[c], -classes.index(c)))
            merged = [biggest, *small]
            pool_label = " + ".join(str(c) for c in merged)
            small = merged
        for c in small:
            target[c] = pool_label

    frame = pd.DataFrame(
        {
            "class": [str(c) for c in classes],
            "N_h": big_n.to_numpy(),
            "n_h": small_n.to_numpy(),
        }
    )
    frame["response_rate"] = frame["n_h"] / frame["N_h"]
    frame["collapsed_into"] = [target[c] for c in classes]
    pooled = frame.groupby("collapsed_into", sort=False)[["N_h", "n_h"]].transform("sum")
    with np.errstate(divide="ignore", invalid="ignore"):
        frame["weight"] = np.where(pooled["n_h"] > 0, pooled["N_h"] / pooled["n_h"], np.nan)
    frame = frame[["class", "N_h", "n_h", "response_rate", "weight", "collapsed_into"]]
    return frame


def collapse_rule(min_class_n: int = 3) -> str:
    """Return the words of :func:`nonresponse_weights`' collapse rule for ``min_class_n``."""
    return (
        f"classes with fewer than {min_class_n} respondents are pooled together; a pool still "
        f"below {min_class_n} joins the class with most respondents; weight = N/n of the pooled class"
    )


# --------------------------------------------------------------------------------------------------
# Bootstrap
# --------------------------------------------------------------------------------------------------


def rescaled_bootstrap_weights(
    n_units: int,
    n_boot: int = 1000,
    seed: int = DEFAULT_SEED,
    *,
    population: int | None = None,
) -> np.ndarray:
    """Return ``(n_boot, n_units)`` Rao-Wu rescaled bootstrap multipliers (methods.md section 1).

    Rao and Wu (1988), with m = n - 1 units drawn with replacement per resample: unit i drawn
    ``m_i`` times gets the multiplier ``1 - lam + lam * n / (n - 1) * m_i`` with
    ``lam = sqrt(1 - f)``, ``f = n / N`` the sampling fraction of a population of ``population``
    units (``None``: f = 0, an infinite population). For a mean the replicate variance then equals
    the without-replacement variance (1 - f) s^2 / n in expectation: no spread at all in a census
    (n = N), little at n = N - 1. Multipliers are never negative (m = n - 1 keeps lam <= 1). With
    fewer than 2 units the spread cannot be estimated and every multiplier is NaN, except in a
    census (multipliers 1). Uses ``numpy.random.default_rng(seed)``.
    """
    if population is not None and population < n_units:
        raise ValueError(f"population {population} is smaller than the sample {n_units}")
    fraction = 0.0 if population is None else n_units / population
    if n_units < 2:
        fill = 1.0 if fraction == 1.0 else np.nan
        return np.full((n_boot, max(n_units, 0)), fill)
    rng = np.random.default_rng(seed)
    m = n_units - 1
    draws = rng.integers(0, n_units, size=(n_boot, m))
    offsets = (np.arange(n_boot) * n_units)[:, None]
    counts = np.bincount((draws + offsets).ravel(), minlength=n_boot * n_units)
    counts = counts.reshape(n_boot, n_units).astype(float)
    lam = math.sqrt(1.0 - fraction)
    return 1.0 - lam + lam * (n_units / m) * counts


# --------------------------------------------------------------------------------------------------
# Paired tests (same members in two waves)
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class McNemarResult:
    """McNemar test on the discordant pairs ``b`` (yes -> no) and ``c`` (no -> yes)."""

    b: int
    c: int
    statistic: float
    p_value: float
    exact: bool


def mcnemar_test(b: int, c: int) -> McNemarResult:
    """McNemar (1947) test for paired yes/no answers (methods.md section 2).

    Exact binomial test (two-sided, p = 2 * P(X <= min(b, c)) with X ~ Bin(b + c, 1/2), capped at 1)
    when b + c < 25, otherwise the chi-square statistic with continuity correction
    (|b - c| - 1)^2 / (b + c). Computed with ``statsmodels.stats.contingency_tables.mcnemar``.
    With b = c = 0 there is no evidence of change: p = 1.
    """
    if b < 0 or c < 0:
        raise ValueError("discordant counts must not be negative")
    from statsmodels.stats.contingency_tables import mcnemar

    exact = (b + c) < 25
    if b + c == 0:
        return McNemarResult(b, c, math.nan, 1.0, exact)
    result = mcnemar([[0, b], [c, 0]], exact=exact, correction=True)
    return McNemarResult(b, c, float(result.statistic), float(result.pvalue), exact)


@dataclass(frozen=True)
class WilcoxonResult:
    """Wilcoxon signed-rank test of paired values; ``n_nonzero`` pairs carry the test."""

    n_pairs: int
    n_nonzero: int
    statistic: float
    p_value: float


def wilcoxon_signed_rank(
    x: Sequence[float] | np.ndarray, y: Sequence[float] | np.ndarray
) -> WilcoxonResult:
    """Wilcoxon (1945) signed-rank test of y - x, two-sided (methods.md section 2).

    Pairs with a missing value are dropped; zero differences are dropped (``zero_method="wilcox"``).
    Computed with ``scipy.stats.wilcoxon`` (exact distribution for small n without ties). When no
    pair changed, the test is undefined: statistic and p-value are NaN.
    """
    a = np.asarray(x, dtype=float)
    b = np.asarray(y, dtype=float)
    if a.shape != b.shape:
        raise ValueError("x and y must have the same length")
    keep = ~(np.isnan(a) | np.isnan(b))
    a, b = a[keep], b[keep]
    diff = b - a
    nonzero = int(np.count_nonzero(diff))
    if nonzero == 0:
        return WilcoxonResult(int(a.size), 0, math.nan, math.nan)
    from scipy.stats import wilcoxon

    with warnings.catch_warnings():
        # scipy warns about ties/zeros switching to the normal approximation; that is expected
        warnings.simplefilter("ignore", UserWarning)
        result = wilcoxon(a, b, zero_method="wilcox")
    return WilcoxonResult(int(a.size), nonzero, float(result.statistic), float(result.pvalue))


@dataclass(frozen=True)
class StuartMaxwellResult:
    """Stuart-Maxwell test of marginal homogeneity for a k x k table of paired categories."""

    statistic: float
    df: int
    p_value: float


def stuart_maxwell_test(table: Sequence[Sequence[float]] | np.ndarray) -> StuartMaxwellResult:
    """Stuart (1955) - Maxwell (1970) marginal homogeneity test (methods.md section 2).

    ``table[i][j]`` counts members in category i in the first wave and j in the second. Computed
    with ``statsmodels.stats.contingency_tables.SquareTable(table).homogeneity("stuart_maxwell")``.
    """
    from statsmodels.stats.contingency_tables import SquareTable

    result = SquareTable(np.asarray(table, dtype=float), shift_zeros=False).homogeneity(
        method="stuart_maxwell"
    )
    return StuartMaxwellResult(float(result.statistic), int(result.df), float(result.pvalue))
