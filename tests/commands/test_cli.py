"""The command line contract: exit codes, `check` output formats, defaults."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import BAD, JOURNEYS, MINIMAL, REPO, run_main, shown, write
from mapper import __version__


def test_check_examples_exit_0():
    result = run_main("check", JOURNEYS)
    assert result.code == 0, result.out + result.err
    assert ": invalid: " not in result.out
    assert "Traceback" not in result.err


def test_check_single_files():
    for path in sorted(JOURNEYS.glob("*.yaml")):
        result = run_main("check", path)
        assert result.code == 0, (path, result.out)


def test_check_json_shape():
    result = run_main("check", "--format", "json", JOURNEYS)
    assert result.code == 0
    data = json.loads(result.out)
    assert set(data) >= {"findings", "summary"}
    assert isinstance(data["findings"], list)
    summary = data["summary"]
    assert summary["files"] == 5
    for severity in ("error", "warning", "info"):
        assert isinstance(summary[severity], int)
        assert summary[severity] == sum(f["severity"] == severity for f in data["findings"])
    assert summary["error"] == 0
    for finding in data["findings"]:
        assert {"rule", "severity", "message", "file", "line", "column"} <= set(finding)


def test_check_json_for_a_bad_file():
    path = BAD / "unknown-key.yaml"
    result = run_main("check", "--format", "json", path)
    assert result.code == 2
    data = json.loads(result.out)
    assert data["findings"] == [{
        "file": shown(path), "line": 13, "column": 5, "rule": "invalid", "severity": "error",
        "message": "touchpoint 'site': unknown key 'severty' (did you mean 'severity'?)"}]
    summary = data["summary"]
    assert (summary["files"], summary["error"], summary["warning"], summary["info"]) == (
        1, 1, 0, 0)


def test_check_json_mixed_good_and_bad():
    result = run_main("check", "--format", "json", JOURNEYS, BAD / "nan.yaml",
                      BAD / "next-sum.yaml")
    assert result.code == 2
    data = json.loads(result.out)
    assert data["summary"]["files"] == 7
    invalid = [f for f in data["findings"] if f["rule"] == "invalid"]
    assert [(f["file"], f["line"], f["column"]) for f in invalid] == [
        (shown(BAD / "nan.yaml"), 12, 17), (shown(BAD / "next-sum.yaml"), 15, 5)]
    assert all(f["severity"] == "error" for f in invalid)


def test_check_json_is_utf8_text(tmp_path):
    path = write(tmp_path, "ru.yaml", MINIMAL.replace("severity: 2", "severity: сильно"))
    result = run_main("check", "--format", "json", path)
    assert result.code == 2
    assert "сильно" in result.out  # not \\u escapes
    assert json.loads(result.out)["findings"][0]["line"] == 11


def test_default_path_is_journeys(monkeypatch):
    monkeypatch.chdir(REPO)
    result = run_main("check")
    assert result.code == 0, result.out + result.err
    data = json.loads(run_main("check", "--format", "json").out)
    assert data["summary"]["files"] == 5


def test_default_path_missing(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    result = run_main("check")
    assert result.code == 2
    assert "journeys" in result.err
    assert result.out == ""


def test_missing_path_is_a_usage_error(tmp_path):
    missing = tmp_path / "nope.yaml"
    result = run_main("check", JOURNEYS, missing)
    assert result.code == 2
    assert f"{missing}: no such file or folder" in result.err
    assert "Traceback" not in result.err


def test_folder_without_journeys(tmp_path):
    (tmp_path / "notes.txt").write_text("not a journey\n", encoding="utf-8")
    result = run_main("check", tmp_path)
    assert result.code == 0
    assert "no journey files found" in result.err


def test_folders_are_searched_recursively_in_sorted_order(tmp_path):
    write(tmp_path, "b/z.yaml", MINIMAL.replace("journey: tiny", "journey: Z"))
    write(tmp_path, "a/y.yml", MINIMAL.replace("journey: tiny", "journey: Y"))
    write(tmp_path, ".hidden/x.yaml", "this: [is broken\n")
    write(tmp_path, "a/readme.md", "# not a journey\n")
    result = run_main("check", tmp_path)
    assert result.code == 2
    assert [line.split(":")[0] for line in result.lines] == [
        shown(tmp_path / "a" / "y.yml", tmp_path), shown(tmp_path / "b" / "z.yaml", tmp_path)]


def test_same_file_twice_is_checked_once():
    path = BAD / "nan.yaml"
    result = run_main("check", path, f"{BAD}/../bad/nan.yaml")
    assert result.code == 2
    assert len(result.lines) == 1


def test_help_exit_0(capsys):
    assert run_main("--help").code == 0
    assert "check" in capsys.readouterr().out
    assert run_main("check", "--help").code == 0
    assert "--format" in capsys.readouterr().out


def test_top_level_help_lists_every_command(capsys):
    from mapper.cli import COMMANDS

    assert run_main("--help").code == 0
    out = capsys.readouterr().out
    assert len(COMMANDS) == 12
    for command in COMMANDS:
        assert command.NAME in out and command.HELP in out


def test_help_before_a_command_still_lists_every_command(capsys):
    assert run_main("--help", "check").code == 0
    out = capsys.readouterr().out
    assert "build" in out and "schema" in out


def test_a_mistyped_command_names_the_choices():
    # only the named command's arguments are built; a typo still sees them all
    result = run_main("chek", "journeys")
    assert result.code == 2
    assert "invalid choice: 'chek'" in result.err and "'check'" in result.err


def test_no_command_prints_help_and_exits_2():
    result = run_main()
    assert result.code == 2
    assert "usage: journeymap" in result.out + result.err


@pytest.mark.parametrize("argv", [
    ["frobnicate"],
    ["check", "--format", "xml", str(JOURNEYS)],
    ["check", "--no-such-option"],
])
def test_usage_errors_exit_2(argv):
    result = run_main(*argv)
    assert result.code == 2
    assert result.err.startswith("journeymap")
    assert "Traceback" not in result.err


def test_version_in_process(capsys):
    assert run_main("--version").code == 0
    assert capsys.readouterr().out.strip() == f"journeymap {__version__}"


def test_python_m_mapper_version():
    proc = subprocess.run([sys.executable, "-m", "mapper", "--version"], cwd=REPO,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"journeymap {__version__}"


def test_python_m_mapper_check_text_format():
    proc = subprocess.run([sys.executable, "-m", "mapper", "check", "tests/bad/norway.yaml"],
                          cwd=REPO, capture_output=True, text=True, encoding="utf-8",
                          timeout=60)
    assert proc.returncode == 2
    assert proc.stdout == (
        "tests/bad/norway.yaml:3:11: invalid: language must be one of en, ru, bg; got false; "
        "YAML 1.1 reads an unquoted no as False — write 'no' in quotes\n")
    assert "Traceback" not in proc.stderr


def test_schema_command_prints_json():
    result = run_main("schema")
    assert result.code == 0
    schema = json.loads(result.out)
    assert schema["title"] == "journeymap journey"
