"""``cluster-analysis validate FILE --kind catalogue|observations|geostat|px``: one file, no run.

``px`` takes a PxWeb answer as saved: a .px file or a JSON-stat (.json) answer.

The kinds are wired in :data:`cluster_analysis.indicators.pipeline.VALIDATORS`. Each check reads
one file the way the indicators pipeline does and returns its
:class:`~cluster_analysis.validation.ValidationResult` list; rejected rows land in the run
context's rejects (one line each in the CLI). A file that cannot be read at all raises
:class:`~cluster_analysis.errors.InputError` (one line, exit code 2).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from cluster_analysis import readers
from cluster_analysis.context import RunContext
from cluster_analysis.indicators.catalogue import (
    CATALOGUE_CHECK_COLUMNS,
    CATALOGUE_SCHEMA,
    prepare_catalogue,
)
from cluster_analysis.indicators.geostat import compare_language_versions, read_geostat_table
from cluster_analysis.indicators.jsonstat import read_jsonstat
from cluster_analysis.indicators.observations import (
    OBSERVATION_SCHEMA,
    apply_observation_rules,
    prepare_observations,
)
from cluster_analysis.indicators.pcaxis import read_px
from cluster_analysis.validation import REJECT_COLUMNS, ValidationResult

#: Reason shown for a cell where the English and Georgian versions of a Geostat table disagree.
LANGUAGE_MISMATCH = (
    "the English and Georgian versions of this table disagree here ({issue})",
    "ამ ცხრილის ინგლისური და ქართული ვერსიები აქ ერთმანეთს არ ემთხვევა ({issue})",
)


def validate_catalogue(ctx: RunContext, path: Path) -> list[ValidationResult]:
    """The indicator catalogue checked against its schema (as the pipeline reads it)."""
    raw = ctx.read(path, as_text=True)
    return [
        ctx.validate(
            prepare_catalogue(raw),
            CATALOGUE_SCHEMA,
            table="indicator_catalogue",
            source=path,
            id_column="indicator",
            dataframe_check_columns=CATALOGUE_CHECK_COLUMNS,
        )
    ]


def validate_observations(ctx: RunContext, path: Path) -> list[ValidationResult]:
    """Observations checked against their schema, places and (when the raw folder has a
    catalogue) indicator ids."""
    raw = ctx.read(path, as_text=True)
    result = ctx.validate(
        prepare_observations(raw),
        OBSERVATION_SCHEMA,
        table="indicator_observations",
        source=path,
        id_column="indicator",
    )
    valid = result.valid.copy()
    rows = readers.sheet_rows(raw)  # the line staff see (blank csv lines counted)
    valid["_row"] = [rows[int(i)] for i in valid.index]
    known = _catalogue_ids(ctx)
    _, rejects = apply_observation_rules(valid, known, source=str(path))
    if len(rejects):
        ctx.add_rejects(rejects)
    return [result]


def _catalogue_ids(ctx: RunContext) -> set[str] | None:
    for name in ("catalogue.csv", "catalogue.xlsx"):
        path = ctx.raw_dir / name
        if path.exists():
            catalogue = prepare_catalogue(ctx.read(path, as_text=True))
            return set(catalogue["indicator"].dropna().astype(str))
    return None


def validate_geostat(ctx: RunContext, path: Path) -> list[ValidationResult]:
    """A Geostat table read into tidy values; with its other language version beside it
    (``*_EN.xlsx`` / ``*_KA.xlsx``) every cell where the two disagree is one reject. A table of
    Geostat's database (.px, or a JSON-stat .json answer) is checked as ``--kind px``."""
    if path.suffix.lower() in (".px", ".json"):
        return validate_px(ctx, path)
    tidy = read_geostat_table(path)
    result = ValidationResult(
        table="geostat",
        source=str(path),
        valid=tidy,
        rejected_rows=tidy.iloc[0:0],
        rejects=pd.DataFrame(columns=REJECT_COLUMNS),
        rows_in=len(tidy),
    )
    other = _other_language(path)
    if other is not None:
        english, georgian = (path, other) if path.stem.upper().endswith("_EN") else (other, path)
        differences = compare_language_versions(english, georgian)
        mine = "cell_en" if path == english else "cell_ka"
        rows = []
        for record in differences.itertuples():
            cell = getattr(record, mine)
            if not isinstance(cell, str):
                cell = record.cell_en if isinstance(record.cell_en, str) else record.cell_ka
            column, row = re.match(r"([A-Z]+)(\d+)", cell).groups()  # type: ignore[union-attr]
            rows.append(
                {
                    "table": "geostat",
                    "source": str(path),
                    "row": int(row),
                    "record_id": str(record.place),
                    "column": column,
                    "check": "language_mismatch",
                    "value": f"EN {record.value_en} / KA {record.value_ka}",
                    "reason_en": LANGUAGE_MISMATCH[0].format(issue=record.issue),
                    "reason_ka": LANGUAGE_MISMATCH[1].format(issue=record.issue),
                }
            )
        if rows:
            ctx.add_rejects(pd.DataFrame(rows, columns=REJECT_COLUMNS))
    return [result]


def _other_language(path: Path) -> Path | None:
    match = re.match(r"^(.*)_(EN|KA)$", path.stem, re.I)
    if match is None:
        return None
    other = "KA" if match.group(2).upper() == "EN" else "EN"
    for candidate in (other, other.lower()):
        found = path.with_name(f"{match.group(1)}_{candidate}{path.suffix}")
        if found.exists():
            return found
    return None


def validate_px(ctx: RunContext, path: Path) -> list[ValidationResult]:
    """A PC-Axis (.px) or JSON-stat (.json) file read into tidy values (an unreadable file
    raises one line)."""
    tidy = read_jsonstat(path) if path.suffix.lower() == ".json" else read_px(path)
    return [
        ValidationResult(
            table="px",
            source=str(path),
            valid=tidy,
            rejected_rows=tidy.iloc[0:0],
            rejects=pd.DataFrame(columns=REJECT_COLUMNS),
            rows_in=len(tidy),
        )
    ]
