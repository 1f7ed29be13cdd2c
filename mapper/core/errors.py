"""The one error type that carries a location, and the problems it holds.

Every mistake in a user file becomes a :class:`Problem` (``path:line:col:
message``).  A loader collects all problems of a file and raises one
:class:`JourneyError` holding them, sorted by location, so a consultant sees
every mistake at once.  The CLI turns it into exit code 2 and never shows a
traceback.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Sequence


@dataclass(frozen=True, order=True, slots=True)
class Problem:
    """One located problem in a user file (lines and columns are 1-based)."""

    path: str
    line: int
    column: int
    message: str
    rule: str = field(default="invalid", compare=False)
    #: a place that is not a line and column (an XES element path), shown instead
    place: str = field(default="", compare=False)

    def __str__(self) -> str:
        return f"{self.path}:{self.place or f'{self.line}:{self.column}'}: {self.message}"

    @property
    def file(self) -> str:
        """The file the problem is in (the same as ``path``)."""
        return self.path


class JourneyError(Exception):
    """One or more located problems that make an input unusable.

    ``problems`` holds every :class:`Problem` found, sorted by location;
    ``str(error)`` is their lines, as the command line prints them."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems: list[Problem] = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


class UsageError(Exception):
    """The command line itself is wrong (exit code 2)."""


class ToolMissing(Exception):
    """An external tool (Graphviz ``dot``) is not installed (exit code 2)."""


def did_you_mean(word: str, candidates: Sequence[str]) -> str:
    """Return `` (did you mean 'x'?)`` for the nearest candidate, or ``""``."""
    if not candidates:
        return ""
    import difflib   # lazily: only a mistake needs it, and it costs 1.4 ms of start-up

    found = difflib.get_close_matches(str(word), list(candidates), n=1, cutoff=0.6)
    if not found:
        lowered = {str(c).lower(): c for c in candidates}
        hit = lowered.get(str(word).lower())
        if hit is None:
            return ""
        found = [hit]
    return f" (did you mean '{found[0]}'?)"
