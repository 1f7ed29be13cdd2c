"""The preview web server: OUT on 127.0.0.1 only, HTML with live reload injected.

Static files are served as they are on disk; HTML pages get the live-reload
blocks of :mod:`.livereload` on the way out.  ``/__journeymap/version``
answers the build version and errors as JSON.  Nothing is cached by the
browser (``Cache-Control: no-store``), and the server never binds to
anything but the loopback interface.
"""
from __future__ import annotations

import json
import os
import threading
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable
from urllib.parse import urlsplit

from .livereload import VERSION_PATH, inject, status_page
from .site_builder import BuildState

HOST = "127.0.0.1"


class PreviewHandler(SimpleHTTPRequestHandler):
    """Serves ``directory``; ``state`` returns the current :class:`BuildState`."""

    state: Callable[[], BuildState]

    def __init__(self, *args: Any, state: Callable[[], BuildState], **kwargs: Any):
        self.state = state
        super().__init__(*args, **kwargs)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        pass  # a preview server's access log is noise in the consultant's terminal

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        path = urlsplit(self.path).path
        if path == VERSION_PATH:
            state = self.state()
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
        state = self.state()
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


def start_server(directory: str, port: int, state: Callable[[], BuildState]) -> PreviewServer:
    """Bind to 127.0.0.1:``port`` (0: any free port) and serve in a daemon thread."""
    handler = partial(PreviewHandler, directory=directory, state=state)
    server = PreviewServer((HOST, port), handler)
    thread = threading.Thread(target=server.serve_forever, name="journeymap-serve",
                              daemon=True)
    thread.start()
    return server
