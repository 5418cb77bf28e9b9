"""Validation with quarantine, shared by every domain.

A domain declares a pandera schema per layer; :func:`validate` runs it lazily and splits the input
into valid rows and rejected rows, each rejected row with *every* reason (column, check, offending
value) in words a staff member understands, in English and Georgian. Conservation is asserted on every
call: rows in = rows valid + rows rejected.

How it works (and why two passes): when a value cannot be converted to its column's type (text in a
numeric cell), pandera still runs the column's checks on the unconverted text and reports noise such
as a failed range check on "abc". So pass 1 runs only the types, nullability and uniqueness; the cells
that failed to convert are blanked, and pass 2 runs every check. Reasons from both passes are merged.
For speed (benchmarks/README.md) every check runs first on the frame as it is: when no value fails to
convert, that run *is* pass 2 and pass 1 is skipped (it could add nothing); otherwise both passes run
as described. The passing rows are validated once more on their own (a table-wide check can fail
anew on them); when every value converted, they are taken from pass 2's converted frame instead of
being converted again.

Domain checks should carry a ``name`` (not an ``error`` text); their bilingual messages are passed
explicitly to :func:`validate` (``messages=``, usually a constant of the domain's schema module), so
importing a module never changes how another domain's rejects read. pandera's built-in checks are
translated here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from difflib import get_close_matches
from typing import TYPE_CHECKING

import pandas as pd

from cluster_analysis import readers
from cluster_analysis.errors import InputError

if TYPE_CHECKING:
    # pandera is imported where it is used (about 0.3 s, more than pandas itself costs to import):
    # importing this module stays cheap; the first validation pays it (benchmarks/README.md).
    import pandera.pandas as pa

REJECT_COLUMNS = [
    "table",
    "source",
    "row",
    "record_id",
    "column",
    "check",
    "value",
    "reason_en",
    "reason_ka",
]

Messages = Mapping[str, Mapping[str, str]]
"""Bilingual reasons for named checks: ``{check_name: {"en": ..., "ka": ...}}``; a message may use
``{value}`` and ``{column}`` placeholders."""

_MESSAGES: dict[str, dict[str, str]] = {}


def register_messages(messages: dict[str, dict[str, str]]) -> None:
    """Register bilingual reasons for named domain checks globally (transitional: pass
    ``messages=`` to :func:`validate` instead, so no import has a side effect).

    A check name registered twice with different words is a programming error (two domains would
    silently share one reason), so it raises ``ValueError``.
    """
    for name, message in messages.items():
        if name in _MESSAGES and _MESSAGES[name] != message:
            raise ValueError(
                f"check name {name!r} is already registered with another message; "
                "give the check a name of its own"
            )
    _MESSAGES.update(messages)


_DTYPE_WORDS = {
    "int": ("a whole number", "მთელი რიცხვი"),
    "float": ("a number", "რიცხვი"),
    "datetime": ("a date", "თარიღი"),
    "bool": ("yes/no (TRUE/FALSE)", "დიახ/არა (TRUE/FALSE)"),
    "str": ("text", "ტექსტი"),
    "string": ("text", "ტექსტი"),
}


def _dtype_words(check: str) -> tuple[str, str]:
    lowered = check.lower()
    for key, words in _DTYPE_WORDS.items():
        if key in lowered:
            return words
    return ("of the expected type", "მოსალოდნელი ტიპის")


def _short_list(args: str, limit: int = 8) -> str:
    items = [a.strip().strip("'\"") for a in args.strip("[]{}() ").split(",") if a.strip()]
    shown = ", ".join(items[:limit])
    return shown + (f", … ({len(items)} in all)" if len(items) > limit else "")


def describe_failure(
    check: str, column: str | None, value: object, messages: Messages | None = None
) -> tuple[str, str]:
    """Return (English, Georgian) words for one failed check on one cell: the check's own message
    from ``messages`` (then from the transitional global registry), else pandera's check
    translated."""
    col = column or ""
    shown = "" if value is None or (isinstance(value, float) and value != value) else str(value)
    known = {**_MESSAGES, **(messages or {})}
    if check in known:
        msg = known[check]
        return (
            msg["en"].format(value=shown, column=col),
            msg["ka"].format(value=shown, column=col),
        )
    match = re.fullmatch(r"(\w+)\((.*)\)", check, flags=re.S)
    name, args = (match.group(1), match.group(2)) if match else (check, "")
    if name == "not_nullable":
        return (f"'{col}' is empty but required", f"'{col}' ცარიელია, თუმცა სავალდებულოა")
    if name in {"coerce_dtype", "dtype"}:
        en, ka = _dtype_words(args)
        return (f"'{shown}' in '{col}' is not {en}", f"'{shown}' ('{col}') არ არის {ka}")
    if name in {"isin"}:
        allowed = _short_list(args)
        return (
            f"'{shown}' in '{col}' is not an allowed value (allowed: {allowed})",
            f"'{shown}' ('{col}') დაუშვებელი მნიშვნელობაა (დასაშვებია: {allowed})",
        )
    if name == "notin":
        return (f"'{shown}' in '{col}' is not allowed", f"'{shown}' ('{col}') დაუშვებელია")
    if name == "in_range":
        low, _, high = args.partition(",")
        return (
            f"{shown} in '{col}' is outside the range {low.strip()} to {high.strip()}",
            f"{shown} ('{col}') სცდება დიაპაზონს {low.strip()}–{high.strip()}",
        )
    if name in {"greater_than_or_equal_to", "ge"}:
        return (
            f"{shown} in '{col}' must be at least {args}",
            f"{shown} ('{col}') უნდა იყოს მინიმუმ {args}",
        )
    if name in {"greater_than", "gt"}:
        return (
            f"{shown} in '{col}' must be more than {args}",
            f"{shown} ('{col}') უნდა აღემატებოდეს {args}-ს",
        )
    if name in {"less_than_or_equal_to", "le"}:
        return (
            f"{shown} in '{col}' must be at most {args}",
            f"{shown} ('{col}') არ უნდა აღემატებოდეს {args}-ს",
        )
    if name in {"less_than", "lt"}:
        return (
            f"{shown} in '{col}' must be less than {args}",
            f"{shown} ('{col}') უნდა იყოს {args}-ზე ნაკლები",
        )
    if name in {"str_matches", "str_contains"}:
        return (
            f"'{shown}' in '{col}' does not have the expected form",
            f"'{shown}' ('{col}') არ შეესაბამება მოსალოდნელ ფორმატს",
        )
    if name == "str_length":
        return (
            f"'{shown}' in '{col}' has the wrong length",
            f"'{shown}' ('{col}') არასწორი სიგრძისაა",
        )
    if name in {"field_uniqueness", "unique", "multiple_fields_uniqueness"}:
        return (
            f"'{shown}' in '{col}' appears more than once (must be unique)",
            f"'{shown}' ('{col}') მეორდება (უნდა იყოს უნიკალური)",
        )
    return (
        f"'{shown}' in '{col}' failed the check {check}",
        f"'{shown}' ('{col}') ვერ გადის შემოწმებას {check}",
    )


def tidy_text(
    frame: pd.DataFrame, *, add_missing: tuple[str, ...] | list[str] = ()
) -> pd.DataFrame:
    """Return a copy ready for a schema: ``add_missing`` columns added as empty, text cells
    stripped of surrounding spaces, and cells left empty by stripping made missing.

    No value is invented or reinterpreted: only spaces that staff cannot see go.
    """
    work = frame.copy()
    for column in add_missing:
        if column not in work.columns:
            work[column] = pd.Series([None] * len(work), dtype="object")
    for column in work.columns:
        if work[column].dtype == object or pd.api.types.is_string_dtype(work[column]):
            work[column] = work[column].map(
                lambda v: (v.strip() or None) if isinstance(v, str) else v
            )
    return work


@dataclass
class ValidationResult:
    """Valid rows, rejected rows with every reason, and a summary of one validation."""

    table: str
    source: str
    valid: pd.DataFrame
    rejected_rows: pd.DataFrame
    rejects: pd.DataFrame
    rows_in: int
    notes: list[str] = field(default_factory=list)

    @property
    def rows_valid(self) -> int:
        return len(self.valid)

    @property
    def rows_rejected(self) -> int:
        return len(self.rejected_rows)

    def summary(self) -> dict[str, object]:
        """Return counts per table: rows in, valid, rejected, and reasons by check."""
        by_check = self.rejects.groupby("check").size().to_dict() if len(self.rejects) else {}
        return {
            "table": self.table,
            "source": self.source,
            "rows_in": self.rows_in,
            "rows_valid": self.rows_valid,
            "rows_rejected": self.rows_rejected,
            "reasons": by_check,
        }


def _columns_only(schema: pa.DataFrameSchema) -> pa.DataFrameSchema:
    """The schema's types, nullability and uniqueness, without value checks."""
    import pandera.pandas as pa

    columns = {name: col.set_checks([]) for name, col in schema.columns.items()}
    return (
        schema.set_checks([]).replace(columns=columns)  # type: ignore[attr-defined]
        if hasattr(schema, "replace")
        else (
            pa.DataFrameSchema(
                columns,
                coerce=schema.coerce,
                strict=schema.strict,
                unique=schema.unique,
                index=schema.index,
            )
        )
    )


def _missing_columns_error(frame: pd.DataFrame, schema: pa.DataFrameSchema, source: str) -> None:
    required = [n for n, c in schema.columns.items() if c.required and not c.regex]
    missing = [n for n in required if n not in frame.columns]
    if not missing:
        return
    present = [str(c) for c in frame.columns]
    hints = []
    for name in missing[:3]:
        close = get_close_matches(name, present, n=1, cutoff=0.6)
        if close:
            lookalike = _has_mixed_scripts(close[0])
            hints.append(
                f"'{name}' (found '{close[0]}'"
                + (", which mixes Georgian/Cyrillic and Latin letters" if lookalike else "")
                + ")"
            )
        else:
            hints.append(f"'{name}'")
    more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
    raise InputError(
        f"missing column(s) {', '.join(hints)}{more}; expected columns: {', '.join(required)}",
        path=source or None,
        row=1,
    )


def _has_mixed_scripts(text: str) -> bool:
    latin = any("a" <= ch.lower() <= "z" for ch in text)
    other = any("\u0400" <= ch <= "\u04ff" or "\u10a0" <= ch <= "\u10ff" for ch in text)
    return latin and other


def _check(schema: pa.DataFrameSchema, frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``schema.validate(frame, lazy=True)``, leaving ``frame`` as it was.

    pandera's ``inplace=False`` begins with a deep copy of the whole frame (a second copy of the
    data before any column is coerced: about 0.7 GB and a second of page faults for a million
    survey rows). Its ``inplace=True`` instead assigns the coerced columns to the frame it is given;
    handing it a shallow copy keeps the caller's frame untouched (copy-on-write: assigning a column
    of the copy never writes to the data the two share) and the result is the same.
    """
    inplace = getattr(schema, "strict", None) != "filter"  # pandera deprecates filter + inplace
    given = frame.copy(deep=False) if inplace else frame
    return schema.validate(given, lazy=True, inplace=inplace)


def _failures(
    schema: pa.DataFrameSchema, frame: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame | None, pd.DataFrame | None]:
    """Return (failure cases, the validated frame when nothing failed, the frame with its columns
    coerced as pandera checked it when something failed)."""
    import pandera.pandas as pa

    try:
        return pd.DataFrame(), _check(schema, frame), None
    except pa.errors.SchemaErrors as errors:
        coerced = errors.data if isinstance(errors.data, pd.DataFrame) else None
        return _expand_column_failures(errors.failure_cases.copy(), schema, frame), None, coerced


def _coercion_is_per_cell(schema: pa.DataFrameSchema) -> bool:
    """True when coercing a subset of rows gives those rows of the coerced whole frame.

    So for numbers, text and yes/no columns, converted cell by cell. Not for types whose
    conversion looks at the whole column (a category's categories, a date format inferred from
    the first value), nor for custom parsers, defaults, added columns or a frame-wide type.
    """
    import pandera.dtypes as dtypes

    per_cell = (dtypes.Int, dtypes.Float, dtypes.String, dtypes.Bool)
    if (
        schema.dtype is not None
        or schema.index is not None
        or getattr(schema, "parsers", None)
        or getattr(schema, "add_missing_columns", False)
        or getattr(schema, "drop_invalid_rows", False)
    ):
        return False
    for column in schema.columns.values():
        if column.regex or getattr(column, "parsers", None) or column.default is not None:
            return False
        if column.dtype is not None and not isinstance(column.dtype, per_cell):
            return False
    return True


def _cells_failing_dtype(series: pd.Series, dtype: object) -> pd.Series:
    """Return the non-empty cells of ``series`` that cannot be converted to ``dtype``."""
    present = series.notna()
    kind = str(dtype).lower()
    if "int" in kind:
        numbers = pd.to_numeric(series, errors="coerce")
        whole = numbers.notna() & (numbers.astype("Float64") % 1 == 0).fillna(False)
        return present & ~whole.astype(bool)
    failing = []
    for value, here in zip(series, present, strict=True):
        if not here:
            failing.append(False)
            continue
        try:
            pd.Series([value]).astype(dtype)
            failing.append(False)
        except (TypeError, ValueError, OverflowError):
            failing.append(True)
    return pd.Series(failing, index=series.index)


#: pandera's built-in checks that judge each value on its own (not e.g. ``unique_values_eq``).
_PER_CELL_CHECKS = frozenset(
    {
        "equal_to",
        "not_equal_to",
        "greater_than",
        "greater_than_or_equal_to",
        "less_than",
        "less_than_or_equal_to",
        "in_range",
        "isin",
        "notin",
        "str_matches",
        "str_contains",
        "str_startswith",
        "str_endswith",
        "str_length",
    }
)


def _decided_cell_by_cell(schema: pa.DataFrameSchema) -> bool:
    """True when a row that passed the schema still passes once other rows are dropped.

    So when the schema has no table-wide check or uniqueness, and every column check is one of
    pandera's built-in per-value checks (reporting every failure, not grouped). Type,
    nullability and a column's own uniqueness hold too: every copy of a repeated value fails.
    A domain's own check (any function) may look at the whole column, so it keeps the last pass.
    """
    import pandera.pandas as pa

    if schema.checks or schema.unique:
        return False
    for column in schema.columns.values():
        for check in column.checks:
            builtin = pa.Check.CHECK_FUNCTION_REGISTRY.get(check.name)
            if (
                check.name not in _PER_CELL_CHECKS
                or builtin is None
                or check._check_fn is not builtin
                or check.groupby is not None
                or check.n_failure_cases is not None
            ):
                return False
    return True


def _expand_column_failures(
    failures: pd.DataFrame, schema: pa.DataFrameSchema, frame: pd.DataFrame
) -> pd.DataFrame:
    """Turn a type failure reported for a whole column (no row index: e.g. 3.5 in a whole-number
    column stored as float) into one failure per offending cell, so those rows are quarantined."""
    whole_column = failures["index"].isna() & failures["check"].astype(str).str.match(
        r"(coerce_)?dtype\("
    )
    if not whole_column.any():
        return failures
    extra: list[dict[str, object]] = []
    for column, check in failures.loc[whole_column, ["column", "check"]].itertuples(index=False):
        if column not in frame.columns or column not in schema.columns:
            continue
        bad = _cells_failing_dtype(frame[column], schema.columns[column].dtype)
        extra.extend(
            {
                "schema_context": "Column",
                "column": column,
                "check": check,
                "check_number": None,
                "failure_case": frame.at[idx, column],
                "index": idx,
            }
            for idx in frame.index[bad.to_numpy()]
        )
    return pd.concat([failures[~whole_column], pd.DataFrame(extra)], ignore_index=True)


def validate(
    frame: pd.DataFrame,
    schema: pa.DataFrameSchema,
    *,
    table: str,
    source: str | None = None,
    id_column: str | None = None,
    row_offset: int | None = None,
    dataframe_check_columns: dict[str, str] | None = None,
    messages: Messages | None = None,
) -> ValidationResult:
    """Validate ``frame`` lazily against ``schema`` and quarantine the rows that fail.

    Returns a :class:`ValidationResult`: ``valid`` holds the coerced rows that passed every check,
    ``rejected_rows`` the failing input rows as they were, ``rejects`` one row per reason (columns
    :data:`REJECT_COLUMNS`, ``row`` being the spreadsheet row number staff see: a ``_row``
    column when the frame has one, else the reader's numbering (:func:`readers.sheet_rows`: csv
    lines after blank lines counted right), else position + ``row_offset``). Raises
    :class:`InputError` when a required column is missing (no row can be judged then).
    ``dataframe_check_columns`` names the column a table-wide check is about (for the report);
    ``messages`` gives the bilingual reasons of the schema's named checks.
    """
    source = source if source is not None else str(frame.attrs.get("source", ""))
    sheet_rows = readers.sheet_rows(frame, row_offset)
    _missing_columns_error(frame, schema, source)
    work = frame.reset_index(drop=True)

    # Every check on the frame as it is. When no value fails conversion to its column's type (the
    # usual case), pass 1 below could find nothing this does not report with the same coerced
    # values, and blanking would change nothing: this is pass 2 and pass 1 is skipped.
    pass2, validated_whole, coerced_whole = _failures(schema, work)
    bad_type_cells: set[tuple[int, str]] = set()
    blanked = work
    pass1 = pd.DataFrame()
    if len(pass2) and pass2["check"].astype(str).str.match(r"(coerce_)?dtype\(").any():
        # Pass 1: types, nullability, uniqueness.
        pass1, _, _ = _failures(_columns_only(schema), work)
        if len(pass1):
            type_fail = pass1[pass1["check"].astype(str).str.match(r"(coerce_)?dtype\(")]
            blanked = work.copy()
            for idx, col in zip(type_fail["index"], type_fail["column"], strict=True):
                if idx is not None and col in blanked.columns and pd.notna(idx):
                    bad_type_cells.add((int(idx), str(col)))
                    blanked.at[int(idx), col] = None
        # Pass 2: every check, on the frame with unconvertible cells blanked.
        pass2, validated_whole, _ = _failures(schema, blanked)
        coerced_whole = None  # coerced from the blanked frame: the passing rows start again
    if len(pass2):
        keep = [
            not (
                pd.notna(i)
                and i is not None
                and (int(i), str(c)) in bad_type_cells
                and (str(ch).startswith(("coerce_dtype", "dtype(", "not_nullable")))
            )
            for i, c, ch in zip(pass2["index"], pass2["column"], pass2["check"], strict=True)
        ]
        pass2 = pass2[keep]
    failures = (
        pd.concat([f for f in (pass1, pass2) if len(f)], ignore_index=True)
        if (len(pass1) or len(pass2))
        else pd.DataFrame(columns=["schema_context", "column", "check", "failure_case", "index"])
    )
    failures = failures[failures["index"].notna()].copy()
    failures["index"] = failures["index"].astype(int)
    failures["check"] = failures["check"].astype(str)
    # A table-wide check reports every column of a failing row: keep one reason per row and check.
    table_wide = failures["schema_context"].astype(str) == "DataFrameSchema"
    if table_wide.any():
        wide = failures[table_wide].drop_duplicates(["index", "check"]).copy()
        mapping = dataframe_check_columns or {}
        wide["column"] = [
            mapping.get(check, column)
            for check, column in zip(wide["check"], wide["column"], strict=True)
        ]
        wide["failure_case"] = [
            work.at[i, c] if c in work.columns else None
            for i, c in zip(wide["index"], wide["column"], strict=True)
        ]
        failures = pd.concat([failures[~table_wide], wide], ignore_index=True)
    # pandera reports a failed conversion twice (coerce_dtype and dtype): one reason is enough.
    failures["check"] = failures["check"].str.replace(r"^dtype\(", "coerce_dtype(", regex=True)
    failures = failures.drop_duplicates(["index", "column", "check"])

    bad_rows = sorted(set(failures["index"]))
    if not bad_rows and validated_whole is not None:
        # Nothing failed in either pass, so pass 2 already validated (and coerced) exactly the frame
        # a third pass would see: reuse it rather than validate the whole frame once more.
        valid, kept = validated_whole, list(blanked.index)
    elif coerced_whole is not None and _coercion_is_per_cell(schema):
        # Every value converted (no pass 1), so pandera's coerced frame holds the passing rows
        # already converted as they would be on their own: validate those rather than convert
        # the whole input again (a million survey rows: about 3 s of CPU and one copy of the data).
        # Converting them once more to the same type changes nothing; the checks run as before.
        good = coerced_whole.drop(index=bad_rows)
        del coerced_whole
        if _decided_cell_by_cell(schema):
            # Every check judges each cell on its own, so dropping the failing rows cannot make
            # a passing row fail: the rows that passed are the valid rows, without a last pass.
            valid, kept = good, list(good.index)
        else:
            valid, kept = _validated(schema, good)
    else:
        valid, kept = _validated(schema, blanked.drop(index=bad_rows))
    bad_rows = sorted(set(work.index) - set(kept))

    rejects = _reject_table(failures, work, table, source, sheet_rows, id_column, messages)
    rejected_rows = frame.reset_index(drop=True).loc[bad_rows]
    result = ValidationResult(table, source, valid, rejected_rows, rejects, len(frame))
    if result.rows_valid + result.rows_rejected != result.rows_in:
        raise AssertionError(
            f"conservation broken for {table}: {result.rows_in} in, {result.rows_valid} valid, "
            f"{result.rows_rejected} rejected"
        )
    return result


def _validated(schema: pa.DataFrameSchema, good: pd.DataFrame) -> tuple[pd.DataFrame, list[int]]:
    """Coerce the passing rows; return them and the positions kept. A table-wide check can fail
    anew on the subset, so repeat."""
    import pandera.pandas as pa

    for _ in range(5):
        try:
            return _check(schema, good), list(good.index)
        except pa.errors.SchemaErrors as errors:
            more = errors.failure_cases
            idx = {int(i) for i in more["index"] if i is not None and pd.notna(i)}
            if not idx:
                raise
            good = good.drop(index=list(idx))
    raise AssertionError("validation did not settle after 5 passes")


def _reject_table(
    failures: pd.DataFrame,
    work: pd.DataFrame,
    table: str,
    source: str,
    sheet_rows: list[int],
    id_column: str | None,
    messages: Messages | None = None,
) -> pd.DataFrame:
    rows = []
    for idx, column, check, value in zip(
        failures["index"],
        failures["column"],
        failures["check"],
        failures["failure_case"],
        strict=True,
    ):
        col = (
            None
            if column is None or (isinstance(column, float) and column != column)
            else str(column)
        )
        en, ka = describe_failure(check, col, value, messages)
        record = work.at[idx, id_column] if id_column and id_column in work.columns else None
        # A `_row` column (kept through reshaping or row removal) is the spreadsheet row staff see.
        has_row = "_row" in work.columns and pd.notna(work.at[idx, "_row"])
        rows.append(
            {
                "table": table,
                "source": source,
                "row": int(work.at[idx, "_row"]) if has_row else sheet_rows[int(idx)],
                "record_id": None if record is None or pd.isna(record) else str(record),
                "column": col,
                "check": check,
                "value": None
                if value is None or (isinstance(value, float) and value != value)
                else str(value),
                "reason_en": en,
                "reason_ka": ka,
            }
        )
    rejects = pd.DataFrame(rows, columns=REJECT_COLUMNS)
    return rejects.sort_values(["row", "column", "check"], na_position="first").reset_index(
        drop=True
    )


def reject_rows(
    frame: pd.DataFrame,
    mask: pd.Series,
    *,
    table: str,
    check: str,
    column: str | None,
    source: str | None = None,
    id_column: str | None = None,
    messages: Messages | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split off rows a domain rule rejects outside pandera (e.g. after reshaping).

    Returns (kept rows, rejects table). ``frame`` must carry a ``_row`` column with the spreadsheet
    row number or the attrs ``row_offset``.
    """
    source = source if source is not None else str(frame.attrs.get("source", ""))
    sheet_rows = dict(zip(frame.index, readers.sheet_rows(frame), strict=True))
    rows = []
    for idx in frame.index[mask.to_numpy()]:
        value = frame.at[idx, column] if column and column in frame.columns else None
        en, ka = describe_failure(check, column, value, messages)
        row_no = frame.at[idx, "_row"] if "_row" in frame.columns else sheet_rows[idx]
        record = frame.at[idx, id_column] if id_column and id_column in frame.columns else None
        rows.append(
            {
                "table": table,
                "source": source,
                "row": int(row_no),
                "record_id": None if record is None or pd.isna(record) else str(record),
                "column": column,
                "check": check,
                "value": None if value is None or pd.isna(value) else str(value),
                "reason_en": en,
                "reason_ka": ka,
            }
        )
    return frame[~mask.to_numpy()], pd.DataFrame(rows, columns=REJECT_COLUMNS)
