"""The risk table's rows, one typed row per touchpoint, for every output.

The terminal table (``score``), the report's risk table, the Markdown
summary, the CSV and the XLSX risk register all build their rows here, so
they list the same touchpoints in the same order with the same figures and
name the same top factor.  A row holds raw figures only (as ``ID.json``
holds them); each output formats them in its own way and language.

The figures quoted for a touchpoint, everywhere (table, matrix, details,
factor texts), are one pair:

- **likelihood**: the share of visits with any negative experience there;
- **severity**: how bad those experiences are on average, 1 (minor) to 5
  (critical), each way it can go wrong weighted by how often it happens
  (so it can lie between grades, e.g. 2.4).

The score itself weighs the worst point of the risk curve (the likelihood of
a failure at least as bad as some grade, times that grade); the severity
factor's text says so in words where that point differs from the average.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ..risk.analysis import Analysis, TouchpointRisk
from ..risk.score import Factor

#: a factor "stands out" when it moves the score by more than this many points
#: (the scores are shown to one decimal: a smaller move would show as 0.0)
STANDS_OUT = 0.05
#: factors that never name a driver: no risk of its own, or the end of the journey
NOT_DRIVERS = ("unassessed", "outcome")


@dataclass(frozen=True, slots=True)
class TopFactor:
    """The factor that most drives a touchpoint's score, and by how many points."""
    factor: str
    contribution: float


@dataclass(frozen=True, slots=True)
class RiskRow:
    """One touchpoint of the risk table, its figures raw (as ``ID.json`` holds them)."""
    #: place in the engine's ranking (score, then expected loss, then journey order), from 1
    rank: int
    id: str
    name: str
    stage: Optional[str]
    #: the stage's name ("" without a stage) and its place in the journey (for sorting)
    stage_name: str
    stage_order: int
    kind: str
    level: str
    #: False when the touchpoint states no risk (no likelihood, failure modes or evidence)
    assessed: bool
    score: float
    likelihood: float
    severity: float
    reach: float
    expected_lost: float
    saved: float
    complaints: float
    disappointed: float
    third_party: bool
    #: place on the fix-first list, None when not on it
    fix_first: Optional[int]
    top: Optional[TopFactor]
    #: the engine's figures the row was built from (factors and their reasons)
    risk: TouchpointRisk

    @property
    def goes_wrong(self) -> bool:
        """Whether anything can go wrong here (without, its severity means nothing)."""
        return self.likelihood > 0


def top_factor(factors: list[Factor]) -> Optional[TopFactor]:
    """The factor that raises the score most beyond the plain likelihood; when none
    raises it noticeably, the one that moves it most either way (often the likelihood
    itself); None for a touchpoint without a risk of its own."""
    pool = [f for f in factors if f.factor not in NOT_DRIVERS]
    raising = [f for f in pool if f.factor != "likelihood" and f.contribution > STANDS_OUT]
    if raising:
        top = max(raising, key=lambda f: f.contribution)
    else:
        moving = [f for f in pool if abs(f.contribution) > STANDS_OUT]
        if not moving:
            return None
        top = max(moving, key=lambda f: abs(f.contribution))
    return TopFactor(top.factor, top.contribution)


def is_assessed(risk: TouchpointRisk) -> bool:
    return any(f.factor != "unassessed" for f in risk.factors)


def risk_rows(analysis: Analysis) -> list[RiskRow]:
    """Every touchpoint but the outcomes, in the engine's ranking."""
    journey = analysis.journey
    stage_names = {stage.id: stage.name for stage in journey.stages}
    stage_order = {stage.id: i for i, stage in enumerate(journey.stages)}
    fix_first = {item.id: i for i, item in enumerate(analysis.summary.fix_first, start=1)}
    rows: list[RiskRow] = []
    for risk in analysis.ranked():
        if risk.kind == "outcome":
            continue
        stage = risk.stage or ""
        rows.append(RiskRow(
            rank=len(rows) + 1, id=risk.id, name=risk.name, stage=risk.stage,
            stage_name=stage_names.get(stage, ""), stage_order=stage_order.get(stage, 999),
            kind=risk.kind, level=risk.level, assessed=is_assessed(risk), score=risk.score,
            likelihood=risk.likelihood, severity=risk.severity,
            reach=risk.reach, expected_lost=risk.expected_lost, saved=risk.saved,
            complaints=risk.complaints, disappointed=risk.disappointed,
            third_party=risk.third_party, fix_first=fix_first.get(risk.id),
            top=top_factor(risk.factors), risk=risk))
    return rows
