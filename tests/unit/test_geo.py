"""Place-name normalisation: every spelling of a Geostat unit gives one canonical id."""

from __future__ import annotations

import pytest

from cluster_analysis.errors import InputError
from cluster_analysis.geo import (
    LEGACY_FONT_TO_GEORGIAN,
    normalize_place,
    parent_of,
    place_name,
    places,
    try_normalize_place,
)

NAME_VARIANTS = [
    # --- Zestaponi: municipality by default, town when the name says so
    ("Zestaponi", "zestaponi_municipality"),
    ("Zestaponi Municipality", "zestaponi_municipality"),
    ("zestaponi municipality", "zestaponi_municipality"),
    ("ZESTAPONI", "zestaponi_municipality"),
    ("  Zestaponi   Municipality ", "zestaponi_municipality"),
    ("      Zestaponi Municipality", "zestaponi_municipality"),  # leading indentation
    ("Zestafoni", "zestaponi_municipality"),
    ("Zestap'oni", "zestaponi_municipality"),
    ("Zestap’oni", "zestaponi_municipality"),
    ("Zestapʼoni", "zestaponi_municipality"),
    ("Zestap`oni", "zestaponi_municipality"),
    ("Zestap´oni", "zestaponi_municipality"),
    ("Zestaponi Raioni", "zestaponi_municipality"),
    ("Zestaponi district", "zestaponi_municipality"),
    ("Zestaponi*", "zestaponi_municipality"),
    ("Zestaponi¹", "zestaponi_municipality"),
    ("Zestaponis municipaliteti", "zestaponi_municipality"),
    ("ზესტაფონი", "zestaponi_municipality"),
    ("ზესტაფონის", "zestaponi_municipality"),
    ("ზესტაფონის მუნიციპალიტეტი", "zestaponi_municipality"),
    ("ზესტაფონის მუნიციპალიტეტი¹", "zestaponi_municipality"),
    ("ზესტაფონის რაიონი", "zestaponi_municipality"),
    ("ზესტაფონში", "zestaponi_municipality"),
    ("ᲖᲔᲡᲢᲐᲤᲝᲜᲘ", "zestaponi_municipality"),  # Mtavruli capitals
    ("Зестафони", "zestaponi_municipality"),
    ("Зестафонский муниципалитет", "zestaponi_municipality"),
    ("zestafonis municipaliteti", "zestaponi_municipality"),  # legacy Latin-font Georgian
    ("zestaponi_municipality", "zestaponi_municipality"),  # an id maps to itself
    ("Zestaponi town", "zestaponi_town"),
    ("Zestaponi Town", "zestaponi_town"),
    ("town of Zestaponi", "zestaponi_town"),
    ("Zestafoni city", "zestaponi_town"),
    ("C. Zestaponi", "zestaponi_town"),
    ("ქალაქი ზესტაფონი", "zestaponi_town"),
    ("ქ. ზესტაფონი", "zestaponi_town"),
    ("qalaqi zestafoni", "zestaponi_town"),
    ("г. Зестафони", "zestaponi_town"),
    ("zestaponi_town", "zestaponi_town"),
    # --- Tkibuli
    ("Tkibuli", "tkibuli_municipality"),
    ("Tqibuli", "tkibuli_municipality"),
    ("Tqibuli Municipality", "tkibuli_municipality"),  # Geostat's English spelling
    ("T'q'ibuli", "tkibuli_municipality"),
    ("Ткибули", "tkibuli_municipality"),
    ("Ткибульский муниципалитет", "tkibuli_municipality"),
    ("ტყიბული", "tkibuli_municipality"),
    ("ტყიბულის მუნიციპალიტეტი", "tkibuli_municipality"),
    ("tyibulis municipaliteti", "tkibuli_municipality"),  # legacy font: y = ყ
    ("Tkibuli town", "tkibuli_town"),
    ("ქალაქი ტყიბული", "tkibuli_town"),
    ("Ткибули город", "tkibuli_town"),
    # --- Chiatura
    ("Chiatura", "chiatura_municipality"),
    ("Ch'iatura", "chiatura_municipality"),
    ("Chʼiatura", "chiatura_municipality"),
    ("Tchiatura", "chiatura_municipality"),
    ("Tschiatura", "chiatura_municipality"),
    ("Čiatura", "chiatura_municipality"),
    ("Чиатура", "chiatura_municipality"),
    ("Чиатурский район", "chiatura_municipality"),
    ("ჭიათურა", "chiatura_municipality"),
    ("ჭიათურის", "chiatura_municipality"),
    ("ჭიათურის მუნიციპალიტეტი", "chiatura_municipality"),
    ("WiaTura", "chiatura_municipality"),  # legacy font: W = ჭ, T = თ
    ("Chiatura Municipality", "chiatura_municipality"),
    ("Chiatura town", "chiatura_town"),
    ("ქალაქი ჭიათურა", "chiatura_town"),
    # --- Kutaisi: a self-governing city (no separate town unit)
    ("Kutaisi", "kutaisi_city"),
    ("C. Kutaisi", "kutaisi_city"),
    ("C.Kutaisi", "kutaisi_city"),
    ("c. kutaisi", "kutaisi_city"),
    ("Kutaisi City", "kutaisi_city"),
    ("city of Kutaisi", "kutaisi_city"),
    ("Kutaisi town", "kutaisi_city"),
    ("Kutaisi Municipality", "kutaisi_city"),
    ("Kut'aisi", "kutaisi_city"),
    ("ქ. ქუთაისი", "kutaisi_city"),
    ("ქალაქი ქუთაისი", "kutaisi_city"),
    ("ქუთაისის", "kutaisi_city"),
    ("Кутаиси", "kutaisi_city"),
    ("г. Кутаиси", "kutaisi_city"),
    ("quTaisi", "kutaisi_city"),
    ("Kutaisi (1)", "kutaisi_city"),
    # --- Imereti
    ("Imereti", "imereti"),
    ("IMERETI", "imereti"),
    ("Imereti region", "imereti"),
    ("Imeretia", "imereti"),
    ("Imeretis", "imereti"),
    ("იმერეთი", "imereti"),
    ("იმერეთის", "imereti"),
    ("იმერეთის მხარე", "imereti"),
    ("იმერეთში", "imereti"),
    ("Имерети", "imereti"),
    ("Имеретия", "imereti"),
    ("imereTi", "imereti"),
    # --- Georgia
    ("Georgia", "georgia"),
    ("GEORGIA - Total", "georgia"),
    ("Georgia, total", "georgia"),
    ("საქართველო", "georgia"),
    ("საქართველო - სულ", "georgia"),
    ("საქართველოს", "georgia"),
    ("saqarTvelo", "georgia"),
    ("Грузия", "georgia"),
    ("Republic of Georgia", "georgia"),
    # --- Tbilisi
    ("Tbilisi", "tbilisi_city"),
    ("TBILISI CITY", "tbilisi_city"),
    ("Tbilisi¹", "tbilisi_city"),
    ("Tbilisi1", "tbilisi_city"),
    ("Tbilisi *", "tbilisi_city"),
    ("ქ. თბილისი", "tbilisi_city"),
    ("თბილისი", "tbilisi_city"),
    ("Тбилиси", "tbilisi_city"),
    ("Tbilisi Municipality", "tbilisi_city"),
    ("Tbilisi self-governing city", "tbilisi_city"),
    # --- Adjara
    ("Adjara", "adjara_ar"),
    ("Adjara ", "adjara_ar"),
    ("Adjara A.R.", "adjara_ar"),
    ("Adjara AR", "adjara_ar"),
    ("Adjara A. R.", "adjara_ar"),
    ("Ajara", "adjara_ar"),
    ("Achara", "adjara_ar"),
    ("Autonomous Republic of Adjara", "adjara_ar"),
    ("Adjara region", "adjara_ar"),
    ("აჭარა", "adjara_ar"),
    ("აჭარის ა.რ.", "adjara_ar"),
    ("აჭარის ავტონომიური რესპუბლიკა", "adjara_ar"),
    ("აჭარის რეგიონში", "adjara_ar"),
    ("Аджария", "adjara_ar"),
    ("aWara", "adjara_ar"),
    # --- other units in the real files
    ("Abkhazia A.R.", "abkhazia_ar"),
    ("აფხაზეთის ა.რ.", "abkhazia_ar"),
    ("C. Sokhumi", "sokhumi_city"),
    ("Sokhumi Municipality", "sokhumi_municipality"),
    ("Gulripsha Municipality", "gulripshi_municipality"),
    ("C. Tskhinvali", "tskhinvali_city"),
    ("ქ. ცხინვალი", "tskhinvali_city"),
    ("Akhalgori Municipality", "akhalgori_municipality"),
    ("Racha-Lechkhumi and Kvemo Svaneti", "racha_lechkhumi_kvemo_svaneti"),
    ("Racha-Lechkhumi & Kvemo Svaneti", "racha_lechkhumi_kvemo_svaneti"),
    ("რაჭა-ლეჩხუმი და ქვემო სვანეთი", "racha_lechkhumi_kvemo_svaneti"),
    ("Mtskheta–Mtianeti", "mtskheta_mtianeti"),
    ("Tsqaltubo Municipality", "tskaltubo_municipality"),
    ("Dedoplistsqaro Municipality", "dedoplistskaro_municipality"),
    ("Sighnagi Municipality", "sighnaghi_municipality"),
    ("ყვარლის მუნიციპალიტეტი", "kvareli_municipality"),  # genitive with syncope
    ("გარდაბნის მუნიციპალიტეტი", "gardabani_municipality"),
    ("C. Ozurgeti", "ozurgeti_town"),  # self-governing city 2014-2017, today the town
]


@pytest.mark.parametrize(("name", "expected"), NAME_VARIANTS)
def test_name_variants_map_to_one_id(name: str, expected: str) -> None:
    assert normalize_place(name) == expected


@pytest.mark.parametrize(
    ("name", "level", "expected"),
    [
        ("Zestaponi", "town", "zestaponi_town"),
        ("ზესტაფონი", "town", "zestaponi_town"),
        ("Chiatura", "town", "chiatura_town"),
        ("Tkibuli", "municipality", "tkibuli_municipality"),
        ("Kutaisi", "town", "kutaisi_city"),  # the self-governing city is itself the town
        ("Sokhumi", "occupied_unit", "sokhumi_municipality"),
        # a unit word in the name wins over level=
        ("Zestaponi Municipality", "town", "zestaponi_municipality"),
        ("ქალაქი ზესტაფონი", "municipality", "zestaponi_town"),
    ],
)
def test_level_keyword_chooses_between_units_of_one_name(
    name: str, level: str, expected: str
) -> None:
    assert normalize_place(name, level=level) == expected


def test_unknown_name_raises_with_three_suggestions() -> None:
    with pytest.raises(InputError, match="unknown place") as caught:
        normalize_place("Zestapony Munisipalitet X")
    message = str(caught.value)
    assert "Zestapony Munisipalitet X" in message
    assert "zestaponi_municipality" in message
    assert message.count("(") == 3  # three 'Name (id)' suggestions


def test_unknown_georgian_name_suggests_georgian_names() -> None:
    with pytest.raises(InputError, match="ზესტაფონის მუნიციპალიტეტი"):
        normalize_place("ზესტაფონ")


def test_town_requested_where_none_exists_is_an_error_not_a_guess() -> None:
    # Kharagauli is a daba (urban settlement), not a town: never silently the municipality.
    with pytest.raises(InputError, match="Kharagauli"):
        normalize_place("Kharagauli town")
    with pytest.raises(InputError, match="unknown place 'Kharagauli' as a town"):
        normalize_place("Kharagauli", level="town")


@pytest.mark.parametrize("bad", ["", "   ", None, 12, float("nan")])
def test_non_names_are_input_errors(bad: object) -> None:
    with pytest.raises(InputError, match="expected a place name"):
        normalize_place(bad)  # type: ignore[arg-type]
    assert try_normalize_place(bad) is None


def test_bad_level_is_an_input_error() -> None:
    with pytest.raises(InputError, match="level"):
        normalize_place("Zestaponi", level="village")


def test_gazetteer_has_64_municipalities_and_5_self_governing_cities() -> None:
    table = places()
    assert table["id"].is_unique
    municipal = table[table["level"].isin(["municipality", "self_governing_city"])]
    assert len(municipal) == 64
    assert set(table.loc[table["level"] == "self_governing_city", "id"]) == {
        "tbilisi_city",
        "batumi_city",
        "kutaisi_city",
        "rustavi_city",
        "poti_city",
    }
    regions = set(table.loc[table["level"] == "region", "id"])
    assert len(regions) == 11  # 9 mkhare + 2 autonomous republics (Tbilisi is a city)
    assert {"adjara_ar", "abkhazia_ar", "imereti"} <= regions
    assert set(table["parent"]) - {""} <= set(table["id"])  # every parent is a known unit


def test_imereti_municipalities() -> None:
    table = places()
    imereti = table[(table["parent"] == "imereti") & (table["level"] != "town")]
    assert set(imereti["name_en"]) == {
        "Baghdati", "Vani", "Zestaponi", "Terjola", "Samtredia", "Sachkhere", "Tkibuli",
        "Tskaltubo", "Chiatura", "Kharagauli", "Khoni", "Kutaisi",
    }  # fmt: skip


def test_every_alias_maps_back_to_its_own_unit() -> None:
    for row in places().itertuples():
        level = row.level if row.level != "region" and row.level != "country" else None
        names = [row.id, row.name_en, row.name_ka, row.name_ka_genitive]
        names += [alias for alias in row.aliases.split("|") if alias]
        for name in names:
            if row.id == "sokhumi_city" and not name.startswith(("C.", "ქ.", "sokhumi_city")):
                # a bare name both units share ("Sokhumi") is the municipality by the documented
                # default; "Sukhum" belongs to the city only
                assert normalize_place(name, level=level) in {row.id, "sokhumi_municipality"}
                continue
            assert normalize_place(name, level=level) == row.id, name


def test_place_name_and_parent() -> None:
    assert place_name("zestaponi_municipality") == "Zestaponi Municipality"
    assert place_name("zestaponi_municipality", "ka") == "ზესტაფონის მუნიციპალიტეტი"
    assert place_name("zestaponi_town", "ka") == "ქალაქი ზესტაფონი"
    assert place_name("kutaisi_city", "ka") == "ქ. ქუთაისი"
    assert place_name("adjara_ar", "ka") == "აჭარის ა.რ."
    assert place_name("kvareli_municipality", "ka") == "ყვარლის მუნიციპალიტეტი"
    assert place_name("chiatura_town", "en", qualified=False) == "Chiatura"
    assert parent_of("zestaponi_town") == "zestaponi_municipality"
    assert parent_of("zestaponi_municipality") == "imereti"
    assert parent_of("imereti") == "georgia"
    assert parent_of("tbilisi_city") == "georgia"
    assert parent_of("georgia") is None
    with pytest.raises(InputError, match="zestaponi_town"):
        parent_of("zestaponi_twn")


def test_places_returns_a_copy() -> None:
    first = places()
    first.loc[0, "name_en"] = "changed"
    assert places().loc[0, "name_en"] == "Georgia"


def test_legacy_font_mapping_is_the_standard_one() -> None:
    assert "".join(LEGACY_FONT_TO_GEORGIAN[c] for c in "saqarTvelo") == "საქართველო"
    special = {"T": "თ", "W": "ჭ", "R": "ღ", "S": "შ", "C": "ჩ", "Z": "ძ", "J": "ჟ"}
    assert all(LEGACY_FONT_TO_GEORGIAN[k] == v for k, v in special.items())
    assert LEGACY_FONT_TO_GEORGIAN["A"] == "ა"  # other capitals read as lower case


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # compound region names decline every part: genitive first part, genitive or locative last
        ("სამცხის-ჯავახეთის", "samtskhe_javakheti"),
        ("სამცხის-ჯავახეთში", "samtskhe_javakheti"),
        ("მცხეთის-მთიანეთის რეგიონი", "mtskheta_mtianeti"),
        ("სამეგრელოს-ზემო სვანეთის", "samegrelo_zemo_svaneti"),
        ("რაჭა-ლეჩხუმსა და ქვემო სვანეთში", "racha_lechkhumi_kvemo_svaneti"),
        ("Samtskhis-Javakhetis", "samtskhe_javakheti"),
        ("Mtskhetis-Mtianeti region", "mtskheta_mtianeti"),
    ],
)
def test_genitive_is_stripped_from_every_word_of_a_compound_name(name: str, expected: str) -> None:
    # expected ids from places.csv (name_ka / name_en of the nine regions), not from the matcher
    assert normalize_place(name) == expected


def test_genitive_stripping_does_not_invent_places() -> None:
    with pytest.raises(InputError, match="closest known names"):
        normalize_place("სამცხის-ზემოს")
