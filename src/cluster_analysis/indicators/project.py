"""The project file (``data/raw/indicators/project.csv``): the facts of the project the evidence
serves, one row per fact, validated like every other input.

Columns: ``field`` (one of :data:`PROJECT_FIELDS`), ``value`` (English, or the value itself for
codes, numbers and dates) and ``value_ka`` (Georgian, required for the text fields). ``place`` and
``outcome`` may repeat; every other field appears once. Dates are ISO (``2019-01-01``); the
contribution is a number in ``currency`` (ISO 4217 code); places are place ids (places.csv).

:func:`project_facts` returns the processed ``project_facts`` table (one row per fact, labels and
values in both languages, as the brief shows them); :func:`project_note` the one line the logframe
and the EU project's charts carry under them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from cluster_analysis.errors import InputError
from cluster_analysis.outputs import Text, text

__all__ = [
    "PROJECT_FIELDS",
    "PROJECT_MESSAGES",
    "PROJECT_SCHEMA",
    "check_project_fields",
    "project_facts",
    "project_note",
]

#: Field -> its bilingual label in the brief, in the brief's order.
PROJECT_FIELDS: dict[str, Text] = {
    "title": text("Project", "პროექტი"),
    "donor": text("Donor", "დონორი"),
    "contribution": text("EU contribution", "ევროკავშირის წვლილი"),
    "currency": text("Currency", "ვალუტა"),
    "implementer": text("Implementing organisation", "განმახორციელებელი ორგანიზაცია"),
    "start_date": text("Start", "დაწყება"),
    "end_date": text("End", "დასრულება"),
    "place": text("Towns", "ქალაქები"),
    "outcome": text("Outcomes supported", "პროექტი ხელს უწყობს"),
    "source": text("Source of the facts", "ფაქტების წყარო"),
}
#: Fields that must be there, once.
REQUIRED_FIELDS: tuple[str, ...] = (
    "title",
    "donor",
    "contribution",
    "currency",
    "implementer",
    "start_date",
    "end_date",
    "place",
)
#: Fields that may repeat.
REPEATING_FIELDS: tuple[str, ...] = ("place", "outcome")
#: Fields whose text needs a Georgian value as well.
TEXT_FIELDS: tuple[str, ...] = ("title", "donor", "implementer", "outcome", "source")

PROJECT_MESSAGES: dict[str, dict[str, str]] = {
    "project_field_known": {
        "en": "field '{value}' is not a project fact; expected one of " + ", ".join(PROJECT_FIELDS),
        "ka": "ველი '{value}' პროექტის ფაქტი არ არის; მოსალოდნელია ერთ-ერთი: "
        + ", ".join(PROJECT_FIELDS),
    },
    "project_value_form": {
        "en": "value '{value}' does not fit its field (contribution: a positive number; currency: "
        "a 3-letter code such as EUR; dates: YYYY-MM-DD; place: a place id of places.csv)",
        "ka": "მნიშვნელობა '{value}' ველს არ შეესაბამება (წვლილი: დადებითი რიცხვი; ვალუტა: "
        "3-ასოიანი კოდი, მაგ. EUR; თარიღები: YYYY-MM-DD; ადგილი: places.csv-ის კოდი)",
    },
    "project_text_needs_georgian": {
        "en": "a text fact needs its Georgian wording in value_ka ('{column}' is '{value}')",
        "ka": "ტექსტურ ფაქტს სჭირდება ქართული ფორმულირება value_ka სვეტში ('{column}' = '{value}')",
    },
    "project_field_once": {
        "en": "field '{value}' appears more than once (only place and outcome may repeat)",
        "ka": "ველი '{value}' ერთზე მეტჯერ გვხვდება (გამეორება შეუძლია მხოლოდ place-ს და outcome-ს)",
    },
}


def _iso_date(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _place_id(value: str) -> bool:
    from cluster_analysis.geo import try_normalize_place

    return try_normalize_place(value) == value


def _value_fits(frame: pd.DataFrame) -> pd.Series:
    def fits(field: object, value: object) -> bool:
        shown = "" if value is None or value is pd.NA or value != value else str(value).strip()
        if field == "contribution":
            try:
                return float(shown) > 0
            except ValueError:
                return False
        if field == "currency":
            return len(shown) == 3 and shown.isalpha() and shown.isupper()
        if field in ("start_date", "end_date"):
            return _iso_date(shown)
        if field == "place":
            return _place_id(shown)
        return bool(shown)

    return pd.Series(
        [fits(f, v) for f, v in zip(frame["field"], frame["value"], strict=True)],
        index=frame.index,
    )


def _georgian_given(frame: pd.DataFrame) -> pd.Series:
    given = frame["value_ka"].astype("string").str.strip().fillna("") != ""
    return ~frame["field"].isin(TEXT_FIELDS) | given


def _once(frame: pd.DataFrame) -> pd.Series:
    single = ~frame["field"].isin(REPEATING_FIELDS)
    return ~(single & frame["field"].duplicated(keep=False))


PROJECT_SCHEMA = pa.DataFrameSchema(
    {
        "field": pa.Column(
            str, pa.Check(lambda s: s.isin(list(PROJECT_FIELDS)), name="project_field_known")
        ),
        "value": pa.Column(str, nullable=True),
        "value_ka": pa.Column(str, nullable=True, required=False),
    },
    checks=[
        pa.Check(_value_fits, name="project_value_form"),
        pa.Check(_georgian_given, name="project_text_needs_georgian"),
        pa.Check(_once, name="project_field_once"),
    ],
    coerce=True,
    strict=False,
)

#: Which column a table-wide check is about, for the rejects report.
PROJECT_CHECK_COLUMNS: dict[str, str] = {
    "project_value_form": "value",
    "project_text_needs_georgian": "value_ka",
    "project_field_once": "field",
}


def check_project_fields(project: pd.DataFrame, source: str | Path) -> None:
    """Raise InputError (one line, naming the file and column) when a required fact is missing
    from the valid rows, or the end date is before the start date."""
    present = set(project["field"].astype(str))
    missing = [f for f in REQUIRED_FIELDS if f not in present]
    if missing:
        raise InputError(
            f"the project file lacks {', '.join(missing)} (expected one row per fact: "
            f"{', '.join(REQUIRED_FIELDS)})",
            path=source,
            column="field",
        )
    start, end = (_one(project, f) for f in ("start_date", "end_date"))
    if dt.date.fromisoformat(end) < dt.date.fromisoformat(start):
        raise InputError(
            f"the project ends ({end}) before it starts ({start})",
            path=source,
            column="value",
        )


def _one(project: pd.DataFrame, field: str, column: str = "value") -> str:
    rows = project.loc[project["field"] == field, column]
    return "" if rows.empty or pd.isna(rows.iloc[0]) else str(rows.iloc[0]).strip()


def _all(project: pd.DataFrame, field: str, column: str = "value") -> list[str]:
    rows = project.loc[project["field"] == field, column]
    return [str(v).strip() for v in rows if not pd.isna(v)]


def _date(value: str) -> str:
    # DD.MM.YYYY in both languages, as the project's own fact sheet writes it.
    return dt.date.fromisoformat(value).strftime("%d.%m.%Y")


def _amount(value: str, currency: str, lang: str) -> str:
    number = float(value)
    digits = f"{number:,.0f}" if number.is_integer() else f"{number:,.2f}"
    if lang == "ka":
        # Georgian groups thousands with a space (Geostat style), the currency after the number.
        words = {"EUR": "ევრო", "GEL": "ლარი", "USD": "აშშ დოლარი"}
        return f"{digits.replace(',', ' ')} {words.get(currency, currency)}"
    return f"{currency} {digits}"


def project_facts(project: pd.DataFrame) -> pd.DataFrame:
    """Return the processed ``project_facts`` table: one row per fact shown (``field, label_en,
    label_ka, value_en, value_ka``), the period as one row and the places by name."""
    from cluster_analysis.geo import place_name

    currency = _one(project, "currency")
    rows: list[dict[str, str]] = []

    def add(field: str, en: str, ka: str) -> None:
        label = PROJECT_FIELDS[field]
        rows.append(
            {"field": field, "label_en": label["en"], "label_ka": label["ka"], "value_en": en}
            | {"value_ka": ka}
        )

    for field in ("title", "donor", "implementer"):
        add(field, _one(project, field), _one(project, field, "value_ka"))
    start, end = _one(project, "start_date"), _one(project, "end_date")
    period = f"{_date(start)}–{_date(end)}"
    rows.append(
        {
            "field": "period",
            "label_en": "Period",
            "label_ka": "განხორციელების ვადა",
            "value_en": period,
            "value_ka": period,
        }
    )
    contribution = _one(project, "contribution")
    add(
        "contribution",
        _amount(contribution, currency, "en"),
        _amount(contribution, currency, "ka"),
    )
    places = _all(project, "place")
    add(
        "place",
        ", ".join(place_name(p, "en") for p in places),
        ", ".join(place_name(p, "ka") for p in places),
    )
    for en, ka in zip(_all(project, "outcome"), _all(project, "outcome", "value_ka"), strict=False):
        add("outcome", en, ka)
    if _one(project, "source"):
        add("source", _one(project, "source"), _one(project, "source", "value_ka"))
    return pd.DataFrame(rows, columns=["field", "label_en", "label_ka", "value_en", "value_ka"])


def project_note(project_facts: pd.DataFrame) -> Text:
    """Return the one-line project statement the logframe and the EU project's charts carry:
    title, period, contribution and implementer in both languages."""
    facts = project_facts.drop_duplicates("field").set_index("field")

    def value(field: str, lang: str) -> str:
        return str(facts.loc[field, f"value_{lang}"]) if field in facts.index else ""

    return text(
        f"EU project \u201c{value('title', 'en')}\u201d, {value('period', 'en')}; EU contribution "
        f"{value('contribution', 'en')}; implementer: {value('implementer', 'en')}",
        f"ევროკავშირის პროექტი „{value('title', 'ka')}“, {value('period', 'ka')}; ევროკავშირის "
        f"წვლილი: {value('contribution', 'ka')}; განმახორციელებელი ორგანიზაცია: "
        f"{value('implementer', 'ka')}",
    )
