"""One journey's figures read the same in every output, per language.

The journey below is rendered in en, ru and bg through the HTML report, the
diagram (SVG text), Markdown, Mermaid, XLSX, CSV, the terminal (``score``)
and the CI messages (SARIF, GitHub annotations).  Each figure is formatted
once by the vocabulary and must appear exactly so in every output that
shows it.  Outputs in the journey's language use its formats; the command
line's own English text (terminal tables, lint messages in SARIF and GitHub
annotations) uses the English ones; CSV carries raw numbers to import.
"""
from __future__ import annotations

import csv
import html
import io
import re
import zipfile

import pytest

import mapper
from mapper.commands.score import render_table
from mapper.core.vocabulary import LANGUAGES, MINUS, NBSP, english, translator
from mapper.formats.csv_table import export_csv
from mapper.formats.github import annotation_lines
from mapper.formats.markdown import markdown_summary
from mapper.formats.mermaid_flowchart import mermaid_flowchart
from mapper.formats.sarif import sarif_log
from mapper.formats.xlsx import workbook
from mapper.render.views import build_diagrams
from mapper.report.html import render_report
from mapper.report.view import report_view

JOURNEY = """\
journey: figures
title: Figures
language: {lang}
cohort: 120000
economics: {{currency: EUR, customer_value: 1234, acquisition_cost: 300}}
stages:
  - {{id: buy, aspect: sales}}
  - {{id: get, aspect: sales}}
  - {{id: use, aspect: after_sales}}
  - {{id: fix, aspect: warranty}}
  - {{id: help, aspect: complaint}}
touchpoints:
  shop:
    name: Shop
    stage: buy
    likelihood: 0.0876
    severity: 4
    next: {{courier: 0.9375}}
  courier:
    name: Courier
    stage: get
    likelihood: 0.1234
    severity: 3
    complaints: desk
    next: {{usage: 1.0}}
  usage:
    name: Usage
    stage: use
    likelihood: 0.02
    severity: 2
    complaints: desk
    next: {{repair: 0.25, loyal: 0.75}}
  repair:
    name: Repair
    stage: fix
    likelihood: 0.05
    severity: 3
    complaints: desk
    next: {{loyal: 1.0}}
  desk:
    name: Help desk
    stage: help
    kind: complaint_channel
    resolution: {{rate: 0.7, hours: 24}}
  loyal:
    outcome: loyal
"""


def outputs(lang: str) -> tuple[mapper.api.Analysis, dict[str, str]]:
    journey = mapper.loads(JOURNEY.format(lang=lang), "figures.yaml")
    analysis = mapper.analyse(journey)
    diagrams = build_diagrams(analysis, translator(lang))
    svg_text = " ".join(html.unescape(text) for text in re.findall(
        r"<text[^>]*>([^<]*)</text>", diagrams.main.svg))
    book = zipfile.ZipFile(io.BytesIO(workbook(analysis, analysis.findings)))
    shared = html.unescape(book.read("xl/sharedStrings.xml").decode("utf-8"))
    return analysis, {
        "html": html.unescape(render_report(report_view(analysis, analysis.findings, diagrams))),
        "svg": svg_text,
        "markdown": markdown_summary(analysis),
        "mermaid": re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))),   # its entities
                          mermaid_flowchart(analysis)),
        "xlsx": shared,
        "csv": export_csv(analysis),
        "terminal": render_table(analysis),
        "sarif": " ".join(result["message"]["text"] for run in sarif_log(
            analysis.findings)["runs"] for result in run["results"]),
        "github": annotation_lines(analysis.findings),
    }


@pytest.fixture(scope="module", params=LANGUAGES)
def rendered(request):
    return request.param, *outputs(request.param)


def test_the_journey_has_the_figures_the_test_needs(rendered):
    lang, analysis, _ = rendered
    s = analysis.summary
    assert s.expected_lost >= 1000 and s.money is not None and s.money.total >= 1000
    assert any(f.rule == "no-complaint-channel" and f.touchpoint == "shop"
               for f in analysis.findings)
    assert any(f.contribution < 0 for r in analysis.touchpoints.values() for f in r.factors)


def test_each_figure_reads_the_same_in_every_output(rendered):
    lang, analysis, out = rendered
    t, en = translator(lang), english()
    s = analysis.summary
    shop, courier = analysis.touchpoints["shop"], analysis.touchpoints["courier"]
    negative = min((f.contribution for f in courier.factors), default=0.0)
    # figure -> (its text in the journey's language, outputs in that language,
    #            outputs in the command line's English)
    figures = {
        "expected lost": (t.number(s.expected_lost), ["html", "markdown"], ["terminal"]),
        "touchpoint lost": (t.number(courier.expected_lost), ["html", "markdown"],
                            ["terminal"]),
        "score": (t.number(courier.score), ["html", "svg", "markdown", "mermaid"],
                  ["terminal"]),
        "money at risk": (t.money(s.money.total, "EUR"), ["html", "markdown"], ["terminal"]),
        "edge share": (t.percent(0.9375), ["html", "svg", "mermaid"], []),
        "likelihood": (t.percent(shop.likelihood), ["html", "markdown", "xlsx"],
                       ["sarif", "github"]),
        "courier likelihood": (t.percent(courier.likelihood), ["html"], []),
        "negative contribution": (t.signed(negative), ["html", "xlsx"], []),
    }
    for name, (text, native, english_outputs) in figures.items():
        for output in native:
            assert text in out[output], (lang, name, text, output)
        english_text = {"expected lost": en.number(s.expected_lost),
                        "touchpoint lost": en.number(courier.expected_lost),
                        "score": en.number(courier.score),
                        "money at risk": en.money(s.money.total, "EUR"),
                        "likelihood": en.percent(shop.likelihood),
                        "negative contribution": en.signed(negative)}.get(name, text)
        for output in english_outputs:
            assert english_text in out[output], (lang, name, english_text, output)
        if lang == "en":
            assert english_text == text


def test_the_rules_themselves(rendered):
    """The figures above follow the vocabulary's one set of rules."""
    lang, analysis, out = rendered
    t = translator(lang)
    assert t.percent(0.1234) == ("12%" if lang != "ru" else f"12{NBSP}%")
    assert t.percent(0.0876) in ("8.8%", f"8,8{NBSP}%", "8,8%")
    assert t.number(-2.25, 1).startswith(MINUS)
    assert t.number(1234.5) == ("1,234.5" if lang == "en" else f"1{NBSP}234,5")
    # no other percentage or minus style slips into the human-readable outputs
    for name in ("html", "markdown", "mermaid", "svg", "terminal", "sarif", "xlsx"):
        text = out[name]
        if name == "html":   # the page's text, not its styles, scripts or numbers for sorting
            text = re.sub(r"<(style|script)\b.*?</\1>", "", text, flags=re.S)
            text = re.sub(r"<[^>]*>", " ", text)
        assert not re.search(r"(?<![\w.,:/#=\"'-])-\d", text), (lang, name, re.findall(
            r".{20}(?<![\w.,:/#=\"'-])-\d.{10}", text))
        assert not re.search(r"\d\.\d{3,}%", text), (lang, name)


def test_csv_carries_the_raw_figures(rendered):
    lang, analysis, out = rendered
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(out["csv"].lstrip("\ufeff")))}
    courier = analysis.touchpoints["courier"]
    assert float(rows["courier"]["expected_lost"]) == pytest.approx(courier.expected_lost,
                                                                    abs=1e-6)
    assert float(rows["shop"]["likelihood"]) == 0.0876
