"""The raw number behind a formatted figure, for the report's ``data-value`` attributes.

Every numeric cell of the report's tables carries ``data-value``: the figure
as ``ID.json`` stores it (rounded to 6 decimals, written the way Python
writes a float, e.g. ``134.0625``, ``0.088`` or ``1000.0``), so checks and
users' scripts read the figures without parsing locale formats.
"""
from __future__ import annotations

from ..risk.document import clean_numbers


def raw(value: float) -> str:
    """``value`` as ``ID.json`` holds it, as text."""
    return repr(clean_numbers(float(value)))
