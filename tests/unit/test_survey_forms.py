"""XLSForm reading: language headers, constraints -> ranges, capacity items, schema, lint."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

from cluster_analysis.errors import InputError
from cluster_analysis.survey.forms import (
    NumericRange,
    language_code,
    lint_xlsform,
    parse_numeric_range,
    read_xlsform,
)
from cluster_analysis.validation import validate


def write_form(
    path: Path, survey: list[list], choices: list[list], settings: list[list] | None = None
) -> Path:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in (("survey", survey), ("choices", choices), ("settings", settings)):
        if rows is None:
            continue
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


SURVEY_HEADER = [
    "type",
    "name",
    "label::English (en)",
    "label::ka",
    "required",
    "relevant",
    "constraint",
    "capacity_item",
    "capacity_dimension",
    "capacity_role",
    "scale_max",
    "dont_know",
]


def small_form(tmp_path: Path) -> Path:
    survey = [
        SURVEY_HEADER,
        ["start", "start"],
        ["begin_group", "firm", "Firm", "ფირმა"],
        ["select_one members", "member_id", "Member", "წევრი", "true"],
        [
            "integer",
            "employees",
            "Employees",
            "დასაქმებულები",
            "true",
            None,
            ". >= 0 and . <= 5000",
        ],
        ["end_group", "firm"],
        ["begin_group", "cap", "Capacity", "შესაძლებლობები"],
        [
            "integer",
            "imp_fin",
            "Importance of finance",
            "ფინანსების მნიშვნელობა",
            "true",
            None,
            "(. >= 1 and . <= 5) or . = 9",
            "finance",
            "resources",
            "importance",
            5,
            9,
        ],
        [
            "integer",
            "cap_fin",
            "Capability in finance",
            "შესაძლებლობა ფინანსებში",
            "true",
            None,
            "(. >= 1 and . <= 5) or . = 9",
            "finance",
            "resources",
            "capability",
            5,
            9,
        ],
        ["end_group", "cap"],
        ["select_multiple support", "support", "Support wanted", "სასურველი მხარდაჭერა", "false"],
        ["text", "why", "Why?", "რატომ?", "true", "${employees} > 10"],
    ]
    choices = [
        ["list_name", "name", "label::English (en)", "label::ka"],
        ["members", "GPC-001", "GPC-001", "GPC-001"],
        ["members", "GPC-002", "GPC-002", "GPC-002"],
        [None, None, None, None],  # blank separator row, as in real forms
        ["support", "training", "Trainings", "ტრენინგები"],
        ["support", "study_tour", "Study tours", "სასწავლო ვიზიტები"],
        ["capacity_items", "finance", "Access to finance", "ფინანსებზე ხელმისაწვდომობა"],
    ]
    settings = [["form_title", "form_id", "default_language"], ["Test", "test", "English (en)"]]
    return write_form(tmp_path / "form.xlsx", survey, choices, settings)


@pytest.mark.parametrize(
    ("spelling", "code"),
    [
        ("English (en)", "en"),
        ("Georgian (ka)", "ka"),
        ("ka", "ka"),
        ("Georgian", "ka"),
        ("Arabic (ar)", "ar"),
    ],
)
def test_language_spellings(spelling, code):
    assert language_code(spelling) == code


def test_read_form_questions_groups_and_languages(tmp_path):
    form = read_xlsform(small_form(tmp_path))
    assert form.languages == ["en", "ka"]
    assert form.settings["form_id"] == "test"
    # Groups and meta: begin/end rows are not questions; start is a meta question.
    assert form.names == ["start", "member_id", "employees", "imp_fin", "cap_fin", "support", "why"]
    employees = form.question("employees")
    assert employees["group"] == "firm"
    assert employees["range"] == NumericRange(0, 5000)
    assert form.question("why")["conditional"]  # relevant: may be blank although required
    assert form.choice_names("support") == ["training", "study_tour"]
    assert form.label("support", "ka") == "სასურველი მხარდაჭერა"


def test_plain_label_column_takes_the_default_language(tmp_path):
    path = write_form(
        tmp_path / "plain.xlsx",
        [["type", "name", "label", "label::Georgian"], ["integer", "n", "Number", "რიცხვი"]],
        [["list_name", "name", "label"]],
        [["default_language"], ["English (en)"]],
    )
    assert read_xlsform(path).languages == ["en", "ka"]


@pytest.mark.parametrize(
    ("constraint", "expected"),
    [
        (". >= 1 and . <= 5", NumericRange(1, 5)),
        (".> 17 and .< 120", NumericRange(17, 120, False, False)),
        ("(. >= 1 and . <= 5) or . = 9", NumericRange(1, 5, also_allowed=(9.0,))),
        (".=0 or .>=9999  and .<= 10000000", NumericRange(9999, 10_000_000, also_allowed=(0.0,))),
        (". <= 100", NumericRange(maximum=100)),
        (".<= ${tot_expenses}", None),
        ("regex(., '^[0-9]{9}$')", None),
        ("count-selected(.) <= 3", None),
        (". = 1 or . = 2", None),
    ],
)
def test_parse_numeric_range(constraint, expected):
    assert parse_numeric_range(constraint) == expected


def test_range_contains_keeps_dont_know_code():
    numeric_range = NumericRange(1, 5, also_allowed=(9.0,))
    values = pd.Series([1, 5, 9, 7, 0, None])
    # 1, 5 inside; 9 is the "don't know" code; 7 and 0 outside; blank is not judged here.
    assert numeric_range.contains(values).tolist() == [True, True, True, False, False, True]


def test_capacity_items_pair_importance_and_capability(tmp_path):
    items = read_xlsform(small_form(tmp_path)).capacity_items()
    assert items.to_dict("records")[0] | {} == {
        "item": "finance",
        "dimension": "resources",
        "importance_question": "imp_fin",
        "capability_question": "cap_fin",
        "scale_max": 5,
        "dont_know": "9",
        "label_en": "Access to finance",  # from the capacity_items choice list
        "label_ka": "ფინანსებზე ხელმისაწვდომობა",
        "dimension_en": "resources",  # no capacity_dimensions list: the code
        "dimension_ka": "resources",
    }


def test_capacity_item_without_capability_is_refused(tmp_path):
    path = write_form(
        tmp_path / "half.xlsx",
        [SURVEY_HEADER, ["integer", "imp_x", "X", "X", None, None, None, "x", "d", "importance"]],
        [["list_name", "name"]],
    )
    with pytest.raises(InputError, match="exactly one importance and one capability"):
        read_xlsform(path).capacity_items()


def test_select_with_unknown_list_is_refused(tmp_path):
    path = write_form(
        tmp_path / "bad.xlsx",
        [["type", "name", "label"], ["select_one nowhere", "q", "Q"]],
        [["list_name", "name", "label"], ["yes_no", "yes", "Yes"]],
    )
    with pytest.raises(InputError, match="'nowhere'"):
        read_xlsform(path)


def test_schema_reports_range_choice_and_required(tmp_path):
    form = read_xlsform(small_form(tmp_path))
    frame = pd.DataFrame(
        {
            "member_id": ["GPC-001", "GPC-002", "GPC-777", "GPC-001"],
            "employees": [10, None, 3, 4],  # row 2: required answer missing
            "imp_fin": [4, 9, 7, 2],  # 9 = don't know is allowed; 7 is out of range
            "cap_fin": [3, 2, 1, 1],
            "support": ["training", "training study_tour", None, "webinar"],
            "why": [None, None, None, None],  # relevant: blank allowed
        }
    )
    result = validate(frame, form.schema(columns=list(frame.columns)), table="t", source="s")
    reasons = {(r["row"], r["column"], r["check"]) for r in result.rejects.to_dict("records")}
    # Spreadsheet rows = index + 2.
    assert (3, "employees", "not_nullable") in reasons
    assert (4, "imp_fin", "answer_out_of_range") in reasons
    assert (4, "member_id", "unknown_choice") in reasons
    assert (5, "support", "unknown_choice") in reasons
    assert result.rows_valid == 1 and result.rows_rejected == 3
    assert result.valid["employees"].dtype == "Int64"


def test_lint_accepts_a_good_form_and_reports_a_broken_one(tmp_path):
    assert not [m for m in lint_xlsform(small_form(tmp_path)) if m.startswith("error")]
    broken = write_form(
        tmp_path / "broken.xlsx",
        [["type", "name", "label"], ["begin_group", "g", "G"], ["integer", "n", "N"]],
        [["list_name", "name", "label"]],
    )
    messages = lint_xlsform(broken)
    assert any(m.startswith("error") for m in messages)
