"""Every layout of the real Geostat tables in tests/data/real/ read into the tidy shape.

Each test reads the same workbook again with openpyxl (full mode, merged cells known) and checks the
tidy frame against it cell by cell: values, sources, years, units, dimensions and notes.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from cluster_analysis.errors import InputError
from cluster_analysis.indicators.geostat import (
    CONFIDENTIAL_NOTE,
    compare_language_versions,
    read_geostat_table,
)

REAL = Path(__file__).resolve().parents[1] / "data" / "real"
IMERETI = REAL / "geostat-imereti"
ALL_FILES = sorted([*IMERETI.glob("*.xlsx"), *(REAL / "geostat-municipal").glob("*.xlsx")])
PAIRS = sorted(path.name.removesuffix("_EN.xlsx") for path in IMERETI.glob("*_EN.xlsx"))
PAIRS = [stem for stem in PAIRS if (IMERETI / f"{stem}_KA.xlsx").exists()]


def _sheet(path: Path) -> Worksheet:
    return openpyxl.load_workbook(path, data_only=True).worksheets[0]


def _merged_value(sheet: Worksheet, row: int, column: int) -> object:
    """The value shown in a cell, looking through merged ranges (independent of the reader)."""
    for merged in sheet.merged_cells.ranges:
        if merged.min_row <= row <= merged.max_row and merged.min_col <= column <= merged.max_col:
            return sheet.cell(merged.min_row, merged.min_col).value
    return sheet.cell(row, column).value


def test_there_are_ten_layouts_in_english_and_georgian() -> None:
    assert len(ALL_FILES) == 23
    assert len(PAIRS) == 9  # + census (English only) + the two geostat-municipal pairs


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda path: path.name)
def test_every_value_cell_is_read_with_its_source(path: Path) -> None:
    frame = read_geostat_table(path)
    sheet = _sheet(path)
    assert set(frame["file"]) == {path.name}
    for record in frame.itertuples():
        raw = sheet[record.cell].value
        if record.symbol is not pd.NA and isinstance(record.symbol, str):
            assert str(raw).strip() == record.symbol
            assert pd.isna(record.value)
        elif pd.isna(record.value):
            # blank, or a 0 that stands for "no data" (occupied territory, all-zero row)
            assert raw in (None, 0) or str(raw).strip() == ""
            if raw == 0:
                assert "reported as 0" in record.note
        else:
            assert float(raw) == record.value
    # every number in a row the reader took is in the frame, except the years of a year column
    rows = set(frame["row"])
    taken = set(frame["cell"])
    for row in sheet.iter_rows(min_row=min(rows), max_row=max(rows)):
        for cell in row:
            number = isinstance(cell.value, int | float) and cell.column > 1
            if number and cell.row in rows and cell.coordinate not in taken:
                assert 1990 <= cell.value <= 2030 and cell.column == 2, cell.coordinate


def test_labour_force_place_heading_units_symbols_and_merged_region_note() -> None:
    path = IMERETI / "labour_force_EN.xlsx"
    frame = read_geostat_table(path)
    sheet = _sheet(path)
    assert set(frame["place"]) == {"imereti"}  # from the heading "Imereti**" (A4)
    by_cell = frame.set_index("cell")
    # per-row units: % rows inside a table of thousands (unit in V5, far right of the title)
    for row in range(7, 18):
        label = sheet.cell(row, 1).value
        expected = "%" if label.endswith("percentage") else sheet["V5"].value.strip()
        assert by_cell.loc[f"B{row}", "unit"] == expected, label
    # '-' with no legend in the file: "nothing", never confidential
    assert sheet["I10"].value == "-"
    assert by_cell.loc["I10", "note"].startswith("nothing (-)")
    assert frame["note"].str.contains("confidential").sum() == 0
    # the footnote marks of the title (*) and heading (**) reach the cells they cover: the ILO
    # note (two spans of years) every cell, the merged-region note ...
    merged_regions = sheet["A20"].value.strip()
    assert merged_regions.startswith("**Imereti and Racha-Lechkhumi")
    # ... for 2003-2018 only (the note's own span): from 2019 on Imereti is Imereti alone
    years = {sheet.cell(6, c).value for c in range(2, 23)}
    assert years == set(range(2003, 2024))
    merged = frame["note"].str.contains(merged_regions, regex=False)
    assert set(frame.loc[merged, "year"]) == set(range(2003, 2019))
    assert not merged[frame["year"] >= 2019].any()
    assert frame["note"].str.contains(sheet["A19"].value.split(";")[0], regex=False).all()


def test_labour_force_georgian_heading_in_the_locative() -> None:
    frame = read_geostat_table(IMERETI / "labour_force_KA.xlsx")
    assert set(frame["place"]) == {"imereti"}  # "იმერეთის რეგიონში**"
    assert set(frame["unit"]) == {"ათასი კაცი", "%"}


@pytest.mark.parametrize("lang", ["EN", "KA"])
def test_wages_unit_above_the_years_and_title_footnote(lang: str) -> None:
    path = IMERETI / f"wages_{lang}.xlsx"
    frame = read_geostat_table(path)
    sheet = _sheet(path)
    assert set(frame["unit"]) == {sheet["O2"].value.strip()}  # GEL / ლარი on the row above
    assert "2010-2023" in frame["table"].iloc[0]  # the title keeps its own text
    assert len(frame) == 14
    footnote = " ".join(sheet["A5"].value.split())
    assert frame["note"].eq(footnote).all()  # the '*' of the title -> every cell
    for record in frame.itertuples():
        assert record.year == sheet.cell(3, sheet[record.cell].column).value


@pytest.mark.parametrize("lang", ["EN", "KA"])
def test_deaths_years_in_rows_sex_in_rows_age_in_columns(lang: str) -> None:
    path = IMERETI / f"deaths_by_age_sex_{lang}.xlsx"
    frame = read_geostat_table(path)
    sheet = _sheet(path)
    assert len(frame) == 8 * 3 * 20  # 2014-2021 x 3 sexes x (total + 19 age groups)
    for record in frame.itertuples():
        cell = sheet[record.cell]
        assert record.year == _merged_value(sheet, cell.row, 2)  # B8:B10 merged
        age = sheet.cell(7, cell.column).value
        assert record.age == ("total" if age is None else str(age))
    sexes = frame.drop_duplicates("row")["sex"].tolist()
    assert sexes == ["total", "male", "female"] * 8
    both = frame[(frame["year"] == 2014) & (frame["sex"] == "total") & (frame["age"] == "total")]
    assert both["value"].item() == sheet["C8"].value == 8822


@pytest.mark.parametrize("lang", ["EN", "KA"])
def test_vital_statistics_two_level_header(lang: str) -> None:
    path = IMERETI / f"vital_statistics_{lang}.xlsx"
    frame = read_geostat_table(path)
    sheet = _sheet(path)
    for record in frame.itertuples():
        column = sheet[record.cell].column
        assert record.year == _merged_value(sheet, 6, column)  # merged over 3 columns
        assert record.breakdown == sheet.cell(7, column).value.strip()
    assert sorted(frame["column_rank"].unique()) == [0, 1, 2]
    assert set(frame["place"]) == {"imereti"}


def test_census_cross_table_without_a_year_column() -> None:
    path = IMERETI / "census_2014_zestaponi_age_sex_EN.xlsx"
    frame = read_geostat_table(path)
    sheet = _sheet(path)
    assert set(frame["place"]) == {"zestaponi_municipality"}  # "municipality of Zestafoni"
    assert set(frame["year"]) == {2014}  # "(as of 5 November, 2014)"
    assert set(frame["unit"]) == {"persons"}
    assert len(frame) == 19 * 9
    sex = {"Both sexes": "total", "Males": "male", "Females": "female"}
    for record in frame.itertuples():
        cell = sheet[record.cell]
        assert record.sex == sex[sheet.cell(6, cell.column).value]
        assert record.breakdown == _merged_value(sheet, 5, cell.column)
        label = sheet.cell(cell.row, 1).value
        assert record.age == ("total" if label == "Total" else label)
    total = frame[(frame["age"] == "total") & (frame["breakdown"] == "Total")]
    assert total.set_index("sex")["value"].to_dict() == {
        "total": 57628.0,
        "male": 28082.0,
        "female": 29546.0,
    }


@pytest.mark.parametrize(
    ("name", "cell", "legend_cell"),
    [
        ("industry_EN.xlsx", "B12", "A15"),  # '…' Data not Available
        ("industry_KA.xlsx", "B12", "A15"),
        ("hotels_restaurants_EN.xlsx", "B13", "A16"),  # '...' not available or confidential
        ("hotels_restaurants_KA.xlsx", "B13", "A16"),
        ("hotels_restaurants_EN.xlsx", "F14", "A17"),  # '_' Magnitude nil
        ("annual_crops_EN.xlsx", "B3", "A47"),  # '"-"' not available (small sample)
    ],
)
def test_symbols_mean_what_the_files_legend_says(name: str, cell: str, legend_cell: str) -> None:
    path = IMERETI / name
    frame = read_geostat_table(path).set_index("cell")
    sheet = _sheet(path)
    symbol = sheet[cell].value.strip()
    legend = sheet[legend_cell].value.strip()
    assert legend.lstrip('"').startswith(symbol)
    meaning = legend.lstrip('"').removeprefix(symbol).lstrip('" -').rstrip(".")
    assert frame.loc[cell, "note"].startswith(f"{meaning} ({symbol})")
    assert pd.isna(frame.loc[cell, "value"])
    assert frame.loc[cell, "symbol"] == symbol


def test_an_unavailable_value_is_never_called_confidential(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in [["Hotels in Vani"], [None, 2020, 2021], ["Vani", "...", "…"], ["Khoni", "..", 2]]:
        sheet.append(row)
    path = tmp_path / "symbols.xlsx"
    workbook.save(path)
    frame = read_geostat_table(path).set_index("cell")
    assert frame.loc["B3", "note"] == "not available (...)"
    assert frame.loc["C3", "note"] == "not available (…)"
    assert frame.loc["B4", "note"] == CONFIDENTIAL_NOTE


def test_annual_crops_stacked_tables_take_the_place_of_the_first_title() -> None:
    path = IMERETI / "annual_crops_EN.xlsx"
    frame = read_geostat_table(path)
    sheet = _sheet(path)
    assert set(frame["place"]) == {"imereti"}  # only the first title names Imereti
    assert frame["table_index"].nunique() == 9
    for record in frame.drop_duplicates("table_index").itertuples():
        header_row = sheet[record.cell].row - 1
        while not isinstance(sheet.cell(header_row, 2).value, int):
            header_row -= 1
        assert record.breakdown == sheet.cell(header_row, 1).value.strip()  # the crop
    units = frame.drop_duplicates("label").set_index("label")["unit"].to_dict()
    assert units["Sown area (ths. ha)"] == "ths. ha"
    assert units["Average yield (tons/ha)"] == "tons/ha"


@pytest.mark.parametrize("stem", PAIRS)
def test_english_and_georgian_imereti_tables_reconcile(stem: str) -> None:
    english, georgian = IMERETI / f"{stem}_EN.xlsx", IMERETI / f"{stem}_KA.xlsx"
    assert compare_language_versions(english, georgian).empty
    # and independently: the numbers of the two sheets, cell by cell, where both have numbers
    frame = read_geostat_table(english)
    sheet_ka = _sheet(georgian)
    frame_ka = read_geostat_table(georgian)
    assert len(frame) == len(frame_ka)
    for en, ka in zip(frame.itertuples(), frame_ka.itertuples(), strict=True):
        if not pd.isna(en.value):
            assert float(sheet_ka[ka.cell].value) == pytest.approx(en.value, abs=0.05)


def test_a_label_that_is_no_place_keeps_the_suggestion(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Data"
    for row in [["Turnover"], [None, 2020, 2021], ["Zestapnoi Municipalty", 1, 2]]:
        sheet.append(row)
    path = tmp_path / "typo.xlsx"
    workbook.save(path)
    with pytest.raises(
        InputError,
        match=r"typo\.xlsx, sheet 'Data', row 3, column 'A'.*closest known names: "
        r"Zestaponi Municipality",
    ):
        read_geostat_table(path)
    # the place= argument says where the values are when only the file name does
    frame = read_geostat_table(path, place="Zestaponi")
    assert set(frame["place"]) == {"zestaponi_municipality"}
    assert set(frame["category"]) == {"Zestapnoi Municipalty"}


def test_cross_table_with_a_text_in_a_value_cell_names_the_cell(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Data"
    for row in [
        ["Population of Vani by sex"],
        [None, "Males", "Females"],
        ["0-4", 10, 12],
        ["5-9", 11, "n/a"],
    ]:
        sheet.append(row)
    path = tmp_path / "cross.xlsx"
    workbook.save(path)
    with pytest.raises(InputError, match=r"sheet 'Data', row 4, column 'C'.*'n/a'"):
        read_geostat_table(path)


def test_georgian_tables_without_a_legend_get_geostats_georgian_wording() -> None:
    # labour_force_KA.xlsx has '-' cells and no legend; hotels_restaurants_KA.xlsx defines '_'
    wording = _sheet(IMERETI / "hotels_restaurants_KA.xlsx")["A17"].value
    nil = wording.split("-", 1)[1].strip()
    assert nil == "მოვლენა არ არსებობს"
    frame = read_geostat_table(IMERETI / "labour_force_KA.xlsx").set_index("cell")
    assert frame.loc["I10", "note"].startswith(f"{nil} (-); ")


def test_marks_on_column_labels_reach_their_cells(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in [
        ["Live births, Imereti"],
        [None, 2020, None, 2021, None],
        [None, "Urban", "Rural¹", "Urban", "Rural¹"],
        ["Live births", 10, 5, 11, 6],
        [None],
        ["¹ Including villages merged into towns in 2021."],
    ]:
        sheet.append(row)
    path = tmp_path / "marked.xlsx"
    workbook.save(path)
    frame = read_geostat_table(path).set_index("cell")
    note = sheet["A6"].value
    assert frame.loc["C4", "note"] == note and frame.loc["E4", "note"] == note
    assert frame["note"].isna().sum() == 2  # the two Urban cells carry no note
    assert frame.loc["C4", "breakdown"] == "Rural"  # the mark is not part of the label
    assert frame.loc["E4", "year"] == 2021
