"""What a findings brief holds, already in one language: the renderers' input.

The docx and html renderers read these classes; :mod:`cluster_analysis.reports.brief` fills them.
Keeping them apart from the brief builder means the renderers and the builder import each other in
one direction only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cluster_analysis.outputs import Text, text

__all__ = [
    "LABELS",
    "BriefContent",
    "BriefFigure",
    "BriefSection",
    "FigureFiles",
    "join_sentences",
]

#: ``{figure name: {lang: {format: path}}}`` as collected by ``FigureExporter.files``.
FigureFiles = Mapping[str, Mapping[str, Mapping[str, Path]]]

LABELS: dict[str, Text] = {
    "brief_title": text("Findings brief", "მიგნებების მოკლე მიმოხილვა"),
    "facts": text("Project facts", "პროექტის ძირითადი მონაცემები"),
    "findings": text("Key findings", "ძირითადი მიგნებები"),
    "figures": text("Charts", "დიაგრამები"),
    "methods": text("Method notes", "მეთოდოლოგიური შენიშვნები"),
    "disclosure": text(
        "Disclosure control (suppression rules)",
        "გამჟღავნების კონტროლი (მონაცემების დაფარვის წესები)",
    ),
    "sources": text("Data sources and dates", "მონაცემთა წყაროები და თარიღები"),
    "generated": text("Generated", "შექმნილია"),
    "source": text("Source", "წყარო"),
    "synthetic_banner": text(
        "SYNTHETIC EXAMPLE DATA: the numbers in this document are invented for demonstration and are "
        "not real figures.",
        "სინთეზური სანიმუშო მონაცემები: ამ დოკუმენტის რიცხვები საჩვენებლად არის შექმნილი და არ "
        "წარმოადგენს რეალურ მაჩვენებლებს.",
    ),
    "no_image": text(
        "Chart image not available (static export was skipped); open the interactive version:",
        "დიაგრამის გამოსახულება მიუწვდომელია (სტატიკური ექსპორტი გამოტოვებულია); გახსენით "
        "ინტერაქტიული ვერსია:",
    ),
    "interactive": text("Interactive chart", "ინტერაქტიული დიაგრამა"),
    "catalogue": text("Figure catalogue", "დიაგრამების კატალოგი"),
    "files": text("Files", "ფაილები"),
    "documents": text("Documents", "დოკუმენტები"),
    "none": text("None.", "არ არის."),
}


@dataclass
class BriefFigure:
    """One figure as the brief shows it: text in one language plus its files."""

    name: str
    domain: str
    title: str
    caption: str
    subtitle: str
    footnote: str
    files: dict[str, Path] = field(default_factory=dict)  # format -> path

    @property
    def details(self) -> str:
        """Return caption, subtitle and footnote as one line of sentences (no doubled stops)."""
        return join_sentences([self.caption, self.subtitle, self.footnote])

    @property
    def png(self) -> Path | None:
        """Return the PNG path if it exists on disk."""
        path = self.files.get("png")
        return path if path is not None and Path(path).is_file() else None

    @property
    def html(self) -> Path | None:
        """Return the interactive HTML path if it exists on disk."""
        path = self.files.get("html")
        return path if path is not None and Path(path).is_file() else None


def join_sentences(parts: Sequence[str]) -> str:
    """Join text parts with ". ", without doubling a stop a part already ends with."""
    cleaned = [p.strip().rstrip(".").strip() for p in parts if p and p.strip()]
    return ". ".join(cleaned) + ("." if cleaned else "")


@dataclass
class BriefSection:
    """One domain's part of the brief."""

    domain: str
    heading: str
    findings: list[str]
    figures: list[BriefFigure]
    method_notes: list[str]


@dataclass
class BriefContent:
    """Everything the docx and html renderers need, already in one language."""

    lang: str
    title: str
    generated: str
    synthetic: bool
    synthetic_banner: str
    facts: list[tuple[str, str]]
    sections: list[BriefSection]
    suppression_rules: list[str]
    sources: list[str]
    labels: dict[str, str]
