"""Where a command's text goes: standard output, or a file written atomically."""
from __future__ import annotations

import os
from typing import Optional, TextIO

from .errors import UsageError
from .atomic import create_atomic, write_atomic


def emit(text: str, out: TextIO, path: Optional[str], overwrite: bool = True,
         encoding: str = "utf-8", exists_hint: str = "choose another name or remove it "
                                                   "first") -> None:
    """Write ``text`` to ``path`` (``-`` or none: ``out``) in one atomic step.

    With ``overwrite=False`` an existing file is left alone and the command
    fails with a usage error (exit 2).
    """
    if not path or path == "-":
        out.write(text)
        return
    if os.path.isdir(path):
        raise UsageError(f"{path} is a folder; give a file name")
    try:
        if overwrite:
            write_atomic(path, text, encoding)
        else:
            create_atomic(path, text, encoding)
    except FileExistsError:
        raise UsageError(f"{path} already exists; {exists_hint}") from None
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
