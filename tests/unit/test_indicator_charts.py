"""Indicator chart builders return figures with the expected traces and no titles."""

from __future__ import annotations

import pandas as pd

from cluster_analysis.indicators import charts
from cluster_analysis.indicators.progress import progress

CATALOGUE = pd.DataFrame(
    {
        "indicator": ["wineries", "wineries", "eccp"],
        "place": ["zestaponi_municipality", "chiatura_municipality", "georgia"],
        "level": ["outcome", "outcome", "outcome"],
        "name_en": ["Registered wineries", "Registered wineries", "ECCP profile"],
        "name_ka": ["რეგისტრირებული ღვინის საწარმოები"] * 2 + ["ECCP პროფილი"],
        "unit": ["count", "count", "yes_no"],
        "direction": ["increase"] * 3,
        "kind": ["quantitative", "quantitative", "qualitative"],
        "baseline_value": [10.0, 4.0, 0.0],
        "baseline_year": [2019, 2019, 2022],
        "target_value": [20.0, 12.0, 1.0],
        "target_year": [2027, 2027, 2025],
    }
)
OBS = pd.DataFrame(
    {
        "indicator": ["wineries"] * 5,
        "place": ["zestaponi_municipality"] * 3 + ["chiatura_municipality"] * 2,
        "year": [2019, 2021, 2023, 2019, 2023],
        "value": [10.0, 13.0, 21.0, 4.0, 9.0],
        "break": [False, False, True, False, False],
    }
)


def names(figure) -> list[str]:
    return [trace.name for trace in figure.data]


def test_scorecard_has_one_trace_per_status_with_status_colours():
    frame = progress(CATALOGUE, OBS)
    for lang in ("en", "ka"):
        figure = charts.status_scorecard(frame, CATALOGUE, lang)
        assert figure.layout.title.text is None
        assert len(figure.data) == frame["status"].nunique()
    figure = charts.status_scorecard(frame, CATALOGUE, "en")
    by_name = {trace.name: trace for trace in figure.data}
    assert "No data" in by_name  # the eccp row has no observation
    assert by_name["No data"].marker.color == charts.status_colour_of("no data")
    assert charts.status_colour_of("no data") != charts.status_colour_of("off track")


def test_bullet_chart_has_current_baseline_target():
    frame = progress(CATALOGUE, OBS)
    figure = charts.bullet_chart(frame, "wineries", CATALOGUE, "ka")
    assert names(figure)[:3] == ["ბოლო მნიშვნელობა", "საბაზისო", "მიზანი"]
    assert figure.data[0].type == "bar"
    assert len(figure.data[0].y) == 2


def test_small_multiples_one_panel_per_town_and_break_marker():
    places = ["zestaponi_municipality", "chiatura_municipality", "tkibuli_municipality"]
    figure = charts.small_multiples(OBS, "wineries", places, "en", catalogue=CATALOGUE)
    # one panel per place, named on its x axis
    assert figure.layout.xaxis.title.text == "Zestaponi Municipality"
    assert figure.layout.xaxis3.title.text == "Tkibuli Municipality"
    assert "Series break (change of method)" in names(figure)
    line = figure.data[0]
    # the Zestaponi line has a gap (None) before the 2023 break
    assert None in list(line.x)
    # one colour for the series in every panel (the theme's first colour)
    colours = {t.line.color for t in figure.data if t.legendgroup == "value"}
    assert len(colours) == 1


def test_indexed_lines_mark_breaks_and_do_not_index_across_them():
    figure = charts.indexed_lines(OBS, "wineries", 2019, "en")
    trace_names = names(figure)
    assert "Series break (change of method)" in trace_names
    chiatura = figure.data[trace_names.index("Chiatura Municipality")]
    assert list(chiatura.y)[-1] == 225.0  # 9 / 4 * 100
    zestaponi = figure.data[trace_names.index("Zestaponi Municipality")]
    assert [y for y in zestaponi.y if y is not None and y == y] == [100.0, 130.0]
    assert "2019 = 100" in figure.layout.yaxis.title.text


def test_location_quotient_chart_flags_tiny_counts():
    lq = pd.DataFrame(
        {
            "place": ["zestaponi_municipality"] * 2,
            "sector": ["mining", "other"],
            "lq": [0.1, 1.2],
            "tiny": [True, False],
        }
    )
    figure = charts.location_quotient_chart(lq, "en")
    assert figure.data[0].type == "bar"
    assert list(figure.data[0].text) == ["*", ""]
