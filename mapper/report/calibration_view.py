"""The report's calibration section: where a fitted journey's figures came from.

Built from the journey's ``calibration:`` record (written by ``journeymap fit
--write``) and the touchpoints whose ``evidence`` that fit wrote; the event logs
themselves are never read here.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ..core.vocabulary import Translator
from ..risk.analysis import Analysis

#: the ``source`` that ``fit --write`` gives the evidence it writes
FITTED_SOURCE = "fit:"


@dataclass(frozen=True)
class FittedRow:
    touchpoint: str
    href: str
    observed: str
    negative: str
    estimate: str
    interval: str


@dataclass(frozen=True)
class CalibrationView:
    #: (label, value) pairs: files, rows, cases, period
    facts: list[tuple[str, str]]
    #: one line per event log: (path, its rows or "")
    files: list[tuple[str, str]]
    evidence: list[FittedRow]
    #: the evidence interval's heading, with its level ("90% interval")
    interval_label: str


def calibration_view(t: Translator, analysis: Analysis) -> Optional[CalibrationView]:
    """The section's figures; None when the journey was never fitted."""
    journey = analysis.journey
    record = journey.calibration
    if record is None:
        return None
    facts = []
    rows = [f.rows for f in record.files if f.rows is not None]
    if rows:
        facts.append((t("calibration.rows"), t.integer(sum(rows))))
    if record.cases is not None:
        facts.append((t("calibration.cases"), t.integer(record.cases)))
    if record.period_from or record.period_to:
        facts.append((t("calibration.period"), t("calibration.period_value",
                                                 since=record.period_from or "…",
                                                 until=record.period_to or "…")))
    files = [(f.path, "" if f.rows is None else t("calibration.file_rows", rows=t.integer(f.rows)))
             for f in record.files]
    evidence = []
    for tid, tp in journey.touchpoints.items():
        if tp.evidence is None or not (tp.evidence.source or "").startswith(FITTED_SOURCE):
            continue
        risk = analysis.touchpoints[tid]
        low, high = risk.interval or (risk.likelihood, risk.likelihood)
        evidence.append(FittedRow(
            touchpoint=tp.name, href=f"#tp-{tid}", observed=t.integer(tp.evidence.observed),
            negative=t.integer(tp.evidence.negative), estimate=t.percent(risk.likelihood),
            interval=t("calibration.interval", low=t.percent(low), high=t.percent(high))))
    level = t.percent(analysis.profile.evidence["interval"])
    return CalibrationView(facts, files, evidence, t("calibration.interval_column", level=level))
