"""The report's figures reconcile: the cohort table adds up, and every figure is ID.json's.

Every end state of the cohort (each outcome, those who left satisfied after a
resolved complaint, those lost through a bad experience, those who dropped
off) is one row of the table ``#outcomes``; its ``data-value`` cells sum to
the cohort and equal the summary figures of ``ID.json``.  The portfolio's
rows (retained, lost, dropped) add up to each journey's cohort too.  Each
touchpoint's likelihood and severity are one pair, quoted alike by the table,
the matrix, the facts and the factor texts.
"""
from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import EXAMPLES, REPO, run_main, write
from mapper.core.vocabulary import translator

sys.path.insert(0, str(REPO / "bench"))
from generate import generate  # noqa: E402

#: a journey with segments, a loop, a complaint channel that sends customers
#: back, a slow one, failure modes, and an outcome `lost`
SEGMENTED = """\
journey: segmented
language: bg
cohort: 800
complaints: desk
segments:
  young: {share: 0.3}
  old: {share: 0.7}
stages:
  - {id: buy, aspect: sales}
  - {id: after, aspect: after_sales}
  - {id: fix, aspect: warranty}
  - {id: help, aspect: complaint}
touchpoints:
  shop:
    stage: buy
    channel: in_person
    likelihood: 0.2
    severity: 3
    segments:
      young: {likelihood: 0.35}
    complaints: chat
    next: {use: 0.8}
  use:
    stage: after
    channel: other
    failure_modes:
      - {name: Breaks, likelihood: 0.1, severity: 4}
      - {name: Confusing, likelihood: 0.2, severity: 2}
    next: {repair: 0.2, happy: 0.7, gone: 0.05}
  repair:
    stage: fix
    channel: in_person
    likelihood: 0.3
    severity: 4
    next: {use: 0.6, happy: 0.3}
  chat:
    stage: help
    channel: web
    kind: complaint_channel
    likelihood: 0.1
    severity: 3
    resolution: {rate: 0.8, hours: 2, back_to: shop}
  desk:
    stage: help
    channel: in_person
    kind: complaint_channel
    resolution: {rate: 0.5, hours: 200}
  happy:
    outcome: loyal
  gone:
    outcome: lost
"""


class Figures(HTMLParser):
    """The ``data-value`` numbers of the table ``#outcomes`` and of the index rows."""

    def __init__(self) -> None:
        super().__init__()
        self.table: str | None = None
        self.outcomes: list[float] = []
        self.rows: list[dict[str, float]] = []
        self.cells = 0
        self.body = False
        self.numeric_cells_without_value: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table":
            self.table = a.get("id") or a.get("class") or ""
        elif tag == "tbody":
            self.body = True
        elif tag == "tr" and self.table == "journeys-table" and self.body:
            self.rows.append({})
            self.cells = 0
        elif tag == "td":
            if "num" in (a.get("class") or "").split() and "data-value" not in a:
                self.numeric_cells_without_value.append(f"{self.table}: {a}")
            if self.table == "outcomes" and "data-value" in a:
                self.outcomes.append(float(a["data-value"] or "nan"))
            if self.table == "journeys-table" and self.rows:
                self.cells += 1
                if "data-value" in a:
                    self.rows[-1][f"c{self.cells}"] = float(a["data-value"] or "nan")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self.table = None
        elif tag == "tbody":
            self.body = False


def figures(path: Path) -> Figures:
    parser = Figures()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def check_journey(html: Path) -> None:
    summary = json.loads(html.with_suffix(".json").read_text(encoding="utf-8"))["summary"]
    page = figures(html)
    assert page.numeric_cells_without_value == []
    cohort = summary["cohort"]
    assert abs(sum(page.outcomes) - cohort) <= 0.5, (html.name, page.outcomes, cohort)
    # one row per outcome (in the summary's order), then the other end states
    expected = list(summary["outcomes"].values())
    if summary["resolved_exit"] > 0:
        expected.append(summary["resolved_exit"])
    expected.append(summary["expected_lost"] - summary["outcome_kinds"].get("lost", 0.0))
    expected.append(summary["dropped"])
    assert page.outcomes == pytest.approx(expected, abs=2e-6)  # differences of 6-decimal figures
    # the raw figures are ID.json's own numbers, not re-rounded ones
    for tid, value in summary["outcomes"].items():
        assert value in page.outcomes, tid
    assert summary["dropped"] in page.outcomes


def check_index(index: Path, count: int) -> None:
    rows = figures(index).rows
    assert len(rows) == count
    for row in rows:
        cohort, retained, lost, dropped = row["c1"], row["c2"], row["c3"], row["c4"]
        assert abs(retained + lost + dropped - cohort) <= 0.5, row


@pytest.fixture(scope="module")
def examples(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    result = run_main("build", *EXAMPLES, "-o", out)
    assert result.code == 0, result.err
    return out


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_cohort_table_reconciles_with_its_json(examples: Path, example: Path):
    check_journey(examples / f"{example.stem}.html")


def test_example_index_rows_add_up(examples: Path):
    check_index(examples / "index.html", len(EXAMPLES))


def test_generated_journeys_reconcile(tmp_path: Path):
    folder = tmp_path / "journeys"
    for n, seed in ((12, 1), (40, 7), (90, 3)):
        write(folder, f"gen-{n}.yaml", generate(n, seed, f"gen-{n}"))
    write(folder, "segmented.yaml", SEGMENTED)
    out = tmp_path / "site"
    result = run_main("build", folder, "-o", out)
    assert result.code == 0, result.err
    for stem in ("gen-12", "gen-40", "gen-90", "segmented"):
        check_journey(out / f"{stem}.html")
    check_index(out / "index.html", 4)
    segmented = json.loads((out / "segmented.json").read_text(encoding="utf-8"))["summary"]
    # the journey exercises the end states beside the outcomes
    assert segmented["outcome_kinds"]["lost"] > 0
    assert segmented["dropped"] > 0


def test_complaint_channel_says_what_it_lets_slip(examples: Path):
    text = (examples / "online-shop.html").read_text(encoding="utf-8")
    hotline = text[text.index('id="tp-hotline"'):]
    hotline = hotline[:hotline.index("</article>")]
    assert "Lost through this channel" in hotline
    assert "counted at the touchpoint they complained about" in hotline
    site = text[text.index('id="tp-site"'):]
    assert "counted here, where the problem arises" in site[:site.index("</article>")]


# -- one likelihood and one severity per touchpoint, quoted alike everywhere ------------
#
# The risk table, the risk matrix, the touchpoint's facts and the texts of its
# likelihood and severity factors all quote the same pair (the share of visits
# with any negative experience, and the average severity over the ways it can
# go wrong), which is ``ID.json``'s.  The factor texts mark the figures they
# quote as ``<data class="likelihood|severity" value="RAW">``.

QUOTING = """\
journey: segmented
language: {lang}
segments:
  young: {{share: 0.3}}
  old: {{share: 0.7}}
stages:
  - {{id: buy, aspect: sales}}
touchpoints:
  shop:
    stage: buy
    likelihood: 0.2
    severity: 3
    segments:
      young: {{likelihood: 0.35, severity: 5}}
    next: {{use: 1}}
  use:
    stage: buy
    failure_modes:
      - {{name: Breaks, likelihood: 0.1, severity: 4}}
      - {{name: Confusing, likelihood: 0.2, severity: 2}}
    next: {{happy: 1}}
  happy:
    outcome: loyal
"""


@dataclass
class Quotes:
    """What the report quotes per touchpoint: ``kind -> raw values`` per place."""
    table: dict[str, dict[str, str]] = field(default_factory=dict)
    #: the table's cell texts
    shown: dict[str, dict[str, str]] = field(default_factory=dict)
    matrix: dict[str, dict[str, str]] = field(default_factory=dict)
    facts: dict[str, list[str]] = field(default_factory=dict)
    factors: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)


class Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.quotes = Quotes()
        self.where = ""          # "table" | "matrix" | "facts" | "factors"
        self.keys: list[str] = []
        self.row: dict[str, str] | None = None
        self.texts: dict[str, str] = {}
        self.row_id = ""
        self.cell = 0
        self.entry: dict[str, str] | None = None
        self.article = ""
        self.data: tuple[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        classes = a.get("class", "").split()
        if tag == "table" and a.get("id") == "risk-table":
            self.where = "table"
        elif tag == "table" and "matrix" in classes:
            self.where = "matrix"
        elif tag == "table" and "factors" in classes:
            self.where = "factors"
        elif tag == "dl" and "facts" in classes:
            self.where = "facts"
        elif tag == "article" and a.get("id", "").startswith("tp-"):
            self.article = a["id"][3:]
        if self.where == "table":
            if tag == "th" and "data-key" in a:
                self.keys.append(a["data-key"])
            elif tag == "tr":
                self.row, self.cell, self.texts = {}, 0, {}
            elif tag in ("td", "th") and self.row is not None:
                if "data-value" in a:
                    self.row[self.keys[self.cell]] = a["data-value"]
                self.cell += 1
            elif tag == "a" and self.row is not None:
                self.row_id = a["href"].removeprefix("#tp-")
        elif self.where == "matrix":
            if tag == "li":
                self.entry = {"likelihood": a["data-likelihood"], "severity": a["data-severity"]}
            elif tag == "a" and self.entry is not None:
                self.quotes.matrix[a["href"].removeprefix("#tp-")] = self.entry
                self.entry = None
        elif self.where == "facts" and tag == "dd" and "data-value" in a:
            self.quotes.facts.setdefault(self.article, []).append(a["data-value"])
        elif self.where == "factors" and tag == "data":
            self.data = (a["class"], a["value"])

    def handle_data(self, text: str) -> None:
        if self.where == "table" and self.row is not None and self.cell:
            key = self.keys[self.cell - 1]
            self.texts[key] = self.texts.get(key, "") + text
        if self.data is not None:
            kind, value = self.data
            self.quotes.factors.setdefault(self.article, []).append((kind, value, text))
            self.data = None

    def handle_endtag(self, tag: str) -> None:
        if tag == "tr" and self.where == "table" and self.row is not None and self.row_id:
            self.quotes.table[self.row_id] = self.row
            self.quotes.shown[self.row_id] = self.texts
            self.row, self.row_id = None, ""
        elif (tag == "table" and self.where in ("table", "matrix", "factors")) or \
                (tag == "dl" and self.where == "facts"):
            self.where = ""


def quotes(html: Path) -> Quotes:
    reader = Reader()
    reader.feed(html.read_text(encoding="utf-8"))
    return reader.quotes


def check(html: Path) -> int:
    """Every place quotes ID.json's likelihood and severity; the number of touchpoints checked."""
    document = json.loads(html.with_suffix(".json").read_text(encoding="utf-8"))
    t = translator(document["journey"]["language"])
    found = quotes(html)
    checked = 0
    for tp in document["touchpoints"]:
        if tp["kind"] == "outcome" or tp["likelihood"] <= 0:
            continue
        tid = tp["id"]
        pair = {"likelihood": float(found.table[tid]["likelihood"]),
                "severity": float(found.table[tid]["severity"])}
        assert pair == pytest.approx({"likelihood": tp["likelihood"],
                                      "severity": tp["severity"]}, abs=1e-6), tid
        if tid in found.matrix:  # a crowded cell names its five largest losses only
            assert {k: float(v) for k, v in found.matrix[tid].items()} == pair, (tid, "matrix")
        assert [float(v) for v in found.facts[tid][:2]] == \
            [pair["likelihood"], pair["severity"]], (tid, "facts")
        quoted = found.factors[tid]
        assert {kind for kind, _, _ in quoted} == {"likelihood", "severity"}, (tid, quoted)
        for kind, value, text in quoted:
            assert float(value) == pair[kind], (tid, kind, "factor text")
            # shown as the table shows it (a whole severity without its ".0")
            shown = found.shown[tid][kind].strip()
            if kind == "severity" and t.decimal not in text:
                text += t.decimal + "0"
            assert text == shown, (tid, kind, text)
        checked += 1
    assert found.matrix, "the matrix names touchpoints"
    return checked


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_factor_texts_table_matrix_and_facts_quote_the_same_pair(examples: Path, example: Path):
    assert check(examples / f"{example.stem}.html") > 3


@pytest.mark.parametrize("lang", ["en", "ru", "bg"])
def test_segments_and_failure_modes_quote_the_same_pair(tmp_path: Path, lang: str):
    """Averages over segments and failure modes: the quoted pair is the average; the
    score's risk-curve point is named in words in the severity factor only."""
    source = write(tmp_path, "segmented.yaml", QUOTING.format(lang=lang))
    result = run_main("build", source, "-o", tmp_path / "out", "-q")
    assert result.code == 0, result.err
    html = tmp_path / "out" / "segmented.html"
    assert check(html) == 2
    words = {"en": "or worse", "ru": "или хуже", "bg": "или по-лоша"}[lang]
    text = html.read_text(encoding="utf-8")
    assert text.count(words) >= 2   # both touchpoints' curve points differ from the averages


def test_the_table_says_which_severity_it_shows(examples: Path):
    html = (examples / "online-shop.html").read_text(encoding="utf-8")
    assert "average over the ways it can go wrong, 1–5" in html
    assert "any negative experience, share of visits" in html
