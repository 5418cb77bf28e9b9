"""Exceptions whose message is meant for the person running the tool.

Every error a user can cause (a bad file, a wrong option) is an :class:`InputError` with a one-line
message that names the file, row, column and what was expected. The CLI prints that line and exits
with code 2; it shows a traceback only with ``--debug``.
"""

from __future__ import annotations

from pathlib import Path


class InputError(Exception):
    """A problem with the user's input, explained in one line.

    Parameters are optional locators; when given they are prefixed to the message in a fixed order
    (file, sheet, row, column) so every message reads the same way.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.path = Path(path) if path is not None else None
        self.sheet = sheet
        self.row = row
        self.column = column
        self.detail = message
        where = []
        if path is not None:
            where.append(f"{Path(path).name}")
        if sheet is not None:
            where.append(f"sheet '{sheet}'")
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column '{column}'")
        prefix = ", ".join(where)
        super().__init__(f"{prefix}: {message}" if prefix else message)


class RunLockedError(InputError):
    """Another pipeline run holds the lock on the processed folder."""
