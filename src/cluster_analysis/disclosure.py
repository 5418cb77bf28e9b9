"""Statistical disclosure control for every published table (methods.md section 3).

A cluster has 30-150 members who know each other, so a published cell can identify a firm. Three rules:

- **Threshold rule**: a cell needs at least ``min_count`` contributors (**choice**: k = 5, configurable).
- **Dominance (n, k) rule** for magnitudes (volumes, spend, employment): a cell is sensitive when its ``n``
  largest contributors hold more than ``k`` of the cell total (default 2 > 85 %; the bargaining pool
  uses 1 > 25 %, i.e. no member above a quarter of a cell, methods.md section 6).
- **Secondary suppression**: a hidden cell must not be recoverable by subtraction. Within every additive
  set (parts plus their published total: a table row with its row total, a column with its column
  total, the groups of an item with the "All" group) exactly one hidden cell can be worked out, so the
  smallest other part of that set is hidden as well, repeated until no set has exactly one hidden cell.
  :func:`suppress_consistently` applies the same idea across tables or waves showing the same cut.
- **Linear audit**: one equation at a time is not enough, since combining several rows and columns can
  still pin a hidden cell down. After the one-equation rule, :func:`linear_audit` checks every hidden
  cell against all the additive equations at once: a hidden cell is *determined* when its value
  follows from the published cells and the equations, i.e. its coordinate is zero in every vector
  of the null space of the equation matrix restricted to the hidden cells (``scipy.linalg.null_space``).
  While a hidden cell is determined, the smallest published cell sharing an equation with it is
  hidden too (logged as rule ``"secondary (audit)"``), until no hidden cell is determined.

Every suppression is logged (table, cell, column, rule, contributors) so reports can say what was hidden
and why; the log goes to ``reports/validation/suppression_log.xlsx`` (office only).

- **Interval audit** (as tau-ARGUS and sdcTable do it): a reader also knows that counts and
  magnitudes are not negative, so equalities alone can miss a disclosure (a hidden 2-contributor
  cell beside a hidden zero in a row is pinned to the row's hidden remainder). For every sensitive
  (primary) cell, :func:`interval_audit` finds the smallest and largest value it can take given
  every published cell, the additive equations and the bounds ``x >= 0`` by linear programming
  (``scipy.optimize.linprog``). The interval must reach the declared protection interval
  ``[v (1 - p), v (1 + p)]`` (``SuppressionRules.protection``, **choice**: p = 10 % of the cell
  value on each side). While a sensitive cell falls short, the cheapest published cell sharing an
  equation with its hidden group is hidden too (rule ``"secondary (interval)"``), preferring one
  that makes the interval wide enough, until every sensitive cell is protected. Cells whose value
  is implied (zero-valued cells and cells with no contributor, e.g. structural zeros) are never
  chosen as complements: a hidden zero protects nothing, since the bound ``x >= 0`` fixes it. The
  interval of every hidden cell (``lower``, ``upper``, ``width``) is written to the log. Sets
  whose published values do not add up (rates, means) give no equation for the interval audit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
from scipy.linalg import null_space
from scipy.optimize import linprog

from cluster_analysis.outputs import Audience, Meta, TableOutput, Text, text

__all__ = [
    "AUDIT",
    "AUDIT_TOLERANCE",
    "DEFAULT_RULES",
    "INTERVAL",
    "LOG_COLUMNS",
    "POOL_RULES",
    "SECONDARY",
    "SuppressionResult",
    "SuppressionRules",
    "audit_complements",
    "combine_logs",
    "interval_audit",
    "interval_complements",
    "linear_audit",
    "recoverable_cells",
    "suppress_consistently",
    "suppress_pivot",
    "suppress_table",
]

#: Columns of every suppression log frame, in order.
LOG_COLUMNS: tuple[str, ...] = (
    "table",
    "cell",
    "column",
    "rule",
    "contributors",
    "detail",
    "lower",
    "upper",
    "width",
)

#: The conventional labels a table may use for its margins.
DEFAULT_TOTAL_LABELS: tuple[str, ...] = ("Total", "All", "სულ", "ყველა")

#: Log rule of a cell hidden so that a hidden cell cannot be worked out from one total and its parts.
SECONDARY = "secondary"
#: Log rule of a cell hidden because the linear audit found a hidden cell determined by several
#: equations together.
AUDIT = "secondary (audit)"
#: Log rule of a cell hidden so that a sensitive cell's feasible interval (interval audit, bounds
#: included) reaches its protection interval.
INTERVAL = "secondary (interval)"
#: Default protection interval: p = 10 % of a sensitive cell's value on each side (**choice**).
DEFAULT_PROTECTION = 0.10
#: A null-space coordinate below this (the basis vectors have unit length) counts as zero.
AUDIT_TOLERANCE = 1e-9


@dataclass(frozen=True)
class SuppressionRules:
    """The declared disclosure thresholds (methods.md section 3; every value here is a **choice**).

    ``min_count``: a cell needs at least this many contributors. ``dominance``: ``(n, share)``; a cell
    is sensitive when its ``n`` largest contributors hold more than ``share`` (0-1) of its total, or
    ``None`` to switch the rule off. ``secondary``: protect hidden cells against subtraction from
    totals. ``suppress_zero``: hide cells with no contributor at all (off by default: an empty cell
    discloses nothing about anyone). ``contributor`` names a contributor in footnotes (Georgian in the
    singular form used after numerals).
    """

    min_count: int = 5
    dominance: tuple[int, float] | None = (2, 0.85)
    secondary: bool = True
    suppress_zero: bool = False
    protection: float = DEFAULT_PROTECTION
    contributor: Text = field(default_factory=lambda: text("members", "წევრი"))

    def __post_init__(self) -> None:
        if not 0 <= self.protection < 1:
            raise ValueError(f"protection must be in [0, 1), got {self.protection}")
        if self.min_count < 1:
            raise ValueError(f"min_count must be at least 1, got {self.min_count}")
        if self.dominance is not None:
            n, share = self.dominance
            if n < 1 or not 0 < share <= 1:
                raise ValueError(
                    f"dominance must be (n >= 1, 0 < share <= 1), got {self.dominance}"
                )

    @property
    def threshold_label(self) -> str:
        """Return the log label of the threshold rule, e.g. ``"threshold k=5"``."""
        return f"threshold k={self.min_count}"

    @property
    def dominance_label(self) -> str:
        """Return the log label of the dominance rule, e.g. ``"dominance 2>85%"``."""
        if self.dominance is None:
            return ""
        n, share = self.dominance
        return f"dominance {n}>{share * 100:g}%"

    def describe(self, lang: str) -> str:
        """Return the footnote / method-note sentence for these rules in ``lang`` ("en" or "ka")."""
        k = self.min_count
        noun = self.contributor.get(lang) or self.contributor["en"]
        if lang == "ka":
            parts = [f"– = დაფარულია: უჯრაში {k}-ზე ნაკლები {noun} არის"]
            if self.dominance is not None:
                n, share = self.dominance
                who = "უდიდესი მონაწილის" if n == 1 else f"{n} უდიდესი მონაწილის"
                parts.append(f"ან {who} წილი აღემატება უჯრის ჯამის {share * 100:g}%-ს")
            sentence = ", ".join(parts)
            if self.secondary:
                sentence += (
                    "; დამატებით დაფარულია სხვა უჯრებიც, რათა დამალული მნიშვნელობები "
                    "ჯამებიდან გამოთვლით ვერ აღდგეს"
                )
            return sentence + "."
        parts = [f"– = suppressed: fewer than {k} {noun} in the cell"]
        if self.dominance is not None:
            n, share = self.dominance
            who = (
                "the largest contributor holds" if n == 1 else f"the {n} largest contributors hold"
            )
            parts.append(f"or {who} more than {share * 100:g}% of the cell total")
        sentence = ", ".join(parts)
        if self.secondary:
            sentence += "; further cells are suppressed so that hidden values cannot be worked out from totals"
        return sentence + "."

    def rule_text(self) -> Text:
        """Return :meth:`describe` in both languages (for ``TableOutput.suppression_rule``)."""
        return {"en": self.describe("en"), "ka": self.describe("ka")}


#: Default rules: at least 5 contributors; the 2 largest hold at most 85 % (methods.md section 3).
DEFAULT_RULES = SuppressionRules()

#: Bargaining-pool rules shown to members and vendors: at least 5 members, none above 25 % of a cell
#: (methods.md section 6).
POOL_RULES = SuppressionRules(min_count=5, dominance=(1, 0.25))


@dataclass
class _TableState:
    """Everything needed to re-run secondary suppression after outside changes (waves, tables)."""

    table: str
    cells: pd.DataFrame  # the caller's frame, reset to a RangeIndex
    key_cols: list[str]
    value_cols: list[str]
    counts: pd.Series  # contributors per cell (float, NaN = unknown)
    rank: pd.Series  # the secondary-suppression cost of each cell (smaller is hidden first)
    sets: list[tuple[list[int], int | None, str]]  # (part positions, total position, description)
    rules: SuppressionRules
    mask: np.ndarray  # True = suppressed
    log_rows: list[dict[str, object]]
    values: np.ndarray | None = None  # the audited value column (float, NaN = unknown)
    primary: np.ndarray | None = None  # True = sensitive (hidden by a primary rule)
    wide: pd.DataFrame | None = None  # the wide template of a suppress_pivot table


@dataclass
class SuppressionResult:
    """A table after disclosure control.

    ``frame``: the caller's frame (same row order, RangeIndex) with every suppressed cell's value columns
    set to ``pd.NA`` (numeric columns become nullable ``Int64`` / ``Float64``). ``log``: one row per
    suppressed cell with :data:`LOG_COLUMNS`. ``suppressed_cells``: (row position, column) pairs, the
    shape :class:`cluster_analysis.outputs.TableOutput` expects. ``mask``: bool per row.
    ``rules``: the rules applied, for footnotes (``rules.rule_text()``).
    """

    frame: pd.DataFrame
    log: pd.DataFrame
    suppressed_cells: list[tuple[int, str]]
    mask: pd.Series
    rules: SuppressionRules
    _state: _TableState = field(repr=False)

    @property
    def table(self) -> str:
        """Return the table name used in the log."""
        return self._state.table

    @property
    def rule_text(self) -> Text:
        """Return the bilingual footnote for the rules applied."""
        return self.rules.rule_text()

    def to_table_output(
        self,
        name: str,
        meta: Meta,
        *,
        audience: Audience = "donors",
        columns: Mapping[str, Text] | None = None,
    ) -> TableOutput:
        """Return a :class:`TableOutput` of ``frame`` with its suppressed cells and rule footnote."""
        return TableOutput(
            name=name,
            frame=self.frame,
            meta=meta,
            audience=audience,
            columns=dict(columns or {}),
            suppressed=list(self.suppressed_cells),
            suppression_rule=self.rule_text if self.suppressed_cells else None,
        )


# --------------------------------------------------------------------------------------------------
# public API


def suppress_table(
    cells: pd.DataFrame,
    *,
    table: str,
    key_cols: Sequence[str],
    value_cols: Sequence[str],
    count_col: str | None = None,
    contributions: pd.DataFrame | None = None,
    contributor_col: str = "member_id",
    contribution_col: str = "value",
    rules: SuppressionRules = DEFAULT_RULES,
    group_cols: Sequence[str] | Sequence[Sequence[str]] | None = None,
    total_labels: Iterable[object] = DEFAULT_TOTAL_LABELS,
    secondary_by: str | None = None,
    audit_col: str | None = None,
) -> SuppressionResult:
    """Apply the threshold, dominance and secondary rules to a long table of cells (methods.md §3).

    ``cells`` has one row per published cell: ``key_cols`` identify it (e.g. ``item, group``),
    ``value_cols`` are hidden together when the cell is suppressed, ``count_col`` holds its number of
    contributors (respondents, members). ``count_col`` is not itself hidden unless listed in
    ``value_cols`` (list it for frequency tables).

    ``contributions`` (optional, for magnitudes) has one row per contributor and cell: ``key_cols``,
    ``contributor_col`` and ``contribution_col``. It drives the dominance rule and, without
    ``count_col``, the contributor count (contributors with a positive value). A margin cell (a key
    equal to one of ``total_labels``) with no rows of its own gets the sum of its parts' rows.

    Secondary suppression works on additive sets. ``group_cols`` lists the key columns held fixed
    within a set (one list, or a list of lists for several relations); the remaining key column
    varies, and its cell labelled with a total label is the set's total. By default (``None``) every
    key column that contains a total label defines sets: for a two-way table with a "Total" row and
    column that is every row and every column; for ``item, group`` with group "All" it is each item.
    When exactly one cell of a set is hidden, the unhidden part with the smallest ``secondary_by``
    value (default ``count_col``, else the first value column) is hidden too, until stable. Then the
    linear audit (:func:`linear_audit` over every set's equation at once) hides the smallest published
    cell sharing an equation with a hidden cell that is still determined (rule ``"secondary
    (audit)"``), until no hidden cell is determined. Last, the interval audit (bounds ``x >= 0``)
    on ``audit_col`` (default ``secondary_by``, else the first value column) hides further cells
    (rule ``"secondary (interval)"``) until every sensitive cell's feasible interval reaches its
    protection interval; sets whose ``audit_col`` values do not add up give no equation there.

    Returns a :class:`SuppressionResult`. Raises ``ValueError`` for missing columns or duplicate keys
    (programming errors, not user input).
    """
    key_cols = list(key_cols)
    value_cols = list(value_cols)
    totals = set(total_labels)
    _require_columns(cells, [*key_cols, *value_cols, *([count_col] if count_col else [])], "cells")
    if cells.duplicated(subset=key_cols).any():
        dup = cells.loc[cells.duplicated(subset=key_cols, keep=False), key_cols].head(3)
        raise ValueError(
            f"table {table!r}: duplicate cell keys {key_cols}: {dup.to_dict('records')}"
        )
    frame = cells.reset_index(drop=True)
    keys = frame[key_cols]

    top_share = pd.Series(np.nan, index=frame.index, dtype="float64")
    if contributions is not None:
        _require_columns(
            contributions, [*key_cols, contributor_col, contribution_col], "contributions"
        )
        n_from_contrib, top_share = _contribution_stats(
            keys, contributions, key_cols, contributor_col, contribution_col, totals, rules
        )
    if count_col is not None:
        counts = pd.to_numeric(frame[count_col], errors="coerce").astype("float64")
    elif contributions is not None:
        counts = n_from_contrib
    else:
        raise ValueError(f"table {table!r}: give count_col or contributions to count contributors")

    rank_col = secondary_by or count_col or value_cols[0]
    rank = pd.to_numeric(frame[rank_col], errors="coerce").astype("float64").abs()

    state = _TableState(
        table=table,
        cells=frame,
        key_cols=key_cols,
        value_cols=value_cols,
        counts=counts,
        rank=rank,
        sets=_additive_sets(keys, _group_specs(keys, key_cols, group_cols, totals), totals),
        # without contributions the dominance rule cannot apply; footnotes must not claim it
        rules=rules if contributions is not None else replace(rules, dominance=None),
        mask=np.zeros(len(frame), dtype=bool),
        log_rows=[],
        values=pd.to_numeric(frame[audit_col or secondary_by or value_cols[0]], errors="coerce")
        .astype("float64")
        .to_numpy(),
    )
    _primary(state, top_share)
    state.primary = state.mask.copy()
    if rules.secondary:
        _protect(state)
    return _finish(state)


def suppress_pivot(
    values: pd.DataFrame,
    *,
    table: str,
    counts: pd.DataFrame | None = None,
    contributions: pd.DataFrame | None = None,
    row_name: str | None = None,
    col_name: str = "column",
    contributor_col: str = "member_id",
    contribution_col: str = "value",
    rules: SuppressionRules = DEFAULT_RULES,
    total_labels: Iterable[object] = DEFAULT_TOTAL_LABELS,
) -> SuppressionResult:
    """Suppress a two-way (wide) table: index = row keys, columns = column keys (methods.md §3).

    Margins are the row and/or column labelled with a total label (e.g. "Total"). ``counts`` is a
    frame of the same shape giving contributors per cell; or ``contributions`` in long form
    (``row_name``, ``col_name``, ``contributor_col``, ``contribution_col``) for the dominance rule.

    Returns a :class:`SuppressionResult` whose ``frame`` has the same shape, index and columns as
    ``values`` and whose ``suppressed_cells`` hold (row position, str(column)).
    """
    row_name = row_name or (values.index.name or "row")
    if counts is not None and (
        not counts.index.equals(values.index) or not counts.columns.equals(values.columns)
    ):
        raise ValueError(f"table {table!r}: counts must have the same index and columns as values")
    long = _melt(values, row_name, col_name, "value")
    count_col = None
    if counts is not None:
        long["n"] = _melt(counts, row_name, col_name, "n")["n"].to_numpy()
        count_col = "n"
    result = suppress_table(
        long,
        table=table,
        key_cols=[row_name, col_name],
        value_cols=["value"],
        count_col=count_col,
        contributions=contributions,
        contributor_col=contributor_col,
        contribution_col=contribution_col,
        rules=rules,
        total_labels=total_labels,
    )
    result._state.wide = values
    return _finish(result._state)


def suppress_consistently(
    results: Sequence[SuppressionResult] | Mapping[str, SuppressionResult],
    *,
    key_cols: Sequence[str] | None = None,
) -> list[SuppressionResult]:
    """Hide a cell in every table/wave showing the same cut once it is hidden in one of them.

    Publishing the same cut in two waves (or a change table beside a level table) would let a reader
    recover a hidden value by comparison (methods.md §3). Cells are matched on ``key_cols`` (default:
    each result's own key columns, which must then be equal). Secondary suppression is re-run in every
    table after each propagation, until nothing changes. Returns new results in the input order;
    inputs are not modified. Results made by :func:`suppress_pivot` are matched on their row and
    column labels.
    """
    items = list(results.values()) if isinstance(results, Mapping) else list(results)
    states = [_copy_state(r._state) for r in items]
    if not states:
        return []
    cols = list(key_cols) if key_cols is not None else states[0].key_cols
    for st in states:
        _require_columns(st.cells, cols, f"table {st.table!r}")
    changed = True
    while changed:
        changed = False
        hidden: dict[tuple, str] = {}
        for st in states:
            for pos in np.flatnonzero(st.mask):
                hidden.setdefault(_key_tuple(st.cells, cols, pos), st.table)
        for st in states:
            key_tuples = [_key_tuple(st.cells, cols, pos) for pos in range(len(st.cells))]
            for pos, key in enumerate(key_tuples):
                if not st.mask[pos] and key in hidden:
                    _hide(st, pos, SECONDARY, f"hidden in {hidden[key]!r} (same cut)")
                    changed = True
            if changed and st.rules.secondary:
                _protect(st)
    return [_finish(st) for st in states]


def combine_logs(results: Iterable[SuppressionResult | pd.DataFrame | None]) -> pd.DataFrame:
    """Return one suppression log (:data:`LOG_COLUMNS`) from several results or log frames."""
    frames = []
    for r in results:
        if r is None:
            continue
        log = r.log if isinstance(r, SuppressionResult) else r
        if len(log):
            frames.append(log.reindex(columns=list(LOG_COLUMNS)))
    if not frames:
        return _empty_log()
    return pd.concat(frames, ignore_index=True)


def linear_audit(
    equations: np.ndarray | Sequence[Sequence[float]],
    hidden: np.ndarray | Sequence[bool],
    *,
    tol: float = AUDIT_TOLERANCE,
) -> np.ndarray:
    """Return which hidden cells a reader can work out exactly (methods.md §3, secondary suppression).

    ``equations`` has one row per linear relation a reader knows, ``equations @ values == 0`` (parts
    minus their total: ``[1, 1, -1]``), and one column per cell; ``hidden`` is a bool per cell. A
    hidden cell is *determined* when the published values and the equations fix its value: its
    coordinate is zero (below ``tol``) in every vector of the null space of the equations restricted
    to the hidden cells (an orthonormal basis from ``scipy.linalg.null_space``). A hidden cell in no
    equation is free. Returns a bool array, one per cell: True for the determined hidden cells,
    always False for published cells.
    """
    hidden_mask = np.asarray(hidden, dtype=bool).reshape(-1)
    n_cells = hidden_mask.shape[0]
    determined = np.zeros(n_cells, dtype=bool)
    positions = np.flatnonzero(hidden_mask)
    matrix = np.asarray(equations, dtype=float).reshape(-1, n_cells)
    if not len(positions) or not len(matrix):
        return determined
    sub = matrix[:, positions]
    scale = np.abs(sub).max(axis=1)
    # an equation without a hidden cell says nothing about them; scaling each equation keeps the
    # rank decision independent of units
    sub = sub[scale > 0] / scale[scale > 0, None]
    if not len(sub):
        return determined
    basis = null_space(sub)
    if basis.shape[1] == 0:
        determined[positions] = True
    else:
        determined[positions] = np.linalg.norm(basis, axis=1) < tol
    return determined


def audit_complements(
    equations: np.ndarray | Sequence[Sequence[float]],
    hidden: np.ndarray | Sequence[bool],
    cost: np.ndarray | Sequence[float],
    *,
    hideable: np.ndarray | Sequence[bool] | None = None,
    tol: float = AUDIT_TOLERANCE,
) -> list[tuple[int, int]]:
    """Return the further cells to hide so that no hidden cell is determined (methods.md §3).

    Repeats :func:`linear_audit`: while a hidden cell is determined, the published cell with the
    smallest ``cost`` (ties: the lower position) among those sharing an equation with it, and
    ``hideable`` (default: every cell), is hidden too. Returns ``(position hidden, position of the
    determined cell it protects)`` pairs in the order chosen; the inputs are not modified. A
    determined cell without any hideable cell left in its equations stays determined: call
    :func:`linear_audit` on the final pattern when that matters.
    """
    matrix = np.asarray(equations, dtype=float)
    mask = np.array(hidden, dtype=bool).reshape(-1)
    matrix = matrix.reshape(-1, mask.shape[0])
    priority = np.asarray(cost, dtype=float).reshape(-1)
    can_hide = (
        np.ones(mask.shape[0], dtype=bool)
        if hideable is None
        else np.asarray(hideable, dtype=bool).reshape(-1)
    )
    added: list[tuple[int, int]] = []
    while (step := _audit_step(matrix, mask, priority, can_hide, tol)) is not None:
        mask[step[0]] = True
        added.append(step)
    return added


def interval_audit(
    equations: np.ndarray | Sequence[Sequence[float]],
    values: np.ndarray | Sequence[float],
    hidden: np.ndarray | Sequence[bool],
    cells: Iterable[int] | None = None,
) -> pd.DataFrame:
    """Return the feasible interval of hidden cells given everything published (methods.md §3).

    ``equations @ x == 0`` are the additive relations a reader knows (one row each, one column per
    cell), ``values`` the true cell values (published cells are fixed at theirs), ``hidden`` a bool
    per cell. Hidden cells whose true value is not negative get the bound ``x >= 0`` a reader also
    knows. For each cell in ``cells`` (default: every hidden cell) the minimum and the maximum of
    ``x`` over the feasible set come from ``scipy.optimize.linprog`` (HiGHS); an unbounded side is
    ``inf``. A hidden cell in no equation is free: ``[0, inf)``. Returns one row per audited cell:
    ``cell`` (position), ``value``, ``lower``, ``upper``, ``width``.
    """
    vals = np.asarray(values, dtype=float).reshape(-1)
    mask = np.asarray(hidden, dtype=bool).reshape(-1)
    matrix = np.asarray(equations, dtype=float).reshape(-1, vals.shape[0])
    targets = np.flatnonzero(mask) if cells is None else np.asarray(list(cells), dtype=int)
    positions = np.flatnonzero(mask)
    index = {int(p): i for i, p in enumerate(positions)}
    rows = matrix[(matrix[:, positions] != 0).any(axis=1)] if len(positions) else matrix[:0]
    a_eq = rows[:, positions]
    published = np.flatnonzero(~mask)
    b_eq = -(rows[:, published] @ vals[published]) if len(rows) else np.zeros(0)
    bounds = [(0.0, None) if not vals[p] < 0 else (None, None) for p in positions]
    out = []
    for cell in targets:
        cell = int(cell)
        if not mask[cell]:
            out.append((cell, vals[cell], vals[cell], vals[cell]))
            continue
        lower, upper = _extremes(a_eq, b_eq, bounds, index[cell])
        out.append((cell, vals[cell], lower + 0.0, upper + 0.0))  # + 0.0: no "-0.0"
    frame = pd.DataFrame(out, columns=["cell", "value", "lower", "upper"])
    frame["width"] = frame["upper"] - frame["lower"]
    return frame


def interval_complements(
    equations: np.ndarray | Sequence[Sequence[float]],
    values: np.ndarray | Sequence[float],
    hidden: np.ndarray | Sequence[bool],
    cost: np.ndarray | Sequence[float],
    *,
    sensitive: np.ndarray | Sequence[bool] | None = None,
    hideable: np.ndarray | Sequence[bool] | None = None,
    protection: float = DEFAULT_PROTECTION,
) -> list[tuple[int, int]]:
    """Return the further cells to hide so that every sensitive cell's feasible interval
    (:func:`interval_audit`) reaches ``[v (1 - protection), v (1 + protection)]`` (methods.md §3).

    ``sensitive`` defaults to the hidden cells. While a sensitive cell falls short, the hideable,
    published, non-zero cell with the smallest ``cost`` sharing an equation with it is hidden,
    preferring one that is enough on its own. Returns ``(position hidden, sensitive position it
    protects)`` pairs; inputs are not modified. A sensitive cell with no such cell left stays short:
    call :func:`interval_audit` on the final pattern when that matters.
    """
    vals = np.asarray(values, dtype=float).reshape(-1)
    mask = np.array(hidden, dtype=bool).reshape(-1)
    matrix = np.asarray(equations, dtype=float).reshape(-1, vals.shape[0])
    priority = np.asarray(cost, dtype=float).reshape(-1)
    targets = mask.copy() if sensitive is None else np.asarray(sensitive, dtype=bool).reshape(-1)
    can_hide = (
        np.ones(len(vals), dtype=bool)
        if hideable is None
        else np.asarray(hideable, dtype=bool).reshape(-1)
    )
    can_hide &= vals != 0  # a hidden zero is pinned by x >= 0 and protects nothing

    def short(trial: np.ndarray, cell: int) -> bool:
        row = interval_audit(matrix, vals, trial, [cell]).iloc[0]
        slack = 1e-7 * max(1.0, abs(vals[cell]))
        return bool(
            row["lower"] > vals[cell] * (1 - protection) + slack
            or row["upper"] < vals[cell] * (1 + protection) - slack
        )

    added: list[tuple[int, int]] = []
    for cell in np.flatnonzero(targets):
        while short(mask, int(cell)):
            rows = _group_of(matrix, mask, int(cell))
            near = (matrix[rows] != 0).any(axis=0) & ~mask & can_hide
            candidates = sorted(np.flatnonzero(near), key=lambda q: (priority[q], q))
            if not candidates:
                break
            choice = candidates[0]
            for q in candidates[:12]:
                trial = mask.copy()
                trial[q] = True
                if not short(trial, int(cell)):
                    choice = q
                    break
            mask[choice] = True
            added.append((int(choice), int(cell)))
    return added


def _extremes(
    a_eq: np.ndarray, b_eq: np.ndarray, bounds: list[tuple[float | None, float | None]], j: int
) -> tuple[float, float]:
    """Return (min, max) of variable ``j`` subject to ``a_eq x = b_eq`` and ``bounds``."""
    n = len(bounds)
    if not len(a_eq) or not a_eq[:, j].any():
        low = bounds[j][0]
        return (-np.inf if low is None else float(low)), np.inf
    ends = []
    for direction in (1.0, -1.0):
        c = np.zeros(n)
        c[j] = direction
        res = linprog(c, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        if res.status == 3:  # unbounded in this direction
            ends.append(-np.inf if direction > 0 else np.inf)
        elif res.status == 0:
            ends.append(float(res.x[j]))
        else:  # published values inconsistent with the equations: no reader inference possible
            ends.append(-np.inf if direction > 0 else np.inf)
    return ends[0], ends[1]


def recoverable_cells(
    table: pd.DataFrame,
    hidden: Iterable[tuple[object, object]],
    *,
    total_labels: Iterable[object] = DEFAULT_TOTAL_LABELS,
    tol: float = AUDIT_TOLERANCE,
) -> set[tuple[object, object]]:
    """Return the hidden cells of a two-way table a reader can work out exactly (full linear audit).

    ``table`` is a wide table as given to :func:`suppress_pivot` (row and/or column margins labelled
    with a total label), ``hidden`` its hidden cells as ``(row label, column label)``. The equations
    are those :func:`suppress_pivot` protects: every row adds up to its total column, every column to
    its total row. Returns the determined hidden cells (see :func:`linear_audit`).
    """
    totals = set(total_labels)
    long = _melt(table, "row", "column", "value")
    keys = long[["row", "column"]]
    sets = _additive_sets(keys, _group_specs(keys, ["row", "column"], None, totals), totals)
    cells = list(zip(long["row"], long["column"], strict=True))
    hidden_set = set(hidden)
    mask = np.array([cell in hidden_set for cell in cells], dtype=bool)
    determined = linear_audit(_set_equations(sets, len(cells)), mask, tol=tol)
    return {cells[pos] for pos in np.flatnonzero(determined)}


# --------------------------------------------------------------------------------------------------
# internals


def _require_columns(frame: pd.DataFrame, cols: Sequence[str], what: str) -> None:
    missing = [c for c in cols if c not in frame.columns]
    if missing:
        raise ValueError(f"{what}: missing columns {missing}; has {list(frame.columns)}")


_LOG_FLOATS = ("lower", "upper", "width")


def _empty_log() -> pd.DataFrame:
    log = pd.DataFrame({c: pd.Series(dtype="string") for c in LOG_COLUMNS})
    log["contributors"] = pd.Series(dtype="Int64")
    for c in _LOG_FLOATS:
        log[c] = pd.Series(dtype="float64")
    return log


def _cell_label(keys: pd.DataFrame, pos: int) -> str:
    return " · ".join(f"{c}={keys.iloc[pos][c]}" for c in keys.columns)


def _key_tuple(frame: pd.DataFrame, cols: Sequence[str], pos: int) -> tuple:
    return tuple(str(frame.iloc[pos][c]) for c in cols)


def _is_total(series: pd.Series, totals: set[object]) -> pd.Series:
    # compare as text so numeric keys and string labels mix without dtype errors
    labels = {str(t) for t in totals}
    return series.astype("string").isin(labels).fillna(False).astype(bool)


def _group_specs(
    keys: pd.DataFrame,
    key_cols: list[str],
    group_cols: Sequence[str] | Sequence[Sequence[str]] | None,
    totals: set[object],
) -> list[list[str]]:
    if group_cols is None:
        return [
            [k for k in key_cols if k != c] for c in key_cols if _is_total(keys[c], totals).any()
        ]
    if len(group_cols) == 0:
        return []
    if all(isinstance(g, str) for g in group_cols):
        return [list(group_cols)]  # type: ignore[arg-type]
    return [list(g) for g in group_cols]  # type: ignore[arg-type]


def _additive_sets(
    keys: pd.DataFrame, specs: list[list[str]], totals: set[object]
) -> list[tuple[list[int], int | None, str]]:
    """Return (part positions, total position or None, description) for every additive set."""
    sets: list[tuple[list[int], int | None, str]] = []
    positions = pd.Series(np.arange(len(keys)), index=keys.index)
    for fixed in specs:
        varying = [c for c in keys.columns if c not in fixed]
        if not varying:
            continue
        total_flags = pd.DataFrame({c: _is_total(keys[c], totals) for c in varying})
        is_total = total_flags.all(axis=1)
        is_part = ~total_flags.any(axis=1)
        grouped = (
            [((), keys.index)]
            if not fixed
            else [(label, part.index) for label, part in keys.groupby(fixed, sort=False)]
        )
        for label, idx in grouped:
            idx = pd.Index(idx)
            parts = positions[idx[is_part[idx].to_numpy()]].tolist()
            total_pos = positions[idx[is_total[idx].to_numpy()]].tolist()
            if not parts:
                continue
            desc_keys = label if isinstance(label, tuple) else (label,)
            desc = " · ".join(f"{c}={v}" for c, v in zip(fixed, desc_keys, strict=False)) or "table"
            sets.append((parts, total_pos[0] if total_pos else None, desc))
    return sets


def _contribution_stats(
    keys: pd.DataFrame,
    contributions: pd.DataFrame,
    key_cols: list[str],
    contributor_col: str,
    contribution_col: str,
    totals: set[object],
    rules: SuppressionRules,
) -> tuple[pd.Series, pd.Series]:
    """Return (contributors with a positive value, share of the n largest) per cell."""
    contrib = contributions[[*key_cols, contributor_col, contribution_col]].copy()
    contrib[contribution_col] = pd.to_numeric(contrib[contribution_col], errors="coerce")
    for c in key_cols:
        contrib[c] = contrib[c].astype("string")
    per_member = contrib.groupby([*key_cols, contributor_col], sort=False, dropna=False)[
        contribution_col
    ].sum(min_count=1)
    per_member = per_member[per_member > 0].reset_index()
    top_n = rules.dominance[0] if rules.dominance is not None else 1
    part_flags = pd.DataFrame({c: _is_total(per_member[c], totals) for c in key_cols})
    part_rows = per_member[~part_flags.any(axis=1).to_numpy()]
    by_cell = {k: g[contribution_col].to_numpy() for k, g in per_member.groupby(key_cols)}

    counts = np.zeros(len(keys), dtype="float64")
    shares = np.full(len(keys), np.nan)
    for pos in range(len(keys)):
        key = tuple(str(v) for v in keys.iloc[pos])
        vals = by_cell.get(key)
        if vals is None:
            total_cols = [c for c, v in zip(key_cols, key, strict=True) if v in map(str, totals)]
            if total_cols:
                # a margin without rows of its own: aggregate its parts per contributor
                sel = np.ones(len(part_rows), dtype=bool)
                for c, v in zip(key_cols, key, strict=True):
                    if c not in total_cols:
                        sel &= (part_rows[c] == v).to_numpy()
                vals = part_rows[sel].groupby(contributor_col)[contribution_col].sum().to_numpy()
            else:
                vals = np.array([])
        counts[pos] = len(vals)
        total = float(np.sum(vals)) if len(vals) else 0.0
        if total > 0:
            shares[pos] = float(np.sort(vals)[::-1][:top_n].sum()) / total
    return pd.Series(counts, index=keys.index), pd.Series(shares, index=keys.index)


def _contributors(state: _TableState, pos: int) -> int | None:
    n = state.counts.iloc[pos]
    return None if pd.isna(n) else int(n)


def _hide(state: _TableState, pos: int, rule: str, detail: str) -> None:
    state.mask[pos] = True
    state.log_rows.append(
        {
            "table": state.table,
            "cell": _cell_label(state.cells[state.key_cols], pos),
            "column": ", ".join(state.value_cols),
            "rule": rule,
            "contributors": _contributors(state, pos),
            "detail": detail,
        }
    )


def _primary(state: _TableState, top_share: pd.Series) -> None:
    rules = state.rules
    for pos in range(len(state.cells)):
        n = state.counts.iloc[pos]
        if pd.isna(n):
            _hide(state, pos, rules.threshold_label, "contributor count unknown")
            continue
        if n < rules.min_count and (n > 0 or rules.suppress_zero):
            _hide(state, pos, rules.threshold_label, f"{int(n)} < {rules.min_count} contributors")
            continue
        share = top_share.iloc[pos]
        if rules.dominance is not None and not pd.isna(share) and share > rules.dominance[1]:
            top_n, limit = rules.dominance
            _hide(
                state,
                pos,
                rules.dominance_label,
                f"{top_n} largest hold more than {limit * 100:g}% of the cell",
            )


def _secondary(state: _TableState) -> None:
    """Hide complements until no additive set has exactly one hidden cell (methods.md §3)."""
    changed = True
    while changed:
        changed = False
        for parts, total, desc in state.sets:
            if total is None:
                continue  # no published total in this set: nothing to subtract from
            members = [*parts, total]
            if int(state.mask[members].sum()) != 1:
                continue
            candidate = _complement(state, parts)
            if candidate is None:
                if not state.mask[total]:
                    _hide(state, total, SECONDARY, f"protects {desc}")
                    changed = True
                continue
            _hide(state, candidate, SECONDARY, f"protects {desc}")
            changed = True


def _cost(state: _TableState, pos: int) -> tuple[int, float, int]:
    """Return the secondary-suppression cost of a cell: cells with contributors first, then the
    smallest ``rank``, then the lower position."""
    n = state.counts.iloc[pos]
    empty = 1 if (not pd.isna(n) and n == 0) else 0  # a known zero protects nothing
    r = state.rank.iloc[pos]
    return (empty, float("inf") if pd.isna(r) else float(r), pos)


def _implied(state: _TableState, pos: int) -> bool:
    """Return True for a cell whose value a reader can infer anyway (zero value, no contributor):
    hiding it protects nothing, so it is never a complement."""
    n = state.counts.iloc[pos]
    value = state.values[pos] if state.values is not None else np.nan
    return (not pd.isna(n) and n == 0) or (not np.isnan(value) and value == 0)


def _complement(state: _TableState, parts: list[int]) -> int | None:
    """Return the unhidden part with the smallest cost that is not implied (zero-valued)."""
    open_parts = [p for p in parts if not state.mask[p] and not _implied(state, p)]
    if not open_parts:
        return None
    return min(open_parts, key=lambda p: _cost(state, p))


def _set_equations(sets: list[tuple[list[int], int | None, str]], n_cells: int) -> np.ndarray:
    """Return one equation (parts minus total) per additive set with a published total."""
    rows = []
    for parts, total, _ in sets:
        if total is None:
            continue  # parts without a total: a reader knows no relation between them
        row = np.zeros(n_cells)
        row[parts] = 1.0
        row[total] = -1.0
        rows.append(row)
    return np.array(rows, dtype=float).reshape(-1, n_cells)


def _audit_step(
    matrix: np.ndarray, mask: np.ndarray, priority: np.ndarray, can_hide: np.ndarray, tol: float
) -> tuple[int, int] | None:
    """Return (cell to hide, determined cell it protects), or None when nothing is determined or
    no hideable cell shares an equation with a determined one."""
    determined = linear_audit(matrix, mask, tol=tol)
    for pos in np.flatnonzero(determined):
        rows = matrix[:, pos] != 0
        sharing = (matrix[rows] != 0).any(axis=0) & ~mask & can_hide
        candidates = np.flatnonzero(sharing)
        if len(candidates):
            return int(candidates[np.argmin(priority[candidates])]), int(pos)
    return None


def _protect(state: _TableState) -> None:
    """Secondary suppression: the one-equation rule, then the linear audit until no hidden cell is
    determined (methods.md §3); each audit choice is followed by the one-equation rule again."""
    _secondary(state)
    n_cells = len(state.cells)
    equations = _set_equations(state.sets, n_cells)
    if not len(equations):
        return
    order = sorted(range(n_cells), key=lambda p: _cost(state, p))
    priority = np.empty(n_cells, dtype=float)
    priority[order] = np.arange(n_cells)
    can_hide = np.array([not _implied(state, p) for p in range(n_cells)], dtype=bool)
    keys = state.cells[state.key_cols]
    while (
        step := _audit_step(equations, state.mask, priority, can_hide, AUDIT_TOLERANCE)
    ) is not None:
        pos, protected = step
        _hide(state, pos, AUDIT, f"protects {_cell_label(keys, protected)} (linear audit)")
        _secondary(state)
    _interval_protect(state, priority, can_hide)


def _additive_equations(state: _TableState) -> np.ndarray:
    """Return the equations whose published values add up (rates and means give none)."""
    equations = _set_equations(state.sets, len(state.cells))
    if state.values is None or not len(equations):
        return equations[:0]
    vals = state.values
    keep = []
    for row in equations:
        used = row != 0
        if np.isnan(vals[used]).any():
            keep.append(False)
            continue
        scale = max(1.0, float(np.abs(vals[used]).max()))
        keep.append(abs(float(row[used] @ vals[used])) <= 1e-9 * scale * used.sum())
    return equations[np.array(keep, dtype=bool)]


def _short_of_protection(
    state: _TableState, equations: np.ndarray, mask: np.ndarray, cell: int
) -> bool:
    """Return True when ``cell``'s feasible interval misses ``[v (1 - p), v (1 + p)]``."""
    assert state.values is not None
    value = state.values[cell]
    p = state.rules.protection
    row = interval_audit(equations, state.values, mask, [cell]).iloc[0]
    slack = 1e-7 * max(1.0, abs(value))
    return bool(row["lower"] > value * (1 - p) + slack or row["upper"] < value * (1 + p) - slack)


def _group_of(equations: np.ndarray, mask: np.ndarray, cell: int) -> np.ndarray:
    """Return the equations linked to ``cell`` through hidden cells (its hidden group)."""
    linked = np.zeros(len(mask), dtype=bool)
    linked[cell] = True
    rows = np.zeros(len(equations), dtype=bool)
    while True:
        touching = (equations[:, linked] != 0).any(axis=1) & ~rows
        if not touching.any():
            return rows
        rows |= touching
        linked |= (equations[rows] != 0).any(axis=0) & mask


def _interval_protect(state: _TableState, priority: np.ndarray, can_hide: np.ndarray) -> None:
    """Hide complements until every sensitive cell's feasible interval reaches its protection
    interval (interval audit, methods.md §3); the one-equation rule runs after each choice."""
    if state.values is None or state.primary is None:
        return
    equations = _additive_equations(state)
    if not len(equations):
        return
    keys = state.cells[state.key_cols]
    sensitive = [int(p) for p in np.flatnonzero(state.primary) if not np.isnan(state.values[p])]
    given_up: set[int] = set()
    while True:
        failing = [
            c
            for c in sensitive
            if c not in given_up and _short_of_protection(state, equations, state.mask, c)
        ]
        if not failing:
            return
        cell = failing[0]
        rows = _group_of(equations, state.mask, cell)
        near = (equations[rows] != 0).any(axis=0) & ~state.mask & can_hide
        candidates = sorted(np.flatnonzero(near), key=lambda q: priority[q])
        if not candidates:
            given_up.add(cell)
            continue
        choice = candidates[0]
        for q in candidates[:12]:  # prefer the cheapest complement that is enough on its own
            trial = state.mask.copy()
            trial[q] = True
            if not _short_of_protection(state, equations, trial, cell):
                choice = q
                break
        p = state.rules.protection
        _hide(
            state,
            int(choice),
            INTERVAL,
            f"protects {_cell_label(keys, cell)} (interval audit, p = {p * 100:g}%)",
        )
        _secondary(state)


def _nullable(series: pd.Series) -> pd.Series:
    if pd.api.types.is_bool_dtype(series):
        return series.astype("boolean")
    if pd.api.types.is_integer_dtype(series):
        return series.astype("Int64")
    if pd.api.types.is_float_dtype(series):
        return series.astype("Float64")
    return series.astype("object")


def _finish(state: _TableState) -> SuppressionResult:
    frame = state.cells.copy()
    mask = pd.Series(state.mask.copy(), index=frame.index, name="suppressed")
    for c in state.value_cols:
        col = _nullable(frame[c])
        frame[c] = col.mask(mask, pd.NA)
    log = pd.DataFrame(state.log_rows, columns=list(LOG_COLUMNS)) if state.log_rows else None
    if log is None:
        log = _empty_log()
    else:
        log = log.astype(
            {c: "string" for c in LOG_COLUMNS if c != "contributors" and c not in _LOG_FLOATS}
        )
        log["contributors"] = log["contributors"].astype("Int64")
        _log_intervals(state, log)
    cells = [(int(p), c) for p in np.flatnonzero(state.mask) for c in state.value_cols]
    if state.wide is not None:
        frame, cells = _widen(state, mask)
    return SuppressionResult(
        frame=frame, log=log, suppressed_cells=cells, mask=mask, rules=state.rules, _state=state
    )


def _log_intervals(state: _TableState, log: pd.DataFrame) -> None:
    """Fill ``lower``, ``upper`` and ``width`` of each logged cell from the interval audit."""
    for c in _LOG_FLOATS:
        log[c] = np.nan
    if state.values is None:
        return
    equations = _additive_equations(state)
    hidden = np.flatnonzero(state.mask)
    if not len(hidden):
        return
    found = interval_audit(equations, state.values, state.mask, hidden).set_index("cell")
    labels = {_cell_label(state.cells[state.key_cols], int(p)): int(p) for p in hidden}
    for i, label in enumerate(log["cell"].tolist()):
        pos = labels.get(label)
        if pos is None:
            continue
        for c in _LOG_FLOATS:
            log.iloc[i, log.columns.get_loc(c)] = float(found.at[pos, c])


def _copy_state(state: _TableState) -> _TableState:
    primary = None if state.primary is None else state.primary.copy()
    return replace(state, mask=state.mask.copy(), log_rows=list(state.log_rows), primary=primary)


def _melt(wide: pd.DataFrame, row_name: str, col_name: str, value_name: str) -> pd.DataFrame:
    long = wide.copy()
    long.index = pd.Index(list(wide.index), name=row_name)
    long.columns = pd.Index(list(wide.columns), name=col_name)
    return long.stack(future_stack=True).rename(value_name).reset_index()


def _widen(state: _TableState, mask: pd.Series) -> tuple[pd.DataFrame, list[tuple[int, str]]]:
    """Return the wide frame of a :func:`suppress_pivot` table with hidden cells set to NA."""
    template = state.wide
    assert template is not None
    n_cols = template.shape[1]
    hidden = mask.to_numpy().reshape(template.shape)  # cells were melted row by row
    wide = template.copy()
    for j, col in enumerate(template.columns):
        wide[col] = _nullable(wide[col]).mask(pd.Series(hidden[:, j], index=wide.index), pd.NA)
    cells = [
        (int(pos // n_cols), str(template.columns[pos % n_cols]))
        for pos in np.flatnonzero(mask.to_numpy())
    ]
    return wide, cells
