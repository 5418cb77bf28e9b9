"""Directory pipeline: the cluster strategy's databases, gap matching, calendar, members' workbook.

``run(ctx)`` validates the six databases in ``data/raw/directory/`` with quarantine, reads the
survey's processed tables of this run, pairs each critical gap with the open programmes, providers
and experts that address it (``docs/directory.md#match-score``), and hands over the calendar of the
next days (Excel sheet and .ics), the members' workbook without personal contacts, a donor table
and figure of gap coverage, and one finding per critical gap.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path

import pandas as pd

from cluster_analysis import metadata
from cluster_analysis.context import RunContext
from cluster_analysis.directory import inputs, tables
from cluster_analysis.directory.figures import figure_outputs
from cluster_analysis.directory.findings import format_date, gap_findings, method_note
from cluster_analysis.directory.ics import calendar_ics
from cluster_analysis.directory.settings import load_settings
from cluster_analysis.directory.workbook import workbook_bytes
from cluster_analysis.errors import InputError
from cluster_analysis.outputs import DomainResult, FileOutput, text
from cluster_analysis.validation import ValidationResult

DOMAIN = "directory"
PROCESSED = ("funding_programmes", "service_providers", "experts", "technology_providers",
             "events", "talent_pool", "gap_matches", "gap_coverage", "directory_calendar")  # fmt: skip


def run(ctx: RunContext) -> DomainResult:
    """Validate, match, write the processed tables and return the directory's outputs."""
    settings = load_settings()
    survey = inputs.load_survey(ctx)
    ctx.progress("directory: validating the databases")
    valid = inputs.load_directory(ctx, survey.topics, settings.regions)
    typed = {name: getattr(tables, name)(frame) for name, frame in valid.items()}
    reference = settings.reference_date or _reference_date(ctx, typed)
    wave = survey.latest_wave
    member_gaps = tables.member_gaps(survey.survey_capacity_long, wave=wave)
    critical = tables.critical_gaps(
        survey.needs_assessment,
        survey.survey_capacity_items,
        member_gaps,
        wave=wave,
        threshold=settings.critical_gap_threshold,
        min_cell=ctx.settings.min_cell,
    )
    matches = tables.gap_matches(
        critical,
        member_gaps,
        typed["funding_programmes"],
        typed["service_providers"],
        typed["experts"],
        typed["technology_providers"],
        reference_date=reference,
        weights=settings.match,
    )
    coverage = tables.gap_coverage(critical, matches, member_gaps)
    calendar = tables.calendar(
        typed["funding_programmes"],
        typed["events"],
        reference_date=reference,
        horizon_days=settings.calendar_days,
    )
    produced = {**typed, "gap_matches": matches, "gap_coverage": coverage,
                "directory_calendar": calendar}  # fmt: skip
    for name in PROCESSED:
        ctx.write_table(name, produced[name])

    period = text(
        f"wave {wave}; reference date {format_date(reference, 'en')}",
        f"ტალღა {wave}; საანგარიშო თარიღი {format_date(reference, 'ka')}",
    )
    respondents = int(member_gaps["respondent_id"].nunique())
    publish = partial(metadata.table_output, DOMAIN, period=period, synthetic=ctx.synthetic)
    rule = text(
        f"Counts under {ctx.settings.min_cell} members are suppressed (shown as –).",
        f"{ctx.settings.min_cell}-ზე ნაკლები წევრის რაოდენობა დაფარულია (ნაჩვენებია როგორც –).",
    )
    suppressed = [(i, "members_with_gap") for i in range(len(coverage))
                  if bool(coverage.loc[i, "members_with_gap_suppressed"])]  # fmt: skip
    members_view = tables.gap_matches_members(matches, critical)
    members_tables = [
        publish("funding_programmes", typed["funding_programmes"], n=len(typed["funding_programmes"])),
        publish("events", typed["events"], n=len(typed["events"])),
        *(
            publish(f"members_{name}", tables.without_contacts(typed[name], settings.contacts),
                    n=len(typed[name]))
            for name in ("service_providers", "experts", "technology_providers")
        ),
        publish("gap_matches_members", members_view, n=respondents),
        publish("directory_calendar", calendar, n=len(calendar)),
    ]  # fmt: skip
    result = DomainResult(domain=DOMAIN)
    result.tables = [
        publish("gap_coverage", coverage, n=respondents, suppressed=suppressed,
                suppression_rule=rule),
        publish("gap_matches", matches, n=respondents),
        publish("gap_matches_members", members_view, n=respondents),
        publish("directory_calendar", calendar, n=len(calendar)),
    ]  # fmt: skip
    result.files = [
        FileOutput(
            name="directory_calendar",
            suffix="ics",
            audience="members",
            build=lambda lang: calendar_ics(calendar, lang=lang, reference_date=reference),
        ),
        FileOutput(
            name="directory",
            suffix="xlsx",
            audience="members",
            build=lambda lang: workbook_bytes(members_tables, lang),
        ),
    ]
    result.figures = figure_outputs(coverage, synthetic=ctx.synthetic)
    source = metadata.domain_source(DOMAIN)
    result.findings = gap_findings(
        coverage, min_cell=ctx.settings.min_cell, reference_date=reference, source=source
    )
    result.sources = [source] if source else []
    result.method_notes = [method_note(settings.match, settings.critical_gap_threshold)]
    return result


def _reference_date(ctx: RunContext, typed: dict[str, pd.DataFrame]) -> date:
    try:
        return tables.reference_date(*typed.values())
    except ValueError as exc:  # every row quarantined: nothing to count from
        raise InputError(
            "no valid directory record has a last_checked date; fix the rejected rows or declare "
            "settings.reference_date in the directory's metadata.yaml",
            path=ctx.raw_dir,
        ) from exc


def _validator(table: str) -> Callable[[RunContext, Path], list[ValidationResult]]:
    def check(ctx: RunContext, path: Path) -> list[ValidationResult]:
        topics = inputs.load_survey(ctx).topics
        return [inputs.validate_file(ctx, table, path, topics, load_settings().regions)]

    return check


#: ``cluster-analysis validate FILE --kind K`` for each directory database.
VALIDATORS: dict[str, Callable[[RunContext, Path], list[ValidationResult]]] = {
    name.replace("_", "-"): _validator(name) for name in inputs.INPUTS
}
