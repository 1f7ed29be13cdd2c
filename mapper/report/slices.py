"""The diagram for print: page-sized windows onto the inline SVG, text never below 7 pt.

Scaled to the width of a page, a journey diagram of 12–18 touchpoints
prints its labels at about 3 pt.  For print the report therefore shows the
diagram as a series of windows, one per A4 landscape page, each an
``<svg viewBox>`` onto the same drawing (``<use>`` of its root group, so the
drawing is not repeated): at the scale that fits the whole diagram on one
page when that keeps its smallest text (9 pt edge labels) at 7 pt or more,
else at ``SCALE`` or less (as the page's height asks, never
below 7/9) in a grid of windows that overlap by ``OVERLAP`` so a
node cut by one window's edge is whole in its neighbour.  On screen the
windows are hidden.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from markupsafe import Markup

#: printable area of an A4 landscape page with the diagram page's 10 mm margins,
#: less room for a heading line, in points (Graphviz's unit)
PAGE_W = (297 - 20) / 25.4 * 72
PAGE_H = (210 - 20 - 10) / 25.4 * 72
#: the smallest text in a diagram (edge labels, 9 pt) and the least it may print at
SMALLEST_TEXT = 9.0
MIN_PRINTED = 7.0
SCALE = 0.8
OVERLAP = 40.0
ROOT = "jm-diagram"

_VIEWBOX = re.compile(r'<svg\b[^>]*\bviewBox="([-0-9. ]+)"')


@dataclass(frozen=True)
class Slice:
    x: float
    y: float
    w: float
    h: float
    scale: float


def slices(width: float, height: float) -> list[Slice]:
    """The print windows of a ``width`` x ``height`` (pt) drawing."""
    fit = min(PAGE_W / width, PAGE_H / height, 1.0) if width > 0 and height > 0 else 1.0
    if fit * SMALLEST_TEXT >= MIN_PRINTED:
        return [Slice(0.0, 0.0, width, height, fit)]
    # as large as the page's height allows (one row of windows when it can), never
    # so small that the smallest text prints below the limit
    scale = max(round(MIN_PRINTED / SMALLEST_TEXT + 0.005, 2), min(SCALE, PAGE_H / height))
    step_w, step_h = PAGE_W / scale, PAGE_H / scale
    columns = max(1, math.ceil((width - OVERLAP) / (step_w - OVERLAP)))
    rows = max(1, math.ceil((height - OVERLAP) / (step_h - OVERLAP))) if height > step_h else 1
    out = []
    for row in range(rows):
        for column in range(columns):
            x = min(column * (step_w - OVERLAP), max(0.0, width - step_w))
            y = min(row * (step_h - OVERLAP), max(0.0, height - step_h))
            out.append(Slice(x, y, min(step_w, width), min(step_h, height), scale))
    return out


def print_windows(svg: str) -> tuple[str, str]:
    """The inline SVG with its root group named ``ROOT``, and the print windows onto it."""
    match = _VIEWBOX.search(svg)
    if not match:
        return svg, ""
    parts = [float(v) for v in match.group(1).split()]
    if len(parts) != 4:
        return svg, ""
    named = svg.replace('<g id="graph0"', f'<g id="{ROOT}"', 1)
    if named == svg:
        return svg, ""
    windows = []
    for item in slices(parts[2], parts[3]):
        windows.append(
            f'<svg class="print-window" viewBox="{item.x:.2f} {item.y:.2f} {item.w:.2f} '
            f'{item.h:.2f}" width="{item.w * item.scale:.2f}pt" '
            f'height="{item.h * item.scale:.2f}pt" data-scale="{item.scale:.4f}" '
            f'aria-hidden="true" focusable="false"><use href="#{ROOT}"/></svg>')
    return named, '<div class="print-windows">' + "".join(windows) + "</div>"


def diagram_markup(svg: str) -> Markup:
    """The diagram as the report inlines it: the drawing and, after it, its print windows."""
    named, windows = print_windows(svg)
    return Markup(named + ("\n" + windows if windows else ""))
