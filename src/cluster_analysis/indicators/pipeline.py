"""The indicators domain pipeline: catalogue and observations in, progress, checks, comparisons,
charts, logframe and findings out.

Reads ``data/raw/indicators/``:

- ``catalogue.csv`` or ``catalogue.xlsx`` (required): the indicator catalogue;
- ``observations.csv`` / ``.xlsx`` (optional): the tidy long observations;
- ``real_figures.csv`` (optional): real cited figures in the ``imereti_real_figures.csv`` layout;
- ``geostat/*.xlsx`` (optional): Geostat wide tables; ``<stem>_EN.xlsx`` and ``<stem>_KA.xlsx`` are
  one table in two languages (values read from the English file, the Georgian one checked against
  it); the indicator id is the stem (``active_business_entities_per1000``);
- ``sector_employment.csv`` and ``largest_employers.csv`` (optional): for location quotients,
  diversification and dominant-employer shares.

Writes processed tables ``indicator_catalogue``, ``indicator_observations``, ``indicator_progress``,
``source_choice``, ``indicator_checks``, ``logframe_en`` and ``logframe_ka``, and when their inputs
exist ``geostat_language_check``, ``town_comparison``, ``location_quotients``, ``diversification``
and ``shift_share``. :func:`processed_figures` rebuilds the figures from the processed tables.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from cluster_analysis.context import RunContext
from cluster_analysis.errors import InputError
from cluster_analysis.indicators import charts as ic
from cluster_analysis.indicators import findings as fi
from cluster_analysis.indicators.catalogue import (
    CATALOGUE_CHECK_COLUMNS,
    CATALOGUE_SCHEMA,
    prepare_catalogue,
    unit_label,
)
from cluster_analysis.indicators.checks import flag_census_breaks, run_checks
from cluster_analysis.indicators.logframe import logframe_frame, logframe_table
from cluster_analysis.indicators.mapping import (
    dominant_employer_share,
    herfindahl,
    index_to_base_year,
    location_quotients,
    shift_share,
)
from cluster_analysis.indicators.observations import (
    OBSERVATION_SCHEMA,
    add_sex_totals,
    apply_observation_rules,
    choose_best_source,
    empty_observations,
    finalise_observations,
    prepare_observations,
    read_real_figures,
)
from cluster_analysis.indicators.progress import METHOD_NOTES, progress
from cluster_analysis.outputs import DomainResult, FigureOutput, Meta, TableOutput, Text, text

__all__ = ["processed_figures", "run"]

DOMAIN = "indicators"
#: Files of real, cited figures (the first one found is read).
REAL_FILES = ("real_figures.csv", "imereti_real_figures.csv")
TOWNS = ["zestaponi_municipality", "tkibuli_municipality", "chiatura_municipality"]
#: First year of Geostat per-1,000 rates on the census-2014 population (see _read_geostat).
CENSUS_REBASED_FROM = 2015

GEOSTAT_SOURCE = text(
    "Geostat (National Statistics Office of Georgia), regional and municipal statistics",
    "საქართველოს სტატისტიკის ეროვნული სამსახური (საქსტატი), რეგიონული და მუნიციპალური სტატისტიკა",
)
REAL_SOURCE = text(
    "Geostat census and estimates as cited by secondary sources; company statement; news "
    "(real_figures.csv, each row with its source)",
    "საქსტატის აღწერა და შეფასებები მეორადი წყაროების მიხედვით; კომპანიის განცხადება; მედია "
    "(real_figures.csv, თითოეულ სტრიქონს თავისი წყარო აქვს)",
)
SECTOR_SOURCE = text(
    "sector employment (sector_employment.csv)",
    "დასაქმება დარგების მიხედვით (sector_employment.csv)",
)
#: Said under a chart of real values whose targets come from the synthetic example catalogue.
REAL_VALUES_NOTE = text(
    "The values are real Geostat figures; only the targets are synthetic examples",
    "მნიშვნელობები საქსტატის რეალური მონაცემებია; სინთეზურია მხოლოდ სამიზნე მნიშვნელობები",
)
CATALOGUE_SOURCE = text(
    "Indicator catalogue and observations (sources per indicator in the logframe)",
    "ინდიკატორების კატალოგი და დაკვირვებები (წყაროები თითოეული ინდიკატორისთვის — ლოგიკურ ჩარჩოში)",
)

PROGRESS_HEADERS: dict[str, Text] = {
    "indicator": text("Indicator", "ინდიკატორი"),
    "place": text("Place", "ადგილი"),
    "baseline_value": text("Baseline", "საბაზისო მნიშვნელობა"),
    "baseline_year": text("Baseline year", "საბაზისო წელი"),
    "target_value": text("Target", "მიზანი"),
    "target_year": text("Target year", "სამიზნე წელი"),
    "latest_value": text("Latest value", "ბოლო მნიშვნელობა"),
    "latest_year": text("Latest year", "ბოლო წელი"),
    "achievement": text("Achievement", "მიღწევა"),
    "expected": text("Expected by now", "მოსალოდნელი ამ დროისთვის"),
    "status": text("Status", "სტატუსი"),
    "cagr": text("Growth per year (CAGR)", "წლიური ზრდა (CAGR)"),
    "note": text("Note", "შენიშვნა"),
    "note_ka": text("Note (Georgian)", "შენიშვნა (ქართულად)"),
}


def _first(folder: Path, names: list[str]) -> Path | None:
    for name in names:
        if (folder / name).exists():
            return folder / name
    return None


def _read_catalogue(ctx: RunContext) -> pd.DataFrame:
    path = _first(ctx.raw_dir, ["catalogue.csv", "catalogue.xlsx"])
    if path is None:
        raise InputError(
            "no indicator catalogue: expected catalogue.csv or catalogue.xlsx", path=ctx.raw_dir
        )
    raw = ctx.read(path, as_text=True)
    result = ctx.validate(
        prepare_catalogue(raw),
        CATALOGUE_SCHEMA,
        table="indicator_catalogue",
        source=path,
        id_column="indicator",
        dataframe_check_columns=CATALOGUE_CHECK_COLUMNS,
    )
    if result.valid.empty:
        raise InputError("no valid row in the indicator catalogue (see the rejects)", path=path)
    return result.valid.reset_index(drop=True)


def _read_observations(ctx: RunContext, known: set[str]) -> pd.DataFrame:
    path = _first(ctx.raw_dir, ["observations.csv", "observations.xlsx"])
    if path is None:
        return empty_observations()
    raw = ctx.read(path, as_text=True)
    result = ctx.validate(
        prepare_observations(raw),
        OBSERVATION_SCHEMA,
        table="indicator_observations",
        source=path,
        id_column="indicator",
    )
    valid = result.valid.copy()
    # spreadsheet row numbers survive the quarantine: rows dropped by the schema leave gaps
    valid["_row"] = [int(i) + int(raw.attrs.get("row_offset", 2)) for i in valid.index]
    kept, rejects = apply_observation_rules(valid, known, source=str(path))
    ctx.add_rejects(rejects)
    kept["origin"] = path.name
    kept["synthetic"] = ctx.synthetic
    return kept


def _read_real(ctx: RunContext) -> pd.DataFrame:
    path = _first(ctx.raw_dir, list(REAL_FILES))
    if path is None:
        return empty_observations()
    raw = ctx.read(path, as_text=True)
    real = flag_census_breaks(read_real_figures(raw))
    real["origin"] = path.name
    real["synthetic"] = False
    return real


def _read_geostat(ctx: RunContext) -> tuple[pd.DataFrame, pd.DataFrame]:
    folder = ctx.raw("geostat")
    if not folder.is_dir():
        return empty_observations(), pd.DataFrame()
    try:
        from cluster_analysis.indicators.geostat import (
            compare_language_versions,
            read_geostat_table,
        )
    except ImportError:
        ctx.warn("indicators: the Geostat reader is not available; geostat/ tables skipped")
        return empty_observations(), pd.DataFrame()
    stems: dict[str, dict[str, Path]] = {}
    for path in sorted(folder.glob("*.xlsx")):
        match = re.match(r"^(.*?)(?:_(EN|KA|en|ka))?$", path.stem)
        stem, lang = match.group(1), (match.group(2) or "en").lower()  # type: ignore[union-attr]
        stems.setdefault(stem, {})[lang] = path
    parts, comparisons = [], []
    for stem, files in stems.items():
        path = files.get("en") or files.get("ka")
        ctx.progress(f"indicators: Geostat table {path.name}")
        tidy = read_geostat_table(path)
        ctx.record_input(path, len(tidy))
        tidy = tidy[tidy["place"].notna() & tidy["category"].isna()]
        indicator = re.sub(r"[^a-z0-9_]+", "_", stem.lower()).strip("_")
        unit = "per_1000" if "1000" in str(tidy["unit"].iloc[0] if len(tidy) else "") else None
        parts.append(
            pd.DataFrame(
                {
                    "indicator": indicator,
                    "place": tidy["place"],
                    "year": tidy["year"],
                    "period": tidy["year"].astype(str),
                    "value": tidy["value"],
                    "sex": "total",
                    "unit": unit,
                    "source": "Geostat: " + tidy["table"].astype(str),
                    "source_quality": "official",
                    "break": False,
                    "note": tidy["note"],
                }
            )
        )
        if "en" in files and "ka" in files:
            ctx.record_input(files["ka"], None)
            diff = compare_language_versions(files["en"], files["ka"])
            if len(diff):
                ctx.warn(
                    f"indicators: {files['en'].name} and {files['ka'].name} disagree in "
                    f"{len(diff)} cells (see the geostat_language_check table)"
                )
            comparisons.append(diff.assign(file_en=files["en"].name, file_ka=files["ka"].name))
    if not parts:
        return empty_observations(), pd.DataFrame()
    geostat = finalise_observations(pd.concat(parts, ignore_index=True))
    geostat = geostat[geostat["value"].notna()].reset_index(drop=True)
    # Rates per 1,000 population use census-based population from 2015 on: Georgia's rate jumps
    # by 23 % from 2014 to 2015, as the population estimate fell from about 4.49 to 3.72 million
    # with the 2014 census. Our reading of the jump, flagged as a break so nothing spans it.
    rebased = (geostat["unit"] == "per_1000") & (geostat["year"] == CENSUS_REBASED_FROM)
    geostat.loc[rebased, "break"] = True
    geostat.loc[rebased, "note"] = (
        "apparent series break: population denominator rebased on the 2014 census"
    )
    geostat["origin"] = "geostat"
    geostat["synthetic"] = False
    comparison = pd.concat(comparisons, ignore_index=True) if comparisons else pd.DataFrame()
    return geostat, comparison


def _drop_unit_mismatches(
    observations: pd.DataFrame, catalogue: pd.DataFrame
) -> tuple[pd.DataFrame, int]:
    """Leave out of progress the observations whose unit differs from the catalogue's."""
    expected = catalogue.drop_duplicates("indicator").set_index("indicator")["unit"]
    want = observations["indicator"].map(expected)
    bad = observations["unit"].notna() & want.notna() & (observations["unit"] != want)
    return observations[~bad.fillna(False)].reset_index(drop=True), int(bad.fillna(False).sum())


def _period_text(frame: pd.DataFrame) -> str:
    years = frame["year"].dropna()
    if years.empty:
        return ""
    low, high = int(years.min()), int(years.max())
    return str(low) if low == high else f"{low}-{high}"


def _progress_period(frame: pd.DataFrame) -> str:
    """Baseline year of the earliest indicator to the latest observation."""
    years = pd.concat([frame["baseline_year"], frame["latest_year"]]).dropna()
    if years.empty:
        return ""
    low, high = int(years.min()), int(years.max())
    return str(low) if low == high else f"{low}-{high}"


def _with_string_columns(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object:
            out[column] = out[column].astype("string")
    return out


def run(ctx: RunContext) -> DomainResult:
    """Run the indicators domain and return its tables, figures and findings (see module doc)."""
    synthetic = ctx.synthetic
    ctx.progress("indicators: catalogue")
    catalogue = _read_catalogue(ctx)
    known = set(catalogue["indicator"].astype(str))

    ctx.progress("indicators: observations")
    observed = _read_observations(ctx, known)
    real = _read_real(ctx)
    geostat, language_check = _read_geostat(ctx)

    everything = (
        pd.concat([f for f in (observed, real, geostat) if len(f)], ignore_index=True)
        if any(len(f) for f in (observed, real, geostat))
        else empty_observations()
    )
    everything = add_sex_totals(everything)
    # Unit checks run on every row (before the source choice could hide a wrong-unit row).
    checks = run_checks(everything, catalogue)
    usable, n_wrong_unit = _drop_unit_mismatches(everything, catalogue)
    if n_wrong_unit:
        ctx.warn(
            f"indicators: {n_wrong_unit} observation(s) in another unit than the catalogue's "
            "left out of progress (see indicator_checks)"
        )
    kept, source_choice = choose_best_source(usable)
    if len(source_choice):
        ctx.warn(
            f"indicators: {len(source_choice)} value(s) given by two sources; the better "
            "source was kept (see source_choice)"
        )

    ctx.progress("indicators: progress")
    result_frame = progress(catalogue, kept)
    open_sdg = progress(catalogue, kept, method="open_sdg")

    ctx.write_table("indicator_catalogue", _with_string_columns(catalogue))
    ctx.write_table("indicator_observations", _with_string_columns(kept))
    ctx.write_table("indicator_progress", result_frame)
    ctx.write_table("source_choice", source_choice)
    ctx.write_table("indicator_checks", checks)
    # For notebooks: the logframe as published, and where Geostat's EN and KA files disagree.
    for lang in ("en", "ka"):
        ctx.write_table(f"logframe_{lang}", logframe_frame(result_frame, catalogue, lang))
    if len(language_check):
        ctx.write_table("geostat_language_check", _with_string_columns(language_check))

    result = DomainResult(domain=DOMAIN)
    result.method_notes.extend([METHOD_NOTES["achievement"], METHOD_NOTES["open_sdg"]])
    result.sources.extend([CATALOGUE_SOURCE, REAL_SOURCE, GEOSTAT_SOURCE])
    period = _period_text(kept[kept["indicator"].isin(sorted(known))])
    catalogue_obs = kept[kept["indicator"].isin(sorted(known))]
    synthetic_progress = synthetic and bool(
        catalogue_obs["synthetic"].fillna(False).astype(bool).any()
    )

    _tables(
        result,
        result_frame,
        open_sdg,
        catalogue,
        kept,
        real,
        source_choice,
        checks,
        language_check,
        period,
        synthetic_progress,
    )
    _comparisons(ctx, result, kept)
    _figures(result, result_frame, catalogue, kept, real, period, synthetic_progress)
    _findings(result, result_frame, catalogue, kept, real, synthetic_progress)
    return result


def _tables(
    result: DomainResult,
    progress_frame: pd.DataFrame,
    open_sdg: pd.DataFrame,
    catalogue: pd.DataFrame,
    kept: pd.DataFrame,
    real: pd.DataFrame,
    source_choice: pd.DataFrame,
    checks: pd.DataFrame,
    language_check: pd.DataFrame,
    period: str,
    synthetic: bool,
) -> None:
    main_columns = list(PROGRESS_HEADERS)
    result.tables.append(
        TableOutput(
            name="indicator_progress",
            frame=progress_frame[main_columns],
            meta=Meta(
                title=text(
                    "Indicator progress towards targets", "ინდიკატორების პროგრესი მიზნებისკენ"
                ),
                unit=text(
                    "units per indicator; achievement and expected as shares",
                    "ერთეული ინდიკატორის მიხედვით; მიღწევა და მოსალოდნელი — წილებად",
                ),
                period=period,
                source=CATALOGUE_SOURCE,
                n=str(len(progress_frame)),
                note=METHOD_NOTES["achievement"],
                synthetic=synthetic,
            ),
            audience="donors",
            columns=PROGRESS_HEADERS,
        )
    )
    result.tables.append(
        TableOutput(
            name="indicator_progress_open_sdg",
            frame=open_sdg[
                [
                    "indicator",
                    "place",
                    "baseline_value",
                    "baseline_year",
                    "target_value",
                    "target_year",
                    "latest_value",
                    "latest_year",
                    "achievement",
                    "status",
                    "cagr",
                    "note",
                ]
            ].rename(columns={"achievement": "progress_measure"}),
            meta=Meta(
                title=text("Open SDG progress measure", "Open SDG პროგრესის საზომი"),
                unit=text("ratio of growth rates", "ზრდის ტემპების შეფარდება"),
                period=period,
                source=CATALOGUE_SOURCE,
                n=str(len(open_sdg)),
                note=METHOD_NOTES["open_sdg"],
                synthetic=synthetic,
            ),
            audience="donors",
            columns={
                **PROGRESS_HEADERS,
                "progress_measure": text("Progress measure p", "პროგრესის საზომი p"),
            },
        )
    )
    for lang in ("en", "ka"):
        result.tables.append(
            logframe_table(
                progress_frame,
                catalogue,
                lang,
                synthetic=synthetic,
                period=period,
                source=CATALOGUE_SOURCE,
            )
        )
    real_cols = [
        "indicator",
        "place",
        "period",
        "value",
        "unit",
        "source",
        "source_quality",
        "break",
        "note",
    ]
    if len(real):
        result.tables.append(
            TableOutput(
                name="real_cited_figures",
                frame=real[real_cols + (["source_url"] if "source_url" in real.columns else [])],
                meta=Meta(
                    title=text(
                        "Real, cited figures: Zestaponi, Tkibuli, Chiatura, Imereti",
                        "რეალური, ციტირებული მაჩვენებლები: ზესტაფონი, ტყიბული, ჭიათურა, იმერეთი",
                    ),
                    period=_period_text(real),
                    source=REAL_SOURCE,
                    n=str(len(real)),
                    note=text(
                        "'break' marks a census rebasing: a change of method, not a decline.",
                        "'break' აღნიშნავს აღწერის შემდეგ გადაანგარიშებას: მეთოდის ცვლილებას "
                        "და არა კლებას.",
                    ),
                    synthetic=False,
                ),
                audience="donors",
            )
        )
    result.tables.append(
        TableOutput(
            name="source_choice",
            frame=source_choice,
            meta=Meta(
                title=text(
                    "Which source was kept when two gave a value",
                    "რომელი წყარო იქნა არჩეული, როცა ორი წყარო იძლეოდა მნიშვნელობას",
                ),
                source=text(
                    "official > official secondary > secondary citing Geostat > secondary > "
                    "company statement > news",
                    "ოფიციალური > ოფიციალური მეორადი > მეორადი საქსტატზე მითითებით > "
                    "მეორადი > კომპანიის განცხადება > მედია",
                ),
                n=str(len(source_choice)),
                synthetic=synthetic,
            ),
            audience="office",
        )
    )
    result.tables.append(
        TableOutput(
            name="indicator_checks",
            frame=checks,
            meta=Meta(
                title=text(
                    "Indicator checks: series breaks, towns above municipalities, units",
                    "ინდიკატორების შემოწმება: რიგის წყვეტები, ქალაქი მუნიციპალიტეტზე მეტი, ერთეულები",
                ),
                n=str(len(checks)),
                synthetic=synthetic,
            ),
            audience="office",
        )
    )
    if len(language_check):
        result.tables.append(
            TableOutput(
                name="geostat_language_check",
                frame=language_check,
                meta=Meta(
                    title=text(
                        "Geostat tables: where the English and Georgian files disagree",
                        "საქსტატის ცხრილები: სად არ ემთხვევა ინგლისური და ქართული ფაილები",
                    ),
                    source=GEOSTAT_SOURCE,
                    n=str(len(language_check)),
                    synthetic=False,
                ),
                audience="office",
            )
        )


def _comparisons(ctx: RunContext, result: DomainResult, kept: pd.DataFrame) -> None:
    """Towns side by side (real figures) and sector specialisation (when the files exist)."""
    # 2014 has a pre-census estimate (1 January) and the census: the census is the later one.
    population = (
        kept[
            (kept["indicator"] == "population") & (kept["year"] == 2014) & kept["place"].isin(TOWNS)
        ]
        .sort_values("period_order")
        .drop_duplicates("place", keep="last")
        .set_index("place")["value"]
    )
    area = (
        kept[(kept["indicator"] == "area") & kept["place"].isin(TOWNS)]
        .drop_duplicates("place")
        .set_index("place")["value"]
    )
    business = kept[kept["indicator"] == "active_business_entities_per1000"]
    indexed = index_to_base_year(business[business["place"].isin(TOWNS)], 2015)
    rows = []
    for place in TOWNS:
        last = indexed[(indexed["place"] == place)].sort_values("year").tail(1)
        rows.append(
            {
                "place": place,
                "population_2014_census": population.get(place),
                "area_km2": area.get(place),
                "persons_per_km2": (population.get(place) / area.get(place))
                if population.get(place) is not None and area.get(place) is not None
                else None,
                "business_entities_per_1000_latest": None
                if last.empty
                else float(last["value"].iloc[0]),
                "latest_year": None if last.empty else int(last["year"].iloc[0]),
                "business_index_2015_100": None if last.empty else float(last["index"].iloc[0]),
            }
        )
    towns = pd.DataFrame(rows)
    ctx.write_table("town_comparison", towns)
    result.tables.append(
        TableOutput(
            name="town_comparison",
            frame=towns,
            meta=Meta(
                title=text(
                    "Zestaponi, Tkibuli and Chiatura side by side",
                    "ზესტაფონი, ტყიბული და ჭიათურა — შედარება",
                ),
                unit=text(
                    "persons, km², per 1,000 population; index 2015 = 100",
                    "პირი, კმ², მოსახლეობის 1 000 კაცზე; ინდექსი 2015 = 100",
                ),
                source=text(
                    "Geostat census 2014 (cited), Geostat business register per 1,000",
                    "საქსტატის 2014 წლის აღწერა (ციტირებული), საქსტატი — ბიზნეს სუბიექტები 1 000 კაცზე",
                ),
                n=text("3 municipalities", "3 მუნიციპალიტეტი"),
                synthetic=False,
            ),
            audience="donors",
            columns={
                "place": text("Municipality", "მუნიციპალიტეტი"),
                "population_2014_census": text(
                    "Population (census 2014)", "მოსახლეობა (2014 წლის აღწერა)"
                ),
                "area_km2": text("Area, km²", "ფართობი, კმ²"),
                "persons_per_km2": text("Persons per km²", "მოსახლეობის სიმჭიდროვე, კაცი/კმ²"),
                "business_entities_per_1000_latest": text(
                    "Active business entities per 1,000", "მოქმედი ბიზნეს სუბიექტები 1 000 კაცზე"
                ),
                "latest_year": text("Year", "წელი"),
                "business_index_2015_100": text("Index (2015 = 100)", "ინდექსი (2015 = 100)"),
            },
        )
    )
    sector_path = ctx.raw("sector_employment.csv")
    if not sector_path.exists():
        return
    sectors = ctx.read(sector_path)
    latest_year = int(sectors["year"].max())
    first_year = int(sectors["year"].min())
    reference = sectors[sectors["place"] == "georgia"]
    local = sectors[sectors["place"] != "georgia"]
    is_synthetic = bool(sectors.get("synthetic", pd.Series(["yes"])).astype(str).eq("yes").any())
    lq = location_quotients(
        local[local["year"] == latest_year],
        reference=reference[reference["year"] == latest_year] if len(reference) else None,
    )
    labels = sectors.drop_duplicates("sector").set_index("sector")
    for column in ("sector_en", "sector_ka"):
        if column in labels.columns:
            lq[column] = lq["sector"].map(labels[column])
    hhi = herfindahl(local[local["year"] == latest_year])
    meta_kw = {"period": str(latest_year), "synthetic": is_synthetic, "source": SECTOR_SOURCE}
    result.tables.append(
        TableOutput(
            name="location_quotients",
            frame=lq,
            meta=Meta(
                title=text(
                    "Location quotients by sector", "ლოკაციის კოეფიციენტები დარგების მიხედვით"
                ),
                unit=text("ratio (1 = national average)", "შეფარდება (1 = ეროვნული საშუალო)"),
                n=str(len(lq)),
                **meta_kw,
            ),
        )
    )
    employers_path = ctx.raw("largest_employers.csv")
    if employers_path.exists():
        employers = ctx.read(employers_path)
        totals = (
            local[local["year"] == latest_year].groupby("place", as_index=False)["employment"].sum()
        )
        dominant = dominant_employer_share(employers, totals)
        hhi = hhi.merge(
            dominant[["place", "employer", "jobs", "year", "dominant_share", "synthetic"]],
            on="place",
            how="left",
        )
    result.tables.append(
        TableOutput(
            name="diversification",
            frame=hhi,
            meta=Meta(
                title=text(
                    "Diversification (HHI) and dominant-employer share",
                    "დივერსიფიკაცია (HHI) და უმსხვილესი დამსაქმებლის წილი",
                ),
                unit=text(
                    "HHI from 1/n to 1; share of jobs", "HHI 1/n-დან 1-მდე; სამუშაო ადგილების წილი"
                ),
                n=str(len(hhi)),
                note=text(
                    "Largest-employer jobs for Zestaponi and Tkibuli are real cited figures "
                    "(company statement 2020, news 2019); totals are synthetic.",
                    "ზესტაფონისა და ტყიბულის უმსხვილესი დამსაქმებლის მონაცემები რეალური, "
                    "ციტირებული მაჩვენებლებია (კომპანიის განცხადება 2020, მედია 2019); "
                    "ჯამები სინთეზურია.",
                ),
                **meta_kw,
            ),
        )
    )
    if first_year != latest_year:
        share = shift_share(
            local[local["year"] == first_year],
            local[local["year"] == latest_year],
            reference_start=reference[reference["year"] == first_year] if len(reference) else None,
            reference_end=reference[reference["year"] == latest_year] if len(reference) else None,
        )
        result.tables.append(
            TableOutput(
                name="shift_share",
                frame=share,
                meta=Meta(
                    title=text(
                        f"Shift-share of employment change {first_year}-{latest_year}",
                        f"დასაქმების ცვლილების shift-share ანალიზი {first_year}-{latest_year}",
                    ),
                    unit=text("persons", "პირი"),
                    n=str(len(share)),
                    **{**meta_kw, "period": f"{first_year}-{latest_year}"},
                ),
            )
        )
    result.figures.append(_location_quotient_figure(lq, str(latest_year), is_synthetic))
    # Processed copies for notebooks (with the year and synthetic flag the figure's meta needs).
    ctx.write_table("location_quotients", lq.assign(year=latest_year, synthetic=is_synthetic))
    ctx.write_table("diversification", hhi.assign(year=latest_year))
    if first_year != latest_year:
        ctx.write_table("shift_share", share)


def processed_figures(
    progress_frame: pd.DataFrame,
    catalogue: pd.DataFrame,
    observations: pd.DataFrame,
    location_quotients: pd.DataFrame | None = None,
) -> dict[str, FigureOutput]:
    """Return the domain's figures by name, rebuilt from its processed tables
    (``indicator_progress``, ``indicator_catalogue``, ``indicator_observations`` and, optionally,
    ``location_quotients``): the same builders and metadata as the exported files, for notebooks.
    """
    known = sorted(set(catalogue["indicator"].astype(str)))
    catalogue_obs = observations[observations["indicator"].isin(known)]
    # the processed layer stores the flag as text
    synthetic = bool(
        catalogue_obs["synthetic"].astype(str).str.lower().isin(["true", "yes", "1"]).any()
    )
    real = observations[observations["origin"].astype(str).isin(REAL_FILES)]
    result = DomainResult(domain=DOMAIN)
    _figures(
        result,
        progress_frame,
        catalogue,
        observations,
        real,
        _period_text(catalogue_obs),
        synthetic,
    )
    if location_quotients is not None and len(location_quotients):
        lq = location_quotients.drop(columns=["year", "synthetic"], errors="ignore")
        result.figures.append(
            _location_quotient_figure(
                lq,
                str(int(location_quotients["year"].max())),
                bool(location_quotients["synthetic"].astype(bool).any()),
            )
        )
    return {figure.name: figure for figure in result.figures}


def _location_quotient_figure(lq: pd.DataFrame, period: str, synthetic: bool) -> FigureOutput:
    return FigureOutput(
        name="location_quotients",
        # the towns in one order everywhere, so each keeps its colour across charts
        build=lambda lang: ic.location_quotient_chart(lq, lang, places=TOWNS),
        meta=Meta(
            title=text(
                "Where the three municipalities specialise",
                "რა დარგებშია სპეციალიზებული სამი მუნიციპალიტეტი",
            ),
            unit=text(
                "location quotient (1 = national average)",
                "ლოკაციის კოეფიციენტი (1 = ეროვნული საშუალო)",
            ),
            period=period,
            source=SECTOR_SOURCE,
            n=str(len(lq)),
            synthetic=synthetic,
        ),
    )


def _unit_text(catalogue: pd.DataFrame, indicator: str) -> Text:
    unit = catalogue.loc[catalogue["indicator"] == indicator, "unit"]
    code = unit.iloc[0] if len(unit) else None
    return text(unit_label(code, "en"), unit_label(code, "ka"))


def _source_text(catalogue: pd.DataFrame, indicator: str) -> Text:
    rows = catalogue[catalogue["indicator"] == indicator]
    en = str(rows["source"].dropna().iloc[0]) if len(rows["source"].dropna()) else "observations"
    ka = en
    if "source_ka" in rows.columns and len(rows["source_ka"].dropna()):
        ka = str(rows["source_ka"].dropna().iloc[0])
    return text(en, ka)


def _name(catalogue: pd.DataFrame, indicator: str) -> Text:
    rows = catalogue[catalogue["indicator"] == indicator]
    if rows.empty:
        return text(indicator, indicator)
    return text(str(rows["name_en"].iloc[0]), str(rows["name_ka"].iloc[0]))


def _figures(
    result: DomainResult,
    progress_frame: pd.DataFrame,
    catalogue: pd.DataFrame,
    kept: pd.DataFrame,
    real: pd.DataFrame,
    period: str,
    synthetic: bool,
) -> None:
    # Two scorecards: the towns' LED indicators, and the cluster's own results (one column).
    town_part = progress_frame[progress_frame["place"].isin(TOWNS)]
    cluster_part = progress_frame[~progress_frame["place"].isin(TOWNS)]
    for name, part, title in (
        (
            "scorecard_towns",
            town_part,
            text(
                "LED indicators by municipality: status",
                "ადგილობრივი განვითარების ინდიკატორები მუნიციპალიტეტების მიხედვით: სტატუსი",
            ),
        ),
        (
            "scorecard_cluster",
            cluster_part,
            text(
                "The cluster's expected results: status", "კლასტერის მოსალოდნელი შედეგები: სტატუსი"
            ),
        ),
    ):
        if part.empty:
            continue
        result.figures.append(
            FigureOutput(
                name=name,
                build=lambda lang, frame=part: ic.status_scorecard(frame, catalogue, lang),
                meta=Meta(
                    title=title,
                    unit=text(
                        "status against the linear path to target",
                        "სტატუსი მიზნისკენ წრფივ გზასთან შედარებით",
                    ),
                    period=_progress_period(part),
                    source=CATALOGUE_SOURCE,
                    n=text(
                        f"{len(part)} indicator-place pairs",
                        f"ინდიკატორისა და ადგილის {len(part)} წყვილი",
                    ),
                    synthetic=synthetic,
                ),
            )
        )
    present = set(progress_frame["indicator"].astype(str))
    for indicator in [
        "cluster_members",
        "registered_wineries",
        "people_retrained",
        "registered_unemployment_share",
        "active_business_entities_per1000",
    ]:
        if indicator not in present:
            continue
        rows = progress_frame[progress_frame["indicator"] == indicator]
        is_real = indicator == "active_business_entities_per1000"
        name = _name(catalogue, indicator)
        result.figures.append(
            FigureOutput(
                name=f"bullet_{indicator}",
                build=lambda lang, i=indicator: ic.bullet_chart(progress_frame, i, catalogue, lang),
                meta=Meta(
                    title=name,
                    unit=_unit_text(catalogue, indicator),
                    period=_period_text(rows.rename(columns={"latest_year": "year"})),
                    source=GEOSTAT_SOURCE if is_real else _source_text(catalogue, indicator),
                    n=text(f"{len(rows)} places", f"{len(rows)} ადგილი"),
                    note=REAL_VALUES_NOTE if is_real and synthetic else None,
                    synthetic=synthetic,  # targets come from the catalogue
                ),
            )
        )
    for indicator in ["registered_wineries", "guest_nights", "active_business_entities_per1000"]:
        if indicator not in present:
            continue
        data = kept[kept["indicator"] == indicator]
        is_real = indicator == "active_business_entities_per1000"
        result.figures.append(
            FigureOutput(
                name=f"towns_{indicator}",
                build=lambda lang, i=indicator: ic.small_multiples(
                    kept, i, TOWNS, lang, catalogue=catalogue, progress_frame=progress_frame
                ),
                meta=Meta(
                    title=_name(catalogue, indicator),
                    unit=_unit_text(catalogue, indicator),
                    period=_period_text(data[data["place"].isin(TOWNS)]),
                    source=GEOSTAT_SOURCE if is_real else _source_text(catalogue, indicator),
                    n=text("3 municipalities", "3 მუნიციპალიტეტი"),
                    note=REAL_VALUES_NOTE if is_real and synthetic else None,
                    synthetic=synthetic,  # targets come from the catalogue
                ),
            )
        )
    if "guest_nights" in present:
        result.figures.append(
            FigureOutput(
                name="indexed_guest_nights",
                build=lambda lang: ic.indexed_lines(kept, "guest_nights", 2019, lang, places=TOWNS),
                meta=Meta(
                    title=text(
                        "Guest-nights, indexed to 2019", "სტუმარ-ღამეები, ინდექსი (2019 = 100)"
                    ),
                    unit=text("index, 2019 = 100", "ინდექსი, 2019 = 100"),
                    period=_period_text(kept[kept["indicator"] == "guest_nights"]),
                    source=_source_text(catalogue, "guest_nights"),
                    n=text("3 municipalities", "3 მუნიციპალიტეტი"),
                    note=text(
                        "No line across a series break (change of counting method).",
                        "რიგის წყვეტაზე (დათვლის მეთოდის ცვლილება) ხაზი არ გრძელდება.",
                    ),
                    synthetic=synthetic,
                ),
            )
        )
    business = kept[kept["indicator"] == "active_business_entities_per1000"]
    since_rebasing = business[business["year"] >= CENSUS_REBASED_FROM]
    if len(since_rebasing):
        result.figures.append(
            FigureOutput(
                name="indexed_business_entities",
                build=lambda lang: ic.indexed_lines(
                    since_rebasing,
                    "active_business_entities_per1000",
                    CENSUS_REBASED_FROM,
                    lang,
                    places=[*TOWNS, "imereti", "georgia"],
                ),
                meta=Meta(
                    title=text(
                        "Active business entities per 1,000 population, indexed to 2015",
                        "მოქმედი ბიზნეს სუბიექტები მოსახლეობის 1 000 კაცზე, ინდექსი (2015 = 100)",
                    ),
                    unit=text("index, 2015 = 100", "ინდექსი, 2015 = 100"),
                    period=_period_text(since_rebasing),
                    source=GEOSTAT_SOURCE,
                    n=text(
                        "5 areas (3 municipalities, Imereti, Georgia)",
                        "5 ტერიტორია (3 მუნიციპალიტეტი, იმერეთი, საქართველო)",
                    ),
                    note=text(
                        "From 2015 the rates use the census-2014 population (an apparent series "
                        "break); earlier years are not comparable and not shown.",
                        "2015 წლიდან მაჩვენებლები 2014 წლის აღწერის მოსახლეობას ეყრდნობა "
                        "(სავარაუდო რიგის წყვეტა); ადრინდელი წლები შესადარისი არ არის და არ არის "
                        "ნაჩვენები.",
                    ),
                    synthetic=False,
                ),
            )
        )
    population = real[real["indicator"] == "population"] if len(real) else real
    if len(population):
        result.figures.append(
            FigureOutput(
                name="population_real",
                build=lambda lang: ic.series_lines(
                    kept,
                    "population",
                    lang,
                    # the towns' order everywhere (same colours), then the towns themselves
                    places=[*TOWNS, "zestaponi_town", "chiatura_town"],
                ),
                meta=Meta(
                    title=text(
                        "Population: censuses and estimates", "მოსახლეობა: აღწერები და შეფასებები"
                    ),
                    unit=text("persons", "პირი"),
                    period=_period_text(population),
                    source=REAL_SOURCE,
                    n=str(len(population)),
                    note=text(
                        "The 2014 census rebased the series: the drop at the break is a change "
                        "of method, not a decline.",
                        "2014 წლის აღწერამ რიგი გადაანგარიშა: წყვეტაზე ვარდნა მეთოდის "
                        "ცვლილებაა და არა კლება.",
                    ),
                    synthetic=False,
                ),
            )
        )


def _findings(
    result: DomainResult,
    progress_frame: pd.DataFrame,
    catalogue: pd.DataFrame,
    kept: pd.DataFrame,
    real: pd.DataFrame,
    synthetic: bool,
) -> None:
    town_rows = progress_frame[
        progress_frame["place"].isin(TOWNS)
        & (progress_frame["indicator"] != "active_business_entities_per1000")
    ]
    result.findings.append(
        fi.status_summary_finding(progress_frame, source=CATALOGUE_SOURCE, synthetic=synthetic)
    )
    result.findings.extend(
        fi.place_status_findings(town_rows, TOWNS, source=CATALOGUE_SOURCE, synthetic=synthetic)
    )
    members = fi.cluster_members_finding(
        progress_frame, catalogue, source=CATALOGUE_SOURCE, synthetic=synthetic
    )
    if members is not None:
        result.findings.append(members)
    if len(real):
        brk = fi.real_break_finding(real)
        if brk is not None:
            result.findings.append(brk)
    growth = fi.real_growth_finding(
        kept,
        "active_business_entities_per1000",
        TOWNS,
        2015,
        2021,
        label=text(
            "Active business entities per 1,000 population",
            "მოქმედი ბიზნეს სუბიექტები მოსახლეობის 1 000 კაცზე",
        ),
        source=GEOSTAT_SOURCE,
    )
    if growth is not None:
        result.findings.append(growth)
