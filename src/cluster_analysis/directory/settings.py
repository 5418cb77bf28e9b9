"""The directory's declared settings (``settings:`` in its ``metadata.yaml``), typed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from cluster_analysis.directory.tables import MatchWeights
from cluster_analysis.metadata import MetadataError

METADATA_FILE = Path(__file__).resolve().parent / "metadata.yaml"


@dataclass(frozen=True)
class DirectorySettings:
    """What the directory's run depends on besides its data (``docs/directory.md``)."""

    reference_date: date | None = None
    calendar_days: int = 90
    critical_gap_threshold: float = 0.25
    match: MatchWeights = field(default_factory=MatchWeights)
    contacts: tuple[str, ...] = ("contact_person", "phone", "email", "full_name")
    regions: dict[str, str] = field(default_factory=dict)


def parse_settings(
    body: dict[str, Any], label: str = "directory/metadata.yaml"
) -> DirectorySettings:
    """Return typed settings from a parsed ``settings:`` block; MetadataError naming the key."""
    try:
        raw_date = body.get("reference_date")
        reference = None if raw_date in (None, "") else date.fromisoformat(str(raw_date))
        match = MatchWeights(**(body.get("match") or {}))
        settings = DirectorySettings(
            reference_date=reference,
            calendar_days=int(body.get("calendar_days", 90)),
            critical_gap_threshold=float(body.get("critical_gap_threshold", 0.25)),
            match=match,
            contacts=tuple(body.get("contacts") or DirectorySettings.contacts),
            regions={str(k): str(v) for k, v in (body.get("regions") or {}).items()},
        )
    except (TypeError, ValueError) as exc:
        raise MetadataError(f"{label}: settings: {exc}") from exc
    if settings.calendar_days <= 0 or not 0 < settings.critical_gap_threshold <= 1:
        raise MetadataError(f"{label}: settings: calendar_days > 0 and threshold in (0, 1]")
    return settings


@cache
def load_settings() -> DirectorySettings:
    """Return the settings declared in the directory's ``metadata.yaml``."""
    body = yaml.safe_load(METADATA_FILE.read_text(encoding="utf-8")) or {}
    return parse_settings(body.get("settings") or {})
