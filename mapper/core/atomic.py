"""Writing files atomically, and where a command's text goes: the one file writer.

Every file the tool writes goes through here: a temporary file in the same
folder (``.NAME.<pid>-<random>.tmp``, so a later run can tell a dead
writer's leftover from a live one's), flushed and fsynced, given its file
mode, then renamed over the target (``os.replace``).  A reader or a killed
process only ever sees the old file or the new one; a failed write leaves
the old file (or nothing) and no temporary file.

The file mode follows one rule: a file that is replaced keeps its
permissions; a new file gets what ``open()`` would give it (``0o666`` less
the umask).
"""
from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from functools import lru_cache
from typing import Any, Iterator, Mapping, Optional, TextIO, Union

from .errors import UsageError

Data = Union[str, bytes]


@lru_cache(maxsize=None)
def _umask() -> int:
    """The process's umask (read once: setting it back and forth is not thread-safe)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return umask


def file_mode(path: str) -> int:
    """The permissions ``path`` gets when written: its own if it exists, else the
    default of a new file."""
    try:
        return os.stat(path).st_mode & 0o777
    except (FileNotFoundError, NotADirectoryError):
        return 0o666 & ~_umask()


def _bytes(data: Data, encoding: str) -> bytes:
    return data.encode(encoding) if isinstance(data, str) else data


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def _temporary(path: str) -> tuple[int, str]:
    """An open temporary file beside ``path``, named after it and this process."""
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    return tempfile.mkstemp(prefix=f".{os.path.basename(path)}.{os.getpid()}-",
                            suffix=".tmp", dir=folder)


def _fill(handle: int, temporary: str, data: bytes, mode: int, durable: bool = True) -> None:
    with os.fdopen(handle, "wb") as out:
        out.write(data)
        out.flush()
        if durable:
            os.fsync(out.fileno())
    os.chmod(temporary, mode)


def write_atomic(path: str, data: Data, encoding: str = "utf-8", durable: bool = True) -> None:
    """Replace ``path`` with ``data`` in one step.  Without ``durable`` the data is
    not forced to the disk first (readers still see the old or the new file; a
    system crash may leave a damaged one, which a preview's manifest catches)."""
    mode = file_mode(path)
    handle, temporary = _temporary(path)
    try:
        _fill(handle, temporary, _bytes(data, encoding), mode, durable)
        os.replace(temporary, path)
    except BaseException:
        _unlink(temporary)
        raise


#: how many files :func:`write_many` writes, fsyncs and renames at once: the disk
#: groups concurrent fsyncs into one journal commit, and renames over old files
#: wait for one (85 files of a 2 000-touchpoint build, one at a time: 0.26 s of
#: fsyncs and 0.28 s of renames; eight at a time: 0.04 s and 0.02 s)
WRITERS = 8


def _filled(path: str, data: bytes, durable: bool) -> str:
    """A temporary file beside ``path`` holding ``data`` with ``path``'s mode; its name."""
    mode = file_mode(path)
    handle, temporary = _temporary(path)
    try:
        _fill(handle, temporary, data, mode, durable)
    except BaseException:
        _unlink(temporary)
        raise
    return temporary


def write_many(files: Mapping[str, bytes], durable: bool = True) -> None:
    """:func:`write_atomic` for several files (path -> data): every temporary file is
    written (and fsynced) first, then each is renamed over its path, several at
    once both; on a failure the temporary files not yet renamed are removed, and
    the first error is raised once every file is accounted for."""
    if len(files) < 2:
        for path, data in files.items():
            write_atomic(path, data, durable=durable)
        return
    from concurrent.futures import ThreadPoolExecutor

    temporaries: dict[str, str] = {}
    with ThreadPoolExecutor(max_workers=min(WRITERS, len(files))) as pool:
        try:
            _collect(temporaries, {path: pool.submit(_filled, path, data, durable)
                                   for path, data in files.items()})
            renamed: dict[str, Any] = {}
            try:
                _collect(renamed, {path: pool.submit(os.replace, temporary, path)
                                   for path, temporary in temporaries.items()})
            finally:
                for path in renamed:
                    del temporaries[path]
        finally:
            for temporary in temporaries.values():
                _unlink(temporary)


def _collect(results: dict[str, Any], futures: Mapping[str, Any]) -> None:
    """Each finished future's result in ``results`` by key; once all are done, the
    first failure is raised (so every success is known first)."""
    failure: Optional[BaseException] = None
    for key, future in futures.items():
        try:
            results[key] = future.result()
        except BaseException as exc:  # raised below, once every file is accounted for
            failure = failure or exc
    if failure is not None:
        raise failure


def create_atomic(path: str, data: Data, encoding: str = "utf-8") -> None:
    """Create ``path`` with ``data``; raise FileExistsError if it already exists.

    A hard link makes "create if absent" and "complete content" one step; on
    a file system without hard links the check and the rename are separate.
    """
    if os.path.lexists(path):
        raise FileExistsError(path)
    handle, temporary = _temporary(path)
    try:
        _fill(handle, temporary, _bytes(data, encoding), file_mode(path))
        try:
            os.link(temporary, path)
        except FileExistsError:
            raise
        except OSError:  # no hard links here (some network and FAT file systems)
            if os.path.lexists(path):
                raise FileExistsError(path) from None
            os.replace(temporary, path)
    finally:
        _unlink(temporary)


@contextmanager
def replacing(path: str) -> Iterator[str]:
    """A temporary path beside ``path`` for a writer that wants a file name (pyarrow,
    DuckDB); when the block ends without an error, it replaces ``path``."""
    mode = file_mode(path)
    handle, temporary = _temporary(path)
    os.close(handle)
    try:
        yield temporary
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        _unlink(temporary)
        raise


def emit(data: Data, out: TextIO, path: Optional[str], overwrite: bool = True,
         encoding: str = "utf-8", exists_hint: str = "choose another name or remove it "
                                                   "first") -> None:
    """A command's output: to ``path`` in one atomic step (text only: ``-`` or none
    writes it to ``out``).

    With ``overwrite=False`` an existing file is left alone and the command
    fails with a usage error (exit 2).
    """
    if not path or path == "-":
        if not isinstance(data, str):
            raise ValueError("binary output goes to a file")
        out.write(data)
        return
    if os.path.isdir(path):
        raise UsageError(f"{path} is a folder; give a file name")
    try:
        if overwrite:
            write_atomic(path, data, encoding)
        else:
            create_atomic(path, data, encoding)
    except FileExistsError:
        raise UsageError(f"{path} already exists; {exists_hint}") from None
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
