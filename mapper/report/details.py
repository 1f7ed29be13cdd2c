"""Per-touchpoint details of the report: facts, factors, failure modes, promises, advice.

Part of the report's view model (see :mod:`mapper.report.view`): plain data
with every figure formatted in the journey's language.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Optional, Union

from ..core.findings import Finding
from ..core.rules import RULES
from ..core.vocabulary import Translator
from ..model.journey import Journey, Touchpoint
from ..risk.analysis import Analysis
from ..risk.hazard import likelihood_value, severity_value
from ..present.advice import touchpoint_advice
from ..present.explain import Quoted, explain
from ..present.raw import raw

@dataclass
class FactorRow:
    name: str
    contribution: str
    sign: str  # "up" | "down" | "zero"
    text: str
    lang: Optional[str] = None
    #: the raw contribution (``data-value``)
    value: str = ""
    #: ``text`` in pieces: text and the touchpoint's quoted figures (each shown as a
    #: ``<data>`` element with its raw value); empty when the text quotes none
    parts: tuple[Union[str, Quoted], ...] = ()


@dataclass
class FailureModeRow:
    name: str
    likelihood: str
    severity: str
    cause: str
    effect: str
    #: the raw likelihood and severity (``data-value``)
    likelihood_value: str = ""
    severity_value: str = ""


@dataclass
class PromiseRow:
    text: str
    role: str
    other: str
    href: str


@dataclass
class Fact:
    label: str
    value: str
    href: Optional[str] = None
    #: an identifier or file name, shown as code
    code: bool = False
    #: the raw figure of a numeric fact (``data-value``)
    raw_value: Optional[str] = None


@dataclass
class TouchpointView:
    id: str
    anchor: str
    name: str
    level: str
    level_label: str
    score: str
    badges: list[str]
    facts: list[Fact]
    description: str
    notes: str
    factors: list[FactorRow]
    failure_modes: list[FailureModeRow]
    promises: list[PromiseRow]
    advice: list[str]
    findings: list[str]
    #: a large journey's touchpoint outside its worst few: named with its
    #: figures only (``summary``), its anchor kept for the links to it
    brief: bool = False
    summary: str = ""


@dataclass
class StageView:
    name: str
    aspect: str
    anchor: str
    touchpoints: list[TouchpointView]


def _hours(t: Translator, hours: float) -> str:
    return t.figure(hours)


def touchpoint_view(t: Translator, analysis: Analysis, tid: str,
                    findings: list[Finding], through: Optional[float] = None) -> TouchpointView:
    """One touchpoint's details; ``findings`` may be all of the journey's or just
    this touchpoint's; ``through`` the customers lost after complaining here (a
    complaint channel)."""
    journey = analysis.journey
    tp = journey.touchpoints[tid]
    risk = analysis.touchpoints[tid]
    assessed = any(f.factor != "unassessed" for f in risk.factors)
    badges = []
    if tp.is_complaint_channel:
        badges.append(t("badge.complaint_channel"))
    if tp.third_party:
        badges.append(t("badge.third_party"))
    if not assessed and not tp.is_complaint_channel:
        badges.append(t("badge.unassessed"))
    if tp.repeat_of:
        badges.append(t("badge.repeat"))

    facts: list[Fact] = []
    if tp.stage:
        stage = journey.stage(tp.stage)
        facts.append(Fact(t("fact.stage"), f"{stage.name} ({t(f'aspect.{stage.aspect}')})"))
    if tp.channel:
        facts.append(Fact(t("fact.channel"), t.words("channel", tp.channel)))
    if tp.owner is not None:
        owner = tp.owner.name + (f" ({t('badge.third_party')})" if tp.third_party else "")
        facts.append(Fact(t("fact.owner"), owner))
    if tp.is_complaint_channel and tp.resolution is not None:
        value = t.percent(tp.resolution.rate)
        if tp.resolution.hours is not None:
            value = t("fact.resolution_hours", rate=value, hours=_hours(t, tp.resolution.hours))
        facts.append(Fact(t("fact.resolution"), value))
        if tp.resolution.back_to:
            target = journey.touchpoints[tp.resolution.back_to]
            facts.append(Fact(t("fact.back_to"), target.name, f"#tp-{target.id}"))
    elif not tp.is_complaint_channel:
        channel = journey.complaint_channel(tp)
        if channel:
            facts.append(Fact(t("fact.complaints"), journey.touchpoints[channel].name,
                              f"#tp-{channel}"))
        else:
            facts.append(Fact(t("fact.complaints"), t("fact.none")))
    if assessed:
        source = t(f"fact.source.{risk.source}") if t.has(f"fact.source.{risk.source}") else ""
        facts.append(Fact(t("fact.likelihood"), t.percent(risk.likelihood) +
                          (f" ({source})" if source else ""), raw_value=raw(risk.likelihood)))
        facts.append(Fact(t("fact.severity"), t(
            "fact.severity_modes" if risk.source == "failure_modes" and len(tp.failure_modes) > 1
            else "fact.severity_value", value=t.number(risk.severity, 1)),
            raw_value=raw(risk.severity)))
    if risk.emotion is not None:
        facts.append(Fact(t("fact.emotion"), t.signed(risk.emotion, 1)))
    facts.append(Fact(t("fact.reach"), t.percent(risk.reach)))
    lost = t.count("count.customers", risk.expected_lost, 1)
    facts.append(Fact(t("fact.lost"), t("fact.lost_channel" if tp.is_complaint_channel
                                        else "fact.lost_here", lost=lost)))
    if tp.is_complaint_channel:
        facts.append(Fact(t("fact.lost_through"), t(
            "fact.lost_through_value", lost=t.count("count.customers", through or 0.0, 1))))
    if risk.complaints > 0:
        facts.append(Fact(t("fact.complaint_count"),
                          t.count("count.customers", risk.complaints, 1)))
    if risk.saved > 0:
        facts.append(Fact(t("fact.saved"), t.count("count.customers", risk.saved, 1)))
    if tp.repeat_of:
        first = journey.touchpoints[tp.repeat_of]
        facts.append(Fact(t("fact.repeat_of"), first.name, f"#tp-{first.id}"))
    if tp.catalog:
        facts.append(Fact(t("fact.catalog"), tp.catalog, code=True))
    facts.append(Fact(t("fact.line"), f"{os.path.basename(journey.path)}:{tp.line}", code=True))

    factors = []
    for factor in risk.factors:
        if factor.factor in ("outcome",):
            continue
        explanation = explain(t, analysis, risk, factor)
        shown = round(factor.contribution, 1)
        factors.append(FactorRow(explanation.name, t.signed(factor.contribution, 1),
                                 "up" if shown > 0 else "down" if shown < 0 else "zero",
                                 explanation.text, explanation.lang, raw(factor.contribution),
                                 explanation.parts))
    modes = [FailureModeRow(m.name, _level_text(t, analysis, m.likelihood, True),
                            _level_text(t, analysis, m.severity, False),
                            m.cause or "", m.effect or "",
                            raw(likelihood_value(m.likelihood, analysis.profile)),
                            raw(severity_value(m.severity)))
             for m in tp.failure_modes]
    promises = [PromiseRow(p.text, t("promise.made_here"), journey.touchpoints[p.kept_at].name,
                           f"#tp-{p.kept_at}") for p in tp.promises]
    promises += [PromiseRow(p.text, t("promise.kept_here"), journey.touchpoints[p.made_at].name,
                            f"#tp-{p.made_at}") for p in journey.promises_kept_at.get(tid, ())]
    own = [f for f in findings if f.touchpoint == tid]
    return TouchpointView(
        id=tid, anchor=f"tp-{tid}", name=tp.name, level=risk.level if assessed else "unassessed",
        level_label=t.level(risk.level) if assessed else t("table.unassessed"),
        score=t.number(risk.score, 1), badges=badges, facts=facts,
        description=shown_description(journey, tp), notes=tp.notes or "", factors=factors,
        failure_modes=modes, promises=promises,
        advice=touchpoint_advice(t, analysis, tid, findings),
        findings=[finding_text(t, f, journey)[0] for f in own])


def brief_view(t: Translator, analysis: Analysis, tid: str) -> TouchpointView:
    """A touchpoint of a large journey outside its worst few: name, level and figures."""
    risk = analysis.touchpoints[tid]
    assessed = any(f.factor != "unassessed" for f in risk.factors)
    summary = t("details.brief", score=t.number(risk.score, 1),
                lost=t.count("count.customers", risk.expected_lost, 1),
                reach=t.percent(risk.reach))
    return TouchpointView(
        id=tid, anchor=f"tp-{tid}", name=risk.name,
        level=risk.level if assessed else "unassessed",
        level_label=t.level(risk.level) if assessed else t("table.unassessed"),
        score=t.number(risk.score, 1), badges=[], facts=[], description="", notes="",
        factors=[], failure_modes=[], promises=[], advice=[], findings=[], brief=True,
        summary=summary)


def shown_description(journey: Journey, tp: Touchpoint) -> str:
    """The touchpoint's description, unless it is the (English) catalog entry's own text
    in a report of another language: the catalog entry is named among the facts instead.
    Where the description came from is recorded when the journey is loaded."""
    text = tp.description or ""
    if journey.language != "en" and tp.catalog_description:
        return ""
    return text


def _level_text(t: Translator, analysis: Analysis, value: Any, likelihood: bool) -> str:
    if isinstance(value, str):
        word = t(f"likelihood.{value}") if likelihood and t.has(f"likelihood.{value}") else \
            t(f"severity.{value}") if t.has(f"severity.{value}") else value
        if likelihood and value in analysis.profile.likelihood_words:
            return f"{word} ({t.percent(analysis.profile.likelihood_words[value])})"
        return word
    return t.percent(float(value)) if likelihood else t.number(float(value), 0)


def finding_text(t: Translator, finding: Finding,
                 journey: Optional[Journey] = None) -> tuple[str, Optional[str]]:
    """The finding in plain words in the report's language (names, not ids; the
    figures that triggered the rule; what to do), and its language if different.

    Worded from the finding's parameters with the catalog's ``finding.<rule>``
    (or ``finding.<rule>.<variant>``) message; a finding without parameters
    falls back to the rule's catalog text or its English message."""
    if journey is not None and (finding.params or finding.touchpoint):
        data = finding.data
        variant = data.get("variant")
        key = f"finding.{finding.rule}" + (f".{variant}" if variant else "")
        if not t.has(key):
            key = f"finding.{finding.rule}"
        if t.has(key):
            return t(key, **_finding_fields(t, journey, finding.touchpoint, data)), None
    if t.lang == "en":
        return finding.message, None
    if finding.rule in RULES:
        return RULES[finding.rule].text(t.lang), None
    return finding.message, "en"


def _finding_fields(t: Translator, journey: Journey, tid: str,
                    data: dict[str, Any]) -> dict[str, str]:
    """The finding's parameters formatted for its message: touchpoints by name, shares
    as percentages, severities, hours, emotions and harms as numbers."""
    def name(touchpoint: str) -> str:
        tp = journey.touchpoints.get(touchpoint)
        return t("quote", text=tp.name if tp else touchpoint)

    fields = {"tp": name(tid) if tid else ""}
    for key, value in data.items():
        if key in ("first", "kept_at"):
            fields[key] = name(value)
        elif key in ("segment", "other", "promise"):
            fields[key] = t("quote", text=str(value))
        elif key in ("likelihood", "other_likelihood", "share", "threshold"):
            fields[key] = t.percent(value)
        elif key in ("severity", "other_severity", "hours", "limit"):
            fields[key] = t.figure(value)
        elif key in ("emotion", "other_emotion"):
            fields[key] = t.signed(value, 1)
        elif key in ("harm", "first_harm"):
            fields[key] = t.number(value, 2)
        elif key == "aspect":
            fields[key] = t(f"aspect.{value}")
    return fields
