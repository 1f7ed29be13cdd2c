"""The `journeymap` command line: ``main(argv) -> int``, testable without subprocesses.

Exit codes: 0 success; 1 findings, a failed gate or stale outputs; 2 bad
input or usage (a located message, never a traceback).  Heavy modules
(networkx, numpy, jinja2) are imported only by the commands that need them.
"""
from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from typing import Callable, NoReturn, Optional, Sequence, TextIO

from .core.version import __version__
from .core.errors import JourneyError, ToolMissing, UsageError

EXIT_OK, EXIT_BAD_INPUT = 0, 2
#: seconds between interpreter-lock hand-overs while a command runs (see main)
SWITCH_INTERVAL = 0.001
LEVELS = ("low", "medium", "high", "critical")


def _rule_id(value: str) -> str:
    from .core.errors import did_you_mean
    from .core.rules import RULES

    if value not in RULES or value in ("invalid", "fail-on"):
        choices = sorted(set(RULES) - {"invalid", "fail-on"})
        raise argparse.ArgumentTypeError(
            f"unknown rule '{value}'{did_you_mean(value, choices)}")
    return value


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {_with_suggestions(self, message)}")


def _with_suggestions(parser: argparse.ArgumentParser, message: str) -> str:
    """``message`` with `` (did you mean 'check'?)`` after a misspelt command, option or
    option value."""
    import re

    from .core.errors import did_you_mean

    choice = re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)$", message)
    if choice:
        choices = [c.strip().strip("'\"") for c in choice.group(2).split(",")]
        return message + did_you_mean(choice.group(1), choices)
    unknown = re.match(r"unrecognized arguments: (.*)$", message)
    if not unknown:
        return message
    options = _option_strings(parser)
    words = [word + (did_you_mean(word.partition("=")[0], options)
                     if word.startswith("-") else "")
             for word in unknown.group(1).split(" ")]
    return "unrecognized arguments: " + ", ".join(words)


def _option_strings(parser: argparse.ArgumentParser) -> list[str]:
    """Every long option of ``parser`` and of the commands it has built."""
    found = []
    for action in parser._actions:   # argparse offers no public listing
        found += [o for o in action.option_strings if o.startswith("--")]
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found += _option_strings(sub)
    return sorted(set(found))


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--catalog", action="append", default=[], metavar="DIR",
                   help="a user touchpoint catalog searched before the built-in one "
                        "(repeatable)")


def _color_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                   help="colour the findings: auto (default: on a terminal, unless NO_COLOR "
                        "is set; FORCE_COLOR forces it), always or never")


def _config_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--config", metavar="FILE",
                   help="read options from this file (journeymap.toml keys, or a "
                        "pyproject.toml's [tool.journeymap]) instead of the one found "
                        "from the working folder upwards")
    p.add_argument("--no-config", action="store_true",
                   help="ignore configuration files")


def _risk_options(p: argparse.ArgumentParser) -> None:
    _common(p)
    _config_options(p)
    p.add_argument("--profile", metavar="FILE",
                   help="a scoring profile (YAML) overriding the built-in weights")
    p.add_argument("--disable", action="append", default=[], metavar="RULE",
                   type=_rule_id, help="do not run this lint rule (repeatable)")


def _check(check: argparse.ArgumentParser) -> None:
    check.add_argument("paths", nargs="*", metavar="PATHS",
                       help="journey files or folders; - reads a journey from standard input")
    check.add_argument("--format", choices=("text", "json", "github", "sarif"), default="text",
                       help="text (default), json, github (workflow annotations and step "
                            "summary) or sarif (SARIF 2.1.0)")
    check.add_argument("--fail-on", choices=LEVELS, metavar="LEVEL",
                       help="exit 1 if any touchpoint is at or above LEVEL "
                            "(low, medium, high, critical)")
    check.add_argument("--strict", action=argparse.BooleanOptionalAction, default=None,
                       help="warnings fail too (--no-strict: not even if the configuration "
                            "file says so)")
    check.add_argument("-q", "--quiet", action="store_true", help="no summary line")
    _color_option(check)
    check.add_argument("-v", "--verbose", action="store_true",
                       help="also name the files without findings")
    _risk_options(check)


def _build(build: argparse.ArgumentParser) -> None:
    build.add_argument("paths", nargs="*", metavar="PATHS", help="journey files or folders")
    build.add_argument("-o", "--out", metavar="OUT", help="output folder (default: site)")
    build.add_argument("--check", action="store_true",
                       help="build in memory, write nothing; exit 1 if OUT is missing or stale")
    build.add_argument("--fail-on", choices=LEVELS, metavar="LEVEL",
                       help="exit 1 if any touchpoint is at or above LEVEL")
    build.add_argument("--force", action="store_true",
                       help="rebuild every journey, even those whose inputs did not change")
    build.add_argument("--wait", action="store_true",
                       help="when another build is writing OUT, wait for it instead of "
                            "failing (exit 2)")
    build.add_argument("-j", "--jobs", type=int, metavar="N",
                       help="render up to N changed journeys at a time, running at most N "
                            "Graphviz processes at once (default: one per core)")
    build.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    _color_option(build)
    build.add_argument("-v", "--verbose", action="store_true",
                       help="name every file written or removed")
    _risk_options(build)


def _diff(diff: argparse.ArgumentParser) -> None:
    diff.add_argument("paths", nargs="*", metavar="OLD NEW",
                      help="two files or two folders; with --git: the paths to compare")
    diff.add_argument("--git", metavar="REV",
                      help="compare the working tree's journeys with revision REV")
    diff.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    diff.add_argument("--fail-on-increase", action="store_true",
                      help="exit 1 when expected losses or a touchpoint's score went up")
    _risk_options(diff)
    diff.set_defaults(config_skip=("paths",))   # OLD NEW are not the journeys to check


def _score(score: argparse.ArgumentParser) -> None:
    score.add_argument("file", metavar="FILE", help="a journey file, or - for standard input")
    score.add_argument("--format", choices=("text", "json"), default="text")
    score.add_argument("--set", action="append", default=[], metavar="TP.KEY=VALUE",
                       help="what-if: change a value without editing the file, e.g. "
                            "courier.likelihood=0.02 (repeatable)")
    _risk_options(score)


def _plan(plan: argparse.ArgumentParser) -> None:
    from .commands.plan import budget_amount

    plan.add_argument("file", metavar="FILE")
    plan.add_argument("--budget", type=budget_amount, metavar="AMOUNT",
                      help="spend at most this much (one-off plus one year of running "
                           "cost, in the journey's currency); default: no limit")
    plan.add_argument("--objective", choices=("customers", "money"), default="customers",
                      help="what to save: customers (default) or money at risk")
    plan.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    _risk_options(plan)


def _new(new: argparse.ArgumentParser) -> None:
    new.add_argument("id", metavar="ID", help="journey id: a lowercase slug, e.g. corner-shop")
    new.add_argument("--template", choices=("online-shop", "store", "service", "b2b"),
                     default="online-shop", help="starting point (default: online-shop)")
    new.add_argument("--language", choices=("en", "ru", "bg"), default="en",
                     help="names, stages and comments in this language (default: en)")
    new.add_argument("--title", help="the journey's title (default: the template's)")
    new.add_argument("-o", "--output", metavar="PATH",
                     help="file to create (never overwritten; '-' prints it)")


def _export(export: argparse.ArgumentParser) -> None:
    export.add_argument("file", metavar="FILE", help="a journey file, or - for standard input")
    export.add_argument("--format", choices=("mermaid", "mermaid-flowchart", "csv",
                                             "markdown", "graphml", "gexf", "json-graph",
                                             "xlsx", "png", "pdf"),
                        help="output format (default: from the -o suffix .mmd, .csv, .md, "
                             ".graphml, .gexf, .xlsx, .png, .pdf); xlsx is the risk register "
                             "workbook, png the diagram, pdf the report printed by Chromium")
    export.add_argument("-o", "--output", metavar="OUT",
                        help="write here, replacing it atomically (default: standard output)")
    _risk_options(export)


def _import(import_: argparse.ArgumentParser) -> None:
    import_.add_argument("source", choices=("mermaid", "csv"), metavar="mermaid|csv")
    import_.add_argument("file", metavar="FILE")
    import_.add_argument("-o", "--output", metavar="OUT.yaml",
                         help="write here (default: standard output)")
    import_.add_argument("--force", action="store_true", help="replace an existing OUT")
    import_.add_argument("--id", help="mermaid: the journey id (default: from the title)")
    import_.add_argument("--language", choices=("en", "ru", "bg"),
                         help="mermaid: the journey's language (default: guessed)")
    _common(import_)


def _serve(serve: argparse.ArgumentParser) -> None:
    serve.add_argument("paths", nargs="*", metavar="PATHS", help="journey files or folders")
    serve.add_argument("-o", "--out", metavar="OUT", help="output folder (default: site)")
    serve.add_argument("--port", type=int, default=8000,
                       help="port on 127.0.0.1 (default: 8000; 0 picks a free one)")
    _risk_options(serve)


def _simulate(simulate: argparse.ArgumentParser) -> None:
    simulate.add_argument("journey", metavar="JOURNEY")
    simulate.add_argument("-n", "--cases", type=int, required=True, metavar="CASES",
                          help="number of cases (customers) to draw")
    simulate.add_argument("--seed", type=int, required=True, metavar="S",
                          help="random seed: the same seed gives the same file")
    simulate.add_argument("-o", "--output", required=True, metavar="FILE",
                          help="event log to write: .csv, .parquet, .jsonl or .xes")
    simulate.add_argument("-q", "--quiet", action="store_true", help="no summary line")
    _risk_options(simulate)


def _fit(fit: argparse.ArgumentParser) -> None:
    from .commands.fit import add_arguments
    add_arguments(fit)
    _risk_options(fit)


def _schema(schema: argparse.ArgumentParser) -> None:
    schema.add_argument("-o", "--output", metavar="FILE",
                        help="write the schema here (default: standard output)")
    schema.add_argument("--format", choices=("json", "markdown"), default="json",
                        help="json: the JSON Schema (default); markdown: the format "
                             "reference (docs/format.md), from the same declaration")


#: name -> (one-line help, description, adds the command's arguments, and the
#: ``module:function`` in mapper.commands that runs it, imported only when run)
COMMANDS: dict[str, tuple[str, str, Callable[[argparse.ArgumentParser], None], str]] = {
    "check": ("validate and lint journeys, no rendering",
              "Validate and lint journey files (default: journeys/).", _check,
              "check:run_check"),
    "build": ("render diagrams, reports and JSON into OUT",
              "Build ID.svg, ID.dot, ID.html and ID.json for every journey, and index.html "
              "(default: journeys/ -> site/).", _build,
              "build:run_build"),
    "diff": ("risk changes between two versions",
             "Risk changes between two journey files or folders, or the working tree "
             "against a git revision.", _diff,
             "diff:run_diff"),
    "score": ("risk table of one journey in the terminal",
              "Score one journey: risk table and summary.", _score,
              "score:run_score"),
    "plan": ("the open actions that save the most within a budget",
             "Choose the proposed and planned actions that save the most customers (or "
             "money) within a budget, evaluating every combination on the journey's chain.",
             _plan, "plan:run_plan"),
    "new": ("write a commented starter journey",
            "Write a valid, commented starter journey built from catalog entries "
            "(default: journeys/ID.yaml).", _new,
            "new:run_new"),
    "export": ("Mermaid, CSV, Markdown or a graph file from one journey",
               "Export one scored journey as a Mermaid journey or flowchart, a CSV touchpoint "
               "table (UTF-8 with BOM), a Markdown summary, or its graph with every figure "
               "attached (GraphML, GEXF, node-link JSON).  A Mermaid journey task's score "
               "is 3 + emotion, minus 0/1/2/3 for risk level low/medium/high/critical, kept "
               "within 1..5.", _export,
               "export:run_export"),
    "import": ("a Mermaid journey or a CSV table as YAML",
               "Turn a Mermaid journey diagram into a starter journey, or an (edited) "
               "exported CSV table back into a journey file.", _import,
               "import_:run_import"),
    "serve": ("live preview: build, serve, rebuild on save",
              "Build the journeys into OUT, serve OUT on 127.0.0.1, rebuild when a journey, "
              "catalog or profile changes and reload the open page.", _serve,
              "serve:run_serve"),
    "simulate": ("draw an event log from a journey",
                 "Draw an event log (CSV, Parquet, JSON Lines or XES, from the extension of "
                 "FILE) from the journey's own chain: visits, negative experiences, ratings, "
                 "complaints, resolutions and outcomes.", _simulate,
                 "simulate:run_simulate"),
    "fit": ("calibrate a journey from event logs",
            "Estimate reach, next shares, drop-off, likelihoods and complaint handling from "
            "event logs (CSV, Parquet, JSON Lines, XES), compare them with the journey and "
            "optionally write them back.", _fit,
            "fit:run_fit"),
    "schema": ("print the JSON Schema of journey files",
               "Print the JSON Schema of journey files, or (--format markdown) the format "
               "reference generated from the same declaration; -o FILE writes it (for editors: "
               "the modeline '# yaml-language-server: $schema=PATH' of a journey file "
               "points to it).", _schema,
               "schema:run_schema"),
}


def _parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    """The parser; when ``argv`` names a command, only that command's arguments
    are built (argparse costs ~3 ms of a small `check` for all nine)."""
    parser = _Parser(prog="journeymap", description=(
        "Map a shop's customer journey as code: validate journey files, score every "
        "touchpoint for the risk of a negative experience, render diagrams and reports."))
    parser.add_argument("--version", action="version", version=f"journeymap {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    # the command comes first (the only top-level options are --help and --version)
    named = argv[0] if argv and not argv[0].startswith("-") else None
    for name, (help_text, description, add_arguments, _) in COMMANDS.items():
        if named in COMMANDS and name != named:
            continue
        add_arguments(sub.add_parser(name, help=help_text, description=description))
    return parser


def main(argv: Optional[Sequence[str]] = None, stdout: Optional[TextIO] = None,
         stderr: Optional[TextIO] = None, stdin: Optional[TextIO] = None) -> int:
    """Run one command; ``stdin`` is what ``-`` (a journey on standard input) reads."""
    from .present.terminal import safe_stream

    # nothing from a file name, an argument or a journey drives the terminal
    out, err = safe_stream(stdout or sys.stdout), safe_stream(stderr or sys.stderr)
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = _parser(arguments)
    # A command runs once and builds many small objects without reference
    # cycles: the cyclic garbage collector would only rescan them over and
    # over (~15% of `check` on a 10 000-touchpoint journey).  Long-running
    # commands (serve) turn it back on.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    # `build` feeds and drains `dot` processes from worker threads while this
    # thread renders the report; with the default 5 ms switch interval those
    # threads wait that long for the interpreter lock at every pipe read and
    # process start, and Graphviz idles (2 000 touchpoints: 1.97 s -> 1.86 s)
    switch_interval = sys.getswitchinterval()
    sys.setswitchinterval(SWITCH_INTERVAL)
    try:
        try:
            args = parser.parse_args(arguments)
        except SystemExit as exc:  # --help / --version
            return int(exc.code or 0)
        if args.command is None:
            parser.print_help(out)
            return EXIT_BAD_INPUT
        args.stdin = stdin or sys.stdin
        if hasattr(args, "no_config"):
            from .config import apply_config

            apply_config(args)
        for folder in getattr(args, "catalog", []):
            if not os.path.isdir(folder):
                raise UsageError(f"--catalog {folder}: no such folder")
        module, function = COMMANDS[args.command][3].split(":")
        run = getattr(importlib.import_module(f".commands.{module}", __package__), function)
        return int(run(args, out, err))
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
        sys.setswitchinterval(switch_interval)
        if gc_was_enabled:
            gc.enable()


def entry_point() -> None:
    for stream in (sys.stdout, sys.stderr):
        # never fail on a terminal that cannot show Cyrillic or a dash
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    code = main()
    # The process ends here.  Freezing the heap spares the interpreter's
    # final garbage collections a scan of every object the command made and
    # imported, networkx's included: 30-45 ms of the 180 ms of CPU a `check`
    # of a small journey takes.  Only here, never in main(), which tests and
    # `serve` call many times.
    gc.freeze()
    sys.exit(code)
