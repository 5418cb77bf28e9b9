"""Processed layer plumbing: atomic writes, reproducible parquet, staging, lock, config paths."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from cluster_analysis.config import get_paths
from cluster_analysis.errors import RunLockedError
from cluster_analysis.store import Manifest, Staging, atomic_write, run_lock, write_parquet


def test_parquet_is_byte_identical_on_rewrite(tmp_path: Path) -> None:
    frame = pd.DataFrame({"a": [1, 2], "b": ["ზესტაფონი", None]})
    first = write_parquet(frame, tmp_path / "one.parquet").read_bytes()
    second = write_parquet(frame.copy(), tmp_path / "two.parquet").read_bytes()
    assert first == second


def test_atomic_write_leaves_old_file_when_writer_fails(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")

    def broken(tmp: Path) -> None:
        tmp.write_text("half", encoding="utf-8")
        raise RuntimeError("killed midway")

    with pytest.raises(RuntimeError, match="killed midway"):
        atomic_write(target, broken)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]  # no temp file left behind


def test_staging_commits_only_at_the_end(tmp_path: Path) -> None:
    target = tmp_path / "processed"
    target.mkdir()
    (target / "keep.txt").write_text("previous run", encoding="utf-8")
    staging = Staging(target)
    (staging.path / "new.txt").write_text("this run", encoding="utf-8")
    assert not (target / "new.txt").exists()  # invisible until commit
    staging.commit()
    assert (target / "new.txt").read_text(encoding="utf-8") == "this run"
    assert (target / "keep.txt").exists()
    assert not list(tmp_path.glob(".staging-*"))


def test_stale_staging_from_a_killed_run_is_removed(tmp_path: Path) -> None:
    target = tmp_path / "processed"
    stale = tmp_path / ".staging-processed-dead"
    stale.mkdir(parents=True)
    Staging(target).discard()
    assert not stale.exists()


def test_second_run_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    with (
        run_lock(tmp_path),
        pytest.raises(RunLockedError, match="another cluster-analysis run"),
        run_lock(tmp_path),
    ):
        pass
    with run_lock(tmp_path):  # released after the first run
        pass


def test_manifest_records_inputs_with_sha256(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("a\n1\n", encoding="utf-8")
    manifest = Manifest(run_id="r1", parameters={"lang": "both"})
    manifest.add_input(source, 1, tmp_path)
    manifest.add_output(tmp_path / "out.parquet", 1, tmp_path)
    body = json.loads(manifest.to_json())
    assert body["inputs"][0]["path"] == "in.csv"
    assert len(body["inputs"][0]["sha256"]) == 64
    assert body["packages"]["pandas"] == pd.__version__


def test_paths_from_root_environment_and_options(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = get_paths(tmp_path)
    assert paths.raw == tmp_path / "data" / "raw" and paths.reports == tmp_path / "reports"
    monkeypatch.setenv("CLUSTER_ANALYSIS_RAW", str(tmp_path / "elsewhere"))
    assert get_paths(tmp_path).raw == tmp_path / "elsewhere"
    assert get_paths(tmp_path, raw=tmp_path / "cli").raw == tmp_path / "cli"  # option wins
    assert get_paths(tmp_path).raw_for("pool") == tmp_path / "elsewhere" / "pool"
