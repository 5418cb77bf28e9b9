"""The notebooks as an analyst sees them: JupyterLab in headless Chromium.

Notebook 01 (run in Georgian) and notebook 04 (the donor page, in English) are executed on the
example run with nbclient, trusted (as outputs an analyst made are), and opened in a JupyterLab
server on 127.0.0.1. In the browser: every chart is drawn by the plotly extension at the height
the notebook gave it, with its title and footnote; tables are drawn; nothing is printed on stderr.
Screenshots go to tests/artifacts/jupyterlab/.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "notebooks"))
from test_notebooks import REPO, charts, execute

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO / "tests" / "artifacts" / "jupyterlab"
TOKEN = "cluster-analysis-browser-test"
PAGES = [("01-capacity-gap-survey", "ka"), ("04-donor-report", "en")]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.is_file(),
        reason="no /usr/bin/chromium (apt-get install chromium fonts-noto-core)",
    ),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def lab(example_run, tmp_path_factory):
    """A JupyterLab server over a folder of executed, trusted notebooks; yields (url, books)."""
    paths, _ = example_run
    home = tmp_path_factory.mktemp("lab")
    env = dict(os.environ)
    env.update(
        {
            "CLUSTER_ANALYSIS_ROOT": str(paths.root),
            "CLUSTER_ANALYSIS_RAW": str(paths.raw),
            "CLUSTER_ANALYSIS_PROCESSED": str(paths.processed),
            "CLUSTER_ANALYSIS_REPORTS": str(paths.reports),
            # the server's own state stays in the temporary folder
            "JUPYTER_CONFIG_DIR": str(home / "config"),
            "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
            "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
            "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
            "IPYTHONDIR": str(home / "ipython"),
        }
    )
    # draw every cell, not only those in view, so each chart can be found and measured
    tracker = home / "settings" / "@jupyterlab" / "notebook-extension"
    tracker.mkdir(parents=True)
    (tracker / "tracker.jupyterlab-settings").write_text('{"windowingMode": "none"}')
    # no question about fetching news from the internet over the page
    apputils = home / "settings" / "@jupyterlab" / "apputils-extension"
    apputils.mkdir(parents=True)
    (apputils / "notification.jupyterlab-settings").write_text(
        '{"fetchNews": "false", "checkForUpdates": false}'
    )
    books = {}
    for stem, lang in PAGES:
        book = execute(REPO / "notebooks" / f"{stem}.ipynb", lang, env)
        target = home / f"{stem}.{lang}.ipynb"
        target.write_text(json.dumps(book, ensure_ascii=False), encoding="utf-8")
        subprocess.run(
            [sys.executable, "-m", "jupyter", "trust", str(target)],
            env=env,
            check=True,
            capture_output=True,
        )
        books[target.name] = book
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable, "-m", "jupyter", "lab", "--no-browser", "--allow-root",
            "--ip=127.0.0.1", f"--port={port}", f"--ServerApp.token={TOKEN}",
            f"--ServerApp.root_dir={home}",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.news_url=",
        ],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                with urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=2):
                    break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not start on 127.0.0.1 within 120 s")
        yield url, books
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.parametrize(("stem", "lang"), PAGES, ids=[f"{s}.{lang}" for s, lang in PAGES])
def test_notebook_reads_well_in_jupyterlab(lab, browser, stem: str, lang: str) -> None:
    url, books = lab
    name = f"{stem}.{lang}.ipynb"
    expected = charts(books[name])
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        # reset: open this notebook alone, not the tabs an earlier page left in the workspace
        page.goto(f"{url}/lab/tree/{name}?reset&token={TOKEN}", wait_until="domcontentloaded")
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
        page.wait_for_function(
            f"document.querySelectorAll('.jp-Notebook .js-plotly-plot').length >= {len(expected)}",
            timeout=120_000,
        )
        page.wait_for_timeout(1500)  # let plotly finish its text layout
        plots = page.locator(".jp-Notebook .js-plotly-plot")
        assert plots.count() == len(expected), (plots.count(), len(expected))
        for index, figure in enumerate(expected):
            plot = plots.nth(index)
            plot.evaluate("element => element.scrollIntoView({block: 'start'})")
            box = plot.bounding_box()
            assert box is not None
            height = figure["layout"]["height"]
            assert abs(box["height"] - height) <= 2, (index, box, height)
            title = plot.locator(".gtitle").first.text_content() or ""
            assert title.strip(), f"chart {index} has no title in the page"
            notes = plot.locator(".annotation-text").all_text_contents()
            assert any(note.strip() for note in notes), f"chart {index} has no footnote"
            page.screenshot(path=str(ARTIFACTS / f"{stem}.{lang}.chart{index + 1}.png"))
        tables = page.locator(".jp-Notebook .jp-RenderedHTMLCommon table")
        if tables.count():
            tables.first.scroll_into_view_if_needed()
            page.screenshot(path=str(ARTIFACTS / f"{stem}.{lang}.table.png"))
            assert "<NA>" not in tables.first.inner_text()
        stderr = page.locator("[data-mime-type='application/vnd.jupyter.stderr']")
        assert not stderr.count(), stderr.all_text_contents()
        assert not errors, errors
    finally:
        page.close()
