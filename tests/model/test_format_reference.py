"""docs/format.md is generated from the spec and kept identical to what the generator prints.

If a change to the spec is intended, regenerate it:

    JOURNEYMAP_UPDATE_GOLDEN=1 python3 -m pytest tests/model/test_format_reference.py

(or ``python3 -m mapper schema --format markdown > docs/format.md``).
"""
from __future__ import annotations

import os
import re

import yaml

from conftest import EXAMPLES, REPO, run_main
from mapper.model.reference import format_reference, short_type, type_text, undocumented
from mapper.model.schema import CATALOG_ENTRY, JOURNEY, TOUCHPOINT
from mapper.model.spec import Ident, Spec

REFERENCE = REPO / "docs" / "format.md"
UPDATE = os.environ.get("JOURNEYMAP_UPDATE_GOLDEN") == "1"


def test_committed_reference_is_what_the_generator_prints():
    result = run_main("schema", "--format", "markdown")
    assert result.code == 0
    if UPDATE:
        REFERENCE.write_text(result.out, encoding="utf-8")
    assert REFERENCE.read_text(encoding="utf-8") == result.out, (
        "docs/format.md is out of date: JOURNEYMAP_UPDATE_GOLDEN=1 python3 -m pytest "
        "tests/model/test_format_reference.py")
    assert result.out == format_reference()


def _keys(obj, prefix=""):
    from mapper.model.reference import _nested

    for key in obj.keys:
        path = f"{prefix}.{key.name}" if prefix else key.name
        yield path, key
        for child_path, child in _nested(key.spec, path):
            yield from _keys(child, child_path)


def test_every_key_is_documented_with_type_default_and_example():
    assert undocumented() == []
    text = format_reference()
    for obj, prefix in ((JOURNEY, ""), (TOUCHPOINT, "touchpoints.<touchpoint id>")):
        referred: list[str] = []   # keys documented under another path, with what they hold
        for path, key in _keys(obj, prefix):
            if any(path.startswith(f"{other}.") or path.startswith(f"{other}[")
                   for other in referred):
                continue
            heading = f"### `{path}`"
            assert heading in text, heading
            entry = text.split(heading, 1)[1].split("\n### ", 1)[0]
            if "As [`" in entry:   # the same spec documented under another path
                referred.append(path)
                continue
            assert key.spec.description in entry
            assert f"- **Type:** {type_text(key.spec)}" in entry
            assert ("- **Required:** yes" if key.required else "- **Default:** ") in entry
            assert f"```yaml\n{key.example}\n```" in entry


def test_examples_in_the_reference_are_valid_yaml_with_the_key():
    for path, key in _keys(JOURNEY):
        parsed = yaml.safe_load(key.example)
        assert isinstance(parsed, dict) and list(parsed) == [key.name], path


def test_ranges_and_choices_come_from_the_spec():
    text = format_reference()
    assert "number from 0 to 1, or one of `rare`, `unlikely`, `possible`, `likely`, " \
           "`frequent`" in text
    assert "one of `in_person`, `phone`, `email`, `web`, `app`, `mail`, `delivery`, `ad`, " \
           "`other`" in text
    assert "- **Default:** 1000" in text
    assert short_type(Ident(what="stage id")) == "stage id"


def test_a_spec_without_words_is_refused():
    class Odd(Spec):
        pass

    try:
        type_text(Odd())
    except TypeError as exc:
        assert "Odd" in str(exc)
    else:
        raise AssertionError("type_text accepted an unknown spec")


def test_catalog_entries_reuse_the_touchpoint_entries():
    text = format_reference().split("## Catalog entries", 1)[1]
    assert "### `catalog.rationale`" in text
    assert "As [`touchpoints.<touchpoint id>.likelihood`]" \
           "(#touchpointstouchpoint-idlikelihood)." in text
    assert len(CATALOG_ENTRY.keys) == len(re.findall(r"\n### `catalog\.\w+`\n", text))


def test_repository_cites_the_reference_not_an_outside_document():
    cited = [REPO / "README.md", *EXAMPLES, *sorted((REPO / "templates").rglob("*.j2"))]
    cited += sorted((REPO / "mapper").rglob("*.py")) + sorted((REPO / "touchpoints").rglob("*.yaml"))
    outside = re.compile(r"[Dd]esign document|DESIGN(\.md| §)")
    assert [str(p.relative_to(REPO)) for p in cited if outside.search(p.read_text("utf-8"))] == []
    assert "docs/format.md" in (REPO / "README.md").read_text(encoding="utf-8")
    for example in EXAMPLES:
        assert "docs/format.md" in example.read_text(encoding="utf-8"), example.name
