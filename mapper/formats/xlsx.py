"""The risk register workbook (``export --format xlsx``): touchpoints, findings, outcomes.

Three sheets a consultant can hand over or filter further: every touchpoint
with its scores, factors, expected losses and fix-first rank (the figures of
``ID.json``, as numbers, not text); every finding in plain words with its
rule and place; and where the cohort ends up, the rows adding up to the
cohort.  Text is written as text (never as a formula) and, as in the CSV
export, text a spreadsheet would run as a formula gets a leading ``'``.
The workbook's dates are fixed, so the same input gives the same bytes.
"""
from __future__ import annotations

import datetime
import io
from typing import Any, Sequence

from .csv_table import guard
from ..core.errors import UsageError
from ..core.findings import Finding
from ..core.vocabulary import translator
from ..risk.analysis import Analysis
from ..risk.document import clean_numbers
from ..report.details import finding_text
from ..present.explain import factor_name
from ..present.rows import risk_rows
from ..report.view import end_states

#: the factor columns, in the engine's order (a factor a touchpoint lacks is empty)
FACTORS = ("likelihood", "severity", "recoverability", "double_standard", "third_party",
           "promises", "exposure", "taken_for_granted", "cap", "unassessed")

TOUCHPOINT_COLUMNS = ("fix_first_rank", "id", "name", "stage", "kind", "level", "score",
                      "likelihood", "severity", "reach", "expected_lost", "saved",
                      "complaints", "disappointed", "owner", "third_party", "top_factor",
                      *(f"factor_{f}" for f in FACTORS), "factors")
FINDING_COLUMNS = ("severity", "rule", "touchpoint", "text", "message", "file", "line", "column")
OUTCOME_COLUMNS = ("end_state", "kind", "customers", "share")

#: a fixed creation date: the workbook is reproducible byte for byte
CREATED = datetime.datetime(2000, 1, 1)


def _cell(sheet: Any, row: int, col: int, value: Any, formats: dict[str, Any]) -> None:
    if value is None or value == "":
        return
    if isinstance(value, bool):
        sheet.write_boolean(row, col, value)
    elif isinstance(value, (int, float)):
        sheet.write_number(row, col, clean_numbers(float(value)) if isinstance(value, float)
                           else value)
    else:
        sheet.write_string(row, col, guard(value))


def _sheet(book: Any, name: str, columns: Sequence[str], rows: list[list[Any]],
           formats: dict[str, Any]) -> None:
    sheet = book.add_worksheet(name)
    for col, title in enumerate(columns):
        sheet.write_string(0, col, title, formats["header"])
    for r, values in enumerate(rows, start=1):
        for col, value in enumerate(values):
            _cell(sheet, r, col, value, formats)
    sheet.freeze_panes(1, 0)
    if rows:
        sheet.autofilter(0, 0, len(rows), len(columns) - 1)
    for col, title in enumerate(columns):
        longest = max([len(title)] + [len(str(v[col])) for v in rows[:200] if v[col] is not None])
        sheet.set_column(col, col, min(60, max(8, longest + 2)))


def touchpoint_rows(analysis: Analysis) -> list[list[Any]]:
    """One row per touchpoint (outcomes left out), in the engine's ranking."""
    t = translator(analysis.journey.language)
    rows = []
    for row in risk_rows(analysis):
        tp = analysis.journey.touchpoints[row.id]
        factors = row.risk.factors
        # the contributions as ``ID.json`` holds them
        by_factor = {f.factor: f.as_json()["contribution"] for f in factors}
        texts = "\n".join(f"{factor_name(t, f.factor)} {t.signed(f.contribution)}: {f.reason}"
                          for f in factors if f.factor != "outcome")
        rows.append([row.fix_first, row.id, row.name, row.stage_name, row.kind, row.level,
                     row.score, row.likelihood, row.severity, row.reach, row.expected_lost,
                     row.saved, row.complaints, row.disappointed,
                     tp.owner.name if tp.owner else None, bool(row.third_party),
                     factor_name(t, row.top.factor) if row.top else None,
                     *(by_factor.get(f) for f in FACTORS), texts])
    return rows


def workbook(analysis: Analysis, findings: list[Finding]) -> bytes:
    """The risk register as ``.xlsx`` bytes."""
    try:
        import xlsxwriter
    except ImportError:
        raise UsageError("the xlsx export needs XlsxWriter: pip install 'journeymap[export]'"
                         ) from None
    journey = analysis.journey
    t = translator(journey.language)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                        "strings_to_urls": False, "strings_to_numbers": False})
    book.set_properties({"title": journey.title, "subject": "Customer journey risk register",
                         "created": CREATED})
    formats = {"header": book.add_format({"bold": True, "bg_color": "#E3E7EB"})}
    _sheet(book, "Touchpoints", TOUCHPOINT_COLUMNS, touchpoint_rows(analysis), formats)
    finding_rows = []
    for finding in sorted(findings):
        tp = journey.touchpoints.get(finding.touchpoint)
        finding_rows.append([finding.severity, finding.rule, tp.name if tp else None,
                             finding_text(t, finding, journey)[0], finding.message,
                             finding.file, finding.line, finding.column])
    _sheet(book, "Findings", FINDING_COLUMNS, finding_rows, formats)
    cohort = analysis.summary["cohort"]
    outcome_rows: list[list[Any]] = [
        [name, kind, customers, customers / cohort if cohort else None]
        for name, kind, customers, _ in end_states(t, analysis)]
    outcome_rows.append([t("outcomes.total"), "", cohort, 1.0 if cohort else None])
    _sheet(book, "Outcomes", OUTCOME_COLUMNS, outcome_rows, formats)
    book.close()
    return buffer.getvalue()
