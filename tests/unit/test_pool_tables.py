"""The pool's table functions on the example data: pure (inputs unchanged), consistent with an
independent aggregation, and with the audiences the declarations give."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from cluster_analysis import metadata
from cluster_analysis.pipeline import make_context
from cluster_analysis.pool import inputs, tables
from cluster_analysis.pool.figures import FigureData, pool_figures

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory):
    from cluster_analysis.config import get_paths

    paths = get_paths(tmp_path_factory.mktemp("pool-tables"), raw=REPO / "data" / "raw")
    ctx = make_context(paths, domain="pool")
    reference = inputs.load_reference(ctx)
    demand = inputs.load_demand(ctx, reference, register=None)
    offers = inputs.load_offers(ctx, reference)
    return ctx, reference, demand, offers


def _frozen(*frames: pd.DataFrame) -> list[pd.DataFrame]:
    return [frame.copy(deep=True) for frame in frames]


def test_units_and_rates_are_read_once_and_every_input_is_in_the_manifest(example) -> None:
    ctx, *_ = example
    shown = sorted(str(i["path"]).rsplit("/", 1)[-1] for i in ctx.manifest.inputs)
    assert shown == [
        "demand_submissions.csv",
        "exchange_rates.csv",
        "units.csv",
        "vendor_offers.csv",
    ]


def test_table_functions_never_change_their_inputs(example) -> None:
    _, reference, demand, offers = example
    valid = demand.valid
    before = _frozen(valid)
    pool_demand = tables.pool_demand(valid, reference.units, reference.rates)
    pd.testing.assert_frame_equal(valid, before[0])

    frozen = _frozen(pool_demand)
    member_demand = tables.member_demand(pool_demand)
    pooled_volume = tables.pooled_volume(member_demand)
    pooled_costs = tables.pooled_costs(member_demand, offers.schedules)
    ranking = tables.pool_ranking(pooled_volume, pooled_costs, member_demand)
    screen = tables.market_share_screen(pooled_volume, None)
    allocations = tables.pool_allocations(member_demand, pooled_costs, offers.schedules)
    snapshot = _frozen(member_demand, pooled_volume, pooled_costs, ranking, allocations.table)
    views = tables.pool_views(
        pooled_volume,
        pooled_costs,
        member_demand,
        ranking,
        allocations.table,
        screen,
        min_cell=5,
    )
    pd.testing.assert_frame_equal(pool_demand, frozen[0])
    for after, copy in zip(
        (member_demand, pooled_volume, pooled_costs, ranking, allocations.table),
        snapshot,
        strict=True,
    ):
        pd.testing.assert_frame_equal(after, copy)
    assert {v.audience for v in views.shared} == {"members", "vendors", "donors"}
    assert views.office.audience == "office"


def test_pooled_volume_adds_up_the_converted_submissions(example) -> None:
    _, reference, demand, _ = example
    pool_demand = tables.pool_demand(demand.valid, reference.units, reference.rates)
    pooled = tables.pooled_volume(tables.member_demand(pool_demand))
    # independent: convert each row by hand from units.csv and sum per cell
    units = pd.read_csv(REPO / "data" / "raw" / "pool" / "units.csv", dtype=str)
    factors = {
        (r.category, r.unit): (r.base_unit, float(r.factor)) for r in units.itertuples(index=False)
    }
    expected: dict[tuple[str, str, str], float] = {}
    for row in demand.valid.itertuples(index=False):
        base_unit, factor = factors[(row.category, row.unit)]
        key = (row.category, base_unit, row.period)
        expected[key] = expected.get(key, 0.0) + float(row.quantity) * factor
    got = {(r.category, r.base_unit, r.period): r.quantity for r in pooled.itertuples(index=False)}
    assert got.keys() == expected.keys()
    for key, value in expected.items():
        assert got[key] == pytest.approx(value), key


def test_published_and_figure_audiences_are_the_declared_ones(example) -> None:
    _, reference, demand, offers = example
    pool_demand = tables.pool_demand(demand.valid, reference.units, reference.rates)
    member_demand = tables.member_demand(pool_demand)
    pooled_volume = tables.pooled_volume(member_demand)
    pooled_costs = tables.pooled_costs(member_demand, offers.schedules)
    ranking = tables.pool_ranking(pooled_volume, pooled_costs, member_demand)
    allocations = tables.pool_allocations(member_demand, pooled_costs, offers.schedules)
    views = tables.pool_views(
        pooled_volume,
        pooled_costs,
        member_demand,
        ranking,
        allocations.table,
        tables.market_share_screen(pooled_volume, None),
        min_cell=5,
    )
    for name in tables.published_tables(views):
        assert metadata.table_spec("pool", name).audience in {"members", "vendors", "donors"}
    for view in views.shared:
        for name in view.tables:
            assert metadata.table_spec("pool", name).audience == view.audience, name
    figures = pool_figures(FigureData(views, ranking, offers.schedules, allocations.table, True))
    assert figures[0].name == "pool_pareto_spend"
    for figure in figures:
        assert figure.audience == metadata.figure_spec("pool", figure.name).audience
        assert figure.meta.synthetic
        assert figure.meta.source == metadata.domain_source("pool")
    assert tables.period_range(pooled_volume) == (
        f"{pooled_volume['period'].min()}–{pooled_volume['period'].max()}"
    )
