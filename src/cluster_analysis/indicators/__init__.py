"""Municipal LED and cluster results indicators: catalogue, Geostat tables, progress."""

from __future__ import annotations

from cluster_analysis._lazy import lazy_exports

#: public name -> module that defines it (imported on first use, so the package stays light)
_EXPORTS: dict[str, str] = {
    "progress": "progress",
    "read_geostat_table": "geostat",
    "compare_language_versions": "geostat",
    "validate_catalogue": "catalogue",
    "read_catalogue": "catalogue",
    "parse_milestones": "catalogue",
    "milestones_long": "catalogue",
    "read_real_figures": "observations",
    "choose_best_source": "observations",
    "add_sex_totals": "observations",
    "validate_observations": "observations",
    "cagr": "progress",
    "open_sdg_measure": "progress",
    "run_checks": "checks",
    "flag_census_breaks": "checks",
    "town_exceeds_municipality": "checks",
    "unit_mismatches": "checks",
    "location_quotients": "mapping",
    "shift_share": "mapping",
    "herfindahl": "mapping",
    "dominant_employer_share": "mapping",
    "index_to_base_year": "mapping",
    "per_capita": "mapping",
    "logframe_table": "logframe",
    "write_logframe_xlsx": "logframe",
}


__getattr__, __dir__, __all__ = lazy_exports(__name__, _EXPORTS)
