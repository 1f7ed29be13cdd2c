"""Files shipped in the ``mapper.templates`` package (templates, CSS, JS, message catalogs).

Read through :mod:`importlib.resources`, so a non-editable install finds
them wherever it is run from; an uninstalled source tree falls back to the
repository's ``templates/`` folder.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any


@lru_cache(maxsize=None)
def _root() -> Any:
    try:
        root = resources.files("mapper.templates")
        if root.joinpath("report.html.j2").is_file():
            return root
    except ModuleNotFoundError:  # running from a source tree that is not installed
        pass
    return Path(__file__).resolve().parents[2] / "templates"


def read_text(name: str) -> str:
    """The text of a shipped file, ``name`` relative to the templates folder (``a/b.yaml``)."""
    node = _root()
    for part in name.split("/"):
        if part in ("", ".", ".."):
            raise ValueError(f"bad resource name {name!r}")
        node = node.joinpath(part)
    return node.read_text(encoding="utf-8")
