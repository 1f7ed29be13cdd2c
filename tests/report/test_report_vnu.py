"""Every generated HTML page passes the Nu HTML Checker (vnu) with no errors.

The checker comes from npm (``vnu-jar``), installed on first use into
``tests/.cache/node_modules`` (git-ignored), and runs with Java; both are
set up by ``make test`` (see the Makefile's ``system-deps``).  Missing tools
fail the test: it is never skipped.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import EXAMPLES, REPO, run_main, write
from journey_helpers import hostile_text
from journey_helpers import synthetic_journey

pytestmark = pytest.mark.slow

CACHE = REPO / "tests" / ".cache"
JAR = CACHE / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def vnu_jar() -> Path:
    if not JAR.exists():
        npm = shutil.which("npm")
        assert npm, "npm is needed to fetch the Nu HTML Checker (vnu-jar); run make system-deps"
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run([npm, "install", "--no-save", "--no-audit", "--no-fund", "--prefix",
                        str(CACHE), "vnu-jar"], check=True, timeout=900,
                       capture_output=True)
    assert JAR.exists(), f"vnu-jar did not install {JAR}"
    return JAR


def test_generated_html_is_valid(tmp_path: Path):
    java = shutil.which("java")
    assert java, "Java is needed to run the Nu HTML Checker; run make system-deps"
    source = tmp_path / "in"
    source.mkdir()
    for path in EXAMPLES:
        shutil.copy(path, source / path.name)
    write(source, "hostile.yaml", hostile_text())
    (source / "large.yaml").write_text(synthetic_journey(70, journey_id="large"),
                                       encoding="utf-8")
    out = tmp_path / "site"
    result = run_main("build", source, "-o", out, "-q")
    assert result.code == 0, result.err
    pages = sorted(str(p) for p in out.glob("*.html"))
    assert len(pages) == len(EXAMPLES) + 3
    checked = subprocess.run([java, "-jar", str(vnu_jar()), "--errors-only", *pages],
                             capture_output=True, text=True, timeout=600)
    assert checked.returncode == 0 and not checked.stderr.strip(), checked.stderr[:4000]
