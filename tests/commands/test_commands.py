"""The shape every command shares: imported explicitly, typed options, a light start-up."""
from __future__ import annotations

import argparse
import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import MINIMAL, REPO, write
from mapper import cli
from mapper.commands.options import options_from

COMMAND_FILES = sorted(p.stem for p in (REPO / "mapper" / "commands").glob("*.py")
                       if p.stem not in ("__init__", "options"))
HEAVY = ("networkx", "numpy", "scipy", "jinja2", "yaml")


def test_every_command_module_is_listed_once():
    modules = [command.__name__.rsplit(".", 1)[1] for command in cli.COMMANDS]  # type: ignore
    assert sorted(modules) == COMMAND_FILES
    names = [command.NAME for command in cli.COMMANDS]
    assert len(set(names)) == len(names)


@pytest.mark.parametrize("command", cli.COMMANDS, ids=lambda c: c.NAME)
def test_options_are_a_frozen_dataclass_of_the_parsers_options(command):
    parser = argparse.ArgumentParser()
    command.add_arguments(parser)
    dests = {action.dest for action in parser._actions} - {"help"}
    fields = {field.name for field in dataclasses.fields(command.Options)}
    # every option the parser has reaches the command, but the configuration file's own
    assert fields - {"stdin"} == dests - {"config", "no_config"}
    assert command.Options.__dataclass_params__.frozen


def test_options_from_the_command_line_with_the_configuration_applied(tmp_path, monkeypatch):
    from mapper.commands import build

    monkeypatch.chdir(tmp_path)
    (tmp_path / "journeymap.toml").write_text('fail-on = "high"\ndisable = ["dead-end"]\n',
                                              encoding="utf-8")
    parser = argparse.ArgumentParser()
    build.add_arguments(parser)
    options = options_from(build.Options, parser.parse_args(["--force"]))
    assert dataclasses.asdict(options) == dict(
        catalog=(), profile=None, disable=("dead-end",), paths=("journeys",), out="site",
        check=False, fail_on="high", force=True, wait=False, jobs=None, quiet=False,
        color="auto", verbose=False)
    with pytest.raises(dataclasses.FrozenInstanceError):
        options.force = False  # type: ignore[misc]


def _imported(*argv: str, cwd: Path = REPO) -> list[str]:
    code = ("import sys, io; from mapper.cli import main; "
            f"main({list(argv)!r}, stdout=io.StringIO(), stderr=io.StringIO()); "
            f"print(','.join(sorted(m for m in {HEAVY!r} if m in sys.modules)))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=cwd, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
    last = proc.stdout.splitlines()[-1]   # after what --help and --version print
    return last.split(",") if last else []


def test_help_and_version_import_no_heavy_module():
    assert _imported("--version") == []
    assert _imported("--help") == []
    assert _imported("build", "--help") == []


def test_check_of_a_small_journey_imports_only_what_it_needs(tmp_path):
    path = write(tmp_path, "tiny.yaml", MINIMAL)
    assert _imported("check", "-q", str(path), cwd=tmp_path) == ["networkx", "yaml"]
