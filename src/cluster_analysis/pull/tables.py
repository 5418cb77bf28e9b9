"""Submissions (as JSON from a server) -> an export workbook laid out like KoboToolbox's own xlsx.

KoboToolbox's xlsx export (formpack) has one sheet for the main table and one sheet per repeat
group. Headers are XML names with group paths joined by '/'; select_multiple answers are
space-separated codes; a geopoint gets four extra columns ``_q_latitude``, ``_q_longitude``,
``_q_altitude``, ``_q_precision``. The main sheet ends with the submission metadata and ``_index``;
a repeat sheet ends with ``_index``, ``_parent_table_name``, ``_parent_index`` and the parent
submission's metadata prefixed ``_submission_`` (so ``_submission__uuid`` links a repeat row to
its submission). ``_index`` counts rows of a sheet from 1 in submission order.

The column order follows the form (parsed by pyxform) when it is given, then any field found in
the data but not in the form, then the metadata. The same submissions always give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

METADATA = (
    "_id",
    "_uuid",
    "_submission_time",
    "_validation_status",
    "_notes",
    "_status",
    "_submitted_by",
    "__version__",
    "_tags",
)
COPY_FIELDS = (*METADATA, "meta/rootUuid")
#: Keys of a submission that are bookkeeping, not answers or export metadata.
DROPPED_PREFIXES = ("formhub/", "meta/", "_attachments", "_geolocation", "_xform_id_string")
#: Question types that hold no answer in the data.
NO_DATA_TYPES = frozenset({"note", "group", "repeat", "survey"})
#: A fixed workbook creation date keeps the bytes identical from one pull to the next.
FIXED_CREATED = dt.datetime(2000, 1, 1)
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


@dataclass
class Section:
    """One sheet of the export: the main table or a repeat group."""

    name: str
    path: str
    columns: list[str] = field(default_factory=list)
    geopoints: set[str] = field(default_factory=set)
    children: list[Section] = field(default_factory=list)
    parent: Section | None = None


def form_sections(form_json: Mapping[str, Any] | None, main_name: str) -> Section:
    """The sections (main table and repeats) of a form given as pyxform's survey JSON, with their
    answer columns in form order. With no form, an empty main section."""
    root = Section(name=main_name, path="")
    if form_json is None:
        return root

    def walk(children: Iterable[Mapping[str, Any]], section: Section, prefix: str) -> None:
        for child in children:
            kind = str(child.get("type", "")).lower()
            name = str(child.get("name", ""))
            path = f"{prefix}{name}"
            if kind == "repeat":
                sub = Section(name=name, path=path, parent=section)
                section.children.append(sub)
                walk(child.get("children", []), sub, f"{path}/")
            elif kind == "group":
                if name == "meta":
                    continue
                walk(child.get("children", []), section, f"{path}/")
            elif kind not in NO_DATA_TYPES and name:
                section.columns.append(path)
                if kind == "geopoint":
                    section.geopoints.add(path)

    walk(form_json.get("children", []), root, "")
    return root


def read_form_json(form_bytes: bytes, suffix: str = ".xlsx") -> dict[str, Any] | None:
    """pyxform's survey JSON of an XLSForm given as bytes, or None when pyxform cannot read it."""
    from pyxform import xls2json

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"form{suffix}"
        path.write_bytes(form_bytes)
        try:
            return xls2json.parse_file_to_json(str(path))
        except Exception:  # any pyxform error: fall back to the data's own columns
            return None


def _cell(value: Any) -> Any:
    """A JSON value as an export cell: text and numbers as they are, lists joined, dicts by label."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, (int, float, str)):
        return value
    if isinstance(value, dict):
        return str(value.get("label") or value.get("uid") or "")
    if isinstance(value, list):  # _tags (text) or _notes (objects with a "note")
        parts = [v.get("note") or v.get("label") if isinstance(v, dict) else v for v in value]
        return ", ".join(str(p) for p in parts if p not in (None, "") and not isinstance(p, list))
    return str(value)


def _geo_columns(path: str) -> list[str]:
    head, _, last = path.rpartition("/")
    stem = f"{head}/_{last}" if head else f"_{last}"
    return [f"{stem}_{part}" for part in ("latitude", "longitude", "altitude", "precision")]


def _answer_columns(section: Section, extra: list[str]) -> list[str]:
    out: list[str] = []
    for column in [*section.columns, *extra]:
        out.append(column)
        if column in section.geopoints:
            out.extend(_geo_columns(column))
    return out


def _repeat_paths(section: Section) -> set[str]:
    return {child.path for child in section.children}


def _ensure_child(section: Section, key: str) -> Section:
    for child in section.children:
        if child.path == key:
            return child
    child = Section(name=key.rsplit("/", 1)[-1], path=key, parent=section)
    section.children.append(child)
    return child


def _discover(section: Section, entries: Iterable[Mapping[str, Any]], extra: dict[str, list[str]]):
    """Add the repeat sections and answer columns the data holds but the form does not."""
    known = set(section.columns)
    seen = extra.setdefault(section.path, [])
    for entry in entries:
        for key, value in entry.items():
            if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
                _discover(_ensure_child(section, key), value, extra)
                continue
            if key in METADATA or key.startswith(DROPPED_PREFIXES) or key in known:
                continue
            if key in _repeat_paths(section) or key in seen:
                continue
            seen.append(key)


@dataclass
class Sheet:
    """One sheet's header and rows."""

    name: str
    header: list[str]
    rows: list[list[Any]] = field(default_factory=list)


def _sheet_name(name: str, taken: set[str]) -> str:
    base = SHEET_NAME_FORBIDDEN.sub("_", name).strip("'") or "data"
    base = base[:31]
    candidate, n = base, 1
    while candidate.lower() in taken:
        n += 1
        tail = f" ({n})"
        candidate = base[: 31 - len(tail)] + tail
    taken.add(candidate.lower())
    return candidate


def export_sheets(
    submissions: Sequence[Mapping[str, Any]],
    form_json: Mapping[str, Any] | None,
    main_name: str,
) -> list[Sheet]:
    """The export's sheets, main table first, then repeat groups depth first; each row of a repeat
    sheet names its parent row (``_parent_index``) and its submission (``_submission__uuid``)."""
    root = form_sections(form_json, main_name)
    extra: dict[str, list[str]] = {}
    _discover(root, submissions, extra)
    taken: set[str] = set()
    sheets: dict[str, Sheet] = {}
    answer_cols: dict[str, list[str]] = {}

    def plan(section: Section) -> None:
        answers = _answer_columns(section, extra.get(section.path, []))
        answer_cols[section.path] = answers
        if section.parent is None:
            header = [*answers, *METADATA, "_index"]
        else:
            header = [*answers, "_index", "_parent_table_name", "_parent_index"]
            header += [f"_submission_{name}" for name in COPY_FIELDS]
        sheets[section.path] = Sheet(name=_sheet_name(section.name, taken), header=header)
        for child in section.children:
            plan(child)

    plan(root)
    counters = dict.fromkeys(sheets, 0)

    def emit(section: Section, entry: Mapping[str, Any], parent_index: int, top: Mapping) -> None:
        counters[section.path] += 1
        index = counters[section.path]
        values: dict[str, Any] = {}
        for column in answer_cols[section.path]:
            values[column] = _cell(entry.get(column))
        for geo in section.geopoints:
            parts = str(entry.get(geo) or "").split()
            for column, part in zip(_geo_columns(geo), parts, strict=False):
                values[column] = part
        values["_index"] = index
        if section.parent is None:
            for name in METADATA:
                values[name] = _cell(entry.get(name))
        else:
            values["_parent_table_name"] = sheets[section.parent.path].name
            values["_parent_index"] = parent_index
            for name in COPY_FIELDS:
                values[f"_submission_{name}"] = _cell(top.get(name))
        sheet = sheets[section.path]
        sheet.rows.append([values.get(h, "") for h in sheet.header])
        for child in section.children:
            for item in entry.get(child.path) or []:
                if isinstance(item, Mapping):
                    emit(child, item, index, top)

    for submission in submissions:
        emit(root, submission, 0, submission)
    return list(sheets.values())


#: The longest text an Excel cell holds; longer answers are cut by every xlsx writer.
EXCEL_CELL_LIMIT = 32_767


def long_cells(sheets: list[Sheet]) -> list[tuple[str, int, str]]:
    """The (sheet, row, column) of every answer longer than an Excel cell holds (row as in
    Excel, header = 1), so a pull can say which answers the workbook cuts."""
    out = []
    for sheet in sheets:
        for r, row in enumerate(sheet.rows, start=2):
            for column, value in zip(sheet.header, row, strict=True):
                if isinstance(value, str) and len(value) > EXCEL_CELL_LIMIT:
                    out.append((sheet.name, r, column))
    return out


def xlsx_bytes(sheets: list[Sheet]) -> bytes:
    """The workbook of ``sheets`` as bytes: text kept as text (no formulas, numbers or links
    guessed from answers), and the same sheets always give the same bytes."""
    import xlsxwriter

    buffer = io.BytesIO()
    options = {
        "in_memory": True,
        "strings_to_numbers": False,
        "strings_to_formulas": False,
        "strings_to_urls": False,
    }
    book = xlsxwriter.Workbook(buffer, options)
    book.set_properties({"created": FIXED_CREATED})
    for sheet in sheets:
        page = book.add_worksheet(sheet.name)
        page.write_row(0, 0, sheet.header)
        for r, row in enumerate(sheet.rows, start=1):
            for c, value in enumerate(row):
                if isinstance(value, str):
                    page.write_string(r, c, value)
                elif value != "":
                    page.write_number(r, c, value)
    book.close()
    return buffer.getvalue()
