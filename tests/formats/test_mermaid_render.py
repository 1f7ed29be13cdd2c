"""Mermaid exports render with real Mermaid (``@mermaid-js/mermaid-cli`` on Debian's Chromium).

mermaid-cli is installed from npm into ``tests/.cache/mermaid-cli`` (git-ignored)
the first time, with ``PUPPETEER_SKIP_DOWNLOAD=1``: puppeteer never downloads a
browser; ``mmdc`` drives the system Chromium through a puppeteer config
(``executablePath`` from ``which chromium``, ``--no-sandbox``).  Missing tools
are installed, never skipped.  ``python tests/formats/test_mermaid_render.py`` installs
them without running the tests (the Makefile's ``test-deps`` does that).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parents[1]
CACHE = HERE / ".cache" / "mermaid-cli"
MMDC = CACHE / "node_modules" / ".bin" / "mmdc"
#: the mermaid-cli release the tests were written against (Mermaid 11)
MERMAID_CLI = "@mermaid-js/mermaid-cli@11.12.0"


def install_mermaid_cli() -> Path:
    """``mmdc`` from the cache folder, installing mermaid-cli there if absent."""
    if MMDC.exists():
        return MMDC
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm is needed to install mermaid-cli for the Mermaid tests "
                           "(Debian: apt-get install -y npm)")
    CACHE.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, PUPPETEER_SKIP_DOWNLOAD="1", PUPPETEER_SKIP_CHROMIUM_DOWNLOAD="1")
    subprocess.run([npm, "install", "--prefix", str(CACHE), "--no-audit", "--no-fund",
                    "--no-save", "--loglevel=error", MERMAID_CLI],
                   check=True, env=env, stdin=subprocess.DEVNULL, timeout=900,
                   stdout=subprocess.DEVNULL)
    if not MMDC.exists():
        raise RuntimeError(f"npm installed {MERMAID_CLI} but {MMDC} is missing")
    return MMDC


def chromium() -> str:
    """Debian's Chromium, installed with apt-get if missing (as root)."""
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env, timeout=900)
        subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends",
                        "chromium"], check=True, env=env, timeout=1800)
        found = shutil.which("chromium")
        if found:
            return found
    raise RuntimeError("Chromium is needed for the Mermaid tests: apt-get install -y chromium")


@pytest.fixture(scope="session")
def mmdc(tmp_path_factory):
    try:
        executable = install_mermaid_cli()
        browser = chromium()
    except (RuntimeError, subprocess.SubprocessError, OSError) as exc:
        pytest.fail(f"cannot set up mermaid-cli: {exc}")
    config = tmp_path_factory.mktemp("puppeteer") / "puppeteer.json"
    config.write_text(json.dumps({"executablePath": browser, "args": ["--no-sandbox"]}),
                      encoding="utf-8")
    return executable, config


def render(mmdc, source: Path, output: Path) -> subprocess.CompletedProcess[str]:
    executable, config = mmdc
    return subprocess.run([str(executable), "--quiet", "-p", str(config), "-i", str(source),
                           "-o", str(output)], capture_output=True, text=True, timeout=180,
                          stdin=subprocess.DEVNULL)


if __name__ == "__main__":  # the Makefile's test-deps: install, quietly, only what is missing
    try:
        install_mermaid_cli()
        chromium()
    except (RuntimeError, subprocess.SubprocessError, OSError) as exc:
        print(f"test_mermaid_render: {exc}", file=sys.stderr)
        sys.exit(1)
    sys.exit(0)

from conftest import EXAMPLES, REPO, run_main  # noqa: E402 - not needed for the installer

HOSTILE = REPO / "tests" / "data" / "hostile-names.yaml"
SOURCES = [*EXAMPLES, HOSTILE]
FORMATS = ("mermaid", "mermaid-flowchart")


@pytest.mark.slow
def test_every_export_renders(mmdc, tmp_path):
    jobs = []
    for path in SOURCES:
        for fmt in FORMATS:
            source = tmp_path / f"{path.stem}.{fmt}.mmd"
            result = run_main("export", "--format", fmt, path, "-o", source)
            assert result.code == 0, result.err
            jobs.append((path, fmt, source, tmp_path / f"{path.stem}.{fmt}.svg"))
    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(lambda job: render(mmdc, job[2], job[3]), jobs))
    failures = [f"{job[0].name} {job[1]}:\n{res.stderr[-2000:]}"
                for job, res in zip(jobs, results) if res.returncode != 0]
    assert not failures, "\n\n".join(failures)
    for path, fmt, _, svg in jobs:
        text = svg.read_text(encoding="utf-8")
        assert text.lstrip().startswith("<svg") and "</svg>" in text, (path.name, fmt)
        assert "Syntax error" not in text


@pytest.mark.slow
def test_hostile_text_is_shown_as_text(mmdc, tmp_path):
    svgs = {}
    for fmt in FORMATS:
        source = tmp_path / f"{fmt}.mmd"
        assert run_main("export", "--format", fmt, HOSTILE, "-o", source).code == 0
        result = render(mmdc, source, tmp_path / f"{fmt}.svg")
        assert result.returncode == 0, result.stderr
        svgs[fmt] = (tmp_path / f"{fmt}.svg").read_text(encoding="utf-8").replace("\u200b", "")
    for text in svgs.values():
        assert "<img" not in text and "<b>" not in text  # text, never elements
        assert "starts with a tab" in text
    flowchart = svgs["mermaid-flowchart"]
    assert "&lt;img src=x onerror=alert(1)&gt;" in flowchart
    assert "&lt;b&gt;bold&lt;/b&gt;" in flowchart
    assert "Stage: one # two; three" in flowchart
    journey = svgs["mermaid"]
    assert "title page second line tab" in journey
    assert "section start % % here" in journey
    assert "\u2039img src=x onerror=alert(1)\u203a" in journey
    assert "\u2039b\u203abold\u2039/b\u203a" in journey
