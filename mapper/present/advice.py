"""Advice per touchpoint, drawn from the domain facts (README: How the risk score works).

Each rule looks at one fact of the journey or its analysis (a third-party
owner in warranty service, a promise, no complaint channel, a slow channel,
a segment served worse, a repeat visit riskier than the first, a severe or
frequent failure) and adds the advice customer-service practice gives for
it.  The texts live in the message catalogs (``advice.*``); the order of
the rules below is the order in the report, most specific first.
"""
from __future__ import annotations

from typing import Iterable

from ..core.findings import Finding
from ..core.vocabulary import Translator
from ..model.schema import ASPECTS
from ..risk.analysis import Analysis

MAX_ADVICE = 5
#: a touchpoint fails "often" from this likelihood on
FREQUENT = 0.15
#: severe failures: from this severity on (4 = major)
SEVERE = 4.0


def touchpoint_advice(t: Translator, analysis: Analysis, tid: str,
                      findings: Iterable[Finding]) -> list[str]:
    journey = analysis.journey
    tp = journey.touchpoints[tid]
    risk = analysis.touchpoints[tid]
    if tp.is_outcome:
        return []
    rules = {f.rule for f in findings if f.touchpoint == tid}
    factors = {f.factor for f in risk.factors}
    profile = analysis.profile
    out: list[str] = []

    if "unassessed" in factors and not tp.is_complaint_channel:
        out.append(t("advice.unassessed"))
    if tp.third_party and tp.owner is not None:
        key = "advice.third_party_warranty" if risk.aspect == "warranty" else \
            "advice.third_party"
        out.append(t(key, owner=tp.owner.name))
    for promise in tp.promises:
        broken = "unkept-promise" in rules
        out.append(t("advice.broken_promise" if broken else "advice.promise_made",
                     text=promise.text))
    for promise in journey.promises_kept_at.get(tid, ()):
        out.append(t("advice.promise_kept", text=promise.text))
    if not tp.is_complaint_channel and risk.likelihood > 0 and \
            journey.complaint_channel(tp) is None:
        out.append(t("advice.no_complaint_channel"))
    if tp.is_complaint_channel and tp.resolution is not None:
        hours = tp.resolution.hours
        if hours is not None and hours > profile.lint["slow_resolution_hours"]:
            out.append(t("advice.slow_complaints", hours=t.number(hours, 0)))
        if tp.resolution.rate < 0.7:
            out.append(t("advice.low_resolution", rate=t.percent(tp.resolution.rate)))
    if "double_standard" in factors or "double-standard" in rules:
        out.append(t("advice.double_standard"))
    if "taken_for_granted" in factors or "taken-for-granted" in rules:
        out.append(t("advice.taken_for_granted"))
    if risk.severity >= SEVERE and risk.likelihood > 0:
        customers = profile.customers
        out.append(t("advice.severity_high", low=t.integer(customers["word_of_mouth_low"]),
                     high=t.integer(customers["word_of_mouth_high"])))
    if risk.likelihood >= FREQUENT:
        out.append(t("advice.likelihood_high", share=t.percent(risk.likelihood)))
    if tp.emotion is not None and tp.emotion <= -1:
        out.append(t("advice.negative_emotion"))
    ranking = [item.id for item in analysis.summary.fix_first[:3]]
    if tid in ranking[:3]:
        out.append(t("advice.fix_first", rank=ranking.index(tid) + 1,
                     saved=t.count("count.customers", risk.saved, 1)))
    return out[:MAX_ADVICE]


def journey_advice(t: Translator, analysis: Analysis) -> list[str]:
    """A few journey-wide recommendations for the summary."""
    journey = analysis.journey
    summary = analysis.summary
    out: list[str] = []
    stage_aspect = {stage.id: stage.aspect for stage in journey.stages}
    covered = {stage_aspect[tp.stage] for tp in journey.touchpoints.values()
               if tp.stage and not tp.is_outcome}
    for aspect in ASPECTS:
        if aspect not in covered:
            out.append(t("advice.missing_aspect", aspect=t(f"aspect.{aspect}")))
    if not journey.complaints and any(
            not tp.is_outcome and not tp.is_complaint_channel and tp.complaints is None
            for tp in journey.touchpoints.values()):
        out.append(t("advice.journey_complaints"))
    kinds = summary.outcome_kinds
    retained = sum(v for k, v in kinds.items() if k != "lost")
    if retained > 0 and kinds.get("advocate", 0.0) < 0.2 * retained:
        out.append(t("advice.loyalty_ladder"))
    if summary.money is not None and summary.money.total:
        factor = analysis.profile.customers["acquisition_cost_factor"]
        out.append(t("advice.keep_customers", factor=t.integer(factor)))
    return out
