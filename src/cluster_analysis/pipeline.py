"""Run the domain pipelines and the report layer as one atomic, locked, reproducible run.

``run_pipeline`` is what ``cluster-analysis run`` calls:

1. take the run lock on the processed folder (two runs at once get a clear message);
2. stage processed data and reports in hidden folders beside their targets;
3. run each domain's ``pipeline.run(ctx)``, or reuse its outputs when its key (input hashes, code
   version, parameters: :mod:`cluster_analysis.cache`) is the one of an earlier run; a domain whose
   input cannot be read fails with its one-line message while the other domains go on;
4. write the staff's rejects workbook and the suppression log under reports/validation/;
5. export figures (one kaleido session; unchanged figures copied from the figure cache), tables.xlsx,
   the findings briefs and the figure catalogue; when every domain was reused and the reports are
   the ones the same key produced, reports are left as they are;
6. write the run manifest (each domain's key and whether it was reused), then move every staged
   file into place.

``RunOptions(force=True)`` (``cluster-analysis run --force``) recomputes every domain and renders
every figure, refreshing the caches.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from cluster_analysis.cache import DomainCache, DomainEntry, built, code_version, folder_hashes
from cluster_analysis.config import DOMAINS, Paths, Settings, get_paths
from cluster_analysis.context import RunContext
from cluster_analysis.errors import InputError
from cluster_analysis.outputs import DomainResult
from cluster_analysis.store import Manifest, Staging, atomic_write_text, run_lock, sha256_of

if TYPE_CHECKING:
    from cluster_analysis.charts.export import FigureExporter
    from cluster_analysis.reports.prerender import FigurePrerender


@dataclass
class RunOptions:
    """What a run does beyond processing: reports, languages, figure formats."""

    domains: tuple[str, ...] = DOMAINS
    langs: tuple[str, ...] = ("en", "ka")
    formats: tuple[str, ...] = ("png", "pdf", "svg", "html")
    write_reports: bool = True
    static_export: bool = True
    write_processed: bool = True
    force: bool = False
    template: Path | None = None  # the organisation's Word template for the brief


@dataclass
class RunSummary:
    """What a run did, for the CLI's closing table and for tests."""

    results: dict[str, DomainResult] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    validation: list[dict[str, object]] = field(default_factory=list)
    rejected_rows: int = 0
    rows_in: int = 0
    warnings: list[str] = field(default_factory=list)
    manifest_path: Path | None = None
    outputs: list[Path] = field(default_factory=list)
    seconds: float = 0.0


def make_context(
    paths: Paths | Path | str,
    *,
    settings: Settings | None = None,
    processed_dir: Path | None = None,
    progress: Callable[[str], None] | None = None,
    domain: str = "",
) -> RunContext:
    """Return a run context (for tests and notebooks): ``paths`` may be a project root."""
    if not isinstance(paths, Paths):
        paths = get_paths(paths)
    settings = settings or Settings()
    manifest = Manifest(run_id="adhoc", parameters={})
    ctx = RunContext(
        paths=paths,
        settings=settings,
        manifest=manifest,
        processed_dir=processed_dir or paths.processed,
        progress=progress or (lambda message: None),
    )
    return ctx.for_domain(domain)


def domain_module(domain: str):
    """Import a domain's pipeline module (``cluster_analysis.<domain>.pipeline``)."""
    if domain not in DOMAINS:
        raise InputError(f"unknown domain '{domain}'; expected one of {', '.join(DOMAINS)}")
    return import_module(f"cluster_analysis.{domain}.pipeline")


def run_pipeline(
    paths: Paths,
    settings: Settings | None = None,
    options: RunOptions | None = None,
    progress: Callable[[str], None] | None = None,
    on_figure: Callable[[int, int], None] | None = None,
) -> RunSummary:
    """Run the chosen domains and reports; return a :class:`RunSummary`.

    ``progress`` hears each step; ``on_figure(done, total)`` counts the figures exported.
    Raises :class:`~cluster_analysis.errors.RunLockedError` when another run holds the lock.
    """
    settings = settings or Settings()
    options = options or RunOptions()
    say = progress or (lambda message: None)
    started = time.perf_counter()
    summary = RunSummary()
    for domain in options.domains:  # unknown domain names fail before anything is written
        if domain not in DOMAINS:
            raise InputError(f"unknown domain '{domain}'; expected one of {', '.join(DOMAINS)}")
    # (a domain's module is imported only when the domain runs: a rerun that reuses every domain
    # imports none of them)
    with run_lock(paths.processed):
        processed = Staging(paths.processed)
        reports = Staging(paths.reports)
        run_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        manifest = Manifest(
            run_id=run_id,
            parameters={
                "domains": list(options.domains),
                "langs": list(options.langs),
                "formats": list(options.formats),
                "min_cell": settings.min_cell,
                "seed": settings.seed,
                "raw": str(paths.raw),
                "force": options.force,
                # sha256 of the package's files and library versions: part of every domain's key
                "code_version": code_version(),
                "lock_file": lock_file_record(paths),
            },
        )
        ctx = RunContext(
            paths=paths,
            settings=settings,
            manifest=manifest,
            processed_dir=processed.path,
            progress=say,
        )
        cache = DomainCache(processed.path)
        prerender = _prerender(options, reports.path, cache.folder / "figures")
        try:
            with manifest.timed("domains (with cache checks)"):
                _run_domains(
                    ctx,
                    cache,
                    options,
                    summary,
                    on_computed=None if prerender is None else prerender.submit,
                )
            reports_key = _reports_key(manifest, options)
            if _reports_current(cache, reports.path, reports_key, manifest, options):
                say("reports unchanged: kept")
            else:
                say("validation report")
                with manifest.timed("validation report and data dictionary"):
                    _write_validation_reports(ctx, summary, reports.path / "validation")
                    _write_data_dictionary(processed.path, reports.path)
                if options.write_reports and summary.results:
                    from cluster_analysis.reports.build import build_reports

                    build_reports(
                        list(summary.results.values()),
                        out_dir=reports.path,
                        langs=options.langs,
                        formats=options.formats if options.static_export else ("html",),
                        progress=say,
                        warn=ctx.warn,
                        figure_cache=cache.folder / "figures",
                        refresh_cache=options.force,
                        on_figure=on_figure,
                        template=options.template,
                        timed=manifest.timed,
                        exporter=_prerendered(prerender, ctx),
                    )
                _remember_reports(cache, reports.path, reports_key, summary)
            manifest.status = "failed" if summary.errors else "ok"
            manifest.finished = datetime.now(UTC).isoformat(timespec="seconds")
            manifest_path = processed.path / "manifests" / f"run-{run_id}.json"
            for staged in sorted(reports.path.rglob("*")):
                if staged.is_file():
                    manifest.add_output(
                        paths.reports / staged.relative_to(reports.path), None, paths.root
                    )
            atomic_write_text(manifest_path, manifest.to_json())
            say("saving outputs")
            if not options.write_processed:
                # `report` rebuilds the reports only; the manifest of such a run stays with them
                (reports.path / "manifests").mkdir(parents=True, exist_ok=True)
                manifest_path.replace(reports.path / "manifests" / manifest_path.name)
                processed.discard()
                summary.outputs = reports.commit()
            else:
                summary.outputs = processed.commit() + reports.commit()
        except BaseException:
            if prerender is not None:
                prerender.close()
            processed.discard()
            reports.discard()
            raise
        if prerender is not None:
            prerender.close()
    summary.manifest_path = paths.processed / "manifests" / f"run-{run_id}.json"
    summary.validation = manifest.validation
    summary.rows_in = sum(int(str(v["rows_in"])) for v in manifest.validation)
    summary.rejected_rows = sum(int(str(v["rows_rejected"])) for v in manifest.validation) + sum(
        len(r) for r in ctx.extra_rejects
    )
    summary.warnings = list(ctx.warnings)
    summary.seconds = time.perf_counter() - started
    return summary


def lock_file_record(paths: Paths) -> dict[str, str] | None:
    """The pinned dependencies the environment was installed from (``requirements.lock`` of the
    source tree or of the project): its name and sha256, or None when there is none."""
    source_tree = Path(__file__).resolve().parents[2]
    for folder in dict.fromkeys([source_tree, paths.root]):
        lock = folder / "requirements.lock"
        if lock.is_file():
            return {"path": lock.name, "sha256": sha256_of(lock)}
    return None


def domain_parameters(settings: Settings, options: RunOptions) -> dict[str, object]:
    """The parameters in a domain's key: every run setting and the report languages (figures
    and files are built per language)."""
    return {**asdict(settings), "langs": list(options.langs)}


def _prerender(
    options: RunOptions, reports_dir: Path, figure_cache: Path
) -> FigurePrerender | None:
    """A figure pre-renderer for a run that exports static figures, else None."""
    if not (options.write_reports and options.static_export):
        return None
    if not set(options.formats) & {"png", "pdf", "svg"}:
        return None
    from cluster_analysis.reports.prerender import FigurePrerender

    return FigurePrerender(
        out_dir=reports_dir,
        figure_cache=figure_cache,
        langs=options.langs,
        formats=options.formats,
        refresh_cache=options.force,
    )


def _prerendered(prerender: FigurePrerender | None, ctx: RunContext) -> FigureExporter | None:
    """Wait for the pre-rendered figures; return the exporter that rendered them (or None)."""
    if prerender is None:
        return None
    with ctx.manifest.timed("figure export: waiting for pre-rendering"):
        exporter = prerender.finish()
    for message in prerender.warnings:
        ctx.warn(message)
    return exporter


def _run_domains(
    ctx: RunContext,
    cache: DomainCache,
    options: RunOptions,
    summary: RunSummary,
    on_computed: Callable[[DomainResult], None] | None = None,
) -> None:
    """Run (or reuse) each chosen domain in order, filling ``summary`` and the manifest;
    ``on_computed(result)`` hears each domain that was computed (not reused)."""
    code = code_version()
    parameters = domain_parameters(ctx.settings, options)
    kept: dict[str, DomainEntry] = {}  # the entries this run holds, for pruning the blobs
    for domain in options.domains:
        ctx.for_domain(domain)
        raw = folder_hashes(ctx.paths.raw_for(domain))
        entry = None if options.force else cache.load(domain)
        reason = "forced" if options.force else None
        if entry is None and reason is None:
            reason = cache.unusable.get(domain, "no earlier run")
        if entry is not None:
            reason = cache.stale_reason(entry, raw=raw, code=code, parameters=parameters)
        if entry is not None and reason is None:
            ctx.progress(f"{domain}: unchanged, outputs reused")
            cache.restore(entry)
            _replay(ctx, entry)
            summary.results[domain] = entry.result
            ctx.manifest.domains[domain] = {"key": entry.key_digest(), "reused": True}
            kept[domain] = entry
            continue
        ctx.progress(f"{domain}: processing ({reason})")
        marks = _marks(ctx)
        ctx.reads, ctx.written = {}, []
        try:
            with ctx.manifest.timed(f"domain {domain}"):
                result = built(domain_module(domain).run(ctx), options.langs)
                ctx.write_table("findings", findings_table(result))
        except InputError as exc:
            summary.errors[domain] = str(exc)
            ctx.warn(f"{domain}: {exc}")
            ctx.manifest.domains[domain] = {"key": None, "reused": False, "reason": str(exc)}
            continue
        summary.results[domain] = result
        if on_computed is not None:
            on_computed(result)
        entry = DomainEntry(
            domain=domain,
            raw=raw,
            reads=dict(ctx.reads),
            code=code,
            parameters=parameters,
            result=result,
            collected=_collected(ctx, marks),
            outputs={
                path.relative_to(ctx.processed_dir).as_posix(): sha256_of(path)
                for path in ctx.written
            },
        )
        cache.save(entry)
        kept[domain] = entry
        ctx.manifest.domains[domain] = {
            "key": entry.key_digest(),
            "reused": False,
            "reason": reason,
        }
    cache.prune_blobs(kept)


#: What a domain adds to the run's collectors, replayed when its outputs are reused.
_COLLECTORS: dict[str, Callable[[RunContext], list]] = {
    "validations": lambda ctx: ctx.validations,
    "extra_rejects": lambda ctx: ctx.extra_rejects,
    "warnings": lambda ctx: ctx.warnings,
    "manifest_inputs": lambda ctx: ctx.manifest.inputs,
    "manifest_outputs": lambda ctx: ctx.manifest.outputs,
    "manifest_validation": lambda ctx: ctx.manifest.validation,
    "manifest_warnings": lambda ctx: ctx.manifest.warnings,
}


def _marks(ctx: RunContext) -> dict[str, int]:
    return {name: len(get(ctx)) for name, get in _COLLECTORS.items()}


def _collected(ctx: RunContext, marks: dict[str, int]) -> dict[str, list]:
    return {name: list(get(ctx)[marks[name] :]) for name, get in _COLLECTORS.items()}


def _replay(ctx: RunContext, entry: DomainEntry) -> None:
    for name, get in _COLLECTORS.items():
        target = get(ctx)
        for item in entry.collected.get(name, []):
            if name != "manifest_inputs" or item not in target:
                target.append(item)


def _reports_key(manifest: Manifest, options: RunOptions) -> str:
    """A sha256 over every domain's key and the report options."""
    parts = [
        sorted((d, str(v.get("key"))) for d, v in manifest.domains.items()),
        list(options.langs),
        list(options.formats),
        options.static_export,
        options.write_reports,
        code_version(),
        # a changed Word template changes the briefs
        hashlib.sha256(options.template.read_bytes()).hexdigest() if options.template else None,
    ]
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()


def _reports_current(
    cache: DomainCache, reports_dir: Path, key: str, manifest: Manifest, options: RunOptions
) -> bool:
    """True when every domain was reused and the reports folder holds exactly the files the
    same key produced (checked by sha256), so nothing in it needs rebuilding."""
    import json

    record = cache.folder / "reports.json"
    if options.force or not options.write_processed or not record.is_file():
        return False
    if not all(manifest.domains.get(d, {}).get("reused") for d in options.domains):
        return False
    try:
        stored = json.loads(record.read_text(encoding="utf-8"))
    except ValueError:
        return False
    return stored.get("key") == key and stored.get("files") == _reports_files(reports_dir)


def _reports_files(reports_dir: Path) -> dict[str, str]:
    return {
        p.relative_to(reports_dir).as_posix(): sha256_of(p)
        for p in sorted(reports_dir.rglob("*"))
        if p.is_file() and not p.relative_to(reports_dir).as_posix().startswith("manifests/")
    }


def _remember_reports(cache: DomainCache, reports_dir: Path, key: str, summary: RunSummary) -> None:
    import json

    if summary.errors:
        return
    body = {"key": key, "files": _reports_files(reports_dir)}
    atomic_write_text(cache.folder / "reports.json", json.dumps(body, indent=1, sort_keys=True))


def findings_table(result: DomainResult) -> pd.DataFrame:
    """Return a domain's findings as a table (one row per sentence, both languages)."""
    return pd.DataFrame(
        [
            {
                "domain": f.domain,
                "text_en": f.text.get("en", ""),
                "text_ka": f.text.get("ka", ""),
                "n": f.n,
                "period": f.period,
                "source_en": (f.source or {}).get("en"),
                "source_ka": (f.source or {}).get("ka"),
                "audience": f.audience,
            }
            for f in result.findings
        ],
        columns=[
            "domain",
            "text_en",
            "text_ka",
            "n",
            "period",
            "source_en",
            "source_ka",
            "audience",
        ],
    ).astype({"n": "Int64"})


def _write_validation_reports(ctx: RunContext, summary: RunSummary, folder: Path) -> None:
    from cluster_analysis.disclosure import LOG_COLUMNS
    from cluster_analysis.reports.excel import write_rejects_xlsx, write_suppression_log_xlsx

    rejects = ctx.all_rejects()
    table_summary = pd.DataFrame(
        [
            v.summary() | {"reasons": _format_reasons(v.summary()["reasons"])}
            for v in ctx.validations
        ],
        columns=["table", "source", "rows_in", "rows_valid", "rows_rejected", "reasons"],
    )
    table_summary["source"] = table_summary["source"].map(_short_source)
    rejects = rejects.assign(source=rejects["source"].map(_short_source))
    write_rejects_xlsx(rejects, table_summary, folder / "rejects.xlsx")
    logs = [r.suppression_log for r in summary.results.values() if r.suppression_log is not None]
    logs = [log for log in logs if len(log)]
    log = pd.concat(logs, ignore_index=True) if logs else pd.DataFrame(columns=LOG_COLUMNS)
    write_suppression_log_xlsx(log, folder / "suppression_log.xlsx")


def _write_data_dictionary(processed_dir: Path, reports_dir: Path) -> None:
    """Describe every processed column (type, meaning in en/ka, unit) beside the data and in reports."""
    from cluster_analysis.fields import data_dictionary
    from cluster_analysis.outputs import Meta, TableOutput, text
    from cluster_analysis.reports.excel import write_tables_xlsx
    from cluster_analysis.store import write_parquet

    dictionary = data_dictionary(processed_dir)
    write_parquet(dictionary, processed_dir / "data_dictionary.parquet")
    table = TableOutput(
        name="data_dictionary",
        frame=dictionary,
        meta=Meta(
            title=text(
                "Data dictionary: processed tables", "მონაცემთა ლექსიკონი: დამუშავებული ცხრილები"
            ),
            source=text("cluster-analysis run", "cluster-analysis-ის გაშვება"),
        ),
        audience="office",
    )
    write_tables_xlsx([table], reports_dir / "data_dictionary.xlsx", lang="both")


def _format_reasons(reasons: object) -> str:
    if not isinstance(reasons, dict) or not reasons:
        return ""
    return "; ".join(f"{check}: {count}" for check, count in sorted(reasons.items()))


def _short_source(source: object) -> str:
    return Path(str(source)).name if source not in (None, "") else ""


def domains_from(names: Iterable[str]) -> tuple[str, ...]:
    """Return domain names in pipeline order, validating each."""
    chosen = tuple(dict.fromkeys(names)) or DOMAINS
    for name in chosen:
        if name not in DOMAINS:
            raise InputError(f"unknown domain '{name}'; expected one of {', '.join(DOMAINS)}")
    return tuple(d for d in DOMAINS if d in chosen)
