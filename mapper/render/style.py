"""The visual vocabulary shared by diagrams and reports: level colours, cues, line widths.

Colours come from the Okabe-Ito palette (safe for the common colour-vision
deficiencies): blue for low, yellow for medium, orange for high, vermillion
for critical risk.  Colour is never the only cue: the border gets heavier
with the level (width, then a double border for critical), and every node
spells out its level and score.
"""
from __future__ import annotations

import math
from dataclasses import dataclass


FONT = "DejaVu Sans"


@dataclass(frozen=True, slots=True)
class LevelStyle:
    fill: str
    border: str
    penwidth: float
    peripheries: int
    marker: str  # a text cue in tables and the legend


LEVELS: dict[str, LevelStyle] = {
    "low": LevelStyle("#D4EBF9", "#0072B2", 1.0, 1, "○"),
    "medium": LevelStyle("#F8EE9C", "#8A7A00", 2.0, 1, "◐"),
    "high": LevelStyle("#F6C46A", "#9A5B00", 3.0, 1, "●"),
    "critical": LevelStyle("#EE8B5B", "#7A2800", 3.0, 2, "◆"),
}
UNASSESSED = LevelStyle("#FFFFFF", "#8C8C8C", 1.0, 1, "·")

#: outcome fills: good outcomes bluish green, lost grey
OUTCOME_FILL = {"repeat_purchase": "#CDEDE2", "loyal": "#A6DCC8", "advocate": "#7FCBAF",
                "lost": "#D9D9D9"}
OUTCOME_BORDER = {"repeat_purchase": "#00785A", "loyal": "#00785A", "advocate": "#00785A",
                  "lost": "#595959"}

FLOW = "#4D4D4D"
COMPLAINT = "#CC79A7"      # Okabe-Ito reddish purple: complaint hand-offs (dashed)
RECOVERY = "#009E73"       # Okabe-Ito bluish green: resolved complainers return (dotted)
CLUSTER_FILL = "#F5F6F8"
CLUSTER_BORDER = "#B8BEC8"

MIN_PEN, MAX_PEN = 0.8, 6.0


def traffic_width(traffic: float, largest: float) -> float:
    """Edge width for ``traffic`` visits per customer, relative to the largest flow.

    Square-root scaling keeps small flows visible next to the main path.
    """
    if largest <= 0 or traffic <= 0:
        return MIN_PEN
    return MIN_PEN + (MAX_PEN - MIN_PEN) * math.sqrt(min(traffic / largest, 1.0))
