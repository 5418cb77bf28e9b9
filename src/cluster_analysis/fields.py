"""The data dictionary: what each processed column means, in English and Georgian, with its unit.

The meanings are declared once, in the ``metadata.yaml`` files (see :mod:`cluster_analysis.metadata`):
the shared file for columns several domains use and for naming patterns (the survey's ``imp_*`` /
``cap_*`` answer columns, multi-select children ``q/choice``, ``*_en`` / ``*_ka`` text pairs), and
each domain's own file for its columns. The pipeline writes ``data_dictionary`` (every processed
table's columns with type, description and unit) to data/processed and to
reports/data_dictionary.xlsx, so an analyst opening a parquet file knows what each column holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from cluster_analysis import metadata

DICTIONARY_COLUMNS: list[str] = [
    "domain",
    "table",
    "column",
    "dtype",
    "description_en",
    "description_ka",
    "unit",
    "unit_ka",
    "audience",
]


@dataclass(frozen=True)
class Field:
    """One column's meaning: bilingual description and English unit (empty when unitless)."""

    name: str
    en: str
    ka: str
    unit: str = ""


def describe_column(name: str, domain: str | None = None) -> Field | None:
    """Return the declared meaning of a column, by name or by pattern; None when undeclared
    (a thin view of :func:`cluster_analysis.metadata.describe_column`)."""
    spec = metadata.describe_column(name, domain)
    if spec is None:
        return None
    return Field(name, spec.en, spec.ka, (spec.unit or {}).get("en", ""))


def data_dictionary(processed_dir: Path) -> pd.DataFrame:
    """Return one row per column of every processed parquet table under ``processed_dir``:
    domain, table, column, dtype, description and unit (en, ka) from the declarations, and the
    table's declared audience (empty when the table is not declared)."""
    import pyarrow.parquet as pq

    rows = []
    for path in sorted(Path(processed_dir).glob("*/*.parquet")):
        domain, table = path.parent.name, path.stem
        audience: str
        try:
            audience = metadata.table_spec(domain, table).audience
        except KeyError:
            audience = ""
        schema = pq.read_schema(path)
        for column in schema.names:
            spec = metadata.describe_column(column, domain)
            unit = (spec.unit if spec else None) or {}
            rows.append(
                {
                    "domain": domain,
                    "table": table,
                    "column": column,
                    "dtype": str(schema.field(column).type),
                    "description_en": spec.en if spec else "",
                    "description_ka": spec.ka if spec else "",
                    "unit": unit.get("en", ""),
                    "unit_ka": unit.get("ka", ""),
                    "audience": audience,
                }
            )
    return pd.DataFrame(rows, columns=DICTIONARY_COLUMNS)
