"""A validated journey back as plain file values (what a journey file would say).

The values are the *merged* ones (a ``use:`` entry's keys included); the
importers drop what a catalog entry already says.  Likelihood and severity
words stay words, numbers stay exact, so writing these values back gives the
same journey and the same scores.
"""
from __future__ import annotations

from typing import Any, Optional

from ..model.journey import Action, Journey, Owner, Stage, Touchpoint


def owner_value(owner: Optional[Owner]) -> Any:
    if owner is None:
        return None
    return {"name": owner.name, "third_party": owner.third_party} if owner.third_party \
        else owner.name


def next_value(pairs: tuple[tuple[str, float], ...]) -> Any:
    """``next`` in its shortest exact form: an id, a list (even split) or a mapping."""
    if not pairs:
        return None
    if len(pairs) == 1 and pairs[0][1] == 1.0:
        return pairs[0][0]
    shares = {p for _, p in pairs}
    if len(pairs) > 1 and len(shares) == 1 and shares == {1.0 / len(pairs)}:
        return [t for t, _ in pairs]
    return {t: p for t, p in pairs}


def _drop_none(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is not None and v != {} and v != []}


def _range_value(bounds: Optional[tuple[float, float]]) -> Optional[dict[str, float]]:
    return {"low": bounds[0], "high": bounds[1]} if bounds else None


def touchpoint_values(tp: Touchpoint) -> dict[str, Any]:
    """Every key of the touchpoint as a file would give it (merged with its entry)."""
    data: dict[str, Any] = {
        "use": tp.catalog, "name": tp.name, "stage": tp.stage, "channel": tp.channel,
        "kind": tp.kind if tp.kind != "touchpoint" else None, "outcome": tp.outcome,
        "owner": owner_value(tp.owner), "description": tp.description,
        "likelihood": _range_value(tp.likelihood_range) or tp.likelihood,
        "severity": tp.severity, "emotion": tp.emotion,
        "failure_modes": [_drop_none({"name": f.name, "likelihood": f.likelihood,
                                      "severity": f.severity, "cause": f.cause,
                                      "effect": f.effect}) for f in tp.failure_modes],
        "evidence": _drop_none({"observed": tp.evidence.observed,
                                "negative": tp.evidence.negative,
                                "source": tp.evidence.source}) if tp.evidence else None,
        "promises": [{"id": p.id, "text": p.text, "kept_at": p.kept_at} for p in tp.promises],
        "complaints": tp.complaints,
        "segments": {sid: _drop_none({"likelihood": o.likelihood, "severity": o.severity,
                                      "emotion": o.emotion})
                     for sid, o in tp.segments.items()},
        "repeat_of": tp.repeat_of,
        "resolution": _drop_none({"rate": _range_value(tp.resolution.rate_range) or
                                  tp.resolution.rate, "hours": tp.resolution.hours,
                                  "back_to": tp.resolution.back_to}) if tp.resolution else None,
        "next": {t: _range_value(tp.next_ranges.get(t)) or p for t, p in tp.next}
        if tp.next_ranges else next_value(tp.next),
        "notes": tp.notes,
        "actions": [action_values(a) for a in tp.actions],
    }
    return _drop_none(data)


def action_values(action: Action) -> dict[str, Any]:
    """An action as a file gives it."""
    cost = {k: v for k, v in (("once", action.cost_once), ("yearly", action.cost_yearly)) if v}
    return _drop_none({"id": action.id, "description": action.description,
                       "owner": action.owner, "due": action.due, "status": action.status,
                       "cost": cost or None, "effect": dict(action.effect) or None})


def stage_values(stage: Stage) -> dict[str, Any]:
    data: dict[str, Any] = {"id": stage.id, "aspect": stage.aspect}
    if stage.name != stage.id:
        data["name"] = stage.name
    if stage.description:
        data["description"] = stage.description
    return data


def journey_settings(journey: Journey) -> dict[str, Any]:
    """Journey-level keys other than id, title, description, notes, stages, touchpoints."""
    data: dict[str, Any] = {"language": journey.language, "cohort": journey.cohort}
    if journey.economics is not None:
        e = journey.economics
        data["economics"] = _drop_none({"currency": e.currency,
                                        "customer_value": e.customer_value,
                                        "acquisition_cost": e.acquisition_cost})
    if journey.segments:
        data["segments"] = {sid: _drop_none({"share": s.share, "value": s.value,
                                             "name": s.name})
                            for sid, s in journey.segments.items()}
    if journey.entry:
        if len(journey.entry) == 1 and journey.entry[0][1] == 1.0:
            data["entry"] = journey.entry[0][0]
        else:
            data["entry"] = {t: share for t, share in journey.entry}
    if journey.complaints:
        data["complaints"] = journey.complaints
    if journey.lint_disable:
        data["lint"] = {"disable": sorted(journey.lint_disable)}
    return data
