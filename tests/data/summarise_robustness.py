"""Write docs/robustness.md from tests/artifacts/robustness_summary.csv (made by the corpus tests).

    .venv/bin/pytest tests/robustness/test_bad_inputs.py   # measures every file, writes the csv
    .venv/bin/python tests/data/summarise_robustness.py    # writes the table into docs/

One row per corpus file: what it is, the outcome (the one-line message or the quarantine with its
checks), wall time and the peak memory (RSS) of the process that read it, which includes about
100 MB for Python and the loaded package.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
SUMMARY = REPO_ROOT / "tests" / "artifacts" / "robustness_summary.csv"
EXPECTED = REPO_ROOT / "tests" / "data" / "bad" / "EXPECTED.csv"
OUT = REPO_ROOT / "docs" / "robustness.md"

INTRO = """# Robustness: hostile and broken inputs

Every file in the bad-input corpus (`tests/data/bad/`, made by `tests/data/make_bad_inputs.py`,
expected outcomes in `tests/data/bad/EXPECTED.csv`) is read and, where it has a kind, validated
in its own process capped at 3 GB of address space and 120 s. Each one gets a one-line message
naming the file (exit code 2 on the command line) or a quarantine with its reasons; none may end in
a traceback or lose a non-empty cell. The three heavy files (a 2 GiB zip bomb declaring its size
honestly, the same bomb lying about its size, and a 1,000,000-row register) are generated at test
time and not stored.

Regenerate: `.venv/bin/pytest tests/robustness/test_bad_inputs.py` then
`.venv/bin/python tests/data/summarise_robustness.py`. Peak memory is the RSS of the checking
process, about 100 MB of which is Python with pandas and the package loaded. Times are from one
machine under load and are not asserted anywhere.

The other robustness tests (`tests/robustness/`): hypothesis property tests (conservation, disclosure
by differencing totals and waves, row order, reruns), output safety (formula-safe workbooks, no
personal data, no member-level figures in shared views) and faults (a run killed midway, two runs
at once).
"""


def _escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ").strip()


def build(summary: Path = SUMMARY, expected: Path = EXPECTED) -> str:
    """Return the markdown page."""
    with summary.open(encoding="utf-8", newline="") as handle:
        records = list(csv.DictReader(handle))
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import make_bad_inputs

    descriptions = {
        str(c["file"]): f"{c['description']} (generated at test time)"
        for c in make_bad_inputs.HEAVY_CASES
    }
    if expected.exists():
        with expected.open(encoding="utf-8", newline="") as handle:
            descriptions |= {row["file"]: row["description"] for row in csv.DictReader(handle)}
    lines = [
        INTRO,
        "| file | what it is | kind | outcome | time (s) | peak memory (MB) |",
        "|---|---|---|---|---:|---:|",
    ]
    for record in records:
        outcome = record["outcome"]
        if outcome == "error":
            shown = f"error: {record['detail']}"
        elif outcome == "quarantine":
            shown = f"quarantine: {record['rejected_rows']} of {record['rows']} rows ({record['detail']})"
        elif outcome == "ok":
            shown = f"read: {record['rows']} rows, none rejected"
        else:
            shown = f"**{outcome}**: {record['detail']}"
        description = descriptions.get(record["file"], "generated at test time")
        lines.append(
            f"| `{record['file']}` | {_escape(description)} | {record['kind']} | {_escape(shown)} | "
            f"{float(record['seconds']):.2f} | {float(record['peak_rss_mb']):.0f} |"
        )
    crashes = sum(r["outcome"] == "crash" for r in records)
    lines += [
        "",
        f"{len(records)} files; {crashes} crashed. The heavy files are made by "
        "`make_bad_inputs.write_heavy` into a temporary folder: the zip bombs are 2 MB on disk.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--summary", type=Path, default=SUMMARY)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    if not args.summary.exists():
        raise SystemExit(
            f"{args.summary} not found: run pytest tests/robustness/test_bad_inputs.py first"
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(build(args.summary), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
