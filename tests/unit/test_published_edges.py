"""Edges of statistics that reach donor reports, each against an independently derived value.

- Bootstrap MWDS interval (methods.md section 1): percentiles at alpha/2 and 1 - alpha/2, checked
  against the exact binomial quantiles of a case whose bootstrap distribution is known, and against
  numpy percentiles of replicates recomputed by hand from the same resamples.
- Open SDG progress measure (methods.md section 4): "target achieved" in both directions, on the
  target, past it and short of it; the category cut-off at p = 0.
- Pool dominance rule (1, 25 %) (methods.md section 3): exactly 25 % published, just above hidden.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps

from cluster_analysis.disclosure import POOL_RULES, suppress_table
from cluster_analysis.indicators.progress import (
    open_sdg_measure,
    progress,
    status_from_achievement,
)
from cluster_analysis.stats import rescaled_bootstrap_weights
from cluster_analysis.survey.scoring import bootstrap_mwds

# --------------------------------------------------------------------------------------------------
# bootstrap MWDS: a case with a known bootstrap distribution


def _coin_answers(n: int = 40) -> pd.DataFrame:
    """n respondents, one item: importance 5 for all; half capability 4 (gap 1), half 5 (gap 0).

    A bootstrap resample draws K ~ Binomial(n, 1/2) respondents with gap 1, so its
    MWDS = mean(I - C) x mean(I) = 5 K / n exactly.
    """
    return pd.DataFrame(
        {
            "respondent_id": [f"r{i:03d}" for i in range(n)],
            "item": "x",
            "importance": 5,
            "capability": [4 if i % 2 == 0 else 5 for i in range(n)],
        }
    )


# levels whose binomial quantiles lie far (in resampling noise) from a neighbouring value
@pytest.mark.parametrize("confidence", [0.85, 0.70])
def test_bootstrap_mwds_interval_is_the_binomial_percentile_interval(confidence: float) -> None:
    n, n_boot = 40, 20_000
    result = bootstrap_mwds(_coin_answers(n), n_boot=n_boot, confidence=confidence, top_k=1)
    row = result.set_index("item").loc["x"]
    assert row["mwds"] == pytest.approx(5 * 0.5)
    alpha = 1 - confidence
    # The Rao-Wu bootstrap with no population (lambda = 1) draws n - 1 respondents with weights
    # n / (n - 1) m_i, so a replicate's gap share is K / (n - 1), K ~ Binomial(39, 1/2): the
    # interval is 5 K / 39 at the binomial quantiles alpha / 2 and 1 - alpha / 2 (at the wrong levels
    # alpha and 1 - alpha the bounds move one step inwards).
    low_k = sps.binom.ppf(alpha / 2, n - 1, 0.5)
    high_k = sps.binom.ppf(1 - alpha / 2, n - 1, 0.5)
    wrong_low = sps.binom.ppf(alpha, n - 1, 0.5)
    assert wrong_low > low_k
    assert row["mwds_low"] == pytest.approx(5 * low_k / (n - 1))
    assert row["mwds_high"] == pytest.approx(5 * high_k / (n - 1))


def _two_item_answers() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    n = 30
    rows = []
    for r in range(n):
        for item in ("a", "b"):
            importance = int(rng.integers(3, 6))
            capability = int(rng.integers(1, importance + 1))
            rows.append((f"r{r:03d}", item, importance, capability))
    return pd.DataFrame(rows, columns=["respondent_id", "item", "importance", "capability"])


def test_bootstrap_mwds_interval_equals_numpy_percentiles_of_the_same_resamples() -> None:
    """Replicates recomputed by hand from the Rao-Wu multipliers (respondents in sorted order)."""
    answers = _two_item_answers()
    seed, n_boot = 11, 2000
    result = bootstrap_mwds(answers, n_boot=n_boot, seed=seed).set_index("item")
    respondents = sorted(answers["respondent_id"].unique())
    counts = rescaled_bootstrap_weights(len(respondents), n_boot, seed)
    checked = 0
    for item in ("a", "b"):
        part = answers[answers["item"] == item].set_index("respondent_id").loc[respondents]
        imp = part["importance"].to_numpy(float)
        gap = imp - part["capability"].to_numpy(float)
        reps = [
            (c @ gap / c.sum()) * (c @ imp / c.sum())  # MWDS of one resample, by hand
            for c in counts
        ]
        low, high = np.percentile(reps, [2.5, 97.5])
        assert result.loc[item, "mwds"] == pytest.approx(gap.mean() * imp.mean())
        assert result.loc[item, "mwds_low"] == pytest.approx(low)
        assert result.loc[item, "mwds_high"] == pytest.approx(high)
        # the wrong levels give a visibly narrower interval on these data
        assert np.percentile(reps, 5) > low and np.percentile(reps, 95) < high
        checked += 1
    assert checked == 2


# --------------------------------------------------------------------------------------------------
# Open SDG "target achieved": both directions, at, past and short of the target


def _ratio_of_cagrs(base: float, latest: float, target: float, years: float, horizon: float):
    """p = observed CAGR / required CAGR, written out independently of the library."""
    return ((latest / base) ** (1 / years) - 1) / ((target / base) ** (1 / horizon) - 1)


@pytest.mark.parametrize(
    ("direction", "latest", "category"),
    [
        ("increase", 150.0, "target achieved"),  # exactly on the target
        ("increase", 160.0, "target achieved"),  # past it
        ("increase", 140.0, "substantial progress"),  # short of it, ahead of pace
        ("decrease", 50.0, "target achieved"),  # exactly on the (lower) target
        ("decrease", 40.0, "target achieved"),  # below it: reached
        ("decrease", 60.0, "substantial progress"),  # short of it, ahead of pace
        ("decrease", 120.0, "deterioration"),  # moving away from it
    ],
)
def test_open_sdg_target_reached_in_the_desired_direction(
    direction: str, latest: float, category: str
) -> None:
    target = 150.0 if direction == "increase" else 50.0
    p, found = open_sdg_measure(
        100.0, 2020, latest, 2025, direction=direction, target_value=target, target_year=2030
    )
    assert found == category
    if category == "target achieved":
        assert np.isnan(p)
    else:
        expected = _ratio_of_cagrs(100.0, latest, target, 5, 10)
        assert p == pytest.approx(expected)
        assert (expected >= 0.95) == (category == "substantial progress")


@pytest.mark.parametrize("direction", ["increase", "decrease"])
def test_open_sdg_through_progress_in_both_directions(direction: str) -> None:
    """The path the indicators pipeline uses: progress(..., method="open_sdg")."""
    target = 150.0 if direction == "increase" else 50.0
    beyond = 160.0 if direction == "increase" else 40.0
    short = 140.0 if direction == "increase" else 60.0
    catalogue = pd.DataFrame(
        [
            {
                "indicator": name,
                "place": None,
                "unit": "count",
                "direction": direction,
                "kind": "quantitative",
                "baseline_value": 100.0,
                "baseline_year": 2020,
                "target_value": target,
                "target_year": 2030,
                "milestones": None,
            }
            for name in ("beyond", "short")
        ]
    )
    observations = pd.DataFrame(
        [("beyond", "p", 2025, beyond), ("short", "p", 2025, short)],
        columns=["indicator", "place", "year", "value"],
    )
    result = progress(catalogue, observations, method="open_sdg").set_index("indicator")
    assert result.loc["beyond", "status"] == "target achieved"
    assert result.loc["short", "status"] == "substantial progress"
    assert result.loc["short", "achievement"] == pytest.approx(
        _ratio_of_cagrs(100.0, short, target, 5, 10)
    )


@pytest.mark.parametrize("direction", ["increase", "decrease"])
def test_open_sdg_no_change_is_limited_progress_not_deterioration(direction: str) -> None:
    """p = 0 exactly (latest = baseline) sits on the cut-off "p >= 0: limited progress"."""
    target = 150.0 if direction == "increase" else 50.0
    assert open_sdg_measure(
        100.0, 2020, 100.0, 2024, direction=direction, target_value=target, target_year=2030
    ) == (0.0, "limited progress")
    p, category = open_sdg_measure(100.0, 2020, 100.0, 2024, direction=direction)
    assert (p, category) == (0.0, "limited progress")


# --------------------------------------------------------------------------------------------------
# achievement status at its cut-offs: A >= 0.9 E on track, A >= 0.6 E at risk (methods.md section 4)


@pytest.mark.parametrize(
    ("latest", "status"),
    [
        (78.0, "on track"),  # A = 18/40 = 0.45 = 0.9 x 0.5 exactly
        (77.0, "at risk"),  # A = 17/40 = 0.425, just below
        (72.0, "at risk"),  # A = 12/40 = 0.30 = 0.6 x 0.5 exactly
        (71.0, "off track"),  # A = 11/40 = 0.275, just below
    ],
)
def test_achievement_status_at_its_cut_offs(latest: float, status: str) -> None:
    # baseline 60 (2020), target 100 (2030), observed in 2025: E = 5/10 = 0.5
    catalogue = pd.DataFrame(
        [
            {
                "indicator": "s",
                "place": None,
                "unit": "count",
                "direction": "increase",
                "kind": "quantitative",
                "baseline_value": 60.0,
                "baseline_year": 2020,
                "target_value": 100.0,
                "target_year": 2030,
                "milestones": None,
            }
        ]
    )
    observations = pd.DataFrame(
        [("s", "p", 2025, latest)], columns=["indicator", "place", "year", "value"]
    )
    row = progress(catalogue, observations).iloc[0]
    assert row["expected"] == 0.5
    assert row["achievement"] == pytest.approx((latest - 60) / 40)
    assert row["status"] == status
    assert status_from_achievement((latest - 60) / 40, 0.5) == status


# --------------------------------------------------------------------------------------------------
# the pool's dominance rule at its boundary


@pytest.mark.parametrize(
    ("values", "hidden"),
    [
        ([25, 20, 20, 20, 15], False),  # 25 / 100 = 25 %: not above 25 %, published
        ([2501, 2000, 2000, 2000, 1499], True),  # 25.01 %: hidden
        ([24, 19, 19, 19, 19], False),  # 24 / 100 (two-digit check on the other side)
    ],
)
def test_pool_dominance_boundary(values: list[int], hidden: bool) -> None:
    contributions = pd.DataFrame({"k": "x", "member_id": list("abcde"), "value": values})
    cells = pd.DataFrame({"k": ["x"], "members": [5], "quantity": [float(sum(values))]})
    largest_share = max(values) / sum(values)  # independent: the share the rule looks at
    assert (largest_share > 0.25) == hidden
    result = suppress_table(
        cells,
        table="t",
        key_cols=["k"],
        value_cols=["quantity"],
        count_col="members",
        contributions=contributions,
        rules=POOL_RULES,
        group_cols=[],
    )
    assert result.mask.tolist() == [hidden]
    assert result.log["rule"].tolist() == (["dominance 1>25%"] if hidden else [])
