"""Name -> case function, for the worker (``benchmarks/cases/worker.py CASE JSON_ARGS``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cases import other, survey

CASES: dict[str, Callable[..., dict[str, Any]]] = {
    "survey_pipeline": survey.survey_pipeline,
    "bare_read_excel": survey.bare_read_excel,
    "read_only": survey.read_only,
    "validate_ours": survey.validate_ours,
    "validate_frictionless": survey.validate_frictionless,
    "export_figures": other.export_figures,
    "shapley_allocation": other.shapley_allocation,
    "shapley_agreement": other.shapley_agreement,
    "indicator_progress": other.indicator_progress,
}
