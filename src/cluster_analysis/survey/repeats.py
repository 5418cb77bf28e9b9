"""Repeat groups: one table per repeat, linked to its submission, validated, reshaped, summarised.

A KoboToolbox xlsx export holds the main table on its first sheet and one sheet per repeat group
(named after the group, cut to Excel's 31 characters). Each repeat row carries ``_index`` (its
number in the sheet), ``_parent_table_name`` and ``_parent_index`` (the row it belongs to: the
submission, or the enclosing repeat's row when repeats nest) and ``_submission__uuid`` (the
submission's ``_uuid``).

- :func:`read_kobo_tables`: the main table and every repeat table, as :func:`read_kobo_sheet`
  reads each sheet (XML names, select_multiple children, ``_row`` = the sheet row staff see);
- :func:`validate_repeat`: the form's checks on one repeat table plus the link to its submission;
  a rejected repeat row names its submission (``record_id``) and its sheet row (``row``);
- :func:`repeat_long`: every answer of every repeat table, one row each, for data/processed;
- :func:`summarise_repeat`: per submission, the count of repeat rows and any/all/sum of columns,
  for the scoring layer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from cluster_analysis import readers
from cluster_analysis.survey.exports import KoboSheet, read_kobo_sheet
from cluster_analysis.survey.forms import Form
from cluster_analysis.survey.schemas import MESSAGES
from cluster_analysis.validation import ValidationResult, reject_rows, validate

#: Excel's limit on sheet names: KoboToolbox cuts a long repeat name to this length.
SHEET_NAME_LIMIT = 31
#: Columns that link a repeat row to its parent and its submission.
LINK_COLUMNS = ("_index", "_parent_table_name", "_parent_index", "_submission__uuid")
#: Check name of a repeat row whose submission (or parent row) is not in the export.
ORPHAN_CHECK = "repeat_without_submission"
#: Check name of a repeat row whose submission was removed by a cleaning log or rejected.
SET_ASIDE_CHECK = "repeat_of_set_aside_submission"
_TRUE_WORDS = {"1", "true", "yes", "y"}
_FALSE_WORDS = {"0", "false", "no", "n"}


@dataclass(frozen=True)
class KoboTables:
    """The main table and one table per repeat group (keyed by the repeat's name in the form).

    ``info`` / ``repeat_info`` say what the reader found in each sheet (header mode, headers not
    in the form, select_multiple conflicts; see :class:`~.exports.KoboSheet`, whose ``data`` is
    the table as read); ``sheets`` maps a repeat to its sheet; ``other_sheets`` lists the sheets
    that are neither the main table nor a repeat (notes, pivot tables), left out.
    """

    main: pd.DataFrame
    repeats: dict[str, pd.DataFrame] = field(default_factory=dict)
    sheets: dict[str, str] = field(default_factory=dict)  # repeat name -> sheet name
    main_sheet: str | None = None
    source: str = ""
    info: KoboSheet | None = None
    repeat_info: dict[str, KoboSheet] = field(default_factory=dict)
    other_sheets: list[str] = field(default_factory=list)

    @property
    def rows_in(self) -> int:
        """Every data row of every sheet (main and repeats)."""
        return len(self.main) + sum(len(t) for t in self.repeats.values())

    def repeat_source(self, repeat: str) -> str:
        """``<file> [<sheet>]``: where a repeat table's rows are, for the rejects workbook."""
        return f"{self.source} [{self.sheets.get(repeat, repeat)}]"


def _repeat_for_sheet(sheet: str, repeats: Iterable[str]) -> str | None:
    for name in repeats:
        if sheet == name or sheet == name[:SHEET_NAME_LIMIT]:
            return name
    return None


def read_kobo_tables(
    path: Path | str,
    form: Form,
    *,
    wave: str | None = None,
    sheet: str | int | None = None,
    separator: str = "/",
    renames: Mapping[str, str] | None = None,
) -> KoboTables:
    """Read a KoboToolbox export into the main table and one table per repeat group.

    The main table is ``sheet`` (default: the first visible sheet, or the csv); every other sheet
    named after one of the form's repeat groups, or holding ``_parent_index``, is a repeat table.
    Sheets that are neither (notes, pivot tables) are left out and listed in ``other_sheets``.
    Returns :class:`KoboTables`; each table is what :func:`read_kobo_sheet` reads from its sheet.
    """
    path = Path(path)
    main = read_kobo_sheet(path, form, wave=wave, sheet=sheet, separator=separator, renames=renames)
    if path.suffix.lower() not in readers.EXCEL_SUFFIXES:
        return KoboTables(main=main.data, source=str(path), info=main)
    sheets = readers.list_sheets(path)
    main_sheet = main.sheet or sheets[0]
    repeats: dict[str, pd.DataFrame] = {}
    names: dict[str, str] = {}
    info: dict[str, KoboSheet] = {}
    other: list[str] = []
    for name in sheets:
        if name == main_sheet:
            continue
        repeat = _repeat_for_sheet(name, form.repeats)
        header = readers.read_table(path, sheet=name, header=None, as_text=True).head(1)
        has_link = len(header) and "_parent_index" in {str(h) for h in header.iloc[0]}
        if repeat is None and not has_link:
            other.append(name)
            continue
        read = read_kobo_sheet(
            path, form, wave=wave, sheet=name, separator=separator, renames=renames
        )
        key = repeat or name
        repeats[key], names[key], info[key] = read.data, name, read
    return KoboTables(
        main=main.data,
        repeats=repeats,
        sheets=names,
        main_sheet=main_sheet,
        source=str(path),
        info=main,
        repeat_info=info,
        other_sheets=other,
    )


def _parent_indexes(tables: KoboTables, repeat: str) -> pd.Series:
    """Return, per row of a repeat table, whether its parent row exists (in the main table or in
    the enclosing repeat's table, as ``_parent_table_name`` says)."""
    table = tables.repeats[repeat]
    if "_parent_index" not in table.columns:
        return pd.Series(True, index=table.index)
    parents = pd.to_numeric(table["_parent_index"], errors="coerce")
    names = (
        table["_parent_table_name"].astype("string")
        if "_parent_table_name" in table.columns
        else pd.Series(pd.NA, index=table.index, dtype="string")
    )
    by_sheet = {tables.sheets.get(r, r): t for r, t in tables.repeats.items()}
    found = pd.Series(False, index=table.index)
    for parent_name in [*names.dropna().unique().tolist(), None]:
        rows = names.isna() if parent_name is None else names == parent_name
        parent = by_sheet.get(str(parent_name)) if parent_name is not None else None
        if parent is None:
            parent = tables.repeats.get(str(parent_name), tables.main)
        if "_index" not in parent.columns:
            continue
        known = set(pd.to_numeric(parent["_index"], errors="coerce").dropna().tolist())
        found |= rows.fillna(False).astype(bool) & parents.isin(known)
    return found


def validate_repeat(
    tables: KoboTables, form: Form, repeat: str, *, set_aside: Iterable[str] = ()
) -> ValidationResult:
    """Validate one repeat table: the form's checks on the repeat's own questions, plus the link
    to its submission (``_submission__uuid`` among the main table's ``_uuid``, ``_parent_index``
    among its parent's ``_index``). ``set_aside``: uuids of submissions that were in the export
    but were removed by a cleaning log or rejected (pass the main table without them); their
    repeat rows are rejected with :data:`SET_ASIDE_CHECK` rather than as orphans. Returns a
    :class:`ValidationResult` whose rejects name the submission (``record_id``) and the sheet row
    (``row``); rows in = valid + rejected."""
    table = tables.repeats[repeat]
    source = tables.repeat_source(repeat)
    name = f"survey_repeat_{repeat}"
    questions = [q for q in form.repeat_questions(repeat) if q in table.columns]
    checked = validate(
        table,
        form.schema(columns=questions),
        table=name,
        source=source,
        id_column="_submission__uuid",
        messages=MESSAGES,
    )
    linked = _parent_indexes(tables, repeat)
    uuids = (
        set(tables.main["_uuid"].dropna().astype(str)) if "_uuid" in tables.main.columns else set()
    )
    if "_submission__uuid" in table.columns and uuids:
        # A main table with no uuid at all (re-uploaded data) links by _parent_index alone.
        given = table["_submission__uuid"].astype("string")
        linked &= (given.isin(uuids) | given.isna()).fillna(False)
    orphans = ~linked.astype(bool)
    if not orphans.any():
        return checked
    column = "_submission__uuid" if "_submission__uuid" in table.columns else "_parent_index"
    aside = pd.Series(False, index=table.index)
    if "_submission__uuid" in table.columns:
        given = table["_submission__uuid"].astype("string")
        aside = orphans & given.isin({str(u) for u in set_aside}).fillna(False).astype(bool)
    parts = [
        reject_rows(
            table,
            mask & orphans,
            table=name,
            check=check,
            column=column,
            source=source,
            id_column="_submission__uuid",
            messages=MESSAGES,
        )[1]
        for check, mask in ((ORPHAN_CHECK, ~aside), (SET_ASIDE_CHECK, aside))
    ]
    orphan_rejects = pd.concat(parts, ignore_index=True)
    orphan_rows = set(table.loc[orphans, "_row"].tolist())
    valid = checked.valid[~checked.valid["_row"].isin(orphan_rows)].reset_index(drop=True)
    rejected = table[orphans | table["_row"].isin(checked.rejected_rows["_row"])].reset_index(
        drop=True
    )
    rejects = pd.concat([checked.rejects, orphan_rejects], ignore_index=True)
    rejects = rejects.sort_values(["row", "column", "check"], na_position="first")
    return ValidationResult(
        table=name,
        source=source,
        valid=valid,
        rejected_rows=rejected,
        rejects=rejects.reset_index(drop=True),
        rows_in=len(table),
        notes=checked.notes,
    )


def _answer_columns(table: pd.DataFrame, form: Form, repeat: str) -> list[str]:
    own = set(form.repeat_questions(repeat))
    return [c for c in table.columns if c in own]


def repeat_long(tables: Mapping[str, pd.DataFrame], form: Form) -> pd.DataFrame:
    """Return every answer of every repeat table in long form, one row per answer:
    ``repeat, submission_uuid, parent_table, parent_index, index, row, question, value`` (value as
    text; blank answers left out). The select_multiple parent is kept (space-separated choices),
    its 0/1 children are not (they are derived from it)."""
    columns = [
        "repeat",
        "submission_uuid",
        "parent_table",
        "parent_index",
        "index",
        "row",
        "question",
        "value",
    ]
    parts = []
    for repeat, table in tables.items():
        answers = _answer_columns(table, form, repeat)
        if not answers or table.empty:
            continue

        def link(column: str, frame: pd.DataFrame = table) -> pd.Series:
            if column in frame.columns:
                return frame[column].astype("string")
            return pd.Series(pd.NA, index=frame.index, dtype="string")

        keys = pd.DataFrame(
            {
                "submission_uuid": link("_submission__uuid"),
                "parent_table": link("_parent_table_name"),
                "parent_index": pd.to_numeric(link("_parent_index"), errors="coerce").astype(
                    "Int64"
                ),
                "index": pd.to_numeric(link("_index"), errors="coerce").astype("Int64"),
                "row": table["_row"].astype("Int64"),
            }
        )
        values = table[answers].astype(object).map(_as_text)
        long = values.melt(ignore_index=False, var_name="question", value_name="value")
        long = long[long["value"].notna()]
        long = keys.loc[long.index].assign(
            question=long["question"].to_numpy(), value=long["value"].to_numpy()
        )
        long.insert(0, "repeat", repeat)
        parts.append(long)
    if not parts:
        return pd.DataFrame(columns=columns)
    out = pd.concat(parts, ignore_index=True)
    out["value"] = out["value"].astype("string")
    return (
        out[columns]
        .sort_values(["repeat", "submission_uuid", "index", "question"], kind="stable")
        .reset_index(drop=True)
    )


def _as_text(value: object) -> object:
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    return text or None


def _truth(series: pd.Series) -> pd.Series:
    """Answers as booleans: numbers (non-zero is true), yes/no and true/false words; else NA."""
    numbers = pd.to_numeric(series, errors="coerce")
    words = series.astype("string").str.strip().str.lower()
    out = pd.Series(pd.NA, index=series.index, dtype="boolean")
    out[words.isin(_TRUE_WORDS).fillna(False)] = True
    out[words.isin(_FALSE_WORDS).fillna(False)] = False
    has_number = numbers.notna() & out.isna()
    out[has_number] = numbers[has_number] != 0
    return out


def summarise_repeat(
    table: pd.DataFrame,
    columns: Iterable[str] = (),
    *,
    submissions: Iterable[str] | None = None,
    by: str = "_submission__uuid",
) -> pd.DataFrame:
    """Return one row per submission: ``count`` (repeat rows), and for each of ``columns``
    ``<column>_any`` / ``<column>_all`` (answers read as true/false, blanks ignored; NA when the
    submission has no answer) and ``<column>_sum`` (numbers; 0 when none). With ``submissions``
    every listed submission gets a row (count 0 when it has no repeat rows)."""
    columns = list(columns)
    keys = table[by].astype("string")
    frame = pd.DataFrame({by: keys}, index=table.index)
    for column in columns:
        frame[f"{column}__truth"] = _truth(table[column])
        frame[f"{column}__number"] = pd.to_numeric(table[column], errors="coerce")
    grouped = frame.groupby(by, sort=True, dropna=False)
    out = grouped.size().rename("count").to_frame()
    for column in columns:
        truth = grouped[f"{column}__truth"]
        answered = truth.count()
        out[f"{column}_any"] = truth.any().astype("boolean").mask(answered == 0)
        out[f"{column}_all"] = truth.all().astype("boolean").mask(answered == 0)
        out[f"{column}_sum"] = grouped[f"{column}__number"].sum(min_count=1).fillna(0)
    if submissions is not None:
        wanted = pd.Index(pd.Series(list(submissions), dtype="string").unique(), name=by)
        out = out.reindex(wanted)
        out["count"] = out["count"].fillna(0)
        for column in columns:
            out[f"{column}_sum"] = out[f"{column}_sum"].fillna(0)
    out["count"] = out["count"].astype("Int64")
    return out.reset_index()


__all__ = [
    "LINK_COLUMNS",
    "ORPHAN_CHECK",
    "SET_ASIDE_CHECK",
    "KoboTables",
    "read_kobo_tables",
    "repeat_long",
    "summarise_repeat",
    "validate_repeat",
]
