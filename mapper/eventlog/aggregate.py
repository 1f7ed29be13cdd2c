"""Event logs -> counts, with one SQL query (run by DuckDB, or printed for a warehouse).

The query has two parts, stacked with ``UNION ALL`` and told apart by ``part``:

``flow``      one row per (touchpoint, next touchpoint, segment, how the
              case ended): the directly-follows counts between *mapped*
              events of a case, ordered by time.  Touchpoints, segments and
              outcomes are small integer codes while the window sorts (one
              ``LEAD`` over the case's events, the costly part), names again
              in the result;
``activity``  one row per (file, activity name, segment, complaint subject):
              every activity, mapped or not (nothing is dropped silently),
              with what its events tell: negatives, resolutions, hours.

Run locally (``fit``), the query also finds the first row of each kind of
bad data: an unreadable time, flag, rating or hours, a duplicate event, or
events listed out of time order within a case.  ``fit --print-sql`` prints
the same query for a warehouse table ``events``; ``fit --counts FILE`` reads
its result back.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Optional, Sequence

from dataclasses import dataclass
from . import ROLES
from .events import EventMap, Source

DIALECTS = ("duckdb", "postgres", "bigquery", "spark")
#: a row position is file index x ROW_BASE + row within the file
ROW_BASE = 10**12
#: the columns of the counts table, in order (the warehouse query returns these)
COUNT_COLUMNS = ("part", "file", "activity", "next", "segment", "outcome",
                 "complaint", "n", "negative", "judged", "resolved", "handled", "timed",
                 "hours", "hours_sq", "first_time", "last_time")
#: extra columns of the local query: the first bad row of each kind
CHECK_COLUMNS = ("time_bad", "negative_bad", "rating_bad", "resolved_bad", "hours_bad",
                 "duplicate", "duplicate_of", "disorder", "disorder_of")
_TRUE = ("true", "t", "yes", "y", "1")
_FALSE = ("false", "f", "no", "n", "0")


@dataclass(frozen=True)
class Dialect:
    name: str
    text: str
    double: str
    timestamp: str
    quote_char: str
    backslash: bool  # string literals escape with a backslash (BigQuery, Spark)

    def ident(self, name: str) -> str:
        q = self.quote_char
        return q + name.replace(q, q + q) + q

    def literal(self, value: str) -> str:
        if self.backslash:
            return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
        return "'" + value.replace("'", "''") + "'"

    def moment(self, value: dt.datetime) -> str:
        return f"TIMESTAMP '{value:%Y-%m-%d %H:%M:%S}'"


SQL_DIALECTS = {
    "duckdb": Dialect("duckdb", "VARCHAR", "DOUBLE", "TIMESTAMP", '"', False),
    "postgres": Dialect("postgres", "TEXT", "DOUBLE PRECISION", "TIMESTAMP", '"', False),
    "bigquery": Dialect("bigquery", "STRING", "FLOAT64", "TIMESTAMP", "`", True),
    "spark": Dialect("spark", "STRING", "DOUBLE", "TIMESTAMP", "`", True),
}


@dataclass(frozen=True)
class Period:
    since: Optional[dt.datetime] = None
    until: Optional[dt.datetime] = None   # exclusive

    def condition(self, d: Dialect, column: str = "t") -> str:
        parts = []
        if self.since is not None:
            parts.append(f"{column} >= {d.moment(self.since)}")
        if self.until is not None:
            parts.append(f"{column} < {d.moment(self.until)}")
        return " AND ".join(parts)


def _lookup(d: Dialect, column: str, keys: Sequence[str], values: Optional[Sequence[str]]) -> str:
    """DuckDB only: ``values[list_position(keys, column)]`` (NULL for anything else);
    without ``values``, the column itself where it is one of the keys.

    One vectorised search of a constant list; a long ``CASE`` compares strings
    one ``WHEN`` at a time, and a long ``IN`` list becomes a join.
    """
    listed = "[" + ", ".join(d.literal(k) for k in keys) + "]"
    if values is None:
        return f"CASE WHEN list_position({listed}, {column}) IS NOT NULL THEN {column} END"
    return f"[{', '.join(values)}][list_position({listed}, {column})]"


def _mapping(d: Dialect, column: str, event_map: EventMap, local: bool = False) -> str:
    """The touchpoint id of an activity name (NULL when unmapped)."""
    pairs = sorted(event_map.activities.items())
    if local and pairs:
        same = all(name == tid for name, tid in pairs)
        return _lookup(d, column, [name for name, _ in pairs],
                       None if same else [d.literal(tid) for _, tid in pairs])
    if all(name == tid for name, tid in pairs):
        names = ", ".join(d.literal(name) for name, _ in pairs)
        return f"CASE WHEN {column} IN ({names}) THEN {column} END" if pairs else "NULL"
    cases = " ".join(f"WHEN {d.literal(name)} THEN {d.literal(tid)}" for name, tid in pairs)
    return f"CASE {column} {cases} END"


def _flag(column: str, kind: str) -> str:
    if kind == "BOOLEAN":
        return column
    if kind != "VARCHAR":   # a number: non-zero is true
        return f"({column} <> 0)"
    true = ", ".join(f"'{v}'" for v in _TRUE)
    false = ", ".join(f"'{v}'" for v in _FALSE)
    return (f"CASE WHEN lower(trim({column})) IN ({true}) THEN TRUE "
            f"WHEN lower(trim({column})) IN ({false}) THEN FALSE END")


def _number(column: str, kind: str) -> str:
    return f"TRY_CAST({column} AS DOUBLE)" if kind == "VARCHAR" else f"CAST({column} AS DOUBLE)"


def _time(column: str, kind: str, event_map: EventMap) -> str:
    if kind.startswith("TIMESTAMP WITH") or kind == "TIMESTAMPTZ":
        return f"timezone('UTC', {column})"
    if kind.startswith("TIMESTAMP") or kind == "DATE":
        return f"CAST({column} AS TIMESTAMP)"
    if event_map.time_format:
        fmt = event_map.time_format.replace("'", "''")
        return f"try_strptime({column}, '{fmt}')"
    return f"timezone('UTC', TRY_CAST({column} AS TIMESTAMPTZ))"


def _blank(column: str, kind: str) -> str:
    """True when a text cell holds something (an empty cell is a missing value)."""
    return (f"({column} IS NOT NULL AND trim({column}) <> '')" if kind == "VARCHAR"
            else f"({column} IS NOT NULL)")


def _relation(index: int, source: Source) -> tuple[str, str]:
    """(FROM clause, row-position expression) of one local file."""
    path = source.path.replace("'", "''")
    if source.format == "csv":
        from .events import _header

        header = _header(source.path, "csv")
        columns = ", ".join(f"'{c.replace(chr(39), chr(39) * 2)}': 'VARCHAR'" for c in header)
        return (f"read_csv('{path}', header = true, auto_detect = false, delim = ',', "
                f"quote = '\"', escape = '\"', columns = {{{columns}}})",
                "row_number() OVER () + 1")
    if source.format == "jsonl":
        columns = ", ".join(f"'{c.replace(chr(39), chr(39) * 2)}': 'VARCHAR'"
                            for c in sorted(set(source.columns.values())))
        return (f"read_json('{path}', format = 'newline_delimited', columns = {{{columns}}})",
                "row_number() OVER ()")
    if source.format == "parquet":
        return f"read_parquet('{path}', file_row_number = true)", "file_row_number + 1"
    return f"xes_{index}", '"__row"'


@dataclass(frozen=True)
class Vocabulary:
    """The names the query turns into small integer codes (cheap to sort), and back."""

    touchpoints: tuple[str, ...]
    segments: tuple[str, ...] = ()
    #: outcome values that mean the customer was lost
    lost: tuple[str, ...] = ("lost",)


OTHER_SEGMENT = "(other)"


def vocabulary_for(journey: Any, event_map: EventMap) -> Vocabulary:
    lost = sorted({"lost"} | {tid for tid, tp in journey.touchpoints.items()
                              if tp.outcome == "lost"})
    return Vocabulary(tuple(sorted(set(event_map.activities.values()))),
                      tuple(journey.segments), tuple(lost))


def _codes(d: Dialect, column: str, names: Sequence[str], mapping: Optional[dict[str, str]] = None,
           local: bool = False) -> str:
    """``CASE column WHEN 'name' THEN code ... END`` (NULL for anything else)."""
    index = {name: i for i, name in enumerate(names)}
    pairs = sorted((mapping or {n: n for n in names}).items())
    if local and any(v in index for _, v in pairs):
        if mapping is None:   # the names themselves, in code order
            keys = "[" + ", ".join(d.literal(n) for n in names) + "]"
            return f"list_position({keys}, {column}) - 1"
        known = [(k, index[v]) for k, v in pairs if v in index]
        return _lookup(d, column, [k for k, _ in known], [str(i) for _, i in known])
    whens = " ".join(f"WHEN {d.literal(k)} THEN {index[v]}" for k, v in pairs if v in index)
    return f"CASE {column} {whens} END" if whens else "CAST(NULL AS INT)"


def _names(d: Dialect, column: str, names: Sequence[str]) -> str:
    """The inverse of :func:`_codes`."""
    whens = " ".join(f"WHEN {i} THEN {d.literal(n)}" for i, n in enumerate(names))
    return f"CASE {column} {whens} END" if whens else f"CAST(NULL AS {d.text})"


#: the roles whose raw values the screen's evidence groups events by
_GROUPED_ROLES = ("activity", "segment", "complaint", "negative", "rating", "resolved")
#: exact hours (to 0.001 h), so parallel sums never differ in the last bit
_EXACT = "CAST(ROUND({}, 3) AS DECIMAL(18, 3))"


def _events(d: Dialect, event_map: EventMap, vocabulary: Vocabulary,
            sources: Sequence[Source], local: bool, grouped: Optional[Period] = None) -> str:
    """The events of every file, typed and coded.

    ``grouped`` (local only, for the screen's evidence): instead of one row per
    event, one per distinct combination of the raw values the evidence reads
    (activity, segment, complaint, flags, rating) of the events in that
    period, with their count (``g_n``), hours, first and last times and a
    flag for an unreadable time or hours; the codes are then computed once
    per combination rather than once per event.
    """
    selects = []
    chosen: list[Optional[Source]] = list(sources) if local else list(sources[:1]) or [None]
    for index, source in enumerate(chosen):
        present = (source.columns if source is not None
                   else {r: event_map.column(r) for r in ROLES})
        types = source.types if source is not None else {}

        def col(role: str) -> Optional[str]:
            name = present.get(role)
            return d.ident(name) if name is not None else None

        def kind(role: str) -> str:
            return types.get(present.get(role, ""), "VARCHAR") if local else "NATIVE"

        parts: dict[str, str] = {}
        if source is not None and local:
            relation, position = _relation(index, source)
            parts["f"] = str(index)
            parts["pos"] = f"CAST({index} AS BIGINT) * {ROW_BASE} + {position}"
        else:
            relation = d.ident("events")
            parts["f"] = "0"
        # the three required roles are there (open_source checked them)
        case, time, activity = (str(col(role)) for role in ("case", "time", "activity"))
        # the case keeps its own type (sorting integers is cheaper) unless files differ
        parts["c"] = f"CAST({case} AS {d.text})" if len(chosen) > 1 else case
        if local:
            parts["t"] = _time(time, kind("time"), event_map)
            parts["t_raw"] = _blank(time, kind("time"))
        else:
            parts["t"] = f"CAST({time} AS {d.timestamp})"
        parts["a"] = f"CAST({activity} AS {d.text})"
        parts["ma"] = _codes(d, parts["a"], vocabulary.touchpoints, dict(event_map.activities),
                             local)
        segment, outcome = col("segment"), col("outcome")
        if segment and vocabulary.segments:
            text = f"NULLIF(CAST({segment} AS {d.text}), '')"
            known = ", ".join(d.literal(n) for n in vocabulary.segments)
            parts["s"] = (f"CASE WHEN {text} IS NULL THEN NULL WHEN {text} IN ({known}) "
                          f"THEN {text} ELSE {d.literal(OTHER_SEGMENT)} END")
        else:
            parts["s"] = f"CAST(NULL AS {d.text})"
        parts["sc"] = (_codes(d, f"({parts['s']})", (OTHER_SEGMENT, *vocabulary.segments),
                                 local=local)
                       if vocabulary.segments and segment else "CAST(NULL AS INT)")
        if outcome:
            text = f"NULLIF(CAST({outcome} AS {d.text}), '')"
            lost = ", ".join(d.literal(n) for n in vocabulary.lost)
            parts["oc"] = f"CASE WHEN {text} IS NULL THEN NULL WHEN {text} IN ({lost}) " \
                          "THEN 1 ELSE 2 END"
        else:
            parts["oc"] = "CAST(NULL AS INT)"
        low, high = event_map.scale_range
        negative, rating = col("negative"), col("rating")
        flag = (_flag(negative, kind("negative")) if local else negative) if negative else None
        if rating:
            number = _number(rating, kind("rating")) if local else f"CAST({rating} AS {d.double})"
            judged = f"({number} <= {event_map.negative_at:g})"
            parts["neg"] = f"COALESCE({flag}, {judged})" if flag else judged
        else:
            parts["neg"] = flag or "CAST(NULL AS BOOLEAN)"
        complaint = col("complaint")
        parts["cs"] = (_mapping(d, f"CAST({complaint} AS {d.text})", event_map, local) if complaint
                       else f"CAST(NULL AS {d.text})")
        resolved, hours = col("resolved"), col("hours")
        parts["rs"] = ((_flag(resolved, kind("resolved")) if local else resolved) if resolved
                       else "CAST(NULL AS BOOLEAN)")
        parts["hs"] = ((_number(hours, kind("hours")) if local else f"CAST({hours} AS {d.double})")
                       if hours else f"CAST(NULL AS {d.double})")
        if local:
            for role, test in (
                    ("negative", lambda c: f"{_blank(c, kind('negative'))} AND "
                                           f"{_flag(c, kind('negative'))} IS NULL"),
                    ("rating", lambda c: f"{_blank(c, kind('rating'))} AND NOT COALESCE("
                                         f"{_number(c, kind('rating'))} BETWEEN {low:g} AND "
                                         f"{high:g}, FALSE)"),
                    ("resolved", lambda c: f"{_blank(c, kind('resolved'))} AND "
                                           f"{_flag(c, kind('resolved'))} IS NULL"),
                    ("hours", lambda c: f"{_blank(c, kind('hours'))} AND NOT COALESCE("
                                        f"{_number(c, kind('hours'))} >= 0, FALSE)")):
                column = col(role)
                parts[f"{role}_bad"] = f"({test(column)})" if column else "FALSE"
        if grouped is not None:
            raw = sorted({str(col(role)) for role in _GROUPED_ROLES if col(role)})
            relation = _grouped_relation(parts, raw, relation, grouped, d)
            parts = {name: parts[name] for name in (
                "f", "a", "s", "cs", "neg", "rs", "negative_bad", "rating_bad", "resolved_bad")}
            parts.update({name: name for name in (
                "g_n", "g_timed", "g_hours", "g_hours_sq", "g_t0", "g_t1", "g_bad")})
        body = ",\n    ".join(f"{expression} AS {name}" for name, expression in parts.items())
        selects.append(f"  SELECT\n    {body}\n  FROM {relation}")
    return "\n  UNION ALL\n".join(selects)


def _grouped_relation(parts: dict[str, str], raw: Sequence[str], relation: str,
                      period: Period, d: Dialect) -> str:
    """The events of one file grouped by the raw values in ``raw`` (see :func:`_events`)."""
    t, exact = parts["t"], _EXACT.format(parts["hs"])
    in_period = period.condition(d, f"({t})")
    where = f"\n    WHERE ({in_period}) OR ({t}) IS NULL" if in_period else ""
    keys = ", ".join(raw)
    return (f"(SELECT {keys},\n"
            f"    COUNT(*) AS g_n, COUNT({parts['hs']}) AS g_timed, SUM({exact}) AS g_hours,\n"
            f"    SUM({exact} * {exact}) AS g_hours_sq, MIN({t}) AS g_t0, MAX({t}) AS g_t1,\n"
            f"    BOOL_OR(({parts['t_raw']} AND ({t}) IS NULL) OR {parts['hours_bad']}) AS g_bad\n"
            f"    FROM {relation}{where}\n    GROUP BY {keys})")


def _raised(test: str) -> str:
    """A flag for :func:`aggregation_sql`'s screen: 1 when ``test`` holds for any row."""
    return f"CASE WHEN BOOL_OR({test}) THEN 1 END"


def _flow(keep: str, lead: str, where: str, window: str, screen: bool) -> str:
    """The flow CTE: each mapped event with the next one of its case (``nx``)."""
    if not screen:
        return (f"SELECT ma, sc, oc, t{keep},\n    {lead} AS nx\n  FROM ev\n"
                f"  WHERE {where}\n  {window}")
    return (f"SELECT ma, sc, oc, t{keep},\n"
            f"    CASE WHEN nx.c IS NOT DISTINCT FROM c THEN nx END AS nx\n"
            f"  FROM (SELECT ma, sc, oc, t, c{keep}, {lead} AS nx\n"
            f"    FROM ev\n    WHERE {where})")


def aggregation_sql(event_map: EventMap, vocabulary: Vocabulary, sources: Sequence[Source] = (),
                    period: Period = Period(), dialect: str = "duckdb",
                    local: bool = False, screen: bool = False) -> str:
    """The one aggregation query: ``local`` reads the files, else the table ``events``.

    ``screen`` (local only): the same counts, but each part only *flags* bad
    data (a 1 in its first check column) instead of locating it, which is
    cheaper; :func:`count_local` reruns the query unscreened when a flag is up.
    """
    d = SQL_DIALECTS[dialect]
    text = d.text
    in_period = period.condition(d)
    where_flow = "ma IS NOT NULL AND t IS NOT NULL" + (f" AND {in_period}" if in_period else "")
    where_all = f"\nWHERE ({in_period}) OR t IS NULL" if in_period else ""
    exact = _EXACT.format("hs")
    if local:
        # one window function, its value a struct: the next event's position, code, time
        lead = "LEAD({'p': pos, 'a': ma, 't': t}) OVER w"
        order, keep, next_code = "t, pos", ", pos", "nx.a"
    else:
        lead, order, keep, next_code = "LEAD(ma) OVER w", "t, ma", "", "nx"
    window = f"WINDOW w AS (PARTITION BY c ORDER BY {order})"
    in_file_order = screen and len(sources) == 1
    if screen:
        # one sort of every event by case (cheaper than a sort per case), the next
        # row's case telling where a case ends; with one file, in file order: the
        # same order as by time where each case's events are listed in time order,
        # and the screen flags any that are not
        order = "c, pos" if in_file_order else "c, t, pos"
        fields = "{'c': c, 'a': ma, 't': t}" if in_file_order else \
            "{'c': c, 'p': pos, 'a': ma, 't': t}"
        lead = f"LEAD({fields}) OVER (ORDER BY {order})"
        window = ""
        keep = "" if in_file_order else keep
    names = list(COUNT_COLUMNS) + (list(CHECK_COLUMNS) if local else [])
    flow_checks = activity_checks = ""
    # the flow's first and last times: the activity part's cover every event (screen)
    times = "MIN(t) AS t0, MAX(t) AS t1"
    # the activity part's sums: over events, or (screen) over groups of events
    weight, evidence = "1", "ev" + where_all
    sums = f"COUNT(hs), SUM({exact}), SUM({exact} * {exact}),\n  MIN(t), MAX(t)"
    if local:
        duplicate = "nx.t = t AND nx.a = ma"
        disorder = f"nx.p < pos AND nx.p // {ROW_BASE} = pos // {ROW_BASE}"
        value_tests: tuple[str, ...] = ("t_raw AND t IS NULL", "negative_bad", "rating_bad",
                                        "resolved_bad", "hours_bad")
        none = "CAST(NULL AS BIGINT)"
        if screen:
            times = f"CAST(NULL AS {d.timestamp}) AS t0, CAST(NULL AS {d.timestamp}) AS t1"
            weight, evidence = "g_n", "evg"
            sums = "SUM(g_timed), SUM(g_hours), SUM(g_hours_sq),\n  MIN(g_t0), MAX(g_t1)"
            value_tests = ("g_bad", "negative_bad", "rating_bad", "resolved_bad")
            if in_file_order:
                disorder = "nx.t < t"
            checks = [_raised(f"({duplicate}) OR ({disorder})")] + [none] * 8
            activity = [_raised(" OR ".join(f"({t})" for t in value_tests))] + [none] * 8
        else:
            checks = [none] * 5 + [
                f"MIN(CASE WHEN {duplicate} THEN nx.p END)",
                f"ARG_MIN(pos, CASE WHEN {duplicate} THEN nx.p END)",
                f"MIN(CASE WHEN {disorder} THEN pos END)",
                f"ARG_MIN(nx.p, CASE WHEN {disorder} THEN pos END)"]
            activity = [f"MIN(CASE WHEN {test} THEN pos END)" for test in value_tests
                        ] + [none] * 4
        flow_checks = "".join(f",\n    {e} AS {n}" for e, n in zip(checks, CHECK_COLUMNS))
        activity_checks = "".join(f",\n  {e}" for e in activity)
    segments = (OTHER_SEGMENT, *vocabulary.segments)
    decode = [
        "'flow'", "0", _names(d, "ma", vocabulary.touchpoints),
        _names(d, "na", vocabulary.touchpoints), _names(d, "sc", segments),
        f"CASE oe WHEN 1 THEN 'lost' WHEN 2 THEN 'outcome' END", f"CAST(NULL AS {text})",
        "n", "0", "0", "0", "0", "0", f"CAST(NULL AS {d.double})", f"CAST(NULL AS {d.double})",
        "t0", "t1"] + (list(CHECK_COLUMNS) if local else [])
    flow_list = ",\n  ".join(f"{e} AS {d.ident(n)}" for e, n in zip(decode, names))
    # both parts read the files: inlined, each scan reads only its own columns,
    # where a materialised ``ev`` would hold every column of every event
    inline = " NOT MATERIALIZED" if local else ""
    grouped = (f"evg AS (\n{_events(d, event_map, vocabulary, sources, local, period)}\n),\n"
               if screen else "")
    count = f"SUM(CASE WHEN {{}} THEN {weight} ELSE 0 END)"
    return f"""-- journeymap fit: directly-follows and per-activity counts ({dialect})
WITH ev AS{inline} (
{_events(d, event_map, vocabulary, sources, local)}
),
{grouped}flow AS (
  {_flow(keep, lead, where_flow, window, screen)}
),
flows AS (
  SELECT ma, {next_code} AS na, sc, CASE WHEN nx IS NULL THEN oc END AS oe,
    COUNT(*) AS n, {times}{flow_checks}
  FROM flow
  GROUP BY 1, 2, 3, 4
)
SELECT
  {flow_list}
FROM flows
UNION ALL
SELECT
  'activity', f, a, CAST(NULL AS {text}), s, CAST(NULL AS {text}), cs,
  {"COUNT(*)" if weight == "1" else "SUM(g_n)"},
  {count.format("neg")},
  {count.format("neg IS NOT NULL")},
  {count.format("rs AND NOT COALESCE(neg, FALSE)")},
  {count.format("rs IS NOT NULL AND NOT COALESCE(neg, FALSE)")},
  {sums}{activity_checks}
FROM {evidence}
GROUP BY 1, 2, 3, 4, 5, 6, 7
ORDER BY 1, 2, 3, 4, 5, 6, 7
"""
