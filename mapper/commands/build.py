"""`journeymap build`: ID.json, ID.dot, ID.svg, ID.html per journey and index.html, into OUT.

A journey that fails to load is reported (``path:line:col: message``) and
the others still build; the exit code is then 2.  ``--check`` renders
everything in memory and compares it with OUT, writing nothing (exit 1 when
a file is missing or stale).  ``--fail-on LEVEL`` exits 1 when a touchpoint
is at or above LEVEL.  Files are replaced atomically and only when their
content changed (``--force`` rewrites them all).
"""
from __future__ import annotations

import argparse
import os
from typing import TextIO

from ..errors import JourneyError, UsageError
from ..findings import Finding
from ..load.catalog import Catalog
from ..workspace import discover, load_all

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2


def run_build(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from ..render.graphviz import dot_command
    from ..report import files as output
    from ..report.site import JourneyOutput, render_journey, render_site
    from ..risk.assess import gate
    from ..risk.profile import load_profile

    dot_command()  # a missing Graphviz fails fast, before any work (ToolMissing: exit 2)
    profile = load_profile(args.profile)
    paths = discover(args.paths)
    if not paths:
        raise UsageError("no journey files found in " + (", ".join(args.paths) or "journeys/"))
    folder = args.out
    journeys: list[JourneyOutput] = []
    failed: list[tuple[str, JourneyError]] = []
    for loaded in load_all(paths, Catalog(args.catalog)):
        if loaded.error is not None:
            failed.append((loaded.path, loaded.error))
            for problem in loaded.error.problems:
                print(problem, file=err)
            continue
        assert loaded.journey is not None
        journeys.append(render_journey(loaded.journey, profile, args.disable))
    site = render_site(journeys, failed)

    gate_findings: list[Finding] = []
    if args.fail_on:
        for item in journeys:
            gate_findings.extend(gate(item.analysis, args.fail_on))
        for finding in sorted(gate_findings):
            out.write(f"{finding.file}:{finding.line}:{finding.column}: {finding.rule}: "
                      f"{finding.message}\n")

    try:
        # per-stage views a journey no longer has (it shrank below the large-journey size)
        leftovers = [name for item in journeys
                     for name in output.stage_files(folder, item.journey.id)
                     if name not in site.files]
        if args.check:
            missing, stale = output.stale_files(folder, site.files)
            for name in missing:
                out.write(f"missing: {os.path.join(folder, name)}\n")
            for name in stale + leftovers:
                out.write(f"stale: {os.path.join(folder, name)}\n")
            outdated = bool(missing or stale or leftovers)
            if not args.quiet:
                err.write(_check_summary(len(journeys), len(failed), folder, outdated))
        else:
            written, unchanged = output.write_files(folder, site.files, force=args.force)
            removed = output.remove_files(folder, leftovers)
            outdated = False
            if not args.quiet:
                err.write(f"built {len(journeys)} journey(s) into {folder}: "
                          f"{len(written)} file(s) written, {len(unchanged)} unchanged"
                          + (f", {len(removed)} removed" if removed else "")
                          + (f"; {len(failed)} journey(s) failed to load" if failed else "")
                          + "\n")
    except OSError as exc:
        err.write(_os_error(exc, folder, "read" if args.check else "write to"))
        return EXIT_BAD_INPUT
    if failed:
        return EXIT_BAD_INPUT
    if gate_findings or outdated:
        return EXIT_FAILED
    return EXIT_OK


def _os_error(exc: OSError, folder: str, verb: str) -> str:
    reason = exc.strerror or str(exc)
    if os.path.exists(folder) and not os.path.isdir(folder):
        reason = "it is a file, not a folder"
    elif exc.filename and os.path.normpath(str(exc.filename)) != os.path.normpath(folder):
        reason = f"{exc.filename}: {reason}"
    return f"journeymap: cannot {verb} the output folder {folder}: {reason}\n"


def _check_summary(built: int, failed: int, folder: str, outdated: bool) -> str:
    state = "outdated: run journeymap build to update it" if outdated else "up to date"
    extra = f"; {failed} journey(s) failed to load" if failed else ""
    return f"checked {built} journey(s) against {folder}: {state}{extra}\n"
