"""Geometry of the report's inline SVG charts: the emotion curve and the expected-loss bars.

Coordinates are computed here and written as fixed-format strings, so the
templates only place ready values and the output is byte-stable.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ..i18n import Translator
from ..risk.analysis import Analysis
from .raw import raw


def _f(value: float) -> str:
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


@dataclass
class CurvePoint:
    index: int
    x: str
    y: str
    planned_y: str
    name: str
    href: str
    felt: str
    planned: str
    peak: bool = False
    end: bool = False


@dataclass
class GridLine:
    y: str
    label: str


@dataclass
class EmotionChart:
    width: int
    height: int
    left: int
    right: str
    points: list[CurvePoint]
    felt_path: str
    planned_path: str
    grid: list[GridLine]
    peak: CurvePoint
    end: CurvePoint
    remembered: str
    description: str
    axis_x: str = ""
    index_y: str = ""
    end_box_x: str = ""
    end_box_y: str = ""


WIDTH, HEIGHT = 760, 250
LEFT, RIGHT, TOP, BOTTOM = 118, 24, 24, 36


def emotion_chart(t: Translator, analysis: Analysis) -> Optional[EmotionChart]:
    """The emotion curve along the most likely path, with peak and end (peak-end rule)."""
    peak_end = analysis.summary.get("peak_end")
    if not peak_end or not peak_end.get("curve"):
        return None
    curve = peak_end["curve"]
    journey = analysis.journey
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM

    def y_of(value: float) -> float:
        return TOP + (2.0 - max(-2.0, min(2.0, value))) / 4.0 * plot_h

    count = len(curve)
    points = []
    for index, item in enumerate(curve):
        x = LEFT + (plot_w / 2.0 if count == 1 else index * plot_w / (count - 1))
        tid = item["id"]
        points.append(CurvePoint(
            index=index + 1, x=_f(x), y=_f(y_of(item["felt"])),
            planned_y=_f(y_of(item["emotion"])), name=journey.touchpoints[tid].name,
            href=f"#tp-{tid}", felt=t.signed(item["felt"], 1),
            planned=t.signed(item["emotion"], 1)))
    peak_index = next(i for i, item in enumerate(curve) if item["id"] == peak_end["peak"]["id"])
    points[peak_index].peak = True
    points[-1].end = True
    grid = [GridLine(_f(y_of(v)), t(f"emotion.scale.{v}")) for v in (2, 1, 0, -1, -2)]
    felt_path = " ".join(f"{p.x},{p.y}" for p in points)
    planned_path = " ".join(f"{p.x},{p.planned_y}" for p in points)
    remembered = t.signed(peak_end["remembered"], 1)
    description = t("emotion.description", peak=points[peak_index].name,
                    peak_value=points[peak_index].felt, end=points[-1].name,
                    end_value=points[-1].felt, remembered=remembered)
    end = points[-1]
    return EmotionChart(WIDTH, HEIGHT, LEFT, str(WIDTH - RIGHT), points, felt_path,
                        planned_path, grid, points[peak_index], end, remembered,
                        description, axis_x=str(LEFT - 10), index_y=str(HEIGHT - 10),
                        end_box_x=_f(float(end.x) - 8), end_box_y=_f(float(end.y) - 8))


@dataclass
class Bar:
    name: str
    href: str
    value: str
    share: str
    width: str
    level: str
    #: the raw figures (``data-value``)
    raw_value: str = ""
    raw_share: str = ""


@dataclass
class BarChart:
    #: width of the longest bar, in CSS pixels
    width: int
    bars: list[Bar] = field(default_factory=list)
    total: str = ""


def loss_bars(t: Translator, analysis: Analysis, limit: int = 10) -> Optional[BarChart]:
    """Expected customers lost per touchpoint, largest first (the figures beside the matrix)."""
    order = {tid: i for i, tid in enumerate(analysis.touchpoints)}
    risks = sorted((r for r in analysis.touchpoints.values()
                    if r.kind != "outcome" and r.expected_lost >= 0.05),
                   key=lambda r: (-r.expected_lost, order[r.id]))[:limit]
    if not risks:
        return None
    largest = risks[0].expected_lost
    total = analysis.summary["expected_lost"]
    width = 120
    bars = [Bar(name=risk.name, href=f"#tp-{risk.id}", value=t.number(risk.expected_lost, 1),
                share=t.percent(risk.expected_lost / total) if total > 0 else "",
                width=_f(max(1.0, width * risk.expected_lost / largest)), level=risk.level,
                raw_value=raw(risk.expected_lost),
                raw_share=raw(risk.expected_lost / total) if total > 0 else "")
            for risk in risks]
    return BarChart(width, bars, t.number(total, 1))
