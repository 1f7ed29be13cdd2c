"""The HTML report: self-contained, CSP-locked, accessible, and every user string escaped."""
from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import EXAMPLES, run_main, write
from journey_helpers import hostile_text

#: elements the report and index may contain (HTML and inline SVG)
ALLOWED_TAGS = {
    "html", "head", "meta", "title", "link", "style", "body", "a", "header", "nav", "ul", "ol",
    "li", "main", "section", "h1", "h2", "h3", "h4", "h5", "p", "dl", "dt", "dd", "div", "span",
    "figure", "figcaption", "table", "caption", "thead", "tbody", "tr", "th", "td", "strong",
    "code", "br", "article", "footer", "script", "pre",
    # a figure quoted in a text, with its raw value (``<data value="0.088">8.8%</data>``)
    "data",
    # inline SVG (Graphviz diagram, its print windows (<use> of the drawing) and the charts)
    "use", "svg", "g", "path", "polygon", "polyline", "ellipse", "text", "desc", "line", "circle",
    "rect"}


class Page(HTMLParser):
    """Everything the tests look at in one parse."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self.text: list[str] = []
        self._inside: str | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._inside = tag
            (self.scripts if tag == "script" else self.styles).append("")

    def handle_endtag(self, tag):
        if tag == self._inside:
            self._inside = None

    def handle_data(self, data):
        if self._inside == "script":
            self.scripts[-1] += data
        elif self._inside == "style":
            self.styles[-1] += data
        else:
            self.text.append(data)

    def attrs(self, tag: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t == tag]


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


def sha(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    result = run_main("build", *EXAMPLES, "-o", out, "-q")
    assert result.code == 0, result.err
    return out


def pages(site: Path) -> list[Path]:
    return sorted(site.glob("*.html"))


def test_every_page_is_self_contained_and_csp_locked(site: Path):
    for path in pages(site):
        html = path.read_text(encoding="utf-8")
        page = parse(html)
        assert len(page.scripts) == 1 and len(page.styles) == 1, path.name
        assert all(not a for a in page.attrs("script")), "the inline script has no attributes"
        csp = [a["content"] for a in page.attrs("meta")
               if a.get("http-equiv") == "Content-Security-Policy"]
        assert len(csp) == 1
        policy = csp[0]
        assert "default-src 'none'" in policy and "img-src data:" in policy
        assert f"script-src '{sha(page.scripts[0])}'" in policy
        assert f"style-src '{sha(page.styles[0])}'" in policy
        assert "unsafe-inline" not in policy
        for tag, attrs in page.tags:
            assert "style" not in attrs, (path.name, tag)  # CSP blocks style attributes
            for name, value in attrs.items():
                assert not name.startswith("on"), (path.name, tag, name)
                if name in ("href", "src", "xlink:href", "action") and value:
                    assert not re.match(r"^[a-z][a-z0-9+.-]*:", value) or \
                        value.startswith("data:"), (path.name, name, value)
        assert not re.search(r"(src|href)=\"(https?:)?//", html)
        assert "@import" not in page.styles[0] and "url(" not in page.styles[0]


def test_report_structure_and_accessibility(site: Path):
    for source in EXAMPLES:
        text = source.read_text(encoding="utf-8")
        journey_id = re.search(r"^journey: (\S+)", text, re.M).group(1)
        language = re.search(r"^language: (\S+)", text, re.M).group(1)
        page = parse((site / f"{journey_id}.html").read_text(encoding="utf-8"))
        assert page.attrs("html")[0]["lang"] == language
        assert len(page.attrs("h1")) == 1
        assert len(page.attrs("h2")) >= 8
        for tag, attrs in page.tags:
            if tag == "th":
                assert attrs.get("scope") in ("col", "row"), attrs
        svgs = page.attrs("svg")
        assert svgs and all(s.get("role") == "img" for s in svgs if s.get("class") != "bar"
                            and s.get("aria-hidden") != "true")
        ids = [a["id"] for _, a in page.tags if a.get("id")]
        assert len(ids) == len(set(ids)), "ids are unique"
        for _, attrs in page.tags:
            href = attrs.get("href") or ""
            if href.startswith("#") and href != "#main":
                assert href[1:] in ids, href


def test_risk_table_is_sorted_by_score_without_javascript(site: Path):
    html = (site / "online-shop.html").read_text(encoding="utf-8")
    table = html[html.index('id="risk-table"'):html.index("</table>", html.index('id="risk-table"'))]
    assert 'data-key="score" data-type="number" aria-sort="descending"' in table
    data = json.loads((site / "online-shop.json").read_text(encoding="utf-8"))
    ranked = [t for t in data["touchpoints"] if t["kind"] != "outcome"]
    ranked.sort(key=lambda t: (-t["score"], -t["expected_lost"]))
    rows = re.findall(r'<th scope="row" data-sort="[^"]*"><a href="#tp-([^"]+)">', table)
    assert rows[:5] == [t["id"] for t in ranked[:5]]
    body = table[table.index("<tbody>"):]
    scores = [float(re.findall(r'data-sort="([^"]*)"', row)[4]) for row in body.split("<tr>")[1:]]
    assert len(scores) == len(ranked)
    assert scores == sorted(scores, reverse=True)


def test_report_shows_the_issue_5_content(site: Path):
    html = (site / "online-shop.html").read_text(encoding="utf-8")
    for needle in ("Customers retained", "Customers lost", "Negative word of mouth",
                   "Money at risk", 'class="risk-table sortable"', 'class="matrix"',
                   "Expected customers lost", 'class="emotion-chart"', ">Peak<", ">End<",
                   "What makes the score", "Failure modes", "Advice", "Findings",
                   "What to fix first", "Fast Courier Ltd", "unkept-promise"):
        assert needle in html, needle
    assert "third party (TechFix Service Centre) performs the repair" in html


def test_bulgarian_and_russian_reports_use_their_language(site: Path):
    bg = (site / "electronics-store.html").read_text(encoding="utf-8")
    ru = (site / "supermarket.html").read_text(encoding="utf-8")
    assert "Риск по точки на контакт" in bg and "Какво да се поправи първо" in bg
    assert "Риск по точкам контакта" in ru and "Что исправить в первую очередь" in ru
    assert "\u00a0%" in ru  # Russian percent sign spacing
    assert "Customers lost" not in bg + ru


def test_portfolio_index_lists_journeys_and_shared_catalog_entries(site: Path):
    html = (site / "index.html").read_text(encoding="utf-8")
    for source in EXAMPLES:
        journey_id = re.search(r"^journey: (\S+)", source.read_text(encoding="utf-8"), re.M).group(1)
        assert f'href="{journey_id}.html"' in html
        assert f'href="{journey_id}.html#tp-' in html
    assert "Catalog touchpoints used in several journeys" in html
    assert "services/complaint-hotline" in html


def test_hostile_text_is_escaped_everywhere(tmp_path: Path):
    source = write(tmp_path, "in/hostile.yaml", hostile_text())
    out = tmp_path / "out"
    result = run_main("build", source, "-o", out, "-q")
    assert result.code == 0, result.err
    for name in ("hostile.html", "index.html"):
        html = (out / name).read_text(encoding="utf-8")
        page = parse(html)
        assert len(page.scripts) == 1, name
        assert {tag for tag, _ in page.tags} <= ALLOWED_TAGS, name
        assert not any(a.startswith("on") for _, attrs in page.tags for a in attrs), name
        assert "<script>alert" not in html and "<img" not in html and "<svg onload" not in html
        text = "".join(page.text)
        assert "<script>alert(1)</script>" in text, name
    html = (out / "hostile.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;svg onload=alert(3)&gt;" in html
    assert "</script><script>alert(2)" not in html
    assert "{{ jinja }}" in "".join(parse(html).text)  # user braces are text, not template code
    for char in "\u202e\u2066\u2069":
        assert char not in (out / "hostile.dot").read_text(encoding="utf-8")
    data = json.loads((out / "hostile.json").read_text(encoding="utf-8"))
    assert data["journey"]["title"].startswith("<script>")


def test_russian_and_bulgarian_reports_have_no_english_text(site: Path):
    """Outside code, file names and the diagram, no English word is left in ru/bg reports
    (catalog entries are English: their descriptions are not repeated there)."""
    allowed = re.compile(r"\.(yaml|json|svg|dot)\b|journeymap|FMEA|\b(RUB|EUR)\b")
    for name in ("supermarket", "electronics-store"):
        html = (site / f"{name}.html").read_text(encoding="utf-8")
        html = re.sub(r"<svg.*?</svg>|<style>.*?</style>|<script>.*?</script>|<code>.*?</code>",
                      "", html, flags=re.S)
        for line in parse(html).text:
            line = line.strip()
            if re.search(r"[A-Za-z]{4,}", line) and not allowed.search(line):
                pytest.fail(f"{name}: English text left: {line[:120]}")
