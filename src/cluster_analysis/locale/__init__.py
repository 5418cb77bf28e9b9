"""Every Georgian string of the package in one reviewable file: ``locale/ka.csv``.

A Georgian speaker reviews ``ka.csv`` (one row per distinct English/Georgian pair, with every place
it occurs); ``scripts/georgian_strings.py`` regenerates it from the source after a change, keeping
the reviewer's ``status`` and ``note``. ``status`` is ``check`` for a string someone should confirm
(a term the project's wording review questioned, or Latin text inside Georgian), ``ok`` once a
Georgian speaker confirmed it, and empty when nobody has looked yet.

Strings are found by reading the source with :mod:`ast` (nothing is imported or run): every string
literal or f-string with Georgian letters, outside docstrings; an f-string's fields are kept as
``{expression}``. The English twin comes from the construct that pairs them: ``text(en, ka)`` and
other calls whose Georgian argument follows the English one, ``{"en": ..., "ka": ...}`` and
``{..._en: ..., ..._ka: ...}`` dictionaries, ``(en, ka)`` tuples and ``en if ... else ka``.
CSV files shipped in the package contribute their ``*_ka`` columns beside the ``*_en`` ones, TOML
files (the key-message rules) every ``ka`` value beside its ``en``.
"""

from __future__ import annotations

import ast
import csv
import io
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "CATALOGUE",
    "COLUMNS",
    "GeorgianString",
    "catalogue_rows",
    "georgian_strings",
    "has_georgian",
    "read_catalogue",
    "render_catalogue",
]

#: The reviewable file, shipped with the package.
CATALOGUE = Path(__file__).with_name("ka.csv")
COLUMNS = ("en", "ka", "where", "status", "note")
#: The note on a string that appeared since the catalogue was last written.
NEW_NOTE = "new wording, not yet read by a Georgian speaker"

_GEORGIAN = re.compile(r"[\u10a0-\u10ff\u1c90-\u1cbf\u2d00-\u2d2f]")
#: Latin words that may stand in Georgian text: acronyms, formats and names the project keeps.
_LATIN_OK = {
    "MWDS", "IPA", "LED", "EU", "UNDP", "UNIDO", "FAO", "GEL", "NACE", "CAGR", "ISO", "PNG", "PDF",
    "SVG", "HTML", "XLSX", "CSV", "XLSForm", "KoboToolbox", "ODK", "Central", "Geostat", "PxWeb",
    "Excel", "Word", "PowerPoint", "Edit", "Data", "tables", "xlsx", "parquet", "Open", "SDG",
    "Shapley", "Borich", "Wilson", "Kish", "API", "ID", "id", "n", "m", "k", "N", "cluster",
    "analysis", "shift", "share", "seed", "Summary", "Rejects", "How", "to", "fix", "Rules",
    "Suppression", "log", "new_value", "change_type", "uuid", "t", "kg", "km", "the", "OData",
}  # fmt: skip


def has_georgian(value: str) -> bool:
    """Return True when ``value`` holds a Georgian letter (Mkhedruli, Asomtavruli, Mtavruli)."""
    return bool(_GEORGIAN.search(value))


@dataclass(frozen=True)
class GeorgianString:
    """One occurrence of a Georgian string: its English twin (may be empty) and where it is."""

    en: str
    ka: str
    where: str  # "path:line" relative to the package folder's parent


def _literal(node: ast.AST) -> str | None:
    """The text of a string literal, f-string (fields as ``{expr}``) or ``+``-joined literals."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        parts = []
        for value in node.values:
            if isinstance(value, ast.Constant):
                parts.append(str(value.value))
            elif isinstance(value, ast.FormattedValue):
                spec = _literal(value.format_spec) if value.format_spec else ""
                parts.append("{" + ast.unparse(value.value) + (f":{spec}" if spec else "") + "}")
        return "".join(parts)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _literal(node.left), _literal(node.right)
        if left is not None and right is not None:
            return left + right
    return None


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and _literal(body[0].value) is not None:
                found.add(id(body[0].value))
    return found


def _pairs(tree: ast.AST) -> Iterator[tuple[ast.AST, str, str]]:
    """Yield (Georgian node, English text, Georgian text) for every pairing construct."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            args = list(node.args)
            for i in range(1, len(args)):
                en, ka = _literal(args[i - 1]), _literal(args[i])
                if en is not None and ka is not None and has_georgian(ka) and not has_georgian(en):
                    yield args[i], en, ka
        elif isinstance(node, ast.Dict):
            keyed = {
                _literal(k): v for k, v in zip(node.keys, node.values, strict=True) if k is not None
            }
            for key, value in keyed.items():
                if not isinstance(key, str):
                    continue
                stem = key[:-2] if key.endswith("ka") else None
                ka = _literal(value)
                if stem is None or ka is None or not has_georgian(ka):
                    continue
                twin = keyed.get(stem + "en")
                yield value, (_literal(twin) or "") if twin is not None else "", ka
        elif isinstance(node, ast.Tuple) and len(node.elts) == 2:
            en, ka = _literal(node.elts[0]), _literal(node.elts[1])
            if en is not None and ka is not None and has_georgian(ka) and not has_georgian(en):
                yield node.elts[1], en, ka
        elif isinstance(node, ast.IfExp):
            en, ka = _literal(node.body), _literal(node.orelse)
            if en is not None and ka is not None and has_georgian(ka) and not has_georgian(en):
                yield node.orelse, en, ka


def _python_strings(path: Path, shown: str) -> Iterator[GeorgianString]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    skip = _docstrings(tree)
    paired: dict[int, str] = {}
    for ka_node, en, _ka in _pairs(tree):
        paired.setdefault(id(ka_node), en)
    inside_literal: set[int] = set()
    for node in ast.walk(tree):
        # the parts of an f-string or of "a" + "b" are reported once, as the whole
        if isinstance(node, ast.JoinedStr | ast.BinOp) and _literal(node) is not None:
            for child in ast.walk(node):
                if child is not node:
                    inside_literal.add(id(child))
    for node in ast.walk(tree):
        if id(node) in skip or id(node) in inside_literal:
            continue
        value = _literal(node)
        if value is None or not has_georgian(value):
            continue
        line = getattr(node, "lineno", 0)  # every string node has one; the module does not
        yield GeorgianString(paired.get(id(node), ""), value, f"{shown}:{line}")


def _csv_strings(path: Path, shown: str) -> Iterator[GeorgianString]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        for line, row in enumerate(reader, start=2):
            for column, value in row.items():
                if not column or not value or not has_georgian(value):
                    continue
                stem = column[: -len("ka")] if column.endswith("ka") else None
                en = row.get(stem + "en", "") if stem is not None else ""
                yield GeorgianString(en or "", value, f"{shown}:{line} ({column})")


def _toml_strings(path: Path, shown: str) -> Iterator[GeorgianString]:
    import tomllib

    yield from _walk_strings(tomllib.loads(path.read_text(encoding="utf-8")), shown)


def _yaml_strings(path: Path, shown: str) -> Iterator[GeorgianString]:
    """The ``ka`` strings of a metadata.yaml (declared titles, units, column descriptions)."""
    import yaml

    yield from _walk_strings(yaml.safe_load(path.read_text(encoding="utf-8")), shown)


def _walk_strings(document: object, shown: str) -> Iterator[GeorgianString]:
    """Every ``{en: ..., ka: ...}`` mapping of a parsed TOML or YAML document, where it sits."""

    def walk(node: object, where: str) -> Iterator[GeorgianString]:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "ka" and isinstance(value, str) and has_georgian(value):
                    yield GeorgianString(str(node.get("en", "")), value, f"{shown} ({where})")
                else:
                    yield from walk(value, f"{where}.{key}" if where else str(key))
        elif isinstance(node, list):
            for item in node:
                label = item.get("id", "") if isinstance(item, dict) else ""
                yield from walk(item, f"{where}[{label}]" if label else where)

    yield from walk(document, "")


def georgian_strings(package: Path | None = None) -> list[GeorgianString]:
    """Return every Georgian string occurrence in the package's .py, .csv, .toml and .yaml files.

    ``ka.csv`` itself is left out. Paths are shown relative to the package's parent folder.
    """
    root = Path(package) if package is not None else Path(__file__).resolve().parents[1]
    found: list[GeorgianString] = []
    for path in sorted(root.rglob("*")):
        if (path.name, path.parent.name) == (
            CATALOGUE.name,
            "locale",
        ) or "__pycache__" in path.parts:
            continue
        shown = path.relative_to(root.parent).as_posix()
        if path.suffix == ".py":
            found.extend(_python_strings(path, shown))
        elif path.suffix == ".csv":
            found.extend(_csv_strings(path, shown))
        elif path.suffix == ".toml":
            found.extend(_toml_strings(path, shown))
        elif path.suffix == ".yaml":
            found.extend(_yaml_strings(path, shown))
    return found


def _latin_words(value: str) -> list[str]:
    without_fields = re.sub(r"\{[^}]*\}|<[^>]*>", " ", value)
    words = re.findall(r"[A-Za-z][A-Za-z_]*", without_fields)
    return [w for w in words if w not in _LATIN_OK and not re.fullmatch(r"[A-Z]?\d*[HQ]\d?", w)]


def catalogue_rows(
    strings: Iterable[GeorgianString],
    previous: Mapping[tuple[str, str], Mapping[str, str]] | None = None,
    flags: Mapping[str, str] | None = None,
) -> list[dict[str, str]]:
    """Return one row per distinct (en, ka) pair sorted by file and English, with status and note.

    ``where`` lists the files (and csv columns) holding the pair, without line numbers.

    ``previous`` (``read_catalogue()``) keeps a reviewer's status and note, and a string not in
    it (new since the catalogue was written) is marked ``check``; ``flags`` maps a
    Georgian fragment to a note: a string containing it is marked ``check`` (unless a reviewer set
    ``ok``). A string with Latin words other than the project's acronyms is marked ``check`` too.
    """
    grouped: dict[tuple[str, str], list[str]] = {}
    for item in strings:
        # the file (and csv column), not the line: the catalogue must not change when code moves
        place = re.sub(r":\d+", "", item.where)
        places = grouped.setdefault((item.en, item.ka), [])
        if place not in places:
            places.append(place)
    rows = []
    for (en, ka), where in grouped.items():
        kept = dict((previous or {}).get((en, ka), {}))
        if previous and (en, ka) not in previous:
            kept = {"status": "check", "note": NEW_NOTE}
        status = kept.get("status", "")
        notes = kept["note"].split(" | ") if kept.get("note") else []
        if status != "ok":
            for fragment, why in (flags or {}).items():
                if fragment and fragment in ka and why not in notes:
                    status = "check"
                    notes.append(why)
            latin = _latin_words(ka)
            latin_note = "Latin text in Georgian: " + ", ".join(dict.fromkeys(latin))
            if latin and latin_note not in notes:
                status = "check"
                notes.append(latin_note)
        rows.append(
            {
                "en": en,
                "ka": ka,
                "where": "; ".join(where),
                "status": status,
                "note": " | ".join(notes),
            }
        )
    # sorted by file, then English: moving code inside a file leaves the catalogue unchanged
    return sorted(rows, key=lambda r: (r["where"].split("; ")[0], r["en"].lower(), r["ka"]))


def render_catalogue(rows: Iterable[Mapping[str, str]]) -> str:
    """Return the catalogue as CSV text (UTF-8 without BOM, LF line ends, every field quoted)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: row.get(c, "") for c in COLUMNS})
    return out.getvalue()


def read_catalogue(path: Path | None = None) -> dict[tuple[str, str], dict[str, str]]:
    """Return ``{(en, ka): row}`` from ``ka.csv`` (empty when the file does not exist)."""
    target = Path(path) if path is not None else CATALOGUE
    if not target.is_file():
        return {}
    with target.open(encoding="utf-8", newline="") as handle:
        return {(row["en"], row["ka"]): row for row in csv.DictReader(handle)}
