"""The survey domain keeps the package's shape: declared tables and figures, pure table functions,
one writer, short functions, no import-time side effects."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from cluster_analysis import metadata
from cluster_analysis.survey import figures

SURVEY = Path(__file__).resolve().parents[2] / "src" / "cluster_analysis" / "survey"
#: The domain's own modules (the readers forms/exports/cleaning/schemas and scoring.py are library
#: modules kept to their own rules).
OWN = (
    "__init__.py",
    "charts.py",
    "figures.py",
    "findings.py",
    "inputs.py",
    "notes.py",
    "pipeline.py",
    "register.py",
    "tables.py",
    "validators.py",
)
MODULES = [SURVEY / name for name in OWN]


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_no_function_is_longer_than_150_lines(path: Path) -> None:
    long = [
        (node.name, node.end_lineno - node.lineno + 1)
        for node in ast.walk(_tree(path))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno + 1 > 150
    ]
    assert long == []


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_no_import_fallbacks_and_no_import_time_registration(path: Path) -> None:
    tree = _tree(path)
    for node in ast.walk(tree):
        if isinstance(node, ast.ExceptHandler) and node.type is not None:
            names = {n.id for n in ast.walk(node.type) if isinstance(n, ast.Name)}
            assert not names & {"ImportError", "ModuleNotFoundError"}, f"line {node.lineno}"
    for statement in tree.body:  # module level only, not inside functions or classes
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            continue
        calls = [n for n in ast.walk(statement) if isinstance(n, ast.Call)]
        named = {getattr(c.func, "id", getattr(c.func, "attr", "")) for c in calls}
        assert "register_messages" not in named, f"line {statement.lineno}"


def test_only_the_pipeline_writes_and_tables_never_see_the_run_context() -> None:
    writers = set()
    for path in sorted(SURVEY.glob("*.py")):
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.Attribute) and node.attr == "write_table":
                writers.add(path.name)
    assert writers == {"pipeline.py"}
    source = (SURVEY / "tables.py").read_text(encoding="utf-8")
    assert "RunContext" not in source and "ctx" not in source
    assert "read_" + "table" not in source and "to_parquet" not in source


def test_every_figure_spec_draws_a_declared_table_with_a_known_builder() -> None:
    specs = metadata.figure_specs("survey")
    assert {s.kind for s in specs} <= set(figures.BUILDERS)
    assert len(specs) == 5
    declared = {t.name for t in metadata.table_specs("survey")}
    for spec in specs:
        assert spec.table in declared, spec.name
        assert spec.table in figures.FIGURE_TABLES, spec.name
        assert {"en", "ka"} <= set(spec.params["unit"]), spec.name


def test_every_table_has_an_audience_and_a_primary_key() -> None:
    specs = metadata.table_specs("survey")
    assert len(specs) == 14
    for spec in specs:
        assert spec.audience in metadata.AUDIENCES and spec.primary_key, spec.name
        assert spec.title["en"] and spec.title["ka"], spec.name
    donors = {s.name for s in specs if s.audience == "donors"}
    assert donors == {
        "needs_assessment",
        "needs_by_member_type",
        "gap_by_dimension_member_type",
        "mwds_bootstrap",
        "box_scores",
        "multi_select_shares",
        "wave_change",
        "gap_status",
    }
