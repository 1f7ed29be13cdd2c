"""The pre-commit hooks work in a real `pre-commit` run in a temporary git repository."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
GIT = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"]


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory):
    """A committed copy of this repository to install the hooks from."""
    copy = tmp_path_factory.mktemp("hooks") / "journeymap"
    shutil.copytree(REPO, copy, ignore=shutil.ignore_patterns(
        ".git", "site", "build", "*.egg-info", "__pycache__", ".pytest_cache", ".hypothesis",
        "node_modules", ".cache", "screenshots"))
    subprocess.run(["git", "init", "-q"], cwd=copy, check=True)
    subprocess.run(GIT + ["add", "."], cwd=copy, check=True)
    subprocess.run(GIT + ["commit", "-qm", "hooks"], cwd=copy, check=True)
    return copy


def _project(tmp_path, hook_repo, journey_text):
    project = tmp_path / "project"
    (project / "journeys").mkdir(parents=True)
    (project / "journeys" / "shop.yaml").write_text(journey_text, encoding="utf-8")
    rev = subprocess.run(["git", "rev-parse", "HEAD"], cwd=hook_repo, capture_output=True,
                         text=True, check=True).stdout.strip()
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hook_repo}\n    rev: {rev}\n    hooks:\n"
        "      - id: journeymap-check\n", encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    subprocess.run(GIT + ["add", "."], cwd=project, check=True)
    return project


def _pre_commit(project, home):
    env = dict(os.environ, PRE_COMMIT_HOME=str(home))
    return subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files"],
                          cwd=project, capture_output=True, text=True, env=env, timeout=900)


@pytest.mark.slow
def test_pre_commit_hook_passes_and_fails(tmp_path, hook_repo):
    good = (REPO / "journeys" / "online-shop.yaml").read_text(encoding="utf-8")
    home = tmp_path / "cache"
    project = _project(tmp_path, hook_repo, good)
    result = _pre_commit(project, home)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "journeymap check" in result.stdout and "Passed" in result.stdout

    (project / "journeys" / "shop.yaml").write_text(
        good.replace("    severity: 4\n", "    severty: 4\n", 1), encoding="utf-8")
    subprocess.run(GIT + ["add", "."], cwd=project, check=True)
    result = _pre_commit(project, home)
    assert result.returncode == 1
    assert "Failed" in result.stdout
    assert "unknown key 'severty' (did you mean 'severity'?)" in result.stdout
