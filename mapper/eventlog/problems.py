"""Located problems in data files: ``file:line:column`` or ``file:/xes/element/path``."""
from __future__ import annotations

from ..core.errors import Problem


def located(path: str, where: str, message: str) -> Problem:
    """A problem at ``where``: ``line:column`` of a text file, or an XES element path."""
    line, _, column = where.partition(":")
    if line.isdigit() and column.isdigit():
        return Problem(path, int(line), int(column), message)
    return Problem(path, 1, 1, message, place=where)
