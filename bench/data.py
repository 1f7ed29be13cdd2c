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
        run_process(floor)
        run_process(fit, cwd=REPO)
        ratios, floors, fits, peaks, floor_peaks = [], [], [], [], []
        for _ in range(args.runs):
            floor_wall, floor_peak, code_a = run_process(floor)
            fit_wall, fit_peak, code_b = run_process(fit, cwd=REPO)
            if code_a or code_b:
                raise SystemExit("floor or fit failed")
            ratios.append(fit_wall / floor_wall)
            floors.append(floor_wall)
            fits.append(fit_wall)
            peaks.append(fit_peak)
            floor_peaks.append(floor_peak)
        ratio = statistics.median(ratios)
        peak = max(peaks)
        print(f"Event log: {events:,} events of {cases:,} cases (Parquet); simulate took "
              f"{wall:.1f} s, peak {peak_sim:.0f} MiB. Paired runs: {args.runs}; "
              f"benchmark took {time.perf_counter() - start:.0f} s.\n")
        print("| figure | measured | target | verdict |\n|---|---|---|---|")
        print(f"| `fit` ÷ DuckDB directly-follows GROUP BY (floor) | {ratio:.2f} × "
              f"({statistics.median(fits):.1f} s / {statistics.median(floors):.1f} s) | "
              f"≤ {TIME_LIMIT} × | {'PASS' if ratio <= TIME_LIMIT else 'FAIL'} |")
        print(f"| `fit` peak memory | {peak:.0f} MiB (floor {max(floor_peaks):.0f} MiB) | "
              f"< {MEMORY_LIMIT_MIB} MiB | {'PASS' if peak < MEMORY_LIMIT_MIB else 'FAIL'} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
