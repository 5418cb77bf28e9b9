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
non-response weight), ``survey_capacity_items``, ``response_rates`` (per class and wave),
``survey_cleaning_log`` (every log entry with its outcome), and the scoring tables of
:func:`build_outputs` (needs_assessment, needs_by_member_type, gap_by_dimension_member_type,
box_scores, multi_select_shares, mwds_bootstrap, wave_change, gap_status).

Optional ``targets.csv`` declares gap targets: ``item, metric`` (critical_gap_share or mwds),
``baseline_wave, target, target_wave``; it drives the gap status table.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import numpy as np
import pandas as pd
import pandera.pandas as pa

from cluster_analysis.context import RunContext
from cluster_analysis.disclosure import (
    SuppressionResult,
    SuppressionRules,
    combine_logs,
    suppress_table,
)
from cluster_analysis.errors import InputError
from cluster_analysis.outputs import (
    Audience,
    DomainResult,
    FigureOutput,
    Meta,
    TableOutput,
    Text,
    pick,
    text,
)
from cluster_analysis.stats import wilson_bounds
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
from cluster_analysis.validation import ValidationResult, register_messages, validate

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
    validation: ValidationResult | None = None


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
        spec,
        validation.valid,
        len(raw),
        removed,
        validation.rows_rejected,
        cleaning_table,
        validation,
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
        ctx.write_table("response_rates", _parquet_ready(rates))

    targets = read_targets(ctx, form, [o.spec.wave for o in outcomes])
    return build_outputs(
        ctx,
        long,
        register,
        form,
        rates=rates,
        outcomes=outcomes,
        responses=responses,
        targets=targets,
    )


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


#: Bilingual names of the register's member types (chart groups); "All" is every respondent.
MEMBER_TYPE_LABELS: dict[str, Text] = {
    "packaging_maker": text("Packaging makers", "შეფუთვის მწარმოებლები"),
    "packaging_user": text("Packaging users", "შეფუთვის მომხმარებლები"),
    "service_provider": text("Service providers", "მომსახურების მიმწოდებლები"),
    "other": text("Other members", "სხვა წევრები"),
    "All": text("All members", "ყველა წევრი"),
}
ALL = "All"

#: Declared gap targets (optional): item, metric, baseline_wave, target, target_wave.
TARGETS_FILE = "targets.csv"
TARGET_METRICS = ("critical_gap_share", "mwds")
#: Bootstrap resamples of respondents for MWDS intervals (methods.md section 1: B >= 1000).
N_BOOT = 2000

register_messages(
    {
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
            "ka": "კრიტიკული ხარვეზის წილის მიზნობრივი მნიშვნელობა 0-სა და 1-ს შორის უნდა იყოს; მოცემულია {value}",
        },
        "duplicate_target": {
            "en": "item {value} has two targets for the same metric",
            "ka": "საკითხს {value} ერთსა და იმავე მაჩვენებელზე ორი მიზნობრივი მნიშვნელობა აქვს",
        },
    }
)

#: Bilingual column headers of the published survey tables.
COLUMN_LABELS: dict[str, Text] = {
    "wave": text("Wave", "ტალღა"),
    "period": text("Period", "პერიოდი"),
    "item": text("Item (code)", "საკითხი (კოდი)"),
    "item_en": text("Item", "საკითხი (ინგლისურად)"),
    "item_ka": text("Item (Georgian)", "საკითხი"),
    "dimension": text("Dimension (code)", "განზომილება (კოდი)"),
    "dimension_en": text("Dimension", "განზომილება (ინგლისურად)"),
    "dimension_ka": text("Dimension (Georgian)", "განზომილება"),
    "member_type": text("Member type", "წევრის ტიპი"),
    "n": text("Respondents (n)", "რესპონდენტები (n)"),
    "importance_mean": text("Importance, mean", "მნიშვნელობა, საშუალო"),
    "capability_mean": text("Capability, mean", "შესაძლებლობა, საშუალო"),
    "gap_mean": text(
        "Gap (importance − capability), mean", "ხარვეზი (მნიშვნელობა − შესაძლებლობა), საშუალო"
    ),
    "mwds": text("Borich MWDS", "ბორიჩის MWDS"),
    "rank": text("Rank", "რანგი"),
    "critical_gap_share": text("Critical gap, share", "კრიტიკული ხარვეზი, წილი"),
    "critical_gap_low": text("Critical gap, 95% CI low", "კრიტიკული ხარვეზი, 95% CI ქვედა"),
    "critical_gap_high": text("Critical gap, 95% CI high", "კრიტიკული ხარვეზი, 95% CI ზედა"),
    "suppressed": text("Suppressed", "დაფარულია"),
    "centre": text("Cross-hairs", "გამყოფი ხაზები"),
    "capability_centre": text("Capability cross-hair", "შესაძლებლობის გამყოფი ხაზი"),
    "importance_centre": text("Importance cross-hair", "მნიშვნელობის გამყოფი ხაზი"),
    "quadrant": text("Quadrant (code)", "კვადრანტი (კოდი)"),
    "quadrant_en": text("Quadrant", "კვადრანტი (ინგლისურად)"),
    "quadrant_ka": text("Quadrant (Georgian)", "კვადრანტი"),
    "mwds_low": text("MWDS, 95% bootstrap low", "MWDS, 95% ბუტსტრეპ ქვედა"),
    "mwds_high": text("MWDS, 95% bootstrap high", "MWDS, 95% ბუტსტრეპ ზედა"),
    "prob_top_k": text("Probability in top 3", "პირველ სამეულში მოხვედრის ალბათობა"),
    "role": text("Question", "კითხვა"),
    "question": text("Item (code)", "საკითხი (კოდი)"),
    "n_dont_know": text("Don't know (n)", "არ ვიცი (n)"),
    "n_not_applicable": text("Not applicable (n)", "არ ეხება (n)"),
    "top2_share": text("Top-2-box share", "ზედა ორი კატეგორიის წილი"),
    "top2_low": text("Top-2-box, 95% CI low", "ზედა ორი, 95% CI ქვედა"),
    "top2_high": text("Top-2-box, 95% CI high", "ზედა ორი, 95% CI ზედა"),
    "bottom2_share": text("Bottom-2-box share", "ქვედა ორი კატეგორიის წილი"),
    "bottom2_low": text("Bottom-2-box, 95% CI low", "ქვედა ორი, 95% CI ქვედა"),
    "bottom2_high": text("Bottom-2-box, 95% CI high", "ქვედა ორი, 95% CI ზედა"),
    "net": text("Net (top-2 − bottom-2)", "ნეტო (ზედა ორი − ქვედა ორი)"),
    "choice": text("Option (code)", "ვარიანტი (კოდი)"),
    "choice_en": text("Option", "ვარიანტი (ინგლისურად)"),
    "choice_ka": text("Option (Georgian)", "ვარიანტი"),
    "n_selected": text("Chose it (n)", "აირჩია (n)"),
    "share": text("Share of respondents", "რესპონდენტების წილი"),
    "share_low": text("Share, 95% CI low", "წილი, 95% CI ქვედა"),
    "share_high": text("Share, 95% CI high", "წილი, 95% CI ზედა"),
    "wave_before": text("First wave", "პირველი ტალღა"),
    "wave_after": text("Second wave", "მეორე ტალღა"),
    "n_pairs": text("Members in both waves (n)", "ორივე ტალღის წევრები (n)"),
    "gap_mean_before": text("Gap, first wave", "ხარვეზი, პირველი ტალღა"),
    "gap_mean_after": text("Gap, second wave", "ხარვეზი, მეორე ტალღა"),
    "gap_change_mean": text("Gap change, mean", "ხარვეზის ცვლილება, საშუალო"),
    "wilcoxon_p": text("Wilcoxon p", "ვილკოქსონის p"),
    "mwds_before": text("MWDS, first wave", "MWDS, პირველი ტალღა"),
    "mwds_after": text("MWDS, second wave", "MWDS, მეორე ტალღა"),
    "critical_gap_share_before": text(
        "Critical gap, first wave", "კრიტიკული ხარვეზი, პირველი ტალღა"
    ),
    "critical_gap_share_after": text("Critical gap, second wave", "კრიტიკული ხარვეზი, მეორე ტალღა"),
    "mcnemar_p": text("McNemar p", "მაკნემარის p"),
    "mcnemar_exact": text("McNemar exact", "მაკნემარის ზუსტი ტესტი"),
    "metric": text("Metric", "მაჩვენებელი"),
    "target": text("Target", "მიზნობრივი მნიშვნელობა"),
    "baseline": text("Baseline", "საბაზისო მნიშვნელობა"),
    "current": text("Current", "მიმდინარე მნიშვნელობა"),
    "baseline_wave": text("Baseline wave", "საბაზისო ტალღა"),
    "current_wave": text("Current wave", "მიმდინარე ტალღა"),
    "target_wave": text("Target wave", "მიზნობრივი ტალღა"),
    "status": text("Status (code)", "სტატუსი (კოდი)"),
    "status_en": text("Status", "სტატუსი (ინგლისურად)"),
    "status_ka": text("Status (Georgian)", "სტატუსი"),
    "class": text("Class (member type × size)", "კლასი (წევრის ტიპი × ზომა)"),
    "N_h": text("Members (N)", "წევრები (N)"),
    "n_h": text("Respondents (n)", "რესპონდენტები (n)"),
    "response_rate": text("Response rate", "პასუხის მაჩვენებელი"),
    "weight": text("Weight (N/n)", "წონა (N/n)"),
    "collapsed_into": text("Collapsed into", "გაერთიანდა კლასში"),
}


def _columns(frame: pd.DataFrame) -> dict[str, Text]:
    return {c: COLUMN_LABELS[c] for c in frame.columns if c in COLUMN_LABELS}


def _meta(
    ctx: RunContext,
    title: Text,
    *,
    unit: Text | None,
    period: str,
    n: int | Text | None,
    note: Text | None = None,
) -> Meta:
    if isinstance(n, int):  # say what n counts: "n = 46 respondents", not a bare "n = 46"
        n = text(f"{n} respondents", f"{n} რესპონდენტი")
    return Meta(
        title=title,
        unit=unit,
        period=period,
        source=SOURCE,
        n=n,
        note=note,
        synthetic=ctx.synthetic,
    )


# --------------------------------------------------------------------------------------------------
# Declared gap targets
# --------------------------------------------------------------------------------------------------


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


def read_targets(ctx: RunContext, form: Form, waves: list[str]) -> pd.DataFrame | None:
    """Return the declared gap targets of ``targets.csv`` (validated with quarantine), or None
    when the file is absent. Columns: ``item, metric`` (critical_gap_share or mwds),
    ``baseline_wave``, ``target``, ``target_wave``."""
    path = ctx.raw(TARGETS_FILE)
    if not path.exists():
        return None
    frame = ctx.read(path, as_text=True)
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    for column in ("item", "metric", "target"):
        if column not in frame.columns:
            raise InputError(f"{TARGETS_FILE} needs a '{column}' column", path=path, row=1)
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
        dataframe_check_columns={
            "target_share_out_of_range": "target",
            "duplicate_target": "item",
        },
    )
    valid = checked.valid.copy()
    valid.attrs = {}
    return valid


# --------------------------------------------------------------------------------------------------
# Inputs of the scorers
# --------------------------------------------------------------------------------------------------


def _without_dont_know(long: pd.DataFrame, scale_max: int) -> pd.DataFrame:
    """Answers for needs_assessment / bootstrap_mwds / wave_change: "don't know" (flagged, or a
    code 9 left on a 1..m scale) becomes missing, since those scorers refuse values off the scale."""
    out = long.copy()
    for role in ("importance", "capability"):
        values = pd.to_numeric(out[role], errors="coerce").astype("Float64")
        off_scale = values.notna() & ((values < 1) | (values > scale_max))
        flag = out.get(f"{role}_dont_know")
        dont_know = (
            flag.astype("boolean").fillna(False).astype(bool)
            if flag is not None
            else pd.Series(False, index=out.index)
        )
        out[role] = values.mask(off_scale | dont_know).astype("Float64")
    return out


def _box_answers(long: pd.DataFrame, dont_know_code: int = 9) -> pd.DataFrame:
    """Long answers for :func:`box_scores`: one row per respondent, item and role (importance,
    capability), with "don't know" kept as its code so it is counted outside the base."""
    parts = []
    for role in ("importance", "capability"):
        answer = pd.to_numeric(long[role], errors="coerce").astype("Float64")
        flag = long.get(f"{role}_dont_know")
        if flag is not None:
            answer = answer.mask(flag.astype("boolean").fillna(False).astype(bool), dont_know_code)
        parts.append(
            pd.DataFrame(
                {
                    "respondent_id": long["respondent_id"].to_numpy(),
                    "role": role,
                    "question": long["item"].to_numpy(),
                    "answer": answer.to_numpy(),
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def _multi_select_answers(responses: pd.DataFrame, form: Form) -> pd.DataFrame:
    """Long 0/1 answers of every select_multiple question (``respondent_id, wave, question,
    choice, selected``; selected missing when the member skipped the question)."""
    parts = []
    for question, choices in form.select_multiple().items():
        for choice in choices:
            column = f"{question}/{choice}"
            if column not in responses.columns:
                continue
            parts.append(
                pd.DataFrame(
                    {
                        "respondent_id": responses[MEMBER_COLUMN].astype("string").to_numpy(),
                        "wave": responses["wave"].astype("string").to_numpy(),
                        "question": question,
                        "choice": choice,
                        "selected": pd.to_numeric(responses[column], errors="coerce")
                        .astype("Float64")
                        .to_numpy(),
                    }
                )
            )
    if not parts:
        return pd.DataFrame(columns=["respondent_id", "wave", "question", "choice", "selected"])
    return pd.concat(parts, ignore_index=True)


def _dimension_answers(long: pd.DataFrame) -> pd.DataFrame:
    """One row per respondent and dimension: mean importance and mean capability over the items
    of the dimension the respondent rated on both (the heatmap's rows; a declared choice)."""
    both = long[long["importance"].notna() & long["capability"].notna()]
    keys = ["respondent_id", "dimension"]
    extra = [c for c in ("member_type", "weight") if c in both.columns]
    means = (
        both.groupby(keys, dropna=False)[["importance", "capability"]]
        .mean()
        .astype(float)
        .reset_index()
    )
    firsts = both.groupby("respondent_id")[extra].first().reset_index()
    out = means.merge(firsts, on="respondent_id", how="left")
    return out.rename(columns={"dimension": "item"})


def _kish(long: pd.DataFrame, keys: list[str], weights: str | None) -> pd.DataFrame:
    both = long[long["importance"].notna() & long["capability"].notna()]
    w = both[weights].astype(float) if weights else pd.Series(1.0, index=both.index)
    frame = both[keys].assign(sw=w, sw2=w**2)
    sums = frame.groupby(keys, dropna=False)[["sw", "sw2"]].sum().reset_index()
    sums["n_eff"] = sums["sw"] ** 2 / sums["sw2"]
    return sums[[*keys, "n_eff"]]


def _with_fpc(
    scores: pd.DataFrame,
    long: pd.DataFrame,
    population: dict[str, int] | int,
    *,
    weights: str | None,
    by: str | None = None,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Recompute the critical-gap Wilson interval with the finite population correction
    (methods.md section 2: Var(p) ~ (1 - n/N) p(1-p)/(n-1)), i.e. a Wilson interval on
    n' = (n_eff - 1) / (1 - n/N); with n = N (every member of the population answered) there is
    no sampling error and the interval is left empty. ``population`` is N (or N per ``by`` group)."""
    out = scores.copy()
    keys = [*([by] if by else []), "item"]
    eff = out[keys].merge(_kish(long, keys, weights), on=keys, how="left")["n_eff"].to_numpy(float)
    if by:
        big_n = out[by].map(population).astype(float).to_numpy()
    else:
        big_n = np.full(len(out), float(population))  # type: ignore[arg-type]
    n = out["n"].to_numpy(float)
    share = out["critical_gap_share"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        fraction = n / big_n
        n_prime = np.where(fraction < 1, (eff - 1.0) / (1.0 - fraction), np.nan)
        n_prime = np.where(n_prime > 0, n_prime, np.nan)
    low, high = wilson_bounds(share * n_prime, n_prime, confidence)
    keep = ~out["suppressed"].astype(bool).to_numpy()
    out["critical_gap_low"] = pd.array(np.where(keep, low, np.nan), dtype="Float64")
    out["critical_gap_high"] = pd.array(np.where(keep, high, np.nan), dtype="Float64")
    for column in ("critical_gap_low", "critical_gap_high"):
        out[column] = out[column].mask(out[column].isna(), pd.NA)
    out.attrs = dict(scores.attrs)
    out.attrs["interval"] = "wilson_fpc"
    return out


def _published(
    frame: pd.DataFrame,
    spec: WaveSpec,
    *,
    labels: dict[str, Text] | None = None,
    key: str = "item",
) -> pd.DataFrame:
    """The scoring frame with ``wave`` and ``period`` first and bilingual labels after ``key``."""
    out = frame.copy()
    out.insert(0, "period", spec.period)
    out.insert(0, "wave", spec.wave)
    if labels is not None and key in out.columns:
        position = out.columns.get_loc(key) + 1
        out.insert(position, f"{key}_ka", out[key].map(lambda k: pick(labels.get(k), "ka")))
        out.insert(position, f"{key}_en", out[key].map(lambda k: pick(labels.get(k), "en")))
    out.attrs = {}
    return out


def _multi_select_figures(
    ctx: RunContext, result: DomainResult, shares: pd.DataFrame, specs: list[WaveSpec]
) -> None:
    """One bar chart per wave and select-multiple question: ``survey_<question>_<wave>``."""
    from cluster_analysis.survey import charts

    for spec in specs:
        wave_rows = shares[shares["wave"] == spec.wave]
        for question in wave_rows["question"].unique():
            part = wave_rows[wave_rows["question"] == question]
            result.figures.append(
                FigureOutput(
                    name=f"survey_{question}_{spec.wave}",
                    build=lambda lang, f=part: charts.multi_select_chart(f, lang=lang),
                    meta=_meta(
                        ctx,
                        text(
                            "Support members would use (several answers possible)",
                            "მხარდაჭერა, რომლითაც წევრები ისარგებლებდნენ (შესაძლებელია "
                            "რამდენიმე პასუხი)",
                        ),
                        unit=text(
                            "% of respondents who chose each option (several answers possible)",
                            "რესპონდენტების %, ვინც აირჩია ეს პასუხი (შესაძლებელია რამდენიმე "
                            "პასუხი)",
                        ),
                        period=spec.period,
                        n=int(part["n"].max()),
                    ),
                )
            )


def _stack(frames: list[pd.DataFrame]) -> pd.DataFrame:
    kept = [f for f in frames if len(f)]
    if not kept:
        return pd.DataFrame()
    out = pd.concat(kept, ignore_index=True)
    out.attrs = {}
    return out


# --------------------------------------------------------------------------------------------------
# Published tables, figures and findings
# --------------------------------------------------------------------------------------------------

_STAT_COLUMNS = [
    "importance_mean",
    "capability_mean",
    "gap_mean",
    "mwds",
    "rank",
    "critical_gap_share",
    "critical_gap_low",
    "critical_gap_high",
]


def build_outputs(
    ctx: RunContext,
    long: pd.DataFrame,
    register: pd.DataFrame,
    form: Form,
    *,
    rates: pd.DataFrame | None = None,
    outcomes: list[WaveOutcome] | None = None,
    responses: pd.DataFrame | None = None,
    targets: pd.DataFrame | None = None,
) -> DomainResult:
    """Turn the long capacity layer into published tables, figures and findings.

    Per wave (methods.md sections 1-3): Borich MWDS and critical-gap prevalence (Wilson interval
    with finite population correction; none for a census) with IPA quadrants (data-centred
    cross-hairs), bootstrap MWDS intervals and P(top 3), top-2/bottom-2/net box scores ("don't
    know" outside the base), multi-select shares of respondents, needs by member type and the gap
    heatmap dimension x member type (both through :mod:`cluster_analysis.disclosure`: threshold
    and secondary suppression, logged in ``suppression_log``); between the last two waves the
    paired change (McNemar, Wilcoxon); the gap status against ``targets.csv``. Every table is also
    written to the processed layer under its name (needs_assessment, needs_by_member_type,
    gap_by_dimension_member_type, box_scores, multi_select_shares, mwds_bootstrap, wave_change,
    gap_status, response_rates).
    """
    from cluster_analysis.survey import charts, findings, scoring

    result = DomainResult(domain=DOMAIN, sources=[SOURCE])
    items = form.capacity_items()
    item_labels = {r["item"]: text(r["label_en"], r["label_ka"]) for _, r in items.iterrows()}
    dimension_labels = {
        r["dimension"]: text(r["dimension_en"], r["dimension_ka"])
        for _, r in items.iterrows()
        if r["dimension"] is not None
    }
    scale_max = int(items["scale_max"].max()) if len(items) else 5
    min_cell = ctx.settings.min_cell
    rules = SuppressionRules(min_count=min_cell)
    result.method_notes.extend(_method_notes(min_cell, scale_max))
    n_members = len(register)

    if rates is not None:
        result.tables.append(
            TableOutput(
                name="response_rates",
                frame=rates,
                meta=_meta(
                    ctx,
                    text(
                        "Response rate and non-response weight by member class",
                        "პასუხის მაჩვენებელი და წონა წევრების კლასების მიხედვით",
                    ),
                    unit=text("members", "წევრები"),
                    period=", ".join(dict.fromkeys(rates["period"].astype(str))),
                    n=n_members,
                    note=text(
                        "Classes are member type × size class; classes with fewer than 3 "
                        "respondents are collapsed (methods.md section 2). Weight = N/n.",
                        "კლასები: წევრის ტიპი × ზომის კლასი; 3-ზე ნაკლები რესპონდენტის მქონე "
                        "კლასები გაერთიანებულია. წონა = N/n.",
                    ),
                ),
                audience="office",
                columns=_columns(rates),
            )
        )
    if long.empty:
        return result

    weights = "weight" if "weight" in long.columns and long["weight"].notna().all() else None
    scored_long = _without_dont_know(long, scale_max)
    specs = [o.spec for o in (outcomes or [])] or [
        WaveSpec(file=Path(""), wave=w, period=w) for w in sorted(long["wave"].dropna().unique())
    ]
    specs = [s for s in specs if (long["wave"] == s.wave).any()]
    type_population = register["member_type"].astype(str).value_counts().to_dict()
    type_population[ALL] = n_members
    box_labels = {k: v for k, v in item_labels.items()}

    needs_frames, boot_frames, by_type_frames, dim_frames = [], [], [], []
    box_frames, multi_frames = [], []
    scores_by_wave: dict[str, pd.DataFrame] = {}
    boot_by_wave: dict[str, pd.DataFrame] = {}
    box_by_wave: dict[str, pd.DataFrame] = {}
    census_by_wave: dict[str, bool] = {}
    n_by_wave: dict[str, int] = {}
    multi_answers = (
        _multi_select_answers(responses, form)
        if responses is not None and len(responses)
        else pd.DataFrame()
    )

    for spec in specs:
        part = scored_long[scored_long["wave"] == spec.wave]
        n = int(part["respondent_id"].nunique())
        census = n == n_members
        census_by_wave[spec.wave], n_by_wave[spec.wave] = census, n
        scores = scoring.needs_assessment(
            part, scale_max=scale_max, weights=weights, min_cell=min_cell
        )
        scores = _with_fpc(scores, part, n_members, weights=weights)
        ipa = scoring.importance_performance(scores, centre="data")
        scores_by_wave[spec.wave] = scores
        quadrant_cols = [
            "centre",
            "capability_centre",
            "importance_centre",
            "quadrant",
            "quadrant_en",
            "quadrant_ka",
        ]
        with_ipa = scores.merge(ipa[["item", *quadrant_cols]], on="item", how="left")
        needs_frames.append(_published(with_ipa, spec, labels=item_labels))

        boot = scoring.bootstrap_mwds(
            part,
            scale_max=scale_max,
            weights=weights,
            min_cell=min_cell,
            n_boot=N_BOOT,
            seed=ctx.settings.seed,
        )
        if census:  # no sampling error to express (methods.md section 2)
            boot = boot.assign(mwds_low=pd.NA, mwds_high=pd.NA, prob_top_k=pd.NA)
            for column in ("mwds_low", "mwds_high", "prob_top_k"):
                boot[column] = boot[column].astype("Float64")
        boot_by_wave[spec.wave] = boot
        boot_frames.append(_published(boot, spec, labels=item_labels))

        by_type = scoring.needs_assessment(
            part, by="member_type", scale_max=scale_max, weights=weights, min_cell=min_cell
        )
        by_type = _with_fpc(by_type, part, type_population, weights=weights, by="member_type")
        overall = scores.assign(member_type=ALL)[list(by_type.columns)]
        by_type_frames.append(_published(_stack([by_type, overall]), spec, labels=item_labels))

        dims = _dimension_answers(part)
        if len(dims):
            dim_scores = scoring.needs_assessment(
                dims, by="member_type", scale_max=scale_max, weights=weights, min_cell=min_cell
            )
            dim_all = scoring.needs_assessment(
                dims, scale_max=scale_max, weights=weights, min_cell=min_cell
            ).assign(member_type=ALL)[list(dim_scores.columns)]
            dim_table = _stack([dim_scores, dim_all]).rename(columns={"item": "dimension"})
            dim_frames.append(_published(dim_table, spec, labels=dimension_labels, key="dimension"))

        box = scoring.box_scores(
            _box_answers(long[long["wave"] == spec.wave]),
            by="role",
            scale_max=scale_max,
            min_cell=min_cell,
        )
        box_by_wave[spec.wave] = box
        box_frames.append(_published(box, spec, labels=box_labels, key="question"))

        if len(multi_answers):
            wave_multi = multi_answers[multi_answers["wave"] == spec.wave]
            if len(wave_multi):
                shares = scoring.multi_select_shares(wave_multi, min_cell=min_cell)
                choice_labels: dict[str, Text] = {}
                for question in shares["question"].unique():
                    list_name = form.question(str(question))["list_name"]
                    for choice, labels in form.choice_labels(str(list_name)).items():
                        choice_labels[choice] = text(
                            labels.get("en", choice), labels.get("ka", choice)
                        )
                multi_frames.append(_published(shares, spec, labels=choice_labels, key="choice"))

    # ---- disclosure control of the by-member-type cuts (methods.md section 3) -------------------
    logs = []
    needs_by_type = _stack(by_type_frames)
    by_type_check = suppress_table(
        needs_by_type,
        table="needs_by_member_type",
        key_cols=["wave", "member_type", "item"],
        value_cols=_STAT_COLUMNS,
        count_col="n",
        rules=rules,
        group_cols=[["wave", "item"]],
    )
    logs.append(by_type_check.log)
    needs_by_type = by_type_check.frame.assign(suppressed=by_type_check.mask.to_numpy())
    dim_check = None
    gap_by_dimension = _stack(dim_frames)
    if len(gap_by_dimension):
        dim_check = suppress_table(
            gap_by_dimension,
            table="gap_by_dimension_member_type",
            key_cols=["wave", "member_type", "dimension"],
            value_cols=_STAT_COLUMNS,
            count_col="n",
            rules=rules,
            group_cols=[["wave", "dimension"]],
        )
        logs.append(dim_check.log)
        gap_by_dimension = dim_check.frame.assign(suppressed=dim_check.mask.to_numpy())
    result.suppression_log = combine_logs(logs)

    latest = specs[-1]
    type_order = [t for t in MEMBER_TYPE_LABELS if t in set(needs_by_type["member_type"])]

    # ---- tables ------------------------------------------------------------------------------
    def publish(
        name: str,
        frame: pd.DataFrame,
        meta: Meta,
        *,
        audience: Audience = "donors",
        check: SuppressionResult | None = None,
    ) -> None:
        ctx.write_table(name, _parquet_ready(frame))
        if check is not None:
            output = check.to_table_output(name, meta, audience=audience, columns=_columns(frame))
            output.frame = frame
            result.tables.append(output)
        else:
            result.tables.append(
                TableOutput(
                    name=name, frame=frame, meta=meta, audience=audience, columns=_columns(frame)
                )
            )

    periods = ", ".join(s.period for s in specs)
    n_text = text(
        " / ".join(f"{n_by_wave[s.wave]} of {n_members}" for s in specs) + " members",
        " / ".join(f"{n_members}-დან {n_by_wave[s.wave]}" for s in specs) + " წევრი",
    )
    needs_table = _stack(needs_frames)
    publish(
        "needs_assessment",
        needs_table,
        _meta(
            ctx,
            text(
                "Capacity needs by item: Borich MWDS, critical gaps and IPA quadrant",
                "შესაძლებლობების საჭიროებები საკითხების მიხედვით: ბორიჩის MWDS, კრიტიკული "
                "ხარვეზები და IPA კვადრანტი",
            ),
            unit=text("score; share of respondents", "ქულა; რესპონდენტების წილი"),
            period=periods,
            n=n_text,
            note=text(
                "IPA cross-hairs are data-centred (mean of the item means). Critical-gap "
                "intervals: 95% Wilson with finite population correction.",
                "IPA-ს გამყოფი ხაზები მონაცემებზეა ცენტრირებული (საკითხების საშუალოთა საშუალო). "
                "კრიტიკული ხარვეზის ინტერვალები: 95%-იანი ვილსონის, სასრული პოპულაციის შესწორებით.",
            ),
        ),
    )
    publish(
        "needs_by_member_type",
        needs_by_type,
        _meta(
            ctx,
            text(
                "Capacity needs by member type", "შესაძლებლობების საჭიროებები წევრის ტიპის მიხედვით"
            ),
            unit=text("score; share of respondents", "ქულა; რესპონდენტების წილი"),
            period=periods,
            n=n_text,
        ),
        check=by_type_check,
    )
    if len(gap_by_dimension):
        publish(
            "gap_by_dimension_member_type",
            gap_by_dimension,
            _meta(
                ctx,
                text(
                    "Capacity gaps by dimension and member type (Borich MWDS)",
                    "შესაძლებლობების ხარვეზები განზომილებისა და წევრის ტიპის მიხედვით (ბორიჩის MWDS)",
                ),
                unit=text("score", "ქულა"),
                period=periods,
                n=n_text,
                note=text(
                    "Each member's importance and capability are averaged over the items of a "
                    "dimension before scoring.",
                    "ქულის გამოთვლამდე თითოეული წევრის მნიშვნელობა და შესაძლებლობა საშუალოვდება "
                    "განზომილების საკითხებზე.",
                ),
            ),
            check=dim_check,
        )
    publish(
        "mwds_bootstrap",
        _stack(boot_frames),
        _meta(
            ctx,
            text(
                "Borich MWDS with bootstrap intervals and probability of a top-3 rank",
                "ბორიჩის MWDS ბუტსტრეპ ინტერვალებით და პირველ სამეულში მოხვედრის ალბათობით",
            ),
            unit=text("score; probability", "ქულა; ალბათობა"),
            period=periods,
            n=n_text,
            note=text(
                f"{N_BOOT} resamples of respondents, seed {ctx.settings.seed}; 95% percentile intervals.",
                f"რესპონდენტების {N_BOOT} ხელახალი შერჩევა, seed {ctx.settings.seed}; 95%-იანი "
                "პროცენტილური ინტერვალები.",
            ),
        ),
    )
    publish(
        "box_scores",
        _stack(box_frames),
        _meta(
            ctx,
            text(
                "Top-2-box, bottom-2-box and net score per question",
                "ზედა ორი, ქვედა ორი კატეგორია და ნეტო ქულა კითხვების მიხედვით",
            ),
            unit=text("share of substantive answers", "არსებითი პასუხების წილი"),
            period=periods,
            n=n_text,
            note=text(
                '"Don\'t know" answers are outside the base and counted separately.',
                "პასუხები „არ ვიცი“ ბაზაში არ შედის და ცალკე ითვლება.",
            ),
        ),
    )
    if multi_frames:
        publish(
            "multi_select_shares",
            _stack(multi_frames),
            _meta(
                ctx,
                text(
                    "Support members would use (several answers possible)",
                    "მხარდაჭერა, რომლითაც წევრები ისარგებლებდნენ (შესაძლებელია რამდენიმე პასუხი)",
                ),
                unit=text("share of respondents", "რესპონდენტების წილი"),
                period=periods,
                n=n_text,
                note=text(
                    "Percentages are of members who answered the question, not of selections; "
                    "they may add to more than 100%.",
                    "პროცენტები გამოთვლილია კითხვაზე პასუხის გამცემი წევრებიდან და არა "
                    "არჩევანებიდან; ჯამი შეიძლება 100%-ს აღემატებოდეს.",
                ),
            ),
        )
        _multi_select_figures(ctx, result, _stack(multi_frames), specs)

    # ---- figures per wave ----------------------------------------------------------------------
    for spec in specs:
        n = n_by_wave[spec.wave]
        boot = boot_by_wave[spec.wave]
        scores = scores_by_wave[spec.wave]
        ipa = scoring.importance_performance(scores, centre="data")
        box = box_by_wave[spec.wave]
        capability_box = box[box["role"] == "capability"].drop(columns="role")
        capability_box.attrs = dict(box.attrs)
        wave_dims = (
            gap_by_dimension[gap_by_dimension["wave"] == spec.wave]
            if len(gap_by_dimension)
            else gap_by_dimension
        )
        result.figures.append(
            FigureOutput(
                name=f"survey_mwds_{spec.wave}",
                build=lambda lang, f=boot: charts.mwds_ranked_chart(
                    f, lang=lang, item_labels=item_labels
                ),
                meta=_meta(
                    ctx,
                    text(
                        "Capacity needs ranked by Borich MWDS",
                        "საჭიროებები ბორიჩის MWDS-ის მიხედვით",
                    ),
                    unit=text(
                        "Borich MWDS; lines: 95% bootstrap interval",
                        "ბორიჩის MWDS; ხაზები: 95%-იანი ბუტსტრეპ ინტერვალი",
                    ),
                    period=spec.period,
                    n=n,
                ),
            )
        )
        result.figures.append(
            FigureOutput(
                name=f"survey_ipa_{spec.wave}",
                build=lambda lang, f=ipa: charts.ipa_quadrant_chart(
                    f, lang=lang, item_labels=item_labels
                ),
                meta=_meta(
                    ctx,
                    text(
                        "Importance and capability by item",
                        "მნიშვნელობა და შესაძლებლობა საკითხების მიხედვით",
                    ),
                    unit=text(
                        f"mean answer, 1–{scale_max}; cross-hairs at the mean of item means",
                        f"საშუალო პასუხი, 1–{scale_max}; გამყოფი ხაზები საკითხების საშუალოთა საშუალოზე",
                    ),
                    period=spec.period,
                    n=n,
                ),
            )
        )
        result.figures.append(
            FigureOutput(
                name=f"survey_capability_likert_{spec.wave}",
                build=lambda lang, f=capability_box: charts.likert_diverging_chart(
                    f, lang=lang, item_labels=item_labels
                ),
                meta=_meta(
                    ctx,
                    text(
                        "How members rate their current capability",
                        "როგორ აფასებენ წევრები საკუთარ ამჟამინდელ შესაძლებლობას",
                    ),
                    unit=text(
                        "% of answers; sorted by net score (top-2 − bottom-2)",
                        "პასუხების %; დალაგებულია ნეტო ქულით (ზედა ორი − ქვედა ორი)",
                    ),
                    period=spec.period,
                    n=n,
                ),
            )
        )
        if len(wave_dims):
            result.figures.append(
                FigureOutput(
                    name=f"survey_gap_by_member_type_{spec.wave}",
                    build=lambda lang, f=wave_dims: charts.gap_heatmap_chart(
                        f,
                        lang=lang,
                        item_labels=dimension_labels,
                        group_col="member_type",
                        row_col="dimension",
                        value="mwds",
                        group_labels=MEMBER_TYPE_LABELS,
                        group_order=type_order,
                        min_cell=min_cell,
                        explain_blanks=False,
                    ),
                    meta=_meta(
                        ctx,
                        text(
                            "Capacity gaps by dimension and member type",
                            "ხარვეზები განზომილებისა და წევრის ტიპის მიხედვით",
                        ),
                        unit=text("Borich MWDS score", "ბორიჩის MWDS ქულა"),
                        period=spec.period,
                        n=n,
                        note=text(
                            f"Blank cells protect members: n<{min_cell} = fewer than {min_cell} "
                            "respondents; – = hidden so it cannot be worked out from the other "
                            "cells and 'All members'",
                            f"ცარიელი უჯრები იცავს წევრებს: n<{min_cell} = {min_cell}-ზე ნაკლები "
                            "რესპონდენტი; – = დამალულია, რათა სხვა უჯრებიდან და „ყველა წევრიდან“ "
                            "ვერ გამოითვალოს",
                        ),
                    ),
                )
            )

    # ---- findings: response, gaps, ranks (latest wave) ------------------------------------------
    for spec in specs:
        result.findings.append(
            findings.response_rate_finding(
                n_by_wave[spec.wave], n_members, wave=spec.period, source=SOURCE
            )
        )
    result.findings.extend(
        findings.mwds_findings(
            boot_by_wave[latest.wave],
            wave=latest.period,
            source=SOURCE,
            item_labels=item_labels,
            top=1,
            census=census_by_wave[latest.wave],
        )
    )
    result.findings.extend(
        findings.critical_gap_findings(
            scores_by_wave[latest.wave],
            wave=latest.period,
            source=SOURCE,
            item_labels=item_labels,
            top=2,
            census=census_by_wave[latest.wave],
        )
    )

    # ---- wave-over-wave change for the same members -----------------------------------------------
    if len(specs) >= 2:
        before, after = specs[-2], specs[-1]
        change = scoring.wave_change(
            scored_long[scored_long["wave"] == before.wave],
            scored_long[scored_long["wave"] == after.wave],
            scale_max=scale_max,
            min_cell=min_cell,
            before_label=before.period,
            after_label=after.period,
        )
        both = len(
            set(long.loc[long["wave"] == before.wave, "respondent_id"])
            & set(long.loc[long["wave"] == after.wave, "respondent_id"])
        )
        change_meta = _meta(
            ctx,
            text(
                "Change in capacity gaps between waves (same members)",
                "შესაძლებლობების ხარვეზების ცვლილება ტალღებს შორის (იგივე წევრები)",
            ),
            unit=text("members with a critical gap, %", "კრიტიკული ხარვეზის მქონე წევრები, %"),
            period=f"{before.period} – {after.period}",
            n=text(
                f"{both} members who answered both waves",
                f"{both} წევრი, რომელმაც ორივე ტალღაში უპასუხა",
            ),
        )
        change_table = change.copy()
        change_table.insert(0, "wave_after", after.wave)
        change_table.insert(0, "wave_before", before.wave)
        change_table.insert(
            3, "item_en", change_table["item"].map(lambda k: pick(item_labels.get(k), "en"))
        )
        change_table.insert(
            4, "item_ka", change_table["item"].map(lambda k: pick(item_labels.get(k), "ka"))
        )
        change_table.attrs = {}
        publish("wave_change", change_table, change_meta)
        result.figures.append(
            FigureOutput(
                name="survey_wave_change",
                build=lambda lang, f=change: charts.wave_dumbbell_chart(
                    f,
                    lang=lang,
                    item_labels=item_labels,
                    wave_labels=(before.period, after.period),
                ),
                meta=change_meta,
            )
        )
        result.findings.extend(
            findings.wave_change_findings(change, source=SOURCE, item_labels=item_labels, top=2)
        )

    # ---- gap status against declared targets --------------------------------------------------
    if targets is not None and len(targets):
        status = _gap_status(targets, scores_by_wave, specs, scoring)
        if len(status):
            publish(
                "gap_status",
                status,
                _meta(
                    ctx,
                    text(
                        "Capacity gaps against declared targets",
                        "შესაძლებლობების ხარვეზები დასახულ მიზნებთან შედარებით",
                    ),
                    unit=text("critical-gap share or MWDS", "კრიტიკული ხარვეზის წილი ან MWDS"),
                    period=latest.period,
                    n=n_by_wave[latest.wave],
                    note=scoring_rules_note(status),
                ),
            )
            result.findings.extend(
                findings.gap_status_findings(
                    status, wave=latest.period, source=SOURCE, item_labels=item_labels
                )
            )
    return result


def scoring_rules_note(status: pd.DataFrame) -> Text | None:
    """The gap-status rules (bilingual) carried by :func:`scoring.gap_status`'s output."""
    rules = status.attrs.get("rules")
    return rules if isinstance(rules, dict) else None


def _gap_status(
    targets: pd.DataFrame,
    scores_by_wave: dict[str, pd.DataFrame],
    specs: list[WaveSpec],
    scoring: ModuleType,
) -> pd.DataFrame:
    """Gap status of every declared target: current = the latest wave's scores, baseline = the
    target's baseline wave (rules in :func:`cluster_analysis.survey.scoring.gap_status`)."""
    latest = specs[-1]
    current = scores_by_wave[latest.wave]
    period_of = {s.wave: s.period for s in specs}
    pieces = []
    baseline_waves = targets["baseline_wave"].astype("string").fillna("")
    rules = None
    for baseline_wave in dict.fromkeys(baseline_waves):
        part = targets[baseline_waves == baseline_wave]
        baseline = scores_by_wave.get(baseline_wave) if baseline_wave != latest.wave else None
        status = scoring.gap_status(part[["item", "metric", "target"]], current, baseline=baseline)
        rules = status.attrs.get("rules")
        status = status.merge(current[["item", "n"]], on="item", how="left")
        status["baseline_wave"] = baseline_wave or pd.NA
        status["current_wave"] = latest.wave
        status = status.merge(
            part[["item", "metric", "target_wave"]], on=["item", "metric"], how="left"
        )
        pieces.append(status)
    out = _stack(pieces)
    if len(out):
        out["baseline_period"] = out["baseline_wave"].map(period_of)
        out["current_period"] = latest.period
        out.attrs["rules"] = rules
    return out


def _method_notes(min_cell: int, scale_max: int) -> list[Text]:
    return [
        text(
            "Answers are read from the Kobo exports in the form's question names; corrections come only "
            'from cleaning logs (entries not applied are listed in the rejects workbook). "Don\'t know" '
            "answers are outside every denominator.",
            "პასუხები იკითხება Kobo-ს ექსპორტიდან ფორმის კითხვების სახელებით; შესწორებები შეაქვთ მხოლოდ "
            "გაწმენდის ჟურნალებით (გამოუყენებელი ჩანაწერები მოცემულია უარყოფილი ჩანაწერების ფაილში). "
            "პასუხი „არ ვიცი“ არცერთ მნიშვნელში არ ითვლება.",
        ),
        text(
            f"Borich (1980) MWDS = mean(importance − capability) × mean(importance); critical gap = "
            f"importance ≥ {scale_max - 1} and capability ≤ 2 (our choice). Results are weighted by "
            "member type × size class (w = N/n) for non-response; intervals use the finite population "
            "correction, and none are shown when every member answered (a census).",
            f"ბორიჩის (1980) MWDS = საშუალო(მნიშვნელობა − შესაძლებლობა) × საშუალო(მნიშვნელობა); "
            f"კრიტიკული ხარვეზი = მნიშვნელობა ≥ {scale_max - 1} და შესაძლებლობა ≤ 2 (ჩვენი არჩევანი). "
            "შედეგები შეწონილია წევრის ტიპისა და ზომის კლასის მიხედვით (w = N/n); ინტერვალებში "
            "გამოყენებულია სასრული პოპულაციის შესწორება, ხოლო როცა ყველა წევრმა უპასუხა (სრული "
            "აღწერა), ინტერვალები არ არის ნაჩვენები.",
        ),
        text(
            "Importance-performance quadrants (Martilla & James 1977) use data-centred cross-hairs: "
            "the mean of the item means.",
            "მნიშვნელობა-შესრულების კვადრანტებში (მარტილა და ჯეიმსი, 1977) გამყოფი ხაზები "
            "მონაცემებზეა ცენტრირებული: საკითხების საშუალოთა საშუალო.",
        ),
        text(
            f"Disclosure control: cells with fewer than {min_cell} respondents are suppressed, and "
            "further cells are hidden so that no suppressed value can be worked out from the "
            "'All members' figures; every suppression is logged.",
            f"კონფიდენციალურობის დაცვა: {min_cell}-ზე ნაკლები რესპონდენტის მქონე უჯრები დაფარულია; "
            "დამატებით იმალება სხვა უჯრებიც, რათა დაფარული მნიშვნელობა „ყველა წევრის“ მონაცემებიდან "
            "ვერ გამოითვალოს; ყოველი დაფარვა აღრიცხულია.",
        ),
    ]


# --------------------------------------------------------------------------------------------------
# `cluster-analysis validate FILE --kind survey|register|cleaning-log`
# --------------------------------------------------------------------------------------------------


def _spec_for(ctx: RunContext, path: Path) -> WaveSpec:
    """The waves.csv entry of an export (matched by file name), else a wave named after the file."""
    try:
        specs = read_wave_manifest(ctx.raw_dir)
    except InputError:
        specs = []
    for spec in specs:
        if spec.file.resolve() == Path(path).resolve() or spec.file.name == Path(path).name:
            return WaveSpec(**{**spec.__dict__, "file": Path(path)})
    wave = re.sub(r"^wave[_-]?", "", Path(path).stem)
    return WaveSpec(file=Path(path), wave=wave, period=wave)


def _form_and_register_ids(ctx: RunContext) -> tuple[Form, list[str] | None]:
    form_path = ctx.raw(FORM_FILE)
    if not form_path.exists():
        raise InputError("the survey form (XLSForm) is missing", path=form_path)
    form = read_xlsform(form_path)
    ctx.record_input(form_path, len(form.questions))
    register_path = ctx.raw(REGISTER_FILE)
    if not register_path.exists():
        return form, None
    register = read_register(register_path)
    ids = register["member_id"].dropna().astype(str).tolist()
    return form, ids


def validate_export(ctx: RunContext, path: Path) -> list[ValidationResult]:
    """Read one Kobo export, apply its wave's cleaning logs and validate it against the form and
    the member register of ``ctx.raw_dir`` (the pipeline's own ingest step)."""
    form, ids = _form_and_register_ids(ctx)
    if ids is None:
        ctx.warn("survey: no register.csv; member ids are not checked against the register")
    outcome = ingest_wave(ctx, _spec_for(ctx, path), form, ids or [])
    return [outcome.validation] if outcome.validation is not None else []


def validate_register_file(ctx: RunContext, path: Path) -> list[ValidationResult]:
    """Validate a member register (unique ids, known member types and size classes)."""
    register = read_register(path)
    ctx.record_input(path, len(register))
    return [
        ctx.validate(
            register,
            schemas.register_schema(),
            table="survey_register",
            source=path,
            id_column="member_id",
            dataframe_check_columns={"duplicate_member": "member_id"},
        )
    ]


def validate_cleaning_log(ctx: RunContext, path: Path) -> list[ValidationResult]:
    """Apply a cleaning log to its wave's export (matched by file name ``wave_<wave>...``) and
    report every entry that does not apply; the export is validated after the log."""
    form, ids = _form_and_register_ids(ctx)
    specs = read_wave_manifest(ctx.raw_dir)
    stem = Path(path).stem
    matches = [
        s
        for s in specs
        if any(
            stem == k or stem.startswith(f"{k}_") for k in (f"wave_{s.wave}", s.wave, s.file.stem)
        )
    ]
    if not matches:
        raise InputError(
            "cannot tell which wave this cleaning log belongs to: name it wave_<wave>.csv "
            f"(waves: {', '.join(s.wave for s in specs)})",
            path=path,
        )
    spec = WaveSpec(**{**matches[0].__dict__, "cleaning_log": Path(path)})
    outcome = ingest_wave(ctx, spec, form, ids or [])
    return [outcome.validation] if outcome.validation is not None else []


#: ``cluster-analysis validate FILE --kind K`` for this domain.
VALIDATORS: dict[str, Callable[[RunContext, Path], list[ValidationResult]]] = {
    "survey": validate_export,
    "register": validate_register_file,
    "cleaning-log": validate_cleaning_log,
}


__all__ = [
    "COLUMN_LABELS",
    "MEMBER_TYPE_LABELS",
    "VALIDATORS",
    "WaveSpec",
    "build_outputs",
    "find_cleaning_logs",
    "ingest_wave",
    "read_targets",
    "read_wave_manifest",
    "run",
]
