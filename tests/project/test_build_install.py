"""A non-editable install builds the same files from another working folder.

Templates, message catalogs and the touchpoint catalog must all come from
inside the installed package (``importlib.resources``), not the source tree.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import JOURNEYS, outputs, run_main
from install_helpers import run_clean

pytestmark = pytest.mark.slow


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in outputs(folder)}


def test_installed_build_matches_the_source_tree(installed: Path, tmp_path: Path):
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(JOURNEYS, elsewhere / "journeys")
    proc = run_clean([installed / "bin" / "python", "-c",
                      "import mapper.core.resources as r; print(r.data_folder())"], cwd=elsewhere)
    assert proc.returncode == 0, proc.stderr
    assert Path(proc.stdout.strip()).resolve().is_relative_to(installed.resolve())
    proc = run_clean([installed / "bin" / "journeymap", "build", "journeys", "-o", "site"],
                     cwd=elsewhere)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    cwd = os.getcwd()
    os.chdir(elsewhere)
    try:
        assert run_main("build", "journeys", "-o", tmp_path / "reference", "-q").code == 0
    finally:
        os.chdir(cwd)
    assert snapshot(elsewhere / "site") == snapshot(tmp_path / "reference")
