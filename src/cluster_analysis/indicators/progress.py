"""Progress of indicators towards their targets: achievement, expected-by-now, status, CAGR.

Formulas (methods.md section 4):

- Achievement (EU results monitoring): A = (current - baseline) / (next target - baseline), the next
  target being the first milestone due after the current value's year, else the final target.
- Expected by now (linear path): E = (current year - baseline year) / (next target year - baseline
  year), capped at 1.
- Status (**choice**): achieved when the current value reaches the final target (in the desired
  direction); else on track if A >= 0.9 E, at risk if A >= 0.6 E, otherwise off track. "No data" is
  its own status (never red); qualitative indicators get "manual" with the status and reason set by
  hand (``manual_status``, ``manual_reason``).
- CAGR between years t0 < t1: (v1 / v0)^(1 / (t1 - t0)) - 1.
- Open SDG progress measure (``method="open_sdg"``): with a target p = CAGR observed / CAGR required
  (both from the baseline); without a target p = CAGR x (+1 for increase, -1 for decrease) with
  cut-offs 0.015 / 0.005 / 0; p >= 0.95 substantial progress, >= 0.6 moderate, >= 0 limited,
  < 0 deterioration; needs at least two data points (the baseline and one later observation).

Series breaks: an observation flagged ``break`` starts a new method (e.g. census 2014). Progress never
compares across it: when a break falls in or after the baseline year, the first value after the
break becomes the effective baseline (value and year) and the note says so; observations before it
are ignored.

Our further choices (declared by :func:`progress_method`): only the ``total`` rows count
when observations are disaggregated by sex; when several observations share the latest year the
latest in time (``period_order``) counts; a status needs an observation after the (effective)
baseline year, otherwise the status is "no data"; a quantitative indicator without a target gets
"manual".

A quantitative indicator whose document sets no target (the catalogue leaves it empty) gets
"target not set": no achievement is computed and no target is assumed (shown grey, never red).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal, SupportsFloat, cast

import pandas as pd

from cluster_analysis.outputs import Text, text

__all__ = [
    "ACHIEVEMENT_THRESHOLDS",
    "METHOD_NOTES",
    "OPEN_SDG_THRESHOLDS",
    "PROGRESS_COLUMNS",
    "STATUSES",
    "STATUS_LABELS",
    "ProgressMethod",
    "cagr",
    "expected_by_now",
    "open_sdg_measure",
    "progress",
    "progress_method",
    "status_from_achievement",
]

Method = Literal["achievement", "open_sdg"]

#: Status thresholds relative to expected-by-now (**choice**, methods.md section 4).
ACHIEVEMENT_THRESHOLDS: dict[str, float] = {"on track": 0.9, "at risk": 0.6}
#: Open SDG cut-offs: with a target (ratio of CAGRs) and without one (CAGR itself).
OPEN_SDG_THRESHOLDS: dict[str, dict[str, float]] = {
    "with_target": {
        "substantial progress": 0.95,
        "moderate progress": 0.6,
        "limited progress": 0.0,
    },
    "without_target": {
        "substantial progress": 0.015,
        "moderate progress": 0.005,
        "limited progress": 0.0,
    },
}

STATUSES: tuple[str, ...] = (
    "achieved",
    "on track",
    "at risk",
    "off track",
    "no data",
    "target not set",
    "manual",
)
OPEN_SDG_STATUSES: tuple[str, ...] = (
    "target achieved",
    "substantial progress",
    "moderate progress",
    "limited progress",
    "deterioration",
    "not enough data",
    "no data",
    "target not set",
    "manual",
)

STATUS_LABELS: dict[str, Text] = {
    "achieved": text("Achieved", "მიღწეულია"),
    "on track": text("On track", "გეგმის მიხედვით"),
    "at risk": text("At risk", "რისკის ქვეშაა"),
    "off track": text("Off track", "ჩამორჩება"),
    "no data": text("No data", "მონაცემები არ არის"),
    "target not set": text("Target not set", "სამიზნე არ არის დადგენილი"),
    "manual": text("Assessed by hand", "შეფასებულია ხელით"),
    "target achieved": text("Target achieved", "მიზანი მიღწეულია"),
    "substantial progress": text("Substantial progress", "მნიშვნელოვანი პროგრესი"),
    "moderate progress": text("Moderate progress", "ზომიერი პროგრესი"),
    "limited progress": text("Limited progress", "შეზღუდული პროგრესი"),
    "deterioration": text("Deterioration", "გაუარესება"),
    "not enough data": text("Not enough data", "მონაცემები არასაკმარისია"),
}

#: Open SDG categories drawn with the colour of the nearest achievement status.
OPEN_SDG_COLOUR_STATUS: dict[str, str] = {
    "target achieved": "achieved",
    "substantial progress": "on track",
    "moderate progress": "at risk",
    "limited progress": "off track",
    "deterioration": "off track",
    "not enough data": "no data",
}

PROGRESS_COLUMNS: tuple[str, ...] = (
    "indicator",
    "place",
    "baseline_value",
    "baseline_year",
    "target_value",
    "target_year",
    "latest_value",
    "latest_year",
    "achievement",
    "expected",
    "status",
    "cagr",
    "note",
    "note_ka",
    "next_target_value",
    "next_target_year",
    "effective_baseline_value",
    "effective_baseline_year",
    "series_break_year",
    "n_points",
    "manual_status",
    "manual_reason",
    "method",
)

METHOD_NOTES: dict[str, Text] = {
    "achievement": text(
        "Achievement A = (current - baseline) / (next target - baseline), the next target being the "
        "first milestone due after the current year, else the final target; expected by now "
        "E = (current year - baseline year) / (target year - baseline year), capped at 1. Status: "
        "achieved when the final target is reached; on track if A >= 0.9 E; at risk if A >= 0.6 E; "
        "otherwise off track (thresholds are our choice). No data is never shown as red. A series "
        "break (change of method) resets the baseline to the first value after the break.",
        "მიღწევა A = (მიმდინარე - საბაზისო) / (მომდევნო მიზანი - საბაზისო), სადაც მომდევნო "
        "მიზანი მიმდინარე წლის შემდეგ პირველი ეტაპობრივი მიზანია, ან საბოლოო მიზანი; მოსალოდნელი "
        "E = (მიმდინარე წელი - საბაზისო წელი) / (სამიზნე წელი - საბაზისო წელი), მაქსიმუმ 1. "
        "სტატუსი: მიღწეულია, როცა საბოლოო მიზანი მიღწეულია; გეგმის მიხედვით, თუ A >= 0.9 E; "
        "რისკის ქვეშაა, თუ A >= 0.6 E; სხვა შემთხვევაში ჩამორჩება (ზღვრები ჩვენი არჩევანია). "
        "მონაცემების არარსებობა არასდროს აღინიშნება წითლად. რიგის წყვეტისას (მეთოდის ცვლილება) "
        "საბაზისოდ ითვლება წყვეტის შემდეგ პირველი მნიშვნელობა.",
    ),
    "open_sdg": text(
        "Open SDG progress measure: p = CAGR observed / CAGR required to reach the target (both from "
        "the baseline); p >= 0.95 substantial progress, >= 0.6 moderate, >= 0 limited, < 0 "
        "deterioration; target achieved when the latest value is at or beyond the target in the "
        "desired direction. Without a target p = CAGR (sign by desired direction) with cut-offs "
        "0.015 / 0.005 / 0. A value that crossed a target lying against the desired direction "
        "counts as deterioration. Needs at least two data points.",
        "Open SDG პროგრესის საზომი: p = დაკვირვებული CAGR / მიზნის მისაღწევად საჭირო CAGR (ორივე "
        "საბაზისო წლიდან); p >= 0.95 მნიშვნელოვანი პროგრესი, >= 0.6 ზომიერი, >= 0 შეზღუდული, "
        "< 0 გაუარესება; მიზანი მიღწეულია, როცა ბოლო მნიშვნელობა სასურველი მიმართულებით მიზანს "
        "აღწევს ან სცდება. მიზნის გარეშე p = CAGR (ნიშანი სასურველი მიმართულებით), ზღვრებით "
        "0.015 / 0.005 / 0. თუ მიზანი სასურველი მიმართულების საწინააღმდეგოდაა და მნიშვნელობამ "
        "ის გადაკვეთა, ეს გაუარესებაა. საჭიროა მინიმუმ ორი მონაცემი.",
    ),
}


def cagr(v0: float, v1: float, t0: float, t1: float) -> float:
    """Compound annual growth rate (v1 / v0)^(1 / (t1 - t0)) - 1 (methods.md section 4).

    Returns NaN when it is undefined: t1 <= t0, a missing value, or a non-positive value.
    """
    values = (v0, v1, t0, t1)
    if any(v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)) for v in values):
        return math.nan
    if t1 <= t0 or v0 <= 0 or v1 <= 0:
        return math.nan
    return (float(v1) / float(v0)) ** (1.0 / (float(t1) - float(t0))) - 1.0


def expected_by_now(current_year: float, baseline_year: float, target_year: float) -> float:
    """Share of the baseline-to-target period elapsed, E, capped to [0, 1] (methods.md section 4)."""
    if target_year <= baseline_year:
        return 1.0
    share = (float(current_year) - float(baseline_year)) / (
        float(target_year) - float(baseline_year)
    )
    return min(1.0, max(0.0, share))


def status_from_achievement(achievement: float, expected: float) -> str:
    """Return on track / at risk / off track from A and E (thresholds: :data:`ACHIEVEMENT_THRESHOLDS`).

    "achieved" is decided before, on the final target, by :func:`progress`.
    """
    if achievement >= ACHIEVEMENT_THRESHOLDS["on track"] * expected:
        return "on track"
    if achievement >= ACHIEVEMENT_THRESHOLDS["at risk"] * expected:
        return "at risk"
    return "off track"


def open_sdg_measure(
    baseline_value: float,
    baseline_year: float,
    latest_value: float,
    latest_year: float,
    *,
    direction: str,
    target_value: float | None = None,
    target_year: float | None = None,
) -> tuple[float, str]:
    """Return (p, category) of the Open SDG progress measure (methods.md, "Open SDG progress measure").

    Follows sdg-build's progress measure (methodology 1 without a target, 2 with one):

    - with a target: a target of 0 counts as 0.001 (as sdg-build does, so the required CAGR exists);
      the target is achieved when the latest value is at or beyond it in the desired direction
      (``<=`` for a decrease, ``>=`` for an increase) -> (NaN, "target achieved"); otherwise
      p = CAGR observed / CAGR required, both from the baseline, cut-offs 0.95 / 0.6 / 0;
    - without a target: p = CAGR observed, negated when the desired direction is a decrease,
      cut-offs 0.015 / 0.005 / 0.

    One case sdg-build leaves to the ratio is decided by direction here: when the target lies
    against the desired direction (the baseline was already on the good side of a ceiling or a
    floor, so the required CAGR has the wrong sign) and the latest value has crossed it, the ratio
    of two same-signed CAGRs would read as progress; p = CAGR observed x direction / |CAGR
    required| instead, negative (deterioration) when the value moved the wrong way. When the
    required CAGR is that of a baseline equal to the target, p is undefined and the category is
    "deterioration" (the value left the target the wrong way). A CAGR needs positive values: a
    non-positive baseline or latest value gives (NaN, "not enough data").
    """
    sign = 1.0 if direction == "increase" else -1.0
    if target_value is not None and target_year is not None and not pd.isna(target_value):
        target = 0.001 if float(target_value) == 0 else float(target_value)
        reached = latest_value >= target if sign > 0 else latest_value <= target
        if reached:
            return math.nan, "target achieved"
        observed = cagr(baseline_value, latest_value, baseline_year, latest_year)
        required = cagr(baseline_value, target, baseline_year, target_year)
        if math.isnan(observed) or math.isnan(required):
            return math.nan, "not enough data"
        if required == 0:
            return math.nan, "deterioration"
        # sdg-build methodology 2 when the target lies in the desired direction; otherwise the
        # target was already crossed against the direction and the ratio's sign would mislead
        p = observed / required if required * sign > 0 else observed * sign / abs(required)
        cuts = OPEN_SDG_THRESHOLDS["with_target"]
    else:
        observed = cagr(baseline_value, latest_value, baseline_year, latest_year)
        if math.isnan(observed):
            return math.nan, "not enough data"
        p = observed * sign
        cuts = OPEN_SDG_THRESHOLDS["without_target"]
    for category, cut in cuts.items():
        if p >= cut:
            return p, category
    return p, "deterioration"


@dataclass
class _Row:
    indicator: str
    place: object
    spec: pd.Series


def _as_float(value: object) -> float:
    """A catalogue or observation cell already checked to hold a number, as a float."""
    return float(cast(SupportsFloat, value))


def _clean(value: object) -> object:
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _pairs(catalogue: pd.DataFrame, observations: pd.DataFrame) -> list[_Row]:
    """Indicator x place pairs: place-specific catalogue rows, and rows without a place applied to
    every place observed for the indicator (one row with no place when none is observed)."""
    has_place = "place" in catalogue.columns
    rows: list[_Row] = []
    specific: set[tuple[str, str]] = set()
    if has_place:
        for _, spec in catalogue[catalogue["place"].notna()].iterrows():
            specific.add((str(spec["indicator"]), str(spec["place"])))
            rows.append(_Row(str(spec["indicator"]), str(spec["place"]), spec))
    generic = catalogue[catalogue["place"].isna()] if has_place else catalogue
    for _, spec in generic.iterrows():
        indicator = str(spec["indicator"])
        observed = observations.loc[observations["indicator"] == indicator, "place"]
        places = sorted(
            {str(p) for p in observed.dropna()} - {p for i, p in specific if i == indicator}
        )
        if not places and not any(i == indicator for i, _ in specific):
            rows.append(_Row(indicator, None, spec))
        rows.extend(_Row(indicator, place, spec) for place in places)
    return rows


#: Observation columns :func:`_one` reads (the others never change a result).
_SERIES_COLUMNS: tuple[str, ...] = (
    "indicator",
    "place",
    "year",
    "value",
    "break",
    "period_order",
    "manual_status",
    "manual_reason",
)


class _SeriesIndex:
    """The observations that can count (a year, ``total`` rows, not after ``as_of``), grouped once
    by indicator and place, so each indicator x place pair is a lookup instead of a scan of the
    whole table (the scan made :func:`progress` grow with pairs x observations)."""

    def __init__(self, observations: pd.DataFrame, as_of: int | None) -> None:
        keep = observations["year"].notna()
        if "sex" in observations.columns:
            keep &= observations["sex"].fillna("total") == "total"
        if as_of is not None:
            keep &= observations["year"] <= as_of
        # Only the columns _one reads: taking a pair's rows then copies less (string columns are
        # the costly part of each take).
        used = [c for c in _SERIES_COLUMNS if c in observations.columns]
        self.rows = observations.loc[keep, used]
        self.order = "period_order" if "period_order" in self.rows.columns else "year"
        placed = self.rows["place"].notna()
        # Each frame's groups map to positions (ascending, so in the table's order) in that frame.
        self.placed = self.rows[placed]
        self.unplaced = self.rows[~placed]
        self.with_place = (
            self.placed.groupby(["indicator", "place"], sort=False, observed=True).indices
            if len(self.placed)
            else {}
        )
        self.without_place = (
            self.unplaced.groupby("indicator", sort=False, observed=True).indices
            if len(self.unplaced)
            else {}
        )

    def series(self, indicator: str, place: object) -> pd.DataFrame:
        """The pair's observations in time order (``period_order``, else ``year``), index 0..n-1."""
        if place is None:
            frame, found = self.unplaced, self.without_place.get(indicator)
        else:
            frame, found = self.placed, self.with_place.get((indicator, place))
        series = frame.iloc[found if found is not None else []]
        return series.sort_values([self.order], kind="stable").reset_index(drop=True)


def _latest_manual(series: pd.DataFrame, spec: pd.Series) -> tuple[object, object]:
    status = reason = None
    for column in ("manual_status", "manual_reason"):
        value = None
        if column in series.columns:
            filled = series[column].dropna()
            value = filled.iloc[-1] if len(filled) else None
        if value is None and column in spec.index:
            value = _clean(spec[column])
        if column == "manual_status":
            status = value
        else:
            reason = value
    return status, reason


def _next_target(spec: pd.Series, latest_year: int) -> tuple[float, int]:
    """First milestone due after ``latest_year`` (if before the final target), else the final one."""
    # Imported here: the catalogue module builds its pandera schema on import (pandera costs about
    # 0.3 s, more than pandas), which computing progress does not need.
    from cluster_analysis.indicators.catalogue import parse_milestones

    final_value, final_year = float(spec["target_value"]), int(spec["target_year"])
    for year, value in parse_milestones(spec.get("milestones")):
        if latest_year < year < final_year:
            return value, year
    return final_value, final_year


def _with_notes(out: dict, notes: list[tuple[str, str]]) -> dict:
    """Set the English ``note`` and the Georgian ``note_ka`` from (en, ka) pairs."""
    out["note"] = "; ".join(en for en, _ in notes)
    out["note_ka"] = "; ".join(ka for _, ka in notes)
    return out


def _rebased_on_break(
    values: pd.DataFrame,
    base_value: float,
    base_year: int,
    out: dict[str, object],
    notes: list[tuple[str, str]],
) -> tuple[pd.DataFrame, float, int]:
    """Return the observations from the last series break on and the (possibly reset) baseline
    value and year; records ``series_break_year`` in ``out`` and the reason in ``notes``.

    A break in or after the baseline year: the first value after it is the new baseline.
    """
    if "break" not in values.columns:
        return values, base_value, base_year
    breaks = values[values["break"].fillna(False).astype(bool)]
    if not len(breaks):
        return values, base_value, base_year
    last_break = breaks.iloc[-1]
    break_year = int(last_break["year"])
    out["series_break_year"] = break_year
    position = values.index.get_loc(last_break.name)
    values = values.iloc[position:]
    if break_year >= base_year:
        same_year = break_year == base_year
        base_value, base_year = float(last_break["value"]), break_year
        if same_year:
            notes.append(
                (
                    f"series break in the baseline year {break_year}: baseline taken on the "
                    f"new method ({base_value:.4g}); earlier values not compared",
                    f"რიგის წყვეტა საბაზისო {break_year} წელს: საბაზისო მნიშვნელობა აღებულია "
                    f"ახალი მეთოდით ({base_value:.4g}); ადრინდელი მნიშვნელობები არ შედარდება",
                )
            )
        else:
            notes.append(
                (
                    f"series break in {break_year}: baseline reset to the first value after "
                    f"the break ({base_value:.4g}, {break_year}); earlier values not compared",
                    f"რიგის წყვეტა {break_year} წელს: საბაზისოდ აღებულია წყვეტის შემდეგ "
                    f"პირველი მნიშვნელობა ({base_value:.4g}, {break_year}); ადრინდელი "
                    "მნიშვნელობები არ შედარდება",
                )
            )
    else:
        notes.append(
            (
                f"series break in {break_year}, before the baseline year",
                f"რიგის წყვეტა {break_year} წელს, საბაზისო წლამდე",
            )
        )
    return values, base_value, base_year


def _one(row: _Row, observed: _SeriesIndex, method: Method) -> dict:
    spec = row.spec
    out: dict[str, object] = {
        "indicator": row.indicator,
        "place": row.place,
        "baseline_value": _clean(spec.get("baseline_value")),
        "baseline_year": _clean(spec.get("baseline_year")),
        "target_value": _clean(spec.get("target_value")),
        "target_year": _clean(spec.get("target_year")),
        "method": method,
    }
    notes: list[tuple[str, str]] = []
    series = observed.series(row.indicator, row.place)
    direction = str(spec.get("direction", "increase"))
    kind = str(spec.get("kind", "quantitative"))

    latest = series[series["value"].notna()].tail(1) if "value" in series.columns else series
    if len(latest):
        out["latest_value"] = float(latest["value"].iloc[0])
        out["latest_year"] = int(latest["year"].iloc[0])

    if kind == "qualitative":
        manual_status, manual_reason = _latest_manual(series, spec)
        out.update(status="manual", manual_status=manual_status, manual_reason=manual_reason)
        out["n_points"] = int(series["value"].notna().sum()) if "value" in series.columns else 0
        notes.append(("qualitative: status set by hand", "თვისებრივი: სტატუსი განისაზღვრება ხელით"))
        return _with_notes(out, notes)

    has_target = out["target_value"] is not None and out["target_year"] is not None
    # The document sets no target: none is assumed, so no achievement is computed; the baseline,
    # latest value, series breaks and CAGR still are.
    no_target = not has_target and method == "achievement"
    if no_target:
        notes.append(
            (
                "target not set: the source document gives none",
                "სამიზნე არ არის დადგენილი: საწყისი დოკუმენტი მას არ ადგენს",
            )
        )
    if out["baseline_value"] is None or out["baseline_year"] is None:
        first = series[series["value"].notna()].head(1) if "value" in series.columns else series
        if first.empty:
            out["status"] = "target not set" if no_target else "no data"
            notes.append(("no baseline in the catalogue", "კატალოგში საბაზისო მნიშვნელობა არ არის"))
            return _with_notes(out, notes)
        # The document gives a target but no baseline: the first observation is the baseline.
        out["baseline_value"] = float(first["value"].iloc[0])
        out["baseline_year"] = int(first["year"].iloc[0])
        notes.append(
            (
                f"baseline: the first observation ({out['baseline_year']})",
                f"საბაზისო: პირველი დაკვირვება ({out['baseline_year']})",
            )
        )

    base_value = _as_float(out["baseline_value"])
    base_year = int(_as_float(out["baseline_year"]))
    values = series[series["value"].notna()]
    values, base_value, base_year = _rebased_on_break(values, base_value, base_year, out, notes)
    out["effective_baseline_value"] = base_value
    out["effective_baseline_year"] = base_year
    after = values[values["year"] > base_year]
    out["n_points"] = 1 + int(after["year"].nunique())

    if series.empty or values.empty:
        out["status"] = "target not set" if no_target else "no data"
        notes.append(("no observation", "დაკვირვება არ არის"))
        return _with_notes(out, notes)
    if after.empty:
        if method == "open_sdg":
            out["status"] = "not enough data"
        else:
            out["status"] = "target not set" if no_target else "no data"
        notes.append(
            (
                f"no observation after the baseline year {base_year}",
                f"საბაზისო {base_year} წლის შემდეგ დაკვირვება არ არის",
            )
        )
        return _with_notes(out, notes)

    current = float(after["value"].iloc[-1])
    current_year = int(after["year"].iloc[-1])
    out["latest_value"], out["latest_year"] = current, current_year
    out["cagr"] = cagr(base_value, current, base_year, current_year)
    sign = 1.0 if direction == "increase" else -1.0
    if has_target and (_as_float(out["target_value"]) - base_value) * sign < 0:
        notes.append(
            (
                f"target lies against the desired direction ({direction})",
                "მიზანი სასურველი მიმართულების საწინააღმდეგოდაა",
            )
        )

    if no_target:
        out["status"] = "target not set"
        return _with_notes(out, notes)
    if method == "open_sdg":
        p, category = open_sdg_measure(
            base_value,
            base_year,
            current,
            current_year,
            direction=direction,
            target_value=_as_float(out["target_value"]) if has_target else None,
            target_year=int(_as_float(out["target_year"])) if has_target else None,
        )
        if not has_target:
            notes.append(
                (
                    "no target: Open SDG measure on the CAGR alone",
                    "მიზნის გარეშე: Open SDG საზომი მხოლოდ CAGR-ით",
                )
            )
        out.update(achievement=p, status=category)
        return _with_notes(out, notes)

    return _achievement_status(out, notes, spec, base_value, current, current_year, sign)


def _achievement_status(
    out: dict,
    notes: list[tuple[str, str]],
    spec: pd.Series,
    base_value: float,
    current: float,
    current_year: int,
    sign: float,
) -> dict:
    """Return ``out`` with the EU achievement, expected-by-now and status filled in (methods.md
    section 4) and the notes attached."""
    base_year = int(out["effective_baseline_year"])
    target_value, target_year = float(out["target_value"]), int(out["target_year"])

    if (current - target_value) * sign >= 0:
        out["status"] = "achieved"
        if current_year < target_year:
            notes.append(
                (
                    f"final target reached before {target_year}",
                    f"საბოლოო მიზანი მიღწეულია {target_year} წლამდე",
                )
            )
    next_value, next_year = _next_target(spec, current_year)
    out["next_target_value"], out["next_target_year"] = next_value, next_year
    if next_year != target_year:
        notes.append(
            (
                f"compared with the {next_year} milestone ({next_value:g})",
                f"შედარებულია {next_year} წლის ეტაპობრივ მიზანთან ({next_value:g})",
            )
        )
    if next_value == base_value:
        out["achievement"] = math.nan
        notes.append(
            (
                "target equals baseline: achievement undefined",
                "მიზანი საბაზისოს ტოლია: მიღწევა ვერ გამოითვლება",
            )
        )
        out.setdefault("status", "off track")
        out["expected"] = expected_by_now(current_year, base_year, next_year)
    else:
        achievement = (current - base_value) / (next_value - base_value)
        expected = expected_by_now(current_year, base_year, next_year)
        out["achievement"], out["expected"] = achievement, expected
        out.setdefault("status", status_from_achievement(achievement, expected))
    return _with_notes(out, notes)


def progress(
    catalogue: pd.DataFrame,
    observations: pd.DataFrame,
    *,
    as_of: int | None = None,
    method: Method = "achievement",
) -> pd.DataFrame:
    """Return one row per indicator x place with progress towards the target.

    ``catalogue`` needs ``indicator, unit, direction, kind, baseline_value, baseline_year,
    target_value, target_year`` (optional: ``place``, ``milestones`` as ``"2025:120|2027:150"``,
    ``manual_status``, ``manual_reason``); ``observations`` needs ``indicator, place, year, value``
    (optional: ``sex`` — only ``total`` rows count —, ``break``, ``period_order``,
    ``manual_status``, ``manual_reason``). ``as_of`` (a year) ignores later observations.

    Columns: :data:`PROGRESS_COLUMNS` (``indicator, place, baseline_value, baseline_year,
    target_value, target_year, latest_value, latest_year, achievement, expected, status, cagr,
    note`` first). ``status`` is one of achieved / on track / at risk / off track / no data /
    manual, or with ``method="open_sdg"`` one of the Open SDG categories (``achievement`` then
    holds the measure p). Formulas and thresholds: module docstring and methods.md section 4; the
    ``method`` column names the method and :func:`progress_method` declares its thresholds and
    note.
    """
    if method not in ("achievement", "open_sdg"):
        raise ValueError(f"method must be 'achievement' or 'open_sdg', not {method!r}")
    needed = {
        "indicator",
        "direction",
        "kind",
        "baseline_value",
        "baseline_year",
        "target_value",
        "target_year",
    }
    missing = needed - set(catalogue.columns)
    if missing:
        raise ValueError(f"catalogue lacks columns {sorted(missing)}")
    missing = {"indicator", "place", "year", "value"} - set(observations.columns)
    if missing:
        raise ValueError(f"observations lack columns {sorted(missing)}")
    observed = _SeriesIndex(observations, as_of)
    rows = [_one(row, observed, method) for row in _pairs(catalogue, observations)]
    frame = pd.DataFrame(rows, columns=list(PROGRESS_COLUMNS))
    frame = frame.astype(
        {
            "indicator": "string",
            "place": "string",
            "baseline_value": "Float64",
            "baseline_year": "Int64",
            "target_value": "Float64",
            "target_year": "Int64",
            "latest_value": "Float64",
            "latest_year": "Int64",
            "achievement": "Float64",
            "expected": "Float64",
            "status": "string",
            "cagr": "Float64",
            "note": "string",
            "note_ka": "string",
            "next_target_value": "Float64",
            "next_target_year": "Int64",
            "effective_baseline_value": "Float64",
            "effective_baseline_year": "Int64",
            "series_break_year": "Int64",
            "n_points": "Int64",
            "manual_status": "string",
            "manual_reason": "string",
            "method": "string",
        }
    )
    # NaN from undefined formulas is "missing" here, not a number.
    for column in ("achievement", "expected", "cagr"):
        frame[column] = frame[column].mask(frame[column].isna())
    frame["note"] = frame["note"].fillna("")
    frame["note_ka"] = frame["note_ka"].fillna("")
    return frame


@dataclass(frozen=True)
class ProgressMethod:
    """A progress method as declared for a report: its name, status thresholds and note."""

    method: Method
    thresholds: dict[str, float] | dict[str, dict[str, float]]
    note: Text


def progress_method(method: Method = "achievement") -> ProgressMethod:
    """Return the declaration of ``method`` (the thresholds and note :func:`progress` uses)."""
    if method not in ("achievement", "open_sdg"):
        raise ValueError(f"method must be 'achievement' or 'open_sdg', not {method!r}")
    thresholds: dict[str, float] | dict[str, dict[str, float]] = (
        dict(ACHIEVEMENT_THRESHOLDS)
        if method == "achievement"
        else {k: dict(v) for k, v in OPEN_SDG_THRESHOLDS.items()}
    )
    return ProgressMethod(method=method, thresholds=thresholds, note=METHOD_NOTES[method])
