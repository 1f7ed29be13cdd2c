"""Read XES event logs (IEEE 1849) with a streaming parser.

``trace/string[@key='concept:name']`` is the case, an event's
``concept:name`` its activity and ``time:timestamp`` its time; every other
attribute keeps its key as the column name (so the map's ``columns`` apply
to XES too), and a trace's own attributes are inherited by its events.
Elements are cleared as soon as they are read, so memory stays bounded by
the table being built, not by the XML tree.
"""
from __future__ import annotations

from typing import Any
from xml.etree.ElementTree import ParseError, iterparse

from ..core.errors import JourneyError
from dataclasses import dataclass
from .problems import located

#: XES attribute elements whose value is kept (lists and containers are skipped)
_ATTRIBUTES = {"string", "date", "int", "float", "boolean", "id"}
ROW = "__row"



@dataclass
class XesPaths:
    """The element path of every event (row i is event ``rows[i]``)."""

    traces: list[int]
    events: list[int]
    #: column -> the XES key it came from (concept:name, time:timestamp)
    keys: dict[str, str]

    def of(self, row: int) -> str:
        return f"/log/trace[{self.traces[row - 1]}]/event[{self.events[row - 1]}]"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def read_xes(path: str, event_map: Any) -> tuple[Any, XesPaths]:
    """The events of an XES file as a pyarrow Table of strings (plus the row number)."""
    import pyarrow as pa

    case_col = event_map.column("case")
    names = {"concept:name": event_map.column("activity"),
             "time:timestamp": event_map.column("time")}
    keys = {column: key for key, column in names.items()}
    columns: dict[str, list[Any]] = {}
    traces: list[int] = []
    events: list[int] = []
    trace_number = event_number = 0
    depth = 0
    trace_attributes: dict[str, str] = {}
    event_attributes: dict[str, str] = {}
    try:
        for action, element in iterparse(path, events=("start", "end")):
            tag = _local(element.tag)
            if action == "start":
                depth += 1
                if tag == "trace" and depth == 2:
                    trace_number += 1
                    event_number = 0
                    trace_attributes = {}
                elif tag == "event" and depth == 3:
                    event_number += 1
                    event_attributes = {}
                continue
            depth -= 1
            if tag in _ATTRIBUTES and depth in (2, 3):
                key, value = element.get("key"), element.get("value")
                if key is not None and value is not None:
                    if depth == 2:
                        trace_attributes[case_col if key == "concept:name" else key] = value
                    else:
                        event_attributes[names.get(key, key)] = value
            elif tag == "event" and depth == 2:
                row = len(traces)
                merged = {**{k: v for k, v in trace_attributes.items()}, **event_attributes}
                merged[case_col] = trace_attributes.get(case_col, str(trace_number))
                for key in merged.keys() - columns.keys():
                    columns[key] = [None] * row
                for key, values in columns.items():
                    values.append(merged.get(key))
                traces.append(trace_number)
                events.append(event_number)
                element.clear()
            elif tag == "trace" and depth == 1:
                element.clear()
    except ParseError as exc:
        line, column = exc.position
        raise JourneyError([located(path, f"{line}:{column + 1}",
                                    f"not valid XML ({str(exc).split(':')[0]})")]) from None
    table = {key: pa.array(values, pa.string()) for key, values in sorted(columns.items())}
    table[ROW] = pa.array(range(1, len(traces) + 1), pa.int64())
    return pa.table(table), XesPaths(traces, events, keys)
