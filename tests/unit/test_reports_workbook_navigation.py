"""tables.xlsx navigates and prints: contents sheet with links, filters, frozen headers, A4
landscape fitted to width, repeated header rows, document properties (read back with openpyxl)."""

from __future__ import annotations

import pandas as pd
import pytest
from openpyxl import load_workbook

from cluster_analysis.outputs import Meta, TableOutput, text
from cluster_analysis.reports.excel import write_tables_xlsx


def _tables() -> list[TableOutput]:
    gaps = TableOutput(
        name="gaps",
        frame=pd.DataFrame({"item": ["design", "export", "finance"], "mwds": [4.5, 3.0, 2.0]}),
        meta=Meta(
            title=text("Gaps ranked", "ხარვეზები"),
            period="2026 H2",
            n="46 respondents",
            source=text("Member survey", "წევრების გამოკითხვა"),
            synthetic=True,
        ),
        audience="donors",
    )
    towns = TableOutput(
        name="towns",
        frame=pd.DataFrame({"place": ["Tkibuli", "Chiatura"], "jobs": [10, 20]}),
        meta=Meta(title=text("Jobs", "სამუშაო ადგილები"), source=text("Geostat", "საქსტატი")),
        audience="donors",
    )
    return [gaps, towns]


@pytest.mark.parametrize(("lang", "contents"), [("en", "Contents"), ("both", "Contents-სარჩევი")])
def test_contents_sheet_links_every_table_and_says_what_it_holds(tmp_path, lang, contents):
    path = write_tables_xlsx(_tables(), tmp_path / "tables.xlsx", lang, contents=True)
    book = load_workbook(path)
    assert book.sheetnames == [contents, "gaps", "towns"]
    sheet = book[contents]
    links = {
        cell.value: cell.hyperlink.location
        for row in sheet.iter_rows()
        for cell in row
        if cell.hyperlink is not None
    }
    assert links == {"gaps": "'gaps'!A1", "towns": "'towns'!A1"}
    gaps_row = next(r for r in sheet.iter_rows() if r[0].value == "gaps")
    assert "Gaps ranked" in gaps_row[1].value and "n = 46 respondents" in gaps_row[1].value
    for name in ("gaps", "towns"):
        back = [c for r in book[name].iter_rows() for c in r if c.hyperlink is not None]
        assert [c.hyperlink.location for c in back] == [f"'{contents}'!A1"]


def test_every_table_sheet_filters_freezes_and_prints_a4_landscape(tmp_path):
    path = write_tables_xlsx(_tables(), tmp_path / "tables.xlsx", "en", contents=True)
    book = load_workbook(path)
    for name, (rows, last_col) in {"gaps": (3, "B"), "towns": (2, "B")}.items():
        sheet = book[name]
        header = next(r[0].row for r in sheet.iter_rows() if r[0].value in ("item", "place"))
        assert sheet.auto_filter.ref == f"A{header}:{last_col}{header + rows}"
        assert sheet.freeze_panes == f"A{header + 1}"
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.page_setup.paperSize == 9  # A4
        # one page wide (fitToWidth absent means 1 in OOXML), as many pages tall as needed
        assert sheet.page_setup.fitToWidth in (None, 1) and sheet.page_setup.fitToHeight == 0
        assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
        assert sheet.print_title_rows == f"${header}:${header}"


def test_document_properties_carry_title_sources_and_synthetic_flag(tmp_path):
    path = write_tables_xlsx(
        _tables(), tmp_path / "tables.xlsx", "en", contents=True, title=text("Donor tables", "x")
    )
    book = load_workbook(path)
    props = book.properties
    assert props.title == "Donor tables"
    assert "SYNTHETIC" in props.description and "Member survey" in props.description
    custom = {p.name: p.value for p in book.custom_doc_props.props}
    assert custom["Synthetic"] is True
    assert custom["Source"] == "Member survey; Geostat"


def test_real_data_is_not_flagged_synthetic(tmp_path):
    real = _tables()[1]
    book = load_workbook(write_tables_xlsx([real], tmp_path / "t.xlsx", "en", contents=True))
    custom = {p.name: p.value for p in book.custom_doc_props.props}
    assert custom["Synthetic"] is False
    assert "SYNTHETIC" not in (book.properties.description or "")
