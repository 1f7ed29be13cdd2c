"""Journey ids that would collide with the site's own files are refused with a located message."""
from __future__ import annotations

from pathlib import Path

from conftest import MINIMAL, outputs, run_main, write
from mapper.formats.imports.ids import slug

RESERVED = ("journey id 'index' is reserved: its files would collide with the site's own "
            "(index.html is the portfolio page); choose another id, e.g. 'index-journey'")


def test_a_journey_called_index_is_refused_and_the_portfolio_page_survives(tmp_path: Path,
                                                                          monkeypatch):
    monkeypatch.chdir(tmp_path)   # messages name the file as given: in/index.yaml
    index = write(Path(), "in/index.yaml", MINIMAL.replace("journey: tiny", "journey: index"))
    write(Path(), "in/tiny.yaml", MINIMAL)
    out = tmp_path / "site"
    result = run_main("build", "in", "-o", out, "-q")
    assert result.code == 2
    assert result.err == f"{index}:1:10: {RESERVED}\n"
    assert [p.name for p in outputs(out)] == ["index.html", "tiny.dot", "tiny.html",
                                             "tiny.json", "tiny.svg"]
    page = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="tiny.html"' in page and 'href="index.html"' not in page
    check = run_main("check", index)
    assert check.code == 2 and check.out == f"{index}:1:10: invalid: {RESERVED}\n"


def test_new_refuses_a_reserved_id(tmp_path: Path):
    result = run_main("new", "index", "-o", tmp_path / "index.yaml")
    assert result.code == 2 and result.err == f"journeymap: error: {RESERVED}\n"
    assert not (tmp_path / "index.yaml").exists()


def test_ids_made_from_titles_never_take_a_reserved_name():
    assert slug("Index") == "index-journey"
    assert slug("Index page") == "index-page"
