"""PC-Axis files into the tidy shape, checked against pyaxis (an independent reader) and the text."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from pyaxis import pyaxis

from cluster_analysis.errors import InputError
from cluster_analysis.indicators.pcaxis import read_px

PX = Path(__file__).resolve().parents[1] / "data" / "real" / "pcaxis"
FILES = ["1001.px", "27067.px", "px-x-0602000000_107.px"]


def _pyaxis(name: str) -> pd.DataFrame:
    return pyaxis.parse(uri=str(PX / name), encoding="ISO-8859-15")["DATA"]


@pytest.mark.parametrize("name", FILES)
def test_values_and_labels_agree_with_pyaxis_cell_by_cell(name: str) -> None:
    tidy = read_px(PX / name)
    reference = _pyaxis(name)
    variables = [c for c in reference.columns if c != "DATA"]
    assert tidy.attrs["variables"] == variables
    assert len(tidy) == len(reference)
    for variable in variables:
        assert tidy[variable].tolist() == reference[variable].tolist()
    expected = pd.to_numeric(reference["DATA"], errors="coerce").to_numpy(dtype="float64")
    np.testing.assert_array_equal(tidy["value"].to_numpy(), expected)


def test_symbols_keep_their_meaning_from_the_files_note() -> None:
    tidy = read_px(PX / "27067.px")
    text = (PX / "27067.px").read_bytes().decode("iso-8859-15")
    data = text[text.index("DATA=") + 5 :]
    tokens = re.findall(r'"[^"]*"|[^\s;"]+', data)
    assert len(tokens) == len(tidy)
    quoted = [t.strip('"') for t in tokens if t.startswith('"')]
    assert tidy["symbol"].dropna().tolist() == quoted
    assert set(quoted) == {".", ".."}
    confidential = tidy[tidy["symbol"] == ".."]
    assert confidential["note"].str.startswith("Dato no disponible por secreto estadístico").all()
    assert confidential["value"].isna().all()
    assert tidy.loc[tidy["symbol"].isna(), "value"].notna().all()
    assert tidy.attrs["notes"][0].startswith("(..) Dato no disponible")


def test_period_year_unit_and_codes() -> None:
    tidy = read_px(PX / "27067.px")
    assert tidy.attrs["time_variable"] == "Periodo"
    first = tidy.iloc[0]
    assert (first["period"], first["year"]) == ("2018M12", 2018)
    assert set(tidy["Comunidades y Ciudades Autónomas code"]) == {"CA06"}  # CODES(...)="CA06"
    spanish = read_px(PX / "1001.px")
    assert set(spanish["unit"]) == {"Porcentaje"}  # UNITS="  Porcentaje"
    assert spanish.iloc[0][["period", "value"]].tolist() == ["2013T4", 0.86]


def test_languages_give_the_same_cells_in_every_language() -> None:
    german = read_px(PX / "px-x-0602000000_107.px")
    english = read_px(PX / "px-x-0602000000_107.px", lang="en")
    french = read_px(PX / "px-x-0602000000_107.px", lang="fr")
    assert german.attrs["languages"] == ["de", "fr", "it", "en"]
    assert english.attrs["language"] == "en"
    assert english.attrs["variables"] == [
        "Economic division", "Education level", "Difficulties", "Weight", "Quarter",
    ]  # fmt: skip
    np.testing.assert_array_equal(german["value"].to_numpy(), english["value"].to_numpy())
    assert english["Economic division"].iloc[0] == "5-96 Total"
    assert french["Niveau de formation"].iloc[0] == "Haute école"
    assert set(english["unit"]) == {"Percent"}
    assert set(german["unit"]) == {"Prozent"}
    # CODES are the same in every language; the column is named after the language's variable
    assert (german["Ausbildungsniveau code"] == english["Education level code"]).all()
    # ELIMINATION names the value that stands for the whole variable
    assert english.attrs["elimination"] == {"Economic division": "5-96 Total"}
    assert english["year"].min() == 2004
    with pytest.raises(InputError, match=r"no language 'ka'.*de, fr, it, en"):
        read_px(PX / "px-x-0602000000_107.px", lang="ka")


def _px(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "small.px"
    path.write_text(body, encoding="utf-8")
    return path


HEAD = (
    'CHARSET="ANSI";\nCODEPAGE="utf-8";\nLANGUAGE="ka";\nLANGUAGES="ka","en";\n'
    'TITLE="მოსახლეობა";\nTITLE[en]="Population";\n'
    'CONTVARIABLE="მაჩვენებელი";\nCONTVARIABLE[en]="Indicator";\n'
    'STUB="მუნიციპალიტეტი";\nSTUB[en]="Municipality";\n'
    'HEADING="მაჩვენებელი","წელი";\nHEADING[en]="Indicator","Year";\n'
    'VALUES("მუნიციპალიტეტი")="ზესტაფონი","ტყიბული";\n'
    'VALUES[en]("Municipality")="Zestaponi","Tkibuli";\n'
    'VALUES("მაჩვენებელი")="რიცხოვნობა","წილი";\n'
    'VALUES[en]("Indicator")="Population","Share";\n'
    'VALUES("წელი")="2023","2024";\nVALUES[en]("Year")="2023","2024";\n'
    'TIMEVAL("წელი")=TLIST(A1),"2023","2024";\n'
    'UNITS("რიცხოვნობა")="ათასი კაცი";\nUNITS("წილი")="%";\n'
    'UNITS[en]("Population")="thousand persons";\nUNITS[en]("Share")="%";\n'
    'CELLNOTE("ტყიბული","*","2024")="წინასწარი";\n'
    'CELLNOTE[en]("Tkibuli","*","2024")="preliminary";\n'
    'DATASYMBOL2="კონფიდენციალური";\nDATASYMBOL2[en]="confidential";\n'
)


def test_units_per_content_value_cell_notes_places_and_symbols(tmp_path: Path) -> None:
    path = _px(tmp_path, HEAD + 'DATA=\n52.1 52.0 10 ".."\n11.2 11.0 2.1 "-";\n')
    english = read_px(path, lang="en")
    assert (
        english["place"].tolist() == ["zestaponi_municipality"] * 4 + ["tkibuli_municipality"] * 4
    )
    assert (
        english["unit"].tolist()
        == ["thousand persons"] * 2 + ["%"] * 2 + ["thousand persons"] * 2 + ["%"] * 2
    )
    assert english.loc[3, "note"] == "confidential (..)"
    assert english.loc[7, "note"] == "nil (-); preliminary"  # symbol, then the cell note
    assert english.loc[5, "note"] == "preliminary"
    assert english["period"].tolist() == ["2023", "2024"] * 4
    georgian = read_px(path)
    assert georgian.loc[3, "note"] == "კონფიდენციალური (..)"
    assert georgian["unit"].iloc[0] == "ათასი კაცი"
    assert georgian.attrs["time_variable"] == "წელი"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("DATA=\n1 2 3;\n", r"DATA has 3 values; expected 8"),
        ('DATA=\n1 2 3 4 5 6 7 "n.a";\n', r"DATA value 7 is '\"n.a\"'"),
        ("DATA=\n1 2 3 4 5 6 7 abc;\n", r"DATA value 7 is 'abc'"),
    ],
)
def test_bad_data_is_one_line_naming_the_file(tmp_path: Path, data: str, message: str) -> None:
    with pytest.raises(InputError, match=rf"small\.px: .*{message}"):
        read_px(_px(tmp_path, HEAD + data))


def test_bad_keywords_and_missing_parts(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"line 2: expected KEYWORD=value"):
        read_px(_px(tmp_path, 'TITLE="x";\n  oops\nDATA=1;'))
    with pytest.raises(InputError, match="no DATA= section"):
        read_px(_px(tmp_path, 'TITLE="x";\n'))
    with pytest.raises(InputError, match=r"no VALUES\(\"Year\"\)"):
        read_px(_px(tmp_path, 'STUB="Year";\nDATA=1;'))
    with pytest.raises(InputError, match="KEYS"):
        read_px(_px(tmp_path, 'STUB="A";\nVALUES("A")="x";\nKEYS("A")=VALUES;\nDATA=1;'))
    with pytest.raises(InputError, match="not found"):
        read_px(tmp_path / "absent.px")
