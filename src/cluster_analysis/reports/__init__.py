"""Report writers shared by every domain.

- :mod:`.excel`: ``write_tables_xlsx``, ``write_rejects_xlsx``, ``write_suppression_log_xlsx``
  (formula-injection safe, atomic);
- :mod:`.brief`: ``build_brief`` (findings.<lang>.docx / .html), ``build_index`` (index.html),
  ``build_reports`` (everything for a run, one kaleido session);
- :mod:`.docx`, :mod:`.html`: the renderers behind ``build_brief``.

Submodules are imported on use so that importing :mod:`cluster_analysis.reports` stays light.
"""
