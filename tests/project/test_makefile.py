"""The Makefile's two commands: a virtual environment, never the system Python;
the pinned constraints; the README's apt list; an empty test run fails."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import REPO

MAKEFILE = (REPO / "Makefile").read_text(encoding="utf-8")


#: the Makefile's settings (``NAME ?= ...``); a make running these tests (make
#: test-latest) hands its own to them through the environment
SETTINGS = set(re.findall(r"^(\w+) \?=", MAKEFILE, re.MULTILINE))


def make(*argv: str, **env: str) -> subprocess.CompletedProcess[str]:
    ignored = {"VIRTUAL_ENV", "MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES"} | SETTINGS
    environment = {k: v for k, v in os.environ.items() if k not in ignored}
    environment.update(env)
    return subprocess.run(["make", "--no-print-directory", "-C", str(REPO), *argv],
                          capture_output=True, text=True, env=environment, timeout=600)


def _variable(name: str) -> list[str]:
    match = re.search(rf"^{name} = (.*)$", MAKEFILE, re.MULTILINE)
    assert match, name
    words = match[1].split()
    return [w for word in words
            for w in (_variable("APT_SITE") if word == "$(APT_SITE)" else [word])]


def _pip_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if " pip install" in line]


def test_site_and_test_install_into_the_clone_venv_with_the_constraints(tmp_path):
    venv = tmp_path / "venv"
    for target in ("site", "test"):
        dry = make("-n", target, "PYTHON=/usr/bin/python3", f"VENV={venv}")
        assert dry.returncode == 0, dry.stderr
        assert f"/usr/bin/python3 -m venv --clear {venv}" in dry.stdout
        lines = _pip_lines(dry.stdout)
        assert lines, dry.stdout
        for line in lines:
            assert line.startswith(f"{venv}/bin/python -m pip install"), line
            assert f"--constraint {REPO}/constraints.txt" in line, line
        assert "/usr/bin/python3 -m pip" not in dry.stdout
    assert f"{venv}/bin/python -m mapper build journeys/ -o site/" in \
        make("-n", "site", f"VENV={venv}").stdout


def test_an_active_virtual_environment_is_used(tmp_path):
    active = tmp_path / "active"
    dry = make("-n", "test", VIRTUAL_ENV=str(active))
    assert dry.returncode == 0, dry.stderr
    assert all(line.startswith(f"{active}/bin/python -m pip install")
               for line in _pip_lines(dry.stdout)), dry.stdout
    assert ".venv/" not in dry.stdout


def test_test_latest_ignores_the_constraints_in_its_own_venv():
    dry = make("-n", "test-latest", VIRTUAL_ENV="/somewhere/else")
    assert dry.returncode == 0, dry.stderr
    lines = _pip_lines(dry.stdout)
    assert lines and all(line.startswith(".venv-latest/bin/python -m pip install --quiet "
                                         "--disable-pip-version-check --upgrade "
                                         "--upgrade-strategy eager") for line in lines), lines
    assert "--constraint" not in dry.stdout and "PIP_CONSTRAINT" not in dry.stdout
    assert ".venv-latest/bin/python -m pytest" in dry.stdout
    # variables given to a sub-make reach the recipes' environment, where pip
    # reads every PIP_* as its own setting
    submake = [line for line in dry.stdout.splitlines() if line.startswith("make ")]
    assert submake and not any(re.search(r"\bPIP_\w*=", line) for line in submake), submake


def test_no_tests_collected_fails():
    result = make("run-tests", f"PY={sys.executable}", "CONSTRAINTS=",
                  "PYTEST_ARGS=-q -p no:cacheprovider tests/model/test_schema.py -k no_such_test_here")
    assert result.returncode != 0
    assert "make test: pytest collected no tests" in result.stderr
    result = make("run-tests", f"PY={sys.executable}", "CONSTRAINTS=",
                  "PYTEST_ARGS=-q -p no:cacheprovider "
                  "tests/model/test_schema.py::test_schema_text_is_the_schema")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout


def test_the_readme_lists_the_makefile_apt_packages():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    match = re.search(r"apt-get install -y ([a-z0-9 .-]+)", readme)
    assert match, "the README names the apt-get command"
    assert sorted(match[1].split()) == sorted(_variable("APT_TEST"))


def test_ci_runs_the_readme_test_command():
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert script.rstrip().splitlines()[-1] == "make test"
    assert "make test" in (REPO / "README.md").read_text(encoding="utf-8")


def test_constraints_pin_exact_versions():
    lines = [line for line in (REPO / "constraints.txt").read_text(encoding="utf-8")
             .splitlines() if line.strip() and not line.startswith("#")]
    assert lines
    assert all(re.fullmatch(r"[A-Za-z0-9._-]+==[0-9][0-9A-Za-z.+-]*", line) for line in lines)
    names = [line.split("==")[0].lower().replace("_", "-") for line in lines]
    assert len(names) == len(set(names))
    assert Path(REPO / "constraints.txt").read_text(encoding="utf-8").endswith("\n")
