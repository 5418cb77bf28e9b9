"""The example run's own index.html and findings.<lang>.html, opened from disk in headless Chromium.

Every image must decode, every interactive figure must draw, the console must stay clean; a
full-page screenshot of each is kept under tests/artifacts/browser/example/.
"""

from __future__ import annotations

from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "browser" / "example"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--allow-file-access-from-files",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.is_file(), reason="no /usr/bin/chromium (apt-get install chromium)"
    ),
]


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=ARGS
        )
        yield launched
        launched.close()


def _check_page(browser, path: Path, shot: str) -> None:
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda err: problems.append(str(err)))
    page.goto(path.resolve().as_uri(), wait_until="load")
    page.wait_for_load_state("networkidle")
    images = page.eval_on_selector_all("img", "els => els.map(e => e.complete && e.naturalWidth)")
    assert images, f"{path.name}: no images"
    assert all(w and w > 0 for w in images), f"{path.name}: an image did not load: {images}"
    # open every collapsed interactive figure and check plotly drew it
    for summary in page.query_selector_all("details summary"):
        summary.click()
    for iframe in page.query_selector_all("iframe"):
        frame = iframe.content_frame()
        frame.wait_for_selector(".plotly-graph-div .main-svg", timeout=30_000)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{shot}.png"), full_page=True)
    assert problems == [], f"{path.name}: console errors {problems[:3]}"
    page.close()


@pytest.mark.parametrize("name", ["index.html", "findings.en.html", "findings.ka.html"])
def test_example_report_pages_display(browser, example_run, name: str) -> None:
    paths, _ = example_run
    _check_page(browser, paths.reports / name, name.removesuffix(".html"))
