"""locale/ka.csv holds every Georgian string of the package, and the extractor finds pairs."""

from __future__ import annotations

import ast
import csv
import io
import re
import subprocess
import sys
import tokenize
from pathlib import Path

from cluster_analysis.locale import CATALOGUE, catalogue_rows, georgian_strings

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "cluster_analysis"
GEORGIAN = re.compile(r"[\u10a0-\u10ff]")


def _catalogue() -> list[dict[str, str]]:
    with CATALOGUE.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_catalogue_is_up_to_date_with_the_source():
    rows = _catalogue()
    in_file = {(r["en"], r["ka"]) for r in rows}
    in_source = {(s.en, s.ka) for s in georgian_strings()}
    assert in_source - in_file == set(), "run python scripts/georgian_strings.py"
    assert in_file - in_source == set(), "stale rows: run python scripts/georgian_strings.py"
    assert {r["status"] for r in rows} <= {"", "check", "ok"}
    assert all(r["note"] for r in rows if r["status"] == "check")


def test_every_plain_georgian_literal_in_the_code_is_in_the_catalogue():
    """Independent of the extractor: tokenize every module and evaluate its plain string tokens."""
    known = "\n".join(r["ka"] for r in _catalogue())
    missing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type != tokenize.STRING or not GEORGIAN.search(token.string):
                continue
            prefix = re.match(r"[A-Za-z]*", token.string).group(0)
            body = token.string[len(prefix) :]
            if body[:3] in ('"""', "'''"):
                continue  # docstrings and long comments are not shown to users
            if "f" in prefix.lower():  # an f-string: its literal parts between the fields
                escaped = ast.literal_eval(body).replace("{{", "\0").replace("}}", "\1")
                parts = [
                    part.replace("\0", "{").replace("\1", "}")
                    for part in re.split(r"\{[^{}]*\}", escaped)
                ]
            else:
                parts = [ast.literal_eval(token.string)]
            for part in parts:
                if GEORGIAN.search(part) and part not in known:
                    missing.append(f"{path.name}:{token.start[0]}: {part[:60]}")
    assert missing == []


def test_extractor_pairs_english_and_georgian(tmp_path):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "mod.py").write_text(
        '"""ტექსტი დოკუმენტაციაში."""\n'
        "from x import text\n"
        'A = text("Gap", "ხარვეზი")\n'
        'B = {"en": f"{n} members", "ka": f"{n} წევრი"}\n'
        'C = "Yes" if lang == "en" else "დიახ"\n'
        'D = "მარტო"\n',
        encoding="utf-8",
    )
    (package / "places.csv").write_text("id,name_en,name_ka\nz,Zestaponi,ზესტაფონი\n", "utf-8")
    found = {(s.en, s.ka): s.where for s in georgian_strings(package)}
    assert found == {
        ("Gap", "ხარვეზი"): "pkg/mod.py:3",
        ("{n} members", "{n} წევრი"): "pkg/mod.py:4",
        ("Yes", "დიახ"): "pkg/mod.py:5",
        ("", "მარტო"): "pkg/mod.py:6",
        ("Zestaponi", "ზესტაფონი"): "pkg/places.csv:2 (name_ka)",
    }


def test_reviewer_status_is_kept_and_flags_mark_check(tmp_path):
    strings = georgian_strings(PACKAGE)[:3]
    first = strings[0]
    previous = {(first.en, first.ka): {"status": "ok", "note": "confirmed"}}
    rows = catalogue_rows(strings, previous, {strings[1].ka[:4]: "review: better term"})
    by_pair = {(r["en"], r["ka"]): r for r in rows}
    assert by_pair[(first.en, first.ka)]["status"] == "ok"
    assert by_pair[(first.en, first.ka)]["note"] == "confirmed"
    assert by_pair[(strings[1].en, strings[1].ka)]["status"] == "check"
    latin = catalogue_rows([type(first)("x", "ხარვეზი H2 foo", "a:1")])
    assert latin[0]["status"] == "check" and "foo" in latin[0]["note"]


def test_script_check_mode_passes_on_the_committed_file():
    root = PACKAGE.parents[1]
    done = subprocess.run(
        [sys.executable, str(root / "scripts" / "georgian_strings.py"), "--check"],
        capture_output=True,
        text=True,
        cwd=root,
    )
    assert done.returncode == 0, done.stdout + done.stderr
