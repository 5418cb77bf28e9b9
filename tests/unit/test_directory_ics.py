"""The calendar .ics file, parsed back with an independent reader (RFC 5545 line unfolding by hand)."""

from __future__ import annotations

from datetime import date

import pandas as pd

from cluster_analysis.directory.ics import calendar_ics

REF = date(2026, 11, 20)


def _calendar() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "date": pd.to_datetime(["2026-12-03", "2026-12-05"]),
            "end_date": pd.to_datetime(["2026-12-04", "2026-12-05"]),
            "kind": ["event", "deadline"],
            "record_id": ["EV-001", "FP-004"],
            "title_en": ["Round table, packaging; law", "Deadline: Grants (FAO)"],
            "title_ka": ["მრგვალი მაგიდა შეფუთვის რეგულირებაზე", "ბოლო ვადა: გრანტები (FAO)"],
            "place": ["Tbilisi, GE", pd.NA],
            "priority": pd.array([True, pd.NA], dtype="boolean"),
            "cluster_role": ["speak", pd.NA],
            "link": ["https://example.org/ev001", "https://example.org/fp004"],
        }
    )


def _unfold(raw: bytes) -> list[str]:
    """Unfold content lines (RFC 5545 section 3.1: CRLF followed by one space or tab)."""
    text = raw.decode("utf-8")
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    return text.replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")


def _unescape(value: str) -> str:
    return value.replace("\\,", ",").replace("\\;", ";").replace("\\n", "\n").replace("\\\\", "\\")


def test_ics_parses_back_with_all_day_dates_and_georgian_text() -> None:
    raw = calendar_ics(_calendar(), lang="ka", reference_date=REF)
    lines = _unfold(raw)
    assert lines[0] == "BEGIN:VCALENDAR" and "END:VCALENDAR" in lines
    assert "VERSION:2.0" in lines
    # RFC 5545: octet lines of at most 75 bytes before unfolding
    assert all(len(line.encode()) <= 75 for line in raw.decode().split("\r\n"))
    events: list[dict[str, str]] = []
    for line in lines:
        if line == "BEGIN:VEVENT":
            events.append({})
        elif events and ":" in line and line != "END:VEVENT":
            name, _, value = line.partition(":")
            events[-1][name] = value
    assert len(events) == 2
    first, second = events
    assert first["UID"] == "EV-001-event@cluster-analysis"
    assert first["DTSTART;VALUE=DATE"] == "20261203"
    assert first["DTEND;VALUE=DATE"] == "20261205"  # exclusive: the day after the last day
    assert _unescape(first["SUMMARY"]) == "მრგვალი მაგიდა შეფუთვის რეგულირებაზე"
    assert _unescape(first["LOCATION"]) == "Tbilisi, GE"
    assert "პრიორიტეტული" in _unescape(first["DESCRIPTION"])
    assert first["DTSTAMP"] == "20261120T000000Z"  # from the reference date, not the clock
    assert second["DTEND;VALUE=DATE"] == "20261206"
    assert "LOCATION" not in second


def test_ics_is_reproducible_and_english_escapes_commas() -> None:
    one = calendar_ics(_calendar(), lang="en", reference_date=REF)
    assert one == calendar_ics(_calendar(), lang="en", reference_date=REF)
    summary = next(line for line in _unfold(one) if line.startswith("SUMMARY:"))
    assert summary == "SUMMARY:Round table\\, packaging\\; law"
