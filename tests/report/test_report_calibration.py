"""The report's calibration section: provenance and fitted evidence of a journey that
`fit --write` calibrated, without reading the event logs again."""
from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

from data_helpers import run
from mapper.model.workspace import load_journey

REPO = Path(__file__).resolve().parents[2]
SHOP = REPO / "journeys" / "online-shop.yaml"


class Section(HTMLParser):
    """The text of the calibration section: its facts (dt -> dd), file items and table rows."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0          # > 0 inside <section id="calibration">
        self.found = False
        self.tag: list[str] = []
        self.text: dict[str, list[str]] = {"h2": [], "dt": [], "dd": [], "li": [], "tr": []}
        self.cell: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section" and attrs.get("id") == "calibration":
            self.found, self.depth = True, 1
            return
        if not self.depth:
            return
        if tag == "section":
            self.depth += 1
        if tag == "a":
            self.links.append(attrs["href"])
        if tag in self.text:
            self.tag.append(tag)
            self.text[tag].append("")
        if tag in ("th", "td") and "tr" in self.tag:
            self.cell.append("")

    def handle_endtag(self, tag):
        if not self.depth:
            return
        if tag == "section":
            self.depth -= 1
        if tag in self.text and self.tag and self.tag[-1] == tag:
            self.tag.pop()
            if tag == "tr":
                self.text["tr"][-1] = self.cell
                self.cell = []

    def handle_data(self, data):
        if self.depth and self.tag:
            if self.tag[-1] == "tr" and self.cell:
                self.cell[-1] += data
            elif self.tag[-1] != "tr":
                self.text[self.tag[-1]][-1] += data


def _section(html: str) -> Section:
    parser = Section()
    parser.feed(html)
    return parser


def _fitted(tmp_path, monkeypatch, language: str = "en") -> Path:
    monkeypatch.chdir(tmp_path)
    Path("journeys").mkdir()
    text = SHOP.read_text(encoding="utf-8")
    if language != "en":
        text = re.sub(r"^language: en$", f"language: {language}", text, count=1, flags=re.M)
    Path("journeys/shop.yaml").write_text(text, encoding="utf-8")
    assert run("simulate", "journeys/shop.yaml", "-n", "1500", "--seed", "4", "-o",
               "events.csv", "-q")[0] == 0
    code, _, err = run("fit", "journeys/shop.yaml", "events.csv", "--write")
    assert code == 0, err
    return Path("journeys/shop.yaml")


def test_a_fitted_journey_shows_its_calibration_without_the_event_logs(tmp_path, monkeypatch):
    journey_file = _fitted(tmp_path, monkeypatch)
    rows = sum(1 for _ in open("events.csv", encoding="utf-8")) - 1
    # the report reads the journey, never the logs: build works with them gone
    Path("events.csv").unlink()
    assert run("build", str(journey_file), "-o", "out", "-q")[0] == 0
    section = _section(Path("out/online-shop.html").read_text(encoding="utf-8"))
    assert section.found
    assert section.text["h2"] == ["Calibration from data"]
    facts = dict(zip(section.text["dt"], section.text["dd"]))
    assert facts["Rows"] == f"{rows:,}"
    assert facts["Cases"] == "1,500"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d to \d{4}-\d\d-\d\d \d\d:\d\d:\d\d",
                        facts["Period"])
    assert section.text["li"] == [f"../events.csv ({rows:,} rows)"]
    # one row per touchpoint whose evidence the fit wrote, with its counts and interval
    journey = load_journey(str(journey_file))
    fitted = {tp.name: tp.evidence for tp in journey.touchpoints.values()
              if tp.evidence is not None and (tp.evidence.source or "").startswith("fit:")}
    assert fitted
    header, *body = section.text["tr"]
    assert header == ["Touchpoint", "Observed visits", "Negative", "Likelihood", "90% interval"]
    assert {r[0]: (r[1], r[2]) for r in body} == {
        name: (f"{e.observed:,}", f"{e.negative:,}") for name, e in fitted.items()}
    for _, _, _, estimate, interval in body:
        low, high = (float(x.rstrip("%")) for x in interval.split("–"))
        assert low <= float(estimate.rstrip("%")) <= high
    assert all(href.startswith("#tp-") for href in section.links)


def test_the_section_speaks_the_journey_language(tmp_path, monkeypatch):
    journey_file = _fitted(tmp_path, monkeypatch, "ru")
    assert run("build", str(journey_file), "-o", "out", "-q")[0] == 0
    section = _section(Path("out/online-shop.html").read_text(encoding="utf-8"))
    assert section.text["h2"] == ["Калибровка по данным"]
    assert "Случаи" in section.text["dt"]
    assert section.text["tr"][0][-1] == "Интервал 90\u00a0%"


def test_a_journey_never_fitted_has_no_calibration_section(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(SHOP, "shop.yaml")
    assert run("build", "shop.yaml", "-o", "out", "-q")[0] == 0
    html = Path("out/online-shop.html").read_text(encoding="utf-8")
    assert not _section(html).found
