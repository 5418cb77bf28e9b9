"""Any grid of cells gives tidy values or one InputError line: never another exception."""

from __future__ import annotations

import tempfile
from pathlib import Path

import openpyxl
from hypothesis import given
from hypothesis import strategies as st

from cluster_analysis.errors import InputError
from cluster_analysis.indicators.geostat import read_geostat_table

WORDS = [
    "Imereti", "Zestaponi", "ტყიბულის მუნიციპალიტეტი", "Total", "Males", "0-4", "85+",
    "2019", "2020*", "...", "..", "…", "-", "_", "x", "(thousand persons)", "GEL",
    "* Note.", "... - Data not available", "Large", "Urban", "", "  ",
]  # fmt: skip
CELLS = st.one_of(
    st.none(),
    st.integers(min_value=-5, max_value=2030),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.sampled_from(WORDS),
)


@given(st.lists(st.lists(CELLS, min_size=1, max_size=6), min_size=1, max_size=8))
def test_any_grid_reads_or_fails_with_one_input_error(grid: list[list[object]]) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in grid:
        sheet.append(row)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "grid.xlsx"
        workbook.save(path)
        try:
            frame = read_geostat_table(path)
        except InputError as error:
            assert "\n" not in str(error)
            assert str(error).startswith("grid.xlsx")
        else:
            assert len(frame) > 0
            assert frame["place"].notna().all()
            assert frame["cell"].is_unique
