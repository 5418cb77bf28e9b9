"""Survey pipeline helpers: finite population correction, census, "don't know", targets, findings."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from cluster_analysis.config import get_paths
from cluster_analysis.pipeline import make_context
from cluster_analysis.stats import wilson_interval
from cluster_analysis.survey import findings, inputs, pipeline, tables
from cluster_analysis.survey.scoring import needs_assessment

SOURCE = {"en": "Test survey", "ka": "სატესტო გამოკითხვა"}


class StubForm:
    """The look-up publish and load_targets need from a Form."""

    def capacity_items(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "item": ["finance", "ppwr"],
                "dimension": ["access", "compliance"],
                "scale_max": [5, 5],
                "label_en": ["Access to finance", "PPWR"],
                "label_ka": ["ფინანსებზე ხელმისაწვდომობა", "PPWR"],
                "dimension_en": ["Access", "Compliance"],
                "dimension_ka": ["ხელმისაწვდომობა", "შესაბამისობა"],
            }
        )


def _long(n_members: int) -> pd.DataFrame:
    # member i: finance importance 5, capability 1 for the first half (critical gap), else 4/4;
    # ppwr 4/2 for everyone (critical gap for all)
    rows = []
    for i in range(n_members):
        gap = i < n_members / 2
        rows.append((f"m{i}", "finance", "access", 5 if gap else 4, 1 if gap else 4))
        rows.append((f"m{i}", "ppwr", "compliance", 4, 2))
    frame = pd.DataFrame(
        rows, columns=["respondent_id", "item", "dimension", "importance", "capability"]
    )
    frame["importance"] = frame["importance"].astype("Int64")
    frame["capability"] = frame["capability"].astype("Int64")
    return frame.assign(
        wave="w1",
        member_type="packaging_maker",
        weight=1.0,
        importance_dont_know=False,
        capability_dont_know=False,
    )


def test_finite_population_correction_matches_the_formula() -> None:
    long = _long(6)  # finance: 3 of 6 with a critical gap
    scores = needs_assessment(long, min_cell=5)
    # N = 12 members, n = 6: f = 0.5; Var = (1 - f) p(1-p)/(n-1) -> Wilson on n' = (6-1)/0.5 = 10
    corrected = tables.with_fpc(scores, long, 12, weights=None)
    row = corrected.set_index("item").loc["finance"]
    low, high = wilson_interval(5, 10)  # p = 0.5 of n' = 10
    assert float(row["critical_gap_low"]) == pytest.approx(low)
    assert float(row["critical_gap_high"]) == pytest.approx(high)
    # narrower than without the correction (plain Wilson on 3 of 6)
    assert high - low < wilson_interval(3, 6)[1] - wilson_interval(3, 6)[0]
    # a census (n = N = 6): no sampling error, no interval
    census = tables.with_fpc(scores, long, 6, weights=None)
    assert census["critical_gap_low"].isna().all() and census["critical_gap_high"].isna().all()


def test_dont_know_is_missing_for_scoring_but_kept_for_box_scores() -> None:
    long = _long(2)
    long.loc[0, "importance"] = pd.NA
    long.loc[0, "importance_dont_know"] = True
    long.loc[1, "capability"] = 9  # a code 9 the form did not tag
    scored = tables.without_dont_know(long, 5)
    assert pd.isna(scored.loc[0, "importance"]) and pd.isna(scored.loc[1, "capability"])
    box = tables.box_answers(long)
    first = box[(box["role"] == "importance") & (box["respondent_id"] == "m0")]
    assert first.set_index("question").loc["finance", "answer"] == 9


def _ctx(tmp_path):
    paths = get_paths(tmp_path, raw=tmp_path / "raw")
    (tmp_path / "raw" / "survey").mkdir(parents=True)
    return make_context(paths, processed_dir=tmp_path / "processed", domain="survey")


def test_census_gives_no_intervals_and_says_so(tmp_path) -> None:
    ctx = _ctx(tmp_path)
    register = pd.DataFrame(
        {"member_id": [f"m{i}" for i in range(6)], "member_type": "packaging_maker"}
    )
    result = pipeline.publish(ctx, _long(6), register, StubForm(), [tables.Wave("w1", "w1")])
    needs = next(t for t in result.tables if t.name == "needs_assessment").frame
    assert needs["critical_gap_low"].isna().all()
    boot = next(t for t in result.tables if t.name == "mwds_bootstrap").frame
    assert boot["mwds_low"].isna().all() and boot["prob_top_k"].isna().all()
    texts = [f.text["en"] for f in result.findings]
    assert any("All 6 member firms answered" in t for t in texts)
    gap = [t for t in texts if "important but their capability as weak" in t]
    # ppwr: 6 of 6 with a critical gap -> 100%, said without an interval
    assert gap and "no interval" in gap[0] and "CI" not in gap[0] and "100%" in gap[0]
    assert all("CI" not in t for t in texts)


def test_response_rate_finding_both_languages() -> None:
    finding = findings.response_rate_finding(45, 60, wave="2026 H2", source=SOURCE)
    assert finding.n == 45
    assert "45 of the 60 member firms" in finding.text["en"] and "75%" in finding.text["en"]
    assert "60 წევრი კომპანიიდან 45-მა" in finding.text["ka"]


def test_targets_are_validated_with_quarantine(tmp_path) -> None:
    ctx = _ctx(tmp_path)
    (tmp_path / "raw" / "survey" / "targets.csv").write_text(
        "item,metric,baseline_wave,target,target_wave\n"
        "finance,critical_gap_share,w1,0.3,w2\n"
        "ppwr,share_of_nothing,w1,0.3,w2\n"  # unknown metric
        "unknown_item,mwds,w1,4,w2\n"
        "ppwr,critical_gap_share,w1,30,w2\n",  # a share written as a percentage
        encoding="utf-8",
    )
    targets = inputs.load_targets(ctx, StubForm(), ["w1"])
    assert targets["item"].tolist() == ["finance"]
    checks = set(ctx.all_rejects()["check"])
    assert {"unknown_target_metric", "unknown_target_item", "target_share_out_of_range"} <= checks


def test_gap_status_uses_baseline_wave_and_current_n() -> None:
    baseline = needs_assessment(_long(6), min_cell=5)  # finance share 0.5
    current = needs_assessment(_long(8).assign(wave="w2"), min_cell=5)  # finance 4/8 = 0.5
    targets = pd.DataFrame(
        {
            "item": ["finance", "ppwr"],
            "metric": ["critical_gap_share", "critical_gap_share"],
            "baseline_wave": ["w1", "w1"],
            "target": [0.6, 0.5],
            "target_wave": ["w3", "w3"],
        }
    )
    empty = pd.DataFrame()

    def scored(wave: str, period: str, scores: pd.DataFrame) -> tables.WaveScores:
        # only the wave and its needs scores matter to gap_status
        return tables.WaveScores(
            tables.Wave(wave, period), 0, False, scores, empty, empty, empty, empty, empty
        )

    result = tables.gap_status(targets, [scored("w1", "P1", baseline), scored("w2", "P2", current)])
    status = result.table
    assert result.rules and {"en", "ka"} <= set(result.rules)
    by_item = status.set_index("item")
    assert by_item.loc["finance", "status"] == "closed"  # 0.5 <= 0.6
    assert by_item.loc["ppwr", "status"] == "not_closed"  # 1.0 > 0.5, same as baseline
    assert by_item.loc["finance", "n"] == 8
    assert by_item.loc["finance", "baseline_period"] == "P1"
    sentences = findings.gap_status_findings(status, wave="P2", source=SOURCE)
    assert "n = 8 members" in sentences[0].text["en"] and "by w3" in sentences[0].text["en"]
    assert "n = 8 წევრი" in sentences[0].text["ka"]
    assert not math.isnan(float(by_item.loc["finance", "baseline"]))
