"""Run one benchmark case in this fresh process and print its measurement as one JSON line.

    python benchmarks/cases/worker.py CASE '{"arg": "value"}'
    python benchmarks/cases/worker.py batch '{"runs": [["CASE", {"arg": "value"}], ...]}'

The process imports only the standard library before the case starts, so a case that measures
import time sees a cold interpreter. A case does its own set-up (imports, schemas) and wraps the
work it measures in :func:`timed`, which reports:

- ``seconds``: wall-clock time of the work (``time.perf_counter``);
- ``cpu_seconds``: CPU time of this process over the work (user + system, all threads) - less
  sensitive than wall time to other programs sharing the machine;
- ``rss_before``: resident memory just before the work (bytes);
- ``peak_rss``: the highest resident memory during the work (bytes). Linux's high-water mark
  (``VmHWM``) is reset just before the work by writing 5 to ``/proc/self/clear_refs``, so set-up
  and imports do not count; where that is not possible the peak since process start is given and
  ``peak_reset`` is false.
"""

from __future__ import annotations

import gc
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # benchmarks/ (generate.py, cases/)


def status_bytes(key: str) -> int:
    try:
        with open("/proc/self/status") as handle:
            for line in handle:
                if line.startswith(key + ":"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def reset_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
        return True
    except OSError:
        return False


def timed(work: Callable[[], Any]) -> tuple[Any, dict[str, Any]]:
    """Run ``work()`` once; return (its result, the measurement)."""
    gc.collect()
    peak_reset = reset_peak()
    rss_before = status_bytes("VmRSS")
    cpu_start = time.process_time()
    start = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start
    return result, {
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "rss_before": rss_before,
        "peak_rss": status_bytes("VmHWM"),
        "peak_reset": peak_reset,
    }


def run_batch(runs: list[list[Any]]) -> int:
    """Run several cases one after another in this process; print one JSON line per run.

    For cheap cases where neither import cost nor peak memory is what is measured: imports and
    interpreter start-up are paid once instead of once per run. Each run's clock, CPU time and
    high-water mark are still reset just before its work (``timed``).
    """
    from cases import registry

    for case, args in runs:
        measurement = registry.CASES[case](**args)
        measurement.update(case=case, args=args, pid=os.getpid(), in_process=True)
        sys.stdout.write("\n" + json.dumps(measurement, default=str) + "\n")
        sys.stdout.flush()
    return 0


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print("usage: worker.py CASE [JSON_ARGS]", file=sys.stderr)
        return 2
    case = argv[1]
    args = json.loads(argv[2]) if len(argv) > 2 else {}
    if case == "batch":
        return run_batch(args["runs"])
    if case == "import":
        # Measured here, before anything else is imported.
        module = args["module"]
        extra = args.get("then", [])
        _, measurement = timed(lambda: [__import__(m) for m in [module, *extra]])
        heavy = ("plotly", "kaleido", "scipy", "statsmodels", "pandera", "pyarrow", "openpyxl")
        measurement["info"] = {
            "heavy_modules_loaded": sorted(h for h in heavy if h in sys.modules),
            "modules_loaded": len(sys.modules),
        }
    else:
        from cases import registry

        function = registry.CASES[case]
        measurement = function(**args)
    measurement["case"] = case
    measurement["args"] = args
    measurement["pid"] = os.getpid()
    sys.stdout.write("\n" + json.dumps(measurement, default=str) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
