"""Every writer goes through one atomic-write helper that keeps the usual permissions and fsyncs.

A file written through a temporary file must end with the mode any newly created file gets under
the process umask (``0o666 & ~umask``), not the temporary file's owner-only 0600, so colleagues on a
shared drive can open the outputs. The expected modes are computed here from the umask the test
sets, independently of the code under test.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from cluster_analysis import store
from cluster_analysis.outputs import Meta, TableOutput, text


@pytest.fixture(params=[0o022, 0o027, 0o002], ids=["umask022", "umask027", "umask002"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    old = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _plain_file_mode(tmp_path: Path) -> int:
    """The mode open() gives a new file under the current umask: the reference."""
    reference = tmp_path / "reference.txt"
    reference.write_text("x")
    return _mode(reference)


def test_atomic_write_keeps_umask_permissions(tmp_path: Path, umask: int) -> None:
    target = store.atomic_write(tmp_path / "out" / "a.bin", lambda tmp: tmp.write_bytes(b"abc"))
    assert target.read_bytes() == b"abc"
    assert _mode(target) == 0o666 & ~umask == _plain_file_mode(tmp_path)


def test_parquet_text_and_bytes_writers_keep_umask_permissions(tmp_path: Path, umask: int) -> None:
    paths = [
        store.write_parquet(pd.DataFrame({"a": [1, 2]}), tmp_path / "t.parquet"),
        store.atomic_write_text(tmp_path / "t.json", "{}"),
        store.atomic_write_bytes(tmp_path / "t.bin", b"\x00"),
    ]
    for path in paths:
        assert _mode(path) == 0o666 & ~umask, path.name


def test_report_writers_keep_umask_permissions(tmp_path: Path, umask: int) -> None:
    from cluster_analysis.charts.export import atomic_write_bytes as export_bytes
    from cluster_analysis.reports.excel import write_tables_xlsx

    table = TableOutput(
        name="t",
        frame=pd.DataFrame({"a": [1]}),
        meta=Meta(title=text("T", "ტ")),
        audience="office",
    )
    paths = [
        write_tables_xlsx([table], tmp_path / "tables.xlsx", lang="en"),
        export_bytes(tmp_path / "figure.png", b"\x89PNG"),
    ]
    for path in paths:
        assert _mode(path) == 0o666 & ~umask, path.name
    assert not list(tmp_path.glob(".*.tmp*")), "temporary files left behind"


def test_docx_writer_keeps_umask_permissions(tmp_path: Path, umask: int) -> None:
    from docx import Document

    from cluster_analysis.reports import docx as docx_writer

    path = docx_writer._save_atomic(Document(), tmp_path / "brief.docx")
    assert _mode(path) == 0o666 & ~umask
    assert Document(str(path)).paragraphs == []


def test_staging_folder_becomes_a_normal_folder(tmp_path: Path, umask: int) -> None:
    target = tmp_path / "processed"
    staging = store.Staging(target)
    store.atomic_write_text(staging.path / "survey" / "x.json", "{}")
    staging.commit()
    assert _mode(target) == 0o777 & ~umask
    assert _mode(target / "survey" / "x.json") == 0o666 & ~umask


def test_outputs_kept_from_an_older_run_become_shareable(tmp_path: Path, umask: int) -> None:
    target = tmp_path / "processed"
    (target / "pool").mkdir(parents=True)
    old = target / "pool" / "kept.parquet"
    old.write_bytes(b"x")
    old.chmod(0o600)  # as the temporary-file writers of older versions left them
    store.Staging(target).commit()
    assert _mode(target / "pool" / "kept.parquet") == 0o666 & ~umask
    assert (target / "pool" / "kept.parquet").read_bytes() == b"x"


def test_atomic_write_fsyncs_the_file_before_the_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        synced.append(os.readlink(f"/proc/self/fd/{fd}"))
        real_fsync(fd)

    def replace(src: str | Path, dst: str | Path) -> None:
        synced.append(f"rename {Path(src).name} -> {Path(dst).name}")
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    store.atomic_write(tmp_path / "a.txt", lambda tmp: tmp.write_text("hello"))
    renames = [i for i, s in enumerate(synced) if s.startswith("rename")]
    file_syncs = [i for i, s in enumerate(synced) if s.endswith(".tmp")]
    assert renames and file_syncs, synced
    assert file_syncs[0] < renames[0], "the data must reach the disk before the rename"


def test_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_text("old")

    def broken(tmp: Path) -> None:
        tmp.write_text("half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        store.atomic_write(target, broken)
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]
