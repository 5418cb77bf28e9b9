"""The organisation's Word template: styles, header and footer kept, body emptied, bad files
refused in one line."""

from __future__ import annotations

import zipfile

import pytest
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Pt

from cluster_analysis.errors import InputError
from cluster_analysis.reports.template import check_template, new_document


def _template(path, *, drop_list_style: bool = False):
    doc = Document()
    doc.sections[0].header.paragraphs[0].text = "Georgian Packaging Cluster · letterhead"
    doc.sections[0].footer.paragraphs[0].text = "Tbilisi · www.example.org"
    doc.styles["Normal"].font.name = "Georgia"
    doc.styles["Normal"].font.size = Pt(12)
    doc.add_paragraph("Dear colleague, this body text must not reach the brief.")
    doc.add_table(rows=1, cols=1).cell(0, 0).text = "old table"
    if drop_list_style:
        doc.styles["List Bullet"].element.getparent().remove(doc.styles["List Bullet"].element)
    doc.save(path)
    return path


def test_template_keeps_header_footer_and_styles_and_drops_the_body(tmp_path):
    doc = new_document(_template(tmp_path / "org.docx"))
    assert doc.sections[0].header.paragraphs[0].text == "Georgian Packaging Cluster · letterhead"
    assert doc.sections[0].footer.paragraphs[0].text == "Tbilisi · www.example.org"
    assert doc.styles["Normal"].font.name == "Georgia"
    assert doc.paragraphs == [] and doc.tables == []
    doc.add_paragraph("new", style="List Bullet")  # the brief's styles are there


def test_missing_styles_are_added(tmp_path):
    path = _template(tmp_path / "plain.docx", drop_list_style=True)
    assert "List Bullet" not in {s.name for s in Document(str(path)).styles}
    doc = new_document(path)
    style = doc.styles["List Bullet"]
    assert style.type == WD_STYLE_TYPE.PARAGRAPH


def test_dotx_template_is_accepted(tmp_path):
    docx = _template(tmp_path / "org.docx")
    dotx = tmp_path / "org.dotx"
    with zipfile.ZipFile(docx) as src, zipfile.ZipFile(dotx, "w") as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"document.main+xml", b"template.main+xml")
            out.writestr(item, data)
    doc = new_document(dotx)
    assert doc.sections[0].footer.paragraphs[0].text == "Tbilisi · www.example.org"


def test_bad_templates_are_refused_in_one_line(tmp_path):
    with pytest.raises(InputError, match=r"missing\.docx: template not found"):
        check_template(tmp_path / "missing.docx")
    text_file = tmp_path / "notes.docx"
    text_file.write_text("not a zip", encoding="utf-8")
    with pytest.raises(InputError, match=r"notes\.docx: not a Word document \(expected a \.docx"):
        check_template(text_file)
    workbook = tmp_path / "book.docx"
    with zipfile.ZipFile(workbook, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(InputError, match=r"book\.docx: not a Word document \(no word/document"):
        check_template(workbook)


def test_cli_refuses_a_bad_template_before_running(tmp_path):
    import subprocess
    import sys

    done = subprocess.run(
        [
            sys.executable, "-c", "from cluster_analysis.cli import main; main()",
            "run", "--root", str(tmp_path), "--template", str(tmp_path / "letterhead.docx"),
        ],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "letterhead.docx: template not found" in lines[0]
    assert not (tmp_path / "reports").exists()  # nothing ran


def test_template_setting_comes_from_the_environment(monkeypatch, tmp_path):
    from cluster_analysis.config import brief_template

    monkeypatch.setenv("CLUSTER_ANALYSIS_TEMPLATE", str(tmp_path / "org.dotx"))
    assert brief_template(None) == tmp_path / "org.dotx"
    assert brief_template(tmp_path / "cli.docx") == tmp_path / "cli.docx"  # the option wins
    monkeypatch.delenv("CLUSTER_ANALYSIS_TEMPLATE")
    assert brief_template(None) is None
