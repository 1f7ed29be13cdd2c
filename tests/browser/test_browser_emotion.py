"""The emotion curve in a real browser: every label inside the chart, in every language.

The chart lays its slanted touchpoint labels out by measured text widths;
here Chromium renders each example's report (en, ru, bg) and a generated
Bulgarian journey with long names and unrated touchpoints, and no text's
bounding box may leave the SVG.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import EXAMPLES, run_main, write
from test_browser import SCREENSHOTS, browser, new_page  # noqa: F401 - fixtures

pytestmark = pytest.mark.slow

LONG_NAMES = """\
journey: long-names
language: bg
stages:
  - {id: one, aspect: sales}
  - {id: two, aspect: after_sales}
touchpoints:
  first:
    name: Много положително първо впечатление от витрината
    stage: one
    channel: in_person
    emotion: 2
    likelihood: 0.1
    severity: 2
    next: {second: 0.9}
  second:
    name: Консултация със специалист по продажбите
    stage: one
    channel: in_person
    likelihood: 0.2
    severity: 3
    next: {third: 0.8}
  third:
    name: Доставка от куриерска фирма до адреса на клиента
    stage: two
    channel: delivery
    emotion: -2
    likelihood: 0.3
    severity: 4
    next: {fourth: 0.9}
  fourth:
    name: Обаждане
    stage: two
    channel: phone
    next: {done: 1}
  done:
    outcome: loyal
"""

OUTSIDE = """svg => {
  const box = svg.getBoundingClientRect();
  const out = [];
  for (const el of svg.querySelectorAll('text')) {
    const r = el.getBoundingClientRect();
    if (r.left < box.left - 0.5 || r.right > box.right + 0.5 ||
        r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5) {
      out.push(`${el.textContent}: ${r.left},${r.top},${r.right},${r.bottom} outside ` +
               `${box.left},${box.top},${box.right},${box.bottom}`);
    }
  }
  return out;
}"""


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("journeys")
    write(folder, "long-names.yaml", LONG_NAMES)
    out = tmp_path_factory.mktemp("emotion-site")
    result = run_main("build", *EXAMPLES, folder / "long-names.yaml", "-o", out, "-q")
    assert result.code in (0, 1), result.err
    return out


@pytest.mark.parametrize("name", [p.stem for p in EXAMPLES] + ["long-names"])
def test_no_emotion_label_leaves_the_chart(site: Path, browser, name: str):  # noqa: F811
    watched = new_page(browser)
    try:
        watched.open(site / f"{name}.html")
        watched.assert_clean()
        chart = watched.page.locator("svg.emotion-chart")
        assert chart.count() == 1
        assert chart.evaluate(OUTSIDE) == []
        labels = chart.locator("text.label")
        curve = watched.page.locator("ol.curve-points li")
        # one label per point of the path, unrated ones included
        assert labels.count() == curve.count() > 1
        if name == "long-names":
            assert chart.locator("rect.unrated").count() == 2
            assert labels.count() == 4
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        chart.screenshot(path=str(SCREENSHOTS / f"emotion-{name}.png"))
    finally:
        watched.page.context.close()
