"""Survey domain pipeline: form, member register, waves of Kobo exports -> processed tables.

Raw layout (``ctx.raw_dir`` = data/raw/survey; read only)::

    form.xlsx                      XLSForm (bilingual; capacity tags, see forms.py)
    register.csv                   member register (names/contacts stay here)
    waves.csv                      manifest: file, wave, period[, header_mode, language,
                                   question_bank, sheet, separator, cleaning_log]
    exports/*.xlsx|csv             one Kobo / ODK Central export per wave
    question_bank.csv              renamed questions (wave, question, stable_name)
    cleaning_logs/wave_<wave>.csv  cleaning log per wave (or .xlsx; optional)

Without ``waves.csv`` every file in ``exports/`` is one wave named after the file
(``wave_2025-2.xlsx`` -> wave ``2025-2``).

Per wave: read the export in XML names -> apply the cleaning log (entries not applied go to the
rejects workbook) -> validate against the form with the register (types, choices, ranges,
required, duplicate submission of a member, member not on the register) -> quarantine. Every
input row ends valid, removed by the log, or rejected (asserted per wave).

Processed tables: ``survey_register`` (id, member_type, size_class, region only),
``survey_responses`` (wide, all waves), ``survey_capacity_long`` (scorer input, with class and
non-response weight), ``survey_capacity_items``, ``survey_response_rates``,
``survey_cleaning_log`` (every log entry with its outcome).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from types import ModuleType

import pandas as pd

from cluster_analysis.context import RunContext
from cluster_analysis.errors import InputError
from cluster_analysis.outputs import DomainResult, FigureOutput, Meta, TableOutput, Text, text
from cluster_analysis.survey import schemas
from cluster_analysis.survey.cleaning import (
    apply_cleaning_log,
    entries_for,
    read_cleaning_log,
    reported_as_rejects,
)
from cluster_analysis.survey.exports import (
    QuestionBank,
    header_resolver,
    read_kobo_export,
    to_long_capacity,
)
from cluster_analysis.survey.forms import Form, lint_xlsform, read_xlsform
from cluster_analysis.survey.register import public_register, read_register
from cluster_analysis.validation import validate

DOMAIN = "survey"
MEMBER_COLUMN = "member_id"
UUID_COLUMN = "_uuid"
FORM_FILE = "form.xlsx"
REGISTER_FILE = "register.csv"
WAVES_FILE = "waves.csv"

SOURCE: Text = text(
    "Georgian Packaging Cluster member survey (KoboToolbox)",
    "საქართველოს შეფუთვის კლასტერის წევრთა გამოკითხვა (KoboToolbox)",
)


@dataclass(frozen=True)
class WaveSpec:
    """One row of waves.csv."""

    file: Path
    wave: str
    period: str
    header_mode: str | None = None
    language: str | None = None
    question_bank: Path | None = None
    sheet: str | None = None
    separator: str = "/"
    cleaning_log: Path | None = None


def _cell(row: pd.Series, column: str) -> str | None:
    value = row.get(column)
    if value is None or pd.isna(value) or not str(value).strip():
        return None
    return str(value).strip()


def read_wave_manifest(raw_dir: Path) -> list[WaveSpec]:
    """Return the waves listed in ``waves.csv`` (or discovered in ``exports/``), oldest first.
    Raises :class:`InputError` for a missing file, a duplicated wave id, or no wave at all."""
    manifest = raw_dir / WAVES_FILE
    specs: list[WaveSpec] = []
    if manifest.exists():
        from cluster_analysis.readers import read_table

        frame = read_table(manifest, as_text=True)
        frame.columns = [str(c).strip().lower() for c in frame.columns]
        for column in ("file", "wave"):
            if column not in frame.columns:
                raise InputError(f"waves.csv needs a '{column}' column", path=manifest, row=1)
        offset = int(frame.attrs.get("row_offset", 2))
        for i, row in frame.iterrows():
            file, wave = _cell(row, "file"), _cell(row, "wave")
            if not file or not wave:
                raise InputError(
                    "each wave needs a file and a wave id", path=manifest, row=int(i) + offset
                )
            path = raw_dir / file
            if not path.exists():
                raise InputError(
                    f"the export '{file}' does not exist",
                    path=manifest,
                    row=int(i) + offset,
                    column="file",
                )
            bank = _cell(row, "question_bank")
            log = _cell(row, "cleaning_log")
            specs.append(
                WaveSpec(
                    file=path,
                    wave=wave,
                    period=_cell(row, "period") or wave,
                    header_mode=_cell(row, "header_mode"),
                    language=_cell(row, "language"),
                    question_bank=raw_dir / bank if bank else None,
                    sheet=_cell(row, "sheet"),
                    separator=_cell(row, "separator") or "/",
                    cleaning_log=raw_dir / log if log else None,
                )
            )
    else:
        for path in sorted((raw_dir / "exports").glob("*")):
            if path.suffix.lower() in {".xlsx", ".csv"}:
                wave = re.sub(r"^wave[_-]?", "", path.stem)
                specs.append(WaveSpec(file=path, wave=wave, period=wave))
    if not specs:
        raise InputError(
            f"no survey exports found: add {WAVES_FILE} or files under exports/", path=raw_dir
        )
    waves = [s.wave for s in specs]
    if len(set(waves)) != len(waves):
        raise InputError(f"a wave id appears twice in {WAVES_FILE}: {waves}", path=manifest)
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


def _parquet_ready(frame: pd.DataFrame) -> pd.DataFrame:
    """Object columns (mixed numbers and text) as nullable strings, so parquet can hold them."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object:
            out[column] = (
                out[column]
                .map(
                    lambda v: (
                        None
                        if v is None or v is pd.NA or (isinstance(v, float) and v != v)
                        else str(v)
                    )
                )
                .astype("string")
            )
    out.attrs = {}
    return out


@dataclass
class WaveOutcome:
    """What one wave's ingest gave."""

    spec: WaveSpec
    valid: pd.DataFrame
    rows_in: int
    removed: int
    rejected: int
    cleaning: pd.DataFrame


def ingest_wave(
    ctx: RunContext, spec: WaveSpec, form: Form, register_ids: list[str]
) -> WaveOutcome:
    """Read, clean and validate one wave; return its valid rows and counts (conservation
    asserted: rows in = removed by the log + valid + rejected)."""
    ctx.progress(f"survey: wave {spec.wave}")
    renames = QuestionBank.read(spec.question_bank).mapping(spec.wave) if spec.question_bank else {}
    if spec.question_bank:
        ctx.record_input(spec.question_bank, None)
    raw = read_kobo_export(
        spec.file, form, wave=spec.wave, sheet=spec.sheet, separator=spec.separator, renames=renames
    )
    ctx.record_input(spec.file, len(raw))
    if raw.attrs["unmatched_columns"]:
        ctx.warn(
            f"survey wave {spec.wave}: {len(raw.attrs['unmatched_columns'])} column(s) not in the form "
            f"kept as they are: {', '.join(raw.attrs['unmatched_columns'][:5])}"
        )
    if spec.header_mode and spec.header_mode.lower().startswith(("label", "xml")):
        declared = "label" if spec.header_mode.lower().startswith("label") else "xml"
        if declared != raw.attrs["header_mode"]:
            ctx.warn(
                f"survey wave {spec.wave}: waves.csv says {declared} headers, the file has {raw.attrs['header_mode']} headers"
            )
    for conflict in raw.attrs["select_multiple_conflicts"][:5]:
        ctx.warn(
            f"survey wave {spec.wave}, row {conflict['row']}: {conflict['question']} says "
            f"'{conflict['parent']}' but its column for '{conflict['choice']}' says {conflict['child']}; "
            "the answer column was kept"
        )

    cleaning_table = pd.DataFrame()
    removed = 0
    data = raw
    log_paths = find_cleaning_logs(ctx.raw_dir, spec)
    if log_paths:
        if UUID_COLUMN not in raw.columns:
            raise InputError(
                f"a cleaning log needs the export's '{UUID_COLUMN}' column", path=spec.file
            )
        parts = []
        for log_path in log_paths:
            full_log = read_cleaning_log(log_path)
            ctx.record_input(log_path, len(full_log))
            part = entries_for(full_log, table="survey_responses", source=spec.file)
            if part.attrs.get("set_aside"):
                ctx.warn(
                    f"survey wave {spec.wave}: {part.attrs['set_aside']} row(s) of the rejects "
                    f"workbook {log_path.name} concern other tables or files, or have no change "
                    "type yet; they were not applied"
                )
            part.attrs = {}
            parts.append(part)
        filled = [p for p in parts if len(p)]
        log = pd.concat(filled, ignore_index=True) if filled else parts[0]
        result = apply_cleaning_log(
            raw, log, uuid_column=UUID_COLUMN, resolve_question=header_resolver(form)
        )
        ctx.add_rejects(reported_as_rejects(result, source=log_paths[0].name))
        data = result.clean
        removed = len(result.removed_uuids)
        applied = result.applied.assign(outcome="applied")
        reported = result.reported.assign(outcome="reported")
        cleaning_table = pd.concat([applied, reported], ignore_index=True).assign(wave=spec.wave)
        summary = result.summary()
        ctx.progress(
            f"survey: wave {spec.wave} cleaning log: {summary['applied']} applied, {summary['reported']} reported"
        )

    schema = schemas.response_checks(
        form.schema(columns=list(data.columns)),
        member_column=MEMBER_COLUMN,
        register_ids=register_ids,
    )
    data = data.reset_index(drop=True)
    validation = ctx.validate(
        data,
        schema,
        table="survey_responses",
        source=spec.file,
        id_column=UUID_COLUMN if UUID_COLUMN in data.columns else MEMBER_COLUMN,
        dataframe_check_columns={"duplicate_submission": MEMBER_COLUMN},
    )
    # validate() numbers rows by position; after removals the spreadsheet row is in _row.
    offset = int(data.attrs.get("row_offset", 2))
    if len(validation.rejects) and "_row" in data.columns:
        positions = validation.rejects["row"].astype(int) - offset
        validation.rejects["row"] = data["_row"].to_numpy()[positions.to_numpy()]
    if len(raw) != removed + validation.rows_valid + validation.rows_rejected:
        raise AssertionError(
            f"survey wave {spec.wave}: {len(raw)} rows in but {removed} removed + "
            f"{validation.rows_valid} valid + {validation.rows_rejected} rejected"
        )
    return WaveOutcome(
        spec, validation.valid, len(raw), removed, validation.rows_rejected, cleaning_table
    )


def run(ctx: RunContext) -> DomainResult:
    """Run the survey domain and return its :class:`DomainResult` (see module doc)."""
    raw_dir = ctx.raw_dir
    form_path = raw_dir / FORM_FILE
    if not form_path.exists():
        raise InputError("the survey form (XLSForm) is missing", path=form_path)
    ctx.progress("survey: form")
    form = read_xlsform(form_path)
    ctx.record_input(form_path, len(form.questions))
    for message in lint_xlsform(form_path):
        ctx.warn(f"survey form: {message}")
    items = form.capacity_items()
    if items.empty:
        ctx.warn("survey form: no capacity items tagged (capacity_item / capacity_role columns)")

    ctx.progress("survey: register")
    register_path = raw_dir / REGISTER_FILE
    register_raw = read_register(register_path)
    ctx.record_input(register_path, len(register_raw))
    register_check = ctx.validate(
        register_raw,
        schemas.register_schema(),
        table="survey_register",
        source=register_path,
        id_column="member_id",
        dataframe_check_columns={"duplicate_member": "member_id"},
    )
    register = public_register(register_check.valid)
    ctx.write_table("survey_register", register)
    register_ids = register["member_id"].astype(str).tolist()

    outcomes = [ingest_wave(ctx, spec, form, register_ids) for spec in read_wave_manifest(raw_dir)]
    frames = []
    for outcome in outcomes:
        frame = outcome.valid.copy()
        frame.attrs = {}
        frames.append(frame)
    responses = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    ctx.write_table("survey_responses", _parquet_ready(responses))
    cleaning = [o.cleaning for o in outcomes if len(o.cleaning)]
    if cleaning:
        ctx.write_table(
            "survey_cleaning_log", _parquet_ready(pd.concat(cleaning, ignore_index=True))
        )

    long = to_long_capacity(responses, form, id_column=MEMBER_COLUMN)
    long = long.merge(register, left_on="respondent_id", right_on="member_id", how="left").drop(
        columns="member_id"
    )
    rates, long = _response_rates(ctx, register, long, outcomes)
    scale_max = int(items["scale_max"].max()) if len(items) else 5
    # Safety net for the scorer's input: answers on the scale, one per member, wave and item.
    # A derived layer, so it is not counted as input rows; anything it refuses is still reported.
    long_check = validate(
        long,
        schemas.capacity_long_schema(scale_max),
        table="survey_capacity_long",
        source="survey_responses",
        id_column="submission_uuid",
        dataframe_check_columns={"duplicate_capacity_answer": "respondent_id"},
    )
    ctx.add_rejects(long_check.rejects)
    long = long_check.valid
    ctx.write_table("survey_capacity_long", _parquet_ready(long))
    ctx.write_table("survey_capacity_items", _parquet_ready(items))
    if rates is not None:
        ctx.write_table("survey_response_rates", _parquet_ready(rates))

    result = build_outputs(ctx, long, register, form, rates=rates, outcomes=outcomes)
    return result


def _response_rates(
    ctx: RunContext, register: pd.DataFrame, long: pd.DataFrame, outcomes: list[WaveOutcome]
) -> tuple[pd.DataFrame | None, pd.DataFrame]:
    """Response rate per class and non-response weights per wave (methods.md section 2), via
    :func:`cluster_analysis.survey.scoring.response_rates`; weights are joined into ``long``."""
    try:
        from cluster_analysis.survey.scoring import response_rates
    except ImportError:  # scoring not there yet: the long layer goes out unweighted
        return None, long.assign(weight=1.0)
    tables, weights = [], []
    for outcome in outcomes:
        ids = outcome.valid[MEMBER_COLUMN].astype(str).tolist() if len(outcome.valid) else []
        if not ids:
            continue
        rates = response_rates(
            register, ids, class_cols=["member_type", "size_class"], min_class_n=3
        )
        tables.append(rates.classes.assign(wave=outcome.spec.wave, period=outcome.spec.period))
        weights.append(
            rates.respondent_weights.rename(
                columns={"member_id": "respondent_id", "class": "weight_class"}
            ).assign(wave=outcome.spec.wave)
        )
        ctx.progress(
            f"survey: wave {outcome.spec.wave}: {rates.n_respondents} of {rates.n_members} members answered"
        )
    if not tables:
        return None, long.assign(weight=1.0)
    weight_frame = pd.concat(weights, ignore_index=True)
    long = long.merge(weight_frame, on=["respondent_id", "wave"], how="left")
    return pd.concat(tables, ignore_index=True), long


#: Bilingual names of the register's member types (chart groups).
MEMBER_TYPE_LABELS: dict[str, Text] = {
    "packaging_maker": text("Packaging makers", "შეფუთვის მწარმოებლები"),
    "packaging_user": text("Packaging users", "შეფუთვის მომხმარებლები"),
    "service_provider": text("Service providers", "მომსახურების მიმწოდებლები"),
    "other": text("Other members", "სხვა წევრები"),
}


def _optional(module: str) -> ModuleType | None:
    """Import a sibling module written by another contributor, or None while it does not exist."""
    try:
        return import_module(f"cluster_analysis.survey.{module}")
    except ImportError:
        return None


# --------------------------------------------------------------------------------------------------
# Hook: scoring, charts and findings (helper-1's modules), used when importable.
# --------------------------------------------------------------------------------------------------


def build_outputs(
    ctx: RunContext,
    long: pd.DataFrame,
    register: pd.DataFrame,
    form: Form,
    *,
    rates: pd.DataFrame | None = None,
    outcomes: list[WaveOutcome] | None = None,
) -> DomainResult:
    """HOOK: turn the long capacity layer into published tables, figures and findings.

    Uses :func:`cluster_analysis.survey.scoring.needs_assessment` (by item, and by member type) per
    wave, the builders of :mod:`cluster_analysis.survey.charts` and the sentences of
    :mod:`cluster_analysis.survey.findings` when those modules import; otherwise returns a result
    with method notes only. The lead may extend this (IPA, bootstrap, wave change, targets).
    """
    result = DomainResult(domain=DOMAIN, sources=[SOURCE])
    items = form.capacity_items()
    item_labels = {r["item"]: text(r["label_en"], r["label_ka"]) for _, r in items.iterrows()}
    scale_max = int(items["scale_max"].max()) if len(items) else 5
    result.method_notes.append(
        text(
            "Answers are read from the Kobo exports in the form's question names; corrections come only "
            'from cleaning logs (entries not applied are listed in the rejects workbook). "Don\'t know" '
            "answers are outside every denominator.",
            "პასუხები იკითხება Kobo-ს ექსპორტიდან ფორმის კითხვების სახელებით; შესწორებები შეაქვთ მხოლოდ "
            "გაწმენდის ჟურნალებით (გამოუყენებელი ჩანაწერები მოცემულია უარყოფილი ჩანაწერების ფაილში). "
            "პასუხი „არ ვიცი“ არცერთ მნიშვნელში არ ითვლება.",
        )
    )
    if rates is not None:
        result.tables.append(
            TableOutput(
                name="survey_response_rates",
                frame=rates,
                meta=Meta(
                    title=text(
                        "Response rate by member class",
                        "პასუხის მაჩვენებელი წევრების კლასების მიხედვით",
                    ),
                    unit=text("members", "წევრები"),
                    period=", ".join(sorted(rates["period"].astype(str).unique())),
                    source=SOURCE,
                    n=len(register),
                    synthetic=ctx.synthetic,
                ),
                audience="office",
            )
        )
    scoring = _optional("scoring")
    if scoring is None:
        return result
    if long.empty:
        return result
    weights = "weight" if "weight" in long.columns and long["weight"].notna().all() else None
    min_cell = ctx.settings.min_cell
    waves = [o.spec for o in (outcomes or [])] or [
        WaveSpec(file=Path(""), wave=w, period=w) for w in sorted(long["wave"].dropna().unique())
    ]
    scores_by_wave: dict[str, pd.DataFrame] = {}
    charts = _optional("charts")
    findings = _optional("findings")
    for spec in waves:
        part = long[long["wave"] == spec.wave]
        if part.empty:
            continue
        n = int(part["respondent_id"].nunique())
        meta = Meta(
            title=text(
                "Capacity needs by item (Borich MWDS)",
                "შესაძლებლობების საჭიროებები საკითხების მიხედვით (ბორიჩის MWDS)",
            ),
            unit=text("score", "ქულა"),
            period=spec.period,
            source=SOURCE,
            n=n,
            synthetic=ctx.synthetic,
        )
        scores = scoring.needs_assessment(
            part, scale_max=scale_max, weights=weights, min_cell=min_cell
        )
        scores_by_wave[spec.wave] = scores
        result.tables.append(
            TableOutput(name=f"needs_assessment_{spec.wave}", frame=scores, meta=meta)
        )
        by_type = scoring.needs_assessment(
            part, by="member_type", scale_max=scale_max, weights=weights, min_cell=min_cell
        )
        result.tables.append(
            TableOutput(
                name=f"needs_assessment_by_member_type_{spec.wave}",
                frame=by_type,
                meta=Meta(
                    title=text(
                        "Capacity needs by member type",
                        "შესაძლებლობების საჭიროებები წევრის ტიპის მიხედვით",
                    ),
                    unit=text("score", "ქულა"),
                    period=spec.period,
                    source=SOURCE,
                    n=n,
                    synthetic=ctx.synthetic,
                ),
            )
        )
        if charts is not None:
            result.figures.append(
                FigureOutput(
                    name=f"survey_mwds_{spec.wave}",
                    build=lambda lang, s=scores, c=charts: c.mwds_ranked_chart(
                        s, lang=lang, item_labels=item_labels
                    ),
                    meta=meta,
                )
            )
            ipa = scoring.importance_performance(scores, centre="data")
            result.figures.append(
                FigureOutput(
                    name=f"survey_ipa_{spec.wave}",
                    build=lambda lang, f=ipa, c=charts: c.ipa_quadrant_chart(
                        f, lang=lang, item_labels=item_labels
                    ),
                    meta=Meta(
                        title=text(
                            "Importance and capability by item",
                            "მნიშვნელობა და შესაძლებლობა საკითხების მიხედვით",
                        ),
                        unit=text("mean answer, 1–5", "საშუალო პასუხი, 1–5"),
                        period=spec.period,
                        source=SOURCE,
                        n=n,
                        synthetic=ctx.synthetic,
                    ),
                )
            )
            result.figures.append(
                FigureOutput(
                    name=f"survey_gap_by_member_type_{spec.wave}",
                    build=lambda lang, f=by_type, c=charts: c.gap_heatmap_chart(
                        f,
                        lang=lang,
                        item_labels=item_labels,
                        group_col="member_type",
                        value="mwds",
                        group_labels=MEMBER_TYPE_LABELS,
                    ),
                    meta=Meta(
                        title=text(
                            "Capacity gaps by member type (Borich MWDS)",
                            "შესაძლებლობების ხარვეზები წევრის ტიპის მიხედვით (ბორიჩის MWDS)",
                        ),
                        unit=text("score", "ქულა"),
                        period=spec.period,
                        source=SOURCE,
                        n=n,
                        synthetic=ctx.synthetic,
                    ),
                )
            )
        if findings is not None:
            result.findings.extend(
                findings.critical_gap_findings(
                    scores, wave=spec.period, source=SOURCE, item_labels=item_labels
                )
            )
    present = [w for w in waves if w.wave in scores_by_wave]
    if len(present) >= 2:
        before, after = present[-2], present[-1]
        change = scoring.wave_change(
            long[long["wave"] == before.wave],
            long[long["wave"] == after.wave],
            scale_max=scale_max,
            min_cell=min_cell,
            before_label=before.period,
            after_label=after.period,
        )
        both = len(
            set(long.loc[long["wave"] == before.wave, "respondent_id"])
            & set(long.loc[long["wave"] == after.wave, "respondent_id"])
        )
        change_meta = Meta(
            title=text(
                "Change in capacity gaps between waves",
                "შესაძლებლობების ხარვეზების ცვლილება ტალღებს შორის",
            ),
            unit=text("members with a critical gap, %", "კრიტიკული ხარვეზის მქონე წევრები, %"),
            period=f"{before.period} – {after.period}",
            source=SOURCE,
            n=both,
            synthetic=ctx.synthetic,
        )
        result.tables.append(TableOutput(name="survey_wave_change", frame=change, meta=change_meta))
        if charts is not None:
            result.figures.append(
                FigureOutput(
                    name="survey_wave_change",
                    build=lambda lang, f=change, c=charts: c.wave_dumbbell_chart(
                        f,
                        lang=lang,
                        item_labels=item_labels,
                        wave_labels=(before.period, after.period),
                    ),
                    meta=change_meta,
                )
            )
        if findings is not None:
            result.findings.extend(
                findings.wave_change_findings(change, source=SOURCE, item_labels=item_labels)
            )
    return result


__all__ = [
    "WaveSpec",
    "build_outputs",
    "find_cleaning_logs",
    "ingest_wave",
    "read_wave_manifest",
    "run",
]
