"""Excel workbooks: published tables, the validation rejects/cleaning log, the suppression log.

Formula-injection safe: the workbook is opened with ``strings_to_formulas=False`` and
``strings_to_urls=False`` and every text cell goes through ``write_string``; text that starts with
``= + - @`` (or a tab / carriage return) also gets Excel's quote prefix so that editing the cell in
Excel keeps it text (stack-notes.md). Every file is written to a temporary name in the target folder
and moved into place with ``os.replace``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import os
import re
import tempfile
import warnings
from collections.abc import Mapping, Sequence
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


def _atomic_workbook(path: str | Path) -> tuple[xlsxwriter.Workbook, Path, Path]:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp.xlsx", dir=target.parent)
    os.close(fd)
    return xlsxwriter.Workbook(tmp, _WORKBOOK_OPTIONS), Path(tmp), target


def _commit(workbook: xlsxwriter.Workbook, tmp: Path, target: Path) -> Path:
    try:
        workbook.close()
        atomic_write(target, lambda staged: os.replace(tmp, staged))
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return target


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
) -> Path:
    """Write one sheet per table to ``path`` (xlsx) and return the path.

    Each sheet: title row(s), subtitle (unit, period, n), a styled header row (bilingual headers from
    ``TableOutput.columns``; both languages stacked when ``lang="both"``), the data with number formats
    (integers ``#,##0``; decimals ``#,##0.0``; percentages ``0.0%`` for share-like columns, see
    :data:`SHARE_COLUMN_PATTERN`; ``number_formats`` maps a column name to an Excel format to override),
    a frozen header, column widths, and footnotes: source, note, the suppression rule when cells
    are suppressed (shown as "–"), and the synthetic-data warning. A frame with a non-default index is
    written with the index as leading columns.
    """
    langs = _langs(lang)
    wb, tmp, target = _atomic_workbook(path)
    styles = _Styles(wb)
    used: set[str] = set()
    try:
        for table in tables:
            _write_table_sheet(wb, table, langs, styles, used, number_formats or {})
        if not tables:
            ws = wb.add_worksheet("tables")
            _write_text(
                ws, 0, 0, _bilingual(text("No tables.", "ცხრილები არ არის."), langs), styles
            )
    except BaseException:
        with contextlib.suppress(Exception):
            wb.close()
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return _commit(wb, tmp, target)


def _write_table_sheet(
    wb: xlsxwriter.Workbook,
    table: TableOutput,
    langs: list[str],
    styles: _Styles,
    used: set[str],
    number_formats: Mapping[str, str],
) -> None:
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

    row = end_row + 1
    for line in _table_footnotes(table, langs, has_suppressed=bool(suppressed)):
        _write_text(ws, row, 0, line, styles, styles.footnote)
        row += 1


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
    wb, tmp, target = _atomic_workbook(path)
    styles = _Styles(wb)
    try:
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
    except BaseException:
        with contextlib.suppress(Exception):
            wb.close()
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return _commit(wb, tmp, target)


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
    wb, tmp, target = _atomic_workbook(path)
    styles = _Styles(wb)
    try:
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
    except BaseException:
        with contextlib.suppress(Exception):
            wb.close()
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return _commit(wb, tmp, target)
