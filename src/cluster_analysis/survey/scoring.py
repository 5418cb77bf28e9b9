"""Capacity-gap survey scoring: needs assessment, IPA, box scores, bootstrap, waves, targets.

Formulas: docs/methods.md#capacity-gap-scoring, docs/methods.md#intervals-weights-small-populations
and docs/methods.md#disclosure-control. Every function is pure (input frames are never
changed) and returns a tidy frame; the ``*_method`` function beside each scorer returns a
:class:`ScoringMethod` (method, thresholds, suppression rule) so a report can cite them.

Disclosure (methods.md section 3, threshold rule): every output row whose base n is below
``min_cell`` (default 5) keeps its n but has every statistic set to ``pd.NA`` and ``suppressed=True``.

Input layout shared by :func:`needs_assessment`, :func:`bootstrap_mwds` and :func:`wave_change`:
a long frame with one row per respondent and item and columns ``respondent_id``, ``item``,
``importance``, ``capability`` (numbers 1..scale_max or missing), plus any ``by`` and ``weights``
columns.
"""

from __future__ import annotations

import math
import numbers
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from cluster_analysis.errors import InputError
from cluster_analysis.outputs import Text, text
from cluster_analysis.stats import (
    DEFAULT_SEED,
    mcnemar_test,
    nonresponse_weights,
    rescaled_bootstrap_weights,
    wilcoxon_signed_rank,
    wilson_bounds,
)

__all__ = [
    "GAP_STATUS_LABELS",
    "NON_SUBSTANTIVE_CODES",
    "QUADRANT_LABELS",
    "ResponseRates",
    "ScoringMethod",
    "SurveyInputError",
    "bootstrap_mwds",
    "bootstrap_mwds_method",
    "box_scores",
    "box_scores_method",
    "gap_status",
    "gap_status_rules",
    "importance_performance",
    "importance_performance_method",
    "multi_select_shares",
    "multi_select_shares_method",
    "needs_assessment",
    "needs_assessment_method",
    "response_rates",
    "wave_change",
    "wave_change_method",
]


class SurveyInputError(InputError, ValueError):
    """Bad input to a scoring function; both an :class:`InputError` and a ``ValueError``."""


RESPONDENT = "respondent_id"
ITEM = "item"
IMPORTANCE = "importance"
CAPABILITY = "capability"

#: Quadrant code -> bilingual label (Martilla & James 1977; methods.md section 1).
QUADRANT_LABELS: dict[str, Text] = {
    "concentrate_here": text("Concentrate here", "აქ გაამახვილეთ ყურადღება"),
    "keep_up_the_good_work": text("Keep up the good work", "განაგრძეთ კარგი მუშაობა"),
    "low_priority": text("Low priority", "დაბალი პრიორიტეტი"),
    "possible_overkill": text("Possible overkill", "შესაძლო ზედმეტი ძალისხმევა"),
}

#: Answer codes kept outside every box-score denominator (compared as lower-case text).
NON_SUBSTANTIVE_CODES: dict[str, tuple[str, ...]] = {
    "dont_know": ("dont_know", "don't know", "dk", "do_not_know", "98", "არ ვიცი"),
    "not_applicable": ("not_applicable", "n/a", "na", "99", "არ ეხება"),
}

#: Gap-status code -> bilingual label (see :func:`gap_status`).
GAP_STATUS_LABELS: dict[str, Text] = {
    "closed": text("closed", "აღმოფხვრილია"),
    "narrowing": text("narrowing", "მცირდება"),
    "not_closed": text("not closed", "არ არის აღმოფხვრილი"),
    "widening": text("widening", "იზრდება"),
    "no_data": text("no data", "მონაცემები არ არის"),
}

SUPPRESSION_RULE: Text = text(
    "Rows with fewer than {k} respondents are suppressed (statistics not shown).",
    "{k}-ზე ნაკლები რესპონდენტის მქონე სტრიქონები დაფარულია (სტატისტიკა არ ნაჩვენებია).",
)

_STAT_DTYPE = "Float64"


# --------------------------------------------------------------------------------------------------
# Validation helpers
# --------------------------------------------------------------------------------------------------


def _as_list(columns: str | Sequence[str] | None) -> list[str]:
    if columns is None:
        return []
    if isinstance(columns, str):
        return [columns]
    return list(columns)


def _require_columns(frame: pd.DataFrame, columns: Iterable[str], what: str) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise SurveyInputError(f"{what}: expected a pandas DataFrame, got {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise SurveyInputError(f"{what}: missing column(s) {missing}; found {list(frame.columns)}")


def _numeric_column(series: pd.Series, column: str, what: str) -> pd.Series:
    """Return ``series`` as float (NaN for missing); raise when a present value is not a number."""
    if pd.api.types.is_bool_dtype(series.dtype):
        raise SurveyInputError(
            f"{what}: column '{column}' holds true/false values; expected numbers"
        )
    if pd.api.types.is_numeric_dtype(series.dtype):
        return series.astype(float)
    for label, value in series.items():
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            continue
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise SurveyInputError(
                f"{what}: row {_py(label)!r}, column '{column}': {_py(value)!r} is not a number"
            )
    return pd.to_numeric(series, errors="coerce").astype(float)


def _scale_column(series: pd.Series, column: str, scale_max: int, what: str) -> pd.Series:
    values = _numeric_column(series, column, what)
    bad = values.notna() & ((values < 1) | (values > scale_max))
    if bad.any():
        pos = _first(bad)
        label = series.index[pos]
        raise SurveyInputError(
            f"{what}: row {_py(label)!r}, column '{column}': {values.iloc[pos]:g} is outside the "
            f"answer scale 1..{scale_max}"
        )
    return values


def _py(value: object) -> object:
    """numpy scalar -> plain Python value, so messages read ``row 3`` and not ``np.int64(3)``."""
    return value.item() if isinstance(value, np.generic) else value


def _first(mask: pd.Series) -> int:
    """Position of the first True in ``mask`` (positions, not labels: the index may repeat)."""
    return int(np.argmax(mask.to_numpy(dtype=bool)))


def _check_scale_max(scale_max: int) -> None:
    if not isinstance(scale_max, numbers.Integral) or scale_max < 2:
        raise SurveyInputError(f"scale_max must be a whole number >= 2, got {scale_max!r}")


def _group_codes(columns: Sequence[pd.Series]) -> tuple[np.ndarray, int]:
    """Integer code per row for the combination of ``columns`` and the number of codes: 0, 1, ...
    numbered in order of first appearance, missing values forming a group of their own (as
    ``groupby(..., dropna=False, sort=False).ngroup()``), without building a frame of the keys."""
    if not columns:
        return np.zeros(0, dtype=np.int64), 1
    codes: np.ndarray | None = None
    n_codes = 1
    for column in columns:
        column_codes, n_values = _column_codes(column)
        if codes is None:
            combined = column_codes.astype(np.int64)
        else:
            # in place: a long frame's codes are one int64 per row (320 MB for 40M rows)
            codes *= n_values + 1
            codes += column_codes
            combined = codes
        codes, n_codes = _codes_in_order(combined, n_codes * (n_values + 1))
        del combined
    assert codes is not None
    return codes, n_codes


def _column_codes(column: pd.Series) -> tuple[np.ndarray, int]:
    """(code per row, number of codes): ``0 <= code < n`` for a value, ``n`` for a missing value.

    Any numbering that gives equal values equal codes will do: :func:`_group_codes` renumbers the
    combinations in order of first appearance. A categorical column uses the codes pandas already
    keeps (one or two bytes a row for a few categories), instead of hashing every row with
    ``pd.factorize`` into an int64 copy (40M rows: 320 MB and most of a second).
    """
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes = column.cat.codes.to_numpy()
        n_values = len(column.cat.categories)
    else:
        codes, uniques = pd.factorize(column)
        n_values = len(uniques)
    if (codes < 0).any():  # missing values (-1): the next free code, in a new array
        codes = np.where(codes < 0, n_values, codes)
    return codes, n_values


def _codes_in_order(values: np.ndarray, bound: int) -> tuple[np.ndarray, int]:
    """Renumber integers ``0 <= values < bound`` as 0, 1, ... in order of first appearance."""
    if bound > max(len(values), 1 << 16):
        codes, uniques = pd.factorize(values)  # a hash table when the range is too wide
        return codes.astype(np.int64), len(uniques)
    # a small range: a lookup table of first positions, no hashing
    first = np.full(bound, len(values), dtype=np.int64)
    # in blocks: the positions of 40M rows would be another 320 MB array (minimum: same result)
    for start in range(0, len(values), _BLOCK):
        block = values[start : start + _BLOCK]
        np.minimum.at(first, block, np.arange(start, start + len(block)))
    used = np.flatnonzero(first < len(values))
    used = used[np.argsort(first[used], kind="stable")]
    renumber = np.zeros(bound, dtype=np.int64)
    renumber[used] = np.arange(len(used))
    return renumber[values], len(used)


#: Rows per block where a long-length temporary array is built block by block.
_BLOCK = 1 << 20


def _has_repeats(values: np.ndarray, bound: int) -> bool:
    """Whether any of the integers ``0 <= values < bound`` occurs twice. A table of one byte per
    possible value when that is at most 8 bytes a row (no hash table of every row), else a hash."""
    if bound > 8 * len(values):
        return bool(pd.Series(values).duplicated().any())
    seen = np.zeros(bound, dtype=bool)
    seen[values] = True
    return int(np.count_nonzero(seen)) < len(values)


def _answered_twice(
    key_codes: np.ndarray, respondent_codes: np.ndarray, n_keys: int, n_respondents: int
) -> bool:
    """Whether a (group, item, respondent) code occurs twice: :func:`_has_repeats` of
    ``key_codes * n_respondents + respondent_codes``, with those codes built block by block when
    a table of one byte per possible code is used (no long-length int64 array)."""
    bound = n_keys * n_respondents
    if bound > 8 * len(key_codes):
        return _has_repeats(key_codes * n_respondents + respondent_codes, bound)
    seen = np.zeros(bound, dtype=bool)
    for start in range(0, len(key_codes), _BLOCK):
        stop = start + _BLOCK
        seen[key_codes[start:stop] * n_respondents + respondent_codes[start:stop]] = True
    return int(np.count_nonzero(seen)) < len(key_codes)


def _group_sums(
    codes: np.ndarray, values: np.ndarray, weights: np.ndarray | None, n_groups: int
) -> np.ndarray:
    """sum(w x) per group code; sum(x) without weights (w = 1 exactly: no product is built)."""
    return np.bincount(
        codes, weights=values if weights is None else weights * values, minlength=n_groups
    )


def _first_appearances(codes: np.ndarray) -> np.ndarray:
    """Boolean mask of the rows where a code of :func:`_group_codes` appears for the first time.
    Codes are numbered in order of first appearance, so a row is a first appearance exactly when
    its code exceeds every code before it (the rest are ``duplicated(keep="first")``)."""
    mask = np.ones(len(codes), dtype=bool)
    if len(codes) > 1:
        mask[1:] = codes[1:] > np.maximum.accumulate(codes)[:-1]
    return mask


@dataclass(frozen=True)
class _Answers:
    """Validated answers of a long frame (see :func:`_validated_answers`), one entry per row."""

    key_codes: np.ndarray  # group code of (*by, item), numbered in order of first appearance
    importance: np.ndarray  # float, NaN for missing
    capability: np.ndarray  # float, NaN for missing
    weights: np.ndarray | None  # float >= 0, or None when unweighted


def _validated_answers(
    responses: pd.DataFrame,
    group_cols: list[str],
    weights: str | None,
    scale_max: int,
    what: str = "responses",
) -> _Answers:
    """Check the long answers frame (same checks, order and messages as :func:`_prepare_pairs`)
    and return its answers as arrays, with the group code of ``(*group_cols, item)`` per row."""
    _check_scale_max(scale_max)
    needed = [RESPONDENT, ITEM, IMPORTANCE, CAPABILITY, *group_cols]
    if weights is not None:
        needed.append(weights)
    _require_columns(responses, needed, what)
    respondents, items = responses[RESPONDENT], responses[ITEM]
    missing_id = respondents.isna()
    if missing_id.any():
        label = responses.index[_first(missing_id)]
        raise SurveyInputError(f"{what}: row {_py(label)!r}, column '{RESPONDENT}': missing id")
    missing_item = items.isna()
    if missing_item.any():
        label = responses.index[_first(missing_item)]
        raise SurveyInputError(f"{what}: row {_py(label)!r}, column '{ITEM}': missing item")
    key_codes, n_keys = _group_codes([responses[c] for c in dict.fromkeys([*group_cols, ITEM])])
    # A respondent answering an item twice (within a group), found on integer codes of
    # (group, item, respondent) instead of duplicated() over three key columns; the row is
    # looked up (a hash over the codes) only when there is one.
    respondent_codes, n_respondents = _column_codes(respondents)  # no missing id here
    if _answered_twice(key_codes, respondent_codes, n_keys, n_respondents):
        answer_codes = key_codes * n_respondents + respondent_codes
        pos = int(np.argmax(pd.Series(answer_codes).duplicated().to_numpy()))
        raise SurveyInputError(
            f"{what}: row {_py(responses.index[pos])!r}: respondent "
            f"{_py(respondents.iloc[pos])!r} answered item {_py(items.iloc[pos])!r} more than once"
        )
    del respondent_codes
    importance = _scale_column(responses[IMPORTANCE], IMPORTANCE, scale_max, what)
    capability = _scale_column(responses[CAPABILITY], CAPABILITY, scale_max, what)
    w = None
    if weights is not None:
        w_series = _numeric_column(responses[weights], weights, what)
        bad = w_series.isna() | (w_series < 0) | ~np.isfinite(w_series.fillna(0.0))
        if bad.any():
            label = w_series.index[_first(bad)]
            raise SurveyInputError(
                f"{what}: row {_py(label)!r}, column '{weights}': weight must be a number >= 0"
            )
        w = w_series.to_numpy(dtype=float)
    return _Answers(
        key_codes=key_codes,
        importance=importance.to_numpy(dtype=float),
        capability=capability.to_numpy(dtype=float),
        weights=w,
    )


def _prepare_pairs(
    responses: pd.DataFrame,
    group_cols: list[str],
    weights: str | None,
    scale_max: int,
    what: str = "responses",
) -> pd.DataFrame:
    """Validate the long answers frame; return a new frame with float ``importance``,
    ``capability`` and ``w`` columns (w = 1 without weights)."""
    answers = _validated_answers(responses, group_cols, weights, scale_max, what)
    data = responses[list(dict.fromkeys([*group_cols, RESPONDENT, ITEM]))].copy()
    data[IMPORTANCE] = pd.Series(answers.importance, index=data.index)
    data[CAPABILITY] = pd.Series(answers.capability, index=data.index)
    data["w"] = 1.0 if answers.weights is None else pd.Series(answers.weights, index=data.index)
    return data


def _suppress(
    frame: pd.DataFrame, stat_cols: Sequence[str], base_col: str, min_cell: int
) -> pd.DataFrame:
    """Return ``frame`` with nullable float stats, NA where ``base_col < min_cell``."""
    out = frame.copy()
    suppressed = out[base_col] < min_cell
    for col in stat_cols:
        values = out[col].astype(_STAT_DTYPE)
        out[col] = values.mask(suppressed)
    out["suppressed"] = suppressed.astype(bool)
    return out


def _rank_within(frame: pd.DataFrame, group_cols: list[str], value_col: str) -> pd.Series:
    """Rank ``value_col`` largest first within groups, ties share the lowest rank (method="min")."""
    values = frame[value_col].astype(float)
    if group_cols:
        ranks = values.groupby([frame[c] for c in group_cols], dropna=False, sort=False).rank(
            method="min", ascending=False
        )
    else:
        ranks = values.rank(method="min", ascending=False)
    return ranks.astype("Int64")


@dataclass(frozen=True)
class ScoringMethod:
    """How a score table is computed, for a report to cite: returned by the ``*_method``
    function beside each scorer (e.g. :func:`needs_assessment_method`).

    ``method``: the formula in words (bilingual); ``suppression_rule``: the disclosure rule at
    ``min_cell``; ``details``: what else the scorer declares (``critical_gap_rule``,
    ``rank_ties``, ``n_boot``, ``seed``, ``top_k``, ``centre``, ``waves``, ...).
    """

    method: Text
    min_cell: int | None = None
    suppression_rule: Text | None = None
    scale_max: int | None = None
    confidence: float | None = None
    by: tuple[str, ...] = ()
    weights: str | None = None
    details: dict[str, object] = field(default_factory=dict)


def _declared(
    method: Text,
    *,
    min_cell: int | None = None,
    scale_max: int | None = None,
    confidence: float | None = None,
    by: str | Sequence[str] | None = None,
    weights: str | None = None,
    **details: object,
) -> ScoringMethod:
    return ScoringMethod(
        method=method,
        min_cell=None if min_cell is None else int(min_cell),
        suppression_rule=None
        if min_cell is None
        else text(
            SUPPRESSION_RULE["en"].format(k=min_cell), SUPPRESSION_RULE["ka"].format(k=min_cell)
        ),
        scale_max=None if scale_max is None else int(scale_max),
        confidence=None if confidence is None else float(confidence),
        by=tuple(_as_list(by)),
        weights=weights,
        details=dict(details),
    )


# --------------------------------------------------------------------------------------------------
# Needs assessment (Borich MWDS + critical-gap prevalence)
# --------------------------------------------------------------------------------------------------


def needs_assessment(
    responses: pd.DataFrame,
    *,
    by: str | Sequence[str] | None = None,
    scale_max: int = 5,
    weights: str | None = None,
    min_cell: int = 5,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Score each item's capacity gap: Borich MWDS, rank and critical-gap prevalence.

    Formulas (methods.md section 1): for item k, over the n_k respondents who answered both
    importance I and capability C,

    - ``gap_mean`` = mean(I - C); ``mwds`` = mean(I - C) * mean(I) (Borich 1980), both means over
      the same pairs; weighted means sum(w x)/sum(w) when ``weights`` names a column;
    - ``critical_gap_share`` = share of pairs with I >= scale_max - 1 and C <= 2 (our choice);
      ``critical_gap_low/high`` = Wilson interval at ``confidence`` (methods.md section 2) using
      n_k, or the Kish effective n of the pairs' weights when weighted;
    - ``rank``: 1 = largest MWDS within its ``by`` group; ties share the lowest rank
      (``method="min"``); suppressed rows get no rank.

    Returns one row per item (per ``by`` group; group columns first) with columns ``item``, ``n``,
    ``importance_mean``, ``capability_mean``, ``gap_mean``, ``mwds``, ``rank``,
    ``critical_gap_share``, ``critical_gap_low``, ``critical_gap_high``, ``suppressed``; sorted by
    group, then rank (suppressed last), then item. Rows with n < ``min_cell`` keep n but every
    statistic is NA. :func:`needs_assessment_method` declares the method, the critical-gap
    rule, how ties rank and the suppression rule.

    Raises :class:`SurveyInputError` (a ``ValueError``) for missing columns, answers that are not
    numbers or lie outside 1..scale_max, negative/missing weights, or a respondent answering an
    item twice.
    """
    group_cols = _as_list(by)
    answers = _validated_answers(responses, group_cols, weights, scale_max)
    keys = [*group_cols, ITEM]
    critical_threshold = scale_max - 1

    # One output row per (*by, item) combination present in the input, in order of first
    # appearance; sums over the pairs (both answers present) per group code with np.bincount,
    # so no long-length frame of partial products is built.
    key_codes = answers.key_codes
    first_rows = np.flatnonzero(_first_appearances(key_codes))
    n_groups = len(first_rows)
    both = ~np.isnan(answers.importance) & ~np.isnan(answers.capability)
    # Rows without both answers are counted into one extra group, dropped at the end, instead of
    # copying the codes, answers and weights of the pairs out (three long-length copies: about
    # 1 GB for a million respondents x 40 items). Every kept group sums the same values in the
    # same order as before, so the results are identical.
    codes = key_codes  # this call's own array, not used again: marked in place
    codes[~both] = n_groups
    importance = answers.importance
    capability = answers.capability
    with np.errstate(invalid="ignore"):  # NaN compares False; those rows are in the extra group
        critical = (importance >= critical_threshold) & (capability <= 2)
    n = np.bincount(codes, minlength=n_groups + 1)[:n_groups]
    w = answers.weights

    if w is None:
        sw = n.astype(float)
        sw2 = sw
    else:
        sw = np.bincount(codes, weights=w, minlength=n_groups + 1)[:n_groups]
        sw2 = np.bincount(codes, weights=w**2, minlength=n_groups + 1)[:n_groups]
    swi = _group_sums(codes, importance, w, n_groups + 1)[:n_groups]
    swc = _group_sums(codes, capability, w, n_groups + 1)[:n_groups]
    swg = _group_sums(codes, importance - capability, w, n_groups + 1)[:n_groups]
    swk = _group_sums(codes, critical.astype(float), w, n_groups + 1)[:n_groups]
    del codes, importance, capability, critical, w

    with np.errstate(divide="ignore", invalid="ignore"):
        importance_mean = np.where(sw > 0, swi / sw, np.nan)
        capability_mean = np.where(sw > 0, swc / sw, np.nan)
        gap_mean = np.where(sw > 0, swg / sw, np.nan)
        share = np.where(sw > 0, swk / sw, np.nan)
        # Kish effective n, (sum w)^2 / sum w^2, per item (stats.kish_effective_n, vectorised)
        n_eff = np.where(sw2 > 0, sw**2 / sw2, 0.0)
    low, high = wilson_bounds(share * n_eff, n_eff, confidence)

    result = responses[keys].iloc[first_rows].reset_index(drop=True)
    result.attrs = {}  # whatever the input carried does not describe the scores
    result["n"] = n.astype("int64")
    result["importance_mean"] = importance_mean
    result["capability_mean"] = capability_mean
    result["gap_mean"] = gap_mean
    result["mwds"] = gap_mean * importance_mean
    result["critical_gap_share"] = share
    result["critical_gap_low"] = low
    result["critical_gap_high"] = high
    stat_cols = [
        "importance_mean",
        "capability_mean",
        "gap_mean",
        "mwds",
        "critical_gap_share",
        "critical_gap_low",
        "critical_gap_high",
    ]
    result = _suppress(result, stat_cols, "n", min_cell)
    result["rank"] = _rank_within(result, group_cols, "mwds")
    result = result[[*keys, "n", *stat_cols[:4], "rank", *stat_cols[4:], "suppressed"]]
    result = result.sort_values(
        [*group_cols, "rank", ITEM], na_position="last", kind="stable"
    ).reset_index(drop=True)

    return result


def needs_assessment_method(
    *,
    by: str | Sequence[str] | None = None,
    scale_max: int = 5,
    weights: str | None = None,
    min_cell: int = 5,
    confidence: float = 0.95,
) -> ScoringMethod:
    """Return the declaration of :func:`needs_assessment` with these parameters: the method in
    words, the critical-gap rule and how ties rank (``details``)."""
    critical_threshold = scale_max - 1
    return _declared(
        text(
            "Borich (1980) mean weighted discrepancy score MWDS = mean(I - C) x mean(I) over "
            "respondents who rated both importance I and capability C"
            + ("; weighted means" if weights else "")
            + f"; critical gap = I >= {critical_threshold} and C <= 2 on a 1-{scale_max} scale, "
            f"share with a {confidence:.0%} Wilson interval"
            + (" using the Kish effective n" if weights else ""),
            "ბორიჩის (1980) საშუალო შეწონილი სხვაობის ქულა MWDS = საშუალო(I - C) x საშუალო(I) "
            "იმ რესპონდენტებზე, რომლებმაც შეაფასეს როგორც მნიშვნელობა I, ისე შესაძლებლობა C"
            + ("; შეწონილი საშუალოები" if weights else "")
            + f"; კრიტიკული ხარვეზი = I >= {critical_threshold} და C <= 2 (1-{scale_max} "
            f"სკალა), წილი {confidence:.0%}-იანი ვილსონის ინტერვალით"
            + (" (კიშის ეფექტური n)" if weights else ""),
        ),
        min_cell=min_cell,
        scale_max=scale_max,
        confidence=confidence,
        by=by,
        weights=weights,
        critical_gap_rule=f"importance >= {critical_threshold} and capability <= 2",
        rank_ties="min",
    )


# --------------------------------------------------------------------------------------------------
# Importance-performance analysis
# --------------------------------------------------------------------------------------------------


def _group_cols_of(scores: pd.DataFrame) -> list[str]:
    """Group columns are the ones before ``item`` (the layout :func:`needs_assessment` returns)."""
    _require_columns(scores, [ITEM], "scores")
    return list(scores.columns[: scores.columns.get_loc(ITEM)])


def importance_performance(
    scores: pd.DataFrame,
    *,
    centre: Literal["data", "scale"] = "data",
    scale_max: int | None = None,
) -> pd.DataFrame:
    """Place each item in an importance-performance quadrant (Martilla & James 1977).

    Takes the frame from :func:`needs_assessment`. x = ``capability_mean``, y = ``importance_mean``.
    Cross-hairs (methods.md section 1): ``centre="data"`` puts them at the grand mean of the
    (unsuppressed) item means within each ``by`` group; ``centre="scale"`` at the scale midpoint
    (1 + m)/2. A point on a cross-hair counts as high (>=). Quadrants: high I/low C "Concentrate
    here", high I/high C "Keep up the good work", low I/low C "Low priority", low I/high C
    "Possible overkill".

    Returns group columns, ``item``, ``n``, ``capability_mean``, ``importance_mean``, ``centre``
    (``"data"``/``"scale"``), ``capability_centre``, ``importance_centre``, ``quadrant`` (code,
    see :data:`QUADRANT_LABELS`), ``quadrant_en``, ``quadrant_ka``, ``suppressed``. Suppressed
    items have no quadrant. ``scale_max`` (default 5) places the ``"scale"`` cross-hairs;
    :func:`importance_performance_method` declares the method.
    """
    if centre not in ("data", "scale"):
        raise SurveyInputError(f"centre must be 'data' or 'scale', got {centre!r}")
    group_cols = _group_cols_of(scores)
    _require_columns(scores, ["n", "importance_mean", "capability_mean", "suppressed"], "scores")
    m = scale_max if scale_max is not None else 5
    _check_scale_max(m)
    out = scores[
        [*group_cols, ITEM, "n", "capability_mean", "importance_mean", "suppressed"]
    ].copy()
    x = out["capability_mean"].astype(float)
    y = out["importance_mean"].astype(float)
    usable = ~out["suppressed"].astype(bool) & x.notna() & y.notna()
    if centre == "scale":
        x_centre = pd.Series((1 + m) / 2, index=out.index, dtype=float)
        y_centre = x_centre.copy()
    else:
        xs, ys = x.where(usable), y.where(usable)
        if group_cols:
            grouper = [out[c] for c in group_cols]
            x_centre = xs.groupby(grouper, dropna=False).transform("mean")
            y_centre = ys.groupby(grouper, dropna=False).transform("mean")
        else:
            x_centre = pd.Series(xs.mean(), index=out.index, dtype=float)
            y_centre = pd.Series(ys.mean(), index=out.index, dtype=float)
    high_i = y >= y_centre
    high_c = x >= x_centre
    codes = np.select(
        [high_i & ~high_c, high_i & high_c, ~high_i & ~high_c, ~high_i & high_c],
        list(QUADRANT_LABELS),
        default="",
    )
    quadrant = pd.Series(codes, index=out.index, dtype="string").where(usable)
    out["centre"] = centre
    out["capability_centre"] = x_centre.astype(_STAT_DTYPE)
    out["importance_centre"] = y_centre.astype(_STAT_DTYPE)
    out["quadrant"] = quadrant
    out["quadrant_en"] = quadrant.map({k: v["en"] for k, v in QUADRANT_LABELS.items()})
    out["quadrant_ka"] = quadrant.map({k: v["ka"] for k, v in QUADRANT_LABELS.items()})
    out = out[
        [
            *group_cols,
            ITEM,
            "n",
            "capability_mean",
            "importance_mean",
            "centre",
            "capability_centre",
            "importance_centre",
            "quadrant",
            "quadrant_en",
            "quadrant_ka",
            "suppressed",
        ]
    ]
    return out


def importance_performance_method(
    *, centre: Literal["data", "scale"] = "data", scale_max: int = 5
) -> ScoringMethod:
    """Return the declaration of :func:`importance_performance`: the method in words and the
    centring (``details["centre"]``)."""
    m = scale_max
    return _declared(
        text(
            "Importance-performance analysis (Martilla & James 1977); cross-hairs at "
            + (
                "the grand mean of item means"
                if centre == "data"
                else f"the scale midpoint {(1 + m) / 2:g}"
            ),
            "მნიშვნელობა-შესრულების ანალიზი (მარტილა და ჯეიმსი, 1977); ღერძების გადაკვეთა "
            + (
                "საკითხების საშუალოების საერთო საშუალოზე"
                if centre == "data"
                else f"სკალის შუა წერტილზე {(1 + m) / 2:g}"
            ),
        ),
        scale_max=m,
        centre=centre,
    )


# --------------------------------------------------------------------------------------------------
# Box scores
# --------------------------------------------------------------------------------------------------


def box_scores(
    answers: pd.DataFrame,
    *,
    by: str | Sequence[str] | None = None,
    scale_max: int = 5,
    non_substantive: Mapping[str, Iterable[object]] | None = None,
    min_cell: int = 5,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Top-2-box, bottom-2-box and net score per question (methods.md section 1).

    ``answers`` is long: ``respondent_id``, ``question``, ``answer`` (1..scale_max, a
    non-substantive code, or missing = not asked/skipped) plus any ``by`` columns. Codes in
    ``non_substantive`` (default :data:`NON_SUBSTANTIVE_CODES`: "don't know" and "not applicable",
    compared as lower-case text, so 98/99 also match; plus 9 as "don't know" when scale_max < 9,
    the code the project's XLSForms use) are kept out of every denominator and counted separately.
    Unweighted.

    T2B = share of answers in the top two categories (m-1, m), B2B = share in the bottom two
    (1, 2), NET = T2B - B2B; each share over ``n`` = substantive answers. T2B and B2B carry Wilson
    intervals. Returns group columns, ``question``, ``n``, ``n_dont_know``, ``n_not_applicable``,
    ``share_1`` .. ``share_m`` (every category, for diverging bars), ``top2_share``, ``top2_low``,
    ``top2_high``, ``bottom2_share``, ``bottom2_low``, ``bottom2_high``, ``net``, ``suppressed``;
    sorted by group then net score (largest first). n < ``min_cell`` -> shares NA.
    """
    _check_scale_max(scale_max)
    if scale_max < 4:
        raise SurveyInputError("box scores need a scale of at least 4 points (top-2 and bottom-2)")
    group_cols = _as_list(by)
    _require_columns(answers, [RESPONDENT, "question", "answer", *group_cols], "answers")
    if non_substantive is None:
        codes: Mapping[str, Iterable[object]] = dict(NON_SUBSTANTIVE_CODES)
        if scale_max < 9:  # the project's forms code "don't know" as 9 on 1..5 scales
            codes = {**codes, "dont_know": (*NON_SUBSTANTIVE_CODES["dont_know"], "9")}
    else:
        codes = non_substantive
    raw = answers["answer"]
    as_text = raw.astype("string").str.strip().str.lower()
    kind = pd.Series("", index=answers.index, dtype=object)
    for name, values in codes.items():
        wanted = {str(v).strip().lower() for v in values}
        # "98.0" (a float column) must match "98"
        matched = as_text.isin(wanted) | as_text.str.removesuffix(".0").isin(wanted)
        kind = kind.mask(matched.fillna(False) & (kind == ""), name)
    present = raw.notna()
    numeric = pd.to_numeric(raw.where(kind == ""), errors="coerce")
    bad = (
        present
        & (kind == "")
        & (numeric.isna() | (numeric % 1 != 0) | (numeric < 1) | (numeric > scale_max))
    )
    if bad.any():
        pos = _first(bad)
        raise SurveyInputError(
            f"answers: row {_py(raw.index[pos])!r}, column 'answer': {_py(raw.iloc[pos])!r} is neither a whole number "
            f"1..{scale_max} nor a known don't-know/not-applicable code"
        )
    data = answers[[*group_cols, "question"]].copy()
    data["category"] = numeric
    data["kind"] = kind.where(present, "missing")
    keys = [*group_cols, "question"]
    all_keys = data[keys].drop_duplicates().reset_index(drop=True)
    counts = (
        data[data["kind"] == ""]
        .groupby([*keys, "category"], dropna=False)
        .size()
        .unstack("category", fill_value=0)
        .reindex(columns=[float(k) for k in range(1, scale_max + 1)], fill_value=0)
    )
    counts.columns = [f"share_{k}" for k in range(1, scale_max + 1)]
    counts = counts.reset_index()
    table = all_keys.merge(counts, on=keys, how="left")
    share_cols = [f"share_{k}" for k in range(1, scale_max + 1)]
    table[share_cols] = table[share_cols].fillna(0)
    n = table[share_cols].sum(axis=1).astype("int64")
    extras = {}
    for name in codes:
        counted = data[data["kind"] == name].groupby(keys, dropna=False).size().rename(name)
        extras[name] = all_keys.merge(counted.reset_index(), on=keys, how="left")[name]
    top = table[[f"share_{scale_max - 1}", f"share_{scale_max}"]].sum(axis=1)
    bottom = table[["share_1", "share_2"]].sum(axis=1)
    result = table[keys].copy()
    result["n"] = n
    for name in codes:
        result[f"n_{name}"] = extras[name].fillna(0).astype("int64")
    with np.errstate(divide="ignore", invalid="ignore"):
        nn = n.to_numpy(float)
        for col in share_cols:
            result[col] = np.where(nn > 0, table[col] / nn, np.nan)
        result["top2_share"] = np.where(nn > 0, top / nn, np.nan)
        result["top2_low"], result["top2_high"] = wilson_bounds(top, nn, confidence)
        result["bottom2_share"] = np.where(nn > 0, bottom / nn, np.nan)
        result["bottom2_low"], result["bottom2_high"] = wilson_bounds(bottom, nn, confidence)
    result["net"] = result["top2_share"] - result["bottom2_share"]
    stat_cols = [
        *share_cols,
        "top2_share",
        "top2_low",
        "top2_high",
        "bottom2_share",
        "bottom2_low",
        "bottom2_high",
        "net",
    ]
    result = _suppress(result, stat_cols, "n", min_cell)
    result = result.sort_values(
        [*keys[:-1], "net", "question"],
        ascending=[True] * len(group_cols) + [False, True],
        na_position="last",
        kind="stable",
    ).reset_index(drop=True)
    return result


def box_scores_method(
    *,
    by: str | Sequence[str] | None = None,
    scale_max: int = 5,
    min_cell: int = 5,
    confidence: float = 0.95,
) -> ScoringMethod:
    """Return the declaration of :func:`box_scores`: the method in words and the suppression
    rule."""
    return _declared(
        text(
            f"Top-2-box = share answering {scale_max - 1} or {scale_max}, bottom-2-box = share "
            "answering 1 or 2, net = top-2 minus bottom-2; don't know / not applicable answers are "
            f"outside the base and counted separately; {confidence:.0%} Wilson intervals",
            f"ზედა ორი კატეგორია = {scale_max - 1} ან {scale_max} პასუხის წილი, ქვედა ორი = 1 ან 2 "
            "პასუხის წილი, ნეტო = ზედას და ქვედას სხვაობა; პასუხები „არ ვიცი“ / „არ ეხება“ ბაზაში არ "
            f"შედის და ცალკე ითვლება; {confidence:.0%}-იანი ვილსონის ინტერვალები",
        ),
        min_cell=min_cell,
        scale_max=scale_max,
        confidence=confidence,
        by=by,
    )


# --------------------------------------------------------------------------------------------------
# Multi-select questions
# --------------------------------------------------------------------------------------------------


def multi_select_shares(
    answers: pd.DataFrame,
    *,
    by: str | Sequence[str] | None = None,
    min_cell: int = 5,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Share of respondents choosing each option of a select-multiple question, with Wilson CIs.

    ``answers`` is long: ``respondent_id``, ``question``, ``choice``, ``selected`` (1/0, True/False,
    or missing when the question was not answered), one row per respondent and choice. A respondent
    answered a question when at least one of their ``selected`` values for it is not missing.
    Percentages are of respondents who answered the question, never of selections (methods.md
    section 1), so shares of one question may add to more than 100 %.

    Returns group columns, ``question``, ``choice``, ``n`` (respondents who answered the question),
    ``n_selected``, ``share``, ``share_low``, ``share_high``, ``suppressed`` (n < ``min_cell``).
    """
    group_cols = _as_list(by)
    _require_columns(
        answers, [RESPONDENT, "question", "choice", "selected", *group_cols], "answers"
    )
    raw = answers["selected"]
    if pd.api.types.is_bool_dtype(raw.dtype):
        selected = raw.astype("boolean").astype("Float64").astype(float)
    else:
        selected = pd.to_numeric(
            raw.map(lambda v: float(v) if isinstance(v, bool) else v), errors="coerce"
        ).astype(float)
        bad = raw.notna() & ~selected.isin([0.0, 1.0])
        if bad.any():
            pos = _first(bad)
            raise SurveyInputError(
                f"answers: row {_py(raw.index[pos])!r}, column 'selected': {_py(raw.iloc[pos])!r}; expected 1/0, "
                "True/False or blank"
            )
    data = answers[[*group_cols, RESPONDENT, "question", "choice"]].copy()
    data["selected"] = selected
    qkeys = [*group_cols, "question"]
    answered = (
        data[data["selected"].notna()]
        .groupby(qkeys, dropna=False)[RESPONDENT]
        .nunique()
        .rename("n")
        .reset_index()
    )
    chosen = (
        data[data["selected"] == 1.0]
        .groupby([*qkeys, "choice"], dropna=False)[RESPONDENT]
        .nunique()
        .rename("n_selected")
        .reset_index()
    )
    result = data[[*qkeys, "choice"]].drop_duplicates().reset_index(drop=True)
    result = result.merge(answered, on=qkeys, how="left").merge(
        chosen, on=[*qkeys, "choice"], how="left"
    )
    result["n"] = result["n"].fillna(0).astype("int64")
    result["n_selected"] = result["n_selected"].fillna(0).astype("int64")
    nn = result["n"].to_numpy(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        result["share"] = np.where(nn > 0, result["n_selected"] / nn, np.nan)
    result["share_low"], result["share_high"] = wilson_bounds(result["n_selected"], nn, confidence)
    result = _suppress(result, ["share", "share_low", "share_high"], "n", min_cell)
    return result


def multi_select_shares_method(
    *, by: str | Sequence[str] | None = None, min_cell: int = 5, confidence: float = 0.95
) -> ScoringMethod:
    """Return the declaration of :func:`multi_select_shares`: the method in words and the
    suppression rule."""
    return _declared(
        text(
            "Percent of respondents who answered the question (not of selections), "
            f"{confidence:.0%} Wilson intervals; options may add to more than 100%",
            "კითხვაზე პასუხის გამცემი რესპონდენტების პროცენტი (და არა არჩევანების), "
            f"{confidence:.0%}-იანი ვილსონის ინტერვალები; ჯამი შეიძლება 100%-ს აღემატებოდეს",
        ),
        min_cell=min_cell,
        confidence=confidence,
        by=by,
    )


# --------------------------------------------------------------------------------------------------
# Bootstrap over respondents: MWDS interval and top-k probability
# --------------------------------------------------------------------------------------------------


def bootstrap_mwds(
    responses: pd.DataFrame,
    *,
    by: str | Sequence[str] | None = None,
    scale_max: int = 5,
    weights: str | None = None,
    min_cell: int = 5,
    confidence: float = 0.95,
    n_boot: int = 2000,
    seed: int = DEFAULT_SEED,
    top_k: int = 3,
    population: int | Mapping[object, int] | None = None,
) -> pd.DataFrame:
    """Bootstrap respondents for an MWDS interval per item and P(item in the top ``top_k``).

    methods.md section 1 (rank uncertainty). A finite-population (Rao-Wu rescaled) bootstrap of
    respondents (not answers), ``n_boot`` times (>= 1000) within each ``by`` group with a
    fixed-seed numpy Generator (:func:`cluster_analysis.stats.rescaled_bootstrap_weights`): each
    resample draws n - 1 respondents with replacement and rescales their weights by
    ``lam = sqrt(1 - n / N)``, so the intervals carry the finite population correction of the
    other intervals: none in a census (n = N), narrow at n = N - 1. ``population`` is N (one
    number, or ``{group key: N}`` with ``by``; ``None``: an infinite population, no correction).
    ``scipy.stats.bootstrap`` resamples with replacement only, without this correction. In each
    resample every item's MWDS is recomputed over its answered pairs (weighted when ``weights`` is
    given). ``mwds_low/high`` are the percentiles at ``(1 - confidence) / 2`` and
    ``1 - (1 - confidence) / 2`` of the replicates; ``prob_top_k`` is the share of resamples in which
    the item ranks within the top ``top_k`` (ties: method="min", so a tie for 3rd counts as top 3)
    among the items that are not suppressed in the full data. An item with no pairs in a resample
    does not rank in it.

    Returns the :func:`needs_assessment` keys plus ``n``, ``mwds``, ``mwds_low``, ``mwds_high``,
    ``rank``, ``prob_top_k``, ``suppressed`` (same order as :func:`needs_assessment`).
    :func:`bootstrap_mwds_method` declares ``n_boot``, ``seed``, ``top_k`` and the method.
    """
    if n_boot < 1000:
        raise SurveyInputError(f"n_boot must be at least 1000, got {n_boot}")
    if top_k < 1:
        raise SurveyInputError(f"top_k must be at least 1, got {top_k}")
    group_cols = _as_list(by)
    scores = needs_assessment(
        responses,
        by=group_cols or None,
        scale_max=scale_max,
        weights=weights,
        min_cell=min_cell,
        confidence=confidence,
    )
    data = _prepare_pairs(responses, group_cols, weights, scale_max)
    data = data[data[IMPORTANCE].notna() & data[CAPABILITY].notna()]
    keys = [*group_cols, ITEM]
    alpha = 1.0 - confidence

    pieces = []
    groups = scores.groupby(group_cols, dropna=False, sort=False) if group_cols else [((), scores)]
    for group_key, group_scores in groups:
        items = group_scores.loc[~group_scores["suppressed"], ITEM].tolist()
        if group_cols:
            key_tuple = group_key if isinstance(group_key, tuple) else (group_key,)
            mask = pd.Series(True, index=data.index)
            for col, value in zip(group_cols, key_tuple, strict=True):
                mask &= data[col].isna() if pd.isna(value) else data[col] == value
            group_data = data[mask]
        else:
            group_data = data
        group_data = group_data[group_data[ITEM].isin(items)]
        low = np.full(len(items), np.nan)
        high = np.full(len(items), np.nan)
        prob = np.full(len(items), np.nan)
        if items and len(group_data):
            imp = group_data.pivot(index=RESPONDENT, columns=ITEM, values=IMPORTANCE)
            imp = imp.reindex(columns=items)
            respondents = imp.index
            cap = group_data.pivot(index=RESPONDENT, columns=ITEM, values=CAPABILITY)
            cap = cap.reindex(index=respondents, columns=items)
            wts = group_data.pivot(index=RESPONDENT, columns=ITEM, values="w")
            wts = wts.reindex(index=respondents, columns=items)
            answered = imp.notna().to_numpy() & cap.notna().to_numpy()
            weight = np.where(answered, wts.to_numpy(float), 0.0)
            i_mat = np.where(answered, imp.to_numpy(float), 0.0)
            g_mat = np.where(answered, i_mat - cap.to_numpy(float), 0.0)
            size = _population_of(population, group_key if group_cols else None)
            counts = rescaled_bootstrap_weights(len(respondents), n_boot, seed, population=size)
            sum_w = counts @ weight
            with np.errstate(divide="ignore", invalid="ignore"):
                mean_i = (counts @ (weight * i_mat)) / sum_w
                mean_g = (counts @ (weight * g_mat)) / sum_w
            reps = np.where(sum_w > 0, mean_g * mean_i, np.nan)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN columns stay NaN
                low, high = np.nanquantile(reps, [alpha / 2, 1 - alpha / 2], axis=0)
            filled = np.where(np.isnan(reps), -np.inf, reps)
            # rank (method="min") = 1 + number of items strictly larger in the same resample
            rank = 1 + (filled[:, None, :] > filled[:, :, None]).sum(axis=2)
            prob = ((rank <= top_k) & ~np.isnan(reps)).mean(axis=0)
        piece = pd.DataFrame({ITEM: items, "mwds_low": low, "mwds_high": high, "prob_top_k": prob})
        if group_cols:
            for col, value in zip(group_cols, key_tuple, strict=True):
                piece[col] = value
        pieces.append(piece)

    boot = pd.concat(pieces, ignore_index=True) if pieces else pd.DataFrame(columns=[ITEM])
    if boot.empty:  # no unsuppressed item anywhere: keep key dtypes so the merge below works
        boot = pd.DataFrame(
            {
                **{col: scores[col].iloc[:0] for col in keys},
                "mwds_low": [],
                "mwds_high": [],
                "prob_top_k": [],
            }
        )
    result = scores[[*keys, "n", "mwds", "rank", "suppressed"]].merge(boot, on=keys, how="left")
    for col in ["mwds_low", "mwds_high", "prob_top_k"]:
        result[col] = result[col].astype(_STAT_DTYPE).mask(result["suppressed"])
    result = result[
        [*keys, "n", "mwds", "mwds_low", "mwds_high", "rank", "prob_top_k", "suppressed"]
    ]
    return result


def bootstrap_mwds_method(
    *,
    by: str | Sequence[str] | None = None,
    scale_max: int = 5,
    weights: str | None = None,
    min_cell: int = 5,
    confidence: float = 0.95,
    n_boot: int = 2000,
    seed: int = DEFAULT_SEED,
    top_k: int = 3,
) -> ScoringMethod:
    """Return the declaration of :func:`bootstrap_mwds`: the resampling in words (``method``) and
    ``n_boot``, ``seed``, ``top_k`` (``details``)."""
    return _declared(
        text(
            f"{n_boot} finite-population (Rao-Wu rescaled) bootstrap resamples of respondents "
            f"(seed {seed}); percentile "
            f"{confidence:.0%} interval for MWDS; share of resamples ranking the item in the "
            f"top {top_k}",
            f"რესპონდენტების {n_boot} ბუტსტრეპ ხელახალი შერჩევა სასრული პოპულაციის შესწორებით "
            f"(Rao-Wu; საწყისი რიცხვი, seed: {seed}); MWDS-ის "
            f"{confidence:.0%}-იანი პროცენტილური ინტერვალი; ხელახალი შერჩევების წილი, რომლებშიც "
            f"საკითხი პირველ {top_k}-ეულშია",
        ),
        min_cell=min_cell,
        scale_max=scale_max,
        confidence=confidence,
        by=by,
        weights=weights,
        n_boot=int(n_boot),
        seed=int(seed),
        top_k=int(top_k),
    )


def _population_of(population: int | Mapping[object, int] | None, group_key: object) -> int | None:
    """Return N for one group: the number itself, the group's entry, or None (no correction)."""
    if population is None or isinstance(population, numbers.Integral):
        return None if population is None else int(population)
    key = group_key[0] if isinstance(group_key, tuple) and len(group_key) == 1 else group_key
    size = population.get(key) if isinstance(population, Mapping) else None
    return None if size is None else int(size)


# --------------------------------------------------------------------------------------------------
# Response rate and non-response weights
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResponseRates:
    """Response rates and non-response weights from a member register.

    ``classes``: per-class table from :func:`cluster_analysis.stats.nonresponse_weights`
    (class, N_h, n_h, response_rate, weight, collapsed_into). ``respondent_weights``: one row per
    responding member with the register's member column, ``class`` and ``weight`` (merge it into
    the answers and pass ``weights="weight"``). ``census`` is True when every register member
    answered; then shares are reported without intervals (no sampling error) and ``note`` says so.
    """

    classes: pd.DataFrame
    respondent_weights: pd.DataFrame
    n_members: int
    n_respondents: int
    response_rate: float
    census: bool
    note: Text


def response_rates(
    register: pd.DataFrame,
    respondent_ids: Iterable[object],
    *,
    member_col: str = "member_id",
    class_cols: str | Sequence[str] = "member_type",
    min_class_n: int = 3,
) -> ResponseRates:
    """Response rate per weighting class and weights w_h = N_h / n_h (methods.md section 2).

    ``register`` lists every member once (``member_col`` plus the ``class_cols``; several class
    columns are combined as "a × b"). ``respondent_ids`` are the ids of members who answered
    (repeats are ignored, so a long answers frame's ``respondent_id`` column can be passed).
    Classes with fewer than ``min_class_n`` respondents are collapsed as documented in
    :func:`cluster_analysis.stats.nonresponse_weights`. Raises :class:`SurveyInputError` for a
    duplicated register member, a missing class, or a respondent who is not on the register.
    """
    class_list = _as_list(class_cols)
    _require_columns(register, [member_col, *class_list], "register")
    if register[member_col].duplicated().any():
        pos = _first(register[member_col].duplicated())
        raise SurveyInputError(
            f"register: row {_py(register.index[pos])!r}, column '{member_col}': member "
            f"{_py(register[member_col].iloc[pos])!r} is listed twice"
        )
    missing_class = register[class_list].isna().any(axis=1)
    if missing_class.any():
        label = register.index[_first(missing_class)]
        raise SurveyInputError(
            f"register: row {_py(label)!r}: class column(s) {class_list} missing"
        )
    labels = register[class_list].astype(str).agg(" × ".join, axis=1)
    class_of = dict(zip(register[member_col], labels, strict=True))
    ids = list(dict.fromkeys(i for i in respondent_ids if not pd.isna(i)))
    unknown = [i for i in ids if i not in class_of]
    if unknown:
        raise SurveyInputError(
            f"respondents not on the member register ({len(unknown)}): {[_py(u) for u in unknown[:5]]}"
        )
    classes = nonresponse_weights(labels, [class_of[i] for i in ids], min_class_n=min_class_n)
    weight_of = dict(zip(classes["class"], classes["weight"], strict=True))
    respondent_weights = pd.DataFrame(
        {
            member_col: ids,
            "class": [class_of[i] for i in ids],
            "weight": [weight_of[class_of[i]] for i in ids],
        }
    )
    n_members, n_resp = len(register), len(ids)
    census = n_resp == n_members
    if census:
        note = text(
            "Every member answered (a census): there is no sampling error, so shares are reported "
            "without confidence intervals.",
            "ყველა წევრმა უპასუხა (სრული აღწერა): შერჩევის ცდომილება არ არსებობს, ამიტომ წილები "
            "სანდოობის ინტერვალების გარეშე არის მოცემული.",
        )
    else:
        note = text(
            f"{n_resp} of {n_members} members answered ({n_resp / n_members:.0%}); results are "
            "weighted by member class to correct for non-response.",
            f"{n_members} წევრიდან უპასუხა {n_resp}-მა ({n_resp / n_members:.0%}); შედეგები "
            "შეწონილია წევრების კლასების მიხედვით, რათა გამოსწორდეს პასუხის არგაცემის გავლენა.",
        )
    return ResponseRates(
        classes=classes,
        respondent_weights=respondent_weights,
        n_members=n_members,
        n_respondents=n_resp,
        response_rate=n_resp / n_members if n_members else math.nan,
        census=census,
        note=note,
    )


# --------------------------------------------------------------------------------------------------
# Wave-over-wave change for the same members
# --------------------------------------------------------------------------------------------------


def wave_change(
    before: pd.DataFrame,
    after: pd.DataFrame,
    *,
    scale_max: int = 5,
    min_cell: int = 5,
    before_label: str = "wave 1",
    after_label: str = "wave 2",
) -> pd.DataFrame:
    """Per-item change between two waves for the members who answered the item in both.

    Both frames use the :func:`needs_assessment` input layout. A pair is a member (same
    ``respondent_id``) with both importance and capability for the item in both waves.
    Per item (methods.md section 2, paired):

    - ``gap_mean_before/after`` = mean(I - C) over the pairs; ``gap_change_mean`` = mean of each
      member's (gap_after - gap_before); ``wilcoxon_p`` = Wilcoxon signed-rank test of the per-member
      gap change (NaN when no member's gap changed);
    - ``mwds_before/after`` = Borich MWDS over the same pairs;
    - ``critical_gap_share_before/after`` = share with I >= m-1 and C <= 2; ``mcnemar_p`` = McNemar
      test on those yes/no answers (``mcnemar_exact`` True when the exact binomial was used,
      i.e. fewer than 25 discordant pairs).

    Returns ``item``, ``n_pairs``, the columns above and ``suppressed`` (n_pairs < ``min_cell``:
    every statistic NA). Unweighted. :func:`wave_change_method` declares the tests.
    """
    first = _prepare_pairs(before, [], None, scale_max, "before")
    second = _prepare_pairs(after, [], None, scale_max, "after")
    cols = [RESPONDENT, ITEM, IMPORTANCE, CAPABILITY]
    first = first.loc[first[IMPORTANCE].notna() & first[CAPABILITY].notna(), cols]
    second = second.loc[second[IMPORTANCE].notna() & second[CAPABILITY].notna(), cols]
    pairs = first.merge(second, on=[RESPONDENT, ITEM], suffixes=("_b", "_a"))
    threshold = scale_max - 1
    pairs["gap_b"] = pairs[f"{IMPORTANCE}_b"] - pairs[f"{CAPABILITY}_b"]
    pairs["gap_a"] = pairs[f"{IMPORTANCE}_a"] - pairs[f"{CAPABILITY}_a"]
    pairs["crit_b"] = (pairs[f"{IMPORTANCE}_b"] >= threshold) & (pairs[f"{CAPABILITY}_b"] <= 2)
    pairs["crit_a"] = (pairs[f"{IMPORTANCE}_a"] >= threshold) & (pairs[f"{CAPABILITY}_a"] <= 2)

    items = list(dict.fromkeys([*first[ITEM].tolist(), *second[ITEM].tolist()]))
    rows = []
    grouped = dict(tuple(pairs.groupby(ITEM, sort=False)))
    for item in items:
        p = grouped.get(item)
        if p is None or p.empty:
            rows.append({ITEM: item, "n_pairs": 0})
            continue
        wil = wilcoxon_signed_rank(p["gap_b"], p["gap_a"])
        closed = int((p["crit_b"] & ~p["crit_a"]).sum())
        opened = int((~p["crit_b"] & p["crit_a"]).sum())
        mc = mcnemar_test(closed, opened)
        rows.append(
            {
                ITEM: item,
                "n_pairs": len(p),
                "gap_mean_before": p["gap_b"].mean(),
                "gap_mean_after": p["gap_a"].mean(),
                "gap_change_mean": (p["gap_a"] - p["gap_b"]).mean(),
                "wilcoxon_p": wil.p_value,
                "mwds_before": p["gap_b"].mean() * p[f"{IMPORTANCE}_b"].mean(),
                "mwds_after": p["gap_a"].mean() * p[f"{IMPORTANCE}_a"].mean(),
                "critical_gap_share_before": p["crit_b"].mean(),
                "critical_gap_share_after": p["crit_a"].mean(),
                "mcnemar_p": mc.p_value,
                "mcnemar_exact": mc.exact,
            }
        )
    stat_cols = [
        "gap_mean_before",
        "gap_mean_after",
        "gap_change_mean",
        "wilcoxon_p",
        "mwds_before",
        "mwds_after",
        "critical_gap_share_before",
        "critical_gap_share_after",
        "mcnemar_p",
    ]
    result = pd.DataFrame(rows, columns=[ITEM, "n_pairs", *stat_cols, "mcnemar_exact"])
    result["n_pairs"] = result["n_pairs"].astype("int64")
    result = _suppress(result, stat_cols, "n_pairs", min_cell)
    result["mcnemar_exact"] = result["mcnemar_exact"].astype("boolean").mask(result["suppressed"])
    return result


def wave_change_method(
    *,
    scale_max: int = 5,
    min_cell: int = 5,
    before_label: str = "wave 1",
    after_label: str = "wave 2",
) -> ScoringMethod:
    """Return the declaration of :func:`wave_change`: the tests in words, the waves compared and
    the critical-gap rule (``details``)."""
    threshold = scale_max - 1
    return _declared(
        text(
            "Same members in both waves: Wilcoxon signed-rank test on each member's gap change "
            "(I - C); McNemar test on critical gap yes/no (exact binomial below 25 discordant "
            "pairs)",
            "ორივე ტალღაში მონაწილე იგივე წევრები: ვილკოქსონის ნიშნიანი რანგების ტესტი თითოეული "
            "წევრის ხარვეზის (I - C) ცვლილებაზე; მაკნემარის ტესტი კრიტიკულ ხარვეზზე (კი/არა; "
            "ზუსტი ბინომური ტესტი, თუ შეუთანხმებელი წყვილები 25-ზე ნაკლებია)",
        ),
        min_cell=min_cell,
        scale_max=scale_max,
        waves=(before_label, after_label),
        critical_gap_rule=f"importance >= {threshold} and capability <= 2",
    )


# --------------------------------------------------------------------------------------------------
# Gap status against declared targets
# --------------------------------------------------------------------------------------------------

_LOWER_IS_BETTER = {"critical_gap_share", "mwds", "gap_mean", "bottom2_share"}
_HIGHER_IS_BETTER = {"capability_mean", "top2_share", "net"}


def gap_status(
    targets: pd.DataFrame,
    current: pd.DataFrame,
    *,
    baseline: pd.DataFrame | None = None,
    metric: str = "critical_gap_share",
    by: str | Sequence[str] | None = None,
    tolerance: float = 0.0,
    direction: Literal["lower", "higher"] | None = None,
) -> pd.DataFrame:
    """Compare each item's current score with its declared target: closed / narrowing / ...

    ``targets`` has ``item`` and ``target`` (and optionally ``metric`` per row, overriding the
    ``metric`` argument, and the ``by`` columns). ``current`` and optional ``baseline`` are
    scoring outputs (e.g. :func:`needs_assessment` for two waves) holding the metric column.

    Rules (declared; for "lower is better" metrics such as critical_gap_share, mwds, gap_mean;
    mirrored for capability_mean, top2_share, net or ``direction="higher"``), checked in order:

    1. ``no_data``: the item is missing from ``current``, suppressed, or its value is NA;
    2. ``closed``: current <= target;
    3. ``widening``: a baseline value exists and current > baseline + ``tolerance``;
    4. ``narrowing``: a baseline value exists and current < baseline - ``tolerance``;
    5. ``not_closed``: otherwise (also when there is no baseline).

    Returns the keys, ``metric``, ``target``, ``baseline``, ``current``, ``status`` (code, see
    :data:`GAP_STATUS_LABELS`), ``status_en``, ``status_ka``.
    """
    keys = [*_as_list(by), ITEM]
    _require_columns(targets, [*keys, "target"], "targets")
    _require_columns(current, keys, "current")
    if baseline is not None:
        _require_columns(baseline, keys, "baseline")
    for name, frame in (("current", current), ("baseline", baseline), ("targets", targets)):
        if frame is None:
            continue
        extra_keys = ["metric"] if name == "targets" and "metric" in frame.columns else []
        if frame.duplicated([*keys, *extra_keys]).any():
            raise SurveyInputError(
                f"{name}: several rows for the same {[*keys, *extra_keys]}; pass by=[...] with "
                "the group columns of grouped scores"
            )
    target_values = _numeric_column(targets["target"], "target", "targets")
    tmetric = (
        targets["metric"].astype(str)
        if "metric" in targets.columns
        else pd.Series(metric, index=targets.index)
    )

    def lookup(frame: pd.DataFrame | None, name: str) -> pd.DataFrame:
        if frame is None or name not in frame.columns:
            return pd.DataFrame(columns=[*keys, "value"])
        values = frame[name].astype(float)
        if "suppressed" in frame.columns:
            values = values.mask(frame["suppressed"].astype(bool))
        return frame[keys].assign(value=values)

    pieces = []
    for name in dict.fromkeys(tmetric):
        if direction is not None:
            lower = direction == "lower"
        elif name in _LOWER_IS_BETTER:
            lower = True
        elif name in _HIGHER_IS_BETTER:
            lower = False
        else:
            raise SurveyInputError(
                f"metric {name!r}: say whether lower or higher is better (direction=...)"
            )
        if name not in current.columns:
            raise SurveyInputError(f"current scores have no column {name!r}")
        part = targets.loc[tmetric == name, keys].copy()
        part["metric"] = name
        part["target"] = target_values[tmetric == name]
        part = part.merge(
            lookup(current, name).rename(columns={"value": "current"}), on=keys, how="left"
        )
        part = part.merge(
            lookup(baseline, name).rename(columns={"value": "baseline"}), on=keys, how="left"
        )
        sign = 1.0 if lower else -1.0  # compare on a "lower is better" scale
        cur = sign * part["current"].astype(float)
        tgt = sign * part["target"].astype(float)
        base = sign * part["baseline"].astype(float)
        status = np.select(
            [
                cur.isna(),
                cur <= tgt,
                base.notna() & (cur > base + tolerance),
                base.notna() & (cur < base - tolerance),
            ],
            ["no_data", "closed", "widening", "narrowing"],
            default="not_closed",
        )
        part["status"] = status
        pieces.append(part)
    out = pd.concat(pieces, ignore_index=True)
    out = out[[*keys, "metric", "target", "baseline", "current", "status"]]
    for col in ["target", "baseline", "current"]:
        out[col] = out[col].astype(_STAT_DTYPE)
    out["status"] = out["status"].astype("string")
    out["status_en"] = out["status"].map({k: v["en"] for k, v in GAP_STATUS_LABELS.items()})
    out["status_ka"] = out["status"].map({k: v["ka"] for k, v in GAP_STATUS_LABELS.items()})
    return out


def gap_status_rules(tolerance: float = 0.0) -> Text:
    """Return :func:`gap_status`' rules in words for ``tolerance``, for a report to cite."""
    return text(
        "no data: missing or suppressed; closed: at or better than target; widening / narrowing: "
        f"worse / better than the baseline by more than {tolerance:g}; otherwise not closed",
        "მონაცემები არ არის: აკლია ან დაფარულია; აღმოფხვრილია: მიზნობრივ მნიშვნელობას მიაღწია ან "
        f"გადააჭარბა; იზრდება / მცირდება: საბაზისოზე უარესია / უკეთესია {tolerance:g}-ზე მეტით; "
        "სხვა შემთხვევაში არ არის აღმოფხვრილი",
    )
