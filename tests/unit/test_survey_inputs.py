"""The survey's declared inputs: waves.csv (or the exports folder), read through the run context and
recorded in the manifest; bad manifests fail with one line naming file, row and column."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from cluster_analysis.config import get_paths
from cluster_analysis.errors import InputError
from cluster_analysis.pipeline import make_context
from cluster_analysis.survey import inputs


def _ctx(tmp_path: Path, files: dict[str, str]):
    raw = tmp_path / "raw" / "survey"
    for name, body in files.items():
        (raw / name).parent.mkdir(parents=True, exist_ok=True)
        (raw / name).write_text(body, encoding="utf-8")
    raw.mkdir(parents=True, exist_ok=True)
    paths = get_paths(tmp_path, raw=tmp_path / "raw")
    return make_context(paths, processed_dir=tmp_path / "processed", domain="survey")


def test_waves_csv_gives_waves_in_order_and_is_recorded(tmp_path: Path) -> None:
    manifest = (
        "file,wave,period,question_bank,separator\n"
        "exports/a.csv,2025-2,2025 H2,,\n"
        "exports/b.csv,2026-2,,bank.csv,.\n"
    )
    ctx = _ctx(tmp_path, {"waves.csv": manifest, "exports/a.csv": "x\n", "exports/b.csv": "x\n"})
    waves = inputs.load_waves(ctx)
    assert [(w.wave, w.period, w.separator) for w in waves] == [
        ("2025-2", "2025 H2", "/"),
        ("2026-2", "2026-2", "."),  # no period: the wave id
    ]
    assert waves[1].question_bank == ctx.raw_dir / "bank.csv" and waves[0].question_bank is None
    recorded = [i for i in ctx.manifest.inputs if Path(i["path"]).name == "waves.csv"]
    digest = hashlib.sha256(manifest.encode("utf-8")).hexdigest()
    assert len(recorded) == 1 and recorded[0]["rows"] == 2 and recorded[0]["sha256"] == digest


def test_without_waves_csv_every_export_is_a_wave(tmp_path: Path) -> None:
    ctx = _ctx(
        tmp_path,
        {"exports/wave_2026-2.csv": "x\n", "exports/2025-1.xlsx": "", "exports/notes.txt": "-"},
    )
    assert [(w.wave, w.period) for w in inputs.load_waves(ctx)] == [
        ("2025-1", "2025-1"),
        ("2026-2", "2026-2"),
    ]


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        ("file,period\nexports/a.csv,P\n", r"waves\.csv needs a 'wave' column"),
        ("file,wave\nexports/a.csv,\n", r"row 2\b.*each wave needs a file and a wave id"),
        (
            "file,wave\nexports/missing.csv,w\n",
            r"row 2, column 'file': the export 'exports/missing\.csv' does not exist",
        ),
        ("file,wave\nexports/a.csv,w\nexports/a.csv,w\n", r"a wave id appears twice"),
    ],
)
def test_bad_waves_csv_fails_in_one_line(tmp_path: Path, manifest: str, message: str) -> None:
    ctx = _ctx(tmp_path, {"waves.csv": manifest, "exports/a.csv": "x\n"})
    with pytest.raises(InputError, match=message) as caught:
        inputs.load_waves(ctx)
    assert "\n" not in str(caught.value)
    assert "waves.csv" in str(caught.value)


def test_no_exports_at_all_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no survey exports found"):
        inputs.load_waves(_ctx(tmp_path, {}))


def test_a_missing_form_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"survey form \(XLSForm\) is missing") as caught:
        inputs.load_form(_ctx(tmp_path, {}))
    assert "form.xlsx" in str(caught.value)
