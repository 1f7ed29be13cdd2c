"""A Mermaid ``flowchart LR`` of a scored journey (``export --format mermaid-flowchart``).

Unlike the journey diagram it keeps the branching: one subgraph per stage
(in order), one node per touchpoint with its risk score and level, an edge
per ``next`` labelled with the share of customers, dotted edges for a
touchpoint's own complaint channel and for where resolved complainers go
back (``resolution.back_to``).  Nodes get a class per risk level
(``risk_low`` .. ``risk_critical``) coloured like the report; complaint
channels are hexagons and outcomes rounded.  Node and subgraph ids are
generated (``t1``, ``s1``), so no user text is ever an id; labels are quoted
and escaped with :func:`.mermaid_text.flowchart_text`.
"""
from __future__ import annotations

from ..risk.analysis import Analysis
from ..core.vocabulary import translator
from .mermaid_text import flowchart_text

CLASSES = {
    "risk_low": "fill:#e6f4ea,stroke:#2e7d32,color:#1b3d1f",
    "risk_medium": "fill:#fff4d6,stroke:#b7791f,color:#4a3508",
    "risk_high": "fill:#fde2cf,stroke:#c05621,color:#4d230b",
    "risk_critical": "fill:#fbd5d5,stroke:#c53030,color:#4a1010,stroke-width:2px",
    "outcome": "fill:#e8eef9,stroke:#4a6fa5,color:#1c2b45",
}


def _node(node_id: str, text: str, kind: str) -> str:
    if kind == "outcome":
        return f'{node_id}(["{text}"])'
    if kind == "complaint_channel":
        return f'{node_id}{{{{"{text}"}}}}'
    return f'{node_id}["{text}"]'


def mermaid_flowchart(analysis: Analysis) -> str:
    journey = analysis.journey
    t = translator(journey.language)
    ids = {tid: f"t{index}" for index, tid in enumerate(journey.touchpoints, start=1)}
    lines = ["flowchart LR"]
    classes: dict[str, list[str]] = {name: [] for name in CLASSES}

    def node_line(tid: str) -> str:
        tp = journey.touchpoints[tid]
        risk = analysis.touchpoints[tid]
        text = flowchart_text(tp.name)
        if tp.is_outcome:
            classes["outcome"].append(ids[tid])
            return _node(ids[tid], text, "outcome")
        detail = f"{t('export.risk')} {t.number(risk.score)} · {t.level(risk.level)}"
        if tp.third_party:
            detail += f" · {t('export.third_party')}"
        classes[f"risk_{risk.level}"].append(ids[tid])
        return _node(ids[tid], f"{text}<br/>{flowchart_text(detail)}", tp.kind)

    for index, stage in enumerate(journey.stages, start=1):
        members = [tid for tid, tp in journey.touchpoints.items() if tp.stage == stage.id]
        if not members:
            continue
        lines.append(f'    subgraph s{index}["{flowchart_text(stage.name)}"]')
        lines.extend(f"        {node_line(tid)}" for tid in members)
        lines.append("    end")
    lines.extend(f"    {node_line(tid)}" for tid, tp in journey.touchpoints.items()
                 if tp.stage is None)
    for tid, tp in journey.touchpoints.items():
        for target, share in tp.next:
            lines.append(f'    {ids[tid]} -->|"{flowchart_text(t.percent(share))}"| '
                         f'{ids[target]}')
        if tp.complaints and tp.complaints in ids and not tp.is_complaint_channel:
            lines.append(f'    {ids[tid]} -.->|"{flowchart_text(t("export.complaint"))}"| '
                         f'{ids[tp.complaints]}')
        if tp.resolution and tp.resolution.back_to in ids:
            lines.append(f'    {ids[tid]} -.->|"{flowchart_text(t("export.resolved"))}"| '
                         f'{ids[tp.resolution.back_to]}')
    for name, style in CLASSES.items():
        lines.append(f"    classDef {name} {style}")
    for name, members in classes.items():
        if members:
            lines.append(f"    class {','.join(members)} {name}")
    return "\n".join(lines) + "\n"
