"""The preview web server: OUT on 127.0.0.1 only, HTML with live reload injected.

Static files are served as they are on disk; HTML pages get the live-reload
blocks of :mod:`.livereload` on the way out.  ``/__journeymap/version``
answers the build version and errors as JSON; ``?since=N`` holds the answer
until the version is no longer N (at most :data:`HOLD` seconds), so an open
page hears of a rebuild the moment it is written.  Nothing is cached by the
browser (``Cache-Control: no-store``), and the server never binds to
anything but the loopback interface.

A server one could leave running:

* the ``Host`` header must name the loopback (``127.0.0.1``, ``localhost``
  or ``[::1]``, with or without the server's port), else 400: a web page
  that rebinds its own DNS name to 127.0.0.1 cannot read the reports;
* a URL with a NUL or other control character, a ``..`` segment, or longer
  than :data:`MAX_URL` characters is answered 400;
* a client that disconnects mid-answer is one quiet line in the log, never
  a traceback;
* one thread per request (daemon threads: they never hold up Ctrl-C) and a
  listen backlog of :data:`BACKLOG`, so a burst of requests queues instead
  of being refused; an idle connection is closed after :data:`IDLE` seconds.
"""
from __future__ import annotations

import json
import os
import re
import sys
import threading
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Optional, TextIO
from urllib.parse import parse_qs, unquote, urlsplit

from .live import LiveState
from .livereload import VERSION_PATH, inject, status_page

HOST = "127.0.0.1"
#: the names a browser may use for this server (with or without the port)
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
#: the longest URL answered (journeymap's own URLs are a few dozen characters)
MAX_URL = 2048
#: connections waiting to be accepted
BACKLOG = 128
#: seconds an idle connection is kept open
IDLE = 30
#: seconds a ``?since=N`` request waits for a newer version before answering anyway
HOLD = 20.0
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def host_allowed(host: Optional[str], port: int) -> bool:
    """Is ``host`` (a ``Host`` header) this loopback server, with or without its port?"""
    if not host:
        return False
    host = host.strip().lower()
    names = set(LOOPBACK_NAMES)
    return host in names or host in {f"{name}:{port}" for name in names}


def url_problem(target: str) -> Optional[str]:
    """Why the request target ``target`` is refused, or None."""
    if len(target) > MAX_URL:
        return f"URL longer than {MAX_URL} characters"
    path = unquote(urlsplit(target).path)
    if _CONTROL.search(path) or _CONTROL.search(target):
        return "control character in the URL"
    if ".." in path.replace("\\", "/").split("/"):
        return "'..' in the URL"
    return None


def since(target: str) -> Optional[int]:
    """The version a version request waits past (``?since=N``), or None."""
    values = parse_qs(urlsplit(target).query).get("since", [])
    try:
        return int(values[0]) if values else None
    except ValueError:
        return None


class PreviewHandler(SimpleHTTPRequestHandler):
    """Serves ``directory``; ``live`` holds the current build state."""

    live: LiveState

    def __init__(self, *args: Any, live: LiveState, **kwargs: Any):
        self.live = live
        super().__init__(*args, **kwargs)

    timeout = IDLE

    def _refused(self) -> bool:
        """Answer 400 to a foreign Host or a bad URL (True if answered)."""
        address = self.server.server_address
        port = address[1] if isinstance(address, tuple) else 0
        if not host_allowed(self.headers.get("Host"), port):
            self.send_error(HTTPStatus.BAD_REQUEST, "Host must be the loopback "
                            "(127.0.0.1, localhost or [::1])")
            return True
        problem = url_problem(self.path)
        if problem:
            self.send_error(HTTPStatus.BAD_REQUEST, problem)
            return True
        if any(part.startswith(".") for part in unquote(urlsplit(self.path).path).split("/")):
            # the tool's own hidden files (manifest, lock, temporary files) are not the site
            self.send_error(HTTPStatus.NOT_FOUND, "File not found")
            return True
        local = self.translate_path(self.path)
        if os.path.exists(local) and not (os.path.isdir(local) or os.path.isfile(local)):
            self.send_error(HTTPStatus.NOT_FOUND, "Not a regular file")  # a FIFO would block
            return True
        return False

    def do_HEAD(self) -> None:  # noqa: N802 - stdlib name
        if not self._refused():
            super().do_HEAD()

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        pass  # a preview server's access log is noise in the consultant's terminal

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        if self._refused():
            return
        path = urlsplit(self.path).path
        if path == VERSION_PATH:
            waited = since(self.path)
            state = self.live.snapshot() if waited is None else self.live.wait(waited, HOLD)
            self._send(json.dumps({"version": state.version, "errors": state.errors,
                                   "journeys": state.journeys}).encode("utf-8"),
                       "application/json")
            return
        local = self.translate_path(self.path)
        if os.path.isdir(local):
            if not path.endswith("/"):
                super().do_GET()  # the standard redirect to the folder's URL with a slash
                return
            local = os.path.join(local, "index.html")
        if local.endswith((".html", ".htm")):
            self._send_page(local)
            return
        super().do_GET()

    def _send_page(self, local: str) -> None:
        state = self.live.snapshot()
        try:
            with open(local, "rb") as handle:
                page = handle.read().decode("utf-8", errors="replace")
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            if os.path.basename(local) != "index.html":
                self.send_error(HTTPStatus.NOT_FOUND, "File not found")
                return
            page = status_page("Nothing is built yet: fix the errors below and save; "
                               "this page reloads by itself.")
        self._send(inject(page, state.version, state.errors).encode("utf-8"),
                   "text/html; charset=utf-8")

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = BACKLOG
    #: where problems answering a request are logged, one line each
    log: TextIO = sys.stderr

    def handle_error(self, request: Any, client_address: Any) -> None:
        """One quiet line, never a traceback: a client that went away is normal."""
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError)):
            what = "client disconnected"
        else:
            what = f"error answering a request: {type(error).__name__}: {error}"
        self.log.write(f"journeymap serve: {what} ({client_address[0]})\n")
        self.log.flush()


def start_server(directory: str, port: int, live: LiveState,
                 log: TextIO = sys.stderr) -> PreviewServer:
    """Bind to 127.0.0.1:``port`` (0: any free port) and serve in a daemon thread."""
    handler = partial(PreviewHandler, directory=directory, live=live)
    server = PreviewServer((HOST, port), handler)
    server.log = log
    thread = threading.Thread(target=server.serve_forever, name="journeymap-serve",
                              daemon=True)
    thread.start()
    return server
