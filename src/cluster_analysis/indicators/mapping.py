"""Comparing places: per-capita and indexed series, location quotients, shift-share,
diversification and dominant-employer share (docs/methods.md#cluster-mapping).

Mono-industrial towns (Zestaponi ferroalloys, Chiatura manganese, Tkibuli coal) are where these
measures matter: a high location quotient and a high dominant-employer share mean one plant's fate is
the town's. A measure computed on a handful of jobs is noise, so every result carries a ``tiny``
flag (``count < tiny_count``; default :data:`TINY_COUNT`, a declared **choice**).
"""

from __future__ import annotations

import pandas as pd

__all__ = [
    "TINY_COUNT",
    "dominant_employer_share",
    "herfindahl",
    "index_to_base_year",
    "location_quotients",
    "per_capita",
    "shift_share",
]

#: Below this many jobs (or enterprises) a ratio is flagged as noise (**choice**).
TINY_COUNT = 20


def location_quotients(
    frame: pd.DataFrame,
    *,
    region: str = "place",
    sector: str = "sector",
    value: str = "employment",
    reference: pd.DataFrame | None = None,
    tiny_count: int = TINY_COUNT,
) -> pd.DataFrame:
    """Location quotient LQ_ir = (e_ir / e_r) / (E_i / E) (docs/methods.md#cluster-mapping).

    ``frame`` is long: one row per region x sector with a count (employment, or enterprises where
    employment is suppressed). The reference economy (E_i, E) is ``reference`` (same columns,
    e.g. the whole country) when given, else the sum of all regions in ``frame``. Returns
    region, sector, e_ir, e_r, E_i, E, lq and ``tiny`` (e_ir < ``tiny_count``).
    """
    work = frame[[region, sector, value]].copy()
    ref = (reference if reference is not None else frame)[[sector, value]]
    total_by_region = work.groupby(region)[value].sum().rename("e_r")
    reference_by_sector = ref.groupby(sector)[value].sum().rename("E_i")
    reference_total = float(ref[value].sum())
    out = (
        work.rename(columns={value: "e_ir"})
        .merge(total_by_region, left_on=region, right_index=True)
        .merge(reference_by_sector, left_on=sector, right_index=True, how="left")
    )
    out["E"] = reference_total
    out["lq"] = (out["e_ir"] / out["e_r"]) / (out["E_i"] / out["E"])
    out["tiny"] = out["e_ir"] < tiny_count
    return out.reset_index(drop=True)


def shift_share(
    start: pd.DataFrame,
    end: pd.DataFrame,
    *,
    region: str = "place",
    sector: str = "sector",
    value: str = "employment",
    reference_start: pd.DataFrame | None = None,
    reference_end: pd.DataFrame | None = None,
    tiny_count: int = TINY_COUNT,
) -> pd.DataFrame:
    """Shift-share decomposition of the change in a region's sector count
    (docs/methods.md#cluster-mapping):

    de_ir = e_ir0 g_N (national share) + e_ir0 (g_iN - g_N) (industry mix)
    + e_ir0 (g_ir - g_iN) (regional shift),

    g being growth rates between ``start`` and ``end``; the national economy is ``reference_*``
    when given, else the sum of all regions. Returns region, sector, e_ir0, e_ir1, change,
    national_share, industry_mix, regional_shift (summing to change) and ``tiny``.
    """
    key = [region, sector]
    s0 = start[[*key, value]].rename(columns={value: "e_ir0"})
    s1 = end[[*key, value]].rename(columns={value: "e_ir1"})
    both = s0.merge(s1, on=key, how="inner")
    r0 = reference_start if reference_start is not None else start
    r1 = reference_end if reference_end is not None else end
    national_growth = float(r1[value].sum()) / float(r0[value].sum()) - 1.0
    sector_growth = (
        r1.groupby(sector)[value].sum() / r0.groupby(sector)[value].sum() - 1.0
    ).rename("g_iN")
    both = both.merge(sector_growth, left_on=sector, right_index=True, how="left")
    both["g_N"] = national_growth
    both["g_ir"] = both["e_ir1"] / both["e_ir0"] - 1.0
    both["change"] = both["e_ir1"] - both["e_ir0"]
    both["national_share"] = both["e_ir0"] * both["g_N"]
    both["industry_mix"] = both["e_ir0"] * (both["g_iN"] - both["g_N"])
    both["regional_shift"] = both["e_ir0"] * (both["g_ir"] - both["g_iN"])
    both["tiny"] = both["e_ir0"] < tiny_count
    return both.reset_index(drop=True)


def herfindahl(
    frame: pd.DataFrame,
    *,
    region: str = "place",
    sector: str = "sector",
    value: str = "employment",
    tiny_count: int = TINY_COUNT,
) -> pd.DataFrame:
    """Diversification HHI_r = sum_i (e_ir / e_r)^2 (docs/methods.md#cluster-mapping), from 1/n
    (even) to 1 (one sector). Returns region, hhi, equivalent_sectors (1 / HHI), n_sectors, largest_sector,
    largest_share, total and ``tiny`` (total < ``tiny_count``)."""
    rows = []
    for name, group in frame.groupby(region, sort=True):
        total = float(group[value].sum())
        shares = group[value] / total if total else group[value] * 0
        top = group.loc[group[value].idxmax()]
        hhi_value = float((shares**2).sum())
        rows.append(
            {
                region: name,
                "hhi": hhi_value,
                "equivalent_sectors": 1.0 / hhi_value if hhi_value else float("nan"),
                "n_sectors": int((group[value] > 0).sum()),
                "largest_sector": top[sector],
                "largest_share": float(top[value]) / total if total else float("nan"),
                "total": total,
                "tiny": total < tiny_count,
            }
        )
    return pd.DataFrame(rows)


def dominant_employer_share(
    employers: pd.DataFrame,
    totals: pd.DataFrame,
    *,
    region: str = "place",
    jobs: str = "jobs",
    total: str = "employment",
    tiny_count: int = TINY_COUNT,
) -> pd.DataFrame:
    """Dominant-employer share = jobs at the largest employer / e_r
    (docs/methods.md#cluster-mapping).

    ``employers``: one row per region x employer with ``jobs`` (the largest per region is used);
    ``totals``: one row per region with total employment. Returns region, employer columns of the
    largest employer, jobs, e_r, dominant_share and ``tiny`` (e_r < ``tiny_count``).
    """
    largest = employers.sort_values(jobs, ascending=False, kind="stable").drop_duplicates(region)
    out = largest.merge(
        totals[[region, total]].rename(columns={total: "e_r"}), on=region, how="left"
    )
    out["dominant_share"] = out[jobs] / out["e_r"]
    out["tiny"] = out["e_r"] < tiny_count
    return out.sort_values(region).reset_index(drop=True)


def per_capita(
    observations: pd.DataFrame,
    population: pd.DataFrame,
    *,
    per: float = 1000.0,
    keys: tuple[str, ...] = ("place", "year"),
) -> pd.DataFrame:
    """Return ``observations`` with ``value_per_capita`` = value / population x ``per``.

    ``population`` has the ``keys`` columns and ``population``; places or years without a
    population figure get a missing value, never a guess.
    """
    merged = observations.merge(population[[*keys, "population"]], on=list(keys), how="left")
    merged["value_per_capita"] = merged["value"] / merged["population"] * per
    return merged


def index_to_base_year(
    observations: pd.DataFrame,
    base_year: int,
    *,
    group: tuple[str, ...] = ("indicator", "place"),
    value: str = "value",
) -> pd.DataFrame:
    """Return ``observations`` with ``index`` = value / value in ``base_year`` x 100 per series.

    A series without a value in the base year gets a missing index. An index never runs across a
    change of method: values on the other side of a flagged ``break`` from the base-year value are
    left missing and ``index_note`` says why.
    """
    work = observations.reset_index(drop=True).copy()
    if "period_order" not in work.columns:
        work["period_order"] = work["year"].astype("Float64") + 0.5
    base = (
        work[(work["year"] == base_year) & work[value].notna()]
        .sort_values("period_order", kind="stable")
        .drop_duplicates(list(group), keep="last")[[*group, value, "period_order"]]
        .rename(columns={value: "_base", "period_order": "_base_order"})
    )
    work = work.merge(base, on=list(group), how="left")
    work["index"] = (work[value] / work["_base"] * 100.0).astype("Float64")
    work["index_note"] = ""
    if "break" in work.columns:
        flagged = work["break"].fillna(False).astype(bool)
        for _, series in work.groupby(list(group), dropna=False):
            base_order = series["_base_order"].iloc[0]
            if pd.isna(base_order):
                continue
            for _, brk in series[flagged.loc[series.index]].iterrows():
                if brk["period_order"] > base_order:
                    other_side = series.index[series["period_order"] >= brk["period_order"]]
                else:
                    other_side = series.index[series["period_order"] < brk["period_order"]]
                work.loc[other_side, "index"] = pd.NA
                work.loc[other_side, "index_note"] = (
                    f"series break in {brk['year']}: not comparable with {base_year}"
                )
    return work.drop(columns=["_base", "_base_order"])
