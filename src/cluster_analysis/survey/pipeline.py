"""Survey domain: form, member register, waves of Kobo exports -> processed tables, figures, findings.

The wiring only, and the only place that writes: :mod:`.inputs` reads (through the run context),
:mod:`.tables` computes one table per function, :mod:`.figures` draws the figures declared in
``metadata.yaml``, :mod:`.findings` writes the sentences. Tables, audiences and columns are declared
in ``metadata.yaml``; formulas in docs/methods.md#capacity-gap-scoring.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from cluster_analysis import metadata
from cluster_analysis.context import RunContext
from cluster_analysis.disclosure import combine_logs
from cluster_analysis.outputs import DomainResult, TableOutput, Text, text
from cluster_analysis.survey import figures, findings, inputs, notes, schemas, tables
from cluster_analysis.survey.forms import Form
from cluster_analysis.survey.validators import VALIDATORS
from cluster_analysis.validation import validate

DOMAIN = "survey"


def _write(ctx: RunContext, name: str, frame: pd.DataFrame) -> None:
    ctx.write_table(name, tables.parquet_ready(frame))


def _write_repeats(
    ctx: RunContext,
    outcomes: Sequence[inputs.WaveOutcome],
    survey_responses: pd.DataFrame,
    form: Form,
) -> None:
    """Write the repeat groups' answers (long) and their per-submission summary, when any wave
    has a repeat table (both office only)."""
    repeats = {o.spec.wave: o.repeats for o in outcomes if o.repeats}
    if not repeats:
        return
    _write(ctx, "survey_repeat_answers", tables.survey_repeat_answers(repeats, form))
    summary = tables.survey_repeat_summary(repeats, survey_responses, form)
    _write(ctx, "survey_repeat_summary", summary)


def run(ctx: RunContext) -> DomainResult:
    """Run the survey domain and return its :class:`DomainResult`."""
    ctx.progress("survey: form")
    form = inputs.load_form(ctx)
    ctx.progress("survey: register")
    register = tables.survey_register(inputs.load_register(ctx).valid)
    ctx.write_table("survey_register", register)
    ids = register["member_id"].astype(str).tolist()
    outcomes = [inputs.load_wave(ctx, spec, form, ids) for spec in inputs.load_waves(ctx)]
    waves = [tables.Wave(o.spec.wave, o.spec.period, o.spec.period_ka) for o in outcomes]
    responses = tables.survey_responses([o.valid for o in outcomes])
    _write(ctx, "survey_responses", responses)
    _write_repeats(ctx, outcomes, responses, form)
    cleaning = tables.survey_cleaning_log([o.cleaning for o in outcomes])
    if len(cleaning):
        _write(ctx, "survey_cleaning_log", cleaning)
    items = tables.survey_capacity_items(form)
    weights = tables.respondent_weights(register, responses, waves)
    long = tables.survey_capacity_long(responses, form, register, weights)
    # Safety net for the scorer's input: answers on the scale, one per member, wave and item.
    # A derived layer, so it is not counted as input rows; anything it refuses is still reported.
    checked = validate(
        long,
        schemas.capacity_long_schema(tables.scale_max(items)),
        table="survey_capacity_long",
        source="survey_responses",
        id_column="submission_uuid",
        dataframe_check_columns={"duplicate_capacity_answer": "respondent_id"},
        messages=schemas.MESSAGES,
    )
    ctx.add_rejects(checked.rejects)
    _write(ctx, "survey_capacity_long", checked.valid)
    _write(ctx, "survey_capacity_items", items)
    rates = tables.response_rates(register, responses, waves)
    if rates is not None:
        _write(ctx, "response_rates", rates)
    targets = inputs.load_targets(ctx, form, [w.wave for w in waves])
    return publish(ctx, checked.valid, register, form, waves, responses, rates, targets)


def _table(
    ctx: RunContext,
    name: str,
    frame: pd.DataFrame,
    period: str | Text,
    n: int | Text,
    note: Text | None,
    checked: tables.Suppressed | None = None,
) -> TableOutput:
    """The published table ``name`` with its declared title, unit, audience and headers."""
    cells = list(checked.check.suppressed_cells) if checked and checked.check else []
    return metadata.table_output(
        DOMAIN,
        name,
        frame,
        period=period,
        n=n,
        synthetic=ctx.synthetic,
        note=note,
        suppressed=cells,
        suppression_rule=checked.check.rule_text if cells and checked and checked.check else None,
    )


def publish(
    ctx: RunContext,
    survey_capacity_long: pd.DataFrame,
    survey_register: pd.DataFrame,
    form: Form,
    waves: Sequence[tables.Wave],
    survey_responses: pd.DataFrame | None = None,
    response_rates: pd.DataFrame | None = None,
    targets: pd.DataFrame | None = None,
) -> DomainResult:
    """Score the waves, write the published tables and return them with figures and findings;
    every wave's N is the members of its frame (docs/methods.md#the-frame-of-a-wave)."""
    source = metadata.domain_source(DOMAIN) or {}
    result = DomainResult(domain=DOMAIN, sources=[source])
    items = tables.survey_capacity_items(form)
    params = tables.ScoringParams(tables.scale_max(items), ctx.settings.min_cell, ctx.settings.seed)
    result.method_notes.extend(notes.method_notes(params.min_cell, params.scale_max))
    responses = survey_responses if survey_responses is not None else pd.DataFrame()
    # N of every wave: the members on the register at the end of its year and its respondents
    wave_frames = tables.wave_frames(survey_register, responses, waves)
    if response_rates is not None:  # written by run with the other ingested tables
        present = [w for w in waves if w.wave in set(response_rates["wave"].astype(str))]
        period: str | Text = tables.periods_text(present)
        rates_frame = notes.frame_note([(w.label, wave_frames[w.wave]) for w in present])
        rates_n = notes.respondents_text(
            [
                (len(set(tables.wave_ids(responses, w.wave))), wave_frames[w.wave].size)
                for w in present
            ]
        )
        rates_note = notes.with_frame(notes.RESPONSE_RATES_NOTE, rates_frame)
        result.tables.append(
            _table(ctx, "response_rates", response_rates, period, rates_n, rates_note)
        )
    if survey_capacity_long.empty:
        return result
    scored = tables.scored_waves(
        survey_capacity_long, responses, survey_register, form, waves, params
    )
    by_type = tables.needs_by_member_type(scored, items, min_cell=params.min_cell)
    by_dimension = tables.gap_by_dimension_member_type(scored, items, min_cell=params.min_cell)
    result.suppression_log = combine_logs([c.check.log for c in (by_type, by_dimension) if c.check])
    change = tables.wave_change(survey_capacity_long, items, waves, params)
    status = tables.gap_status(targets, scored)
    frames = {  # in publication order
        "needs_assessment": tables.needs_assessment(scored, items),
        "needs_by_member_type": by_type.frame,
        "gap_by_dimension_member_type": by_dimension.frame,
        "mwds_bootstrap": tables.mwds_bootstrap(scored, items),
        "box_scores": tables.box_scores(scored, items),
        "multi_select_shares": tables.multi_select_shares(scored, form),
        "wave_change": change.table if change else pd.DataFrame(),
        "gap_status": status.table,
    }
    checks = {"needs_by_member_type": by_type, "gap_by_dimension_member_type": by_dimension}
    frame_note = notes.frame_note([(s.wave.label, s.frame) for s in scored if s.frame])
    result.method_notes.append(frame_note)
    table_notes = notes.table_notes(params.n_boot, params.seed) | {"gap_status": status.rules}
    for name in ("needs_assessment", "needs_by_member_type", "mwds_bootstrap"):
        table_notes[name] = notes.with_frame(table_notes.get(name), frame_note)
    n_text = notes.respondents_text([(s.n, s.n_members) for s in scored])
    # n says what it counts: "46 respondents", not a bare 46
    last_n = scored[-1].n
    bases: dict[str, tuple[str | Text, int | Text]] = {
        "gap_status": (
            scored[-1].wave.label,
            text(f"{last_n} respondents", f"{last_n} რესპონდენტი"),
        )
    }
    if change is not None:
        both = change.n_both
        bases["wave_change"] = (
            tables.periods_text((change.before, change.after), " – "),
            text(
                f"{both} members who answered both waves",
                f"{both} წევრი, რომელმაც ორივე ტალღაში უპასუხა",
            ),
        )
    published: dict[str, pd.DataFrame] = {}
    for name, frame in frames.items():
        if len(frame):
            period, n = bases.get(name, (tables.periods_text(s.wave for s in scored), n_text))
            _write(ctx, name, frame)
            note = table_notes.get(name)
            result.tables.append(_table(ctx, name, frame, period, n, note, checks.get(name)))
            published[name] = frame
    context = figures.figure_context(
        survey_capacity_long,
        items,
        published["needs_assessment"],
        min_cell=params.min_cell,
        synthetic=ctx.synthetic,
        period_ka={w.wave: w.period_ka for w in waves if w.period_ka},
    )
    result.figures = figures.survey_figures(published, context)
    result.findings = findings.survey_findings(
        scored,
        change,
        status.table,
        source=source,
        item_labels=tables.item_labels(items),
        n_boot=params.n_boot,
    )
    return result


__all__ = ["DOMAIN", "VALIDATORS", "publish", "run"]
