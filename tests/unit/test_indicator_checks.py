"""Indicator checks: town above municipality, unit mismatches, series breaks, source choice."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from cluster_analysis.indicators.checks import (
    flag_census_breaks,
    run_checks,
    series_breaks,
    town_exceeds_municipality,
    unit_mismatches,
)
from cluster_analysis.indicators.observations import (
    add_sex_totals,
    choose_best_source,
    finalise_observations,
    read_real_figures,
)


def long(rows: list[dict]) -> pd.DataFrame:
    return finalise_observations(pd.DataFrame(rows))


def row(indicator="population", place="chiatura_municipality", year=2014, value=1.0, **kw) -> dict:
    return {"indicator": indicator, "place": place, "year": year, "value": value, **kw}


def test_town_exceeding_its_municipality_is_flagged():
    data = long(
        [
            row(place="chiatura_town", value=12803, unit="persons"),
            row(place="chiatura_municipality", value=39884, unit="persons"),
            # a swapped pair: town 60 > municipality 40
            row("shops", "zestaponi_town", 2024, 60, unit="count"),
            row("shops", "zestaponi_municipality", 2024, 40, unit="count"),
        ]
    )
    flagged = town_exceeds_municipality(data)
    assert len(flagged) == 1
    hit = flagged.iloc[0]
    assert (hit["indicator"], hit["place"], hit["other_place"]) == (
        "shops",
        "zestaponi_town",
        "zestaponi_municipality",
    )
    assert hit["value"] == 60 and hit["other_value"] == 40
    assert "exceeds" in hit["detail_en"] and hit["detail_ka"]


def test_rates_are_not_compared_between_town_and_municipality():
    data = long(
        [
            row("per1000", "zestaponi_town", 2020, 70, unit="per_1000"),
            row("per1000", "zestaponi_municipality", 2020, 52, unit="per_1000"),
        ]
    )
    assert town_exceeds_municipality(data).empty


def test_unit_mismatch_against_catalogue_and_mixed_units():
    catalogue = pd.DataFrame({"indicator": ["guest_nights"], "unit": ["thousand_guest_nights"]})
    data = long(
        [
            row("guest_nights", "tkibuli_municipality", 2024, 4.4, unit="thousand_guest_nights"),
            row("guest_nights", "tkibuli_municipality", 2025, 5400, unit="guest_nights"),
        ]
    )
    found = unit_mismatches(data, catalogue)
    assert sorted(found["check"]) == ["mixed_units", "unit_mismatch"]
    mismatch = found[found["check"] == "unit_mismatch"].iloc[0]
    assert mismatch["value"] == 5400
    assert "thousand_guest_nights" in mismatch["detail_en"]


def test_official_source_outranks_secondary_and_news_and_choice_is_logged():
    data = long(
        [
            row(
                "wineries",
                "zestaponi_municipality",
                2024,
                41,
                source="local news",
                source_quality="news",
            ),
            row(
                "wineries",
                "zestaponi_municipality",
                2024,
                33,
                source="register",
                source_quality="official_secondary",
            ),
            row(
                "wineries",
                "zestaponi_municipality",
                2024,
                35,
                source="Geostat",
                source_quality="official",
            ),
            row(
                "wineries",
                "zestaponi_municipality",
                2023,
                30,
                source="register",
                source_quality="official_secondary",
            ),
        ]
    )
    kept, log = choose_best_source(data)
    assert len(kept) == 2
    value_2024 = kept.loc[kept["year"] == 2024, "value"].iloc[0]
    assert value_2024 == 35  # Geostat wins
    assert len(log) == 2  # two dropped observations, each logged
    assert set(log["dropped_quality"]) == {"news", "official_secondary"}
    assert set(log["kept_quality"]) == {"official"}
    assert log["values_differ"].all()
    assert log["reason_en"].str.contains("outranks").all()
    assert log["reason_ka"].str.len().gt(0).all()


def test_same_quality_tie_keeps_first_and_says_so():
    data = long(
        [
            row("w", "tkibuli_municipality", 2024, 10, source="A", source_quality="secondary"),
            row("w", "tkibuli_municipality", 2024, 10, source="B", source_quality="secondary"),
        ]
    )
    kept, log = choose_best_source(data)
    assert kept["source"].tolist() == ["A"]
    assert "kept the row listed first" in log["reason_en"].iloc[0]
    assert not log["values_differ"].iloc[0]


def test_census_after_an_estimate_is_a_break_and_listed_not_as_decline():
    # Chiatura: 2002 census 56,341; 1 Jan 2014 estimate 54,900; 2014 census 39,884 (break).
    raw = pd.DataFrame(
        {
            "geo_name_en": ["Chiatura"] * 3,
            "geo_level": ["municipality"] * 3,
            "indicator": ["population"] * 3,
            "value": ["56341", "54900", "39884"],
            "unit": ["persons"] * 3,
            "period": ["2002", "2014-01-01", "2014"],
            "period_type": ["census", "estimate_pre_census", "census"],
            "source_title": ["s"] * 3,
            "source_quality": ["secondary_cites_geostat"] * 3,
            "note": [None] * 3,
        }
    )
    flagged = flag_census_breaks(read_real_figures(raw))
    assert flagged["place"].eq("chiatura_municipality").all()
    by_period = flagged.set_index("period")["break"]
    assert not by_period["2002"]  # the first census starts the series
    assert not by_period["2014-01-01"]
    assert by_period["2014"]
    listed = series_breaks(flagged)
    assert len(listed) == 1
    assert listed.iloc[0]["other_value"] == 54900
    assert "not a decline" in listed.iloc[0]["detail_en"]


def test_sex_totals_added_only_for_counts():
    data = long(
        [
            row("retrained", "p", 2024, 30, sex="female", unit="persons"),
            row("retrained", "p", 2024, 20, sex="male", unit="persons"),
            row("share", "p", 2024, 40, sex="female", unit="percent"),
            row("share", "p", 2024, 50, sex="male", unit="percent"),
        ]
    )
    out = add_sex_totals(data)
    totals = out[out["sex"] == "total"]
    assert totals["indicator"].tolist() == ["retrained"]
    assert totals["value"].iloc[0] == 50  # 30 + 20


def test_run_checks_on_the_real_cited_figures():
    # the bundled real, cited figures (each row with its source; data/raw/indicators/SYNTHETIC.md)
    path = Path(__file__).resolve().parents[2] / "data/raw/indicators/real_figures.csv"
    assert path.is_file()
    real = flag_census_breaks(read_real_figures(path))
    checks = run_checks(real)
    # The only break is Chiatura's 2014 census; no town exceeds its municipality.
    assert checks["check"].tolist() == ["series_break"]
    assert checks["place"].iloc[0] == "chiatura_municipality"
