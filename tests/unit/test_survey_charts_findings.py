"""Survey chart builders (traces, ordering, no styling) and findings sentences."""

from __future__ import annotations

import re

import pandas as pd
import plotly.graph_objects as go
import pytest

from cluster_analysis.outputs import Finding, text
from cluster_analysis.survey.charts import (
    _place_labels,
    gap_heatmap_chart,
    ipa_quadrant_chart,
    labels_from_columns,
    likert_diverging_chart,
    mwds_ranked_chart,
    wave_dumbbell_chart,
)
from cluster_analysis.survey.findings import (
    critical_gap_findings,
    gap_status_findings,
    mwds_findings,
    wave_change_findings,
)
from cluster_analysis.survey.scoring import (
    bootstrap_mwds,
    box_scores,
    gap_status,
    importance_performance,
    needs_assessment,
    wave_change,
)

LABELS = {
    "export": {"en": "Export marketing", "ka": "საექსპორტო მარკეტინგი"},
    "design": {"en": "Packaging design", "ka": "შეფუთვის დიზაინი"},
}
SOURCE = text("Member survey", "წევრების გამოკითხვა")
GEORGIAN = re.compile("[\u10d0-\u10ff]")


def answers() -> pd.DataFrame:
    """6 members x 3 items; 'rare' answered by 2 members only (suppressed at min_cell 5).

    export: (5, 1) for members 1-4, (4, 2) for 5, (3, 3) for 6 -> critical 5 of 6
    design: (4, 3) for everyone -> gap 1, MWDS 4, no critical gaps
    """
    rows = []
    for m in range(1, 7):
        export = (5, 1) if m <= 4 else (4, 2) if m == 5 else (3, 3)
        rows.append((m, "export", *export, "producer" if m <= 3 else "supplier"))
        rows.append((m, "design", 4, 3, "producer" if m <= 3 else "supplier"))
        if m <= 2:
            rows.append((m, "rare", 5, 1, "producer"))
    return pd.DataFrame(
        rows, columns=["respondent_id", "item", "importance", "capability", "member_type"]
    )


def box_answers() -> pd.DataFrame:
    # q_good: 5,5,5,4,4,2 (net (5 - 1)/6 = 0.667) + 1 don't know
    # q_bad: 1,1,2,2,3,4 (net (1 - 4)/6 = -0.5)
    # q_tiny: 3 answers -> suppressed
    values = {
        "q_good": [5, 5, 5, 4, 4, 2, "dk"],
        "q_bad": [1, 1, 2, 2, 3, 4],
        "q_tiny": [5, 4, 3],
    }
    rows = [(i, q, v) for q, vals in values.items() for i, v in enumerate(vals)]
    return pd.DataFrame(rows, columns=["respondent_id", "question", "answer"])


# ----------------------------------------------------------------------------------------- charts


def _no_styling(fig: go.Figure) -> None:
    layout = fig.layout
    assert layout.title.text is None
    assert layout.font.family is None and layout.font.size is None
    assert layout.width is None and layout.height is None
    assert layout.colorway is None
    for trace in fig.data:
        marker = getattr(trace, "marker", None)
        if marker is not None:
            assert marker.color is None


def test_likert_sorted_by_net_with_n_and_dont_know_apart():
    box = box_scores(box_answers())
    fig = likert_diverging_chart(
        box, lang="en", item_labels={"q_good": {"en": "Good", "ka": "კარგი"}}
    )
    _no_styling(fig)
    # top of the chart (last in categoryarray) is the highest net score; q_tiny suppressed -> absent
    assert list(fig.layout.yaxis.categoryarray) == ["q_bad (n=6)", "Good (n=6)"]
    names = [t.name for t in fig.data]
    # nobody answered "not applicable": no empty legend entry for it
    assert names == ["1 (lowest)", "2", "3", "4", "5 (highest)", "Don't know"]
    dont_know = fig.data[5]
    assert dont_know.xaxis == "x2"  # separate panel, outside the base
    # q_good: 1 don't know of 7 answers -> 14.29 %
    assert dict(zip(dont_know.y, dont_know.x, strict=True))["Good (n=6)"] == pytest.approx(100 / 7)
    # q_bad shares: 1: 2/6, 2: 2/6, 3: 1/6, 4: 1/6 -> bars start at -(33.3 + 33.3 + 16.7/2) = -75
    bad = list(fig.data[0].y).index("q_bad (n=6)")
    assert fig.data[0].base[bad] == pytest.approx(-75.0)
    assert fig.data[2].base[bad] == pytest.approx(-100 / 12)  # middle bar straddles zero
    assert fig.data[3].base[bad] + fig.data[3].x[bad] == pytest.approx(100 / 12 + 100 / 6)
    ka = likert_diverging_chart(box, lang="ka")
    assert "არ ვიცი" in [t.name for t in ka.data]


def test_mwds_ranked_bars_with_bootstrap_error_bars():
    boot = bootstrap_mwds(answers(), n_boot=1000)
    fig = mwds_ranked_chart(boot, lang="en", item_labels=LABELS)
    _no_styling(fig)
    bar = fig.data[0]
    # export MWDS: gaps 4,4,4,4,2,0 -> 18/6 = 3; mean I = (20 + 4 + 3)/6 = 4.5 -> 13.5 > design 4
    assert list(fig.layout.yaxis.categoryarray) == [
        "Packaging design (n=6)",
        "Export marketing (n=6)",
    ]
    export = boot.set_index("item").loc["export"]
    position = list(bar.y).index("Export marketing (n=6)")
    assert bar.x[position] == pytest.approx(13.5)
    assert bar.error_x.array[position] == pytest.approx(export["mwds_high"] - 13.5)
    assert bar.error_x.arrayminus[position] == pytest.approx(13.5 - export["mwds_low"])
    assert all("rare" not in y for y in bar.y)  # suppressed


def test_ipa_quadrant_chart_traces_lines_and_labels():
    ipa = importance_performance(needs_assessment(answers()))
    fig = ipa_quadrant_chart(ipa, lang="ka", item_labels=LABELS)
    _no_styling(fig)
    assert [t.name for t in fig.data] == [
        "აქ გაამახვილეთ ყურადღება",
        "განაგრძეთ კარგი მუშაობა",
        "დაბალი პრიორიტეტი",
        "შესაძლო ზედმეტი ძალისხმევა",
    ]
    assert len(fig.layout.shapes) == 2  # the two cross-hairs
    assert len(fig.layout.annotations) == 4
    # export: I 4.5 >= centre (4.5 + 4)/2 = 4.25, C (4 + 2 + 3)/6 = 1.5 < centre (1.5 + 3)/2 -> concentrate
    assert list(fig.data[0].text) == ["საექსპორტო მარკეტინგი"]
    assert "შესაძლებლობა" in fig.layout.xaxis.title.text


def test_gap_heatmap_blank_suppressed_cells_with_note():
    scores = needs_assessment(answers(), by="member_type", min_cell=3)
    fig = gap_heatmap_chart(scores, lang="en", item_labels=LABELS, min_cell=3)
    heat = fig.data[0]
    assert list(heat.x) == ["producer", "supplier"]
    rows = list(heat.y)
    rare = rows.index("rare")
    # rare: 2 producers (< 3) -> blank; supplier never answered it -> n = 0 is not a row at all
    assert heat.z[rare][0] is None and heat.text[rare][0] == "n<3"
    assert heat.z[rows.index("Packaging design")][0] == pytest.approx(4.0)
    assert "fewer than 3" in fig.layout.annotations[0].text


def test_wave_dumbbell_traces_named_by_wave():
    first = answers()
    second = first.assign(capability=4)
    change = wave_change(first, second, before_label="2025-1", after_label="2026-1")
    fig = wave_dumbbell_chart(
        change, lang="en", item_labels=LABELS, wave_labels=("2025-1", "2026-1")
    )
    assert [t.name for t in fig.data] == ["change", "wave 2025-1", "wave 2026-1"]
    before_trace = fig.data[1]
    # export critical share wave 1 = 5/6 = 83.3 %
    values = dict(zip(before_trace.y, before_trace.x, strict=True))
    assert values["Export marketing (n=6)"] == pytest.approx(500 / 6)
    assert all("rare" not in y for y in before_trace.y)


# --------------------------------------------------------------------------------------- findings


def test_critical_gap_sentence_has_n_interval_wave_and_georgian():
    scores = needs_assessment(answers())
    findings = critical_gap_findings(scores, wave="2026-1", source=SOURCE, item_labels=LABELS)
    assert all(isinstance(f, Finding) for f in findings)
    first = findings[0]
    # export: 5 of 6 critical = 83 %, Wilson 5/6 = (0.4365, 0.9699) -> 44–97 %
    assert first.text["en"] == (
        "83% of the 6 responding members (95% CI 44–97%) rate Export marketing as important "
        "but their capability as weak (wave 2026-1)."
    )
    assert "6 წევრიდან 83%" in first.text["ka"] and "44–97%" in first.text["ka"]
    assert "საექსპორტო მარკეტინგი" in first.text["ka"] and GEORGIAN.search(first.text["ka"])
    assert first.n == 6 and first.period == "2026-1" and first.source == SOURCE


def test_no_sentence_from_suppressed_rows():
    scores = needs_assessment(answers(), min_cell=3)
    # 'rare' (n = 2) has the highest critical share (100 %) but is suppressed
    items = [f.text["en"] for f in critical_gap_findings(scores, wave="w", source=SOURCE, top=10)]
    # design has no critical gap (0 %) -> no sentence either; only export remains
    assert len(items) == 1 and not any("rare" in s for s in items)
    everything_hidden = needs_assessment(answers(), min_cell=10)
    assert critical_gap_findings(everything_hidden, wave="w", source=SOURCE) == []
    assert mwds_findings(bootstrap_mwds(answers(), min_cell=10), wave="w", source=SOURCE) == []


def test_mwds_sentence_has_rank_interval_and_probability():
    boot = bootstrap_mwds(answers(), n_boot=1000)
    findings = mwds_findings(
        boot, wave="2026-1", source=SOURCE, item_labels=LABELS, top=1, n_boot=1000
    )
    assert len(findings) == 1
    sentence = findings[0].text["en"]
    export = boot.set_index("item").loc["export"]
    assert sentence.startswith("Export marketing ranks 1st of 2 capacity needs")
    assert f"{export['mwds_low']:.2f}–{export['mwds_high']:.2f}" in sentence
    assert "n = 6 members" in sentence and "1000 resamples" in sentence
    assert "პირველ ადგილზეა" in findings[0].text["ka"]


def test_wave_change_sentence():
    first = answers()
    second = first.assign(capability=4)
    change = wave_change(first, second, before_label="2025-1", after_label="2026-1", min_cell=5)
    findings = wave_change_findings(
        change, source=SOURCE, item_labels=LABELS, top=1, wave_labels=("2025-1", "2026-1")
    )
    # export: 5 of 6 critical -> 0 of 6; b = 5, c = 0 -> exact p = 0.0625
    assert findings[0].text["en"] == (
        "Among the 6 members who answered both waves, the share with a critical gap in Export "
        "marketing fell from 83% (2025-1) to 0% (2026-1) (McNemar exact test, p = 0.06)."
    )
    assert "83%-დან (2025-1) 0%-მდე (2026-1) შემცირდა" in findings[0].text["ka"]
    assert findings[0].period == "2026-1" and findings[0].n == 6


def test_gap_status_findings_skip_no_data():
    scores = needs_assessment(answers())
    targets = pd.DataFrame({"item": ["export", "design", "rare"], "target": 0.2})
    status = gap_status(targets, scores)
    findings = gap_status_findings(status, wave="2026-1", source=SOURCE, item_labels=LABELS)
    texts = [f.text["en"] for f in findings]
    assert len(texts) == 2  # rare is suppressed -> no data -> no sentence
    assert texts[0].startswith(
        "Share of members with a critical gap for Export marketing: not closed"
    )
    assert "current 83%" in texts[0]


# ------------------------------------------------------------------ additions (survey capability)


def test_heatmap_marks_small_cells_and_secondary_cells_differently():
    # dimension rows, member-type columns; "b" is hidden by the threshold (n = 3 < 5), "c" only
    # to protect it (n = 9) -> "n<5" versus "–"
    frame = pd.DataFrame(
        {
            "wave": "w",
            "member_type": ["a", "b", "c", "All"],
            "dimension": "skills",
            "dimension_en": "Skills",
            "dimension_ka": "უნარები",
            "n": [20, 3, 9, 32],
            "mwds": [4.0, None, None, 3.5],
            "suppressed": [False, True, True, False],
        }
    )
    labels = labels_from_columns(frame, "dimension")
    assert labels == {"skills": {"en": "Skills", "ka": "უნარები"}}
    fig = gap_heatmap_chart(
        frame,
        lang="ka",
        item_labels=labels,
        group_col="member_type",
        row_col="dimension",
        group_order=["c", "b", "a", "All"],
        min_cell=5,
        explain_blanks=False,
    )
    heat = fig.data[0]
    assert list(heat.x) == ["c", "b", "a", "All"]
    assert list(heat.y) == ["უნარები"]
    assert list(heat.text[0]) == ["–", "n<5", "4.0", "3.5"]
    assert heat.z[0][0] is None and heat.z[0][1] is None
    assert not fig.layout.annotations  # the note goes to the figure's footnote instead


def test_ipa_label_positions_avoid_each_other():
    # two points almost on top of each other: their labels must not both go above
    ipa = importance_performance(needs_assessment(answers(), min_cell=1))
    positions = _place_labels(
        ["p", "q"],
        [1.0, 1.02],
        [1.0, 1.0],
        {"p": "Packaging design", "q": "Export marketing"},
        (0.0, 2.0),
        (0.0, 2.0),
        ["A", "B", "C", "D"],
    )
    assert positions["p"] != positions["q"]
    fig = ipa_quadrant_chart(ipa, lang="en", item_labels=LABELS)
    for trace in fig.data:
        assert len(trace.textposition) == len(trace.x)  # one position per point
    assert "cross-hairs at the mean of item means" in fig.layout.yaxis.title.text


def test_census_sentences_have_no_interval():
    scores = needs_assessment(answers())
    gap = critical_gap_findings(scores, wave="w", source=SOURCE, item_labels=LABELS, census=True)
    assert "CI" not in gap[0].text["en"] and "no interval" in gap[0].text["en"]
    assert "ინტერვალი არ არის მითითებული" in gap[0].text["ka"]
    boot = bootstrap_mwds(answers(), n_boot=1000).assign(mwds_low=pd.NA, mwds_high=pd.NA)
    top = mwds_findings(boot, wave="w", source=SOURCE, item_labels=LABELS, top=1, census=True)
    assert "every member answered, so no interval" in top[0].text["en"]
