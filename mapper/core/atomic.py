"""Write output files atomically: a temporary file in the same folder, then a rename.

A reader never sees a half-written file, and a failed write leaves the old
file (or nothing) in place.
"""
from __future__ import annotations

import os
import tempfile
from typing import Union

Data = Union[str, bytes]


def _temporary(path: str, data: bytes) -> str:
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".", suffix=".tmp",
                                         dir=folder)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o644)
    except BaseException:
        os.unlink(temporary)
        raise
    return temporary


def _bytes(data: Data, encoding: str) -> bytes:
    return data.encode(encoding) if isinstance(data, str) else data


def write_atomic(path: str, data: Data, encoding: str = "utf-8") -> None:
    """Replace ``path`` with ``data`` in one step."""
    temporary = _temporary(path, _bytes(data, encoding))
    try:
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def create_atomic(path: str, data: Data, encoding: str = "utf-8") -> None:
    """Create ``path`` with ``data``; raise FileExistsError if it already exists.

    A hard link makes "create if absent" and "complete content" one step; on
    a file system without hard links the check and the rename are separate.
    """
    if os.path.lexists(path):
        raise FileExistsError(path)
    temporary = _temporary(path, _bytes(data, encoding))
    try:
        try:
            os.link(temporary, path)
        except FileExistsError:
            raise
        except OSError:  # no hard links here (some network and FAT file systems)
            if os.path.lexists(path):
                raise FileExistsError(path) from None
            os.replace(temporary, path)
            return
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
