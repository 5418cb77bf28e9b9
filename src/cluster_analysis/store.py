"""The processed layer: atomic writes, reproducible parquet, a run manifest and a run lock.

- Every output is written to a temporary file in the same folder and renamed into place, so a run
  killed midway never leaves a half-written file; a whole run is staged and committed at the end
  (:class:`Staging`), so the previous run's outputs stay intact until the new ones are complete.
- Parquet is written without wall-clock metadata, so rerunning on unchanged input gives
  byte-identical files.
- A JSON manifest per run records each input (sha256, rows), each output (rows, sha256), package
  versions, parameters, start and end time.
- A lock file stops two runs from writing the same folders at once, with a clear message.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import platform
import shutil
import stat
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

import pandas as pd

from cluster_analysis.errors import RunLockedError

PACKAGES_IN_MANIFEST = (
    "cluster-analysis",
    "pandas",
    "numpy",
    "pyarrow",
    "pandera",
    "python-calamine",
    "openpyxl",
    "xlsxwriter",
    "python-docx",
    "plotly",
    "kaleido",
    "scipy",
    "statsmodels",
    "pyxform",
)


def sha256_of(path: Path) -> str:
    """Return the hex sha256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def current_umask() -> int:
    """Return the process umask (read from /proc where possible, so no other thread sees it
    change)."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def atomic_write(path: Path | str, write: Callable[[Path], object]) -> Path:
    """Write a file atomically: ``write(tmp)`` fills a temporary file beside ``path``, which is
    flushed to disk (fsync) and renamed into place; return ``path``.

    The file gets the permissions of any newly created file (``0o666 & ~umask``, so group-readable
    under the usual umask 022), not the owner-only mode of the temporary file. A failed ``write``
    leaves ``path`` untouched and no temporary file behind. This is the one atomic-write helper:
    parquet, Excel, Word, HTML, figures and manifests all go through it.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        _fsync(tmp)
        os.chmod(tmp, 0o666 & ~current_umask())
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    _fsync_folder(path.parent)
    return path


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_folder(folder: Path) -> None:
    """Persist the rename itself (POSIX); a no-op where folders cannot be opened (Windows)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def atomic_write_set(files: Mapping[Path, bytes]) -> list[Path]:
    """Write several files all or none; return their paths.

    Every file is first staged beside its target (fsync, umask permissions as in
    :func:`atomic_write`); only when all are staged are they renamed into place. If a rename
    fails, the targets already replaced are put back and the new ones removed, so the folder holds
    either the old set or the new set, never a mix. Raises ``OSError`` after the roll-back.
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in files.items():
            path = Path(path)
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(name, 0o666 & ~current_umask())
            staged.append((Path(name), path))
        _swap_in(staged)
    finally:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
    for folder in {target.parent for _, target in staged}:
        _fsync_folder(folder)
    return [target for _, target in staged]


def _swap_in(staged: list[tuple[Path, Path]]) -> None:
    """Rename every staged file onto its target; on failure restore the targets replaced so far."""
    backups: list[tuple[Path, Path | None]] = []
    try:
        for tmp, target in staged:
            backup: Path | None = None
            if target.exists():
                fd, name = tempfile.mkstemp(
                    prefix=f".{target.name}.", suffix=".old", dir=target.parent
                )
                os.close(fd)
                backup = Path(name)
                try:
                    os.replace(target, backup)
                except OSError:
                    backup.unlink(missing_ok=True)
                    raise
            backups.append((target, backup))
            os.replace(tmp, target)
    except OSError:
        for target, backup in reversed(backups):
            if backup is not None:
                os.replace(backup, target)
            else:
                target.unlink(missing_ok=True)
        raise
    for _, backup in backups:
        if backup is not None:
            backup.unlink(missing_ok=True)


def atomic_write_bytes(path: Path | str, data: bytes) -> Path:
    """Write ``data`` atomically (:func:`atomic_write`)."""
    return atomic_write(path, lambda tmp: tmp.write_bytes(data))


def atomic_write_text(path: Path | str, text: str) -> Path:
    """Write UTF-8 text atomically (:func:`atomic_write`)."""
    return atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def write_parquet(frame: pd.DataFrame, path: Path) -> Path:
    """Write ``frame`` as parquet atomically and reproducibly (no index, stable metadata)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    clean = frame.reset_index(drop=True)
    clean.attrs = {}
    table = pa.Table.from_pandas(clean, preserve_index=False)
    # pandas metadata carries no timestamps, but keep only what readers need.
    return atomic_write(
        path, lambda tmp: pq.write_table(table, tmp, compression="zstd", write_statistics=True)
    )


def package_versions(names: tuple[str, ...] = PACKAGES_IN_MANIFEST) -> dict[str, str]:
    """Return the Python version and the installed versions of ``names`` (default: the packages
    that shape the outputs), "not installed" for a missing one."""
    versions = {"python": platform.python_version()}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


@dataclass
class Manifest:
    """What one run read and wrote; saved as JSON under processed/manifests/."""

    run_id: str
    parameters: dict[str, object]
    started: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    finished: str | None = None
    inputs: list[dict[str, object]] = field(default_factory=list)
    outputs: list[dict[str, object]] = field(default_factory=list)
    validation: list[dict[str, object]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    status: str = "running"
    #: Per domain: its key (sha256 over inputs, code and parameters), whether its outputs were
    #: reused from an earlier run with the same key, and otherwise why not.
    domains: dict[str, dict[str, object]] = field(default_factory=dict)
    #: Where the run's time went: step name -> {"seconds": wall clock, "cpu_seconds": this
    #: process's CPU time} (the browser that renders figures is another process: its work shows
    #: as wall time of the figure export, not as CPU time here).
    timings: dict[str, dict[str, float]] = field(default_factory=dict)

    @contextlib.contextmanager
    def timed(self, step: str) -> Iterator[None]:
        """Record the wall and CPU time of the ``with`` block under ``step`` in :attr:`timings`
        (added to what the step already has, so a step timed in parts adds up)."""
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            entry = self.timings.setdefault(step, {"seconds": 0.0, "cpu_seconds": 0.0})
            entry["seconds"] = round(entry["seconds"] + time.perf_counter() - wall, 3)
            entry["cpu_seconds"] = round(entry["cpu_seconds"] + time.process_time() - cpu, 3)

    def add_input(
        self,
        path: Path,
        rows: int | None,
        root: Path | None = None,
        *,
        shown_as: Path | None = None,
    ) -> str:
        """Record an input file (sha256 of ``path``; listed as ``shown_as`` when given, e.g. the
        final place of a processed table read from the staging folder); return its sha256."""
        shown = _relative(shown_as or path, root)
        sha = sha256_of(path)
        if any(i["path"] == shown and i.get("rows") == rows for i in self.inputs):
            return sha
        record: dict[str, object] = {"path": shown, "sha256": sha, "rows": rows}
        pulled = _pull_record(Path(path))
        if pulled is not None:
            record["pulled"] = pulled
        self.inputs.append(record)
        return sha

    def add_output(self, path: Path, rows: int | None, root: Path | None = None) -> None:
        self.outputs.append({"path": _relative(path, root), "rows": rows})

    def to_json(self) -> str:
        body = {
            "run_id": self.run_id,
            "status": self.status,
            "started": self.started,
            "finished": self.finished,
            "parameters": self.parameters,
            "packages": package_versions(),
            "inputs": sorted(self.inputs, key=lambda i: str(i["path"])),
            "outputs": sorted(self.outputs, key=lambda o: str(o["path"])),
            "validation": self.validation,
            "warnings": self.warnings,
            "domains": self.domains,
            "timings": self.timings,
        }
        return json.dumps(body, ensure_ascii=False, indent=2, default=str)


def _pull_record(path: Path) -> dict[str, object] | None:
    """The ``<file>.pull.json`` record that ``cluster-analysis pull`` keeps beside a file it
    downloaded (server, asset or table, time, row counts), or None."""
    sidecar = path.with_name(path.name + ".pull.json")
    if not sidecar.is_file():
        return None
    with contextlib.suppress(OSError, ValueError):
        data = json.loads(sidecar.read_text(encoding="utf-8"))
        if isinstance(data, dict):
            return data
    return None


def _relative(path: Path, root: Path | None) -> str:
    path = Path(path)
    if root is not None:
        with contextlib.suppress(ValueError):
            return path.resolve().relative_to(Path(root).resolve()).as_posix()
    return path.as_posix()


class Staging:
    """A copy of ``target`` where a run writes; :meth:`commit` swaps it in as a whole folder.

    The staging folder starts as a hard-linked copy of the current outputs (cheap, and outputs
    of domains this run does not touch survive); new files replace their links atomically, so the
    previous outputs are never modified. Commit renames the old folder aside, renames the staging
    folder into place and deletes the old one: readers see either the whole previous run or the
    whole new one, never a mix. A run killed midway leaves only hidden ``.staging-*`` / ``.old-*``
    folders, which the next run cleans up (restoring the previous outputs if a kill fell between
    the two renames).
    """

    def __init__(self, target: Path) -> None:
        self.target = Path(target)
        parent = self.target.parent
        parent.mkdir(parents=True, exist_ok=True)
        old_copies = sorted(parent.glob(f".old-{self.target.name}-*"))
        if not self.target.exists() and old_copies:
            os.replace(old_copies[-1], self.target)  # killed between the two renames: roll back
            old_copies = old_copies[:-1]
        for stale in [*old_copies, *parent.glob(f".staging-{self.target.name}-*")]:
            shutil.rmtree(stale, ignore_errors=True)
        self.target.mkdir(parents=True, exist_ok=True)
        self.path = Path(tempfile.mkdtemp(prefix=f".staging-{self.target.name}-", dir=parent))
        # mkdtemp makes an owner-only folder; it becomes the published folder at commit
        os.chmod(self.path, 0o777 & ~current_umask())
        file_mode = 0o666 & ~current_umask()
        for source in self.target.rglob("*"):
            if source.is_file():
                copy = self.path / source.relative_to(self.target)
                copy.parent.mkdir(parents=True, exist_ok=True)
                try:
                    os.link(source, copy)
                except OSError:  # a file system without hard links
                    shutil.copy2(source, copy)
                # outputs kept from an older run that wrote owner-only files become shareable
                if stat.S_IMODE(copy.stat().st_mode) != file_mode:
                    os.chmod(copy, file_mode)

    def commit(self) -> list[Path]:
        """Swap the staged folder in for the target; return the files now in place."""
        old = Path(tempfile.mkdtemp(prefix=f".old-{self.target.name}-", dir=self.target.parent))
        old.rmdir()
        os.replace(self.target, old)
        os.replace(self.path, self.target)
        shutil.rmtree(old, ignore_errors=True)
        return sorted(p for p in self.target.rglob("*") if p.is_file())

    def discard(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)


@contextlib.contextmanager
def run_lock(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` for one run, or fail at once with a clear message."""
    from filelock import FileLock, Timeout

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    # The lock lives beside the folder, not in it: the folder itself is swapped at commit.
    lock = FileLock(str(folder.parent / f".{folder.name}.run.lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout as exc:
        raise RunLockedError(
            f"another cluster-analysis run is writing to {folder}; wait for it to finish "
            f"(or delete .{folder.name}.run.lock beside it if no run is active)"
        ) from exc
    try:
        yield
    finally:
        lock.release()
