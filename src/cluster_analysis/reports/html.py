"""Render the findings brief and the figure catalogue as HTML pages (jinja2, autoescaped).

Pages are UTF-8 with a ``lang`` attribute, inline CSS, no scripts and no network access of their own;
figures are linked relatively (``figures/<name>.<lang>.png``) and the interactive versions (self-contained
plotly HTML) are shown in an ``<iframe>``, so the pages open from disk (file://) with no console errors.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path

import jinja2

from cluster_analysis.charts.export import atomic_write_text
from cluster_analysis.outputs import FigureOutput, Text, pick
from cluster_analysis.reports.content import LABELS, BriefContent, FigureFiles, join_sentences

__all__ = ["write_findings_html", "write_index_html"]

_TEMPLATES = Path(__file__).resolve().parent / "templates"
_FORMAT_ORDER = ("png", "pdf", "svg", "html")


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(_TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        keep_trailing_newline=True,
    )


def _css() -> str:
    return (_TEMPLATES / "base.css").read_text(encoding="utf-8")


def _href(target: Path, page_dir: Path) -> str:
    """Return a relative URL from ``page_dir`` to ``target`` (forward slashes, percent-safe)."""
    from urllib.parse import quote

    rel = os.path.relpath(Path(target).resolve(), page_dir.resolve())
    return quote(rel.replace(os.sep, "/"))


def write_findings_html(content: BriefContent, path: str | Path) -> Path:
    """Write ``content`` as ``findings.<lang>.html`` at ``path`` (atomically) and return the path."""
    path = Path(path)
    page_dir = path.parent
    page_dir.mkdir(parents=True, exist_ok=True)
    links: dict[tuple[str, str], str] = {}
    for section in content.sections:
        for figure in section.figures:
            if figure.png is not None:
                links[(figure.name, "png")] = _href(figure.png, page_dir)
            if figure.html is not None:
                links[(figure.name, "html")] = _href(figure.html, page_dir)
    page = (
        _environment().get_template("findings.html.j2").render(c=content, links=links, css=_css())
    )
    return atomic_write_text(path, page)


def write_index_html(
    figures: Sequence[FigureOutput],
    figure_files: FigureFiles,
    out_path: Path,
    *,
    documents: Sequence[tuple[Text, Path]] = (),
    langs: Sequence[str] = ("en", "ka"),
) -> Path:
    """Write the figure catalogue (see :func:`cluster_analysis.reports.brief.build_index`)."""
    out_path = Path(out_path)
    page_dir = out_path.parent
    page_dir.mkdir(parents=True, exist_ok=True)
    langs = list(langs) or ["en"]
    cards = []
    synthetic = False
    for fig in figures:
        synthetic |= fig.meta.synthetic
        files: Mapping[str, Mapping[str, Path]] = figure_files.get(fig.name, {})
        thumb = None
        open_link = None
        file_rows = []
        for lang in langs:
            by_fmt = files.get(lang, {})
            existing = [(fmt, Path(p)) for fmt, p in by_fmt.items() if Path(p).is_file()]
            existing.sort(key=lambda item: _order(item[0]))
            if thumb is None and by_fmt.get("png") and Path(by_fmt["png"]).is_file():
                thumb = _href(Path(by_fmt["png"]), page_dir)
            if open_link is None and existing:
                chosen = dict(existing).get("html") or existing[0][1]
                open_link = _href(chosen, page_dir)
            file_rows.append((lang, [(fmt, _href(p, page_dir)) for fmt, p in existing]))
        titles = list(dict.fromkeys(pick(fig.meta.title, lang) for lang in langs))
        captions = []
        for lang in langs:
            line = join_sentences(
                [pick(fig.caption, lang), fig.meta.subtitle(lang), fig.meta.footnote(lang)]
            )
            if line and line not in captions:
                captions.append(line)
        cards.append(
            {
                "name": fig.name,
                "thumb": thumb,
                "open": open_link or "#",
                "titles": titles,
                "captions": captions,
                "files": file_rows,
                "no_image": " / ".join(
                    dict.fromkeys(pick(LABELS["no_image"], lang).rstrip(":") for lang in langs)
                ),
            }
        )

    def both(key: str) -> str:
        return " / ".join(dict.fromkeys(pick(LABELS[key], lang) for lang in langs))

    page = (
        _environment()
        .get_template("index.html.j2")
        .render(
            title=both("catalogue"),
            langs=langs,
            css=_css(),
            synthetic=synthetic,
            synthetic_banner=both("synthetic_banner"),
            documents=[
                (" / ".join(dict.fromkeys(pick(label, lang) for lang in langs)), _href(p, page_dir))
                for label, p in documents
                if Path(p).is_file()
            ],
            documents_heading=both("documents"),
            catalogue_heading=both("catalogue"),
            none=both("none"),
            cards=cards,
        )
    )
    return atomic_write_text(out_path, page)


def _order(fmt: str) -> int:
    return _FORMAT_ORDER.index(fmt) if fmt in _FORMAT_ORDER else len(_FORMAT_ORDER)
