"""Render the findings brief as a Word document (python-docx).

Content comes ready-made in one language from :func:`cluster_analysis.reports.brief.assemble_brief`:
title, synthetic-data warning on the cover, project facts, key findings per domain with their n,
period and source, charts (PNG, 16 cm wide) with captions, method notes, suppression rules, sources.

Charts are embedded at print resolution for their size on an A4 page (16 cm at 300 dpi: 1,890 px
wide) rather than as the 3,000 px print files, as optimised palette PNGs (charts have few
colours), which keeps a brief small enough to e-mail.
"""

from __future__ import annotations

import hashlib
from contextvars import ContextVar
from io import BytesIO
from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from cluster_analysis.reports.content import BriefContent, BriefFigure
from cluster_analysis.reports.template import new_document, table_style
from cluster_analysis.store import atomic_write

__all__ = ["write_findings_docx"]

#: Georgian text needs a font with Georgian glyphs; Sylfaen ships with Windows and Word; other systems
#: substitute a Georgian-capable face (DejaVu Sans, Noto Sans Georgian).
_FONTS = {"en": "Calibri", "ka": "Sylfaen"}
_IMAGE_WIDTH = Cm(16)
#: Print resolution (dots per inch) of an embedded chart.
_PRINT_DPI = 300
#: Names how a chart is fitted (part of the fitted-chart key): change it when palette_png changes.
_FIT_STEPS = "lanczos, octree palette 256, zlib 6"


def write_findings_docx(
    content: BriefContent, path: str | Path, *, template: str | Path | None = None
) -> Path:
    """Write ``content`` as a .docx at ``path`` (atomically) and return the path.

    ``template`` is the organisation's .docx/.dotx: its styles, page set-up, header and footer are
    kept (and its fonts: only the default document gets the Georgian-capable base font).
    """
    doc = new_document(template)
    if template is None:
        _set_base_font(doc, _FONTS.get(content.lang, "Calibri"))
    labels = content.labels

    doc.add_heading(content.title, level=0)
    if content.synthetic:
        para = doc.add_paragraph()
        run = para.add_run(content.synthetic_banner)
        run.bold = True
        run.font.color.rgb = RGBColor(0xA0, 0x52, 0x2D)
    doc.add_paragraph(f"{labels['generated']}: {content.generated}")

    if content.key_messages:
        doc.add_heading(labels["key_messages"], level=1)
        for line in content.key_messages:
            doc.add_paragraph(line, style="List Number")
        if content.key_messages_note:
            note = doc.add_paragraph().add_run(content.key_messages_note)
            note.italic = True
            note.font.size = Pt(9)

    if content.facts:
        doc.add_heading(labels["facts"], level=1)
        table = doc.add_table(rows=0, cols=2)
        table.style = table_style(doc)
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
        if section.note:
            note = doc.add_paragraph()
            run = note.add_run(section.note)
            run.italic = True
            run.font.size = Pt(9)
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
        doc.add_picture(print_png(png), width=_IMAGE_WIDTH)
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


class FittedCharts:
    """A folder keeping charts already fitted to the page, by the sha256 of the source PNG and
    the size, so an unchanged chart is not scaled and re-encoded again on the next run;
    :attr:`used` lists the files this run asked for (the rest may be deleted)."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.used: set[Path] = set()

    def prune(self) -> None:
        """Delete the fitted charts this run did not use."""
        if self.folder.is_dir():
            for path in self.folder.iterdir():
                if path not in self.used:
                    path.unlink(missing_ok=True)


#: The fitted-chart store of the current report build (set by the report layer), or None.
FITTED_CHARTS: ContextVar[FittedCharts | None] = ContextVar("fitted_charts", default=None)


def print_png(path: Path, width_cm: float = 16.0, dpi: int = _PRINT_DPI) -> BytesIO:
    """Return the chart at ``path`` as an optimised PNG sized for ``width_cm`` at ``dpi``
    (:func:`cluster_analysis.charts.export.palette_png`: scaled down, palette of 256, resolution
    recorded so Word prints it at ``dpi``); taken from :data:`FITTED_CHARTS` when it is there."""
    from cluster_analysis.charts.export import palette_png

    data = Path(path).read_bytes()
    width = round(width_cm / 2.54 * dpi)
    store = FITTED_CHARTS.get()
    if store is None:
        return BytesIO(palette_png(data, width=width, dpi=dpi))
    key = hashlib.sha256(data + f"\0{width}\0{dpi}\0{_FIT_STEPS}".encode()).hexdigest()
    cached = store.folder / f"{key}.png"
    store.used.add(cached)
    if cached.is_file():
        return BytesIO(cached.read_bytes())
    fitted = palette_png(data, width=width, dpi=dpi)
    atomic_write(cached, lambda tmp: tmp.write_bytes(fitted))
    return BytesIO(fitted)


def _set_base_font(doc, font: str) -> None:
    for style_name in (
        "Normal",
        "Title",
        "Heading 1",
        "Heading 2",
        "Heading 3",
        "List Bullet",
        "List Number",
    ):
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
