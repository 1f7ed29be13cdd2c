"""A journey document (plain dicts and lists) as a readable, commented YAML file.

Keys come in the order of the examples; touchpoints are grouped under a
``# ---- stage ----`` comment; the first line is the schema modeline so
editors validate and autocomplete the file.
"""
from __future__ import annotations

from typing import Any, Mapping, Sequence

from .yamltext import block, comment_lines, flow, key, scalar

SCHEMA_MODELINE = "# yaml-language-server: $schema={schema}"
JOURNEY_KEYS = ("journey", "title", "language", "cohort", "description", "notes", "economics",
                "segments", "entry", "complaints", "lint", "stages", "touchpoints")
TOUCHPOINT_KEYS = ("use", "name", "stage", "channel", "kind", "outcome", "owner", "description",
                   "likelihood", "severity", "emotion", "failure_modes", "evidence", "promises",
                   "complaints", "segments", "repeat_of", "resolution", "next", "notes")


def ordered(data: Mapping[str, Any], order: Sequence[str]) -> dict[str, Any]:
    """``data`` with known keys first in ``order``, then any others as given."""
    result = {name: data[name] for name in order if name in data}
    result.update((name, value) for name, value in data.items() if name not in result)
    return result


def dump_journey(doc: Mapping[str, Any], header: Sequence[str] = (),
                 schema: str = "../journey.schema.json") -> str:
    """The YAML text of a journey document; ``header`` lines become comments on top."""
    lines = [SCHEMA_MODELINE.format(schema=schema)]
    if header:
        lines.append("#")
        for text in header:
            lines.extend(comment_lines(text))
    doc = ordered(doc, JOURNEY_KEYS)
    stage_names = {s["id"]: s.get("name", s["id"]) for s in doc.get("stages", ())}
    for name, value in doc.items():
        if name == "stages":
            lines.append("stages:")
            lines.extend(f"  - {flow(stage)}" if len(flow(stage)) <= 84 else
                         "\n".join(block([stage], 2)) for stage in value)
        elif name == "touchpoints":
            lines.append("")
            lines.append("touchpoints:")
            lines.extend(_touchpoints(value, stage_names))
        else:
            lines.extend(block({name: value}))
    return "\n".join(lines) + "\n"


def _touchpoints(touchpoints: Mapping[str, Mapping[str, Any]],
                 stage_names: Mapping[str, str]) -> list[str]:
    lines: list[str] = []
    current: Any = object()
    for tid, body in touchpoints.items():
        group = body.get("stage") if "outcome" not in body else "\0outcomes"
        if group != current:
            current = group
            title = "outcomes" if group == "\0outcomes" else stage_names.get(str(group), str(group))
            title = " ".join(title.split())
            if lines:
                lines.append("")
            lines.append(f"  # ---- {title} " + "-" * max(4, 60 - len(str(title))))
        body = ordered(body, TOUCHPOINT_KEYS)
        lines.append(f"  {key(tid)}:" + ("" if body else " {}"))
        lines.extend(block(body, 4))
    return lines


__all__ = ["dump_journey", "ordered", "scalar", "SCHEMA_MODELINE"]
