"""The journey canvas in a real browser: first after the headline figures, one A4
landscape page in print for journeys of up to 40 touchpoints."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES, REPO, run_main, write
from test_browser import SCREENSHOTS, browser, new_page  # noqa: F401 - fixtures

sys.path.insert(0, str(REPO / "bench"))
from generate import generate  # noqa: E402

pytestmark = pytest.mark.slow

#: A4 landscape less the canvas page's 8 mm margins, in CSS pixels (96 per inch)
PAGE_WIDTH = (297 - 16) / 25.4 * 96
PAGE_HEIGHT = (210 - 16) / 25.4 * 96


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("canvas")
    write(folder, "forty.yaml", generate(43, 5, "forty"))  # 40 touchpoints, 3 outcomes and channel
    out = tmp_path_factory.mktemp("canvas-site")
    result = run_main("build", *EXAMPLES, folder / "forty.yaml", "-o", out, "-q")
    assert result.code in (0, 1), result.err
    return out


@pytest.mark.parametrize("name", [p.stem for p in EXAMPLES] + ["forty"])
def test_canvas_comes_first_and_prints_on_one_page(site: Path, browser, name: str):  # noqa: F811
    watched = new_page(browser)
    try:
        page = watched.page
        page.set_viewport_size({"width": int(PAGE_WIDTH), "height": 800})
        watched.open(site / f"{name}.html")
        watched.assert_clean()
        ids = page.eval_on_selector_all("main > section", "s => s.map(x => x.id)")
        assert ids[:2] == ["summary", "canvas"]
        page.emulate_media(media="print")
        box = page.locator("#canvas").bounding_box()
        assert box is not None
        assert box["height"] <= PAGE_HEIGHT, (name, box)
        table = page.locator("table.canvas").bounding_box()
        assert table is not None and table["width"] <= PAGE_WIDTH + 1, (name, table)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.locator("#canvas").screenshot(path=str(SCREENSHOTS / f"canvas-{name}.png"))
    finally:
        watched.page.context.close()
