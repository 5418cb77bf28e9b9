"""Real public XLSForms and KoboToolbox exports from other organisations (tests/data/real/SOURCES.md).

Every expectation is read from the file itself by an independent reader: pyxform's parsed survey
JSON for forms (the converter KoboToolbox and ODK use), openpyxl or xlrd for the sheets.
"""

from __future__ import annotations

import functools
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import xlrd
from pyxform.xls2json import parse_file_to_json

from cluster_analysis.errors import InputError
from cluster_analysis.survey.cleaning import read_cleaning_log
from cluster_analysis.survey.forms import read_xlsform
from cluster_analysis.survey.repeats import (
    ORPHAN_CHECK,
    read_kobo_tables,
    repeat_long,
    summarise_repeat,
    validate_repeat,
)

REAL = Path(__file__).resolve().parents[1] / "data" / "real"
KOBO_TRANSFER = REAL / "kobo-transfer"

FORMS = [
    "kobo-reach-talafar-2021/form.xlsx",
    "pyxform/UCL_Biomass_Plot_Form.xlsx",
    "pyxform/xlsform_spec_test.xlsx",
    "pyxform/cascading_select_test_equivalent.xls",
    "pyxform/choice_filter_test.xlsx",
    "pyxform/group.xls",
    "pyxform/ict_survey_fails.xls",
    "pyxform/loop.xls",
    "pyxform/or_other.xlsx",
    "pyxform/repeat_date_test.xls",
    "pyxform/specify_other.xls",
    "pyxform/tutorial.xls",
    "pyxform/widgets.xls",
    "pyxform/yes_or_no_question.xls",
    "kobo-transfer/aAwrrTRtfhqDVU9GDSHRMq/aAwrrTRtfhqDVU9GDSHRMq.xlsx",
    "kobo-transfer/aF63GwUngXUuysbHQ2oaKy/aF63GwUngXUuysbHQ2oaKy.xlsx",
    "kobo-transfer/aFj8thaf9GEtNBeAaVhRKt/aFj8thaf9GEtNBeAaVhRKt.xlsx",
    "kobo-transfer/aLcg7HtfpBHyCsyNmRvqme/aLcg7HtfpBHyCsyNmRvqme.xlsx",
    "kobo-transfer/aRxMkyoPa6dj5wqMnT4vnz/aRxMkyoPa6dj5wqMnT4vnz (1).xlsx",
]
#: (form, export, {repeat: rows}) as the export's sheets hold them (counted with openpyxl below).
EXPORTS = [
    (
        "aAwrrTRtfhqDVU9GDSHRMq/aAwrrTRtfhqDVU9GDSHRMq.xlsx",
        "aAwrrTRtfhqDVU9GDSHRMq/nestedrepeat.xlsx",
    ),
    (
        "aFj8thaf9GEtNBeAaVhRKt/aFj8thaf9GEtNBeAaVhRKt.xlsx",
        "aFj8thaf9GEtNBeAaVhRKt/Inventory_Form_-_latest_version_-_False_-_2024-03-14-13-55-08.xlsx",
    ),
    (
        "aLcg7HtfpBHyCsyNmRvqme/aLcg7HtfpBHyCsyNmRvqme.xlsx",
        "aLcg7HtfpBHyCsyNmRvqme/Meeting_Form_-_latest_version_-_False_-_2024-03-14-09-51-14.xlsx",
    ),
    (
        "aRxMkyoPa6dj5wqMnT4vnz/aRxMkyoPa6dj5wqMnT4vnz (1).xlsx",
        "aRxMkyoPa6dj5wqMnT4vnz/Project_Overview_-_latest_version_-_False_-_2024-03-14-14-17-01.xlsx",
    ),
    (
        "aF63GwUngXUuysbHQ2oaKy/aF63GwUngXUuysbHQ2oaKy.xlsx",
        "aF63GwUngXUuysbHQ2oaKy/Geolocation_Test_-_latest_version_-_False_-_2024-03-14-14-02-55.xlsx",
    ),
]

# pyxform's JSON spells types its own way; the library names them as XLSForm authors write them.
_PYXFORM_TYPE = {
    "select one": "select_one",
    "select all that apply": "select_multiple",
    "int": "integer",
}


def _sheet_rows(path: Path, sheet: str) -> list[list[object]]:
    """A sheet's rows as written, by openpyxl (.xlsx) or xlrd (.xls)."""
    if path.suffix == ".xls":
        book = xlrd.open_workbook(str(path))
        found = next(s for s in book.sheets() if s.name.strip().lower() == sheet)
        return [found.row_values(r) for r in range(found.nrows)]
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    found = next(ws for ws in book.worksheets if ws.title.strip().lower() == sheet)
    return [list(r) for r in found.iter_rows(values_only=True)]


def _cell_text(value: object) -> str:
    # Excel shows a boolean cell as TRUE / FALSE, and so does pyxform.
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return str(value).strip()


def _written_names(path: Path) -> set[str]:
    """Every name on the survey sheet (pyxform adds names of its own, e.g. for table-lists)."""
    rows = _sheet_rows(path, "survey")
    header = [str(h).strip().lower() if h is not None else "" for h in rows[0]]
    column = header.index("name")
    return {
        _cell_text(r[column]) for r in rows[1:] if column < len(r) and r[column] not in (None, "")
    }


@functools.cache
def _read_form(path: Path):
    return read_xlsform(path)


@functools.cache
def _pyxform_questions(path: Path) -> tuple[list[tuple], dict]:
    """(name, type, group path, innermost repeat, list) for every answer-bearing question of
    pyxform's JSON, plus the JSON. The meta group pyxform adds keeps the questions the form wrote
    (audit) and loses those pyxform writes itself (instanceID)."""
    survey = parse_file_to_json(str(path))
    written = _written_names(path)
    out: list[tuple] = []

    def walk(children: list[dict], groups: tuple[str, ...], repeat: str | None) -> None:
        for child in children:
            kind = child["type"]
            if kind in {"group", "repeat", "loop"}:
                auto_meta = child["name"] == "meta" and not groups
                walk(
                    child.get("children", []),
                    groups if auto_meta else (*groups, child["name"]),
                    child["name"] if kind == "repeat" else repeat,
                )
                continue
            if kind == "note" or child["name"] not in written | {f"{n}_other" for n in written}:
                continue
            list_name = child.get("list_name") or child.get("itemset")
            name = _PYXFORM_TYPE.get(kind, kind.replace(" ", "_"))
            if list_name and "." in list_name:
                name += "_from_file"  # a list in a csv/xml file beside the form
            out.append((child["name"], name, "/".join(groups) or None, repeat, list_name))

    walk(survey["children"], (), None)
    return out, survey


def _ours(form) -> list[tuple]:
    def value(v: object) -> object:
        return v if isinstance(v, str) else None

    return [
        (r.name, r.type, value(r.group), value(r.repeat), value(r.list_name))
        for r in form.questions.itertuples()
    ]


@pytest.mark.parametrize("relative", FORMS)
def test_form_questions_equal_pyxform(relative):
    path = REAL / relative
    expected, _ = _pyxform_questions(path)
    form = _read_form(path)
    # pyxform moves a table-list's questions and the audit into its own order: compare as sets,
    # then the order of everything else.
    assert sorted(_ours(form), key=str) == sorted(expected, key=str)
    assert len(form.questions) == len(expected)


@pytest.mark.parametrize("relative", FORMS)
def test_form_repeats_choices_and_filters_equal_pyxform(relative):
    path = REAL / relative
    _, survey = _pyxform_questions(path)
    form = _read_form(path)
    repeats: list[str] = []
    filters: dict[str, str] = {}
    choices: dict[str, list[str]] = {}

    def walk(children: list[dict]) -> None:
        for child in children:
            if child["type"] == "repeat":
                repeats.append(child["name"])
            if child.get("choice_filter"):
                filters[child["name"]] = child["choice_filter"]
            if child.get("choices") and child.get("list_name"):
                choices[child["list_name"]] = [c["name"] for c in child["choices"]]
            walk(child.get("children", []))

    walk(survey["children"])
    assert form.repeats == repeats
    ours_filters = form.questions.dropna(subset=["choice_filter"]).set_index("name")
    assert ours_filters["choice_filter"].to_dict() == filters
    for list_name, names in choices.items():
        assert form.choice_names(list_name) == names, list_name


@pytest.mark.parametrize(
    ("relative", "languages"),
    [
        ("pyxform/UCL_Biomass_Plot_Form.xlsx", 2),
        ("pyxform/xlsform_spec_test.xlsx", 3),
        ("kobo-reach-talafar-2021/form.xlsx", 2),
    ],
)
def test_languages_and_labels_equal_pyxform(relative, languages):
    path = REAL / relative
    _, survey = _pyxform_questions(path)
    form = _read_form(path)
    seen: set[str] = set()
    labels: dict[str, set[str]] = {}

    def walk(children: list[dict]) -> None:
        for child in children:
            label = child.get("label")
            if isinstance(label, dict):
                seen.update(label)
                # openpyxl (inside pyxform) leaves Excel's escaped carriage return as the text
                # "_x000D_"; it is a line end, which the library strips like other spaces.
                labels[child["name"]] = {v.replace("_x000D_", "").strip() for v in label.values()}
            for choice in child.get("choices", []) or []:
                if isinstance(choice.get("label"), dict):
                    seen.update(choice["label"])
            walk(child.get("children", []))

    walk(survey["children"])
    assert len(seen) == languages
    assert len(form.languages) == languages
    for row in form.questions.itertuples():
        if row.name in labels:
            ours = {
                getattr(row, f"label_{code}")
                for code in form.languages
                if isinstance(getattr(row, f"label_{code}", None), str)
            }
            assert ours == labels[row.name], row.name


def test_or_other_adds_pyxform_choice_and_text_question():
    path = REAL / "pyxform/specify_other.xls"
    expected, _survey = _pyxform_questions(path)
    form = read_xlsform(path)
    others = form.questions[form.questions["or_other"]]
    assert len(others) >= 1
    for name in others["name"]:
        assert f"{name}_other" in form.names
        assert (f"{name}_other", "text") in {(q[0], q[1]) for q in expected}


def test_end_metadata_inside_a_group_is_not_end_group(tmp_path):
    """`end` (end time) is metadata; inside a group it must not close the group."""
    from openpyxl import Workbook

    workbook = Workbook()
    survey = workbook.active
    survey.title = "survey"
    for row in [
        ["type", "name", "label", "required"],
        ["begin_group", "g", "G", None],
        ["end", "end", None, None],
        ["int", "n", "N", "yes"],
        ["select one yn", "q", "Q", None],
        ["select all that apply yn", "m", "M", None],
        ["end_group", None, None, None],
    ]:
        survey.append(row)
    choices = workbook.create_sheet("choices")
    for row in [["list_name", "name", "label"], ["yn", "yes", "Yes"], ["yn", "no", "No"]]:
        choices.append(row)
    path = tmp_path / "end.xlsx"
    workbook.save(path)
    expected, _ = _pyxform_questions(path)
    assert _ours(read_xlsform(path)) == expected
    assert [q[2] for q in expected] == ["g"] * 4


@pytest.fixture(scope="module", params=EXPORTS, ids=lambda p: p[0].split("/")[0])
def export(request):
    form_path, export_path = (KOBO_TRANSFER / p for p in request.param)
    form = read_xlsform(form_path)
    return form, export_path, read_kobo_tables(export_path, form)


def test_every_sheet_becomes_a_table_with_its_rows(export):
    form, path, tables = export
    book = openpyxl.load_workbook(path, read_only=True)
    sheets = {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in book.worksheets}
    main_rows = sheets[book.worksheets[0].title]
    assert len(tables.main) == len(main_rows) - 1
    assert set(tables.sheets.values()) == set(list(sheets)[1:])
    assert list(tables.repeats) == [r for r in form.repeats if r in tables.repeats]
    for repeat, sheet in tables.sheets.items():
        rows = sheets[sheet]
        header = [str(h) for h in rows[0]]
        table = tables.repeats[repeat]
        assert len(table) == len(rows) - 1
        for link in ("_index", "_parent_index", "_submission__uuid", "_parent_table_name"):
            written = [r[header.index(link)] for r in rows[1:]]
            got = table[link].tolist()
            assert [str(v) for v in got] == [str(v) for v in written], (repeat, link)
        assert tables.repeat_info[repeat].unmatched_columns == []
        # Every answer cell equals the sheet's cell under its '/'-joined group path.
        for position, column in enumerate(header):
            name = column.split("/")[-1]
            if name in form.repeat_questions(repeat):
                written = [r[position] for r in rows[1:]]
                assert [_text(v) for v in table[name]] == [_text(v) for v in written], column


def _text(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def test_main_table_recognises_every_header_but_the_tools_own_flag(export):
    _, _, tables = export
    # `$edited` is added by the kobo-transfer tool to re-uploaded rows, not by KoboToolbox.
    assert tables.info is not None
    assert set(tables.info.unmatched_columns) <= {"$edited"}


def test_repeat_rows_are_conserved_and_linked(export):
    form, _, tables = export
    for repeat in tables.repeats:
        result = validate_repeat(tables, form, repeat)
        assert (
            result.rows_in
            == result.rows_valid + result.rows_rejected
            == len(tables.repeats[repeat])
        )
        assert ORPHAN_CHECK not in set(result.rejects["check"])


def test_repeat_long_holds_every_answer(export):
    form, _, tables = export
    long = repeat_long(tables.repeats, form)
    expected = sum(
        int(t[[q for q in form.repeat_questions(r) if q in t.columns]].notna().sum().sum())
        for r, t in tables.repeats.items()
    )
    assert len(long) == expected
    assert long["submission_uuid"].notna().all()


def test_meeting_form_summaries_per_submission():
    """Meeting form: participants per meeting, counted from the sheet with openpyxl."""
    form = read_xlsform(KOBO_TRANSFER / EXPORTS[2][0])
    path = KOBO_TRANSFER / EXPORTS[2][1]
    tables = read_kobo_tables(path, form)
    rows = [
        list(r)
        for r in openpyxl.load_workbook(path, read_only=True)["participants"].iter_rows(
            values_only=True
        )
    ]
    uuid_at = rows[0].index("_submission__uuid")
    counts = pd.Series([r[uuid_at] for r in rows[1:]]).value_counts().to_dict()
    summary = summarise_repeat(
        tables.repeats["participants"], submissions=tables.main["_uuid"]
    ).set_index("_submission__uuid")
    assert summary["count"].sum() == len(rows) - 1
    for uuid, count in counts.items():
        assert summary.at[uuid, "count"] == count
    assert (summary["count"] == 0).sum() == len(tables.main) - len(counts)


def test_orphan_repeat_row_is_rejected_with_its_submission_and_row(tmp_path):
    """Delete the main row of one submission: its repeat rows are quarantined, naming the
    submission and the sheet row, and no row is lost."""
    form = read_xlsform(KOBO_TRANSFER / EXPORTS[2][0])
    source = KOBO_TRANSFER / EXPORTS[2][1]
    book = openpyxl.load_workbook(source)
    main = book.worksheets[0]
    header = [c.value for c in main[1]]
    gone = main.cell(row=2, column=header.index("_uuid") + 1).value
    main.delete_rows(2)
    path = tmp_path / "export.xlsx"
    book.save(path)
    tables = read_kobo_tables(path, form)
    result = validate_repeat(tables, form, "participants")
    sheet = book["participants"]
    link = [c.value for c in sheet[1]].index("_submission__uuid")
    rows = [i for i, r in enumerate(sheet.iter_rows(values_only=True), 1) if r[link] == gone]
    orphans = result.rejects[result.rejects["check"] == ORPHAN_CHECK]
    assert sorted(orphans["row"]) == rows
    assert set(orphans["record_id"]) == {gone}
    assert orphans["reason_ka"].str.len().gt(0).all()
    assert result.rows_valid + result.rows_rejected == result.rows_in == sheet.max_row - 1


def test_cleaningtools_workbook_log_sheet_found_by_its_columns():
    path = REAL / "cleaningtools/write_cleaning_log.xlsx"
    book = openpyxl.load_workbook(path, read_only=True)
    rows = [r for r in book["cleaning_log"].iter_rows(values_only=True)][1:]
    log = read_cleaning_log(path)
    assert len(log) == sum(any(v not in (None, "") for v in r) for r in rows)
    assert log.entries["question"].tolist() == [r[1] for r in rows]


def test_cleaningtools_data_sheet_as_log_gives_a_short_message():
    path = REAL / "cleaningtools/write_cleaning_log.xlsx"
    with pytest.raises(InputError, match=r"and \d+ more\)") as caught:
        read_cleaning_log(path, sheet="checked_data")
    assert len(str(caught.value)) < 300


def test_bad_answer_in_a_repeat_names_its_submission_and_sheet_row(tmp_path):
    """Type a session that is not a choice into the real feedback sheet: that one repeat row is
    quarantined with its submission's uuid and its row in the sheet; the rest stay valid."""
    form = read_xlsform(KOBO_TRANSFER / EXPORTS[2][0])
    book = openpyxl.load_workbook(KOBO_TRANSFER / EXPORTS[2][1])
    sheet = book["feedback"]
    header = [c.value for c in sheet[1]]
    column = next(i for i, h in enumerate(header, 1) if str(h).endswith("/Session_number"))
    sheet.cell(row=4, column=column).value = "session_9"
    uuid = sheet.cell(row=4, column=header.index("_submission__uuid") + 1).value
    path = tmp_path / "export.xlsx"
    book.save(path)
    tables = read_kobo_tables(path, form)
    result = validate_repeat(tables, form, "feedback")
    assert result.rejects[["row", "record_id", "column", "check"]].values.tolist() == [
        [4, uuid, "Session_number", "unknown_choice"]
    ]
    assert result.rows_valid == sheet.max_row - 2
    assert result.rows_valid + result.rows_rejected == result.rows_in


def test_default_language_and_language_spellings_agree_with_pyxform(tmp_path):
    """Plain `label` is the settings' default_language; `label::Georgian (ka)` and `label::ru`
    are two more: pyxform's labels and the form's agree, language by language."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheets = {
        "survey": [
            ["type", "name", "label", "label::Georgian (ka)", "label::ru"],
            ["text", "firm", "Firm", "ფირმა", "Фирма"],
        ],
        "settings": [["default_language"], ["English (en)"]],
    }
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    path = tmp_path / "three.xlsx"
    workbook.save(path)
    survey = parse_file_to_json(str(path))
    labels = survey["children"][0]["label"]
    form = read_xlsform(path)
    assert survey["default_language"] == "English (en)"
    assert form.default_language == "en"
    assert form.languages == ["en", "ka", "ru"]
    assert [form.label("firm", code) for code in form.languages] == [
        labels["English (en)"],
        labels["Georgian (ka)"],
        labels["ru"],
    ]
