"""Analyse and lint one journey: the single entry point the commands use."""
from __future__ import annotations

from typing import Any, Iterable, Sequence

from ..core.errors import JourneyError, Problem
from ..core.findings import Finding
from .chain import ChainError
from ..model.journey import Journey
from ..core.rules import RULES
from ..core.vocabulary import LEVELS
from .analysis import Analysis, analyse
from .lint import lint
from .profile import Profile



def assess(journey: Journey, profile: Profile, disabled: Iterable[str] = (),
           removal: bool = True, linted: bool = True) -> tuple[Analysis, list[Finding]]:
    """Analyse and lint; ``removal=False`` skips the fix-first ranking (``check``),
    ``linted=False`` the lint rules (no findings: the terminal's risk table)."""
    analysis = analysed(journey, profile, removal)
    return analysis, complete(analysis, disabled, removal, linted)


def analysed(journey: Journey, profile: Profile, removal: bool = True) -> Analysis:
    """The engine's figures: every touchpoint's score, where the cohort ends up
    and (with ``removal``) the fix-first ranking, which is all the diagrams
    show; :func:`complete` adds the rest."""
    try:
        return analyse(journey, profile, removal=removal)
    except ChainError as exc:
        where = exc.touchpoint
        line, column = (where.line, where.column) if where else (journey.line, 1)
        raise JourneyError([Problem(journey.path, line, column, str(exc))]) from None


def complete(analysis: Analysis, disabled: Iterable[str] = (), removal: bool = True,
             linted: bool = True) -> list[Finding]:
    """What only the tables, the report and the JSON show, added to an
    :func:`analysed` journey: the actions' figures and the uncertainty (with
    ``removal``), and the findings of the lint rules not ``disabled`` (with
    ``linted``), which are returned and kept in ``analysis.findings``."""
    journey = analysis.journey
    if removal and journey.actions:
        from .actions import action_figures
        try:
            analysis.actions = action_figures(analysis)
        except ChainError as exc:
            raise JourneyError([Problem(journey.path, journey.line, 1,
                                        f"with an action's effect, {exc}")]) from None
    if removal:
        from .uncertainty import monte_carlo, sources
        if sources(journey):
            analysis.uncertainty = monte_carlo(analysis)
    findings = lint(analysis, disabled) if linted else []
    analysis.findings = findings
    return findings


def gate_records(analysis: Analysis) -> list[list[Any]]:
    """``[id, level, score, line, column]`` of every touchpoint, for :func:`gate_findings`."""
    journey = analysis.journey
    return [[risk.id, risk.level, risk.score, journey.touchpoints[risk.id].line,
             journey.touchpoints[risk.id].column]
            for risk in analysis.ranked() if risk.kind != "outcome"]


def gate_findings(path: str, records: Iterable[Sequence[Any]], fail_on: str) -> list[Finding]:
    """Findings (rule ``fail-on``, severity error) for records at or above ``fail_on``."""
    threshold = LEVELS.index(fail_on)
    found = []
    for tid, level, score, line, column in records:
        if LEVELS.index(level) >= threshold:
            found.append(Finding(path, line, column, "fail-on", (
                f"touchpoint '{tid}' is {level} (score {score:g}), at or above "
                f"--fail-on {fail_on}"), "error", tid))
    return sorted(found)


def gate(analysis: Analysis, fail_on: str) -> list[Finding]:
    """Findings for touchpoints at or above ``fail_on`` (rule ``fail-on``, severity error)."""
    return gate_findings(analysis.journey.path, gate_records(analysis), fail_on)


__all__ = ["assess", "gate", "gate_findings", "gate_records", "LEVELS", "RULES"]
