"""Render a starter template as a commented journey file (``journeymap new``)."""
from __future__ import annotations

from typing import Any, Optional

from ..formats.journey_yaml import SCHEMA_MODELINE
from .starters import STARTERS, Point, Starter
from .starters.common import COMMON, CURRENCY
from ..formats.yamltext import block, comment_lines, flow, key, scalar


def _with_comment(line: str, comment: str, width: int = 88) -> list[str]:
    """``line  # comment``, or the comment above the line when that is too long."""
    if len(line) + 4 + len(comment) <= width:
        return [f"{line}  # {comment}"]
    indent = len(line) - len(line.lstrip())
    return comment_lines(comment, indent) + [line]


def _point_body(starter: Starter, point: Point, words: dict[str, str],
                common: dict[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    body: dict[str, Any] = {}
    if point.use:
        body["use"] = point.use
    body["name"] = words[f"name.{point.id}"]
    if point.stage:
        body["stage"] = point.stage
    body.update(point.own)
    if point.outcome:
        body["outcome"] = point.outcome
    if point.third_party is not None:
        body["owner"] = {"name": words[f"owner.{point.id}"], "third_party": point.third_party}
    comments: dict[str, str] = {}
    if point.promises:
        body["promises"] = [{"id": pid, "text": words[f"promise.{pid}"], "kept_at": kept_at}
                            for pid, kept_at in point.promises]
        comments["promises"] = common["promise"]
    if point.next is not None:
        body["next"] = point.next
    return body, comments


def render_starter(template: str, journey_id: str, language: str,
                   schema: str = "../journey.schema.json", title: Optional[str] = None) -> str:
    """The text of a new journey file from ``template`` in ``language``."""
    starter = STARTERS[template]
    words = dict(starter.text[language])
    common = COMMON[language]
    currency, scale = CURRENCY[language]
    lines = [SCHEMA_MODELINE.format(schema=schema), "#"]
    lines.extend(comment_lines(common["intro"].format(template=template)))
    lines.append(f"journey: {scalar(journey_id)}")
    lines.append(f"title: {scalar(title or words['title'])}")
    lines.append(f"language: {language}")
    lines.extend(block({"description": words["description"]}))
    lines.extend(_with_comment("cohort: 1000", common["cohort"]))
    value, cost = starter.economics
    lines.extend(_with_comment("economics:", common["economics"]))
    lines.extend(block({"currency": currency, "customer_value": int(value * scale),
                        "acquisition_cost": int(cost * scale)}, 2))
    if starter.segments:
        lines.extend(_with_comment("segments:", common["segments"]))
        for sid, share, seg_value in starter.segments:
            lines.append(f"  {key(sid)}: " + flow({"share": share,
                                                   "value": int(seg_value * scale),
                                                   "name": words[f"segment.{sid}"]}))
    lines.extend(_with_comment(f"complaints: {starter.complaints}", common["complaints"]))
    lines.extend(_with_comment("stages:", common["stages"]))
    for sid, aspect in starter.stages:
        lines.append("  - " + flow({"id": sid, "aspect": aspect,
                                    "name": words[f"stage.{sid}"]}))
    lines.append("")
    lines.extend(comment_lines(common["touchpoints"]))
    lines.append("touchpoints:")
    lines.extend(_touchpoints(starter, words, common))
    return "\n".join(lines) + "\n"


def _touchpoints(starter: Starter, words: dict[str, str], common: dict[str, str]) -> list[str]:
    lines: list[str] = []
    current: Any = None
    for point in starter.points:
        group = point.stage or "\0outcomes"
        if group != current:
            current = group
            if lines:
                lines.append("")
            title = common["outcomes_title"] if point.outcome else words[f"stage.{point.stage}"]
            lines.append(f"  # ---- {' '.join(title.split())} " + "-" * max(4, 60 - len(title)))
            if point.outcome:
                lines.extend(comment_lines(common["outcomes"], 2))
        note = words.get(f"note.{point.id}")
        if note:
            lines.extend(comment_lines(note, 2))
        body, comments = _point_body(starter, point, words, common)
        lines.append(f"  {key(point.id)}:")
        body_lines = block(body, 4)
        for name, comment in comments.items():  # a comment on a key of the body
            index = next(i for i, text in enumerate(body_lines)
                         if text.startswith(f"    {key(name)}:"))
            body_lines[index:index + 1] = _with_comment(body_lines[index], comment)
        lines.extend(body_lines)
    return lines
