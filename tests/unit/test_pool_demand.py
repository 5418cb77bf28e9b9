"""Raw demand: quarantine reasons, unit and currency conversion (docs/methods.md#bargaining-pool)."""

from __future__ import annotations

import pandas as pd
import pytest

from cluster_analysis.errors import InputError
from cluster_analysis.pool.demand import (
    CHECK_MESSAGES,
    DATAFRAME_CHECK_COLUMNS,
    RateTable,
    UnitTable,
    demand_schema,
    standardise_demand,
    tidy_raw_demand,
)
from cluster_analysis.validation import validate

UNITS = UnitTable.from_frame(
    pd.DataFrame(
        {
            "category": [
                "corrugated_board",
                "corrugated_board",
                "corrugated_board",
                "staff_training",
            ],
            "unit": ["TNE", "KGM", "MTK", "TRAINEE_DAY"],
            "base_unit": ["TNE", "TNE", "MTK", "TRAINEE_DAY"],
            "factor": ["1", "0.001", "1", "1"],
            "max_quantity": ["500", "500000", "1000000", "400"],
        }
    )
)
RATES = RateTable.from_frame(
    pd.DataFrame(
        {
            "currency": ["EUR", "USD"],
            "gel_per_unit": ["3.0", "2.5"],
            "rate_date": ["2026-01-05", "2026-01-05"],
            "source": ["National Bank of Georgia", "National Bank of Georgia"],
        }
    )
)
MEMBERS = ["GPC-001", "GPC-002", "GPC-003"]


def _row(**overrides: str | None) -> dict[str, str | None]:
    row = {
        "submission_id": "D1",
        "member_id": "GPC-001",
        "period": "2026-Q1",
        "category": "corrugated_board",
        "item_en": "Corrugated board, 3-ply",
        "item_ka": "გოფრირებული მუყაო, 3-ფენიანი",
        "quantity": "10",
        "unit": "TNE",
        "commitment": "firm",
        "last_unit_price": "2000",
        "currency": "GEL",
        "specification": None,
    }
    row.update(overrides)
    return row


def _validate(rows: list[dict]) -> tuple[pd.DataFrame, pd.DataFrame]:
    frame = tidy_raw_demand(pd.DataFrame(rows, dtype="string"))
    result = validate(
        frame,
        demand_schema(UNITS, RATES, members=MEMBERS),
        table="pool_demand",
        source="demand.csv",
        messages=CHECK_MESSAGES,
        id_column="submission_id",
        dataframe_check_columns=DATAFRAME_CHECK_COLUMNS,
    )
    return result.valid, result.rejects


def test_good_rows_pass_and_convert() -> None:
    valid, rejects = _validate(
        [
            _row(),
            _row(
                submission_id="D2",
                member_id="GPC-002",
                quantity="2500",
                unit="KGM",
                last_unit_price="700",
                currency="EUR",
                commitment=" Conditional ",
            ),
        ]
    )
    assert rejects.empty
    converted = standardise_demand(valid, UNITS, RATES)
    # 10 TNE stay 10 TNE; 2500 KGM x 0.001 = 2.5 TNE.
    assert converted["quantity_base"].tolist() == pytest.approx([10, 2.5])
    assert converted["base_unit"].tolist() == ["TNE", "TNE"]
    # 700 EUR per tonne x 3.0 GEL/EUR = 2100 GEL; per KGM line: 2500 kg at 700 EUR/kg?
    # No: the price is per submitted unit (KGM): 700 EUR/kg x 3.0 / 0.001 = 2,100,000 GEL/t.
    assert converted["last_price_gel"].tolist() == pytest.approx([2000, 2_100_000])
    # Spend = quantity x price x rate: 10 x 2000 = 20,000; 2500 x 700 x 3 = 5,250,000.
    assert converted["spend_gel"].tolist() == pytest.approx([20_000, 5_250_000])
    assert set(converted["rate_date"]) == {"2026-01-05"}


@pytest.mark.parametrize(
    ("override", "check"),
    [
        ({"quantity": "-5"}, "quantity_positive"),
        ({"quantity": "90000"}, "quantity_not_absurd"),
        ({"unit": "BARREL"}, "unit_known"),
        ({"unit": "LTR"}, "unit_declared_for_category"),
        ({"member_id": "GPC-999"}, "member_known"),
        ({"currency": "RUB"}, "currency_known"),
        ({"commitment": "maybe"}, "commitment_level_known"),
        ({"period": "2026-05"}, "period_format"),
        ({"category": "diesel"}, "category_known"),
        ({"last_unit_price": "-1"}, "price_not_negative"),
        ({"currency": None}, "price_has_currency"),
    ],
)
def test_each_bad_row_is_quarantined_with_its_reason(override: dict, check: str) -> None:
    second = _row(**{"submission_id": "D2", "period": "2026-Q2", **override})
    valid, rejects = _validate([_row(), second])
    assert valid["submission_id"].tolist() == ["D1"]
    assert set(rejects["check"]) == {check}  # exactly one reason, no knock-on noise
    reason = rejects.loc[rejects["check"] == check].iloc[0]
    assert reason["record_id"] == "D2"
    assert reason["reason_en"] and reason["reason_ka"]
    assert "{" not in reason["reason_en"]


def test_duplicate_submission_is_quarantined() -> None:
    valid, rejects = _validate([_row(), _row(submission_id="D2")])
    assert valid["submission_id"].tolist() == ["D1"]
    assert set(rejects["check"]) == {"duplicate_demand_line"}


def test_text_in_a_number_column_is_a_reason_not_a_crash() -> None:
    valid, rejects = _validate([_row(), _row(submission_id="D2", quantity="ten", period="2026-Q2")])
    assert valid["submission_id"].tolist() == ["D1"]
    assert rejects["column"].tolist() == ["quantity"]


def test_different_units_in_one_category_keep_their_base_unit() -> None:
    valid, _ = _validate([_row(), _row(submission_id="D2", unit="MTK", quantity="5000")])
    converted = standardise_demand(valid, UNITS, RATES)
    # TNE and MTK have no declared conversion between them: two base units, never summed.
    assert converted["base_unit"].tolist() == ["TNE", "MTK"]


def test_every_check_has_words_in_both_languages() -> None:
    schema = demand_schema(UNITS, RATES, members=MEMBERS)
    names = {c.name for c in schema.checks}
    for column in schema.columns.values():
        names |= {c.name for c in column.checks}
    assert names <= set(CHECK_MESSAGES)
    assert all(set(m) == {"en", "ka"} for m in CHECK_MESSAGES.values())


def test_bad_tables_are_input_errors() -> None:
    with pytest.raises(InputError, match="positive"):
        UnitTable.from_frame(
            pd.DataFrame(
                {
                    "category": ["x"],
                    "unit": ["KGM"],
                    "base_unit": ["KGM"],
                    "factor": ["zero"],
                    "max_quantity": ["1"],
                }
            )
        )
    with pytest.raises(InputError, match="rate"):
        RateTable.from_frame(
            pd.DataFrame(
                {
                    "currency": ["EUR"],
                    "gel_per_unit": ["-3"],
                    "rate_date": ["2026-01-05"],
                    "source": ["NBG"],
                }
            )
        )
    assert RATES.gel_per_unit["GEL"] == 1.0
