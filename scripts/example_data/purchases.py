"""Synthetic actual pooled purchases (``data/raw/pool/purchases.csv``): what members paid through
the pool and what each paid alone for the same item before pooling (its stand-alone price), for
realised savings. Invented figures; one deliberately bad row (a currency without a declared rate)
so the quarantine shows. Deterministic: its own generator seeded from the run's seed.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

#: category -> (item, unit, currency, pooled unit price, stand-alone price range, quantity range)
ITEMS: dict[str, tuple[str, str, str, float, tuple[float, float], tuple[int, int]]] = {
    "corrugated_board": ("Corrugated board, 3-ply", "TNE", "GEL", 2386.0, (2450, 2700), (2, 30)),
    "stretch_film": ("Stretch film, 23 micron", "KGM", "GEL", 5.1, (5.3, 6.0), (200, 2500)),
    "printing_inks": ("Water-based flexographic ink", "KGM", "EUR", 18.5, (19.0, 21.5), (20, 300)),
}


def _purchases(rng: np.random.Generator) -> pd.DataFrame:
    members = [f"GPC-{i:03d}" for i in range(1, 61)]
    rows = []
    number = 0
    for month in (3, 5, 7, 9, 10):
        for category, (item, unit, currency, paid, alone, quantity) in ITEMS.items():
            for member in sorted(rng.choice(members, size=3, replace=False).tolist()):
                number += 1
                rows.append(
                    {
                        "purchase_id": f"P{number:04d}",
                        "member_id": member,
                        "date": f"2026-{month:02d}-{int(rng.integers(1, 28)):02d}",
                        "category": category,
                        "item_en": item,
                        "quantity": int(rng.integers(*quantity)),
                        "unit": unit,
                        "price_paid": paid,
                        "standalone_price": round(float(rng.uniform(*alone)), 2),
                        "currency": currency,
                    }
                )
    bad = dict(rows[0], purchase_id=f"P{number + 1:04d}", currency="RUB")
    rows.append(bad)
    return pd.DataFrame(rows)


def write(raw_dir: Path, seed: int = 20261123) -> list[Path]:
    """Write ``raw_dir/pool/purchases.csv`` and return its path in a list."""
    folder = Path(raw_dir) / "pool"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "purchases.csv"
    frame = _purchases(np.random.default_rng(seed + 7))
    frame.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
    return [path]
