"""Location quotients, HHI, shift-share and dominant-employer share by hand
(docs/methods.md#cluster-mapping)."""

from __future__ import annotations

import pandas as pd
import pytest

from cluster_analysis.indicators.mapping import (
    dominant_employer_share,
    herfindahl,
    index_to_base_year,
    location_quotients,
    shift_share,
)

# Two regions, two sectors:
#            mining  other  total
#   A          60      40    100
#   B          20     180    200
#   total      80     220    300
JOBS = pd.DataFrame(
    {
        "place": ["A", "A", "B", "B"],
        "sector": ["mining", "other", "mining", "other"],
        "employment": [60, 40, 20, 180],
    }
)


def test_location_quotient_by_hand():
    lq = location_quotients(JOBS).set_index(["place", "sector"])["lq"]
    # LQ(A, mining) = (60/100) / (80/300) = 0.6 / 0.26667 = 2.25
    assert lq[("A", "mining")] == pytest.approx(2.25)
    # LQ(B, other) = (180/200) / (220/300) = 0.9 / 0.73333 = 1.22727
    assert lq[("B", "other")] == pytest.approx(0.9 / (220 / 300))


def test_location_quotient_against_a_reference_and_tiny_flag():
    reference = pd.DataFrame({"sector": ["mining", "other"], "employment": [100, 900]})
    lq = location_quotients(JOBS, reference=reference, tiny_count=30).set_index(["place", "sector"])
    # LQ(A, mining) = 0.6 / (100/1000) = 6
    assert lq.loc[("A", "mining"), "lq"] == pytest.approx(6.0)
    # 20 mining jobs in B are below 30: flagged as noise
    assert lq.loc[("B", "mining"), "tiny"]
    assert not lq.loc[("A", "mining"), "tiny"]


def test_hhi_by_hand():
    hhi = herfindahl(JOBS).set_index("place")
    # A: 0.6^2 + 0.4^2 = 0.52; B: 0.1^2 + 0.9^2 = 0.82
    assert hhi.loc["A", "hhi"] == pytest.approx(0.52)
    assert hhi.loc["B", "hhi"] == pytest.approx(0.82)
    assert hhi.loc["A", "equivalent_sectors"] == pytest.approx(1 / 0.52)
    assert hhi.loc["B", "largest_sector"] == "other"
    assert hhi.loc["B", "largest_share"] == pytest.approx(0.9)


def test_shift_share_by_hand():
    end = JOBS.assign(employment=[30, 50, 30, 190])
    # national: 300 -> 300, g_N = 0; mining 80 -> 60, g_iN = -0.25; other 220 -> 240, g = 1/11
    out = shift_share(JOBS, end).set_index(["place", "sector"])
    a_mining = out.loc[("A", "mining")]
    # e0 = 60: national share 60*0 = 0; industry mix 60*(-0.25 - 0) = -15;
    # regional shift 60*(30/60 - 1 - (-0.25)) = 60*(-0.25) = -15; total -30 = 30 - 60
    assert a_mining["national_share"] == pytest.approx(0.0)
    assert a_mining["industry_mix"] == pytest.approx(-15.0)
    assert a_mining["regional_shift"] == pytest.approx(-15.0)
    components = out[["national_share", "industry_mix", "regional_shift"]].sum(axis=1)
    assert components.to_numpy() == pytest.approx(out["change"].to_numpy())


def test_dominant_employer_share_by_hand():
    employers = pd.DataFrame(
        {"place": ["A", "A", "B"], "employer": ["plant", "shop", "mine"], "jobs": [45, 5, 10]}
    )
    totals = pd.DataFrame({"place": ["A", "B"], "employment": [100, 200]})
    out = dominant_employer_share(employers, totals).set_index("place")
    assert out.loc["A", "employer"] == "plant"
    assert out.loc["A", "dominant_share"] == pytest.approx(0.45)
    assert out.loc["B", "dominant_share"] == pytest.approx(0.05)


def test_index_never_spans_a_break():
    data = pd.DataFrame(
        {
            "indicator": ["g"] * 4,
            "place": ["p"] * 4,
            "year": [2019, 2020, 2021, 2022],
            "value": [10.0, 12.0, 20.0, 22.0],
            "break": [False, False, True, False],
        }
    )
    out = index_to_base_year(data, 2019)
    assert out["index"].iloc[1] == pytest.approx(120.0)
    assert out["index"].iloc[2:].isna().all()
    assert "series break in 2021" in out["index_note"].iloc[3]
