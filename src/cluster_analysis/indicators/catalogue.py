"""The indicator catalogue: what is measured, why, in which unit, from which baseline to which target.

One row per indicator, or per indicator x place when baselines or targets differ by place (a blank
``place`` applies the row to every place observed for that indicator). Columns follow the EU
results-framework shape (docs/methods.md#indicator-progress): results level (impact / outcome /
output), the goal
served, bilingual names, unit, desired direction, disaggregation, source (means of verification),
baseline (value, year), milestones, target (value, year), quantitative or qualitative.

Milestones (intermediate targets) are stored in one text cell, ``"2025:120|2027:150"`` (year:value
pairs separated by ``|``); :func:`milestones_long` turns them into a long side table
(indicator, place, year, value).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from cluster_analysis.errors import InputError
from cluster_analysis.outputs import Text, text
from cluster_analysis.validation import ValidationResult, tidy_text, validate

__all__ = [
    "CATALOGUE_COLUMNS",
    "CATALOGUE_SCHEMA",
    "DIRECTIONS",
    "KINDS",
    "LEVELS",
    "LEVEL_LABELS",
    "MILESTONE_PATTERN",
    "UNIT_LABELS",
    "catalogue_label",
    "milestones_long",
    "parse_milestones",
    "read_catalogue",
    "unit_label",
    "validate_catalogue",
]

LEVELS: tuple[str, ...] = ("impact", "outcome", "output")
DIRECTIONS: tuple[str, ...] = ("increase", "decrease")
KINDS: tuple[str, ...] = ("quantitative", "qualitative")

LEVEL_LABELS: dict[str, Text] = {
    "impact": text("Impact", "ზემოქმედება"),
    "outcome": text("Outcome", "შედეგი"),
    "output": text("Output", "პროდუქტი"),
}

#: Bilingual words for the unit codes the catalogue uses; an unknown code is shown as typed.
UNIT_LABELS: dict[str, Text] = {
    "count": text("number", "რაოდენობა"),
    "persons": text("persons", "პირი"),
    "percent": text("%", "%"),
    "per_1000": text("per 1,000 population", "მოსახლეობის 1 000 კაცზე"),
    "thousand_visitors": text("thousand visitors", "ათასი ვიზიტორი"),
    "thousand_guest_nights": text("thousand guest-nights", "ათასი სტუმარ-ღამე"),
    "yes_no": text("yes / no", "დიახ / არა"),
    "km2": text("km²", "კმ²"),
    "gel_thousand": text("thousand GEL", "ათასი ლარი"),
}

#: One "year:value" pair, several separated by "|" (e.g. "2025:120|2027:150").
MILESTONE_PATTERN = r"^\s*\d{4}\s*:\s*-?\d+(\.\d+)?\s*(\|\s*\d{4}\s*:\s*-?\d+(\.\d+)?\s*)*$"

CATALOGUE_COLUMNS: tuple[str, ...] = (
    "indicator",
    "place",
    "level",
    "goal_en",
    "goal_ka",
    "name_en",
    "name_ka",
    "unit",
    "direction",
    "disaggregation",
    "source",
    "source_ka",
    "baseline_value",
    "baseline_year",
    "milestones",
    "target_value",
    "target_year",
    "kind",
    "manual_status",
    "manual_reason",
)

#: Bilingual reasons of the catalogue schema's named checks (passed to validate as ``messages``).
CATALOGUE_MESSAGES: dict[str, dict[str, str]] = {
    "target_after_baseline": {
        "en": "the target year must come after the baseline year (row's '{column}' is {value})",
        "ka": "სამიზნე წელი საბაზისო წლის შემდეგ უნდა იყოს ('{column}' = {value})",
    },
    "quantitative_needs_values": {
        "en": "a quantitative indicator needs a baseline value and year and a target value "
        "and year ('{column}' is '{value}')",
        "ka": "რაოდენობრივ ინდიკატორს სჭირდება საბაზისო და სამიზნე მნიშვნელობა და წელი "
        "('{column}' = '{value}')",
    },
    "one_row_per_indicator_place": {
        "en": "indicator '{value}' appears twice for the same place",
        "ka": "ინდიკატორი '{value}' ერთსა და იმავე ადგილისთვის ორჯერ გვხვდება",
    },
    "milestone_format": {
        "en": "milestones '{value}' must look like 2025:120|2027:150 (year:value, separated by |)",
        "ka": "ეტაპობრივი მიზნები '{value}' უნდა ჩაიწეროს ასე: 2025:120|2027:150 "
        "(წელი:მნიშვნელობა, გამყოფი |)",
    },
    "indicator_id_form": {
        "en": "indicator id '{value}' must be lower-case letters, digits and _",
        "ka": "ინდიკატორის კოდი '{value}' უნდა შედგებოდეს ლათინური პატარა ასოების, "
        "ციფრებისა და _ სიმბოლოსგან",
    },
}


def _target_after_baseline(frame: pd.DataFrame) -> pd.Series:
    both = frame["baseline_year"].notna() & frame["target_year"].notna()
    return ~both | (frame["target_year"] > frame["baseline_year"])


def _quantitative_needs_values(frame: pd.DataFrame) -> pd.Series:
    needed = (
        frame[["baseline_value", "baseline_year", "target_value", "target_year"]]
        .notna()
        .all(axis=1)
    )
    return (frame["kind"] != "quantitative") | needed


def _one_row_per_indicator_place(frame: pd.DataFrame) -> pd.Series:
    key = frame["indicator"].astype(str) + "\x1f" + frame["place"].fillna("").astype(str)
    return ~key.duplicated(keep=False)


CATALOGUE_SCHEMA = pa.DataFrameSchema(
    {
        "indicator": pa.Column(
            str, pa.Check(lambda s: s.str.fullmatch(r"[a-z][a-z0-9_]*"), name="indicator_id_form")
        ),
        "place": pa.Column(str, nullable=True, required=False),
        "level": pa.Column(str, pa.Check.isin(LEVELS)),
        "goal_en": pa.Column(str, nullable=True, required=False),
        "goal_ka": pa.Column(str, nullable=True, required=False),
        "name_en": pa.Column(str),
        "name_ka": pa.Column(str),
        "unit": pa.Column(str),
        "direction": pa.Column(str, pa.Check.isin(DIRECTIONS)),
        "disaggregation": pa.Column(str, nullable=True, required=False),
        "source": pa.Column(str, nullable=True, required=False),
        "source_ka": pa.Column(str, nullable=True, required=False),
        "baseline_value": pa.Column("Float64", nullable=True),
        "baseline_year": pa.Column("Int64", pa.Check.in_range(1990, 2100), nullable=True),
        "milestones": pa.Column(
            str,
            pa.Check(lambda s: s.str.match(MILESTONE_PATTERN), name="milestone_format"),
            nullable=True,
            required=False,
        ),
        "target_value": pa.Column("Float64", nullable=True),
        "target_year": pa.Column("Int64", pa.Check.in_range(1990, 2100), nullable=True),
        "kind": pa.Column(str, pa.Check.isin(KINDS)),
        "manual_status": pa.Column(str, nullable=True, required=False),
        "manual_reason": pa.Column(str, nullable=True, required=False),
    },
    checks=[
        pa.Check(_target_after_baseline, name="target_after_baseline"),
        pa.Check(_quantitative_needs_values, name="quantitative_needs_values"),
        pa.Check(_one_row_per_indicator_place, name="one_row_per_indicator_place"),
    ],
    coerce=True,
    strict=False,
)

#: Columns a catalogue may leave out (added empty before validation).
OPTIONAL_COLUMNS: tuple[str, ...] = (
    "place",
    "goal_en",
    "goal_ka",
    "disaggregation",
    "source",
    "source_ka",
    "milestones",
    "manual_status",
    "manual_reason",
)

#: Which column a table-wide check is about, for the rejects report.
CATALOGUE_CHECK_COLUMNS: dict[str, str] = {
    "target_after_baseline": "target_year",
    "quantitative_needs_values": "kind",
    "one_row_per_indicator_place": "indicator",
}


def _prepare(frame: pd.DataFrame) -> pd.DataFrame:
    """Strip text cells and add the optional columns as empty, so the schema sees every column."""
    work = tidy_text(frame, add_missing=OPTIONAL_COLUMNS)
    for column in [c for c in ("level", "direction", "kind") if c in work.columns]:
        work[column] = work[column].map(lambda v: v.lower() if isinstance(v, str) else v)
    work.attrs = dict(frame.attrs)
    return work


def validate_catalogue(frame: pd.DataFrame, *, source: str | None = None) -> ValidationResult:
    """Validate a catalogue read as text against :data:`CATALOGUE_SCHEMA`, with quarantine.

    Returns the :class:`~cluster_analysis.validation.ValidationResult` (valid rows coerced: numbers
    as Float64/Int64; rejected rows with bilingual reasons). Raises InputError when a required
    column is missing.
    """
    return validate(
        _prepare(frame),
        CATALOGUE_SCHEMA,
        table="indicator_catalogue",
        source=source,
        id_column="indicator",
        dataframe_check_columns=CATALOGUE_CHECK_COLUMNS,
        messages=CATALOGUE_MESSAGES,
    )


def read_catalogue(path: Path | str) -> pd.DataFrame:
    """Read a catalogue (csv/xlsx) as text, ready for :func:`validate_catalogue`."""
    from cluster_analysis.readers import read_table

    return read_table(path, as_text=True)


def prepare_catalogue(frame: pd.DataFrame) -> pd.DataFrame:
    """Return the catalogue with every optional column present (used before schema validation)."""
    return _prepare(frame)


def parse_milestones(cell: object) -> list[tuple[int, float]]:
    """Return the (year, value) pairs of a milestones cell like ``"2025:120|2027:150"``, by year.

    An empty cell gives ``[]``; a malformed one raises InputError.
    """
    if cell is None or (isinstance(cell, float) and cell != cell) or cell is pd.NA:
        return []
    raw = str(cell).strip()
    if not raw:
        return []
    if not re.match(MILESTONE_PATTERN, raw):
        raise InputError(
            f"milestones {raw!r} must look like 2025:120|2027:150", column="milestones"
        )
    pairs = []
    for part in raw.split("|"):
        year, value = part.split(":")
        pairs.append((int(year), float(value)))
    return sorted(pairs)


def milestones_long(catalogue: pd.DataFrame) -> pd.DataFrame:
    """Return the milestones as a long side table: indicator, place, year, value (one row each)."""
    rows = []
    if "milestones" in catalogue.columns:
        places = catalogue["place"] if "place" in catalogue.columns else [None] * len(catalogue)
        for indicator, place, cell in zip(
            catalogue["indicator"], places, catalogue["milestones"], strict=True
        ):
            for year, value in parse_milestones(cell):
                rows.append({"indicator": indicator, "place": place, "year": year, "value": value})
    frame = pd.DataFrame(rows, columns=["indicator", "place", "year", "value"])
    return frame.astype({"year": "Int64", "value": "Float64"})


def catalogue_label(catalogue: pd.DataFrame, indicator: str, lang: str) -> str:
    """Return an indicator's name in ``lang`` (its id when the catalogue lacks it)."""
    column = "name_ka" if lang == "ka" else "name_en"
    rows = catalogue[catalogue["indicator"] == indicator]
    if len(rows) and column in rows.columns and pd.notna(rows[column].iloc[0]):
        return str(rows[column].iloc[0])
    return indicator


def unit_label(unit: object, lang: str) -> str:
    """Return a unit code in words in ``lang`` (the code itself when unknown)."""
    if unit is None or unit is pd.NA or (isinstance(unit, float) and unit != unit):
        return ""
    label = UNIT_LABELS.get(str(unit))
    return label.get(lang, label["en"]) if label else str(unit)
