"""How a journey file's path is written into outputs and messages.

Two checkouts of the same repository must produce the same bytes, and a
consultant's home folder must never leak into a report sent to a client:
every path written into an output (``ID.json``, findings, SARIF, Markdown,
annotations, the HTML report and the index) is relative to the working
folder when the file is under it, otherwise relative to the journeys folder
given on the command line (or in the configuration file); never absolute.
:func:`shown_path` is the one place that decides it.
"""
from __future__ import annotations

import os
from typing import Optional


def _under(path: str, folder: str) -> bool:
    try:
        return os.path.commonpath([path, folder]) == folder
    except ValueError:   # different drives
        return False


def _relative(path: str, folder: str) -> Optional[str]:
    """``path`` relative to ``folder`` if it lies under it (symbolic links resolved
    if the plain comparison fails), else None."""
    for candidate, base in ((os.path.abspath(path), os.path.abspath(folder)),
                            (os.path.realpath(path), os.path.realpath(folder))):
        if _under(candidate, base):
            return os.path.relpath(candidate, base)
    return None


def posix(path: str) -> str:
    return path.replace(os.sep, "/") if os.sep != "/" else path


def shown_path(path: str, root: Optional[str] = None, cwd: Optional[str] = None) -> str:
    """The form of ``path`` written into outputs: relative to the working folder
    ``cwd`` (default: the current one) when the file is under it, otherwise
    relative to ``root`` (the journeys folder given; a file given by itself is
    its own root: its name), never absolute.
    """
    if path == "-" or path.startswith("<"):
        return "<stdin>" if path == "-" else path
    relative = _relative(path, cwd or os.getcwd())
    if relative is None and root is not None:
        base = root if os.path.isdir(root) else os.path.dirname(os.path.abspath(root))
        relative = _relative(path, base)
    if relative is None or relative == ".":
        relative = os.path.basename(os.path.abspath(path))
    return posix(relative)


class SourcePath(str):
    """A journey file's path as found (what is opened) that also knows its
    :func:`shown_path` (what outputs and messages name)."""

    shown: str

    def __new__(cls, path: str, root: Optional[str] = None) -> "SourcePath":
        self = super().__new__(cls, path)
        self.shown = shown_path(path, root)
        return self

    def __reduce__(self) -> tuple[object, ...]:   # copies and pickles keep the shown form
        return (_rebuild, (str(self), self.shown))


def _rebuild(path: str, shown: str) -> SourcePath:
    self = str.__new__(SourcePath, path)
    self.shown = shown
    return self


def shown(path: str) -> str:
    """The shown form of a path from :func:`mapper.model.workspace.discover` (or any path)."""
    return getattr(path, "shown", None) or shown_path(path)
