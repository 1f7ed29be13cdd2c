"""Terminal manners: colour only on a terminal (never with ``NO_COLOR``), progress only
on an interactive stderr, quiet in CI."""
from __future__ import annotations

import os
from typing import Any, Iterable, TextIO

from .textsafety import terminal_text

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


class SafeStream:
    """A text stream that shows every control character written to it as an escape
    (``\\x1b``), so no file name, argument or text can drive the terminal; the tool's
    own colour sequences pass.  ``raw`` is the stream underneath."""

    def __init__(self, stream: TextIO):
        self.raw = stream

    def write(self, text: str) -> int:
        return self.raw.write(terminal_text(text))

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.raw, name)


def safe_stream(stream: TextIO) -> TextIO:
    return stream if isinstance(stream, SafeStream) else SafeStream(stream)  # type: ignore[return-value]


class Progress:
    """``[3/40] building online-shop`` on one rewritten line of an interactive stderr.

    Silent when stderr is not a terminal (CI logs, pipes), when quiet, and for
    fewer than ``minimum`` items.
    """

    def __init__(self, stream: TextIO, total: int, quiet: bool = False, minimum: int = 2):
        self.stream = getattr(stream, "raw", stream)   # it writes "\r" itself
        self.total = total
        self.enabled = not quiet and total >= minimum and is_terminal(stream) \
            and os.environ.get("CI", "") == ""
        self.width = 0

    def step(self, index: int, label: str) -> None:
        if not self.enabled:
            return
        text = terminal_text(f"[{index}/{self.total}] {label}", keep_colour=False)[:78]
        self.stream.write("\r" + text.ljust(self.width))
        self.stream.flush()
        self.width = len(text)

    def done(self) -> None:
        if self.enabled and self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
