"""The command line: ``cluster-analysis run | validate | report | pull``.

Errors a user can cause print one line and exit 2 (bad usage, unreadable file) — no traceback
unless ``--debug``. ``--strict`` makes any rejected row exit 1.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from cluster_analysis import __version__
from cluster_analysis.config import DOMAINS, Settings, get_paths
from cluster_analysis.errors import InputError
from cluster_analysis.pull.commands import pull_app

app = typer.Typer(
    name="cluster-analysis",
    help=(
        "Turn a cluster's member surveys, LED indicators and bargaining-pool demand into validated "
        "data, donor-ready charts, tables and findings (English and Georgian)."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(pull_app, name="pull")
console = Console(stderr=False, highlight=False)
errors = Console(stderr=True, highlight=False)


class Lang(StrEnum):
    en = "en"
    ka = "ka"
    both = "both"


class State:
    debug = False
    quiet = False


MESSAGES = {
    "done": {"en": "Done in {s:.1f} s", "ka": "დასრულდა {s:.1f} წამში"},
    "rejected": {
        "en": "{r} of {n} input rows were rejected: see {path}",
        "ka": "{n} შეყვანილი სტრიქონიდან {r} უარყოფილია: იხ. {path}",
    },
    "clean": {
        "en": "All {n} input rows passed validation",
        "ka": "ყველა {n} სტრიქონმა გაიარა შემოწმება",
    },
    "failed": {"en": "{d} could not run: {m}", "ka": "{d} ვერ შესრულდა: {m}"},
}


def _say(key: str, lang: str, **values: object) -> str:
    return MESSAGES[key]["ka" if lang == "ka" else "en"].format(**values)


def _version(value: bool) -> None:
    if value:
        console.print(f"cluster-analysis {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    debug: Annotated[bool, typer.Option("--debug", help="Show full tracebacks on errors.")] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print only errors and the summary.")
    ] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Global options."""
    State.debug = debug
    State.quiet = quiet


RootOpt = Annotated[
    Path | None,
    typer.Option(
        "--root",
        help="Project root (default: the folder with pyproject.toml; env CLUSTER_ANALYSIS_ROOT).",
    ),
]
RawOpt = Annotated[
    Path | None, typer.Option("--raw", help="Raw input folder (env CLUSTER_ANALYSIS_RAW).")
]
ProcessedOpt = Annotated[
    Path | None,
    typer.Option("--processed", help="Processed output folder (env CLUSTER_ANALYSIS_PROCESSED)."),
]
ReportsOpt = Annotated[
    Path | None, typer.Option("--reports", help="Reports folder (env CLUSTER_ANALYSIS_REPORTS).")
]
LangOpt = Annotated[
    Lang, typer.Option("--lang", help="Language of reports and messages: en, ka or both.")
]
StrictOpt = Annotated[
    bool, typer.Option("--strict", help="Exit with code 1 when any input row is rejected.")
]
FormatsOpt = Annotated[
    str,
    typer.Option("--formats", help="Figure formats, comma-separated: png,pdf,svg,html."),
]


def _langs(lang: Lang) -> tuple[str, ...]:
    return ("en", "ka") if lang is Lang.both else (lang.value,)


def _run(
    domains: list[str],
    *,
    root: Path | None,
    raw: Path | None,
    processed: Path | None,
    reports: Path | None,
    lang: Lang,
    strict: bool,
    formats: str,
    no_static: bool,
    write_processed: bool,
) -> None:
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from cluster_analysis.pipeline import RunOptions, domains_from, run_pipeline

    paths = get_paths(root, raw=raw, processed=processed, reports=reports)
    chosen = domains_from(domains)
    message_lang = "ka" if lang is Lang.ka else "en"
    fmt = tuple(f.strip().lower() for f in formats.split(",") if f.strip())
    unknown = set(fmt) - {"png", "pdf", "svg", "html"}
    if unknown:
        raise InputError(
            f"unknown figure format(s) {', '.join(sorted(unknown))}; use png,pdf,svg,html"
        )
    options = RunOptions(
        domains=chosen,
        langs=_langs(lang),
        formats=fmt,
        static_export=not no_static,
        write_processed=write_processed,
    )
    settings = Settings(lang=message_lang, strict=strict)
    with Progress(
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=State.quiet or not console.is_terminal,
    ) as bar:
        task = bar.add_task("starting", total=None)

        def step(message: str) -> None:
            bar.update(task, description=message)
            if not State.quiet and not console.is_terminal:
                console.print(f"· {escape(message)}")

        summary = run_pipeline(paths, settings, options, progress=step)

    table = Table(title="cluster-analysis run", show_lines=False)
    for column in ("table", "source", "rows in", "valid", "rejected"):
        table.add_column(
            column, justify="right" if column in {"rows in", "valid", "rejected"} else "left"
        )
    for item in summary.validation:
        table.add_row(
            escape(str(item["table"])),
            escape(Path(str(item["source"])).name),
            str(item["rows_in"]),
            str(item["rows_valid"]),
            str(item["rows_rejected"]),
        )
    if not State.quiet:
        console.print(table)
        for warning in summary.warnings:
            console.print(f"[yellow]warning:[/yellow] {escape(warning)}")
    for domain, message in summary.errors.items():
        errors.print(
            f"[red]error:[/red] {escape(_say('failed', message_lang, d=domain, m=message))}"
        )
    rejects_path = paths.validation / "rejects.xlsx"
    if summary.rejected_rows:
        console.print(
            escape(
                _say(
                    "rejected",
                    message_lang,
                    r=summary.rejected_rows,
                    n=summary.rows_in,
                    path=rejects_path,
                )
            )
        )
    else:
        console.print(_say("clean", message_lang, n=summary.rows_in))
    console.print(_say("done", message_lang, s=summary.seconds))
    if summary.errors:
        raise typer.Exit(2)
    if strict and summary.rejected_rows:
        raise typer.Exit(1)


@app.command()
def run(
    domains: Annotated[
        list[str] | None,
        typer.Argument(
            help=f"Domains to run: {', '.join(DOMAINS)} (default: all).", show_default=False
        ),
    ] = None,
    root: RootOpt = None,
    raw: RawOpt = None,
    processed: ProcessedOpt = None,
    reports: ReportsOpt = None,
    lang: LangOpt = Lang.both,
    strict: StrictOpt = False,
    formats: FormatsOpt = "png,pdf,svg,html",
    no_static: Annotated[
        bool, typer.Option("--no-static", help="Skip PNG/PDF/SVG export (HTML only).")
    ] = False,
) -> None:
    """Validate the raw data, write data/processed and build every report."""
    _run(
        domains or [],
        root=root,
        raw=raw,
        processed=processed,
        reports=reports,
        lang=lang,
        strict=strict,
        formats=formats,
        no_static=no_static,
        write_processed=True,
    )


@app.command()
def report(
    domains: Annotated[
        list[str] | None,
        typer.Argument(
            help=f"Domains to report on: {', '.join(DOMAINS)} (default: all).", show_default=False
        ),
    ] = None,
    root: RootOpt = None,
    raw: RawOpt = None,
    reports: ReportsOpt = None,
    lang: LangOpt = Lang.both,
    formats: FormatsOpt = "png,pdf,svg,html",
    no_static: Annotated[bool, typer.Option("--no-static", help="HTML figures only.")] = False,
) -> None:
    """Rebuild figures, tables.xlsx, findings briefs and the figure catalogue (processed data untouched)."""
    _run(
        domains or [],
        root=root,
        raw=raw,
        processed=None,
        reports=reports,
        lang=lang,
        strict=False,
        formats=formats,
        no_static=no_static,
        write_processed=False,
    )


@app.command()
def validate(
    file: Annotated[Path, typer.Argument(help="The file to check (.xlsx, .csv or .parquet).")],
    kind: Annotated[
        str,
        typer.Option(
            "--kind",
            help="What the file holds: survey, register, cleaning-log, catalogue, observations, "
            "geostat, px, demand, offers, funding-programmes, service-providers, experts, "
            "technology-providers, events, talent-pool.",
        ),
    ],
    root: RootOpt = None,
    raw: RawOpt = None,
    reports: ReportsOpt = None,
    lang: LangOpt = Lang.en,
    strict: StrictOpt = False,
) -> None:
    """Check one file without running the pipeline; list every rejected row with its reasons."""
    from cluster_analysis.pipeline import domain_module, make_context
    from cluster_analysis.reports.excel import write_rejects_xlsx

    paths = get_paths(root, raw=raw, reports=reports)
    owners = {}
    for domain in DOMAINS:
        for name, check in getattr(domain_module(domain), "VALIDATORS", {}).items():
            owners[name] = (domain, check)
    # the indicator kinds live beside the indicators pipeline (catalogue, observations, geostat, px)
    from cluster_analysis.indicators.validators import VALIDATORS as INDICATOR_VALIDATORS

    for name, check in INDICATOR_VALIDATORS.items():
        owners.setdefault(name, ("indicators", check))
    if kind not in owners:
        raise InputError(f"unknown --kind '{kind}'; expected one of {', '.join(sorted(owners))}")
    if not file.exists():
        raise InputError("file not found", path=file)
    domain, check = owners[kind]
    ctx = make_context(paths, domain=domain)
    results = check(ctx, file)
    rejects = ctx.all_rejects()
    column = "reason_ka" if lang is Lang.ka else "reason_en"
    shown = Table(title=escape(f"{file.name}: {kind}"))
    for header in ("row", "column", "value", "reason"):
        shown.add_column(header)
    for record in rejects.head(200).itertuples():
        shown.add_row(
            str(record.row),
            escape(str(record.column or "")),
            escape(str(record.value or "")),
            escape(str(getattr(record, column))),
        )
    rows_in = sum(r.rows_in for r in results)
    rejected = sum(r.rows_rejected for r in results) + (
        pd_concat_len(ctx.extra_rejects) if ctx.extra_rejects else 0
    )
    if len(rejects):
        if not State.quiet:
            console.print(shown)
        out = paths.validation / f"{file.stem}-rejects.xlsx"
        import pandas as pd

        summary = pd.DataFrame([r.summary() for r in results])
        write_rejects_xlsx(rejects, summary, out)
        console.print(escape(f"{rejected} of {rows_in} rows rejected; details in {out}"))
    else:
        console.print(escape(f"{file.name}: all {rows_in} rows are valid"))
    if strict and len(rejects):
        raise typer.Exit(1)


def pd_concat_len(frames: list) -> int:
    """Distinct rejected rows among rejects tables produced outside pandera."""
    import pandas as pd

    merged = pd.concat(frames, ignore_index=True)
    return int(merged[["source", "row"]].drop_duplicates().shape[0])


def main() -> None:
    """Console-script entry point: one-line errors, exit 2 for bad input or usage."""
    debug = "--debug" in sys.argv
    try:
        # without standalone mode click returns a typer.Exit's code instead of raising it
        code = app(standalone_mode=False)
        if isinstance(code, int) and code:
            sys.exit(code)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        errors.print("aborted")
        sys.exit(130)
    except InputError as exc:
        if debug:
            raise
        errors.print(f"[red]error:[/red] {escape(str(exc))}", soft_wrap=True)
        sys.exit(2)
    except Exception as exc:  # click usage errors and anything unexpected
        # typer vendors click (typer._click); recognise its exceptions by what they offer
        if hasattr(exc, "format_message") and hasattr(exc, "exit_code"):
            errors.print(f"[red]usage error:[/red] {escape(exc.format_message())}")
            sys.exit(2 if exc.exit_code == 2 else exc.exit_code)
        if debug:
            raise
        errors.print(
            f"[red]internal error:[/red] {type(exc).__name__}: {escape(str(exc))} "
            "(rerun with --debug for details)"
        )
        sys.exit(3)
    sys.exit(0)


if __name__ == "__main__":
    main()
