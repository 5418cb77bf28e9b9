"""Cache entries are data only: what is saved reads back exactly, and nothing in the processed
folder is ever unpickled or trusted when it does not read back cleanly.

The processed folder may come from a colleague's drive or a zip, so a planted pickle must never
run, and a malformed or tampered entry must make the domain recompute rather than fail.
"""

from __future__ import annotations

import dataclasses
import json
import pickle
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from cluster_analysis.cache import ENTRY_VERSION, DomainCache, DomainEntry, built
from cluster_analysis.outputs import (
    DomainResult,
    FigureOutput,
    FileOutput,
    Finding,
    Meta,
    TableOutput,
    text,
)
from cluster_analysis.validation import ValidationResult


def _result() -> DomainResult:
    """A result with every kind of value a domain hands over."""
    frame = pd.DataFrame(
        {
            "member": pd.array(["A", "B", None], dtype="str"),
            "count": pd.array([1, None, 3], dtype="Int64"),
            "share": pd.array([0.5, None, 0.25], dtype="Float64"),
            "plain": [1.5, float("nan"), -0.0],
            "flag": pd.array([True, None, False], dtype="boolean"),
            "deadline": pd.to_datetime(["2026-01-01", None, "2026-03-31"]).astype("datetime64[s]"),
            "mixed": np.array(["x", 2, pd.NA], dtype=object),
            "kind": pd.Categorical(["a", "b", "a"]),
        },
        index=pd.Index([3, 5, 9]),
    )
    # text kept as Python objects (as pandera leaves some columns), which pandas would not infer
    frame.insert(7, "texts", pd.Series(["x", None, "z"], index=frame.index, dtype=object))
    frame.attrs = {"source": "survey.csv", "row_offset": 2, "sheet": None}

    def figure(lang: str) -> go.Figure:
        fig = go.Figure(go.Bar(x=np.array(["a", "b"], dtype=object), y=np.array([1.5, 2.0])))
        fig.add_scatter(x=np.arange(3, dtype="int64"), y=[1, None, 3], name=lang)
        fig.update_layout(xaxis_title=f"{lang} ~axis", meta={"~tilde": (1, 2)})
        return fig

    meta = Meta(title=text("Members", "წევრები"), n=text("3 of 4", "3 4-დან"), synthetic=True)
    return DomainResult(
        domain="survey",
        tables=[
            TableOutput(
                name="members",
                frame=frame,
                meta=meta,
                audience="office",
                columns={"member": text("Member", "წევრი")},
                suppressed=[(0, "count"), (2, "share")],
                suppression_rule=text("fewer than 5", "5-ზე ნაკლები"),
            )
        ],
        figures=[FigureOutput(name="bars", build=figure, meta=meta, audience="donors")],
        findings=[Finding("survey", text("One", "ერთი"), n=3, audience="members")],
        method_notes=[text("note", "შენიშვნა")],
        sources=[text("source", "წყარო")],
        suppression_log=pd.DataFrame({"table": ["members"], "cells": [np.int64(2)]}),
        files=[
            FileOutput(
                name="calendar",
                suffix="ics",
                audience="members",
                build=lambda lang: b"\0" + lang.encode(),
            )
        ],
    )


def _entry(processed: Path) -> DomainEntry:
    """An entry with one processed file written, as a run would leave it."""
    table = processed / "survey" / "members.parquet"
    table.parent.mkdir(parents=True)
    table.write_bytes(b"parquet bytes")
    rejects = pd.DataFrame({"row": [4], "check": ["range"], "value": pd.Series([7], dtype=object)})
    validation = ValidationResult(
        table="members",
        source="survey.csv",
        valid=pd.DataFrame({"a": [1]}),
        rejected_rows=pd.DataFrame({"a": [7]}),
        rejects=rejects,
        rows_in=2,
        notes=["one rejected"],
    )
    return DomainEntry(
        domain="survey",
        raw={"register.csv": "0" * 64},
        reads={"processed:directory/resources.parquet": "1" * 64},
        code="code",
        parameters={"min_cell": 5, "dominance_share": 0.85, "langs": ["en", "ka"], "span": (1, 2)},
        result=built(_result(), ("en", "ka")),
        collected={
            "validations": [validation],
            "extra_rejects": [rejects],
            "warnings": ["survey: one row rejected"],
            "manifest_inputs": [{"path": "raw/survey.csv", "sha256": "2" * 64, "rows": 2}],
            "manifest_validation": [validation.summary() | {"rows_in": np.int64(2)}],
        },
        outputs={"survey/members.parquet": "f" * 64},
    )


@pytest.fixture
def saved(tmp_path: Path) -> tuple[DomainCache, DomainEntry]:
    processed = tmp_path / "processed"
    cache = DomainCache(processed)
    entry = _entry(processed)
    # the recorded sha must be the file's for the save to copy it
    from cluster_analysis.store import sha256_of

    entry.outputs = {"survey/members.parquet": sha256_of(processed / "survey/members.parquet")}
    cache.save(entry)
    return cache, entry


def test_an_entry_reads_back_exactly(
    saved: tuple[DomainCache, DomainEntry], assert_same: Callable[..., None]
) -> None:
    cache, entry = saved
    loaded = cache.load("survey")
    assert loaded is not None, cache.unusable
    for name in ("domain", "raw", "reads", "code", "parameters", "result", "collected", "outputs"):
        assert_same(getattr(entry, name), getattr(loaded, name), name)
    assert loaded.blobs == entry.blobs and entry.blobs
    assert loaded.key_digest() == entry.key_digest()
    assert not list(cache.folder.rglob("*.pkl"))


def test_a_planted_pickle_is_never_loaded(tmp_path: Path) -> None:
    marker = tmp_path / "code-ran"

    class Payload:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    cache = DomainCache(tmp_path / "processed")
    for name in ("survey.pkl", "survey.json"):
        path = cache.folder / "domains" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pickle.dumps(Payload()))
    assert cache.load("survey") is None
    assert cache.unusable["survey"] == "cache entry unreadable"
    cache.prune_blobs()
    assert not marker.exists()
    assert not (cache.folder / "domains" / "survey.pkl").exists()  # an old layout is dropped


@pytest.mark.parametrize(
    "tamper",
    [
        lambda body: "{not json",
        lambda body: json.dumps(body | {"result": {"~dc": ["Path", {}]}}),
        lambda body: json.dumps(body | {"result": {"~pickle": "gASV"}}),
        lambda body: json.dumps(body | {"outputs": {"../../outside.txt": "f" * 64}}),
        lambda body: json.dumps(body | {"outputs": {"survey/x.parquet": "../../etc/passwd"}}),
        lambda body: json.dumps(body | {"domain": "pool"}),
        lambda body: json.dumps(body | {"collected": [1, 2]}),
        lambda body: json.dumps({k: v for k, v in body.items() if k != "code"}),
        lambda body: json.dumps([body]),
        lambda body: json.dumps(body).replace('"type": "bar"', '"type": "no_such_trace"'),
        lambda body: json.dumps(body).replace('"type": "bar"', '"type": 7'),
    ],
)
def test_a_malformed_entry_is_not_used(saved: tuple[DomainCache, DomainEntry], tamper) -> None:
    cache, _ = saved
    path = cache.entry_path("survey")
    path.write_text(tamper(json.loads(path.read_text(encoding="utf-8"))), encoding="utf-8")
    assert cache.load("survey") is None
    assert cache.unusable["survey"] == "cache entry unreadable"


def test_an_entry_of_another_layout_is_not_used(saved: tuple[DomainCache, DomainEntry]) -> None:
    cache, _ = saved
    path = cache.entry_path("survey")
    body = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(body | {"version": ENTRY_VERSION - 1}), encoding="utf-8")
    assert cache.load("survey") is None
    assert cache.unusable["survey"] == "cache entry of another layout"


def test_an_altered_table_blob_is_not_used(saved: tuple[DomainCache, DomainEntry]) -> None:
    cache, entry = saved
    outputs = set(entry.outputs.values())
    table_blob = next(cache.blobs / sha for sha in sorted(entry.blobs) if sha not in outputs)
    table_blob.write_bytes(table_blob.read_bytes()[:-1] + b"x")
    assert cache.load("survey") is None


def test_an_altered_output_blob_restores_nothing(saved: tuple[DomainCache, DomainEntry]) -> None:
    cache, entry = saved
    entry.reads = {}
    (relative, sha), *_ = entry.outputs.items()
    (cache.processed_dir / relative).unlink()
    key = {"raw": entry.raw, "code": entry.code, "parameters": entry.parameters}
    assert cache.stale_reason(entry, **key) is None  # the blob would put the file back
    (cache.blobs / sha).write_bytes(b"someone else's bytes")
    assert cache.stale_reason(entry, **key) == f"output {relative} missing"


def test_pruning_keeps_the_blobs_of_held_and_stored_entries(
    saved: tuple[DomainCache, DomainEntry],
) -> None:
    cache, entry = saved
    stray = cache.blobs / ("e" * 64)
    stray.write_bytes(b"left over")
    held = dataclasses.replace(entry, domain="pool", blobs={"d" * 64})
    (cache.blobs / ("d" * 64)).write_bytes(b"held")
    (cache.folder / "domains" / "pool.json").write_text("{}", encoding="utf-8")
    cache.prune_blobs({"pool": held})
    kept = {p.name for p in cache.blobs.iterdir()}
    # survey's entry is read from its file; pool's blobs come from the entry held in memory
    assert kept == entry.blob_hashes() | {"d" * 64}


def test_figures_read_back_stay_data_until_asked_for(
    saved: tuple[DomainCache, DomainEntry],
) -> None:
    cache, entry = saved
    loaded = cache.load("survey")
    assert loaded is not None
    figure = loaded.result.figures[0].build
    assert figure._specs and not figure._figures  # reading the entry built no plotly figure
    first, second = figure("en"), figure("en")
    assert first is not second  # a new figure each call: nobody changes another's
    assert first.to_json() == second.to_json() == entry.result.figures[0].build("en").to_json()
    assert figure.figures["en"].to_json() == first.to_json()  # built when asked for
