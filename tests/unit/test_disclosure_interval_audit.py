"""Interval audit (tau-ARGUS / sdcTable style): bounds x >= 0 included, checked by brute force.

The brute force enumerates every non-negative integer filling of the hidden cells that reproduces
every published row and column total; for a two-way table with margins the extremes of a cell over
the integers equal the linear-programming extremes (the constraint matrix is totally unimodular),
so the brute-force range is an oracle independent of ``scipy.optimize.linprog``.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import linprog

from cluster_analysis.disclosure import (
    INTERVAL,
    LOG_COLUMNS,
    SuppressionRules,
    interval_audit,
    interval_complements,
    linear_audit,
    suppress_pivot,
)


def _with_margins(rows: list[list[int]], index: list[str], columns: list[str]) -> pd.DataFrame:
    table = pd.DataFrame(rows, index=index, columns=columns)
    table["Total"] = table.sum(axis=1)
    table.loc["Total"] = table.sum(axis=0)
    return table


def _brute_force_range(table: pd.DataFrame, hidden: set, cell: tuple) -> tuple[int, int]:
    """Smallest and largest integer value of ``cell`` consistent with every published total."""
    order = sorted(hidden)
    top = int(table.loc["Total", "Total"])
    rows, cols = list(table.index), list(table.columns)
    where = [(rows.index(r), cols.index(c)) for r, c in order]
    base = table.to_numpy(dtype=float)
    seen = []
    for guess in itertools.product(range(top + 1), repeat=len(order)):
        filled = base.copy()
        for (i, j), v in zip(where, guess, strict=True):
            filled[i, j] = v
        if np.array_equal(filled[:, :-1].sum(axis=1), filled[:, -1]) and np.array_equal(
            filled[:-1, :].sum(axis=0), filled[-1, :]
        ):
            seen.append(guess[order.index(cell)])
    return min(seen), max(seen)


def _hidden(result, table: pd.DataFrame) -> set:
    return {(r, c) for r in table.index for c in table.columns if pd.isna(result.frame.loc[r, c])}


# A 2-contributor cell whose only row partner is a zero: the old rule hid the zero as complement,
# and with x >= 0 the row total 2 then caps the cell at exactly its value.
TWO_AND_ZERO = _with_margins([[2, 0], [6, 7]], ["r0", "r1"], ["c0", "c1"])
OLD_PATTERN = {("r0", "c0"), ("r0", "c1"), ("r1", "c0"), ("r1", "c1")}


def _long(table: pd.DataFrame) -> tuple[np.ndarray, list[tuple], np.ndarray]:
    """Equations (one per row and column, parts minus total) written out for the test."""
    cells = [(r, c) for r in table.index for c in table.columns]
    pos = {cell: i for i, cell in enumerate(cells)}
    equations = []
    for r in table.index:
        row = np.zeros(len(cells))
        for c in table.columns:
            row[pos[(r, c)]] = -1.0 if c == "Total" else 1.0
        equations.append(row)
    for c in table.columns:
        row = np.zeros(len(cells))
        for r in table.index:
            row[pos[(r, c)]] = -1.0 if r == "Total" else 1.0
        equations.append(row)
    values = np.array([table.loc[r, c] for r, c in cells], dtype=float)
    return np.array(equations), cells, values


def test_old_zero_complement_pattern_is_caught_by_bounds_not_by_equalities():
    equations, cells, values = _long(TWO_AND_ZERO)
    mask = np.array([cell in OLD_PATTERN for cell in cells])
    target = cells.index(("r0", "c0"))
    assert not linear_audit(equations, mask).any()  # equalities alone see no disclosure
    got = interval_audit(equations, values, mask, [target]).iloc[0]
    assert (got["lower"], got["upper"]) == _brute_force_range(
        TWO_AND_ZERO, OLD_PATTERN, ("r0", "c0")
    )
    assert got["upper"] == 2  # the value itself: no upward protection at all


def test_two_contributor_cell_beside_a_zero_gets_its_protection_interval():
    result = suppress_pivot(TWO_AND_ZERO, table="t", counts=TWO_AND_ZERO)
    hidden = _hidden(result, TWO_AND_ZERO)
    assert ("r0", "c0") in hidden
    assert ("r0", "c1") not in hidden  # a zero is never a complement
    low, high = _brute_force_range(TWO_AND_ZERO, hidden, ("r0", "c0"))
    p = SuppressionRules().protection
    assert low <= 2 * (1 - p)
    assert high >= 2 * (1 + p)
    logged = result.log.set_index("cell").loc["row=r0 · column=c0"]
    assert (logged["lower"], logged["upper"], logged["width"]) == (low, high, high - low)


def test_log_has_interval_columns():
    assert LOG_COLUMNS[-3:] == ("lower", "upper", "width")


def _lp_range(table: pd.DataFrame, hidden: set, cell: tuple) -> tuple[float, float]:
    """An independent LP: unknowns = hidden cells, every row and column total as an equation."""
    order = sorted(hidden)
    idx = {h: i for i, h in enumerate(order)}
    a_eq, b_eq = [], []
    lines = [[(r, c) for c in table.columns] for r in table.index]
    lines += [[(r, c) for r in table.index] for c in table.columns]
    for line in lines:
        coef = np.zeros(len(order))
        rhs = 0.0
        for r, c in line:
            sign = -1.0 if line[-1] == (r, c) else 1.0  # the margin is the line's last cell
            if (r, c) in idx:
                coef[idx[(r, c)]] += sign
            else:
                rhs -= sign * float(table.loc[r, c])
        if coef.any():
            a_eq.append(coef)
            b_eq.append(rhs)
    ends = []
    for direction in (1.0, -1.0):
        obj = np.zeros(len(order))
        obj[idx[cell]] = direction
        res = linprog(obj, A_eq=np.array(a_eq), b_eq=np.array(b_eq), bounds=(0, None))
        ends.append(res.x[idx[cell]] if res.status == 0 else direction * -np.inf)
    return ends[0], ends[1]


@pytest.mark.parametrize("seed", range(12))
def test_every_sensitive_cell_reaches_its_protection_interval(seed):
    rng = np.random.default_rng(seed)
    body = rng.choice([0, 0, 1, 2, 3, 6, 8, 12], size=(3, 3)).tolist()
    table = _with_margins(body, ["a", "b", "c"], ["x", "y", "z"])
    result = suppress_pivot(table, table="t", counts=table)
    hidden = _hidden(result, table)
    p = SuppressionRules().protection
    primary = result.log[result.log["rule"].str.startswith("threshold")]["cell"]
    for label in primary:
        row, col = (part.split("=")[1] for part in label.split(" · "))
        value = float(table.loc[row, col])
        low, high = _lp_range(table, hidden, (row, col))
        assert low <= value * (1 - p) + 1e-9, (label, low, high)
        assert high >= value * (1 + p) - 1e-9, (label, low, high)
    # complements are never zero-valued cells
    complements = result.log[~result.log["rule"].str.startswith("threshold")]["cell"]
    for label in complements:
        row, col = (part.split("=")[1] for part in label.split(" · "))
        assert table.loc[row, col] > 0, label


def test_interval_rule_is_logged_when_the_equalities_are_not_enough():
    result = suppress_pivot(TWO_AND_ZERO, table="t", counts=TWO_AND_ZERO)
    assert set(result.log["rule"]) <= {"threshold k=5", "secondary", "secondary (audit)", INTERVAL}
    assert result.log["width"].notna().all()


# Commitment parts of one pooled cell: quantity = firm + conditional + indicative and
# expected = 0.95 firm + 0.7 conditional + 0.4 indicative; cells [quantity, f, c, i, expected].
PARTS_EQUATIONS = np.array([[-1.0, 1.0, 1.0, 1.0, 0.0], [0.0, 0.95, 0.7, 0.4, -1.0]])


def test_commitment_parts_interval_by_hand():
    values = np.array([10.0, 1.0, 5.0, 4.0, 0.95 + 3.5 + 1.6])
    hidden = np.array([False, True, True, True, False])
    # by hand: f = t gives c = (2.05 - 0.55 t) / 0.3 >= 0, so t <= 41/11; i >= 0 always; t >= 0
    got = interval_audit(PARTS_EQUATIONS, values, hidden, [1]).iloc[0]
    assert got["lower"] == pytest.approx(0.0, abs=1e-9)
    assert got["upper"] == pytest.approx(41 / 11)


def test_interval_complements_never_choose_a_zero_part():
    values = np.array([10.0, 1.0, 0.0, 9.0, 0.95 + 3.6])
    hidden = np.array([False, True, False, False, False])
    hideable = np.array([False, True, True, True, True])
    cost = np.array([9.0, 0.0, 0.0, 1.0, 2.0])  # the zero part is the cheapest: still refused
    added = interval_complements(
        PARTS_EQUATIONS, values, hidden, cost, sensitive=hidden, hideable=hideable
    )
    chosen = {position for position, _ in added}
    assert 2 not in chosen
    final = hidden.copy()
    final[list(chosen)] = True
    got = interval_audit(PARTS_EQUATIONS, values, final, [1]).iloc[0]
    # f + i = 10 and 0.95 f + 0.4 i = 4.55 with c = 0 published: f is pinned unless expected hides
    assert got["lower"] <= 0.9 and got["upper"] >= 1.1
