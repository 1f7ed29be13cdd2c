"""The Python API: mapper.load/loads/from_dict/analyse/render_report, and the README's example."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import networkx as nx
import pytest
import yaml

import mapper
from mapper.commands.score import render_table
from mapper.risk.summary import FixFirst, Summary, WordOfMouth

from conftest import (EXAMPLES, MINIMAL, REPO, check_readme_api_example, readme_api_example,
                      run_main, shown)

SHOP = REPO / "journeys" / "online-shop.yaml"


def test_the_public_names():
    assert sorted(mapper.__all__) == sorted(dir(mapper))
    for name in mapper.__all__:
        assert getattr(mapper, name) is not None, name
    assert mapper.JourneyError.__doc__ and mapper.load.__doc__ and mapper.analyse.__doc__
    with pytest.raises(AttributeError):
        mapper.no_such_thing  # noqa: B018


def test_load_stays_the_function_when_the_reading_package_is_imported():
    code = ("import mapper.loader.catalog as catalog, mapper; "
            "from mapper.loader import yamlfile; "
            "print(mapper.load('journeys/online-shop.yaml').id, "
            "mapper.loader.yamlfile is yamlfile, callable(catalog.Catalog))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=REPO, check=True)
    assert result.stdout.split() == ["online-shop", "True", "True"]


def test_import_mapper_stays_light():
    code = ("import sys, mapper; assert callable(mapper.load); "
            "print(sorted(m for m in ('networkx', 'numpy', 'jinja2', 'yaml') if m in sys.modules))")
    light = subprocess.run([sys.executable, "-c", "import sys, mapper; print("
                            "sorted(m for m in ('networkx', 'numpy', 'jinja2') if m in sys.modules))"],
                           capture_output=True, text=True, cwd=REPO, check=True)
    assert light.stdout.strip() == "[]"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=REPO, check=True)
    assert "jinja2" not in loaded.stdout and "numpy" not in loaded.stdout


def test_load_gives_the_journey_and_its_one_graph():
    journey = mapper.load(SHOP)
    assert isinstance(journey, mapper.Journey)
    assert isinstance(journey.graph, nx.DiGraph)
    assert journey.graph is journey.graph  # built once, kept
    assert list(journey.graph.nodes) == list(journey.touchpoints)
    assert journey.graph.edges["usage", "support_question"]["probability"] == 0.15


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_to_json_is_the_score_command_byte_for_byte(path):
    relative = path.relative_to(REPO)
    cli = subprocess.run([sys.executable, "-m", "mapper", "score", str(relative), "--format",
                          "json"], capture_output=True, cwd=REPO, check=True)
    analysis = mapper.analyse(mapper.load(relative))
    assert analysis.to_json().encode("utf-8") == cli.stdout


def test_loads_and_from_dict_give_the_same_analysis_as_the_file():
    text = SHOP.read_text(encoding="utf-8")
    from_file = mapper.analyse(mapper.load(SHOP))
    from_text = mapper.analyse(mapper.loads(text, name=str(SHOP)))
    from_data = mapper.analyse(mapper.from_dict(yaml.safe_load(text), name=str(SHOP)))
    assert from_text.to_json() == from_file.to_json()
    # data has no lines: the figures are the same, the locations are not
    assert from_data.summary.as_json() == from_file.summary.as_json()
    assert {t: (r.score, r.level, r.reach) for t, r in from_data.touchpoints.items()} == \
        {t: (r.score, r.level, r.reach) for t, r in from_file.touchpoints.items()}
    assert mapper.loads(text.encode("utf-8")).id == "online-shop"


def test_the_summary_is_typed():
    analysis = mapper.analyse(mapper.load(SHOP))
    summary = analysis.summary
    assert isinstance(summary, Summary)
    assert isinstance(summary.word_of_mouth, WordOfMouth)
    assert all(isinstance(item, FixFirst) for item in summary.fix_first)
    assert summary.retained + summary.expected_lost + summary.dropped + summary.resolved_exit \
        == pytest.approx(summary.cohort)
    assert summary.money is not None and summary.money_at_risk == summary.money.total
    document = json.loads(analysis.to_json())["summary"]
    assert document["expected_lost"] == pytest.approx(summary.expected_lost)
    assert document["fix_first"][0]["id"] == summary.fix_first[0].id
    assert summary["word_of_mouth"]["high"] == summary.word_of_mouth.high
    courier = analysis.touchpoints["courier"]
    assert (courier.level, courier.score) == (document_level(analysis, "courier"), courier.score)
    assert courier.factors and courier.reach > 0


def document_level(analysis, tid):
    return next(t["level"] for t in json.loads(analysis.to_json())["touchpoints"]
                if t["id"] == tid)


def test_analyse_options(tmp_path):
    journey = mapper.load(SHOP)
    full = mapper.analyse(journey)
    assert any(f.rule == "unkept-promise" for f in full.findings)
    quiet = mapper.analyse(journey, disable=["unkept-promise"])
    assert not any(f.rule == "unkept-promise" for f in quiet.findings)
    assert not mapper.analyse(journey, fix_first=False).summary.fix_first
    unlinted = mapper.analyse(journey, findings=False)
    assert unlinted.findings == [] and full.findings
    # what the terminal's table shows does not depend on the findings
    assert render_table(unlinted) == render_table(full)
    profile = tmp_path / "profile.yaml"
    profile.write_text("customers:\n  never_return: 0.2\n", encoding="utf-8")
    assert mapper.analyse(journey, profile=profile).summary.expected_lost \
        < full.summary.expected_lost


def test_errors_carry_every_located_problem(tmp_path):
    broken = MINIMAL.replace("next: {done: 0.5}", "next: {gone: 0.5}").replace(
        "stage: help", "stage: nowhere")
    path = tmp_path / "broken.yaml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(mapper.JourneyError) as caught:
        mapper.load(path)
    problems = caught.value.problems
    assert len(problems) == 2
    assert [p.line for p in problems] == sorted(p.line for p in problems)
    assert all(p.file == str(path) and p.column >= 1 for p in problems)
    cli = run_main("check", path)
    assert cli.code == 2
    # the API names the file as given; the command line as the working folder sees it
    assert [line.replace(str(path), shown(path), 1)
            for line in str(caught.value).splitlines()] == [
        line.replace(": invalid:", ":", 1) for line in cli.lines]
    with pytest.raises(mapper.JourneyError, match=r"^<string>:1:1: "):
        mapper.loads("- a list\n")


def test_from_dict_names_what_cannot_be_journey_data():
    data = yaml.safe_load(MINIMAL)
    data["touchpoints"]["site"]["likelihood"] = {1, 2}
    data["touchpoints"][3] = {"outcome": "lost"}
    with pytest.raises(mapper.JourneyError) as caught:
        mapper.from_dict(data, name="built")
    messages = [str(p) for p in caught.value.problems]
    assert any("built:1:1: touchpoints: key 3 must be a string" in m for m in messages)
    assert any("touchpoints.site.likelihood: a value of type set" in m for m in messages)
    data = yaml.safe_load(MINIMAL)
    data["touchpoints"]["site"]["likelihood"] = 7
    with pytest.raises(mapper.JourneyError, match="built:1:1: .*likelihood"):
        mapper.from_dict(data, name="built")


def test_render_report_writes_what_build_writes(tmp_path, monkeypatch):
    relative = SHOP.relative_to(REPO)
    built = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "mapper", "build", str(relative), "-o", str(built),
                    "-q"], cwd=REPO, check=True)
    monkeypatch.chdir(REPO)  # the same relative path in the outputs
    names = mapper.render_report(mapper.analyse(mapper.load(relative)), tmp_path / "api")
    assert sorted(names) == sorted(p.name for p in built.glob("online-shop.*"))
    for name in names:
        assert (tmp_path / "api" / name).read_bytes() == (built / name).read_bytes(), name


def test_the_readme_example_runs(tmp_path):
    script = readme_api_example(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                            cwd=tmp_path, env=env)
    check_readme_api_example(result, tmp_path)


def test_from_dict_refuses_control_characters_as_a_file_would():
    data = yaml.safe_load(MINIMAL)
    data["touchpoints"]["site"]["name"] = "Web\x1bsite"
    data["touchpoints"]["site"]["no\x07te"] = "x"
    with pytest.raises(mapper.JourneyError) as caught:
        mapper.from_dict(data)
    lines = str(caught.value).splitlines()
    assert any("touchpoints.site.name: text contains" in line and "U+001B" in line
               for line in lines), lines
    assert any("touchpoints.site: key contains" in line and "U+0007" in line
               for line in lines), lines
