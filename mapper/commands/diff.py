"""`journeymap diff OLD NEW` (files or folders) or `diff --git REV [PATHS]`."""
from __future__ import annotations

import argparse
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Optional, Sequence, TextIO

from ..core.errors import UsageError
from .options import RiskOptions, add_risk_options

if TYPE_CHECKING:
    from ..loader.catalog import Catalog

NAME = "diff"
HELP = "risk changes between two versions"
DESCRIPTION = ("Risk changes between two journey files or folders, or the working tree "
               "against a git revision.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    # ``files``, not ``paths``: OLD NEW are not the journeys the configuration file names
    parser.add_argument("files", nargs="*", metavar="OLD NEW",
                        help="two files or two folders; with --git: the paths to compare")
    parser.add_argument("--git", metavar="REV",
                        help="compare the working tree's journeys with revision REV")
    parser.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    parser.add_argument("--fail-on-increase", action="store_true",
                        help="exit 1 when expected losses or a touchpoint's score went up")
    add_risk_options(parser)


@dataclass(frozen=True, eq=False, repr=False)
class Options(RiskOptions):
    """What `diff` was asked to do."""

    files: tuple[str, ...]
    git: Optional[str]
    format: str
    fail_on_increase: bool


def _analyse_side(paths: Sequence[str], catalog: Catalog, profile: Any,
                  disabled: Sequence[str]) -> dict[str, tuple[Any, list[Any]]]:
    from .. import api
    from ..core.errors import JourneyError
    from ..model.workspace import discover, load_all

    files = discover(paths)
    problems = []
    side: dict[str, tuple[Any, list[Any]]] = {}
    for loaded in load_all(files, catalog):
        if loaded.error is not None:
            problems.extend(loaded.error.problems)
            continue
        assert loaded.journey is not None
        analysis = api.analyse(loaded.journey, profile=profile, disable=disabled)
        side[loaded.journey.id] = (analysis, analysis.findings)
    if problems:
        raise JourneyError(problems)
    return side


def _git_side(rev: str, paths: Sequence[str], workdir: str) -> list[str]:
    """Check the journey files of ``paths`` out of ``rev`` into ``workdir``."""
    import subprocess

    try:
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], capture_output=True,
                             text=True, check=True).stdout.strip()
        prefix = subprocess.run(["git", "rev-parse", "--show-prefix"], capture_output=True,
                                text=True, check=True).stdout.strip()
    except FileNotFoundError:
        raise UsageError("diff --git: git is not installed") from None
    except subprocess.CalledProcessError:
        raise UsageError("diff --git: not inside a git repository") from None
    found: list[str] = []
    for path in paths:
        spec = os.path.normpath(os.path.join(prefix, path)).replace(os.sep, "/")
        listing = subprocess.run(["git", "ls-tree", "-r", "--name-only", rev, "--", spec],
                                 capture_output=True, text=True, cwd=top)
        if listing.returncode != 0:
            raise UsageError(f"diff --git: unknown revision '{rev}'")
        for name in listing.stdout.splitlines():
            if not name.endswith((".yaml", ".yml")):
                continue
            blob = subprocess.run(["git", "show", f"{rev}:{name}"], capture_output=True,
                                  cwd=top, check=True).stdout
            relative = os.path.relpath(os.path.join(top, name), os.path.join(top, prefix))
            target = os.path.join(workdir, relative.replace("..", "__"))
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "wb") as handle:
                handle.write(blob)
            found.append(target)
    return found


def run(args: Options, out: TextIO, err: TextIO) -> int:
    import json
    import tempfile

    from ..formats.diff import compare, render_markdown, render_text
    from ..loader.catalog import Catalog
    from ..model.workspace import DEFAULT_PATHS
    from ..risk.profile import load_profile

    profile = load_profile(args.profile)
    catalog = Catalog(args.catalog)
    if args.git:
        paths = args.files or tuple(DEFAULT_PATHS)
        new = _analyse_side(paths, catalog, profile, args.disable)
        with tempfile.TemporaryDirectory(prefix="journeymap-diff-") as workdir:
            old_files = _git_side(args.git, paths, workdir)
            # the checked-out tree mirrors the working folder: its paths show as here
            old = _analyse_side([workdir], catalog, profile, args.disable) if old_files else {}
    else:
        if len(args.files) != 2:
            raise UsageError("diff: give OLD and NEW (two files or two folders), "
                             "or --git REV [PATHS]")
        old = _analyse_side([args.files[0]], catalog, profile, args.disable)
        new = _analyse_side([args.files[1]], catalog, profile, args.disable)
    diff = compare(old, new)
    if args.format == "json":
        json.dump(diff.as_json(), out, indent=2, ensure_ascii=False)
        out.write("\n")
    elif args.format == "markdown":
        out.write(render_markdown(diff))
    else:
        out.write(render_text(diff))
    if args.fail_on_increase and diff.risk_increased:
        return 1
    return 0
