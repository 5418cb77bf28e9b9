"""The member register (data/raw/survey/register.csv): who the members are, for response rates
and non-response weights by class (docs/methods.md#intervals-weights-small-populations).

Columns: ``member_id`` (stable id, e.g. GPC-001), ``member_type`` (packaging_maker /
packaging_user / service_provider / other), ``size_class`` (micro / small / medium / large),
``region``; optional names and contacts (``name_ka``, ``name_en``, ``contact_person``, ``phone``,
``email``). Names, phones and e-mails never leave the processed layer (docs/methods.md#disclosure-control):
:func:`public_register` keeps only id, member type, size class and region.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from cluster_analysis import readers
from cluster_analysis.survey.schemas import PUBLIC_REGISTER_COLUMNS, register_schema
from cluster_analysis.validation import ValidationResult, validate

#: Accepted header spellings -> register column.
_ALIASES: dict[str, tuple[str, ...]] = {
    "member_id": ("member_id", "id", "member", "member_code", "წევრის_id"),
    "member_type": ("member_type", "type", "category"),
    "size_class": ("size_class", "size"),
    "region": ("region", "რეგიონი"),
}


def normalise_register_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` with its id/type/size/region columns under their standard names and
    their values trimmed (member_type and size_class lower-cased, spaces as underscores)."""
    lowered = {str(c).strip().lower().replace(" ", "_"): c for c in frame.columns}
    renamed = {}
    for target, options in _ALIASES.items():
        hit = next((lowered[o] for o in options if o in lowered), None)
        if hit is not None and target not in frame.columns:
            renamed[hit] = target
    out = frame.rename(columns=renamed)
    for column in ("member_id", "region"):
        if column in out.columns:
            out[column] = out[column].astype("string").str.strip()
    for column in ("member_type", "size_class"):
        if column in out.columns:
            out[column] = (
                out[column]
                .astype("string")
                .str.strip()
                .str.lower()
                .str.replace(r"[\s-]+", "_", regex=True)
            )
    out.attrs = dict(frame.attrs)
    return out


def read_register(path: Path | str) -> pd.DataFrame:
    """Read the member register as text with standard column names (see module doc)."""
    return normalise_register_columns(readers.read_table(path, as_text=True))


def validate_register(register: pd.DataFrame, *, source: str | None = None) -> ValidationResult:
    """Validate the register (unique ids, known member types and size classes) with quarantine."""
    return validate(
        register,
        register_schema(),
        table="survey_register",
        source=source,
        id_column="member_id",
        dataframe_check_columns={"duplicate_member": "member_id"},
    )


def public_register(register: pd.DataFrame) -> pd.DataFrame:
    """Return the register without names and contacts: only ``member_id, member_type,
    size_class, region`` (the only register columns a processed table may hold)."""
    kept = [c for c in PUBLIC_REGISTER_COLUMNS if c in register.columns]
    out = register[kept].copy()
    for column in kept:
        out[column] = out[column].astype("string")
    return out.reset_index(drop=True)


__all__ = ["normalise_register_columns", "public_register", "read_register", "validate_register"]
