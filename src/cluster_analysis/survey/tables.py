"""The survey's processed tables: one pure function per table, named after the table it returns.

Parameters are named after the tables they take (``survey_register``, ``survey_responses``,
``survey_capacity_long``, ...); nothing here reads or writes a file or touches the run context. The
table declarations (audience, primary key, title, columns) are in ``metadata.yaml`` beside this
module; the formulas are in ``docs/methods.md`` (#capacity-gap-scoring,
#intervals-weights-small-populations, #disclosure-control).

Scoring is done once per wave by :func:`scored_waves` (an intermediate, not written); the published
tables (needs_assessment, mwds_bootstrap, needs_by_member_type, gap_by_dimension_member_type,
box_scores, multi_select_shares, wave_change, gap_status) are stacked from it.

Repeat groups: each wave's valid repeat rows become :func:`survey_repeat_answers` (every answer,
long, linked to its submission) and :func:`survey_repeat_summary` (per submission: count, any,
all, sum), both office only; the capacity scoring reads the main table only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from cluster_analysis.disclosure import SuppressionResult, SuppressionRules, suppress_table
from cluster_analysis.numbers import period_labels
from cluster_analysis.outputs import Text, pick, text
from cluster_analysis.stats import fpc_effective_n, wilson_bounds
from cluster_analysis.survey import scoring
from cluster_analysis.survey.exports import to_long_capacity
from cluster_analysis.survey.forms import Form
from cluster_analysis.survey.register import WaveFrame, public_register, wave_frame
from cluster_analysis.survey.repeats import repeat_long, summarise_repeat

MEMBER_COLUMN = "member_id"
#: The "every respondent" group of the by-member-type tables.
ALL = "All"
#: Member types in display order (the register's codes), then ``All``.
MEMBER_TYPES = ("packaging_maker", "packaging_user", "service_provider", "other", ALL)
#: Bootstrap resamples of respondents for MWDS intervals (docs/methods.md#capacity-gap-scoring).
N_BOOT = 2000
#: Classes (member type x size) with fewer respondents are collapsed for the weights.
MIN_CLASS_N = 3

STAT_COLUMNS = [
    "importance_mean",
    "capability_mean",
    "gap_mean",
    "mwds",
    "rank",
    "critical_gap_share",
    "critical_gap_low",
    "critical_gap_high",
]
_QUADRANT_COLUMNS = [
    "centre",
    "capability_centre",
    "importance_centre",
    "quadrant",
    "quadrant_en",
    "quadrant_ka",
]


@dataclass(frozen=True)
class Wave:
    """A survey wave as the tables need it: its id and its reporting period (``period_ka``: the
    Georgian label a user gave in waves.csv, if any)."""

    wave: str
    period: str
    period_ka: str | None = None

    @property
    def label(self) -> Text:
        """The period in both languages (:func:`cluster_analysis.numbers.period_labels`)."""
        return period_labels(self.period, self.period_ka)


def periods_text(waves: Iterable[Wave], separator: str = ", ") -> Text:
    """The waves' periods in both languages, joined ("2025 H2, 2026 H2" and its Georgian)."""
    labels = [w.label for w in waves]
    return {lang: separator.join(label[lang] for label in labels) for lang in ("en", "ka")}


@dataclass(frozen=True)
class ScoringParams:
    """Settings of the scorers: top of the answer scale, smallest published cell, bootstrap."""

    scale_max: int
    min_cell: int
    seed: int
    n_boot: int = N_BOOT


@dataclass
class WaveScores:
    """One wave's scores (scorer output, wave columns not added yet)."""

    wave: Wave
    n: int  # respondents with a capacity answer
    census: bool  # every member of the wave's frame answered
    scores: pd.DataFrame  # needs_assessment with the finite-population interval
    boot: pd.DataFrame  # bootstrap_mwds (no interval for a census)
    by_type: pd.DataFrame  # needs_assessment by member type, plus the "All" rows
    dimensions: pd.DataFrame  # the same by dimension (empty without dimensions)
    box: pd.DataFrame  # box_scores by role
    shares: pd.DataFrame  # multi_select_shares (empty without select_multiple questions)
    frame: WaveFrame | None = None  # the members the wave is drawn from (N)

    @property
    def n_members(self) -> int:
        """N: the members of the wave's frame (docs/methods.md#the-frame-of-a-wave)."""
        return self.frame.size if self.frame is not None else self.n


@dataclass
class Suppressed:
    """A disclosure-controlled table: the frame (with its ``suppressed`` column) and the check."""

    frame: pd.DataFrame
    check: SuppressionResult | None


# --------------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------------


def parquet_ready(frame: pd.DataFrame) -> pd.DataFrame:
    """Object columns (mixed numbers and text) as nullable strings, so parquet can hold them."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object:
            out[column] = (
                out[column]
                .map(
                    lambda v: (
                        None
                        if v is None or v is pd.NA or (isinstance(v, float) and v != v)
                        else str(v)
                    )
                )
                .astype("string")
            )
    out.attrs = {}
    return out


def _stack(frames: Iterable[pd.DataFrame]) -> pd.DataFrame:
    kept = [f for f in frames if len(f)]
    if not kept:
        return pd.DataFrame()
    out = pd.concat(kept, ignore_index=True)
    out.attrs = {}
    return out


def _published(
    frame: pd.DataFrame, wave: Wave, *, labels: dict[str, Text] | None = None, key: str = "item"
) -> pd.DataFrame:
    """The scoring frame with ``wave``, ``period`` and ``period_ka`` (the period in Georgian)
    first and bilingual labels after ``key``."""
    out = frame.copy()
    out.insert(0, "period_ka", wave.label["ka"])
    out.insert(0, "period", wave.period)
    out.insert(0, "wave", wave.wave)
    if labels is not None and key in out.columns:
        position = out.columns.get_loc(key) + 1
        out.insert(position, f"{key}_ka", out[key].map(lambda k: pick(labels.get(k), "ka")))
        out.insert(position, f"{key}_en", out[key].map(lambda k: pick(labels.get(k), "en")))
    out.attrs = {}
    return out


def item_labels(survey_capacity_items: pd.DataFrame) -> dict[str, Text]:
    """``{item: {"en", "ka"}}`` from the form's capacity items."""
    return {
        r["item"]: text(r["label_en"], r["label_ka"]) for _, r in survey_capacity_items.iterrows()
    }


def dimension_labels(survey_capacity_items: pd.DataFrame) -> dict[str, Text]:
    """``{dimension: {"en", "ka"}}`` from the form's capacity items."""
    return {
        r["dimension"]: text(r["dimension_en"], r["dimension_ka"])
        for _, r in survey_capacity_items.iterrows()
        if r["dimension"] is not None
    }


def scale_max(survey_capacity_items: pd.DataFrame) -> int:
    """Top of the answer scale (5 when the form tags no item)."""
    return int(survey_capacity_items["scale_max"].max()) if len(survey_capacity_items) else 5


# --------------------------------------------------------------------------------------------------
# Ingested tables
# --------------------------------------------------------------------------------------------------


def survey_register(register: pd.DataFrame) -> pd.DataFrame:
    """The valid register rows without names and contacts (id, member type, size class, region)."""
    return public_register(register)


def survey_responses(wave_responses: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """The valid answers of every wave, stacked (wide; one row per submission)."""
    frames = []
    for frame in wave_responses:
        part = frame.copy()
        part.attrs = {}
        frames.append(part)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


#: Columns of :func:`survey_repeat_answers`, in order.
REPEAT_ANSWER_COLUMNS = [
    "wave",
    "repeat",
    "submission_uuid",
    "parent_table",
    "parent_index",
    "repeat_index",
    "sheet_row",
    "question",
    "answer",
]


def survey_repeat_answers(
    wave_repeats: Mapping[str, Mapping[str, pd.DataFrame]], form: Form
) -> pd.DataFrame:
    """Every answer of every valid repeat row of every wave, one row per answer (long):
    ``wave, repeat, submission_uuid, parent_table, parent_index, repeat_index`` (KoboToolbox's
    ``_index``), ``sheet_row`` (the row of the repeat sheet staff see), ``question, answer``
    (text; blank answers left out). ``wave_repeats``: ``{wave: {repeat: valid rows}}``."""
    parts = []
    for wave, repeats in wave_repeats.items():
        long = repeat_long(dict(repeats), form)
        if len(long):
            parts.append(long.assign(wave=wave))
    if not parts:
        return pd.DataFrame(
            {
                c: pd.Series(dtype="Int64" if "index" in c or c == "sheet_row" else "string")
                for c in REPEAT_ANSWER_COLUMNS
            }
        )
    out = pd.concat(parts, ignore_index=True).rename(
        columns={"index": "repeat_index", "row": "sheet_row", "value": "answer"}
    )
    out["wave"] = out["wave"].astype("string")
    out["repeat"] = out["repeat"].astype("string")
    return out[REPEAT_ANSWER_COLUMNS].reset_index(drop=True)


def _summary_columns(form: Form, repeat: str, table: pd.DataFrame) -> list[str]:
    """The repeat's questions a per-submission any/all/sum makes sense for: numbers, and
    single choices whose choices are all yes/no words."""
    questions = form.questions.set_index("name")
    yes_no = {"yes", "no", "1", "0", "true", "false", "y", "n"}
    picked = []
    for name in form.repeat_questions(repeat):
        if name not in table.columns or name not in questions.index:
            continue
        qtype, list_name = questions.at[name, "type"], questions.at[name, "list_name"]
        if qtype in {"integer", "decimal", "range"}:
            picked.append(name)
        elif qtype == "select_one" and isinstance(list_name, str):
            names = {str(c).lower() for c in form.choice_names(list_name)}
            if names and names <= yes_no:
                picked.append(name)
    return picked


def survey_repeat_summary(
    wave_repeats: Mapping[str, Mapping[str, pd.DataFrame]],
    survey_responses: pd.DataFrame,
    form: Form,
) -> pd.DataFrame:
    """Per wave, repeat group and valid submission: ``count`` of its valid repeat rows (0 when
    none) and, for the repeat's numeric and yes/no questions, ``<question>_any``,
    ``<question>_all`` (NA without an answer) and ``<question>_sum`` (0 without an answer), for the
    scoring layer. Columns: ``wave, repeat, submission_uuid, count, ...``."""
    parts = []
    for wave, repeats in wave_repeats.items():
        mask = survey_responses["wave"].astype(str) == str(wave)
        submissions = survey_responses.loc[mask, "_uuid"].dropna().astype(str)
        for repeat, table in repeats.items():
            if "_submission__uuid" not in table.columns:
                continue
            columns = _summary_columns(form, repeat, table)
            summary = summarise_repeat(table, columns, submissions=submissions)
            summary = summary.rename(columns={"_submission__uuid": "submission_uuid"})
            summary.insert(0, "repeat", repeat)
            summary.insert(0, "wave", str(wave))
            parts.append(summary)
    if not parts:
        return pd.DataFrame(
            {
                "wave": pd.Series(dtype="string"),
                "repeat": pd.Series(dtype="string"),
                "submission_uuid": pd.Series(dtype="string"),
                "count": pd.Series(dtype="Int64"),
            }
        )
    out = pd.concat(parts, ignore_index=True)
    for column in ("wave", "repeat", "submission_uuid"):
        out[column] = out[column].astype("string")
    return out


def survey_cleaning_log(wave_cleaning_logs: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Every cleaning-log entry of every wave with its outcome (applied / reported)."""
    return _stack(wave_cleaning_logs)


def survey_capacity_items(form: Form) -> pd.DataFrame:
    """The form's capacity items: item, dimension, questions, scale and bilingual labels."""
    return form.capacity_items()


def wave_ids(survey_responses: pd.DataFrame, wave: str) -> pd.Series:
    """The member ids of a wave's respondents (as text; empty without answers)."""
    if survey_responses.empty or "wave" not in survey_responses.columns:
        return pd.Series(dtype="string")
    return survey_responses.loc[survey_responses["wave"] == wave, MEMBER_COLUMN].astype(str)


def wave_frames(
    survey_register: pd.DataFrame, survey_responses: pd.DataFrame, waves: Sequence[Wave]
) -> dict[str, WaveFrame]:
    """Per wave id, its frame: the members on the register at the end of the wave's year and its
    respondents (:func:`cluster_analysis.survey.register.wave_frame`,
    docs/methods.md#the-frame-of-a-wave)."""
    return {
        w.wave: wave_frame(survey_register, w.wave, wave_ids(survey_responses, w.wave))
        for w in waves
    }


def _wave_rates(
    survey_register: pd.DataFrame, survey_responses: pd.DataFrame, waves: Sequence[Wave]
) -> list[tuple[Wave, scoring.ResponseRates]]:
    out = []
    frames = wave_frames(survey_register, survey_responses, waves)
    for wave in waves:
        ids = wave_ids(survey_responses, wave.wave)
        if not len(ids):
            continue
        rates = scoring.response_rates(
            frames[wave.wave].register,
            ids.tolist(),
            class_cols=["member_type", "size_class"],
            min_class_n=MIN_CLASS_N,
        )
        out.append((wave, rates))
    return out


def response_rates(
    survey_register: pd.DataFrame, survey_responses: pd.DataFrame, waves: Sequence[Wave]
) -> pd.DataFrame | None:
    """Response rate and non-response weight per class (member type x size class) and wave
    (docs/methods.md#intervals-weights-small-populations), N counted in the wave's frame
    (docs/methods.md#the-frame-of-a-wave); None when no wave has answers."""
    tables = [
        rates.classes.assign(wave=wave.wave, period=wave.period)
        for wave, rates in _wave_rates(survey_register, survey_responses, waves)
    ]
    return pd.concat(tables, ignore_index=True) if tables else None


def respondent_weights(
    survey_register: pd.DataFrame, survey_responses: pd.DataFrame, waves: Sequence[Wave]
) -> pd.DataFrame | None:
    """``respondent_id, weight_class, weight, wave``: each respondent's non-response weight
    N_h / n_h, N_h counted in the wave's frame (docs/methods.md#the-frame-of-a-wave)."""
    weights = [
        rates.respondent_weights.rename(
            columns={"member_id": "respondent_id", "class": "weight_class"}
        ).assign(wave=wave.wave)
        for wave, rates in _wave_rates(survey_register, survey_responses, waves)
    ]
    return pd.concat(weights, ignore_index=True) if weights else None


def survey_capacity_long(
    survey_responses: pd.DataFrame,
    form: Form,
    survey_register: pd.DataFrame,
    respondent_weights: pd.DataFrame | None,
) -> pd.DataFrame:
    """The scorers' input: one row per respondent, wave and item (importance, capability, "don't
    know" flags), with the member's class and non-response weight (1.0 without rates). Not yet
    checked: the pipeline validates it with quarantine before writing."""
    long = to_long_capacity(survey_responses, form, id_column=MEMBER_COLUMN)
    long = long.merge(
        survey_register, left_on="respondent_id", right_on="member_id", how="left"
    ).drop(columns="member_id")
    if respondent_weights is None:
        return long.assign(weight=1.0)
    return long.merge(respondent_weights, on=["respondent_id", "wave"], how="left")


# --------------------------------------------------------------------------------------------------
# Inputs of the scorers
# --------------------------------------------------------------------------------------------------


def without_dont_know(long: pd.DataFrame, scale_max: int) -> pd.DataFrame:
    """Answers for needs_assessment / bootstrap_mwds / wave_change: "don't know" (flagged, or a
    code 9 left on a 1..m scale) becomes missing, since those scorers refuse values off the scale."""
    out = long.copy()
    for role in ("importance", "capability"):
        values = pd.to_numeric(out[role], errors="coerce").astype("Float64")
        off_scale = values.notna() & ((values < 1) | (values > scale_max))
        flag = out.get(f"{role}_dont_know")
        dont_know = (
            flag.astype("boolean").fillna(False).astype(bool)
            if flag is not None
            else pd.Series(False, index=out.index)
        )
        out[role] = values.mask(off_scale | dont_know).astype("Float64")
    return out


def box_answers(long: pd.DataFrame, dont_know_code: int = 9) -> pd.DataFrame:
    """Long answers for :func:`box_scores`: one row per respondent, item and role (importance,
    capability), with "don't know" kept as its code so it is counted outside the base."""
    parts = []
    for role in ("importance", "capability"):
        answer = pd.to_numeric(long[role], errors="coerce").astype("Float64")
        flag = long.get(f"{role}_dont_know")
        if flag is not None:
            answer = answer.mask(flag.astype("boolean").fillna(False).astype(bool), dont_know_code)
        parts.append(
            pd.DataFrame(
                {
                    "respondent_id": long["respondent_id"].to_numpy(),
                    "role": role,
                    "question": long["item"].to_numpy(),
                    "answer": answer.to_numpy(),
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def multi_select_answers(survey_responses: pd.DataFrame, form: Form) -> pd.DataFrame:
    """Long 0/1 answers of every select_multiple question (``respondent_id, wave, question,
    choice, selected``; selected missing when the member skipped the question)."""
    columns = ["respondent_id", "wave", "question", "choice", "selected"]
    if survey_responses.empty:
        return pd.DataFrame(columns=columns)
    parts = []
    for question, choices in form.select_multiple().items():
        for choice in choices:
            column = f"{question}/{choice}"
            if column not in survey_responses.columns:
                continue
            parts.append(
                pd.DataFrame(
                    {
                        "respondent_id": survey_responses[MEMBER_COLUMN]
                        .astype("string")
                        .to_numpy(),
                        "wave": survey_responses["wave"].astype("string").to_numpy(),
                        "question": question,
                        "choice": choice,
                        "selected": pd.to_numeric(survey_responses[column], errors="coerce")
                        .astype("Float64")
                        .to_numpy(),
                    }
                )
            )
    if not parts:
        return pd.DataFrame(columns=columns)
    return pd.concat(parts, ignore_index=True)


def dimension_answers(long: pd.DataFrame) -> pd.DataFrame:
    """One row per respondent and dimension: mean importance and mean capability over the items
    of the dimension the respondent rated on both (the heatmap's rows; a declared choice)."""
    both = long[long["importance"].notna() & long["capability"].notna()]
    keys = ["respondent_id", "dimension"]
    extra = [c for c in ("member_type", "weight") if c in both.columns]
    means = (
        both.groupby(keys, dropna=False)[["importance", "capability"]]
        .mean()
        .astype(float)
        .reset_index()
    )
    firsts = both.groupby("respondent_id")[extra].first().reset_index()
    out = means.merge(firsts, on="respondent_id", how="left")
    return out.rename(columns={"dimension": "item"})


def _kish(long: pd.DataFrame, keys: list[str], weights: str | None) -> pd.DataFrame:
    both = long[long["importance"].notna() & long["capability"].notna()]
    w = both[weights].astype(float) if weights else pd.Series(1.0, index=both.index)
    frame = both[keys].assign(sw=w, sw2=w**2)
    sums = frame.groupby(keys, dropna=False)[["sw", "sw2"]].sum().reset_index()
    sums["n_eff"] = sums["sw"] ** 2 / sums["sw2"]
    return sums[[*keys, "n_eff"]]


def with_fpc(
    scores: pd.DataFrame,
    long: pd.DataFrame,
    population: dict[str, int] | int,
    *,
    weights: str | None,
    by: str | None = None,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Return ``scores`` with the critical-gap Wilson interval recomputed with the finite
    population correction (docs/methods.md#intervals-weights-small-populations: Var(p) ~
    (1 - n/N) p(1-p)/(n-1)), i.e. a Wilson interval on n' = (n_eff - 1) / (1 - n/N); with n = N
    (every member of the population answered) there is no sampling error and the interval is
    left empty. ``population`` is N (or N per ``by`` group)."""
    out = scores.copy()
    keys = [*([by] if by else []), "item"]
    eff = out[keys].merge(_kish(long, keys, weights), on=keys, how="left")["n_eff"].to_numpy(float)
    if by:
        big_n = out[by].map(population).astype(float).to_numpy()
    else:
        big_n = np.full(len(out), float(population))  # type: ignore[arg-type]
    n = out["n"].to_numpy(float)
    share = out["critical_gap_share"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    n_prime = fpc_effective_n(n, big_n, eff)
    low, high = wilson_bounds(share * n_prime, n_prime, confidence)
    keep = ~out["suppressed"].astype(bool).to_numpy()
    out["critical_gap_low"] = pd.array(np.where(keep, low, np.nan), dtype="Float64")
    out["critical_gap_high"] = pd.array(np.where(keep, high, np.nan), dtype="Float64")
    for column in ("critical_gap_low", "critical_gap_high"):
        out[column] = out[column].mask(out[column].isna(), pd.NA)
    return out


# --------------------------------------------------------------------------------------------------
# Scores per wave
# --------------------------------------------------------------------------------------------------


def _weights_column(long: pd.DataFrame) -> str | None:
    return "weight" if "weight" in long.columns and long["weight"].notna().all() else None


def waves_with_answers(survey_capacity_long: pd.DataFrame, waves: Sequence[Wave]) -> list[Wave]:
    """The waves (in order) that have at least one capacity answer."""
    return [w for w in waves if (survey_capacity_long["wave"] == w.wave).any()]


def with_fpc_shares(
    shares: pd.DataFrame,
    population: int,
    columns: Sequence[tuple[str, str, str]],
    *,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Return ``shares`` with each (share, low, high) Wilson interval recomputed with the finite
    population correction, as :func:`with_fpc` does for the critical gap: a Wilson interval on
    n' = (n - 1) / (1 - n/N) with ``n`` the row's base and ``population`` N, the wave's frame
    (docs/methods.md#a-census-with-non-response). Empty where every member answered, where n' is
    not positive, and where the row is suppressed."""
    out = shares.copy()
    if not len(out):
        return out
    n_prime = fpc_effective_n(out["n"].to_numpy(float), float(population))
    keep = ~out["suppressed"].astype(bool).to_numpy()
    for share, low_column, high_column in columns:
        values = out[share].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
        low, high = wilson_bounds(values * n_prime, n_prime, confidence)
        for column, bound in ((low_column, low), (high_column, high)):
            out[column] = pd.array(np.where(keep, bound, np.nan), dtype="Float64")
            out[column] = out[column].mask(out[column].isna(), pd.NA)
    return out


#: The intervals of the box scores and of the select_multiple shares: (share, low, high).
BOX_INTERVALS = (
    ("top2_share", "top2_low", "top2_high"),
    ("bottom2_share", "bottom2_low", "bottom2_high"),
)
SHARE_INTERVALS = (("share", "share_low", "share_high"),)


def _dimension_scores(
    part: pd.DataFrame, params: ScoringParams, weights: str | None, population: dict[str, int]
) -> pd.DataFrame:
    """The needs statistics of each member's mean answers per dimension, by member type and for
    ``All``, with the same finite-population intervals as the items (``population``: N per
    member type and for ``All``)."""
    dims = dimension_answers(part)
    if not len(dims):
        return pd.DataFrame()
    m, k = params.scale_max, params.min_cell
    by_type = scoring.needs_assessment(
        dims, by="member_type", scale_max=m, weights=weights, min_cell=k
    )
    by_type = with_fpc(by_type, dims, population, weights=weights, by="member_type")
    overall = scoring.needs_assessment(dims, scale_max=m, weights=weights, min_cell=k)
    overall = with_fpc(overall, dims, population[ALL], weights=weights).assign(member_type=ALL)
    return _stack([by_type, overall[list(by_type.columns)]]).rename(columns={"item": "dimension"})


def _wave_scores(
    part: pd.DataFrame,
    answers: pd.DataFrame,
    multi: pd.DataFrame,
    wave: Wave,
    frame: WaveFrame,
    params: ScoringParams,
    weights: str | None,
) -> WaveScores:
    """Score one wave (``part``: its scorer input; ``answers``: its raw long answers; ``frame``:
    the members it is drawn from, whose counts are the finite populations N)."""
    population = frame.population(total=ALL)
    n_members = population[ALL]
    n = int(part["respondent_id"].nunique())
    census = n == n_members
    m, k = params.scale_max, params.min_cell
    scores = scoring.needs_assessment(part, scale_max=m, weights=weights, min_cell=k)
    scores = with_fpc(scores, part, n_members, weights=weights)
    boot = scoring.bootstrap_mwds(  # Rao-Wu: docs/methods.md#finite-population-bootstrap-of-mwds
        part,
        n_boot=params.n_boot,
        seed=params.seed,
        scale_max=m,
        weights=weights,
        min_cell=k,
        population=n_members,
    )
    if census:  # no sampling error to express (docs/methods.md#intervals-weights-small-populations)
        boot = boot.assign(mwds_low=pd.NA, mwds_high=pd.NA, prob_top_k=pd.NA)
        for column in ("mwds_low", "mwds_high", "prob_top_k"):
            boot[column] = boot[column].astype("Float64")
    by_type = scoring.needs_assessment(
        part, by="member_type", scale_max=m, weights=weights, min_cell=k
    )
    by_type = with_fpc(by_type, part, population, weights=weights, by="member_type")
    overall = scores.assign(member_type=ALL)[list(by_type.columns)]
    box = scoring.box_scores(
        box_answers(answers), by="role", scale_max=params.scale_max, min_cell=params.min_cell
    )
    box = with_fpc_shares(box, n_members, BOX_INTERVALS)
    wave_multi = multi[multi["wave"] == wave.wave] if len(multi) else multi
    shares = (
        with_fpc_shares(
            scoring.multi_select_shares(wave_multi, min_cell=params.min_cell),
            n_members,
            SHARE_INTERVALS,
        )
        if len(wave_multi)
        else pd.DataFrame()
    )
    return WaveScores(
        wave=wave,
        n=n,
        census=census,
        scores=scores,
        boot=boot,
        by_type=_stack([by_type, overall]),
        dimensions=_dimension_scores(part, params, weights, population),
        box=box,
        shares=shares,
        frame=frame,
    )


def scored_waves(
    survey_capacity_long: pd.DataFrame,
    survey_responses: pd.DataFrame,
    survey_register: pd.DataFrame,
    form: Form,
    waves: Sequence[Wave],
    params: ScoringParams,
) -> list[WaveScores]:
    """Score every wave with answers (docs/methods.md#capacity-gap-scoring): Borich MWDS and
    critical-gap share with the finite-population Wilson interval, bootstrap MWDS intervals and
    P(top 3), the same by member type and by dimension, top-2/bottom-2 box scores ("don't know"
    outside the base) and multi-select shares of respondents. The finite populations (overall
    and by member type) are counted in each wave's frame (docs/methods.md#the-frame-of-a-wave)."""
    weights = _weights_column(survey_capacity_long)
    scored = without_dont_know(survey_capacity_long, params.scale_max)
    multi = multi_select_answers(survey_responses, form)
    out = []
    for wave in waves_with_answers(survey_capacity_long, waves):
        answers = survey_capacity_long[survey_capacity_long["wave"] == wave.wave]
        respondents = set(wave_ids(survey_responses, wave.wave))
        respondents |= set(answers["respondent_id"].astype(str))
        frame = wave_frame(survey_register, wave.wave, respondents)
        part = scored[scored["wave"] == wave.wave]
        out.append(_wave_scores(part, answers, multi, wave, frame, params, weights))
    return out


# --------------------------------------------------------------------------------------------------
# Published tables
# --------------------------------------------------------------------------------------------------


def needs_assessment(
    scored_waves: Sequence[WaveScores], survey_capacity_items: pd.DataFrame
) -> pd.DataFrame:
    """Per wave and item: Borich MWDS, critical-gap share (Wilson with finite population
    correction) and the importance-performance quadrant (data-centred cross-hairs)."""
    labels = item_labels(survey_capacity_items)
    frames = []
    for scored in scored_waves:
        ipa = scoring.importance_performance(scored.scores, centre="data")
        with_ipa = scored.scores.merge(ipa[["item", *_QUADRANT_COLUMNS]], on="item", how="left")
        frames.append(_published(with_ipa, scored.wave, labels=labels))
    return _stack(frames)


def mwds_bootstrap(
    scored_waves: Sequence[WaveScores], survey_capacity_items: pd.DataFrame
) -> pd.DataFrame:
    """Per wave and item: MWDS with its 95% bootstrap interval and the probability of a top-3
    rank (none for a census)."""
    labels = item_labels(survey_capacity_items)
    return _stack(_published(s.boot, s.wave, labels=labels) for s in scored_waves)


def _suppressed(frame: pd.DataFrame, *, table: str, row_key: str, min_cell: int) -> Suppressed:
    if not len(frame):
        return Suppressed(frame, None)
    check = suppress_table(
        frame,
        table=table,
        key_cols=["wave", "member_type", row_key],
        value_cols=STAT_COLUMNS,
        count_col="n",
        rules=SuppressionRules(min_count=min_cell),
        group_cols=[["wave", row_key]],
    )
    return Suppressed(check.frame.assign(suppressed=check.mask.to_numpy()), check)


def needs_by_member_type(
    scored_waves: Sequence[WaveScores], survey_capacity_items: pd.DataFrame, *, min_cell: int
) -> Suppressed:
    """Per wave, member type (and ``All``) and item: the needs statistics, with threshold and
    secondary suppression (docs/methods.md#disclosure-control)."""
    labels = item_labels(survey_capacity_items)
    frame = _stack(_published(s.by_type, s.wave, labels=labels) for s in scored_waves)
    return _suppressed(frame, table="needs_by_member_type", row_key="item", min_cell=min_cell)


def gap_by_dimension_member_type(
    scored_waves: Sequence[WaveScores], survey_capacity_items: pd.DataFrame, *, min_cell: int
) -> Suppressed:
    """Per wave, member type (and ``All``) and dimension: the needs statistics of each member's
    mean answers over the dimension's items, disclosure-controlled like needs_by_member_type."""
    labels = dimension_labels(survey_capacity_items)
    frame = _stack(
        _published(s.dimensions, s.wave, labels=labels, key="dimension")
        for s in scored_waves
        if len(s.dimensions)
    )
    return _suppressed(
        frame, table="gap_by_dimension_member_type", row_key="dimension", min_cell=min_cell
    )


def box_scores(
    scored_waves: Sequence[WaveScores], survey_capacity_items: pd.DataFrame
) -> pd.DataFrame:
    """Per wave, role (importance / capability) and item: answer shares, top-2 / bottom-2 box
    with Wilson intervals and net score ("don't know" counted apart, outside the base)."""
    labels = item_labels(survey_capacity_items)
    return _stack(_published(s.box, s.wave, labels=labels, key="question") for s in scored_waves)


def _choice_labels(shares: pd.DataFrame, form: Form) -> dict[str, Text]:
    labels: dict[str, Text] = {}
    for question in shares["question"].unique():
        list_name = form.question(str(question))["list_name"]
        for choice, names in form.choice_labels(str(list_name)).items():
            labels[choice] = text(names.get("en", choice), names.get("ka", choice))
    return labels


def multi_select_shares(scored_waves: Sequence[WaveScores], form: Form) -> pd.DataFrame:
    """Per wave, select_multiple question and option: share of respondents who chose it (Wilson
    interval); empty without select_multiple questions."""
    return _stack(
        _published(s.shares, s.wave, labels=_choice_labels(s.shares, form), key="choice")
        for s in scored_waves
        if len(s.shares)
    )


@dataclass
class WaveChange:
    """Change between the last two waves: the scorer's frame (for charts and findings), the
    published table, the waves compared and the members in both."""

    change: pd.DataFrame
    table: pd.DataFrame
    before: Wave
    after: Wave
    n_both: int


def wave_change(
    survey_capacity_long: pd.DataFrame,
    survey_capacity_items: pd.DataFrame,
    waves: Sequence[Wave],
    params: ScoringParams,
) -> WaveChange | None:
    """The paired change between the last two waves with answers (same members; McNemar on the
    critical gap, Wilcoxon on the gap); None with fewer than two waves."""
    answered = waves_with_answers(survey_capacity_long, waves)
    if len(answered) < 2:
        return None
    before, after = answered[-2], answered[-1]
    scored = without_dont_know(survey_capacity_long, params.scale_max)
    change = scoring.wave_change(
        scored[scored["wave"] == before.wave],
        scored[scored["wave"] == after.wave],
        scale_max=params.scale_max,
        min_cell=params.min_cell,
        before_label=before.period,
        after_label=after.period,
    )
    ids = survey_capacity_long.groupby("wave")["respondent_id"].agg(set)
    labels = item_labels(survey_capacity_items)
    table = change.copy()
    table.insert(0, "wave_after", after.wave)
    table.insert(0, "wave_before", before.wave)
    table.insert(3, "item_en", table["item"].map(lambda k: pick(labels.get(k), "en")))
    table.insert(4, "item_ka", table["item"].map(lambda k: pick(labels.get(k), "ka")))
    table.attrs = {}
    return WaveChange(change, table, before, after, len(ids[before.wave] & ids[after.wave]))


@dataclass
class GapStatus:
    """Gap status against the declared targets and the bilingual rules that decide it."""

    table: pd.DataFrame
    rules: Text | None


def gap_status(targets: pd.DataFrame | None, scored_waves: Sequence[WaveScores]) -> GapStatus:
    """Every declared target's status: current = the latest wave's scores, baseline = the
    target's baseline wave (rules in :func:`cluster_analysis.survey.scoring.gap_status`)."""
    if targets is None or not len(targets) or not scored_waves:
        return GapStatus(pd.DataFrame(), None)
    latest = scored_waves[-1]
    current = latest.scores
    scores_by_wave = {s.wave.wave: s.scores for s in scored_waves}
    period_of = {s.wave.wave: s.wave.period for s in scored_waves}
    pieces = []
    baseline_waves = targets["baseline_wave"].astype("string").fillna("")
    rules = None
    for baseline_wave in dict.fromkeys(baseline_waves):
        part = targets[baseline_waves == baseline_wave]
        baseline = scores_by_wave.get(baseline_wave) if baseline_wave != latest.wave.wave else None
        status = scoring.gap_status(part[["item", "metric", "target"]], current, baseline=baseline)
        rules = scoring.gap_status_rules()  # the rules gap_status applied (default tolerance)
        status = status.merge(current[["item", "n"]], on="item", how="left")
        status["baseline_wave"] = baseline_wave or pd.NA
        status["current_wave"] = latest.wave.wave
        status = status.merge(
            part[["item", "metric", "target_wave"]], on=["item", "metric"], how="left"
        )
        pieces.append(status)
    out = _stack(pieces)
    if len(out):
        out["baseline_period"] = out["baseline_wave"].map(period_of)
        out["current_period"] = latest.wave.period
    return GapStatus(out, rules if isinstance(rules, dict) else None)
