"""The notebooks' display helper writes numbers for people, by unit and language."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest

from cluster_analysis.notebook import (
    MIN_PLOT,
    column_kind,
    fitted_height,
    prose,
    readable,
    reader_columns,
    table,
)

NBSP = "\u00a0"


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "category": ["corrugated_board", "stretch_film"],
            "pooled_cost": [7830557.4, -1.818989e-12],
            "unit_price_gel": [1.2345, 10.0],
            "critical_gap_share": [0.4654226, pd.NA],
            "critical_gap_low": [0.3799356, pd.NA],
            "critical_gap_high": [0.5529902, pd.NA],
            "members": pd.array([47, pd.NA], dtype="Int64"),
            "baseline_year": [2019, 2021],
            "mcnemar_p": [0.00001, 0.54891],
            "note": ["x" * 120, "short"],
            "note_ka": ["ქ", "ქ"],
        }
    ).astype(
        {
            "critical_gap_share": "Float64",
            "critical_gap_low": "Float64",
            "critical_gap_high": "Float64",
        }
    )


def test_english_cells_are_written_by_unit() -> None:
    shown = readable(_frame(), "en", domain="pool")
    rows = shown.to_dict("records")
    assert list(rows[0].values())[:3] == ["corrugated_board", "7,830,557", "1.23"]
    # -1.8e-12 is rounding noise: written 0, never "-0" or scientific notation
    assert list(rows[1].values())[1] == "0"
    cells = [str(v) for row in rows for v in row.values()]
    assert "46.5%" in cells and "38.0% – 55.3%" in cells
    assert "47" in cells and "47.0" not in cells
    assert "2019" in cells and "2,019" not in cells
    assert "<0.001" in cells and "0.549" in cells
    assert not [c for c in cells if "e-" in c or "e+" in c or c in {"<NA>", "nan", "NaN"}]
    assert cells.count("–") == 3  # the missing share, its interval and the missing count


def test_georgian_cells_use_decimal_comma_and_space_thousands() -> None:
    shown = readable(_frame(), "ka", domain="pool")
    cells = [str(v) for row in shown.to_dict("records") for v in row.values()]
    assert f"7{NBSP}830{NBSP}557" in cells
    assert "46,5%" in cells and "38,0% – 55,3%" in cells
    assert "ქ" in cells  # the Georgian twin of note replaces it
    assert "x" * 120 not in cells


def test_reader_columns_drop_the_other_language() -> None:
    frame = pd.DataFrame({"item": ["a"], "item_en": ["A"], "item_ka": ["ა"], "note": ["n"]})
    assert reader_columns(frame, "en") == ["item_en", "note"]
    assert reader_columns(frame, "ka") == ["item_ka", "note"]


def test_headers_come_from_the_declarations_in_the_language() -> None:
    frame = pd.DataFrame(
        {"critical_gap_share": [0.5], "critical_gap_low": [0.4], "critical_gap_high": [0.6]}
    )
    en = readable(frame, "en", domain="survey").columns.tolist()
    ka = readable(frame, "ka", domain="survey").columns.tolist()
    assert en == ["Critical gap, share", "Critical gap, share, 95% interval"]
    assert ka[1].endswith("95%-იანი სანდოობის ინტერვალი")
    assert all(any("\u10d0" <= ch <= "\u10ff" for ch in header) for header in ka)


def test_missing_dates_and_dates_by_language() -> None:
    frame = pd.DataFrame({"deadline": pd.to_datetime(["2026-07-01", None])})
    assert readable(frame, "en")["deadline"].tolist() == ["2026-07-01", "–"]
    assert readable(frame, "ka")["deadline"].tolist() == ["01.07.2026", "–"]


def test_unknown_column_is_named() -> None:
    with pytest.raises(KeyError, match="no column nope"):
        readable(_frame(), "en", columns=["nope"])


def test_kinds() -> None:
    assert column_kind("spend_gel", None, "float64") == "money"
    assert column_kind("savings_schedule_pct", "%", "float64") == "percent"
    assert column_kind("response_rate", "share", "float64") == "share"
    assert column_kind("n", None, "Int64") == "count"
    assert column_kind("place", None, "object") == "text"


def test_table_hides_the_index_and_wraps_text() -> None:
    html = table(_frame(), "en", domain="pool").to_html()
    assert "white-space: normal" in html and "max-width: 24em" in html
    assert 'class="row_heading' not in html  # no row numbers
    assert "7,830,557" in html and "<NA>" not in html


def test_prose_follows_lang() -> None:
    assert prose("ka", en="## Hello", ka="## გამარჯობა").data == "## გამარჯობა"
    assert prose("en", en="## Hello", ka="## გამარჯობა").data == "## Hello"


def test_fitted_height_gives_every_row_room() -> None:
    few = go.Figure(go.Bar(x=[1, 2], y=["a", "b"], orientation="h"))
    many = go.Figure(go.Bar(x=list(range(30)), y=[f"item {i}" for i in range(30)], orientation="h"))
    for fig in (few, many):
        fig.update_layout(margin={"t": 120, "b": 130})
    assert fitted_height(few) - 250 >= MIN_PLOT
    assert fitted_height(many) - 250 >= 30 * 30  # at least 30 px per bar
    assert fitted_height(many) > fitted_height(few)
