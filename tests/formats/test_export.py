"""`journeymap export`: formats, output files, and escaping of user text."""
from __future__ import annotations

import csv
import io
import os
import re

import pytest

from conftest import EXAMPLES, JOURNEYS, REPO, run_main
from mapper.formats.csv_table import COLUMNS, guard
from mapper.formats.markdown import code, md_text

HOSTILE = REPO / "tests" / "data" / "hostile-names.yaml"
FORMATS = ("mermaid", "mermaid-flowchart", "csv", "markdown")


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("path", [*EXAMPLES, HOSTILE], ids=lambda p: getattr(p, "stem", p))
def test_every_format_of_every_example(path, fmt):
    result = run_main("export", "--format", fmt, path)
    assert result.code == 0, result.err
    assert result.out and result.err == ""


def test_same_input_same_output():
    for fmt in FORMATS:
        first = run_main("export", "--format", fmt, JOURNEYS / "online-shop.yaml").out
        assert run_main("export", "--format", fmt, JOURNEYS / "online-shop.yaml").out == first


def test_output_file_replaced_atomically(tmp_path):
    target = tmp_path / "shop.md"
    target.write_text("old", encoding="utf-8")
    result = run_main("export", JOURNEYS / "online-shop.yaml", "-o", target)  # .md: markdown
    assert result.code == 0, result.err
    assert target.read_text(encoding="utf-8").startswith("# Online computer shop")
    assert sorted(os.listdir(tmp_path)) == ["shop.md"]


@pytest.mark.parametrize("suffix,start", [(".mmd", "journey\n"), (".csv", "\ufeffid,"),
                                          (".md", "# ")])
def test_format_from_suffix(tmp_path, suffix, start):
    target = tmp_path / f"out{suffix}"
    assert run_main("export", JOURNEYS / "hairdresser.yaml", "-o", target).code == 0
    assert target.read_text(encoding="utf-8").startswith(start)


def test_format_needed_without_a_telling_suffix(tmp_path):
    result = run_main("export", JOURNEYS / "hairdresser.yaml", "-o", tmp_path / "x.txt")
    assert result.code == 2 and "--format" in result.err
    assert not (tmp_path / "x.txt").exists()


def test_bad_journey_is_located(tmp_path):
    bad = REPO / "tests" / "bad" / "unknown-key.yaml"
    result = run_main("export", "--format", "csv", bad, "-o", tmp_path / "x.csv")
    assert result.code == 2
    assert re.search(r"unknown-key\.yaml:\d+:\d+: ", result.err)
    assert "Traceback" not in result.err and not (tmp_path / "x.csv").exists()


# -- CSV ---------------------------------------------------------------------------

def _table(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


def test_csv_bom_crlf_header_and_cyrillic(tmp_path):
    target = tmp_path / "store.csv"
    assert run_main("export", "--format", "csv", JOURNEYS / "electronics-store.yaml",
                    "-o", target).code == 0
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    text = data.decode("utf-8")
    rows = _table(text)
    assert list(rows[0]) == list(COLUMNS)
    assert any(re.search("[а-я]", row["name"]) for row in rows)
    assert {row["kind"] for row in rows} >= {"touchpoint", "stage", "journey", "outcome",
                                              "complaint_channel"}


def test_csv_next_and_figures():
    rows = {row["id"]: row for row in
            _table(run_main("export", "--format", "csv", JOURNEYS / "online-shop.yaml").out)}
    assert rows["usage"]["next"] == "support_question:0.15;warranty_claim:0.05;newsletter:0.55"
    assert rows["confirmation_email"]["next"] == "courier"
    courier = rows["courier"]
    assert courier["owner"] == "Fast Courier Ltd" and courier["third_party"] == "true"
    assert courier["level"] in ("low", "medium", "high", "critical")
    assert float(courier["score"]) > 0 and float(courier["reach"]) > 0
    assert float(courier["expected_lost"]) >= 0
    assert rows["callback"]["emotion"] == "-1"  # a number, not guarded text


def test_csv_formula_guard_on_text_only():
    rows = {row["id"]: row for row in
            _table(run_main("export", "--format", "csv", HOSTILE).out)}
    assert rows["formula"]["name"].startswith("'=HYPERLINK(")
    assert rows["plus"]["name"].startswith("'+1")
    assert rows["at"]["name"].startswith("'@SUM")
    assert rows["minus"]["name"].startswith("'-2 title page\nsecond")
    assert rows["tab"]["name"] == "'\tstarts with a tab"
    assert rows["formula"]["emotion"] == "-1" and rows["plus"]["emotion"] == "-2"
    assert rows["init"]["name"] == "%%{init: {}}%% accTitle: x"  # nothing to guard


@pytest.mark.parametrize("value,expected", [
    ("=1+2", "'=1+2"), ("+x", "'+x"), ("-x", "'-x"), ("@x", "'@x"), ("\tx", "'\tx"),
    ("\rx", "'\rx"), ("x=1", "x=1"), ("'quoted", "'quoted"), (-1, "-1"), (-0.5, "-0.5"),
    (2.0, "2"), (None, ""), ("", "")])
def test_guard(value, expected):
    assert guard(value) == expected


# -- Markdown ------------------------------------------------------------------------

def _cells(line: str) -> list[str]:
    return re.split(r"(?<!\\)\|", line.strip().strip("|"))


def test_markdown_sections_and_figures():
    text = run_main("export", "--format", "markdown", JOURNEYS / "online-shop.yaml").out
    for heading in ("# Online computer shop: Risk summary", "## Headline figures",
                    "## Risk table", "## Fix first", "## Findings"):
        assert heading in text
    assert "| Money at risk |" in text and "EUR" in text
    assert re.search(r"^1\. .+\(`\w+`\): [\d.,]+ customers saved$", text, re.MULTILINE)


def test_markdown_in_the_journey_language():
    text = run_main("export", "--format", "markdown", JOURNEYS / "supermarket.yaml").out
    assert "## Таблица рисков" in text and "## Исправить в первую очередь" in text
    text = run_main("export", "--format", "markdown", JOURNEYS / "electronics-store.yaml").out
    assert "## Таблица на рисковете" in text


def test_markdown_escapes_user_text():
    text = run_main("export", "--format", "markdown", HOSTILE).out
    table = [line for line in text.splitlines() if line.startswith("| ")]
    header = next(line for line in table if line.startswith("| # |"))
    start = table.index(header)
    for line in table[start + 1:]:
        assert len(_cells(line)) == len(_cells(header)), line
    assert "<img" not in text and "<b>" not in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text
    assert r"\*stars\* \_under\_ \[link\]" in text
    assert "@SUM(A1:A9) \\| " in text


@pytest.mark.parametrize("raw,escaped", [
    ("a|b", r"a\|b"), ("*x*", r"\*x\*"), ("<script>", "&lt;script&gt;"), ("a & b", "a &amp; b"),
    ("line\nbreak", "line break"), ("[x](y)", r"\[x\](y)"), ("`c`", r"\`c\`"),
    ("back\\slash", "back\\\\slash"), ("#1", r"\#1")])
def test_md_text(raw, escaped):
    assert md_text(raw) == escaped


def test_code_span_with_backticks():
    assert code("a`b") == "``a`b``"
    assert code("`x`") == "`` `x` ``"
