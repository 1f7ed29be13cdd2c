"""DOT output: quoting and escaping in one place, generated node names, stable attribute order.

The hostile journey below puts markup, DOT syntax, backslashes, newlines,
bidi controls and very long text into every field a diagram shows; Graphviz
itself (``dot -Tcanon``) must then see exactly one node per touchpoint and
no extra statement.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import EXAMPLES, write
from journey_helpers import hostile_text
from mapper.core.vocabulary import translator
from mapper.render import dot
from mapper.render.diagram import detail_diagram, node_names
from mapper.risk.assess import assess
from mapper.risk.profile import load_profile
from mapper.model.workspace import load_journey

EVIL_TEXT = '<script>alert(1)</script>"]; x [label="pwn"]; \\N \\l \\ end\\'
BIDI = "\u202eevil\u202c \u2066iso\u2069 \u200fmark\u200e"

#: a journey whose every user string is hostile (names are limited to 500 characters by
#: the loader; descriptions and notes take the 5 000-character text)
@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    return write(tmp_path, "hostile.yaml", hostile_text())


def analysed(path: Path):
    journey = load_journey(str(path))
    analysis, findings = assess(journey, load_profile())
    return journey, analysis, findings


# --- the quoting primitives ---------------------------------------------------

def test_text_escapes_quotes_backslashes_and_newlines():
    assert dot.text('a"b') == 'a\\"b'
    assert dot.text("a\\b") == "a\\\\b"
    assert dot.text("a\\") == "a\\\\"
    assert dot.text("one\ntwo\r\nthree\rfour") == "one\\ntwo\\nthree\\nfour"
    assert dot.text("\\N\\G\\l") == "\\\\N\\\\G\\\\l"


def test_text_removes_control_and_bidi_characters():
    cleaned = dot.text("a\x00b\x07c\x1bd\x7fe" + BIDI)
    assert cleaned == "abcde" + "evil iso mark"
    for char in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f":
        assert char not in dot.text(f"x{char}y")


@given(st.text(alphabet=st.characters(), max_size=60))
def test_clean_drops_exactly_the_control_surrogate_and_bidi_characters(value):
    expected = value.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    expected = expected.replace("\u2029", "\n").replace("\t", " ")
    expected = "".join(c for c in expected if c == "\n" or not (
        c in dot.BIDI or unicodedata.category(c) in ("Cc", "Cs")))
    assert dot.clean(value) == expected


def test_clean_keeps_other_text():
    assert dot.clean("Курьер\u00a0— 10 € \u05d0\U0001f600") == "Курьер\u00a0— 10 € \u05d0\U0001f600"
    assert dot.clean("\ud800a\x7fb\x85c\u202ed") == "abcd"


def test_quote_treats_plain_strings_as_user_text():
    assert dot.quote('"]; x [label="y') == '"\\"]; x [label=\\"y"'
    assert dot.quote(dot.Raw("a\\nb")) == '"a\\nb"'
    assert dot.quote(3) == '"3"'
    assert dot.quote(0.5) == '"0.50"'
    assert dot.quote(True) == '"true"'


def test_number_format_is_fixed():
    assert dot.number(-0.0001) == "0.00"
    assert dot.number(1e-9, 3) == "0.000"
    assert dot.number(12.345, 1) == "12.3"


def test_attributes_are_sorted_and_names_checked():
    assert dot.attr_list({"z": "1", "a": "2", "m": None}) == '[a="2", z="1"]'
    with pytest.raises(ValueError):
        dot.attr_list({'label="x"': "1"})


def test_node_names_are_generated_never_user_text():
    assert dot.node_id("n12") == '"n12"'
    for bad in ('a"b', "n 1", "x;y", "", "тп"):
        with pytest.raises(ValueError):
            dot.node_id(bad)


def test_render_is_deterministic_and_well_formed():
    graph = dot.Graph("g", {"rankdir": "LR"})
    graph.node("n0", label='evil"]')
    sub = graph.subgraph("cluster_a", label="A")
    sub.node("n1")
    graph.edge("n0", "n1", label="50%")
    text = dot.render(graph)
    assert text == dot.render(graph)
    assert text.startswith('digraph "g" {\n') and text.endswith("}\n")
    assert '"n0" [label="evil\\"]"];' in text
    assert '"n0" -> "n1" [label="50%"];' in text


# --- the journey diagram ------------------------------------------------------

def test_example_diagrams_name_nodes_by_order(tmp_path: Path):
    for path in EXAMPLES:
        journey, analysis, _ = analysed(path)
        diagram = detail_diagram(analysis, translator(journey.language), f"{journey.id}.html")
        names = node_names(journey)
        for tid, name in names.items():
            assert re.search(rf'^\s*"{name}" \[', diagram.dot, re.M), (path.name, tid)
            assert diagram.titles[name] == journey.touchpoints[tid].name
        # attribute lists are sorted everywhere
        for match in re.finditer(r"\[([^\]]*)\];$", diagram.dot, re.M):
            keys = re.findall(r'(?:^|, )([a-z_]+)="', match.group(1))
            assert keys == sorted(keys), match.group(0)[:120]


def test_diagram_marks_promises_third_parties_and_complaints():
    path = next(p for p in EXAMPLES if p.name == "online-shop.yaml")
    journey, analysis, _ = analysed(path)
    diagram = detail_diagram(analysis, translator("en"), "online-shop.html")
    names = node_names(journey)
    line = next(l for l in diagram.dot.splitlines() if l.strip().startswith(f'"{names["courier"]}"'))
    assert "dashed" in line and "⚑ third party: Fast Courier Ltd" in line
    assert "✉ keeps: Delivery within 3 days" in line
    checkout = next(l for l in diagram.dot.splitlines()
                    if l.strip().startswith(f'"{names["checkout"]}"'))
    assert "✉ promises: Delivery within 3 days" in checkout
    edge = f'"{names["checkout"]}" -> "{names["live_chat"]}"'
    complaint = next(l for l in diagram.dot.splitlines() if l.strip().startswith(edge))
    assert 'style="dashed"' in complaint and 'constraint="false"' in complaint
    back = f'"{names["live_chat"]}" -> "{names["checkout"]}"'
    recovery = next(l for l in diagram.dot.splitlines() if l.strip().startswith(back))
    assert 'style="dotted"' in recovery
    assert 'subgraph "cluster_legend"' in diagram.dot
    for outcome in ("loyal", "advocate", "refund"):
        node = next(l for l in diagram.dot.splitlines()
                    if l.strip().startswith(f'"{names[outcome]}"'))
        assert 'shape="ellipse"' in node and 'peripheries="2"' in node


def test_stage_clusters_keep_the_stage_order():
    path = next(p for p in EXAMPLES if p.name == "supermarket.yaml")
    journey, analysis, _ = analysed(path)
    text = detail_diagram(analysis, translator("ru"), "supermarket.html").dot
    positions = [text.index(f'subgraph "cluster_s{i}"') for i in range(len(journey.stages))]
    assert positions == sorted(positions)
    assert 'label="Торговый зал"' in text
    assert 'fontname="DejaVu Sans"' in text


def test_hostile_journey_cannot_inject_dot(hostile: Path):
    journey, analysis, _ = analysed(hostile)
    diagram = detail_diagram(analysis, translator("en"), "hostile.html")
    text = diagram.dot
    for char in dot.BIDI:
        assert char not in text
    assert "\t" not in text and "\x00" not in text
    # every statement line is a node, an edge, an attribute or a brace
    statement = re.compile(
        r'^\s*(digraph "journey" \{|\}|subgraph "[A-Za-z0-9_]+" \{|[a-z_]+="(?:[^"\\]|\\.)*";'
        r'|(node|edge) \[.*\];|"[A-Za-z0-9_]+"( -> "[A-Za-z0-9_]+")?( \[.*\])?;)$')
    for line in text.splitlines():
        assert statement.match(line), line[:200]
    # every quoted string is closed: strip the escapes, quotes must pair up on each line
    for line in text.splitlines():
        assert line.replace("\\\\", "").replace('\\"', "").count('"') % 2 == 0, line[:200]


def test_graphviz_sees_one_node_per_touchpoint(hostile: Path):
    assert shutil.which("dot"), "Graphviz 'dot' is required (make system-deps)"
    journey, analysis, _ = analysed(hostile)
    text = detail_diagram(analysis, translator("en"), "hostile.html").dot
    canon = subprocess.run(["dot", "-Tcanon"], input=text.encode(), capture_output=True,
                           check=True, timeout=60).stdout.decode()
    declared = set(re.findall(r'^\s*(\w+)\s*\[', canon, re.M)) - {"node", "edge", "graph"}
    touchpoints = {n for n in declared if re.fullmatch(r"n\d+", n)}
    assert touchpoints == set(node_names(journey).values())
    # nothing but our generated names (touchpoints, start, legend) became a node
    assert all(re.fullmatch(r"n\d+|start|legend_\w+", n) for n in declared), declared
    assert "pwn" not in declared and "x" not in declared and "y" not in declared


def test_printable_text_is_what_cleaning_leaves_unchanged():
    # text() skips clean() for printable text: that is only right if clean() never
    # changes a printable character, over the whole of Unicode
    changed = [code for code in range(0x110000)
               if chr(code).isprintable() and dot.clean(chr(code)) != chr(code)]
    assert changed == []
    assert dot.text("tab\there") == "tab here" and dot.text("a\u202eb") == "ab"
