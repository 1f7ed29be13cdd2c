"""The composite action (action.yml), replayed step by step as a runner would.

Each step's ``run:`` script is taken from action.yml and run with
``bash --noprofile --norc -eo pipefail`` (the runner's ``shell: bash``), with
the environment a runner gives it: the step's ``env:`` with the ``${{ }}``
expressions action.yml uses filled in (inputs, ``runner.temp``,
``github.action_path``, earlier steps' outputs), and ``GITHUB_STEP_SUMMARY``,
``GITHUB_OUTPUT``, ``GITHUB_ENV``, ``GITHUB_PATH``, ``GITHUB_ACTION_PATH`` and
``RUNNER_TEMP`` pointing into a temporary folder.  A step without ``if:`` is
skipped after a failed step, as on GitHub.

The "Install journeymap" step is replayed for real once (a virtual
environment in ``RUNNER_TEMP``, pip with constraints.txt, from a copy of this
repository as the action's folder); the scenarios then reuse that
environment and replay every other step.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from conftest import REPO
from install_helpers import source_copy

pytestmark = pytest.mark.slow

ACTION = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
STEPS = ACTION["runs"]["steps"]
EXPRESSION = re.compile(r"\$\{\{\s*([^}]*?)\s*\}\}")
GIT = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"]
INSTALL = "Install journeymap"


@dataclass
class Replay:
    code: int
    steps: dict[str, str] = field(default_factory=dict)   # name -> ran | skipped | failed
    stdout: str = ""
    summary: str = ""


def _value(expression: str, inputs: dict[str, str], context: dict[str, str],
           outputs: dict[str, dict[str, str]]) -> str:
    if expression.startswith("inputs."):
        return inputs[expression[len("inputs."):]]
    if expression in context:
        return context[expression]
    match = re.fullmatch(r"steps\.([\w-]+)\.outputs\.([\w-]+)", expression)
    if match:
        return outputs.get(match[1], {}).get(match[2], "")
    raise AssertionError(f"action.yml uses an expression the replay does not know: {expression}")


def _read_pairs(path: Path) -> dict[str, str]:
    pairs = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        assert "<<" not in line, "multi-line values are not replayed"
        key, _, value = line.partition("=")
        pairs[key] = value
    return pairs


def replay(workspace: Path, runner: Path, action_path: Path, inputs: dict[str, str],
           skip: tuple[str, ...] = ()) -> Replay:
    values = {name: str(spec.get("default", "")) for name, spec in ACTION["inputs"].items()}
    unknown = set(inputs) - set(values)
    assert not unknown, f"not inputs of action.yml: {unknown}"
    values.update(inputs)
    context = {"runner.temp": str(runner), "github.action_path": str(action_path)}
    files = runner / "files"
    files.mkdir(parents=True, exist_ok=True)
    summary = files / "step_summary.md"
    summary.write_text("", encoding="utf-8")
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV") and not k.startswith("GITHUB_")}
    env.update(CI="true", GITHUB_ACTIONS="true", RUNNER_TEMP=str(runner),
               GITHUB_WORKSPACE=str(workspace), GITHUB_ACTION_PATH=str(action_path),
               GITHUB_STEP_SUMMARY=str(summary))
    outputs: dict[str, dict[str, str]] = {}
    result = Replay(0)
    failed = False
    for number, step in enumerate(STEPS):
        name = step["name"]
        condition = step.get("if")
        assert condition in (None, "always()"), f"{name}: if: {condition} is not replayed"
        if name in skip or (failed and condition is None):
            result.steps[name] = "skipped"
            continue
        assert step["shell"] == "bash"
        assert "${{" not in step["run"], f"{name}: expressions inside a script (injection)"
        step_env = dict(env)
        for key, raw in step.get("env", {}).items():
            step_env[key] = EXPRESSION.sub(
                lambda m: _value(m[1], values, context, outputs), str(raw))
        for kind in ("OUTPUT", "ENV", "PATH"):
            path = files / f"{kind.lower()}-{number}"
            path.write_text("", encoding="utf-8")
            step_env[f"GITHUB_{kind}"] = str(path)
        script = files / f"step-{number}.sh"
        script.write_text(step["run"], encoding="utf-8")
        proc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
                              cwd=workspace, env=step_env, capture_output=True, text=True,
                              timeout=1200)
        result.stdout += proc.stdout + proc.stderr
        if step.get("id"):
            outputs[step["id"]] = _read_pairs(files / f"output-{number}")
        env.update(_read_pairs(files / f"env-{number}"))
        for folder in (files / f"path-{number}").read_text(encoding="utf-8").split():
            env["PATH"] = folder + os.pathsep + env["PATH"]
        result.steps[name] = "ran" if proc.returncode == 0 else "failed"
        if proc.returncode != 0:
            failed = True
            result.code = result.code or proc.returncode
    result.summary = summary.read_text(encoding="utf-8")
    return result


@pytest.fixture(scope="module")
def action(tmp_path_factory) -> tuple[Path, Path]:
    """The action's folder (a copy of this repository) and a RUNNER_TEMP in which
    the "Install journeymap" step has run."""
    root = tmp_path_factory.mktemp("action")
    action_path = source_copy(root / "journeymap")
    runner = root / "runner"
    runner.mkdir()
    empty = root / "empty-workspace"
    empty.mkdir()
    only_install = tuple(step["name"] for step in STEPS if step["name"] != INSTALL)
    result = replay(empty, runner, action_path, {}, skip=only_install)
    assert result.steps[INSTALL] == "ran", result.stdout
    journeymap = runner / "journeymap-venv" / "bin" / "journeymap"
    assert journeymap.is_file(), result.stdout
    # installed from the action's folder, not from this checkout
    proc = subprocess.run([str(runner / "journeymap-venv" / "bin" / "python"), "-c",
                           "import mapper; print(mapper.__file__)"], capture_output=True,
                          text=True, cwd=empty, env={"PATH": os.environ["PATH"]})
    assert Path(proc.stdout.strip()).is_relative_to(runner / "journeymap-venv"), proc.stderr
    return action_path, runner


@pytest.fixture
def workspace(tmp_path) -> tuple[Path, str]:
    """A repository whose journey needs a user catalog; its base commit; then a
    working-tree change that raises a risk."""
    repo = tmp_path / "repo"
    (repo / "journeys").mkdir(parents=True)
    (repo / "catalog" / "acme").mkdir(parents=True)
    shutil.copy(REPO / "touchpoints" / "online" / "search-ad.yaml",
                repo / "catalog" / "acme" / "banner.yaml")
    shutil.copy(REPO / "mapper" / "risk" / "profile.yaml", repo / "profile.yaml")
    text = (REPO / "journeys" / "online-shop.yaml").read_text(encoding="utf-8")
    assert "use: online/search-ad" in text
    journey = repo / "journeys" / "online-shop.yaml"
    journey.write_text(text.replace("use: online/search-ad", "use: acme/banner"),
                       encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    subprocess.run(GIT + ["add", "."], cwd=repo, check=True)
    subprocess.run(GIT + ["commit", "-qm", "base"], cwd=repo, check=True)
    base = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True,
                          text=True, check=True).stdout.strip()
    changed = re.sub(r"likelihood: 0\.\d+", "likelihood: 0.45",
                     journey.read_text(encoding="utf-8"), count=1)
    assert changed != journey.read_text(encoding="utf-8")
    journey.write_text(changed, encoding="utf-8")
    return repo, base


def _inputs(base: str, **more: str) -> dict[str, str]:
    return {"paths": "journeys", "catalog": "catalog", "profile": "profile.yaml",
            "base": base, "sarif": "reports/journeymap.sarif", **more}


def test_the_action_checks_builds_and_diffs(action, workspace):
    action_path, runner = action
    repo, base = workspace
    result = replay(repo, runner, action_path, _inputs(base), skip=(INSTALL,))
    assert result.code == 0, result.stdout
    assert set(result.steps.values()) == {"ran", "skipped"}
    assert (repo / "site" / "online-shop.html").is_file()
    assert (repo / "site" / "index.html").is_file()
    sarif = json.loads((repo / "reports" / "journeymap.sarif").read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0"
    # the check's summary, then the risk diff: the raised likelihood shows
    assert result.summary.index("## journeymap check") < \
        result.summary.index("## journeymap risk changes"), result.summary
    assert "online-shop" in result.summary.split("## journeymap risk changes")[1]
    assert "::error" not in result.stdout


def test_a_failed_gate_still_builds_and_diffs_then_fails(action, workspace):
    action_path, runner = action
    repo, base = workspace
    result = replay(repo, runner, action_path, _inputs(base, **{"fail-on": "low"}),
                    skip=(INSTALL,))
    assert result.code == 1, result.stdout
    assert [result.steps[name] for name in ("Check", "Build", "Risk diff", "Result")] == \
        ["ran", "ran", "ran", "failed"]
    assert "::error title=journeymap::journeymap check failed (exit 1)" in result.stdout
    assert (repo / "site" / "online-shop.html").is_file()
    assert "online-shop" in result.summary.split("## journeymap risk changes")[1]
    sarif = json.loads((repo / "reports" / "journeymap.sarif").read_text(encoding="utf-8"))
    assert sarif["runs"][0]["results"], "the gate's finding is in the SARIF file"


def test_the_catalog_input_is_used(action, workspace):
    """Without the catalog input, the journey's `use: acme/banner` cannot be found."""
    action_path, runner = action
    repo, base = workspace
    result = replay(repo, runner, action_path, _inputs(base, catalog=""), skip=(INSTALL,))
    assert result.code == 2, result.stdout
    assert "acme/banner" in result.stdout
    assert "::error title=journeymap::journeymap check failed (exit 2)" in result.stdout


def test_every_script_reads_inputs_from_the_environment():
    for step in STEPS:
        assert "${{" not in step["run"], step["name"]
        assert step.get("if") in (None, "always()"), step["name"]
