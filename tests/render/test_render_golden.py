"""Golden files: the DOT and HTML of the five examples, byte for byte.

The expected files live in ``tests/golden/`` (``ID.dot`` and ``ID.html``).
To accept an intended change of the output, regenerate them and review the
diff before committing::

    JOURNEYMAP_UPDATE_GOLDEN=1 python3 -m pytest tests/render/test_render_golden.py

The HTML golden replaces the inline Graphviz SVG by a marker, so it does not
depend on the installed Graphviz version (the SVG has its own checks in
``test_render_svg.py``); the DOT golden is Graphviz-independent anyway.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from conftest import EXAMPLES, build_examples

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
UPDATE = os.environ.get("JOURNEYMAP_UPDATE_GOLDEN") == "1"
#: the inline diagram and its print windows (sized from Graphviz's layout)
SVG_BLOCK = re.compile(r'(<div class="diagram-scroll">\n)<svg\b.*?</svg>'
                       r'(?:\n<div class="print-windows">.*?</svg></div>)?(\n</div>)', re.S)


def normalise_html(html: str) -> str:
    replaced, count = SVG_BLOCK.subn(r"\1<!-- diagram: Graphviz SVG, see ID.svg -->\2", html)
    assert count == 1, "the report inlines exactly one diagram"
    return replaced


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_examples(tmp_path_factory.mktemp("golden-site"))


def compare(actual: str, golden: Path) -> None:
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8", newline="")
        return
    assert golden.exists(), (f"{golden.name} is missing; create it with "
                             "JOURNEYMAP_UPDATE_GOLDEN=1 python3 -m pytest tests/render/test_render_golden.py")
    expected = golden.read_text(encoding="utf-8")
    if actual != expected:
        actual_lines, expected_lines = actual.splitlines(), expected.splitlines()
        for number, (a, e) in enumerate(zip(actual_lines, expected_lines), start=1):
            if a != e:
                pytest.fail(f"{golden.name} differs at line {number}:\n  expected: {e[:300]}\n"
                            f"  actual:   {a[:300]}\n(if intended: JOURNEYMAP_UPDATE_GOLDEN=1 "
                            "python3 -m pytest tests/render/test_render_golden.py)")
        pytest.fail(f"{golden.name}: {len(expected_lines)} lines expected, {len(actual_lines)} "
                    "found (if intended: JOURNEYMAP_UPDATE_GOLDEN=1 python3 -m pytest "
                    "tests/render/test_render_golden.py)")


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_dot_matches_golden(site: Path, path: Path):
    compare((site / f"{path.stem}.dot").read_text(encoding="utf-8"), GOLDEN / f"{path.stem}.dot")


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_html_matches_golden(site: Path, path: Path):
    html = normalise_html((site / f"{path.stem}.html").read_text(encoding="utf-8"))
    compare(html, GOLDEN / f"{path.stem}.html")


def test_index_matches_golden(site: Path):
    compare((site / "index.html").read_text(encoding="utf-8"), GOLDEN / "index.html")
