"""Writing pulled files into the raw folder: all or nothing, and only what changed.

A pull first builds every file in memory. :func:`write_changed` then compares each with what is on
disk: identical files are left alone (same bytes, same modification time), changed ones are staged
as temporary files beside their targets and renamed into place only when all of them are staged.
If a rename fails, the files already replaced are put back, so the raw folder holds either the old
set or the new set, never a mix.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from cluster_analysis.pull.http import PullError
from cluster_analysis.store import atomic_write_set

PULL_SUFFIX = ".pull.json"
WAVE_COLUMNS = ("file", "wave", "period", "header_mode", "language", "question_bank", "sheet")
#: Columns a new row may bring that an older waves.csv lacks: added to its header when given.
OPTIONAL_WAVE_COLUMNS = ("period_ka",)


def sha256_bytes(data: bytes) -> str:
    """The hex sha256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def changed_files(files: Mapping[Path, bytes]) -> dict[Path, bytes]:
    """The subset of ``files`` whose bytes differ from the file on disk (or that do not exist)."""
    out: dict[Path, bytes] = {}
    for path, data in files.items():
        if path.is_file() and path.read_bytes() == data:
            continue
        out[path] = data
    return out


def write_changed(files: Mapping[Path, bytes]) -> list[Path]:
    """Write the files of ``files`` that changed, all or none (:func:`store.atomic_write_set`);
    return the paths written."""
    todo = changed_files(files)
    try:
        atomic_write_set(todo)
    except OSError as exc:
        raise PullError(
            f"could not write into the raw folder ({exc.strerror or exc}); nothing was changed",
            f"ნედლი მონაცემების საქაღალდეში ჩაწერა ვერ მოხერხდა ({exc.strerror or exc}); "
            "არაფერი შეცვლილა",
        ) from exc
    return list(todo)


def waves_with(waves_csv: Path, row: Mapping[str, str]) -> bytes | None:
    """The bytes of ``waves_csv`` with ``row`` registered, or None when the wave is already there
    with the same file. Existing rows and columns are kept byte for byte, except that a column of
    :data:`OPTIONAL_WAVE_COLUMNS` the row fills and the header lacks is added at the end (the old
    rows then get an empty cell there); a wave registered with another file is refused (the pull
    would otherwise hide an export someone else made)."""
    existing = waves_csv.read_bytes() if waves_csv.exists() else b""
    text = existing.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text))) if text.strip() else []
    for number, old in enumerate(rows, start=2):
        if (old.get("wave") or "").strip() == row["wave"]:
            if (old.get("file") or "").strip() == row["file"]:
                return None
            raise PullError(
                f"{waves_csv.name}, row {number}: wave '{row['wave']}' is already registered "
                f"with '{old.get('file')}'; choose another wave id",
                f"{waves_csv.name}, სტრიქონი {number}: ტალღა '{row['wave']}' უკვე "
                f"რეგისტრირებულია ფაილით '{old.get('file')}'; აირჩიეთ სხვა ტალღის "
                "იდენტიფიკატორი",
            )
    if text.strip():
        header = next(csv.reader(io.StringIO(text)))
        header = [h.strip() for h in header]
    else:
        header = list(WAVE_COLUMNS)
    missing = [c for c in ("file", "wave") if c not in header]
    if missing:
        raise PullError(
            f"{waves_csv.name}, row 1: needs the columns file and wave",
            f"{waves_csv.name}, სტრიქონი 1: საჭიროა სვეტები file და wave",
        )
    added = [c for c in OPTIONAL_WAVE_COLUMNS if row.get(c) and c not in header]
    if added and rows:
        return _with_columns(rows, [*header, *added], row, existing)
    header = [*header, *added]
    line = io.StringIO()
    csv.writer(line, lineterminator="\n").writerow([row.get(c, "") for c in header])
    out = existing if not added else b""
    if not out:
        head = io.StringIO()
        csv.writer(head, lineterminator="\n").writerow(header)
        out = head.getvalue().encode("utf-8")
    elif not out.endswith(b"\n"):
        out += b"\r\n" if b"\r\n" in out else b"\n"
    newline = "\r\n" if b"\r\n" in existing else "\n"
    return out + line.getvalue().replace("\n", newline).encode("utf-8")


def _with_columns(
    rows: list[dict[str, str]], header: list[str], row: Mapping[str, str], existing: bytes
) -> bytes:
    """waves.csv written afresh with ``header``: the old ``rows`` (their values unchanged, empty in
    the added columns), then ``row``, keeping the file's line ending."""
    newline = "\r\n" if b"\r\n" in existing else "\n"
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=newline)
    writer.writerow(header)
    for old in [*rows, row]:
        cells = {str(k or "").strip(): v for k, v in old.items()}
        writer.writerow([(cells.get(c) or "") for c in header])
    return out.getvalue().encode("utf-8")


def sidecar_bytes(record: Mapping[str, Any]) -> bytes:
    """A pull record as stable, readable JSON (sorted keys, UTF-8, final newline)."""
    return (json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def sidecar_of(path: Path) -> Path:
    """Where the pull record of a pulled file lives: ``<file>.pull.json`` beside it."""
    return path.with_name(path.name + PULL_SUFFIX)


def read_sidecar(path: Path) -> dict[str, Any] | None:
    """The pull record at ``path``, or None when there is none (or it is unreadable)."""
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None
