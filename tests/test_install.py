"""A non-editable install works from an unrelated folder (catalog and templates
ship inside the package).

Slow (it builds the package), but it runs in CI like every other test.  The
repository is copied first, so building never writes ``build/`` or
``*.egg-info`` into the working tree.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import venv
from pathlib import Path

import pytest

from conftest import JOURNEYS, MINIMAL, REPO, write

pytestmark = pytest.mark.slow

IGNORED = shutil.ignore_patterns(
    ".git", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache", ".hypothesis",
    "site", ".venv", "node_modules", "tests")


def _run(argv, cwd: Path, **kwargs) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    return subprocess.run([str(a) for a in argv], cwd=cwd, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=600, **kwargs)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A venv with journeymap installed (not editable) from a copy of the repository."""
    root = tmp_path_factory.mktemp("install")
    source = root / "source"
    shutil.copytree(REPO, source, ignore=IGNORED, symlinks=True)
    env_dir = root / "venv"
    # the dependencies (PyYAML, networkx, ...) come from the running interpreter
    venv.EnvBuilder(system_site_packages=True, with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    proc = _run([python, "-m", "pip", "install", "--no-deps", "--no-cache-dir", "--quiet",
                 str(source)], cwd=root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return env_dir


@pytest.fixture
def elsewhere(tmp_path) -> Path:
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    return folder


def test_the_installed_package_is_used(installed, elsewhere):
    code = ("import mapper, mapper.load.catalog as c; print(mapper.__file__); "
            "print(c.builtin_catalog_dir())")
    proc = _run([installed / "bin" / "python", "-c", code], cwd=elsewhere)
    assert proc.returncode == 0, proc.stderr
    module, catalog = proc.stdout.splitlines()
    assert Path(module).resolve().is_relative_to(installed.resolve()), module
    assert Path(catalog).resolve().is_relative_to(installed.resolve()), catalog
    assert (Path(catalog) / "retail" / "online-checkout.yaml").is_file()
    assert not Path(catalog).resolve().is_relative_to(REPO.resolve())


def test_installed_check_of_the_examples(installed, elsewhere):
    proc = _run([installed / "bin" / "journeymap", "check", JOURNEYS], cwd=elsewhere)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_installed_schema(installed, elsewhere):
    proc = _run([installed / "bin" / "journeymap", "schema"], cwd=elsewhere)
    assert proc.returncode == 0, proc.stderr
    schema = json.loads(proc.stdout)
    assert proc.stdout == (REPO / "journey.schema.json").read_text(encoding="utf-8")
    assert schema["$schema"].endswith("2020-12/schema")


def test_installed_catalog_is_found(installed, elsewhere):
    path = write(elsewhere, "j.yaml", MINIMAL.replace("    name: Website\n",
                                                      "    use: retail/online-checkout\n"))
    code = ("import sys; from mapper.workspace import load_journey; "
            "print(load_journey(sys.argv[1]).touchpoints['site'].name)")
    proc = _run([installed / "bin" / "python", "-c", code, path], cwd=elsewhere)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "Web store checkout"
    proc = _run([installed / "bin" / "journeymap", "check", path], cwd=elsewhere)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    proc = _run([installed / "bin" / "journeymap", "check", "--format", "json", path],
                cwd=elsewhere)
    assert json.loads(proc.stdout)["summary"]["error"] == 0


def test_installed_templates_package(installed, elsewhere):
    code = ("import importlib.resources as r, pathlib; "
            "print(pathlib.Path(str(r.files('mapper.templates'))))")
    proc = _run([installed / "bin" / "python", "-c", code], cwd=elsewhere)
    assert proc.returncode == 0, proc.stderr
    assert Path(proc.stdout.strip()).resolve().is_relative_to(installed.resolve())


def test_installed_python_m_mapper(installed, elsewhere):
    proc = _run([installed / "bin" / "python", "-m", "mapper", "check",
                 REPO / "tests" / "bad" / "use-unknown.yaml"], cwd=elsewhere)
    assert proc.returncode == 2
    assert "did you mean 'online/website'?" in proc.stdout
    assert "Traceback" not in proc.stderr
