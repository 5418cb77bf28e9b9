"""Reuse a domain's outputs when nothing it depends on has changed (incremental reruns).

A domain's **key** is made of what decides its outputs, compared part by part:

- ``inputs``: the sha256 of every file in the domain's raw folder (so a file added, removed or
  changed anywhere in it counts), of every other file it read in the run that made the entry, and
  of every processed table of an earlier domain it read (``ctx.read_processed``), as staged in
  this run: an upstream domain that changed its outputs invalidates this one;
- ``code``: the sha256 of the package's own files (code, declarations, templates) and the versions
  of the libraries that shape outputs (:func:`cluster_analysis.store.package_versions`);
- ``parameters``: the run settings (disclosure threshold, seed, ...) and report languages.

An entry (``<processed>/.cache/domains/<domain>.pkl``) holds the key, the domain's
:class:`~cluster_analysis.outputs.DomainResult` with its figures and files already built (so
nothing in it refers to code), what the domain added to the run's collectors (validations,
rejects, warnings, manifest records) and the sha256 of every processed file it wrote; those files
are kept (copied) by content under ``.cache/blobs/``. Reuse restores any processed file that differs. The
cache lives inside the processed folder, so it is staged and committed with the run like every
other output; a run killed midway leaves the previous cache as it was.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import pickle
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cluster_analysis.outputs import DomainResult
from cluster_analysis.store import atomic_write, package_versions, sha256_of

if TYPE_CHECKING:
    import plotly.graph_objects as go

CACHE_FOLDER = ".cache"
#: Bump when the layout of a cache entry changes: older entries are then ignored.
ENTRY_VERSION = 1
_PACKAGE_DIR = Path(__file__).resolve().parent
_CODE_SUFFIXES = frozenset({".py", ".yaml", ".yml", ".csv", ".json", ".j2", ".css", ".txt"})


@functools.cache
def code_version() -> str:
    """Return the sha256 of the package's own files and of the versions of the libraries that
    shape outputs: any change to either makes every domain recompute."""
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE_DIR.rglob("*")):
        if path.is_file() and path.suffix in _CODE_SUFFIXES and "__pycache__" not in path.parts:
            digest.update(path.relative_to(_PACKAGE_DIR).as_posix().encode("utf-8") + b"\0")
            digest.update(path.read_bytes() + b"\0")
    for name, version in sorted(package_versions().items()):
        digest.update(f"{name}={version}\0".encode())
    return digest.hexdigest()


def folder_hashes(folder: Path) -> dict[str, str]:
    """Return ``{relative path: sha256}`` for every file under ``folder`` ({} when absent)."""
    folder = Path(folder)
    if not folder.is_dir():
        return {}
    return {
        path.relative_to(folder).as_posix(): sha256_of(path)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


class _BuiltFigure:
    """A figure builder replaced by the figures it built, one per language (picklable).

    Pickled as each figure's raw data and layout (numpy arrays kept as arrays: plotly's own
    pickling turns them into base64 blocks, which the export's label handling would misread).
    """

    def __init__(self, figures: Mapping[str, go.Figure]) -> None:
        self.figures = dict(figures)

    def __call__(self, lang: str) -> go.Figure:
        import plotly.graph_objects as go

        return go.Figure(self.figures[lang])

    def __getstate__(self) -> dict[str, Any]:
        for fig in self.figures.values():
            if fig.frames:
                raise ValueError("animated figures (frames) cannot be cached")
        return {lang: (fig._data, fig._layout) for lang, fig in self.figures.items()}

    def __setstate__(self, state: dict[str, Any]) -> None:
        import plotly.graph_objects as go

        self.figures = {
            lang: go.Figure(data=data, layout=layout) for lang, (data, layout) in state.items()
        }


class _BuiltFile:
    """A file builder replaced by the bytes it built, one per language (picklable)."""

    def __init__(self, contents: Mapping[str, bytes]) -> None:
        self.contents = dict(contents)

    def __call__(self, lang: str) -> bytes:
        return self.contents[lang]


def built(result: DomainResult, langs: Sequence[str]) -> DomainResult:
    """Return ``result`` with every figure and file built once for ``langs`` (English always,
    for files written once): what a cache entry keeps, and what the report layer then exports."""
    figure_langs = list(dict.fromkeys(langs))
    file_langs = list(dict.fromkeys(["en", *langs]))
    figures = [
        replace(f, build=_BuiltFigure({lang: f.build(lang) for lang in figure_langs}))
        for f in result.figures
    ]
    files = [
        replace(f, build=_BuiltFile({lang: f.build(lang) for lang in file_langs}))
        for f in result.files
    ]
    return replace(result, figures=figures, files=files)


@dataclass
class DomainEntry:
    """One domain's cache entry (see the module docstring)."""

    domain: str
    raw: dict[str, str]
    reads: dict[str, str]
    code: str
    parameters: dict[str, object]
    result: DomainResult
    collected: dict[str, list[Any]]
    outputs: dict[str, str]
    version: int = ENTRY_VERSION
    digest: str = field(default="")

    def key_digest(self) -> str:
        """A short sha256 over the whole key (recorded in the manifest)."""
        digest = hashlib.sha256()
        for part in (self.raw, self.reads, self.code, self.parameters):
            digest.update(repr(sorted(part.items()) if isinstance(part, dict) else part).encode())
        return digest.hexdigest()


class DomainCache:
    """The domain entries and content-addressed processed files under ``<processed>/.cache``."""

    def __init__(self, processed_dir: Path) -> None:
        self.processed_dir = Path(processed_dir)
        self.folder = self.processed_dir / CACHE_FOLDER
        self.blobs = self.folder / "blobs"

    def entry_path(self, domain: str) -> Path:
        return self.folder / "domains" / f"{domain}.pkl"

    def load(self, domain: str) -> DomainEntry | None:
        """Return the stored entry of ``domain``, or None (none, unreadable, or an older layout)."""
        path = self.entry_path(domain)
        if not path.is_file():
            return None
        try:
            with path.open("rb") as handle:
                entry = pickle.load(handle)
        except Exception:  # an entry from another version of the code is simply not reused
            return None
        if not isinstance(entry, DomainEntry) or entry.version != ENTRY_VERSION:
            return None
        return entry

    def stale_reason(
        self, entry: DomainEntry, *, raw: dict[str, str], code: str, parameters: dict[str, object]
    ) -> str | None:
        """Return why ``entry`` may not be reused (a short phrase), or None when it may."""
        if entry.code != code:
            return "code changed"
        if entry.parameters != parameters:
            return "parameters changed"
        if entry.raw != raw:
            return "inputs changed"
        for shown, sha in entry.reads.items():
            path = self._read_path(shown)
            if path is None or not path.is_file() or sha256_of(path) != sha:
                return f"input {shown} changed"
        for relative, sha in entry.outputs.items():
            if not (self.blobs / sha).is_file():
                target = self.processed_dir / relative
                if not target.is_file() or sha256_of(target) != sha:
                    return f"output {relative} missing"
        return None

    def _read_path(self, shown: str) -> Path | None:
        """Where a recorded read is now: a processed table in this run's staging folder, or the
        file itself (recorded reads are absolute or relative to the project root)."""
        if shown.startswith("processed:"):
            return self.processed_dir / shown.removeprefix("processed:")
        return Path(shown)

    def restore(self, entry: DomainEntry) -> None:
        """Put every processed file of ``entry`` in place (from the blobs where it differs)."""
        for relative, sha in entry.outputs.items():
            target = self.processed_dir / relative
            if target.is_file() and sha256_of(target) == sha:
                continue
            blob = self.blobs / sha
            atomic_write(target, lambda tmp, blob=blob: shutil.copyfile(blob, tmp))  # type: ignore[misc]

    def save(self, entry: DomainEntry) -> None:
        """Keep ``entry`` and a copy of each of its processed files in the blob store."""
        self.blobs.mkdir(parents=True, exist_ok=True)
        for relative, sha in entry.outputs.items():
            blob = self.blobs / sha
            if blob.is_file():
                continue
            source = self.processed_dir / relative
            # a copy, not a hard link: a processed file edited in place must not alter the blob
            atomic_write(blob, lambda tmp, source=source: shutil.copyfile(source, tmp))  # type: ignore[misc]
        data = pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)
        atomic_write(self.entry_path(entry.domain), lambda tmp: tmp.write_bytes(data))

    def prune_blobs(self) -> None:
        """Delete blobs no entry refers to."""
        if not self.blobs.is_dir():
            return
        wanted: set[str] = set()
        for path in (self.folder / "domains").glob("*.pkl"):
            entry = self.load(path.stem)
            if entry is not None:
                wanted.update(entry.outputs.values())
        for blob in self.blobs.iterdir():
            if blob.name not in wanted:
                with contextlib.suppress(OSError):
                    blob.unlink()
