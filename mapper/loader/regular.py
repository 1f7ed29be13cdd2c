"""Read a file that must be a regular file, in bounded time.

A FIFO, a device or a socket named like a journey (``x.yaml``) would block a
plain ``open()`` for ever, or stream without end.  :func:`read_regular`
looks at the path with ``stat`` first and refuses anything but a regular
file; it then opens it with ``O_NONBLOCK`` (so a FIFO swapped in between
the two calls cannot block the open either) and checks the opened file
again with ``fstat``, which settles the race: what is read is what was
checked.
"""
from __future__ import annotations

import os
import stat

from ..core.errors import JourneyError, Problem

NOT_REGULAR = "not a regular file (a FIFO, device or socket?); give a file"


def _refuse(shown: str, mode: int) -> JourneyError:
    if stat.S_ISDIR(mode):
        return JourneyError([Problem(shown, 1, 1, "is a folder, not a file")])
    return JourneyError([Problem(shown, 1, 1, NOT_REGULAR)])


def read_regular(path: str, limit: int | None, shown: str | None = None) -> bytes:
    """At most ``limit + 1`` bytes of the regular file ``path`` (one more than
    ``limit`` says it is too large; ``None``: all of it); a located
    :class:`JourneyError` for anything else (``shown`` is the path used in
    messages)."""
    shown = shown or path
    try:
        mode = os.stat(path).st_mode
        if not stat.S_ISREG(mode):
            raise _refuse(shown, mode)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
                     | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise JourneyError([Problem(shown, 1, 1, f"cannot read file: {exc.strerror}")]) from None
    with os.fdopen(fd, "rb") as handle:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise _refuse(shown, mode)
        try:
            return handle.read(-1 if limit is None else limit + 1)
        except OSError as exc:
            raise JourneyError([Problem(shown, 1, 1,
                                        f"cannot read file: {exc.strerror}")]) from None


def file_size(path: str) -> int:
    """The size of ``path`` (for a message naming the real size)."""
    return os.stat(path).st_size
