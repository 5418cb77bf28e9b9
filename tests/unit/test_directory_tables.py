"""Directory table functions on tiny inline frames: typing, critical gaps, scores by hand, calendar."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pandas as pd
import pytest

from cluster_analysis.directory import tables as T

REF = date(2026, 11, 20)


def _programmes(**overrides: list[object]) -> pd.DataFrame:
    raw = {
        "programme_id": ["FP-002", "FP-001", "FP-003"],
        "donor": ["EU", "UNDP", "GIZ"],
        "programme_en": ["Grants A", "Grants B", "Grants C"],
        "programme_ka": ["გრანტები A", "გრანტები B", "გრანტები C"],
        "eligible_member_types": ["all", "packaging_maker", "all"],
        "eligible_sizes": ["all", "small|micro", "all"],
        "eligible_regions": ["all", "all", "Imereti"],
        "dimensions": [None, "compliance", None],
        "items": ["ppwr", None, "ppwr"],
        "amount_min": ["1000", "2000", "500"],
        "amount_max": ["5000", "9000", "900"],
        "currency": ["EUR", "USD", "GEL"],
        "opening_date": ["2026-10-01", "2026-09-01", "2026-12-01"],
        "deadline": ["2026-12-05", None, "2027-01-31"],
        "link": ["https://example.org/a", "https://example.org/b", "https://example.org/c"],
        "last_checked": ["2026-11-01", "2026-11-20", "2026-10-02"],
    }
    raw.update(overrides)
    return T.funding_programmes(pd.DataFrame(raw))


def _others() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    sp = T.service_providers(
        pd.DataFrame(
            {
                "provider_id": ["SP-001"],
                "name_en": ["Auditors"],
                "name_ka": ["აუდიტორები"],
                "services_en": ["audits"],
                "services_ka": ["აუდიტი"],
                "dimensions": ["compliance"],
                "items": [None],
                "certifications": [None],
                "languages": ["ka|en"],
                "regions": ["Tbilisi"],
                "contact_person": ["X"],
                "phone": ["1"],
                "email": ["x@example.com"],
                "website": [None],
                "last_checked": ["2026-11-02"],
            }
        )
    )
    ex = T.experts(
        pd.DataFrame(
            {
                "expert_id": ["EX-001"],
                "name_en": ["E"],
                "name_ka": ["ე"],
                "expertise_en": ["law"],
                "expertise_ka": ["სამართალი"],
                "dimensions": [None],
                "items": ["gs1"],
                "certifications": [None],
                "languages": ["ka"],
                "region": ["Tbilisi"],
                "phone": [None],
                "email": [None],
                "last_checked": ["2026-11-03"],
            }
        )
    )
    tp = T.technology_providers(
        pd.DataFrame(
            {
                "provider_id": [],
                "name": [],
                "country": [],
                "technologies_en": [],
                "technologies_ka": [],
                "dimensions": [],
                "items": [],
                "regions": [],
                "website": [],
                "email": [],
                "last_checked": [],
            },
            dtype="object",
        )
    )
    return sp, ex, tp


def _survey() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    # four respondents in wave w2; R1 and R2 have a critical PPWR gap (I >= 4, C <= 2), R3 does
    # not (C = 3), R4 answered "don't know" on capability (missing): not critical
    long = pd.DataFrame(
        {
            "respondent_id": ["R1", "R2", "R3", "R4", "R1"],
            "wave": ["w2", "w2", "w2", "w2", "w1"],
            "item": ["ppwr"] * 5,
            "dimension": ["compliance"] * 5,
            "importance": pd.array([5, 4, 5, 5, 5], dtype="Int64"),
            "capability": pd.array([1, 2, 3, None, 1], dtype="Int64"),
            "scale_max": [5] * 5,
            "member_type": ["packaging_maker", "packaging_user", "packaging_maker", "other", "x"],
            "size_class": ["small", "large", "small", "micro", "x"],
            "region": ["Tbilisi", "Imereti", "Tbilisi", "Adjara", "x"],
        }
    )
    needs = pd.DataFrame(
        {
            "wave": ["w2", "w2", "w1"],
            "item": ["ppwr", "gs1", "ppwr"],
            "item_en": ["PPWR", "GS1", "PPWR"],
            "item_ka": ["PPWR", "GS1", "PPWR"],
            "n": [4, 4, 1],
            "critical_gap_share": pd.array([0.5, 0.1, 1.0], dtype="Float64"),
            "suppressed": [False, False, True],
        }
    )
    items = pd.DataFrame(
        {
            "item": ["ppwr", "gs1"],
            "dimension": ["compliance", "compliance"],
            "dimension_en": ["Compliance", "Compliance"],
            "dimension_ka": ["შესაბამისობა", "შესაბამისობა"],
        }
    )
    return long, needs, items


def test_typed_tables_normalise_lists_dates_and_numbers_without_mutating_input() -> None:
    raw = pd.DataFrame(
        {
            "event_id": ["EV-002", "EV-001"],
            "title_en": ["B", "A"],
            "title_ka": ["ბ", "ა"],
            "start_date": ["2026-12-03", "2026-12-01"],
            "end_date": [None, "2026-12-02"],
            "city": ["Tbilisi", "Kutaisi"],
            "country": ["GE", "GE"],
            "dimensions": [None, None],
            "items": ["ppwr| gs1 |ppwr", None],
            "priority": ["yes", "no"],
            "cluster_role": ["speak", "attend"],
            "link": [None, None],
            "last_checked": ["2026-11-01", "2026-11-02"],
        }
    )
    before = raw.copy()
    out = T.events(raw)
    pd.testing.assert_frame_equal(raw, before)
    assert out["event_id"].tolist() == ["EV-001", "EV-002"]
    assert out.loc[1, "items"] == "gs1|ppwr"
    assert out.loc[1, "end_date"] == pd.Timestamp("2026-12-03")  # one-day event
    assert out["priority"].tolist() == [False, True]


def test_reference_date_is_the_latest_last_checked_not_the_clock() -> None:
    programmes = _programmes()
    sp, ex, _ = _others()
    assert T.reference_date(programmes, sp, ex) == date(2026, 11, 20)


def test_member_gaps_and_critical_gaps_count_and_suppress() -> None:
    long, needs, items = _survey()
    gaps = T.member_gaps(long, wave="w2")
    assert gaps.set_index("respondent_id")["critical"].to_dict() == {
        "R1": True,
        "R2": True,
        "R3": False,
        "R4": False,
    }
    critical = T.critical_gaps(needs, items, gaps, wave="w2", threshold=0.25, min_cell=2)
    assert critical["item"].tolist() == ["ppwr"]  # gs1 below the threshold
    assert critical.loc[0, "members_with_gap"] == 2
    suppressed = T.critical_gaps(needs, items, gaps, wave="w2", threshold=0.25, min_cell=3)
    assert suppressed.loc[0, "members_with_gap"] is pd.NA
    assert bool(suppressed.loc[0, "members_with_gap_suppressed"])


def test_gap_match_scores_and_ranks_by_hand() -> None:
    long, needs, items = _survey()
    gaps = T.member_gaps(long, wave="w2")
    critical = T.critical_gaps(needs, items, gaps, wave="w2", threshold=0.25, min_cell=1)
    sp, ex, tp = _others()
    weights = T.MatchWeights(topic=0.5, eligibility=0.3, deadline=0.2, dimension_match=0.5)
    out = T.gap_matches(
        critical, gaps, _programmes(), sp, ex, tp, reference_date=REF, weights=weights
    )
    scores = dict(zip(out["resource_id"], out["score"], strict=True))
    # FP-002: item match (1), both holders eligible (2/2), deadline 15 days away: 15/30
    fp2 = Fraction(1, 2) * 1 + Fraction(3, 10) * 1 + Fraction(1, 5) * Fraction(15, 30)
    # FP-001: dimension only (1/2), only R1 is a small packaging maker (1/2), rolling call (1)
    fp1 = Fraction(1, 2) * Fraction(1, 2) + Fraction(3, 10) * Fraction(1, 2) + Fraction(1, 5)
    # SP-001: dimension only, serves Tbilisi: R1 only (1/2), no deadline (1)
    sp1 = fp1
    assert scores["FP-002"] == pytest.approx(float(fp2))
    assert scores["FP-001"] == pytest.approx(float(fp1))
    assert scores["SP-001"] == pytest.approx(float(sp1))
    # FP-003 opens after the reference date; EX-001 is about another item: not paired
    assert set(scores) == {"FP-001", "FP-002", "SP-001"}
    programmes = out[out["resource_kind"] == "funding_programme"].set_index("resource_id")
    assert float(fp2) > float(fp1)
    assert programmes.loc["FP-002", "rank"] == 1 and programmes.loc["FP-001", "rank"] == 2
    assert programmes.loc["FP-002", "eligible_members"] == 2


def test_gap_match_drops_records_no_gap_holder_is_eligible() -> None:
    long, needs, items = _survey()
    gaps = T.member_gaps(long, wave="w2")
    critical = T.critical_gaps(needs, items, gaps, wave="w2", threshold=0.25, min_cell=1)
    sp, ex, tp = _others()
    only_kakheti = _programmes(eligible_regions=["Kakheti", "Kakheti", "Kakheti"])
    out = T.gap_matches(
        critical, gaps, only_kakheti, sp, ex, tp, reference_date=REF, weights=T.MatchWeights()
    )
    assert "funding_programme" not in set(out["resource_kind"])


def test_match_weights_must_add_up_to_one() -> None:
    with pytest.raises(ValueError, match="add up to 1"):
        T.MatchWeights(topic=0.5, eligibility=0.5, deadline=0.2)


def test_calendar_window_and_order() -> None:
    events = T.events(
        pd.DataFrame(
            {
                "event_id": ["EV-001", "EV-002", "EV-003"],
                "title_en": ["Past", "Spanning", "Too late"],
                "title_ka": ["წარსული", "გარდამავალი", "გვიან"],
                "start_date": ["2026-11-01", "2026-11-18", "2027-02-19"],
                "end_date": ["2026-11-02", "2026-11-21", None],
                "city": ["Tbilisi"] * 3,
                "country": ["GE"] * 3,
                "dimensions": [None] * 3,
                "items": [None] * 3,
                "priority": ["no", "yes", "no"],
                "cluster_role": ["attend", "organise", "speak"],
                "link": [None] * 3,
                "last_checked": ["2026-11-01"] * 3,
            }
        )
    )
    out = T.calendar(_programmes(), events, reference_date=REF, horizon_days=90)
    # 2027-02-18 is the last day of the window: EV-003 (19 Feb) is out; FP-003 (31 Jan) is in
    assert out["record_id"].tolist() == ["EV-002", "FP-002", "FP-003"]
    assert out["kind"].tolist() == ["event", "deadline", "deadline"]
    assert out["days_from_reference"].tolist() == [-2, 15, 72]


def test_gap_coverage_and_members_view_hide_member_level_columns() -> None:
    long, needs, items = _survey()
    gaps = T.member_gaps(long, wave="w2")
    critical = T.critical_gaps(needs, items, gaps, wave="w2", threshold=0.25, min_cell=3)
    sp, ex, tp = _others()
    matches = T.gap_matches(
        critical, gaps, _programmes(), sp, ex, tp, reference_date=REF, weights=T.MatchWeights()
    )
    coverage = T.gap_coverage(critical, matches, gaps).set_index("item")
    assert coverage.loc["ppwr", "respondents"] == 4
    assert coverage.loc["ppwr", "open_programmes"] == 2  # FP-001 and FP-002
    assert coverage.loc["ppwr", "providers_and_experts"] == 1  # SP-001
    assert coverage.loc["ppwr", "nearest_deadline"] == pd.Timestamp("2026-12-05")
    assert coverage.loc["ppwr", "members_with_gap"] is pd.NA  # 2 holders < min_cell 3
    view = T.gap_matches_members(matches, critical)
    assert not {"eligible_members", "eligible_share", "score"} & set(view.columns)
    assert len(view) == len(matches)


def test_no_critical_gap_gives_empty_typed_tables() -> None:
    long, needs, items = _survey()
    gaps = T.member_gaps(long, wave="w2")
    critical = T.critical_gaps(needs, items, gaps, wave="w2", threshold=0.99, min_cell=1)
    sp, ex, tp = _others()
    matches = T.gap_matches(
        critical, gaps, _programmes(), sp, ex, tp, reference_date=REF, weights=T.MatchWeights()
    )
    coverage = T.gap_coverage(critical, matches, gaps)
    assert len(critical) == len(matches) == len(coverage) == 0
    assert list(matches.columns) == [*T.GAP_MATCH_COLUMNS, "rank"]
    assert str(coverage["nearest_deadline"].dtype) == "datetime64[s]"


def test_reference_date_without_any_record_is_an_error() -> None:
    with pytest.raises(ValueError, match="no directory record"):
        T.reference_date(_programmes().iloc[0:0])
