"""The indicators domain's processed tables: one pure function per table, named after it, its
parameters named after its input tables. No I/O, no run context; inputs are never changed. The
Geostat tables (``geostat_values``, ``geostat_observations``, ``geostat_language_check``) are in
:mod:`cluster_analysis.indicators.tables_geostat`.

Formulas: docs/methods.md#indicator-progress (progress, status, series breaks) and
docs/methods.md#cluster-mapping (location quotients, HHI, shift-share).
"""

from __future__ import annotations

import pandas as pd

from cluster_analysis.indicators import results as r
from cluster_analysis.indicators.checks import run_checks
from cluster_analysis.indicators.logframe import logframe_frame
from cluster_analysis.indicators.mapping import (
    dominant_employer_share,
    herfindahl,
    index_to_base_year,
)
from cluster_analysis.indicators.mapping import location_quotients as lq_table
from cluster_analysis.indicators.mapping import shift_share as shift_share_table
from cluster_analysis.indicators.observations import (
    add_sex_totals,
    choose_best_source,
    empty_observations,
)
from cluster_analysis.indicators.progress import progress

__all__ = [
    "all_observations",
    "computed_results",
    "diversification",
    "indicator_catalogue",
    "indicator_checks",
    "indicator_observations",
    "indicator_progress",
    "indicator_progress_open_sdg",
    "location_quotients",
    "logframe",
    "project_facts",
    "results_consistency",
    "shift_share",
    "source_choice",
    "string_columns",
    "town_comparison",
    "usable_observations",
]

#: The Open SDG table's columns (``achievement`` published as ``progress_measure``).
OPEN_SDG_COLUMNS = [
    "indicator",
    "place",
    "baseline_value",
    "baseline_year",
    "target_value",
    "target_year",
    "latest_value",
    "latest_year",
    "achievement",
    "status",
    "cagr",
    "note",
]


def string_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of ``frame`` whose object columns are pandas strings (for parquet)."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object:
            out[column] = out[column].astype("string")
    return out


def indicator_catalogue(catalogue: pd.DataFrame) -> pd.DataFrame:
    """Return the validated catalogue as stored (text columns as strings)."""
    return string_columns(catalogue)


def all_observations(
    observations: pd.DataFrame, real_figures: pd.DataFrame, geostat: pd.DataFrame
) -> pd.DataFrame:
    """Return every observation from the three sources with sex totals added."""
    present = [f for f in (observations, real_figures, geostat) if len(f)]
    combined = pd.concat(present, ignore_index=True) if present else empty_observations()
    return add_sex_totals(combined)


def indicator_checks(
    all_observations: pd.DataFrame,
    catalogue: pd.DataFrame,
    geostat_note_checks: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Return the failed checks (breaks, towns above municipalities, units) on every row, before
    the source choice could hide a wrong-unit row, then the Geostat files' notes."""
    notes = () if geostat_note_checks is None else (geostat_note_checks,)
    return run_checks(all_observations, catalogue, *notes)


def usable_observations(all_observations: pd.DataFrame, catalogue: pd.DataFrame) -> pd.DataFrame:
    """Return the observations whose unit is the catalogue's (or unknown on either side)."""
    expected = catalogue.drop_duplicates("indicator").set_index("indicator")["unit"]
    want = all_observations["indicator"].map(expected)
    bad = (
        all_observations["unit"].notna() & want.notna() & (all_observations["unit"] != want)
    ).fillna(False)
    return all_observations[~bad].reset_index(drop=True)


def indicator_observations(usable_observations: pd.DataFrame) -> pd.DataFrame:
    """Return one value per indicator, place, period and sex: the best-ranked source's."""
    kept, _choice = choose_best_source(usable_observations)
    return kept


def source_choice(usable_observations: pd.DataFrame) -> pd.DataFrame:
    """Return the values two sources gave, with the one kept and the one left out."""
    _kept, choice = choose_best_source(usable_observations)
    return choice


def indicator_progress(
    catalogue: pd.DataFrame, indicator_observations: pd.DataFrame
) -> pd.DataFrame:
    """Return progress per indicator and place by the achievement method
    (docs/methods.md#indicator-progress)."""
    return progress(catalogue, indicator_observations)


def indicator_progress_open_sdg(
    catalogue: pd.DataFrame, indicator_observations: pd.DataFrame
) -> pd.DataFrame:
    """Return the Open SDG progress measure per indicator and place (``progress_measure``)."""
    frame = progress(catalogue, indicator_observations, method="open_sdg")
    return frame[OPEN_SDG_COLUMNS].rename(columns={"achievement": "progress_measure"})


def logframe(indicator_progress: pd.DataFrame, catalogue: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Return the logframe in ``lang`` as published."""
    return logframe_frame(indicator_progress, catalogue, lang)


def town_comparison(
    indicator_observations: pd.DataFrame, places: list[str], census_year: int, base_year: int
) -> pd.DataFrame:
    """Return the places side by side: census population, area, density, latest active business
    entities per 1,000 and their index (``base_year`` = 100)."""
    kept = indicator_observations
    # The census year has a pre-census estimate (1 January) and the census: the census is later.
    population = (
        kept[
            (kept["indicator"] == "population")
            & (kept["year"] == census_year)
            & kept["place"].isin(places)
        ]
        .sort_values("period_order")
        .drop_duplicates("place", keep="last")
        .set_index("place")["value"]
    )
    area = (
        kept[(kept["indicator"] == "area") & kept["place"].isin(places)]
        .drop_duplicates("place")
        .set_index("place")["value"]
    )
    business = kept[kept["indicator"] == "active_business_entities_per1000"]
    indexed = index_to_base_year(business[business["place"].isin(places)], base_year)
    rows = []
    for place in places:
        last = indexed[(indexed["place"] == place)].sort_values("year").tail(1)
        people, km2 = population.get(place), area.get(place)
        rows.append(
            {
                "place": place,
                "population_2014_census": people,
                "area_km2": km2,
                "persons_per_km2": (people / km2)
                if people is not None and km2 is not None
                else None,
                "business_entities_per_1000_latest": None
                if last.empty
                else float(last["value"].iloc[0]),
                "latest_year": None if last.empty else int(last["year"].iloc[0]),
                # no index without a base-year value (a table pulled for recent years only)
                "business_index_2015_100": None
                if last.empty or pd.isna(last["index"].iloc[0])
                else float(last["index"].iloc[0]),
            }
        )
    return pd.DataFrame(rows)


def _years(sector_employment: pd.DataFrame) -> tuple[int, int]:
    return int(sector_employment["year"].min()), int(sector_employment["year"].max())


def _local(sector_employment: pd.DataFrame, year: int) -> pd.DataFrame:
    rows = sector_employment[sector_employment["place"] != "georgia"]
    return rows[rows["year"] == year]


def _reference(sector_employment: pd.DataFrame, year: int) -> pd.DataFrame | None:
    rows = sector_employment[sector_employment["place"] == "georgia"]
    return rows[rows["year"] == year] if len(rows) else None


def sector_data_synthetic(sector_employment: pd.DataFrame) -> bool:
    """True when any sector-employment row is marked synthetic (no column: synthetic)."""
    flag = sector_employment.get("synthetic", pd.Series(["yes"]))
    return bool(flag.astype(str).eq("yes").any())


def location_quotients(sector_employment: pd.DataFrame) -> pd.DataFrame:
    """Return location quotients per place and sector in the latest year, with sector labels."""
    _first, latest = _years(sector_employment)
    lq = lq_table(
        _local(sector_employment, latest), reference=_reference(sector_employment, latest)
    )
    labels = sector_employment.drop_duplicates("sector").set_index("sector")
    for column in ("sector_en", "sector_ka"):
        if column in labels.columns:
            lq[column] = lq["sector"].map(labels[column])
    return lq


def diversification(
    sector_employment: pd.DataFrame, largest_employers: pd.DataFrame | None
) -> pd.DataFrame:
    """Return HHI per place in the latest year and, with the employers file, the largest
    employer's share of all jobs."""
    _first, latest = _years(sector_employment)
    local = _local(sector_employment, latest)
    hhi = herfindahl(local)
    if largest_employers is None:
        return hhi
    totals = local.groupby("place", as_index=False)["employment"].sum()
    dominant = dominant_employer_share(largest_employers, totals)
    return hhi.merge(
        dominant[["place", "employer", "jobs", "year", "dominant_share", "synthetic"]],
        on="place",
        how="left",
    )


def shift_share(sector_employment: pd.DataFrame) -> pd.DataFrame | None:
    """Return the shift-share split of employment change from the first to the latest year, or
    None when there is one year only."""
    first, latest = _years(sector_employment)
    if first == latest:
        return None
    return shift_share_table(
        _local(sector_employment, first),
        _local(sector_employment, latest),
        reference_start=_reference(sector_employment, first),
        reference_end=_reference(sector_employment, latest),
    )


def computed_results(
    survey_register: pd.DataFrame | None,
    survey_responses: pd.DataFrame | None,
    realised_savings: pd.DataFrame | None,
    activity_log: pd.DataFrame | None,
    events: pd.DataFrame | None,
    *,
    min_members: int = 3,
) -> pd.DataFrame:
    """Return the cluster's results computed from its own data (docs/methods.md#computed-results):
    members over time, exporters, satisfaction and response rate, realised savings, priority
    events attended and the activity log's counts; an absent input computes nothing."""
    parts = []
    waves: list[int] = []
    if survey_responses is not None and "wave" in survey_responses.columns:
        waves = [y for y in map(r.wave_year, survey_responses["wave"].unique()) if y]
        parts.append(r.survey_results(survey_responses, survey_register))
    if survey_register is not None:
        latest = max(waves) if waves else None
        first = latest
        if "joined" in survey_register.columns:
            joined = pd.to_datetime(survey_register["joined"], errors="coerce")
            first = int(joined.min().year) if joined.notna().any() else latest
        years = list(range(first, latest + 1)) if first and latest else []
        parts.append(r.members_over_time(survey_register, years, latest_year=latest))
        if survey_responses is not None:
            parts.append(r.response_rate_results(survey_responses, survey_register))
    if realised_savings is not None:
        parts.append(r.savings_results(realised_savings, min_members=min_members))
    if activity_log is not None and len(activity_log):
        as_of = pd.to_datetime(activity_log["date"]).max()
        parts.append(r.activity_results(activity_log, events, as_of=as_of))
    present = [p for p in parts if len(p)]
    if not present:
        return r.empty_results()
    return pd.concat(present, ignore_index=True)


def results_consistency(
    indicator_observations: pd.DataFrame, computed_results: pd.DataFrame
) -> pd.DataFrame:
    """Return each computed value beside the typed one of the same indicator, place and year, and
    whether they agree (the computed value is the one kept)."""
    return r.results_consistency(indicator_observations, computed_results)


def project_facts(project: pd.DataFrame) -> pd.DataFrame:
    """Return the project's facts as the brief shows them (one row per fact, both languages)."""
    from cluster_analysis.indicators.project import project_facts as facts

    return facts(project)
