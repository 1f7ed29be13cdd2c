"""Terminal manners: colour only on a terminal (``--color``, ``NO_COLOR`` and
``FORCE_COLOR`` decide otherwise), progress only on an interactive stderr, quiet in CI."""
from __future__ import annotations

import os
from typing import Any, Iterable, TextIO

from ..core.textsafety import terminal_text

SEVERITY_COLOURS = {"error": "31", "warning": "33", "info": "36"}  # red, yellow, cyan


def is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


COLOR_MODES = ("auto", "always", "never")


def use_colour(stream: TextIO, mode: str = "auto") -> bool:
    """Whether to write ANSI colour to ``stream``.

    In order: ``--color always|never``; then ``NO_COLOR`` set and not empty
    (https://no-color.org) turns colour off; then ``FORCE_COLOR`` set and not
    empty, ``0`` or ``false`` turns it on (https://force-color.org); then
    colour on a terminal whose ``TERM`` is not ``dumb``.
    """
    if mode in ("always", "never"):
        return mode == "always"
    if os.environ.get("NO_COLOR", "") != "":
        return False
    if os.environ.get("FORCE_COLOR", "").lower() not in ("", "0", "false"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    return is_terminal(stream)


def finding_line(finding: Any, colour: bool) -> str:
    """``file:line:col: rule: message``, the rule in its severity's colour."""
    rule = paint(finding.rule, SEVERITY_COLOURS.get(finding.severity, ""), colour)
    return f"{finding.file}:{finding.line}:{finding.column}: {rule}: {finding.message}\n"


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
    """``[3/40] online-shop: diagrams 4/12`` on one rewritten line of an interactive stderr.

    :meth:`step` names the item, :meth:`phase` what is happening to it (one
    large journey takes a while: load, score, report, diagrams N/M),
    :meth:`note` anything else.  Silent when stderr is not a terminal (CI
    logs, pipes), when quiet, and for fewer than ``minimum`` items.
    """

    def __init__(self, stream: TextIO, total: int, quiet: bool = False, minimum: int = 2):
        self.stream = getattr(stream, "raw", stream)   # it writes "\r" itself
        self.total = total
        self.enabled = not quiet and total >= minimum and is_terminal(stream) \
            and os.environ.get("CI", "") == ""
        self.width = 0
        self.current = ""

    def step(self, index: int, label: str) -> None:
        self.current = f"[{index}/{self.total}] {label}"
        self.note(self.current)

    def phase(self, text: str) -> None:
        self.note(f"{self.current}: {text}" if self.current else text)

    def note(self, text: str) -> None:
        if not self.enabled:
            return
        text = terminal_text(text, keep_colour=False)[:78]
        self.stream.write("\r" + text.ljust(self.width))
        self.stream.flush()
        self.width = len(text)

    def done(self) -> None:
        if self.enabled and self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.width = 0
