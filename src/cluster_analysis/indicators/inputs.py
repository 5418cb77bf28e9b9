"""The indicators domain's declared inputs (``data/raw/indicators/``) and their loaders.

Every file is found and read through the run context, so each lands in the manifest:

- ``catalogue.csv`` or ``catalogue.xlsx`` (one of them required): the indicator catalogue;
- ``observations.csv`` / ``.xlsx`` (optional): the tidy long observations;
- ``real_figures.csv`` (optional): real cited figures (``imereti_real_figures.csv`` layout);
- ``geostat/*.xlsx`` (optional): Geostat wide tables; ``<stem>_EN.xlsx`` and ``<stem>_KA.xlsx`` are
  one table in two languages (values read from the English file, the Georgian one checked against
  it); the indicator id is the stem (``active_business_entities_per1000``);
- ``sector_employment.csv`` and ``largest_employers.csv`` (optional): for location quotients,
  diversification and dominant-employer shares.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

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
from cluster_analysis.indicators.observations import (
    OBSERVATION_MESSAGES,
    OBSERVATION_SCHEMA,
    apply_observation_rules,
    empty_observations,
    prepare_observations,
    read_real_figures,
)
from cluster_analysis.outputs import text

__all__ = [
    "CATALOGUE_CSV",
    "CATALOGUE_XLSX",
    "GEOSTAT",
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
    valid["_row"] = [int(i) + int(raw.attrs.get("row_offset", 2)) for i in valid.index]
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
    """One Geostat table: its indicator id (the file stem), the tidy rows of the English file (or
    the Georgian one when alone), and the cells where the two language files disagree."""

    indicator: str
    tidy: pd.DataFrame
    language_check: pd.DataFrame | None


def load_geostat(ctx: RunContext) -> list[GeostatTable]:
    """Return every Geostat table in ``geostat/`` (an English/Georgian pair is one table)."""
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
        check = None
        if "en" in files and "ka" in files:
            ctx.record_input(files["ka"], None)
            diff = compare_language_versions(files["en"], files["ka"])
            if len(diff):
                ctx.warn(
                    f"indicators: {files['en'].name} and {files['ka'].name} disagree in "
                    f"{len(diff)} cells (see the geostat_language_check table)"
                )
            check = diff.assign(file_en=files["en"].name, file_ka=files["ka"].name)
        indicator = re.sub(r"[^a-z0-9_]+", "_", stem.lower()).strip("_")
        tables.append(GeostatTable(indicator, tidy, check))
    return tables


def load_sector_employment(ctx: RunContext) -> pd.DataFrame | None:
    """Return employment by sector, place and year, or None when the file is absent."""
    return ctx.read_input(SECTOR_EMPLOYMENT)


def load_largest_employers(ctx: RunContext) -> pd.DataFrame | None:
    """Return the largest employer of each place, or None when the file is absent."""
    return ctx.read_input(LARGEST_EMPLOYERS)
