"""Output files: names that cannot leave OUT, atomic replacement, and stale-file checks.

Every file is written to a temporary file in OUT, flushed and fsynced, then
renamed over the old one (``os.replace``), so a reader or a killed build
only ever sees the old or the new file.  Without ``durable`` (the live
preview, which rewrites its pages on every save) the fsyncs are left out:
the replacement stays atomic for readers, and a file a system crash damaged
no longer matches its manifest record and is built again.  Names come from validated journey
ids and fixed suffixes; anything else is refused before touching the disk.
"""
from __future__ import annotations

import json
import os
import re
import tempfile
from typing import Any, Iterable, Mapping

_NAME = r"(index\.html|[a-z0-9][a-z0-9-]*(\.stage-[0-9]+(-[0-9]+)?)?\.(json|dot|svg|html))"
SAFE_NAME = re.compile(rf"^{_NAME}$")
#: temporary files (``.NAME.<pid>-<random>.tmp``): unique per process, removed by their
#: writer, or by a later build once that process is gone (an interrupted write)
TEMPORARY = re.compile(rf"^\.({_NAME}|manifest)\.(?P<pid>[0-9]+)-[A-Za-z0-9_]+\.tmp$")


def check_name(name: str) -> str:
    """``name`` if it is a plain output file name (no folder, no ``..``)."""
    if not SAFE_NAME.match(name) or os.path.basename(name) != name:
        raise ValueError(f"refusing to write output file {name!r}")
    return name


def _mode() -> int:
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def read_existing(folder: str, name: str) -> bytes | None:
    path = os.path.join(folder, check_name(name))
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None


def write_atomic(folder: str, name: str, data: bytes, mode: int | None = None,
                 durable: bool = True) -> None:
    """Replace ``folder/name`` with ``data`` atomically."""
    _replace(folder, check_name(name), name, data, mode, durable)


def _replace(folder: str, name: str, prefix: str, data: bytes, mode: int | None,
             durable: bool = True) -> None:
    """Write a temporary file in ``folder``, fsync it (if ``durable``) and rename it
    over ``name``."""
    target = os.path.join(folder, name)
    fd, temporary = tempfile.mkstemp(prefix=f".{prefix}.{os.getpid()}-", suffix=".tmp",
                                     dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.chmod(temporary, _mode() if mode is None else mode)
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise


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
    from .manifest import MANIFEST

    data = (json.dumps(manifest.as_json(), indent=1, sort_keys=True, ensure_ascii=False)
            + "\n").encode("utf-8")
    _replace(folder, MANIFEST, "manifest", data, None, durable)


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
    written, unchanged = [], []
    for name, data in files.items():
        if not force and read_existing(folder, name) == data:
            unchanged.append(name)
            continue
        write_atomic(folder, name, data, durable=durable)
        written.append(name)
    if written and durable:
        sync_folder(folder)
    return written, unchanged


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
