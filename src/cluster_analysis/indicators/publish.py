"""The indicators domain's published tables: processed tables with their metadata.

Title, unit, source and audience come from the declarations in ``metadata.yaml``
(:func:`cluster_analysis.metadata.table_meta`); short headers from a table's ``headers``; this run
adds the period, n, synthetic flag and notes. Pure: no I/O.
"""

from __future__ import annotations

import pandas as pd

from cluster_analysis import metadata
from cluster_analysis.indicators import declared
from cluster_analysis.indicators.logframe import logframe_table
from cluster_analysis.indicators.progress import METHOD_NOTES
from cluster_analysis.outputs import Meta, TableOutput, Text, text

__all__ = [
    "domain_tables",
    "period_text",
    "progress_period",
    "progress_tables",
    "published",
    "real_figures_table",
    "sector_tables",
]

DOMAIN = declared.DOMAIN
_REAL_COLUMNS = [
    "indicator",
    "place",
    "period",
    "value",
    "unit",
    "source",
    "source_quality",
    "break",
    "note",
]


def period_text(frame: pd.DataFrame, column: str = "year") -> str:
    """Return "2019-2024" (or one year) spanned by ``column``; empty when there is none."""
    years = frame[column].dropna()
    if years.empty:
        return ""
    low, high = int(years.min()), int(years.max())
    return str(low) if low == high else f"{low}-{high}"


def progress_period(frame: pd.DataFrame) -> str:
    """Baseline year of the earliest indicator to the latest observation."""
    years = pd.concat([frame["baseline_year"], frame["latest_year"]]).dropna()
    return period_text(pd.DataFrame({"year": years}))


def published(
    name: str,
    frame: pd.DataFrame,
    *,
    period: str | None = None,
    synthetic: bool,
    source: Text | None = None,
    note: Text | None = None,
    title: Text | None = None,
) -> TableOutput:
    """Return ``frame`` as the published table ``name`` (declared in metadata.yaml)."""
    spec = metadata.table_spec(DOMAIN, name)
    return TableOutput(
        name=name,
        frame=frame,
        meta=Meta(
            title=title or spec.title,
            unit=spec.unit,
            period=period,
            # a table cites the domain's default source only when it says so
            source=source or declared.table_source(name),
            n=str(len(frame)),
            note=note or declared.table_note(name),
            synthetic=synthetic,
        ),
        audience=spec.audience,
        columns=declared.headers(name),
    )


def progress_tables(
    indicator_progress: pd.DataFrame,
    indicator_progress_open_sdg: pd.DataFrame,
    catalogue: pd.DataFrame,
    *,
    period: str,
    synthetic: bool,
) -> list[TableOutput]:
    """Return the progress table, the Open SDG measure and the logframe in both languages."""
    catalogue_source = declared.source("catalogue")
    headers = declared.headers("indicator_progress")
    tables = [
        published(
            "indicator_progress",
            indicator_progress[list(headers)],
            period=period,
            synthetic=synthetic,
            source=catalogue_source,
            note=METHOD_NOTES["achievement"],
        ),
        published(
            "indicator_progress_open_sdg",
            indicator_progress_open_sdg,
            period=period,
            synthetic=synthetic,
            source=catalogue_source,
            note=METHOD_NOTES["open_sdg"],
        ),
    ]
    for lang in ("en", "ka"):
        table = logframe_table(
            indicator_progress,
            catalogue,
            lang,
            synthetic=synthetic,
            period=period,
            source=catalogue_source,
        )
        tables.append(table)
    return tables


def real_figures_table(real_figures: pd.DataFrame) -> TableOutput:
    """Return the real, cited figures as published (with their addresses when given)."""
    columns = _REAL_COLUMNS + (["source_url"] if "source_url" in real_figures.columns else [])
    return published(
        "real_cited_figures",
        real_figures[columns],
        period=period_text(real_figures),
        synthetic=False,
        source=declared.source("real"),
    )


def sector_tables(
    location_quotients: pd.DataFrame,
    diversification: pd.DataFrame,
    shift_share: pd.DataFrame | None,
    *,
    first_year: int,
    latest_year: int,
    synthetic: bool,
) -> list[TableOutput]:
    """Return location quotients, diversification and (with two years) shift-share."""
    tables = [
        published(
            "location_quotients", location_quotients, period=str(latest_year), synthetic=synthetic
        ),
        published(
            "diversification",
            diversification,
            period=str(latest_year),
            synthetic=synthetic,
        ),
    ]
    if shift_share is not None:
        title = metadata.table_spec(DOMAIN, "shift_share").title
        span = f"{first_year}-{latest_year}"
        tables.append(
            published(
                "shift_share",
                shift_share,
                period=span,
                synthetic=synthetic,
                title=text(f"{title['en']} {span}", f"{title['ka']} {span}"),
            )
        )
    return tables


def domain_tables(
    indicator_progress: pd.DataFrame,
    indicator_progress_open_sdg: pd.DataFrame,
    catalogue: pd.DataFrame,
    *,
    real_figures: pd.DataFrame,
    source_choice: pd.DataFrame,
    indicator_checks: pd.DataFrame,
    geostat_language_check: pd.DataFrame,
    town_comparison: pd.DataFrame,
    period: str,
    synthetic: bool,
) -> list[TableOutput]:
    """Return the published tables other than the sector ones, in the order of the reports."""
    tables = progress_tables(
        indicator_progress,
        indicator_progress_open_sdg,
        catalogue,
        period=period,
        synthetic=synthetic,
    )
    if len(real_figures):
        tables.append(real_figures_table(real_figures))
    tables += [
        published("source_choice", source_choice, synthetic=synthetic),
        published("indicator_checks", indicator_checks, synthetic=synthetic),
    ]
    if len(geostat_language_check):
        tables.append(published("geostat_language_check", geostat_language_check, synthetic=False))
    tables.append(published("town_comparison", town_comparison, synthetic=False))
    return tables
