"""`check --format github|sarif`, the step summary, and `diff`."""
from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest

from conftest import shown
from mapper.formats.github import annotation, escape_data, escape_property, markdown_escape
from mapper.cli import main
from mapper.core.findings import Finding

REPO = Path(__file__).resolve().parents[2]
JOURNEYS = REPO / "journeys"
SARIF_SCHEMA = json.loads((REPO / "tests" / "vendor" / "sarif-schema-2.1.0.json").read_text())


def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], out, err)
    return code, out.getvalue(), err.getvalue()


def test_github_escaping_of_data_and_properties():
    assert escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    finding = Finding("dir/we,ird:name.yaml", 3, 5, "dead-end", "50%: a\nb", "warning")
    assert annotation(finding) == (
        "::warning file=dir/we%2Cird%3Aname.yaml,line=3,col=5,title=journeymap dead-end"
        "::50%25: a%0Ab")
    info = Finding("f.yaml", 1, 1, "unassessed", "x", "info")
    assert annotation(info).startswith("::notice ")


def test_check_github_annotations_and_step_summary(tmp_path, monkeypatch):
    summary = tmp_path / "summary.md"
    summary.write_text("# earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    code, out, err = run("check", "--format", "github", JOURNEYS / "hairdresser.yaml")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines and all(line.startswith("::warning file=") for line in lines)
    assert any("title=journeymap taken-for-granted::" in line for line in lines)
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("# earlier step\n## journeymap check")   # appended, not replaced
    assert "| warning |" in text and "taken-for-granted" in text


def test_check_github_for_a_broken_file(tmp_path):
    bad = REPO / "tests" / "bad" / "unknown-key.yaml"
    code, out, _ = run("check", "--format", "github", bad)
    assert code == 2
    assert out.startswith(f"::error file={shown(bad)},line=13,col=5,title=journeymap invalid::")


def test_markdown_escape_neutralises_tables_and_html():
    assert markdown_escape("a|b <script>") == "a&#124;b &#60;script&#62;"
    assert "\n" not in markdown_escape("two\nlines")


@pytest.mark.parametrize("paths", [[JOURNEYS], [REPO / "tests" / "bad" / "norway.yaml",
                                               JOURNEYS / "online-shop.yaml"]])
def test_sarif_validates_against_the_official_schema(paths):
    code, out, _ = run("check", "--format", "sarif", *paths)
    assert code in (0, 2)
    log = json.loads(out)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    run_ = log["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    assert {r["id"] for r in rules} >= {"no-complaint-channel", "unkept-promise", "unreachable",
                                       "dead-end", "missing-aspect", "double-standard",
                                       "taken-for-granted", "unassessed", "invalid"}
    assert all(r["help"]["text"] and r["shortDescription"]["text"] for r in rules)
    for result in run_["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1


def test_sarif_uri_of_a_cyrillic_path(tmp_path):
    folder = tmp_path / "карты"
    folder.mkdir()
    shutil.copy(JOURNEYS / "supermarket.yaml", folder / "магазин.yaml")
    _, out, _ = run("check", "--format", "sarif", folder)
    log = json.loads(out)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in log["runs"][0]["results"]}
    assert all("%D0" in uri for uri in uris)


# -- diff ---------------------------------------------------------------------

def _edited(tmp_path, name, old, new):
    text = (JOURNEYS / name).read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_diff_of_identical_files_is_empty():
    code, out, _ = run("diff", JOURNEYS / "online-shop.yaml", JOURNEYS / "online-shop.yaml",
                       "--fail-on-increase")
    assert (code, out) == (0, "no risk changes\n")


def test_diff_reports_a_riskier_courier(tmp_path):
    new = _edited(tmp_path, "online-shop.yaml", "likelihood: 0.08", "likelihood: 0.2")
    code, out, _ = run("diff", JOURNEYS / "online-shop.yaml", new, "--format", "json",
                       "--fail-on-increase")
    assert code == 1
    data = json.loads(out)
    assert data["risk_increased"] is True
    changed = {c["id"]: c for c in data["touchpoints"]}
    assert changed["courier"]["change"] == "changed"
    assert changed["courier"]["new_score"] > changed["courier"]["old_score"]
    lost = data["summary"]["online-shop"]["expected_lost"]
    assert lost["new"] > lost["old"] and lost["change"] > 0


def test_diff_the_other_way_is_a_fix(tmp_path):
    new = _edited(tmp_path, "online-shop.yaml", "likelihood: 0.08", "likelihood: 0.2")
    code, out, _ = run("diff", new, JOURNEYS / "online-shop.yaml", "--fail-on-increase")
    assert code == 0
    assert "~ online-shop/courier:" in out and "expected lost" in out


def test_diff_added_removed_touchpoints_and_findings(tmp_path):
    # removing the journey-level complaint channel makes new findings appear
    new = _edited(tmp_path, "hairdresser.yaml", "\ncomplaints:", "\n# complaints:")
    code, out, _ = run("diff", JOURNEYS / "hairdresser.yaml", new, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert any(f["rule"] == "no-complaint-channel" for f in data["new_findings"])
    markdown = run("diff", JOURNEYS / "hairdresser.yaml", new, "--format", "markdown")[1]
    assert markdown.startswith("## journeymap risk changes")
    assert "### New findings" in markdown


def test_diff_of_folders_matches_journeys_by_id(tmp_path):
    old = tmp_path / "old"
    shutil.copytree(JOURNEYS, old)
    new = tmp_path / "new"
    shutil.copytree(JOURNEYS, new)
    (new / "supermarket.yaml").unlink()
    (new / "shop.yaml").write_bytes((new / "online-shop.yaml").read_bytes())
    (new / "online-shop.yaml").unlink()  # renamed file, same journey id
    code, out, _ = run("diff", old, new, "--format", "json")
    data = json.loads(out)
    assert data["journeys_removed"] == ["supermarket"]
    assert data["journeys_added"] == []
    assert not [c for c in data["touchpoints"] if c["journey"] == "online-shop"]


def test_diff_needs_two_paths():
    code, _, err = run("diff", JOURNEYS / "online-shop.yaml")
    assert code == 2 and "give OLD and NEW" in err


def test_diff_git_against_a_revision(tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    (repo / "journeys").mkdir(parents=True)
    shutil.copy(JOURNEYS / "online-shop.yaml", repo / "journeys" / "online-shop.yaml")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    subprocess.run(git + ["add", "."], cwd=repo, check=True)
    subprocess.run(git + ["commit", "-qm", "base"], cwd=repo, check=True)
    path = repo / "journeys" / "online-shop.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "likelihood: 0.08", "likelihood: 0.2", 1), encoding="utf-8")
    monkeypatch.chdir(repo)
    code, out, _ = run("diff", "--git", "HEAD", "--fail-on-increase")
    assert code == 1
    assert "~ online-shop/courier:" in out
    code, _, err = run("diff", "--git", "no-such-rev")
    assert code == 2 and "unknown revision" in err
