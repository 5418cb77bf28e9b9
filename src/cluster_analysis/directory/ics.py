"""The directory calendar as an iCalendar file (RFC 5545), built with the ``icalendar`` package.

Every entry is an all-day event (``DTSTART;VALUE=DATE``; ``DTEND`` is the day after the last day,
as RFC 5545 section 3.6.1 asks). Identifiers and the ``DTSTAMP`` are derived from the data and the
run's reference date, never from the wall clock, so the same data gives the same file.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pandas as pd
from icalendar import Calendar, Event

PRODID = "-//cluster-analysis//directory calendar//EN"
ROLE_WORDS: dict[str, dict[str, str]] = {
    "attend": {"en": "the cluster attends", "ka": "კლასტერი ესწრება"},
    "speak": {"en": "the cluster speaks", "ka": "კლასტერი გამოდის სიტყვით"},
    "organise": {"en": "the cluster organises it", "ka": "კლასტერი ორგანიზატორია"},
}
PRIORITY_WORDS = {"en": "priority event", "ka": "პრიორიტეტული ღონისძიება"}
CAL_NAME = {
    "en": "Cluster calendar: deadlines and events",
    "ka": "კლასტერის კალენდარი: ვადები და ღონისძიებები",
}


def _day(value: object) -> date:
    return pd.Timestamp(value).date()


def calendar_ics(calendar: pd.DataFrame, *, lang: str, reference_date: date) -> bytes:
    """Return the calendar table (:func:`cluster_analysis.directory.tables.calendar`) as an .ics
    file in ``lang``; one VEVENT per row."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", CAL_NAME.get(lang, CAL_NAME["en"]))
    stamp = datetime.combine(reference_date, datetime.min.time(), tzinfo=UTC)
    for row in calendar.to_dict("records"):
        event = Event()
        event.add("uid", f"{row['record_id']}-{row['kind']}@cluster-analysis")
        event.add("dtstamp", stamp)
        event.add("dtstart", _day(row["date"]))
        event.add("dtend", _day(row["end_date"]) + timedelta(days=1))
        event.add(
            "summary", str(row[f"title_{lang}"] if f"title_{lang}" in row else row["title_en"])
        )
        notes = []
        if pd.notna(row.get("cluster_role")):
            notes.append(ROLE_WORDS[str(row["cluster_role"])][lang])
        if row.get("priority") is True:
            notes.append(PRIORITY_WORDS[lang])
        if notes:
            event.add("description", "; ".join(notes))
        if pd.notna(row.get("place")):
            event.add("location", str(row["place"]))
        if pd.notna(row.get("link")):
            event.add("url", str(row["link"]))
        event.add("categories", [str(row["kind"])])
        cal.add_component(event)
    return cal.to_ical()
