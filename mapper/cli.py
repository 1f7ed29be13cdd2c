"""The `journeymap` command line: ``main(argv) -> int``, testable without subprocesses.

Exit codes: 0 success; 1 findings, a failed gate or stale outputs; 2 bad
input or usage (a located message, never a traceback).  Heavy modules
(networkx, numpy, jinja2) are imported only by the commands that need them.
"""
from __future__ import annotations

import argparse
import gc
import sys
from typing import NoReturn, Optional, Sequence, TextIO

from .commands import (build, check, diff, export, fit, import_, new, plan, schema, score,
                       serve, simulate)
from .commands.options import Command, options_from
from .core.errors import JourneyError, ToolMissing, UsageError
from .core.version import __version__

EXIT_OK, EXIT_BAD_INPUT = 0, 2
#: seconds between interpreter-lock hand-overs while a command runs (see main)
SWITCH_INTERVAL = 0.001
#: every command, in the order ``journeymap --help`` lists them
COMMANDS: tuple[Command, ...] = (check, build, diff, score, plan, new, export, import_,
                                 serve, simulate, fit, schema)


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


def _parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    """The parser; when ``argv`` names a command, only that command's arguments
    are built (argparse costs ~3 ms of a small `check` for all of them)."""
    parser = _Parser(prog="journeymap", description=(
        "Map a shop's customer journey as code: validate journey files, score every "
        "touchpoint for the risk of a negative experience, render diagrams and reports."))
    parser.add_argument("--version", action="version", version=f"journeymap {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    # the command comes first (the only top-level options are --help and --version)
    named = argv[0] if argv and not argv[0].startswith("-") else None
    names = {command.NAME for command in COMMANDS}
    for command in COMMANDS:
        if named in names and command.NAME != named:
            continue
        command.add_arguments(sub.add_parser(command.NAME, help=command.HELP,
                                             description=command.DESCRIPTION))
    return parser


def _command(name: str) -> Command:
    return next(command for command in COMMANDS if command.NAME == name)


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
        command = _command(args.command)
        options = options_from(command.Options, args, stdin or sys.stdin)
        return int(command.run(options, out, err))
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
