"""All-or-nothing writes into the raw folder and wave registration."""

from __future__ import annotations

import csv
import io
import os

import pytest

from cluster_analysis.pull.http import PullError
from cluster_analysis.pull.raw import changed_files, waves_with, write_changed


def test_identical_files_are_not_rewritten(tmp_path):
    target = tmp_path / "a.txt"
    target.write_bytes(b"same")
    os.utime(target, ns=(1_000_000_000, 1_000_000_000))
    assert write_changed({target: b"same"}) == []
    assert target.stat().st_mtime_ns == 1_000_000_000


def test_a_failed_write_leaves_every_file_as_it_was(tmp_path):
    first = tmp_path / "first.txt"
    first.write_bytes(b"old first")
    blocked = tmp_path / "blocked"
    blocked.mkdir()  # a folder where a file should go: the rename onto it fails
    (blocked / "keep").write_bytes(b"x")
    with pytest.raises(
        PullError, match=r"could not write into the raw folder .*nothing was changed"
    ):
        write_changed({first: b"new first", blocked: b"new blocked"})
    assert first.read_bytes() == b"old first"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blocked", "first.txt"]
    assert [p.name for p in blocked.iterdir()] == ["keep"]


def test_changed_files_lists_new_and_different(tmp_path):
    same, other = tmp_path / "same", tmp_path / "other"
    same.write_bytes(b"1")
    other.write_bytes(b"1")
    new = tmp_path / "new"
    assert set(changed_files({same: b"1", other: b"2", new: b"3"})) == {other, new}


def test_waves_with_appends_in_the_file_columns(tmp_path):
    path = tmp_path / "waves.csv"
    path.write_text("wave,file,period,sheet\n2025-2,exports/a.xlsx,2025 H2,\n", encoding="utf-8")
    data = waves_with(path, {"file": "exports/b.xlsx", "wave": "2026-1", "period": "2026 H1"})
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    assert rows[1] == {"wave": "2026-1", "file": "exports/b.xlsx", "period": "2026 H1", "sheet": ""}
    assert rows[0]["file"] == "exports/a.xlsx"


def test_waves_with_same_wave_and_file_is_no_change(tmp_path):
    path = tmp_path / "waves.csv"
    path.write_text("file,wave\nexports/b.xlsx,2026-1", encoding="utf-8")
    assert waves_with(path, {"file": "exports/b.xlsx", "wave": "2026-1"}) is None


def test_waves_with_appends_after_a_missing_final_newline(tmp_path):
    path = tmp_path / "waves.csv"
    path.write_text("file,wave\nexports/a.xlsx,1", encoding="utf-8")
    data = waves_with(path, {"file": "exports/b.xlsx", "wave": "2"})
    assert data.decode("utf-8").splitlines() == [
        "file,wave",
        "exports/a.xlsx,1",
        "exports/b.xlsx,2",
    ]


def test_a_georgian_period_goes_into_its_column_or_adds_it(tmp_path):
    row = {"file": "exports/b.xlsx", "wave": "2026-1", "period": "2026 H1"}
    given = {**row, "period_ka": "2026 წლის გაზაფხული"}
    # a waves.csv that has the column: appended, old rows byte for byte
    path = tmp_path / "waves.csv"
    before = "file,wave,period,period_ka\r\nexports/a.xlsx,2025-2,2025 H2,\r\n"
    path.write_bytes(before.encode())
    data = waves_with(path, given).decode("utf-8")
    assert data.startswith(before)
    assert data[len(before) :] == "exports/b.xlsx,2026-1,2026 H1,2026 წლის გაზაფხული\r\n"
    # an older waves.csv without it: the column is added, the old row keeps its values
    path.write_text("wave,file,period\n2025-2,exports/a.xlsx,2025 H2\n", encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(waves_with(path, given).decode("utf-8"))))
    assert rows == [
        {"wave": "2025-2", "file": "exports/a.xlsx", "period": "2025 H2", "period_ka": ""},
        {
            "wave": "2026-1",
            "file": "exports/b.xlsx",
            "period": "2026 H1",
            "period_ka": given["period_ka"],
        },
    ]
    # none given: the file keeps its columns
    plain = waves_with(path, {**row, "period_ka": ""}).decode("utf-8")
    assert plain.splitlines()[0] == "wave,file,period"
    # a new waves.csv has the column only when a Georgian period is given
    fresh = tmp_path / "new.csv"
    assert "period_ka" not in waves_with(fresh, {**row, "period_ka": ""}).decode("utf-8")
    assert waves_with(fresh, given).decode("utf-8").splitlines()[0].endswith(",period_ka")


def test_waves_without_a_wave_column_is_refused(tmp_path):
    path = tmp_path / "waves.csv"
    path.write_text("export,period\na.xlsx,1\n", encoding="utf-8")
    with pytest.raises(PullError, match=r"waves.csv, row 1: needs the columns file and wave"):
        waves_with(path, {"file": "exports/b.xlsx", "wave": "2"})


def test_run_manifest_copies_the_pull_record(tmp_path):
    import json

    from cluster_analysis.store import Manifest

    export = tmp_path / "wave_1.xlsx"
    export.write_bytes(b"data")
    record = {
        "source": {"server": "https://kf.kobotoolbox.org"},
        "pulled_at": "2026-06-20T10:00:00Z",
    }
    (tmp_path / "wave_1.xlsx.pull.json").write_text(json.dumps(record), encoding="utf-8")
    plain = tmp_path / "register.csv"
    plain.write_bytes(b"id\n")
    manifest = Manifest(run_id="t", parameters={})
    manifest.add_input(export, 3, root=tmp_path)
    manifest.add_input(plain, 0, root=tmp_path)
    by_path = {i["path"]: i for i in json.loads(manifest.to_json())["inputs"]}
    assert by_path["wave_1.xlsx"]["pulled"] == record
    assert "pulled" not in by_path["register.csv"]
