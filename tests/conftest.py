"""Shared paths and helpers for the journeymap test suite."""
from __future__ import annotations

import io
import os
import resource
import subprocess
import sys
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

import pytest
from hypothesis import HealthCheck, settings

# the machines that run the suite are shared: a slow moment is not a failure
# (no test asserts on time; speed is measured by bench/)
settings.register_profile("shared-machine", deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("shared-machine")

from install_helpers import dists, installed  # noqa: F401 - session fixtures
from mapper.cli import main

#: the repository root (computed from this file, never hard-coded)
REPO = Path(__file__).resolve().parents[1]
JOURNEYS = REPO / "journeys"
BAD = REPO / "tests" / "bad"
EXAMPLES = sorted(JOURNEYS.glob("*.yaml"))

#: limits for the hostile-input subprocesses (issue: every hostile input is
#: rejected within 5 s of CPU and 200 MB): a rejected file never imports the
#: scientific stack, so 200 MB of address space is plenty for it and far too
#: small for an alias bomb or runaway nesting
MEMORY_LIMIT = 200 * 1024 * 1024
CPU_SECONDS = 5
#: a valid journey is scored with numpy/scipy, which need ~300 MB of address
#: space with one BLAS thread
NORMAL_MEMORY_LIMIT = 768 * 1024 * 1024
NORMAL_CPU_SECONDS = 20

#: a small valid journey the unit tests start from
MINIMAL = """\
journey: tiny
stages:
  - {id: buy, aspect: sales}
  - {id: help, aspect: complaint}
touchpoints:
  site:
    name: Website
    stage: buy
    channel: web
    likelihood: 0.1
    severity: 2
    complaints: hotline
    next: {done: 0.5}
  hotline:
    stage: help
    channel: phone
    kind: complaint_channel
    resolution: {rate: 0.7, hours: 24}
  done:
    outcome: loyal
"""


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return self.out.splitlines()


def run_main(*argv: str | os.PathLike[str]) -> Result:
    """Run the CLI in-process and capture what it prints."""
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], out, err)
    return Result(code, out.getvalue(), err.getvalue())


@pytest.fixture
def run():
    return run_main


def shown(path: str | os.PathLike[str], root: str | os.PathLike[str] | None = None,
          cwd: str | os.PathLike[str] | None = None) -> str:
    """How the command line names ``path`` in messages and outputs (relative to the
    working folder ``cwd``, else to ``root``: the folder given, or the file itself)."""
    from mapper.core.paths import shown_path

    return shown_path(os.fspath(path), os.fspath(root) if root is not None else None,
                      os.fspath(cwd) if cwd is not None else None)


def write(folder: Path, name: str, text: str) -> Path:
    """Write a (dedented) file below ``folder``, creating folders as needed."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def _limits(memory: int, cpu: int) -> Any:
    def apply() -> None:  # runs in the child before exec
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    return apply


def limited_env() -> dict[str, str]:
    env = dict(os.environ)
    # one BLAS/OpenMP thread: keeps the address space of the scientific stack
    # the same on a 2-core laptop and a 64-core CI runner
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env[name] = "1"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env.pop("PYTHONWARNINGS", None)
    return env


def _command(argv: Sequence[str | os.PathLike[str]]) -> list[str]:
    return [sys.executable, "-m", "mapper", *map(str, argv)]


def run_limited_many(argvs: Sequence[Sequence[str | os.PathLike[str]]], cwd: Path = REPO,
                     timeout: float = 120, jobs: int | None = None,
                     memory: int = MEMORY_LIMIT,
                     cpu: int = CPU_SECONDS) -> list[subprocess.CompletedProcess[str]]:
    """Run ``python -m mapper ARGV`` for each ARGV under memory and CPU-time limits.

    Several run at once.  Every child is started from this thread, with its
    output going to files, so ``preexec_fn`` never runs while other threads
    exist (the subprocess documentation warns against that).
    """
    jobs = jobs or max(4, 2 * (os.cpu_count() or 2))
    results: list[subprocess.CompletedProcess[str] | None] = [None] * len(argvs)
    pending = list(enumerate(argvs))
    running: list[tuple[int, list[str], subprocess.Popen, Any, Any]] = []
    with tempfile.TemporaryDirectory() as scratch:
        try:
            while pending or running:
                while pending and len(running) < jobs:
                    index, argv = pending.pop(0)
                    out = open(os.path.join(scratch, f"{index}.out"), "w+b")
                    err = open(os.path.join(scratch, f"{index}.err"), "w+b")
                    command = _command(argv)
                    proc = subprocess.Popen(command, cwd=cwd, env=limited_env(),
                                            preexec_fn=_limits(memory, cpu),
                                            stdin=subprocess.DEVNULL,
                                            stdout=out, stderr=err)
                    running.append((index, command, proc, out, err))
                index, command, proc, out, err = running.pop(0)
                code = proc.wait(timeout=timeout)
                texts = []
                for handle in (out, err):
                    handle.seek(0)
                    texts.append(handle.read().decode("utf-8", errors="replace"))
                    handle.close()
                results[index] = subprocess.CompletedProcess(command, code, *texts)
        finally:
            for _, _, proc, out, err in running:
                proc.kill()
                proc.wait()
                out.close()
                err.close()
    return results  # type: ignore[return-value]


def run_limited(argv: Sequence[str | os.PathLike[str]], cwd: Path = REPO,
                timeout: float = 120, memory: int = MEMORY_LIMIT,
                cpu: int = CPU_SECONDS) -> subprocess.CompletedProcess[str]:
    """Run ``python -m mapper ARGV`` under memory and CPU-time limits."""
    return run_limited_many([argv], cwd=cwd, timeout=timeout, memory=memory, cpu=cpu)[0]


def build_examples(out: Path) -> Path:
    """``journeymap build journeys -o OUT`` run from the repository, as a user would."""
    cwd = os.getcwd()
    os.chdir(REPO)
    try:
        result = run_main("build", "journeys", "-o", out, "-q")
    finally:
        os.chdir(cwd)
    assert result.code == 0, result.err
    return out


def outputs(folder: Path) -> list[Path]:
    """The output files of a build (the hidden build manifest is bookkeeping, not output)."""
    return [p for p in sorted(folder.iterdir()) if not p.name.startswith(".")]


def readme_api_example(folder: Path) -> Path:
    """The README's Python API example as a script in ``folder``, reading the
    repository's journeys (the example names them relative to a clone)."""
    import json
    import re

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Python API\n.*?```python\n(.*?)```", readme, re.S)
    assert block, "the README has a Python API example"
    code = block.group(1)
    assert 'mapper.load("journeys/online-shop.yaml")' in code
    script = folder / "example.py"
    journeys = json.dumps(str(REPO / "journeys"))[:-1]  # a string literal, unterminated
    script.write_text(code.replace('"journeys', journeys), encoding="utf-8")
    return script


def check_readme_api_example(result: subprocess.CompletedProcess[str], folder: Path) -> None:
    """What the README's example prints and writes, run in ``folder``."""
    assert result.returncode == 0, result.stderr
    assert "customers lost" in result.stdout
    assert "broken.yaml:1:1: missing required key 'touchpoints'" in result.stdout
    assert sorted(p.name for p in (folder / "out").iterdir()) == [
        "online-shop.dot", "online-shop.html", "online-shop.json", "online-shop.svg"]
