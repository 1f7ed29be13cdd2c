"""Values from the cells of a CSV table, located at their row and column.

Numbers may be written with a decimal comma or as a percentage (``12,5%``),
flags as true/false, yes/no or да/нет, ``next`` as ``a:0.3;b:0.7``, and the
structured columns as one-line YAML.  Problems are collected, each as
``file.csv:row:column: touchpoint 'id': column: message``.
"""
from __future__ import annotations

import re
from typing import Any, Optional

from ...core.errors import JourneyError, Problem
from ...loader.yamlfile import LMap, LSeq, parse_yaml
from .csv_read import Row, Table

_PERCENT = re.compile(r"^[+-]?\d+(?:[.,]\d+)?\s*%$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")
TRUE = {"true", "yes", "y", "1", "x", "да", "д"}
FALSE = {"false", "no", "n", "0", "нет", "не", "н"}


class Cells:
    """Builds located values from the cells of one table; collects problems."""

    def __init__(self, table: Table):
        self.table = table
        self.path = table.path
        self.problems: list[Problem] = []

    def mark(self, row: Row, column: str) -> tuple[int, int]:
        return row.number, self.table.column_number(column)

    def error(self, row: Row, column: str, message: str) -> None:
        line, col = self.mark(row, column)
        kind = row.cells.get("kind", "").strip().lower()
        what = kind if kind in ("stage", "journey") else "touchpoint"
        rid = row.cells.get("id", "")
        owner = f"{what} '{rid}': " if rid else ""
        self.problems.append(Problem(self.path, line, col, f"{owner}{column}: {message}"))

    def put(self, target: LMap, name: str, value: Any, row: Row, column: str) -> None:
        target[name] = value
        target.key_marks[name] = target.value_marks[name] = self.mark(row, column)

    # -- one cell --------------------------------------------------------------
    def number(self, text: str) -> Any:
        """A number if the cell holds one (decimal commas and percentages too), else text."""
        cleaned = text.replace("\u2212", "-").replace("\u00a0", "").strip()
        scale = 1.0
        if _PERCENT.match(cleaned):
            cleaned, scale = cleaned.rstrip("%").strip(), 0.01
        if _DECIMAL_COMMA.match(cleaned):
            cleaned = cleaned.replace(",", ".")
        try:
            value: Any = int(cleaned) if re.fullmatch(r"[+-]?\d+", cleaned) else float(cleaned)
        except ValueError:
            return text
        return value * scale if scale != 1.0 else value

    def flag(self, row: Row, column: str) -> Optional[bool]:
        text = row.cells.get(column, "").strip().lower()
        if not text:
            return None
        if text in TRUE:
            return True
        if text in FALSE:
            return False
        self.error(row, column, f"expected true or false, got '{row.cells[column]}'")
        return None

    def yaml_cell(self, row: Row, column: str) -> Any:
        """A one-line YAML cell (``[{...}]``, ``{...}``), relocated to the cell."""
        text = row.cells[column]
        try:
            value = parse_yaml(text, self.path)
        except JourneyError as exc:
            for problem in exc.problems:
                self.error(row, column, problem.message)
            return None
        return self.relocate(value, self.mark(row, column))

    def relocate(self, value: Any, mark: tuple[int, int]) -> Any:
        if isinstance(value, LMap):
            moved = LMap(self.path, *mark)
            for name, item in value.items():
                moved[name] = self.relocate(item, mark)
                moved.key_marks[name] = moved.value_marks[name] = mark
            moved.raws.update(value.raws)
            return moved
        if isinstance(value, LSeq):
            seq = LSeq(self.path, *mark)
            for index, item in enumerate(value):
                seq.append(self.relocate(item, mark))
                seq.marks.append(mark)
            seq.raws.update(value.raws)
            return seq
        return value

    def next_cell(self, row: Row) -> Any:
        """``a:0.3;b:0.7`` -> mapping, ``a;b`` -> even split, ``a`` -> one target."""
        mark = self.mark(row, "next")
        parts = [p.strip() for p in re.split(r"[;\n]", row.cells["next"]) if p.strip()]
        pairs: list[tuple[str, Any]] = []
        for part in parts:
            target, sep, share = part.partition(":")
            target = target.strip()
            if not target:
                self.error(row, "next", f"'{part}' names no touchpoint; write target:probability")
                return None
            if sep and ".." in share:   # a range low..high
                low, _, high = share.partition("..")
                bounds = [self.number(low.strip()), self.number(high.strip())]
                if not all(isinstance(b, (int, float)) for b in bounds):
                    self.error(row, "next", (f"'{share.strip()}' is not a range; write "
                                             "target:low..high, e.g. site:0.2..0.4"))
                    return None
                span = LMap(self.path, *mark)
                span["low"], span["high"] = bounds
                pairs.append((target, span))
                continue
            if sep:
                value = self.number(share.strip())
                if not isinstance(value, (int, float)):
                    self.error(row, "next", (f"'{share.strip()}' is not a probability; write "
                                             "target:probability pairs joined by ';', "
                                             "e.g. site:0.3;exit:0.7"))
                    return None
                pairs.append((target, value))
            else:
                pairs.append((target, None))
        with_share = [p for p in pairs if p[1] is not None]
        if with_share and len(with_share) != len(pairs):
            self.error(row, "next", "give a probability for every target or for none "
                                    "(targets alone split the traffic evenly)")
            return None
        if not with_share:
            if len(pairs) == 1:
                return pairs[0][0]
            seq = LSeq(self.path, *mark)
            for target, _ in pairs:
                seq.append(target)
                seq.marks.append(mark)
            return seq
        result = LMap(self.path, *mark)
        for target, share in pairs:
            if target in result:
                self.error(row, "next", f"'{target}' is listed twice")
                continue
            self.put(result, target, share, row, "next")
        return result
