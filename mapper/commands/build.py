"""`journeymap build`: ID.json, ID.dot, ID.svg, ID.html per journey and index.html, into OUT.

Incremental: a journey whose inputs (its file, the catalog entries it uses,
the scoring profile, the lint options, the tool) are unchanged since the last
build, and whose outputs are intact, is not rendered again; when nothing
changed the build stops after hashing its inputs, without importing the
rendering stack.  ``--force`` rebuilds everything.  Files of journeys that
are gone are removed (only files the last build recorded).

A journey that fails to load is reported (``path:line:col: message``) and
the others still build; the exit code is then 2.  ``--check`` renders
everything in memory and compares it with OUT, writing nothing (exit 1 when
a file is missing or stale).  ``--fail-on LEVEL`` exits 1 when a touchpoint
is at or above LEVEL.  Files are replaced atomically and only when their
content changed.  ``--jobs N`` renders changed journeys N at a time (the
Graphviz runs overlap).

One build writes an OUT at a time (a lock on ``OUT/.journeymap.lock``, see
:mod:`mapper.site.lock`): another one fails at once with exit 2, naming
the process that holds it, or waits with ``--wait``.
"""
from __future__ import annotations

import argparse
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Optional, TextIO

from ..core.errors import UsageError
from ..core.vocabulary import LEVELS
from .options import (RiskOptions, add_report_options, add_risk_options,
                      add_site_arguments)

if TYPE_CHECKING:
    from ..core.errors import JourneyError
    from ..loader.catalog import Catalog
    from ..site import manifest as ledger

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2
INDEX = "index.html"

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
                        help="render up to N changed journeys at a time (default: 1)")
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
    jobs: int
    quiet: bool
    color: str
    verbose: bool


def run(args: Options, out: TextIO, err: TextIO) -> int:
    from ..loader.catalog import Catalog
    from ..model.workspace import discover
    from ..risk.profile import load_profile
    from ..site.lock import lock_for_reading, lock_for_writing

    profile = load_profile(args.profile)
    paths = discover(args.paths)
    if not paths:
        raise UsageError("no journey files found in " + (", ".join(args.paths) or "journeys/"))
    if args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    catalog = Catalog(args.catalog)
    folder = args.out
    wait = args.wait
    if args.check:
        try:
            lock = lock_for_reading(folder, wait, err.write)
        except OSError as exc:
            err.write(_os_error(exc, folder, "read"))
            return EXIT_BAD_INPUT
        with lock:
            return _check(args, paths, catalog, profile, folder, out, err)
    try:
        lock = lock_for_writing(folder, wait, err.write)
    except OSError as exc:
        err.write(_os_error(exc, folder, "write to"))
        return EXIT_BAD_INPUT
    with lock:   # from reading the last manifest to writing the new one
        return _incremental(args, paths, catalog, profile, folder, out, err)


def _incremental(args: Options, paths: list[str], catalog: Catalog, profile: Any,
                 folder: str, out: TextIO, err: TextIO) -> int:
    from ..site import manifest as ledger

    settings = ledger.settings_hash(ledger.tool_fingerprint(), profile, args.disable,
                                    catalog.roots)
    recorded = ledger.read_manifest(folder, err.write)   # what the tool made (for removals)
    last = recorded if not args.force and recorded.settings == settings else ledger.Manifest()
    current = {path for path in paths if path in last.entries and
               ledger.is_current(last.entries[path], settings, folder, catalog)}
    gone = [entry for source, entry in last.entries.items() if source not in paths]
    if len(current) == len(paths) and not gone and os.path.isdir(folder) and \
            ledger.intact(folder, INDEX, last.index):
        return _up_to_date(args, last, paths, folder, out, err)
    return _build(args, paths, current, last, recorded, settings, catalog, profile, folder,
                  out, err)


def _up_to_date(args: Options, last: ledger.Manifest, paths: list[str],
                folder: str, out: TextIO, err: TextIO) -> int:
    """Nothing changed: report the gate from the manifest and stop."""
    from ..core.paths import shown

    failed_gate = _report_gate(args, [(shown(p), last.entries[p].gate) for p in paths], out)
    if not args.quiet:
        err.write(f"{len(paths)} journey(s) in {folder} are up to date\n")
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


def _render_all(args: Options, paths: list[str], rebuild: set[str],
                catalog: Catalog, profile: Any, err: TextIO
                ) -> tuple[list[tuple[str, Any]], list[Any]]:
    """Load every journey; render those in ``rebuild``, only analyse the others (for the
    index).  Returns (source path, output) pairs and the journeys that failed to load."""
    from concurrent.futures import ThreadPoolExecutor

    from .. import api
    from ..core.paths import shown
    from ..model.workspace import load_all
    from ..render.graphviz import dot_command
    from ..site.outputs import JourneyOutput, render_analysis
    from ..present.terminal import Progress

    dot_command()  # a missing Graphviz fails fast, before any work (ToolMissing: exit 2)
    progress = Progress(err, len(rebuild), args.quiet, minimum=1)
    loaded_all = load_all(paths, catalog, each=lambda path: progress.note(
        f"load {shown(path)}"))
    progress.done()   # the load errors go on lines of their own
    failed: list[tuple[str, JourneyError]] = []
    for loaded in loaded_all:
        if loaded.error is not None:
            failed.append((shown(loaded.path), loaded.error))
            for problem in loaded.error.problems:
                print(problem, file=err)

    def work(loaded: Any, phases: Any = None) -> Any:
        if loaded.path in rebuild and phases is not None:
            phases("score")
        analysis = api.analyse(loaded.journey, profile=profile, disable=args.disable)
        if loaded.path in rebuild:
            output = render_analysis(analysis, analysis.findings, phases)
            for notice in output.notices:
                print(f"journeymap: {notice}", file=err)
            return output
        return JourneyOutput(loaded.journey, analysis, analysis.findings, {})

    good = [loaded for loaded in loaded_all if loaded.journey is not None]
    sources = [loaded.path for loaded in good]
    progress.total = len([g for g in good if g.path in rebuild])
    jobs = args.jobs
    journeys = []
    done = 0
    if jobs > 1 and progress.total > 1:
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            for loaded, item in zip(good, pool.map(work, good)):   # keeps the input order
                if loaded.path in rebuild:
                    done += 1
                    progress.step(done, item.journey.id)
                journeys.append(item)
    else:
        for loaded in good:
            if loaded.path in rebuild:   # one at a time: its phases too
                assert loaded.journey is not None, "good holds loaded journeys only"
                done += 1
                progress.step(done, loaded.journey.id)
            journeys.append(work(loaded, progress.phase))
    progress.done()
    return list(zip(sources, journeys)), failed


def _build(args: Options, paths: list[str], current: set[str],
           last: ledger.Manifest, recorded: ledger.Manifest, settings: str, catalog: Catalog,
           profile: Any, folder: str, out: TextIO, err: TextIO) -> int:
    from ..risk.assess import gate_records
    from ..site import files as output
    from ..site import manifest as ledger
    from ..site.outputs import render_site

    rebuild = set(paths) - current
    hashes = {path: ledger.sha256_file(path) or "" for path in paths if path in rebuild}
    built, failed = _render_all(args, paths, rebuild, catalog, profile, err)
    journeys = [item for _, item in built]
    site = render_site(journeys, failed)
    records = [(item.journey.path, gate_records(item.analysis)) for item in journeys]
    failed_gate = _report_gate(args, records, out)
    try:
        produced = set(site.files)
        kept = {name for path in current for name in last.entries[path].files}
        # files of journeys that are gone, and per-stage views a journey no longer has:
        # only files the manifest lists as made by the tool (never a hand-written one)
        leftovers = {name for entry in recorded.entries.values() if entry.source not in current
                     for name in entry.files} - produced - kept
        removed = output.remove_files(folder, sorted(leftovers))
        written, unchanged = output.write_files(folder, site.files, force=args.force)
        manifest = ledger.Manifest(settings)
        for (path, item), (_, gate) in zip(built, records):
            if path in current:
                entry = last.entries[path]
                entry.gate = gate
            else:
                entry = ledger.new_entry(path, hashes[path], item.journey.id, settings,
                                         item.journey.catalog_files, gate)
                entry.files = {name: ledger.output_record(folder, name, data)
                               for name, data in item.files.items()}
            manifest.entries[path] = entry
        manifest.index = ledger.output_record(folder, INDEX, site.files[INDEX])
        output.write_manifest(folder, manifest)
    except OSError as exc:
        err.write(_os_error(exc, folder, "write to"))
        return EXIT_BAD_INPUT
    if args.verbose:
        for name in written:
            err.write(f"wrote {os.path.join(folder, name)}\n")
        for name in removed:
            err.write(f"removed {os.path.join(folder, name)}\n")
    if not args.quiet:
        err.write(f"built {len(rebuild & {path for path, _ in built})} of "
                  f"{len(journeys)} journey(s) into {folder}: {len(written)} file(s) written, "
                  f"{len(unchanged)} unchanged"
                  + (f", {len(removed)} removed" if removed else "")
                  + (f"; {len(failed)} journey(s) failed to load" if failed else "") + "\n")
    if failed:
        return EXIT_BAD_INPUT
    return EXIT_FAILED if failed_gate else EXIT_OK


def _check(args: Options, paths: list[str], catalog: Catalog, profile: Any,
           folder: str, out: TextIO, err: TextIO) -> int:
    """Render everything in memory and compare with OUT; write nothing."""
    from ..risk.assess import gate_records
    from ..site import files as output
    from ..site import manifest as ledger
    from ..site.outputs import render_site

    built, failed = _render_all(args, paths, set(paths), catalog, profile, err)
    journeys = [item for _, item in built]
    site = render_site(journeys, failed)
    failed_gate = _report_gate(args, [(item.journey.path, gate_records(item.analysis))
                                      for item in journeys], out)
    made = {name for entry in ledger.read_manifest(folder, err.write).entries.values()
            for name in entry.files}
    try:
        leftovers = [name for item in journeys
                     for name in output.stage_files(folder, item.journey.id)
                     if name not in site.files and name in made]
        missing, stale = output.stale_files(folder, site.files)
    except OSError as exc:
        err.write(_os_error(exc, folder, "read"))
        return EXIT_BAD_INPUT
    for name in missing:
        out.write(f"missing: {os.path.join(folder, name)}\n")
    for name in stale + leftovers:
        out.write(f"stale: {os.path.join(folder, name)}\n")
    outdated = bool(missing or stale or leftovers)
    if not args.quiet:
        err.write(_check_summary(len(journeys), len(failed), folder, outdated))
    if failed:
        return EXIT_BAD_INPUT
    return EXIT_FAILED if (failed_gate or outdated) else EXIT_OK


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
