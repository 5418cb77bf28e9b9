"""The survey's figures, built from the specs in ``metadata.yaml`` (``figures:``) and the published
tables, so the exported files and notebook 01 show the same chart with the same title, subtitle
(unit, period, n) and footnote (source, synthetic data).

A spec names the table it draws, its ``kind`` (the builder below) and its audience; a spec is
drawn once per wave (figure ``<name>_<wave>``) unless it says ``per_wave: false``; a spec with
``split_by: <column>`` is drawn once per value of that column too (figure
``<name_pattern>_<wave>``, the pattern filled with the value). The subtitle says what n counts
(``n_label``, default "<n> respondents"). Adding a figure
of an existing kind is a metadata.yaml entry; a new kind is one builder in :data:`BUILDERS`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from cluster_analysis import metadata
from cluster_analysis.numbers import period_labels
from cluster_analysis.outputs import FigureOutput, Meta, Text
from cluster_analysis.survey import charts

DOMAIN = "survey"

#: The processed tables the figures draw (load them all for :func:`survey_figures`).
FIGURE_TABLES = (
    "survey_capacity_long",
    "survey_capacity_items",
    "needs_assessment",
    "mwds_bootstrap",
    "box_scores",
    "gap_by_dimension_member_type",
    "wave_change",
    "multi_select_shares",
)

#: What n counts when a spec does not say (``n_label``): the wave's respondents.
RESPONDENTS: Text = {"en": "{n} respondents", "ka": "{n} რესპონდენტი"}


@dataclass(frozen=True)
class WaveBase:
    """A wave as a figure states it: id, reporting period and respondents (n); ``period_ka``
    is the Georgian period a user gave in waves.csv, if any."""

    wave: str
    period: str
    n: int
    period_ka: str | None = None

    @property
    def label(self) -> Text:
        """The period in both languages (:func:`cluster_analysis.numbers.period_labels`)."""
        return period_labels(self.period, self.period_ka)


@dataclass(frozen=True)
class FigureContext:
    """What every survey figure needs besides its table."""

    waves: tuple[WaveBase, ...]
    scale_max: int
    min_cell: int
    synthetic: bool
    n_both: int = 0  # members who answered both of the last two waves


def figure_context(
    survey_capacity_long: pd.DataFrame,
    survey_capacity_items: pd.DataFrame,
    needs_assessment: pd.DataFrame,
    *,
    min_cell: int,
    synthetic: bool,
    period_ka: Mapping[str, str] | None = None,
) -> FigureContext:
    """The waves (in order, with their period and respondents), the answer scale and the
    disclosure threshold, from the processed tables; ``period_ka`` maps a wave id to the
    Georgian period a user gave in waves.csv (without it Georgian periods are derived)."""
    periods = dict(
        zip(
            needs_assessment["wave"].astype(str),
            needs_assessment["period"].astype(str),
            strict=True,
        )
    )
    ids = survey_capacity_long.groupby(survey_capacity_long["wave"].astype(str))[
        "respondent_id"
    ].agg(set)
    given = period_ka or {}
    waves = tuple(WaveBase(w, p, len(ids.get(w, set())), given.get(w)) for w, p in periods.items())
    n_both = len(ids[waves[-2].wave] & ids[waves[-1].wave]) if len(waves) >= 2 else 0
    scale = survey_capacity_items["scale_max"]
    return FigureContext(
        waves=waves,
        scale_max=int(scale.max()) if len(scale) else 5,
        min_cell=min_cell,
        synthetic=synthetic,
        n_both=n_both,
    )


def _format(value: Text | None, **values: object) -> Text | None:
    if value is None:
        return None
    return {lang: str(words).format(**values) for lang, words in value.items()}


def _meta(spec: metadata.FigureSpec, context: FigureContext, *, period: str | Text, n: int) -> Meta:
    """The figure's metadata: title, unit and note from its spec (``{scale_max}`` and
    ``{min_cell}`` filled in), n with what it counts (``n_label``: "46 respondents", not a bare
    "46"), source from the domain's declaration."""
    values = {"scale_max": context.scale_max, "min_cell": context.min_cell}
    return metadata.table_meta(
        DOMAIN,
        spec.table,
        period=period,
        n=_format(spec.params.get("n_label", RESPONDENTS), n=n),
        synthetic=context.synthetic,
        title=spec.title,
        unit=_format(spec.params.get("unit"), **values),
        note=_format(spec.params.get("note"), **values),
    )


def _wave_rows(frame: pd.DataFrame, wave: str) -> pd.DataFrame:
    return frame[frame["wave"].astype(str) == wave] if len(frame) else frame


Builder = Callable[[pd.DataFrame, str, dict[str, Any], FigureContext], Any]


def _mwds_ranked(rows: pd.DataFrame, lang: str, params: dict[str, Any], c: FigureContext) -> Any:
    return charts.mwds_ranked_chart(rows, lang=lang, item_labels=charts.labels_from_columns(rows))


def _ipa_quadrants(rows: pd.DataFrame, lang: str, params: dict[str, Any], c: FigureContext) -> Any:
    return charts.ipa_quadrant_chart(
        rows, lang=lang, item_labels=charts.labels_from_columns(rows), scale_max=c.scale_max
    )


def _likert_diverging(
    rows: pd.DataFrame, lang: str, params: dict[str, Any], c: FigureContext
) -> Any:
    role = rows[rows["role"] == params.get("role", "capability")].drop(columns="role")
    return charts.likert_diverging_chart(
        role,
        lang=lang,
        item_labels=charts.labels_from_columns(role, "question"),
        scale_max=c.scale_max,
    )


def _gap_heatmap(rows: pd.DataFrame, lang: str, params: dict[str, Any], c: FigureContext) -> Any:
    groups: Mapping[str, Text] = params.get("group_labels", {})
    present = set(rows["member_type"]) if len(rows) else set()
    return charts.gap_heatmap_chart(
        rows,
        lang=lang,
        item_labels=charts.labels_from_columns(rows, "dimension"),
        group_col="member_type",
        row_col="dimension",
        value=params.get("value", "mwds"),
        group_labels=groups,
        group_order=[t for t in groups if t in present],
        min_cell=c.min_cell,
        explain_blanks=False,
    )


def _wave_dumbbell(rows: pd.DataFrame, lang: str, params: dict[str, Any], c: FigureContext) -> Any:
    before, after = c.waves[-2].label, c.waves[-1].label
    return charts.wave_dumbbell_chart(
        rows,
        lang=lang,
        item_labels=charts.labels_from_columns(rows),
        metric=params.get("metric", "critical_gap_share"),
        wave_labels=(before, after),
    )


def _multi_select(rows: pd.DataFrame, lang: str, params: dict[str, Any], c: FigureContext) -> Any:
    return charts.multi_select_chart(rows, lang=lang)


#: ``kind`` of a figure spec -> builder (table rows, lang, spec params, context) -> plotly figure.
BUILDERS: dict[str, Builder] = {
    "mwds_ranked": _mwds_ranked,
    "ipa_quadrants": _ipa_quadrants,
    "likert_diverging": _likert_diverging,
    "gap_heatmap": _gap_heatmap,
    "wave_dumbbell": _wave_dumbbell,
    "multi_select": _multi_select,
}


def _figure(
    spec: metadata.FigureSpec, name: str, rows: pd.DataFrame, meta: Meta, context: FigureContext
) -> FigureOutput:
    builder = BUILDERS[spec.kind]
    return FigureOutput(
        name=name,
        build=lambda lang: builder(rows, lang, spec.params, context),
        meta=meta,
        audience=spec.audience,
    )


def survey_figures(
    tables: Mapping[str, pd.DataFrame], context: FigureContext
) -> list[FigureOutput]:
    """Every declared figure drawn from ``tables`` (published table name -> frame): per wave the
    per-wave specs in declaration order, then the specs across waves. A figure whose table is
    missing or has no rows for the wave is left out."""
    specs = [s for s in metadata.figure_specs(DOMAIN) if s.table in tables and len(tables[s.table])]
    per_wave = [s for s in specs if s.params.get("per_wave", True) is not False]
    figures: list[FigureOutput] = []
    for wave in context.waves:
        for spec in per_wave:
            rows = _wave_rows(tables[spec.table], wave.wave)
            if len(rows) and "split_by" in spec.params:
                figures.extend(_split_figures(spec, rows, wave, context))
            elif len(rows):
                meta = _meta(spec, context, period=wave.label, n=wave.n)
                figures.append(_figure(spec, f"{spec.name}_{wave.wave}", rows, meta, context))
    if len(context.waves) >= 2:
        before, after = context.waves[-2].label, context.waves[-1].label
        period = {lang: f"{before[lang]} – {after[lang]}" for lang in ("en", "ka")}
        for spec in (s for s in specs if s not in per_wave):
            meta = _meta(spec, context, period=period, n=context.n_both)
            figures.append(_figure(spec, spec.name, tables[spec.table], meta, context))
    return figures


def _split_figures(
    spec: metadata.FigureSpec, rows: pd.DataFrame, wave: WaveBase, context: FigureContext
) -> list[FigureOutput]:
    """One figure per value of the spec's ``split_by`` column in one wave's rows (a multi-select
    question each), named ``<name_pattern>_<wave>``; n is the largest base among its rows."""
    column = str(spec.params["split_by"])
    pattern = str(spec.params.get("name_pattern", spec.name + "_{" + column + "}"))
    out = []
    for value in rows[column].astype(str).unique():
        part = rows[rows[column].astype(str) == value]
        n = int(part["n"].max()) if "n" in part and part["n"].notna().any() else wave.n
        meta = _meta(spec, context, period=wave.label, n=n)
        name = f"{pattern.format(**{column: value})}_{wave.wave}"
        out.append(_figure(spec, name, part, meta, context))
    return out


def processed_figures(
    tables: Mapping[str, pd.DataFrame], *, min_cell: int, synthetic: bool
) -> dict[str, FigureOutput]:
    """The survey figures by name, rebuilt from the processed tables of :data:`FIGURE_TABLES`
    exactly as exported (for notebooks)."""
    context = figure_context(
        tables["survey_capacity_long"],
        tables["survey_capacity_items"],
        tables["needs_assessment"],
        min_cell=min_cell,
        synthetic=synthetic,
    )
    return {f.name: f for f in survey_figures(tables, context)}
