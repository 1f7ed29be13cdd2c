"""Write YAML text by hand: scalars quoted exactly when YAML needs it, small
mappings and lists in flow style, everything else in block style.

Journey files are meant to be read and edited by people, so the output
follows the layout of the examples (``- {id: x, aspect: sales}``, ``next:
{a: 0.3}``) rather than PyYAML's.  Every scalar is checked against YAML's own
rules, so the text always reads back as the same value.
"""
from __future__ import annotations

import json
import math
import re
from typing import Any, Iterable, Mapping, Optional

import yaml

#: a flow collection longer than this is written in block style
FLOW_WIDTH = 88
_FLOW_SPECIALS = set(",[]{}#&*!|>'\"%@`:")
_NEEDS_ESCAPE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def number(value: float | int) -> str:
    """A number YAML reads back as the same int or float."""
    if isinstance(value, bool):  # pragma: no cover - callers pass booleans to scalar()
        raise TypeError("boolean")
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(value):
        raise ValueError(f"cannot write {value!r} in a journey file")
    text = repr(float(value))
    mantissa, sep, exponent = text.partition("e")
    if sep and "." not in mantissa:  # YAML 1.1 floats need a dot: 1e-05 -> 1.0e-05
        text = f"{mantissa}.0e{exponent}"
    return text


def _plain_ok(text: str, flow: bool) -> bool:
    if not text or text != text.strip() or "\n" in text or "\r" in text:
        return False
    if _NEEDS_ESCAPE.search(text) or "\t" in text:
        return False
    if flow and any(ch in _FLOW_SPECIALS for ch in text):
        return False
    if ": " in text or " #" in text or text.endswith(":"):
        return False
    if text[0] in "-?:,[]{}#&*!|>'\"%@`" and not (text[0] == "-" and len(text) > 1
                                                  and text[1] not in " \t"
                                                  and not flow and _reads_as_text(text)):
        return False
    return _reads_as_text(text)


#: read as numbers or booleans by YAML 1.2 or other YAML 1.1 readers (not by PyYAML)
_OTHER_READERS = re.compile(r"^(?:[-+]?(?:\.?[0-9][0-9_.,:eE+-]*|\.inf|\.nan)|y|n)$",
                            re.IGNORECASE)


def _reads_as_text(text: str) -> bool:
    if _OTHER_READERS.match(text):
        return False
    try:
        return yaml.safe_load(text) == text
    except yaml.YAMLError:
        return False


def quoted(text: str) -> str:
    """A double-quoted YAML scalar (JSON string syntax, plus YAML's line breaks escaped)."""
    body = json.dumps(text, ensure_ascii=False)
    return _NEEDS_ESCAPE.sub(lambda m: f"\\u{ord(m.group()):04x}", body)


def scalar(value: Any, flow: bool = False) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return number(value)
    text = str(value)
    return text if _plain_ok(text, flow) else quoted(text)


def key(name: str) -> str:
    """A mapping key (ids are words, but stay safe for any text)."""
    return scalar(name, flow=True)


def flow(value: Any) -> str:
    """``value`` in flow style, on one line."""
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{key(k)}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    return scalar(value, flow=True)


def _is_collection(value: Any) -> bool:
    return isinstance(value, (Mapping, list, tuple))


def _fits_flow(value: Any, room: int) -> bool:
    if not _is_collection(value) or not value:
        return True
    items = value.values() if isinstance(value, Mapping) else value
    items = list(items)
    if isinstance(value, (list, tuple)) and any(isinstance(v, Mapping) for v in items):
        return False  # a list of mappings reads best one item per line
    nested = sum(1 for v in items if _is_collection(v))
    return nested <= 1 and len(flow(value)) <= room


def block(value: Any, indent: int = 0, comments: Optional[Mapping[str, str]] = None,
          flow_keys: Iterable[str] = ()) -> list[str]:
    """Lines of ``value`` (a mapping or list) in block style.

    Small collections inside go on one line in flow style when they fit;
    ``comments`` adds ``# text`` after the named top-level keys.
    """
    pad = " " * indent
    lines: list[str] = []
    forced = set(flow_keys)
    if isinstance(value, Mapping):
        for name, item in value.items():
            head = f"{pad}{key(name)}:"
            note = f"  # {comments[name]}" if comments and name in comments else ""
            if _is_collection(item) and item and not (
                    name in forced or _fits_flow(item, FLOW_WIDTH - len(head))):
                lines.append(head + note)
                lines.extend(block(item, indent + 2))
            elif isinstance(item, str) and len(head) + len(item) > FLOW_WIDTH \
                    and _foldable(item) and not note:
                lines.append(f"{head} >-")
                lines.extend(f"{pad}  {part}" for part in _fold(item, FLOW_WIDTH - indent - 2))
            else:
                lines.append(f"{head} {flow(item) if _is_collection(item) else scalar(item)}"
                             + note)
        return lines
    as_blocks = any(isinstance(item, Mapping) and item
                    and not _fits_flow(item, FLOW_WIDTH - indent - 2) for item in value)
    for item in value:
        if isinstance(item, Mapping) and item and as_blocks:
            inner = block(item, indent + 2)
            lines.append(f"{pad}- {inner[0].lstrip()}")
            lines.extend(inner[1:])
        elif _is_collection(item):
            lines.append(f"{pad}- {flow(item)}")
        else:
            lines.append(f"{pad}- {scalar(item)}")
    return lines


def _foldable(text: str) -> bool:
    """Whether a folded block scalar (``>-``) gives back exactly ``text``."""
    return (text == text.strip() and "  " not in text and not _NEEDS_ESCAPE.search(text)
            and not any(ch in text for ch in "\n\r\t") and " " in text)


def _fold(text: str, width: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    return lines


def comment_lines(text: str, indent: int = 0, width: int = 78) -> list[str]:
    """``text`` as ``# ...`` comment lines, wrapped at ``width``; blank lines kept."""
    import textwrap

    pad = " " * indent
    lines: list[str] = []
    # keep `code spans` on one line: their spaces do not break
    text = re.sub(r"`[^`\n]+`", lambda m: m.group().replace(" ", "\0"), text)
    for paragraph in text.split("\n"):
        if not paragraph.strip():
            lines.append(f"{pad}#")
            continue
        lead = len(paragraph) - len(paragraph.lstrip(" "))
        wrapped = textwrap.wrap(paragraph.strip(), width=max(20, width - indent - 2 - lead),
                                break_long_words=False, break_on_hyphens=False)
        lines.extend(f"{pad}# {' ' * lead}{line}".replace("\0", " ") for line in wrapped)
    return lines
