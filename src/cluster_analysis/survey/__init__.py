"""Member capacity-gap surveys: XLSForms, Kobo exports, cleaning logs, scoring, charts."""

from __future__ import annotations

from importlib import import_module
from typing import Any

#: public name -> module that defines it (imported on first use, so the package stays light)
_EXPORTS: dict[str, str] = {
    "needs_assessment": "scoring",
    "importance_performance": "scoring",
    "box_scores": "scoring",
    "multi_select_shares": "scoring",
    "bootstrap_mwds": "scoring",
    "response_rates": "scoring",
    "wave_change": "scoring",
    "gap_status": "scoring",
    "read_xlsform": "forms",
    "lint_xlsform": "forms",
    "Form": "forms",
    "QuestionBank": "exports",
    "to_long_capacity": "exports",
    "CleaningResult": "cleaning",
    "read_register": "register",
    "public_register": "register",
    "read_kobo_export": "exports",
    "apply_cleaning_log": "cleaning",
    "read_cleaning_log": "cleaning",
}


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(f"{__name__}.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(_EXPORTS)


__all__ = sorted(_EXPORTS)
