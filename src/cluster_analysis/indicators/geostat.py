"""Read Geostat's xlsx tables, in any of their layouts, into one tidy long frame; check EN against KA.

Geostat (National Statistics Office of Georgia) publishes each table as a separate English and
Georgian xlsx: title rows on top (sometimes merged, with footnote marks), a place heading and a
unit line, years across the columns (sometimes over a second header row) or down a column, or no
year at all (census cross-tables), labels down the rows (places, with the hierarchy shown by order
or indentation, or categories of the place the title names), several tables stacked in one sheet,
footnotes and a legend of symbols below. :mod:`cluster_analysis.indicators.geostat_layouts` finds
the tables; the layouts and the real files they were seen in are listed in
tests/data/real/SOURCES.md.

:func:`read_geostat_table` returns one row per value cell with the place as a canonical id from
:func:`cluster_analysis.geo.normalize_place`, its source cell, unit, dimensions and notes.
:func:`compare_language_versions` lists the cells where the two language versions disagree.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from openpyxl.utils import get_column_letter

from cluster_analysis.errors import InputError
from cluster_analysis.geo import (
    is_occupied,
    normalize_place,
    parent_of,
    places,
    try_normalize_place,
)
from cluster_analysis.indicators.geostat_layouts import (
    DEFAULT_SYMBOLS,
    MARKER_TRAIL,
    Row,
    Table,
    cross_table,
    footnote_for,
    legend_of,
    markers_in,
    read_sheets,
    trailing_marker,
    unit_from_label,
    year_of,
    year_tables,
)

OCCUPIED_ZERO_NOTE = "reported as 0: no data for occupied territory"
ALL_ZERO_NOTE = "reported as 0 in every year: no data"
CONFIDENTIAL_NOTE = "confidential (..)"
NOT_AVAILABLE_NOTE = "not available (...)"
DASH_NOTE = "nothing (-)"

TIDY_COLUMNS = [
    "file", "sheet", "table_index", "table", "unit", "row", "cell", "label", "indent", "place",
    "level", "parent", "category", "sex", "age", "breakdown", "year", "period", "value",
    "display_decimals", "symbol", "note", "column_rank",
]  # fmt: skip

_SEX = {
    "both sexes": "total", "total": None, "males": "male", "male": "male", "men": "male",
    "females": "female", "female": "female", "women": "female", "ორივე სქესი": "total",
    "კაცი": "male", "მამაკაცი": "male", "ქალი": "female", "მამრობითი": "male",
    "მდედრობითი": "female",
}  # fmt: skip
_TOTAL_WORDS = {"total", "სულ", "სულ ჯამი", "all ages", "ყველა ასაკი"}
_DIMENSION_NAMES = {"age", "age groups", "ასაკი", "ასაკობრივი ჯგუფები", "sex", "სქესი"}
_AGE = re.compile(
    r"^(\d{1,3}\s*[-–]\s*\d{1,3}|\d{1,3}\s*\+|\d{1,3}|\d{1,3}\s*(and over|და მეტი|და უფროსი))$",
    re.I,
)

#: Column and row labels that name a sex (value: total / male / female; None for a bare "Total"),
#: the words for "all" and the age-group pattern, for readers of other formats (PC-Axis, JSON-stat).
SEX_LABELS = _SEX
TOTAL_WORDS = frozenset(_TOTAL_WORDS)
AGE_LABEL = _AGE


# ---------------------------------------------------------------------------------------------
# Cells
# ---------------------------------------------------------------------------------------------


def _display_decimals(number_format: str | None) -> int | None:
    """Decimals Excel shows for a number format ("0.0" -> 1, "#,##0" -> 0, General -> None)."""
    if not number_format or number_format.strip().lower() in ("general", "@"):
        return None
    section = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", number_format.split(";")[0])
    match = re.search(r"\.([0#?]+)", section)
    decimals = len(match.group(1)) if match else (0 if re.search(r"[0#?]", section) else None)
    if decimals is not None and "%" in section:
        decimals += 2
    return decimals


def _parse_value(
    value: Any, where: tuple[Path, str, int, int], legend: dict[str, str]
) -> tuple[float, str | None, str | None]:
    """(value, symbol, note) of one cell; raises InputError naming the cell for unreadable text.

    A symbol's note is its meaning from the sheet's legend, else Geostat's usual meaning
    ('...'/'…' not available, '..' confidential, '-' nothing): an unavailable value is never
    called confidential unless the legend says so.
    """
    path, sheet, row, column = where
    if value is None:
        return np.nan, None, None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value), None, None
    text = str(value).strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    if not text:
        return np.nan, None, None
    if text in DEFAULT_SYMBOLS:
        meaning = legend.get(text, DEFAULT_SYMBOLS[text])
        return np.nan, text, f"{meaning} ({text})"
    marker = trailing_marker(text)
    number_text = MARKER_TRAIL.sub("", text)
    if "," in number_text and "." not in number_text:
        number_text = number_text.replace(",", ".")
    number_text = number_text.replace(",", "")
    try:
        number = float(number_text) if not isinstance(value, bool) else None
    except ValueError:
        number = None
    if number is None:
        symbols = ", ".join(f"'{s}'" for s in sorted(set(legend) | {"...", "..", "-"}))
        raise InputError(
            f"expected a number or one of {symbols}, got {str(value)!r}",
            path=path,
            sheet=sheet,
            row=row,
            column=get_column_letter(column + 1),
        )
    return number, None, (f"footnote {marker}" if marker else None)


# ---------------------------------------------------------------------------------------------
# Title place
# ---------------------------------------------------------------------------------------------


def _title_place(title: str) -> str | None:
    """The first place named in a title (longest name at the leftmost position), or None."""
    bare = re.sub(r"\([^()]*\)", " ", title)
    words = re.sub(r"[,;:]", " ", bare).split()
    for start in range(len(words)):
        for size in range(min(5, len(words) - start), 0, -1):
            found = try_normalize_place(" ".join(words[start : start + size]))
            if found is not None:
                return found
    return None


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------


def read_geostat_table(
    path: str | Path,
    *,
    sheet: str | int | None = None,
    place: str | None = None,
    all_zero_rows_as_missing: bool = True,
) -> pd.DataFrame:
    """Tidy long frame of every table in a Geostat xlsx (English or Georgian), any layout.

    One row per value cell. Columns:

    - ``file``, ``sheet``, ``row`` (Excel row number), ``cell`` (e.g. "D22"): the value's source;
    - ``table_index`` (0-based order of the table in its sheet), ``table`` (title and place
      heading, spaces collapsed);
    - ``unit``: the row's own unit when its label ends with one ("Unemployment rate, percentage"
      -> "%", "Turnover (mln. Gel)" -> "mln. Gel"), else the table's unit line (also one right
      of the title or above the years: "GEL", "(thousands)"), header label or title tail;
    - ``label`` (the row name as written, stripped), ``indent`` (leading spaces plus indent level);
    - ``place`` (canonical id, see :mod:`cluster_analysis.geo`), ``level``, ``parent``: from the
      row label when it names a place, else the nearest place row or heading above it in the
      table, the table's title, the sheet heading, the previous table in the sheet, the sheet
      name, or the ``place`` argument, in that order;
    - ``category``: the row label when it is not a place (NA for place rows);
    - ``sex`` (total / male / female), ``age`` (age group as written, "total"), ``breakdown``
      (other column labels: Urban, Rural, the crop named over the years...);
    - ``year`` (int64, or Int64 when some cell has none; from the header, the year column of years-in-rows tables, or the one year
      a census title gives), ``period`` (the year as text);
    - ``value`` (float at the file's full precision; NA for symbols and blanks),
      ``display_decimals`` (decimals the number format shows), ``symbol`` ('...', '..', '-');
    - ``note``: every note that covers the cell, joined by "; ": the symbol's meaning from the
      file's legend, footnotes whose mark is on the title, a heading, the row label or the year
      ("Imereti**": merged regions; "*": a methodological break; a note naming exactly one span
      of years covers those years only), and the zero notes below;
    - ``column_rank``: position of the column among the columns of the same year (0 unless a
      second header row splits the year).

    Zeros reported for the occupied territories become NA with note "reported as 0: no data for
    occupied territory"; with ``all_zero_rows_as_missing`` (default) a place row that is 0 in every
    one of two or more years also becomes NA ("reported as 0 in every year: no data").

    Raises :class:`InputError` naming file, sheet and row for a missing or unreadable file, a sheet
    without any table, a value cell that is not a number or a symbol, and a row label that is not
    a known place when nothing else names the place (with the closest known names).
    """
    path = Path(path)
    sheets = _chosen_sheets(path, read_sheets(path), sheet)
    fallback = normalize_place(place) if place is not None else None
    records: list[dict[str, Any]] = []
    levels = dict(zip(places()["id"], places()["level"], strict=True))
    for sheet_name, rows in sheets:
        tables = year_tables(rows)
        if not tables:
            found = cross_table(rows)
            tables = [found] if found is not None else []
        legend = legend_of(rows)
        previous: str | None = None
        for table_index, table in enumerate(tables):
            context = _PlaceContext(
                table=table, sheet=sheet_name, previous=previous, fallback=fallback
            )
            found_records = _table_records(
                (path, sheet_name), table_index, table, levels, legend, context
            )
            previous = context.resolved or previous
            records.extend(found_records)
    if not records:
        raise InputError(
            "no table found: expected a header row of years (2012, 2013, ...) above labelled "
            "rows of values, years down a column, or a cross-table under its header rows",
            path=path,
        )
    frame = pd.DataFrame.from_records(records, columns=TIDY_COLUMNS)
    frame = _missing_zeros(frame, all_zero_rows_as_missing)
    return _typed(frame)


def geostat_footnotes(path: str | Path, *, sheet: str | int | None = None) -> dict[str, list[str]]:
    """Return the footnotes of every table in a Geostat xlsx, keyed ``"<sheet>#<table_index>"``
    (the ``sheet`` and ``table_index`` of :func:`read_geostat_table`'s rows), as written."""
    path = Path(path)
    footnotes: dict[str, list[str]] = {}
    for sheet_name, rows in _chosen_sheets(path, read_sheets(path), sheet):
        tables = year_tables(rows)
        if not tables:
            found = cross_table(rows)
            tables = [found] if found is not None else []
        for table_index, table in enumerate(tables):
            footnotes[f"{sheet_name}#{table_index}"] = table.footnotes
    return footnotes


def _chosen_sheets(
    path: Path, sheets: list[tuple[str, list[Row]]], sheet: str | int | None
) -> list[tuple[str, list[Row]]]:
    if sheet is None:
        return sheets
    names = [name for name, _ in sheets]
    if isinstance(sheet, int):
        if not 0 <= sheet < len(sheets):
            raise InputError(f"no sheet number {sheet}; the file has {len(sheets)}", path=path)
        return [sheets[sheet]]
    if sheet in names:
        return [sheets[names.index(sheet)]]
    raise InputError(f"no sheet named {sheet!r}; sheets: {', '.join(names)}", path=path)


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    for column in ("row", "indent", "table_index", "column_rank"):
        frame[column] = frame[column].astype("int64")
    year = frame["year"].astype("Int64")
    # plain int64 when every cell has a year (the usual case), nullable only when some lack one
    frame["year"] = year.astype("int64") if year.notna().all() else year
    frame["value"] = frame["value"].astype("float64")
    frame["display_decimals"] = frame["display_decimals"].astype("Int64")
    for column in (
        "file", "sheet", "table", "unit", "cell", "label", "place", "level", "parent",
        "category", "sex", "age", "breakdown", "period", "symbol", "note",
    ):  # fmt: skip
        frame[column] = frame[column].astype("string")
    return frame


class _PlaceContext:
    """Where a table's place comes from when its rows are not places (see read_geostat_table)."""

    def __init__(
        self, *, table: Table, sheet: str, previous: str | None, fallback: str | None
    ) -> None:
        self.table = table
        self.sheet = sheet
        self.previous = previous
        self.fallback = fallback
        self.resolved: str | None = None
        self._table_place: str | None = None
        self._looked = False

    def table_place(self) -> str | None:
        if not self._looked:
            self._looked = True
            self._table_place = (
                _title_place(self.table.title)
                or _title_place(self.table.heading)
                or self.previous
                or try_normalize_place(self.sheet)
                or self.fallback
            )
        return self._table_place


def _column_dimensions(labels: tuple[str, ...]) -> dict[str, str | None]:
    """sex, age and breakdown of one value column from its header labels."""
    out: dict[str, str | None] = {"sex": None, "age": None, "breakdown": None}
    rest: list[str] = []
    for label in labels:
        key = label.strip().lower()
        if key in _SEX and _SEX[key] is not None:
            out["sex"] = _SEX[key]
        elif _AGE.match(key):
            out["age"] = label.strip()
        elif key not in _DIMENSION_NAMES:
            rest.append(label.strip())
    out["breakdown"] = " / ".join(rest) or None
    return out


def _table_records(
    where: tuple[Path, str],
    table_index: int,
    table: Table,
    levels: dict[str, str],
    legend: dict[str, str],
    context: _PlaceContext,
) -> list[dict[str, Any]]:
    path, sheet = where
    table_notes = [
        note for m in markers_in(f"{table.title} {table.heading}")
        if (note := footnote_for(m, table.footnotes))
    ]  # fmt: skip
    columns = _columns_with_dimensions(table)
    labels = [_label(row, table.label_columns)[0].strip() for row in table.data]
    age_rows = sum(bool(_AGE.match(label)) for label in labels) > len(labels) / 2
    records: list[dict[str, Any]] = []
    current_place: str | None = None
    row_year: int | None = None
    for row in table.data:
        raw_label, indent = _label(row, table.label_columns)
        label = re.sub(r"\s+", " ", raw_label).strip()
        if table.year_column is not None and row.cell(table.year_column) is not None:
            row_year = year_of(row.cell(table.year_column))
        if not any(row.cell(column) is not None for column in columns):
            # A heading or note line inside the table: only a place heading matters.
            current_place = try_normalize_place(row.text()) or current_place
            continue
        if not label:
            raise InputError(
                "a row with values has no label; expected a place or category name left of them",
                path=path,
                sheet=sheet,
                row=row.number,
            )
        place, category = _row_place(label, current_place, context, where, row, table)
        if category is None:
            current_place = place
        context.resolved = context.resolved or place
        row_unit = unit_from_label(label) or table.unit
        row_note = footnote_for(trailing_marker(raw_label), table.footnotes)
        row_dims = _column_dimensions((label,)) if category is not None else {}
        if row_dims and label.lower() in _TOTAL_WORDS and age_rows:
            row_dims = {"sex": None, "age": "total", "breakdown": None}
        for column, (year, dims, year_note, rank) in columns.items():
            value = row.cell(column)
            number, symbol, note = _parse_value(value, (path, sheet, row.number, column), legend)
            if note and note.startswith("footnote "):
                note = footnote_for(note.removeprefix("footnote "), table.footnotes) or note
            cell_year = year if year is not None else (row_year or table.title_year)
            covering = [t for t in (*table_notes, row_note) if t and _covers(t, cell_year)]
            notes = list(dict.fromkeys(t for t in (note, *covering, year_note) if t))
            fmt = row.formats[column] if column < len(row.formats) else None
            records.append(
                {
                    "file": path.name,
                    "sheet": sheet,
                    "table_index": table_index,
                    "table": table.title,
                    "unit": row_unit,
                    "row": row.number,
                    "cell": f"{get_column_letter(column + 1)}{row.number}",
                    "label": label,
                    "indent": indent,
                    "place": place,
                    "level": levels[place],
                    "parent": parent_of(place),
                    "category": category,
                    "sex": dims["sex"] or row_dims.get("sex"),
                    "age": dims["age"] or row_dims.get("age"),
                    "breakdown": dims["breakdown"] or table.header_label or None,
                    "year": cell_year,
                    "period": str(cell_year) if cell_year is not None else None,
                    "value": number,
                    "display_decimals": _display_decimals(fmt),
                    "symbol": symbol,
                    "note": "; ".join(notes) if notes else None,
                    "column_rank": rank,
                }
            )
    return records


def _covers(note: str, year: int | None) -> bool:
    """Whether a footnote on a title, heading or label covers a cell of ``year``: a note that
    names exactly one span of years ("united for 2003-2018; from 2019 only Imereti") covers
    those years only; any other note covers every cell it is marked on."""
    spans = re.findall(r"\b((?:19|20)\d{2})\s*[-–]\s*((?:19|20)\d{2})\b", note)
    if len(spans) != 1 or year is None:
        return True
    first, last = (int(y) for y in spans[0])
    return first <= year <= last


def _columns_with_dimensions(
    table: Table,
) -> dict[int, tuple[int | None, dict[str, str | None], str | None, int]]:
    """column -> (year, dimensions, footnote of a marked year, rank among the year's columns)."""
    out: dict[int, tuple[int | None, dict[str, str | None], str | None, int]] = {}
    ranks: dict[int | None, int] = {}
    has_age = any(_column_dimensions(labels)["age"] for _, labels in table.columns.values())
    has_sex = any(_column_dimensions(labels)["sex"] for _, labels in table.columns.values())
    for column, (year, labels) in sorted(table.columns.items()):
        dims = _column_dimensions(tuple(MARKER_TRAIL.sub("", label).strip() for label in labels))
        totals = [label for label in labels if label.strip().lower() in _TOTAL_WORDS]
        if totals and has_age and dims["age"] is None:
            dims["age"], dims["breakdown"] = "total", None
        elif totals and has_sex and dims["sex"] is None and dims["age"] is None:
            dims["sex"] = "total"
        year_cell = table.header_rows[0].cell(column) if table.header_rows else None
        marked = [str(year_cell)] if year is not None and year_cell is not None else []
        found = [
            footnote_for(trailing_marker(text), table.footnotes) for text in [*marked, *labels]
        ]
        year_note = "; ".join(dict.fromkeys(note for note in found if note)) or None
        rank = ranks.get(year, 0)
        ranks[year] = rank + 1
        out[column] = (year, dims, year_note, rank)
    return out


def _row_place(
    label: str,
    current_place: str | None,
    context: _PlaceContext,
    where: tuple[Path, str],
    row: Row,
    table: Table,
) -> tuple[str, str | None]:
    """(place, category) of a data row: its own place, or the place of its context."""
    place = try_normalize_place(label)
    if place is not None:
        return place, None
    found = current_place or context.table_place()
    if found is None:
        try:
            normalize_place(label)
            hint = ""
        except InputError as error:
            hint = f" ({error.detail})"
        raise InputError(
            f"row label {label!r} is not a known place{hint}, and neither the table title "
            f"{table.title!r}, a heading, the sheet name nor place= names a place to which it "
            "could be a category",
            path=where[0],
            sheet=where[1],
            row=row.number,
            column=get_column_letter(table.label_columns[0] + 1),
        )
    return found, label


def _label(row: Row, label_columns: list[int]) -> tuple[str, int]:
    """(label as written, indentation) from the label columns left of the values."""
    for column in label_columns:
        if column < len(row.values) and row.values[column] is not None:
            raw = str(row.values[column])
            if raw.strip() and not (isinstance(row.values[column], int | float)):
                leading = len(raw) - len(raw.lstrip())
                return raw, leading + int(row.indents[column])
    return "", 0


def _missing_zeros(frame: pd.DataFrame, all_zero_rows: bool) -> pd.DataFrame:
    """Zeros that stand for 'no data' become NA with a note (never mutates the input)."""
    frame = frame.copy()
    occupied = {place: is_occupied(place) for place in frame["place"].unique()}
    zero = frame["value"].eq(0)
    occupied_zero = zero & frame["place"].map(occupied).astype(bool)
    marked = occupied_zero.copy()
    if all_zero_rows:
        by_row = frame.groupby(["sheet", "table_index", "row"], sort=False)["value"]
        all_zero = by_row.transform(lambda values: len(values) >= 2 and values.eq(0).all())
        marked_all = all_zero.astype(bool) & ~occupied_zero
        marked |= marked_all
    else:
        marked_all = pd.Series(False, index=frame.index)
    notes = pd.Series(pd.NA, index=frame.index, dtype="object")
    notes[occupied_zero] = OCCUPIED_ZERO_NOTE
    notes[marked_all] = ALL_ZERO_NOTE
    frame["note"] = [
        "; ".join(part for part in (old, new) if isinstance(part, str) and part) or None
        for old, new in zip(frame["note"], notes, strict=True)
    ]
    frame["value"] = frame["value"].mask(marked)
    return frame


def compare_language_versions(path_en: str | Path, path_ka: str | Path) -> pd.DataFrame:
    """Cells where the English and Georgian versions of one Geostat file disagree.

    Both files are read with :func:`read_geostat_table`; cells are matched by sheet position,
    table position, place, position of the row among the rows of that place in the table (so
    "Large" meets "მსხვილი"), year and the column's rank within its year (Total / Urban / Rural;
    age groups). A pair disagrees when the values differ by more than half
    a unit of the displayed precision, i.e. ``|en - ka| > 0.5 * 10**-d`` with ``d`` the fewer
    decimals shown by the two cells' number formats (0.05 for one decimal); cells in "General"
    format must agree to 1e-9 relative. A value on one side and NA on the other is a
    disagreement; NA on both sides is not. Cells present in one version only are listed with NA
    on the other side.

    Columns: table (English title), table_ka, place, category, category_ka, year, value_en,
    value_ka, difference (ka - en), tolerance, issue ("values differ", "missing in KA",
    "missing in EN", "only in EN", "only in KA"), cell_en, cell_ka.
    """
    english = _keyed(read_geostat_table(path_en))
    georgian = _keyed(read_geostat_table(path_ka))
    keys = ["sheet_position", "table_index", "place", "place_row", "year", "column_rank"]
    merged = english.merge(georgian, on=keys, how="outer", suffixes=("_en", "_ka"), indicator=True)
    decimals = merged[["display_decimals_en", "display_decimals_ka"]].min(axis=1)
    tolerance = 0.5 * np.power(10.0, -decimals.astype("float64"))
    value_en = merged["value_en"].astype("float64")
    value_ka = merged["value_ka"].astype("float64")
    difference = value_ka - value_en
    general = tolerance.isna()
    close = np.where(
        general,
        np.isclose(value_en, value_ka, rtol=1e-9, atol=0.0),
        difference.abs() <= tolerance.fillna(0),
    )
    issue = pd.Series(pd.NA, index=merged.index, dtype="object")
    both = merged["_merge"].eq("both")
    issue[both & value_en.notna() & value_ka.notna() & ~close] = "values differ"
    issue[both & value_en.notna() & value_ka.isna()] = "missing in KA"
    issue[both & value_en.isna() & value_ka.notna()] = "missing in EN"
    issue[merged["_merge"].eq("left_only")] = "only in EN"
    issue[merged["_merge"].eq("right_only")] = "only in KA"
    result = pd.DataFrame(
        {
            "table": merged["table_en"],
            "table_ka": merged["table_ka"],
            "place": merged["place"],
            "category": merged["category_en"],
            "category_ka": merged["category_ka"],
            "year": merged["year"].astype("Int64"),
            "value_en": value_en,
            "value_ka": value_ka,
            "difference": difference,
            "tolerance": tolerance,
            "issue": issue.astype("string"),
            "cell_en": merged["cell_en"],
            "cell_ka": merged["cell_ka"],
            "_order": merged["sheet_position"].astype("int64") * 10**6
            + merged["table_index"].astype("int64") * 10**4,
            "_row": merged["row_en"].fillna(merged["row_ka"]),
        }
    )
    result = result[result["issue"].notna()]
    result = result.sort_values(["_order", "_row", "year"], kind="stable")
    return result.drop(columns=["_order", "_row"]).reset_index(drop=True)


def _keyed(frame: pd.DataFrame) -> pd.DataFrame:
    """Add the language-independent keys: sheet position and row position within its place."""
    sheet_order = {name: position for position, name in enumerate(frame["sheet"].unique())}
    keyed = frame.assign(sheet_position=frame["sheet"].map(sheet_order).astype("int64"))
    rows = keyed.drop_duplicates(["sheet_position", "table_index", "row"])[
        ["sheet_position", "table_index", "row", "place"]
    ]
    rows = rows.assign(
        place_row=rows.groupby(["sheet_position", "table_index", "place"]).cumcount()
    )
    keyed = keyed.merge(rows, on=["sheet_position", "table_index", "row", "place"], how="left")
    return keyed[
        [
            "sheet_position", "table_index", "place", "place_row", "year", "column_rank", "table",
            "category", "value", "display_decimals", "cell", "row",
        ]
    ]  # fmt: skip
