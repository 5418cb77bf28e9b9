"""Read Geostat's wide municipal xlsx tables into one tidy long frame, and check EN against KA.

Geostat (National Statistics Office of Georgia) publishes each table as a separate English and
Georgian xlsx: title rows on top (sometimes merged), years as columns, an optional unit line,
places as rows (the hierarchy shown by order or indentation), several tables stacked in one sheet,
footnotes below, ".." for a confidential cell. See /work/shared/reference/formats.md.

:func:`read_geostat_table` returns one row per (table, row, year) cell with the place as a
canonical id from :func:`cluster_analysis.geo.normalize_place`. :func:`compare_language_versions`
lists the cells where the two language versions of the same file disagree.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from cluster_analysis.errors import InputError
from cluster_analysis.geo import is_occupied, parent_of, places, try_normalize_place

OCCUPIED_ZERO_NOTE = "reported as 0: no data for occupied territory"
ALL_ZERO_NOTE = "reported as 0 in every year: no data"
CONFIDENTIAL_NOTE = "confidential (..)"
DASH_NOTE = "not available (-)"

TIDY_COLUMNS = [
    "sheet", "table_index", "table", "unit", "row", "cell", "label", "indent", "place", "level",
    "parent", "category", "year", "value", "display_decimals", "note",
]  # fmt: skip

_YEAR = re.compile(r"^\s*((?:19|20)\d{2})\s*(?:[¹²³⁴-⁹*]+|\(\d\))?\s*(?:წ\.?|year)?\s*$", re.I)
_CONFIDENTIAL = {"..", "...", "…", "x", "X", ":", "c"}
_DASHES = {"-", "–", "—", "_"}
_SUPERSCRIPT_DIGITS = str.maketrans("¹²³⁴⁵⁶⁷⁸⁹⁰", "1234567890")
_MARKER_TRAIL = re.compile(r"([¹²³⁴-⁹⁰]+|\*+|[†‡]+|\(\d{1,2}\))\s*$")
_FOOTNOTE_START = re.compile(
    r"^\s*(?:[¹²³⁴-⁹⁰*†‡]|\(\d{1,2}\)|\d{1,2}\s*\)|\d{1,2}\s+\D|"
    r"notes?\b|source\b|შენიშვნა|წყარო|примечание|источник)",
    re.I,
)
_UNIT_WORDS = re.compile(
    r"(thousand|million|mil\.|mln|\bgel\b|\busd\b|\beur\b|lari|\bunits?\b|persons?|people|%|"
    r"percent|per\s*1[\s ,]?000|\bha\b|hectares?|tonnes?|\btons?\b|\bkm\b|\bm2\b|\bm3\b|"
    r"ათას|მლნ|მილიონ|ლარი|აშშ|ერთეული|კაც|პროცენტ|ჰა\b|ტონა|კმ)",
    re.I,
)


@dataclass
class _Row:
    number: int  # Excel row number (1-based)
    values: list[Any]
    formats: list[str | None]
    indents: list[float]

    def text(self) -> str:
        """All non-empty cells joined: the row's text when it is a title or a note."""
        parts = [str(v).strip() for v in self.values if v is not None and str(v).strip()]
        return re.sub(r"\s+", " ", " ".join(parts)).strip()


@dataclass
class _Table:
    header: _Row
    years: dict[int, int]  # column index -> year
    label_columns: list[int]
    title: str = ""
    unit: str = ""
    data: list[_Row] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# Workbook reading
# ---------------------------------------------------------------------------------------------


def _read_sheets(path: Path) -> list[tuple[str, list[_Row]]]:
    """Every worksheet as (name, rows) with values at full precision and number formats."""
    if not path.exists():
        raise InputError("file not found; expected a Geostat xlsx table", path=path)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
        raise InputError(f"not a readable xlsx workbook ({error})", path=path) from error
    sheets: list[tuple[str, list[_Row]]] = []
    try:
        for worksheet in workbook.worksheets:
            rows: list[_Row] = []
            for number, cells in enumerate(worksheet.iter_rows(), start=1):
                values = [cell.value for cell in cells]
                while values and (values[-1] is None or str(values[-1]).strip() == ""):
                    values.pop()
                if not values:
                    continue
                cells = cells[: len(values)]
                rows.append(
                    _Row(
                        number=getattr(cells[0], "row", None) or number,
                        values=values,
                        formats=[getattr(cell, "number_format", None) for cell in cells],
                        indents=[
                            float(getattr(getattr(cell, "alignment", None), "indent", 0) or 0)
                            for cell in cells
                        ],
                    )
                )
            sheets.append((worksheet.title, rows))
    finally:
        workbook.close()
    return sheets


def _year_of(value: Any) -> int | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float) and float(value).is_integer() and 1900 <= value <= 2100:
        return int(value)
    if isinstance(value, str):
        match = _YEAR.match(value)
        if match:
            return int(match.group(1))
    return None


def _header_years(row: _Row) -> tuple[dict[int, int], list[int]] | None:
    """(column -> year, label columns) when ``row`` is a header of years, else None.

    A header row has only year-like cells (increasing) right of an optional text label; a data row
    always has a label, so a labelled row needs at least two years to count as a header.
    """
    years: dict[int, int] = {}
    label_columns: list[int] = []
    for column, value in enumerate(row.values):
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        year = _year_of(value)
        if year is not None:
            years[column] = year
        elif isinstance(value, str) and not years:
            label_columns.append(column)
        else:
            return None
    if not years:
        return None
    ordered = [years[column] for column in sorted(years)]
    if any(later <= earlier for earlier, later in pairwise(ordered)):
        return None
    if label_columns and len(years) < 2:
        return None
    label = " ".join(str(row.values[column]) for column in label_columns)
    if label_columns and try_normalize_place(label) is not None:
        return None  # a place row whose values happen to look like years
    first_year_column = min(years)
    return years, [c for c in range(first_year_column)] or [0]


def _has_values(row: _Row, years: dict[int, int]) -> bool:
    return any(
        column < len(row.values)
        and row.values[column] is not None
        and str(row.values[column]).strip() != ""
        for column in years
    )


def _label(row: _Row, label_columns: list[int]) -> tuple[str, int]:
    """(label as written, indentation) from the label columns left of the years."""
    for column in label_columns:
        if column < len(row.values) and row.values[column] is not None:
            raw = str(row.values[column])
            if raw.strip():
                leading = len(raw) - len(raw.lstrip())
                return raw, leading + int(row.indents[column])
    return "", 0


def _is_unit_line(text: str) -> bool:
    """A short line naming a unit ("thousand persons", "ათასი კაცი", "million GEL")."""
    return (
        len(text) <= 40
        and len(text.split()) <= 4
        and bool(_UNIT_WORDS.search(text))
        and not _FOOTNOTE_START.match(text)
    )


def _unit_from_title(title: str) -> str:
    """The unit in a title's tail: '(per 1000 population)' or ', მლნ. ლარი'."""
    match = re.search(r"\(([^()]*)\)\s*$", title)
    if match and match.group(1).strip():
        return match.group(1).strip()
    if "," in title:
        tail = title.rsplit(",", 1)[1].strip()
        if _is_unit_line(tail):
            return tail
    return ""


def _title_and_notes(gap: list[_Row]) -> tuple[list[str], list[str], str]:
    """Split the text rows above a header into (title lines, earlier notes, unit line).

    Read upwards from the header: unit lines are skipped (the first one kept), the first other
    row that is not a footnote starts the title, which extends upwards over adjacent rows (no blank
    row between). Everything above the title belongs to the previous table (its footnotes) or,
    for the first table, is a sheet heading.
    """
    title: list[str] = []
    above: list[str] = []
    unit = ""
    title_top: int | None = None
    for row in reversed(gap):
        text = row.text()
        if not text:
            continue
        if title_top is None and not above:
            if _is_unit_line(text):
                unit = unit or text
                continue
            if not _FOOTNOTE_START.match(text):
                title, title_top = [text], row.number
                continue
        elif (
            title_top is not None
            and not above
            and row.number == title_top - 1
            and not _FOOTNOTE_START.match(text)
        ):
            title.insert(0, text)
            title_top = row.number
            continue
        above.insert(0, text)
    if not title and unit:  # a short title that reads like a unit: "მოსახლეობა, ათასი კაცი"
        title, unit = [unit], _unit_from_title(unit) or unit
    return title, above, unit


def _split_tables(rows: list[_Row]) -> list[_Table]:
    """Find every header of years and give each table its title, unit, data rows and footnotes."""
    headers: list[tuple[int, dict[int, int], list[int]]] = []
    for position, row in enumerate(rows):
        found = _header_years(row)
        if found is not None:
            headers.append((position, *found))
    tables: list[_Table] = []
    previous_end = 0  # position after the previous table's last data row
    for number, (position, years, label_columns) in enumerate(headers):
        table = _Table(header=rows[position], years=years, label_columns=label_columns)
        header_label = _label(rows[position], label_columns)[0].strip()
        if header_label and _is_unit_line(header_label):
            table.unit = header_label
        # Title and unit lines: text rows between the previous table and this header.
        gap = rows[previous_end:position]
        title_rows, notes_before, unit_line = _title_and_notes(gap)
        table.unit = table.unit or unit_line
        if tables:
            tables[-1].footnotes.extend(notes_before)
        table.title = " ".join(title_rows)
        table.unit = table.unit or _unit_from_title(table.title)
        # Data rows: up to the next header; the table ends at its last row with values.
        next_header = headers[number + 1][0] if number + 1 < len(headers) else len(rows)
        body = rows[position + 1 : next_header]
        last_data = max((i for i, row in enumerate(body) if _has_values(row, years)), default=-1)
        # Rows without values inside the table are kept: a place heading sets the context.
        table.data.extend(row for row in body[: last_data + 1] if row.text())
        trailing = body[last_data + 1 :]
        previous_end = position + 1 + last_data + 1
        if number + 1 == len(headers):
            table.footnotes.extend(row.text() for row in trailing if row.text())
        tables.append(table)
    return tables


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


def _marker(text: str) -> str:
    match = _MARKER_TRAIL.search(text.strip())
    return match.group(1).translate(_SUPERSCRIPT_DIGITS).strip("()") if match else ""


def _footnote_for(marker: str, footnotes: list[str]) -> str | None:
    if not marker:
        return None
    for note in footnotes:
        head = note.lstrip().translate(_SUPERSCRIPT_DIGITS)
        if head.startswith(marker) or head.startswith(f"({marker})"):
            return note
    return None


def _parse_value(
    value: Any, path: Path, sheet: str, row: int, column: int
) -> tuple[float, str | None]:
    """(value, note) of one cell; raises InputError naming the cell for unreadable text."""
    if value is None:
        return np.nan, None
    if isinstance(value, bool):
        raise InputError(
            f"expected a number, '..' or '-', got {value!r}",
            path=path,
            sheet=sheet,
            row=row,
            column=get_column_letter(column + 1),
        )
    if isinstance(value, int | float):
        return float(value), None
    text = str(value).strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    if not text:
        return np.nan, None
    if text in _CONFIDENTIAL:
        return np.nan, CONFIDENTIAL_NOTE
    if text in _DASHES:
        return np.nan, DASH_NOTE
    marker = _marker(text)
    number_text = _MARKER_TRAIL.sub("", text)
    if "," in number_text and "." not in number_text:
        number_text = number_text.replace(",", ".")
    number_text = number_text.replace(",", "")
    try:
        number = float(number_text)
    except ValueError:
        raise InputError(
            f"expected a number, '..' or '-', got {str(value)!r}",
            path=path,
            sheet=sheet,
            row=row,
            column=get_column_letter(column + 1),
        ) from None
    return number, (f"footnote {marker}" if marker else None)


# ---------------------------------------------------------------------------------------------
# Title place
# ---------------------------------------------------------------------------------------------


def _title_place(title: str) -> str | None:
    """The first place named in a title (longest name at the leftmost position), or None."""
    words = re.sub(r"\([^()]*\)", " ", title)
    words = re.sub(r"[,;:]", " ", words).split()
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
    all_zero_rows_as_missing: bool = True,
) -> pd.DataFrame:
    """Tidy long frame of every table in a Geostat-style wide xlsx (English or Georgian).

    One row per (table, label row, year). Columns:

    - ``sheet``, ``table_index`` (0-based order of the table in its sheet), ``table`` (the title,
      spaces collapsed), ``unit`` (a unit line, the header's label cell, or the title's tail:
      "(per 1000 population)", ", მლნ. ლარი");
    - ``row`` (Excel row number), ``cell`` (e.g. "D22"), ``label`` (the row name as written,
      stripped), ``indent`` (leading spaces plus the cell's indent level);
    - ``place`` (canonical id, see :mod:`cluster_analysis.geo`), ``level`` and ``parent`` of that
      place (from the gazetteer, which is the hierarchy Geostat's order and indentation show);
    - ``category``: for rows that are not places (enterprise size "Large", "Medium", "Small"), the
      label; ``place`` is then the nearest place row above it in the table, or the place the
      title names. NA for place rows (totals);
    - ``year`` (int), ``value`` (float at the file's full precision; NA for "..", "-", blank),
      ``display_decimals`` (decimals the cell's number format shows; NA for General), ``note``.

    Zeros reported for the occupied territories (Abkhazia AR and the occupied units) become NA
    with note "reported as 0: no data for occupied territory"; with ``all_zero_rows_as_missing``
    (default) a row that is 0 in every one of two or more years also becomes NA ("reported as 0 in
    every year: no data"). Footnotes under a table are attached to rows whose label or value
    carries their marker (Tbilisi¹), and all of them are in ``frame.attrs["footnotes"]``.

    Raises :class:`InputError` (naming file, sheet, row) for a missing or unreadable file, a sheet
    without any table of years, a value cell that is not a number, "..", "-" or blank, and a row
    label that is not a known place when the table's title names no place either.
    """
    path = Path(path)
    sheets = _read_sheets(path)
    if sheet is not None:
        names = [name for name, _ in sheets]
        if isinstance(sheet, int):
            if not 0 <= sheet < len(sheets):
                raise InputError(f"no sheet number {sheet}; the file has {len(sheets)}", path=path)
            sheets = [sheets[sheet]]
        elif sheet in names:
            sheets = [sheets[names.index(sheet)]]
        else:
            raise InputError(f"no sheet named {sheet!r}; sheets: {', '.join(names)}", path=path)
    records: list[dict[str, Any]] = []
    footnotes: dict[str, list[str]] = {}
    gazetteer = places()
    levels = dict(zip(gazetteer["id"], gazetteer["level"], strict=True))
    for sheet_name, rows in sheets:
        for table_index, table in enumerate(_split_tables(rows)):
            footnotes[f"{sheet_name}#{table_index}"] = table.footnotes
            records.extend(_table_records(path, sheet_name, table_index, table, levels))
    if not records:
        raise InputError(
            "no table found: expected a header row of years (2012, 2013, ...) above rows of places",
            path=path,
        )
    frame = pd.DataFrame.from_records(records, columns=TIDY_COLUMNS)
    frame = _missing_zeros(frame, all_zero_rows_as_missing)
    frame["year"] = frame["year"].astype("int64")
    frame["row"] = frame["row"].astype("int64")
    frame["indent"] = frame["indent"].astype("int64")
    frame["table_index"] = frame["table_index"].astype("int64")
    frame["value"] = frame["value"].astype("float64")
    frame["display_decimals"] = frame["display_decimals"].astype("Int64")
    for column in ("sheet", "table", "unit", "cell", "label", "place", "level", "parent"):
        frame[column] = frame[column].astype("string")
    frame["category"] = frame["category"].astype("string")
    frame["note"] = frame["note"].astype("string")
    frame.attrs["footnotes"] = footnotes
    frame.attrs["source"] = str(path)
    return frame


def _table_records(
    path: Path, sheet: str, table_index: int, table: _Table, levels: dict[str, str]
) -> list[dict[str, Any]]:
    title_place: str | None = None
    title_place_known = False
    records: list[dict[str, Any]] = []
    current_place: str | None = None
    for row in table.data:
        raw_label, indent = _label(row, table.label_columns)
        label = re.sub(r"\s+", " ", raw_label).strip()
        if not _has_values(row, table.years):
            # A heading or note line inside the table: only a place heading matters.
            current_place = try_normalize_place(row.text()) or current_place
            continue
        if not label:
            raise InputError(
                "a row with values has no label; expected a place name left of the years",
                path=path,
                sheet=sheet,
                row=row.number,
            )
        place = try_normalize_place(label)
        category: str | None = None
        if place is None:
            if not title_place_known:
                title_place, title_place_known = _title_place(table.title), True
            if title_place is None:
                raise InputError(
                    f"row label {label!r} is not a known place and the table title "
                    f"{table.title!r} names no place to which it could be a category",
                    path=path,
                    sheet=sheet,
                    row=row.number,
                    column=get_column_letter(table.label_columns[0] + 1),
                )
            place = current_place or title_place
            category = label
        else:
            current_place = place
        row_note = _footnote_for(_marker(raw_label), table.footnotes)
        year_notes = {
            column: _footnote_for(_marker(str(table.header.values[column])), table.footnotes)
            for column in table.years
        }
        for column, year in table.years.items():
            value = row.values[column] if column < len(row.values) else None
            number, note = _parse_value(value, path, sheet, row.number, column)
            if note and note.startswith("footnote "):
                note = _footnote_for(note.removeprefix("footnote "), table.footnotes) or note
            notes = list(dict.fromkeys(t for t in (row_note, year_notes[column], note) if t))
            fmt = row.formats[column] if column < len(row.formats) else None
            records.append(
                {
                    "sheet": sheet,
                    "table_index": table_index,
                    "table": table.title,
                    "unit": table.unit,
                    "row": row.number,
                    "cell": f"{get_column_letter(column + 1)}{row.number}",
                    "label": label,
                    "indent": indent,
                    "place": place,
                    "level": levels[place],
                    "parent": parent_of(place),
                    "category": category,
                    "year": year,
                    "value": number,
                    "display_decimals": _display_decimals(fmt),
                    "note": "; ".join(notes) if notes else None,
                }
            )
    return records


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
    "Large" meets "მსხვილი") and year. A pair disagrees when the values differ by more than half
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
    keys = ["sheet_position", "table_index", "place", "place_row", "year"]
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
            "year": merged["year"].astype("int64"),
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
            "sheet_position", "table_index", "place", "place_row", "year", "table", "category",
            "value", "display_decimals", "cell", "row",
        ]
    ]  # fmt: skip
