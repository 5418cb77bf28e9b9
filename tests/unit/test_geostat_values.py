"""Geostat values and observations from real xlsx tables, PC-Axis files and JSON-stat answers.

Each expected value is read independently: openpyxl for the xlsx cells named in ``source_cell``,
the json module for JSON-stat sizes and labels, the .px file's DATA line for PC-Axis values.
"""

from __future__ import annotations

import json
import re
from math import prod
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from cluster_analysis.indicators.checks import source_notes
from cluster_analysis.indicators.figures import source_notes as footnote_of
from cluster_analysis.indicators.geostat import read_geostat_table
from cluster_analysis.indicators.inputs import GeostatTable
from cluster_analysis.indicators.jsonstat import read_jsonstat
from cluster_analysis.indicators.observations import period_order
from cluster_analysis.indicators.pcaxis import read_px
from cluster_analysis.indicators.tables_geostat import (
    files_without_observations,
    geostat_note_checks,
    geostat_observations,
    geostat_values,
    unit_code,
)

DATA = Path(__file__).resolve().parents[1] / "data"
IMERETI = DATA / "real" / "geostat-imereti"


def _xlsx(path: Path, indicator: str = "x") -> pd.DataFrame:
    return geostat_values([GeostatTable(indicator, read_geostat_table(path))])


def _cell_value(path: Path, source_cell: str) -> object:
    """The value of ``"<file>, <sheet>!<cell>"`` read with openpyxl."""
    sheet, cell = source_cell.split(", ", 1)[1].rsplit("!", 1)
    return openpyxl.load_workbook(path, data_only=True)[sheet][cell].value


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("per 1,000 population", "per_1000"),
        ("Per 1000 population", "per_1000"),
        ("%", "percent"),
        ("Percentage", "percent"),
        ("persons", "persons"),
        ("thousand GEL", "gel_thousand"),
        ("km²", "km2"),
        ("Mil. GEL", "Mil. GEL"),
        ("  ", None),
        (None, None),
    ],
)
def test_unit_code(written: str | None, code: str | None) -> None:
    assert unit_code(written) == code


def test_census_cross_table_gives_the_place_by_sex_and_keeps_the_rest() -> None:
    path = IMERETI / "census_2014_zestaponi_age_sex_EN.xlsx"
    values = _xlsx(path)
    observations = geostat_observations(values, 2015)
    assert sorted(observations["sex"]) == ["female", "male", "total"]
    assert set(observations["place"]) == {"zestaponi_municipality"}
    assert set(observations["period"]) == {"2014"}
    for row in observations.itertuples():
        assert float(row.value) == float(_cell_value(path, row.source_cell))
    # female + male = total, as the census counts them
    by_sex = observations.set_index("sex")["value"].astype(float)
    assert by_sex["female"] + by_sex["male"] == by_sex["total"]
    # the age groups and urban / rural columns stay in geostat_values with their dimensions
    assert len(values) == len(read_geostat_table(path))
    assert {"Urban", "Rural"} <= set(values["breakdown"].dropna())
    assert values["age"].nunique() > 10


def test_stacked_tables_become_one_indicator_each() -> None:
    path = IMERETI / "turnover_by_activity_EN.xlsx"
    values = _xlsx(path, "turnover")
    tables = values.drop_duplicates(["sheet", "table"])
    assert values["indicator"].nunique() == len(tables) > 1
    assert sorted(values["indicator"].unique()) == [
        f"turnover_{i}" for i in range(1, len(tables) + 1)
    ]
    observations = geostat_observations(values, 2015)
    assert not observations.duplicated(["indicator", "place", "period", "sex"]).any()
    for row in observations.sample(10, random_state=1).itertuples():
        assert float(row.value) == pytest.approx(float(_cell_value(path, row.source_cell)))


def test_the_title_footnote_is_the_note_of_every_value() -> None:
    path = IMERETI / "wages_EN.xlsx"
    sheet = openpyxl.load_workbook(path, data_only=True).worksheets[0]
    texts = [str(c.value) for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    footnote = next(t.strip() for t in texts if t.startswith("* "))
    observations = geostat_observations(_xlsx(path, "wages"), 2015)
    assert set(observations["source_note"]) == {footnote}
    checks = source_notes(observations)
    assert len(checks) == 1
    check = checks.iloc[0]
    assert (check["check"], check["place"], check["note"]) == ("source_note", "imereti", footnote)
    assert (check["period"], check["other_period"]) == ("2010", "2023")
    assert f"{len(observations)} value(s)" in check["detail_en"]
    note = footnote_of(observations)
    assert note is not None
    assert note["en"] == f"Notes of the source: Imereti 2010-2023: {footnote}"
    assert note["ka"] == f"წყაროს შენიშვნები: იმერეთი 2010-2023: {footnote}"


def test_census_rebasing_keeps_the_file_note() -> None:
    values = _xlsx(IMERETI / "wages_EN.xlsx").assign(unit="per 1,000 population")
    rebased = geostat_observations(values, 2015)
    row = rebased[rebased["period"] == "2015"].iloc[0]
    assert bool(row["break"])
    assert row["note"].startswith("apparent series break") and row["source_note"] in row["note"]
    assert not rebased[rebased["period"] != "2015"]["break"].any()


def test_pulled_px_answer_maps_place_period_value_unit_and_source() -> None:
    path = DATA / "recorded" / "pxweb" / "answer_zestaponi.px"
    text = path.read_text(encoding="latin-1")
    data = [float(x) for x in re.search(r"DATA=\s*([^;]*);", text).group(1).split()]
    years = re.search(r'VALUES\("Year"\)=([^;]*);', text).group(1).replace('"', "").split(",")
    pull = {"source_url": "http://127.0.0.1/api/v1/en/Database/T.px"}
    values = geostat_values([GeostatTable("abe", read_px(path), None, "px", pull)])
    assert values["value"].astype(float).tolist() == data
    assert values["period"].tolist() == years
    assert set(values["source_url"]) == {pull["source_url"]}
    assert values["breakdown"].isna().all() and values["sheet"].isna().all()
    observations = geostat_observations(values, 2015)
    assert set(observations["unit"]) == {"per_1000"}
    assert set(observations["place"]) == {"zestaponi_municipality"}


def test_jsonstat_sex_dimension_and_time_are_not_a_breakdown() -> None:
    path = DATA / "real" / "jsonstat" / "galicia-2.0.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    values = geostat_values([GeostatTable("g", read_jsonstat(path), None, "jsonstat")])
    assert len(values) == prod(document["size"])
    sexes = document["dimension"]["gender"]["category"]["label"]
    per_sex = len(values) // len(sexes)
    assert values["sex"].value_counts().to_dict() == {
        "total": per_sex,
        "male": per_sex,
        "female": per_sex,
    }
    assert not values["breakdown"].dropna().str.contains("year:").any()
    # no Georgian place: every value is kept in geostat_values, none reaches the observations
    assert len(geostat_observations(values, 2015)) == 0


def test_px_symbols_keep_their_meaning_and_no_value() -> None:
    path = DATA / "real" / "pcaxis" / "27067.px"
    values = geostat_values([GeostatTable("ipri", read_px(path), None, "px")])
    symbols = values[values["symbol"].notna()]
    assert len(symbols) and symbols["value"].isna().all()
    data = path.read_text(encoding="iso-8859-15").split("DATA=", 1)[1]
    assert (symbols["symbol"] == "..").sum() == data.count('".."')
    assert symbols.loc[symbols["symbol"] == "..", "note"].str.contains("Dato no disponible").all()
    ends = [n.endswith(f"({s})") for n, s in zip(symbols["note"], symbols["symbol"], strict=True)]
    assert all(ends)


def test_georgian_notes_come_from_the_georgian_file() -> None:
    english, georgian = IMERETI / "labour_force_EN.xlsx", IMERETI / "labour_force_KA.xlsx"
    table = GeostatTable("lf", read_geostat_table(english), tidy_ka=read_geostat_table(georgian))
    values = geostat_values([table])
    # independent: the Georgian footnote on the merged region, read with openpyxl
    sheet = openpyxl.load_workbook(georgian, data_only=True).worksheets[0]
    texts = [str(c.value) for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    merged = next(t.strip() for t in texts if t.strip().startswith("**"))
    for year, covered in ((2015, True), (2021, False)):
        rows = values[(values["year"] == year) & values["place"].eq("imereti")]
        assert len(rows)
        assert rows["note_ka"].fillna("").str.contains(merged, regex=False).all() == covered
    # every English note has its Georgian wording where the English one has a note
    assert values.loc[values["note"].notna(), "note_ka"].notna().all()


def test_quarters_of_a_database_sort_in_time() -> None:
    periods = read_px(DATA / "real" / "pcaxis" / "1001.px")["period"].unique().tolist()
    assert len(periods) > 8 and all(re.fullmatch(r"\d{4}T[1-4]", p) for p in periods)
    by_order = sorted(periods, key=lambda p: period_order(p, int(p[:4])))
    assert by_order == sorted(periods, key=lambda p: (int(p[:4]), int(p[-1])))
    # a quarter sorts after the 1 January estimate of its year and inside its year
    assert int(periods[0][:4]) < period_order(periods[0], None) < int(periods[0][:4]) + 1
    assert period_order("2021M12", 2021) > period_order("2021Q3", 2021) > period_order("2021", 2021)


def _footnote(path: Path, mark: str) -> str:
    """The footnote cell that starts with ``mark`` (spaces collapsed), read with openpyxl."""
    sheet = openpyxl.load_workbook(path, data_only=True).worksheets[0]
    texts = [str(c.value) for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    found = next(
        t for t in texts if t.strip().startswith(mark) and not t.strip().startswith(mark + "*")
    )
    return " ".join(found.split())


def test_merged_region_note_reaches_the_checks_for_its_years_only() -> None:
    english, georgian = IMERETI / "labour_force_EN.xlsx", IMERETI / "labour_force_KA.xlsx"
    table = GeostatTable("lf", read_geostat_table(english), tidy_ka=read_geostat_table(georgian))
    checks = geostat_note_checks(geostat_values([table]))
    merged_en, merged_ka = _footnote(english, "**"), _footnote(georgian, "**")
    spans = re.findall(r"((?:19|20)\d{2})\s*-\s*((?:19|20)\d{2})", merged_en)
    assert len(spans) == 1  # the note names one span of years: it covers those years only
    merged = checks[checks["note"].str.contains(merged_en.split(";")[0], regex=False)]
    assert len(merged) and (merged["check"] == "source_note").all()
    assert set(merged["place"]) == {"imereti"}
    assert merged["period"].min() >= spans[0][0] and merged["other_period"].max() <= spans[0][1]
    assert merged["detail_ka"].str.contains(merged_ka.split(";")[0], regex=False).all()
    later = checks[checks["period"] > spans[0][1]]
    assert len(later) and not later["note"].str.contains("**", regex=False).any()


def test_a_file_of_categories_only_is_named_for_a_warning() -> None:
    tables = [
        GeostatTable("lf", read_geostat_table(IMERETI / "labour_force_EN.xlsx")),
        GeostatTable("w", read_geostat_table(IMERETI / "wages_EN.xlsx")),
    ]
    values = geostat_values(tables)
    observations = geostat_observations(values, 2015)
    assert files_without_observations(values, observations) == ["labour_force_EN.xlsx"]
