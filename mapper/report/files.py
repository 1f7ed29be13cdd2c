"""Output files: names that cannot leave OUT, atomic replacement, and stale-file checks.

Every file is written to a temporary file in OUT, flushed and fsynced, then
renamed over the old one (``os.replace``), so a reader or a killed build
only ever sees the old or the new file.  A build writes and fsyncs its
temporary files several at once, then renames them several at once.  Names come from validated journey
ids and fixed suffixes; anything else is refused before touching the disk.
"""
from __future__ import annotations

import json
import os
import re
import tempfile
from concurrent.futures import ThreadPoolExecutor
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


def stage_files(folder: str, journey_id: str) -> list[str]:
    """Existing per-stage views of a journey in ``folder`` (to clean up or report)."""
    pattern = re.compile(rf"^{re.escape(journey_id)}\.stage-[0-9]+(-[0-9]+)?\.(dot|svg)$")
    if not os.path.isdir(folder):
        return []
    names = os.listdir(folder)
    return sorted(name for name in names if pattern.match(name))


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


def write_atomic(folder: str, name: str, data: bytes, mode: int | None = None) -> None:
    """Replace ``folder/name`` with ``data`` atomically."""
    _replace(folder, check_name(name), name, data, mode)


def _replace(folder: str, name: str, prefix: str, data: bytes, mode: int | None) -> None:
    """Write a temporary file in ``folder``, fsync it and rename it over ``name``."""
    temporary = _temporary(folder, prefix, data, mode)
    try:
        os.replace(temporary, os.path.join(folder, name))
    except BaseException:
        _discard(temporary)
        raise


def _temporary(folder: str, prefix: str, data: bytes, mode: int | None) -> str:
    """A temporary file in ``folder`` holding ``data``, flushed, fsynced and given its
    final permissions; its path."""
    fd, temporary = tempfile.mkstemp(prefix=f".{prefix}.{os.getpid()}-", suffix=".tmp",
                                     dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, _mode() if mode is None else mode)
    except BaseException:
        _discard(temporary)
        raise
    return temporary


def _discard(temporary: str) -> None:
    try:
        os.unlink(temporary)
    except FileNotFoundError:
        pass


#: how many files are written, fsynced and renamed at once: the disk groups
#: concurrent fsyncs into one journal commit, and renames over old files
#: wait for one (85 files of a 2 000-touchpoint build, one at a time: 0.26 s
#: of fsyncs and 0.28 s of renames; eight at a time: 0.04 s and 0.02 s)
WRITERS = 8


def _replace_all(folder: str, files: Mapping[str, bytes]) -> None:
    """:func:`write_atomic` for several files: every temporary file is written and
    fsynced first, then each is renamed over its name (several at once, both);
    on a failure the temporary files not renamed are removed."""
    if len(files) < 2:
        for name, data in files.items():
            write_atomic(folder, name, data)
        return
    for name in files:
        check_name(name)   # every name, before anything is written
    temporaries: dict[str, str] = {}
    with ThreadPoolExecutor(max_workers=min(WRITERS, len(files))) as pool:
        try:
            _collect(temporaries, {name: pool.submit(_temporary, folder, name, data, None)
                                   for name, data in files.items()})
            renamed: dict[str, str] = {}
            try:
                _collect(renamed, {name: pool.submit(os.replace, temporary,
                                                     os.path.join(folder, name))
                                   for name, temporary in temporaries.items()})
            finally:
                for name in renamed:
                    del temporaries[name]
        finally:
            for temporary in temporaries.values():
                _discard(temporary)


def _collect(results: dict[str, Any], futures: Mapping[str, Any]) -> None:
    """Put each finished future's result in ``results`` by name; once all are
    done, raise the first failure (so every success is known before)."""
    failure: BaseException | None = None
    for name, future in futures.items():
        try:
            results[name] = future.result()
        except BaseException as exc:  # the first is raised once all are collected
            failure = failure or exc
    if failure is not None:
        raise failure


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


def write_manifest(folder: str, manifest: Any) -> None:
    """Write the build manifest (``.journeymap-manifest.json``) atomically."""
    from .manifest import MANIFEST

    data = (json.dumps(manifest.as_json(), indent=1, sort_keys=True, ensure_ascii=False)
            + "\n").encode("utf-8")
    _replace(folder, MANIFEST, "manifest", data, None)


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


def write_files(folder: str, files: Mapping[str, bytes], force: bool = False) -> tuple[list[str], list[str]]:
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
    _replace_all(folder, changed)
    if changed:
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
