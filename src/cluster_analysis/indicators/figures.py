"""The indicators domain's figures, chosen by the specs under ``figures:`` in metadata.yaml.

Each spec names a builder (``kind``), the table it draws, its place set, base year, titles in both
languages and notes; :func:`figures` returns one :class:`~cluster_analysis.outputs.FigureOutput` per
spec (or per indicator for a per-indicator spec, whose name holds ``{indicator}``). A per-indicator
spec draws the indicators it lists and every catalogue row whose optional ``charts`` column names
its kind, so a new indicator gets its charts from data, never from code; and every progress row is
in one of the scorecards (``places`` / ``places_except`` of the same set).

The export and notebook 02 call the same :func:`figures` / :func:`figures_from_processed`, so a
notebook chart has the same title, unit, period, n and footnote as the exported one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import pandas as pd

from cluster_analysis import metadata
from cluster_analysis.indicators import charts as ic
from cluster_analysis.indicators import declared
from cluster_analysis.indicators.catalogue import unit_label
from cluster_analysis.indicators.publish import period_text, progress_period
from cluster_analysis.metadata import FigureSpec
from cluster_analysis.outputs import FigureOutput, Meta, Text, text

__all__ = [
    "FigureData",
    "figures",
    "figures_from_processed",
    "filtered",
    "indicators_for",
]

DOMAIN = declared.DOMAIN
#: The catalogue's optional column naming extra chart kinds of a row ("bullet|small_multiples").
CHARTS_COLUMN = "charts"


@dataclass(frozen=True)
class FigureData:
    """The tables the figures draw, and this run's period and synthetic flag."""

    indicator_progress: pd.DataFrame
    catalogue: pd.DataFrame
    indicator_observations: pd.DataFrame
    real_figures: pd.DataFrame
    synthetic: bool
    location_quotients: pd.DataFrame | None = None
    location_quotients_year: str = ""
    location_quotients_synthetic: bool = False


def _fill(value: Text, **fields: object) -> Text:
    return {lang: str(words).format(**fields) for lang, words in value.items()}


def _param_text(spec: FigureSpec, key: str, **fields: object) -> Text | None:
    value = spec.params.get(key)
    return None if value is None else _fill(value, **fields)


def _places(spec: FigureSpec, key: str = "places") -> list[str]:
    value = spec.params.get(key)
    return [] if value is None else declared.place_set(value)


def _synthetic(spec: FigureSpec, data: FigureData) -> bool:
    return bool(spec.params["synthetic"]) if "synthetic" in spec.params else data.synthetic


def _row(catalogue: pd.DataFrame, indicator: str) -> dict[str, Any]:
    rows = catalogue[catalogue["indicator"] == indicator]
    return {} if rows.empty else rows.iloc[0].to_dict()


def _name_fields(catalogue: pd.DataFrame, indicator: str) -> dict[str, str]:
    row = _row(catalogue, indicator)
    if not row:
        return {"indicator": indicator, "name_en": indicator, "name_ka": indicator}
    return {"indicator": indicator, "name_en": str(row["name_en"]), "name_ka": str(row["name_ka"])}


def _catalogue_source(catalogue: pd.DataFrame, indicator: str) -> Text:
    rows = catalogue[catalogue["indicator"] == indicator]
    en = str(rows["source"].dropna().iloc[0]) if len(rows["source"].dropna()) else "observations"
    ka = en
    if "source_ka" in rows.columns and len(rows["source_ka"].dropna()):
        ka = str(rows["source_ka"].dropna().iloc[0])
    return text(en, ka)


def _catalogue_unit(catalogue: pd.DataFrame, indicator: str) -> Text:
    code = _row(catalogue, indicator).get("unit")
    return text(unit_label(code, "en"), unit_label(code, "ka"))


def _from_geostat(observations: pd.DataFrame, indicator: str) -> bool:
    """True when every observation of ``indicator`` comes from the Geostat tables (real values;
    the catalogue's targets may still be synthetic)."""
    origin = observations.loc[observations["indicator"] == indicator, "origin"].astype(str)
    return bool(len(origin)) and bool((origin == "geostat").all())


def _source_and_note(
    spec: FigureSpec, data: FigureData, indicator: str
) -> tuple[Text, Text | None]:
    named = spec.params.get("source")
    if named:
        return declared.source(str(named)), _param_text(spec, "note")
    if _from_geostat(data.indicator_observations, indicator):
        note = declared.note("real_values") if data.synthetic else None
        return declared.source("geostat"), note
    return _catalogue_source(data.catalogue, indicator), _param_text(spec, "note")


def indicators_for(spec: FigureSpec, catalogue: pd.DataFrame) -> list[str]:
    """Return the indicators a per-indicator spec draws: those it lists, then the catalogue rows
    whose ``charts`` column names the spec's kind."""
    listed = [str(i) for i in spec.params.get("indicators") or []]
    if CHARTS_COLUMN in catalogue.columns:
        asked = catalogue[
            catalogue[CHARTS_COLUMN]
            .astype("string")
            .fillna("")
            .str.split("|")
            .map(lambda kinds: spec.kind in [k.strip() for k in kinds])
        ]
        listed += [str(i) for i in asked["indicator"]]
    return list(dict.fromkeys(listed))


def filtered(frame: pd.DataFrame, spec: FigureSpec, catalogue: pd.DataFrame) -> pd.DataFrame:
    """Return the rows of ``frame`` the spec's ``filters`` keep (``{column: value or [values]}``):
    a column of ``frame`` filters its rows; a column of the catalogue only (``level``, a document
    ``framework``) keeps the indicator-place pairs whose catalogue row matches."""
    for column, wanted in (spec.params.get("filters") or {}).items():
        values = [str(v) for v in (wanted if isinstance(wanted, list) else [wanted])]
        if column in frame.columns:
            frame = frame[frame[column].astype(str).isin(values)]
        elif column in catalogue.columns:
            match = catalogue[catalogue[column].astype(str).isin(values)]
            keys = set(zip(match["indicator"], match["place"], strict=True))
            pairs = zip(frame["indicator"], frame["place"], strict=True)
            frame = frame[[pair in keys for pair in pairs]]
        else:
            raise metadata.MetadataError(
                f"{DOMAIN}/metadata.yaml: figures.{spec.name}.filters: no column '{column}' "
                "in the table or the catalogue"
            )
    return frame


def _scorecard(spec: FigureSpec, data: FigureData) -> list[FigureOutput]:
    frame = filtered(data.indicator_progress, spec, data.catalogue)
    if "places" in spec.params:
        part = frame[frame["place"].isin(_places(spec))]
    else:
        part = frame[~frame["place"].isin(_places(spec, "places_except"))]
    if part.empty:
        return []
    catalogue = data.catalogue
    return [
        FigureOutput(
            name=spec.name,
            build=lambda lang: ic.status_scorecard(part, catalogue, lang),
            meta=Meta(
                title=spec.title,
                unit=_param_text(spec, "unit"),
                period=progress_period(part),
                source=declared.source(str(spec.params.get("source", "catalogue"))),
                n=str(len(part)),
                synthetic=_synthetic(spec, data),
            ),
            audience=spec.audience,
        )
    ]


def _bullets(spec: FigureSpec, data: FigureData) -> list[FigureOutput]:
    progress_frame, catalogue = data.indicator_progress, data.catalogue
    present = set(progress_frame["indicator"].astype(str))
    out = []
    for indicator in [i for i in indicators_for(spec, catalogue) if i in present]:
        rows = progress_frame[progress_frame["indicator"] == indicator]
        source, note = _source_and_note(spec, data, indicator)
        out.append(
            FigureOutput(
                name=spec.name.format(indicator=indicator),
                build=partial(ic.bullet_chart, progress_frame, indicator, catalogue),
                meta=Meta(
                    title=_fill(spec.title, **_name_fields(catalogue, indicator)),
                    unit=_param_text(spec, "unit") or _catalogue_unit(catalogue, indicator),
                    period=period_text(rows, "latest_year"),
                    source=source,
                    n=str(len(rows)),
                    note=note,
                    synthetic=_synthetic(spec, data),  # targets come from the catalogue
                ),
                audience=spec.audience,
            )
        )
    return out


def _small_multiples(spec: FigureSpec, data: FigureData) -> list[FigureOutput]:
    progress_frame, catalogue = data.indicator_progress, data.catalogue
    observations, places = data.indicator_observations, _places(spec)
    present = set(progress_frame["indicator"].astype(str))
    out = []
    for indicator in [i for i in indicators_for(spec, catalogue) if i in present]:
        rows = observations[observations["indicator"] == indicator]
        source, note = _source_and_note(spec, data, indicator)
        out.append(
            FigureOutput(
                name=spec.name.format(indicator=indicator),
                build=partial(
                    ic.small_multiples,
                    observations,
                    indicator,
                    places,
                    catalogue=catalogue,
                    progress_frame=progress_frame,
                ),
                meta=Meta(
                    title=_fill(spec.title, **_name_fields(catalogue, indicator)),
                    unit=_param_text(spec, "unit") or _catalogue_unit(catalogue, indicator),
                    period=period_text(rows[rows["place"].isin(places)]),
                    source=source,
                    n=str(len(places)),
                    note=note,
                    synthetic=_synthetic(spec, data),  # targets come from the catalogue
                ),
                audience=spec.audience,
            )
        )
    return out


def _indexed_lines(spec: FigureSpec, data: FigureData) -> list[FigureOutput]:
    indicator, base_year = str(spec.params["indicator"]), int(spec.params["base_year"])
    observations = data.indicator_observations
    rows = observations[observations["indicator"] == indicator]
    if "from_year" in spec.params:
        rows = rows[rows["year"] >= int(spec.params["from_year"])]
    if rows.empty:
        return []
    places = _places(spec)
    source, _note = _source_and_note(spec, data, indicator)
    drawn = rows if "from_year" in spec.params else observations
    return [
        FigureOutput(
            name=spec.name,
            build=lambda lang: ic.indexed_lines(drawn, indicator, base_year, lang, places=places),
            meta=Meta(
                title=_fill(spec.title, base_year=base_year),
                unit=_param_text(spec, "unit", base_year=base_year),
                period=period_text(rows),
                source=source,
                n=str(len(places)),
                note=_param_text(spec, "note"),
                synthetic=_synthetic(spec, data),
            ),
            audience=spec.audience,
        )
    ]


def _series_lines(spec: FigureSpec, data: FigureData) -> list[FigureOutput]:
    indicator = str(spec.params["indicator"])
    real = data.real_figures
    rows = real[real["indicator"] == indicator] if len(real) else real
    if rows.empty:
        return []
    observations, places = data.indicator_observations, _places(spec)
    source, note = _source_and_note(spec, data, indicator)
    return [
        FigureOutput(
            name=spec.name,
            build=lambda lang: ic.series_lines(observations, indicator, lang, places=places),
            meta=Meta(
                title=spec.title,
                unit=_param_text(spec, "unit"),
                period=period_text(rows),
                source=source,
                n=str(len(rows)),
                note=note,
                synthetic=_synthetic(spec, data),
            ),
            audience=spec.audience,
        )
    ]


def _location_quotients(spec: FigureSpec, data: FigureData) -> list[FigureOutput]:
    lq = data.location_quotients
    if lq is None or lq.empty:
        return []
    places = _places(spec)
    return [
        FigureOutput(
            name=spec.name,
            build=lambda lang: ic.location_quotient_chart(lq, lang, places=places),
            meta=Meta(
                title=spec.title,
                unit=_param_text(spec, "unit"),
                period=data.location_quotients_year,
                source=declared.source(str(spec.params.get("source", "sector"))),
                n=str(len(lq)),
                synthetic=data.location_quotients_synthetic,
            ),
            audience=spec.audience,
        )
    ]


#: kind (metadata.yaml) -> builder of the figures of one spec.
BUILDERS: dict[str, Callable[[FigureSpec, FigureData], list[FigureOutput]]] = {
    "status_scorecard": _scorecard,
    "bullet": _bullets,
    "small_multiples": _small_multiples,
    "indexed_lines": _indexed_lines,
    "series_lines": _series_lines,
    "location_quotients": _location_quotients,
}


def figures(data: FigureData) -> list[FigureOutput]:
    """Return every declared figure the data can draw, in the order of the specs."""
    out: list[FigureOutput] = []
    for spec in metadata.figure_specs(DOMAIN):
        if spec.kind not in BUILDERS:
            raise metadata.MetadataError(
                f"{DOMAIN}/metadata.yaml: figures.{spec.name}: unknown kind '{spec.kind}' "
                f"(one of {', '.join(BUILDERS)})"
            )
        out.extend(BUILDERS[spec.kind](spec, data))
    return out


def _truthy(column: pd.Series) -> pd.Series:
    # the processed layer stores the flag as text
    return column.astype(str).str.lower().isin(["true", "yes", "1"])


def figures_from_processed(
    indicator_progress: pd.DataFrame,
    catalogue: pd.DataFrame,
    indicator_observations: pd.DataFrame,
    location_quotients: pd.DataFrame | None = None,
) -> dict[str, FigureOutput]:
    """Return the domain's figures by name, rebuilt from its processed tables
    (``indicator_progress``, ``indicator_catalogue``, ``indicator_observations`` and, optionally,
    ``location_quotients``): the same builders and metadata as the exported files."""
    known = sorted(set(catalogue["indicator"].astype(str)))
    catalogue_obs = indicator_observations[indicator_observations["indicator"].isin(known)]
    real_files = [str(name) for name in declared.rule("real_files")]
    lq, lq_year, lq_synthetic = None, "", False
    if location_quotients is not None and len(location_quotients):
        lq = location_quotients.drop(columns=["year", "synthetic"], errors="ignore")
        lq_year = str(int(location_quotients["year"].max()))
        lq_synthetic = bool(location_quotients["synthetic"].astype(bool).any())
    data = FigureData(
        indicator_progress=indicator_progress,
        catalogue=catalogue,
        indicator_observations=indicator_observations,
        real_figures=indicator_observations[
            indicator_observations["origin"].astype(str).isin(real_files)
        ],
        synthetic=bool(_truthy(catalogue_obs["synthetic"]).any()),
        location_quotients=lq,
        location_quotients_year=lq_year,
        location_quotients_synthetic=lq_synthetic,
    )
    return {figure.name: figure for figure in figures(data)}
