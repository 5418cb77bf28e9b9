"""Regenerate src/cluster_analysis/locale/ka.csv: every Georgian string of the package.

    python scripts/georgian_strings.py            # rewrite ka.csv, keeping reviewers' status/notes
    python scripts/georgian_strings.py --check    # exit 1 when ka.csv is out of date
    python scripts/georgian_strings.py --flags review.md   # mark strings a wording review questioned

``--flags`` reads Markdown tables whose columns include "current", "proposed" and "why" (a wording
review): every string containing a row's current wording is marked ``check`` with the proposal.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from cluster_analysis.locale import (
    CATALOGUE,
    catalogue_rows,
    georgian_strings,
    read_catalogue,
    render_catalogue,
)


def review_flags(markdown: str) -> dict[str, str]:
    """Return {Georgian fragment: note} from the review's Markdown tables."""
    flags: dict[str, str] = {}
    header: list[str] = []
    for line in markdown.splitlines():
        if not line.startswith("|"):
            header = []
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not header:
            header = [c.lower() for c in cells]
            continue
        if set(cells) <= {"---", ""} or "current" not in header or "proposed" not in header:
            continue
        row = dict(zip(header, cells, strict=False))
        fragments = [f.strip(" .;'\"") for f in re.split(r"…|\.\.\.", row.get("current", ""))]
        fragment = max(fragments, key=len, default="")
        if len(fragment) < 4:
            continue
        why = row.get("why", "")
        note = f"review: {row.get('proposed', '')}" + (f" ({why})" if why else "")
        flags[fragment] = note[:400]
    return flags


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail when ka.csv is out of date")
    parser.add_argument("--flags", type=Path, help="Markdown wording review to mark strings from")
    args = parser.parse_args(argv)
    flags = review_flags(args.flags.read_text(encoding="utf-8")) if args.flags else {}
    rows = catalogue_rows(georgian_strings(), read_catalogue(), flags)
    rendered = render_catalogue(rows)
    current = CATALOGUE.read_text(encoding="utf-8") if CATALOGUE.is_file() else ""
    if args.check:
        if rendered != current:
            print(f"{CATALOGUE.name} is out of date: run python scripts/georgian_strings.py")
            return 1
        return 0
    CATALOGUE.write_text(rendered, encoding="utf-8")
    marked = sum(1 for r in rows if r["status"] == "check")
    print(f"{len(rows)} Georgian strings written to {CATALOGUE.name}; {marked} marked 'check'")
    return 0


if __name__ == "__main__":
    sys.exit(main())
