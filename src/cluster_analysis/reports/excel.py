"""Excel workbooks: published tables, the validation rejects/cleaning log, the suppression log.

Formula-injection safe: the workbook is opened with ``strings_to_formulas=False`` and
``strings_to_urls=False`` and every text cell goes through ``write_string``; text that starts with
``= + - @`` (or a tab / carriage return) also gets Excel's quote prefix so that editing the cell in
Excel keeps it text (stack-notes.md). Every file is written to a temporary name in the target folder
and moved into place by ``store.atomic_write``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import re
import warnings
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from cluster_analysis.outputs import TableOutput, Text, pick, text
from cluster_analysis.store import atomic_write

__all__ = [
    "CHANGE_TYPES",
    "EXCEL_CELL_LIMIT",
    "SHARE_COLUMN_PATTERN",
    "SUPPRESSED_MARK",
    "CellTruncatedWarning",
    "write_rejects_xlsx",
    "write_suppression_log_xlsx",
    "write_tables_xlsx",
]

#: What a suppressed cell shows (an en dash).
SUPPRESSED_MARK = "–"

#: Columns whose name matches this (and whose values lie in [-1, 1]) are formatted as percentages.
SHARE_COLUMN_PATTERN = re.compile(
    r"(^|_)(share|shares|pct|percent|percentage|prevalence|prev|rate|t2b|b2b|net|achievement)(_|$)",
    re.IGNORECASE,
)

#: Values for the cleaning log's change_type column (the common KoboToolbox cleaning-log vocabulary).
CHANGE_TYPES: tuple[str, ...] = ("change_response", "blank_response", "remove_survey", "no_action")

_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_WORKBOOK_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "nan_inf_to_errors": False,
}

_WORDS: dict[str, Text] = {
    "source": text("Source", "წყარო"),
    "synthetic": text(
        "SYNTHETIC EXAMPLE DATA, not real figures",
        "სინთეზური სანიმუშო მონაცემები, არა რეალური მაჩვენებლები",
    ),
    "suppressed_default": text(
        "– = suppressed to protect members' confidentiality (disclosure control).",
        "– = დაფარულია წევრების კონფიდენციალურობის დასაცავად (გამჟღავნების კონტროლი).",
    ),
    "missing": text("Blank = no data.", "ცარიელი = მონაცემები არ არის."),
}


# --------------------------------------------------------------------------------------------------
# shared helpers


def _workbook_file(path: str | Path, fill: Callable[[xlsxwriter.Workbook, _Styles], None]) -> Path:
    """Build a workbook with ``fill(workbook, styles)`` and write it atomically to ``path``
    (:func:`cluster_analysis.store.atomic_write`); return the path."""

    def write(staged: Path) -> None:
        workbook = xlsxwriter.Workbook(str(staged), _WORKBOOK_OPTIONS)
        try:
            fill(workbook, _Styles(workbook))
        except BaseException:
            with contextlib.suppress(Exception):
                workbook.close()
            raise
        workbook.close()

    return atomic_write(path, write)


class _Styles:
    """The formats of one workbook (xlsxwriter formats belong to a workbook)."""

    def __init__(self, wb: xlsxwriter.Workbook) -> None:
        base = {"font_name": "Noto Sans", "font_size": 10, "valign": "top"}
        self.title = wb.add_format({**base, "bold": True, "font_size": 14})
        self.subtitle = wb.add_format({**base, "italic": True, "font_color": "#444444"})
        self.header = wb.add_format(
            {
                **base,
                "bold": True,
                "bg_color": "#DCE6F1",
                "bottom": 1,
                "text_wrap": True,
                "valign": "vcenter",
            }
        )
        self.text = wb.add_format(base)
        self.text_guarded = wb.add_format({**base, "quote_prefix": True})
        self.integer = wb.add_format({**base, "num_format": "#,##0"})
        self.decimal = wb.add_format({**base, "num_format": "#,##0.0"})
        self.percent = wb.add_format({**base, "num_format": "0.0%"})
        self.date = wb.add_format({**base, "num_format": "yyyy-mm-dd"})
        self.suppressed = wb.add_format({**base, "align": "right", "font_color": "#666666"})
        self.footnote = wb.add_format({**base, "font_size": 9, "font_color": "#444444"})
        self.warning = wb.add_format({**base, "bold": True, "font_color": "#A0522D"})
        self.wrap = wb.add_format({**base, "text_wrap": True})
        self.link = wb.add_format({**base, "font_color": "#1F4E79", "underline": 1})
        self._custom: dict[str, Format] = {}
        self._wb = wb

    def custom(self, num_format: str) -> Format:
        if num_format not in self._custom:
            self._custom[num_format] = self._wb.add_format(
                {"font_name": "Noto Sans", "font_size": 10, "num_format": num_format}
            )
        return self._custom[num_format]


class CellTruncatedWarning(UserWarning):
    """A text longer than an Excel cell holds (32,767 characters) was cut in a workbook."""


#: The most characters an Excel cell holds; xlsxwriter cuts longer text without a word.
EXCEL_CELL_LIMIT = 32_767


def _write_text(ws: Worksheet, row: int, col: int, value: str, styles: _Styles, fmt=None) -> None:
    """Write text that stays text, whatever it starts with. Text longer than an Excel cell holds
    is cut with a :class:`CellTruncatedWarning` naming the sheet and cell (the parquet output
    keeps the whole text)."""
    if len(value) > EXCEL_CELL_LIMIT:
        from xlsxwriter.utility import xl_rowcol_to_cell

        warnings.warn(
            f"sheet '{ws.get_name()}' cell {xl_rowcol_to_cell(row, col)}: {len(value):,} "
            f"characters, Excel holds {EXCEL_CELL_LIMIT:,}; the cell is cut here, the full text "
            "is in the parquet output / Excel-ის უჯრა იტევს 32 767 სიმბოლოს: უჯრაში ტექსტი "
            "შემოკლებულია, სრული ტექსტი parquet ფაილშია",
            CellTruncatedWarning,
            stacklevel=2,
        )
        value = value[:EXCEL_CELL_LIMIT]
    if value.startswith(_FORMULA_PREFIXES):
        ws.write_string(row, col, value, styles.text_guarded)
    else:
        ws.write_string(row, col, value, fmt or styles.text)


def _is_missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float | np.floating):
        return math.isnan(value) or math.isinf(value)
    return False


def _write_value(
    ws: Worksheet, row: int, col: int, value: Any, number_fmt: Format, styles: _Styles
) -> None:
    if isinstance(value, float | np.floating) and math.isinf(value):
        # an unbounded end of a feasible interval (interval audit): Excel has no infinity
        ws.write_string(row, col, "∞" if value > 0 else "-∞", styles.text)
    elif _is_missing(value):
        ws.write_blank(row, col, None, number_fmt)
    elif isinstance(value, bool | np.bool_):
        ws.write_boolean(row, col, bool(value), styles.text)
    elif isinstance(value, int | float | np.integer | np.floating):
        ws.write_number(row, col, float(value), number_fmt)
    elif isinstance(value, pd.Timestamp | dt.datetime | dt.date):
        stamp = pd.Timestamp(value)
        if stamp.tzinfo is not None:
            stamp = stamp.tz_convert(None)
        ws.write_datetime(row, col, stamp.to_pydatetime(), styles.date)
    else:
        _write_text(ws, row, col, str(value), styles)


def _column_format(
    name: str, series: pd.Series, styles: _Styles, overrides: Mapping[str, str]
) -> Format:
    if name in overrides:
        return styles.custom(overrides[name])
    numeric = pd.to_numeric(series, errors="coerce") if series.dtype == object else series
    if pd.api.types.is_bool_dtype(numeric) or not pd.api.types.is_numeric_dtype(numeric):
        return styles.text
    values = numeric.dropna().astype("float64")
    if SHARE_COLUMN_PATTERN.search(name) and (values.empty or values.abs().max() <= 1):
        return styles.percent
    if pd.api.types.is_integer_dtype(numeric):
        return styles.integer
    return styles.decimal


def _display_width(value: str) -> float:
    # non-Latin (Georgian) glyphs are wider than the Latin digits Excel's width unit is based on
    return sum(1.0 if ord(ch) < 0x0250 else 1.25 for ch in value)


def _sheet_name(name: str, used: set[str]) -> str:
    base = _SHEET_FORBIDDEN.sub("_", name).strip("'") or "table"
    base = base[:31]
    candidate, i = base, 2
    while candidate.lower() in used:
        suffix = f"~{i}"
        candidate = base[: 31 - len(suffix)] + suffix
        i += 1
    used.add(candidate.lower())
    return candidate


def _langs(lang: str) -> list[str]:
    if lang == "both":
        return ["en", "ka"]
    if lang not in ("en", "ka"):
        raise ValueError(f"lang must be 'en', 'ka' or 'both', got {lang!r}")
    return [lang]


def _bilingual(value: Text | str | None, langs: list[str], sep: str = "\n") -> str:
    parts = [pick(value, lang) for lang in langs]
    unique = list(dict.fromkeys(p for p in parts if p))
    return sep.join(unique)


def _write_frame(
    ws: Worksheet,
    frame: pd.DataFrame,
    first_row: int,
    styles: _Styles,
    *,
    headers: Sequence[str],
    suppressed: set[tuple[int, str]] | None = None,
    number_formats: Mapping[str, str] | None = None,
) -> tuple[int, list[float]]:
    """Write header + body at ``first_row``; return (next free row, column widths)."""
    suppressed = suppressed or set()
    overrides = number_formats or {}
    widths = [max(_display_width(line) for line in h.split("\n")) + 2 for h in headers]
    header_lines = max((h.count("\n") + 1 for h in headers), default=1)
    for j, header in enumerate(headers):
        _write_text(ws, first_row, j, header, styles, styles.header)
    ws.set_row(first_row, 15 * header_lines + 4)
    column_formats = [
        _column_format(str(c), frame.iloc[:, j], styles, overrides)
        for j, c in enumerate(frame.columns)
    ]
    hidden_rows: dict[str, set[int]] = {}
    for i, col in suppressed:
        hidden_rows.setdefault(col, set()).add(i)
    # column by column over plain Python lists: frame.iat per cell is far slower on 100k rows
    for j, col in enumerate(frame.columns):
        values = frame.iloc[:, j].tolist()
        hidden = hidden_rows.get(str(col), set())
        number_fmt = column_formats[j]
        for i, value in enumerate(values):
            row = first_row + 1 + i
            if i in hidden:
                ws.write_string(row, j, SUPPRESSED_MARK, styles.suppressed)
                continue
            if type(value) is str:  # the common case first
                _write_text(ws, row, j, value, styles)
            else:
                _write_value(ws, row, j, value, number_fmt, styles)
            if i < 300 and not _is_missing(value):
                shown = f"{value:,.1f}" if isinstance(value, float) else str(value)
                widths[j] = max(widths[j], _display_width(shown) + 2)
    return first_row + 1 + len(frame), widths


def _set_widths(ws: Worksheet, widths: Sequence[float], lo: float = 8, hi: float = 60) -> None:
    for j, width in enumerate(widths):
        ws.set_column(j, j, min(max(width, lo), hi))


# --------------------------------------------------------------------------------------------------
# published tables


def write_tables_xlsx(
    tables: Sequence[TableOutput],
    path: str | Path,
    lang: str = "en",
    *,
    number_formats: Mapping[str, str] | None = None,
    contents: bool = False,
    title: Text | None = None,
) -> Path:
    """Write one sheet per table to ``path`` (xlsx) and return the path.

    Each sheet: title row(s), subtitle (unit, period, n), a styled header row (bilingual headers from
    ``TableOutput.columns``; both languages stacked when ``lang="both"``), the data with number formats
    (integers ``#,##0``; decimals ``#,##0.0``; percentages ``0.0%`` for share-like columns, see
    :data:`SHARE_COLUMN_PATTERN`; ``number_formats`` maps a column name to an Excel format to override),
    a frozen header, column widths, and footnotes: source, note, the suppression rule when cells
    are suppressed (shown as "–"), and the synthetic-data warning. A frame with a non-default index is
    written with the index as leading columns. Every table sheet has an autofilter on its header and
    prints A4 landscape, fitted to the page width, with the header repeated on every page.

    With ``contents`` the first sheet lists every table sheet with a link to it and one line on
    what it holds, and every table sheet links back. The document properties carry ``title`` (or
    "Tables"), the sources and, when any table is synthetic, the synthetic-data flag.
    """
    langs = _langs(lang)

    def fill(wb: xlsxwriter.Workbook, styles: _Styles) -> None:
        used: set[str] = set()
        contents_sheet = (
            wb.add_worksheet(_sheet_name(_bilingual(_CONTENTS_WORDS["sheet"], langs, "-"), used))
            if contents and tables
            else None
        )
        entries = []
        for table in tables:
            sheet = _write_table_sheet(wb, table, langs, styles, used, number_formats or {})
            entries.append((table, sheet))
            if contents_sheet is not None:
                _link_back(sheet, contents_sheet.get_name(), langs, styles)
        if contents_sheet is not None:
            _write_contents_sheet(contents_sheet, entries, langs, styles, title)
        _set_document_properties(wb, tables, langs, title)
        if not tables:
            ws = wb.add_worksheet("tables")
            _write_text(
                ws, 0, 0, _bilingual(text("No tables.", "ცხრილები არ არის."), langs), styles
            )

    return _workbook_file(path, fill)


def _write_table_sheet(
    wb: xlsxwriter.Workbook,
    table: TableOutput,
    langs: list[str],
    styles: _Styles,
    used: set[str],
    number_formats: Mapping[str, str],
) -> Worksheet:
    frame = table.frame
    if not isinstance(frame.index, pd.RangeIndex) or frame.index.name is not None:
        frame = frame.reset_index()
    ws = wb.add_worksheet(_sheet_name(table.name, used))
    meta = table.meta
    row = 0
    # a line that reads the same in both languages (e.g. a period "2026-Q1") is written once
    for title in dict.fromkeys(pick(meta.title, lang) for lang in langs):
        _write_text(ws, row, 0, title, styles, styles.title)
        row += 1
    for subtitle in dict.fromkeys(meta.subtitle(lang) for lang in langs):
        if subtitle:
            _write_text(ws, row, 0, subtitle, styles, styles.subtitle)
            row += 1
    if meta.synthetic:
        _write_text(
            ws, row, 0, _bilingual(_WORDS["synthetic"], langs, " / "), styles, styles.warning
        )
        row += 1
    row += 1  # a blank line before the header
    header_row = row
    headers = [_bilingual(table.columns.get(str(c)), langs) or str(c) for c in frame.columns]
    suppressed = {(int(r), str(c)) for r, c in table.suppressed}
    end_row, widths = _write_frame(
        ws,
        frame,
        header_row,
        styles,
        headers=headers,
        suppressed=suppressed,
        number_formats=number_formats,
    )
    ws.freeze_panes(header_row + 1, 0)
    _set_widths(ws, widths)
    _print_setup(ws, header_row, end_row, len(headers))

    row = end_row + 1
    for line in _table_footnotes(table, langs, has_suppressed=bool(suppressed)):
        _write_text(ws, row, 0, line, styles, styles.footnote)
        row += 1
    return ws


_CONTENTS_WORDS: dict[str, Text] = {
    "sheet": text("Contents", "სარჩევი"),
    "title": text("Tables: contents", "ცხრილები: სარჩევი"),
    "sheet_column": text("Sheet", "ფურცელი"),
    "holds": text("What it holds", "რას შეიცავს"),
    "back": text("← Contents", "← სარჩევი"),
    "how": text(
        "Click a sheet name to open it; every sheet links back here. Filters are on every "
        "header row; each sheet prints A4 landscape, one page wide.",
        "ფურცლის გასახსნელად დააწკაპუნეთ მის სახელზე; ყოველი ფურცლიდან შეგიძლიათ აქ დაბრუნება. "
        "ყველა სათაურის სტრიქონს აქვს ფილტრი; თითოეული ფურცელი იბეჭდება A4 ფორმატზე, "
        "ჰორიზონტალურად, ერთი გვერდის სიგანით.",
    ),
    "default_title": text("Tables", "ცხრილები"),
}


def _print_setup(ws: Worksheet, header_row: int, end_row: int, columns: int) -> None:
    """Filters on the header; A4 landscape, one page wide, the header repeated on every page."""
    if end_row - 1 > header_row and columns:
        ws.autofilter(header_row, 0, end_row - 1, columns - 1)
    ws.set_paper(9)  # A4
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(header_row)
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    ws.set_footer("&L&A&R&P / &N")


def _link_back(ws: Worksheet, contents: str, langs: list[str], styles: _Styles) -> None:
    """A link back to the contents sheet, to the right of the title."""
    label = _bilingual(_CONTENTS_WORDS["back"], langs, " / ")
    ws.write_url(0, 8, f"internal:'{contents}'!A1", styles.link, string=label)


def _write_contents_sheet(
    ws: Worksheet,
    entries: Sequence[tuple[TableOutput, Worksheet]],
    langs: list[str],
    styles: _Styles,
    title: Text | None,
) -> None:
    """The first sheet: a link to every table sheet and one line per language on what it holds."""
    _write_text(
        ws, 0, 0, _bilingual(title or _CONTENTS_WORDS["title"], langs, " / "), styles, styles.title
    )
    row = 1
    for lang in langs:
        _write_text(ws, row, 0, pick(_CONTENTS_WORDS["how"], lang), styles, styles.subtitle)
        row += 1
    if any(table.meta.synthetic for table, _ in entries):
        _write_text(
            ws, row, 0, _bilingual(_WORDS["synthetic"], langs, " / "), styles, styles.warning
        )
        row += 1
    header_row = row + 1
    _write_text(
        ws, header_row, 0, _bilingual(_CONTENTS_WORDS["sheet_column"], langs), styles, styles.header
    )
    for j, lang in enumerate(langs, start=1):
        _write_text(ws, header_row, j, pick(_CONTENTS_WORDS["holds"], lang), styles, styles.header)
    ws.set_row(header_row, 15 * len(langs) + 4)
    width, holds_width = 12.0, 60.0
    for i, (table, sheet) in enumerate(entries, start=header_row + 1):
        name = sheet.get_name()
        ws.write_url(i, 0, f"internal:'{name}'!A1", styles.link, string=name)
        lines = 1
        for j, lang in enumerate(langs, start=1):
            parts = [pick(table.meta.title, lang), table.meta.subtitle(lang)]
            line = " · ".join(dict.fromkeys(part for part in parts if part))
            _write_text(ws, i, j, line, styles, styles.wrap)
            lines = max(lines, math.ceil(_display_width(line) / (holds_width - 2)))
        ws.set_row(i, 14 * lines + 2)  # wrapped text: Excel and LibreOffice keep a set height
        width = max(width, _display_width(name) + 2)
    ws.set_column(0, 0, min(width, 34))
    ws.set_column(1, len(langs), holds_width)
    ws.freeze_panes(header_row + 1, 0)
    _print_setup(ws, header_row, header_row + 1 + len(entries), 1 + len(langs))
    ws.activate()


def _set_document_properties(
    wb: xlsxwriter.Workbook, tables: Sequence[TableOutput], langs: list[str], title: Text | None
) -> None:
    """Title, subject, sources and the synthetic flag as the workbook's document properties."""
    sources = list(
        dict.fromkeys(pick(t.meta.source, lang) for t in tables for lang in langs if t.meta.source)
    )
    synthetic = any(t.meta.synthetic for t in tables)
    comments = "; ".join(sources)
    if synthetic:
        comments = _bilingual(_WORDS["synthetic"], langs, " / ") + (
            f". {comments}" if comments else ""
        )
    wb.set_properties(
        {
            "title": _bilingual(title or _CONTENTS_WORDS["default_title"], langs, " / "),
            "subject": "; ".join(dict.fromkeys(pick(t.meta.title, langs[0]) for t in tables))[:255],
            "author": "cluster-analysis",
            "keywords": "synthetic" if synthetic else "",
            "comments": comments,
        }
    )
    wb.set_custom_property("Synthetic", synthetic)
    if sources:
        wb.set_custom_property("Source", "; ".join(sources)[:255])
    wb.set_custom_property("Language", ", ".join(langs))


def _table_footnotes(table: TableOutput, langs: list[str], *, has_suppressed: bool) -> list[str]:
    meta = table.meta
    lines: list[str] = []
    for lang in langs:
        if meta.source:
            lines.append(f"{pick(_WORDS['source'], lang)}: {pick(meta.source, lang)}")
    for lang in langs:
        if meta.note:
            lines.append(pick(meta.note, lang))
    if has_suppressed or table.suppression_rule:
        for lang in langs:
            rule = pick(table.suppression_rule, lang) or pick(_WORDS["suppressed_default"], lang)
            if not rule.startswith(SUPPRESSED_MARK):
                rule = f"{SUPPRESSED_MARK} = {rule}"
            lines.append(rule)
    if meta.synthetic:
        for lang in langs:
            lines.append(pick(_WORDS["synthetic"], lang))
    return list(dict.fromkeys(lines))  # text that is the same in both languages appears once


# --------------------------------------------------------------------------------------------------
# validation report: rejects as a cleaning log

_HOW_TO_FIX: list[Text] = [
    text(
        "This workbook lists every value that failed validation. Valid rows were processed; these were not.",
        "ეს ფაილი ჩამოთვლის ყველა მნიშვნელობას, რომელმაც ვალიდაცია ვერ გაიარა. სწორი სტრიქონები დამუშავდა, ესენი — არა.",
    ),
    text(
        "Summary: how many rows were read, accepted and rejected, per file and check.",
        "შეჯამება: რამდენი სტრიქონი წაიკითხა, მიიღო და უარყო სისტემამ, თითოეული ფაილისა და შემოწმების მიხედვით.",
    ),
    text(
        "Rejects: one row per problem: the record, the column, the value found and the reason.",
        "უარყოფილი: ერთი სტრიქონი თითო პრობლემაზე: ჩანაწერი, სვეტი, ნაპოვნი მნიშვნელობა და მიზეზი.",
    ),
    text(
        "To fix a value, write the corrected value in new_value and choose change_type:",
        "მნიშვნელობის გასასწორებლად ჩაწერეთ სწორი მნიშვნელობა new_value სვეტში და აირჩიეთ change_type:",
    ),
    text(
        "change_response = replace the value; blank_response = clear it; remove_survey = drop the whole record; no_action = the value is correct as it is.",
        "change_response = მნიშვნელობის შეცვლა; blank_response = გასუფთავება; remove_survey = მთელი ჩანაწერის ამოღება; no_action = მნიშვნელობა სწორია.",
    ),
    text(
        "Save the Rejects sheet as the cleaning log and run the pipeline again: the changes are applied and recorded.",
        "შეინახეთ Rejects ფურცელი როგორც გაწმენდის ჟურნალი და ხელახლა გაუშვით პროცესი: ცვლილებები გამოყენებული და აღრიცხული იქნება.",
    ),
    text(
        "Never edit the raw export itself: the raw files stay unchanged so every correction can be traced.",
        "არასოდეს შეცვალოთ თავად ნედლი ექსპორტი: ნედლი ფაილები უცვლელი რჩება, რათა ყველა შესწორება იყოს მიკვლევადი.",
    ),
]


def write_rejects_xlsx(
    rejects: pd.DataFrame,
    summary: pd.DataFrame,
    path: str | Path,
    *,
    cleaning_columns: Sequence[str] = ("new_value", "change_type"),
) -> Path:
    """Write the validation report: sheets "Summary", "Rejects" and "How to fix" (en + ka).

    "Rejects" holds every column of ``rejects`` (e.g. file, row, record id, column, value, check,
    reason) followed by blank ``cleaning_columns`` (``new_value``, ``change_type``) so staff can fill it
    in and reuse it as the cleaning log; ``change_type`` gets a drop-down of :data:`CHANGE_TYPES`.
    Both data sheets have a frozen header and an autofilter. Returns the path.
    """

    def fill(wb: xlsxwriter.Workbook, styles: _Styles) -> None:
        ws = wb.add_worksheet("Summary")
        _end, widths = _write_frame(
            ws, summary, 0, styles, headers=[str(c) for c in summary.columns]
        )
        _finish_data_sheet(ws, summary, widths)

        frame = rejects.copy()
        for col in cleaning_columns:
            if col not in frame.columns:
                frame[col] = pd.Series([None] * len(frame), index=frame.index, dtype="object")
        ws = wb.add_worksheet("Rejects")
        _end, widths = _write_frame(ws, frame, 0, styles, headers=[str(c) for c in frame.columns])
        _finish_data_sheet(ws, frame, widths)
        if "change_type" in frame.columns:
            j = list(frame.columns).index("change_type")
            ws.data_validation(
                1,
                j,
                max(len(frame), 1) + 500,
                j,
                {"validate": "list", "source": list(CHANGE_TYPES), "ignore_blank": True},
            )
            widths[j] = max(widths[j], 18)
            _set_widths(ws, widths)

        ws = wb.add_worksheet("How to fix")
        ws.write_string(0, 0, "English", styles.header)
        ws.write_string(0, 1, "ქართული", styles.header)
        for i, line in enumerate(_HOW_TO_FIX, start=1):
            _write_text(ws, i, 0, line["en"], styles, styles.wrap)
            _write_text(ws, i, 1, line["ka"], styles, styles.wrap)
        ws.set_column(0, 1, 70)
        ws.freeze_panes(1, 0)

    return _workbook_file(path, fill)


def _finish_data_sheet(ws: Worksheet, frame: pd.DataFrame, widths: list[float]) -> None:
    ws.freeze_panes(1, 0)
    if len(frame.columns):
        ws.autofilter(0, 0, max(len(frame), 1), len(frame.columns) - 1)
    _set_widths(ws, widths)


# --------------------------------------------------------------------------------------------------
# suppression log

_LOG_HEADERS: dict[str, Text] = {
    "table": text("Table", "ცხრილი"),
    "cell": text("Cell", "უჯრა"),
    "column": text("Column", "სვეტი"),
    "rule": text("Rule", "წესი"),
    "contributors": text("Contributors", "მონაწილეები"),
    "detail": text("Detail", "დეტალი"),
    "lower": text(
        "Lowest value a reader can infer", "მკითხველისთვის გამოთვლადი უმცირესი მნიშვნელობა"
    ),
    "upper": text(
        "Highest value a reader can infer", "მკითხველისთვის გამოთვლადი უდიდესი მნიშვნელობა"
    ),
    "width": text("Interval width", "ინტერვალის სიგანე"),
}


def write_suppression_log_xlsx(
    log: pd.DataFrame,
    path: str | Path,
    *,
    rules_text: Sequence[Text] = (),
) -> Path:
    """Write the suppression log (one row per hidden cell; office only) and return the path.

    Sheet "Suppression log": the columns of ``log`` (normally
    :data:`cluster_analysis.disclosure.LOG_COLUMNS`) with bilingual headers, frozen, filterable.
    Sheet "Rules": each of ``rules_text`` (e.g. ``SuppressionRules.rule_text()``) in en and ka.
    """

    def fill(wb: xlsxwriter.Workbook, styles: _Styles) -> None:
        ws = wb.add_worksheet("Suppression log")
        headers = [
            _bilingual(_LOG_HEADERS.get(str(c)), ["en", "ka"]) or str(c) for c in log.columns
        ]
        _end, widths = _write_frame(ws, log, 0, styles, headers=headers)
        _finish_data_sheet(ws, log, widths)
        if not len(log):
            _write_text(
                ws,
                2,
                0,
                "No cell was suppressed. / არცერთი უჯრა არ დაფარულა.",
                styles,
                styles.footnote,
            )
        ws = wb.add_worksheet("Rules")
        ws.write_string(0, 0, "English", styles.header)
        ws.write_string(0, 1, "ქართული", styles.header)
        for i, rule in enumerate(rules_text, start=1):
            _write_text(ws, i, 0, pick(rule, "en"), styles, styles.wrap)
            _write_text(ws, i, 1, pick(rule, "ka"), styles, styles.wrap)
        ws.set_column(0, 1, 80)

    return _workbook_file(path, fill)
