"""`journeymap serve`: build, serve OUT on 127.0.0.1, rebuild on save, reload the page.

Exit codes: 0 after Ctrl-C (or SIGTERM); 2 for bad usage (a port in use,
a missing folder).  Broken journeys never stop the server: their located
errors show in the page until the next good save.  Building is the site
pipeline's (:mod:`mapper.site.pipeline`, as for ``build``); watching and
serving are :mod:`mapper.serve`'s.
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


def run(args: Options, out: TextIO, err: TextIO) -> int:
    from ..loader.catalog import builtin_catalog_dir
    from ..serve.http import HOST, start_server
    from ..serve.live import LiveState, rebuild, summary
    from ..serve.watch import watch, watch_plan
    from ..site.lock import check_folder
    from ..site.pipeline import SitePipeline, Sources

    gc.enable()  # a long-running process: let the collector work
    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port {args.port}: a port is 1 to 65535 (0 picks a free one)")
    for path in args.paths or ["journeys"]:
        if not os.path.exists(path):
            raise UsageError(f"{path}: no such file or folder")
    if args.profile and not os.path.isfile(args.profile):
        raise UsageError(f"--profile {args.profile}: no such file")
    check_folder(args.out)   # a dangling symbolic link is named, not "File exists"
    os.makedirs(args.out, exist_ok=True)
    pipeline = SitePipeline(Sources.of(args.paths, args.out, args.catalog, args.profile,
                                       args.disable), command="serve",
                            durable=False)   # a preview: its pages are rewritten on every save
    live = LiveState()

    def tell(line: str) -> None:
        err.write(f"{line}\n")
        err.flush()

    def build() -> None:
        line = summary(rebuild(pipeline, live, tell))
        if line:
            tell(line)

    stop = threading.Event()
    try:
        server = start_server(args.out, args.port, live, err)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise UsageError(f"port {args.port} is in use; choose another with --port "
                             "(--port 0 picks a free one)") from None
        raise UsageError(f"cannot listen on {HOST}:{args.port}: {exc.strerror}") from None
    previous = _on_sigterm(stop)
    try:
        build()
        # the rendering stack, now rather than on the first save (OUT may have been
        # up to date, and an up-to-date build does not import it)
        from ..site import outputs  # noqa: F401
        port = server.server_address[1]
        out.write(f"journeymap serve: http://{HOST}:{port}/ (serving {args.out}; "
                  "Ctrl-C to stop)\n")
        out.flush()
        watch(lambda: watch_plan(args.paths, args.catalog, args.profile, args.out,
                                 str(builtin_catalog_dir())), build, stop)
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
