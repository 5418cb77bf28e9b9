"""The pool's declared inputs and the only code of the pool that reads files (through the run context).

Raw files, in ``data/raw/pool/``:

- ``demand_submissions.csv``: members' planned purchases (one line per member, item and quarter);
- ``vendor_offers.csv``: vendors' tier or package offers;
- ``units.csv``: each category's unit conversions to its base unit;
- ``exchange_rates.csv``: GEL per unit of each currency, with date and source;
- ``market_size.csv`` (optional): ``category, market_size_gel`` for the competition screen.

Member ids are checked against the survey's processed register (``survey/survey_register``), never
against the survey's raw file. Unit and rate tables are read once per run (:func:`load_reference`)
and handed to everything that needs them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from cluster_analysis.context import InputSpec, RunContext
from cluster_analysis.errors import InputError
from cluster_analysis.outputs import text
from cluster_analysis.pool.demand import (
    CHECK_MESSAGES,
    DATAFRAME_CHECK_COLUMNS,
    RateTable,
    UnitTable,
    demand_schema,
    tidy_raw_demand,
)
from cluster_analysis.pool.pooling import OFFER_CHECK_MESSAGES, offers_schema, schedules_from_offers
from cluster_analysis.pool.tiers import Schedule
from cluster_analysis.validation import ValidationResult

DEMAND = InputSpec(
    "demand",
    "demand_submissions.csv",
    text("Members' planned purchases", "წევრების დაგეგმილი შესყიდვები"),
)
OFFERS = InputSpec(
    "offers",
    "vendor_offers.csv",
    text(
        "Vendors' tier and package offers", "მომწოდებლების საფეხურებრივი და პაკეტური შეთავაზებები"
    ),
)
UNITS = InputSpec(
    "units",
    "units.csv",
    text("Unit conversions per category", "ერთეულების გადაყვანა კატეგორიების მიხედვით"),
)
RATES = InputSpec(
    "rates",
    "exchange_rates.csv",
    text("Exchange rates to GEL", "ლართან გაცვლითი კურსები"),
)
MARKET_SIZE = InputSpec(
    "market_size",
    "market_size.csv",
    text("Purchasing-market size per category", "შესყიდვების ბაზრის ზომა კატეგორიების მიხედვით"),
    required=False,
)
#: The survey's processed member register (domain, table): member ids are checked against it.
REGISTER = ("survey", "survey_register")


@dataclass(frozen=True)
class Reference:
    """The unit and rate tables, read once per run."""

    units: UnitTable
    rates: RateTable


def load_reference(ctx: RunContext) -> Reference:
    """Read and check ``units.csv`` and ``exchange_rates.csv`` (InputError naming the bad row)."""
    units_path, rates_path = ctx.input_path(UNITS), ctx.input_path(RATES)
    units = ctx.read_input(UNITS, as_text=True)
    rates = ctx.read_input(RATES, as_text=True)
    assert units is not None and rates is not None  # required inputs: InputError when missing
    return Reference(
        UnitTable.from_frame(units, units_path or UNITS.path),
        RateTable.from_frame(rates, rates_path or RATES.path),
    )


def load_register(ctx: RunContext) -> list[str] | None:
    """Return the member ids of the survey's processed register, or None (with a warning) when
    the survey has not been processed."""
    register = ctx.read_processed(*REGISTER, required=False)
    if register is None or "member_id" not in register.columns:
        ctx.warn(
            "pool: no processed member register (run the survey first); member ids only "
            "checked for the GPC-001 form"
        )
        return None
    ids = register["member_id"].dropna().astype(str).str.strip().str.upper()
    return sorted(ids.unique().tolist())


def load_demand(
    ctx: RunContext, reference: Reference, register: list[str] | None, path: Path | None = None
) -> ValidationResult:
    """Read and validate the demand submissions (``path``, default the declared file); the valid
    rows are in ``result.valid``, the rejected ones reach the rejects workbook."""
    path = path or ctx.input_path(DEMAND)
    assert path is not None
    raw = tidy_raw_demand(ctx.read(path, as_text=True))
    return ctx.validate(
        raw,
        demand_schema(reference.units, reference.rates, members=register),
        table="pool_demand",
        source=path,
        id_column="submission_id",
        dataframe_check_columns=DATAFRAME_CHECK_COLUMNS,
        messages=CHECK_MESSAGES,
    )


@dataclass(frozen=True)
class Offers:
    """The validated offers and their price schedules in GEL, keyed (vendor, category, unit)."""

    validation: ValidationResult
    schedules: dict[tuple[str, str, str], Schedule]


def load_offers(ctx: RunContext, reference: Reference, path: Path | None = None) -> Offers:
    """Read and validate the vendors' offers and build each offer's schedule in GEL (InputError
    naming the offer when its tiers are malformed)."""
    path = path or ctx.input_path(OFFERS)
    assert path is not None
    raw = ctx.read(path, as_text=True)
    tidy = raw.copy()
    for column in ("vendor", "category", "unit", "pricing", "currency"):
        if column in tidy.columns:
            tidy[column] = tidy[column].astype("string").str.strip()
    if "currency" in tidy.columns:
        tidy["currency"] = tidy["currency"].str.upper()
    result = ctx.validate(
        tidy,
        offers_schema(reference.rates),
        table="pool_offers",
        source=path,
        dataframe_check_columns={"offer_price_present": "unit_price"},
        messages=OFFER_CHECK_MESSAGES,
    )
    return Offers(result, schedules_from_offers(result.valid, reference.rates, source=str(path)))


def load_market_sizes(ctx: RunContext) -> dict[str, float] | None:
    """Return the declared purchasing-market size per category (GEL), or None without the file."""
    frame = ctx.read_input(MARKET_SIZE, as_text=True)
    if frame is None:
        return None
    sizes = pd.to_numeric(frame.get("market_size_gel"), errors="coerce")
    if "category" not in frame.columns or sizes is None or sizes.isna().any():
        raise InputError(
            "expected columns category and market_size_gel (a number in GEL)",
            path=ctx.input_path(MARKET_SIZE),
        )
    return dict(zip(frame["category"].astype(str), sizes.astype(float), strict=True))


def validate_demand_file(ctx: RunContext, path: Path) -> list[ValidationResult]:
    """``cluster-analysis validate FILE --kind demand``."""
    return [load_demand(ctx, load_reference(ctx), load_register(ctx), path)]


def validate_offers_file(ctx: RunContext, path: Path) -> list[ValidationResult]:
    """``cluster-analysis validate FILE --kind offers``."""
    return [load_offers(ctx, load_reference(ctx), path).validation]
