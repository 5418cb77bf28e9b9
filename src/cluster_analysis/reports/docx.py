"""Render the findings brief as a Word document (python-docx).

Content comes ready-made in one language from :func:`cluster_analysis.reports.brief.assemble_brief`:
title, synthetic-data warning on the cover, project facts, key findings per domain with their n,
period and source, charts (PNG, 16 cm wide) with captions, method notes, suppression rules, sources.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from cluster_analysis.reports.content import BriefContent, BriefFigure
from cluster_analysis.store import atomic_write

__all__ = ["write_findings_docx"]

#: Georgian text needs a font with Georgian glyphs; Sylfaen ships with Windows and Word; other systems
#: substitute a Georgian-capable face (DejaVu Sans, Noto Sans Georgian).
_FONTS = {"en": "Calibri", "ka": "Sylfaen"}
_IMAGE_WIDTH = Cm(16)


def write_findings_docx(content: BriefContent, path: str | Path) -> Path:
    """Write ``content`` as a .docx at ``path`` (atomically) and return the path."""
    doc = Document()
    _set_base_font(doc, _FONTS.get(content.lang, "Calibri"))
    labels = content.labels

    doc.add_heading(content.title, level=0)
    if content.synthetic:
        para = doc.add_paragraph()
        run = para.add_run(content.synthetic_banner)
        run.bold = True
        run.font.color.rgb = RGBColor(0xA0, 0x52, 0x2D)
    doc.add_paragraph(f"{labels['generated']}: {content.generated}")

    if content.facts:
        doc.add_heading(labels["facts"], level=1)
        table = doc.add_table(rows=0, cols=2)
        table.style = "Light List Accent 1"
        for label, value in content.facts:
            cells = table.add_row().cells
            cells[0].text = label
            cells[1].text = value
            for run in cells[0].paragraphs[0].runs:
                run.bold = True

    doc.add_heading(labels["findings"], level=1)
    for section in content.sections:
        doc.add_heading(section.heading, level=2)
        if section.findings:
            for line in section.findings:
                doc.add_paragraph(line, style="List Bullet")
        else:
            doc.add_paragraph(labels["none"])
        for figure in section.figures:
            _add_figure(doc, figure, labels)

    doc.add_heading(labels["methods"], level=1)
    any_notes = False
    for section in content.sections:
        if section.method_notes:
            any_notes = True
            doc.add_heading(section.heading, level=2)
            for note in section.method_notes:
                doc.add_paragraph(note, style="List Bullet")
    if not any_notes:
        doc.add_paragraph(labels["none"])

    doc.add_heading(labels["disclosure"], level=1)
    for rule in content.suppression_rules:
        doc.add_paragraph(rule, style="List Bullet")

    doc.add_heading(labels["sources"], level=1)
    for line in content.sources or [labels["none"]]:
        doc.add_paragraph(line, style="List Bullet")
    if content.synthetic:
        para = doc.add_paragraph()
        run = para.add_run(content.synthetic_banner)
        run.bold = True

    return _save_atomic(doc, Path(path))


def _add_figure(doc, figure: BriefFigure, labels: dict[str, str]) -> None:
    png = figure.png
    if png is not None:
        doc.add_picture(str(png), width=_IMAGE_WIDTH)
        doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    else:
        note = labels["no_image"]
        html = figure.html
        shown = html.name if html is not None else f"{figure.name}.{'html'}"
        doc.add_paragraph(f"{note} figures/{shown}")
    caption = doc.add_paragraph()
    title_run = caption.add_run(figure.title)
    title_run.bold = True
    if figure.details:
        caption.add_run(". " + figure.details).italic = True
    for run in caption.runs:
        run.font.size = Pt(9)


def _set_base_font(doc, font: str) -> None:
    for style_name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "List Bullet"):
        style = doc.styles[style_name]
        style.font.name = font
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = rpr.makeelement(qn("w:rFonts"), {})
            rpr.append(fonts)
        # Georgian is not a complex script: Word uses the ascii/hAnsi slots, set all for safety
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), font)
        for theme_attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
            if fonts.get(qn(theme_attr)) is not None:
                del fonts.attrib[qn(theme_attr)]


def _save_atomic(doc, path: Path) -> Path:
    return atomic_write(path, lambda tmp: doc.save(str(tmp)))
