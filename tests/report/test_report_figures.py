"""The report's figures reconcile: the cohort table adds up, and every figure is ID.json's.

Every end state of the cohort (each outcome, those who left satisfied after a
resolved complaint, those lost through a bad experience, those who dropped
off) is one row of the table ``#outcomes``; its ``data-value`` cells sum to
the cohort and equal the summary figures of ``ID.json``.  The portfolio's
rows (retained, lost, dropped) add up to each journey's cohort too.
"""
from __future__ import annotations

import json
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import EXAMPLES, REPO, run_main, write

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
