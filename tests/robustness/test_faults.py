"""Faults: a run killed midway, and two runs at once.

- A run killed with SIGKILL while it works leaves the previous processed outputs and reports
  byte-identical (sha256), and the next run cleans the stale ``.staging-*`` folders and completes.
- Two runs started together: one waits for nothing and stops at once with exit code 2 and the
  "another cluster-analysis run" message (or, if they happen not to overlap, both complete); the
  outputs are valid either way.

Every run is a real ``cluster-analysis run`` subprocess on a temporary copy of data/raw, with
``--processed``/``--reports`` in tmp and HTML-only figures (``--no-static``) to stay quick.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
RUN_TIMEOUT = 300
pytestmark = pytest.mark.slow


def _command() -> list[str]:
    executable = Path(sys.executable).with_name("cluster-analysis")
    return (
        [str(executable)] if executable.exists() else [sys.executable, "-m", "cluster_analysis.cli"]
    )


#: One domain keeps each run short; staging, commit and the lock are the same for every domain.
FAULT_DOMAINS = ("pool",)


def _run_args(project: Path) -> list[str]:
    return [
        *_command(),
        "--quiet",
        "run",
        *FAULT_DOMAINS,
        "--raw",
        str(project / "raw"),
        "--processed",
        str(project / "processed"),
        "--reports",
        str(project / "reports"),
        "--no-static",
        "--lang",
        "en",
        # every run does the whole work (a rerun would otherwise reuse it and end too soon to kill)
        "--force",
    ]


def _start(project: Path) -> subprocess.Popen:
    return subprocess.Popen(
        _run_args(project),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=project,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def _fingerprint(project: Path) -> dict[str, str]:
    """sha256 of every file under processed/ and reports/ (hidden staging and lock files aside)."""
    found = {}
    for folder in ("processed", "reports"):
        for path in sorted((project / folder).rglob("*")):
            if path.is_file() and not any(
                part.startswith(".") for part in path.relative_to(project).parts
            ):
                found[path.relative_to(project).as_posix()] = hashlib.sha256(
                    path.read_bytes()
                ).hexdigest()
    return found


def _stale(project: Path) -> list[Path]:
    return sorted(project.glob(".staging-*"))


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """A temp project with a copy of data/raw and one complete run; returns (folder, exit code)."""
    raw = REPO_ROOT / "data" / "raw"
    assert any(p.is_file() for p in raw.rglob("*") if p.name != ".gitkeep"), (
        "data/raw holds no example data (run `make example-data`)"
    )
    folder = tmp_path_factory.mktemp("faults")
    shutil.copytree(raw, folder / "raw")
    completed = subprocess.run(
        _run_args(folder),
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
        cwd=folder,
        check=False,
    )
    # the example data holds deliberately bad rows, rejected with exit 0 (no --strict); anything
    # else, or no manifest, is a broken pipeline and fails every fault test
    assert completed.returncode == 0, (
        f"the pipeline fails on the example data (exit {completed.returncode}): "
        f"{completed.stderr.strip()[-400:]}"
    )
    assert (folder / "processed" / "manifests").is_dir(), "the complete run wrote no manifest"
    return folder, completed.returncode


def _outputs_valid(project: Path) -> None:
    """Every parquet reads, every manifest is JSON with status, reports has its rejects book."""
    import pandas as pd

    for path in (project / "processed").rglob("*.parquet"):
        pd.read_parquet(path)
    manifests = sorted((project / "processed" / "manifests").glob("run-*.json"))
    assert manifests, "no run manifest"
    for path in manifests:
        assert json.loads(path.read_text(encoding="utf-8"))["status"] in ("ok", "failed")
    assert (project / "reports" / "validation" / "rejects.xlsx").exists()


def test_killed_run_leaves_previous_outputs_intact(project: tuple[Path, int]) -> None:
    folder, first_exit = project
    before = _fingerprint(folder)
    assert before, "the first run wrote nothing"
    process = _start(folder)
    # Kill once the run is working: its staging folders exist (imports done, domains running).
    deadline = time.monotonic() + 60
    while not _stale(folder) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)
    assert process.poll() is None, (
        "the run finished before it could be killed (no staging folder seen while it ran)"
    )
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert _stale(folder), "a killed run leaves its staging folders (the next run removes them)"
    assert _fingerprint(folder) == before, "a killed run changed the previous outputs"

    completed = subprocess.run(
        _run_args(folder),
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
        cwd=folder,
        check=False,
    )
    assert completed.returncode == first_exit, completed.stderr[-2000:]
    assert "Traceback" not in completed.stderr
    assert not _stale(folder), "the next run removes stale staging folders"
    _outputs_valid(folder)
    after = _fingerprint(folder)
    # The rerun on unchanged input gives the same data (manifests carry a new run id and times).
    same = {k: v for k, v in before.items() if "/manifests/" not in k and k.endswith(".parquet")}
    assert {k: after.get(k) for k in same} == same, (
        "rerun on unchanged input changed processed data"
    )


def test_two_runs_at_once_do_not_corrupt_outputs(project: tuple[Path, int]) -> None:
    folder, first_exit = project
    first, second = _start(folder), _start(folder)
    results = [(*p.communicate(timeout=RUN_TIMEOUT), p.returncode) for p in (first, second)]
    codes = sorted(r[2] for r in results)
    locked = [r for r in results if "another cluster-analysis run" in r[1]]
    if locked:
        assert len(locked) == 1, "exactly one run is refused"
        assert locked[0][2] == 2, "a locked run exits with code 2"
        assert "Traceback" not in locked[0][1]
        assert locked[0][1].strip().count("\n") == 0, f"one line: {locked[0][1]!r}"
        other = next(r for r in results if r is not locked[0])
        assert other[2] == first_exit, other[1][-2000:]
    else:  # they did not overlap: both complete normally
        assert codes == [first_exit, first_exit], [r[1][-500:] for r in results]
    _outputs_valid(folder)
    assert not _stale(folder)


#: Run the pipeline in-process, but die (SIGKILL) after ``N`` files have been moved into place by
#: the final commit: the narrowest "killed midway" window there is.
_KILL_DURING_COMMIT = """
import os, signal, sys
from cluster_analysis import store
from cluster_analysis.cli import main

limit = int(os.environ["KILL_AFTER_MOVES"])
real_replace = os.replace
state = {"committing": False, "moved": 0}
real_commit = store.Staging.commit

def commit(self):
    state["committing"] = True
    return real_commit(self)

def replace(source, destination):
    real_replace(source, destination)
    if state["committing"]:
        state["moved"] += 1
        if state["moved"] >= limit:
            os.kill(os.getpid(), signal.SIGKILL)

store.Staging.commit = commit
os.replace = replace
sys.argv = ["cluster-analysis", *sys.argv[1:]]
main()
"""


def test_kill_during_commit_leaves_old_or_new_outputs_never_a_mix(
    project: tuple[Path, int], tmp_path: Path
) -> None:
    folder, _ = project
    changed = tmp_path / "project"
    shutil.copytree(folder, changed, ignore=shutil.ignore_patterns(".staging-*", ".run.lock"))
    # Change the input so that the new outputs differ from the old ones: drop the last data row
    # of every csv with more than 3 rows.
    for path in (changed / "raw").rglob("*.csv"):
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        if len(lines) > 4:
            path.write_text("".join(lines[:-1]), encoding="utf-8")
    arguments = _run_args(changed)[len(_command()) :]
    completed = subprocess.run(
        [sys.executable, "-c", _KILL_DURING_COMMIT, *arguments],
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
        cwd=changed,
        env={**os.environ, "KILL_AFTER_MOVES": "2"},
        check=False,
    )
    assert completed.returncode == -signal.SIGKILL, completed.stderr[-2000:]
    # Old or new, never a mix: the newest manifest must describe the tables on disk.
    import pandas as pd

    manifests = sorted((changed / "processed" / "manifests").glob("run-*.json"))
    newest = json.loads(manifests[-1].read_text(encoding="utf-8"))
    mismatched = []
    for output in newest["outputs"]:
        path = Path(output["path"])
        path = path if path.is_absolute() else REPO_ROOT / path
        if output.get("rows") is None or path.suffix != ".parquet":
            continue
        rows = len(pd.read_parquet(path)) if path.exists() else None
        if rows != output["rows"]:
            mismatched.append(f"{path.name}: manifest {output['rows']} rows, on disk {rows}")
    assert not mismatched, "mixed outputs after a kill during commit: " + "; ".join(mismatched)
