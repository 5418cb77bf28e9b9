"""Cleaning logs: staff correct survey data the way the field does, never by editing raw files.

A cleaning log (IMPACT's R package ``cleaningtools`` is the reference) lists entries
``uuid, question, old_value, new_value, change_type, reason``; :func:`apply_cleaning_log` applies them
to the raw export and returns the clean data plus two tables: ``applied`` and ``reported``. Every
entry ends in exactly one of them (asserted): nothing is silently skipped.

change types: ``change_response`` (set the answer to new_value), ``blank_response`` (empty it),
``remove_survey`` (drop the submission; question may be blank), ``no_action`` (checked, left as is).

Reported, not applied (``problem`` codes): ``unknown_uuid``, ``unknown_question``,
``old_value_mismatch``, ``unknown_change_type``, ``missing_change_type`` (a rejects-workbook row
nobody filled in), ``missing_new_value`` (change_response without a new value),
``duplicate_entry`` (the same change or removal already applied by an earlier entry).

Old values are compared tolerantly (declared): blanks ("", NaN, None) are equal; text is compared
after trimming spaces; numbers by value ("3" == 3 == 3.0); TRUE/FALSE equal 1/0 (select_multiple
children); a date equals its ISO text. A log entry whose old value is blank while the data holds an
answer is applied by default (field logs often leave old_value empty) and marked
``old_value_checked=False`` in ``applied``; pass ``blank_old_value="report"`` to report those instead.
Old values are compared with the value current when the entry is reached, so entries apply in order.

After a change to a select_multiple parent (``q``) or child (``q/choice``, ``q.choice``) the other
side is rebuilt so both stay consistent (``clean_data.xlsx`` of cleaningtools does not do this).

The rejects workbook's Rejects sheet can be filled in as a log: ``record_id`` = uuid, ``column`` =
question, ``value`` = old value, ``new_value``, ``change_type``, ``reason_en``/``reason_ka`` = reason.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from cluster_analysis import readers
from cluster_analysis.errors import InputError

CHANGE_TYPES = ("change_response", "blank_response", "remove_survey", "no_action")
LOG_COLUMNS = ["log_row", "uuid", "question", "old_value", "new_value", "change_type", "reason"]

#: Accepted spellings of the log's columns (cleaningtools, R-mangled, our rejects workbook).
_ALIASES: dict[str, tuple[str, ...]] = {
    "uuid": ("uuid", "_uuid", "x_uuid", "record_id", "submission_uuid", "instanceid"),
    "question": (
        "question",
        "questions",
        "question.name",
        "question_name",
        "column",
        "variable",
        "name",
    ),
    "old_value": ("old_value", "old.value", "oldvalue", "value", "old"),
    "new_value": ("new_value", "new.value", "newvalue", "new"),
    "change_type": ("change_type", "change.type", "changed", "type", "action"),
    "reason": ("reason", "issue", "reason_en", "comment", "comments", "reason_ka"),
}
_CHANGE_ALIASES = {
    "change": "change_response",
    "changed": "change_response",
    "change_response": "change_response",
    "blank": "blank_response",
    "blank_response": "blank_response",
    "remove": "remove_survey",
    "remove_survey": "remove_survey",
    "delete_survey": "remove_survey",
    "no_action": "no_action",
    "no action": "no_action",
    "no_change": "no_action",
}

REASONS: dict[str, dict[str, str]] = {
    "unknown_uuid": {
        "en": "no submission with this uuid in the raw data",
        "ka": "ნედლ მონაცემებში ამ uuid-ით პასუხი არ არის",
    },
    "unknown_question": {
        "en": "the question is not a column of the raw data",
        "ka": "კითხვა ნედლი მონაცემების სვეტი არ არის",
    },
    "old_value_mismatch": {
        "en": "the old value in the log does not match the data",
        "ka": "ჟურნალში მითითებული ძველი მნიშვნელობა მონაცემებს არ ემთხვევა",
    },
    "unknown_change_type": {
        "en": "the change type is not one of " + ", ".join(CHANGE_TYPES),
        "ka": "ცვლილების ტიპი არ არის შემდეგთაგან: " + ", ".join(CHANGE_TYPES),
    },
    "missing_change_type": {
        "en": "no change type given (entry not filled in)",
        "ka": "ცვლილების ტიპი მითითებული არ არის (ჩანაწერი შეუვსებელია)",
    },
    "missing_new_value": {
        "en": "change_response without a new value (use blank_response to empty an answer)",
        "ka": "change_response ახალი მნიშვნელობის გარეშე (პასუხის გასასუფთავებლად გამოიყენეთ blank_response)",
    },
    "duplicate_entry": {
        "en": "an earlier entry already made this change",
        "ka": "ეს ცვლილება უკვე შესრულდა წინა ჩანაწერით",
    },
}


def _blank(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def comparable(value: object) -> object:
    """Return the form in which two values are compared: None for blanks, a float for numbers and
    TRUE/FALSE, an ISO date string for dates, trimmed text otherwise."""
    if _blank(value):
        return None
    if isinstance(value, bool | np.bool_):
        return float(bool(value))
    if isinstance(value, int | float | np.integer | np.floating):
        return float(value)
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else value.isoformat()
    text = str(value).strip()
    lowered = text.lower()
    if lowered in {"true", "false"}:
        return 1.0 if lowered == "true" else 0.0
    try:
        number = float(text)
        if math.isfinite(number):
            return number
    except ValueError:
        pass
    return text


def display(value: object) -> str | None:
    """A value as staff would type it: 5.0 -> "5", TRUE stays TRUE, blanks -> None."""
    if _blank(value):
        return None
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return str(int(value))
    return str(value).strip()


def values_match(a: object, b: object) -> bool:
    """True when ``a`` and ``b`` are the same answer under the tolerant comparison (module doc)."""
    left, right = comparable(a), comparable(b)
    if isinstance(left, float) and isinstance(right, float):
        return math.isclose(left, right, rel_tol=1e-9, abs_tol=1e-9)
    return left == right


def _column_key(column: object) -> str:
    text = str(column).strip().lower()
    for prefix in ("x.u.feff.", "\ufeff"):
        text = text.removeprefix(prefix)
    return text


def _is_log_header(columns: list[object]) -> bool:
    """True when a header row has a uuid column and a change type column (a cleaning log)."""
    keys = {_column_key(c) for c in columns}
    return all(any(o in keys for o in _ALIASES[target]) for target in ("uuid", "change_type"))


def _log_sheet(path: Path) -> str | None:
    """The sheet holding the log in a multi-sheet workbook (cleaningtools writes checked data,
    cleaning_log and deletion log side by side): a rejects workbook's ``Rejects`` sheet, else the
    first sheet whose header has a uuid and a change type column, else None (the first sheet)."""
    sheets = readers.list_sheets(path)
    if len(sheets) == 1:
        return None
    rejects = next((s for s in sheets if s.lower() == "rejects"), None)
    if rejects is not None:
        return rejects
    for name in sheets:
        header = readers.read_table(path, sheet=name, header=None, as_text=True).head(1)
        if len(header) and _is_log_header(header.iloc[0].tolist()):
            return name
    return None


@dataclass(frozen=True)
class CleaningLog:
    """A cleaning log as read: its entries and what kind of file held them.

    ``entries``: columns :data:`LOG_COLUMNS` plus ``log_file`` (and ``table``/``source`` for a
    filled-in rejects workbook); ``log_row`` is the spreadsheet row staff see. ``format``:
    ``cleaning_log`` or ``rejects_workbook``. ``set_aside``: rows of a rejects workbook left out by
    :func:`entries_for` (other tables or files, or no change type yet).
    """

    entries: pd.DataFrame
    source: str
    format: Literal["cleaning_log", "rejects_workbook"] = "cleaning_log"
    sheet: str | None = None
    set_aside: int = 0

    def __len__(self) -> int:
        return len(self.entries)


def read_cleaning_log(path: Path | str, *, sheet: str | None = None) -> CleaningLog:
    """Read a cleaning log (csv/xlsx) into a :class:`CleaningLog` (entries in columns
    :data:`LOG_COLUMNS`, values as text). In a workbook of several sheets the log is found by its
    columns (a rejects workbook's ``Rejects`` sheet first). Raises :class:`InputError` when the
    uuid or change type column is missing."""
    path = Path(path)
    if sheet is None and path.suffix.lower() in {".xlsx", ".xlsm"}:
        sheet = _log_sheet(path)
    frame = readers.read_table(path, sheet=sheet, as_text=True)
    rows = readers.sheet_rows(frame)

    lowered: dict[str, object] = {}
    for column in frame.columns:
        lowered.setdefault(_column_key(column), column)
    picked: dict[str, object] = {}
    for target, options in _ALIASES.items():
        hit = next((lowered[o] for o in options if o in lowered), None)
        if hit is not None and hit not in picked.values():
            picked[target] = hit
    for required in ("uuid", "change_type"):
        if required not in picked:
            raise InputError(
                f"a cleaning log needs a '{required}' column (found "
                f"{readers.short_list(map(str, frame.columns))})",
                path=path,
                sheet=sheet,
                row=1,
            )
    log = pd.DataFrame({target: frame[source] for target, source in picked.items()})
    for column in LOG_COLUMNS[1:]:
        if column not in log.columns:
            log[column] = None
    log["log_row"] = rows
    # A row with nothing in it (trailing formatting) is not an entry.
    empty = log[["uuid", "question", "change_type", "new_value"]].map(_blank).all(axis=1)
    log = log[~empty.to_numpy()]
    log = log[LOG_COLUMNS].astype(object).where(log[LOG_COLUMNS].notna(), None)
    # A filled-in rejects workbook also says which table and file each row came from.
    is_rejects = "table" in lowered and "record_id" in lowered
    for extra in ("table", "source"):
        if extra in lowered:
            values = frame.loc[log.index, lowered[extra]]
            log[extra] = values.astype(object).where(values.notna(), None)
    log["log_file"] = path.name
    return CleaningLog(
        entries=log.reset_index(drop=True),
        source=str(path),
        format="rejects_workbook" if is_rejects else "cleaning_log",
        sheet=sheet,
    )


def entries_for(log: CleaningLog, *, table: str, source: str | Path) -> CleaningLog:
    """Return the entries of a filled-in rejects workbook that concern one table and file, and
    that someone filled in (a change type is given); other logs come back unchanged.

    The rejects workbook lists every reject of a run (all tables, all waves); only the rows staff
    decided on belong to this wave's cleaning. Returns a new :class:`CleaningLog` whose
    ``set_aside`` counts the rows left for other tables or files, or not filled in.
    """
    if log.format != "rejects_workbook":
        return replace(log, entries=log.entries.copy(), set_aside=0)
    entries = log.entries
    name = Path(str(source)).name
    same_table = entries["table"].map(lambda v: _blank(v) or str(v).strip() == table)
    same_file = entries["source"].map(lambda v: _blank(v) or Path(str(v)).name == name)
    decided = ~entries["change_type"].map(_blank)
    keep = (same_table & same_file & decided).to_numpy(dtype=bool)
    return replace(log, entries=entries[keep].reset_index(drop=True), set_aside=int((~keep).sum()))


@dataclass
class CleaningResult:
    """The clean data and what happened to every log entry.

    ``applied``: entries carried out (``effect``: changed, blanked, removed, unchanged (no_action or
    value already as asked); ``old_value_checked``). ``reported``: entries not applied with
    ``problem`` code and bilingual words (``problem_en``, ``problem_ka``); ``reason`` stays the
    log's own. ``removed_uuids``: submissions dropped by remove_survey.
    """

    clean: pd.DataFrame
    applied: pd.DataFrame
    reported: pd.DataFrame
    removed_uuids: list[str] = field(default_factory=list)
    rows_in: int = 0

    def summary(self) -> dict[str, object]:
        """Counts: entries, applied by change type, reported by reason, submissions in/removed/out."""
        return {
            "entries": len(self.applied) + len(self.reported),
            "applied": len(self.applied),
            "applied_by_change_type": self.applied.groupby("change_type").size().to_dict()
            if len(self.applied)
            else {},
            "reported": len(self.reported),
            "reported_by_reason": self.reported.groupby("problem").size().to_dict()
            if len(self.reported)
            else {},
            "old_value_not_checked": int((~self.applied["old_value_checked"].astype(bool)).sum())
            if len(self.applied)
            else 0,
            "submissions_in": self.rows_in,
            "submissions_removed": len(self.removed_uuids),
            "submissions_out": len(self.clean),
        }


def _coerce_new(value: object, column: pd.Series) -> object:
    """The log's new value in the column's kind: numbers for numeric columns, 0/1 for 0/1 flags."""
    if _blank(value):
        return pd.NA
    kind = comparable(value)
    if pd.api.types.is_bool_dtype(column.dtype) or pd.api.types.is_numeric_dtype(column.dtype):
        if isinstance(kind, float):
            return (
                int(kind)
                if kind.is_integer() and pd.api.types.is_integer_dtype(column.dtype)
                else kind
            )
        return str(value).strip()
    return str(value).strip()


def _set_cell(frame: pd.DataFrame, index: int, column: str, value: object) -> pd.DataFrame:
    series = frame[column]
    try:
        updated = series.copy()
        updated.iloc[index] = value
    except (TypeError, ValueError):
        updated = series.astype(object).copy()
        updated.iloc[index] = value
    frame[column] = updated
    return frame


def _sync_multi(frame: pd.DataFrame, index: int, column: str) -> pd.DataFrame:
    """Rebuild the other side of a select_multiple after a change to ``column``."""
    if "/" in column:
        parent, _ = column.rsplit("/", 1)
        if parent not in frame.columns:
            return frame
        children = [c for c in frame.columns if c.startswith(parent + "/")]
        chosen = [c.split("/", 1)[1] for c in children if comparable(frame[c].iloc[index]) == 1.0]
        # No choice left selected: the question counts as unanswered (Kobo leaves it blank).
        value = " ".join(chosen) if chosen else pd.NA
        return _set_cell(frame, index, parent, value)
    children = [c for c in frame.columns if c.startswith(column + "/")]
    if not children:
        return frame
    current = frame[column].iloc[index]
    tokens = set() if _blank(current) else set(str(current).split())
    for child in children:
        choice = child.split("/", 1)[1]
        frame = _set_cell(frame, index, child, pd.NA if _blank(current) else int(choice in tokens))
    return frame


_APPLIED_COLUMNS = [
    *LOG_COLUMNS,
    "log_file",
    "column",
    "value_before",
    "value_after",
    "effect",
    "old_value_checked",
]
_REPORTED_COLUMNS = [*LOG_COLUMNS, "log_file", "value_found", "problem", "problem_en", "problem_ka"]


def _submission_uuids(raw: pd.DataFrame, uuid_column: str) -> pd.Series:
    """Return the stripped uuid of each row of ``raw``; raises :class:`InputError` when the column
    is missing or a uuid appears twice (an entry could not say which submission it means)."""
    if uuid_column not in raw.columns:
        raise InputError(
            f"the data has no '{uuid_column}' column to match the cleaning log's uuids"
        )
    uuids = raw[uuid_column].astype("string").str.strip()
    twice = uuids[uuids.notna() & uuids.duplicated()]
    if len(twice):
        raise InputError(
            f"uuid '{twice.iloc[0]}' appears more than once in the data; a cleaning log cannot "
            "address it",
            column=uuid_column,
        )
    return uuids


@dataclass
class _LogPass:
    """One pass over a cleaning log: the data as changed so far and every entry's outcome."""

    frame: pd.DataFrame
    position: dict[str, int]
    applied: list[dict[str, object]] = field(default_factory=list)
    reported: list[dict[str, object]] = field(default_factory=list)
    removed: dict[str, int] = field(default_factory=dict)
    done: dict[tuple[str, str], tuple[int, object]] = field(default_factory=dict)

    def report(self, entry: dict[str, object], reason: str, found: object = None) -> None:
        self.reported.append(
            {
                **entry,
                "value_found": display(found),
                "problem": reason,
                "problem_en": REASONS[reason]["en"],
                "problem_ka": REASONS[reason]["ka"],
            }
        )

    def apply(
        self,
        entry: dict[str, object],
        column: str | None,
        before: object,
        after: object,
        effect: str,
        checked: bool,
    ) -> None:
        self.applied.append(
            {
                **entry,
                "column": column,
                "value_before": before,
                "value_after": after,
                "effect": effect,
                "old_value_checked": checked,
            }
        )


def _log_column(
    frame: pd.DataFrame, question: str | None, resolve_question: Callable[[str], str] | None
) -> str | None:
    """Return the column of ``frame`` a log's question names, or None."""
    column = question if question in frame.columns else None
    if column is None and question is not None and resolve_question is not None:
        candidate = resolve_question(question)
        column = candidate if candidate in frame.columns else None
    return column


def _apply_entry(
    state: _LogPass,
    record: Mapping[Any, Any],
    resolve_question: Callable[[str], str] | None,
    blank_old_value: Literal["apply", "report"],
) -> None:
    """Apply one log entry to ``state`` (changing its frame) or report why it does not apply."""
    entry: dict[str, Any] = {k: record.get(k) for k in [*LOG_COLUMNS, "log_file"]}
    raw_type = entry["change_type"]
    if _blank(raw_type):
        return state.report(entry, "missing_change_type")
    change_type = _CHANGE_ALIASES.get(str(raw_type).strip().lower())
    if change_type is None:
        return state.report(entry, "unknown_change_type")
    entry["change_type"] = change_type
    uuid = None if _blank(entry["uuid"]) else str(entry["uuid"]).strip().removeprefix("uuid:")
    if uuid is None or uuid not in state.position:
        return state.report(entry, "unknown_uuid")
    row = state.position[uuid]
    if change_type == "remove_survey":
        if uuid in state.removed:
            return state.report(entry, "duplicate_entry")
        state.removed[uuid] = int(entry["log_row"])
        return state.apply(entry, None, None, None, "removed", False)
    question = None if _blank(entry["question"]) else str(entry["question"]).strip()
    if change_type == "no_action" and question is None:
        # A survey-level check (duration, distance) that needed no change.
        return state.apply(entry, None, None, None, "unchanged", False)
    column = _log_column(state.frame, question, resolve_question)
    if column is None:
        return state.report(entry, "unknown_question")
    current = state.frame[column].iloc[row]
    if change_type == "no_action":
        return state.apply(
            entry, column, current, current, "unchanged", not _blank(entry["old_value"])
        )
    target = None if change_type == "blank_response" else entry["new_value"]
    if change_type == "change_response" and _blank(target):
        return state.report(entry, "missing_new_value", current)
    checked = True
    if _blank(entry["old_value"]) and not _blank(current):
        if blank_old_value == "report":
            return state.report(entry, "old_value_mismatch", current)
        checked = False
    elif not values_match(entry["old_value"], current):
        earlier = state.done.get((uuid, column))
        if earlier is not None and values_match(target, current):
            return state.report(entry, "duplicate_entry", current)
        return state.report(entry, "old_value_mismatch", current)
    if (uuid, column) in state.done and values_match(target, current):
        return state.report(entry, "duplicate_entry", current)
    new_value = pd.NA if target is None else _coerce_new(target, state.frame[column])
    state.frame = _sync_multi(_set_cell(state.frame, row, column, new_value), row, column)
    state.done[(uuid, column)] = (int(entry["log_row"]), new_value)
    effect = "blanked" if change_type == "blank_response" else "changed"
    return state.apply(entry, column, current, new_value, effect, checked)


def _applied_entries(applied: list[dict[str, object]], removed: dict[str, int]) -> pd.DataFrame:
    """Return the table of applied entries (values shown as text, ``survey_removed`` flagged)."""
    frame = pd.DataFrame(applied, columns=_APPLIED_COLUMNS)
    frame["survey_removed"] = frame["uuid"].map(
        lambda u: (str(u).strip().removeprefix("uuid:") in removed) if not _blank(u) else False
    )
    for column in ("value_before", "value_after"):
        frame[column] = frame[column].map(display)
    return frame


def apply_cleaning_log(
    raw: pd.DataFrame,
    log: CleaningLog | pd.DataFrame,
    *,
    uuid_column: str = "_uuid",
    resolve_question: Callable[[str], str] | None = None,
    blank_old_value: Literal["apply", "report"] = "apply",
) -> CleaningResult:
    """Apply ``log`` (from :func:`read_cleaning_log`) to ``raw`` and return a :class:`CleaningResult`.

    ``resolve_question`` maps a log's question to a column (e.g. ``q.choice`` -> ``q/choice``; see
    :func:`cluster_analysis.survey.exports.header_resolver`); exact column names always work.
    ``raw`` is not changed. Raises :class:`InputError` when ``raw`` has no ``uuid_column`` or
    holds a uuid twice (entries could not say which submission they mean).
    """
    if isinstance(log, CleaningLog):
        log = log.entries
    uuids = _submission_uuids(raw, uuid_column)
    state = _LogPass(
        frame=raw.reset_index(drop=True).copy(),
        position={u: i for i, u in enumerate(uuids) if u is not pd.NA},
    )
    for record in log.to_dict("records"):
        _apply_entry(state, record, resolve_question, blank_old_value)

    keep = ~uuids.isin(list(state.removed)).fillna(False).to_numpy(dtype=bool)
    clean = state.frame[keep].reset_index(drop=True)
    applied_frame = _applied_entries(state.applied, state.removed)
    reported_frame = pd.DataFrame(state.reported, columns=_REPORTED_COLUMNS)
    if len(applied_frame) + len(reported_frame) != len(log):
        raise AssertionError(
            f"cleaning log: {len(log)} entries but {len(applied_frame)} applied + "
            f"{len(reported_frame)} reported"
        )
    return CleaningResult(
        clean=clean,
        applied=applied_frame,
        reported=reported_frame,
        removed_uuids=list(state.removed),
        rows_in=len(raw),
    )


def reported_as_rejects(
    result: CleaningResult, *, source: str, table: str = "survey_cleaning_log"
) -> pd.DataFrame:
    """Return the reported entries as rows of the rejects workbook (columns of
    :data:`cluster_analysis.validation.REJECT_COLUMNS`), ``row`` being the log's row and
    ``source`` the log's file (``log_file``) or ``source``."""
    from cluster_analysis.validation import REJECT_COLUMNS

    frame = result.reported
    rows = [
        {
            "table": table,
            "source": source if _blank(r.get("log_file")) else str(r["log_file"]),
            "row": int(r["log_row"]),
            "record_id": None if _blank(r["uuid"]) else str(r["uuid"]),
            "column": None if _blank(r["question"]) else str(r["question"]),
            "check": f"cleaning_log_{r['problem']}",
            "value": None if _blank(r["old_value"]) else str(r["old_value"]),
            "reason_en": r["problem_en"]
            + ("" if _blank(r["value_found"]) else f" (data: {r['value_found']})"),
            "reason_ka": r["problem_ka"]
            + ("" if _blank(r["value_found"]) else f" (მონაცემი: {r['value_found']})"),
        }
        for r in frame.to_dict("records")
    ]
    return pd.DataFrame(rows, columns=REJECT_COLUMNS)


__all__ = [
    "CHANGE_TYPES",
    "LOG_COLUMNS",
    "REASONS",
    "CleaningLog",
    "CleaningResult",
    "apply_cleaning_log",
    "comparable",
    "display",
    "entries_for",
    "read_cleaning_log",
    "reported_as_rejects",
    "values_match",
]
