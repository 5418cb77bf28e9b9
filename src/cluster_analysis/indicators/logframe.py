"""The logframe: the EU results-framework table (results chain, indicator, baseline, current, target,
source, status), in Georgian or English.

:func:`logframe_table` returns a :class:`~cluster_analysis.outputs.TableOutput` per language for the
shared Excel writer (``reports/excel.py``); :func:`write_logframe_xlsx` writes a stand-alone workbook
with the same writer (formula-injection safe).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from cluster_analysis import metadata
from cluster_analysis.indicators.catalogue import LEVEL_LABELS, LEVELS, unit_label
from cluster_analysis.indicators.charts import place_label
from cluster_analysis.indicators.progress import STATUS_LABELS
from cluster_analysis.outputs import Meta, TableOutput, Text, pick, text

__all__ = ["LOGFRAME_COLUMNS", "logframe_frame", "logframe_table", "write_logframe_xlsx"]

LOGFRAME_COLUMNS: dict[str, Text] = {
    "results_chain": text("Results chain", "შედეგების ჯაჭვი"),
    "goal": text("Goal", "მიზანი"),
    "indicator": text("Indicator", "ინდიკატორი"),
    "place": text("Place", "ადგილი"),
    "unit": text("Unit", "ერთეული"),
    "baseline": text("Baseline (year)", "საბაზისო მნიშვნელობა (წელი)"),
    "milestones": text("Milestones", "ეტაპობრივი მიზნები"),
    "current": text("Current value (year)", "მიმდინარე მნიშვნელობა (წელი)"),
    "target": text("Target (year)", "სამიზნე მნიშვნელობა (წელი)"),
    "source": text("Source and means of verification", "წყარო და გადამოწმების საშუალება"),
    "status": text("Status", "სტატუსი"),
    "comment": text("Comment", "კომენტარი"),
}


def _number(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    number = float(value)  # type: ignore[arg-type]  # a number once missing values are out
    return f"{number:,.0f}" if number.is_integer() else f"{number:,.1f}"


def _with_year(value: object, year: object) -> str:
    shown = _number(value)
    if not shown:
        return ""
    if year is None or year is pd.NA or (isinstance(year, float) and year != year):
        return shown
    return f"{shown} ({int(year)})"  # type: ignore[call-overload]


def _source(spec: pd.Series, lang: str) -> str:
    """The means of verification in ``lang`` (``source_ka`` when present, else ``source``)."""
    for column in (["source_ka"] if lang == "ka" else []) + ["source"]:
        value = spec.get(column)
        if value is not None and not pd.isna(value) and str(value).strip():
            return str(value)
    return ""


def logframe_frame(
    progress_frame: pd.DataFrame, catalogue: pd.DataFrame, lang: str = "en"
) -> pd.DataFrame:
    """Return the logframe rows in ``lang``: impact, then outcome, then output; one row per
    indicator x place. Status words come from the progress frame ("manual" shows the status set by
    hand and its reason in the comment)."""
    cat = catalogue.copy()
    if "place" not in cat.columns:
        cat["place"] = pd.NA
    name_col, goal_col = ("name_ka", "goal_ka") if lang == "ka" else ("name_en", "goal_en")
    generic = cat[cat["place"].isna()].drop_duplicates("indicator").set_index("indicator")
    specific = cat[cat["place"].notna()].set_index(["indicator", "place"])
    rank = {level: i for i, level in enumerate(LEVELS)}
    rows = []
    for _, row in progress_frame.iterrows():
        key = (row["indicator"], row["place"])
        if pd.notna(row["place"]) and key in specific.index:
            spec = specific.loc[key]
        elif row["indicator"] in generic.index:
            spec = generic.loc[row["indicator"]]
        else:
            spec = pd.Series(dtype=object)
        level = str(spec.get("level", ""))
        status = str(row["status"])
        status_text = pick(STATUS_LABELS.get(status, text(status, status)), lang)
        note_column = "note_ka" if lang == "ka" and "note_ka" in row.index else "note"
        comment = "" if pd.isna(row.get(note_column)) else str(row.get(note_column) or "")
        if status == "manual" and pd.notna(row.get("manual_status")):
            manual = str(row["manual_status"])
            status_text += ": " + pick(STATUS_LABELS.get(manual, text(manual, manual)), lang)
        if pd.notna(row.get("manual_reason")):
            comment = "; ".join(p for p in (str(row["manual_reason"]), comment) if p)
        rows.append(
            {
                "_rank": rank.get(level, 9),
                "results_chain": pick(LEVEL_LABELS.get(level, text(level, level)), lang),
                "goal": "" if pd.isna(spec.get(goal_col)) else str(spec.get(goal_col)),
                "indicator": str(spec.get(name_col, row["indicator"])),
                "place": place_label(row["place"], lang),
                "unit": unit_label(spec.get("unit"), lang),
                "baseline": _with_year(row["baseline_value"], row["baseline_year"]),
                "milestones": ""
                if pd.isna(spec.get("milestones"))
                else str(spec.get("milestones")).replace("|", "; "),
                "current": _with_year(row["latest_value"], row["latest_year"]),
                "target": _with_year(row["target_value"], row["target_year"]),
                "source": _source(spec, lang),
                "status": status_text,
                "comment": comment,
            }
        )
    frame = pd.DataFrame(rows, columns=["_rank", *LOGFRAME_COLUMNS])
    frame = frame.sort_values(["_rank", "goal", "indicator", "place"], kind="stable").drop(
        columns="_rank"
    )
    return frame.reset_index(drop=True).astype("string")


def logframe_table(
    progress_frame: pd.DataFrame,
    catalogue: pd.DataFrame,
    lang: str = "en",
    *,
    synthetic: bool = False,
    period: str | None = None,
    source: Text | None = None,
) -> TableOutput:
    """Return the logframe in ``lang`` as a TableOutput (name ``logframe_<lang>``, declared audience)
    with headers in that language only."""
    frame = logframe_frame(progress_frame, catalogue, lang)
    headers = {
        column: text(pick(label, lang), pick(label, lang))
        for column, label in LOGFRAME_COLUMNS.items()
    }

    def own(value: Text) -> Text:
        # This table is one language's logframe: its title and notes are in that language only.
        return text(pick(value, lang), pick(value, lang))

    meta = Meta(
        title=own(
            text(
                "Results framework (logframe): LED and cluster indicators",
                "შედეგების ჩარჩო (ლოგიკური ჩარჩო): ადგილობრივი ეკონომიკური განვითარებისა და "
                "კლასტერის ინდიკატორები",
            )
        ),
        unit=own(text("units per indicator", "ერთეული თითოეული ინდიკატორისთვის")),
        period=period,
        source=own(
            source
            or text(
                "indicator catalogue and observations", "ინდიკატორების კატალოგი და დაკვირვებები"
            )
        ),
        n=str(len(frame)),
        synthetic=synthetic,
    )
    name = f"logframe_{lang}"
    audience = metadata.table_spec("indicators", name).audience
    return TableOutput(name=name, frame=frame, meta=meta, audience=audience, columns=headers)


def write_logframe_xlsx(
    progress_frame: pd.DataFrame,
    catalogue: pd.DataFrame,
    path: Path | str,
    lang: str = "en",
    *,
    synthetic: bool = False,
) -> Path:
    """Write the logframe to ``path`` (xlsx) in ``lang`` ("en", "ka", or "both" for one sheet per
    language) with the shared formula-safe writer, and return the path."""
    from cluster_analysis.reports.excel import write_tables_xlsx

    langs = ["en", "ka"] if lang == "both" else [lang]
    tables = [logframe_table(progress_frame, catalogue, one, synthetic=synthetic) for one in langs]
    # "both": each sheet's own texts are in its language; the writer's fixed words in both.
    return write_tables_xlsx(tables, path, lang=lang)
