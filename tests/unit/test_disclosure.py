"""Disclosure control: threshold, dominance, secondary suppression, log (methods.md section 3)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cluster_analysis.disclosure import (
    AUDIT,
    DEFAULT_RULES,
    INTERVAL,
    LOG_COLUMNS,
    POOL_RULES,
    SuppressionRules,
    audit_complements,
    combine_logs,
    linear_audit,
    recoverable_cells,
    suppress_consistently,
    suppress_pivot,
    suppress_table,
)


def survey_cells() -> pd.DataFrame:
    # item x size group with the "All" total; n = respondents who answered the item
    return pd.DataFrame(
        {
            "item": ["Q1"] * 4 + ["Q2"] * 4,
            "group": ["All", "Micro", "Small", "Medium"] * 2,
            "n": [20, 12, 6, 2, 20, 10, 5, 5],
            "mean": [3.1, 3.0, 3.2, 4.0, 2.0, 2.1, 2.2, 1.5],
        }
    )


def test_threshold_and_secondary_within_item_groups() -> None:
    cells = survey_cells()
    before = cells.copy()
    result = suppress_table(
        cells, table="needs", key_cols=["item", "group"], value_cols=["mean"], count_col="n"
    )
    # Q1 Medium: n = 2 < 5 -> threshold. Then Q1 has exactly one hidden group beside a published
    # "All", so the smallest other group (Small, n = 6 < Micro 12) is hidden as well.
    # Q2: every group has n >= 5 -> nothing hidden (n = 5 is allowed: "at least 5").
    assert result.mask.tolist() == [False, False, True, True, False, False, False, False]
    assert result.frame["mean"].isna().tolist() == result.mask.tolist()
    assert result.frame.loc[0, "mean"] == pytest.approx(3.1)
    assert result.suppressed_cells == [(2, "mean"), (3, "mean")]
    log = result.log.set_index("cell")
    assert list(result.log.columns) == list(LOG_COLUMNS)
    assert log.loc["item=Q1 · group=Medium", "rule"] == "threshold k=5"
    assert log.loc["item=Q1 · group=Medium", "contributors"] == 2
    assert log.loc["item=Q1 · group=Small", "rule"] == "secondary"
    assert (result.log["table"] == "needs").all()
    pd.testing.assert_frame_equal(cells, before)  # input untouched


def test_threshold_is_configurable() -> None:
    result = suppress_table(
        survey_cells(),
        table="t",
        key_cols=["item", "group"],
        value_cols=["mean"],
        count_col="n",
        rules=SuppressionRules(min_count=3, secondary=False),
    )
    # only Q1 Medium (n = 2) is below 3; no secondary suppression asked for
    assert result.mask.tolist() == [False, False, False, True, False, False, False, False]
    assert result.log["rule"].tolist() == ["threshold k=3"]


def test_dominance_two_largest_above_85_percent() -> None:
    cells = pd.DataFrame({"category": ["paper", "ink"], "volume": [100.0, 100.0]})
    contributions = pd.DataFrame(
        {
            "category": ["paper"] * 5 + ["ink"] * 5,
            "member_id": list("abcde") * 2,
            # paper: top 2 = 50 + 40 = 90 % > 85 % -> sensitive; ink: 30 + 25 = 55 % -> fine
            "value": [50, 40, 5, 3, 2, 30, 25, 20, 15, 10],
        }
    )
    result = suppress_table(
        cells,
        table="pool",
        key_cols=["category"],
        value_cols=["volume"],
        contributions=contributions,
    )
    assert result.mask.tolist() == [True, False]
    assert result.log["rule"].tolist() == ["dominance 2>85%"]
    assert result.log["contributors"].tolist() == [5]  # counted from contributions


def test_pool_rule_no_member_above_a_quarter() -> None:
    cells = pd.DataFrame({"category": ["film", "glue"], "volume": [100.0, 100.0]})
    contributions = pd.DataFrame(
        {
            "category": ["film"] * 5 + ["glue"] * 5,
            "member_id": list("abcde") * 2,
            # film: largest 30 % > 25 % -> hidden; glue: largest 20 % -> published
            "value": [30, 20, 20, 15, 15, 20, 20, 20, 20, 20],
        }
    )
    result = suppress_table(
        cells,
        table="pool",
        key_cols=["category"],
        value_cols=["volume"],
        contributions=contributions,
        rules=POOL_RULES,
    )
    assert result.mask.tolist() == [True, False]
    assert result.log["rule"].tolist() == ["dominance 1>25%"]


def test_member_with_two_rows_counts_once() -> None:
    cells = pd.DataFrame({"category": ["paper"], "volume": [10.0]})
    contributions = pd.DataFrame(
        {"category": ["paper"] * 6, "member_id": list("aabcde"), "value": [1, 1, 2, 2, 2, 2]}
    )
    # 5 distinct members (a twice), each 2/10 = 20 % -> passes threshold and (1, 25 %)
    result = suppress_table(
        cells,
        table="p",
        key_cols=["category"],
        value_cols=["volume"],
        contributions=contributions,
        rules=POOL_RULES,
    )
    assert not result.mask.any()


def pivot_counts() -> pd.DataFrame:
    return pd.DataFrame(
        {"x": [10, 3, 8, 21], "y": [7, 9, 6, 22], "Total": [17, 12, 14, 43]},
        index=pd.Index(["A", "B", "C", "Total"], name="sector"),
    )


def test_pivot_secondary_protects_rows_and_columns() -> None:
    values = pivot_counts()
    result = suppress_pivot(values, table="counts", counts=values)
    # (B, x) = 3 < 5. Column x then has one hidden cell: hide its smallest other part, (C, x) = 8.
    # Row B and row C now have one hidden cell each: hide (B, y) and (C, y), their only other parts.
    # Column y then has two hidden cells; the Total row/column have none: stable.
    hidden = sorted(result.suppressed_cells)
    assert hidden == [(1, "x"), (1, "y"), (2, "x"), (2, "y")]
    assert result.frame.shape == values.shape
    assert result.frame.index.equals(values.index)
    assert pd.isna(result.frame.loc["B", "x"]) and result.frame.loc["A", "x"] == 10
    assert result.frame.loc["Total", "Total"] == 43
    rules = result.log.set_index("cell")["rule"].to_dict()
    assert rules["sector=B · column=x"] == "threshold k=5"
    assert rules["sector=C · column=x"] == "secondary"
    assert _no_set_with_single_hidden(result.frame)


def _no_set_with_single_hidden(wide: pd.DataFrame) -> bool:
    hidden = wide.isna()
    rows_ok = all(hidden.loc[r].sum() != 1 for r in wide.index)
    cols_ok = all(hidden[c].sum() != 1 for c in wide.columns)
    return rows_ok and cols_ok


def test_secondary_holds_on_random_tables() -> None:
    rng = np.random.default_rng(20250101)
    for _ in range(40):
        inner = rng.integers(0, 15, size=(4, 3))
        frame = pd.DataFrame(inner, columns=["a", "b", "c"], index=["r1", "r2", "r3", "r4"])
        frame["Total"] = frame.sum(axis=1)
        frame.loc["Total"] = frame.sum(axis=0)
        result = suppress_pivot(frame, table="random", counts=frame)
        assert _no_set_with_single_hidden(result.frame)
        # every primary suppression really was below the threshold (zeros stay published)
        primary = result.log[result.log["rule"] == "threshold k=5"]
        assert (primary["contributors"] < 5).all() and (primary["contributors"] > 0).all()


def test_zero_cells_are_published_by_default() -> None:
    cells = pd.DataFrame({"group": ["a", "b"], "n": [0, 9]})
    result = suppress_table(cells, table="z", key_cols=["group"], value_cols=["n"], count_col="n")
    assert not result.mask.any()
    strict = suppress_table(
        cells,
        table="z",
        key_cols=["group"],
        value_cols=["n"],
        count_col="n",
        rules=SuppressionRules(suppress_zero=True),
    )
    assert strict.mask.tolist() == [True, False]


def test_margin_contributions_are_aggregated_from_parts() -> None:
    cells = pd.DataFrame({"category": ["paper", "ink", "Total"], "volume": [60.0, 40.0, 100.0]})
    # paper: 6 members of 10 each; ink: 5 members 8 each; no rows for "Total":
    # the total is aggregated per member -> a..e hold 18 each, f holds 10 (largest 18 % < 25 %)
    contributions = pd.DataFrame(
        {
            "category": ["paper"] * 6 + ["ink"] * 5,
            "member_id": list("abcdef") + list("abcde"),
            "value": [10] * 6 + [8] * 5,
        }
    )
    result = suppress_table(
        cells,
        table="p",
        key_cols=["category"],
        value_cols=["volume"],
        contributions=contributions,
        rules=POOL_RULES,
    )
    assert not result.mask.any()
    assert result.frame["volume"].tolist() == [60.0, 40.0, 100.0]


def test_consistent_across_waves() -> None:
    wave1 = pd.DataFrame(
        {"group": ["Micro", "Small", "All"], "n": [12, 3, 15], "share": [0.5, 0.3, 0.46]}
    )
    wave2 = pd.DataFrame(
        {"group": ["Micro", "Small", "All"], "n": [11, 7, 18], "share": [0.4, 0.6, 0.48]}
    )
    r1 = suppress_table(wave1, table="w1", key_cols=["group"], value_cols=["share"], count_col="n")
    r2 = suppress_table(wave2, table="w2", key_cols=["group"], value_cols=["share"], count_col="n")
    # wave 1: Small (3) hidden, then Micro as its complement; wave 2 alone hides nothing
    assert r1.mask.tolist() == [True, True, False]
    assert not r2.mask.any()
    c1, c2 = suppress_consistently([r1, r2])
    assert c2.mask.tolist() == [True, True, False]
    assert set(c2.log["rule"]) == {"secondary"}
    assert not r2.mask.any()  # inputs unchanged
    log = combine_logs([c1, c2])
    assert list(log.columns) == list(LOG_COLUMNS)
    assert len(log) == 4


def test_rule_text_in_both_languages() -> None:
    en = DEFAULT_RULES.describe("en")
    ka = DEFAULT_RULES.describe("ka")
    assert en.startswith("– = suppressed") and "5" in en and "85%" in en
    assert "დაფარულია" in ka and "5-ზე ნაკლები" in ka and "85%" in ka
    assert "25%" in POOL_RULES.describe("ka")
    # a table without contributions had no dominance rule applied: its footnote does not claim it
    result = suppress_table(
        survey_cells(), table="t", key_cols=["item", "group"], value_cols=["mean"], count_col="n"
    )
    assert "85%" not in result.rule_text["en"]
    assert result.rule_text["ka"].startswith("– = დაფარულია")


def test_bad_calls_raise_value_error() -> None:
    cells = survey_cells()
    with pytest.raises(ValueError, match="duplicate"):
        suppress_table(
            pd.concat([cells, cells.head(1)]),
            table="t",
            key_cols=["item", "group"],
            value_cols=["mean"],
            count_col="n",
        )
    with pytest.raises(ValueError, match="missing columns"):
        suppress_table(cells, table="t", key_cols=["item"], value_cols=["nope"], count_col="n")
    with pytest.raises(ValueError, match="count_col or contributions"):
        suppress_table(cells, table="t", key_cols=["item", "group"], value_cols=["mean"])
    with pytest.raises(ValueError):
        SuppressionRules(dominance=(2, 1.5))


def test_consistent_pivots_keep_their_wide_shape() -> None:
    index = pd.Index(["A", "B", "Total"], name="sector")
    wave1 = pd.DataFrame({"x": [10, 6, 16], "y": [7, 9, 16], "Total": [17, 15, 32]}, index=index)
    wave2 = pd.DataFrame({"x": [10, 3, 13], "y": [7, 9, 16], "Total": [17, 12, 29]}, index=index)
    r1 = suppress_pivot(wave1, table="wave1", counts=wave1)
    r2 = suppress_pivot(wave2, table="wave2", counts=wave2)
    # wave 2: (B, x) = 3 -> hidden; column x -> (A, x); rows A and B -> (A, y), (B, y)
    assert sorted(r2.suppressed_cells) == [(0, "x"), (0, "y"), (1, "x"), (1, "y")]
    assert r1.suppressed_cells == []
    c1, _c2 = suppress_consistently({"wave1": r1, "wave2": r2})
    # the same four cells are hidden in wave 1 too, which keeps its wide shape and margins
    assert sorted(c1.suppressed_cells) == [(0, "x"), (0, "y"), (1, "x"), (1, "y")]
    assert c1.frame.shape == wave1.shape and c1.frame.loc["Total", "Total"] == 32
    assert c1.log["detail"].str.contains("wave2").all()


def test_result_becomes_a_table_output() -> None:
    from cluster_analysis.outputs import Meta, text

    result = suppress_table(
        survey_cells(),
        table="needs",
        key_cols=["item", "group"],
        value_cols=["mean"],
        count_col="n",
    )
    table = result.to_table_output("needs", Meta(title=text("Needs", "საჭიროებები")))
    assert table.suppressed == [(2, "mean"), (3, "mean")]
    assert table.suppression_rule is not None
    assert table.suppression_rule["ka"].startswith("– = დაფარულია")
    assert table.frame is result.frame


def test_linear_audit_by_hand() -> None:
    # cells a, b, c with a + b = c (one equation [1, 1, -1])
    equations = [[1, 1, -1]]
    # only a hidden: a = c - b -> determined
    assert linear_audit(equations, [True, False, False]).tolist() == [True, False, False]
    # a and b hidden: only a + b is known -> neither is determined
    assert linear_audit(equations, [True, True, False]).tolist() == [False, False, False]
    # a second relation a - b = 0 (e.g. a published difference) pins both down again
    both = linear_audit([[1, 1, -1], [1, -1, 0]], [True, True, False])
    assert both.tolist() == [True, True, False]
    # a hidden cell in no equation is free
    assert not linear_audit(np.zeros((0, 2)), [True, True]).any()


def test_audit_complements_hides_the_cheapest_cell_sharing_an_equation() -> None:
    # a + b + c = t with only a hidden: b (cost 1) is cheaper than c (5) and t (9); t not hideable
    added = audit_complements([[1, 1, 1, -1]], [True, False, False, False], [0, 1, 5, 9])
    assert added == [(1, 0)]  # hide b to protect a
    added = audit_complements(
        [[1, 1, 1, -1]], [True, False, False, False], [0, 9, 5, 1], hideable=[1, 1, 1, 0]
    )
    assert added == [(2, 0)]  # t would be cheapest, but it may not be hidden: c


def _counterexample() -> pd.DataFrame:
    table = pd.DataFrame(
        [[0, 0, 0, 1, 0], [0, 0, 0, 1, 1], [0, 0, 1, 5, 1]],
        index=["r0", "r1", "r2"],
        columns=["c0", "c1", "c2", "c3", "c4"],
    )
    table["Total"] = table.sum(axis=1)
    table.loc["Total"] = table.sum(axis=0)
    return table


def test_one_equation_pattern_leaves_a_cell_the_audit_finds() -> None:
    table = _counterexample()
    # The threshold rule hides every cell of 1-4 contributors; every row and column then has 0 or
    # at least 2 hidden cells, so the one-equation rule adds nothing. Yet combining equations
    # recovers r1.c4: column Total gives r0.Total + r1.Total = 10 - 7 = 3, column c3 gives
    # r0.c3 + r1.c3 = 7 - 5 = 2, and rows r0 (r0.c4 = 0 published) and r1 add up to
    # r0.Total + r1.Total = r0.c3 + r1.c3 + r1.c4, so r1.c4 = 3 - 2 = 1.
    one_equation = {
        ("r0", "c3"),
        ("r0", "Total"),
        ("r1", "c3"),
        ("r1", "c4"),
        ("r1", "Total"),
        ("r2", "c2"),
        ("r2", "c4"),
        ("Total", "c2"),
        ("Total", "c4"),
    }
    assert ("r1", "c4") in recoverable_cells(table, one_equation)
    result = suppress_pivot(table, table="t", counts=table)
    hidden = {(r, c) for r in table.index for c in table.columns if pd.isna(result.frame.loc[r, c])}
    assert hidden >= one_equation
    assert recoverable_cells(table, hidden) == set()
    # the only published cells in r1.c4's own equations are zeros, which are never complements
    # (a hidden zero is pinned by x >= 0); the interval audit reaches further, to r2.c3
    assert all(table.loc[r, c] > 0 for r, c in hidden)
    assert result.log[result.log["rule"] == AUDIT].empty
    interval = result.log[result.log["rule"] == INTERVAL]
    assert interval["cell"].tolist() == ["row=r2 · column=c3"]
    assert interval["detail"].str.contains("row=r1 · column=c4").all()
