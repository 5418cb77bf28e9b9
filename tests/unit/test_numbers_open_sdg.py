"""Open SDG progress measure against values worked out from sdg-build's reference formulas.

Reference (sdg-build, progress measure, methodologies 1 and 2): growth = (v_t / v_0)^(1/(t - t_0)) - 1;
with a target, "target achieved" when the latest value is at or beyond it (<= for a negative
direction, >= for a positive one), else ratio = growth observed / growth required with cut-offs
0.95 / 0.6 / 0; without a target, growth (negated for a negative direction) with cut-offs
0.015 / 0.005 / 0. The expected numbers below are written out by hand from those formulas.
"""

from __future__ import annotations

import math

import pytest

from cluster_analysis.indicators.progress import open_sdg_measure


def _growth(v1: float, v0: float, t1: float, t0: float) -> float:
    return (v1 / v0) ** (1 / (t1 - t0)) - 1


@pytest.mark.parametrize(
    ("args", "expected_p", "category"),
    [
        # increase, target ahead: 1.5^(1/5) - 1 = 0.084472 over 2^(1/15) - 1 = 0.047294
        ((100, 2015, 150, 2020, "increase", 200, 2030), 1.786094, "substantial progress"),
        # decrease, target ahead: 0.9^(1/5) - 1 = -0.020852 over 0.5^(1/15) - 1 = -0.045158
        ((100, 2015, 90, 2020, "decrease", 50, 2030), 0.461744, "limited progress"),
        # decrease, faster than needed: 0.75^(1/5) - 1 = -0.055912 over 0.5^(1/15)... = 1.238 (substantial)
        ((100, 2015, 75, 2020, "decrease", 50, 2030), 1.238142, "substantial progress"),
        # increase, moving the wrong way: 0.9^(1/5) - 1 over 2^(1/15) - 1 -> negative
        ((100, 2015, 90, 2020, "increase", 200, 2030), -0.440893, "deterioration"),
        # target 0 counts as 0.001: 0.5^(1/5) - 1 = -0.129449 over 0.0001^(1/15) - 1 = -0.458830
        ((10, 2015, 5, 2020, "decrease", 0, 2030), 0.282129, "limited progress"),
    ],
)
def test_open_sdg_ratio_matches_the_reference_formula(args, expected_p, category):
    base, base_year, latest, latest_year, direction, target, target_year = args
    p, got = open_sdg_measure(
        base,
        base_year,
        latest,
        latest_year,
        direction=direction,
        target_value=target,
        target_year=target_year,
    )
    reference = _growth(latest, base, latest_year, base_year) / _growth(
        target or 0.001, base, target_year, base_year
    )
    assert p == pytest.approx(reference, rel=1e-12)
    assert p == pytest.approx(expected_p, abs=1e-6)
    assert got == category


@pytest.mark.parametrize(
    ("direction", "latest", "target"),
    [("decrease", 50, 50), ("decrease", 45, 50), ("increase", 200, 200), ("increase", 210, 200)],
)
def test_target_at_or_beyond_in_the_desired_direction_is_achieved(direction, latest, target):
    p, category = open_sdg_measure(
        100, 2015, latest, 2020, direction=direction, target_value=target, target_year=2030
    )
    assert category == "target achieved"
    assert math.isnan(p)


def test_value_rising_past_a_ceiling_it_should_stay_below_is_deterioration():
    # desired decrease, baseline 40 already under the ceiling 50, latest 60 crossed it:
    # the plain ratio (60/40)^(1/5)-1 over (50/40)^(1/15)-1 is +5.64 ("substantial"): wrong sign
    p, category = open_sdg_measure(
        40, 2015, 60, 2020, direction="decrease", target_value=50, target_year=2030
    )
    observed = _growth(60, 40, 2020, 2015)
    required = _growth(50, 40, 2030, 2015)
    assert observed / required > 0.95  # the trap
    assert p == pytest.approx(-observed / abs(required))
    assert category == "deterioration"


def test_value_falling_below_a_floor_it_should_stay_above_is_deterioration():
    p, category = open_sdg_measure(
        120, 2015, 90, 2020, direction="increase", target_value=100, target_year=2030
    )
    assert p < 0
    assert category == "deterioration"


@pytest.mark.parametrize(
    ("base", "latest", "direction", "category"),
    [
        (100, 100 * 1.02**2, "increase", "substantial progress"),  # 0.02 >= 0.015
        (100, 100 * 1.01**2, "increase", "moderate progress"),  # 0.005 <= 0.01 < 0.015
        (100, 100 * 1.002**2, "increase", "limited progress"),  # 0 <= 0.002 < 0.005
        (100, 100 * 0.99**2, "increase", "deterioration"),
        (100, 100 * 0.98**2, "decrease", "substantial progress"),  # -(-0.02)
        (100, 100 * 1.01**2, "decrease", "deterioration"),
    ],
)
def test_without_target_growth_is_signed_by_direction(base, latest, direction, category):
    p, got = open_sdg_measure(base, 2018, latest, 2020, direction=direction)
    sign = 1 if direction == "increase" else -1
    assert p == pytest.approx(sign * _growth(latest, base, 2020, 2018), rel=1e-12)
    assert got == category


@pytest.mark.parametrize(("base", "latest"), [(-5, 10), (0, 10), (10, -2)])
def test_non_positive_values_have_no_growth_rate(base, latest):
    p, category = open_sdg_measure(
        base, 2015, latest, 2020, direction="increase", target_value=100, target_year=2030
    )
    assert math.isnan(p)
    assert category == "not enough data"
