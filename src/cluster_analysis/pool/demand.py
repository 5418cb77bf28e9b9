"""Members' planned purchases: the raw-demand schema, unit and currency tables, conversion.

One submission row is member x category x item x period with a quantity in a unit, a commitment
level, the last price paid and its currency, and an optional specification. Units are UN/CEFACT
Rec. 20 codes plus service units (pallet, tonne-km, audit-day, trainee-day). Each category declares which units convert to its base unit and by what
factor (``units.csv``); a unit a category does not declare cannot be converted and its rows are
quarantined, and units with different base units in one category are kept apart (pooled
separately), never summed. Prices convert to GEL with a declared rate table (rate, date, source).

Every quarantine reason is a named pandera check with bilingual words in :data:`CHECK_MESSAGES`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from cluster_analysis.errors import InputError

#: UN/CEFACT Rec. 20 codes used by the pool, plus service units the cluster declares.
UNIT_LABELS: dict[str, dict[str, str]] = {
    "KGM": {"en": "kilogram", "ka": "კილოგრამი"},
    "TNE": {"en": "tonne", "ka": "ტონა"},
    "LTR": {"en": "litre", "ka": "ლიტრი"},
    "MTQ": {"en": "cubic metre", "ka": "კუბური მეტრი"},
    "MTK": {"en": "square metre", "ka": "კვადრატული მეტრი"},
    "MTR": {"en": "metre", "ka": "მეტრი"},
    "H87": {"en": "piece", "ka": "ცალი"},
    "T3": {"en": "thousand pieces", "ka": "ათასი ცალი"},
    "HUR": {"en": "hour", "ka": "საათი"},
    "DAY": {"en": "day", "ka": "დღე"},
    "MON": {"en": "month", "ka": "თვე"},
    "PALLET": {"en": "pallet", "ka": "პალეტი"},
    "TKM": {"en": "tonne-kilometre", "ka": "ტონა-კილომეტრი"},
    "AUDIT_DAY": {"en": "auditor-day", "ka": "აუდიტორის დღე"},
    "TRAINEE_DAY": {"en": "trainee-day", "ka": "მსმენელი-დღე"},
}
SERVICE_UNITS = ("PALLET", "TKM", "AUDIT_DAY", "TRAINEE_DAY")

COMMITMENT_LEVELS: tuple[str, ...] = ("indicative", "conditional", "firm")
COMMITMENT_LABELS: dict[str, dict[str, str]] = {
    "indicative": {"en": "indicative", "ka": "საორიენტაციო"},
    "conditional": {"en": "conditional", "ka": "პირობითი"},
    "firm": {"en": "firm", "ka": "მტკიცე"},
}

#: Purchase categories of the example pool, with bilingual names (others may be declared in
#: units.csv; an unlisted category is shown by its code).
CATEGORY_LABELS: dict[str, dict[str, str]] = {
    "corrugated_board": {"en": "Corrugated board", "ka": "გოფრირებული მუყაო"},
    "pet_preforms": {"en": "PET preforms", "ka": "PET პრეფორმები"},
    "stretch_film": {"en": "Stretch film", "ka": "სტრეჩ-ფირი"},
    "printing_inks": {"en": "Printing inks", "ka": "საბეჭდი საღებავები"},
    "road_freight": {"en": "Road freight (logistics)", "ka": "საავტომობილო გადაზიდვა (ლოჯისტიკა)"},
    "waste_management": {"en": "Waste management", "ka": "ნარჩენების მართვა"},
    "certification_audits": {"en": "Certification audits", "ka": "სერტიფიცირების აუდიტი"},
    "staff_training": {"en": "Staff training", "ka": "პერსონალის ტრენინგი"},
}

DEMAND_COLUMNS: tuple[str, ...] = (
    "submission_id",
    "member_id",
    "period",
    "category",
    "item_en",
    "item_ka",
    "quantity",
    "unit",
    "commitment",
    "last_unit_price",
    "currency",
    "specification",
)

PERIOD_PATTERN = r"\d{4}-Q[1-4]"

#: Bilingual reasons for every named check (``{value}`` and ``{column}`` are filled in by the
#: validation layer; passed as ``messages=`` to the validation).
CHECK_MESSAGES: dict[str, dict[str, str]] = {
    "member_known": {
        "en": "member '{value}' is not in the member register",
        "ka": "წევრი '{value}' არ არის წევრების რეესტრში",
    },
    "member_id_format": {
        "en": "member id '{value}' does not look like GPC-001",
        "ka": "წევრის კოდი '{value}' არ შეესაბამება ფორმატს GPC-001",
    },
    "period_format": {
        "en": "period '{value}' must be a quarter such as 2026-Q1",
        "ka": "პერიოდი '{value}' უნდა იყოს კვარტალი, მაგალითად 2026-Q1",
    },
    "category_known": {
        "en": "category '{value}' is not declared in units.csv",
        "ka": "კატეგორია '{value}' არ არის გამოცხადებული ფაილში units.csv",
    },
    "quantity_positive": {
        "en": "quantity {value} must be more than zero",
        "ka": "რაოდენობა {value} ნულზე მეტი უნდა იყოს",
    },
    "quantity_not_absurd": {
        "en": "quantity {value} is beyond the plausible maximum declared for this category and unit",
        "ka": "რაოდენობა {value} აღემატება ამ კატეგორიისა და ერთეულისთვის გამოცხადებულ დასაშვებ მაქსიმუმს",
    },
    "unit_known": {
        "en": "unit '{value}' is not a known UN/CEFACT or service unit code",
        "ka": "ერთეული '{value}' არ არის ცნობილი UN/CEFACT ან მომსახურების ერთეულის კოდი",
    },
    "unit_declared_for_category": {
        "en": "unit '{value}' has no declared conversion for this category (units.csv)",
        "ka": "ერთეულს '{value}' ამ კატეგორიისთვის გადაყვანის კოეფიციენტი არ აქვს (units.csv)",
    },
    "commitment_level_known": {
        "en": "commitment '{value}' must be indicative, conditional or firm",
        "ka": "ვალდებულება '{value}' უნდა იყოს indicative (საორიენტაციო), conditional (პირობითი) ან firm (მტკიცე)",
    },
    "price_not_negative": {
        "en": "last price {value} must not be negative",
        "ka": "ბოლო ფასი {value} არ შეიძლება იყოს უარყოფითი",
    },
    "currency_known": {
        "en": "currency '{value}' has no declared exchange rate to GEL",
        "ka": "ვალუტას '{value}' ლარში გადასაყვანი კურსი არ აქვს",
    },
    "price_has_currency": {
        "en": "a last price needs its currency",
        "ka": "ბოლო ფასს ვალუტა უნდა ახლდეს",
    },
    "duplicate_demand_line": {
        "en": "the same member, period, category, item and unit were submitted twice",
        "ka": "ერთი და იგივე წევრი, პერიოდი, კატეგორია, პროდუქტი და ერთეული ორჯერაა წარდგენილი",
    },
}

# Table-wide checks name the column they concern (for the rejects report).
DATAFRAME_CHECK_COLUMNS: dict[str, str] = {
    "unit_declared_for_category": "unit",
    "quantity_not_absurd": "quantity",
    "price_has_currency": "currency",
    "duplicate_demand_line": "member_id",
}


@dataclass(frozen=True)
class UnitTable:
    """Declared unit conversions per category (``units.csv``).

    ``frame`` columns: ``category``, ``unit``, ``base_unit``, ``factor`` (quantity in ``unit`` x
    factor = quantity in ``base_unit``) and ``max_quantity`` (largest plausible submission in
    ``unit``; larger ones are quarantined as absurd).
    """

    frame: pd.DataFrame

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, source: str | Path = "units.csv") -> UnitTable:
        """Check and type a raw units table; raise InputError naming the bad row."""
        required = ["category", "unit", "base_unit", "factor", "max_quantity"]
        missing = [c for c in required if c not in frame.columns]
        if missing:
            raise InputError(f"missing column(s) {', '.join(missing)}", path=source, row=1)
        table = frame[required].copy()
        for column in ("category", "unit", "base_unit"):
            table[column] = table[column].astype("string").str.strip()
        for column in ("factor", "max_quantity"):
            numbers = pd.to_numeric(table[column], errors="coerce")
            bad = numbers.isna() | (numbers <= 0)
            if bad.any():
                row = int(np.flatnonzero(bad.to_numpy())[0]) + 2
                raise InputError("expected a positive number", path=source, row=row, column=column)
            table[column] = numbers.astype("float64")
        duplicated = table.duplicated(["category", "unit"])
        if duplicated.any():
            row = int(np.flatnonzero(duplicated.to_numpy())[0]) + 2
            raise InputError("a category declares the same unit twice", path=source, row=row)
        unknown = ~table["unit"].isin(list(UNIT_LABELS)) | ~table["base_unit"].isin(
            list(UNIT_LABELS)
        )
        if unknown.any():
            row = int(np.flatnonzero(unknown.to_numpy())[0]) + 2
            raise InputError("unit is not a known UN/CEFACT or service code", path=source, row=row)
        return cls(table.reset_index(drop=True))

    @property
    def categories(self) -> list[str]:
        return sorted(self.frame["category"].unique().tolist())

    def lookup(self) -> pd.DataFrame:
        """Return the table indexed by (category, unit)."""
        return self.frame.set_index(["category", "unit"])


@dataclass(frozen=True)
class RateTable:
    """Declared exchange rates to GEL (``exchange_rates.csv``): GEL per one unit of currency,
    with the rate date and its source (e.g. the National Bank of Georgia official rate)."""

    gel_per_unit: Mapping[str, float]
    rate_date: str
    source: str

    @classmethod
    def from_frame(
        cls, frame: pd.DataFrame, source: str | Path = "exchange_rates.csv"
    ) -> RateTable:
        """Check and type a raw rate table; raise InputError naming the bad row."""
        required = ["currency", "gel_per_unit", "rate_date", "source"]
        missing = [c for c in required if c not in frame.columns]
        if missing:
            raise InputError(f"missing column(s) {', '.join(missing)}", path=source, row=1)
        rates = pd.to_numeric(frame["gel_per_unit"], errors="coerce")
        bad = rates.isna() | (rates <= 0)
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0]) + 2
            raise InputError(
                "expected a positive rate", path=source, row=row, column="gel_per_unit"
            )
        currencies = frame["currency"].astype("string").str.strip().str.upper()
        if currencies.duplicated().any():
            raise InputError("a currency is listed twice", path=source)
        dates = sorted(set(frame["rate_date"].astype("string").str.strip()))
        mapping = dict(zip(currencies.tolist(), rates.astype(float).tolist(), strict=True))
        mapping.setdefault("GEL", 1.0)
        sources = sorted(set(frame["source"].astype("string").str.strip()))
        return cls(mapping, ", ".join(dates), "; ".join(sources))


def demand_schema(
    units: UnitTable,
    rates: RateTable,
    *,
    members: Iterable[str] | None = None,
) -> pa.DataFrameSchema:
    """Return the pandera schema for raw demand submissions (every check named, see
    :data:`CHECK_MESSAGES`). ``members`` is the member register; without it ids only need the
    ``GPC-001`` form."""
    lookup = units.lookup()
    declared = set(lookup.index)
    max_quantity = lookup["max_quantity"].to_dict()
    known_currencies = sorted(rates.gel_per_unit)
    if members is not None:
        register = sorted(set(members))
        member_check = pa.Check(lambda s: s.isin(register), name="member_known")
    else:
        member_check = pa.Check(lambda s: s.str.fullmatch(r"GPC-\d{3}"), name="member_id_format")

    def unit_declared(frame: pd.DataFrame) -> pd.Series:
        pairs = zip(frame["category"], frame["unit"], strict=True)
        known_unit = frame["unit"].isin(list(UNIT_LABELS)).fillna(False)
        known_category = frame["category"].isin(units.categories).fillna(False)
        ok = [(c, u) in declared for c, u in pairs]
        # Unknown units and categories already have their own reason.
        return pd.Series(ok, index=frame.index) | ~known_unit | ~known_category

    def not_absurd(frame: pd.DataFrame) -> pd.Series:
        limits = [
            max_quantity.get((c, u), np.inf)
            for c, u in zip(frame["category"], frame["unit"], strict=True)
        ]
        quantity = pd.to_numeric(frame["quantity"], errors="coerce").astype("float64")
        return (quantity.isna() | (quantity <= np.array(limits, dtype=float))).astype(bool)

    def price_has_currency(frame: pd.DataFrame) -> pd.Series:
        return (frame["last_unit_price"].isna() | frame["currency"].notna()).astype(bool)

    def not_duplicated(frame: pd.DataFrame) -> pd.Series:
        keys = ["member_id", "period", "category", "item_en", "unit"]
        return ~frame.duplicated(keys, keep="first")

    return pa.DataFrameSchema(
        {
            "submission_id": pa.Column(str, unique=True),
            "member_id": pa.Column(str, member_check),
            "period": pa.Column(
                str, pa.Check(lambda s: s.str.fullmatch(PERIOD_PATTERN), name="period_format")
            ),
            "category": pa.Column(
                str, pa.Check(lambda s: s.isin(units.categories), name="category_known")
            ),
            "item_en": pa.Column(str),
            "item_ka": pa.Column(str, nullable=True, required=False),
            "quantity": pa.Column("Float64", pa.Check(lambda s: s > 0, name="quantity_positive")),
            "unit": pa.Column(
                str, pa.Check(lambda s: s.isin(list(UNIT_LABELS)), name="unit_known")
            ),
            "commitment": pa.Column(
                str,
                pa.Check(lambda s: s.isin(list(COMMITMENT_LEVELS)), name="commitment_level_known"),
            ),
            "last_unit_price": pa.Column(
                "Float64", pa.Check(lambda s: s >= 0, name="price_not_negative"), nullable=True
            ),
            "currency": pa.Column(
                str,
                pa.Check(lambda s: s.isin(known_currencies), name="currency_known"),
                nullable=True,
            ),
            "specification": pa.Column(str, nullable=True, required=False),
        },
        checks=[
            pa.Check(unit_declared, name="unit_declared_for_category"),
            pa.Check(not_absurd, name="quantity_not_absurd"),
            pa.Check(price_has_currency, name="price_has_currency"),
            pa.Check(not_duplicated, name="duplicate_demand_line"),
        ],
        coerce=True,
        strict=False,
    )


def tidy_raw_demand(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a copy with text trimmed, unit and currency codes upper-cased and commitment levels
    lower-cased, so "kgm " and "Firm" are accepted (no value is invented)."""
    tidy = frame.copy()
    for column in (
        "submission_id",
        "member_id",
        "period",
        "category",
        "unit",
        "currency",
        "commitment",
    ):
        if column in tidy.columns:
            values = tidy[column].astype("string").str.strip()
            if column in ("unit", "currency", "member_id", "period"):
                values = values.str.upper()
            if column in ("commitment", "category"):
                values = values.str.lower()
            tidy[column] = values.replace("", pd.NA)
    return tidy


def standardise_demand(valid: pd.DataFrame, units: UnitTable, rates: RateTable) -> pd.DataFrame:
    """Convert validated submissions to each category's base unit and prices to GEL.

    Adds ``base_unit``, ``factor``, ``quantity_base`` (= quantity x factor),
    ``last_price_gel`` (GEL per base unit = price x rate / factor), ``spend_gel`` (= quantity x
    price x rate: what the same volume cost at the last price) and ``rate_date``. Rows whose unit
    has no declared conversion raise ValueError: validate first. The input is not changed.
    """
    lookup = units.lookup()
    keys = list(zip(valid["category"], valid["unit"], strict=True))
    missing = [k for k in keys if k not in lookup.index]
    if missing:
        raise ValueError(f"no declared conversion for {missing[0]}; validate the demand first")
    out = valid.copy()
    out["base_unit"] = [lookup.at[k, "base_unit"] for k in keys]
    out["factor"] = np.array([lookup.at[k, "factor"] for k in keys], dtype=float)
    quantity = out["quantity"].astype("float64")
    out["quantity_base"] = quantity * out["factor"]
    rate = out["currency"].map(
        lambda c: rates.gel_per_unit.get(c, np.nan) if pd.notna(c) else np.nan
    )
    price = out["last_unit_price"].astype("float64")
    out["last_price_gel"] = (price * rate.astype("float64") / out["factor"]).astype("float64")
    out["spend_gel"] = (quantity * price * rate.astype("float64")).astype("float64")
    out["rate_date"] = rates.rate_date
    return out
