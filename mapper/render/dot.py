"""DOT text: the one module that quotes and escapes what goes into a Graphviz file.

Journey files come from strangers, so nothing a user wrote may ever form a
DOT statement or change how Graphviz reads an attribute:

- Node names are generated (``n0``, ``n1``, ... in journey order) by the
  callers; this module quotes them anyway, like every other id.
- Every attribute value is double-quoted.  User text goes through
  :func:`text`, which removes control characters and Unicode bidi controls
  (U+202A-U+202E, U+2066-U+2069, U+200E/U+200F, U+061C), escapes ``\\`` and
  ``"`` and turns line breaks into the ``\\n`` escape, so the value can
  neither end the string nor use Graphviz's escString sequences (``\\N``,
  ``\\G``, ``\\l``...).  Only values built by this module (:class:`Raw`) are
  written unchanged.
- HTML-like labels (``<...>``) are never produced.
- Attribute names come from code, never from journeys; they must match
  ``[a-z_]+``.  Attributes are written in sorted order and numbers with an
  explicit format, so the same graph always gives the same bytes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Mapping, Optional, Union

from ..core.textsafety import BMP_NONCHARACTERS

#: characters removed from user text: bidi embeddings/overrides/isolates and marks
BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
_ATTR_NAME = re.compile(r"^[a-z_]+$")
_NODE_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class Raw(str):
    """An escString already escaped by this module: written between quotes unchanged."""


Value = Union[str, int, float, bool, Raw]


#: control characters (Unicode category Cc, line feed kept), surrogates (Cs),
#: the non-characters no XML may hold (U+FFFE, U+FFFF) and the BIDI characters: one
#: regular expression, as a per-character loop over
#: unicodedata was 15% of building a 2 000-touchpoint journey
_DROPPED = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff" + BMP_NONCHARACTERS
                      + "".join(sorted(BIDI)) + "]")


def clean(value: str) -> str:
    """User text without control or bidi characters; every line break becomes ``\\n``."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = value.replace("\u2028", "\n").replace("\u2029", "\n").replace("\t", " ")
    return _DROPPED.sub("", value)


def text(value: str) -> Raw:
    """User text as an escString: ``\\``, ``"`` escaped, line breaks as ``\\n``."""
    value = str(value)
    # printable text holds nothing :func:`clean` removes or changes (controls,
    # line and paragraph separators, tabs, surrogates, non-characters and bidi
    # controls are all unprintable), and most labels are printable
    cleaned = value if value.isprintable() else clean(value)
    escaped = cleaned.replace("\\", "\\\\").replace('"', '\\"')
    return Raw(escaped.replace("\n", "\\n"))


def lines(parts: Iterable[str], justify: str = "center") -> Raw:
    """Several lines of user text as one label (centered, or left-justified)."""
    end = {"center": "\\n", "left": "\\l", "right": "\\r"}[justify]
    joined = end.join(text(part) for part in parts)
    return Raw(joined + (end if justify != "center" else ""))


def number(value: float, digits: int = 2) -> Raw:
    """A number with a fixed format (no exponent, no ``-0``)."""
    formatted = f"{float(value):.{digits}f}"
    if float(formatted) == 0:
        formatted = f"{0:.{digits}f}"
    return Raw(formatted)


def quote(value: Value) -> str:
    """A quoted DOT value; strings that are not :class:`Raw` are treated as user text."""
    if isinstance(value, Raw):
        return f'"{value}"'
    if isinstance(value, bool):
        return '"true"' if value else '"false"'
    if isinstance(value, int):
        return f'"{value}"'
    if isinstance(value, float):
        return f'"{number(value)}"'
    return f'"{text(value)}"'


@lru_cache(maxsize=None)
def _attr_name(name: str) -> str:
    """``name``, once checked to be an attribute name (they come from code: a few dozen)."""
    if not _ATTR_NAME.match(name):
        raise ValueError(f"bad DOT attribute name {name!r}")
    return name


def attr_list(attrs: Mapping[str, Optional[Value]]) -> str:
    """``[a="1", b="2"]`` in sorted order; ``None`` values are left out."""
    items = []
    for name in sorted(attrs):
        value = attrs[name]
        if value is None:
            continue
        items.append(f"{_attr_name(name)}={quote(value)}")
    return "[" + ", ".join(items) + "]" if items else ""


def node_id(name: str) -> str:
    """A generated node name, checked and quoted."""
    if not _NODE_ID.match(name):
        raise ValueError(f"node names are generated, not taken from user text: {name!r}")
    return f'"{name}"'


@dataclass
class Graph:
    """A DOT graph or subgraph: attributes, nodes, edges and subgraphs, in insertion order."""

    name: str
    attrs: dict[str, Optional[Value]] = field(default_factory=dict)
    node_defaults: dict[str, Optional[Value]] = field(default_factory=dict)
    edge_defaults: dict[str, Optional[Value]] = field(default_factory=dict)
    body: list[Union[tuple[str, str, dict[str, Optional[Value]]], "Graph"]] = field(
        default_factory=list)

    def node(self, name: str, **attrs: Optional[Value]) -> None:
        self.body.append(("node", name, dict(attrs)))

    def edge(self, tail: str, head: str, **attrs: Optional[Value]) -> None:
        self.body.append(("edge", f"{tail}\0{head}", dict(attrs)))

    def subgraph(self, name: str, **attrs: Optional[Value]) -> "Graph":
        child = Graph(name, dict(attrs))
        self.body.append(child)
        return child

    def lines(self, indent: str = "") -> list[str]:
        inner = indent + "  "
        out = []
        for key in sorted(self.attrs):
            if self.attrs[key] is not None:
                out.append(f"{inner}{attr_list({key: self.attrs[key]})[1:-1]};")
        if self.node_defaults:
            out.append(f"{inner}node {attr_list(self.node_defaults)};")
        if self.edge_defaults:
            out.append(f"{inner}edge {attr_list(self.edge_defaults)};")
        for item in self.body:
            if isinstance(item, Graph):
                out.append(f"{inner}subgraph {node_id(item.name)} {{")
                out.extend(item.lines(inner))
                out.append(f"{inner}}}")
                continue
            kind, names, attrs = item
            attributes = attr_list(attrs)
            suffix = f" {attributes}" if attributes else ""
            if kind == "node":
                out.append(f"{inner}{node_id(names)}{suffix};")
            else:
                tail, head = names.split("\0")
                out.append(f"{inner}{node_id(tail)} -> {node_id(head)}{suffix};")
        return out


def render(graph: Graph) -> str:
    """The whole digraph as DOT text ending with a newline."""
    return "\n".join([f"digraph {node_id(graph.name)} {{", *graph.lines(), "}"]) + "\n"
