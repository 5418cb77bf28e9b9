"""Mutation check: plant one realistic bug at a time and see whether the tests catch it.

Each mutation replaces one exact snippet of a source file (statistics, disclosure control, the
bargaining pool, indicator progress, survey scoring) in a temporary copy of ``src/``; the test
files that cover that code then run against the copy (``PYTHONPATH`` puts it first). A mutation is
*caught* when those tests fail, *missed* when they pass. A snippet that is no longer in the source
(the code changed) is reported *stale*: update the mutation, it no longer tests anything.

Before any mutation the same test files run on the unchanged copy: they must pass, or the check
stops (a failing baseline would count every mutation as caught).

Usage: ``python scripts/mutate.py [--only NAME ...] [--report reports/mutation.md]``
(``make mutate``). Exit code 0 when every mutation is caught, 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = Path("src") / "cluster_analysis"


@dataclass(frozen=True)
class Mutation:
    """One planted bug: replace ``old`` by ``new`` in ``path`` (``count`` occurrences)."""

    name: str
    path: str  # relative to src/cluster_analysis
    old: str
    new: str
    tests: tuple[str, ...]
    what: str
    count: int = 1


STATS_TESTS = ("tests/unit/test_stats.py", "tests/unit/test_published_edges.py")
SCORING_TESTS = ("tests/unit/test_survey_scoring.py", "tests/unit/test_published_edges.py")
DISCLOSURE_TESTS = (
    "tests/unit/test_disclosure.py",
    "tests/unit/test_pool_views.py",
    "tests/unit/test_published_edges.py",
)
POOL_TESTS = (
    "tests/unit/test_pool_tiers.py",
    "tests/unit/test_pool_games.py",
    "tests/unit/test_pool_allocation.py",
    "tests/unit/test_pool_views.py",
)
PROGRESS_TESTS = ("tests/unit/test_indicator_progress.py", "tests/unit/test_published_edges.py")

MUTATIONS: tuple[Mutation, ...] = (
    # ---------------------------------------------------------------------------- stats.py
    Mutation(
        "wilson_centre_z2_over_n",
        "stats.py",
        "centre = (p + z**2 / (2.0 * size)) / denom",
        "centre = (p + z**2 / size) / denom",
        STATS_TESTS,
        "Wilson centre with z^2/n instead of z^2/(2n)",
    ),
    Mutation(
        "clopper_pearson_alpha",
        "stats.py",
        "beta.ppf(alpha / 2, successes, n - successes + 1)",
        "beta.ppf(alpha, successes, n - successes + 1)",
        STATS_TESTS,
        "Clopper-Pearson lower bound at alpha instead of alpha/2",
    ),
    Mutation(
        "fpc_without_correction",
        "stats.py",
        "variance = (1.0 - n / population) * p * (1.0 - p) / (n - 1)",
        "variance = p * (1.0 - p) / (n - 1)",
        STATS_TESTS,
        "finite population correction (1 - n/N) dropped",
    ),
    Mutation(
        "fpc_census_interval",
        "stats.py",
        "if n == population:",
        "if n == population + 1:",
        STATS_TESTS,
        "a census (n = N) reported with an interval",
    ),
    Mutation(
        "kish_inverted",
        "stats.py",
        "return float(w.sum() ** 2 / square_sum)",
        "return float(w.sum() / square_sum)",
        STATS_TESTS,
        "Kish effective n as sum w / sum w^2",
    ),
    Mutation(
        "bootstrap_statistic_alpha",
        "stats.py",
        "low, high = np.nanquantile(replicates, [alpha / 2, 1 - alpha / 2])",
        "low, high = np.nanquantile(replicates, [alpha, 1 - alpha])",
        STATS_TESTS,
        "bootstrap percentile interval at alpha instead of alpha/2",
    ),
    Mutation(
        "mcnemar_no_continuity",
        "stats.py",
        "exact=exact, correction=True",
        "exact=exact, correction=False",
        STATS_TESTS,
        "McNemar chi-square without continuity correction",
    ),
    # ---------------------------------------------------------------------- survey/scoring.py
    Mutation(
        "bootstrap_mwds_alpha",
        "survey/scoring.py",
        "np.nanquantile(reps, [alpha / 2, 1 - alpha / 2], axis=0)",
        "np.nanquantile(reps, [alpha, 1 - alpha], axis=0)",
        SCORING_TESTS,
        "bootstrap MWDS percentiles at alpha instead of alpha/2 (intervals shrink)",
    ),
    Mutation(
        "critical_gap_capability_strict",
        "survey/scoring.py",
        "critical = (importance >= critical_threshold) & (capability <= 2)",
        "critical = (importance >= critical_threshold) & (capability < 2)",
        SCORING_TESTS,
        "critical gap with capability < 2 instead of <= 2",
    ),
    Mutation(
        "mwds_gap_times_capability",
        "survey/scoring.py",
        'result["mwds"] = gap_mean * importance_mean',
        'result["mwds"] = gap_mean * capability_mean',
        SCORING_TESTS,
        "MWDS weighted by mean capability instead of mean importance",
    ),
    # ---------------------------------------------------------------------------- disclosure.py
    Mutation(
        "dominance_at_or_above",
        "disclosure.py",
        "not pd.isna(share) and share > rules.dominance[1]",
        "not pd.isna(share) and share >= rules.dominance[1]",
        DISCLOSURE_TESTS,
        "dominance rule hides a cell at exactly 25 % (>= instead of >)",
    ),
    Mutation(
        "threshold_at_or_below",
        "disclosure.py",
        "if n < rules.min_count and (n > 0 or rules.suppress_zero):",
        "if n <= rules.min_count and (n > 0 or rules.suppress_zero):",
        DISCLOSURE_TESTS,
        "threshold rule hides a cell with exactly the minimum count",
    ),
    Mutation(
        "threshold_never",
        "disclosure.py",
        "if n < rules.min_count and (n > 0 or rules.suppress_zero):",
        "if n < 0 and (n > 0 or rules.suppress_zero):",
        DISCLOSURE_TESTS,
        "threshold rule never applies (small cells published)",
    ),
    Mutation(
        "dominance_top_one_only",
        "disclosure.py",
        "shares[pos] = float(np.sort(vals)[::-1][:top_n].sum()) / total",
        "shares[pos] = float(np.sort(vals)[::-1][:1].sum()) / total",
        DISCLOSURE_TESTS,
        "(n, k) dominance looks at the largest contributor only",
    ),
    Mutation(
        "secondary_skipped",
        "disclosure.py",
        "if int(state.mask[members].sum()) != 1:",
        "if int(state.mask[members].sum()) != 99:",
        DISCLOSURE_TESTS,
        "secondary suppression never protects a lone hidden cell",
    ),
    # ------------------------------------------------------------------------------ pool/
    Mutation(
        "tier_break_lower_tier",
        "pool/tiers.py",
        'tiers = np.searchsorted(self.breaks, values * (1 + _RELATIVE_SLACK), side="right")',
        # (side="left" alone is an equivalent mutant: the slack lifts Q == break above it)
        'tiers = np.searchsorted(self.breaks, values * (1 - _RELATIVE_SLACK), side="right")',
        POOL_TESTS,
        "a quantity exactly at a break pays the lower tier's price",
        count=2,
    ),
    Mutation(
        "shapley_weight",
        "pool/games.py",
        "weights = np.array([1.0 / (n * math.comb(n - 1, s)) for s in range(n)])",
        "weights = np.array([1.0 / (n * math.comb(n, s)) for s in range(n)])",
        POOL_TESTS,
        "Shapley coalition weights with C(n, s) instead of C(n-1, s)",
        count=2,
    ),
    Mutation(
        "proportional_by_standalone",
        "pool/allocation.py",
        "shares = standalone - savings_total * weights",
        "shares = standalone - savings_total / len(q)",
        POOL_TESTS,
        "proportional split shares the savings equally",
    ),
    Mutation(
        "serial_divisor",
        "pool/allocation.py",
        "previous_share = previous_share + (level_cost - previous_cost) / (n - k)",
        "previous_share = previous_share + (level_cost - previous_cost) / n",
        POOL_TESTS,
        "serial cost sharing divides each increment among all members",
    ),
    Mutation(
        "commitment_part_counts_zero",
        "pool/views.py",
        "buying = member_parts[member_parts[column] > 0]",
        "buying = member_parts[member_parts[column] >= 0]",
        POOL_TESTS,
        "a member with no quantity at a commitment level counts as its contributor",
    ),
    # ---------------------------------------------------------------- indicators/progress.py
    Mutation(
        "open_sdg_reached_sign",
        "indicators/progress.py",
        "reached = (latest_value - target_value) * sign >= 0",
        "reached = (latest_value - target_value) >= 0",
        PROGRESS_TESTS,
        "Open SDG 'target achieved' ignores the desired direction",
    ),
    Mutation(
        "open_sdg_cut_strict",
        "indicators/progress.py",
        "        if p >= cut:\n            return p, category",
        "        if p > cut:\n            return p, category",
        PROGRESS_TESTS,
        "Open SDG category cut-offs strict (p = 0 becomes deterioration)",
    ),
    Mutation(
        "on_track_strict",
        "indicators/progress.py",
        'if achievement >= ACHIEVEMENT_THRESHOLDS["on track"] * expected:',
        'if achievement > ACHIEVEMENT_THRESHOLDS["on track"] * expected:',
        PROGRESS_TESTS,
        "on track needs A > 0.9 E instead of A >= 0.9 E",
    ),
    Mutation(
        "expected_not_capped",
        "indicators/progress.py",
        "return min(1.0, max(0.0, share))",
        "return max(0.0, share)",
        PROGRESS_TESTS,
        "expected-by-now not capped at 1 after the target year",
    ),
    Mutation(
        "cagr_exponent",
        "indicators/progress.py",
        "return (float(v1) / float(v0)) ** (1.0 / (float(t1) - float(t0))) - 1.0",
        "return (float(v1) / float(v0)) ** (1.0 / (float(t1) - float(t0) + 1.0)) - 1.0",
        PROGRESS_TESTS,
        "CAGR over t1 - t0 + 1 years",
    ),
)


def _copy_tree(target: Path) -> Path:
    """Copy src/ into ``target``; return the copied package folder."""
    shutil.copytree(ROOT / "src", target / "src", ignore=shutil.ignore_patterns("__pycache__"))
    return target / PACKAGE


def _run_tests(src: Path, tests: tuple[str, ...]) -> tuple[bool, str]:
    """Run ``tests`` with ``src`` first on the import path; return (passed, last output lines)."""
    env = {**os.environ, "PYTHONPATH": str(src), "PYTHONDONTWRITEBYTECODE": "1"}
    probe = subprocess.run(
        [sys.executable, "-c", "import cluster_analysis; print(cluster_analysis.__file__)"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=True,
    )
    if not probe.stdout.strip().startswith(str(src)):
        raise SystemExit(f"the tests would not import the mutated copy: {probe.stdout.strip()}")
    completed = subprocess.run(
        [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
    )
    tail = "\n".join(completed.stdout.strip().splitlines()[-3:])
    if completed.returncode not in (0, 1):  # 2+: interrupted, usage error, no tests collected
        raise SystemExit(f"pytest could not run {tests} (exit {completed.returncode}):\n{tail}")
    return completed.returncode == 0, tail


def _first_failure(output: str) -> str:
    for line in output.splitlines():
        if line.startswith("FAILED") or line.startswith("ERROR"):
            return line.split(" - ")[0].removeprefix("FAILED ").removeprefix("ERROR ")
    return ""


def run(mutations: tuple[Mutation, ...]) -> list[dict[str, str]]:
    results = []
    with tempfile.TemporaryDirectory(prefix="mutate-") as folder:
        baseline = _copy_tree(Path(folder) / "baseline").parent
        for tests in sorted({m.tests for m in mutations}):
            passed, tail = _run_tests(baseline, tests)
            if not passed:
                raise SystemExit(f"baseline fails, fix the tests first: {tests}\n{tail}")
        for mutation in mutations:
            started = time.monotonic()
            package = _copy_tree(Path(folder) / mutation.name)
            path = package / mutation.path
            source = path.read_text(encoding="utf-8")
            found = source.count(mutation.old)
            if found != mutation.count:
                outcome, detail = "stale", f"snippet found {found} times, expected {mutation.count}"
            else:
                path.write_text(source.replace(mutation.old, mutation.new), encoding="utf-8")
                passed, tail = _run_tests(package.parent, mutation.tests)
                outcome = "missed" if passed else "caught"
                detail = tail.splitlines()[-1] if passed else _first_failure(tail) or tail
            shutil.rmtree(package.parent.parent)
            seconds = time.monotonic() - started
            print(f"{outcome:7} {mutation.name:34} {seconds:5.1f} s  {detail}", flush=True)
            results.append(
                {
                    "name": mutation.name,
                    "file": mutation.path,
                    "what": mutation.what,
                    "outcome": outcome,
                    "detail": detail,
                }
            )
    return results


def write_report(results: list[dict[str, str]], path: Path) -> None:
    caught = sum(r["outcome"] == "caught" for r in results)
    lines = [
        "# Mutation check",
        "",
        f"`make mutate` (scripts/mutate.py), {datetime.now(UTC):%d %b %Y %H:%M} UTC: "
        f"**{caught} of {len(results)} planted bugs caught ({caught / len(results):.0%})**.",
        "",
        "Each bug is planted alone in a temporary copy of `src/`; the test files covering that code",
        "run against the copy. caught = some test failed; missed = every test passed; stale = the",
        "snippet is no longer in the source (update the mutation).",
        "",
        "| mutation | file | planted bug | outcome | first failing test |",
        "|---|---|---|---|---|",
    ]
    for r in results:
        detail = r["detail"].replace("|", "\\|")
        lines.append(f"| {r['name']} | {r['file']} | {r['what']} | {r['outcome']} | {detail} |")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="run only these mutations (by name)")
    parser.add_argument("--report", default=str(ROOT / "reports" / "mutation.md"))
    args = parser.parse_args()
    chosen = tuple(m for m in MUTATIONS if not args.only or m.name in args.only)
    if not chosen:
        parser.error(f"no mutation named {args.only}; known: {[m.name for m in MUTATIONS]}")
    results = run(chosen)
    write_report(results, Path(args.report))
    caught = sum(r["outcome"] == "caught" for r in results)
    print(f"{caught} of {len(results)} caught; report: {args.report}")
    return 0 if caught == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
