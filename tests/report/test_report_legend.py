"""The legend shows every node style; matrix markers and badges share the level shapes;
edge shares sit at the edge's tail, where edges fan out."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import EXAMPLES, REPO, run_main

CSS = (REPO / "templates" / "report.css").read_text(encoding="utf-8")
MARKERS = {"low": "○", "medium": "◐", "high": "●", "critical": "◆"}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    assert run_main("build", *EXAMPLES, "-o", out, "-q").code == 0
    return out


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_node_style_is_in_the_legend(site: Path, example: Path):
    dot = (site / f"{example.stem}.dot").read_text(encoding="utf-8")
    for level, marker in MARKERS.items():
        assert re.search(rf'"legend_{level}" \[[^\]]*label="{marker} ', dot), level
    assert '"legend_unassessed"' in dot and "dotted" in dot.split('"legend_unassessed"')[1][:400]
    assert '"legend_third"' in dot and '"legend_outcome"' in dot and '"legend_lost"' in dot
    # every style a node uses has its legend entry
    if "level-unassessed" in dot:
        assert '"legend_unassessed"' in dot


@pytest.mark.parametrize("level", sorted(MARKERS))
def test_matrix_markers_use_the_badges_shapes(level: str):
    rule = re.search(rf"([^{{}}]*\.mark\.level-{level}::before[^{{}}]*)\{{([^}}]*)\}}", CSS)
    assert rule and f'content: "{MARKERS[level]}"' in rule.group(2)
    assert f".level-{level}.badge::before" in rule.group(1)


def test_matrix_cells_use_the_markers(site: Path):
    html = (site / "online-shop.html").read_text(encoding="utf-8")
    matrix = html[html.index('<table class="matrix">'):]
    matrix = matrix[:matrix.index("</table>")]
    assert re.search(r'<span class="mark level-(low|medium|high|critical)"', matrix)


def test_edge_shares_sit_at_the_tail(site: Path):
    dot = (site / "hairdresser.dot").read_text(encoding="utf-8")
    flows = [line for line in dot.splitlines() if "->" in line and "%" in line
             and "style=\"invis\"" not in line and '"start"' not in line]
    assert flows
    for line in flows:
        assert "taillabel=" in line and " label=" not in line, line
