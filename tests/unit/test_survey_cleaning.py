"""Cleaning logs: every entry applied or reported, tolerant old-value comparison, log formats."""

from __future__ import annotations

import pandas as pd
import pytest
from openpyxl import Workbook

from cluster_analysis.errors import InputError
from cluster_analysis.survey.cleaning import (
    apply_cleaning_log,
    entries_for,
    read_cleaning_log,
    reported_as_rejects,
    values_match,
)
from cluster_analysis.validation import REJECT_COLUMNS


def raw_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "_uuid": ["u1", "u2", "u3"],
            "employees": [12.0, 40.0, 7.0],
            "city": ["Kutaisi ", "Tbilisi", None],
            "support": ["training", "training expert", None],
            "support/training": pd.array([1, 1, pd.NA], dtype="Int64"),
            "support/expert": pd.array([0, 1, pd.NA], dtype="Int64"),
        }
    )


def log_frame(rows: list[tuple]) -> pd.DataFrame:
    columns = ["uuid", "question", "old_value", "new_value", "change_type", "reason"]
    frame = pd.DataFrame(rows, columns=columns).astype(object)
    frame = frame.where(frame.notna(), None)
    frame.insert(0, "log_row", range(2, 2 + len(frame)))
    return frame


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("3", 3.0, True),
        ("3.0", 3, True),
        (" 3 ", 3, True),
        ("TRUE", 1, True),
        (False, "0", True),
        ("", None, True),
        (float("nan"), None, True),
        ("Kutaisi", "Kutaisi ", True),
        (pd.Timestamp("2021-07-08"), "2021-07-08", True),
        ("3", 4, False),
        ("kutaisi", "Kutaisi", False),  # text is compared case-sensitively
        ("0", None, False),
    ],
)
def test_values_match_is_tolerant_but_not_loose(a, b, same):
    assert values_match(a, b) is same


def test_every_entry_is_applied_or_reported_with_its_reason():
    log = log_frame(
        [
            ("u1", "employees", "12", "15", "change_response", "typo"),  # applied
            ("u2", "employees", "41", "14", "change_response", "wrong"),  # old value mismatch
            ("u9", "employees", "1", "2", "change_response", None),  # unknown uuid
            ("u1", "turnover", "1", "2", "change_response", None),  # unknown question
            ("u1", "city", "Kutaisi", None, "blank_response", None),  # applied (spaces ignored)
            ("u3", None, None, None, "remove_survey", "pilot"),  # applied: survey removed
            ("u3", None, None, None, "remove_survey", "pilot"),  # duplicate removal
            ("u2", "city", "Tbilisi", None, "no_action", "checked"),  # applied, nothing changes
            ("u2", "city", "Tbilisi", "Batumi", "rename", None),  # unknown change type
            ("u2", "city", "Tbilisi", "Batumi", None, None),  # change type not filled in
            ("u2", "city", "Tbilisi", None, "change_response", None),  # no new value
            ("u1", "employees", "12", "15", "change_response", "again"),  # duplicate entry
        ]
    )
    result = apply_cleaning_log(raw_frame(), log)
    assert len(result.applied) + len(result.reported) == len(log) == 12
    assert result.reported["problem"].tolist() == [
        "old_value_mismatch",
        "unknown_uuid",
        "unknown_question",
        "duplicate_entry",
        "unknown_change_type",
        "missing_change_type",
        "missing_new_value",
        "duplicate_entry",
    ]
    assert result.reported["value_found"].tolist()[0] == "40"  # what the data held, as typed
    summary = result.summary()
    assert summary["applied_by_change_type"] == {
        "blank_response": 1,
        "change_response": 1,
        "no_action": 1,
        "remove_survey": 1,
    }
    assert summary["submissions_in"] == 3 and summary["submissions_out"] == 2
    clean = result.clean.set_index("_uuid")
    assert clean.at["u1", "employees"] == 15
    assert pd.isna(clean.at["u1", "city"])
    assert clean.at["u2", "employees"] == 40  # mismatching entry left the value alone
    assert "u3" not in clean.index


def test_input_frame_is_not_changed():
    raw = raw_frame()
    before = raw.copy()
    apply_cleaning_log(raw, log_frame([("u1", "employees", "12", "15", "change_response", None)]))
    pd.testing.assert_frame_equal(raw, before)


def test_blank_old_value_applies_unchecked_or_is_reported_on_request():
    log = log_frame([("u1", "employees", None, "13", "change_response", None)])
    applied = apply_cleaning_log(raw_frame(), log)
    assert applied.applied["old_value_checked"].tolist() == [False]
    assert applied.clean.at[0, "employees"] == 13
    strict = apply_cleaning_log(raw_frame(), log, blank_old_value="report")
    assert strict.reported["problem"].tolist() == ["old_value_mismatch"]


def test_child_column_change_updates_the_parent_and_back():
    log = log_frame(
        [
            # R-style dotted child name, resolved by the caller's resolver
            ("u1", "support.expert", "FALSE", "TRUE", "change_response", None),
            ("u2", "support", "training expert", "training", "change_response", None),
        ]
    )
    result = apply_cleaning_log(raw_frame(), log, resolve_question=lambda q: q.replace(".", "/"))
    clean = result.clean.set_index("_uuid")
    assert clean.at["u1", "support"] == "training expert"
    assert clean.at["u1", "support/expert"] == 1
    assert clean.at["u2", "support/expert"] == 0
    assert clean.at["u2", "support/training"] == 1


def test_data_with_a_repeated_uuid_is_refused():
    raw = raw_frame()
    raw.loc[2, "_uuid"] = "u1"
    with pytest.raises(InputError, match="more than once"):
        apply_cleaning_log(raw, log_frame([]))


def test_read_cleaningtools_log_with_r_headers(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text(
        "X.U.FEFF.reported_date,X_uuid,questions,issue,old_value,change_type,new_value\n"
        "06/07/2021,u1,employees,outlier,12,change_response,15\n"
        ",,,,,,\n",
        encoding="utf-8",
    )
    log = read_cleaning_log(path)
    assert log.entries.to_dict("records") == [
        {
            "log_row": 2,
            "uuid": "u1",
            "question": "employees",
            "old_value": "12",
            "new_value": "15",
            "change_type": "change_response",
            "reason": "outlier",
            "log_file": "log.csv",
        }
    ]


def test_read_rejects_workbook_filled_in_as_a_log(tmp_path):
    workbook = Workbook()
    workbook.active.title = "Summary"
    sheet = workbook.create_sheet("Rejects")
    sheet.append([*REJECT_COLUMNS[:7], "reason_en", "reason_ka", "new_value", "change_type"])
    sheet.append(
        [
            "survey_responses",
            "w.csv",
            9,
            "u1",
            "employees",
            "answer_out_of_range",
            "12",
            "12 is outside",
            "12 სცდება",
            "15",
            "change_response",
        ]
    )
    sheet.append(
        [
            "survey_responses",
            "w.csv",
            10,
            "u2",
            "city",
            "unknown_choice",
            "Tbilisi",
            "x",
            "x",
            None,
            None,
        ]
    )  # not filled in: reported, not skipped
    path = tmp_path / "rejects.xlsx"
    workbook.save(path)
    log = read_cleaning_log(path)
    assert log.entries[
        ["uuid", "question", "old_value", "new_value", "change_type"]
    ].values.tolist() == [
        ["u1", "employees", "12", "15", "change_response"],
        ["u2", "city", "Tbilisi", None, None],
    ]
    result = apply_cleaning_log(raw_frame(), log)
    assert result.summary()["applied"] == 1
    assert result.reported["problem"].tolist() == ["missing_change_type"]
    rejects = reported_as_rejects(result, source=str(path))
    # In the pipeline only the decided rows for this table and file are applied.
    decided = entries_for(log, table="survey_responses", source="exports/w.csv")
    assert decided.entries["uuid"].tolist() == ["u1"] and decided.set_aside == 1
    assert entries_for(log, table="survey_register", source="w.csv").entries.empty
    assert rejects.columns.tolist() == REJECT_COLUMNS
    assert rejects["check"].tolist() == ["cleaning_log_missing_change_type"]


def test_log_without_uuid_column_is_refused(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("question,change_type\nq,no_action\n", encoding="utf-8")
    with pytest.raises(InputError, match="'uuid'"):
        read_cleaning_log(path)


def test_log_rows_are_the_csv_lines_staff_see(tmp_path):
    text = "uuid,question,old_value,new_value,change_type\n\nu1,q,1,2,change_response\n\nu2,q,3,4,change_response\n"
    path = tmp_path / "log.csv"
    path.write_text(text, encoding="utf-8")
    lines = [n for n, line in enumerate(text.splitlines(), 1) if line[:3] in {"u1,", "u2,"}]
    assert read_cleaning_log(path).entries["log_row"].tolist() == lines == [3, 5]
