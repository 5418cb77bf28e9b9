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


FIGURE = FigureOutput(name="needs", build=build, meta=META, audience="donors")


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


def _legend_figure(n: int, name: str = "Series with a long legend name") -> go.Figure:
    return go.Figure([go.Scatter(x=[1, 2], y=[i, i + 1], name=f"{name} {i}") for i in range(n)])


def test_legend_rows_push_the_plot_down_never_onto_the_subtitle() -> None:
    meta = Meta(title=text("Title", "სათაური"), unit=text("persons", "პირი"), period="2024")
    one_row = decorate(_legend_figure(2), meta, "en")
    # each item is about 40 px of symbol + 0.56 em x 13 px per letter, about 280 px: three fit
    # the 880 px plot in a row, so six items take two rows and seven three
    two_rows = decorate(_legend_figure(6), meta, "en")
    three_rows = decorate(_legend_figure(7), meta, "en")
    no_legend = decorate(_legend_figure(1), meta, "en")  # one trace: plotly shows no legend
    assert export_module._legend_rows(two_rows, 880) == 2
    assert export_module._legend_rows(three_rows, 880) == 3
    row = export_module._LEGEND_ROW
    assert two_rows.layout.margin.t == one_row.layout.margin.t + row
    assert three_rows.layout.margin.t == one_row.layout.margin.t + 2 * row
    assert no_legend.layout.margin.t < one_row.layout.margin.t
    # the title block is pinned to the top edge, whatever the plot's size
    assert two_rows.layout.title.yref == "container" and two_rows.layout.title.yanchor == "top"


def test_long_titles_and_subtitles_are_wrapped_and_make_room() -> None:
    long_en = "Active business entities per 1,000 population in every municipality " * 2
    long_ka = "მოქმედი ბიზნეს სუბიექტები მოსახლეობის 1 000 კაცზე ყველა მუნიციპალიტეტში " * 2
    short = decorate(_legend_figure(2), Meta(title=text("Short", "მოკლე")), "en")
    for lang in ("en", "ka"):
        fig = decorate(_legend_figure(2), Meta(title=text(long_en, long_ka), unit=META.unit), lang)
        lines = fig.layout.title.text.split("<br>")
        assert len(lines) >= 2  # about 1,260 px of bold text in 890 px: wrapped, not cut off
        assert all(line.startswith("<b>") and line.endswith("</b>") for line in lines)
        widths = [export_module._text_px(line[3:-4], 20, bold=True) for line in lines]
        assert max(widths) <= 1000 - export_module._TEXT_LEFT - 40
        assert fig.layout.margin.t >= short.layout.margin.t + export_module._TITLE_LINE
        # no word lost or split
        assert " ".join(line[3:-4] for line in lines).split() == pick_words(long_en, long_ka, lang)


def pick_words(en: str, ka: str, lang: str) -> list[str]:
    return (en if lang == "en" else ka).split()


def test_builder_height_grows_with_the_margins_it_did_not_plan() -> None:
    fig = _legend_figure(7)
    fig.update_layout(height=900)
    out = decorate(fig, Meta(title=text("Title", "სათაური"), unit=text("u", "u")), "en")
    extra_top = out.layout.margin.t - 130
    extra_bottom = max(0, out.layout.margin.b - 120)
    assert out.layout.height == 900 + extra_top + extra_bottom


def test_left_margin_follows_the_widest_line_of_multiline_category_labels() -> None:
    # a scorecard-like scatter with text categories on y, already broken into lines
    labels = ["Registered jobseekers as a share of the<br>working-age population", "Short"]
    fig = go.Figure(go.Scatter(x=["A", "B"], y=labels, mode="markers"))
    out = decorate(fig, Meta(title=text("T", "T"), source=text("S", "S")), "en")
    widest = export_module._text_px("Registered jobseekers as a share of the", 14)
    assert out.layout.margin.l == pytest.approx(30 + widest)
    footnote = next(a for a in out.layout.annotations if a.name == "footnote")
    # the footnote starts under the title, not under the plot
    assert footnote.xshift == -(out.layout.margin.l - export_module._TEXT_LEFT)


def test_manual_status_has_its_own_neutral_colour_and_labels() -> None:
    from cluster_analysis.charts.theme import STATUS_LABELS

    assert status_colour("manual") == STATUS_COLOURS["manual"]
    assert STATUS_COLOURS["manual"] not in (STATUS_COLOURS["no_data"], *OKABE_ITO)
    assert STATUS_COLOURS["manual"] not in {v for k, v in STATUS_COLOURS.items() if k != "manual"}
    assert STATUS_LABELS["manual"] == {"en": "Assessed by hand", "ka": "შეფასებულია ხელით"}
