"""Open the generated index.html and findings.<lang>.html from disk in a headless Chromium.

Builds a tiny synthetic report (one figure, one table, one finding) with the real exporter, then
checks in the browser: no console errors or page errors, every <img> decoded (naturalWidth > 0), the
interactive figure shows a plotly chart inside its iframe. Screenshots go to tests/artifacts/.

Needs Debian's /usr/bin/chromium (apt-get install chromium fonts-noto-core); playwright's own browser
download is not used.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "browser"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.is_file(),
        reason="no /usr/bin/chromium (apt-get install chromium fonts-noto-core)",
    ),
]


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> dict:
    import plotly.graph_objects as go

    from cluster_analysis.disclosure import suppress_table
    from cluster_analysis.outputs import (
        DomainResult,
        FigureOutput,
        Finding,
        Meta,
        TableOutput,
        text,
    )

    meta = Meta(
        title=text("Largest capacity gaps", "შესაძლებლობების ყველაზე დიდი დეფიციტი"),
        unit=text("Borich MWDS", "ბორიჩის MWDS"),
        period="2025",
        source=text("Cluster survey, wave 1", "კლასტერის კვლევა, I ტალღა"),
        n=text("45 of 60 members", "60-დან 45 წევრი"),
        synthetic=True,
    )

    def build(lang: str) -> go.Figure:
        items = {
            "en": ["Digital marketing", "Export procedures", "Quality standards"],
            "ka": ["ციფრული მარკეტინგი", "ექსპორტის პროცედურები", "ხარისხის სტანდარტები"],
        }[lang]
        return go.Figure(go.Bar(x=[4.1, 3.2, 2.5], y=items, orientation="h"))

    cells = pd.DataFrame(
        {"group": ["All", "Micro", "Small"], "n": [45, 41, 4], "mwds": [4.1, 4.0, 5.0]}
    )
    suppressed = suppress_table(
        cells, table="gaps", key_cols=["group"], value_cols=["mwds"], count_col="n"
    )
    result = DomainResult(
        domain="survey",
        tables=[
            TableOutput(
                name="gaps",
                frame=suppressed.frame,
                meta=meta,
                suppressed=suppressed.suppressed_cells,
                suppression_rule=suppressed.rule_text,
                audience="donors",
            )
        ],
        figures=[
            FigureOutput(
                name="gaps",
                build=build,
                meta=meta,
                caption=text("Items ranked by MWDS.", "საკითხები MWDS-ის მიხედვით."),
                audience="donors",
            )
        ],
        findings=[
            Finding(
                domain="survey",
                text=text(
                    "Digital marketing is the largest gap.",
                    "ციფრული მარკეტინგი ყველაზე დიდი დეფიციტია.",
                ),
                n=45,
                period="2025",
                source=text("Cluster survey", "კლასტერის კვლევა"),
                audience="donors",
            )
        ],
        method_notes=[text("Borich (1980) MWDS.", "ბორიჩის (1980) MWDS.")],
    )
    from cluster_analysis.charts.export import FigureExporter
    from cluster_analysis.reports.brief import build_brief, build_index

    out = tmp_path_factory.mktemp("reports")
    with FigureExporter(scale=1) as exporter:
        exporter.export_many(result.figures, out / "figures", formats=("png", "html"))
    assert exporter.warnings == []
    facts = {"Cluster": text("Georgian Packaging Cluster", "საქართველოს შეფუთვის კლასტერი")}
    briefs = {
        lang: build_brief([result], exporter.files, lang, out, facts)[1] for lang in ("en", "ka")
    }
    index = build_index(
        result.figures, exporter.files, out / "index.html", figures_dir=out / "figures"
    )
    return {"briefs": briefs, "index": index}


def _open(browser, path: Path, screenshot: str):
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda err: problems.append(str(err)))
    page.goto(path.resolve().as_uri(), wait_until="load")
    page.wait_for_load_state("networkidle")
    return page, problems


def _assert_images_loaded(page) -> None:
    widths = page.eval_on_selector_all("img", "els => els.map(e => e.complete && e.naturalWidth)")
    assert widths, "expected at least one <img>"
    assert all(w and w > 0 for w in widths), widths


@pytest.mark.parametrize("lang", ["en", "ka"])
def test_findings_page(browser, report: dict, lang: str) -> None:
    page, problems = _open(browser, report["briefs"][lang], f"findings.{lang}")
    assert page.evaluate("document.documentElement.lang") == lang
    assert page.evaluate("document.characterSet") == "UTF-8"
    # the inline stylesheet was applied (an escaped stylesheet silently falls back to serif)
    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith('"Noto Sans"')
    _assert_images_loaded(page)
    # open the interactive chart and check plotly drew it inside the iframe
    page.click("details summary")
    iframe = page.wait_for_selector("iframe.interactive")
    frame = iframe.content_frame()
    frame.wait_for_selector(".plotly-graph-div .main-svg", timeout=20_000)
    bars = frame.eval_on_selector_all(".plotly-graph-div .point", "els => els.length")
    assert bars == 3
    page.wait_for_timeout(1500)  # let plotly finish its automargin redraw before the screenshot
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"findings.{lang}.png"), full_page=True)
    assert problems == []
    page.close()


def test_index_page(browser, report: dict) -> None:
    page, problems = _open(browser, report["index"], "index")
    _assert_images_loaded(page)
    cards = page.eval_on_selector_all(".card", "els => els.length")
    assert cards == 1
    links = page.eval_on_selector_all(".card .files a", "els => els.map(e => e.textContent)")
    assert sorted(links) == ["html", "html", "png", "png"]
    assert "შესაძლებლობების ყველაზე დიდი დეფიციტი" in page.inner_text("body")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "index.png"), full_page=True)
    assert problems == []
    # the interactive figure opened on its own also renders without errors
    href = page.get_attribute(".card a", "href")
    page2, problems2 = _open(browser, report["index"].parent / href, "figure")
    page2.wait_for_selector(".plotly-graph-div .main-svg", timeout=20_000)
    assert problems2 == []
    page2.close()
    page.close()
