"""Every documented public name resolves to the documented object in any import order.

Python binds an imported submodule as an attribute of its package; a public name equal to a
submodule name (``cluster_analysis.indicators.progress``) used to return the module instead of the
function whenever the submodule had been imported first. Each import order runs in a fresh
interpreter, because the trap depends on what is already in ``sys.modules``.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = (
    "cluster_analysis.survey",
    "cluster_analysis.indicators",
    "cluster_analysis.pool",
    "cluster_analysis.charts",
)

# Runs in a fresh interpreter: imports submodules and public names in the order asked, then reports
# every public name whose package attribute is not the object its defining module holds.
PROBE = textwrap.dedent(
    """
    import importlib, json, pkgutil, sys, types
    package_name, order = sys.argv[1], sys.argv[2]
    package = importlib.import_module(package_name)
    names = list(getattr(package, "__all__", []))
    exports = getattr(package, "_lazy_exports", None) or {}
    submodules = sorted(m.name for m in pkgutil.iter_modules(package.__path__))
    if order == "submodules-first":
        for sub in submodules:
            importlib.import_module(f"{package_name}.{sub}")
    elif order == "same-name-module-first":
        for name in names:
            if name in submodules:
                importlib.import_module(f"{package_name}.{name}")
    elif order == "reverse":
        for sub in reversed(submodules):
            importlib.import_module(f"{package_name}.{sub}")
        names.reverse()
    wrong = []
    for name in names:
        got = getattr(importlib.import_module(package_name), name)
        namespace = {}
        exec(f"from {package_name} import {name} as value", namespace)
        if name in exports:
            home = importlib.import_module(f"{package_name}.{exports[name]}")
            expected = getattr(home, name)
        else:
            expected = got
        if isinstance(got, types.ModuleType) or got is not expected or namespace["value"] is not expected:
            wrong.append(name)
    print(json.dumps({"names": len(names), "wrong": wrong}))
    """
)


def _probe(package: str, order: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, package, order],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("package", PACKAGES)
@pytest.mark.parametrize(
    "order", ["names-first", "submodules-first", "same-name-module-first", "reverse"]
)
def test_every_public_name_resolves_to_its_object_in_any_import_order(package, order):
    result = _probe(package, order)
    assert result["names"] > 0
    assert result["wrong"] == []


def _readme_import_lines() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"^from cluster_analysis[\w.]* import [\w, ]+$", text, flags=re.MULTILINE)


def test_readme_import_lines_give_callables_after_their_submodules_are_imported():
    lines = _readme_import_lines()
    assert any("indicators import progress" in line for line in lines)
    # import every submodule first (the order that used to break), then the README's own lines
    script = "\n".join(
        [
            "import importlib, pkgutil, types",
            *[
                f"import {pkg}\n"
                f"for m in pkgutil.iter_modules({pkg}.__path__):\n"
                f"    importlib.import_module('{pkg}.' + m.name)"
                for pkg in PACKAGES
            ],
            *lines,
            "names = [n.strip() for line in "
            + repr(lines)
            + " for n in line.split('import')[1].split(',')]",
            "bad = [n for n in names if isinstance(globals()[n], types.ModuleType) or not callable(globals()[n])]",
            "print(bad)",
        ]
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_progress_is_the_function_when_geostat_was_imported_in_the_same_line():
    script = (
        "from cluster_analysis.indicators import read_geostat_table, progress\n"
        "import cluster_analysis.indicators.progress\n"
        "from cluster_analysis.indicators import progress as again\n"
        "print(type(progress).__name__, type(again).__name__)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert done.stdout.split() == ["function", "function"]
