"""``journeymap import mermaid``: a Mermaid ``journey`` diagram as a starter journey.

Sections become stages (the aspect guessed from the section's name, else
``sales``), tasks become touchpoints chained by ``next`` in diagram order
and ending in one outcome, and a task's score 1..5 becomes the customer's
emotion ``score - 3`` (-2..+2), the inverse of the export's mapping for a
low-risk point.  Actors are kept in the touchpoint's notes.  Risks are left
for the consultant to fill in; ``check`` then reports the touchpoints as
``unassessed`` until they are.

The reader follows Mermaid's own lexer: ``%%`` and ``#`` comments, an
optional ``---`` front matter (its ``title:`` too), ``title``, ``accTitle``,
``accDescr`` (one line or ``{ ... }``), ``section`` and ``Task: score:
actor, actor`` lines.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Any, Optional

from ...core.errors import JourneyError, Problem
from ...loader.catalog import Catalog
from ...loader.regular import read_regular
from ...loader.yamlfile import decode, parse_yaml
from ...core.textsafety import locate_unsafe, unsafe_message
from ...model.build import build_journey
from .aspects import guess_aspect, guess_channel
from .ids import slug, unique, word_id
from ..journey_yaml import dump_journey
from ...core.vocabulary import translator

MAX_BYTES = 1024 * 1024


@dataclass
class Task:
    name: str
    score: float
    actors: list[str]
    line: int


@dataclass
class Section:
    name: str
    line: int
    tasks: list[Task] = field(default_factory=list)


@dataclass
class Diagram:
    title: Optional[str] = None
    description: Optional[str] = None
    sections: list[Section] = field(default_factory=list)


def _statement(line: str) -> str:
    """The line without a ``%%`` or ``#`` comment, like Mermaid's lexer."""
    stripped = line.strip()
    if stripped.startswith("%%") or stripped.startswith("#"):
        return ""
    return re.split(r"[#;]", stripped, maxsplit=1)[0].strip()


def _front_matter(lines: list[str]) -> tuple[int, Optional[str]]:
    """Index of the first line after a ``---`` front matter, and its title."""
    if not lines or lines[0].strip() != "---":
        return 0, None
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            title = None
            for entry in lines[1:index]:
                found = re.match(r"^title:\s*(.+?)\s*$", entry)
                if found:
                    title = found.group(1).strip("\"'")
            return index + 1, title
    return 0, None


def parse_mermaid(text: str, path: str) -> Diagram:
    """Parse a Mermaid journey diagram; raise JourneyError with located problems."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    start, front_title = _front_matter(lines)
    diagram = Diagram(title=front_title)
    problems: list[Problem] = []
    seen_header = False
    in_description = False
    for number in range(start, len(lines)):
        raw = lines[number]
        line_no = number + 1
        if in_description:
            if "}" in raw:
                in_description = False
            continue
        statement = _statement(raw)
        if not statement:
            continue
        lowered = statement.lower()
        if not seen_header:
            if re.match(r"^journey\b", lowered):
                seen_header = True
                continue
            word = statement.split()[0]
            raise JourneyError([Problem(path, line_no, 1, (
                f"not a Mermaid journey diagram: it starts with '{word}'; "
                "import reads diagrams that start with 'journey'"))])
        if re.match(r"^title\s", lowered):
            diagram.title = restore(statement[6:])
        elif re.match(r"^acctitle\s*:", lowered):
            diagram.title = diagram.title or statement.split(":", 1)[1].strip()
        elif re.match(r"^accdescr\s*:", lowered):
            diagram.description = statement.split(":", 1)[1].strip()
        elif re.match(r"^accdescr\s*\{", lowered):
            in_description = "}" not in statement
        elif re.match(r"^section\s", lowered):
            name = restore(statement[8:].split(":", 1)[0])
            diagram.sections.append(Section(name, line_no))
        else:
            task = _task(statement, raw, path, line_no, problems)
            if task is not None:
                if not diagram.sections:
                    diagram.sections.append(Section("", line_no))
                diagram.sections[-1].tasks.append(task)
    if not seen_header:
        problems.append(Problem(path, 1, 1, "no 'journey' diagram found (the file is empty "
                                             "or only comments)"))
    elif not any(s.tasks for s in diagram.sections) and not problems:
        problems.append(Problem(path, len(lines), 1, (
            "the journey has no tasks; write them as 'Task name: score: actor, actor'")))
    if problems:
        raise JourneyError(problems)
    return diagram


#: look-alikes the export writes for characters Mermaid cannot show (see mermaid_text)
_UNDO = {"\u2236": ":", "\uff03": "#", "\u201a": ",", "\u200b": "", "\u2039": "<",
         "\u203a": ">"}


def restore(text: str) -> str:
    """Undo the export's character substitutions, so a round trip keeps names."""
    return "".join(_UNDO.get(ch, ch) for ch in text).strip()


def _task(statement: str, raw: str, path: str, line_no: int,
          problems: list[Problem]) -> Optional[Task]:
    column = len(raw) - len(raw.lstrip()) + 1
    name, sep, data = statement.partition(":")
    if not sep:
        problems.append(Problem(path, line_no, column, (
            f"'{statement}' is not a task: write 'Task name: score: actor, actor' "
            "(score 1..5)")))
        return None
    pieces = data.split(":")
    try:
        score = float(pieces[0].strip())
        if not 1 <= score <= 5:   # NaN fails this too; nothing is clamped
            raise ValueError(score)
    except ValueError:
        problems.append(Problem(path, line_no, column + len(name) + 1, (
            f"task '{name.strip()}': the score must be a number 1..5, got "
            f"'{pieces[0].strip()}'")))
        return None
    actors = [restore(a) for a in pieces[1].split(",") if a.strip()] if len(pieces) > 1 else []
    return Task(restore(name), score, actors, line_no)


def emotion(score: float) -> float | int:
    """Mermaid's score 1..5 as journeymap's emotion -2..+2."""
    value = max(-2.0, min(2.0, score - 3))
    return int(value) if float(value).is_integer() else round(value, 3)


def guess_language(text: str) -> str:
    """en, or ru/bg for Cyrillic text (letters only Russian or only Bulgarian uses)."""
    if not re.search("[а-яё]", text.lower()):
        return "en"
    if re.search("[ыэё]", text.lower()):
        return "ru"
    return "bg" if re.search("ъ", text.lower()) else "ru"


def journey_document(diagram: Diagram, journey_id: str, language: str,
                     fallback_title: str) -> dict[str, Any]:
    title = diagram.title or fallback_title
    stages: list[dict[str, Any]] = []
    touchpoints: dict[str, dict[str, Any]] = {}
    order: list[str] = []
    for section in diagram.sections:
        if not section.tasks:
            continue
        name = section.name or title
        sid = unique(word_id(name, "stage"), [s["id"] for s in stages])
        stage: dict[str, Any] = {"id": sid, "aspect": guess_aspect(name)}
        if name != sid:
            stage["name"] = name
        stages.append(stage)
        for task in section.tasks:
            tid = unique(word_id(task.name, "touchpoint"), touchpoints)
            body: dict[str, Any] = {"name": task.name or tid, "stage": sid,
                                    "channel": guess_channel(task.name),
                                    "emotion": emotion(task.score)}
            if task.actors:
                actors = translator(language)("export.actors")
                body["notes"] = f"{actors}: {', '.join(task.actors)}"
            touchpoints[tid] = body
            order.append(tid)
    end = unique("journey_end", touchpoints)
    for current, following in zip(order, order[1:] + [end]):
        touchpoints[current]["next"] = following
    touchpoints[end] = {"name": translator(language)("export.end"), "outcome": "loyal"}
    doc: dict[str, Any] = {"journey": journey_id, "title": title, "language": language,
                           "cohort": 1000}
    if diagram.description:
        doc["description"] = diagram.description
    doc["stages"] = stages
    doc["touchpoints"] = touchpoints
    return doc


HEADER = (
    "Imported from {name} by `journeymap import mermaid`: sections became stages (their "
    "aspect guessed from the name: check it), tasks became touchpoints in diagram order, "
    "task scores became emotions (score - 3).\n"
    "\n"
    "Next steps: give each touchpoint its risk (likelihood and severity, failure_modes, "
    "or `use:` a catalog entry), split `next` where customers branch or drop off, add a "
    "complaint channel and the real outcomes, then run `journeymap check`.")


def import_mermaid(path: str, journey_id: Optional[str] = None,
                   language: Optional[str] = None, catalog: Optional[Catalog] = None,
                   schema: str = "../journey.schema.json") -> str:
    """The YAML text of a starter journey made from a Mermaid journey file."""
    data = read_regular(path, MAX_BYTES)
    if len(data) > MAX_BYTES:
        raise JourneyError([Problem(path, 1, 1, "file is larger than 1 MB; is it really a "
                                                "Mermaid journey?")])
    text = decode(data, path)
    unsafe = locate_unsafe(text)   # reported here, not in the YAML made from it
    if unsafe is not None:
        line, column, char = unsafe
        raise JourneyError([Problem(path, line, column, unsafe_message(char))])
    diagram = parse_mermaid(text, path)
    stem = os.path.splitext(os.path.basename(path))[0]
    language = language or guess_language(text)
    doc = journey_document(diagram, journey_id or slug(diagram.title or stem),
                           language, stem)
    result = dump_journey(doc, [HEADER.format(name=os.path.basename(path))], schema)
    # what we write must load: a failure here is a bug, reported with its location
    build_journey(parse_yaml(result, path), path, catalog or Catalog())
    return result
