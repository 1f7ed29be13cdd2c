"""The report as PDF: the built HTML printed by a headless Chromium.

The report is written with its diagrams into a private temporary folder and
printed with ``chromium --headless --print-to-pdf`` under the same safe
flags the browser tests use (no sandbox escape hatches beyond
``--no-sandbox`` for containers, no network, no first-run or sync, no
component updates), with a throw-away profile folder.  The report's own
print style sheet lays it out on A4.  Chromium is looked up as
``chromium`` (Debian), ``chromium-browser`` or ``google-chrome``, or named by
``JOURNEYMAP_CHROMIUM``; when none is found the command stops with exit
code 2 and says how to install it.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..core.errors import ToolMissing

HINT = ("Chromium not found; the PDF export prints the report with it: "
        "sudo apt-get install chromium (Debian/Ubuntu), or set JOURNEYMAP_CHROMIUM "
        "to a Chromium or Chrome executable")
NAMES = ("chromium", "chromium-browser", "google-chrome")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync",
         "--disable-extensions", "--no-pdf-header-footer", "--run-all-compositor-stages-before-draw")
TIMEOUT = 120.0
#: the PDF's dates (``/CreationDate (D:20261130001530+00'00')``): fixed, same length, so
#: the same report prints to the same bytes and the cross-reference offsets stay right
_DATE = re.compile(rb"\((D:\d{4,14})")


def chromium() -> str:
    """The Chromium executable to print with."""
    named = os.environ.get("JOURNEYMAP_CHROMIUM")
    for candidate in ([named] if named else list(NAMES)):
        found = shutil.which(candidate)
        if found:
            return found
    raise ToolMissing(HINT)


def print_pdf(files: dict[str, bytes], page: str, timeout: float = TIMEOUT) -> bytes:
    """``page`` (one of ``files``, written together in a temporary folder) as PDF bytes."""
    command = chromium()
    with tempfile.TemporaryDirectory(prefix="journeymap-pdf-") as folder:
        root = Path(folder)
        site = root / "site"
        site.mkdir()
        for name, data in files.items():
            (site / name).write_bytes(data)
        target = root / "report.pdf"
        args = [command, *FLAGS, f"--user-data-dir={root / 'profile'}",
                f"--print-to-pdf={target}", (site / page).as_uri()]
        try:
            done = subprocess.run(args, capture_output=True, timeout=timeout, check=False)
        except FileNotFoundError as exc:
            raise ToolMissing(HINT) from exc
        except subprocess.TimeoutExpired as exc:
            raise ToolMissing(f"Chromium took longer than {timeout:g} s to print the report"
                              ) from exc
        if done.returncode != 0 or not target.exists():
            message = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise ToolMissing("Chromium could not print the report: " +
                              (message[-1] if message else f"exit code {done.returncode}"))
        return _relative(_DATE.sub(lambda m: b"(D:" + b"2000010100000000"[:len(m.group(1)) - 2],
                                   target.read_bytes()), (site.as_uri() + "/").encode("utf-8"))


def _relative(pdf: bytes, prefix: bytes) -> bytes:
    """Links to the report's neighbours (``index.html``, ``ID.json``) made relative again:
    ``(file:///tmp/.../site/ID.json)`` becomes ``(ID.json)`` followed by as many spaces
    (white space between PDF tokens), so no object moves and no absolute path remains."""
    pattern = re.compile(rb"\(" + re.escape(prefix) + rb"([^()\\]*)\)")
    return pattern.sub(lambda m: b"(" + m.group(1) + b")" + b" " * len(prefix), pdf)
