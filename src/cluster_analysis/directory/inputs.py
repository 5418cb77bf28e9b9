"""Declared inputs of the directory and the only code that reads them (through the run context).

One CSV or workbook per database of the cluster strategy in ``data/raw/directory/``, plus three
processed tables of the survey of this run (the critical gaps to match).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from cluster_analysis.context import InputSpec, RunContext
from cluster_analysis.directory import schemas
from cluster_analysis.outputs import text
from cluster_analysis.validation import ValidationResult

FUNDING_PROGRAMMES = InputSpec(
    "funding_programmes",
    "funding_programmes.csv",
    text(
        "(co-)funding programmes for the private sector",
        "კერძო სექტორის (თანა)დაფინანსების პროგრამები",
    ),
)
SERVICE_PROVIDERS = InputSpec(
    "service_providers",
    "service_providers.csv",
    text(
        "industry-specific and general service providers",
        "დარგობრივი და ზოგადი მომსახურების მიმწოდებლები",
    ),
)
EXPERTS = InputSpec("experts", "experts.csv", text("experts", "ექსპერტები"))
TECHNOLOGY_PROVIDERS = InputSpec(
    "technology_providers",
    "technology_providers.csv",
    text("technology providers", "ტექნოლოგიების მიმწოდებლები"),
)
EVENTS = InputSpec(
    "events",
    "events.csv",
    text("fairs, exhibitions and conferences", "ბაზრობები, გამოფენები და კონფერენციები"),
)
TALENT_POOL = InputSpec(
    "talent_pool",
    "talent_pool.csv",
    text(
        "potential employees (personal data)", "პოტენციური თანამშრომლები (პერსონალური მონაცემები)"
    ),
)
INPUTS: dict[str, InputSpec] = {
    spec.name: spec
    for spec in (
        FUNDING_PROGRAMMES,
        SERVICE_PROVIDERS,
        EXPERTS,
        TECHNOLOGY_PROVIDERS,
        EVENTS,
        TALENT_POOL,
    )
}

#: The survey's processed tables the gap matching reads (this run's, or the last survey run's).
SURVEY_TABLES: tuple[str, ...] = (
    "needs_assessment",
    "survey_capacity_items",
    "survey_capacity_long",
)


@dataclass(frozen=True)
class SurveyTables:
    """The survey's outputs the directory needs: published needs, the item list, member answers."""

    needs_assessment: pd.DataFrame
    survey_capacity_items: pd.DataFrame
    survey_capacity_long: pd.DataFrame

    @property
    def topics(self) -> dict[str, str]:
        """Survey item code -> dimension code."""
        items = self.survey_capacity_items
        return dict(zip(items["item"].astype(str), items["dimension"].astype(str), strict=True))

    @property
    def latest_wave(self) -> str:
        return str(sorted(self.needs_assessment["wave"].astype(str).unique())[-1])


def load_survey(ctx: RunContext) -> SurveyTables:
    """Return the survey's processed tables (InputError naming the survey when it has not run)."""
    frames = {name: ctx.read_processed("survey", name) for name in SURVEY_TABLES}
    return SurveyTables(**frames)


def _schema(table: str, topics: Mapping[str, str], regions: Collection[str]) -> pa.DataFrameSchema:
    if table == "events":
        return schemas.events_schema(topics)
    builder = getattr(schemas, f"{table}_schema")
    return builder(topics, regions)


def validate_file(
    ctx: RunContext, table: str, path: Path, topics: Mapping[str, str], regions: Collection[str]
) -> ValidationResult:
    """Read one directory file as text and validate it with quarantine (recorded in ctx)."""
    frame = ctx.read(path, as_text=True)
    return ctx.validate(
        frame,
        _schema(table, topics, regions),
        table=table,
        source=path,
        id_column=schemas.ID_COLUMNS[table],
        dataframe_check_columns=schemas.dataframe_check_columns(table),
        messages=schemas.CHECK_MESSAGES,
    )


def load_directory(
    ctx: RunContext, topics: Mapping[str, str], regions: Collection[str]
) -> dict[str, pd.DataFrame]:
    """Return the valid rows of every directory file, keyed by table name (rejects go to ctx)."""
    valid = {}
    for table, spec in INPUTS.items():
        path = ctx.input_path(spec)
        assert path is not None  # every directory input is required
        valid[table] = validate_file(ctx, table, path, topics, regions).valid
    return valid
