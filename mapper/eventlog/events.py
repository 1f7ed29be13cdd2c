"""Event-log inputs: the column/activity map (``--map``) and the files themselves.

A map file is YAML, validated like journeys (every problem at once, located,
with the nearest valid key or touchpoint id)::

    columns:                 # role: the column that holds it in the files
      case: order_id
      time: created_at
      activity: event
      rating: csat
    activities:              # activity name in the log: touchpoint id
      Order placed: checkout
      Parcel delivered: courier
    ignore: [Page view]      # activities deliberately left out (not reported)
    rating: {scale: csat}    # csat (1-5, negative at 2 or below) | nps (0-10, 6 or below)
    time_format: "%d.%m.%Y %H:%M"   # only when times are not ISO 8601

Without a map the activity names are the touchpoint ids and the columns have
their default names (:data:`mapper.eventlog.ROLES`).
"""
from __future__ import annotations

import csv
import json
import os
from typing import Any, Mapping, Optional

from ..core.errors import JourneyError, Problem, UsageError, did_you_mean
from ..model.journey import Journey
from ..model.spec import (INVALID, ByType, Choice, Key, ListOf, Number, Obj, Problems, Spec,
                          Text, Where, describe)
from dataclasses import dataclass, field
from . import REQUIRED_ROLES, ROLES
from .logfiles import log_format

#: rating scales: (lowest, highest, negative at or below)
SCALES = {"csat": (1.0, 5.0, 2.0), "nps": (0.0, 10.0, 6.0)}


@dataclass(frozen=True)
class EventMap:
    """How the files' columns and activities map to roles and touchpoints."""

    #: role -> the column names that may hold it (the first one a file has is used)
    columns: Mapping[str, tuple[str, ...]]
    #: activity name -> touchpoint id
    activities: Mapping[str, str]
    ignore: frozenset[str] = frozenset()
    scale: str = "csat"
    negative_at: float = 2.0
    time_format: Optional[str] = None
    path: Optional[str] = None

    def column(self, role: str) -> str:
        """The (first) column name of a role."""
        return self.columns[role][0]

    @property
    def scale_range(self) -> tuple[float, float]:
        low, high, _ = SCALES[self.scale]
        return low, high


def default_map(journey: Journey, scale: str = "csat") -> EventMap:
    return EventMap(columns={role: (role,) for role in ROLES},
                    activities={tid: tid for tid in journey.touchpoints},
                    scale=scale, negative_at=SCALES[scale][2])


class _Activities(Spec):
    """``activity name: touchpoint id`` (the names are free text, the ids must exist)."""

    description = "Activity name in the log: the touchpoint id it stands for."

    def __init__(self, ids: list[str]):
        self.ids = ids

    def validate(self, value: Any, where: Where, out: Problems) -> Any:
        from ..loader.yamlfile import LMap

        if not isinstance(value, LMap):
            out.add(where, f"expected a mapping of activity names to touchpoint ids, "
                           f"got {describe(value)}")
            return INVALID
        result = {}
        for name, target in value.items():
            if not isinstance(target, str) or target not in self.ids:
                shown = f"'{target}'" if isinstance(target, str) else describe(target)
                out.add(where.at(value.value_mark(name)),
                        f"activity '{name}': unknown touchpoint {shown}"
                        + (did_you_mean(target, self.ids) if isinstance(target, str) else ""))
                continue
            result[str(name)] = target
        return result


def _map_spec(journey: Journey) -> Obj:
    return Obj([
        Key("columns", Obj([Key(role, ByType(
            text=Text(f"The column holding the {role}.", max_length=300),
            items=ListOf(Text(max_length=300), min_items=1, description=(
                "Several names: each file uses the first one it has.")),
            what="column")) for role in ROLES],
            description="Role: column name in the files (or a list of names).")),
        Key("activities", _Activities(list(journey.touchpoints))),
        Key("ignore", ListOf(Text(max_length=300), description=(
            "Activities deliberately left out (not listed as unmapped)."))),
        Key("rating", Obj([
            Key("scale", Choice(tuple(SCALES), "csat (1-5) or nps (0-10).", what="scale")),
            Key("negative_at", Number(0, 10, what="negative_at", description=(
                "Ratings at or below this count as negative (csat: 2, nps: 6)."))),
        ])),
        Key("time_format", Text("strptime format of the times, e.g. '%d.%m.%Y %H:%M'.",
                                max_length=100)),
    ], description="How event-log columns and activities map to journey roles and touchpoints.")


def load_map(path: str, journey: Journey, scale: Optional[str] = None) -> EventMap:
    """Read and validate a map file (raises JourneyError with every problem)."""
    from ..loader.yamlfile import LMap, read_yaml_file

    tree = read_yaml_file(path)
    if tree is None:
        tree = LMap(path, 1, 1)
    out = Problems()
    checked = _map_spec(journey).validate(tree, Where(path, 1, 1), out)
    if out or checked is INVALID:
        raise JourneyError(out.items or [Problem(path, 1, 1, "not a map file")])
    columns: dict[str, tuple[str, ...]] = {role: (role,) for role in ROLES}
    for role, names in checked.get("columns", {}).items():
        columns[role] = (names,) if isinstance(names, str) else tuple(str(n) for n in names)
    activities = checked.get("activities")
    if activities is None:
        activities = {tid: tid for tid in journey.touchpoints}
    rating = checked.get("rating", {})
    chosen = scale or rating.get("scale", "csat")
    return EventMap(columns=columns, activities=activities,
                    ignore=frozenset(str(v) for v in checked.get("ignore", [])),
                    scale=chosen, negative_at=float(rating.get("negative_at",
                                                               SCALES[chosen][2])),
                    time_format=checked.get("time_format"), path=path)


@dataclass
class Source:
    """One event-log file, and where its roles are."""

    path: str
    format: str
    #: role -> column name, for the roles the file has
    columns: dict[str, str]
    #: column name -> DuckDB type (VARCHAR for text formats)
    types: dict[str, str] = field(default_factory=dict)
    #: XES: the converted table, and the element path of each event
    table: Any = None
    paths: Any = None


def _header(path: str, fmt: str) -> list[str]:
    if fmt == "csv":
        with open(path, encoding="utf-8-sig", newline="") as handle:
            return next(csv.reader(handle), [])
    if fmt == "jsonl":
        with open(path, encoding="utf-8-sig") as handle:
            for number, line in enumerate(handle, 1):
                if line.strip():
                    try:
                        first = json.loads(line)
                    except ValueError as exc:
                        raise JourneyError([Problem(path, number, exc.colno if hasattr(
                            exc, "colno") else 1, "not a JSON object")]) from None
                    if not isinstance(first, dict):
                        raise JourneyError([Problem(path, number, 1, "not a JSON object")])
                    return list(first)
        return []
    import duckdb  # the query needs it anyway; pyarrow.parquet would cost a quarter second

    quoted = path.replace("'", "''")
    try:
        return [row[0] for row in duckdb.connect().execute(
            f"DESCRIBE SELECT * FROM read_parquet('{quoted}')").fetchall()]
    except duckdb.Error as exc:
        # the first line, without DuckDB's error class and the path we already name
        reason = str(exc).splitlines()[0].split("Error: ", 1)[-1]
        reason = reason.replace(f"File '{path}' ", "").replace(f"'{path}'", "the file")
        raise JourneyError([Problem(path, 1, 1, f"not a Parquet file ({reason})")]) from None


def open_source(path: str, event_map: EventMap) -> Source:
    """Inspect one file: its format and which roles it has (missing required ones: error)."""
    fmt = log_format(path, "EVENTS")
    if not os.path.isfile(path):
        raise UsageError(f"EVENTS {path}: no such file")
    table = paths = None
    if fmt == "xes":
        from .xes import read_xes

        table, paths = read_xes(path, event_map)
        header = list(table.column_names)
    else:
        header = _header(path, fmt)
    present = {}
    for role, names in event_map.columns.items():
        found = [name for name in names if name in header]
        if found:
            present[role] = found[0]
    missing = [role for role in REQUIRED_ROLES if role not in present]
    if missing:
        problems = [Problem(path, 1, 1, f"no column '{event_map.column(role)}' for the "
                            f"{role}" + did_you_mean(event_map.column(role), header)
                            + (f"; columns: {', '.join(header)}" if header else
                               "; the file is empty"))
                    for role in missing]
        raise JourneyError(problems)
    return Source(path, fmt, present, table=table, paths=paths)
