"""SQL over the processed layer (``notebook.sql``): one view per processed table, named
``<domain>.<table>``, the catalogue with each table's declared audience, values bound by DuckDB,
and every failure as one InputError line. Results are checked against pandas on the same files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from cluster_analysis import metadata
from cluster_analysis.config import Paths, get_paths
from cluster_analysis.errors import InputError
from cluster_analysis.notebook import SQL_INSTALL, catalog, sql

NEEDS = pd.DataFrame(
    {
        "wave": ["2025-2", "2025-2", "2025-2", "2026-2", "2026-2", "2026-2", "2026-2"],
        "member_type": ["All", "packaging_maker", "packaging_maker"] + ["All"] * 2 + ["other"] * 2,
        "item": ["finance", "finance", "design", "finance", "design", "finance", "design"],
        "n": [40, 12, 12, 46, 46, 4, 4],
        "mwds": [6.5, 8.25, 3.0, 7.75, 2.5, None, None],
    }
)
RESPONSES = pd.DataFrame({"wave": ["2026-2"] * 3, "_uuid": ["a", "b", "c"], "member_id": [1, 2, 3]})
ALLOCATIONS = pd.DataFrame(
    {"member_id": [1, 2], "rule": ["shapley", "shapley"], "cost": [1.0, 2.0]}
)
UNDECLARED = pd.DataFrame({"x": [1, 2, 3, 4]})


def _project(tmp_path: Path) -> Paths:
    """A project whose processed folder holds four tiny tables in the pipeline's layout."""
    paths = get_paths(tmp_path, raw=tmp_path / "raw")
    for domain, name, frame in (
        ("survey", "needs_by_member_type", NEEDS),
        ("survey", "survey_responses", RESPONSES),
        ("pool", "pool_allocations", ALLOCATIONS),
        ("pool", "scratch_table", UNDECLARED),
    ):
        folder = paths.processed / domain
        folder.mkdir(parents=True, exist_ok=True)
        frame.to_parquet(folder / f"{name}.parquet", index=False)
    return paths


@pytest.fixture
def paths(tmp_path: Path) -> Paths:
    return _project(tmp_path)


def test_every_processed_table_is_a_view_named_domain_dot_table(paths: Paths) -> None:
    views = sql(
        "select schema_name, view_name from duckdb_views() where not internal "
        "order by schema_name, view_name",
        paths=paths,
    )
    names = {f"{s}.{v}" for s, v in zip(views["schema_name"], views["view_name"], strict=True)}
    assert names == {
        "main.catalog",
        "survey.needs_by_member_type",
        "survey.survey_responses",
        "pool.pool_allocations",
        "pool.scratch_table",
    }
    whole = sql("select * from pool.pool_allocations", paths=paths)
    pd.testing.assert_frame_equal(whole, ALLOCATIONS, check_dtype=False)


def test_a_quote_in_the_folder_and_a_keyword_as_table_name_are_quoted(tmp_path: Path) -> None:
    paths = _project(tmp_path / "nino's analysis")
    UNDECLARED.to_parquet(paths.processed / "pool" / "order.parquet", index=False)
    got = sql('select sum(x) as total from pool."order"', paths=paths)
    assert got["total"].iloc[0] == UNDECLARED["x"].sum()


def test_group_by_matches_pandas(paths: Paths) -> None:
    got = sql(
        "select member_type, count(*) as cells, sum(n) as respondents, avg(mwds) as mean_mwds "
        "from survey.needs_by_member_type group by member_type order by member_type",
        paths=paths,
    )
    expected = (
        NEEDS.groupby("member_type")
        .agg(cells=("item", "size"), respondents=("n", "sum"), mean_mwds=("mwds", "mean"))
        .reset_index()
        .sort_values("member_type", ignore_index=True)
    )
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)


def test_named_and_positional_parameters_are_bound_not_pasted(paths: Paths) -> None:
    query = "select item, mwds from survey.needs_by_member_type where wave = $wave and member_type = $type order by item"
    got = sql(query, paths=paths, params={"wave": "2026-2", "type": "All"})
    expected = NEEDS[(NEEDS["wave"] == "2026-2") & (NEEDS["member_type"] == "All")]
    assert got["item"].tolist() == sorted(expected["item"])
    positional = sql(
        "select count(*) as rows from survey.needs_by_member_type where n >= ? and wave = ?",
        paths=paths,
        params=[12, "2025-2"],
    )
    assert positional["rows"].iloc[0] == ((NEEDS["n"] >= 12) & (NEEDS["wave"] == "2025-2")).sum()
    # a value that would change the query if it were pasted into the text matches nothing
    injected = sql(
        "select * from survey.needs_by_member_type where wave = ?",
        paths=paths,
        params=["2026-2' or '1'='1"],
    )
    assert injected.empty


def test_catalogue_audiences_are_the_declared_ones(paths: Paths) -> None:
    listed = sql("select * from catalog order by view", paths=paths).set_index("view")
    assert listed.equals(catalog(paths=paths).set_index("view").sort_index())
    assert list(listed.index) == sorted(
        [
            "pool.pool_allocations",
            "pool.scratch_table",
            "survey.needs_by_member_type",
            "survey.survey_responses",
        ]
    )
    for view in ("survey.needs_by_member_type", "survey.survey_responses", "pool.pool_allocations"):
        domain, name = view.split(".")
        spec = metadata.table_spec(domain, name)
        assert listed.loc[view, "audience"] == spec.audience, view
        assert listed.loc[view, "title_en"] == spec.title["en"]
        assert listed.loc[view, "title_ka"] == spec.title["ka"]
    assert listed.loc["survey.survey_responses", "audience"] == "office"
    assert listed.loc["survey.needs_by_member_type", "audience"] == "donors"
    assert pd.isna(listed.loc["pool.scratch_table", "audience"])  # undeclared: no audience
    assert listed["rows"].to_dict() == {
        "pool.pool_allocations": len(ALLOCATIONS),
        "pool.scratch_table": len(UNDECLARED),
        "survey.needs_by_member_type": len(NEEDS),
        "survey.survey_responses": len(RESPONSES),
    }
    office = sql("select view from catalog where audience = 'office' order by view", paths=paths)
    assert office["view"].tolist() == ["pool.pool_allocations", "survey.survey_responses"]


def test_the_data_dictionary_is_a_view_when_the_run_wrote_it(paths: Paths) -> None:
    dictionary = pd.DataFrame({"domain": ["survey"], "table": ["needs"], "column": ["mwds"]})
    dictionary.to_parquet(paths.processed / "data_dictionary.parquet", index=False)
    got = sql("select * from data_dictionary", paths=paths)
    pd.testing.assert_frame_equal(got, dictionary, check_dtype=False)


def _failure(query: str, paths: Paths, **options: object) -> InputError:
    with pytest.raises(InputError) as caught:
        sql(query, paths=paths, **options)  # type: ignore[arg-type]
    error = caught.value
    assert type(error) is InputError
    # one line, and no DuckDB exception chained behind it (no second traceback)
    assert "\n" not in str(error)
    assert error.__cause__ is None
    assert error.__context__ is None or error.__suppress_context__
    return error


def test_an_unknown_table_names_the_problem_and_lists_the_tables(paths: Paths) -> None:
    message = str(_failure("select * from survey.needs_assessment", paths))
    assert message.startswith("the SQL query failed: ")
    assert "needs_assessment does not exist" in message
    for view in ("survey.needs_by_member_type", "survey.survey_responses", "pool.scratch_table"):
        assert view in message
    assert "catalog" in message
    assert "Did you mean" not in message


def test_an_sql_error_is_one_line_in_the_notebooks_language(paths: Paths) -> None:
    english = str(_failure("selec * from survey.needs_by_member_type", paths))
    assert 'syntax error at or near "selec"' in english
    assert "survey.needs_by_member_type" in english
    georgian = str(_failure("selec 1", paths, lang="ka"))
    assert georgian.startswith("SQL მოთხოვნა ვერ შესრულდა")
    assert "pool.pool_allocations" in georgian
    column = str(_failure("select nonsense from pool.pool_allocations", paths))
    assert 'column "nonsense" not found' in column


def test_a_missing_parameter_is_one_line(paths: Paths) -> None:
    message = str(_failure("select * from survey.needs_by_member_type where wave = ?", paths))
    # DuckDB's own wording differs between versions; its kind and the word "parameter" do not
    assert "Invalid Input Error" in message and "parameter" in message


def test_no_processed_data_says_run_first(tmp_path: Path) -> None:
    paths = get_paths(tmp_path, raw=tmp_path / "raw")
    (paths.processed / "survey").mkdir(parents=True)  # a folder, but no table in it
    message = str(_failure("select 1", paths))
    assert "run `make run`" in message
    georgian = str(_failure("select 1", paths, lang="ka"))
    assert "`make run`" in georgian
    assert any("\u10d0" <= ch <= "\u10ff" for ch in georgian)


def test_without_duckdb_the_message_says_how_to_install_it(
    paths: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "duckdb", None)  # `import duckdb` now raises ImportError
    message = str(_failure("select 1", paths))
    assert SQL_INSTALL in message
    assert SQL_INSTALL == 'pip install "cluster-analysis[sql]"'
    assert "make setup" in message
    georgian = str(_failure("select 1", paths, lang="ka"))
    assert SQL_INSTALL in georgian and georgian != message


def test_importing_the_package_and_the_notebook_helpers_does_not_load_duckdb() -> None:
    code = "import sys, cluster_analysis, cluster_analysis.notebook; print('duckdb' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
