"""Directory validation: every row ends valid or quarantined with a bilingual reason."""

from __future__ import annotations

import pandas as pd

from cluster_analysis.directory import schemas as S
from cluster_analysis.validation import validate

TOPICS = {"ppwr": "compliance", "gs1": "compliance", "finance": "access_resources"}
REGIONS = ["Tbilisi", "Imereti", "Kakheti"]


def _programmes() -> pd.DataFrame:
    rows = [
        # good
        ["FP-001", "EU", "A", "ა", "all", "small|micro", "all", "compliance", "ppwr", "10", "20",
         "EUR", "2026-01-01", "2026-12-31", "https://example.org/a", "2026-11-01"],
        # deadline before opening, min > max
        ["FP-002", "EU", "B", "ბ", "all", "all", "all", "", "gs1", "30", "20", "EUR",
         "2026-06-01", "2026-01-01", "https://example.org/b", "2026-11-01"],
        # unknown item, unknown region, bad currency, bad link
        ["FP-003", "UNDP", "C", "ც", "packaging_maker", "all", "Atlantis", "", "cold_chain", "1",
         "2", "XYZ", "2026-01-01", "", "example.org", "2026-11-01"],
        # bad date, no topic, duplicate id (with the next row)
        ["FP-004", "GIZ", "D", "დ", "all", "giant", "all", "", "", "1", "2", "GEL",
         "01.02.2026", "", "https://example.org/d", "2026-11-01"],
        ["FP-004", "GIZ", "E", "ე", "all", "all", "all", "", "finance", "-5", "2", "GEL",
         "2026-02-01", "", "https://example.org/e", "2026-11-01"],
    ]  # fmt: skip
    columns = [
        "programme_id", "donor", "programme_en", "programme_ka", "eligible_member_types",
        "eligible_sizes", "eligible_regions", "dimensions", "items", "amount_min", "amount_max",
        "currency", "opening_date", "deadline", "link", "last_checked",
    ]  # fmt: skip
    frame = pd.DataFrame(rows, columns=columns).astype("string")
    return frame.replace("", pd.NA)


def test_programme_quarantine_conserves_rows_and_names_each_reason() -> None:
    frame = _programmes()
    result = validate(
        frame,
        S.funding_programmes_schema(TOPICS, REGIONS),
        table="funding_programmes",
        source="funding_programmes.csv",
        id_column="programme_id",
        dataframe_check_columns=S.dataframe_check_columns("funding_programmes"),
        messages=S.CHECK_MESSAGES,
    )
    assert result.rows_in == len(frame) == result.rows_valid + result.rows_rejected
    assert result.valid["programme_id"].tolist() == ["FP-001"]
    checks = result.rejects.groupby("record_id")["check"].apply(set).to_dict()
    assert {"directory_deadline_after_opening", "directory_amount_order"} <= checks["FP-002"]
    assert {
        "directory_items_known",
        "directory_regions_known",
        "directory_currency_known",
        "directory_link_format",
    } <= checks["FP-003"]
    assert {
        "directory_date_format",
        "directory_topic_given",
        "directory_sizes_known",
        "directory_duplicate_id",
        "directory_amount_not_negative",
    } <= checks["FP-004"]
    assert result.rejects["reason_en"].str.len().gt(0).all()
    # every Georgian reason is in Georgian script
    assert result.rejects["reason_ka"].str.contains("[\u10d0-\u10ff]", regex=True).all()


def test_talent_without_consent_and_event_roles_are_quarantined() -> None:
    talent = pd.DataFrame(
        {
            "candidate_id": ["TL-001", "TL-002"],
            "full_name": ["A", "B"],
            "skills": ["ppwr", "gs1"],
            "region": ["Tbilisi", "Imereti"],
            "available_from": [pd.NA, pd.NA],
            "consent_date": ["2026-10-01", pd.NA],
            "phone": [pd.NA, pd.NA],
            "email": [pd.NA, pd.NA],
            "last_checked": ["2026-11-01", "2026-11-01"],
        },
        dtype="string",
    )
    result = validate(
        talent,
        S.talent_pool_schema(TOPICS, REGIONS),
        table="talent_pool",
        id_column="candidate_id",
        dataframe_check_columns=S.dataframe_check_columns("talent_pool"),
        messages=S.CHECK_MESSAGES,
    )
    assert result.valid["candidate_id"].tolist() == ["TL-001"]
    (reject,) = result.rejects.itertuples()
    assert reject.check == "directory_consent_recorded" and reject.column == "consent_date"

    events = pd.DataFrame(
        {
            "event_id": ["EV-001", "EV-002"],
            "title_en": ["A", "B"],
            "title_ka": ["ა", "ბ"],
            "start_date": ["2026-12-01", "2026-12-05"],
            "end_date": [pd.NA, "2026-12-04"],
            "city": ["Tbilisi", "Baku"],
            "country": ["GE", "AZ"],
            "dimensions": [pd.NA, pd.NA],
            "items": [pd.NA, pd.NA],
            "priority": ["yes", "maybe"],
            "cluster_role": ["speak", "sponsor"],
            "link": [pd.NA, pd.NA],
            "last_checked": ["2026-11-01", "2026-11-01"],
        },
        dtype="string",
    )
    result = validate(
        events,
        S.events_schema(TOPICS),
        table="events",
        id_column="event_id",
        dataframe_check_columns=S.dataframe_check_columns("events"),
        messages=S.CHECK_MESSAGES,
    )
    assert result.valid["event_id"].tolist() == ["EV-001"]
    assert set(result.rejects["check"]) == {
        "directory_priority_yes_no",
        "directory_event_role_known",
        "directory_event_dates_order",
    }


def test_split_codes() -> None:
    assert S.split_codes(" a | b||c ") == ["a", "b", "c"]
    assert S.split_codes(pd.NA) == []
