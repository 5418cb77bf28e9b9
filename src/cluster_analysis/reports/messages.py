"""Key messages: the three to five sentences a donor brief opens with, chosen by declared rules.

The rules are data, in ``key_messages.toml`` beside this module (or a file of the same shape given
to :func:`key_messages`): each names a published table, filters its rows, picks one (largest gap,
biggest change, first indicator off track, largest saving, most wanted support) and fills an
English and a Georgian template with that row's numbers, interval, period and n. Suppressed rows
are never used, so a message can only repeat what a donor table already publishes. A rule whose
table is missing, has no matching row or lacks a number the template needs is left out.
"""

from __future__ import annotations

import math
import string
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from cluster_analysis.numbers import period_label
from cluster_analysis.outputs import DomainResult, pick

__all__ = [
    "RULES_FILE",
    "KeyMessage",
    "key_message_lines",
    "key_messages",
    "key_messages_note",
    "load_rules",
    "section_details",
]

RULES_FILE = Path(__file__).with_name("key_messages.toml")


@dataclass(frozen=True)
class KeyMessage:
    """One key message in one language, with the chart it refers to (when the brief has it)."""

    rule: str
    text: str
    what: str  # what the rule looks for, for the method note
    figure: str | None = None
    figure_title: str | None = None


def load_rules(path: str | Path | None = None) -> dict[str, Any]:
    """Return the declared rules (``{"max_messages": int, "rule": [...]}``) from TOML."""
    with Path(path or RULES_FILE).open("rb") as handle:
        return tomllib.load(handle)


class _Formatter(string.Formatter):
    """``str.format`` that refuses a missing number (NaN), so a message never shows "nan".

    Numbers come out English-style; :func:`key_message_lines` (and the brief) write them in the
    reader's language with :func:`cluster_analysis.numbers.localize_numbers`."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> str:
        if isinstance(value, float) and math.isnan(value):
            raise ValueError("missing number")
        if value is None or value is pd.NA:
            raise ValueError("missing value")
        return super().format_field(value, format_spec)


def _category_label(value: Any, lang: str) -> str:
    from cluster_analysis.pool.charts import category_name

    return category_name(str(value), lang)


def _place_label(value: Any, lang: str) -> str:
    from cluster_analysis.indicators.charts import place_label

    return place_label(value, lang)


#: Code columns shown by their name in the brief's language.
_LABELS: dict[str, Callable[[Any, str], str]] = {
    "category": _category_label,
    "place": _place_label,
}


def _filtered(frame: pd.DataFrame, where: Mapping[str, Any]) -> pd.DataFrame:
    out = frame
    if "suppressed" in out.columns:
        out = out[~out["suppressed"].fillna(False).astype(bool)]
    for column, wanted in where.items():
        if column not in out.columns:
            raise KeyError(column)
        if wanted == "@latest":
            wanted = out[column].dropna().max()
        out = out[out[column] == wanted]
    return out


def _picked(frame: pd.DataFrame, how: str, by: str | None) -> pd.Series | None:
    if frame.empty:
        return None
    if how == "first":
        return frame.iloc[0]
    values = pd.to_numeric(frame[by], errors="coerce")
    if values.notna().sum() == 0:
        return None
    if how == "max_abs":
        values = values.abs()
    position = values.idxmin() if how == "min" else values.idxmax()
    return frame.loc[position]


def _given_ka(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _period_labels(
    rule: Mapping[str, Any], tables: Mapping[str, pd.DataFrame], values: dict[str, Any], lang: str
) -> None:
    """Put the period of the picked row, and of the waves the rule's ``periods`` lookup names, in
    ``values``: in Georgian the table's ``period_ka`` column (the label a user gave in waves.csv,
    or the derived one) where the table has it."""
    if lang == "ka" and _given_ka(values.get("period_ka")):
        values["period"] = values["period_ka"]
    spec = rule.get("periods")
    if not spec or spec.get("table") not in tables:
        return
    source = tables[spec["table"]]
    column_ka = f"{spec['value']}_ka"
    label_column = column_ka if lang == "ka" and column_ka in source.columns else spec["value"]
    labels = {
        key: label if _given_ka(label) else english
        for key, label, english in zip(
            source[spec["key"]], source[label_column], source[spec["value"]], strict=True
        )
    }
    for column in spec.get("columns", []):
        values[column] = labels.get(values[column], values[column])


def _is_period(column: str, rule: Mapping[str, Any]) -> bool:
    """A column that holds a period label: ``period``, ``periods``, ``*_period`` and the columns
    the rule's ``periods`` lookup filled."""
    named = column in ("period", "periods") or column.endswith("_period")
    return named or column in (rule.get("periods") or {}).get("columns", [])


def _message(
    rule: Mapping[str, Any], tables: Mapping[str, pd.DataFrame], lang: str
) -> dict[str, Any] | None:
    table = tables[rule.get(f"table_{lang}") or rule.get("table", "")]
    base = _filtered(table, rule.get("where", {}))
    match = rule.get(f"match_{lang}") or rule.get("match") or {}
    chosen = _filtered(base, match) if match else base
    row = _picked(chosen, rule.get("pick", "first"), rule.get("by"))
    if row is None:
        return None
    values: dict[str, Any] = {str(k): v for k, v in row.items()}
    for column, label in _LABELS.items():
        if column in values and values[column] is not None:
            values[column] = label(values[column], lang)
    values["count"], values["total"] = len(chosen), len(base)
    for column in rule.get("sums", []):
        values[f"sum_{column}"] = float(pd.to_numeric(base[column], errors="coerce").sum())
    for name, (top, bottom) in rule.get("ratios", {}).items():
        values[name] = values[top] / values[bottom] if values[bottom] else float("nan")
    _period_labels(rule, tables, values, lang)
    for column, value in values.items():
        if isinstance(value, str) and _is_period(column, rule):
            values[column] = period_label(value, lang)  # Georgian: "2025 წლის II ნახევარი"
    return values


def key_messages(
    results: Sequence[DomainResult],
    lang: str,
    *,
    rules: Mapping[str, Any] | None = None,
) -> list[KeyMessage]:
    """Return the brief's key messages in ``lang``: the first ``max_messages`` rules that apply.

    Only donor tables and figures of ``results`` are used; ``rules`` defaults to
    :func:`load_rules` (``key_messages.toml``).
    """
    declared = dict(rules) if rules is not None else load_rules()
    tables = {t.name: t.frame for r in results for t in r.tables if t.audience == "donors"}
    figures = {f.name: f for r in results for f in r.figures if f.audience == "donors"}
    formatter = _Formatter(lang)
    out: list[KeyMessage] = []
    for rule in declared.get("rule", []):
        if len(out) >= int(declared.get("max_messages", 5)):
            break
        if (rule.get(f"table_{lang}") or rule.get("table", "")) not in tables:
            continue
        try:
            values = _message(rule, tables, lang)
            if values is None:
                continue
            sentence = formatter.format(rule.get(lang) or rule["en"], **values)
            figure_name = formatter.format(rule["figure"], **values) if "figure" in rule else None
        except (KeyError, ValueError, TypeError, IndexError, ZeroDivisionError):
            continue  # the table lacks what the rule needs: no message rather than a wrong one
        figure = figures.get(figure_name) if figure_name else None
        out.append(
            KeyMessage(
                rule=str(rule["id"]),
                text=sentence,
                what=pick(rule.get("what"), lang),
                figure=figure.name if figure else None,
                figure_title=pick(figure.meta.title, lang) if figure else None,
            )
        )
    return out


_CHART_WORD = {"en": "Chart", "ka": "დიაგრამა"}


def key_message_lines(
    results: Sequence[DomainResult], lang: str, *, localize: bool = False
) -> list[str]:
    """Return the key messages as the brief prints them: each sentence, then its chart's title.

    With ``localize`` the numbers are written in ``lang``'s conventions (Georgian: 2 030 270 and
    7,7); the brief localizes its whole content itself, so it asks for English-style numbers."""
    from cluster_analysis.numbers import localize_numbers

    lines = []
    for message in key_messages(results, lang):
        line = message.text
        if message.figure_title:
            line = f"{line.rstrip('.')} ({_CHART_WORD.get(lang, 'Chart')}: {message.figure_title})."
        lines.append(localize_numbers(line, lang) if localize else line)
    return lines


def _details(n: Any, period: str | None, source: str, lang: str) -> list[str]:
    source_word = "წყარო" if lang == "ka" else "Source"
    parts = []
    if n is not None:
        parts.append(f"n = {n}")
    if period:
        parts.append(str(period))
    if source:
        parts.append(f"{source_word}: {source}")
    return parts


def section_details(
    findings: Sequence[tuple[str, Any, str | None, str]], lang: str
) -> tuple[list[str], str]:
    """Say n, period and source once per section instead of after every bullet.

    ``findings`` are (sentence, n, period, source) in ``lang``. Returns the bullets and the
    section's note: the most common n, period and source are said once in the note; a bullet
    keeps, in brackets, only what differs from it (another n, period or source).
    """
    if not findings:
        return [], ""

    def common(values: list[Any]) -> Any:
        present = [v for v in values if v not in (None, "")]
        return max(present, key=present.count) if present else None

    n = common([f[1] for f in findings])
    period = common([f[2] for f in findings])
    source = common([f[3] for f in findings])
    bullets = []
    for sentence, own_n, own_period, own_source in findings:
        extra = _details(
            own_n if own_n != n else None,
            # a period the sentence already names is not repeated after it
            own_period
            if own_period is not None and own_period != period and own_period not in sentence
            else None,
            own_source if own_source != source else "",
            lang,
        )
        bullets.append(f"{sentence} ({'; '.join(extra)})" if extra else sentence)
    note = "; ".join(_details(n, period, source or "", lang))
    if note and n is not None and any(f[1] not in (None, n) for f in findings):
        note += " " + ("(other n where stated)" if lang == "en" else "(სხვა n — სადაც მითითებულია)")
    return bullets, note


def key_messages_note(results: Sequence[DomainResult], lang: str) -> str:
    """One line saying how the key messages were chosen: the rules that gave a message."""
    chosen = [m.what for m in key_messages(results, lang) if m.what]
    if not chosen:
        return ""
    lead = (
        "Chosen by declared rules, in this order: "
        if lang == "en"
        else "შერჩეულია დადგენილი წესებით, ამ თანმიმდევრობით: "
    )
    return lead + "; ".join(chosen) + "."
