"""Reruns and report sizes: `cluster-analysis run` on a copy of the example data.

Each run of the group works in a fresh scratch project:

1. a first run with every figure format (what `make run` does): wall time, the size of reports/,
   of each Word brief and of the largest interactive figure;
2. a first run with PNG figures only, then a rerun with nothing changed, then a rerun after one
   answer in one survey export changed (the ratios of the rerun goals; PNG only, as the CLI group).
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

SURVEY_EXPORT = Path("survey") / "exports" / "wave_2026-2.csv"
SURVEY_COLUMN = "capacity/human_capacity/imp_skills_technical"


def _cli(root: Path, *extra: str, timeout: float) -> float:
    """Run `cluster-analysis run` on ``root`` (raw data in root/raw); return its wall time."""
    return _cli_measured(root, *extra, timeout=timeout)["seconds"]


def _cli_measured(root: Path, *extra: str, timeout: float) -> dict[str, float]:
    """Run `cluster-analysis run` on ``root`` (raw data in root/raw); see :func:`measure_command`."""
    exe = Path(sys.executable).with_name("cluster-analysis")
    command = [str(exe), "--quiet", "run", "--root", str(root), "--raw", str(root / "raw"), *extra]
    return measure_command(command, timeout=timeout)


def measure_command(
    command: list[str], *, timeout: float, cwd: Path | None = None
) -> dict[str, float]:
    """Run a `cluster-analysis` command; return its wall time, the CPU time of its Python process
    and of the browsers it started, and the peak resident memory of the whole tree and of Python
    alone (sampled every 50 ms while they live, so a browser's last 50 ms may be missed).
    Raises RuntimeError (with the output's last lines) when it exits with another code than 0
    or 1, and TimeoutExpired after ``timeout`` seconds."""
    import psutil

    started = time.perf_counter()
    # output to a file, not a pipe: a pipe nobody reads while polling could fill and stall the run
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8") as log:
        process = psutil.Popen(command, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, text=True)
        cpu: dict[int, float] = {}
        python_cpu = 0.0
        peak_rss = python_rss = 0
        while process.poll() is None:
            tree_rss = 0
            try:
                python_cpu = sum(process.cpu_times()[:2])
                tree_rss = process.memory_info().rss
                python_rss = max(python_rss, tree_rss)
                children = process.children(recursive=True)
            except psutil.Error:
                children = []
            for child in children:
                with contextlib.suppress(psutil.Error):
                    cpu[child.pid] = sum(child.cpu_times()[:2])
                    tree_rss += child.memory_info().rss
            peak_rss = max(peak_rss, tree_rss)
            if time.perf_counter() - started > timeout:
                process.kill()
                raise subprocess.TimeoutExpired(command, timeout)
            time.sleep(0.05)
        seconds = time.perf_counter() - started
        log.seek(0)
        output = log.read()
        if process.returncode not in (0, 1):
            tail = output.strip().splitlines()[-2:]
            raise RuntimeError(
                f"cluster-analysis run exited {process.returncode}: {' | '.join(tail)}"
            )
    return {
        "seconds": seconds,
        "python_cpu": python_cpu,
        "browser_cpu": sum(cpu.values()),
        "peak_rss": peak_rss,
        "python_peak_rss": python_rss,
        "exit_code": process.returncode,
    }


def _timings(root: Path) -> dict[str, dict[str, float]]:
    """The step timings of the newest run manifest under ``root`` ({} when none)."""
    import json

    manifests = sorted((root / "data" / "processed" / "manifests").glob("run-*.json"))
    if not manifests:
        return {}
    return json.loads(manifests[-1].read_text(encoding="utf-8")).get("timings", {})


def change_one_answer(raw: Path) -> None:
    """Move one importance answer of one respondent in the csv export up by one point."""
    path = raw / SURVEY_EXPORT
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\r\n").split(",")
    column = header.index(SURVEY_COLUMN)
    for number, line in enumerate(lines[1:], start=1):
        cells = line.rstrip("\r\n").split(",")
        if len(cells) == len(header) and cells[column] in {"2", "3", "4"}:
            cells[column] = str(int(cells[column]) + 1)
            lines[number] = ",".join(cells) + line[len(line.rstrip("\r\n")) :]
            path.write_text("".join(lines), encoding="utf-8")
            return
    raise RuntimeError(f"no answer between 2 and 4 in {SURVEY_COLUMN} of {path}")


def _sizes(reports: Path) -> dict[str, Any]:
    files = [p for p in reports.rglob("*") if p.is_file()]
    briefs = {p.name: p.stat().st_size for p in reports.glob("findings.*.docx")}
    html = [p.stat().st_size for p in files if p.suffix == ".html" and "figures" in p.parts]
    return {
        "reports_bytes": sum(p.stat().st_size for p in files),
        "report_files": len(files),
        "brief_bytes": briefs,
        "largest_figure_html_bytes": max(html, default=0),
    }


def measure_reruns(
    raw: Path, runs: int, log: Callable[[str], None], timeout: float, series: Callable[..., Any]
) -> list[Any]:
    """Return the group's series (made by ``series(label, case, args)``): full first run, PNG
    first run, unchanged rerun, survey rerun."""
    full = series("first run, every format (png, pdf, svg, html)", "run_full", {})
    first = series("first run, PNG figures", "run_first", {})
    unchanged = series("rerun, nothing changed (PNG)", "rerun_unchanged", {})
    survey = series("rerun, one survey answer changed (PNG)", "rerun_survey", {})
    for number in range(1, runs + 1):
        scratch = Path(tempfile.mkdtemp(prefix="bench-rerun-"))
        try:
            for name in ("full", "png"):
                shutil.copytree(raw, scratch / name / "raw")
            measured = _cli_measured(scratch / "full", timeout=timeout)
            info = {
                **_sizes(scratch / "full" / "reports"),
                "timings": _timings(scratch / "full"),
                "python_cpu": measured["python_cpu"],
                "browser_cpu": measured["browser_cpu"],
                "peak_rss": measured["peak_rss"],
                "python_peak_rss": measured["python_peak_rss"],
            }
            full.runs.append(
                {
                    "seconds": measured["seconds"],
                    "cpu_seconds": measured["python_cpu"],
                    "info": info,
                }
            )
            project = scratch / "png"
            first.runs.append({"seconds": _cli(project, "--formats", "png", timeout=timeout)})
            unchanged.runs.append({"seconds": _cli(project, "--formats", "png", timeout=timeout)})
            change_one_answer(project / "raw")
            survey.runs.append({"seconds": _cli(project, "--formats", "png", timeout=timeout)})
            log(
                f"  reruns {number}/{runs}: full {full.runs[-1]['seconds']:.1f} s, first "
                f"{first.runs[-1]['seconds']:.1f} s, unchanged {unchanged.runs[-1]['seconds']:.1f} s, "
                f"survey changed {survey.runs[-1]['seconds']:.1f} s"
            )
        except (RuntimeError, subprocess.TimeoutExpired, OSError) as exc:
            for item in (full, first, unchanged, survey):
                item.errors.append(str(exc)[:400])
            log(f"  reruns {number}/{runs} FAILED: {str(exc)[:200]}")
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    return [full, first, unchanged, survey]
