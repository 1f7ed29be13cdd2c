"""One presenter: every risk table (terminal, report, Markdown, CSV, XLSX) is built from
the same typed rows, naming the same top factor."""
from __future__ import annotations

import csv
import io

import pytest

from conftest import EXAMPLES
from mapper.commands.score import render_table
from mapper.core.vocabulary import translator
from mapper.formats.csv_table import export_csv
from mapper.formats.markdown import risk_table as markdown_table
from mapper.formats.xlsx import TOUCHPOINT_COLUMNS, touchpoint_rows
from mapper.model.workspace import load_journey
from mapper.present.explain import factor_name
from mapper.present.rows import TopFactor, risk_rows, top_factor
from mapper.report.table import risk_table
from mapper.risk.assess import assess
from mapper.risk.profile import load_profile
from mapper.risk.score import Factor


def f(name: str, contribution: float) -> Factor:
    return Factor(name, contribution, "")


def test_the_factor_raising_the_score_most_beyond_the_likelihood_is_the_top_factor():
    factors = [f("likelihood", 20.0), f("severity", 4.0), f("third_party", 6.0),
               f("recoverability", -3.0)]
    assert top_factor(factors) == TopFactor("third_party", 6.0)


def test_without_a_factor_that_stands_out_the_one_moving_the_score_most_is_named():
    assert top_factor([f("likelihood", 14.4), f("severity", 0.0),
                       f("recoverability", 0.04)]) == TopFactor("likelihood", 14.4)
    # a lowering factor larger than the likelihood's own share
    assert top_factor([f("likelihood", 2.0), f("severity", -3.0)]) == \
        TopFactor("severity", -3.0)


def test_a_touchpoint_without_a_risk_of_its_own_has_no_top_factor():
    assert top_factor([f("unassessed", 0.0)]) is None
    assert top_factor([f("outcome", 0.0)]) is None
    assert top_factor([]) is None


@pytest.fixture(scope="module", params=EXAMPLES, ids=lambda p: p.stem)
def analysis(request):
    analysis, _ = assess(load_journey(str(request.param)), load_profile())
    return analysis


def test_rows_follow_the_engines_ranking_without_outcomes(analysis):
    rows = risk_rows(analysis)
    expected = [r.id for r in analysis.ranked() if r.kind != "outcome"]
    assert [row.id for row in rows] == expected
    assert [row.rank for row in rows] == list(range(1, len(rows) + 1))
    fix_first = [item.id for item in analysis.summary.fix_first]
    assert [row.id for row in sorted((r for r in rows if r.fix_first), key=lambda r: r.fix_first)
            ] == fix_first
    assert any(row.top is not None for row in rows)


def test_every_output_lists_the_rows_with_the_same_top_factor(analysis):
    rows = risk_rows(analysis)
    t = translator(analysis.journey.language)
    # the terminal table
    lines = render_table(analysis).splitlines()
    header = next(i for i, line in enumerate(lines) if line.split()[:2] == ["#", "touchpoint"])
    body = lines[header + 2:header + 2 + len(rows)]
    for row, line in zip(rows, body):
        cells = line.split()
        assert cells[0] == str(row.rank) and cells[1] == row.id
        if row.top:
            assert line.endswith(f"{row.top.factor} {row.top.contribution:+.1f}")
    # the report's table
    table = risk_table(t, analysis)
    report_rows = table.rows + table.rest
    assert [r.id for r in report_rows] == [row.id for row in rows]
    for row, report_row in zip(rows, report_rows):
        assert report_row.cells[-1].text == (factor_name(t, row.top.factor) if row.top else "–")
        assert report_row.cells[4].value is not None
        assert float(report_row.cells[4].value) == pytest.approx(row.score)
    # Markdown
    markdown = markdown_table(analysis)[2:]
    assert len(markdown) == len(rows)
    for row, line in zip(rows, markdown):
        assert f"`{row.id}`" in line
        assert line.split("|")[-2].strip().startswith(
            factor_name(t, row.top.factor) if row.top else "")
    # XLSX
    register = touchpoint_rows(analysis)
    column = {name: i for i, name in enumerate(TOUCHPOINT_COLUMNS)}
    assert [r[column["id"]] for r in register] == [row.id for row in rows]
    assert [r[column["top_factor"]] for r in register] == \
        [factor_name(t, row.top.factor) if row.top else None for row in rows]
    # CSV (journey order; its figures are the rows')
    table_csv = {r["id"]: r for r in csv.DictReader(io.StringIO(export_csv(analysis)[1:]))}
    for row in rows:
        assert float(table_csv[row.id]["score"]) == pytest.approx(row.score)
        assert table_csv[row.id]["level"] == row.level
        assert float(table_csv[row.id]["expected_lost"]) == pytest.approx(row.expected_lost,
                                                                          abs=1e-6)
