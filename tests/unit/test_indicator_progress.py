"""Indicator progress on small hand-worked cases (methods.md section 4)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from cluster_analysis.indicators.progress import (
    cagr,
    expected_by_now,
    open_sdg_measure,
    progress,
    progress_method,
)


def spec(indicator: str, **overrides: object) -> dict:
    row = {
        "indicator": indicator,
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
    row.update(overrides)
    return row


def catalogue(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame(list(rows))


def obs(rows: list[tuple], *, with_break: bool = False) -> pd.DataFrame:
    columns = ["indicator", "place", "year", "value"] + (["break"] if with_break else [])
    return pd.DataFrame(rows, columns=columns)


def one(frame: pd.DataFrame, indicator: str, place: str | None = "p") -> pd.Series:
    sel = frame["indicator"] == indicator
    sel &= frame["place"].isna() if place is None else frame["place"] == place
    assert sel.sum() == 1
    return frame[sel].iloc[0]


def test_on_track_at_risk_off_track_by_hand():
    # baseline 60 (2020) -> target 100 (2030); 2025 is half-way: E = 5/10 = 0.5.
    cat = catalogue(spec("a"), spec("b"), spec("c"))
    data = obs([("a", "p", 2025, 80), ("b", "p", 2025, 74), ("c", "p", 2025, 70)])
    result = progress(cat, data)
    a, b, c = (one(result, i) for i in "abc")
    # a: A = (80-60)/(100-60) = 0.5 >= 0.9*0.5 = 0.45 -> on track
    assert a["achievement"] == pytest.approx(0.5)
    assert a["expected"] == pytest.approx(0.5)
    assert a["status"] == "on track"
    # b: A = 14/40 = 0.35; 0.6*0.5 = 0.30 <= 0.35 < 0.45 -> at risk
    assert b["achievement"] == pytest.approx(0.35)
    assert b["status"] == "at risk"
    # c: A = 10/40 = 0.25 < 0.30 -> off track
    assert c["status"] == "off track"
    # CAGR of a: (80/60)^(1/5) - 1
    assert a["cagr"] == pytest.approx((80 / 60) ** 0.2 - 1)
    assert list(result.columns[:13]) == [
        "indicator",
        "place",
        "baseline_value",
        "baseline_year",
        "target_value",
        "target_year",
        "latest_value",
        "latest_year",
        "achievement",
        "expected",
        "status",
        "cagr",
        "note",
    ]
    assert set(result["method"]) == {"achievement"}
    assert progress_method("achievement").thresholds == {"on track": 0.9, "at risk": 0.6}


def test_no_data_is_its_own_status_and_keeps_the_place():
    cat = catalogue(spec("a", place="zestaponi_municipality"), spec("b"))
    result = progress(cat, obs([("a", "tkibuli_municipality", 2024, 70)]))
    # "a" is catalogued for Zestaponi only; the Tkibuli observation does not count for it.
    row = one(result, "a", "zestaponi_municipality")
    assert row["status"] == "no data"
    assert pd.isna(row["achievement"])
    # "b" has no place and no observation: one row with no place, no data.
    assert one(result, "b", None)["status"] == "no data"
    assert len(result) == 2


def test_only_baseline_year_observed_is_no_data():
    result = progress(catalogue(spec("a")), obs([("a", "p", 2020, 60)]))
    row = one(result, "a")
    assert row["status"] == "no data"
    assert "no observation after the baseline year 2020" in row["note"]


def test_decrease_is_good():
    # unemployment share: baseline 12.0 (2020), target 8.0 (2026); E at 2023 = 3/6 = 0.5.
    base = {
        "direction": "decrease",
        "baseline_value": 12.0,
        "target_value": 8.0,
        "target_year": 2026,
    }
    cat = catalogue(spec("down", **base), spec("up", **base))
    result = progress(cat, obs([("down", "p", 2023, 10.0), ("up", "p", 2023, 13.0)]))
    # down: A = (10-12)/(8-12) = 0.5 -> on track
    assert one(result, "down")["achievement"] == pytest.approx(0.5)
    assert one(result, "down")["status"] == "on track"
    # up: A = (13-12)/(8-12) = -0.25 -> off track
    assert one(result, "up")["achievement"] == pytest.approx(-0.25)
    assert one(result, "up")["status"] == "off track"


def test_decrease_target_reached_is_achieved():
    base = {
        "direction": "decrease",
        "baseline_value": 12.0,
        "target_value": 8.0,
        "target_year": 2026,
    }
    result = progress(catalogue(spec("down", **base)), obs([("down", "p", 2022, 7.5)]))
    assert one(result, "down")["status"] == "achieved"


def test_target_already_passed_is_achieved_with_achievement_above_one():
    # wineries: 20 (2020) -> 40 (2027); 44 in 2024: A = 24/20 = 1.2
    cat = catalogue(spec("w", baseline_value=20.0, target_value=40.0, target_year=2027))
    row = one(progress(cat, obs([("w", "p", 2024, 44)])), "w")
    assert row["status"] == "achieved"
    assert row["achievement"] == pytest.approx(1.2)
    assert "final target reached before 2027" in row["note"]


def test_target_year_passed_without_reaching_it():
    # 20 (2018) -> 40 (2022); 30 in 2024: E capped at 1, A = 0.5 < 0.6 -> off track
    cat = catalogue(
        spec("w", baseline_value=20.0, baseline_year=2018, target_value=40.0, target_year=2022)
    )
    row = one(progress(cat, obs([("w", "p", 2024, 30)])), "w")
    assert row["expected"] == pytest.approx(1.0)
    assert row["achievement"] == pytest.approx(0.5)
    assert row["status"] == "off track"


def test_series_break_resets_the_baseline_and_is_not_read_as_decline():
    # 100 (2018) -> 120 (2026). A census rebasing in 2022 drops the level to 80 (break);
    # 2024: 92. Effective baseline 80 (2022): A = (92-80)/(120-80) = 0.3,
    # E = (2024-2022)/(2026-2022) = 0.5: 0.3 >= 0.6*0.5 -> at risk (not the -0.4 of a naive
    # comparison with 100, which would read "off track").
    cat = catalogue(
        spec("pop", baseline_value=100.0, baseline_year=2018, target_value=120.0, target_year=2026)
    )
    data = obs(
        [
            ("pop", "p", 2018, 100, False),
            ("pop", "p", 2020, 104, False),
            ("pop", "p", 2022, 80, True),
            ("pop", "p", 2024, 92, False),
        ],
        with_break=True,
    )
    row = one(progress(cat, data), "pop")
    assert row["effective_baseline_value"] == 80
    assert row["effective_baseline_year"] == 2022
    assert row["series_break_year"] == 2022
    assert row["achievement"] == pytest.approx(0.3)
    assert row["expected"] == pytest.approx(0.5)
    assert row["status"] == "at risk"
    assert "series break in 2022" in row["note"]
    assert "რიგის წყვეტა 2022" in row["note_ka"]
    # CAGR only within the new series: (92/80)^(1/2) - 1
    assert row["cagr"] == pytest.approx((92 / 80) ** 0.5 - 1)


def test_break_in_the_baseline_year_uses_the_new_method_value():
    # Census in the baseline year 2014 (break, 40) after a 1 January estimate (55): the estimate
    # is not compared. Baseline 40 (2014) -> target 44 (2024); 2019: 42 -> A = 2/4 = 0.5 = E.
    cat = catalogue(
        spec("pop", baseline_value=40.0, baseline_year=2014, target_value=44.0, target_year=2024)
    )
    data = pd.DataFrame(
        {
            "indicator": ["pop"] * 3,
            "place": ["p"] * 3,
            "year": [2014, 2014, 2019],
            "period_order": [2014.0, 2014.5, 2019.5],
            "value": [55.0, 40.0, 42.0],
            "break": [False, True, False],
        }
    )
    row = one(progress(cat, data), "pop")
    assert row["effective_baseline_value"] == 40
    assert row["achievement"] == pytest.approx(0.5)
    assert row["status"] == "on track"
    assert "series break in the baseline year 2014" in row["note"]


def test_break_is_the_latest_value_gives_no_data_not_decline():
    cat = catalogue(spec("pop", baseline_value=100.0, baseline_year=2018, target_value=120.0))
    data = obs([("pop", "p", 2018, 100, False), ("pop", "p", 2022, 80, True)], with_break=True)
    row = one(progress(cat, data), "pop")
    assert row["status"] == "no data"
    assert row["status"] != "off track"


def test_milestone_is_the_next_target():
    # 60 (2020), milestones 2023: 80 and 2026: 90, final 100 (2028). 70 in 2022.
    # Next target after 2022 is the 2023 milestone: A = 10/20 = 0.5, E = 2/3;
    # 0.6*E = 0.4 <= 0.5 < 0.9*E = 0.6 -> at risk. (Against the final target it would be
    # A = 10/40 = 0.25, E = 2/8 = 0.25 -> on track: the milestone matters.)
    cat = catalogue(spec("m", milestones="2023:80|2026:90", target_year=2028))
    row = one(progress(cat, obs([("m", "p", 2022, 70)])), "m")
    assert row["next_target_year"] == 2023
    assert row["next_target_value"] == 80
    assert row["achievement"] == pytest.approx(0.5)
    assert row["expected"] == pytest.approx(2 / 3)
    assert row["status"] == "at risk"


def test_milestone_due_in_the_current_year_is_passed_over():
    # "first intermediate target after the current value's date": in 2023 the next one is 2026.
    cat = catalogue(spec("m", milestones="2023:80|2026:90", target_year=2028))
    row = one(progress(cat, obs([("m", "p", 2023, 75)])), "m")
    assert row["next_target_year"] == 2026
    # A = 15/30 = 0.5; E = 3/6 = 0.5 -> on track
    assert row["status"] == "on track"


def test_as_of_ignores_later_observations():
    data = obs([("a", "p", 2022, 70), ("a", "p", 2025, 95)])
    row = one(progress(catalogue(spec("a")), data, as_of=2023), "a")
    assert row["latest_year"] == 2022
    assert row["latest_value"] == 70
    assert one(progress(catalogue(spec("a")), data), "a")["latest_year"] == 2025


def test_only_total_rows_count_when_disaggregated_by_sex():
    data = pd.DataFrame(
        {
            "indicator": ["r"] * 3,
            "place": ["p"] * 3,
            "year": [2025] * 3,
            "value": [30.0, 50.0, 80.0],
            "sex": ["female", "male", "total"],
        }
    )
    assert one(progress(catalogue(spec("r")), data), "r")["latest_value"] == 80


def test_qualitative_is_manual_with_reason():
    cat = catalogue(
        spec("eccp", kind="qualitative", unit="yes_no", baseline_value=0.0, target_value=1.0)
    )
    data = pd.DataFrame(
        {
            "indicator": ["eccp", "eccp"],
            "place": ["p", "p"],
            "year": [2024, 2025],
            "value": [0.0, 1.0],
            "manual_status": [None, "achieved"],
            "manual_reason": [None, "profile accepted on the ECCP platform"],
        }
    )
    row = one(progress(cat, data), "eccp")
    assert row["status"] == "manual"
    assert row["manual_status"] == "achieved"
    assert row["manual_reason"] == "profile accepted on the ECCP platform"
    assert row["latest_value"] == 1


def test_open_sdg_measure_by_hand():
    # 100 (2020) -> 150 (2030); 120 in 2025.
    # observed CAGR = 1.2^(1/5) - 1 = 0.03714; required = 1.5^(1/10) - 1 = 0.04138; p = 0.8975
    cat = catalogue(spec("s", baseline_value=100.0, target_value=150.0))
    row = one(progress(cat, obs([("s", "p", 2025, 120)]), method="open_sdg"), "s")
    expected_p = (1.2**0.2 - 1) / (1.5**0.1 - 1)
    assert row["achievement"] == pytest.approx(expected_p)
    assert 0.89 < expected_p < 0.90
    assert row["status"] == "moderate progress"


def test_open_sdg_needs_two_points():
    cat = catalogue(spec("s", baseline_value=100.0, target_value=150.0))
    row = one(progress(cat, obs([("s", "p", 2020, 100)]), method="open_sdg"), "s")
    assert row["status"] == "not enough data"
    assert pd.isna(row["achievement"])


def test_open_sdg_without_target_uses_cagr_and_direction():
    # decrease desired, no target: 10 (2020) -> 9 (2022): CAGR = 0.9^(1/2) - 1 = -0.0513;
    # p = +0.0513 >= 0.015 -> substantial progress
    p, category = open_sdg_measure(10, 2020, 9, 2022, direction="decrease")
    assert p == pytest.approx(-(0.9**0.5 - 1))
    assert category == "substantial progress"
    # increase desired, +0.8 % a year: 0.005 <= p < 0.015 -> moderate
    assert open_sdg_measure(100, 2020, 100 * 1.008**2, 2022, direction="increase")[1] == (
        "moderate progress"
    )
    # target already reached
    assert (
        open_sdg_measure(
            100, 2020, 160, 2024, direction="increase", target_value=150, target_year=2030
        )[1]
        == "target achieved"
    )
    # moving the wrong way -> deterioration
    assert (
        open_sdg_measure(
            100, 2020, 90, 2024, direction="increase", target_value=150, target_year=2030
        )[1]
        == "deterioration"
    )


def test_open_sdg_without_target_through_progress():
    cat = catalogue(
        spec("s", direction="decrease", baseline_value=10.0, target_value=None, target_year=None)
    )
    result = progress(cat, obs([("s", "p", 2022, 9)]), method="open_sdg")
    assert one(result, "s")["status"] == "substantial progress"
    # the achievement method assumes no target: "target not set", no achievement, latest shown
    row = one(progress(cat, obs([("s", "p", 2022, 9)])), "s")
    assert row["status"] == "target not set"
    assert pd.isna(row["achievement"]) and pd.isna(row["target_value"])
    assert row["latest_value"] == 9
    assert "სამიზნე არ არის დადგენილი" in row["note_ka"]


def test_cagr_by_hand():
    # 100 -> 121 over two years: 10 % a year
    assert cagr(100, 121, 2020, 2022) == pytest.approx(0.10)
    assert math.isnan(cagr(0, 121, 2020, 2022))
    assert math.isnan(cagr(100, 121, 2022, 2022))
    assert math.isnan(cagr(100, float("nan"), 2020, 2022))


def test_expected_by_now_is_capped():
    assert expected_by_now(2024, 2020, 2030) == pytest.approx(0.4)
    assert expected_by_now(2035, 2020, 2030) == 1.0


def test_inputs_are_not_mutated_and_bad_method_refused():
    cat = catalogue(spec("a"))
    data = obs([("a", "p", 2025, 80)])
    before_cat, before_obs = cat.copy(), data.copy()
    progress(cat, data)
    pd.testing.assert_frame_equal(cat, before_cat)
    pd.testing.assert_frame_equal(data, before_obs)
    with pytest.raises(ValueError, match="method must be 'achievement' or 'open_sdg'"):
        progress(cat, data, method="magic")  # type: ignore[arg-type]


def test_pairs_interleaved_in_one_table_each_see_only_their_rows():
    # progress() groups the observations once by (indicator, place); a pair must still see exactly
    # its own rows. Rows of two indicators x two places (+ one without place) are interleaved and
    # out of year order. By hand, baseline 60 (2020), target 100 (2030):
    #   a/p: 2025 -> 80: A = (80 - 60) / 40 = 0.5, E = 5 / 10 = 0.5 -> on track
    #   a/q: 2025 -> 62: A = 2 / 40 = 0.05 < 0.6 x 0.5 -> off track
    #   b/p: 2024 -> 100 (final target reached) -> achieved; its female row (30) does not count
    #   b/q: only the baseline year observed -> no data
    #   c (observed without a place): 2022 -> 68: A = 8 / 40 = 0.2, E = 0.2 -> on track
    rows = [
        ("b", "p", 2024, 100.0, "total"),
        ("a", "q", 2025, 62.0, "total"),
        ("a", "p", 2025, 80.0, "total"),
        ("b", "q", 2020, 61.0, "total"),
        ("c", None, 2022, 68.0, "total"),
        ("a", "p", 2021, 61.0, "total"),
        ("b", "p", 2025, 30.0, "female"),
        ("a", "q", 2021, 90.0, "total"),
    ]
    data = pd.DataFrame(rows, columns=["indicator", "place", "year", "value", "sex"])
    cat = catalogue(spec("a", place="p"), spec("a", place="q"), spec("b"), spec("c"))
    result = progress(cat, data)
    assert len(result) == 5
    assert one(result, "a", "p")[["latest_value", "status"]].tolist() == [80, "on track"]
    assert one(result, "a", "p")["achievement"] == pytest.approx(0.5)
    assert one(result, "a", "q")[["latest_value", "status"]].tolist() == [62, "off track"]
    assert one(result, "b", "p")[["latest_value", "status"]].tolist() == [100, "achieved"]
    assert one(result, "b", "q")["status"] == "no data"
    assert one(result, "c", None)[["latest_value", "status"]].tolist() == [68, "on track"]
    assert one(result, "c", None)["achievement"] == pytest.approx(0.2)


def test_whole_table_equals_each_pair_on_its_own_rows():
    # Regression for the grouped look-up: running the whole (shuffled) table gives, pair by pair,
    # exactly what running that pair's rows alone gives (the pre-grouping behaviour).
    import numpy as np

    rng = np.random.default_rng(7)
    rows = [
        (ind, place, year, float(rng.uniform(50, 120)), sex, bool(rng.random() < 0.1))
        for ind in ("a", "b", "c")
        for place in ("p", "q", None)
        for year in range(2019, 2027)
        for sex in ("total", "male")
        if rng.random() < 0.8
    ]
    data = pd.DataFrame(rows, columns=["indicator", "place", "year", "value", "sex", "break"])
    data = data.sample(frac=1.0, random_state=3).reset_index(drop=True)
    cat = catalogue(
        spec("a"), spec("b", direction="decrease", target_value=40.0), spec("c", place="q")
    )
    whole = progress(cat, data)
    assert len(whole) > 3
    for _, row in whole.iterrows():
        place = None if pd.isna(row["place"]) else row["place"]
        own = data[
            (data["indicator"] == row["indicator"])
            & (data["place"].isna() if place is None else data["place"] == place)
        ]
        spec_rows = cat[(cat["indicator"] == row["indicator"])]
        alone = progress(spec_rows.reset_index(drop=True), own.reset_index(drop=True))
        alone = alone[alone["place"].isna() if place is None else alone["place"] == place]
        assert len(alone) == 1
        pd.testing.assert_series_equal(
            alone.iloc[0], row, check_names=False, obj=f"{row['indicator']}/{place}"
        )
