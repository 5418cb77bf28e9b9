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
import re
import zipfile
import zlib
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
#: The megabyte of CLUSTER_ANALYSIS_MAX_UNZIP (config multiplies by 1024 * 1024).
_MB = 1024 * 1024


def short_list(names: Iterable[object], limit: int = 5) -> str:
    """Return names for a one-line message: at most ``limit`` of them, then "and N more"
    (a message listing every column of a wide export would run to thousands of characters)."""
    items = [str(n) for n in names]
    if len(items) <= limit:
        return ", ".join(items)
    return f"{', '.join(items[:limit])} and {len(items) - limit} more"


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
    return (
        "EncryptionInfo".encode("utf-16-le") in head
        or "EncryptedPackage".encode("utf-16-le") in head
    )


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
        names = {
            "xlsx": "an Excel workbook",
            "csv": "a text (csv) file",
            "parquet": "a parquet file",
        }
        raise InputError(
            f"the file is {names[actual]} but its name ends in '{path.suffix}'; rename it to "
            f"{ {'xlsx': '.xlsx', 'csv': '.csv', 'parquet': '.parquet'}[actual] } or export it again",
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
            f"the workbook would expand to {total / _MB:,.0f} MB, above the limit of "
            f"{max_uncompressed_bytes / _MB:,.0f} MB (set CLUSTER_ANALYSIS_MAX_UNZIP in MB to "
            "raise it if the file is genuine)",
            path=path,
        )
    if not any(m.filename.startswith("xl/") for m in members):
        raise InputError("the archive is not an Excel workbook (no xl/ folder inside)", path=path)
    _check_real_expansion(path, members, max_uncompressed_bytes)


#: Deflate cannot expand data by more than about 1032:1; an archive whose compressed members could
#: not exceed the limit even at that ratio needs no decompression to be judged.
_MAX_DEFLATE_RATIO = 1032


def _check_real_expansion(
    path: Path, members: list[zipfile.ZipInfo], max_uncompressed_bytes: int
) -> None:
    """Refuse an archive whose members really expand beyond the limit, whatever sizes it declares.

    A hostile archive can declare tiny sizes for a member that inflates to gigabytes. Only when the
    compressed sizes make that possible are the members decompressed, as a stream, counting bytes
    and stopping at the limit (memory stays at one chunk).
    """
    if sum(m.compress_size for m in members) * _MAX_DEFLATE_RATIO <= max_uncompressed_bytes:
        return
    total = 0
    declared = sum(m.file_size for m in members)
    with path.open("rb") as handle:
        for member in members:
            total += _inflated_size(handle, member, max_uncompressed_bytes - total, path)
            if total > max_uncompressed_bytes:
                raise InputError(
                    f"the workbook expands beyond the limit of {max_uncompressed_bytes / _MB:,.0f} "
                    f"MB although it declares {declared / _MB:,.1f} MB: refused as a possible "
                    "zip bomb",
                    path=path,
                )


def _inflated_size(handle, member: zipfile.ZipInfo, budget: int, path: Path) -> int:
    """Return how many bytes ``member`` really inflates to, stopping once past ``budget``."""
    if member.compress_type == zipfile.ZIP_STORED:
        return member.compress_size
    if member.compress_type != zipfile.ZIP_DEFLATED:
        raise InputError(
            f"the workbook uses an unusual compression (method {member.compress_type}) for "
            f"{member.filename}; save it again in Excel",
            path=path,
        )
    handle.seek(member.header_offset)
    local = handle.read(30)
    if len(local) < 30 or local[:4] != b"PK\x03\x04":
        raise InputError("the workbook is damaged (a member's header is missing)", path=path)
    name_length = int.from_bytes(local[26:28], "little")
    extra_length = int.from_bytes(local[28:30], "little")
    handle.seek(member.header_offset + 30 + name_length + extra_length)
    inflater = zlib.decompressobj(-15)
    remaining = member.compress_size
    size = 0
    try:
        while remaining > 0 and not inflater.eof and size <= budget:
            chunk = handle.read(min(remaining, 1 << 16))
            if not chunk:
                break
            remaining -= len(chunk)
            data = inflater.decompress(chunk, 1 << 20)
            size += len(data)
            while inflater.unconsumed_tail and size <= budget:
                data = inflater.decompress(inflater.unconsumed_tail, 1 << 20)
                size += len(data)
    except zlib.error as exc:
        raise InputError(
            f"the workbook is damaged ({member.filename} cannot be decompressed: {exc})", path=path
        ) from exc
    return size


def _text_encoding(raw: bytes) -> str:
    """The encoding :func:`decode_text` uses: a BOM decides (UTF-8, UTF-16 LE/BE), else UTF-8."""
    if raw.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if raw.startswith(codecs.BOM_UTF16_LE) or raw.startswith(codecs.BOM_UTF16_BE):
        return "utf-16"
    if len(raw) >= 4 and raw[1:2] == b"\x00" and raw[3:4] == b"\x00":
        return "utf-16-le"  # UTF-16 without a BOM: every other byte of ASCII text is zero
    return "utf-8"


def decode_text(raw: bytes, path: Path) -> str:
    """Decode csv bytes: a BOM decides (UTF-8, UTF-16 LE/BE); otherwise strict UTF-8.

    Text that is not valid UTF-8 is refused with the line where decoding failed, rather than
    guessed at: a wrong guess would silently corrupt Georgian text.
    """
    encoding = _text_encoding(raw)
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
    _refuse_mojibake(text, path)
    return text


#: Georgian letters (U+10A0-U+10FF) are E1 82/83 xx in UTF-8; read as cp1252 and saved again they
#: become "áƒ" / "á‚" followed by one more character: a file that went through a wrong encoding.
_MOJIBAKE = re.compile("á[ƒ‚]")


def _refuse_mojibake(text: str, path: Path) -> None:
    """Refuse Georgian text that was decoded with the wrong encoding and saved again."""
    match = _MOJIBAKE.search(text)
    if match is None:
        return
    line = text.count("\n", 0, match.start()) + 1
    sample = text[match.start() : match.start() + 12].splitlines()[0]
    raise InputError(
        f"the Georgian text is garbled ('{sample}…'): the file was opened with the wrong "
        "encoding (mojibake) and saved again; export it again from the source as 'CSV UTF-8'",
        path=path,
        row=line,
    )


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


#: Characters staff cannot see in Excel: BOM, zero-width, soft hyphen and bidirectional marks.
_INVISIBLE = dict.fromkeys(
    map(
        ord,
        "\ufeff\u200b\u200c\u200d\u2060\u00ad\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
        "\u2066\u2067\u2068\u2069",
    ),
    None,
)
#: pandas renames a repeated header "x" to "x.1", "x.2": recognise that to refuse it.
_MANGLED = re.compile(r"^(?P<name>.*)\.(?P<copy>[1-9]\d*)$")


def _clean_headers(
    frame: pd.DataFrame, path: Path | None = None, *, raw_header: list[str] | None = None
) -> pd.DataFrame:
    """Strip spaces and invisible characters from headers; refuse a header used twice.

    Two columns with one name would make one of them silently unreachable. ``raw_header`` is the
    header as written (csv); without it (workbooks) pandas' renaming of a repeat to "x.1" is
    recognised instead.
    """
    renamed = {c: str(c).translate(_INVISIBLE).strip() for c in frame.columns}
    names = list(renamed.values())
    written = (
        [str(h).translate(_INVISIBLE).strip() for h in raw_header]
        if raw_header is not None
        else None
    )
    for position, name in enumerate(names):
        match = _MANGLED.match(name)
        original = match.group("name") if match else None
        if written is not None and position < len(written):
            original = written[position] if written[position] in written[:position] else None
        if original is not None and original in names[:position] + (written or [])[:position]:
            first = names.index(original) + 1
            raise InputError(
                f"the header '{original}' appears more than once (columns {first} and "
                f"{position + 1}); give each column its own name",
                path=path,
                row=1,
            )
    seen: dict[str, int] = {}
    for position, name in enumerate(names):
        if name in seen and name:
            raise InputError(
                f"the header '{name}' appears more than once (columns {seen[name] + 1} and "
                f"{position + 1}) once invisible characters are removed; give each column its "
                "own name",
                path=path,
                row=1,
            )
        seen[name] = position
    return frame.rename(columns=renamed)


def read_csv_file(path: Path, *, as_text: bool = False, header: int | None = 0) -> pd.DataFrame:
    """Read a csv with detected encoding and delimiter; "n/a"-like answers stay text."""
    raw = path.read_bytes()
    text = decode_text(raw, path)
    if not text.strip():
        raise InputError("the file has no text (only blank lines)", path=path)
    delimiter = sniff_delimiter(text)
    encoding = _text_encoding(raw)
    # UTF-8 (the usual export) is parsed from the bytes, already checked by decode_text: pandas'
    # C parser reads UTF-8 natively, whereas from the decoded string it encodes the text back to
    # UTF-8 first (half the parsing time of a 100k-row export, and a second copy of the file in
    # memory). Same frame either way; UTF-16 goes through the decoded text.
    source = io.BytesIO(raw) if encoding.startswith("utf-8") else io.StringIO(text)
    try:
        frame = pd.read_csv(
            source,
            encoding=encoding if isinstance(source, io.BytesIO) else None,
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
    if "\n\n" in text or "\n\r\n" in text:
        # pandas skips blank lines: keep the row each record is on, so that messages name the
        # row staff see, not one shifted by every blank line above it.
        rows = [
            number
            for number, record in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), 1)
            if record
        ]
        rows = rows[(header + 1) if header is not None else 0 :]
        if len(rows) == len(frame):
            frame.attrs["row_numbers"] = rows
    if header == 0:
        first = next(csv.reader(io.StringIO(text.lstrip("\r\n")), delimiter=delimiter), [])
        frame.attrs["raw_header"] = first
    return frame


def _read_parquet(path: Path) -> pd.DataFrame:
    """Return ``pandas.read_parquet(path)``, with the memory it used handed back.

    Same frame (values, dtypes, attrs); only where its memory comes from differs. By default Arrow
    keeps what it frees in its own memory pool for reuse: the decoded table (about as large as the
    frame) stayed resident after the conversion, and so did the frame's columns once the frame was
    dropped, a pool that pandas and numpy (which allocate with malloc) never reuse. A million
    survey rows left about 0.8 GB resident for the rest of a pipeline (benchmarks/README.md). The
    frame's columns are therefore allocated with the system allocator, and the table's memory is
    given back to the system once converted.
    """
    import pyarrow as pa  # already loaded by pandas

    frame = pd.read_parquet(path, to_pandas_kwargs={"memory_pool": pa.system_memory_pool()})
    pa.default_memory_pool().release_unused()
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
            frame = _read_parquet(path)
        except Exception as exc:
            raise InputError(f"the parquet file cannot be read ({exc})", path=path) from exc
        if as_text:
            frame = frame.map(_excel_cell_to_text)
        sheet_name = None
    else:
        check_archive(path, settings.max_uncompressed_bytes)
        sheet_name = _first_visible_sheet(path) if sheet is None else sheet
        try:
            frame = pd.read_excel(
                path,
                sheet_name=sheet_name,
                header=header,
                engine="calamine",
                **_excel_kwargs(as_text),
            )
        except ValueError as exc:
            if "not found" in str(exc).lower() or "worksheet" in str(exc).lower():
                raise InputError(
                    f"there is no sheet {sheet_name!r}; the workbook has "
                    f"{short_list(repr(s) for s in list_sheets(path, settings=settings))}",
                    path=path,
                ) from exc
            raise InputError(f"the workbook cannot be read ({exc})", path=path) from exc
        except Exception as exc:
            raise InputError(f"the workbook cannot be read ({exc})", path=path) from exc
        frame = _restore_hidden_cells(frame, path, sheet_name, header)
        written = None
        if header is not None and any(_MANGLED.match(str(c)) for c in frame.columns):
            # "q3.1" may be pandas' name for a second "q3" or a header written "q3.1": look.
            written = _written_header(path, sheet_name, header)
        if as_text:
            frame = frame.map(_excel_cell_to_text)
        if written is not None:
            frame.attrs["raw_header"] = written
    raw_header = frame.attrs.pop("raw_header", None)
    frame = _clean_headers(frame, path, raw_header=raw_header).reset_index(drop=True)
    frame.attrs.update(
        {
            "source": str(path),
            "sheet": sheet_name if isinstance(sheet_name, str) else None,
            "row_offset": (0 if header is None else header + 1) + 1,
        }
    )
    return frame


def sheet_rows(frame: pd.DataFrame, row_offset: int | None = None) -> list[int]:
    """Return, for each row of a frame read by :func:`read_table`, the row number staff see in
    the file: the csv line it was on (blank lines above it counted) or ``position + row_offset``.

    The line numbers a csv with blank lines needs are recorded by the reader; they are used when
    the frame still has every row (same length) or, when rows were dropped, by index label
    (the reader's index is the position; a frame re-indexed after dropping rows cannot be told
    apart and gets the recorded number of its position).
    ``row_offset`` (given) overrides the recorded numbering.
    """
    offset = int(frame.attrs.get("row_offset", 2)) if row_offset is None else row_offset
    numbers = None if row_offset is not None else frame.attrs.get("row_numbers")
    if numbers is not None and len(numbers) == len(frame):
        return [int(n) for n in numbers]
    index = frame.index
    if (
        numbers is not None
        and pd.api.types.is_integer_dtype(index)
        and (len(index) == 0 or (index.min() >= 0 and index.max() < len(numbers)))
    ):
        return [int(numbers[i]) for i in index]  # rows dropped, index labels kept
    return [i + offset for i in range(len(frame))]


def _written_header(path: Path, sheet: str | int, header: int) -> list[str]:
    """Return a sheet's header row as written (pandas renames a repeated "x" to "x.1")."""
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(path))
    found = (
        workbook.get_sheet_by_index(sheet)
        if isinstance(sheet, int)
        else workbook.get_sheet_by_name(sheet)
    )
    rows = found.to_python(nrows=header + 1)
    row = rows[header] if len(rows) > header else []
    # A blank header is "Unnamed: i" to pandas: keep those apart, as pandas does.
    return [str(_excel_cell_to_text(v) or "") or f"Unnamed: {i}" for i, v in enumerate(row)]


def _first_visible_sheet(path: Path) -> str | int:
    """Return the first sheet staff can see (a hidden first sheet is a leftover, not the data)."""
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        metadata = workbook.sheets_metadata
    except Exception as exc:  # calamine raises its own error types for damaged XML
        raise InputError(f"the workbook cannot be read ({exc})", path=path) from exc
    for sheet in metadata:
        if str(sheet.visible).rsplit(".", 1)[-1].lower() == "visible":
            return sheet.name
    return 0


_SPREADSHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONSHIP_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CELL = re.compile(rb"<(?:\w+:)?c\s([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
_ATTRIBUTE = re.compile(rb'(\w+)="([^"]*)"')
_FORMULA = re.compile(rb"<(?:\w+:)?f(?:\s[^>]*)?(?:/>|>(.*?)</(?:\w+:)?f>)", re.S)
_VALUE = re.compile(rb"<(?:\w+:)?v>(.*?)</(?:\w+:)?v>", re.S)


def _sheet_part(archive: zipfile.ZipFile, sheet: str | int) -> str | None:
    """Return the archive path of a worksheet's XML, found through workbook.xml and its rels."""
    from defusedxml import ElementTree

    try:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except Exception:  # an unusual workbook: skip the scan rather than refuse a readable file
        return None
    sheets = book.findall(f"{{{_SPREADSHEET_NS}}}sheets/{{{_SPREADSHEET_NS}}}sheet")
    chosen = None
    if isinstance(sheet, int):
        chosen = sheets[sheet] if 0 <= sheet < len(sheets) else None
    else:
        chosen = next((s for s in sheets if s.get("name") == sheet), None)
    if chosen is None:
        return None
    rel_id = chosen.get(f"{{{_RELATIONSHIP_NS}}}id")
    for rel in rels:
        if rel.get("Id") == rel_id:
            target = rel.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return None


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + (letter - 64)
    return number


def _hidden_cells(path: Path, sheet: str | int) -> dict[tuple[int, int], str]:
    """Return the cells calamine reads as blank although they hold something: Excel error values
    (``#DIV/0!``, ``#N/A``) and formulas saved without a value. Keys are (row, column), 1-based.

    The sheet's XML is streamed in chunks and only chunks that can hold such a cell are searched,
    so a large clean sheet costs one decompression pass.
    """
    import html

    found: dict[tuple[int, int], str] = {}
    with zipfile.ZipFile(path) as archive:
        part = _sheet_part(archive, sheet)
        if part is None or part not in archive.namelist():
            return found
        with archive.open(part) as stream:
            carry = b""
            while True:
                chunk = stream.read(1 << 20)
                buffer = carry + chunk
                cut = len(buffer) if not chunk else buffer.rfind(b"</row>")
                if cut < 0:
                    carry = buffer
                    continue
                cut = cut if not chunk else cut + len(b"</row>")
                ready, carry = buffer[:cut], buffer[cut:]
                if b't="e"' in ready or b"<f" in ready or b":f" in ready:
                    for match in _CELL.finditer(ready):
                        attributes = dict(_ATTRIBUTE.findall(match.group(1)))
                        reference = attributes.get(b"r", b"")
                        body = match.group(2) or b""
                        letters = bytes(ch for ch in reference if 65 <= ch <= 90)
                        digits = reference[len(letters) :]
                        if not letters or not digits.isdigit():
                            continue
                        key = (int(digits), _column_number(letters))
                        value = _VALUE.search(body)
                        if attributes.get(b"t") == b"e":
                            shown = value.group(1) if value else b"#ERROR"
                            found[key] = html.unescape(shown.decode("utf-8", "replace"))
                        elif (formula := _FORMULA.search(body)) and not (value and value.group(1)):
                            text = html.unescape(
                                (formula.group(1) or b"").decode("utf-8", "replace")
                            )
                            found[key] = "=" + text if text else "=(formula without a saved value)"
                if not chunk:
                    break
    return found


def _restore_hidden_cells(
    frame: pd.DataFrame, path: Path, sheet: str | int, header: int | None
) -> pd.DataFrame:
    """Put error values and unsaved formulas back as text where calamine left a blank, so a
    ``#DIV/0!`` is quarantined with its value rather than silently read as a missing answer."""
    cells = _hidden_cells(path, sheet)
    if not cells:
        return frame
    first_data_row = (0 if header is None else header + 1) + 1
    restored = frame.copy()
    changed: list[str] = []
    for (row, column), text in sorted(cells.items()):
        index = row - first_data_row
        position = column - 1
        if header is not None and row == header + 1:
            continue
        if 0 <= index < len(restored) and 0 <= position < restored.shape[1]:
            name = restored.columns[position]
            if restored[name].dtype != object:
                restored[name] = restored[name].astype(object)
            restored.iat[index, position] = text
            changed.append(f"{name}{row}")
    restored.attrs = dict(frame.attrs)
    restored.attrs["restored_cells"] = changed
    return restored


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
    """Text of a cell as a person sees it: whole numbers without '.0', dates as ISO, booleans as
    Excel shows them (TRUE / FALSE)."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, pd.Timestamp):
        return (
            value.isoformat()
            if value.time() != pd.Timestamp(0).time()
            else value.date().isoformat()
        )
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def read_cells(
    path: Path | str, *, sheet: str | int | None = None, settings: Settings | None = None
):
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
