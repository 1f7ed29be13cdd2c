"""Outputs never depend on where the checkout lives: paths in them are relative."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import JOURNEYS, REPO, run_main, write
from mapper.core.paths import shown_path

BROKEN = "journey: broken\nstages: []\ntouchpoints: {}\nextra: 1\n"


def _checkout(root: Path) -> Path:
    """A copy of the repository's journeys (one of them broken) at ``root``."""
    shutil.copytree(JOURNEYS, root / "journeys")
    write(root, "journeys/zz-broken.yaml", BROKEN)
    return root


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.name.startswith(".")}


def _leaks(folder: Path, *prefixes: Path) -> list[str]:
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            data = path.read_bytes()
            found += [f"{path.name}: {prefix}" for prefix in prefixes
                      if str(prefix).encode() in data or str(prefix).lstrip("/").encode() in data]
    return found


def test_two_checkouts_build_byte_identical_sites(tmp_path, monkeypatch):
    one = _checkout(tmp_path / "one" / "shop")
    two = _checkout(tmp_path / "elsewhere" / "deeper" / "shop")
    monkeypatch.chdir(one)
    first = run_main("build", one / "journeys", "-o", tmp_path / "A", "-q")   # absolute
    monkeypatch.chdir(two)
    second = run_main("build", "journeys", "-o", "B", "-q")                    # relative
    assert first.code == second.code == 2    # the broken journey; the others are built
    assert first.err == second.err
    assert "journeys/zz-broken.yaml:4:1: unknown key 'extra'" in first.err
    a, b = _files(tmp_path / "A"), _files(two / "B")
    assert len(a) > 20 and a == b
    record = json.loads(a["online-shop.json"])
    assert record["journey"]["file"] == "journeys/online-shop.yaml"
    assert _leaks(tmp_path / "A", tmp_path, REPO) == []


def test_journeys_outside_the_working_folder_are_relative_to_the_folder_given(
        tmp_path, monkeypatch):
    shop = _checkout(tmp_path / "shop")
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    result = run_main("build", shop / "journeys", "-o", "site", "-q")
    assert result.code == 2
    assert result.err.startswith("zz-broken.yaml:2:9: ")
    record = json.loads((tmp_path / "work" / "site" / "online-shop.json").read_text())
    assert record["journey"]["file"] == "online-shop.yaml"
    assert {f["file"] for f in record["findings"]} <= {"online-shop.yaml"}
    assert _leaks(tmp_path / "work" / "site", tmp_path, REPO) == []


@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif"])
def test_check_formats_show_relative_paths(tmp_path, monkeypatch, fmt):
    shop = _checkout(tmp_path / "shop")
    monkeypatch.chdir(shop)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    result = run_main("check", "--format", fmt, shop / "journeys")
    assert result.code == 2
    assert str(tmp_path) not in result.out and str(tmp_path).lstrip("/") not in result.out
    assert "journeys/zz-broken.yaml" in result.out
    if fmt == "sarif":
        uris = {loc["physicalLocation"]["artifactLocation"]["uri"]
                for run in json.loads(result.out)["runs"] for res in run["results"]
                for loc in res["locations"]}
        assert "journeys/zz-broken.yaml" in uris
        assert all(not uri.startswith(("/", "..")) for uri in uris)


def test_markdown_export_and_score_name_the_file_relatively(tmp_path, monkeypatch):
    shop = _checkout(tmp_path / "shop")
    monkeypatch.chdir(shop)
    path = shop / "journeys" / "online-shop.yaml"
    markdown = run_main("export", path, "--format", "markdown")
    assert markdown.code == 0
    assert "`journeys/online-shop.yaml`" in markdown.out and str(tmp_path) not in markdown.out
    score = run_main("score", path)
    assert "— journeys/online-shop.yaml" in score.out


def test_shown_path_rules(tmp_path):
    cwd = tmp_path / "repo"
    (tmp_path / "x" / "j").mkdir(parents=True)
    assert shown_path(str(cwd / "journeys" / "a.yaml"), None, str(cwd)) == "journeys/a.yaml"
    assert shown_path(str(tmp_path / "x" / "j" / "a.yaml"), str(tmp_path / "x"),
                      str(cwd)) == "j/a.yaml"
    assert shown_path(str(tmp_path / "x" / "a.yaml"), None, str(cwd)) == "a.yaml"
    assert shown_path("-") == "<stdin>"
