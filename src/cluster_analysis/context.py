"""The run context a domain pipeline receives: where to read, how to validate, where to write.

A domain's ``pipeline.run(ctx) -> DomainResult`` only talks to the file system through this object,
so every input lands in the manifest with its sha256 and row count, every validation's rejects reach
the staff's rejects workbook, and every processed table is written atomically into the run's staging
folder (committed only when the whole run succeeds).

A domain declares its inputs as :class:`InputSpec` constants in its ``inputs.py`` and reads them with
:meth:`RunContext.read_input` (or :meth:`RunContext.input_path` plus :meth:`RunContext.record_input`
for special readers); an earlier domain's processed table comes from
:meth:`RunContext.read_processed`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from cluster_analysis import readers
from cluster_analysis.config import Paths, Settings
from cluster_analysis.errors import InputError
from cluster_analysis.outputs import Text
from cluster_analysis.store import Manifest, write_parquet
from cluster_analysis.validation import REJECT_COLUMNS, Messages, ValidationResult, validate

SYNTHETIC_MARKER = "SYNTHETIC.md"
_GLOB_CHARACTERS = frozenset("*?[")


@dataclass(frozen=True)
class InputSpec:
    """A declared input file of a domain.

    ``path`` is relative to the domain's raw folder and may be a glob (``"exports/*"``);
    ``description`` says in both languages what the file holds (it appears in the message when a
    required file is missing).
    """

    name: str
    path: str
    description: Text
    required: bool = True

    @property
    def is_glob(self) -> bool:
        return any(c in _GLOB_CHARACTERS for c in self.path)


@dataclass
class RunContext:
    """Paths, settings and collectors for one run of one or more domains."""

    paths: Paths
    settings: Settings
    manifest: Manifest
    processed_dir: Path
    domain: str = ""
    progress: Callable[[str], None] = lambda message: None
    validations: list[ValidationResult] = field(default_factory=list)
    extra_rejects: list[pd.DataFrame] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def for_domain(self, domain: str) -> RunContext:
        """Return this context pointed at one domain (shares the collectors)."""
        self.domain = domain
        return self

    @property
    def raw_dir(self) -> Path:
        """The domain's raw folder (read only)."""
        return self.paths.raw_for(self.domain)

    @property
    def lang(self) -> str:
        return self.settings.lang

    @property
    def synthetic(self) -> bool:
        """True when the domain's raw folder is the bundled synthetic example data (it holds a
        ``SYNTHETIC.md`` marker); every chart and report built from it says so."""
        return (self.raw_dir / SYNTHETIC_MARKER).exists()

    def raw(self, *parts: str) -> Path:
        """Return a path inside the domain's raw folder."""
        return self.raw_dir.joinpath(*parts)

    def record_input(self, path: Path, rows: int | None) -> None:
        """Add a file read outside :meth:`read` to the manifest."""
        self.manifest.add_input(Path(path), rows, self.paths.root)

    def input_paths(self, spec: InputSpec) -> list[Path]:
        """Return the files matching ``spec`` in the domain's raw folder, sorted.

        Raises :class:`~cluster_analysis.errors.InputError` (one line) when a required input has
        no file.
        """
        if spec.is_glob:
            found = sorted(p for p in self.raw_dir.glob(spec.path) if p.is_file())
        else:
            path = self.raw_dir / spec.path
            found = [path] if path.is_file() else []
        if not found and spec.required:
            raise InputError(
                f"missing required input '{spec.name}' ({spec.description.get('en', '')})",
                path=self.raw_dir / spec.path,
            )
        return found

    def input_path(self, spec: InputSpec) -> Path | None:
        """Return the file of ``spec`` (the first match of a glob), or None when an optional input
        is absent; InputError (one line) when a required one is."""
        found = self.input_paths(spec)
        return found[0] if found else None

    def read_input(self, spec: InputSpec, **kwargs: object) -> pd.DataFrame | None:
        """Read the file of ``spec`` with :func:`cluster_analysis.readers.read_table` (keyword
        arguments passed on) and record it in the manifest; None when an optional input is absent.
        """
        path = self.input_path(spec)
        return None if path is None else self.read(path, **kwargs)

    def processed_path(self, domain: str, table: str) -> Path:
        """Where ``domain``'s processed ``table`` is in this run (the staging folder)."""
        return self.processed_dir / domain / f"{table}.parquet"

    def read_processed(
        self, domain: str, table: str, *, required: bool = True
    ) -> pd.DataFrame | None:
        """Return an earlier domain's processed ``table`` as written in this run (or, when that
        domain is not part of this run, by the last run that processed it), recorded in the
        manifest as an input.

        A missing table raises InputError naming the domain to run first, or returns None when
        ``required`` is False.
        """
        path = self.processed_path(domain, table)
        if not path.is_file():
            if not required:
                return None
            raise InputError(
                f"processed table {domain}/{table} is not there: run the {domain} domain first "
                f"(cluster-analysis run {' '.join(d for d in dict.fromkeys([domain, self.domain]) if d)})",
                path=self.paths.processed / domain / f"{table}.parquet",
            )
        frame = pd.read_parquet(path)
        self.manifest.add_input(
            path,
            len(frame),
            self.paths.root,
            shown_as=self.paths.processed / domain / f"{table}.parquet",
        )
        return frame

    def read(self, path: Path | str, **kwargs: object) -> pd.DataFrame:
        """Read a table with :func:`cluster_analysis.readers.read_table` and record it."""
        frame = readers.read_table(path, settings=self.settings, **kwargs)  # type: ignore[arg-type]
        self.record_input(Path(path), len(frame))
        return frame

    def validate(
        self,
        frame: pd.DataFrame,
        schema: pa.DataFrameSchema,
        *,
        table: str,
        source: str | Path | None = None,
        id_column: str | None = None,
        dataframe_check_columns: dict[str, str] | None = None,
        messages: Messages | None = None,
    ) -> ValidationResult:
        """Validate with quarantine (:func:`cluster_analysis.validation.validate`) and collect the
        result for the rejects workbook and the manifest."""
        result = validate(
            frame,
            schema,
            table=table,
            source=None if source is None else str(source),
            id_column=id_column,
            dataframe_check_columns=dataframe_check_columns,
            messages=messages,
        )
        self.validations.append(result)
        self.manifest.validation.append(result.summary())
        return result

    def add_rejects(self, rejects: pd.DataFrame) -> None:
        """Collect rejects produced by a domain rule outside pandera (same columns as
        :data:`cluster_analysis.validation.REJECT_COLUMNS`)."""
        missing = set(REJECT_COLUMNS) - set(rejects.columns)
        if missing:
            raise ValueError(f"rejects table lacks columns {sorted(missing)}")
        if len(rejects):
            self.extra_rejects.append(rejects[REJECT_COLUMNS])

    def write_table(self, name: str, frame: pd.DataFrame) -> Path:
        """Write a processed table as ``<processed>/<domain>/<name>.parquet`` (atomic)."""
        path = self.processed_dir / self.domain / f"{name}.parquet"
        write_parquet(frame, path)
        final = self.paths.processed / self.domain / f"{name}.parquet"
        self.manifest.add_output(final, len(frame), self.paths.root)
        return path

    def warn(self, message: str) -> None:
        """Record a one-line warning for the run summary and manifest."""
        self.warnings.append(message)
        self.manifest.warnings.append(message)

    def all_rejects(self) -> pd.DataFrame:
        """Every reject reason of this run, in one table."""
        parts = [v.rejects for v in self.validations if len(v.rejects)] + self.extra_rejects
        if not parts:
            return pd.DataFrame(columns=REJECT_COLUMNS)
        return pd.concat(parts, ignore_index=True)
