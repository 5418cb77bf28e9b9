"""Put a pulled survey wave into the raw survey folder in the layout the pipeline reads.

Layout written (``raw`` = data/raw/survey)::

    exports/wave_<wave>.xlsx            the submissions, main sheet first, one sheet per repeat
    exports/wave_<wave>.xlsx.pull.json  where and when they were pulled, and the row counts
    forms/wave_<wave>.xlsx              the form the server holds for this wave
    form.xlsx                           written only when the folder has no form yet
    waves.csv                           the wave registered (xml headers, main sheet) if new

A wave that is already registered with a file the pull did not make (no sidecar) is refused, and
so is a wave pulled earlier from another asset or form: a pull never overwrites someone's export.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cluster_analysis.pull.http import PullError
from cluster_analysis.pull.raw import (
    read_sidecar,
    sha256_bytes,
    sidecar_bytes,
    sidecar_of,
    waves_with,
    write_changed,
)
from cluster_analysis.pull.tables import EXCEL_CELL_LIMIT, Sheet, long_cells, xlsx_bytes


@dataclass(frozen=True)
class WavePull:
    """What a pull brought back for one wave, ready to be written."""

    wave: str
    source: dict[str, Any]
    form: bytes | None
    form_suffix: str
    sheets: list[Sheet]
    period: str | None = None
    period_ka: str | None = None


@dataclass(frozen=True)
class PullOutcome:
    """What a pull does: the files to write (``files``), those really written (``written``,
    empty when nothing changed), the record kept in the sidecar, and notes for the user."""

    files: dict[Path, bytes]
    record: dict[str, Any]
    notes: list[tuple[str, str]]
    written: tuple[Path, ...] = ()


def _export_name(wave: str) -> str:
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in wave)
    return f"exports/wave_{safe}.xlsx"


def survey_files(raw: Path, pulled: WavePull, pulled_at: str) -> PullOutcome:
    """The files to write for ``pulled`` and what changed, before anything is written."""
    export_rel = _export_name(pulled.wave)
    export = raw / export_rel
    sidecar_path = sidecar_of(export)
    previous = read_sidecar(sidecar_path)
    if export.exists() and previous is None:
        raise PullError(
            f"{export_rel} exists and was not pulled from a server; choose another wave id",
            f"{export_rel} უკვე არსებობს და სერვერიდან არ არის ჩამოტვირთული; აირჩიეთ სხვა "
            "ტალღის იდენტიფიკატორი",
        )
    if previous and previous.get("source", {}).get("id") != pulled.source["id"]:
        raise PullError(
            f"wave '{pulled.wave}' was pulled from {previous.get('source', {}).get('id')}, "
            f"not {pulled.source['id']}; choose another wave id",
            f"ტალღა '{pulled.wave}' ჩამოტვირთულია {previous.get('source', {}).get('id')}-დან "
            f"და არა {pulled.source['id']}-დან; აირჩიეთ სხვა ტალღის იდენტიფიკატორი",
        )
    notes: list[tuple[str, str]] = []
    cut = long_cells(pulled.sheets)
    if cut:
        where = ", ".join(f"{s} row {r} column {c}" for s, r, c in cut[:3])
        more = f" and {len(cut) - 3} more" if len(cut) > 3 else ""
        notes.append(
            (
                f"{len(cut)} answer(s) longer than {EXCEL_CELL_LIMIT:,} characters are cut in "
                f"the workbook ({where}{more}); the full text stays on the server",
                f"{len(cut)} პასუხი {EXCEL_CELL_LIMIT:,} სიმბოლოზე გრძელია და სამუშაო წიგნში "
                f"შემოკლებულია ({where}{more}); სრული ტექსტი სერვერზე რჩება",
            )
        )
    files: dict[Path, bytes] = {}
    data = xlsx_bytes(pulled.sheets)
    files[export] = data
    form_rel = None
    if pulled.form is not None:
        form_rel = f"forms/wave_{Path(export_rel).stem.removeprefix('wave_')}{pulled.form_suffix}"
        files[raw / form_rel] = pulled.form
        main_form = raw / "form.xlsx"
        if not main_form.exists() and pulled.form_suffix == ".xlsx":
            files[main_form] = pulled.form
        elif main_form.exists() and main_form.read_bytes() != pulled.form:
            notes.append(
                (
                    f"form.xlsx differs from the server's form; the server's copy is {form_rel}",
                    f"form.xlsx განსხვავდება სერვერის ფორმისგან; სერვერის ასლია {form_rel}",
                )
            )
    main = pulled.sheets[0]
    waves = waves_with(
        raw / "waves.csv",
        {
            "file": export_rel,
            "wave": pulled.wave,
            "period": pulled.period or pulled.wave,
            "period_ka": (pulled.period_ka or "").strip(),
            "header_mode": "xml",
            "sheet": main.name,
        },
    )
    if waves is not None:
        files[raw / "waves.csv"] = waves
    counts = {sheet.name: len(sheet.rows) for sheet in pulled.sheets}
    content = {
        "export": {"file": export_rel, "sha256": sha256_bytes(data)},
        "form": {"file": form_rel, "sha256": sha256_bytes(pulled.form)} if pulled.form else None,
        "source": pulled.source,
        "rows": counts,
        "wave": pulled.wave,
    }
    unchanged = previous is not None and {k: previous.get(k) for k in content} == content
    record = {
        **content,
        "pulled_at": previous["pulled_at"] if previous and unchanged else pulled_at,
    }
    if not unchanged:
        files[sidecar_path] = sidecar_bytes(record)
    return PullOutcome(files=files, record=record, notes=notes)


def write_survey(raw: Path, pulled: WavePull, pulled_at: str) -> PullOutcome:
    """Write ``pulled`` into ``raw`` (all changed files or none) and return what was written."""
    planned = survey_files(raw, pulled, pulled_at)
    written = write_changed(planned.files)
    return PullOutcome(planned.files, planned.record, planned.notes, tuple(written))
