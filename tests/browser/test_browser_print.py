"""The diagram in print: page-sized windows, no diagram text below 7 pt.

Each example's report is laid out for print in Chromium (print media, the
width of an A4 landscape page): the on-screen diagram is hidden and its
print windows shown, each no wider or taller than the page, at a scale that
prints the diagram's smallest text at 7 pt or more.  The PDF export of each
example is a well-formed PDF with a page count that holds the windows.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import EXAMPLES, run_main
from test_browser import SCREENSHOTS, browser, new_page  # noqa: F401 - fixtures
from pdf_helpers import check_pdf

pytestmark = pytest.mark.slow

PX_PER_PT = 96 / 72
PAGE_W_PT = (297 - 20) / 25.4 * 72
PAGE_H_PT = (210 - 20) / 25.4 * 72

SMALLEST = """root => Math.min(...[...root.querySelectorAll('text')].map(
  t => parseFloat(t.getAttribute('font-size') || getComputedStyle(t).fontSize)))"""


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("print-site")
    assert run_main("build", *EXAMPLES, "-o", out, "-q").code == 0
    return out


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_diagram_prints_no_text_below_7pt(site: Path, browser, example: Path):  # noqa: F811
    watched = new_page(browser)
    try:
        page = watched.page
        page.set_viewport_size({"width": int(PAGE_W_PT * PX_PER_PT), "height": 900})
        watched.open(site / f"{example.stem}.html")
        watched.assert_clean()
        page.emulate_media(media="print")
        assert not page.locator("#diagram .diagram-scroll > svg:not(.print-window)").first \
            .is_visible()
        smallest = page.locator("#jm-diagram").evaluate(SMALLEST)
        assert smallest >= 9  # Graphviz units (pt) of the smallest label
        windows = page.locator("svg.print-window")
        assert windows.count() >= 1
        for index in range(windows.count()):
            window = windows.nth(index)
            box = window.bounding_box()
            view = [float(v) for v in window.get_attribute("viewBox").split()]
            assert box is not None and box["width"] > 0
            printed_pt_per_unit = box["width"] / view[2] / PX_PER_PT
            assert smallest * printed_pt_per_unit >= 7 - 1e-6, (index, printed_pt_per_unit)
            assert box["width"] <= PAGE_W_PT * PX_PER_PT + 1
            assert box["height"] <= PAGE_H_PT * PX_PER_PT + 1
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        windows.first.screenshot(path=str(SCREENSHOTS / f"print-{example.stem}.png"))
    finally:
        watched.page.context.close()


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_pdf_page_count_holds_the_windows(site: Path, tmp_path: Path, example: Path):
    html = (site / f"{example.stem}.html").read_text(encoding="utf-8")
    windows = len(re.findall(r'class="print-window"', html))
    target = tmp_path / "report.pdf"
    assert run_main("export", example, "--format", "pdf", "-o", target).code == 0
    pages = check_pdf(target.read_bytes())
    # the canvas, the diagram's windows and the rest of the report, within reason
    assert windows + 2 <= pages <= 60, (windows, pages)


def test_diagram_zooms_and_pans_on_screen(site: Path, browser):  # noqa: F811
    watched = new_page(browser)
    try:
        page = watched.page
        watched.open(site / "online-shop.html")
        width = "() => document.querySelector('.diagram-scroll > svg').getBoundingClientRect().width"
        natural = page.evaluate(width)
        page.locator("figure.diagram button.zoom-step").nth(1).click()  # zoom in
        assert page.evaluate(width) == pytest.approx(natural * 1.25, rel=0.01)
        page.locator("figure.diagram button.zoom-step").nth(0).click()  # zoom out
        page.locator("figure.diagram button.zoom-step").nth(0).click()
        assert page.evaluate(width) == pytest.approx(natural / 1.25, rel=0.01)
        page.locator("figure.diagram button.zoom-step").nth(1).click()
        scroller = page.locator(".diagram-scroll")
        box = scroller.bounding_box()
        assert box is not None
        # drag to pan (starting on empty canvas, above the drawing's middle)
        page.mouse.move(box["x"] + box["width"] * 0.8, box["y"] + 20)
        page.mouse.down()
        page.mouse.move(box["x"] + box["width"] * 0.3, box["y"] + 20, steps=5)
        page.mouse.up()
        assert page.evaluate("() => document.querySelector('.diagram-scroll').scrollLeft") > 0
        watched.assert_clean()
    finally:
        watched.page.context.close()
