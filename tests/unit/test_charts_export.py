"""Chart theme, decoration (title/subtitle/footnote) and export with one kaleido session."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest

from cluster_analysis.charts import export as export_module
from cluster_analysis.charts.export import (
    NO_CHROMIUM_WARNING,
    FigureExporter,
    decorate,
    find_chromium,
)
from cluster_analysis.charts.theme import (
    FONT_FAMILY,
    OKABE_ITO,
    STATUS_COLOURS,
    TEMPLATE_NAME,
    status_colour,
    use_theme,
)
from cluster_analysis.outputs import FigureOutput, Meta, text

go = pytest.importorskip("plotly.graph_objects")

META = Meta(
    title=text("Needs of members", "წევრების საჭიროებები"),
    unit=text("mean score, 1-5", "საშუალო ქულა, 1-5"),
    period="2025",
    source=text("Cluster survey, wave 1", "კლასტერის კვლევა, I ტალღა"),
    n=text("45 of 60 members", "60-დან 45 წევრი"),
    synthetic=True,
)


def build(lang: str) -> go.Figure:
    labels = {"en": ["Member", "Cluster"], "ka": ["წევრი", "კლასტერი"]}[lang]
    return go.Figure(go.Bar(x=labels, y=[3, 5], name=text("Need", "საჭიროება")[lang]))


FIGURE = FigureOutput(name="needs", build=build, meta=META)


def _annotation_text(fig: go.Figure) -> str:
    return " ".join(a.text for a in fig.layout.annotations)


@pytest.mark.parametrize(
    ("lang", "title", "subtitle_part", "source_part", "synthetic_part"),
    [
        ("en", "Needs of members", "45 of 60 members", "Source: Cluster survey", "SYNTHETIC"),
        ("ka", "წევრების საჭიროებები", "60-დან 45 წევრი", "წყარო: კლასტერის კვლევა", "სინთეზური"),
    ],
)
def test_decorate_adds_title_subtitle_footnote(
    lang: str, title: str, subtitle_part: str, source_part: str, synthetic_part: str
) -> None:
    original = build(lang)
    before = original.to_json()
    fig = decorate(original, META, lang)
    assert title in fig.layout.title.text
    assert subtitle_part in fig.layout.title.subtitle.text
    assert "2025" in fig.layout.title.subtitle.text
    footnote = _annotation_text(fig)
    assert source_part in footnote
    assert synthetic_part in footnote
    assert fig.layout.template.layout.font.family == FONT_FAMILY
    assert original.to_json() == before  # input never mutated
    assert fig is not original


def test_decorate_escapes_markup_and_omits_empty_footnote() -> None:
    meta = Meta(title=text("<script>x</script>", "<b>"))
    fig = decorate(build("en"), meta, "en")
    assert "<script>" not in fig.layout.title.text
    assert "&lt;script&gt;" in fig.layout.title.text
    assert len(fig.layout.annotations) == 0


def test_long_category_labels_are_wrapped_above_the_footnote() -> None:
    categories = [
        "გოფრირებული მუყაო",
        "საავტომობილო გადაზიდვა (ლოჯისტიკა)",
        "სერტიფიცირების აუდიტი",
        "პერსონალის ტრენინგი",
        "ნარჩენების მართვა",
        "საბეჭდი საღებავები",
        "სტრეჩ-ფირი",
        "PET პრეფორმები",
    ]
    fig = go.Figure(go.Bar(x=categories, y=list(range(8))))
    fig.update_layout(xaxis_title="კატეგორია")
    out = decorate(fig, META, "ka")
    # 8 categories share about 880 px: each label is wrapped onto lines instead of rotated
    assert out.layout.xaxis.tickangle == 0
    assert "საავტომობილო<br>" in out.layout.xaxis.ticktext[1]
    assert list(out.layout.xaxis.tickvals) == categories  # the data keep their categories
    footnote = next(a for a in out.layout.annotations if a.name == "footnote")
    # the footnote sits below the reserved label + axis-title space, at the figure's bottom edge
    # (at least 2 label lines of 17 px + 30 px axis title + one 17 px footnote line)
    assert out.layout.margin.b >= 2 * 17 + 30 + 17
    assert footnote.yshift == -out.layout.margin.b + 8
    assert fig.layout.xaxis.ticktext is None  # the input is unchanged


def test_theme_registered_and_colour_blind_palette() -> None:
    import plotly.io as pio

    previous = pio.templates.default
    try:
        assert use_theme() == TEMPLATE_NAME
        assert pio.templates.default == TEMPLATE_NAME
        assert list(pio.templates[TEMPLATE_NAME].layout.colorway) == list(OKABE_ITO)
    finally:
        pio.templates.default = previous
    assert status_colour("no data") == STATUS_COLOURS["no_data"] == "#BBBBBB"
    assert status_colour("Off track") == STATUS_COLOURS["off_track"]
    assert status_colour("unheard of") == "#BBBBBB"  # unknown status: grey, never red


def test_package_import_does_not_load_plotly() -> None:
    code = (
        "import sys; import cluster_analysis.charts, cluster_analysis.disclosure, "
        "cluster_analysis.reports.excel; "
        "print('plotly' in sys.modules, 'kaleido' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_no_chromium_writes_html_and_warns_once(tmp_path: Path, caplog) -> None:
    caplog.set_level(logging.WARNING, logger="cluster_analysis.charts")
    with FigureExporter(browser_lookup=lambda: None) as exporter:
        written = exporter.export(FIGURE, tmp_path)
        written += exporter.export(FIGURE, tmp_path)  # a second figure: still one warning
    names = sorted(p.name for p in set(written))
    assert names == ["needs.en.html", "needs.ka.html"]
    assert exporter.warnings == [NO_CHROMIUM_WARNING]
    assert [r.getMessage() for r in caplog.records] == [NO_CHROMIUM_WARNING]
    assert "apt-get install chromium fonts-noto-core" in NO_CHROMIUM_WARNING
    html = (tmp_path / "needs.ka.html").read_text(encoding="utf-8")
    assert '<html lang="ka">' in html
    assert "<script src=" not in html and "Plotly.newPlot" in html  # self-contained, no CDN
    assert "წევრების საჭიროებები" in html
    assert not list(tmp_path.glob(".*"))  # no temporary files left behind


def test_monkeypatched_lookup_means_html_only(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(export_module, "find_chromium", lambda: None)
    with FigureExporter() as exporter:
        written = exporter.export(FIGURE, tmp_path, langs=("en",), formats=("png", "html"))
    assert exporter.browser is None and not exporter.static_available
    assert [p.name for p in written] == ["needs.en.html"]
    assert exporter.warnings == [NO_CHROMIUM_WARNING]


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> tuple[Path, FigureExporter]:
    if find_chromium() is None:
        pytest.skip("no Chromium on this machine (apt-get install chromium fonts-noto-core)")
    out = tmp_path_factory.mktemp("figures")
    with FigureExporter(scale=1) as exporter:
        exporter.export(FIGURE, out)
    return out, exporter


def test_static_export_all_formats(exported: tuple[Path, FigureExporter]) -> None:
    out, exporter = exported
    assert exporter.warnings == []
    for lang in ("en", "ka"):
        png = (out / f"needs.{lang}.png").read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 1000
        assert (out / f"needs.{lang}.pdf").read_bytes()[:5] == b"%PDF-"
        assert (out / f"needs.{lang}.html").stat().st_size > 0
        assert set(exporter.files["needs"][lang]) == {"png", "pdf", "svg", "html"}
    svg = (out / "needs.ka.svg").read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<svg")
    assert "წევრების საჭიროებები" in svg and "კლასტერი" in svg
    assert "Noto Sans Georgian" in svg  # the font is named explicitly
    assert not list(out.glob(".*"))  # atomic writes leave no temporary files


def test_exporter_rejects_unknown_format(tmp_path: Path) -> None:
    with (
        FigureExporter(browser_lookup=lambda: None) as exporter,
        pytest.raises(ValueError, match="unknown export formats"),
    ):
        exporter.export(FIGURE, tmp_path, formats=("eps",))


def test_export_without_context_manager_opens_lazily(tmp_path: Path) -> None:
    exporter = FigureExporter(browser_lookup=lambda: None)
    try:
        written = exporter.export(FIGURE, tmp_path, langs=("ka",))
    finally:
        exporter.close()
    assert [p.name for p in written] == ["needs.ka.html"]
    assert exporter.warnings == [NO_CHROMIUM_WARNING]


def test_html_can_share_one_plotly_js(tmp_path: Path) -> None:
    with FigureExporter(browser_lookup=lambda: None, plotlyjs="directory") as exporter:
        exporter.export(FIGURE, tmp_path, formats=("html",))
    html = (tmp_path / "needs.en.html").read_text(encoding="utf-8")
    assert 'src="plotly.min.js"' in html and "https://" not in html.split("<body>")[0]
    assert (tmp_path / "plotly.min.js").stat().st_size > 1_000_000
    assert (tmp_path / "needs.en.html").stat().st_size < 100_000
