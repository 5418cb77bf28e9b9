"""The indicators domain's declared inputs (``data/raw/indicators/``) and their loaders.

Every file is found and read through the run context, so each lands in the manifest:

- ``catalogue.csv`` or ``catalogue.xlsx`` (one of them required): the indicator catalogue;
- ``observations.csv`` / ``.xlsx`` (optional): the tidy long observations;
- ``real_figures.csv`` (optional): real cited figures (``imereti_real_figures.csv`` layout);
- ``geostat/*.xlsx`` (optional): Geostat wide tables; ``<stem>_EN.xlsx`` and ``<stem>_KA.xlsx`` are
  one table in two languages (values read from the English file, the Georgian one checked against
  it); the indicator id is the stem (``active_business_entities_per1000``);
- ``geostat/*.px`` and ``geostat/*.json`` (optional): tables of Geostat's statistical database
  (PC-Axis files and JSON-stat answers, as ``cluster-analysis pull geostat`` saves them, with their
  ``<file>.pull.json`` record beside them, which is recorded in the manifest too); the indicator id
  is the file stem (``pull geostat ... --name <indicator>``); PxWeb csv answers are not read (a
  warning says so: pull them as px or json-stat2);
- ``sector_employment.csv`` and ``largest_employers.csv`` (optional): for location quotients,
  diversification and dominant-employer shares.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from cluster_analysis import readers
from cluster_analysis.context import InputSpec, RunContext
from cluster_analysis.errors import InputError
from cluster_analysis.indicators import declared
from cluster_analysis.indicators.catalogue import (
    CATALOGUE_CHECK_COLUMNS,
    CATALOGUE_MESSAGES,
    CATALOGUE_SCHEMA,
    prepare_catalogue,
)
from cluster_analysis.indicators.checks import flag_census_breaks
from cluster_analysis.indicators.geostat import compare_language_versions, read_geostat_table
from cluster_analysis.indicators.jsonstat import read_jsonstat
from cluster_analysis.indicators.observations import (
    OBSERVATION_MESSAGES,
    OBSERVATION_SCHEMA,
    apply_observation_rules,
    empty_observations,
    prepare_observations,
    read_real_figures,
)
from cluster_analysis.indicators.pcaxis import read_px
from cluster_analysis.outputs import text
from cluster_analysis.pull.raw import PULL_SUFFIX, read_sidecar, sidecar_of

__all__ = [
    "CATALOGUE_CSV",
    "CATALOGUE_XLSX",
    "GEOSTAT",
    "GEOSTAT_CSV",
    "GEOSTAT_JSONSTAT",
    "GEOSTAT_PX",
    "LARGEST_EMPLOYERS",
    "OBSERVATIONS_CSV",
    "OBSERVATIONS_XLSX",
    "SECTOR_EMPLOYMENT",
    "GeostatTable",
    "load_catalogue",
    "load_geostat",
    "load_largest_employers",
    "load_observations",
    "load_real_figures",
    "load_sector_employment",
]

_CATALOGUE = text("the indicator catalogue", "ინდიკატორების კატალოგი")
_OBSERVATIONS = text("indicator observations", "ინდიკატორების დაკვირვებები")
CATALOGUE_CSV = InputSpec("catalogue", "catalogue.csv", _CATALOGUE, required=False)
CATALOGUE_XLSX = InputSpec("catalogue", "catalogue.xlsx", _CATALOGUE, required=False)
OBSERVATIONS_CSV = InputSpec("observations", "observations.csv", _OBSERVATIONS, required=False)
OBSERVATIONS_XLSX = InputSpec("observations", "observations.xlsx", _OBSERVATIONS, required=False)
GEOSTAT = InputSpec(
    "geostat",
    "geostat/*.xlsx",
    text(
        "Geostat tables (English and Georgian files)", "საქსტატის ცხრილები (ინგლისური და ქართული)"
    ),
    required=False,
)
GEOSTAT_PX = InputSpec(
    "geostat_px",
    "geostat/*.px",
    text(
        "Geostat statistical database tables (PC-Axis files)",
        "საქსტატის სტატისტიკური მონაცემთა ბაზის ცხრილები (PC-Axis ფაილები)",
    ),
    required=False,
)
GEOSTAT_JSONSTAT = InputSpec(
    "geostat_jsonstat",
    "geostat/*.json",
    text(
        "Geostat statistical database answers (JSON-stat)",
        "საქსტატის სტატისტიკური მონაცემთა ბაზის პასუხები (JSON-stat)",
    ),
    required=False,
)
GEOSTAT_CSV = InputSpec(
    "geostat_csv",
    "geostat/*.csv",
    text(
        "Geostat database answers in csv (not read)",
        "საქსტატის ბაზის პასუხები csv-ში (არ იკითხება)",
    ),
    required=False,
)
SECTOR_EMPLOYMENT = InputSpec(
    "sector_employment",
    "sector_employment.csv",
    text("employment by sector and place", "დასაქმება დარგებისა და ადგილების მიხედვით"),
    required=False,
)
LARGEST_EMPLOYERS = InputSpec(
    "largest_employers",
    "largest_employers.csv",
    text("the largest employer of each place", "თითოეული ადგილის უმსხვილესი დამსაქმებელი"),
    required=False,
)


def real_figures_specs() -> list[InputSpec]:
    """The real-figures files, in the order declared in ``rules.real_files`` (first found read)."""
    description = text("real, cited figures", "რეალური, ციტირებული მაჩვენებლები")
    return [
        InputSpec("real_figures", str(name), description, required=False)
        for name in declared.rule("real_files")
    ]


def _first(ctx: RunContext, specs: list[InputSpec]) -> tuple[InputSpec, Path] | None:
    for spec in specs:
        path = ctx.input_path(spec)
        if path is not None:
            return spec, path
    return None


def load_catalogue(ctx: RunContext) -> pd.DataFrame:
    """Return the validated catalogue (invalid rows go to the rejects); InputError when there is no
    catalogue file or no valid row."""
    found = _first(ctx, [CATALOGUE_CSV, CATALOGUE_XLSX])
    if found is None:
        raise InputError(
            "no indicator catalogue: expected catalogue.csv or catalogue.xlsx", path=ctx.raw_dir
        )
    spec, path = found
    raw = ctx.read_input(spec, as_text=True)
    assert raw is not None  # the file was found above
    result = ctx.validate(
        prepare_catalogue(raw),
        CATALOGUE_SCHEMA,
        table="indicator_catalogue",
        source=path,
        id_column="indicator",
        dataframe_check_columns=CATALOGUE_CHECK_COLUMNS,
        messages=CATALOGUE_MESSAGES,
    )
    if result.valid.empty:
        raise InputError("no valid row in the indicator catalogue (see the rejects)", path=path)
    return result.valid.reset_index(drop=True)


def load_observations(ctx: RunContext, known: set[str]) -> pd.DataFrame:
    """Return the validated observations of catalogue indicators in the long layer (rows naming an
    unknown place or indicator go to the rejects); empty when there is no observations file."""
    found = _first(ctx, [OBSERVATIONS_CSV, OBSERVATIONS_XLSX])
    if found is None:
        return empty_observations()
    spec, path = found
    raw = ctx.read_input(spec, as_text=True)
    assert raw is not None
    result = ctx.validate(
        prepare_observations(raw),
        OBSERVATION_SCHEMA,
        table="indicator_observations",
        source=path,
        id_column="indicator",
        messages=OBSERVATION_MESSAGES,
    )
    valid = result.valid.copy()
    # spreadsheet row numbers survive the quarantine: rows dropped by the schema leave gaps
    rows = readers.sheet_rows(raw)  # the line staff see (blank csv lines counted)
    valid["_row"] = [rows[int(i)] for i in valid.index]
    kept, rejects = apply_observation_rules(valid, known, source=str(path))
    ctx.add_rejects(rejects)
    kept["origin"] = path.name
    kept["synthetic"] = ctx.synthetic
    return kept


def load_real_figures(ctx: RunContext) -> pd.DataFrame:
    """Return the real, cited figures with census breaks flagged; empty when there is no file."""
    found = _first(ctx, real_figures_specs())
    if found is None:
        return empty_observations()
    spec, path = found
    raw = ctx.read_input(spec, as_text=True)
    assert raw is not None
    real = flag_census_breaks(read_real_figures(raw))
    real["origin"] = path.name
    real["synthetic"] = False
    return real


@dataclass(frozen=True)
class GeostatTable:
    """One Geostat table: its indicator id (the file stem), the reader that read it (``xlsx``,
    ``px`` or ``jsonstat``), the reader's tidy rows (of the English file, or the Georgian one when
    alone), the cells where the two language files disagree, the pull record (source URL,
    query, time) when the file was pulled from Geostat's database, and the Georgian file's tidy
    rows when both language files exist (for the Georgian wording of the notes)."""

    indicator: str
    tidy: pd.DataFrame
    language_check: pd.DataFrame | None = None
    reader: str = "xlsx"
    pull: dict[str, object] | None = None
    tidy_ka: pd.DataFrame | None = None


def _indicator_id(stem: str) -> str:
    return re.sub(r"[^a-z0-9_]+", "_", stem.lower()).strip("_")


def load_geostat(ctx: RunContext) -> list[GeostatTable]:
    """Return every Geostat table in ``geostat/``: the xlsx tables (an English/Georgian pair is
    one table), then the PC-Axis files and JSON-stat answers (see the module doc)."""
    stems: dict[str, dict[str, Path]] = {}
    for path in ctx.input_paths(GEOSTAT):
        match = re.match(r"^(.*?)(?:_(EN|KA|en|ka))?$", path.stem)
        stem, lang = match.group(1), (match.group(2) or "en").lower()  # type: ignore[union-attr]
        stems.setdefault(stem, {})[lang] = path
    tables = []
    for stem, files in stems.items():
        main = files.get("en") or files.get("ka")
        assert main is not None  # every stem has one of the two
        ctx.progress(f"indicators: Geostat table {main.name}")
        tidy = read_geostat_table(main)
        ctx.record_input(main, len(tidy))
        pull = _record_pull(ctx, main)
        # a Georgian file alone: its notes are the Georgian wording
        check, tidy_ka = None, (tidy if "en" not in files else None)
        if "en" in files and "ka" in files:
            tidy_ka = read_geostat_table(files["ka"])
            ctx.record_input(files["ka"], len(tidy_ka))
            diff = compare_language_versions(files["en"], files["ka"])
            if len(diff):
                ctx.warn(
                    f"indicators: {files['en'].name} and {files['ka'].name} disagree in "
                    f"{len(diff)} cells (see the geostat_language_check table)"
                )
            check = diff.assign(file_en=files["en"].name, file_ka=files["ka"].name)
        tables.append(GeostatTable(_indicator_id(stem), tidy, check, "xlsx", pull, tidy_ka))
    return tables + _database_tables(ctx)


def _database_tables(ctx: RunContext) -> list[GeostatTable]:
    """The PC-Axis files and JSON-stat answers of ``geostat/`` (pull records are not tables)."""
    tables = []
    found = [(p, "px") for p in ctx.input_paths(GEOSTAT_PX)] + [
        (p, "jsonstat")
        for p in ctx.input_paths(GEOSTAT_JSONSTAT)
        if not p.name.endswith(PULL_SUFFIX)
    ]
    for path, reader in found:
        ctx.progress(f"indicators: Geostat table {path.name}")
        tidy = read_px(path) if reader == "px" else read_jsonstat(path)
        ctx.record_input(path, len(tidy))
        pull = _record_pull(ctx, path)
        tables.append(GeostatTable(_indicator_id(path.stem), tidy, None, reader, pull))
    for path in ctx.input_paths(GEOSTAT_CSV):
        ctx.warn(
            f"indicators: {path.name} is not read: a csv answer loses the table's units and "
            "notes; pull it with --format px or json-stat2"
        )
    return tables


def _record_pull(ctx: RunContext, path: Path) -> dict[str, object] | None:
    """The pull record beside ``path`` (recorded in the manifest), or None for a file saved by
    hand."""
    sidecar = sidecar_of(path)
    record = read_sidecar(sidecar)
    if record is not None:
        ctx.record_input(sidecar, None)
    return record


def load_sector_employment(ctx: RunContext) -> pd.DataFrame | None:
    """Return employment by sector, place and year, or None when the file is absent."""
    return ctx.read_input(SECTOR_EMPLOYMENT)


def load_largest_employers(ctx: RunContext) -> pd.DataFrame | None:
    """Return the largest employer of each place, or None when the file is absent."""
    return ctx.read_input(LARGEST_EMPLOYERS)


# --- The project's facts and the cluster's own data (computed results) ---------------------------

PROJECT = InputSpec(
    "project",
    "project.csv",
    text(
        "the project's facts (title, donor, contribution, implementer, period, towns, outcomes)",
        "პროექტის ფაქტები (სათაური, დონორი, წვლილი, განმახორციელებელი, ვადა, ქალაქები, შედეგები)",
    ),
    required=False,
)
ACTIVITY_LOG = InputSpec(
    "activity_log",
    "activity_log.csv",
    text(
        "the cluster's activity log (events, dialogue, consultations, positions, media, promotion)",
        "კლასტერის აქტივობების ჟურნალი (ღონისძიებები, დიალოგი, კონსულტაციები, პოზიციები, მედია, "
        "პოპულარიზაცია)",
    ),
    required=False,
)
#: Other domains' processed tables the computed results read (domain, table).
REGISTER = ("survey", "survey_register")
RESPONSES = ("survey", "survey_responses")
SAVINGS = ("pool", "realised_savings")
EVENTS = ("directory", "events")


def load_project(ctx: RunContext) -> pd.DataFrame | None:
    """Return the validated project facts (one row per fact), or None when there is no project
    file; InputError (one line) when a required fact is missing."""
    from cluster_analysis.indicators.project import (
        PROJECT_CHECK_COLUMNS,
        PROJECT_MESSAGES,
        PROJECT_SCHEMA,
        check_project_fields,
    )

    valid = _validated_text_table(
        ctx,
        PROJECT,
        PROJECT_SCHEMA,
        table="project_facts",
        id_column="field",
        check_columns=PROJECT_CHECK_COLUMNS,
        messages=PROJECT_MESSAGES,
    )
    if valid is not None:
        check_project_fields(valid, ctx.input_path(PROJECT) or PROJECT.path)
    return valid


def load_activity_log(ctx: RunContext) -> pd.DataFrame | None:
    """Return the validated activity log, or None when there is none."""
    from cluster_analysis.indicators.results import (
        ACTIVITY_CHECK_COLUMNS,
        ACTIVITY_MESSAGES,
        ACTIVITY_SCHEMA,
    )

    return _validated_text_table(
        ctx,
        ACTIVITY_LOG,
        ACTIVITY_SCHEMA,
        table="activity_log",
        id_column="activity_id",
        check_columns=ACTIVITY_CHECK_COLUMNS,
        messages=ACTIVITY_MESSAGES,
    )


def _validated_text_table(
    ctx: RunContext,
    spec: InputSpec,
    schema: pa.DataFrameSchema,
    *,
    table: str,
    id_column: str,
    check_columns: dict[str, str],
    messages: dict[str, dict[str, str]],
) -> pd.DataFrame | None:
    """Read an optional input as text (cells stripped), validate it with quarantine and return
    the valid rows; None when the file is not there."""
    path = ctx.input_path(spec)
    if path is None:
        return None
    raw = ctx.read(path, as_text=True)
    result = ctx.validate(
        raw.apply(lambda column: column.str.strip()),
        schema,
        table=table,
        source=path,
        id_column=id_column,
        dataframe_check_columns=check_columns,
        messages=messages,
    )
    return result.valid.reset_index(drop=True)


@dataclass(frozen=True)
class ClusterData:
    """The cluster's own data other domains processed in this run (None when not there)."""

    survey_register: pd.DataFrame | None
    survey_responses: pd.DataFrame | None
    realised_savings: pd.DataFrame | None
    events: pd.DataFrame | None
    activity_log: pd.DataFrame | None


def load_cluster_data(ctx: RunContext) -> ClusterData:
    """Return the register and responses (survey), actual purchases (pool), the directory's events
    and the activity log, each None when absent (results then are not computed from it)."""
    return ClusterData(
        survey_register=ctx.read_processed(*REGISTER, required=False),
        survey_responses=ctx.read_processed(*RESPONSES, required=False),
        realised_savings=ctx.read_processed(*SAVINGS, required=False),
        events=ctx.read_processed(*EVENTS, required=False),
        activity_log=load_activity_log(ctx),
    )
