"""One entry point for every tabular file staff hand us: .xlsx/.xlsm, .csv and .parquet.

The reader looks at what a file *is* (its first bytes), not what its name says, and refuses with a
one-line :class:`~cluster_analysis.errors.InputError`:

- a file whose content does not match its extension (an .xlsx renamed .csv, and the reverse);
- a password-protected (encrypted) workbook, and the old binary .xls format;
- a workbook (a zip archive) whose members would expand beyond a limit (default 500 MB), before any
  XML is parsed: the zip-bomb guard. XML bombs are refused by openpyxl through defusedxml;
- a corrupt archive, an empty file, a csv that is not text, or ragged csv rows.

Nothing turns into a missing value that was not empty: answers such as "n/a", "NA" or "None" stay
text (``keep_default_na=False``). CSV encoding (UTF-8 with or without BOM, UTF-16) and delimiter
(comma, semicolon, tab) are detected, not assumed.

Engines: python-calamine for speed; openpyxl (which uses defusedxml when installed) where merged
cells or formatting matter (:func:`read_cells`).
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

import pandas as pd

from cluster_analysis.config import Settings
from cluster_analysis.errors import InputError

FileKind = Literal["xlsx", "csv", "parquet"]
EXCEL_SUFFIXES = {".xlsx", ".xlsm"}
CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
PARQUET_SUFFIXES = {".parquet", ".pq"}

_ZIP_MAGIC = b"PK\x03\x04"
_EMPTY_ZIP_MAGIC = b"PK\x05\x06"
_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE compound file: .xls or an encrypted .xlsx
_PARQUET_MAGIC = b"PAR1"
#: Rows the CSV sniffer looks at to choose the delimiter.
_SNIFF_CHARS = 64 * 1024


def _kind_from_suffix(path: Path) -> FileKind:
    suffix = path.suffix.lower()
    if suffix in EXCEL_SUFFIXES:
        return "xlsx"
    if suffix in CSV_SUFFIXES:
        return "csv"
    if suffix in PARQUET_SUFFIXES:
        return "parquet"
    if suffix == ".xls":
        raise InputError(
            "the old binary .xls format is not supported; open it in Excel or LibreOffice and "
            "save it as .xlsx",
            path=path,
        )
    raise InputError(
        f"unsupported file type '{suffix or '(none)'}'; expected .xlsx, .xlsm, .csv or .parquet",
        path=path,
    )


def _looks_encrypted(path: Path) -> bool:
    # An encrypted OOXML workbook is an OLE container with an "EncryptionInfo" stream; its directory
    # entry names are UTF-16LE. Files here are small, so a bounded scan is enough.
    with path.open("rb") as handle:
        head = handle.read(4 * 1024 * 1024)
    return "EncryptionInfo".encode("utf-16-le") in head or "EncryptedPackage".encode(
        "utf-16-le"
    ) in head


def detect_kind(path: Path) -> FileKind:
    """Return what the file really is, checking its first bytes against its extension.

    Raises :class:`InputError` when the file is empty, encrypted, an old .xls, or not what its
    extension says.
    """
    claimed = _kind_from_suffix(path)
    if not path.exists():
        raise InputError("file not found", path=path)
    if path.is_dir():
        raise InputError("is a folder, expected a file", path=path)
    with path.open("rb") as handle:
        head = handle.read(8)
    if not head:
        raise InputError("the file is empty (0 bytes)", path=path)
    if head.startswith(_CFB_MAGIC):
        if _looks_encrypted(path):
            raise InputError(
                "the workbook is password-protected (encrypted); remove the password in Excel "
                "(File > Info > Protect Workbook) and save again",
                path=path,
            )
        raise InputError(
            "this is an old binary .xls workbook, not .xlsx; save it as .xlsx", path=path
        )
    if head.startswith(_ZIP_MAGIC) or head.startswith(_EMPTY_ZIP_MAGIC):
        actual: FileKind = "xlsx"
    elif head.startswith(_PARQUET_MAGIC):
        actual = "parquet"
    else:
        actual = "csv"
    if actual != claimed:
        names = {"xlsx": "an Excel workbook", "csv": "a text (csv) file", "parquet": "a parquet file"}
        raise InputError(
            f"the file is {names[actual]} but its name ends in '{path.suffix}'; rename it to "
            f"{ {'xlsx': '.xlsx', 'csv': '.csv', 'parquet': '.parquet'}[actual]} or export it again",
            path=path,
        )
    return actual


def check_archive(path: Path, max_uncompressed_bytes: int) -> None:
    """Refuse a corrupt workbook archive or one that would expand beyond the limit (zip bomb).

    Only the central directory is read; nothing is decompressed.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise InputError(
            f"the workbook is damaged (not a readable .xlsx archive: {exc})", path=path
        ) from exc
    if any(member.flag_bits & 0x1 for member in members):
        raise InputError("the workbook archive is encrypted; save it without a password", path=path)
    total = sum(member.file_size for member in members)
    if total > max_uncompressed_bytes:
        raise InputError(
            f"the workbook would expand to {total / 1e6:,.0f} MB, above the limit of "
            f"{max_uncompressed_bytes / 1e6:,.0f} MB (set CLUSTER_ANALYSIS_MAX_UNZIP in MB to "
            "raise it if the file is genuine)",
            path=path,
        )
    if not any(m.filename.startswith("xl/") for m in members):
        raise InputError("the archive is not an Excel workbook (no xl/ folder inside)", path=path)


def decode_text(raw: bytes, path: Path) -> str:
    """Decode csv bytes: a BOM decides (UTF-8, UTF-16 LE/BE); otherwise strict UTF-8.

    Text that is not valid UTF-8 is refused with the line where decoding failed, rather than
    guessed at: a wrong guess would silently corrupt Georgian text.
    """
    if raw.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif raw.startswith(codecs.BOM_UTF16_LE) or raw.startswith(codecs.BOM_UTF16_BE):
        encoding = "utf-16"
    elif len(raw) >= 4 and raw[1:2] == b"\x00" and raw[3:4] == b"\x00":
        encoding = "utf-16-le"  # UTF-16 without a BOM: every other byte of ASCII text is zero
    else:
        encoding = "utf-8"
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            f"the text is not UTF-8 (byte {exc.start}); save the file as 'CSV UTF-8'",
            path=path,
            row=line,
        ) from exc
    if "\x00" in text:
        raise InputError("the file contains NUL bytes: it is binary, not a csv", path=path)
    return text


def sniff_delimiter(text: str) -> str:
    """Return the csv delimiter (comma, semicolon or tab) found in the first lines."""
    sample = text[:_SNIFF_CHARS]
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        # One column, or too little text to tell: count candidates on the header line.
        header = sample.splitlines()[0] if sample else ""
        counts = {d: header.count(d) for d in (",", ";", "\t")}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def _clean_headers(frame: pd.DataFrame) -> pd.DataFrame:
    # Headers only: strip spaces and invisible characters staff cannot see in Excel.
    invisible = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060\u00ad"), None)
    renamed = {c: str(c).translate(invisible).strip() for c in frame.columns}
    return frame.rename(columns=renamed)


def read_csv_file(path: Path, *, as_text: bool = False, header: int | None = 0) -> pd.DataFrame:
    """Read a csv with detected encoding and delimiter; "n/a"-like answers stay text."""
    text = decode_text(path.read_bytes(), path)
    if not text.strip():
        raise InputError("the file has no text (only blank lines)", path=path)
    delimiter = sniff_delimiter(text)
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            header=header,
            dtype=str if as_text else None,
            keep_default_na=False,
            na_values=[""],
            skip_blank_lines=True,
        )
    except pd.errors.ParserError as exc:
        # pandas says e.g. "Expected 5 fields in line 7, saw 6": keep its locator, in our format.
        message = str(exc).strip().splitlines()[-1]
        raise InputError(
            f"the rows do not all have the same number of columns ({message}); check for an "
            f"unquoted '{delimiter}' inside a value",
            path=path,
        ) from exc
    except pd.errors.EmptyDataError as exc:
        raise InputError("the file has no header row", path=path) from exc
    frame.attrs["delimiter"] = delimiter
    return frame


def _excel_kwargs(as_text: bool) -> dict:
    return {
        "keep_default_na": False,
        "na_values": [""],
        "dtype": object if as_text else None,
    }


def list_sheets(path: Path | str, *, settings: Settings | None = None) -> list[str]:
    """Return the worksheet names of a workbook, in order (hidden sheets included)."""
    path = Path(path)
    settings = settings or Settings()
    detect_kind(path)
    check_archive(path, settings.max_uncompressed_bytes)
    from python_calamine import CalamineWorkbook

    try:
        return list(CalamineWorkbook.from_path(str(path)).sheet_names)
    except Exception as exc:  # calamine raises its own error types for damaged XML
        raise InputError(f"the workbook cannot be read ({exc})", path=path) from exc


def read_table(
    path: Path | str,
    *,
    sheet: str | int | None = None,
    header: int | None = 0,
    as_text: bool = False,
    settings: Settings | None = None,
) -> pd.DataFrame:
    """Return the table in ``path`` as a DataFrame with a RangeIndex.

    ``sheet`` picks a worksheet (name or position; default the first). With ``as_text`` every cell
    comes back as text (or missing when empty), for validation that must see exactly what was
    typed. ``frame.attrs`` records ``source`` (the path), ``sheet`` and ``row_offset``: the
    spreadsheet row number of the first data row, so row ``i`` of the frame is row
    ``i + row_offset`` in the file staff open.
    """
    path = Path(path)
    settings = settings or Settings()
    kind = detect_kind(path)
    if kind == "csv":
        frame = read_csv_file(path, as_text=as_text, header=header)
        sheet_name = None
    elif kind == "parquet":
        try:
            frame = pd.read_parquet(path)
        except Exception as exc:
            raise InputError(f"the parquet file cannot be read ({exc})", path=path) from exc
        if as_text:
            frame = frame.map(_excel_cell_to_text)
        sheet_name = None
    else:
        check_archive(path, settings.max_uncompressed_bytes)
        sheet_name = 0 if sheet is None else sheet
        try:
            frame = pd.read_excel(
                path, sheet_name=sheet_name, header=header, engine="calamine",
                **_excel_kwargs(as_text),
            )
        except ValueError as exc:
            if "not found" in str(exc).lower() or "worksheet" in str(exc).lower():
                raise InputError(
                    f"there is no sheet {sheet_name!r}; the workbook has "
                    f"{', '.join(repr(s) for s in list_sheets(path, settings=settings))}",
                    path=path,
                ) from exc
            raise InputError(f"the workbook cannot be read ({exc})", path=path) from exc
        except Exception as exc:
            raise InputError(f"the workbook cannot be read ({exc})", path=path) from exc
        if as_text:
            frame = frame.map(_excel_cell_to_text)
    frame = _clean_headers(frame).reset_index(drop=True)
    frame.attrs.update(
        {
            "source": str(path),
            "sheet": sheet_name if isinstance(sheet_name, str) else None,
            "row_offset": (0 if header is None else header + 1) + 1,
        }
    )
    return frame


def read_sheets(
    path: Path | str,
    sheets: Iterable[str] | None = None,
    *,
    as_text: bool = False,
    settings: Settings | None = None,
) -> dict[str, pd.DataFrame]:
    """Return several worksheets of one workbook by name (all of them when ``sheets`` is None)."""
    path = Path(path)
    names = list_sheets(path, settings=settings)
    wanted = names if sheets is None else [s for s in sheets if s in names]
    return {
        name: read_table(path, sheet=name, as_text=as_text, settings=settings) for name in wanted
    }


def _excel_cell_to_text(value: object) -> object:
    """Text of a cell as a person sees it: whole numbers without '.0', dates as ISO."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, pd.Timestamp):
        return value.isoformat() if value.time() != pd.Timestamp(0).time() else value.date().isoformat()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def read_cells(path: Path | str, *, sheet: str | int | None = None, settings: Settings | None = None):
    """Return an openpyxl worksheet (values only) where merged cells or layout matter.

    openpyxl parses XML through defusedxml when it is installed, so XML bombs are refused; the zip
    size guard runs first. The workbook is opened read-only=False so merged ranges are available.
    """
    path = Path(path)
    settings = settings or Settings()
    if detect_kind(path) != "xlsx":
        raise InputError("expected an Excel workbook (.xlsx)", path=path)
    check_archive(path, settings.max_uncompressed_bytes)
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, data_only=True)
    except Exception as exc:
        raise InputError(f"the workbook cannot be read ({exc})", path=path) from exc
    if sheet is None:
        return workbook.worksheets[0]
    if isinstance(sheet, int):
        return workbook.worksheets[sheet]
    if sheet not in workbook.sheetnames:
        raise InputError(f"there is no sheet {sheet!r}", path=path)
    return workbook[sheet]
