"""Read a CSV table as spreadsheets save it: delimiter, encoding, quoting, guards.

Spreadsheets in Russian or Bulgarian locales save ``;``-separated files with
decimal commas; both are accepted.  Rows and columns are numbered from 1 as a
spreadsheet shows them (the header is row 1), and every problem is reported
as ``file.csv:row:column: message``.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from ...core.errors import JourneyError, Problem
from ...loader.regular import read_regular
from ...loader.yamlfile import decode
from ...core.textsafety import first_unsafe, unsafe_message
from ..csv_table import FORMULA_STARTS

MAX_BYTES = 10 * 1024 * 1024
DELIMITERS = (",", ";", "\t")


@dataclass
class Row:
    number: int
    cells: dict[str, str]


@dataclass
class Table:
    path: str
    columns: list[str]
    rows: list[Row] = field(default_factory=list)

    def column_number(self, name: str) -> int:
        return self.columns.index(name) + 1 if name in self.columns else 1


def unguard(text: str) -> str:
    """Undo the export's formula guard: ``'=x`` reads as ``=x``."""
    if text.startswith("'") and text[1:2] and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def header_name(text: str) -> str:
    return "_".join(text.strip().lower().replace("-", "_").split())


def read_table(data: bytes, path: str) -> Table:
    """Parse CSV bytes into a :class:`Table` (raises JourneyError, located)."""
    if len(data) > MAX_BYTES:
        raise JourneyError([Problem(path, 1, 1, (
            f"file is larger than {MAX_BYTES // 1048576} MB; is it really a journey table?"))])
    text = decode(data, path)
    if not text.strip():
        raise JourneyError([Problem(path, 1, 1, "file is empty; expected a header row "
                                                "(id,name,stage,...) and one row per touchpoint")])
    delimiter = _delimiter(text.split("\n", 1)[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    csv_rows: list[list[str]] = []
    try:
        for row in reader:
            csv_rows.append(row)
    except csv.Error as exc:
        raise JourneyError([Problem(path, len(csv_rows) + 1, 1,
                                    f"CSV syntax error: {exc}")]) from None
    for index, row in enumerate(csv_rows, start=1):   # text of a journey: no control characters
        for column, cell in enumerate(row, start=1):
            char = first_unsafe(cell)
            if char is not None:
                raise JourneyError([Problem(path, index, column, unsafe_message(char, "cell"))])
    header = [header_name(cell) for cell in csv_rows[0]]
    table = Table(path, header)
    for index, row in enumerate(csv_rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header) and any(c.strip() for c in row[len(header):]):
            raise JourneyError([Problem(path, index, len(header) + 1, (
                f"row has {len(row)} cells but the header names {len(header)} columns"))])
        cells = {name: unguard(cell.strip()) for name, cell in zip(header, row)}
        table.rows.append(Row(index, cells))
    return table


def read_table_file(path: str) -> Table:
    return read_table(read_regular(path, MAX_BYTES), path)
