"""The organisation's own Word template for the findings brief (``--template FILE``).

A template is any .docx (or .dotx) the organisation already uses: its styles (Normal, Title,
Heading 1-3, List Bullet, List Number), page set-up, and headers and footers (with a logo) are kept; its body
text is removed, so the brief starts on an empty page that looks like the organisation's own
documents. Styles the brief needs and the template lacks are added, based on Normal, so any
template works. Without a template the brief uses python-docx's default document.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from cluster_analysis.errors import InputError

__all__ = ["NEEDED_STYLES", "TABLE_STYLE", "check_template", "new_document"]

#: Paragraph styles the brief writes with.
NEEDED_STYLES: tuple[str, ...] = (
    "Normal",
    "Title",
    "Heading 1",
    "Heading 2",
    "Heading 3",
    "List Bullet",
    "List Number",
)
#: The facts table's style when the template has it ("Table Grid" otherwise, then none).
TABLE_STYLE = "Light List Accent 1"

_DOTX = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def check_template(path: str | Path) -> Path:
    """Return ``path`` when it is a readable Word document or template; raise InputError otherwise.

    The message is one line naming the file and what was expected.
    """
    target = Path(path).expanduser()
    if not target.is_file():
        raise InputError(f"{target}: template not found (expected a Word .docx or .dotx file)")
    try:
        with zipfile.ZipFile(target) as archive:
            if "word/document.xml" not in archive.namelist():
                raise InputError(f"{target}: not a Word document (no word/document.xml inside)")
    except zipfile.BadZipFile as exc:
        raise InputError(
            f"{target}: not a Word document (expected a .docx or .dotx file, saved by Word or "
            "LibreOffice)"
        ) from exc
    return target


def new_document(template: str | Path | None = None) -> Any:
    """Return a python-docx Document: empty default, or the template with its body removed.

    Section properties (page size, margins, headers and footers with their images) stay; the
    styles in :data:`NEEDED_STYLES` exist afterwards.
    """
    from docx import Document

    if template is None:
        return Document()
    source = check_template(template)
    doc = Document(_as_docx(source))
    body = doc.element.body
    for child in list(body):
        if child.tag.endswith("}sectPr"):
            continue  # the last section's page set-up, headers and footers
        body.remove(child)
    _ensure_styles(doc)
    return doc


def _as_docx(source: Path) -> Any:
    """A .dotx differs from a .docx only in its main part's content type: swap it in memory."""
    import io

    with zipfile.ZipFile(source) as archive:
        types = archive.read("[Content_Types].xml").decode("utf-8")
        if _DOTX not in types:
            return str(source)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
            for item in archive.infolist():
                data = archive.read(item.filename)
                if item.filename == "[Content_Types].xml":
                    data = types.replace(_DOTX, _DOCX).encode("utf-8")
                out.writestr(item, data)
    buffer.seek(0)
    return buffer


def _ensure_styles(doc: Any) -> None:
    from docx.enum.style import WD_STYLE_TYPE

    names = {style.name for style in doc.styles}
    for name in NEEDED_STYLES:
        if name not in names:
            style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = doc.styles["Normal"]
            if name == "Title" or name.startswith("Heading"):
                style.font.bold = True


def table_style(doc: Any) -> str | None:
    """The facts table's style: :data:`TABLE_STYLE`, else "Table Grid", else None (plain)."""
    names = {style.name for style in doc.styles}
    for name in (TABLE_STYLE, "Table Grid"):
        if name in names:
            return name
    return None
