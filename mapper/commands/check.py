"""`journeymap check`: validate and lint, report findings in the chosen format."""
from __future__ import annotations

import argparse
from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional, TextIO

from ..core.vocabulary import LEVELS
from .options import RiskOptions, add_report_options, add_risk_options

if TYPE_CHECKING:
    from ..core.findings import Finding

NAME = "check"
HELP = "validate and lint journeys, no rendering"
DESCRIPTION = "Validate and lint journey files (default: journeys/)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATHS",
                        help="journey files or folders; - reads a journey from standard input")
    parser.add_argument("--format", choices=("text", "json", "github", "sarif"), default="text",
                        help="text (default), json, github (workflow annotations and step "
                             "summary) or sarif (SARIF 2.1.0)")
    parser.add_argument("--fail-on", choices=LEVELS, metavar="LEVEL",
                        help="exit 1 if any touchpoint is at or above LEVEL "
                             "(low, medium, high, critical)")
    parser.add_argument("--strict", action=argparse.BooleanOptionalAction, default=None,
                        help="warnings fail too (--no-strict: not even if the configuration "
                             "file says so)")
    add_report_options(parser, quiet="no summary line",
                       verbose="also name the files without findings")
    add_risk_options(parser)


@dataclass(frozen=True, eq=False, repr=False)
class Options(RiskOptions):
    """What `check` was asked to do."""

    paths: tuple[str, ...]
    format: str
    fail_on: Optional[str]
    strict: bool
    quiet: bool
    color: str
    verbose: bool
    stdin: Optional[TextIO]   # what a path ``-`` reads


def run(args: Options, out: TextIO, err: TextIO) -> int:
    import os
    import sys

    from ..core.findings import counts, from_error
    from ..core.paths import shown
    from ..loader.catalog import Catalog
    from ..model.workspace import STDIN, discover, load_all
    from ..present.terminal import Progress
    from ..risk.profile import load_profile

    profile = load_profile(args.profile)
    files = discover(args.paths, stdin=True)
    catalog = Catalog(args.catalog)
    findings: list[Finding] = []
    invalid = False
    text = (args.stdin or sys.stdin).read() if STDIN in files else None
    progress = Progress(err, len(files), args.quiet or args.format != "text", minimum=1)
    loaded_all = load_all(files, catalog, stdin_text=text,
                          each=lambda path: progress.note(f"load {shown(path)}"))
    for index, loaded in enumerate(loaded_all):
        if loaded.error is not None:
            invalid = True
            findings.extend(from_error(loaded.error))
            continue
        assert loaded.journey is not None
        from .. import api
        from ..risk.assess import gate

        progress.step(index + 1, f"{loaded.journey.id}: score")
        analysis = api.analyse(loaded.journey, profile=profile, disable=args.disable,
                               fix_first=False)
        findings.extend(analysis.findings)
        if args.fail_on:
            findings.extend(gate(analysis, args.fail_on))
    progress.done()
    findings.sort()
    summary = {"files": len(files), **counts(findings)}
    if args.format in ("json", "sarif"):
        import json   # lazily: the text format is the common, start-up bound case
    if args.format == "json":
        json.dump({"findings": [f.as_json() for f in findings], "summary": summary}, out,
                  indent=2, ensure_ascii=False)
        out.write("\n")
    elif args.format == "sarif":
        from ..formats.sarif import sarif_log
        json.dump(sarif_log(findings), out, indent=2, ensure_ascii=False)
        out.write("\n")
    elif args.format == "github":
        from ..formats.github import annotation_lines, step_summary
        out.write(annotation_lines(findings))
        summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary_path:
            with open(summary_path, "a", encoding="utf-8") as handle:
                handle.write(step_summary(findings, len(files)))
    else:
        from ..present.terminal import finding_line, use_colour

        colour = use_colour(out, args.color)
        for finding in findings:
            out.write(finding_line(finding, colour))
        if args.verbose:
            flagged = {f.file for f in findings}
            for name in map(shown, files):
                if name not in flagged:
                    err.write(f"{name}: ok\n")
        if not files:
            err.write("journeymap: no journey files found\n")
        elif not args.quiet:
            err.write(f"{len(files)} file(s) checked: {summary['error']} error(s), "
                      f"{summary['warning']} warning(s), {summary['info']} info\n")
    if invalid:
        return 2
    if summary["error"] or (args.strict and summary["warning"]):
        return 1
    return 0
