"""Sentences for the donor brief, in English and Georgian, each with its numbers, n, period and source.

Every function returns :class:`~cluster_analysis.outputs.Finding` objects; nothing is printed or
written here. A sentence never hides a "no data" among the failures: it is counted separately.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from cluster_analysis.indicators.catalogue import catalogue_label
from cluster_analysis.indicators.charts import place_label
from cluster_analysis.indicators.progress import STATUS_LABELS
from cluster_analysis.numbers import period_label
from cluster_analysis.outputs import Finding, Text, text

__all__ = [
    "cluster_members_finding",
    "findings",
    "place_status_findings",
    "real_break_finding",
    "real_growth_finding",
    "status_summary_finding",
]

DOMAIN = "indicators"
_GOOD = ("achieved", "on track")


def _period(frame: pd.DataFrame, column: str = "latest_year") -> str | None:
    years = frame[column].dropna() if column in frame.columns else pd.Series([], dtype="Int64")
    if years.empty:
        return None
    low, high = int(years.min()), int(years.max())
    return str(low) if low == high else f"{low}-{high}"


def _counts(frame: pd.DataFrame) -> dict[str, int]:
    return {
        status: int((frame["status"] == status).sum())
        for status in frame["status"].dropna().unique()
    }


def status_summary_finding(
    progress_frame: pd.DataFrame, *, source: Text, synthetic: bool
) -> Finding:
    """One sentence: how many indicator-place pairs are achieved or on track, at risk, off track,
    without data, assessed by hand."""
    counts = _counts(progress_frame)
    total = len(progress_frame)
    good = sum(counts.get(s, 0) for s in _GOOD)
    flag_en = " (synthetic example data)" if synthetic else ""
    flag_ka = " (სინთეზური სანიმუშო მონაცემები)" if synthetic else ""
    sentence = text(
        f"Of {total} indicator-place pairs, {good} are achieved or on track, "
        f"{counts.get('at risk', 0)} at risk and {counts.get('off track', 0)} off track; "
        f"{counts.get('no data', 0)} have no data yet and {counts.get('manual', 0)} are assessed by "
        f"hand; {counts.get('target not set', 0)} have no target because their document sets "
        f"none{flag_en}.",
        f"{total} ინდიკატორი-ადგილის წყვილიდან {good} მიღწეულია ან გეგმის მიხედვით მიმდინარეობს, "
        f"{counts.get('at risk', 0)} რისკის ქვეშაა, {counts.get('off track', 0)} კი ჩამორჩება; "
        f"{counts.get('no data', 0)}-ისთვის მონაცემები ჯერ არ არის, {counts.get('manual', 0)} "
        f"შეფასებულია ხელით; {counts.get('target not set', 0)}-ისთვის სამიზნე არ არის "
        f"დადგენილი, რადგან დოკუმენტი მას არ ადგენს{flag_ka}.",
    )
    return Finding(
        DOMAIN,
        sentence,
        n=total,
        period=_period(progress_frame),
        source=source,
        audience="donors",
    )


def place_status_findings(
    progress_frame: pd.DataFrame, places: list[str], *, source: Text, synthetic: bool
) -> list[Finding]:
    """One sentence per place: indicators achieved or on track out of those with a status."""
    findings = []
    for place in places:
        rows = progress_frame[progress_frame["place"] == place]
        judged = rows[~rows["status"].isin(["no data", "manual", "target not set"])]
        if rows.empty:
            continue
        untargeted = int((rows["status"] == "target not set").sum())
        good = int(judged["status"].isin(_GOOD).sum())
        off = int((judged["status"] == "off track").sum())
        no_data = int((rows["status"] == "no data").sum())
        en_place, ka_place = place_label(place, "en"), place_label(place, "ka")
        flag_en = " (synthetic)" if synthetic else ""
        flag_ka = " (სინთეზური)" if synthetic else ""
        findings.append(
            Finding(
                DOMAIN,
                text(
                    f"{en_place}: {good} of {len(judged)} indicators with data and a target are "
                    f"achieved or on track, {off} off track; {no_data} without data; "
                    f"{untargeted} without a target (their document sets none){flag_en}.",
                    f"{ka_place}: მონაცემებისა და სამიზნის მქონე {len(judged)} ინდიკატორიდან "
                    f"{good} მიღწეულია ან გეგმის მიხედვით მიმდინარეობს, {off} ჩამორჩება; "
                    f"{no_data} მონაცემების გარეშეა; {untargeted}-ისთვის სამიზნე არ არის "
                    f"დადგენილი (დოკუმენტი მას არ ადგენს){flag_ka}.",
                ),
                n=len(rows),
                period=_period(rows),
                source=source,
                audience="donors",
            )
        )
    return findings


def cluster_members_finding(
    progress_frame: pd.DataFrame,
    catalogue: pd.DataFrame,
    *,
    indicator: str = "cluster_members",
    source: Text,
    synthetic: bool,
) -> Finding | None:
    """Members against the critical-mass target, with the status."""
    rows = progress_frame[progress_frame["indicator"] == indicator]
    if rows.empty or rows["latest_value"].isna().all():
        return None
    row = rows.iloc[0]
    latest, year = float(row["latest_value"]), int(row["latest_year"])
    flag_en = " (synthetic)" if synthetic else ""
    flag_ka = " (სინთეზური)" if synthetic else ""
    status = STATUS_LABELS.get(str(row["status"]), text(str(row["status"]), str(row["status"])))
    if pd.isna(row["target_value"]) or pd.isna(row["target_year"]):
        # The strategy names a critical mass but no number: no target is assumed.
        first = row["baseline_year"] if pd.notna(row["baseline_year"]) else year
        return Finding(
            DOMAIN,
            text(
                f"{catalogue_label(catalogue, indicator, 'en')}: {latest:,.0f} in {year} "
                f"({status['en'].lower()}){flag_en}.",
                f"{catalogue_label(catalogue, indicator, 'ka')}: {year} წელს — "
                f"{latest:,.0f}".replace(",", " ")
                + f" ({status['ka']}){flag_ka}.",
            ),
            n=1,
            period=f"{int(first)}-{year}" if int(first) != year else str(year),
            source=source,
            audience="donors",
        )
    target, target_year = float(row["target_value"]), int(row["target_year"])
    return Finding(
        DOMAIN,
        text(
            f"{catalogue_label(catalogue, indicator, 'en')}: {latest:,.0f} in {year} against a "
            f"target of {target:,.0f} by {target_year} ({status['en'].lower()}){flag_en}.",
            f"{catalogue_label(catalogue, indicator, 'ka')}: {latest:,.0f} ({year} წელი), მიზანი "
            f"{target:,.0f} {target_year} წლისთვის ({status['ka']}){flag_ka}.",
        ),
        n=1,
        period=f"{int(row['baseline_year'])}-{year}",
        source=source,
        audience="donors",
    )


def real_break_finding(
    real: pd.DataFrame, *, place: str = "chiatura_municipality"
) -> Finding | None:
    """The census rebasing of a population series, told as a change of method, not a decline."""
    rows = real[(real["indicator"] == "population") & (real["place"] == place)]
    flagged = rows[rows["break"].fillna(False).astype(bool)]
    if flagged.empty:
        return None
    brk = flagged.iloc[0]
    before = rows[rows["period_order"] < brk["period_order"]].sort_values("period_order")
    if before.empty:
        return None
    prev = before.iloc[-1]
    latest = rows.sort_values("period_order").iloc[-1]
    en_place, ka_place = place_label(place, "en"), place_label(place, "ka")
    return Finding(
        DOMAIN,
        text(
            f"{en_place}: the population estimate for {prev['period']} ({prev['value']:,.0f}) and "
            f"the {brk['year']} census ({brk['value']:,.0f}) are on different methods (census "
            f"rebasing): a series break, not a loss of {prev['value'] - brk['value']:,.0f} people. "
            f"On the census basis the population was {latest['value']:,.0f} in {latest['year']}.",
            f"{ka_place}: მოსახლეობის შეფასება ({period_label(str(prev['period']), 'ka')}; {prev['value']:,.0f}) და "
            f"{brk['year']} წლის აღწერა ({brk['value']:,.0f}) სხვადასხვა მეთოდს ეყრდნობა "
            f"(აღწერის შემდეგ გადაანგარიშება): ეს რიგის წყვეტაა და არა "
            f"{prev['value'] - brk['value']:,.0f} ადამიანის დაკარგვა. აღწერის საფუძველზე "
            f"მოსახლეობა {latest['year']} წელს იყო {latest['value']:,.0f}.",
        ),
        n=len(rows),
        period=f"{rows['year'].min()}-{rows['year'].max()}",
        source=text(
            "Geostat census 2002, 2014 and estimates, as cited by secondary sources (real_figures.csv)",
            "საქსტატის 2002 და 2014 წლების აღწერა და შეფასებები, მეორადი წყაროების მიხედვით "
            "(real_figures.csv)",
        ),
        audience="donors",
    )


def real_growth_finding(
    observations: pd.DataFrame,
    indicator: str,
    places: list[str],
    base_year: int,
    end_year: int,
    *,
    label: Text,
    source: Text,
) -> Finding | None:
    """How a real indicator changed between two years, place by place."""
    rows = observations[
        (observations["indicator"] == indicator) & observations["place"].isin(places)
    ]
    parts_en, parts_ka = [], []
    for place in places:
        series = rows[rows["place"] == place].set_index("year")["value"]
        if base_year in series.index and end_year in series.index:
            v0, v1 = float(series.loc[base_year]), float(series.loc[end_year])
            parts_en.append(f"{place_label(place, 'en')} {v0:.1f} to {v1:.1f}")
            parts_ka.append(f"{place_label(place, 'ka')} {v0:.1f}-დან {v1:.1f}-მდე")
    if not parts_en:
        return None
    return Finding(
        DOMAIN,
        text(
            f"{label['en']}, {base_year} to {end_year}: " + "; ".join(parts_en) + ".",
            f"{label['ka']}, {base_year}-{end_year}: " + "; ".join(parts_ka) + ".",
        ),
        n=len(parts_en),
        period=f"{base_year}-{end_year}",
        source=source,
        audience="donors",
    )


def findings(
    indicator_progress: pd.DataFrame,
    catalogue: pd.DataFrame,
    indicator_observations: pd.DataFrame,
    real_figures: pd.DataFrame,
    *,
    towns: list[str],
    growth: dict[str, Any],
    break_place: str,
    catalogue_source: Text,
    geostat_source: Text,
    synthetic: bool,
) -> list[Finding]:
    """Return the domain's sentences: the status summary, one per town (the real Geostat indicator
    left out), cluster membership, the census break of ``break_place`` and the real growth of
    ``growth["indicator"]`` in ``growth["places"]`` from ``base_year`` to ``end_year``."""
    out = [status_summary_finding(indicator_progress, source=catalogue_source, synthetic=synthetic)]
    town_rows = indicator_progress[
        indicator_progress["place"].isin(towns)
        & (indicator_progress["indicator"] != growth["indicator"])
    ]
    out += place_status_findings(town_rows, towns, source=catalogue_source, synthetic=synthetic)
    members = cluster_members_finding(
        indicator_progress, catalogue, source=catalogue_source, synthetic=synthetic
    )
    optional = [
        members,
        real_break_finding(real_figures, place=break_place) if len(real_figures) else None,
        real_growth_finding(
            indicator_observations,
            growth["indicator"],
            growth["places"],
            int(growth["base_year"]),
            int(growth["end_year"]),
            label=text(
                catalogue_label(catalogue, growth["indicator"], "en"),
                catalogue_label(catalogue, growth["indicator"], "ka"),
            ),
            source=geostat_source,
        ),
    ]
    return out + [finding for finding in optional if finding is not None]
