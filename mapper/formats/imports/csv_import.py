"""``journeymap import csv``: an (edited) touchpoint table back into a journey.

The table is turned into the same located tree the YAML reader makes, with
each value's line and column being the cell's row and column, so the journey
validator itself checks every cell and reports ``file.csv:row:column:
message``.  Then the touchpoints that start from a catalog entry (``use``)
keep only the values that differ from the entry, and the journey is written
as YAML.  The table format is described in :mod:`.csv_table`.
"""
from __future__ import annotations

import os
from typing import Optional

from ...core.errors import JourneyError, Problem, did_you_mean
from ...loader.catalog import Catalog
from ...loader.yamlfile import LMap, LSeq
from ...model.build import build_journey
from ...model.journey import Journey
from .aspects import guess_aspect
from .csv_cells import Cells
from .csv_read import Row, Table, read_table_file
from ..csv_table import COLUMNS, STRUCTURED
from .ids import slug
from .minimize import plain, plain_document
from .verify import verified_text

KINDS = ("touchpoint", "complaint_channel", "outcome", "stage", "journey")
TOUCHPOINT_TEXT = ("name", "stage", "channel", "complaints", "repeat_of", "use",
                   "description", "notes", "outcome")


class _TreeBuilder(Cells):
    def __init__(self, table: Table):
        super().__init__(table)
        self.tree = LMap(self.path, 1, 1)

    def build(self) -> LMap:
        self._columns()
        journeys: list[tuple[Row, str]] = []
        stages: list[tuple[Row, str]] = []
        touchpoints: list[tuple[Row, str]] = []
        for row in self.table.rows:
            kind = self._kind(row)
            if kind is None:
                continue
            {"journey": journeys, "stage": stages}.get(kind, touchpoints).append((row, kind))
        self._journey(journeys)
        self._stages(stages, touchpoints)
        self._touchpoints(touchpoints)
        return self.tree

    def _columns(self) -> None:
        seen: dict[str, int] = {}
        for index, name in enumerate(self.table.columns, start=1):
            if not name:
                continue
            if name in seen:
                self.problems.append(Problem(self.path, 1, index, (
                    f"column '{name}' appears twice (first as column {seen[name]})")))
            elif name not in COLUMNS:
                self.problems.append(Problem(self.path, 1, index, (
                    f"unknown column '{name}'{did_you_mean(name, list(COLUMNS))}; put free "
                    "text in the notes column")))
            seen.setdefault(name, index)
        if "id" not in seen:
            self.problems.append(Problem(self.path, 1, 1, (
                "the header has no 'id' column; the first row must name the columns "
                "(id,name,stage,channel,likelihood,...)")))
            raise JourneyError(self.problems)

    def _kind(self, row: Row) -> Optional[str]:
        text = row.cells.get("kind", "").strip().lower()
        if not text:
            return "outcome" if row.cells.get("outcome", "").strip() else "touchpoint"
        if text not in KINDS:
            self.error(row, "kind", f"must be one of {', '.join(KINDS)}; got '{text}'"
                       + did_you_mean(text, list(KINDS)))
            return None
        return text

    def _journey(self, rows: list[tuple[Row, str]]) -> None:
        tree = self.tree
        if not rows:
            stem = os.path.splitext(os.path.basename(self.path))[0]
            tree["journey"] = slug(stem)
            tree["title"] = stem
            return
        for extra, _ in rows[1:]:
            self.error(extra, "kind",
                       f"a second journey row (the first is row {rows[0][0].number})")
        row = rows[0][0]
        self.put(tree, "journey", row.cells.get("id", ""), row, "id")
        for column, name in (("name", "title"), ("description", "description"),
                             ("notes", "notes")):
            if row.cells.get(column):
                self.put(tree, name, row.cells[column], row, column)
        if row.cells.get("settings"):
            settings = self.yaml_cell(row, "settings")
            if settings is not None and not isinstance(settings, LMap):
                self.error(row, "settings", "expected {key: value, ...} (language, cohort, "
                                            "economics, segments, entry, complaints, lint)")
            elif settings is not None:
                for name, value in settings.items():
                    if name in ("journey", "title", "description", "notes", "stages",
                                "touchpoints"):
                        self.error(row, "settings", f"'{name}' has its own "
                                   + ("rows" if name in ("stages", "touchpoints") else "column"))
                        continue
                    self.put(tree, name, value, row, "settings")
                    tree.raws.update({k: v for k, v in settings.raws.items() if k == name})
        for column in self.table.columns:
            if column not in ("id", "kind", "name", "description", "notes", "settings") \
                    and row.cells.get(column):
                self.error(row, column, "not used on the journey row")

    def _stages(self, rows: list[tuple[Row, str]], touchpoints: list[tuple[Row, str]]) -> None:
        stages = LSeq(self.path, 1, 1)
        if rows:
            for row, _ in rows:
                item = LMap(self.path, *self.mark(row, "id"))
                self.put(item, "id", row.cells.get("id", ""), row, "id")
                for column in ("aspect", "name", "description"):
                    if row.cells.get(column):
                        self.put(item, column, row.cells[column], row, column)
                stages.append(item)
                stages.marks.append(self.mark(row, "id"))
        else:  # a hand-made table: stages in order of first use
            found: dict[str, LMap] = {}
            for row, _ in touchpoints:
                sid = row.cells.get("stage", "")
                if not sid:
                    continue
                aspect = row.cells.get("aspect", "")
                if sid not in found:
                    item = LMap(self.path, *self.mark(row, "stage"))
                    self.put(item, "id", sid, row, "stage")
                    found[sid] = item
                    stages.append(item)
                    stages.marks.append(self.mark(row, "stage"))
                if aspect and "aspect" not in found[sid]:
                    self.put(found[sid], "aspect", aspect, row, "aspect")
            for item in found.values():
                if "aspect" not in item:  # a guess the consultant corrects
                    item["aspect"] = guess_aspect(str(item["id"]))
        if stages:
            self.tree["stages"] = stages
            self.tree.key_marks["stages"] = self.tree.value_marks["stages"] = \
                stages.marks[0] if stages.marks else (1, 1)

    def _touchpoints(self, rows: list[tuple[Row, str]]) -> None:
        touchpoints = LMap(self.path, 1, 1)
        first_row: dict[str, int] = {}
        for row, kind in rows:
            tid = row.cells.get("id", "")
            if not tid:
                self.error(row, "id", "every touchpoint row needs an id")
                continue
            if tid in first_row:
                self.error(row, "id", f"duplicate id '{tid}' (first at row {first_row[tid]})")
                continue
            first_row[tid] = row.number
            body = self._touchpoint(row, kind)
            touchpoints[tid] = body
            touchpoints.key_marks[tid] = touchpoints.value_marks[tid] = self.mark(row, "id")
        if first_row:
            self.tree["touchpoints"] = touchpoints
            first = next(iter(touchpoints.key_marks.values()))
            self.tree.key_marks["touchpoints"] = self.tree.value_marks["touchpoints"] = first

    def _touchpoint(self, row: Row, kind: str) -> LMap:
        body = LMap(self.path, *self.mark(row, "id"))
        cells = row.cells
        for column in TOUCHPOINT_TEXT:
            if cells.get(column):
                self.put(body, column, cells[column], row, column)
        if kind == "complaint_channel":
            self.put(body, "kind", "complaint_channel", row, "kind")
        if kind == "outcome" and not cells.get("outcome"):
            self.error(row, "outcome", "an outcome row needs repeat_purchase, loyal, advocate "
                                       "or lost here")
        for column in ("likelihood", "severity", "emotion"):
            if cells.get(column):
                if column == "likelihood" and str(cells[column]).lstrip().startswith("{"):
                    value = self.yaml_cell(row, column)   # a range {low, high}
                    if value is not None:
                        self.put(body, column, value, row, column)
                    continue
                self.put(body, column, self.number(cells[column]), row, column)
        if cells.get("next"):
            value = self.next_cell(row)
            if value is not None:
                self.put(body, "next", value, row, "next")
        third_party = self.flag(row, "third_party")
        if cells.get("owner"):
            if third_party:
                owner = LMap(self.path, *self.mark(row, "owner"))
                self.put(owner, "name", cells["owner"], row, "owner")
                self.put(owner, "third_party", True, row, "third_party")
                self.put(body, "owner", owner, row, "owner")
            else:
                self.put(body, "owner", cells["owner"], row, "owner")
        elif third_party:
            self.error(row, "third_party", "give the owner's name in the owner column")
        for column in STRUCTURED:
            if cells.get(column):
                if column == "settings":
                    self.error(row, column, "settings belong on the journey row")
                    continue
                value = self.yaml_cell(row, column)
                if value is not None:
                    self.put(body, column, value, row, column)
        return body


def table_journey(table: Table, catalog: Catalog) -> tuple[LMap, Journey]:
    """The located tree and the validated journey of a table (raises JourneyError)."""
    builder = _TreeBuilder(table)
    tree = builder.build()
    problems = list(builder.problems)
    try:
        journey = build_journey(tree, table.path, catalog)
    except JourneyError as exc:
        raise JourneyError(problems + exc.problems) from None
    if problems:
        raise JourneyError(problems)
    return tree, journey


def import_csv(path: str, catalog: Optional[Catalog] = None,
               schema: str = "../journey.schema.json") -> str:
    """The YAML text of the journey a CSV table describes (raises JourneyError)."""
    catalog = catalog if catalog is not None else Catalog()
    tree, journey = table_journey(read_table_file(path), catalog)
    header = [f"Imported from {os.path.basename(path)} by `journeymap import csv`. "
              "Check it with `journeymap check`."]
    return verified_text(journey, [plain_document(tree, catalog), plain(tree)], header,
                         schema, catalog)


__all__ = ["import_csv", "table_journey"]
