"""After a run on the example data, everything the run wrote or published is declared.

For every domain: each processed table is declared with an audience, each of its columns is
described (the data dictionary has no undescribed column), and each published table and figure
is declared with the audience it is published to. Domains are run one after the other into the same
folders (the order of a full run), without reports.

Domains still being converted to the declared shape are in :data:`PENDING`: their test is expected
to fail (strictly: once a domain passes, remove it from the list).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cluster_analysis import fields, metadata
from cluster_analysis.config import DOMAINS, Settings, get_paths
from cluster_analysis.outputs import DomainResult
from cluster_analysis.pipeline import RunOptions, run_pipeline

REPO_ROOT = Path(__file__).resolve().parents[2]
PENDING: set[str] = {"survey"}


@pytest.fixture(scope="module")
def domain_runs(tmp_path_factory: pytest.TempPathFactory):
    """Return (paths, {domain: DomainResult or the exception its run raised})."""
    paths = get_paths(tmp_path_factory.mktemp("metadata-run"), raw=REPO_ROOT / "data" / "raw")
    outcomes: dict[str, DomainResult | BaseException] = {}
    for domain in DOMAINS:
        try:
            summary = run_pipeline(
                paths, Settings(), RunOptions(domains=(domain,), write_reports=False)
            )
            outcomes[domain] = (
                summary.results[domain]
                if domain in summary.results
                else RuntimeError(summary.errors.get(domain, "no result"))
            )
        except Exception as exc:  # a domain not yet converted may still crash: its test says so
            outcomes[domain] = exc
    return paths, outcomes


def _undeclared(paths, domain: str, result: DomainResult) -> list[str]:
    problems = []
    dictionary = fields.data_dictionary(paths.processed)
    mine = dictionary[dictionary["domain"] == domain]
    assert len(mine), f"{domain} wrote no processed table"
    for row in mine[mine["description_en"] == ""].itertuples():
        problems.append(f"column {row.table}.{row.column} is not described")
    for table in sorted(set(mine["table"])):
        try:
            metadata.table_spec(domain, table)
        except KeyError as exc:
            problems.append(str(exc))
    for output in result.tables:
        try:
            declared = metadata.table_spec(domain, output.name).audience
        except KeyError as exc:
            problems.append(f"published {exc}")
            continue
        if declared != output.audience:
            problems.append(
                f"table {output.name}: published to {output.audience}, declared {declared}"
            )
    for figure in result.figures:
        try:
            declared = metadata.figure_spec(domain, figure.name).audience
        except KeyError as exc:
            problems.append(f"published {exc}")
            continue
        if declared != figure.audience:
            problems.append(
                f"figure {figure.name}: drawn for {figure.audience}, declared {declared}"
            )
    return problems


@pytest.mark.parametrize(
    "domain",
    [
        pytest.param(
            d, marks=pytest.mark.xfail(d in PENDING, reason="being converted", strict=True)
        )
        for d in DOMAINS
    ],
)
def test_everything_a_domain_writes_or_publishes_is_declared(domain_runs, domain: str) -> None:
    paths, outcomes = domain_runs
    outcome = outcomes[domain]
    if isinstance(outcome, BaseException):
        raise AssertionError(f"{domain} did not run: {type(outcome).__name__}: {outcome}")
    problems = _undeclared(paths, domain, outcome)
    assert not problems, "\n".join(problems)


def test_every_declared_table_has_an_audience_and_a_title_in_both_languages() -> None:
    for domain in metadata.declared_domains():
        for spec in metadata.table_specs(domain):
            assert spec.audience in {"office", "members", "vendors", "donors"}, spec
            assert spec.title["en"] and spec.title["ka"], spec
