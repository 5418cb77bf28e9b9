"""Actual pooled purchases: realised savings against each member's stand-alone price."""

from __future__ import annotations

from fractions import Fraction

import pandas as pd

from cluster_analysis.pool.purchases import (
    PURCHASE_CHECK_COLUMNS,
    PURCHASE_MESSAGES,
    purchases_schema,
    realised_savings,
)
from cluster_analysis.validation import validate

RAW = pd.DataFrame(
    {
        "purchase_id": ["P1", "P2", "P3", "P4", "P5", "P5"],
        "member_id": ["GPC-001", "GPC-002", "GPC-003", "GPC-999", "GPC-001", "GPC-002"],
        "date": ["2026-03-01", "2026-04-02", "2025-12-30", "2026-01-01", "2026-1-5", "2026-01-05"],
        "category": ["board"] * 6,
        "quantity": ["10", "2.5", "4", "1", "1", "0"],
        "unit": ["TNE"] * 6,
        "price_paid": ["2386", "18.5", "100", "1", "1", "1"],
        "standalone_price": ["2500", "20", "90", "2", "2", "2"],
        "currency": ["GEL", "EUR", "GEL", "GEL", "RUB", "GEL"],
    }
)


def _validated():
    return validate(
        RAW,
        purchases_schema(["GEL", "EUR"], ["GPC-001", "GPC-002", "GPC-003"]),
        table="purchases",
        id_column="purchase_id",
        dataframe_check_columns=PURCHASE_CHECK_COLUMNS,
        messages=PURCHASE_MESSAGES,
    )


def test_bad_purchases_are_quarantined() -> None:
    result = _validated()
    assert result.valid["purchase_id"].tolist() == ["P1", "P2", "P3"]
    checks = set(result.rejects["check"])
    assert {"purchase_member_known", "purchase_currency_known", "purchase_date_form"} <= checks
    assert "purchase_id_unique" in checks
    assert result.rejects["reason_ka"].str.len().gt(0).all()


def test_savings_by_hand_in_gel() -> None:
    savings = realised_savings(_validated().valid, {"GEL": 1.0, "EUR": 3.152})
    by_id = savings.set_index("purchase_id")["savings_gel"]
    # exact: (2500 - 2386) x 10; (20 - 18.5) x 2.5 x 3.152; (90 - 100) x 4 (the pool paid more)
    assert by_id["P1"] == float(Fraction(114) * 10)
    assert abs(by_id["P2"] - float(Fraction(3, 2) * Fraction(5, 2) * Fraction("3.152"))) < 1e-9
    assert by_id["P3"] == -40.0
    assert savings.set_index("purchase_id")["year"].to_dict() == {
        "P1": 2026,
        "P2": 2026,
        "P3": 2025,
    }
