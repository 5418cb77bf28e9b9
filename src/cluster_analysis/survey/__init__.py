"""Member capacity-gap surveys: XLSForms, Kobo exports, cleaning logs, scoring, charts."""

from __future__ import annotations

from cluster_analysis._lazy import lazy_exports

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
    "read_kobo_sheet": "exports",
    "KoboSheet": "exports",
    "CleaningLog": "cleaning",
    "apply_cleaning_log": "cleaning",
    "read_cleaning_log": "cleaning",
    "KoboTables": "repeats",
    "read_kobo_tables": "repeats",
    "validate_repeat": "repeats",
    "repeat_long": "repeats",
    "summarise_repeat": "repeats",
}


__getattr__, __dir__, __all__ = lazy_exports(__name__, _EXPORTS)
