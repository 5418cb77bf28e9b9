"""Read PC-Axis (.px) files, as PxWeb databases publish them, into one tidy long frame.

A .px file is a list of keywords (``KEY[lang]("sub")=value;``) followed by ``DATA=`` with one
value per combination of the STUB and HEADING variables, the last HEADING variable varying
fastest. :func:`read_px` returns one row per data cell with a column per variable (labels in the
chosen language), ``<variable> code`` columns where the file gives CODES, the period and year of
the time variable, the value, its unit, the notes that cover it and the symbol it was written
with ("..", "-", ...).

Why our own reader: pyaxis (the maintained PyPI reader) returns every value as text and reads only
the default language; it knows nothing of units per content variable, cell notes, data symbols or
ELIMINATION, which the tidy shape needs. pyaxis stays the independent reference of the tests.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import product
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from cluster_analysis.errors import InputError
from cluster_analysis.geo import try_normalize_place

#: PX-file symbols for missing values (PX file format specification 2013, DATASYMBOL1-6 and
#: DATASYMBOLNIL); the file's own DATASYMBOLn texts, or a NOTE that starts with the symbol
#: ("(..) Dato no disponible ..."), say what they mean.
DEFAULT_SYMBOLS = {
    '"."': "missing",
    '".."': "missing",
    '"..."': "missing",
    '"...."': "missing",
    '"....."': "missing",
    '"......"': "missing",
    '"-"': "nil",
}
_SYMBOL_KEYS = {
    '"."': "DATASYMBOL1",
    '".."': "DATASYMBOL2",
    '"..."': "DATASYMBOL3",
    '"...."': "DATASYMBOL4",
    '"....."': "DATASYMBOL5",
    '"......"': "DATASYMBOL6",
    '"-"': "DATASYMBOLNIL",
}
_KEY = re.compile(
    r"\s*(?P<key>[A-Z][A-Z0-9-]*)\s*(?:\[(?P<lang>[A-Za-z_-]+)\])?\s*"
    r'(?:\((?P<sub>(?:"[^"]*"\s*,?\s*)*)\))?\s*=\s*',
    re.S,
)
_QUOTED = re.compile(r'"((?:[^"]|"")*)"')


@dataclass(frozen=True)
class Keyword:
    """One ``KEY[lang]("sub", ...)=value;`` entry; ``value`` as written (quotes kept)."""

    key: str
    lang: str | None
    sub: tuple[str, ...]
    value: str
    line: int


def _decode(path: Path) -> str:
    """The file's text in its declared code page (CODEPAGE; UTF-8, else Latin-1 when absent)."""
    raw = path.read_bytes()
    head = raw[:4000].decode("ascii", errors="replace")
    match = re.search(r'CODEPAGE\s*=\s*"([^"]+)"', head)
    candidates = [match.group(1)] if match else []
    candidates += ["utf-8-sig", "iso-8859-1"]
    for encoding in candidates:
        try:
            return raw.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return raw.decode("iso-8859-1")  # pragma: no cover - Latin-1 decodes any byte


def _statements(text: str, path: Path) -> tuple[list[Keyword], str, int]:
    """Keywords before DATA, the DATA text and its line number; ';' inside quotes is text."""
    keywords: list[Keyword] = []
    position, length = 0, len(text)
    while position < length:
        while position < length and text[position] in " \t\r\n;":
            position += 1
        if position >= length:
            break
        line = text.count("\n", 0, position) + 1
        match = _KEY.match(text, position)
        if match is None:
            snippet = text[position : position + 40].splitlines()[0]
            raise InputError(f"line {line}: expected KEYWORD=value; got {snippet!r}", path=path)
        key = match.group("key")
        start = match.end()
        if key == "DATA":
            end = text.find(";", start)
            data = text[start:] if end < 0 else text[start:end]
            return keywords, data, line
        end, in_quotes = start, False
        while end < length and (in_quotes or text[end] != ";"):
            if text[end] == '"':
                in_quotes = not in_quotes
            end += 1
        if end >= length:
            raise InputError(f"line {line}: keyword {key} has no closing ';'", path=path)
        sub = tuple(_QUOTED.findall(match.group("sub") or ""))
        keywords.append(Keyword(key, match.group("lang"), sub, text[start:end].strip(), line))
        position = end + 1
    raise InputError("no DATA= section: expected the values after the keywords", path=path)


def _strings(value: str) -> list[str]:
    """A keyword's list of strings; adjacent quoted pieces on new lines join into one string."""
    items: list[str] = []
    current: list[str] | None = None
    for piece in re.finditer(r'"((?:[^"]|"")*)"|(,)|([^",\s]+)', value):
        if piece.group(2):
            if current is not None:
                items.append("".join(current))
            current = None
        elif piece.group(1) is not None:
            current = (current or []) + [piece.group(1)]
        else:
            if current is not None:
                items.append("".join(current))
            current = [piece.group(3)]
    if current is not None:
        items.append("".join(current))
    return items


def _text(value: str) -> str:
    return " ".join(_strings(value)).strip() if '"' in value else value.strip()


def _keyword_text(keys: _Keys, key: str) -> str:
    """The text of one keyword, or "" when the file does not have it."""
    found = keys.get(key)
    return _text(found.value) if found else ""


class _Keys:
    """Keyword look-up with language fallback (the wanted language, then the default)."""

    def __init__(self, keywords: list[Keyword], lang: str | None) -> None:
        self.keywords = keywords
        self.lang = lang

    def get(self, key: str, *sub: str) -> Keyword | None:
        found = [k for k in self.keywords if k.key == key and (not sub or k.sub == sub)]
        for wanted in (self.lang, None):
            for keyword in found:
                if keyword.lang == wanted:
                    return keyword
        return None

    def all(self, key: str) -> list[Keyword]:
        return [k for k in self.keywords if k.key == key and k.lang == self.lang]


def _values(data: str, path: Path, line: int) -> list[str]:
    tokens = re.findall(r'"[^"]*"|[^\s,;"]+', data)
    if not tokens:
        raise InputError(f"line {line}: DATA is empty; expected one value per cell", path=path)
    return tokens


def _number(token: str) -> float | None:
    try:
        return float(token)
    except ValueError:
        return None


def read_px(path: str | Path, *, lang: str | None = None) -> pd.DataFrame:
    """Tidy long frame of one .px file: one row per data cell.

    Columns: ``file``, ``table`` (TITLE), ``cell`` (``DATA[i]``, 0-based position in DATA),
    one column per STUB and HEADING variable (value labels, in ``lang``), ``<variable> code``
    for variables with CODES, ``period`` (the time variable's label, else NA), ``year`` (its
    leading four digits when they are a year), ``place`` (canonical id when a variable's values
    are all Georgian places, else NA), ``value`` (float, NA for symbols), ``unit`` (UNITS, or
    the content variable's UNITS), ``symbol`` (the symbol as written, e.g. ".."), ``note`` (the
    symbol's meaning from DATASYMBOLn, CELLNOTE/VALUENOTE for the cell, joined by "; ").

    ``lang`` chooses one of LANGUAGES (default: LANGUAGE, the file's default). ``frame.attrs``
    holds ``languages``, ``language``, ``variables`` (stub then heading), ``elimination``
    (variable -> the value that stands for all, or True), ``notes`` (the file's NOTE texts),
    ``source`` (SOURCE) and ``matrix``.

    Raises :class:`InputError` naming the file and line for a malformed keyword, a missing
    STUB/HEADING VALUES list, a language the file does not have, KEYS (sparse) data, or a
    number of values other than the product of the variables' value counts.
    """
    path = Path(path)
    if not path.exists():
        raise InputError("file not found; expected a PC-Axis (.px) file", path=path)
    keywords, data, data_line = _statements(_decode(path), path)
    default = next((_text(k.value) for k in keywords if k.key == "LANGUAGE"), None)
    languages_kw = next((k for k in keywords if k.key == "LANGUAGES"), None)
    languages = _strings(languages_kw.value) if languages_kw else ([default] if default else [])
    if lang is not None and lang != default and lang not in languages:
        raise InputError(
            f"no language {lang!r} in the file; LANGUAGES: {', '.join(languages) or 'none'}",
            path=path,
        )
    keys = _Keys(keywords, None if lang in (None, default) else lang)
    if keys.get("KEYS") is not None:
        raise InputError("KEYS (sparse DATA) is not supported; expected full DATA", path=path)
    variables = _variables(keys, path)
    values = _values(data, path, data_line)
    expected = int(np.prod([len(labels) for _, labels, _ in variables]))
    if len(values) != expected:
        raise InputError(
            f"line {data_line}: DATA has {len(values)} values; expected {expected} "
            f"(the product of the VALUES counts of {', '.join(v for v, _, _ in variables)})",
            path=path,
        )
    return _frame(path, keys, variables, values, languages, default)


def _variables(keys: _Keys, path: Path) -> list[tuple[str, list[str], list[str] | None]]:
    """(name, value labels, codes or None) for STUB then HEADING variables."""
    names: list[str] = []
    for key in ("STUB", "HEADING"):
        keyword = keys.get(key)
        if keyword is not None:
            names += _strings(keyword.value)
    if not names:
        raise InputError("no STUB or HEADING keyword: expected the table's variables", path=path)
    variables = []
    for name in names:
        labels = keys.get("VALUES", name)
        if labels is None:
            raise InputError(f'no VALUES("{name}"): expected the labels of {name!r}', path=path)
        codes = keys.get("CODES", name)
        variables.append(
            (name, _strings(labels.value), _strings(codes.value) if codes is not None else None)
        )
    return variables


def _cell_notes(keys: _Keys, variables: list[tuple[str, list[str], list[str] | None]]) -> list:
    """(pattern of labels or '*', note) from CELLNOTE and VALUENOTE keywords."""
    names = [name for name, _, _ in variables]
    patterns: list[tuple[dict[str, str], str]] = []
    for keyword in keys.all("CELLNOTE") + keys.all("CELLNOTEX"):
        pattern = {n: v for n, v in zip(names, keyword.sub, strict=False) if v != "*"}
        patterns.append((pattern, _text(keyword.value)))
    for key in ("VALUENOTE", "VALUENOTEX"):
        for keyword in keys.all(key):
            if len(keyword.sub) == 2:
                patterns.append(({keyword.sub[0]: keyword.sub[1]}, _text(keyword.value)))
    return patterns


def _frame(
    path: Path,
    keys: _Keys,
    variables: list[tuple[str, list[str], list[str] | None]],
    values: list[str],
    languages: list[str],
    default: str | None,
) -> pd.DataFrame:
    names = [name for name, _, _ in variables]
    combos = list(product(*(labels for _, labels, _ in variables)))
    frame = pd.DataFrame(combos, columns=names, dtype="string")
    for name, labels, codes in variables:
        if codes is not None and len(codes) == len(labels):
            frame[f"{name} code"] = pd.Series(
                [dict(zip(labels, codes, strict=True))[v] for v in frame[name]], dtype="string"
            )
    explained = _symbols_in_notes(keys)
    symbols = {
        token: _text(kw.value)
        if (kw := keys.get(_SYMBOL_KEYS[token]))
        else explained.get(token.strip('"'), meaning)
        for token, meaning in DEFAULT_SYMBOLS.items()
    }
    numbers = [_number(token.strip('"')) if token not in symbols else None for token in values]
    bad = [i for i, (token, n) in enumerate(zip(values, numbers, strict=True))
           if n is None and token not in symbols]  # fmt: skip
    if bad:
        raise InputError(
            f"DATA value {bad[0]} is {values[bad[0]]!r}; expected a number or one of "
            f"{', '.join(t.strip(chr(34)) for t in DEFAULT_SYMBOLS)}",
            path=path,
        )
    frame.insert(0, "cell", [f"DATA[{i}]" for i in range(len(values))])
    title = keys.get("TITLE")
    frame.insert(0, "table", _text(title.value) if title else "")
    frame.insert(0, "file", path.name)
    frame["value"] = np.array([np.nan if n is None else n for n in numbers], dtype="float64")
    frame["symbol"] = pd.Series(
        [t.strip('"') if n is None else pd.NA for t, n in zip(values, numbers, strict=True)],
        dtype="string",
    )
    notes: list[list[str]] = [
        [f"{symbols[t]} ({t.strip(chr(34))})"] if n is None else []
        for t, n in zip(values, numbers, strict=True)
    ]
    for pattern, note in _cell_notes(keys, variables):
        mask = np.ones(len(frame), dtype=bool)
        for name, label in pattern.items():
            if name in frame.columns:
                mask &= (frame[name] == label).to_numpy()
        for index in np.flatnonzero(mask):
            notes[index].append(note)
    frame["note"] = pd.Series(["; ".join(n) if n else pd.NA for n in notes], dtype="string")
    frame["unit"] = _units(keys, frame, names)
    time_name = next((k.sub[0] for k in keys.keywords if k.key == "TIMEVAL" and k.sub), None)
    time_name = _time_variable(keys, names, time_name)
    frame["period"] = frame[time_name] if time_name else pd.Series(pd.NA, index=frame.index)
    frame["period"] = frame["period"].astype("string")
    years = frame["period"].str.extract(r"^\s*((?:19|20)\d{2})", expand=False)
    frame["year"] = pd.to_numeric(years, errors="coerce").astype("Int64")
    frame["place"] = _place_column(frame, names)
    frame.attrs.update(
        {
            "languages": languages,
            "language": keys.lang or default,
            "variables": names,
            "elimination": _elimination(keys, names),
            "notes": [_text(k.value) for k in keys.all("NOTE") + keys.all("NOTEX")],
            "source": _keyword_text(keys, "SOURCE"),
            "matrix": _keyword_text(keys, "MATRIX"),
            "time_variable": time_name,
        }
    )
    return frame


def _symbols_in_notes(keys: _Keys) -> dict[str, str]:
    """Symbol -> meaning from NOTE texts that start with a symbol: '(..) Dato no disponible'."""
    found: dict[str, str] = {}
    for keyword in keys.all("NOTE") + keys.all("NOTEX"):
        match = re.match(
            r'^\s*\(?("?)(\.{1,6}|-)\1\)?\s+([^#<]+?)(?:[.#<]|$)', _text(keyword.value)
        )
        if match:
            found[match.group(2)] = match.group(3).strip()
    return found


def _time_variable(keys: _Keys, names: list[str], declared: str | None) -> str | None:
    """The time variable: TIMEVAL's variable (matched by position across languages), else one
    whose every value starts with a year."""
    if declared is not None:
        if declared in names:
            return declared
        default_names: list[str] = []
        for key in ("STUB", "HEADING"):
            found = next((k for k in keys.keywords if k.key == key and k.lang is None), None)
            if found is not None:
                default_names += _strings(found.value)
        if declared in default_names and len(default_names) == len(names):
            return names[default_names.index(declared)]
    for name in reversed(names):
        labels = _strings(keys.get("VALUES", name).value)  # type: ignore[union-attr]
        if labels and all(re.match(r"^\s*(?:19|20)\d{2}", label) for label in labels):
            return name
    return None


def _units(keys: _Keys, frame: pd.DataFrame, names: list[str]) -> pd.Series:
    """UNITS, or per content value UNITS("value") when CONTVARIABLE names a variable."""
    content = keys.get("CONTVARIABLE")
    if content is not None and _text(content.value) in names:
        variable = _text(content.value)
        per_value = {
            label: _text(kw.value) if (kw := keys.get("UNITS", label)) else ""
            for label in frame[variable].unique()
        }
        return frame[variable].map(per_value).astype("string")
    units = keys.get("UNITS")
    text = _text(units.value) if units is not None else ""
    return pd.Series(text, index=frame.index, dtype="string")


def _elimination(keys: _Keys, names: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in names:
        keyword = keys.get("ELIMINATION", name)
        if keyword is None:
            continue
        value = keyword.value.strip()
        out[name] = (
            True if value.upper() == "YES" else (False if value.upper() == "NO" else _text(value))
        )
    return out


def _place_column(frame: pd.DataFrame, names: list[str]) -> pd.Series:
    """Canonical place ids from the first variable whose every label is a known Georgian place."""
    for name in names:
        labels = frame[name].unique()
        ids = {label: try_normalize_place(label) for label in labels}
        if all(ids.values()):
            return frame[name].map(ids).astype("string")
    return pd.Series(pd.NA, index=frame.index, dtype="string")
