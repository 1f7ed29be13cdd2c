"""Mermaid exports: the score mapping, the diagrams' structure, and text sanitising."""
from __future__ import annotations

import re

import pytest

from conftest import JOURNEYS, REPO, run_main
from mapper.formats.mermaid import task_score
from mapper.formats.mermaid_text import ZWSP, flowchart_text, journey_text
from mapper.model.workspace import load_journey

HOSTILE = REPO / "tests" / "data" / "hostile-names.yaml"
# what Mermaid's journey lexer accepts, statement by statement
TITLE = re.compile(r"^    title [^#\n;]+$")
SECTION = re.compile(r"^    section [^#:\n;]+$")
TASK = re.compile(r"^      [^#:\n;]+: [1-5](: [^#:\n;,]+(, [^#:\n;,]+)*)?$")


@pytest.mark.parametrize("emotion,level,outcome,expected", [
    (None, "low", None, 3), (2, "low", None, 5), (-2, "low", None, 1),
    (2, "critical", None, 2), (1, "medium", None, 3), (0, "high", None, 1),
    (-2, "critical", None, 1), (0.5, "low", None, 4), (2, "high", "loyal", 5),
    (None, "low", "lost", 1), (None, "low", "repeat_purchase", 4),
    (None, "low", "advocate", 5)])
def test_task_score(emotion, level, outcome, expected):
    assert task_score(emotion, level, outcome) == expected


def test_riskier_never_scores_higher():
    for emotion in (-2, -1, 0, 0.5, 1, 2, None):
        scores = [task_score(emotion, level) for level in ("low", "medium", "high", "critical")]
        assert scores == sorted(scores, reverse=True)


def test_journey_diagram_follows_the_grammar():
    for path in [*JOURNEYS.glob("*.yaml"), HOSTILE]:
        lines = run_main("export", "--format", "mermaid", path).out.splitlines()
        assert lines[0] == "journey"
        assert TITLE.match(lines[1]), lines[1]
        for line in lines[2:]:
            assert SECTION.match(line) or TASK.match(line), line
            assert "%%" not in line


def test_journey_sections_follow_stages():
    text = run_main("export", "--format", "mermaid", JOURNEYS / "online-shop.yaml").out
    sections = re.findall(r"^    section (.+)$", text, re.MULTILINE)
    journey = load_journey(str(JOURNEYS / "online-shop.yaml"))
    assert sections == [s.name for s in journey.stages] + ["Outcomes"]
    assert "      Courier delivery: " in text and ": Customer, Fast Courier Ltd" in text
    ru = run_main("export", "--format", "mermaid", JOURNEYS / "supermarket.yaml").out
    assert ": Клиент" in ru and "section Итоги" in ru


@pytest.mark.parametrize("raw,expected", [
    ("a: b", "a\u2236 b"), ("x; y", "x, y"), ("#1", "\uff031"), ("50%% off", "50% % off"),
    ("two\nlines\there", "two lines here"), ("<b>", "\u2039b\u203a"), ("", "-"),
    ("title page", ZWSP + "title page"), ("Section 2", ZWSP + "Section 2"),
    ("journey planner", ZWSP + "journey planner"), ("accTitle: x", "accTitle\u2236 x"),
    ("%x", ZWSP + "%x"), ("Titles", "Titles")])
def test_journey_text(raw, expected):
    assert journey_text(raw) == expected


def test_journey_actor_and_title():
    assert journey_text("Acme, Inc.", actor=True) == "Acme\u201a Inc."
    assert journey_text("Shop: online", title=True) == "Shop: online"


@pytest.mark.parametrize("raw,expected", [
    ('say "hi"', "say #quot;hi#quot;"), ("#1", "#35;1"), ("a:b;c", "a#58;b#59;c"),
    ("<script>", "#lt;script#gt;"), ("a & b", "a #amp; b"), ("`md`", "#96;md#96;"),
    ("100%", "100#37;"), ("x\ny", "x y"), ("[]{}()|", "[]{}()|")])
def test_flowchart_text(raw, expected):
    assert flowchart_text(raw) == expected


def test_flowchart_structure():
    text = run_main("export", "--format", "mermaid-flowchart", JOURNEYS / "online-shop.yaml").out
    lines = text.splitlines()
    assert lines[0] == "flowchart LR"
    journey = load_journey(str(JOURNEYS / "online-shop.yaml"))
    assert len(re.findall(r'^    subgraph s\d+\["', text, re.MULTILINE)) == len(journey.stages)
    edges = re.findall(r'^    (t\d+) -->\|"([^"]+)"\| (t\d+)$', text, re.MULTILINE)
    assert len(edges) == sum(len(tp.next) for tp in journey.touchpoints.values())
    assert ("t6", "100#37;", "t7") in edges  # confirmation e-mail -> courier
    assert re.search(r"^    t5 -\.->\|\"complaint\"\| t18$", text, re.MULTILINE)
    assert re.search(r"^    t18 -\.->\|\"resolved\"\| t5$", text, re.MULTILINE)
    assert "third party" in text
    for level in ("low", "medium", "high", "critical"):
        assert f"    classDef risk_{level} " in text
    assert re.search(r"^    class [t\d,]+ risk_medium$", text, re.MULTILINE)
    assert re.search(r'^        t17\{\{"Complaint hotline', text, re.MULTILINE)
    assert re.search(r'^    t19\(\["Loyal customer"\]\)$', text, re.MULTILINE)


def test_flowchart_labels_hold_no_raw_specials():
    text = run_main("export", "--format", "mermaid-flowchart", HOSTILE).out
    for label in re.findall(r'"([^"]*)"', text):
        assert not set(label) & set('#:;%<>&`') or re.fullmatch(
            r"([^#:;%<>&`]|#\w+;|<br/>)*", label), label
