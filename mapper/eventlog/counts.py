"""Run the aggregation query on local files, or read a warehouse's result back.

Either way the result is a :class:`Counts`: the directly-follows rows
(``flow``) and the events per file and activity (``activity``).  Bad data
found by the local query becomes located problems (``file:line:column``,
or the element path in an XES file), all reported at once.
"""
from __future__ import annotations

import datetime as dt
import json
import os
from typing import Any, Optional, Sequence

from ..core.errors import JourneyError, Problem, UsageError, did_you_mean
from dataclasses import dataclass, field
from .aggregate import (CHECK_COLUMNS, COUNT_COLUMNS, ROW_BASE, Period, Vocabulary,
                        aggregation_sql)
from .events import EventMap, Source
from .problems import located


@dataclass(frozen=True)
class Flow:
    """Visits to ``activity`` followed by ``next`` (None: the case's last mapped event, and
    ``outcome`` how it ended there: ``lost``, ``outcome`` or None)."""

    activity: str
    next: Optional[str]
    segment: Optional[str]
    outcome: Optional[str]
    n: int


@dataclass(frozen=True)
class Evidence:
    """Events of one activity name (mapped or not) in one file, with what they tell."""

    file: int
    activity: str
    segment: Optional[str]
    complaint: Optional[str]
    n: int
    negative: int = 0
    judged: int = 0
    resolved: int = 0
    handled: int = 0
    timed: int = 0
    hours: float = 0.0
    hours_sq: float = 0.0


@dataclass
class Counts:
    flows: list[Flow]
    evidence: list[Evidence]
    files: list[str]
    first_time: Optional[dt.datetime] = None
    last_time: Optional[dt.datetime] = None
    #: rows of each file (in the period)
    rows: list[int] = field(default_factory=list)

    @property
    def activities(self) -> list[tuple[int, str, int]]:
        """(file, activity name, events) of every activity."""
        found: dict[tuple[int, str], int] = {}
        for e in self.evidence:
            found[(e.file, e.activity)] = found.get((e.file, e.activity), 0) + e.n
        return [(f, a, n) for (f, a), n in sorted(found.items())]


def _connect() -> Any:
    import duckdb

    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    return con


def _types(con: Any, index: int, source: Source) -> dict[str, str]:
    if source.format != "parquet":
        return {}
    path = source.path.replace("'", "''")
    return {row[0]: str(row[1]) for row in
            con.execute(f"DESCRIBE SELECT * FROM read_parquet('{path}')").fetchall()}


def count_local(event_map: EventMap, vocabulary: Vocabulary, sources: Sequence[Source],
                period: Period = Period()) -> Counts:
    """Counts of the files, with every kind of bad data reported as located problems."""
    con = _connect()
    for index, source in enumerate(sources):
        if source.table is not None:
            con.register(f"xes_{index}", source.table)
        source.types = _types(con, index, source)
    names = COUNT_COLUMNS + CHECK_COLUMNS
    # screened first (cheaper); the bad data it flags is located by the full query
    records = _records(con, aggregation_sql(event_map, vocabulary, sources, period,
                                            local=True, screen=True), names)
    if any(r[check] is not None for r in records for check in CHECK_COLUMNS):
        records = _records(con, aggregation_sql(event_map, vocabulary, sources, period,
                                                local=True), names)
    problems = _problems(con, event_map, sources, records)
    if problems:
        raise JourneyError(problems)
    counts = _counts(records, [s.path for s in sources])
    if not counts.flows:
        raise JourneyError(_empty(counts, sources, period, event_map))
    return counts


def _records(con: Any, sql: str, names: Sequence[str]) -> list[dict[str, Any]]:
    return [dict(zip(names, row)) for row in con.execute(sql).fetchall()]


def _counts(records: list[dict[str, Any]], files: list[str]) -> Counts:
    flows, evidence = [], []
    rows = [0] * len(files)
    times = []
    for r in records:
        if r["part"] == "flow":
            flows.append(Flow(r["activity"], r["next"], r["segment"], r["outcome"], int(r["n"])))
        else:
            file_index = int(r["file"] or 0)
            evidence.append(Evidence(
                file_index, str(r["activity"]), r["segment"], r["complaint"], int(r["n"]),
                int(r["negative"] or 0), int(r["judged"] or 0), int(r["resolved"] or 0),
                int(r["handled"] or 0), int(r["timed"] or 0), float(r["hours"] or 0.0),
                float(r["hours_sq"] or 0.0)))
            if file_index < len(rows):
                rows[file_index] += int(r["n"])
        times += [t for t in (r["first_time"], r["last_time"]) if t is not None]
    return Counts(flows, evidence, files, min(times, default=None), max(times, default=None),
                  rows)


# ---- bad data -------------------------------------------------------------

_ROLE_OF_CHECK = {"time_bad": "time", "negative_bad": "negative", "rating_bad": "rating",
                  "resolved_bad": "resolved", "hours_bad": "hours"}


def _first(records: list[dict[str, Any]], name: str, partner: str = "") -> Optional[tuple[int, Any]]:
    found = [(r[name], r[partner] if partner else None) for r in records if r.get(name) is not None]
    return min(found) if found else None


def _problems(con: Any, event_map: EventMap, sources: Sequence[Source],
              records: list[dict[str, Any]]) -> list[Problem]:
    problems = []
    for check, role in _ROLE_OF_CHECK.items():
        hit = _first(records, check)
        if hit is not None:
            problems.append(_bad_value(con, event_map, sources, hit[0], role))
    duplicate = _first(records, "duplicate", "duplicate_of")
    if duplicate is not None:
        problems.append(_pair(con, event_map, sources, duplicate[0], duplicate[1], "duplicate"))
    disorder = _first(records, "disorder", "disorder_of")
    if disorder is not None:
        problems.append(_pair(con, event_map, sources, disorder[0], disorder[1], "disorder"))
    return problems


def _row(con: Any, sources: Sequence[Source], position: int) -> tuple[Source, int, dict[str, Any]]:
    """The file, row number and raw values of the event at ``position``."""
    from .aggregate import _relation

    index, row = divmod(int(position), ROW_BASE)
    source = sources[index]
    relation, expression = _relation(index, source)
    names = sorted(set(source.columns.values()))
    listed = ", ".join('"' + n.replace('"', '""') + '"' for n in names)
    found = con.execute(f"SELECT {listed} FROM (SELECT *, {expression} AS __pos "
                        f"FROM {relation}) WHERE __pos = {row}").fetchone()
    return source, row, dict(zip(names, found or [None] * len(names)))


def _where(source: Source, row: int, column: str) -> str:
    """``line:column`` of a cell (CSV, JSON Lines, Parquet) or the XES element path."""
    if source.format == "xes":
        return source.paths.of(row)
    if source.format == "parquet":
        names = list(source.types) or [column]
        return f"{row}:{names.index(column) + 1 if column in names else 1}"
    with open(source.path, encoding="utf-8-sig", newline="") as handle:
        for number, line in enumerate(handle, 1):
            if number == row:
                break
        else:
            line = ""
    if source.format == "jsonl":
        at = line.find(json.dumps(column))
        return f"{row}:{at + 1 if at >= 0 else 1}"
    from .events import _header

    header = _header(source.path, "csv")
    return f"{row}:{_field_offset(line, header.index(column)) if column in header else 1}"


def _field_offset(line: str, wanted: int) -> int:
    """1-based character column where field ``wanted`` of a CSV line starts."""
    field_index, quoted = 0, False
    for offset, char in enumerate(line):
        if field_index == wanted:
            return offset + 1
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            field_index += 1
    return max(1, len(line.rstrip("\r\n")) + 1 if field_index == wanted else 1)


def _bad_value(con: Any, event_map: EventMap, sources: Sequence[Source], position: int,
               role: str) -> Problem:
    source, row, values = _row(con, sources, position)
    column = source.columns[role]
    raw = values.get(column)
    low, high = event_map.scale_range
    what = {
        "time": "is not a date and time; write ISO 8601 (2024-03-01 14:30:00) or give "
                "time_format in the map",
        "negative": "is not a yes/no flag (true/false, yes/no, 1/0)",
        "rating": f"is not a rating from {low:g} to {high:g} (scale {event_map.scale})",
        "resolved": "is not a yes/no flag (true/false, yes/no, 1/0)",
        "hours": "is not a number of hours (0 or more)",
    }[role]
    return located(source.path, _where(source, row, column),
                   f"{_column_name(source, column)}: '{raw}' {what}")


def _column_name(source: Source, column: str) -> str:
    if source.format == "xes":
        return f"attribute '{source.paths.keys.get(column, column)}'"
    return f"column '{column}'"


def _pair(con: Any, event_map: EventMap, sources: Sequence[Source], position: int,
          other: int, kind: str) -> Problem:
    source, row, values = _row(con, sources, position)
    other_source, other_row, other_values = _row(con, sources, other)
    case_col, time_col = source.columns["case"], source.columns["time"]
    activity = values.get(source.columns["activity"])
    unit = "row" if other_source.format == "parquet" else "line"
    there = (f"{unit} {other_row}" if other_source is source else
             f"{other_source.path} {unit} {other_row}")
    if source.format == "xes":
        there = (other_source.paths.of(other_row) if other_source is source
                 else f"{other_source.path}:{other_source.paths.of(other_row)}")
    if kind == "duplicate":
        message = (f"duplicate event: case '{values.get(case_col)}' already has '{activity}' "
                   f"at {values.get(time_col)} ({there})")
    else:
        message = (f"events out of order: case '{values.get(case_col)}' has '{activity}' at "
                   f"{values.get(time_col)}, earlier than "
                   f"'{other_values.get(other_source.columns['activity'])}' at "
                   f"{other_values.get(other_source.columns['time'])} listed before it "
                   f"({there}); list each case's events in time order")
    return located(source.path, _where(source, row, time_col), message)


def _empty(counts: Counts, sources: Sequence[Source], period: Period,
           event_map: EventMap) -> list[Problem]:
    if period.since is not None or period.until is not None:
        shown = " and ".join(filter(None, [
            f"from {period.since:%Y-%m-%d}" if period.since else "",
            f"until {(period.until - dt.timedelta(days=1)):%Y-%m-%d}" if period.until else ""]))
        return [located(s.path, "1:1", f"no events of the journey's touchpoints {shown}")
                for s in sources]
    names = sorted({name for _, name, _ in counts.activities})
    ids = sorted(set(event_map.activities.values()))
    hint = did_you_mean(names[0], ids) if names else ""
    listed = ", ".join(f"'{n}'" for n in names[:5]) + (", ..." if len(names) > 5 else "")
    return [located(s.path, "1:1", (
        f"no event maps to a touchpoint of the journey (activities: {listed}{hint}); "
        "give a --map with 'activities:'") if names else "no events") for s in sources]


def read_counts(path: str) -> Counts:
    """The counts table a warehouse returned for ``fit --print-sql`` (CSV or Parquet)."""
    if not os.path.isfile(path):
        raise UsageError(f"--counts {path}: no such file")
    import duckdb

    con = _connect()
    quoted = path.replace("'", "''")
    reader = "read_parquet" if path.lower().endswith((".parquet", ".pq")) else "read_csv"
    try:
        relation = con.sql(f"SELECT * FROM {reader}('{quoted}')")
    except duckdb.Error as exc:
        raise JourneyError([located(path, "1:1", f"cannot read the counts table: {exc}")]
                           ) from None
    columns = [c.lower() for c in relation.columns]
    missing = [c for c in COUNT_COLUMNS if c not in columns]
    if missing:
        hint = did_you_mean(missing[0], columns) if len(missing) == 1 else ""
        raise JourneyError([located(path, "1:1", (
            f"not the result of fit --print-sql: no column {', '.join(missing)}{hint} "
            f"(it has {', '.join(COUNT_COLUMNS)})"))])
    records = [dict(zip(columns, row)) for row in relation.fetchall()]
    for r in records:
        for key in ("first_time", "last_time"):
            if isinstance(r[key], str):
                r[key] = dt.datetime.fromisoformat(r[key].replace("Z", "+00:00")[:19])
    return _counts(records, [path])
