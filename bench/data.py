"""journeymap benchmark of ``fit`` on a large event log, against DuckDB itself.

    python bench/data.py [--events 10000000] [--runs 3]

``journeymap simulate`` writes a Parquet log of about ``--events`` events
from journeys/online-shop.yaml (seed 1).  The floor is DuckDB alone running
the directly-follows ``GROUP BY`` (one ``lead`` over each case's events
ordered by time) over the same file, in a fresh process like ``fit``.
Floor and ``fit`` run in turn (A B A B ...) after a warm-up, so drift on a
shared machine hits both alike; the target is the median of the ratios.
Prints a Markdown table; it measures, it does not gate (exit 0).
"""
from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from run import JOURNEYMAP, PY, run_process  # noqa: E402

JOURNEY = REPO / "journeys" / "online-shop.yaml"
#: events per case in the online shop's simulated log (measured: 9 995 611 / 3 000 000)
EVENTS_PER_CASE = 3.33
FLOOR = """import duckdb, sys
duckdb.sql('''SELECT activity, nxt, count(*) FROM (SELECT activity, lead(activity) OVER
  (PARTITION BY "case" ORDER BY time) AS nxt FROM read_parquet('{path}')) GROUP BY ALL''').fetchall()
"""
TIME_LIMIT, MEMORY_LIMIT_MIB = 1.5, 2048


def measured(argv: list[str], cwd: Path | None = None) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak MiB) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall, peak, code = run_process(argv, cwd)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if code:
        raise SystemExit(f"failed ({code}): {' '.join(argv)}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, peak


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    cases = max(1, round(args.events / EVENTS_PER_CASE))
    with tempfile.TemporaryDirectory() as folder:
        log = Path(folder) / "events.parquet"
        start = time.perf_counter()
        wall, peak_sim, code = run_process([*JOURNEYMAP, "simulate", str(JOURNEY), "-n",
                                            str(cases), "--seed", "1", "-o", str(log)],
                                           cwd=REPO)
        if code:
            raise SystemExit("simulate failed")
        import pyarrow.parquet as pq

        events = pq.ParquetFile(log).metadata.num_rows
        floor = [PY, "-c", FLOOR.format(path=str(log).replace("'", "''"))]
        fit = [*JOURNEYMAP, "fit", str(JOURNEY), str(log), "--format", "json"]
        measured(floor)
        measured(fit, REPO)
        pairs = []
        for _ in range(args.runs):
            pairs.append((measured(floor), measured(fit, REPO)))
        ratio = statistics.median(b[0] / a[0] for a, b in pairs)
        cpu_ratio = statistics.median(b[1] / a[1] for a, b in pairs)
        peak = max(b[2] for _, b in pairs)
        print(f"Event log: {events:,} events of {cases:,} cases (Parquet); simulate took "
              f"{wall:.1f} s, peak {peak_sim:.0f} MiB. {args.runs} paired runs (floor, fit), "
              f"wall s: " + ", ".join(f"{a[0]:.1f}/{b[0]:.1f}" for a, b in pairs) +
              f"; benchmark took {time.perf_counter() - start:.0f} s.\n")
        print("| figure | measured | target | verdict |\n|---|---|---|---|")
        print(f"| `fit` ÷ DuckDB directly-follows GROUP BY (floor), wall | {ratio:.2f} × "
              f"({statistics.median(b[0] for _, b in pairs):.1f} s / "
              f"{statistics.median(a[0] for a, _ in pairs):.1f} s) | ≤ {TIME_LIMIT} × | "
              f"{'PASS' if ratio <= TIME_LIMIT else 'FAIL'} |")
        print(f"| the same in CPU time (both cores) | {cpu_ratio:.2f} × | ≤ {TIME_LIMIT} × | "
              f"{'PASS' if cpu_ratio <= TIME_LIMIT else 'FAIL'} |")
        print(f"| `fit` peak memory | {peak:.0f} MiB (floor {max(a[2] for a, _ in pairs):.0f} "
              f"MiB) | < {MEMORY_LIMIT_MIB} MiB | {'PASS' if peak < MEMORY_LIMIT_MIB else 'FAIL'} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
