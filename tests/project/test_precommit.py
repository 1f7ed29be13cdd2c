"""The pre-commit hooks work in real `pre-commit` runs in a temporary git
repository that, like a real one, also holds YAML files that are not journeys."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from install_helpers import IGNORED

REPO = Path(__file__).resolve().parents[2]
GIT = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"]
GOOD = (REPO / "journeys" / "online-shop.yaml").read_text(encoding="utf-8")
#: YAML a repository holds beside its journeys; none of it is a journey
OTHER_YAML = {
    ".github/workflows/ci.yml": "name: ci\non: [push]\njobs:\n  test:\n"
                                "    runs-on: ubuntu-latest\n    steps:\n"
                                "      - uses: actions/checkout@v4\n",
    "mkdocs.yml": "site_name: Our journeys\nnav:\n  - Home: index.md\n",
    "docker-compose.yml": "services:\n  web:\n    image: nginx:1.27\n"
                          "    ports: [\"8080:80\"]\n",
    "touchpoints/custom/kiosk.yaml": "name: Kiosk\nchannel: in_person\n",
}


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory):
    """A committed copy of this repository to install the hooks from."""
    copy = tmp_path_factory.mktemp("hooks") / "journeymap"
    shutil.copytree(REPO, copy, ignore=IGNORED, symlinks=True)
    for stray in ("site", "tests", ".pytest_cache", ".hypothesis"):
        shutil.rmtree(copy / stray, ignore_errors=True)
    subprocess.run(["git", "init", "-q"], cwd=copy, check=True)
    subprocess.run(GIT + ["add", "."], cwd=copy, check=True)
    subprocess.run(GIT + ["commit", "-qm", "hooks"], cwd=copy, check=True)
    return copy


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    """pre-commit's cache, shared by the runs of this module (one hook venv)."""
    return tmp_path_factory.mktemp("pre-commit-home")


def _project(tmp_path, journey_text, config: str | None = None) -> Path:
    project = tmp_path / "project"
    files = {"journeys/shop.yaml": journey_text, **OTHER_YAML}
    if config is not None:
        files[".pre-commit-config.yaml"] = config
    for name, text in files.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text, encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    subprocess.run(GIT + ["add", "."], cwd=project, check=True)
    return project


def _pre_commit(project, home, *argv):
    env = dict(os.environ, PRE_COMMIT_HOME=str(home))
    return subprocess.run([sys.executable, "-m", "pre_commit", *argv],
                          cwd=project, capture_output=True, text=True, env=env, timeout=900)


def _break(project):
    (project / "journeys" / "shop.yaml").write_text(
        GOOD.replace("    severity: 4\n", "    severty: 4\n", 1), encoding="utf-8")
    subprocess.run(GIT + ["add", "."], cwd=project, check=True)


def test_the_hooks_look_at_journey_files_only():
    hooks = {hook["id"]: hook for hook in yaml.safe_load(
        (REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert hooks["journeymap-check"]["files"] == "^journeys/"
    assert hooks["journeymap-check"]["types"] == ["yaml"]


@pytest.mark.slow
def test_try_repo_passes_beside_other_yaml_and_fails_on_an_error(tmp_path, hook_repo, home):
    project = _project(tmp_path, GOOD)
    result = _pre_commit(project, home, "try-repo", hook_repo, "journeymap-check",
                         "--all-files")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "journeymap check" in result.stdout and "Passed" in result.stdout
    _break(project)
    result = _pre_commit(project, home, "try-repo", hook_repo, "journeymap-check",
                         "--all-files")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Failed" in result.stdout
    assert "journeys/shop.yaml:" in result.stdout
    assert "unknown key 'severty' (did you mean 'severity'?)" in result.stdout
    for name in OTHER_YAML:  # never passed to the hook
        assert name not in result.stdout


@pytest.mark.slow
def test_configured_hook_with_files_and_args(tmp_path, hook_repo, home):
    """A pinned rev; `files:` widens the hook to another folder, `args:` adds options."""
    rev = subprocess.run(["git", "rev-parse", "HEAD"], cwd=hook_repo, capture_output=True,
                         text=True, check=True).stdout.strip()
    config = (f"repos:\n  - repo: {hook_repo}\n    rev: {rev}\n    hooks:\n"
              "      - id: journeymap-check\n        files: ^(journeys|maps)/\n"
              "        args: [--fail-on, critical]\n")
    project = _project(tmp_path, GOOD, config)
    (project / "maps").mkdir()
    (project / "maps" / "second.yaml").write_text(GOOD.replace(
        "journey: online-shop", "journey: second-shop"), encoding="utf-8")
    subprocess.run(GIT + ["add", "."], cwd=project, check=True)
    result = _pre_commit(project, home, "run", "--all-files")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Passed" in result.stdout
    (project / "maps" / "second.yaml").write_text(GOOD.replace(
        "journey: online-shop", "journey: 2nd shop"), encoding="utf-8")
    subprocess.run(GIT + ["add", "."], cwd=project, check=True)
    result = _pre_commit(project, home, "run", "--all-files")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "maps/second.yaml:" in result.stdout


def test_the_readme_pins_the_release_tag():
    """Releases are tagged "v" + the version; the README's rev names that tag."""
    from mapper import __version__
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    revs = set(re.findall(r"rev: (\S+)", readme)) | set(re.findall(r"journeymap@(\S+)", readme))
    assert revs == {f"v{__version__}"}, revs
