"""The `journeymap` command line: ``main(argv) -> int``, testable without subprocesses.

Exit codes: 0 success; 1 findings, a failed gate or stale outputs; 2 bad
input or usage (a located message, never a traceback).  Heavy modules
(networkx, numpy, jinja2) are imported only by the commands that need them.
"""
from __future__ import annotations

import argparse
import gc
import os
import sys
from typing import Optional, Sequence, TextIO

from . import __version__
from .errors import JourneyError, ToolMissing, UsageError

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2
LEVELS = ("low", "medium", "high", "critical")


def _rule_id(value: str) -> str:
    from .errors import did_you_mean
    from .rules import RULES

    if value not in RULES or value in ("invalid", "fail-on"):
        choices = sorted(set(RULES) - {"invalid", "fail-on"})
        raise argparse.ArgumentTypeError(
            f"unknown rule '{value}'{did_you_mean(value, choices)}")
    return value


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> "NoReturn":  # type: ignore[name-defined]
        raise UsageError(f"{self.prog}: {message}")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="journeymap", description=(
        "Map a shop's customer journey as code: validate journey files, score every "
        "touchpoint for the risk of a negative experience, render diagrams and reports."))
    parser.add_argument("--version", action="version", version=f"journeymap {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--catalog", action="append", default=[], metavar="DIR",
                       help="a user touchpoint catalog searched before the built-in one "
                            "(repeatable)")

    def risk_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--profile", metavar="FILE",
                       help="a scoring profile (YAML) overriding the built-in weights")
        p.add_argument("--disable", action="append", default=[], metavar="RULE",
                       type=_rule_id, help="do not run this lint rule (repeatable)")

    check = sub.add_parser("check", help="validate and lint journeys, no rendering",
                           description="Validate and lint journey files (default: journeys/).")
    check.add_argument("paths", nargs="*", metavar="PATHS", help="journey files or folders")
    check.add_argument("--format", choices=("text", "json", "github", "sarif"), default="text",
                       help="text (default), json, github (workflow annotations and step "
                            "summary) or sarif (SARIF 2.1.0)")
    check.add_argument("--fail-on", choices=LEVELS, metavar="LEVEL",
                       help="exit 1 if any touchpoint is at or above LEVEL "
                            "(low, medium, high, critical)")
    check.add_argument("--strict", action="store_true", help="warnings fail too")
    check.add_argument("-q", "--quiet", action="store_true", help="no summary line")
    common(check)
    risk_options(check)

    build = sub.add_parser("build", help="render diagrams, reports and JSON into OUT",
                           description="Build ID.svg, ID.dot, ID.html and ID.json for every "
                                       "journey, and index.html (default: journeys/ -> site/).")
    build.add_argument("paths", nargs="*", metavar="PATHS", help="journey files or folders")
    build.add_argument("-o", "--out", default="site", metavar="OUT",
                       help="output folder (default: site)")
    build.add_argument("--check", action="store_true",
                       help="build in memory, write nothing; exit 1 if OUT is missing or stale")
    build.add_argument("--fail-on", choices=LEVELS, metavar="LEVEL",
                       help="exit 1 if any touchpoint is at or above LEVEL")
    build.add_argument("--force", action="store_true", help="rebuild every journey")
    build.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    common(build)
    risk_options(build)

    diff = sub.add_parser("diff", help="risk changes between two versions",
                          description="Risk changes between two journey files or folders, "
                                      "or the working tree against a git revision.")
    diff.add_argument("paths", nargs="*", metavar="OLD NEW",
                      help="two files or two folders; with --git: the paths to compare")
    diff.add_argument("--git", metavar="REV",
                      help="compare the working tree's journeys with revision REV")
    diff.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    diff.add_argument("--fail-on-increase", action="store_true",
                      help="exit 1 when expected losses or a touchpoint's score went up")
    common(diff)
    risk_options(diff)

    score = sub.add_parser("score", help="risk table of one journey in the terminal",
                           description="Score one journey: risk table and summary.")
    score.add_argument("file", metavar="FILE")
    score.add_argument("--format", choices=("text", "json"), default="text")
    score.add_argument("--set", action="append", default=[], metavar="TP.KEY=VALUE",
                       help="what-if: change a value without editing the file, e.g. "
                            "courier.likelihood=0.02 (repeatable)")
    common(score)
    risk_options(score)

    schema = sub.add_parser("schema", help="print the JSON Schema of journey files",
                            description="Print the JSON Schema of journey files.")
    del schema
    return parser


def main(argv: Optional[Sequence[str]] = None, stdout: Optional[TextIO] = None,
         stderr: Optional[TextIO] = None) -> int:
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    parser = _parser()
    # A command runs once and builds many small objects without reference
    # cycles: the cyclic garbage collector would only rescan them over and
    # over (~15% of `check` on a 10 000-touchpoint journey).  Long-running
    # commands (serve) turn it back on.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        try:
            args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
        except SystemExit as exc:  # --help / --version
            return int(exc.code or 0)
        if args.command is None:
            parser.print_help(out)
            return EXIT_BAD_INPUT
        for folder in getattr(args, "catalog", []):
            if not os.path.isdir(folder):
                raise UsageError(f"--catalog {folder}: no such folder")
        if args.command == "schema":
            from .model.schema import json_schema_text
            out.write(json_schema_text())
            return EXIT_OK
        if args.command == "check":
            from .commands.check import run_check
            return run_check(args, out, err)
        if args.command == "build":
            from .commands.build import run_build
            return run_build(args, out, err)
        if args.command == "diff":
            from .commands.diff import run_diff
            return run_diff(args, out, err)
        if args.command == "score":
            from .commands.score import run_score
            return run_score(args, out, err)
        raise UsageError(f"unknown command {args.command}")  # pragma: no cover
    except UsageError as exc:
        print(f"journeymap: error: {exc}" if not str(exc).startswith("journeymap") else
              f"{exc}", file=err)
        return EXIT_BAD_INPUT
    except JourneyError as exc:
        for problem in exc.problems:
            print(problem, file=err)
        return EXIT_BAD_INPUT
    except ToolMissing as exc:
        print(f"journeymap: {exc}", file=err)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        print("journeymap: interrupted", file=err)
        return 130
    finally:
        if gc_was_enabled:
            gc.enable()


def entry_point() -> None:
    for stream in (sys.stdout, sys.stderr):
        # never fail on a terminal that cannot show Cyrillic or a dash
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    sys.exit(main())
