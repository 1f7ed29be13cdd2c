"""The touchpoint table as CSV (``journeymap export --format csv``).

One row per touchpoint (outcomes and complaint channels included) in journey
order, then one ``stage`` row per stage and one ``journey`` row, so that
``journeymap import csv`` can rebuild an equivalent journey from an edited
table.  Columns (``COLUMNS``):

- editable: ``id name stage channel likelihood severity emotion next complaints
  owner third_party kind outcome use`` and, written as one-line YAML,
  ``failure_modes evidence promises segments resolution actions``; ``repeat_of
  description notes``; ``settings`` (journey row only: language, cohort,
  economics, segments, entry, complaints, lint);
- ``next`` is ``target:probability`` pairs joined by ``;`` (``site:0.3;exit:0.7``;
  a range as ``site:0.2..0.4``), or targets alone (``a;b``) for an even split;
- read-only, recomputed on import: ``score level reach expected_lost saved
  aspect`` (a touchpoint row's ``aspect`` is its stage's).

The file is UTF-8 with a byte-order mark (spreadsheets then show Cyrillic)
and CRLF line ends.  Text cells that a spreadsheet would run as a formula
(starting with ``= + - @``, tab or CR) get a leading apostrophe; numbers,
such as an emotion of -1, stay numbers.  The importer removes the apostrophe.
"""
from __future__ import annotations

import csv
import io
import math
from typing import Any, Iterable, Optional, Sequence

from ..present.rows import RiskRow, risk_rows
from ..risk.analysis import Analysis
from .plain import journey_settings, stage_values, touchpoint_values
from .yamltext import flow

COLUMNS = ("id", "name", "stage", "channel", "likelihood", "severity", "emotion", "next",
           "complaints", "owner", "third_party", "score", "level", "reach", "expected_lost",
           "saved", "kind", "outcome", "aspect", "use", "failure_modes", "evidence",
           "promises", "segments", "repeat_of", "resolution", "description", "notes",
           "actions", "settings")
# the figures of the analysis (score, level, reach, expected_lost, saved) and a
# stage row's aspect are written for reading only: the importer never reads them
STRUCTURED = ("failure_modes", "evidence", "promises", "segments", "resolution", "actions",
              "settings")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"

Cell = Any  # str, int, float or None


def next_cell(value: Any) -> str:
    """``next`` as ``a:0.3;b:0.7`` (mapping), ``a;b`` (even split) or ``a``."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return ";".join(value)
    return ";".join(f"{target}:{_number_text(p['low'])}..{_number_text(p['high'])}"
                    if isinstance(p, dict) else f"{target}:{_number_text(p)}"
                    for target, p in value.items())


def _number_text(value: float) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value) if isinstance(value, float) else str(value)


def _figure(value: float) -> float:
    rounded = round(float(value), 6)
    return 0.0 if rounded == 0 else rounded


def touchpoint_row(tid: str, values: dict[str, Any], figures: Optional[RiskRow],
                   aspect: Any) -> dict[str, Cell]:
    """A touchpoint's row: its values as written and (not for an outcome) its figures."""
    owner = values.get("owner")
    row: dict[str, Cell] = {
        "id": tid, "name": values.get("name"), "stage": values.get("stage"),
        "channel": values.get("channel"),
        "likelihood": flow(values["likelihood"]) if isinstance(values.get("likelihood"), dict)
        else values.get("likelihood"),
        "severity": values.get("severity"), "emotion": values.get("emotion"),
        "next": next_cell(values.get("next")), "complaints": values.get("complaints"),
        "owner": owner["name"] if isinstance(owner, dict) else owner,
        "third_party": ("true" if isinstance(owner, dict) and owner.get("third_party")
                        else "false") if owner else None,
        "kind": "outcome" if values.get("outcome") else values.get("kind", "touchpoint"),
        "outcome": values.get("outcome"), "aspect": aspect, "use": values.get("use"),
        "repeat_of": values.get("repeat_of"), "description": values.get("description"),
        "notes": values.get("notes"),
    }
    for name in STRUCTURED:
        if name in values:
            row[name] = flow(values[name])
    if figures is not None:
        row.update(score=_figure(figures.score), level=figures.level,
                   reach=_figure(figures.reach), expected_lost=_figure(figures.expected_lost),
                   saved=_figure(figures.saved))
    return row


def table_rows(analysis: Analysis) -> list[dict[str, Cell]]:
    """Every row of the table, as ``column -> value`` (pure; no formatting yet)."""
    journey = analysis.journey
    aspects = {stage.id: stage.aspect for stage in journey.stages}
    # as written: the effects of done actions are in the actions column
    figures = {row.id: row for row in risk_rows(analysis)}
    rows = [touchpoint_row(tid, touchpoint_values(journey.as_written.get(tid, tp)),
                           figures.get(tid), aspects.get(tp.stage or ""))
            for tid, tp in journey.touchpoints.items()]
    for stage in journey.stages:
        values = stage_values(stage)
        rows.append({"id": stage.id, "kind": "stage", "name": values.get("name"),
                     "aspect": stage.aspect, "description": stage.description})
    rows.append({"id": journey.id, "kind": "journey", "name": journey.title,
                 "description": journey.description, "notes": journey.notes,
                 "settings": flow(journey_settings(journey))})
    return rows


def guard(value: Cell) -> str:
    """The cell's text; text a spreadsheet would run as a formula gets a leading ``'``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):  # pragma: no cover
            raise ValueError("non-finite number in the table")
        return _number_text(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(rows: Iterable[dict[str, Cell]], columns: Sequence[str] = COLUMNS) -> str:
    """The CSV text, byte-order mark first, CRLF line ends, every cell guarded."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([guard(row.get(name)) for name in columns])
    return BOM + buffer.getvalue()


def export_csv(analysis: Analysis) -> str:
    return csv_text(table_rows(analysis))
