"""Recommended actions: what each one changes, and the journey with a set of them done.

An action's ``effect`` replaces keys of its touchpoint.  ``done`` actions are
part of the baseline (the loader applies them); every other action is
measured against that baseline: its touchpoint's score before and after, and
the customers, money and word of mouth it saves.  A ``done`` action is
measured the other way round — the baseline without it, against the
baseline — so its figures say what it is saving now.
"""
from __future__ import annotations

from typing import Any, Iterable, Optional

from ..model.build import apply_actions
from ..model.journey import Action, Journey
from dataclasses import replace
from .analysis import Analysis, analyse, profit_lever
from .profile import Profile


def done_ids(journey: Journey) -> frozenset[str]:
    return frozenset(a.id for a in journey.actions.values() if a.status == "done")


def with_actions(journey: Journey, chosen: Iterable[str]) -> Journey:
    """The journey with exactly the actions in ``chosen`` applied (done or not)."""
    chosen = set(chosen)
    if chosen == done_ids(journey):
        return journey
    touchpoints = dict(journey.touchpoints)
    for tid, tp in touchpoints.items():
        if tp.actions:
            written = journey.as_written.get(tid, tp)
            touchpoints[tid] = apply_actions(written, {a.id for a in tp.actions
                                                        if a.id in chosen})
    return replace(journey, touchpoints=touchpoints)


def outcome(analysis: Analysis) -> dict[str, Any]:
    """The figures an action or a plan changes, from an analysis."""
    s = analysis.summary
    return {"retained": s["retained"], "expected_lost": s["expected_lost"],
            "money_at_risk": s.get("money_at_risk", 0.0),
            "word_of_mouth": dict(s["word_of_mouth"]),
            "good_word_of_mouth": dict(s["good_word_of_mouth"])}


def evaluate(journey: Journey, profile: Profile, chosen: Iterable[str]) -> Analysis:
    """Analysis of the journey with ``chosen`` actions applied (no fix-first ranking)."""
    return analyse(with_actions(journey, chosen), profile, removal=False)


def saved(before: dict[str, Any], after: dict[str, Any], cohort: float,
          profile: Profile) -> dict[str, Any]:
    """What going from ``before`` to ``after`` saves (positive: better)."""
    cut = before["expected_lost"] - after["expected_lost"]
    lever = profit_lever(after["expected_lost"], cohort, profile, cut=cut / cohort if cohort else 0.0)
    return {
        "customers": cut,
        "retained": after["retained"] - before["retained"],
        "money": before["money_at_risk"] - after["money_at_risk"],
        "word_of_mouth": {k: before["word_of_mouth"][k] - after["word_of_mouth"][k]
                          for k in ("low", "high")},
        "good_word_of_mouth": {k: after["good_word_of_mouth"][k] - before["good_word_of_mouth"][k]
                               for k in ("low", "high")},
        "profit_uplift": {"low": lever.get("uplift_low", 0.0),
                          "high": lever.get("uplift_high", 0.0)},
    }


def action_figures(analysis: Analysis, evaluated: Optional[dict[frozenset[str], Analysis]] = None
                   ) -> list[dict[str, Any]]:
    """Per action: its touchpoint's score before/after and what it saves."""
    journey, profile = analysis.journey, analysis.profile
    baseline = done_ids(journey)
    cache = evaluated if evaluated is not None else {}
    cache.setdefault(baseline, analysis)

    def run(ids: frozenset[str]) -> Analysis:
        if ids not in cache:
            cache[ids] = evaluate(journey, profile, ids)
        return cache[ids]

    figures = []
    for action in journey.actions.values():
        if action.status == "done":
            before, after = run(baseline - {action.id}), analysis
        else:
            before, after = analysis, run(baseline | {action.id})
        figures.append(_figures(action, before, after, journey.cohort, profile))
    return figures


def _figures(action: Action, before: Analysis, after: Analysis, cohort: float,
             profile: Profile) -> dict[str, Any]:
    old, new = before.touchpoints[action.touchpoint], after.touchpoints[action.touchpoint]
    return {
        "id": action.id, "touchpoint": action.touchpoint, "status": action.status,
        "description": action.description, "owner": action.owner, "due": action.due,
        "cost": {"once": action.cost_once, "yearly": action.cost_yearly},
        "effect": list(action.effect_keys),
        "score": {"before": old.score, "after": new.score},
        "level": {"before": old.level, "after": new.level},
        "saved": saved(outcome(before), outcome(after), cohort, profile),
        "line": action.line,
    }
