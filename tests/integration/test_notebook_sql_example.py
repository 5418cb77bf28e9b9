"""``notebook.sql`` over the processed output of the example run: every table the pipeline wrote is
a view, the catalogue carries each table's declared audience, and a query agrees with pandas."""

from __future__ import annotations

import pandas as pd

from cluster_analysis import metadata
from cluster_analysis.config import DOMAINS
from cluster_analysis.notebook import sql


def test_sql_sees_every_processed_table_with_its_declared_audience(example_run) -> None:
    paths, summary = example_run
    assert summary.errors == {}
    written = sorted(
        f"{domain}.{file.stem}"
        for domain in DOMAINS
        for file in (paths.processed / domain).glob("*.parquet")
    )
    listed = sql("select view, audience, rows from catalog order by view", paths=paths)
    assert listed["view"].tolist() == written
    for view, audience, rows in listed.itertuples(index=False):
        domain, name = view.split(".")
        assert audience == metadata.table_spec(domain, name).audience, view
        assert rows == len(pd.read_parquet(paths.processed / domain / f"{name}.parquet")), view
    office = set(listed.loc[listed["audience"] == "office", "view"])
    assert {"survey.survey_responses", "survey.survey_register", "pool.pool_demand"} <= office


def test_a_query_over_the_example_run_agrees_with_pandas(example_run) -> None:
    paths, _ = example_run
    needs = pd.read_parquet(paths.processed / "survey" / "needs_by_member_type.parquet")
    wave = sorted(needs["wave"].unique())[-1]
    got = sql(
        "select member_type, count(*) as items, max(n) as respondents "
        "from survey.needs_by_member_type where wave = $wave and not suppressed "
        "group by member_type order by member_type",
        paths=paths,
        params={"wave": wave},
    )
    shown = needs[(needs["wave"] == wave) & ~needs["suppressed"].astype(bool)]
    expected = (
        shown.groupby("member_type", observed=True)
        .agg(items=("item", "size"), respondents=("n", "max"))
        .reset_index()
        .sort_values("member_type", ignore_index=True)
    )
    assert not expected.empty
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)


def test_readme_lists_the_office_only_tables_of_the_run(example_run, repo_root) -> None:
    paths, _ = example_run
    readme = (repo_root / "README.md").read_text(encoding="utf-8")
    section = readme.split("| domain | office-only tables |", 1)[1].split("\n\n", 1)[0]
    listed = {
        f"{cells[0]}.{name.strip()}"
        for line in section.splitlines()
        if line.startswith("| ") and not line.startswith("|--")
        for cells in [[c.strip() for c in line.strip("|").split("|")]]
        for name in cells[1].split(",")
    }
    office = sql("select view from catalog where audience = 'office'", paths=paths)
    assert listed == set(office["view"])
