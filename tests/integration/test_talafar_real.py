"""The real REACH Tal Afar 2021 survey (cleaningtools data-raw): raw export + cleaning log -> clean.

Data nobody on this project wrote (SOURCES.md, kobo-reach-talafar-2021): 632 raw submissions,
726 log entries, and the 578 submissions of the published clean_data.xlsx.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from cluster_analysis.survey.cleaning import apply_cleaning_log, read_cleaning_log, values_match
from cluster_analysis.survey.exports import header_resolver, read_kobo_export
from cluster_analysis.survey.forms import lint_xlsform, read_xlsform
from cluster_analysis.validation import validate

REAL = Path(__file__).resolve().parents[1] / "data" / "real" / "kobo-reach-talafar-2021"


@pytest.fixture(scope="module")
def talafar():
    form = read_xlsform(REAL / "form.xlsx")
    raw = read_kobo_export(REAL / "raw_data.xlsx", form)
    log = read_cleaning_log(REAL / "cleaning_log.xlsx")
    result = apply_cleaning_log(raw, log, resolve_question=header_resolver(form))
    clean_ref = pd.read_excel(REAL / "clean_data.xlsx", engine="calamine")
    return form, raw, log, result, clean_ref


def test_form_reads_with_english_and_arabic(talafar):
    form = talafar[0]
    assert form.languages == ["en", "ar"]
    assert len(form.select_multiple()) == 24
    assert lint_xlsform(REAL / "form.xlsx") == [] or all(
        not m.startswith("error") for m in lint_xlsform(REAL / "form.xlsx")
    )


def test_every_raw_header_is_recognised(talafar):
    raw = talafar[1]
    assert len(raw) == 632
    assert raw.attrs["unmatched_columns"] == []
    # R-mangled meta headers come back under Kobo's names.
    for name in ("start", "_uuid", "_id", "_submission_time", "_index"):
        assert name in raw.columns
    # Dotted TRUE/FALSE children become q/choice 0/1 columns.
    assert raw["water_sources/borehole"].dropna().isin([0, 1]).all()


def test_all_submissions_accounted_for_and_uuids_equal_clean_data(talafar):
    _, _, log, result, clean_ref = talafar
    summary = result.summary()
    message = f"Talafar cleaning summary: {summary}"
    assert len(result.applied) + len(result.reported) == len(log) == 726, message
    assert summary["submissions_in"] == 632, message
    assert summary["submissions_removed"] + summary["submissions_out"] == 632, message
    assert summary["submissions_removed"] == 54, message
    assert len(result.clean) == 578, message
    assert set(result.clean["_uuid"]) == set(clean_ref["X_uuid"]), message
    # What could not be applied is reported with a reason; here: three repeated entries.
    assert summary["reported_by_reason"] == {"duplicate_entry": 3}, message


def test_changed_values_equal_clean_data(talafar):
    _, _, _, result, clean_ref = talafar
    changes = result.applied[
        result.applied["effect"].isin(["changed", "blanked"]) & ~result.applied["survey_removed"]
    ]
    assert len(changes) >= 40
    ours = result.clean.set_index("_uuid")
    reference = clean_ref.set_index("X_uuid")
    mismatches = []
    for entry in changes.to_dict("records"):
        ref_column = entry["question"]  # the log's own spelling, as in clean_data.xlsx
        got = ours.at[entry["uuid"], entry["column"]]
        want = reference.at[entry["uuid"], ref_column]
        if not values_match(got, want):
            mismatches.append((entry["log_row"], entry["question"], got, want))
    assert not mismatches, mismatches


def test_untouched_values_stay_as_raw(talafar):
    _, raw, _, result, _ = talafar
    kept = raw.set_index("_uuid").loc[result.clean["_uuid"]]
    clean = result.clean.set_index("_uuid")
    # num_hh_member was never changed by the log: identical after cleaning.
    assert kept["num_hh_member"].equals(clean["num_hh_member"])


def test_form_driven_validation_finds_the_documented_oddities(talafar):
    """SOURCES.md: some codes (neighbourhood) are not in the choice list. The form-driven schema
    finds exactly those, plus a choice renamed in the form after collection (about_half ->
    about_half_pay), and nothing else: types, ranges and required answers all hold."""
    form, _, _, result, _ = talafar
    clean = result.clean
    checked = validate(
        clean, form.schema(columns=list(clean.columns)), table="talafar", id_column="_uuid"
    )
    by_column = checked.rejects.groupby(["column", "check"]).size().to_dict()
    assert by_column == {
        ("neighbourhood", "unknown_choice"): 578,
        ("pay_water_charges_when", "unknown_choice"): 35,
    }, by_column
    assert set(
        checked.rejects.loc[checked.rejects["column"] == "pay_water_charges_when", "value"]
    ) == {"about_half"}


def test_arabic_label_export_of_the_real_form_reads_back_to_the_same_data(talafar, tmp_path):
    """Re-export the real data as Kobo's "labels" export in Arabic (group labels in the header
    paths, choice labels as values, select_multiple as one column) and read it back: every
    column equals the XML-header read, although many labels repeat ("If other, please specify")."""
    form, raw, _, _, _ = talafar
    questions = form.questions.set_index("name")
    group_labels = form.groups.set_index("name")["label_ar"].to_dict()
    out = []  # (header, values): labels repeat, so headers may too
    for column in raw.columns:
        if column not in questions.index:
            if "/" not in column or column.split("/")[0] not in questions.index:
                out.append((column, raw[column]))  # meta; select_multiple children left out
            continue
        question = questions.loc[column]
        group = question["group"] if isinstance(question["group"], str) else ""
        label = question["label_ar"] if isinstance(question["label_ar"], str) else column
        path = [group_labels.get(g) or g for g in group.split("/") if g]
        header = "/".join([*path, label])
        labels = form.choices[form.choices["list_name"] == question["list_name"]]
        to_label = dict(zip(labels["name"], labels["label_ar"], strict=True))
        if question["type"] in {"select_one", "select_multiple"}:
            values = raw[column].map(
                lambda v, m=to_label: (
                    " ".join(m.get(t, t) for t in v.split()) if isinstance(v, str) else v
                )
            )
        else:
            values = raw[column]
        out.append((header, values))
    path = tmp_path / "talafar_labels_ar.csv"
    export = pd.concat([values.rename(header) for header, values in out], axis=1)
    assert export.columns.duplicated().sum() > 0  # the real form has repeated labels
    export.drop(columns="_row").to_csv(path, index=False)
    back = read_kobo_export(path, form)
    assert back.attrs["header_mode"] == "label"
    assert back.attrs["unmatched_columns"] == []
    differing = []
    for column in raw.columns.drop("_row"):
        left = raw[column].map(values_key)
        right = back[column].map(values_key)
        if not left.equals(right):
            differing.append(column)
    assert differing == []


def values_key(value: object) -> str:
    """Cells compared as text: 3.0 and "3" alike, blanks alike."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    text = str(value)
    return text[:-2] if text.endswith(".0") else text
