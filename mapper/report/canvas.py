"""The journey canvas: stages as columns, and aligned rows under them.

The one-page view consultants know from journey-mapping workshops: for each
stage its touchpoints with their risk badges, how customers feel there, the
pain points (failure modes and lint findings), who runs it (third parties
marked) and what to do (the journey's actions on it, else the fix-first
opportunities).  A stage lists at most ``PER_STAGE`` touchpoints, its
riskiest, so the canvas of a journey of up to 40 touchpoints fits one A4
landscape page and a larger one stays a page.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..core.findings import Finding
from ..core.vocabulary import Translator
from ..risk.analysis import Analysis
from .badge import TouchpointBadge

#: touchpoints, pain points, owners and actions named per stage at most
PER_STAGE = 8
PAINS = 4
ACTIONS = 3


@dataclass
class CanvasStage:
    name: str
    aspect: str
    href: str
    touchpoints: list[TouchpointBadge] = field(default_factory=list)
    more: str = ""
    emotion: str = ""
    #: "positive" | "neutral" | "negative" | "" (none recorded)
    mood: str = ""
    pains: list[str] = field(default_factory=list)
    owners: list[str] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)


def _mood(value: float) -> str:
    return "positive" if value >= 0.5 else "negative" if value <= -0.5 else "neutral"


def journey_canvas(t: Translator, analysis: Analysis, findings: list[Finding]) -> list[CanvasStage]:
    """One column per stage that has touchpoints, in journey order."""
    journey = analysis.journey
    members: dict[str, list[str]] = {}
    for tid, tp in journey.touchpoints.items():
        if tp.stage and not tp.is_outcome:
            members.setdefault(tp.stage, []).append(tid)
    found: dict[str, int] = {}
    for finding in findings:
        if finding.touchpoint:
            found[finding.touchpoint] = found.get(finding.touchpoint, 0) + 1
    saved_rank = {item["id"]: i for i, item in enumerate(analysis.summary.get("fix_first", []))}
    actions: dict[str, list[str]] = {}
    for action in journey.actions.values():
        if action.status != "rejected":
            text = action.description or action.id
            actions.setdefault(action.touchpoint, []).append(
                t("canvas.action", text=text, status=t(f"canvas.status.{action.status}")))
    columns = []
    for index, stage in enumerate(journey.stages):
        ids = members.get(stage.id, [])
        if not ids:
            continue
        risks = sorted((analysis.touchpoints[tid] for tid in ids),
                       key=lambda r: (-r.score, ids.index(r.id)))
        shown = sorted(risks[:PER_STAGE], key=lambda r: ids.index(r.id))
        column = CanvasStage(stage.name, t(f"aspect.{stage.aspect}"), f"#stage-{index + 1}")
        for risk in shown:
            assessed = any(f.factor != "unassessed" for f in risk.factors)
            column.touchpoints.append(TouchpointBadge(
                risk.name, f"#tp-{risk.id}", risk.level if assessed else "unassessed",
                t.level(risk.level) if assessed else t("table.unassessed"),
                t.number(risk.score, 1)))
        if len(risks) > PER_STAGE:
            column.more = t("canvas.more", n=len(risks) - PER_STAGE)
        feelings = [r.emotion for r in risks if r.emotion is not None]
        if feelings:
            mean = sum(feelings) / len(feelings)
            column.mood = _mood(mean)
            column.emotion = t("canvas.emotion", value=t.signed(mean, 1),
                               word=t(f"canvas.mood.{column.mood}"))
        pains = []
        for risk in risks:
            tp = journey.touchpoints[risk.id]
            for mode in tp.failure_modes:
                pains.append(t("canvas.pain", name=mode.name, where=risk.name))
            if not tp.failure_modes and risk.likelihood > 0 and risk.level != "low":
                pains.append(t("canvas.pain_plain", where=risk.name,
                               share=t.percent(risk.likelihood)))
            if found.get(risk.id):
                pains.append(t.count("canvas.findings", found[risk.id], where=risk.name))
        column.pains = pains[:PAINS] + ([t("canvas.more", n=len(pains) - PAINS)]
                                        if len(pains) > PAINS else [])
        owners = []
        for risk in risks:
            tp = journey.touchpoints[risk.id]
            if tp.owner is not None:
                owner = ("⚑ " if tp.third_party else "") + tp.owner.name
                if owner not in owners:
                    owners.append(owner)
        column.owners = owners
        todo = [text for tid in ids for text in actions.get(tid, [])]
        if not todo:
            best = sorted((r for r in risks if r.id in saved_rank), key=lambda r: saved_rank[r.id])
            todo = [t("canvas.opportunity", where=r.name,
                      saved=t.count("count.customers", r.saved, 1)) for r in best if r.saved >= 0.05]
        column.actions = todo[:ACTIONS]
        columns.append(column)
    return columns
