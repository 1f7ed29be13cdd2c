"""A Mermaid ``journey`` diagram of a scored journey (``export --format mermaid``).

Sections are the stages in order; tasks are the touchpoints of each stage,
outcomes last.  Mermaid draws a task's score 1..5 as a face from sad to
happy; journeymap derives it from the customer's emotion and the
touchpoint's risk level:

    score = 3 + emotion                 (emotion -2..+2; none given: 0)
          - 0 | 1 | 2 | 3               (risk level low | medium | high | critical)
    rounded half up, kept within 1..5

so a pleasant but risky point shows as a neutral or sad face.  Outcomes score
5 (``loyal``, ``advocate``), 4 (``repeat_purchase``) or 1 (``lost``).  A
task's actors are the customer and, where the touchpoint has one, its owner
(a courier, a service centre).  All text is made safe with
:func:`.mermaid_text.journey_text`.
"""
from __future__ import annotations

import math
from typing import Optional

from ..risk.analysis import Analysis
from ..core.vocabulary import translator
from .mermaid_text import journey_text

LEVEL_PENALTY = {"low": 0, "medium": 1, "high": 2, "critical": 3}
OUTCOME_SCORE = {"advocate": 5, "loyal": 5, "repeat_purchase": 4, "lost": 1}


def task_score(emotion: Optional[float], level: str, outcome: Optional[str] = None) -> int:
    """The 1..5 Mermaid score of a touchpoint (see the module docstring)."""
    if outcome is not None:
        return OUTCOME_SCORE.get(outcome, 3)
    raw = 3 + (emotion or 0.0) - LEVEL_PENALTY.get(level, 0)
    return max(1, min(5, math.floor(raw + 0.5)))


def mermaid_journey(analysis: Analysis) -> str:
    journey = analysis.journey
    lang = journey.language
    customer = journey_text(translator(lang)("export.customer"), actor=True)
    sections: list[tuple[str, list[str]]] = []
    for stage in journey.stages:
        tasks = [tid for tid, tp in journey.touchpoints.items() if tp.stage == stage.id]
        if tasks:
            sections.append((stage.name, tasks))
    loose = [tid for tid, tp in journey.touchpoints.items() if tp.stage is None]
    if loose:
        sections.append((translator(lang)("export.outcomes"), loose))
    lines = ["journey", f"    title {journey_text(journey.title, journey.id, title=True)}"]
    for name, tasks in sections:
        lines.append(f"    section {journey_text(name)}")
        for tid in tasks:
            tp = journey.touchpoints[tid]
            risk = analysis.touchpoints[tid]
            actors = [customer]
            if tp.owner is not None:
                actors.append(journey_text(tp.owner.name, actor=True))
            score = task_score(risk.emotion, risk.level, tp.outcome)
            lines.append(f"      {journey_text(tp.name, tid)}: {score}: {', '.join(actors)}")
    return "\n".join(lines) + "\n"
