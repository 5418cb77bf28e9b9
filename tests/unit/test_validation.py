"""Validation with quarantine: every reason, both languages, conservation on every call."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cluster_analysis.errors import InputError
from cluster_analysis.validation import (
    REJECT_COLUMNS,
    describe_failure,
    register_messages,
    reject_rows,
    validate,
)

MESSAGES = {
    "test_duplicate_member": {
        "en": "member {value} answered twice",
        "ka": "წევრმა {value} ორჯერ უპასუხა",
    }
}

SCHEMA = pa.DataFrameSchema(
    {
        "member_id": pa.Column(str, nullable=False),
        "score": pa.Column("Int64", pa.Check.in_range(1, 5), nullable=True),
        "kind": pa.Column(str, pa.Check.isin(["maker", "user"]), nullable=True),
    },
    checks=[
        pa.Check(lambda df: ~df.duplicated(["member_id"], keep=False), name="test_duplicate_member")
    ],
    coerce=True,
)


def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "member_id": ["a", "b", "b", None, "e"],
            "score": ["1", "9", "3", "x", None],
            "kind": ["maker", "user", "robot", "user", "user"],
        }
    )


def test_valid_and_rejected_rows_with_every_reason() -> None:
    result = validate(
        frame(),
        SCHEMA,
        table="t",
        source="s.csv",
        id_column="member_id",
        dataframe_check_columns={"test_duplicate_member": "member_id"},
        messages=MESSAGES,
    )
    assert result.valid["member_id"].tolist() == ["a", "e"]
    assert str(result.valid["score"].dtype) == "Int64"
    assert result.rows_in == 5 and result.rows_valid == 2 and result.rows_rejected == 3
    assert list(result.rejects.columns) == REJECT_COLUMNS
    by_row = result.rejects.groupby("row")["check"].apply(set).to_dict()
    # spreadsheet rows: header is row 1, so frame row 1 ("b", 9) is row 3
    assert by_row[3] == {"in_range(1, 5)", "test_duplicate_member"}
    assert by_row[4] == {"isin(['maker', 'user'])", "test_duplicate_member"}
    assert by_row[5] == {"not_nullable", "coerce_dtype('Int64')"}  # one reason per cell, not two
    reasons = result.rejects.set_index(["row", "check"])
    assert (
        reasons.loc[(3, "in_range(1, 5)"), "reason_en"]
        == "9 in 'score' is outside the range 1 to 5"
    )
    assert reasons.loc[(3, "test_duplicate_member"), "reason_ka"] == "წევრმა b ორჯერ უპასუხა"
    assert (
        reasons.loc[(5, "coerce_dtype('Int64')"), "reason_en"]
        == "'x' in 'score' is not a whole number"
    )
    # 'x' failed conversion: no spurious range-check reason on that text
    assert not (
        (result.rejects["row"] == 5) & result.rejects["check"].str.startswith("in_range")
    ).any()


def test_missing_column_is_one_clear_error_with_lookalike_hint() -> None:
    data = frame().rename(columns={"member_id": "memb\u0435r_id"})  # Cyrillic 'е'
    with pytest.raises(
        InputError, match=r"missing column\(s\) 'member_id' \(found 'membеr_id', which mixes"
    ):
        validate(data, SCHEMA, table="t", source="s.csv")


def test_reject_rows_outside_pandera() -> None:
    data = pd.DataFrame({"id": ["x", "y"], "_row": [7, 9]})
    kept, rejects = reject_rows(
        data,
        data["id"] == "y",
        table="t",
        check="test_duplicate_member",
        column="id",
        messages=MESSAGES,
    )
    assert kept["id"].tolist() == ["x"]
    assert rejects.loc[0, "row"] == 9 and rejects.loc[0, "reason_en"] == "member y answered twice"


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a", "b", "c", "d", None]),
            st.one_of(st.none(), st.integers(-3, 9).map(str), st.sampled_from(["x", "", "3.5"])),
            st.sampled_from(["maker", "user", "robot", None]),
        ),
        max_size=25,
    )
)
def test_conservation_rows_in_equal_valid_plus_rejected(rows: list[tuple]) -> None:
    data = pd.DataFrame(rows, columns=["member_id", "score", "kind"])
    result = validate(data, SCHEMA, table="t", source="s.csv")
    assert result.rows_valid + result.rows_rejected == len(data)
    # every rejected row has at least one reason, every reason points at a rejected row
    assert set(result.rejects["row"]) == {i + 2 for i in result.rejected_rows.index}


@given(st.permutations(list(range(5))))
def test_results_do_not_depend_on_row_order(order: list[int]) -> None:
    base = validate(frame(), SCHEMA, table="t", source="s.csv")
    shuffled = validate(
        frame().iloc[order].reset_index(drop=True), SCHEMA, table="t", source="s.csv"
    )
    assert sorted(base.valid["member_id"]) == sorted(shuffled.valid["member_id"])
    assert base.rows_rejected == shuffled.rows_rejected
    assert sorted(base.rejects["reason_en"]) == sorted(shuffled.rejects["reason_en"])


def test_fraction_in_a_whole_number_column_is_quarantined_not_raised() -> None:
    # 3.5 in a float column bound for Int64: pandera reports the whole column, without a row;
    # the row holding 3.5 must be quarantined and the others kept.
    data = pd.DataFrame({"member_id": ["a", "b", "c"], "score": [1, 3.5, 2], "kind": ["user"] * 3})
    result = validate(data, SCHEMA.remove_columns([]), table="t", source="s.csv")
    assert result.valid["member_id"].tolist() == ["a", "c"]
    assert result.rejects[["row", "value"]].values.tolist() == [[3, "3.5"]]
    assert result.rejects.loc[0, "reason_en"] == "'3.5' in 'score' is not a whole number"


def test_messages_are_explicit_and_importing_registers_nothing() -> None:
    import importlib

    import cluster_analysis.pool.demand
    import cluster_analysis.pool.inputs
    import cluster_analysis.pool.pipeline
    import cluster_analysis.pool.pooling
    from cluster_analysis import validation

    for module in (
        cluster_analysis.pool.demand,
        cluster_analysis.pool.pooling,
        cluster_analysis.pool.inputs,
        cluster_analysis.pool.pipeline,
    ):
        importlib.reload(module)
    assert "member_known" not in validation._MESSAGES
    assert "offer_price_present" not in validation._MESSAGES
    en, ka = describe_failure("member_known", "member_id", "GPC-999")
    assert en == "'GPC-999' in 'member_id' failed the check member_known"
    en, ka = describe_failure("test_duplicate_member", "member_id", "b", MESSAGES)
    assert (en, ka) == ("member b answered twice", "წევრმა b ორჯერ უპასუხა")


def test_a_check_name_registered_twice_with_other_words_is_refused() -> None:
    register_messages({"test_only_once": {"en": "a", "ka": "ა"}})
    register_messages({"test_only_once": {"en": "a", "ka": "ა"}})
    with pytest.raises(ValueError, match="already registered with another message"):
        register_messages({"test_only_once": {"en": "b", "ka": "ბ"}})
