"""Declared inputs of the survey domain and the only code that reads them (through the run context).

Raw layout (``ctx.raw_dir`` = data/raw/survey; read only)::

    form.xlsx                      XLSForm (bilingual; capacity tags, see forms.py)
    register.csv                   member register (names/contacts stay here)
    waves.csv                      manifest: file, wave, period[, period_ka, header_mode,
                                   language, question_bank, sheet, separator, cleaning_log]
    exports/*.xlsx|csv             one Kobo / ODK Central export per wave
    question_bank.csv              renamed questions (wave, question, stable_name)
    cleaning_logs/wave_<wave>.csv  cleaning log per wave (or .xlsx; optional)
    targets.csv                    declared gap targets (optional)

``period`` is the wave's reporting period as English readers see it ("2025 H2"); Georgian output
writes it Geostat's way ("2025 წლის II ნახევარი", :func:`cluster_analysis.numbers.period_label`)
unless the optional ``period_ka`` gives the Georgian label itself.

Without ``waves.csv`` every file in ``exports/`` is one wave named after the file
(``wave_2025-2.xlsx`` -> wave ``2025-2``).

Per wave (:func:`load_wave`): read the export in XML names (the main table and one table per repeat
group) -> apply the cleaning log (entries not applied go to the rejects workbook) -> validate
against the form with the register (types, choices, ranges, required, duplicate submission of a
member, member not on the register) -> quarantine -> validate each repeat table against the valid
submissions (rows of removed or rejected submissions are quarantined with them). Every input row,
repeat rows included, ends valid, removed by the log, or rejected (asserted per wave).

Every file read here is recorded in the run manifest (sha256, rows).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from cluster_analysis import readers
from cluster_analysis.context import InputSpec, RunContext
from cluster_analysis.errors import InputError
from cluster_analysis.outputs import text
from cluster_analysis.survey import schemas
from cluster_analysis.survey.cleaning import (
    apply_cleaning_log,
    entries_for,
    read_cleaning_log,
    reported_as_rejects,
)
from cluster_analysis.survey.exports import KoboSheet, QuestionBank, header_resolver
from cluster_analysis.survey.forms import Form, lint_xlsform, read_xlsform
from cluster_analysis.survey.register import read_register
from cluster_analysis.survey.repeats import KoboTables, read_kobo_tables, validate_repeat
from cluster_analysis.validation import ValidationResult

MEMBER_COLUMN = "member_id"
UUID_COLUMN = "_uuid"

FORM = InputSpec(
    "form",
    "form.xlsx",
    text("Survey form (XLSForm, bilingual)", "გამოკითხვის ფორმა (XLSForm, ორენოვანი)"),
)
REGISTER = InputSpec(
    "register",
    "register.csv",
    text("Member register of the cluster", "კლასტერის წევრთა რეესტრი"),
)
WAVES = InputSpec(
    "waves",
    "waves.csv",
    text(
        "Survey waves: export file, wave id, period (optional period_ka: the period in Georgian)",
        "გამოკითხვის ტალღები: ფაილი, ტალღა, პერიოდი (არასავალდებულო period_ka: პერიოდი ქართულად)",
    ),
    required=False,
)
EXPORTS = InputSpec(
    "exports",
    "exports/*",
    text("One Kobo / ODK Central export per wave", "თითო Kobo / ODK Central ექსპორტი ტალღაზე"),
    required=False,
)
CLEANING_LOGS = InputSpec(
    "cleaning_logs",
    "cleaning_logs/*",
    text("Cleaning log per wave", "გაწმენდის ჟურნალი ტალღების მიხედვით"),
    required=False,
)
TARGETS = InputSpec(
    "targets",
    "targets.csv",
    text("Declared capacity-gap targets", "შესაძლებლობების ხარვეზების დასახული მიზნები"),
    required=False,
)

#: The metrics a target may be declared on (targets.csv ``metric``).
TARGET_METRICS = ("critical_gap_share", "mwds")

#: Bilingual reasons of the targets' checks (passed to validation, not registered at import).
TARGET_MESSAGES: dict[str, dict[str, str]] = {
    "unknown_target_item": {
        "en": "'{value}' is not a capacity item of the survey form",
        "ka": "'{value}' გამოკითხვის ფორმის შესაძლებლობების საკითხი არ არის",
    },
    "unknown_target_metric": {
        "en": "metric '{value}' is not one of " + ", ".join(TARGET_METRICS),
        "ka": "მაჩვენებელი '{value}' არ არის შემდეგთაგან: " + ", ".join(TARGET_METRICS),
    },
    "unknown_target_wave": {
        "en": "baseline wave '{value}' is not a wave of waves.csv",
        "ka": "საბაზისო ტალღა '{value}' waves.csv-ის ტალღებს შორის არ არის",
    },
    "target_share_out_of_range": {
        "en": "a critical-gap share target must lie between 0 and 1, got {value}",
        "ka": "კრიტიკული ხარვეზის წილის სამიზნე მნიშვნელობა 0-სა და 1-ს შორის უნდა იყოს; "
        "მოცემულია {value}",
    },
    "duplicate_target": {
        "en": "item {value} has two targets for the same metric",
        "ka": "საკითხს {value} ერთსა და იმავე მაჩვენებელზე ორი სამიზნე მნიშვნელობა აქვს",
    },
}


@dataclass(frozen=True)
class WaveSpec:
    """One row of waves.csv (``period_ka``: the Georgian period label, when the row gives one)."""

    file: Path
    wave: str
    period: str
    period_ka: str | None = None
    header_mode: str | None = None
    language: str | None = None
    question_bank: Path | None = None
    sheet: str | None = None
    separator: str = "/"
    cleaning_log: Path | None = None


@dataclass
class WaveOutcome:
    """What one wave's ingest gave: its valid rows, the counts and the cleaning-log entries.

    ``repeats``: the valid rows of each repeat group of the form (keyed by the group's name), each
    row linked to its submission (``_submission__uuid``, ``_parent_index``); rows of submissions
    removed by the cleaning log or rejected are quarantined with them. ``rows_in`` counts the main
    table's rows; ``repeat_rows_in`` the repeat sheets' rows (each = valid + rejected).
    """

    spec: WaveSpec
    valid: pd.DataFrame
    rows_in: int
    removed: int
    rejected: int
    cleaning: pd.DataFrame
    validation: ValidationResult | None = None
    repeats: dict[str, pd.DataFrame] = field(default_factory=dict)
    repeat_rows_in: int = 0
    repeat_validations: list[ValidationResult] = field(default_factory=list)

    @property
    def validations(self) -> list[ValidationResult]:
        """The main table's validation, then each repeat table's."""
        main = [self.validation] if self.validation is not None else []
        return [*main, *self.repeat_validations]


def _cell(row: pd.Series, column: str) -> str | None:
    value = row.get(column)
    if value is None or pd.isna(value) or not str(value).strip():
        return None
    return str(value).strip()


def _wave_spec(raw_dir: Path, manifest: Path, row: pd.Series, line: int) -> WaveSpec:
    """One waves.csv row as a :class:`WaveSpec` (``line`` = its row in the file)."""
    file, wave = _cell(row, "file"), _cell(row, "wave")
    if not file or not wave:
        raise InputError("each wave needs a file and a wave id", path=manifest, row=line)
    path = raw_dir / file
    if not path.exists():
        raise InputError(
            f"the export '{file}' does not exist", path=manifest, row=line, column="file"
        )
    bank = _cell(row, "question_bank")
    log = _cell(row, "cleaning_log")
    return WaveSpec(
        file=path,
        wave=wave,
        period=_cell(row, "period") or wave,
        period_ka=_cell(row, "period_ka"),
        header_mode=_cell(row, "header_mode"),
        language=_cell(row, "language"),
        question_bank=raw_dir / bank if bank else None,
        sheet=_cell(row, "sheet"),
        separator=_cell(row, "separator") or "/",
        cleaning_log=raw_dir / log if log else None,
    )


def load_waves(ctx: RunContext) -> list[WaveSpec]:
    """Return the waves listed in ``waves.csv`` (or discovered in ``exports/``), oldest first.
    Raises :class:`InputError` for a missing file, a duplicated wave id, or no wave at all."""
    raw_dir = ctx.raw_dir
    manifest = raw_dir / WAVES.path
    frame = ctx.read_input(WAVES, as_text=True)
    specs: list[WaveSpec] = []
    if frame is not None:
        rows = readers.sheet_rows(frame)  # the line staff see (header and blank lines counted)
        frame.columns = [str(c).strip().lower() for c in frame.columns]
        for column in ("file", "wave"):
            if column not in frame.columns:
                raise InputError(f"waves.csv needs a '{column}' column", path=manifest, row=1)
        specs = [
            _wave_spec(raw_dir, manifest, row, line)
            for line, (_, row) in zip(rows, frame.iterrows(), strict=True)
        ]
    else:
        for path in ctx.input_paths(EXPORTS):
            if path.suffix.lower() in {".xlsx", ".csv"}:
                wave = re.sub(r"^wave[_-]?", "", path.stem)
                specs.append(WaveSpec(file=path, wave=wave, period=wave))
    if not specs:
        raise InputError(
            f"no survey exports found: add {WAVES.path} or files under exports/", path=raw_dir
        )
    waves = [s.wave for s in specs]
    if len(set(waves)) != len(waves):
        raise InputError(f"a wave id appears twice in {WAVES.path}: {waves}", path=manifest)
    return specs


def find_cleaning_logs(raw_dir: Path, spec: WaveSpec) -> list[Path]:
    """Return the wave's cleaning logs, applied in this order: the one named in waves.csv, else
    every ``cleaning_logs/`` csv/xlsx named ``wave_<wave>``, ``<wave>`` or ``<export stem>``,
    optionally followed by ``_<anything>`` (e.g. ``wave_2025-2_rejects.xlsx``: a filled-in
    rejects workbook), sorted by name."""
    if spec.cleaning_log is not None:
        if not spec.cleaning_log.exists():
            raise InputError(
                "the cleaning log named in waves.csv does not exist", path=spec.cleaning_log
            )
        return [spec.cleaning_log]
    folder = raw_dir / "cleaning_logs"
    if not folder.is_dir():
        return []
    stems = {f"wave_{spec.wave}", spec.wave, spec.file.stem}
    found = []
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in {".csv", ".xlsx"} or path.name.startswith(("~$", ".")):
            continue
        if any(path.stem == stem or path.stem.startswith(f"{stem}_") for stem in stems):
            found.append(path)
    return found


def load_form(ctx: RunContext, *, lint: bool = True) -> Form:
    """Return the survey form (XLSForm), recorded in the manifest; with ``lint`` its lint messages
    become run warnings. Raises :class:`InputError` when the form is missing."""
    path = ctx.raw_dir / FORM.path
    if not path.exists():
        raise InputError("the survey form (XLSForm) is missing", path=path)
    form = read_xlsform(path)
    ctx.record_input(path, len(form.questions))
    if not lint:
        return form
    for message in lint_xlsform(path):
        ctx.warn(f"survey form: {message}")
    if form.capacity_items().empty:
        ctx.warn("survey form: no capacity items tagged (capacity_item / capacity_role columns)")
    return form


def load_register(ctx: RunContext, path: Path | None = None) -> ValidationResult:
    """Return the member register validated with quarantine (unique ids, known member types and
    size classes); ``path`` defaults to the domain's ``register.csv``."""
    path = path or ctx.input_path(REGISTER)
    if path is None:
        raise InputError("the member register is missing", path=ctx.raw_dir / REGISTER.path)
    register = read_register(path)
    ctx.record_input(path, len(register))
    return ctx.validate(
        register,
        schemas.register_schema(),
        table="survey_register",
        source=path,
        id_column="member_id",
        dataframe_check_columns={
            "duplicate_member": "member_id",
            "left_before_joined": "member_id",
        },
        messages=schemas.MESSAGES,
    )


def register_ids(ctx: RunContext) -> list[str] | None:
    """Member ids of ``register.csv`` (unvalidated, for checking one file), or None without it."""
    path = ctx.raw(REGISTER.path)
    if not path.exists():
        return None
    register = read_register(path)
    ctx.record_input(path, len(register))
    return register["member_id"].dropna().astype(str).tolist()


def _warn_about_sheet(ctx: RunContext, spec: WaveSpec, sheet: KoboSheet, where: str) -> None:
    """Run warnings for what the reader found in one sheet: columns not in the form, a header
    mode other than waves.csv declares, select_multiple conflicts."""
    unmatched = sheet.unmatched_columns
    if unmatched:
        ctx.warn(
            f"survey wave {spec.wave}{where}: {len(unmatched)} column(s) not in the form "
            f"kept as they are: {readers.short_list(unmatched)}"
        )
    if spec.header_mode and spec.header_mode.lower().startswith(("label", "xml")):
        declared = "label" if spec.header_mode.lower().startswith("label") else "xml"
        if declared != sheet.header_mode:
            ctx.warn(
                f"survey wave {spec.wave}{where}: waves.csv says {declared} headers, the file "
                f"has {sheet.header_mode} headers"
            )
    for conflict in sheet.select_multiple_conflicts[:5]:
        ctx.warn(
            f"survey wave {spec.wave}{where}, row {conflict['row']}: {conflict['question']} says "
            f"'{conflict['parent']}' but its column for '{conflict['choice']}' says "
            f"{conflict['child']}; the answer column was kept"
        )


def _read_export(ctx: RunContext, spec: WaveSpec, form: Form) -> KoboTables:
    """The wave's export in the form's XML names (question bank applied): the main table and one
    table per repeat group, with run warnings for columns not in the form, a header mode other
    than declared, and select_multiple conflicts."""
    renames = QuestionBank.read(spec.question_bank).mapping(spec.wave) if spec.question_bank else {}
    if spec.question_bank:
        ctx.record_input(spec.question_bank, None)
    tables = read_kobo_tables(
        spec.file, form, wave=spec.wave, sheet=spec.sheet, separator=spec.separator, renames=renames
    )
    ctx.record_input(spec.file, tables.rows_in)
    if tables.info is not None:
        _warn_about_sheet(ctx, spec, tables.info, "")
    for repeat, sheet in tables.repeat_info.items():
        _warn_about_sheet(ctx, spec, sheet, f" (repeat {repeat})")
    return tables


def _apply_cleaning_logs(
    ctx: RunContext, spec: WaveSpec, form: Form, raw: pd.DataFrame
) -> tuple[pd.DataFrame, int, pd.DataFrame]:
    """Apply the wave's cleaning logs: (clean data, rows removed, log entries with outcome)."""
    log_paths = find_cleaning_logs(ctx.raw_dir, spec)
    if not log_paths:
        return raw, 0, pd.DataFrame()
    if UUID_COLUMN not in raw.columns:
        raise InputError(
            f"a cleaning log needs the export's '{UUID_COLUMN}' column", path=spec.file
        )
    parts = []
    for log_path in log_paths:
        full_log = read_cleaning_log(log_path)
        ctx.record_input(log_path, len(full_log))
        part = entries_for(full_log, table="survey_responses", source=spec.file)
        if part.set_aside:
            ctx.warn(
                f"survey wave {spec.wave}: {part.set_aside} row(s) of the rejects "
                f"workbook {log_path.name} concern other tables or files, or have no change "
                "type yet; they were not applied"
            )
        parts.append(part.entries)
    filled = [p for p in parts if len(p)]
    log = pd.concat(filled, ignore_index=True) if filled else parts[0]
    result = apply_cleaning_log(
        raw, log, uuid_column=UUID_COLUMN, resolve_question=header_resolver(form)
    )
    ctx.add_rejects(reported_as_rejects(result, source=log_paths[0].name))
    applied = result.applied.assign(outcome="applied")
    reported = result.reported.assign(outcome="reported")
    cleaning = pd.concat([applied, reported], ignore_index=True).assign(wave=spec.wave)
    summary = result.summary()
    ctx.progress(
        f"survey: wave {spec.wave} cleaning log: {summary['applied']} applied, "
        f"{summary['reported']} reported"
    )
    return result.clean, len(result.removed_uuids), cleaning


def _uuids(frame: pd.DataFrame) -> set[str]:
    if UUID_COLUMN not in frame.columns:
        return set()
    return set(frame[UUID_COLUMN].dropna().astype(str))


def _validate_repeats(
    ctx: RunContext, tables: KoboTables, form: Form, valid_main: pd.DataFrame
) -> list[ValidationResult]:
    """Validate every repeat table against the wave's valid submissions: a repeat row whose
    submission was removed by the cleaning log or rejected is quarantined with it, and so is a
    nested repeat row whose parent repeat row was rejected. Returns one validation per repeat
    table (conservation asserted per repeat)."""
    kept = replace(tables, main=valid_main)
    set_aside = _uuids(tables.main) - _uuids(valid_main)
    results = []
    for repeat in tables.repeats:  # sheet order: an enclosing repeat before the one it holds
        result = validate_repeat(kept, form, repeat, set_aside=set_aside)
        # A nested repeat's rows need a valid parent row, not just any parent row.
        kept = replace(kept, repeats={**kept.repeats, repeat: result.valid})
        if result.rows_valid + result.rows_rejected != result.rows_in:
            raise AssertionError(
                f"{result.table}: {result.rows_in} rows in but {result.rows_valid} valid + "
                f"{result.rows_rejected} rejected"
            )
        ctx.add_validation(result)
        results.append(result)
    return results


def load_wave(ctx: RunContext, spec: WaveSpec, form: Form, member_ids: list[str]) -> WaveOutcome:
    """Read, clean and validate one wave (its main table and every repeat table); return its
    valid rows and counts (conservation asserted: rows in = removed by the log + valid +
    rejected; per repeat table rows in = valid + rejected)."""
    ctx.progress(f"survey: wave {spec.wave}")
    tables = _read_export(ctx, spec, form)
    raw = tables.main
    data, removed, cleaning = _apply_cleaning_logs(ctx, spec, form, raw)
    schema = schemas.response_checks(
        form.schema(columns=list(data.columns)),
        member_column=MEMBER_COLUMN,
        register_ids=member_ids,
    )
    # The spreadsheet row of each submission is in _row (kept through the log's removals).
    validation = ctx.validate(
        data.reset_index(drop=True),
        schema,
        table="survey_responses",
        source=spec.file,
        id_column=UUID_COLUMN if UUID_COLUMN in data.columns else MEMBER_COLUMN,
        dataframe_check_columns={"duplicate_submission": MEMBER_COLUMN},
        messages=schemas.MESSAGES,
    )
    if len(raw) != removed + validation.rows_valid + validation.rows_rejected:
        raise AssertionError(
            f"survey wave {spec.wave}: {len(raw)} rows in but {removed} removed + "
            f"{validation.rows_valid} valid + {validation.rows_rejected} rejected"
        )
    repeats = _validate_repeats(ctx, tables, form, validation.valid)
    return WaveOutcome(
        spec,
        validation.valid,
        len(raw),
        removed,
        validation.rows_rejected,
        cleaning,
        validation,
        repeats={name: r.valid for name, r in zip(tables.repeats, repeats, strict=True)},
        repeat_rows_in=sum(len(t) for t in tables.repeats.values()),
        repeat_validations=repeats,
    )


def _targets_schema(items: list[str], waves: list[str]) -> pa.DataFrameSchema:
    item_set, wave_set = set(items), set(waves)

    def share_in_range(frame: pd.DataFrame) -> pd.Series:
        value = pd.to_numeric(frame["target"], errors="coerce")
        return ~((frame["metric"] == "critical_gap_share") & ((value < 0) | (value > 1)))

    return pa.DataFrameSchema(
        {
            "item": pa.Column(
                str,
                nullable=False,
                checks=pa.Check(lambda s: s.isin(item_set), name="unknown_target_item"),
            ),
            "metric": pa.Column(
                str,
                nullable=False,
                checks=pa.Check(lambda s: s.isin(TARGET_METRICS), name="unknown_target_metric"),
            ),
            "baseline_wave": pa.Column(
                str,
                nullable=True,
                checks=pa.Check(lambda s: s.isin(wave_set), name="unknown_target_wave"),
            ),
            "target": pa.Column(float, nullable=False),
            "target_wave": pa.Column(str, nullable=True),
        },
        checks=[
            pa.Check(share_in_range, name="target_share_out_of_range"),
            pa.Check(
                lambda df: ~df.duplicated(["item", "metric"], keep=False), name="duplicate_target"
            ),
        ],
        strict=False,
        coerce=True,
    )


def load_targets(ctx: RunContext, form: Form, waves: list[str]) -> pd.DataFrame | None:
    """Return the declared gap targets of ``targets.csv`` (validated with quarantine), or None
    when the file is absent. Columns: ``item, metric`` (critical_gap_share or mwds),
    ``baseline_wave``, ``target``, ``target_wave``."""
    frame = ctx.read_input(TARGETS, as_text=True)
    if frame is None:
        return None
    path = ctx.raw(TARGETS.path)
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    for column in ("item", "metric", "target"):
        if column not in frame.columns:
            raise InputError(f"{TARGETS.path} needs a '{column}' column", path=path, row=1)
    for column in ("baseline_wave", "target_wave"):
        if column not in frame.columns:
            frame[column] = pd.NA
    for column in ("item", "metric", "baseline_wave", "target_wave"):
        frame[column] = frame[column].astype("string").str.strip()
    items = form.capacity_items()["item"].tolist()
    checked = ctx.validate(
        frame,
        _targets_schema(items, waves),
        table="survey_targets",
        source=path,
        id_column="item",
        dataframe_check_columns={"target_share_out_of_range": "target", "duplicate_target": "item"},
        messages=TARGET_MESSAGES,
    )
    valid = checked.valid.copy()
    valid.attrs = {}
    return valid


def wave_for_file(ctx: RunContext, path: Path) -> WaveSpec:
    """The waves.csv entry of an export (matched by file name), else a wave named after the file."""
    try:
        specs = load_waves(ctx)
    except InputError:
        specs = []
    for spec in specs:
        if spec.file.resolve() == Path(path).resolve() or spec.file.name == Path(path).name:
            return replace(spec, file=Path(path))
    wave = re.sub(r"^wave[_-]?", "", Path(path).stem)
    return WaveSpec(file=Path(path), wave=wave, period=wave)


__all__ = [
    "CLEANING_LOGS",
    "EXPORTS",
    "FORM",
    "REGISTER",
    "TARGETS",
    "TARGET_MESSAGES",
    "TARGET_METRICS",
    "WAVES",
    "WaveOutcome",
    "WaveSpec",
    "find_cleaning_logs",
    "load_form",
    "load_register",
    "load_targets",
    "load_wave",
    "load_waves",
    "register_ids",
    "wave_for_file",
]
