"""The indicators pipeline on the bundled example data (data/raw/indicators, see its SYNTHETIC.md).

The catalogue follows the documents (four frameworks: Zestaponi's plan for Zestaponi only, official
indicators of the three towns, the EU project per town, the cluster strategy); no target is
invented. The example seeds known cases: a series break (Geostat's rates per 1,000 on the census
population from 2015), a qualitative indicator assessed by hand (the ECCP profile), a value in the
wrong unit, a town above its municipality, results computed from the activity log, and bad rows
that must be quarantined with a reason, not processed.
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


def test_a_scorecard_per_framework_and_the_plan_only_in_zestaponi(example) -> None:
    paths, summary = example
    figures = {figure.name: figure for figure in summary.results["indicators"].figures}
    names = ["scorecard_zestaponi_plan", "scorecard_cluster", "scorecard_eu_project"]
    names.append("scorecard_towns")
    assert set(names) <= set(figures) and "scorecard_unassigned" not in figures
    columns = {
        name: {x for trace in figures[name].build("en").data for x in trace.x} for name in names
    }
    # Zestaponi's plan is Zestaponi's only; the towns' comparison and the EU project have three
    assert len(columns["scorecard_zestaponi_plan"]) == 1
    assert len(columns["scorecard_towns"]) == len(columns["scorecard_eu_project"]) == 3
    assert len(columns["scorecard_cluster"]) == 1
    # every indicator x place pair of the progress table is a square on exactly one of them
    progress = _processed(paths, "indicator_progress")
    squares = sum(len(t.x) for name in names for t in figures[name].build("en").data)
    assert squares == len(progress)
    catalogue = _processed(paths, "indicator_catalogue")
    plan = catalogue[catalogue["framework"] == "zestaponi_led_plan"]
    assert set(plan["place"]) == {"zestaponi_municipality"} and len(plan) >= 10
    # the vision (impact), the three main goals (outcome), the six means of mobilisation (output)
    refs = set(plan["framework_ref"])
    assert {f"Plan, section 8: main goal {i}" for i in (1, 2, 3)} <= refs
    assert {f"Plan, means of mobilisation {i}" for i in range(1, 7)} <= refs
    others = catalogue[catalogue["place"].isin(TOWNS - {"zestaponi_municipality"})]
    assert set(others["framework"]) == {"official_statistics", "eu_revitalisation_project"}
    assert figures["scorecard_towns"].meta.synthetic  # built on the synthetic example
    # the EU project's scorecard carries the project's facts in its footnote
    footnote = figures["scorecard_eu_project"].meta.footnote("en")
    assert "01.01.2019–31.03.2021" in footnote and "EUR 315,000" in footnote


def test_no_target_the_documents_do_not_give(example) -> None:
    paths, _ = example
    catalogue = _processed(paths, "indicator_catalogue")
    targeted = catalogue[catalogue["target_value"].notna()]
    # the only target: "represented at all priority events" (100 %) by the strategy's end, 2023
    assert targeted[["indicator", "target_value", "target_year"]].values.tolist() == [
        ["priority_events_attended_share", 100.0, 2023]
    ]
    progress = _processed(paths, "indicator_progress")
    untargeted = progress[progress["target_value"].isna() & (progress["status"] != "manual")]
    assert set(untargeted["status"]) == {"target not set"}


def test_logframe_in_english_and_georgian(example) -> None:
    paths, summary = example
    tables = {table.name: table for table in summary.results["indicators"].tables}
    english, georgian = tables["logframe_en"], tables["logframe_ka"]
    assert english.columns["results_chain"]["en"] == "Results chain"
    assert georgian.columns["results_chain"]["ka"] == "შედეგების ჯაჭვი"
    assert len(english.frame) == len(georgian.frame) == len(_processed(paths, "indicator_progress"))
    # grouped by framework, the Zestaponi plan first; impact rows first within it
    assert english.frame["framework"].iloc[0] == "Zestaponi local economic development plan"
    assert english.frame["results_chain"].iloc[0] == "Impact"
    assert "target not set" in set(english.frame["target"])
    assert "სამიზნე არ არის დადგენილი" in set(georgian.frame["target"])
    assert "გეგმა, თავი 8: მთავარი მიზანი 1" in set(georgian.frame["framework_ref"])
    assert "Plan, section 8: main goal 1" in set(english.frame["framework_ref"])
    # the qualitative ECCP indicator shows the status set by hand and its reason
    eccp = english.frame[english.frame["status"].str.startswith("Assessed by hand")]
    assert len(eccp) == 1 and "ECCP" in eccp["comment"].iloc[0]
    # the EU project's facts under the logframe, in its language
    assert "315 000 ევრო" in georgian.meta.note["ka"]
    assert "Sustainable Development Organization" in english.meta.note["en"]
    # the notebook's copies in the processed layer
    assert _processed(paths, "logframe_ka").equals(georgian.frame.reset_index(drop=True))


def test_progress_statuses_and_series_break_notes(example) -> None:
    paths, _ = example
    progress = _processed(paths, "indicator_progress")
    assert {"target not set", "manual", "no data"} <= set(progress["status"])
    # Geostat rates per 1,000: census rebasing in 2015, the baseline year itself
    business = progress[progress["indicator"] == "active_business_entities_per1000"]
    assert set(business["place"]) == TOWNS
    assert business["note"].str.contains("series break in the baseline year 2015").all()


def test_results_computed_from_the_activity_log_win_over_typed_ones(example) -> None:
    paths, _ = example
    computed = _processed(paths, "computed_results")
    log = read_table(REPO / "data/raw/indicators/activity_log.csv", as_text=True)
    # an independent count: promotion entries in Kakheti in 2026 in the raw log
    kakheti = log[
        (log["activity"] == "promotion")
        & (log["region"] == "Kakheti")
        & log["date"].str.startswith("2026")
    ]
    row = computed[
        (computed["indicator"] == "promotion_events_kakheti") & (computed["year"] == 2026)
    ]
    assert row["value"].tolist() == [float(len(kakheti))]
    consistency = _processed(paths, "results_consistency")
    assert set(consistency["kept"]) == {"computed"}
    observations = _processed(paths, "indicator_observations")
    kept = observations[observations["indicator"] == "promotion_events_kakheti"]
    assert set(kept["origin"]) == {"computed"}
    facts = _processed(paths, "project_facts").set_index("field")
    assert facts.loc["period", "value_en"] == "01.01.2019–31.03.2021"


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
        "activity_known",
    } <= set(by_check)
    assert by_check["unknown_place"].value == "Atlantis"
    assert by_check["unknown_indicator"].value == "registered_wineris"
    assert by_check["target_after_baseline"].table == "indicator_catalogue"
    assert rejects["reason_en"].notna().all() and rejects["reason_ka"].notna().all()
    assert by_check["activity_known"].value == "lunch"  # the activity log's bad row
    assert summary.rejected_rows == len(rejects) == 5
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
        project_facts=_processed(paths, "project_facts"),
    )
    assert list(rebuilt) == list(exported)
    for name, figure in exported.items():
        assert rebuilt[name].meta == figure.meta, name
        assert rebuilt[name].audience == figure.audience
    # the same data in the same traces (the y values of the town scorecard, say)
    one, two = exported["scorecard_towns"].build("ka"), rebuilt["scorecard_towns"].build("ka")
    assert [list(t.y) for t in one.data] == [list(t.y) for t in two.data]
