"""``cluster-analysis pull kobo | odk | geostat``: download into the raw folder.

Each command prints what it wrote (or that nothing changed) and exits 0; any failure prints one
line naming what failed and exits 2 with nothing written.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from cluster_analysis.config import get_paths
from cluster_analysis.errors import InputError
from cluster_analysis.pull.http import Policy, PullError

pull_app = typer.Typer(
    name="pull",
    help="Download survey waves (KoboToolbox, ODK Central) or Geostat tables into the raw folder.",
    no_args_is_help=True,
    add_completion=False,
)
out = Console(stderr=False, highlight=False)
err = Console(stderr=True, highlight=False)


class Lang(StrEnum):
    en = "en"
    ka = "ka"


RootOpt = Annotated[Path | None, typer.Option("--root", help="Project root.")]
RawOpt = Annotated[
    Path | None, typer.Option("--raw", help="Raw input folder (env CLUSTER_ANALYSIS_RAW).")
]
WaveOpt = Annotated[str, typer.Option("--wave", help="Wave id to register, e.g. 2026-2.")]
PeriodOpt = Annotated[
    str | None, typer.Option("--period", help="Period label for waves.csv (default: the wave id).")
]
PeriodKaOpt = Annotated[
    str | None,
    typer.Option(
        "--period-ka",
        help="The period in Georgian for waves.csv (default: written from --period, "
        "e.g. '2025 წლის II ნახევარი' from '2025 H2').",
    ),
]
RetriesOpt = Annotated[
    int,
    typer.Option("--retries", min=0, max=10, help="Retries after a 429/5xx or network failure."),
]
MaxWaitOpt = Annotated[
    float,
    typer.Option("--max-wait", min=0, help="Longest wait in seconds between attempts."),
]
TimeoutOpt = Annotated[float, typer.Option("--timeout", min=1, help="Seconds per request.")]
LangOpt = Annotated[Lang, typer.Option("--lang", help="Language of messages: en or ka.")]


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _policy(retries: int, max_wait: float, timeout: float) -> Policy:
    return Policy(timeout=timeout, retries=retries, backoff=min(1.0, max_wait), max_wait=max_wait)


def _guard(lang: Lang, action: Callable[[], None]) -> None:
    """Run ``action``; a pull failure or bad input prints one line and exits 2."""
    try:
        action()
    except PullError as exc:
        err.print(f"[red]error:[/red] {escape(exc.line(lang.value))}", soft_wrap=True)
        raise typer.Exit(2) from None
    except InputError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}", soft_wrap=True)
        raise typer.Exit(2) from None


def _say(lang: Lang, en: str, ka: str) -> None:
    out.print(escape(ka if lang is Lang.ka else en), soft_wrap=True)


def _report_survey(lang: Lang, outcome: Any, raw: Path) -> None:
    record = outcome.record
    rows = ", ".join(f"{name} {n}" for name, n in record["rows"].items())
    export = record["export"]["file"]
    for en, ka in outcome.notes:
        _say(lang, f"note: {en}", f"შენიშვნა: {ka}")
    if not outcome.written:
        _say(
            lang,
            f"{export}: unchanged since {record['pulled_at']} ({rows} rows); nothing written",
            f"{export}: უცვლელია {record['pulled_at']}-დან ({rows} სტრიქონი); არაფერი ჩაწერილა",
        )
        return
    names = ", ".join(str(p.relative_to(raw)) for p in outcome.written)
    _say(
        lang,
        f"{export}: {rows} rows; wrote {names}",
        f"{export}: {rows} სტრიქონი; ჩაიწერა {names}",
    )


@pull_app.command("kobo")
def pull_kobo_command(
    asset: Annotated[str, typer.Argument(help="The asset (form) uid, e.g. aBcD1234eFgH.")],
    wave: WaveOpt,
    url: Annotated[
        str, typer.Option("--url", help="Server: kf (global), eu.kobotoolbox.org or your own.")
    ] = "https://kf.kobotoolbox.org",
    period: PeriodOpt = None,
    period_ka: PeriodKaOpt = None,
    root: RootOpt = None,
    raw: RawOpt = None,
    retries: RetriesOpt = 4,
    max_wait: MaxWaitOpt = 60.0,
    timeout: TimeoutOpt = 60.0,
    lang: LangOpt = Lang.en,
) -> None:
    """Download a KoboToolbox form and all its submissions as a survey wave (token: KOBO_TOKEN)."""
    from cluster_analysis.pull.kobo import kobo_token, pull_kobo
    from cluster_analysis.pull.survey import write_survey

    def action() -> None:
        folder = get_paths(root, raw=raw).raw_for("survey")
        token = kobo_token()
        pulled = pull_kobo(
            asset,
            wave,
            url=url,
            token=token,
            policy=_policy(retries, max_wait, timeout),
            period=period,
            period_ka=period_ka,
        )
        _report_survey(lang, write_survey(folder, pulled, _now()), folder)

    _guard(lang, action)


@pull_app.command("odk")
def pull_odk_command(
    project: Annotated[str, typer.Argument(help="ODK Central project id (a number).")],
    form: Annotated[str, typer.Argument(help="The form id (xmlFormId).")],
    wave: WaveOpt,
    url: Annotated[
        str | None, typer.Option("--url", help="ODK Central server (env ODK_CENTRAL_URL).")
    ] = None,
    period: PeriodOpt = None,
    period_ka: PeriodKaOpt = None,
    root: RootOpt = None,
    raw: RawOpt = None,
    retries: RetriesOpt = 4,
    max_wait: MaxWaitOpt = 60.0,
    timeout: TimeoutOpt = 60.0,
    lang: LangOpt = Lang.en,
) -> None:
    """Download an ODK Central form and all its submissions as a survey wave (credentials:
    ODK_CENTRAL_TOKEN, or ODK_CENTRAL_EMAIL and ODK_CENTRAL_PASSWORD)."""
    from cluster_analysis.pull.odk import URL_ENV, odk_session_token, pull_odk
    from cluster_analysis.pull.survey import write_survey

    def action() -> None:
        server = url or os.environ.get(URL_ENV, "").strip()
        if not server:
            raise PullError(
                f"give the ODK Central server with --url or {URL_ENV}",
                f"მიუთითეთ ODK Central-ის სერვერი --url-ით ან {URL_ENV}-ით",
            )
        folder = get_paths(root, raw=raw).raw_for("survey")
        policy = _policy(retries, max_wait, timeout)
        token = odk_session_token(server, policy)
        pulled = pull_odk(
            project,
            form,
            wave,
            url=server,
            token=token,
            policy=policy,
            period=period,
            period_ka=period_ka,
        )
        _report_survey(lang, write_survey(folder, pulled, _now()), folder)

    _guard(lang, action)


@pull_app.command("geostat")
def pull_geostat_command(
    table: Annotated[
        str,
        typer.Argument(help="Table path under the database, e.g. 'Regional Statistics/.../X.px'."),
    ],
    query: Annotated[
        Path | None, typer.Option("--query", help="A PxWeb JSON query file for the table.")
    ] = None,
    place: Annotated[
        list[str] | None,
        typer.Option("--place", help="Keep only this place (repeatable), e.g. Zestaponi."),
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", help="Answer format: px, csv, json-stat2 or xlsx.")
    ] = "px",
    name: Annotated[
        str | None, typer.Option("--name", help="File name to save under (no extension).")
    ] = None,
    url: Annotated[
        str, typer.Option("--url", help="PxWeb API base.")
    ] = "https://pc-axis.geostat.ge/PXWeb/api/v1",
    table_lang: Annotated[
        str, typer.Option("--table-lang", help="Language of the table: en or ka.")
    ] = "en",
    root: RootOpt = None,
    raw: RawOpt = None,
    retries: RetriesOpt = 4,
    max_wait: MaxWaitOpt = 60.0,
    timeout: TimeoutOpt = 60.0,
    lang: LangOpt = Lang.en,
) -> None:
    """Download one table of Geostat's statistical database (PxWeb) into indicators/geostat."""
    from cluster_analysis.pull.geostat import pull_geostat, read_query, write_table

    def action() -> None:
        if (query is None) == (not place):
            raise PullError(
                "give either --query FILE or --place NAME",
                "მიუთითეთ ან --query FILE, ან --place NAME",
            )
        folder = get_paths(root, raw=raw).raw_for("indicators") / "geostat"
        pulled = pull_geostat(
            table,
            query=read_query(query) if query is not None else None,
            places=list(place or []),
            out_dir=folder,
            url=url,
            lang=table_lang,
            fmt=fmt,
            policy=_policy(retries, max_wait, timeout),
            name=name,
        )
        written, record = write_table(pulled, _now())
        shown = pulled.path.name
        if not written:
            _say(
                lang,
                f"{shown}: unchanged since {record['pulled_at']}; nothing written",
                f"{shown}: უცვლელია {record['pulled_at']}-დან; არაფერი ჩაწერილა",
            )
        else:
            _say(
                lang,
                f"{shown}: {len(pulled.data)} bytes; wrote {', '.join(p.name for p in written)}",
                f"{shown}: {len(pulled.data)} ბაიტი; ჩაიწერა {', '.join(p.name for p in written)}",
            )

    _guard(lang, action)
