"""Terminal manners: colour only on a terminal (never with ``NO_COLOR``), progress only
on an interactive stderr, quiet in CI."""
from __future__ import annotations

import os
from typing import TextIO

SEVERITY_COLOURS = {"error": "31", "warning": "33", "info": "36"}  # red, yellow, cyan


def is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


def use_colour(stream: TextIO) -> bool:
    """ANSI colour on a terminal, unless ``NO_COLOR`` is set (https://no-color.org)."""
    if os.environ.get("NO_COLOR", "") != "":
        return False
    if os.environ.get("TERM") == "dumb":
        return False
    return is_terminal(stream)


def paint(text: str, code: str, enabled: bool) -> str:
    return f"\033[{code}m{text}\033[0m" if enabled and code else text


class Progress:
    """``[3/40] building online-shop`` on one rewritten line of an interactive stderr.

    Silent when stderr is not a terminal (CI logs, pipes), when quiet, and for
    fewer than ``minimum`` items.
    """

    def __init__(self, stream: TextIO, total: int, quiet: bool = False, minimum: int = 2):
        self.stream = stream
        self.total = total
        self.enabled = not quiet and total >= minimum and is_terminal(stream) \
            and os.environ.get("CI", "") == ""
        self.width = 0

    def step(self, index: int, label: str) -> None:
        if not self.enabled:
            return
        text = f"[{index}/{self.total}] {label}"[:78]
        self.stream.write("\r" + text.ljust(self.width))
        self.stream.flush()
        self.width = len(text)

    def done(self) -> None:
        if self.enabled and self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
