"""One writer per output folder: an advisory lock on ``OUT/.journeymap.lock``.

``build`` and ``serve`` hold the lock (``flock``, exclusive) from the moment
they read the last build's manifest until the new manifest is written, so two
builds into one folder never interleave their files, temporary files or
manifests.  A second writer fails at once with the holder's process id, or
waits (``--wait``) after saying so.  ``build --check`` takes the lock shared
when the lock file exists, so it never compares a half-written folder.

The lock file is created without following a symbolic link and must be a
regular file; it is never removed (removing it would let two writers lock
two different files).  The lock dies with its process, so a killed build
never leaves the folder locked.
"""
from __future__ import annotations

import errno
import fcntl
import os
import stat
from types import TracebackType
from typing import Callable, Optional

from ..core.errors import UsageError

LOCK = ".journeymap.lock"
#: flock errors that mean "this file system has no locks", not "someone holds it"
_UNSUPPORTED = {errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EINVAL}
_FLAGS = os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)


class FolderLock:
    """Held while a ``with`` block runs; ``fd`` is the open lock file (or None: no lock)."""

    def __init__(self, fd: Optional[int], created: Optional[str] = None):
        self.fd = fd
        self.created = created   # the folder, when taking the lock created it

    def __enter__(self) -> "FolderLock":
        return self

    def __exit__(self, kind: Optional[type], value: Optional[BaseException],
                 traceback: Optional[TracebackType]) -> None:
        if value is not None and self.created is not None:
            # the command failed before writing (no Graphviz...): leave no folder behind
            try:
                if os.listdir(self.created) == [LOCK]:
                    os.unlink(lock_path(self.created))
                    os.rmdir(self.created)
            except OSError:
                pass
        self.release()

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)   # closing the only descriptor releases the flock
            self.fd = None


def lock_path(folder: str) -> str:
    return os.path.join(folder, LOCK)


def check_folder(folder: str) -> None:
    """Refuse an output folder that cannot be one, with a message that says why."""
    if os.path.islink(folder) and not os.path.exists(folder):
        raise UsageError(f"output folder {folder} is a symbolic link to "
                         f"{os.readlink(folder)}, which does not exist; create the target "
                         "or remove the link")


def _open(folder: str, create: bool) -> Optional[int]:
    path = lock_path(folder)
    flags = _FLAGS | (os.O_RDWR | os.O_CREAT if create else os.O_RDONLY)
    try:
        fd = os.open(path, flags, 0o644)
    except FileNotFoundError:
        if create:
            raise
        return None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise UsageError(f"{path} is a symbolic link; remove it (journeymap "
                             "creates its lock file itself)") from None
        raise
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise UsageError(f"{path} is not a regular file; remove it (journeymap creates "
                         "its lock file itself)")
    return fd


def _holder(fd: int) -> str:
    try:
        text = os.pread(fd, 64, 0).decode("ascii", "replace").split()
    except OSError:
        text = []
    if text and text[0].isdigit():
        return f"pid {text[0]}" + (f", {text[1]}" if len(text) > 1 and text[1].isalpha() else "")
    return "pid unknown"


def _take(fd: int, mode: int, folder: str, wait: bool,
          notice: Optional[Callable[[str], object]], doing: str) -> None:
    try:
        fcntl.flock(fd, mode | fcntl.LOCK_NB)
        return
    except BlockingIOError:
        holder = _holder(fd)
    except OSError as exc:
        if exc.errno not in _UNSUPPORTED:
            os.close(fd)
            raise
        # a file system without locks (some network mounts): say so and go on
        if notice is not None:
            notice(f"journeymap: cannot lock {folder} ({exc.strerror}); {doing} it "
                   "without a lock: do not run two builds into it at once\n")
        return
    if not wait:
        os.close(fd)
        raise UsageError(f"{folder} is being written by another journeymap ({holder}); "
                         f"try again when it has finished, or pass --wait to wait for it")
    if notice is not None:
        notice(f"journeymap: waiting for another journeymap ({holder}) to finish writing "
               f"{folder} before {doing} it\n")
    try:
        fcntl.flock(fd, mode)
    except BaseException:   # Ctrl-C while waiting
        os.close(fd)
        raise


def lock_for_writing(folder: str, wait: bool = False,
                     notice: Optional[Callable[[str], object]] = None,
                     command: str = "build") -> FolderLock:
    """Create ``folder`` if needed and lock it for this process alone.

    Raises UsageError when another process holds it and ``wait`` is false,
    and OSError when the folder cannot be created or the lock file opened.
    """
    check_folder(folder)
    created = None if os.path.isdir(folder) else folder
    os.makedirs(folder, exist_ok=True)
    fd = _open(folder, create=True)
    assert fd is not None
    _take(fd, fcntl.LOCK_EX, folder, wait, notice, "writing")
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()} {command}\n".encode("ascii"), 0)
    except OSError:   # the pid is a courtesy to the next process; the lock holds anyway
        pass
    return FolderLock(fd, created)


def lock_for_reading(folder: str, wait: bool = False,
                     notice: Optional[Callable[[str], object]] = None) -> FolderLock:
    """A shared lock, when a writer ever locked ``folder`` (nothing is created)."""
    check_folder(folder)
    if not os.path.isdir(folder):
        return FolderLock(None)
    fd = _open(folder, create=False)
    if fd is None:
        return FolderLock(None)
    _take(fd, fcntl.LOCK_SH, folder, wait, notice, "checking")
    return FolderLock(fd)
