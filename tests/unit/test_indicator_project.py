"""The project file: validated facts, the brief's project facts, the logframe's note."""

from __future__ import annotations

import pandas as pd
import pytest

from cluster_analysis.errors import InputError
from cluster_analysis.indicators import project as pr
from cluster_analysis.indicators.logframe import logframe_frame, logframe_table
from cluster_analysis.indicators.progress import progress
from cluster_analysis.indicators.publish import published
from cluster_analysis.outputs import DomainResult
from cluster_analysis.reports.brief import assemble_brief
from cluster_analysis.validation import validate

ROWS = [
    (
        "title",
        "Revitalisation of post-industrial towns",
        "პოსტ-ინდუსტრიული ქალაქების რევიტალიზაცია",
    ),
    ("donor", "European Union", "ევროკავშირი"),
    ("contribution", "315000", None),
    ("currency", "EUR", None),
    ("implementer", "Sustainable Development Organization", "Sustainable Development Organization"),
    ("start_date", "2019-01-01", None),
    ("end_date", "2021-03-31", None),
    ("place", "zestaponi_municipality", None),
    ("place", "tkibuli_municipality", None),
    ("outcome", "Partnerships work", "პარტნიორობები მუშაობს"),
    ("outcome", "Action plans", "სამოქმედო გეგმები"),
]


def _validated(rows: list[tuple]) -> pd.DataFrame:
    raw = pd.DataFrame(rows, columns=["field", "value", "value_ka"])
    result = validate(
        raw,
        pr.PROJECT_SCHEMA,
        table="project_facts",
        id_column="field",
        dataframe_check_columns=pr.PROJECT_CHECK_COLUMNS,
        messages=pr.PROJECT_MESSAGES,
    )
    return result


def test_the_facts_as_the_brief_shows_them() -> None:
    result = _validated(ROWS)
    assert result.rows_rejected == 0
    pr.check_project_fields(result.valid, "project.csv")
    facts = pr.project_facts(result.valid).set_index("field")
    assert facts.loc["period", "value_en"] == "01.01.2019–31.03.2021"
    assert facts.loc["contribution", "value_en"] == "EUR 315,000"
    assert facts.loc["contribution", "value_ka"] == "315 000 ევრო"
    assert facts.loc["implementer", "value_ka"] == "Sustainable Development Organization"
    assert facts.loc["place", "value_ka"] == "ზესტაფონის მუნიციპალიტეტი, ტყიბულის მუნიციპალიტეტი"
    assert len(facts.loc["outcome"]) == 2
    note = pr.project_note(pr.project_facts(result.valid))
    assert "01.01.2019–31.03.2021" in note["en"] and "EUR 315,000" in note["en"]
    assert "315 000 ევრო" in note["ka"] and "განმახორციელებელი" in note["ka"]


def test_bad_facts_are_quarantined_with_bilingual_reasons() -> None:
    rows = [
        *ROWS,
        ("budget", "1", None),  # not a project fact
        ("donor", "EU", "ევროკავშირი"),  # twice
        ("place", "Atlantis", None),  # not a place id
        ("outcome", "Skills", None),  # no Georgian
    ]
    rows[2] = ("contribution", "about 300k", None)
    result = _validated(rows)
    checks = set(result.rejects["check"])
    assert {
        "project_field_known",
        "project_field_once",
        "project_value_form",
        "project_text_needs_georgian",
    } <= checks
    assert result.rejects["reason_ka"].str.len().gt(0).all()
    with pytest.raises(InputError, match="lacks donor, contribution"):
        pr.check_project_fields(result.valid, "project.csv")


def test_an_end_before_the_start_is_one_clear_error() -> None:
    rows = [r if r[0] != "end_date" else ("end_date", "2018-12-31", None) for r in ROWS]
    with pytest.raises(InputError, match=r"ends \(2018-12-31\) before it starts"):
        pr.check_project_fields(_validated(rows).valid, "project.csv")


def test_both_briefs_state_period_contribution_and_implementer() -> None:
    facts = pr.project_facts(_validated(ROWS).valid)
    result = DomainResult(
        domain="indicators", tables=[published("project_facts", facts, synthetic=False)]
    )
    english = dict(assemble_brief([result], {}, "en").facts)
    georgian = dict(assemble_brief([result], {}, "ka").facts)
    assert english["Period"] == "01.01.2019–31.03.2021"
    assert english["EU contribution"] == "EUR 315,000"
    assert english["Implementing organisation"] == "Sustainable Development Organization"
    assert english["Outcomes supported"] == "Partnerships work; Action plans"
    assert georgian["განხორციელების ვადა"] == "01.01.2019–31.03.2021"
    assert georgian["ევროკავშირის წვლილი"] == "315 000 ევრო"
    assert georgian["განმახორციელებელი ორგანიზაცია"] == "Sustainable Development Organization"
    assert "cluster-analysis" not in " ".join(english.values())


CATALOGUE = pd.DataFrame(
    {
        "indicator": ["plan_goal", "members"],
        "place": ["zestaponi_municipality", "georgia"],
        "framework": ["zestaponi_led_plan", "packaging_cluster_strategy"],
        "framework_ref": ["Plan, section 8: main goal 1", "Cluster strategy: expected result 4"],
        "framework_ref_ka": ["გეგმა, თავი 8: მთავარი მიზანი 1", None],
        "level": ["outcome", "outcome"],
        "name_en": ["Wineries", "Members"],
        "name_ka": ["ღვინის საწარმოები", "წევრები"],
        "unit": ["count", "count"],
        "direction": ["increase", "increase"],
        "kind": ["quantitative", "quantitative"],
        "baseline_value": [None, 40.0],
        "baseline_year": [None, 2022],
        "target_value": [None, 100.0],
        "target_year": [None, 2027],
    }
)
OBSERVATIONS = pd.DataFrame(
    {
        "indicator": ["plan_goal", "plan_goal", "members"],
        "place": ["zestaponi_municipality", "zestaponi_municipality", "georgia"],
        "year": [2020, 2024, 2024],
        "value": [10.0, 14.0, 60.0],
    }
)


def test_the_logframe_shows_the_framework_and_target_not_set() -> None:
    frame = progress(CATALOGUE, OBSERVATIONS)
    english = logframe_frame(frame, CATALOGUE, "en")
    georgian = logframe_frame(frame, CATALOGUE, "ka")
    # the Zestaponi plan comes first (framework order), its target is not set, never a number
    assert english["framework"].tolist()[0] == "Zestaponi local economic development plan"
    assert english["target"].tolist() == ["target not set", "100 (2027)"]
    assert georgian["target"].tolist()[0] == "სამიზნე არ არის დადგენილი"
    assert georgian["status"].tolist()[0] == "სამიზნე არ არის დადგენილი"
    assert english["framework_ref"].tolist()[0] == "Plan, section 8: main goal 1"
    # the Georgian reference where the catalogue gives one, else the English one
    assert georgian["framework_ref"].tolist() == [
        "გეგმა, თავი 8: მთავარი მიზანი 1",
        "Cluster strategy: expected result 4",
    ]
    note = pr.project_note(pr.project_facts(_validated(ROWS).valid))
    table = logframe_table(frame, CATALOGUE, "ka", note=note)
    assert table.meta.note is not None and "315 000 ევრო" in table.meta.note["ka"]
    assert table.meta.note["en"] == table.meta.note["ka"]  # one language's logframe
