"""The journey-id rule, defined once and used by every place that checks an id."""
from __future__ import annotations

import re

import pytest

from conftest import MINIMAL, run_main, write
from mapper.core.ids import RESERVED_IDS, SLUG_MAX, SLUG_PATTERN, is_slug
from mapper.formats.imports.ids import slug
from mapper.model.schema import json_schema
from mapper.site.files import SAFE_NAME


@pytest.mark.parametrize("text,ok", [
    ("corner-shop", True), ("2shops", True), ("a", True),
    ("Corner", False), ("-shop", False), ("shop_1", False), ("shop.v2", False),
    ("", False), ("shop\n", False), ("магазин", False),
])
def test_the_rule(text: str, ok: bool):
    assert is_slug(text) is ok
    # the JSON Schema's pattern says the same (Python's re reads it as ECMA-262 would
    # for these texts, but for the trailing newline that ``$`` lets through)
    if text != "shop\n":
        assert bool(re.match(SLUG_PATTERN, text)) is ok
    assert bool(SAFE_NAME.match(f"{text}.html")) is ok


def test_the_schema_uses_the_rule():
    schema = json_schema()
    journey = schema["properties"]["journey"]
    assert journey["pattern"] == SLUG_PATTERN and journey["maxLength"] == SLUG_MAX
    assert journey["not"] == {"enum": sorted(RESERVED_IDS)}


def test_ids_made_from_titles_follow_the_rule():
    for title in ("Corner Shop!", "Магазин на ъгъла", "Index", "---", "x" * 300):
        made = slug(title)
        assert is_slug(made) and len(made) <= SLUG_MAX and made not in RESERVED_IDS, made


def test_a_journey_id_with_a_trailing_newline_is_refused(tmp_path):
    path = write(tmp_path, "tiny.yaml", MINIMAL.replace("journey: tiny", 'journey: "tiny\\n"'))
    result = run_main("check", path)
    assert result.code == 2
    assert "must be a lowercase slug" in result.out + result.err


@pytest.mark.parametrize("argv", [["new", "Corner"], ["new", "index"],
                                  ["import", "mermaid", "x.mmd", "--id", "Bad"]])
def test_commands_refuse_ids_that_break_the_rule(argv, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_main(*argv)
    assert result.code == 2
    assert "slug" in result.err or "reserved" in result.err
    assert list(tmp_path.iterdir()) == []
