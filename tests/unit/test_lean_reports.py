"""Lean reports: one shared plotly.js, figures cached by spec and data, charts in the Word brief
sized for A4 at print resolution."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image

from cluster_analysis.charts.export import FigureExporter, find_chromium
from cluster_analysis.outputs import FigureOutput, Meta, text
from cluster_analysis.reports.docx import print_png

go = pytest.importorskip("plotly.graph_objects")

META = Meta(title=text("Needs of members", "წევრების საჭიროებები"), period="2026", n="12")


def _figure(name: str, values: list[float]) -> FigureOutput:
    def build(lang: str) -> go.Figure:
        return go.Figure(go.Bar(x=["a", "b", "c"], y=values))

    return FigureOutput(name=name, build=build, meta=META, audience="donors")


def _script_sources(page: Path) -> list[str]:
    return re.findall(r'<script[^>]*src="([^"]+)"', page.read_text(encoding="utf-8"))


def test_every_interactive_figure_links_the_one_shared_plotly_js(tmp_path: Path) -> None:
    shared = tmp_path / "plotly.min.js"
    with FigureExporter(browser_lookup=lambda: None, plotlyjs_file=shared) as exporter:
        exporter.export(_figure("donor_view", [1, 2, 3]), tmp_path / "figures", formats=("html",))
        exporter.export(
            _figure("office_view", [3, 2, 1]), tmp_path / "office" / "figures", formats=("html",)
        )
    pages = sorted(tmp_path.rglob("*.html"))
    assert len(pages) == 4
    for page in pages:
        (source,) = _script_sources(page)
        assert not source.startswith(("http", "/"))  # relative: opens from disk, offline
        assert (page.parent / source).resolve() == shared.resolve()
        assert page.stat().st_size < 100_000  # the data only, not a copy of plotly.js
    assert [p.name for p in tmp_path.rglob("*.js")] == ["plotly.min.js"]
    assert shared.stat().st_size > 1_000_000
    assert "Plotly" in shared.read_text(encoding="utf-8")[:5000]


@pytest.fixture(scope="module")
def browser() -> str:
    found = find_chromium()
    if found is None:
        pytest.fail("no Chromium on this machine (apt-get install chromium fonts-noto-core)")
    return found


def test_unchanged_figures_come_from_the_cache_changed_ones_are_rendered(
    tmp_path: Path, browser: str
) -> None:
    cache = tmp_path / "cache"
    counted: list[tuple[int, int]] = []
    first = FigureExporter(scale=1, cache_dir=cache, on_figure=lambda d, t: counted.append((d, t)))
    first.total_figures = 2
    with first:
        first.export_many(
            [_figure("one", [1, 2, 3]), _figure("two", [4, 5, 6])],
            tmp_path / "a",
            langs=("en",),
            formats=("png",),
        )
    assert (first.cache_hits, first.cache_misses) == (0, 2)
    with Image.open(tmp_path / "a" / "one.en.png") as png:
        assert png.size == (1000, 600)  # the figure's size times the scale (print: 3)
        assert png.mode == "P"  # an optimised palette PNG
    assert counted == [(1, 2), (2, 2)]  # n of N figures
    assert len(list(cache.iterdir())) == 2

    second = FigureExporter(scale=1, cache_dir=cache)
    with second:
        second.export_many(
            [_figure("one", [1, 2, 3]), _figure("two", [4, 5, 7])],  # the second's data changed
            tmp_path / "b",
            langs=("en",),
            formats=("png",),
        )
        second.prune_cache()
    assert (second.cache_hits, second.cache_misses) == (1, 1)
    assert (tmp_path / "b" / "one.en.png").read_bytes() == (
        tmp_path / "a" / "one.en.png"
    ).read_bytes()
    assert (tmp_path / "b" / "two.en.png").read_bytes() != (
        tmp_path / "a" / "two.en.png"
    ).read_bytes()
    assert len(list(cache.iterdir())) == 2  # the file of the old data was pruned

    forced = FigureExporter(scale=1, cache_dir=cache, cache_read=False)
    with forced:
        forced.export_many(
            [_figure("one", [1, 2, 3])], tmp_path / "c", langs=("en",), formats=("png",)
        )
    assert (forced.cache_hits, forced.cache_misses) == (0, 1)


def test_brief_charts_are_sized_for_a4_at_300_dpi(tmp_path: Path) -> None:
    # a chart as exported for print: 1000 x 600 px at scale 3, a few flat colours and a gradient
    source = Image.new("RGB", (3000, 1800), "white")
    for x in range(200, 2800):
        for y in (400, 401, 402):
            source.putpixel((x, y), (x % 256, 80, 160))
    source.paste((31, 119, 180), (300, 600, 900, 1600))
    path = tmp_path / "chart.png"
    source.save(path)
    stream = print_png(path)
    with Image.open(stream) as image:
        assert image.size == (1890, 1134)  # 16 cm at 300 dpi, aspect kept
        assert image.mode == "P"  # a palette of at most 256 colours
        assert round(image.info["dpi"][0]) == 300
        shown = image.convert("RGB").getpixel((600 * 1890 // 3000, 1000 * 1890 // 3000))
        # a flat colour keeps its shade (the palette may move a channel by a step or two)
        assert all(abs(a - b) <= 2 for a, b in zip(shown, (31, 119, 180), strict=True)), shown
    assert len(stream.getvalue()) < path.stat().st_size


def test_a_chart_fitted_once_is_taken_from_the_store_next_time(tmp_path: Path, monkeypatch) -> None:
    from cluster_analysis.charts import export
    from cluster_analysis.reports import docx

    path = tmp_path / "chart.png"
    Image.new("RGB", (3000, 1800), (31, 119, 180)).save(path)
    store = docx.FittedCharts(tmp_path / "fitted")
    (tmp_path / "fitted").mkdir()
    (tmp_path / "fitted" / "stale.png").write_bytes(b"from an older run")
    token = docx.FITTED_CHARTS.set(store)
    try:
        first = print_png(path).getvalue()

        def refuse(*args, **kwargs):
            raise AssertionError("the chart was fitted again")

        monkeypatch.setattr(export, "palette_png", refuse)
        assert print_png(path).getvalue() == first
        Image.new("RGB", (3000, 1800), (200, 0, 0)).save(path)  # the chart changed
        with pytest.raises(AssertionError, match="fitted again"):
            print_png(path)
    finally:
        docx.FITTED_CHARTS.reset(token)
    store.prune()
    assert [p.name for p in (tmp_path / "fitted").iterdir()] != []
    assert not (tmp_path / "fitted" / "stale.png").exists()
