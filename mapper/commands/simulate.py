"""`journeymap simulate JOURNEY -n CASES --seed S -o FILE`: an event log drawn from the journey."""
from __future__ import annotations

import argparse
from typing import TextIO


def run_simulate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from ..data import require
    from ..data.logfiles import log_format
    from ..errors import UsageError

    log_format(args.output, "-o")
    require("journeymap simulate", "numpy", "pyarrow", "duckdb")
    if args.cases < 1:
        raise UsageError("-n: give at least 1 case")
    if args.seed < 0:
        raise UsageError("--seed: give a number of at least 0")

    from ..data.logfiles import write_log
    from ..data.simulate import SimulationError, simulate
    from ..errors import JourneyError, Problem
    from ..load.catalog import Catalog
    from ..risk.profile import load_profile
    from ..workspace import load_journey

    profile = load_profile(args.profile)
    journey = load_journey(args.journey, Catalog(args.catalog))
    try:
        table = simulate(journey, profile, args.cases, args.seed)
    except SimulationError as exc:
        raise JourneyError([Problem(journey.path, journey.line, 1, str(exc))]) from None
    write_log(table, args.output)
    if not args.quiet:
        print(f"{args.output}: {table.num_rows} events of {args.cases} cases "
              f"(seed {args.seed})", file=err)
    return 0
