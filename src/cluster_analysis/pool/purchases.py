"""Actual pooled purchases (``data/raw/pool/purchases.csv``): what members paid through the pool
and what each would have paid alone, for realised savings (docs/methods.md#computed-results).

Columns: ``purchase_id`` (unique), ``member_id``, ``date`` (YYYY-MM-DD), ``category``,
``item_en``, ``quantity`` (> 0), ``unit``, ``price_paid`` (unit price paid through the pool),
``standalone_price`` (the member's own unit price for the same item bought alone, e.g. its last
invoice before pooling), ``currency`` (one of the declared exchange rates, or GEL).
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

__all__ = ["PURCHASE_CHECK_COLUMNS", "PURCHASE_MESSAGES", "purchases_schema", "realised_savings"]

PURCHASE_MESSAGES: dict[str, dict[str, str]] = {
    "purchase_id_unique": {
        "en": "purchase id '{value}' appears more than once",
        "ka": "შესყიდვის კოდი '{value}' ერთზე მეტჯერ გვხვდება",
    },
    "purchase_date_form": {
        "en": "date '{value}' must be YYYY-MM-DD",
        "ka": "თარიღი '{value}' უნდა ჩაიწეროს ასე: YYYY-MM-DD",
    },
    "purchase_currency_known": {
        "en": "currency '{value}' has no declared exchange rate (exchange_rates.csv)",
        "ka": "ვალუტა '{value}'-ისთვის გაცვლითი კურსი განსაზღვრული არ არის (exchange_rates.csv)",
    },
    "purchase_positive": {
        "en": "'{column}' must be a positive number, not '{value}'",
        "ka": "'{column}' დადებითი რიცხვი უნდა იყოს და არა '{value}'",
    },
    "purchase_member_known": {
        "en": "member '{value}' is not on the member register",
        "ka": "წევრი '{value}' წევრების რეესტრში არ არის",
    },
}

PURCHASE_CHECK_COLUMNS: dict[str, str] = {"purchase_id_unique": "purchase_id"}


def _positive(name: str) -> pa.Column:
    return pa.Column(float, pa.Check.gt(0, name="purchase_positive"))


def purchases_schema(currencies: list[str], members: list[str] | None) -> pa.DataFrameSchema:
    """The purchases schema: known currencies and (with a register) known members."""
    member_checks = (
        [pa.Check(lambda s: s.str.upper().isin(members), name="purchase_member_known")]
        if members is not None
        else []
    )
    return pa.DataFrameSchema(
        {
            "purchase_id": pa.Column(str),
            "member_id": pa.Column(str, member_checks),
            "date": pa.Column(
                str,
                pa.Check(
                    lambda s: s.str.fullmatch(r"\d{4}-\d{2}-\d{2}"), name="purchase_date_form"
                ),
            ),
            "category": pa.Column(str),
            "item_en": pa.Column(str, nullable=True, required=False),
            "quantity": _positive("quantity"),
            "unit": pa.Column(str),
            "price_paid": _positive("price_paid"),
            "standalone_price": _positive("standalone_price"),
            "currency": pa.Column(
                str,
                pa.Check(lambda s: s.str.upper().isin(currencies), name="purchase_currency_known"),
            ),
        },
        checks=[
            pa.Check(lambda f: ~f["purchase_id"].duplicated(keep=False), name="purchase_id_unique")
        ],
        coerce=True,
        strict=False,
    )


def realised_savings(purchases: pd.DataFrame, gel_per_unit: dict[str, float]) -> pd.DataFrame:
    """Return one row per purchase with prices in GEL and ``savings_gel`` = (stand-alone price -
    price paid) x quantity x GEL rate (negative when the pool paid more), and its ``year``."""
    rate = purchases["currency"].str.upper().map(gel_per_unit).astype(float)
    out = purchases[
        ["purchase_id", "member_id", "date", "category", "quantity", "unit", "currency"]
    ].copy()
    out["year"] = pd.to_datetime(purchases["date"]).dt.year.astype("Int64")
    out["price_paid_gel"] = purchases["price_paid"].astype(float) * rate
    out["standalone_price_gel"] = purchases["standalone_price"].astype(float) * rate
    out["savings_gel"] = (out["standalone_price_gel"] - out["price_paid_gel"]) * purchases[
        "quantity"
    ].astype(float)
    for column in ("purchase_id", "member_id", "date", "category", "unit", "currency"):
        out[column] = out[column].astype("string")
    return out.reset_index(drop=True)
