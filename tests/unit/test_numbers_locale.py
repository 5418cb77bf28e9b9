"""Georgian number formats: decimal comma and space thousands, checked against Babel's CLDR data
and against plain string rules (no "54,900" or "7.74" left in Georgian text)."""

from __future__ import annotations

import re

import pandas as pd
import plotly.graph_objects as go
import pytest
from babel.numbers import get_decimal_symbol, get_group_symbol

from cluster_analysis.charts.export import decorate
from cluster_analysis.numbers import format_number, localize_numbers, plotly_separators
from cluster_analysis.outputs import DomainResult, Finding, Meta, text
from cluster_analysis.reports.brief import assemble_brief

POINT_DECIMAL = re.compile(r"\d\.\d")
COMMA_THOUSANDS = re.compile(r"\d,\d{3}(?!\d)")


def test_georgian_symbols_come_from_cldr():
    assert get_decimal_symbol("ka_GE") == ","
    assert get_group_symbol("ka_GE").isspace()
    assert format_number(54900, "ka") == "54" + get_group_symbol("ka_GE") + "900"
    assert format_number(7.744, "ka", 2) == "7,74"
    assert format_number(54900, "en") == "54,900"
    assert format_number(7.744, "en", 2) == "7.74"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("MWDS 7.74", "MWDS 7,74"),
        ("54,900 residents", "54\xa0900 residents"),
        ("1,234,567.5 GEL", "1\xa0234\xa0567,5 GEL"),
        ("in 2024", "in 2024"),  # a year is not a grouped number
        ("item 1.2.3", "item 1.2.3"),  # a code keeps its points
    ],
)
def test_localize_numbers_for_georgian(sentence, expected):
    assert localize_numbers(sentence, "ka") == expected
    assert localize_numbers(sentence, "en") == sentence


def test_plotly_separators_per_language():
    assert plotly_separators("ka") == ", "
    assert plotly_separators("en") == ".,"
    meta = Meta(title=text("Jobs 54,900", "სამუშაო 54,900"), source=text("Geostat", "საქსტატი"))
    fig = go.Figure(go.Bar(x=[1, 2], y=[1500.5, 2500.25]))
    assert decorate(fig, meta, "ka").layout.separators == ", "
    assert decorate(fig, meta, "en").layout.separators == ".,"
    ka_title = decorate(fig, meta, "ka").layout.title.text
    assert not COMMA_THOUSANDS.search(ka_title)


def test_georgian_brief_has_no_point_decimals_or_comma_thousands():
    finding = Finding(
        domain="survey",
        text=text("MWDS 7.74 among 54,900 residents", "MWDS 7.74, 54,900 მცხოვრებიდან"),
        n=39,
        source=text("Survey", "კვლევა"),
        audience="donors",
    )
    result = DomainResult(domain="survey", findings=[finding])
    ka = assemble_brief([result], {}, "ka", {"residents": 54900, "share": 7.74})
    lines = [*ka.sections[0].findings, *(v for _, v in ka.facts)]
    assert lines
    for line in lines:
        assert not POINT_DECIMAL.search(line), line
        assert not COMMA_THOUSANDS.search(line), line
    en = assemble_brief([result], {}, "en", {"residents": 54900})
    assert "54,900" in en.sections[0].findings[0]
    assert dict(en.facts)["residents"] == "54,900"


def test_chart_labels_written_by_builders_are_localized():
    meta = Meta(title=text("Gaps", "ხარვეზები"))
    fig = go.Figure(go.Heatmap(z=[[6.4, 4.9]], text=[["6.4", "n<5"]]))
    fig.update_layout(xaxis={"tickvals": [0.5, 71000], "ticktext": ["0.5", "71,000"]})
    ka = decorate(fig, meta, "ka")
    assert [list(row) for row in ka.data[0].text] == [["6,4", "n<5"]]
    assert list(ka.layout.xaxis.ticktext) == ["0,5", "71\u00a0000"]
    en = decorate(fig, meta, "en")
    assert [list(row) for row in en.data[0].text] == [["6.4", "n<5"]]
    assert list(en.layout.xaxis.ticktext) == ["0.5", "71,000"]
    assert list(fig.layout.xaxis.ticktext) == ["0.5", "71,000"]  # the input is not changed


def test_excel_numbers_stay_numeric_with_a_number_format(tmp_path):
    from openpyxl import load_workbook

    from cluster_analysis.outputs import TableOutput
    from cluster_analysis.reports.excel import write_tables_xlsx

    frame = pd.DataFrame({"place": ["Chiatura"], "population": [54900], "mwds": [7.74]})
    table = TableOutput(name="t", frame=frame, meta=Meta(title=text("T", "ც")), audience="donors")
    path = write_tables_xlsx([table], tmp_path / "t.xlsx", lang="ka")
    ws = load_workbook(path).worksheets[0]
    cells = {c.value: c for row in ws.iter_rows() for c in row if c.value in (54900, 7.74)}
    assert set(cells) == {54900, 7.74}  # numbers, not "54 900" or "7,74" text
    assert cells[54900].data_type == "n" and "#,##0" in cells[54900].number_format
    assert cells[7.74].data_type == "n" and "#,##0." in cells[7.74].number_format
