"""The report's fix-plan section: actions, the costed plan and its budget curve, formatted."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ..core.vocabulary import Translator
from ..risk.analysis import Analysis
from ..present.raw import raw

#: the report plans exactly up to this many open actions (a build stays quick);
#: beyond, it uses the plan's documented heuristic
REPORT_EXACT_LIMIT = 12


@dataclass(frozen=True)
class Cell:
    text: str
    value: str = ""   # the raw number as ID.json holds it, for data-value


@dataclass(frozen=True)
class ActionRow:
    id: str
    touchpoint: str
    href: str
    description: str
    status: str
    owner: str
    due: str
    cost: Cell
    score: Cell              # after the action; ``score_before`` beside it
    score_before: str
    customers: Cell
    money: Optional[Cell]
    chosen: bool


@dataclass(frozen=True)
class CurvePoint:
    spend: Cell
    saved: Cell
    actions: list[str]


@dataclass(frozen=True)
class PlanView:
    actions: list[ActionRow]
    summary: list[tuple[str, str]] = field(default_factory=list)
    curve: list[CurvePoint] = field(default_factory=list)
    money: bool = False
    currency: str = ""


def plan_view(t: Translator, analysis: Analysis) -> Optional[PlanView]:
    """The section's view, or None for a journey without actions."""
    if not analysis.actions:
        return None
    from ..risk.plan import make_plan

    journey = analysis.journey
    currency = journey.economics.currency if journey.economics else ""
    money = journey.economics is not None
    plan = make_plan(analysis, exact_limit=REPORT_EXACT_LIMIT)
    doc = plan.as_json()
    chosen = {a["id"] for a in doc["chosen"]}
    rows = []
    for item in analysis.actions:
        cost = item["cost"]["once"] + item["cost"]["yearly"]
        saved = item["saved"]
        rows.append(ActionRow(
            id=item["id"], touchpoint=journey.touchpoints[item["touchpoint"]].name,
            href=f"#tp-{item['touchpoint']}", description=item["description"] or "",
            status=t(f"plan.status.{item['status']}"), owner=item["owner"] or "",
            due=item["due"] or "", cost=Cell(t.money(cost, currency).strip(), raw(cost)),
            score=Cell(f"{t.number(item['score']['before'])} → {t.number(item['score']['after'])}",
                       raw(item["score"]["after"])),
            score_before=raw(item["score"]["before"]),
            customers=Cell(t.signed(saved["customers"]), raw(saved["customers"])),
            money=Cell(t.money(saved["money"], currency), raw(saved["money"])) if money else None,
            chosen=item["id"] in chosen))
    summary: list[tuple[str, str]] = []
    if doc["candidates"]:
        before, after, cost = doc["before"], doc["after"], doc["cost"]
        summary = [
            (t("plan.cost"), t.money(cost["total"], currency).strip()),
            (t("plan.retained"), f"{t.number(before['retained'])} → "
                                 f"{t.number(after['retained'])}"),
            (t("plan.lost"), f"{t.number(before['expected_lost'])} → "
                             f"{t.number(after['expected_lost'])}"),
            (t("plan.profit"), t("plan.profit_value",
                                 low=t.signed_percent(doc["saved"]["profit_uplift"]["low"]),
                                 high=t.signed_percent(doc["saved"]["profit_uplift"]["high"]))),
        ]
        if doc["saved_per_cost"] is not None:
            summary.append((t("plan.per_cost", currency=currency),
                            t.number(doc["saved_per_cost"] * 1000, 2)))
        if money:
            summary.append((t("plan.net_money"), t.money(doc["net_money"], currency)))
        if doc["method"] == "heuristic":
            summary.append((t("plan.method"), t("plan.heuristic",
                                                bound=t.percent(doc["bound"]))))
    curve = [CurvePoint(Cell(t.money(p["spend"], currency).strip(), raw(p["spend"])),
                        Cell(t.number(p["saved"]), raw(p["saved"])), list(p["actions"]))
             for p in doc["curve"]]
    return PlanView(rows, summary, curve, money, currency)


