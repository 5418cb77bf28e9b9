"""Bargaining-pool pipeline: the wiring of inputs -> tables -> figures -> findings.

``run(ctx)`` reads the declared inputs (:mod:`~cluster_analysis.pool.inputs`), builds every
processed table with the pure functions of :mod:`~cluster_analysis.pool.tables`, writes them (the
only writes of the domain), and returns a :class:`~cluster_analysis.outputs.DomainResult` whose
tables, figures and findings carry the audience declared in ``pool/metadata.yaml``: member-level
tables for the office only; pooled cells that pass the disclosure rules for members and vendors;
lagged category totals for donors.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from cluster_analysis import metadata
from cluster_analysis.context import RunContext
from cluster_analysis.outputs import DomainResult, TableOutput
from cluster_analysis.pool import inputs, tables
from cluster_analysis.pool.figures import FigureData, members_n, pool_figures
from cluster_analysis.pool.findings import method_notes, pool_findings
from cluster_analysis.pool.views import DONORS_TOTALS, PoolView
from cluster_analysis.validation import ValidationResult

DOMAIN = "pool"

#: ``cluster-analysis validate FILE --kind K`` for this domain.
VALIDATORS: dict[str, Callable[[RunContext, Path], list[ValidationResult]]] = {
    "demand": inputs.validate_demand_file,
    "offers": inputs.validate_offers_file,
}


def run(ctx: RunContext) -> DomainResult:
    """Run the pool on ``ctx.raw_dir``; write its processed tables; return its outputs."""
    ctx.progress("pool: demand")
    reference = inputs.load_reference(ctx)
    demand = inputs.load_demand(ctx, reference, inputs.load_register(ctx))
    pool_demand = tables.pool_demand(demand.valid, reference.units, reference.rates)
    ctx.write_table("pool_demand", pool_demand)

    ctx.progress("pool: offers")
    schedules = inputs.load_offers(ctx, reference).schedules
    ctx.write_table("vendor_schedules", tables.vendor_schedules(schedules))

    ctx.progress("pool: pooling")
    member_demand = tables.member_demand(pool_demand)
    pooled_volume = tables.pooled_volume(member_demand)
    pooled_costs = tables.pooled_costs(member_demand, schedules)
    pool_ranking = tables.pool_ranking(pooled_volume, pooled_costs, member_demand)
    screen = tables.market_share_screen(pooled_volume, inputs.load_market_sizes(ctx))
    ctx.write_table("pooled_volume", pooled_volume)
    ctx.write_table("pooled_costs", pooled_costs)
    ctx.write_table("pool_ranking", pool_ranking)

    ctx.progress("pool: cost sharing")
    allocations = tables.pool_allocations(member_demand, pooled_costs, schedules)
    for message in allocations.skipped:
        ctx.warn(message)
    if len(allocations.table):
        ctx.write_table("pool_allocations", allocations.table)

    ctx.progress("pool: views")
    views = tables.pool_views(
        pooled_volume,
        pooled_costs,
        member_demand,
        pool_ranking,
        allocations.table,
        screen,
        min_cell=ctx.settings.min_cell,
    )
    for name, frame in tables.published_tables(views).items():
        ctx.write_table(name, frame)
    suppression_log = tables.pool_suppression_log(views)
    ctx.write_table("pool_suppression_log", suppression_log)

    ctx.progress("pool: charts")
    period = tables.period_range(pooled_volume)
    source = metadata.domain_source(DOMAIN)
    data = FigureData(views, pool_ranking, schedules, allocations.table, ctx.synthetic)
    return DomainResult(
        domain=DOMAIN,
        tables=[
            *_office_tables(views.office, period, ctx.synthetic),
            *(t for view in views.shared for t in _shared_tables(view, period, ctx.synthetic)),
        ],
        figures=pool_figures(data),
        findings=pool_findings(
            pool_demand,
            views.donors.tables[DONORS_TOTALS],
            rows_in=demand.rows_in,
            rows_rejected=demand.rows_rejected,
            period=period,
            source=source,
        ),
        method_notes=method_notes(views.members.rules.min_count),
        sources=[source] if source else [],
        suppression_log=suppression_log,
    )


def _office_tables(view: PoolView, period: str, synthetic: bool) -> list[TableOutput]:
    """The office's member-level tables, published as ``office_<table>`` (reports/office/)."""
    outputs = []
    for name, frame in view.tables.items():
        table = f"office_{name}"
        outputs.append(
            TableOutput(
                name=table,
                frame=frame,
                meta=metadata.table_meta(DOMAIN, table, period=period, n=None, synthetic=synthetic),
                audience=metadata.table_spec(DOMAIN, table).audience,
            )
        )
    return outputs


def _shared_tables(view: PoolView, period: str, synthetic: bool) -> list[TableOutput]:
    """A shared view's tables with their hidden cells and the rule that hid them."""
    outputs = []
    for name, frame in view.tables.items():
        table_period = (
            str(frame["periods"].iloc[0]) if "periods" in frame.columns and len(frame) else period
        )
        published = frame.drop(columns=["suppressed"], errors="ignore")
        outputs.append(
            metadata.table_output(
                DOMAIN,
                name,
                published,
                period=table_period,
                n=members_n(frame),
                synthetic=synthetic,
                suppressed=view.suppressed.get(name, []),
                suppression_rule=view.rules.rule_text(),
            )
        )
    return outputs
