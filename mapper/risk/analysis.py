"""The whole risk analysis of one journey: scores, where the cohort ends up, losses, fix-first.

``analyse(journey, profile)`` is a pure function of its inputs: the same
journey and profile always give the same numbers.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from ..core.findings import Finding
from ..model.journey import Journey
from .chain import ChainResult, planned_reach, solve_chain
from .hazard import Hazard, emotion, hazard, quoted
from .profile import Profile
from .score import Factor, Score, expected_harm, score_touchpoint
from .summary import CurvePoint, FixFirst, Moment, Money, PeakEnd, Summary, WordOfMouth

ALL = "all"


@dataclass
class TouchpointRisk:
    """The figures of one touchpoint: its score 0-100 and level, the factors that
    made them, its reach (expected visits per customer) and the customers
    lost, disappointed, complaining and saved (fix-first) there."""

    id: str
    name: str
    stage: Optional[str]
    aspect: Optional[str]
    kind: str
    outcome: Optional[str]
    score: float
    level: str
    factors: list[Factor]
    likelihood: float
    severity: float
    source: str
    interval: Optional[tuple[float, float]]
    emotion: Optional[float]
    reach: float
    planned_reach: float
    expected_lost: float
    disappointed: float
    complaints: float
    saved: float
    third_party: bool
    line: int
    base: float = 0.0
    #: the point of the risk curve the score weighs: the likelihood of a negative
    #: experience at least as bad as the severity (``(likelihood, severity)``); it
    #: differs from the quoted pair when a touchpoint can go wrong in several ways
    curve: Optional[tuple[float, float]] = None


@dataclass
class Analysis:
    """A journey's risk analysis: ``touchpoints[id]`` (scores and figures, in the
    journey's order), ``summary`` (journey-wide figures), ``findings`` (lint) and,
    with segments, ``segments`` (figures per segment)."""

    journey: Journey
    profile: Profile
    touchpoints: dict[str, TouchpointRisk]
    summary: Summary
    segments: dict[str, dict[str, Any]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    #: the solved chain of each segment (``all`` without segments), for later questions
    chains: dict[str, ChainResult] = field(default_factory=dict)
    weights: dict[str, float] = field(default_factory=dict)
    #: per recommended action: score before/after and what it saves (see risk.actions)
    actions: list[dict[str, Any]] = field(default_factory=list)
    #: Monte Carlo intervals when a value is uncertain (see risk.uncertainty), else None
    uncertainty: Optional[dict[str, Any]] = None

    def to_json(self) -> str:
        """The JSON document (``score --format json``, ``ID.json``), as text."""
        from .document import analysis_json_text

        return analysis_json_text(self, self.findings)

    def ranked(self) -> list[TouchpointRisk]:
        """Touchpoints by score, highest first (ties: expected loss, then journey order)."""
        order = {tid: i for i, tid in enumerate(self.touchpoints)}
        return sorted(self.touchpoints.values(),
                      key=lambda t: (-t.score, -t.expected_lost, order[t.id]))


def segment_weights(journey: Journey) -> dict[str, float]:
    if not journey.segments:
        return {ALL: 1.0}
    return {sid: seg.share for sid, seg in journey.segments.items()}


def analyse(journey: Journey, profile: Profile, removal: bool = True) -> Analysis:
    weights = segment_weights(journey)
    hazards: dict[str, dict[str, Hazard]] = {
        seg: {tid: hazard(tp, profile, None if seg == ALL else seg)
              for tid, tp in journey.touchpoints.items()}
        for seg in weights}
    results: dict[str, ChainResult] = {}
    for seg in weights:   # segments differ in likelihoods: their chains share loops
        results[seg] = solve_chain(journey, hazards[seg], profile, with_removal=removal,
                                   like=results[next(iter(results))].lu if results else None)
    planned = planned_reach(journey, profile)
    cohort = float(journey.cohort)

    scores: dict[str, Score] = {}
    for tid, tp in journey.touchpoints.items():
        first_harm = first_name = None
        if tp.repeat_of is not None:
            first_harm = expected_harm({s: hazards[s][tp.repeat_of] for s in weights}, weights)
            first_name = journey.touchpoints[tp.repeat_of].name
        scores[tid] = score_touchpoint(journey, tp, hazards, weights, planned[tid], profile,
                                       first_visit_harm=first_harm, first_visit=first_name)

    def mix(attr: str, i: int) -> float:
        return sum(weights[s] * float(getattr(results[s], attr)[i]) for s in weights)

    stage_aspect = {stage.id: stage.aspect for stage in journey.stages}
    touchpoints: dict[str, TouchpointRisk] = {}
    for i, (tid, tp) in enumerate(journey.touchpoints.items()):
        mean_p, mean_s = quoted((weights[s], hazards[s][tid]) for s in weights)
        emotions = [emotion(tp, None if s == ALL else s) for s in weights]
        known = [(weights[s], e) for s, e in zip(weights, emotions) if e is not None]
        mean_e = sum(w * e for w, e in known) / sum(w for w, _ in known) if known else None
        first_h = hazards[next(iter(weights))][tid]
        sc = scores[tid]
        touchpoints[tid] = TouchpointRisk(
            id=tid, name=tp.name, stage=tp.stage, aspect=stage_aspect.get(tp.stage or ""),
            kind=tp.kind if not tp.is_outcome else "outcome", outcome=tp.outcome,
            score=sc.score, level=sc.level, factors=sc.factors, likelihood=mean_p,
            severity=mean_s if not tp.is_outcome else 0.0, source=first_h.source,
            interval=first_h.interval, emotion=mean_e, reach=mix("visits", i),
            planned_reach=planned[tid], expected_lost=cohort * mix("lost_at", i),
            disappointed=cohort * mix("disappointed_at", i),
            complaints=cohort * mix("complained_at", i), saved=cohort * mix("saved", i),
            third_party=tp.third_party, line=tp.line, base=sc.base, curve=sc.curve)

    summary = _summary(journey, profile, weights, results, touchpoints, cohort)
    segments = {}
    if journey.segments:
        for sid in weights:
            seg_cohort = cohort * weights[sid]
            segments[sid] = _figures(journey, profile, results[sid], seg_cohort,
                                     journey.segments[sid].value)
    return Analysis(journey, profile, touchpoints, summary, segments, chains=results,
                    weights=weights)


def _figures(journey: Journey, profile: Profile, result: ChainResult, cohort: float,
             value: Optional[float]) -> dict[str, Any]:
    disappointed = cohort * sum(result.disappointed_at)
    lost = cohort * result.expected_lost
    figures: dict[str, Any] = {
        "cohort": cohort,
        "retained": cohort * result.retained,
        "expected_lost": lost,
        "dropped": cohort * result.dropped,
        "disappointed": disappointed,
    }
    money = _money(journey, lost, value)
    if money is not None:
        figures["money_at_risk"] = money["total"]
    return figures


def _money(journey: Journey, lost: float, value: Optional[float]) -> Optional[dict[str, Any]]:
    """Money figures of ``lost`` customers, without counting one customer twice.

    ``lost_value`` is what the lost customers were worth (customer value, or
    the segment's own ``value``); ``replacement_cost`` is what winning as many
    new customers would cost (acquisition cost).  They are two views of the
    same loss — a firm either does without the customers or pays to replace
    them — so they are never added.  ``total`` (the summary's
    ``money_at_risk``) is the lost value when a customer value is known,
    else the replacement cost; ``basis`` says which.
    """
    economics = journey.economics
    if economics is None:
        return None
    customer_value = value if value is not None else economics.customer_value
    lost_value = lost * (customer_value or 0.0)
    replacement = lost * (economics.acquisition_cost or 0.0)
    basis = "lost_value" if customer_value is not None or \
        economics.acquisition_cost is None else "replacement_cost"
    return {"currency": economics.currency, "lost_value": lost_value,
            "replacement_cost": replacement, "basis": basis,
            "total": lost_value if basis == "lost_value" else replacement}


def _summary(journey: Journey, profile: Profile, weights: dict[str, float],
             results: dict[str, ChainResult], touchpoints: dict[str, TouchpointRisk],
             cohort: float) -> Summary:
    def total(attr: str) -> float:
        return cohort * sum(weights[s] * float(getattr(results[s], attr)) for s in weights)

    outcome_ids = [tid for tid, tp in journey.touchpoints.items() if tp.is_outcome]
    outcomes = {tid: cohort * sum(weights[s] * results[s].outcomes[tid] for s in weights)
                for tid in outcome_ids}
    kinds: dict[str, float] = {}
    for tid in outcome_ids:
        kind = journey.touchpoints[tid].outcome or ""
        kinds[kind] = kinds.get(kind, 0.0) + outcomes[tid]
    disappointed = sum(t.disappointed for t in touchpoints.values())
    cfg = profile.customers
    expected_lost = total("expected_lost")
    recovered = total("recovered")
    speakers = kinds.get("advocate", 0.0) + recovered
    money = None
    if journey.economics is not None:
        if journey.segments:
            parts = [_money(journey, cohort * weights[s] * results[s].expected_lost,
                            journey.segments[s].value) for s in weights]
            known = [p for p in parts if p]
            basis = "lost_value" if any(p["basis"] == "lost_value" for p in known) \
                else "replacement_cost"
            lost_value = sum(p["lost_value"] for p in known)
            replacement = sum(p["replacement_cost"] for p in known)
            money = Money(journey.economics.currency, lost_value, replacement, basis,
                          lost_value if basis == "lost_value" else replacement)
        else:
            whole = _money(journey, expected_lost, None) or {}
            money = Money(whole["currency"], whole["lost_value"], whole["replacement_cost"],
                          whole["basis"], whole["total"])
    order = {tid: i for i, tid in enumerate(touchpoints)}
    ranked = sorted((t for t in touchpoints.values() if t.saved > 1e-9),
                    key=lambda t: (-t.saved, order[t.id]))
    levels = {"low": 0, "medium": 0, "high": 0, "critical": 0}
    for t in touchpoints.values():
        if t.kind != "outcome":
            levels[t.level] += 1
    return Summary(
        cohort=cohort, retained=total("retained"), expected_lost=expected_lost,
        dropped=total("dropped"), resolved_exit=total("resolved"), outcomes=outcomes,
        outcome_kinds=kinds, disappointed=disappointed,
        complaints=sum(t.complaints for t in touchpoints.values()),
        word_of_mouth=WordOfMouth(disappointed * cfg["word_of_mouth_low"],
                                  disappointed * cfg["word_of_mouth_high"]),
        recovered=recovered,
        good_word_of_mouth=WordOfMouth(speakers * cfg["good_word_of_mouth_low"],
                                       speakers * cfg["good_word_of_mouth_high"]),
        profit_lever=profit_lever(expected_lost, cohort, profile),
        fix_first=[FixFirst(t.id, t.name, t.saved) for t in ranked], levels=levels,
        peak_end=peak_end(journey, touchpoints), money=money)


def profit_lever(lost: float, cohort: float, profile: Profile,
                 cut: float = 0.0) -> dict[str, float]:
    """The defection rate and the profit rule of thumb (25-85% per 5-point cut).

    With ``cut`` (a cut in defections, as a share of the cohort) the
    ``uplift`` is the rule scaled linearly to that cut, never beyond the
    rule's own 5-point cut (the literature says nothing of larger cuts):
    what a fix is worth in profit, as a range of shares of today's profit.
    """
    cfg = profile.customers
    lever = {"defection_rate": lost / cohort if cohort else 0.0,
             "cut": cfg["profit_lever_cut"], "low": cfg["profit_lever_low"],
             "high": cfg["profit_lever_high"]}
    if cut:
        scale = max(-1.0, min(1.0, cut / cfg["profit_lever_cut"]))
        lever["uplift_low"] = scale * cfg["profit_lever_low"]
        lever["uplift_high"] = scale * cfg["profit_lever_high"]
    return lever


def peak_end(journey: Journey, touchpoints: dict[str, TouchpointRisk]) -> Optional[PeakEnd]:
    """Peak-end view of the emotion curve along the main path.

    The felt emotion at a point is its planned emotion lowered by what can go
    wrong there: ``(1 - p) * e + p * (-2 * severity / 5)``.  The journey is
    remembered by its most intense moment (the peak, by absolute value) and
    its end; the remembered score is their average.
    """
    curve: list[CurvePoint] = []
    for tid in journey.views.main_path:
        risk = touchpoints[tid]
        if risk.emotion is None:
            continue
        felt = (1.0 - risk.likelihood) * risk.emotion + risk.likelihood * (-2.0 * risk.severity / 5.0)
        curve.append(CurvePoint(tid, risk.emotion, felt))
    if not curve:
        return None
    peak = max(enumerate(curve), key=lambda item: (abs(item[1].felt), -item[0]))[1]
    end = curve[-1]
    return PeakEnd(curve, Moment(peak.id, peak.felt), Moment(end.id, end.felt),
                   (peak.felt + end.felt) / 2.0)
