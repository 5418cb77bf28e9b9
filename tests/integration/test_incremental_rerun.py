"""Incremental reruns: a domain is reused only when its inputs, code and parameters are unchanged.

Each kind of input is changed in turn on a copy of the example data (a survey export, a pool input,
an indicators input, a directory input, a run parameter, the code version); after each change the
domains that depend on it are recomputed and their outputs equal those of a run with ``force``
(nothing stale is reused), while every other domain is reused and its files stay byte for byte as
they were. Reports are off here (figures have their own cache test); the processed layer is what
the domains write.
"""

from __future__ import annotations

import hashlib
import json
import pickle
import shutil
from pathlib import Path

import pytest

from cluster_analysis import cache
from cluster_analysis.config import DOMAINS, Settings, get_paths
from cluster_analysis.pipeline import RunOptions, run_pipeline

REPO_ROOT = Path(__file__).resolve().parents[2]
RAW = REPO_ROOT / "data" / "raw"


def _digests(folder: Path) -> dict[str, str]:
    """sha256 of every processed table (the manifests and the cache itself left out)."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
        and not p.relative_to(folder).as_posix().startswith(("manifests/", ".cache/"))
    }


def _by_domain(digests: dict[str, str]) -> dict[str, dict[str, str]]:
    grouped: dict[str, dict[str, str]] = {}
    for path, sha in digests.items():
        grouped.setdefault(path.split("/")[0] if "/" in path else "", {})[path] = sha
    return grouped


def _run(root: Path, settings: Settings | None = None, *, force: bool = False):
    paths = get_paths(root, raw=root / "raw")
    summary = run_pipeline(
        paths, settings or Settings(), RunOptions(write_reports=False, force=force)
    )
    assert summary.errors == {}
    manifest = json.loads(summary.manifest_path.read_text(encoding="utf-8"))
    reused = {d for d, record in manifest["domains"].items() if record["reused"]}
    return paths, reused, manifest


def _edit_line(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _change_survey_answer(raw: Path) -> None:
    """One importance answer of one respondent in the csv export, moved by one point."""
    path = raw / "survey" / "exports" / "wave_2026-2.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\r\n").split(",")
    column = header.index("capacity/human_capacity/imp_skills_technical")
    for number, line in enumerate(lines[1:], start=1):
        cells = line.rstrip("\r\n").split(",")
        if len(cells) == len(header) and cells[column] in {"2", "3", "4"}:
            cells[column] = str(int(cells[column]) + 1)
            lines[number] = ",".join(cells) + line[len(line.rstrip("\r\n")) :]
            break
    else:
        pytest.fail("no answer between 2 and 4 to change")
    path.write_text("".join(lines), encoding="utf-8")


def _change_pool_demand(raw: Path) -> None:
    _edit_line(
        raw / "pool" / "demand_submissions.csv",
        "GPC-005,2026-Q1,certification_audits,"
        "FSSC 22000 certification audit,FSSC 22000 სერტიფიცირების აუდიტი,2,",
        "GPC-005,2026-Q1,certification_audits,"
        "FSSC 22000 certification audit,FSSC 22000 სერტიფიცირების აუდიტი,4,",
    )


def _change_indicator_value(raw: Path) -> None:
    _edit_line(
        raw / "indicators" / "observations.csv",
        "registered_unemployment_share,zestaponi_municipality,2019,2019,14.2,",
        "registered_unemployment_share,zestaponi_municipality,2019,2019,14.3,",
    )


def _change_event(raw: Path) -> None:
    _edit_line(
        raw / "directory" / "events.csv",
        "Imereti industry day (synthetic)",
        "Imereti industry and packaging day (synthetic)",
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("incremental")
    shutil.copytree(RAW, root / "raw")
    _run(root)
    return root


def _check_change(root: Path, change, recomputed: set[str], **run_kwargs) -> None:
    """Apply ``change``; the domains in ``recomputed`` must rerun and match a forced run, the
    others must be reused with their files untouched."""
    before = _by_domain(_digests(root / "data" / "processed"))
    if change is not None:
        change(root / "raw")
    paths, reused, manifest = _run(root, **run_kwargs)
    assert reused == set(DOMAINS) - recomputed, manifest["domains"]
    after = _by_domain(_digests(paths.processed))
    for domain in set(DOMAINS) - recomputed:
        assert after[domain] == before[domain], f"{domain} files changed though it was reused"
    # no stale output: what the incremental run left equals what a full recomputation gives
    _, forced_reused, _ = _run(root, force=True, **run_kwargs)
    assert forced_reused == set()
    assert _by_domain(_digests(paths.processed)) == after


def test_unchanged_rerun_reuses_every_domain(project: Path) -> None:
    _check_change(project, None, set())


def test_one_survey_answer_recomputes_survey_and_its_dependants_only(project: Path) -> None:
    before = _by_domain(_digests(project / "data" / "processed"))["survey"]
    # the directory matches the survey's gaps; the indicators compute results from its responses
    _check_change(project, _change_survey_answer, {"survey", "directory", "indicators"})
    after = _by_domain(_digests(project / "data" / "processed"))["survey"]
    assert after != before
    # the answer changes the long responses and the scores; the register does not depend on it
    assert after["survey/survey_register.parquet"] == before["survey/survey_register.parquet"]


def test_pool_input_recomputes_pool_only(project: Path) -> None:
    before = _by_domain(_digests(project / "data" / "processed"))["pool"]
    _check_change(project, _change_pool_demand, {"pool"})
    assert _by_domain(_digests(project / "data" / "processed"))["pool"] != before


def test_indicators_input_recomputes_indicators_only(project: Path) -> None:
    before = _by_domain(_digests(project / "data" / "processed"))["indicators"]
    _check_change(project, _change_indicator_value, {"indicators"})
    assert _by_domain(_digests(project / "data" / "processed"))["indicators"] != before


def test_directory_event_recomputes_directory_and_the_indicators(project: Path) -> None:
    before = _by_domain(_digests(project / "data" / "processed"))["directory"]
    # the indicators count the priority events attended from the directory's events
    _check_change(project, _change_event, {"directory", "indicators"})
    assert _by_domain(_digests(project / "data" / "processed"))["directory"] != before


def test_a_damaged_processed_file_is_restored_not_trusted(project: Path) -> None:
    target = project / "data" / "processed" / "pool"
    victim = sorted(target.glob("*.parquet"))[0]
    expected = hashlib.sha256(victim.read_bytes()).hexdigest()
    victim.write_bytes(b"damaged")
    _, reused, _ = _run(project)
    assert reused == set(DOMAINS)
    assert hashlib.sha256(victim.read_bytes()).hexdigest() == expected


def test_a_parameter_recomputes_every_domain(project: Path) -> None:
    _check_change(project, None, set(DOMAINS), settings=Settings(seed=7))


def test_new_code_recomputes_every_domain(project: Path, monkeypatch) -> None:
    monkeypatch.setattr(cache, "code_version", lambda: "another version of the code")
    monkeypatch.setattr("cluster_analysis.pipeline.code_version", lambda: "another version")
    _check_change(project, None, set(DOMAINS), settings=Settings(seed=7))


def test_every_entry_of_a_full_run_reads_back_exactly(
    project: Path, monkeypatch, assert_same
) -> None:
    saved: dict[str, cache.DomainEntry] = {}
    save = cache.DomainCache.save

    def recording(self: cache.DomainCache, entry: cache.DomainEntry) -> None:
        save(self, entry)
        saved[entry.domain] = entry

    monkeypatch.setattr(cache.DomainCache, "save", recording)
    paths, _, _ = _run(project, force=True)
    assert set(saved) == set(DOMAINS)
    collected = [e.collected for e in saved.values()]
    # the entries hold every kind of collected record, so all of them are compared
    assert all(any(c.get(name) for c in collected) for name in ("validations", "manifest_inputs"))
    assert any(e.result.figures for e in saved.values())
    stored = cache.DomainCache(paths.processed)
    for domain, entry in saved.items():
        loaded = stored.load(domain)
        assert loaded is not None, stored.unusable
        for name in ("raw", "reads", "code", "parameters", "result", "collected", "outputs"):
            assert_same(getattr(entry, name), getattr(loaded, name), f"{domain}.{name}")
        assert loaded.blobs == entry.blobs


def test_a_planted_pickle_never_runs_and_a_malformed_entry_is_recomputed(
    project: Path, tmp_path: Path
) -> None:
    marker = tmp_path / "code-ran"

    class Payload:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    domains = project / "data" / "processed" / ".cache" / "domains"
    (domains / "pool.pkl").write_bytes(pickle.dumps(Payload()))
    entry = domains / "directory.json"
    entry.write_bytes(entry.read_bytes()[: len(entry.read_bytes()) // 2])
    paths, reused, manifest = _run(project)
    assert not marker.exists()
    # the directory's outputs come out the same, so the indicators reading them are reused
    assert reused == set(DOMAINS) - {"directory"}
    assert manifest["domains"]["directory"]["reason"] == "cache entry unreadable"
    assert not (paths.processed / ".cache" / "domains" / "pool.pkl").exists()
    assert cache.DomainCache(paths.processed).load("directory") is not None
