"""Numbers written for a reader, by language (Babel's CLDR locale data).

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
