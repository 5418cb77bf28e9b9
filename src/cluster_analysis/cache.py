"""Reuse a domain's outputs when nothing it depends on has changed (incremental reruns).

A domain's **key** is made of what decides its outputs, compared part by part:

- ``inputs``: the sha256 of every file in the domain's raw folder (so a file added, removed or
  changed anywhere in it counts), of every other file it read in the run that made the entry, and
  of every processed table of an earlier domain it read (``ctx.read_processed``), as staged in
  this run: an upstream domain that changed its outputs invalidates this one;
- ``code``: the sha256 of the package's own files (code, declarations, templates) and the versions
  of the libraries that shape outputs (:func:`cluster_analysis.store.package_versions`);
- ``parameters``: the run settings (disclosure threshold, seed, ...) and report languages.

An entry (``<processed>/.cache/domains/<domain>.json``) holds the key, the domain's
:class:`~cluster_analysis.outputs.DomainResult` with its figures and files already built (so
nothing in it refers to code), what the domain added to the run's collectors (validations,
rejects, warnings, manifest records) and the sha256 of every processed file it wrote; those files
are kept (copied) by content under ``.cache/blobs/``. Reuse restores any processed file that differs. The
cache lives inside the processed folder, so it is staged and committed with the run like every
other output; a run killed midway leaves the previous cache as it was.

Entries are data only, never pickles: the processed folder may come from a colleague's drive or a
zip, and loading a pickle runs whatever code it names. An entry is JSON; its tables are parquet
and its built files' bytes are blobs, both under ``.cache/blobs/`` by sha256 (checked on reading);
its figures are their data and layout as JSON with numpy arrays kept as typed arrays
(:mod:`cluster_analysis.cache_format`). An entry that does not read back cleanly (malformed,
tampered with, from another layout, a blob missing or altered) is not used: the domain is
recomputed. Paths in an entry are checked to stay inside the processed folder.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import re
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any

from cluster_analysis.cache_format import BuiltFigure, BuiltFile, Decoder, Encoder, EntryFormatError
from cluster_analysis.outputs import DomainResult
from cluster_analysis.store import atomic_write, atomic_write_bytes, package_versions, sha256_of

CACHE_FOLDER = ".cache"
#: Bump when the layout of a cache entry changes: older entries are then ignored.
ENTRY_VERSION = 2
#: What an entry file says it is (a JSON file that is not an entry is not read further).
ENTRY_FORMAT = "cluster-analysis domain cache entry"
_SHA256 = re.compile(r"[0-9a-f]{64}")
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


def built(result: DomainResult, langs: Sequence[str]) -> DomainResult:
    """Return ``result`` with every figure and file built once for ``langs`` (English always,
    for files written once): what a cache entry keeps, and what the report layer then exports."""
    figure_langs = list(dict.fromkeys(langs))
    file_langs = list(dict.fromkeys(["en", *langs]))
    figures = [
        replace(f, build=BuiltFigure({lang: f.build(lang) for lang in figure_langs}))
        for f in result.figures
    ]
    files = [
        replace(f, build=BuiltFile({lang: f.build(lang) for lang in file_langs}))
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
    #: The blobs holding the entry's tables and built files (filled when saved or loaded).
    blobs: set[str] = field(default_factory=set)

    def key_digest(self) -> str:
        """A short sha256 over the whole key (recorded in the manifest)."""
        digest = hashlib.sha256()
        for part in (self.raw, self.reads, self.code, self.parameters):
            digest.update(repr(sorted(part.items()) if isinstance(part, dict) else part).encode())
        return digest.hexdigest()

    def blob_hashes(self) -> set[str]:
        """Every blob the entry needs: its processed files, tables and built files."""
        return set(self.outputs.values()) | self.blobs


class DomainCache:
    """The domain entries and content-addressed processed files under ``<processed>/.cache``."""

    def __init__(self, processed_dir: Path) -> None:
        self.processed_dir = Path(processed_dir)
        self.folder = self.processed_dir / CACHE_FOLDER
        self.blobs = self.folder / "blobs"
        #: Why an entry present on disk was not loaded, by domain (a short phrase).
        self.unusable: dict[str, str] = {}

    def entry_path(self, domain: str) -> Path:
        return self.folder / "domains" / f"{domain}.json"

    def load(self, domain: str) -> DomainEntry | None:
        """Return the stored entry of ``domain``, or None: none, or one that does not read back
        as a well-formed entry of this layout (then :attr:`unusable` says why)."""
        self.unusable.pop(domain, None)
        path = self.entry_path(domain)
        if not path.is_file():
            return None
        try:
            body = json.loads(path.read_bytes())
            if not isinstance(body, dict) or body.get("format") != ENTRY_FORMAT:
                raise EntryFormatError("not a cache entry")
            if body.get("version") != ENTRY_VERSION:
                self.unusable[domain] = "cache entry of another layout"
                return None
            return self._entry(domain, body)
        except Exception:  # whatever is wrong with it, the entry is recomputed, never trusted
            self.unusable[domain] = "cache entry unreadable"
            return None

    def _entry(self, domain: str, body: dict[str, Any]) -> DomainEntry:
        decoder = Decoder(self._read_blob)
        outputs = _text_map(body.get("outputs"))
        for relative, sha in outputs.items():
            _check_sha(sha)
            _check_relative(relative)
        blobs = body.get("blobs")
        if not isinstance(blobs, list):
            raise EntryFormatError("blobs")
        for sha in blobs:
            _check_sha(sha)
        result = decoder.value(body.get("result"))
        collected = decoder.value(body.get("collected"))
        parameters = decoder.value(body.get("parameters"))
        if body.get("domain") != domain or not isinstance(result, DomainResult):
            raise EntryFormatError("an entry of another domain")
        if not isinstance(collected, dict) or not all(
            isinstance(v, list) for v in collected.values()
        ):
            raise EntryFormatError("collected")
        if not isinstance(parameters, dict) or not isinstance(body.get("code"), str):
            raise EntryFormatError("key")
        return DomainEntry(
            domain=domain,
            raw=_text_map(body.get("raw")),
            reads=_text_map(body.get("reads")),
            code=body["code"],
            parameters=parameters,
            result=result,
            collected=collected,
            outputs=outputs,
            blobs=set(blobs),
        )

    def _read_blob(self, sha: str) -> bytes:
        """A blob's bytes, refused unless they still have the sha256 they are named by."""
        _check_sha(sha)
        data = (self.blobs / sha).read_bytes()
        if hashlib.sha256(data).hexdigest() != sha:
            raise EntryFormatError(f"blob {sha} altered")
        return data

    def _write_blob(self, data: bytes) -> str:
        sha = hashlib.sha256(data).hexdigest()
        if not (self.blobs / sha).is_file():
            atomic_write_bytes(self.blobs / sha, data)
        return sha

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
            target = self.processed_dir / relative
            if target.is_file() and sha256_of(target) == sha:
                continue
            blob = self.blobs / sha
            # a blob restores a file only while it still holds the content it is named by
            if not blob.is_file() or sha256_of(blob) != sha:
                return f"output {relative} missing"
        return None

    def _read_path(self, shown: str) -> Path | None:
        """Where a recorded read is now: a processed table in this run's staging folder, or the
        file itself (recorded reads are absolute or relative to the project root)."""
        if shown.startswith("processed:"):
            relative = shown.removeprefix("processed:")
            try:
                _check_relative(relative)
            except EntryFormatError:
                return None
            return self.processed_dir / relative
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
        """Keep ``entry`` (as JSON, its tables and built files as blobs) and a copy of each of its
        processed files in the blob store."""
        self.blobs.mkdir(parents=True, exist_ok=True)
        for relative, sha in entry.outputs.items():
            blob = self.blobs / sha
            if blob.is_file():
                continue
            source = self.processed_dir / relative
            # a copy, not a hard link: a processed file edited in place must not alter the blob
            atomic_write(blob, lambda tmp, source=source: shutil.copyfile(source, tmp))  # type: ignore[misc]
        encoder = Encoder(self._write_blob)
        body = {
            "format": ENTRY_FORMAT,
            "version": ENTRY_VERSION,
            "domain": entry.domain,
            "raw": entry.raw,
            "reads": entry.reads,
            "code": entry.code,
            "parameters": encoder.value(entry.parameters),
            "outputs": entry.outputs,
            "result": encoder.value(entry.result),
            "collected": encoder.value(entry.collected),
        }
        entry.blobs = set(encoder.blobs)
        body["blobs"] = sorted(entry.blobs)
        data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        atomic_write_bytes(self.entry_path(entry.domain), data)

    def prune_blobs(self, entries: Mapping[str, DomainEntry] | None = None) -> None:
        """Delete blobs no entry refers to, and entries of an older layout (pickles included,
        which are never loaded). ``entries`` are the ones this run already holds (loaded or
        saved); only the others are read again, and only for the blobs they name."""
        entries = entries or {}
        folder = self.folder / "domains"
        for legacy in folder.glob("*.pkl"):
            with contextlib.suppress(OSError):
                legacy.unlink()
        if not self.blobs.is_dir():
            return
        wanted: set[str] = set()
        for path in folder.glob("*.json"):
            if path.stem in entries:
                wanted |= entries[path.stem].blob_hashes()
            else:
                wanted |= _named_blobs(path)
        for blob in self.blobs.iterdir():
            if blob.name not in wanted:
                with contextlib.suppress(OSError):
                    blob.unlink()


def _named_blobs(path: Path) -> set[str]:
    """The blobs an entry file names (its outputs and its tables and files), or none when it
    cannot be read: an unreadable entry is recomputed, so its blobs are not needed."""
    try:
        body = json.loads(path.read_bytes())
        names = [*dict(body["outputs"]).values(), *list(body["blobs"])]
    except (OSError, ValueError, TypeError, KeyError):
        return set()
    return {name for name in names if isinstance(name, str) and _SHA256.fullmatch(name)}


def _text_map(value: object) -> dict[str, str]:
    """``value`` when it maps text to text (EntryFormatError otherwise)."""
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise EntryFormatError("expected a map of text to text")
    return value


def _check_sha(sha: object) -> None:
    if not isinstance(sha, str) or not _SHA256.fullmatch(sha):
        raise EntryFormatError("a blob name that is not a sha256")


def _check_relative(relative: str) -> None:
    """Refuse a processed path that would lead outside the processed folder or into the cache."""
    parts = PurePosixPath(relative).parts
    if (
        not parts
        or "\\" in relative
        or PurePosixPath(relative).is_absolute()
        or any(part in ("", ".", "..") for part in parts)
        or parts[0] == CACHE_FOLDER
        or ":" in parts[0]
    ):
        raise EntryFormatError(f"processed path {relative!r} outside the processed folder")
