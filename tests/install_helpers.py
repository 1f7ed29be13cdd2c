"""Build journeymap's wheel and sdist from a copy of the repository, and install
the wheel (not editable) into a fresh virtual environment.

The copy holds the stray files a working clone has (a virtual environment,
built site, caches, bytecode) so that the contents checks can fail.  The
dependencies of the installed package come from the running interpreter: the
fresh environment gets a ``.pth`` file naming the running interpreter's
site-packages (``system_site_packages`` would name the *base* interpreter's,
which lacks them when the tests run inside ``.venv/``).
"""
from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import venv
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

#: left out of the copy: version control, and what would be slow to copy
IGNORED = shutil.ignore_patterns(".git", ".venv", ".venv-*", "node_modules", ".cache",
                                 "build", "dist", "*.egg-info")
#: stray files planted in the copy, none of which may reach a distribution
STRAY = (".venv/lib/python3/site-packages/stray.py", "site/index.html",
         "mapper/__pycache__/cli.cpython-311.pyc", "tests/.cache/node_modules/x/index.js",
         ".pytest_cache/README.md", ".hypothesis/examples/x", "tests/screenshots/x.png",
         "journeys/__pycache__/x.pyc")


@dataclass(frozen=True)
class Dists:
    wheel: Path
    sdist: Path


def run_clean(argv, cwd: Path, timeout: int = 900) -> subprocess.CompletedProcess[str]:
    """Run a command without the test run's PYTHONPATH/PYTHONHOME."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    return subprocess.run([str(a) for a in argv], cwd=cwd, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=timeout)


def source_copy(dest: Path) -> Path:
    shutil.copytree(REPO, dest, ignore=IGNORED, symlinks=True)
    for name in STRAY:
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        (dest / name).write_text("stray\n", encoding="utf-8")
    return dest


def build_dists(source: Path, out: Path) -> Dists:
    """``python -m build``: the sdist, then the wheel built from that sdist."""
    proc = run_clean([sys.executable, "-m", "build", "--outdir", out, source], cwd=out.parent)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    (wheel,) = out.glob("journeymap-*.whl")
    (sdist,) = out.glob("journeymap-*.tar.gz")
    return Dists(wheel, sdist)


def python_env(env_dir: Path) -> Path:
    """A virtual environment that sees the running interpreter's packages."""
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    purelib = run_clean([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                        cwd=env_dir).stdout.strip()
    (Path(purelib) / "_running_interpreter.pth").write_text(
        "".join(f"{path}\n" for path in site.getsitepackages()), encoding="utf-8")
    return python


@pytest.fixture(scope="session")
def dists(tmp_path_factory) -> Dists:
    root = tmp_path_factory.mktemp("dists")
    source = source_copy(root / "source")
    return build_dists(source, root / "dist")


@pytest.fixture(scope="session")
def installed(tmp_path_factory, dists: Dists) -> Path:
    """A venv with journeymap's wheel installed (not editable); its folder."""
    env_dir = tmp_path_factory.mktemp("install") / "venv"
    python = python_env(env_dir)
    # --ignore-installed: an editable journeymap of the running environment
    # is visible through the .pth file, and must be neither used nor removed
    proc = run_clean([python, "-m", "pip", "install", "--no-deps", "--no-cache-dir",
                      "--ignore-installed", "--quiet", dists.wheel], cwd=env_dir)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return env_dir
