"""The sortable risk table: rows ranked by score on the server, sort keys for the inline script.

The rows are in the engine's ranking (score, then expected loss, then
journey order), so the table is useful without JavaScript; every cell
carries a ``data-sort`` key (a fixed-format number or a case-folded text)
that the script compares when a header is clicked.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ..core.vocabulary import Translator
from ..risk.analysis import Analysis, TouchpointRisk
from ..present.explain import factor_name
from ..present.raw import raw

LEVEL_RANK = {"low": 0, "medium": 1, "high": 2, "critical": 3}


@dataclass
class Column:
    key: str
    label: str
    numeric: bool
    #: the column the server sorted by, and how ("descending")
    sorted: Optional[str] = None
    note: str = ""


@dataclass
class Cell:
    text: str
    sort: str
    href: Optional[str] = None
    level: Optional[str] = None
    lang: Optional[str] = None
    #: the raw number of a numeric cell (``data-value``)
    value: Optional[str] = None


@dataclass
class Row:
    id: str
    cells: list[Cell] = field(default_factory=list)


@dataclass
class RiskTable:
    columns: list[Column]
    rows: list[Row]
    caption: str
    #: the rows beyond the worst ``SHOWN`` of a large journey, shown behind a disclosure
    rest: list[Row] = field(default_factory=list)
    rest_summary: str = ""


#: a journey with more touchpoints than ``SPLIT`` shows its worst ``SHOWN`` in the
#: risk table and the rest behind a disclosure (a table of their own, sortable too)
SHOWN = 50
SPLIT = 60


def _num(value: float) -> str:
    return f"{value:015.6f}" if value >= 0 else f"-{abs(value):014.6f}"


def top_factor(risk: TouchpointRisk) -> Optional[str]:
    """The factor that raises the score most beyond the plain likelihood."""
    raising = [f for f in risk.factors if f.factor != "likelihood" and f.contribution > 0.05]
    if raising:
        return max(raising, key=lambda f: f.contribution).factor
    return None


def risk_table(t: Translator, analysis: Analysis) -> RiskTable:
    journey = analysis.journey
    stage_names = {stage.id: stage.name for stage in journey.stages}
    columns = [
        Column("rank", t("table.rank"), True),
        Column("name", t("table.touchpoint"), False),
        Column("stage", t("table.stage"), False),
        Column("level", t("table.level"), True),
        Column("score", t("table.score"), True, sorted="descending"),
        Column("likelihood", t("table.likelihood"), True),
        Column("severity", t("table.severity"), True),
        Column("reach", t("table.reach"), True),
        Column("lost", t("table.lost"), True),
        Column("saved", t("table.saved"), True),
        Column("driver", t("table.driver"), False),
    ]
    rows = []
    rank = 0
    stage_order = {stage.id: i for i, stage in enumerate(journey.stages)}
    for risk in analysis.ranked():
        if risk.kind == "outcome":
            continue
        rank += 1
        driver = top_factor(risk)
        assessed = any(f.factor != "unassessed" for f in risk.factors)
        level_text = t.level(risk.level) if assessed else t("table.unassessed")
        stage = stage_names.get(risk.stage or "", "")
        rows.append(Row(risk.id, [
            Cell(str(rank), _num(rank), value=str(rank)),
            Cell(risk.name, risk.name.casefold(), href=f"#tp-{risk.id}"),
            Cell(stage, f"{stage_order.get(risk.stage or '', 999):04d}"),
            Cell(level_text, _num(LEVEL_RANK[risk.level] if assessed else -1),
                 level=risk.level if assessed else "unassessed",
                 value=str(LEVEL_RANK[risk.level] if assessed else -1)),
            Cell(t.number(risk.score, 1), _num(risk.score), value=raw(risk.score)),
            Cell(t.percent(risk.likelihood), _num(risk.likelihood), value=raw(risk.likelihood)),
            Cell(t.number(risk.severity, 1) if risk.likelihood > 0 else "–",
                 _num(risk.severity if risk.likelihood > 0 else 0.0),
                 value=raw(risk.severity if risk.likelihood > 0 else 0.0)),
            Cell(t.percent(risk.reach), _num(risk.reach), value=raw(risk.reach)),
            Cell(t.number(risk.expected_lost, 1), _num(risk.expected_lost),
                 value=raw(risk.expected_lost)),
            Cell(t.number(risk.saved, 1), _num(risk.saved), value=raw(risk.saved)),
            Cell(factor_name(t, driver) if driver else "–",
                 factor_name(t, driver).casefold() if driver else ""),
        ]))
    if len(rows) > SPLIT:
        rest = rows[SHOWN:]
        return RiskTable(columns, rows[:SHOWN], t("table.caption_top", n=SHOWN), rest,
                         t("table.rest", n=len(rest), total=len(rows)))
    return RiskTable(columns, rows, t("table.caption"))
