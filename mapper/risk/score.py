"""Touchpoint risk score 0..100 with the factors that make it.

The score follows service FMEA: occurrence x severity x (un)recoverability,
the service form of the risk priority number, then raised or lowered by the
modifiers the domain names (third-party hand-off, promises due here, exposure,
repeat customers taken for granted).  Every factor's contribution is in score
points and the contributions add up to the score exactly::

    base  = 100 * O(p) * S(s) * U        O: occurrence, S = s/5, U: unrecoverability
    score = min(100, base * (1 + sum of modifiers))

With failure modes, ``(p, s)`` is the worst point of the risk curve:
``max over s of O(P(a failure at least as severe as s)) * S(s)``.

Properties (tested): the score never falls when likelihood or severity rise
(O and S increase; nothing else depends on them), nor when an owner becomes
a third party (a non-negative modifier); exposure uses the *planned* reach,
which no likelihood changes.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Optional

from ..core.vocabulary import english
from ..model.journey import Journey, Touchpoint
from ..model.schema import SEVERITY_WORDS
from .hazard import Hazard, evidence_estimate, quoted
from .profile import Profile


@dataclass(frozen=True, slots=True)
class Factor:
    factor: str
    contribution: float
    reason: str

    def as_json(self) -> dict[str, object]:
        return {"factor": self.factor, "contribution": round(self.contribution, 2),
                "reason": self.reason}


@dataclass
class Score:
    score: float
    level: str
    base: float
    factors: list[Factor] = field(default_factory=list)
    #: the risk-curve point the score weighs, ``(likelihood, severity)``
    curve: Optional[tuple[float, float]] = None


def occurrence(p: float, profile: Profile) -> float:
    r = profile.score["likelihood_reference"]
    return math.log10(1.0 + p / r) / math.log10(1.0 + 1.0 / r)


def severity_index(s: float) -> float:
    return s / 5.0


def percent(p: float) -> str:
    """A share in the English texts of the analysis (factor reasons, lint messages)."""
    return english().percent(p)


def recovery(journey: Journey, tp: Touchpoint, channel_likelihood: Optional[float],
             profile: Profile) -> tuple[float, str]:
    """(unrecoverability U in [1 - recovery_weight, 1], reason)."""
    channel_id = journey.complaint_channel(tp)
    if not channel_id or channel_id == tp.id or channel_likelihood is None:
        return 1.0, ("no complaint channel: nothing recovers a disappointed customer here"
                     if not tp.is_complaint_channel else
                     "a complaint channel's own failures have no further channel to recover them")
    channel = journey.touchpoints[channel_id]
    rate = channel.resolution.rate if channel.resolution else \
        profile.customers["default_resolution_rate"]
    hours = channel.resolution.hours if channel.resolution and \
        channel.resolution.hours is not None else None
    reference = profile.score["resolution_hours_reference"]
    speed = 1.0 / (1.0 + (hours if hours is not None else reference) / reference)
    effective = rate * (1.0 - channel_likelihood)
    u = 1.0 - profile.score["recovery_weight"] * effective * speed
    timing = f" within {hours:g} h" if hours is not None else " (no resolution time given)"
    defaulted = "" if channel.resolution else " (profile default rate)"
    failing = f", itself failing {percent(channel_likelihood)} of the time" \
        if channel_likelihood > 0 else ""
    return u, (f"complaint channel '{channel.name}' resolves {percent(rate)}{defaulted}"
               f"{timing}{failing}")


def score_touchpoint(journey: Journey, tp: Touchpoint, hazards: dict[str, dict[str, Hazard]],
                     weights: dict[str, float], planned_reach: float, profile: Profile,
                     first_visit_harm: Optional[float] = None,
                     first_visit: Optional[str] = None) -> Score:
    """Score one touchpoint; ``hazards[segment][touchpoint]``, ``weights[segment]``."""
    if tp.is_outcome:
        return Score(0.0, "low", 0.0, [Factor("outcome", 0.0, "an outcome: the journey ends here")])
    segment_hazards = {seg: h[tp.id] for seg, h in hazards.items()}
    if not any(h.assessed for h in segment_hazards.values()):
        reason = ("complaint channel without a risk of its own"
                  if tp.is_complaint_channel else
                  "no likelihood, failure modes or evidence given: counted as risk-free")
        return Score(0.0, "low", 0.0, [Factor("unassessed", 0.0, reason)])
    cfg = profile.score
    # The risk curve: for each severity level present, the likelihood of a
    # failure at least that bad (share-weighted over segments).  The base risk
    # is its worst point, O(P(>= s)) x S(s): for one failure mode simply
    # O(p) x S(s); with several it never falls when any mode's likelihood or
    # severity rises (a likelihood-weighted mean severity would).
    levels = sorted({level for h in segment_hazards.values() for _, level in h.modes})

    def curve_point(hazards_by_segment: dict[str, Hazard], share: dict[str, float]
                    ) -> tuple[float, float, float]:
        best = (-1.0, 0.0, levels[0] if levels else 1.0)
        for level in levels:
            p = sum(share[s] * h.exceedance(level) for s, h in hazards_by_segment.items())
            value = occurrence(p, profile) * severity_index(level)
            if value > best[0] + 1e-15:
                best = (value, p, level)
        return best
    _, mean_p, mean_s = curve_point(segment_hazards, weights)
    channel_id = journey.complaint_channel(tp)
    channel_p = None
    if channel_id and channel_id != tp.id:
        channel_p = sum(weights[s] * hazards[s][channel_id].likelihood for s in hazards)
    u, recovery_reason = recovery(journey, tp, channel_p, profile)
    o = occurrence(mean_p, profile)
    s_idx = severity_index(mean_s)
    s_ref = severity_index(cfg["severity_reference"])
    u_ref = cfg["recoverability_reference"]
    base_mean = 100.0 * o * s_idx * u
    worst_segment, base_worst = None, base_mean
    if len(segment_hazards) > 1:
        for seg, h in segment_hazards.items():
            value = 100.0 * curve_point({seg: h}, {seg: 1.0})[0] * u
            if value > base_worst + 1e-12:
                worst_segment, base_worst = seg, value
    base = max(base_mean, base_worst)

    any_h = next(iter(segment_hazards.values()))
    likelihood, severity = quoted((weights[s], h) for s, h in segment_hazards.items())
    factors = [
        Factor("likelihood", 100.0 * o * s_ref * u_ref, _likelihood_reason(
            journey, tp, segment_hazards, profile, likelihood)),
        Factor("severity", 100.0 * o * (s_idx - s_ref) * u_ref,
               _severity_reason(any_h, segment_hazards, likelihood, severity, mean_p, mean_s)),
        Factor("recoverability", 100.0 * o * s_idx * (u - u_ref), recovery_reason),
    ]
    if worst_segment is not None:
        factors.append(Factor("double_standard", base - base_mean, (
            f"segment '{journey.segments[worst_segment].name or worst_segment}' is served "
            f"worse here ({percent(segment_hazards[worst_segment].likelihood)} negative "
            f"experiences, against {percent(mean_p)} on average)")))

    modifiers: list[tuple[str, float, str]] = []
    if tp.owner is not None and tp.owner.third_party:
        modifiers.append(("third_party", cfg["third_party"], (
            f"run by a third party ({tp.owner.name}): the customer still holds the seller "
            "responsible")))
    promises = journey.promises_kept_at.get(tp.id, ())
    if promises:
        weight = min(cfg["promise"] * len(promises), cfg["promise_max"])
        texts = ", ".join(f"'{p.text}'" for p in promises)
        by = " by a third party" if tp.third_party else ""
        word = "promise" if len(promises) == 1 else "promises"
        modifiers.append(("promises", weight, f"{word} {texts} {'is' if len(promises) == 1 else 'are'} kept here{by}"))
    if not tp.is_complaint_channel:
        reach = min(planned_reach, 1.0)
        weight = cfg["exposure"] * (reach - cfg["exposure_reference"])
        modifiers.append(("exposure", weight, (
            f"{percent(reach)} of the cohort passes here by design")))
    if first_visit_harm is not None and first_visit is not None and \
            expected_harm(segment_hazards, weights) > \
            first_visit_harm * (1.0 + profile.lint["taken_for_granted_margin"]):
        modifiers.append(("taken_for_granted", cfg["taken_for_granted"], (
            f"the repeat visit is riskier than the first ('{first_visit}'): repeat customers "
            "taken for granted")))
    total_weight = sum(w for _, w, _ in modifiers)
    for name, weight, reason in modifiers:
        factors.append(Factor(name, base * weight, reason))
    total = base * (1.0 + total_weight)
    if total > 100.0:
        factors.append(Factor("cap", 100.0 - total, "the score is capped at 100"))
        total = 100.0
    total = max(0.0, total)
    score = round(total, 1)
    return Score(score, profile.level(score), base, factors, (mean_p, mean_s))


def expected_harm(segment_hazards: dict[str, Hazard], weights: dict[str, float]) -> float:
    """Share-weighted expected severity per visit (never falls when a risk rises)."""
    return sum(weights[s] * h.harm for s, h in segment_hazards.items())


def _likelihood_reason(journey: Journey, tp: Touchpoint, segment_hazards: dict[str, Hazard],
                       profile: Profile, likelihood: float) -> str:
    """What the likelihood factor rests on, quoting the likelihood every output quotes:
    the share-weighted likelihood of any negative experience.  Evidence is quoted with
    its own estimate and interval, and segments that override it are named, so an
    estimate never stands beside another one's interval."""
    sources = {h.source for h in segment_hazards.values()}
    overridden = {seg: h for seg, h in segment_hazards.items()
                  if tp.segments.get(seg) is not None and
                  tp.segments[seg].likelihood is not None}
    if "failure_modes" in sources and tp.failure_modes:
        modes = ", ".join(f"{f.name} {percent(f.likelihood)}" if not isinstance(
            f.likelihood, str) else f"{f.name} ({f.likelihood})" for f in tp.failure_modes)
        text = f"failure modes ({modes}): a negative experience in {percent(likelihood)} of visits"
    elif "evidence" in sources and tp.evidence is not None:
        estimate, interval = evidence_estimate(tp.evidence.observed, tp.evidence.negative,
                                               profile)
        text = (f"{tp.evidence.negative} of {tp.evidence.observed} observed visits went "
                f"wrong: estimated {percent(estimate)} (90% interval {percent(interval[0])}–"
                f"{percent(interval[1])})")
        if not overridden:
            return text
    else:
        word = f" ({tp.likelihood})" if isinstance(tp.likelihood, str) and not overridden else ""
        if tp.likelihood_range is not None and not overridden:
            low, high = tp.likelihood_range
            word = f" (the middle of {percent(low)}–{percent(high)})"
        text = f"a negative experience in {percent(likelihood)} of visits{word}"
    if overridden:
        named = ", ".join(f"segment '{journey.segments[seg].name or seg}': "
                          f"{percent(h.likelihood)}" for seg, h in overridden.items())
        text += f"; {named}; {percent(likelihood)} of visits on average"
    return text


def severity_word(severity: float) -> str:
    """The grade a severity 1-5 rounds to, as a word (2.4: moderate)."""
    return SEVERITY_WORDS[min(5, max(1, int(severity + 0.5))) - 1]


def is_average(segment_hazards: dict[str, Hazard]) -> bool:
    """Whether the quoted severity averages several ways of going wrong (or segments)."""
    return len({level for h in segment_hazards.values() for p, level in h.modes if p > 0}) > 1


def curve_differs(likelihood: float, severity: float, curve_p: float, curve_s: float) -> bool:
    """Whether the score's risk-curve point is another pair than the quoted one."""
    return abs(curve_p - likelihood) > 1e-12 or abs(curve_s - severity) > 1e-9


def _severity_reason(h: Hazard, segment_hazards: dict[str, Hazard], likelihood: float,
                     severity: float, curve_p: float, curve_s: float) -> str:
    """The severity every output quotes (the average over the ways it can go wrong) and,
    where the score weighs another point of the risk curve, that point in words."""
    word = severity_word(severity)
    default = " (none given: profile default)" if h.severity_defaulted else ""
    average = " on average over the ways it can go wrong" if is_average(segment_hazards) \
        else ""
    # one decimal, as every table shows it (2.0, not 2)
    text = f"severity {english().number(severity, 1)} of 5 ({word}){average}{default}"
    if likelihood > 0 and curve_differs(likelihood, severity, curve_p, curve_s):
        text += (f"; the score weighs the worst combination of how often and how bad: "
                 f"{percent(curve_p)} of visits at severity {curve_s:g} or worse")
    return text
