"""Numbers and periods written for a reader, by language (Babel's CLDR locale data).

Georgian writes a decimal comma and a (no-break) space between thousands: 54 900 and 7,74, never
54,900 (which a Georgian reader can take for 54.9) nor 7.74. English writes 54,900 and 7.74.
Every number that reaches a brief, a chart label or a workbook header goes through here; Excel
cells stay numeric and get :func:`excel_number_format` instead of text.
"""

from __future__ import annotations

import re

from babel.numbers import format_decimal

__all__ = [
    "LOCALES",
    "excel_number_format",
    "format_number",
    "localize_numbers",
    "period_label",
    "period_labels",
    "plotly_separators",
]

#: Babel locale per output language.
LOCALES: dict[str, str] = {"en": "en_GB", "ka": "ka_GE"}

# A number as the English-style writers print it: thousands with commas and/or a point decimal.
# Years (four digits, no separator) and codes with several points (1.2.3) are left alone.
_EN_NUMBER = re.compile(
    r"(?<![\w.,/-])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+)(?![\w]|[.,]\d)"
)


def format_number(value: float, lang: str, decimals: int = 0) -> str:
    """Return ``value`` with ``decimals`` fixed decimals in the conventions of ``lang``."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return format_decimal(value, format=pattern, locale=LOCALES.get(lang, "en_GB"))


def localize_numbers(sentence: str, lang: str) -> str:
    """Rewrite English-style numbers inside ``sentence`` for ``lang`` (keeps their decimals).

    For "en" the sentence comes back unchanged. For "ka", "54,900" becomes "54 900" (a
    no-break space, as CLDR's Georgian data has it) and "7.74" becomes "7,74".
    """
    if lang == "en" or not sentence:
        return sentence

    def swap(match: re.Match[str]) -> str:
        raw = match.group("num")
        decimals = len(raw.split(".")[1]) if "." in raw else 0
        return format_number(float(raw.replace(",", "")), lang, decimals)

    return _EN_NUMBER.sub(swap, sentence)


def plotly_separators(lang: str) -> str:
    """Return plotly's ``layout.separators`` (decimal mark, then thousands mark) for ``lang``."""
    return ", " if lang == "ka" else ".,"


def excel_number_format(decimals: int = 0) -> str:
    """Return an Excel number format with thousands grouping; Excel shows it in the reader's own
    locale (decimal comma and space in a Georgian Excel), so the cell stays a number."""
    return "#,##0" + ("." + "0" * decimals if decimals > 0 else "")


# One period as people write it in English: a year, or a year and its half or quarter ("2025 H2",
# "2025-H2", "2026 Q1", "2026-Q1", "2026Q1").
_PERIOD = r"(?P<{y}>\d{{4}})(?:[ -]?(?:(?P<{h}>[Hh][12])|(?P<{q}>[Qq][1-4])))?"
_ONE_PERIOD = re.compile("^" + _PERIOD.format(y="y", h="h", q="q") + "$")
# Two of them joined by an en dash or a hyphen, with or without spaces ("2026-Q1–2026-Q3").
_PERIOD_RANGE = re.compile(
    "^"
    + _PERIOD.format(y="y1", h="h1", q="q1")
    + r"\s*[–-]\s*"
    + _PERIOD.format(y="y2", h="h2", q="q2")
    + "$"
)
_ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV"}
_KA_PART = {"h": "ნახევარი", "q": "კვარტალი"}


def _ka_parts(year: str, half: str | None, quarter: str | None) -> tuple[str, str, str]:
    """(year, roman number, noun) of one period; the number and noun are empty for a year."""
    if half:
        return year, _ROMAN[half[1]], _KA_PART["h"]
    if quarter:
        return year, _ROMAN[quarter[1]], _KA_PART["q"]
    return year, "", ""


def _ka_period(year: str, number: str, noun: str, *, alone: bool) -> str:
    if not noun:  # a year on its own is written as it is; beside a half or quarter it is a year
        return year if alone else f"{year} წელი"
    return f"{year} წლის {number} {noun}"


def _ka_label(value: str) -> str | None:
    """Georgian label of one period or range, or None when ``value`` is not one."""
    one = _ONE_PERIOD.match(value)
    if one:
        return _ka_period(*_ka_parts(one["y"], one["h"], one["q"]), alone=True)
    pair = _PERIOD_RANGE.match(value)
    if not pair:
        return None
    first = _ka_parts(pair["y1"], pair["h1"], pair["q1"])
    last = _ka_parts(pair["y2"], pair["h2"], pair["q2"])
    if not first[2] and not last[2]:  # years only: "2014–2023"
        return f"{first[0]}–{last[0]}"
    if first[0] == last[0] and first[2] == last[2]:  # same year, same kind: I–III კვარტალი
        return f"{first[0]} წლის {first[1]}–{last[1]} {first[2]}"
    return f"{_ka_period(*first, alone=False)} – {_ka_period(*last, alone=False)}"


def period_label(value: str, lang: str) -> str:
    """Return the period ``value`` as ``lang`` writes it.

    Recognised: a year ("2026"), a half ("2025 H2", "2025-H2"), a quarter ("2026 Q1", "2026-Q1"),
    a range of two of them joined by "–" or "-" ("2026-Q1–2026-Q3") and a list of such periods
    separated by ", ". Georgian follows Geostat: "2025 წლის II ნახევარი", "2026 წლის I კვარტალი",
    and a range within one year collapses ("2026 წლის I–III კვარტალი"); years stay digits
    ("2014–2023"). English gets ``value`` back exactly as its author wrote it (the labels users put
    in waves.csv or the demand files are already English), and so does anything unrecognised, in
    either language: a wave id such as "2026-2" is never guessed to be a half or a month.
    """
    if lang != "ka" or not isinstance(value, str):
        return value
    stripped = value.strip()
    label = _ka_label(stripped)
    if label is not None:
        return label
    parts = [p.strip() for p in stripped.split(",")]
    if len(parts) > 1:
        labels = [_ka_label(p) for p in parts]
        if all(labels):
            return ", ".join(str(label) for label in labels)
    return value


def period_labels(period: str, period_ka: str | None = None) -> dict[str, str]:
    """Return a bilingual period ``{"en": ..., "ka": ...}``: ``period`` as written for English and
    ``period_ka`` (when given and not blank) or :func:`period_label` of ``period`` for Georgian."""
    ka = period_ka.strip() if isinstance(period_ka, str) else ""
    return {"en": period, "ka": ka or period_label(period, "ka")}
