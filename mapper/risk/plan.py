"""A costed fix plan: the set of open actions that saves the most within a budget.

Fixes interact — fixing an early step sends more customers to the later
ones, two fixes at one point overlap — so a plan is never the sum of its
actions' separate savings: every combination is evaluated on the chain.

* **Exact** for up to :data:`EXACT_LIMIT` candidate actions: every
  combination within the budget is evaluated (a depth-first enumeration
  that never extends a combination past the budget; each combination is
  solved once and memoised).  The budget curve is then the exact Pareto
  frontier: the most that can be saved for each amount spent.
* **Heuristic** beyond: greedy by marginal saving per unit of cost (each
  step re-evaluates every affordable candidate given those already
  chosen), compared with the best single affordable action, then improved
  by swapping one chosen action for one left out while that saves more.
  When savings do not reinforce each other (they are submodular) the
  better of greedy and the best single action saves at least
  ``(1 - 1/e) / 2`` (31.6 %) of the optimum (Khuller, Moss & Naor 1999;
  Leskovec et al. 2007); fixes on one path can reinforce each other, so
  the output calls the plan heuristic and states that bound as a guide.

Each combination's saving comes from the baseline's factorisation by a
low-rank (Sherman-Morrison-Woodbury) update of the rows its actions change
(:mod:`.woodbury`), without re-solving the chain; a combination whose
actions change the same state, or add or remove states, is re-analysed in
full.  The chosen plan's figures are always a full re-analysis of the
journey with its actions done.

Cost of an action: its one-off cost plus one year of its yearly cost.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Optional

from ..model.journey import Action, Journey
from .actions import done_ids, evaluate, outcome, saved
from .analysis import Analysis
from .profile import Profile
from .woodbury import Updates

EXACT_LIMIT = 20
OBJECTIVES = ("customers", "money")
#: the guaranteed share of the optimum of greedy-or-best-single under submodularity
HEURISTIC_BOUND = (1.0 - 1.0 / math.e) / 2.0


class PlanError(ValueError):
    """The plan cannot be made as asked (e.g. money without economics)."""


@dataclass
class Plan:
    journey: Journey
    objective: str
    budget: Optional[float]
    method: str                      # exact | heuristic
    candidates: list[Action]
    chosen: list[Action]
    before: dict[str, Any]
    after: dict[str, Any]
    saved: dict[str, Any]
    evaluated: int
    #: the budget curve: [{spend, saved, actions}], spend rising, saved never falling
    curve: list[dict[str, Any]] = field(default_factory=list)
    #: per candidate: what it saves alone against the baseline
    alone: dict[str, float] = field(default_factory=dict)

    @property
    def cost(self) -> dict[str, float]:
        once = sum(a.cost_once for a in self.chosen)
        yearly = sum(a.cost_yearly for a in self.chosen)
        return {"once": once, "yearly": yearly, "total": once + yearly}

    @property
    def objective_saved(self) -> float:
        return self.saved["customers"] if self.objective == "customers" else self.saved["money"]

    def as_json(self) -> dict[str, Any]:
        from .document import clean_numbers

        economics = self.journey.economics
        cost = self.cost
        document: dict[str, Any] = {
            "journey": self.journey.id, "file": self.journey.path,
            "objective": self.objective, "budget": self.budget,
            "currency": economics.currency if economics else None,
            "method": self.method, "candidates": len(self.candidates),
            "evaluated": self.evaluated,
            "chosen": [{"id": a.id, "touchpoint": a.touchpoint, "status": a.status,
                        "cost": a.cost, "saved_alone": self.alone.get(a.id, 0.0)}
                       for a in self.chosen],
            "left_out": [{"id": a.id, "touchpoint": a.touchpoint, "cost": a.cost,
                          "saved_alone": self.alone.get(a.id, 0.0)}
                         for a in self.candidates if a not in self.chosen],
            "cost": cost,
            "before": self.before, "after": self.after, "saved": self.saved,
            "saved_per_cost": (self.objective_saved / cost["total"]) if cost["total"] else None,
            "net_money": (self.saved["money"] - cost["total"]) if economics else None,
            "curve": self.curve,
        }
        if self.method == "heuristic":
            document["bound"] = HEURISTIC_BOUND
        return clean_numbers(document)


def candidates_of(journey: Journey) -> list[Action]:
    """Actions a plan may choose: neither done nor rejected, in journey order."""
    return [a for a in journey.actions.values() if a.status in ("proposed", "planned")]


def make_plan(analysis: Analysis, budget: Optional[float] = None,
              objective: str = "customers", exact_limit: Optional[int] = None) -> Plan:
    """The plan for an analysed journey (the analysis is the baseline); exact up to
    ``exact_limit`` candidates (default :data:`EXACT_LIMIT`)."""
    journey, profile = analysis.journey, analysis.profile
    if objective not in OBJECTIVES:
        raise PlanError(f"objective must be one of {', '.join(OBJECTIVES)}")
    if objective == "money" and journey.economics is None:
        raise PlanError("--objective money needs 'economics' in the journey")
    candidates = candidates_of(journey)
    search = _Search(journey, profile, analysis, candidates, objective)
    if len(candidates) <= (EXACT_LIMIT if exact_limit is None else exact_limit):
        best, curve = search.exact(budget)
        method = "exact"
    else:
        best, curve = search.heuristic(budget)
        method = "heuristic"
    chosen = [candidates[i] for i in sorted(best)]
    after = search.outcome(best)
    return Plan(journey, objective, budget, method, candidates, chosen, search.base, after,
                saved(search.base, after, journey.cohort, profile), search.evaluations,
                curve, {candidates[i].id: search.value(frozenset([i]))
                        for i in range(len(candidates))})


class _Search:
    def __init__(self, journey: Journey, profile: Profile, baseline: Analysis,
                 candidates: list[Action], objective: str):
        self.journey, self.profile = journey, profile
        self.candidates = candidates
        self.key = "expected_lost" if objective == "customers" else "money_at_risk"
        self.done = done_ids(journey)
        self.base = outcome(baseline)
        self.cache: dict[frozenset[int], dict[str, Any]] = {frozenset(): self.base}
        self.values: dict[frozenset[int], float] = {frozenset(): 0.0}
        self.evaluations = 0
        self.costs = [a.cost for a in candidates]
        self.updates: Optional[Updates] = None
        if candidates:
            try:
                self.updates = Updates(baseline, candidates, objective)
            except ValueError:   # pragma: no cover - a baseline without its chains
                self.updates = None

    def outcome(self, chosen: frozenset[int]) -> dict[str, Any]:
        """Every figure of the journey with ``chosen`` done: a full re-analysis."""
        if chosen not in self.cache:
            ids = self.done | {self.candidates[i].id for i in chosen}
            self.cache[chosen] = outcome(evaluate(self.journey, self.profile, ids))
        return self.cache[chosen]

    def value(self, chosen: frozenset[int]) -> float:
        """The objective saved by ``chosen``: a low-rank update of the baseline's
        solves where exact, else a full re-analysis (each combination counted once)."""
        if chosen not in self.values:
            fast = self.updates.saved(chosen) if self.updates is not None else None
            self.values[chosen] = fast if fast is not None else \
                self.base[self.key] - self.outcome(chosen)[self.key]
            self.evaluations += 1
        return self.values[chosen]

    def cost(self, chosen: frozenset[int]) -> float:
        return sum(self.costs[i] for i in chosen)

    # -- exact -----------------------------------------------------------------
    def exact(self, budget: Optional[float]) -> tuple[frozenset[int], list[dict[str, Any]]]:
        limit = math.inf if budget is None else budget + 1e-9
        points: list[tuple[float, float, frozenset[int]]] = []
        stack: list[tuple[frozenset[int], int, float]] = [(frozenset(), 0, 0.0)]
        while stack:
            chosen, start, spent = stack.pop()
            points.append((spent, self.value(chosen), chosen))
            for i in range(start, len(self.candidates)):
                if spent + self.costs[i] <= limit:
                    stack.append((chosen | {i}, i + 1, spent + self.costs[i]))
        return self._frontier(points)

    def _frontier(self, points: list[tuple[float, float, frozenset[int]]]
                  ) -> tuple[frozenset[int], list[dict[str, Any]]]:
        """The best plan and the curve: for each spend, the most saved at or below it.

        Ties go to the cheaper plan, then to fewer actions, then to the earlier
        actions in journey order (deterministic)."""
        order = sorted(points, key=lambda p: (p[0], -p[1], len(p[2]), sorted(p[2])))
        curve: list[dict[str, Any]] = []
        best: tuple[float, float, frozenset[int]] = (0.0, 0.0, frozenset())
        for spent, value, chosen in order:
            if value > best[1] + 1e-9:
                best = (spent, value, chosen)
                curve.append(self._point(spent, value, chosen))
        if not curve or curve[0]["spend"] > 0:
            curve.insert(0, self._point(0.0, 0.0, frozenset()))
        return best[2], curve

    def _point(self, spent: float, value: float, chosen: frozenset[int]) -> dict[str, Any]:
        return {"spend": spent, "saved": value,
                "actions": [self.candidates[i].id for i in sorted(chosen)]}

    # -- heuristic ---------------------------------------------------------------
    def heuristic(self, budget: Optional[float]) -> tuple[frozenset[int], list[dict[str, Any]]]:
        limit = math.inf if budget is None else budget + 1e-9
        n = len(self.candidates)
        chosen: frozenset[int] = frozenset()
        spent, value = 0.0, 0.0
        curve = [self._point(0.0, 0.0, chosen)]
        while True:
            best: Optional[tuple[float, int, float]] = None
            for i in range(n):
                if i in chosen or spent + self.costs[i] > limit:
                    continue
                gain = self.value(chosen | {i}) - value
                if gain <= 1e-12:
                    continue
                ratio = gain / self.costs[i] if self.costs[i] > 0 else math.inf
                if best is None or ratio > best[0] + 1e-15:
                    best = (ratio, i, gain)
            if best is None:
                break
            chosen = chosen | {best[1]}
            spent += self.costs[best[1]]
            value += best[2]
            curve.append(self._point(spent, value, chosen))
        singles = [i for i in range(n) if self.costs[i] <= limit]
        if singles:
            single = max(singles, key=lambda i: (self.value(frozenset([i])), -i))
            if self.value(frozenset([single])) > value + 1e-9:
                chosen, value = frozenset([single]), self.value(frozenset([single]))
        chosen, value = self._improve(chosen, value, limit)
        if value > curve[-1]["saved"] + 1e-9:
            curve.append(self._point(self.cost(chosen), value, chosen))
        return chosen, _monotone(curve)

    def _improve(self, chosen: frozenset[int], value: float, limit: float
                 ) -> tuple[frozenset[int], float]:
        """Swap one chosen action for one left out (or add one) while that saves more."""
        improved = True
        while improved:
            improved = False
            outside = [j for j in range(len(self.candidates)) if j not in chosen]
            moves = [chosen | {j} for j in outside] + \
                [(chosen - {i}) | {j} for i in sorted(chosen) for j in outside]
            for option in moves:
                if self.cost(option) <= limit and self.value(option) > value + 1e-9:
                    chosen, value, improved = option, self.value(option), True
                    break
        return chosen, value


def _monotone(curve: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Keep the points where the saving rises (spend rising)."""
    kept: list[dict[str, Any]] = []
    for point in sorted(curve, key=lambda p: (p["spend"], -p["saved"])):
        if not kept or point["saved"] > kept[-1]["saved"] + 1e-9:
            kept.append(point)
    return kept
