"""Every notebook runs top to bottom on the example run (and notebook 01 again in Georgian), its
.ipynb matches its .py twin, and its outputs read as a person would want them: every chart with
its title, footnote and a plotting area of at least 200 px; tables with no scientific notation, no
``<NA>`` and no machine path; no error output. The executed notebooks are kept in
``tests/artifacts/notebooks/`` for the browser test and for a look by eye."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((REPO / "notebooks").glob("[0-9][0-9]-*.ipynb"))
ARTIFACTS = REPO / "tests" / "artifacts" / "notebooks"
PLOTLY = "application/vnd.plotly.v1+json"
#: Every notebook in English; the survey notebook and the donor page also in Georgian.
RUNS = [(p, "en") for p in NOTEBOOKS] + [
    (REPO / "notebooks" / f"{stem}.ipynb", "ka")
    for stem in ("01-capacity-gap-survey", "04-donor-report")
]
SCIENTIFIC = re.compile(r"\d[.,]?\d*e[-+]\d{2}\b", re.IGNORECASE)
MACHINE_PATH = re.compile(r"(/work/|/root/|/home/|/tmp/|[A-Z]:\\\\)")
GEORGIAN = re.compile("[\u10d0-\u10ff]")


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


def execute(notebook: Path, lang: str, env: dict[str, str]) -> Any:
    """Run ``notebook`` with ``lang`` set after its parameters cell; return the executed book."""
    import nbformat
    from nbclient import NotebookClient

    book = nbformat.read(notebook, as_version=4)
    first = next(i for i, c in enumerate(book.cells) if "parameters" in c.metadata.get("tags", []))
    book.cells.insert(first + 1, nbformat.v4.new_code_cell(f"lang = {lang!r}"))
    client = NotebookClient(
        book,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(notebook.parent)}},
    )
    client.execute(env=env)
    return book


def outputs(book: Any) -> list[dict[str, Any]]:
    return [o for c in book.cells if c.cell_type == "code" for o in c.get("outputs", [])]


def charts(book: Any) -> list[dict[str, Any]]:
    """Every plotly figure the notebook shows (its JSON)."""
    return [o["data"][PLOTLY] for o in outputs(book) if PLOTLY in o.get("data", {})]


def chart_problems(figure: dict[str, Any], lang: str) -> list[str]:
    """What a reader would miss in one chart: title, footnote, plotting area >= 200 px, language."""
    layout = figure.get("layout", {})
    title = (layout.get("title") or {}).get("text") or ""
    problems = [] if title.strip() else ["no title"]
    notes = [
        a.get("text", "") for a in layout.get("annotations", []) if a.get("name") == "footnote"
    ]
    if not notes or not notes[0].strip():
        problems.append(f"{title[:60]}: no footnote (source)")
    height, margin = layout.get("height"), layout.get("margin", {})
    if not height:
        problems.append(f"{title[:60]}: no explicit height")
    elif height - margin.get("t", 0) - margin.get("b", 0) < 200:
        problems.append(f"{title[:60]}: plotting area {height - margin['t'] - margin['b']} px")
    if lang == "ka" and not GEORGIAN.search(title):
        problems.append(f"{title[:60]}: title not in Georgian")
    return problems


def table_problems(html: str) -> list[str]:
    """What a reader should never see in a table output."""
    problems = []
    visible = re.sub(r"<style.*?</style>", "", html, flags=re.S)
    visible = re.sub(r"<[^>]+>", " ", visible)
    for label, pattern in (
        ("scientific notation", SCIENTIFIC),
        ("<NA>", re.compile(r"&lt;NA&gt;|<NA>")),
        ("NaN", re.compile(r"\b(NaN|nan|None|NaT)\b")),
        ("an unrounded number", re.compile(r"(?<![\w.,])\d+[.,]\d{4,}(?![\w])")),
        ("machine path", MACHINE_PATH),
    ):
        found = pattern.search(visible)
        if found:
            problems.append(f"{label}: …{visible[max(0, found.start() - 40) : found.end() + 20]}…")
    return problems


@pytest.mark.slow
@pytest.mark.parametrize(("notebook", "lang"), RUNS, ids=lambda v: getattr(v, "stem", v))
def test_notebook_reads_well(notebook: Path, lang: str, example_run) -> None:
    paths, _ = example_run
    env = dict(os.environ)
    env.update(
        {
            "CLUSTER_ANALYSIS_ROOT": str(paths.root),
            "CLUSTER_ANALYSIS_RAW": str(paths.raw),
            "CLUSTER_ANALYSIS_PROCESSED": str(paths.processed),
            "CLUSTER_ANALYSIS_REPORTS": str(paths.reports),
        }
    )
    book = execute(notebook, lang, env)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"{notebook.stem}.{lang}.ipynb").write_text(
        json.dumps(book, ensure_ascii=False), encoding="utf-8"
    )
    errors = [o for o in outputs(book) if o.get("output_type") == "error"]
    assert not errors, [f"{e['ename']}: {e['evalue']}" for e in errors]
    stderr = [o["text"] for o in outputs(book) if o.get("name") == "stderr"]
    assert not stderr, stderr
    figures = charts(book)
    assert figures, "the notebook shows no chart"
    problems = [p for figure in figures for p in chart_problems(figure, lang)]
    assert not problems, problems
    htmls = [o["data"]["text/html"] for o in outputs(book) if "text/html" in o.get("data", {})]
    plain = [o["data"]["text/plain"] for o in outputs(book) if "text/markdown" in o.get("data", {})]
    problems = [p for html in htmls for p in table_problems(html)]
    problems += [f"machine path in text: {t[:80]}" for t in plain if MACHINE_PATH.search(t)]
    problems += [
        f"machine path: {paths.root!s}" for html in htmls + plain if str(paths.root) in html
    ]
    assert not problems, problems
    if lang == "ka":
        markdown = [
            o["data"]["text/markdown"]
            for o in outputs(book)
            if "text/markdown" in o.get("data", {})
        ]
        assert markdown and all(GEORGIAN.search(m) for m in markdown), "prose not in Georgian"
