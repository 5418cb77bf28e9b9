"""Excel tables (styles, formats, suppression dash, formula-injection safety), rejects workbook,
suppression log, and the findings brief (docx + html) in both languages."""

from __future__ import annotations

import base64
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from cluster_analysis.disclosure import suppress_table
from cluster_analysis.outputs import DomainResult, Finding, Meta, TableOutput, text
from cluster_analysis.reports.brief import build_brief, build_index
from cluster_analysis.reports.excel import (
    CHANGE_TYPES,
    SUPPRESSED_MARK,
    write_rejects_xlsx,
    write_suppression_log_xlsx,
    write_tables_xlsx,
)

INJECTED = ['=HYPERLINK("http://evil.example","click")', "=1+1", "+1", "@SUM(A1)", "-2+3"]

META = Meta(
    title=text("Needs by firm size", "საჭიროებები ფირმის ზომის მიხედვით"),
    unit=text("share of members", "წევრების წილი"),
    period="2025",
    source=text("Cluster survey, wave 1", "კლასტერის კვლევა, I ტალღა"),
    n=20,
    synthetic=True,
)

# a 1x1 transparent PNG, enough for python-docx to embed
PNG_1PX = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def suppressed_table() -> TableOutput:
    cells = pd.DataFrame(
        {
            "group": ["All", "Micro", "Small", "Medium"],
            "n": [20, 12, 6, 2],
            "mean_score": [3.14, 3.0, 3.25, 4.0],
            "t2b_share": [0.5, 0.4, 0.6, 1.0],
        }
    )
    result = suppress_table(
        cells,
        table="needs_by_size",
        key_cols=["group"],
        value_cols=["mean_score", "t2b_share"],
        count_col="n",
    )
    return TableOutput(
        name="needs_by_size",
        frame=result.frame,
        meta=META,
        columns={"mean_score": text("Mean score", "საშუალო ქულა"), "n": text("n", "n")},
        suppressed=result.suppressed_cells,
        suppression_rule=result.rule_text,
        audience="donors",
    )


def injected_table() -> TableOutput:
    frame = pd.DataFrame({"comment": INJECTED, "count": [1, 2, 3, 4, 5]})
    return TableOutput(
        name="free text", frame=frame, meta=Meta(title=text("Text", "ტექსტი")), audience="donors"
    )


def _find_row(ws, first_value: str) -> int:
    for row in ws.iter_rows():
        if row[0].value == first_value:
            return row[0].row
    raise AssertionError(f"{first_value!r} not found")


def test_tables_xlsx_layout_formats_and_suppression(tmp_path: Path) -> None:
    path = write_tables_xlsx([suppressed_table(), injected_table()], tmp_path / "tables.xlsx", "en")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["needs_by_size", "free text"]
    ws = wb["needs_by_size"]
    assert ws["A1"].value == "Needs by firm size" and ws["A1"].font.bold
    assert ws["A2"].value == "share of members · 2025 · n = 20"
    header = _find_row(ws, "group")
    assert [c.value for c in ws[header]] == ["group", "n", "Mean score", "t2b_share"]
    assert all(c.font.bold for c in ws[header])
    assert ws[header][0].fill.fgColor.rgb.endswith("DCE6F1")
    assert ws.freeze_panes == f"A{header + 1}"
    # All (row 1): 20 respondents; integer, 1-decimal and percentage formats
    first = header + 1
    assert ws.cell(first, 2).value == 20 and ws.cell(first, 2).number_format == "#,##0"
    assert ws.cell(first, 3).value == pytest.approx(3.14)
    assert ws.cell(first, 3).number_format == "#,##0.0"
    assert ws.cell(first, 4).number_format == "0.0%"
    # Medium (n = 2) is hidden by the threshold, Small by secondary suppression: both show a dash
    small, medium = first + 2, first + 3
    assert ws.cell(medium, 3).value == SUPPRESSED_MARK and ws.cell(medium, 4).value == "–"
    assert ws.cell(small, 3).value == SUPPRESSED_MARK
    assert ws.cell(first + 1, 3).value == pytest.approx(3.0)  # Micro published
    footnotes = [ws.cell(r, 1).value for r in range(medium + 1, ws.max_row + 1)]
    assert "Source: Cluster survey, wave 1" in footnotes
    assert any(str(f).startswith("– = suppressed: fewer than 5") for f in footnotes)
    assert any("SYNTHETIC EXAMPLE DATA" in str(f) for f in footnotes)
    assert ws.column_dimensions["C"].width >= 10


def test_formula_injection_stays_text(tmp_path: Path) -> None:
    path = write_tables_xlsx([injected_table()], tmp_path / "t.xlsx")
    ws = openpyxl.load_workbook(path)["free text"]
    header = _find_row(ws, "comment")
    for i, value in enumerate(INJECTED, start=1):
        cell = ws.cell(header + i, 1)
        assert cell.data_type == "s", value
        assert cell.value == value
    # also nothing written as a formula anywhere in the sheet XML
    import zipfile

    with zipfile.ZipFile(path) as z:
        sheet_xml = "".join(
            z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/sheet")
        )
    assert "<f>" not in sheet_xml


def test_bilingual_headers_and_unique_sheet_names(tmp_path: Path) -> None:
    long_name = "a_very_long_table_name_that_exceeds_the_excel_limit"
    tables = [suppressed_table(), suppressed_table()]
    tables[0].name = long_name
    tables[1].name = long_name + "_too"
    path = write_tables_xlsx(tables, tmp_path / "t.xlsx", "both")
    wb = openpyxl.load_workbook(path)
    assert len(set(wb.sheetnames)) == 2 and all(len(n) <= 31 for n in wb.sheetnames)
    ws = wb[wb.sheetnames[0]]
    assert ws["A1"].value == "Needs by firm size"
    assert ws["A2"].value == "საჭიროებები ფირმის ზომის მიხედვით"
    header = _find_row(ws, "group")
    assert ws.cell(header, 3).value == "Mean score\nსაშუალო ქულა"
    values = [ws.cell(r, 1).value for r in range(1, ws.max_row + 1)]
    assert any(str(v).startswith("– = დაფარულია") for v in values)
    # the English and Georgian subtitles differ, so both are written; identical lines only once
    assert ws["A3"].value == "share of members · 2025 · n = 20"
    assert ws["A4"].value == "წევრების წილი · 2025 · n = 20"
    assert sum(1 for v in values if v == "SYNTHETIC EXAMPLE DATA, not real figures") == 1


def test_rejects_workbook_is_a_cleaning_log(tmp_path: Path) -> None:
    rejects = pd.DataFrame(
        {
            "source": ["wave1.xlsx", "wave1.xlsx"],
            "row": [4, 9],
            "_uuid": ["u-1", "u-2"],
            "column": ["q_importance", "member_id"],
            "value": ["=cmd|' /C calc'!A0", "7"],
            "reason": ["not in 1..5", "unknown member"],
        }
    )
    summary = pd.DataFrame({"table": ["survey"], "rows_in": [10], "rows_rejected": [2]})
    path = write_rejects_xlsx(rejects, summary, tmp_path / "validation" / "rejects.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Summary", "Rejects", "How to fix"]
    ws = wb["Rejects"]
    headers = [c.value for c in ws[1]]
    assert headers[-2:] == ["new_value", "change_type"] and "_uuid" in headers
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref
    assert ws.cell(2, headers.index("value") + 1).data_type == "s"
    assert ws.cell(2, headers.index("value") + 1).value == "=cmd|' /C calc'!A0"
    assert ws.cell(2, headers.index("new_value") + 1).value is None
    validation = ws.data_validations.dataValidation[0]
    assert all(t in validation.formula1 for t in CHANGE_TYPES)
    how = wb["How to fix"]
    assert how["A1"].value == "English" and how["B1"].value == "ქართული"
    assert "change_type" in " ".join(str(c.value) for c in how["A"])


def test_suppression_log_workbook(tmp_path: Path) -> None:
    table = suppressed_table()
    result = suppress_table(
        table.frame.assign(n=[20, 12, 6, 2]),
        table="needs_by_size",
        key_cols=["group"],
        value_cols=["t2b_share"],
        count_col="n",
    )
    path = write_suppression_log_xlsx(
        result.log, tmp_path / "suppression_log.xlsx", rules_text=[result.rule_text]
    )
    wb = openpyxl.load_workbook(path)
    ws = wb["Suppression log"]
    assert ws["A1"].value == "Table\nცხრილი"
    rules = [ws.cell(r, 4).value for r in range(2, ws.max_row + 1)]
    assert rules == ["threshold k=5", "secondary"]
    assert wb["Rules"]["B2"].value.startswith("– = დაფარულია")


def test_no_partial_file_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "tables.xlsx"
    target.write_bytes(b"previous version")
    with pytest.raises(ValueError):
        write_tables_xlsx([suppressed_table()], target, lang="fr")
    assert target.read_bytes() == b"previous version"
    assert [p.name for p in tmp_path.iterdir()] == ["tables.xlsx"]


def brief_inputs(tmp_path: Path) -> tuple[list[DomainResult], dict]:
    figures = tmp_path / "figures"
    figures.mkdir()
    files: dict = {}
    for lang in ("en", "ka"):
        png = figures / f"needs.{lang}.png"
        png.write_bytes(PNG_1PX)
        files.setdefault("needs", {})[lang] = {"png": png}
    from cluster_analysis.outputs import FigureOutput

    result = DomainResult(
        domain="survey",
        tables=[suppressed_table()],
        figures=[
            FigureOutput(
                name="needs",
                build=lambda lang: None,  # not called by the brief
                meta=META,
                caption=text("Largest gaps first.", "ყველაზე დიდი დეფიციტი პირველია."),
                audience="donors",
            ),
            FigureOutput(
                name="office_only",
                build=lambda lang: None,
                meta=Meta(title=text("Per member volumes", "წევრების მოცულობები")),
                audience="office",
            ),
        ],
        findings=[
            Finding(
                domain="survey",
                text=text(
                    "Digital marketing is the largest capacity gap.",
                    "ციფრული მარკეტინგი შესაძლებლობების ყველაზე დიდი დეფიციტია.",
                ),
                n=45,
                period="2025",
                source=text("Cluster survey", "კლასტერის კვლევა"),
                audience="donors",
            ),
            Finding(
                domain="survey",
                text=text("Member X buys 40% of all film.", "წევრი X ყიდულობს ფირის 40%-ს."),
                audience="office",
            ),
        ],
        method_notes=[
            text("Borich mean weighted discrepancy.", "ბორიჩის საშუალო შეწონილი სხვაობა.")
        ],
        sources=[text("Cluster survey, wave 1 (2025)", "კლასტერის კვლევა, I ტალღა (2025)")],
    )
    return [result], files


@pytest.mark.parametrize(
    ("lang", "headings", "finding", "rule_start", "synthetic"),
    [
        (
            "en",
            ["Key findings", "Capacity-gap survey", "Method notes", "Data sources and dates"],
            "Digital marketing is the largest capacity gap. (n = 45; 2025; Source: Cluster survey)",
            "– = suppressed",
            "SYNTHETIC EXAMPLE DATA",
        ),
        (
            "ka",
            ["ძირითადი მიგნებები", "შესაძლებლობების დეფიციტის კვლევა", "მეთოდოლოგიური შენიშვნები"],
            "ციფრული მარკეტინგი შესაძლებლობების ყველაზე დიდი დეფიციტია. (n = 45; 2025; წყარო: კლასტერის კვლევა)",
            "– = დაფარულია",
            "სინთეზური სანიმუშო მონაცემები",
        ),
    ],
)
def test_brief_docx_and_html(
    tmp_path: Path, lang: str, headings: list[str], finding: str, rule_start: str, synthetic: str
) -> None:
    import docx

    results, files = brief_inputs(tmp_path)
    docx_path, html_path = build_brief(
        results,
        files,
        lang,
        tmp_path,
        {"Cluster": text("Georgian Packaging Cluster", "საქართველოს შეფუთვის კლასტერი")},
    )
    assert docx_path.name == f"findings.{lang}.docx" and html_path.name == f"findings.{lang}.html"
    document = docx.Document(str(docx_path))
    paragraphs = [p.text for p in document.paragraphs]
    heading_texts = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    for heading in headings:
        assert heading in heading_texts
    assert finding in paragraphs
    assert any(p.startswith(rule_start) for p in paragraphs)
    assert synthetic in paragraphs[1]  # the cover warning right under the title
    assert len(document.inline_shapes) == 1  # the donor figure's PNG; the office one is left out
    assert not any("Member X" in p or "წევრი X" in p for p in paragraphs)
    facts = document.tables[0]
    assert facts.cell(0, 1).text in ("Georgian Packaging Cluster", "საქართველოს შეფუთვის კლასტერი")

    page = html_path.read_text(encoding="utf-8")
    assert f'<html lang="{lang}">' in page and '<meta charset="utf-8">' in page
    assert finding in page
    assert f'src="figures/needs.{lang}.png"' in page
    assert "office_only" not in page
    assert 'font-family: "Noto Sans"' in page  # the stylesheet is inlined unescaped


def test_brief_without_png_says_so(tmp_path: Path) -> None:
    import docx

    results, _files = brief_inputs(tmp_path)
    docx_path, _html = build_brief(results, {}, "en", tmp_path)
    document = docx.Document(str(docx_path))
    assert len(document.inline_shapes) == 0
    assert any("static export was skipped" in p.text for p in document.paragraphs)


def test_index_lists_every_figure_with_files(tmp_path: Path) -> None:
    results, files = brief_inputs(tmp_path)
    donors = [f for f in results[0].figures if f.audience == "donors"]
    path = build_index(donors, files, tmp_path / "index.html")
    page = path.read_text(encoding="utf-8")
    assert 'src="figures/needs.en.png"' in page
    # without the files mapping, the figures folder on disk is searched
    from_disk = build_index(
        donors, {}, tmp_path / "index2.html", figures_dir=tmp_path / "figures"
    ).read_text(encoding="utf-8")
    assert 'src="figures/needs.en.png"' in from_disk
    assert "Needs by firm size" in page and "საჭიროებები ფირმის ზომის მიხედვით" in page
    assert 'href="figures/needs.ka.png"' in page
