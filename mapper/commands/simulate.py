"""`journeymap simulate JOURNEY -n CASES --seed S -o FILE`: an event log drawn from the journey."""
from __future__ import annotations

import argparse
from dataclasses import dataclass
from typing import TextIO

from .options import RiskOptions, add_risk_options

NAME = "simulate"
HELP = "draw an event log from a journey"
DESCRIPTION = ("Draw an event log (CSV, Parquet, JSON Lines or XES, from the extension of "
               "FILE) from the journey's own chain: visits, negative experiences, ratings, "
               "complaints, resolutions and outcomes.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("journey", metavar="JOURNEY")
    parser.add_argument("-n", "--cases", type=int, required=True, metavar="CASES",
                        help="number of cases (customers) to draw")
    parser.add_argument("--seed", type=int, required=True, metavar="S",
                        help="random seed: the same seed gives the same file")
    parser.add_argument("-o", "--output", required=True, metavar="FILE",
                        help="event log to write: .csv, .parquet, .jsonl or .xes")
    parser.add_argument("-q", "--quiet", action="store_true", help="no summary line")
    add_risk_options(parser)


@dataclass(frozen=True, eq=False, repr=False)
class Options(RiskOptions):
    """What `simulate` was asked to do."""

    journey: str
    cases: int
    seed: int
    output: str
    quiet: bool


def run(args: Options, out: TextIO, err: TextIO) -> int:
    from ..eventlog import require
    from ..eventlog.logfiles import log_format
    from ..core.errors import UsageError

    log_format(args.output, "-o")
    require("journeymap simulate", "numpy", "pyarrow", "duckdb")
    if args.cases < 1:
        raise UsageError("-n: give at least 1 case")
    if args.seed < 0:
        raise UsageError("--seed: give a number of at least 0")

    from ..eventlog.logfiles import write_log
    from ..eventlog.simulate import SimulationError, simulate
    from ..core.errors import JourneyError, Problem
    from ..loader.catalog import Catalog
    from ..risk.profile import load_profile
    from ..model.workspace import load_journey

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
