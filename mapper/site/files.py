"""Output files: names that cannot leave OUT, atomic replacement, and stale-file checks.

Every file is replaced atomically by :func:`mapper.core.atomic.write_atomic`
(a reader or a killed build only ever sees the old or the new file).  Without
``durable`` (the live preview, which rewrites its pages on every save) the
fsyncs are left out: the replacement stays atomic for readers, and a file a
system crash damaged no longer matches its manifest record and is built
again.  A build writes, fsyncs and renames its files several at once
(:func:`mapper.core.atomic.write_many`).  Names come from validated journey ids and fixed suffixes; anything
else is refused before touching the disk.
"""
from __future__ import annotations

import json
import os
import re
from typing import Any, Iterable, Mapping

from ..core import atomic
from ..core.ids import SLUG_CHARS
from .manifest import MANIFEST, OUTPUT_SUFFIX, STAGE_VIEW

_NAME = rf"(index\.html|{SLUG_CHARS}{OUTPUT_SUFFIX})"
SAFE_NAME = re.compile(rf"^{_NAME}\Z")
#: temporary files (``.NAME.<pid>-<random>.tmp``, see :mod:`mapper.core.atomic`): unique
#: per process, removed by their writer, or by a later build once that process is gone
TEMPORARY = re.compile(rf"^\.({_NAME}|{re.escape(MANIFEST)})\.(?P<pid>[0-9]+)-"
                       r"[A-Za-z0-9_]+\.tmp\Z")


def check_name(name: str) -> str:
    """``name`` if it is a plain output file name (no folder, no ``..``)."""
    if not SAFE_NAME.match(name) or os.path.basename(name) != name:
        raise ValueError(f"refusing to write output file {name!r}")
    return name


def stage_files(folder: str, journey_id: str) -> list[str]:
    """Existing per-stage views of a journey in ``folder`` (to clean up or report)."""
    pattern = re.compile(rf"^{re.escape(journey_id)}{STAGE_VIEW}\.(dot|svg)\Z")
    if not os.path.isdir(folder):
        return []
    names = os.listdir(folder)
    return sorted(name for name in names if pattern.match(name))


def read_existing(folder: str, name: str) -> bytes | None:
    path = os.path.join(folder, check_name(name))
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None


def sync_folder(folder: str) -> None:
    """Make the renames durable (where the platform can fsync a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_manifest(folder: str, manifest: Any, durable: bool = True) -> None:
    """Write the build manifest (``.journeymap-manifest.json``) atomically."""
    data = (json.dumps(manifest.as_json(), indent=1, sort_keys=True, ensure_ascii=False)
            + "\n").encode("utf-8")
    atomic.write_atomic(os.path.join(folder, MANIFEST), data, durable=durable)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return pid < 2**31   # someone else's live process (or not a pid at all)
    return True


def remove_temporary(folder: str) -> None:
    """Remove what a killed build left behind: only names this module creates, and only
    those of processes that are gone (a live writer removes its own)."""
    for name in sorted(os.listdir(folder)):
        match = TEMPORARY.match(name)
        if match and not _alive(int(match["pid"])):
            try:
                os.unlink(os.path.join(folder, name))
            except FileNotFoundError:
                pass


def write_files(folder: str, files: Mapping[str, bytes], force: bool = False,
                durable: bool = True) -> tuple[list[str], list[str]]:
    """Write every file that changed (all with ``force``); returns (written, unchanged)."""
    os.makedirs(folder, exist_ok=True)
    remove_temporary(folder)
    changed: dict[str, bytes] = {}
    unchanged = []
    for name, data in files.items():
        if not force and read_existing(folder, name) == data:
            unchanged.append(name)
        else:
            changed[name] = data
    atomic.write_many({os.path.join(folder, check_name(name)): data
                       for name, data in changed.items()},
                      durable)
    if changed and durable:
        sync_folder(folder)
    return list(changed), unchanged


def remove_files(folder: str, names: Iterable[str]) -> list[str]:
    removed = []
    for name in names:
        try:
            os.unlink(os.path.join(folder, check_name(name)))
            removed.append(name)
        except FileNotFoundError:
            pass
    return removed


def stale_files(folder: str, files: Mapping[str, bytes]) -> tuple[list[str], list[str]]:
    """Files of ``files`` that are missing from ``folder``, and those that differ."""
    missing, stale = [], []
    for name, data in files.items():
        existing = read_existing(folder, name)
        if existing is None:
            missing.append(name)
        elif existing != data:
            stale.append(name)
    return missing, stale
