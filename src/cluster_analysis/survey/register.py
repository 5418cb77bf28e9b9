"""The member register (data/raw/survey/register.csv): who the members are, for response rates
and non-response weights by class (docs/methods.md#intervals-weights-small-populations).

Columns: ``member_id`` (stable id, e.g. GPC-001), ``member_type`` (packaging_maker /
packaging_user / service_provider / other), ``size_class`` (micro / small / medium / large),
``region``; optional ``joined`` / ``left`` dates (YYYY-MM-DD, counted per year by the computed
results, docs/methods.md#computed-results); optional names and contacts (``name_ka``, ``name_en``, ``contact_person``, ``phone``,
``email``). Names, phones and e-mails never leave the processed layer (docs/methods.md#disclosure-control):
:func:`public_register` keeps only id, member type, size class, region and the dates.

The frame of a survey wave (:func:`wave_frame`, docs/methods.md#the-frame-of-a-wave) is the members on
the register at the end of the wave's year (:func:`members_at`) together with the wave's respondents:
the N of its response rates, non-response weights and finite population corrections.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from cluster_analysis import readers
from cluster_analysis.survey.schemas import MESSAGES, PUBLIC_REGISTER_COLUMNS, register_schema
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
        dataframe_check_columns={
            "duplicate_member": "member_id",
            "left_before_joined": "member_id",
        },
        messages=MESSAGES,
    )


def public_register(register: pd.DataFrame) -> pd.DataFrame:
    """Return the register without names and contacts: only ``member_id, member_type,
    size_class, region`` and, when present, ``joined, left`` (the only register columns a
    processed table may hold)."""
    kept = [c for c in PUBLIC_REGISTER_COLUMNS if c in register.columns]
    out = register[kept].copy()
    for column in kept:
        out[column] = out[column].astype("string")
    return out.reset_index(drop=True)


def wave_year(wave: object) -> int | None:
    """The year of a survey wave id (``2026-2`` -> 2026), None when it does not start with one."""
    digits = str(wave)[:4]
    return int(digits) if digits.isdigit() else None


def _dates(column: pd.Series) -> pd.Series:
    return pd.to_datetime(column, errors="coerce")


def members_at(survey_register: pd.DataFrame, year: int) -> set[str]:
    """Return the ids of the members on the register at the end of ``year``: every id when the
    register has no ``joined`` dates, else those joined on or before 31 December and not left by
    then (an undated row counts)."""
    ids = survey_register["member_id"].astype(str)
    if "joined" not in survey_register.columns:
        return set(ids)
    end = pd.Timestamp(year=year, month=12, day=31)
    joined = _dates(survey_register["joined"])
    left = (
        _dates(survey_register["left"])
        if "left" in survey_register.columns
        else pd.Series(pd.NaT, index=survey_register.index)
    )
    member = (joined.isna() | (joined <= end)) & (left.isna() | (left > end))
    return set(ids[member.to_numpy()])


def wave_members(
    survey_register: pd.DataFrame | None, answers: pd.DataFrame, year: int
) -> int | None:
    """Return N, the members a wave's shares are drawn from: the register's members at the end of
    ``year`` (:func:`members_at`) together with the wave's respondents (``answers``' ``member_id``;
    whoever answered counts, so n never exceeds N). None when there is no register (or it is
    empty), or when ``answers`` has no ``member_id`` to match."""
    if survey_register is None or not len(survey_register) or "member_id" not in answers.columns:
        return None
    respondents = set(answers["member_id"].dropna().astype(str))
    return len(members_at(survey_register, year) | respondents)


@dataclass(frozen=True)
class WaveFrame:
    """The members a survey wave is drawn from (docs/methods.md#the-frame-of-a-wave).

    ``register``: their register rows; ``year``: the year whose end dates them (None when the
    wave id does not start with a year); ``dated``: False when the whole register was kept (no
    year, or no ``joined`` dates)."""

    wave: str
    year: int | None
    register: pd.DataFrame
    dated: bool

    @property
    def size(self) -> int:
        """N: the members in the frame."""
        return len(self.register)

    def population(self, by: str = "member_type", total: str = "All") -> dict[str, int]:
        """N per value of ``by`` and, under ``total``, overall (the finite populations)."""
        counts = self.register[by].astype(str).value_counts().to_dict()
        counts[total] = self.size
        return {str(k): int(v) for k, v in counts.items()}


def wave_frame(
    survey_register: pd.DataFrame, wave: object, respondents: Iterable[object] = ()
) -> WaveFrame:
    """Return the frame of ``wave``: the register rows of the members at the end of the wave's
    year (:func:`members_at`) and of its ``respondents`` (ids; one who answered is counted even if
    the dates say otherwise, so n never exceeds N). The whole register, with ``dated`` False, when
    the wave id has no year or the register has no ``joined`` dates."""
    year = wave_year(wave)
    if year is None or "joined" not in survey_register.columns:
        return WaveFrame(str(wave), year, survey_register, dated=False)
    ids = survey_register["member_id"].astype(str)
    keep = members_at(survey_register, year) | {str(r) for r in respondents}
    return WaveFrame(str(wave), year, survey_register[ids.isin(keep).to_numpy()], dated=True)


__all__ = [
    "WaveFrame",
    "members_at",
    "normalise_register_columns",
    "public_register",
    "read_register",
    "validate_register",
    "wave_frame",
    "wave_members",
    "wave_year",
]
