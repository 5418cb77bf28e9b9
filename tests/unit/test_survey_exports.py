"""Kobo / ODK Central exports -> XML-name wide frame; question bank; long capacity layer; and the
example data through the whole survey pipeline."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import Workbook

from cluster_analysis.errors import InputError
from cluster_analysis.survey.exports import (
    QuestionBank,
    header_resolver,
    read_kobo_export,
    to_long_capacity,
)
from cluster_analysis.survey.forms import read_xlsform

ROOT = Path(__file__).resolve().parents[2]


def write_sheet(path: Path, sheets: dict[str, list[list]]) -> Path:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


@pytest.fixture
def form(tmp_path):
    header = [
        "type",
        "name",
        "label::English (en)",
        "label::Georgian (ka)",
        "required",
        "constraint",
        "capacity_item",
        "capacity_dimension",
        "capacity_role",
        "scale_max",
        "dont_know",
    ]
    survey = [
        header,
        ["begin_group", "firm", "Firm", "ფირმა"],
        ["text", "member_id", "Member", "წევრი", "true"],
        ["select_one size", "size", "Size", "ზომა", "true"],
        ["end_group", "firm"],
        ["begin_group", "cap", "Capacity", "შესაძლებლობები"],
        [
            "integer",
            "imp_fin",
            "Importance of finance",
            "ფინანსების მნიშვნელობა",
            "true",
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
            "(. >= 1 and . <= 5) or . = 9",
            "finance",
            "resources",
            "capability",
            5,
            9,
        ],
        ["end_group", "cap"],
        ["select_multiple support", "support", "Support wanted", "სასურველი მხარდაჭერა"],
    ]
    choices = [
        ["list_name", "name", "label::English (en)", "label::Georgian (ka)"],
        ["size", "small", "Small", "მცირე"],
        ["size", "large", "Large", "მსხვილი"],
        ["support", "training", "Trainings", "ტრენინგები"],
        ["support", "study_tour", "Study tours", "სასწავლო ვიზიტები"],
        ["support", "expert", "Expert consultancy", "ექსპერტული კონსულტაცია"],
    ]
    return read_xlsform(write_sheet(tmp_path / "form.xlsx", {"survey": survey, "choices": choices}))


def test_xml_headers_with_group_paths_and_both_select_multiple_forms(tmp_path, form):
    csv = tmp_path / "wave.csv"
    csv.write_text(
        "start,firm/member_id,firm/size,cap/imp_fin,cap/cap_fin,support,support/training,"
        "support/study_tour,support/expert,_uuid,_index\n"
        "2026-01-01,GPC-001,small,4,2,training expert,1,0,1,u1,1\n"
        # parent blank, children given: the parent is rebuilt from the children
        "2026-01-01,GPC-002,large,5,9,,0,1,0,u2,2\n"
        # parent and a child disagree: the parent wins, the conflict is listed
        "2026-01-01,GPC-003,small,3,3,study_tour,1,1,0,u3,3\n",
        encoding="utf-8",
    )
    wide = read_kobo_export(csv, form, wave="w1")
    assert wide.attrs["header_mode"] == "xml"
    assert wide.attrs["unmatched_columns"] == []
    assert wide["member_id"].tolist() == ["GPC-001", "GPC-002", "GPC-003"]
    assert wide["support"].tolist() == ["training expert", "study_tour", "study_tour"]
    assert wide["support/training"].tolist() == [1, 0, 0]
    assert wide.attrs["select_multiple_conflicts"] == [
        {"row": 4, "question": "support", "choice": "training", "parent": "study_tour", "child": 1}
    ]
    assert wide["_row"].tolist() == [2, 3, 4]
    assert (wide["wave"] == "w1").all()


def test_georgian_label_headers_and_label_values(tmp_path, form):
    path = write_sheet(
        tmp_path / "labels.xlsx",
        {
            "data": [
                [
                    "start",
                    "ფირმა/წევრი",
                    "ფირმა/ზომა",
                    "შესაძლებლობები/ფინანსების მნიშვნელობა",
                    "შესაძლებლობები/შესაძლებლობა ფინანსებში",
                    "სასურველი მხარდაჭერა",
                    "_uuid",
                ],
                ["2025-11-01", "GPC-001", "მცირე", 4, 2, "სასწავლო ვიზიტები ტრენინგები", "u1"],
                ["2025-11-01", "GPC-002", "Large", 5, 5, "ექსპერტული კონსულტაცია", "u2"],
            ]
        },
    )
    wide = read_kobo_export(path, form)
    assert wide.attrs["header_mode"] == "label"
    assert wide["size"].tolist() == ["small", "large"]  # labels in either language -> names
    # Multi-word Georgian labels separated by spaces are matched greedily, longest first.
    assert wide["support"].tolist() == ["study_tour training", "expert"]
    assert wide["support/expert"].tolist() == [0, 1]
    assert wide["imp_fin"].tolist() == [4, 5]


def test_r_mangled_headers_and_dotted_true_false_children(tmp_path, form):
    path = write_sheet(
        tmp_path / "r.xlsx",
        {
            "Sheet1": [
                [
                    "X.U.FEFF.start",
                    "member_id",
                    "support.training",
                    "support.study_tour",
                    "X_uuid",
                    "X_index",
                    "X__version__",
                    "mystery",
                ],
                ["2021-07-05", "GPC-001", True, False, "u1", 1, "v1", "x"],
                ["2021-07-05", "GPC-002", False, False, "u2", 2, "v1", "y"],
                ["2021-07-05", "GPC-003", None, None, "u3", 3, "v1", "z"],
            ]
        },
    )
    wide = read_kobo_export(path, form)
    for name in ("start", "_uuid", "_index", "__version__"):
        assert name in wide.columns
    assert wide.attrs["unmatched_columns"] == ["mystery"]
    # All FALSE = answered with nothing chosen? Kobo leaves a blank parent: not answered.
    assert wide["support"].isna().tolist() == [False, True, True]
    assert wide["support"].iloc[0] == "training"
    # The choice missing from the export (added later) still gets its 0/1 column.
    assert wide["support/expert"].tolist()[0] == 0


def test_odk_central_csv(tmp_path, form):
    csv = tmp_path / "central.csv"
    csv.write_text(
        "SubmissionDate,firm-member_id,firm-size,cap-imp_fin,cap-cap_fin,meta-instanceID,KEY,Status\n"
        "2026-02-01T10:00:00Z,GPC-001,small,4,3,uuid:abc,uuid:abc,\n",
        encoding="utf-8",
    )
    wide = read_kobo_export(csv, form)
    assert wide.attrs["odk_central"]
    assert wide["_submission_time"].tolist() == ["2026-02-01T10:00:00Z"]
    assert wide["_uuid"].tolist() == ["abc"]  # from meta/instanceID without "uuid:"
    assert wide["imp_fin"].tolist() == [4]


def test_export_matching_nothing_is_refused(tmp_path, form):
    csv = tmp_path / "other.csv"
    csv.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="no column of this export matches"):
        read_kobo_export(csv, form)


def test_question_bank_renames_a_question_across_waves(tmp_path, form):
    bank_path = tmp_path / "bank.csv"
    bank_path.write_text(
        "wave,question,stable_name\nw2,importance_finance,imp_fin\n", encoding="utf-8"
    )
    bank = QuestionBank.read(bank_path)
    assert bank.mapping("w2") == {"importance_finance": "imp_fin"}
    assert bank.mapping("w1") == {}
    csv = tmp_path / "w2.csv"
    csv.write_text("member_id,cap/importance_finance,cap_fin\nGPC-001,5,2\n", encoding="utf-8")
    wide = read_kobo_export(csv, form, renames=bank.mapping("w2"))
    assert wide["imp_fin"].tolist() == [5]


def test_header_resolver_for_cleaning_log_questions(form):
    resolve = header_resolver(form)
    assert resolve("support.training") == "support/training"
    assert resolve("cap/imp_fin") == "imp_fin"
    assert resolve("X_uuid") == "_uuid"


def test_long_capacity_layer_keeps_dont_know_apart(form):
    wide = pd.DataFrame(
        {
            "member_id": ["GPC-001", "GPC-002"],
            "wave": ["w1", "w1"],
            "imp_fin": [4.0, 5.0],
            "cap_fin": [2.0, 9.0],
            "_uuid": ["u1", "u2"],
        }
    )
    long = to_long_capacity(wide, form)
    assert long[["respondent_id", "item", "dimension"]].values.tolist() == [
        ["GPC-001", "finance", "resources"],
        ["GPC-002", "finance", "resources"],
    ]
    assert long["importance"].tolist() == [4, 5]
    # 9 = don't know: missing, flagged.
    assert long["capability"].isna().tolist() == [False, True]
    assert long["capability_dont_know"].tolist() == [False, True]
    assert long["submission_uuid"].tolist() == ["u1", "u2"]


def _three_item_form(tmp_path: Path):
    """Items listed zeta, alpha, mid (not alphabetical); zeta has the "don't know" code 9."""
    header = ["type", "name", "label::English (en)", "label::Georgian (ka)", "capacity_item"]
    header += ["capacity_dimension", "capacity_role", "scale_max", "dont_know"]
    survey = [header, ["text", "member_id", "Member", "წევრი", "", "", "", "", ""]]
    for item, dimension, dont_know in [("zeta", "markets", 9), ("alpha", "skills", None)]:
        for role in ("importance", "capability"):
            survey.append(
                [
                    "integer",
                    f"{role[:3]}_{item}",
                    f"{role} of {item}",
                    f"{item}: {'მნიშვნელობა' if role == 'importance' else 'შესაძლებლობა'}",
                    item,
                    dimension,
                    role,
                    5,
                    dont_know,
                ]
            )
    survey.append(["integer", "imp_mid", "importance of mid", "mid: მნიშვნელობა"])
    survey[-1] += ["mid", "skills", "importance", 5, None]
    survey.append(["integer", "cap_mid", "capability of mid", "mid: შესაძლებლობა"])
    survey[-1] += ["mid", "skills", "capability", 5, None]
    return read_xlsform(write_sheet(tmp_path / "form3.xlsx", {"survey": survey}))


def _reference_long(wide: pd.DataFrame, items: pd.DataFrame) -> pd.DataFrame:
    """The long layer built cell by cell: every row of `wide` x every item with a question in
    `wide`, sorted by wave, member id (missing last), item; ties keep form then row order."""
    rows = []
    for _, item in items.iterrows():
        questions = (item["importance_question"], item["capability_question"])
        if not any(q in wide.columns for q in questions):
            continue
        for position, (_, answer) in enumerate(wide.iterrows()):
            row = {
                "respondent_id": None if pd.isna(answer["member_id"]) else str(answer["member_id"]),
                "wave": None if pd.isna(answer.get("wave")) else str(answer["wave"]),
                "item": item["item"],
                "dimension": item["dimension"],
            }
            for role, question in zip(("importance", "capability"), questions, strict=True):
                value = pd.to_numeric(answer.get(question), errors="coerce")
                dont_know = item["dont_know"] is not None and value == float(item["dont_know"])
                row[role] = None if pd.isna(value) or dont_know else round(float(value))
                row[f"{role}_dont_know"] = bool(dont_know)
            row["scale_max"] = int(item["scale_max"])
            row["submission_uuid"] = answer["_uuid"]
            rows.append((position, row))

    def key(entry: tuple[int, dict]) -> tuple:
        row = entry[1]
        wave, member = row["wave"], row["respondent_id"]
        return (wave is None, wave or "", member is None, member or "", row["item"])

    ordered = [row for _, row in sorted(rows, key=key)]  # sorted() is stable
    columns = ["respondent_id", "wave", "item", "dimension", "importance", "capability"]
    columns += ["importance_dont_know", "capability_dont_know", "scale_max", "submission_uuid"]
    return pd.DataFrame(ordered, columns=columns).astype(
        {
            "respondent_id": "string",
            "wave": "string",
            "importance": "Int64",
            "capability": "Int64",
            "scale_max": "int64",
            "submission_uuid": "string",
        }
    )


def test_long_capacity_matches_cell_by_cell_reference(tmp_path):
    form = _three_item_form(tmp_path)
    rng = np.random.default_rng(5)
    n = 30
    wide = pd.DataFrame(
        {
            "member_id": [f"GPC-{i:03d}" for i in rng.integers(0, 20, n)],  # some ids twice
            "wave": rng.choice(np.array(["2026-2", "2025-2", None], dtype=object), n),
            "imp_zeta": rng.choice(np.array([1, 2, 3, 4, 5, 9, None], dtype=object), n),
            "cap_zeta": rng.choice([1.0, 2.0, 4.6, 9.0, np.nan], n),  # 4.6 rounds to 5
            "imp_alpha": rng.choice(np.array([1, 3, 5, "x", None], dtype=object), n),
            "cap_alpha": rng.integers(1, 6, n),
            "imp_mid": rng.integers(1, 6, n),  # cap_mid is not in the export
            "_uuid": [f"u{i}" for i in range(n)],
        },
        index=rng.permutation(n) + 7,
    )
    wide.loc[wide.index[[3, 4]], "member_id"] = None
    wide.loc[wide.index[[5, 6]], ["member_id", "wave"]] = ["GPC-100", "2025-2"]  # same id & wave
    before = wide.copy()
    long = to_long_capacity(wide, form)
    expected = _reference_long(wide, form.capacity_items())
    assert len(long) == 3 * n
    # GPC-100 answered twice in 2025-2: its two rows per item stay together, in row order
    twice = long[long["respondent_id"] == "GPC-100"]
    assert twice["item"].tolist() == ["alpha", "alpha", "mid", "mid", "zeta", "zeta"]
    assert twice["submission_uuid"].tolist()[:2] == wide.loc[wide.index[[5, 6]], "_uuid"].tolist()
    pd.testing.assert_frame_equal(long, expected, check_exact=True)
    pd.testing.assert_frame_equal(wide, before)
    # the mid item has no capability question in the export: all missing, none "don't know"
    mid = long[long["item"] == "mid"]
    assert mid["capability"].isna().all() and not mid["capability_dont_know"].any()
    # without a wave column every wave is missing and the order is by member id
    no_wave = to_long_capacity(wide.drop(columns="wave"), form)
    expected = _reference_long(wide.drop(columns="wave"), form.capacity_items())
    pd.testing.assert_frame_equal(no_wave.astype({"wave": "string"}), expected, check_exact=True)
    assert no_wave["wave"].isna().all()


# ------------------------------------------------------------------------------------------------
# Example data through the pipeline (about 2 s)
# ------------------------------------------------------------------------------------------------


def _example_module():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from example_data import survey
    finally:
        sys.path.pop(0)
    return survey


def test_example_data_is_deterministic(tmp_path):
    survey = _example_module()
    first = survey.write(tmp_path / "a")
    second = survey.write(tmp_path / "b")
    digest = [hashlib.sha256(p.read_bytes()).hexdigest() for p in first]
    assert digest == [hashlib.sha256(p.read_bytes()).hexdigest() for p in second]


def test_example_data_through_the_pipeline(tmp_path):
    from cluster_analysis.pipeline import make_context
    from cluster_analysis.survey import inputs, pipeline

    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "cluster-analysis"\n', encoding="utf-8"
    )
    _example_module().write(tmp_path / "data" / "raw")
    ctx = make_context(tmp_path, domain="survey")
    result = pipeline.run(ctx)
    rejects = ctx.all_rejects()
    checks = set(rejects["check"])
    assert {
        "duplicate_submission",
        "answer_out_of_range",
        "unknown_choice",
        "member_not_in_register",
        "cleaning_log_old_value_mismatch",
    } <= checks
    register = pd.read_parquet(tmp_path / "data/processed/survey/survey_register.parquet")
    assert register.columns.tolist() == ["member_id", "member_type", "size_class", "region"]
    long = pd.read_parquet(tmp_path / "data/processed/survey/survey_capacity_long.parquet")
    assert set(long["wave"]) == {"2025-2", "2026-2"}
    assert long["importance"].dropna().between(1, 5).all()
    responses = pd.read_parquet(tmp_path / "data/processed/survey/survey_responses.parquet")
    # The cleaning log's 55 -> 5 was applied; the renamed question came back as export_share.
    assert responses["cap_gs1"].dropna().isin([1, 2, 3, 4, 5, 9]).all()  # 9 = don't know
    assert responses.loc[responses["wave"] == "2026-2", "export_share"].notna().any()
    for summary in ctx.manifest.validation:
        if summary["table"] == "survey_responses":
            assert summary["rows_in"] == summary["rows_valid"] + summary["rows_rejected"]
    assert result.tables and result.domain == "survey"

    # Round trip: staff fill in the rejects workbook as a cleaning log (keep the later of the two
    # submissions of the duplicated member) and drop it beside the wave's log.
    duplicate = rejects[rejects["check"] == "duplicate_submission"].sort_values("row").iloc[[0]]
    filled = duplicate.assign(new_value=None, change_type="remove_survey")
    filled["source"] = "wave_2025-2.xlsx"
    log_path = tmp_path / "data/raw/survey/cleaning_logs/wave_2025-2_rejects.xlsx"
    with pd.ExcelWriter(log_path) as writer:
        filled.to_excel(writer, sheet_name="Rejects", index=False)
    ctx2 = make_context(tmp_path, domain="survey")
    wave = inputs.load_waves(ctx2)[0]
    outcome = inputs.load_wave(
        ctx2, wave, read_xlsform(ctx2.raw("form.xlsx")), register["member_id"].tolist()
    )
    assert "duplicate_submission" not in set(ctx2.all_rejects()["check"])
    before = next(s for s in ctx.manifest.validation if s["source"].endswith("wave_2025-2.xlsx"))
    # One submission removed by the log; the other copy is now valid; nothing lost.
    assert outcome.removed == 1
    assert len(outcome.valid) == before["rows_valid"] + 1
    assert outcome.rows_in == outcome.removed + len(outcome.valid) + outcome.rejected
