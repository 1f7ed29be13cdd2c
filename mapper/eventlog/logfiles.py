"""Event-log file formats: which one a file name asks for, and writing a log.

Writers take a pyarrow Table with the default columns and replace the file
atomically (a temporary file in the same folder, then a rename), so a
reader never sees half a log.
"""
from __future__ import annotations

import os
from typing import Any, Callable, Iterator
from xml.sax.saxutils import quoteattr

from ..core.atomic import replacing
from ..core.errors import UsageError

FORMATS = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet", ".jsonl": "jsonl",
           ".ndjson": "jsonl", ".xes": "xes"}


def log_format(path: str, option: str = "") -> str:
    """The format of an event-log file, from its extension."""
    suffix = os.path.splitext(path)[1].lower()
    if suffix not in FORMATS:
        where = f"{option} " if option else ""
        raise UsageError(f"{where}{path}: unknown event-log format '{suffix or path}'; "
                         "use .csv, .parquet, .jsonl or .xes")
    return FORMATS[suffix]


def write_log(table: Any, path: str) -> None:
    """Write ``table`` to ``path`` in the format its extension names, atomically."""
    writer = _WRITERS[log_format(path, "-o")]
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise UsageError(f"-o {path}: no such folder")
    with replacing(path) as temporary:
        writer(table, temporary)


def _csv(table: Any, path: str) -> None:
    import pyarrow.csv as pacsv

    pacsv.write_csv(table, path, pacsv.WriteOptions(quoting_style="needed"))


def _parquet(table: Any, path: str) -> None:
    import pyarrow.parquet as pq

    pq.write_table(table, path, compression="zstd", row_group_size=1 << 20)


def _jsonl(table: Any, path: str) -> None:
    import duckdb

    with duckdb.connect() as con:
        con.execute("SET preserve_insertion_order = true")
        con.register("events", table)
        quoted = path.replace("'", "''")
        con.execute(f"COPY (SELECT * FROM events) TO '{quoted}' "
                    "(FORMAT json, TIMESTAMPFORMAT '%Y-%m-%dT%H:%M:%SZ')")


#: XES attribute element per column (IEEE 1849): case -> trace concept:name,
#: activity -> concept:name, time -> time:timestamp; the rest keep their names
_XES_TYPES = {"outcome": "string", "segment": "string", "negative": "boolean",
              "rating": "int", "complaint": "string", "resolved": "boolean", "hours": "float"}


def _xes_events(table: Any) -> Iterator[str]:
    yield ('<?xml version="1.0" encoding="UTF-8"?>\n'
           '<log xes.version="1849-2016" xes.features="" xmlns="http://www.xes-standard.org/">\n'
           '  <extension name="Concept" prefix="concept" '
           'uri="http://www.xes-standard.org/concept.xesext"/>\n'
           '  <extension name="Time" prefix="time" '
           'uri="http://www.xes-standard.org/time.xesext"/>\n')
    current = None
    names = [n for n in _XES_TYPES if n in table.column_names]
    for batch in table.to_batches(max_chunksize=65536):
        columns = batch.to_pydict()
        for i in range(batch.num_rows):
            case = columns["case"][i]
            if case != current:
                if current is not None:
                    yield "  </trace>\n"
                yield f'  <trace>\n    <string key="concept:name" value={quoteattr(str(case))}/>\n'
                current = case
            parts = [f'<string key="concept:name" value={quoteattr(str(columns["activity"][i]))}/>',
                     f'<date key="time:timestamp" '
                     f'value="{columns["time"][i].strftime("%Y-%m-%dT%H:%M:%S")}+00:00"/>']
            for name in names:
                value = columns[name][i]
                if value is None:
                    continue
                kind = _XES_TYPES[name]
                text = ("true" if value else "false") if kind == "boolean" else str(value)
                parts.append(f'<{kind} key="{name}" value={quoteattr(text)}/>')
            yield "    <event>" + "".join(parts) + "</event>\n"
    if current is not None:
        yield "  </trace>\n"
    yield "</log>\n"


def _xes(table: Any, path: str) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        for text in _xes_events(table):
            out.write(text)


_WRITERS: dict[str, Callable[[Any, str], None]] = {
    "csv": _csv, "parquet": _parquet, "jsonl": _jsonl, "xes": _xes}
