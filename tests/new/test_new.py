"""`journeymap new`: starter journeys for every template and language."""
from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
import yaml

from conftest import REPO, run_main
from mapper.core.vocabulary import LANGUAGES
from mapper.new.starters import STARTERS, TEMPLATES
from mapper.model.schema import ASPECTS

COMBINATIONS = list(itertools.product(TEMPLATES, LANGUAGES))
CYRILLIC = re.compile("[а-яА-ЯёЁъЪ]")


def test_templates_and_languages_are_the_documented_ones():
    assert set(TEMPLATES) == {"online-shop", "store", "service", "b2b"}
    assert LANGUAGES == ("en", "ru", "bg")


@pytest.mark.parametrize("template,language", COMBINATIONS)
def test_every_starter_passes_check(tmp_path, template, language):
    target = tmp_path / "journeys" / f"my-{template}.yaml"
    target.parent.mkdir()
    result = run_main("new", f"my-{template}", "--template", template, "--language", language,
                      "-o", target)
    assert result.code == 0, result.err
    assert target.is_file()
    check = run_main("check", "--strict", target)
    assert check.code == 0, check.out + check.err
    assert check.out == ""  # not even an info finding


@pytest.mark.parametrize("template,language", COMBINATIONS)
def test_starter_content(tmp_path, template, language):
    target = tmp_path / "x.yaml"
    assert run_main("new", "x", "--template", template, "--language", language,
                    "-o", target).code == 0
    text = target.read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("# yaml-language-server: $schema=")
    data = yaml.safe_load(text)
    assert data["journey"] == "x" and data["language"] == language
    touchpoints = data["touchpoints"]
    aspects = {stage["aspect"] for stage in data["stages"]}
    assert aspects == set(ASPECTS)
    assert touchpoints[data["complaints"]]["use"].startswith("services/complaint")
    assert any(tp.get("promises") for tp in touchpoints.values())
    assert {tp["outcome"] for tp in touchpoints.values() if "outcome" in tp} >= {"lost"}
    points = [tp for tp in touchpoints.values() if "outcome" not in tp]
    assert sum("use" in tp for tp in points) >= len(points) - 1  # built from the catalog
    comments = [line for line in text.splitlines() if line.lstrip().startswith("#")]
    assert len(comments) >= 8
    words = [tp["name"] for tp in touchpoints.values()] + [s["name"] for s in data["stages"]]
    if language == "en":
        assert not any(CYRILLIC.search(w) for w in words)
    else:  # names, stages and comments in the chosen language
        assert all(CYRILLIC.search(w) for w in words), words
        assert sum(bool(CYRILLIC.search(c)) for c in comments) >= 6


def test_texts_are_complete_for_every_language():
    for starter in STARTERS.values():
        keys = {lang: set(text) for lang, text in starter.text.items()}
        assert set(keys) == set(LANGUAGES)
        assert keys["ru"] == keys["en"] == keys["bg"], starter.id


def test_refuses_to_overwrite(tmp_path):
    target = tmp_path / "shop.yaml"
    target.write_text("keep me\n", encoding="utf-8")
    result = run_main("new", "shop", "-o", target)
    assert result.code == 2
    assert "already exists" in result.err and "Traceback" not in result.err
    assert target.read_text(encoding="utf-8") == "keep me\n"
    assert [p.name for p in tmp_path.iterdir()] == ["shop.yaml"]  # no temporary left


@pytest.mark.parametrize("bad", ["Shop", "my_shop", "-shop", "shop!", "магазин", "a" * 101])
def test_id_must_be_a_slug(tmp_path, bad):
    result = run_main("new", "-o", tmp_path / "x.yaml", "--", bad)
    assert result.code == 2
    assert "slug" in result.err
    assert not (tmp_path / "x.yaml").exists()


def test_unknown_template_is_a_usage_error(tmp_path):
    result = run_main("new", "x", "--template", "bakery", "-o", tmp_path / "x.yaml")
    assert result.code == 2


def test_default_path_and_schema_reference(tmp_path, monkeypatch):
    (tmp_path / "journeys").mkdir()
    (tmp_path / "journey.schema.json").write_text("{}", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert run_main("new", "corner-shop", "--template", "store").code == 0
    text = (tmp_path / "journeys" / "corner-shop.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../journey.schema.json\n")
    deeper = tmp_path / "journeys" / "clients" / "acme.yaml"
    assert run_main("new", "acme", "-o", deeper).code == 0
    assert deeper.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../../journey.schema.json\n")


def test_print_to_stdout_and_title(tmp_path):
    result = run_main("new", "x", "--language", "bg", "--title", "Моят магазин: 1", "-o", "-")
    assert result.code == 0
    assert yaml.safe_load(result.out)["title"] == "Моят магазин: 1"


def test_schema_reference_in_repository_layout():
    text = run_main("new", "x", "-o", "-").out
    assert (REPO / "journeys" / text.splitlines()[0].split("$schema=")[1]).resolve() == \
        (REPO / "journey.schema.json").resolve()


def _modeline_target(journey: Path) -> Path:
    first = journey.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    return (journey.parent / first.split("$schema=", 1)[1]).resolve()


def test_new_writes_the_schema_its_modeline_points_to(tmp_path, monkeypatch):
    """A pip user's repository has no schema yet: `new` writes it beside journeys/."""
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "journeys").mkdir()
    monkeypatch.chdir(repo)
    result = run_main("new", "corner-shop")
    assert result.code == 0, result.err
    schema = repo / "journey.schema.json"
    assert _modeline_target(repo / "journeys" / "corner-shop.yaml") == schema.resolve()
    assert schema.read_bytes() == (REPO / "journey.schema.json").read_bytes()
    assert result.err.endswith(
        "wrote journey.schema.json (the JSON Schema that the first line of "
        "journeys/corner-shop.yaml points to, for editors)\n")
    # the next journey finds it, and nothing is rewritten
    schema.write_text("{}", encoding="utf-8")
    result = run_main("new", "second", "-o", repo / "journeys" / "b2b" / "second.yaml")
    assert result.code == 0 and "journey.schema.json" not in result.err
    assert _modeline_target(repo / "journeys" / "b2b" / "second.yaml") == schema.resolve()
    assert schema.read_text(encoding="utf-8") == "{}"


def test_new_outside_a_journeys_folder_writes_the_schema_beside_it(tmp_path):
    (tmp_path / ".git").mkdir()
    target = tmp_path / "maps" / "shop.yaml"
    assert run_main("new", "shop", "-o", target).code == 0
    assert _modeline_target(target) == (tmp_path / "maps" / "journey.schema.json").resolve()
    assert (tmp_path / "maps" / "journey.schema.json").is_file()


def test_new_looks_for_the_schema_only_inside_the_repository(tmp_path):
    """A schema above the repository's root (another project's) is not used."""
    (tmp_path / "journey.schema.json").write_text("{}", encoding="utf-8")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    target = repo / "journeys" / "shop.yaml"
    assert run_main("new", "shop", "-o", target).code == 0
    assert _modeline_target(target) == (repo / "journey.schema.json").resolve()


def test_new_writes_no_schema_when_the_journey_is_not_written(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "journeys").mkdir()
    (tmp_path / "journeys" / "shop.yaml").write_text("taken\n", encoding="utf-8")
    result = run_main("new", "shop", "-o", tmp_path / "journeys" / "shop.yaml")
    assert result.code == 2
    assert not (tmp_path / "journey.schema.json").exists()
