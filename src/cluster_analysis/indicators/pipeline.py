"""The indicators domain: catalogue and observations in; progress, checks, comparisons, figures,
logframe and findings out.

Wiring only: :mod:`.inputs` reads (through the run context), :mod:`.tables` computes each processed
table, :mod:`.publish` adds the declared metadata, :mod:`.figures` draws the figures declared in
``metadata.yaml`` and :mod:`.findings` writes the sentences. This is the only module that writes.

Processed tables: ``indicator_catalogue``, ``indicator_observations``, ``indicator_progress``,
``source_choice``, ``indicator_checks``, ``logframe_en``, ``logframe_ka``, ``town_comparison`` and,
when their inputs exist, ``geostat_language_check``, ``location_quotients``, ``diversification``
and ``shift_share``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from cluster_analysis.context import RunContext
from cluster_analysis.indicators import declared, inputs, publish
from cluster_analysis.indicators import figures as fig
from cluster_analysis.indicators import findings as fi
from cluster_analysis.indicators import tables as t
from cluster_analysis.indicators.progress import METHOD_NOTES
from cluster_analysis.outputs import DomainResult, TableOutput

__all__ = ["run"]

DOMAIN = declared.DOMAIN


def run(ctx: RunContext) -> DomainResult:
    """Run the indicators domain and return its tables, figures and findings (see module doc)."""
    ctx.progress("indicators: catalogue")
    catalogue = inputs.load_catalogue(ctx)
    known = set(catalogue["indicator"].astype(str))
    ctx.progress("indicators: observations")
    observed = inputs.load_observations(ctx, known)
    real = inputs.load_real_figures(ctx)
    geostat_tables = inputs.load_geostat(ctx)

    geostat = t.geostat_observations(geostat_tables, int(declared.rule("census_rebased_from")))
    language_check = t.geostat_language_check(geostat_tables)
    everything = t.all_observations(observed, real, geostat)
    checks = t.indicator_checks(everything, catalogue)
    usable = t.usable_observations(everything, catalogue)
    if len(usable) < len(everything):
        ctx.warn(
            f"indicators: {len(everything) - len(usable)} observation(s) in another unit than the "
            "catalogue's left out of progress (see indicator_checks)"
        )
    kept, source_choice = t.indicator_observations(usable), t.source_choice(usable)
    if len(source_choice):
        ctx.warn(
            f"indicators: {len(source_choice)} value(s) given by two sources; the better "
            "source was kept (see source_choice)"
        )
    ctx.progress("indicators: progress")
    progress_frame = t.indicator_progress(catalogue, kept)
    open_sdg = t.indicator_progress_open_sdg(catalogue, kept)
    towns = declared.place_set("towns")
    town_comparison = t.town_comparison(
        kept, towns, int(declared.rule("census_year")), int(declared.rule("census_rebased_from"))
    )

    ctx.write_table("indicator_catalogue", t.indicator_catalogue(catalogue))
    ctx.write_table("indicator_observations", t.string_columns(kept))
    ctx.write_table("indicator_progress", progress_frame)
    ctx.write_table("source_choice", source_choice)
    ctx.write_table("indicator_checks", checks)
    for lang in ("en", "ka"):
        ctx.write_table(f"logframe_{lang}", t.logframe(progress_frame, catalogue, lang))
    if len(language_check):
        ctx.write_table("geostat_language_check", language_check)
    ctx.write_table("town_comparison", town_comparison)

    catalogue_obs = kept[kept["indicator"].isin(sorted(known))]
    synthetic = ctx.synthetic and bool(catalogue_obs["synthetic"].fillna(False).astype(bool).any())
    tables = publish.domain_tables(
        progress_frame,
        open_sdg,
        catalogue,
        real_figures=real,
        source_choice=source_choice,
        indicator_checks=checks,
        geostat_language_check=language_check,
        town_comparison=town_comparison,
        period=publish.period_text(catalogue_obs),
        synthetic=synthetic,
    )
    sectors = _sector_tables(ctx)
    tables += sectors.tables

    result = DomainResult(domain=DOMAIN, tables=tables)
    result.method_notes.extend([METHOD_NOTES["achievement"], METHOD_NOTES["open_sdg"]])
    result.sources.extend([declared.source(s) for s in ("catalogue", "real", "geostat")])
    data = fig.FigureData(
        indicator_progress=progress_frame,
        catalogue=catalogue,
        indicator_observations=kept,
        real_figures=real,
        synthetic=synthetic,
        location_quotients=sectors.location_quotients,
        location_quotients_year=sectors.year,
        location_quotients_synthetic=sectors.synthetic,
    )
    result.figures.extend(fig.figures(data))
    result.findings.extend(
        fi.findings(
            progress_frame,
            catalogue,
            kept,
            real,
            towns=towns,
            growth=declared.growth_finding(),
            break_place=str(declared.rule("break_finding_place")),
            catalogue_source=declared.source("catalogue"),
            geostat_source=declared.source("geostat"),
            synthetic=synthetic,
        )
    )
    return result


@dataclass
class _Sectors:
    """The sector tables of one run (none when sector_employment.csv is absent)."""

    tables: list[TableOutput] = field(default_factory=list)
    location_quotients: pd.DataFrame | None = None
    year: str = ""
    synthetic: bool = False


def _sector_tables(ctx: RunContext) -> _Sectors:
    """Write and return location quotients, diversification and shift-share (with sector data)."""
    out = _Sectors()
    sectors = inputs.load_sector_employment(ctx)
    if sectors is None:
        return out
    employers = inputs.load_largest_employers(ctx)
    first, latest = int(sectors["year"].min()), int(sectors["year"].max())
    synthetic = t.sector_data_synthetic(sectors)
    lq = t.location_quotients(sectors)
    hhi = t.diversification(sectors, employers)
    share = t.shift_share(sectors)
    out.tables = publish.sector_tables(
        lq, hhi, share, first_year=first, latest_year=latest, synthetic=synthetic
    )
    out.location_quotients, out.year, out.synthetic = lq, str(latest), synthetic
    # Processed copies for notebooks (with the year and synthetic flag the figure's meta needs).
    ctx.write_table("location_quotients", lq.assign(year=latest, synthetic=synthetic))
    ctx.write_table("diversification", hhi.assign(year=latest))
    if share is not None:
        ctx.write_table("shift_share", share)
    return out
