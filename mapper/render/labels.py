"""Short, wrapped label lines for diagram nodes (user text shortened, never escaped here)."""
from __future__ import annotations

import textwrap

from ..core.textsafety import one_line
from .dot import clean


def shorten(value: str, width: int) -> str:
    """``value`` on one line, cut to ``width`` characters with an ellipsis."""
    flat = one_line(clean(value))
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


def wrap(value: str, width: int = 24, max_lines: int = 3) -> list[str]:
    """``value`` wrapped to lines of about ``width`` characters, at most ``max_lines``."""
    flat = one_line(clean(value))
    if not flat:
        return [""]
    wrapped = textwrap.wrap(flat, width=width, break_long_words=True, break_on_hyphens=False)
    if len(wrapped) > max_lines:
        wrapped = wrapped[:max_lines]
        wrapped[-1] = wrapped[-1][: width - 1].rstrip() + "…"
    return wrapped
