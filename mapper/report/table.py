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
from ..risk.analysis import Analysis
from ..present.explain import factor_name
from ..present.raw import raw
from ..present.rows import risk_rows

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


def risk_table(t: Translator, analysis: Analysis) -> RiskTable:
    columns = [
        Column("rank", t("table.rank"), True),
        Column("name", t("table.touchpoint"), False),
        Column("stage", t("table.stage"), False),
        Column("level", t("table.level"), True),
        Column("score", t("table.score"), True, sorted="descending"),
        Column("likelihood", t("table.likelihood"), True, note=t("table.likelihood_note")),
        Column("severity", t("table.severity"), True, note=t("table.severity_note")),
        Column("reach", t("table.reach"), True),
        Column("lost", t("table.lost"), True),
        Column("saved", t("table.saved"), True),
        Column("driver", t("table.driver"), False),
    ]
    rows = []
    for row in risk_rows(analysis):
        driver = row.top.factor if row.top else None
        level = row.level if row.assessed else "unassessed"
        level_rank = LEVEL_RANK[row.level] if row.assessed else -1
        severity = row.severity if row.goes_wrong else 0.0
        rows.append(Row(row.id, [
            Cell(str(row.rank), _num(row.rank), value=str(row.rank)),
            Cell(row.name, row.name.casefold(), href=f"#tp-{row.id}"),
            Cell(row.stage_name, f"{row.stage_order:04d}"),
            Cell(t.level(row.level) if row.assessed else t("table.unassessed"),
                 _num(level_rank), level=level, value=str(level_rank)),
            Cell(t.number(row.score, 1), _num(row.score), value=raw(row.score)),
            Cell(t.percent(row.likelihood), _num(row.likelihood), value=raw(row.likelihood)),
            Cell(t.number(severity, 1) if row.goes_wrong else "–", _num(severity),
                 value=raw(severity)),
            Cell(t.percent(row.reach), _num(row.reach), value=raw(row.reach)),
            Cell(t.number(row.expected_lost, 1), _num(row.expected_lost),
                 value=raw(row.expected_lost)),
            Cell(t.number(row.saved, 1), _num(row.saved), value=raw(row.saved)),
            Cell(factor_name(t, driver) if driver else "–",
                 factor_name(t, driver).casefold() if driver else ""),
        ]))
    if len(rows) > SPLIT:
        rest = rows[SHOWN:]
        return RiskTable(columns, rows[:SHOWN], t("table.caption_top", n=SHOWN), rest,
                         t("table.rest", n=len(rest), total=len(rows)))
    return RiskTable(columns, rows, t("table.caption"))
