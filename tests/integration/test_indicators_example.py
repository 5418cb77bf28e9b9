"""The indicators pipeline on the bundled example data (data/raw/indicators, see its SYNTHETIC.md).

The example seeds known cases: a series break (Chiatura guest-nights from 2023, Geostat's rates per
1,000 on the census population from 2015), a place without data (Tkibuli ceramic workshops), a
qualitative indicator assessed by hand (the ECCP profile), a value in the wrong unit, a town above
its municipality, and bad rows that must be quarantined with a reason, not processed.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from cluster_analysis import metadata
from cluster_analysis.config import Paths, Settings, get_paths
from cluster_analysis.indicators.figures import figures_from_processed
from cluster_analysis.pipeline import RunOptions, RunSummary, run_pipeline
from cluster_analysis.readers import read_table

REPO = Path(__file__).resolve().parents[2]
TOWNS = {"zestaponi_municipality", "tkibuli_municipality", "chiatura_municipality"}


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> tuple[Paths, RunSummary]:
    root = tmp_path_factory.mktemp("indicators-example")
    paths = get_paths(root, raw=REPO / "data" / "raw")
    summary = run_pipeline(
        paths, Settings(), RunOptions(domains=("indicators",), write_reports=False)
    )
    assert summary.errors == {}
    return paths, summary


def _processed(paths: Paths, table: str) -> pd.DataFrame:
    return pd.read_parquet(paths.processed / "indicators" / f"{table}.parquet")


def test_both_scorecards_cover_the_towns_and_the_cluster(example) -> None:
    paths, summary = example
    figures = {figure.name: figure for figure in summary.results["indicators"].figures}
    assert {"scorecard_towns", "scorecard_cluster"} <= set(figures)
    towns = figures["scorecard_towns"].build("en")
    cluster = figures["scorecard_cluster"].build("ka")
    # the towns' scorecard has one column per municipality; the cluster's results one (national)
    assert len({x for trace in towns.data for x in trace.x}) == 3
    assert len({x for trace in cluster.data for x in trace.x}) == 1
    # every indicator x place pair of the progress table is a square on one of the two
    progress = _processed(paths, "indicator_progress")
    squares = sum(len(trace.x) for fig in (towns, cluster) for trace in fig.data)
    assert squares == len(progress)
    assert figures["scorecard_towns"].meta.synthetic  # built on the synthetic example


def test_logframe_in_english_and_georgian(example) -> None:
    paths, summary = example
    tables = {table.name: table for table in summary.results["indicators"].tables}
    english, georgian = tables["logframe_en"], tables["logframe_ka"]
    assert english.columns["results_chain"]["en"] == "Results chain"
    assert georgian.columns["results_chain"]["ka"] == "შედეგების ჯაჭვი"
    assert len(english.frame) == len(georgian.frame) == len(_processed(paths, "indicator_progress"))
    # impact rows first; status words in each table's own language
    assert english.frame["results_chain"].iloc[0] == "Impact"
    assert "On track" in set(english.frame["status"])
    assert "გეგმის მიხედვით" in set(georgian.frame["status"])
    # the qualitative ECCP indicator shows the status set by hand and its reason
    eccp = english.frame[english.frame["status"].str.startswith("Assessed by hand")]
    assert len(eccp) == 1 and "ECCP" in eccp["comment"].iloc[0]
    # the notebook's copies in the processed layer
    assert _processed(paths, "logframe_ka").equals(georgian.frame.reset_index(drop=True))


def test_progress_has_no_data_status_and_series_break_notes(example) -> None:
    paths, _ = example
    progress = _processed(paths, "indicator_progress")
    statuses = set(progress["status"])
    assert {"no data", "manual", "on track"} <= statuses
    no_data = progress[progress["status"] == "no data"]
    assert ("ceramic_workshops", "tkibuli_municipality") in set(
        zip(no_data["indicator"], no_data["place"], strict=True)
    )
    # Chiatura's guest-nights: the baseline restarts on the new counting method (2023)
    chiatura = progress[
        (progress["indicator"] == "guest_nights") & (progress["place"] == "chiatura_municipality")
    ].iloc[0]
    assert "series break in 2023" in chiatura["note"]
    assert chiatura["effective_baseline_year"] == 2023
    assert chiatura["note_ka"]  # the note exists in Georgian too
    # Geostat rates per 1,000: census rebasing in 2015, the baseline year itself
    business = progress[progress["indicator"] == "active_business_entities_per1000"]
    assert set(business["place"]) == TOWNS
    assert business["note"].str.contains("series break in the baseline year 2015").all()


def test_seeded_bad_rows_are_quarantined_with_reasons(example) -> None:
    paths, summary = example
    rejects = read_table(paths.validation / "rejects.xlsx", sheet="Rejects")
    by_check = {row.check: row for row in rejects.itertuples()}
    # catalogue: target year before the baseline year; observations: text in a number, a place
    # that does not exist, a misspelt indicator id
    assert {
        "target_after_baseline",
        "coerce_dtype('Float64')",
        "unknown_place",
        "unknown_indicator",
    } <= set(by_check)
    assert by_check["unknown_place"].value == "Atlantis"
    assert by_check["unknown_indicator"].value == "registered_wineris"
    assert by_check["target_after_baseline"].table == "indicator_catalogue"
    assert rejects["reason_en"].notna().all() and rejects["reason_ka"].notna().all()
    assert summary.rejected_rows == len(rejects) == 4
    # nothing quarantined reaches the processed layer
    observations = _processed(paths, "indicator_observations")
    assert "Atlantis" not in set(observations["place"].astype(str))
    assert "registered_wineris" not in set(observations["indicator"].astype(str))
    catalogue = _processed(paths, "indicator_catalogue")
    assert "tourism_jobs" not in set(catalogue["indicator"].astype(str))


def test_unit_mismatch_and_town_above_municipality_are_flagged(example) -> None:
    paths, summary = example
    checks = _processed(paths, "indicator_checks")
    assert {"series_break", "unit_mismatch", "town_exceeds_municipality"} <= set(checks["check"])
    assert any("another unit" in warning for warning in summary.warnings)


def test_processed_tables_for_the_notebook(example) -> None:
    paths, _ = example
    language = _processed(paths, "geostat_language_check")
    assert len(language) and {"value_en", "value_ka", "cell_en", "cell_ka"} <= set(language.columns)
    lq = _processed(paths, "location_quotients")
    assert set(lq["place"]) == TOWNS and (lq["lq"] > 0).all()
    assert set(_processed(paths, "diversification")["place"]) == TOWNS
    assert len(_processed(paths, "town_comparison")) == 3


def test_every_table_and_column_is_declared(example) -> None:
    paths, summary = example
    written = sorted((paths.processed / "indicators").glob("*.parquet"))
    assert len(written) >= 13
    for path in written:
        spec = metadata.table_spec("indicators", path.stem)  # KeyError when undeclared
        assert spec.audience in metadata.AUDIENCES
        frame = pd.read_parquet(path)
        for column in spec.primary_key:
            assert column in frame.columns, (path.stem, column)
        undescribed = [
            c for c in frame.columns if metadata.describe_column(c, "indicators") is None
        ]
        assert undescribed == [], path.stem
    for table in summary.results["indicators"].tables:
        assert table.audience == metadata.table_spec("indicators", table.name).audience
    for figure in summary.results["indicators"].figures:
        # bullet_cluster_members is declared once as bullet_{indicator}
        assert figure.audience == metadata.figure_spec("indicators", figure.name).audience


def test_the_notebook_figures_equal_the_exported_ones(example) -> None:
    paths, summary = example
    exported = {figure.name: figure for figure in summary.results["indicators"].figures}
    rebuilt = figures_from_processed(
        _processed(paths, "indicator_progress"),
        _processed(paths, "indicator_catalogue"),
        _processed(paths, "indicator_observations"),
        location_quotients=_processed(paths, "location_quotients"),
    )
    assert list(rebuilt) == list(exported)
    for name, figure in exported.items():
        assert rebuilt[name].meta == figure.meta, name
        assert rebuilt[name].audience == figure.audience
    # the same data in the same traces (the y values of the town scorecard, say)
    one, two = exported["scorecard_towns"].build("ka"), rebuilt["scorecard_towns"].build("ka")
    assert [list(t.y) for t in one.data] == [list(t.y) for t in two.data]
