"""Synthetic bargaining-pool example: members' demand, three vendors' tier offers, units, rates.

Everything here is SYNTHETIC (invented with a fixed seed), including vendor names, prices and the
exchange rates, which only resemble plausible 2026 values. Member ids GPC-001..GPC-060 match the
survey's member register; about 40 of them submit demand. A few deliberately bad rows (negative,
absurd and textual quantities, an unknown unit, an unknown member, an unknown currency) make the
quarantine show on the first run. Output is byte-identical on rerun (fixed seed, no timestamps).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

PERIODS = ("2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4")

# category -> (base unit, participation probability, quantity range per member-quarter in base
# unit, typical last price in GEL per base unit, items (en, ka), other units (unit, factor, share))
CATEGORIES: dict[str, dict] = {
    "corrugated_board": {
        "base": "TNE",
        "participation": 0.8,
        "quantity": (2, 40),
        "step": 0.5,
        "price": 2650.0,
        "max": 2000,
        "items": [
            ("Corrugated board, 3-ply (B flute)", "გოფრირებული მუყაო, 3-ფენიანი (B ტალღა)"),
            ("Corrugated board, 5-ply (BC flute)", "გოფრირებული მუყაო, 5-ფენიანი (BC ტალღა)"),
        ],
        "other_units": [("KGM", 0.001, 0.15)],
        "spec": "FEFCO 0201, ECT 44 kN/m",
    },
    "pet_preforms": {
        "base": "H87",
        "participation": 0.45,
        "quantity": (50_000, 800_000),
        "step": 5000,
        "price": 0.115,
        "max": 50_000_000,
        "items": [
            ("PET preform, 28 mm neck, 21 g", "PET პრეფორმა, 28 მმ ყელი, 21 გ"),
            ("PET preform, 38 mm neck, 42 g", "PET პრეფორმა, 38 მმ ყელი, 42 გ"),
        ],
        "other_units": [("T3", 1000, 0.5)],
        "spec": "food contact, EU 10/2011",
    },
    "stretch_film": {
        "base": "KGM",
        "participation": 0.6,
        "quantity": (100, 2000),
        "step": 10,
        "price": 7.2,
        "max": 200_000,
        "items": [("Stretch film 23 µm, machine rolls", "სტრეჩ-ფირი 23 მკმ, მანქანური რულონები")],
        "other_units": [("TNE", 1000, 0.1)],
        "spec": None,
    },
    "printing_inks": {
        "base": "KGM",
        "participation": 0.35,
        "quantity": (20, 400),
        "step": 5,
        "price": 24.0,
        "max": 50_000,
        "items": [("Water-based flexo ink", "წყალზე დამზადებული ფლექსო საღებავი")],
        "other_units": [("LTR", 1.1, 0.3)],
        "spec": None,
    },
    "road_freight": {
        "base": "TKM",
        "participation": 0.55,
        "quantity": (1000, 20000),
        "step": 100,
        "price": 0.32,
        "max": 2_000_000,
        "items": [("Road freight Tbilisi–Poti port", "საავტომობილო გადაზიდვა თბილისი–ფოთის პორტი")],
        "other_units": [],
        "spec": None,
    },
    "waste_management": {
        "base": "TNE",
        "participation": 0.5,
        "quantity": (1, 30),
        "step": 0.5,
        "price": 95.0,
        "max": 5000,
        "items": [
            (
                "Collection of mixed plastic packaging waste (EWC 15 01 02)",
                "შერეული პლასტმასის შეფუთვის ნარჩენების შეგროვება (ევროკოდი 15 01 02)",
            ),
            (
                "Paper and cardboard packaging waste (EWC 15 01 01)",
                "ქაღალდისა და მუყაოს შეფუთვის ნარჩენები (ევროკოდი 15 01 01)",
            ),
        ],
        "other_units": [("KGM", 0.001, 0.2)],
        "spec": None,
    },
    "certification_audits": {
        "base": "AUDIT_DAY",
        "participation": 0.25,
        "quantity": (1, 6),
        "step": 1,
        "price": 1200.0,
        "max": 200,
        "items": [
            ("ISO 9001 surveillance audit", "ISO 9001 ზედამხედველობის აუდიტი"),
            ("FSSC 22000 certification audit", "FSSC 22000 სერტიფიცირების აუდიტი"),
        ],
        "other_units": [("DAY", 1, 0.2)],
        "spec": None,
    },
    "staff_training": {
        "base": "TRAINEE_DAY",
        "participation": 0.5,
        "quantity": (2, 40),
        "step": 1,
        "price": 115.0,
        "max": 5000,
        "items": [
            ("Forklift operator training", "ჩანგლიანი დამტვირთველის ოპერატორის ტრენინგი"),
            ("Food safety (HACCP) training", "სურსათის უვნებლობის (HACCP) ტრენინგი"),
        ],
        "other_units": [("HUR", 0.125, 0.25)],
        "spec": None,
    },
}

# A second base unit in road freight: palletised deliveries are priced per truckload and do not
# convert to tonne-km, so they form their own pool (never summed with TKM).
PALLET_ITEM = ("Palletised delivery Tbilisi–Kutaisi", "პალეტური მიწოდება თბილისი–ქუთაისი")

RATES = {"EUR": 3.1520, "USD": 2.7015}
RATE_DATE = "2026-01-05"
RATE_SOURCE = "National Bank of Georgia official rate (synthetic example value)"

VENDORS = {
    "V1": "Black Sea Packaging Supply (synthetic)",
    "V2": "Kolkheti Trade Group (synthetic)",
    "V3": "Transcaucasus Services (synthetic)",
}


def _plain(value: float) -> str:
    """Write a number without exponent ("2100000", "0.001"), as people type them."""
    return np.format_float_positional(float(value), trim="-")


def _nice(value: float) -> float:
    """Round a break to 2 significant figures so offers look like real price lists."""
    if value <= 0:
        return 1.0
    digits = int(np.floor(np.log10(value))) - 1
    return float(round(value, -digits))


def _demand(rng: np.random.Generator) -> pd.DataFrame:
    all_members = [f"GPC-{i:03d}" for i in range(1, 61)]
    members = sorted(rng.choice(all_members, size=40, replace=False).tolist())
    # Member size: a few large firms, many small ones (lognormal multiplier).
    size = dict(zip(members, rng.lognormal(0.0, 0.5, size=len(members)), strict=True))
    rows = []
    for category, spec in CATEGORIES.items():
        joined = [m for m in members if rng.random() < spec["participation"]]
        for member in joined:
            item_en, item_ka = spec["items"][int(rng.integers(len(spec["items"])))]
            unit, factor = spec["base"], 1.0
            for other, other_factor, share in spec["other_units"]:
                if rng.random() < share:
                    unit, factor = other, other_factor
            currency = rng.choice(["GEL", "EUR", "USD"], p=[0.7, 0.2, 0.1])
            for period in PERIODS:
                if rng.random() > 0.8:
                    continue
                low, high = spec["quantity"]
                base_quantity = rng.uniform(low, high) * size[member]
                step = spec["step"]
                quantity_in_unit = max(step, round(base_quantity / step) * step) / factor
                # Litres are counted whole; other units are exact multiples of the base step.
                quantity_in_unit = round(quantity_in_unit, 0 if unit == "LTR" else 3)
                price_base = spec["price"] * rng.uniform(0.9, 1.15)
                price_in_unit = price_base * factor
                if currency != "GEL":
                    price_in_unit /= RATES[currency]
                price = "" if rng.random() < 0.05 else f"{price_in_unit:.4g}"
                rows.append(
                    {
                        "member_id": member,
                        "period": period,
                        "category": category,
                        "item_en": item_en,
                        "item_ka": item_ka,
                        "quantity": np.format_float_positional(quantity_in_unit, trim="-"),
                        "unit": unit,
                        "commitment": rng.choice(
                            ["firm", "conditional", "indicative"], p=[0.45, 0.35, 0.2]
                        ),
                        "last_unit_price": price,
                        "currency": currency if price else "",
                        "specification": spec["spec"]
                        if spec["spec"] and rng.random() < 0.3
                        else "",
                    }
                )
    # Palletised deliveries: one large shipper makes some quarters dominated (> 25 %).
    for member in [m for m in members if rng.random() < 0.3]:
        for period in PERIODS:
            pallets = int(rng.integers(4, 26)) * (3 if member == members[0] else 1)
            rows.append(
                {
                    "member_id": member,
                    "period": period,
                    "category": "road_freight",
                    "item_en": PALLET_ITEM[0],
                    "item_ka": PALLET_ITEM[1],
                    "quantity": str(pallets),
                    "unit": "PALLET",
                    "commitment": rng.choice(["firm", "conditional"], p=[0.6, 0.4]),
                    "last_unit_price": f"{rng.uniform(95, 130):.2f}",
                    "currency": "GEL",
                    "specification": "EUR pallet 1200x800",
                }
            )
    frame = pd.DataFrame(rows)
    bad = [
        ("GPC-999", "corrugated_board", "TNE", "12", "GEL"),  # unknown member
        (members[1], "corrugated_board", "TNE", "-8", "GEL"),  # negative quantity
        (members[2], "corrugated_board", "TNE", "95000", "GEL"),  # absurd quantity
        (members[3], "stretch_film", "KG", "400", "GEL"),  # unknown unit (KG is not KGM)
        (members[4], "printing_inks", "KGM", "60", "RUB"),  # unknown currency
        (members[5], "waste_management", "TNE", "about 5", "GEL"),  # text in a number column
    ]
    bad_rows = [
        {
            "member_id": member,
            "period": "2026-Q2",
            "category": category,
            "item_en": CATEGORIES[category]["items"][0][0] + " (late entry)",
            "item_ka": CATEGORIES[category]["items"][0][1],
            "quantity": quantity,
            "unit": unit,
            "commitment": "firm",
            "last_unit_price": "100",
            "currency": currency,
            "specification": "",
        }
        for member, category, unit, quantity, currency in bad
    ]
    frame = pd.concat([frame, pd.DataFrame(bad_rows)], ignore_index=True)
    frame = frame.sort_values(["period", "category", "member_id", "item_en"], kind="stable")
    frame.insert(0, "submission_id", [f"D{i:04d}" for i in range(1, len(frame) + 1)])
    return frame.reset_index(drop=True)


def _units() -> pd.DataFrame:
    rows = []
    for category, spec in CATEGORIES.items():
        rows.append((category, spec["base"], spec["base"], 1, spec["max"]))
        for unit, factor, _ in spec["other_units"]:
            rows.append((category, unit, spec["base"], factor, round(spec["max"] / factor)))
    rows.append(("road_freight", "PALLET", "PALLET", 1, 5000))
    # Corrugated board is also sold by area; no declared grammage, so MTK stays its own pool.
    rows.append(("corrugated_board", "MTK", "MTK", 1, 5_000_000))
    frame = pd.DataFrame(rows, columns=["category", "unit", "base_unit", "factor", "max_quantity"])
    frame["factor"] = frame["factor"].map(_plain)
    frame["max_quantity"] = frame["max_quantity"].map(_plain)
    return frame


def _offers(demand: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    factors = {
        (c, u): f
        for c, spec in CATEGORIES.items()
        for u, f in [(spec["base"], 1.0)] + [(u, f) for u, f, _ in spec["other_units"]]
    }
    good = demand[demand["unit"].isin([u for _, u in factors]) & (demand["member_id"] != "GPC-999")]
    quantity = pd.to_numeric(good["quantity"], errors="coerce")
    factor = [
        factors.get((c, u), np.nan) for c, u in zip(good["category"], good["unit"], strict=True)
    ]
    base_quantity = quantity * np.array(factor)
    pooled = (
        pd.DataFrame({"category": good["category"], "period": good["period"], "q": base_quantity})
        .assign(limit=[CATEGORIES[c]["max"] for c in good["category"]])
        .query("q > 0 and q <= limit")
        .groupby(["category", "period"])["q"]
        .sum()
        .groupby("category")
        .mean()
    )
    rows = []
    vendor_categories = {
        "V1": (
            "all_units",
            "GEL",
            [
                "corrugated_board",
                "pet_preforms",
                "stretch_film",
                "printing_inks",
                "waste_management",
            ],
        ),
        "V2": (
            "incremental",
            "EUR",
            ["corrugated_board", "pet_preforms", "stretch_film", "printing_inks", "staff_training"],
        ),
        "V3": (
            "all_units",
            "GEL",
            ["road_freight", "certification_audits", "staff_training", "waste_management"],
        ),
    }
    for vendor, (pricing, currency, categories) in vendor_categories.items():
        for category in categories:
            spec = CATEGORIES[category]
            mean_pool = float(pooled.get(category, 100.0))
            list_price = spec["price"] * rng.uniform(0.92, 1.0)
            fractions = (0.3, 0.8, 1.3) if pricing == "all_units" else (0.2, 0.5, 1.0)
            discounts = (1.0, 0.95, 0.9, 0.85) if pricing == "all_units" else (1.0, 0.9, 0.8, 0.72)
            bounds = [0.0] + [_nice(f * mean_pool) for f in fractions]
            for bound, discount in zip(bounds, discounts, strict=True):
                price = list_price * discount
                if currency != "GEL":
                    price /= RATES[currency]
                rows.append(
                    {
                        "vendor": vendor,
                        "category": category,
                        "unit": spec["base"],
                        "pricing": pricing,
                        "min_quantity": _plain(bound),
                        "unit_price": f"{price:.4g}",
                        "package_capacity": "",
                        "package_price": "",
                        "currency": currency,
                    }
                )
    # Truckload pricing for palletised deliveries: 33 EUR pallets per truck.
    rows.append(
        {
            "vendor": "V3",
            "category": "road_freight",
            "unit": "PALLET",
            "pricing": "package",
            "min_quantity": "",
            "unit_price": "",
            "package_capacity": "33",
            "package_price": "2600",
            "currency": "GEL",
        }
    )
    return pd.DataFrame(rows)


def _rates() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "currency": list(RATES),
            "gel_per_unit": [f"{v:.4f}" for v in RATES.values()],
            "rate_date": [RATE_DATE] * len(RATES),
            "source": [RATE_SOURCE] * len(RATES),
        }
    )


README = """# Bargaining pool example data (SYNTHETIC)

სინთეზური მონაცემები - every file in this folder is synthetic example data generated by
`scripts/example_data/pool.py` with a fixed seed. No number here is a real member's demand, a real
vendor's offer or a real price. Vendor names are invented. Exchange rates only resemble plausible
2026 National Bank of Georgia official rates.

| file | what it holds |
|---|---|
| demand_submissions.csv | one row per member x period x category x item: quantity, unit (UN/CEFACT Rec. 20 codes plus service units PALLET, TKM, AUDIT_DAY, TRAINEE_DAY), commitment (indicative / conditional / firm), last unit price and currency (GEL, EUR, USD), optional specification. About 40 of the members GPC-001..GPC-060 of the Georgian Packaging Cluster register. Six rows are deliberately bad (unknown member GPC-999, negative, absurd and textual quantities, unit "KG", currency "RUB") so the quarantine shows. |
| vendor_offers.csv | three vendors' offers, one row per tier (min_quantity, unit_price) or per package (package_capacity, package_price); pricing all_units, incremental or package (truckload of 33 pallets). Prices in the offer's currency, per base unit. |
| units.csv | declared conversions per category: quantity in `unit` x `factor` = quantity in `base_unit`; `max_quantity` is the largest plausible submission in `unit`. Units without a declared conversion to the same base (PALLET vs TKM, MTK vs TNE) are pooled separately, never summed. |
| exchange_rates.csv | GEL per unit of currency, rate date and source. |
| purchases.csv | actual pooled purchases (2026): per purchase the member, date, category, item, quantity and unit, the unit price paid through the pool and the member's stand-alone unit price for the same item, currency. Realised savings = (stand-alone price - price paid) x quantity. One row is deliberately bad (currency RUB, no declared rate). |

Vendors: V1 = Black Sea Packaging Supply, V2 = Kolkheti Trade Group, V3 = Transcaucasus Services
(all invented).
"""

SYNTHETIC_NOTE = """# SYNTHETIC

Every file in this folder (demand_submissions.csv, vendor_offers.csv, units.csv,
exchange_rates.csv) is synthetic example data from `scripts/example_data/pool.py` (fixed seed).
Outputs built from it are marked "SYNTHETIC EXAMPLE DATA" / "სინთეზური სანიმუშო მონაცემები".
"""


def write(raw_dir: Path, seed: int = 20261123) -> list[Path]:
    """Write the synthetic pool files into ``raw_dir / "pool"``; return the paths written."""
    rng = np.random.default_rng(seed)
    folder = Path(raw_dir) / "pool"
    folder.mkdir(parents=True, exist_ok=True)
    demand = _demand(rng)
    frames = {
        "demand_submissions.csv": demand,
        "vendor_offers.csv": _offers(demand, rng),
        "units.csv": _units(),
        "exchange_rates.csv": _rates(),
    }
    written = []
    for name, frame in frames.items():
        path = folder / name
        frame.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
        written.append(path)
    for name, content in (("README.md", README), ("SYNTHETIC.md", SYNTHETIC_NOTE)):
        path = folder / name
        path.write_text(content, encoding="utf-8", newline="\n")
        written.append(path)
    # Actual pooled purchases (realised savings) come from their own generator and seed.
    from example_data import purchases

    written += purchases.write(raw_dir, seed=seed)
    return written


if __name__ == "__main__":
    import sys

    target = (
        Path(sys.argv[1])
        if len(sys.argv) > 1
        else Path(__file__).resolve().parents[2] / "data" / "raw"
    )
    for written_path in write(target):
        print(written_path)
