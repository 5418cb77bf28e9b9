"""Indicator figures come from the specs in indicators/metadata.yaml: a new catalogue row gets its
charts from the spec rules (a scorecard square always; a bullet when its ``charts`` column asks)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

from cluster_analysis import geo, metadata
from cluster_analysis.indicators import declared
from cluster_analysis.indicators import figures as fig
from cluster_analysis.indicators.progress import progress

PACKAGE = Path(__file__).resolve().parents[2] / "src/cluster_analysis/indicators"
TOWNS = ["zestaponi_municipality", "tkibuli_municipality", "chiatura_municipality"]

CATALOGUE = pd.DataFrame(
    {
        "indicator": ["registered_wineries", "registered_wineries", "cluster_members"],
        "place": ["zestaponi_municipality", "chiatura_municipality", "georgia"],
        "framework": ["official_statistics"] * 2 + ["packaging_cluster_strategy"],
        "level": ["outcome", "outcome", "outcome"],
        "name_en": ["Registered wineries", "Registered wineries", "Cluster members"],
        "name_ka": ["რეგისტრირებული ღვინის საწარმოები"] * 2 + ["კლასტერის წევრები"],
        "unit": ["count", "count", "count"],
        "direction": ["increase"] * 3,
        "kind": ["quantitative"] * 3,
        "source": ["National Wine Agency", "National Wine Agency", "Cluster register"],
        "baseline_value": [10.0, 4.0, 30.0],
        "baseline_year": [2019, 2019, 2022],
        "target_value": [20.0, 12.0, 60.0],
        "target_year": [2027, 2027, 2027],
    }
)
OBSERVATIONS = pd.DataFrame(
    {
        "indicator": ["registered_wineries"] * 4 + ["cluster_members"] * 2,
        "place": ["zestaponi_municipality"] * 2 + ["chiatura_municipality"] * 2 + ["georgia"] * 2,
        "year": [2019, 2023, 2019, 2023, 2022, 2024],
        "value": [10.0, 15.0, 4.0, 9.0, 30.0, 41.0],
        "break": [False] * 6,
        "origin": ["observations.csv"] * 6,
        "synthetic": [True] * 6,
    }
)
NEW_ROW = {
    "indicator": "farmers_markets",
    "place": "tkibuli_municipality",
    "framework": "official_statistics",
    "level": "output",
    "name_en": "Farmers' markets opened",
    "name_ka": "გახსნილი ფერმერთა ბაზრები",
    "unit": "count",
    "direction": "increase",
    "kind": "quantitative",
    "source": "Municipality",
    "baseline_value": 0.0,
    "baseline_year": 2022,
    "target_value": 3.0,
    "target_year": 2026,
}


def _count(n: object) -> int:
    """The number a figure's n states: "3" or {"en": "3 municipalities", "ka": "3 ..."}, where the
    English and Georgian texts must state the same number."""
    if isinstance(n, dict):
        # the number is the one run of digits in each language's wording
        numbers = {int(re.findall(r"\d+", str(n[lang]))[0]) for lang in ("en", "ka")}
        assert len(numbers) == 1, n
        return numbers.pop()
    return int(str(n))


def _figures(catalogue: pd.DataFrame, observations: pd.DataFrame) -> dict:
    data = fig.FigureData(
        indicator_progress=progress(catalogue, observations),
        catalogue=catalogue,
        indicator_observations=observations,
        real_figures=observations.iloc[0:0],
        synthetic=True,
    )
    return {figure.name: figure for figure in fig.figures(data)}


def _labels(figure) -> str:
    """Every category label and hover text of a plotly figure, as one string."""
    parts = []
    for trace in figure.data:
        for attribute in ("x", "y", "text", "hovertext", "customdata"):
            values = getattr(trace, attribute, None)
            if values is not None:
                parts.append(str(list(values)))
    return " ".join(parts).replace("<br>", " ")


def test_a_new_catalogue_row_gets_a_scorecard_square() -> None:
    before = _figures(CATALOGUE, OBSERVATIONS)
    assert "Farmers" not in _labels(before["scorecard_towns"].build("en"))
    catalogue = pd.concat([CATALOGUE, pd.DataFrame([NEW_ROW])], ignore_index=True)
    after = _figures(catalogue, OBSERVATIONS)
    towns = after["scorecard_towns"]
    assert "Farmers' markets opened" in _labels(towns.build("en"))
    assert "გახსნილი ფერმერთა ბაზრები" in _labels(towns.build("ka"))
    # n counts the new pair: the two wineries rows and the new one
    assert _count(towns.meta.n) == 3


def test_every_progress_row_is_in_exactly_one_scorecard() -> None:
    catalogue = pd.concat(
        [
            CATALOGUE,
            pd.DataFrame(
                [
                    NEW_ROW,
                    {**NEW_ROW, "place": "imereti", "framework": "packaging_cluster_strategy"},
                ]
            ),
        ],
        ignore_index=True,
    )
    figures = _figures(catalogue, OBSERVATIONS)
    squares = sum(
        len(trace.x)
        for name in ("scorecard_towns", "scorecard_cluster")
        for trace in figures[name].build("en").data
    )
    assert squares == len(catalogue) == 5
    assert _count(figures["scorecard_cluster"].meta.n) == 2  # georgia and imereti


def test_the_catalogue_charts_column_asks_for_a_bullet() -> None:
    catalogue = pd.concat([CATALOGUE, pd.DataFrame([NEW_ROW])], ignore_index=True)
    assert "bullet_farmers_markets" not in _figures(catalogue, OBSERVATIONS)
    catalogue["charts"] = [None, None, None, "bullet | small_multiples"]
    figures = _figures(catalogue, OBSERVATIONS)
    bullet = figures["bullet_farmers_markets"]
    assert bullet.meta.title == {"en": "Farmers' markets opened", "ka": "გახსნილი ფერმერთა ბაზრები"}
    assert bullet.meta.source == {"en": "Municipality", "ka": "Municipality"}
    assert bullet.audience == "donors"
    assert "towns_farmers_markets" in figures
    # the spec's own list still comes first, in its order
    names = [name for name in figures if name.startswith("bullet_")]
    assert names == [
        "bullet_cluster_members",
        "bullet_registered_wineries",
        "bullet_farmers_markets",
    ]


def test_listed_indicators_take_title_unit_and_source_from_the_catalogue() -> None:
    figures = _figures(CATALOGUE, OBSERVATIONS)
    wineries = figures["bullet_registered_wineries"]
    assert wineries.meta.title["ka"] == "რეგისტრირებული ღვინის საწარმოები"
    assert wineries.meta.source == {"en": "National Wine Agency", "ka": "National Wine Agency"}
    assert _count(wineries.meta.n) == 2 and wineries.meta.period == "2023"
    # the towns' small multiples draw official indicators only, never one town's plan
    assert not any(name.startswith("towns_") for name in figures)


def test_indexed_lines_take_base_year_and_places_from_the_spec() -> None:
    spec = metadata.figure_spec("indicators", "indexed_unemployment_share")
    observations = pd.DataFrame(
        {
            "indicator": ["registered_unemployment_share"] * 4,
            "place": [
                "zestaponi_municipality",
                "zestaponi_municipality",
                "tkibuli_municipality",
                "tkibuli_municipality",
            ],
            "year": [2019, 2022, 2019, 2022],
            "value": [100.0, 150.0, 40.0, 30.0],
            "break": [False] * 4,
            "origin": ["observations.csv"] * 4,
            "synthetic": [True] * 4,
        }
    )
    figure = _figures(CATALOGUE, observations)["indexed_unemployment_share"]
    base = spec.params["base_year"]
    assert figure.meta.title["en"] == f"Registered jobseekers' share, indexed to {base}"
    assert _count(figure.meta.n) == len(declared.place_set(spec.params["places"]))
    indexed = {
        trace.name: list(trace.y) for trace in figure.build("en").data if trace.y is not None
    }
    # an independent index: value / base-year value x 100
    last = sorted(round(values[-1], 6) for values in indexed.values() if len(values) == 2)
    assert last == [75.0, 150.0]


def test_every_spec_names_a_builder_and_known_places() -> None:
    raw = yaml.safe_load((PACKAGE / "metadata.yaml").read_text(encoding="utf-8"))
    for spec in metadata.figure_specs("indicators"):
        assert spec.kind in fig.BUILDERS, spec.name
        assert spec.audience == raw["figures"][spec.name]["audience"]
        for key in ("places", "places_except"):
            if key in spec.params:
                for place in declared.place_set(spec.params[key]):
                    assert geo.try_normalize_place(place) == place, (spec.name, place)


def test_an_unknown_kind_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    bad = metadata.FigureSpec(
        "indicators", "odd", "indicator_progress", "pie", "donors", {"en": "x", "ka": "x"}
    )
    monkeypatch.setattr(fig.metadata, "figure_specs", lambda domain: [bad])
    with pytest.raises(metadata.MetadataError, match=r"figures\.odd: unknown kind 'pie'"):
        _figures(CATALOGUE, OBSERVATIONS)


#: Modules with their own tests and owners (the progress method, the Geostat reader).
ELSEWHERE = {"progress.py", "geostat.py"}


def test_no_function_of_the_domain_is_over_150_lines() -> None:
    long = []
    for path in sorted(p for p in PACKAGE.glob("*.py") if p.name not in ELSEWHERE):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > 150:
                    long.append(f"{path.name}:{node.name} ({length} lines)")
    assert long == []


def test_a_per_indicator_figure_is_found_by_its_declared_name() -> None:
    assert metadata.figure_spec("indicators", "bullet_farmers_markets").name == "bullet_{indicator}"
    assert (
        metadata.figure_spec("indicators", "towns_registered_unemployment_share").name
        == "towns_{indicator}"
    )
    assert metadata.figure_spec("indicators", "scorecard_towns").kind == "status_scorecard"
    with pytest.raises(KeyError, match="figure 'bullet_' is not declared"):
        metadata.figure_spec("indicators", "bullet_")


def test_the_example_catalogue_with_a_charts_column_draws_the_asked_bullet() -> None:
    import csv

    from cluster_analysis.indicators.catalogue import validate_catalogue
    from cluster_analysis.readers import read_table

    path = PACKAGE.parents[2] / "data/raw/indicators/catalogue.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    # an indicator the spec does not list, asked for in the catalogue's charts column
    unlisted = next(r["indicator"] for r in rows if r["indicator"] == "ceramic_workshops")
    raw = read_table(path, as_text=True)
    raw["charts"] = raw["indicator"].map(lambda i: "bullet" if i == unlisted else None)
    catalogue = validate_catalogue(raw).valid
    assert "charts" in catalogue.columns
    observations = pd.DataFrame(
        {
            "indicator": [unlisted] * 2,
            "place": ["zestaponi_municipality"] * 2,
            "year": [2019, 2023],
            "value": [1000.0, 1500.0],
            "break": [False] * 2,
            "origin": ["observations.csv"] * 2,
            "synthetic": [True] * 2,
        }
    )
    figures = _figures(catalogue, observations)
    assert f"bullet_{unlisted}" in figures
    names_en = {r["name_en"] for r in rows if r["indicator"] == unlisted}
    assert {figures[f"bullet_{unlisted}"].meta.title["en"]} == names_en


def test_a_scorecard_per_document_framework_is_a_filter_in_the_spec(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    catalogue = pd.concat([CATALOGUE, pd.DataFrame([NEW_ROW])], ignore_index=True)
    catalogue["framework"] = ["led_plan", "cluster_strategy", "cluster_strategy", "led_plan"]
    spec = metadata.FigureSpec(
        "indicators",
        "scorecard_led_plan",
        "indicator_progress",
        "status_scorecard",
        "donors",
        {"en": "LED plan", "ka": "ადგილობრივი განვითარების გეგმა"},
        {"filters": {"framework": "led_plan"}, "places_except": [], "source": "catalogue"},
    )
    monkeypatch.setattr(fig.metadata, "figure_specs", lambda domain: [spec])
    figures = _figures(catalogue, OBSERVATIONS)
    squares = {
        (y, x)
        for trace in figures["scorecard_led_plan"].build("en").data
        for x, y in zip(trace.x, trace.y, strict=True)
    }
    assert len(squares) == 2 == _count(figures["scorecard_led_plan"].meta.n)
    labels = _labels(figures["scorecard_led_plan"].build("en"))
    assert "Farmers' markets opened" in labels and "Cluster members" not in labels
    bad = metadata.FigureSpec(**{**spec.__dict__, "params": {"filters": {"nowhere": "x"}}})
    monkeypatch.setattr(fig.metadata, "figure_specs", lambda domain: [bad])
    with pytest.raises(metadata.MetadataError, match="no column 'nowhere'"):
        _figures(catalogue, OBSERVATIONS)


def test_place_sets_expand_the_sets_they_name() -> None:
    raw = yaml.safe_load((PACKAGE / "metadata.yaml").read_text(encoding="utf-8"))
    assert raw["place_sets"]["towns"] == TOWNS
    assert declared.place_set("towns_region_country") == [*TOWNS, "imereti", "georgia"]
    assert declared.place_set(["towns", "zestaponi_town"]) == [*TOWNS, "zestaponi_town"]
    with pytest.raises(metadata.MetadataError, match=r"place_sets\.nowhere is not declared"):
        declared.place_set("nowhere")
