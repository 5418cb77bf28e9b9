"""The indicators domain's processed tables: one pure function per table, named after it, its
parameters named after its input tables. No I/O, no run context; inputs are never changed.

Formulas: docs/methods.md#indicator-progress (progress, status, series breaks) and
docs/methods.md#cluster-mapping (location quotients, HHI, shift-share).
"""

from __future__ import annotations

import pandas as pd

from cluster_analysis.indicators.checks import run_checks
from cluster_analysis.indicators.inputs import GeostatTable
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
    finalise_observations,
)
from cluster_analysis.indicators.progress import progress

__all__ = [
    "all_observations",
    "diversification",
    "geostat_language_check",
    "geostat_observations",
    "indicator_catalogue",
    "indicator_checks",
    "indicator_observations",
    "indicator_progress",
    "indicator_progress_open_sdg",
    "location_quotients",
    "logframe",
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


def geostat_observations(
    geostat_tables: list[GeostatTable], census_rebased_from: int
) -> pd.DataFrame:
    """Return the Geostat tables' place rows in the long observation layer (official, real).

    Rates per 1,000 population use the census-based population from ``census_rebased_from`` on:
    that year is flagged as a series break so no comparison spans it
    (docs/methods.md#indicator-progress).
    """
    parts = []
    for table in geostat_tables:
        tidy = table.tidy[table.tidy["place"].notna() & table.tidy["category"].isna()]
        unit = "per_1000" if "1000" in str(tidy["unit"].iloc[0] if len(tidy) else "") else None
        parts.append(
            pd.DataFrame(
                {
                    "indicator": table.indicator,
                    "place": tidy["place"],
                    "year": tidy["year"],
                    "period": tidy["year"].astype(str),
                    "value": tidy["value"],
                    "sex": "total",
                    "unit": unit,
                    "source": "Geostat: " + tidy["table"].astype(str),
                    "source_quality": "official",
                    "break": False,
                    "note": tidy["note"],
                }
            )
        )
    if not parts:
        return empty_observations()
    geostat = finalise_observations(pd.concat(parts, ignore_index=True))
    geostat = geostat[geostat["value"].notna()].reset_index(drop=True)
    # Georgia's rate jumps by 23 % from 2014 to 2015 as the population estimate fell from about
    # 4.49 to 3.72 million with the 2014 census: our reading of the jump, flagged as a break.
    rebased = (geostat["unit"] == "per_1000") & (geostat["year"] == census_rebased_from)
    geostat.loc[rebased, "break"] = True
    geostat.loc[rebased, "note"] = (
        "apparent series break: population denominator rebased on the 2014 census"
    )
    geostat["origin"] = "geostat"
    geostat["synthetic"] = False
    return geostat


def geostat_language_check(geostat_tables: list[GeostatTable]) -> pd.DataFrame:
    """Return the cells where a Geostat table's English and Georgian files disagree (empty when
    no table has both files or they agree)."""
    parts = [t.language_check for t in geostat_tables if t.language_check is not None]
    if not parts:
        return pd.DataFrame()
    return string_columns(pd.concat(parts, ignore_index=True))


def all_observations(
    observations: pd.DataFrame, real_figures: pd.DataFrame, geostat: pd.DataFrame
) -> pd.DataFrame:
    """Return every observation from the three sources with sex totals added."""
    present = [f for f in (observations, real_figures, geostat) if len(f)]
    combined = pd.concat(present, ignore_index=True) if present else empty_observations()
    return add_sex_totals(combined)


def indicator_checks(all_observations: pd.DataFrame, catalogue: pd.DataFrame) -> pd.DataFrame:
    """Return the failed checks (breaks, towns above municipalities, units) on every row, before
    the source choice could hide a wrong-unit row."""
    return run_checks(all_observations, catalogue)


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
                "business_index_2015_100": None if last.empty else float(last["index"].iloc[0]),
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
