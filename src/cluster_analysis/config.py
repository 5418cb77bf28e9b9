"""Every path and setting, built in one place from the project root.

Staff can point the tool at data that lives elsewhere with CLI options or environment variables:

=============================  ==========================================  =====================
environment variable           meaning                                     default
=============================  ==========================================  =====================
``CLUSTER_ANALYSIS_ROOT``      project root                                folder holding
                                                                           pyproject.toml
``CLUSTER_ANALYSIS_RAW``       raw inputs (survey/, indicators/, pool/)    ``<root>/data/raw``
``CLUSTER_ANALYSIS_PROCESSED`` processed parquet + manifests               ``<root>/data/processed``
``CLUSTER_ANALYSIS_REPORTS``   figures, tables, briefs, validation         ``<root>/reports``
``CLUSTER_ANALYSIS_MAX_UNZIP`` largest uncompressed workbook, in MB        500
``CLUSTER_ANALYSIS_MIN_CELL``  smallest publishable cell (contributors)    5
=============================  ==========================================  =====================
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
DOMAINS: tuple[str, ...] = ("survey", "directory", "indicators", "pool")

ENV_ROOT = "CLUSTER_ANALYSIS_ROOT"
ENV_RAW = "CLUSTER_ANALYSIS_RAW"
ENV_PROCESSED = "CLUSTER_ANALYSIS_PROCESSED"
ENV_REPORTS = "CLUSTER_ANALYSIS_REPORTS"
ENV_MAX_UNZIP = "CLUSTER_ANALYSIS_MAX_UNZIP"
ENV_MIN_CELL = "CLUSTER_ANALYSIS_MIN_CELL"

DEFAULT_MAX_UNCOMPRESSED_MB = 500
DEFAULT_MIN_CELL = 5


def find_project_root(start: Path | None = None) -> Path:
    """Return the project root: ``$CLUSTER_ANALYSIS_ROOT``, else the nearest folder above ``start``
    (default: the current folder, then this package) that holds this project's pyproject.toml,
    else the current folder."""
    env = os.environ.get(ENV_ROOT)
    if env:
        return Path(env).expanduser().resolve()
    candidates = [Path.cwd() if start is None else Path(start), PACKAGE_DIR]
    for base in candidates:
        for folder in (base.resolve(), *base.resolve().parents):
            pyproject = folder / "pyproject.toml"
            if pyproject.is_file() and 'name = "cluster-analysis"' in pyproject.read_text("utf-8"):
                return folder
    return Path.cwd().resolve()


@dataclass(frozen=True)
class Paths:
    """The folders a run reads from and writes to. Raw is only ever read."""

    root: Path
    raw: Path
    processed: Path
    reports: Path

    def raw_for(self, domain: str) -> Path:
        """Return the raw input folder of a domain (``raw/survey`` ...)."""
        return self.raw / domain

    @property
    def figures(self) -> Path:
        return self.reports / "figures"

    @property
    def validation(self) -> Path:
        return self.reports / "validation"

    @property
    def manifests(self) -> Path:
        return self.processed / "manifests"

    @property
    def notebooks(self) -> Path:
        return self.root / "notebooks"


def get_paths(
    root: Path | str | None = None,
    *,
    raw: Path | str | None = None,
    processed: Path | str | None = None,
    reports: Path | str | None = None,
) -> Paths:
    """Return the run's paths: explicit arguments win over environment variables, which win over
    the defaults under the project root."""
    base = Path(root).expanduser().resolve() if root is not None else find_project_root()

    def pick(arg: Path | str | None, env: str, default: Path) -> Path:
        if arg is not None:
            return Path(arg).expanduser().resolve()
        if os.environ.get(env):
            return Path(os.environ[env]).expanduser().resolve()
        return default

    return Paths(
        root=base,
        raw=pick(raw, ENV_RAW, base / "data" / "raw"),
        processed=pick(processed, ENV_PROCESSED, base / "data" / "processed"),
        reports=pick(reports, ENV_REPORTS, base / "reports"),
    )


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if not value:
        return default
    try:
        return int(value)
    except ValueError as exc:  # a typo in an environment variable is a usage error
        from cluster_analysis.errors import InputError

        raise InputError(f"environment variable {name}={value!r} is not a whole number") from exc


@dataclass(frozen=True)
class Settings:
    """Run-wide settings. ``max_uncompressed_bytes`` guards against zip bombs; ``min_cell`` is the
    disclosure threshold (docs/methods.md#disclosure-control, a declared choice)."""

    max_uncompressed_bytes: int = field(
        default_factory=lambda: _env_int(ENV_MAX_UNZIP, DEFAULT_MAX_UNCOMPRESSED_MB) * 1024 * 1024
    )
    min_cell: int = field(default_factory=lambda: _env_int(ENV_MIN_CELL, DEFAULT_MIN_CELL))
    dominance_n: int = 2
    dominance_share: float = 0.85
    lang: str = "en"
    strict: bool = False
    seed: int = 20261123

    def with_(self, **changes: object) -> Settings:
        """Return a copy with some settings changed."""
        return replace(self, **changes)  # type: ignore[arg-type]
