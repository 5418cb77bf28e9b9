"""Write the bundled example data into data/raw/ (or --raw DIR), deterministically.

Every domain's generator uses the same fixed seed, writes a SYNTHETIC.md marker that says which
files are synthetic (and which are real, cited public figures), and seeds a few deliberately bad
rows so the quarantine shows on the first run. Rerunning gives byte-identical files.

    python scripts/make_example_data.py [--raw DIR] [--seed N] [survey indicators pool directory]
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

DOMAINS = ("survey", "indicators", "pool", "directory")
DEFAULT_SEED = 20261123


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("domains", nargs="*", metavar="DOMAIN", help=f"any of {', '.join(DOMAINS)}")
    parser.add_argument("--raw", type=Path, default=HERE.parent / "data" / "raw")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    unknown = sorted(set(args.domains) - set(DOMAINS))
    if unknown:
        parser.error(f"unknown domain(s) {', '.join(unknown)}; choose from {', '.join(DOMAINS)}")
    for domain in args.domains or DOMAINS:
        module = importlib.import_module(f"example_data.{domain}")
        written = module.write(args.raw, seed=args.seed)
        print(f"{domain}: {len(written)} files in {args.raw / domain}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
