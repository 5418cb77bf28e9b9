"""Survey scoring checked on tiny inline frames with the arithmetic in comments (methods.md 1-3)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.proportion import proportion_confint

from cluster_analysis.errors import InputError
from cluster_analysis.stats import kish_effective_n, wilson_interval
from cluster_analysis.survey import scoring
from cluster_analysis.survey.scoring import (
    SurveyInputError,
    bootstrap_mwds,
    box_scores,
    gap_status,
    importance_performance,
    multi_select_shares,
    needs_assessment,
    response_rates,
    wave_change,
)


def long_frame(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["respondent_id", "item", "importance", "capability"])


# item a: three pairs (I, C) = (5, 2), (4, 3), (3, 3)
#   gaps 3, 1, 0 -> gap_mean = 4/3; importance_mean = 12/3 = 4; MWDS = 4/3 * 4 = 16/3 = 5.3333
#   capability_mean = 8/3; critical (I >= 4 and C <= 2): only (5, 2) -> 1/3
# item b: (5, 1), (5, 4), (missing, 2) -> n = 2 pairs (the third lacks importance)
THREE = long_frame(
    [
        (1, "a", 5, 2),
        (2, "a", 4, 3),
        (3, "a", 3, 3),
        (1, "b", 5, 1),
        (2, "b", 5, 4),
        (3, "b", None, 2),
    ]
)


def test_mwds_three_respondents_by_hand():
    result = needs_assessment(THREE, min_cell=3)
    a = result.set_index("item").loc["a"]
    assert a["n"] == 3
    assert a["importance_mean"] == pytest.approx(4.0)
    assert a["capability_mean"] == pytest.approx(8 / 3)
    assert a["gap_mean"] == pytest.approx(4 / 3)
    assert a["mwds"] == pytest.approx(16 / 3)
    assert a["rank"] == 1
    assert a["critical_gap_share"] == pytest.approx(1 / 3)
    # Wilson 1 of 3: z^2/n = 1.280486, centre = (0.333333 + 0.640243)/2.280486 = 0.426916
    # half = 1.959964/2.280486 * sqrt(0.0740741 + 0.1067072) = 0.859451 * 0.425184 = 0.365427
    assert a["critical_gap_low"] == pytest.approx(0.061489, abs=1e-5)
    assert a["critical_gap_high"] == pytest.approx(0.792343, abs=1e-5)
    wilson = proportion_confint(1, 3, method="wilson")
    assert (a["critical_gap_low"], a["critical_gap_high"]) == pytest.approx(wilson, rel=1e-12)
    assert list(result.columns) == [
        "item",
        "n",
        "importance_mean",
        "capability_mean",
        "gap_mean",
        "mwds",
        "rank",
        "critical_gap_share",
        "critical_gap_low",
        "critical_gap_high",
        "suppressed",
    ]
    declared = scoring.needs_assessment_method()
    assert "Borich" in declared.method["en"]
    assert declared.details["rank_ties"] == "min"
    assert declared.details["critical_gap_rule"] == "importance >= 4 and capability <= 2"


def test_suppression_below_min_cell_keeps_n_only():
    result = needs_assessment(THREE, min_cell=3).set_index("item")
    b = result.loc["b"]
    assert b["n"] == 2  # n stays
    assert bool(b["suppressed"]) is True
    for col in ["importance_mean", "mwds", "rank", "critical_gap_share", "critical_gap_high"]:
        assert pd.isna(b[col]), col
    # suppressed rows come last
    assert needs_assessment(THREE, min_cell=3)["item"].tolist() == ["a", "b"]
    # with min_cell = 2 item b is shown: gaps 4, 1 -> 2.5; mean I = 5; MWDS = 12.5 > 5.33 -> rank 1
    shown = needs_assessment(THREE, min_cell=2).set_index("item")
    assert shown.loc["b", "mwds"] == pytest.approx(12.5)
    assert shown.loc["b", "rank"] == 1 and shown.loc["a", "rank"] == 2


def test_weighted_means_and_kish_wilson():
    weighted = THREE.assign(w=[1.0, 1.0, 2.0, 1.0, 1.0, 2.0])
    a = needs_assessment(weighted, weights="w", min_cell=3).set_index("item").loc["a"]
    # weights 1, 1, 2: mean I = (5 + 4 + 2*3)/4 = 3.75; mean gap = (3 + 1 + 0)/4 = 1
    # MWDS = 3.75; critical share = 1/4; Kish n = 16/6 = 2.6667
    assert a["importance_mean"] == pytest.approx(3.75)
    assert a["gap_mean"] == pytest.approx(1.0)
    assert a["mwds"] == pytest.approx(3.75)
    assert a["critical_gap_share"] == pytest.approx(0.25)
    n_eff = kish_effective_n([1, 1, 2])
    low, high = wilson_interval(0.25 * n_eff, n_eff)
    assert (a["critical_gap_low"], a["critical_gap_high"]) == pytest.approx((low, high))
    assert a["n"] == 3  # n counts respondents, not weights


def test_by_groups_rank_within_group_and_group_columns_first():
    frame = pd.concat(
        [THREE.assign(member_type="producer"), THREE.assign(member_type="supplier")],
        ignore_index=True,
    )
    # make item b bigger than a for suppliers only: supplier answers for b all (5, 1)
    frame.loc[(frame["member_type"] == "supplier") & (frame["item"] == "b"), "importance"] = 5
    frame.loc[(frame["member_type"] == "supplier") & (frame["item"] == "b"), "capability"] = 1
    result = needs_assessment(frame, by="member_type", min_cell=3)
    assert list(result.columns[:2]) == ["member_type", "item"]
    supplier = result[result["member_type"] == "supplier"].set_index("item")
    # supplier b: three (5, 1) pairs -> gap 4, mean I 5, MWDS 20 -> rank 1; a MWDS 16/3 -> rank 2
    assert supplier.loc["b", "mwds"] == pytest.approx(20.0)
    assert supplier.loc["b", "rank"] == 1 and supplier.loc["a", "rank"] == 2
    producer = result[result["member_type"] == "producer"].set_index("item")
    assert producer.loc["a", "rank"] == 1 and bool(producer.loc["b", "suppressed"])


def test_rank_ties_use_min_method():
    # items x and y identical (MWDS 16/3), item z smaller -> ranks 1, 1, 3
    rows = []
    for item in ["x", "y"]:
        rows += [(1, item, 5, 2), (2, item, 4, 3), (3, item, 3, 3)]
    rows += [(1, "z", 3, 3), (2, "z", 3, 3), (3, "z", 4, 3)]
    result = needs_assessment(long_frame(rows), min_cell=3).set_index("item")
    assert result["rank"].tolist() == [1, 1, 3]


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("importance", 6, "outside the answer scale 1..5"),
        ("capability", 0, "outside the answer scale 1..5"),
        ("importance", "high", "not a number"),
    ],
)
def test_invalid_answers_raise_value_error(column, value, message):
    bad = THREE.copy()
    bad[column] = bad[column].astype(object)
    bad.loc[1, column] = value
    with pytest.raises(ValueError, match=message) as caught:
        needs_assessment(bad)
    assert isinstance(caught.value, InputError)
    assert "row 1" in str(caught.value)


def test_missing_column_and_duplicate_answer_raise():
    with pytest.raises(SurveyInputError, match="missing column"):
        needs_assessment(THREE.drop(columns="capability"))
    with pytest.raises(SurveyInputError, match="more than once"):
        needs_assessment(pd.concat([THREE, THREE.iloc[[0]]], ignore_index=True))


def test_input_frame_not_mutated():
    before = THREE.copy()
    needs_assessment(THREE, min_cell=3)
    pd.testing.assert_frame_equal(THREE, before)


# ------------------------------------------------ needs_assessment against a plain reference


def _reference_needs(
    frame: pd.DataFrame, by: list[str], weights: str | None, min_cell: int, scale_max: int = 5
) -> pd.DataFrame:
    """needs_assessment written the slow, obvious way: loop over the (by..., item) groups in order
    of first appearance, sum with math.fsum, Wilson per row (methods.md sections 1-2)."""
    keys = [*by, "item"]
    stats = [
        "importance_mean",
        "capability_mean",
        "gap_mean",
        "mwds",
        "critical_gap_share",
        "critical_gap_low",
        "critical_gap_high",
    ]
    rows = []
    for key in frame[keys].drop_duplicates().itertuples(index=False):
        mask = pd.Series(True, index=frame.index)
        for column, value in zip(keys, key, strict=True):
            mask &= frame[column].isna() if pd.isna(value) else frame[column] == value
        group = frame[mask]
        pairs = group[group["importance"].notna() & group["capability"].notna()]
        imp = pairs["importance"].astype(float).tolist()
        cap = pairs["capability"].astype(float).tolist()
        w = pairs[weights].astype(float).tolist() if weights else [1.0] * len(pairs)
        row = dict(zip(keys, key, strict=True)) | {"n": len(pairs)} | dict.fromkeys(stats, math.nan)
        sw = math.fsum(w)
        if sw > 0:
            row["importance_mean"] = math.fsum(a * b for a, b in zip(w, imp, strict=True)) / sw
            row["capability_mean"] = math.fsum(a * b for a, b in zip(w, cap, strict=True)) / sw
            row["gap_mean"] = (
                math.fsum(a * (b - c) for a, b, c in zip(w, imp, cap, strict=True)) / sw
            )
            row["mwds"] = row["gap_mean"] * row["importance_mean"]
            critical = [
                a for a, b, c in zip(w, imp, cap, strict=True) if b >= scale_max - 1 and c <= 2
            ]
            row["critical_gap_share"] = math.fsum(critical) / sw
            n_eff = kish_effective_n(w)
            low, high = wilson_interval(row["critical_gap_share"] * n_eff, n_eff)
            row["critical_gap_low"], row["critical_gap_high"] = low, high
        rows.append(row)
    table = pd.DataFrame(rows, columns=[*keys, "n", *stats]).astype({"n": "int64"})
    for column in keys:
        table[column] = table[column].astype(frame[column].dtype)
    table["suppressed"] = table["n"] < min_cell
    for column in stats:
        table[column] = table[column].astype("Float64").mask(table["suppressed"])
    mwds = table["mwds"].astype(float)
    if by:
        ranks = mwds.groupby([table[c] for c in by], dropna=False).rank(
            method="min", ascending=False
        )
    else:
        ranks = mwds.rank(method="min", ascending=False)
    table["rank"] = ranks.astype("Int64")
    table = table[[*keys, "n", *stats[:4], "rank", *stats[4:], "suppressed"]]
    return table.sort_values([*by, "rank", "item"], na_position="last", kind="stable").reset_index(
        drop=True
    )


def _random_long(seed: int) -> pd.DataFrame:
    """40 respondents x 6 items in shuffled order: about 10 % skipped items, 10 % missing answers,
    a missing member type, zero weights, and groups small enough to be suppressed."""
    rng = np.random.default_rng(seed)
    respondent, item = np.nonzero(rng.random((40, 6)) < 0.9)
    order = rng.permutation(len(respondent))
    respondent, item = respondent[order], item[order]
    n = len(respondent)
    importance = rng.integers(1, 6, n).astype(float)
    capability = rng.integers(1, 6, n).astype(float)
    importance[rng.random(n) < 0.1] = np.nan
    capability[rng.random(n) < 0.1] = np.nan
    member_type = np.asarray(["producer", "supplier", "bank", None], dtype=object)
    weight = rng.gamma(2.0, 1.0, 40)[respondent]
    weight[rng.random(n) < 0.05] = 0.0
    frame = pd.DataFrame(
        {
            "respondent_id": [f"m{r:02d}" for r in respondent],
            "item": [f"item_{'fbdaec'[i]}" for i in item],
            "importance": pd.array(importance, dtype="Float64").round().astype("Int64"),
            "capability": capability,
            "member_type": member_type[rng.choice(4, 40, p=[0.5, 0.3, 0.15, 0.05])][respondent],
            "wave": np.asarray(["2025", "2026"], dtype=object)[rng.integers(0, 2, 40)][respondent],
            "weight": weight,
        },
        index=rng.permutation(n) + 100,
    )
    return frame


@pytest.mark.parametrize("seed", [3, 11])
@pytest.mark.parametrize(
    ("by", "weights"),
    [
        ([], None),
        ([], "weight"),
        (["member_type"], None),
        (["member_type"], "weight"),
        (["wave", "member_type"], "weight"),
    ],
)
def test_needs_assessment_matches_plain_reference_on_random_input(seed, by, weights):
    frame = _random_long(seed)
    before = frame.copy()
    result = needs_assessment(frame, by=by or None, weights=weights, min_cell=4)
    expected = _reference_needs(frame, by, weights, min_cell=4)
    if by:  # small groups: suppressed and shown rows side by side
        assert result["suppressed"].any() and not result["suppressed"].all()
    # Same columns, dtypes, order and ranks; weighted sums taken in another order may differ in
    # the last bits (a Wilson bound of 0 can come out as 3e-17).
    pd.testing.assert_frame_equal(result, expected, check_exact=False, rtol=1e-12, atol=1e-12)
    if weights is None:  # sums of whole numbers are exact: bit for bit equal
        pd.testing.assert_frame_equal(result, expected, check_exact=True)
    pd.testing.assert_frame_equal(frame, before)


def test_needs_assessment_weighted_groups_by_hand():
    frame = pd.DataFrame(
        {
            "respondent_id": [1, 2, 3, 1, 2, 3, 4],
            "item": ["a", "a", "a", "b", "b", "b", "a"],
            "importance": [5, 3, 4, 2, None, 5, 4],
            "capability": [1, 3, 2, 2, 4, None, 4],
            "member_type": ["x", "x", "y", "x", "x", "y", None],
            "w": [2.0, 1.0, 1.0, 2.0, 1.0, 1.0, 3.0],
        },
        index=[10, 11, 12, 13, 14, 15, 16],
    )
    frame.attrs = {"source": "answers.xlsx"}
    result = needs_assessment(frame, by="member_type", weights="w", min_cell=1)
    # Groups sorted by member type (missing last), then rank:
    # (x, a): pairs (5, 1) w 2 and (3, 3) w 1 -> sw 3; mean I 13/3; mean C 5/3; mean gap 8/3;
    #         MWDS 8/3 * 13/3 = 104/9; critical share 2/3 (only (5, 1)); Kish n 3^2/(4+1) = 1.8
    # (x, b): (2, 2) w 2 (respondent 2 has no importance) -> n 1, MWDS 0, share 0
    # (y, a): (4, 2) -> MWDS 2 * 4 = 8, share 1
    # (y, b): respondent 3 has no capability -> n 0 < min_cell 1: suppressed, no rank
    # (missing, a): (4, 4) w 3 -> MWDS 0, share 0, Kish n 9/9 = 1
    assert result[["member_type", "item", "n", "rank", "suppressed"]].astype(object).where(
        result[["member_type", "item", "n", "rank", "suppressed"]].notna(), None
    ).values.tolist() == [
        ["x", "a", 2, 1, False],
        ["x", "b", 1, 2, False],
        ["y", "a", 1, 1, False],
        ["y", "b", 0, None, True],
        [None, "a", 1, 1, False],
    ]
    xa = result.iloc[0]
    assert xa["importance_mean"] == pytest.approx(13 / 3)
    assert xa["capability_mean"] == pytest.approx(5 / 3)
    assert xa["gap_mean"] == pytest.approx(8 / 3)
    assert xa["mwds"] == pytest.approx(104 / 9)
    assert xa["critical_gap_share"] == pytest.approx(2 / 3)
    low, high = wilson_interval(2 / 3 * 1.8, 1.8)
    assert (xa["critical_gap_low"], xa["critical_gap_high"]) == pytest.approx((low, high))
    assert result.iloc[2]["mwds"] == pytest.approx(8.0)
    assert result.iloc[1]["mwds"] == 0 and result.iloc[4]["mwds"] == 0
    assert result.iloc[3][["mwds", "critical_gap_low"]].isna().all()
    assert str(result["n"].dtype) == "int64" and str(result["rank"].dtype) == "Int64"
    assert str(result["mwds"].dtype) == "Float64" and result["suppressed"].dtype == bool
    assert "source" not in result.attrs  # the input's attrs do not describe the scores
    declared = scoring.needs_assessment_method(by="member_type", weights="w")
    assert declared.by == ("member_type",) and declared.weights == "w"


def test_duplicate_answer_is_per_group_and_names_the_second_copy():
    frame = THREE.assign(member_type="producer")
    frame.index = [10, 11, 12, 13, 14, 15]
    other_group = frame.iloc[[1]].assign(member_type="supplier").set_axis([20])
    # respondent 2 answered item a once as producer and once as supplier: two groups, allowed
    by_type = needs_assessment(pd.concat([frame, other_group]), by="member_type", min_cell=1)
    assert by_type.set_index(["member_type", "item"]).loc[("supplier", "a"), "n"] == 1
    # without `by` the same rows are one respondent answering item a twice: row 20 is the copy
    with pytest.raises(SurveyInputError, match=r"row 20: respondent 2 answered item 'a' more"):
        needs_assessment(pd.concat([frame, other_group]))
    # sparse answers (30 respondents, each on an item of its own; more codes than rows x 8)
    sparse = long_frame([(r, f"item_{r}", 3, 2) for r in range(30)] + [(7, "item_7", 4, 4)])
    with pytest.raises(SurveyInputError, match=r"row 30: respondent 7 answered item 'item_7'"):
        needs_assessment(sparse)
    assert needs_assessment(sparse.iloc[:30], min_cell=1)["n"].tolist() == [1] * 30


# ------------------------------------------------------------------------------------------ IPA


def _ipa_scores() -> pd.DataFrame:
    # four items with one respondent pattern each (3 respondents identical -> means = answers)
    rows = []
    for resp in (1, 2, 3):
        rows += [
            (resp, "hi_lo", 5, 1),  # high I, low C -> concentrate here
            (resp, "hi_hi", 5, 5),  # keep up the good work
            (resp, "lo_lo", 1, 1),  # low priority
            (resp, "lo_hi", 1, 5),  # possible overkill
            (resp, "mid", 4, 2),  # I 4 >= grand mean 3.2; C 2 < grand mean 2.8
        ]
    return needs_assessment(long_frame(rows), min_cell=3)


def test_ipa_data_centred_quadrants():
    ipa = importance_performance(_ipa_scores()).set_index("item")
    # grand mean of importance means = (5 + 5 + 1 + 1 + 4)/5 = 3.2; capability (1+5+1+5+2)/5 = 2.8
    assert ipa["importance_centre"].iloc[0] == pytest.approx(3.2)
    assert ipa["capability_centre"].iloc[0] == pytest.approx(2.8)
    assert ipa.loc["hi_lo", "quadrant"] == "concentrate_here"
    assert ipa.loc["hi_hi", "quadrant"] == "keep_up_the_good_work"
    assert ipa.loc["lo_lo", "quadrant"] == "low_priority"
    assert ipa.loc["lo_hi", "quadrant"] == "possible_overkill"
    assert ipa.loc["mid", "quadrant_en"] == "Concentrate here"
    assert ipa.loc["mid", "quadrant_ka"] == "აქ გაამახვილეთ ყურადღება"
    assert (ipa["centre"] == "data").all()


def test_ipa_scale_centred_uses_midpoint():
    ipa = importance_performance(_ipa_scores(), centre="scale")
    # midpoint (1 + 5)/2 = 3
    assert ipa["importance_centre"].iloc[0] == 3.0 and set(ipa["centre"]) == {"scale"}
    with pytest.raises(ValueError, match="centre must be 'data' or 'scale', got 'median'"):
        importance_performance(_ipa_scores(), centre="median")


# ------------------------------------------------------------------------------------ box scores


def test_box_scores_dont_know_outside_base():
    answers = pd.DataFrame(
        {
            "respondent_id": range(12),
            "question": "q1",
            "answer": [5, 4, 4, 3, 2, 1, "dk", "98", None, "n/a", 5, 5],
        }
    )
    row = box_scores(answers).iloc[0]
    # substantive: 5, 4, 4, 3, 2, 1, 5, 5 -> n = 8 ("dk", "98" don't know; "n/a"; blank skipped)
    assert row["n"] == 8
    assert row["n_dont_know"] == 2 and row["n_not_applicable"] == 1
    # top-2 (4, 5): 5 of 8 = 0.625; bottom-2 (1, 2): 2 of 8 = 0.25; net = 0.375
    assert row["top2_share"] == pytest.approx(0.625)
    assert row["bottom2_share"] == pytest.approx(0.25)
    assert row["net"] == pytest.approx(0.375)
    assert row["share_5"] == pytest.approx(3 / 8)
    assert (row["top2_low"], row["top2_high"]) == pytest.approx(wilson_interval(5, 8))


def test_box_scores_code_nine_is_dont_know_on_short_scales():
    answers = pd.DataFrame(
        {"respondent_id": range(6), "question": "q", "answer": [5, 5, 4, 1, 2, 9]}
    )
    row = box_scores(answers).iloc[0]
    # 9 is "don't know" on a 1..5 scale: n = 5, top-2 = 3/5
    assert row["n"] == 5 and row["n_dont_know"] == 1
    assert row["top2_share"] == pytest.approx(0.6)
    # on a 1..10 scale 9 is a real answer: n = 6, top-2 (9, 10) = 1/6
    ten = box_scores(answers, scale_max=10, min_cell=1).iloc[0]
    assert ten["n"] == 6 and ten["top2_share"] == pytest.approx(1 / 6)


def test_box_scores_suppression_and_bad_code():
    answers = pd.DataFrame({"respondent_id": range(4), "question": "q", "answer": [5, 4, 1, "dk"]})
    row = box_scores(answers).iloc[0]
    assert row["n"] == 3 and bool(row["suppressed"]) and pd.isna(row["net"])
    bad = answers.assign(answer=[5, 4, 7, 1])
    with pytest.raises(ValueError, match="neither a whole number"):
        box_scores(bad)


# ---------------------------------------------------------------------------------- multi-select


def test_multi_select_percent_of_respondents_not_selections():
    # respondents 1: x; 2: x, y; 3: y; 4: did not answer; 5: x; 6: x
    # base = 5 answering respondents; x chosen by 4 -> 80 %; y by 2 -> 40 % (selections: 6)
    answers = pd.DataFrame(
        {
            "respondent_id": [1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6],
            "question": "m",
            "choice": ["x", "y"] * 6,
            "selected": [1, 0, 1, 1, 0, 1, None, None, 1, 0, 1, 0],
        }
    )
    result = multi_select_shares(answers).set_index("choice")
    assert result.loc["x", "n"] == 5
    assert result.loc["x", "share"] == pytest.approx(0.8)
    assert result.loc["y", "share"] == pytest.approx(0.4)
    assert (result.loc["y", "share_low"], result.loc["y", "share_high"]) == pytest.approx(
        wilson_interval(2, 5)
    )
    small = multi_select_shares(answers, min_cell=6)
    assert small["suppressed"].all() and small["share"].isna().all()


# ------------------------------------------------------------------------------------ bootstrap


def _boot_frame() -> pd.DataFrame:
    # item "big": everyone (5, 1) -> MWDS 4 * 5 = 20 in every resample
    # items "m1", "m2": a mix that always stays below 20
    rows = []
    for resp in range(8):
        rows.append((resp, "big", 5, 1))
        rows.append((resp, "m1", 3 + resp % 3, 2 + resp % 2))
        rows.append((resp, "m2", 2 + resp % 2, 2))
    return long_frame(rows)


def test_bootstrap_mwds_degenerate_item_and_top_probability():
    result = bootstrap_mwds(_boot_frame(), n_boot=1000, top_k=1).set_index("item")
    big = result.loc["big"]
    assert big["mwds"] == pytest.approx(20.0)
    assert (big["mwds_low"], big["mwds_high"]) == pytest.approx((20.0, 20.0))
    assert big["prob_top_k"] == pytest.approx(1.0)
    assert result.loc["m1", "prob_top_k"] == 0.0
    declared = scoring.bootstrap_mwds_method(n_boot=1000, top_k=1)
    assert declared.details["n_boot"] == 1000 and declared.details["top_k"] == 1


def test_bootstrap_mwds_reproducible_and_interval_contains_estimate():
    frame = _boot_frame()
    first = bootstrap_mwds(frame, n_boot=1000)
    second = bootstrap_mwds(frame, n_boot=1000)
    pd.testing.assert_frame_equal(first, second)
    shown = first[~first["suppressed"]]
    assert (shown["mwds_low"] <= shown["mwds"]).all() and (
        shown["mwds"] <= shown["mwds_high"]
    ).all()
    # with 3 items and top_k = 3 every item is always in the top 3
    assert shown["prob_top_k"].tolist() == [1.0, 1.0, 1.0]
    with pytest.raises(ValueError, match="at least 1000"):
        bootstrap_mwds(frame, n_boot=100)


def test_bootstrap_suppressed_items_have_no_interval():
    result = bootstrap_mwds(THREE, n_boot=1000, min_cell=3).set_index("item")
    assert bool(result.loc["b", "suppressed"]) and pd.isna(result.loc["b", "mwds_low"])
    # item a is then the only competitor: always first
    assert result.loc["a", "prob_top_k"] == 1.0


# ------------------------------------------------------------------------------ response rates


def test_response_rates_weights_and_census():
    register = pd.DataFrame(
        {"member_id": range(20), "member_type": ["p"] * 10 + ["s"] * 6 + ["t"] * 4}
    )
    rates = response_rates(register, [0, 1, 2, 3, 4, 10, 11, 12, 16, 0])  # repeat ignored
    assert rates.n_respondents == 9 and rates.response_rate == pytest.approx(0.45)
    assert not rates.census
    # t has 1 respondent -> joins p: (10 + 4)/(5 + 1) = 2.3333
    weights = rates.respondent_weights.set_index("member_id")["weight"]
    assert weights[16] == pytest.approx(14 / 6) and weights[10] == pytest.approx(2.0)
    census = response_rates(register, range(20))
    assert census.census and "census" in census.note["en"]
    assert "ინტერვალ" in census.note["ka"]
    with pytest.raises(SurveyInputError, match="not on the member register"):
        response_rates(register, [99])


# ---------------------------------------------------------------------------------- wave change


def test_wave_change_paired_mcnemar_exact():
    # 6 members answer item a in both waves. Wave 1: all (5, 1) -> critical, gap 4.
    # Wave 2: members 1-5 (5, 4) -> not critical, gap 1; member 6 still (5, 1).
    # Discordant: b = 5 (critical -> not), c = 0 -> exact p = 2 * (1/2)^5 = 0.0625
    # gap change: -3 for five members, 0 for one -> mean -15/6 = -2.5
    before = long_frame([(m, "a", 5, 1) for m in range(1, 7)] + [(7, "a", 5, 1)])
    after = long_frame([(m, "a", 5, 4) for m in range(1, 6)] + [(6, "a", 5, 1), (8, "a", 3, 3)])
    result = wave_change(before, after, before_label="2025-1", after_label="2026-1").iloc[0]
    assert result["n_pairs"] == 6  # members 7 and 8 answered one wave only
    assert result["critical_gap_share_before"] == pytest.approx(1.0)
    assert result["critical_gap_share_after"] == pytest.approx(1 / 6)
    assert result["mcnemar_p"] == pytest.approx(0.0625)
    assert bool(result["mcnemar_exact"]) is True
    assert result["gap_change_mean"] == pytest.approx(-2.5)
    assert result["mwds_before"] == pytest.approx(20.0)  # gap 4 * importance 5
    # gaps fall by 3 for five members (one unchanged, dropped): R+ = 0, the most extreme of the
    # 2^5 equally likely sign patterns under the null; two-sided exact p = 2 / 32
    assert result["wilcoxon_p"] == pytest.approx(2 / 32)


def test_wave_change_suppresses_few_pairs():
    before = long_frame([(m, "a", 5, 1) for m in range(1, 5)])
    after = long_frame([(m, "a", 5, 4) for m in range(1, 5)])
    row = wave_change(before, after).iloc[0]
    assert row["n_pairs"] == 4 and bool(row["suppressed"]) and pd.isna(row["mcnemar_p"])


# -------------------------------------------------------------------------------- gap status


def test_gap_status_rules():
    current = pd.DataFrame(
        {
            "item": ["closed", "narrow", "widen", "flat", "supp"],
            "critical_gap_share": [0.10, 0.30, 0.50, 0.30, 0.05],
            "suppressed": [False, False, False, False, True],
        }
    )
    baseline = pd.DataFrame(
        {"item": ["closed", "narrow", "widen"], "critical_gap_share": [0.4, 0.4, 0.4]}
    )
    targets = pd.DataFrame(
        {"item": ["closed", "narrow", "widen", "flat", "supp", "gone"], "target": 0.2}
    )
    result = gap_status(targets, current, baseline=baseline).set_index("item")
    # closed: 0.10 <= 0.20; narrow: 0.30 < 0.40; widen: 0.50 > 0.40; flat: no baseline
    # supp: suppressed -> no data; gone: not in current -> no data
    assert result["status"].to_dict() == {
        "closed": "closed",
        "narrow": "narrowing",
        "widen": "widening",
        "flat": "not_closed",
        "supp": "no_data",
        "gone": "no_data",
    }
    assert result.loc["widen", "status_ka"] == "იზრდება"


def test_gap_status_higher_is_better_metric():
    current = pd.DataFrame({"item": ["a", "b"], "capability_mean": [4.2, 3.0]})
    targets = pd.DataFrame({"item": ["a", "b"], "target": [4.0, 4.0], "metric": "capability_mean"})
    result = gap_status(targets, current).set_index("item")
    assert result.loc["a", "status"] == "closed" and result.loc["b", "status"] == "not_closed"
    with pytest.raises(ValueError, match="lower or higher"):
        gap_status(targets.assign(metric="n"), current.assign(n=1))


def test_nan_rows_have_no_interval_when_no_pairs():
    frame = long_frame([(1, "a", None, 3), (2, "a", 4, None)])
    row = needs_assessment(frame, min_cell=0).iloc[0]
    assert row["n"] == 0 and pd.isna(row["mwds"]) and pd.isna(row["critical_gap_low"])


def test_gap_status_refuses_grouped_scores_without_by():
    scores = needs_assessment(
        pd.concat([THREE.assign(g="x"), THREE.assign(g="y")], ignore_index=True),
        by="g",
        min_cell=3,
    )
    targets = pd.DataFrame({"item": ["a"], "target": [0.2]})
    with pytest.raises(SurveyInputError, match="pass by="):
        gap_status(targets, scores)
    by_group = gap_status(targets.assign(g="x"), scores, by="g")
    assert by_group["status"].tolist() == ["not_closed"]  # 1/3 > 0.2, no baseline
