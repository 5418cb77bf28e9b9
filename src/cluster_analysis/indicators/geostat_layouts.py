"""Find the tables in a Geostat worksheet: titles, units, headers, legends and footnotes.

Layouts recognised (each seen in Geostat's regional and municipal tables, see
tests/data/real/SOURCES.md):

- years across the columns, labels down the rows, several tables stacked in one sheet, each under
  its title (and possibly a place heading and a unit line);
- a two-level header: years over a second row (Total / Urban / Rural, sex, sector);
- years down the rows (a year column, often merged over blocks of rows) with the columns a
  breakdown (age groups), possibly under an upper header row;
- cross-tables with no year at all (census: age x area x sex), the date in the title.

:func:`sheet_tables` returns :class:`Table` objects; :mod:`cluster_analysis.indicators.geostat`
turns them into tidy rows.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from cluster_analysis.errors import InputError
from cluster_analysis.geo import try_normalize_place

_YEAR = re.compile(r"^\s*((?:19|20)\d{2})\s*(?:[¹²³⁴-⁹*]+|\(\d\))?\s*(?:წ\.?|year)?\s*$", re.I)
_SUPERSCRIPT_DIGITS = str.maketrans("¹²³⁴⁵⁶⁷⁸⁹⁰", "1234567890")
MARKER_TRAIL = re.compile(r"([¹²³⁴-⁹⁰]+|\*+|[†‡]+|\(\d{1,2}\))\s*$")
_MARKERS_ANYWHERE = re.compile(r"(\*+|[¹²³⁴-⁹⁰]+|[†‡]+)")
FOOTNOTE_START = re.compile(
    r"^\s*(?:[¹²³⁴-⁹⁰*†‡]|\(\d{1,2}\)|\d{1,2}\s*\)|\d{1,2}\s+\D|"
    r"notes?\b|source\b|შენიშვნა|წყარო|примечание|источник)",
    re.I,
)
_UNIT_WORDS = re.compile(
    r"(thousand|million|mil\.|mln|\bgel\b|\busd\b|\beur\b|lari|\bunits?\b|persons?|people|%|"
    r"percent|per\s*1[\s ,]?000|\bha\b|hectares?|tonnes?|\btons?\b|\bkm\b|\bm2\b|\bm3\b|ths\.|"
    r"ათას|მლნ|მილიონ|ლარი|აშშ|ერთეული|კაც|პროცენტ|ჰა\b|ტონა|კმ)",
    re.I,
)
_PERCENT = re.compile(r"^(%|percent(age)?|პროცენტი?|in %)$", re.I)
#: Symbols Geostat writes in place of a value, and what they mean when the file has no legend.
DEFAULT_SYMBOLS = {
    "...": "not available",
    "…": "not available",
    "..": "confidential",
    "-": "nothing",
    "–": "nothing",
    "—": "nothing",
    "_": "nothing",
    "x": "not applicable",
    "X": "not applicable",
}
#: The same in Georgian, in Geostat's own wording where its legends give one ("… მონაცემები არ
#: არის", "_ - მოვლენა არ არსებობს"): a Georgian table's notes stay Georgian.
DEFAULT_SYMBOLS_KA = {
    "...": "მონაცემები არ არის",
    "…": "მონაცემები არ არის",
    "..": "კონფიდენციალური",
    "-": "მოვლენა არ არსებობს",
    "–": "მოვლენა არ არსებობს",
    "—": "მოვლენა არ არსებობს",
    "_": "მოვლენა არ არსებობს",
    "x": "არ გამოიყენება",
    "X": "არ გამოიყენება",
}
_GEORGIAN = re.compile("[\u10a0-\u10ff]")
_LEGEND = re.compile(
    r'^\s*["“”\'(]?(\.\.\.|…|\.\.|[-–—_]|[xX])["“”\')]?\s*(?:[-–—:=]\s*)?(?P<meaning>[^\d\s].*)$'
)


@dataclass
class Row:
    """One non-empty worksheet row: Excel row number, values, number formats, indent levels."""

    number: int
    values: list[Any]
    formats: list[str | None]
    indents: list[float]

    def text(self) -> str:
        """All non-empty cells joined: the row's text when it is a title or a note."""
        parts = [str(v).strip() for v in self.values if v is not None and str(v).strip()]
        return re.sub(r"\s+", " ", " ".join(parts)).strip()

    def cell(self, column: int) -> Any:
        value = self.values[column] if column < len(self.values) else None
        if isinstance(value, str) and not value.strip():
            return None
        return value


@dataclass
class Table:
    """One table of a sheet.

    ``columns`` maps each value column to (year or None, column labels from the header rows,
    top first). ``year_column`` is set when the years run down the rows; ``label_columns`` are the
    columns left of the values holding row labels.
    """

    header_rows: list[Row]
    columns: dict[int, tuple[int | None, tuple[str, ...]]]
    label_columns: list[int]
    title: str = ""
    unit: str = ""
    header_label: str = ""
    year_column: int | None = None
    title_year: int | None = None
    data: list[Row] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)
    heading: str = ""  # text above the sheet's first table (a sheet heading)


def read_sheets(path: Path) -> list[tuple[str, list[Row]]]:
    """Every worksheet as (name, rows) with values at full precision and number formats."""
    if not path.exists():
        raise InputError("file not found; expected a Geostat xlsx table", path=path)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
        raise InputError(f"not a readable xlsx workbook ({error})", path=path) from error
    sheets: list[tuple[str, list[Row]]] = []
    try:
        for worksheet in workbook.worksheets:
            rows: list[Row] = []
            for number, cells in enumerate(worksheet.iter_rows(), start=1):
                values = [cell.value for cell in cells]
                while values and (values[-1] is None or str(values[-1]).strip() == ""):
                    values.pop()
                if not values:
                    continue
                cells = cells[: len(values)]
                rows.append(
                    Row(
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


def year_of(value: Any) -> int | None:
    """The year a header cell names (2014, "2014", "2014*", "2014 წ."), else None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float) and float(value).is_integer() and 1900 <= value <= 2100:
        return int(value)
    if isinstance(value, str):
        match = _YEAR.match(value)
        if match:
            return int(match.group(1))
    return None


def is_number_or_symbol(value: Any) -> bool:
    """A cell that holds a value: a number, a numeric text or one of Geostat's symbols."""
    if value is None or isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    if text in DEFAULT_SYMBOLS:
        return True
    text = MARKER_TRAIL.sub("", text).replace(",", ".")
    try:
        float(text)
    except ValueError:
        return False
    return True


def is_unit_line(text: str) -> bool:
    """A short line naming a unit ("thousand persons", "ათასი კაცი", "million GEL", "(GEL)")."""
    return (
        len(text) <= 40
        and len(text.split()) <= 4
        and bool(_UNIT_WORDS.search(text))
        and not FOOTNOTE_START.match(text)
    )


def clean_unit(text: str) -> str:
    """A unit as shown, without brackets; percentages as "%"."""
    unit = re.sub(r"\s+", " ", text).strip().strip("()").strip()
    return "%" if _PERCENT.match(unit) else unit


def unit_from_label(label: str) -> str:
    """The unit at the end of a title or row label: '(mln. Gel)', ', Million Gel', ', პროცენტი'."""
    match = re.search(r"\(([^()]*)\)\s*$", label)
    if match and match.group(1).strip() and is_unit_line(match.group(1)):
        return clean_unit(match.group(1))
    if "," in label:
        tail = label.rsplit(",", 1)[1].strip()
        if tail and is_unit_line(tail):
            return clean_unit(tail)
    return ""


def markers_in(text: str) -> list[str]:
    """Footnote marks anywhere in a title or heading ('Indicators*', 'Imereti**', 'Tbilisi¹')."""
    return [m.translate(_SUPERSCRIPT_DIGITS) for m in _MARKERS_ANYWHERE.findall(text)]


def trailing_marker(text: str) -> str:
    match = MARKER_TRAIL.search(text.strip())
    return match.group(1).translate(_SUPERSCRIPT_DIGITS).strip("()") if match else ""


def footnote_for(marker: str, footnotes: list[str]) -> str | None:
    """The footnote that starts with exactly ``marker`` ('*' never picks the '**' note)."""
    if not marker:
        return None
    for note in footnotes:
        head = note.lstrip().translate(_SUPERSCRIPT_DIGITS)
        found = re.match(r"^(\*+|[†‡]+|\((\d{1,2})\)|(\d{1,2}))", head)
        if found is None:
            continue
        mark = found.group(2) or found.group(3) or found.group(1)
        if mark == marker:
            return note
    return None


def legend_of(rows: list[Row]) -> dict[str, str]:
    """Symbol -> meaning: the sheet's own legend lines ('… Data not Available') over the usual
    meanings, in Georgian when the sheet is written in Georgian."""
    georgian = sum(bool(_GEORGIAN.search(row.text())) for row in rows) > len(rows) / 2
    legend: dict[str, str] = dict(DEFAULT_SYMBOLS_KA if georgian else DEFAULT_SYMBOLS)
    given: dict[str, str] = {}
    aliases: dict[str, str] = {}
    for row in rows:
        cells = [v for v in row.values if v is not None and str(v).strip()]
        if len(cells) != 1 or not isinstance(cells[0], str):
            continue
        match = _LEGEND.match(cells[0].strip())
        if match and len(match.group("meaning")) >= 3:
            symbol = match.group(1)
            meaning = match.group("meaning").strip().rstrip(".;")
            given[symbol] = meaning
            if symbol in ("...", "…"):
                aliases.setdefault("..." if symbol == "…" else "…", meaning)
            if symbol in ("-", "–", "—"):
                for dash in ("-", "–", "—"):
                    aliases.setdefault(dash, meaning)
    return {**legend, **aliases, **given}


def _header_years(row: Row) -> tuple[dict[int, int], list[int], str] | None:
    """(column -> year, label columns, header label) when ``row`` is a header of years.

    A header row has only year-like cells (increasing) right of an optional text label; a data row
    always has a label, so a labelled row needs at least two years to count as a header.
    """
    years: dict[int, int] = {}
    label_columns: list[int] = []
    for column, value in enumerate(row.values):
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        year = year_of(value)
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
    label = " ".join(str(row.values[column]).strip() for column in label_columns)
    if label_columns and try_normalize_place(label) is not None:
        return None  # a place row whose values happen to look like years
    first_year_column = min(years)
    return years, list(range(first_year_column)) or [0], label


def _sub_header(row: Row, years: dict[int, int]) -> dict[int, str] | None:
    """Labels of a second header row under a row of years (Total / Urban / Rural), else None."""
    first = min(years)
    cells = {c: v for c, v in enumerate(row.values) if v is not None and str(v).strip()}
    if not cells or any(c < first for c in cells):
        return None
    if any(not isinstance(v, str) or is_number_or_symbol(v) for v in cells.values()):
        return None
    return {c: re.sub(r"\s+", " ", str(v)).strip() for c, v in cells.items()}


def _title_and_notes(gap: list[Row]) -> tuple[list[str], list[str], str]:
    """Split the text rows above a header into (title lines, earlier notes, unit line).

    Read upwards from the header: unit lines are kept aside (the first one kept), the first other
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
            if is_unit_line(text):
                unit = unit or text
                continue
            if not FOOTNOTE_START.match(text):
                title, title_top = [text], row.number
                continue
        elif (
            title_top is not None
            and not above
            and row.number == title_top - 1
            and not FOOTNOTE_START.match(text)
        ):
            title.insert(0, text)
            title_top = row.number
            continue
        above.insert(0, text)
    if not title and unit:  # a short title that reads like a unit: "მოსახლეობა, ათასი კაცი"
        title, unit = [unit], unit_from_label(unit) or unit
    return title, above, unit


def _has_values(row: Row, columns: dict[int, Any]) -> bool:
    return any(row.cell(column) is not None for column in columns)


def year_tables(rows: list[Row]) -> list[Table]:
    """Tables whose header is a row of years (optionally over a second header row)."""
    headers: list[tuple[int, dict[int, int], list[int], str]] = []
    for position, row in enumerate(rows):
        found = _header_years(row)
        if found is not None:
            headers.append((position, *found))
    tables: list[Table] = []
    previous_end = 0  # position after the previous table's last data row
    heading = ""
    for number, (position, years, label_columns, label) in enumerate(headers):
        body_start = position + 1
        columns: dict[int, tuple[int | None, tuple[str, ...]]] = {
            c: (y, ()) for c, y in years.items()
        }
        header_rows = [rows[position]]
        if body_start < len(rows):
            sub = _sub_header(rows[body_start], years)
            if sub is not None:
                ordered = sorted(years)
                columns = {
                    c: (years[max(y for y in ordered if y <= c)], (text,))
                    for c, text in sub.items()
                    if c >= ordered[0]
                }
                header_rows.append(rows[body_start])
                body_start += 1
        table = Table(header_rows=header_rows, columns=columns, label_columns=label_columns)
        if label and is_unit_line(label):
            table.unit = clean_unit(label)
        elif label:
            table.header_label = re.sub(r"\s+", " ", label).strip()
        gap = rows[previous_end:position]
        title_rows, notes_before, unit_line = _title_and_notes(gap)
        table.unit = table.unit or (clean_unit(unit_line) if unit_line else "")
        if tables:
            tables[-1].footnotes.extend(notes_before)
        else:
            heading = " ".join(notes_before)
        table.heading = heading
        table.title = " ".join(title_rows)
        table.unit = table.unit or unit_from_label(table.title)
        next_header = headers[number + 1][0] if number + 1 < len(headers) else len(rows)
        body = rows[body_start:next_header]
        last_data = max((i for i, row in enumerate(body) if _has_values(row, columns)), default=-1)
        # Rows without values inside the table are kept: a place heading sets the context.
        table.data.extend(row for row in body[: last_data + 1] if row.text())
        trailing = body[last_data + 1 :]
        previous_end = body_start + last_data + 1
        if number + 1 == len(headers):
            table.footnotes.extend(row.text() for row in trailing if row.text())
        tables.append(table)
    return tables


def _value_cells(row: Row, start: int) -> int:
    return sum(1 for c in range(start, len(row.values)) if is_number_or_symbol(row.cell(c)))


def cross_table(rows: list[Row]) -> Table | None:
    """A table without a header of years: years down a column, or none at all (census).

    Data rows are rows with a text label in the first column and values (the first with at least
    two); header rows
    are the text rows between the title and the first data row; a column whose values are all
    years (filled down over merged blocks) is the year column.
    """
    labelled = [
        (i, _value_cells(row, 1))
        for i, row in enumerate(rows)
        if isinstance(row.cell(0), str) and not is_number_or_symbol(row.cell(0))
    ]
    starts = [i for i, count in labelled if count >= 2]
    if not starts:
        return None
    # after the first full row, a labelled row with any value is data (a bad cell then fails
    # loudly instead of passing for a footnote)
    data_positions = [i for i, count in labelled if i >= starts[0] and count >= 1]
    first, last = data_positions[0], data_positions[-1]
    data = [row for row in rows[first : last + 1] if row.text()]
    width = max(len(row.values) for row in data)
    year_column = _year_column(data, width)
    value_columns = [
        c
        for c in range(1, width)
        if c != year_column and any(is_number_or_symbol(row.cell(c)) for row in data)
    ]
    if not value_columns:
        return None
    gap = rows[:first]
    header_rows = [
        row
        for row in gap
        if any(row.cell(c) is not None for c in value_columns)
        and not FOOTNOTE_START.match(row.text())
    ]
    header_rows = [row for row in header_rows if not is_unit_line(row.text())]
    columns: dict[int, tuple[int | None, tuple[str, ...]]] = {
        c: (None, _column_labels(header_rows, c, value_columns)) for c in value_columns
    }
    text_rows = [row for row in gap if row not in header_rows]
    title_rows, notes, unit_line = _title_and_notes(text_rows)
    label_columns = [c for c in range(min(value_columns)) if c != year_column] or [0]
    table = Table(
        header_rows=header_rows,
        columns=columns,
        label_columns=label_columns,
        title=" ".join([*notes, *title_rows]).strip() if not title_rows else " ".join(title_rows),
        unit=clean_unit(unit_line) if unit_line else "",
        year_column=year_column,
        data=data,
        footnotes=[row.text() for row in rows[last + 1 :] if row.text()],
        heading=" ".join(notes),
    )
    years = {int(y) for y in re.findall(r"\b((?:19|20)\d{2})\b", " ".join([*notes, *title_rows]))}
    if year_column is None and len(years) == 1:
        table.title_year = years.pop()
    table.unit = table.unit or unit_from_label(table.title)
    return table


def _year_column(data: list[Row], width: int) -> int | None:
    """A column left of the values whose filled cells are all years, in increasing order."""
    for column in range(1, width):
        cells = [row.cell(column) for row in data if row.cell(column) is not None]
        years = [year_of(v) for v in cells]
        if (
            len(cells) >= 2
            and all(y is not None for y in years)
            and all(b > a for a, b in pairwise(years))  # type: ignore[operator]
        ):
            return column
        if cells:
            return None  # the first filled column is not a year column: values start here
    return None


def _column_labels(
    header_rows: list[Row], column: int, value_columns: list[int]
) -> tuple[str, ...]:
    """Labels over one value column, top first; an upper label spans the empty cells to its right
    (merged header cells), the lowest row labels its own column only."""
    labels: list[str] = []
    for position, row in enumerate(header_rows):
        value = row.cell(column)
        if value is None and position < len(header_rows) - 1:
            for left in range(column - 1, min(value_columns) - 1, -1):
                if row.cell(left) is not None:
                    value = row.cell(left)
                    break
        if value is not None:
            text = re.sub(r"\s+", " ", str(value)).strip()
            if isinstance(value, float) and value.is_integer():
                text = str(int(value))
            labels.append(text)
    return tuple(labels)
