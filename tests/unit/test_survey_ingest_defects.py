"""Ingest defects found with real files: q3 / q3.1 headers, csv blank lines, long cells,
'.'-joined group paths, short error messages, repeat summaries."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from openpyxl import Workbook

from cluster_analysis.errors import InputError
from cluster_analysis.readers import read_table, short_list
from cluster_analysis.reports.excel import (
    EXCEL_CELL_LIMIT,
    CellTruncatedWarning,
    write_rejects_xlsx,
)
from cluster_analysis.survey.exports import read_kobo_export
from cluster_analysis.survey.forms import read_xlsform
from cluster_analysis.survey.repeats import read_kobo_tables, summarise_repeat
from cluster_analysis.validation import validate

REAL = Path(__file__).resolve().parents[1] / "data" / "real"
MEETING = REAL / "kobo-transfer" / "aLcg7HtfpBHyCsyNmRvqme"
MEETING_EXPORT = MEETING / "Meeting_Form_-_latest_version_-_False_-_2024-03-14-09-51-14.xlsx"


def _workbook(path: Path, rows: list[list[object]]) -> Path:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return path


def test_q3_and_q3_1_are_two_headers_but_q3_twice_is_refused(tmp_path):
    ok = read_table(_workbook(tmp_path / "ok.xlsx", [["q3", "q3.1"], [1, 2]]), as_text=True)
    assert list(ok.columns) == ["q3", "q3.1"]
    assert ok.iloc[0].tolist() == ["1", "2"]
    with pytest.raises(InputError, match=r"'q3' appears more than once \(columns 1 and 2\)"):
        read_table(_workbook(tmp_path / "twice.xlsx", [["q3", "q3"], [1, 2]]))


def _small_form(tmp_path: Path) -> Path:
    path = _workbook(
        tmp_path / "form.xlsx",
        [["type", "name", "label", "constraint"], ["integer", "n", "N", ". <= 5"]],
    )
    book = openpyxl.load_workbook(path)
    book.active.title = "survey"
    book.save(path)
    return path


def test_reject_rows_in_csv_stay_right_after_blank_lines(tmp_path):
    form = read_xlsform(_small_form(tmp_path))
    text = "n,_uuid\n1,a\n\n\n2,b\n\n99,c\n3,d\n"
    path = tmp_path / "export.csv"
    path.write_text(text, encoding="utf-8")
    # The row staff see: the line number of "99,c", counted by hand from the text.
    expected = text.splitlines().index("99,c") + 1
    wide = read_kobo_export(path, form)
    checked = validate(wide, form.schema(columns=["n"]), table="t", id_column="_uuid")
    assert checked.rejects["row"].tolist() == [expected]
    assert checked.rejects["record_id"].tolist() == ["c"]
    assert checked.rows_valid + checked.rows_rejected == 4


def test_cell_longer_than_excel_holds_warns_and_the_frame_keeps_it(tmp_path):
    long_text = "x" * (EXCEL_CELL_LIMIT + 10)
    rejects = pd.DataFrame({"row": [2], "value": [long_text]})
    summary = pd.DataFrame({"table": ["t"], "rows": [1]})
    with pytest.warns(CellTruncatedWarning, match=r"32,777 characters, Excel holds 32,767"):
        path = write_rejects_xlsx(rejects, summary, tmp_path / "rejects.xlsx")
    sheet = openpyxl.load_workbook(path)["Rejects"]
    cells = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert max(len(c) for c in cells) == EXCEL_CELL_LIMIT
    assert len(rejects.at[0, "value"]) == EXCEL_CELL_LIMIT + 10  # the input frame is untouched
    rejects.to_parquet(tmp_path / "r.parquet")
    assert len(pd.read_parquet(tmp_path / "r.parquet").at[0, "value"]) == EXCEL_CELL_LIMIT + 10


def test_dot_joined_group_paths_read_as_xml_headers(tmp_path):
    """KoboToolbox's '.' group separator: the real Meeting Form export with every '/' in its
    headers turned into '.' reads to the same tables, as XML headers, nothing unmatched."""
    form = read_xlsform(MEETING / "aLcg7HtfpBHyCsyNmRvqme.xlsx")
    book = openpyxl.load_workbook(MEETING_EXPORT)
    for sheet in book.worksheets:
        for cell in sheet[1]:
            if isinstance(cell.value, str):
                cell.value = cell.value.replace("/", ".")
    dotted = tmp_path / "dotted.xlsx"
    book.save(dotted)
    slash = read_kobo_tables(MEETING_EXPORT, form)
    dot = read_kobo_tables(dotted, form)
    assert dot.info is not None and dot.info.header_mode == "xml"
    assert set(dot.info.unmatched_columns) <= {"$edited"}
    assert list(dot.repeats) == list(slash.repeats)
    for name, table in dot.repeats.items():
        assert dot.repeat_info[name].header_mode == "xml"
        assert dot.repeat_info[name].unmatched_columns == []
        pd.testing.assert_frame_equal(
            table.drop(columns=["_row"]), slash.repeats[name].drop(columns=["_row"])
        )


def test_short_list_caps_names():
    assert short_list(["a", "b"]) == "a, b"
    assert short_list([f"c{i}" for i in range(400)]) == "c0, c1, c2, c3, c4 and 395 more"


def test_repeat_summary_equals_brute_force():
    table = pd.DataFrame(
        {
            "_submission__uuid": ["s1", "s1", "s1", "s2", "s2", "s3"],
            "works": ["yes", "no", "yes", "yes", "yes", None],
            "age": [30, None, 12, 40, 2, None],
        }
    )
    got = summarise_repeat(table, ["works", "age"], submissions=["s1", "s2", "s3", "s4"])
    got = got.set_index("_submission__uuid")
    for uuid in ["s1", "s2", "s3", "s4"]:
        rows = [r for r in table.to_dict("records") if r["_submission__uuid"] == uuid]
        answers = [r["works"] == "yes" for r in rows if pd.notna(r["works"])]
        ages = [r["age"] for r in rows if pd.notna(r["age"])]
        assert got.at[uuid, "count"] == len(rows)
        assert got.at[uuid, "age_sum"] == sum(ages)
        if answers:
            assert bool(got.at[uuid, "works_any"]) == any(answers)
            assert bool(got.at[uuid, "works_all"]) == all(answers)
        else:
            assert pd.isna(got.at[uuid, "works_any"])
            assert pd.isna(got.at[uuid, "works_all"])
