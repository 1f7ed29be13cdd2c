"""Analyse and lint one journey: the single entry point the commands use."""
from __future__ import annotations

from typing import Iterable

from ..errors import JourneyError, Problem
from ..findings import Finding
from .chain import ChainError
from ..model.journey import Journey
from ..rules import RULES
from .analysis import Analysis, analyse
from .lint import lint
from .profile import Profile

LEVELS = ("low", "medium", "high", "critical")


def assess(journey: Journey, profile: Profile, disabled: Iterable[str] = (),
           removal: bool = True) -> tuple[Analysis, list[Finding]]:
    """Analyse and lint; ``removal=False`` skips the fix-first ranking (``check``)."""
    try:
        analysis = analyse(journey, profile, removal=removal)
    except ChainError as exc:
        raise JourneyError([Problem(journey.path, journey.line, 1, str(exc))]) from None
    findings = lint(analysis, disabled)
    analysis.findings = findings
    return analysis, findings


def gate(analysis: Analysis, fail_on: str) -> list[Finding]:
    """Findings for touchpoints at or above ``fail_on`` (rule ``fail-on``, severity error)."""
    threshold = LEVELS.index(fail_on)
    journey = analysis.journey
    found = []
    for risk in analysis.ranked():
        if risk.kind == "outcome" or LEVELS.index(risk.level) < threshold:
            continue
        tp = journey.touchpoints[risk.id]
        found.append(Finding(journey.path, tp.line, tp.column, "fail-on", (
            f"touchpoint '{risk.id}' is {risk.level} (score {risk.score:g}), at or above "
            f"--fail-on {fail_on}"), "error", risk.id))
    return sorted(found)


__all__ = ["assess", "gate", "LEVELS", "RULES"]
