"""The configuration file: [tool.journeymap] in pyproject.toml, or journeymap.toml."""
from __future__ import annotations

import os
import shutil

import pytest

from conftest import JOURNEYS, MINIMAL, run_main, write
from mapper.config import find_config, load_config
from mapper.core.errors import JourneyError


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A scratch repository holding the example journeys; the working folder."""
    shutil.copytree(JOURNEYS, tmp_path / "journeys")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_fail_on_from_pyproject_makes_plain_check_fail(project):
    write(project, "pyproject.toml", '[project]\nname = "shop"\n\n'
                                     '[tool.journeymap]\nfail-on = "low"\n')
    result = run_main("check")
    assert result.code == 1, result.out + result.err
    assert ": fail-on: " in result.out
    assert run_main("check", "--no-config").code == 0


def test_command_line_wins_over_the_file(project):
    write(project, "pyproject.toml", '[tool.journeymap]\nfail-on = "low"\n')
    high = run_main("check", "--fail-on", "high")
    critical = run_main("check", "--fail-on", "critical")
    # the gate the command line names decides, exactly as without a file
    assert high.code == run_main("check", "--no-config", "--fail-on", "high").code
    assert critical.code == 0, critical.out
    assert ": fail-on: " not in critical.out
    assert high.code == (1 if ": fail-on: " in high.out else 0)


def test_strict_and_no_strict(project):
    write(project, "journeymap.toml", "strict = true\n")
    assert run_main("check").code == 1        # the examples have warnings
    assert run_main("check", "--no-strict").code == 0


def test_search_goes_up_from_a_subfolder(project, monkeypatch):
    write(project, "pyproject.toml", '[tool.journeymap]\npaths = ["journeys"]\n'
                                     'fail-on = "low"\n')
    (project / "docs" / "deep").mkdir(parents=True)
    monkeypatch.chdir(project / "docs" / "deep")
    result = run_main("check", "-v")
    assert result.code == 1
    # paths are relative to the file's folder; outside the working folder they are
    # shown relative to the journeys folder given
    assert "online-shop.yaml: ok" not in result.err
    assert result.out.splitlines()[0].startswith("electronics-store.yaml:")


def test_defaults_are_beside_the_file(project, monkeypatch):
    write(project, "pyproject.toml", '[tool.journeymap]\nfail-on = "critical"\n')
    (project / "docs").mkdir()
    monkeypatch.chdir(project / "docs")
    assert run_main("check", "-q").code == 0          # the project's journeys/
    built = run_main("build", "-q", "../journeys/online-shop.yaml")
    assert built.code == 0, built.err
    assert (project / "site" / "online-shop.html").is_file()   # the project's site/
    assert not (project / "docs" / "site").exists()
    assert run_main("check", "--no-config").code == 2   # docs/journeys does not exist


def test_pyproject_without_the_table_is_skipped(project):
    write(project, "pyproject.toml", '[project]\nname = "shop"\n')
    write(project, "sub/pyproject.toml", '[tool.black]\nline-length = 99\n')
    assert find_config(str(project / "sub")) is None
    write(project, "journeymap.toml", 'fail-on = "low"\n')
    assert find_config(str(project / "sub")) == str(project / "journeymap.toml")


def test_journeymap_toml_wins_over_pyproject_in_one_folder(project):
    write(project, "pyproject.toml", '[tool.journeymap]\nfail-on = "low"\n')
    write(project, "journeymap.toml", 'fail-on = "critical"\n')
    assert find_config(str(project)) == str(project / "journeymap.toml")
    assert run_main("check").code == 0


def test_unknown_keys_and_bad_values_are_located(project):
    write(project, "pyproject.toml", """\
        [project]
        name = "shop"

        [tool.journeymap]
        fail_on = "low"
        disable = ["unassesed",
                   "dead-end"]
        jobs = 0
        strict = "yes"
        "profile" = 3
        paths = ["journeys", "nope"]

        [tool.other]
        fail_on = 1
        """)
    result = run_main("check")
    assert result.code == 2
    assert result.out == ""
    assert result.err.splitlines() == [
        "pyproject.toml:5:1: unknown key 'fail_on' (did you mean 'fail-on'?); the keys are "
        "paths, out, catalog, profile, fail-on, disable, strict, jobs",
        "pyproject.toml:6:12: disable: unknown rule 'unassesed' (did you mean 'unassessed'?)",
        "pyproject.toml:8:8: jobs: must be a whole number of at least 1, not 0",
        "pyproject.toml:9:10: strict: must be true or false, not a string",
        "pyproject.toml:10:13: profile: must be a path (a string), not a number",
        "pyproject.toml:11:22: paths: 'nope' does not exist (relative to the configuration "
        "file's folder)",
    ]


def test_bad_level_and_toml_syntax(project):
    write(project, "journeymap.toml", 'fail-on = "hgh"\n')
    result = run_main("check")
    assert result.err == ("journeymap.toml:1:11: fail-on: 'hgh' is not a level (did you mean "
                          "'high'?); use one of low, medium, high, critical\n")
    assert result.code == 2
    write(project, "journeymap.toml", 'fail-on = "low"\njobs = = 2\n')
    result = run_main("check")
    assert result.code == 2
    assert result.err.startswith("journeymap.toml:2:8: TOML: Invalid value")


def test_sub_table_is_an_unknown_key(project):
    write(project, "pyproject.toml", '[tool.journeymap]\nstrict = false\n\n'
                                     '[tool.journeymap.rules]\nx = 1\n')
    with pytest.raises(JourneyError) as caught:
        load_config(str(project / "pyproject.toml"))
    assert [str(p) for p in caught.value.problems] == [
        "pyproject.toml:4:1: unknown key 'rules'; the keys are paths, out, catalog, profile, "
        "fail-on, disable, strict, jobs"]


def test_relative_paths_are_relative_to_the_file(project, monkeypatch):
    write(project, "config/journeymap.toml", 'paths = ["../journeys/online-shop.yaml"]\n'
                                             'out = "../public"\ndisable = "unkept-promise"\n')
    (project / "work").mkdir()
    monkeypatch.chdir(project / "work")
    result = run_main("build", "--config", "../config/journeymap.toml", "-q")
    assert result.code == 0, result.err
    assert (project / "public" / "online-shop.html").is_file()
    assert not (project / "work" / "site").exists()
    check = run_main("check", "--config", project / "config" / "journeymap.toml")
    assert check.code == 0
    assert "unkept-promise" not in check.out
    assert "1 file(s) checked" in check.err


def test_catalog_profile_and_jobs_from_the_file(project):
    write(project, "catalog/mine/desk.yaml", "name: Service desk\nchannel: in_person\n"
                                             "likelihood: 0.2\nseverity: 2\n"
                                             "rationale: a desk customers queue at\n")
    write(project, "profile.yaml", "levels: {medium: 20, high: 40, critical: 60}\n")
    write(project, "mine/j.yaml", MINIMAL.replace("    name: Website\n", "    use: mine/desk\n"))
    write(project, "journeymap.toml", 'paths = "mine"\ncatalog = ["catalog"]\n'
                                      'profile = "profile.yaml"\njobs = 2\n')
    result = run_main("check")
    assert result.code == 0, result.out + result.err
    assert "1 file(s) checked" in result.err
    built = run_main("build", "-q")
    assert built.code == 0, built.err
    assert (project / "site" / "tiny.html").is_file()
    write(project, "journeymap.toml", 'catalog = ["catalgo"]\nprofile = "profile.yml"\n')
    result = run_main("check")
    assert result.code == 2
    assert result.err.splitlines() == [
        "journeymap.toml:1:12: catalog: 'catalgo' does not exist (relative to the "
        "configuration file's folder)",
        "journeymap.toml:2:11: profile: 'profile.yml' is not a file (relative to the "
        "configuration file's folder)"]


def test_explicit_config_that_is_missing(project):
    result = run_main("check", "--config", "nowhere.toml")
    assert result.code == 2
    assert result.err == "nowhere.toml:1:1: configuration file not found\n"


def test_diff_ignores_paths_from_the_file(project):
    write(project, "journeymap.toml", 'paths = ["journeys/online-shop.yaml"]\n')
    old = project / "journeys" / "online-shop.yaml"
    result = run_main("diff", old, old)
    assert result.code == 0, result.err


def test_a_fifo_given_as_the_configuration_file_is_refused(tmp_path):
    fifo = tmp_path / "journeymap.toml"
    os.mkfifo(fifo)
    result = run_main("check", "--config", fifo, tmp_path)
    assert result.code == 2
    assert "not a regular file" in result.err and "Traceback" not in result.err
