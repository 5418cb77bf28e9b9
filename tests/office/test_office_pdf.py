"""The example run's documents open in an office suite: LibreOffice converts them to PDF.

The two briefs (Writer), tables.xlsx (Calc) and the two chart decks (Impress) are converted
headlessly with ``soffice --convert-to pdf``; poppler's ``pdfinfo`` counts the pages, ``pdftoppm``
renders every page to PNG (kept under tests/artifacts/office/ to look at) and ``pdftotext`` reads
the text back. Checks: the expected page counts (one page per slide, every sheet printed), no blank
page, and the Georgian documents' text in Georgian letters.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "office"

pytestmark = pytest.mark.slow


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE).group(1))


def _ink(png: Path) -> float:
    """Share of the page's pixels that are not (near) white."""
    image = Image.open(png).convert("L")
    histogram = image.histogram()
    return 1 - sum(histogram[245:]) / (image.width * image.height)


@pytest.fixture(scope="module")
def office_pdfs(example_run, tmp_path_factory):
    """Convert the example run's briefs, workbook and decks to PDF and render every page."""
    paths, _ = example_run
    reports = paths.reports
    sources = [
        reports / "findings.en.docx",
        reports / "findings.ka.docx",
        reports / "tables.xlsx",
        reports / "charts.en.pptx",
        reports / "charts.ka.pptx",
    ]
    out = tmp_path_factory.mktemp("office-pdf")
    profile = tmp_path_factory.mktemp("lo-profile")  # a private profile: runs never share one
    done = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *map(str, sources),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    pdfs = {}
    for source in sources:
        pdf = out / (source.stem + ".pdf")
        assert pdf.is_file(), f"LibreOffice made no PDF of {source.name}: {done.stdout}"
        shutil.copy(pdf, ARTIFACTS / pdf.name)
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "50",
                str(pdf),
                str(ARTIFACTS / source.stem.replace(".", "-")),
            ],
            check=True,
            timeout=300,
        )
        pdfs[source.name] = pdf
    return paths, pdfs


def test_every_document_converts_and_no_page_is_blank(office_pdfs):
    _, pdfs = office_pdfs
    for name, pdf in pdfs.items():
        count = _pages(pdf)
        assert count >= 1, name
        prefix = pdf.stem.replace(".", "-")
        pngs = sorted(ARTIFACTS.glob(f"{prefix}-*.png"))
        assert len(pngs) == count, name
        blank = [p.name for p in pngs if _ink(p) < 0.002]
        assert blank == [], f"{name}: blank pages {blank}"


def test_decks_print_one_page_per_slide(office_pdfs):
    from pptx import Presentation

    paths, pdfs = office_pdfs
    for lang in ("en", "ka"):
        slides = len(Presentation(str(paths.reports / f"charts.{lang}.pptx")).slides)
        assert slides > 2
        assert _pages(pdfs[f"charts.{lang}.pptx"]) == slides


def test_workbook_prints_every_sheet(office_pdfs):
    import openpyxl

    paths, pdfs = office_pdfs
    sheets = openpyxl.load_workbook(paths.reports / "tables.xlsx", read_only=True).sheetnames
    assert _pages(pdfs["tables.xlsx"]) >= len(sheets)


def test_briefs_open_with_key_messages(office_pdfs):
    _, pdfs = office_pdfs
    for name, heading in (
        ("findings.en.docx", "Key messages"),
        ("findings.ka.docx", "ძირითადი გზავნილები"),
    ):
        words = subprocess.run(
            ["pdftotext", "-l", "1", str(pdfs[name]), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert heading in words, name


def test_georgian_documents_keep_georgian_text(office_pdfs):
    _, pdfs = office_pdfs
    for name in ("findings.ka.docx", "charts.ka.pptx"):
        words = subprocess.run(
            ["pdftotext", str(pdfs[name]), "-"], capture_output=True, text=True, check=True
        ).stdout
        georgian = len(re.findall(r"[\u10d0-\u10ff]", words))
        assert georgian > 200, f"{name}: {georgian} Georgian letters in the PDF text"


def test_brief_in_the_organisation_template_converts_with_its_header(example_run, tmp_path):
    """The Georgian brief written into a letterhead template keeps the letterhead's header and
    footer in LibreOffice's PDF, and opens with the key messages."""
    from docx import Document

    from cluster_analysis.reports.brief import build_brief
    from cluster_analysis.reports.build import PROJECT_FACTS

    letterhead = Document()
    letterhead.sections[0].header.paragraphs[0].text = "LETTERHEAD Imereti LED partnership"
    letterhead.sections[0].footer.paragraphs[0].text = "FOOTER www.example.org"
    letterhead.add_paragraph("Body text of the template, never in the brief.")
    template = tmp_path / "letterhead.docx"
    letterhead.save(template)
    _paths, summary = example_run
    results = list(summary.results.values())
    docx, _ = build_brief(
        results, {}, "ka", tmp_path, project_facts=PROJECT_FACTS["ka"], template=template
    )
    profile = tmp_path / "lo-profile"
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to",
         "pdf", "--outdir", str(tmp_path), str(docx)],
        capture_output=True, text=True, timeout=600, check=True,
    )  # fmt: skip
    pdf = tmp_path / "findings.ka.pdf"
    words = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert words.count("LETTERHEAD Imereti LED partnership") == _pages(pdf)  # on every page
    assert "FOOTER www.example.org" in words
    assert "Body text of the template" not in words
    first_page = words.split("\f")[0]
    assert "ძირითადი გზავნილები" in first_page
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(pdf),
         str(ARTIFACTS / "template-findings-ka")],
        check=True, timeout=120,
    )  # fmt: skip
