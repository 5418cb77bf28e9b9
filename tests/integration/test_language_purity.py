"""No document or chart of one language carries text of the other beyond proper names.

Read independently of the writers: the docx with python-docx, the html with the standard library's
HTMLParser, each chart's title, subtitle, footnote and axis titles from the figure JSON inside its
interactive HTML. English output must contain no Georgian letter; Georgian output no Latin word
except proper names, units, codes and file names (the allow-list below).
"""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from docx import Document

GEORGIAN = re.compile("[\u10a0-\u10ff\u1c90-\u1cbf\u2d00-\u2d2f]")
LATIN_WORD = re.compile(
    r"(?<![\w./-])[A-Za-z][A-Za-z'’-]*[A-Za-z](?![\w/])|(?<![\w.])[A-Za-z](?![\w.])"
)
#: Latin words a Georgian text may carry: names of methods, organisations, products, units, codes.
ALLOWED_LATIN = {
    # methods and measures named after people or kept as international acronyms
    "MWDS",
    "Borich",
    "IPA",
    "CAGR",
    "SDG",
    "Open",
    "Wilson",
    "Kish",
    "Shapley",
    "Rao-Wu",
    "Rao",
    "Wu",
    "FPC",
    "LQ",
    "HHI",
    "seed",
    "p",
    "n",
    "w",
    "A",
    "E",
    "N",
    "k",
    "x",
    "t",
    "kg",
    "km",
    "GEL",
    "USD",
    "EUR",
    "ISO",
    "FSSC",
    "PPWR",
    "EU",
    # Roman numbers of halves and quarters, as Geostat writes them ("2026 წლის I–III კვარტალი")
    "I",
    "II",
    "III",
    "IV",
    # the EU project's implementer, written in Latin script in the Georgian project facts too
    "Sustainable",
    "Development",
    "Organization",
    "UNDP",
    "UNIDO",
    "FAO",
    "LED",
    "GDP",
    "VAT",
    "ID",
    # products and tools
    "KoboToolbox",
    "Kobo",
    "XLSForm",
    "Excel",
    "Geostat",
    "cluster-analysis",
    "Chromium",
    "Plotly",
}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"style", "script"}:
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in {"style", "script"}:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.parts.append(data.strip())


def _html_lines(path: Path) -> list[str]:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.parts


def _docx_lines(path: Path) -> list[str]:
    doc = Document(str(path))
    lines = [p.text for p in doc.paragraphs if p.text.strip()]
    for table in doc.tables:
        lines += [cell.text for row in table.rows for cell in row.cells if cell.text.strip()]
    return lines


def _figure_texts(path: Path) -> list[str]:
    """Title, subtitle, footnote (annotations) and axis titles from a plotly HTML export."""
    raw = path.read_text(encoding="utf-8")
    found = []
    for match in re.finditer(r'"text":"((?:[^"\\]|\\.)*)"', raw):
        found.append(json.loads(f'"{match.group(1)}"'))
    return [html.unescape(re.sub(r"<[^>]+>", " ", t)) for t in found if t.strip()]


def _foreign(line: str, lang: str) -> list[str]:
    if lang == "en":
        return [line] if GEORGIAN.search(line) else []
    cleaned = re.sub(r"\S+\.(csv|xlsx|parquet|docx|html|png)\b", " ", line)  # file names
    cleaned = re.sub(r"\b[a-z]+(_[a-z0-9]+)+\b", " ", cleaned)  # identifiers
    words = [w for w in LATIN_WORD.findall(cleaned) if w not in ALLOWED_LATIN]
    return words


@pytest.mark.parametrize("lang", ["en", "ka"])
def test_brief_speaks_one_language(example_run, lang):
    paths, _ = example_run
    reports = Path(paths.reports)
    lines = _docx_lines(reports / f"findings.{lang}.docx") + _html_lines(
        reports / f"findings.{lang}.html"
    )
    assert lines
    foreign = {w for line in lines for w in _foreign(line, lang)}
    assert foreign == set()


@pytest.mark.parametrize("lang", ["en", "ka"])
def test_chart_titles_and_footnotes_speak_one_language(example_run, lang):
    paths, _ = example_run
    figures = sorted((Path(paths.reports) / "figures").glob(f"*.{lang}.html"))
    assert figures
    foreign = {
        (path.name, w) for path in figures for t in _figure_texts(path) for w in _foreign(t, lang)
    }
    assert foreign == set()


POINT_DECIMAL = re.compile(r"(?<![\w.])\d+\.\d+(?![.\w])")
COMMA_GROUPED = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?![\d,.])")


def test_georgian_brief_writes_numbers_the_georgian_way(example_run):
    paths, _ = example_run
    reports = Path(paths.reports)
    ka = "\n".join(
        _docx_lines(reports / "findings.ka.docx") + _html_lines(reports / "findings.ka.html")
    )
    en = "\n".join(
        _docx_lines(reports / "findings.en.docx") + _html_lines(reports / "findings.en.html")
    )
    assert POINT_DECIMAL.findall(ka) == []
    grouped = set(COMMA_GROUPED.findall(en)) - {"0"}
    assert grouped  # the English brief has thousands to compare with
    for number in grouped:
        if number.startswith("0,"):
            continue
        assert number not in ka
        # Babel's Georgian group mark is a no-break space; hand-written Georgian text uses a space
        assert any(number.replace(",", mark) in ka for mark in (" ", "\u00a0", "\u202f"))


def test_georgian_chart_labels_write_numbers_the_georgian_way(example_run):
    paths, _ = example_run
    figures = sorted((Path(paths.reports) / "figures").glob("*.ka.html"))
    assert figures
    decoder = json.JSONDecoder()
    wrong = []
    for path in figures:
        raw = path.read_text(encoding="utf-8")
        assert '"separators":", "' in raw
        for match in re.finditer(r'"(?:text|ticktext|hovertext)":', raw):
            value, _ = decoder.raw_decode(raw, match.end())
            for label in _flatten(value if isinstance(value, list) else [value]):
                label = str(label)
                if POINT_DECIMAL.search(label) or COMMA_GROUPED.search(label):
                    wrong.append((path.name, label))
    assert wrong == []


def _flatten(values):
    for value in values:
        if isinstance(value, list):
            yield from _flatten(value)
        else:
            yield value


#: A period in English notation: a half or a quarter after a year ("2025 H2", "2026-Q1").
ENGLISH_PERIOD = re.compile(r"\b\d{4}(?:[ -]?[HQ][1-4])\b")


def test_georgian_brief_writes_periods_the_geostat_way(example_run):
    paths, _ = example_run
    reports = Path(paths.reports)
    ka = "\n".join(
        _docx_lines(reports / "findings.ka.docx") + _html_lines(reports / "findings.ka.html")
    )
    en = "\n".join(_docx_lines(reports / "findings.en.docx"))
    assert ENGLISH_PERIOD.findall(ka) == []
    assert re.findall(r"\d{4}-\d-ის", ka) == []  # no wave id with a case ending glued on
    assert "2025 წლის II ნახევარი" in ka
    assert re.search(r"\d{4} წლის [IV]+(?:–[IV]+)? კვარტალი", ka)
    # the English brief keeps the periods as the data wrote them
    assert "2025 H2" in en and "2026 H2" in en and re.search(r"\d{4}-Q\d", en)
