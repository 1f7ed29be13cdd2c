"""The risk matrix: likelihood bands x severity 1-5, each cell listing its touchpoints.

A touchpoint is placed by the pair every output quotes: its likelihood of any
negative experience and its average severity (rounded to a grade).

The likelihood bands come from the scoring profile's likelihood words
(rare, unlikely, possible, likely, frequent): a band runs between the
geometric means of neighbouring words' values, so a touchpoint given as
``likely`` sits in the ``likely`` row.  Risk matrices alone are known to
mis-rank risks; every entry carries its expected customers lost, and the
report shows the expected-loss ranking beside the matrix.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..core.vocabulary import Translator
from ..risk.analysis import Analysis, TouchpointRisk
from ..present.raw import raw

WORDS = ("rare", "unlikely", "possible", "likely", "frequent")


@dataclass
class MatrixEntry:
    name: str
    href: str
    lost: str
    level: str
    #: the raw expected loss (``data-value``)
    value: str = ""
    #: the raw likelihood and severity that place it in its cell (as the table's)
    likelihood: str = ""
    severity: str = ""


@dataclass
class MatrixCell:
    tone: int
    label: str
    entries: list[MatrixEntry] = field(default_factory=list)
    #: how many touchpoints sit here, and the text for those not named
    count: int = 0
    more: str = ""


#: a cell names at most this many touchpoints (those with the largest expected loss)
NAMED = 5


@dataclass
class MatrixRow:
    label: str
    range: str
    cells: list[MatrixCell]


@dataclass
class Matrix:
    severities: list[str]
    rows: list[MatrixRow]
    placed: int


def band_edges(analysis: Analysis) -> list[float]:
    """Upper edges of the likelihood bands, rare .. likely (frequent has no upper edge)."""
    values = [analysis.profile.likelihood_words[w] for w in WORDS]
    return [math.sqrt(a * b) for a, b in zip(values, values[1:])]


def band_of(likelihood: float, edges: list[float]) -> int:
    for index, edge in enumerate(edges):
        if likelihood < edge:
            return index
    return len(edges)


def tone(band: int, severity: int) -> int:
    """Classic matrix shading 0..3 from likelihood band (0-4) and severity (1-5)."""
    product = (band + 1) * severity
    return 0 if product <= 4 else 1 if product <= 9 else 2 if product <= 14 else 3


def risk_matrix(t: Translator, analysis: Analysis) -> Matrix:
    edges = band_edges(analysis)
    cells: dict[tuple[int, int], list[TouchpointRisk]] = {}
    order = {tid: i for i, tid in enumerate(analysis.touchpoints)}
    placed = 0
    for risk in analysis.touchpoints.values():
        if risk.kind == "outcome" or risk.likelihood <= 0:
            continue
        band = band_of(risk.likelihood, edges)
        severity = min(5, max(1, int(math.floor(risk.severity + 0.5))))
        cells.setdefault((band, severity), []).append(risk)
        placed += 1
    bounds = [0.0, *edges, 1.0]
    rows = []
    for band in reversed(range(len(WORDS))):
        low, high = bounds[band], bounds[band + 1]
        label_range = t("matrix.range", low=t.percent(low), high=t.percent(high))
        row_cells = []
        for severity in range(1, 6):
            members = sorted(cells.get((band, severity), []),
                             key=lambda r: (-r.expected_lost, order[r.id]))
            entries = [MatrixEntry(r.name, f"#tp-{r.id}", t.number(r.expected_lost, 1), r.level,
                                   raw(r.expected_lost), raw(r.likelihood), raw(r.severity))
                       for r in members[:NAMED]]
            more = t("matrix.more", n=len(members) - NAMED) if len(members) > NAMED else ""
            label = t("matrix.cell", likelihood=t(f"likelihood.{WORDS[band]}"),
                      severity=severity)
            row_cells.append(MatrixCell(tone(band, severity), label, entries, len(members), more))
        rows.append(MatrixRow(t(f"likelihood.{WORDS[band]}"), label_range, row_cells))
    severities = [f"{s} · {t(f'severity.{w}')}" for s, w in
                  zip(range(1, 6), ("minor", "moderate", "serious", "major", "critical"))]
    return Matrix(severities, rows, placed)
