"""A non-editable install builds the same files from another working folder.

Templates, message catalogs and the touchpoint catalog must all come from
inside the installed package (``importlib.resources``), not the source tree.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import venv
from pathlib import Path

import pytest

from conftest import JOURNEYS, REPO, outputs, run_main

pytestmark = pytest.mark.slow

IGNORED = shutil.ignore_patterns(
    ".git", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache", ".hypothesis",
    "site", ".venv", "node_modules", "tests", ".benchmarks")


def _run(argv, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    return subprocess.run([str(a) for a in argv], cwd=cwd, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=900)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in outputs(folder)}


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("build-install")
    source = root / "source"
    shutil.copytree(REPO, source, ignore=IGNORED, symlinks=True)
    env_dir = root / "venv"
    # the dependencies come from the running interpreter; journeymap itself is installed
    venv.EnvBuilder(system_site_packages=True, with_pip=True).create(env_dir)
    proc = _run([env_dir / "bin" / "python", "-m", "pip", "install", "--no-deps",
                 "--no-cache-dir", "--quiet", source], cwd=root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return env_dir


def test_installed_build_matches_the_source_tree(installed: Path, tmp_path: Path):
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(JOURNEYS, elsewhere / "journeys")
    proc = _run([installed / "bin" / "python", "-c",
                 "import mapper.report.resources as r; print(r._root())"], cwd=elsewhere)
    assert proc.returncode == 0, proc.stderr
    assert Path(proc.stdout.strip()).resolve().is_relative_to(installed.resolve())
    proc = _run([installed / "bin" / "journeymap", "build", "journeys", "-o", "site"],
                cwd=elsewhere)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    cwd = os.getcwd()
    os.chdir(elsewhere)
    try:
        assert run_main("build", "journeys", "-o", tmp_path / "reference", "-q").code == 0
    finally:
        os.chdir(cwd)
    assert snapshot(elsewhere / "site") == snapshot(tmp_path / "reference")
