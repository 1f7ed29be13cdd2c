"""What ``serve`` watches: journey files and folders, catalogs and the profile, never OUT.

Folders are watched rather than single files, because editors save by
writing a new file and renaming it over the old one; the filter then keeps
only the changes that matter.  Every folder is watched on its own (not
recursively), so a profile given from a big folder does not make the
watcher descend into it; the plan is made again when a folder appears.
"""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from typing import Callable, Iterable, Optional, Sequence


SUFFIXES = (".yaml", ".yml")
#: milliseconds without a further change before a burst of changes is built (an
#: editor's save is a few events in a row)
STEP_MS = 25


def _real(path: str) -> str:
    return os.path.realpath(os.path.abspath(path))


def _inside(path: str, folder: str) -> bool:
    try:
        return os.path.commonpath([path, folder]) == folder
    except ValueError:  # different drives
        return False


@dataclass(frozen=True, slots=True)
class WatchPlan:
    #: folders handed to the watcher, each watched without its subfolders
    dirs: tuple[str, ...]
    #: folders whose YAML files count, with their subfolders (journeys, catalogs)
    yaml_folders: tuple[str, ...]
    #: single files that count (journey files given by name, the profile)
    files: tuple[str, ...]
    #: never a trigger: the output folder
    ignored: tuple[str, ...]

    def relevant(self, path: str) -> bool:
        real = _real(path)
        if any(_inside(real, folder) for folder in self.ignored):
            return False
        if real in self.files:
            return True
        name = os.path.basename(real)
        if name.startswith("."):
            return False
        inside = any(_inside(real, folder) for folder in self.yaml_folders)
        if inside and os.path.isdir(real):
            return True  # a new folder: watch it too (the plan is made again)
        return inside and name.endswith(SUFFIXES)


def _folders(root: str, ignored: Sequence[str]) -> list[str]:
    found = []
    for folder, subfolders, _ in os.walk(root):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith(".")
                               and not any(_inside(_real(os.path.join(folder, d)), i)
                                           for i in ignored))
        found.append(_real(folder))
    return found


def watch_plan(paths: Sequence[str], catalogs: Iterable[str], profile: Optional[str],
               out: str, builtin_catalog: Optional[str] = None) -> WatchPlan:
    folders: list[str] = []
    files: list[str] = []
    for path in list(paths) or ["journeys"]:
        (folders if os.path.isdir(path) else files).append(_real(path))
    yaml_folders = folders + [_real(c) for c in catalogs if os.path.isdir(c)]
    if builtin_catalog and os.path.isdir(builtin_catalog):
        yaml_folders.append(_real(builtin_catalog))
    if profile:
        files.append(_real(profile))
    ignored = (_real(out),)
    dirs: set[str] = set()
    for folder in yaml_folders:
        dirs.update(_folders(folder, ignored))
    dirs.update(os.path.dirname(f) for f in files if os.path.isdir(os.path.dirname(f)))
    return WatchPlan(tuple(sorted(dirs)), tuple(yaml_folders), tuple(files), ignored)


def watch(plan: Callable[[], WatchPlan], rebuild: Callable[[], object],
          stop: threading.Event) -> None:
    """Call ``rebuild()`` after every burst of relevant changes until ``stop`` is set
    (or Ctrl-C); a folder that comes or goes makes the plan again."""
    import logging

    import watchfiles

    logging.getLogger("watchfiles").setLevel(logging.ERROR)  # Ctrl-C is no warning here
    while not stop.is_set():
        current = plan()
        replan = False
        for _changes in watchfiles.watch(
                *current.dirs, recursive=False, stop_event=stop, raise_interrupt=False,
                watch_filter=lambda _change, path: current.relevant(path),
                debounce=1600, step=STEP_MS):
            rebuild()
            if plan().dirs != current.dirs:  # a folder came or went: watch anew
                replan = True
                break
        if not replan:  # Ctrl-C or SIGTERM ended the watch
            return
