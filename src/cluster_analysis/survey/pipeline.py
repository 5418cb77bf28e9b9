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
from cluster_analysis.outputs import DomainResult, Text
from cluster_analysis.survey import figures, findings, inputs, notes, schemas, tables
from cluster_analysis.survey.forms import Form
from cluster_analysis.survey.validators import VALIDATORS
from cluster_analysis.validation import validate

DOMAIN = "survey"


def _write(ctx: RunContext, name: str, frame: pd.DataFrame) -> None:
    ctx.write_table(name, tables.parquet_ready(frame))


def run(ctx: RunContext) -> DomainResult:
    """Run the survey domain and return its :class:`DomainResult`."""
    ctx.progress("survey: form")
    form = inputs.load_form(ctx)
    ctx.progress("survey: register")
    register = tables.survey_register(inputs.load_register(ctx).valid)
    ctx.write_table("survey_register", register)
    ids = register["member_id"].astype(str).tolist()
    outcomes = [inputs.load_wave(ctx, spec, form, ids) for spec in inputs.load_waves(ctx)]
    waves = [tables.Wave(o.spec.wave, o.spec.period) for o in outcomes]
    responses = tables.survey_responses([o.valid for o in outcomes])
    _write(ctx, "survey_responses", responses)
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
    )
    ctx.add_rejects(checked.rejects)
    _write(ctx, "survey_capacity_long", checked.valid)
    _write(ctx, "survey_capacity_items", items)
    rates = tables.response_rates(register, responses, waves)
    if rates is not None:
        _write(ctx, "response_rates", rates)
    targets = inputs.load_targets(ctx, form, [w.wave for w in waves])
    return publish(ctx, checked.valid, register, form, waves, responses, rates, targets)


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
    """Score the waves, write the published tables and return them with figures and findings."""
    source = metadata.domain_source(DOMAIN) or {}
    result = DomainResult(domain=DOMAIN, sources=[source])
    items = tables.survey_capacity_items(form)
    params = tables.ScoringParams(tables.scale_max(items), ctx.settings.min_cell, ctx.settings.seed)
    result.method_notes.extend(notes.method_notes(params.min_cell, params.scale_max))
    n_members = len(survey_register)
    synthetic = ctx.synthetic

    def put(
        name: str, frame: pd.DataFrame, *, period: str, n: int | Text, **kwargs: object
    ) -> None:
        """Publish a table; every table but response_rates (written by run) is written here."""
        if name != "response_rates":
            _write(ctx, name, frame)
        result.tables.append(
            metadata.table_output(
                DOMAIN,
                name,
                frame,
                period=period,
                n=n,
                synthetic=synthetic,
                **kwargs,  # type: ignore[arg-type]
            )
        )

    if response_rates is not None:
        period = ", ".join(dict.fromkeys(response_rates["period"].astype(str)))
        put(
            "response_rates",
            response_rates,
            period=period,
            n=n_members,
            note=notes.RESPONSE_RATES_NOTE,
        )
    if survey_capacity_long.empty:
        return result
    responses = survey_responses if survey_responses is not None else pd.DataFrame()
    scored = tables.scored_waves(
        survey_capacity_long, responses, survey_register, form, waves, params
    )
    periods = ", ".join(s.wave.period for s in scored)
    n_text = notes.respondents_text([s.n for s in scored], n_members)
    published = {
        "needs_assessment": tables.needs_assessment(scored, items),
        "mwds_bootstrap": tables.mwds_bootstrap(scored, items),
        "box_scores": tables.box_scores(scored, items),
        "multi_select_shares": tables.multi_select_shares(scored, form),
    }
    by_type = tables.needs_by_member_type(scored, items, min_cell=params.min_cell)
    by_dimension = tables.gap_by_dimension_member_type(scored, items, min_cell=params.min_cell)
    result.suppression_log = combine_logs(
        [c.check.log for c in (by_type, by_dimension) if c.check is not None]
    )
    put(
        "needs_assessment",
        published["needs_assessment"],
        period=periods,
        n=n_text,
        note=notes.NEEDS_ASSESSMENT_NOTE,
    )
    for name, checked, note in (
        ("needs_by_member_type", by_type, None),
        ("gap_by_dimension_member_type", by_dimension, notes.GAP_BY_DIMENSION_NOTE),
    ):
        published[name] = checked.frame
        if len(checked.frame) and checked.check is not None:
            cells = list(checked.check.suppressed_cells)
            put(
                name,
                checked.frame,
                period=periods,
                n=n_text,
                note=note,
                suppressed=cells,
                suppression_rule=checked.check.rule_text if cells else None,
            )
    put(
        "mwds_bootstrap",
        published["mwds_bootstrap"],
        period=periods,
        n=n_text,
        note=notes.bootstrap_note(params.n_boot, params.seed),
    )
    put("box_scores", published["box_scores"], period=periods, n=n_text, note=notes.BOX_SCORES_NOTE)
    if len(published["multi_select_shares"]):
        put(
            "multi_select_shares",
            published["multi_select_shares"],
            period=periods,
            n=n_text,
            note=notes.MULTI_SELECT_NOTE,
        )
    change = tables.wave_change(survey_capacity_long, items, waves, params)
    if change is not None:
        published["wave_change"] = change.table
        put(
            "wave_change",
            change.table,
            period=f"{change.before.period} – {change.after.period}",
            n=change.n_both,
        )
    status = tables.gap_status(targets, scored)
    if len(status.table):
        put(
            "gap_status",
            status.table,
            period=scored[-1].wave.period,
            n=scored[-1].n,
            note=status.rules,
        )
    context = figures.figure_context(
        survey_capacity_long,
        items,
        published["needs_assessment"],
        min_cell=params.min_cell,
        synthetic=synthetic,
    )
    result.figures = figures.survey_figures(published, context)
    result.findings = findings.survey_findings(
        scored,
        n_members,
        change,
        status.table,
        source=source,
        item_labels=tables.item_labels(items),
        n_boot=params.n_boot,
    )
    return result


__all__ = ["DOMAIN", "VALIDATORS", "publish", "run"]
