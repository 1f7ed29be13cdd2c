"""`journeymap fit JOURNEY EVENTS...`: estimates from event logs, and the model against them."""
from __future__ import annotations

import argparse
from dataclasses import dataclass
from typing import Any, Optional, TextIO

from ..core.errors import UsageError
from .options import RiskOptions, add_risk_options

NAME = "fit"
HELP = "calibrate a journey from event logs"
DESCRIPTION = ("Estimate reach, next shares, drop-off, likelihoods and complaint handling from "
               "event logs (CSV, Parquet, JSON Lines, XES), compare them with the journey and "
               "optionally write them back.")
DIALECTS = ("duckdb", "postgres", "bigquery", "spark")


def add_arguments(fit: argparse.ArgumentParser) -> None:
    fit.add_argument("journey", metavar="JOURNEY")
    fit.add_argument("events", nargs="*", metavar="EVENTS",
                     help="event logs: .csv, .parquet, .jsonl or .xes (one event per row)")
    fit.add_argument("--map", metavar="MAP",
                     help="YAML file mapping columns to roles and activities to touchpoints")
    fit.add_argument("--since", metavar="DATE", help="only events on or after DATE (YYYY-MM-DD)")
    fit.add_argument("--until", metavar="DATE", help="only events on or before DATE (YYYY-MM-DD)")
    fit.add_argument("--scale", choices=("csat", "nps"),
                     help="rating scale: csat (1-5, negative at 2 or below) or nps (0-10, "
                          "negative at 6 or below); default: the map's, else csat")
    fit.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    fit.add_argument("--write", action="store_true",
                     help="write the estimates back into JOURNEY (next shares, evidence, "
                          "calibration), keeping its comments and layout")
    fit.add_argument("--only", action="append", choices=("next", "evidence", "resolution"),
                     help="with --write: write only these figures (repeatable; default: all "
                          "three); surveys and complaint registers give evidence, not flows")
    fit.add_argument("--dry-run", action="store_true",
                     help="with --write: print the change as a unified diff, write nothing")
    fit.add_argument("--print-sql", action="store_true",
                     help="print the aggregation query for a warehouse table 'events' and stop")
    fit.add_argument("--dialect", choices=DIALECTS, default="duckdb",
                     help="SQL dialect of --print-sql (default: duckdb)")
    fit.add_argument("--counts", metavar="FILE",
                     help="use the result of the --print-sql query (CSV or Parquet) "
                          "instead of reading EVENTS")
    add_risk_options(fit)


@dataclass(frozen=True, eq=False, repr=False)
class Options(RiskOptions):
    """What `fit` was asked to do."""

    journey: str
    events: tuple[str, ...]
    map: Optional[str]
    since: Optional[str]
    until: Optional[str]
    scale: Optional[str]
    format: str
    write: bool
    only: Optional[tuple[str, ...]]
    dry_run: bool
    print_sql: bool
    dialect: str
    counts: Optional[str]


def _date(value: Optional[str], option: str) -> Any:
    import datetime as dt

    if value is None:
        return None
    try:
        return dt.datetime.strptime(value, "%Y-%m-%d")
    except ValueError:
        raise UsageError(f"{option} {value}: not a date (write YYYY-MM-DD)") from None


def _period(args: Options) -> Any:
    import datetime as dt

    from ..eventlog.aggregate import Period

    since = _date(args.since, "--since")
    until = _date(args.until, "--until")
    if since and until and until < since:
        raise UsageError(f"--until {args.until} is before --since {args.since}")
    return Period(since, until + dt.timedelta(days=1) if until else None)


def _analysis(journey: Any, args: Options) -> Any:
    """The journey's risk analysis, which the calibration compares with the data."""
    from ..risk.assess import assess
    from ..risk.profile import load_profile

    return assess(journey, load_profile(args.profile), args.disable, removal=False)[0]


def run(args: Options, out: TextIO, err: TextIO) -> int:
    from ..eventlog import require

    if args.dry_run and not args.write:
        raise UsageError("--dry-run goes with --write")
    if args.only and not args.write:
        raise UsageError("--only goes with --write")
    if args.counts and args.events:
        raise UsageError("give EVENTS or --counts FILE, not both")
    if args.counts and (args.since or args.until):
        raise UsageError("--since and --until filter EVENTS; with --counts, give them to "
                         "--print-sql, whose query applies the period")
    if not (args.events or args.counts or args.print_sql):
        raise UsageError("give at least one EVENTS file (or --counts FILE)")
    period = _period(args)
    require("journeymap fit", "duckdb", "pyarrow", *(["ruamel.yaml"] if args.write else []))

    from ..eventlog.events import default_map, load_map, open_source
    from ..loader.catalog import Catalog
    from ..model.workspace import load_journey

    journey = load_journey(args.journey, Catalog(args.catalog))
    event_map = (load_map(args.map, journey, args.scale) if args.map
                 else default_map(journey, args.scale or "csat"))
    sources = [open_source(path, event_map) for path in args.events]
    from ..eventlog.aggregate import aggregation_sql, vocabulary_for

    vocabulary = vocabulary_for(journey, event_map)
    if args.print_sql:
        out.write(aggregation_sql(event_map, vocabulary, sources, period, args.dialect))
        return 0

    from ..eventlog.counts import count_local, read_counts

    counting = None
    if args.counts:
        counts = read_counts(args.counts)
    else:   # DuckDB counts in threads of its own, without the interpreter, while this one
        # scores the journey and imports what comes next
        from concurrent.futures import ThreadPoolExecutor

        pool = ThreadPoolExecutor(1, thread_name_prefix="journeymap-fit")
        counting = pool.submit(count_local, event_map, vocabulary, sources, period)
        pool.shutdown(wait=False)
    try:
        analysis = None if args.write else _analysis(journey, args)
        import scipy.special  # noqa: F401  (the intervals need it: a quarter second to import)

        from ..eventlog.calibration import calibrate
        from ..eventlog.estimate import estimate
        from ..eventlog.report import fit_document, render_json, render_markdown, render_text
    finally:   # the count's errors come first, as they would without the overlap
        if counting is not None:
            counts = counting.result()
    estimates = estimate(journey, counts, event_map)
    if args.write:
        from ..eventlog.writeback import write_back

        return write_back(journey, estimates, counts, args.dry_run, out, Catalog(args.catalog),
                          frozenset(args.only or ("next", "evidence", "resolution")))
    document = fit_document(journey, counts, estimates, calibrate(analysis, estimates))
    render = {"json": render_json, "markdown": render_markdown}.get(args.format, render_text)
    out.write(render(document))
    return 0
