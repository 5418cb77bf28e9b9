"""Bilingual finding sentences of the directory (pure): one per critical gap."""

from __future__ import annotations

from datetime import date

import pandas as pd

from cluster_analysis.directory.tables import MatchWeights
from cluster_analysis.outputs import Finding, Text, text

MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")  # fmt: skip


def format_date(value: object, lang: str) -> str:
    """Return a date as '15 January 2027' (English) or '15.01.2027' (Georgian convention)."""
    day = pd.Timestamp(value).date()
    if lang == "ka":
        return day.strftime("%d.%m.%Y")
    return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"


def _lower_first(label: str) -> str:
    """Lower-case a label's first letter unless it starts an abbreviation (EU, GS1, ISO)."""
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]


def _members(row: pd.Series, min_cell: int) -> tuple[str, str]:
    if bool(row["members_with_gap_suppressed"]) or pd.isna(row["members_with_gap"]):
        return f"Fewer than {min_cell} members", f"{min_cell}-ზე ნაკლები წევრი"
    n = int(row["members_with_gap"])
    return (f"{n} member" + ("s" if n != 1 else "")), f"{n} წევრი"


def gap_sentence(row: pd.Series, *, min_cell: int) -> Text:
    """Return the sentence for one row of ``gap_coverage``: who has the gap, how many open
    programmes fund it and the nearest deadline."""
    who_en, who_ka = _members(row, min_cell)
    item_en, item_ka = str(row["item_en"]), str(row["item_ka"])
    verb = "reports" if who_en.endswith(" member") else "report"
    en = f"{who_en} {verb} a critical gap in {_lower_first(item_en)}; "
    ka = f"{who_ka} მიუთითებს კრიტიკულ ხარვეზზე: „{item_ka}“; "
    k = int(row["open_programmes"])
    if k == 0:
        en += "no open programme funds it yet."
        ka += "ამ მიმართულებას ჯერჯერობით არც ერთი ღია პროგრამა არ აფინანსებს."
        return text(en, ka)
    en += f"{k} open programme{'s' if k != 1 else ''} fund{'' if k != 1 else 's'} it"
    ka += f"ამ მიმართულებას {k} ღია პროგრამა აფინანსებს"
    if pd.isna(row["nearest_deadline"]):
        en += " (rolling calls, no deadline)."
        ka += " (მუდმივად ღია კონკურსი, ბოლო ვადის გარეშე)."
    else:
        en += f"; the nearest deadline is {format_date(row['nearest_deadline'], 'en')}."
        ka += f"; უახლოესი ბოლო ვადაა {format_date(row['nearest_deadline'], 'ka')}."
    return text(en, ka)


def gap_findings(
    gap_coverage: pd.DataFrame, *, min_cell: int, reference_date: date, source: Text | None
) -> list[Finding]:
    """Return one donor finding per critical gap (largest critical-gap share first)."""
    rows = gap_coverage.sort_values(["critical_gap_share", "item"], ascending=[False, True])
    return [
        Finding(
            domain="directory",
            text=gap_sentence(row, min_cell=min_cell),
            n=None if pd.isna(row["members_with_gap"]) else int(row["members_with_gap"]),
            period=reference_date.isoformat(),
            source=source,
            audience="donors",
        )
        for _, row in rows.iterrows()
    ]


def method_note(weights: MatchWeights, threshold: float) -> Text:
    """Return the bilingual method note of the critical-gap rule and the match score."""
    share = f"{100 * threshold:.0f}%"
    return text(
        f"Directory: an item is a critical gap when at least {share} of respondents rate its "
        "importance in the top two points of the scale (4 or 5 on a 1-5 scale) and their own "
        "capability 1 or 2. Each open programme, provider and expert that names the item (or "
        f"only its dimension, counted {weights.dimension_match}) scores {weights.topic} × topic "
        f"+ {weights.eligibility} × share of the members with the gap who are eligible + "
        f"{weights.deadline} × min(days to deadline / {weights.lead_days}, 1).",
        f"ცნობარი: პუნქტი კრიტიკული ხარვეზია, როდესაც რესპონდენტების მინიმუმ {share} მის "
        "მნიშვნელოვნებას სკალის ორი უმაღლესი ქულით აფასებს (1–5 სკალაზე 4 ან 5), ხოლო საკუთარ "
        "შესაძლებლობას — 1 ან 2 ქულით. თითოეული ღია პროგრამა, მიმწოდებელი და ექსპერტი, რომელიც "
        f"პუნქტს ასახელებს (ან მხოლოდ მის განზომილებას, რაც {weights.dimension_match}-ით "
        f"ფასდება), იღებს ქულას: {weights.topic} × თემატური შესაბამისობა + "
        f"{weights.eligibility} × ხარვეზის მქონე დასაშვები წევრების წილი + {weights.deadline} × "
        f"min(დღეები ბოლო ვადამდე / {weights.lead_days}, 1).",
    )
