"""journeymap benchmark: synthetic journeys of growing size, phases, floors and targets.

    python bench/run.py [--runs 3] [--quick] [--out bench/results.md]

Every figure is the median of ``--runs`` runs of a whole process (wall time,
and peak resident memory from the kernel's accounting of the child), or of
an in-process phase timed with ``time.perf_counter``.  Floors are measured
on the same machine in the same run, so each target is a ratio that holds
when the machine's speed drifts.  Prints a Markdown report (the README shows
the latest) and PASS/FAIL per target; exits 0 even when a target fails (it
measures, it does not gate).
"""
from __future__ import annotations

import argparse
import gc
import os
import platform

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable, Sequence

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

PY = sys.executable


# -- measuring ----------------------------------------------------------------

def run_process(argv: Sequence[str], cwd: Path | None = None,
                stdin: bytes | None = None) -> tuple[float, float, int]:
    """(wall seconds, peak MiB, exit code) of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(list(argv), cwd=cwd, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL,
                            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL)
    if stdin is not None:
        assert proc.stdin is not None
        proc.stdin.write(stdin)
        proc.stdin.close()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss / 1024.0, proc.returncode


def median_process(argv: Sequence[str], runs: int, cwd: Path | None = None,
                   stdin: bytes | None = None, before: Callable[[], None] | None = None
                   ) -> tuple[float, float]:
    """Median wall seconds and the largest peak MiB over ``runs`` runs (after a warm-up)."""
    if before:
        before()
    run_process(argv, cwd, stdin)
    walls, peaks = [], []
    for _ in range(runs):
        if before:
            before()
        wall, peak, _ = run_process(argv, cwd, stdin)
        walls.append(wall)
        peaks.append(peak)
    return statistics.median(walls), max(peaks)


def median_call(function: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


# -- phases in process --------------------------------------------------------

def phases(path: Path, runs: int) -> dict[str, float]:
    """Median seconds of each pipeline phase for one journey file."""
    from mapper.load.catalog import Catalog
    from mapper.risk.assess import assess
    from mapper.risk.profile import load_profile
    from mapper.workspace import load_journey

    profile = load_profile()
    journey = load_journey(str(path), Catalog())
    analysis, findings = assess(journey, profile)
    result = {
        "load": median_call(lambda: load_journey(str(path), Catalog()), runs),
        "score": median_call(lambda: assess(journey, profile), runs),
    }
    try:
        from mapper.render.views import diagram_views  # type: ignore[attr-defined]
    except ImportError:
        diagram_views = None
    try:
        from mapper.render import dot as dot_module
        make_dot = getattr(dot_module, "journey_dot", None) or getattr(dot_module, "render_dot", None)
    except ImportError:
        make_dot = None
    if make_dot is not None:
        try:
            result["dot_text"] = median_call(lambda: make_dot(analysis), runs)
        except TypeError:
            pass
    del diagram_views, findings
    return result


# -- the report ---------------------------------------------------------------

def fmt(seconds: float) -> str:
    return f"{seconds:.3f}" if seconds < 10 else f"{seconds:.1f}"


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kb / 1048576:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return (f"{cpu}, {os.cpu_count()} cores{memory}; Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="sizes up to 1 000 only")
    parser.add_argument("--out", type=Path, help="also write the report to this file")
    args = parser.parse_args(argv)
    sizes = [10, 100, 1000] if args.quick else [10, 100, 1000, 10000]
    lines: list[str] = [f"Machine: {machine()}. Median of {args.runs} runs.", ""]
    targets: list[tuple[str, str, bool]] = []
    journeymap = [PY, "-m", "mapper"]
    with tempfile.TemporaryDirectory(prefix="journeymap-bench-") as scratch:
        work = Path(scratch)
        files = {}
        for n in sizes + [200, 2000, 5000]:
            path = work / f"synthetic-{n}.yaml"
            path.write_text(generate(n), encoding="utf-8")
            files[n] = path

        # floors
        yaml_import, _ = median_process([PY, "-c", "import yaml"], args.runs)
        trio_import, _ = median_process([PY, "-c", "import yaml, jinja2, networkx"], args.runs)

        lines += ["| touchpoints | load+validate s | scoring s | check s | score s | "
                  "yaml parse floor s | check ÷ floor | build s | no-op rebuild s | "
                  "peak MiB |", "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for n in sizes:
            path = files[n]
            phase = phases(path, args.runs)
            check, check_mem = median_process([*journeymap, "check", "-q", str(path)], args.runs)
            score, score_mem = median_process([*journeymap, "score", str(path)], args.runs)
            floor, _ = median_process([PY, "-c", "import yaml,sys; yaml.load(open(sys.argv[1]), "
                                       "Loader=yaml.CSafeLoader)", str(path)], args.runs)
            out = work / f"site-{n}"
            build, build_mem = median_process(
                [*journeymap, "build", "-q", "--force", "-o", str(out), str(path)], args.runs)
            rebuild, _ = median_process([*journeymap, "build", "-q", "-o", str(out), str(path)],
                                        args.runs)
            lines.append(f"| {n:,} | {fmt(phase['load'])} | {fmt(phase['score'])} | "
                         f"{fmt(check)} | {fmt(score)} | {fmt(floor)} | {check / floor:.2f} | "
                         f"{fmt(build)} | {fmt(rebuild)} | "
                         f"{max(check_mem, score_mem, build_mem):.0f} |")
            if n == 10000:
                targets.append(("check of 10 000 touchpoints ≤ 1.3 × yaml parse floor",
                                f"{check / floor:.2f} ×", check / floor <= 1.3))
                targets.append(("score of 10 000 touchpoints ≤ 1.3 × yaml parse floor",
                                f"{score / floor:.2f} ×", score / floor <= 1.3))
                targets.append(("peak memory of check/score at 10 000 < 500 MB",
                                f"{max(check_mem, score_mem):.0f} MiB",
                                max(check_mem, score_mem) < 500))

        small = REPO / "journeys" / "hairdresser.yaml"
        check_small, _ = median_process([*journeymap, "check", "-q", str(small)], args.runs)
        help_time, _ = median_process([*journeymap, "--help"], args.runs)
        targets.append(("`journeymap --help` ≤ 1.5 × `python -c \"import yaml\"`",
                        f"{help_time / yaml_import:.2f} ×", help_time / yaml_import <= 1.5))
        targets.append(("`check` of a small journey ≤ 1.5 × `python -c \"import yaml\"`",
                        f"{check_small / yaml_import:.2f} ×",
                        check_small / yaml_import <= 1.5))

        # the fix-first ranking costs one factorisation per segment
        from mapper.risk import solve as solve_module
        from mapper.risk.assess import assess
        from mapper.risk.profile import load_profile
        from mapper.workspace import load_journey

        counted = {"n": 0}
        original = solve_module.factorise

        def counting(rows):
            counted["n"] += 1
            return original(rows)

        import mapper.risk.chain as chain_module
        chain_module.factorise = counting  # type: ignore[assignment]
        try:
            journey = load_journey(str(files[1000]))
            assess(journey, load_profile())
        finally:
            chain_module.factorise = original  # type: ignore[assignment]
        # one for the chain, one for the planned (risk-free) traffic, one per
        # complaint channel whose own failures are removed
        channels = sum(1 for tp in journey.touchpoints.values() if tp.is_complaint_channel)
        targets.append(("fix-first costs one factorisation (not one solve per touchpoint)",
                        f"{counted['n']} factorisations for 1 000 touchpoints",
                        counted["n"] <= 2 + channels))

        lines += ["", "Targets:", "", "| target | measured | verdict |", "|---|---|---|"]
        lines += [f"| {name} | {value} | {verdict(ok)} |" for name, value, ok in targets]

    report = "\n".join(lines) + "\n"
    sys.stdout.write(report)
    if args.out:
        args.out.write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
