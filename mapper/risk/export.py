"""The JSON document of one journey's analysis (``score --format json`` and ``ID.json``).

Top-level keys ``journey``, ``touchpoints``, ``findings``, ``summary`` are a
contract (DESIGN §6); more keys may be added, none renamed.  Numbers are
rounded to 6 significant decimals so the file is stable across platforms.
"""
from __future__ import annotations

import json
import math
from typing import Any, Iterable

from ..findings import Finding
from .analysis import Analysis

FORMAT_VERSION = 1


def clean_numbers(value: Any) -> Any:
    """Round floats to 6 decimals (stable across platforms), recursively."""
    if isinstance(value, float):
        if not math.isfinite(value):  # pragma: no cover - the model keeps figures finite
            raise ValueError("non-finite figure")
        rounded = round(value, 6)
        return 0.0 if rounded == 0 else rounded
    if isinstance(value, dict):
        return {k: clean_numbers(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean_numbers(v) for v in value]
    return value


def analysis_json(analysis: Analysis, findings: Iterable[Finding]) -> dict[str, Any]:
    journey = analysis.journey
    touchpoints = []
    for risk in analysis.touchpoints.values():
        tp = journey.touchpoints[risk.id]
        item: dict[str, Any] = {
            "id": risk.id, "name": risk.name, "stage": risk.stage, "aspect": risk.aspect,
            "kind": risk.kind, "score": risk.score, "level": risk.level,
            "reach": risk.reach, "planned_reach": risk.planned_reach,
            "expected_lost": risk.expected_lost, "disappointed": risk.disappointed,
            "complaints": risk.complaints, "saved": risk.saved,
            "likelihood": risk.likelihood, "severity": risk.severity,
            "likelihood_source": risk.source, "emotion": risk.emotion,
            "third_party": risk.third_party,
            "owner": tp.owner.name if tp.owner else None,
            "complaint_channel": journey.complaint_channel(tp),
            "catalog": tp.catalog,
            "line": risk.line,
            "factors": [f.as_json() for f in risk.factors],
        }
        if risk.outcome:
            item["outcome"] = risk.outcome
        if risk.interval:
            item["likelihood_interval"] = list(risk.interval)
        touchpoints.append(item)
    summary = dict(analysis.summary)
    if analysis.segments:
        summary["segments"] = analysis.segments
    return clean_numbers({
        "format": FORMAT_VERSION,
        "journey": {"id": journey.id, "title": journey.title, "language": journey.language,
                    "file": journey.path, "cohort": journey.cohort,
                    "profile": analysis.profile.source},
        "touchpoints": touchpoints,
        "findings": [f.as_json() for f in findings],
        "summary": summary,
    })


def analysis_json_text(analysis: Analysis, findings: Iterable[Finding]) -> str:
    return json.dumps(analysis_json(analysis, findings), indent=2, ensure_ascii=False) + "\n"
