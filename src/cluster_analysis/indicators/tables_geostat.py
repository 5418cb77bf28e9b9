"""The Geostat tables of the indicators domain: every value read, and the observations they give.

Pure functions, one per processed table (see :mod:`cluster_analysis.indicators.tables`):

- :func:`geostat_values`: every value of every Geostat file (xlsx tables, PC-Axis files and
  JSON-stat answers) in one long table, with its dimensions (sex, age, breakdown), unit, symbol,
  the notes that cover it and its source (file, sheet, cell; the database URL when pulled);
- :func:`geostat_observations`: the values that are one place's total (or its female / male
  value) in the long observation layer, with the file's note and source cell kept;
- :func:`geostat_note_checks`: each note of a file once per indicator, place and note (for
  ``indicator_checks``): merged regions and breaks in method are seen before values are compared;
- :func:`geostat_language_check`: where an English and a Georgian file disagree.

Formulas: docs/methods.md#indicator-progress (series breaks).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from cluster_analysis.geo import try_normalize_place
from cluster_analysis.indicators.checks import source_notes
from cluster_analysis.indicators.geostat import AGE_LABEL, SEX_LABELS, TOTAL_WORDS
from cluster_analysis.indicators.inputs import GeostatTable
from cluster_analysis.indicators.observations import (
    empty_observations,
    finalise_observations,
    period_order,
)

__all__ = [
    "GEOSTAT_VALUE_COLUMNS",
    "REBASED_NOTE",
    "files_without_observations",
    "geostat_language_check",
    "geostat_note_checks",
    "geostat_observations",
    "geostat_values",
    "unit_code",
]

#: The columns of ``geostat_values``, in order.
GEOSTAT_VALUE_COLUMNS: tuple[str, ...] = (
    "indicator", "file", "sheet", "cell", "table", "label", "category", "place", "sex", "age",
    "breakdown", "year", "period", "value", "unit", "symbol", "note", "note_ka", "source_url",
)  # fmt: skip

#: Our reading of the jump in Geostat's per-1,000 rates in the rebasing year (see
#: :func:`geostat_observations`).
REBASED_NOTE = "apparent series break: population denominator rebased on the 2014 census"

#: Labels that stand for "all" in a database variable (besides a total word and ELIMINATION).
_ALL_WORDS = TOTAL_WORDS | {"all", "both sexes", "ორივე სქესი", "სულ ყველა", "total, all ages"}
_AGE_NAMES = {"age", "age group", "age groups", "ასაკი", "ასაკობრივი ჯგუფი", "ასაკობრივი ჯგუფები"}


def _is_total(label: object) -> bool:
    """True for a missing label or a word that means "all" (Total, სულ, Both sexes ...)."""
    if label is None or label is pd.NA or (isinstance(label, float) and np.isnan(label)):
        return True
    return str(label).strip().lower() in _ALL_WORDS


def unit_code(unit: object) -> str | None:
    """The catalogue's unit code for a unit as a Geostat table writes it ("per 1,000 population"
    -> ``per_1000``, "%" -> ``percent``, "persons" -> ``persons``, "thousand GEL" ->
    ``gel_thousand``, "km2" -> ``km2``); any other unit as written; None when there is none."""
    if unit is None or unit is pd.NA or not str(unit).strip():
        return None
    written = str(unit).strip()
    folded = re.sub(r"[\s,.()]+", " ", written.lower()).strip()
    squeezed = folded.replace(" ", "")
    if "per1000" in squeezed or "1000კაცზე" in squeezed:
        return "per_1000"
    if folded in {"%", "percent", "percentage", "per cent", "პროცენტი"}:
        return "percent"
    if folded in {"persons", "person", "number of persons", "კაცი", "პირი"}:
        return "persons"
    if folded in {"thousand gel", "thousands gel", "ათასი ლარი"}:
        return "gel_thousand"
    if squeezed in {"km2", "km²", "sqkm", "კმ2", "კმ²"}:
        return "km2"
    return written


def _source_url(table: GeostatTable) -> str | None:
    url = (table.pull or {}).get("source_url")
    return str(url) if url else None


def _xlsx_values(table: GeostatTable) -> pd.DataFrame:
    """The xlsx reader's rows; a file of several tables (stacked, or one per sheet) gives one
    indicator per table: ``<stem>_1``, ``<stem>_2`` ... in the order of the file."""
    tidy = table.tidy
    tables = tidy[["sheet", "table_index"]].drop_duplicates().reset_index(drop=True)
    indicator = pd.Series(table.indicator, index=tidy.index, dtype="object")
    if len(tables) > 1:
        number = {
            (sheet, index): f"{table.indicator}_{position + 1}"
            for position, (sheet, index) in enumerate(tables.itertuples(index=False))
        }
        indicator = pd.Series(
            [number[key] for key in zip(tidy["sheet"], tidy["table_index"], strict=True)],
            index=tidy.index,
        )
    note_ka = _georgian_notes(tidy, table.tidy_ka) if table.tidy_ka is not None else pd.NA
    return tidy.assign(indicator=indicator, note_ka=note_ka, source_url=_source_url(table))


_LANGUAGE_KEYS = ["_sheet", "table_index", "place", "_place_row", "year", "column_rank"]


def _language_keyed(tidy: pd.DataFrame) -> pd.DataFrame:
    """``tidy`` with the keys that match a cell across the English and Georgian files: sheet
    position, table, place, position of the row among the place's rows, year and column rank
    (as :func:`cluster_analysis.indicators.geostat.compare_language_versions` matches them)."""
    keyed = tidy.assign(
        _sheet=tidy["sheet"].map({n: i for i, n in enumerate(tidy["sheet"].unique())}),
        _pos=range(len(tidy)),
    )
    rows = keyed.drop_duplicates(["_sheet", "table_index", "row"])[
        ["_sheet", "table_index", "row", "place"]
    ]
    rows = rows.assign(_place_row=rows.groupby(["_sheet", "table_index", "place"]).cumcount())
    return keyed.merge(rows, on=["_sheet", "table_index", "row", "place"], how="left")


def _georgian_notes(english: pd.DataFrame, georgian: pd.DataFrame) -> list[object]:
    """The Georgian file's note of each English cell (NA where the cell has no match)."""
    ka = _language_keyed(georgian).drop_duplicates(_LANGUAGE_KEYS)
    ka = ka[[*_LANGUAGE_KEYS, "note"]].rename(columns={"note": "note_ka"})
    merged = _language_keyed(english).merge(ka, on=_LANGUAGE_KEYS, how="left")
    return merged.sort_values("_pos")["note_ka"].tolist()


def _variable_kind(name: str, labels: list[str]) -> str:
    """sex, age or breakdown: what one database variable (not time, not place) holds."""
    folded = [label.strip().lower() for label in labels]
    if all(label in SEX_LABELS or label in _ALL_WORDS for label in folded) and any(
        SEX_LABELS.get(label) in ("male", "female") for label in folded
    ):
        return "sex"
    ages = sum(bool(AGE_LABEL.match(label)) for label in folded)
    if name.strip().lower() in _AGE_NAMES or ages > len(folded) / 2:
        return "age"
    return "breakdown"


def _database_values(table: GeostatTable) -> pd.DataFrame:
    """A PC-Axis or JSON-stat tidy frame in the columns of ``geostat_values``: the place variable
    gives ``place`` and ``label``, a sex or age variable ``sex`` / ``age``, every other variable
    with more than one value ``breakdown`` ("Variable: value", joined by " / "; a value that
    stands for all of the variable, by its ELIMINATION value or its name, is left out)."""
    tidy = table.tidy
    variables = [str(v) for v in tidy.attrs.get("variables", [])]
    time = tidy.attrs.get("time_variable") or next(
        (v for v in variables if tidy[v].astype("string").equals(tidy["period"].astype("string"))),
        None,
    )
    place_variable = next(
        (v for v in variables if all(try_normalize_place(x) for x in tidy[v].unique())), None
    )
    elimination = tidy.attrs.get("elimination", {})
    sex = pd.Series(pd.NA, index=tidy.index, dtype="object")
    age = pd.Series(pd.NA, index=tidy.index, dtype="object")
    parts: list[pd.Series] = []
    for name in variables:
        if name in (time, place_variable):
            continue
        labels = [str(x) for x in tidy[name].unique()]
        kind = _variable_kind(name, labels)
        column = tidy[name].astype("string")
        if kind == "sex":
            sex = column.str.strip().str.lower().map(lambda x: SEX_LABELS.get(x) or "total")
        elif kind == "age":
            age = column.where(~column.map(_is_total), "total")
        elif len(labels) > 1:
            everything = elimination.get(name)
            alls = column.map(_is_total).astype(bool)
            if isinstance(everything, str):
                alls |= (column == everything).fillna(False).astype(bool)
            parts.append((name + ": " + column).where(~alls))
    breakdown = pd.Series(
        [
            " / ".join(str(x) for x in row if isinstance(x, str)) or pd.NA
            for row in zip(*parts, strict=False)
        ]
        if parts
        else pd.NA,
        index=tidy.index,
        dtype="object",
    )
    label = tidy[place_variable] if place_variable else pd.Series(pd.NA, index=tidy.index)
    return pd.DataFrame(
        {
            "indicator": table.indicator,
            "file": tidy["file"],
            "sheet": pd.NA,
            "cell": tidy["cell"],
            "table": tidy["table"],
            "label": label,
            "category": pd.NA,
            "place": tidy["place"],
            "sex": sex,
            "age": age,
            "breakdown": breakdown,
            "year": tidy["year"],
            "period": tidy["period"],
            "value": tidy["value"],
            "unit": tidy["unit"].replace("", pd.NA),
            "symbol": tidy["symbol"],
            "note": tidy["note"],
            "note_ka": pd.NA,
            "source_url": _source_url(table),
        }
    )


def geostat_values(geostat_tables: list[GeostatTable]) -> pd.DataFrame:
    """Return every value of every Geostat table, one row per cell (columns
    :data:`GEOSTAT_VALUE_COLUMNS`): blank and symbol cells too (``value`` NA, ``symbol`` and
    ``note`` saying why), category rows (sectors, urban / rural, age groups) with their
    dimensions, and the source of each value (``file``, ``sheet``, ``cell``; ``source_url`` for a
    pulled table)."""
    parts = [_xlsx_values(t) if t.reader == "xlsx" else _database_values(t) for t in geostat_tables]
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype="string") for c in GEOSTAT_VALUE_COLUMNS})
    frame = pd.concat([p[list(GEOSTAT_VALUE_COLUMNS)] for p in parts], ignore_index=True)
    frame["year"] = pd.to_numeric(frame["year"], errors="coerce").astype("Int64")
    frame["value"] = pd.to_numeric(frame["value"], errors="coerce").astype("Float64")
    for column in GEOSTAT_VALUE_COLUMNS:
        if column not in ("year", "value"):
            frame[column] = frame[column].astype("string")
    return frame


def _place_total(category: pd.Series) -> pd.Series:
    """True where a row is its place's value: no category, a total ("Total", "სულ"), or a
    category that only names a sex ("Male", "ქალი", "Both sexes")."""
    folded = category.astype("string").str.strip().str.lower()
    return category.isna() | folded.isin([*SEX_LABELS, *TOTAL_WORDS]).fillna(False)


def _source_cell(rows: pd.DataFrame) -> np.ndarray:
    """ "<file>, <sheet>!<cell>" (xlsx) or "<file>, DATA[i]" (PC-Axis, JSON-stat) per row."""
    return np.where(
        rows["sheet"].isna(),
        rows["file"] + ", " + rows["cell"],
        rows["file"] + ", " + rows["sheet"].fillna("") + "!" + rows["cell"],
    )


def geostat_note_checks(geostat_values: pd.DataFrame) -> pd.DataFrame:
    """Return the ``source_note`` checks of every Geostat value, categories and symbol cells
    included (columns :data:`cluster_analysis.indicators.checks.CHECK_COLUMNS`): each note of a
    file (a merged region, a break in method, what a symbol means) once per indicator, place
    and note, with the first and last period and cell it covers."""
    noted = geostat_values[geostat_values["note"].notna()]
    period = noted["period"].fillna(noted["year"].astype("string"))
    frame = pd.DataFrame(
        {
            "indicator": noted["indicator"],
            "place": noted["place"],
            "period": period,
            "year": noted["year"],
            "value": noted["value"],
            "source_note": noted["note"],
            "source_note_ka": noted["note_ka"],
            "source_cell": _source_cell(noted),
            "period_order": [
                period_order(p, y) for p, y in zip(period, noted["year"], strict=True)
            ],
        }
    )
    return source_notes(frame)


def geostat_observations(geostat_values: pd.DataFrame, census_rebased_from: int) -> pd.DataFrame:
    """Return the Geostat values that are a place's total (or its female / male value) in the long
    observation layer (official, real): rows with a place and a value whose category is none, a
    total or a sex, and whose age and breakdown are totals. ``note`` keeps every note of the
    cell (the file's footnotes: merged regions, breaks in method); ``source_note`` the file's
    notes alone (``source_note_ka``: the Georgian file's wording, when there is one);
    ``source_cell`` the file, sheet and cell of the value.

    Rates per 1,000 population use the census-based population from ``census_rebased_from`` on:
    that year is flagged as a series break so no comparison spans it
    (docs/methods.md#indicator-progress).
    """
    values = geostat_values
    kept = (
        values["place"].notna()
        & values["value"].notna()
        & _place_total(values["category"])
        & values["age"].map(_is_total)
        & values["breakdown"].map(_is_total)
    )
    rows = values[kept.fillna(False).astype(bool)]
    if rows.empty:
        empty = empty_observations()
        text_column = pd.Series(dtype="string")
        return empty.assign(
            source_note=text_column, source_note_ka=text_column, source_cell=text_column
        )
    where = _source_cell(rows)
    geostat = pd.DataFrame(
        {
            "indicator": rows["indicator"],
            "place": rows["place"],
            "year": rows["year"],
            # a database's own period ("2021Q3", "2021M07") when finer than the year
            "period": rows["period"].fillna(rows["year"].astype("string")),
            "value": rows["value"],
            "sex": rows["sex"].fillna("total"),
            "unit": rows["unit"].map(unit_code),
            "source": "Geostat: " + rows["table"].fillna("").str.replace(r"\s+", " ", regex=True),
            "source_quality": "official",
            "break": False,
            "note": rows["note"],
            "source_note": rows["note"],
            "source_note_ka": rows["note_ka"],
            "source_cell": where,
        }
    )
    geostat = finalise_observations(geostat)
    # Georgia's rate jumps by 23 % from 2014 to 2015 as the population estimate fell from about
    # 4.49 to 3.72 million with the 2014 census: our reading of the jump, flagged as a break.
    rebased = (geostat["unit"] == "per_1000") & (geostat["year"] == census_rebased_from)
    geostat.loc[rebased, "break"] = True
    geostat.loc[rebased, "note"] = [
        f"{REBASED_NOTE}; {note}" if isinstance(note, str) and note else REBASED_NOTE
        for note in geostat.loc[rebased, "note"].astype("object").where(lambda s: s.notna(), None)
    ]
    geostat["origin"] = "geostat"
    geostat["synthetic"] = False
    for column in ("source_note", "source_note_ka", "source_cell"):
        geostat[column] = geostat[column].astype("string")
    return geostat


def files_without_observations(
    geostat_values: pd.DataFrame, geostat_observations: pd.DataFrame
) -> list[str]:
    """The Geostat files none of whose values is a place total or a sex of a known place (all
    their values stay in ``geostat_values``), for a warning."""
    origins = set(geostat_observations.get("source_cell", pd.Series(dtype="string")).dropna())
    used = {str(cell).split(", ", 1)[0] for cell in origins}
    return sorted(set(geostat_values["file"].dropna().astype(str)) - used)


def geostat_language_check(geostat_tables: list[GeostatTable]) -> pd.DataFrame:
    """Return the cells where a Geostat table's English and Georgian files disagree (empty when
    no table has both files or they agree)."""
    parts = [t.language_check for t in geostat_tables if t.language_check is not None]
    if not parts:
        return pd.DataFrame()
    frame = pd.concat(parts, ignore_index=True)
    for column in frame.columns:
        if frame[column].dtype == object:
            frame[column] = frame[column].astype("string")
    return frame
