"""`journeymap diff OLD NEW` (files or folders) or `diff --git REV [PATHS]`."""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import tempfile
from typing import Any, TextIO

from ..core.errors import JourneyError, UsageError
from ..loader.catalog import Catalog
from ..model.workspace import DEFAULT_PATHS, discover, load_all


def _analyse_side(paths: list[str], catalog: Catalog, profile: Any,
                  disabled: list[str]) -> dict[str, tuple[Any, list[Any]]]:
    from .. import api

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


def _git_side(rev: str, paths: list[str], workdir: str) -> list[str]:
    """Check the journey files of ``paths`` out of ``rev`` into ``workdir``."""
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


def run_diff(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from ..formats.diff import compare, render_markdown, render_text
    from ..risk.profile import load_profile

    profile = load_profile(args.profile)
    catalog = Catalog(args.catalog)
    if args.git:
        paths = args.paths or list(DEFAULT_PATHS)
        new = _analyse_side(paths, catalog, profile, args.disable)
        with tempfile.TemporaryDirectory(prefix="journeymap-diff-") as workdir:
            old_files = _git_side(args.git, paths, workdir)
            # the checked-out tree mirrors the working folder: its paths show as here
            old = _analyse_side([workdir], catalog, profile, args.disable) if old_files else {}
    else:
        if len(args.paths) != 2:
            raise UsageError("diff: give OLD and NEW (two files or two folders), "
                             "or --git REV [PATHS]")
        old = _analyse_side([args.paths[0]], catalog, profile, args.disable)
        new = _analyse_side([args.paths[1]], catalog, profile, args.disable)
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
