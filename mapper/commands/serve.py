"""`journeymap serve`: build, serve OUT on 127.0.0.1, rebuild on save, reload the page.

Exit codes: 0 after Ctrl-C (or SIGTERM); 2 for bad usage (a port in use,
a missing folder).  Broken journeys never stop the server: their located
errors show in the page until the next good save.
"""
from __future__ import annotations

import argparse
import errno
import gc
import os
import signal
import threading
from dataclasses import dataclass
from typing import Any, TextIO

from ..core.errors import UsageError
from .options import RiskOptions, add_risk_options, add_site_arguments

NAME = "serve"
HELP = "live preview: build, serve, rebuild on save"
DESCRIPTION = ("Build the journeys into OUT, serve OUT on 127.0.0.1, rebuild when a journey, "
               "catalog or profile changes and reload the open page.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_site_arguments(parser)
    parser.add_argument("--port", type=int, default=8000,
                        help="port on 127.0.0.1 (default: 8000; 0 picks a free one)")
    add_risk_options(parser)


@dataclass(frozen=True, eq=False, repr=False)
class Options(RiskOptions):
    """What `serve` was asked to do."""

    paths: tuple[str, ...]
    out: str
    port: int


def _report(state: Any, err: TextIO) -> None:
    if state.rendered:
        err.write(f"rebuilt {', '.join(state.rendered)}"
                  f" ({len(state.written)} file(s) written)\n")
    elif state.written:
        err.write(f"updated {', '.join(state.written)}\n")
    for line in state.errors:
        err.write(f"{line}\n")
    err.flush()


def run(args: Options, out: TextIO, err: TextIO) -> int:
    import logging

    import watchfiles

    logging.getLogger("watchfiles").setLevel(logging.ERROR)  # Ctrl-C is no warning here
    from ..serve.http import HOST, start_server
    from ..serve.watch import watch_plan
    from ..site.builder import SiteBuilder
    from ..loader.catalog import builtin_catalog_dir

    gc.enable()  # a long-running process: let the collector work
    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port {args.port}: a port is 1 to 65535 (0 picks a free one)")
    for path in args.paths or ["journeys"]:
        if not os.path.exists(path):
            raise UsageError(f"{path}: no such file or folder")
    if args.profile and not os.path.isfile(args.profile):
        raise UsageError(f"--profile {args.profile}: no such file")
    from ..site.lock import check_folder

    check_folder(args.out)   # a dangling symbolic link is named, not "File exists"
    os.makedirs(args.out, exist_ok=True)
    builder = SiteBuilder(args.paths, args.out, args.catalog, args.profile, args.disable)
    def plan() -> Any:
        return watch_plan(args.paths, args.catalog, args.profile, args.out,
                          str(builtin_catalog_dir()))

    stop = threading.Event()
    try:
        server = start_server(args.out, args.port, builder.snapshot, err)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise UsageError(f"port {args.port} is in use; choose another with --port "
                             "(--port 0 picks a free one)") from None
        raise UsageError(f"cannot listen on {HOST}:{args.port}: {exc.strerror}") from None
    previous = _on_sigterm(stop)
    try:
        _report(builder.build(), err)
        port = server.server_address[1]
        out.write(f"journeymap serve: http://{HOST}:{port}/ (serving {args.out}; "
                  "Ctrl-C to stop)\n")
        out.flush()
        while not stop.is_set():
            current = plan()
            replan = False
            for _changes in watchfiles.watch(
                    *current.dirs, recursive=False, stop_event=stop, raise_interrupt=False,
                    watch_filter=lambda _change, path: current.relevant(path),
                    debounce=1600, step=50):
                _report(builder.build(), err)
                if plan().dirs != current.dirs:  # a folder came or went: watch anew
                    replan = True
                    break
            if not replan:  # Ctrl-C or SIGTERM ended the watch
                break
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    err.write("journeymap serve: stopped\n")
    return 0


def _on_sigterm(stop: threading.Event) -> Any:
    """Stop cleanly on SIGTERM too (only the main thread may set handlers)."""
    def handler(_signum: int, _frame: Any) -> None:
        stop.set()
        raise KeyboardInterrupt

    try:
        return signal.signal(signal.SIGTERM, handler)
    except ValueError:
        return None
