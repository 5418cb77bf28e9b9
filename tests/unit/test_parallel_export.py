"""Figure export with two browsers side by side, pre-rendering while domains compute, and the
run's timings in the manifest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cluster_analysis.charts.export import FigureExporter, default_browsers, find_chromium
from cluster_analysis.charts.theme import HEIGHT, WIDTH
from cluster_analysis.outputs import DomainResult, FigureOutput, Meta, text
from cluster_analysis.reports.prerender import FigurePrerender
from cluster_analysis.store import Manifest

go = pytest.importorskip("plotly.graph_objects")

META = Meta(title=text("Needs of members", "წევრების საჭიროებები"), period="2026", n="12")


def _figure(name: str, values: list[float], audience: str = "donors") -> FigureOutput:
    def build(lang: str) -> go.Figure:
        return go.Figure(go.Bar(x=["a", "b", "c"], y=values))

    return FigureOutput(name=name, build=build, meta=META, audience=audience)


@pytest.fixture(scope="module")
def browser() -> str:
    found = find_chromium()
    if found is None:
        pytest.fail("no Chromium on this machine (apt-get install chromium fonts-noto-core)")
    return found


def _contents(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*.*"))}


def test_two_browsers_write_what_one_writes_in_the_same_order(tmp_path: Path, browser: str) -> None:
    figures = [_figure(f"f{i}", [i, i + 1, i + 2]) for i in range(5)]
    runs = {}
    for browsers in (1, 2):
        counted: list[tuple[int, int]] = []
        exporter = FigureExporter(
            scale=1, browsers=browsers, window=2, on_figure=lambda d, t, c=counted: c.append((d, t))
        )
        exporter.total_figures = len(figures)
        out = tmp_path / f"b{browsers}"
        with exporter:
            written = exporter.export_many(figures, out, langs=("en", "ka"), formats=("png",))
            assert len(exporter._sessions) == browsers
        # paths come back figure by figure, in the order the figures were given
        assert [p.name for p in written] == [
            f"f{i}.{lang}.png" for i in range(5) for lang in ("en", "ka")
        ]
        assert counted == [(n, 5) for n in range(1, 6)]
        runs[browsers] = _contents(out)
    assert runs[1] == runs[2]  # PNG renders are byte for byte the same in either browser
    assert default_browsers() in (1, 2)


def test_prerendered_figures_are_not_rendered_again(tmp_path: Path, browser: str) -> None:
    cache = tmp_path / "cache"
    reports = tmp_path / "reports"
    built: list[str] = []

    def counted(figure: FigureOutput) -> FigureOutput:
        def build(lang: str) -> go.Figure:
            built.append(figure.name)
            return figure.build(lang)

        return FigureOutput(name=figure.name, build=build, meta=META, audience=figure.audience)

    donor = counted(_figure("shared", [1, 2, 3]))
    office = counted(_figure("members_only", [3, 1, 2], "office"))
    prerender = FigurePrerender(
        out_dir=reports, figure_cache=cache, langs=("en",), formats=("svg", "html")
    )
    try:
        prerender.submit(DomainResult(domain="survey", figures=[donor, office]))
        exporter = prerender.finish()
        assert exporter.cache_misses == 2
        assert (reports / "figures" / "shared.en.svg").is_file()
        assert (reports / "office" / "figures" / "members_only.en.svg").is_file()
        # what the report layer then does: every file comes from this run's renders
        exporter.cache_read = True
        with exporter:
            formats = ("svg", "html")
            exporter.export_many([donor], reports / "figures", langs=("en",), formats=formats)
            exporter.export_many(
                [office], reports / "office" / "figures", langs=("en",), formats=formats
            )
        assert exporter.cache_misses == 2  # nothing rendered twice
        assert exporter.cache_hits == 0  # and nothing counted as reused from an earlier run
        assert built == ["shared", "members_only"]  # nor even built and decorated again
        assert set(exporter.files) == {"shared", "members_only"}
    finally:
        prerender.close()
    assert prerender.warnings == []


def test_a_failing_prerender_is_a_warning_not_an_error(tmp_path: Path) -> None:
    prerender = FigurePrerender(
        out_dir=tmp_path, figure_cache=tmp_path / "cache", langs=("en",), formats=("svg",)
    )

    def broken(lang: str) -> go.Figure:
        raise RuntimeError("builder broke")

    bad = FigureOutput(name="bad", build=broken, meta=META, audience="donors")
    try:
        prerender.submit(DomainResult(domain="pool", figures=[bad]))
        prerender.finish()
    finally:
        prerender.close()
    assert len(prerender.warnings) == 1
    assert "builder broke" in prerender.warnings[0]


def test_timed_steps_add_up_and_reach_the_manifest() -> None:
    manifest = Manifest(run_id="t", parameters={})
    for _ in range(2):
        with manifest.timed("tables"):
            sum(range(100_000))
    with pytest.raises(ValueError), manifest.timed("briefs"):
        raise ValueError("a failing step is still timed")
    assert set(manifest.timings) == {"tables", "briefs"}
    for entry in manifest.timings.values():
        assert entry["seconds"] >= 0 and entry["cpu_seconds"] >= 0
    assert json.loads(manifest.to_json())["timings"] == manifest.timings


def _varied_figures() -> list[FigureOutput]:
    def bars(lang: str) -> go.Figure:
        return go.Figure(go.Bar(x=["ა", "ბ", "გ"], y=[3, 1, 2], text=["3", "1", "2"]))

    def lines(lang: str) -> go.Figure:
        return go.Figure(go.Scatter(x=[2020, 2021, 2022], y=[1.5, 2.5, 2.0], mode="lines+markers"))

    def shares(lang: str) -> go.Figure:
        return go.Figure(go.Pie(labels=["მწარმოებელი", "მომხმარებელი"], values=[12, 30]))

    return [
        FigureOutput(name=name, build=build, meta=META, audience="donors")
        for name, build in (("bars", bars), ("lines", lines), ("shares", shares))
    ]


def _fresh_page_png(figure: FigureOutput, browser: str) -> bytes:
    """The figure rendered by kaleido's own session, which loads its page afresh every time."""
    import asyncio

    import kaleido

    from cluster_analysis.charts.export import decorate, palette_png

    fig = decorate(figure.build("ka"), figure.meta, "ka").to_dict()

    async def render() -> bytes:
        async with kaleido.Kaleido(n=1, mathjax=False, path=browser) as session:
            return await session.calc_fig(
                fig, opts={"format": "png", "width": WIDTH, "height": HEIGHT, "scale": 1}
            )

    return palette_png(asyncio.run(render()))


def test_a_reused_page_renders_what_a_fresh_page_renders(tmp_path: Path, browser: str) -> None:
    figures = _varied_figures()
    with FigureExporter(scale=1, browsers=1) as exporter:
        exporter.export_many(figures * 2, tmp_path, langs=("ka",), formats=("png",))
    for figure in figures:
        assert (tmp_path / f"{figure.name}.ka.png").read_bytes() == _fresh_page_png(figure, browser)


def test_a_failed_render_leaves_the_next_figure_unharmed(tmp_path: Path, browser: str) -> None:
    def unreachable_map(lang: str) -> go.Figure:
        # the boundaries cannot be fetched: the render fails inside the browser
        return go.Figure(
            go.Choropleth(geojson="http://127.0.0.1:9/boundaries.json", locations=["x"], z=[1])
        )

    broken = FigureOutput(name="map", build=unreachable_map, meta=META, audience="donors")
    after = _varied_figures()[0]
    with FigureExporter(scale=1, browsers=1, timeout=20) as exporter:
        exporter.export_many([broken, after], tmp_path, langs=("ka",), formats=("png",))
    assert not (tmp_path / "map.ka.png").exists()
    assert any("map.ka.png failed" in w for w in exporter.warnings)
    assert (tmp_path / "bars.ka.png").read_bytes() == _fresh_page_png(after, browser)


def _unsettle_pages(
    exporter: FigureExporter, *, script: str = "", context: int | None = None
) -> None:
    """Run ``script`` in every idle tab's page (or point kaleido at ``context``) and mark the tab
    as not yet checked, as after a page load that raced the first render."""

    async def unsettle() -> None:
        for session in exporter._sessions:
            tabs = [session.tabs_ready.get_nowait() for _ in range(session.tabs_ready.qsize())]
            for tab in tabs:
                if script:
                    await tab.tab.send_command(
                        "Runtime.evaluate",
                        params={"expression": script, "contextId": tab._current_js_id},
                    )
                if context is not None:
                    tab._current_js_id = context
                session._ready_tabs.discard(id(tab))
                session.tabs_ready.put_nowait(tab)

    exporter._call(unsettle(), timeout=30)


@pytest.mark.parametrize(
    ("script", "context"),
    [
        # the script has not run yet when the first render arrives; it runs 0.3 s later
        (
            "window.k_later = window.kaleido_scopes; delete window.kaleido_scopes;"
            "setTimeout(() => { window.kaleido_scopes = window.k_later; }, 300);",
            None,
        ),
        # the script never runs in this page: the tab is loaded afresh
        ("delete window.kaleido_scopes;", None),
        # kaleido holds a context the page no longer has: the tab is loaded afresh
        ("", 987654),
    ],
    ids=["script-late", "script-missing", "context-gone"],
)
def test_a_page_not_ready_for_the_first_render_is_waited_for_or_reloaded(
    tmp_path: Path, browser: str, script: str, context: int | None
) -> None:
    figure = _varied_figures()[0]
    with FigureExporter(scale=1, browsers=1) as exporter:
        _unsettle_pages(exporter, script=script, context=context)
        exporter.export_many([figure], tmp_path, langs=("ka",), formats=("png", "pdf", "svg"))
    assert exporter.warnings == []
    assert (tmp_path / "bars.ka.png").read_bytes() == _fresh_page_png(figure, browser)
    assert (tmp_path / "bars.ka.pdf").read_bytes()[:5] == b"%PDF-"


def test_donor_charts_are_fitted_to_the_brief_while_prerendering(
    tmp_path: Path, browser: str
) -> None:
    from cluster_analysis.reports.docx import FITTED_CHARTS, FittedCharts, print_png

    cache = tmp_path / "cache" / "figures"
    prerender = FigurePrerender(
        out_dir=tmp_path / "reports", figure_cache=cache, langs=("en", "ka"), formats=("png",)
    )
    try:
        prerender.submit(
            DomainResult(
                domain="survey",
                figures=[_figure("shared", [1, 2, 3]), _figure("private", [1, 1, 2], "office")],
            )
        )
        prerender.finish()
    finally:
        prerender.close()
    fitted = sorted((tmp_path / "cache" / "brief-charts").iterdir())
    assert len(fitted) == 2  # the donor chart in both languages; office charts are not in a brief
    # what the brief then asks for is exactly what was fitted ahead
    store = FittedCharts(tmp_path / "cache" / "brief-charts")
    token = FITTED_CHARTS.set(store)
    try:
        for lang in ("en", "ka"):
            print_png(tmp_path / "reports" / "figures" / f"shared.{lang}.png")
    finally:
        FITTED_CHARTS.reset(token)
    assert sorted(store.used) == fitted
