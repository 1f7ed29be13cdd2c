"""The published JSON Schema: generated from the model, committed, valid, and in
agreement with the examples and the loader."""
from __future__ import annotations

import json
import re

import pytest
import yaml
from jsonschema import Draft202012Validator

from conftest import BAD, EXAMPLES, REPO, run_main
from mapper.model.schema import json_schema, json_schema_text

COMMITTED = REPO / "journey.schema.json"
MODELINE = "# yaml-language-server: $schema=../journey.schema.json"


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    return Draft202012Validator(json.loads(COMMITTED.read_text(encoding="utf-8")))


def test_schema_command_matches_committed_file():
    result = run_main("schema")
    assert result.code == 0
    assert result.out.encode("utf-8") == COMMITTED.read_bytes(), (
        "journey.schema.json is out of date: run `make schema` and commit the result")


def test_packaged_schema_matches_the_command():
    """The copy inside the package (for installed users and their tools) is current."""
    assert (REPO / "mapper" / "journey.schema.json").read_bytes() == COMMITTED.read_bytes(), (
        "mapper/journey.schema.json is out of date: run `make schema` and commit the result")


def test_schema_output_file(tmp_path):
    target = tmp_path / "editor" / "journey.schema.json"
    result = run_main("schema", "-o", target)
    assert result.code == 0 and result.out == ""
    assert result.err == f"wrote {target}\n"
    assert target.read_bytes() == COMMITTED.read_bytes()
    assert run_main("schema", "-o", "-").out.encode("utf-8") == COMMITTED.read_bytes()


def test_schema_output_to_a_folder_is_a_usage_error(tmp_path):
    result = run_main("schema", "-o", tmp_path)
    assert result.code == 2
    assert "is a folder; give a file name" in result.err
    assert "Traceback" not in result.err


def test_schema_text_is_the_schema():
    assert json.loads(json_schema_text()) == json_schema()
    assert json_schema_text().endswith("}\n")


def test_schema_is_valid_draft_2020_12():
    schema = json.loads(COMMITTED.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    assert schema["type"] == "object"
    assert set(schema["required"]) == {"journey", "stages", "touchpoints"}
    assert schema["additionalProperties"] is False
    touchpoint = schema["properties"]["touchpoints"]["additionalProperties"]
    assert "promises" in touchpoint["properties"]
    for key in ("use", "stage", "channel", "likelihood", "severity", "emotion",
                "failure_modes", "owner", "complaints", "next", "resolution",
                "outcome", "segments", "repeat_of", "kind"):
        assert key in touchpoint["properties"], key
        assert touchpoint["properties"][key].get("description"), key  # editors show it


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_examples_validate_against_the_schema(validator, path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
    assert errors == []


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_examples_carry_the_modeline(path):
    assert path.read_text(encoding="utf-8").splitlines()[0] == MODELINE
    assert (path.parent / "../journey.schema.json").resolve() == COMMITTED.resolve()


@pytest.mark.parametrize("name, fragment", [
    ("unknown-key.yaml", "Additional properties are not allowed ('severty' was unexpected)"),
    ("likelihood-range.yaml", "is not valid under any of the given schemas"),
    ("severity-range.yaml", "is not valid under any of the given schemas"),
    ("probability-range.yaml", "is not valid under any of the given schemas"),
    ("emotion-range.yaml", "-3 is less than the minimum of -2"),
    ("cohort-zero.yaml", "0 is less than the minimum of 1"),
    ("language-unknown.yaml", "'de' is not one of ['en', 'ru', 'bg']"),
    ("norway.yaml", "False is not one of ['en', 'ru', 'bg']"),
    ("bad-aspect.yaml", "'complaints' is not one of"),
    ("journey-not-slug.yaml", "does not match"),
    ("touchpoint-id.yaml", "does not match"),
    ("stages-mapping.yaml", "is not of type 'array'"),
    ("missing-stages.yaml", "'stages' is a required property"),
])
def test_bad_files_fail_the_schema_too(validator, name, fragment):
    data = yaml.safe_load((BAD / name).read_text(encoding="utf-8"))
    messages = [e.message for e in validator.iter_errors(data)]
    assert any(fragment in m for m in messages), messages


def test_unicode_ids_match_the_schema_pattern():
    pattern = json_schema()["properties"]["touchpoints"]["propertyNames"]["pattern"]
    for good in ("site", "горячая_линия", "step-2", "Ürün", "店"):
        assert re.search(pattern, good), good
    for bad in ("done!", "a b", "a/b", "a.b", "", "a:b", "x\u00a0y"):
        assert not re.search(pattern, bad), bad
