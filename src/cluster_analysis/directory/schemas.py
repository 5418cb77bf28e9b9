"""Validation schemas of the directory's raw files (one per database of the cluster strategy).

Every file is read as text and validated lazily with quarantine
(:func:`cluster_analysis.validation.validate`): a row that breaks a rule goes to the rejects workbook
with a bilingual reason and never reaches a processed table. Lists inside a cell (member types,
sizes, regions, survey items and dimensions, languages, skills) are separated by ``|``; ``all``
stands for every value. Topics use the survey's item and dimension codes so that each critical gap
can be paired with what addresses it; the known codes come from the survey's processed item table.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from datetime import date

import pandas as pd
import pandera.pandas as pa

ALL = "all"
SEPARATOR = "|"
MEMBER_TYPES: tuple[str, ...] = ("packaging_maker", "packaging_user", "service_provider", "other")
SIZES: tuple[str, ...] = ("micro", "small", "medium", "large")
CURRENCIES: tuple[str, ...] = ("GEL", "EUR", "USD")
ROLES: tuple[str, ...] = ("attend", "speak", "organise")
YES_NO: tuple[str, ...] = ("yes", "no")

#: Bilingual reasons of every named check (``{value}`` and ``{column}`` are filled in by the
#: validation layer).
CHECK_MESSAGES: dict[str, dict[str, str]] = {
    "directory_id_format": {
        "en": "id '{value}' does not have the declared form (e.g. FP-001, SP-001, EX-001)",
        "ka": "იდენტიფიკატორი '{value}' არ შეესაბამება დადგენილ ფორმატს (მაგ. FP-001, SP-001, EX-001)",
    },
    "directory_duplicate_id": {
        "en": "the same id appears on more than one row; keep one row per record",
        "ka": "ერთი და იგივე იდენტიფიკატორი რამდენიმე სტრიქონშია; თითო ჩანაწერს ერთი სტრიქონი უნდა ჰქონდეს",
    },
    "directory_member_types_known": {
        "en": "'{value}' in '{column}' must be 'all' or member types from: "
        + ", ".join(MEMBER_TYPES),
        "ka": "'{value}' ('{column}') უნდა იყოს 'all' ან წევრის ტიპები სიიდან: "
        + ", ".join(MEMBER_TYPES),
    },
    "directory_sizes_known": {
        "en": "'{value}' in '{column}' must be 'all' or sizes from: " + ", ".join(SIZES),
        "ka": "'{value}' ('{column}') უნდა იყოს 'all' ან ზომის კლასები სიიდან: " + ", ".join(SIZES),
    },
    "directory_regions_known": {
        "en": "'{value}' in '{column}' is not a region of Georgia (or 'all')",
        "ka": "'{value}' ('{column}') არ არის საქართველოს რეგიონი (ან 'all')",
    },
    "directory_items_known": {
        "en": "'{value}' in '{column}' holds a code that is not a capacity item of the survey",
        "ka": "'{value}' ('{column}') შეიცავს კოდს, რომელიც გამოკითხვის შესაძლებლობების პუნქტი არ არის",
    },
    "directory_dimensions_known": {
        "en": "'{value}' in '{column}' holds a code that is not a capacity dimension of the survey",
        "ka": "'{value}' ('{column}') შეიცავს კოდს, რომელიც გამოკითხვის შესაძლებლობების განზომილება არ არის",
    },
    "directory_topic_given": {
        "en": "give at least one survey item or dimension (items or dimensions)",
        "ka": "მიუთითეთ გამოკითხვის ერთი პუნქტი ან განზომილება მაინც (items ან dimensions)",
    },
    "directory_date_format": {
        "en": "'{value}' in '{column}' is not a date written as YYYY-MM-DD",
        "ka": "'{value}' ('{column}') არ არის თარიღი ფორმატით YYYY-MM-DD (წელი-თვე-დღე)",
    },
    "directory_amount_not_negative": {
        "en": "amount {value} in '{column}' must not be negative",
        "ka": "თანხა {value} ('{column}') არ შეიძლება იყოს უარყოფითი",
    },
    "directory_amount_number": {
        "en": "'{value}' in '{column}' is not a number",
        "ka": "'{value}' ('{column}') არ არის რიცხვი",
    },
    "directory_country_code": {
        "en": "country '{value}' must be a two-letter ISO code such as GE",
        "ka": "ქვეყანა '{value}' უნდა იყოს ორასოიანი ISO კოდი, მაგ. GE",
    },
    "directory_amount_order": {
        "en": "the smallest amount is larger than the largest amount",
        "ka": "მინიმალური თანხა მაქსიმალურზე მეტია",
    },
    "directory_currency_known": {
        "en": "currency '{value}' must be one of " + ", ".join(CURRENCIES),
        "ka": "ვალუტა '{value}' უნდა იყოს ერთ-ერთი: " + ", ".join(CURRENCIES),
    },
    "directory_deadline_after_opening": {
        "en": "the deadline is before the opening date",
        "ka": "განაცხადის ბოლო ვადა გახსნის თარიღზე ადრეა",
    },
    "directory_link_format": {
        "en": "'{value}' in '{column}' must be a web address starting with http:// or https://",
        "ka": "'{value}' ('{column}') უნდა იყოს ვებმისამართი, რომელიც იწყება http:// ან https://-ით",
    },
    "directory_languages_format": {
        "en": "'{value}' in '{column}' must be two-letter language codes such as ka|en|ru",
        "ka": "'{value}' ('{column}') უნდა იყოს ენის ორასოიანი კოდები, მაგ. ka|en|ru",
    },
    "directory_event_role_known": {
        "en": "the cluster's role '{value}' must be attend, speak or organise",
        "ka": "კლასტერის როლი '{value}' უნდა იყოს attend (დასწრება), speak (გამოსვლა) ან organise (ორგანიზება)",
    },
    "directory_priority_yes_no": {
        "en": "priority '{value}' must be yes or no",
        "ka": "პრიორიტეტი '{value}' უნდა იყოს yes (დიახ) ან no (არა)",
    },
    "directory_event_dates_order": {
        "en": "the event ends before it starts",
        "ka": "ღონისძიების დასრულების თარიღი დაწყების თარიღზე ადრეა",
    },
    "directory_consent_recorded": {
        "en": "no consent date: a person may be listed only with recorded consent",
        "ka": "თანხმობის თარიღი არ არის: პირის შეტანა დასაშვებია მხოლოდ დაფიქსირებული თანხმობით",
    },
}

#: Table-wide checks and the column each concerns (for the rejects workbook); the duplicate-id
#: check concerns each table's id column (:func:`dataframe_check_columns`).
DATAFRAME_CHECK_COLUMNS: dict[str, str] = {
    "directory_topic_given": "items",
    "directory_amount_order": "amount_min",
    "directory_deadline_after_opening": "deadline",
    "directory_event_dates_order": "end_date",
    "directory_consent_recorded": "consent_date",
}

ID_PATTERNS: dict[str, str] = {
    "funding_programmes": r"FP-\d{3,}",
    "service_providers": r"SP-\d{3,}",
    "experts": r"EX-\d{3,}",
    "technology_providers": r"TP-\d{3,}",
    "events": r"EV-\d{3,}",
    "talent_pool": r"TL-\d{3,}",
}
ID_COLUMNS: dict[str, str] = {
    "funding_programmes": "programme_id",
    "service_providers": "provider_id",
    "experts": "expert_id",
    "technology_providers": "provider_id",
    "events": "event_id",
    "talent_pool": "candidate_id",
}


def dataframe_check_columns(table: str) -> dict[str, str]:
    """Return which column each table-wide check of ``table`` concerns."""
    return {**DATAFRAME_CHECK_COLUMNS, "directory_duplicate_id": ID_COLUMNS[table]}


def split_codes(value: object) -> list[str]:
    """Return the codes of a ``|``-separated cell (empty cell: no codes)."""
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return []
    return [part.strip() for part in str(value).split(SEPARATOR) if part.strip()]


def _codes_in(allowed: Collection[str], *, allow_all: bool) -> Callable[[object], bool]:
    def check(value: object) -> bool:
        codes = split_codes(value)
        if allow_all and codes == [ALL]:
            return True
        return all(code in allowed for code in codes)

    return check


def _is_date(value: object) -> bool:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return True  # emptiness is the column's own rule
    try:
        date.fromisoformat(str(value).strip())
    except ValueError:
        return False
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value).strip()))


def _is_link(value: object) -> bool:
    return bool(re.match(r"https?://\S+$", str(value).strip()))


def _number(value: object) -> float | None:
    try:
        return float(str(value).strip())
    except ValueError:
        return None


def _one_of(allowed: Collection[str], name: str) -> pa.Check:
    return pa.Check(lambda v: str(v).strip() in allowed, element_wise=True, name=name)


def _matches(pattern: str, name: str) -> pa.Check:
    return pa.Check(
        lambda v: bool(re.fullmatch(pattern, str(v).strip())), element_wise=True, name=name
    )


def _codes(allowed: Collection[str], name: str, *, allow_all: bool = False) -> pa.Check:
    return pa.Check(_codes_in(allowed, allow_all=allow_all), element_wise=True, name=name)


def _date(required: bool = True) -> pa.Column:
    return pa.Column(
        str,
        pa.Check(_is_date, element_wise=True, name="directory_date_format"),
        nullable=not required,
    )


def _link(required: bool = True) -> pa.Column:
    return pa.Column(
        str,
        pa.Check(_is_link, element_wise=True, name="directory_link_format"),
        nullable=not required,
    )


def _id(table: str) -> pa.Column:
    pattern = ID_PATTERNS[table]
    return pa.Column(
        str,
        pa.Check(
            lambda v: bool(re.fullmatch(pattern, str(v).strip())),
            element_wise=True,
            name="directory_id_format",
        ),
    )


def _frame_checks(table: str, *extra: pa.Check) -> list[pa.Check]:
    id_column = ID_COLUMNS[table]
    unique = pa.Check(
        lambda frame: ~frame[id_column].duplicated(keep=False), name="directory_duplicate_id"
    )
    return [unique, *extra]


def _topic_columns(topics: Mapping[str, str]) -> dict[str, pa.Column]:
    dimensions = sorted(set(topics.values()))
    return {
        "dimensions": pa.Column(
            str, _codes(dimensions, "directory_dimensions_known"), nullable=True
        ),
        "items": pa.Column(str, _codes(list(topics), "directory_items_known"), nullable=True),
    }


def _topic_given() -> pa.Check:
    return pa.Check(
        lambda frame: frame["items"].notna() | frame["dimensions"].notna(),
        name="directory_topic_given",
    )


def _languages() -> pa.Column:
    return pa.Column(
        str,
        pa.Check(
            lambda v: all(re.fullmatch(r"[a-z]{2}", c) for c in split_codes(v)),
            element_wise=True,
            name="directory_languages_format",
        ),
        nullable=True,
    )


def _regions(regions: Collection[str], *, allow_all: bool = True, required: bool = True):
    return pa.Column(
        str, _codes(regions, "directory_regions_known", allow_all=allow_all), nullable=not required
    )


def _text(required: bool = True) -> pa.Column:
    return pa.Column(str, nullable=not required)


def funding_programmes_schema(
    topics: Mapping[str, str], regions: Collection[str]
) -> pa.DataFrameSchema:
    """Schema of ``funding_programmes.csv`` (``topics``: survey item -> dimension)."""

    def amount_order(frame: pd.DataFrame) -> pd.Series:
        low = pd.to_numeric(frame["amount_min"], errors="coerce")
        high = pd.to_numeric(frame["amount_max"], errors="coerce")
        return ~(low > high).fillna(False)

    def deadline_after_opening(frame: pd.DataFrame) -> pd.Series:
        opening = pd.to_datetime(frame["opening_date"], errors="coerce", format="%Y-%m-%d")
        deadline = pd.to_datetime(frame["deadline"], errors="coerce", format="%Y-%m-%d")
        return ~(deadline < opening).fillna(False)

    amount = pa.Column(
        str,
        [
            pa.Check(
                lambda v: _number(v) is not None, element_wise=True, name="directory_amount_number"
            ),
            pa.Check(
                lambda v: (_number(v) or 0.0) >= 0,
                element_wise=True,
                name="directory_amount_not_negative",
            ),
        ],
        nullable=True,
    )
    return pa.DataFrameSchema(
        {
            "programme_id": _id("funding_programmes"),
            "donor": _text(),
            "programme_en": _text(),
            "programme_ka": _text(),
            "eligible_member_types": pa.Column(
                str, _codes(MEMBER_TYPES, "directory_member_types_known", allow_all=True)
            ),
            "eligible_sizes": pa.Column(
                str, _codes(SIZES, "directory_sizes_known", allow_all=True)
            ),
            "eligible_regions": _regions(regions),
            **_topic_columns(topics),
            "amount_min": amount,
            "amount_max": amount,
            "currency": pa.Column(str, _one_of(CURRENCIES, "directory_currency_known")),
            "opening_date": _date(),
            "deadline": _date(required=False),
            "link": _link(),
            "last_checked": _date(),
        },
        checks=_frame_checks(
            "funding_programmes",
            _topic_given(),
            pa.Check(amount_order, name="directory_amount_order"),
            pa.Check(deadline_after_opening, name="directory_deadline_after_opening"),
        ),
        strict=False,
    )


def service_providers_schema(
    topics: Mapping[str, str], regions: Collection[str]
) -> pa.DataFrameSchema:
    """Schema of ``service_providers.csv`` (contacts are kept for the office only)."""
    return pa.DataFrameSchema(
        {
            "provider_id": _id("service_providers"),
            "name_en": _text(),
            "name_ka": _text(),
            "services_en": _text(),
            "services_ka": _text(),
            **_topic_columns(topics),
            "certifications": _text(required=False),
            "languages": _languages(),
            "regions": _regions(regions),
            "contact_person": _text(required=False),
            "phone": _text(required=False),
            "email": _text(required=False),
            "website": _link(required=False),
            "last_checked": _date(),
        },
        checks=_frame_checks("service_providers", _topic_given()),
    )


def experts_schema(topics: Mapping[str, str], regions: Collection[str]) -> pa.DataFrameSchema:
    """Schema of ``experts.csv`` (phone and e-mail are personal data: office only)."""
    return pa.DataFrameSchema(
        {
            "expert_id": _id("experts"),
            "name_en": _text(),
            "name_ka": _text(),
            "expertise_en": _text(),
            "expertise_ka": _text(),
            **_topic_columns(topics),
            "certifications": _text(required=False),
            "languages": _languages(),
            "region": _regions(regions, allow_all=False),
            "phone": _text(required=False),
            "email": _text(required=False),
            "last_checked": _date(),
        },
        checks=_frame_checks("experts", _topic_given()),
    )


def technology_providers_schema(
    topics: Mapping[str, str], regions: Collection[str]
) -> pa.DataFrameSchema:
    """Schema of ``technology_providers.csv``."""
    return pa.DataFrameSchema(
        {
            "provider_id": _id("technology_providers"),
            "name": _text(),
            "country": pa.Column(
                str,
                _matches(r"[A-Z]{2}", "directory_country_code"),
            ),
            "technologies_en": _text(),
            "technologies_ka": _text(),
            **_topic_columns(topics),
            "regions": _regions(regions),
            "website": _link(required=False),
            "email": _text(required=False),
            "last_checked": _date(),
        },
        checks=_frame_checks("technology_providers", _topic_given()),
    )


def events_schema(topics: Mapping[str, str]) -> pa.DataFrameSchema:
    """Schema of ``events.csv`` (an event needs no topic: the cluster's own events may have none)."""

    def dates_order(frame: pd.DataFrame) -> pd.Series:
        start = pd.to_datetime(frame["start_date"], errors="coerce", format="%Y-%m-%d")
        end = pd.to_datetime(frame["end_date"], errors="coerce", format="%Y-%m-%d")
        return ~(end < start).fillna(False)

    return pa.DataFrameSchema(
        {
            "event_id": _id("events"),
            "title_en": _text(),
            "title_ka": _text(),
            "start_date": _date(),
            "end_date": _date(required=False),
            "city": _text(),
            "country": pa.Column(str, _matches(r"[A-Z]{2}", "directory_country_code")),
            **_topic_columns(topics),
            "priority": pa.Column(str, _one_of(YES_NO, "directory_priority_yes_no")),
            "cluster_role": pa.Column(str, _one_of(ROLES, "directory_event_role_known")),
            "link": _link(required=False),
            "last_checked": _date(),
        },
        checks=_frame_checks("events", pa.Check(dates_order, name="directory_event_dates_order")),
    )


def talent_pool_schema(topics: Mapping[str, str], regions: Collection[str]) -> pa.DataFrameSchema:
    """Schema of ``talent_pool.csv`` (personal data: a person is listed only with consent)."""
    return pa.DataFrameSchema(
        {
            "candidate_id": _id("talent_pool"),
            "full_name": _text(),
            "skills": pa.Column(str, _codes(list(topics), "directory_items_known")),
            "region": _regions(regions, allow_all=False),
            "available_from": _date(required=False),
            "consent_date": _date(required=False),
            "phone": _text(required=False),
            "email": _text(required=False),
            "last_checked": _date(),
        },
        checks=_frame_checks(
            "talent_pool",
            pa.Check(lambda f: f["consent_date"].notna(), name="directory_consent_recorded"),
        ),
    )
