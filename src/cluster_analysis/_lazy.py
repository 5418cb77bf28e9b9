"""Lazy public names for a package: imported from their module on first use.

Keeps ``import cluster_analysis.survey`` (and friends) as cheap as the package itself, so plotly,
scipy and statsmodels load only when a function that needs them is called.

A public name may equal the name of a submodule (``cluster_analysis.indicators.progress`` is both a
module and the function the README imports). Python's import system binds every imported submodule
as an attribute of its package, which would hide the lazy public name the moment the submodule is
imported first (``from cluster_analysis.indicators import progress`` would then return the module).
The package's module object therefore gets a class whose ``__setattr__`` refuses to bind a
submodule over a public name: the public name always resolves to the documented object, whatever
was imported before. The submodule itself stays importable (``from pkg.progress import cagr`` reads
``sys.modules``, not the package attribute); to hold the module object, use
``importlib.import_module("pkg.progress")``, since ``import pkg.progress as m`` reads the package
attribute and so gives the public name.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from importlib import import_module
from types import ModuleType
from typing import Any


class LazyPackage(ModuleType):
    """Module type of a package with lazy public names (see the module docstring)."""

    _lazy_exports: dict[str, str]

    def __setattr__(self, name: str, value: Any) -> None:
        exports = self.__dict__.get("_lazy_exports", {})
        if name in exports and isinstance(value, ModuleType):
            # the import system binding a submodule over a public name: keep the public name
            return
        super().__setattr__(name, value)


def lazy_exports(
    package: str, exports: dict[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]], list[str]]:
    """Return ``__getattr__``, ``__dir__`` and ``__all__`` for ``package`` given
    ``{public name: module within the package}``.

    Also turns the package's module object into a :class:`LazyPackage`, so a submodule imported
    under the same name as a public name never shadows it.
    """
    module = sys.modules[package]
    module.__dict__["_lazy_exports"] = dict(exports)
    for name in exports:
        # a submodule imported while the package was initialising may already be bound
        if isinstance(module.__dict__.get(name), ModuleType):
            del module.__dict__[name]
    module.__class__ = LazyPackage

    def __getattr__(name: str) -> Any:
        if name in exports:
            return getattr(import_module(f"{package}.{exports[name]}"), name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    def __dir__() -> list[str]:
        return sorted(exports)

    return __getattr__, __dir__, sorted(exports)
