"""The indicators run reads the cluster's own data other domains processed (the survey's register
and responses, the directory's events) and lets the computed results win over typed ones, with a
consistency check. The other domains' tables are small inline frames written where an earlier run
would have left them."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from cluster_analysis.config import Paths, Settings, get_paths
from cluster_analysis.pipeline import RunOptions, RunSummary, run_pipeline

REPO = Path(__file__).resolve().parents[2]
MEMBERS = [f"GPC-{i:03d}" for i in range(1, 61)]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Paths, RunSummary]:
    root = tmp_path_factory.mktemp("computed-results")
    paths = get_paths(root, raw=REPO / "data" / "raw")
    survey = paths.processed / "survey"
    directory = paths.processed / "directory"
    survey.mkdir(parents=True)
    directory.mkdir(parents=True)
    pd.DataFrame({"member_id": MEMBERS, "member_type": "packaging_maker"}).to_parquet(
        survey / "survey_register.parquet"
    )
    # wave 2026-2: 40 respondents, 38 of them export; one answer from a non-member
    respondents = [*MEMBERS[:40], "GPC-999"]
    exports = [12.0] * 38 + [0.0, 0.0, 50.0]
    pd.DataFrame({"member_id": respondents, "wave": "2026-2", "export_share": exports}).to_parquet(
        survey / "survey_responses.parquet"
    )
    # the directory's events: two priority events by the log's last date, one attended (EV-006)
    pd.DataFrame(
        {
            "event_id": ["EV-006", "EV-100", "EV-101", "EV-001"],
            "start_date": ["2026-11-05", "2026-10-01", "2026-09-01", "2026-12-03"],
            "priority": [True, True, False, True],
            "cluster_role": ["attend", "attend", "attend", "speak"],
        }
    ).to_parquet(directory / "events.parquet")
    summary = run_pipeline(
        paths, Settings(), RunOptions(domains=("indicators",), write_reports=False)
    )
    assert summary.errors == {}
    return paths, summary


def _processed(paths: Paths, table: str) -> pd.DataFrame:
    return pd.read_parquet(paths.processed / "indicators" / f"{table}.parquet")


def test_the_register_wins_over_the_typed_member_count(run) -> None:
    paths, summary = run
    check = _processed(paths, "results_consistency").set_index(["indicator", "year"])
    members = check.loc[("cluster_members", 2026)]
    assert (members["typed_value"], members["computed_value"]) == (90.0, 60.0)
    assert not bool(members["agrees"])
    assert any("disagree" in warning for warning in summary.warnings)
    progress = _processed(paths, "indicator_progress").set_index("indicator")
    assert progress.loc["cluster_members", "latest_value"] == 60.0


def test_exporters_response_rate_and_priority_events_from_the_cluster_data(run) -> None:
    paths, _ = run
    computed = _processed(paths, "computed_results").set_index(["indicator", "year"])["value"]
    # by hand: 39 of 41 answers export (the non-member's too: the survey decides who answered)
    assert computed[("members_exporting_share", 2026)] == pytest.approx(100 * 39 / 41)
    assert computed[("survey_response_rate", 2026)] == pytest.approx(100 * 40 / 60)
    assert computed[("priority_events_attended_share", 2026)] == pytest.approx(50.0)
    typed = _processed(paths, "results_consistency").set_index(["indicator", "year"])
    assert typed.loc[("members_exporting_share", 2026), "typed_value"] == 30.0


def test_the_exporters_share_has_the_finite_population_interval(run) -> None:
    from statsmodels.stats.proportion import proportion_confint

    from cluster_analysis.indicators.results import SHARE_FPC

    paths, _ = run
    computed = _processed(paths, "computed_results").set_index(["indicator", "year"])
    row = computed.loc[("members_exporting_share", 2026)]
    # 41 answers; N = the 60 members and the non-member who answered; n' = 40 / (1 - 41/61) = 122
    low, high = proportion_confint(39 / 41 * 122, 122, alpha=0.05, method="wilson")
    assert (row["value_low"], row["value_high"]) == pytest.approx((100 * low, 100 * high))
    assert row["method"] == SHARE_FPC and row["note"].startswith("41 of 61 members answered")


def test_the_example_survey_shares_are_narrower_than_plain_wilson(example_run) -> None:
    from statsmodels.stats.proportion import proportion_confint

    from cluster_analysis.indicators.results import SHARE_FPC

    paths, _ = example_run
    computed = _processed(paths, "computed_results")
    shares = computed[
        computed["indicator"].isin(["members_exporting_share", "member_satisfaction_share"])
    ]
    assert set(shares["indicator"]) == {"members_exporting_share", "member_satisfaction_share"}
    for row in shares.itertuples():
        hits = round(row.value * row.n / 100)
        low, high = proportion_confint(hits, row.n, alpha=0.05, method="wilson")
        assert row.method == SHARE_FPC, (row.indicator, row.year, row.note)
        assert row.value_low <= row.value <= row.value_high
        assert row.value_high - row.value_low < 100 * (high - low), (row.indicator, row.year)
