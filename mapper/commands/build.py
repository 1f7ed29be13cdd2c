"""`journeymap build`: ID.json, ID.dot, ID.svg, ID.html per journey and index.html, into OUT.

Incremental: a journey whose inputs (its file, the catalog entries it uses,
the scoring profile, the lint options, the tool) are unchanged since the last
build, and whose outputs are intact, is not rendered again; when nothing
changed the build stops after hashing its inputs, without importing the
rendering stack.  ``--force`` rebuilds everything.  Files of journeys that
are gone are removed (only files the last build recorded).

A journey that fails to load is reported (``path:line:col: message``), its
last good files stay, and the others still build; the exit code is then 2.  ``--check`` renders
everything in memory and compares it with OUT, writing nothing (exit 1 when
a file is missing or stale).  ``--fail-on LEVEL`` exits 1 when a touchpoint
is at or above LEVEL.  Files are replaced atomically and only when their
content changed.  ``--jobs N`` renders changed journeys N at a time (the
Graphviz runs overlap), and no more than N ``dot`` processes run at once
(default: one per core).  The work is done by :mod:`mapper.site.pipeline`.

One build writes an OUT at a time (a lock on ``OUT/.journeymap.lock``, see
:mod:`mapper.site.lock`): another one fails at once with exit 2, naming
the process that holds it, or waits with ``--wait``.
"""
from __future__ import annotations

import argparse
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Optional, TextIO

from ..core.vocabulary import LEVELS
from .options import (RiskOptions, add_report_options, add_risk_options,
                      add_site_arguments)

if TYPE_CHECKING:
    from ..site.pipeline import Outcome

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2

NAME = "build"
HELP = "render diagrams, reports and JSON into OUT"
DESCRIPTION = ("Build ID.svg, ID.dot, ID.html and ID.json for every journey, and index.html "
               "(default: journeys/ -> site/).")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_site_arguments(parser)
    parser.add_argument("--check", action="store_true",
                        help="build in memory, write nothing; exit 1 if OUT is missing or "
                             "stale")
    parser.add_argument("--fail-on", choices=LEVELS, metavar="LEVEL",
                        help="exit 1 if any touchpoint is at or above LEVEL")
    parser.add_argument("--force", action="store_true",
                        help="rebuild every journey, even those whose inputs did not change")
    parser.add_argument("--wait", action="store_true",
                        help="when another build is writing OUT, wait for it instead of "
                             "failing (exit 2)")
    parser.add_argument("-j", "--jobs", type=int, metavar="N",
                        help="render up to N changed journeys at a time, running at most N "
                             "Graphviz processes at once (default: one per core)")
    add_report_options(parser, quiet="print only problems",
                       verbose="name every file written or removed")
    add_risk_options(parser)


@dataclass(frozen=True, eq=False, repr=False)
class Options(RiskOptions):
    """What `build` was asked to do."""

    paths: tuple[str, ...]
    out: str
    check: bool
    fail_on: Optional[str]
    force: bool
    wait: bool
    jobs: Optional[int]
    quiet: bool
    color: str
    verbose: bool


def run(args: Options, out: TextIO, err: TextIO) -> int:
    from ..site.pipeline import FolderError, SitePipeline, Sources

    pipeline = SitePipeline(Sources.of(args.paths, args.out, args.catalog, args.profile,
                                       args.disable, args.jobs))
    wait = args.wait

    def tell(line: str) -> None:
        print(line, file=err)

    progress = None if args.quiet else err
    try:
        if args.check:
            outcome = pipeline.check(wait, tell, progress)
        else:
            outcome = pipeline.build(args.force, wait, tell, progress)
    except FolderError as exc:
        err.write(f"{exc}\n")
        return EXIT_BAD_INPUT
    failed_gate = _report_gate(args, outcome.gates, out)
    if args.check:
        for name in outcome.missing:
            out.write(f"missing: {os.path.join(outcome.folder, name)}\n")
        for name in outcome.stale:
            out.write(f"stale: {os.path.join(outcome.folder, name)}\n")
        outdated = bool(outcome.missing or outcome.stale)
        if not args.quiet:
            err.write(_check_summary(outcome.journeys, len(outcome.failed), outcome.folder,
                                     outdated))
        failed_gate = failed_gate or outdated
    elif outcome.up_to_date:
        if not args.quiet:
            err.write(f"{outcome.journeys} journey(s) in {outcome.folder} are up to date\n")
    else:
        _build_summary(args, outcome, err)
    if outcome.failed:
        return EXIT_BAD_INPUT
    return EXIT_FAILED if failed_gate else EXIT_OK


def _report_gate(args: Options, records: list[tuple[str, list[list[Any]]]],
                 out: TextIO) -> bool:
    if not args.fail_on:
        return False
    from ..core.findings import Finding
    from ..present.terminal import finding_line, use_colour
    from ..risk.assess import gate_findings

    findings: list[Finding] = []
    for source, gate in records:
        findings.extend(gate_findings(source, gate, args.fail_on))
    colour = use_colour(out, args.color)
    for finding in sorted(findings):
        out.write(finding_line(finding, colour))
    return bool(findings)


def _build_summary(args: Options, outcome: "Outcome", err: TextIO) -> None:
    folder = outcome.folder
    if args.verbose:
        for name in outcome.written:
            err.write(f"wrote {os.path.join(folder, name)}\n")
        for name in outcome.removed:
            err.write(f"removed {os.path.join(folder, name)}\n")
    if not args.quiet:
        err.write(f"built {len(outcome.rendered)} of {outcome.journeys} journey(s) into "
                  f"{folder}: {len(outcome.written)} file(s) written, "
                  f"{len(outcome.unchanged)} unchanged"
                  + (f", {len(outcome.removed)} removed" if outcome.removed else "")
                  + (f"; {len(outcome.failed)} journey(s) failed to load"
                     if outcome.failed else "") + "\n")


def _check_summary(built: int, failed: int, folder: str, outdated: bool) -> str:
    state = "outdated: run journeymap build to update it" if outdated else "up to date"
    extra = f"; {failed} journey(s) failed to load" if failed else ""
    return f"checked {built} journey(s) against {folder}: {state}{extra}\n"
