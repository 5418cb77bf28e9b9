"""``cluster-analysis validate FILE --kind survey|register|cleaning-log`` for the survey domain:
the pipeline's own ingest steps (:mod:`cluster_analysis.survey.inputs`) on one file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from cluster_analysis.context import RunContext
from cluster_analysis.errors import InputError
from cluster_analysis.survey import inputs
from cluster_analysis.validation import ValidationResult


def validate_export(ctx: RunContext, path: Path) -> list[ValidationResult]:
    """Read one Kobo export, apply its wave's cleaning logs and validate it against the form and
    the member register of ``ctx.raw_dir``."""
    form = inputs.load_form(ctx, lint=False)
    ids = inputs.register_ids(ctx)
    if ids is None:
        ctx.warn("survey: no register.csv; member ids are not checked against the register")
    outcome = inputs.load_wave(ctx, inputs.wave_for_file(ctx, path), form, ids or [])
    return [outcome.validation] if outcome.validation is not None else []


def validate_register_file(ctx: RunContext, path: Path) -> list[ValidationResult]:
    """Validate a member register (unique ids, known member types and size classes)."""
    return [inputs.load_register(ctx, Path(path))]


def validate_cleaning_log(ctx: RunContext, path: Path) -> list[ValidationResult]:
    """Apply a cleaning log to its wave's export (matched by file name ``wave_<wave>...``) and
    report every entry that does not apply; the export is validated after the log."""
    form = inputs.load_form(ctx, lint=False)
    ids = inputs.register_ids(ctx)
    specs = inputs.load_waves(ctx)
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
    spec = replace(matches[0], cleaning_log=Path(path))
    outcome = inputs.load_wave(ctx, spec, form, ids or [])
    return [outcome.validation] if outcome.validation is not None else []


#: ``cluster-analysis validate FILE --kind K`` for this domain.
VALIDATORS: dict[str, Callable[[RunContext, Path], list[ValidationResult]]] = {
    "survey": validate_export,
    "register": validate_register_file,
    "cleaning-log": validate_cleaning_log,
}
