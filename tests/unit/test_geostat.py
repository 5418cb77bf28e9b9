"""Geostat wide xlsx tables -> tidy long frame; English vs Georgian versions of one table."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from openpyxl.styles import Alignment

from cluster_analysis.errors import InputError
from cluster_analysis.geo import places
from cluster_analysis.indicators.geostat import (
    ALL_ZERO_NOTE,
    CONFIDENTIAL_NOTE,
    OCCUPIED_ZERO_NOTE,
    compare_language_versions,
    geostat_footnotes,
    read_geostat_table,
)

REAL = Path(__file__).resolve().parents[1] / "data" / "real" / "geostat-municipal"
PER1000_EN = REAL / "active_business_entities_per1000_EN.xlsx"
PER1000_KA = REAL / "active_business_entities_per1000_KA.xlsx"
ADJARA_EN = REAL / "adjara_business_by_size_EN.xlsx"
ADJARA_KA = REAL / "adjara_business_by_size_KA.xlsx"
REAL_FILES = [PER1000_EN, PER1000_KA, ADJARA_EN, ADJARA_KA]


@pytest.fixture(scope="module")
def per1000_en() -> pd.DataFrame:
    return read_geostat_table(PER1000_EN)


@pytest.fixture(scope="module")
def per1000_ka() -> pd.DataFrame:
    return read_geostat_table(PER1000_KA)


# ---------------------------------------------------------------------------------------------
# Real files
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", REAL_FILES, ids=lambda path: path.name)
def test_every_row_maps_to_a_known_place(path: Path) -> None:
    frame = read_geostat_table(path)
    assert frame["place"].notna().all()
    assert set(frame["place"]) <= set(places()["id"])
    assert frame["year"].dtype == "int64"
    assert frame["value"].dtype == "float64"


def test_per1000_shape_and_full_precision(per1000_en: pd.DataFrame) -> None:
    # 85 place rows (A3:A87) x 10 years (B2:K2 = 2012..2021); trailing empty columns L:P ignored.
    assert len(frame_rows := per1000_en.drop_duplicates("row")) == 85
    assert sorted(per1000_en["year"].unique()) == list(range(2012, 2022))
    assert len(per1000_en) == 850
    assert frame_rows["place"].is_unique
    zestaponi = per1000_en[(per1000_en["place"] == "zestaponi_municipality")]
    first = zestaponi[zestaponi["year"] == 2012].iloc[0]
    assert first["cell"] == "B28"
    assert first["value"] == 31.433748119786678  # the stored float, not the displayed 31.4
    assert first["display_decimals"] == 1
    assert first["label"] == "Zestaponi Municipality"
    assert first["parent"] == "imereti"
    assert per1000_en["unit"].iloc[0] == "per 1000 population"
    assert per1000_en["table"].iloc[0].startswith("Number of active business entities")


def test_english_and_georgian_files_give_the_same_places(
    per1000_en: pd.DataFrame, per1000_ka: pd.DataFrame
) -> None:
    en_rows = per1000_en.drop_duplicates("row")[["row", "place"]].reset_index(drop=True)
    ka_rows = per1000_ka.drop_duplicates("row")[["row", "place"]].reset_index(drop=True)
    pd.testing.assert_frame_equal(en_rows, ka_rows)
    adjara_en = read_geostat_table(ADJARA_EN).drop_duplicates("row")
    adjara_ka = read_geostat_table(ADJARA_KA).drop_duplicates("row")
    assert list(adjara_en["place"]) == list(adjara_ka["place"])


def test_per1000_has_the_64_municipalities(per1000_en: pd.DataFrame) -> None:
    table = places()
    municipal_ids = set(
        table.loc[table["level"].isin(["municipality", "self_governing_city"]), "id"]
    )
    listed = set(per1000_en["place"])
    assert municipal_ids <= listed  # all 64, Tbilisi and the 4 other cities included
    rows = per1000_en.drop_duplicates("row")
    assert rows["level"].value_counts().to_dict() == {
        "municipality": 59,
        "occupied_unit": 9,  # C. Sokhumi, 6 Abkhaz municipalities, Akhalgori, C. Tskhinvali
        "region": 11,
        "self_governing_city": 5,
        "country": 1,
    }
    imereti = rows[rows["parent"] == "imereti"]
    assert len(imereti) == 12  # Kutaisi + 11 municipalities
    tkibuli = rows[rows["label"] == "Tqibuli Municipality"]
    assert tkibuli["place"].item() == "tkibuli_municipality"


def test_occupied_territory_zeros_become_missing_with_a_note(per1000_en: pd.DataFrame) -> None:
    occupied = ["abkhazia_ar", "sokhumi_city", "gagra_municipality", "gali_municipality",
                "gudauta_municipality", "gulripshi_municipality", "ochamchire_municipality",
                "sokhumi_municipality", "akhalgori_municipality", "tskhinvali_city"]  # fmt: skip
    cells = per1000_en[per1000_en["place"].isin(occupied)]
    assert len(cells) == 10 * 10  # these rows are 0 in every year in the file
    assert cells["value"].isna().all()
    assert (cells["note"] == OCCUPIED_ZERO_NOTE).all()
    others = per1000_en[~per1000_en["place"].isin(occupied)]
    assert others["value"].notna().all()
    assert not (per1000_en["value"] == 0).any()


@pytest.mark.parametrize("path", [ADJARA_EN, ADJARA_KA], ids=lambda path: path.name)
def test_adjara_four_stacked_tables_are_separated(path: Path) -> None:
    frame = read_geostat_table(path)
    assert sorted(frame["table_index"].unique()) == [0, 1, 2, 3]
    assert frame["table"].nunique() == 4
    assert (frame["place"] == "adjara_ar").all()
    for _, table in frame.groupby("table_index"):
        assert len(table) == 4 * 17  # Adjara + 3 size classes, 2006..2022
        assert sorted(table["year"].unique()) == list(range(2006, 2023))
        assert table["category"].isna().sum() == 17  # the Adjara total row
        assert table["category"].dropna().nunique() == 3
    # Turnover 2006 (B6:B9): Large 199.2 + Medium 173.8 + Small 355.5 = 728.5 = Adjara.
    turnover = frame[(frame["table_index"] == 0) & (frame["year"] == 2006)]
    total = turnover.loc[turnover["category"].isna(), "value"].item()
    assert turnover.loc[turnover["category"].notna(), "value"].sum() == pytest.approx(total)
    assert total == 728.5


def test_adjara_titles_units_and_categories_in_english() -> None:
    frame = read_geostat_table(ADJARA_EN)
    titles = frame.drop_duplicates("table_index")
    assert list(titles["unit"]) == ["Mil. GEL", "Mil. GEL", "Unit", "GEL"]
    assert titles["table"].iloc[2] == (
        "Average Number of Employed Persons in Adjara AR by Enterprise Size, (Unit)"
    )  # the double space of the file collapsed
    assert list(frame.loc[frame["category"].notna(), "category"].unique()) == [
        "Large",
        "Medium",
        "Small",
    ]
    employed_small_2020 = frame[
        (frame["table_index"] == 2) & (frame["category"] == "Small") & (frame["year"] == 2020)
    ]
    assert employed_small_2020["value"].item() == 39591.8  # P25, shown as 39,592
    assert employed_small_2020["display_decimals"].item() == 0


def test_adjara_categories_in_georgian() -> None:
    frame = read_geostat_table(ADJARA_KA)
    assert list(frame.loc[frame["category"].notna(), "category"].unique()) == [
        "მსხვილი",
        "საშუალო",
        "მცირე",
    ]
    assert list(frame.drop_duplicates("table_index")["unit"]) == [
        "მლნ. ლარი",
        "მლნ. ლარი",
        "ერთეული",
        "ლარი",
    ]


def test_compare_language_versions_finds_the_real_disagreements() -> None:
    differences = compare_language_versions(PER1000_EN, PER1000_KA)
    # Checked by hand in both files: rows 22, 41, 50, 53, 60, 71, 84, columns D:F (2014-2016),
    # i.e. the 7 municipalities whose town was a self-governing city 2014-2017.
    assert len(differences) == 21
    assert set(differences["issue"]) == {"values differ"}
    assert set(differences["year"]) == {2014, 2015, 2016}
    assert set(differences["place"]) == {
        "ozurgeti_municipality", "telavi_municipality", "mtskheta_municipality",
        "ambrolauri_municipality", "zugdidi_municipality", "akhaltsikhe_municipality",
        "gori_municipality",
    }  # fmt: skip
    ozurgeti_2014 = differences[
        (differences["place"] == "ozurgeti_municipality") & (differences["year"] == 2014)
    ].iloc[0]
    # D22: EN shows 35.6, KA shows 27.1
    assert ozurgeti_2014["value_en"] == 35.633578841647136
    assert ozurgeti_2014["value_ka"] == 27.11783439490446
    assert ozurgeti_2014["cell_en"] == "D22"
    assert ozurgeti_2014["tolerance"] == pytest.approx(0.05)


def test_compare_language_versions_adjara_agrees() -> None:
    # Every value cell of the two Adjara files is identical (checked cell by cell).
    assert compare_language_versions(ADJARA_EN, ADJARA_KA).empty


# ---------------------------------------------------------------------------------------------
# Small synthetic workbooks: every layout feature and every error path
# ---------------------------------------------------------------------------------------------


def _workbook(path: Path, rows: list[list[object]], formats: str | None = None) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Data"
    for row in rows:
        sheet.append(row)
    if formats:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, float):
                    cell.number_format = formats
    workbook.save(path)
    return path


def test_layout_features(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["A1"] = "Population of Imereti municipalities"
    sheet.merge_cells("A1:D1")
    sheet["A2"] = "thousand persons"
    for row in [
        [None, 2019, 2020, "2021*"],
        ["Imereti", 100.0, 101.0, 102.0],
        ["  Zestaponi Municipality", 55.5, "..", "-"],
        ["C. Kutaisi¹", "1 234,5", 0, 3],
        ["Tkibuli Municipality", 0, 0, 0],
        [None],
        ["¹ Including suburbs."],
        ["* Preliminary."],
        [None],
        ["Employment in Zestaponi by size, persons"],
        [None, 2020, 2021],
        ["Zestaponi", 10, 12],
        ["   Large", 4, 5],
        ["   Small", 6, 7],
    ]:
        sheet.append(row)
    sheet["A6"].alignment = Alignment(indent=2)
    path = tmp_path / "layout.xlsx"
    workbook.save(path)

    frame = read_geostat_table(path)
    first = frame[frame["table_index"] == 0]
    assert set(first["table"]) == {"Population of Imereti municipalities"}
    assert set(first["unit"]) == {"thousand persons"}
    assert sorted(first["year"].unique()) == [2019, 2020, 2021]

    def cell(name: str) -> pd.Series:
        return frame[frame["cell"] == name].iloc[0]

    assert cell("C5")["value"] != cell("C5")["value"]  # ".." is NA
    assert cell("C5")["note"] == CONFIDENTIAL_NOTE
    assert pd.isna(cell("D5")["value"])  # "-"
    assert cell("D5")["note"] == "nothing (-); * Preliminary."  # symbol, then the 2021* footnote
    assert cell("D5")["symbol"] == "-"
    assert cell("B5")["indent"] == 2  # two leading spaces
    assert cell("B6")["value"] == 1234.5  # "1 234,5" with a decimal comma
    assert cell("B6")["place"] == "kutaisi_city"
    assert cell("B6")["indent"] == 2  # the cell's indent level
    assert "Including suburbs" in cell("B6")["note"]
    assert cell("C6")["value"] == 0  # a single 0 in a populated row stays a 0
    # Tkibuli: 0 in all three years -> no data
    tkibuli = frame[frame["place"] == "tkibuli_municipality"]
    assert tkibuli["value"].isna().all()
    assert tkibuli["note"].str.endswith(ALL_ZERO_NOTE).all()
    assert tkibuli["note"].iloc[-1].startswith("* Preliminary")  # 2021*: both notes kept
    # the second, stacked table: size classes of the place above them
    second = frame[frame["table_index"] == 1]
    assert set(second["place"]) == {"zestaponi_municipality"}
    assert list(second["category"].fillna("total").drop_duplicates()) == ["total", "Large", "Small"]
    assert set(second["unit"]) == {"persons"}
    footnotes = geostat_footnotes(path)
    assert footnotes["Sheet#0"] == ["¹ Including suburbs.", "* Preliminary."]


def test_all_zero_rows_can_be_kept(tmp_path: Path) -> None:
    path = _workbook(
        tmp_path / "zeros.xlsx",
        [["Hotels in Imereti"], [None, 2020, 2021], ["Imereti", 5, 6], ["Khoni", 0, 0]],
    )
    kept = read_geostat_table(path, all_zero_rows_as_missing=False)
    assert list(kept.loc[kept["place"] == "khoni_municipality", "value"]) == [0.0, 0.0]
    dropped = read_geostat_table(path)
    assert dropped.loc[dropped["place"] == "khoni_municipality", "value"].isna().all()


def test_georgian_and_legacy_labels(tmp_path: Path) -> None:
    path = _workbook(
        tmp_path / "ka.xlsx",
        [
            ["მოსახლეობა, ათასი კაცი"],
            [None, 2020],
            ["იმერეთი", 1.0],
            ["ზესტაფონის მუნიციპალიტეტი", 2.0],
            ["ქალაქი ზესტაფონი", 3.0],
            ["WiaTuris municipaliteti", 4.0],
        ],
    )
    frame = read_geostat_table(path)
    assert list(frame["place"]) == [
        "imereti",
        "zestaponi_municipality",
        "zestaponi_town",
        "chiatura_municipality",
    ]
    assert frame["unit"].iloc[0] == "ათასი კაცი"
    assert frame.loc[frame["place"] == "zestaponi_town", "parent"].item() == (
        "zestaponi_municipality"
    )


def test_unknown_label_without_a_place_in_the_title_names_file_and_row(tmp_path: Path) -> None:
    path = _workbook(
        tmp_path / "bad_label.xlsx",
        [["Turnover by size"], [None, 2020, 2021], ["Large", 1, 2], ["Zestaponi", 3, 4]],
    )
    with pytest.raises(InputError, match=r"bad_label\.xlsx, sheet 'Data', row 3.*'Large'"):
        read_geostat_table(path)


def test_unreadable_value_names_the_cell(tmp_path: Path) -> None:
    path = _workbook(
        tmp_path / "bad_value.xlsx", [["Population"], [None, 2020, 2021], ["Vani", 1, "n.a.x"]]
    )
    with pytest.raises(InputError, match=r"row 3, column 'C'.*n\.a\.x"):
        read_geostat_table(path)


def test_missing_file_and_no_table(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        read_geostat_table(tmp_path / "absent.xlsx")
    path = _workbook(tmp_path / "empty.xlsx", [["Just a title"], ["Vani", "text"]])
    with pytest.raises(InputError, match="no table found"):
        read_geostat_table(path)
    not_xlsx = tmp_path / "fake.xlsx"
    not_xlsx.write_text("not a workbook")
    with pytest.raises(InputError, match=r"fake\.xlsx"):
        read_geostat_table(not_xlsx)


def test_compare_tolerance_is_half_a_displayed_unit(tmp_path: Path) -> None:
    header = [None, 2020, 2021]
    english = _workbook(
        tmp_path / "en.xlsx",
        [
            ["Turnover in Imereti"],
            header,
            ["Imereti", 10.04, 20.0],  # 10.04 vs 10.0: 0.04 <= 0.05, shown 10.0 both
            ["Vani Municipality", 1.0, 2.0],  # 2.0 vs 2.06: 0.06 > 0.05
            ["Khoni Municipality", 5.0, None],  # 2021 blank here, 7.0 in KA
            ["Baghdati Municipality", 8.0, 9.0],  # not in the KA file
        ],
        formats="0.0",
    )
    georgian = _workbook(
        tmp_path / "ka.xlsx",
        [
            ["ბრუნვა იმერეთში"],
            header,
            ["იმერეთი", 10.0, 20.0],
            ["ვანის მუნიციპალიტეტი", 1.0, 2.06],
            ["ხონის მუნიციპალიტეტი", 5.0, 7.0],
        ],
        formats="0.0",
    )
    result = compare_language_versions(english, georgian)
    issues = {(row.place, row.year): row.issue for row in result.itertuples()}
    assert issues == {
        ("vani_municipality", 2021): "values differ",
        ("khoni_municipality", 2021): "missing in EN",
        ("baghdati_municipality", 2020): "only in EN",
        ("baghdati_municipality", 2021): "only in EN",
    }
    vani = result[result["place"] == "vani_municipality"].iloc[0]
    assert vani["difference"] == pytest.approx(0.06)
    assert vani["table"] == "Turnover in Imereti"
    assert vani["table_ka"] == "ბრუნვა იმერეთში"
