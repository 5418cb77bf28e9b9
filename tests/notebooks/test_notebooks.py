"""Every notebook runs top to bottom on the example run, and its .ipynb matches its .py twin."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[2] / "notebooks").glob("[0-9][0-9]-*.ipynb"))


def test_there_are_five_notebooks() -> None:
    names = [p.stem for p in NOTEBOOKS]
    assert names == [
        "01-capacity-gap-survey",
        "02-led-indicators",
        "03-bargaining-pool",
        "04-donor-report",
        "05-directory",
    ]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_paired_with_its_py_twin(notebook: Path) -> None:
    import jupytext

    twin = notebook.with_suffix(".py")
    assert twin.exists(), f"{twin.name} missing: run `make notebooks`"
    from_ipynb = [c.source.strip() for c in jupytext.read(notebook).cells]
    from_py = [c.source.strip() for c in jupytext.read(twin).cells]
    assert from_ipynb == from_py, f"{notebook.name} and {twin.name} differ: run `make notebooks`"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_starts_with_parameters_cell(notebook: Path) -> None:
    import nbformat

    cells = [c for c in nbformat.read(notebook, as_version=4).cells if c.cell_type == "code"]
    assert "parameters" in cells[0].metadata.get("tags", []), (
        "first code cell must be tagged parameters"
    )


@pytest.mark.slow
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_executes(notebook: Path, example_run, monkeypatch: pytest.MonkeyPatch) -> None:
    import nbformat
    from nbclient import NotebookClient

    paths, _ = example_run
    for key, value in {
        "CLUSTER_ANALYSIS_ROOT": paths.root,
        "CLUSTER_ANALYSIS_RAW": paths.raw,
        "CLUSTER_ANALYSIS_PROCESSED": paths.processed,
        "CLUSTER_ANALYSIS_REPORTS": paths.reports,
    }.items():
        monkeypatch.setenv(key, str(value))
    book = nbformat.read(notebook, as_version=4)
    client = NotebookClient(
        book,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(notebook.parent)}},
    )
    client.execute(env=dict(os.environ))
    errors = [
        output
        for cell in book.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if output.get("output_type") == "error"
    ]
    assert not errors
