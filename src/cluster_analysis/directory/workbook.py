"""The members' workbook of the directory: every database members may see, one sheet each,
without personal contacts (names of contact persons, phones, e-mails)."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

from cluster_analysis.outputs import TableOutput


def workbook_bytes(tables: Sequence[TableOutput], lang: str) -> bytes:
    """Return an .xlsx workbook (bytes) with one formatted sheet per table, in ``lang``.

    The tables must all be for members (a guard: an office table never reaches this file)."""
    from cluster_analysis.reports.excel import write_tables_xlsx

    wrong = [t.name for t in tables if t.audience != "members"]
    if wrong:
        raise ValueError(f"not for members: {', '.join(wrong)}")
    with tempfile.TemporaryDirectory() as folder:
        path = write_tables_xlsx(list(tables), Path(folder) / "directory.xlsx", lang=lang)
        return Path(path).read_bytes()
