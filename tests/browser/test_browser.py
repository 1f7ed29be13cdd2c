"""The reports in a real browser: Debian's Chromium driven by Playwright.

Playwright never downloads a browser here: it launches the system
``chromium`` (installed by ``make test``).  A missing Chromium or Playwright
fails these tests loudly; they are never skipped.  Full-page screenshots go
to ``tests/screenshots/`` (git-ignored) for review.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Iterator

import pytest

from conftest import EXAMPLES, REPO, build_examples

pytestmark = pytest.mark.slow

SCREENSHOTS = REPO / "tests" / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
PAGES = [p.stem for p in EXAMPLES] + ["index"]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_examples(tmp_path_factory.mktemp("browser-site"))


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    executable = shutil.which("chromium")
    assert executable, ("Chromium is not installed: run `make system-deps` "
                        "(apt-get install chromium); the browser tests are never skipped")
    from playwright.sync_api import sync_playwright  # a missing package fails here, loudly

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


class Watched:
    """A page with every console error, page error and request it made."""

    def __init__(self, page) -> None:
        self.page = page
        self.errors: list[str] = []
        self.requests: list[str] = []
        page.on("console", lambda m: self.errors.append(f"console {m.type}: {m.text}")
                if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("requestfailed", lambda r: self.errors.append(f"request failed: {r.url}"))

    def open(self, path: Path) -> None:
        self.page.goto(path.as_uri())
        self.page.wait_for_load_state("load")

    def assert_clean(self) -> None:
        assert not self.errors, self.errors
        outside = [u for u in self.requests if not u.startswith(("file:", "data:"))]
        assert not outside, outside


def new_page(browser, **options) -> Watched:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, **options)
    return Watched(context.new_page())


@pytest.fixture
def watched(browser) -> Iterator[Watched]:
    page = new_page(browser)
    try:
        yield page
    finally:
        page.page.context.close()


def column(page, key: str) -> list[str]:
    """The sort keys of one column of the risk table, in displayed order."""
    return page.eval_on_selector_all(
        "#risk-table tbody tr",
        "(rows, key) => { const i = [...document.querySelectorAll('#risk-table thead th')]"
        ".findIndex(th => th.dataset.key === key); return rows.map(r => r.children[i]"
        ".getAttribute('data-sort')); }", key)


def header(page, key: str):
    return page.locator(f'#risk-table thead th[data-key="{key}"]')


@pytest.mark.parametrize("name", PAGES)
def test_page_loads_cleanly_offline_and_is_captured(site: Path, watched: Watched, name: str):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    watched.open(site / f"{name}.html")
    watched.assert_clean()
    # the inline script ran (it turns table headers into buttons) despite the strict CSP
    assert watched.page.locator("table.sortable thead th button").count() > 0
    watched.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    assert (SCREENSHOTS / f"{name}.png").stat().st_size > 10_000


def test_sorting_the_risk_table_by_clicking_headers(site: Path, watched: Watched):
    page = watched.page
    watched.open(site / "online-shop.html")
    scores = [float(v) for v in column(page, "score")]
    assert scores == sorted(scores, reverse=True)  # server-side order
    assert header(page, "score").get_attribute("aria-sort") == "descending"

    header(page, "lost").locator("button").click()
    lost = [float(v) for v in column(page, "lost")]
    assert lost == sorted(lost, reverse=True) and lost != [float(v) for v in lost[::-1]]
    assert header(page, "lost").get_attribute("aria-sort") == "descending"
    assert header(page, "score").get_attribute("aria-sort") is None

    header(page, "lost").locator("button").click()
    lost = [float(v) for v in column(page, "lost")]
    assert lost == sorted(lost)
    assert header(page, "lost").get_attribute("aria-sort") == "ascending"

    header(page, "stage").locator("button").click()
    stages = column(page, "stage")
    assert stages == sorted(stages) and stages != sorted(stages, reverse=True)
    assert header(page, "stage").get_attribute("aria-sort") == "ascending"

    header(page, "name").locator("button").click()
    names = page.eval_on_selector_all("#risk-table tbody th", "c => c.map(x => x.textContent)")
    expected = page.evaluate("n => [...n].sort((a, b) => a.localeCompare(b, 'en'))", names)
    assert names == expected and names[0].startswith("After-sales")

    header(page, "score").locator("button").click()  # score is numeric: highest first again
    assert [float(v) for v in column(page, "score")] == scores
    watched.assert_clean()


def test_keyboard_sorting_works(site: Path, watched: Watched):
    page = watched.page
    watched.open(site / "online-shop.html")
    header(page, "reach").locator("button").focus()
    page.keyboard.press("Enter")
    reach = [float(v) for v in column(page, "reach")]
    assert reach == sorted(reach, reverse=True)


def test_table_order_without_javascript(site: Path, browser):
    page = new_page(browser, java_script_enabled=False)
    try:
        page.open(site / "online-shop.html")
        scores = [float(v) for v in column(page.page, "score")]
        assert scores == sorted(scores, reverse=True)
        assert page.page.locator("table.sortable thead th button").count() == 0
        page.assert_clean()
    finally:
        page.page.context.close()


@pytest.mark.parametrize("name, texts", [
    ("supermarket", ["Риск по точкам контакта", "Что исправить в первую очередь",
                     "Эмоциональная кривая", "Точки контакта подробно", "По ширине окна"]),
    ("electronics-store", ["Риск по точки на контакт", "Какво да се поправи първо",
                           "Емоционална крива", "Точките на контакт подробно",
                           "По ширината на прозореца"]),
])
def test_cyrillic_reports_show_translated_labels(site: Path, watched: Watched, name: str,
                                                 texts: list[str]):
    watched.open(site / f"{name}.html")
    page = watched.page
    for text in texts:
        assert page.get_by_text(text, exact=True).first.is_visible(), text
    assert page.locator("html").get_attribute("lang") in ("ru", "bg")
    # Cyrillic text inside the diagram is real text, not boxes: it has a width
    width = page.evaluate("() => { const t = [...document.querySelectorAll('.diagram svg text')]"
                          ".find(e => /[а-яА-Я]/.test(e.textContent)); "
                          "return t ? t.getBBox().width : 0; }")
    assert width > 10
    watched.assert_clean()


def test_diagram_links_jump_to_touchpoint_details(site: Path, watched: Watched):
    page = watched.page
    watched.open(site / "online-shop.html")
    page.locator('.diagram svg g[id="jm-n6"] a').first.click()
    page.wait_for_function("() => location.hash === '#tp-courier'")
    assert page.locator("#tp-courier").is_visible()
    button = page.locator("figure.diagram button.zoom")
    assert button.get_attribute("aria-pressed") == "false"
    before = page.evaluate("() => document.querySelector('.diagram svg').getBoundingClientRect().width")
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    after = page.evaluate("() => document.querySelector('.diagram svg').getBoundingClientRect().width")
    assert after < before
    watched.assert_clean()


def test_report_prints_on_a4(site: Path, watched: Watched):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    watched.open(site / "online-shop.html")
    pdf = watched.page.pdf(path=str(SCREENSHOTS / "online-shop.pdf"), prefer_css_page_size=True)
    boxes = {(float(w), float(h)) for w, h in
             re.findall(rb"/MediaBox \[0 0 ([0-9.]+) ([0-9.]+)\]", pdf)}
    # A4 pages: portrait for the text, landscape for the diagram
    assert boxes and all(abs(min(b) - 595.3) < 2 and abs(max(b) - 841.9) < 2 for b in boxes)
    assert any(w > h for w, h in boxes) and any(w < h for w, h in boxes)
    watched.assert_clean()
