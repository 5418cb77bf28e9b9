"""Plausibility checks on the indicator observations (docs/methods.md#indicator-progress).

- Series breaks: a census rebasing is a change of method, not a decline (Chiatura: 54.9 thousand
  estimated for 1 January 2014 vs 39,884 counted by the 2014 census). Breaks are flagged, listed,
  and progress never compares across them.
- A town never exceeds its municipality (Chiatura town 12,803 vs municipality 39,884 in 2014) for a
  count of people or things; rates (per 1,000, %) are not compared.
- Unit mismatches: an observation in another unit than its catalogue entry, or one indicator
  observed in several units, is flagged and must be converted, never summed.
- The source chosen when two sources give a value is logged by
  :func:`cluster_analysis.indicators.observations.choose_best_source`.

Every check returns a frame with the columns of :data:`CHECK_COLUMNS` (bilingual detail) so the
pipeline can show them in one office table.
"""

from __future__ import annotations

import pandas as pd

from cluster_analysis.indicators.observations import _places_table

__all__ = [
    "ADDITIVE_UNITS",
    "CHECK_COLUMNS",
    "flag_census_breaks",
    "run_checks",
    "series_breaks",
    "town_exceeds_municipality",
    "unit_mismatches",
]

#: Units whose town value cannot exceed the municipality's (counts, not rates).
ADDITIVE_UNITS: frozenset[str] = frozenset(
    {"persons", "count", "thousand_visitors", "thousand_guest_nights", "km2"}
)

CHECK_COLUMNS: tuple[str, ...] = (
    "check",
    "indicator",
    "place",
    "period",
    "value",
    "other_place",
    "other_period",
    "other_value",
    "detail_en",
    "detail_ka",
)


def _empty() -> pd.DataFrame:
    return pd.DataFrame(columns=list(CHECK_COLUMNS))


def _order(frame: pd.DataFrame) -> pd.Series:
    if "period_order" in frame.columns:
        return frame["period_order"]
    return frame["year"].astype("Float64")


def flag_census_breaks(observations: pd.DataFrame) -> pd.DataFrame:
    """Return a copy where every census observation that follows an earlier observation of the
    same indicator and place is flagged ``break`` (a census rebases the series).

    Needs a ``period_type`` column (as in the real cited figures); without it nothing changes.
    """
    work = observations.copy()
    if "break" not in work.columns:
        work["break"] = pd.Series(False, index=work.index, dtype="boolean")
    if "period_type" not in work.columns:
        return work
    order = _order(work)
    is_census = work["period_type"].fillna("").astype(str).str.lower().eq("census")
    for (_, _), group in work[work["year"].notna()].groupby(["indicator", "place"], dropna=False):
        for idx in group.index[is_census.loc[group.index].to_numpy()]:
            earlier = order.loc[group.index] < order.loc[idx]
            if earlier.any():
                work.loc[idx, "break"] = True
    work["break"] = work["break"].astype("boolean")
    return work


def series_breaks(observations: pd.DataFrame) -> pd.DataFrame:
    """List every flagged break with the value just before it: the step is a change of method,
    not a decline (or growth)."""
    if "break" not in observations.columns:
        return _empty()
    rows = []
    work = observations[observations["year"].notna()].assign(_order=_order(observations))
    for (indicator, place), group in work.groupby(["indicator", "place"], dropna=False):
        group = group.sort_values("_order", kind="stable")
        if "sex" in group.columns:
            group = group[group["sex"].fillna("total") == "total"]
        flagged = group["break"].fillna(False).astype(bool).to_numpy()
        for position in [i for i, f in enumerate(flagged) if f]:
            at = group.iloc[position]
            before = group.iloc[position - 1] if position > 0 else None
            rows.append(
                {
                    "check": "series_break",
                    "indicator": indicator,
                    "place": place,
                    "period": at["period"] if "period" in group.columns else str(at["year"]),
                    "value": at["value"],
                    "other_place": None,
                    "other_period": None
                    if before is None
                    else before.get("period", before["year"]),
                    "other_value": None if before is None else before["value"],
                    "detail_en": "change of method (series break): the step is not a decline or "
                    "a rise; progress is measured from the first value after the break",
                    "detail_ka": "მეთოდის ცვლილება (რიგის წყვეტა): ცვლილება არ ნიშნავს კლებას ან "
                    "ზრდას; პროგრესი იზომება წყვეტის შემდეგ პირველი მნიშვნელობიდან",
                }
            )
    return pd.DataFrame(rows, columns=list(CHECK_COLUMNS)) if rows else _empty()


def _parent_municipality(place: str) -> str | None:
    """The municipality containing a town (None for any other unit)."""
    from cluster_analysis.geo import parent_of

    places = _places_table()
    if places is None:
        return None
    match = places.loc[places["id"] == place]
    if not len(match) or str(match["level"].iloc[0]) != "town":
        return None
    return parent_of(place)


def town_exceeds_municipality(
    observations: pd.DataFrame, *, additive_units: frozenset[str] = ADDITIVE_UNITS
) -> pd.DataFrame:
    """Flag every town value above its municipality's value for the same indicator, period and sex.

    Only counts are compared (``unit`` in ``additive_units``; rows without a unit are compared too,
    as counts are the usual case): a rate per 1,000 may well be higher in the town.
    """
    work = observations[observations["value"].notna()].copy()
    if "unit" in work.columns:
        work = work[work["unit"].isna() | work["unit"].isin(sorted(additive_units))]
    if "sex" not in work.columns:
        work["sex"] = "total"
    if "period" not in work.columns:
        work["period"] = work["year"].astype("string")
    work["_parent"] = work["place"].map(
        lambda p: _parent_municipality(str(p)) if pd.notna(p) else None
    )
    towns = work[work["_parent"].notna()]
    if towns.empty:
        return _empty()
    municipalities = work[["indicator", "place", "period", "sex", "value"]].rename(
        columns={"place": "_parent", "value": "municipality_value"}
    )
    paired = towns.merge(municipalities, on=["indicator", "_parent", "period", "sex"], how="inner")
    bad = paired[paired["value"] > paired["municipality_value"]]
    rows = [
        {
            "check": "town_exceeds_municipality",
            "indicator": r["indicator"],
            "place": r["place"],
            "period": r["period"],
            "value": r["value"],
            "other_place": r["_parent"],
            "other_period": r["period"],
            "other_value": r["municipality_value"],
            "detail_en": f"the town ({r['value']:g}) exceeds its municipality "
            f"({r['municipality_value']:g}): check whether town and municipality were swapped",
            "detail_ka": f"ქალაქის მნიშვნელობა ({r['value']:g}) აღემატება მუნიციპალიტეტისას "
            f"({r['municipality_value']:g}): შეამოწმეთ, ხომ არ აირია ქალაქი და მუნიციპალიტეტი",
        }
        for _, r in bad.iterrows()
    ]
    return pd.DataFrame(rows, columns=list(CHECK_COLUMNS)) if rows else _empty()


def unit_mismatches(
    observations: pd.DataFrame, catalogue: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Flag observations whose unit differs from the catalogue's unit for the indicator, and
    indicators observed in more than one unit (which must be converted, never summed)."""
    if "unit" not in observations.columns:
        return _empty()
    rows = []
    with_unit = observations[observations["unit"].notna()]
    if catalogue is not None and "unit" in catalogue.columns:
        expected = catalogue.drop_duplicates("indicator").set_index("indicator")["unit"]
        for _, r in with_unit.iterrows():
            want = expected.get(r["indicator"])
            if want is not None and pd.notna(want) and str(r["unit"]) != str(want):
                rows.append(
                    {
                        "check": "unit_mismatch",
                        "indicator": r["indicator"],
                        "place": r["place"],
                        "period": r.get("period", r["year"]),
                        "value": r["value"],
                        "other_place": None,
                        "other_period": None,
                        "other_value": None,
                        "detail_en": f"unit '{r['unit']}' differs from the catalogue's '{want}'",
                        "detail_ka": f"ერთეული '{r['unit']}' განსხვავდება კატალოგის ერთეულისგან "
                        f"'{want}'",
                    }
                )
    units = with_unit.groupby("indicator")["unit"].nunique()
    for indicator in units[units > 1].index:
        found = sorted(
            with_unit.loc[with_unit["indicator"] == indicator, "unit"].astype(str).unique()
        )
        rows.append(
            {
                "check": "mixed_units",
                "indicator": indicator,
                "place": None,
                "period": None,
                "value": None,
                "other_place": None,
                "other_period": None,
                "other_value": None,
                "detail_en": f"observed in several units ({', '.join(found)}): convert before "
                "comparing or adding",
                "detail_ka": f"დაკვირვებები სხვადასხვა ერთეულშია ({', '.join(found)}): "
                "შედარებამდე ან შეკრებამდე გადაიყვანეთ ერთ ერთეულში",
            }
        )
    return pd.DataFrame(rows, columns=list(CHECK_COLUMNS)) if rows else _empty()


def run_checks(observations: pd.DataFrame, catalogue: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return every check's findings in one table (columns :data:`CHECK_COLUMNS`)."""
    parts = [
        series_breaks(observations),
        town_exceeds_municipality(observations),
        unit_mismatches(observations, catalogue),
    ]
    parts = [p for p in parts if len(p)]
    if not parts:
        return _empty()
    frame = pd.concat(parts, ignore_index=True)
    for column in ("value", "other_value"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("Float64")
    for column in (
        "check",
        "indicator",
        "place",
        "period",
        "other_place",
        "other_period",
        "detail_en",
        "detail_ka",
    ):
        frame[column] = frame[column].astype("string")
    return frame
