"""Geometry of the report's inline SVG charts: the emotion curve and the expected-loss bars.

Coordinates are computed here and written as fixed-format strings, so the
templates only place ready values and the output is byte-stable.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ..core.vocabulary import Translator
from ..risk.analysis import Analysis
from ..present.raw import raw
from .textwidth import text_width


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
    #: False for a touchpoint (or stage) without an emotion: drawn as a hollow
    #: marker on the neutral line, not left out
    rated: bool = True
    #: the axis label: the name (shortened when very long), where it is placed
    label: str = ""
    label_x: str = ""
    label_y: str = ""


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
    #: True when the points are stages (a path of more than ``MAX_POINTS`` touchpoints)
    by_stage: bool = False
    unrated: int = 0
    label_angle: int = -45


#: the chart's text size (px) and the most touchpoints shown one by one
FONT = 12.0
MAX_POINTS = 40
#: labels longer than this many characters are shortened (the full name is in the list below)
MAX_LABEL = 30
#: measured widths are stretched by this much, for a fallback font a little wider than DejaVu
SAFETY = 1.12
WIDTH, HEIGHT = 760, 250
RIGHT, TOP, PLOT_H = 24, 36, 190
MIN_STEP = 20.0


def _short(name: str) -> str:
    return name if len(name) <= MAX_LABEL else name[:MAX_LABEL - 1].rstrip() + "…"


def _path_points(analysis: Analysis) -> tuple[list[tuple[str, str, Optional[float],
                                                        Optional[float], list[str]]], bool]:
    """``(name, href, felt, planned, touchpoint ids)`` along the most likely path: one
    per touchpoint, or one per stage when there are more than ``MAX_POINTS``."""
    journey = analysis.journey
    felt = {item["id"]: item for item in (analysis.summary.get("peak_end") or {}).get("curve", [])}
    path = [tid for tid in journey.views.main_path if not journey.touchpoints[tid].is_outcome]
    if len(path) <= MAX_POINTS:
        return [(journey.touchpoints[tid].name, f"#tp-{tid}",
                 felt[tid]["felt"] if tid in felt else None,
                 felt[tid]["emotion"] if tid in felt else None, [tid]) for tid in path], False
    anchors = {stage.id: (stage.name, f"#stage-{i + 1}") for i, stage in enumerate(journey.stages)}
    groups: dict[str, list[str]] = {}
    for tid in path:
        groups.setdefault(journey.touchpoints[tid].stage or "", []).append(tid)
    points = []
    for stage_id, members in groups.items():
        rated = [felt[tid] for tid in members if tid in felt]
        name, href = anchors.get(stage_id, (stage_id, "#details"))
        points.append((name, href,
                       sum(r["felt"] for r in rated) / len(rated) if rated else None,
                       sum(r["emotion"] for r in rated) / len(rated) if rated else None, members))
    return points, True


def emotion_chart(t: Translator, analysis: Analysis) -> Optional[EmotionChart]:
    """The emotion curve along the most likely path, with peak and end (peak-end rule).

    Every touchpoint of the path is a point (a stage when the path is longer
    than ``MAX_POINTS``); one without an emotion is marked "not rated" on the
    neutral line.  The x-axis is labelled with the names, at an angle, and the
    margins are computed from the labels' measured widths (DejaVu Sans), so no
    label leaves the drawing in any language.
    """
    peak_end = analysis.summary.get("peak_end")
    if not peak_end or not peak_end.get("curve"):
        return None
    raw_points, by_stage = _path_points(analysis)
    if not raw_points:
        return None
    count = len(raw_points)
    cos = sin = 0.7071067811865476  # 45 degrees
    labels = [_short(name) for name, *_ in raw_points]
    widths = [text_width(label, FONT) * SAFETY for label in labels]
    grid_labels = [t(f"emotion.scale.{v}") for v in (2, 1, 0, -1, -2)]
    axis_width = max(text_width(label, FONT) * SAFETY for label in grid_labels)
    # the markers' labels are bold: a quarter wider than the regular measure
    peak_label = text_width(t("emotion.peak"), FONT) * SAFETY * 1.25
    end_label = text_width(t("emotion.end"), FONT) * SAFETY * 1.25
    right = max(RIGHT, int(peak_label / 2 + 8))
    # left margin: the scale's labels, and every slanted label's reach to the left
    left = axis_width + 18
    width = float(max(WIDTH, left + (count - 1) * MIN_STEP + right))
    for _ in range(20):
        step = (width - left - right) / (count - 1) if count > 1 else 0.0
        x0 = left + (0.0 if count > 1 else (width - left - right) / 2)
        need = max(w * cos + FONT * sin + 4 - (x0 - left + i * step)
                   for i, w in enumerate(widths))
        need = max(need, axis_width + 18, end_label + 8 - (width - right - left))
        if need <= left + 1e-6:
            break
        left = need
        width = max(width, left + (count - 1) * MIN_STEP + right)
    left = float(int(left + 0.999))
    width = float(int(width + 0.999))
    plot_w = width - left - right
    base = TOP + PLOT_H + 40  # below the end marker's label
    height = int(base + max(w * sin + FONT * cos for w in widths) + 8)

    def y_of(value: float) -> float:
        return TOP + (2.0 - max(-2.0, min(2.0, value))) / 4.0 * PLOT_H

    points = []
    for index, (name, href, felt, planned, _) in enumerate(raw_points):
        x = left + (plot_w / 2.0 if count == 1 else index * plot_w / (count - 1))
        rated = felt is not None
        points.append(CurvePoint(
            index=index + 1, x=_f(x), y=_f(y_of(felt if felt is not None else 0.0)),
            planned_y=_f(y_of(planned if planned is not None else 0.0)), name=name, href=href,
            felt=t.signed(felt, 1) if felt is not None else "",
            planned=t.signed(planned, 1) if planned is not None else "",
            rated=rated, label=labels[index], label_x=_f(x + FONT * 0.35), label_y=_f(base)))
    members = [ids for *_, ids in raw_points]
    peak_index = next(i for i, ids in enumerate(members) if peak_end["peak"]["id"] in ids)
    end_index = next(i for i, ids in enumerate(members) if peak_end["end"]["id"] in ids)
    points[peak_index].peak = True
    points[end_index].end = True
    rated_points = [p for p in points if p.rated]
    grid = [GridLine(_f(y_of(v)), label) for v, label in zip((2, 1, 0, -1, -2), grid_labels)]
    felt_path = " ".join(f"{p.x},{p.y}" for p in rated_points)
    planned_path = " ".join(f"{p.x},{p.planned_y}" for p in rated_points)
    remembered = t.signed(peak_end["remembered"], 1)
    journey = analysis.journey
    description = t("emotion.description",
                    peak=journey.touchpoints[peak_end["peak"]["id"]].name,
                    peak_value=t.signed(peak_end["peak"]["felt"], 1),
                    end=journey.touchpoints[peak_end["end"]["id"]].name,
                    end_value=t.signed(peak_end["end"]["felt"], 1), remembered=remembered)
    end = points[end_index]
    return EmotionChart(int(width), height, int(left), _f(width - right), points, felt_path,
                        planned_path, grid, points[peak_index], end, remembered,
                        description, axis_x=_f(left - 10), index_y=_f(base),
                        end_box_x=_f(float(end.x) - 8), end_box_y=_f(float(end.y) - 8),
                        by_stage=by_stage, unrated=count - len(rated_points))


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
    total = analysis.summary.expected_lost
    width = 120
    bars = [Bar(name=risk.name, href=f"#tp-{risk.id}", value=t.number(risk.expected_lost, 1),
                share=t.percent(risk.expected_lost / total) if total > 0 else "",
                width=_f(max(1.0, width * risk.expected_lost / largest)), level=risk.level,
                raw_value=raw(risk.expected_lost),
                raw_share=raw(risk.expected_lost / total) if total > 0 else "")
            for risk in risks]
    return BarChart(width, bars, t.number(total, 1))
