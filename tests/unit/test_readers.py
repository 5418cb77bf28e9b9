"""The reader: formats detected by content, encodings and delimiters sniffed, nothing lost."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from cluster_analysis.config import Settings
from cluster_analysis.errors import InputError
from cluster_analysis.readers import read_sheets, read_table


def test_csv_semicolon_with_bom_keeps_na_like_answers_as_text(tmp_path: Path) -> None:
    path = tmp_path / "answers.csv"
    path.write_text("id;answer\n1;n/a\n2;NA\n3;None\n4;\n", encoding="utf-8-sig")
    frame = read_table(path)
    assert list(frame.columns) == ["id", "answer"]  # BOM stripped from the first header
    assert frame["answer"].tolist()[:3] == ["n/a", "NA", "None"]
    assert pd.isna(frame.loc[3, "answer"])  # only the truly empty cell is missing
    assert frame.attrs["delimiter"] == ";"
    assert frame.attrs["row_offset"] == 2


def test_csv_utf16_with_georgian(tmp_path: Path) -> None:
    path = tmp_path / "ka.csv"
    path.write_text("სახელი,რაოდენობა\nზესტაფონი,3\n", encoding="utf-16")
    frame = read_table(path)
    assert frame.columns.tolist() == ["სახელი", "რაოდენობა"]
    assert frame.iloc[0, 0] == "ზესტაფონი"


def test_csv_tab_delimited_as_text(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("a\tb\n007\t1.50\n", encoding="utf-8")
    frame = read_table(path, as_text=True)
    assert frame.loc[0, "a"] == "007" and frame.loc[0, "b"] == "1.50"


def test_csv_not_utf8_is_refused_with_line(tmp_path: Path) -> None:
    path = tmp_path / "cp1252.csv"
    path.write_bytes("name\ncaf\u00e9\n".encode("cp1252"))
    with pytest.raises(InputError, match=r"cp1252.csv, row 2: the text is not UTF-8"):
        read_table(path)


def test_ragged_csv_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "ragged.csv"
    path.write_text("a,b\n1,2\n3,4,5\n", encoding="utf-8")
    with pytest.raises(InputError, match="same number of columns"):
        read_table(path)


def test_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(InputError, match="empty"):
        read_table(path)


def test_header_only_gives_zero_rows(tmp_path: Path) -> None:
    path = tmp_path / "header.csv"
    path.write_text("a,b\n", encoding="utf-8")
    frame = read_table(path)
    assert frame.columns.tolist() == ["a", "b"] and len(frame) == 0


def test_xlsx_renamed_csv_and_reverse(tmp_path: Path) -> None:
    book = tmp_path / "book.xlsx"
    pd.DataFrame({"a": [1]}).to_excel(book, index=False)
    renamed = tmp_path / "book.csv"
    renamed.write_bytes(book.read_bytes())
    with pytest.raises(InputError, match=r"is an Excel workbook but its name ends in '\.csv'"):
        read_table(renamed)
    fake = tmp_path / "fake.xlsx"
    fake.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="is a text"):
        read_table(fake)


def test_xlsx_values_and_text_mode(tmp_path: Path) -> None:
    book = tmp_path / "w.xlsx"
    pd.DataFrame({"q": ["n/a", "None", None], "score": [1, 2.5, 3]}).to_excel(book, index=False)
    frame = read_table(book)
    assert frame["q"].tolist()[:2] == ["n/a", "None"] and pd.isna(frame.loc[2, "q"])
    text = read_table(book, as_text=True)
    assert text["score"].tolist() == ["1", "2.5", "3"]


def test_read_sheets_by_name(tmp_path: Path) -> None:
    book = tmp_path / "form.xlsx"
    with pd.ExcelWriter(book) as writer:
        pd.DataFrame({"type": ["integer"]}).to_excel(writer, sheet_name="survey", index=False)
        pd.DataFrame({"list_name": ["yn"]}).to_excel(writer, sheet_name="choices", index=False)
    sheets = read_sheets(book, ["survey", "choices", "settings"])
    assert set(sheets) == {"survey", "choices"}
    with pytest.raises(InputError, match="there is no sheet 'nope'"):
        read_table(book, sheet="nope")


def test_zip_bomb_is_refused_before_parsing(tmp_path: Path) -> None:
    # A small archive whose sheet would expand to 2 MB, checked against a 1 MB limit.
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", "<a>" + "0" * 2_000_000 + "</a>")
    assert path.stat().st_size < 50_000
    with pytest.raises(InputError, match="would expand to"):
        read_table(path, settings=Settings(max_uncompressed_bytes=1_000_000))


def test_corrupt_zip_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "corrupt.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    with pytest.raises(InputError, match="damaged"):
        read_table(path)


def test_encrypted_workbook_is_refused(tmp_path: Path) -> None:
    # An OLE container holding an EncryptionInfo stream, as Excel writes password-protected files.
    path = tmp_path / "locked.xlsx"
    path.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500 + "EncryptionInfo".encode("utf-16-le")
    )
    with pytest.raises(InputError, match="password-protected"):
        read_table(path)


def test_parquet_roundtrip(tmp_path: Path) -> None:
    path = tmp_path / "t.parquet"
    pd.DataFrame({"a": [1, 2], "b": ["x", None]}).to_parquet(path)
    frame = read_table(path)
    assert frame["a"].tolist() == [1, 2]
    text = read_table(path, as_text=True)
    assert text["a"].tolist() == ["1", "2"] and pd.isna(text.loc[1, "b"])


def test_unsupported_and_missing(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unsupported file type"):
        read_table(tmp_path / "x.json")
    with pytest.raises(InputError, match=r"old binary \.xls"):
        read_table(tmp_path / "x.xls")
    with pytest.raises(InputError, match="file not found"):
        read_table(tmp_path / "missing.csv")


def test_headers_lose_invisible_characters(tmp_path: Path) -> None:
    path = tmp_path / "zw.csv"
    path.write_bytes(" member\u200b_id ,score\n1,2\n".encode())
    assert read_table(path).columns.tolist() == ["member_id", "score"]


def test_bytes_io_not_needed() -> None:
    # The reader takes paths only; a buffer is a usage error, not a silent success.
    with pytest.raises((TypeError, InputError), match=r"BytesIO|path"):
        read_table(io.BytesIO(b"a,b"))  # type: ignore[arg-type]
