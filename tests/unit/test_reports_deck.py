"""The editable deck: native charts whose embedded data equals the figure's numbers."""

from __future__ import annotations

import io

import openpyxl
import plotly.graph_objects as go
import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE

from cluster_analysis.outputs import FigureOutput, Meta, text
from cluster_analysis.reports.deck import ChartSpec, TableSpec, chart_spec, write_deck

META = Meta(
    title=text("Gaps ranked", "ხარვეზები რანჟირებული"),
    unit=text("score", "ქულა"),
    period="2026 H2",
    source=text("Member survey", "წევრების გამოკითხვა"),
    n="46 respondents",
    synthetic=True,
)


def _bars(lang: str) -> go.Figure:
    labels = {"en": ["Design", "Export<br>rules"], "ka": ["დიზაინი", "ექსპორტის<br>წესები"]}[lang]
    fig = go.Figure(go.Bar(x=[4.5, 2.25], y=labels, orientation="h", name="MWDS"))
    fig.update_xaxes(title_text="MWDS")
    return fig


def _points(lang: str) -> go.Figure:
    return go.Figure(
        go.Scatter(x=[3.1, 3.2], y=[4.0, 4.1], mode="markers+text", text=["Design", "Sales"])
    )


def _heat(lang: str) -> go.Figure:
    return go.Figure(go.Heatmap(z=[[1.0, None]], x=["makers", "users"], y=["skills"]))


def _subplots(lang: str) -> go.Figure:
    from plotly.subplots import make_subplots

    fig = make_subplots(rows=1, cols=2)
    fig.add_trace(go.Bar(x=["a"], y=[1]), row=1, col=1)
    fig.add_trace(go.Bar(x=["a"], y=[2]), row=1, col=2)
    return fig


def _chart_workbook(chart) -> openpyxl.Workbook:
    blob = chart.part.chart_workbook.xlsx_part.blob
    return openpyxl.load_workbook(io.BytesIO(blob))


@pytest.mark.parametrize("lang", ["en", "ka"])
def test_bar_figure_becomes_a_native_bar_chart_with_its_numbers(tmp_path, lang):
    figures = [FigureOutput("gaps", _bars, META, "donors")]
    path = write_deck(figures, tmp_path / f"charts.{lang}.pptx", lang)
    prs = Presentation(str(path))
    assert len(prs.slides) == 2  # title slide + one figure
    slide = prs.slides[1]
    charts = [s.chart for s in slide.shapes if s.has_chart]
    assert len(charts) == 1
    chart = charts[0]
    assert chart.chart_type == XL_CHART_TYPE.BAR_CLUSTERED
    ws = _chart_workbook(chart).active
    rows = [tuple(c.value for c in row) for row in ws.iter_rows(min_row=2, max_col=2)]
    expected = {"en": ["Design", "Export rules"], "ka": ["დიზაინი", "ექსპორტის წესები"]}[lang]
    assert rows == [(expected[0], 4.5), (expected[1], 2.25)]
    words = " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
    assert META.title[lang] in words
    assert "n = 46 respondents" in words
    synthetic = {"en": "SYNTHETIC EXAMPLE DATA", "ka": "სინთეზური სანიმუშო"}[lang]
    assert synthetic in words
    assert "Edit Data" in slide.notes_slide.notes_text_frame.text


def test_points_become_numbered_xy_scatter_with_a_key(tmp_path):
    path = write_deck([FigureOutput("ipa", _points, META, "donors")], tmp_path / "d.pptx", "en")
    slide = Presentation(str(path)).slides[1]
    chart = next(s.chart for s in slide.shapes if s.has_chart)
    assert chart.chart_type == XL_CHART_TYPE.XY_SCATTER
    assert list(chart.plots[0].series[0].values) == [4.0, 4.1]
    labels = [p.data_label.text_frame.text for p in chart.plots[0].series[0].points]
    assert labels == ["1", "2"]
    assert "1 = Design; 2 = Sales" in slide.notes_slide.notes_text_frame.text


def test_heatmap_becomes_a_table_and_subplots_fall_back_to_the_picture(tmp_path):
    assert isinstance(chart_spec(_heat("en")), TableSpec)
    assert chart_spec(_subplots("en")) is None
    png = tmp_path / "multi.en.png"
    # a 1x1 PNG stands in for the exported figure
    png.write_bytes(
        bytes.fromhex(
            "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
            "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
        )
    )
    figures = [
        FigureOutput("heat", _heat, META, "donors"),
        FigureOutput("multi", _subplots, META, "donors"),
    ]
    path = write_deck(
        figures, tmp_path / "d.pptx", "en", figure_files={"multi": {"en": {"png": png}}}
    )
    slides = Presentation(str(path)).slides
    table = next(s.table for s in slides[1].shapes if s.has_table)
    assert [c.text for c in table.rows[0].cells] == ["", "makers", "users"]
    assert [c.text for c in table.rows[1].cells] == ["skills", "1.00", ""]
    assert any(s.shape_type == 13 for s in slides[2].shapes)  # MSO_SHAPE_TYPE.PICTURE


def test_line_figure_keeps_year_order_and_gaps():
    fig = go.Figure(
        [
            go.Scatter(x=[2020, 2022], y=[1.0, 3.0], mode="lines", name="Tkibuli"),
            go.Scatter(x=[2021, 2020], y=[5.0, 4.0], mode="lines", name="Chiatura"),
        ]
    )
    spec = chart_spec(fig)
    assert isinstance(spec, ChartSpec) and spec.kind == "line"
    assert spec.categories == ["2020", "2021", "2022"]
    assert spec.series == [("Tkibuli", [1.0, None, 3.0]), ("Chiatura", [4.0, 5.0, None])]


def test_scorecard_becomes_a_status_table_and_dumbbell_becomes_bars():
    scorecard = go.Figure(
        [
            go.Scatter(
                x=["Tkibuli", "Chiatura"], y=["Jobs", "Jobs"], mode="markers", name="On track"
            ),
            go.Scatter(x=["Tkibuli"], y=["Firms"], mode="markers", name="At risk"),
        ]
    )
    table = chart_spec(scorecard)
    assert isinstance(table, TableSpec)
    assert table.header == ["", "Tkibuli", "Chiatura"]
    assert table.rows == [["Jobs", "On track", "On track"], ["Firms", "At risk", ""]]
    dumbbell = go.Figure(
        [
            go.Scatter(
                x=[1, 2, None, 3, 4], y=["a", "a", None, "b", "b"], mode="lines", showlegend=False
            ),
            go.Scatter(x=[1.0, 3.0], y=["a", "b"], mode="markers", name="2025"),
            go.Scatter(x=[2.0, 4.0], y=["a", "b"], mode="markers", name="2026"),
        ]
    )
    spec = chart_spec(dumbbell)
    assert isinstance(spec, ChartSpec) and spec.kind == "bar_h"
    assert spec.categories == ["a", "b"]
    assert spec.series == [("2025", [1.0, 3.0]), ("2026", [2.0, 4.0])]


def test_legend_only_entries_and_vertical_marks_are_not_series():
    fig = go.Figure(
        [
            go.Bar(x=[90.0], y=["Georgia"], orientation="h", name="Latest value"),
            go.Scatter(x=[100.0], y=["Georgia"], mode="markers", name="Target"),
            go.Scatter(x=[None], y=[None], mode="markers", name="On track"),
        ]
    )
    spec = chart_spec(fig)
    assert [name for name, _ in spec.series] == ["Latest value", "Target"]
    lines = go.Figure(
        [
            go.Scatter(x=[2019.0, 2020.0], y=[100.0, 110.0], mode="lines+markers", name="Tkibuli"),
            go.Scatter(x=[2020, 2020], y=[90, 120], mode="lines+text", name="Series break"),
        ]
    )
    spec = chart_spec(lines)
    assert spec.categories == ["2019", "2020"] and [n for n, _ in spec.series] == ["Tkibuli"]


def test_points_keep_the_figure_own_numbers_in_labels_and_key(tmp_path):
    def numbered(lang: str) -> go.Figure:
        return go.Figure(
            go.Scatter(
                x=[3.1, 3.2], y=[4.0, 4.1], mode="markers+text", text=["2", "1"],
                hovertext=["Sales", "Design"],
            )
        )  # fmt: skip

    path = write_deck([FigureOutput("ipa", numbered, META, "donors")], tmp_path / "d.pptx", "en")
    slide = Presentation(str(path)).slides[1]
    chart = next(s.chart for s in slide.shapes if s.has_chart)
    labels = [p.data_label.text_frame.text for p in chart.plots[0].series[0].points]
    assert labels == ["2", "1"]
    assert "1 = Design; 2 = Sales" in slide.notes_slide.notes_text_frame.text


def test_key_messages_slide_follows_the_title(tmp_path):
    messages = ["First message (n = 46).", "Second message."]
    path = write_deck(
        [FigureOutput("gaps", _bars, META, "donors")], tmp_path / "d.pptx", "ka", messages=messages
    )
    slides = Presentation(str(path)).slides
    assert len(slides) == 3
    words = "\n".join(s.text_frame.text for s in slides[1].shapes if s.has_text_frame)
    assert "ძირითადი გზავნილები" in words
    assert "1. First message (n = 46)." in words and "2. Second message." in words
