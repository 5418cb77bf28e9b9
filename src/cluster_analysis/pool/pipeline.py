"""Bargaining-pool pipeline: read -> validate -> standardise -> pool -> cost -> share -> views.

``run(ctx)`` reads ``data/raw/pool/`` (demand_submissions.csv, vendor_offers.csv, units.csv,
exchange_rates.csv, optionally market_size.csv with ``category, market_size_gel``), quarantines bad
submissions with bilingual reasons, writes processed tables (``pool_demand``, ``vendor_schedules``,
``pooled_volume``, ``pooled_costs``, ``pool_allocations``, ``pool_ranking``, the shared views
``published_pooled_volume``, ``published_pooled_savings``, ``published_vendor_volume``,
``published_category_totals`` and ``pool_suppression_log``) and returns a
:class:`~cluster_analysis.outputs.DomainResult` whose tables and figures carry their audience:
member-level allocations and the market-share screen for the office only; pooled cells that pass
the disclosure rules for members and vendors; lagged category totals for donors.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from cluster_analysis.context import RunContext
from cluster_analysis.disclosure import combine_logs
from cluster_analysis.errors import InputError
from cluster_analysis.outputs import DomainResult, FigureOutput, Finding, Meta, TableOutput, text
from cluster_analysis.pool import charts
from cluster_analysis.pool.allocation import MAX_NUCLEOLUS_PLAYERS, allocate_all
from cluster_analysis.pool.demand import (
    CHECK_MESSAGES,
    DATAFRAME_CHECK_COLUMNS,
    RateTable,
    UnitTable,
    demand_schema,
    standardise_demand,
    tidy_raw_demand,
)
from cluster_analysis.pool.pooling import (
    CELL_KEYS,
    COMMITMENT_PROBABILITIES,
    OFFER_CHECK_MESSAGES,
    market_share_screen,
    member_demand,
    offers_schema,
    pooled_costs,
    pooled_volume,
    rank_categories,
    schedules_from_offers,
)
from cluster_analysis.pool.tiers import PackageSchedule, Schedule, TierSchedule
from cluster_analysis.pool.views import (
    DONORS_TOTALS,
    MEMBERS_SAVINGS,
    MEMBERS_VOLUME,
    TOTAL,
    VENDORS_VOLUME,
    PoolView,
    donors_view,
    members_view,
    office_view,
    pool_rules,
    shared_cells,
    vendors_view,
)
from cluster_analysis.validation import ValidationResult, register_messages

DOMAIN = "pool"
DEMAND_FILE = "demand_submissions.csv"
OFFERS_FILE = "vendor_offers.csv"
UNITS_FILE = "units.csv"
RATES_FILE = "exchange_rates.csv"
MARKET_FILE = "market_size.csv"
#: Disclosure rules of the pool (methods.md section 6): no member above 25 % of a cell.
MAX_MEMBER_SHARE = 0.25
#: Donors see category totals lagged by this many periods (the latest quarter is withheld).
DONOR_LAG_PERIODS = 1

register_messages({**CHECK_MESSAGES, **OFFER_CHECK_MESSAGES})

SOURCE = text(
    "Cluster office: members' demand submissions and vendors' offers",
    "კლასტერის ოფისი: წევრების მოთხოვნის განაცხადები და მომწოდებლების შეთავაზებები",
)


#: Titles of the office-only tables (member level: never leave reports/office/).
OFFICE_TITLES: dict[str, tuple[str, str]] = {
    "member_demand": (
        "Demand per member, category and quarter (office only)",
        "მოთხოვნა წევრის, კატეგორიისა და კვარტლის მიხედვით (მხოლოდ ოფისისთვის)",
    ),
    "pooled_costs": (
        "Stand-alone and pooled cost per offer (office only)",
        "ცალკე და ერთობლივი შესყიდვის ღირებულება შეთავაზებების მიხედვით (მხოლოდ ოფისისთვის)",
    ),
    "pool_allocations": (
        "Cost and savings per member under each sharing rule (office only)",
        "ღირებულება და დანაზოგი წევრების მიხედვით თითოეული განაწილების წესით (მხოლოდ ოფისისთვის)",
    ),
    "pool_ranking": (
        "Categories ranked by how worth pooling they are (office only)",
        "კატეგორიების რანჟირება გაერთიანების მიზანშეწონილობის მიხედვით (მხოლოდ ოფისისთვის)",
    ),
    "market_share_screen": (
        "Competition screen: pool's share of the purchasing market (15 % indication)",
        "კონკურენციის შემოწმება: ჯგუფის წილი შესყიდვების ბაზარზე (15 %-იანი მაჩვენებელი)",
    ),
}


def _tables(ctx: RunContext) -> tuple[UnitTable, RateTable]:
    units_path, rates_path = ctx.raw(UNITS_FILE), ctx.raw(RATES_FILE)
    for path in (units_path, rates_path):
        if not path.exists():
            raise InputError(
                "file not found (the pool needs its declared unit and rate tables)", path=path
            )
    units = UnitTable.from_frame(ctx.read(units_path, as_text=True), units_path)
    rates = RateTable.from_frame(ctx.read(rates_path, as_text=True), rates_path)
    return units, rates


def _member_register(ctx: RunContext) -> list[str] | None:
    """Return member ids from the survey's register, or None when it is not there."""
    path = ctx.paths.raw_for("survey") / "register.csv"
    if not path.exists():
        return None
    frame = ctx.read(path, as_text=True)
    lowered = {str(c).strip().lower(): c for c in frame.columns}
    column = lowered.get("member_id") or lowered.get("id")
    if column is None:
        return None
    return sorted(frame[column].dropna().astype(str).str.strip().str.upper().unique().tolist())


def validate_demand(ctx: RunContext, path: Path) -> ValidationResult:
    """Read and validate one demand file; the valid rows are in ``result.valid``."""
    units, rates = _tables(ctx)
    register = _member_register(ctx)
    if register is None:
        ctx.warn(
            "pool: no member register found (data/raw/survey/register.csv); member ids only checked for the GPC-001 form"
        )
    raw = tidy_raw_demand(ctx.read(path, as_text=True))
    return ctx.validate(
        raw,
        demand_schema(units, rates, members=register),
        table="pool_demand",
        source=path,
        id_column="submission_id",
        dataframe_check_columns=DATAFRAME_CHECK_COLUMNS,
    )


def validate_offers(ctx: RunContext, path: Path) -> ValidationResult:
    """Read and validate one vendor-offers file (and check each offer's tier structure)."""
    _, rates = _tables(ctx)
    raw = ctx.read(path, as_text=True)
    tidy = raw.copy()
    for column in ("vendor", "category", "unit", "pricing", "currency"):
        if column in tidy.columns:
            tidy[column] = tidy[column].astype("string").str.strip()
    if "currency" in tidy.columns:
        tidy["currency"] = tidy["currency"].str.upper()
    result = ctx.validate(
        tidy,
        offers_schema(rates),
        table="pool_offers",
        source=path,
        dataframe_check_columns={"offer_price_present": "unit_price"},
    )
    schedules_from_offers(result.valid, rates, source=str(path))  # InputError on a bad offer
    return result


#: ``cluster-analysis validate FILE --kind K`` for this domain.
VALIDATORS: dict[str, Callable[[RunContext, Path], list[ValidationResult]]] = {
    "demand": lambda ctx, path: [validate_demand(ctx, path)],
    "offers": lambda ctx, path: [validate_offers(ctx, path)],
}


def _market_sizes(ctx: RunContext) -> dict[str, float] | None:
    path = ctx.raw(MARKET_FILE)
    if not path.exists():
        return None
    frame = ctx.read(path, as_text=True)
    sizes = pd.to_numeric(frame.get("market_size_gel"), errors="coerce")
    if "category" not in frame.columns or sizes is None or sizes.isna().any():
        raise InputError(
            "expected columns category and market_size_gel (a number in GEL)", path=path
        )
    return dict(zip(frame["category"].astype(str), sizes.astype(float), strict=True))


SCHEDULE_COLUMNS: list[str] = [
    "vendor",
    "category",
    "base_unit",
    "pricing",
    "min_quantity",
    "unit_price_gel",
    "package_capacity",
    "package_price_gel",
]


def schedules_table(schedules: dict[tuple[str, str, str], Schedule]) -> pd.DataFrame:
    """Return the vendors' schedules in GEL as a table (one row per tier, or per package offer),
    the processed table ``vendor_schedules``; :func:`schedules_from_table` reads it back."""
    rows: list[dict[str, object]] = []
    for (vendor, category, unit), schedule in sorted(schedules.items()):
        base = {"vendor": vendor, "category": category, "base_unit": unit}
        if isinstance(schedule, TierSchedule):
            for lower, price in zip(schedule.lower_bounds, schedule.unit_prices, strict=True):
                rows.append(
                    base
                    | {
                        "pricing": schedule.mode,
                        "min_quantity": float(lower),
                        "unit_price_gel": float(price),
                    }
                )
        else:
            rows.append(
                base
                | {
                    "pricing": "package",
                    "package_capacity": schedule.capacity,
                    "package_price_gel": schedule.package_price,
                }
            )
    return pd.DataFrame(rows).reindex(columns=SCHEDULE_COLUMNS)


def schedules_from_table(table: pd.DataFrame) -> dict[tuple[str, str, str], Schedule]:
    """Return the schedules of a ``vendor_schedules`` table, keyed (vendor, category, base unit)."""
    schedules: dict[tuple[str, str, str], Schedule] = {}
    for (vendor, category, unit), rows in table.groupby(
        ["vendor", "category", "base_unit"], sort=True, observed=True
    ):
        key = (str(vendor), str(category), str(unit))
        first = rows.iloc[0]
        if first["pricing"] == "package":
            schedules[key] = PackageSchedule(
                float(first["package_capacity"]),
                float(first["package_price_gel"]),
                label="truckload" if unit == "PALLET" else "package",
            )
            continue
        ordered = rows.sort_values("min_quantity")
        schedules[key] = TierSchedule(
            ordered["min_quantity"].astype(float).tolist()[1:],
            ordered["unit_price_gel"].astype(float).tolist(),
            first["pricing"],
        )
    return schedules


def _allocations(
    ctx: RunContext, members: pd.DataFrame, costs: pd.DataFrame, schedules: dict
) -> pd.DataFrame:
    """Every allocation rule for every cell, on the best vendor's offer (office only)."""
    frames = []
    best = costs[costs["best_vendor"]].drop_duplicates(CELL_KEYS)
    for row in best.itertuples(index=False):
        cell = members[
            (members["category"] == row.category)
            & (members["base_unit"] == row.base_unit)
            & (members["period"] == row.period)
        ]
        demand = cell.set_index("member_id")["quantity"]
        schedule = schedules[(row.vendor, row.category, row.base_unit)]
        methods = ["shapley", "proportional", "equal_price", "equal_percentage", "serial"]
        if len(demand) <= MAX_NUCLEOLUS_PLAYERS:
            methods.append("nucleolus")
        try:
            table = allocate_all(demand, schedule, tuple(methods))
        except ValueError as error:  # e.g. quantities too fine for the exact Shapley grid
            ctx.warn(f"pool: {row.category} {row.period}: Shapley skipped ({error})")
            table = allocate_all(demand, schedule, tuple(m for m in methods if m != "shapley"))
        for key in CELL_KEYS:
            table.insert(0, key, getattr(row, key))
        table.insert(len(CELL_KEYS), "vendor", row.vendor)
        frames.append(table)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def _meta(
    title_en: str, title_ka: str, ctx: RunContext, *, unit=None, n=None, period=None, note=None
) -> Meta:
    return Meta(
        title=text(title_en, title_ka),
        unit=unit,
        period=period,
        source=SOURCE,
        n=n,
        note=note,
        synthetic=ctx.synthetic,
    )


#: Titles of the shared tables (members, vendors, donors).
VIEW_TITLES: dict[str, tuple[str, str]] = {
    MEMBERS_VOLUME: (
        "Pooled volume per category and quarter",
        "გაერთიანებული მოცულობა კატეგორიისა და კვარტლის მიხედვით",
    ),
    MEMBERS_SAVINGS: (
        "Projected savings of the best offer per category and quarter",
        "საუკეთესო შეთავაზების პროგნოზული დანაზოგი კატეგორიისა და კვარტლის მიხედვით",
    ),
    VENDORS_VOLUME: (
        "Pooled volume offered to vendors",
        "მომწოდებლებისთვის შეთავაზებული გაერთიანებული მოცულობა",
    ),
    DONORS_TOTALS: (
        "Bargaining pool: category totals (latest quarter withheld)",
        "ერთობლივი შესყიდვა: კატეგორიების ჯამები (ბოლო კვარტალი არ ქვეყნდება)",
    ),
}

#: Bilingual headers of the shared tables' columns.
VIEW_COLUMNS: dict[str, dict[str, str]] = {
    "category": text("Category", "კატეგორია"),
    "base_unit": text("Base unit", "საბაზო ერთეული"),
    "period": text("Quarter", "კვარტალი"),
    "periods": text("Quarters", "კვარტლები"),
    "members": text("Members", "წევრები"),
    "quantity": text("Quantity", "რაოდენობა"),
    "expected_quantity": text("Expected quantity", "მოსალოდნელი რაოდენობა"),
    "quantity_firm": text("Firm quantity", "მტკიცე რაოდენობა"),
    "quantity_conditional": text("Conditional quantity", "პირობითი რაოდენობა"),
    "quantity_indicative": text("Indicative quantity", "საორიენტაციო რაოდენობა"),
    "vendor": text("Vendor", "მომწოდებელი"),
    "pricing": text("Pricing", "ფასწარმოქმნა"),
    "pooled_quantity": text("Pooled quantity", "გაერთიანებული რაოდენობა"),
    "pooled_cost": text("Pooled cost, GEL", "ერთობლივი ღირებულება, ლარი"),
    "savings_schedule_pct": text(
        "Savings against buying alone, %", "დანაზოგი ცალკე შესყიდვასთან შედარებით, %"
    ),
    "savings_last_price_pct": text(
        "Savings against last prices, %", "დანაზოგი ბოლო ფასებთან შედარებით, %"
    ),
    "distance_to_next_break": text("Quantity to the next break", "რაოდენობა შემდეგ ზღვრამდე"),
    "spend_last_prices_gel": text("Spend at last prices, GEL", "ხარჯი ბოლო ფასებით, ლარი"),
    "projected_savings_gel": text("Projected savings, GEL", "პროგნოზული დანაზოგი, ლარი"),
}

#: Processed copies of the shared views (for notebooks): published table -> processed table.
VIEW_PROCESSED_NAMES: dict[str, str] = {
    MEMBERS_VOLUME: "published_pooled_volume",
    MEMBERS_SAVINGS: "published_pooled_savings",
    VENDORS_VOLUME: "published_vendor_volume",
    DONORS_TOTALS: "published_category_totals",
}


def _view_tables(view: PoolView, ctx: RunContext, period: str) -> list[TableOutput]:
    outputs = []
    for name, frame in view.tables.items():
        en, ka = VIEW_TITLES.get(name, (name, name))
        table_period = (
            str(frame["periods"].iloc[0]) if "periods" in frame.columns and len(frame) else period
        )
        outputs.append(
            TableOutput(
                name=name,
                frame=frame.drop(columns=["suppressed"], errors="ignore"),
                meta=_meta(en, ka, ctx, period=table_period, n=_members_n(frame)),
                audience=view.audience,  # type: ignore[arg-type]
                columns={c: VIEW_COLUMNS[c] for c in frame.columns if c in VIEW_COLUMNS},
                suppressed=view.suppressed.get(name, []),
                suppression_rule=view.rules.rule_text(),
            )
        )
    return outputs


def _members_n(frame: pd.DataFrame) -> str | None:
    """Return the base of a shared table: members in the all-categories total if published."""
    if "members" not in frame.columns or "category" not in frame.columns:
        return None
    total = frame[(frame["category"].astype(str) == TOTAL) & ~frame["suppressed"]]
    return str(int(total["members"].iloc[0])) if len(total) else None


def run(ctx: RunContext) -> DomainResult:
    """Run the pool pipeline on ``ctx.raw_dir``; return tables, figures and findings."""
    result = DomainResult(domain=DOMAIN)
    ctx.progress("pool: demand")
    demand_path = ctx.raw(DEMAND_FILE)
    if not demand_path.exists():
        raise InputError("file not found", path=demand_path)
    validation = validate_demand(ctx, demand_path)
    units, rates = _tables(ctx)
    demand = standardise_demand(validation.valid, units, rates)
    ctx.write_table("pool_demand", demand)

    ctx.progress("pool: offers")
    offers = validate_offers(ctx, ctx.raw(OFFERS_FILE))
    schedules = schedules_from_offers(offers.valid, rates, source=str(ctx.raw(OFFERS_FILE)))
    ctx.write_table("vendor_schedules", schedules_table(schedules))

    ctx.progress("pool: pooling")
    members = member_demand(demand, COMMITMENT_PROBABILITIES)
    pooled = pooled_volume(members)
    costs = pooled_costs(members, schedules)
    ranking = rank_categories(pooled, costs, members)
    screen = market_share_screen(pooled, _market_sizes(ctx))
    ctx.write_table("pooled_volume", pooled)
    ctx.write_table("pooled_costs", costs)
    ctx.write_table("pool_ranking", ranking)

    ctx.progress("pool: cost sharing")
    allocations = _allocations(ctx, members, costs, schedules)
    if len(allocations):
        ctx.write_table("pool_allocations", allocations)

    ctx.progress("pool: views")
    periods = sorted(pooled["period"].astype(str).unique())
    period_text = f"{periods[0]}–{periods[-1]}" if periods else ""
    # one combined table of every shared cell, so the three audiences' tables stay consistent
    rules = pool_rules(ctx.settings.min_cell, MAX_MEMBER_SHARE)
    shared = shared_cells(pooled, members, costs, rules=rules, lag_periods=DONOR_LAG_PERIODS)
    office = office_view(
        {
            "member_demand": members,
            "pooled_costs": costs,
            "pool_allocations": allocations,
            "pool_ranking": ranking,
            "market_share_screen": screen,
        }
    )
    # the commitment parts are audited against the same probabilities as the expected quantity
    member_view = members_view(
        pooled, costs, members, shared=shared, probabilities=COMMITMENT_PROBABILITIES
    )
    vendor_view = vendors_view(
        pooled, members, shared=shared, probabilities=COMMITMENT_PROBABILITIES
    )
    donor_view = donors_view(pooled, costs, members, shared=shared)
    for view in (member_view, vendor_view, donor_view):
        for name, frame in view.tables.items():
            ctx.write_table(VIEW_PROCESSED_NAMES[name], frame)
    for name, frame in office.tables.items():
        result.tables.append(
            TableOutput(
                name=f"office_{name}",
                frame=frame,
                meta=_meta(*OFFICE_TITLES[name], ctx, period=period_text),
                audience="office",
            )
        )
    for view in (member_view, vendor_view, donor_view):
        result.tables.extend(_view_tables(view, ctx, period_text))
    result.suppression_log = combine_logs([v.log for v in (member_view, vendor_view, donor_view)])
    ctx.write_table("pool_suppression_log", result.suppression_log)

    ctx.progress("pool: charts")
    result.figures.extend(_figures(ctx, donor_view, member_view, ranking, schedules, allocations))
    result.findings.extend(_findings(demand, donor_view, validation, period_text))
    result.method_notes.extend(
        [
            text(
                "Expected pooled volume weights each submission by the declared chance it is bought: firm 0.95, conditional 0.7, indicative 0.4.",
                "მოსალოდნელი გაერთიანებული მოცულობა თითოეულ განაცხადს ითვალისწინებს შესყიდვის გამოცხადებული ალბათობით: მტკიცე 0.95, პირობითი 0.7, საორიენტაციო 0.4.",
            ),
            text(
                "Savings are projections from submissions and offers, not realised savings. A quantity exactly on a tier break pays the higher tier's price.",
                "დანაზოგი პროგნოზია განაცხადებისა და შეთავაზებების საფუძველზე და არა რეალიზებული დანაზოგი. საფეხურის ზღვარზე მყოფი რაოდენობა უფრო მაღალი საფეხურის ფასს იხდის.",
            ),
            text(
                f"Shared tables hide cells with fewer than {rules.min_count} members or one member above {MAX_MEMBER_SHARE:.0%} of the cell, plus cells that would reveal them by subtraction from a published total. The firm, conditional and indicative parts of a pooled volume are cells of their own under the same rules. Donors see category totals without the latest quarter.",
                f"საერთო ცხრილებში დამალულია უჯრები {rules.min_count}-ზე ნაკლები წევრით ან ერთი წევრის {MAX_MEMBER_SHARE:.0%}-ზე მეტი წილით, ასევე უჯრები, რომლებიც გამოქვეყნებული ჯამიდან გამოკლებით მათ გაამჟღავნებდა. გაერთიანებული მოცულობის მტკიცე, პირობითი და საორიენტაციო ნაწილები ცალკე უჯრებად განიხილება და მათზეც იგივე წესები ვრცელდება. დონორები ხედავენ კატეგორიების ჯამებს ბოლო კვარტლის გარეშე.",
            ),
        ]
    )
    result.sources.append(SOURCE)
    return result


def _figures(
    ctx: RunContext,
    donor_view: PoolView,
    member_view: PoolView,
    ranking: pd.DataFrame,
    schedules: dict,
    allocations: pd.DataFrame,
) -> list[FigureOutput]:
    """Return the pool's figures: Pareto of spend (donors), tier ladders on published cells
    (members) and the sharing rules side by side (office only: it names members)."""
    figures = []
    totals = donor_view.tables[DONORS_TOTALS]
    hidden = int(totals[totals["category"] != TOTAL]["suppressed"].sum())
    figures.append(
        FigureOutput(
            name="pool_pareto_spend",
            build=lambda lang, t=totals: charts.pareto_chart(t, lang),
            meta=_meta(
                "Pooled spend by category",
                "გაერთიანებული ხარჯი კატეგორიების მიხედვით",
                ctx,
                unit=text("GEL", "ლარი"),
                period=str(totals["periods"].iloc[0]) if len(totals) else None,
                n=_members_n(totals),
                note=text(
                    f"{hidden} categories hidden by the disclosure rules are left out",
                    f"გამჟღავნების წესებით დამალული {hidden} კატეგორია არ არის ნაჩვენები",
                )
                if hidden
                else None,
            ),
            audience="donors",
            caption=text(
                "Where the pool's money goes: the few categories on the left carry most of the "
                "spend, so they matter most in negotiations.",
                "სად მიდის ჯგუფის ხარჯი: მარცხნივ მდებარე რამდენიმე კატეგორიაზე მოდის ხარჯის "
                "უდიდესი ნაწილი, ამიტომ მოლაპარაკებებში ისინი ყველაზე მნიშვნელოვანია.",
            ),
        )
    )
    savings = member_view.tables.get(MEMBERS_SAVINGS)
    if savings is None or not len(ranking):
        return figures
    published = savings[~savings["suppressed"]]
    chosen: list[pd.Series] = []  # the latest published cell of the top-ranked pool(s)
    for pool in ranking.itertuples(index=False):
        cells = published[
            (published["category"] == pool.category) & (published["base_unit"] == pool.base_unit)
        ]
        if cells.empty:
            continue
        cell = cells.sort_values("period").iloc[-1]
        if not chosen:
            chosen.append(cell)
        elif cell["pricing"] == "all_units" and chosen[0]["pricing"] != "all_units":
            chosen.append(cell)  # also show one all-units step ladder
        if chosen[0]["pricing"] == "all_units" or len(chosen) == 2:
            break
    for position, cell in enumerate(chosen):
        schedule = schedules[(cell["vendor"], cell["category"], cell["base_unit"])]
        en_name = charts.category_name(cell["category"], "en")
        ka_name = charts.category_name(cell["category"], "ka")
        pricing = {
            "all_units": ("all-units prices", "ფასი მთელ შეკვეთაზე"),
            "incremental": ("incremental prices", "საფეხურებრივი ფასი"),
        }.get(str(cell["pricing"]), ("package price", "პაკეტის ფასი"))
        figures.append(
            FigureOutput(
                name="pool_tier_ladder" if position == 0 else "pool_tier_ladder_all_units",
                build=lambda lang, s=schedule, q=float(cell["pooled_quantity"]), u=cell["base_unit"]: (
                    charts.tier_ladder(s, q, lang, unit=u)
                ),
                meta=_meta(
                    f"Tier ladder: {en_name}, best offer ({pricing[0]}), {cell['period']}",
                    f"ფასების კიბე: {ka_name}, საუკეთესო შეთავაზება ({pricing[1]}), {cell['period']}",
                    ctx,
                    unit=text("GEL per unit", "ლარი ერთეულზე"),
                    period=str(cell["period"]),
                    note=text(
                        "A quantity exactly on a break pays the lower price of the higher tier",
                        "ზუსტად ზღვარზე მყოფი რაოდენობა უფრო მაღალი საფეხურის დაბალ ფასს იხდის",
                    ),
                ),
                audience="members",
                caption=text(
                    "How close the pooled volume is to the next price break.",
                    "რამდენად ახლოსაა გაერთიანებული მოცულობა ფასის შემდეგ ზღვართან.",
                ),
            )
        )
    if len(allocations) and chosen:
        cell = chosen[0]
        mask = (
            (allocations["category"] == cell["category"])
            & (allocations["base_unit"] == cell["base_unit"])
            & (allocations["period"].astype(str) == str(cell["period"]))
        )
        rows = allocations[mask]
        en_name = charts.category_name(cell["category"], "en")
        ka_name = charts.category_name(cell["category"], "ka")
        figures.append(
            FigureOutput(
                name="pool_allocation_rules",
                build=lambda lang, a=rows: charts.allocation_comparison(a, lang),
                meta=_meta(
                    f"Savings per member under each sharing rule: {en_name}, {cell['period']} (office only)",
                    f"დანაზოგი წევრების მიხედვით თითოეული განაწილების წესით: {ka_name}, {cell['period']} (მხოლოდ ოფისისთვის)",
                    ctx,
                    unit=text("GEL", "ლარი"),
                    period=str(cell["period"]),
                    n=int(rows["member"].nunique()),
                ),
                audience="office",
            )
        )
    return figures


def _findings(
    demand: pd.DataFrame, donor_view: PoolView, validation: ValidationResult, period: str
) -> list[Finding]:
    """Return the donor brief's sentences: who took part, and the projected savings of the
    published (lagged) totals; never a member-level number."""
    totals = donor_view.tables[DONORS_TOTALS]
    published = totals[~totals["suppressed"]]
    n_members = int(demand["member_id"].nunique())
    findings = [
        Finding(
            domain=DOMAIN,
            text=text(
                f"{n_members} members submitted planned purchases in {demand['category'].nunique()} categories ({validation.rows_rejected} of {validation.rows_in} submissions quarantined).",
                f"{n_members} წევრმა წარადგინა დაგეგმილი შესყიდვები {demand['category'].nunique()} კატეგორიაში (საკარანტინოა {validation.rows_in}-დან {validation.rows_rejected} განაცხადი).",
            ),
            n=n_members,
            period=period,
            source=SOURCE,
            audience="donors",
        )
    ]
    grand = published[published["category"] == TOTAL]
    categories = published[published["category"] != TOTAL]
    if len(grand) and pd.notna(grand["projected_savings_gel"].iloc[0]):
        scope_en, scope_ka = "all categories", "ყველა კატეგორიის"
        chosen = grand
    elif len(categories) and categories["projected_savings_gel"].notna().any():
        scope_en, scope_ka = "the published categories", "გამოქვეყნებული კატეგორიების"
        chosen = categories
    else:
        return findings
    savings = float(np.nansum(chosen["projected_savings_gel"].astype("float64")))
    spend = float(np.nansum(chosen["spend_last_prices_gel"].astype("float64")))
    share = 100 * savings / spend if spend else 0.0
    window = str(chosen["periods"].iloc[0])
    findings.append(
        Finding(
            domain=DOMAIN,
            text=text(
                f"Pooling {scope_en} would save a projected {savings:,.0f} GEL ({share:.1f} % of spend at members' last prices) in {window}.",
                f"{scope_ka} გაერთიანებით პროგნოზული დანაზოგი {savings:,.0f} ლარია (ხარჯის {share:.1f} % წევრების ბოლო ფასებით), {window}.",
            ),
            n=int(chosen["members"].max()),
            period=window,
            source=SOURCE,
            audience="donors",
        )
    )
    return findings
