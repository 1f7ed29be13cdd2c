"""A touchpoint named with its risk badge: the link, level and score that the
canvas and the portfolio page show for one touchpoint."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class TouchpointBadge:
    name: str
    href: str
    #: ``low`` … ``critical``, or ``unassessed`` (the badge's style)
    level: str
    level_label: str
    score: str
