"""The tidy long layer of indicator observations, and the ranking of their sources.

One row per indicator x place x period x disaggregation: ``indicator, place, year, period, value,
sex, unit, source, source_quality, break, note, manual_status, manual_reason``. ``place`` is a
canonical place id (``zestaponi_municipality``, ``zestaponi_town``, ``imereti``, ``georgia``);
``sex`` is ``total``, ``female`` or ``male``; ``break`` marks the first observation made with a new
method (a census rebasing, a new counting rule): progress never compares across it.

Sources are ranked (a declared choice): official (Geostat) > official_secondary >
secondary_cites_geostat > secondary > company_statement > news. When two observations exist for the
same indicator, place, period and sex, :func:`choose_best_source` keeps the best and records the
choice in a ``source_choice`` log.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from cluster_analysis.outputs import Text, text
from cluster_analysis.validation import (
    REJECT_COLUMNS,
    ValidationResult,
    reject_rows,
    tidy_text,
    validate,
)

__all__ = [
    "OBSERVATION_COLUMNS",
    "OBSERVATION_SCHEMA",
    "SEXES",
    "SOURCE_QUALITIES",
    "SOURCE_QUALITY_LABELS",
    "SOURCE_RANK",
    "add_sex_totals",
    "apply_observation_rules",
    "choose_best_source",
    "empty_observations",
    "normalize_place_id",
    "period_order",
    "prepare_observations",
    "read_real_figures",
    "validate_observations",
]

#: Source quality, best first (a declared **choice**, see the module docstring).
SOURCE_QUALITIES: tuple[str, ...] = (
    "official",
    "official_secondary",
    "secondary_cites_geostat",
    "secondary",
    "company_statement",
    "news",
)
SOURCE_RANK: dict[str, int] = {quality: rank for rank, quality in enumerate(SOURCE_QUALITIES)}
_QUALITY_ALIASES = {
    "geostat": "official",
    "official_geostat": "official",
    "company": "company_statement",
}

SOURCE_QUALITY_LABELS: dict[str, Text] = {
    "official": text("official statistics (Geostat)", "ოფიციალური სტატისტიკა (საქსტატი)"),
    "official_secondary": text(
        "official, non-statistical body", "ოფიციალური, არასტატისტიკური უწყება"
    ),
    "secondary_cites_geostat": text("secondary, citing Geostat", "მეორადი, საქსტატზე მითითებით"),
    "secondary": text("secondary", "მეორადი"),
    "company_statement": text("company statement", "კომპანიის განცხადება"),
    "news": text("news report", "ახალი ამბები (მედია)"),
}

SEXES: tuple[str, ...] = ("total", "female", "male")

OBSERVATION_COLUMNS: tuple[str, ...] = (
    "indicator",
    "place",
    "year",
    "period",
    "value",
    "sex",
    "unit",
    "source",
    "source_quality",
    "break",
    "note",
    "manual_status",
    "manual_reason",
)

_TRUE = {"true", "yes", "1", "y", "break", "დიახ"}
_FALSE = {"false", "no", "0", "n", "", "არა"}

#: Bilingual reasons of the observation rules (passed to validate and reject_rows as ``messages``).
OBSERVATION_MESSAGES: dict[str, dict[str, str]] = {
    "unknown_indicator": {
        "en": "indicator '{value}' is not in the indicator catalogue",
        "ka": "ინდიკატორი '{value}' ინდიკატორების კატალოგში არ არის",
    },
    "unknown_place": {
        "en": "place '{value}' is not a known municipality, town or region of Georgia",
        "ka": "ადგილი '{value}' საქართველოს ცნობილი მუნიციპალიტეტი, ქალაქი ან რეგიონი არ არის",
    },
    "break_flag": {
        "en": "'{value}' in 'break' must be yes/no (or true/false, 1/0)",
        "ka": "'{value}' ('break') უნდა იყოს დიახ/არა (ან true/false, 1/0)",
    },
}


def _break_flag_ok(series: pd.Series) -> pd.Series:
    lowered = series.map(
        lambda v: str(v).strip().lower() if v is not None and v is not pd.NA else ""
    )
    return lowered.isin(_TRUE | _FALSE)


OBSERVATION_SCHEMA = pa.DataFrameSchema(
    {
        "indicator": pa.Column(str),
        "place": pa.Column(str),
        "year": pa.Column("Int64", pa.Check.in_range(1900, 2100)),
        "period": pa.Column(str, nullable=True, required=False),
        "value": pa.Column("Float64", nullable=True),
        "sex": pa.Column(str, pa.Check.isin(SEXES)),
        "unit": pa.Column(str, nullable=True, required=False),
        "source": pa.Column(str, nullable=True, required=False),
        "source_quality": pa.Column(str, pa.Check.isin(SOURCE_QUALITIES)),
        "break": pa.Column(str, pa.Check(_break_flag_ok, name="break_flag"), nullable=True),
        "note": pa.Column(str, nullable=True, required=False),
        "manual_status": pa.Column(str, nullable=True, required=False),
        "manual_reason": pa.Column(str, nullable=True, required=False),
    },
    coerce=True,
    strict=False,
)


def empty_observations() -> pd.DataFrame:
    """Return an empty long layer with the right columns and dtypes."""
    return _finalise(pd.DataFrame({c: pd.Series([], dtype="object") for c in OBSERVATION_COLUMNS}))


def prepare_observations(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a text frame ready for :data:`OBSERVATION_SCHEMA`: optional columns added, cells
    stripped, ``year`` taken from ``period`` when missing, ``sex`` defaulting to total and
    ``source_quality`` aliases (geostat -> official) resolved."""
    work = tidy_text(frame, add_missing=OBSERVATION_COLUMNS)
    missing_year = work["year"].isna() & work["period"].notna()
    work.loc[missing_year, "year"] = work.loc[missing_year, "period"].map(lambda p: str(p)[:4])
    work["sex"] = work["sex"].map(lambda v: "total" if v is None or v is pd.NA else str(v).lower())
    work["source_quality"] = work["source_quality"].map(
        lambda v: _QUALITY_ALIASES.get(str(v).lower(), str(v).lower()) if isinstance(v, str) else v
    )
    work.attrs = dict(frame.attrs)
    return work


def validate_observations(frame: pd.DataFrame, *, source: str | None = None) -> ValidationResult:
    """Validate an observations table read as text, with quarantine (types, sex, source quality,
    break flag). Domain rules that need the catalogue and the place list run after, in
    :func:`apply_observation_rules`."""
    return validate(
        prepare_observations(frame),
        OBSERVATION_SCHEMA,
        table="indicator_observations",
        source=source,
        id_column="indicator",
        messages=OBSERVATION_MESSAGES,
    )


@cache
def _places_table() -> pd.DataFrame | None:
    """The gazetteer (``cluster_analysis.geo.places()``)."""
    from cluster_analysis.geo import places

    return places()


def normalize_place_id(name: object, *, level: str | None = None) -> str | None:
    """Return the canonical place id for a name or id in any spelling or script (via
    :func:`cluster_analysis.geo.try_normalize_place`), or None when it is not a known place.

    A bare name ("Zestaponi") means the municipality; ``level="town"`` or a unit word in the name
    ("Zestaponi town", "ქალაქი ზესტაფონი") picks the town.
    """
    if name is None or name is pd.NA or (isinstance(name, float) and name != name):
        return None
    from cluster_analysis.geo import try_normalize_place

    return try_normalize_place(str(name).strip(), level=level)


def apply_observation_rules(
    valid: pd.DataFrame,
    known_indicators: set[str] | None,
    *,
    source: str | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Apply the rules outside the schema to validated observations.

    Places are normalised to canonical ids; rows naming an unknown place or an indicator missing
    from the catalogue are rejected with bilingual reasons. Returns (observations in the long
    layer, rejects with :data:`~cluster_analysis.validation.REJECT_COLUMNS`).
    """
    work = valid.copy()
    offset = int(valid.attrs.get("row_offset", 2))
    if "_row" not in work.columns:
        work["_row"] = range(offset, offset + len(work))
    work = work.reset_index(drop=True)
    work["_place_id"] = work["place"].map(normalize_place_id)
    rejects = []
    kept, bad = reject_rows(
        work,
        work["_place_id"].isna(),
        table="indicator_observations",
        check="unknown_place",
        column="place",
        source=source,
        id_column="indicator",
        messages=OBSERVATION_MESSAGES,
    )
    rejects.append(bad)
    if known_indicators is not None:
        kept, bad = reject_rows(
            kept,
            ~kept["indicator"].isin(sorted(known_indicators)),
            table="indicator_observations",
            check="unknown_indicator",
            column="indicator",
            source=source,
            id_column="indicator",
            messages=OBSERVATION_MESSAGES,
        )
        rejects.append(bad)
    kept = kept.assign(place=kept["_place_id"]).drop(columns=["_place_id"])
    all_rejects = (
        pd.concat([r for r in rejects if len(r)], ignore_index=True)
        if any(len(r) for r in rejects)
        else pd.DataFrame(columns=REJECT_COLUMNS)
    )
    return _finalise(kept.drop(columns=["_row"])), all_rejects


def _to_bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return False
    return str(value).strip().lower() in _TRUE


def period_order(period: object, year: object) -> float:
    """Return a sortable position in time: ``YYYY-MM-DD`` as a fraction of its year, a bare year
    at mid-year (so a 1 January estimate sorts before the same year's census)."""
    text_period = "" if period is None or period is pd.NA else str(period)
    if len(text_period) >= 10 and text_period[4] == "-":
        try:
            stamp = pd.Timestamp(text_period[:10])
            return stamp.year + (stamp.day_of_year - 1) / 366
        except ValueError:
            pass
    if year is None or year is pd.NA or (isinstance(year, float) and year != year):
        return float("nan")
    return float(year) + 0.5  # type: ignore[arg-type]  # a year once missing values are out


def _finalise(frame: pd.DataFrame) -> pd.DataFrame:
    """Give the long layer its final dtypes and the ``period_order`` helper column."""
    work = frame.copy()
    for column in OBSERVATION_COLUMNS:
        if column not in work.columns:
            work[column] = pd.Series([None] * len(work), dtype="object")
    work["break"] = work["break"].map(_to_bool).astype("boolean")
    work["year"] = pd.to_numeric(work["year"], errors="coerce").astype("Int64")
    work["value"] = pd.to_numeric(work["value"], errors="coerce").astype("Float64")
    for column in OBSERVATION_COLUMNS:
        if column not in {"break", "year", "value"}:
            work[column] = work[column].astype("string")
    work["sex"] = work["sex"].fillna("total")
    work["period"] = work["period"].fillna(work["year"].astype("string"))
    work["period_order"] = [
        period_order(p, y) for p, y in zip(work["period"], work["year"], strict=True)
    ]
    extra = [c for c in work.columns if c not in OBSERVATION_COLUMNS and c != "period_order"]
    return work[[*OBSERVATION_COLUMNS, "period_order", *extra]].reset_index(drop=True)


def finalise_observations(frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` (already valid) in the long layer's columns and dtypes."""
    return _finalise(frame)


_GEO_LEVELS = {
    "country": "country",
    "region": "region",
    "municipality": "municipality",
    "town": "town",
}


def _real_place_id(name_en: str, level: str) -> str | None:
    """Canonical id of a place in the real-figures file (town and municipality kept apart)."""
    return normalize_place_id(name_en, level=_GEO_LEVELS.get(str(level).strip().lower()))


def read_real_figures(frame_or_path: pd.DataFrame | Path | str) -> pd.DataFrame:
    """Return the real cited figures (``imereti_real_figures.csv`` layout) as long observations.

    Columns kept: ``geo_name_en, geo_level`` -> ``place`` (town and municipality are different
    units), ``indicator, value, unit``, ``period`` (year or date; blank for static figures such as
    area, whose ``year`` is then missing), ``source_title`` -> ``source``, ``source_quality``,
    ``note`` (plus the period type in ``period_type``). Census rebasing breaks are flagged by
    :func:`cluster_analysis.indicators.checks.flag_census_breaks`, not here.
    """
    if isinstance(frame_or_path, pd.DataFrame):
        raw = frame_or_path
    else:
        from cluster_analysis.readers import read_table

        raw = read_table(frame_or_path, as_text=True)
    rows = pd.DataFrame(
        {
            "indicator": raw["indicator"].astype("string").str.strip(),
            "place": [
                _real_place_id(n, lv)
                for n, lv in zip(raw["geo_name_en"], raw["geo_level"], strict=True)
            ],
            "year": raw["period"].map(lambda p: str(p)[:4] if isinstance(p, str) and p else None),
            "period": raw["period"],
            "value": raw["value"],
            "sex": "total",
            "unit": raw["unit"],
            "source": raw["source_title"],
            "source_quality": raw["source_quality"].map(
                lambda v: _QUALITY_ALIASES.get(str(v).lower(), str(v).lower())
            ),
            "break": False,
            "note": raw["note"] if "note" in raw.columns else None,
            "period_type": raw["period_type"] if "period_type" in raw.columns else None,
            "source_url": raw["source_url"] if "source_url" in raw.columns else None,
        }
    )
    out = _finalise(rows)
    out["period_type"] = out["period_type"].astype("string")
    out["source_url"] = out["source_url"].astype("string")
    return out


#: Units whose female and male values cannot be added up into a total.
NON_ADDITIVE_UNITS: frozenset[str] = frozenset({"percent", "per_1000", "yes_no"})


def add_sex_totals(observations: pd.DataFrame) -> pd.DataFrame:
    """Return the observations with a ``total`` row added wherever only female and male rows exist
    for an indicator, place and period (total = female + male; note says so). Shares and rates
    (:data:`NON_ADDITIVE_UNITS`) are never added up."""
    work = observations
    by_sex = work[work["sex"].isin(["female", "male"])]
    by_sex = by_sex[~by_sex["unit"].fillna("").isin(sorted(NON_ADDITIVE_UNITS))]
    if by_sex.empty:
        return work.copy()
    key = ["indicator", "place", "period"]
    have_total = work[work["sex"] == "total"][key].drop_duplicates()
    sums = (
        by_sex.groupby(key, dropna=False)
        .agg(
            value=("value", lambda s: s.sum(min_count=2) if s.notna().all() else pd.NA),
            n_sexes=("sex", "nunique"),
            year=("year", "first"),
            unit=("unit", "first"),
            source=("source", "first"),
            source_quality=("source_quality", "first"),
            brk=("break", "max"),
        )
        .reset_index()
    )
    sums = sums[sums["n_sexes"] == 2]
    sums = sums.merge(have_total, on=key, how="left", indicator=True)
    sums = sums[sums["_merge"] == "left_only"]
    if sums.empty:
        return work.copy()
    totals = pd.DataFrame(
        {
            "indicator": sums["indicator"],
            "place": sums["place"],
            "year": sums["year"],
            "period": sums["period"],
            "value": sums["value"],
            "sex": "total",
            "unit": sums["unit"],
            "source": sums["source"],
            "source_quality": sums["source_quality"],
            "break": sums["brk"],
            "note": "total = female + male",
        }
    )
    return _finalise(pd.concat([work, totals], ignore_index=True))


SOURCE_CHOICE_COLUMNS: tuple[str, ...] = (
    "indicator",
    "place",
    "period",
    "sex",
    "kept_value",
    "kept_source",
    "kept_quality",
    "dropped_value",
    "dropped_source",
    "dropped_quality",
    "values_differ",
    "reason_en",
    "reason_ka",
)


def choose_best_source(observations: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Keep one observation per indicator x place x period x sex: the best-ranked source.

    Ranking (**choice**, module docstring): official > official_secondary > secondary_cites_geostat
    > secondary > company_statement > news; a tie keeps the row listed first. Returns (kept
    observations, ``source_choice`` log with one row per dropped observation: what was kept, what
    was dropped, whether the values differ, and why, in English and Georgian).
    """
    work = observations.reset_index(drop=True).copy()
    work["_rank"] = work["source_quality"].map(lambda q: SOURCE_RANK.get(str(q), len(SOURCE_RANK)))
    work["_pos"] = range(len(work))
    key = ["indicator", "place", "period", "sex"]
    ordered = work.sort_values([*key, "_rank", "_pos"], kind="stable")
    first = ~ordered.duplicated(key, keep="first")
    kept = ordered[first]
    dropped = ordered[~first]
    log_rows = []
    best = kept.set_index(key)
    for _, row in dropped.iterrows():
        winner = best.loc[tuple(row[k] for k in key)]
        same_rank = int(winner["_rank"]) == int(row["_rank"])
        kq, dq = str(winner["source_quality"]), str(row["source_quality"])
        kl, dl = (
            SOURCE_QUALITY_LABELS.get(kq, text(kq, kq)),
            SOURCE_QUALITY_LABELS.get(dq, text(dq, dq)),
        )
        if same_rank:
            en = f"same source quality ({kl['en']}): kept the row listed first"
            ka = f"წყაროს ერთნაირი ხარისხი ({kl['ka']}): დარჩა პირველი ჩანაწერი"
        else:
            en = f"{kl['en']} outranks {dl['en']}"
            ka = f"{kl['ka']} უპირატესია, ვიდრე {dl['ka']}"
        kv, dv = winner["value"], row["value"]
        differ = not (pd.isna(kv) and pd.isna(dv)) and (pd.isna(kv) or pd.isna(dv) or kv != dv)
        log_rows.append(
            {
                "indicator": row["indicator"],
                "place": row["place"],
                "period": row["period"],
                "sex": row["sex"],
                "kept_value": kv,
                "kept_source": winner["source"],
                "kept_quality": kq,
                "dropped_value": dv,
                "dropped_source": row["source"],
                "dropped_quality": dq,
                "values_differ": bool(differ),
                "reason_en": en,
                "reason_ka": ka,
            }
        )
    log = pd.DataFrame(log_rows, columns=list(SOURCE_CHOICE_COLUMNS))
    log = log.astype(
        {"kept_value": "Float64", "dropped_value": "Float64", "values_differ": "boolean"}
    )
    result = kept.sort_values("_pos").drop(columns=["_rank", "_pos"]).reset_index(drop=True)
    return result, log
