"""Period labels: Geostat's Georgian ("2025 წლის II ნახევარი") for the English notation users
write ("2025 H2", "2026-Q1"), the English as written, and anything else left alone."""

from __future__ import annotations

import pandas as pd
import pytest

from cluster_analysis.numbers import period_label, period_labels
from cluster_analysis.outputs import Finding, Meta, pick_period, text
from cluster_analysis.reports.messages import key_messages
from cluster_analysis.survey import charts, findings

SOURCE = text("Member survey", "წევრთა გამოკითხვა")

CASES = [
    # value, Georgian
    ("2025 H2", "2025 წლის II ნახევარი"),
    ("2025-H1", "2025 წლის I ნახევარი"),
    ("2026 Q1", "2026 წლის I კვარტალი"),
    ("2026-Q4", "2026 წლის IV კვარტალი"),
    ("2026Q3", "2026 წლის III კვარტალი"),
    ("2026-Q1–2026-Q3", "2026 წლის I–III კვარტალი"),
    ("2026 Q1 - 2026 Q3", "2026 წლის I–III კვარტალი"),
    ("2026-Q1-2026-Q3", "2026 წლის I–III კვარტალი"),
    ("2026 H1–2026 H2", "2026 წლის I–II ნახევარი"),
    ("2025-Q4–2026-Q2", "2025 წლის IV კვარტალი – 2026 წლის II კვარტალი"),
    ("2025 H2 – 2026 H2", "2025 წლის II ნახევარი – 2026 წლის II ნახევარი"),
    ("2025 Q3–2025 H2", "2025 წლის III კვარტალი – 2025 წლის II ნახევარი"),
    ("2025–2026 H1", "2025 წელი – 2026 წლის I ნახევარი"),
    ("2025 H2, 2026 H2", "2025 წლის II ნახევარი, 2026 წლის II ნახევარი"),
    ("2026", "2026"),
    ("2014-2023", "2014–2023"),
]

UNRECOGNISED = [
    "2026-2",  # a wave id: could be a half, a month or a second wave; never guessed
    "2026 H3",
    "2026-Q5",
    "Q1 2026",
    "2026-01-01",
    "2025 H2, spring",
    "2025 წლის შემოდგომა",
    "",
    "all periods",
]


@pytest.mark.parametrize(("value", "georgian"), CASES)
def test_georgian_writes_periods_the_geostat_way(value, georgian):
    assert period_label(value, "ka") == georgian


@pytest.mark.parametrize(("value", "georgian"), CASES)
def test_english_keeps_the_period_as_written(value, georgian):
    assert period_label(value, "en") == value


@pytest.mark.parametrize("value", UNRECOGNISED)
@pytest.mark.parametrize("lang", ["en", "ka"])
def test_an_unrecognised_value_comes_back_unchanged(value, lang):
    assert period_label(value, lang) == value


def test_a_georgian_label_given_by_the_user_wins():
    assert period_labels("2025 H2") == {"en": "2025 H2", "ka": "2025 წლის II ნახევარი"}
    given = period_labels("2025 H2", "2025 წლის შემოდგომა")
    assert given == {"en": "2025 H2", "ka": "2025 წლის შემოდგომა"}
    assert period_labels("2025 H2", "  ")["ka"] == "2025 წლის II ნახევარი"


def test_subtitles_and_findings_write_the_period_in_the_readers_language():
    meta = Meta(title=text("t", "t"), unit=text("share", "წილი"), period="2026-Q1–2026-Q3")
    assert meta.subtitle("en") == "share · 2026-Q1–2026-Q3"
    assert meta.subtitle("ka") == "წილი · 2026 წლის I–III კვარტალი"
    assert pick_period(text("2025 H2", "შემოდგომა"), "ka") == "შემოდგომა"
    plain = Finding("pool", text("a", "ა"), period="2026-Q1", audience="donors")
    assert (plain.period_in("en"), plain.period_in("ka")) == ("2026-Q1", "2026 წლის I კვარტალი")
    given = Finding("survey", text("a", "ა"), period="2025 H2", audience="donors", period_ka="X")
    assert given.period_in("ka") == "X"


def test_survey_sentences_name_the_wave_by_its_period_without_glued_endings():
    found = findings.response_rate_finding(46, 60, wave="2025 H2", source=SOURCE)
    assert "wave 2025 H2" in found.text["en"]
    assert "გამოკითხვის ტალღა: 2025 წლის II ნახევარი" in found.text["ka"]
    assert "H2" not in found.text["ka"]
    assert (found.period, found.period_in("ka")) == ("2025 H2", "2025 წლის II ნახევარი")
    own = findings.response_rate_finding(
        46, 60, wave=period_labels("2025 H2", "2025 წლის შემოდგომა"), source=SOURCE
    )
    assert "გამოკითხვის ტალღა: 2025 წლის შემოდგომა" in own.text["ka"]
    assert own.period_in("ka") == "2025 წლის შემოდგომა"


def test_gap_status_names_known_waves_by_period_and_unknown_ones_by_id():
    status = pd.DataFrame(
        {
            "item": ["a", "b"],
            "metric": ["critical_gap_share", "critical_gap_share"],
            "status": ["on_track", "off_track"],
            "current": [0.2, 0.4],
            "target": [0.1, 0.3],
            "baseline": [0.3, 0.5],
            "baseline_wave": ["2025-2", "2025-2"],
            "baseline_period": ["2025 H2", "2025 H2"],
            "target_wave": ["2026-2", "2027-2"],
            "n": [40, 40],
        }
    )
    periods = {"2025-2": "2025 H2", "2026-2": "2026 H2"}
    known, unknown = findings.gap_status_findings(
        status, wave="2026 H2", source=SOURCE, wave_periods=periods
    )
    assert "by 2026 H2" in known.text["en"] and "in 2025 H2" in known.text["en"]
    assert "ვადა: 2026 წლის II ნახევარი" in known.text["ka"]
    assert "(2025 წლის II ნახევარი)" in known.text["ka"]
    assert "by 2027-2" in unknown.text["en"]
    assert "ვადა: ტალღა 2027-2" in unknown.text["ka"]
    for finding in (known, unknown):
        assert "-ისთვის" not in finding.text["ka"]
        assert "H2" not in finding.text["ka"]


def test_the_wave_change_legend_names_both_periods():
    change = pd.DataFrame(
        {
            "item": ["a"],
            "critical_gap_share_before": [0.4],
            "critical_gap_share_after": [0.2],
            "n_pairs": [30],
        }
    )
    names = {
        lang: [
            t.name
            for t in charts.wave_dumbbell_chart(
                change, lang=lang, wave_labels=("2025 H2", "2026 H2")
            ).data[1:]
        ]
        for lang in ("en", "ka")
    }
    assert names["en"] == ["wave 2025 H2", "wave 2026 H2"]
    assert names["ka"] == ["ტალღა: 2025 წლის II ნახევარი", "ტალღა: 2026 წლის II ნახევარი"]


def test_key_messages_write_periods_in_georgian():
    from cluster_analysis.outputs import DomainResult, TableOutput

    frame = pd.DataFrame({"wave": ["2025-2"], "period": ["2025 H2"], "share": [0.5]})
    table = TableOutput("shares", frame, Meta(title=text("t", "t")), audience="donors")
    rules = {
        "rule": [
            {
                "id": "r",
                "table": "shares",
                "en": "Half of them ({share:.0%}; {period}).",
                "ka": "ნახევარი ({share:.0%}; {period}).",
            }
        ]
    }
    result = [DomainResult("survey", tables=[table])]
    assert key_messages(result, "en", rules=rules)[0].text == "Half of them (50%; 2025 H2)."
    ka = key_messages(result, "ka", rules=rules)[0].text
    assert ka == "ნახევარი (50%; 2025 წლის II ნახევარი)."


def test_key_messages_use_the_georgian_period_a_user_gave():
    from cluster_analysis.outputs import DomainResult, TableOutput

    scores = pd.DataFrame(
        {
            "wave": ["2025-2", "2026-2"],
            "period": ["2025 H2", "2026 H2"],
            "period_ka": ["2025 წლის შემოდგომა", "  "],  # the second wave gave none
            "share": [0.5, 0.25],
        }
    )
    change = pd.DataFrame({"wave_before": ["2025-2"], "wave_after": ["2026-2"], "moved": [-0.25]})
    meta = Meta(title=text("t", "t"))
    result = [
        DomainResult(
            "survey",
            tables=[
                TableOutput("shares", scores, meta, audience="donors"),
                TableOutput("change", change, meta, audience="donors"),
            ],
        )
    ]
    periods = {"table": "shares", "key": "wave", "value": "period"}
    rules = {
        "rule": [
            {
                "id": "first",
                "table": "shares",
                "en": "{share:.0%} ({period}).",
                "ka": "{share:.0%} ({period}).",
            },
            {
                "id": "moved",
                "table": "change",
                "periods": {**periods, "columns": ["wave_before", "wave_after"]},
                "en": "{moved:+.2f}: {wave_before} → {wave_after}.",
                "ka": "{moved:+.2f}: {wave_before} → {wave_after}.",
            },
        ]
    }
    ka = [m.text for m in key_messages(result, "ka", rules=rules)]
    assert ka == [
        "50% (2025 წლის შემოდგომა).",
        "-0.25: 2025 წლის შემოდგომა → 2026 წლის II ნახევარი.",
    ]
    en = [m.text for m in key_messages(result, "en", rules=rules)]
    assert en == ["50% (2025 H2).", "-0.25: 2025 H2 → 2026 H2."]
