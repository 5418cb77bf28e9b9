"""The example run's own index.html and findings.<lang>.html, opened from disk in headless Chromium.

Every image must decode, every interactive figure must draw, the console must stay clean; a
full-page screenshot of each is kept under tests/artifacts/browser/example/.
"""

from __future__ import annotations

from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "browser" / "example"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.is_file(), reason="no /usr/bin/chromium (apt-get install chromium)"
    ),
]


def _check_page(browser, path: Path, shot: str) -> None:
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.set_default_timeout(120_000)
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda err: problems.append(str(err)))
    page.goto(path.resolve().as_uri(), wait_until="domcontentloaded")
    images = page.query_selector_all("img")
    assert images, f"{path.name}: no images"
    for image in images:  # images load lazily: bring each into view, then it must decode
        image.scroll_into_view_if_needed()
        page.wait_for_function("e => e.complete && e.naturalWidth > 0", arg=image)
    # open every collapsed interactive figure and check plotly drew it inside its frame
    for summary in page.query_selector_all("details summary"):
        summary.scroll_into_view_if_needed()
        summary.click()
    for iframe in page.query_selector_all("iframe"):
        iframe.scroll_into_view_if_needed()
        iframe.content_frame().wait_for_selector(".plotly-graph-div .main-svg")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{shot}.png"), full_page=True)
    assert problems == [], f"{path.name}: console errors {problems[:3]}"
    page.close()


@pytest.mark.parametrize("name", ["index.html", "findings.en.html", "findings.ka.html"])
def test_example_report_pages_display(browser, example_run, name: str) -> None:
    paths, _ = example_run
    _check_page(browser, paths.reports / name, name.removesuffix(".html"))
